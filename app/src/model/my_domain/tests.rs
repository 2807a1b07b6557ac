use proptest::prelude::*;

use super::*;

/// Parses an input that must be accepted and returns its prefix, kind, org URL and warning.
fn accepted(input: &str) -> (String, OrgKind, String, Option<String>) {
    let parsed =
        MyDomain::parse(input).unwrap_or_else(|error| panic!("{input:?} was rejected: {error}"));
    let domain = parsed.domain;
    (
        domain.as_str().to_owned(),
        domain.org_kind(),
        domain.org_url(DEFAULT_ORG_URL_TEMPLATE),
        parsed.warning,
    )
}

fn rejected(input: &str) -> String {
    match MyDomain::parse(input) {
        Ok(parsed) => panic!("{input:?} was accepted as {}", parsed.domain),
        Err(error) => error.to_string(),
    }
}

#[test]
fn parse_reduces_pasted_hosts_to_prefix() {
    let cases = [
        // Lightning UI hosts; only the whole `.lightning.force.com` suffix counts.
        (
            "https://acme--uat.sandbox.lightning.force.com/",
            "acme--uat.sandbox",
            OrgKind::Sandbox,
        ),
        (
            "https://acme.lightning.force.com/lightning/page/home",
            "acme",
            OrgKind::Production,
        ),
        (
            "acme.develop.lightning.force.com",
            "acme.develop",
            OrgKind::DeveloperEdition,
        ),
        (
            "https://acme-lightning.my.salesforce.com",
            "acme-lightning",
            OrgKind::Production,
        ),
        ("acme-lightning", "acme-lightning", OrgKind::Production),
        // Full org hosts pasted where only the prefix belongs.
        ("acme.my.salesforce.com", "acme", OrgKind::Production),
        (
            "  HTTPS://Acme.My.Salesforce.com/  ",
            "acme",
            OrgKind::Production,
        ),
        (
            "https://acme.my.salesforce.com//",
            "acme",
            OrgKind::Production,
        ),
        (
            "acme.my.salesforce.com.my.salesforce.com",
            "acme",
            OrgKind::Production,
        ),
        ("http://acme.my.salesforce.com", "acme", OrgKind::Production),
        (
            "https://acme.my.salesforce.com:443/",
            "acme",
            OrgKind::Production,
        ),
        ("acme.my.salesforce.com.", "acme", OrgKind::Production),
        (
            "https://acme.my.salesforce.com/services/data?q=1#top",
            "acme",
            OrgKind::Production,
        ),
        (
            "https://acme.my.salesforce.com?next=https://x.example",
            "acme",
            OrgKind::Production,
        ),
        (
            "acme.my.salesforce.com/?next=https://x.example",
            "acme",
            OrgKind::Production,
        ),
        (
            "https://acme--uat.sandbox.my.salesforce.com/",
            "acme--uat.sandbox",
            OrgKind::Sandbox,
        ),
        // Setup hosts.
        ("acme.my.salesforce-setup.com", "acme", OrgKind::Production),
        (
            "acme--uat.sandbox.my.salesforce-setup.com",
            "acme--uat.sandbox",
            OrgKind::Sandbox,
        ),
        (
            "https://acme.develop.my.salesforce-setup.com/lightning/setup",
            "acme.develop",
            OrgKind::DeveloperEdition,
        ),
    ];
    for (input, prefix, kind) in cases {
        let (actual_prefix, actual_kind, _, _) = accepted(input);
        assert_eq!(actual_prefix, prefix, "prefix of {input:?}");
        assert_eq!(actual_kind, kind, "org kind of {input:?}");
    }
}

#[test]
fn parse_accepts_names_and_org_type_suffixes() {
    let cases = [
        (
            "acme",
            OrgKind::Production,
            "https://acme.my.salesforce.com",
        ),
        (
            "ACME",
            OrgKind::Production,
            "https://acme.my.salesforce.com",
        ),
        (
            "acme.develop",
            OrgKind::DeveloperEdition,
            "https://acme.develop.my.salesforce.com",
        ),
        (
            "acme-dev-ed.develop",
            OrgKind::DeveloperEdition,
            "https://acme-dev-ed.develop.my.salesforce.com",
        ),
        (
            "acme--uat.sandbox",
            OrgKind::Sandbox,
            "https://acme--uat.sandbox.my.salesforce.com",
        ),
        (
            "acme--UAT.Sandbox",
            OrgKind::Sandbox,
            "https://acme--uat.sandbox.my.salesforce.com",
        ),
        (
            "acme.scratch",
            OrgKind::Scratch,
            "https://acme.scratch.my.salesforce.com",
        ),
        (
            "acme-dev-ed.scratch",
            OrgKind::Scratch,
            "https://acme-dev-ed.scratch.my.salesforce.com",
        ),
        (
            "acme.patch",
            OrgKind::Patch,
            "https://acme.patch.my.salesforce.com",
        ),
        (
            "acme.trailblaze",
            OrgKind::TrailheadPlayground,
            "https://acme.trailblaze.my.salesforce.com",
        ),
        (
            "acme.demo",
            OrgKind::Demo,
            "https://acme.demo.my.salesforce.com",
        ),
        ("a", OrgKind::Production, "https://a.my.salesforce.com"),
        (
            "4acme",
            OrgKind::Production,
            "https://4acme.my.salesforce.com",
        ),
        (
            "test.develop",
            OrgKind::DeveloperEdition,
            "https://test.develop.my.salesforce.com",
        ),
    ];
    for (input, kind, org_url) in cases {
        let (_, actual_kind, actual_url, warning) = accepted(input);
        assert_eq!(actual_kind, kind, "org kind of {input:?}");
        assert_eq!(actual_url, org_url, "org URL of {input:?}");
        assert_eq!(warning, None, "warning for {input:?}");
    }
}

#[test]
fn parse_keeps_double_hyphen_as_typed() {
    let (prefix, _, _, _) = accepted("acme---uat.sandbox");
    assert_eq!(prefix, "acme---uat.sandbox");
}

#[test]
fn parse_accepts_forty_character_name() {
    let name = "a".repeat(MAX_NAME_LENGTH);
    let (prefix, _, _, _) = accepted(&name);
    assert_eq!(prefix, name);
}

#[test]
fn parse_limits_org_name_not_sandbox_name() {
    let input = format!("{}--uat.sandbox", "a".repeat(MAX_NAME_LENGTH));
    let (prefix, _, _, _) = accepted(&input);
    assert_eq!(prefix, input);
}

#[test]
fn parse_warns_about_names_from_before_enhanced_domains() {
    let cases = [
        (
            "acme--uat",
            OrgKind::Sandbox,
            "acme--uat looks like a sandbox, and sandboxes with enhanced domains use \
             acme--uat.sandbox: enter acme--uat.sandbox unless the sandbox's URL has no .sandbox \
             in it.",
        ),
        (
            "acme-dev-ed",
            OrgKind::DeveloperEdition,
            "acme-dev-ed looks like a Developer Edition name from before enhanced domains, which \
             now use acme-dev-ed.develop: enter acme-dev-ed.develop unless the org's URL has no \
             .develop in it.",
        ),
        (
            "acme.sandbox",
            OrgKind::Sandbox,
            "acme.sandbox has no -- in its name, but a sandbox's My Domain is usually the org's \
             name, -- and the sandbox's name, for example acme--uat.sandbox: check the sandbox's \
             URL.",
        ),
    ];
    for (input, kind, warning) in cases {
        let (prefix, actual_kind, _, actual_warning) = accepted(input);
        assert_eq!(prefix, input, "prefix of {input:?}");
        assert_eq!(actual_kind, kind, "org kind of {input:?}");
        assert_eq!(
            actual_warning.as_deref(),
            Some(warning),
            "warning for {input:?}"
        );
    }
}

#[test]
fn parse_rejects_empty_names() {
    let message = "My Domain name is empty: enter your org's My Domain name, for example acme";
    for input in [
        "",
        "   ",
        "https://",
        "https:///path",
        "https://.lightning.force.com",
        ".my.salesforce.com",
        "lightning.force.com",
        ".",
    ] {
        assert_eq!(rejected(input), message, "message for {input:?}");
    }
}

#[test]
fn parse_rejects_generic_login_hosts() {
    let login = "login.salesforce.com is Salesforce's generic login host, not a My Domain: enter \
                 your org's My Domain name, for example acme";
    let test = "test.salesforce.com is Salesforce's generic sandbox login host, not a My Domain: \
                enter your sandbox's My Domain name, for example acme--uat.sandbox";
    let cases = [
        ("login", login),
        ("LOGIN", login),
        ("login.salesforce.com", login),
        ("https://login.salesforce.com/", login),
        (
            "https://login.salesforce.com/services/oauth2/authorize?client_id=x",
            login,
        ),
        ("login.my.salesforce.com", login),
        ("test", test),
        ("test.salesforce.com", test),
        ("https://test.salesforce.com", test),
    ];
    for (input, message) in cases {
        assert_eq!(rejected(input), message, "message for {input:?}");
    }
}

#[test]
fn parse_rejects_other_domains_with_a_suggestion() {
    let cases = [
        (
            "https://acme--uat.sandbox.lightning.com/",
            "not a Salesforce domain: enter the My Domain name, for example acme--uat.sandbox",
        ),
        (
            "acme.com",
            "not a Salesforce domain: enter the My Domain name, for example acme",
        ),
        (
            "www.acme.com",
            "not a Salesforce domain: enter the My Domain name, for example acme",
        ),
        (
            "acme.develop.example",
            "not a Salesforce domain: enter the My Domain name, for example acme.develop",
        ),
        (
            "-x.example",
            "not a Salesforce domain: enter the My Domain name, for example acme",
        ),
        (
            "acme.my.salesforce.com.evil.example",
            "acme.my.salesforce.com.evil.example does not end in a Salesforce domain: enter the \
             My Domain name, for example acme",
        ),
        (
            "https://acme.lightning.force.com.evil.example/",
            "acme.lightning.force.com.evil.example does not end in a Salesforce domain: enter the \
             My Domain name, for example acme",
        ),
    ];
    for (input, message) in cases {
        assert_eq!(rejected(input), message, "message for {input:?}");
    }
}

#[test]
fn parse_rejects_instance_site_and_legacy_hosts() {
    for host in [
        "na1.salesforce.com",
        "acme.salesforce.com",
        "salesforce.com",
        "acme.cloudforce.com",
        "acme.my.site.com",
        "acme.force.com",
        "acme--c.vf.force.com",
        "acme.my.salesforce-sites.com",
    ] {
        let message = format!(
            "{host} is a Salesforce instance, site or legacy host, not a My Domain: enter the My \
             Domain name shown in Setup under My Domain, for example acme"
        );
        assert_eq!(
            rejected(&format!("https://{host}/")),
            message,
            "message for {host:?}"
        );
    }
}

#[test]
fn parse_rejects_unknown_suffix_on_org_host() {
    let cases = [
        (
            "acme--uat.cs42.my.salesforce.com",
            "acme--uat.cs42 is not a My Domain name: enter the name alone or followed by \
             .develop, .sandbox, .scratch, .patch, .trailblaze or .demo, for example \
             acme--uat.sandbox",
        ),
        (
            "acme.dev.my.salesforce.com",
            "acme.dev is not a My Domain name: enter the name alone or followed by .develop, \
             .sandbox, .scratch, .patch, .trailblaze or .demo, for example acme",
        ),
    ];
    for (input, message) in cases {
        assert_eq!(rejected(input), message, "message for {input:?}");
    }
}

#[test]
fn parse_rejects_malformed_names() {
    let cases = [
        (
            "-acme",
            "My Domain name -acme starts with a hyphen: remove it, because a name starts with a \
             letter or digit",
        ),
        (
            "acme-",
            "My Domain name acme- ends with a hyphen: remove it, because a name ends with a letter \
             or digit",
        ),
        (
            "acme--.sandbox",
            "My Domain name acme-- ends with a hyphen: remove it, because a name ends with a \
             letter or digit",
        ),
        (
            "acme_corp",
            "My Domain name contains '_', which is not allowed: use letters, digits and hyphens, \
             with a dot only before a suffix such as sandbox, for example acme--uat.sandbox",
        ),
        (
            "acme corp",
            "My Domain name contains a space, which is not allowed: use letters, digits and \
             hyphens, with a dot only before a suffix such as sandbox, for example \
             acme--uat.sandbox",
        ),
        (
            "acmé",
            "My Domain name contains 'é' (U+00E9), which is not allowed: use letters, digits and \
             hyphens, with a dot only before a suffix such as sandbox, for example \
             acme--uat.sandbox",
        ),
        (
            "https://acme.my.salesforce.com@evil.example/",
            "My Domain name contains '@', which is not allowed: use letters, digits and hyphens, \
             with a dot only before a suffix such as sandbox, for example acme--uat.sandbox",
        ),
        (
            "https://acme.my.salesforce.com:/",
            "My Domain name contains ':', which is not allowed: use letters, digits and hyphens, \
             with a dot only before a suffix such as sandbox, for example acme--uat.sandbox",
        ),
        (
            "acme..develop",
            "acme..develop has an empty part next to a dot: remove the extra dot, for example \
             acme.develop",
        ),
        (
            ".acme",
            ".acme has an empty part next to a dot: remove the extra dot, for example \
             acme.develop",
        ),
        (
            "ftp://acme.my.salesforce.com",
            "ftp:// is not a web address scheme: paste an https:// address or enter the My \
             Domain name, for example acme",
        ),
    ];
    for (input, message) in cases {
        assert_eq!(rejected(input), message, "message for {input:?}");
    }
}

#[test]
fn parse_rejects_names_over_forty_characters() {
    let input = "a".repeat(MAX_NAME_LENGTH + 1);
    assert_eq!(
        rejected(&input),
        "My Domain name has 41 characters, but Salesforce allows at most 40: enter only the name, \
         for example acme"
    );
}

#[test]
fn parse_rejects_labels_over_dns_limit() {
    let input = format!("{}--{}.sandbox", "a".repeat(40), "b".repeat(22));
    assert_eq!(
        rejected(&input),
        "My Domain name with its sandbox name has 64 characters, but one part of a host name has \
         at most 63: check the sandbox name after --"
    );
}

#[test]
fn org_url_fills_template() {
    let domain = MyDomain::parse("acme--uat.sandbox")
        .expect("valid prefix")
        .domain;
    assert_eq!(
        domain.org_url("http://{domain}.localhost:8080"),
        "http://acme--uat.sandbox.localhost:8080"
    );
}

#[test]
fn org_kind_labels_and_login_hosts() {
    let cases = [
        (OrgKind::Production, "Production", false),
        (OrgKind::DeveloperEdition, "Developer Edition", false),
        (OrgKind::Sandbox, "Sandbox", true),
        (OrgKind::Scratch, "Scratch org", true),
        (OrgKind::Patch, "Patch org", false),
        (OrgKind::TrailheadPlayground, "Trailhead Playground", false),
        (OrgKind::Demo, "Demo org", false),
    ];
    for (kind, label, sandbox_like) in cases {
        assert_eq!(kind.label(), label, "label of {kind:?}");
        assert_eq!(
            kind.is_sandbox_like(),
            sandbox_like,
            "is_sandbox_like of {kind:?}"
        );
    }
}

#[test]
fn serde_round_trips_prefix() {
    let domain = MyDomain::parse("acme--uat.sandbox")
        .expect("valid prefix")
        .domain;
    let json = serde_json::to_string(&domain).expect("a prefix serializes");
    assert_eq!(json, r#""acme--uat.sandbox""#);
    let back: MyDomain = serde_json::from_str(&json).expect("a prefix deserializes");
    assert_eq!(back, domain);
}

#[test]
fn serde_rejects_invalid_value() {
    let result = serde_json::from_str::<MyDomain>(r#""login.salesforce.com""#);
    assert!(
        result.is_err(),
        "deserialized a generic login host: {result:?}"
    );
}

/// Valid names: letters and digits with inner hyphens, never "login" or "test".
fn name_strategy() -> impl Strategy<Value = String> {
    "[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?".prop_filter("generic login names are rejected", |name| {
        !GENERIC_LOGIN_NAMES.contains(&name.as_str())
    })
}

/// Valid prefixes: a name, optionally `--sandbox`, optionally an org-type suffix.
fn prefix_strategy() -> impl Strategy<Value = String> {
    let suffix = prop::sample::select(vec![
        "",
        ".develop",
        ".sandbox",
        ".scratch",
        ".patch",
        ".trailblaze",
        ".demo",
    ]);
    (name_strategy(), prop::option::of("[a-z0-9]{1,10}"), suffix).prop_map(
        |(name, sandbox, suffix)| match sandbox {
            Some(sandbox) => format!("{name}--{sandbox}{suffix}"),
            None => format!("{name}{suffix}"),
        },
    )
}

/// Text shaped like what admins paste: a scheme, a prefix, a host domain, a path, spaces.
fn pasted_strategy() -> impl Strategy<Value = (String, String)> {
    let scheme = prop::sample::select(vec!["", "https://", "http://", "HTTPS://"]);
    let domain = prop::sample::select(vec![
        "",
        ".my.salesforce.com",
        ".lightning.force.com",
        ".my.salesforce-setup.com",
        ".my.salesforce.com.my.salesforce.com",
    ]);
    let tail = prop::sample::select(vec![
        "",
        "/",
        "//",
        "/lightning/page/home",
        "?a=b",
        ":443/",
        ".",
    ]);
    let space = prop::sample::select(vec!["", " ", "\t", "\n "]);
    (
        prefix_strategy(),
        scheme,
        domain,
        tail,
        space,
        any::<bool>(),
    )
        .prop_map(|(prefix, scheme, domain, tail, space, upper)| {
            let host = if upper {
                prefix.to_uppercase()
            } else {
                prefix.clone()
            };
            (
                format!("{space}{scheme}{host}{domain}{tail}{space}"),
                prefix,
            )
        })
}

/// Arbitrary text built from the pieces that matter to the parser, so accepted values come up.
fn noisy_strategy() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "acme",
        "uat",
        "--",
        "-",
        ".",
        "..",
        "/",
        "//",
        "://",
        "https",
        "my",
        "salesforce",
        "com",
        "lightning",
        "force",
        "develop",
        "sandbox",
        "login",
        "test",
        "evil",
        "example",
        "@",
        ":",
        "443",
        " ",
        "é",
        "_",
        "?",
        "#",
        "A",
        "0",
    ]);
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn parse_never_panics(input in any::<String>()) {
        let _ = MyDomain::parse(&input);
    }

    #[test]
    fn parse_never_panics_on_url_like_text(input in noisy_strategy()) {
        let _ = MyDomain::parse(&input);
    }

    #[test]
    fn parse_of_accepted_value_is_stable(input in noisy_strategy()) {
        if let Ok(parsed) = MyDomain::parse(&input) {
            let again = MyDomain::parse(parsed.domain.as_str());
            prop_assert_eq!(again.map(|again| again.domain), Ok(parsed.domain));
        }
    }

    #[test]
    fn parse_reduces_pasted_text_to_prefix((input, prefix) in pasted_strategy()) {
        let parsed = MyDomain::parse(&input);
        prop_assert_eq!(parsed.map(|parsed| parsed.domain.prefix), Ok(prefix));
    }

    #[test]
    fn canonical_prefix_parses_to_itself(prefix in prefix_strategy()) {
        let parsed = MyDomain::parse(&prefix).expect("a generated prefix is valid");
        prop_assert_eq!(parsed.domain.as_str(), prefix.as_str());
        prop_assert_eq!(MyDomain::parse(parsed.domain.as_str()), Ok(parsed.clone()));
    }

    #[test]
    fn default_org_url_stays_under_salesforce(input in noisy_strategy()) {
        if let Ok(parsed) = MyDomain::parse(&input) {
            let url = parsed.domain.org_url(DEFAULT_ORG_URL_TEMPLATE);
            prop_assert!(url.ends_with(".my.salesforce.com"), "{}", url);
            let host = url
                .strip_prefix("https://")
                .and_then(|rest| rest.strip_suffix(".my.salesforce.com"));
            prop_assert_eq!(host, Some(parsed.domain.as_str()));
        }
    }

    #[test]
    fn default_org_url_of_generated_prefix(prefix in prefix_strategy()) {
        let domain = MyDomain::parse(&prefix).expect("a generated prefix is valid").domain;
        let url = domain.org_url(DEFAULT_ORG_URL_TEMPLATE);
        prop_assert!(url.ends_with(".my.salesforce.com"), "{}", url);
        prop_assert_eq!(url.matches('.').count(), prefix.matches('.').count() + 3);
    }
}
