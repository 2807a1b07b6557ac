//! `POST /sign-out`: the header's Sign out button.

use app::services::Caller;
use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::AppState;
use super::origin::same_origin;
use super::page::render;
use crate::auth::session;

/// Deletes the session and redirects to the sign-in page with 303. Only same-origin posts are
/// accepted, so another site cannot sign a user out.
pub async fn sign_out(
    State(state): State<AppState>,
    Extension(caller): Extension<Option<Caller>>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    if !same_origin(&headers, &state.console.settings.public_url) {
        tracing::warn!("sign-out rejected: cross-origin request");
        return render(
            StatusCode::FORBIDDEN,
            "Request rejected",
            "<p>Sign out with the button in the console's own header.</p>",
        );
    }
    if let Err(error) = session::end(&session).await {
        tracing::error!(error = %error, "deleting the session failed");
        return render(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Sign out failed",
            "<p>The console could not end the session. Try again; the server log has the details.</p>",
        );
    }
    if let Some(caller) = caller {
        tracing::info!(user.id = %caller.user_id, "signed out");
    }
    Redirect::to("/sign-in").into_response()
}
