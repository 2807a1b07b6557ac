//! The emulator's shared state: every org, and the OAuth artefacts (pending authorizations,
//! authorization codes, access and refresh tokens) that span orgs.

use std::collections::HashMap;
use std::time::Instant;

use crate::org::{ClientApp, Org};

/// An authorize request waiting for the user to log in and approve.
#[derive(Clone, Debug)]
pub struct PendingAuthorization {
    pub client_id: String,
    pub redirect_uri: String,
    pub state: Option<String>,
    pub scopes: Vec<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    /// The OpenID Connect `nonce`, repeated in the ID token.
    pub nonce: Option<String>,
    /// The org whose My Domain host received the request; `None` for the generic login host.
    pub host_org: Option<usize>,
    /// The org and user id once the login form succeeded.
    pub user: Option<(usize, String)>,
    pub created: Instant,
}

/// An issued authorization code, single use.
#[derive(Clone, Debug)]
pub struct AuthorizationCode {
    pub org: usize,
    pub user_id: String,
    pub client_id: String,
    pub redirect_uri: String,
    pub scopes: Vec<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub nonce: Option<String>,
    pub created: Instant,
}

/// An access token and what it grants.
#[derive(Clone, Debug)]
pub struct AccessToken {
    pub org: usize,
    pub user_id: String,
    pub client_id: String,
    pub scopes: Vec<String>,
    /// REST calls made with this token, for the expire-after-N-calls fault.
    pub calls: u32,
    /// The refresh token this access token came from, so revoking that one revokes this too.
    pub refresh_token: Option<String>,
    /// Seconds since the Unix epoch when the token was issued.
    pub issued_at: u64,
}

/// A refresh token and the grant it renews.
#[derive(Clone, Debug)]
pub struct RefreshToken {
    pub org: usize,
    pub user_id: String,
    pub client_id: String,
    pub scopes: Vec<String>,
    /// Serial number of the approval this token belongs to. A rotated token keeps the serial of
    /// the one it replaced, and a lower serial means an older approval.
    pub approval: u64,
    /// Seconds since the Unix epoch when the token was issued.
    pub issued_at: u64,
}

/// Everything the emulator holds, behind one lock.
#[derive(Debug, Default)]
pub struct EmulatorState {
    pub orgs: Vec<Org>,
    pub pending: HashMap<String, PendingAuthorization>,
    pub codes: HashMap<String, AuthorizationCode>,
    pub access_tokens: HashMap<String, AccessToken>,
    pub refresh_tokens: HashMap<String, RefreshToken>,
    /// The serial number the next approval gets.
    pub next_approval: u64,
}

impl EmulatorState {
    /// Finds an org by its My Domain name, ignoring case as DNS does.
    pub fn org_index(&self, domain: &str) -> Option<usize> {
        self.orgs
            .iter()
            .position(|org| org.domain.eq_ignore_ascii_case(domain))
    }

    /// Finds the app with a consumer key, and the index of the org that owns it.
    pub fn find_app(&self, client_id: &str) -> Option<(usize, &ClientApp)> {
        self.orgs
            .iter()
            .enumerate()
            .find_map(|(index, org)| org.app_by_client_id(client_id).map(|app| (index, app)))
    }
}

/// The state as handlers share it.
pub type Shared = std::sync::Arc<std::sync::Mutex<EmulatorState>>;

/// Locks the state. A handler that panicked while holding the lock leaves data that is still
/// consistent enough for a test double, so a poisoned lock is used as is.
pub fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, EmulatorState> {
    shared
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
