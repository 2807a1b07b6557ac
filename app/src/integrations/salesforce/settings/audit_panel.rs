//! The environment's audit log on the settings page.

use leptos::prelude::*;

use super::audit_log;
use crate::components::ErrorBox;
use crate::dto::SettingsView;

/// Lists who changed what and when; it reloads whenever the settings or connection change.
#[component]
pub fn AuditPanel(settings: RwSignal<SettingsView>) -> impl IntoView {
    let events = Resource::new(
        move || {
            settings.with(|view| {
                (
                    view.environment_slug.clone(),
                    view.integration.as_ref().map(|integration| integration.version),
                    view.connection.as_ref().map(|connection| connection.connected_at.clone()),
                )
            })
        },
        |(environment, _, _)| audit_log(environment),
    );

    view! {
        <section class="audit" aria-labelledby="audit-heading">
            <h2 id="audit-heading">"Audit log"</h2>
            <Transition fallback=|| view! { <p>"Loading the audit log…"</p> }>
                {move || Suspend::new(async move {
                    match events.await {
                        Ok(events) if events.is_empty() => view! { <p>"No changes yet."</p> }.into_any(),
                        Ok(events) => view! {
                            <table class="audit-log">
                                <thead>
                                    <tr>
                                        <th scope="col">"When"</th>
                                        <th scope="col">"Who"</th>
                                        <th scope="col">"What"</th>
                                        <th scope="col">"Details"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {events
                                        .into_iter()
                                        .map(|event| view! {
                                            <tr>
                                                <td>{event.at}</td>
                                                <td>{event.actor}</td>
                                                <td>{event.action}</td>
                                                <td>{event.detail}</td>
                                            </tr>
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorBox error/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
