//! Queries on `salesforce_integrations`, with optimistic concurrency on `version`.

use sqlx::Row;

use super::{Db, now_ms};

/// The stored integration of one environment; the secret is sealed.
#[derive(Clone, Debug)]
pub struct IntegrationRow {
    pub environment_id: String,
    pub client_id: String,
    pub client_secret_sealed: String,
    pub client_secret_last4: String,
    pub my_domain: String,
    /// `generic` or `my_domain`.
    pub login_host: String,
    /// Space-separated scope values.
    pub scopes: String,
    pub version: i64,
}

/// The outcome of a versioned write.
#[derive(Debug, PartialEq, Eq)]
pub enum SaveOutcome {
    Saved { version: i64 },
    /// Another save changed the row since `expected_version` was read.
    VersionConflict,
}

impl Db {
    pub async fn integration(&self, environment_id: &str) -> sqlx::Result<Option<IntegrationRow>> {
        let row = sqlx::query(
            "SELECT environment_id, client_id, client_secret_sealed, client_secret_last4, \
                    my_domain, login_host, scopes, version \
             FROM salesforce_integrations WHERE environment_id = $1",
        )
        .bind(environment_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(IntegrationRow {
                environment_id: row.try_get("environment_id")?,
                client_id: row.try_get("client_id")?,
                client_secret_sealed: row.try_get("client_secret_sealed")?,
                client_secret_last4: row.try_get("client_secret_last4")?,
                my_domain: row.try_get("my_domain")?,
                login_host: row.try_get("login_host")?,
                scopes: row.try_get("scopes")?,
                version: row.try_get("version")?,
            })
        })
        .transpose()
    }

    /// Inserts the integration when `expected_version` is `None`, or updates it when the stored
    /// version still equals `expected_version`. The write and its audit event by `actor` commit
    /// together.
    pub async fn save_integration(
        &self,
        row: &IntegrationRow,
        expected_version: Option<i64>,
        audit_detail: &str,
        actor: &str,
    ) -> sqlx::Result<SaveOutcome> {
        let mut transaction = self.pool.begin().await?;
        let now = now_ms();
        let affected = match expected_version {
            None => sqlx::query(
                "INSERT INTO salesforce_integrations (environment_id, client_id, \
                     client_secret_sealed, client_secret_last4, my_domain, login_host, scopes, \
                     version, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8) \
                 ON CONFLICT (environment_id) DO NOTHING",
            )
            .bind(&row.environment_id)
            .bind(&row.client_id)
            .bind(&row.client_secret_sealed)
            .bind(&row.client_secret_last4)
            .bind(&row.my_domain)
            .bind(&row.login_host)
            .bind(&row.scopes)
            .bind(now)
            .execute(&mut *transaction)
            .await?
            .rows_affected(),
            Some(version) => sqlx::query(
                "UPDATE salesforce_integrations SET client_id = $2, client_secret_sealed = $3, \
                     client_secret_last4 = $4, my_domain = $5, login_host = $6, scopes = $7, \
                     version = version + 1, updated_at = $8 \
                 WHERE environment_id = $1 AND version = $9",
            )
            .bind(&row.environment_id)
            .bind(&row.client_id)
            .bind(&row.client_secret_sealed)
            .bind(&row.client_secret_last4)
            .bind(&row.my_domain)
            .bind(&row.login_host)
            .bind(&row.scopes)
            .bind(now)
            .bind(version)
            .execute(&mut *transaction)
            .await?
            .rows_affected(),
        };
        if affected == 0 {
            transaction.rollback().await?;
            return Ok(SaveOutcome::VersionConflict);
        }
        Self::insert_audit(&mut transaction, &row.environment_id, actor, "settings.saved", audit_detail)
            .await?;
        transaction.commit().await?;
        Ok(SaveOutcome::Saved { version: expected_version.map_or(1, |v| v + 1) })
    }
}

impl Db {
    /// Deletes an environment's integration, every user's connection and pending states, with
    /// an audit event by `actor`, in one transaction.
    pub async fn delete_integration(&self, environment_id: &str, actor: &str) -> sqlx::Result<bool> {
        let mut transaction = self.pool.begin().await?;
        for statement in [
            "DELETE FROM salesforce_connections WHERE environment_id = $1",
            "DELETE FROM oauth_states WHERE environment_id = $1",
        ] {
            sqlx::query(statement).bind(environment_id).execute(&mut *transaction).await?;
        }
        let deleted = sqlx::query("DELETE FROM salesforce_integrations WHERE environment_id = $1")
            .bind(environment_id)
            .execute(&mut *transaction)
            .await?
            .rows_affected();
        if deleted > 0 {
            Self::insert_audit(
                &mut transaction,
                environment_id,
                actor,
                "integration.deleted",
                "deleted the integration, its stored secret and its connection",
            )
            .await?;
        }
        transaction.commit().await?;
        Ok(deleted > 0)
    }
}
