//! The control endpoint that fills an org with generated records, for benchmarks and tests that
//! need large orgs without slowing down the demo seed.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use tracing::{info, instrument};

use super::{bad_request, unknown_org};
use crate::data::seed::{BULK_OBJECTS, bulk_insert};
use crate::state::{Shared, lock};

/// Maximum number of records one request may add, which bounds how long the state lock is held.
pub const MAX_BULK_RECORDS: usize = 100_000;

/// The body of `POST /__emulator/orgs/{domain}/records/bulk`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BulkRequest {
    object: String,
    count: usize,
}

/// Handles `POST /__emulator/orgs/{domain}/records/bulk`: adds `count` generated records of
/// `object`, owned by the org's admin.
#[instrument(skip_all, fields(org.domain = %domain))]
pub async fn bulk_records(
    State(shared): State<Shared>,
    Path(domain): Path<String>,
    body: Bytes,
) -> Response {
    let request: BulkRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(error) => return bad_request(format!("invalid bulk JSON: {error}")),
    };
    if request.count == 0 || request.count > MAX_BULK_RECORDS {
        return bad_request(format!(
            "count must be 1 to {MAX_BULK_RECORDS}, got {}",
            request.count
        ));
    }
    let mut guard = lock(&shared);
    let Some(index) = guard.org_index(&domain) else {
        return unknown_org(&domain);
    };
    let org = &mut guard.orgs[index];
    let owner = org
        .users
        .first()
        .map(|admin| admin.id.clone())
        .unwrap_or_default();
    let Some((object, ids)) = bulk_insert(&mut org.store, &request.object, request.count, &owner)
    else {
        return bad_request(format!(
            "object must be one of {}, got '{}'",
            BULK_OBJECTS.join(", "),
            request.object
        ));
    };
    info!(object, count = ids.len(), "generated records added");
    let body = json!({
        "object": object,
        "created": ids.len(),
        "first_id": ids.first(),
        "last_id": ids.last(),
        "total": org.store.records(object).len(),
    });
    (StatusCode::CREATED, Json(body)).into_response()
}
