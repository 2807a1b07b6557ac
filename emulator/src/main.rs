//! The emulator as a program: `emulator --port N [--callback-url URL]...` serves the demo org on
//! 127.0.0.1.

use std::process::ExitCode;

use emulator::{Emulator, EmulatorOptions, demo};
use tokio::net::TcpListener;
use tracing::{error, info};

const USAGE: &str = "usage: emulator --port N [--callback-url URL]...\n\
  --port N            TCP port on 127.0.0.1 (0 picks a free one)\n\
  --callback-url URL  callback URL registered on the demo app, matched byte for byte; repeatable";

struct Arguments {
    port: u16,
    callback_urls: Vec<String>,
}

fn parse_arguments() -> Result<Arguments, String> {
    let mut port = None;
    let mut callback_urls = Vec::new();
    let mut arguments = std::env::args().skip(1);
    while let Some(argument) = arguments.next() {
        match argument.as_str() {
            "--port" => {
                let value = arguments.next().ok_or("--port needs a value")?;
                let parsed = value.parse::<u16>().map_err(|_| {
                    format!("--port must be a number from 0 to 65535, got '{value}'")
                })?;
                port = Some(parsed);
            }
            "--callback-url" => {
                callback_urls.push(arguments.next().ok_or("--callback-url needs a value")?);
            }
            "--help" | "-h" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument '{other}'\n{USAGE}")),
        }
    }
    let port = port.ok_or_else(|| format!("--port is required\n{USAGE}"))?;
    Ok(Arguments {
        port,
        callback_urls,
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let arguments = match parse_arguments() {
        Ok(arguments) => arguments,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let listener = match TcpListener::bind(("127.0.0.1", arguments.port)).await {
        Ok(listener) => listener,
        Err(bind_error) => {
            error!(port = arguments.port, error = %bind_error, "failed to listen");
            return ExitCode::FAILURE;
        }
    };
    let port = listener
        .local_addr()
        .map(|address| address.port())
        .unwrap_or(arguments.port);
    info!(
        port,
        login_url = %format!("http://login.localhost:{port}"),
        org_url = %format!("http://{}.localhost:{port}", demo::ORG_DOMAIN),
        callback_urls = ?arguments.callback_urls,
        "emulator listening"
    );
    let emulator = Emulator::new(EmulatorOptions {
        callback_urls: arguments.callback_urls,
    });
    match emulator.serve(listener).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(serve_error) => {
            error!(error = %serve_error, "server stopped");
            ExitCode::FAILURE
        }
    }
}
