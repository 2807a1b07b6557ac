//! The middleware that finds each request's signed-in caller and puts it into the request's
//! extensions as `Option<Caller>`, where server functions and plain routes read it.

use app::services::Caller;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use tower_sessions::Session;

use super::session;
use super::users::ConsoleUser;
use crate::db::{Db, now_ms};

/// Inserts `Option<Caller>` into the request: `None` for an anonymous request, and also when the
/// sign-in expired, the user was deleted or disabled, or the session could not be read, so every
/// doubt reads as anonymous.
pub async fn resolve_caller(
    State(db): State<Db>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    let caller = caller_of(&db, &session).await;
    request.extensions_mut().insert(caller);
    next.run(request).await
}

async fn caller_of(db: &Db, session: &Session) -> Option<Caller> {
    let signed_in = match session::signed_in(session, now_ms()).await {
        Ok(signed_in) => signed_in?,
        Err(error) => {
            tracing::error!(error = %error, "reading the session failed; treating the request as anonymous");
            return None;
        }
    };
    let row = match db.console_user(&signed_in.user_id).await {
        Ok(row) => row,
        Err(error) => {
            tracing::error!(error = %error, "loading the signed-in user failed; treating the request as anonymous");
            return None;
        }
    };
    let user = match row.as_ref().map(ConsoleUser::try_from) {
        Some(Ok(user)) if !user.disabled => user,
        Some(Ok(_)) => return sign_out(session, &signed_in.user_id, "the user was disabled").await,
        Some(Err(error)) => {
            tracing::error!(user.id = %signed_in.user_id, error = %error, "a stored console user has an unknown role");
            return None;
        }
        None => return sign_out(session, &signed_in.user_id, "the user no longer exists").await,
    };
    Some(Caller {
        user_id: user.id,
        email: user.email,
        role: user.role,
    })
}

async fn sign_out(session: &Session, user_id: &str, reason: &str) -> Option<Caller> {
    tracing::info!(user.id = %user_id, "{reason}; signing the session out");
    if let Err(error) = session::end(session).await {
        tracing::error!(error = %error, "deleting the session failed");
    }
    None
}
