//! Configuration: a TOML file, then `ENTENTE_*` environment variables, then command
//! line flags, each overriding the one before; defaults fill what none of them set.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use entente_domain::keys::SigningAlgorithm;
use entente_domain::mail::MailSender;
use entente_storage::StoreOptions;
use serde::Deserialize;

use crate::connections::ConnectionLimits;
use crate::tls::{PairFiles, TlsSettings};

/// Settings of `entente serve` (and of commands that open the database).
#[derive(Clone, Debug, Default, Deserialize, clap::Args)]
#[serde(deny_unknown_fields)]
pub struct ConfigArgs {
    /// A TOML configuration file.
    #[arg(long, env = "ENTENTE_CONFIG")]
    #[serde(skip)]
    pub config: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "ENTENTE_LISTEN")]
    pub listen: Option<String>,
    /// The public base URL (issuers and links use it) [default: http://<listen>, or
    /// https://<listen> when serving TLS].
    #[arg(long, env = "ENTENTE_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// sqlite://PATH or postgres://... [default: SQLite in the data directory].
    #[arg(long, env = "ENTENTE_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Where the SQLite database and the generated master key live [default: ./entente-data].
    #[arg(long, env = "ENTENTE_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// The master key (32 bytes, base64) sealing signing keys; all nodes need the same.
    #[arg(long, env = "ENTENTE_MASTER_KEY", hide_env_values = true)]
    pub master_key: Option<String>,
    /// A file holding the master key [default: <data-dir>/master.key, made on first start].
    #[arg(long, env = "ENTENTE_MASTER_KEY_FILE")]
    pub master_key_file: Option<PathBuf>,
    /// Suffix of tenants' initial domains [default: entente.test].
    #[arg(long, env = "ENTENTE_INITIAL_DOMAIN_SUFFIX")]
    pub initial_domain_suffix: Option<String>,
    /// Addresses of reverse proxies whose X-Forwarded-For is believed, comma-separated
    /// [default: none; the socket peer is the client].
    #[arg(long, env = "ENTENTE_TRUSTED_PROXIES")]
    pub trusted_proxies: Option<String>,
    /// Algorithm of new token signing keys: ES256 or RS256 [default: ES256].
    #[arg(long, env = "ENTENTE_SIGNING_ALG")]
    pub signing_alg: Option<String>,
    /// Log format: pretty or json [default: pretty].
    #[arg(long, env = "ENTENTE_LOG_FORMAT")]
    pub log_format: Option<String>,
    /// The DNS server (ip:port) domain verification asks for TXT records
    /// [default: the system's resolver configuration].
    #[arg(long, env = "ENTENTE_DNS_SERVER")]
    pub dns_server: Option<String>,
    /// The SMTP server email goes through: smtp://host:port, smtp://host?tls=starttls,
    /// smtps://user:password@host:465 [default: none; emails are written as .eml files
    /// into <data-dir>/outbox/].
    #[arg(long, env = "ENTENTE_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// One From for every email Entente sends, such as "Contoso IT <it@contoso.com>"
    /// [default: "{Tenant} via Entente" <no-reply@MAIL_DOMAIN>, per organization].
    #[arg(long, env = "ENTENTE_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// The domain of the default sender, no-reply@MAIL_DOMAIN, one the operator sends
    /// mail for [default: the public URL's host when it is a domain name]. Delivery
    /// over SMTP needs one other than localhost.
    #[arg(long, env = "ENTENTE_MAIL_DOMAIN")]
    pub mail_domain: Option<String>,
    /// Seconds a client may take to send a request's line and headers, also how long
    /// an HTTP/1.1 connection may wait idle for its next request [default: 10].
    #[arg(long, env = "ENTENTE_HEADER_READ_TIMEOUT")]
    pub header_read_timeout: Option<u64>,
    /// Seconds a request body may take before it must keep up with
    /// request_body_min_rate [default: 10].
    #[arg(long, env = "ENTENTE_REQUEST_BODY_GRACE")]
    pub request_body_grace: Option<u64>,
    /// Bytes per second a request body must average after its grace period; 0 for
    /// none, the whole body within the grace period [default: 1024].
    #[arg(long, env = "ENTENTE_REQUEST_BODY_MIN_RATE")]
    pub request_body_min_rate: Option<u64>,
    /// Seconds a connection with no request in flight stays open [default: 60].
    #[arg(long, env = "ENTENTE_IDLE_TIMEOUT")]
    pub idle_timeout: Option<u64>,
    /// Connections served at once; further ones wait to be accepted
    /// [default: 10000, or the open-file limit less 256 when lower].
    #[arg(long, env = "ENTENTE_MAX_CONNECTIONS")]
    pub max_connections: Option<usize>,
    /// Let federation reach identity providers at loopback, private, link-local and
    /// other non-public addresses (true or false) [default: false].
    #[arg(long, env = "ENTENTE_FEDERATION_ALLOW_PRIVATE_NETWORKS")]
    pub federation_allow_private_networks: Option<bool>,
    /// Milliseconds a request waits for a PostgreSQL connection before it is answered
    /// 503 (while the database is down, each request waits this long) [default: 800].
    #[arg(long, env = "ENTENTE_DATABASE_ACQUIRE_TIMEOUT_MS")]
    pub database_acquire_timeout_ms: Option<u64>,
    /// Serve https: a PEM file of the server's certificate followed by its chain
    /// (with tls_key); reloaded when it changes [default: none, plain http].
    #[arg(long, env = "ENTENTE_TLS_CERT", value_name = "FILE")]
    pub tls_cert: Option<PathBuf>,
    /// The PEM private key of tls_cert (PKCS#8, SEC1 or RSA).
    #[arg(long, env = "ENTENTE_TLS_KEY", value_name = "FILE")]
    pub tls_key: Option<PathBuf>,
    /// Serve https with a development certificate in <data-dir>/tls/, made when
    /// missing (see `entente dev-cert`); not for production [default: false].
    #[arg(
        long,
        env = "ENTENTE_DEV_TLS",
        num_args = 0..=1,
        default_missing_value = "true",
        value_name = "true|false"
    )]
    pub dev_tls: Option<bool>,
}

/// Configuration with every default applied.
#[derive(Clone, Debug)]
pub struct Config {
    pub listen: String,
    pub public_url: String,
    pub database_url: String,
    pub data_dir: PathBuf,
    pub master_key: Option<String>,
    pub master_key_file: PathBuf,
    pub initial_domain_suffix: String,
    pub log_format: LogFormat,
    /// The name server domain verification asks; `None` for the system's configuration.
    pub dns_server: Option<SocketAddr>,
    pub signing_algorithm: SigningAlgorithm,
    /// Proxies whose `X-Forwarded-For` header names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Where email goes; `None` for `.eml` files in `<data-dir>/outbox/`.
    pub smtp_url: Option<String>,
    /// Who emails come from.
    pub mail_sender: MailSender,
    /// Whether this node runs an email delivery worker. Always on for `serve`; tests
    /// that drive delivery themselves turn it off so no worker races them.
    pub mail_worker: bool,
    /// Whether this node takes the guest lifecycle's due steps every minute (ended
    /// access, inactive guests). Always on for `serve`; tests that move the clock call
    /// the entry points with their own times and turn it off, so no tick at the real
    /// time races them.
    pub lifecycle_worker: bool,
    /// Time-outs and the connection limit of the HTTP server.
    pub connections: ConnectionLimits,
    /// Whether partners' identity providers may be at non-public addresses.
    pub federation_allow_private_networks: bool,
    /// How the database is connected to (PostgreSQL's acquire timeout).
    pub store: StoreOptions,
    /// https on the listener; `None` for plain http (behind a proxy that terminates
    /// TLS, or on a development machine).
    pub tls: Option<TlsSettings>,
}

/// The sender address of emails when no mail domain is known (files only: SMTP
/// delivery refuses it).
pub const LOCAL_SENDER: &str = "no-reply@localhost";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// Who emails come from: `mail_from` as given, else "{Tenant} via Entente" at
/// no-reply@ the mail domain (given, or the public URL's host when that is a domain
/// name). Checked now, so a typo stops the start rather than failing every email; and
/// SMTP delivery from localhost (which receiving servers distrust or refuse) is
/// refused with the way to fix it.
fn mail_sender(
    mail_from: Option<String>,
    mail_domain: Option<String>,
    public_url: &str,
    smtp: bool,
) -> anyhow::Result<MailSender> {
    if let Some(mailbox) = mail_from {
        mailbox
            .parse::<lettre::message::Mailbox>()
            .with_context(|| {
                format!(
                    "mail_from {mailbox:?} is not a mailbox such as Contoso IT <it@contoso.com>"
                )
            })?;
        return Ok(MailSender::Fixed(mailbox));
    }
    let public_host = url::Url::parse(public_url)
        .ok()
        .and_then(|u| match u.host() {
            Some(url::Host::Domain(name)) if name.contains('.') => Some(name.to_owned()),
            _ => None,
        });
    let domain = mail_domain
        .map(|d| d.trim().trim_start_matches('@').to_ascii_lowercase())
        .or(public_host);
    let address = match domain {
        Some(domain) => {
            let address = format!("no-reply@{domain}");
            address.parse::<lettre::Address>().with_context(|| {
                format!("mail_domain {domain:?} is not a domain such as id.contoso.com")
            })?;
            address
        }
        None => LOCAL_SENDER.to_owned(),
    };
    let local = address
        .rsplit_once('@')
        .is_none_or(|(_, d)| d == "localhost" || !d.contains('.') || d.ends_with(".localhost"));
    anyhow::ensure!(
        !(smtp && local),
        "email over SMTP would come from {address}, which mail servers distrust: set mail_domain \
         (--mail-domain, ENTENTE_MAIL_DOMAIN) to a domain you send mail for, such as id.contoso.com, \
         or mail_from to one mailbox"
    );
    Ok(MailSender::PerTenant { address })
}

impl ConfigArgs {
    /// Layers the file under the environment and flags (which clap already merged).
    pub fn resolve(self) -> anyhow::Result<Config> {
        let file = match &self.config {
            Some(path) => read_file(path)?,
            None => ConfigArgs::default(),
        };
        let pick = |flag: Option<String>, from_file: Option<String>| flag.or(from_file);
        let connections = connection_limits(&self, &file)?;
        let mut store = StoreOptions::default();
        if let Some(ms) = self
            .database_acquire_timeout_ms
            .or(file.database_acquire_timeout_ms)
        {
            anyhow::ensure!(ms > 0, "database_acquire_timeout_ms must be more than 0");
            store.acquire_timeout = Duration::from_millis(ms);
        }
        let listen = pick(self.listen, file.listen).unwrap_or_else(|| "127.0.0.1:8080".to_owned());
        let data_dir = self
            .data_dir
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("entente-data"));
        let database_url = pick(self.database_url, file.database_url)
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("entente.db").display()));
        let tls = tls_settings(
            self.tls_cert.or(file.tls_cert),
            self.tls_key.or(file.tls_key),
            self.dev_tls.or(file.dev_tls).unwrap_or(false),
            &data_dir,
        )?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        let public_url = pick(self.public_url, file.public_url)
            .unwrap_or_else(|| format!("{scheme}://{listen}"));
        let log_format = match pick(self.log_format, file.log_format).as_deref() {
            None | Some("pretty") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some(other) => anyhow::bail!("unknown log format {other:?}: use pretty or json"),
        };
        let dns_server = pick(self.dns_server, file.dns_server)
            .map(|text| {
                text.parse::<SocketAddr>().with_context(|| {
                    format!("dns_server {text:?} is not an address such as 192.0.2.53:53")
                })
            })
            .transpose()?;
        let trusted_proxies = pick(self.trusted_proxies, file.trusted_proxies)
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(|text| {
                text.parse::<std::net::IpAddr>()
                    .with_context(|| format!("trusted_proxies: {text:?} is not an IP address"))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let signing_algorithm = match pick(self.signing_alg, file.signing_alg) {
            None => SigningAlgorithm::Es256,
            Some(name) => SigningAlgorithm::parse(&name).with_context(|| {
                format!("unknown signing algorithm {name:?}: use ES256 or RS256")
            })?,
        };
        let smtp_url = pick(self.smtp_url, file.smtp_url).filter(|url| !url.is_empty());
        let mail_sender = mail_sender(
            pick(self.mail_from, file.mail_from),
            pick(self.mail_domain, file.mail_domain),
            &public_url,
            smtp_url.is_some(),
        )?;
        Ok(Config {
            listen,
            public_url: public_url.trim_end_matches('/').to_owned(),
            database_url,
            master_key: pick(self.master_key, file.master_key),
            master_key_file: self
                .master_key_file
                .or(file.master_key_file)
                .unwrap_or_else(|| data_dir.join("master.key")),
            initial_domain_suffix: pick(self.initial_domain_suffix, file.initial_domain_suffix)
                .unwrap_or_else(|| "entente.test".to_owned()),
            data_dir,
            log_format,
            dns_server,
            signing_algorithm,
            trusted_proxies,
            smtp_url,
            mail_sender,
            mail_worker: true,
            lifecycle_worker: true,
            connections,
            federation_allow_private_networks: self
                .federation_allow_private_networks
                .or(file.federation_allow_private_networks)
                .unwrap_or(false),
            store,
            tls,
        })
    }
}

/// https from the certificate and key files, or from the development certificate in
/// `<data-dir>/tls/`; the two ways exclude each other, and a file goes with the other.
fn tls_settings(
    cert: Option<PathBuf>,
    key: Option<PathBuf>,
    development: bool,
    data_dir: &Path,
) -> anyhow::Result<Option<TlsSettings>> {
    let files = match (cert, key, development) {
        (None, None, false) => return Ok(None),
        (Some(cert), Some(key), false) => PairFiles { cert, key },
        (None, None, true) => {
            let dir = data_dir.join("tls");
            PairFiles {
                cert: dir.join(crate::tls::dev_cert::CERT_FILE),
                key: dir.join(crate::tls::dev_cert::KEY_FILE),
            }
        }
        (_, _, true) => anyhow::bail!(
            "dev_tls makes its own certificate: set either dev_tls or tls_cert and tls_key"
        ),
        (Some(_), None, false) => anyhow::bail!("tls_cert needs tls_key: set both"),
        (None, Some(_), false) => anyhow::bail!("tls_key needs tls_cert: set both"),
    };
    Ok(Some(TlsSettings {
        files,
        development,
        reload_interval: crate::tls::DEFAULT_RELOAD_INTERVAL,
    }))
}

/// The connection settings, each from the flags or environment, else the file, else
/// its default. A zero time-out or limit would refuse every request, so it is refused.
fn connection_limits(args: &ConfigArgs, file: &ConfigArgs) -> anyhow::Result<ConnectionLimits> {
    let defaults = ConnectionLimits::default();
    let seconds =
        |name: &str, flag: Option<u64>, from_file: Option<u64>, default: Duration| match flag
            .or(from_file)
        {
            None => Ok(default),
            Some(0) => anyhow::bail!("{name} must be at least 1 second"),
            Some(n) => Ok(Duration::from_secs(n)),
        };
    let max_connections = match args.max_connections.or(file.max_connections) {
        None => defaults.max_connections,
        Some(0) => anyhow::bail!("max_connections must be at least 1"),
        Some(n) => n,
    };
    Ok(ConnectionLimits {
        header_read_timeout: seconds(
            "header_read_timeout",
            args.header_read_timeout,
            file.header_read_timeout,
            defaults.header_read_timeout,
        )?,
        body_grace: seconds(
            "request_body_grace",
            args.request_body_grace,
            file.request_body_grace,
            defaults.body_grace,
        )?,
        body_min_rate: args
            .request_body_min_rate
            .or(file.request_body_min_rate)
            .unwrap_or(defaults.body_min_rate),
        idle_timeout: seconds(
            "idle_timeout",
            args.idle_timeout,
            file.idle_timeout,
            defaults.idle_timeout,
        )?,
        max_connections,
    })
}

fn read_file(path: &Path) -> anyhow::Result<ConfigArgs> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_override_the_file_and_defaults_fill_the_rest() {
        let dir = std::env::temp_dir().join(format!("entente-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("entente.toml");
        std::fs::write(
            &file,
            "listen = \"0.0.0.0:9000\"\npublic_url = \"https://id.example.com/\"\n",
        )
        .unwrap();
        let args = ConfigArgs {
            config: Some(file),
            listen: Some("127.0.0.1:9999".into()),
            ..ConfigArgs::default()
        };
        let config = args.resolve().unwrap();
        assert_eq!(config.listen, "127.0.0.1:9999");
        assert_eq!(config.public_url, "https://id.example.com");
        assert_eq!(config.database_url, "sqlite://entente-data/entente.db");
        assert_eq!(config.log_format, LogFormat::Pretty);
        assert_eq!(config.dns_server, None);
        assert_eq!(config.smtp_url, None);
        // The public URL's host is the default mail domain.
        assert_eq!(
            config.mail_sender,
            MailSender::PerTenant {
                address: "no-reply@id.example.com".into()
            }
        );
    }

    #[test]
    fn the_mail_sender_must_be_a_mailbox() {
        let config = ConfigArgs {
            mail_from: Some("Contoso IT <it@contoso.com>".into()),
            smtp_url: Some("smtp://127.0.0.1:2525".into()),
            ..ConfigArgs::default()
        }
        .resolve()
        .unwrap();
        assert_eq!(
            config.mail_sender,
            MailSender::Fixed("Contoso IT <it@contoso.com>".into())
        );
        assert_eq!(config.smtp_url.as_deref(), Some("smtp://127.0.0.1:2525"));
        let error = ConfigArgs {
            mail_from: Some("nobody".into()),
            ..ConfigArgs::default()
        }
        .resolve()
        .unwrap_err();
        assert!(format!("{error:#}").contains("mail_from"), "{error:#}");
    }

    #[test]
    fn smtp_delivery_needs_a_mail_domain_other_than_localhost() {
        let error = ConfigArgs {
            smtp_url: Some("smtp://127.0.0.1:2525".into()),
            ..ConfigArgs::default()
        }
        .resolve()
        .unwrap_err();
        let error = format!("{error:#}");
        assert!(
            error.contains("no-reply@localhost") && error.contains("--mail-domain"),
            "{error}"
        );
        let config = ConfigArgs {
            smtp_url: Some("smtp://127.0.0.1:2525".into()),
            mail_domain: Some("id.contoso.com".into()),
            ..ConfigArgs::default()
        }
        .resolve()
        .unwrap();
        assert_eq!(
            config.mail_sender.of("Contoso \"HQ\""),
            "\"Contoso \\\"HQ\\\" via Entente\" <no-reply@id.contoso.com>"
        );
        // Files need no domain.
        let files = ConfigArgs::default().resolve().unwrap();
        assert_eq!(
            files.mail_sender,
            MailSender::PerTenant {
                address: LOCAL_SENDER.into()
            }
        );
    }

    #[test]
    fn the_dns_server_is_an_address_with_a_port() {
        let config = ConfigArgs {
            dns_server: Some("127.0.0.1:5353".into()),
            ..ConfigArgs::default()
        }
        .resolve()
        .unwrap();
        assert_eq!(config.dns_server, Some("127.0.0.1:5353".parse().unwrap()));
        let error = ConfigArgs {
            dns_server: Some("ns1.example.com".into()),
            ..ConfigArgs::default()
        }
        .resolve()
        .unwrap_err();
        assert!(format!("{error:#}").contains("dns_server"), "{error:#}");
    }

    #[test]
    fn the_database_acquire_timeout_is_milliseconds_above_zero() {
        let config = ConfigArgs::default().resolve().unwrap();
        assert_eq!(config.store.acquire_timeout, Duration::from_millis(800));
        let config = ConfigArgs {
            database_acquire_timeout_ms: Some(2500),
            ..ConfigArgs::default()
        }
        .resolve()
        .unwrap();
        assert_eq!(config.store.acquire_timeout, Duration::from_millis(2500));
        let error = ConfigArgs {
            database_acquire_timeout_ms: Some(0),
            ..ConfigArgs::default()
        }
        .resolve()
        .unwrap_err();
        assert!(
            format!("{error:#}").contains("database_acquire_timeout_ms"),
            "{error:#}"
        );
    }

    #[test]
    fn connection_limits_and_the_address_policy_have_safe_defaults_and_layer() {
        let config = ConfigArgs::default().resolve().unwrap();
        assert_eq!(config.connections, ConnectionLimits::default());
        assert_eq!(
            config.connections.header_read_timeout,
            Duration::from_secs(10)
        );
        assert_eq!(config.connections.body_min_rate, 1024);
        assert!(!config.federation_allow_private_networks);

        let dir = std::env::temp_dir().join(format!("entente-config-net-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("entente.toml");
        std::fs::write(
            &file,
            "header_read_timeout = 5\nidle_timeout = 20\nmax_connections = 300\n\
             request_body_grace = 4\nrequest_body_min_rate = 0\n\
             federation_allow_private_networks = true\n",
        )
        .unwrap();
        let config = ConfigArgs {
            config: Some(file),
            idle_timeout: Some(30),
            ..ConfigArgs::default()
        }
        .resolve()
        .unwrap();
        assert_eq!(
            config.connections,
            ConnectionLimits {
                header_read_timeout: Duration::from_secs(5),
                body_grace: Duration::from_secs(4),
                body_min_rate: 0,
                idle_timeout: Duration::from_secs(30),
                max_connections: 300,
            }
        );
        assert!(config.federation_allow_private_networks);

        let error = ConfigArgs {
            header_read_timeout: Some(0),
            ..ConfigArgs::default()
        }
        .resolve()
        .unwrap_err();
        assert!(
            format!("{error:#}").contains("header_read_timeout"),
            "{error:#}"
        );
    }

    #[test]
    fn tls_takes_both_files_or_the_development_certificate_and_makes_the_default_url_https() {
        let config = ConfigArgs::default().resolve().unwrap();
        assert_eq!(config.tls, None);
        assert_eq!(config.public_url, "http://127.0.0.1:8080");

        let dir = std::env::temp_dir().join(format!("entente-config-tls-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("entente.toml");
        std::fs::write(
            &file,
            "tls_cert = \"/etc/entente/cert.pem\"\ntls_key = \"/etc/entente/key.pem\"\n",
        )
        .unwrap();
        let config = ConfigArgs {
            config: Some(file),
            tls_key: Some("/run/secrets/key.pem".into()),
            ..ConfigArgs::default()
        }
        .resolve()
        .unwrap();
        let tls = config.tls.expect("TLS on");
        assert_eq!(tls.files.cert, PathBuf::from("/etc/entente/cert.pem"));
        assert_eq!(tls.files.key, PathBuf::from("/run/secrets/key.pem"));
        assert!(!tls.development);
        assert_eq!(config.public_url, "https://127.0.0.1:8080");

        let config = ConfigArgs {
            dev_tls: Some(true),
            data_dir: Some("/srv/entente".into()),
            public_url: Some("https://localhost:8080".into()),
            ..ConfigArgs::default()
        }
        .resolve()
        .unwrap();
        let tls = config.tls.expect("TLS on");
        assert!(tls.development);
        assert_eq!(tls.files.cert, PathBuf::from("/srv/entente/tls/cert.pem"));
        assert_eq!(tls.files.key, PathBuf::from("/srv/entente/tls/key.pem"));
        assert_eq!(config.public_url, "https://localhost:8080");

        for (args, named) in [
            (
                ConfigArgs {
                    tls_cert: Some("c.pem".into()),
                    ..ConfigArgs::default()
                },
                "tls_key",
            ),
            (
                ConfigArgs {
                    tls_key: Some("k.pem".into()),
                    ..ConfigArgs::default()
                },
                "tls_cert",
            ),
            (
                ConfigArgs {
                    dev_tls: Some(true),
                    tls_cert: Some("c.pem".into()),
                    tls_key: Some("k.pem".into()),
                    ..ConfigArgs::default()
                },
                "dev_tls",
            ),
        ] {
            let error = args.resolve().unwrap_err();
            assert!(format!("{error:#}").contains(named), "{error:#}");
        }
    }

    #[test]
    fn unknown_keys_in_the_file_are_refused() {
        let dir = std::env::temp_dir().join(format!("entente-config-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("entente.toml");
        std::fs::write(&file, "lisen = \"0.0.0.0:9000\"\n").unwrap();
        let error = ConfigArgs {
            config: Some(file),
            ..ConfigArgs::default()
        }
        .resolve()
        .unwrap_err();
        assert!(format!("{error:#}").contains("unknown field"), "{error:#}");
    }
}
