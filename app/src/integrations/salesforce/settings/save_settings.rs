//! Server function: validate and store the Salesforce settings.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::dto::SettingsView;
use crate::error::AppError;
use crate::model::IntegrationSettingsInput;

/// Validates the settings again on the server and stores them; any invalid field stores nothing.
#[server(endpoint = "save_settings", input = Json)]
pub async fn save_settings(
    environment: String,
    input: IntegrationSettingsInput,
    expected_version: Option<i64>,
) -> Result<SettingsView, AppError> {
    let caller = crate::services::authorize(crate::model::Action::ChangeSettings)?;
    let services = crate::services::services()?;
    crate::error::respond(
        services
            .integrations
            .save(&caller, &environment, input, expected_version)
            .await,
    )
}
