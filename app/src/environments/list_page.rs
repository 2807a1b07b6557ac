//! The environments list page: every environment with its Salesforce status, and the forms
//! that create, rename and delete environments.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::{CreateEnvironment, DeleteEnvironment, RenameEnvironment, list_environments};
use crate::components::ErrorBox;
use crate::dto::EnvironmentSummary;
use crate::error::AppError;
use crate::auth::current_user;
use crate::model::{Action, EnvironmentInput};
use crate::model::environment::slug_taken_message;

/// Lists the environments, each with a link to its Salesforce integration.
#[component]
pub fn EnvironmentsPage() -> impl IntoView {
    let create = ServerAction::<CreateEnvironment>::new();
    let rename = ServerAction::<RenameEnvironment>::new();
    let delete = ServerAction::<DeleteEnvironment>::new();
    let environments = Resource::new(
        move || (create.version().get(), rename.version().get(), delete.version().get()),
        |_| list_environments(),
    );
    // Support staff see the list and its health, but not the forms that change environments.
    let viewer = Resource::new(|| (), |_| current_user());
    let can_manage = move || async move {
        viewer
            .await
            .ok()
            .flatten()
            .is_some_and(|user| user.role.can(Action::ManageEnvironments))
    };

    view! {
        <nav aria-label="Breadcrumb" class="breadcrumbs">
            <ol><li aria-current="page">"Environments"</li></ol>
        </nav>
        <h1>"Environments"</h1>
        <Transition fallback=|| view! { <p>"Loading environments…"</p> }>
            {move || Suspend::new(async move {
                let can_manage = can_manage().await;
                match environments.await {
                    Ok(list) => view! {
                        <table class="environments">
                            <thead>
                                <tr>
                                    <th scope="col">"Environment"</th>
                                    <th scope="col">"Salesforce"</th>
                                    <th scope="col">"Connection health"</th>
                                    <th scope="col">"Actions"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {list
                                    .into_iter()
                                    .map(|environment| view! { <EnvironmentRow environment rename delete can_manage/> })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorBox error/> }.into_any(),
                }
            })}
        </Transition>
        {move || match delete.value().get() {
            Some(Err(error)) => Some(view! { <ErrorBox error/> }),
            _ => None,
        }}
        <Suspense>
            {move || Suspend::new(async move {
                can_manage().await.then(|| view! { <CreateForm create/> })
            })}
        </Suspense>
    }
}

#[component]
fn EnvironmentRow(
    environment: EnvironmentSummary,
    rename: ServerAction<RenameEnvironment>,
    delete: ServerAction<DeleteEnvironment>,
    can_manage: bool,
) -> impl IntoView {
    let href = format!("/environments/{}/integrations/salesforce", environment.slug);
    let status = if environment.connected {
        "Connected"
    } else if environment.integration_configured {
        "Saved, not connected"
    } else {
        "Not set up"
    };
    let health = match &environment.last_check {
        Some(check) if check.passed => view! {
            <span class="health-passed">{format!("Passed at {}", check.at)}</span>
        }
        .into_any(),
        Some(check) => view! {
            <span class="health-failed">
                {format!("Failed at {}: {}", check.at, check.problem.clone().unwrap_or_default())}
            </span>
        }
        .into_any(),
        None => view! { <span class="muted">"Never tested"</span> }.into_any(),
    };
    let renaming = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let slug = environment.slug.clone();
    let name = environment.name.clone();
    let rename_label = format!("Rename {}", environment.slug);
    let delete_slug = environment.slug.clone();
    let delete_label = format!("Delete {}", environment.slug);

    view! {
        <tr>
            <td>
                <A href=href>{environment.slug.clone()}</A>
                " "
                <span class="muted">{environment.name.clone()}</span>
            </td>
            <td>{status}</td>
            <td>{health}</td>
            <td>
                {can_manage.then(move || view! {
                <Show
                    when=move || renaming.get()
                    fallback=move || view! {
                        <button type="button" on:click=move |_| renaming.set(true)
                            aria-label=rename_label.clone()>
                            "Rename"
                        </button>
                    }
                >
                    <RenameForm slug=slug.clone() name=name.clone() rename renaming/>
                </Show>
                " "
                {
                    let label = delete_label;
                    move || {
                        let slug = delete_slug.clone();
                        if confirming.get() {
                            view! {
                                <span role="alertdialog" aria-label=format!("Confirm deleting {slug}")>
                                    {format!("Delete {slug} with its integration and connection? This cannot be undone. ")}
                                    <button
                                        type="button"
                                        class="danger"
                                        on:click={
                                            let slug = slug.clone();
                                            move |_| {
                                                delete.dispatch(DeleteEnvironment { environment: slug.clone() });
                                            }
                                        }
                                    >
                                        "Confirm delete"
                                    </button>
                                    " "
                                    <button type="button" on:click=move |_| confirming.set(false)>"Cancel"</button>
                                </span>
                            }
                            .into_any()
                        } else {
                            view! {
                                <button type="button" aria-label=label.clone() on:click=move |_| confirming.set(true)>
                                    "Delete"
                                </button>
                            }
                            .into_any()
                        }
                    }
                }
                })}
            </td>
        </tr>
    }
}

#[component]
fn RenameForm(
    slug: String,
    name: String,
    rename: ServerAction<RenameEnvironment>,
    renaming: RwSignal<bool>,
) -> impl IntoView {
    let new_name = RwSignal::new(name);
    let new_slug = RwSignal::new(slug.clone());
    let error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match rename.value().get() {
        Some(Ok(_)) => renaming.set(false),
        Some(Err(failure)) => error.set(Some(failure)),
        None => {}
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        rename.dispatch(RenameEnvironment {
            environment: slug.clone(),
            input: EnvironmentInput { name: new_name.get_untracked(), slug: new_slug.get_untracked() },
        });
    };
    view! {
        <form class="inline-form" on:submit=submit>
            <EnvironmentFields name=new_name slug=new_slug error prefix="rename"/>
            <button type="submit">"Save name"</button>
            " "
            <button type="button" on:click=move |_| renaming.set(false)>"Cancel"</button>
        </form>
    }
}

#[component]
fn CreateForm(create: ServerAction<CreateEnvironment>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let slug = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let created = RwSignal::new(None::<String>);

    // Without JavaScript the form posts to a plain route that redirects back here: with
    // `created`, or with the typed values to validate again.
    let query = use_query_map().get_untracked();
    if let Some(slug_created) = query.get("created") {
        created.set(Some(format!("Environment {slug_created} created")));
    }
    if query.get("form").as_deref() == Some("new") {
        let input = EnvironmentInput {
            name: query.get("name").unwrap_or_default(),
            slug: query.get("slug").unwrap_or_default(),
        };
        name.set(input.name.clone());
        slug.set(input.slug.clone());
        let mut errors = input.validate().err().unwrap_or_default();
        if query.get("taken").is_some() {
            errors.0.insert("slug".to_string(), slug_taken_message(&input.slug));
        }
        error.set(Some(AppError::Validation(errors)));
    }

    Effect::new(move |_| match create.value().get() {
        Some(Ok(environment)) => {
            error.set(None);
            name.set(String::new());
            slug.set(String::new());
            created.set(Some(format!("Environment {} created", environment.slug)));
        }
        Some(Err(failure)) => error.set(Some(failure)),
        None => {}
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        created.set(None);
        let input = EnvironmentInput { name: name.get_untracked(), slug: slug.get_untracked() };
        match input.validate() {
            Ok(_) => {
                error.set(None);
                create.dispatch(CreateEnvironment { input });
            }
            Err(errors) => error.set(Some(AppError::Validation(errors))),
        }
    };
    view! {
        <section aria-labelledby="new-environment-heading">
            <h2 id="new-environment-heading">"New environment"</h2>
            <form class="create-environment" method="post" action="/environments" on:submit=submit novalidate>
                <EnvironmentFields name slug error prefix="new"/>
                <div class="form-actions">
                    <button type="submit" disabled=move || create.pending().get()>"Create environment"</button>
                    <span role="status">{move || created.get()}</span>
                </div>
                {move || error.get().filter(|e| !matches!(e, AppError::Validation(_))).map(|error| view! { <ErrorBox error/> })}
            </form>
        </section>
    }
}

/// The Name and URL slug inputs with their messages.
#[component]
fn EnvironmentFields(
    name: RwSignal<String>,
    slug: RwSignal<String>,
    error: RwSignal<Option<AppError>>,
    prefix: &'static str,
) -> impl IntoView {
    let field_error = move |field: &'static str| error.with(|e| e.as_ref().and_then(|e| e.field(field)));
    let name_id = format!("{prefix}-name");
    let slug_id = format!("{prefix}-slug");
    view! {
        <div class="field">
            <label for=name_id.clone()>"Name"</label>
            <input
                id=name_id.clone()
                name="name"
                type="text"
                prop:value=move || name.get()
                value=name.get_untracked()
                on:input=move |event| name.set(event_target_value(&event))
                aria-invalid=move || field_error("name").map(|_| "true")
                aria-describedby=format!("{name_id}-error")
            />
            <p class="field-error" id=format!("{name_id}-error")>{move || field_error("name")}</p>
        </div>
        <div class="field">
            <label for=slug_id.clone()>"URL slug"</label>
            <input
                id=slug_id.clone()
                name="slug"
                type="text"
                prop:value=move || slug.get()
                value=slug.get_untracked()
                on:input=move |event| slug.set(event_target_value(&event))
                aria-invalid=move || field_error("slug").map(|_| "true")
                aria-describedby=format!("{slug_id}-help {slug_id}-error")
            />
            <p class="field-help" id=format!("{slug_id}-help")>
                "Lower-case letters, digits and hyphens; it appears in the page addresses. Leave it empty to derive it from the name."
            </p>
            <p class="field-error" id=format!("{slug_id}-error")>{move || field_error("slug")}</p>
        </div>
    }
}
