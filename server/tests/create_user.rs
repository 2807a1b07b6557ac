//! `server create-user` through the real binary: the password comes from standard input.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A data folder in the temporary directory, removed on drop.
struct DataDir(PathBuf);

impl Drop for DataDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn create_user(data_dir: &Path, arguments: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("create-user")
        .args(arguments)
        .env("CONSOLE_DATA_DIR", data_dir)
        .env("CONSOLE_DEMO_ORG", "off")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server binary starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes())
        .expect("the password is written");
    child
        .wait_with_output()
        .expect("the server binary finishes")
}

fn data_dir() -> DataDir {
    DataDir(std::env::temp_dir().join(format!("console-cli-{}", uuid::Uuid::new_v4())))
}

async fn stored_role(data_dir: &Path, email: &str) -> Option<String> {
    let database_url = format!("sqlite://{}/console.db", data_dir.display());
    let db = server::db::Db::connect(&database_url)
        .await
        .expect("the database opens");
    db.console_user_by_email(email)
        .await
        .expect("read")
        .map(|user| user.role)
}

#[tokio::test]
async fn create_user_stores_an_admin() {
    let dir = data_dir();
    let output = create_user(
        &dir.0,
        &["--role", "admin", "--email", "First.Admin@Example.com"],
        "first-admin-Password1\n",
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.starts_with("Created the admin first.admin@example.com with id "),
        "{stdout}"
    );
    assert_eq!(
        stored_role(&dir.0, "first.admin@example.com")
            .await
            .as_deref(),
        Some("admin")
    );
}

#[tokio::test]
async fn create_user_rejects_a_short_password() {
    let dir = data_dir();
    let output = create_user(
        &dir.0,
        &["--role", "support", "--email", "ops@example.com"],
        "too-short\n",
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("invalid password: the password has 9 characters; use at least 12"),
        "{stderr}"
    );
    assert_eq!(stored_role(&dir.0, "ops@example.com").await, None);
}

#[tokio::test]
async fn create_user_without_role_prints_usage() {
    let dir = data_dir();
    let output = create_user(&dir.0, &["--email", "ops@example.com"], "");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("create-user needs --role admin or --role support"),
        "{stderr}"
    );
    assert!(stderr.contains("Usage:"), "{stderr}");
}
