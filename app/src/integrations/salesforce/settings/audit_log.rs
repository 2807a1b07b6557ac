//! Server function: the environment's audit log.

use leptos::prelude::*;

use crate::dto::AuditEventView;
use crate::error::AppError;

/// Lists the newest audit events of the environment.
#[server(endpoint = "audit_log")]
pub async fn audit_log(environment: String) -> Result<Vec<AuditEventView>, AppError> {
    let caller = crate::services::authorize(crate::model::Action::ViewSettings)?;
    let services = crate::services::services()?;
    crate::error::respond(services.integrations.audit_log(&caller, &environment).await)
}
