//! Server function: revoke and delete the connection's tokens.

use leptos::prelude::*;

use crate::dto::ChangeOutcome;
use crate::error::AppError;

/// Revokes the tokens at Salesforce, then deletes them.
#[server(endpoint = "disconnect")]
pub async fn disconnect(environment: String) -> Result<ChangeOutcome, AppError> {
    let services = crate::services::services()?;
    crate::error::respond(services.integrations.disconnect(&environment).await)
}
