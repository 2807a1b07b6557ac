//! Master key rotation: every sealed value is resealed and the console keeps working.

mod support;

use support::{DEMO_CLIENT_SECRET, TestConsole, test_settings};

#[tokio::test]
async fn rotation_reseals_and_console_keeps_working() {
    let data_dir = std::env::temp_dir().join(format!("console-rotation-{}", uuid::Uuid::new_v4()));
    let key_file = data_dir.join("keys").join("master.key");
    let variables = vec![(
        "CONSOLE_MASTER_KEY_FILE".to_string(),
        key_file.display().to_string(),
    )];
    std::fs::create_dir_all(key_file.parent().expect("has a parent")).expect("key folder");
    let first_key = server::secrets::MasterKey::generate();
    server::master_key::write_new(&key_file, secrecy::ExposeSecret::expose_secret(&first_key.to_base64()))
        .expect("writes the key");

    let console = TestConsole::start_with(data_dir.clone(), variables.clone()).await;
    console.save_demo_settings().await;
    let callback = console.connect_through_demo_org().await;
    assert_eq!(callback.status().as_u16(), 303);
    let data_dir = console.stop_keeping_data();

    let settings = test_settings(&data_dir, variables.clone());
    let rotation = server::rotation::rotate_master_key(&settings).await.expect("rotation succeeds");
    assert_eq!(rotation.resealed, 4, "secret, access token, refresh token and one code_verifier");
    assert_ne!(rotation.key_id, first_key.key_id());
    let previous = std::fs::read_to_string(server::master_key::sibling(&key_file, "previous"))
        .expect("the old key is kept as .previous");
    assert_eq!(
        previous.trim(),
        secrecy::ExposeSecret::expose_secret(&first_key.to_base64())
    );

    let database_url = format!("sqlite://{}/console.db", data_dir.display());
    let pool = sqlx::SqlitePool::connect(&database_url).await.expect("database opens");
    let sealed: Vec<String> = sqlx::query_scalar(
        "SELECT client_secret_sealed FROM salesforce_integrations \
         UNION ALL SELECT access_token_sealed FROM salesforce_connections \
         UNION ALL SELECT refresh_token_sealed FROM salesforce_connections \
         UNION ALL SELECT code_verifier_sealed FROM oauth_states",
    )
    .fetch_all(&pool)
    .await
    .expect("sealed values");
    pool.close().await;
    assert_eq!(sealed.len(), 4);
    for value in &sealed {
        assert!(value.starts_with(&format!("v1.{}.", rotation.key_id)), "{value} uses the new key");
        assert!(!value.contains(DEMO_CLIENT_SECRET));
    }

    // Without the .previous file only the new key is loaded, and the stored secret still opens:
    // Connect exchanges a code with it.
    std::fs::remove_file(server::master_key::sibling(&key_file, "previous")).expect("removable");
    let console = TestConsole::start_with(data_dir, variables).await;
    let (status, view) = console.call_form("load_settings", &[("environment", "development")]).await;
    assert_eq!(status, 200, "{view}");
    let callback = console.connect_through_demo_org().await;
    assert_eq!(callback.status().as_u16(), 303, "the resealed client secret opens with the new key");
}
