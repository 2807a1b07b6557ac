//! The connection status and the Connect button.

use leptos::prelude::*;

use super::Disconnect;
use crate::components::ErrorBox;
use crate::dto::SettingsView;

/// Shows who is connected to which org, and a Connect button that starts the OAuth 2.0 Web
/// Server flow. Connect is a plain form post, so it also works before the page hydrates.
#[component]
pub fn ConnectionPanel(settings: RwSignal<SettingsView>) -> impl IntoView {
    let action = move || {
        settings.with(|view| {
            format!(
                "/environments/{}/integrations/salesforce/connect",
                view.environment_slug
            )
        })
    };
    let saved = move || settings.with(|view| view.integration.is_some());
    let connected = move || settings.with(|view| view.connection.is_some());
    let disconnect = ServerAction::<Disconnect>::new();
    let notice = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(outcome)) = disconnect.value().get() {
            notice.set(Some(outcome.notice.clone()));
            settings.set(outcome.settings);
        }
    });

    let status = move || {
        settings.with(|view| match &view.connection {
            Some(connection) if connection.status == "connected" => view! {
                <p class="connected">{format!("Connected as {}", connection.username)}</p>
                <dl class="connection-facts">
                    <dt>"Org ID"</dt><dd>{connection.organization_id.clone()}</dd>
                    <dt>"User ID"</dt><dd>{connection.user_id.clone()}</dd>
                    <dt>"Instance URL"</dt><dd>{connection.instance_url.clone()}</dd>
                    <dt>"Granted scopes"</dt><dd>{connection.granted_scopes.join(" ")}</dd>
                    <dt>"Connected at"</dt><dd>{connection.connected_at.clone()}</dd>
                </dl>
            }
            .into_any(),
            Some(connection) => view! {
                <p class="reconnect">
                    {format!(
                        "Reconnect required: Salesforce no longer accepts the stored tokens of {}. Click Connect to sign in again.",
                        connection.username,
                    )}
                </p>
            }
            .into_any(),
            None => view! { <p>"Not connected."</p> }.into_any(),
        })
    };

    view! {
        <section class="connection" aria-labelledby="connection-heading">
            <h2 id="connection-heading">"Connection"</h2>
            {status}
            <Show
                when=move || !settings.with(|view| view.read_only)
                fallback=|| view! { <p class="field-help">"Only admins connect and disconnect."</p> }
            >
            <div class="form-actions">
                <form method="post" action=action>
                    <button type="submit" disabled=move || !saved()>"Connect"</button>
                </form>
                <Show when=connected>
                    // A plain form post without JavaScript: the server function runs and the
                    // browser returns to this page, which then shows the new state.
                    <ActionForm action=disconnect>
                        <input
                            type="hidden"
                            name="environment"
                            value=move || settings.with(|view| view.environment_slug.clone())
                        />
                        <button type="submit" disabled=move || disconnect.pending().get()>
                            "Disconnect"
                        </button>
                    </ActionForm>
                </Show>
                <span role="status">{move || notice.get()}</span>
            </div>
            </Show>
            {move || match disconnect.value().get() {
                Some(Err(error)) => Some(view! { <ErrorBox error/> }),
                _ => None,
            }}
            <p class="field-help">
                {move || if saved() {
                    "Connect opens Salesforce's login page; after you allow access you come back here."
                } else {
                    "Save the settings first, then connect."
                }}
            </p>
            <details class="troubleshooting">
                <summary>"Troubleshooting"</summary>
                <ul>
                    <li>"redirect_uri_mismatch: the Callback URL above must be registered exactly, including scheme, host, path and trailing slash."</li>
                    <li>"invalid_client_id: a new or edited External Client App can take about 10 minutes to become active. Check that the Client ID is the Consumer Key from the same org."</li>
                    <li>"user hasn't approved this consumer: the Salesforce user is not permitted to use the app; add their profile or permission set to it."</li>
                </ul>
            </details>
        </section>
    }
}
