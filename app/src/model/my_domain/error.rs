//! Errors for rejected My Domain input, each with a message that suggests what to enter instead.

use crate::model::describe_character;

/// A rejected My Domain input. `Display` is the message shown next to the field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MyDomainError {
    #[error("My Domain name is empty: enter your org's My Domain name, for example acme")]
    Empty,
    #[error(
        "login.salesforce.com is Salesforce's generic login host, not a My Domain: enter your \
         org's My Domain name, for example acme"
    )]
    GenericLoginHost,
    #[error(
        "test.salesforce.com is Salesforce's generic sandbox login host, not a My Domain: enter \
         your sandbox's My Domain name, for example acme--uat.sandbox"
    )]
    GenericSandboxLoginHost,
    #[error(
        "{scheme}:// is not a web address scheme: paste an https:// address or enter the My \
         Domain name, for example acme"
    )]
    UnsupportedScheme { scheme: String },
    #[error(
        "My Domain name contains {}, which is not allowed: use letters, digits and hyphens, with \
         a dot only before a suffix such as sandbox, for example acme--uat.sandbox",
        describe_character(.character)
    )]
    InvalidCharacter { character: char },
    #[error(
        "{value} has an empty part next to a dot: remove the extra dot, for example acme.develop"
    )]
    EmptyLabel { value: String },
    #[error(
        "My Domain name {name} starts with a hyphen: remove it, because a name starts with a \
         letter or digit"
    )]
    LeadingHyphen { name: String },
    #[error(
        "My Domain name {name} ends with a hyphen: remove it, because a name ends with a letter \
         or digit"
    )]
    TrailingHyphen { name: String },
    #[error(
        "My Domain name has {length} characters, but Salesforce allows at most 40: enter only \
         the name, for example acme"
    )]
    NameTooLong { length: usize },
    #[error(
        "My Domain name with its sandbox name has {length} characters, but one part of a host \
         name has at most 63: check the sandbox name after --"
    )]
    LabelTooLong { length: usize },
    #[error(
        "{prefix} is not a My Domain name: enter the name alone or followed by .develop, \
         .sandbox, .scratch, .patch, .trailblaze or .demo, for example {suggestion}"
    )]
    UnrecognizedSuffix { prefix: String, suggestion: String },
    #[error(
        "{host} is a Salesforce instance, site or legacy host, not a My Domain: enter the My \
         Domain name shown in Setup under My Domain, for example acme"
    )]
    NotMyDomainHost { host: String },
    #[error(
        "{host} does not end in a Salesforce domain: enter the My Domain name, for example \
         {suggestion}"
    )]
    Lookalike { host: String, suggestion: String },
    #[error("not a Salesforce domain: enter the My Domain name, for example {suggestion}")]
    NotSalesforceDomain { suggestion: String },
}
