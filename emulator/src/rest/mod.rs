//! The REST API of an org host: versions, the versioned resources behind the token check, and
//! Salesforce's JSON error shape.

mod child_pages;
pub mod composite;
pub mod cursors;
pub mod describe;
pub mod error;
pub mod fields;
pub mod gate;
pub mod limits;
pub mod query;
pub mod records;
pub mod reply;
pub mod resource;
pub mod versions;

use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use tracing::{info, instrument};

use crate::state::{Shared, lock};
use gate::RestContext;

/// Builds the REST routes of an org host.
pub fn routes(shared: Shared) -> Router<Shared> {
    let versioned = Router::new()
        .route("/services/data/{version}", get(resources))
        .route("/services/data/{version}/", get(resources))
        .route("/services/data/{version}/{*rest}", any(handle))
        .route_layer(from_fn_with_state(shared.clone(), gate::gate));
    Router::new()
        .route("/services/data", get(versions::list))
        .route("/services/data/", get(versions::list))
        .merge(versioned)
        .layer(from_fn_with_state(shared, gate::limit_info))
}

/// Handles every versioned resource call by dispatching on its path.
#[instrument(skip_all, fields(org = context.org, method = %method, path = %uri.path()))]
async fn handle(
    State(shared): State<Shared>,
    Extension(context): Extension<RestContext>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let prefix = format!("/services/data/v{}/", context.version);
    let rest = uri.path().strip_prefix(&prefix).unwrap_or_default();
    let call = resource::Call {
        method: &method,
        segments: rest
            .split('/')
            .filter(|segment| !segment.is_empty())
            .collect(),
        raw_query: uri.query(),
        body: &body,
        batch_size: query::batch_size(&headers),
        nested: false,
    };
    let mut guard = lock(&shared);
    let org = &mut guard.orgs[context.org];
    match resource::call(org, &context, &call) {
        Ok(reply) => reply.into_response(),
        Err(error) => {
            info!(
                error_code = error.error_code,
                status = error.status.as_u16(),
                "REST call failed"
            );
            error.into_response()
        }
    }
}

/// Handles `GET /services/data/vXX.X/`: the resources of a version.
async fn resources(Extension(context): Extension<RestContext>) -> Response {
    let base = format!("/services/data/v{}", context.version);
    // Only resources the emulator serves are listed; Salesforce lists many more.
    let names = [
        "sobjects",
        "query",
        "queryAll",
        "search",
        "limits",
        "composite",
    ];
    let mut body = serde_json::Map::new();
    for name in names {
        body.insert(
            name.to_owned(),
            serde_json::Value::String(format!("{base}/{name}")),
        );
    }
    Json(serde_json::Value::Object(body)).into_response()
}
