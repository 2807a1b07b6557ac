//! Queries on `health_checks`: one row per test connection run, with its whole report as JSON.

use sqlx::Row;

use super::{Db, now_ms};

/// A stored test connection run.
#[derive(Clone, Debug)]
pub struct HealthCheckRow {
    pub environment_id: String,
    pub started_at: i64,
    pub passed: bool,
    pub report_json: String,
}

impl Db {
    /// Records a test connection run.
    pub async fn insert_health_check(
        &self,
        environment_id: &str,
        passed: bool,
        report_json: &str,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO health_checks (id, environment_id, started_at, passed, report_json) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(environment_id)
        .bind(now_ms())
        .bind(i64::from(passed))
        .bind(report_json)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Returns the newest run of every environment that has one.
    pub async fn latest_health_checks(&self) -> sqlx::Result<Vec<HealthCheckRow>> {
        let rows = sqlx::query(
            "SELECT h.environment_id, h.started_at, h.passed, h.report_json FROM health_checks h \
             WHERE h.started_at = (SELECT MAX(started_at) FROM health_checks l \
                                   WHERE l.environment_id = h.environment_id)",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(health_check).collect()
    }

    /// Returns the newest run of one environment.
    pub async fn latest_health_check(
        &self,
        environment_id: &str,
    ) -> sqlx::Result<Option<HealthCheckRow>> {
        let row = sqlx::query(
            "SELECT environment_id, started_at, passed, report_json FROM health_checks \
             WHERE environment_id = $1 ORDER BY started_at DESC LIMIT 1",
        )
        .bind(environment_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(health_check).transpose()
    }
}

fn health_check(row: &sqlx::sqlite::SqliteRow) -> sqlx::Result<HealthCheckRow> {
    Ok(HealthCheckRow {
        environment_id: row.try_get("environment_id")?,
        started_at: row.try_get("started_at")?,
        passed: row.try_get::<i64, _>("passed")? == 1,
        report_json: row.try_get("report_json")?,
    })
}
