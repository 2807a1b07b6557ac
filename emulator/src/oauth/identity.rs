//! The userinfo endpoint and the identity URL: who the bearer of an access token is.

use axum::Json;
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value as Json_, json};
use tracing::instrument;

use super::id_token;
use super::tokens::{bearer_token, issuer};
use crate::data::value::format_datetime;
use crate::host::Site;
use crate::state::{EmulatorState, Shared, lock};

/// The body Salesforce's identity services return for a missing or invalid token, as plain text
/// with HTTP 403.
fn bad_token() -> Response {
    (StatusCode::FORBIDDEN, "Bad_OAuth_Token").into_response()
}

/// Facts about the user behind a valid access token.
struct Person {
    org_id: String,
    user_id: String,
    username: String,
    first_name: String,
    last_name: String,
    email: String,
    instance_url: String,
    login_origin: String,
    updated_at: String,
}

fn person(state: &EmulatorState, site: &Site, token: &str) -> Option<Person> {
    let access = state.access_tokens.get(token)?;
    let org = &state.orgs[access.org];
    let user = org.store.get(&access.user_id)?;
    let text = |field: &str| user.text(field).unwrap_or_default();
    let updated_at = match user.get("LastModifiedDate") {
        crate::data::value::Value::DateTime(moment) => format_datetime(moment),
        _ => String::new(),
    };
    Some(Person {
        org_id: org.id.clone(),
        user_id: access.user_id.clone(),
        username: text("Username"),
        first_name: text("FirstName"),
        last_name: text("LastName"),
        email: text("Email"),
        instance_url: site.origin(&org.domain),
        login_origin: site.login_origin(),
        updated_at,
    })
}

/// Builds the `urls` object of userinfo and identity responses. `{version}` stays a literal
/// placeholder, as in Salesforce's responses.
fn urls(person: &Person) -> Json_ {
    let base = &person.instance_url;
    let org = &person.org_id;
    let user = &person.user_id;
    json!({
        "enterprise": format!("{base}/services/Soap/c/{{version}}/{org}"),
        "metadata": format!("{base}/services/Soap/m/{{version}}/{org}"),
        "partner": format!("{base}/services/Soap/u/{{version}}/{org}"),
        "rest": format!("{base}/services/data/v{{version}}/"),
        "sobjects": format!("{base}/services/data/v{{version}}/sobjects/"),
        "search": format!("{base}/services/data/v{{version}}/search/"),
        "query": format!("{base}/services/data/v{{version}}/query/"),
        "recent": format!("{base}/services/data/v{{version}}/recent/"),
        "tooling_soap": format!("{base}/services/Soap/T/{{version}}/{org}"),
        "tooling_rest": format!("{base}/services/data/v{{version}}/tooling/"),
        "profile": format!("{base}/{user}"),
        "feeds": format!("{base}/services/data/v{{version}}/chatter/feeds"),
        "groups": format!("{base}/services/data/v{{version}}/chatter/groups"),
        "users": format!("{base}/services/data/v{{version}}/chatter/users"),
        "feed_items": format!("{base}/services/data/v{{version}}/chatter/feed-items"),
        "feed_elements": format!("{base}/services/data/v{{version}}/chatter/feed-elements"),
        "custom_domain": base,
    })
}

/// Handles `GET|POST /services/oauth2/userinfo`: OpenID Connect userinfo with Salesforce's extra
/// fields.
#[instrument(skip_all)]
pub async fn userinfo(
    State(shared): State<Shared>,
    Extension(site): Extension<Site>,
    headers: HeaderMap,
) -> Response {
    let Some(token) = bearer_token(&headers) else {
        return bad_token();
    };
    let guard = lock(&shared);
    let Some(person) = person(&guard, &site, &token) else {
        return bad_token();
    };
    let body = json!({
        "sub": format!("{}/id/{}/{}", person.login_origin, person.org_id, person.user_id),
        "user_id": person.user_id,
        "organization_id": person.org_id,
        "preferred_username": person.username,
        "nickname": person.username.split('@').next().unwrap_or_default(),
        "name": format!("{} {}", person.first_name, person.last_name),
        "email": person.email,
        "email_verified": true,
        "given_name": person.first_name,
        "family_name": person.last_name,
        "zoneinfo": "Europe/Zurich",
        "photos": photos(&person),
        "profile": format!("{}/{}", person.instance_url, person.user_id),
        "picture": format!("{}/img/userprofile/default_profile_200_v2.png", person.instance_url),
        "address": {"country": "CH"},
        "is_salesforce_integration_user": false,
        "urls": urls(&person),
        "active": true,
        "user_type": "STANDARD",
        "language": "en_US",
        "locale": "en_US",
        "utcOffset": 3_600_000,
        "updated_at": person.updated_at,
        "is_app_installed": true,
    });
    Json(body).into_response()
}

fn photos(person: &Person) -> Json_ {
    json!({
        "picture": format!("{}/img/userprofile/default_profile_200_v2.png", person.instance_url),
        "thumbnail": format!("{}/img/userprofile/default_profile_45_v2.png", person.instance_url),
    })
}

/// Handles `GET /id/{orgId}/{userId}`: the identity URL of the token response.
#[instrument(skip_all)]
pub async fn identity(
    State(shared): State<Shared>,
    Extension(site): Extension<Site>,
    Path((org_id, user_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let Some(token) = bearer_token(&headers) else {
        return bad_token();
    };
    let guard = lock(&shared);
    let Some(person) = person(&guard, &site, &token) else {
        return bad_token();
    };
    // The identity URL only describes the token's own user.
    if person.org_id != org_id || person.user_id != user_id {
        return bad_token();
    }
    let body = json!({
        "id": format!("{}/id/{}/{}", person.login_origin, person.org_id, person.user_id),
        "asserted_user": true,
        "user_id": person.user_id,
        "organization_id": person.org_id,
        "username": person.username,
        "nick_name": person.username.split('@').next().unwrap_or_default(),
        "display_name": format!("{} {}", person.first_name, person.last_name),
        "email": person.email,
        "email_verified": true,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "timezone": "Europe/Zurich",
        "photos": photos(&person),
        "addr_street": null,
        "addr_city": null,
        "addr_state": null,
        "addr_country": "CH",
        "addr_zip": null,
        "mobile_phone": null,
        "mobile_phone_verified": false,
        "is_lightning_login_user": false,
        "status": {"created_date": null, "body": null},
        "urls": urls(&person),
        "active": true,
        "user_type": "STANDARD",
        "language": "en_US",
        "locale": "en_US",
        "utcOffset": 3_600_000,
        "last_modified_date": person.updated_at,
        "is_app_installed": true,
    });
    Json(body).into_response()
}

/// Handles `GET /.well-known/openid-configuration`: the OpenID Connect discovery document of the
/// host the request came to. Its fields follow the document that login.salesforce.com serves.
/// NOTE: that document has no `code_challenge_methods_supported` and lists many more scopes. The
/// emulator adds `["S256"]` there, so a client must not take the field's absence at Salesforce as
/// a lack of PKCE support.
pub async fn openid_configuration(
    State(shared): State<Shared>,
    Extension(site): Extension<Site>,
) -> Response {
    let issuer = issuer(&lock(&shared), &site);
    let body = json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/services/oauth2/authorize"),
        "token_endpoint": format!("{issuer}/services/oauth2/token"),
        "revocation_endpoint": format!("{issuer}/services/oauth2/revoke"),
        "userinfo_endpoint": format!("{issuer}/services/oauth2/userinfo"),
        "jwks_uri": format!("{issuer}/id/keys"),
        "introspection_endpoint": format!("{issuer}/services/oauth2/introspect"),
        "scopes_supported": ["id", "api", "web", "full", "refresh_token", "offline_access", "openid", "profile", "email"],
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["HS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": ["aud", "email", "email_verified", "exp", "family_name", "given_name", "iat", "iss", "name", "nonce", "preferred_username", "sub"],
    });
    Json(body).into_response()
}

/// Handles `GET /id/keys`: the JSON Web Key Set that verifies ID tokens.
pub async fn keys() -> Response {
    Json(id_token::key_set()).into_response()
}
