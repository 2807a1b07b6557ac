//! The service implementations that the app's server functions and the plain routes call.

mod accounts;
mod connect;
mod disconnect;
mod environments;
mod explorer;
mod integrations;
mod problems;
mod query_advice;
mod records;
mod session;
mod test_connection;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use app::error::AppError;
use app::model::Action;
use app::services::{Caller, Services};

use crate::config::Settings;
use crate::db::{Db, EnvironmentRow};
use crate::secrets::Sealer;

pub use connect::{CallbackOutcome, CallbackParams};

/// The console's shared state: storage, sealing, the Salesforce HTTP client and settings.
pub struct Console {
    pub db: Db,
    pub sealer: Sealer,
    pub http: reqwest::Client,
    pub settings: Settings,
    /// One lock per connection (environment and console user), so refreshes of one connection
    /// are single-flight within this process.
    // TODO: move refresh locks into the database, because several console processes sharing
    // PostgreSQL would each refresh on their own.
    refresh_locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl Console {
    pub fn new(db: Db, sealer: Sealer, http: reqwest::Client, settings: Settings) -> Self {
        Console { db, sealer, http, settings, refresh_locks: Mutex::new(HashMap::new()) }
    }

    /// Returns the services as the app's context value.
    pub fn services(self: &Arc<Self>) -> Services {
        Services {
            environments: self.clone(),
            integrations: self.clone(),
            explorer: self.clone(),
            accounts: self.clone(),
        }
    }

    /// Loads an environment by its slug or returns a not-found error naming it.
    async fn environment(&self, slug: &str) -> Result<EnvironmentRow, AppError> {
        self.db
            .environment_by_slug(slug)
            .await
            .map_err(|error| internal("loading an environment failed", error))?
            .ok_or_else(|| AppError::NotFound(format!("The environment {slug:?}")))
    }

    fn refresh_lock(&self, connection_key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.refresh_locks.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        locks.entry(connection_key.to_string()).or_default().clone()
    }
}

/// Checks the caller's role again inside a service that changes something, so a route without
/// its own role check (such as a plain form post) still cannot let a support user write.
pub(super) fn require(caller: &Caller, action: Action) -> Result<(), AppError> {
    if caller.role.can(action) {
        Ok(())
    } else {
        tracing::warn!(user.id = %caller.user_id, role = %caller.role, ?action, "service call forbidden for this role");
        Err(AppError::forbidden(caller.role, action))
    }
}

/// Logs an internal failure once, with its cause, and returns the error shown to the user, which
/// carries no detail.
pub fn internal(context: &str, error: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %error, "{context}");
    AppError::Internal
}

/// Formats Unix milliseconds as RFC 3339, or an empty string for an out-of-range value.
pub fn rfc3339(unix_ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(unix_ms) * 1_000_000)
        .ok()
        .and_then(|at| at.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default()
}
