//! Plain axum routes outside Leptos: Connect, the OAuth callback and the operator endpoints.

mod callback;
mod connect;
mod health;
mod page;

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
        .route("/environments/{env}/integrations/salesforce/connect", post(connect::connect))
        .route("/integration-callback", get(callback::callback))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
}
