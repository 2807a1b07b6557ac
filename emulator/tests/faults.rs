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
