//! Which server, tenant and token an admin command uses, and the commands that
//! manage that: `login`, `logout` and `whoami`.
//!
//! Precedence, for the server and the tenant: a flag, then the environment
//! (`ENTENTE_SERVER`, `ENTENTE_TENANT`), then the stored sign-in, then the default
//! server. The token comes from `ENTENTE_CLIENT_ID` and `ENTENTE_CLIENT_SECRET` when
//! both are set (a fresh client credentials token per command, for scripts), else
//! from the credentials file. A stored token is used only for the server and tenant
//! it was issued for, so a flag naming another never silently acts on the wrong one.

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use serde_json::json;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::client::ApiClient;
use super::credentials::{self, SignInMethod, StoredLogin};
use super::signin::{self, Endpoints, Token};
use super::{ConnectionArgs, LoginArgs, Output, UsageError, table};

/// The server the commands talk to when nothing names one.
pub const DEFAULT_SERVER: &str = "http://127.0.0.1:8080";

/// The parts of the process environment a session reads, passed in so that
/// resolution can be tested.
#[derive(Clone, Debug, Default)]
pub struct Environment {
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub xdg_config_home: Option<std::ffi::OsString>,
    pub home: Option<std::ffi::OsString>,
}

/// One admin command's view of where to connect and how to print.
pub struct Session {
    /// The server as given by a flag or the environment, without a trailing slash.
    server: Option<String>,
    tenant: Option<String>,
    pub output: Output,
    credentials: Option<PathBuf>,
    env_client: Option<(String, String)>,
    pub http: reqwest::Client,
}

impl Session {
    pub fn new(args: ConnectionArgs, env: Environment) -> anyhow::Result<Session> {
        let env_client = match (env.client_id, env.client_secret) {
            (Some(id), Some(secret)) if !id.is_empty() && !secret.is_empty() => Some((id, secret)),
            (None, None) => None,
            _ => {
                return Err(UsageError(
                    "set both ENTENTE_CLIENT_ID and ENTENTE_CLIENT_SECRET, or neither".into(),
                )
                .into());
            }
        };
        let credentials = args
            .credentials
            .or_else(|| credentials::default_path(env.xdg_config_home, env.home));
        let http = reqwest::Client::builder()
            .user_agent(concat!("entente-cli/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(std::time::Duration::from_secs(10))
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .context("building the HTTP client")?;
        Ok(Session {
            server: args
                .server
                .map(|s| s.trim_end_matches('/').to_owned())
                .filter(|s| !s.is_empty()),
            tenant: args.tenant.filter(|t| !t.is_empty()),
            output: args.output.unwrap_or_default(),
            credentials,
            env_client,
            http,
        })
    }

    /// The server and tenant a command is about, for commands that need no token
    /// (`tenant show`, `login`): named ones first, then the stored sign-in's.
    pub fn server_and_tenant(&self) -> anyhow::Result<(String, String)> {
        let stored = match (&self.server, &self.tenant) {
            (Some(_), Some(_)) => None,
            // A damaged file must not stop a command that can do without it.
            _ => self.load().ok().flatten(),
        };
        let server = self
            .server
            .clone()
            .or_else(|| stored.as_ref().map(|s| s.server.clone()))
            .unwrap_or_else(|| DEFAULT_SERVER.to_owned());
        let tenant = self
            .tenant
            .clone()
            .or_else(|| stored.map(|s| s.tenant))
            .ok_or_else(|| UsageError("name the tenant with --tenant or ENTENTE_TENANT".into()))?;
        Ok((server, tenant))
    }

    /// A client for the directory API with a token: from the environment's client
    /// credentials, or the stored sign-in.
    pub async fn api(&self) -> anyhow::Result<ApiClient> {
        if let Some((id, secret)) = &self.env_client {
            let (server, tenant) = self.server_and_tenant()?;
            let endpoints = Endpoints::new(&server, &tenant);
            let token = signin::client_credentials(&self.http, &endpoints, id, secret).await?;
            return Ok(ApiClient::new(
                self.http.clone(),
                &server,
                token.access_token,
            ));
        }
        let login = self.load()?.ok_or_else(|| {
            anyhow!(
                "not signed in: run `entente login` (or set ENTENTE_CLIENT_ID and ENTENTE_CLIENT_SECRET)"
            )
        })?;
        check_matches(&login, self.server.as_deref(), self.tenant.as_deref())?;
        if login.expires_at <= unix_now() {
            bail!(
                "the sign-in to {} expired at {}: run `entente login` again",
                login.tenant,
                date_time(login.expires_at)
            );
        }
        Ok(ApiClient::new(
            self.http.clone(),
            &login.server,
            login.access_token,
        ))
    }

    /// `entente login`: gets a token and stores it, replacing any earlier sign-in.
    pub async fn login(&self, how: LoginArgs) -> anyhow::Result<()> {
        let path = self.credentials_path()?;
        let (server, tenant) = self.server_and_tenant()?;
        let endpoints = Endpoints::new(&server, &tenant);
        let (method, client_id, token) = match (how.device, how.client_id, how.client_secret_file) {
            (true, _, _) => {
                let token = signin::device_code(&self.http, &endpoints).await?;
                let id = signin::DEVICE_CLIENT_ID.to_owned();
                (SignInMethod::DeviceCode, id, token)
            }
            (false, Some(id), Some(file)) => {
                let secret = read_secret_file(&file)?;
                let token = signin::client_credentials(&self.http, &endpoints, &id, &secret)
                    .await
                    .with_context(|| format!("signing in to {tenant} at {server}"))?;
                (SignInMethod::ClientCredentials, id, token)
            }
            // clap's argument group makes this unreachable; say so rather than panic.
            _ => {
                return Err(UsageError(
                    "use --device, or --client-id with --client-secret-file".into(),
                )
                .into());
            }
        };
        let login = stored_login(server, tenant, method, client_id, token, unix_now());
        credentials::save(path, &login)?;
        eprintln!(
            "Signed in to {} at {}; the token expires at {}.",
            login.tenant,
            login.server,
            date_time(login.expires_at)
        );
        Ok(())
    }

    /// `entente logout`: deletes the stored sign-in. The token itself stays valid
    /// until it expires; the server offers no revocation of access tokens.
    pub fn logout(&self) -> anyhow::Result<()> {
        let path = self.credentials_path()?;
        if credentials::remove(path)? {
            eprintln!("Signed out: deleted {}.", path.display());
        } else {
            eprintln!("Not signed in: {} does not exist.", path.display());
        }
        Ok(())
    }

    /// `entente whoami`: the server, tenant, sign-in method and expiry. With client
    /// credentials in the environment it fetches a token, which proves they work.
    pub async fn whoami(&self) -> anyhow::Result<()> {
        let now = unix_now();
        let (login, source) = match &self.env_client {
            Some((id, secret)) => {
                let (server, tenant) = self.server_and_tenant()?;
                let endpoints = Endpoints::new(&server, &tenant);
                let token = signin::client_credentials(&self.http, &endpoints, id, secret).await?;
                let login = stored_login(
                    server,
                    tenant,
                    SignInMethod::ClientCredentials,
                    id.clone(),
                    token,
                    now,
                );
                (login, "environment".to_owned())
            }
            None => {
                let login = self
                    .load()?
                    .ok_or_else(|| anyhow!("not signed in: run `entente login`"))?;
                (login, self.credentials_path()?.display().to_string())
            }
        };
        let expired = login.expires_at <= now;
        match self.output {
            Output::Json => print_json(&json!({
                "server": login.server,
                "tenant": login.tenant,
                "method": login.method,
                "clientId": login.client_id,
                "expiresAt": date_time(login.expires_at),
                "expired": expired,
                "source": source,
            })),
            Output::Table => {
                let remaining = if expired {
                    "expired".to_owned()
                } else {
                    format!("in {}", duration_words(login.expires_at - now))
                };
                print!(
                    "{}",
                    table::fields(&[
                        ("Server", login.server),
                        ("Tenant", login.tenant),
                        ("Signed in with", login.method.describe().to_owned()),
                        ("Client id", login.client_id),
                        (
                            "Expires",
                            format!("{} ({remaining})", date_time(login.expires_at))
                        ),
                        ("Credentials from", source),
                    ])
                );
                Ok(())
            }
        }
    }

    fn credentials_path(&self) -> anyhow::Result<&Path> {
        self.credentials.as_deref().ok_or_else(|| {
            UsageError(
                "no place for the credentials file: set --credentials, ENTENTE_CREDENTIALS or HOME"
                    .into(),
            )
            .into()
        })
    }

    fn load(&self) -> anyhow::Result<Option<StoredLogin>> {
        credentials::load(self.credentials_path()?)
    }
}

/// Prints a JSON value for scripts, pretty so people can read it too.
pub fn print_json(value: &serde_json::Value) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// A Unix time as RFC 3339 (UTC); the number itself if it is out of range.
pub fn date_time(at: i64) -> String {
    OffsetDateTime::from_unix_timestamp(at)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| at.to_string())
}

/// The CLI is a client program, not domain code, so it may read the clock itself.
fn unix_now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

fn stored_login(
    server: String,
    tenant: String,
    method: SignInMethod,
    client_id: String,
    token: Token,
    now: i64,
) -> StoredLogin {
    StoredLogin {
        server,
        tenant,
        method,
        client_id,
        access_token: token.access_token,
        expires_at: now.saturating_add(token.expires_in),
    }
}

/// Refuses a stored token for a server or tenant other than the named one.
fn check_matches(
    login: &StoredLogin,
    server: Option<&str>,
    tenant: Option<&str>,
) -> anyhow::Result<()> {
    if let Some(server) = server
        && server != login.server
    {
        bail!(
            "signed in to {}, not {server}: run `entente login` for that server",
            login.server
        );
    }
    if let Some(tenant) = tenant
        && !tenant.eq_ignore_ascii_case(&login.tenant)
    {
        bail!(
            "signed in to tenant {}, not {tenant}: run `entente login --tenant {tenant}`",
            login.tenant
        );
    }
    Ok(())
}

/// Reads a secret (a client secret, a password) from a file, without the line ending
/// an editor or `echo` adds. Secrets come from files, not flags, so they stay out of
/// shell history and the process list.
pub fn read_secret_file(path: &Path) -> anyhow::Result<String> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let secret = text.trim_end_matches(['\r', '\n']);
    if secret.is_empty() {
        return Err(UsageError(format!("{} is empty", path.display())).into());
    }
    Ok(secret.to_owned())
}

/// "59 minutes", "2 hours", "3 days": how long until a token expires.
fn duration_words(seconds: i64) -> String {
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    match seconds {
        s if s < 120 => plural(s, "second"),
        s if s < 2 * 3600 => plural(s / 60, "minute"),
        s if s < 2 * 86400 => plural(s / 3600, "hour"),
        s => plural(s / 86400, "day"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn login() -> StoredLogin {
        StoredLogin {
            server: "http://127.0.0.1:8080".into(),
            tenant: "contoso.entente.test".into(),
            method: SignInMethod::ClientCredentials,
            client_id: "c".into(),
            access_token: "t".into(),
            expires_at: 0,
        }
    }

    fn session(args: ConnectionArgs, env: Environment) -> anyhow::Result<Session> {
        Session::new(args, env)
    }

    #[test]
    fn a_stored_token_serves_only_its_own_server_and_tenant() {
        let l = login();
        assert!(check_matches(&l, None, None).is_ok());
        assert!(
            check_matches(
                &l,
                Some("http://127.0.0.1:8080"),
                Some("CONTOSO.entente.test")
            )
            .is_ok()
        );
        let other_server = check_matches(&l, Some("https://id.example.com"), None).unwrap_err();
        assert!(other_server.to_string().contains("https://id.example.com"));
        let other_tenant = check_matches(&l, None, Some("fabrikam.example")).unwrap_err();
        assert!(
            other_tenant
                .to_string()
                .contains("--tenant fabrikam.example")
        );
    }

    #[test]
    fn half_of_the_client_credentials_is_a_usage_error() {
        let env = Environment {
            client_id: Some("id".into()),
            ..Environment::default()
        };
        let error = session(ConnectionArgs::default(), env).err().unwrap();
        assert!(error.downcast_ref::<UsageError>().is_some(), "{error:#}");
    }

    #[test]
    fn named_server_and_tenant_win_and_a_missing_tenant_is_a_usage_error() {
        let args = ConnectionArgs {
            server: Some("https://id.example.com/".into()),
            tenant: Some("contoso.example".into()),
            ..ConnectionArgs::default()
        };
        let s = session(args, Environment::default()).unwrap();
        assert_eq!(
            s.server_and_tenant().unwrap(),
            (
                "https://id.example.com".to_owned(),
                "contoso.example".to_owned()
            )
        );
        // No tenant anywhere, and no credentials file to fall back on.
        let s = session(ConnectionArgs::default(), Environment::default()).unwrap();
        let error = s.server_and_tenant().unwrap_err();
        assert!(error.downcast_ref::<UsageError>().is_some(), "{error:#}");
    }

    #[test]
    fn expiry_reads_in_words() {
        assert_eq!(duration_words(59), "59 seconds");
        assert_eq!(duration_words(3599), "59 minutes");
        assert_eq!(duration_words(3 * 3600), "3 hours");
        assert_eq!(duration_words(86400 * 3), "3 days");
        assert_eq!(date_time(0), "1970-01-01T00:00:00Z");
    }
}
