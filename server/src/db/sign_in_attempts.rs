//! Queries on `sign_in_attempts`: failed sign-ins counted per account and per client address.
//!
//! Every statement reads and writes the row in one step, so console processes that share the
//! database agree on the counts.

use sqlx::Row;

use super::Db;

/// The kind of key a throttle row counts failures for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThrottleKind {
    /// One account, keyed by the SHA-256 of its lowercased email.
    Account,
    /// One client address, such as `127.0.0.1`.
    Address,
}

impl ThrottleKind {
    fn as_str(self) -> &'static str {
        match self {
            ThrottleKind::Account => "account",
            ThrottleKind::Address => "address",
        }
    }
}

/// How many failures within which window lock a key, and for how long. Times are milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThrottleLimits {
    pub max_failures: i64,
    pub window_ms: i64,
    pub lock_ms: i64,
}

impl Db {
    /// Returns the latest `locked_until` among the keys that are locked at `now_ms`, or `None`
    /// when none is locked.
    pub async fn sign_in_locked_until(
        &self,
        keys: &[(ThrottleKind, &str)],
        now_ms: i64,
    ) -> sqlx::Result<Option<i64>> {
        let mut latest: Option<i64> = None;
        for (kind, key) in keys {
            let row = sqlx::query(
                "SELECT locked_until FROM sign_in_attempts \
                 WHERE throttle_kind = $1 AND throttle_key = $2 AND locked_until > $3",
            )
            .bind(kind.as_str())
            .bind(key)
            .bind(now_ms)
            .fetch_optional(&self.pool)
            .await?;
            if let Some(row) = row {
                let until: i64 = row.try_get("locked_until")?;
                latest = Some(latest.map_or(until, |current| current.max(until)));
            }
        }
        Ok(latest)
    }

    /// Counts one failure for a key and returns its `locked_until` when this failure reached
    /// the limit. A window older than `window_ms` starts over at this failure.
    pub async fn record_sign_in_failure(
        &self,
        kind: ThrottleKind,
        key: &str,
        now_ms: i64,
        limits: ThrottleLimits,
    ) -> sqlx::Result<Option<i64>> {
        // Every SET expression reads the row as it was before the update, so the window test is
        // repeated instead of reading the new `failures`.
        let row = sqlx::query(
            "INSERT INTO sign_in_attempts \
                 (throttle_kind, throttle_key, failures, window_started_at, locked_until) \
             VALUES ($1, $2, 1, $3, CASE WHEN 1 >= $4 THEN $3 + $6 ELSE NULL END) \
             ON CONFLICT (throttle_kind, throttle_key) DO UPDATE SET \
                 failures = CASE WHEN sign_in_attempts.window_started_at <= $3 - $5 THEN 1 \
                                 ELSE sign_in_attempts.failures + 1 END, \
                 window_started_at = CASE WHEN sign_in_attempts.window_started_at <= $3 - $5 \
                                          THEN $3 ELSE sign_in_attempts.window_started_at END, \
                 locked_until = CASE \
                     WHEN (CASE WHEN sign_in_attempts.window_started_at <= $3 - $5 THEN 1 \
                                ELSE sign_in_attempts.failures + 1 END) >= $4 THEN $3 + $6 \
                     ELSE NULL END \
             RETURNING locked_until",
        )
        .bind(kind.as_str())
        .bind(key)
        .bind(now_ms)
        .bind(limits.max_failures)
        .bind(limits.window_ms)
        .bind(limits.lock_ms)
        .fetch_one(&self.pool)
        .await?;
        row.try_get("locked_until")
    }

    /// Forgets the failures of a key, after a successful sign-in.
    pub async fn clear_sign_in_failures(&self, kind: ThrottleKind, key: &str) -> sqlx::Result<()> {
        sqlx::query("DELETE FROM sign_in_attempts WHERE throttle_kind = $1 AND throttle_key = $2")
            .bind(kind.as_str())
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Deletes rows whose window started before `cutoff_ms` and that are not locked at
    /// `cutoff_ms`; returns how many.
    pub async fn delete_stale_sign_in_attempts(&self, cutoff_ms: i64) -> sqlx::Result<u64> {
        let result = sqlx::query(
            "DELETE FROM sign_in_attempts \
             WHERE window_started_at < $1 AND (locked_until IS NULL OR locked_until < $1)",
        )
        .bind(cutoff_ms)
        .execute(&self.pool)
        .await?;
        Ok(result.rows_affected())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: ThrottleLimits = ThrottleLimits {
        max_failures: 3,
        window_ms: 1_000,
        lock_ms: 5_000,
    };

    async fn db() -> Db {
        Db::connect("sqlite::memory:")
            .await
            .expect("an in-memory database opens")
    }

    #[tokio::test]
    async fn failures_below_limit_do_not_lock() {
        let db = db().await;
        assert_eq!(
            db.record_sign_in_failure(ThrottleKind::Account, "a", 100, LIMITS)
                .await
                .expect("stored"),
            None
        );
        assert_eq!(
            db.record_sign_in_failure(ThrottleKind::Account, "a", 200, LIMITS)
                .await
                .expect("stored"),
            None
        );
        let locked = db
            .sign_in_locked_until(&[(ThrottleKind::Account, "a")], 300)
            .await
            .expect("read");
        assert_eq!(locked, None);
    }

    #[tokio::test]
    async fn failure_reaching_limit_locks() {
        let db = db().await;
        for at in [100, 200] {
            db.record_sign_in_failure(ThrottleKind::Address, "127.0.0.1", at, LIMITS)
                .await
                .expect("stored");
        }
        let until = db
            .record_sign_in_failure(ThrottleKind::Address, "127.0.0.1", 300, LIMITS)
            .await
            .expect("stored");
        assert_eq!(until, Some(5_300));
        let locked = db
            .sign_in_locked_until(&[(ThrottleKind::Address, "127.0.0.1")], 5_299)
            .await
            .expect("read");
        assert_eq!(locked, Some(5_300));
        let unlocked = db
            .sign_in_locked_until(&[(ThrottleKind::Address, "127.0.0.1")], 5_300)
            .await
            .expect("read");
        assert_eq!(unlocked, None);
    }

    #[tokio::test]
    async fn old_window_starts_over() {
        let db = db().await;
        for at in [100, 200] {
            db.record_sign_in_failure(ThrottleKind::Account, "a", at, LIMITS)
                .await
                .expect("stored");
        }
        // 1,100 is a full window after the first failure, so the count restarts at one.
        let until = db
            .record_sign_in_failure(ThrottleKind::Account, "a", 1_100, LIMITS)
            .await
            .expect("stored");
        assert_eq!(until, None);
    }

    #[tokio::test]
    async fn kinds_and_keys_count_apart() {
        let db = db().await;
        for at in [100, 200, 300] {
            db.record_sign_in_failure(ThrottleKind::Account, "a", at, LIMITS)
                .await
                .expect("stored");
        }
        let other_key = db
            .sign_in_locked_until(&[(ThrottleKind::Account, "b")], 400)
            .await
            .expect("read");
        assert_eq!(other_key, None);
        let other_kind = db
            .sign_in_locked_until(&[(ThrottleKind::Address, "a")], 400)
            .await
            .expect("read");
        assert_eq!(other_kind, None);
    }

    #[tokio::test]
    async fn latest_lock_of_several_keys_wins() {
        let db = db().await;
        for at in [100, 200, 300] {
            db.record_sign_in_failure(ThrottleKind::Account, "a", at, LIMITS)
                .await
                .expect("stored");
        }
        for at in [400, 500, 600] {
            db.record_sign_in_failure(ThrottleKind::Address, "10.0.0.1", at, LIMITS)
                .await
                .expect("stored");
        }
        let keys = [
            (ThrottleKind::Account, "a"),
            (ThrottleKind::Address, "10.0.0.1"),
        ];
        let locked = db.sign_in_locked_until(&keys, 700).await.expect("read");
        assert_eq!(locked, Some(5_600));
    }

    #[tokio::test]
    async fn clearing_forgets_failures() {
        let db = db().await;
        for at in [100, 200] {
            db.record_sign_in_failure(ThrottleKind::Account, "a", at, LIMITS)
                .await
                .expect("stored");
        }
        db.clear_sign_in_failures(ThrottleKind::Account, "a")
            .await
            .expect("cleared");
        let until = db
            .record_sign_in_failure(ThrottleKind::Account, "a", 300, LIMITS)
            .await
            .expect("stored");
        assert_eq!(until, None);
    }

    #[tokio::test]
    async fn stale_rows_are_deleted_but_locks_kept() {
        let db = db().await;
        db.record_sign_in_failure(ThrottleKind::Account, "stale", 100, LIMITS)
            .await
            .expect("stored");
        for at in [100, 200, 300] {
            db.record_sign_in_failure(ThrottleKind::Account, "locked", at, LIMITS)
                .await
                .expect("stored");
        }
        let removed = db
            .delete_stale_sign_in_attempts(1_000)
            .await
            .expect("deleted");
        assert_eq!(removed, 1);
        let locked = db
            .sign_in_locked_until(&[(ThrottleKind::Account, "locked")], 1_000)
            .await
            .expect("read");
        assert_eq!(locked, Some(5_300));
    }
}
