//! Every sealed column, with the additional authenticated data (AAD) that binds each value to
//! its row, and resealing all of them in one transaction.

use sqlx::Row;

use super::Db;

/// AAD of an integration's client secret.
pub fn client_secret_aad(environment_id: &str) -> String {
    format!("salesforce_integrations.client_secret:{environment_id}")
}

/// Returns the key of a connection row as its AAD names it: `{environment_id}:{console_user_id}`.
pub fn connection_key(environment_id: &str, console_user_id: &str) -> String {
    format!("{environment_id}:{console_user_id}")
}

/// AAD of a connection's access token, for a key from [`connection_key`].
pub fn access_token_aad(connection_key: &str) -> String {
    format!("salesforce_connections.access_token:{connection_key}")
}

/// AAD of a connection's refresh token, for a key from [`connection_key`].
pub fn refresh_token_aad(connection_key: &str) -> String {
    format!("salesforce_connections.refresh_token:{connection_key}")
}

/// The SQL expression of [`connection_key`], so resealing updates exactly one connection row.
const CONNECTION_KEY_SQL: &str = "environment_id || ':' || console_user_id";

/// AAD of a pending authorization's `code_verifier`.
pub fn code_verifier_aad(state: &str) -> String {
    format!("oauth_states.code_verifier:{state}")
}

/// The sealed columns: table, the SQL expression of the row's key (unique in its table), the
/// sealed column, and how the AAD derives from the key.
const SEALED_COLUMNS: [(&str, &str, &str, fn(&str) -> String); 4] = [
    ("salesforce_integrations", "environment_id", "client_secret_sealed", client_secret_aad),
    ("salesforce_connections", CONNECTION_KEY_SQL, "access_token_sealed", access_token_aad),
    ("salesforce_connections", CONNECTION_KEY_SQL, "refresh_token_sealed", refresh_token_aad),
    ("oauth_states", "state", "code_verifier_sealed", code_verifier_aad),
];

impl Db {
    /// Replaces every sealed value with `reseal(sealed, aad)` in one transaction, so a failure
    /// leaves every value as it was. Returns how many values were resealed.
    pub async fn reseal_all<E>(
        &self,
        reseal: impl Fn(&str, &str) -> Result<String, E>,
    ) -> anyhow::Result<u64>
    where
        E: std::fmt::Display,
    {
        let mut transaction = self.pool.begin().await?;
        let mut count = 0;
        for (table, key, column, aad) in SEALED_COLUMNS {
            let rows = sqlx::query(&format!(
                "SELECT {key} AS row_key, {column} AS sealed FROM {table} WHERE {column} IS NOT NULL"
            ))
            .fetch_all(&mut *transaction)
            .await?;
            for row in rows {
                let row_key: String = row.try_get("row_key")?;
                let sealed: String = row.try_get("sealed")?;
                let resealed = reseal(&sealed, &aad(&row_key)).map_err(|error| {
                    anyhow::anyhow!("cannot reseal {table}.{column} of {row_key}: {error}")
                })?;
                sqlx::query(&format!("UPDATE {table} SET {column} = $1 WHERE {key} = $2"))
                    .bind(&resealed)
                    .bind(&row_key)
                    .execute(&mut *transaction)
                    .await?;
                count += 1;
            }
        }
        transaction.commit().await?;
        Ok(count)
    }
}
