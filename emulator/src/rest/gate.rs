//! The checks every versioned REST call passes before its handler: API version, bearer token,
//! the org's fault switches and its API allowance. Also the `Sforce-Limit-Info` header that every
//! REST response carries.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tracing::{info, instrument};

use super::error::RestError;
use super::versions;
use crate::host::{Site, SiteKind};
use crate::oauth::tokens::bearer_token;
use crate::state::{Shared, lock};

/// The caller and API version of a REST call, which handlers read from the request extensions.
#[derive(Clone, Debug)]
pub struct RestContext {
    pub org: usize,
    pub user_id: String,
    pub version: String,
}

fn org_of(request: &Request) -> Option<usize> {
    match request.extensions().get::<Site>()?.kind {
        SiteKind::Org(index) => Some(index),
        _ => None,
    }
}

/// Adds `Sforce-Limit-Info: api-usage=N/M` to every response under `/services/data`.
pub async fn limit_info(State(shared): State<Shared>, request: Request, next: Next) -> Response {
    let org = org_of(&request);
    let mut response = next.run(request).await;
    if let Some(org) = org {
        let header = {
            let guard = lock(&shared);
            let org = &guard.orgs[org];
            format!(
                "api-usage={}/{}",
                org.api_requests.min(org.api_limit),
                org.api_limit
            )
        };
        if let Ok(value) = HeaderValue::from_str(&header) {
            response.headers_mut().insert("Sforce-Limit-Info", value);
        }
    }
    response
}

/// Checks a versioned REST call and stores its `RestContext` for the handler.
#[instrument(skip_all, fields(path = %request.uri().path()))]
pub async fn gate(State(shared): State<Shared>, mut request: Request, next: Next) -> Response {
    let Some(org) = org_of(&request) else {
        return RestError::not_found().into_response();
    };
    let latency = lock(&shared).orgs[org].faults.latency_ms;
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let segment = request
        .uri()
        .path()
        .trim_start_matches("/services/data/")
        .split('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    let version = match versions::check(&segment) {
        Ok(version) => version,
        Err(error) => return error.into_response(),
    };
    let token = bearer_token(request.headers());
    let context = match admit(&shared, org, token.as_deref(), version) {
        Ok(context) => context,
        Err(error) => {
            info!(
                error_code = error.error_code,
                status = error.status.as_u16(),
                "REST call rejected"
            );
            return error.into_response();
        }
    };
    request.extensions_mut().insert(context);
    next.run(request).await
}

/// Applies the token check, the fault switches and the API allowance, in that order.
fn admit(
    shared: &Shared,
    org: usize,
    token: Option<&str>,
    version: String,
) -> Result<RestContext, RestError> {
    let mut guard = lock(shared);
    let token = token.ok_or_else(RestError::session_expired)?;
    let access = guard
        .access_tokens
        .get(token)
        .filter(|access| access.org == org)
        .cloned()
        .ok_or_else(RestError::session_expired)?;

    let faults = guard.orgs[org].faults.clone();
    let rest_scope = access
        .scopes
        .iter()
        .any(|scope| scope == "api" || scope == "full");
    // API Access Control ends the sessions of a blocked app in the same way.
    if faults.session_not_valid_for_rest || faults.app_blocked || !rest_scope {
        return Err(RestError::new(
            StatusCode::UNAUTHORIZED,
            "INVALID_SESSION_ID",
            "This session is not valid for use with the REST API",
        ));
    }

    if let Some(limit) = faults.access_token_calls {
        let calls = access.calls + 1;
        if calls > limit {
            guard.access_tokens.remove(token);
            return Err(RestError::session_expired());
        }
        if let Some(stored) = guard.access_tokens.get_mut(token) {
            stored.calls = calls;
        }
    }

    if faults.api_disabled {
        return Err(RestError::new(
            StatusCode::FORBIDDEN,
            "API_DISABLED_FOR_ORG",
            "The REST API is not enabled for this Organization.",
        ));
    }
    let org_state = &mut guard.orgs[org];
    if faults.request_limit_exceeded || org_state.api_requests >= org_state.api_limit {
        return Err(RestError::new(
            StatusCode::FORBIDDEN,
            "REQUEST_LIMIT_EXCEEDED",
            "TotalRequests Limit exceeded.",
        ));
    }
    org_state.api_requests += 1;

    match faults.http_status {
        Some(503) => {
            // NOTE: Salesforce's 503 body during maintenance is often an HTML page; the JSON form
            // here is the variant client libraries report most.
            return Err(RestError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "SERVER_UNAVAILABLE",
                "Server temporarily unavailable",
            ));
        }
        Some(status) if status >= 500 => {
            return Err(RestError::new(
                StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                "UNKNOWN_EXCEPTION",
                "An unexpected error occurred. Please include this ErrorId if you contact support: 1170462136-71402 (-1527542811)",
            ));
        }
        _ => {}
    }
    Ok(RestContext {
        org,
        user_id: access.user_id,
        version,
    })
}
