//! The REST API of an org host: versions, the versioned resources behind the token check, and
//! Salesforce's JSON error shape.

pub mod cursors;
pub mod error;
pub mod gate;
pub mod query;
pub mod versions;

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::state::Shared;
use error::RestError;

/// The REST routes of an org host.
pub fn routes(shared: Shared) -> Router<Shared> {
    let versioned = Router::new()
        .route("/services/data/{version}", get(resources))
        .route("/services/data/{version}/", get(resources))
        .route("/services/data/{version}/query", get(query::query))
        .route("/services/data/{version}/query/", get(query::query))
        .route("/services/data/{version}/query/{cursor}", get(query::next_page))
        .route("/services/data/{version}/queryAll", get(query::query_all))
        .route("/services/data/{version}/queryAll/", get(query::query_all))
        .route("/services/data/{version}/queryAll/{cursor}", get(query::next_page))
        .route("/services/data/{version}/{*rest}", get(not_found).post(not_found).patch(not_found).delete(not_found))
        .route_layer(from_fn_with_state(shared.clone(), gate::gate));
    Router::new()
        .route("/services/data", get(versions::list))
        .route("/services/data/", get(versions::list))
        .merge(versioned)
        .layer(from_fn_with_state(shared, gate::limit_info))
}

async fn not_found() -> Response {
    RestError::not_found().into_response()
}

/// Handles `GET /services/data/vXX.X/`: the resources of a version.
async fn resources(
    axum::extract::Extension(context): axum::extract::Extension<gate::RestContext>,
) -> Response {
    let base = format!("/services/data/v{}", context.version);
    // Only resources the emulator serves are listed; Salesforce lists many more.
    let names = ["sobjects", "query", "queryAll", "search", "limits", "composite"];

    let mut body = serde_json::Map::new();
    for name in names {
        body.insert(name.to_owned(), serde_json::Value::String(format!("{base}/{name}")));
    }
    axum::Json(serde_json::Value::Object(body)).into_response()
}
