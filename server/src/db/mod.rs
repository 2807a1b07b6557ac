//! Storage: the connection pool, migrations, and every SQL query, one module per table.
//!
//! Queries use `$1`-style placeholders and portable SQL so a PostgreSQL pool can replace the
//! SQLite one without rewriting them.

pub mod audit;
mod connections;
pub mod environments;
pub mod health_checks;
pub mod integrations;
mod oauth_states;
pub mod sealed;
mod sign_in_attempts;
mod users;

use std::str::FromStr;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};

pub use connections::ConnectionRow;
pub use environments::EnvironmentRow;
pub use integrations::IntegrationRow;
pub use oauth_states::OAuthStateRow;
pub use sign_in_attempts::{ThrottleKind, ThrottleLimits};
pub use users::{ConsoleUserRow, InsertUserOutcome};

/// The database pool. Every query of the console goes through a method of this type.
#[derive(Clone, Debug)]
pub struct Db {
    pool: sqlx::SqlitePool,
}

impl Db {
    /// Opens the database (creating the file if needed) and runs pending migrations.
    pub async fn connect(database_url: &str) -> anyhow::Result<Self> {
        let options = SqliteConnectOptions::from_str(database_url)
            .with_context(|| format!("DATABASE_URL {database_url:?} is not a valid SQLite URL"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .with_context(|| format!("could not open the database at {database_url}"))?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .context("database migrations failed")?;
        Ok(Db { pool })
    }

    /// Returns the pool, for the session store that shares this database.
    pub fn pool(&self) -> &sqlx::SqlitePool {
        &self.pool
    }
}

/// Returns the current time in Unix milliseconds, the unit of every time column.
pub fn now_ms() -> i64 {
    let now = time::OffsetDateTime::now_utc();
    (now.unix_timestamp_nanos() / 1_000_000) as i64
}
