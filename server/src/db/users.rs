//! Queries on `console_users`: the people who sign in to the console.

use sqlx::Row;

use super::{Db, now_ms};

/// One console user. `email` is lowercased and `role` is `admin` or `support`.
#[derive(Clone)]
pub struct ConsoleUserRow {
    pub id: String,
    pub email: String,
    pub role: String,
    /// An argon2id hash in PHC string format.
    pub password_hash: String,
    pub created_at: i64,
    pub disabled: bool,
}

/// Debug leaves out the password hash, so a logged row gives nothing to crack offline.
impl std::fmt::Debug for ConsoleUserRow {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("ConsoleUserRow")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("role", &self.role)
            .field("created_at", &self.created_at)
            .field("disabled", &self.disabled)
            .finish_non_exhaustive()
    }
}

/// The outcome of inserting a console user.
#[derive(Debug, PartialEq, Eq)]
pub enum InsertUserOutcome {
    Created {
        id: String,
    },
    /// A user with this email already exists; nothing changed.
    EmailTaken,
}

impl Db {
    /// Inserts a user unless one with the same email exists. `email` must already be lowercased.
    pub async fn insert_console_user(
        &self,
        email: &str,
        role: &str,
        password_hash: &str,
    ) -> sqlx::Result<InsertUserOutcome> {
        let id = uuid::Uuid::new_v4().to_string();
        let inserted = sqlx::query(
            "INSERT INTO console_users (id, email, role, password_hash, created_at, disabled) \
             VALUES ($1, $2, $3, $4, $5, 0) \
             ON CONFLICT (email) DO NOTHING",
        )
        .bind(&id)
        .bind(email)
        .bind(role)
        .bind(password_hash)
        .bind(now_ms())
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(if inserted == 1 {
            InsertUserOutcome::Created { id }
        } else {
            InsertUserOutcome::EmailTaken
        })
    }

    /// Looks a user up by lowercased email.
    pub async fn console_user_by_email(&self, email: &str) -> sqlx::Result<Option<ConsoleUserRow>> {
        let row = sqlx::query(
            "SELECT id, email, role, password_hash, created_at, disabled \
             FROM console_users WHERE email = $1",
        )
        .bind(email)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| console_user(&row)).transpose()
    }

    pub async fn console_user(&self, id: &str) -> sqlx::Result<Option<ConsoleUserRow>> {
        let row = sqlx::query(
            "SELECT id, email, role, password_hash, created_at, disabled \
             FROM console_users WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| console_user(&row)).transpose()
    }
}

impl Db {
    /// Enables or disables the user with this lowercased email; returns whether one exists.
    pub async fn set_console_user_disabled(
        &self,
        email: &str,
        disabled: bool,
    ) -> sqlx::Result<bool> {
        let updated = sqlx::query("UPDATE console_users SET disabled = $2 WHERE email = $1")
            .bind(email)
            .bind(i64::from(disabled))
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(updated == 1)
    }
}

fn console_user(row: &sqlx::sqlite::SqliteRow) -> sqlx::Result<ConsoleUserRow> {
    Ok(ConsoleUserRow {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        role: row.try_get("role")?,
        password_hash: row.try_get("password_hash")?,
        created_at: row.try_get("created_at")?,
        disabled: row.try_get::<i64, _>("disabled")? == 1,
    })
}
