//! Server function: the environments and whether each has a connected integration.

use leptos::prelude::*;

use crate::dto::EnvironmentSummary;
use crate::error::AppError;

/// Lists every environment.
#[server(endpoint = "list_environments")]
pub async fn list_environments() -> Result<Vec<EnvironmentSummary>, AppError> {
    let caller = crate::services::authorize(crate::model::Action::ListEnvironments)?;
    let services = crate::services::services()?;
    crate::error::respond(services.environments.list(&caller).await)
}
