//! The REST API client of one connection: userinfo, versions, query, queryAll, limits and search.

use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use reqwest::header::ACCEPT;
use secrecy::{ExposeSecret as _, SecretString};
use serde::de::DeserializeOwned;
use tracing::instrument;

use super::api_usage::ApiUsage;
use super::error::{RestError, SalesforceError};
use super::instance_url::InstanceUrl;
use super::response::ReadResponse;
use super::soql::encode_query_value;

pub use super::rest_models::{ApiVersion, QueryPage, UserInfo, newest_version};

/// Calls the REST API of one org with one access token.
///
/// Every response's `Sforce-Limit-Info` usage is kept, success or error, and
/// [`RestClient::last_api_usage`] returns the latest.
pub struct RestClient<'a> {
    http: &'a reqwest::Client,
    instance_url: &'a InstanceUrl,
    access_token: &'a SecretString,
    last_api_usage: Mutex<Option<ApiUsage>>,
}

impl<'a> RestClient<'a> {
    pub fn new(
        http: &'a reqwest::Client,
        instance_url: &'a InstanceUrl,
        access_token: &'a SecretString,
    ) -> Self {
        Self {
            http,
            instance_url,
            access_token,
            last_api_usage: Mutex::new(None),
        }
    }

    /// Returns the org's API usage from the latest response that reported it.
    pub fn last_api_usage(&self) -> Option<ApiUsage> {
        *self
            .last_api_usage
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Fetches the connected user from `GET /services/oauth2/userinfo`.
    #[instrument(skip_all, fields(salesforce.instance_url = %self.instance_url))]
    pub async fn userinfo(&self) -> Result<UserInfo, SalesforceError> {
        let url = self.instance_url.join_path("/services/oauth2/userinfo");
        let response = self.send(self.http.get(url), true).await?;
        if let Some(error) = bad_oauth_token_error(&response) {
            return Err(error);
        }
        response.into_json()
    }

    /// Lists the API versions the org supports, from `GET /services/data/`, which needs no token.
    #[instrument(skip_all, fields(salesforce.instance_url = %self.instance_url))]
    pub async fn versions(&self) -> Result<Vec<ApiVersion>, SalesforceError> {
        let url = self.instance_url.join_path("/services/data/");
        self.get_json(url, false).await
    }

    /// Runs a SOQL query through `query`, or `queryAll` to include deleted and archived rows, and
    /// returns the first page. The SOQL is sent exactly as given, strictly percent-encoded.
    #[instrument(
        skip_all,
        fields(
            salesforce.instance_url = %self.instance_url,
            salesforce.api_version = version,
            include_deleted
        )
    )]
    pub async fn query(
        &self,
        version: &str,
        soql: &str,
        include_deleted: bool,
    ) -> Result<QueryPage, SalesforceError> {
        let resource = if include_deleted { "queryAll" } else { "query" };
        let path = format!(
            "{}/{resource}?q={}",
            data_path(version)?,
            encode_query_value(soql)
        );
        self.get_page(self.instance_url.join_path(&path)).await
    }

    /// Fetches the next page of a query from its `nextRecordsUrl`, appended to the instance URL
    /// unchanged. A `queryAll` cursor points at `/query/…` and is followed as it is.
    #[instrument(skip_all, fields(salesforce.instance_url = %self.instance_url))]
    pub async fn query_more(&self, next_records_url: &str) -> Result<QueryPage, SalesforceError> {
        self.get_page(self.instance_url.join_path(next_records_url))
            .await
    }

    /// Fetches the org's limits from `GET /services/data/vXX.X/limits/`, such as
    /// `{"DailyApiRequests": {"Max": 5000, "Remaining": 4937}, …}`.
    #[instrument(
        skip_all,
        fields(salesforce.instance_url = %self.instance_url, salesforce.api_version = version)
    )]
    pub async fn limits(&self, version: &str) -> Result<serde_json::Value, SalesforceError> {
        let path = format!("{}/limits/", data_path(version)?);
        self.get_json(self.instance_url.join_path(&path), true)
            .await
    }

    /// Runs a SOSL search through `GET /services/data/vXX.X/search/?q=...` and returns Salesforce's
    /// `{"searchRecords": [...]}` body. Escape user terms with
    /// [`escape_sosl_term`](super::soql::escape_sosl_term) before building the SOSL.
    #[instrument(
        skip_all,
        fields(salesforce.instance_url = %self.instance_url, salesforce.api_version = version)
    )]
    pub async fn search(
        &self,
        version: &str,
        sosl: &str,
    ) -> Result<serde_json::Value, SalesforceError> {
        let path = format!(
            "{}/search/?q={}",
            data_path(version)?,
            encode_query_value(sosl)
        );
        self.get_json(self.instance_url.join_path(&path), true)
            .await
    }

    /// Sends a request with `Accept: application/json` and, when `authorized`, the access token,
    /// then reads the whole response and records its API usage.
    pub(crate) async fn send(
        &self,
        request: reqwest::RequestBuilder,
        authorized: bool,
    ) -> Result<ReadResponse, SalesforceError> {
        let mut request = request.header(ACCEPT, "application/json");
        if authorized {
            request = request.bearer_auth(self.access_token.expose_secret());
        }

        let started = Instant::now();
        let result = match request.send().await {
            Ok(response) => ReadResponse::read(response).await,
            Err(error) => Err(super::response::transport_error(error)),
        };
        let duration_ms = started.elapsed().as_millis();

        match &result {
            Ok(response) => {
                tracing::debug!(
                    http.status = response.status,
                    duration_ms,
                    "Salesforce responded"
                );
                if let Some(usage) = response.api_usage {
                    *self
                        .last_api_usage
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner) = Some(usage);
                }
            }
            Err(error) => tracing::debug!(%error, duration_ms, "Salesforce request failed"),
        }
        result
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        self.http
    }

    pub(crate) fn instance_url(&self) -> &InstanceUrl {
        self.instance_url
    }

    async fn get_json<T: DeserializeOwned>(
        &self,
        url: String,
        authorized: bool,
    ) -> Result<T, SalesforceError> {
        self.send(self.http.get(url), authorized).await?.into_json()
    }

    async fn get_page(&self, url: String) -> Result<QueryPage, SalesforceError> {
        let response = self.send(self.http.get(url), true).await?;
        let api_usage = response.api_usage;
        let mut page: QueryPage = response.into_json()?;
        page.api_usage = api_usage;
        Ok(page)
    }
}

impl fmt::Debug for RestClient<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("RestClient")
            .field("instance_url", &self.instance_url)
            .field("access_token", &"[redacted]")
            .finish_non_exhaustive()
    }
}

/// Builds `/services/data/v62.0` from "62.0" or "v62.0".
pub(crate) fn data_path(version: &str) -> Result<String, SalesforceError> {
    let number = version.trim().trim_start_matches('v');
    let is_version = number
        .split_once('.')
        .is_some_and(|(major, minor)| is_digits(major) && is_digits(minor));
    if !is_version {
        return Err(SalesforceError::invalid_url(
            "API version",
            version,
            "expected a version such as 62.0",
        ));
    }
    Ok(format!("/services/data/v{number}"))
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit())
}

/// Salesforce's userinfo endpoint responds to an invalid or expired token with a plain-text 403
/// `Bad_OAuth_Token` instead of the REST API's JSON error. This maps it to `INVALID_SESSION_ID`
/// so callers refresh once, as they do for every other REST call.
///
/// NOTE: the plain-text body is reported by client libraries, not documented by Salesforce; a JSON
/// error body is handled by the usual parsing.
fn bad_oauth_token_error(response: &ReadResponse) -> Option<SalesforceError> {
    let body = String::from_utf8_lossy(&response.body);
    let is_bad_token = matches!(response.status, 401 | 403) && body.trim() == "Bad_OAuth_Token";
    is_bad_token.then(|| SalesforceError::Rest {
        status: response.status,
        errors: vec![RestError {
            error_code: "INVALID_SESSION_ID".to_owned(),
            message: "Bad_OAuth_Token".to_owned(),
            fields: Vec::new(),
        }],
        api_usage: response.api_usage,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_path_accepts_both_forms() {
        assert_eq!(
            data_path("62.0").expect("62.0 is a version"),
            "/services/data/v62.0"
        );
        assert_eq!(
            data_path("v62.0").expect("v62.0 is a version"),
            "/services/data/v62.0"
        );
    }

    #[test]
    fn data_path_rejects_other_text() {
        for version in ["", "62", "latest", "62.0/../../x", "v.0"] {
            assert!(
                matches!(data_path(version), Err(SalesforceError::Transport(_))),
                "{version:?} should be rejected"
            );
        }
    }

    #[test]
    fn bad_oauth_token_is_invalid_session() {
        let response = ReadResponse {
            status: 403,
            content_type: Some("text/plain".to_owned()),
            location: None,
            api_usage: None,
            body: b"Bad_OAuth_Token".to_vec(),
        };
        let error = bad_oauth_token_error(&response).expect("Bad_OAuth_Token is recognized");
        assert!(error.is_invalid_session());
    }

    #[test]
    fn debug_hides_access_token() {
        let http = reqwest::Client::new();
        let instance_url =
            InstanceUrl::parse("https://acme.my.salesforce.com").expect("the URL is valid");
        let token = SecretString::from("00Dxx!AQ4AQLsecretTokenValue");
        let client = RestClient::new(&http, &instance_url, &token);
        let debug = format!("{client:?}");
        assert!(!debug.contains("secretTokenValue"), "{debug}");
        assert!(debug.contains("https://acme.my.salesforce.com"), "{debug}");
    }
}
