//! A Salesforce org emulator: OAuth 2.0 Web Server flow with PKCE, the REST API's query,
//! and Salesforce's error shapes, over real HTTP. One process serves many orgs, chosen by the
//! `Host` header: `login.localhost:PORT` and `test.localhost:PORT` are the generic login hosts, and
//! `{domain}.localhost:PORT` is the org whose My Domain is `{domain}`.

pub mod data;
pub mod faults;
pub mod host;
pub mod ids;
pub mod oauth;
pub mod org;
pub mod rest;
pub mod soql;
pub mod sosl;
pub mod state;

mod control;
mod dispatch;

use std::sync::{Arc, Mutex};

use axum::Router;
use tokio::net::TcpListener;

use data::seed::{OrgSpec, seed_org};
use org::ClientApp;
use state::{EmulatorState, Shared};

/// Credentials of the seeded demo org.
pub mod demo {
    /// My Domain name of the demo org: its host is `demo.localhost:PORT`.
    pub const ORG_DOMAIN: &str = "demo";
    /// Consumer key of the demo org's External Client App.
    pub const CLIENT_ID: &str =
        "3MVG9Dm0oKbXc8QGzhTfLwPnY4a7RjVsE2uH6kNq1iZ.dAeB5xCrWyo3MF_pvt9Ul8JhgSnTzKQ4bLmDw7cE6fGhR";
    /// Consumer secret of the demo org's External Client App.
    pub const CLIENT_SECRET: &str =
        "8C3F1A9E5B7D2046E1F8A3C5B9D7E2F40A6C8E1B3D5F7A9C2E4B6D8F0A1C3E5B";
    pub const USERNAME: &str = "admin@demo.example";
    pub const PASSWORD: &str = "demo-Password1";
    /// Name of the demo org's External Client App, shown on the approval page.
    pub const APP_NAME: &str = "Integration Console";
}

/// Scopes the demo app may grant.
const DEMO_APP_SCOPES: &[&str] = &[
    "id",
    "api",
    "refresh_token",
    "offline_access",
    "openid",
    "profile",
    "email",
    "web",
    "full",
];

/// Options of a new emulator.
#[derive(Clone, Debug, Default)]
pub struct EmulatorOptions {
    /// Callback URLs registered on the demo org's app, matched byte for byte.
    pub callback_urls: Vec<String>,
}

/// A running set of emulated orgs. Clones share the same state.
#[derive(Clone)]
pub struct Emulator {
    shared: Shared,
}

impl Emulator {
    /// Creates an emulator with the demo org seeded deterministically.
    pub fn new(options: EmulatorOptions) -> Self {
        let app = ClientApp {
            name: demo::APP_NAME.to_owned(),
            client_id: demo::CLIENT_ID.to_owned(),
            client_secret: demo::CLIENT_SECRET.to_owned(),
            callback_urls: options.callback_urls,
            scopes: DEMO_APP_SCOPES
                .iter()
                .map(|scope| (*scope).to_owned())
                .collect(),
            require_pkce: true,
            require_secret: true,
            rotate_refresh_tokens: false,
        };
        let demo_org = seed_org(OrgSpec {
            org_index: 1,
            domain: demo::ORG_DOMAIN,
            name: "Demo Org",
            pod: 'a',
            admin_username: demo::USERNAME,
            admin_password: demo::PASSWORD,
            apps: vec![app],
        });
        let state = EmulatorState {
            orgs: vec![demo_org],
            ..EmulatorState::default()
        };
        Self {
            shared: Arc::new(Mutex::new(state)),
        }
    }

    /// Returns the router that serves every host, chosen by the `Host` header.
    pub fn router(&self) -> Router {
        dispatch::router(self.shared.clone())
    }

    /// Serves HTTP on `listener` until the task is dropped or the listener fails.
    pub async fn serve(self, listener: TcpListener) -> std::io::Result<()> {
        axum::serve(listener, self.router()).await
    }
}
