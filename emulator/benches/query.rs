//! Query latency of the emulator over loopback HTTP: a selective query over 50,000 Accounts, the
//! first page of the demo org's 6,000 Contacts, and paging through all of them.
//!
//! Run with `cargo bench -p emulator --bench query`. The emulator listens on 127.0.0.1 port 0 and
//! stops when the program ends. Every case sends a fixed number of requests and also stops after
//! `CASE_TIME_LIMIT`, so a run is bounded in count and time.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use emulator::ids::salesforce_id;
use emulator::{Emulator, EmulatorOptions, demo};
use reqwest::{Client, StatusCode, redirect};
use serde_json::{Value, json};

const CALLBACK: &str = "http://127.0.0.1:3000/bench-callback";
/// The RFC 7636 appendix B verifier and its S256 challenge.
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
/// Generated Accounts added on top of the demo seed.
const BULK_ACCOUNTS: u64 = 50_000;
/// Accounts of the demo seed, deleted ones included, which come before the generated ones.
const SEEDED_ACCOUNTS: u64 = 33;
const WARMUP_REQUESTS: usize = 20;
/// Maximum time one case may run before it stops with the samples it has.
const CASE_TIME_LIMIT: Duration = Duration::from_secs(60);

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

/// A running emulator and a client that resolves its hosts to it.
struct Bench {
    client: Client,
    port: u16,
    access_token: String,
}

impl Bench {
    fn url(&self, host: &str, path: &str) -> String {
        format!("http://{host}.localhost:{}{path}", self.port)
    }

    /// Sends one GET to the demo org and returns the JSON body of a 200.
    async fn get_json(&self, path: &str) -> BenchResult<Value> {
        let response = self
            .client
            .get(self.url(demo::ORG_DOMAIN, path))
            .bearer_auth(&self.access_token)
            .send()
            .await?;
        let status = response.status();
        let body: Value = response.json().await?;
        if status != StatusCode::OK {
            return Err(format!("GET {path} returned {status}: {body}").into());
        }
        Ok(body)
    }

    async fn query(&self, soql: &str) -> BenchResult<Value> {
        self.get_json(&format!("/services/data/v64.0/query?q={}", encode(soql)))
            .await
    }
}

/// Percent-encodes everything but unreserved characters, as a strict client does.
fn encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

fn pending_id(html: &str) -> BenchResult<String> {
    let marker = "name=\"pending\" value=\"";
    let start = html.find(marker).ok_or("the page has no pending input")? + marker.len();
    let length = html[start..]
        .find('"')
        .ok_or("the pending input is not closed")?;
    Ok(html[start..start + length].to_owned())
}

async fn post_form(
    client: &Client,
    url: &str,
    pairs: &[(&str, &str)],
) -> BenchResult<reqwest::Response> {
    Ok(client
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(pairs))
        .send()
        .await?)
}

/// Runs the Web Server flow with the demo user and returns an access token.
async fn connect(client: &Client, port: u16) -> BenchResult<String> {
    let login = format!("http://login.localhost:{port}");
    let authorize = format!(
        "{login}/services/oauth2/authorize?{}",
        form(&[
            ("response_type", "code"),
            ("client_id", demo::CLIENT_ID),
            ("redirect_uri", CALLBACK),
            ("scope", "api"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ])
    );
    let html = client.get(&authorize).send().await?.text().await?;

    let approval = post_form(
        client,
        &format!("{login}/login"),
        &[
            ("pending", &pending_id(&html)?),
            ("username", demo::USERNAME),
            ("pw", demo::PASSWORD),
        ],
    )
    .await?
    .text()
    .await?;

    let redirect = post_form(
        client,
        &format!("{login}/setup/secur/RemoteAccessAuthorizationPage.apexp"),
        &[("pending", &pending_id(&approval)?), ("decision", "allow")],
    )
    .await?;
    let location = redirect
        .headers()
        .get("location")
        .ok_or("the approval did not redirect")?
        .to_str()?;
    let code = url::Url::parse(location)?
        .query_pairs()
        .find(|(name, _)| name == "code")
        .map(|(_, value)| value.into_owned())
        .ok_or("the callback has no code")?;

    let token: Value = post_form(
        client,
        &format!("{login}/services/oauth2/token"),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", demo::CLIENT_ID),
            ("client_secret", demo::CLIENT_SECRET),
            ("redirect_uri", CALLBACK),
            ("code_verifier", VERIFIER),
        ],
    )
    .await?
    .json()
    .await?;
    token["access_token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("the token response has no access_token: {token}").into())
}

/// Starts the emulator, adds the generated Accounts and connects.
async fn start() -> BenchResult<Bench> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let emulator = Emulator::new(EmulatorOptions {
        callback_urls: vec![CALLBACK.to_owned()],
    });
    tokio::spawn(emulator.serve(listener));
    let target = SocketAddr::new(address.ip(), address.port());
    let client = Client::builder()
        .redirect(redirect::Policy::none())
        .resolve("login.localhost", target)
        .resolve("demo.localhost", target)
        .build()?;
    let seeded = client
        .post(format!(
            "http://127.0.0.1:{}/__emulator/orgs/demo/records/bulk",
            address.port()
        ))
        .json(&json!({"object": "Account", "count": BULK_ACCOUNTS}))
        .send()
        .await?;
    if seeded.status() != StatusCode::CREATED {
        return Err(format!("bulk seeding failed: {}", seeded.text().await?).into());
    }
    let access_token = connect(&client, address.port()).await?;
    Ok(Bench {
        client,
        port: address.port(),
        access_token,
    })
}

/// Latencies of one case, in milliseconds.
struct Samples {
    name: &'static str,
    millis: Vec<f64>,
}

impl Samples {
    fn percentile(&self, fraction: f64) -> f64 {
        let mut sorted = self.millis.clone();
        sorted.sort_by(f64::total_cmp);
        let rank = ((sorted.len() as f64 * fraction).ceil() as usize).clamp(1, sorted.len());
        sorted[rank - 1]
    }
}

/// Runs `request` `WARMUP_REQUESTS` times unmeasured, then `count` times measured, stopping
/// early at `CASE_TIME_LIMIT`. `request` gets the request's number.
async fn measure<F, Fut>(name: &'static str, count: usize, mut request: F) -> BenchResult<Samples>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = BenchResult<()>>,
{
    for number in 0..WARMUP_REQUESTS {
        request(number).await?;
    }
    let started = Instant::now();
    let mut millis = Vec::with_capacity(count);
    for number in 0..count {
        if started.elapsed() > CASE_TIME_LIMIT {
            eprintln!("{name}: stopped after {number} requests at the time limit");
            break;
        }
        let begin = Instant::now();
        request(WARMUP_REQUESTS + number).await?;
        millis.push(begin.elapsed().as_secs_f64() * 1_000.0);
    }
    Ok(Samples { name, millis })
}

/// Returns the sequence number and id of a generated Account for request `number`, spreading
/// the requests over all of them.
fn spread_account(number: usize) -> (u64, String) {
    let position = (number as u64 * 7_919) % BULK_ACCOUNTS;
    let sequence = SEEDED_ACCOUNTS + position + 1;
    (sequence, salesforce_id("001", 'a', sequence))
}

async fn run() -> BenchResult<Vec<Samples>> {
    let bench = start().await?;
    let bench = &bench;
    let mut results = Vec::new();

    results.push(
        measure("Id equality, 50,033 Accounts", 500, |number| async move {
            let (_, id) = spread_account(number);
            let body = bench
                .query(&format!("SELECT Id, Name FROM Account WHERE Id = '{id}'"))
                .await?;
            expect_total(&body, 1)
        })
        .await?,
    );

    results.push(
        measure("Name equality, 50,033 Accounts", 200, |number| async move {
            let (sequence, _) = spread_account(number);
            let body = bench
                .query(&format!(
                    "SELECT Id, Name FROM Account WHERE Name = 'Bulk Account {sequence:06}'"
                ))
                .await?;
            expect_total(&body, 1)
        })
        .await?,
    );

    results.push(
        measure("First page of 6,000 Contacts", 100, |_| async move {
            let body = bench.query("SELECT Id, Name, Email FROM Contact").await?;
            expect_total(&body, 6_000)
        })
        .await?,
    );

    results.push(
        measure("All 3 pages of 6,000 Contacts", 50, |_| async move {
            let mut body = bench.query("SELECT Id, Name, Email FROM Contact").await?;
            let mut rows = body["records"].as_array().map_or(0, Vec::len);
            while let Some(next) = body["nextRecordsUrl"].as_str() {
                body = bench.get_json(next).await?;
                rows += body["records"].as_array().map_or(0, Vec::len);
            }
            if rows != 6_000 {
                return Err(format!("paging returned {rows} rows, expected 6000").into());
            }
            Ok(())
        })
        .await?,
    );
    Ok(results)
}

fn expect_total(body: &Value, expected: u64) -> BenchResult<()> {
    match body["totalSize"].as_u64() {
        Some(total) if total == expected => Ok(()),
        _ => Err(format!("expected totalSize {expected}, got {}", body["totalSize"]).into()),
    }
}

fn main() -> std::process::ExitCode {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this program without it,
    // and then the benchmark is skipped.
    if !std::env::args().any(|argument| argument == "--bench") {
        println!("query benchmark skipped: run it with `cargo bench -p emulator --bench query`");
        return std::process::ExitCode::SUCCESS;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("failed to start the Tokio runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run()) {
        Ok(results) => {
            println!("| case | requests | median (ms) | p95 (ms) |");
            println!("|---|---:|---:|---:|");
            for samples in &results {
                println!(
                    "| {} | {} | {:.2} | {:.2} |",
                    samples.name,
                    samples.millis.len(),
                    samples.percentile(0.5),
                    samples.percentile(0.95)
                );
            }
            std::process::ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("benchmark failed: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
