//! Fault switches of one org, which make the emulator respond like a Salesforce org in trouble.

use serde::{Deserialize, Serialize};

/// The fault switches of one org. Every switch is off by default.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// Delay added before every REST response and every token response of the org's apps, in
    /// milliseconds.
    pub latency_ms: u64,
    /// Fails every REST call with this HTTP status (500 or 503) and Salesforce's error body.
    pub http_status: Option<u16>,
    /// Access tokens stop working after this many REST calls each, so the next call gets 401
    /// `INVALID_SESSION_ID` as if the session had timed out.
    pub access_token_calls: Option<u32>,
    /// REST calls get 403 `REQUEST_LIMIT_EXCEEDED`.
    pub request_limit_exceeded: bool,
    /// REST calls get 403 `API_DISABLED_FOR_ORG`.
    pub api_disabled: bool,
    /// The org's apps are rejected with `invalid_client_id`, as a newly created app is for about
    /// ten minutes.
    pub app_not_active: bool,
    /// REST calls get 401 `INVALID_SESSION_ID` with "This session is not valid for use with the
    /// REST API", which a refresh does not cure.
    pub session_not_valid_for_rest: bool,
    /// Each refresh issues a new refresh token and revokes the one it used.
    pub rotate_refresh_tokens: bool,
    /// Overrides the apps' "Require PKCE" setting when present.
    pub require_pkce: Option<bool>,
    /// Token requests get `invalid_grant` "ip restricted", as when the caller's IP address is
    /// outside the user's profile's login IP ranges.
    pub ip_restricted: bool,
    /// Token requests get `invalid_grant` "invalid login hours", as outside the profile's login
    /// hours.
    pub invalid_login_hours: bool,
    /// The org's apps get `invalid_client` "app must be installed into org" on authorize and
    /// token requests, as an External Client App that is not installed in the org does.
    pub app_not_installed: bool,
    /// API Access Control blocks the org's apps: authorize and token requests get
    /// `OAUTH_APP_BLOCKED`, and REST calls with tokens already issued get 401
    /// `INVALID_SESSION_ID` "This session is not valid for use with the REST API".
    pub app_blocked: bool,
    /// Token requests get `invalid_grant` "user hasn't approved this consumer", as when the
    /// user's profile is not among the app's permitted users.
    pub user_not_approved: bool,
}
