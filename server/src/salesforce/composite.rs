//! Composite requests: up to 25 subrequests in one call, optionally all-or-none.

use serde::{Deserialize, Serialize};
use tracing::instrument;

use super::error::{RestError, SalesforceError};
use super::rest::{RestClient, data_path};

/// Maximum number of subrequests in one composite request.
pub const MAX_SUBREQUESTS: usize = 25;

/// Maximum number of query or collection subrequests in one composite request.
pub const MAX_QUERY_SUBREQUESTS: usize = 5;

/// Error code of the subrequests an all-or-none composite request rolled back.
pub const PROCESSING_HALTED: &str = "PROCESSING_HALTED";

/// Body of `POST /services/data/vXX.X/composite`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompositeRequest {
    #[serde(rename = "allOrNone")]
    pub all_or_none: bool,
    #[serde(rename = "compositeRequest")]
    pub subrequests: Vec<CompositeSubrequest>,
}

/// One subrequest. Later subrequests can use an earlier result as `@{referenceId.id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompositeSubrequest {
    pub method: String,
    /// A path such as `/services/data/v62.0/sobjects/Account`.
    pub url: String,
    #[serde(rename = "referenceId")]
    pub reference_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<serde_json::Value>,
}

/// A composite request that Salesforce would reject before running any subrequest.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompositeRequestError {
    #[error("a composite request needs at least one subrequest")]
    Empty,
    #[error(
        "a composite request allows at most {MAX_SUBREQUESTS} subrequests, this one has {count}"
    )]
    TooManySubrequests { count: usize },
    #[error(
        "a composite request allows at most {MAX_QUERY_SUBREQUESTS} query or collection \
         subrequests, this one has {count}"
    )]
    TooManyQueries { count: usize },
    #[error(
        "invalid referenceId {reference_id:?}: start with a letter or digit and use only letters, \
         digits and underscores"
    )]
    InvalidReferenceId { reference_id: String },
    #[error("the referenceId {reference_id:?} is used by more than one subrequest")]
    DuplicateReferenceId { reference_id: String },
}

impl CompositeRequest {
    /// Checks the limits Salesforce enforces on the whole request: 1 to 25 subrequests, at most
    /// 5 of them queries or collections, and unique, well-formed reference ids.
    pub fn validate(&self) -> Result<(), CompositeRequestError> {
        let count = self.subrequests.len();
        if count == 0 {
            return Err(CompositeRequestError::Empty);
        }
        if count > MAX_SUBREQUESTS {
            return Err(CompositeRequestError::TooManySubrequests { count });
        }
        let queries = self
            .subrequests
            .iter()
            .filter(|subrequest| is_query_or_collection(&subrequest.url))
            .count();
        if queries > MAX_QUERY_SUBREQUESTS {
            return Err(CompositeRequestError::TooManyQueries { count: queries });
        }
        for (index, subrequest) in self.subrequests.iter().enumerate() {
            let reference_id = &subrequest.reference_id;
            if !is_valid_reference_id(reference_id) {
                return Err(CompositeRequestError::InvalidReferenceId {
                    reference_id: reference_id.clone(),
                });
            }
            let repeated = self.subrequests[..index]
                .iter()
                .any(|earlier| &earlier.reference_id == reference_id);
            if repeated {
                return Err(CompositeRequestError::DuplicateReferenceId {
                    reference_id: reference_id.clone(),
                });
            }
        }
        Ok(())
    }
}

/// Body of a composite response. The call itself returns HTTP 200 even when subrequests fail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompositeResponse {
    #[serde(rename = "compositeResponse")]
    pub responses: Vec<CompositeSubresponse>,
}

/// The result of one subrequest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompositeSubresponse {
    #[serde(default)]
    pub body: serde_json::Value,
    #[serde(rename = "httpHeaders", default)]
    pub http_headers: serde_json::Value,
    #[serde(rename = "httpStatusCode")]
    pub http_status_code: u16,
    #[serde(rename = "referenceId")]
    pub reference_id: String,
}

impl CompositeSubresponse {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.http_status_code)
    }

    /// Returns the REST errors of a failed subrequest, or nothing for a success.
    pub fn errors(&self) -> Vec<RestError> {
        if self.is_success() {
            return Vec::new();
        }
        serde_json::from_value(self.body.clone()).unwrap_or_default()
    }

    /// Returns true when every error is `PROCESSING_HALTED`: the subrequest was rolled back
    /// because another one failed.
    pub fn is_rolled_back(&self) -> bool {
        let errors = self.errors();
        !errors.is_empty()
            && errors
                .iter()
                .all(|error| error.error_code == PROCESSING_HALTED)
    }
}

impl CompositeResponse {
    pub fn all_succeeded(&self) -> bool {
        self.responses.iter().all(CompositeSubresponse::is_success)
    }

    /// Returns true when some subrequest was rolled back, which under `allOrNone: true` means
    /// nothing was saved.
    pub fn rolled_back(&self) -> bool {
        self.responses
            .iter()
            .any(CompositeSubresponse::is_rolled_back)
    }

    /// Returns the first failed subrequest that is not a roll-back notice: the cause to show.
    pub fn first_failure(&self) -> Option<&CompositeSubresponse> {
        self.responses
            .iter()
            .find(|response| !response.is_success() && !response.is_rolled_back())
    }
}

impl RestClient<'_> {
    /// Sends a composite request with `POST /services/data/vXX.X/composite`. Call
    /// [`CompositeRequest::validate`] first to report limit errors in the console's words.
    #[instrument(
        skip_all,
        fields(salesforce.api_version = version, subrequests = request.subrequests.len())
    )]
    pub async fn composite(
        &self,
        version: &str,
        request: &CompositeRequest,
    ) -> Result<CompositeResponse, SalesforceError> {
        let path = format!("{}/composite", data_path(version)?);
        let url = self.instance_url().join_path(&path);
        self.send(self.http().post(url).json(request), true)
            .await?
            .into_json()
    }
}

fn is_valid_reference_id(reference_id: &str) -> bool {
    let mut characters = reference_id.chars();
    let Some(first) = characters.next() else {
        return false;
    };
    first.is_ascii_alphanumeric()
        && characters.all(|character| character.is_ascii_alphanumeric() || character == '_')
}

/// Returns true for subrequests that count against the query and collection limit.
fn is_query_or_collection(url: &str) -> bool {
    let path = url.split('?').next().unwrap_or(url);
    path.contains("/query") || path.contains("/composite/sobjects")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn subrequest(reference_id: &str, url: &str) -> CompositeSubrequest {
        CompositeSubrequest {
            method: "POST".to_owned(),
            url: url.to_owned(),
            reference_id: reference_id.to_owned(),
            body: Some(json!({"Name": "Acme Widgets"})),
        }
    }

    fn account_and_contact(all_or_none: bool) -> CompositeRequest {
        CompositeRequest {
            all_or_none,
            subrequests: vec![
                CompositeSubrequest {
                    method: "POST".to_owned(),
                    url: "/services/data/v62.0/sobjects/Account".to_owned(),
                    reference_id: "NewAccount".to_owned(),
                    body: Some(json!({"Name": "Acme Widgets"})),
                },
                CompositeSubrequest {
                    method: "POST".to_owned(),
                    url: "/services/data/v62.0/sobjects/Contact".to_owned(),
                    reference_id: "NewContact".to_owned(),
                    body: Some(json!({
                        "LastName": "Doe",
                        "AccountId": "@{NewAccount.id}",
                        "Email": "not-an-email"
                    })),
                },
            ],
        }
    }

    /// The response Salesforce gives when the contact fails under `allOrNone: true`.
    const ROLLED_BACK_BODY: &str = r#"{"compositeResponse":[{"body":[{"errorCode":"PROCESSING_HALTED","message":"The transaction was rolled back since another operation in the same transaction failed."}],"httpHeaders":{},"httpStatusCode":400,"referenceId":"NewAccount"},{"body":[{"message":"Email: invalid email address: not-an-email","errorCode":"INVALID_EMAIL_ADDRESS","fields":["Email"]}],"httpHeaders":{},"httpStatusCode":400,"referenceId":"NewContact"}]}"#;

    /// The response Salesforce gives when the contact fails under `allOrNone: false`.
    const PARTIAL_BODY: &str = r#"{"compositeResponse":[{"body":{"id":"001xx000003DGb1AAG","success":true,"errors":[]},"httpHeaders":{"Location":"/services/data/v62.0/sobjects/Account/001xx000003DGb1AAG"},"httpStatusCode":201,"referenceId":"NewAccount"},{"body":[{"message":"Email: invalid email address: not-an-email","errorCode":"INVALID_EMAIL_ADDRESS","fields":["Email"]}],"httpHeaders":{},"httpStatusCode":400,"referenceId":"NewContact"}]}"#;

    #[test]
    fn request_serializes_in_salesforce_shape() {
        let body = serde_json::to_value(account_and_contact(true)).expect("the request serializes");
        assert_eq!(
            body,
            json!({
                "allOrNone": true,
                "compositeRequest": [
                    {"method": "POST", "url": "/services/data/v62.0/sobjects/Account", "referenceId": "NewAccount", "body": {"Name": "Acme Widgets"}},
                    {"method": "POST", "url": "/services/data/v62.0/sobjects/Contact", "referenceId": "NewContact", "body": {"LastName": "Doe", "AccountId": "@{NewAccount.id}", "Email": "not-an-email"}}
                ]
            })
        );
    }

    #[test]
    fn rolled_back_response_names_the_real_cause() {
        let response: CompositeResponse =
            serde_json::from_str(ROLLED_BACK_BODY).expect("the body is a composite response");
        assert!(!response.all_succeeded());
        assert!(response.rolled_back());
        let failure = response.first_failure().expect("one subrequest failed");
        assert_eq!(failure.reference_id, "NewContact");
        assert_eq!(failure.errors()[0].error_code, "INVALID_EMAIL_ADDRESS");
        assert_eq!(failure.errors()[0].fields, vec!["Email".to_owned()]);
    }

    #[test]
    fn partial_response_keeps_the_created_account() {
        let response: CompositeResponse =
            serde_json::from_str(PARTIAL_BODY).expect("the body is a composite response");
        assert!(!response.rolled_back());
        assert!(response.responses[0].is_success());
        assert_eq!(response.responses[0].body["id"], "001xx000003DGb1AAG");
        assert_eq!(
            response
                .first_failure()
                .map(|failure| failure.reference_id.as_str()),
            Some("NewContact")
        );
    }

    #[test]
    fn valid_request() {
        assert_eq!(account_and_contact(true).validate(), Ok(()));
    }

    #[test]
    fn empty_request() {
        let request = CompositeRequest {
            all_or_none: true,
            subrequests: Vec::new(),
        };
        assert_eq!(request.validate(), Err(CompositeRequestError::Empty));
    }

    #[test]
    fn too_many_subrequests() {
        let request = CompositeRequest {
            all_or_none: false,
            subrequests: (0..26)
                .map(|index| {
                    subrequest(
                        &format!("r{index}"),
                        "/services/data/v62.0/sobjects/Account",
                    )
                })
                .collect(),
        };
        assert_eq!(
            request.validate(),
            Err(CompositeRequestError::TooManySubrequests { count: 26 })
        );
    }

    #[test]
    fn too_many_queries() {
        let request = CompositeRequest {
            all_or_none: false,
            subrequests: (0..6)
                .map(|index| {
                    subrequest(
                        &format!("q{index}"),
                        "/services/data/v62.0/query/?q=SELECT+Id+FROM+Account",
                    )
                })
                .collect(),
        };
        assert_eq!(
            request.validate(),
            Err(CompositeRequestError::TooManyQueries { count: 6 })
        );
    }

    #[test]
    fn reference_ids() {
        for valid in ["NewAccount", "1st_account", "a"] {
            assert!(is_valid_reference_id(valid), "{valid}");
        }
        for invalid in ["", "_account", "new-account", "new account", "Ünïcode"] {
            assert!(!is_valid_reference_id(invalid), "{invalid}");
        }
    }

    #[test]
    fn duplicate_reference_id() {
        let request = CompositeRequest {
            all_or_none: true,
            subrequests: vec![
                subrequest("Same", "/services/data/v62.0/sobjects/Account"),
                subrequest("Same", "/services/data/v62.0/sobjects/Account"),
            ],
        };
        assert_eq!(
            request.validate(),
            Err(CompositeRequestError::DuplicateReferenceId {
                reference_id: "Same".to_owned()
            })
        );
    }
}
