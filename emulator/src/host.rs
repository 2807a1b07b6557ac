//! Addressing: which site a request is for, read from its `Host` header, and the URLs built from it.

use axum::http::{HeaderMap, header::HOST};

/// The kind of site a `Host` header names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SiteKind {
    /// `login.localhost` or `test.localhost`: OAuth endpoints only, like login.salesforce.com
    /// and test.salesforce.com. The field is `login` or `test`.
    Login(&'static str),
    /// `{domain}.localhost` for a known org: OAuth endpoints and the REST API.
    Org(usize),
    /// `{domain}.localhost` for a My Domain no org has.
    UnknownOrg(String),
    /// `127.0.0.1` or `localhost`: the emulator's control endpoint only.
    Control,
}

/// The site of one request, plus the port the client used, which every URL the emulator hands
/// out repeats so that a listener on port 0 works.
#[derive(Clone, Debug)]
pub struct Site {
    pub kind: SiteKind,
    pub port: Option<u16>,
}

impl Site {
    /// Builds `http://{name}.localhost:{port}` without a trailing slash.
    pub fn origin(&self, name: &str) -> String {
        match self.port {
            Some(port) => format!("http://{name}.localhost:{port}"),
            None => format!("http://{name}.localhost"),
        }
    }

    /// Builds the origin of the generic login host: the one the request came to, or
    /// `login.localhost` for a request to an org host.
    pub fn login_origin(&self) -> String {
        match self.kind {
            SiteKind::Login(name) => self.origin(name),
            _ => self.origin("login"),
        }
    }
}

/// Splits a request's `Host` header into the host name (lower-cased, without its port) and the
/// port.
pub fn split_host(headers: &HeaderMap) -> (String, Option<u16>) {
    let raw = headers
        .get(HOST)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match raw.rsplit_once(':') {
        Some((name, port)) => match port.parse::<u16>() {
            Ok(port) => (name.to_owned(), Some(port)),
            Err(_) => (raw.clone(), None),
        },
        None => (raw, None),
    }
}

/// Classifies a host name. `find_org` maps a My Domain name to the index of its org.
pub fn classify(name: &str, find_org: impl Fn(&str) -> Option<usize>) -> SiteKind {
    let name = name.trim_end_matches('.');
    if name == "127.0.0.1" || name == "localhost" || name == "[::1]" || name.is_empty() {
        return SiteKind::Control;
    }
    let Some(domain) = name.strip_suffix(".localhost") else {
        return SiteKind::UnknownOrg(name.to_owned());
    };
    match domain {
        "login" => return SiteKind::Login("login"),
        "test" => return SiteKind::Login("test"),
        _ => {}
    }
    match find_org(domain) {
        Some(index) => SiteKind::Org(index),
        None => SiteKind::UnknownOrg(domain.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(host: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            HOST,
            HeaderValue::from_str(host).expect("test hosts are valid"),
        );
        headers
    }

    #[test]
    fn split_host_reads_name_and_port() {
        assert_eq!(
            split_host(&headers("Demo.localhost:3100")),
            ("demo.localhost".to_owned(), Some(3100))
        );
        assert_eq!(
            split_host(&headers("demo.localhost")),
            ("demo.localhost".to_owned(), None)
        );
    }

    #[test]
    fn classify_hosts() {
        let find = |domain: &str| (domain == "demo").then_some(0);
        assert_eq!(classify("login.localhost", find), SiteKind::Login("login"));
        assert_eq!(classify("test.localhost", find), SiteKind::Login("test"));
        assert_eq!(classify("demo.localhost", find), SiteKind::Org(0));
        assert_eq!(
            classify("nosuch.localhost", find),
            SiteKind::UnknownOrg("nosuch".to_owned())
        );
        assert_eq!(classify("127.0.0.1", find), SiteKind::Control);
    }
}
