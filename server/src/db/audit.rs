//! Queries on `audit_events`. Details name changed fields, never secret values.

use super::{Db, now_ms};

impl Db {
    /// Records an audit event inside the caller's transaction, so it commits with the change.
    pub(super) async fn insert_audit(
        transaction: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
        environment_id: &str,
        action: &str,
        detail: &str,
    ) -> sqlx::Result<()> {
        // NOTE: every change is attributed to "console" until console users exist.
        sqlx::query(
            "INSERT INTO audit_events (id, environment_id, actor, action, detail, created_at) \
             VALUES ($1, $2, 'console', $3, $4, $5)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(environment_id)
        .bind(action)
        .bind(detail)
        .bind(now_ms())
        .execute(&mut **transaction)
        .await?;
        Ok(())
    }
}
