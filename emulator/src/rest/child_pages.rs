//! Paging of the child subquery results nested in query records. A parent's child rows beyond
//! the first batch stay in a child cursor that the nested result's `nextRecordsUrl` names, and
//! `GET` on that URL returns the next batch in the shape of a query page.

use serde_json::Value as Json;

use super::cursors::Cursors;
use super::gate::RestContext;
use super::query::{cursor_url, page_body};
use crate::data::schema::SCHEMA;

/// Child rows in a nested result and in each page of a child cursor, whatever the request's
/// `Sforce-Query-Options` batch size.
/// NOTE: Salesforce does not document the batch size of child subqueries, so 200 is unconfirmed.
pub const CHILD_BATCH_SIZE: usize = 200;

/// Pages the nested child results of records that are about to be returned. A nested result with
/// more than `CHILD_BATCH_SIZE` rows keeps the first batch, gets `done: false` and a
/// `nextRecordsUrl`, and keeps `totalSize` as the whole child count. A new child cursor stores all
/// of its rows, so the URL's offset counts from the first child row.
pub fn page_children(
    cursors: &mut Cursors,
    pod: char,
    context: &RestContext,
    records: &mut [Json],
) {
    for record in records {
        let object = record["attributes"]["type"]
            .as_str()
            .and_then(|name| SCHEMA.object(name));
        let (Some(object), Json::Object(fields)) = (object, record) else {
            continue;
        };
        for relationship in &object.child_relationships {
            let Some(nested) = fields.get_mut(relationship.name) else {
                continue;
            };
            let Some(Json::Array(rows)) = nested.get_mut("records") else {
                continue;
            };
            if rows.len() <= CHILD_BATCH_SIZE {
                continue;
            }
            let all_rows = std::mem::take(rows);
            let first_batch = all_rows[..CHILD_BATCH_SIZE].to_vec();
            let total_size = all_rows.len();
            let locator = cursors.open_child(pod, &context.user_id, all_rows, CHILD_BATCH_SIZE);
            let next = cursor_url(context, &locator, CHILD_BATCH_SIZE);
            *nested = page_body(total_size, first_batch, Some(next));
        }
    }
}
