//! The External Client App's credentials: the consumer key (the Client ID field) and the
//! consumer secret (the Client Secret field).
//!
//! The checks catch pasting mistakes, such as a cut-off value or the key and secret swapped,
//! and are loose enough never to reject a value Salesforce could have issued.

#[cfg(test)]
mod tests;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::describe_character;

/// Length bounds of a consumer key. Keys seen in practice usually have 85 characters.
// NOTE: Salesforce documents no length, so these bounds are a wide margin around observed keys.
pub const CLIENT_ID_LENGTH: (usize, usize) = (20, 255);

/// Length bounds of a consumer secret. Older secrets are 19 digits, newer ones 64 hex digits.
// NOTE: Salesforce documents no length, so these bounds are a wide margin around observed
// secrets.
pub const CLIENT_SECRET_LENGTH: (usize, usize) = (8, 255);

/// The prefix of every consumer key seen in practice.
const CONSUMER_KEY_PREFIX: &str = "3MVG";

/// The maximum length of a known consumer secret format (64 hex digits), used to recognize a
/// secret pasted as Client ID.
const MAX_KNOWN_SECRET_LENGTH: usize = 64;

/// The mask the settings page shows in place of a secret. Pasting it back is a mistake.
const MASK: &str = "••••";

/// A consumer key, trimmed. It is not secret, so `Debug` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClientId(String);

/// A consumer secret, trimmed. `Debug` and `Display` never print it, and it has no `Serialize`,
/// so it cannot reach the browser or a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientSecret(String);

/// A rejected Client ID or Client Secret. `Display` is the message shown next to the field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    #[error(
        "Client ID is required: paste the Consumer Key from the External Client App's OAuth \
         settings"
    )]
    ClientIdMissing,
    #[error("Client ID contains a space or line break: copy the Consumer Key again as one piece")]
    ClientIdWhitespace,
    #[error(
        "Client ID looks like a Consumer Secret: paste the Consumer Key, which usually starts \
         with 3MVG, and put the secret in Client Secret"
    )]
    ClientIdLooksLikeSecret,
    #[error(
        "Client ID contains {}, but a Consumer Key has only letters, digits, dots and \
         underscores: copy the Consumer Key again",
        describe_character(.character)
    )]
    ClientIdCharacter { character: char },
    #[error(
        "Client ID has {length} characters, but a Consumer Key has 20 to 255 (usually 85): copy \
         the whole Consumer Key"
    )]
    ClientIdLength { length: usize },
    #[error(
        "Client Secret is required: paste the Consumer Secret from the External Client App's \
         OAuth settings"
    )]
    ClientSecretMissing,
    #[error(
        "Client Secret contains the mask ••••: paste the whole Consumer Secret, or clear the \
         field to keep the stored secret"
    )]
    ClientSecretMasked,
    #[error(
        "Client Secret contains a space or line break: copy the Consumer Secret again as one \
         piece"
    )]
    ClientSecretWhitespace,
    #[error(
        "Client Secret looks like a Consumer Key: paste the Consumer Secret, and put the key, \
         which starts with 3MVG, in Client ID"
    )]
    ClientSecretLooksLikeKey,
    #[error(
        "Client Secret contains {}, which a Consumer Secret does not have: copy the Consumer \
         Secret again",
        describe_character(.character)
    )]
    ClientSecretCharacter { character: char },
    #[error(
        "Client Secret has {length} characters, but a Consumer Secret has 8 to 255 (usually 19 \
         digits or 64 hexadecimal characters): copy the whole Consumer Secret"
    )]
    ClientSecretLength { length: usize },
}

impl ClientId {
    /// Parses a pasted consumer key, trimming surrounding whitespace.
    pub fn parse(input: &str) -> Result<Self, CredentialError> {
        let value = input.trim();
        if value.is_empty() {
            return Err(CredentialError::ClientIdMissing);
        }
        if value.chars().any(char::is_whitespace) {
            return Err(CredentialError::ClientIdWhitespace);
        }
        if looks_like_secret(value) {
            return Err(CredentialError::ClientIdLooksLikeSecret);
        }
        // NOTE: the character set comes from observed keys, not from a Salesforce document.
        if let Some(character) = value
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_')))
        {
            return Err(CredentialError::ClientIdCharacter { character });
        }
        let length = value.len();
        let (min, max) = CLIENT_ID_LENGTH;
        if !(min..=max).contains(&length) {
            return Err(CredentialError::ClientIdLength { length });
        }
        Ok(ClientId(value.to_owned()))
    }

    /// Returns the consumer key as sent in the `client_id` parameter.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClientId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

/// Deserializing parses again, so a stored or posted value can never skip the checks.
impl TryFrom<String> for ClientId {
    type Error = CredentialError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        ClientId::parse(&value)
    }
}

impl From<ClientId> for String {
    fn from(client_id: ClientId) -> Self {
        client_id.0
    }
}

impl ClientSecret {
    /// Parses a pasted consumer secret, trimming surrounding whitespace.
    pub fn parse(input: &str) -> Result<Self, CredentialError> {
        let value = input.trim();
        if value.is_empty() {
            return Err(CredentialError::ClientSecretMissing);
        }
        if value.contains(MASK) || value.contains('•') {
            return Err(CredentialError::ClientSecretMasked);
        }
        if value.chars().any(char::is_whitespace) {
            return Err(CredentialError::ClientSecretWhitespace);
        }
        // Secrets seen so far are digits or hex digits, so neither the key prefix nor a dot
        // can appear in a real one.
        if value.starts_with(CONSUMER_KEY_PREFIX) || value.contains('.') {
            return Err(CredentialError::ClientSecretLooksLikeKey);
        }
        // Any printable ASCII character is accepted, in case the format changes again.
        if let Some(character) = value.chars().find(|c| !c.is_ascii_graphic()) {
            return Err(CredentialError::ClientSecretCharacter { character });
        }
        let length = value.len();
        let (min, max) = CLIENT_SECRET_LENGTH;
        if !(min..=max).contains(&length) {
            return Err(CredentialError::ClientSecretLength { length });
        }
        Ok(ClientSecret(value.to_owned()))
    }

    /// Returns the secret for the one request that sends it as `client_secret`.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Returns the last four characters, which the settings page shows after `••••`.
    pub fn last_four(&self) -> String {
        let start = self.0.len().saturating_sub(4);
        // The secret is ASCII (checked in `parse`), so every byte index is a character boundary.
        self.0[start..].to_owned()
    }
}

impl fmt::Debug for ClientSecret {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("ClientSecret(••••)")
    }
}

impl fmt::Display for ClientSecret {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("ClientSecret(••••)")
    }
}

/// Tells whether a Client ID value has the shape of a consumer secret: digits or hex digits
/// only, with the length of a secret. Keys seen in practice have 85 characters and mix all
/// letters, so a real key is not expected to match.
fn looks_like_secret(value: &str) -> bool {
    (CLIENT_SECRET_LENGTH.0..=MAX_KNOWN_SECRET_LENGTH).contains(&value.len())
        && value.chars().all(|c| c.is_ascii_hexdigit())
}
