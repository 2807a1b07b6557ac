//! Salesforce errors sorted into classes an admin can act on, each with a title and a hint.

/// Class of a Salesforce error, in the admin's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    ClientIdNotRecognized,
    ClientSecretRejected,
    AppNotInstalled,
    UserNotPermitted,
    CodeVerifierRejected,
    AuthorizationExpired,
    RefreshTokenRevoked,
    RedirectUriMismatch,
    ScopeNotAllowed,
    PkceRequired,
    AppBlocked,
    IpRestricted,
    SessionExpired,
    SessionNotValidForRest,
    RequestLimitExceeded,
    ApiDisabled,
    QueryError,
    NotFound,
    SalesforceUnavailable,
    Unreachable,
    Other,
}

impl ErrorClass {
    /// Short heading for the error.
    pub fn title(self) -> &'static str {
        match self {
            Self::ClientIdNotRecognized => "Client ID not recognized",
            Self::ClientSecretRejected => "Client Secret rejected",
            Self::AppNotInstalled => "App not installed in this org",
            Self::UserNotPermitted => "User not permitted to use this app",
            Self::CodeVerifierRejected => "PKCE code verifier rejected",
            Self::AuthorizationExpired => "Authorization code rejected",
            Self::RefreshTokenRevoked => "Reconnect required",
            Self::RedirectUriMismatch => "Callback URL does not match",
            Self::ScopeNotAllowed => "Scope not allowed for this app",
            Self::PkceRequired => "PKCE required",
            Self::AppBlocked => "App blocked by API Access Control",
            Self::IpRestricted => "Login refused by IP range or login hours",
            Self::SessionExpired => "Session expired",
            Self::SessionNotValidForRest => "Session not valid for the REST API",
            Self::RequestLimitExceeded => "Org's API request limit reached",
            Self::ApiDisabled => "Authenticated, but API access is disabled",
            Self::QueryError => "Query rejected",
            Self::NotFound => "Not found",
            Self::SalesforceUnavailable => "Salesforce unavailable",
            Self::Unreachable => "Salesforce unreachable",
            Self::Other => "Unexpected error from Salesforce",
        }
    }

    /// Returns what the admin can check or do next.
    pub fn hint(self) -> &'static str {
        match self {
            Self::ClientIdNotRecognized => {
                "Salesforce did not recognize this Client ID. A new or edited External Client \
                 App or connected app can take about 10 minutes to become active, so wait a few \
                 minutes and try again. Also check that the value is the app's Consumer Key (not the \
                 Consumer Secret) and that the app belongs to the same org you log in to."
            }
            Self::ClientSecretRejected => {
                "Salesforce recognized the Client ID but rejected the Client Secret. Copy the \
                 Consumer Secret again from the same app and replace the stored secret."
            }
            Self::AppNotInstalled => {
                "The app exists, but it is not installed in the org you logged in to. Install the \
                 External Client App in this org, or log in to the org that owns it, then connect \
                 again."
            }
            Self::UserNotPermitted => {
                "The Salesforce user may not use this app, or clicked Deny. If the app's Permitted \
                 Users policy is \"Admin approved users are pre-authorized\", add the user's profile \
                 or a permission set to the app. API Access Control can also block apps that are \
                 not on its allowlist. If the user clicked Deny, connect again and click Allow."
            }
            Self::CodeVerifierRejected => {
                "Salesforce rejected the PKCE code verifier sent with the authorization code. \
                 Click Connect again to start a new authorization."
            }
            Self::AuthorizationExpired => {
                "Salesforce rejected the authorization code: a code works once and only for a few \
                 minutes. Click Connect again. If it fails right after a fresh login, check that \
                 the Client Secret belongs to the same app as the Client ID."
            }
            Self::RefreshTokenRevoked => {
                "Salesforce no longer accepts the stored refresh token: it was revoked, replaced by \
                 a newer one, or expired under the app's refresh token policy. Click Connect to \
                 authorize again."
            }
            Self::RedirectUriMismatch => {
                "The callback URL must match one of the app's Callback URLs exactly: scheme, host, \
                 port, path and trailing slash. Copy the callback URL shown on this page into the \
                 app's OAuth settings."
            }
            Self::ScopeNotAllowed => {
                "The app does not allow one of the requested OAuth scopes. Add the scopes this \
                 integration requests to the app's selected OAuth scopes, or remove the scope from \
                 the integration settings. Salesforce may show only OAUTH_APPROVAL_ERROR_GENERIC \
                 on its own page for this."
            }
            Self::PkceRequired => {
                "The app requires PKCE and the authorization request had no code challenge. Click \
                 Connect again: the console sends a code challenge with every authorization request."
            }
            Self::AppBlocked => {
                "The org's API Access Control blocks this app. A Salesforce admin must add the app \
                 to the approved apps, then connect again."
            }
            Self::IpRestricted => {
                "The user's profile allows logins only from certain IP ranges or at certain hours, \
                 and this request was outside them. Add the console server's outbound IP address \
                 to the profile's Login IP Ranges, relax the app's IP policy, or try again within \
                 the allowed login hours."
            }
            Self::SessionExpired => {
                "The access token expired or was revoked. The console refreshes it once and \
                 retries; if this message stays, click Connect to authorize again."
            }
            Self::SessionNotValidForRest => {
                "Salesforce accepted the login but refuses this session for REST API calls, \
                 usually because of IP restrictions or API Access Control. Refreshing the token \
                 does not help: check the profile's Login IP Ranges and the org's API Access \
                 Control for this app."
            }
            Self::RequestLimitExceeded => {
                "The org has used up its rolling 24-hour API request allowance. The credentials \
                 are fine, and the console does not retry. Wait until usage drops below the limit, \
                 or ask Salesforce for a higher allowance."
            }
            Self::ApiDisabled => {
                "The login worked, but API access is disabled: either the org's edition does not \
                 include API access, or the user's profile and permission sets lack the \"API \
                 Enabled\" permission."
            }
            Self::QueryError => {
                "Salesforce rejected the query. The message explains the problem and, where it \
                 can, gives the row and column. Fix the query and run it again. If the query \
                 cursor expired, run the query again to get fresh results."
            }
            Self::NotFound => {
                "Salesforce found no such record or resource. Check the object name and record ID; \
                 an upsert field must be marked External ID and be visible to the user."
            }
            Self::SalesforceUnavailable => {
                "Salesforce returned a server error, which is usually temporary \
                 (maintenance or an incident). Try again in a few minutes."
            }
            Self::Unreachable => {
                "The console could not connect to Salesforce, or the request timed out. Check the \
                 My Domain name and the server's network access to Salesforce, then try again."
            }
            Self::Other => {
                "Salesforce returned an error the console does not recognize. The error code and \
                 message shown come from Salesforce unchanged."
            }
        }
    }
}

/// Classifies an OAuth `error` and `error_description`, from a token endpoint response or from
/// the query parameters of the callback.
///
/// Codes and descriptions are compared without regard to case, and descriptions by the phrase
/// Salesforce puts in them, because Salesforce's wording varies slightly between pages.
pub fn classify_oauth_error(error: &str, error_description: Option<&str>) -> ErrorClass {
    let code = error.trim().to_ascii_lowercase();
    let description = error_description.unwrap_or("").trim().to_ascii_lowercase();
    let mentions = |phrase: &str| description.contains(phrase);

    match code.as_str() {
        "invalid_client_id" => ErrorClass::ClientIdNotRecognized,
        "invalid_client" if mentions("must be installed") => ErrorClass::AppNotInstalled,
        "invalid_client" => ErrorClass::ClientSecretRejected,
        "invalid_grant" if mentions("code verifier") => ErrorClass::CodeVerifierRejected,
        "invalid_grant" if mentions("expired access/refresh token") => {
            ErrorClass::RefreshTokenRevoked
        }
        "invalid_grant" if mentions("approved this consumer") => ErrorClass::UserNotPermitted,
        "invalid_grant" if mentions("ip restricted") || mentions("login hours") => {
            ErrorClass::IpRestricted
        }
        "invalid_grant" if mentions("authentication failure") || mentions("expired") => {
            ErrorClass::AuthorizationExpired
        }
        "redirect_uri_mismatch" => ErrorClass::RedirectUriMismatch,
        // Salesforce's documentation spells the denial both ways.
        "access_denied" | "access-denied" | "oauth_app_access_denied" => {
            ErrorClass::UserNotPermitted
        }
        "invalid_scope" => ErrorClass::ScopeNotAllowed,
        "oauth_app_blocked" => ErrorClass::AppBlocked,
        "invalid_request" if mentions("code challenge") => ErrorClass::PkceRequired,
        _ => ErrorClass::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `error` and `error_description` pair Salesforce is known to return, with its class.
    const OAUTH_ERRORS: &[(&str, Option<&str>, ErrorClass)] = &[
        (
            "invalid_client_id",
            Some("client identifier invalid"),
            ErrorClass::ClientIdNotRecognized,
        ),
        (
            "invalid_client",
            Some("invalid client credentials"),
            ErrorClass::ClientSecretRejected,
        ),
        (
            "invalid_client",
            Some("app must be installed into org"),
            ErrorClass::AppNotInstalled,
        ),
        (
            "invalid_grant",
            Some("authentication failure"),
            ErrorClass::AuthorizationExpired,
        ),
        (
            "invalid_grant",
            Some("expired access/refresh token"),
            ErrorClass::RefreshTokenRevoked,
        ),
        (
            "invalid_grant",
            Some("invalid code verifier"),
            ErrorClass::CodeVerifierRejected,
        ),
        (
            "invalid_grant",
            Some("user hasn't approved this consumer"),
            ErrorClass::UserNotPermitted,
        ),
        (
            "invalid_grant",
            Some("ip restricted"),
            ErrorClass::IpRestricted,
        ),
        (
            "invalid_grant",
            Some("invalid login hours"),
            ErrorClass::IpRestricted,
        ),
        (
            "redirect_uri_mismatch",
            Some("redirect_uri must match configuration"),
            ErrorClass::RedirectUriMismatch,
        ),
        (
            "access_denied",
            Some("end-user denied authorization"),
            ErrorClass::UserNotPermitted,
        ),
        (
            "access-denied",
            Some("end-user denied authorization"),
            ErrorClass::UserNotPermitted,
        ),
        (
            "invalid_scope",
            Some("the requested scope is not allowed"),
            ErrorClass::ScopeNotAllowed,
        ),
        ("OAUTH_APP_BLOCKED", None, ErrorClass::AppBlocked),
        (
            "OAUTH_APP_ACCESS_DENIED",
            None,
            ErrorClass::UserNotPermitted,
        ),
        (
            "invalid_request",
            Some("missing required code challenge"),
            ErrorClass::PkceRequired,
        ),
    ];

    #[test]
    fn oauth_error_table() {
        for (error, description, expected) in OAUTH_ERRORS {
            assert_eq!(
                classify_oauth_error(error, *description),
                *expected,
                "error={error} error_description={description:?}"
            );
        }
    }

    #[test]
    fn oauth_error_authorization_request_expired() {
        assert_eq!(
            classify_oauth_error("invalid_grant", Some("authorization request has expired")),
            ErrorClass::AuthorizationExpired
        );
    }

    #[test]
    fn oauth_error_unknown_grant_failure() {
        assert_eq!(
            classify_oauth_error("invalid_grant", Some("inactive user")),
            ErrorClass::Other
        );
    }

    #[test]
    fn oauth_error_other_invalid_request() {
        assert_eq!(
            classify_oauth_error("invalid_request", Some("missing required parameter")),
            ErrorClass::Other
        );
    }

    #[test]
    fn oauth_error_unknown_code() {
        assert_eq!(
            classify_oauth_error("unsupported_grant_type", Some("grant type not supported")),
            ErrorClass::Other
        );
    }

    #[test]
    fn oauth_error_ignores_case_and_spaces() {
        assert_eq!(
            classify_oauth_error(" Invalid_Client_Id ", Some("Client Identifier Invalid")),
            ErrorClass::ClientIdNotRecognized
        );
    }

    #[test]
    fn client_id_hint_content() {
        let hint = ErrorClass::ClientIdNotRecognized.hint();
        assert!(hint.contains("about 10 minutes"), "{hint}");
        assert!(hint.contains("Consumer Key"), "{hint}");
        assert!(hint.contains("same org"), "{hint}");
        assert!(!hint.to_lowercase().contains("is wrong"), "{hint}");
        assert!(!hint.to_lowercase().contains("incorrect"), "{hint}");
    }

    #[test]
    fn user_not_permitted_hint_content() {
        let hint = ErrorClass::UserNotPermitted.hint();
        assert!(
            hint.contains("Admin approved users are pre-authorized"),
            "{hint}"
        );
        assert!(hint.contains("profile or a permission set"), "{hint}");
        assert!(hint.contains("API Access Control"), "{hint}");
        assert!(hint.contains("clicked Deny"), "{hint}");
    }

    #[test]
    fn redirect_uri_hint_content() {
        let hint = ErrorClass::RedirectUriMismatch.hint();
        assert!(hint.contains("exactly"), "{hint}");
        assert!(
            hint.contains("scheme, host, port, path and trailing slash"),
            "{hint}"
        );
    }

    #[test]
    fn request_limit_hint_content() {
        let hint = ErrorClass::RequestLimitExceeded.hint();
        assert!(hint.contains("rolling 24-hour"), "{hint}");
        assert!(hint.contains("credentials are fine"), "{hint}");
        assert!(hint.contains("does not retry"), "{hint}");
    }

    #[test]
    fn api_disabled_hint_content() {
        let title = ErrorClass::ApiDisabled.title();
        let hint = ErrorClass::ApiDisabled.hint();
        assert_eq!(title, "Authenticated, but API access is disabled");
        assert!(hint.contains("edition"), "{hint}");
        assert!(hint.contains("\"API Enabled\""), "{hint}");
    }
}
