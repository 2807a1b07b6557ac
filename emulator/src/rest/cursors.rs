//! Query cursors: the rows of a query beyond its first page, kept for `nextRecordsUrl`, and the
//! rows of child subqueries beyond their first batch, kept for the nested `nextRecordsUrl`.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use serde_json::Value as Json;

use crate::ids::salesforce_id;

/// How long a cursor lives after its last use. Salesforce documents 15 minutes of inactivity.
pub const CURSOR_IDLE_LIFETIME: Duration = Duration::from_secs(15 * 60);
/// Open cursors per user; opening another drops the oldest, as Salesforce does past its limit.
pub const MAX_CURSORS_PER_USER: usize = 10;
/// Open child cursors per user. They are bounded apart from `MAX_CURSORS_PER_USER`, so the child
/// cursors of a page never drop the query cursor that the page came from. Opening another drops
/// the user's oldest child cursor. The bound covers a 2,000-row page whose parents each have five
/// paged subqueries.
/// NOTE: how Salesforce counts child cursors against its open-cursor limit is unconfirmed.
const MAX_CHILD_CURSORS_PER_USER: usize = 10_000;

/// The remaining rows of one query or of one parent's child subquery.
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
    /// Cursors of child subqueries, oldest first, bounded by `MAX_CHILD_CURSORS_PER_USER`.
    children: VecDeque<Cursor>,
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
        let cursor = self.new_cursor(pod, user_id, records, batch_size);
        let locator = cursor.locator.clone();
        push_bounded(&mut self.open, MAX_CURSORS_PER_USER, cursor);
        locator
    }

    /// Stores the rows of one parent's child subquery and returns its locator. Child cursors do
    /// not count against `MAX_CURSORS_PER_USER`.
    pub(crate) fn open_child(
        &mut self,
        pod: char,
        user_id: &str,
        records: Vec<Json>,
        batch_size: usize,
    ) -> String {
        self.expire();
        let cursor = self.new_cursor(pod, user_id, records, batch_size);
        let locator = cursor.locator.clone();
        push_bounded(&mut self.children, MAX_CHILD_CURSORS_PER_USER, cursor);
        locator
    }

    /// Finds a live cursor of a user, query or child, and marks it used.
    pub fn get(&mut self, locator: &str, user_id: &str) -> Option<&Cursor> {
        self.expire();
        let cursor = self
            .open
            .iter_mut()
            .chain(self.children.iter_mut())
            .find(|cursor| cursor.locator == locator && cursor.user_id == user_id)?;
        cursor.last_used = Instant::now();
        Some(cursor)
    }

    /// Drops every cursor, child cursors included, as if all had expired.
    pub fn clear(&mut self) {
        self.open.clear();
        self.children.clear();
    }

    /// Creates a cursor with the next locator. Query and child cursors share the sequence, so
    /// every locator of the org is unique.
    fn new_cursor(
        &mut self,
        pod: char,
        user_id: &str,
        records: Vec<Json>,
        batch_size: usize,
    ) -> Cursor {
        self.next += 1;
        Cursor {
            locator: salesforce_id("01g", pod, self.next),
            user_id: user_id.to_owned(),
            records,
            batch_size,
            last_used: Instant::now(),
        }
    }

    fn expire(&mut self) {
        let live = |cursor: &Cursor| cursor.last_used.elapsed() < CURSOR_IDLE_LIFETIME;
        self.open.retain(live);
        self.children.retain(live);
    }
}

/// Appends a cursor to a store, first dropping the oldest cursors of its user so that the user
/// keeps at most `limit` of them.
fn push_bounded(store: &mut VecDeque<Cursor>, limit: usize, cursor: Cursor) {
    let user_cursors = store
        .iter()
        .filter(|open| open.user_id == cursor.user_id)
        .count();
    let mut excess = (user_cursors + 1).saturating_sub(limit);
    if excess == 0 {
        store.push_back(cursor);
        return;
    }
    store.retain(|open| {
        if excess > 0 && open.user_id == cursor.user_id {
            excess -= 1;
            false
        } else {
            true
        }
    });
    store.push_back(cursor);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_cursors_drop_oldest() {
        let mut cursors = Cursors::default();
        let first = cursors.open('a', "user", Vec::new(), 200);
        for _ in 0..MAX_CURSORS_PER_USER {
            cursors.open('a', "user", Vec::new(), 200);
        }
        assert!(cursors.get(&first, "user").is_none());
        assert_eq!(cursors.open.len(), MAX_CURSORS_PER_USER);
    }

    #[test]
    fn child_cursors_keep_query_cursor() {
        let mut cursors = Cursors::default();
        let query = cursors.open('a', "user", Vec::new(), 200);
        for _ in 0..MAX_CURSORS_PER_USER * 3 {
            cursors.open_child('a', "user", Vec::new(), 200);
        }
        assert!(cursors.get(&query, "user").is_some());
    }

    #[test]
    fn child_cursors_drop_oldest_child() {
        let mut cursors = Cursors::default();
        let query = cursors.open('a', "user", Vec::new(), 200);
        let first_child = cursors.open_child('a', "user", Vec::new(), 200);
        let other_user = cursors.open_child('a', "other", Vec::new(), 200);
        for _ in 0..MAX_CHILD_CURSORS_PER_USER {
            cursors.open_child('a', "user", Vec::new(), 200);
        }
        assert!(cursors.get(&first_child, "user").is_none());
        assert!(cursors.get(&other_user, "other").is_some());
        assert!(cursors.get(&query, "user").is_some());
        assert_eq!(cursors.children.len(), MAX_CHILD_CURSORS_PER_USER + 1);
    }

    #[test]
    fn clear_drops_child_cursors() {
        let mut cursors = Cursors::default();
        let child = cursors.open_child('a', "user", Vec::new(), 200);
        cursors.clear();
        assert!(cursors.get(&child, "user").is_none());
    }
}
