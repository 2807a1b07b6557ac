//! Same-origin checks for requests that change state: the plain form posts call
//! [`same_origin`], and [`reject_cross_origin_server_fn_calls`] guards every server function.

use std::sync::Arc;

use app::error::AppError;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The path prefix of Leptos server functions.
const SERVER_FN_PREFIX: &str = "/api/";

/// Accepts a request whose `Origin` is the console's public origin, or, without `Origin`, whose
/// `Sec-Fetch-Site` is `same-origin` or `none`. A request with neither header is accepted,
/// because browsers send one of them on every cross-site POST and other clients carry no cookies
/// of an admin's browser.
pub fn same_origin(headers: &HeaderMap, public_url: &str) -> bool {
    match headers
        .get(header::ORIGIN)
        .and_then(|value| value.to_str().ok())
    {
        Some(origin) => origin.trim_end_matches('/') == public_url,
        None => headers
            .get("sec-fetch-site")
            .and_then(|value| value.to_str().ok())
            .is_none_or(|site| site == "same-origin" || site == "none"),
    }
}

/// Rejects a server function call that changes state and comes from another origin, with 403
/// and an [`AppError::Forbidden`] body that the page can show. `public_url` is the console's
/// public origin.
pub async fn reject_cross_origin_server_fn_calls(
    State(public_url): State<Arc<str>>,
    request: Request,
    next: Next,
) -> Response {
    let changes_state = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if changes_state
        && request.uri().path().starts_with(SERVER_FN_PREFIX)
        && !same_origin(request.headers(), &public_url)
    {
        tracing::warn!(path = %request.uri().path(), "server function call rejected: cross-origin request");
        let error = AppError::Forbidden(
            "The console accepts this request only from its own pages.".to_string(),
        );
        return (StatusCode::FORBIDDEN, axum::Json(error)).into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUBLIC_URL: &str = "http://127.0.0.1:3000";

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, value.parse().expect("valid header"));
        }
        headers
    }

    #[test]
    fn origin_must_match_public_url() {
        assert!(same_origin(
            &headers(&[("origin", "http://127.0.0.1:3000")]),
            PUBLIC_URL
        ));
        assert!(!same_origin(
            &headers(&[("origin", "https://evil.example")]),
            PUBLIC_URL
        ));
    }

    #[test]
    fn null_origin_is_rejected() {
        assert!(!same_origin(&headers(&[("origin", "null")]), PUBLIC_URL));
    }

    #[test]
    fn cross_site_fetch_without_origin_is_rejected() {
        assert!(!same_origin(
            &headers(&[("sec-fetch-site", "cross-site")]),
            PUBLIC_URL
        ));
        assert!(!same_origin(
            &headers(&[("sec-fetch-site", "same-site")]),
            PUBLIC_URL
        ));
    }

    #[test]
    fn same_origin_fetch_without_origin_is_accepted() {
        assert!(same_origin(
            &headers(&[("sec-fetch-site", "same-origin")]),
            PUBLIC_URL
        ));
    }
}
