//! Starts the console with settings from the environment.

use server::config::Settings;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::telemetry::init();
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(error) => {
            tracing::error!("invalid configuration: {error:#}");
            return Err(error);
        }
    };
    let running = server::startup::start(settings).await?;
    running.wait_for_shutdown_signal().await
}
