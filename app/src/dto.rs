//! Data sent from the server to the browser: views made for pages, never database rows.

use serde::{Deserialize, Serialize};

use crate::model::{LoginHost, Role};

/// An environment as the environments list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvironmentSummary {
    pub slug: String,
    pub name: String,
    pub integration_configured: bool,
    pub connected: bool,
    /// The newest test connection run, whoever ran it.
    pub last_check: Option<HealthSummary>,
}

/// When the newest test connection ran and how it ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthSummary {
    pub passed: bool,
    /// RFC 3339 time of the run.
    pub at: String,
    /// The title of the problem of a failed run.
    pub problem: Option<String>,
}

/// The Salesforce settings page of one environment. It never carries the client secret or a
/// token: only the secret's masked form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SettingsView {
    pub environment_slug: String,
    pub environment_name: String,
    /// The exact `redirect_uri` the console sends; the External Client App must list it.
    pub callback_url: String,
    /// The org URL pattern with `{domain}`, so the page can show the host a My Domain maps to.
    pub org_url_template: String,
    /// The generic login host for production orgs, such as `https://login.salesforce.com`.
    pub generic_login_url: String,
    /// The generic login host for sandboxes, such as `https://test.salesforce.com`.
    pub sandbox_login_url: String,
    pub integration: Option<IntegrationView>,
    pub connection: Option<ConnectionView>,
    /// The newest test connection run of the environment, so its result survives a reload.
    pub last_test: Option<LastTest>,
    /// Whether the viewer's role may only look: the page then offers no control that changes
    /// settings or the connection.
    #[serde(default)]
    pub read_only: bool,
}

/// A stored test connection run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastTest {
    /// RFC 3339 time of the run.
    pub at: String,
    pub report: TestReport,
}

/// The stored integration settings, with the secret masked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IntegrationView {
    pub client_id: String,
    /// `••••` followed by the secret's last four characters.
    pub secret_mask: String,
    pub my_domain: String,
    pub org_kind: String,
    /// The org URL that REST calls start from before a token names the `instance_url`.
    pub org_url: String,
    pub login_host: LoginHost,
    /// The host the authorization, token and refresh requests go to.
    pub login_url: String,
    pub scopes: Vec<String>,
    pub version: i64,
}

/// A Salesforce connection: who connected and to which org.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionView {
    pub username: String,
    pub display_name: Option<String>,
    pub organization_id: String,
    pub user_id: String,
    pub instance_url: String,
    pub granted_scopes: Vec<String>,
    /// `connected` or `reconnect_required`.
    pub status: String,
    /// RFC 3339 time of the connection.
    pub connected_at: String,
}

/// The outcome of one test connection run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestReport {
    pub passed: bool,
    pub steps: Vec<TestStep>,
    /// The problem in the admin's terms, when a step failed.
    pub problem: Option<Problem>,
    /// The last `Sforce-Limit-Info` value seen, such as `api-usage=18/5000`.
    pub api_usage: Option<String>,
}

/// One step of a test connection run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestStep {
    pub name: String,
    pub passed: bool,
    pub duration_ms: u64,
    pub detail: String,
}

/// A failure explained for the admin: a title, what to do, and Salesforce's own code and text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub title: String,
    pub hint: String,
    pub error_code: Option<String>,
    pub message: Option<String>,
}

/// One page of SOQL results, flattened for a table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueryResult {
    /// Salesforce's `totalSize`: the whole count, not this page's.
    pub total_size: u64,
    pub done: bool,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub next_records_url: Option<String>,
}

/// One table cell. Numbers stay text so no digit is lost on the way to the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cell {
    Null,
    Text(String),
    Number(String),
    Boolean(bool),
    /// A child subquery's records, shown as a nested table.
    Records(Box<QueryResult>),
}

/// One audit log entry. Details name changed fields, never secret values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEventView {
    pub actor: String,
    pub action: String,
    pub detail: String,
    /// RFC 3339 time of the event.
    pub at: String,
}

/// The settings after a change that also has something to report, such as a Disconnect whose
/// revocation at Salesforce failed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeOutcome {
    pub settings: SettingsView,
    pub notice: String,
}

/// The signed-in console user, as the page header shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInUser {
    pub email: String,
    pub role: Role,
}

/// A demo console user with its published password, listed on the sign-in page while the demo
/// org is on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoUser {
    pub email: String,
    pub password: String,
    pub role: Role,
}
