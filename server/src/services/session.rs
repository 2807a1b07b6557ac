//! The access token of a connection: opening it, and refreshing it once when Salesforce reports
//! the session expired.

use app::services::Caller;
use app::error::AppError;
use secrecy::{ExposeSecret, SecretString};
use tracing::instrument;

use crate::db::sealed::client_secret_aad;
use super::problems::Failure;
use super::{Console, internal};
use crate::db::sealed::{access_token_aad, connection_key, refresh_token_aad};
use crate::db::{ConnectionRow, EnvironmentRow, IntegrationRow};
use crate::salesforce::{InstanceUrl, OAuthApp, SalesforceError};

/// The org location and current access token that a REST call needs.
pub struct OrgSession {
    pub instance_url: InstanceUrl,
    pub access_token: SecretString,
}

impl Console {
    /// Loads the integration of an environment and the console user's connection there, or
    /// names what is missing.
    pub(super) async fn connected(
        &self,
        environment: &EnvironmentRow,
        caller: &Caller,
    ) -> Result<(IntegrationRow, ConnectionRow), AppError> {
        let integration = self
            .db
            .integration(&environment.id)
            .await
            .map_err(|error| internal("loading the integration failed", error))?
            .ok_or_else(|| {
                AppError::Conflict(
                    "Salesforce is not set up for this environment yet: save the settings and click Connect first."
                        .to_string(),
                )
            })?;
        let connection = self.connection_for(&environment.id, caller).await?.ok_or_else(|| {
            AppError::Conflict(
                "This environment is not connected to Salesforce for you: an admin clicks Connect on the settings page first."
                    .to_string(),
            )
        })?;
        Ok((integration, connection))
    }

    /// Returns the connection a caller works with: their own. Support staff may not connect, so they
    /// use the environment's most recent admin connection instead, for the reading their role
    /// allows (test connection and record reads).
    pub(super) async fn connection_for(
        &self,
        environment_id: &str,
        caller: &Caller,
    ) -> Result<Option<ConnectionRow>, AppError> {
        let own = self
            .db
            .connection(environment_id, &caller.user_id)
            .await
            .map_err(|error| internal("loading the connection failed", error))?;
        if own.is_some() || caller.role.can_connect() {
            return Ok(own);
        }
        self.db
            .latest_connection(environment_id)
            .await
            .map_err(|error| internal("loading the environment's connection failed", error))
    }

    /// Opens the stored access token.
    pub(super) fn org_session(&self, connection: &ConnectionRow) -> Result<OrgSession, AppError> {
        let instance_url = InstanceUrl::parse(&connection.instance_url)
            .map_err(|error| internal("a stored instance_url no longer parses", error))?;
        let access_token = self
            .sealer
            .open(&connection.access_token_sealed, &access_token_aad(&key_of(connection)))
            .map_err(|error| internal("opening the access token failed", error))?;
        Ok(OrgSession { instance_url, access_token })
    }

    /// Builds the OAuth client of an integration, for the host that issued the connection's tokens.
    pub(super) fn oauth_app(
        &self,
        integration: &IntegrationRow,
        login_url: &str,
    ) -> Result<OAuthApp, AppError> {
        let client_secret = self
            .sealer
            .open(&integration.client_secret_sealed, &client_secret_aad(&integration.environment_id))
            .map_err(|error| internal("opening the client secret failed", error))?;
        let login_url = url::Url::parse(login_url)
            .map_err(|error| internal("a stored login URL no longer parses", error))?;
        Ok(OAuthApp {
            login_url,
            client_id: integration.client_id.clone(),
            client_secret,
            redirect_uri: self.settings.callback_url(),
        })
    }

    /// Refreshes the access token once. Refreshes of one connection are single-flight: a caller
    /// that waited for another's refresh uses its token instead of refreshing again. A refresh
    /// that Salesforce rejects marks the connection "reconnect required".
    #[instrument(skip_all, fields(environment.id = %environment.id, user.id = %console_user_id))]
    pub(super) async fn refresh_session(
        &self,
        environment: &EnvironmentRow,
        console_user_id: &str,
        integration: &IntegrationRow,
        failed_token: Option<&SecretString>,
    ) -> Result<OrgSession, Failure> {
        let key = connection_key(&environment.id, console_user_id);
        let lock = self.refresh_lock(&key);
        let _guard = lock.lock().await;

        let connection = self
            .db
            .connection(&environment.id, console_user_id)
            .await
            .map_err(|error| internal("loading the connection failed", error))?
            .ok_or_else(|| AppError::Conflict("The connection was removed: click Connect again.".to_string()))?;
        if let Some(failed) = failed_token {
            let current = self.org_session(&connection)?;
            if current.access_token.expose_secret() != failed.expose_secret() {
                tracing::info!("another request refreshed the access token; using it");
                return Ok(current);
            }
        }

        let refresh_token = match &connection.refresh_token_sealed {
            Some(sealed) => self
                .sealer
                .open(sealed, &refresh_token_aad(&key))
                .map_err(|error| internal("opening the refresh token failed", error))?,
            None => {
                return Err(AppError::Conflict(
                    "The connection has no refresh token: add the refresh_token, offline_access scope to the External Client App and click Connect again."
                        .to_string(),
                )
                .into());
            }
        };

        let app = self.oauth_app(integration, &connection.login_url)?;
        let tokens = match app.refresh(&self.http, &refresh_token).await {
            Ok(tokens) => tokens,
            Err(error) => {
                if matches!(&error, SalesforceError::OAuth { error, .. } if error == "invalid_grant") {
                    self.db
                        .set_connection_status(&environment.id, console_user_id, "reconnect_required")
                        .await
                        .map_err(|error| internal("marking the connection failed", error))?;
                    tracing::warn!("refresh token rejected; the connection needs a reconnect");
                } else {
                    tracing::warn!(error = %error, "refreshing the access token failed");
                }
                return Err(error.into());
            }
        };

        // A refresh response may omit instance_url; the stored one stays valid then.
        let instance_url = match &tokens.instance_url {
            Some(url) => {
                self.check_instance_url(url)?;
                url.clone()
            }
            None => InstanceUrl::parse(&connection.instance_url)
                .map_err(|error| internal("a stored instance_url no longer parses", error))?,
        };
        let access_sealed = self
            .sealer
            .seal(tokens.access_token.expose_secret(), &access_token_aad(&key))
            .map_err(|error| internal("sealing the access token failed", error))?;
        // A rotated refresh token replaces the old one at once, because the old one stops working.
        let refresh_sealed = match &tokens.refresh_token {
            Some(token) => Some(
                self.sealer
                    .seal(token.expose_secret(), &refresh_token_aad(&key))
                    .map_err(|error| internal("sealing the refresh token failed", error))?,
            ),
            None => None,
        };
        self.db
            .update_connection_tokens(
                &environment.id,
                console_user_id,
                &access_sealed,
                refresh_sealed.as_deref(),
                instance_url.as_str(),
            )
            .await
            .map_err(|error| internal("storing refreshed tokens failed", error))?;
        tracing::info!(rotated = tokens.refresh_token.is_some(), "access token refreshed");
        Ok(OrgSession { instance_url, access_token: tokens.access_token })
    }

    /// Rejects an `instance_url` outside the configured org domain, so a crafted token response
    /// can never make the console send a token elsewhere.
    pub(super) fn check_instance_url(&self, url: &InstanceUrl) -> Result<(), AppError> {
        if instance_url_allowed(&self.settings.org_url_template, url.as_str()) {
            Ok(())
        } else {
            Err(AppError::Salesforce {
                title: "Salesforce returned an instance URL outside the org domain".to_string(),
                hint: format!(
                    "The console only calls hosts that match {}. Check SALESFORCE_ORG_URL_TEMPLATE.",
                    self.settings.org_url_template
                ),
                error_code: None,
                message: Some(url.as_str().to_string()),
                position: None,
                suggested_soql: None,
            })
        }
    }
}


/// The AAD key of a stored connection.
pub(super) fn key_of(connection: &ConnectionRow) -> String {
    connection_key(&connection.environment_id, &connection.console_user_id)
}

/// Checks whether `instance_url` has the template's scheme and a host under the template's domain,
/// for example `https://acme.my.salesforce.com` under `https://{domain}.my.salesforce.com`.
pub fn instance_url_allowed(template: &str, instance_url: &str) -> bool {
    let Ok(sample) = url::Url::parse(&template.replace("{domain}", "x")) else {
        return false;
    };
    let Ok(candidate) = url::Url::parse(instance_url) else {
        return false;
    };
    let (Some(sample_host), Some(host)) = (sample.host_str(), candidate.host_str()) else {
        return false;
    };
    let suffix = &sample_host[1..];
    candidate.scheme() == sample.scheme()
        && candidate.port() == sample.port()
        && host.len() > suffix.len()
        && host.ends_with(suffix)
}

#[cfg(test)]
mod tests {
    use super::instance_url_allowed;

    const TEMPLATE: &str = "https://{domain}.my.salesforce.com";

    #[test]
    fn instance_url_under_org_domain_is_allowed() {
        assert!(instance_url_allowed(TEMPLATE, "https://acme.my.salesforce.com"));
        assert!(instance_url_allowed(TEMPLATE, "https://acme--uat.sandbox.my.salesforce.com"));
    }

    #[test]
    fn instance_url_elsewhere_is_rejected() {
        assert!(!instance_url_allowed(TEMPLATE, "https://acme.my.salesforce.com.evil.example"));
        assert!(!instance_url_allowed(TEMPLATE, "http://acme.my.salesforce.com"));
        assert!(!instance_url_allowed(TEMPLATE, "https://my.salesforce.com"));
        assert!(!instance_url_allowed(TEMPLATE, "https://acme.lightning.force.com"));
    }

    #[test]
    fn demo_org_template_allows_localhost_names() {
        let template = "http://{domain}.localhost:3100";
        assert!(instance_url_allowed(template, "http://demo.localhost:3100"));
        assert!(!instance_url_allowed(template, "http://demo.localhost:3101"));
    }
}
