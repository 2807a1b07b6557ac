//! The Salesforce OAuth and REST clients against the emulator over real HTTP on 127.0.0.1.

use emulator::{Emulator, EmulatorOptions, demo};
use reqwest::StatusCode;
use reqwest::header::LOCATION;
use secrecy::{ExposeSecret as _, SecretString};
use serde_json::json;
use server::salesforce::{
    ApiUsage, ErrorClass, InstanceUrl, OAuthApp, RestClient, RestError, SalesforceError,
    TokenResponse, build_http_client, newest_version,
};
use url::Url;

/// Callback URL registered on the demo app. The emulator only redirects to it; nothing listens.
const CALLBACK: &str = "http://127.0.0.1:3000/integration-callback";

/// Scopes the console requests.
const SCOPES: &[&str] = &["id", "api", "refresh_token"];

/// A running emulator and the console's HTTP client.
struct TestOrg {
    port: u16,
    http: reqwest::Client,
}

impl TestOrg {
    /// Starts an emulator on 127.0.0.1 port 0; the server task ends with the test's runtime.
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binding 127.0.0.1:0 succeeds");
        let port = listener
            .local_addr()
            .expect("a bound listener has an address")
            .port();
        let emulator = Emulator::new(EmulatorOptions {
            callback_urls: vec![CALLBACK.to_owned()],
        });
        tokio::spawn(emulator.serve(listener));
        Self {
            port,
            http: build_http_client().expect("the HTTP client builds"),
        }
    }

    fn login_url(&self) -> Url {
        Url::parse(&format!("http://login.localhost:{}", self.port))
            .expect("the login URL is valid")
    }

    fn instance_url(&self) -> InstanceUrl {
        InstanceUrl::parse(&format!(
            "http://{}.localhost:{}",
            demo::ORG_DOMAIN,
            self.port
        ))
        .expect("the demo org URL is valid")
    }

    fn app(&self) -> OAuthApp {
        OAuthApp {
            login_url: self.login_url(),
            client_id: demo::CLIENT_ID.to_owned(),
            client_secret: SecretString::from(demo::CLIENT_SECRET),
            redirect_uri: CALLBACK.to_owned(),
        }
    }

    /// Turns on fault switches of the demo org through the emulator's control endpoint.
    async fn set_faults(&self, faults: serde_json::Value) {
        let url = format!(
            "http://127.0.0.1:{}/__emulator/orgs/{}/faults",
            self.port,
            demo::ORG_DOMAIN
        );
        let response = self
            .http
            .post(url)
            .json(&faults)
            .send()
            .await
            .expect("the control endpoint responds");
        assert_eq!(response.status(), StatusCode::OK);
    }

    /// Runs the browser's part of the flow for `app`: opens the authorize URL, logs in as the
    /// demo admin and clicks Allow. Returns the `code` and `state` of the callback.
    async fn authorize(&self, app: &OAuthApp) -> (String, String, SecretString) {
        let request = app.authorize(SCOPES);
        let login_page = self.page(self.http.get(request.url.clone())).await;
        let approval_page = self
            .page(self.http.post(self.form_target(&login_page)).form(&[
                ("pending", hidden_pending(&login_page).as_str()),
                ("username", demo::USERNAME),
                ("pw", demo::PASSWORD),
            ]))
            .await;
        let redirect = self
            .http
            .post(self.form_target(&approval_page))
            .form(&[
                ("pending", hidden_pending(&approval_page).as_str()),
                ("decision", "allow"),
            ])
            .send()
            .await
            .expect("the approval form responds");
        assert_eq!(redirect.status(), StatusCode::FOUND);

        let location = redirect.headers()[LOCATION]
            .to_str()
            .expect("Location is ASCII");
        let callback = Url::parse(location).expect("Location is an absolute URL");
        assert!(location.starts_with(CALLBACK), "{location}");
        let parameter = |name: &str| {
            callback
                .query_pairs()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.into_owned())
        };
        assert_eq!(parameter("state").as_deref(), Some(request.state.as_str()));
        let code = parameter("code").expect("the callback carries a code");
        (code, request.state, request.code_verifier)
    }

    /// Runs the whole Web Server flow and returns the tokens.
    async fn connect(&self) -> TokenResponse {
        let app = self.app();
        let (code, _state, code_verifier) = self.authorize(&app).await;
        app.exchange_code(&self.http, &code, &code_verifier)
            .await
            .expect("the code exchange succeeds")
    }

    async fn page(&self, request: reqwest::RequestBuilder) -> String {
        let response = request.send().await.expect("the login host responds");
        assert_eq!(response.status(), StatusCode::OK);
        response.text().await.expect("the page is text")
    }

    fn form_target(&self, html: &str) -> String {
        let action = attribute_after(html, "<form", "action");
        format!(
            "{}{}",
            self.login_url().as_str().trim_end_matches('/'),
            action
        )
    }
}

fn hidden_pending(html: &str) -> String {
    attribute_after(html, "name=\"pending\"", "value")
}

/// Returns the value of `attribute` in the first tag text that follows `marker`.
fn attribute_after(html: &str, marker: &str, attribute: &str) -> String {
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("the page has {marker}: {html}"));
    let needle = format!("{attribute}=\"");
    let value_start = start
        + html[start..]
            .find(&needle)
            .unwrap_or_else(|| panic!("{marker} has {attribute}: {html}"))
        + needle.len();
    let value_end = value_start
        + html[value_start..]
            .find('"')
            .expect("the attribute value is closed");
    html[value_start..value_end].to_owned()
}

fn first_rest_error(error: &SalesforceError) -> (u16, RestError) {
    match error {
        SalesforceError::Rest { status, errors, .. } => (
            *status,
            errors.first().expect("a REST error has entries").clone(),
        ),
        other => panic!("expected a REST error, got {other:?}"),
    }
}

fn oauth_error(error: &SalesforceError) -> (String, Option<String>) {
    match error {
        SalesforceError::OAuth {
            error,
            error_description,
        } => (error.clone(), error_description.clone()),
        other => panic!("expected an OAuth error, got {other:?}"),
    }
}

#[tokio::test]
async fn versions_without_token() {
    let org = TestOrg::start().await;
    let instance_url = org.instance_url();
    let no_token = SecretString::from("");
    let rest = RestClient::new(&org.http, &instance_url, &no_token);

    let versions = rest.versions().await.expect("the versions list loads");
    let newest = newest_version(&versions).expect("the list is not empty");

    assert_eq!(newest.version, "64.0");
    assert_eq!(newest.label, "Summer '25");
    assert_eq!(newest.url, "/services/data/v64.0");
    assert!(versions.iter().any(|version| version.version == "31.0"));
}

#[tokio::test]
async fn bad_token_gets_invalid_session() {
    let org = TestOrg::start().await;
    let instance_url = org.instance_url();
    let bad_token = SecretString::from("00Dxx0000001gPL!not-a-real-token");
    let rest = RestClient::new(&org.http, &instance_url, &bad_token);

    let error = rest
        .query("64.0", "SELECT Id FROM Account", false)
        .await
        .expect_err("a bad token is rejected");

    let (status, first) = first_rest_error(&error);
    assert_eq!(status, 401);
    assert_eq!(first.error_code, "INVALID_SESSION_ID");
    assert_eq!(first.message, "Session expired or invalid");
    assert!(error.is_invalid_session());
    assert!(!error.refresh_cannot_help());
    assert_eq!(error.class(), ErrorClass::SessionExpired);
}

#[tokio::test]
async fn web_server_flow_returns_tokens() {
    let org = TestOrg::start().await;

    let tokens = org.connect().await;

    assert_eq!(
        tokens.instance_url.as_ref().map(InstanceUrl::as_str),
        Some(format!("http://demo.localhost:{}", org.port).as_str())
    );
    assert!(tokens.refresh_token.is_some());
    assert!(!tokens.access_token.expose_secret().is_empty());
    assert_eq!(tokens.scope.as_deref(), Some("id api refresh_token"));
    let issued_at = tokens.issued_at.as_deref().expect("issued_at is sent");
    assert!(
        issued_at.bytes().all(|byte| byte.is_ascii_digit()),
        "{issued_at}"
    );
    let identity_url = tokens.id.as_deref().expect("the identity URL is sent");
    assert!(
        identity_url.starts_with(&format!("http://login.localhost:{}/id/00D", org.port)),
        "{identity_url}"
    );
}

#[tokio::test]
async fn userinfo_names_the_demo_admin() {
    let org = TestOrg::start().await;
    let tokens = org.connect().await;
    let instance_url = tokens.instance_url.clone().expect("instance_url is sent");
    let rest = RestClient::new(&org.http, &instance_url, &tokens.access_token);

    let user = rest.userinfo().await.expect("userinfo loads");

    assert_eq!(user.preferred_username, demo::USERNAME);
    assert!(user.user_id.starts_with("005"), "{}", user.user_id);
    assert!(
        user.organization_id.starts_with("00D"),
        "{}",
        user.organization_id
    );
    assert!(
        tokens
            .id
            .as_deref()
            .is_some_and(|id| id.ends_with(&user.user_id))
    );
}

#[tokio::test]
async fn query_with_plus_and_non_ascii() {
    let org = TestOrg::start().await;
    let tokens = org.connect().await;
    let instance_url = tokens.instance_url.clone().expect("instance_url is sent");
    let rest = RestClient::new(&org.http, &instance_url, &tokens.access_token);

    let page = rest
        .query(
            "64.0",
            "SELECT Id, Name FROM Account WHERE LastModifiedDate >= 2024-03-01T00:00:00+00:00 AND Name LIKE 'Zü%'",
            false,
        )
        .await
        .expect("the query runs");

    assert_eq!(page.total_size, 1);
    assert!(page.done);
    assert_eq!(
        page.records[0]["Name"],
        json!("Zürich Versicherungs-Gruppe")
    );
    assert_eq!(page.records[0]["attributes"]["type"], json!("Account"));
    assert!(page.api_usage.is_some());
    assert_eq!(rest.last_api_usage(), page.api_usage);
}

#[tokio::test]
async fn query_more_follows_next_records_url() {
    let org = TestOrg::start().await;
    let tokens = org.connect().await;
    let instance_url = tokens.instance_url.clone().expect("instance_url is sent");
    let rest = RestClient::new(&org.http, &instance_url, &tokens.access_token);

    let first = rest
        .query("64.0", "SELECT Id, Name FROM Contact", false)
        .await
        .expect("the query runs");
    let total_size = first.total_size;
    let mut rows = first.records.len() as u64;
    let mut pages = 1;
    let mut next_records_url = first.next_records_url.clone();
    assert!(!first.done);
    assert!(
        total_size > rows,
        "{total_size} rows in all, {rows} on the first page"
    );

    while let Some(url) = next_records_url {
        assert!(url.starts_with("/services/data/v64.0/query/"), "{url}");
        let page = rest.query_more(&url).await.expect("the next page loads");
        assert_eq!(page.total_size, total_size);
        rows += page.records.len() as u64;
        pages += 1;
        next_records_url = page.next_records_url.clone();
        assert_eq!(page.done, next_records_url.is_none());
    }

    assert_eq!(rows, total_size);
    assert!(pages >= 3, "{pages} pages");
}

#[tokio::test]
async fn wrong_secret_gets_invalid_client() {
    let org = TestOrg::start().await;
    let mut app = org.app();
    let (code, _state, code_verifier) = org.authorize(&app).await;
    app.client_secret =
        SecretString::from("0000000000000000000000000000000000000000000000000000000000000000");

    let error = app
        .exchange_code(&org.http, &code, &code_verifier)
        .await
        .expect_err("a wrong secret is rejected");

    let (code, description) = oauth_error(&error);
    assert_eq!(code, "invalid_client");
    assert_eq!(description.as_deref(), Some("invalid client credentials"));
    assert_eq!(error.class(), ErrorClass::ClientSecretRejected);
}

#[tokio::test]
async fn unknown_client_id_gets_invalid_client_id() {
    let org = TestOrg::start().await;
    let mut app = org.app();
    let (code, _state, code_verifier) = org.authorize(&app).await;
    app.client_id = "3MVG9UnknownConsumerKeyFromAnotherOrg".to_owned();

    let error = app
        .exchange_code(&org.http, &code, &code_verifier)
        .await
        .expect_err("an unknown client_id is rejected");

    let (code, description) = oauth_error(&error);
    assert_eq!(code, "invalid_client_id");
    assert_eq!(description.as_deref(), Some("client identifier invalid"));
    assert_eq!(error.class(), ErrorClass::ClientIdNotRecognized);
}

#[tokio::test]
async fn wrong_code_verifier_is_rejected() {
    let org = TestOrg::start().await;
    let app = org.app();
    let (code, _state, _code_verifier) = org.authorize(&app).await;
    let other_verifier = server::salesforce::new_code_verifier();

    let error = app
        .exchange_code(&org.http, &code, &other_verifier)
        .await
        .expect_err("a verifier that does not match the challenge is rejected");

    let (code, description) = oauth_error(&error);
    assert_eq!(code, "invalid_grant");
    assert_eq!(description.as_deref(), Some("invalid code verifier"));
    assert_eq!(error.class(), ErrorClass::CodeVerifierRejected);
}

#[tokio::test]
async fn code_is_single_use() {
    let org = TestOrg::start().await;
    let app = org.app();
    let (code, _state, code_verifier) = org.authorize(&app).await;
    app.exchange_code(&org.http, &code, &code_verifier)
        .await
        .expect("the first exchange succeeds");

    let error = app
        .exchange_code(&org.http, &code, &code_verifier)
        .await
        .expect_err("the second exchange of the same code fails");

    let (code, _description) = oauth_error(&error);
    assert_eq!(code, "invalid_grant");
}

#[tokio::test]
async fn refresh_then_revoke() {
    let org = TestOrg::start().await;
    let app = org.app();
    let tokens = org.connect().await;
    let refresh_token = tokens.refresh_token.expect("the app grants refresh_token");

    let refreshed = app
        .refresh(&org.http, &refresh_token)
        .await
        .expect("the refresh succeeds");
    assert_ne!(
        refreshed.access_token.expose_secret(),
        tokens.access_token.expose_secret()
    );
    let instance_url = refreshed
        .instance_url
        .clone()
        .unwrap_or_else(|| org.instance_url());
    let rest = RestClient::new(&org.http, &instance_url, &refreshed.access_token);
    rest.query("64.0", "SELECT Id FROM Account LIMIT 1", false)
        .await
        .expect("the refreshed access token works");

    app.revoke(&org.http, &refresh_token)
        .await
        .expect("the revoke succeeds");

    let error = app
        .refresh(&org.http, &refresh_token)
        .await
        .expect_err("a revoked refresh token is rejected");
    let (code, description) = oauth_error(&error);
    assert_eq!(code, "invalid_grant");
    assert_eq!(description.as_deref(), Some("expired access/refresh token"));
    assert_eq!(error.class(), ErrorClass::RefreshTokenRevoked);
}

#[tokio::test]
async fn org_faults_map_to_classes() {
    let cases = [
        (
            json!({"request_limit_exceeded": true}),
            403,
            "REQUEST_LIMIT_EXCEEDED",
            ErrorClass::RequestLimitExceeded,
        ),
        (
            json!({"api_disabled": true}),
            403,
            "API_DISABLED_FOR_ORG",
            ErrorClass::ApiDisabled,
        ),
        (
            json!({"session_not_valid_for_rest": true}),
            401,
            "INVALID_SESSION_ID",
            ErrorClass::SessionNotValidForRest,
        ),
    ];
    let org = TestOrg::start().await;
    let tokens = org.connect().await;
    let instance_url = tokens.instance_url.clone().expect("instance_url is sent");
    let rest = RestClient::new(&org.http, &instance_url, &tokens.access_token);

    for (faults, expected_status, expected_code, expected_class) in cases {
        org.set_faults(faults.clone()).await;

        let error = rest
            .query("64.0", "SELECT Id FROM Account", false)
            .await
            .expect_err("the fault makes the query fail");

        let (status, first) = first_rest_error(&error);
        assert_eq!(status, expected_status, "{faults}");
        assert_eq!(first.error_code, expected_code, "{faults}");
        assert_eq!(error.class(), expected_class, "{faults}");
        assert!(error.refresh_cannot_help(), "{faults}");
        assert!(!error.is_invalid_session(), "{faults}");
    }
}

#[tokio::test]
async fn api_usage_is_kept_from_errors() {
    let org = TestOrg::start().await;
    let tokens = org.connect().await;
    let instance_url = tokens.instance_url.clone().expect("instance_url is sent");
    let rest = RestClient::new(&org.http, &instance_url, &tokens.access_token);
    org.set_faults(json!({"request_limit_exceeded": true}))
        .await;

    let error = rest
        .query("64.0", "SELECT Id FROM Account", false)
        .await
        .expect_err("the org's allowance is used up");

    let usage: Option<ApiUsage> = error.api_usage();
    assert!(usage.is_some(), "{error:?}");
    assert_eq!(rest.last_api_usage(), usage);
}

#[tokio::test]
async fn invalid_query_reports_position() {
    let org = TestOrg::start().await;
    let tokens = org.connect().await;
    let instance_url = tokens.instance_url.clone().expect("instance_url is sent");
    let rest = RestClient::new(&org.http, &instance_url, &tokens.access_token);

    let error = rest
        .query("64.0", "SELECT Id, Email, Legacy_Date__c FROM Lead", false)
        .await
        .expect_err("an unknown field is rejected");

    let (status, first) = first_rest_error(&error);
    assert_eq!(status, 400);
    assert_eq!(first.error_code, "INVALID_FIELD");
    assert_eq!(
        first
            .position()
            .map(|position| (position.row, position.column)),
        Some((1, 19))
    );
    assert!(
        first
            .cause()
            .starts_with("No such column 'Legacy_Date__c' on entity 'Lead'."),
        "{}",
        first.cause()
    );
    assert_eq!(error.class(), ErrorClass::QueryError);
}

#[tokio::test]
async fn closed_port_is_transport_error_without_query() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binding 127.0.0.1:0 succeeds");
    let port = listener
        .local_addr()
        .expect("a bound listener has an address")
        .port();
    drop(listener);
    let http = build_http_client().expect("the HTTP client builds");
    let instance_url =
        InstanceUrl::parse(&format!("http://demo.localhost:{port}")).expect("the URL is valid");
    let token = SecretString::from("00Dxx!token");
    let rest = RestClient::new(&http, &instance_url, &token);

    let error = rest
        .query(
            "64.0",
            "SELECT Id FROM Account WHERE Name = 'QueryMarker'",
            false,
        )
        .await
        .expect_err("nothing listens on the port");

    let SalesforceError::Transport(message) = &error else {
        panic!("expected a transport error, got {error:?}");
    };
    assert!(
        message.starts_with(&format!("demo.localhost:{port}: ")),
        "{message}"
    );
    assert!(!message.contains("QueryMarker"), "{message}");
    assert!(!message.contains("?q="), "{message}");
    assert_eq!(error.class(), ErrorClass::Unreachable);
}
