//! The reason a sign-in failed, as the server puts it into the sign-in page's query string and
//! the page reads it back. The page shows only the fixed messages below, so a crafted link cannot put
//! arbitrary text on the sign-in page.

/// The maximum lock the page states, in minutes. A larger value in the URL is capped.
const MAX_MINUTES: u32 = 60;

/// A failed sign-in, as the sign-in page explains it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInError {
    /// The email or the password was empty.
    Missing,
    /// An unknown email or a wrong password. The two are deliberately indistinguishable.
    Incorrect,
    /// Too many failures for the account or the client address.
    Throttled { minutes: u32 },
    /// The password was right, but the account is disabled.
    Disabled,
    /// The console failed; its log has the cause.
    Failed,
}

impl SignInError {
    /// Returns the message the sign-in page shows.
    pub fn message(self) -> String {
        match self {
            SignInError::Missing => "Enter your email and password.".to_string(),
            SignInError::Incorrect => "Email or password is incorrect.".to_string(),
            SignInError::Throttled { minutes: 1 } => {
                "Too many failed sign-ins. Try again in 1 minute.".to_string()
            }
            SignInError::Throttled { minutes } => {
                format!("Too many failed sign-ins. Try again in {minutes} minutes.")
            }
            SignInError::Disabled => {
                "This account is disabled. Ask a console admin to enable it.".to_string()
            }
            SignInError::Failed => {
                "Signing in failed on the server. Try again; the server log has the details."
                    .to_string()
            }
        }
    }

    /// Returns the query parameters that carry this error, such as `error=throttled&minutes=15`.
    pub fn to_query(self) -> String {
        match self {
            SignInError::Missing => "error=missing".to_string(),
            SignInError::Incorrect => "error=incorrect".to_string(),
            SignInError::Throttled { minutes } => format!("error=throttled&minutes={minutes}"),
            SignInError::Disabled => "error=disabled".to_string(),
            SignInError::Failed => "error=failed".to_string(),
        }
    }

    /// Reads the `error` and `minutes` query parameters back; an unknown code returns `None`.
    pub fn from_query(error: &str, minutes: Option<&str>) -> Option<Self> {
        match error {
            "missing" => Some(SignInError::Missing),
            "incorrect" => Some(SignInError::Incorrect),
            "throttled" => {
                let minutes = minutes
                    .and_then(|text| text.parse::<u32>().ok())
                    .unwrap_or(MAX_MINUTES);
                Some(SignInError::Throttled {
                    minutes: minutes.clamp(1, MAX_MINUTES),
                })
            }
            "disabled" => Some(SignInError::Disabled),
            "failed" => Some(SignInError::Failed),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_round_trips_through_the_query() {
        for error in [
            SignInError::Missing,
            SignInError::Incorrect,
            SignInError::Throttled { minutes: 15 },
            SignInError::Disabled,
            SignInError::Failed,
        ] {
            let query = error.to_query();
            let code = query
                .trim_start_matches("error=")
                .split('&')
                .next()
                .expect("a code");
            let minutes = query.split("minutes=").nth(1);
            assert_eq!(
                SignInError::from_query(code, minutes),
                Some(error),
                "{query}"
            );
        }
    }

    #[test]
    fn incorrect_message() {
        assert_eq!(
            SignInError::Incorrect.message(),
            "Email or password is incorrect."
        );
    }

    #[test]
    fn throttled_message_names_minutes() {
        assert_eq!(
            SignInError::Throttled { minutes: 15 }.message(),
            "Too many failed sign-ins. Try again in 15 minutes."
        );
        assert_eq!(
            SignInError::Throttled { minutes: 1 }.message(),
            "Too many failed sign-ins. Try again in 1 minute."
        );
    }

    #[test]
    fn crafted_minutes_are_capped() {
        assert_eq!(
            SignInError::from_query("throttled", Some("99999")),
            Some(SignInError::Throttled { minutes: 60 })
        );
        assert_eq!(
            SignInError::from_query("throttled", Some("0")),
            Some(SignInError::Throttled { minutes: 1 })
        );
        assert_eq!(
            SignInError::from_query("throttled", Some("soon")),
            Some(SignInError::Throttled { minutes: 60 })
        );
    }

    #[test]
    fn unknown_code_shows_nothing() {
        assert_eq!(
            SignInError::from_query("Call 555-0100 to unlock", None),
            None
        );
    }
}
