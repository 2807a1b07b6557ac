//! The sObject record resources: create, read, update, delete, and upsert by external ID.

use std::collections::HashMap;

use axum::http::StatusCode;
use serde_json::{Map, Value as Json, json};
use time::OffsetDateTime;

use super::error::RestError;
use super::fields::{self, Write, check_required, convert, derive};
use super::reply::Reply;
use crate::data::schema::{ObjectDef, SCHEMA};
use crate::data::store::Record;
use crate::data::value::Value;
use crate::ids;
use crate::org::Org;

/// The user who writes and the API version of the request.
pub struct Caller<'a> {
    pub user_id: &'a str,
    pub version: &'a str,
}

pub fn object(name: &str) -> Result<&'static ObjectDef, RestError> {
    SCHEMA.object(name).ok_or_else(RestError::not_found)
}

fn record_url(version: &str, object: &str, id: &str) -> String {
    format!("/services/data/v{version}/sobjects/{object}/{id}")
}

fn save_result(id: &str) -> Json {
    json!({"id": id, "success": true, "errors": []})
}

/// Stamps audit fields on a write.
fn stamp(
    values: &mut HashMap<&'static str, Value>,
    user_id: &str,
    now: OffsetDateTime,
    created: bool,
) {
    if created {
        values.insert("CreatedDate", Value::DateTime(now));
        values.insert("CreatedById", Value::text(user_id));
        values
            .entry("OwnerId")
            .or_insert_with(|| Value::text(user_id));
    }
    values.insert("LastModifiedDate", Value::DateTime(now));
    values.insert("LastModifiedById", Value::text(user_id));
    values.insert("SystemModstamp", Value::DateTime(now));
}

/// Handles `POST /sobjects/{Object}`: 201 with `{"id", "success", "errors"}`.
pub fn create(
    org: &mut Org,
    caller: &Caller<'_>,
    object_name: &str,
    body: &[u8],
) -> Result<Reply, RestError> {
    let object = object(object_name)?;
    let body = fields::parse_body(body)?;
    let id = insert(org, caller, object, &body)?;
    let mut reply = Reply::json(StatusCode::CREATED, save_result(&id));
    reply.location = Some(record_url(caller.version, object.name, &id));
    Ok(reply)
}

fn insert(
    org: &mut Org,
    caller: &Caller<'_>,
    object: &'static ObjectDef,
    body: &Map<String, Json>,
) -> Result<String, RestError> {
    let mut values = convert(&org.store, object, body, Write::Create)?;
    derive(object, &mut values);
    check_required(object, &values)?;
    if object.name == "Case" {
        values.insert(
            "CaseNumber",
            Value::text(format!("{:08}", org.next_case_number)),
        );
        org.next_case_number += 1;
    }
    stamp(&mut values, caller.user_id, OffsetDateTime::now_utc(), true);
    Ok(org.store.insert(object, values))
}

/// Finds a live record of an object by a 15- or 18-character id.
fn live_record<'a>(
    org: &'a Org,
    object: &'static ObjectDef,
    id: &str,
) -> Result<&'a Record, RestError> {
    let record = ids::normalize(id)
        .and_then(|id| org.store.get(&id))
        .filter(|record| record.object == object.name)
        .ok_or_else(|| not_found_id(id))?;
    if record.deleted {
        return Err(RestError::new(
            StatusCode::NOT_FOUND,
            "ENTITY_IS_DELETED",
            "entity is deleted",
        ));
    }
    Ok(record)
}

/// Builds the error for a path segment that names no record. Salesforce reads such a segment as
/// an external ID field name, hence the wording.
fn not_found_id(id: &str) -> RestError {
    RestError::new(
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
        format!("Provided external ID field does not exist or is not accessible: {id}"),
    )
}

/// Handles `GET /sobjects/{Object}/{Id}[?fields=A,B]`: the record with `attributes` first.
pub fn read(
    org: &Org,
    caller: &Caller<'_>,
    object_name: &str,
    id: &str,
    fields: Option<&str>,
) -> Result<Reply, RestError> {
    let object = object(object_name)?;
    let record = live_record(org, object, id)?;
    let mut row = Map::new();
    row.insert(
        "attributes".into(),
        json!({"type": object.name, "url": record_url(caller.version, object.name, &record.id)}),
    );
    let selected: Vec<&'static crate::data::schema::FieldDef> = match fields {
        Some(list) => {
            let mut selected = Vec::new();
            for name in list
                .split(',')
                .map(str::trim)
                .filter(|name| !name.is_empty())
            {
                let field = object.field(name).ok_or_else(|| {
                    RestError::new(
                        StatusCode::BAD_REQUEST,
                        "INVALID_FIELD",
                        format!("No such column '{name}' on entity '{}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.", object.name),
                    )
                })?;
                selected.push(field);
            }
            selected
        }
        None => object.fields.iter().collect(),
    };
    for field in selected {
        row.insert(
            field.name.to_owned(),
            record.get(field.name).to_json(field.field_type),
        );
    }
    Ok(Reply::json(StatusCode::OK, Json::Object(row)))
}

/// Handles `PATCH /sobjects/{Object}/{Id}`: 204.
pub fn update(
    org: &mut Org,
    caller: &Caller<'_>,
    object_name: &str,
    id: &str,
    body: &[u8],
) -> Result<Reply, RestError> {
    let object = object(object_name)?;
    let id = live_record(org, object, id)?.id.clone();
    let body = fields::parse_body(body)?;
    apply_update(org, caller, object, &id, &body)?;
    Ok(Reply::empty(StatusCode::NO_CONTENT))
}

fn apply_update(
    org: &mut Org,
    caller: &Caller<'_>,
    object: &'static ObjectDef,
    id: &str,
    body: &Map<String, Json>,
) -> Result<(), RestError> {
    let changes = convert(&org.store, object, body, Write::Update)?;
    let record = org
        .store
        .get(id)
        .expect("the caller checked that the record exists");
    let mut merged = record.fields.clone();
    merged.extend(changes);
    derive(object, &mut merged);
    check_required(object, &merged)?;
    stamp(
        &mut merged,
        caller.user_id,
        OffsetDateTime::now_utc(),
        false,
    );
    if let Some(record) = org.store.get_mut(id) {
        record.fields = merged;
    }
    Ok(())
}

/// Handles `DELETE /sobjects/{Object}/{Id}`: 204, and the record moves to the recycle bin.
pub fn delete(org: &mut Org, object_name: &str, id: &str) -> Result<Reply, RestError> {
    let object = object(object_name)?;
    let id = live_record(org, object, id)?.id.clone();
    org.store.delete(&id, OffsetDateTime::now_utc());
    Ok(Reply::empty(StatusCode::NO_CONTENT))
}

/// Handles `PATCH /sobjects/{Object}/{Field}/{Value}`: creates (201, `created: true`), updates
/// (200, `created: false`; 204 before API version 46.0), or lists the matches (300).
pub fn upsert(
    org: &mut Org,
    caller: &Caller<'_>,
    object_name: &str,
    field_name: &str,
    value: &str,
    body: &[u8],
) -> Result<Reply, RestError> {
    let object = object(object_name)?;
    let field = object
        .field(field_name)
        .filter(|field| field.external_id || field.name == "Id")
        .ok_or_else(|| not_found_id(field_name))?;
    let body = fields::parse_body(body)?;
    let matches: Vec<String> = org
        .store
        .records(object.name)
        .iter()
        .filter(|record| !record.deleted)
        .filter(|record| {
            record
                .text(field.name)
                .is_some_and(|stored| stored.eq_ignore_ascii_case(value))
        })
        .map(|record| record.id.clone())
        .collect();
    match matches.as_slice() {
        [] => {
            if field.name == "Id" {
                return Err(not_found_id(value));
            }
            let mut body = body;
            body.insert(field.name.to_owned(), Json::String(value.to_owned()));
            let id = insert(org, caller, object, &body)?;
            let mut result = save_result(&id);
            result["created"] = Json::Bool(true);
            let mut reply = Reply::json(StatusCode::CREATED, result);
            reply.location = Some(record_url(caller.version, object.name, &id));
            Ok(reply)
        }
        [id] => {
            apply_update(org, caller, object, id, &body)?;
            let major: f64 = caller.version.parse().unwrap_or(64.0);
            if major < 46.0 {
                return Ok(Reply::empty(StatusCode::NO_CONTENT));
            }
            let mut result = save_result(id);
            result["created"] = Json::Bool(false);
            Ok(Reply::json(StatusCode::OK, result))
        }
        several => {
            let urls: Vec<Json> = several
                .iter()
                .map(|id| Json::String(record_url(caller.version, object.name, id)))
                .collect();
            Ok(Reply::json(StatusCode::MULTIPLE_CHOICES, Json::Array(urls)))
        }
    }
}
