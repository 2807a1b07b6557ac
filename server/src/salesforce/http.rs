//! The reqwest client for every Salesforce call, and a resolver that keeps `*.localhost` on loopback.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Maximum time to open a TCP and TLS connection to a Salesforce host.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Maximum time for a whole request, response body included. A query page of 2,000 wide records
/// is the largest response the console reads.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// Builds the one reqwest client for Salesforce calls.
///
/// Redirects are never followed: a Lightning host responds to a token POST with 302, and a client
/// that follows it turns the POST into a GET that fails with 405. Names under `.localhost` resolve
/// to 127.0.0.1 (RFC 6761) so the emulated demo org works without DNS, and every other name goes
/// to the system resolver.
///
/// NOTE: proxies set through `HTTPS_PROXY` and `HTTP_PROXY` still apply, so a deployment behind a
/// proxy that also runs the demo org must list `.localhost` in `NO_PROXY`.
pub fn build_http_client() -> anyhow::Result<reqwest::Client> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(REQUEST_TIMEOUT)
        .user_agent(concat!("integration-console/", env!("CARGO_PKG_VERSION")))
        .dns_resolver(Arc::new(LocalhostResolver))
        .build()
        .context("failed to build the HTTP client for Salesforce")
}

/// DNS resolver that resolves `localhost` and `*.localhost` to 127.0.0.1 and every other name
/// through the system resolver.
#[derive(Debug, Clone, Copy, Default)]
pub struct LocalhostResolver;

impl Resolve for LocalhostResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            if is_localhost_name(&host) {
                // Port 0 is replaced by the URL's port (or the scheme's default) by reqwest.
                let loopback = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0);
                let addrs: Addrs = Box::new(std::iter::once(loopback));
                return Ok(addrs);
            }
            let resolved = tokio::net::lookup_host((host.as_str(), 0)).await?;
            let addrs: Vec<SocketAddr> = resolved.collect();
            let addrs: Addrs = Box::new(addrs.into_iter());
            Ok(addrs)
        })
    }
}

/// Returns true for `localhost` and any name under `.localhost`, ignoring case and a final dot.
pub fn is_localhost_name(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
    host == "localhost" || host.ends_with(".localhost")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localhost_name_plain() {
        assert!(is_localhost_name("localhost"));
    }

    #[test]
    fn localhost_name_subdomains() {
        assert!(is_localhost_name("login.localhost"));
        assert!(is_localhost_name("acme--uat.sandbox.localhost"));
        assert!(is_localhost_name("Demo.LocalHost."));
    }

    #[test]
    fn localhost_name_rejects_lookalikes() {
        assert!(!is_localhost_name("localhost.example.com"));
        assert!(!is_localhost_name("evillocalhost"));
        assert!(!is_localhost_name("acme.my.salesforce.com"));
    }

    #[tokio::test]
    async fn resolver_sends_localhost_names_to_loopback() {
        let name: Name = "demo.localhost"
            .parse()
            .expect("demo.localhost is a valid DNS name");
        let addrs: Vec<SocketAddr> = LocalhostResolver
            .resolve(name)
            .await
            .expect("a .localhost name always resolves")
            .collect();
        assert_eq!(addrs, vec![SocketAddr::from(([127, 0, 0, 1], 0))]);
    }

    #[test]
    fn client_builds() {
        assert!(build_http_client().is_ok());
    }
}
