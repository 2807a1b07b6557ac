//! Aggregate queries: `COUNT()`, and aggregate functions with GROUP BY and HAVING. Unaliased
//! aggregates are named `expr0`, `expr1`, ...; grouped fields by their last name.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashSet;

use rust_decimal::Decimal;
use serde_json::{Map, Value as Json, json};

use super::ast::{AggregateFunction, Query, SelectItem};
use super::error::{MALFORMED_QUERY, SoqlError};
use super::execute::{OrderKey, QueryContext, QueryRows, compare_rows, scope, semi_join};
use super::filter::{self, Target};
use super::resolve::{self, ResolvedPath};
use crate::data::schema::{FieldType, ObjectDef};
use crate::data::store::Record;
use crate::data::value::{Value, number_to_json};

/// Checks whether a query aggregates: any aggregate in SELECT, or a GROUP BY.
pub fn is_aggregate(query: &Query) -> bool {
    !query.group_by.is_empty()
        || query
            .select
            .iter()
            .any(|item| matches!(item, SelectItem::Aggregate(_)))
}

/// One output column of an aggregate query.
enum Column {
    Grouped {
        name: &'static str,
        index: usize,
        field_type: FieldType,
    },
    Aggregate {
        name: String,
        target: Target,
    },
}

/// Runs an aggregate query.
pub fn run(
    context: &QueryContext<'_>,
    query: &Query,
    object: &'static ObjectDef,
) -> Result<QueryRows, SoqlError> {
    let join = |subquery: &Query| semi_join(context, subquery);
    let where_scope = scope(context, query, object, false, &join);
    let having_scope = scope(context, query, object, true, &join);
    let filter = match &query.where_clause {
        Some(condition) => Some(where_scope.compile(condition)?),
        None => None,
    };
    let rows: Vec<&Record> = context
        .store
        .records(object.name)
        .iter()
        .filter(|record| context.include_deleted || !record.deleted)
        .filter(|record| {
            filter.as_ref().is_none_or(|filter| {
                filter::evaluate(filter, &|target| match target {
                    Target::Field(path) => path.value_ref(context.store, record),
                    Target::Aggregate { .. } => Cow::Owned(Value::Null),
                })
            })
        })
        .collect();

    // `SELECT COUNT() FROM ...` returns only a count: totalSize and no records.
    if let [SelectItem::Aggregate(aggregate)] = query.select.as_slice()
        && aggregate.function == AggregateFunction::Count
        && aggregate.argument.is_none()
        && query.group_by.is_empty()
    {
        let count = query
            .limit
            .map_or(rows.len(), |limit| rows.len().min(limit as usize));
        return Ok(QueryRows {
            total_size: count,
            records: Vec::new(),
        });
    }

    let grouped: Vec<ResolvedPath> = query
        .group_by
        .iter()
        .map(|path| resolve::field_path(context.text, object, query.alias.as_deref(), path))
        .collect::<Result<_, _>>()?;
    let columns = columns(context, query, object, &grouped)?;

    let mut groups: Vec<(Vec<Value>, Vec<&Record>)> = Vec::new();
    for record in rows {
        let key: Vec<Value> = grouped
            .iter()
            .map(|path| path.value(context.store, record))
            .collect();
        match groups
            .iter_mut()
            .find(|(existing, _)| same_key(existing, &key, &grouped))
        {
            Some((_, members)) => members.push(record),
            None => groups.push((key, vec![record])),
        }
    }
    // Without GROUP BY, the whole result is one group, even when no row matched.
    if grouped.is_empty() && groups.is_empty() {
        groups.push((Vec::new(), Vec::new()));
    }

    let read = |group: &(Vec<Value>, Vec<&Record>), target: &Target| -> Value {
        match target {
            Target::Field(path) => grouped
                .iter()
                .position(|candidate| candidate.key() == path.key())
                .map_or(Value::Null, |index| group.0[index].clone()),
            Target::Aggregate { function, argument } => {
                compute(context, *function, argument.as_ref(), &group.1)
            }
        }
    };
    if let Some(condition) = &query.having {
        let having = having_scope.compile(condition)?;
        groups.retain(|group| filter::evaluate(&having, &|target| Cow::Owned(read(group, target))));
    }
    if !query.order_by.is_empty() {
        let mut order = Vec::new();
        for item in &query.order_by {
            order.push(OrderKey {
                target: having_scope.target(&item.key)?,
                descending: item.descending,
                nulls_last: item.nulls_last.unwrap_or(false),
            });
        }
        groups.sort_by(|left, right| {
            compare_rows(
                &order,
                &|target| Cow::Owned(read(left, target)),
                &|target| Cow::Owned(read(right, target)),
            )
        });
    }
    let offset = query
        .offset
        .map_or(0, |(offset, _)| offset as usize)
        .min(groups.len());
    groups.drain(..offset);
    if let Some(limit) = query.limit {
        groups.truncate(limit as usize);
    }

    let records: Vec<Json> = groups
        .iter()
        .map(|group| {
            let mut row = Map::new();
            row.insert("attributes".into(), json!({"type": "AggregateResult"}));
            for column in &columns {
                match column {
                    Column::Grouped {
                        name,
                        index,
                        field_type,
                    } => {
                        row.insert((*name).to_owned(), group.0[*index].to_json(*field_type));
                    }
                    Column::Aggregate { name, target } => {
                        let value = read(group, target);
                        row.insert(name.clone(), aggregate_json(&value, target.field_type()));
                    }
                }
            }
            Json::Object(row)
        })
        .collect();
    Ok(QueryRows {
        total_size: records.len(),
        records,
    })
}

fn same_key(left: &[Value], right: &[Value], grouped: &[ResolvedPath]) -> bool {
    left.iter()
        .zip(right)
        .zip(grouped)
        .all(
            |((left, right), path)| match (left.is_null(), right.is_null()) {
                (true, true) => true,
                (false, false) => {
                    filter::compare_values(left, right, path.field.field_type)
                        == Some(Ordering::Equal)
                }
                _ => false,
            },
        )
}

fn columns(
    context: &QueryContext<'_>,
    query: &Query,
    object: &'static ObjectDef,
    grouped: &[ResolvedPath],
) -> Result<Vec<Column>, SoqlError> {
    let mut columns = Vec::new();
    let mut unnamed = 0;
    for item in &query.select {
        match item {
            SelectItem::Field(path) => {
                let resolved =
                    resolve::field_path(context.text, object, query.alias.as_deref(), path)?;
                let index = grouped
                    .iter()
                    .position(|candidate| candidate.key() == resolved.key())
                    .ok_or_else(|| {
                        SoqlError::at(
                            context.text,
                            path.offset(),
                            MALFORMED_QUERY,
                            &format!(
                                "Field must be grouped or aggregated: {}",
                                resolved.field.name
                            ),
                        )
                    })?;
                columns.push(Column::Grouped {
                    name: resolved.field.name,
                    index,
                    field_type: resolved.field.field_type,
                });
            }
            SelectItem::Aggregate(aggregate) => {
                if aggregate.argument.is_none() {
                    return Err(SoqlError::at(
                        context.text,
                        aggregate.offset,
                        MALFORMED_QUERY,
                        "COUNT() and COUNT(fieldName) cannot be used together with other fields; use COUNT(fieldName)",
                    ));
                }
                let join = |subquery: &Query| semi_join(context, subquery);
                let target = scope(context, query, object, true, &join).aggregate(aggregate)?;
                let name = match &aggregate.alias {
                    Some(alias) => alias.clone(),
                    None => {
                        let name = format!("expr{unnamed}");
                        unnamed += 1;
                        name
                    }
                };
                columns.push(Column::Aggregate { name, target });
            }
            SelectItem::Fields { offset, .. } => {
                return Err(SoqlError::at(
                    context.text,
                    *offset,
                    MALFORMED_QUERY,
                    "FIELDS() is not supported in aggregate queries",
                ));
            }
            SelectItem::Subquery(subquery) => {
                return Err(SoqlError::at(
                    context.text,
                    subquery.offset_in_query,
                    MALFORMED_QUERY,
                    "Nested queries are not supported in aggregate queries",
                ));
            }
        }
    }
    Ok(columns)
}

/// Computes one aggregate over a group's records.
fn compute(
    context: &QueryContext<'_>,
    function: AggregateFunction,
    argument: Option<&ResolvedPath>,
    records: &[&Record],
) -> Value {
    let Some(path) = argument else {
        return Value::Number(Decimal::from(records.len()));
    };
    let values: Vec<Value> = records
        .iter()
        .map(|record| path.value(context.store, record))
        .filter(|value| !value.is_null())
        .collect();
    let field_type = path.field.field_type;
    match function {
        AggregateFunction::Count => Value::Number(Decimal::from(values.len())),
        AggregateFunction::CountDistinct => {
            let distinct: HashSet<String> = values
                .iter()
                .map(|value| format!("{value:?}").to_lowercase())
                .collect();
            Value::Number(Decimal::from(distinct.len()))
        }
        AggregateFunction::Sum | AggregateFunction::Avg => {
            let numbers: Vec<Decimal> = values
                .iter()
                .filter_map(|value| match value {
                    Value::Number(number) => Some(*number),
                    _ => None,
                })
                .collect();
            if numbers.is_empty() {
                return Value::Null;
            }
            let sum: Decimal = numbers.iter().sum();
            if function == AggregateFunction::Sum {
                Value::Number(sum)
            } else {
                Value::Number(sum / Decimal::from(numbers.len()))
            }
        }
        AggregateFunction::Min | AggregateFunction::Max => {
            let mut best: Option<Value> = None;
            for value in values {
                let better = match &best {
                    None => true,
                    Some(current) => {
                        let ordering = filter::compare_values(&value, current, field_type);
                        if function == AggregateFunction::Min {
                            ordering == Some(Ordering::Less)
                        } else {
                            ordering == Some(Ordering::Greater)
                        }
                    }
                };
                if better {
                    best = Some(value);
                }
            }
            best.unwrap_or(Value::Null)
        }
    }
}

fn aggregate_json(value: &Value, field_type: FieldType) -> Json {
    match value {
        Value::Number(number) => number_to_json(*number, field_type),
        other => other.to_json(field_type),
    }
}
