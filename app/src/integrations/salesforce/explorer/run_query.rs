//! Server function: run a SOQL query as typed, through the org's REST API.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::dto::QueryResult;
use crate::error::AppError;

/// Runs the SOQL unchanged (no client-side parsing) and returns the first page of records.
#[server(endpoint = "run_query", input = Json)]
pub async fn run_query(
    environment: String,
    soql: String,
    include_deleted: bool,
) -> Result<QueryResult, AppError> {
    let caller = crate::services::authorize(crate::model::Action::ReadRecords)?;
    let services = crate::services::services()?;
    crate::error::respond(
        services
            .explorer
            .query(&caller, &environment, &soql, include_deleted)
            .await,
    )
}
