//! The HTML document and the router of every page.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;
use leptos_router::SsrMode;

use crate::auth::{AccountMenu, SignInPage};
use crate::environments::EnvironmentsPage;
use crate::integrations::salesforce::{ExplorerPage, SettingsPage};

/// Renders the whole HTML document around the app on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The console: a header with the breadcrumb root and the signed-in user, and the routed page.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    view! {
        <Stylesheet id="leptos" href="/pkg/console.css"/>
        <Title text="Integration Console"/>
        <Router>
            <header class="top-bar">
                <A href="/">"Integration Console"</A>
                <AccountMenu/>
            </header>
            <main>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=EnvironmentsPage ssr=SsrMode::InOrder/>
                    <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::InOrder/>
                    <Route
                        path=path!("/environments/:env/integrations/salesforce")
                        view=SettingsPage
                        ssr=SsrMode::InOrder
                    />
                    <Route
                        path=path!("/environments/:env/integrations/salesforce/explorer")
                        view=ExplorerPage
                        ssr=SsrMode::InOrder
                    />
                </Routes>
            </main>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <h1>"Page not found"</h1>
        <p>"No page has this address. " <A href="/">"Go to the environments list"</A> "."</p>
    }
}
