//! The org's My Domain name: reducing what the admin types or pastes to the prefix of the org's
//! host, the org type that prefix shows, and the org URL built from it.

mod error;
mod host;
#[cfg(test)]
mod tests;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use error::MyDomainError;

/// The org URL template used when the deployment sets none. `{domain}` is replaced by the prefix.
pub const DEFAULT_ORG_URL_TEMPLATE: &str = "https://{domain}.my.salesforce.com";

/// The maximum length of a My Domain name, not counting a sandbox's `--name` part.
// NOTE: secondary sources give 40 characters, and no Salesforce page we read confirms it.
pub const MAX_NAME_LENGTH: usize = 40;

/// The maximum length of one DNS label (RFC 1035), which bounds a sandbox's `name--sandbox` label.
const MAX_LABEL_LENGTH: usize = 63;

/// The names of Salesforce's generic login hosts, which are never an org's My Domain.
const GENERIC_LOGIN_NAMES: [&str; 2] = ["login", "test"];

/// A normalized My Domain prefix such as `acme`, `acme.develop` or `acme--uat.sandbox`.
///
/// The prefix is lower case, contains only letters, digits, hyphens and at most one dot, and that
/// dot is followed by an org-type suffix. So `{prefix}.my.salesforce.com` is always a host under
/// Salesforce's domain, whatever the admin typed.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MyDomain {
    prefix: String,
}

/// The kind of org a My Domain prefix belongs to, read from its suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrgKind {
    Production,
    DeveloperEdition,
    Sandbox,
    Scratch,
    Patch,
    TrailheadPlayground,
    Demo,
}

/// A parsed My Domain with an optional hint for the admin, such as a sandbox name that lacks
/// its `.sandbox` suffix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedMyDomain {
    pub domain: MyDomain,
    pub warning: Option<String>,
}

impl MyDomain {
    /// Parses a My Domain name, or a pasted org, Lightning or Setup URL, into its normalized
    /// prefix.
    ///
    /// Scheme, port, path, query, trailing slashes, case and surrounding spaces are dropped. The
    /// `--` between an org's and a sandbox's name is kept as typed.
    pub fn parse(input: &str) -> Result<ParsedMyDomain, MyDomainError> {
        let host = host::extract_host(input)?;
        reject_generic_login_host(&host)?;

        let (prefix, from_org_host) = match host::strip_org_host_domains(&host) {
            Some(prefix) => (prefix, true),
            None => (host.as_str(), false),
        };
        if prefix.is_empty() {
            return Err(MyDomainError::Empty);
        }
        if prefix.split('.').any(str::is_empty) {
            return Err(MyDomainError::EmptyLabel {
                value: prefix.to_owned(),
            });
        }
        reject_generic_login_host(prefix)?;

        let labels: Vec<&str> = prefix.split('.').collect();
        let (name, suffix) = match labels.as_slice() {
            [name] => (*name, None),
            [name, suffix] if OrgKind::from_suffix(suffix).is_some() => (*name, Some(*suffix)),
            _ if from_org_host => {
                return Err(MyDomainError::UnrecognizedSuffix {
                    prefix: prefix.to_owned(),
                    suggestion: host::suggest_prefix(prefix),
                });
            }
            _ => return Err(host::foreign_host_error(&host)),
        };
        check_name(name)?;

        let domain = MyDomain {
            prefix: prefix.to_owned(),
        };
        let warning = warning_for(name, suffix);
        Ok(ParsedMyDomain { domain, warning })
    }

    /// Returns the normalized prefix, for example `acme--uat.sandbox`.
    pub fn as_str(&self) -> &str {
        &self.prefix
    }

    /// Returns the kind of org that the prefix's suffix names.
    pub fn org_kind(&self) -> OrgKind {
        match self.prefix.split_once('.') {
            Some((_, suffix)) => OrgKind::from_suffix(suffix)
                .expect("a parsed prefix has a dot only before a known org-type suffix"),
            None => kind_without_suffix(&self.prefix),
        }
    }

    /// Builds the org base URL from a template containing `{domain}`, e.g.
    /// "https://{domain}.my.salesforce.com" -> "https://acme--uat.sandbox.my.salesforce.com".
    pub fn org_url(&self, template: &str) -> String {
        template.replace("{domain}", &self.prefix)
    }
}

impl fmt::Display for MyDomain {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.prefix)
    }
}

/// Deserializing parses again, so a stored or posted value can never skip the checks.
impl TryFrom<String> for MyDomain {
    type Error = MyDomainError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        MyDomain::parse(&value).map(|parsed| parsed.domain)
    }
}

impl From<MyDomain> for String {
    fn from(domain: MyDomain) -> Self {
        domain.prefix
    }
}

impl OrgKind {
    /// Every kind, in the order a form lists them.
    pub const ALL: [OrgKind; 7] = [
        OrgKind::Production,
        OrgKind::DeveloperEdition,
        OrgKind::Sandbox,
        OrgKind::Scratch,
        OrgKind::Patch,
        OrgKind::TrailheadPlayground,
        OrgKind::Demo,
    ];

    /// Returns the name Salesforce uses for this kind of org.
    pub fn label(self) -> &'static str {
        match self {
            OrgKind::Production => "Production",
            OrgKind::DeveloperEdition => "Developer Edition",
            OrgKind::Sandbox => "Sandbox",
            OrgKind::Scratch => "Scratch org",
            OrgKind::Patch => "Patch org",
            OrgKind::TrailheadPlayground => "Trailhead Playground",
            OrgKind::Demo => "Demo org",
        }
    }

    /// Tells whether the generic login host for this kind is test.salesforce.com rather than
    /// login.salesforce.com: true for sandboxes and scratch orgs.
    pub fn is_sandbox_like(self) -> bool {
        matches!(self, OrgKind::Sandbox | OrgKind::Scratch)
    }

    /// Returns the suffix label that follows the name in the prefix, if this kind has one.
    pub fn suffix(self) -> Option<&'static str> {
        match self {
            OrgKind::Production => None,
            OrgKind::DeveloperEdition => Some("develop"),
            OrgKind::Sandbox => Some("sandbox"),
            OrgKind::Scratch => Some("scratch"),
            OrgKind::Patch => Some("patch"),
            OrgKind::TrailheadPlayground => Some("trailblaze"),
            OrgKind::Demo => Some("demo"),
        }
    }

    fn from_suffix(suffix: &str) -> Option<OrgKind> {
        OrgKind::ALL
            .into_iter()
            .find(|kind| kind.suffix() == Some(suffix))
    }
}

/// Reads the kind of a prefix without a suffix from the names Salesforce used before enhanced
/// domains: `acme--uat` for a sandbox and `acme-dev-ed` for a Developer Edition org.
fn kind_without_suffix(name: &str) -> OrgKind {
    if name.contains("--") {
        OrgKind::Sandbox
    } else if name.ends_with("-dev-ed") {
        OrgKind::DeveloperEdition
    } else {
        OrgKind::Production
    }
}

fn reject_generic_login_host(host: &str) -> Result<(), MyDomainError> {
    match host {
        "login" | "login.salesforce.com" => Err(MyDomainError::GenericLoginHost),
        "test" | "test.salesforce.com" => Err(MyDomainError::GenericSandboxLoginHost),
        _ => Ok(()),
    }
}

/// Checks the name label of a prefix, whose characters the host check already limited to
/// letters, digits and hyphens.
fn check_name(name: &str) -> Result<(), MyDomainError> {
    if name.starts_with('-') {
        return Err(MyDomainError::LeadingHyphen {
            name: name.to_owned(),
        });
    }
    if name.ends_with('-') {
        return Err(MyDomainError::TrailingHyphen {
            name: name.to_owned(),
        });
    }

    // A sandbox label is the org's name, `--` and the sandbox's name. The 40-character limit
    // applies to the org's name.
    let org_name = name.split_once("--").map_or(name, |(org_name, _)| org_name);
    let length = org_name.chars().count();
    if length > MAX_NAME_LENGTH {
        return Err(MyDomainError::NameTooLong { length });
    }
    let length = name.chars().count();
    if length > MAX_LABEL_LENGTH {
        return Err(MyDomainError::LabelTooLong { length });
    }
    Ok(())
}

/// Returns a hint when the prefix is accepted but probably not what the org's URL shows.
fn warning_for(name: &str, suffix: Option<&str>) -> Option<String> {
    match suffix {
        Some("sandbox") if !name.contains("--") => Some(format!(
            "{name}.sandbox has no -- in its name, but a sandbox's My Domain is usually the \
             org's name, -- and the sandbox's name, for example acme--uat.sandbox: check the \
             sandbox's URL."
        )),
        Some(_) => None,
        None => match kind_without_suffix(name) {
            OrgKind::Sandbox => Some(format!(
                "{name} looks like a sandbox, and sandboxes with enhanced domains use \
                 {name}.sandbox: enter {name}.sandbox unless the sandbox's URL has no .sandbox \
                 in it."
            )),
            OrgKind::DeveloperEdition => Some(format!(
                "{name} looks like a Developer Edition name from before enhanced domains, which \
                 now use {name}.develop: enter {name}.develop unless the org's URL has no \
                 .develop in it."
            )),
            _ => None,
        },
    }
}
