//! The revoke endpoint: an access or refresh token stops working.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tracing::{info, instrument};

use super::authorize::{form_value, parse_pairs};
use super::error;
use super::tokens::revoke_refresh_token;
use crate::state::{Shared, lock};

/// Handles `POST /services/oauth2/revoke` (form body) and `GET` (query string). Revoking a
/// refresh token also revokes the access tokens issued from it.
#[instrument(skip_all)]
pub async fn revoke(
    State(shared): State<Shared>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let mut pairs = parse_pairs(&body);
    pairs.extend(parse_pairs(query.unwrap_or_default().as_bytes()));
    let token = form_value(&pairs, "token").unwrap_or_default();

    let mut guard = lock(&shared);
    if guard.refresh_tokens.contains_key(&token) {
        revoke_refresh_token(&mut guard, &token);
        info!("refresh token revoked");
        return StatusCode::OK.into_response();
    }
    if guard.access_tokens.remove(&token).is_some() {
        info!("access token revoked");
        return StatusCode::OK.into_response();
    }
    error::INVALID_TOKEN.into_response()
}
