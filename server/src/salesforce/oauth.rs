//! The OAuth 2.0 Web Server flow with PKCE: the authorize URL, and the token, refresh and revoke
//! requests.

use std::borrow::Cow;
use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use oauth2::{
    AuthType, AuthorizationCode, ClientId, ClientSecret, PkceCodeVerifier, RedirectUrl,
    RefreshToken, TokenUrl,
};
use rand::RngCore as _;
use secrecy::{ExposeSecret as _, SecretString};
use tracing::instrument;
use url::Url;

use super::error::SalesforceError;
use super::http::is_localhost_name;
use super::pkce::{code_challenge_s256, new_code_verifier};
use super::response::{ReadResponse, transport_error};
use super::token::{SalesforceOAuthClient, token_request_error, token_transport};

pub use super::token::TokenResponse;

const AUTHORIZE_PATH: &str = "/services/oauth2/authorize";
const TOKEN_PATH: &str = "/services/oauth2/token";
const REVOKE_PATH: &str = "/services/oauth2/revoke";

/// Host suffix of Lightning UI hosts, which respond to a token POST with a redirect.
const LIGHTNING_HOST_SUFFIX: &str = ".lightning.force.com";

/// Number of random bytes in a `state` value; its base64url form is 43 characters.
const STATE_BYTES: usize = 32;

/// A Salesforce External Client App (or connected app) as the console uses it.
pub struct OAuthApp {
    /// The host authorization uses: `https://login.salesforce.com`, `https://test.salesforce.com`
    /// or the org's My Domain URL. Token, refresh and revoke requests go to the same host.
    pub login_url: Url,
    pub client_id: String,
    pub client_secret: SecretString,
    /// Sent byte-identical in the authorize and token requests.
    pub redirect_uri: String,
}

/// The authorize URL for the admin's browser, with the `state` and `code_verifier` to keep
/// server-side until the callback.
pub struct AuthorizeRequest {
    pub url: Url,
    pub state: String,
    pub code_verifier: SecretString,
}

impl OAuthApp {
    /// Builds the authorize URL with `response_type=code`, `client_id`, `redirect_uri`, a random
    /// url-safe `state`, the space-separated `scope`, the S256 `code_challenge` and
    /// `prompt=login consent`.
    ///
    /// The URL is built with `url` instead of oauth2's `authorize_url`, because oauth2 needs
    /// `redirect_uri` parsed into a `RedirectUrl` first, which can fail, while this step cannot
    /// fail and only has to copy the configured string.
    pub fn authorize(&self, scopes: &[&str]) -> AuthorizeRequest {
        let code_verifier = new_code_verifier();
        let code_challenge = code_challenge_s256(code_verifier.expose_secret());
        let state = new_state();

        let mut url = self.endpoint(AUTHORIZE_PATH);
        {
            let mut query = url.query_pairs_mut();
            query
                .append_pair("response_type", "code")
                .append_pair("client_id", self.client_id.trim())
                .append_pair("redirect_uri", &self.redirect_uri)
                .append_pair("state", &state);
            if !scopes.is_empty() {
                query.append_pair("scope", &scopes.join(" "));
            }
            query
                .append_pair("code_challenge", &code_challenge)
                .append_pair("code_challenge_method", "S256")
                .append_pair("prompt", "login consent");
        }

        AuthorizeRequest {
            url,
            state,
            code_verifier,
        }
    }

    /// Exchanges an authorization code for tokens (`grant_type=authorization_code`), sending the
    /// client secret, the same `redirect_uri` as the authorize request, and the `code_verifier`.
    #[instrument(skip_all, fields(oauth.login_url = %self.login_url))]
    pub async fn exchange_code(
        &self,
        http: &reqwest::Client,
        code: &str,
        code_verifier: &SecretString,
    ) -> Result<TokenResponse, SalesforceError> {
        let client = self.oauth2_client()?;
        let redirect_url = RedirectUrl::new(self.redirect_uri.clone()).map_err(|error| {
            SalesforceError::invalid_url("redirect_uri", &self.redirect_uri, &error.to_string())
        })?;
        let send = token_transport(http);

        let response = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .set_pkce_verifier(PkceCodeVerifier::new(
                code_verifier.expose_secret().to_owned(),
            ))
            .set_redirect_uri(Cow::Owned(redirect_url))
            .request_async(&send)
            .await
            .map_err(token_request_error)?;
        TokenResponse::try_from(response)
    }

    /// Gets a new access token with a refresh token (`grant_type=refresh_token`). The response
    /// carries a new refresh token only when the app rotates them.
    #[instrument(skip_all, fields(oauth.login_url = %self.login_url))]
    pub async fn refresh(
        &self,
        http: &reqwest::Client,
        refresh_token: &SecretString,
    ) -> Result<TokenResponse, SalesforceError> {
        let client = self.oauth2_client()?;
        let refresh_token = RefreshToken::new(refresh_token.expose_secret().to_owned());
        let send = token_transport(http);

        let response = client
            .exchange_refresh_token(&refresh_token)
            .request_async(&send)
            .await
            .map_err(token_request_error)?;
        TokenResponse::try_from(response)
    }

    /// Revokes an access or refresh token; revoking a refresh token also ends the access tokens
    /// issued with it.
    ///
    /// This request goes through reqwest directly: oauth2's revocation request must know whether
    /// the token is an access or a refresh token to send a `token_type_hint`, and Salesforce
    /// takes either kind in `token` alone.
    #[instrument(skip_all, fields(oauth.login_url = %self.login_url))]
    pub async fn revoke(
        &self,
        http: &reqwest::Client,
        token: &SecretString,
    ) -> Result<(), SalesforceError> {
        let url = self.post_endpoint(REVOKE_PATH)?;
        let response = http
            .post(url)
            .form(&[("token", token.expose_secret())])
            .send()
            .await
            .map_err(transport_error)?;
        let response = ReadResponse::read(response).await?;
        if response.status == 200 {
            Ok(())
        } else {
            Err(response.into_error())
        }
    }

    /// Builds the oauth2 client for the token endpoint, with the client secret in the request
    /// body as External Client Apps expect.
    fn oauth2_client(&self) -> Result<SalesforceOAuthClient, SalesforceError> {
        let token_url = TokenUrl::from_url(self.post_endpoint(TOKEN_PATH)?);
        let client = oauth2::Client::new(ClientId::new(self.client_id.trim().to_owned()))
            .set_client_secret(ClientSecret::new(
                self.client_secret.expose_secret().to_owned(),
            ))
            .set_auth_type(AuthType::RequestBody)
            .set_token_uri(token_url);
        Ok(client)
    }

    fn endpoint(&self, path: &str) -> Url {
        let mut url = self.login_url.clone();
        url.set_path(path);
        url.set_query(None);
        url.set_fragment(None);
        url
    }

    /// Returns the URL of an endpoint that receives a POST with credentials, after checking that
    /// the login URL uses https (or http on loopback) and is not a Lightning UI host.
    fn post_endpoint(&self, path: &str) -> Result<Url, SalesforceError> {
        let invalid = |reason: &str| {
            SalesforceError::invalid_url("login URL", self.login_url.as_str(), reason)
        };
        let Some(host) = self.login_url.host_str() else {
            return Err(invalid("the URL has no host"));
        };
        let host = host.to_ascii_lowercase();
        if host.ends_with(LIGHTNING_HOST_SUFFIX) {
            return Err(invalid(
                "a Lightning host responds to token requests with a redirect; use the My Domain \
                 host ending in .my.salesforce.com",
            ));
        }
        let is_loopback = is_localhost_name(&host) || host == "127.0.0.1" || host == "[::1]";
        match self.login_url.scheme() {
            "https" => Ok(self.endpoint(path)),
            "http" if is_loopback => Ok(self.endpoint(path)),
            _ => Err(invalid("the scheme must be https")),
        }
    }
}

impl fmt::Debug for OAuthApp {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("OAuthApp")
            .field("login_url", &self.login_url.as_str())
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("redirect_uri", &self.redirect_uri)
            .finish()
    }
}

impl fmt::Debug for AuthorizeRequest {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("AuthorizeRequest")
            .field("url", &self.url.as_str())
            .field("state", &self.state)
            .field("code_verifier", &"[redacted]")
            .finish()
    }
}

/// Generates a random, url-safe `state` of 43 characters.
fn new_state() -> String {
    let mut bytes = [0u8; STATE_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const CALLBACK: &str = "https://app.example.com/oauth/callback";
    const CLIENT_SECRET: &str = "A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90";

    fn app(login_url: &str) -> OAuthApp {
        OAuthApp {
            login_url: Url::parse(login_url).expect("the login URL is valid"),
            client_id: "3MVG9rZjd7MXFdLhExample.ConsumerKey".to_owned(),
            client_secret: SecretString::from(CLIENT_SECRET),
            redirect_uri: CALLBACK.to_owned(),
        }
    }

    fn query_of(url: &Url) -> HashMap<String, String> {
        url.query_pairs()
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect()
    }

    #[test]
    fn authorize_url_parameters() {
        let request =
            app("https://login.salesforce.com").authorize(&["id", "api", "refresh_token"]);
        let query = query_of(&request.url);
        assert_eq!(
            request.url.as_str().split('?').next(),
            Some("https://login.salesforce.com/services/oauth2/authorize")
        );
        assert_eq!(query["response_type"], "code");
        assert_eq!(query["client_id"], "3MVG9rZjd7MXFdLhExample.ConsumerKey");
        assert_eq!(query["scope"], "id api refresh_token");
        assert_eq!(query["prompt"], "login consent");
        assert_eq!(query["state"], request.state);
    }

    #[test]
    fn authorize_url_always_sends_s256() {
        let request = app("https://login.salesforce.com").authorize(&["api"]);
        assert_eq!(query_of(&request.url)["code_challenge_method"], "S256");
    }

    #[test]
    fn authorize_challenge_matches_verifier() {
        let request = app("https://login.salesforce.com").authorize(&["api"]);
        assert_eq!(
            query_of(&request.url)["code_challenge"],
            code_challenge_s256(request.code_verifier.expose_secret())
        );
    }

    #[test]
    fn authorize_redirect_uri_is_exact() {
        for redirect_uri in [
            "https://app.example.com/oauth/callback",
            "https://app.example.com/oauth/callback/",
            "http://127.0.0.1:3000/integration-callback",
        ] {
            let mut app = app("https://login.salesforce.com");
            app.redirect_uri = redirect_uri.to_owned();
            let request = app.authorize(&["api"]);
            assert_eq!(query_of(&request.url)["redirect_uri"], redirect_uri);
        }
    }

    #[test]
    fn authorize_state_is_url_safe_and_random() {
        let app = app("https://login.salesforce.com");
        let first = app.authorize(&["api"]);
        let second = app.authorize(&["api"]);
        assert_eq!(first.state.len(), 43);
        assert!(
            first
                .state
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_'),
            "{}",
            first.state
        );
        assert_ne!(first.state, second.state);
        assert_ne!(
            first.code_verifier.expose_secret(),
            second.code_verifier.expose_secret()
        );
    }

    #[test]
    fn authorize_uses_my_domain_host() {
        let request = app("https://acme--uat.sandbox.my.salesforce.com/").authorize(&["api"]);
        assert_eq!(
            request.url.host_str(),
            Some("acme--uat.sandbox.my.salesforce.com")
        );
        assert_eq!(request.url.path(), "/services/oauth2/authorize");
    }

    #[test]
    fn authorize_trims_client_id() {
        let mut app = app("https://login.salesforce.com");
        app.client_id = "  3MVG9abc \n".to_owned();
        let request = app.authorize(&["api"]);
        assert_eq!(query_of(&request.url)["client_id"], "3MVG9abc");
    }

    #[test]
    fn post_endpoint_rejects_lightning_host() {
        let app = app("https://acme.lightning.force.com");
        assert!(matches!(
            app.post_endpoint(TOKEN_PATH),
            Err(SalesforceError::Transport(_))
        ));
    }

    #[test]
    fn post_endpoint_rejects_plain_http() {
        let app = app("http://login.salesforce.com");
        assert!(matches!(
            app.post_endpoint(TOKEN_PATH),
            Err(SalesforceError::Transport(_))
        ));
    }

    #[test]
    fn post_endpoint_allows_localhost_http() {
        let app = app("http://login.localhost:40123");
        assert_eq!(
            app.post_endpoint(TOKEN_PATH)
                .expect("loopback http is allowed")
                .as_str(),
            "http://login.localhost:40123/services/oauth2/token"
        );
    }

    fn require_send<T: Send>(_future: T) {}

    #[test]
    fn token_request_futures_are_send() {
        let app = app("https://login.salesforce.com");
        let http = reqwest::Client::new();
        let token = SecretString::from("token");
        require_send(async { app.exchange_code(&http, "code", &token).await });
        require_send(async { app.refresh(&http, &token).await });
        require_send(async { app.revoke(&http, &token).await });
    }

    #[test]
    fn debug_hides_secrets() {
        let app = app("https://login.salesforce.com");
        let app_debug = format!("{app:?}");
        assert!(!app_debug.contains(CLIENT_SECRET), "{app_debug}");

        let request = app.authorize(&["api"]);
        let request_debug = format!("{request:?}");
        assert!(
            !request_debug.contains(request.code_verifier.expose_secret()),
            "{request_debug}"
        );
    }
}
