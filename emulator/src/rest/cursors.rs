//! Query cursors: the rows of a query beyond its first page, kept for `nextRecordsUrl`.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use serde_json::Value as Json;

use crate::ids::salesforce_id;

/// How long a cursor lives after its last use. Salesforce documents 15 minutes of inactivity.
pub const CURSOR_IDLE_LIFETIME: Duration = Duration::from_secs(15 * 60);
/// Open cursors per user; opening another drops the oldest, as Salesforce does past its limit.
pub const MAX_CURSORS_PER_USER: usize = 10;

/// The remaining rows of one query.
#[derive(Debug)]
pub struct Cursor {
    /// The query locator, such as `01gDma00000000001AAA`.
    pub locator: String,
    pub user_id: String,
    pub records: Vec<Json>,
    pub batch_size: usize,
    pub last_used: Instant,
}

/// The open cursors of one org.
#[derive(Debug, Default)]
pub struct Cursors {
    next: u64,
    open: VecDeque<Cursor>,
}

impl Cursors {
    /// Stores the rows of a query and returns its locator.
    pub fn open(
        &mut self,
        pod: char,
        user_id: &str,
        records: Vec<Json>,
        batch_size: usize,
    ) -> String {
        self.expire();
        while self
            .open
            .iter()
            .filter(|cursor| cursor.user_id == user_id)
            .count()
            >= MAX_CURSORS_PER_USER
        {
            let oldest = self
                .open
                .iter()
                .position(|cursor| cursor.user_id == user_id)
                .expect("the count above found a cursor of this user");
            self.open.remove(oldest);
        }
        self.next += 1;
        let locator = salesforce_id("01g", pod, self.next);
        self.open.push_back(Cursor {
            locator: locator.clone(),
            user_id: user_id.to_owned(),
            records,
            batch_size,
            last_used: Instant::now(),
        });
        locator
    }

    /// Finds a live cursor of a user and marks it used.
    pub fn get(&mut self, locator: &str, user_id: &str) -> Option<&Cursor> {
        self.expire();
        let cursor = self
            .open
            .iter_mut()
            .find(|cursor| cursor.locator == locator && cursor.user_id == user_id)?;
        cursor.last_used = Instant::now();
        Some(cursor)
    }

    /// Drops every cursor, as if all had expired.
    pub fn clear(&mut self) {
        self.open.clear();
    }

    fn expire(&mut self) {
        self.open
            .retain(|cursor| cursor.last_used.elapsed() < CURSOR_IDLE_LIFETIME);
    }
}
