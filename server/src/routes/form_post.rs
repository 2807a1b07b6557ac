//! The checks that every plain form post (a page's form without JavaScript) passes first.

use app::services::Caller;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use super::AppState;
use super::origin::same_origin;
use super::page::render;
use crate::auth::next_path::sign_in_url;

/// Accepts a same-origin post from a signed-in caller. Otherwise it returns the response to
/// send: 403 for another origin, or a redirect to sign-in that comes back to `page`.
pub fn accept_form_post(
    state: &AppState,
    headers: &HeaderMap,
    caller: Option<Caller>,
    page: &str,
) -> Result<Caller, Response> {
    if !same_origin(headers, &state.console.settings.public_url) {
        tracing::warn!(page, "form post rejected: cross-origin request");
        return Err(render(
            StatusCode::FORBIDDEN,
            "Request rejected",
            "<p>Use the forms on the console's own pages.</p>",
        ));
    }
    caller.ok_or_else(|| Redirect::to(&sign_in_url(None, Some(page))).into_response())
}
