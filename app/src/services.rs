//! Service traits that server functions call; the `server` crate implements them and provides
//! them to Leptos as context. Also the caller of each request and the check that authorizes it.

use std::sync::Arc;

use async_trait::async_trait;
use leptos::prelude::use_context;

use crate::dto::{
    AuditEventView, ChangeOutcome, DemoUser, EnvironmentSummary, QueryResult, SettingsView,
    TestReport,
};
use crate::error::AppError;
use crate::model::{Action, EnvironmentInput, IntegrationSettingsInput, Role};

/// The signed-in console user a request comes from. The server's middleware puts
/// `Option<Caller>` into each request's extensions, and server functions read it with
/// [`authorize`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    pub user_id: String,
    /// The lowercased email, by which the audit log names the caller.
    pub email: String,
    pub role: Role,
}

/// Environments and their list.
#[async_trait]
pub trait EnvironmentService: Send + Sync {
    /// Lists every environment. Its `connected` flag is about the caller's own connection.
    async fn list(&self, caller: &Caller) -> Result<Vec<EnvironmentSummary>, AppError>;
    async fn create(
        &self,
        caller: &Caller,
        input: EnvironmentInput,
    ) -> Result<EnvironmentSummary, AppError>;
    /// Changes the name and slug of the environment whose slug is `environment`.
    async fn rename(
        &self,
        caller: &Caller,
        environment: &str,
        input: EnvironmentInput,
    ) -> Result<EnvironmentSummary, AppError>;
    /// Deletes the environment with its integration and every user's connection, revoking
    /// their tokens first.
    async fn delete(&self, caller: &Caller, environment: &str) -> Result<(), AppError>;
}

/// An environment's Salesforce integration: settings, connection and test connection. A
/// connection belongs to one console user: each method reads and writes the caller's own.
#[async_trait]
pub trait IntegrationService: Send + Sync {
    async fn settings(&self, caller: &Caller, environment: &str) -> Result<SettingsView, AppError>;
    /// Validates and stores the settings; `expected_version` guards against overwriting another
    /// admin's save.
    async fn save(
        &self,
        caller: &Caller,
        environment: &str,
        input: IntegrationSettingsInput,
        expected_version: Option<i64>,
    ) -> Result<SettingsView, AppError>;
    async fn test_connection(&self, caller: &Caller, environment: &str) -> Result<TestReport, AppError>;
    /// Revokes the caller's connection's tokens at Salesforce, then deletes them.
    async fn disconnect(&self, caller: &Caller, environment: &str) -> Result<ChangeOutcome, AppError>;
    /// Deletes the integration, its secret and every user's connection, revoking the tokens
    /// first.
    async fn delete(&self, caller: &Caller, environment: &str) -> Result<ChangeOutcome, AppError>;
    async fn audit_log(
        &self,
        caller: &Caller,
        environment: &str,
    ) -> Result<Vec<AuditEventView>, AppError>;
}

/// Record exploration through the org's REST API.
#[async_trait]
pub trait ExplorerService: Send + Sync {
    async fn query(
        &self,
        caller: &Caller,
        environment: &str,
        soql: &str,
        include_deleted: bool,
    ) -> Result<QueryResult, AppError>;
    /// Follows a `nextRecordsUrl` exactly as Salesforce returned it.
    async fn query_more(
        &self,
        caller: &Caller,
        environment: &str,
        next_records_url: &str,
    ) -> Result<QueryResult, AppError>;
}

/// Console users, as the sign-in page needs them.
pub trait AccountService: Send + Sync {
    /// The demo users while the demo org is on, and none otherwise.
    fn demo_users(&self) -> Vec<DemoUser>;
}

/// Every service, as one context value.
#[derive(Clone)]
pub struct Services {
    pub environments: Arc<dyn EnvironmentService>,
    pub integrations: Arc<dyn IntegrationService>,
    pub explorer: Arc<dyn ExplorerService>,
    pub accounts: Arc<dyn AccountService>,
}

/// Returns the services the server provided, or an internal error when it provided none.
pub fn services() -> Result<Services, AppError> {
    use_context::<Services>().ok_or_else(|| {
        tracing::error!("server functions ran without the Services context");
        AppError::Internal
    })
}

/// Returns the signed-in caller of the current request, or `None` for an anonymous one. Fails
/// with an internal error when the server inserted no caller, so a missing middleware denies
/// every request instead of letting it through.
pub fn optional_caller() -> Result<Option<Caller>, AppError> {
    let Some(parts) = use_context::<http::request::Parts>() else {
        tracing::error!("server function ran without the request parts in context");
        return Err(AppError::Internal);
    };
    match parts.extensions.get::<Option<Caller>>() {
        Some(caller) => Ok(caller.clone()),
        None => {
            tracing::error!("the request has no caller; the caller middleware is not installed");
            Err(AppError::Internal)
        }
    }
}

/// Returns the caller when their role may take `action`. Otherwise fails with
/// [`AppError::Unauthorized`] (401) for an anonymous caller or [`AppError::Forbidden`] (403),
/// and sets that status on the response. Server functions call it in their first line.
pub fn authorize(action: Action) -> Result<Caller, AppError> {
    let result = match optional_caller() {
        Ok(Some(caller)) if caller.role.can(action) => Ok(caller),
        Ok(Some(caller)) => {
            tracing::info!(user.id = %caller.user_id, role = %caller.role, ?action, "request forbidden for this role");
            Err(AppError::forbidden(caller.role, action))
        }
        Ok(None) => Err(AppError::Unauthorized),
        Err(error) => Err(error),
    };
    crate::error::respond(result)
}
