//! Typed settings read once from environment variables at start-up.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context, bail};

/// Everything the server reads from its environment. A bad value stops the start with a message
/// that names the variable.
#[derive(Clone, Debug)]
pub struct Settings {
    /// `LEPTOS_SITE_ADDR`, default `127.0.0.1:3000`: where the console listens.
    pub listen_addr: SocketAddr,
    /// `CONSOLE_PUBLIC_URL`, default `http://{LEPTOS_SITE_ADDR}`: the URL browsers use, without
    /// a trailing slash. The OAuth callback is `{public_url}/integration-callback`.
    pub public_url: String,
    /// `CONSOLE_DATA_DIR`, default `data`: contains the SQLite database and a generated master key.
    pub data_dir: PathBuf,
    /// `DATABASE_URL`, default `sqlite://{data_dir}/console.db`.
    pub database_url: String,
    /// The source of the master key.
    pub master_key: MasterKeySource,
    /// `CONSOLE_PREVIOUS_MASTER_KEYS`: comma-separated base64 keys that still open values sealed
    /// before a rotation, until `rotate-master-key` has resealed them.
    pub previous_master_keys: Vec<secrecy::SecretString>,
    /// `CONSOLE_DEMO_ORG` (`on` or `off`, default `on`): start the emulator as the demo org.
    pub demo_org: Option<DemoOrg>,
    /// `SALESFORCE_LOGIN_URL`: the generic login host of production orgs.
    pub login_url: String,
    /// `SALESFORCE_SANDBOX_LOGIN_URL`: the generic login host of sandboxes.
    pub sandbox_login_url: String,
    /// `SALESFORCE_ORG_URL_TEMPLATE`: the org URL with a `{domain}` placeholder.
    pub org_url_template: String,
}

/// The in-process demo org.
#[derive(Clone, Debug)]
pub struct DemoOrg {
    /// `CONSOLE_DEMO_ORG_PORT`, default 3100: the loopback port the emulator listens on.
    pub port: u16,
}

/// The master key's origin, in order of precedence.
#[derive(Clone, Debug)]
pub enum MasterKeySource {
    /// `CONSOLE_MASTER_KEY`: 32 bytes, base64. Held as a secret so Debug never prints it.
    Value(secrecy::SecretString),
    /// `CONSOLE_MASTER_KEY_FILE`: a file holding the base64 key.
    File(PathBuf),
    /// Neither set: `{data_dir}/master.key`, generated on first start with mode 0600.
    Generated(PathBuf),
}

impl Settings {
    /// Reads the settings from the process environment.
    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the settings through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());

        let listen_addr: SocketAddr = get("LEPTOS_SITE_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".to_string())
            .parse()
            .context("LEPTOS_SITE_ADDR must be an address such as 127.0.0.1:3000")?;

        let public_url = get("CONSOLE_PUBLIC_URL")
            .unwrap_or_else(|| format!("http://{listen_addr}"))
            .trim()
            .trim_end_matches('/')
            .to_string();
        let parsed = url::Url::parse(&public_url).with_context(|| {
            format!("CONSOLE_PUBLIC_URL must be an absolute http(s) URL, got {public_url:?}")
        })?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.path() != "/" {
            bail!("CONSOLE_PUBLIC_URL must be an http(s) URL without a path, got {public_url:?}");
        }

        let data_dir = PathBuf::from(get("CONSOLE_DATA_DIR").unwrap_or_else(|| "data".to_string()));
        let database_url = get("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}/console.db", data_dir.display()));
        if !database_url.starts_with("sqlite:") {
            bail!("DATABASE_URL must be a sqlite: URL; this build stores data in SQLite only");
        }

        let master_key = match (get("CONSOLE_MASTER_KEY"), get("CONSOLE_MASTER_KEY_FILE")) {
            (Some(_), Some(_)) => {
                bail!("set only one of CONSOLE_MASTER_KEY and CONSOLE_MASTER_KEY_FILE")
            }
            (Some(value), None) => MasterKeySource::Value(value.into()),
            (None, Some(path)) => MasterKeySource::File(path.into()),
            (None, None) => MasterKeySource::Generated(data_dir.join("master.key")),
        };

        let previous_master_keys = get("CONSOLE_PREVIOUS_MASTER_KEYS")
            .map(|value| {
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|key| !key.is_empty())
                    .map(|key| secrecy::SecretString::from(key.to_string()))
                    .collect()
            })
            .unwrap_or_default();

        let demo_org = match get("CONSOLE_DEMO_ORG").as_deref().map(str::trim) {
            None | Some("on") => {
                let port = get("CONSOLE_DEMO_ORG_PORT")
                    .unwrap_or_else(|| "3100".to_string())
                    .parse::<u16>()
                    .context("CONSOLE_DEMO_ORG_PORT must be a port number from 0 to 65535")?;
                Some(DemoOrg { port })
            }
            Some("off") => None,
            Some(other) => bail!("CONSOLE_DEMO_ORG must be on or off, got {other:?}"),
        };

        // With the demo org on, Salesforce's hosts default to the emulator on loopback; names
        // under .localhost resolve to loopback in Chromium and in the server's HTTP client.
        let (login_default, sandbox_default, template_default) = match &demo_org {
            Some(demo) => (
                format!("http://login.localhost:{}", demo.port),
                format!("http://test.localhost:{}", demo.port),
                format!("http://{{domain}}.localhost:{}", demo.port),
            ),
            None => (
                "https://login.salesforce.com".to_string(),
                "https://test.salesforce.com".to_string(),
                "https://{domain}.my.salesforce.com".to_string(),
            ),
        };
        let login_url = base_url("SALESFORCE_LOGIN_URL", get("SALESFORCE_LOGIN_URL"), login_default)?;
        let sandbox_login_url = base_url(
            "SALESFORCE_SANDBOX_LOGIN_URL",
            get("SALESFORCE_SANDBOX_LOGIN_URL"),
            sandbox_default,
        )?;
        let org_url_template = get("SALESFORCE_ORG_URL_TEMPLATE")
            .unwrap_or(template_default)
            .trim()
            .trim_end_matches('/')
            .to_string();
        if !org_url_template.contains("{domain}") {
            bail!("SALESFORCE_ORG_URL_TEMPLATE must contain {{domain}}, got {org_url_template:?}");
        }
        url::Url::parse(&org_url_template.replace("{domain}", "acme")).with_context(|| {
            format!("SALESFORCE_ORG_URL_TEMPLATE must be an absolute URL, got {org_url_template:?}")
        })?;

        Ok(Settings {
            listen_addr,
            public_url,
            data_dir,
            database_url,
            master_key,
            previous_master_keys,
            demo_org,
            login_url,
            sandbox_login_url,
            org_url_template,
        })
    }

    /// Returns the exact `redirect_uri` of the OAuth flow.
    pub fn callback_url(&self) -> String {
        format!("{}/integration-callback", self.public_url)
    }

    /// Replaces the demo org's configured port with the one it really listens on, in every
    /// Salesforce URL that was derived from it. Only a configured port of 0 changes anything.
    pub fn apply_demo_org_port(&mut self, port: u16) {
        let Some(demo) = &mut self.demo_org else { return };
        if demo.port != 0 {
            return;
        }
        let configured = "localhost:0";
        let actual = format!("localhost:{port}");
        for url in [&mut self.login_url, &mut self.sandbox_login_url, &mut self.org_url_template] {
            if url.ends_with(configured) {
                *url = format!("{}{actual}", &url[..url.len() - configured.len()]);
            }
        }
        demo.port = port;
    }

    /// Whether browsers reach the console over https, so cookies must be Secure.
    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

fn base_url(name: &str, value: Option<String>, default: String) -> anyhow::Result<String> {
    let value = value.unwrap_or(default).trim().trim_end_matches('/').to_string();
    let parsed = url::Url::parse(&value)
        .with_context(|| format!("{name} must be an absolute URL, got {value:?}"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        bail!("{name} must be an http(s) URL, got {value:?}");
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> anyhow::Result<Settings> {
        let pairs: Vec<(String, String)> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Settings::from_lookup(move |name| {
            pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn embedded_default_uses_demo_org() {
        let settings = settings(&[]).expect("defaults are valid");
        assert_eq!(settings.listen_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(settings.callback_url(), "http://127.0.0.1:3000/integration-callback");
        assert_eq!(settings.database_url, "sqlite://data/console.db");
        assert_eq!(settings.login_url, "http://login.localhost:3100");
        assert_eq!(settings.org_url_template, "http://{domain}.localhost:3100");
    }

    #[test]
    fn demo_org_off_uses_salesforce_hosts() {
        let settings = settings(&[("CONSOLE_DEMO_ORG", "off")]).expect("valid");
        assert_eq!(settings.login_url, "https://login.salesforce.com");
        assert_eq!(settings.sandbox_login_url, "https://test.salesforce.com");
        assert_eq!(settings.org_url_template, "https://{domain}.my.salesforce.com");
    }

    #[test]
    fn bad_value_names_its_variable() {
        let error = settings(&[("CONSOLE_DEMO_ORG_PORT", "many")]).expect_err("invalid port");
        assert!(error.to_string().contains("CONSOLE_DEMO_ORG_PORT"), "{error}");
        let error = settings(&[("SALESFORCE_ORG_URL_TEMPLATE", "https://x.example")])
            .expect_err("no placeholder");
        assert!(error.to_string().contains("SALESFORCE_ORG_URL_TEMPLATE"), "{error}");
    }

    #[test]
    fn public_url_trailing_slash_is_dropped() {
        let settings = settings(&[("CONSOLE_PUBLIC_URL", "https://console.example.com/")])
            .expect("valid");
        assert_eq!(settings.callback_url(), "https://console.example.com/integration-callback");
        assert!(settings.is_https());
    }
}
