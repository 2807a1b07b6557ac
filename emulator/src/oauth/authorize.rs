//! The authorize endpoint of the Web Server flow: request checks, the login form, the approval
//! page, and the redirect back to the callback with a code or an error.

use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Extension, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use tracing::{info, instrument};

use super::error::{self, OAuthError};
use super::pages;
use super::tokens::random_token;
use crate::host::{Site, SiteKind};
use crate::state::{AuthorizationCode, PendingAuthorization, Shared, lock};

/// How long a login form stays valid.
const PENDING_LIFETIME: Duration = Duration::from_secs(30 * 60);

/// Parses form-encoded pairs, keeping the first value of each name.
pub fn form_value(pairs: &[(String, String)], name: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.clone())
}

pub fn parse_pairs(raw: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(raw)
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect()
}

/// Builds the 302 to the callback with parameters appended to whatever query it already has.
pub fn redirect_with(redirect_uri: &str, params: &[(&str, &str)]) -> Response {
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in params {
        serializer.append_pair(name, value);
    }
    let separator = if redirect_uri.contains('?') { '&' } else { '?' };
    let location = format!("{redirect_uri}{separator}{}", serializer.finish());
    (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
}

fn redirect_error(redirect_uri: &str, failure: OAuthError, state: Option<&str>) -> Response {
    let mut params = vec![
        ("error", failure.error),
        ("error_description", failure.description),
    ];
    if let Some(state) = state {
        params.push(("state", state));
    }
    redirect_with(redirect_uri, &params)
}

/// Handles `GET /services/oauth2/authorize`: checks the request in Salesforce's order and shows
/// the login form.
/// NOTE: the emulator keeps no browser session, so every authorization shows the login form and
/// the approval page. Salesforce skips both for a logged-in user who already approved the app.
#[instrument(skip_all, fields(site = ?site.kind))]
pub async fn authorize(
    State(shared): State<Shared>,
    Extension(site): Extension<Site>,
    RawQuery(query): RawQuery,
) -> Response {
    let pairs = parse_pairs(query.unwrap_or_default().as_bytes());
    let client_id = form_value(&pairs, "client_id").unwrap_or_default();
    let redirect_uri = form_value(&pairs, "redirect_uri").unwrap_or_default();
    let state = form_value(&pairs, "state");
    let response_type = form_value(&pairs, "response_type").unwrap_or_default();
    let code_challenge = form_value(&pairs, "code_challenge").filter(|value| !value.is_empty());
    let code_challenge_method = form_value(&pairs, "code_challenge_method");
    let login_hint = form_value(&pairs, "login_hint").unwrap_or_default();
    let nonce = form_value(&pairs, "nonce");
    let requested_scopes: Vec<String> = form_value(&pairs, "scope")
        .unwrap_or_default()
        .split(' ')
        .filter(|scope| !scope.is_empty())
        .map(str::to_owned)
        .collect();

    let mut guard = lock(&shared);
    let Some((app_org, app)) = guard.find_app(client_id.trim()) else {
        info!("authorize rejected an unknown client_id");
        return invalid_client_redirect(&redirect_uri, state.as_deref());
    };
    let app = app.clone();
    let faults = guard.orgs[app_org].faults.clone();
    if faults.app_not_active {
        return invalid_client_redirect(&redirect_uri, state.as_deref());
    }
    if !app.callback_urls.contains(&redirect_uri) {
        info!("authorize rejected a redirect_uri that is not registered");
        return pages::error_page(
            StatusCode::BAD_REQUEST,
            error::REDIRECT_URI_MISMATCH.error,
            error::REDIRECT_URI_MISMATCH.description,
        );
    }
    if faults.app_not_installed {
        return redirect_error(&redirect_uri, error::APP_NOT_INSTALLED, state.as_deref());
    }
    if response_type != "code" {
        return redirect_error(
            &redirect_uri,
            error::UNSUPPORTED_RESPONSE_TYPE,
            state.as_deref(),
        );
    }
    if requested_scopes
        .iter()
        .any(|scope| !app.scopes.contains(scope))
    {
        return redirect_error(&redirect_uri, error::INVALID_SCOPE, state.as_deref());
    }
    let require_pkce = faults.require_pkce.unwrap_or(app.require_pkce);
    if require_pkce && code_challenge.is_none() {
        return redirect_error(
            &redirect_uri,
            error::MISSING_CODE_CHALLENGE,
            state.as_deref(),
        );
    }
    if let Some(method) = code_challenge_method.as_deref()
        && method != "S256"
        && method != "plain"
    {
        return redirect_error(
            &redirect_uri,
            error::INVALID_CODE_CHALLENGE_METHOD,
            state.as_deref(),
        );
    }
    // With no `scope`, Salesforce grants the scopes configured on the app.
    let scopes = if requested_scopes.is_empty() {
        app.scopes.clone()
    } else {
        requested_scopes
    };
    let host_org = match site.kind {
        SiteKind::Org(index) => Some(index),
        _ => None,
    };
    let pending_id = random_token(40);
    guard
        .pending
        .retain(|_, pending| pending.created.elapsed() < PENDING_LIFETIME);
    guard.pending.insert(
        pending_id.clone(),
        PendingAuthorization {
            client_id: app.client_id.clone(),
            redirect_uri,
            state,
            scopes,
            code_challenge,
            code_challenge_method,
            nonce,
            host_org,
            user: None,
            created: Instant::now(),
        },
    );
    pages::login_page(&pending_id, &login_hint, None)
}

/// An unknown consumer key goes back to the callback, as Salesforce does; without a callback to
/// go to, the error shows on Salesforce's own page.
fn invalid_client_redirect(redirect_uri: &str, state: Option<&str>) -> Response {
    if redirect_uri.is_empty() {
        return pages::error_page(
            StatusCode::BAD_REQUEST,
            error::INVALID_CLIENT_ID.error,
            error::INVALID_CLIENT_ID.description,
        );
    }
    redirect_error(redirect_uri, error::INVALID_CLIENT_ID, state)
}

fn expired_page() -> Response {
    pages::error_page(
        StatusCode::BAD_REQUEST,
        "invalid_request",
        "authorization request has expired, please start again",
    )
}

/// Handles the login form post: a match shows the approval page, a mismatch the form again.
#[instrument(skip_all)]
pub async fn login(State(shared): State<Shared>, body: Bytes) -> Response {
    let pairs = parse_pairs(&body);
    let pending_id = form_value(&pairs, "pending").unwrap_or_default();
    let username = form_value(&pairs, "username").unwrap_or_default();
    let password = form_value(&pairs, "pw").unwrap_or_default();

    let mut guard = lock(&shared);
    let Some(pending) = guard.pending.get(&pending_id).cloned() else {
        return expired_page();
    };
    // On a My Domain host only that org's users can log in; the generic host serves every org.
    let candidate = guard
        .orgs
        .iter()
        .enumerate()
        .filter(|(index, _)| pending.host_org.is_none_or(|host| host == *index))
        .find_map(|(index, org)| {
            org.user_by_username(&username)
                .map(|user| (index, user.clone()))
        });
    let Some((org_index, user)) = candidate.filter(|(_, user)| user.password == password) else {
        info!("login failed on the authorize page");
        return pages::login_page(&pending_id, &username, Some(pages::LOGIN_FAILED));
    };
    // API Access Control and the app's permitted users apply to the user who logged in.
    let rejection = if guard.orgs[org_index].faults.app_blocked {
        Some(error::APP_BLOCKED)
    } else if !user.app_access {
        Some(error::APP_ACCESS_DENIED)
    } else {
        None
    };
    if let Some(failure) = rejection {
        guard.pending.remove(&pending_id);
        info!(
            error = failure.error,
            "authorize rejected the user who logged in"
        );
        return redirect_error(&pending.redirect_uri, failure, pending.state.as_deref());
    }
    let app_name = guard
        .find_app(&pending.client_id)
        .map(|(_, app)| app.name.clone())
        .unwrap_or_default();
    if let Some(stored) = guard.pending.get_mut(&pending_id) {
        stored.user = Some((org_index, user.id.clone()));
    }
    pages::approval_page(&pending_id, &app_name, &user.username, &pending.scopes)
}

/// Handles the approval form: Allow issues a code, Deny sends `access_denied`.
#[instrument(skip_all)]
pub async fn approve(State(shared): State<Shared>, body: Bytes) -> Response {
    let pairs = parse_pairs(&body);
    let pending_id = form_value(&pairs, "pending").unwrap_or_default();
    let decision = form_value(&pairs, "decision").unwrap_or_default();

    let mut guard = lock(&shared);
    let Some(pending) = guard.pending.remove(&pending_id) else {
        return expired_page();
    };
    let Some((org, user_id)) = pending.user.clone() else {
        return expired_page();
    };
    if decision != "allow" {
        return redirect_error(
            &pending.redirect_uri,
            error::ACCESS_DENIED,
            pending.state.as_deref(),
        );
    }
    let code = format!("aPrx{}", random_token(80));
    guard.codes.insert(
        code.clone(),
        AuthorizationCode {
            org,
            user_id,
            client_id: pending.client_id,
            redirect_uri: pending.redirect_uri.clone(),
            scopes: pending.scopes,
            code_challenge: pending.code_challenge,
            code_challenge_method: pending.code_challenge_method,
            nonce: pending.nonce,
            created: Instant::now(),
        },
    );
    let mut params = vec![("code", code.as_str())];
    if let Some(state) = pending.state.as_deref() {
        params.push(("state", state));
    }
    redirect_with(&pending.redirect_uri, &params)
}
