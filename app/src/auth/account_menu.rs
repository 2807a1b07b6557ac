//! The signed-in user's email and role in the page header, with the Sign out button.

use leptos::prelude::*;

use super::current_user;

/// Shows who is signed in and a Sign out button, or nothing for an anonymous visitor. Sign out
/// is a plain form post, so it also works before the page hydrates.
#[component]
pub fn AccountMenu() -> impl IntoView {
    let user = Resource::new(|| (), |_| current_user());

    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                user.await
                    .ok()
                    .flatten()
                    .map(|user| {
                        view! {
                            <div class="account">
                                <span class="account-email">{user.email}</span>
                                " "
                                <span class="account-role">{format!("({})", user.role)}</span>
                                <form method="post" action="/sign-out" class="sign-out">
                                    <button type="submit">"Sign out"</button>
                                </form>
                            </div>
                        }
                    })
            })}
        </Suspense>
    }
}
