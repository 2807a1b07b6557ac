//! Queries on `oauth_states`: one row per Connect click, consumed exactly once.

use sqlx::Row;

use super::{Db, now_ms};

/// A pending authorization: the `state` and its sealed `code_verifier`.
#[derive(Clone, Debug)]
pub struct OAuthStateRow {
    pub state: String,
    pub environment_id: String,
    /// The console user who clicked Connect; only their callback may complete the flow.
    pub console_user_id: String,
    /// SHA-256 of the binding value kept in the browser session that started the flow.
    pub session_binding: String,
    pub code_verifier_sealed: String,
    pub redirect_uri: String,
    pub login_url: String,
    pub integration_version: i64,
    pub expires_at: i64,
}

impl Db {
    pub async fn insert_oauth_state(&self, row: &OAuthStateRow) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO oauth_states (state, environment_id, console_user_id, session_binding, \
                 code_verifier_sealed, redirect_uri, login_url, integration_version, created_at, \
                 expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&row.state)
        .bind(&row.environment_id)
        .bind(&row.console_user_id)
        .bind(&row.session_binding)
        .bind(&row.code_verifier_sealed)
        .bind(&row.redirect_uri)
        .bind(&row.login_url)
        .bind(row.integration_version)
        .bind(now_ms())
        .bind(row.expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Marks the state consumed and returns it, in one statement so two callbacks with the same
    /// state cannot both succeed. Returns `None` for an unknown, expired or used state.
    pub async fn consume_oauth_state(&self, state: &str) -> sqlx::Result<Option<OAuthStateRow>> {
        let now = now_ms();
        let row = sqlx::query(
            "UPDATE oauth_states SET consumed_at = $2 \
             WHERE state = $1 AND consumed_at IS NULL AND expires_at > $2 \
             RETURNING state, environment_id, console_user_id, session_binding, \
                       code_verifier_sealed, redirect_uri, login_url, integration_version, \
                       expires_at",
        )
        .bind(state)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(OAuthStateRow {
                state: row.try_get("state")?,
                environment_id: row.try_get("environment_id")?,
                console_user_id: row.try_get("console_user_id")?,
                session_binding: row.try_get("session_binding")?,
                code_verifier_sealed: row.try_get("code_verifier_sealed")?,
                redirect_uri: row.try_get("redirect_uri")?,
                login_url: row.try_get("login_url")?,
                integration_version: row.try_get("integration_version")?,
                expires_at: row.try_get("expires_at")?,
            })
        })
        .transpose()
    }

    /// Whether a state was issued and already consumed, to tell a reloaded callback apart from
    /// an unknown one.
    pub async fn oauth_state_was_consumed(&self, state: &str) -> sqlx::Result<bool> {
        let row = sqlx::query("SELECT consumed_at FROM oauth_states WHERE state = $1")
            .bind(state)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(row) => row.try_get::<Option<i64>, _>("consumed_at")?.is_some(),
            None => false,
        })
    }

    /// Deletes states that expired more than a day ago.
    pub async fn delete_stale_oauth_states(&self) -> sqlx::Result<u64> {
        let cutoff = now_ms() - 24 * 60 * 60 * 1000;
        let result = sqlx::query("DELETE FROM oauth_states WHERE expires_at < $1")
            .bind(cutoff)
            .execute(&self.pool)
            .await?;
        Ok(result.rows_affected())
    }
}
