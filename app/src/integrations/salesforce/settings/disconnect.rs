//! Server function: revoke and delete the connection's tokens.

use leptos::prelude::*;

use crate::dto::ChangeOutcome;
use crate::error::AppError;

/// Revokes the tokens at Salesforce, then deletes them.
#[server(endpoint = "disconnect")]
pub async fn disconnect(environment: String) -> Result<ChangeOutcome, AppError> {
    let caller = crate::services::authorize(crate::model::Action::Connect)?;
    let services = crate::services::services()?;
    crate::error::respond(services.integrations.disconnect(&caller, &environment).await)
}
