use proptest::prelude::*;

use super::*;

const KEY: &str =
    "3MVG9Acme.Example_Consumer.Key_ForTests0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ";
const SECRET: &str = "1234567890123456789";

fn valid_input() -> IntegrationSettingsInput {
    IntegrationSettingsInput {
        client_id: format!(" {KEY} "),
        client_secret: SECRET.to_owned(),
        my_domain: "https://acme--uat.sandbox.lightning.force.com/".to_owned(),
        scopes: vec![
            "api".to_owned(),
            "refresh_token".to_owned(),
            "id".to_owned(),
        ],
        login_host: String::new(),
    }
}

fn field_errors(input: &IntegrationSettingsInput, secret_is_stored: bool) -> FieldErrors {
    input
        .validate(secret_is_stored)
        .expect_err("the input has invalid fields")
}

#[test]
fn validate_builds_settings_from_valid_input() {
    let settings = valid_input().validate(false).expect("the input is valid");
    assert_eq!(settings.client_id.as_str(), KEY);
    assert_eq!(
        settings.client_secret.as_ref().map(ClientSecret::expose),
        Some(SECRET)
    );
    assert_eq!(settings.my_domain.as_str(), "acme--uat.sandbox");
    assert_eq!(
        settings.scopes,
        vec![Scope::Id, Scope::Api, Scope::RefreshToken]
    );
    assert_eq!(settings.login_host, LoginHost::MyDomain);
}

#[test]
fn validate_reports_every_invalid_field_at_once() {
    let input = IntegrationSettingsInput {
        client_id: SECRET.to_owned(),
        client_secret: String::new(),
        my_domain: "login.salesforce.com".to_owned(),
        scopes: vec!["api".to_owned()],
        login_host: "portal".to_owned(),
    };
    let errors = field_errors(&input, false);
    let expected = [
        (
            "client_id",
            "Client ID looks like a Consumer Secret: paste the Consumer Key, which usually starts \
             with 3MVG, and put the secret in Client Secret",
        ),
        (
            "client_secret",
            "Client Secret is required: paste the Consumer Secret from the External Client App's \
             OAuth settings",
        ),
        (
            "my_domain",
            "login.salesforce.com is Salesforce's generic login host, not a My Domain: enter your \
             org's My Domain name, for example acme",
        ),
        (
            "scopes",
            "select the scopes the console needs: Access the identity URL service (id, profile, \
             email, address, phone)",
        ),
        (
            "login_host",
            "login host \"portal\" is unknown: choose the generic login host or the org's My Domain",
        ),
    ];
    for (field, message) in expected {
        assert_eq!(errors.get(field), Some(message), "message for {field}");
    }
    assert_eq!(errors.0.len(), expected.len());
}

#[test]
fn validate_keeps_stored_secret_when_field_is_empty() {
    let input = IntegrationSettingsInput {
        client_secret: "  ".to_owned(),
        ..valid_input()
    };
    let settings = input
        .validate(true)
        .expect("an empty secret keeps the stored one");
    assert_eq!(settings.client_secret, None);
}

#[test]
fn validate_requires_secret_when_none_is_stored() {
    let input = IntegrationSettingsInput {
        client_secret: String::new(),
        ..valid_input()
    };
    let errors = field_errors(&input, false);
    assert_eq!(
        errors.get(FieldErrors::CLIENT_SECRET),
        Some(
            "Client Secret is required: paste the Consumer Secret from the External Client App's \
             OAuth settings"
        )
    );
    assert_eq!(errors.0.len(), 1);
}

#[test]
fn validate_checks_replacement_secret_even_when_one_is_stored() {
    let input = IntegrationSettingsInput {
        client_secret: KEY.to_owned(),
        ..valid_input()
    };
    let errors = field_errors(&input, true);
    assert_eq!(
        errors.get(FieldErrors::CLIENT_SECRET),
        Some(
            "Client Secret looks like a Consumer Key: paste the Consumer Secret, and put the key, \
             which starts with 3MVG, in Client ID"
        )
    );
}

#[test]
fn validate_orders_and_deduplicates_scopes() {
    let input = IntegrationSettingsInput {
        scopes: ["web", "offline_access", "api", "refresh_token", "id", "api"]
            .map(str::to_owned)
            .to_vec(),
        ..valid_input()
    };
    let settings = input.validate(false).expect("the input is valid");
    assert_eq!(
        settings.scopes,
        vec![Scope::Id, Scope::Api, Scope::RefreshToken, Scope::Web]
    );
}

#[test]
fn validate_accepts_full_instead_of_api_and_id() {
    let input = IntegrationSettingsInput {
        scopes: vec!["full".to_owned(), "refresh_token".to_owned()],
        ..valid_input()
    };
    let settings = input.validate(false).expect("full grants api and id");
    assert_eq!(settings.scopes, vec![Scope::RefreshToken, Scope::Full]);
}

#[test]
fn validate_rejects_unknown_scope() {
    let input = IntegrationSettingsInput {
        scopes: vec![
            "id".to_owned(),
            "api".to_owned(),
            "refresh_token".to_owned(),
            "mcp_api".to_owned(),
        ],
        ..valid_input()
    };
    let errors = field_errors(&input, false);
    assert_eq!(
        errors.get(FieldErrors::SCOPES),
        Some("scope \"mcp_api\" is unknown: select scopes from the list")
    );
}

#[test]
fn validate_chooses_login_host() {
    let cases = [
        ("acme", "", LoginHost::Generic),
        ("acme.develop", "", LoginHost::Generic),
        ("acme--uat.sandbox", "", LoginHost::MyDomain),
        ("acme.scratch", "", LoginHost::MyDomain),
        ("acme--uat", "", LoginHost::MyDomain),
        ("acme--uat.sandbox", "generic", LoginHost::Generic),
        ("acme", "my_domain", LoginHost::MyDomain),
        ("acme", " generic ", LoginHost::Generic),
    ];
    for (my_domain, login_host, expected) in cases {
        let input = IntegrationSettingsInput {
            my_domain: my_domain.to_owned(),
            login_host: login_host.to_owned(),
            ..valid_input()
        };
        let settings = input.validate(false).expect("the input is valid");
        assert_eq!(
            settings.login_host, expected,
            "login host for {my_domain:?} and {login_host:?}"
        );
    }
}

#[test]
fn login_host_reasons_name_the_host() {
    let cases = [
        (
            LoginHost::Generic,
            OrgKind::Production,
            "login.salesforce.com",
        ),
        (LoginHost::Generic, OrgKind::Sandbox, "test.salesforce.com"),
        (LoginHost::MyDomain, OrgKind::Production, "My Domain"),
        (LoginHost::MyDomain, OrgKind::Scratch, "My Domain"),
    ];
    for (login_host, kind, host) in cases {
        let reason = login_host.reason(kind);
        assert!(
            reason.contains(host),
            "reason for {login_host:?} and {kind:?}: {reason}"
        );
        assert!(
            reason.ends_with('.'),
            "reason for {login_host:?} and {kind:?} is not a sentence"
        );
    }
}

#[test]
fn login_host_serde_uses_form_values() {
    for login_host in LoginHost::ALL {
        let json = serde_json::to_string(&login_host).expect("a login host serializes");
        assert_eq!(
            json,
            format!("\"{}\"", login_host.value()),
            "JSON of {login_host:?}"
        );
    }
}

#[test]
fn scope_warnings_name_missing_and_broad_scopes() {
    assert_eq!(
        scope_warnings(&[Scope::Id, Scope::Api, Scope::RefreshToken]),
        Vec::<String>::new()
    );
    assert_eq!(
        scope_warnings(&[Scope::Id, Scope::Api]),
        vec![
            "refresh_token is missing: the connection stops working when its first access token \
             expires, and the admin must connect again."
                .to_owned()
        ]
    );
    assert_eq!(
        scope_warnings(&[Scope::Full]),
        vec![
            "refresh_token is missing: the connection stops working when its first access token \
             expires, and the admin must connect again."
                .to_owned(),
            "full grants everything the connected user may do, while the console needs only id, \
             api and refresh_token: consider removing it from the External Client App."
                .to_owned(),
        ]
    );
    assert_eq!(scope_warnings(&[]).len(), Scope::REQUIRED.len());
}

#[test]
fn input_debug_masks_secret() {
    let debug = format!("{:?}", valid_input());
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(debug.contains("client_secret: \"••••\""), "{debug}");
}

#[test]
fn settings_debug_masks_secret() {
    let settings = valid_input().validate(false).expect("the input is valid");
    let debug = format!("{settings:?}");
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(debug.contains("ClientSecret(••••)"), "{debug}");
}

#[test]
fn field_errors_serialize_as_map() {
    let errors = field_errors(
        &IntegrationSettingsInput {
            my_domain: String::new(),
            ..valid_input()
        },
        false,
    );
    let json = serde_json::to_string(&errors).expect("field errors serialize");
    assert_eq!(
        json,
        r#"{"my_domain":"My Domain name is empty: enter your org's My Domain name, for example acme"}"#
    );
}

#[test]
fn input_deserializes_with_missing_fields() {
    let input: IntegrationSettingsInput =
        serde_json::from_str(r#"{"client_id":"x"}"#).expect("missing fields default to empty");
    assert_eq!(input.client_id, "x");
    assert_eq!(input.scopes, Vec::<String>::new());
}

proptest! {
    #[test]
    fn validate_never_panics(
        client_id in any::<String>(),
        client_secret in any::<String>(),
        my_domain in any::<String>(),
        scopes in prop::collection::vec(any::<String>(), 0..4),
        login_host in any::<String>(),
        secret_is_stored in any::<bool>(),
    ) {
        let input = IntegrationSettingsInput { client_id, client_secret, my_domain, scopes, login_host };
        let _ = input.validate(secret_is_stored);
    }

    #[test]
    fn validate_errors_only_name_form_fields(
        client_id in "\\PC{0,90}",
        my_domain in "\\PC{0,30}",
        login_host in "generic|my_domain|\\PC{0,10}",
    ) {
        let input = IntegrationSettingsInput { client_id, my_domain, login_host, ..valid_input() };
        if let Err(errors) = input.validate(false) {
            for field in errors.0.keys() {
                prop_assert!(
                    [FieldErrors::CLIENT_ID, FieldErrors::MY_DOMAIN, FieldErrors::LOGIN_HOST]
                        .contains(&field.as_str()),
                    "unexpected field {}", field
                );
            }
        }
    }
}

#[test]
fn validate_accepts_missing_refresh_token_with_warning() {
    let input = IntegrationSettingsInput {
        scopes: vec!["id".to_owned(), "api".to_owned()],
        ..valid_input()
    };
    let settings = input.validate(false).expect("refresh_token is optional");
    assert_eq!(settings.scopes, vec![Scope::Id, Scope::Api]);
    assert_eq!(scope_warnings(&settings.scopes).len(), 1);
}
