//! The token introspection endpoint (RFC 7662): whether an access or refresh token is active,
//! and which user and app it belongs to.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value as Json_, json};
use tracing::{info, instrument};

use super::authorize::{form_value, parse_pairs};
use super::token::{authenticate_client, client_credentials};
use crate::host::Site;
use crate::state::{EmulatorState, Shared, lock};

/// How long an access token lives: the org's session timeout, which defaults to two hours.
/// The emulator's access tokens do not expire by time, so only `exp` reports this.
pub const SESSION_TIMEOUT_SECONDS: u64 = 2 * 60 * 60;

/// Handles `POST /services/oauth2/introspect`. The client authenticates with its consumer key
/// and secret, in the body or with HTTP Basic. A token that is unknown, revoked or issued to
/// another app is `{"active": false}`. The `token_type_hint` parameter only decides which kind
/// is looked up first.
/// NOTE: the error for wrong client credentials is assumed to be the token endpoint's (400
/// `invalid_client`); RFC 7662 suggests 401, and Salesforce's choice is unconfirmed.
#[instrument(skip_all, fields(site = ?site.kind))]
pub async fn introspect(
    State(shared): State<Shared>,
    Extension(site): Extension<Site>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let pairs = parse_pairs(&body);
    let (client_id, client_secret) = client_credentials(&pairs, &headers);
    let token = form_value(&pairs, "token").unwrap_or_default();
    let hint = form_value(&pairs, "token_type_hint").unwrap_or_default();

    let guard = lock(&shared);
    let app = match authenticate_client(&guard, client_id.trim(), client_secret.as_deref()) {
        Ok((_, app)) => app,
        Err(failure) => {
            info!(error = failure.error, "introspection rejected the client");
            return failure.into_response();
        }
    };
    let refresh_first = hint == "refresh_token";
    let found = if refresh_first {
        describe_refresh(&guard, &site, &token).or_else(|| describe_access(&guard, &site, &token))
    } else {
        describe_access(&guard, &site, &token).or_else(|| describe_refresh(&guard, &site, &token))
    };
    let body = match found {
        Some((owner, body)) if owner == app.client_id => body,
        _ => json!({"active": false}),
    };
    ([(header::CACHE_CONTROL, "no-cache,no-store")], Json(body)).into_response()
}

/// Returns the username and identity URL of a token's user.
fn subject(state: &EmulatorState, site: &Site, org: usize, user_id: &str) -> (String, String) {
    let org = &state.orgs[org];
    let username = org
        .user_by_id(user_id)
        .map(|user| user.username.clone())
        .unwrap_or_default();
    let sub = format!("{}/id/{}/{}", site.login_origin(), org.id, user_id);
    (username, sub)
}

/// Describes an active access token, with the client id it was issued to.
fn describe_access(state: &EmulatorState, site: &Site, token: &str) -> Option<(String, Json_)> {
    let access = state.access_tokens.get(token)?;
    let (username, sub) = subject(state, site, access.org, &access.user_id);
    let body = json!({
        "active": true,
        "scope": access.scopes.join(" "),
        "client_id": access.client_id,
        "username": username,
        "sub": sub,
        "token_type": "access_token",
        "exp": access.issued_at + SESSION_TIMEOUT_SECONDS,
        "iat": access.issued_at,
        "nbf": access.issued_at,
    });
    Some((access.client_id.clone(), body))
}

/// Describes an active refresh token, with the client id it was issued to.
/// NOTE: whether Salesforce reports `exp` for a refresh token is unconfirmed. The emulator's
/// refresh tokens are valid until revoked, so the body has none.
fn describe_refresh(state: &EmulatorState, site: &Site, token: &str) -> Option<(String, Json_)> {
    let refresh = state.refresh_tokens.get(token)?;
    let (username, sub) = subject(state, site, refresh.org, &refresh.user_id);
    let body = json!({
        "active": true,
        "scope": refresh.scopes.join(" "),
        "client_id": refresh.client_id,
        "username": username,
        "sub": sub,
        "token_type": "refresh_token",
        "iat": refresh.issued_at,
        "nbf": refresh.issued_at,
    });
    Some((refresh.client_id.clone(), body))
}
