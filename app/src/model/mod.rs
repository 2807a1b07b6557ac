//! The settings model: newtypes that parse and validate the Salesforce settings form, shared by
//! the browser (while the admin types) and the server (before anything is stored).
//!
//! Nothing here depends on storage, HTTP or crypto, so it compiles to wasm unchanged.

pub mod credentials;
pub mod environment;
pub mod my_domain;
pub mod role;
pub mod scope;
pub mod settings;

pub use credentials::{ClientId, ClientSecret, CredentialError};
pub use environment::{EnvironmentFields, EnvironmentInput};
pub use my_domain::{MyDomain, MyDomainError, OrgKind, ParsedMyDomain};
pub use role::{Action, Role, UnknownRole};
pub use scope::{Scope, parse_scope_list};
pub use settings::{
    FieldErrors, IntegrationSettings, IntegrationSettingsInput, LoginHost, scope_warnings,
};

/// Describes one character for an error message, so that invisible characters still show up.
pub(crate) fn describe_character(character: &char) -> String {
    match *character {
        ' ' => "a space".to_owned(),
        '\t' => "a tab".to_owned(),
        '\n' | '\r' => "a line break".to_owned(),
        c if c.is_ascii_graphic() => format!("'{c}'"),
        c if c.is_whitespace() || c.is_control() => {
            format!("the invisible character U+{:04X}", u32::from(c))
        }
        c => format!("'{c}' (U+{:04X})", u32::from(c)),
    }
}
