//! The OAuth 2.0 Web Server flow with PKCE: starting it on Connect and finishing it on the
//! callback.

use app::dto::Problem;
use app::error::AppError;
use app::model::Action;
use app::services::Caller;
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};
use tracing::instrument;

use super::integrations::{stored_domain, stored_login_host};
use super::problems::problem;
use crate::db::sealed::{access_token_aad, code_verifier_aad, connection_key, refresh_token_aad};
use super::{Console, internal, require};
use crate::db::{ConnectionRow, OAuthStateRow, now_ms};
use crate::salesforce::{RestClient, classify_oauth_error};

/// How long a Connect click stays valid.
const STATE_TTL_MS: i64 = 10 * 60 * 1000;

/// The query parameters Salesforce sends to the callback.
#[derive(Debug, Default, serde::Deserialize)]
pub struct CallbackParams {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

/// The outcome that the callback page shows.
#[derive(Debug)]
pub enum CallbackOutcome {
    /// Connected; go back to the settings page of this environment.
    Connected { environment_slug: String },
    /// The callback was already completed (for example a reload); nothing was exchanged again.
    AlreadyUsed,
    /// Nothing was stored; the problem explains why and what to do.
    Failed { problem: Problem, environment_slug: Option<String> },
}

impl Console {
    /// Starts the flow: stores a fresh `state` and sealed `code_verifier` bound to the browser
    /// session and the console user, and returns the authorize URL to redirect to. A caller whose
    /// role may not connect gets `Forbidden`.
    #[instrument(skip_all, fields(environment = %environment_slug, user.id = %caller.user_id))]
    pub async fn start_connect(
        &self,
        caller: &Caller,
        environment_slug: &str,
        session_binding: &str,
    ) -> Result<url::Url, AppError> {
        require(caller, Action::Connect)?;
        let environment = self.environment(environment_slug).await?;
        let integration = self
            .db
            .integration(&environment.id)
            .await
            .map_err(|error| internal("loading the integration failed", error))?
            .ok_or_else(|| {
                AppError::Conflict("Save the Salesforce settings before you connect.".to_string())
            })?;
        let domain = stored_domain(&integration)?;
        let login_url = self.login_url(&domain, stored_login_host(&integration));
        let app = self.oauth_app(&integration, &login_url)?;

        let scopes: Vec<&str> = integration.scopes.split_whitespace().collect();
        let request = app.authorize(&scopes);
        let verifier_sealed = self
            .sealer
            .seal(request.code_verifier.expose_secret(), &code_verifier_aad(&request.state))
            .map_err(|error| internal("sealing the code_verifier failed", error))?;
        self.db
            .insert_oauth_state(&OAuthStateRow {
                state: request.state.clone(),
                environment_id: environment.id.clone(),
                console_user_id: caller.user_id.clone(),
                session_binding: binding_hash(session_binding),
                code_verifier_sealed: verifier_sealed,
                redirect_uri: app.redirect_uri.clone(),
                login_url: login_url.clone(),
                integration_version: integration.version,
                expires_at: now_ms() + STATE_TTL_MS,
            })
            .await
            .map_err(|error| internal("storing the OAuth state failed", error))?;
        tracing::info!(environment.id = %environment.id, login_url = %login_url, "authorization started");
        Ok(request.url)
    }

    /// Finishes the flow for the signed-in `caller`, who must be the console user that started
    /// it. Every path that fails stores nothing.
    #[instrument(skip_all)]
    pub async fn complete_connect(
        &self,
        params: CallbackParams,
        session_binding: Option<&str>,
        caller: Option<&Caller>,
    ) -> CallbackOutcome {
        let Some(state) = params.state.as_deref().filter(|state| !state.is_empty()) else {
            let problem = match params.error.as_deref() {
                Some(error) => oauth_problem(error, params.error_description.as_deref()),
                None => local_problem(
                    "The callback is missing its state",
                    "Open the settings page and click Connect to start again.",
                ),
            };
            tracing::warn!(error = ?params.error, "callback without state");
            return CallbackOutcome::Failed { problem, environment_slug: None };
        };

        // The state is consumed first, also on errors, so it can never be used twice.
        let row = match self.db.consume_oauth_state(state).await {
            Ok(row) => row,
            Err(error) => {
                internal("consuming the OAuth state failed", error);
                return failed(local_problem("The console could not read the pending sign-in", "Try Connect again. If it keeps failing, the server log has the details."), None);
            }
        };
        let Some(row) = row else {
            let used = self.db.oauth_state_was_consumed(state).await.unwrap_or(false);
            if used {
                tracing::info!("callback for an already used state; not exchanging the code again");
                return CallbackOutcome::AlreadyUsed;
            }
            tracing::warn!("callback with an unknown or expired state");
            return failed(
                local_problem(
                    "Authorization session expired",
                    "The sign-in took longer than 10 minutes or was started elsewhere: click Connect again.",
                ),
                None,
            );
        };
        let environment_slug = self.slug_of(&row.environment_id).await;

        let Some(caller) = caller else {
            tracing::warn!(environment.id = %row.environment_id, "callback without a signed-in console user");
            return failed(
                local_problem(
                    "You are no longer signed in to the console",
                    "Sign in again, then click Connect to start again.",
                ),
                environment_slug,
            );
        };
        if caller.user_id != row.console_user_id {
            tracing::warn!(
                environment.id = %row.environment_id,
                user.id = %caller.user_id,
                "callback from a console user who did not start the flow"
            );
            return failed(
                local_problem(
                    "This sign-in was started by another console user",
                    "Click Connect yourself to connect your own Salesforce user.",
                ),
                environment_slug,
            );
        }

        if session_binding.map(binding_hash).as_deref() != Some(row.session_binding.as_str()) {
            tracing::warn!(environment.id = %row.environment_id, "callback from a browser session that did not start the flow");
            return failed(
                local_problem(
                    "This sign-in was started in another browser session",
                    "Click Connect in this browser to start again.",
                ),
                environment_slug,
            );
        }

        if let Some(error) = params.error.as_deref() {
            tracing::warn!(environment.id = %row.environment_id, error, "Salesforce returned an error to the callback");
            return failed(oauth_problem(error, params.error_description.as_deref()), environment_slug);
        }
        let Some(code) = params.code.as_deref().filter(|code| !code.is_empty()) else {
            return failed(
                local_problem("The callback is missing its authorization code", "Click Connect again."),
                environment_slug,
            );
        };

        match self.exchange_and_store(&row, code, &caller.email).await {
            Ok(()) => CallbackOutcome::Connected {
                environment_slug: environment_slug.unwrap_or_default(),
            },
            Err(problem) => failed(problem, environment_slug),
        }
    }

    /// Exchanges the code and stores the tokens as the connection of the state's console user;
    /// `actor` is that user's email, for the audit log.
    #[instrument(skip_all, fields(environment.id = %row.environment_id, user.id = %row.console_user_id))]
    async fn exchange_and_store(&self, row: &OAuthStateRow, code: &str, actor: &str) -> Result<(), Problem> {
        let integration = match self.db.integration(&row.environment_id).await {
            Ok(Some(integration)) => integration,
            Ok(None) => {
                return Err(local_problem(
                    "The Salesforce settings were deleted during the sign-in",
                    "Save the settings again and click Connect.",
                ));
            }
            Err(error) => return Err(internal_problem("loading the integration failed", error)),
        };
        let verifier = self
            .sealer
            .open(&row.code_verifier_sealed, &code_verifier_aad(&row.state))
            .map_err(|error| internal_problem("opening the code_verifier failed", error))?;
        let mut app = self
            .oauth_app(&integration, &row.login_url)
            .map_err(|_| local_problem("The console could not read the stored settings", "The server log has the details."))?;
        // The token request must repeat the redirect_uri of the authorize request byte for byte.
        app.redirect_uri = row.redirect_uri.clone();

        let tokens = app.exchange_code(&self.http, code, &verifier).await.map_err(|error| {
            tracing::warn!(error = %error, "code exchange failed");
            problem(&error)
        })?;
        let Some(refresh_token) = tokens.refresh_token.as_ref() else {
            tracing::warn!("token response has no refresh_token");
            return Err(local_problem(
                "The connected app does not grant refresh_token/offline_access",
                "Without a refresh token the connection stops working when the first access token expires. Add the scope \"Perform requests at any time (refresh_token, offline_access)\" to the External Client App and to the settings above, then click Connect again.",
            ));
        };
        let Some(instance_url) = tokens.instance_url.as_ref() else {
            return Err(local_problem(
                "Salesforce's token response has no instance_url",
                "Click Connect again. If it keeps happening, check the External Client App's settings.",
            ));
        };
        if let Err(error) = self.check_instance_url(instance_url) {
            tracing::warn!(instance_url = %instance_url.as_str(), "instance_url outside the org domain");
            return Err(match error {
                AppError::Salesforce { title, hint, error_code, message, .. } => Problem { title, hint, error_code, message },
                other => local_problem(&other.to_string(), ""),
            });
        }

        let user = RestClient::new(&self.http, instance_url, &tokens.access_token)
            .userinfo()
            .await
            .map_err(|error| {
                tracing::warn!(error = %error, "userinfo after the code exchange failed");
                problem(&error)
            })?;

        let key = connection_key(&row.environment_id, &row.console_user_id);
        let access_sealed = self
            .sealer
            .seal(tokens.access_token.expose_secret(), &access_token_aad(&key))
            .map_err(|error| internal_problem("sealing the access token failed", error))?;
        let refresh_sealed = self
            .sealer
            .seal(refresh_token.expose_secret(), &refresh_token_aad(&key))
            .map_err(|error| internal_problem("sealing the refresh token failed", error))?;
        let granted_scopes = tokens.scope.clone().unwrap_or_else(|| integration.scopes.clone());
        let connection = ConnectionRow {
            environment_id: row.environment_id.clone(),
            console_user_id: row.console_user_id.clone(),
            salesforce_user_id: user.user_id.clone(),
            salesforce_org_id: user.organization_id.clone(),
            username: user.preferred_username.clone(),
            display_name: user.name.clone(),
            instance_url: instance_url.as_str().to_string(),
            identity_url: tokens.id.clone(),
            login_url: row.login_url.clone(),
            granted_scopes,
            access_token_sealed: access_sealed,
            refresh_token_sealed: Some(refresh_sealed),
            status: "connected".to_string(),
            connected_at: now_ms(),
        };
        self.db
            .replace_connection(&connection, actor)
            .await
            .map_err(|error| internal_problem("storing the connection failed", error))?;
        tracing::info!(
            salesforce.org_id = %user.organization_id,
            salesforce.user_id = %user.user_id,
            "connected"
        );
        Ok(())
    }

    async fn slug_of(&self, environment_id: &str) -> Option<String> {
        match self.db.environment_slug(environment_id).await {
            Ok(slug) => slug,
            Err(error) => {
                internal("loading an environment failed", error);
                None
            }
        }
    }
}


/// Returns the stored form of a session's binding value; the value itself stays in the session.
fn binding_hash(binding: &str) -> String {
    let digest = Sha256::digest(binding.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn failed(problem: Problem, environment_slug: Option<String>) -> CallbackOutcome {
    CallbackOutcome::Failed { problem, environment_slug }
}

fn oauth_problem(error: &str, description: Option<&str>) -> Problem {
    let class = classify_oauth_error(error, description);
    Problem {
        title: class.title().to_string(),
        hint: class.hint().to_string(),
        error_code: Some(error.to_string()),
        message: description.map(str::to_string),
    }
}

fn local_problem(title: &str, hint: &str) -> Problem {
    Problem { title: title.to_string(), hint: hint.to_string(), error_code: None, message: None }
}

fn internal_problem(context: &str, error: impl std::fmt::Display) -> Problem {
    internal(context, error);
    local_problem(
        "Something went wrong on the server",
        "Nothing was stored. Try Connect again; the server log has the details.",
    )
}
