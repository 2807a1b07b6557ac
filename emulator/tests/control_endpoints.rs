//! The control endpoints that add orgs, users, External Client Apps and generated records, and
//! the OAuth flow with what they add.

mod common;

use std::net::SocketAddr;

use common::*;
use emulator::demo;
use reqwest::{Client, StatusCode, redirect};
use serde_json::{Value, json};

async fn post_json(server: &TestServer, path: &str, body: Value) -> (StatusCode, Value) {
    let response = server
        .client
        .post(server.control(path))
        .json(&body)
        .send()
        .await
        .expect("the control endpoint answers");
    let status = response.status();
    (status, response.json().await.expect("JSON"))
}

/// Builds a client that also resolves `{domain}.localhost` to the emulator.
fn client_for(server: &TestServer, domain: &str) -> Client {
    let address = SocketAddr::from(([127, 0, 0, 1], server.port));
    Client::builder()
        .redirect(redirect::Policy::none())
        .resolve(&format!("{domain}.localhost"), address)
        .resolve("login.localhost", address)
        .build()
        .expect("the client builds")
}

/// One run of the Web Server flow with explicit app and user.
struct Flow<'a> {
    client: &'a Client,
    origin: String,
    client_id: &'a str,
    client_secret: &'a str,
    username: &'a str,
    password: &'a str,
    scope: &'a str,
    pkce: bool,
}

impl Flow<'_> {
    fn authorize_url(&self) -> String {
        let mut pairs = vec![
            ("response_type", "code"),
            ("client_id", self.client_id),
            ("redirect_uri", CALLBACK),
            ("state", "s-1"),
            ("scope", self.scope),
        ];
        if self.pkce {
            pairs.push(("code_challenge", CHALLENGE));
            pairs.push(("code_challenge_method", "S256"));
        }
        format!("{}/services/oauth2/authorize?{}", self.origin, form(&pairs))
    }

    /// Logs in and returns the response to the login form.
    async fn log_in(&self) -> reqwest::Response {
        let page = self
            .client
            .get(self.authorize_url())
            .send()
            .await
            .expect("authorize answers");
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.expect("text");
        post_form(
            self.client,
            &format!("{}/login", self.origin),
            &[
                ("pending", &pending_id(&html)),
                ("username", self.username),
                ("pw", self.password),
            ],
        )
        .await
    }

    /// Runs the whole flow and returns the token endpoint's status and body.
    async fn run(&self) -> (StatusCode, Value) {
        let approval = self.log_in().await;
        assert_eq!(approval.status(), StatusCode::OK);
        let html = approval.text().await.expect("text");
        let redirect = post_form(
            self.client,
            &format!(
                "{}/setup/secur/RemoteAccessAuthorizationPage.apexp",
                self.origin
            ),
            &[("pending", &pending_id(&html)), ("decision", "allow")],
        )
        .await;
        assert_eq!(redirect.status(), StatusCode::FOUND);
        let code = param(&location_params(&redirect), "code").expect("a code");

        let mut pairs = vec![
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("client_id", self.client_id),
            ("client_secret", self.client_secret),
            ("redirect_uri", CALLBACK),
        ];
        if self.pkce {
            pairs.push(("code_verifier", VERIFIER));
        }
        let response = post_form(
            self.client,
            &format!("{}/services/oauth2/token", self.origin),
            &pairs,
        )
        .await;
        let status = response.status();
        (status, response.json().await.expect("JSON"))
    }
}

fn demo_flow<'a>(server: &'a TestServer, username: &'a str, password: &'a str) -> Flow<'a> {
    Flow {
        client: &server.client,
        origin: server.org(""),
        client_id: demo::CLIENT_ID,
        client_secret: demo::CLIENT_SECRET,
        username,
        password,
        scope: "api refresh_token",
        pkce: true,
    }
}

async fn refresh_at(
    client: &Client,
    origin: &str,
    client_id: &str,
    client_secret: &str,
    refresh_token: &str,
) -> (StatusCode, Value) {
    let response = post_form(
        client,
        &format!("{origin}/services/oauth2/token"),
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("client_id", client_id),
            ("client_secret", client_secret),
        ],
    )
    .await;
    let status = response.status();
    (status, response.json().await.expect("JSON"))
}

#[tokio::test]
async fn added_user_can_connect() {
    let server = start().await;
    let (status, body) = post_json(
        &server,
        "/__emulator/orgs/demo/users",
        json!({"username": "jane@demo.example", "password": "Jane-Password1", "first_name": "Jane", "last_name": "Doe"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let user_id = body["id"].as_str().expect("an id").to_owned();
    assert!(user_id.starts_with("005"), "{user_id}");
    assert_eq!(
        body,
        json!({"id": user_id, "username": "jane@demo.example", "profile": "Standard User", "app_access": true})
    );

    let (status, token) = demo_flow(&server, "jane@demo.example", "Jane-Password1")
        .run()
        .await;
    assert_eq!(status, StatusCode::OK, "{token}");
    let access = token["access_token"].as_str().expect("an access token");
    let info: Value = server
        .client
        .get(server.org("/services/oauth2/userinfo"))
        .bearer_auth(access)
        .send()
        .await
        .expect("answers")
        .json()
        .await
        .expect("JSON");
    assert_eq!(info["user_id"], json!(user_id));
    assert_eq!(info["name"], json!("Jane Doe"));
    assert_eq!(info["preferred_username"], json!("jane@demo.example"));
}

#[tokio::test]
async fn user_without_app_access_is_denied() {
    let server = start().await;
    let (status, _) = post_json(
        &server,
        "/__emulator/orgs/demo/users",
        json!({"username": "kim@demo.example", "password": "Kim-Password1", "profile": "Read Only", "app_access": false}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let response = demo_flow(&server, "kim@demo.example", "Kim-Password1")
        .log_in()
        .await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        location_params(&response),
        [
            ("error".to_owned(), "OAUTH_APP_ACCESS_DENIED".to_owned()),
            (
                "error_description".to_owned(),
                "user is not admin approved to access this app".to_owned()
            ),
            ("state".to_owned(), "s-1".to_owned()),
        ]
    );
}

#[tokio::test]
async fn revoked_app_access_fails_refresh() {
    let server = start().await;
    let user = json!({"username": "lee@demo.example", "password": "Lee-Password1"});
    let (status, _) = post_json(&server, "/__emulator/orgs/demo/users", user).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, token) = demo_flow(&server, "lee@demo.example", "Lee-Password1")
        .run()
        .await;
    let refresh_token = token["refresh_token"].as_str().expect("a refresh token");

    let (status, body) = post_json(
        &server,
        "/__emulator/orgs/demo/users",
        json!({"username": "lee@demo.example", "password": "Lee-Password2", "app_access": false}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["app_access"], json!(false));
    assert_eq!(
        refresh_at(
            &server.client,
            &server.org(""),
            demo::CLIENT_ID,
            demo::CLIENT_SECRET,
            refresh_token
        )
        .await,
        (
            StatusCode::BAD_REQUEST,
            json!({"error": "invalid_grant", "error_description": "user hasn't approved this consumer"})
        )
    );
}

#[tokio::test]
async fn user_checks_reject_bad_input() {
    let server = start().await;
    let (status, body) = post_json(
        &server,
        "/__emulator/orgs/demo/users",
        json!({"username": "no-at-sign", "password": "x"}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({"error": "username must look like an email address and password must not be empty"})
    );

    let (status, body) = post_json(
        &server,
        "/__emulator/orgs/nosuch/users",
        json!({"username": "a@b.example", "password": "x"}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        body,
        json!({"error": "no org has the My Domain name 'nosuch'"})
    );

    let (status, body) = post_json(
        &server,
        "/__emulator/orgs/demo/users",
        json!({"username": "a@b.example", "password": "x", "role": "admin"}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["error"]
            .as_str()
            .expect("a message")
            .starts_with("invalid user JSON: unknown field `role`"),
        "{body}"
    );
}

#[tokio::test]
async fn added_app_applies_its_settings() {
    let server = start().await;
    let (status, body) = post_json(
        &server,
        "/__emulator/orgs/demo/apps",
        json!({
            "name": "Nightly Sync",
            "client_id": "nightly-sync-key",
            "client_secret": "nightly-sync-secret",
            "callback_urls": [CALLBACK],
            "scopes": ["api", "refresh_token"],
            "require_pkce": false,
            "rotate_refresh_tokens": true,
        }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        body,
        json!({
            "name": "Nightly Sync",
            "client_id": "nightly-sync-key",
            "callback_urls": [CALLBACK],
            "scopes": ["api", "refresh_token"],
            "require_pkce": false,
            "require_secret": true,
            "rotate_refresh_tokens": true,
        })
    );

    let flow = Flow {
        client_id: "nightly-sync-key",
        client_secret: "nightly-sync-secret",
        pkce: false,
        ..demo_flow(&server, demo::USERNAME, demo::PASSWORD)
    };
    let (status, token) = flow.run().await;
    assert_eq!(status, StatusCode::OK, "{token}");
    let original = token["refresh_token"].as_str().expect("a refresh token");
    let (status, renewed) = refresh_at(
        &server.client,
        &server.org(""),
        "nightly-sync-key",
        "nightly-sync-secret",
        original,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let rotated = renewed["refresh_token"].as_str().expect("a rotated token");
    assert_ne!(rotated, original);
    let (status, _) = refresh_at(
        &server.client,
        &server.org(""),
        "nightly-sync-key",
        "nightly-sync-secret",
        original,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let wide = Flow {
        scope: "api full",
        ..flow
    };
    let response = wide
        .client
        .get(wide.authorize_url())
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        param(&location_params(&response), "error").as_deref(),
        Some("invalid_scope")
    );
}

#[tokio::test]
async fn app_settings_can_require_pkce() {
    let server = start().await;
    let app = json!({
        "client_id": "strict-key",
        "client_secret": "strict-secret",
        "callback_urls": [CALLBACK],
    });
    let (status, body) = post_json(&server, "/__emulator/orgs/demo/apps", app).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body["name"], json!("strict-key"));
    assert_eq!(body["require_pkce"], json!(true));
    let flow = Flow {
        client_id: "strict-key",
        client_secret: "strict-secret",
        pkce: false,
        ..demo_flow(&server, demo::USERNAME, demo::PASSWORD)
    };
    let response = server
        .client
        .get(flow.authorize_url())
        .send()
        .await
        .expect("answers");
    assert_eq!(
        param(&location_params(&response), "error_description").as_deref(),
        Some("missing required code challenge")
    );

    let replacement = json!({
        "client_id": "strict-key",
        "client_secret": "strict-secret",
        "callback_urls": [CALLBACK],
        "require_pkce": false,
    });
    let (status, _) = post_json(&server, "/__emulator/orgs/demo/apps", replacement).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = flow.run().await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn added_org_has_own_data() {
    let server = start().await;
    let (status, body) = post_json(
        &server,
        "/__emulator/orgs",
        json!({"domain": "acme--uat.sandbox", "name": "Acme UAT", "username": "admin@acme.example", "password": "Acme-Password1"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let origin = format!("http://acme--uat.sandbox.localhost:{}", server.port);
    let org_id = body["id"].as_str().expect("an org id").to_owned();
    assert!(org_id.starts_with("00D"), "{org_id}");
    assert_eq!(body["domain"], json!("acme--uat.sandbox"));
    assert_eq!(body["name"], json!("Acme UAT"));
    assert_eq!(body["instance_url"], json!(origin));
    let users = body["users"].as_array().expect("users");
    assert_eq!(users.len(), 3);
    assert_eq!(users[0]["username"], json!("admin@acme.example"));
    assert_eq!(users[0]["profile"], json!("System Administrator"));
    assert_eq!(
        users[1]["username"],
        json!("sofia.sales@acme--uat.sandbox.example")
    );

    let (status, _) = post_json(
        &server,
        "/__emulator/orgs/acme--uat.sandbox/apps",
        json!({"client_id": "acme-key", "client_secret": "acme-secret", "callback_urls": [CALLBACK]}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);

    let client = client_for(&server, "acme--uat.sandbox");
    let flow = Flow {
        client: &client,
        origin: origin.clone(),
        client_id: "acme-key",
        client_secret: "acme-secret",
        username: "admin@acme.example",
        password: "Acme-Password1",
        scope: "api refresh_token",
        pkce: true,
    };
    let (status, token) = flow.run().await;
    assert_eq!(status, StatusCode::OK, "{token}");
    assert_eq!(token["instance_url"], json!(origin));
    assert!(
        token["id"]
            .as_str()
            .expect("an identity URL")
            .contains(&org_id)
    );
    let access = token["access_token"].as_str().expect("an access token");
    assert!(access.starts_with(&org_id[..15]));

    let response = client
        .get(format!(
            "{origin}/services/data/v64.0/query?q={}",
            encode_soql("SELECT COUNT() FROM Account")
        ))
        .bearer_auth(access)
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body, json!({"totalSize": 30, "done": true, "records": []}));

    let demo_token = access_token(&server).await;
    let response = client
        .get(format!(
            "{origin}/services/data/v64.0/query?q={}",
            encode_soql("SELECT Id FROM Account LIMIT 1")
        ))
        .bearer_auth(&demo_token)
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn org_checks_reject_bad_input() {
    let server = start().await;
    let cases = [
        (
            json!({"domain": "demo", "username": "x@y.example", "password": "p"}),
            StatusCode::CONFLICT,
            json!({"error": "an org with the My Domain name 'demo' exists"}),
        ),
        (
            json!({"domain": "test", "username": "x@y.example", "password": "p"}),
            StatusCode::BAD_REQUEST,
            json!({"error": "'test' is a generic login host, not a My Domain name"}),
        ),
        (
            json!({"domain": "-acme", "username": "x@y.example", "password": "p"}),
            StatusCode::BAD_REQUEST,
            json!({"error": "invalid My Domain name '-acme': use lower-case letters, digits and hyphens in dot-separated labels, such as acme--uat.sandbox"}),
        ),
        (
            json!({"domain": "fresh", "username": demo::USERNAME, "password": "p"}),
            StatusCode::CONFLICT,
            json!({"error": format!("the username '{}' is taken", demo::USERNAME)}),
        ),
    ];
    for (request, status, body) in cases {
        assert_eq!(
            post_json(&server, "/__emulator/orgs", request.clone()).await,
            (status, body),
            "{request}"
        );
    }
}

#[tokio::test]
async fn app_key_of_other_org_conflicts() {
    let server = start().await;
    let (status, _) = post_json(
        &server,
        "/__emulator/orgs",
        json!({"domain": "globex", "username": "admin@globex.example", "password": "p"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) = post_json(
        &server,
        "/__emulator/orgs/globex/apps",
        json!({"client_id": demo::CLIENT_ID, "client_secret": "s", "callback_urls": []}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        body,
        json!({"error": format!("the consumer key '{}' belongs to an app of another org", demo::CLIENT_ID)})
    );
}

#[tokio::test]
async fn bulk_records_extend_org() {
    let server = start().await;
    let (status, body) = post_json(
        &server,
        "/__emulator/orgs/demo/records/bulk",
        json!({"object": "Account", "count": 1000}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body["object"], json!("Account"));
    assert_eq!(body["created"], json!(1000));
    assert_eq!(body["total"], json!(1033));
    let first_id = body["first_id"].as_str().expect("an id").to_owned();

    let access = access_token(&server).await;
    let response = query(
        &server,
        &access,
        &format!("SELECT Name FROM Account WHERE Id = '{first_id}'"),
    )
    .await;
    let rows: Value = response.json().await.expect("JSON");
    assert_eq!(rows["records"][0]["Name"], json!("Bulk Account 000034"));
    let response = query(&server, &access, "SELECT COUNT() FROM Account").await;
    let rows: Value = response.json().await.expect("JSON");
    assert_eq!(rows["totalSize"], json!(1030));
}

#[tokio::test]
async fn bulk_records_check_input() {
    let server = start().await;
    let cases = [
        (
            json!({"object": "Contact", "count": 10}),
            json!({"error": "object must be one of Account, Invoice__c, got 'Contact'"}),
        ),
        (
            json!({"object": "Account", "count": 0}),
            json!({"error": "count must be 1 to 100000, got 0"}),
        ),
        (
            json!({"object": "Account", "count": 100_001}),
            json!({"error": "count must be 1 to 100000, got 100001"}),
        ),
    ];
    for (request, body) in cases {
        assert_eq!(
            post_json(
                &server,
                "/__emulator/orgs/demo/records/bulk",
                request.clone()
            )
            .await,
            (StatusCode::BAD_REQUEST, body),
            "{request}"
        );
    }
    let (status, body) = post_json(
        &server,
        "/__emulator/orgs/demo/records/bulk",
        json!({"object": "Invoice__c", "count": 5}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body["total"], json!(15));
}
