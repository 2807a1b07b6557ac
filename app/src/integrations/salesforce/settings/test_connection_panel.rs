//! The Test connection button and its per-step results.

use leptos::prelude::*;

use super::TestConnection;
use crate::components::ErrorBox;
use crate::dto::{SettingsView, TestReport};

/// Runs a test connection and lists each step with pass or fail and its time.
#[component]
pub fn TestConnectionPanel(settings: RwSignal<SettingsView>) -> impl IntoView {
    let test = ServerAction::<TestConnection>::new();
    let connected = move || settings.with(|view| view.connection.is_some());

    view! {
        <section class="test-connection" aria-labelledby="test-heading">
            <h2 id="test-heading">"Test connection"</h2>
            <ActionForm action=test>
                <input
                    type="hidden"
                    name="environment"
                    value=move || settings.with(|view| view.environment_slug.clone())
                />
                <button type="submit" disabled=move || !connected() || test.pending().get()>
                    "Test connection"
                </button>
            </ActionForm>
            <p role="status">{move || test.pending().get().then_some("Testing…")}</p>
            {move || match test.value().get() {
                Some(Ok(report)) => view! { <Report report/> }.into_any(),
                Some(Err(error)) => view! { <ErrorBox error/> }.into_any(),
                // Before a run on this page, the stored run shows, so its result survives a
                // reload and a form post without JavaScript.
                None => match settings.with(|view| view.last_test.clone()) {
                    Some(last) => view! {
                        <p class="muted">{format!("Last run at {}", last.at)}</p>
                        <Report report=last.report/>
                    }
                    .into_any(),
                    None => ().into_any(),
                },
            }}
        </section>
    }
}

#[component]
fn Report(report: TestReport) -> impl IntoView {
    let summary = if report.passed {
        "Every step passed."
    } else {
        "The test connection failed."
    };
    view! {
        <p class=if report.passed { "passed" } else { "failed" }>{summary}</p>
        <ol class="test-steps">
            {report
                .steps
                .into_iter()
                .map(|step| {
                    let outcome = if step.passed { "Passed" } else { "Failed" };
                    view! {
                        <li>
                            <span class="step-name">{step.name}</span>
                            " — "
                            <strong>{outcome}</strong>
                            {format!(" ({} ms)", step.duration_ms)}
                            <span class="step-detail">{step.detail}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
        {report.problem.map(|problem| view! {
            <div role="alert" class="error-box">
                <p class="error-title">
                    {problem.error_code.map(|code| view! { <code class="error-code">{code}</code> " " })}
                    {problem.title}
                </p>
                {problem.message.map(|message| view! { <pre class="error-message">{message}</pre> })}
                <p class="error-hint">{problem.hint}</p>
            </div>
        })}
        {report.api_usage.map(|usage| view! { <p class="muted">{format!("Last API usage reported: {usage}")}</p> })}
    }
}
