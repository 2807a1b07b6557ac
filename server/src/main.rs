//! The console's command line: `serve` (the default), `create-user` and `rotate-master-key`.

#![recursion_limit = "256"]

use server::cli::{Command, USAGE};
use server::config::Settings;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::telemetry::init();
    let command = match server::cli::parse(std::env::args().skip(1)) {
        Ok(command) => command,
        Err(error) => {
            eprintln!("{error}\n\n{USAGE}");
            std::process::exit(2);
        }
    };
    if command == Command::Help {
        println!("{USAGE}");
        return Ok(());
    }
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(error) => {
            tracing::error!("invalid configuration: {error:#}");
            return Err(error);
        }
    };
    match command {
        Command::Serve => {
            let running = server::startup::start(settings).await?;
            running.wait_for_shutdown_signal().await
        }
        Command::CreateUser { email, role } => {
            if let Err(error) = server::cli::run_create_user(&settings, &email, role).await {
                eprintln!("create-user failed: {error:#}");
                std::process::exit(1);
            }
            Ok(())
        }
        Command::RotateMasterKey => {
            let rotation = server::rotation::rotate_master_key(&settings).await?;
            tracing::info!(
                resealed = rotation.resealed,
                key.id = %rotation.key_id,
                "master key rotated; every sealed value now uses the new key"
            );
            Ok(())
        }
        Command::Help => Ok(()),
    }
}
