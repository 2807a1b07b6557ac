use proptest::prelude::*;

use super::*;

/// An invented consumer key with the usual shape: 85 characters starting with 3MVG9.
const KEY: &str =
    "3MVG9Acme.Example_Consumer.Key_ForTests0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ";
/// An invented secret in the older format, 19 digits.
const DIGIT_SECRET: &str = "1234567890123456789";
/// An invented secret in the newer format, 64 hex digits.
const HEX_SECRET: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

#[test]
fn client_id_accepts_consumer_key() {
    assert_eq!(KEY.len(), 85);
    let cases = [
        (KEY.to_owned(), KEY),
        (format!("  {KEY}\n"), KEY),
        (
            "3MVG9short_but_plausible".to_owned(),
            "3MVG9short_but_plausible",
        ),
    ];
    for (input, expected) in cases {
        let client_id = ClientId::parse(&input)
            .unwrap_or_else(|error| panic!("{input:?} was rejected: {error}"));
        assert_eq!(client_id.as_str(), expected, "value of {input:?}");
    }
}

#[test]
fn client_id_rejects_pasting_mistakes() {
    let long = format!("3MVG9{}", "a".repeat(251));
    let cases = [
        (
            "".to_owned(),
            "Client ID is required: paste the Consumer Key from the External Client App's OAuth \
             settings",
        ),
        (
            " \n ".to_owned(),
            "Client ID is required: paste the Consumer Key from the External Client App's OAuth \
             settings",
        ),
        (
            format!("{}\n{}", &KEY[..40], &KEY[40..]),
            "Client ID contains a space or line break: copy the Consumer Key again as one piece",
        ),
        (
            DIGIT_SECRET.to_owned(),
            "Client ID looks like a Consumer Secret: paste the Consumer Key, which usually starts \
             with 3MVG, and put the secret in Client Secret",
        ),
        (
            HEX_SECRET.to_owned(),
            "Client ID looks like a Consumer Secret: paste the Consumer Key, which usually starts \
             with 3MVG, and put the secret in Client Secret",
        ),
        (
            format!("{KEY}-x"),
            "Client ID contains '-', but a Consumer Key has only letters, digits, dots and \
             underscores: copy the Consumer Key again",
        ),
        (
            format!("{KEY}\u{200b}"),
            "Client ID contains '\u{200b}' (U+200B), but a Consumer Key has only letters, digits, \
             dots and underscores: copy the Consumer Key again",
        ),
        (
            "3MVG9tooShort".to_owned(),
            "Client ID has 13 characters, but a Consumer Key has 20 to 255 (usually 85): copy the \
             whole Consumer Key",
        ),
        (
            long,
            "Client ID has 256 characters, but a Consumer Key has 20 to 255 (usually 85): copy \
             the whole Consumer Key",
        ),
    ];
    for (input, message) in cases {
        let error = ClientId::parse(&input).expect_err(&input);
        assert_eq!(error.to_string(), message, "message for {input:?}");
    }
}

#[test]
fn client_id_debug_shows_value() {
    let client_id = ClientId::parse(KEY).expect("valid key");
    assert_eq!(format!("{client_id:?}"), format!("ClientId({KEY:?})"));
}

#[test]
fn client_secret_accepts_known_formats() {
    for secret in [DIGIT_SECRET, HEX_SECRET, "Ab1!Cd2@"] {
        let parsed = ClientSecret::parse(&format!(" {secret}\t"))
            .unwrap_or_else(|error| panic!("{secret:?} was rejected: {error}"));
        assert_eq!(parsed.expose(), secret, "value of {secret:?}");
    }
}

#[test]
fn client_secret_rejects_pasting_mistakes() {
    let cases = [
        (
            "".to_owned(),
            "Client Secret is required: paste the Consumer Secret from the External Client App's \
             OAuth settings",
        ),
        (
            "••••6789".to_owned(),
            "Client Secret contains the mask ••••: paste the whole Consumer Secret, or clear the \
             field to keep the stored secret",
        ),
        (
            "12345 6789012345".to_owned(),
            "Client Secret contains a space or line break: copy the Consumer Secret again as one \
             piece",
        ),
        (
            KEY.to_owned(),
            "Client Secret looks like a Consumer Key: paste the Consumer Secret, and put the key, \
             which starts with 3MVG, in Client ID",
        ),
        (
            "abc.defghijk".to_owned(),
            "Client Secret looks like a Consumer Key: paste the Consumer Secret, and put the key, \
             which starts with 3MVG, in Client ID",
        ),
        (
            "1234567890ü".to_owned(),
            "Client Secret contains 'ü' (U+00FC), which a Consumer Secret does not have: copy the \
             Consumer Secret again",
        ),
        (
            "1234567".to_owned(),
            "Client Secret has 7 characters, but a Consumer Secret has 8 to 255 (usually 19 \
             digits or 64 hexadecimal characters): copy the whole Consumer Secret",
        ),
        (
            "7".repeat(256),
            "Client Secret has 256 characters, but a Consumer Secret has 8 to 255 (usually 19 \
             digits or 64 hexadecimal characters): copy the whole Consumer Secret",
        ),
    ];
    for (input, message) in cases {
        let error = ClientSecret::parse(&input).expect_err(&input);
        assert_eq!(error.to_string(), message, "message for {input:?}");
    }
}

#[test]
fn client_secret_debug_and_display_hide_value() {
    let secret = ClientSecret::parse(DIGIT_SECRET).expect("valid secret");
    assert_eq!(format!("{secret:?}"), "ClientSecret(••••)");
    assert_eq!(format!("{secret}"), "ClientSecret(••••)");
}

#[test]
fn client_secret_last_four() {
    let cases = [
        (DIGIT_SECRET, "6789"),
        (HEX_SECRET, "e1f0"),
        ("Ab1!Cd2@", "Cd2@"),
    ];
    for (secret, last_four) in cases {
        let parsed = ClientSecret::parse(secret).expect("valid secret");
        assert_eq!(parsed.last_four(), last_four, "last four of {secret:?}");
    }
}

#[test]
fn client_id_serde_round_trip() {
    let client_id = ClientId::parse(KEY).expect("valid key");
    let json = serde_json::to_string(&client_id).expect("a key serializes");
    assert_eq!(json, format!("{KEY:?}"));
    let back: ClientId = serde_json::from_str(&json).expect("a key deserializes");
    assert_eq!(back, client_id);
}

#[test]
fn client_id_serde_rejects_secret() {
    let result = serde_json::from_str::<ClientId>(&format!("{DIGIT_SECRET:?}"));
    assert!(
        result.is_err(),
        "deserialized a secret as a Client ID: {result:?}"
    );
}

proptest! {
    #[test]
    fn parsers_never_panic(input in any::<String>()) {
        let _ = ClientId::parse(&input);
        let _ = ClientSecret::parse(&input);
    }

    #[test]
    fn client_id_accepts_key_shaped_values(key in "3MVG9[A-Za-z0-9._]{15,80}") {
        let parsed = ClientId::parse(&key).map(|client_id| client_id.as_str().to_owned());
        prop_assert_eq!(parsed, Ok(key));
    }

    #[test]
    fn client_secret_accepts_digit_and_hex_secrets(secret in "[0-9]{19}|[0-9a-fA-F]{64}") {
        let parsed = ClientSecret::parse(&secret).map(|parsed| parsed.expose().to_owned());
        prop_assert_eq!(parsed, Ok(secret));
    }

    #[test]
    fn client_id_rejects_every_secret_shape(secret in "[0-9]{19}|[0-9a-fA-F]{64}") {
        prop_assert_eq!(ClientId::parse(&secret), Err(CredentialError::ClientIdLooksLikeSecret));
    }

    #[test]
    fn client_secret_debug_never_contains_value(secret in "[0-9a-f]{8,64}") {
        let parsed = ClientSecret::parse(&secret).expect("a hex string is a valid secret");
        let debug = format!("{parsed:?}");
        prop_assert!(!debug.contains(&secret), "{}", debug);
    }

    #[test]
    fn accepted_client_id_parses_to_itself(input in "\\PC{0,100}") {
        if let Ok(client_id) = ClientId::parse(&input) {
            prop_assert_eq!(ClientId::parse(client_id.as_str()), Ok(client_id.clone()));
        }
    }
}
