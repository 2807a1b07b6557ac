//! One emulated org: its identity, users, External Client Apps, records, API usage and fault
//! switches.

use crate::data::store::Store;
use crate::faults::Faults;
use crate::rest::cursors::Cursors;

/// A user who can log in through the authorize page.
#[derive(Clone, Debug)]
pub struct OrgUser {
    pub id: String,
    pub username: String,
    pub password: String,
    /// Name of the user's profile, such as `System Administrator`.
    pub profile: String,
    /// Whether the profile is among the apps' permitted users. Without it the authorize flow ends
    /// in `OAUTH_APP_ACCESS_DENIED` and token requests in "user hasn't approved this consumer".
    pub app_access: bool,
}

/// An External Client App registered in (or installed into) the org.
#[derive(Clone, Debug)]
pub struct ClientApp {
    pub name: String,
    pub client_id: String,
    pub client_secret: String,
    /// Callback URLs, compared byte for byte with `redirect_uri`.
    pub callback_urls: Vec<String>,
    /// OAuth scopes the app may grant.
    pub scopes: Vec<String>,
    pub require_pkce: bool,
    /// Whether the token and refresh requests must carry the consumer secret.
    pub require_secret: bool,
    /// Whether each refresh returns a new refresh token and retires the one it used.
    pub rotate_refresh_tokens: bool,
}

/// One org of the emulator.
#[derive(Debug)]
pub struct Org {
    pub id: String,
    /// The My Domain name, such as `demo` or `acme--uat.sandbox`.
    pub domain: String,
    pub name: String,
    pub users: Vec<OrgUser>,
    pub apps: Vec<ClientApp>,
    pub store: Store,
    /// REST calls counted against the rolling 24-hour allowance.
    pub api_requests: u64,
    pub api_limit: u64,
    pub faults: Faults,
    pub cursors: Cursors,
    /// Sequence of the next generated `CaseNumber`.
    pub next_case_number: u64,
}

impl Org {
    pub fn user_by_username(&self, username: &str) -> Option<&OrgUser> {
        self.users
            .iter()
            .find(|user| user.username.eq_ignore_ascii_case(username.trim()))
    }

    pub fn user_by_id(&self, id: &str) -> Option<&OrgUser> {
        self.users.iter().find(|user| user.id == id)
    }

    pub fn app_by_client_id(&self, client_id: &str) -> Option<&ClientApp> {
        self.apps.iter().find(|app| app.client_id == client_id)
    }
}
