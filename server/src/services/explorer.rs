//! The record explorer: SOQL passed through unchanged, with one refresh on an expired session.

use app::dto::QueryResult;
use app::error::AppError;
use app::services::{Caller, ExplorerService};
use async_trait::async_trait;
use tracing::instrument;

use super::problems::Failure;
use super::records::query_result;
use super::Console;
use crate::salesforce::{QueryPage, RestClient, newest_version};

#[async_trait]
impl ExplorerService for Console {
    #[instrument(skip_all, fields(environment = %environment, include_deleted))]
    async fn query(
        &self,
        caller: &Caller,
        environment: &str,
        soql: &str,
        include_deleted: bool,
    ) -> Result<QueryResult, AppError> {
        if soql.trim().is_empty() {
            return Err(AppError::Conflict("Type a SOQL query, then click Run.".to_string()));
        }
        let environment = self.environment(environment).await?;
        let page = self
            .query_page(&environment, caller, soql, include_deleted)
            .await
            .map_err(|failure| {
                if let Failure::Salesforce(error) = &failure {
                    tracing::info!(environment.id = %environment.id, error = %error, "query rejected by Salesforce");
                }
                super::query_advice::advise(soql, failure.into_app_error())
            })?;
        tracing::info!(environment.id = %environment.id, total_size = page.total_size, "query ran");
        Ok(query_result(&page))
    }

    #[instrument(skip_all, fields(environment = %environment))]
    async fn query_more(
        &self,
        caller: &Caller,
        environment: &str,
        next_records_url: &str,
    ) -> Result<QueryResult, AppError> {
        // The cursor is a path on the org's own instance; anything else is not followed.
        if !next_records_url.starts_with("/services/data/") {
            return Err(AppError::Conflict(
                "The next-page link is not a Salesforce query cursor: run the query again.".to_string(),
            ));
        }
        let environment = self.environment(environment).await?;
        let page = self.next_page(&environment, caller, next_records_url).await.map_err(|failure| {
            let error = failure.into_app_error();
            match error {
                AppError::Salesforce { error_code: Some(code), message, position, .. }
                    if code == "INVALID_QUERY_LOCATOR" =>
                {
                    AppError::Salesforce {
                        title: "The results expired".to_string(),
                        hint: "Salesforce no longer keeps this query's cursor: run the query again. The rows already loaded stay on the page.".to_string(),
                        error_code: Some(code),
                        message,
                        position,
                        suggested_soql: None,
                    }
                }
                other => other,
            }
        })?;
        Ok(query_result(&page))
    }
}

impl Console {
    async fn query_page(
        &self,
        environment: &crate::db::EnvironmentRow,
        caller: &Caller,
        soql: &str,
        include_deleted: bool,
    ) -> Result<QueryPage, Failure> {
        let (integration, connection) = self.connected(environment, caller).await?;
        let console_user_id = connection.console_user_id.as_str();
        let session = self.org_session(&connection)?;
        let rest = RestClient::new(&self.http, &session.instance_url, &session.access_token);
        let version = match newest_version(&rest.versions().await?) {
            Some(version) => version.version.clone(),
            None => return Err(AppError::Conflict("Salesforce listed no API versions.".to_string()).into()),
        };

        match rest.query(&version, soql, include_deleted).await {
            Err(error) if error.is_invalid_session() => {
                // Access tokens carry no expiry time, so an expired one shows up only as this
                // 401: refresh once, then retry the request once.
                tracing::info!(environment.id = %environment.id, "access token expired; refreshing once");
                let fresh = self
                    .refresh_session(environment, console_user_id, &integration, Some(&session.access_token))
                    .await?;
                let rest = RestClient::new(&self.http, &fresh.instance_url, &fresh.access_token);
                Ok(rest.query(&version, soql, include_deleted).await?)
            }
            other => Ok(other?),
        }
    }

    async fn next_page(
        &self,
        environment: &crate::db::EnvironmentRow,
        caller: &Caller,
        next_records_url: &str,
    ) -> Result<QueryPage, Failure> {
        let (integration, connection) = self.connected(environment, caller).await?;
        let console_user_id = connection.console_user_id.as_str();
        let session = self.org_session(&connection)?;
        let rest = RestClient::new(&self.http, &session.instance_url, &session.access_token);
        match rest.query_more(next_records_url).await {
            Err(error) if error.is_invalid_session() => {
                let fresh = self
                    .refresh_session(environment, console_user_id, &integration, Some(&session.access_token))
                    .await?;
                let rest = RestClient::new(&self.http, &fresh.instance_url, &fresh.access_token);
                Ok(rest.query_more(next_records_url).await?)
            }
            other => Ok(other?),
        }
    }
}
