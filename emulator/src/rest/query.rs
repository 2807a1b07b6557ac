//! The query resources: `query` and `queryAll` with SOQL in `q`, and the pages after the first,
//! fetched through `nextRecordsUrl`.

use axum::Json;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode;
use serde_json::{Map, Value as Json_};
use time::OffsetDateTime;
use tracing::{info, instrument};

use super::error::RestError;
use super::gate::RestContext;
use crate::soql::{self, QueryContext};
use crate::state::{Shared, lock};

/// Rows per page unless `Sforce-Query-Options: batchSize=N` asks for another size.
pub const DEFAULT_BATCH_SIZE: usize = 2_000;
const MIN_BATCH_SIZE: usize = 200;

fn missing_query() -> RestError {
    RestError::new(
        StatusCode::BAD_REQUEST,
        "MALFORMED_QUERY",
        "A query string has to be specified",
    )
}

/// Reads `q` from the raw query string. The value is percent-decoded as UTF-8 and nothing else:
/// a `+` stays a plus sign rather than becoming a space.
/// NOTE: this is a deliberate choice. Salesforce clients percent-encode strictly, and treating
/// `+` as a literal keeps a datetime offset such as `+00:00` intact; the real service may decode
/// `+` as a space instead.
pub fn soql_parameter(raw_query: Option<&str>) -> Result<String, RestError> {
    let raw = raw_query.unwrap_or_default();
    let encoded = raw
        .split('&')
        .find_map(|pair| pair.strip_prefix("q="))
        .ok_or_else(missing_query)?;
    if !percent_escapes_valid(encoded) {
        return Err(missing_query());
    }
    let decoded = percent_decode(encoded.as_bytes())
        .decode_utf8()
        .map_err(|_| missing_query())?
        .into_owned();
    if decoded.trim().is_empty() {
        return Err(missing_query());
    }
    Ok(decoded)
}

/// Whether every `%` starts a two-digit hexadecimal escape.
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
        .map_or(DEFAULT_BATCH_SIZE, |size| size.clamp(MIN_BATCH_SIZE, DEFAULT_BATCH_SIZE))
}

fn page_body(total_size: usize, records: &[Json_], next_records_url: Option<String>) -> Json_ {
    let mut body = Map::new();
    body.insert("totalSize".into(), Json_::from(total_size));
    body.insert("done".into(), Json_::Bool(next_records_url.is_none()));
    if let Some(url) = next_records_url {
        body.insert("nextRecordsUrl".into(), Json_::String(url));
    }
    body.insert("records".into(), Json_::Array(records.to_vec()));
    Json_::Object(body)
}

/// Handles `GET /services/data/vXX.X/query?q=...`.
#[instrument(skip_all, fields(org = context.org))]
pub async fn query(
    State(shared): State<Shared>,
    Extension(context): Extension<RestContext>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    run(&shared, &context, &headers, raw.as_deref(), false)
}

/// Handles `GET /services/data/vXX.X/queryAll?q=...`, which also returns deleted rows.
#[instrument(skip_all, fields(org = context.org))]
pub async fn query_all(
    State(shared): State<Shared>,
    Extension(context): Extension<RestContext>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    run(&shared, &context, &headers, raw.as_deref(), true)
}

fn run(
    shared: &Shared,
    context: &RestContext,
    headers: &HeaderMap,
    raw: Option<&str>,
    include_deleted: bool,
) -> Response {
    let text = match soql_parameter(raw) {
        Ok(text) => text,
        Err(error) => return error.into_response(),
    };
    let mut guard = lock(shared);
    let org = &mut guard.orgs[context.org];
    let query_context = QueryContext {
        store: &org.store,
        text: &text,
        include_deleted,
        now: OffsetDateTime::now_utc(),
        version: &context.version,
    };
    let rows = match soql::query(&query_context) {
        Ok(rows) => rows,
        Err(error) => {
            info!(error_code = error.error_code, "query rejected");
            return RestError::new(StatusCode::BAD_REQUEST, error.error_code, error.message)
                .into_response();
        }
    };
    let batch = batch_size(headers);
    if rows.records.len() <= batch {
        return Json(page_body(rows.total_size, &rows.records, None)).into_response();
    }
    let first_page = rows.records[..batch].to_vec();
    let pod = org.id.chars().nth(5).unwrap_or('a');
    let locator = org
        .cursors
        .open(pod, &context.user_id, rows.records, batch);
    // queryAll cursors are followed through /query/ as well, as Salesforce's are.
    let next = format!("/services/data/v{}/query/{locator}-{batch}", context.version);
    Json(page_body(rows.total_size, &first_page, Some(next))).into_response()
}

/// Handles `GET /services/data/vXX.X/query/{locator}-{offset}`.
#[instrument(skip_all, fields(org = context.org))]
pub async fn next_page(
    State(shared): State<Shared>,
    Extension(context): Extension<RestContext>,
    Path((_, cursor)): Path<(String, String)>,
) -> Response {
    let invalid = || {
        RestError::new(StatusCode::BAD_REQUEST, "INVALID_QUERY_LOCATOR", "invalid query locator")
            .into_response()
    };
    let Some((locator, offset)) = cursor.rsplit_once('-') else {
        return invalid();
    };
    let Ok(offset) = offset.parse::<usize>() else {
        return invalid();
    };
    let mut guard = lock(&shared);
    let org = &mut guard.orgs[context.org];
    let Some(cursor) = org.cursors.get(locator, &context.user_id) else {
        return invalid();
    };
    if offset > cursor.records.len() {
        return invalid();
    }
    let end = (offset + cursor.batch_size).min(cursor.records.len());
    let next = (end < cursor.records.len())
        .then(|| format!("/services/data/v{}/query/{locator}-{end}", context.version));
    Json(page_body(cursor.records.len(), &cursor.records[offset..end], next)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soql_parameter_keeps_plus() {
        let decoded = soql_parameter(Some("q=SELECT%20Id%20WHERE%20x%20%3E%3D%202024-03-01T00:00:00+00:00"))
            .expect("valid parameter");
        assert_eq!(decoded, "SELECT Id WHERE x >= 2024-03-01T00:00:00+00:00");
    }

    #[test]
    fn soql_parameter_decodes_utf8() {
        let decoded = soql_parameter(Some("q=%27Z%C3%BC%25%27")).expect("valid parameter");
        assert_eq!(decoded, "'Zü%'");
    }

    #[test]
    fn soql_parameter_rejects_bare_percent() {
        let error = soql_parameter(Some("q=Name%20LIKE%20%27a%%27")).expect_err("bare percent");
        assert_eq!(error.message, "A query string has to be specified");
    }

    #[test]
    fn batch_size_clamps() {
        let mut headers = HeaderMap::new();
        assert_eq!(batch_size(&headers), 2_000);
        headers.insert("Sforce-Query-Options", "batchSize=500".parse().expect("valid header"));
        assert_eq!(batch_size(&headers), 500);
        headers.insert("Sforce-Query-Options", "batchSize=5".parse().expect("valid header"));
        assert_eq!(batch_size(&headers), 200);
    }
}
