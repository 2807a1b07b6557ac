//! Converting the JSON body of a create or update into stored field values, with Salesforce's
//! validation errors.

use std::collections::HashMap;
use std::str::FromStr;

use axum::http::StatusCode;
use rust_decimal::Decimal;
use serde_json::Value as Json;

use super::error::RestError;
use crate::data::schema::{FieldDef, FieldType, ObjectDef};
use crate::data::store::Store;
use crate::data::value::Value;
use crate::ids;
use crate::soql::lexer::{TokenKind, parse_date_literal};

/// Whether the values are for a new record or an update; it decides which fields may be written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Write {
    Create,
    Update,
}

fn bad_request(error_code: &'static str, message: String) -> RestError {
    RestError::new(StatusCode::BAD_REQUEST, error_code, message)
}

/// Parses a request body as a JSON object, or fails with `JSON_PARSER_ERROR`.
pub fn parse_body(body: &[u8]) -> Result<serde_json::Map<String, Json>, RestError> {
    let parsed: Json = serde_json::from_slice(body).map_err(|error| {
        bad_request(
            "JSON_PARSER_ERROR",
            format!(
                "Unexpected character in the request body at [line:{}, column:{}]",
                error.line(),
                error.column()
            ),
        )
    })?;
    match parsed {
        Json::Object(map) => Ok(map),
        _ => Err(bad_request(
            "JSON_PARSER_ERROR",
            "Cannot deserialize instance of an sObject from a value that is not an object".into(),
        )),
    }
}

/// Converts body fields to stored values. `attributes` is ignored, as Salesforce ignores it.
pub fn convert(
    store: &Store,
    object: &'static ObjectDef,
    body: &serde_json::Map<String, Json>,
    write: Write,
) -> Result<HashMap<&'static str, Value>, RestError> {
    let mut values = HashMap::new();
    let mut read_only = Vec::new();
    for (name, json) in body {
        if name == "attributes" {
            continue;
        }
        let Some(field) = object.field(name) else {
            return Err(bad_request(
                "INVALID_FIELD",
                format!("No such column '{name}' on sobject of type {}", object.name),
            ));
        };
        let writable = match write {
            Write::Create => field.createable,
            Write::Update => field.updateable,
        };
        if !writable {
            read_only.push(field.name.to_owned());
            continue;
        }
        values.insert(field.name, convert_value(store, field, json)?);
    }
    if !read_only.is_empty() {
        return Err(bad_request(
            "INVALID_FIELD_FOR_INSERT_UPDATE",
            format!(
                "Unable to create/update fields: {}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.",
                read_only.join(", ")
            ),
        )
        .with_fields(read_only));
    }
    Ok(values)
}

fn type_error(field: &FieldDef, json: &Json) -> RestError {
    let kind = match json {
        Json::String(_) => "VALUE_STRING",
        Json::Number(_) => "VALUE_NUMBER",
        Json::Bool(true) => "VALUE_TRUE",
        Json::Bool(false) => "VALUE_FALSE",
        Json::Array(_) => "START_ARRAY",
        Json::Object(_) => "START_OBJECT",
        Json::Null => "VALUE_NULL",
    };
    bad_request(
        "JSON_PARSER_ERROR",
        format!(
            "Cannot deserialize instance of {} from {kind} value {json} or request may be missing a required field",
            field.field_type.describe_name()
        ),
    )
}

/// Checks an email address the way Salesforce's field validation does, roughly: one `@`, a
/// non-empty local part, and a domain with a dot and no spaces.
fn valid_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(char::is_whitespace)
}

fn convert_value(store: &Store, field: &'static FieldDef, json: &Json) -> Result<Value, RestError> {
    if json.is_null() {
        return Ok(Value::Null);
    }
    let mismatch = || type_error(field, json);
    match field.field_type {
        FieldType::Boolean => json.as_bool().map(Value::Bool).ok_or_else(mismatch),
        FieldType::Currency | FieldType::Double | FieldType::Percent | FieldType::Int => {
            let text = match json {
                Json::Number(number) => number.to_string(),
                Json::String(text) => text.clone(),
                _ => return Err(mismatch()),
            };
            let number = Decimal::from_str(&text)
                .or_else(|_| Decimal::from_scientific(&text))
                .map_err(|_| mismatch())?;
            Ok(Value::Number(number))
        }
        FieldType::Date => {
            let text = json.as_str().ok_or_else(mismatch)?;
            match parse_date_literal(text) {
                Some(TokenKind::Date(date)) => Ok(Value::Date(date)),
                _ => Err(mismatch()),
            }
        }
        FieldType::DateTime => {
            let text = json.as_str().ok_or_else(mismatch)?;
            match parse_date_literal(text) {
                Some(TokenKind::DateTime(moment)) => Ok(Value::DateTime(moment)),
                _ => Err(mismatch()),
            }
        }
        FieldType::Id | FieldType::Reference => {
            let text = json.as_str().ok_or_else(mismatch)?;
            reference(store, field, text)
        }
        FieldType::Email => {
            let text = json.as_str().ok_or_else(mismatch)?;
            if !valid_email(text) {
                return Err(bad_request(
                    "INVALID_EMAIL_ADDRESS",
                    format!("{}: invalid email address: {text}", field.label),
                )
                .with_fields(vec![field.name.to_owned()]));
            }
            Ok(Value::text(text))
        }
        _ => {
            let text = json.as_str().ok_or_else(mismatch)?;
            if field.length > 0 && text.chars().count() > field.length as usize {
                return Err(bad_request(
                    "STRING_TOO_LONG",
                    format!(
                        "{}: data value too large: {text} (max length={})",
                        field.label, field.length
                    ),
                )
                .with_fields(vec![field.name.to_owned()]));
            }
            Ok(Value::text(text))
        }
    }
}

/// Checks a reference: the id must be well formed and name a live record of an allowed type.
fn reference(store: &Store, field: &'static FieldDef, text: &str) -> Result<Value, RestError> {
    let Some(id) = ids::normalize(text) else {
        return Err(bad_request(
            "MALFORMED_ID",
            format!("{}: id value of incorrect type: {text}", field.label),
        )
        .with_fields(vec![field.name.to_owned()]));
    };
    let target_ok = store
        .get(&id)
        .filter(|record| !record.deleted)
        .is_some_and(|record| field.reference_to.contains(&record.object));
    if !target_ok {
        return Err(bad_request(
            "INVALID_CROSS_REFERENCE_KEY",
            "invalid cross reference id".to_owned(),
        )
        .with_fields(vec![field.name.to_owned()]));
    }
    Ok(Value::Text(id))
}

/// Fails with `REQUIRED_FIELD_MISSING` when a required field has no value.
pub fn check_required(
    object: &'static ObjectDef,
    values: &HashMap<&'static str, Value>,
) -> Result<(), RestError> {
    let missing: Vec<String> = object
        .fields
        .iter()
        .filter(|field| !field.nillable && field.createable && field.name != "OwnerId")
        .filter(|field| values.get(field.name).is_none_or(Value::is_null))
        .map(|field| field.name.to_owned())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(bad_request(
        "REQUIRED_FIELD_MISSING",
        format!("Required fields are missing: [{}]", missing.join(", ")),
    )
    .with_fields(missing))
}

/// Fills the fields Salesforce derives from others (full names, closed flags) and the defaults
/// of required picklists.
pub fn derive(object: &'static ObjectDef, values: &mut HashMap<&'static str, Value>) {
    let defaults: &[(&'static str, &str)] = match object.name {
        "Task" => &[("Status", "Not Started"), ("Priority", "Normal")],
        "Lead" => &[("Status", "Open - Not Contacted")],
        _ => &[],
    };
    for (name, default) in defaults {
        if values.get(name).is_none_or(Value::is_null) {
            values.insert(name, Value::text(*default));
        }
    }
    let text = |values: &HashMap<&'static str, Value>, name: &str| {
        values
            .get(name)
            .and_then(|value| value.as_text().map(str::to_owned))
    };
    match object.name {
        "Contact" | "Lead" | "User" => {
            let first = text(values, "FirstName");
            let last = text(values, "LastName").unwrap_or_default();
            let name = match first {
                Some(first) if !first.is_empty() => format!("{first} {last}"),
                _ => last,
            };
            values.insert("Name", Value::Text(name));
        }
        "Opportunity" => {
            let stage = text(values, "StageName").unwrap_or_default();
            values.insert("IsClosed", Value::Bool(stage.starts_with("Closed")));
            values.insert("IsWon", Value::Bool(stage == "Closed Won"));
        }
        "Case" => {
            let closed = text(values, "Status").as_deref() == Some("Closed");
            values.insert("IsClosed", Value::Bool(closed));
        }
        "Task" => {
            let closed = text(values, "Status").as_deref() == Some("Completed");
            values.insert("IsClosed", Value::Bool(closed));
        }
        "Event" => {
            values.entry("IsAllDayEvent").or_insert(Value::Bool(false));
        }
        _ => {}
    }
}
