//! `POST /environments/{env}/integrations/salesforce/settings`: the settings form posted without
//! JavaScript. With JavaScript the page calls the `save_settings` server function instead; both
//! run the same service.

use app::error::AppError;
use app::model::IntegrationSettingsInput;
use app::services::{Caller, IntegrationService};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};

use super::AppState;
use super::form_post::accept_form_post;
use super::page::{escape, render};

/// Saves the posted settings and redirects back to the settings page: with `saved` on success,
/// or with the typed values (never the secret) and `invalid` so the page shows each field's
/// message again.
pub async fn save_settings_form(
    State(state): State<AppState>,
    Path(environment): Path<String>,
    Extension(caller): Extension<Option<Caller>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let settings_page = format!("/environments/{environment}/integrations/salesforce");
    let caller = match accept_form_post(&state, &headers, caller, &settings_page) {
        Ok(caller) => caller,
        Err(response) => return response,
    };

    let (input, expected_version) = parse_form(&body);
    let typed = input.clone();
    match state.console.save(&caller, &environment, input, expected_version).await {
        Ok(_) => Redirect::to(&format!("{settings_page}?saved=1")).into_response(),
        Err(AppError::Validation(_)) => {
            Redirect::to(&format!("{settings_page}?{}", returned_query(&typed, "invalid"))).into_response()
        }
        Err(AppError::Conflict(_)) if expected_version.is_some() => {
            Redirect::to(&format!("{settings_page}?{}", returned_query(&typed, "conflict"))).into_response()
        }
        Err(error) => {
            let body = format!(
                "<p role=\"alert\">{}</p><p><a href=\"{}\">Back to the Salesforce settings</a></p>",
                escape(&error.to_string()),
                escape(&settings_page)
            );
            render(error.status(), "Settings not saved", &body)
        }
    }
}

/// Reads the url-encoded form; `scopes` repeats once per checked box.
fn parse_form(body: &[u8]) -> (IntegrationSettingsInput, Option<i64>) {
    let mut input = IntegrationSettingsInput::default();
    let mut expected_version = None;
    for (name, value) in url::form_urlencoded::parse(body) {
        match name.as_ref() {
            "client_id" => input.client_id = value.into_owned(),
            "client_secret" => input.client_secret = value.into_owned(),
            "my_domain" => input.my_domain = value.into_owned(),
            "login_host" => input.login_host = value.into_owned(),
            "scopes" => input.scopes.push(value.into_owned()),
            "expected_version" => expected_version = value.trim().parse().ok(),
            _ => {}
        }
    }
    (input, expected_version)
}

/// The query that brings the typed values back to the page, without the secret.
fn returned_query(input: &IntegrationSettingsInput, outcome: &str) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair(outcome, "1")
        .append_pair("client_id", &input.client_id)
        .append_pair("my_domain", &input.my_domain)
        .append_pair("login_host", &input.login_host)
        .append_pair("scopes", &input.scopes.join(" "))
        // The page shows every message again from these values; a conflict shows its own.
        .append_pair("invalid", "1")
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_scopes_are_collected() {
        let (input, version) = parse_form(b"client_id=abc&scopes=id&scopes=api&scopes=refresh_token&expected_version=3");
        assert_eq!(input.scopes, vec!["id", "api", "refresh_token"]);
        assert_eq!(version, Some(3));
        assert_eq!(input.client_id, "abc");
    }

    #[test]
    fn returned_query_never_carries_the_secret() {
        let (input, _) = parse_form(b"client_id=abc&client_secret=very-secret-value&my_domain=acme");
        let query = returned_query(&input, "invalid");
        assert!(!query.contains("very-secret-value"), "{query}");
        assert!(query.contains("my_domain=acme"), "{query}");
    }
}
