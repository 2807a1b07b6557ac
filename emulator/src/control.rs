//! The emulator-only control endpoints, served on every host (including `127.0.0.1:PORT`), which
//! tests use to switch an org's faults on and off and to add orgs, users, apps and records.
//!
//! - `GET /__emulator/orgs/{domain}/faults` returns the org's switches as JSON.
//! - `POST /__emulator/orgs/{domain}/faults` with a JSON body replaces them; fields left out are
//!   off. Unknown fields get 400. The fields are:
//!   - `latency_ms` (number): delay before every REST response and every token response of the
//!     org's apps, in milliseconds.
//!   - `http_status` (500 or 503): every REST call fails with that status.
//!   - `access_token_calls` (number): each access token works for that many REST calls, then
//!     gets 401 `INVALID_SESSION_ID` "Session expired or invalid".
//!   - `request_limit_exceeded` (bool): 403 `REQUEST_LIMIT_EXCEEDED`.
//!   - `api_disabled` (bool): 403 `API_DISABLED_FOR_ORG`.
//!   - `app_not_active` (bool): the org's apps get `invalid_client_id` on authorize and token
//!     requests, as a newly created app does.
//!   - `session_not_valid_for_rest` (bool): 401 `INVALID_SESSION_ID` "This session is not valid
//!     for use with the REST API".
//!   - `rotate_refresh_tokens` (bool): each refresh returns a new `refresh_token` and retires the
//!     one it used.
//!   - `require_pkce` (bool): overrides the apps' "Require PKCE" setting.
//!   - `ip_restricted` (bool): token requests (code exchange and refresh) get `invalid_grant`
//!     "ip restricted".
//!   - `invalid_login_hours` (bool): token requests get `invalid_grant` "invalid login hours".
//!   - `app_not_installed` (bool): authorize and token requests get `invalid_client` "app must
//!     be installed into org".
//!   - `app_blocked` (bool): API Access Control blocks the org's apps. The authorize flow
//!     redirects to the callback with `error=OAUTH_APP_BLOCKED` after the login, token requests
//!     get 400 `OAUTH_APP_BLOCKED`, and REST calls get 401 `INVALID_SESSION_ID` "This session is
//!     not valid for use with the REST API".
//!   - `user_not_approved` (bool): token requests get `invalid_grant` "user hasn't approved this
//!     consumer".
//! - `POST /__emulator/orgs/{domain}/cursors/expire` drops every open query cursor, child
//!   subquery cursors included, so the next `nextRecordsUrl` gets 400 `INVALID_QUERY_LOCATOR`.
//! - `POST /__emulator/orgs/{domain}/api-usage` with `{"used": N}` sets the API calls counted in
//!   the rolling 24-hour allowance.
//!
//! These return 200 with the org's current faults; an unknown org gets 404 and an invalid body 400.
//!
//! Orgs, users, apps and records:
//!
//! - `POST /__emulator/orgs` with `{"domain", "username", "password", "name"?}` adds an org
//!   whose My Domain is `domain` (dot-separated labels of lower-case letters, digits and hyphens,
//!   such as `acme--uat.sandbox`) and whose host is `{domain}.localhost:PORT`. It gets its own
//!   copy of the demo seed data, an admin with the given username and password (profile
//!   "System Administrator"), two more users whose passwords are `ssales-Password1` and
//!   `iintegr-Password1`, and no apps. Returns 201 with `{"id", "domain", "name",
//!   "instance_url", "users": [...]}`; a taken domain or username gets 409.
//! - `POST /__emulator/orgs/{domain}/users` with `{"username", "password", "first_name"?,
//!   "last_name"?, "profile"?, "app_access"?}` adds a user who can log in on the authorize page
//!   (201), or replaces the password, profile and app access of the org's user with that username
//!   (200). `profile` defaults to "Standard User". `app_access` (default true) sets whether the
//!   profile is among the apps' permitted users: without it the authorize flow redirects with
//!   `error=OAUTH_APP_ACCESS_DENIED` and token requests for the user get `invalid_grant` "user
//!   hasn't approved this consumer". A username of another org's user gets 409. Returns `{"id",
//!   "username", "profile", "app_access"}`.
//! - `POST /__emulator/orgs/{domain}/apps` with `{"client_id", "client_secret", "callback_urls",
//!   "name"?, "scopes"?, "require_pkce"?, "require_secret"?, "rotate_refresh_tokens"?}` adds an
//!   External Client App (201), or replaces the org's app with that consumer key (200).
//!   `scopes` defaults to every scope of the demo app, `require_pkce` and `require_secret` to
//!   true, and `rotate_refresh_tokens` to false. A consumer key of another org's app gets 409.
//!   Returns the app without its secret.
//! - `POST /__emulator/orgs/{domain}/records/bulk` with `{"object", "count"}` adds `count` (1 to
//!   100,000) generated `Account` or `Invoice__c` records owned by the org's admin. Each record is
//!   named by its position among all the object's records in the org, seeded ones included, in six digits: `Bulk Account 000001` or
//!   `BULK-000001`. Returns 201 with `{"object", "created", "first_id", "last_id", "total"}`.
//!
//! Errors of these endpoints are `{"error": message}` with 400, 404 or 409.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use tracing::{info, instrument};

mod bulk;
mod directory;

use crate::faults::Faults;
use crate::state::{Shared, lock};

/// The control routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route(
            "/__emulator/orgs/{domain}/faults",
            get(read_faults).post(write_faults),
        )
        .route(
            "/__emulator/orgs/{domain}/cursors/expire",
            post(expire_cursors),
        )
        .route("/__emulator/orgs/{domain}/api-usage", post(set_api_usage))
        .route("/__emulator/orgs", post(directory::create_org))
        .route("/__emulator/orgs/{domain}/users", post(directory::put_user))
        .route("/__emulator/orgs/{domain}/apps", post(directory::put_app))
        .route(
            "/__emulator/orgs/{domain}/records/bulk",
            post(bulk::bulk_records),
        )
}

fn conflict(message: String) -> Response {
    (StatusCode::CONFLICT, Json(json!({"error": message}))).into_response()
}

fn unknown_org(domain: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({"error": format!("no org has the My Domain name '{domain}'")})),
    )
        .into_response()
}

fn bad_request(message: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({"error": message}))).into_response()
}

async fn read_faults(State(shared): State<Shared>, Path(domain): Path<String>) -> Response {
    let guard = lock(&shared);
    match guard.org_index(&domain) {
        Some(index) => Json(guard.orgs[index].faults.clone()).into_response(),
        None => unknown_org(&domain),
    }
}

#[instrument(skip_all, fields(org.domain = %domain))]
async fn write_faults(
    State(shared): State<Shared>,
    Path(domain): Path<String>,
    body: Bytes,
) -> Response {
    let faults: Faults = match serde_json::from_slice(&body) {
        Ok(faults) => faults,
        Err(error) => return bad_request(format!("invalid faults JSON: {error}")),
    };
    if let Some(status) = faults.http_status
        && !(500..=599).contains(&status)
    {
        return bad_request(format!("http_status must be 500 to 599, got {status}"));
    }
    let mut guard = lock(&shared);
    let Some(index) = guard.org_index(&domain) else {
        return unknown_org(&domain);
    };
    info!(faults = ?faults, "org faults replaced");
    guard.orgs[index].faults = faults.clone();
    Json(faults).into_response()
}

async fn expire_cursors(State(shared): State<Shared>, Path(domain): Path<String>) -> Response {
    let mut guard = lock(&shared);
    let Some(index) = guard.org_index(&domain) else {
        return unknown_org(&domain);
    };
    guard.orgs[index].cursors.clear();
    Json(guard.orgs[index].faults.clone()).into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ApiUsage {
    used: u64,
}

async fn set_api_usage(
    State(shared): State<Shared>,
    Path(domain): Path<String>,
    body: Bytes,
) -> Response {
    let usage: ApiUsage = match serde_json::from_slice(&body) {
        Ok(usage) => usage,
        Err(error) => return bad_request(format!("invalid api-usage JSON: {error}")),
    };
    let mut guard = lock(&shared);
    let Some(index) = guard.org_index(&domain) else {
        return unknown_org(&domain);
    };
    guard.orgs[index].api_requests = usage.used;
    Json(guard.orgs[index].faults.clone()).into_response()
}
