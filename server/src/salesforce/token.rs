//! The token endpoint's response, and the oauth2 client and HTTP transport set up for Salesforce.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenType,
};
use oauth2::{
    EndpointNotSet, EndpointSet, ExtraTokenFields, HttpRequest, HttpResponse, RequestTokenError,
    StandardRevocableToken, StandardTokenResponse, TokenResponse as _,
};
use reqwest::header::CONTENT_TYPE;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::error::SalesforceError;
use super::instance_url::InstanceUrl;
use super::response::{ReadResponse, transport_error};

/// Tokens and org details from a successful authorization code or refresh token grant.
///
/// Salesforce sends no `expires_in`: an access token lasts as long as the org's session timeout,
/// and its end shows up as a 401 `INVALID_SESSION_ID`.
pub struct TokenResponse {
    pub access_token: SecretString,
    /// Present only when the app grants `refresh_token` (or `offline_access`), and on a refresh
    /// only when the app's policy rotates refresh tokens: store a new one at once.
    pub refresh_token: Option<SecretString>,
    /// Absent on some refresh responses, in which case the stored one stays valid.
    pub instance_url: Option<InstanceUrl>,
    /// The identity URL, such as `https://login.salesforce.com/id/{orgId}/{userId}`.
    pub id: Option<String>,
    /// Time of issue in epoch milliseconds, as the string Salesforce sends.
    pub issued_at: Option<String>,
    /// Space-separated scopes actually granted, which can differ from those requested.
    pub scope: Option<String>,
}

impl fmt::Debug for TokenResponse {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("TokenResponse")
            .field("access_token", &"[redacted]")
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "[redacted]"),
            )
            .field("instance_url", &self.instance_url)
            .field("id", &self.id)
            .field("issued_at", &self.issued_at)
            .field("scope", &self.scope)
            .finish()
    }
}

impl TryFrom<SalesforceTokenResponse> for TokenResponse {
    type Error = SalesforceError;

    fn try_from(response: SalesforceTokenResponse) -> Result<Self, Self::Error> {
        let fields = response.extra_fields();
        // An unusable instance_url comes from Salesforce's response, not from a failed request,
        // so it is reported as an unexpected response.
        let instance_url = fields
            .instance_url
            .as_deref()
            .map(InstanceUrl::parse)
            .transpose()
            .map_err(|error| {
                let detail = match error {
                    SalesforceError::Transport(detail) => detail,
                    other => other.to_string(),
                };
                SalesforceError::UnexpectedResponse {
                    status: 200,
                    content_type: Some("application/json".to_owned()),
                    body_excerpt: format!("the token response has an {detail}"),
                }
            })?;
        let scope = response.scopes().map(|scopes| {
            scopes
                .iter()
                .map(|scope| scope.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        });
        Ok(Self {
            access_token: SecretString::from(response.access_token().secret().as_str()),
            refresh_token: response
                .refresh_token()
                .map(|token| SecretString::from(token.secret().as_str())),
            instance_url,
            id: fields.id.clone(),
            issued_at: fields.issued_at.clone(),
            scope,
        })
    }
}

/// Fields Salesforce adds to the standard token response.
#[derive(Clone, Deserialize, Serialize)]
pub(crate) struct SalesforceTokenFields {
    #[serde(default)]
    instance_url: Option<String>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    issued_at: Option<String>,
    /// Base64 HMAC-SHA256 of `id` and `issued_at` keyed with the client secret.
    #[serde(default)]
    signature: Option<String>,
}

impl ExtraTokenFields for SalesforceTokenFields {}

impl fmt::Debug for SalesforceTokenFields {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("SalesforceTokenFields")
            .field("instance_url", &self.instance_url)
            .field("id", &self.id)
            .field("issued_at", &self.issued_at)
            .field("signature", &self.signature.as_ref().map(|_| "[present]"))
            .finish()
    }
}

pub(crate) type SalesforceTokenResponse =
    StandardTokenResponse<SalesforceTokenFields, BasicTokenType>;

/// oauth2 client with only the token endpoint set, since the authorize URL is built separately.
pub(crate) type SalesforceOAuthClient = oauth2::Client<
    BasicErrorResponse,
    SalesforceTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// Sends a token request that oauth2 prepared, through the console's reqwest client.
///
/// Only a 200 JSON response goes back to oauth2 for parsing. Every other response becomes a
/// [`SalesforceError`] here, so Salesforce's own codes such as `invalid_client_id` keep their
/// text, and a redirect or an HTML page keeps its status.
async fn send_token_request(
    http: &reqwest::Client,
    request: HttpRequest,
) -> Result<HttpResponse, SalesforceError> {
    let request = reqwest::Request::try_from(request).map_err(transport_error)?;
    let response = http.execute(request).await.map_err(transport_error)?;
    let response = ReadResponse::read(response).await?;

    if response.status != 200 {
        return Err(response.into_error());
    }
    if !response.is_json() || response.body.is_empty() {
        return Err(response.unexpected());
    }

    let mut builder = http::Response::builder().status(response.status);
    if let Some(content_type) = &response.content_type {
        builder = builder.header(CONTENT_TYPE, content_type.as_str());
    }
    let response = builder
        .body(response.body)
        .expect("a status and Content-Type read from a response are valid in a new response");
    Ok(response)
}

/// Future of one token request sent by [`token_transport`].
pub(crate) type TokenRequestFuture =
    Pin<Box<dyn Future<Output = Result<HttpResponse, SalesforceError>> + Send>>;

/// Returns the HTTP client function that oauth2 calls for token requests.
///
/// The function owns a clone of the reqwest client, which is a cheap shared handle. A closure
/// that borrows the client instead makes the caller's future fail the `Send` bound of axum
/// handlers.
pub(crate) fn token_transport(
    http: &reqwest::Client,
) -> impl Fn(HttpRequest) -> TokenRequestFuture {
    let http = http.clone();
    move |request| {
        let http = http.clone();
        Box::pin(async move { send_token_request(&http, request).await })
    }
}

/// Converts oauth2's error for a token request into a [`SalesforceError`].
pub(crate) fn token_request_error(
    error: RequestTokenError<SalesforceError, BasicErrorResponse>,
) -> SalesforceError {
    match error {
        RequestTokenError::Request(error) => error,
        RequestTokenError::ServerResponse(response) => SalesforceError::OAuth {
            error: response.error().as_ref().to_owned(),
            error_description: response.error_description().cloned(),
        },
        // The body of a successful token response contains tokens, so only the field path is kept.
        RequestTokenError::Parse(error, _body) => SalesforceError::UnexpectedResponse {
            status: 200,
            content_type: Some("application/json".to_owned()),
            body_excerpt: format!(
                "the token response has a missing or invalid field at {}",
                error.path()
            ),
        },
        RequestTokenError::Other(message) => SalesforceError::Transport(message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret as _;

    fn parse(body: &str) -> TokenResponse {
        let response: SalesforceTokenResponse =
            serde_json::from_str(body).expect("the body is a valid token response");
        TokenResponse::try_from(response).expect("the token response converts")
    }

    const CODE_GRANT_BODY: &str = r#"{"access_token":"00Dxx0000001gPL!AR8AQJXg5oj8jXSgxJfA0lBog.39AsX.LVpxezPwuX5VAIrrbbHMuol7GQxnMeYMN7cj8EoWr78nt1u44zU31IbYNNJguseu","refresh_token":"5Aep861TSESvWeug_xvFHRBTTbf_YrTWgEyjBJrsQnMmNhcYDpXs4dmjmEw1ydSlBNJk2ulC.rqnQ8MTxTRs_s","signature":"CMJ4l+CCaPQiKjoOEwEig9H4wqhpuLSk4J2urAe+fVg=","scope":"refresh_token id api","instance_url":"https://acme.my.salesforce.com","id":"https://login.salesforce.com/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS","token_type":"Bearer","issued_at":"1713792000000"}"#;

    #[test]
    fn code_grant_response() {
        let response = parse(CODE_GRANT_BODY);
        assert!(
            response
                .access_token
                .expose_secret()
                .starts_with("00Dxx0000001gPL!")
        );
        assert!(response.refresh_token.is_some());
        assert_eq!(
            response.instance_url.as_ref().map(InstanceUrl::as_str),
            Some("https://acme.my.salesforce.com")
        );
        assert_eq!(
            response.id.as_deref(),
            Some("https://login.salesforce.com/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS")
        );
        assert_eq!(response.issued_at.as_deref(), Some("1713792000000"));
        assert_eq!(response.scope.as_deref(), Some("refresh_token id api"));
    }

    #[test]
    fn refresh_response_without_instance_url_or_refresh_token() {
        let response = parse(
            r#"{"access_token":"00Dxx!new","signature":"c2ln","scope":"id api","id":"https://login.salesforce.com/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS","token_type":"Bearer","issued_at":"1713795600000"}"#,
        );
        assert_eq!(response.access_token.expose_secret(), "00Dxx!new");
        assert!(response.refresh_token.is_none());
        assert!(response.instance_url.is_none());
    }

    #[test]
    fn instance_url_trailing_slash_is_dropped() {
        let response = parse(
            r#"{"access_token":"t","instance_url":"https://acme.my.salesforce.com/","token_type":"Bearer"}"#,
        );
        assert_eq!(
            response.instance_url.as_ref().map(InstanceUrl::as_str),
            Some("https://acme.my.salesforce.com")
        );
    }

    #[test]
    fn invalid_instance_url_is_an_error() {
        let response: SalesforceTokenResponse = serde_json::from_str(
            r#"{"access_token":"t","instance_url":"http://acme.my.salesforce.com","token_type":"Bearer"}"#,
        )
        .expect("the body is a valid token response");
        let result = TokenResponse::try_from(response);
        assert!(
            matches!(&result, Err(SalesforceError::UnexpectedResponse { status: 200, body_excerpt, .. }) if body_excerpt.contains("instance_url")),
            "{result:?}"
        );
    }

    #[test]
    fn debug_hides_tokens() {
        let response = parse(CODE_GRANT_BODY);
        let debug = format!("{response:?}");
        assert!(!debug.contains("00Dxx0000001gPL!"), "{debug}");
        assert!(!debug.contains("5Aep861TSESvWeug"), "{debug}");
        assert!(debug.contains("[redacted]"), "{debug}");
        assert!(debug.contains("https://acme.my.salesforce.com"), "{debug}");
    }

    #[test]
    fn extra_fields_debug_hides_signature() {
        let response: SalesforceTokenResponse =
            serde_json::from_str(CODE_GRANT_BODY).expect("the body is a valid token response");
        let debug = format!("{:?}", response.extra_fields());
        assert!(!debug.contains("CMJ4l"), "{debug}");
    }
}
