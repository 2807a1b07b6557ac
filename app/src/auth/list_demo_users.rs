//! Server function: the demo console users, for the sign-in page.

use leptos::prelude::*;

use crate::dto::DemoUser;
use crate::error::AppError;

/// Lists the demo users and their published passwords while the demo org is on, and nothing
/// otherwise. Anonymous callers get the list too, because the sign-in page shows it.
#[server(endpoint = "list_demo_users")]
pub async fn list_demo_users() -> Result<Vec<DemoUser>, AppError> {
    Ok(crate::services::services()?.accounts.demo_users())
}
