//! A console started on loopback with a fresh database and the demo org, and a browser-like
//! HTTP client that keeps cookies, shows every redirect, and is signed in as the demo admin.

#![allow(dead_code, reason = "each test file uses a different part of this support module")]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use base64::Engine;
use reqwest::header::{LOCATION, ORIGIN};
use serde_json::Value;
use server::auth::Role;
use server::config::Settings;
use server::startup::{RunningConsole, start};

pub const DEMO_CLIENT_ID: &str = emulator::demo::CLIENT_ID;
pub const DEMO_CLIENT_SECRET: &str = emulator::demo::CLIENT_SECRET;
pub const DEMO_ADMIN_EMAIL: &str = server::auth::demo_users::DEMO_ADMIN_EMAIL;
pub const DEMO_ADMIN_PASSWORD: &str = server::auth::demo_users::DEMO_ADMIN_PASSWORD;
pub const DEMO_SUPPORT_EMAIL: &str = server::auth::demo_users::DEMO_SUPPORT_EMAIL;
pub const DEMO_SUPPORT_PASSWORD: &str = server::auth::demo_users::DEMO_SUPPORT_PASSWORD;

/// A running console with its own data folder, removed on drop.
pub struct TestConsole {
    pub running: Option<RunningConsole>,
    pub base_url: String,
    pub data_dir: PathBuf,
    pub browser: reqwest::Client,
    /// The browser's cookies, so tests can read the session cookie.
    pub jar: Arc<reqwest::cookie::Jar>,
    demo_org_addr: SocketAddr,
    keep_data: bool,
}

/// The settings of a test console: loopback, free ports, the demo org, and `variables` on top.
pub fn test_settings(data_dir: &std::path::Path, variables: Vec<(String, String)>) -> Settings {
    let data_dir_text = data_dir.display().to_string();
    Settings::from_lookup(move |name| {
        if let Some((_, value)) = variables.iter().find(|(key, _)| key == name) {
            return Some(value.clone());
        }
        match name {
            "LEPTOS_SITE_ADDR" => Some("127.0.0.1:0".to_string()),
            "CONSOLE_DATA_DIR" => Some(data_dir_text.clone()),
            "CONSOLE_DEMO_ORG_PORT" => Some("0".to_string()),
            _ => None,
        }
    })
    .expect("test settings are valid")
}

impl TestConsole {
    /// Starts a console on 127.0.0.1 with the demo org, both on free ports.
    pub async fn start() -> Self {
        let data_dir = std::env::temp_dir().join(format!("console-test-{}", uuid::Uuid::new_v4()));
        let key = base64::engine::general_purpose::STANDARD.encode(rand::random::<[u8; 32]>());
        Self::start_with(data_dir, vec![("CONSOLE_MASTER_KEY".to_string(), key)]).await
    }

    /// Starts a console on `data_dir` with extra environment variables, and signs its browser in
    /// as the demo admin.
    pub async fn start_with(data_dir: PathBuf, variables: Vec<(String, String)>) -> Self {
        // Logs go through the test harness, so a failing test shows the server's log lines.
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter("info,sqlx=warn,tower_sessions=warn")
            .try_init();
        let settings = test_settings(&data_dir, variables);
        let running = start(settings).await.expect("the console starts");
        let base_url = running.settings.public_url.clone();
        let demo = running.demo_org_addr.expect("the demo org is on");
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let browser = browser(demo, jar.clone());
        let console = TestConsole {
            running: Some(running),
            base_url,
            data_dir,
            browser,
            jar,
            demo_org_addr: demo,
            keep_data: false,
        };
        console.sign_in(&console.browser, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD).await;
        console
    }

    /// A new browser with no cookies, so it is signed out.
    pub fn anonymous_browser(&self) -> reqwest::Client {
        browser(self.demo_org_addr, Arc::new(reqwest::cookie::Jar::default()))
    }

    /// A new browser signed in as `email`.
    pub async fn browser_signed_in_as(&self, email: &str, password: &str) -> reqwest::Client {
        let browser = self.anonymous_browser();
        self.sign_in(&browser, email, password).await;
        browser
    }

    /// Posts the sign-in form from `browser` as the sign-in page does, and returns the answer
    /// without following it.
    pub async fn post_sign_in(
        &self,
        browser: &reqwest::Client,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        browser
            .post(self.url("/sign-in"))
            .header(ORIGIN, &self.base_url)
            .form(form)
            .send()
            .await
            .expect("sign-in answers")
    }

    /// Signs `browser` in and checks that the console answered 303 to `/`.
    pub async fn sign_in(&self, browser: &reqwest::Client, email: &str, password: &str) {
        let response = self.post_sign_in(browser, &[("email", email), ("password", password)]).await;
        assert_eq!(response.status().as_u16(), 303, "sign-in as {email} must redirect");
        assert_eq!(location(&response), "/", "sign-in as {email} failed");
    }

    /// Creates a console user in this console's database.
    pub async fn create_user(&self, email: &str, role: Role, password: &str) {
        let settings = &self.running.as_ref().expect("the console runs").settings;
        let db = server::db::Db::connect(&settings.database_url).await.expect("the database opens");
        server::auth::create_user(&db, email, role, password.to_string().into())
            .await
            .expect("the user is created");
    }

    /// Stops the console but keeps its data folder, for a restart on the same data.
    pub fn stop_keeping_data(mut self) -> PathBuf {
        self.keep_data = true;
        self.data_dir.clone()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Calls a server function with a JSON body and returns the status and the JSON answer.
    pub async fn call_json(&self, endpoint: &str, body: Value) -> (u16, Value) {
        self.call_json_from(&self.browser, endpoint, body).await
    }

    /// Calls a server function from `browser` with a JSON body.
    pub async fn call_json_from(
        &self,
        browser: &reqwest::Client,
        endpoint: &str,
        body: Value,
    ) -> (u16, Value) {
        let response = browser
            .post(self.url(&format!("/api/{endpoint}")))
            .header(ORIGIN, &self.base_url)
            .json(&body)
            .send()
            .await
            .expect("the server function answers");
        let status = response.status().as_u16();
        let text = response.text().await.expect("the body is text");
        let json = serde_json::from_str(&text)
            .unwrap_or_else(|error| panic!("{endpoint} returned non-JSON ({error}): {text}"));
        (status, json)
    }

    /// Calls a server function with form-encoded arguments.
    pub async fn call_form(&self, endpoint: &str, form: &[(&str, &str)]) -> (u16, Value) {
        self.call_form_from(&self.browser, endpoint, form).await
    }

    /// Calls a server function from `browser` with form-encoded arguments.
    pub async fn call_form_from(
        &self,
        browser: &reqwest::Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> (u16, Value) {
        let response = browser
            .post(self.url(&format!("/api/{endpoint}")))
            .header(ORIGIN, &self.base_url)
            .form(form)
            .send()
            .await
            .expect("the server function answers");
        let status = response.status().as_u16();
        let text = response.text().await.expect("the body is text");
        let json = serde_json::from_str(&text)
            .unwrap_or_else(|error| panic!("{endpoint} returned non-JSON ({error}): {text}"));
        (status, json)
    }

    /// Saves valid settings for the demo org.
    pub async fn save_demo_settings(&self) -> Value {
        let (status, view) = self
            .call_json(
                "save_settings",
                serde_json::json!({
                    "environment": "development",
                    "input": {
                        "client_id": DEMO_CLIENT_ID,
                        "client_secret": DEMO_CLIENT_SECRET,
                        "my_domain": "demo",
                        "scopes": ["id", "api", "refresh_token"],
                        "login_host": ""
                    },
                    "expected_version": null
                }),
            )
            .await;
        assert_eq!(status, 200, "save failed: {view}");
        view
    }

    /// Clicks Connect, signs in to the demo org, allows access, and follows the callback.
    /// Returns the callback's response.
    pub async fn connect_through_demo_org(&self) -> reqwest::Response {
        let callback_url = self.authorize_through_demo_org(&self.browser).await;
        self.browser.get(&callback_url).send().await.expect("callback answers")
    }

    /// Clicks Connect in `browser`, signs in to the demo org and allows access, and returns the
    /// callback URL that the demo org redirects to, without opening it.
    pub async fn authorize_through_demo_org(&self, browser: &reqwest::Client) -> String {
        let connect = browser
            .post(self.url("/environments/development/integrations/salesforce/connect"))
            .header(ORIGIN, &self.base_url)
            .send()
            .await
            .expect("Connect answers");
        let status = connect.status().as_u16();
        if status != 303 {
            let body = connect.text().await.unwrap_or_default();
            panic!("Connect must redirect to Salesforce, got {status}: {body}");
        }
        let authorize_url = location(&connect);

        let login_page = browser.get(&authorize_url).send().await.expect("authorize answers");
        assert_eq!(login_page.status().as_u16(), 200);
        let login_origin = origin_of(&authorize_url);
        let html = login_page.text().await.expect("login page is text");
        let pending = hidden_value(&html, "pending");

        let approval = browser
            .post(format!("{login_origin}/login"))
            .form(&[
                ("pending", pending.as_str()),
                ("username", emulator::demo::USERNAME),
                ("pw", emulator::demo::PASSWORD),
            ])
            .send()
            .await
            .expect("login answers");
        assert_eq!(approval.status().as_u16(), 200, "login must show the approval page");
        let html = approval.text().await.expect("approval page is text");
        let pending = hidden_value(&html, "pending");

        let allowed = browser
            .post(format!("{login_origin}/setup/secur/RemoteAccessAuthorizationPage.apexp"))
            .form(&[("pending", pending.as_str()), ("decision", "allow")])
            .send()
            .await
            .expect("approval answers");
        assert_eq!(allowed.status().as_u16(), 302, "Allow must redirect to the callback");
        let callback_url = location(&allowed);
        assert!(
            callback_url.starts_with(&self.url("/integration-callback?")),
            "unexpected callback {callback_url}"
        );
        callback_url
    }
}

impl Drop for TestConsole {
    fn drop(&mut self) {
        if let Some(running) = self.running.take() {
            running.stop();
        }
        if !self.keep_data {
            let _ = std::fs::remove_dir_all(&self.data_dir);
        }
    }
}

/// A client like a browser: keeps cookies, does not follow redirects (tests follow them), and
/// sends the demo org's `*.localhost` names to its loopback port.
fn browser(demo: SocketAddr, jar: Arc<reqwest::cookie::Jar>) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_provider(jar)
        .redirect(reqwest::redirect::Policy::none())
        .resolve("login.localhost", demo)
        .resolve("test.localhost", demo)
        .resolve("demo.localhost", demo)
        .build()
        .expect("the test client builds")
}

pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(LOCATION)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_else(|| panic!("{} has no Location header", response.url()))
        .to_string()
}

fn origin_of(url: &str) -> String {
    let parsed = url::Url::parse(url).expect("absolute URL");
    parsed.origin().ascii_serialization()
}

/// Reads the value of a hidden input from an HTML page.
pub fn hidden_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no {name} input in {html}")) + marker.len();
    let end = html[start..].find('"').expect("the value attribute is closed") + start;
    html[start..end].to_string()
}
