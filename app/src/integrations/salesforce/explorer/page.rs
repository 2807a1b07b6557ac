//! The explorer page at `/environments/{env}/integrations/salesforce/explorer`.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::RunQuery;
use super::result_table::ResultTable;
use crate::components::{Breadcrumbs, ErrorBox};

/// A SOQL text area, Run, and the result table.
#[component]
pub fn ExplorerPage() -> impl IntoView {
    let params = use_params_map();
    let environment = move || params.read().get("env").unwrap_or_default();
    let soql = RwSignal::new(String::from(
        "SELECT Id, Name FROM Account ORDER BY Name LIMIT 10",
    ));
    let include_deleted = RwSignal::new(false);
    let run = ServerAction::<RunQuery>::new();

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        run.dispatch(RunQuery {
            environment: environment(),
            soql: soql.get_untracked(),
            include_deleted: include_deleted.get_untracked(),
        });
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
        <form class="explorer" on:submit=on_submit>
            <label for="soql">"SOQL"</label>
            <textarea
                id="soql"
                name="soql"
                rows="5"
                spellcheck="false"
                prop:value=move || soql.get()
                on:input=move |event| soql.set(event_target_value(&event))
            ></textarea>
            <label class="inline">
                <input
                    type="checkbox"
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
        {move || run.value().get().map(|result| match result {
            Ok(result) => view! {
                <p class="result-count" role="status">{record_count(result.total_size)}</p>
                <ResultTable result/>
            }
            .into_any(),
            Err(error) => view! { <ErrorBox error/> }.into_any(),
        })}
    }
}

fn record_count(total: u64) -> String {
    match total {
        1 => "1 record".to_string(),
        n => format!("{n} records"),
    }
}
