//! Queries on `audit_events`. Details name changed fields, never secret values.

use super::{Db, now_ms};

impl Db {
    /// Records an audit event inside the caller's transaction, so it commits with the change.
    /// `actor` is the console user's email.
    pub(super) async fn insert_audit(
        transaction: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
        environment_id: &str,
        actor: &str,
        action: &str,
        detail: &str,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO audit_events (id, environment_id, actor, action, detail, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(environment_id)
        .bind(actor)
        .bind(action)
        .bind(detail)
        .bind(now_ms())
        .execute(&mut **transaction)
        .await?;
        Ok(())
    }
}

/// One audit event as the page shows it.
#[derive(Clone, Debug)]
pub struct AuditEventRow {
    pub actor: String,
    pub action: String,
    pub detail: String,
    pub created_at: i64,
}

impl Db {
    /// The newest audit events of an environment, newest first.
    pub async fn audit_events(
        &self,
        environment_id: &str,
        limit: i64,
    ) -> sqlx::Result<Vec<AuditEventRow>> {
        use sqlx::Row;
        let rows = sqlx::query(
            "SELECT actor, action, detail, created_at FROM audit_events \
             WHERE environment_id = $1 ORDER BY created_at DESC, id LIMIT $2",
        )
        .bind(environment_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(AuditEventRow {
                    actor: row.try_get("actor")?,
                    action: row.try_get("action")?,
                    detail: row.try_get("detail")?,
                    created_at: row.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// Records an audit event on its own, for changes that touch no other table.
    pub async fn record_audit(
        &self,
        environment_id: &str,
        actor: &str,
        action: &str,
        detail: &str,
    ) -> sqlx::Result<()> {
        let mut transaction = self.pool.begin().await?;
        Self::insert_audit(&mut transaction, environment_id, actor, action, detail).await?;
        transaction.commit().await
    }
}
