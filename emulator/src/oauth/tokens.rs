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

use crate::host::Site;
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

/// The org, user, app and scopes a new token is issued for.
pub struct Grant {
    pub org: usize,
    pub user_id: String,
    pub client_id: String,
    pub client_secret: String,
    pub scopes: Vec<String>,
}

/// Issues an access token, plus a refresh token when `with_refresh` is set, and builds the token
/// response. `refresh_token` names the refresh token the access token belongs to.
pub fn issue(
    state: &mut EmulatorState,
    site: &Site,
    grant: &Grant,
    with_refresh: bool,
    refresh_token: Option<String>,
) -> Json {
    let org = &state.orgs[grant.org];
    let org_id = org.id.clone();
    let instance_url = site.origin(&org.domain);
    let id_url = format!("{}/id/{}/{}", site.login_origin(), org_id, grant.user_id);

    let new_refresh = with_refresh.then(|| format!("5Aep861{}", random_token(80)));
    if let Some(token) = &new_refresh {
        state.refresh_tokens.insert(
            token.clone(),
            RefreshToken {
                org: grant.org,
                user_id: grant.user_id.clone(),
                client_id: grant.client_id.clone(),
                scopes: grant.scopes.clone(),
            },
        );
    }
    let access_token = format!("{}!AQ{}", &org_id[..15], random_token(94));
    state.access_tokens.insert(
        access_token.clone(),
        AccessToken {
            org: grant.org,
            user_id: grant.user_id.clone(),
            client_id: grant.client_id.clone(),
            scopes: grant.scopes.clone(),
            calls: 0,
            refresh_token: new_refresh.clone().or(refresh_token),
        },
    );

    let issued_at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis())
        .unwrap_or_default()
        .to_string();
    let signature = sign(&grant.client_secret, &id_url, &issued_at);

    // Field order follows Salesforce's token responses.
    let mut body = Map::new();
    body.insert("access_token".into(), Json::String(access_token));
    if let Some(token) = new_refresh {
        body.insert("refresh_token".into(), Json::String(token));
    }
    body.insert("signature".into(), Json::String(signature));
    body.insert("scope".into(), Json::String(grant.scopes.join(" ")));
    body.insert("instance_url".into(), Json::String(instance_url));
    body.insert("id".into(), Json::String(id_url));
    body.insert("token_type".into(), Json::String("Bearer".into()));
    body.insert("issued_at".into(), Json::String(issued_at));
    Json::Object(body)
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
