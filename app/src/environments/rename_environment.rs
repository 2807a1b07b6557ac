//! Server function: rename an environment and change its slug.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::dto::EnvironmentSummary;
use crate::error::AppError;
use crate::model::EnvironmentInput;

/// Renames the environment whose slug is `environment`.
#[server(endpoint = "rename_environment", input = Json)]
pub async fn rename_environment(
    environment: String,
    input: EnvironmentInput,
) -> Result<EnvironmentSummary, AppError> {
    let caller = crate::services::authorize(crate::model::Action::ManageEnvironments)?;
    let services = crate::services::services()?;
    crate::error::respond(services.environments.rename(&caller, &environment, input).await)
}
