//! The explorer page at `/environments/{env}/integrations/salesforce/explorer`.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::result_table::ResultTable;
use super::{QueryMore, RunQuery};
use crate::components::{Breadcrumbs, ErrorBox};
use crate::dto::{Cell, QueryResult};
use crate::error::AppError;

/// Renders a SOQL text area, Run, the result table, and Load more for the next pages.
#[component]
pub fn ExplorerPage() -> impl IntoView {
    let params = use_params_map();
    let environment = move || params.read().get("env").unwrap_or_default();
    // Without JavaScript the form is a GET, so a query arrives in the address and runs while
    // the server renders the page.
    let query = use_query_map();
    let typed = query.with_untracked(|query| query.get("soql"));
    let deleted_requested = query.with_untracked(|query| query.get("include_deleted").is_some());
    let soql = RwSignal::new(
        typed.clone().unwrap_or_else(|| "SELECT Id, Name FROM Account ORDER BY Name LIMIT 10".to_string()),
    );
    let include_deleted = RwSignal::new(deleted_requested);
    let initial = Resource::new(
        move || (),
        move |_| {
            let typed = typed.clone();
            let environment = environment();
            async move {
                match typed {
                    Some(text) => Some(super::run_query(environment, text, deleted_requested).await),
                    None => None,
                }
            }
        },
    );
    let run = ServerAction::<RunQuery>::new();
    let more = ServerAction::<QueryMore>::new();
    let result = RwSignal::new(None::<QueryResult>);
    let error = RwSignal::new(None::<AppError>);
    let more_error = RwSignal::new(None::<AppError>);

    Effect::new(move |_| {
        if let Some(outcome) = run.value().get() {
            more_error.set(None);
            match outcome {
                Ok(page) => {
                    error.set(None);
                    result.set(Some(page));
                }
                Err(failure) => {
                    result.set(None);
                    mark_position(&failure);
                    error.set(Some(failure));
                }
            }
        }
    });
    Effect::new(move |_| {
        if let Some(outcome) = more.value().get() {
            match outcome {
                Ok(page) => {
                    more_error.set(None);
                    result.update(|loaded| {
                        if let Some(loaded) = loaded {
                            append_page(loaded, page);
                        }
                    });
                }
                // The rows already loaded stay, and the error reports that the cursor expired.
                Err(failure) => more_error.set(Some(failure)),
            }
        }
    });

    let run_query = move |text: String| {
        run.dispatch(RunQuery {
            environment: environment(),
            soql: text,
            include_deleted: include_deleted.get_untracked(),
        });
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        run_query(soql.get_untracked());
    };
    let load_more = move |_| {
        let next = result.with_untracked(|loaded| loaded.as_ref().and_then(|r| r.next_records_url.clone()));
        if let Some(next_records_url) = next {
            more.dispatch(QueryMore { environment: environment(), next_records_url });
        }
    };

    let suggestion = move || match error.get() {
        Some(AppError::Salesforce { suggested_soql: Some(suggested), .. }) => Some(view! {
            <p class="suggestion">
                "Suggested query: " <code>{suggested.clone()}</code> " "
                <button
                    type="button"
                    on:click=move |_| {
                        soql.set(suggested.clone());
                        run_query(suggested.clone());
                    }
                >
                    "Run the suggested query"
                </button>
            </p>
        }),
        _ => None,
    };

    view! {
        {move || {
            let slug = environment();
            view! {
                <Breadcrumbs trail=vec![
                    (slug.clone(), None),
                    ("Integrations".to_string(), None),
                    ("Salesforce".to_string(), Some(format!("/environments/{slug}/integrations/salesforce"))),
                    ("Record explorer".to_string(), None),
                ]/>
            }
        }}
        <h1>"Record explorer"</h1>
        <form class="explorer" method="get" on:submit=on_submit>
            <label for="soql">"SOQL"</label>
            <textarea
                id="soql"
                name="soql"
                rows="5"
                spellcheck="false"
                aria-describedby="soql-help"
                prop:value=move || soql.get()
                on:input=move |event| soql.set(event_target_value(&event))
            >{soql.get_untracked()}</textarea>
            <p class="field-help" id="soql-help">
                "The query goes to Salesforce exactly as typed; Salesforce's own error comes back if it is invalid."
            </p>
            <label class="inline">
                <input
                    type="checkbox"
                    name="include_deleted"
                    prop:checked=move || include_deleted.get()
                    on:change=move |event| include_deleted.set(event_target_checked(&event))
                />
                "Include deleted and archived records (queryAll)"
            </label>
            <div class="form-actions">
                <button type="submit" disabled=move || run.pending().get()>"Run"</button>
                <span role="status">{move || run.pending().get().then_some("Running…")}</span>
            </div>
        </form>
        <Suspense>
            {move || Suspend::new(async move {
                // The query from the address shows until Run is clicked in the page.
                let outcome = initial.await;
                (run.version().get() == 0).then(|| match outcome {
                    Some(Ok(page)) => view! {
                        <p class="result-count" role="status">{record_count(page.total_size, page.rows.len())}</p>
                        <ResultTable result=page/>
                    }
                    .into_any(),
                    Some(Err(error)) => view! { <ErrorBox error/> }.into_any(),
                    None => ().into_any(),
                })
            })}
        </Suspense>
        {move || error.get().map(|error| view! { <ErrorBox error/> })}
        {suggestion}
        {move || result.get().map(|loaded| {
            let has_more = loaded.next_records_url.is_some();
            let loaded_count = loaded.rows.len();
            view! {
                <p class="result-count" role="status">{record_count(loaded.total_size, loaded_count)}</p>
                <ResultTable result=loaded/>
                <Show when=move || has_more>
                    <button type="button" on:click=load_more disabled=move || more.pending().get()>
                        "Load more"
                    </button>
                </Show>
            }
        })}
        {move || more_error.get().map(|error| view! { <ErrorBox error/> })}
    }
}

/// "5 records", or "2000 of 5989 records loaded" while more pages remain.
fn record_count(total: u64, loaded: usize) -> String {
    let noun = if total == 1 { "record" } else { "records" };
    if (loaded as u64) < total {
        format!("{loaded} of {total} {noun} loaded")
    } else {
        format!("{total} {noun}")
    }
}

/// Appends a page to the loaded rows; columns that appear only in the new page are added, with
/// empty cells in the earlier rows.
fn append_page(loaded: &mut QueryResult, page: QueryResult) {
    for column in &page.columns {
        if !loaded.columns.contains(column) {
            loaded.columns.push(column.clone());
            for row in &mut loaded.rows {
                row.push(Cell::Null);
            }
        }
    }
    for row in page.rows {
        let mut ordered = vec![Cell::Null; loaded.columns.len()];
        for (column, cell) in page.columns.iter().zip(row) {
            if let Some(index) = loaded.columns.iter().position(|c| c == column) {
                ordered[index] = cell;
            }
        }
        loaded.rows.push(ordered);
    }
    loaded.done = page.done;
    loaded.next_records_url = page.next_records_url;
}

/// Puts the caret of the SOQL text area where Salesforce located the error.
fn mark_position(error: &AppError) {
    #[cfg(feature = "hydrate")]
    if let AppError::Salesforce { position: Some(at), .. } = error {
        use wasm_bindgen::JsCast;
        let Some(area) = document()
            .get_element_by_id("soql")
            .and_then(|element| element.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        else {
            return;
        };
        let text = area.value();
        let offset = offset_of(&text, at.row, at.column);
        let _ = area.focus();
        let _ = area.set_selection_range(offset, offset);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = error;
}

/// Returns the UTF-16 offset of a 1-based row and column, as text areas count.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn offset_of(text: &str, row: u32, column: u32) -> u32 {
    let mut offset = 0_u32;
    for (index, line) in text.split('\n').enumerate() {
        if index + 1 == row as usize {
            let column_chars: u32 = line
                .chars()
                .take(column.saturating_sub(1) as usize)
                .map(|c| c.len_utf16() as u32)
                .sum();
            return offset + column_chars;
        }
        offset += line.chars().map(|c| c.len_utf16() as u32).sum::<u32>() + 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_of_second_line() {
        assert_eq!(offset_of("SELECT Id\nFROM Lead", 2, 6), 15);
    }

    #[test]
    fn offset_of_first_line() {
        assert_eq!(offset_of("SELECT Id, Email, Legacy_Date__c FROM Lead", 1, 19), 18);
    }

    #[test]
    fn count_mentions_pages_still_to_load() {
        assert_eq!(record_count(5989, 2000), "2000 of 5989 records loaded");
        assert_eq!(record_count(5, 5), "5 records");
        assert_eq!(record_count(1, 1), "1 record");
    }
}
