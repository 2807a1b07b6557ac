//! `POST /sign-in`: the sign-in form's target. It checks the email and password, starts the
//! session, and returns to the page the user asked for.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use app::auth::SignInError;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use secrecy::SecretString;
use tower_sessions::Session;

use super::AppState;
use super::origin::same_origin;
use super::page::render;
use crate::auth::next_path::{DEFAULT_NEXT, safe_next, sign_in_url};
use crate::auth::{SignInFailure, authenticate, session};
use crate::db::now_ms;

/// The sign-in form. It has no `Debug`, so the password cannot end up in a log line.
#[derive(serde::Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    /// The page to return to; only a path on this site is followed.
    #[serde(default)]
    next: Option<String>,
}

/// Signs in and redirects with 303 to `next` (or `/`), or back to the sign-in page with the reason.
/// Only same-origin posts are accepted, so another site cannot sign a browser in to an account
/// of its choosing (login CSRF).
pub async fn sign_in(
    State(state): State<AppState>,
    session: Session,
    connect_info: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    if !same_origin(&headers, &state.console.settings.public_url) {
        tracing::warn!("sign-in rejected: cross-origin request");
        return render(
            StatusCode::FORBIDDEN,
            "Request rejected",
            "<p>Sign in on the console's own <a href=\"/sign-in\">sign-in page</a>.</p>",
        );
    }

    let SignInForm {
        email,
        password,
        next,
    } = form;
    let next = next.as_deref().and_then(safe_next).map(str::to_string);
    let address = client_address(connect_info);
    let user = match authenticate(
        &state.console.db,
        &email,
        SecretString::from(password),
        address,
    )
    .await
    {
        Ok(user) => user,
        Err(failure) => return back_to_sign_in(sign_in_error(failure), next.as_deref()),
    };

    if let Err(error) = session::start(&session, &user, now_ms()).await {
        tracing::error!(user.id = %user.id, error = %error, "storing the sign-in in the session failed");
        return back_to_sign_in(SignInError::Failed, next.as_deref());
    }
    Redirect::to(next.as_deref().unwrap_or(DEFAULT_NEXT)).into_response()
}

fn sign_in_error(failure: SignInFailure) -> SignInError {
    match failure {
        SignInFailure::Missing => SignInError::Missing,
        SignInFailure::Incorrect => SignInError::Incorrect,
        SignInFailure::Throttled { minutes } => SignInError::Throttled { minutes },
        SignInFailure::Disabled => SignInError::Disabled,
        SignInFailure::Internal => SignInError::Failed,
    }
}

fn back_to_sign_in(error: SignInError, next: Option<&str>) -> Response {
    Redirect::to(&sign_in_url(Some(&error.to_query()), next)).into_response()
}

/// The peer address of the connection. Without one (a router served without connect info),
/// every client shares the unspecified address, so throttling still applies to all of them.
// NOTE: behind a reverse proxy every client has the proxy's address, so five failures anywhere
// lock everyone's address. Trusting a forwarded-for header would need a configured proxy list.
fn client_address(connect_info: Option<Extension<ConnectInfo<SocketAddr>>>) -> IpAddr {
    match connect_info {
        Some(Extension(ConnectInfo(address))) => address.ip(),
        None => {
            tracing::warn!("the request has no peer address; throttling it under 0.0.0.0");
            IpAddr::V4(Ipv4Addr::UNSPECIFIED)
        }
    }
}
