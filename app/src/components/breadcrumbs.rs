//! The Environments → {environment} → Integrations → Salesforce trail.

use leptos::prelude::*;
use leptos_router::components::A;

/// A breadcrumb trail; `trail` holds (label, optional link) pairs after "Environments".
#[component]
pub fn Breadcrumbs(trail: Vec<(String, Option<String>)>) -> impl IntoView {
    view! {
        <nav aria-label="Breadcrumb" class="breadcrumbs">
            <ol>
                <li><A href="/">"Environments"</A></li>
                {trail
                    .into_iter()
                    .map(|(label, href)| match href {
                        Some(href) => view! { <li><A href=href>{label}</A></li> }.into_any(),
                        None => view! { <li aria-current="page">{label}</li> }.into_any(),
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}
