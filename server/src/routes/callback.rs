//! `GET /integration-callback`: the OAuth redirect target.

use app::services::Caller;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::AppState;
use super::connect::BINDING_KEY;
use super::page::{escape, render};
use crate::services::{CallbackOutcome, CallbackParams};

/// Completes the connection and returns to the settings page, or explains in plain words why
/// it failed. The page is never cached and sends no Referer, so the code cannot leak. Only the
/// console user who clicked Connect can complete it.
pub async fn callback(
    State(state): State<AppState>,
    Extension(caller): Extension<Option<Caller>>,
    session: Session,
    Query(params): Query<CallbackParams>,
) -> Response {
    let binding = session.get::<String>(BINDING_KEY).await.ok().flatten();
    match state.console.complete_connect(params, binding.as_deref(), caller.as_ref()).await {
        CallbackOutcome::Connected { environment_slug } => {
            let mut response = Redirect::to(&format!(
                "/environments/{environment_slug}/integrations/salesforce"
            ))
            .into_response();
            response.headers_mut().insert(
                axum::http::header::REFERRER_POLICY,
                axum::http::HeaderValue::from_static("no-referrer"),
            );
            response
        }
        CallbackOutcome::AlreadyUsed => render(
            StatusCode::OK,
            "Already connected",
            "<p>This sign-in was already completed, so the console did not use its code again.</p>\
             <p><a href=\"/\">Go to the environments list</a></p>",
        ),
        CallbackOutcome::Failed { problem, environment_slug } => {
            let back = match environment_slug {
                Some(slug) => format!(
                    "<a href=\"/environments/{}/integrations/salesforce\">Back to the Salesforce settings</a>",
                    escape(&slug)
                ),
                None => "<a href=\"/\">Go to the environments list</a>".to_string(),
            };
            let salesforce_said = match (&problem.error_code, &problem.message) {
                (Some(code), Some(message)) => format!(
                    "<p>Salesforce returned <code>{}</code>: {}</p>",
                    escape(code),
                    escape(message)
                ),
                (Some(code), None) => format!("<p>Salesforce returned <code>{}</code>.</p>", escape(code)),
                (None, Some(message)) => format!("<p>{}</p>", escape(message)),
                (None, None) => String::new(),
            };
            let body = format!(
                "<div role=\"alert\" class=\"error-box\"><p class=\"error-title\">{}</p>{salesforce_said}\
                 <p class=\"error-hint\">{}</p></div><p>Nothing was stored.</p><p>{back}</p>",
                escape(&problem.title),
                escape(&problem.hint),
            );
            render(StatusCode::BAD_REQUEST, "Connection failed", &body)
        }
    }
}
