//! Server function: run the test connection steps against the org.

use leptos::prelude::*;

use crate::dto::TestReport;
use crate::error::AppError;

/// Refreshes the access token, reads user info, lists API versions and runs a query.
#[server(endpoint = "test_connection")]
pub async fn test_connection(environment: String) -> Result<TestReport, AppError> {
    let caller = crate::services::authorize(crate::model::Action::RunTestConnection)?;
    let services = crate::services::services()?;
    crate::error::respond(services.integrations.test_connection(&caller, &environment).await)
}
