//! Environments: listing, creating, renaming and deleting them.

use app::dto::{EnvironmentSummary, HealthSummary, TestReport};
use app::error::AppError;
use app::model::environment::slug_taken_message;
use app::model::{Action, EnvironmentInput, FieldErrors};
use app::services::{Caller, EnvironmentService};
use async_trait::async_trait;
use tracing::instrument;

use super::{Console, internal, require};
use crate::db::environments::SlugOutcome;
use crate::db::health_checks::HealthCheckRow;

#[async_trait]
impl EnvironmentService for Console {
    async fn list(&self, caller: &Caller) -> Result<Vec<EnvironmentSummary>, AppError> {
        let rows = self
            .db
            .environments_with_status(&caller.user_id, !caller.role.can_connect())
            .await
            .map_err(|error| internal("listing environments failed", error))?;
        let checks = self
            .db
            .latest_health_checks()
            .await
            .map_err(|error| internal("loading connection health failed", error))?;
        Ok(rows
            .into_iter()
            .map(|(environment, integration_configured, connected)| {
                let last_check = checks
                    .iter()
                    .find(|check| check.environment_id == environment.id)
                    .map(health_summary);
                EnvironmentSummary {
                    slug: environment.slug,
                    name: environment.name,
                    integration_configured,
                    connected,
                    last_check,
                }
            })
            .collect())
    }

    #[instrument(skip_all)]
    async fn create(
        &self,
        caller: &Caller,
        input: EnvironmentInput,
    ) -> Result<EnvironmentSummary, AppError> {
        require(caller, Action::ManageEnvironments)?;
        let fields = input.validate().map_err(AppError::Validation)?;
        match self
            .db
            .create_environment(&fields.slug, &fields.name)
            .await
            .map_err(|error| internal("creating an environment failed", error))?
        {
            SlugOutcome::Done => {
                tracing::info!(environment.slug = %fields.slug, "environment created");
                Ok(EnvironmentSummary {
                    slug: fields.slug,
                    name: fields.name,
                    integration_configured: false,
                    connected: false,
                    last_check: None,
                })
            }
            _ => Err(slug_taken(&fields.slug)),
        }
    }

    #[instrument(skip_all, fields(environment = %environment))]
    async fn rename(
        &self,
        caller: &Caller,
        environment: &str,
        input: EnvironmentInput,
    ) -> Result<EnvironmentSummary, AppError> {
        require(caller, Action::ManageEnvironments)?;
        let fields = input.validate().map_err(AppError::Validation)?;
        let outcome = self
            .db
            .rename_environment(environment, &fields.slug, &fields.name, &caller.email)
            .await
            .map_err(|error| internal("renaming an environment failed", error))?;
        match outcome {
            SlugOutcome::Done => {
                tracing::info!(environment.slug = %fields.slug, "environment renamed");
                let (_, integration_configured, connected) = self
                    .db
                    .environments_with_status(&caller.user_id, !caller.role.can_connect())
                    .await
                    .map_err(|error| internal("listing environments failed", error))?
                    .into_iter()
                    .find(|(row, _, _)| row.slug == fields.slug)
                    .ok_or_else(|| AppError::NotFound(format!("The environment {:?}", fields.slug)))?;
                Ok(EnvironmentSummary {
                    slug: fields.slug,
                    name: fields.name,
                    integration_configured,
                    connected,
                    last_check: None,
                })
            }
            SlugOutcome::SlugTaken => Err(slug_taken(&fields.slug)),
            SlugOutcome::NotFound => Err(AppError::NotFound(format!("The environment {environment:?}"))),
        }
    }

    #[instrument(skip_all, fields(environment = %environment))]
    async fn delete(&self, caller: &Caller, environment: &str) -> Result<(), AppError> {
        require(caller, Action::ManageEnvironments)?;
        let row = self.environment(environment).await?;
        // Tokens are revoked at Salesforce before the rows that hold them disappear.
        self.revoke_and_delete_all_connections(&row, &caller.email).await?;
        self.db
            .delete_environment(environment)
            .await
            .map_err(|error| internal("deleting an environment failed", error))?;
        tracing::info!(environment.id = %row.id, "environment deleted");
        Ok(())
    }
}

fn slug_taken(slug: &str) -> AppError {
    let mut errors = FieldErrors::default();
    errors.0.insert("slug".to_string(), slug_taken_message(slug));
    AppError::Validation(errors)
}

/// Summarizes a stored run for the environments list; a report that no longer parses still
/// shows whether it passed.
fn health_summary(check: &HealthCheckRow) -> HealthSummary {
    let problem = serde_json::from_str::<TestReport>(&check.report_json)
        .ok()
        .and_then(|report| report.problem)
        .map(|problem| problem.title);
    HealthSummary { passed: check.passed, at: super::rfc3339(check.started_at), problem }
}
