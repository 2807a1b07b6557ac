//! OAuth scopes: the values the console requests, their labels on Salesforce's External Client
//! App screen, and the parsing of the `scope` string that a token response grants.

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

/// An OAuth scope that the console can request or recognize in a token response. Serialized as
/// its scope value, such as `refresh_token`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Id,
    Api,
    #[serde(alias = "offline_access")]
    RefreshToken,
    Full,
    Web,
    #[serde(rename = "openid")]
    OpenId,
    Profile,
    Email,
    ChatterApi,
    Visualforce,
    CustomPermissions,
    WaveApi,
}

impl Scope {
    /// The scopes the console cannot work without.
    pub const REQUIRED: [Scope; 3] = [Scope::Id, Scope::Api, Scope::RefreshToken];

    /// Every known scope, required ones first. Forms list them and requests send them in this
    /// order.
    pub const ALL: [Scope; 12] = [
        Scope::Id,
        Scope::Api,
        Scope::RefreshToken,
        Scope::Full,
        Scope::Web,
        Scope::OpenId,
        Scope::Profile,
        Scope::Email,
        Scope::ChatterApi,
        Scope::Visualforce,
        Scope::CustomPermissions,
        Scope::WaveApi,
    ];

    /// Returns the value sent in the `scope` parameter.
    pub fn value(self) -> &'static str {
        match self {
            Scope::Id => "id",
            Scope::Api => "api",
            Scope::RefreshToken => "refresh_token",
            Scope::Full => "full",
            Scope::Web => "web",
            Scope::OpenId => "openid",
            Scope::Profile => "profile",
            Scope::Email => "email",
            Scope::ChatterApi => "chatter_api",
            Scope::Visualforce => "visualforce",
            Scope::CustomPermissions => "custom_permissions",
            Scope::WaveApi => "wave_api",
        }
    }

    /// Returns the label that the External Client App screen shows for this scope, which the
    /// settings form uses as the checkbox name.
    pub fn label(self) -> &'static str {
        match self {
            Scope::Id => "Access the identity URL service (id, profile, email, address, phone)",
            Scope::Api => "Manage user data via APIs (api)",
            Scope::RefreshToken => "Perform requests at any time (refresh_token, offline_access)",
            Scope::Full => "Full access (full)",
            Scope::Web => "Manage user data via Web browsers (web)",
            Scope::OpenId => "Access unique user identifiers (openid)",
            // Salesforce offers profile and email only inside the `id` checkbox, so these two
            // labels are the console's own.
            Scope::Profile => "User profile only (profile)",
            Scope::Email => "Email address only (email)",
            Scope::ChatterApi => "Access Connect REST API resources (chatter_api)",
            Scope::Visualforce => "Access Visualforce applications (visualforce)",
            Scope::CustomPermissions => "Access custom permissions (custom_permissions)",
            Scope::WaveApi => "Access Analytics REST API resources (wave_api)",
        }
    }

    /// Returns one sentence on what the console does with this scope.
    pub fn purpose(self) -> &'static str {
        match self {
            Scope::Id => "Reads the connected user's name and org from the identity URL.",
            Scope::Api => "Calls the REST API for test connection and the record explorer.",
            Scope::RefreshToken => {
                "Gets new access tokens, so the connection keeps working after the first one \
                 expires."
            }
            Scope::Full => {
                "Grants everything the connected user may do, which is more than the console \
                 needs."
            }
            Scope::Web => "Not used by the console: it lets a browser session use the token.",
            Scope::OpenId => "Not used by the console: it adds an OpenID Connect ID token.",
            Scope::Profile => "Reads the user's profile from the identity URL, like id.",
            Scope::Email => "Reads the user's email address from the identity URL, like id.",
            Scope::ChatterApi => "Not used by the console: it opens the Connect REST API.",
            Scope::Visualforce => "Not used by the console: it opens Visualforce pages.",
            Scope::CustomPermissions => {
                "Not used by the console: it lists the app's custom permissions."
            }
            Scope::WaveApi => "Not used by the console: it opens the Analytics REST API.",
        }
    }

    /// Parses a scope value. `offline_access` is Salesforce's synonym for `refresh_token`.
    pub fn parse(value: &str) -> Option<Scope> {
        if value == "offline_access" {
            return Some(Scope::RefreshToken);
        }
        Scope::ALL.into_iter().find(|scope| scope.value() == value)
    }

    /// Tells whether a set of scopes grants what this scope grants. `full` includes every scope
    /// but `refresh_token`, and `profile` or `email` reach the identity URL as `id` does
    /// (Salesforce help, "OAuth Tokens and Scopes").
    pub fn is_granted_by(self, scopes: &[Scope]) -> bool {
        let covered_by = |scope: &Scope| {
            *scope == self
                || (*scope == Scope::Full && self != Scope::RefreshToken)
                || (self == Scope::Id && matches!(scope, Scope::Profile | Scope::Email))
        };
        scopes.iter().any(covered_by)
    }
}

/// Parses a space-separated granted `scope` string from a token response into known scopes plus unknown values kept as strings.
///
/// Both lists keep the response's order and drop repeats, so `refresh_token offline_access`
/// gives one [`Scope::RefreshToken`].
pub fn parse_scope_list(value: &str) -> (Vec<Scope>, Vec<String>) {
    let mut known = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    for item in value.split_ascii_whitespace() {
        match Scope::parse(item) {
            Some(scope) if !known.contains(&scope) => known.push(scope),
            Some(_) => {}
            None if !unknown.iter().any(|seen| seen == item) => unknown.push(item.to_owned()),
            None => {}
        }
    }
    (known, unknown)
}

/// Returns the required scopes that `scopes` does not grant, in [`Scope::REQUIRED`] order.
pub fn missing_required(scopes: &[Scope]) -> Vec<Scope> {
    Scope::REQUIRED
        .into_iter()
        .filter(|required| !required.is_granted_by(scopes))
        .collect()
}

/// Joins scopes into the space-separated value of the `scope` request parameter.
pub fn scope_parameter(scopes: &[Scope]) -> String {
    scopes
        .iter()
        .map(|scope| scope.value())
        .collect::<Vec<_>>()
        .join(" ")
}
