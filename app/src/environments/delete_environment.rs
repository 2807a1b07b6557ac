//! Server function: delete an environment and everything in it.

use leptos::prelude::*;

use crate::error::AppError;

/// Deletes the environment, revoking its Salesforce tokens first.
#[server(endpoint = "delete_environment")]
pub async fn delete_environment(environment: String) -> Result<(), AppError> {
    let caller = crate::services::authorize(crate::model::Action::ManageEnvironments)?;
    let services = crate::services::services()?;
    crate::error::respond(services.environments.delete(&caller, &environment).await)
}
