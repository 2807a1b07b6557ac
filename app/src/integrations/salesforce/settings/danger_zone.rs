//! Deleting the integration, behind a confirmation step.

use leptos::prelude::*;

use super::DeleteIntegration;
use crate::components::ErrorBox;
use crate::dto::SettingsView;

/// A Delete integration button that asks for confirmation before anything is deleted.
#[component]
pub fn DangerZone(settings: RwSignal<SettingsView>) -> impl IntoView {
    let delete = ServerAction::<DeleteIntegration>::new();
    let confirming = RwSignal::new(false);
    let notice = RwSignal::new(None::<String>);
    let saved = move || settings.with(|view| view.integration.is_some() && !view.read_only);

    Effect::new(move |_| {
        if let Some(Ok(outcome)) = delete.value().get() {
            confirming.set(false);
            notice.set(Some(outcome.notice.clone()));
            settings.set(outcome.settings);
        }
    });


    view! {
        <p role="status">{move || notice.get()}</p>
        <Show when=saved>
            <section class="danger-zone" aria-labelledby="danger-heading">
                <h2 id="danger-heading">"Delete integration"</h2>
                <Show
                    when=move || confirming.get()
                    fallback=move || view! {
                        <button type="button" class="danger" on:click=move |_| confirming.set(true)>
                            "Delete integration"
                        </button>
                    }
                >
                    <div role="alertdialog" aria-labelledby="confirm-delete-text" class="confirm">
                        <p id="confirm-delete-text">
                            "Delete the Salesforce integration of this environment? The console revokes its tokens at Salesforce and deletes the Client ID, the stored secret and the connection. This cannot be undone."
                        </p>
                        <ActionForm action=delete>
                            <input
                                type="hidden"
                                name="environment"
                                value=move || settings.with(|view| view.environment_slug.clone())
                            />
                            <button type="submit" class="danger" disabled=move || delete.pending().get()>
                                "Confirm delete"
                            </button>
                            " "
                            <button type="button" on:click=move |_| confirming.set(false)>"Cancel"</button>
                        </ActionForm>
                    </div>
                </Show>
            </section>
        </Show>
        {move || match delete.value().get() {
            Some(Err(error)) => Some(view! { <ErrorBox error/> }),
            _ => None,
        }}
    }
}
