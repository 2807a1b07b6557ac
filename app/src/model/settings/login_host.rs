//! The host that authorization, token and refresh requests go to: Salesforce's generic login
//! host or the org's own My Domain.

use serde::{Deserialize, Serialize};

use crate::model::OrgKind;

/// The host the admin signs in on when connecting. Serialized as `generic` or `my_domain`, the values
/// the settings form posts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoginHost {
    /// login.salesforce.com, or test.salesforce.com for sandbox-like orgs.
    Generic,
    /// The org's own host built from its My Domain.
    MyDomain,
}

/// A login host value that is neither `generic`, `my_domain` nor empty.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("login host {value:?} is unknown: choose the generic login host or the org's My Domain")]
pub struct LoginHostError {
    pub value: String,
}

impl LoginHost {
    /// Both choices, in the order the form lists them.
    pub const ALL: [LoginHost; 2] = [LoginHost::Generic, LoginHost::MyDomain];

    /// Returns the value the settings form posts for this choice.
    pub fn value(self) -> &'static str {
        match self {
            LoginHost::Generic => "generic",
            LoginHost::MyDomain => "my_domain",
        }
    }

    /// Parses the posted value. An empty value selects the default for the org kind.
    pub fn parse(value: &str, kind: OrgKind) -> Result<LoginHost, LoginHostError> {
        match value.trim() {
            "" => Ok(LoginHost::default_for(kind)),
            "generic" => Ok(LoginHost::Generic),
            "my_domain" => Ok(LoginHost::MyDomain),
            other => Err(LoginHostError {
                value: other.to_owned(),
            }),
        }
    }

    /// Returns the choice for an org whose admin picked none. Sandboxes and scratch orgs sign in
    /// through their My Domain, because reports show the generic sandbox login failing once
    /// enhanced domains are on. Other orgs use the generic host, as the portal does.
    pub fn default_for(kind: OrgKind) -> LoginHost {
        if kind.is_sandbox_like() {
            LoginHost::MyDomain
        } else {
            LoginHost::Generic
        }
    }

    /// Returns one sentence for the form that explains this choice for this kind of org.
    pub fn reason(self, kind: OrgKind) -> &'static str {
        match (self, kind.is_sandbox_like()) {
            (LoginHost::Generic, false) => {
                "Sign-in goes to login.salesforce.com, which works unless the org blocks login \
                 there in its My Domain settings."
            }
            (LoginHost::Generic, true) => {
                "Sign-in goes to test.salesforce.com, which can fail for sandboxes with \
                 enhanced domains, so choose the My Domain if sign-in fails."
            }
            (LoginHost::MyDomain, false) => {
                "Sign-in goes to the org's own My Domain, which also works when the org blocks \
                 login.salesforce.com."
            }
            (LoginHost::MyDomain, true) => {
                "Sign-in goes to the sandbox's own My Domain, which works with enhanced domains."
            }
        }
    }
}
