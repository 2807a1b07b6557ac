//! No secret reaches a log line, a page, a server-function response, the audit log or the
//! database in clear: the client secret, access and refresh tokens, the PKCE code_verifier, the
//! session id and the master key.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use base64::Engine;
use secrecy::ExposeSecret;
use serde_json::json;
use server::db::sealed::{access_token_aad, code_verifier_aad, connection_key, refresh_token_aad};
use server::secrets::{MasterKey, Sealer};
use sqlx::Row;
use support::{DEMO_CLIENT_SECRET, TestConsole};

/// Every log line of this test process, at the console's default level and finer.
#[derive(Clone, Default)]
struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer lock").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn secrets_never_leave_their_seal() {
    let logs = LogBuffer::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_env_filter("debug,sqlx=info,hyper=info,h2=info,rustls=info,cookie_store=info,reqwest=info")
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .init();

    let key_bytes = rand::random::<[u8; 32]>();
    let master_key = base64::engine::general_purpose::STANDARD.encode(key_bytes);
    let data_dir = std::env::temp_dir().join(format!("console-leaks-{}", uuid::Uuid::new_v4()));
    let console = TestConsole::start_with(
        data_dir.clone(),
        vec![("CONSOLE_MASTER_KEY".to_string(), master_key.clone())],
    )
    .await;

    let mut seen = Vec::new();
    seen.push(console.save_demo_settings().await.to_string());
    let callback = console.connect_through_demo_org().await;
    assert_eq!(callback.status().as_u16(), 303);
    for (endpoint, form) in [
        ("load_settings", vec![("environment", "development")]),
        ("test_connection", vec![("environment", "development")]),
        ("audit_log", vec![("environment", "development")]),
        ("list_environments", vec![]),
    ] {
        let (status, body) = console.call_form(endpoint, &form).await;
        assert_eq!(status, 200, "{endpoint}: {body}");
        seen.push(body.to_string());
    }
    let (_, query) = console
        .call_json(
            "run_query",
            json!({"environment": "development", "soql": "SELECT Id FROM Account LIMIT 1", "include_deleted": false}),
        )
        .await;
    seen.push(query.to_string());
    for path in ["/", "/environments/development/integrations/salesforce", "/environments/development/integrations/salesforce/explorer"] {
        let page = console.browser.get(console.url(path)).send().await.expect("page answers");
        seen.push(page.text().await.expect("page text"));
    }

    // The secrets as they are: opened from the database with the test's own master key.
    let database_url = format!("sqlite://{}/console.db", data_dir.display());
    let pool = sqlx::SqlitePool::connect(&database_url).await.expect("database opens");
    let sealer = Sealer::new(MasterKey::from_base64(&master_key).expect("valid key"), Vec::new());
    let connection = sqlx::query("SELECT environment_id, console_user_id, access_token_sealed, refresh_token_sealed FROM salesforce_connections")
        .fetch_one(&pool)
        .await
        .expect("one connection");
    let key = connection_key(&connection.get::<String, _>("environment_id"), &connection.get::<String, _>("console_user_id"));
    let access_token = sealer
        .open(&connection.get::<String, _>("access_token_sealed"), &access_token_aad(&key))
        .expect("access token opens");
    let refresh_token = sealer
        .open(&connection.get::<String, _>("refresh_token_sealed"), &refresh_token_aad(&key))
        .expect("refresh token opens");
    let state_row = sqlx::query("SELECT state, code_verifier_sealed FROM oauth_states")
        .fetch_one(&pool)
        .await
        .expect("one OAuth state");
    let code_verifier = sealer
        .open(&state_row.get::<String, _>("code_verifier_sealed"), &code_verifier_aad(&state_row.get::<String, _>("state")))
        .expect("code_verifier opens");
    pool.close().await;

    let mut secrets = vec![
        ("client secret", DEMO_CLIENT_SECRET.to_string()),
        ("access token", access_token.expose_secret().to_string()),
        ("refresh token", refresh_token.expose_secret().to_string()),
        ("code_verifier", code_verifier.expose_secret().to_string()),
        ("master key", master_key.clone()),
    ];
    let base_url: url::Url = console.base_url.parse().expect("base URL");
    let cookies = reqwest::cookie::CookieStore::cookies(console.jar.as_ref(), &base_url)
        .map(|header| header.to_str().expect("ASCII cookies").to_string())
        .unwrap_or_default();
    for pair in cookies.split("; ") {
        if let Some(("console_session", value)) = pair.split_once('=') {
            secrets.push(("session id", value.to_string()));
        }
    }
    assert!(secrets.iter().any(|(name, _)| *name == "session id"), "the callback sets a session cookie");

    let log_text = String::from_utf8_lossy(&logs.0.lock().expect("log buffer lock")).to_string();
    assert!(log_text.contains("connected"), "the log buffer captured the console's lines");
    let database = std::fs::read(data_dir.join("console.db")).expect("database file");
    let database_text = String::from_utf8_lossy(&database).to_string();
    let wal = std::fs::read(data_dir.join("console.db-wal")).unwrap_or_default();
    let wal_text = String::from_utf8_lossy(&wal).to_string();

    for (name, secret) in &secrets {
        assert!(secret.len() >= 16, "{name} is long enough to search for");
        assert!(!log_text.contains(secret.as_str()), "the {name} reached the log");
        for (index, text) in seen.iter().enumerate() {
            assert!(!text.contains(secret.as_str()), "the {name} reached response {index}");
        }
        if *name != "session id" {
            assert!(!database_text.contains(secret.as_str()), "the {name} is stored in clear");
            assert!(!wal_text.contains(secret.as_str()), "the {name} is in the write-ahead log in clear");
        }
    }
}
