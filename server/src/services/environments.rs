//! The environments list.

use app::dto::EnvironmentSummary;
use app::error::AppError;
use app::services::EnvironmentService;
use async_trait::async_trait;

use super::{Console, internal};

#[async_trait]
impl EnvironmentService for Console {
    async fn list(&self) -> Result<Vec<EnvironmentSummary>, AppError> {
        let rows = self
            .db
            .environments_with_status()
            .await
            .map_err(|error| internal("listing environments failed", error))?;
        Ok(rows
            .into_iter()
            .map(|(environment, integration_configured, connected)| EnvironmentSummary {
                slug: environment.slug,
                name: environment.name,
                integration_configured,
                connected,
            })
            .collect())
    }
}
