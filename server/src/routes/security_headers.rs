//! Security headers on every response: no framing, a content security policy with a nonce per
//! response, no referrer to other sites, no caching of pages, and no MIME sniffing.

use std::sync::Arc;

use anyhow::Context;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use leptos::prelude::{provide_context, use_context};
use rand::RngCore;

use crate::config::Settings;

/// The placeholder in the policy text that each response replaces with its nonce.
const NONCE_PLACEHOLDER: &str = "{nonce}";

/// The policy of the settings, built once at start-up; each response fills in its own nonce.
#[derive(Clone, Debug)]
pub struct SecurityHeaders {
    content_security_policy: String,
}

/// The nonce of one response, put into the request's extensions for the Leptos render.
#[derive(Clone, Debug)]
pub struct CspNonce(Arc<str>);

impl CspNonce {
    /// Generates a nonce from 16 random bytes, in URL-safe base64.
    fn generate() -> Self {
        let mut bytes = [0_u8; 16];
        rand::thread_rng().fill_bytes(&mut bytes);
        CspNonce(
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(bytes)
                .into(),
        )
    }
}

/// Gives the Leptos render this request's nonce in place of the one `leptos_axum` generated, so
/// the inline scripts carry the nonce that the `Content-Security-Policy` header names. Call it
/// in the context closure of the Leptos routes and of the fallback handler. Without request parts
/// or a nonce in them, it leaves the render's own nonce.
pub fn provide_csp_nonce() {
    let Some(parts) = use_context::<http::request::Parts>() else {
        return;
    };
    if let Some(CspNonce(nonce)) = parts.extensions.get::<CspNonce>() {
        provide_context(leptos::nonce::Nonce::from_value(nonce.clone()));
    }
}

impl SecurityHeaders {
    /// Builds the policy for these settings. Connect's form post gets a redirect to the
    /// Salesforce login host, and Chromium blocks a form post whose redirect leaves the origins
    /// that `form-action` lists (checked with Chromium 156), so the login hosts and the org URL
    /// pattern are listed there.
    pub fn new(settings: &Settings) -> anyhow::Result<Self> {
        let mut form_targets = vec!["'self'".to_string()];
        for url in [&settings.login_url, &settings.sandbox_login_url] {
            let source = origin_source(url)
                .with_context(|| format!("the login URL {url:?} has no origin for form-action"))?;
            form_targets.push(source);
        }
        form_targets.push(org_source(&settings.org_url_template)?);
        form_targets.dedup();

        // Leptos writes its hydration call and the data of resolved resources into inline
        // <script> elements with the render's nonce, and the wasm module needs
        // 'wasm-unsafe-eval' to compile.
        // NOTE: `cargo leptos watch` adds a live-reload script whose WebSocket connect-src blocks.
        let policy = format!(
            "default-src 'self'; script-src 'self' 'nonce-{NONCE_PLACEHOLDER}' 'wasm-unsafe-eval'; \
             style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; \
             base-uri 'none'; frame-ancestors 'none'; form-action {}",
            form_targets.join(" ")
        );
        HeaderValue::from_str(&policy)
            .context("the content security policy is not a valid header value")?;
        Ok(SecurityHeaders {
            content_security_policy: policy,
        })
    }

    /// Returns the `Content-Security-Policy` value for a response with `nonce`.
    fn content_security_policy(&self, nonce: &CspNonce) -> HeaderValue {
        let policy = self
            .content_security_policy
            .replace(NONCE_PLACEHOLDER, &nonce.0);
        // The policy was checked at start-up and the nonce is URL-safe base64, so this holds.
        HeaderValue::from_str(&policy)
            .unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'"))
    }
}

/// Sets the security headers on the response. A `Referrer-Policy` or `Cache-Control` that a
/// route set itself is kept, except on the OAuth callback, whose URL contains the authorization
/// code and so never goes out as a referrer.
pub async fn set_security_headers(
    State(security): State<Arc<SecurityHeaders>>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let nonce = CspNonce::generate();
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    apply(response.headers_mut(), &security, &nonce, &path);
    response
}

fn apply(headers: &mut HeaderMap, security: &SecurityHeaders, nonce: &CspNonce, path: &str) {
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        security.content_security_policy(nonce),
    );

    // `no-referrer` everywhere would make Chromium send `Origin: null` on the console's own form
    // posts (checked with Chromium 156), which the same-origin checks reject. `same-origin`
    // sends no referrer to other sites.
    if path == "/integration-callback" {
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
    } else if !headers.contains_key(header::REFERRER_POLICY) {
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        );
    }

    // Pages and server function responses can contain settings, so no cache keeps them. The
    // built wasm, JavaScript and CSS under /pkg/ contain nothing private.
    if !path.starts_with("/pkg/") && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
}

/// Returns the CSP source of a URL's origin, such as `https://login.salesforce.com`.
fn origin_source(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let origin = parsed.origin();
    origin.is_tuple().then(|| origin.ascii_serialization())
}

/// Returns the CSP source of every org URL the template can produce: `https://{domain}.my.salesforce.com`
/// becomes `https://*.my.salesforce.com`. A template whose host does not start with `{domain}.`
/// is allowed as the scheme and port with any host, because CSP wildcards only a leading label.
fn org_source(template: &str) -> anyhow::Result<String> {
    let sample = url::Url::parse(&template.replace("{domain}", "x"))
        .with_context(|| format!("SALESFORCE_ORG_URL_TEMPLATE {template:?} is not a URL"))?;
    let host = sample
        .host_str()
        .context("SALESFORCE_ORG_URL_TEMPLATE has no host")?;
    let port = sample
        .port()
        .map(|port| format!(":{port}"))
        .unwrap_or_default();
    Ok(match host.strip_prefix("x.") {
        Some(parent) => format!("{}://*.{parent}{port}", sample.scheme()),
        None => format!("{}://*{port}", sample.scheme()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> Settings {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        Settings::from_lookup(move |name| {
            pairs
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        })
        .expect("the test settings are valid")
    }

    fn nonce() -> CspNonce {
        CspNonce("n0nce".into())
    }

    fn form_action(security: &SecurityHeaders) -> String {
        let policy = security
            .content_security_policy(&nonce())
            .to_str()
            .expect("ASCII")
            .to_string();
        policy
            .split("; ")
            .find_map(|directive| directive.strip_prefix("form-action "))
            .expect("the policy has form-action")
            .to_string()
    }

    #[test]
    fn demo_org_form_targets() {
        let security = SecurityHeaders::new(&settings(&[])).expect("valid");
        assert_eq!(
            form_action(&security),
            "'self' http://login.localhost:3100 http://test.localhost:3100 http://*.localhost:3100"
        );
    }

    #[test]
    fn salesforce_form_targets() {
        let security =
            SecurityHeaders::new(&settings(&[("CONSOLE_DEMO_ORG", "off")])).expect("valid");
        assert_eq!(
            form_action(&security),
            "'self' https://login.salesforce.com https://test.salesforce.com https://*.my.salesforce.com"
        );
    }

    #[test]
    fn scripts_need_the_nonce() {
        let security = SecurityHeaders::new(&settings(&[])).expect("valid");
        let value = security.content_security_policy(&nonce());
        let policy = value.to_str().expect("ASCII");
        assert!(
            policy.contains("script-src 'self' 'nonce-n0nce' 'wasm-unsafe-eval';"),
            "{policy}"
        );
        assert!(!policy.contains("unsafe-inline"), "{policy}");
    }

    #[test]
    fn generated_nonces_differ() {
        let first = CspNonce::generate();
        let second = CspNonce::generate();
        assert_ne!(first.0, second.0);
        assert_eq!(first.0.len(), 22, "16 bytes in unpadded base64");
    }

    #[test]
    fn policy_forbids_framing_and_plugins() {
        let security = SecurityHeaders::new(&settings(&[])).expect("valid");
        let value = security.content_security_policy(&nonce());
        let policy = value.to_str().expect("ASCII");
        assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
        assert!(policy.contains("object-src 'none'"), "{policy}");
        assert!(policy.starts_with("default-src 'self'; "), "{policy}");
    }

    #[test]
    fn org_source_without_leading_domain() {
        assert_eq!(
            org_source("https://salesforce.example/{domain}").expect("valid"),
            "https://*"
        );
    }

    #[test]
    fn callback_never_sends_a_referrer() {
        let security = SecurityHeaders::new(&settings(&[])).expect("valid");
        let mut headers = HeaderMap::new();
        headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("origin"));
        apply(&mut headers, &security, &nonce(), "/integration-callback");
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer");
    }

    #[test]
    fn pages_are_not_cached_but_assets_may_be() {
        let security = SecurityHeaders::new(&settings(&[])).expect("valid");
        let mut page = HeaderMap::new();
        apply(
            &mut page,
            &security,
            &nonce(),
            "/environments/development/integrations/salesforce",
        );
        assert_eq!(page[header::CACHE_CONTROL], "no-store");
        assert_eq!(page[header::REFERRER_POLICY], "same-origin");
        let mut asset = HeaderMap::new();
        apply(&mut asset, &security, &nonce(), "/pkg/console.wasm");
        assert!(asset.get(header::CACHE_CONTROL).is_none());
    }
}
