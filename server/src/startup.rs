//! Building and starting the application: database, master key, demo org, routes and layers.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use app::{App, shell};
use axum::{Router, middleware};
use axum::http::Request;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::SqliteStore;
use tracing::Level;

use crate::auth;
use crate::config::Settings;
use crate::db::Db;
use crate::routes::origin::reject_cross_origin_server_fn_calls;
use crate::routes::security_headers::{SecurityHeaders, provide_csp_nonce, set_security_headers};
use crate::routes::{self, AppState};
use crate::salesforce::build_http_client;
use crate::secrets::Sealer;
use crate::services::Console;

/// The environment that exists on first start.
const DEFAULT_ENVIRONMENT: (&str, &str) = ("development", "Development");

/// A started console.
pub struct RunningConsole {
    /// The address the console listens on.
    pub addr: SocketAddr,
    /// The settings after ports chosen by the operating system were filled in.
    pub settings: Settings,
    /// The address the demo org listens on, when it is on.
    pub demo_org_addr: Option<SocketAddr>,
    server: JoinHandle<std::io::Result<()>>,
    demo_org: Option<JoinHandle<std::io::Result<()>>>,
}

impl RunningConsole {
    /// Serves until Ctrl-C or SIGTERM, then stops.
    pub async fn wait_for_shutdown_signal(self) -> anyhow::Result<()> {
        shutdown_signal().await;
        tracing::info!("shutdown signal received; stopping");
        self.stop();
        Ok(())
    }

    /// Stops the console and the demo org.
    pub fn stop(self) {
        self.server.abort();
        if let Some(demo_org) = self.demo_org {
            demo_org.abort();
        }
    }
}

/// Binds the listeners, builds the application and serves it in the background. A port of 0
/// (for the console or the demo org) takes a free port, and the public URL and Salesforce URLs
/// that were derived from it are updated to match.
pub async fn start(mut settings: Settings) -> anyhow::Result<RunningConsole> {
    let listener = TcpListener::bind(settings.listen_addr)
        .await
        .with_context(|| format!("cannot listen on {} (LEPTOS_SITE_ADDR)", settings.listen_addr))?;
    let addr = listener.local_addr().context("the console listener has no address")?;
    if settings.public_url == format!("http://{}", settings.listen_addr) {
        settings.public_url = format!("http://{addr}");
    }
    settings.listen_addr = addr;

    let (demo_org, demo_org_addr) = match &settings.demo_org {
        Some(demo) => {
            let demo_listener = TcpListener::bind(("127.0.0.1", demo.port))
                .await
                .with_context(|| format!("cannot listen on 127.0.0.1:{} (CONSOLE_DEMO_ORG_PORT)", demo.port))?;
            let demo_addr = demo_listener.local_addr().context("the demo org listener has no address")?;
            settings.apply_demo_org_port(demo_addr.port());
            let emulator = emulator::Emulator::new(emulator::EmulatorOptions {
                callback_urls: vec![settings.callback_url()],
            });
            tracing::info!(addr = %demo_addr, login_url = %settings.login_url, "demo org started");
            (Some(tokio::spawn(emulator.serve(demo_listener))), Some(demo_addr))
        }
        None => (None, None),
    };

    let router = build_app(settings.clone()).await?;
    tracing::info!(addr = %addr, public_url = %settings.public_url, "console listening");
    // The peer address is what sign-in throttling counts failures per client address by.
    let service = router.into_make_service_with_connect_info::<SocketAddr>();
    let server = tokio::spawn(async move { axum::serve(listener, service).await });
    Ok(RunningConsole { addr, settings, demo_org_addr, server, demo_org })
}

/// Builds the whole router: pages, server functions, plain routes, sessions, sign-in checks,
/// security headers and request logs. Serve it with connect info (`SocketAddr`), as [`start`]
/// does, or sign-in throttles every client under one address.
pub async fn build_app(settings: Settings) -> anyhow::Result<Router> {
    if settings.database_url.starts_with("sqlite://") {
        std::fs::create_dir_all(&settings.data_dir).with_context(|| {
            format!("cannot create CONSOLE_DATA_DIR {}", settings.data_dir.display())
        })?;
    }
    let db = Db::connect(&settings.database_url).await?;
    db.ensure_environment(DEFAULT_ENVIRONMENT.0, DEFAULT_ENVIRONMENT.1)
        .await
        .context("creating the default environment failed")?;
    let removed = db.delete_stale_oauth_states().await.context("cleaning OAuth states failed")?;
    tracing::info!(removed, "removed stale OAuth states");
    let cutoff = crate::db::now_ms() - 24 * 60 * 60 * 1000;
    let removed = db.delete_stale_sign_in_attempts(cutoff).await.context("cleaning sign-in attempts failed")?;
    tracing::info!(removed, "removed stale sign-in attempts");
    auth::sync_demo_users(&db, settings.demo_org.is_some())
        .await
        .context("preparing the demo console users failed")?;

    let (master_key, previous_keys) = crate::master_key::load_keys(&settings)?;
    tracing::info!(
        key.id = %master_key.key_id(),
        previous_keys = previous_keys.len(),
        "master key loaded"
    );
    let sealer = Sealer::new(master_key, previous_keys);
    let http = build_http_client()?;

    let session_store = SqliteStore::new(db.pool().clone());
    session_store.migrate().await.context("creating the session table failed")?;
    // SameSite=Lax, not Strict: the redirect back from Salesforce to the callback is a
    // cross-site top-level navigation, and it must carry the session cookie.
    let sessions = SessionManagerLayer::new(session_store)
        .with_name("console_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(settings.is_https())
        .with_expiry(Expiry::OnInactivity(tower_sessions::cookie::time::Duration::hours(8)));

    let security_headers = Arc::new(SecurityHeaders::new(&settings)?);
    let public_origin: Arc<str> = Arc::from(settings.public_url.as_str());
    let console = Arc::new(Console::new(db.clone(), sealer, http, settings.clone()));
    let leptos_options = leptos_options(&settings);
    let state = AppState { leptos_options: leptos_options.clone(), console: console.clone() };
    let services = console.services();
    let routes = generate_route_list(App);

    let router = routes::router()
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(services.clone());
                provide_csp_nonce();
            },
            {
                let options = leptos_options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(provide_csp_nonce, shell))
        // Layers run outside in: the last one added sees the request first.
        .layer(middleware::from_fn(auth::require_sign_in))
        .layer(middleware::from_fn_with_state(db, auth::resolve_caller))
        .layer(middleware::from_fn_with_state(public_origin, reject_cross_origin_server_fn_calls))
        .layer(sessions)
        .layer(middleware::from_fn_with_state(security_headers, set_security_headers))
        .layer(
            TraceLayer::new_for_http()
                // The span names the path only: a query string can carry an authorization code.
                .make_span_with(|request: &Request<_>| {
                    tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
                })
                .on_request(())
                .on_response(DefaultOnResponse::new().level(Level::INFO))
                // The response line already carries the status; server functions respond to a
                // user's mistake with a 4xx that is logged where it is handled.
                .on_failure(()),
        )
        .with_state(state);
    Ok(router)
}

fn leptos_options(settings: &Settings) -> LeptosOptions {
    let site_root = std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".to_string());
    LeptosOptions::builder()
        .output_name("console")
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .site_addr(settings.listen_addr)
        .build()
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(error = %error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
