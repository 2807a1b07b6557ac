//! Queries on `health_checks`: one row per test connection run.

use super::{Db, now_ms};

impl Db {
    /// Records a test connection run with its per-step results as JSON.
    pub async fn insert_health_check(
        &self,
        environment_id: &str,
        passed: bool,
        steps_json: &str,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO health_checks (id, environment_id, started_at, passed, steps_json) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(environment_id)
        .bind(now_ms())
        .bind(i64::from(passed))
        .bind(steps_json)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
