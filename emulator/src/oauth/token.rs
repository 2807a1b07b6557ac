//! The token endpoint: the `authorization_code` and `refresh_token` grants.

use std::time::Duration;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use tracing::{info, instrument};

use super::authorize::{form_value, parse_pairs};
use super::error::{self, OAuthError};
use super::pkce;
use super::tokens::{Grant, RefreshPlan, grants_refresh, issue};
use crate::host::{Site, SiteKind};
use crate::org::ClientApp;
use crate::state::{EmulatorState, Shared, lock};

/// How long an authorization code can be exchanged, as Salesforce documents (15 minutes).
const CODE_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// Client credentials from the form body, or else from HTTP Basic authentication.
pub(super) fn client_credentials(
    pairs: &[(String, String)],
    headers: &HeaderMap,
) -> (String, Option<String>) {
    let from_body = form_value(pairs, "client_id");
    let secret_from_body = form_value(pairs, "client_secret");
    if let Some(client_id) = from_body {
        return (client_id, secret_from_body);
    }
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Basic "))
        .and_then(|encoded| STANDARD.decode(encoded.trim()).ok())
        .and_then(|decoded| String::from_utf8(decoded).ok());
    match basic.as_deref().and_then(|text| text.split_once(':')) {
        Some((client_id, secret)) => {
            let decode = |text: &str| {
                percent_encoding::percent_decode_str(text)
                    .decode_utf8_lossy()
                    .into_owned()
            };
            (decode(client_id), Some(decode(secret)))
        }
        None => (String::new(), secret_from_body),
    }
}

/// Handles `POST /services/oauth2/token`.
#[instrument(skip_all, fields(site = ?site.kind))]
pub async fn token(
    State(shared): State<Shared>,
    Extension(site): Extension<Site>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let pairs = parse_pairs(&body);
    let grant_type = form_value(&pairs, "grant_type").unwrap_or_default();
    let (client_id, client_secret) = client_credentials(&pairs, &headers);

    // The latency fault of the app's org applies to its token requests too.
    let latency = {
        let guard = lock(&shared);
        guard
            .find_app(client_id.trim())
            .map_or(0, |(org, _)| guard.orgs[org].faults.latency_ms)
    };
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }

    let mut guard = lock(&shared);
    let result = match grant_type.as_str() {
        "authorization_code" => exchange_code(
            &mut guard,
            &site,
            &pairs,
            client_id.trim(),
            client_secret.as_deref(),
        ),
        "refresh_token" => refresh(
            &mut guard,
            &site,
            &pairs,
            client_id.trim(),
            client_secret.as_deref(),
        ),
        _ => Err(error::UNSUPPORTED_GRANT_TYPE),
    };
    match result {
        Ok(body) => ([(header::CACHE_CONTROL, "no-cache,no-store")], Json(body)).into_response(),
        Err(failure) => {
            info!(
                error = failure.error,
                description = failure.description,
                "token request rejected"
            );
            failure.into_response()
        }
    }
}

/// Finds the app and checks its secret, in Salesforce's order: an unknown or inactive key
/// first, then the secret, then whether the app is installed and not blocked.
pub(super) fn authenticate_client(
    state: &EmulatorState,
    client_id: &str,
    client_secret: Option<&str>,
) -> Result<(usize, ClientApp), OAuthError> {
    let (org, app) = state.find_app(client_id).ok_or(error::INVALID_CLIENT_ID)?;
    let faults = &state.orgs[org].faults;
    if faults.app_not_active {
        return Err(error::INVALID_CLIENT_ID);
    }
    match client_secret {
        Some(secret) if secret != app.client_secret => {
            return Err(error::INVALID_CLIENT_CREDENTIALS);
        }
        None if app.require_secret => return Err(error::INVALID_CLIENT_CREDENTIALS),
        _ => {}
    }
    if faults.app_not_installed {
        return Err(error::APP_NOT_INSTALLED);
    }
    if faults.app_blocked {
        return Err(error::APP_BLOCKED);
    }
    Ok((org, app.clone()))
}

/// Checks the user of a grant against the org's login policies: app permission first, then the
/// login IP ranges and login hours of the profile.
fn check_user(state: &EmulatorState, org: usize, user_id: &str) -> Result<(), OAuthError> {
    let org = &state.orgs[org];
    let permitted = org.user_by_id(user_id).is_some_and(|user| user.app_access);
    if org.faults.user_not_approved || !permitted {
        return Err(error::USER_NOT_APPROVED);
    }
    if org.faults.ip_restricted {
        return Err(error::IP_RESTRICTED);
    }
    if org.faults.invalid_login_hours {
        return Err(error::INVALID_LOGIN_HOURS);
    }
    Ok(())
}

/// A token request to a My Domain host must be for that org.
fn host_allows(site: &Site, org: usize) -> bool {
    match site.kind {
        SiteKind::Org(host) => host == org,
        _ => true,
    }
}

fn exchange_code(
    state: &mut EmulatorState,
    site: &Site,
    pairs: &[(String, String)],
    client_id: &str,
    client_secret: Option<&str>,
) -> Result<serde_json::Value, OAuthError> {
    let (_, app) = authenticate_client(state, client_id, client_secret)?;
    let code = form_value(pairs, "code").unwrap_or_default();
    // A code is spent by any exchange attempt, successful or not, so a replay always fails.
    let stored = state
        .codes
        .remove(&code)
        .filter(|stored| stored.client_id == app.client_id)
        .filter(|stored| stored.created.elapsed() < CODE_LIFETIME)
        .filter(|stored| host_allows(site, stored.org))
        .ok_or(error::AUTHENTICATION_FAILURE)?;
    let redirect_uri = form_value(pairs, "redirect_uri").unwrap_or_default();
    if redirect_uri != stored.redirect_uri {
        // NOTE: Salesforce's token-endpoint error for a redirect_uri that differs from the
        // authorize request's is unconfirmed; this is the error its authorize page uses.
        return Err(error::REDIRECT_URI_MISMATCH);
    }
    if let Some(challenge) = stored.code_challenge.as_deref() {
        let verifier = form_value(pairs, "code_verifier").unwrap_or_default();
        if !pkce::verify(
            &verifier,
            challenge,
            stored.code_challenge_method.as_deref(),
        ) {
            return Err(error::INVALID_CODE_VERIFIER);
        }
    }
    check_user(state, stored.org, &stored.user_id)?;
    let grant = Grant {
        org: stored.org,
        user_id: stored.user_id,
        client_id: app.client_id.clone(),
        client_secret: app.client_secret.clone(),
        scopes: stored.scopes,
        nonce: stored.nonce,
    };
    let plan = if grants_refresh(&grant.scopes) {
        RefreshPlan::NewApproval
    } else {
        RefreshPlan::Keep { parent: None }
    };
    Ok(issue(state, site, &grant, plan))
}

fn refresh(
    state: &mut EmulatorState,
    site: &Site,
    pairs: &[(String, String)],
    client_id: &str,
    client_secret: Option<&str>,
) -> Result<serde_json::Value, OAuthError> {
    let (_, app) = authenticate_client(state, client_id, client_secret)?;
    let token = form_value(pairs, "refresh_token").unwrap_or_default();
    let stored = state
        .refresh_tokens
        .get(&token)
        .filter(|stored| stored.client_id == app.client_id)
        .filter(|stored| host_allows(site, stored.org))
        .cloned()
        .ok_or(error::EXPIRED_TOKEN)?;
    check_user(state, stored.org, &stored.user_id)?;
    let rotate = app.rotate_refresh_tokens || state.orgs[stored.org].faults.rotate_refresh_tokens;
    // Rotation retires the old refresh token; access tokens already issued keep working.
    if rotate {
        state.refresh_tokens.remove(&token);
    }
    let grant = Grant {
        org: stored.org,
        user_id: stored.user_id,
        client_id: app.client_id.clone(),
        client_secret: app.client_secret.clone(),
        scopes: stored.scopes,
        nonce: None,
    };
    let plan = if rotate {
        RefreshPlan::Rotate {
            approval: stored.approval,
        }
    } else {
        RefreshPlan::Keep {
            parent: Some(token),
        }
    };
    Ok(issue(state, site, &grant, plan))
}
