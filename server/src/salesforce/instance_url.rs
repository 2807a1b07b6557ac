//! The org's `instance_url`: the base of every REST API call for one connection.

use std::fmt;
use std::net::IpAddr;

use url::{Host, Url};

use super::error::SalesforceError;
use super::http::is_localhost_name;

/// An org's instance URL, stored and used without a trailing slash, such as
/// `https://acme.my.salesforce.com`.
///
/// It has a scheme and host (and maybe a port) but no path, query, fragment or user name. Plain
/// `http` is accepted only for loopback and `*.localhost` hosts, where the emulated demo org runs.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct InstanceUrl(Url);

impl InstanceUrl {
    /// Parses an `instance_url`, dropping trailing slashes (Salesforce sometimes sends one).
    pub fn parse(value: &str) -> Result<Self, SalesforceError> {
        let invalid = |reason: &str| SalesforceError::invalid_url("instance_url", value, reason);

        let mut url = Url::parse(value.trim()).map_err(|error| invalid(&error.to_string()))?;
        let Some(host) = url.host() else {
            return Err(invalid("the URL has no host"));
        };
        match url.scheme() {
            "https" => {}
            "http" if is_loopback_host(&host) => {}
            "http" => {
                return Err(invalid(
                    "only https is allowed outside loopback and .localhost",
                ));
            }
            _ => return Err(invalid("the scheme must be https")),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid("the URL must not contain a user name or password"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid("the URL must not contain a query or fragment"));
        }
        if !url.path().trim_matches('/').is_empty() {
            return Err(invalid("the URL must not contain a path"));
        }

        url.set_path("/");
        Ok(Self(url))
    }

    /// Returns the URL without a trailing slash, such as `https://acme.my.salesforce.com`.
    pub fn as_str(&self) -> &str {
        // The path is always "/", so the serialized URL ends in exactly one slash.
        self.0.as_str().trim_end_matches('/')
    }

    /// Returns the host name, such as `acme.my.salesforce.com`.
    pub fn host(&self) -> &str {
        self.0
            .host_str()
            .expect("InstanceUrl::parse rejects URLs without a host")
    }

    /// Appends a path (with its query) to the instance URL with exactly one slash between them,
    /// so a `nextRecordsUrl` of `/services/data/v62.0/query/01gxx-2000` is used unchanged.
    pub fn join_path(&self, path_and_query: &str) -> String {
        format!(
            "{}/{}",
            self.as_str(),
            path_and_query.trim_start_matches('/')
        )
    }
}

fn is_loopback_host(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => is_localhost_name(name),
        Host::Ipv4(address) => IpAddr::V4(*address).is_loopback(),
        Host::Ipv6(address) => IpAddr::V6(*address).is_loopback(),
    }
}

impl fmt::Display for InstanceUrl {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

impl fmt::Debug for InstanceUrl {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_tuple("InstanceUrl")
            .field(&self.as_str())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(value: &str) -> InstanceUrl {
        InstanceUrl::parse(value).unwrap_or_else(|error| panic!("{value} should parse: {error}"))
    }

    #[test]
    fn trailing_slash_is_dropped() {
        assert_eq!(
            parse("https://acme.my.salesforce.com/").as_str(),
            "https://acme.my.salesforce.com"
        );
    }

    #[test]
    fn repeated_trailing_slashes_are_dropped() {
        assert_eq!(
            parse("https://acme.my.salesforce.com//").as_str(),
            "https://acme.my.salesforce.com"
        );
    }

    #[test]
    fn without_trailing_slash_is_unchanged() {
        assert_eq!(
            parse("https://acme--uat.sandbox.my.salesforce.com").as_str(),
            "https://acme--uat.sandbox.my.salesforce.com"
        );
    }

    #[test]
    fn join_query_path_has_single_slash() {
        let instance_url = parse("https://acme.my.salesforce.com/");
        assert_eq!(
            instance_url.join_path("/services/data/v62.0/query?q=SELECT%20Id%20FROM%20Account"),
            "https://acme.my.salesforce.com/services/data/v62.0/query?q=SELECT%20Id%20FROM%20Account"
        );
    }

    #[test]
    fn join_never_builds_double_slash() {
        let instance_url = parse("https://acme.my.salesforce.com/");
        for path in ["services/data/", "/services/data/", "//services/data/"] {
            let joined = instance_url.join_path(path);
            assert_eq!(
                joined, "https://acme.my.salesforce.com/services/data/",
                "{path}"
            );
            assert!(!joined.contains("//services"), "{joined}");
        }
    }

    #[test]
    fn join_next_records_url_unchanged() {
        let instance_url = parse("https://acme.my.salesforce.com");
        assert_eq!(
            instance_url.join_path("/services/data/v62.0/query/01gxx0000000001AAA-2000"),
            "https://acme.my.salesforce.com/services/data/v62.0/query/01gxx0000000001AAA-2000"
        );
    }

    #[test]
    fn localhost_http_with_port() {
        let instance_url = parse("http://demo.localhost:40123");
        assert_eq!(instance_url.as_str(), "http://demo.localhost:40123");
        assert_eq!(instance_url.host(), "demo.localhost");
    }

    #[test]
    fn loopback_ip_http() {
        assert_eq!(
            parse("http://127.0.0.1:8080/").as_str(),
            "http://127.0.0.1:8080"
        );
    }

    #[test]
    fn host_is_lowercased() {
        assert_eq!(
            parse("HTTPS://Acme.My.Salesforce.com").as_str(),
            "https://acme.my.salesforce.com"
        );
    }

    #[test]
    fn rejected_values() {
        for value in [
            "",
            "acme.my.salesforce.com",
            "http://acme.my.salesforce.com",
            "ftp://acme.my.salesforce.com",
            "https://acme.my.salesforce.com/services/data",
            "https://acme.my.salesforce.com/?q=1",
            "https://acme.my.salesforce.com/#top",
            "https://user:password@acme.my.salesforce.com",
            "http://demo.localhost.example.com",
        ] {
            let result = InstanceUrl::parse(value);
            assert!(
                matches!(&result, Err(SalesforceError::Transport(message)) if message.starts_with("invalid instance_url")),
                "{value:?} should be rejected, got {result:?}"
            );
        }
    }

    #[test]
    fn debug_and_display_show_the_url() {
        let instance_url = parse("https://acme.my.salesforce.com/");
        assert_eq!(instance_url.to_string(), "https://acme.my.salesforce.com");
        assert_eq!(
            format!("{instance_url:?}"),
            "InstanceUrl(\"https://acme.my.salesforce.com\")"
        );
    }
}
