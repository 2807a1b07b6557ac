//! The admin journey against the real router and the demo org over HTTP: save, connect, test
//! connection, query.

mod support;

use serde_json::json;
use support::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, TestConsole, location};

#[tokio::test]
async fn invalid_settings_are_rejected_and_not_stored() {
    let console = TestConsole::start().await;
    let (status, error) = console
        .call_json(
            "save_settings",
            json!({
                "environment": "development",
                "input": {
                    "client_id": "",
                    "client_secret": DEMO_CLIENT_SECRET,
                    "my_domain": "https://login.salesforce.com",
                    "scopes": ["id", "api", "refresh_token"],
                    "login_host": ""
                },
                "expected_version": null
            }),
        )
        .await;
    assert_eq!(status, 422);
    let fields = &error["Validation"];
    assert!(fields["client_id"].is_string(), "{error}");
    assert!(fields["my_domain"].is_string(), "{error}");

    let (status, view) = console.call_form("load_settings", &[("environment", "development")]).await;
    assert_eq!(status, 200);
    assert!(view["integration"].is_null(), "nothing may be stored: {view}");
}

#[tokio::test]
async fn saved_settings_show_the_secret_masked() {
    let console = TestConsole::start().await;
    let saved = console.save_demo_settings().await;
    let text = saved.to_string();
    assert!(!text.contains(DEMO_CLIENT_SECRET), "the secret must never be sent back");

    let (status, view) = console.call_form("load_settings", &[("environment", "development")]).await;
    assert_eq!(status, 200);
    let last_four = &DEMO_CLIENT_SECRET[DEMO_CLIENT_SECRET.len() - 4..];
    assert_eq!(view["integration"]["secret_mask"], format!("••••{last_four}"));
    assert_eq!(view["integration"]["client_id"], DEMO_CLIENT_ID);
    assert_eq!(view["integration"]["my_domain"], "demo");
    assert!(!view.to_string().contains(DEMO_CLIENT_SECRET));
}

#[tokio::test]
async fn whole_journey_connects_tests_and_queries() {
    let console = TestConsole::start().await;
    console.save_demo_settings().await;

    let callback = console.connect_through_demo_org().await;
    assert_eq!(callback.status().as_u16(), 303, "the callback must return to the settings page");
    assert_eq!(location(&callback), "/environments/development/integrations/salesforce");

    let (status, view) = console.call_form("load_settings", &[("environment", "development")]).await;
    assert_eq!(status, 200);
    assert_eq!(view["connection"]["username"], emulator::demo::USERNAME);
    assert_eq!(view["connection"]["status"], "connected");
    let org_id = view["connection"]["organization_id"].as_str().expect("org id");
    assert!(org_id.starts_with("00D"), "{org_id}");

    let (status, report) = console.call_form("test_connection", &[("environment", "development")]).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["passed"], true, "{report}");
    let names: Vec<&str> = report["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|step| step["name"].as_str().expect("step name"))
        .collect();
    assert_eq!(
        names,
        vec!["Refresh access token", "Read user info", "List API versions", "Run SELECT Id FROM Account LIMIT 1"]
    );

    let (_, view) = console.call_form("load_settings", &[("environment", "development")]).await;
    assert_eq!(view["last_test"]["report"]["passed"], true, "the run is stored: {view}");
    let (_, list) = console.call_form("list_environments", &[]).await;
    assert_eq!(list[0]["last_check"]["passed"], true, "{list}");

    let (status, result) = console
        .call_json(
            "run_query",
            json!({
                "environment": "development",
                "soql": "SELECT Id, Name FROM Account ORDER BY Name LIMIT 5",
                "include_deleted": false
            }),
        )
        .await;
    assert_eq!(status, 200, "{result}");
    assert_eq!(result["columns"], json!(["Id", "Name"]));
    assert_eq!(result["rows"].as_array().expect("rows").len(), 5);
}

#[tokio::test]
async fn malformed_query_returns_salesforce_error_code() {
    let console = TestConsole::start().await;
    console.save_demo_settings().await;
    console.connect_through_demo_org().await;
    let (status, error) = console
        .call_json(
            "run_query",
            json!({"environment": "development", "soql": "SELEKT Id FROM Account", "include_deleted": false}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(error["Salesforce"]["error_code"], "MALFORMED_QUERY", "{error}");
}

#[tokio::test]
async fn replayed_callback_does_not_exchange_again() {
    let console = TestConsole::start().await;
    console.save_demo_settings().await;
    let first = console.connect_through_demo_org().await;
    assert_eq!(first.status().as_u16(), 303);
    let replay = console.browser.get(first.url().as_str()).send().await.expect("callback answers");
    assert_eq!(replay.status().as_u16(), 200);
    let body = replay.text().await.expect("text");
    assert!(body.contains("already completed"), "{body}");
}

#[tokio::test]
async fn callback_error_is_explained_and_nothing_stored() {
    let console = TestConsole::start().await;
    console.save_demo_settings().await;
    let response = console
        .browser
        .get(console.url(
            "/integration-callback?error=invalid_request&error_description=missing+required+code+challenge",
        ))
        .send()
        .await
        .expect("callback answers");
    assert_eq!(response.status().as_u16(), 400);
    let body = response.text().await.expect("text");
    assert!(body.contains("missing required code challenge"), "{body}");
    let (_, view) = console.call_form("load_settings", &[("environment", "development")]).await;
    assert!(view["connection"].is_null());
}

#[tokio::test]
async fn unknown_state_is_rejected_without_exchange() {
    let console = TestConsole::start().await;
    let response = console
        .browser
        .get(console.url("/integration-callback?code=abc&state=never-issued"))
        .send()
        .await
        .expect("callback answers");
    assert_eq!(response.status().as_u16(), 400);
    let body = response.text().await.expect("text");
    assert!(body.contains("Authorization session expired"), "{body}");
}

#[tokio::test]
async fn healthz_answers() {
    let console = TestConsole::start().await;
    let response = console.browser.get(console.url("/healthz")).send().await.expect("answers");
    assert_eq!(response.status().as_u16(), 200);
}
