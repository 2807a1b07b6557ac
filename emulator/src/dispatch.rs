//! Routing by the `Host` header: the login hosts get the OAuth routes, org hosts the OAuth and
//! REST routes, loopback addresses the control endpoint, and unknown My Domains a 404 page.

use axum::Router;
use axum::extract::{Request, State};
use axum::response::Response;
use tower::ServiceExt;

use crate::host::{Site, SiteKind, classify, split_host};
use crate::oauth;
use crate::oauth::pages::unknown_domain_page;
use crate::rest;
use crate::state::{Shared, lock};

/// The sub-routers of each kind of host.
#[derive(Clone)]
struct Sites {
    login: Router,
    org: Router,
    control: Router,
}

/// Builds the top-level router.
pub fn router(shared: Shared) -> Router {
    let sites = Sites {
        login: oauth::routes()
            .merge(crate::control::routes())
            .fallback(not_found_page)
            .with_state(shared.clone()),
        org: oauth::routes()
            .merge(rest::routes(shared.clone()))
            .merge(crate::control::routes())
            .fallback(not_found_page)
            .with_state(shared.clone()),
        control: crate::control::routes()
            .fallback(not_found_page)
            .with_state(shared.clone()),
    };
    Router::new().fallback(dispatch).with_state((shared, sites))
}

async fn not_found_page() -> Response {
    unknown_domain_page()
}

async fn dispatch(
    State((shared, sites)): State<(Shared, Sites)>,
    mut request: Request,
) -> Response {
    let (name, port) = split_host(request.headers());
    let kind = {
        let guard = lock(&shared);
        classify(&name, |domain| guard.org_index(domain))
    };
    let target = match &kind {
        SiteKind::Login(_) => sites.login,
        SiteKind::Org(_) => sites.org,
        SiteKind::Control => sites.control,
        SiteKind::UnknownOrg(_) => return unknown_domain_page(),
    };
    request.extensions_mut().insert(Site { kind, port });
    match target.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}
