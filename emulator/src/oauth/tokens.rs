//! Issuing access and refresh tokens, the token response body, and looking up bearer tokens.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, header::AUTHORIZATION};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use rand::Rng;
use rand::distributions::Alphanumeric;
use serde_json::{Map, Value as Json};
use sha2::Sha256;

use super::id_token;
use crate::host::{Site, SiteKind};
use crate::state::{AccessToken, EmulatorState, RefreshToken};

/// Returns `length` random letters and digits.
pub fn random_token(length: usize) -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(length)
        .map(char::from)
        .collect()
}

/// Checks whether a grant includes a refresh token. Salesforce issues one only for the
/// `refresh_token` scope or its synonym `offline_access`.
pub fn grants_refresh(scopes: &[String]) -> bool {
    scopes
        .iter()
        .any(|scope| scope == "refresh_token" || scope == "offline_access")
}

/// How many approvals (refresh tokens) one user may hold for one app. A new approval beyond
/// this revokes the oldest one.
/// NOTE: the limit of five comes from secondary sources and is unconfirmed by Salesforce's own
/// documentation.
pub const MAX_APPROVALS_PER_APP: usize = 5;

/// The org, user, app and scopes a new token is issued for.
pub struct Grant {
    pub org: usize,
    pub user_id: String,
    pub client_id: String,
    pub client_secret: String,
    pub scopes: Vec<String>,
    /// The OpenID Connect `nonce` of the authorize request, which refreshes do not have.
    pub nonce: Option<String>,
}

/// The refresh-token handling of a token response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefreshPlan {
    /// No new refresh token. The access token belongs to `parent`, the refresh token it was
    /// renewed with, if any.
    Keep { parent: Option<String> },
    /// A new approval with a new refresh token. When the user already has the maximum number
    /// of approvals for the app, the oldest is revoked.
    NewApproval,
    /// A new refresh token that replaces a rotated one and keeps its approval.
    Rotate { approval: u64 },
}

/// Returns the current time in seconds and milliseconds since the Unix epoch.
fn now_since_epoch() -> (u64, u128) {
    let elapsed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    (elapsed.as_secs(), elapsed.as_millis())
}

/// Issues an access token, and a refresh token when `plan` requests one, and builds the token
/// response. With the `openid` scope the response carries an `id_token`.
pub fn issue(state: &mut EmulatorState, site: &Site, grant: &Grant, plan: RefreshPlan) -> Json {
    let org = &state.orgs[grant.org];
    let org_id = org.id.clone();
    let instance_url = site.origin(&org.domain);
    let id_url = format!("{}/id/{}/{}", site.login_origin(), org_id, grant.user_id);
    let (issued_seconds, issued_millis) = now_since_epoch();

    let approval = match plan {
        RefreshPlan::Keep { .. } => None,
        RefreshPlan::NewApproval => {
            revoke_excess_approvals(state, grant);
            state.next_approval += 1;
            Some(state.next_approval)
        }
        RefreshPlan::Rotate { approval } => Some(approval),
    };
    let new_refresh = approval.map(|approval| {
        let token = format!("5Aep861{}", random_token(80));
        state.refresh_tokens.insert(
            token.clone(),
            RefreshToken {
                org: grant.org,
                user_id: grant.user_id.clone(),
                client_id: grant.client_id.clone(),
                scopes: grant.scopes.clone(),
                approval,
                issued_at: issued_seconds,
            },
        );
        token
    });
    let parent = match plan {
        RefreshPlan::Keep { parent } => parent,
        _ => new_refresh.clone(),
    };
    let access_token = format!("{}!AQ{}", &org_id[..15], random_token(94));
    state.access_tokens.insert(
        access_token.clone(),
        AccessToken {
            org: grant.org,
            user_id: grant.user_id.clone(),
            client_id: grant.client_id.clone(),
            scopes: grant.scopes.clone(),
            calls: 0,
            refresh_token: parent,
            issued_at: issued_seconds,
        },
    );

    let issued_at = issued_millis.to_string();
    let signature = sign(&grant.client_secret, &id_url, &issued_at);
    let id_token = grant.scopes.iter().any(|scope| scope == "openid").then(|| {
        let claims = id_token_claims(state, site, grant, &access_token, &id_url, issued_seconds);
        id_token::encode(&claims)
    });

    // Field order follows Salesforce's token responses.
    let mut body = Map::new();
    body.insert("access_token".into(), Json::String(access_token));
    if let Some(token) = new_refresh {
        body.insert("refresh_token".into(), Json::String(token));
    }
    body.insert("signature".into(), Json::String(signature));
    body.insert("scope".into(), Json::String(grant.scopes.join(" ")));
    if let Some(token) = id_token {
        body.insert("id_token".into(), Json::String(token));
    }
    body.insert("instance_url".into(), Json::String(instance_url));
    body.insert("id".into(), Json::String(id_url));
    body.insert("token_type".into(), Json::String("Bearer".into()));
    body.insert("issued_at".into(), Json::String(issued_at));
    Json::Object(body)
}

/// Revokes the user's oldest approvals of the app until a new one fits under
/// `MAX_APPROVALS_PER_APP`.
fn revoke_excess_approvals(state: &mut EmulatorState, grant: &Grant) {
    loop {
        let held: Vec<(&String, u64)> = state
            .refresh_tokens
            .iter()
            .filter(|(_, stored)| {
                stored.org == grant.org
                    && stored.user_id == grant.user_id
                    && stored.client_id == grant.client_id
            })
            .map(|(token, stored)| (token, stored.approval))
            .collect();
        if held.len() < MAX_APPROVALS_PER_APP {
            return;
        }
        let Some(oldest) = held
            .iter()
            .min_by_key(|(_, approval)| *approval)
            .map(|(token, _)| (*token).clone())
        else {
            return;
        };
        tracing::info!(
            org = grant.org,
            "sixth approval revoked the oldest refresh token"
        );
        revoke_refresh_token(state, &oldest);
    }
}

/// Revokes a refresh token and every access token issued from it.
pub fn revoke_refresh_token(state: &mut EmulatorState, token: &str) {
    state.refresh_tokens.remove(token);
    state
        .access_tokens
        .retain(|_, access| access.refresh_token.as_deref() != Some(token));
}

/// Builds the claims of an ID token: the standard ones, plus the user's name with the `profile`
/// scope and the email address with the `email` scope.
fn id_token_claims(
    state: &EmulatorState,
    site: &Site,
    grant: &Grant,
    access_token: &str,
    id_url: &str,
    issued_seconds: u64,
) -> Json {
    let mut claims = Map::new();
    claims.insert(
        "at_hash".into(),
        Json::String(id_token::access_token_hash(access_token)),
    );
    claims.insert("sub".into(), Json::String(id_url.to_owned()));
    claims.insert("aud".into(), Json::String(grant.client_id.clone()));
    claims.insert("iss".into(), Json::String(issuer(state, site)));
    claims.insert(
        "exp".into(),
        Json::from(issued_seconds + id_token::LIFETIME_SECONDS),
    );
    claims.insert("iat".into(), Json::from(issued_seconds));

    if let Some(nonce) = &grant.nonce {
        claims.insert("nonce".into(), Json::String(nonce.clone()));
    }

    let org = &state.orgs[grant.org];
    let has_scope = |name: &str| grant.scopes.iter().any(|scope| scope == name);
    if let Some(user) = org.store.get(&grant.user_id) {
        let text = |field: &str| Json::String(user.text(field).unwrap_or_default());
        if has_scope("profile") {
            claims.insert("name".into(), text("Name"));
            claims.insert("given_name".into(), text("FirstName"));
            claims.insert("family_name".into(), text("LastName"));
            claims.insert("preferred_username".into(), text("Username"));
        }
        if has_scope("email") {
            claims.insert("email".into(), text("Email"));
            claims.insert("email_verified".into(), Json::Bool(true));
        }
    }
    Json::Object(claims)
}

/// Returns the issuer of the host a request came to: the org's My Domain origin on an org host,
/// and the login host's origin everywhere else.
pub fn issuer(state: &EmulatorState, site: &Site) -> String {
    match site.kind {
        SiteKind::Org(index) => site.origin(&state.orgs[index].domain),
        _ => site.login_origin(),
    }
}

/// Signs `id` and `issued_at` with the consumer secret, as Salesforce's `signature` field does:
/// base64 of HMAC-SHA256 over their concatenation.
pub fn sign(client_secret: &str, id_url: &str, issued_at: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(client_secret.as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(id_url.as_bytes());
    mac.update(issued_at.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// Returns the bearer token of an `Authorization` header, if any. Salesforce also accepts the
/// older `OAuth` scheme.
pub fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    let known = scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("oauth");
    (known && !token.trim().is_empty()).then(|| token.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_granted_by_either_scope() {
        assert!(grants_refresh(&["api".into(), "refresh_token".into()]));
        assert!(grants_refresh(&["offline_access".into()]));
        assert!(!grants_refresh(&["api".into(), "id".into()]));
    }

    #[test]
    fn bearer_token_reads_header() {
        let mut headers = HeaderMap::new();
        headers.insert(
            AUTHORIZATION,
            "Bearer abc!def".parse().expect("valid header"),
        );
        assert_eq!(bearer_token(&headers).as_deref(), Some("abc!def"));
        headers.insert(AUTHORIZATION, "Basic abc".parse().expect("valid header"));
        assert_eq!(bearer_token(&headers), None);
    }
}
