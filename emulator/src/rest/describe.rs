//! Describe resources: the global list of sObjects and one object's fields and relationships.

use axum::http::StatusCode;
use serde_json::{Value as Json, json};

use super::error::RestError;
use super::records::object;
use super::reply::Reply;
use crate::data::schema::{FieldDef, FieldType, ObjectDef, SCHEMA};

fn urls(version: &str, object: &ObjectDef) -> Json {
    let base = format!("/services/data/v{version}/sobjects/{}", object.name);
    json!({
        "sobject": base,
        "describe": format!("{base}/describe"),
        "rowTemplate": format!("{base}/{{ID}}"),
    })
}

/// The summary of an object that the global describe lists.
fn summary(version: &str, object: &ObjectDef) -> Json {
    let writable = object.name != "User";
    json!({
        "activateable": false,
        "createable": true,
        "custom": object.is_custom(),
        "customSetting": false,
        "deletable": writable,
        "deprecatedAndHidden": false,
        "feedEnabled": !object.is_custom(),
        "keyPrefix": object.key_prefix,
        "label": object.label,
        "labelPlural": object.label_plural,
        "layoutable": true,
        "mergeable": matches!(object.name, "Account" | "Contact" | "Lead" | "Case"),
        "mruEnabled": true,
        "name": object.name,
        "queryable": true,
        "replicateable": true,
        "retrieveable": true,
        "searchable": true,
        "triggerable": true,
        "undeletable": writable,
        "updateable": true,
        "urls": urls(version, object),
    })
}

/// Handles `GET /sobjects/`.
pub fn global(version: &str) -> Reply {
    let objects: Vec<Json> = SCHEMA
        .objects
        .iter()
        .map(|object| summary(version, object))
        .collect();
    Reply::json(
        StatusCode::OK,
        json!({"encoding": "UTF-8", "maxBatchSize": 200, "sobjects": objects}),
    )
}

/// Handles `GET /sobjects/{Object}/`: the summary and the recently viewed records (none here).
pub fn basic(version: &str, object_name: &str) -> Result<Reply, RestError> {
    let object = object(object_name)?;
    Ok(Reply::json(
        StatusCode::OK,
        json!({"objectDescribe": summary(version, object), "recentItems": []}),
    ))
}

fn field_json(field: &FieldDef) -> Json {
    let numeric = field.field_type.is_numeric() && field.field_type != FieldType::Int;
    let (precision, scale) = if numeric { (18, 2) } else { (0, 0) };
    let picklist: Vec<Json> = field
        .picklist_values
        .iter()
        .map(|value| json!({"active": true, "defaultValue": false, "label": value, "validFor": null, "value": value}))
        .collect();
    let byte_length = if field.field_type.is_textual() || field.field_type.is_id() {
        field.length * 3
    } else {
        0
    };
    json!({
        "aggregatable": field.field_type != FieldType::Textarea,
        "autoNumber": false,
        "byteLength": byte_length,
        "calculated": false,
        "caseSensitive": false,
        "createable": field.createable,
        "custom": field.is_custom(),
        "defaultValue": null,
        "defaultedOnCreate": field.is_system() || field.name == "OwnerId",
        "digits": if field.field_type == FieldType::Int { 9 } else { 0 },
        "externalId": field.external_id,
        "filterable": field.field_type != FieldType::Textarea,
        "groupable": !matches!(field.field_type, FieldType::Textarea | FieldType::Double | FieldType::Currency | FieldType::Percent | FieldType::DateTime),
        "idLookup": field.name == "Id" || field.external_id,
        "label": field.label,
        "length": if field.field_type.is_textual() || field.field_type.is_id() { field.length } else { 0 },
        "name": field.name,
        "nameField": field.name == "Name",
        "nillable": field.nillable,
        "picklistValues": picklist,
        "precision": precision,
        "referenceTo": field.reference_to,
        "relationshipName": field.relationship_name,
        "scale": scale,
        "soapType": field.field_type.soap_type(),
        "sortable": field.field_type != FieldType::Textarea,
        "type": field.field_type.describe_name(),
        "unique": field.unique || field.name == "Id",
        "updateable": field.updateable,
    })
}

/// Handles `GET /sobjects/{Object}/describe/`.
pub fn describe(version: &str, object_name: &str) -> Result<Reply, RestError> {
    let object = object(object_name)?;
    let mut body = summary(version, object);
    let fields: Vec<Json> = object.fields.iter().map(field_json).collect();
    let children: Vec<Json> = object
        .child_relationships
        .iter()
        .map(|child| {
            json!({
                "cascadeDelete": false,
                "childSObject": child.child_object,
                "deprecatedAndHidden": false,
                "field": child.field,
                "junctionIdListNames": [],
                "junctionReferenceTo": [],
                "relationshipName": child.name,
                "restrictedDelete": false,
            })
        })
        .collect();
    body["fields"] = Json::Array(fields);
    body["childRelationships"] = Json::Array(children);
    Ok(Reply::json(StatusCode::OK, body))
}
