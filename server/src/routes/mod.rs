//! Plain axum routes outside Leptos: sign-in and sign-out, Connect, the OAuth callback and the
//! operator endpoints, and the middleware that checks origins and sets security headers.

mod callback;
mod connect;
mod environments_form;
mod form_post;
mod health;
pub mod origin;
mod page;
pub mod security_headers;
mod settings_form;
mod sign_in;
mod sign_out;

use std::sync::Arc;

use axum::Router;
use axum::extract::FromRef;
use axum::routing::{get, post};
use leptos::config::LeptosOptions;

use crate::services::Console;

/// The router's state: Leptos's options and the console.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub console: Arc<Console>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The plain routes; Leptos's pages and server functions are added by the caller.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sign-in", post(sign_in::sign_in))
        .route("/sign-out", post(sign_out::sign_out))
        .route("/environments", post(environments_form::create))
        .route("/environments/{env}/rename", post(environments_form::rename))
        .route("/environments/{env}/delete", post(environments_form::delete))
        .route("/environments/{env}/integrations/salesforce/connect", post(connect::connect))
        .route(
            "/environments/{env}/integrations/salesforce/settings",
            post(settings_form::save_settings_form),
        )
        .route("/integration-callback", get(callback::callback))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
}
