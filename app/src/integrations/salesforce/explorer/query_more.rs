//! Server function: the next page of a query, from its `nextRecordsUrl`.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::dto::QueryResult;
use crate::error::AppError;

/// Loads the next page of results.
#[server(endpoint = "query_more", input = Json)]
pub async fn query_more(
    environment: String,
    next_records_url: String,
) -> Result<QueryResult, AppError> {
    let caller = crate::services::authorize(crate::model::Action::ReadRecords)?;
    let services = crate::services::services()?;
    crate::error::respond(
        services
            .explorer
            .query_more(&caller, &environment, &next_records_url)
            .await,
    )
}
