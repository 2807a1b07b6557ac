//! Dispatch of one versioned REST call (`/services/data/vXX.X/...`) to its resource, shared by
//! the HTTP handler and composite subrequests.

use axum::http::{Method, StatusCode};

use super::error::RestError;
use super::gate::RestContext;
use super::records::{self, Caller};
use super::reply::Reply;
use super::{composite, describe, limits, query};
use crate::org::Org;
use crate::soql::SoqlError;
use crate::sosl;

/// One request to a resource, already authenticated.
pub struct Call<'a> {
    pub method: &'a Method,
    /// The path after `/services/data/vXX.X/`, split at slashes, without empty segments.
    pub segments: Vec<&'a str>,
    pub raw_query: Option<&'a str>,
    pub body: &'a [u8],
    pub batch_size: usize,
    /// Whether this call is itself a composite subrequest, which may not nest another composite.
    pub nested: bool,
}

/// Builds Salesforce's error for a method that a resource does not support.
fn method_not_allowed(method: &Method, allowed: &str) -> RestError {
    RestError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
        format!("HTTP Method '{method}' not allowed. Allowed are {allowed}"),
    )
}

fn search_error(error: SoqlError) -> RestError {
    RestError::new(StatusCode::BAD_REQUEST, error.error_code, error.message)
}

/// Runs one call against an org.
pub fn call(org: &mut Org, context: &RestContext, call: &Call<'_>) -> Result<Reply, RestError> {
    let caller = Caller {
        user_id: &context.user_id,
        version: &context.version,
    };
    let method = call.method;
    match call.segments.as_slice() {
        ["sobjects"] => match *method {
            Method::GET => Ok(describe::global(&context.version)),
            _ => Err(method_not_allowed(method, "GET,HEAD")),
        },
        ["sobjects", object] => match *method {
            Method::GET => describe::basic(&context.version, object),
            Method::POST => records::create(org, &caller, object, call.body),
            _ => Err(method_not_allowed(method, "GET,HEAD,POST")),
        },
        ["sobjects", object, "describe"] => match *method {
            Method::GET => describe::describe(&context.version, object),
            _ => Err(method_not_allowed(method, "GET,HEAD")),
        },
        ["sobjects", object, id] => {
            let fields = call.raw_query.and_then(|raw| {
                url::form_urlencoded::parse(raw.as_bytes())
                    .find(|(name, _)| name == "fields")
                    .map(|(_, value)| value.into_owned())
            });
            match *method {
                Method::GET => records::read(org, &caller, object, id, fields.as_deref()),
                Method::PATCH => records::update(org, &caller, object, id, call.body),
                Method::DELETE => records::delete(org, object, id),
                _ => Err(method_not_allowed(method, "GET,HEAD,PATCH,DELETE")),
            }
        }
        ["sobjects", object, field, value] => match *method {
            Method::PATCH => records::upsert(org, &caller, object, field, value, call.body),
            _ => Err(method_not_allowed(method, "PATCH")),
        },
        [resource @ ("query" | "queryAll")] => {
            if *method != Method::GET {
                return Err(method_not_allowed(method, "GET,HEAD"));
            }
            let text = query::soql_parameter(call.raw_query)?;
            query::execute(
                org,
                context,
                &text,
                call.batch_size,
                *resource == "queryAll",
            )
        }
        ["query" | "queryAll", cursor] => query::next_page(org, context, cursor),
        ["limits"] => Ok(limits::limits(org)),
        ["search"] => {
            let text = query::soql_parameter(call.raw_query).map_err(|_| {
                RestError::new(
                    StatusCode::BAD_REQUEST,
                    sosl::MALFORMED_SEARCH,
                    "No search term found. The search term must be enclosed in braces.",
                )
            })?;
            let records =
                sosl::search(&org.store, &text, &context.version).map_err(search_error)?;
            Ok(Reply::json(
                StatusCode::OK,
                serde_json::json!({ "searchRecords": records }),
            ))
        }
        ["composite"] if !call.nested => match *method {
            Method::POST => composite::run(org, context, call.body),
            _ => Err(method_not_allowed(method, "POST")),
        },
        _ => Err(RestError::not_found()),
    }
}
