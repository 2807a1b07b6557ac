//! Queries on `salesforce_connections`: one per environment and console user; tokens are
//! sealed.

use sqlx::Row;

use super::{Db, now_ms};

/// A stored connection of one console user in one environment.
#[derive(Clone, Debug)]
pub struct ConnectionRow {
    pub environment_id: String,
    pub console_user_id: String,
    pub salesforce_user_id: String,
    pub salesforce_org_id: String,
    pub username: String,
    pub display_name: Option<String>,
    pub instance_url: String,
    pub identity_url: Option<String>,
    /// The host that issued the tokens; refresh and revoke go there.
    pub login_url: String,
    pub granted_scopes: String,
    pub access_token_sealed: String,
    pub refresh_token_sealed: Option<String>,
    /// `connected` or `reconnect_required`.
    pub status: String,
    pub connected_at: i64,
}

impl Db {
    pub async fn connection(
        &self,
        environment_id: &str,
        console_user_id: &str,
    ) -> sqlx::Result<Option<ConnectionRow>> {
        let row = sqlx::query(
            "SELECT environment_id, console_user_id, salesforce_user_id, salesforce_org_id, \
                    username, display_name, instance_url, identity_url, login_url, \
                    granted_scopes, access_token_sealed, refresh_token_sealed, status, \
                    connected_at \
             FROM salesforce_connections WHERE environment_id = $1 AND console_user_id = $2",
        )
        .bind(environment_id)
        .bind(console_user_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(ConnectionRow {
                environment_id: row.try_get("environment_id")?,
                console_user_id: row.try_get("console_user_id")?,
                salesforce_user_id: row.try_get("salesforce_user_id")?,
                salesforce_org_id: row.try_get("salesforce_org_id")?,
                username: row.try_get("username")?,
                display_name: row.try_get("display_name")?,
                instance_url: row.try_get("instance_url")?,
                identity_url: row.try_get("identity_url")?,
                login_url: row.try_get("login_url")?,
                granted_scopes: row.try_get("granted_scopes")?,
                access_token_sealed: row.try_get("access_token_sealed")?,
                refresh_token_sealed: row.try_get("refresh_token_sealed")?,
                status: row.try_get("status")?,
                connected_at: row.try_get("connected_at")?,
            })
        })
        .transpose()
    }

    /// The console users who have a connection in the environment.
    pub async fn connection_owners(&self, environment_id: &str) -> sqlx::Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT console_user_id FROM salesforce_connections WHERE environment_id = $1 \
             ORDER BY console_user_id",
        )
        .bind(environment_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|row| row.try_get("console_user_id")).collect()
    }

    /// Stores a new connection, replacing the user's earlier one, with its audit event by
    /// `actor`.
    pub async fn replace_connection(&self, row: &ConnectionRow, actor: &str) -> sqlx::Result<()> {
        let mut transaction = self.pool.begin().await?;
        sqlx::query(
            "DELETE FROM salesforce_connections WHERE environment_id = $1 AND console_user_id = $2",
        )
        .bind(&row.environment_id)
        .bind(&row.console_user_id)
        .execute(&mut *transaction)
        .await?;
        sqlx::query(
            "INSERT INTO salesforce_connections (environment_id, console_user_id, \
                 salesforce_user_id, salesforce_org_id, username, display_name, instance_url, \
                 identity_url, login_url, granted_scopes, access_token_sealed, \
                 refresh_token_sealed, status, connected_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)",
        )
        .bind(&row.environment_id)
        .bind(&row.console_user_id)
        .bind(&row.salesforce_user_id)
        .bind(&row.salesforce_org_id)
        .bind(&row.username)
        .bind(&row.display_name)
        .bind(&row.instance_url)
        .bind(&row.identity_url)
        .bind(&row.login_url)
        .bind(&row.granted_scopes)
        .bind(&row.access_token_sealed)
        .bind(&row.refresh_token_sealed)
        .bind(&row.status)
        .bind(row.connected_at)
        .execute(&mut *transaction)
        .await?;
        let detail = format!(
            "connected as {} to org {}",
            row.username, row.salesforce_org_id
        );
        Self::insert_audit(&mut transaction, &row.environment_id, actor, "connection.created", &detail)
            .await?;
        transaction.commit().await?;
        Ok(())
    }

    /// Stores tokens from a refresh. A rotated refresh token replaces the old one at once;
    /// `None` keeps the stored one.
    pub async fn update_connection_tokens(
        &self,
        environment_id: &str,
        console_user_id: &str,
        access_token_sealed: &str,
        refresh_token_sealed: Option<&str>,
        instance_url: &str,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "UPDATE salesforce_connections SET access_token_sealed = $3, \
                 refresh_token_sealed = COALESCE($4, refresh_token_sealed), instance_url = $5, \
                 status = 'connected', updated_at = $6 \
             WHERE environment_id = $1 AND console_user_id = $2",
        )
        .bind(environment_id)
        .bind(console_user_id)
        .bind(access_token_sealed)
        .bind(refresh_token_sealed)
        .bind(instance_url)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn set_connection_status(
        &self,
        environment_id: &str,
        console_user_id: &str,
        status: &str,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "UPDATE salesforce_connections SET status = $3, updated_at = $4 \
             WHERE environment_id = $1 AND console_user_id = $2",
        )
        .bind(environment_id)
        .bind(console_user_id)
        .bind(status)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

impl Db {
    /// Deletes a console user's connection with an audit event by `actor`; returns whether one
    /// existed.
    pub async fn delete_connection(
        &self,
        environment_id: &str,
        console_user_id: &str,
        actor: &str,
        detail: &str,
    ) -> sqlx::Result<bool> {
        let mut transaction = self.pool.begin().await?;
        let deleted = sqlx::query(
            "DELETE FROM salesforce_connections WHERE environment_id = $1 AND console_user_id = $2",
        )
        .bind(environment_id)
        .bind(console_user_id)
        .execute(&mut *transaction)
        .await?
        .rows_affected();
        if deleted > 0 {
            Self::insert_audit(&mut transaction, environment_id, actor, "connection.deleted", detail)
                .await?;
        }
        transaction.commit().await?;
        Ok(deleted > 0)
    }
}

impl Db {
    /// The environment's most recently made connection that still works, whoever made it.
    pub async fn latest_connection(&self, environment_id: &str) -> sqlx::Result<Option<ConnectionRow>> {
        let user = sqlx::query(
            "SELECT console_user_id FROM salesforce_connections \
             WHERE environment_id = $1 AND status = 'connected' \
             ORDER BY connected_at DESC LIMIT 1",
        )
        .bind(environment_id)
        .fetch_optional(&self.pool)
        .await?;
        match user {
            Some(row) => {
                let console_user_id: String = sqlx::Row::try_get(&row, "console_user_id")?;
                self.connection(environment_id, &console_user_id).await
            }
            None => Ok(None),
        }
    }
}
