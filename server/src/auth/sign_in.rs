//! Checking an email and password. An unknown email and a wrong password fail alike, in message
//! and in time, and failures are throttled per account and per client address.

use std::net::IpAddr;

use secrecy::{ExposeSecret, SecretString};
use tracing::instrument;

use super::password::{MAX_PASSWORD_CHARS, verify_dummy_password, verify_password};
use super::throttle::{self, ThrottleKeys};
use super::users::{ConsoleUser, normalize_email};
use crate::db::{Db, now_ms};

/// The reason a sign-in failed. The messages the sign-in page shows live in `app::auth`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignInFailure {
    /// The email or the password field was empty.
    Missing,
    /// No user has the email, or the password is wrong. The caller cannot tell which.
    Incorrect,
    /// Too many failures for this account or client address; try again after `minutes`.
    Throttled { minutes: u32 },
    /// The password is right, but the account is disabled.
    Disabled,
    /// The console failed; the cause is logged.
    Internal,
}

/// Checks the credentials of one sign-in attempt from `address`.
#[instrument(skip_all, fields(client.address = %address))]
pub async fn authenticate(
    db: &Db,
    email: &str,
    password: SecretString,
    address: IpAddr,
) -> Result<ConsoleUser, SignInFailure> {
    let email = normalize_email(email);
    if email.is_empty() || password.expose_secret().is_empty() {
        return Err(SignInFailure::Missing);
    }
    let keys = ThrottleKeys::new(&email, address);
    let now = now_ms();

    match throttle::locked_until(db, &keys, now).await {
        Ok(Some(until)) => {
            tracing::warn!(
                email.sha256_prefix = keys.email_hash_prefix(),
                "sign-in rejected: too many failed sign-ins for this account or client address"
            );
            return Err(SignInFailure::Throttled {
                minutes: throttle::minutes_until(until, now),
            });
        }
        Ok(None) => {}
        Err(error) => {
            tracing::error!(error = %error, "reading the sign-in throttle failed");
            return Err(SignInFailure::Internal);
        }
    }

    let row = match db.console_user_by_email(&email).await {
        Ok(row) => row,
        Err(error) => {
            tracing::error!(error = %error, "loading the console user failed");
            return Err(SignInFailure::Internal);
        }
    };
    // An overlong password is never hashed, but it still costs a dummy verification, so its
    // response takes as long as any other failure.
    let overlong = password.expose_secret().chars().count() > MAX_PASSWORD_CHARS;
    let verified = match &row {
        Some(row) if !overlong => verify_password(password, row.password_hash.clone()).await,
        _ => {
            verify_dummy_password(SecretString::from(String::from("dummy-password"))).await;
            Ok(false)
        }
    };
    let verified = match verified {
        Ok(verified) => verified,
        Err(error) => {
            tracing::error!(error = %error, "verifying a password failed");
            return Err(SignInFailure::Internal);
        }
    };

    let Some(row) = row.filter(|_| verified) else {
        return Err(failed(db, &keys, now).await);
    };
    let user = match ConsoleUser::try_from(&row) {
        Ok(user) => user,
        Err(error) => {
            tracing::error!(user.id = %row.id, error = %error, "a stored console user has an unknown role");
            return Err(SignInFailure::Internal);
        }
    };
    if user.disabled {
        tracing::warn!(user.id = %user.id, "sign-in rejected: the account is disabled");
        return Err(SignInFailure::Disabled);
    }
    if let Err(error) = throttle::record_success(db, &keys).await {
        tracing::error!(error = %error, "clearing the sign-in throttle failed");
    }
    tracing::info!(user.id = %user.id, role = %user.role, "signed in");
    Ok(user)
}

/// Counts the failure and returns what to show: `Throttled` when this failure set off a lock.
async fn failed(db: &Db, keys: &ThrottleKeys, now: i64) -> SignInFailure {
    match throttle::record_failure(db, keys, now).await {
        Ok(Some(until)) => {
            tracing::warn!(
                email.sha256_prefix = keys.email_hash_prefix(),
                "too many failed sign-ins: account or client address locked for 15 minutes"
            );
            SignInFailure::Throttled {
                minutes: throttle::minutes_until(until, now),
            }
        }
        Ok(None) => {
            tracing::info!(
                email.sha256_prefix = keys.email_hash_prefix(),
                "sign-in failed"
            );
            SignInFailure::Incorrect
        }
        Err(error) => {
            tracing::error!(error = %error, "recording a failed sign-in failed");
            SignInFailure::Internal
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use app::model::Role;

    use super::*;
    use crate::auth::users::create_user;

    const PASSWORD: &str = "a-long-enough-password";

    fn secret(text: &str) -> SecretString {
        SecretString::from(text.to_string())
    }

    async fn db_with_user() -> Db {
        let db = Db::connect("sqlite::memory:")
            .await
            .expect("an in-memory database opens");
        create_user(&db, "ops@example.com", Role::Support, secret(PASSWORD))
            .await
            .expect("created");
        db
    }

    fn address(last: u8) -> IpAddr {
        IpAddr::V4(Ipv4Addr::new(10, 1, 1, last))
    }

    #[tokio::test]
    async fn right_password_signs_in_any_case_of_email() {
        let db = db_with_user().await;
        let user = authenticate(&db, " OPS@Example.com ", secret(PASSWORD), address(1))
            .await
            .expect("signed in");
        assert_eq!(user.email, "ops@example.com");
        assert_eq!(user.role, Role::Support);
    }

    #[tokio::test]
    async fn unknown_user_and_wrong_password_fail_alike() {
        let db = db_with_user().await;
        let unknown = authenticate(&db, "nobody@example.com", secret(PASSWORD), address(2)).await;
        let wrong = authenticate(
            &db,
            "ops@example.com",
            secret("not-the-password"),
            address(3),
        )
        .await;
        assert_eq!(unknown, Err(SignInFailure::Incorrect));
        assert_eq!(wrong, Err(SignInFailure::Incorrect));
    }

    #[tokio::test]
    async fn empty_fields_are_missing() {
        let db = db_with_user().await;
        assert_eq!(
            authenticate(&db, "  ", secret(PASSWORD), address(4)).await,
            Err(SignInFailure::Missing)
        );
        assert_eq!(
            authenticate(&db, "ops@example.com", secret(""), address(4)).await,
            Err(SignInFailure::Missing)
        );
    }

    #[tokio::test]
    async fn fifth_failure_throttles_even_the_right_password() {
        let db = db_with_user().await;
        for attempt in 1..=4 {
            let result = authenticate(&db, "ops@example.com", secret("wrong"), address(5)).await;
            assert_eq!(result, Err(SignInFailure::Incorrect), "attempt {attempt}");
        }
        let fifth = authenticate(&db, "ops@example.com", secret("wrong"), address(5)).await;
        assert_eq!(fifth, Err(SignInFailure::Throttled { minutes: 15 }));
        let right = authenticate(&db, "ops@example.com", secret(PASSWORD), address(6)).await;
        assert_eq!(right, Err(SignInFailure::Throttled { minutes: 15 }));
    }

    #[tokio::test]
    async fn overlong_password_is_incorrect() {
        let db = db_with_user().await;
        let long = "x".repeat(MAX_PASSWORD_CHARS + 1);
        assert_eq!(
            authenticate(&db, "ops@example.com", secret(&long), address(7)).await,
            Err(SignInFailure::Incorrect)
        );
    }
}
