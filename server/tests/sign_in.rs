//! Signing in and out against the real router: redirects, messages, throttling, session ids,
//! cross-origin requests, OAuth states of other users, and the security headers.

mod support;

use std::net::{IpAddr, Ipv4Addr};

use reqwest::header::{COOKIE, ORIGIN, SET_COOKIE};
use serde_json::json;
use support::{
    DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DEMO_SUPPORT_EMAIL, DEMO_SUPPORT_PASSWORD, TestConsole,
    location,
};

/// Returns the value of the `console_session` cookie that `response` sets, if it sets one.
fn session_cookie_set_by(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|cookie| cookie.strip_prefix("console_session="))
        .map(|rest| rest.split(';').next().unwrap_or_default().to_string())
}

/// Builds a browser without a cookie store that always sends `console_session=<session_id>`.
fn browser_with_session(session_id: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    let cookie = format!("console_session={session_id}")
        .parse()
        .expect("a valid cookie header");
    headers.insert(COOKIE, cookie);
    reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("the client builds")
}

/// Builds a browser whose connections come from `address`, a loopback address such as
/// 127.0.0.2.
fn browser_from(address: Ipv4Addr) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::V4(address))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("the client builds")
}

async fn load_settings_status(console: &TestConsole, browser: &reqwest::Client) -> u16 {
    console
        .call_form_from(browser, "load_settings", &[("environment", "development")])
        .await
        .0
}

#[tokio::test]
async fn sign_in_page_lists_demo_users() {
    let console = TestConsole::start().await;
    let response = console
        .anonymous_browser()
        .get(console.url("/sign-in"))
        .send()
        .await
        .expect("page answers");
    assert_eq!(response.status().as_u16(), 200);
    let html = response.text().await.expect("text");
    assert!(
        html.contains(r#"<form method="post" action="/sign-in""#),
        "{html}"
    );
    assert!(
        html.contains(r#"<label for="email">Email</label>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<label for="password">Password</label>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<button type="submit">Sign in</button>"#),
        "{html}"
    );
    assert!(
        html.contains(DEMO_ADMIN_EMAIL),
        "the demo admin is listed: {html}"
    );
    assert!(
        html.contains(DEMO_SUPPORT_PASSWORD),
        "the demo support password is listed: {html}"
    );
    assert!(
        !html.contains("Sign out"),
        "an anonymous visitor has nothing to sign out of"
    );
}

#[tokio::test]
async fn header_shows_user_role_and_sign_out() {
    let console = TestConsole::start().await;
    let response = console
        .browser
        .get(console.url("/"))
        .send()
        .await
        .expect("page answers");
    assert_eq!(response.status().as_u16(), 200);
    let html = response.text().await.expect("text");
    assert!(html.contains(DEMO_ADMIN_EMAIL), "{html}");
    assert!(html.contains("(admin)"), "{html}");
    assert!(
        html.contains(r#"<form method="post" action="/sign-out""#),
        "{html}"
    );
    assert!(html.contains("Sign out"), "{html}");
}

#[tokio::test]
async fn unknown_user_and_wrong_password_look_alike() {
    let console = TestConsole::start().await;
    let browser = console.anonymous_browser();
    let unknown = console
        .post_sign_in(
            &browser,
            &[
                ("email", "nobody@console.example"),
                ("password", DEMO_ADMIN_PASSWORD),
            ],
        )
        .await;
    let wrong = console
        .post_sign_in(
            &browser,
            &[
                ("email", DEMO_ADMIN_EMAIL),
                ("password", "not-the-password"),
            ],
        )
        .await;
    assert_eq!(unknown.status().as_u16(), 303);
    assert_eq!(wrong.status().as_u16(), 303);
    assert_eq!(location(&unknown), "/sign-in?error=incorrect");
    assert_eq!(location(&wrong), "/sign-in?error=incorrect");

    let page = browser
        .get(console.url("/sign-in?error=incorrect"))
        .send()
        .await
        .expect("page answers");
    let html = page.text().await.expect("text");
    assert!(html.contains(r#"role="alert""#), "{html}");
    assert!(html.contains("Email or password is incorrect."), "{html}");
    assert_eq!(
        load_settings_status(&console, &browser).await,
        401,
        "neither attempt signed in"
    );
}

#[tokio::test]
async fn failed_sign_in_keeps_next() {
    let console = TestConsole::start().await;
    let response = console
        .post_sign_in(
            &console.anonymous_browser(),
            &[
                ("email", DEMO_ADMIN_EMAIL),
                ("password", "wrong"),
                ("next", "/environments"),
            ],
        )
        .await;
    assert_eq!(
        location(&response),
        "/sign-in?error=incorrect&next=/environments"
    );
}

#[tokio::test]
async fn next_is_followed_only_on_this_site() {
    let console = TestConsole::start().await;
    let table = [
        (
            "/environments/development/integrations/salesforce",
            "/environments/development/integrations/salesforce",
        ),
        ("//evil.example", "/"),
        ("//evil.example/environments", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("/sign-in", "/"),
    ];
    for (next, expected) in table {
        let browser = console.anonymous_browser();
        let response = console
            .post_sign_in(
                &browser,
                &[
                    ("email", DEMO_ADMIN_EMAIL),
                    ("password", DEMO_ADMIN_PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(response.status().as_u16(), 303, "{next}");
        assert_eq!(location(&response), expected, "{next}");
    }
}

#[tokio::test]
async fn session_id_changes_at_sign_in() {
    let console = TestConsole::start().await;

    // A session id planted before sign-in is not the one the sign-in issues.
    let planted = "AAAAAAAAAAAAAAAAAAAAAA";
    let response = browser_with_session(planted)
        .post(console.url("/sign-in"))
        .header(ORIGIN, &console.base_url)
        .form(&[
            ("email", DEMO_SUPPORT_EMAIL),
            ("password", DEMO_SUPPORT_PASSWORD),
        ])
        .send()
        .await
        .expect("sign-in answers");
    assert_eq!(location(&response), "/");
    let issued = session_cookie_set_by(&response).expect("sign-in sets a session cookie");
    assert_ne!(issued, planted);
    assert_eq!(
        load_settings_status(&console, &browser_with_session(planted)).await,
        401
    );

    // A session that was already valid gets a new id when someone signs in on it, and the old
    // id stops working.
    let response = browser_with_session(&issued)
        .post(console.url("/sign-in"))
        .header(ORIGIN, &console.base_url)
        .form(&[
            ("email", DEMO_ADMIN_EMAIL),
            ("password", DEMO_ADMIN_PASSWORD),
        ])
        .send()
        .await
        .expect("sign-in answers");
    assert_eq!(location(&response), "/");
    let cycled = session_cookie_set_by(&response).expect("sign-in sets a session cookie");
    assert_ne!(cycled, issued);
    assert_eq!(
        load_settings_status(&console, &browser_with_session(&issued)).await,
        401
    );
    assert_eq!(
        load_settings_status(&console, &browser_with_session(&cycled)).await,
        200
    );
}

#[tokio::test]
async fn sign_out_ends_the_session() {
    let console = TestConsole::start().await;
    assert_eq!(load_settings_status(&console, &console.browser).await, 200);
    let response = console
        .browser
        .post(console.url("/sign-out"))
        .header(ORIGIN, &console.base_url)
        .send()
        .await
        .expect("sign-out answers");
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(location(&response), "/sign-in");
    assert_eq!(load_settings_status(&console, &console.browser).await, 401);
}

#[tokio::test]
async fn cross_origin_requests_are_rejected() {
    let console = TestConsole::start().await;
    let body = json!({
        "environment": "development",
        "input": {
            "client_id": support::DEMO_CLIENT_ID,
            "client_secret": support::DEMO_CLIENT_SECRET,
            "my_domain": "demo",
            "scopes": ["id", "api", "refresh_token"],
            "login_host": ""
        },
        "expected_version": null
    });
    let expected =
        json!({ "Forbidden": "The console accepts this request only from its own pages." });

    let with_origin = console
        .browser
        .post(console.url("/api/save_settings"))
        .header(ORIGIN, "https://evil.example")
        .json(&body)
        .send()
        .await
        .expect("the server function answers");
    assert_eq!(with_origin.status().as_u16(), 403);
    assert_eq!(
        with_origin.json::<serde_json::Value>().await.expect("JSON"),
        expected
    );

    let with_fetch_site = console
        .browser
        .post(console.url("/api/save_settings"))
        .header("sec-fetch-site", "cross-site")
        .json(&body)
        .send()
        .await
        .expect("the server function answers");
    assert_eq!(with_fetch_site.status().as_u16(), 403);

    let (_, view) = console
        .call_form("load_settings", &[("environment", "development")])
        .await;
    assert!(
        view["integration"].is_null(),
        "nothing may be stored: {view}"
    );

    // Login CSRF: another site cannot sign a browser in to an account of its choosing.
    let browser = console.anonymous_browser();
    let sign_in = browser
        .post(console.url("/sign-in"))
        .header(ORIGIN, "https://evil.example")
        .form(&[
            ("email", DEMO_ADMIN_EMAIL),
            ("password", DEMO_ADMIN_PASSWORD),
        ])
        .send()
        .await
        .expect("sign-in answers");
    assert_eq!(sign_in.status().as_u16(), 403);
    assert_eq!(load_settings_status(&console, &browser).await, 401);

    let sign_out = console
        .browser
        .post(console.url("/sign-out"))
        .header(ORIGIN, "https://evil.example")
        .send()
        .await
        .expect("sign-out answers");
    assert_eq!(sign_out.status().as_u16(), 403);
    assert_eq!(
        load_settings_status(&console, &console.browser).await,
        200,
        "still signed in"
    );
}

#[tokio::test]
async fn state_of_another_user_is_rejected() {
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

    let callback_url = console.authorize_through_demo_org(&console.browser).await;
    let foreign = second
        .get(&callback_url)
        .send()
        .await
        .expect("callback answers");
    assert_eq!(foreign.status().as_u16(), 400);
    let body = foreign.text().await.expect("text");
    assert!(
        body.contains("This sign-in was started by another console user"),
        "{body}"
    );

    // The state is spent: replaying it, even from the admin who started it, exchanges nothing.
    let replay = console
        .browser
        .get(&callback_url)
        .send()
        .await
        .expect("callback answers");
    assert_eq!(replay.status().as_u16(), 200);
    for browser in [&console.browser, &second] {
        let (_, view) = console
            .call_form_from(browser, "load_settings", &[("environment", "development")])
            .await;
        assert!(
            view["connection"].is_null(),
            "no connection may be stored: {view}"
        );
    }
}

#[tokio::test]
async fn failures_lock_the_account() {
    let console = TestConsole::start().await;
    let form = [
        ("email", DEMO_SUPPORT_EMAIL),
        ("password", "wrong-password"),
    ];

    // Five failures from two addresses, fewer than five from each, lock the account.
    let sources = [
        [127, 0, 0, 2],
        [127, 0, 0, 2],
        [127, 0, 0, 2],
        [127, 0, 0, 3],
        [127, 0, 0, 3],
    ];
    for (attempt, octets) in sources.into_iter().enumerate() {
        let response = console
            .post_sign_in(&browser_from(Ipv4Addr::from(octets)), &form)
            .await;
        let expected = if attempt < 4 {
            "/sign-in?error=incorrect"
        } else {
            "/sign-in?error=throttled&minutes=15"
        };
        assert_eq!(location(&response), expected, "failure {}", attempt + 1);
    }

    let fresh_address = browser_from(Ipv4Addr::new(127, 0, 0, 4));
    let right = console
        .post_sign_in(
            &fresh_address,
            &[
                ("email", DEMO_SUPPORT_EMAIL),
                ("password", DEMO_SUPPORT_PASSWORD),
            ],
        )
        .await;
    assert_eq!(location(&right), "/sign-in?error=throttled&minutes=15");

    let page = fresh_address
        .get(console.url("/sign-in?error=throttled&minutes=15"))
        .send()
        .await
        .expect("page answers");
    let html = page.text().await.expect("text");
    assert!(
        html.contains("Too many failed sign-ins. Try again in 15 minutes."),
        "{html}"
    );

    // Another account from the same fresh address is not affected.
    let other = console
        .post_sign_in(
            &fresh_address,
            &[
                ("email", DEMO_ADMIN_EMAIL),
                ("password", DEMO_ADMIN_PASSWORD),
            ],
        )
        .await;
    assert_eq!(location(&other), "/");
}

#[tokio::test]
async fn failures_lock_the_client_address() {
    let console = TestConsole::start().await;
    let guesser = browser_from(Ipv4Addr::new(127, 0, 0, 5));
    for attempt in 1..=5 {
        let email = format!("guess{attempt}@console.example");
        let response = console
            .post_sign_in(
                &guesser,
                &[("email", email.as_str()), ("password", "wrong-password")],
            )
            .await;
        let expected = if attempt < 5 {
            "/sign-in?error=incorrect"
        } else {
            "/sign-in?error=throttled&minutes=15"
        };
        assert_eq!(location(&response), expected, "failure {attempt}");
    }

    let right_credentials = [
        ("email", DEMO_ADMIN_EMAIL),
        ("password", DEMO_ADMIN_PASSWORD),
    ];
    let locked = console.post_sign_in(&guesser, &right_credentials).await;
    assert_eq!(location(&locked), "/sign-in?error=throttled&minutes=15");
    let elsewhere = console
        .post_sign_in(
            &browser_from(Ipv4Addr::new(127, 0, 0, 6)),
            &right_credentials,
        )
        .await;
    assert_eq!(location(&elsewhere), "/");
}

#[tokio::test]
async fn security_headers_are_set() {
    let console = TestConsole::start().await;
    let page = console
        .browser
        .get(console.url("/"))
        .send()
        .await
        .expect("page answers");
    let headers = page.headers().clone();
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["referrer-policy"], "same-origin");
    let policy = headers["content-security-policy"]
        .to_str()
        .expect("ASCII")
        .to_string();
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(policy.contains("default-src 'self'"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");

    // Every inline script of the page carries the nonce that the policy names.
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("the policy names a nonce")
        .to_string();
    let html = page.text().await.expect("text");
    let scripts = html.matches("<script").count();
    let with_nonce = html.matches(&format!("<script nonce=\"{nonce}\"")).count()
        + html
            .matches(&format!("<script type=\"module\" nonce=\"{nonce}\""))
            .count();
    assert!(scripts > 0, "the page has inline scripts: {html}");
    assert_eq!(with_nonce, scripts, "{html}");

    let callback = console
        .browser
        .get(console.url("/integration-callback?code=abc&state=never-issued"))
        .send()
        .await
        .expect("callback answers");
    assert_eq!(callback.headers()["referrer-policy"], "no-referrer");
    assert_eq!(callback.headers()["cache-control"], "no-store");
}
