//! Password hashing and verification with argon2id, on tokio's blocking threads because one hash
//! takes tens of milliseconds of CPU and would stall every request on that runtime thread.

use anyhow::Context;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};

/// The shortest password `create-user` accepts, in characters.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// The maximum password length sign-in verifies, in characters. Longer input fails without
/// hashing, so a huge form field cannot tie up a blocking thread.
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// A PHC string with argon2id and the crate's default parameters (m=19456, t=2, p=1) whose hash
/// output is arbitrary bytes, so no known password matches it. Sign-in verifies against it when
/// no user has the email, so an unknown user costs as much time as a wrong password.
const DUMMY_PASSWORD_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2lnbi1pbi1kdW1teS1zYWx0$5Sv5qXNMPRNZBVMXdtZ/HBvmYtTN3Q8PBbzOQ7sV7O0";

/// A password that breaks the rules for new passwords.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasswordRuleError {
    #[error("the password has {actual} characters; use at least {MIN_PASSWORD_CHARS}")]
    TooShort { actual: usize },
    #[error("the password has {actual} characters; use at most {MAX_PASSWORD_CHARS}")]
    TooLong { actual: usize },
}

/// Checks a new password's length in characters, not bytes.
pub fn check_new_password(password: &SecretString) -> Result<(), PasswordRuleError> {
    let actual = password.expose_secret().chars().count();
    if actual < MIN_PASSWORD_CHARS {
        Err(PasswordRuleError::TooShort { actual })
    } else if actual > MAX_PASSWORD_CHARS {
        Err(PasswordRuleError::TooLong { actual })
    } else {
        Ok(())
    }
}

/// Hashes a password with argon2id, default parameters and a random 16-byte salt, and returns
/// the PHC string to store.
pub async fn hash_password(password: SecretString) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let mut salt_bytes = [0_u8; 16];
        rand::thread_rng().fill_bytes(&mut salt_bytes);
        let salt = SaltString::encode_b64(&salt_bytes)
            .map_err(|error| anyhow::anyhow!("encoding the salt failed: {error}"))?;
        let hash = Argon2::default()
            .hash_password(password.expose_secret().as_bytes(), &salt)
            .map_err(|error| anyhow::anyhow!("hashing the password failed: {error}"))?;
        Ok(hash.to_string())
    })
    .await
    .context("the password hashing task failed")?
}

/// Verifies a password against a stored PHC string. Returns `Ok(false)` for a wrong password and
/// an error only for a hash that does not parse.
pub async fn verify_password(
    password: SecretString,
    password_hash: String,
) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || verify_blocking(&password, &password_hash))
        .await
        .context("the password verification task failed")?
}

/// Verifies a password against [`DUMMY_PASSWORD_HASH`] and discards the result, so the caller
/// spends the same time as for a real account.
pub async fn verify_dummy_password(password: SecretString) {
    let outcome =
        tokio::task::spawn_blocking(move || verify_blocking(&password, DUMMY_PASSWORD_HASH)).await;
    if !matches!(outcome, Ok(Ok(false))) {
        tracing::error!(
            "verifying against the dummy password hash did not return a plain mismatch"
        );
    }
}

fn verify_blocking(password: &SecretString, password_hash: &str) -> anyhow::Result<bool> {
    let parsed = PasswordHash::new(password_hash)
        .map_err(|error| anyhow::anyhow!("the stored password hash does not parse: {error}"))?;
    match Argon2::default().verify_password(password.expose_secret().as_bytes(), &parsed) {
        Ok(()) => Ok(true),
        Err(argon2::password_hash::Error::Password) => Ok(false),
        Err(error) => Err(anyhow::anyhow!("verifying the password failed: {error}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(text: &str) -> SecretString {
        SecretString::from(text.to_string())
    }

    #[tokio::test]
    async fn hash_then_verify() {
        let hash = hash_password(secret("correct horse battery"))
            .await
            .expect("hashing succeeds");
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        let right = verify_password(secret("correct horse battery"), hash.clone())
            .await
            .expect("verifies");
        assert!(right);
        let wrong = verify_password(secret("correct horse battery!"), hash)
            .await
            .expect("verifies");
        assert!(!wrong);
    }

    #[tokio::test]
    async fn same_password_hashes_differ() {
        let first = hash_password(secret("correct horse battery"))
            .await
            .expect("hashing succeeds");
        let second = hash_password(secret("correct horse battery"))
            .await
            .expect("hashing succeeds");
        assert_ne!(first, second);
    }

    #[tokio::test]
    async fn malformed_hash_is_an_error() {
        let result = verify_password(secret("anything at all"), "not a hash".to_string()).await;
        assert!(result.is_err());
    }

    #[test]
    fn dummy_hash_uses_default_parameters() {
        // The dummy must cost what a real hash costs, so its parameters must match the ones
        // hash_password uses, also after an argon2 upgrade that changes the defaults.
        let parsed = PasswordHash::new(DUMMY_PASSWORD_HASH).expect("the dummy hash parses");
        let params =
            argon2::Params::try_from(&parsed).expect("the dummy hash has argon2 parameters");
        let defaults = argon2::Params::default();
        assert_eq!(parsed.algorithm.as_str(), "argon2id");
        assert_eq!(params.m_cost(), defaults.m_cost());
        assert_eq!(params.t_cost(), defaults.t_cost());
        assert_eq!(params.p_cost(), defaults.p_cost());
    }

    #[test]
    fn short_password_is_rejected() {
        assert_eq!(
            check_new_password(&secret("elevenchars")),
            Err(PasswordRuleError::TooShort { actual: 11 })
        );
    }

    #[test]
    fn twelve_characters_are_enough() {
        assert_eq!(check_new_password(&secret("twelve-chars")), Ok(()));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // Eleven characters, but 22 bytes in UTF-8.
        assert_eq!(
            check_new_password(&secret("ééééééééééé")),
            Err(PasswordRuleError::TooShort { actual: 11 })
        );
    }

    #[test]
    fn overlong_password_is_rejected() {
        let long = "x".repeat(MAX_PASSWORD_CHARS + 1);
        assert_eq!(
            check_new_password(&secret(&long)),
            Err(PasswordRuleError::TooLong {
                actual: MAX_PASSWORD_CHARS + 1
            })
        );
    }
}
