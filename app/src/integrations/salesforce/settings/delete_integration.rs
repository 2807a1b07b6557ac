//! Server function: delete the integration with its secret and connection.

use leptos::prelude::*;

use crate::dto::ChangeOutcome;
use crate::error::AppError;

/// Deletes the integration after revoking its tokens.
#[server(endpoint = "delete_integration")]
pub async fn delete_integration(environment: String) -> Result<ChangeOutcome, AppError> {
    let caller = crate::services::authorize(crate::model::Action::ChangeSettings)?;
    let services = crate::services::services()?;
    crate::error::respond(services.integrations.delete(&caller, &environment).await)
}
