//! The middleware that sends anonymous page requests to the sign-in page, so a page's first,
//! server-side render never starts without a signed-in user.

use app::services::Caller;
use axum::extract::Request;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use super::next_path::sign_in_url;

/// Paths that handle anonymous requests themselves: the sign-in page, the operator endpoints
/// and the OAuth callback, which explains its own failures.
const PUBLIC_PATHS: [&str; 5] = [
    "/sign-in",
    "/healthz",
    "/readyz",
    "/favicon.ico",
    "/integration-callback",
];

/// Path prefixes that handle anonymous requests themselves: the built wasm, JavaScript and CSS,
/// and the server functions, which return `Unauthorized`.
const PUBLIC_PREFIXES: [&str; 2] = ["/pkg/", "/api/"];

/// Redirects an anonymous `GET` or `HEAD` of any other path to `/sign-in?next=<path>` with 303.
/// Other methods pass, because every route that changes state checks the caller itself. Runs
/// inside [`super::resolve_caller`], which inserts the caller.
pub async fn require_sign_in(request: Request, next: Next) -> Response {
    let is_page_request = matches!(*request.method(), Method::GET | Method::HEAD);
    let path = request.uri().path();
    let public = PUBLIC_PATHS.contains(&path)
        || PUBLIC_PREFIXES
            .iter()
            .any(|prefix| path.starts_with(prefix));
    let signed_in = matches!(request.extensions().get::<Option<Caller>>(), Some(Some(_)));
    if !is_page_request || public || signed_in {
        return next.run(request).await;
    }

    let path_and_query = request
        .uri()
        .path_and_query()
        .map_or(path, |value| value.as_str());
    Redirect::to(&sign_in_url(None, Some(path_and_query))).into_response()
}
