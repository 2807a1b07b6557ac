//! Server function: who is signed in, for the page header.

use leptos::prelude::*;

use crate::dto::SignedInUser;
use crate::error::AppError;

/// Returns the signed-in user's email and role, or `None` for an anonymous caller. It serves
/// anonymous callers without an error, because the sign-in page's header calls it too.
#[server(endpoint = "current_user")]
pub async fn current_user() -> Result<Option<SignedInUser>, AppError> {
    let caller = crate::services::optional_caller()?;
    Ok(caller.map(|caller| SignedInUser {
        email: caller.email,
        role: caller.role,
    }))
}
