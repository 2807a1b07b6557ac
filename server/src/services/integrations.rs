//! Loading and saving an environment's Salesforce settings.

use app::dto::{
    LastTest,
    AuditEventView, ChangeOutcome, ConnectionView, IntegrationView, SettingsView, TestReport,
};
use app::error::AppError;
use app::model::{Action, IntegrationSettingsInput, LoginHost, MyDomain, parse_scope_list};
use app::services::{Caller, IntegrationService};
use async_trait::async_trait;
use tracing::instrument;

use super::{Console, internal, require};
use crate::db::sealed::client_secret_aad;
use crate::db::integrations::SaveOutcome;
use crate::db::{ConnectionRow, EnvironmentRow, IntegrationRow};

#[async_trait]
impl IntegrationService for Console {
    #[instrument(skip_all, fields(environment = %environment))]
    async fn settings(&self, caller: &Caller, environment: &str) -> Result<SettingsView, AppError> {
        let environment = self.environment(environment).await?;
        self.settings_view(&environment, caller).await
    }

    #[instrument(skip_all, fields(environment = %environment))]
    async fn save(
        &self,
        caller: &Caller,
        environment: &str,
        input: IntegrationSettingsInput,
        expected_version: Option<i64>,
    ) -> Result<SettingsView, AppError> {
        require(caller, Action::ChangeSettings)?;
        let environment = self.environment(environment).await?;
        let stored = self
            .db
            .integration(&environment.id)
            .await
            .map_err(|error| internal("loading the integration failed", error))?;
        if stored.as_ref().map(|row| row.version) != expected_version {
            tracing::info!(
                environment.id = %environment.id,
                "settings save rejected: another save changed them first"
            );
            return Err(AppError::settings_conflict());
        }

        let settings = input.validate(stored.is_some()).map_err(|errors| {
            tracing::info!(
                environment.id = %environment.id,
                fields = ?errors.0.keys().collect::<Vec<_>>(),
                "settings save rejected: invalid fields"
            );
            AppError::Validation(errors)
        })?;

        let aad = client_secret_aad(&environment.id);
        let (client_secret_sealed, client_secret_last4) = match (&settings.client_secret, &stored) {
            (Some(secret), _) => (
                self.sealer
                    .seal(secret.expose(), &aad)
                    .map_err(|error| internal("sealing the client secret failed", error))?,
                secret.last_four(),
            ),
            (None, Some(stored)) => {
                (stored.client_secret_sealed.clone(), stored.client_secret_last4.clone())
            }
            (None, None) => {
                // validate() requires a secret when none is stored, so this cannot happen.
                return Err(internal("saving settings failed", "no client secret to store"));
            }
        };

        let row = IntegrationRow {
            environment_id: environment.id.clone(),
            client_id: settings.client_id.as_str().to_string(),
            client_secret_sealed,
            client_secret_last4,
            my_domain: settings.my_domain.as_str().to_string(),
            login_host: settings.login_host.value().to_string(),
            scopes: settings.scopes.iter().map(|scope| scope.value()).collect::<Vec<_>>().join(" "),
            version: expected_version.unwrap_or(0),
        };
        let detail = change_summary(stored.as_ref(), &row, settings.client_secret.is_some());
        let outcome = self
            .db
            .save_integration(&row, expected_version, &detail, &caller.email)
            .await
            .map_err(|error| internal("storing the integration failed", error))?;
        match outcome {
            SaveOutcome::Saved { version } => {
                tracing::info!(environment.id = %environment.id, version, changes = %detail, "settings saved");
                self.settings_view(&environment, caller).await
            }
            SaveOutcome::VersionConflict => Err(AppError::settings_conflict()),
        }
    }

    #[instrument(skip_all, fields(environment = %environment))]
    async fn test_connection(&self, caller: &Caller, environment: &str) -> Result<TestReport, AppError> {
        let environment = self.environment(environment).await?;
        self.run_test_connection(&environment, caller).await
    }

    async fn disconnect(&self, caller: &Caller, environment: &str) -> Result<ChangeOutcome, AppError> {
        require(caller, Action::Connect)?;
        self.disconnect_environment(caller, environment).await
    }

    async fn delete(&self, caller: &Caller, environment: &str) -> Result<ChangeOutcome, AppError> {
        require(caller, Action::ChangeSettings)?;
        self.delete_integration_of(caller, environment).await
    }

    async fn audit_log(
        &self,
        _caller: &Caller,
        environment: &str,
    ) -> Result<Vec<AuditEventView>, AppError> {
        self.audit_events_of(environment).await
    }
}

impl Console {
    /// Builds the settings page's view with the connection the caller works with (see
    /// `connection_for`); it never contains the secret or a token.
    pub(super) async fn settings_view(
        &self,
        environment: &EnvironmentRow,
        caller: &Caller,
    ) -> Result<SettingsView, AppError> {
        let integration = self
            .db
            .integration(&environment.id)
            .await
            .map_err(|error| internal("loading the integration failed", error))?;
        let connection = self.connection_for(&environment.id, caller).await?;
        let last_test = self
            .db
            .latest_health_check(&environment.id)
            .await
            .map_err(|error| internal("loading the last test connection failed", error))?
            .and_then(|check| {
                let report = serde_json::from_str::<TestReport>(&check.report_json).ok()?;
                Some(LastTest { at: super::rfc3339(check.started_at), report })
            });
        let integration = match integration {
            Some(row) => Some(self.integration_view(&row)?),
            None => None,
        };
        Ok(SettingsView {
            environment_slug: environment.slug.clone(),
            environment_name: environment.name.clone(),
            callback_url: self.settings.callback_url(),
            org_url_template: self.settings.org_url_template.clone(),
            generic_login_url: self.settings.login_url.clone(),
            sandbox_login_url: self.settings.sandbox_login_url.clone(),
            integration,
            connection: connection.as_ref().map(connection_view),
            last_test,
            read_only: !caller.role.can_change_settings(),
        })
    }

    fn integration_view(&self, row: &IntegrationRow) -> Result<IntegrationView, AppError> {
        let domain = stored_domain(row)?;
        let login_host = stored_login_host(row);
        Ok(IntegrationView {
            client_id: row.client_id.clone(),
            secret_mask: format!("••••{}", row.client_secret_last4),
            my_domain: domain.as_str().to_string(),
            org_kind: domain.org_kind().label().to_string(),
            org_url: domain.org_url(&self.settings.org_url_template),
            login_host,
            login_url: self.login_url(&domain, login_host),
            scopes: row.scopes.split_whitespace().map(str::to_string).collect(),
            version: row.version,
        })
    }

    /// Returns the host that authorization, token exchange and refresh go to.
    pub(super) fn login_url(&self, domain: &MyDomain, login_host: LoginHost) -> String {
        match login_host {
            LoginHost::MyDomain => domain.org_url(&self.settings.org_url_template),
            LoginHost::Generic if domain.org_kind().is_sandbox_like() => {
                self.settings.sandbox_login_url.clone()
            }
            LoginHost::Generic => self.settings.login_url.clone(),
        }
    }
}

/// Parses a stored My Domain; stored values are canonical, so a failure means a corrupt row.
pub(super) fn stored_domain(row: &IntegrationRow) -> Result<MyDomain, AppError> {
    MyDomain::parse(&row.my_domain)
        .map(|parsed| parsed.domain)
        .map_err(|error| internal("a stored My Domain no longer parses", error))
}

pub(super) fn stored_login_host(row: &IntegrationRow) -> LoginHost {
    match row.login_host.as_str() {
        "my_domain" => LoginHost::MyDomain,
        _ => LoginHost::Generic,
    }
}


/// Names the fields a save changed, for the audit log; the secret is only ever "replaced".
fn change_summary(old: Option<&IntegrationRow>, new: &IntegrationRow, secret_replaced: bool) -> String {
    let Some(old) = old else {
        return "created with client_id, client_secret, my_domain, login_host, scopes".to_string();
    };
    let mut changed = Vec::new();
    if old.client_id != new.client_id {
        changed.push("client_id");
    }
    if secret_replaced {
        changed.push("client_secret (replaced)");
    }
    if old.my_domain != new.my_domain {
        changed.push("my_domain");
    }
    if old.login_host != new.login_host {
        changed.push("login_host");
    }
    if old.scopes != new.scopes {
        changed.push("scopes");
    }
    if changed.is_empty() {
        "saved without changes".to_string()
    } else {
        format!("changed {}", changed.join(", "))
    }
}

fn connection_view(row: &ConnectionRow) -> ConnectionView {
    let (known, unknown) = parse_scope_list(&row.granted_scopes);
    let mut granted_scopes: Vec<String> =
        known.iter().map(|scope| scope.value().to_string()).collect();
    granted_scopes.extend(unknown);
    let connected_at = super::rfc3339(row.connected_at);
    ConnectionView {
        username: row.username.clone(),
        display_name: row.display_name.clone(),
        organization_id: row.salesforce_org_id.clone(),
        user_id: row.salesforce_user_id.clone(),
        instance_url: row.instance_url.clone(),
        granted_scopes,
        status: row.status.clone(),
        connected_at,
    }
}
