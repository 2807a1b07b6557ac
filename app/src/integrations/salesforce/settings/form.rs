//! The settings form: Client ID, Client Secret, Salesforce MyDomain, login host and scopes.
//!
//! Each field is validated while the admin types with the same model code the server runs on
//! save, so the messages match.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use super::SaveSettings;
use crate::components::ErrorBox;
use crate::dto::SettingsView;
use crate::error::AppError;
use crate::model::{
    FieldErrors, IntegrationSettingsInput, LoginHost, MyDomain, Scope, scope_warnings,
};

/// The outcome that a form post without JavaScript brought back in the query string.
struct ReturnedForm {
    saved: bool,
    conflict: bool,
    /// The typed values of a rejected save, with an empty secret.
    input: Option<IntegrationSettingsInput>,
}

fn returned_form(query: &ParamsMap) -> Option<ReturnedForm> {
    let saved = query.get("saved").is_some();
    let conflict = query.get("conflict").is_some();
    let input = query.get("invalid").map(|_| IntegrationSettingsInput {
        client_id: query.get("client_id").unwrap_or_default(),
        client_secret: String::new(),
        my_domain: query.get("my_domain").unwrap_or_default(),
        scopes: query
            .get("scopes")
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_string)
            .collect(),
        login_host: query.get("login_host").unwrap_or_default(),
    });
    (saved || conflict || input.is_some()).then_some(ReturnedForm { saved, conflict, input })
}

/// The form's field values, as typed.
#[derive(Clone, Copy)]
struct Fields {
    client_id: RwSignal<String>,
    client_secret: RwSignal<String>,
    my_domain: RwSignal<String>,
    login_host: RwSignal<String>,
    scopes: RwSignal<Vec<String>>,
}

impl Fields {
    fn from_view(view: &SettingsView) -> Self {
        let (client_id, my_domain, login_host, scopes) = Fields::stored_values(view);
        Fields {
            client_id: RwSignal::new(client_id),
            client_secret: RwSignal::new(String::new()),
            my_domain: RwSignal::new(my_domain),
            login_host: RwSignal::new(login_host),
            scopes: RwSignal::new(scopes),
        }
    }

    /// Returns the stored values, or the defaults of a new integration: Client ID, My Domain, login
    /// host and the sorted scopes.
    fn stored_values(view: &SettingsView) -> (String, String, String, Vec<String>) {
        let integration = view.integration.as_ref();
        let mut scopes = match integration {
            Some(integration) => integration.scopes.clone(),
            None => Scope::REQUIRED.iter().map(|scope| scope.value().to_string()).collect(),
        };
        scopes.sort();
        (
            integration.map(|i| i.client_id.clone()).unwrap_or_default(),
            integration.map(|i| i.my_domain.clone()).unwrap_or_default(),
            integration.map(|i| i.login_host.value().to_string()).unwrap_or_default(),
            scopes,
        )
    }

    fn input(&self) -> IntegrationSettingsInput {
        IntegrationSettingsInput {
            client_id: self.client_id.get_untracked(),
            client_secret: self.client_secret.get_untracked(),
            my_domain: self.my_domain.get_untracked(),
            scopes: self.scopes.get_untracked(),
            login_host: self.login_host.get_untracked(),
        }
    }
}

/// Renders the settings form. A successful save replaces `settings` with the stored view.
#[component]
pub fn SettingsForm(settings: RwSignal<SettingsView>) -> impl IntoView {
    let fields = Fields::from_view(&settings.get_untracked());
    let errors = RwSignal::new(FieldErrors::default());
    // Without JavaScript the form posts to a plain route, which redirects back here with the
    // outcome in the query: `saved`, or the typed values (never the secret) to validate again.
    let returned = returned_form(&use_query_map().get_untracked());
    let save = ServerAction::<SaveSettings>::new();
    let saved_message = RwSignal::new(None::<String>);
    let save_error = RwSignal::new(None::<AppError>);

    let secret_is_stored = move || settings.with(|view| view.integration.is_some());
    let read_only = move || settings.with(|view| view.read_only);
    // With a secret stored, the secret field stays hidden until the admin clicks Replace secret,
    // so the stored value is never overwritten by accident.
    let replacing_secret = RwSignal::new(false);
    let show_secret_field = move || !secret_is_stored() || replacing_secret.get();

    // The form is dirty when any field differs from what is stored; so leaving the page then asks for confirmation.
    let dirty = Memo::new(move |_| {
        let stored = settings.with(|view| Fields::stored_values(view));
        let typed = (
            fields.client_id.get(),
            fields.my_domain.get(),
            fields.login_host.get(),
            {
                let mut scopes = fields.scopes.get();
                scopes.sort();
                scopes
            },
        );
        typed != stored || !fields.client_secret.get().is_empty()
    });
    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener(leptos::ev::beforeunload, move |event| {
            if dirty.get_untracked() {
                event.prevent_default();
                event.set_return_value("");
            }
        });
        on_cleanup(move || handle.remove());
    }

    // Re-validates one field with the whole-form rules, so a message appears or clears as the
    // admin types.
    let revalidate = move |field: &'static str| {
        let result = fields.input().validate(secret_is_stored());
        errors.update(|errors| {
            match result.as_ref().err().and_then(|all| all.0.get(field)) {
                Some(message) => errors.0.insert(field.to_string(), message.clone()),
                None => errors.0.remove(field),
            };
        });
        saved_message.set(None);
    };

    if let Some(returned) = &returned {
        if returned.saved {
            saved_message.set(Some("Settings saved".to_string()));
        }
        if let Some(input) = &returned.input {
            fields.client_id.set(input.client_id.clone());
            fields.my_domain.set(input.my_domain.clone());
            fields.login_host.set(input.login_host.clone());
            fields.scopes.set(input.scopes.clone());
            let stored = settings.with_untracked(|view| view.integration.is_some());
            if let Err(field_errors) = input.validate(stored) {
                errors.set(field_errors);
            }
        }
        if returned.conflict {
            save_error.set(Some(AppError::settings_conflict()));
        }
    }

    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            match result {
                Ok(view) => {
                    // Show the stored, normalized values, such as the My Domain name reduced
                    // from a pasted URL.
                    let (client_id, my_domain, login_host, scopes) = Fields::stored_values(&view);
                    fields.client_id.set(client_id);
                    fields.my_domain.set(my_domain);
                    fields.login_host.set(login_host);
                    fields.scopes.set(scopes);
                    fields.client_secret.set(String::new());
                    replacing_secret.set(false);
                    errors.set(FieldErrors::default());
                    save_error.set(None);
                    saved_message.set(Some("Settings saved".to_string()));
                    settings.set(view);
                }
                Err(AppError::Validation(field_errors)) => {
                    errors.set(field_errors.clone());
                    save_error.set(Some(AppError::Validation(field_errors)));
                }
                Err(error) => save_error.set(Some(error)),
            }
        }
    });

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved_message.set(None);
        save_error.set(None);
        let input = fields.input();
        match input.validate(secret_is_stored()) {
            Ok(_) => {
                errors.set(FieldErrors::default());
                let expected_version =
                    settings.with_untracked(|view| view.integration.as_ref().map(|i| i.version));
                let environment = settings.with_untracked(|view| view.environment_slug.clone());
                save.dispatch(SaveSettings {
                    environment,
                    input,
                    expected_version,
                });
            }
            Err(field_errors) => errors.set(field_errors),
        }
    };

    let domain_preview = move || {
        let typed = fields.my_domain.get();
        if typed.trim().is_empty() {
            return None;
        }
        let parsed = MyDomain::parse(&typed).ok()?;
        let template = settings.with(|view| view.org_url_template.clone());
        let kind = parsed.domain.org_kind();
        Some(view! {
            <p class="field-note" id="my_domain-preview">
                {format!("Org type: {}. The console will call {}", kind.label(), parsed.domain.org_url(&template))}
            </p>
            {parsed.warning.map(|warning| view! { <p class="field-warning" role="note">{warning}</p> })}
        })
    };

    let login_host_choice = move || {
        let parsed = MyDomain::parse(&fields.my_domain.get()).ok()?;
        let kind = parsed.domain.org_kind();
        let chosen = match fields.login_host.get().as_str() {
            "generic" => LoginHost::Generic,
            "my_domain" => LoginHost::MyDomain,
            _ => LoginHost::default_for(kind),
        };
        let (generic_url, org_url) = settings.with(|view| {
            let generic = if kind.is_sandbox_like() {
                view.sandbox_login_url.clone()
            } else {
                view.generic_login_url.clone()
            };
            (generic, parsed.domain.org_url(&view.org_url_template))
        });
        Some(view! {
            <fieldset class="login-host">
                <legend>"Login host"</legend>
                <label>
                    <input
                        type="radio"
                        name="login_host"
                        value="generic"
                        prop:checked=chosen == LoginHost::Generic
                        checked=chosen == LoginHost::Generic
                        on:change=move |_| fields.login_host.set("generic".to_string())
                    />
                    {format!("Generic login host ({generic_url})")}
                </label>
                <label>
                    <input
                        type="radio"
                        name="login_host"
                        value="my_domain"
                        prop:checked=chosen == LoginHost::MyDomain
                        checked=chosen == LoginHost::MyDomain
                        on:change=move |_| fields.login_host.set("my_domain".to_string())
                    />
                    {format!("The org's My Domain ({org_url})")}
                </label>
                <p class="field-note">{chosen.reason(kind)}</p>
            </fieldset>
        })
    };

    let stored_secret = move || {
        settings.with(|view| {
            view.integration.as_ref().map(|integration| {
                view! {
                    <div class="field stored-secret">
                        <span class="label" id="stored-secret-label">"Stored secret"</span>
                        " "
                        <span aria-labelledby="stored-secret-label">{integration.secret_mask.clone()}</span>
                        " "
                        {move || if replacing_secret.get() {
                            view! {
                                <button
                                    type="button"
                                    on:click=move |_| {
                                        replacing_secret.set(false);
                                        fields.client_secret.set(String::new());
                                        revalidate("client_secret");
                                    }
                                >
                                    "Keep the stored secret"
                                </button>
                            }
                            .into_any()
                        } else {
                            view! {
                                <button type="button" on:click=move |_| replacing_secret.set(true)>
                                    "Replace secret"
                                </button>
                            }
                            .into_any()
                        }}
                    </div>
                }
            })
        })
    };

    view! {
        <form
            class="settings-form"
            method="post"
            action=move || settings.with(|view| format!("/environments/{}/integrations/salesforce/settings", view.environment_slug))
            on:submit=on_submit
            novalidate
        >
            <input
                type="hidden"
                name="expected_version"
                value=move || settings.with(|view| view.integration.as_ref().map(|i| i.version.to_string()).unwrap_or_default())
            />
            <h2>"External Client App"</h2>
            <Show when=read_only>
                <p class="field-note" role="note">
                    "Your role can view these settings but not change them; an admin saves, connects and disconnects."
                </p>
            </Show>
            // A disabled fieldset makes every control in it read-only for roles that may only look.
            <fieldset class="plain" disabled=read_only>
            <TextField
                id="client_id"
                label="Client ID"
                help="The Consumer Key of the External Client App."
                value=fields.client_id
                errors
                on_input=move || revalidate("client_id")
            />
            {stored_secret}
            <Show when=show_secret_field>
                <TextField
                    id="client_secret"
                    label="Client Secret"
                    help="The Consumer Secret. It is stored encrypted and never shown again."
                    value=fields.client_secret
                    errors
                    secret=true
                    on_input=move || revalidate("client_secret")
                />
            </Show>
            <TextField
                id="my_domain"
                label="Salesforce MyDomain"
                help="The My Domain name, such as acme, acme.develop or acme--uat.sandbox. A pasted URL is reduced to the name."
                value=fields.my_domain
                errors
                on_input=move || revalidate("my_domain")
            />
            {domain_preview}
            {login_host_choice}
            <ScopeFields scopes=fields.scopes errors on_change=move || revalidate("scopes")/>
            </fieldset>
            <CallbackUrl settings/>
            <div class="form-actions">
                <Show when=move || !read_only()>
                    <button type="submit" disabled=move || save.pending().get()>"Save"</button>
                </Show>
                <span role="status" class="save-status">{move || saved_message.get()}</span>
                <span class="muted">{move || dirty.get().then_some("Unsaved changes")}</span>
            </div>
            {move || save_error.get().map(|error| view! { <ErrorBox error/> })}
        </form>
    }
}

/// Renders a labelled text input with its help text and validation message.
#[component]
fn TextField(
    id: &'static str,
    label: &'static str,
    help: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<FieldErrors>,
    #[prop(optional)] secret: bool,
    on_input: impl Fn() + 'static,
) -> impl IntoView {
    let error = move || errors.with(|errors| errors.0.get(id).cloned());
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let described_by = {
        let help_id = help_id.clone();
        let error_id = error_id.clone();
        move || match error() {
            Some(_) => format!("{error_id} {help_id}"),
            None => help_id.clone(),
        }
    };

    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                name=id
                type=if secret { "password" } else { "text" }
                autocomplete="off"
                spellcheck="false"
                prop:value=move || value.get()
                value=value.get_untracked()
                on:input=move |event| {
                    value.set(event_target_value(&event));
                    on_input();
                }
                aria-invalid=move || error().map(|_| "true")
                aria-describedby=described_by
            />
            <p class="field-help" id=help_id>{help}</p>
            <p class="field-error" id=error_id>{error}</p>
        </div>
    }
}

/// Renders the scope checkboxes, named by Salesforce's labels.
#[component]
fn ScopeFields(
    scopes: RwSignal<Vec<String>>,
    errors: RwSignal<FieldErrors>,
    on_change: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let error = move || errors.with(|errors| errors.0.get("scopes").cloned());
    let warnings = move || {
        let chosen: Vec<Scope> = scopes.with(|values| {
            values
                .iter()
                .filter_map(|value| Scope::parse(value))
                .collect()
        });
        scope_warnings(&chosen)
            .into_iter()
            .map(|warning| view! { <p class="field-warning" role="note">{warning}</p> })
            .collect_view()
    };

    view! {
        <fieldset
            class="scopes"
            aria-invalid=move || error().map(|_| "true")
            aria-describedby="scopes-error"
        >
            <legend>"OAuth scopes"</legend>
            {Scope::ALL
                .iter()
                .map(|&scope| {
                    let value = scope.value();
                    let id = format!("scope-{value}");
                    let purpose_id = format!("scope-{value}-purpose");
                    view! {
                        <div class="scope">
                            <input
                                type="checkbox"
                                id=id.clone()
                                name="scopes"
                                value=value
                                aria-describedby=purpose_id.clone()
                                prop:checked=move || scopes.with(|s| s.iter().any(|v| v == value))
                                checked=scopes.with_untracked(|s| s.iter().any(|v| v == value))
                                on:change=move |event| {
                                    let checked = event_target_checked(&event);
                                    scopes.update(|s| {
                                        s.retain(|v| v != value);
                                        if checked {
                                            s.push(value.to_string());
                                        }
                                    });
                                    on_change();
                                }
                            />
                            <label for=id>{scope.label()}</label>
                            <span class="field-help" id=purpose_id>{scope.purpose()}</span>
                        </div>
                    }
                })
                .collect_view()}
            <p class="field-error" id="scopes-error">{error}</p>
            {warnings}
        </fieldset>
    }
}

/// The callback URL to register in the External Client App, read-only with a copy button.
#[component]
fn CallbackUrl(settings: RwSignal<SettingsView>) -> impl IntoView {
    let url = move || settings.with(|view| view.callback_url.clone());
    let copied = RwSignal::new(false);
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let clipboard = window().navigator().clipboard();
            let _promise = clipboard.write_text(&url());
            copied.set(true);
        }
    };

    view! {
        <div class="field">
            <label for="callback_url">"Callback URL"</label>
            <div class="copy-row">
                <input
                    id="callback_url"
                    type="text"
                    readonly
                    prop:value=url
                    value=url
                    aria-describedby="callback_url-help"
                />
                <button type="button" on:click=copy>"Copy"</button>
                <span role="status">{move || copied.get().then_some("Copied")}</span>
            </div>
            <p class="field-help" id="callback_url-help">
                "Enter this URL exactly as shown in the External Client App's Callback URL: scheme, host, path and trailing slash must match, or Salesforce answers redirect_uri_mismatch."
            </p>
        </div>
    }
}
