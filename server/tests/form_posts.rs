//! The pages' forms posted without JavaScript, through the plain routes that back them.

mod support;

use support::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, TestConsole, location};

const SETTINGS_FORM: &str = "/environments/development/integrations/salesforce/settings";

async fn post_form(console: &TestConsole, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    console
        .browser
        .post(console.url(path))
        .header("origin", &console.base_url)
        .form(form)
        .send()
        .await
        .expect("the form route answers")
}

#[tokio::test]
async fn invalid_settings_form_returns_typed_values() {
    let console = TestConsole::start().await;
    let response = post_form(
        &console,
        SETTINGS_FORM,
        &[
            ("client_id", DEMO_CLIENT_ID),
            ("client_secret", DEMO_CLIENT_SECRET),
            ("my_domain", "test.salesforce.com"),
            ("scopes", "id"),
            ("scopes", "api"),
            ("expected_version", ""),
        ],
    )
    .await;
    assert_eq!(response.status().as_u16(), 303);
    let back = location(&response);
    assert!(back.starts_with("/environments/development/integrations/salesforce?"), "{back}");
    assert!(back.contains("invalid=1"), "{back}");
    assert!(back.contains("my_domain=test.salesforce.com"), "{back}");
    assert!(back.contains("scopes=id+api"), "{back}");
    assert!(!back.contains(DEMO_CLIENT_SECRET), "the secret never goes into the address");

    let (_, view) = console.call_form("load_settings", &[("environment", "development")]).await;
    assert!(view["integration"].is_null(), "nothing may be stored: {view}");
}

#[tokio::test]
async fn valid_settings_form_is_saved() {
    let console = TestConsole::start().await;
    let response = post_form(
        &console,
        SETTINGS_FORM,
        &[
            ("client_id", DEMO_CLIENT_ID),
            ("client_secret", DEMO_CLIENT_SECRET),
            ("my_domain", "demo"),
            ("scopes", "id"),
            ("scopes", "api"),
            ("scopes", "refresh_token"),
        ],
    )
    .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(location(&response), "/environments/development/integrations/salesforce?saved=1");
    let (_, view) = console.call_form("load_settings", &[("environment", "development")]).await;
    assert_eq!(view["integration"]["my_domain"], "demo");
    assert_eq!(view["integration"]["scopes"], serde_json::json!(["id", "api", "refresh_token"]));
}

#[tokio::test]
async fn settings_form_from_another_origin_is_rejected() {
    let console = TestConsole::start().await;
    let response = console
        .browser
        .post(console.url(SETTINGS_FORM))
        .header("origin", "https://evil.example")
        .form(&[("client_id", DEMO_CLIENT_ID)])
        .send()
        .await
        .expect("the form route answers");
    assert_eq!(response.status().as_u16(), 403);
}

#[tokio::test]
async fn environment_form_creates_and_reports_taken_slug() {
    let console = TestConsole::start().await;
    let created = post_form(&console, "/environments", &[("name", "Staging EU"), ("slug", "")]).await;
    assert_eq!(created.status().as_u16(), 303);
    assert_eq!(location(&created), "/?created=staging-eu");

    let taken = post_form(&console, "/environments", &[("name", "Again"), ("slug", "staging-eu")]).await;
    assert_eq!(taken.status().as_u16(), 303);
    let back = location(&taken);
    assert!(back.contains("form=new"), "{back}");
    assert!(back.contains("taken=1"), "{back}");
}

#[tokio::test]
async fn environment_form_renames_and_deletes() {
    let console = TestConsole::start().await;
    post_form(&console, "/environments", &[("name", "Staging"), ("slug", "staging")]).await;
    let renamed = post_form(&console, "/environments/staging/rename", &[("name", "QA"), ("slug", "qa")]).await;
    assert_eq!(location(&renamed), "/?renamed=qa");
    let deleted = post_form(&console, "/environments/qa/delete", &[]).await;
    assert_eq!(location(&deleted), "/?deleted=qa");
    let (_, list) = console.call_form("list_environments", &[]).await;
    let slugs: Vec<&str> = list.as_array().expect("list").iter().map(|e| e["slug"].as_str().expect("slug")).collect();
    assert_eq!(slugs, vec!["development"]);
}
