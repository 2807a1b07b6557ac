//! Creating, renaming and deleting environments through the real router.

mod support;

use serde_json::json;
use support::TestConsole;

#[tokio::test]
async fn created_environment_is_listed() {
    let console = TestConsole::start().await;
    let (status, created) = console
        .call_json("create_environment", json!({"input": {"name": "Staging EU", "slug": ""}}))
        .await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["slug"], "staging-eu");

    let (status, list) = console.call_form("list_environments", &[]).await;
    assert_eq!(status, 200);
    let slugs: Vec<&str> = list.as_array().expect("list").iter().map(|e| e["slug"].as_str().expect("slug")).collect();
    assert_eq!(slugs, vec!["development", "staging-eu"]);
}

#[tokio::test]
async fn duplicate_slug_is_a_field_error() {
    let console = TestConsole::start().await;
    let (status, error) = console
        .call_json("create_environment", json!({"input": {"name": "Dev", "slug": "development"}}))
        .await;
    assert_eq!(status, 422, "{error}");
    assert!(error["Validation"]["slug"].as_str().expect("message").contains("already uses"));
}

#[tokio::test]
async fn invalid_slug_is_rejected() {
    let console = TestConsole::start().await;
    let (status, error) = console
        .call_json("create_environment", json!({"input": {"name": "Prod", "slug": "Prod EU"}}))
        .await;
    assert_eq!(status, 422, "{error}");
    assert!(error["Validation"]["slug"].is_string());
}

#[tokio::test]
async fn rename_changes_slug_and_keeps_settings() {
    let console = TestConsole::start().await;
    console.save_demo_settings().await;
    let (status, renamed) = console
        .call_json(
            "rename_environment",
            json!({"environment": "development", "input": {"name": "Dev team", "slug": "dev"}}),
        )
        .await;
    assert_eq!(status, 200, "{renamed}");
    assert_eq!(renamed["integration_configured"], true);

    let (status, view) = console.call_form("load_settings", &[("environment", "dev")]).await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["environment_name"], "Dev team");
    assert_eq!(view["integration"]["my_domain"], "demo");
    let (status, _) = console.call_form("load_settings", &[("environment", "development")]).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn delete_environment_revokes_and_removes_it() {
    let console = TestConsole::start().await;
    console.save_demo_settings().await;
    console.connect_through_demo_org().await;
    let (status, body) = console.call_form("delete_environment", &[("environment", "development")]).await;
    assert_eq!(status, 200, "{body}");
    let (_, list) = console.call_form("list_environments", &[]).await;
    assert_eq!(list, json!([]));
}
