//! The error every Salesforce call returns, and how it maps to an [`ErrorClass`].

use std::fmt;

pub use super::api_usage::ApiUsage;
pub use super::error_class::{ErrorClass, classify_oauth_error};
pub use super::rest_error::{QueryErrorPosition, RestError};

/// Message Salesforce puts in a 401 `INVALID_SESSION_ID` when the session is valid but may not
/// call the REST API (IP restrictions or API Access Control), so a refresh does not help.
const NOT_VALID_FOR_REST: &str = "not valid for use with the rest api";

/// A failed Salesforce call.
#[derive(Debug, thiserror::Error)]
pub enum SalesforceError {
    /// An OAuth error object from the token endpoint, or the `error` parameters of the callback.
    #[error(
        "Salesforce returned OAuth error {error}{}",
        DescriptionSuffix(error_description.as_deref())
    )]
    OAuth {
        error: String,
        error_description: Option<String>,
    },
    /// The JSON error array of the REST API.
    #[error("Salesforce returned HTTP {status}: {}", RestErrorSummary(errors))]
    Rest {
        status: u16,
        errors: Vec<RestError>,
        api_usage: Option<ApiUsage>,
    },
    /// A response of no known shape: HTML for 414 and 431, a redirect, a body that is not JSON.
    /// For a redirect, `body_excerpt` names the `Location` without its query string.
    #[error(
        "Salesforce returned an unexpected HTTP {status} response ({}): {body_excerpt}",
        content_type.as_deref().unwrap_or("no Content-Type")
    )]
    UnexpectedResponse {
        status: u16,
        content_type: Option<String>,
        body_excerpt: String,
    },
    /// The request was not sent or did not complete: a URL that is not usable for Salesforce,
    /// connection refused, DNS failure, TLS failure or timeout. The message never contains a
    /// URL's query string.
    #[error("Salesforce request failed: {0}")]
    Transport(String),
}

impl SalesforceError {
    /// Returns true for 401 `INVALID_SESSION_ID` "Session expired or invalid": the access token
    /// expired or was revoked, so refresh once and retry the request once.
    pub fn is_invalid_session(&self) -> bool {
        self.rest_errors().iter().any(|error| {
            error.error_code == "INVALID_SESSION_ID"
                && !error
                    .message
                    .to_ascii_lowercase()
                    .contains(NOT_VALID_FOR_REST)
        })
    }

    /// Returns true for REST errors that a token refresh cannot fix: a session that is "not valid
    /// for use with the REST API", `REQUEST_LIMIT_EXCEEDED` and `API_DISABLED_FOR_ORG`.
    pub fn refresh_cannot_help(&self) -> bool {
        self.rest_errors()
            .iter()
            .any(|error| match error.error_code.as_str() {
                "INVALID_SESSION_ID" => error
                    .message
                    .to_ascii_lowercase()
                    .contains(NOT_VALID_FOR_REST),
                "REQUEST_LIMIT_EXCEEDED" | "API_DISABLED_FOR_ORG" => true,
                _ => false,
            })
    }

    /// Sorts the error into the class the page explains.
    pub fn class(&self) -> ErrorClass {
        match self {
            Self::OAuth {
                error,
                error_description,
            } => classify_oauth_error(error, error_description.as_deref()),
            Self::Rest { status, errors, .. } => classify_rest_error(*status, errors),
            Self::UnexpectedResponse { status, .. } => classify_status(*status),
            Self::Transport(_) => ErrorClass::Unreachable,
        }
    }

    /// Returns the org's API usage that the failed response reported, if any.
    pub fn api_usage(&self) -> Option<ApiUsage> {
        match self {
            Self::Rest { api_usage, .. } => *api_usage,
            _ => None,
        }
    }

    /// Builds the error for a URL that cannot be used for a Salesforce request, such as an
    /// `instance_url` with a path or a `redirect_uri` that is not an absolute URL.
    pub(crate) fn invalid_url(name: &str, value: &str, reason: &str) -> Self {
        Self::Transport(format!("invalid {name} {value:?}: {reason}"))
    }

    fn rest_errors(&self) -> &[RestError] {
        match self {
            Self::Rest { errors, .. } => errors,
            _ => &[],
        }
    }
}

fn classify_rest_error(status: u16, errors: &[RestError]) -> ErrorClass {
    for error in errors {
        let class = match error.error_code.as_str() {
            "INVALID_SESSION_ID"
                if error
                    .message
                    .to_ascii_lowercase()
                    .contains(NOT_VALID_FOR_REST) =>
            {
                ErrorClass::SessionNotValidForRest
            }
            "INVALID_SESSION_ID" => ErrorClass::SessionExpired,
            "REQUEST_LIMIT_EXCEEDED" => ErrorClass::RequestLimitExceeded,
            "API_DISABLED_FOR_ORG" => ErrorClass::ApiDisabled,
            "MALFORMED_QUERY"
            | "INVALID_FIELD"
            | "INVALID_TYPE"
            | "INVALID_QUERY_FILTER_OPERATOR"
            | "INVALID_QUERY_LOCATOR"
            | "MALFORMED_SEARCH" => ErrorClass::QueryError,
            "NOT_FOUND" => ErrorClass::NotFound,
            "SERVER_UNAVAILABLE" => ErrorClass::SalesforceUnavailable,
            _ => continue,
        };
        return class;
    }
    classify_status(status)
}

fn classify_status(status: u16) -> ErrorClass {
    match status {
        404 => ErrorClass::NotFound,
        500..=599 => ErrorClass::SalesforceUnavailable,
        _ => ErrorClass::Other,
    }
}

/// Formats `: description` after an OAuth error code, or nothing.
struct DescriptionSuffix<'a>(Option<&'a str>);

impl fmt::Display for DescriptionSuffix<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(description) => write!(formatter, ": {description}"),
            None => Ok(()),
        }
    }
}

/// Formats REST errors as `CODE: message; CODE: message`.
struct RestErrorSummary<'a>(&'a [RestError]);

impl fmt::Display for RestErrorSummary<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return formatter.write_str("no error details");
        }
        for (index, error) in self.0.iter().enumerate() {
            if index > 0 {
                formatter.write_str("; ")?;
            }
            write!(formatter, "{}: {}", error.error_code, error.cause())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rest(status: u16, error_code: &str, message: &str) -> SalesforceError {
        SalesforceError::Rest {
            status,
            errors: vec![RestError {
                error_code: error_code.to_owned(),
                message: message.to_owned(),
                fields: Vec::new(),
            }],
            api_usage: None,
        }
    }

    #[test]
    fn expired_session_is_invalid_session() {
        let error = rest(401, "INVALID_SESSION_ID", "Session expired or invalid");
        assert!(error.is_invalid_session());
        assert!(!error.refresh_cannot_help());
        assert_eq!(error.class(), ErrorClass::SessionExpired);
    }

    #[test]
    fn session_not_valid_for_rest_cannot_be_refreshed() {
        let error = rest(
            401,
            "INVALID_SESSION_ID",
            "This session is not valid for use with the REST API",
        );
        assert!(!error.is_invalid_session());
        assert!(error.refresh_cannot_help());
        assert_eq!(error.class(), ErrorClass::SessionNotValidForRest);
    }

    #[test]
    fn request_limit_exceeded_cannot_be_refreshed() {
        let error = rest(
            403,
            "REQUEST_LIMIT_EXCEEDED",
            "TotalRequests Limit exceeded.",
        );
        assert!(!error.is_invalid_session());
        assert!(error.refresh_cannot_help());
        assert_eq!(error.class(), ErrorClass::RequestLimitExceeded);
    }

    #[test]
    fn api_disabled_cannot_be_refreshed() {
        let error = rest(
            403,
            "API_DISABLED_FOR_ORG",
            "The REST API is not enabled for this Organization.",
        );
        assert!(!error.is_invalid_session());
        assert!(error.refresh_cannot_help());
        assert_eq!(error.class(), ErrorClass::ApiDisabled);
    }

    #[test]
    fn query_errors_are_query_class() {
        for code in [
            "MALFORMED_QUERY",
            "INVALID_FIELD",
            "INVALID_TYPE",
            "INVALID_QUERY_FILTER_OPERATOR",
            "INVALID_QUERY_LOCATOR",
            "MALFORMED_SEARCH",
        ] {
            assert_eq!(
                rest(400, code, "bad").class(),
                ErrorClass::QueryError,
                "{code}"
            );
        }
    }

    #[test]
    fn not_found_class() {
        let error = rest(
            404,
            "NOT_FOUND",
            "Provided external ID field does not exist or is not accessible",
        );
        assert_eq!(error.class(), ErrorClass::NotFound);
    }

    #[test]
    fn unknown_code_falls_back_to_status() {
        assert_eq!(
            rest(503, "SOMETHING_NEW", "x").class(),
            ErrorClass::SalesforceUnavailable
        );
        assert_eq!(rest(400, "SOMETHING_NEW", "x").class(), ErrorClass::Other);
    }

    #[test]
    fn oauth_error_class_and_display() {
        let error = SalesforceError::OAuth {
            error: "invalid_client_id".to_owned(),
            error_description: Some("client identifier invalid".to_owned()),
        };
        assert_eq!(error.class(), ErrorClass::ClientIdNotRecognized);
        assert_eq!(
            error.to_string(),
            "Salesforce returned OAuth error invalid_client_id: client identifier invalid"
        );
        assert!(!error.is_invalid_session());
    }

    #[test]
    fn transport_error_is_unreachable() {
        let error = SalesforceError::Transport("connection refused".to_owned());
        assert_eq!(error.class(), ErrorClass::Unreachable);
    }

    #[test]
    fn unexpected_server_error_is_unavailable() {
        let error = SalesforceError::UnexpectedResponse {
            status: 503,
            content_type: Some("text/html".to_owned()),
            body_excerpt: "Service Unavailable".to_owned(),
        };
        assert_eq!(error.class(), ErrorClass::SalesforceUnavailable);
    }

    #[test]
    fn rest_error_display_drops_echoed_query() {
        let error = rest(
            400,
            "INVALID_FIELD",
            "\nSELECT Bogus__c FROM Lead\n       ^\nERROR at Row:1:Column:8\nNo such column 'Bogus__c' on entity 'Lead'.",
        );
        assert_eq!(
            error.to_string(),
            "Salesforce returned HTTP 400: INVALID_FIELD: No such column 'Bogus__c' on entity 'Lead'."
        );
    }

    #[test]
    fn api_usage_on_rest_error() {
        let error = SalesforceError::Rest {
            status: 403,
            errors: Vec::new(),
            api_usage: Some(ApiUsage {
                used: 5000,
                max: 5000,
            }),
        };
        assert_eq!(
            error.api_usage(),
            Some(ApiUsage {
                used: 5000,
                max: 5000
            })
        );
    }
}
