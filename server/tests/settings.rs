//! The settings' whole life through the real router: server-side re-validation, optimistic
//! concurrency, secret replacement, Disconnect, deletion and the audit log.

mod support;

use serde_json::{Value, json};
use support::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, TestConsole};

fn settings_body(input: Value, expected_version: Value) -> Value {
    json!({"environment": "development", "input": input, "expected_version": expected_version})
}

fn demo_input() -> Value {
    json!({
        "client_id": DEMO_CLIENT_ID,
        "client_secret": DEMO_CLIENT_SECRET,
        "my_domain": "demo",
        "scopes": ["id", "api", "refresh_token"],
        "login_host": ""
    })
}

#[tokio::test]
async fn bad_payloads_are_rejected_field_by_field() {
    let console = TestConsole::start().await;
    let cases = [
        ("client_id", json!("")),
        ("client_id", json!(DEMO_CLIENT_SECRET)),
        ("client_secret", json!("")),
        ("client_secret", json!(DEMO_CLIENT_ID)),
        ("my_domain", json!("acme.my.salesforce.com.evil.example")),
        ("my_domain", json!("test.salesforce.com")),
        ("my_domain", json!("https://.lightning.force.com")),
        ("scopes", json!(["api", "no_such_scope"])),
        ("login_host", json!("somewhere")),
    ];
    for (field, value) in cases {
        let mut input = demo_input();
        input[field] = value.clone();
        let (status, error) = console.call_json("save_settings", settings_body(input, Value::Null)).await;
        assert_eq!(status, 422, "{field} = {value}: {error}");
        assert!(error["Validation"][field].is_string(), "{field} = {value}: {error}");
    }
    let (_, view) = console.call_form("load_settings", &[("environment", "development")]).await;
    assert!(view["integration"].is_null(), "nothing may be stored: {view}");
}

#[tokio::test]
async fn pasted_lightning_url_is_stored_as_prefix() {
    let console = TestConsole::start().await;
    let mut input = demo_input();
    input["my_domain"] = json!("  HTTPS://Demo.Lightning.Force.com/lightning/page/home ");
    let (status, view) = console.call_json("save_settings", settings_body(input, Value::Null)).await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["integration"]["my_domain"], "demo");
}

#[tokio::test]
async fn second_save_with_stale_version_is_a_conflict() {
    let console = TestConsole::start().await;
    let first = console.save_demo_settings().await;
    assert_eq!(first["integration"]["version"], 1);

    let mut input = demo_input();
    input["client_secret"] = json!("");
    let (status, _) = console.call_json("save_settings", settings_body(input.clone(), json!(1))).await;
    assert_eq!(status, 200);
    let (status, error) = console.call_json("save_settings", settings_body(input, json!(1))).await;
    assert_eq!(status, 409, "{error}");
    assert!(error["Conflict"].as_str().expect("message").contains("Another admin saved"));
}

#[tokio::test]
async fn empty_secret_keeps_the_stored_one() {
    let console = TestConsole::start().await;
    console.save_demo_settings().await;
    let mut input = demo_input();
    input["client_secret"] = json!("");
    let (status, view) = console.call_json("save_settings", settings_body(input, json!(1))).await;
    assert_eq!(status, 200, "{view}");
    let last_four = &DEMO_CLIENT_SECRET[DEMO_CLIENT_SECRET.len() - 4..];
    assert_eq!(view["integration"]["secret_mask"], format!("••••{last_four}"));

    // The stored secret still works: Connect completes.
    let callback = console.connect_through_demo_org().await;
    assert_eq!(callback.status().as_u16(), 303);
}

#[tokio::test]
async fn disconnect_revokes_and_forgets_the_tokens() {
    let console = TestConsole::start().await;
    console.save_demo_settings().await;
    console.connect_through_demo_org().await;
    let (status, outcome) = console.call_form("disconnect", &[("environment", "development")]).await;
    assert_eq!(status, 200, "{outcome}");
    assert!(outcome["settings"]["connection"].is_null());
    assert!(outcome["notice"].as_str().expect("notice").contains("Salesforce revoked"), "{outcome}");

    let (status, error) = console.call_form("test_connection", &[("environment", "development")]).await;
    assert_eq!(status, 409, "{error}");
}

#[tokio::test]
async fn delete_integration_removes_everything() {
    let console = TestConsole::start().await;
    console.save_demo_settings().await;
    console.connect_through_demo_org().await;
    let (status, outcome) = console.call_form("delete_integration", &[("environment", "development")]).await;
    assert_eq!(status, 200, "{outcome}");
    assert!(outcome["settings"]["integration"].is_null());
    assert!(outcome["settings"]["connection"].is_null());
}

#[tokio::test]
async fn audit_log_names_fields_without_secret() {
    let console = TestConsole::start().await;
    console.save_demo_settings().await;
    let mut input = demo_input();
    input["client_secret"] = json!("a-brand-new-Secret-value-9876");
    let (status, _) = console.call_json("save_settings", settings_body(input, json!(1))).await;
    assert_eq!(status, 200);

    let (status, events) = console.call_form("audit_log", &[("environment", "development")]).await;
    assert_eq!(status, 200, "{events}");
    let text = events.to_string();
    assert!(!text.contains(DEMO_CLIENT_SECRET), "{text}");
    assert!(!text.contains("a-brand-new-Secret-value-9876"), "{text}");
    assert_eq!(events[0]["detail"], "changed client_secret (replaced)");
    assert_eq!(events[0]["action"], "settings.saved");
}
