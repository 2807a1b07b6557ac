//! The sign-in page at `/sign-in`. Its form is a plain post to the server's `POST /sign-in`, so
//! signing in works before the page hydrates and without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::list_demo_users;
use super::sign_in_error::SignInError;
use crate::dto::DemoUser;

/// Renders the Email and Password form, the message of a failed attempt, and the demo users
/// while the demo org is on.
#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let error = move || {
        query.with(|query| {
            let code = query.get_str("error")?;
            SignInError::from_query(code, query.get_str("minutes"))
        })
    };
    let next = move || query.with(|query| query.get("next").unwrap_or_default());
    let demo_users = Resource::new(|| (), |_| list_demo_users());

    view! {
        <h1>"Sign in"</h1>
        {move || {
            error()
                .map(|error| {
                    view! {
                        <div role="alert" class="error-box">
                            <p class="error-title">{error.message()}</p>
                        </div>
                    }
                })
        }}
        <form method="post" action="/sign-in" class="sign-in">
            <input type="hidden" name="next" value=next/>
            <div class="field">
                <label for="email">"Email"</label>
                <input
                    id="email"
                    name="email"
                    type="text"
                    inputmode="email"
                    autocomplete="username"
                    spellcheck="false"
                    required
                />
            </div>
            <div class="field">
                <label for="password">"Password"</label>
                <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                />
            </div>
            <div class="form-actions">
                <button type="submit">"Sign in"</button>
            </div>
        </form>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                demo_users
                    .await
                    .ok()
                    .filter(|users| !users.is_empty())
                    .map(|users| view! { <DemoUsers users/> })
            })}
        </Suspense>
    }
}

/// Renders the demo users as a table of email, password and role.
#[component]
fn DemoUsers(users: Vec<DemoUser>) -> impl IntoView {
    view! {
        <section class="demo-users" aria-labelledby="demo-users-heading">
            <h2 id="demo-users-heading">"Demo users"</h2>
            <p class="field-help">
                "The demo org is on, so the console has these users. Their passwords are published: turn the demo org off (CONSOLE_DEMO_ORG=off) before real use."
            </p>
            <table>
                <thead>
                    <tr>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Password"</th>
                        <th scope="col">"Role"</th>
                    </tr>
                </thead>
                <tbody>
                    {users
                        .into_iter()
                        .map(|user| {
                            view! {
                                <tr>
                                    <td><code>{user.email}</code></td>
                                    <td><code>{user.password}</code></td>
                                    <td>{user.role.to_string()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}
