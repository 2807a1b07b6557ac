//! The fault switches of the control endpoint, and how Salesforce-shaped failures come back.

mod common;

use std::time::{Duration, Instant};

use common::*;
use emulator::demo;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn set_faults(server: &TestServer, faults: Value) {
    let response = server
        .client
        .post(server.control("/__emulator/orgs/demo/faults"))
        .json(&faults)
        .send()
        .await
        .expect("the control endpoint answers");
    assert_eq!(response.status(), StatusCode::OK);
}

async fn rest_error(server: &TestServer, access: &str) -> (StatusCode, Value) {
    let response = query(server, access, "SELECT Id FROM Account LIMIT 1").await;
    let status = response.status();
    (status, response.json().await.expect("JSON"))
}

#[tokio::test]
async fn request_limit_exceeded_is_403() {
    let server = start().await;
    let access = access_token(&server).await;
    set_faults(&server, json!({"request_limit_exceeded": true})).await;
    assert_eq!(
        rest_error(&server, &access).await,
        (
            StatusCode::FORBIDDEN,
            json!([{"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}])
        )
    );
}

#[tokio::test]
async fn spent_allowance_is_limit_exceeded() {
    let server = start().await;
    let access = access_token(&server).await;
    let response = server
        .client
        .post(server.control("/__emulator/orgs/demo/api-usage"))
        .json(&json!({"used": 5000}))
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::OK);
    let response = query(&server, &access, "SELECT Id FROM Account LIMIT 1").await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        response.headers()["sforce-limit-info"],
        "api-usage=5000/5000"
    );
}

#[tokio::test]
async fn api_disabled_is_403() {
    let server = start().await;
    let access = access_token(&server).await;
    set_faults(&server, json!({"api_disabled": true})).await;
    assert_eq!(
        rest_error(&server, &access).await,
        (
            StatusCode::FORBIDDEN,
            json!([{"message": "The REST API is not enabled for this Organization.", "errorCode": "API_DISABLED_FOR_ORG"}])
        )
    );
}

#[tokio::test]
async fn server_errors_use_status() {
    let server = start().await;
    let access = access_token(&server).await;
    set_faults(&server, json!({"http_status": 500})).await;
    let (status, body) = rest_error(&server, &access).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body[0]["errorCode"], json!("UNKNOWN_EXCEPTION"));
    set_faults(&server, json!({"http_status": 503})).await;
    let (status, _) = rest_error(&server, &access).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn session_not_valid_for_rest() {
    let server = start().await;
    let access = access_token(&server).await;
    set_faults(&server, json!({"session_not_valid_for_rest": true})).await;
    assert_eq!(
        rest_error(&server, &access).await,
        (
            StatusCode::UNAUTHORIZED,
            json!([{"message": "This session is not valid for use with the REST API", "errorCode": "INVALID_SESSION_ID"}])
        )
    );
}

#[tokio::test]
async fn access_token_expires_after_calls() {
    let server = start().await;
    set_faults(&server, json!({"access_token_calls": 2})).await;
    let token = connect(&server).await;
    let access = token["access_token"].as_str().expect("access token");
    assert_eq!(
        query(&server, access, "SELECT Id FROM Account LIMIT 1")
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        query(&server, access, "SELECT Id FROM Account LIMIT 1")
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        rest_error(&server, access).await,
        (
            StatusCode::UNAUTHORIZED,
            json!([{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}])
        )
    );
    let refreshed = post_form(
        &server.client,
        &server.login("/services/oauth2/token"),
        &[
            ("grant_type", "refresh_token"),
            (
                "refresh_token",
                token["refresh_token"].as_str().expect("refresh token"),
            ),
            ("client_id", demo::CLIENT_ID),
            ("client_secret", demo::CLIENT_SECRET),
        ],
    )
    .await;
    let body: Value = refreshed.json().await.expect("JSON");
    let renewed = body["access_token"].as_str().expect("new access token");
    assert_eq!(
        query(&server, renewed, "SELECT Id FROM Account LIMIT 1")
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn inactive_app_is_invalid_client_id() {
    let server = start().await;
    set_faults(&server, json!({"app_not_active": true})).await;
    let response = server
        .client
        .get(authorize_url(
            &server.login(""),
            &[
                ("code_challenge", CHALLENGE),
                ("code_challenge_method", "S256"),
            ],
        ))
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::FOUND);
    let params = location_params(&response);
    assert_eq!(
        param(&params, "error").as_deref(),
        Some("invalid_client_id")
    );
    assert_eq!(
        param(&params, "error_description").as_deref(),
        Some("client identifier invalid")
    );
    let token = post_form(
        &server.client,
        &server.login("/services/oauth2/token"),
        &[
            ("grant_type", "authorization_code"),
            ("code", "x"),
            ("client_id", demo::CLIENT_ID),
            ("client_secret", demo::CLIENT_SECRET),
        ],
    )
    .await;
    assert_eq!(token.status(), StatusCode::BAD_REQUEST);
    let body: Value = token.json().await.expect("JSON");
    assert_eq!(
        body,
        json!({"error": "invalid_client_id", "error_description": "client identifier invalid"})
    );
}

#[tokio::test]
async fn rotation_replaces_refresh_token() {
    let server = start().await;
    set_faults(&server, json!({"rotate_refresh_tokens": true})).await;
    let token = connect(&server).await;
    let original = token["refresh_token"].as_str().expect("refresh token");
    let refresh = |refresh_token: String| {
        let server = &server;
        async move {
            post_form(
                &server.client,
                &server.login("/services/oauth2/token"),
                &[
                    ("grant_type", "refresh_token"),
                    ("refresh_token", &refresh_token),
                    ("client_id", demo::CLIENT_ID),
                    ("client_secret", demo::CLIENT_SECRET),
                ],
            )
            .await
        }
    };
    let first: Value = refresh(original.to_owned())
        .await
        .json()
        .await
        .expect("JSON");
    let rotated = first["refresh_token"]
        .as_str()
        .expect("a rotated refresh token");
    assert_ne!(rotated, original);
    let stale = refresh(original.to_owned()).await;
    assert_eq!(stale.status(), StatusCode::BAD_REQUEST);
    let body: Value = stale.json().await.expect("JSON");
    assert_eq!(
        body,
        json!({"error": "invalid_grant", "error_description": "expired access/refresh token"})
    );
    assert_eq!(refresh(rotated.to_owned()).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn pkce_optional_when_switched_off() {
    let server = start().await;
    set_faults(&server, json!({"require_pkce": false})).await;
    let pending = log_in(
        &server,
        &authorize_url(&server.login(""), &[("scope", "api")]),
    )
    .await;
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
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn latency_delays_rest_calls() {
    let server = start().await;
    let access = access_token(&server).await;
    set_faults(&server, json!({"latency_ms": 300})).await;
    let started = Instant::now();
    let response = query(&server, &access, "SELECT Id FROM Account LIMIT 1").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn control_rejects_unknown_switch() {
    let server = start().await;
    let response = server
        .client
        .post(server.control("/__emulator/orgs/demo/faults"))
        .json(&json!({"explode": true}))
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn control_rejects_unknown_org() {
    let server = start().await;
    let response = server
        .client
        .post(server.control("/__emulator/orgs/nosuch/faults"))
        .json(&json!({}))
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn control_reads_faults_back() {
    let server = start().await;
    set_faults(&server, json!({"api_disabled": true})).await;
    let response = server
        .client
        .get(server.login("/__emulator/orgs/demo/faults"))
        .send()
        .await
        .expect("answers");
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["api_disabled"], json!(true));
    assert_eq!(body["request_limit_exceeded"], json!(false));
}

/// Refreshes at the login host with the demo app's credentials.
async fn refresh_demo(server: &TestServer, refresh_token: &str) -> (StatusCode, Value) {
    let response = post_form(
        &server.client,
        &server.login("/services/oauth2/token"),
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("client_id", demo::CLIENT_ID),
            ("client_secret", demo::CLIENT_SECRET),
        ],
    )
    .await;
    let status = response.status();
    assert_eq!(response.headers()["cache-control"], "no-cache,no-store");
    (status, response.json().await.expect("JSON"))
}

/// Runs authorize and login with the demo user, and returns the response to the login form.
async fn authorize_and_log_in(server: &TestServer) -> reqwest::Response {
    let authorize = authorize_url(
        &server.login(""),
        &[
            ("scope", "api refresh_token"),
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
    post_form(
        &server.client,
        &server.login("/login"),
        &[
            ("pending", &pending_id(&html)),
            ("username", demo::USERNAME),
            ("pw", demo::PASSWORD),
        ],
    )
    .await
}

fn oauth_error(error: &str, description: &str) -> Value {
    json!({"error": error, "error_description": description})
}

#[tokio::test]
async fn token_switches_reject_refresh() {
    let cases = [
        (
            json!({"ip_restricted": true}),
            oauth_error("invalid_grant", "ip restricted"),
        ),
        (
            json!({"invalid_login_hours": true}),
            oauth_error("invalid_grant", "invalid login hours"),
        ),
        (
            json!({"user_not_approved": true}),
            oauth_error("invalid_grant", "user hasn't approved this consumer"),
        ),
        (
            json!({"app_not_installed": true}),
            oauth_error("invalid_client", "app must be installed into org"),
        ),
        (
            json!({"app_blocked": true}),
            oauth_error("OAUTH_APP_BLOCKED", "this app is blocked by admin"),
        ),
    ];
    let server = start().await;
    let token = connect(&server).await;
    let refresh_token = token["refresh_token"].as_str().expect("refresh token");
    for (faults, expected) in cases {
        set_faults(&server, faults.clone()).await;
        assert_eq!(
            refresh_demo(&server, refresh_token).await,
            (StatusCode::BAD_REQUEST, expected),
            "{faults}"
        );
    }
    set_faults(&server, json!({})).await;
    assert_eq!(refresh_demo(&server, refresh_token).await.0, StatusCode::OK);
}

#[tokio::test]
async fn ip_restriction_rejects_code_exchange() {
    let server = start().await;
    let code = authorization_code(&server, "api refresh_token").await;
    set_faults(&server, json!({"ip_restricted": true})).await;
    let response = exchange(&server, &code).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body, oauth_error("invalid_grant", "ip restricted"));
}

#[tokio::test]
async fn login_hours_reject_code_exchange() {
    let server = start().await;
    let code = authorization_code(&server, "api").await;
    set_faults(&server, json!({"invalid_login_hours": true})).await;
    let response = exchange(&server, &code).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body, oauth_error("invalid_grant", "invalid login hours"));
}

#[tokio::test]
async fn app_not_installed_redirects_from_authorize() {
    let server = start().await;
    set_faults(&server, json!({"app_not_installed": true})).await;
    let response = server
        .client
        .get(authorize_url(
            &server.login(""),
            &[
                ("code_challenge", CHALLENGE),
                ("code_challenge_method", "S256"),
            ],
        ))
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        location_params(&response),
        [
            ("error".to_owned(), "invalid_client".to_owned()),
            (
                "error_description".to_owned(),
                "app must be installed into org".to_owned()
            ),
            ("state".to_owned(), "state-123".to_owned()),
        ]
    );
}

#[tokio::test]
async fn blocked_app_redirects_after_login() {
    let server = start().await;
    set_faults(&server, json!({"app_blocked": true})).await;
    let response = authorize_and_log_in(&server).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let location = response.headers()["location"].to_str().expect("ASCII");
    assert_eq!(
        location,
        format!(
            "{CALLBACK}?error=OAUTH_APP_BLOCKED&error_description=this+app+is+blocked+by+admin&state=state-123"
        )
    );
}

#[tokio::test]
async fn blocked_app_ends_rest_sessions() {
    let server = start().await;
    let access = access_token(&server).await;
    set_faults(&server, json!({"app_blocked": true})).await;
    assert_eq!(
        rest_error(&server, &access).await,
        (
            StatusCode::UNAUTHORIZED,
            json!([{"message": "This session is not valid for use with the REST API", "errorCode": "INVALID_SESSION_ID"}])
        )
    );
}

#[tokio::test]
async fn new_switches_read_back() {
    let server = start().await;
    set_faults(&server, json!({"ip_restricted": true, "app_blocked": true})).await;
    let response = server
        .client
        .get(server.control("/__emulator/orgs/demo/faults"))
        .send()
        .await
        .expect("answers");
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["ip_restricted"], json!(true));
    assert_eq!(body["app_blocked"], json!(true));
    assert_eq!(body["invalid_login_hours"], json!(false));
    assert_eq!(body["app_not_installed"], json!(false));
    assert_eq!(body["user_not_approved"], json!(false));
}
