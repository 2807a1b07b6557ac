//! Server function: the settings page's data, with the secret masked.

use leptos::prelude::*;

use crate::dto::SettingsView;
use crate::error::AppError;

/// Loads an environment's Salesforce settings and connection.
#[server(endpoint = "load_settings")]
pub async fn load_settings(environment: String) -> Result<SettingsView, AppError> {
    let caller = crate::services::authorize(crate::model::Action::ViewSettings)?;
    let services = crate::services::services()?;
    crate::error::respond(services.integrations.settings(&caller, &environment).await)
}
