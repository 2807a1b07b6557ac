//! The signed-in user in the browser session: starting it under a fresh session id, reading it
//! with its absolute expiry, and ending it.

use app::model::Role;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use super::users::ConsoleUser;

/// The session key of [`SignedInSession`].
const SESSION_KEY: &str = "auth.user";

/// How long a sign-in lasts however active the user is: 12 hours, in milliseconds. The idle
/// expiry of the session cookie is set in `startup` and applies as well.
pub const ABSOLUTE_LIFETIME_MS: i64 = 12 * 60 * 60 * 1000;

/// The signed-in user as the session stores it. The role is a snapshot, because requests use the
/// role stored in `console_users`, so a changed role applies at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInSession {
    pub user_id: String,
    pub role: Role,
    /// Unix milliseconds, stored as text by [`unix_ms_text`].
    #[serde(with = "unix_ms_text")]
    pub signed_in_at: i64,
}

/// Stores Unix milliseconds as a decimal string. This crate enables serde_json's
/// `arbitrary_precision`, which turns a number inside a session value into a map, and the
/// session store's MessagePack encoding then reads that map back as a sequence, not an `i64`.
mod unix_ms_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &i64, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(value)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Signs `user` in: drops what the session held, moves it to a new id so an id planted before
/// sign-in (session fixation) stays anonymous, and stores the user.
pub async fn start(
    session: &Session,
    user: &ConsoleUser,
    now_ms: i64,
) -> Result<(), tower_sessions::session::Error> {
    session.clear().await;
    session.cycle_id().await?;
    let signed_in = SignedInSession {
        user_id: user.id.clone(),
        role: user.role,
        signed_in_at: now_ms,
    };
    session.insert(SESSION_KEY, signed_in).await
}

/// Reads the signed-in user. A sign-in older than [`ABSOLUTE_LIFETIME_MS`] is flushed and reads
/// as anonymous.
pub async fn signed_in(
    session: &Session,
    now_ms: i64,
) -> Result<Option<SignedInSession>, tower_sessions::session::Error> {
    let Some(signed_in) = session.get::<SignedInSession>(SESSION_KEY).await? else {
        return Ok(None);
    };
    if now_ms - signed_in.signed_in_at >= ABSOLUTE_LIFETIME_MS {
        tracing::info!(user.id = %signed_in.user_id, "sign-in expired after 12 hours; signing out");
        session.flush().await?;
        return Ok(None);
    }
    Ok(Some(signed_in))
}

/// Signs out: deletes the session from the store and clears its cookie.
pub async fn end(session: &Session) -> Result<(), tower_sessions::session::Error> {
    session.flush().await
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use tower_sessions::MemoryStore;

    use super::*;

    fn user() -> ConsoleUser {
        ConsoleUser {
            id: "user-1".to_string(),
            email: "ops@example.com".to_string(),
            role: Role::Support,
            disabled: false,
        }
    }

    fn new_session() -> Session {
        Session::new(None, Arc::new(MemoryStore::default()), None)
    }

    #[tokio::test]
    async fn started_session_reads_back() {
        let session = new_session();
        start(&session, &user(), 1_000).await.expect("started");
        let read = signed_in(&session, 2_000).await.expect("read");
        let expected = SignedInSession {
            user_id: "user-1".to_string(),
            role: Role::Support,
            signed_in_at: 1_000,
        };
        assert_eq!(read, Some(expected));
    }

    #[tokio::test]
    async fn start_drops_earlier_data() {
        let session = new_session();
        session
            .insert("oauth.binding", "earlier")
            .await
            .expect("stored");
        start(&session, &user(), 1_000).await.expect("started");
        let earlier = session.get::<String>("oauth.binding").await.expect("read");
        assert_eq!(earlier, None);
    }

    #[tokio::test]
    async fn sign_in_expires_after_twelve_hours() {
        let session = new_session();
        start(&session, &user(), 1_000).await.expect("started");
        let just_before = signed_in(&session, 1_000 + ABSOLUTE_LIFETIME_MS - 1)
            .await
            .expect("read");
        assert!(just_before.is_some());
        let at_limit = signed_in(&session, 1_000 + ABSOLUTE_LIFETIME_MS)
            .await
            .expect("read");
        assert_eq!(at_limit, None);
        let afterwards = signed_in(&session, 1_000).await.expect("read");
        assert_eq!(
            afterwards, None,
            "an expired sign-in must be flushed, not only hidden"
        );
    }

    #[test]
    fn sign_in_time_is_stored_as_text() {
        let stored = SignedInSession {
            user_id: "user-1".to_string(),
            role: Role::Admin,
            signed_in_at: 1_700_000_000_123,
        };
        let value = serde_json::to_value(&stored).expect("serializes");
        assert_eq!(value["signed_in_at"], "1700000000123");
        let read: SignedInSession = serde_json::from_value(value).expect("deserializes");
        assert_eq!(read, stored);
    }

    #[tokio::test]
    async fn end_signs_out() {
        let session = new_session();
        start(&session, &user(), 1_000).await.expect("started");
        end(&session).await.expect("ended");
        assert_eq!(signed_in(&session, 2_000).await.expect("read"), None);
    }
}
