//! `POST /environments/{env}/integrations/salesforce/connect`: starts the OAuth flow.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use rand::RngCore;
use tower_sessions::Session;

use super::AppState;
use super::page::{escape, render};

/// The session key of the value that binds OAuth states to this browser session.
pub const BINDING_KEY: &str = "oauth.binding";

/// Redirects to Salesforce's authorize page. Only same-origin form posts are accepted, so
/// another site cannot start a flow in the admin's browser.
pub async fn connect(
    State(state): State<AppState>,
    Path(environment): Path<String>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    if !same_origin(&headers, &state.console.settings.public_url) {
        tracing::warn!(environment = %environment, "Connect rejected: cross-origin request");
        return render(
            StatusCode::FORBIDDEN,
            "Request rejected",
            "<p>Connect must be clicked on the console's own settings page.</p>",
        );
    }

    let binding = match session.get::<String>(BINDING_KEY).await {
        Ok(Some(binding)) => binding,
        Ok(None) => {
            let binding = new_binding();
            if let Err(error) = session.insert(BINDING_KEY, &binding).await {
                tracing::error!(error = %error, "storing the session binding failed");
                return render(StatusCode::INTERNAL_SERVER_ERROR, "Connect failed", "<p>The console could not start a sign-in. The server log has the details.</p>");
            }
            binding
        }
        Err(error) => {
            tracing::error!(error = %error, "reading the session failed");
            return render(StatusCode::INTERNAL_SERVER_ERROR, "Connect failed", "<p>The console could not start a sign-in. The server log has the details.</p>");
        }
    };

    match state.console.start_connect(&environment, &binding).await {
        Ok(url) => Redirect::to(url.as_str()).into_response(),
        Err(error) => {
            let back = format!("/environments/{}/integrations/salesforce", escape(&environment));
            let body = format!(
                "<p role=\"alert\">{}</p><p><a href=\"{back}\">Back to the Salesforce settings</a></p>",
                escape(&error.to_string())
            );
            render(error.status(), "Connect failed", &body)
        }
    }
}

/// Accepts a request whose `Origin` is the console's public origin, or, without `Origin`, whose
/// `Sec-Fetch-Site` is `same-origin`.
fn same_origin(headers: &HeaderMap, public_url: &str) -> bool {
    match headers.get(header::ORIGIN).and_then(|value| value.to_str().ok()) {
        Some(origin) => origin.trim_end_matches('/') == public_url,
        None => headers
            .get("sec-fetch-site")
            .and_then(|value| value.to_str().ok())
            .is_none_or(|site| site == "same-origin" || site == "none"),
    }
}

fn new_binding() -> String {
    let mut bytes = [0_u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_must_match_public_url() {
        let mut headers = HeaderMap::new();
        headers.insert(header::ORIGIN, "http://127.0.0.1:3000".parse().expect("valid header"));
        assert!(same_origin(&headers, "http://127.0.0.1:3000"));
        headers.insert(header::ORIGIN, "https://evil.example".parse().expect("valid header"));
        assert!(!same_origin(&headers, "http://127.0.0.1:3000"));
    }

    #[test]
    fn cross_site_fetch_without_origin_is_rejected() {
        let mut headers = HeaderMap::new();
        headers.insert("sec-fetch-site", "cross-site".parse().expect("valid header"));
        assert!(!same_origin(&headers, "http://127.0.0.1:3000"));
    }
}
