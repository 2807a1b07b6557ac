//! Reduction of pasted text to a host name, and the sorting of hosts that are not an org's own.

use super::{GENERIC_LOGIN_NAMES, MyDomainError, OrgKind, check_name};

/// Domains that follow an org's My Domain prefix: the API host, the Lightning UI host and the
/// Setup host, as in `acme--uat.sandbox.lightning.force.com`.
const ORG_HOST_DOMAINS: [&str; 3] = [
    "my.salesforce.com",
    "lightning.force.com",
    "my.salesforce-setup.com",
];

/// Domains that Salesforce serves from, used to tell its instance, site, Visualforce and retired
/// hosts (`na1.salesforce.com`, `acme.my.site.com`, `acme.cloudforce.com`) from other domains.
// NOTE: this list is not exhaustive. A Salesforce host missing from it is still rejected, only
// with the "not a Salesforce domain" message.
const SALESFORCE_DOMAINS: [&str; 10] = [
    "salesforce.com",
    "force.com",
    "site.com",
    "cloudforce.com",
    "salesforce-sites.com",
    "salesforce-setup.com",
    "salesforce-experience.com",
    "visualforce.com",
    "documentforce.com",
    "database.com",
];

/// The example given when no part of the input makes a plausible name.
const FALLBACK_SUGGESTION: &str = "acme";

/// Returns the lower-case host of the input, without scheme, port, path, query, fragment or
/// trailing dot, and checks that it contains only letters, digits, hyphens and dots.
pub(super) fn extract_host(input: &str) -> Result<String, MyDomainError> {
    let text = input.trim().to_ascii_lowercase();
    let after_scheme = strip_scheme(&text)?;

    // The host ends where a path, query or fragment starts.
    let end = after_scheme
        .find(['/', '?', '#'])
        .unwrap_or(after_scheme.len());
    let authority = after_scheme[..end].trim();
    let host = strip_port(authority);
    let host = host.strip_suffix('.').unwrap_or(host);

    if host.is_empty() {
        return Err(MyDomainError::Empty);
    }
    if let Some(character) = host.chars().find(|c| !is_host_character(*c)) {
        return Err(MyDomainError::InvalidCharacter { character });
    }
    Ok(host.to_owned())
}

/// Strips every trailing org host domain (a pasted host may repeat one) and returns what is
/// left, or `None` when the host does not end in one of them.
pub(super) fn strip_org_host_domains(host: &str) -> Option<&str> {
    let mut rest = host;
    let mut stripped = false;
    while let Some(shorter) = ORG_HOST_DOMAINS
        .iter()
        .find_map(|domain| strip_domain(rest, domain))
    {
        rest = shorter;
        stripped = true;
    }
    stripped.then_some(rest)
}

/// Explains why a host that is neither a prefix nor an org host was rejected.
pub(super) fn foreign_host_error(host: &str) -> MyDomainError {
    if SALESFORCE_DOMAINS
        .iter()
        .any(|domain| strip_domain(host, domain).is_some())
    {
        return MyDomainError::NotMyDomainHost {
            host: host.to_owned(),
        };
    }

    let suggestion = suggest_prefix(host);
    let dotted_host = format!(".{host}.");
    let contains_salesforce_domain = SALESFORCE_DOMAINS
        .iter()
        .any(|domain| dotted_host.contains(&format!(".{domain}.")));
    if contains_salesforce_domain {
        MyDomainError::Lookalike {
            host: host.to_owned(),
            suggestion,
        }
    } else {
        MyDomainError::NotSalesforceDomain { suggestion }
    }
}

/// Returns the prefix the admin probably meant: the first label, with the second when that is
/// an org-type suffix, as in `acme--uat.sandbox.lightning.com` -> `acme--uat.sandbox`. A
/// sandbox-style name followed by anything else, such as a pre-enhanced-domain instance in
/// `acme--uat.cs42`, gets `.sandbox`.
pub(super) fn suggest_prefix(host: &str) -> String {
    let mut labels = host.split('.').peekable();
    if labels.peek() == Some(&"www") {
        labels.next();
    }
    let Some(name) = labels.next() else {
        return FALLBACK_SUGGESTION.to_owned();
    };
    if name.is_empty() || check_name(name).is_err() || GENERIC_LOGIN_NAMES.contains(&name) {
        return FALLBACK_SUGGESTION.to_owned();
    }

    match labels.next() {
        Some(suffix) if OrgKind::from_suffix(suffix).is_some() => format!("{name}.{suffix}"),
        Some(_) if name.contains("--") => format!("{name}.sandbox"),
        _ => name.to_owned(),
    }
}

fn strip_scheme(text: &str) -> Result<&str, MyDomainError> {
    let Some((scheme, rest)) = text.split_once("://") else {
        return Ok(text);
    };
    // A "://" inside a path or query, as in `acme.my.salesforce.com/?next=https://x`, does not
    // end a scheme.
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !is_scheme {
        return Ok(text);
    }
    match scheme {
        "https" | "http" => Ok(rest),
        _ => Err(MyDomainError::UnsupportedScheme {
            scheme: scheme.to_owned(),
        }),
    }
}

/// Drops a numeric port, as in `acme.my.salesforce.com:443`. Any other colon stays and is
/// rejected as an invalid character.
fn strip_port(authority: &str) -> &str {
    match authority.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => authority,
    }
}

fn is_host_character(character: char) -> bool {
    character.is_ascii_lowercase() || character.is_ascii_digit() || matches!(character, '-' | '.')
}

/// Returns the labels in front of `domain` when `host` is `domain` or a host under it.
fn strip_domain<'a>(host: &'a str, domain: &str) -> Option<&'a str> {
    if host == domain {
        return Some("");
    }
    host.strip_suffix(domain)?.strip_suffix('.')
}
