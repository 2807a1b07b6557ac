//! Turning Salesforce HTTP responses, successful or not, into values or a [`SalesforceError`].

use std::error::Error as _;

use reqwest::header::{CONTENT_TYPE, HeaderMap, LOCATION};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::api_usage::ApiUsage;
use super::error::{RestError, SalesforceError};

/// Maximum number of characters of a response body kept in an error.
const EXCERPT_CHARS: usize = 300;

/// A response read to the end: status, the headers the client uses, and the body.
#[derive(Debug)]
pub(crate) struct ReadResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub location: Option<String>,
    pub api_usage: Option<ApiUsage>,
    pub body: Vec<u8>,
}

impl ReadResponse {
    /// Reads the status, headers and whole body of a response.
    pub async fn read(response: reqwest::Response) -> Result<Self, SalesforceError> {
        let status = response.status().as_u16();
        let headers = response.headers();
        let content_type = header_text(headers, CONTENT_TYPE.as_str());
        let location = header_text(headers, LOCATION.as_str());
        let api_usage = ApiUsage::from_headers(headers);
        let body = response.bytes().await.map_err(transport_error)?.to_vec();
        Ok(Self {
            status,
            content_type,
            location,
            api_usage,
            body,
        })
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn is_json(&self) -> bool {
        self.content_type
            .as_deref()
            .is_some_and(is_json_content_type)
    }

    /// Parses a successful JSON body, or returns the error the response stands for.
    pub fn into_json<T: DeserializeOwned>(self) -> Result<T, SalesforceError> {
        if !self.is_success() {
            return Err(self.into_error());
        }
        serde_json::from_slice(&self.body).map_err(|_| self.unexpected())
    }

    /// Builds the error for a response that is not the expected success.
    pub fn into_error(self) -> SalesforceError {
        if (300..400).contains(&self.status) {
            return self.unexpected();
        }
        parse_error_body(
            self.status,
            self.content_type.as_deref(),
            &self.body,
            self.api_usage,
        )
    }

    /// Describes the response as [`SalesforceError::UnexpectedResponse`]. A redirect is described
    /// by its `Location` without the query string, which can carry an authorization code.
    pub fn unexpected(&self) -> SalesforceError {
        let body_excerpt = match (&self.location, (300..400).contains(&self.status)) {
            (Some(location), true) => format!("redirect to {}", strip_query(location)),
            _ => body_excerpt(&self.body),
        };
        SalesforceError::UnexpectedResponse {
            status: self.status,
            content_type: self.content_type.clone(),
            body_excerpt,
        }
    }
}

/// Parses the body of a failed response: the REST API's JSON error array, an OAuth error object,
/// a single REST error object, or anything else as an unexpected response.
pub fn parse_error_body(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    api_usage: Option<ApiUsage>,
) -> SalesforceError {
    if let Ok(errors) = serde_json::from_slice::<Vec<RestError>>(body)
        && !errors.is_empty()
    {
        return SalesforceError::Rest {
            status,
            errors,
            api_usage,
        };
    }
    if let Ok(oauth) = serde_json::from_slice::<OAuthErrorBody>(body) {
        return SalesforceError::OAuth {
            error: oauth.error,
            error_description: oauth.error_description,
        };
    }
    if let Ok(error) = serde_json::from_slice::<RestError>(body) {
        return SalesforceError::Rest {
            status,
            errors: vec![error],
            api_usage,
        };
    }
    SalesforceError::UnexpectedResponse {
        status,
        content_type: content_type.map(str::to_owned),
        body_excerpt: body_excerpt(body),
    }
}

/// The `{"error", "error_description"}` object of an OAuth endpoint.
#[derive(Debug, Deserialize)]
struct OAuthErrorBody {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

/// Converts a reqwest failure into [`SalesforceError::Transport`], naming the host but never the
/// URL's path or query, and keeping the chain of causes (such as "Connection refused").
pub fn transport_error(error: reqwest::Error) -> SalesforceError {
    let host = error
        .url()
        .and_then(|url| url.host_str().map(|host| (host.to_owned(), url.port())));
    let error = error.without_url();

    let mut message = if error.is_timeout() {
        "request timed out".to_owned()
    } else {
        error.to_string()
    };
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !message.contains(&cause_text) {
            message.push_str(": ");
            message.push_str(&cause_text);
        }
        source = cause.source();
    }

    match host {
        Some((host, Some(port))) => SalesforceError::Transport(format!("{host}:{port}: {message}")),
        Some((host, None)) => SalesforceError::Transport(format!("{host}: {message}")),
        None => SalesforceError::Transport(message),
    }
}

/// Returns the start of a body as one line of text, for error messages.
pub fn body_excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut excerpt: String = collapsed.chars().take(EXCERPT_CHARS).collect();
    if collapsed.chars().count() > EXCERPT_CHARS {
        excerpt.push('…');
    }
    excerpt
}

/// Returns true for `application/json`, with or without parameters such as `charset`.
pub fn is_json_content_type(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|media_type| media_type.trim().eq_ignore_ascii_case("application/json"))
}

fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

fn strip_query(location: &str) -> &str {
    location.split(['?', '#']).next().unwrap_or(location)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_rest_array() {
        let error = parse_error_body(
            401,
            Some("application/json;charset=UTF-8"),
            br#"[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]"#,
            Some(ApiUsage {
                used: 18,
                max: 5000,
            }),
        );
        let SalesforceError::Rest {
            status,
            errors,
            api_usage,
        } = error
        else {
            panic!("expected a REST error, got {error:?}");
        };
        assert_eq!(status, 401);
        assert_eq!(
            errors,
            vec![RestError {
                error_code: "INVALID_SESSION_ID".to_owned(),
                message: "Session expired or invalid".to_owned(),
                fields: Vec::new(),
            }]
        );
        assert_eq!(
            api_usage,
            Some(ApiUsage {
                used: 18,
                max: 5000
            })
        );
    }

    #[test]
    fn error_body_oauth_object() {
        let error = parse_error_body(
            400,
            Some("application/json"),
            br#"{"error":"invalid_client_id","error_description":"client identifier invalid"}"#,
            None,
        );
        let SalesforceError::OAuth {
            error,
            error_description,
        } = error
        else {
            panic!("expected an OAuth error, got {error:?}");
        };
        assert_eq!(error, "invalid_client_id");
        assert_eq!(
            error_description.as_deref(),
            Some("client identifier invalid")
        );
    }

    #[test]
    fn error_body_oauth_object_without_description() {
        let error = parse_error_body(400, None, br#"{"error":"OAUTH_APP_BLOCKED"}"#, None);
        let SalesforceError::OAuth {
            error,
            error_description,
        } = error
        else {
            panic!("expected an OAuth error, got {error:?}");
        };
        assert_eq!(error, "OAUTH_APP_BLOCKED");
        assert_eq!(error_description, None);
    }

    #[test]
    fn error_body_single_rest_object() {
        let error = parse_error_body(
            403,
            Some("application/json"),
            br#"{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}"#,
            None,
        );
        let SalesforceError::Rest { status, errors, .. } = error else {
            panic!("expected a REST error, got {error:?}");
        };
        assert_eq!(status, 403);
        assert_eq!(errors[0].error_code, "REQUEST_LIMIT_EXCEEDED");
    }

    #[test]
    fn error_body_html() {
        let error = parse_error_body(
            431,
            Some("text/html"),
            b"<html>\n<head><title>431 Request Header Fields Too Large</title></head>\n</html>",
            None,
        );
        let SalesforceError::UnexpectedResponse {
            status,
            content_type,
            body_excerpt,
        } = error
        else {
            panic!("expected an unexpected response, got {error:?}");
        };
        assert_eq!(status, 431);
        assert_eq!(content_type.as_deref(), Some("text/html"));
        assert_eq!(
            body_excerpt,
            "<html> <head><title>431 Request Header Fields Too Large</title></head> </html>"
        );
    }

    #[test]
    fn error_body_empty_array_is_unexpected() {
        let error = parse_error_body(400, Some("application/json"), b"[]", None);
        assert!(
            matches!(
                error,
                SalesforceError::UnexpectedResponse { status: 400, .. }
            ),
            "{error:?}"
        );
    }

    #[test]
    fn error_body_empty() {
        let error = parse_error_body(500, None, b"", None);
        assert!(
            matches!(
                &error,
                SalesforceError::UnexpectedResponse { status: 500, body_excerpt, .. } if body_excerpt.is_empty()
            ),
            "{error:?}"
        );
    }

    #[test]
    fn redirect_is_unexpected_without_query() {
        let response = ReadResponse {
            status: 302,
            content_type: None,
            location: Some(
                "https://acme.my.salesforce.com/services/oauth2/token?code=secret-code".to_owned(),
            ),
            api_usage: None,
            body: Vec::new(),
        };
        let error = response.into_error();
        let SalesforceError::UnexpectedResponse {
            status,
            body_excerpt,
            ..
        } = error
        else {
            panic!("expected an unexpected response, got {error:?}");
        };
        assert_eq!(status, 302);
        assert_eq!(
            body_excerpt,
            "redirect to https://acme.my.salesforce.com/services/oauth2/token"
        );
    }

    #[test]
    fn excerpt_is_truncated_on_a_character_boundary() {
        let body = "ü".repeat(400);
        let excerpt = body_excerpt(body.as_bytes());
        assert_eq!(excerpt.chars().count(), EXCERPT_CHARS + 1);
        assert!(excerpt.ends_with('…'));
    }

    #[test]
    fn json_content_types() {
        assert!(is_json_content_type("application/json"));
        assert!(is_json_content_type("application/json;charset=UTF-8"));
        assert!(is_json_content_type("Application/JSON ; charset=utf-8"));
        assert!(!is_json_content_type("text/html"));
        assert!(!is_json_content_type("application/jsonp"));
    }

    #[test]
    fn success_body_that_is_not_json_is_unexpected() {
        let response = ReadResponse {
            status: 200,
            content_type: Some("text/html".to_owned()),
            location: None,
            api_usage: None,
            body: b"<html>login</html>".to_vec(),
        };
        let result: Result<serde_json::Value, _> = response.into_json();
        assert!(
            matches!(
                result,
                Err(SalesforceError::UnexpectedResponse { status: 200, .. })
            ),
            "{result:?}"
        );
    }
}
