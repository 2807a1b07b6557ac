//! The composite resource: up to 25 subrequests in order, `@{referenceId.field}` references to
//! earlier results, and `allOrNone` rollback with `PROCESSING_HALTED`.

use axum::http::{Method, StatusCode};
use serde::Deserialize;
use serde_json::{Map, Value as Json, json};

use super::error::RestError;
use super::gate::RestContext;
use super::query::DEFAULT_BATCH_SIZE;
use super::reply::Reply;
use super::resource::{self, Call};
use crate::org::Org;

/// The maximum number of subrequests in one composite request.
const MAX_SUBREQUESTS: usize = 25;
/// The maximum number of query subrequests in one composite request.
const MAX_QUERIES: usize = 5;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CompositeRequest {
    #[serde(default)]
    all_or_none: bool,
    composite_request: Vec<Subrequest>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Subrequest {
    method: String,
    url: String,
    reference_id: String,
    #[serde(default)]
    body: Option<Json>,
}

fn bad_request(error_code: &'static str, message: impl Into<String>) -> RestError {
    RestError::new(StatusCode::BAD_REQUEST, error_code, message)
}

/// Reference ids start with a letter or digit and continue with letters, digits and underscores.
fn valid_reference_id(reference_id: &str) -> bool {
    let mut characters = reference_id.chars();
    characters
        .next()
        .is_some_and(|first| first.is_ascii_alphanumeric())
        && characters.all(|next| next.is_ascii_alphanumeric() || next == '_')
}

/// Replaces every `@{ref.path}` in `text` with the value at `path` in the body of subrequest
/// `ref`. An unknown reference or path is an error that names it.
fn substitute(text: &str, results: &Map<String, Json>) -> Result<String, String> {
    let mut output = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("@{") {
        output.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            output.push_str(&rest[start..]);
            return Ok(output);
        };
        let expression = &after[..end];
        let mut parts = expression.split('.');
        let reference = parts.next().unwrap_or_default();
        let mut value = results.get(reference);
        for part in parts {
            value = match value {
                Some(Json::Object(map)) => map.get(part),
                Some(Json::Array(items)) => part
                    .parse::<usize>()
                    .ok()
                    .and_then(|index| items.get(index)),
                _ => None,
            };
        }
        match value {
            Some(Json::String(text)) => output.push_str(text),
            Some(Json::Null) | None => return Err(expression.to_owned()),
            Some(other) => output.push_str(&other.to_string()),
        }
        rest = &after[end + 1..];
    }
    output.push_str(rest);
    Ok(output)
}

fn substitute_json(value: &Json, results: &Map<String, Json>) -> Result<Json, String> {
    Ok(match value {
        Json::String(text) => Json::String(substitute(text, results)?),
        Json::Array(items) => Json::Array(
            items
                .iter()
                .map(|item| substitute_json(item, results))
                .collect::<Result<_, _>>()?,
        ),
        Json::Object(map) => {
            let mut substituted = Map::new();
            for (key, item) in map {
                substituted.insert(key.clone(), substitute_json(item, results)?);
            }
            Json::Object(substituted)
        }
        other => other.clone(),
    })
}

fn entry(body: Json, status: StatusCode, location: Option<String>, reference_id: &str) -> Json {
    let headers = match location {
        Some(location) => json!({"Location": location}),
        None => json!({}),
    };
    json!({
        "body": body,
        "httpHeaders": headers,
        "httpStatusCode": status.as_u16(),
        "referenceId": reference_id,
    })
}

fn halted(reference_id: &str) -> Json {
    let error = RestError::new(
        StatusCode::BAD_REQUEST,
        "PROCESSING_HALTED",
        "The transaction was rolled back since another operation in the same transaction failed.",
    );
    entry(error.body(), StatusCode::BAD_REQUEST, None, reference_id)
}

/// Handles `POST /composite`.
pub fn run(org: &mut Org, context: &RestContext, body: &[u8]) -> Result<Reply, RestError> {
    let request: CompositeRequest = serde_json::from_slice(body).map_err(|error| {
        bad_request(
            "JSON_PARSER_ERROR",
            format!("Invalid composite request: {error}"),
        )
    })?;
    let subrequests = &request.composite_request;
    if subrequests.is_empty() || subrequests.len() > MAX_SUBREQUESTS {
        return Err(bad_request(
            "INVALID_BATCH_REQUEST",
            format!(
                "A composite request must contain between 1 and {MAX_SUBREQUESTS} subrequests."
            ),
        ));
    }
    let queries = subrequests
        .iter()
        .filter(|subrequest| subrequest.url.contains("/query"))
        .count();
    if queries > MAX_QUERIES {
        return Err(bad_request(
            "INVALID_BATCH_REQUEST",
            format!("A composite request may contain at most {MAX_QUERIES} query subrequests."),
        ));
    }
    for subrequest in subrequests {
        if !valid_reference_id(&subrequest.reference_id) {
            return Err(bad_request(
                "INVALID_REFERENCE_ID",
                format!("Invalid reference id: {}", subrequest.reference_id),
            ));
        }
    }

    // allOrNone needs the records as they were, to roll back to.
    let snapshot = request.all_or_none.then(|| org.store.clone());
    let next_case_number = org.next_case_number;
    let mut results: Map<String, Json> = Map::new();
    let mut responses = Vec::new();
    let mut failed = false;
    for subrequest in subrequests {
        if failed && request.all_or_none {
            responses.push(halted(&subrequest.reference_id));
            continue;
        }
        let outcome = run_one(org, context, subrequest, &results);
        match outcome {
            Ok(reply) => {
                let body = reply.body.clone().unwrap_or(Json::Null);
                results.insert(subrequest.reference_id.clone(), body.clone());
                responses.push(entry(
                    body,
                    reply.status,
                    reply.location,
                    &subrequest.reference_id,
                ));
            }
            Err(error) => {
                failed = true;
                responses.push(entry(
                    error.body(),
                    error.status,
                    None,
                    &subrequest.reference_id,
                ));
            }
        }
    }
    if failed && let Some(snapshot) = snapshot {
        org.store = snapshot;
        org.next_case_number = next_case_number;
        // Every subrequest that succeeded was rolled back, so it reports PROCESSING_HALTED too.
        for (response, subrequest) in responses.iter_mut().zip(subrequests) {
            let status = response["httpStatusCode"].as_u64().unwrap_or(400);
            if status < 300 {
                *response = halted(&subrequest.reference_id);
            }
        }
    }
    Ok(Reply::json(
        StatusCode::OK,
        json!({ "compositeResponse": responses }),
    ))
}

fn run_one(
    org: &mut Org,
    context: &RestContext,
    subrequest: &Subrequest,
    results: &Map<String, Json>,
) -> Result<Reply, RestError> {
    let unresolved = |expression: String| {
        let reference = expression.split('.').next().unwrap_or_default().to_owned();
        bad_request(
            "PROCESSING_HALTED",
            format!(
                "Invalid reference specified. No value for {expression} found in {reference}. Provided referenceId ('{reference}') refers to a subrequest that failed or does not exist."
            ),
        )
    };
    let url = substitute(&subrequest.url, results).map_err(unresolved)?;
    let body = match &subrequest.body {
        Some(body) => serde_json::to_vec(&substitute_json(body, results).map_err(unresolved)?)
            .expect("a JSON value serializes"),
        None => Vec::new(),
    };
    let method =
        Method::from_bytes(subrequest.method.to_ascii_uppercase().as_bytes()).map_err(|_| {
            bad_request(
                "INVALID_BATCH_REQUEST",
                format!("Invalid method: {}", subrequest.method),
            )
        })?;
    let (path, raw_query) = match url.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (url.as_str(), None),
    };
    let prefix = format!("/services/data/v{}/", context.version);
    let Some(rest) = path.strip_prefix(&prefix) else {
        return Err(RestError::not_found());
    };
    let call = Call {
        method: &method,
        segments: rest
            .split('/')
            .filter(|segment| !segment.is_empty())
            .collect(),
        raw_query,
        body: &body,
        batch_size: DEFAULT_BATCH_SIZE,
        nested: true,
    };
    resource::call(org, context, &call)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitute_replaces_reference() {
        let mut results = Map::new();
        results.insert("NewAccount".into(), json!({"id": "001Dma000000099IAA"}));
        assert_eq!(
            substitute("/sobjects/Account/@{NewAccount.id}", &results),
            Ok("/sobjects/Account/001Dma000000099IAA".to_owned())
        );
        assert_eq!(
            substitute("@{Missing.id}", &results),
            Err("Missing.id".to_owned())
        );
    }

    #[test]
    fn reference_ids_are_checked() {
        assert!(valid_reference_id("NewAccount_1"));
        assert!(!valid_reference_id("_x"));
        assert!(!valid_reference_id("a-b"));
    }
}
