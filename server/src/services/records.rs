//! Flattens Salesforce query records into table columns and cells.
//!
//! Parent relationships become dotted columns (`Account.Name`); child subqueries become nested
//! tables; `attributes` never becomes a column. Numbers keep their exact text.

use app::dto::{Cell, QueryResult};
use serde_json::{Map, Value};

use crate::salesforce::QueryPage;

/// Builds the table of one query page.
pub fn query_result(page: &QueryPage) -> QueryResult {
    table(page.total_size, page.done, page.next_records_url.clone(), &page.records)
}

fn table(total_size: u64, done: bool, next_records_url: Option<String>, records: &[Value]) -> QueryResult {
    let mut columns: Vec<String> = Vec::new();
    let flattened: Vec<Vec<(String, Cell)>> = records
        .iter()
        .map(|record| {
            let mut cells = Vec::new();
            if let Value::Object(fields) = record {
                flatten("", fields, &mut cells);
            }
            for (column, _) in &cells {
                if !columns.contains(column) {
                    columns.push(column.clone());
                }
            }
            cells
        })
        .collect();
    let rows = flattened
        .into_iter()
        .map(|mut cells| {
            columns
                .iter()
                .map(|column| match cells.iter().position(|(name, _)| name == column) {
                    Some(index) => cells.swap_remove(index).1,
                    None => Cell::Null,
                })
                .collect()
        })
        .collect::<Vec<Vec<Cell>>>();
    let rows = empty_children_as_tables(rows, columns.len());
    QueryResult { total_size, done, columns, rows, next_records_url }
}

/// Salesforce sends `null` for a child relationship without rows. In a column that contains child
/// tables elsewhere, such a `null` becomes an empty table, so the page shows "(0)".
fn empty_children_as_tables(mut rows: Vec<Vec<Cell>>, width: usize) -> Vec<Vec<Cell>> {
    for column in 0..width {
        let holds_children = rows.iter().any(|row| matches!(row.get(column), Some(Cell::Records(_))));
        if !holds_children {
            continue;
        }
        for row in &mut rows {
            if let Some(cell @ Cell::Null) = row.get_mut(column) {
                *cell = Cell::Records(Box::new(QueryResult {
                    total_size: 0,
                    done: true,
                    columns: Vec::new(),
                    rows: Vec::new(),
                    next_records_url: None,
                }));
            }
        }
    }
    rows
}

fn flatten(prefix: &str, fields: &Map<String, Value>, cells: &mut Vec<(String, Cell)>) {
    for (name, value) in fields {
        if name == "attributes" {
            continue;
        }
        let column = format!("{prefix}{name}");
        match value {
            Value::Object(child) if is_query_result(child) => {
                cells.push((column, Cell::Records(Box::new(child_table(child)))));
            }
            Value::Object(parent) => flatten(&format!("{column}."), parent, cells),
            Value::Null => cells.push((column, Cell::Null)),
            Value::Bool(value) => cells.push((column, Cell::Boolean(*value))),
            Value::Number(number) => cells.push((column, Cell::Number(number.to_string()))),
            Value::String(text) => cells.push((column, Cell::Text(text.clone()))),
            Value::Array(_) => cells.push((column, Cell::Text(value.to_string()))),
        }
    }
}

/// A child subquery's value: `{totalSize, done, records, nextRecordsUrl?}`.
fn is_query_result(object: &Map<String, Value>) -> bool {
    object.contains_key("records") && object.contains_key("totalSize")
}

fn child_table(object: &Map<String, Value>) -> QueryResult {
    let records = object.get("records").and_then(Value::as_array).cloned().unwrap_or_default();
    let total_size = object.get("totalSize").and_then(Value::as_u64).unwrap_or(records.len() as u64);
    let done = object.get("done").and_then(Value::as_bool).unwrap_or(true);
    let next = object.get("nextRecordsUrl").and_then(Value::as_str).map(str::to_string);
    table(total_size, done, next, &records)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(records: Value) -> QueryPage {
        let records = records.as_array().expect("records are an array").clone();
        QueryPage {
            total_size: records.len() as u64,
            done: true,
            next_records_url: None,
            records,
            api_usage: None,
        }
    }

    #[test]
    fn attributes_never_become_columns() {
        let result = query_result(&page(serde_json::json!([
            {"attributes": {"type": "Account", "url": "/x"}, "Id": "001", "Name": "Acme"}
        ])));
        assert_eq!(result.columns, vec!["Id", "Name"]);
    }

    #[test]
    fn parent_fields_become_dotted_columns() {
        let result = query_result(&page(serde_json::json!([
            {"attributes": {}, "Name": "Jane", "Account": {"attributes": {}, "Name": "Acme"}},
            {"attributes": {}, "Name": "Joe", "Account": null}
        ])));
        assert_eq!(result.columns, vec!["Name", "Account.Name", "Account"]);
        assert_eq!(result.rows[0][1], Cell::Text("Acme".to_string()));
        assert_eq!(result.rows[1][1], Cell::Null);
    }

    #[test]
    fn child_subquery_becomes_nested_table() {
        let result = query_result(&page(serde_json::json!([
            {"attributes": {}, "Id": "001A", "Contacts": {"totalSize": 2, "done": true, "records": [
                {"attributes": {}, "Id": "003A"}, {"attributes": {}, "Id": "003B"}]}},
            {"attributes": {}, "Id": "001B", "Contacts": null}
        ])));
        assert_eq!(result.columns, vec!["Id", "Contacts"]);
        let Cell::Records(child) = &result.rows[0][1] else { panic!("expected nested records") };
        assert_eq!(child.total_size, 2);
        assert_eq!(child.columns, vec!["Id"]);
        let Cell::Records(empty) = &result.rows[1][1] else { panic!("expected an empty table") };
        assert_eq!(empty.total_size, 0);
    }

    #[test]
    fn numbers_keep_exact_digits() {
        let records: Value =
            serde_json::from_str(r#"[{"attributes": {}, "Amount": 12345678901234567.89}]"#)
                .expect("valid JSON");
        let result = query_result(&page(records));
        assert_eq!(result.rows[0][0], Cell::Number("12345678901234567.89".to_string()));
    }
}
