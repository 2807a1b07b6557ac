//! OAuth errors as Salesforce sends them: a JSON object from the token endpoint, or `error` and
//! `error_description` query parameters on the callback.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// One OAuth error, with Salesforce's exact `error` and `error_description` texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OAuthError {
    pub error: &'static str,
    pub description: &'static str,
}

pub const INVALID_CLIENT_ID: OAuthError = OAuthError {
    error: "invalid_client_id",
    description: "client identifier invalid",
};
pub const INVALID_CLIENT_CREDENTIALS: OAuthError = OAuthError {
    error: "invalid_client",
    description: "invalid client credentials",
};
pub const APP_NOT_INSTALLED: OAuthError = OAuthError {
    error: "invalid_client",
    description: "app must be installed into org",
};
// NOTE: the description is the one users report on the callback; Salesforce documents only the
// error code.
pub const APP_BLOCKED: OAuthError = OAuthError {
    error: "OAUTH_APP_BLOCKED",
    description: "this app is blocked by admin",
};
// NOTE: this description is recalled from reports of the authorize flow and is unconfirmed.
pub const APP_ACCESS_DENIED: OAuthError = OAuthError {
    error: "OAUTH_APP_ACCESS_DENIED",
    description: "user is not admin approved to access this app",
};
pub const USER_NOT_APPROVED: OAuthError = OAuthError {
    error: "invalid_grant",
    description: "user hasn't approved this consumer",
};
pub const IP_RESTRICTED: OAuthError = OAuthError {
    error: "invalid_grant",
    description: "ip restricted",
};
pub const INVALID_LOGIN_HOURS: OAuthError = OAuthError {
    error: "invalid_grant",
    description: "invalid login hours",
};
pub const AUTHENTICATION_FAILURE: OAuthError = OAuthError {
    error: "invalid_grant",
    description: "authentication failure",
};
pub const EXPIRED_TOKEN: OAuthError = OAuthError {
    error: "invalid_grant",
    description: "expired access/refresh token",
};
pub const INVALID_CODE_VERIFIER: OAuthError = OAuthError {
    error: "invalid_grant",
    description: "invalid code verifier",
};
pub const UNSUPPORTED_GRANT_TYPE: OAuthError = OAuthError {
    error: "unsupported_grant_type",
    description: "grant type not supported",
};
pub const REDIRECT_URI_MISMATCH: OAuthError = OAuthError {
    error: "redirect_uri_mismatch",
    description: "redirect_uri must match configuration",
};
pub const ACCESS_DENIED: OAuthError = OAuthError {
    error: "access_denied",
    description: "end-user denied authorization",
};
pub const INVALID_SCOPE: OAuthError = OAuthError {
    error: "invalid_scope",
    description: "the requested scope is not allowed",
};
pub const MISSING_CODE_CHALLENGE: OAuthError = OAuthError {
    error: "invalid_request",
    description: "missing required code challenge",
};
// NOTE: Salesforce's text for an unsupported `code_challenge_method` is unconfirmed.
pub const INVALID_CODE_CHALLENGE_METHOD: OAuthError = OAuthError {
    error: "invalid_request",
    description: "invalid code challenge method",
};
pub const UNSUPPORTED_RESPONSE_TYPE: OAuthError = OAuthError {
    error: "unsupported_response_type",
    description: "response type not supported",
};
// NOTE: the revoke endpoint's error for an unknown token is unconfirmed.
pub const INVALID_TOKEN: OAuthError = OAuthError {
    error: "invalid_token",
    description: "invalid token",
};

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let body = json!({ "error": self.error, "error_description": self.description });
        (
            StatusCode::BAD_REQUEST,
            [(header::CACHE_CONTROL, "no-cache,no-store")],
            Json(body),
        )
            .into_response()
    }
}
