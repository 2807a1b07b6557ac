//! The Salesforce settings form: the raw input it posts, the validated settings, and the
//! per-field messages shown when validation fails.

mod login_host;
mod scopes;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError, ValidationErrors};

use crate::model::{ClientId, ClientSecret, MyDomain, OrgKind, Scope};

pub use login_host::{LoginHost, LoginHostError};
pub use scopes::{ScopeSelectionError, parse_selected_scopes, scope_warnings};

/// The fields the settings form posts, each as typed. `Debug` masks the client secret.
///
/// The `Validate` derive covers every field but the client secret, because `validator` copies
/// each checked value into its error. [`IntegrationSettingsInput::validate`] checks the secret
/// itself.
#[derive(Clone, Default, Serialize, Deserialize, Validate)]
#[serde(default)]
pub struct IntegrationSettingsInput {
    #[validate(custom(function = "check_client_id"))]
    pub client_id: String,
    /// Empty keeps the stored secret, which is only valid when one is stored.
    pub client_secret: String,
    #[validate(custom(function = "check_my_domain"))]
    pub my_domain: String,
    /// Scope values such as `api`.
    #[validate(custom(function = "check_scopes"))]
    pub scopes: Vec<String>,
    /// `generic` or `my_domain`. Empty selects the default for the org kind.
    #[validate(custom(function = "check_login_host"))]
    pub login_host: String,
}

/// Validated settings, ready to store and use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntegrationSettings {
    pub client_id: ClientId,
    /// `None` keeps the secret already stored.
    pub client_secret: Option<ClientSecret>,
    pub my_domain: MyDomain,
    /// Known scopes in [`Scope::ALL`] order, without repeats.
    pub scopes: Vec<Scope>,
    pub login_host: LoginHost,
}

/// Messages by field name (`client_id`, `client_secret`, `my_domain`, `scopes`, `login_host`),
/// each shown next to its field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub BTreeMap<String, String>);

impl FieldErrors {
    pub const CLIENT_ID: &'static str = "client_id";
    pub const CLIENT_SECRET: &'static str = "client_secret";
    pub const MY_DOMAIN: &'static str = "my_domain";
    pub const SCOPES: &'static str = "scopes";
    pub const LOGIN_HOST: &'static str = "login_host";

    /// Returns the message for one field, if that field is invalid.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    /// Tells whether no field is invalid.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Records the message for a field unless the field already has one.
    fn add(&mut self, field: &str, message: impl fmt::Display) {
        self.0
            .entry(field.to_owned())
            .or_insert_with(|| message.to_string());
    }
}

impl From<&ValidationErrors> for FieldErrors {
    fn from(errors: &ValidationErrors) -> Self {
        let messages = errors
            .field_errors()
            .into_iter()
            .map(|(field, field_errors)| {
                let message = field_errors
                    .first()
                    .map(|error| match &error.message {
                        Some(message) => message.to_string(),
                        None => error.code.to_string(),
                    })
                    .unwrap_or_default();
                (field.into_owned(), message)
            });
        FieldErrors(messages.collect::<BTreeMap<_, _>>())
    }
}

impl IntegrationSettingsInput {
    /// Validates every field and returns all field errors at once, not just the first.
    pub fn validate(&self, secret_is_stored: bool) -> Result<IntegrationSettings, FieldErrors> {
        let mut errors = match Validate::validate(self) {
            Ok(()) => FieldErrors::default(),
            Err(errors) => FieldErrors::from(&errors),
        };

        // The parsers run again to produce the values. They run the same checks, so they add a
        // message only if the derive and the parsers ever disagree.
        let client_id = record(
            &mut errors,
            FieldErrors::CLIENT_ID,
            ClientId::parse(&self.client_id),
        );
        let client_secret = record(
            &mut errors,
            FieldErrors::CLIENT_SECRET,
            parse_client_secret(&self.client_secret, secret_is_stored),
        );
        let my_domain = record(
            &mut errors,
            FieldErrors::MY_DOMAIN,
            MyDomain::parse(&self.my_domain).map(|parsed| parsed.domain),
        );
        let scopes = record(
            &mut errors,
            FieldErrors::SCOPES,
            parse_selected_scopes(&self.scopes),
        );
        let kind = my_domain
            .as_ref()
            .map_or(OrgKind::Production, MyDomain::org_kind);
        let login_host = record(
            &mut errors,
            FieldErrors::LOGIN_HOST,
            LoginHost::parse(&self.login_host, kind),
        );

        match (client_id, client_secret, my_domain, scopes, login_host) {
            (
                Some(client_id),
                Some(client_secret),
                Some(my_domain),
                Some(scopes),
                Some(login_host),
            ) if errors.is_empty() => Ok(IntegrationSettings {
                client_id,
                client_secret,
                my_domain,
                scopes,
                login_host,
            }),
            _ => Err(errors),
        }
    }
}

impl fmt::Debug for IntegrationSettingsInput {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let client_secret = if self.client_secret.trim().is_empty() {
            "(empty)"
        } else {
            "••••"
        };
        formatter
            .debug_struct("IntegrationSettingsInput")
            .field("client_id", &self.client_id)
            .field("client_secret", &client_secret)
            .field("my_domain", &self.my_domain)
            .field("scopes", &self.scopes)
            .field("login_host", &self.login_host)
            .finish()
    }
}

/// Parses the posted secret. An empty one keeps the stored secret when there is one.
fn parse_client_secret(
    value: &str,
    secret_is_stored: bool,
) -> Result<Option<ClientSecret>, crate::model::CredentialError> {
    if value.trim().is_empty() && secret_is_stored {
        return Ok(None);
    }
    ClientSecret::parse(value).map(Some)
}

/// Returns the parsed value, or records the error's message for the field and returns `None`.
fn record<T, E: fmt::Display>(
    errors: &mut FieldErrors,
    field: &str,
    result: Result<T, E>,
) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(error) => {
            errors.add(field, error);
            None
        }
    }
}

/// Wraps a parser's error for `validator`, keeping its message as the one shown.
fn validation_error(error: impl fmt::Display) -> ValidationError {
    ValidationError::new("invalid").with_message(error.to_string().into())
}

fn check_client_id(value: &str) -> Result<(), ValidationError> {
    ClientId::parse(value).map(drop).map_err(validation_error)
}

fn check_my_domain(value: &str) -> Result<(), ValidationError> {
    MyDomain::parse(value).map(drop).map_err(validation_error)
}

fn check_scopes(values: &[String]) -> Result<(), ValidationError> {
    parse_selected_scopes(values)
        .map(drop)
        .map_err(validation_error)
}

/// Checks only that the value is a known choice, because the org kind matters only for the
/// default.
fn check_login_host(value: &str) -> Result<(), ValidationError> {
    LoginHost::parse(value, OrgKind::Production)
        .map(drop)
        .map_err(validation_error)
}
