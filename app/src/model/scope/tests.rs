use std::collections::HashSet;

use proptest::prelude::*;

use super::*;

#[test]
fn required_scopes_have_salesforce_labels() {
    let cases = [
        (
            Scope::Id,
            "id",
            "Access the identity URL service (id, profile, email, address, phone)",
        ),
        (Scope::Api, "api", "Manage user data via APIs (api)"),
        (
            Scope::RefreshToken,
            "refresh_token",
            "Perform requests at any time (refresh_token, offline_access)",
        ),
    ];
    for (scope, value, label) in cases {
        assert_eq!(scope.value(), value, "value of {scope:?}");
        assert_eq!(scope.label(), label, "label of {scope:?}");
    }
    assert_eq!(
        Scope::REQUIRED,
        [Scope::Id, Scope::Api, Scope::RefreshToken]
    );
}

#[test]
fn every_scope_has_distinct_value_label_and_purpose() {
    let values: HashSet<_> = Scope::ALL.iter().map(|scope| scope.value()).collect();
    let labels: HashSet<_> = Scope::ALL.iter().map(|scope| scope.label()).collect();
    assert_eq!(values.len(), Scope::ALL.len());
    assert_eq!(labels.len(), Scope::ALL.len());
    for scope in Scope::ALL {
        assert!(
            scope.label().ends_with(&format!("{})", scope.value()))
                || scope.label().contains(&format!("({}, ", scope.value())),
            "label of {scope:?} does not name its value: {}",
            scope.label()
        );
        assert!(
            scope.purpose().ends_with('.'),
            "purpose of {scope:?} is not a sentence"
        );
    }
}

#[test]
fn parse_reads_values_and_synonym() {
    let cases = [
        ("id", Some(Scope::Id)),
        ("api", Some(Scope::Api)),
        ("refresh_token", Some(Scope::RefreshToken)),
        ("offline_access", Some(Scope::RefreshToken)),
        ("openid", Some(Scope::OpenId)),
        ("chatter_api", Some(Scope::ChatterApi)),
        ("wave_api", Some(Scope::WaveApi)),
        ("API", None),
        ("mcp_api", None),
        ("", None),
    ];
    for (value, expected) in cases {
        assert_eq!(Scope::parse(value), expected, "parse of {value:?}");
    }
}

#[test]
fn parse_scope_list_splits_known_and_unknown() {
    let (known, unknown) = parse_scope_list(
        "refresh_token api  id offline_access cdp_query_api\tmcp_api cdp_query_api",
    );
    assert_eq!(known, vec![Scope::RefreshToken, Scope::Api, Scope::Id]);
    assert_eq!(
        unknown,
        vec!["cdp_query_api".to_owned(), "mcp_api".to_owned()]
    );
}

#[test]
fn parse_scope_list_of_empty_string() {
    assert_eq!(parse_scope_list(""), (Vec::new(), Vec::new()));
}

#[test]
fn missing_required_counts_what_full_and_identity_scopes_grant() {
    let cases: [(&[Scope], &[Scope]); 6] = [
        (&[Scope::Id, Scope::Api, Scope::RefreshToken], &[]),
        (&[], &[Scope::Id, Scope::Api, Scope::RefreshToken]),
        (&[Scope::Full], &[Scope::RefreshToken]),
        (&[Scope::Full, Scope::RefreshToken], &[]),
        (&[Scope::Profile, Scope::Api, Scope::RefreshToken], &[]),
        (
            &[Scope::Email, Scope::Web],
            &[Scope::Api, Scope::RefreshToken],
        ),
    ];
    for (scopes, missing) in cases {
        assert_eq!(missing_required(scopes), missing, "missing from {scopes:?}");
    }
}

#[test]
fn scope_parameter_joins_values() {
    assert_eq!(
        scope_parameter(&[Scope::Id, Scope::Api, Scope::RefreshToken]),
        "id api refresh_token"
    );
}

#[test]
fn serde_uses_scope_values() {
    for scope in Scope::ALL {
        let json = serde_json::to_string(&scope).expect("a scope serializes");
        assert_eq!(json, format!("\"{}\"", scope.value()), "JSON of {scope:?}");
        let back: Scope = serde_json::from_str(&json).expect("a scope deserializes");
        assert_eq!(back, scope, "round trip of {scope:?}");
    }
    let synonym: Scope = serde_json::from_str("\"offline_access\"").expect("the synonym parses");
    assert_eq!(synonym, Scope::RefreshToken);
}

proptest! {
    #[test]
    fn parse_scope_list_keeps_every_item(
        items in prop::collection::vec("[a-z_]{1,12}|id|api|refresh_token|offline_access", 0..10)
    ) {
        let (known, unknown) = parse_scope_list(&items.join(" "));
        for item in &items {
            let found = match Scope::parse(item) {
                Some(scope) => known.contains(&scope),
                None => unknown.contains(item),
            };
            prop_assert!(found, "{} is missing from {:?} and {:?}", item, known, unknown);
        }
        prop_assert!(known.len() + unknown.len() <= items.len());
    }
}
