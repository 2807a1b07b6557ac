//! Shared helpers of the emulator's HTTP tests: a server on 127.0.0.1 port 0, a client that
//! resolves the emulator's `*.localhost` hosts to it, and the steps of the OAuth flow.

#![allow(dead_code)]

use std::net::SocketAddr;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use emulator::{Emulator, EmulatorOptions, demo};
use reqwest::header::{CONTENT_TYPE, LOCATION};
use reqwest::{Client, Response, StatusCode, redirect};
use serde_json::Value;
use sha2::{Digest, Sha256};

pub const CALLBACK: &str = "http://127.0.0.1:3000/integration-callback";
pub const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
pub const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/// A running emulator and a client aimed at it.
pub struct TestServer {
    pub port: u16,
    pub client: Client,
    pub emulator: Emulator,
}

impl TestServer {
    pub fn login(&self, path: &str) -> String {
        format!("http://login.localhost:{}{path}", self.port)
    }

    pub fn org(&self, path: &str) -> String {
        format!("http://demo.localhost:{}{path}", self.port)
    }

    pub fn host(&self, name: &str, path: &str) -> String {
        format!("http://{name}.localhost:{}{path}", self.port)
    }

    pub fn control(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

/// Starts an emulator on 127.0.0.1 port 0. The server task ends with the test's runtime.
pub async fn start() -> TestServer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binding 127.0.0.1:0 succeeds");
    let address = listener
        .local_addr()
        .expect("a bound listener has an address");
    let emulator = Emulator::new(EmulatorOptions {
        callback_urls: vec![
            CALLBACK.to_owned(),
            "https://app.example.com/oauth/callback".to_owned(),
        ],
    });
    tokio::spawn(emulator.clone().serve(listener));
    let mut builder = Client::builder().redirect(redirect::Policy::none());
    for name in ["login", "test", "demo", "nosuch"] {
        builder = builder.resolve(
            &format!("{name}.localhost"),
            SocketAddr::new(address.ip(), address.port()),
        );
    }
    TestServer {
        port: address.port(),
        client: builder.build().expect("the test client builds"),
        emulator,
    }
}

pub fn form(pairs: &[(&str, &str)]) -> String {
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        serializer.append_pair(name, value);
    }
    serializer.finish()
}

pub async fn post_form(client: &Client, url: &str, pairs: &[(&str, &str)]) -> Response {
    client
        .post(url)
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(form(pairs))
        .send()
        .await
        .expect("the emulator answers")
}

pub fn challenge_of(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Builds an authorize URL on `base` with the demo app and the given extra parameters.
pub fn authorize_url(base: &str, extra: &[(&str, &str)]) -> String {
    let mut pairs = vec![
        ("response_type", "code"),
        ("client_id", demo::CLIENT_ID),
        ("redirect_uri", CALLBACK),
        ("state", "state-123"),
    ];
    pairs.extend_from_slice(extra);
    format!("{base}/services/oauth2/authorize?{}", form(&pairs))
}

/// Returns the value of the hidden `pending` input of a login or approval page.
pub fn pending_id(html: &str) -> String {
    let marker = "name=\"pending\" value=\"";
    let start = html.find(marker).expect("the page has a pending input") + marker.len();
    let end = start + html[start..].find('"').expect("the attribute is closed");
    html[start..end].to_owned()
}

/// Returns the query parameters of a redirect's Location header.
pub fn location_params(response: &Response) -> Vec<(String, String)> {
    let location = response
        .headers()
        .get(LOCATION)
        .expect("a redirect has a Location")
        .to_str()
        .expect("Location is ASCII");
    let url = url::Url::parse(location).expect("Location is an absolute URL");
    url.query_pairs()
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

pub fn param(params: &[(String, String)], name: &str) -> Option<String> {
    params
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.clone())
}

/// Opens the login page for an authorize URL and logs in; returns the approval page's pending id.
pub async fn log_in(server: &TestServer, authorize: &str) -> String {
    let page = server
        .client
        .get(authorize)
        .send()
        .await
        .expect("authorize answers");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("the login page is text");
    let pending = pending_id(&html);
    let approval = post_form(
        &server.client,
        &server.login("/login"),
        &[
            ("pending", &pending),
            ("username", demo::USERNAME),
            ("pw", demo::PASSWORD),
        ],
    )
    .await;
    assert_eq!(approval.status(), StatusCode::OK);
    let html = approval.text().await.expect("the approval page is text");
    assert!(
        html.contains("Allow Access?"),
        "expected the approval page, got {html}"
    );
    pending_id(&html)
}

/// Runs authorize, login and Allow with the given scope; returns the authorization code.
pub async fn authorization_code(server: &TestServer, scope: &str) -> String {
    let authorize = authorize_url(
        &server.login(""),
        &[
            ("scope", scope),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ],
    );
    let pending = log_in(server, &authorize).await;
    let redirect = post_form(
        &server.client,
        &server.login("/setup/secur/RemoteAccessAuthorizationPage.apexp"),
        &[("pending", &pending), ("decision", "allow")],
    )
    .await;
    assert_eq!(redirect.status(), StatusCode::FOUND);
    let params = location_params(&redirect);
    param(&params, "code").expect("the callback carries a code")
}

/// Exchanges a code at the login host's token endpoint with the RFC 7636 verifier.
pub async fn exchange(server: &TestServer, code: &str) -> Response {
    post_form(
        &server.client,
        &server.login("/services/oauth2/token"),
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("client_id", demo::CLIENT_ID),
            ("client_secret", demo::CLIENT_SECRET),
            ("redirect_uri", CALLBACK),
            ("code_verifier", VERIFIER),
        ],
    )
    .await
}

/// Runs the whole flow and returns the token response.
pub async fn connect(server: &TestServer) -> Value {
    let code = authorization_code(server, "api refresh_token id").await;
    let response = exchange(server, &code).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("the token response is JSON")
}

/// Runs the flow and returns only the access token.
pub async fn access_token(server: &TestServer) -> String {
    connect(server).await["access_token"]
        .as_str()
        .expect("the token response has an access_token")
        .to_owned()
}

/// Percent-encodes a SOQL query strictly (only unreserved characters stay as they are).
pub fn encode_soql(soql: &str) -> String {
    const STRICT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(soql, STRICT).to_string()
}

/// Runs a query with a token and returns the response.
pub async fn query(server: &TestServer, token: &str, soql: &str) -> Response {
    server
        .client
        .get(server.org(&format!(
            "/services/data/v64.0/query?q={}",
            encode_soql(soql)
        )))
        .bearer_auth(token)
        .send()
        .await
        .expect("the emulator answers")
}
