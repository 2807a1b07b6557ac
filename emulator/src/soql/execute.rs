//! Running a parsed SELECT against an org's records: filtering, ordering, LIMIT and OFFSET, and
//! shaping each row as the REST API does (attributes first, fields in the order selected, parent
//! relationships nested, child subqueries as nested query results).

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashSet;

use serde_json::{Map, Value as Json, json};
use time::{Date, OffsetDateTime};

use super::aggregate;
use super::ast::{FieldsKind, Operator, Query, SelectItem};
use super::error::{MALFORMED_QUERY, NUMBER_OUTSIDE_VALID_RANGE, SoqlError};
use super::filter::{self, Filter, Scope, Target, Test};
use super::resolve::{self, ResolvedPath};
use crate::data::schema::{ChildRelationship, ObjectDef, SCHEMA};
use crate::data::store::{Record, Store};
use crate::data::value::Value;

/// The maximum number of rows OFFSET may skip.
const MAX_OFFSET: u64 = 2_000;
/// The largest LIMIT allowed with FIELDS(ALL) or FIELDS(CUSTOM).
const FIELDS_LIMIT: u64 = 200;

/// The records and request details a query runs against.
pub struct QueryContext<'a> {
    pub store: &'a Store,
    pub text: &'a str,
    /// Whether deleted rows count, as for `queryAll`.
    pub include_deleted: bool,
    pub now: OffsetDateTime,
    /// The API version of the request, repeated in each record's `attributes.url`.
    pub version: &'a str,
    /// Restricts the queried object's rows to these ids, as a SOSL search does.
    pub only_ids: Option<&'a HashSet<String>>,
}

impl QueryContext<'_> {
    pub fn today(&self) -> Date {
        self.now.date()
    }

    pub fn attributes(&self, record: &Record) -> Json {
        json!({
            "type": record.object,
            "url": format!("/services/data/v{}/sobjects/{}/{}", self.version, record.object, record.id),
        })
    }
}

/// The rows of a query, before paging.
#[derive(Debug)]
pub struct QueryRows {
    pub total_size: usize,
    pub records: Vec<Json>,
}

/// One column of the output.
enum Column {
    Field(ResolvedPath),
    Child(Box<ChildQuery>),
}

/// A compiled child subquery.
struct ChildQuery {
    relationship: &'static ChildRelationship,
    plan: Plan,
}

/// A compiled non-aggregate query.
struct Plan {
    object: &'static ObjectDef,
    columns: Vec<Column>,
    filter: Option<Filter>,
    order: Vec<OrderKey>,
    limit: Option<u64>,
    offset: u64,
}

pub struct OrderKey {
    pub target: Target,
    pub descending: bool,
    pub nulls_last: bool,
}

/// Runs an already parsed query.
pub fn run(context: &QueryContext<'_>, query: &Query) -> Result<QueryRows, SoqlError> {
    let object = resolve::object(context.text, &query.from)?;
    if aggregate::is_aggregate(query) {
        return aggregate::run(context, query, object);
    }
    let plan = compile(context, query, object, None)?;
    // A filter on the row's own Id reads those rows by id instead of scanning the object. The
    // whole filter still runs on them.
    let candidates: Vec<&Record> = match id_candidates(plan.filter.as_ref()) {
        Some(ids) => context.store.records_by_ids(object.name, &ids),
        None => context.store.records(object.name).iter().collect(),
    };
    let candidates = candidates
        .into_iter()
        .filter(|record| context.only_ids.is_none_or(|ids| ids.contains(&record.id)));
    let mut rows = select_rows(context, &plan, candidates);
    apply_window(&mut rows, &plan);
    let records = rows
        .iter()
        .map(|record| project(context, &plan, record))
        .collect::<Vec<_>>();
    Ok(QueryRows {
        total_size: records.len(),
        records,
    })
}

/// Returns the ids that a filter restricts the row's own `Id` to, when it does so at its top
/// level: `Id = '...'` or `Id IN (...)`, alone or as a part of a top-level AND.
fn id_candidates(filter: Option<&Filter>) -> Option<Vec<&str>> {
    match filter? {
        Filter::Test {
            target: Target::Field(path),
            test,
        } if path.steps.is_empty() && path.field.name == "Id" => match test {
            Test::Compare(Operator::Equal, Value::Text(id)) => Some(vec![id.as_str()]),
            Test::In {
                values,
                negated: false,
            } => Some(values.iter().filter_map(Value::as_text).collect()),
            _ => None,
        },
        Filter::And(parts) => parts.iter().find_map(|part| id_candidates(Some(part))),
        _ => None,
    }
}

/// Builds the scope conditions of a query are compiled in.
pub fn scope<'a>(
    context: &'a QueryContext<'a>,
    query: &'a Query,
    object: &'static ObjectDef,
    aggregates_allowed: bool,
    semi_join: &'a dyn Fn(&Query) -> Result<Vec<Value>, SoqlError>,
) -> Scope<'a> {
    Scope {
        text: context.text,
        object,
        alias: query.alias.as_deref(),
        today: context.today(),
        aggregates_allowed,
        semi_join,
    }
}

/// Runs a semi-join subquery and returns the values of its single selected field.
pub fn semi_join(context: &QueryContext<'_>, subquery: &Query) -> Result<Vec<Value>, SoqlError> {
    let object = resolve::object(context.text, &subquery.from)?;
    let [SelectItem::Field(path)] = subquery.select.as_slice() else {
        return Err(SoqlError::at(
            context.text,
            subquery.offset_in_query,
            MALFORMED_QUERY,
            "semi join sub-selects can only select one field",
        ));
    };
    let resolved = resolve::field_path(context.text, object, subquery.alias.as_deref(), path)?;
    let plan = compile(context, subquery, object, None)?;
    let rows = select_rows(context, &plan, context.store.records(object.name).iter());
    Ok(rows
        .iter()
        .map(|record| resolved.value(context.store, record))
        .filter(|value| !value.is_null())
        .collect())
}

fn compile(
    context: &QueryContext<'_>,
    query: &Query,
    object: &'static ObjectDef,
    parent: Option<&'static ObjectDef>,
) -> Result<Plan, SoqlError> {
    let mut columns = Vec::new();
    for item in &query.select {
        match item {
            SelectItem::Field(path) => {
                let resolved =
                    resolve::field_path(context.text, object, query.alias.as_deref(), path)?;
                columns.push(Column::Field(resolved));
            }
            SelectItem::Fields { kind, offset } => {
                let needs_limit = matches!(kind, FieldsKind::All | FieldsKind::Custom);
                if needs_limit && query.limit.is_none_or(|limit| limit > FIELDS_LIMIT) {
                    return Err(SoqlError::at(
                        context.text,
                        *offset,
                        MALFORMED_QUERY,
                        "The SOQL FIELDS function must have a LIMIT of at most 200",
                    ));
                }
                for field in &object.fields {
                    let wanted = match kind {
                        FieldsKind::All => true,
                        FieldsKind::Standard => !field.is_custom(),
                        FieldsKind::Custom => field.is_custom(),
                    };
                    if wanted {
                        columns.push(Column::Field(ResolvedPath {
                            steps: Vec::new(),
                            field,
                            offset: *offset,
                        }));
                    }
                }
            }
            SelectItem::Subquery(subquery) => {
                if parent.is_some() {
                    return Err(SoqlError::at(
                        context.text,
                        subquery.offset_in_query,
                        MALFORMED_QUERY,
                        "unexpected token: SELECT",
                    ));
                }
                let relationship =
                    resolve::child_relationship(context.text, object, &subquery.from)?;
                let child_object = SCHEMA
                    .object(relationship.child_object)
                    .expect("child relationships name objects of the schema");
                let plan = compile(context, subquery, child_object, Some(object))?;
                columns.push(Column::Child(Box::new(ChildQuery { relationship, plan })));
            }
            SelectItem::Aggregate(aggregate) => {
                return Err(SoqlError::at(
                    context.text,
                    aggregate.offset,
                    MALFORMED_QUERY,
                    "Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch",
                ));
            }
        }
    }
    let join = |subquery: &Query| semi_join(context, subquery);
    let scope = scope(context, query, object, false, &join);
    let filter = match &query.where_clause {
        Some(condition) => Some(scope.compile(condition)?),
        None => None,
    };
    let mut order = Vec::new();
    for item in &query.order_by {
        order.push(OrderKey {
            target: scope.target(&item.key)?,
            descending: item.descending,
            nulls_last: item.nulls_last.unwrap_or(false),
        });
    }
    let offset = match query.offset {
        Some((offset, position)) if offset > MAX_OFFSET => {
            return Err(SoqlError::at(
                context.text,
                position,
                NUMBER_OUTSIDE_VALID_RANGE,
                "Maximum SOQL offset allowed is 2000",
            ));
        }
        Some((offset, _)) => offset,
        None => 0,
    };
    Ok(Plan {
        object,
        columns,
        filter,
        order,
        limit: query.limit,
        offset,
    })
}

/// Filters and orders records. Without ORDER BY, rows keep insertion order.
fn select_rows<'a>(
    context: &QueryContext<'_>,
    plan: &Plan,
    records: impl Iterator<Item = &'a Record>,
) -> Vec<&'a Record> {
    let read_field = |record: &'a Record, target: &Target| match target {
        Target::Field(path) => path.value_ref(context.store, record),
        Target::Aggregate { .. } => Cow::Owned(Value::Null),
    };
    let mut rows: Vec<&Record> = records
        .filter(|record| context.include_deleted || !record.deleted)
        .filter(|record| {
            plan.filter
                .as_ref()
                .is_none_or(|filter| filter::evaluate(filter, &|target| read_field(record, target)))
        })
        .collect();
    if !plan.order.is_empty() {
        rows.sort_by(|left, right| {
            compare_rows(&plan.order, &|target| read_field(left, target), &|target| {
                read_field(right, target)
            })
        });
    }
    rows
}

/// Compares two rows by ORDER BY keys. Nulls sort first unless NULLS LAST is given, whatever the
/// direction.
/// NOTE: Salesforce documents nulls first as the default; whether DESC flips that is unconfirmed.
pub fn compare_rows<'v>(
    order: &[OrderKey],
    left: &dyn Fn(&Target) -> Cow<'v, Value>,
    right: &dyn Fn(&Target) -> Cow<'v, Value>,
) -> Ordering {
    for key in order {
        let left_value = left(&key.target);
        let right_value = right(&key.target);
        let ordering = match (left_value.is_null(), right_value.is_null()) {
            (true, true) => Ordering::Equal,
            (true, false) => {
                if key.nulls_last {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            (false, true) => {
                if key.nulls_last {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            (false, false) => {
                let ordering =
                    filter::compare_values(&left_value, &right_value, key.target.field_type())
                        .unwrap_or(Ordering::Equal);
                if key.descending {
                    ordering.reverse()
                } else {
                    ordering
                }
            }
        };
        if ordering != Ordering::Equal {
            return ordering;
        }
    }
    Ordering::Equal
}

fn apply_window<T>(rows: &mut Vec<T>, plan: &Plan) {
    let offset = (plan.offset as usize).min(rows.len());
    rows.drain(..offset);
    if let Some(limit) = plan.limit {
        rows.truncate(limit as usize);
    }
}

/// Shapes one record: `attributes`, then each column in the order selected.
fn project(context: &QueryContext<'_>, plan: &Plan, record: &Record) -> Json {
    let mut row = Map::new();
    row.insert("attributes".into(), context.attributes(record));
    for column in &plan.columns {
        match column {
            Column::Field(path) => insert_path(context, &mut row, record, path),
            Column::Child(child) => {
                let name = child.relationship.name.to_owned();
                row.insert(name, child_rows(context, child, record));
            }
        }
    }
    Json::Object(row)
}

/// Inserts a field, nesting it under its parent relationships; a missing parent becomes `null`.
fn insert_path(
    context: &QueryContext<'_>,
    row: &mut Map<String, Json>,
    record: &Record,
    path: &ResolvedPath,
) {
    let mut target = row;
    let mut current = record;
    for step in &path.steps {
        let name = step
            .relationship_name
            .expect("path steps are reference fields with a relationship name");
        let parent = current
            .text(step.name)
            .and_then(|id| context.store.get(&id));
        let Some(parent) = parent else {
            target.entry(name.to_owned()).or_insert(Json::Null);
            return;
        };
        let entry = target.entry(name.to_owned()).or_insert_with(|| {
            let mut nested = Map::new();
            nested.insert("attributes".into(), context.attributes(parent));
            Json::Object(nested)
        });
        let Json::Object(nested) = entry else {
            return;
        };
        target = nested;
        current = parent;
    }
    let value = path.value(context.store, record);
    target.insert(
        path.field.name.to_owned(),
        value.to_json(path.field.field_type),
    );
}

/// Runs a child subquery for one parent row: a nested query result, or `null` when empty.
fn child_rows(context: &QueryContext<'_>, child: &ChildQuery, parent: &Record) -> Json {
    let field = child.relationship.field;
    let children = context
        .store
        .records(child.plan.object.name)
        .iter()
        .filter(|record| record.text(field).as_deref() == Some(parent.id.as_str()));
    let mut rows = select_rows(context, &child.plan, children);
    apply_window(&mut rows, &child.plan);
    if rows.is_empty() {
        return Json::Null;
    }
    let records: Vec<Json> = rows
        .iter()
        .map(|record| project(context, &child.plan, record))
        .collect();
    json!({
        "totalSize": records.len(),
        "done": true,
        "records": records,
    })
}
