//! In-memory record storage of one org: records by object, an id index, and the recycle bin flag.

use std::borrow::Cow;
use std::collections::HashMap;

use time::OffsetDateTime;

use super::schema::{ObjectDef, SCHEMA};
use super::value::Value;
use crate::ids::salesforce_id;

/// One stored record. Field keys are the schema's canonical field names.
#[derive(Clone, Debug)]
pub struct Record {
    pub id: String,
    pub object: &'static str,
    pub fields: HashMap<&'static str, Value>,
    /// Whether the record sits in the recycle bin: `query` skips it, `queryAll` returns it.
    pub deleted: bool,
}

static NULL: Value = Value::Null;

impl Record {
    /// Returns a field's value, computing `Id` and `IsDeleted` from the record itself.
    pub fn get(&self, field: &str) -> Value {
        self.get_ref(field).into_owned()
    }

    /// Returns a field's value without copying a stored one.
    pub fn get_ref(&self, field: &str) -> Cow<'_, Value> {
        match field {
            "Id" => Cow::Owned(Value::Text(self.id.clone())),
            "IsDeleted" => Cow::Owned(Value::Bool(self.deleted)),
            _ => Cow::Borrowed(self.fields.get(field).unwrap_or(&NULL)),
        }
    }

    pub fn text(&self, field: &str) -> Option<String> {
        match self.get(field) {
            Value::Text(text) => Some(text),
            _ => None,
        }
    }
}

/// All records of one org.
#[derive(Clone, Debug)]
pub struct Store {
    pod: char,
    records: HashMap<&'static str, Vec<Record>>,
    index: HashMap<String, (&'static str, usize)>,
    counters: HashMap<&'static str, u64>,
}

impl Store {
    /// Creates an empty store whose ids carry the org's `pod` character.
    pub fn new(pod: char) -> Self {
        Self {
            pod,
            records: HashMap::new(),
            index: HashMap::new(),
            counters: HashMap::new(),
        }
    }

    /// Allocates the next id of an object, deterministic for a given insertion order.
    pub fn next_id(&mut self, object: &ObjectDef) -> String {
        let counter = self.counters.entry(object.name).or_insert(0);
        *counter += 1;
        salesforce_id(object.key_prefix, self.pod, *counter)
    }

    /// Stores a record under a fresh id and returns the id.
    pub fn insert(&mut self, object: &ObjectDef, fields: HashMap<&'static str, Value>) -> String {
        let id = self.next_id(object);
        self.insert_with_id(object, id.clone(), fields);
        id
    }

    pub fn insert_with_id(
        &mut self,
        object: &ObjectDef,
        id: String,
        fields: HashMap<&'static str, Value>,
    ) {
        let list = self.records.entry(object.name).or_default();
        self.index.insert(id.clone(), (object.name, list.len()));
        list.push(Record {
            id,
            object: object.name,
            fields,
            deleted: false,
        });
    }

    /// Returns every record of an object, deleted ones included, in insertion order.
    pub fn records(&self, object: &str) -> &[Record] {
        self.records.get(object).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Finds a record by its 18-character id, deleted or not.
    pub fn get(&self, id: &str) -> Option<&Record> {
        let (object, position) = self.index.get(id)?;
        self.records.get(object)?.get(*position)
    }

    /// Finds the records of `object` with the given ids, deleted or not, in insertion order and
    /// each once. Ids of other objects and unknown ids are skipped.
    pub fn records_by_ids(&self, object: &str, ids: &[&str]) -> Vec<&Record> {
        let mut positions: Vec<usize> = ids
            .iter()
            .filter_map(|id| self.index.get(*id))
            .filter(|(owner, _)| *owner == object)
            .map(|(_, position)| *position)
            .collect();
        positions.sort_unstable();
        positions.dedup();
        let list = self.records(object);
        positions
            .into_iter()
            .filter_map(|position| list.get(position))
            .collect()
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Record> {
        let (object, position) = self.index.get(id)?;
        self.records.get_mut(object)?.get_mut(*position)
    }

    /// Moves a record to the recycle bin and stamps it as modified.
    pub fn delete(&mut self, id: &str, now: OffsetDateTime) -> bool {
        match self.get_mut(id) {
            Some(record) if !record.deleted => {
                record.deleted = true;
                record.fields.insert("SystemModstamp", Value::DateTime(now));
                true
            }
            _ => false,
        }
    }

    /// Finds the schema object of a stored id.
    pub fn object_of(&self, id: &str) -> Option<&'static ObjectDef> {
        let (object, _) = self.index.get(id)?;
        SCHEMA.object(object)
    }
}
