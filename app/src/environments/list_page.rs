//! The environments list page.

use leptos::prelude::*;
use leptos_router::components::A;

use super::list_environments;
use crate::components::ErrorBox;

/// Lists the environments, each with a link to its Salesforce integration.
#[component]
pub fn EnvironmentsPage() -> impl IntoView {
    let environments = Resource::new(|| (), |_| list_environments());

    view! {
        <h1>"Environments"</h1>
        <Suspense fallback=|| view! { <p>"Loading environments…"</p> }>
            {move || Suspend::new(async move {
                match environments.await {
                    Ok(list) => view! {
                        <table class="environments">
                            <thead>
                                <tr><th scope="col">"Environment"</th><th scope="col">"Salesforce"</th></tr>
                            </thead>
                            <tbody>
                                {list
                                    .into_iter()
                                    .map(|environment| {
                                        let href = format!(
                                            "/environments/{}/integrations/salesforce",
                                            environment.slug
                                        );
                                        let status = if environment.connected {
                                            "Connected"
                                        } else if environment.integration_configured {
                                            "Saved, not connected"
                                        } else {
                                            "Not set up"
                                        };
                                        view! {
                                            <tr>
                                                <td><A href=href>{environment.slug.clone()}</A> " " <span class="muted">{environment.name}</span></td>
                                                <td>{status}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorBox error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
