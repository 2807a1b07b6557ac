//! Checks of the scopes selected in the settings form, and warnings about a scope set, requested
//! or granted.

use crate::model::Scope;
use crate::model::scope::missing_required;

/// A rejected scope selection. `Display` is the message shown next to the scope checkboxes.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScopeSelectionError {
    #[error("scope {value:?} is unknown: select scopes from the list")]
    Unknown { value: String },
    #[error("select the scopes the console needs: {}", labels(.missing))]
    MissingRequired { missing: Vec<Scope> },
}

/// Parses the selected scope values into known scopes in [`Scope::ALL`] order, without repeats,
/// and rejects unknown values or a selection that lacks id or api.
pub fn parse_selected_scopes(values: &[String]) -> Result<Vec<Scope>, ScopeSelectionError> {
    let mut selected = Vec::new();
    for value in values {
        let Some(scope) = Scope::parse(value.trim()) else {
            return Err(ScopeSelectionError::Unknown {
                value: value.clone(),
            });
        };
        selected.push(scope);
    }

    // Without refresh_token the console still connects, so its absence is a warning
    // (`scope_warnings`) and not an error; id and api are needed for anything to work.
    let missing: Vec<Scope> = missing_required(&selected)
        .into_iter()
        .filter(|scope| *scope != Scope::RefreshToken)
        .collect();
    if !missing.is_empty() {
        return Err(ScopeSelectionError::MissingRequired { missing });
    }
    Ok(Scope::ALL
        .into_iter()
        .filter(|scope| selected.contains(scope))
        .collect())
}

/// Warnings for each required scope that a scope set lacks, in [`Scope::REQUIRED`] order.
const MISSING_SCOPE_WARNINGS: [(Scope, &str); 3] = [
    (
        Scope::Id,
        "id is missing: the console cannot read the connected user and org from the identity URL.",
    ),
    (
        Scope::Api,
        "api is missing: the console cannot call the REST API, so test connection and the record \
         explorer fail.",
    ),
    (
        Scope::RefreshToken,
        "refresh_token is missing: the connection stops working when its first access token \
         expires, and the admin must connect again.",
    ),
];

/// Warns about a requested or granted scope set: each required scope it does not grant, and
/// `full`, which grants more than the console needs.
pub fn scope_warnings(scopes: &[Scope]) -> Vec<String> {
    let mut warnings: Vec<String> = MISSING_SCOPE_WARNINGS
        .iter()
        .filter(|(scope, _)| !scope.is_granted_by(scopes))
        .map(|(_, warning)| (*warning).to_owned())
        .collect();
    if scopes.contains(&Scope::Full) {
        warnings.push(
            "full grants everything the connected user may do, while the console needs only id, \
             api and refresh_token: consider removing it from the External Client App."
                .to_owned(),
        );
    }
    warnings
}

/// Lists labels as "A, B and C". Each label ends in a parenthesis, so the commas inside labels
/// stay readable.
fn labels(scopes: &[Scope]) -> String {
    let labels: Vec<&str> = scopes.iter().map(|scope| scope.label()).collect();
    match labels.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}
