//! The OAuth Web Server flow with PKCE over HTTP: the happy path and each error Salesforce sends.

mod common;

use common::*;
use emulator::demo;
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn full_flow_reaches_query() {
    let server = start().await;
    let authorize = authorize_url(
        &server.login(""),
        &[
            ("scope", "api refresh_token id"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ],
    );
    let page = server
        .client
        .get(&authorize)
        .send()
        .await
        .expect("authorize answers");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("text");
    assert!(html.contains("<label for=\"username\">Username</label>"));
    assert!(html.contains("<label for=\"password\">Password</label>"));
    assert!(html.contains(">Log In</button>"));

    let approval = post_form(
        &server.client,
        &server.login("/login"),
        &[
            ("pending", &pending_id(&html)),
            ("username", demo::USERNAME),
            ("pw", demo::PASSWORD),
        ],
    )
    .await;
    let html = approval.text().await.expect("text");
    assert!(html.contains(demo::APP_NAME));
    assert!(html.contains("Manage user data via APIs (api)"));
    assert!(html.contains("Perform requests at any time (refresh_token, offline_access)"));
    assert!(html.contains(">Allow</button>"));
    assert!(html.contains(">Deny</button>"));

    let redirect = post_form(
        &server.client,
        &server.login("/setup/secur/RemoteAccessAuthorizationPage.apexp"),
        &[("pending", &pending_id(&html)), ("decision", "allow")],
    )
    .await;
    assert_eq!(redirect.status(), StatusCode::FOUND);
    let location = redirect.headers()["location"]
        .to_str()
        .expect("ASCII")
        .to_owned();
    assert!(
        location.starts_with(&format!("{CALLBACK}?code=")),
        "{location}"
    );
    let params = location_params(&redirect);
    assert_eq!(param(&params, "state").as_deref(), Some("state-123"));
    let code = param(&params, "code").expect("code");

    let response = exchange(&server, &code).await;
    assert_eq!(response.status(), StatusCode::OK);
    let token: Value = response.json().await.expect("JSON");
    let keys: Vec<&str> = token
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "access_token",
            "refresh_token",
            "signature",
            "scope",
            "instance_url",
            "id",
            "token_type",
            "issued_at"
        ]
    );
    assert_eq!(
        token["instance_url"],
        json!(format!("http://demo.localhost:{}", server.port))
    );
    assert_eq!(token["token_type"], json!("Bearer"));
    assert_eq!(token["scope"], json!("api refresh_token id"));
    let issued_at = token["issued_at"].as_str().expect("issued_at is a string");
    assert!(issued_at.len() >= 13 && issued_at.bytes().all(|byte| byte.is_ascii_digit()));
    let id = token["id"].as_str().expect("id is a string");
    assert!(
        id.starts_with(&format!("http://login.localhost:{}/id/00D", server.port)),
        "{id}"
    );
    let access = token["access_token"].as_str().expect("access token");

    let userinfo = server
        .client
        .get(server.login("/services/oauth2/userinfo"))
        .bearer_auth(access)
        .send()
        .await
        .expect("userinfo answers");
    assert_eq!(userinfo.status(), StatusCode::OK);
    let info: Value = userinfo.json().await.expect("JSON");
    assert_eq!(info["sub"], json!(id));
    assert_eq!(info["preferred_username"], json!(demo::USERNAME));
    assert_eq!(info["name"], json!("Alex Admin"));
    assert_eq!(info["email"], json!(demo::USERNAME));
    assert!(id.ends_with(info["user_id"].as_str().expect("user_id")));

    let rows = query(
        &server,
        access,
        "SELECT Id, Name FROM Account WHERE Name = 'Initech'",
    )
    .await;
    assert_eq!(rows.status(), StatusCode::OK);
    let body: Value = rows.json().await.expect("JSON");
    assert_eq!(body["totalSize"], json!(1));
    assert_eq!(body["records"][0]["Name"], json!("Initech"));
}

#[tokio::test]
async fn identity_url_describes_user() {
    let server = start().await;
    let token = connect(&server).await;
    let response = server
        .client
        .get(token["id"].as_str().expect("id"))
        .bearer_auth(token["access_token"].as_str().expect("token"))
        .send()
        .await
        .expect("identity answers");
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["username"], json!(demo::USERNAME));
    assert_eq!(body["id"], token["id"]);
}

#[tokio::test]
async fn authorize_works_on_org_host() {
    let server = start().await;
    let authorize = authorize_url(
        &server.org(""),
        &[
            ("scope", "api"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ],
    );
    let page = server.client.get(&authorize).send().await.expect("answers");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("text");
    let approval = post_form(
        &server.client,
        &server.org("/login"),
        &[
            ("pending", &pending_id(&html)),
            ("username", demo::USERNAME),
            ("pw", demo::PASSWORD),
        ],
    )
    .await;
    assert!(
        approval
            .text()
            .await
            .expect("text")
            .contains("Allow Access?")
    );
}

#[tokio::test]
async fn wrong_password_shows_login_again() {
    let server = start().await;
    let authorize = authorize_url(
        &server.login(""),
        &[
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ],
    );
    let html = server
        .client
        .get(&authorize)
        .send()
        .await
        .expect("answers")
        .text()
        .await
        .expect("text");
    let retry = post_form(
        &server.client,
        &server.login("/login"),
        &[
            ("pending", &pending_id(&html)),
            ("username", demo::USERNAME),
            ("pw", "wrong"),
        ],
    )
    .await;
    assert_eq!(retry.status(), StatusCode::OK);
    let html = retry.text().await.expect("text");
    assert!(html.contains("Please check your username and password."));
    assert!(html.contains(">Log In</button>"));
}

#[tokio::test]
async fn deny_redirects_access_denied() {
    let server = start().await;
    let authorize = authorize_url(
        &server.login(""),
        &[
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ],
    );
    let pending = log_in(&server, &authorize).await;
    let redirect = post_form(
        &server.client,
        &server.login("/setup/secur/RemoteAccessAuthorizationPage.apexp"),
        &[("pending", &pending), ("decision", "deny")],
    )
    .await;
    assert_eq!(redirect.status(), StatusCode::FOUND);
    assert_eq!(
        redirect.headers()["location"],
        format!("{CALLBACK}?error=access_denied&error_description=end-user+denied+authorization&state=state-123").as_str()
    );
}

#[tokio::test]
async fn unknown_client_id_redirects_error() {
    let server = start().await;
    let url = format!(
        "{}/services/oauth2/authorize?{}",
        server.login(""),
        form(&[
            ("response_type", "code"),
            ("client_id", "3MVG9unknown"),
            ("redirect_uri", CALLBACK),
            ("state", "s1")
        ])
    );
    let response = server.client.get(&url).send().await.expect("answers");
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        response.headers()["location"],
        format!("{CALLBACK}?error=invalid_client_id&error_description=client+identifier+invalid&state=s1").as_str()
    );
}

#[tokio::test]
async fn unregistered_redirect_uri_shows_page() {
    let server = start().await;
    let url = format!(
        "{}/services/oauth2/authorize?{}",
        server.login(""),
        form(&[
            ("response_type", "code"),
            ("client_id", demo::CLIENT_ID),
            (
                "redirect_uri",
                "http://127.0.0.1:3000/integration-callback/"
            ),
            ("code_challenge", CHALLENGE),
        ])
    );
    let response = server.client.get(&url).send().await.expect("answers");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.headers().get("location").is_none());
    let html = response.text().await.expect("text");
    assert!(html.contains(
        "error=redirect_uri_mismatch&amp;error_description=redirect_uri must match configuration"
    ));
}

#[tokio::test]
async fn missing_challenge_redirects_invalid_request() {
    let server = start().await;
    let response = server
        .client
        .get(authorize_url(&server.login(""), &[]))
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        response.headers()["location"],
        format!("{CALLBACK}?error=invalid_request&error_description=missing+required+code+challenge&state=state-123").as_str()
    );
}

#[tokio::test]
async fn disallowed_scope_redirects_invalid_scope() {
    let server = start().await;
    let url = authorize_url(
        &server.login(""),
        &[("scope", "api wave_api"), ("code_challenge", CHALLENGE)],
    );
    let response = server.client.get(url).send().await.expect("answers");
    let params = location_params(&response);
    assert_eq!(param(&params, "error").as_deref(), Some("invalid_scope"));
}

async fn token_error(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    (
        status,
        response.json().await.expect("the error body is JSON"),
    )
}

fn oauth_error(error: &str, description: &str) -> Value {
    json!({"error": error, "error_description": description})
}

#[tokio::test]
async fn token_rejects_wrong_secret() {
    let server = start().await;
    let code = authorization_code(&server, "api").await;
    let response = post_form(
        &server.client,
        &server.login("/services/oauth2/token"),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", demo::CLIENT_ID),
            ("client_secret", "not-the-secret"),
            ("redirect_uri", CALLBACK),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(
        token_error(response).await,
        (
            StatusCode::BAD_REQUEST,
            oauth_error("invalid_client", "invalid client credentials")
        )
    );
}

#[tokio::test]
async fn token_rejects_unknown_client() {
    let server = start().await;
    let response = post_form(
        &server.client,
        &server.login("/services/oauth2/token"),
        &[
            ("grant_type", "authorization_code"),
            ("code", "x"),
            ("client_id", "3MVG9nope"),
            ("client_secret", "s"),
        ],
    )
    .await;
    assert_eq!(
        token_error(response).await,
        (
            StatusCode::BAD_REQUEST,
            oauth_error("invalid_client_id", "client identifier invalid")
        )
    );
}

#[tokio::test]
async fn token_code_is_single_use() {
    let server = start().await;
    let code = authorization_code(&server, "api").await;
    assert_eq!(exchange(&server, &code).await.status(), StatusCode::OK);
    let replay = exchange(&server, &code).await;
    assert_eq!(
        token_error(replay).await,
        (
            StatusCode::BAD_REQUEST,
            oauth_error("invalid_grant", "authentication failure")
        )
    );
}

#[tokio::test]
async fn token_rejects_wrong_verifier() {
    let server = start().await;
    let code = authorization_code(&server, "api").await;
    let response = post_form(
        &server.client,
        &server.login("/services/oauth2/token"),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", demo::CLIENT_ID),
            ("client_secret", demo::CLIENT_SECRET),
            ("redirect_uri", CALLBACK),
            (
                "code_verifier",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            ),
        ],
    )
    .await;
    assert_eq!(
        token_error(response).await,
        (
            StatusCode::BAD_REQUEST,
            oauth_error("invalid_grant", "invalid code verifier")
        )
    );
}

#[tokio::test]
async fn token_rejects_tilde_verifier() {
    let server = start().await;
    let verifier = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH~";
    let challenge = challenge_of(verifier);
    let authorize = authorize_url(
        &server.login(""),
        &[
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
        ],
    );
    let pending = log_in(&server, &authorize).await;
    let redirect = post_form(
        &server.client,
        &server.login("/setup/secur/RemoteAccessAuthorizationPage.apexp"),
        &[("pending", &pending), ("decision", "allow")],
    )
    .await;
    let code = param(&location_params(&redirect), "code").expect("code");
    let response = post_form(
        &server.client,
        &server.login("/services/oauth2/token"),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", demo::CLIENT_ID),
            ("client_secret", demo::CLIENT_SECRET),
            ("redirect_uri", CALLBACK),
            ("code_verifier", verifier),
        ],
    )
    .await;
    assert_eq!(
        token_error(response).await,
        (
            StatusCode::BAD_REQUEST,
            oauth_error("invalid_grant", "invalid code verifier")
        )
    );
}

#[tokio::test]
async fn token_rejects_changed_redirect_uri() {
    let server = start().await;
    let code = authorization_code(&server, "api").await;
    let response = post_form(
        &server.client,
        &server.login("/services/oauth2/token"),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", demo::CLIENT_ID),
            ("client_secret", demo::CLIENT_SECRET),
            (
                "redirect_uri",
                "http://127.0.0.1:3000/integration-callback/",
            ),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(
        token_error(response).await,
        (
            StatusCode::BAD_REQUEST,
            oauth_error(
                "redirect_uri_mismatch",
                "redirect_uri must match configuration"
            )
        )
    );
}

#[tokio::test]
async fn token_rejects_unknown_grant_type() {
    let server = start().await;
    let response = post_form(
        &server.client,
        &server.login("/services/oauth2/token"),
        &[("grant_type", "password")],
    )
    .await;
    assert_eq!(
        token_error(response).await,
        (
            StatusCode::BAD_REQUEST,
            oauth_error("unsupported_grant_type", "grant type not supported")
        )
    );
}

#[tokio::test]
async fn token_accepts_basic_auth() {
    let server = start().await;
    let code = authorization_code(&server, "api").await;
    let response = server
        .client
        .post(server.org("/services/oauth2/token"))
        .basic_auth(demo::CLIENT_ID, Some(demo::CLIENT_SECRET))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", CALLBACK),
            ("code_verifier", VERIFIER),
        ]))
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn no_refresh_token_without_scope() {
    let server = start().await;
    let code = authorization_code(&server, "api id").await;
    let token: Value = exchange(&server, &code).await.json().await.expect("JSON");
    assert_eq!(token.get("refresh_token"), None);
    assert_eq!(token.get("expires_in"), None);
}

async fn refresh(server: &TestServer, url: &str, refresh_token: &str) -> reqwest::Response {
    post_form(
        &server.client,
        url,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("client_id", demo::CLIENT_ID),
            ("client_secret", demo::CLIENT_SECRET),
        ],
    )
    .await
}

#[tokio::test]
async fn refresh_issues_new_access_token() {
    let server = start().await;
    let token = connect(&server).await;
    let refresh_token = token["refresh_token"].as_str().expect("refresh token");
    let response = refresh(
        &server,
        &server.org("/services/oauth2/token"),
        refresh_token,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("JSON");
    assert_ne!(body["access_token"], token["access_token"]);
    assert_eq!(body.get("refresh_token"), None);
    assert_eq!(body["instance_url"], token["instance_url"]);
    let rows = query(
        &server,
        body["access_token"].as_str().expect("token"),
        "SELECT Id FROM Account LIMIT 1",
    )
    .await;
    assert_eq!(rows.status(), StatusCode::OK);
}

#[tokio::test]
async fn revoked_refresh_token_fails() {
    let server = start().await;
    let token = connect(&server).await;
    let refresh_token = token["refresh_token"].as_str().expect("refresh token");
    let revoked = post_form(
        &server.client,
        &server.login("/services/oauth2/revoke"),
        &[("token", refresh_token)],
    )
    .await;
    assert_eq!(revoked.status(), StatusCode::OK);
    let response = refresh(
        &server,
        &server.login("/services/oauth2/token"),
        refresh_token,
    )
    .await;
    assert_eq!(
        token_error(response).await,
        (
            StatusCode::BAD_REQUEST,
            oauth_error("invalid_grant", "expired access/refresh token")
        )
    );
    let rows = query(
        &server,
        token["access_token"].as_str().expect("token"),
        "SELECT Id FROM Account",
    )
    .await;
    assert_eq!(rows.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn revoked_access_token_gets_401() {
    let server = start().await;
    let access = access_token(&server).await;
    let revoked = post_form(
        &server.client,
        &server.org("/services/oauth2/revoke"),
        &[("token", &access)],
    )
    .await;
    assert_eq!(revoked.status(), StatusCode::OK);
    let rows = query(&server, &access, "SELECT Id FROM Account").await;
    assert_eq!(rows.status(), StatusCode::UNAUTHORIZED);
    let body: Value = rows.json().await.expect("JSON");
    assert_eq!(
        body,
        json!([{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}])
    );
}

#[tokio::test]
async fn userinfo_rejects_bad_token() {
    let server = start().await;
    let response = server
        .client
        .get(server.login("/services/oauth2/userinfo"))
        .bearer_auth("00Dbogus!token")
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(response.text().await.expect("text"), "Bad_OAuth_Token");
}

#[tokio::test]
async fn unknown_org_host_is_404() {
    let server = start().await;
    let response = server
        .client
        .get(server.host("nosuch", "/services/data/"))
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(
        response
            .text()
            .await
            .expect("text")
            .contains("URL No Longer Exists")
    );
}

#[tokio::test]
async fn login_host_has_no_rest_api() {
    let server = start().await;
    let response = server
        .client
        .get(server.login("/services/data/"))
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn discovery_names_endpoints() {
    let server = start().await;
    let response = server
        .client
        .get(server.org("/.well-known/openid-configuration"))
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(
        body["token_endpoint"],
        json!(format!(
            "http://demo.localhost:{}/services/oauth2/token",
            server.port
        ))
    );
}
