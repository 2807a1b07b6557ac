//! Test connection: refresh, user info, API versions and a query, each timed.

use app::services::Caller;
use std::time::Instant;

use app::dto::{TestReport, TestStep};
use app::error::AppError;
use tracing::instrument;

use super::problems::{Failure, problem};
use super::{Console, internal};
use crate::db::EnvironmentRow;
use crate::salesforce::{RestClient, newest_version};

/// The SOQL of the last step: the smallest query that proves the REST API answers.
const PROBE_QUERY: &str = "SELECT Id FROM Account LIMIT 1";

impl Console {
    /// Runs the steps on the console user's connection, in order, and stops at the first
    /// failure, because later steps depend on earlier ones. A token alone proves nothing: the
    /// last steps make real REST calls.
    #[instrument(skip_all, fields(environment.id = %environment.id, user.id = %caller.user_id))]
    pub(super) async fn run_test_connection(
        &self,
        environment: &EnvironmentRow,
        caller: &Caller,
    ) -> Result<TestReport, AppError> {
        let (integration, connection) = self.connected(environment, caller).await?;
        let console_user_id = connection.console_user_id.as_str();
        let mut steps = Vec::new();
        let mut api_usage = None;

        let started = Instant::now();
        let session = match self.refresh_session(environment, console_user_id, &integration, None).await {
            Ok(session) => {
                steps.push(step("Refresh access token", started, true, "Salesforce issued a new access token."));
                session
            }
            Err(failure) => return self.failed_report(environment, steps, "Refresh access token", started, failure, api_usage).await,
        };
        let rest = RestClient::new(&self.http, &session.instance_url, &session.access_token);

        let started = Instant::now();
        match rest.userinfo().await {
            Ok(user) => steps.push(step(
                "Read user info",
                started,
                true,
                &format!("{} in org {}", user.preferred_username, user.organization_id),
            )),
            Err(error) => return self.failed_report(environment, steps, "Read user info", started, error.into(), api_usage).await,
        }

        let started = Instant::now();
        let version = match rest.versions().await {
            Ok(versions) => match newest_version(&versions) {
                Some(newest) => {
                    let version = newest.version.clone();
                    steps.push(step("List API versions", started, true, &format!("Newest version: {version}")));
                    version
                }
                None => {
                    let failure = Failure::App(AppError::Salesforce {
                        title: "Salesforce listed no API versions".to_string(),
                        hint: "The org's /services/data/ resource returned an empty list. Try again later.".to_string(),
                        error_code: None,
                        message: None,
                        position: None,
                        suggested_soql: None,
                    });
                    return self.failed_report(environment, steps, "List API versions", started, failure, api_usage).await;
                }
            },
            Err(error) => return self.failed_report(environment, steps, "List API versions", started, error.into(), api_usage).await,
        };

        let started = Instant::now();
        let name = format!("Run {PROBE_QUERY}");
        match rest.query(&version, PROBE_QUERY, false).await {
            Ok(page) => {
                api_usage = page.api_usage.as_ref().map(ToString::to_string);
                steps.push(step(&name, started, true, &format!("{} record(s) in Account", page.total_size)));
            }
            Err(error) => return self.failed_report(environment, steps, &name, started, error.into(), api_usage).await,
        }

        let report = TestReport { passed: true, steps, problem: None, api_usage };
        self.record_health_check(environment, &report).await?;
        tracing::info!("test connection passed");
        Ok(report)
    }

    async fn failed_report(
        &self,
        environment: &EnvironmentRow,
        mut steps: Vec<TestStep>,
        name: &str,
        started: Instant,
        failure: Failure,
        api_usage: Option<String>,
    ) -> Result<TestReport, AppError> {
        let (problem, api_usage) = match failure {
            Failure::Salesforce(error) => {
                tracing::warn!(step = name, error = %error, "test connection step failed");
                let usage = error.api_usage().map(|usage| usage.to_string()).or(api_usage);
                (problem(&error), usage)
            }
            Failure::App(AppError::Salesforce { title, hint, error_code, message, .. }) => (
                app::dto::Problem { title, hint, error_code, message },
                api_usage,
            ),
            Failure::App(error) => return Err(error),
        };
        steps.push(step(name, started, false, &problem.title));
        let report = TestReport { passed: false, steps, problem: Some(problem), api_usage };
        self.record_health_check(environment, &report).await?;
        Ok(report)
    }

    async fn record_health_check(
        &self,
        environment: &EnvironmentRow,
        report: &TestReport,
    ) -> Result<(), AppError> {
        let report_json = serde_json::to_string(report)
            .map_err(|error| internal("encoding the test report failed", error))?;
        self.db
            .insert_health_check(&environment.id, report.passed, &report_json)
            .await
            .map_err(|error| internal("recording the test connection failed", error))
    }
}

fn step(name: &str, started: Instant, passed: bool, detail: &str) -> TestStep {
    TestStep {
        name: name.to_string(),
        passed,
        duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        detail: detail.to_string(),
    }
}
