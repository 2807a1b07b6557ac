//! Record calls of the REST API: describe, create, retrieve, update, delete and upsert.

use serde::{Deserialize, Serialize};
use tracing::instrument;

use super::error::SalesforceError;
use super::response::ReadResponse;
use super::rest::{RestClient, data_path};
use super::soql::encode_query_value;

/// Body of a create or upsert response: `{"id", "success", "errors", "created"?}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SaveResult {
    pub id: String,
    pub success: bool,
    #[serde(default)]
    pub errors: Vec<serde_json::Value>,
    /// Sent by upsert from API version 46.0 on: true when the upsert created the record.
    #[serde(default)]
    pub created: Option<bool>,
}

/// Result of an upsert by external ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpsertOutcome {
    /// HTTP 201: no record had the external ID, so one was created.
    Created { id: String },
    /// HTTP 200 with `"created": false`, or 204 on API versions before 46.0, which send no id.
    Updated { id: Option<String> },
    /// HTTP 300: several records have the external ID; Salesforce lists their URLs and changes
    /// nothing.
    MultipleMatches { record_urls: Vec<String> },
}

impl RestClient<'_> {
    /// Lists the org's objects from `GET /sobjects/`.
    #[instrument(skip_all, fields(salesforce.api_version = version))]
    pub async fn describe_global(
        &self,
        version: &str,
    ) -> Result<serde_json::Value, SalesforceError> {
        let url = self.sobject_url(version, &[])?;
        self.send(self.http().get(url), true).await?.into_json()
    }

    /// Describes one object's fields from `GET /sobjects/{sobject}/describe/`.
    #[instrument(skip_all, fields(salesforce.api_version = version, salesforce.sobject = sobject))]
    pub async fn describe(
        &self,
        version: &str,
        sobject: &str,
    ) -> Result<serde_json::Value, SalesforceError> {
        let url = self.sobject_url(version, &[sobject, "describe", ""])?;
        self.send(self.http().get(url), true).await?.into_json()
    }

    /// Creates a record with `POST /sobjects/{sobject}` and returns its id (HTTP 201).
    #[instrument(skip_all, fields(salesforce.api_version = version, salesforce.sobject = sobject))]
    pub async fn create(
        &self,
        version: &str,
        sobject: &str,
        fields: &serde_json::Value,
    ) -> Result<SaveResult, SalesforceError> {
        let url = self.sobject_url(version, &[sobject])?;
        self.send(self.http().post(url).json(fields), true)
            .await?
            .into_json()
    }

    /// Reads a record with `GET /sobjects/{sobject}/{id}`.
    #[instrument(skip_all, fields(salesforce.api_version = version, salesforce.sobject = sobject))]
    pub async fn retrieve(
        &self,
        version: &str,
        sobject: &str,
        id: &str,
    ) -> Result<serde_json::Value, SalesforceError> {
        let url = self.sobject_url(version, &[sobject, id])?;
        self.send(self.http().get(url), true).await?.into_json()
    }

    /// Updates a record with `PATCH /sobjects/{sobject}/{id}` (HTTP 204).
    #[instrument(skip_all, fields(salesforce.api_version = version, salesforce.sobject = sobject))]
    pub async fn update(
        &self,
        version: &str,
        sobject: &str,
        id: &str,
        fields: &serde_json::Value,
    ) -> Result<(), SalesforceError> {
        let url = self.sobject_url(version, &[sobject, id])?;
        let response = self.send(self.http().patch(url).json(fields), true).await?;
        expect_success(response)
    }

    /// Deletes a record with `DELETE /sobjects/{sobject}/{id}` (HTTP 204).
    #[instrument(skip_all, fields(salesforce.api_version = version, salesforce.sobject = sobject))]
    pub async fn delete(
        &self,
        version: &str,
        sobject: &str,
        id: &str,
    ) -> Result<(), SalesforceError> {
        let url = self.sobject_url(version, &[sobject, id])?;
        let response = self.send(self.http().delete(url), true).await?;
        expect_success(response)
    }

    /// Upserts a record by external ID with `PATCH /sobjects/{sobject}/{field}/{value}`.
    ///
    /// A field that is not marked External ID, or that the user cannot see, fails with 404
    /// `NOT_FOUND`, classified as [`ErrorClass::NotFound`](super::ErrorClass::NotFound).
    #[instrument(skip_all, fields(salesforce.api_version = version, salesforce.sobject = sobject))]
    pub async fn upsert(
        &self,
        version: &str,
        sobject: &str,
        external_id_field: &str,
        external_id: &str,
        fields: &serde_json::Value,
    ) -> Result<UpsertOutcome, SalesforceError> {
        let url = self.sobject_url(version, &[sobject, external_id_field, external_id])?;
        let response = self.send(self.http().patch(url).json(fields), true).await?;
        upsert_outcome(response)
    }

    /// Builds `{instance_url}/services/data/vXX.X/sobjects/{segments...}` with each segment
    /// percent-encoded, so a value containing `/` or `?` stays one segment. An empty last segment
    /// gives a trailing slash.
    fn sobject_url(&self, version: &str, segments: &[&str]) -> Result<String, SalesforceError> {
        let mut path = format!("{}/sobjects/", data_path(version)?);
        let encoded: Vec<String> = segments
            .iter()
            .map(|segment| encode_query_value(segment))
            .collect();
        path.push_str(&encoded.join("/"));
        Ok(self.instance_url().join_path(&path))
    }
}

fn expect_success(response: ReadResponse) -> Result<(), SalesforceError> {
    if response.is_success() {
        Ok(())
    } else {
        Err(response.into_error())
    }
}

fn upsert_outcome(response: ReadResponse) -> Result<UpsertOutcome, SalesforceError> {
    match response.status {
        204 => Ok(UpsertOutcome::Updated { id: None }),
        300 => {
            let record_urls: Vec<String> =
                serde_json::from_slice(&response.body).map_err(|_| response.unexpected())?;
            Ok(UpsertOutcome::MultipleMatches { record_urls })
        }
        201 | 200 => {
            let status = response.status;
            let result: SaveResult = response.into_json()?;
            let created = result.created.unwrap_or(status == 201);
            if created {
                Ok(UpsertOutcome::Created { id: result.id })
            } else {
                Ok(UpsertOutcome::Updated {
                    id: Some(result.id),
                })
            }
        }
        _ => Err(response.into_error()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::salesforce::{ErrorClass, RestError};

    fn response(status: u16, body: &str) -> ReadResponse {
        ReadResponse {
            status,
            content_type: Some("application/json;charset=UTF-8".to_owned()),
            location: None,
            api_usage: None,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn upsert_created() {
        let outcome = upsert_outcome(response(
            201,
            r#"{"id":"a01xx000003DGb1AAG","success":true,"errors":[],"created":true}"#,
        ));
        assert_eq!(
            outcome.expect("201 is a success"),
            UpsertOutcome::Created {
                id: "a01xx000003DGb1AAG".to_owned()
            }
        );
    }

    #[test]
    fn upsert_updated() {
        let outcome = upsert_outcome(response(
            200,
            r#"{"id":"a01xx000003DGb1AAG","success":true,"errors":[],"created":false}"#,
        ));
        assert_eq!(
            outcome.expect("200 is a success"),
            UpsertOutcome::Updated {
                id: Some("a01xx000003DGb1AAG".to_owned())
            }
        );
    }

    #[test]
    fn upsert_updated_on_old_versions() {
        let outcome = upsert_outcome(response(204, ""));
        assert_eq!(
            outcome.expect("204 is a success"),
            UpsertOutcome::Updated { id: None }
        );
    }

    #[test]
    fn upsert_multiple_matches() {
        let outcome = upsert_outcome(response(
            300,
            r#"["/services/data/v62.0/sobjects/Invoice__c/a01xx000003DGb1AAG","/services/data/v62.0/sobjects/Invoice__c/a01xx000003DGb2AAG"]"#,
        ));
        assert_eq!(
            outcome.expect("300 lists the matches"),
            UpsertOutcome::MultipleMatches {
                record_urls: vec![
                    "/services/data/v62.0/sobjects/Invoice__c/a01xx000003DGb1AAG".to_owned(),
                    "/services/data/v62.0/sobjects/Invoice__c/a01xx000003DGb2AAG".to_owned(),
                ]
            }
        );
    }

    #[test]
    fn upsert_field_not_found() {
        let outcome = upsert_outcome(response(
            404,
            r#"[{"errorCode":"NOT_FOUND","message":"Provided external ID field does not exist or is not accessible: 75bc21b7-5d1a-4d4b-8a4e-3f1f1f1f1f1f"}]"#,
        ));
        let error = outcome.expect_err("404 is an error");
        assert_eq!(error.class(), ErrorClass::NotFound);
        let SalesforceError::Rest { status, errors, .. } = error else {
            panic!("expected a REST error, got {error:?}");
        };
        assert_eq!(status, 404);
        assert_eq!(
            errors,
            vec![RestError {
                error_code: "NOT_FOUND".to_owned(),
                message: "Provided external ID field does not exist or is not accessible: 75bc21b7-5d1a-4d4b-8a4e-3f1f1f1f1f1f".to_owned(),
                fields: Vec::new(),
            }]
        );
    }

    #[test]
    fn update_no_content_is_success() {
        assert!(expect_success(response(204, "")).is_ok());
    }
}
