//! Renders query results as a table, with child subqueries as nested tables.

use leptos::prelude::*;

use crate::dto::{Cell, QueryResult};

/// Renders a table whose columns come from the returned records.
#[component]
pub fn ResultTable(result: QueryResult) -> impl IntoView {
    view! {
        <table class="results">
            <thead>
                <tr>
                    {result
                        .columns
                        .iter()
                        .map(|column| view! { <th scope="col">{column.clone()}</th> })
                        .collect_view()}
                </tr>
            </thead>
            <tbody>
                {result
                    .rows
                    .into_iter()
                    .map(|row| {
                        view! {
                            <tr>{row.into_iter().map(|cell| view! { <td>{cell_view(cell)}</td> }).collect_view()}</tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

fn cell_view(cell: Cell) -> AnyView {
    match cell {
        Cell::Null => view! { <span class="null"></span> }.into_any(),
        Cell::Text(text) => text.into_any(),
        Cell::Number(number) => view! { <span class="number">{number}</span> }.into_any(),
        Cell::Boolean(value) => value.to_string().into_any(),
        Cell::Records(child) => {
            // A child relationship pages on its own; the summary tells when only a first page
            // came with the parent.
            // TODO: offer Load more for child pages too, because today only the first child
            // page of each parent is shown.
            let loaded = child.rows.len() as u64;
            let summary = if loaded < child.total_size {
                format!("({}, first {loaded} shown)", child.total_size)
            } else {
                format!("({})", child.total_size)
            };
            view! {
                <details>
                    <summary>{summary}</summary>
                    <ResultTable result=*child/>
                </details>
            }
            .into_any()
        }
    }
}
