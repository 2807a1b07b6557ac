//! Disconnect and delete: tokens are revoked at Salesforce before they are deleted here.

use app::dto::{AuditEventView, ChangeOutcome};
use app::error::AppError;
use app::services::Caller;
use tracing::instrument;

use crate::db::sealed::{connection_key, refresh_token_aad};
use super::{Console, internal};
use crate::db::EnvironmentRow;

/// How many audit events the settings page lists.
const AUDIT_PAGE_SIZE: i64 = 50;

impl Console {
    /// Revokes and deletes every console user's connection in the environment, and returns
    /// their notices.
    pub(super) async fn revoke_and_delete_all_connections(
        &self,
        environment: &EnvironmentRow,
        actor: &str,
    ) -> Result<String, AppError> {
        let owners = self
            .db
            .connection_owners(&environment.id)
            .await
            .map_err(|error| internal("listing the connections failed", error))?;
        if owners.is_empty() {
            return Ok("There was no connection to remove.".to_string());
        }
        let mut notices = Vec::new();
        for owner in owners {
            notices.push(self.revoke_and_delete_connection(environment, &owner, actor).await?);
        }
        notices.sort();
        notices.dedup();
        Ok(notices.join(" "))
    }

    /// Revokes the refresh token of a console user's connection (which also ends its access
    /// tokens) and deletes the connection. When revocation fails, the connection is still
    /// deleted here and the notice tells the admin to revoke it in Salesforce, because keeping
    /// a token the admin asked to remove is worse. `actor` is the email the audit log names.
    #[instrument(skip_all, fields(environment.id = %environment.id, user.id = %console_user_id))]
    pub(super) async fn revoke_and_delete_connection(
        &self,
        environment: &EnvironmentRow,
        console_user_id: &str,
        actor: &str,
    ) -> Result<String, AppError> {
        let connection = self
            .db
            .connection(&environment.id, console_user_id)
            .await
            .map_err(|error| internal("loading the connection failed", error))?;
        let Some(connection) = connection else {
            return Ok("There was no connection to remove.".to_string());
        };
        let integration = self
            .db
            .integration(&environment.id)
            .await
            .map_err(|error| internal("loading the integration failed", error))?;

        let revoked = match (&integration, &connection.refresh_token_sealed) {
            (Some(integration), Some(sealed)) => {
                let token = self
                    .sealer
                    .open(sealed, &refresh_token_aad(&connection_key(&environment.id, console_user_id)))
                    .map_err(|error| internal("opening the refresh token failed", error))?;
                let app = self.oauth_app(integration, &connection.login_url)?;
                match app.revoke(&self.http, &token).await {
                    Ok(()) => true,
                    Err(error) => {
                        tracing::warn!(error = %error, "revoking the refresh token failed; deleting it anyway");
                        false
                    }
                }
            }
            _ => false,
        };
        let detail = if revoked {
            format!("revoked and deleted the tokens of {}", connection.username)
        } else {
            format!("deleted the tokens of {} without revoking them at Salesforce", connection.username)
        };
        self.db
            .delete_connection(&environment.id, console_user_id, actor, &detail)
            .await
            .map_err(|error| internal("deleting the connection failed", error))?;
        tracing::info!(revoked, "connection deleted");
        Ok(if revoked {
            "Disconnected: Salesforce revoked the tokens and the console deleted them.".to_string()
        } else {
            format!(
                "Disconnected here, but Salesforce did not confirm the revocation: revoke the console's access for {} in Salesforce Setup (Connected Apps OAuth Usage).",
                connection.username
            )
        })
    }

    pub(super) async fn disconnect_environment(
        &self,
        caller: &Caller,
        slug: &str,
    ) -> Result<ChangeOutcome, AppError> {
        let environment = self.environment(slug).await?;
        let notice = self.revoke_and_delete_connection(&environment, &caller.user_id, &caller.email).await?;
        Ok(ChangeOutcome { settings: self.settings_view(&environment, caller).await?, notice })
    }

    #[instrument(skip_all, fields(environment = %slug))]
    pub(super) async fn delete_integration_of(
        &self,
        caller: &Caller,
        slug: &str,
    ) -> Result<ChangeOutcome, AppError> {
        let environment = self.environment(slug).await?;
        let disconnect_notice = self.revoke_and_delete_all_connections(&environment, &caller.email).await?;
        let deleted = self
            .db
            .delete_integration(&environment.id, &caller.email)
            .await
            .map_err(|error| internal("deleting the integration failed", error))?;
        tracing::info!(environment.id = %environment.id, deleted, "integration deleted");
        let notice = if deleted {
            format!("Integration deleted. {disconnect_notice}")
        } else {
            "There was no integration to delete.".to_string()
        };
        Ok(ChangeOutcome { settings: self.settings_view(&environment, caller).await?, notice })
    }

    pub(super) async fn audit_events_of(&self, slug: &str) -> Result<Vec<AuditEventView>, AppError> {
        let environment = self.environment(slug).await?;
        let rows = self
            .db
            .audit_events(&environment.id, AUDIT_PAGE_SIZE)
            .await
            .map_err(|error| internal("loading the audit log failed", error))?;
        Ok(rows
            .into_iter()
            .map(|row| AuditEventView {
                actor: row.actor,
                action: row.action,
                detail: row.detail,
                at: super::rfc3339(row.created_at),
            })
            .collect())
    }
}
