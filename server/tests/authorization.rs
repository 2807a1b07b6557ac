//! Who may call what: every server function and plain route as an anonymous visitor, the demo
//! support user and the demo admin, against the real router.

mod support;

use serde_json::{Value, json};
use support::{
    DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_SUPPORT_EMAIL, DEMO_SUPPORT_PASSWORD, TestConsole,
    location,
};

/// The arguments of one call, in the encoding its server function reads.
#[derive(Clone)]
enum Arguments {
    Form(Vec<(&'static str, &'static str)>),
    Json(Value),
}

/// The expected response to one call: the HTTP status and, for an error, the JSON body.
#[derive(Debug)]
struct Outcome {
    status: u16,
    error: Option<Value>,
}

fn ok() -> Outcome {
    Outcome {
        status: 200,
        error: None,
    }
}

fn unauthorized() -> Outcome {
    Outcome {
        status: 401,
        error: Some(json!("Unauthorized")),
    }
}

fn forbidden(message: &str) -> Outcome {
    Outcome {
        status: 403,
        error: Some(json!({ "Forbidden": message })),
    }
}

fn not_connected() -> Outcome {
    Outcome {
        status: 409,
        error: Some(json!({
            "Conflict": "This environment is not connected to Salesforce for you: an admin clicks Connect on the settings page first."
        })),
    }
}

fn save_body(expected_version: i64) -> Value {
    json!({
        "environment": "development",
        "input": {
            "client_id": DEMO_CLIENT_ID,
            "client_secret": DEMO_CLIENT_SECRET,
            "my_domain": "demo",
            "scopes": ["id", "api", "refresh_token"],
            "login_host": ""
        },
        "expected_version": expected_version
    })
}

#[tokio::test]
async fn server_functions_by_role() {
    let console = TestConsole::start().await;
    console.save_demo_settings().await;
    let callback = console.connect_through_demo_org().await;
    assert_eq!(callback.status().as_u16(), 303, "the admin connects");

    let anonymous = console.anonymous_browser();
    let support = console
        .browser_signed_in_as(DEMO_SUPPORT_EMAIL, DEMO_SUPPORT_PASSWORD)
        .await;
    let admin = console.browser.clone();
    let environment = Arguments::Form(vec![("environment", "development")]);
    let query = Arguments::Json(json!({
        "environment": "development",
        "soql": "SELECT Id, Name FROM Account ORDER BY Name LIMIT 5",
        "include_deleted": false
    }));

    // Each row: endpoint, arguments, and the outcome for anonymous, support and admin, in the
    // order the calls run. The admin's save runs last, so it does not change the version the
    // other rows send.
    let table = [
        (
            "list_environments",
            Arguments::Form(Vec::new()),
            [unauthorized(), ok(), ok()],
        ),
        (
            "load_settings",
            environment.clone(),
            [unauthorized(), ok(), ok()],
        ),
        (
            "save_settings",
            Arguments::Json(save_body(1)),
            [
                unauthorized(),
                forbidden("Your role (support) cannot change settings."),
                ok(),
            ],
        ),
        (
            "test_connection",
            environment.clone(),
            // Support staff may not connect, so they read through the admin's connection.
            [unauthorized(), ok(), ok()],
        ),
        ("run_query", query, [unauthorized(), ok(), ok()]),
    ];

    for (endpoint, arguments, outcomes) in table {
        let callers = [
            ("anonymous", &anonymous),
            ("support", &support),
            ("admin", &admin),
        ];
        for ((who, browser), expected) in callers.into_iter().zip(outcomes) {
            let (status, answer) = match arguments.clone() {
                Arguments::Form(form) => console.call_form_from(browser, endpoint, &form).await,
                Arguments::Json(body) => console.call_json_from(browser, endpoint, body).await,
            };
            assert_eq!(status, expected.status, "{endpoint} as {who}: {answer}");
            if let Some(error) = expected.error {
                assert_eq!(answer, error, "{endpoint} as {who}");
            }
        }
    }
}

#[tokio::test]
async fn connect_by_role() {
    let console = TestConsole::start().await;
    console.save_demo_settings().await;
    let connect_url = console.url("/environments/development/integrations/salesforce/connect");

    let anonymous = console
        .anonymous_browser()
        .post(&connect_url)
        .header("origin", &console.base_url)
        .send()
        .await
        .expect("Connect answers");
    assert_eq!(anonymous.status().as_u16(), 303);
    assert_eq!(
        location(&anonymous),
        "/sign-in?next=/environments/development/integrations/salesforce"
    );

    let support = console
        .browser_signed_in_as(DEMO_SUPPORT_EMAIL, DEMO_SUPPORT_PASSWORD)
        .await;
    let response = support
        .post(&connect_url)
        .header("origin", &console.base_url)
        .send()
        .await
        .expect("Connect answers");
    assert_eq!(response.status().as_u16(), 403);
    let body = response.text().await.expect("text");
    assert!(
        body.contains("Your role (support) cannot connect to or disconnect from Salesforce."),
        "{body}"
    );

    let admin = console
        .browser
        .post(&connect_url)
        .header("origin", &console.base_url)
        .send()
        .await
        .expect("Connect answers");
    assert_eq!(admin.status().as_u16(), 303);
    let authorize_url = location(&admin);
    let demo_port = console
        .running
        .as_ref()
        .expect("running")
        .demo_org_addr
        .expect("demo org")
        .port();
    assert!(
        authorize_url.starts_with(&format!(
            "http://login.localhost:{demo_port}/services/oauth2/authorize?"
        )),
        "{authorize_url}"
    );
}

#[tokio::test]
async fn callback_by_role() {
    let console = TestConsole::start().await;
    console.save_demo_settings().await;
    let anonymous = console.anonymous_browser();
    let support = console
        .browser_signed_in_as(DEMO_SUPPORT_EMAIL, DEMO_SUPPORT_PASSWORD)
        .await;

    // Every state belongs to the admin who clicked Connect, and each caller gets a fresh one.
    let table: [(&str, &reqwest::Client, u16, &str); 3] = [
        (
            "anonymous",
            &anonymous,
            400,
            "You are no longer signed in to the console",
        ),
        (
            "support",
            &support,
            400,
            "This sign-in was started by another console user",
        ),
        ("admin", &console.browser, 303, ""),
    ];
    for (who, browser, status, message) in table {
        let callback_url = console.authorize_through_demo_org(&console.browser).await;
        let response = browser
            .get(&callback_url)
            .send()
            .await
            .expect("callback answers");
        assert_eq!(response.status().as_u16(), status, "callback as {who}");
        if status == 303 {
            assert_eq!(
                location(&response),
                "/environments/development/integrations/salesforce"
            );
        } else {
            let body = response.text().await.expect("text");
            assert!(body.contains(message), "callback as {who}: {body}");
        }
    }
}

#[tokio::test]
async fn anonymous_page_request_goes_to_sign_in() {
    let console = TestConsole::start().await;
    let anonymous = console.anonymous_browser();
    let table = [
        ("/", "/sign-in"),
        (
            "/environments/development/integrations/salesforce",
            "/sign-in?next=/environments/development/integrations/salesforce",
        ),
        (
            "/environments/development/integrations/salesforce/explorer?soql=x&y=1",
            "/sign-in?next=/environments/development/integrations/salesforce/explorer%3Fsoql%3Dx%26y%3D1",
        ),
    ];
    for (path, expected) in table {
        let response = anonymous
            .get(console.url(path))
            .send()
            .await
            .expect("page answers");
        assert_eq!(response.status().as_u16(), 303, "{path}");
        assert_eq!(location(&response), expected, "{path}");
    }
}

#[tokio::test]
async fn support_save_changes_nothing() {
    let console = TestConsole::start().await;
    let support = console
        .browser_signed_in_as(DEMO_SUPPORT_EMAIL, DEMO_SUPPORT_PASSWORD)
        .await;
    let mut body = save_body(0);
    body["expected_version"] = Value::Null;

    let (status, answer) = console
        .call_json_from(&support, "save_settings", body)
        .await;
    assert_eq!(status, 403, "{answer}");
    assert_eq!(
        answer,
        json!({ "Forbidden": "Your role (support) cannot change settings." })
    );

    let (status, view) = console
        .call_form("load_settings", &[("environment", "development")])
        .await;
    assert_eq!(status, 200);
    assert!(
        view["integration"].is_null(),
        "nothing may be stored: {view}"
    );
    let (_, events) = console
        .call_form("audit_log", &[("environment", "development")])
        .await;
    assert_eq!(events, json!([]), "a rejected save leaves no audit event");
}

#[tokio::test]
async fn settings_form_rejects_support() {
    let console = TestConsole::start().await;
    let support = console
        .browser_signed_in_as(DEMO_SUPPORT_EMAIL, DEMO_SUPPORT_PASSWORD)
        .await;
    let response = support
        .post(console.url("/environments/development/integrations/salesforce/settings"))
        .header("origin", &console.base_url)
        .form(&[
            ("client_id", DEMO_CLIENT_ID),
            ("client_secret", DEMO_CLIENT_SECRET),
            ("my_domain", "demo"),
            ("scopes", "api"),
        ])
        .send()
        .await
        .expect("the settings form answers");
    assert_eq!(response.status().as_u16(), 403);
    let body = response.text().await.expect("text");
    assert!(
        body.contains("Your role (support) cannot change settings."),
        "{body}"
    );

    let (_, view) = console
        .call_form("load_settings", &[("environment", "development")])
        .await;
    assert!(
        view["integration"].is_null(),
        "nothing may be stored: {view}"
    );
}

#[tokio::test]
async fn admin_save_is_audited_by_email() {
    let console = TestConsole::start().await;
    console.save_demo_settings().await;
    let (status, events) = console
        .call_form("audit_log", &[("environment", "development")])
        .await;
    assert_eq!(status, 200, "{events}");
    assert_eq!(events[0]["actor"], "admin@console.example", "{events}");
    assert_eq!(events[0]["action"], "settings.saved", "{events}");
}

#[tokio::test]
async fn connections_belong_to_their_user() {
    let console = TestConsole::start().await;
    console.save_demo_settings().await;
    console
        .create_user(
            "second.admin@example.com",
            server::auth::Role::Admin,
            "second-admin-Password1",
        )
        .await;
    let second = console
        .browser_signed_in_as("second.admin@example.com", "second-admin-Password1")
        .await;

    let callback = console.connect_through_demo_org().await;
    assert_eq!(callback.status().as_u16(), 303);

    let (_, mine) = console
        .call_form("load_settings", &[("environment", "development")])
        .await;
    assert_eq!(
        mine["connection"]["username"],
        emulator::demo::USERNAME,
        "{mine}"
    );
    let (_, theirs) = console
        .call_form_from(&second, "load_settings", &[("environment", "development")])
        .await;
    assert!(
        theirs["connection"].is_null(),
        "another user's connection must not show: {theirs}"
    );
    let (status, _) = console
        .call_form_from(
            &second,
            "test_connection",
            &[("environment", "development")],
        )
        .await;
    assert_eq!(
        status, 409,
        "test connection runs on the caller's own connection"
    );
}

#[tokio::test]
async fn support_needs_an_admin_connection() {
    let console = TestConsole::start().await;
    console.save_demo_settings().await;
    let support = console
        .browser_signed_in_as(DEMO_SUPPORT_EMAIL, DEMO_SUPPORT_PASSWORD)
        .await;
    let (status, answer) = console
        .call_form_from(&support, "test_connection", &[("environment", "development")])
        .await;
    let expected = not_connected();
    assert_eq!(status, expected.status, "{answer}");
    assert_eq!(Some(answer), expected.error);
}
