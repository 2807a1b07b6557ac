//! The OAuth 2.0 endpoints of Salesforce's Web Server flow with PKCE, served on the generic login
//! hosts and on every org's My Domain host.

pub mod authorize;
pub mod error;
pub mod id_token;
pub mod identity;
pub mod introspect;
pub mod pages;
pub mod pkce;
pub mod revoke;
pub mod token;
pub mod tokens;

use axum::Router;
use axum::routing::{get, post};

use crate::state::Shared;

/// Builds the OAuth routes, identical on every host that serves them.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/services/oauth2/authorize", get(authorize::authorize))
        .route("/login", post(authorize::login))
        .route(
            "/setup/secur/RemoteAccessAuthorizationPage.apexp",
            post(authorize::approve),
        )
        .route("/services/oauth2/token", post(token::token))
        .route(
            "/services/oauth2/userinfo",
            get(identity::userinfo).post(identity::userinfo),
        )
        .route(
            "/services/oauth2/revoke",
            post(revoke::revoke).get(revoke::revoke),
        )
        .route("/services/oauth2/introspect", post(introspect::introspect))
        .route("/id/keys", get(identity::keys))
        .route("/id/{org_id}/{user_id}", get(identity::identity))
        .route(
            "/.well-known/openid-configuration",
            get(identity::openid_configuration),
        )
}
