//! The environments list's forms posted without JavaScript: create, rename and delete. With
//! JavaScript the page calls server functions instead; both run the same service.

use app::error::AppError;
use app::model::EnvironmentInput;
use app::services::{Caller, EnvironmentService};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};

use super::AppState;
use super::form_post::accept_form_post;
use super::page::{escape, render};

/// `POST /environments`: creates an environment and returns to the list.
pub async fn create(
    State(state): State<AppState>,
    Extension(caller): Extension<Option<Caller>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let caller = match accept_form_post(&state, &headers, caller, "/") {
        Ok(caller) => caller,
        Err(response) => return response,
    };
    let input = parse_form(&body);
    let outcome = state.console.create(&caller, input.clone()).await;
    back_to_list(outcome.map(|created| format!("created={}", encode(&created.slug))), "new", &input)
}

/// `POST /environments/{env}/rename`: renames an environment and returns to the list.
pub async fn rename(
    State(state): State<AppState>,
    Path(environment): Path<String>,
    Extension(caller): Extension<Option<Caller>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let caller = match accept_form_post(&state, &headers, caller, "/") {
        Ok(caller) => caller,
        Err(response) => return response,
    };
    let input = parse_form(&body);
    let outcome = state.console.rename(&caller, &environment, input.clone()).await;
    let form = format!("rename:{environment}");
    back_to_list(outcome.map(|renamed| format!("renamed={}", encode(&renamed.slug))), &form, &input)
}

/// `POST /environments/{env}/delete`: deletes an environment and returns to the list.
pub async fn delete(
    State(state): State<AppState>,
    Path(environment): Path<String>,
    Extension(caller): Extension<Option<Caller>>,
    headers: HeaderMap,
) -> Response {
    let caller = match accept_form_post(&state, &headers, caller, "/") {
        Ok(caller) => caller,
        Err(response) => return response,
    };
    let outcome = state.console.delete(&caller, &environment).await;
    back_to_list(outcome.map(|()| format!("deleted={}", encode(&environment))), "", &EnvironmentInput::default())
}

/// Redirects to the list with the outcome in the query. A validation error brings the typed
/// values back with the form they belong to, so the page validates them again and shows each
/// field's message. Other errors get a page of their own.
fn back_to_list(outcome: Result<String, AppError>, form: &str, input: &EnvironmentInput) -> Response {
    match outcome {
        Ok(query) => Redirect::to(&format!("/?{query}")).into_response(),
        Err(AppError::Validation(errors)) => {
            let mut query = url::form_urlencoded::Serializer::new(String::new());
            query.append_pair("form", form).append_pair("name", &input.name).append_pair("slug", &input.slug);
            // A taken slug is the one message the page cannot derive from the values alone.
            if errors.0.get("slug").is_some_and(|message| message.contains("already uses")) {
                query.append_pair("taken", "1");
            }
            Redirect::to(&format!("/?{}", query.finish())).into_response()
        }
        Err(error) => {
            let body = format!(
                "<p role=\"alert\">{}</p><p><a href=\"/\">Back to the environments</a></p>",
                escape(&error.to_string())
            );
            render(error.status(), "Environment not changed", &body)
        }
    }
}

fn parse_form(body: &[u8]) -> EnvironmentInput {
    let mut input = EnvironmentInput::default();
    for (name, value) in url::form_urlencoded::parse(body) {
        match name.as_ref() {
            "name" => input.name = value.into_owned(),
            "slug" => input.slug = value.into_owned(),
            _ => {}
        }
    }
    input
}

fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_fields_are_read() {
        let input = parse_form(b"name=Staging+EU&slug=staging-eu&other=x");
        assert_eq!(input.name, "Staging EU");
        assert_eq!(input.slug, "staging-eu");
    }
}
