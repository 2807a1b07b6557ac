//! Token introspection, OpenID Connect discovery, the key set and ID tokens over HTTP.

mod common;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::*;
use emulator::demo;
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

async fn json_of(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    (status, response.json().await.expect("the body is JSON"))
}

async fn introspect(server: &TestServer, pairs: &[(&str, &str)]) -> reqwest::Response {
    post_form(
        &server.client,
        &server.login("/services/oauth2/introspect"),
        pairs,
    )
    .await
}

/// Runs the flow with `scope` and a `nonce`, then exchanges the code at the login host.
async fn connect_with(server: &TestServer, scope: &str, nonce: &str) -> Value {
    let authorize = authorize_url(
        &server.login(""),
        &[
            ("scope", scope),
            ("nonce", nonce),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ],
    );
    let pending = log_in(server, &authorize).await;
    let redirect = post_form(
        &server.client,
        &server.login("/setup/secur/RemoteAccessAuthorizationPage.apexp"),
        &[("pending", &pending), ("decision", "allow")],
    )
    .await;
    assert_eq!(redirect.status(), StatusCode::FOUND);
    let code = param(&location_params(&redirect), "code").expect("a code");
    let response = exchange(server, &code).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("JSON")
}

fn decode_part(part: &str) -> Value {
    let bytes = URL_SAFE_NO_PAD.decode(part).expect("a base64url part");
    serde_json::from_slice(&bytes).expect("a JSON part")
}

fn text<'a>(value: &'a Value, name: &str) -> &'a str {
    value[name]
        .as_str()
        .unwrap_or_else(|| panic!("{name} is a string in {value}"))
}

#[tokio::test]
async fn introspect_describes_access_token() {
    let server = start().await;
    let token = connect(&server).await;
    let access = text(&token, "access_token");
    let response = introspect(
        &server,
        &[
            ("token", access),
            ("token_type_hint", "access_token"),
            ("client_id", demo::CLIENT_ID),
            ("client_secret", demo::CLIENT_SECRET),
        ],
    )
    .await;
    assert_eq!(response.headers()["cache-control"], "no-cache,no-store");
    let (status, body) = json_of(response).await;
    assert_eq!(status, StatusCode::OK);
    let issued = body["iat"].as_u64().expect("iat is a number");
    assert_eq!(
        body,
        json!({
            "active": true,
            "scope": "api refresh_token id",
            "client_id": demo::CLIENT_ID,
            "username": demo::USERNAME,
            "sub": token["id"],
            "token_type": "access_token",
            "exp": issued + 7200,
            "iat": issued,
            "nbf": issued,
        })
    );
}

#[tokio::test]
async fn introspect_describes_refresh_token() {
    let server = start().await;
    let token = connect(&server).await;
    let response = introspect(
        &server,
        &[
            ("token", text(&token, "refresh_token")),
            ("token_type_hint", "refresh_token"),
            ("client_id", demo::CLIENT_ID),
            ("client_secret", demo::CLIENT_SECRET),
        ],
    )
    .await;
    let (status, body) = json_of(response).await;
    assert_eq!(status, StatusCode::OK);
    let issued = body["iat"].as_u64().expect("iat is a number");
    assert_eq!(
        body,
        json!({
            "active": true,
            "scope": "api refresh_token id",
            "client_id": demo::CLIENT_ID,
            "username": demo::USERNAME,
            "sub": token["id"],
            "token_type": "refresh_token",
            "iat": issued,
            "nbf": issued,
        })
    );
}

#[tokio::test]
async fn introspect_hint_is_only_a_hint() {
    let server = start().await;
    let token = connect(&server).await;
    let response = introspect(
        &server,
        &[
            ("token", text(&token, "access_token")),
            ("token_type_hint", "refresh_token"),
            ("client_id", demo::CLIENT_ID),
            ("client_secret", demo::CLIENT_SECRET),
        ],
    )
    .await;
    let (_, body) = json_of(response).await;
    assert_eq!(body["active"], json!(true));
    assert_eq!(body["token_type"], json!("access_token"));
}

#[tokio::test]
async fn introspect_inactive_tokens() {
    let server = start().await;
    let token = connect(&server).await;
    let revoked = post_form(
        &server.client,
        &server.login("/services/oauth2/revoke"),
        &[("token", text(&token, "refresh_token"))],
    )
    .await;
    assert_eq!(revoked.status(), StatusCode::OK);
    for candidate in [
        "00Dnot-a-token",
        text(&token, "refresh_token"),
        text(&token, "access_token"),
    ] {
        let response = introspect(
            &server,
            &[
                ("token", candidate),
                ("client_id", demo::CLIENT_ID),
                ("client_secret", demo::CLIENT_SECRET),
            ],
        )
        .await;
        let (status, body) = json_of(response).await;
        assert_eq!(status, StatusCode::OK, "{candidate}");
        assert_eq!(body, json!({"active": false}), "{candidate}");
    }
}

#[tokio::test]
async fn introspect_accepts_basic_auth() {
    let server = start().await;
    let access = access_token(&server).await;
    let response = server
        .client
        .post(server.org("/services/oauth2/introspect"))
        .basic_auth(demo::CLIENT_ID, Some(demo::CLIENT_SECRET))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(&[("token", &access)]))
        .send()
        .await
        .expect("answers");
    let (status, body) = json_of(response).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["active"], json!(true));
}

#[tokio::test]
async fn introspect_rejects_wrong_secret() {
    let server = start().await;
    let access = access_token(&server).await;
    let response = introspect(
        &server,
        &[
            ("token", &access),
            ("client_id", demo::CLIENT_ID),
            ("client_secret", "wrong"),
        ],
    )
    .await;
    assert_eq!(
        json_of(response).await,
        (
            StatusCode::BAD_REQUEST,
            json!({"error": "invalid_client", "error_description": "invalid client credentials"})
        )
    );
}

#[tokio::test]
async fn introspect_hides_other_apps_tokens() {
    let server = start().await;
    let access = access_token(&server).await;
    let created = server
        .client
        .post(server.control("/__emulator/orgs/demo/apps"))
        .json(&json!({
            "name": "Other App",
            "client_id": "other-client",
            "client_secret": "other-secret",
            "callback_urls": [CALLBACK],
        }))
        .send()
        .await
        .expect("answers");
    assert_eq!(created.status(), StatusCode::CREATED);
    let response = introspect(
        &server,
        &[
            ("token", &access),
            ("client_id", "other-client"),
            ("client_secret", "other-secret"),
        ],
    )
    .await;
    assert_eq!(
        json_of(response).await,
        (StatusCode::OK, json!({"active": false}))
    );
}

fn expected_discovery(issuer: &str) -> Value {
    json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/services/oauth2/authorize"),
        "token_endpoint": format!("{issuer}/services/oauth2/token"),
        "revocation_endpoint": format!("{issuer}/services/oauth2/revoke"),
        "userinfo_endpoint": format!("{issuer}/services/oauth2/userinfo"),
        "jwks_uri": format!("{issuer}/id/keys"),
        "introspection_endpoint": format!("{issuer}/services/oauth2/introspect"),
        "scopes_supported": ["id", "api", "web", "full", "refresh_token", "offline_access", "openid", "profile", "email"],
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["HS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": ["aud", "email", "email_verified", "exp", "family_name", "given_name", "iat", "iss", "name", "nonce", "preferred_username", "sub"],
    })
}

#[tokio::test]
async fn discovery_uses_requested_host() {
    let server = start().await;
    for (url, issuer) in [
        (
            server.org("/.well-known/openid-configuration"),
            server.org(""),
        ),
        (
            server.login("/.well-known/openid-configuration"),
            server.login(""),
        ),
        (
            server.host("test", "/.well-known/openid-configuration"),
            server.host("test", ""),
        ),
    ] {
        let response = server.client.get(&url).send().await.expect("answers");
        let (status, body) = json_of(response).await;
        assert_eq!(status, StatusCode::OK, "{url}");
        assert_eq!(body, expected_discovery(&issuer), "{url}");
    }
}

#[tokio::test]
async fn key_set_publishes_signing_key() {
    let server = start().await;
    let response = server
        .client
        .get(server.login("/id/keys"))
        .send()
        .await
        .expect("answers");
    let (status, body) = json_of(response).await;
    assert_eq!(status, StatusCode::OK);
    let keys = body["keys"].as_array().expect("keys is an array");
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["kty"], json!("oct"));
    assert_eq!(keys[0]["alg"], json!("HS256"));
    assert_eq!(keys[0]["use"], json!("sig"));
    assert_eq!(keys[0]["kid"], json!("emulator-hs256"));
}

#[tokio::test]
async fn id_token_comes_with_openid() {
    let server = start().await;
    let token = connect_with(
        &server,
        "api refresh_token openid profile email",
        "nonce-42",
    )
    .await;
    let keys: Vec<&str> = token
        .as_object()
        .expect("an object")
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
            "id_token",
            "instance_url",
            "id",
            "token_type",
            "issued_at"
        ]
    );

    let id_token = text(&token, "id_token");
    let parts: Vec<&str> = id_token.split('.').collect();
    assert_eq!(parts.len(), 3, "{id_token}");
    assert_eq!(
        decode_part(parts[0]),
        json!({"kid": "emulator-hs256", "typ": "JWT", "alg": "HS256"})
    );

    let key_set: Value = server
        .client
        .get(server.login("/id/keys"))
        .send()
        .await
        .expect("answers")
        .json()
        .await
        .expect("JSON");
    let key = URL_SAFE_NO_PAD
        .decode(text(&key_set["keys"][0], "k"))
        .expect("a base64url key");
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("any key length");
    mac.update(format!("{}.{}", parts[0], parts[1]).as_bytes());
    assert_eq!(
        parts[2],
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    );

    let claims = decode_part(parts[1]);
    let digest = Sha256::digest(text(&token, "access_token").as_bytes());
    let issued = claims["iat"].as_u64().expect("iat is a number");
    assert_eq!(
        claims,
        json!({
            "at_hash": URL_SAFE_NO_PAD.encode(&digest[..16]),
            "sub": token["id"],
            "aud": demo::CLIENT_ID,
            "iss": server.login(""),
            "exp": issued + 300,
            "iat": issued,
            "nonce": "nonce-42",
            "name": "Alex Admin",
            "given_name": "Alex",
            "family_name": "Admin",
            "preferred_username": demo::USERNAME,
            "email": demo::USERNAME,
            "email_verified": true,
        })
    );
}

#[tokio::test]
async fn id_token_claims_follow_scopes() {
    let server = start().await;
    let token = connect_with(&server, "api openid", "n").await;
    let id_token = text(&token, "id_token");
    let claims = decode_part(id_token.split('.').nth(1).expect("a payload"));
    let mut names: Vec<&str> = claims
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        ["at_hash", "aud", "exp", "iat", "iss", "nonce", "sub"]
    );
}

#[tokio::test]
async fn refresh_repeats_id_token_without_nonce() {
    let server = start().await;
    let token = connect_with(&server, "api refresh_token openid", "first-nonce").await;
    let response = post_form(
        &server.client,
        &server.org("/services/oauth2/token"),
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", text(&token, "refresh_token")),
            ("client_id", demo::CLIENT_ID),
            ("client_secret", demo::CLIENT_SECRET),
        ],
    )
    .await;
    let (status, body) = json_of(response).await;
    assert_eq!(status, StatusCode::OK);
    let id_token = text(&body, "id_token");
    let claims = decode_part(id_token.split('.').nth(1).expect("a payload"));
    assert_eq!(claims.get("nonce"), None);
    assert_eq!(claims["iss"], json!(server.org("")));
    assert_eq!(claims["aud"], json!(demo::CLIENT_ID));
}

#[tokio::test]
async fn sixth_approval_revokes_oldest() {
    let server = start().await;
    let mut tokens = Vec::new();
    for _ in 0..6 {
        tokens.push(connect(&server).await);
    }
    let refresh = |refresh_token: String| {
        let server = &server;
        async move {
            let response = post_form(
                &server.client,
                &server.login("/services/oauth2/token"),
                &[
                    ("grant_type", "refresh_token"),
                    ("refresh_token", &refresh_token),
                    ("client_id", demo::CLIENT_ID),
                    ("client_secret", demo::CLIENT_SECRET),
                ],
            )
            .await;
            json_of(response).await
        }
    };
    assert_eq!(
        refresh(text(&tokens[0], "refresh_token").to_owned()).await,
        (
            StatusCode::BAD_REQUEST,
            json!({"error": "invalid_grant", "error_description": "expired access/refresh token"})
        )
    );
    let oldest_access = query(
        &server,
        text(&tokens[0], "access_token"),
        "SELECT Id FROM Account LIMIT 1",
    )
    .await;
    assert_eq!(oldest_access.status(), StatusCode::UNAUTHORIZED);
    for token in &tokens[1..] {
        let (status, _) = refresh(text(token, "refresh_token").to_owned()).await;
        assert_eq!(status, StatusCode::OK);
    }
}

#[tokio::test]
async fn approvals_count_per_app() {
    let server = start().await;
    let first = connect(&server).await;
    let created = server
        .client
        .post(server.control("/__emulator/orgs/demo/apps"))
        .json(&json!({
            "client_id": "second-app",
            "client_secret": "second-secret",
            "callback_urls": [CALLBACK],
            "require_pkce": false,
        }))
        .send()
        .await
        .expect("answers");
    assert_eq!(created.status(), StatusCode::CREATED);
    for _ in 0..5 {
        let pending = log_in(
            &server,
            &format!(
                "{}/services/oauth2/authorize?{}",
                server.login(""),
                form(&[
                    ("response_type", "code"),
                    ("client_id", "second-app"),
                    ("redirect_uri", CALLBACK),
                    ("scope", "api refresh_token"),
                ])
            ),
        )
        .await;
        let redirect = post_form(
            &server.client,
            &server.login("/setup/secur/RemoteAccessAuthorizationPage.apexp"),
            &[("pending", &pending), ("decision", "allow")],
        )
        .await;
        let code = param(&location_params(&redirect), "code").expect("a code");
        let response = post_form(
            &server.client,
            &server.login("/services/oauth2/token"),
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("client_id", "second-app"),
                ("client_secret", "second-secret"),
                ("redirect_uri", CALLBACK),
            ],
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let response = introspect(
        &server,
        &[
            ("token", text(&first, "refresh_token")),
            ("client_id", demo::CLIENT_ID),
            ("client_secret", demo::CLIENT_SECRET),
        ],
    )
    .await;
    let (_, body) = json_of(response).await;
    assert_eq!(body["active"], json!(true));
}
