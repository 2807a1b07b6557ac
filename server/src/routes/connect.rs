//! `POST /environments/{env}/integrations/salesforce/connect`: starts the OAuth flow.

use app::error::AppError;
use app::model::Action;
use app::services::Caller;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use rand::RngCore;
use tower_sessions::Session;

use super::AppState;
use super::origin::same_origin;
use super::page::{escape, render};
use crate::auth::next_path::sign_in_url;

/// The session key of the value that binds OAuth states to this browser session.
pub const BINDING_KEY: &str = "oauth.binding";

/// Redirects to Salesforce's authorize page. Only same-origin form posts are accepted, so
/// another site cannot start a flow in the admin's browser. An anonymous caller is sent to the
/// sign-in page, and a role that may not connect gets 403.
pub async fn connect(
    State(state): State<AppState>,
    Path(environment): Path<String>,
    Extension(caller): Extension<Option<Caller>>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    if !same_origin(&headers, &state.console.settings.public_url) {
        tracing::warn!(environment = %environment, "Connect rejected: cross-origin request");
        return render(
            StatusCode::FORBIDDEN,
            "Request rejected",
            "<p>Connect must be clicked on the console's own settings page.</p>",
        );
    }
    let Some(caller) = caller else {
        let settings_page = format!("/environments/{environment}/integrations/salesforce");
        return Redirect::to(&sign_in_url(None, Some(&settings_page))).into_response();
    };
    if !caller.role.can_connect() {
        tracing::info!(user.id = %caller.user_id, role = %caller.role, "Connect rejected: the role may not connect");
        let error = AppError::forbidden(caller.role, Action::Connect);
        let body = format!("<p role=\"alert\">{}</p>", escape(&error.to_string()));
        return render(StatusCode::FORBIDDEN, "Connect not allowed", &body);
    }

    let binding = match session.get::<String>(BINDING_KEY).await {
        Ok(Some(binding)) => binding,
        Ok(None) => {
            let binding = new_binding();
            if let Err(error) = session.insert(BINDING_KEY, &binding).await {
                tracing::error!(error = %error, "storing the session binding failed");
                return render(StatusCode::INTERNAL_SERVER_ERROR, "Connect failed", "<p>The console could not start a sign-in. The server log has the details.</p>");
            }
            binding
        }
        Err(error) => {
            tracing::error!(error = %error, "reading the session failed");
            return render(StatusCode::INTERNAL_SERVER_ERROR, "Connect failed", "<p>The console could not start a sign-in. The server log has the details.</p>");
        }
    };

    match state.console.start_connect(&caller, &environment, &binding).await {
        Ok(url) => Redirect::to(url.as_str()).into_response(),
        Err(error) => {
            let back = format!("/environments/{}/integrations/salesforce", escape(&environment));
            let body = format!(
                "<p role=\"alert\">{}</p><p><a href=\"{back}\">Back to the Salesforce settings</a></p>",
                escape(&error.to_string())
            );
            render(error.status(), "Connect failed", &body)
        }
    }
}

fn new_binding() -> String {
    let mut bytes = [0_u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
