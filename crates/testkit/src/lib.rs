//! The test kit: boots the real Entente server in-process on a free port, with a fresh
//! database, and gives tests what they need to drive it over HTTP.
//!
//! `TestServer::start()` uses a SQLite file in a scratch directory. When the
//! environment variable `ENTENTE_TEST_POSTGRES` holds a PostgreSQL URL (CI sets it),
//! [`Backend::Postgres`] servers get a database of their own, dropped afterwards;
//! [`backends`] lists the backends a test should run on.
//!
//! `TestServer::start_tls()` serves https on `https://127.0.0.1:PORT` with a
//! certificate of the test CA ([`test_ca`], made once under `target/tmp` by the code of
//! `entente dev-cert`); its `http` client trusts that CA, and
//! [`TestServer::tls_ca_file`] names the CA file for third-party clients
//! (`REQUESTS_CA_BUNDLE`, `SSL_CERT_FILE`, `NODE_EXTRA_CA_CERTS`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use anyhow::Context;
use entente::config::{Config, LogFormat};
use entente::server::{self, RunningServer};
use entente::tls::dev_cert::DevCa;
use entente::tls::{PairFiles, TlsSettings};
use entente_domain::Services;
use entente_domain::mail::open_record;
use entente_domain::setup::{BootstrapOutcome, Bootstrapped, NewTenant};

pub mod faults;
pub mod python;
pub mod saml;
pub mod smtp;

pub use entente_domain;
pub use entente_storage;
use entente_storage::{OutboxRecord, OutboxStatus};

/// The password of the administrator every test server is bootstrapped with.
pub const ADMIN_PASSWORD: &str = "correct horse battery staple";
pub const ADMIN_EMAIL: &str = "admin@contoso.com";

/// Which database a test server runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// SQLite always; PostgreSQL too when `ENTENTE_TEST_POSTGRES` is set.
pub fn backends() -> Vec<Backend> {
    let mut all = vec![Backend::Sqlite];
    if std::env::var("ENTENTE_TEST_POSTGRES").is_ok_and(|v| !v.is_empty()) {
        all.push(Backend::Postgres);
    }
    all
}

/// A running server with a bootstrapped first tenant ("Contoso").
pub struct TestServer {
    /// The deployment's public URL: issuers, audiences and links are built from it.
    pub base_url: String,
    /// Where this node listens; the same as `base_url` except for a second node.
    pub node_url: String,
    config: Config,
    bootstrapped: Option<Bootstrapped>,
    pub services: Services,
    pub http: reqwest::Client,
    pub backend: Backend,
    running: Option<RunningServer>,
    scratch: PathBuf,
    postgres_database: Option<String>,
}

/// How often a test server over https looks at its certificate files: often, so
/// reload tests do not wait the production 2 s twice.
pub const TEST_TLS_RELOAD_INTERVAL: Duration = Duration::from_millis(200);

/// The CA of every test server's certificate, made once (by `entente dev-cert`'s code)
/// in `target/tmp/tls-test-ca/` and kept across runs, so its `ca.pem` is a stable
/// path for third-party clients to trust.
pub fn test_ca() -> &'static DevCa {
    static CA: OnceLock<DevCa> = OnceLock::new();
    CA.get_or_init(|| {
        let dir = python::venv_parent().join("tls-test-ca");
        match DevCa::open_or_create(&dir, now()) {
            Ok(ca) => ca,
            Err(e) => panic!("making the test CA in {}: {e:#}", dir.display()),
        }
    })
}

/// Writes a new certificate of the test CA for `hosts` (and its key) to `files`, the
/// key first, each file whole. Returns the certificate's DER.
pub fn write_test_certificate(files: &PairFiles, hosts: &[&str]) -> Vec<u8> {
    let hosts: Vec<String> = hosts.iter().map(|h| h.to_string()).collect();
    let issued = test_ca()
        .issue(&hosts, now())
        .expect("the test CA issues a certificate");
    write_whole(&files.key, issued.key_pem.as_bytes());
    write_whole(&files.cert, issued.cert_pem.as_bytes());
    issued.cert_der
}

/// Replaces `path` with `bytes` at once (written aside, then renamed), as deployment
/// tools do, so a reader sees the old file or the new one.
pub fn write_whole(path: &std::path::Path, bytes: &[u8]) {
    let aside = path.with_extension(format!("new-{}", uuid::Uuid::new_v4().simple()));
    std::fs::write(&aside, bytes).expect("writing a file aside");
    std::fs::rename(&aside, path).expect("renaming it into place");
}

impl TestServer {
    /// A SQLite-backed server.
    pub async fn start() -> TestServer {
        TestServer::start_on(Backend::Sqlite).await
    }

    pub async fn start_on(backend: Backend) -> TestServer {
        TestServer::start_configured(backend, true, |_| {}).await
    }

    /// A server with no tenant at all, as on first start.
    pub async fn start_empty(backend: Backend) -> TestServer {
        TestServer::start_configured(backend, false, |_| {}).await
    }

    /// A server whose domain verification asks the DNS server at `dns_server` (one the
    /// test runs on loopback) instead of the system's resolver.
    pub async fn start_with_dns(backend: Backend, dns_server: SocketAddr) -> TestServer {
        TestServer::start_configured(backend, true, |config| config.dns_server = Some(dns_server))
            .await
    }

    /// A server with the test kit's configuration changed by `configure`, bootstrapped
    /// with the tenant "Contoso" when `bootstrap` is set.
    pub async fn start_configured(
        backend: Backend,
        bootstrap: bool,
        configure: impl FnOnce(&mut Config),
    ) -> TestServer {
        match TestServer::try_start(backend, bootstrap, false, configure).await {
            Ok(server) => server,
            Err(e) => panic!("starting a test server on {backend:?}: {e:#}"),
        }
    }

    /// A server over https at `https://127.0.0.1:PORT`, with a certificate of the
    /// test CA for `localhost`, `127.0.0.1` and `::1`, bootstrapped with "Contoso".
    pub async fn start_tls(backend: Backend) -> TestServer {
        TestServer::start_tls_configured(backend, true, |_| {}).await
    }

    /// As [`TestServer::start_configured`], over https.
    pub async fn start_tls_configured(
        backend: Backend,
        bootstrap: bool,
        configure: impl FnOnce(&mut Config),
    ) -> TestServer {
        match TestServer::try_start(backend, bootstrap, true, configure).await {
            Ok(server) => server,
            Err(e) => panic!("starting a test server over https on {backend:?}: {e:#}"),
        }
    }

    async fn try_start(
        backend: Backend,
        bootstrap: bool,
        tls: bool,
        configure: impl FnOnce(&mut Config),
    ) -> anyhow::Result<TestServer> {
        let scratch = scratch_dir();
        std::fs::create_dir_all(&scratch)?;
        let (database_url, postgres_database) = match backend {
            Backend::Sqlite => (
                format!("sqlite://{}", scratch.join("entente.db").display()),
                None,
            ),
            Backend::Postgres => {
                let (url, name) = fresh_postgres_database().await?;
                (url, Some(name))
            }
        };
        // Bind first to learn the port, so the public URL (and so the issuer) is right.
        let probe = std::net::TcpListener::bind("127.0.0.1:0")?;
        let port = probe.local_addr()?.port();
        drop(probe);
        let tls = if tls {
            let files = PairFiles {
                cert: scratch.join("tls-cert.pem"),
                key: scratch.join("tls-key.pem"),
            };
            write_test_certificate(&files, &entente::tls::dev_cert::DEFAULT_HOSTS);
            Some(TlsSettings {
                files,
                development: false,
                reload_interval: TEST_TLS_RELOAD_INTERVAL,
            })
        } else {
            None
        };
        let scheme = if tls.is_some() { "https" } else { "http" };
        let mut config = Config {
            listen: format!("127.0.0.1:{port}"),
            public_url: format!("{scheme}://127.0.0.1:{port}"),
            database_url,
            data_dir: scratch.clone(),
            master_key: None,
            master_key_file: scratch.join("master.key"),
            initial_domain_suffix: "entente.test".to_owned(),
            log_format: LogFormat::Pretty,
            dns_server: None,
            signing_algorithm: entente_domain::keys::SigningAlgorithm::Es256,
            trusted_proxies: Vec::new(),
            smtp_url: None,
            mail_sender: entente_domain::mail::MailSender::PerTenant {
                address: "no-reply@entente.test".to_owned(),
            },
            mail_worker: true,
            // The lifecycle's tests move the clock themselves: a tick at the real
            // time in the middle of one would take the steps it is about to take.
            lifecycle_worker: false,
            connections: entente::connections::ConnectionLimits::default(),
            // Partners' providers in the tests (node oidc-provider, pysaml2, other test
            // servers) run on loopback; tests of the production default turn it off.
            federation_allow_private_networks: true,
            store: entente_storage::StoreOptions::default(),
            tls,
        };
        configure(&mut config);
        let running = server::start(&config).await?;
        let services = running.services.clone();
        let created = if bootstrap {
            let request = NewTenant {
                tenant_name: "Contoso".to_owned(),
                admin_email: ADMIN_EMAIL.to_owned(),
                admin_password: ADMIN_PASSWORD.to_owned(),
                admin_display_name: None,
            };
            match entente_domain::setup::bootstrap(&services, request, now()).await {
                Ok(BootstrapOutcome::Created(created)) => Some(created),
                Ok(BootstrapOutcome::AlreadyBootstrapped) => {
                    anyhow::bail!("fresh database was already bootstrapped")
                }
                Err(e) => anyhow::bail!("bootstrap: {e}"),
            }
        } else {
            None
        };
        let http = http_client(config.tls.is_some())?;
        Ok(TestServer {
            base_url: config.public_url.clone(),
            node_url: config.public_url.clone(),
            config,
            bootstrapped: created,
            services,
            http,
            backend,
            running: Some(running),
            scratch,
            postgres_database,
        })
    }

    /// The CA file clients must trust when this server serves https (PEM; usable as
    /// `REQUESTS_CA_BUNDLE`, `SSL_CERT_FILE` or `NODE_EXTRA_CA_CERTS`), else `None`.
    pub fn tls_ca_file(&self) -> Option<PathBuf> {
        self.config.tls.as_ref().map(|_| test_ca().ca_file())
    }

    /// The certificate and key files this server watches, when it serves https.
    pub fn tls_files(&self) -> Option<&PairFiles> {
        self.config.tls.as_ref().map(|tls| &tls.files)
    }

    /// This node's data directory (a scratch directory), where the file outbox lives.
    pub fn data_dir(&self) -> &std::path::Path {
        &self.config.data_dir
    }

    /// A tenant's queued emails as their recipients read them: the stored bodies are
    /// sealed (and emptied once sent), so a pending one is opened with the master key
    /// and a sent one is read back from the file outbox it was delivered to.
    pub async fn outbox(&self, tenant: entente_model::TenantId) -> Vec<OutboxRecord> {
        let mut conn = self.services.store.read().await.expect("read");
        let stored = conn.db().list_outbox(tenant, None).await.expect("outbox");
        drop(conn);
        stored
            .into_iter()
            .map(|m| {
                let mut m = open_record(&self.services.master, m).expect("the body opens");
                if m.status == OutboxStatus::Sent {
                    let file = self.data_dir().join(format!("outbox/{}.eml", m.id));
                    let sent = smtp::parse_email(std::fs::read(&file).expect("the .eml file"));
                    m.text_body = sent.text.unwrap_or_default();
                    m.html_body = sent.html;
                }
                m
            })
            .collect()
    }

    /// The deployment's database, for a test that opens a second store on it.
    pub fn database_url(&self) -> &str {
        &self.config.database_url
    }

    /// A URL of this node.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.node_url, path)
    }

    /// Another node of the same deployment, as behind a load balancer: the same
    /// database, master key and public URL, but its own port, process state and
    /// caches. Stopping it leaves the database to the first node.
    pub async fn start_second_node(&self) -> TestServer {
        let scratch = scratch_dir();
        std::fs::create_dir_all(&scratch).expect("scratch directory");
        let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let port = probe.local_addr().expect("address").port();
        drop(probe);
        let config = Config {
            listen: format!("127.0.0.1:{port}"),
            data_dir: scratch.clone(),
            ..self.config.clone()
        };
        let running = server::start(&config)
            .await
            .expect("the second node starts");
        let scheme = if config.tls.is_some() {
            "https"
        } else {
            "http"
        };
        TestServer {
            base_url: self.base_url.clone(),
            node_url: format!("{scheme}://127.0.0.1:{port}"),
            config,
            bootstrapped: self.bootstrapped.clone(),
            services: running.services.clone(),
            http: self.http.clone(),
            backend: self.backend,
            running: Some(running),
            scratch,
            postgres_database: None,
        }
    }

    /// The setup link printed at start, when the server started with no tenant.
    pub fn setup_url(&self) -> Option<&str> {
        self.running.as_ref().and_then(|r| r.setup_url.as_deref())
    }

    /// What bootstrap made: the tenant "Contoso", its admin and API application.
    pub fn bootstrap(&self) -> &Bootstrapped {
        self.bootstrapped
            .as_ref()
            .expect("this test server was started without a tenant")
    }

    /// The issuer of the bootstrapped tenant.
    pub fn issuer(&self) -> &str {
        &self.bootstrap().issuer
    }

    /// A client credentials token for the directory API, from the bootstrap application.
    pub async fn api_token(&self) -> String {
        let response = self
            .http
            .post(format!(
                "{}/{}/oauth2/v2.0/token",
                self.base_url,
                self.bootstrap().tenant_id
            ))
            .basic_auth(
                &self.bootstrap().client_id,
                Some(&self.bootstrap().client_secret),
            )
            .form(&[
                ("grant_type", "client_credentials"),
                ("scope", &format!("{}/.default", self.base_url)),
            ])
            .send()
            .await
            .expect("token request");
        let status = response.status();
        let body: serde_json::Value = response.json().await.expect("token response is JSON");
        assert_eq!(status, 200, "token endpoint said {body}");
        body["access_token"]
            .as_str()
            .expect("access_token")
            .to_owned()
    }

    /// Stops the server and removes its scratch directory and database.
    pub async fn stop(mut self) {
        if let Some(running) = self.running.take() {
            let _ = running.stop().await;
        }
        let _ = std::fs::remove_dir_all(&self.scratch);
        if let Some(name) = self.postgres_database.take() {
            drop_postgres_database(&name).await;
        }
    }
}

/// The test servers' client: redirects are not followed; over https it trusts the
/// test CA only (and speaks HTTP/2 or HTTP/1.1, as ALPN settles).
fn http_client(tls: bool) -> anyhow::Result<reqwest::Client> {
    let mut builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
    if tls {
        builder = builder.tls_certs_only([test_ca_certificate()?]);
    }
    builder.build().context("http client")
}

/// The test CA as a `reqwest` root certificate, for clients a test builds itself.
pub fn test_ca_certificate() -> anyhow::Result<reqwest::Certificate> {
    let pem = std::fs::read(test_ca().ca_file()).context("reading the test CA")?;
    reqwest::Certificate::from_pem(&pem).context("the test CA's certificate")
}

/// The current time in Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn scratch_dir() -> PathBuf {
    let unique = uuid::Uuid::new_v4().simple().to_string();
    std::env::temp_dir().join("entente-tests").join(unique)
}

/// Creates an empty database on the PostgreSQL server of `ENTENTE_TEST_POSTGRES`.
async fn fresh_postgres_database() -> anyhow::Result<(String, String)> {
    let admin_url =
        std::env::var("ENTENTE_TEST_POSTGRES").context("ENTENTE_TEST_POSTGRES is not set")?;
    let name = format!("entente_test_{}", uuid::Uuid::new_v4().simple());
    let store = entente_storage::Store::connect(&admin_url)
        .await
        .context("connecting to ENTENTE_TEST_POSTGRES")?;
    store.create_scratch_database(&name).await?;
    store.close().await;
    let url = replace_database(&admin_url, &name);
    Ok((url, name))
}

async fn drop_postgres_database(name: &str) {
    let Ok(admin_url) = std::env::var("ENTENTE_TEST_POSTGRES") else {
        return;
    };
    if let Ok(store) = entente_storage::Store::connect(&admin_url).await {
        let _ = store.drop_scratch_database(name).await;
        store.close().await;
    }
}

/// `postgres://host:port/db?x` with the database name replaced.
fn replace_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let path_start = base[scheme_end..]
        .find('/')
        .map(|i| i + scheme_end)
        .unwrap_or(base.len());
    format!("{}/{}{}", &base[..path_start], database, query)
}

/// A registered application, as a test needs it.
pub struct TestApp {
    pub id: entente_model::AppId,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub redirect_uri: String,
}

/// A member user with a password.
pub struct TestUser {
    pub id: entente_model::UserId,
    pub email: String,
    pub password: String,
}

impl TestServer {
    /// Registers an application in the bootstrapped tenant straight through the store
    /// (the directory API has its own tests); confidential ones get a secret.
    pub async fn register_app(
        &self,
        name: &str,
        redirect_uri: &str,
        public_client: bool,
    ) -> TestApp {
        self.register_app_in(
            self.bootstrap().tenant_id,
            name,
            redirect_uri,
            public_client,
        )
        .await
    }

    /// Registers an application in any tenant, as [`TestServer::register_app`] does.
    pub async fn register_app_in(
        &self,
        tenant: entente_model::TenantId,
        name: &str,
        redirect_uri: &str,
        public_client: bool,
    ) -> TestApp {
        let services = &self.services;
        let app = entente_model::Application {
            id: entente_model::AppId::new_id(),
            tenant_id: tenant,
            client_id: uuid::Uuid::new_v4().to_string(),
            display_name: name.to_owned(),
            public_client,
            redirect_uris: vec![redirect_uri.to_owned()],
            home_page_url: None,
            logo_url: None,
            app_roles: Vec::new(),
            jwks: None,
            created_at: now(),
            assignment_required: false,
            multiple_orgs: false,
        };
        let mut tx = services.store.write().await.expect("write");
        tx.db()
            .insert_application(&app)
            .await
            .expect("insert application");
        let secret = if public_client {
            None
        } else {
            let minted =
                entente_domain::directory::mint_client_secret(services, app.id, None, now(), 3600);
            tx.db()
                .insert_client_secret(tenant, &minted.info, &minted.hash)
                .await
                .expect("insert secret");
            Some(minted.value)
        };
        tx.commit().await.expect("commit");
        TestApp {
            id: app.id,
            client_id: app.client_id,
            client_secret: secret,
            redirect_uri: redirect_uri.to_owned(),
        }
    }

    /// Creates a member of the bootstrapped tenant with a password.
    pub async fn create_member(&self, email: &str, display_name: &str, password: &str) -> TestUser {
        let services = &self.services;
        let tenant = self.bootstrap().tenant_id;
        let user = entente_model::User::new_member(
            tenant,
            email.to_owned(),
            Some(email.to_owned()),
            display_name.to_owned(),
            now(),
        );
        let hash =
            entente_domain::crypto::hash_password(password, &entente_domain::crypto::SystemEntropy);
        let mut tx = services.store.write().await.expect("write");
        tx.db()
            .insert_user(entente_storage::NewUser {
                user: &user,
                password_hash: Some(&hash),
            })
            .await
            .expect("insert user");
        tx.commit().await.expect("commit");
        TestUser {
            id: user.id,
            email: email.to_owned(),
            password: password.to_owned(),
        }
    }

    /// Signs in through the login page as a browser would (CSRF cookie and token, then
    /// the form) and returns the cookies to send with later requests (named
    /// `__Host-entente_…` under an https public URL, as the server sets them).
    pub async fn browser_sign_in(
        &self,
        login_url: &str,
        login: &str,
        password: &str,
    ) -> Result<(String, String), String> {
        let prefix = if self.base_url.starts_with("https://") {
            "__Host-"
        } else {
            ""
        };
        let csrf_name = format!("{prefix}entente_csrf");
        let session_name = format!("{prefix}entente_session");
        let page = self
            .http
            .get(login_url)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let csrf_cookie =
            set_cookie_value(&page, &csrf_name).ok_or("no CSRF cookie on the login page")?;
        let html = page.text().await.map_err(|e| e.to_string())?;
        let csrf = hidden_field(&html, "csrf").ok_or("no csrf field")?;
        let return_to = hidden_field(&html, "return_to").unwrap_or_default();
        let action = form_action(&html).ok_or("no form action")?;
        let response = self
            .http
            .post(self.url(&action))
            .header("cookie", format!("{csrf_name}={csrf_cookie}"))
            .form(&[
                ("login", login),
                ("password", password),
                ("csrf", &csrf),
                ("return_to", &return_to),
            ])
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if response.status() != 303 {
            return Err(format!(
                "sign-in answered {}: {}",
                response.status(),
                response.text().await.unwrap_or_default()
            ));
        }
        let session = set_cookie_value(&response, &session_name).ok_or("no session cookie")?;
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        Ok((
            format!("{csrf_name}={csrf_cookie}; {session_name}={session}"),
            location,
        ))
    }
}

/// The value a response sets for a cookie.
pub fn set_cookie_value(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// The value of a hidden form field in a page.
pub fn hidden_field(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html_unescape(&html[start..end]))
}

pub fn form_action(html: &str) -> Option<String> {
    let marker = "action=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html_unescape(&html[start..end]))
}

/// Decodes the character references a template engine writes into attributes.
fn html_unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let Some(end) = tail.find(';') else {
            out.push_str(tail);
            return out;
        };
        let entity = &tail[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => out.push(c),
            None => out.push_str(&tail[..=end]),
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

impl TestServer {
    /// Registers a JSON Web Key Set on an application, for `private_key_jwt`.
    pub async fn set_app_jwks(&self, app: entente_model::AppId, jwks: &str) {
        let tenant = self.bootstrap().tenant_id;
        let mut tx = self.services.store.write().await.expect("write");
        let mut record = tx
            .db()
            .application_by_id(tenant, app)
            .await
            .expect("read")
            .expect("the app exists");
        record.jwks = Some(jwks.to_owned());
        tx.db().update_application(&record).await.expect("update");
        tx.commit().await.expect("commit");
        self.services.cache.forget_tenant(tenant);
    }
}

impl TestServer {
    /// Disables a user as an admin would (through the store; the API has its own tests).
    pub async fn disable_user(&self, user: entente_model::UserId) {
        let tenant = self.bootstrap().tenant_id;
        let patch = entente_storage::UserPatch {
            account_enabled: Some(false),
            ..Default::default()
        };
        let mut tx = self.services.store.write().await.expect("write");
        tx.db()
            .update_user(tenant, user, &patch, now())
            .await
            .expect("update");
        tx.commit().await.expect("commit");
    }
}

impl TestServer {
    /// Plays the user of the device authorization grant: opens the verification link
    /// a device showed, signs in there, checks the page names the asking application,
    /// and allows or denies (`decision` is `allow` or `deny`). Returns the final page.
    /// The asking application is Entente's own command line.
    pub async fn answer_device_request(
        &self,
        verification_uri_complete: &str,
        login: &str,
        password: &str,
        decision: &str,
    ) -> String {
        self.answer_device_request_of(
            "Entente command line",
            verification_uri_complete,
            login,
            password,
            decision,
        )
        .await
    }

    /// As [`TestServer::answer_device_request`], for the application named `app`.
    pub async fn answer_device_request_of(
        &self,
        app: &str,
        verification_uri_complete: &str,
        login: &str,
        password: &str,
        decision: &str,
    ) -> String {
        let anonymous = self
            .http
            .get(verification_uri_complete)
            .send()
            .await
            .expect("device page");
        assert_eq!(
            anonymous.status(),
            303,
            "the device page needs a signed-in user"
        );
        let login_path = anonymous.headers()["location"]
            .to_str()
            .expect("location")
            .to_owned();
        let (cookies, back) = self
            .browser_sign_in(&self.url(&login_path), login, password)
            .await
            .expect("sign-in");
        assert!(back.contains("/device?user_code="), "{back}");
        let confirm = self
            .http
            .get(self.url(&back))
            .header("cookie", &cookies)
            .send()
            .await
            .expect("confirm page");
        assert_eq!(confirm.status(), 200);
        let html = confirm.text().await.expect("page");
        assert!(
            html.contains(app),
            "the page names who asks ({app}): {html}"
        );
        let form = [
            ("csrf", hidden_field(&html, "csrf").expect("csrf")),
            (
                "user_code",
                hidden_field(&html, "user_code").expect("user code"),
            ),
            ("decision", decision.to_owned()),
        ];
        let action = self.url(&format!("/{}/device", self.bootstrap().tenant_id));
        let done = self
            .http
            .post(action)
            .header("cookie", &cookies)
            .form(&form)
            .send()
            .await
            .expect("decision");
        assert_eq!(done.status(), 200);
        done.text().await.expect("page")
    }
}

impl TestServer {
    /// Tokens for a user through the authorization code flow of a confidential app:
    /// signs in on the login page, authorizes with `scope`, and exchanges the code.
    pub async fn user_tokens(
        &self,
        app: &TestApp,
        login: &str,
        password: &str,
        scope: &str,
    ) -> serde_json::Value {
        let tenant = self.bootstrap().tenant_id;
        let login_page = self.url(&format!("/{tenant}/login"));
        let (cookies, _) = self
            .browser_sign_in(&login_page, login, password)
            .await
            .expect("sign-in");
        let mut authorize =
            url::Url::parse(&self.url(&format!("/{tenant}/oauth2/v2.0/authorize"))).expect("url");
        authorize
            .query_pairs_mut()
            .append_pair("client_id", &app.client_id)
            .append_pair("response_type", "code")
            .append_pair("redirect_uri", &app.redirect_uri)
            .append_pair("scope", scope);
        let redirect = self
            .http
            .get(authorize)
            .header("cookie", &cookies)
            .send()
            .await
            .expect("authorize");
        let location = url::Url::parse(redirect.headers()["location"].to_str().expect("location"))
            .expect("url");
        let code = location
            .query_pairs()
            .find(|(k, _)| k == "code")
            .expect("a code")
            .1
            .into_owned();
        let secret = app.client_secret.clone().expect("a confidential app");
        let response = self
            .http
            .post(self.url(&format!("/{tenant}/oauth2/v2.0/token")))
            .basic_auth(&app.client_id, Some(&secret))
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", &app.redirect_uri),
            ])
            .send()
            .await
            .expect("token request");
        assert_eq!(response.status(), 200);
        response.json().await.expect("JSON")
    }
}

impl TestServer {
    /// The claims of a directory API access token of `tenant` for `oid`, as an
    /// application (`idtyp` "app") or a user ("user") holding `roles`, issued at
    /// `issued_at` for an hour; a user's token has every directory permission in its
    /// `scp`, as `.default` grants them. Tests change fields to make bad tokens.
    pub fn api_claims(
        &self,
        tenant: entente_model::TenantId,
        oid: uuid::Uuid,
        idtyp: &str,
        roles: &[&str],
        issued_at: i64,
    ) -> entente_domain::oauth::AccessClaims {
        entente_domain::oauth::AccessClaims {
            iss: self.services.settings.issuer(tenant),
            sub: oid.to_string(),
            aud: self.base_url.clone(),
            exp: issued_at + 3600,
            iat: issued_at,
            nbf: issued_at,
            jti: uuid::Uuid::new_v4().to_string(),
            oid: oid.to_string(),
            tid: tenant.to_string(),
            azp: "test".into(),
            idtyp: idtyp.into(),
            // A user's token as `.default` grants it: every directory permission the
            // user's roles may hold (the API takes what the roles hold at call time).
            scp: (idtyp == "user").then(|| {
                std::iter::once("User.Read")
                    .chain(
                        entente_domain::access::DIRECTORY_PERMISSIONS
                            .iter()
                            .map(|(_, name)| *name),
                    )
                    .collect::<Vec<_>>()
                    .join(" ")
            }),
            roles: roles.iter().map(|r| r.to_string()).collect(),
            wids: Vec::new(),
            name: None,
            preferred_username: None,
            email: None,
            groups: None,
            idp: None,
            altsecid: None,
            ver: "2.0".into(),
        }
    }

    /// Signs claims with the server's current key, as the token endpoint would.
    pub fn sign(&self, claims: &entente_domain::oauth::AccessClaims) -> String {
        self.services
            .keys
            .sign(claims, now())
            .expect("signing a test token")
    }

    /// Sends a request (a path of this node, or a full URL) with an optional bearer
    /// token and JSON body; answers the status and the JSON body (null when empty).
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        bearer: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> (reqwest::StatusCode, serde_json::Value) {
        let url = if path.starts_with("http") {
            path.to_owned()
        } else {
            self.url(path)
        };
        let mut request = self.http.request(method, url);
        if let Some(bearer) = bearer {
            request = request.bearer_auth(bearer);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        let text = response.text().await.expect("body");
        let value = if text.is_empty() {
            serde_json::Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("{status}: {text}"))
        };
        (status, value)
    }
}

impl TestServer {
    /// A partner's home tenant, made straight in the store: it has proven `domain`
    /// (as a DNS TXT check would have) and holds one member, `email`, who signs in with
    /// `password`; with `mfa_required` its members must use a second factor.
    pub async fn partner_tenant(
        &self,
        name: &str,
        domain: &str,
        email: &str,
        password: &str,
        mfa_required: bool,
    ) -> entente_model::User {
        let tenant = entente_model::Tenant {
            mfa_required,
            ..entente_model::Tenant::new(
                entente_model::TenantId::new_id(),
                name.to_owned(),
                format!(
                    "{}-{}.entente.test",
                    name.to_lowercase(),
                    uuid::Uuid::new_v4().simple()
                ),
                now(),
            )
        };
        let user = entente_model::User::new_member(
            tenant.id,
            email.to_owned(),
            Some(email.to_owned()),
            name.to_owned(),
            now(),
        );
        let hash =
            entente_domain::crypto::hash_password(password, &entente_domain::crypto::SystemEntropy);
        let mut tx = self.services.store.write().await.expect("write");
        let mut db = tx.db();
        db.insert_tenant(&tenant).await.expect("tenant");
        db.insert_tenant_domain(tenant.id, domain, "proof", now())
            .await
            .expect("domain");
        db.set_tenant_domain_verified(tenant.id, domain, now())
            .await
            .expect("verified");
        db.insert_user(entente_storage::NewUser {
            user: &user,
            password_hash: Some(&hash),
        })
        .await
        .expect("user");
        tx.commit().await.expect("commit");
        user
    }
}
