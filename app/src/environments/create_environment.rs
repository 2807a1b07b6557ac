//! Server function: create an environment.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::dto::EnvironmentSummary;
use crate::error::AppError;
use crate::model::EnvironmentInput;

/// Creates an environment from a name and an optional URL slug.
#[server(endpoint = "create_environment", input = Json)]
pub async fn create_environment(input: EnvironmentInput) -> Result<EnvironmentSummary, AppError> {
    let caller = crate::services::authorize(crate::model::Action::ManageEnvironments)?;
    let services = crate::services::services()?;
    crate::error::respond(services.environments.create(&caller, input).await)
}
