//! Service traits that server functions call; the `server` crate implements them and provides
//! them to Leptos as context.

use std::sync::Arc;

use async_trait::async_trait;
use leptos::prelude::use_context;

use crate::dto::{
    AuditEventView, ChangeOutcome, EnvironmentSummary, QueryResult, SettingsView, TestReport,
};
use crate::error::AppError;
use crate::model::{EnvironmentInput, IntegrationSettingsInput};

/// Environments and their list.
#[async_trait]
pub trait EnvironmentService: Send + Sync {
    async fn list(&self) -> Result<Vec<EnvironmentSummary>, AppError>;
    async fn create(&self, input: EnvironmentInput) -> Result<EnvironmentSummary, AppError>;
    /// Changes the name and slug of the environment whose slug is `environment`.
    async fn rename(
        &self,
        environment: &str,
        input: EnvironmentInput,
    ) -> Result<EnvironmentSummary, AppError>;
    /// Deletes the environment with its integration and connection, revoking its tokens first.
    async fn delete(&self, environment: &str) -> Result<(), AppError>;
}

/// An environment's Salesforce integration: settings, connection and test connection.
#[async_trait]
pub trait IntegrationService: Send + Sync {
    async fn settings(&self, environment: &str) -> Result<SettingsView, AppError>;
    /// Validates and stores the settings; `expected_version` guards against overwriting another
    /// admin's save.
    async fn save(
        &self,
        environment: &str,
        input: IntegrationSettingsInput,
        expected_version: Option<i64>,
    ) -> Result<SettingsView, AppError>;
    async fn test_connection(&self, environment: &str) -> Result<TestReport, AppError>;
    /// Revokes the connection's tokens at Salesforce, then deletes them.
    async fn disconnect(&self, environment: &str) -> Result<ChangeOutcome, AppError>;
    /// Deletes the integration, its secret and its connection, revoking the tokens first.
    async fn delete(&self, environment: &str) -> Result<ChangeOutcome, AppError>;
    async fn audit_log(&self, environment: &str) -> Result<Vec<AuditEventView>, AppError>;
}

/// Record exploration through the org's REST API.
#[async_trait]
pub trait ExplorerService: Send + Sync {
    async fn query(
        &self,
        environment: &str,
        soql: &str,
        include_deleted: bool,
    ) -> Result<QueryResult, AppError>;
}

/// Every service, as one context value.
#[derive(Clone)]
pub struct Services {
    pub environments: Arc<dyn EnvironmentService>,
    pub integrations: Arc<dyn IntegrationService>,
    pub explorer: Arc<dyn ExplorerService>,
}

/// Returns the services the server provided, or an internal error when it provided none.
pub fn services() -> Result<Services, AppError> {
    use_context::<Services>().ok_or_else(|| {
        tracing::error!("server functions ran without the Services context");
        AppError::Internal
    })
}
