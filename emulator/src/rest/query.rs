//! The query resources: `query` and `queryAll` with SOQL in `q`, and the pages after the first,
//! fetched through `nextRecordsUrl`, of a query or of one parent's child subquery.

use axum::http::{HeaderMap, StatusCode};
use percent_encoding::percent_decode;
use serde_json::{Map, Value as Json_};
use time::OffsetDateTime;
use tracing::info;

use super::child_pages::page_children;
use super::error::RestError;
use super::gate::RestContext;
use super::reply::Reply;
use crate::org::Org;
use crate::soql::{self, QueryContext};

/// Rows per page unless `Sforce-Query-Options: batchSize=N` requests another size.
pub const DEFAULT_BATCH_SIZE: usize = 2_000;
const MIN_BATCH_SIZE: usize = 200;

fn missing_query() -> RestError {
    RestError::new(
        StatusCode::BAD_REQUEST,
        "MALFORMED_QUERY",
        "A query string has to be specified",
    )
}

/// Reads `q` from the raw query string and decodes it as an HTML form value, as Salesforce does:
/// `%XX` escapes become bytes of UTF-8 text and a raw `+` becomes a space. A plus sign must
/// therefore arrive as `%2B`. A raw `+` in `'jane+test@example.com'` or in a datetime offset such
/// as `+00:00` reaches the query as a space, so the filter matches nothing or the query is
/// malformed, as at Salesforce.
/// NOTE: Salesforce's response to a `%` that does not start a two-digit hexadecimal escape is
/// unconfirmed. The emulator treats `q` as missing (400 `MALFORMED_QUERY` "A query string has to
/// be specified"), which is the message reported for such requests.
pub fn soql_parameter(raw_query: Option<&str>) -> Result<String, RestError> {
    let raw = raw_query.unwrap_or_default();
    let encoded = raw
        .split('&')
        .find_map(|pair| pair.strip_prefix("q="))
        .ok_or_else(missing_query)?;
    if !percent_escapes_valid(encoded) {
        return Err(missing_query());
    }
    let spaced = encoded.replace('+', " ");
    let decoded = percent_decode(spaced.as_bytes())
        .decode_utf8()
        .map_err(|_| missing_query())?
        .into_owned();
    if decoded.trim().is_empty() {
        return Err(missing_query());
    }
    Ok(decoded)
}

/// Checks that every `%` starts a two-digit hexadecimal escape.
fn percent_escapes_valid(encoded: &str) -> bool {
    let bytes = encoded.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let valid = bytes
                .get(index + 1..index + 3)
                .is_some_and(|digits| digits.iter().all(u8::is_ascii_hexdigit));
            if !valid {
                return false;
            }
            index += 3;
        } else {
            index += 1;
        }
    }
    true
}

/// Reads the page size from `Sforce-Query-Options`, clamped to Salesforce's 200 to 2,000.
pub fn batch_size(headers: &HeaderMap) -> usize {
    headers
        .get("Sforce-Query-Options")
        .and_then(|value| value.to_str().ok())
        .and_then(|options| {
            options.split(',').find_map(|option| {
                let (name, value) = option.split_once('=')?;
                (name.trim().eq_ignore_ascii_case("batchSize"))
                    .then(|| value.trim().parse::<usize>().ok())
                    .flatten()
            })
        })
        .map_or(DEFAULT_BATCH_SIZE, |size| {
            size.clamp(MIN_BATCH_SIZE, DEFAULT_BATCH_SIZE)
        })
}

/// Builds a query page, whose `totalSize` is the whole row count, not the page's.
pub(super) fn page_body(
    total_size: usize,
    records: Vec<Json_>,
    next_records_url: Option<String>,
) -> Json_ {
    let mut body = Map::new();
    body.insert("totalSize".into(), Json_::from(total_size));
    body.insert("done".into(), Json_::Bool(next_records_url.is_none()));
    if let Some(url) = next_records_url {
        body.insert("nextRecordsUrl".into(), Json_::String(url));
    }
    body.insert("records".into(), Json_::Array(records));
    Json_::Object(body)
}

/// Builds the `nextRecordsUrl` of a cursor page that starts at row `offset`. Cursors of queryAll
/// and of child subqueries are followed through /query/ as well, as Salesforce's are.
pub(super) fn cursor_url(context: &RestContext, locator: &str, offset: usize) -> String {
    format!(
        "/services/data/v{}/query/{locator}-{offset}",
        context.version
    )
}

/// Returns the pod letter that the org's cursor locators carry, as its id does.
fn pod(org: &Org) -> char {
    org.id.chars().nth(5).unwrap_or('a')
}

/// Runs SOQL for `query` or `queryAll` and returns the first page. Rows beyond it stay in a
/// cursor that `nextRecordsUrl` names.
pub fn execute(
    org: &mut Org,
    context: &RestContext,
    text: &str,
    batch: usize,
    include_deleted: bool,
) -> Result<Reply, RestError> {
    let query_context = QueryContext {
        store: &org.store,
        text,
        include_deleted,
        now: OffsetDateTime::now_utc(),
        version: &context.version,
        only_ids: None,
    };
    let rows = soql::query(&query_context).map_err(|error| {
        info!(error_code = error.error_code, "query rejected");
        RestError::new(StatusCode::BAD_REQUEST, error.error_code, error.message)
    })?;
    let pod = pod(org);
    if rows.records.len() <= batch {
        let mut records = rows.records;
        page_children(&mut org.cursors, pod, context, &mut records);
        return Ok(Reply::json(
            StatusCode::OK,
            page_body(rows.total_size, records, None),
        ));
    }
    let mut first_page = rows.records[..batch].to_vec();
    // The query cursor keeps the child results whole, so each page pages them when served. It
    // opens before the first page's child cursors, as it does before those of later pages.
    let locator = org.cursors.open(pod, &context.user_id, rows.records, batch);
    page_children(&mut org.cursors, pod, context, &mut first_page);
    let next = cursor_url(context, &locator, batch);
    Ok(Reply::json(
        StatusCode::OK,
        page_body(rows.total_size, first_page, Some(next)),
    ))
}

/// Returns the page of a query or child cursor named `{locator}-{offset}`, or
/// `INVALID_QUERY_LOCATOR` once the cursor has expired.
pub fn next_page(org: &mut Org, context: &RestContext, cursor: &str) -> Result<Reply, RestError> {
    let invalid = || {
        RestError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_QUERY_LOCATOR",
            "invalid query locator",
        )
    };
    let (locator, offset) = cursor.rsplit_once('-').ok_or_else(invalid)?;
    let offset = offset.parse::<usize>().map_err(|_| invalid())?;
    let cursor = org
        .cursors
        .get(locator, &context.user_id)
        .ok_or_else(invalid)?;
    if offset > cursor.records.len() {
        return Err(invalid());
    }
    let total_size = cursor.records.len();
    let end = (offset + cursor.batch_size).min(total_size);
    let mut records = cursor.records[offset..end].to_vec();
    let next = (end < total_size).then(|| cursor_url(context, locator, end));
    let pod = pod(org);
    page_children(&mut org.cursors, pod, context, &mut records);
    Ok(Reply::json(
        StatusCode::OK,
        page_body(total_size, records, next),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soql_parameter_turns_raw_plus_into_space() {
        let decoded = soql_parameter(Some(
            "q=SELECT%20Id%20WHERE%20x%20%3E%3D%202024-03-01T00:00:00+00:00",
        ))
        .expect("valid parameter");
        assert_eq!(decoded, "SELECT Id WHERE x >= 2024-03-01T00:00:00 00:00");
    }

    #[test]
    fn soql_parameter_keeps_encoded_plus() {
        let decoded =
            soql_parameter(Some("q=Email%20%3D%20%27jane%2Btest%40example.com%27")).expect("valid");
        assert_eq!(decoded, "Email = 'jane+test@example.com'");
    }

    #[test]
    fn soql_parameter_reads_q_among_others() {
        let decoded = soql_parameter(Some("debug=1&q=SELECT+Id+FROM+Account&x=2")).expect("valid");
        assert_eq!(decoded, "SELECT Id FROM Account");
    }

    #[test]
    fn soql_parameter_decodes_utf8() {
        let decoded = soql_parameter(Some("q=%27Z%C3%BC%25%27")).expect("valid parameter");
        assert_eq!(decoded, "'Zü%'");
    }

    #[test]
    fn soql_parameter_rejects_bare_percent() {
        for raw in ["q=Name%20LIKE%20%27a%%27", "q=50%", "q=%zz"] {
            let error = soql_parameter(Some(raw)).expect_err("a bare percent is invalid");
            assert_eq!(error.message, "A query string has to be specified", "{raw}");
            assert_eq!(error.error_code, "MALFORMED_QUERY", "{raw}");
        }
    }

    #[test]
    fn soql_parameter_rejects_blank_query() {
        let error = soql_parameter(Some("q=+++")).expect_err("only spaces");
        assert_eq!(error.message, "A query string has to be specified");
    }

    #[test]
    fn batch_size_clamps() {
        let mut headers = HeaderMap::new();
        assert_eq!(batch_size(&headers), 2_000);
        headers.insert(
            "Sforce-Query-Options",
            "batchSize=500".parse().expect("valid header"),
        );
        assert_eq!(batch_size(&headers), 500);
        headers.insert(
            "Sforce-Query-Options",
            "batchSize=5".parse().expect("valid header"),
        );
        assert_eq!(batch_size(&headers), 200);
    }
}
