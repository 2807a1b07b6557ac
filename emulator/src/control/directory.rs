//! Control endpoints that add orgs, users and External Client Apps.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use time::OffsetDateTime;
use tracing::{info, instrument};

use super::{bad_request, conflict, unknown_org};
use crate::data::seed::{OrgSpec, UserRecord, insert_user, seed_org};
use crate::host::Site;
use crate::org::{ClientApp, Org, OrgUser};
use crate::state::{EmulatorState, Shared, lock};

/// Pod letters of new orgs' ids, by position in the emulator (the demo org is first).
const PODS: &[u8] = b"abcdefghjkmnpqrstuvwxyz";

/// The body of `POST /__emulator/orgs`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewOrg {
    domain: String,
    name: Option<String>,
    username: String,
    password: String,
}

/// The body of `POST /__emulator/orgs/{domain}/users`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewUser {
    username: String,
    password: String,
    first_name: Option<String>,
    last_name: Option<String>,
    #[serde(default = "default_profile")]
    profile: String,
    #[serde(default = "enabled")]
    app_access: bool,
}

/// The body of `POST /__emulator/orgs/{domain}/apps`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewApp {
    name: Option<String>,
    client_id: String,
    client_secret: String,
    callback_urls: Vec<String>,
    scopes: Option<Vec<String>>,
    #[serde(default = "enabled")]
    require_pkce: bool,
    #[serde(default = "enabled")]
    require_secret: bool,
    #[serde(default)]
    rotate_refresh_tokens: bool,
}

fn default_profile() -> String {
    "Standard User".to_owned()
}

fn enabled() -> bool {
    true
}

fn user_json(user: &OrgUser) -> Value {
    json!({
        "id": user.id,
        "username": user.username,
        "profile": user.profile,
        "app_access": user.app_access,
    })
}

fn app_json(app: &ClientApp) -> Value {
    json!({
        "name": app.name,
        "client_id": app.client_id,
        "callback_urls": app.callback_urls,
        "scopes": app.scopes,
        "require_pkce": app.require_pkce,
        "require_secret": app.require_secret,
        "rotate_refresh_tokens": app.rotate_refresh_tokens,
    })
}

/// Checks a My Domain name: dot-separated labels of lower-case letters, digits and hyphens, none
/// empty or starting or ending with a hyphen, and not one of the generic login hosts.
fn check_domain(domain: &str) -> Result<(), String> {
    if domain == "login" || domain == "test" {
        return Err(format!(
            "'{domain}' is a generic login host, not a My Domain name"
        ));
    }
    let labels_valid = !domain.is_empty()
        && domain.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
        });
    if !labels_valid {
        return Err(format!(
            "invalid My Domain name '{domain}': use lower-case letters, digits and hyphens in dot-separated labels, such as acme--uat.sandbox"
        ));
    }
    Ok(())
}

/// Finds the org that has a user with this username, ignoring case as Salesforce does.
fn username_owner(state: &EmulatorState, username: &str) -> Option<usize> {
    state
        .orgs
        .iter()
        .position(|org| org.user_by_username(username).is_some())
}

/// Handles `POST /__emulator/orgs`: adds an org with the demo org's seed data under a new My
/// Domain, with the given admin credentials and no apps.
#[instrument(skip_all)]
pub async fn create_org(
    State(shared): State<Shared>,
    Extension(site): Extension<Site>,
    body: Bytes,
) -> Response {
    let request: NewOrg = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(error) => return bad_request(format!("invalid org JSON: {error}")),
    };
    let domain = request.domain.trim().to_ascii_lowercase();
    if let Err(message) = check_domain(&domain) {
        return bad_request(message);
    }
    if request.password.is_empty() || !request.username.contains('@') {
        return bad_request(
            "username must look like an email address and password must not be empty".to_owned(),
        );
    }

    let mut guard = lock(&shared);
    if guard.org_index(&domain).is_some() {
        return conflict(format!("an org with the My Domain name '{domain}' exists"));
    }
    if username_owner(&guard, &request.username).is_some() {
        return conflict(format!("the username '{}' is taken", request.username));
    }

    let position = guard.orgs.len();
    let pod = char::from(PODS[position % PODS.len()]);
    let name = request.name.unwrap_or_else(|| domain.clone());
    let org = seed_org(OrgSpec {
        org_index: position as u64 + 1,
        domain: &domain,
        name: &name,
        pod,
        admin_username: request.username.trim(),
        admin_password: &request.password,
        apps: Vec::new(),
    });
    info!(org.domain = %domain, org.id = %org.id, "org added");
    let body = org_json(&org, &site);
    guard.orgs.push(org);
    (StatusCode::CREATED, Json(body)).into_response()
}

fn org_json(org: &Org, site: &Site) -> Value {
    json!({
        "id": org.id,
        "domain": org.domain,
        "name": org.name,
        "instance_url": site.origin(&org.domain),
        "users": org.users.iter().map(user_json).collect::<Vec<_>>(),
    })
}

/// Handles `POST /__emulator/orgs/{domain}/users`: adds a user, or replaces the password,
/// profile and app access of the org's user with that username.
#[instrument(skip_all, fields(org.domain = %domain))]
pub async fn put_user(
    State(shared): State<Shared>,
    Path(domain): Path<String>,
    body: Bytes,
) -> Response {
    let request: NewUser = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(error) => return bad_request(format!("invalid user JSON: {error}")),
    };
    let username = request.username.trim().to_owned();
    if request.password.is_empty() || !username.contains('@') {
        return bad_request(
            "username must look like an email address and password must not be empty".to_owned(),
        );
    }
    let mut guard = lock(&shared);
    let Some(index) = guard.org_index(&domain) else {
        return unknown_org(&domain);
    };
    match username_owner(&guard, &username) {
        Some(owner) if owner != index => {
            return conflict(format!(
                "the username '{username}' belongs to a user of another org"
            ));
        }
        Some(_) => {
            let org = &mut guard.orgs[index];
            let Some(user) = org
                .users
                .iter_mut()
                .find(|user| user.username.eq_ignore_ascii_case(&username))
            else {
                return unknown_org(&domain);
            };
            user.password = request.password;
            user.profile = request.profile;
            user.app_access = request.app_access;
            info!(user.id = %user.id, "user replaced");
            return Json(user_json(user)).into_response();
        }
        None => {}
    }
    let org = &mut guard.orgs[index];
    let admin_id = org.users.first().map(|admin| admin.id.clone());
    let local_part = username.split('@').next().unwrap_or_default();
    let first_name = request.first_name.unwrap_or_default();
    let last_name = request.last_name.unwrap_or_else(|| local_part.to_owned());
    let alias: String = local_part.chars().take(8).collect();
    let record = UserRecord {
        username: &username,
        first_name: &first_name,
        last_name: &last_name,
        alias: &alias,
        title: &request.profile,
        created: OffsetDateTime::now_utc(),
    };
    let id = insert_user(&mut org.store, &record, admin_id.as_deref());
    let user = OrgUser {
        id,
        username,
        password: request.password,
        profile: request.profile,
        app_access: request.app_access,
    };
    info!(user.id = %user.id, "user added");
    let body = user_json(&user);
    org.users.push(user);
    (StatusCode::CREATED, Json(body)).into_response()
}

/// Handles `POST /__emulator/orgs/{domain}/apps`: adds an External Client App, or replaces the
/// org's app with that consumer key.
#[instrument(skip_all, fields(org.domain = %domain))]
pub async fn put_app(
    State(shared): State<Shared>,
    Path(domain): Path<String>,
    body: Bytes,
) -> Response {
    let request: NewApp = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(error) => return bad_request(format!("invalid app JSON: {error}")),
    };
    let client_id = request.client_id.trim().to_owned();
    if client_id.is_empty() || request.client_secret.is_empty() {
        return bad_request("client_id and client_secret must not be empty".to_owned());
    }
    let scopes = request.scopes.unwrap_or_else(|| {
        crate::DEMO_APP_SCOPES
            .iter()
            .map(|scope| (*scope).to_owned())
            .collect()
    });
    let app = ClientApp {
        name: request.name.unwrap_or_else(|| client_id.clone()),
        client_id,
        client_secret: request.client_secret,
        callback_urls: request.callback_urls,
        scopes,
        require_pkce: request.require_pkce,
        require_secret: request.require_secret,
        rotate_refresh_tokens: request.rotate_refresh_tokens,
    };
    let mut guard = lock(&shared);
    let Some(index) = guard.org_index(&domain) else {
        return unknown_org(&domain);
    };
    let body = app_json(&app);
    match guard.find_app(&app.client_id).map(|(owner, _)| owner) {
        Some(owner) if owner != index => conflict(format!(
            "the consumer key '{}' belongs to an app of another org",
            app.client_id
        )),
        Some(_) => {
            let apps = &mut guard.orgs[index].apps;
            apps.retain(|existing| existing.client_id != app.client_id);
            info!(app.client_id = %app.client_id, "app replaced");
            apps.push(app);
            Json(body).into_response()
        }
        None => {
            info!(app.client_id = %app.client_id, "app added");
            guard.orgs[index].apps.push(app);
            (StatusCode::CREATED, Json(body)).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_check_accepts_org_types() {
        for domain in ["acme", "acme--uat.sandbox", "acme.develop", "a1-b2"] {
            assert_eq!(check_domain(domain), Ok(()), "{domain}");
        }
    }

    #[test]
    fn domain_check_rejects_bad_names() {
        for domain in [
            "", "login", "test", "-acme", "acme-", "acme..x", "Acme", "a_b",
        ] {
            assert!(check_domain(domain).is_err(), "{domain}");
        }
    }
}
