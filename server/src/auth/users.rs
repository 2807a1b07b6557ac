//! Console users: the email rules, creating a user, and reading a stored user with a typed role.

use app::model::Role;
use secrecy::SecretString;

use super::password::{PasswordRuleError, check_new_password, hash_password};
use crate::db::{ConsoleUserRow, Db, InsertUserOutcome};

/// The maximum email length in characters, the common limit for an email address.
const MAX_EMAIL_CHARS: usize = 254;

/// A console user without the password hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleUser {
    pub id: String,
    pub email: String,
    pub role: Role,
    pub disabled: bool,
}

impl TryFrom<&ConsoleUserRow> for ConsoleUser {
    type Error = app::model::UnknownRole;

    fn try_from(row: &ConsoleUserRow) -> Result<Self, Self::Error> {
        Ok(ConsoleUser {
            id: row.id.clone(),
            email: row.email.clone(),
            role: row.role.parse()?,
            disabled: row.disabled,
        })
    }
}

/// The reason a user could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("invalid email {email:?}: {reason}")]
    InvalidEmail { email: String, reason: &'static str },
    #[error("invalid password: {0}")]
    Password(#[from] PasswordRuleError),
    #[error("a console user with the email {0} already exists")]
    EmailTaken(String),
    #[error(transparent)]
    Storage(#[from] anyhow::Error),
}

/// Trims and lowercases an email, the form it is stored and looked up in.
pub fn normalize_email(input: &str) -> String {
    input.trim().to_lowercase()
}

/// Checks the shape of a normalized email: one `@` with text on both sides, a dot-free start
/// and end of the domain, and no spaces or control characters. Delivery is never tested.
pub fn check_email(email: &str) -> Result<(), &'static str> {
    if email.chars().count() > MAX_EMAIL_CHARS {
        return Err("it is longer than 254 characters");
    }
    if email
        .chars()
        .any(|character| character.is_whitespace() || character.is_control())
    {
        return Err("it contains a space or a control character");
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err("it has no @");
    };
    if domain.contains('@') {
        return Err("it has more than one @");
    }
    if local.is_empty() {
        return Err("nothing comes before the @");
    }
    if domain.is_empty() || domain.starts_with('.') || domain.ends_with('.') {
        return Err("the part after the @ is not a domain");
    }
    Ok(())
}

/// Creates a console user after checking the email and the password rules; the password is
/// hashed on a blocking thread.
pub async fn create_user(
    db: &Db,
    email: &str,
    role: Role,
    password: SecretString,
) -> Result<ConsoleUser, CreateUserError> {
    let email = normalize_email(email);
    check_email(&email).map_err(|reason| CreateUserError::InvalidEmail {
        email: email.clone(),
        reason,
    })?;
    check_new_password(&password)?;

    let password_hash = hash_password(password).await?;
    let outcome = db
        .insert_console_user(&email, role.as_str(), &password_hash)
        .await
        .map_err(|error| anyhow::anyhow!("storing the console user failed: {error}"))?;
    match outcome {
        InsertUserOutcome::Created { id } => {
            tracing::info!(user.id = %id, role = %role, "console user created");
            Ok(ConsoleUser {
                id,
                email,
                role,
                disabled: false,
            })
        }
        InsertUserOutcome::EmailTaken => Err(CreateUserError::EmailTaken(email)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_trimmed_and_lowercased() {
        assert_eq!(
            normalize_email("  Admin@Console.Example \n"),
            "admin@console.example"
        );
    }

    #[test]
    fn valid_emails_pass() {
        for email in [
            "a@b.example",
            "first.last+tag@sub.example.com",
            "x@localhost",
        ] {
            assert_eq!(check_email(email), Ok(()), "{email}");
        }
    }

    #[test]
    fn malformed_emails_are_rejected() {
        let cases = [
            ("no-at.example", "it has no @"),
            ("a@b@c.example", "it has more than one @"),
            ("@b.example", "nothing comes before the @"),
            ("a@", "the part after the @ is not a domain"),
            ("a@.example", "the part after the @ is not a domain"),
            ("a@example.", "the part after the @ is not a domain"),
            (
                "a b@c.example",
                "it contains a space or a control character",
            ),
            (
                "a\u{0}@c.example",
                "it contains a space or a control character",
            ),
        ];
        for (email, reason) in cases {
            assert_eq!(check_email(email), Err(reason), "{email:?}");
        }
    }

    #[test]
    fn overlong_email_is_rejected() {
        let email = format!("{}@b.example", "a".repeat(250));
        assert_eq!(check_email(&email), Err("it is longer than 254 characters"));
    }

    #[tokio::test]
    async fn created_user_is_stored_lowercased() {
        let db = Db::connect("sqlite::memory:")
            .await
            .expect("an in-memory database opens");
        let password = SecretString::from("a-long-enough-password".to_string());
        let user = create_user(&db, "New.Admin@Example.com", Role::Admin, password)
            .await
            .expect("the user is created");
        assert_eq!(user.email, "new.admin@example.com");
        let row = db
            .console_user_by_email("new.admin@example.com")
            .await
            .expect("read")
            .expect("the user exists");
        assert_eq!(row.id, user.id);
        assert_eq!(row.role, "admin");
        assert!(
            row.password_hash.starts_with("$argon2id$"),
            "{}",
            row.password_hash
        );
    }

    #[tokio::test]
    async fn duplicate_email_differing_in_case_is_rejected() {
        let db = Db::connect("sqlite::memory:")
            .await
            .expect("an in-memory database opens");
        let password = || SecretString::from("a-long-enough-password".to_string());
        create_user(&db, "ops@example.com", Role::Support, password())
            .await
            .expect("created");
        let error = create_user(&db, "OPS@example.com", Role::Admin, password())
            .await
            .expect_err("the email is taken");
        assert!(
            matches!(&error, CreateUserError::EmailTaken(email) if email == "ops@example.com"),
            "{error}"
        );
    }

    #[tokio::test]
    async fn short_password_creates_nothing() {
        let db = Db::connect("sqlite::memory:")
            .await
            .expect("an in-memory database opens");
        let error = create_user(
            &db,
            "ops@example.com",
            Role::Support,
            SecretString::from("short".to_string()),
        )
        .await
        .expect_err("the password is too short");
        assert!(
            matches!(
                error,
                CreateUserError::Password(PasswordRuleError::TooShort { actual: 5 })
            ),
            "{error}"
        );
        let row = db
            .console_user_by_email("ops@example.com")
            .await
            .expect("read");
        assert!(row.is_none());
    }
}
