//! Sign-in throttling: 5 failures within 15 minutes lock an account, or a client address, for
//! 15 minutes. The counts live in the database, so every console process sharing it agrees.

use std::net::IpAddr;

use sha2::{Digest, Sha256};

use crate::db::{Db, ThrottleKind, ThrottleLimits};

const MINUTE_MS: i64 = 60 * 1000;

/// The limits that apply to both accounts and client addresses.
pub const LIMITS: ThrottleLimits = ThrottleLimits {
    max_failures: 5,
    window_ms: 15 * MINUTE_MS,
    lock_ms: 15 * MINUTE_MS,
};

/// The two keys one sign-in attempt counts against.
#[derive(Clone, Debug)]
pub struct ThrottleKeys {
    /// SHA-256 of the lowercased email, in hex.
    pub account: String,
    pub address: String,
}

impl ThrottleKeys {
    /// Builds the keys of an attempt; `email` must already be lowercased.
    pub fn new(email: &str, address: IpAddr) -> Self {
        let digest = Sha256::digest(email.as_bytes());
        let account = digest.iter().map(|byte| format!("{byte:02x}")).collect();
        ThrottleKeys {
            account,
            address: address.to_string(),
        }
    }

    /// Returns the first 12 hex characters of the email's hash, which match the log lines of one
    /// account without writing the email itself to the log.
    pub fn email_hash_prefix(&self) -> &str {
        &self.account[..12]
    }

    fn pairs(&self) -> [(ThrottleKind, &str); 2] {
        [
            (ThrottleKind::Account, self.account.as_str()),
            (ThrottleKind::Address, self.address.as_str()),
        ]
    }
}

/// Returns when the later of the two locks ends, or `None` when neither key is locked.
pub async fn locked_until(db: &Db, keys: &ThrottleKeys, now_ms: i64) -> sqlx::Result<Option<i64>> {
    db.sign_in_locked_until(&keys.pairs(), now_ms).await
}

/// Counts a failure against both keys and returns when the later lock ends, if this failure
/// locked either of them.
pub async fn record_failure(
    db: &Db,
    keys: &ThrottleKeys,
    now_ms: i64,
) -> sqlx::Result<Option<i64>> {
    let mut latest = None;
    for (kind, key) in keys.pairs() {
        if let Some(until) = db.record_sign_in_failure(kind, key, now_ms, LIMITS).await? {
            latest = Some(latest.map_or(until, |current: i64| current.max(until)));
        }
    }
    Ok(latest)
}

/// Forgets the account's failures after a successful sign-in. The address keeps its count, so
/// signing in to one's own account between guesses does not reset a guesser's budget.
pub async fn record_success(db: &Db, keys: &ThrottleKeys) -> sqlx::Result<()> {
    db.clear_sign_in_failures(ThrottleKind::Account, &keys.account)
        .await
}

/// Whole minutes until `locked_until`, rounded up and at least 1.
pub fn minutes_until(locked_until_ms: i64, now_ms: i64) -> u32 {
    let remaining = (locked_until_ms - now_ms).max(1);
    let minutes = (remaining + MINUTE_MS - 1) / MINUTE_MS;
    u32::try_from(minutes).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use super::*;

    #[test]
    fn account_key_is_sha256_of_email() {
        let keys = ThrottleKeys::new("admin@console.example", IpAddr::V4(Ipv4Addr::LOCALHOST));
        let expected: String = Sha256::digest(b"admin@console.example")
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect();
        assert_eq!(keys.account, expected);
        assert_eq!(keys.email_hash_prefix(), &expected[..12]);
        assert_eq!(keys.address, "127.0.0.1");
    }

    #[test]
    fn minutes_round_up() {
        assert_eq!(minutes_until(15 * MINUTE_MS, 0), 15);
        assert_eq!(minutes_until(14 * MINUTE_MS + 1, 0), 15);
        assert_eq!(minutes_until(1, 0), 1);
    }

    #[test]
    fn minutes_are_at_least_one() {
        assert_eq!(minutes_until(0, 0), 1);
        assert_eq!(minutes_until(0, 5_000), 1);
    }

    #[tokio::test]
    async fn fifth_failure_locks_both_keys() {
        let db = Db::connect("sqlite::memory:")
            .await
            .expect("an in-memory database opens");
        let keys = ThrottleKeys::new(
            "someone@example.com",
            IpAddr::V4(Ipv4Addr::new(10, 0, 0, 7)),
        );
        for attempt in 0..4 {
            let until = record_failure(&db, &keys, attempt * 1_000)
                .await
                .expect("stored");
            assert_eq!(until, None, "failure {attempt} must not lock yet");
        }
        let until = record_failure(&db, &keys, 4_000).await.expect("stored");
        assert_eq!(until, Some(4_000 + 15 * MINUTE_MS));
        let locked = locked_until(&db, &keys, 5_000).await.expect("read");
        assert_eq!(locked, Some(4_000 + 15 * MINUTE_MS));
    }

    #[tokio::test]
    async fn success_clears_the_account_but_not_the_address() {
        let db = Db::connect("sqlite::memory:")
            .await
            .expect("an in-memory database opens");
        let address = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 8));
        let keys = ThrottleKeys::new("someone@example.com", address);
        for attempt in 0..4 {
            record_failure(&db, &keys, attempt).await.expect("stored");
        }
        record_success(&db, &keys).await.expect("cleared");

        // The account starts over, but the address is one failure away from its lock.
        let other_account = ThrottleKeys::new("other@example.com", address);
        let until = record_failure(&db, &other_account, 10)
            .await
            .expect("stored");
        assert_eq!(until, Some(10 + 15 * MINUTE_MS));
        let account_only = db
            .sign_in_locked_until(&[(ThrottleKind::Account, keys.account.as_str())], 20)
            .await
            .expect("read");
        assert_eq!(account_only, None);
    }
}
