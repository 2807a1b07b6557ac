//! The settings page at `/environments/{env}/integrations/salesforce`.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::audit_panel::AuditPanel;
use super::connection_panel::ConnectionPanel;
use super::danger_zone::DangerZone;
use super::form::SettingsForm;
use super::load_settings;
use super::test_connection_panel::TestConnectionPanel;
use crate::components::{Breadcrumbs, ErrorBox};

/// Loads the environment's settings and shows the form, the connection and test connection.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let params = use_params_map();
    let environment = move || params.read().get("env").unwrap_or_default();
    let settings = Resource::new(environment, load_settings);

    view! {
        <Suspense fallback=|| view! { <p>"Loading settings…"</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(loaded) => {
                        let slug = loaded.environment_slug.clone();
                        let view_signal = RwSignal::new(loaded);
                        view! {
                            <Breadcrumbs trail=vec![
                                (slug.clone(), None),
                                ("Integrations".to_string(), None),
                                ("Salesforce".to_string(), None),
                            ]/>
                            <h1>"Salesforce"</h1>
                            <p class="lead">
                                "Register the External Client App of your Salesforce org, connect it, and test the connection."
                            </p>
                            <SettingsForm settings=view_signal/>
                            <ConnectionPanel settings=view_signal/>
                            <TestConnectionPanel settings=view_signal/>
                            <p>
                                <A href=format!("/environments/{slug}/integrations/salesforce/explorer")>
                                    "Record explorer"
                                </A>
                            </p>
                            <AuditPanel settings=view_signal/>
                            <DangerZone settings=view_signal/>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <h1>"Salesforce"</h1><ErrorBox error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
