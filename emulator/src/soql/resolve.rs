//! Resolving SOQL names against the schema: objects, field paths through parent relationships,
//! and child relationships, with Salesforce's INVALID_TYPE and INVALID_FIELD errors.

use std::borrow::Cow;

use crate::data::schema::{ChildRelationship, FieldDef, ObjectDef, SCHEMA};
use crate::data::store::{Record, Store};
use crate::data::value::Value;

use super::ast::{FieldPath, Name};
use super::error::{INVALID_FIELD, INVALID_TYPE, SoqlError};

/// A field path resolved against the schema.
#[derive(Clone, Debug)]
pub struct ResolvedPath {
    /// The reference fields followed from the queried object, in order.
    pub steps: Vec<&'static FieldDef>,
    /// The field read at the end of the path.
    pub field: &'static FieldDef,
    /// The byte offset of the path in the query, for errors.
    pub offset: usize,
}

impl ResolvedPath {
    /// Returns the canonical path, such as `Account.Owner.Name`, used to compare paths.
    pub fn key(&self) -> String {
        let mut names: Vec<&str> = self
            .steps
            .iter()
            .map(|step| step.relationship_name.unwrap_or(step.name))
            .collect();
        names.push(self.field.name);
        names.join(".")
    }

    /// Reads the value at the end of the path; a missing parent anywhere on the way gives null.
    pub fn value(&self, store: &Store, record: &Record) -> Value {
        self.value_ref(store, record).into_owned()
    }

    /// Reads the path's value from a record without copying a stored value.
    pub fn value_ref<'a>(&self, store: &'a Store, record: &'a Record) -> Cow<'a, Value> {
        let mut current = record;
        for step in &self.steps {
            // Steps are reference fields, which records store among their fields.
            let Some(parent_id) = current.fields.get(step.name).and_then(Value::as_text) else {
                return Cow::Owned(Value::Null);
            };
            let Some(parent) = store.get(parent_id) else {
                return Cow::Owned(Value::Null);
            };
            current = parent;
        }
        // The queried object itself has every field resolved against it.
        if self.steps.is_empty() {
            return current.get_ref(self.field.name);
        }
        // A polymorphic parent may be of a type without this field.
        // NOTE: Salesforce resolves polymorphic fields through its `Name` entity, so `What.Name` of a
        // Case would be its CaseNumber; here it is null.
        let has_field = SCHEMA
            .object(current.object)
            .is_some_and(|object| object.field(self.field.name).is_some());
        if has_field {
            current.get_ref(self.field.name)
        } else {
            Cow::Owned(Value::Null)
        }
    }
}

/// Finds the queried object, or fails with Salesforce's INVALID_TYPE error.
pub fn object(query: &str, name: &Name) -> Result<&'static ObjectDef, SoqlError> {
    SCHEMA.object(&name.text).ok_or_else(|| {
        SoqlError::at(
            query,
            name.offset,
            INVALID_TYPE,
            &format!(
                "sObject type '{}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.",
                name.text
            ),
        )
    })
}

/// Finds a child relationship named in a subquery's FROM.
pub fn child_relationship(
    query: &str,
    parent: &'static ObjectDef,
    name: &Name,
) -> Result<&'static ChildRelationship, SoqlError> {
    parent.child_relationship(&name.text).ok_or_else(|| {
        SoqlError::at(
            query,
            name.offset,
            INVALID_TYPE,
            &format!(
                "Didn't understand relationship '{}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.",
                name.text
            ),
        )
    })
}

/// Resolves a field path from `object`. A leading alias of the FROM object is skipped.
pub fn field_path(
    query: &str,
    object: &'static ObjectDef,
    alias: Option<&str>,
    path: &FieldPath,
) -> Result<ResolvedPath, SoqlError> {
    let mut parts: &[Name] = &path.parts;
    if parts.len() > 1 && alias.is_some_and(|alias| alias.eq_ignore_ascii_case(&parts[0].text)) {
        parts = &parts[1..];
    }
    let (last, relationships) = parts
        .split_last()
        .expect("the parser never produces an empty field path");
    let mut current: Vec<&'static ObjectDef> = vec![object];
    let mut steps = Vec::new();
    for part in relationships {
        let step = current
            .iter()
            .find_map(|candidate| candidate.parent_relationship(&part.text))
            .ok_or_else(|| {
                SoqlError::at(
                    query,
                    path.offset(),
                    INVALID_FIELD,
                    &format!(
                        "Didn't understand relationship '{}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.",
                        part.text
                    ),
                )
            })?;
        steps.push(step);
        current = step
            .reference_to
            .iter()
            .filter_map(|target| SCHEMA.object(target))
            .collect();
    }
    let field = current
        .iter()
        .find_map(|candidate| candidate.field(&last.text))
        .ok_or_else(|| {
            let entity = current.first().map_or(object.name, |candidate| candidate.name);
            SoqlError::at(
                query,
                path.offset(),
                INVALID_FIELD,
                &format!(
                    "No such column '{}' on entity '{}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
                    last.text, entity
                ),
            )
        })?;
    Ok(ResolvedPath {
        steps,
        field,
        offset: path.offset(),
    })
}
