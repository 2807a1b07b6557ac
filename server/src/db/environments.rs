//! Queries on `environments`.

use sqlx::Row;

use super::{Db, now_ms};

/// One environment.
#[derive(Clone, Debug)]
pub struct EnvironmentRow {
    pub id: String,
    pub slug: String,
    pub name: String,
}

impl Db {
    /// Creates the environment unless one with this slug exists.
    pub async fn ensure_environment(&self, slug: &str, name: &str) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO environments (id, slug, name, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (slug) DO NOTHING",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(slug)
        .bind(name)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn environment_by_slug(&self, slug: &str) -> sqlx::Result<Option<EnvironmentRow>> {
        let row = sqlx::query("SELECT id, slug, name FROM environments WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| environment(&row)).transpose()
    }

    /// Every environment with whether it has an integration and whether the console user has
    /// a live connection there, or, with `any_users_connection`, whether anyone has one.
    pub async fn environments_with_status(
        &self,
        console_user_id: &str,
        any_users_connection: bool,
    ) -> sqlx::Result<Vec<(EnvironmentRow, bool, bool)>> {
        let rows = sqlx::query(
            "SELECT e.id, e.slug, e.name, \
                    CASE WHEN i.environment_id IS NULL THEN 0 ELSE 1 END AS configured, \
                    CASE WHEN EXISTS (SELECT 1 FROM salesforce_connections c \
                        WHERE c.environment_id = e.id AND c.status = 'connected' \
                          AND (c.console_user_id = $1 OR $2 = 1)) \
                    THEN 1 ELSE 0 END AS connected \
             FROM environments e \
             LEFT JOIN salesforce_integrations i ON i.environment_id = e.id \
             ORDER BY e.slug",
        )
        .bind(console_user_id)
        .bind(i64::from(any_users_connection))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    environment(row)?,
                    row.try_get::<i64, _>("configured")? == 1,
                    row.try_get::<i64, _>("connected")? == 1,
                ))
            })
            .collect()
    }
}

fn environment(row: &sqlx::sqlite::SqliteRow) -> sqlx::Result<EnvironmentRow> {
    Ok(EnvironmentRow {
        id: row.try_get("id")?,
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
    })
}

impl Db {
    pub async fn environment_slug(&self, environment_id: &str) -> sqlx::Result<Option<String>> {
        let row = sqlx::query("SELECT slug FROM environments WHERE id = $1")
            .bind(environment_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| row.try_get("slug")).transpose()
    }
}

/// The outcome of writing an environment's slug.
#[derive(Debug, PartialEq, Eq)]
pub enum SlugOutcome {
    Done,
    /// Another environment already has this slug.
    SlugTaken,
    NotFound,
}

impl Db {
    pub async fn create_environment(&self, slug: &str, name: &str) -> sqlx::Result<SlugOutcome> {
        let inserted = sqlx::query(
            "INSERT INTO environments (id, slug, name, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (slug) DO NOTHING",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(slug)
        .bind(name)
        .bind(now_ms())
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(if inserted == 1 { SlugOutcome::Done } else { SlugOutcome::SlugTaken })
    }

    /// Renames an environment and changes its slug; the audit event by `actor` commits with it.
    pub async fn rename_environment(
        &self,
        current_slug: &str,
        new_slug: &str,
        new_name: &str,
        actor: &str,
    ) -> sqlx::Result<SlugOutcome> {
        let Some(environment) = self.environment_by_slug(current_slug).await? else {
            return Ok(SlugOutcome::NotFound);
        };
        if new_slug != current_slug && self.environment_by_slug(new_slug).await?.is_some() {
            return Ok(SlugOutcome::SlugTaken);
        }
        let mut transaction = self.pool.begin().await?;
        let updated = sqlx::query("UPDATE environments SET slug = $2, name = $3 WHERE id = $1")
            .bind(&environment.id)
            .bind(new_slug)
            .bind(new_name)
            .execute(&mut *transaction)
            .await;
        match updated {
            Ok(_) => {}
            // A concurrent rename can take the slug between the check and the update.
            Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
                return Ok(SlugOutcome::SlugTaken);
            }
            Err(error) => return Err(error),
        }
        let detail = format!(
            "renamed from {} ({}) to {} ({})",
            environment.name, environment.slug, new_name, new_slug
        );
        Self::insert_audit(&mut transaction, &environment.id, actor, "environment.renamed", &detail)
            .await?;
        transaction.commit().await?;
        Ok(SlugOutcome::Done)
    }

    /// Deletes an environment and, through the foreign keys, everything that belongs to it.
    pub async fn delete_environment(&self, slug: &str) -> sqlx::Result<SlugOutcome> {
        let deleted = sqlx::query("DELETE FROM environments WHERE slug = $1")
            .bind(slug)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(if deleted == 1 { SlugOutcome::Done } else { SlugOutcome::NotFound })
    }
}
