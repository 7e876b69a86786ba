//! Starting a server: open the database, migrate, load the master key and signing
//! keys, offer the setup link on an empty deployment, and serve HTTP until told to stop.
//!
//! It also holds the one piece of the program that reaches DNS: `HickoryTxtResolver`,
//! the `TxtResolver` domain verification uses. Background tasks start here too: key
//! refresh, planner statistics and the email delivery worker (see `crate::mail`).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use entente_domain::crypto::{MasterKey, SystemEntropy};
use entente_domain::domains::{TxtLookup, TxtResolver};
use entente_domain::{Services, Settings};
use entente_http::AppState;
use entente_storage::Store;
use hickory_resolver::TokioResolver;
use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolverConfig};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::{Name, RData, RecordType};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::config::Config;

/// How often each node reloads (and if due, rotates) the signing keys.
const KEY_REFRESH_INTERVAL: Duration = Duration::from_secs(300);
/// How often each node refreshes planner statistics and removes expired rows.
const MAINTENANCE_INTERVAL: Duration = Duration::from_secs(3600);
/// How often the guest lifecycle's due steps (reminders, blocks, deletes) are taken.
const LIFECYCLE_INTERVAL: Duration = Duration::from_secs(60);
/// How often this node writes the non-interactive sign-ins it noted.
const ACTIVITY_FLUSH_INTERVAL: Duration = Duration::from_secs(15);
const CHECKPOINT_INTERVAL: Duration = Duration::from_secs(1);

/// A server that is accepting connections.
pub struct RunningServer {
    pub addr: SocketAddr,
    pub services: Services,
    pub setup_url: Option<String>,
    /// Turned true to stop accepting and close connections as they become idle.
    shutdown: watch::Sender<bool>,
    task: JoinHandle<std::io::Result<()>>,
    /// This node's email delivery worker, when it runs one.
    mail_worker: Option<crate::mail::DeliveryWorker>,
}

/// How long stopping waits for the delivery worker's messages on the wire; messages
/// cut off then are handed back (see `DeliveryWorker::stop`).
const MAIL_STOP_GRACE: Duration = Duration::from_secs(10);

/// How long stopping waits for requests in flight before cutting them off: within
/// the 30 s an orchestrator (Kubernetes, systemd) gives a process between SIGTERM and
/// SIGKILL, with time left to close the database.
const REQUEST_STOP_GRACE: Duration = Duration::from_secs(20);

impl RunningServer {
    /// Stops accepting, finishes requests in flight (for at most
    /// [`REQUEST_STOP_GRACE`]), meanwhile stops the delivery worker and hands back the
    /// emails it claimed but did not send, then checkpoints and closes the database.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        let _ = self.shutdown.send(true);
        let mail = async {
            if let Some(worker) = self.mail_worker.take() {
                worker.stop(MAIL_STOP_GRACE).await;
            }
        };
        let task = &mut self.task;
        let requests = async {
            match tokio::time::timeout(REQUEST_STOP_GRACE, &mut *task).await {
                Ok(served) => served.context("server task")?.context("serving"),
                Err(_) => {
                    tracing::warn!(
                        grace_seconds = REQUEST_STOP_GRACE.as_secs(),
                        "requests still in flight at the end of the shutdown grace were cut off"
                    );
                    task.abort();
                    Ok(())
                }
            }
        };
        let (served, ()) = tokio::join!(requests, mail);
        // The non-interactive sign-ins noted since the last flush.
        if let Err(error) = entente_domain::activity::flush(&self.services).await {
            tracing::warn!(%error, "writing the sign-in activity at shutdown failed");
        }
        // Copies the write-ahead log into the database before the last connection
        // closes (which then removes the log), so the files left are whole by themselves.
        if let Err(error) = self.services.store.checkpoint().await {
            tracing::warn!(%error, "checkpointing the write-ahead log at shutdown failed");
        }
        self.services.store.close().await;
        served
    }

    /// Serves until the process gets Ctrl-C or SIGTERM.
    pub async fn run_until_signal(self) -> anyhow::Result<()> {
        shutdown_signal().await;
        tracing::info!("shutting down");
        self.stop().await
    }
}

/// Opens the store named by the configuration, creating the data directory for SQLite
/// (private to its owner, 0700: it holds the database and the file outbox).
pub async fn open_store(config: &Config) -> anyhow::Result<Store> {
    if config.database_url.starts_with("sqlite:") {
        crate::mail::create_private_dir(&config.data_dir).with_context(|| {
            format!("creating the data directory {}", config.data_dir.display())
        })?;
    }
    // The store's errors name the database (the file, or the server) and the cause.
    let store = Store::connect_with(&config.database_url, config.store).await?;
    store
        .migrate()
        .await
        .with_context(|| format!("migrating {}", store.target()))?;
    store
        .optimize()
        .await
        .context("refreshing query planner statistics")?;
    Ok(store)
}

/// Builds the services over an open store, with keys loaded.
pub async fn services(config: &Config, store: Store) -> anyhow::Result<Services> {
    let master = load_master_key(config)?;
    let mut settings = Settings::new(&config.public_url);
    settings.initial_domain_suffix = config.initial_domain_suffix.clone();
    settings.signing_algorithm = config.signing_algorithm;
    settings.mail_sender = config.mail_sender.clone();
    // Without an SMTP server emails land in files; the link in the log lets someone
    // trying Entente out follow an invitation without opening them.
    settings.log_invitation_links = config.smtp_url.is_none();
    settings.mail_to_files = config.smtp_url.is_none();
    let resolver = Arc::new(HickoryTxtResolver::new(config.dns_server));
    let federation =
        crate::federation::HttpFederationClient::new(config.federation_allow_private_networks);
    let services = Services::new(store, master, settings, Arc::new(SystemEntropy), resolver)
        .with_federation_client(Arc::new(federation));
    services
        .refresh_keys(entente_http::now())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("loading token signing keys")?;
    entente_domain::address_rewrite::rewrite_stored_names(&services)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("rewriting stored domains and addresses in canonical form")?;
    Ok(services)
}

/// Starts serving on the configured address.
pub async fn start(config: &Config) -> anyhow::Result<RunningServer> {
    let (shutdown, on_shutdown) = watch::channel(false);
    // A certificate that cannot be served stops the start before anything else, with
    // the file and the fault in one line.
    let tls = match &config.tls {
        Some(settings) => {
            if config.public_url.starts_with("http://") {
                tracing::warn!(
                    public_url = %config.public_url,
                    "serving https, but the public URL is http://: issuers and links will name http"
                );
            }
            Some(crate::tls::Tls::start(
                settings,
                &config.public_url,
                on_shutdown.clone(),
            )?)
        }
        None => None,
    };
    let listener = TcpListener::bind(&config.listen)
        .await
        .with_context(|| format!("listening on {}", config.listen))?;
    let addr = listener.local_addr()?;
    let mailer = crate::mail::mailer_for(config)?;
    let store = open_store(config).await?;
    let services = services(config, store).await?;
    let setup_url =
        match entente_domain::setup::issue_setup_token(&services, entente_http::now()).await {
            Ok(Some(token)) => Some(format!("{}/setup?token={token}", config.public_url)),
            Ok(None) => None,
            Err(e) => anyhow::bail!("creating the setup link: {e}"),
        };
    if let Some(url) = &setup_url {
        tracing::warn!(
            "no tenant exists yet: open {url} within {} minutes to create the first tenant and its administrator",
            entente_domain::setup::SETUP_TOKEN_LIFETIME / 60
        );
    }
    spawn_key_refresh(services.clone());
    spawn_maintenance(services.clone());
    if config.lifecycle_worker {
        spawn_lifecycle(services.clone());
    }
    spawn_activity_flush(services.clone());
    spawn_checkpointer(services.clone());
    let mail_worker = config.mail_worker.then(|| {
        let node = crate::mail::node_name(&config.data_dir, &SystemEntropy);
        crate::mail::spawn_delivery_worker(services.clone(), mailer, &node)
    });
    let state = AppState::new(services.clone(), config.trusted_proxies.clone());
    if let Some(tls) = &tls {
        state.metrics.add_report(tls.served());
    }
    let app = entente_http::app(state);
    let scheme = if tls.is_some() { "https" } else { "http" };
    let task = tokio::spawn(crate::connections::serve(
        listener,
        app,
        config.connections,
        tls,
        on_shutdown,
    ));
    tracing::info!(%addr, %scheme, public_url = %config.public_url, "Entente is listening");
    crate::allocator::settle();
    Ok(RunningServer {
        addr,
        services,
        setup_url,
        shutdown,
        task,
        mail_worker,
    })
}

fn spawn_key_refresh(services: Services) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(KEY_REFRESH_INTERVAL);
        interval.tick().await;
        loop {
            interval.tick().await;
            if let Err(e) = services.refresh_keys(entente_http::now()).await {
                tracing::error!(error = %e, "refreshing signing keys failed");
            }
        }
    });
}

/// Every second, copies SQLite's write-ahead log into the database file, so that no
/// request's commit pays for it (see `Store::checkpoint`).
fn spawn_checkpointer(services: Services) {
    if services.store.backend() != entente_storage::Backend::Sqlite {
        return;
    }
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(CHECKPOINT_INTERVAL);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            if let Err(e) = services.store.checkpoint().await {
                tracing::warn!(error = %e, "checkpointing the write-ahead log failed");
            }
        }
    });
}

/// Hourly upkeep: keeps the query planner's statistics current as the directory
/// grows, and removes rows whose time is over.
fn spawn_maintenance(services: Services) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(MAINTENANCE_INTERVAL);
        interval.tick().await;
        loop {
            interval.tick().await;
            if let Err(e) = services.store.optimize().await {
                tracing::warn!(error = %e, "refreshing query planner statistics failed");
            }
            match entente_domain::housekeeping::purge_expired(&services, entente_http::now()).await
            {
                Ok(purged) => tracing::info!(?purged, "removed expired rows"),
                Err(e) => tracing::warn!(error = %e, "removing expired rows failed"),
            }
        }
    });
}

/// Writes the non-interactive sign-ins noted by this node every few seconds: one
/// transaction for all of them instead of a write per token grant.
fn spawn_activity_flush(services: Services) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(ACTIVITY_FLUSH_INTERVAL);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            if let Err(e) = entente_domain::activity::flush(&services).await {
                tracing::warn!(error = %e, "writing the sign-in activity failed; kept for the next try");
            }
        }
    });
}

/// Every minute: the guest lifecycle's steps whose time has come (decision 0015), and
/// the access reviews' (decision 0016).
/// Each is taken by one node only, so every node runs this.
fn spawn_lifecycle(services: Services) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(LIFECYCLE_INTERVAL);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            match entente_domain::lifecycle::run_due(&services, entente_http::now()).await {
                Ok(0) => {}
                Ok(taken) => tracing::info!(taken, "took due guest lifecycle steps"),
                Err(e) => tracing::warn!(error = %e, "taking due guest lifecycle steps failed"),
            }
            match entente_domain::inactivity::run(&services, entente_http::now()).await {
                Ok(0) => {}
                Ok(taken) => tracing::info!(taken, "reported or moved on inactive guests"),
                Err(e) => tracing::warn!(error = %e, "the inactive-guest policy's run failed"),
            }
            match entente_domain::reviews::run_due(&services, entente_http::now()).await {
                Ok(0) => {}
                Ok(taken) => tracing::info!(taken, "took due access review steps"),
                Err(e) => tracing::warn!(error = %e, "taking due access review steps failed"),
            }
        }
    });
}

/// The master key from the configuration, or from its file; on first start with
/// neither, a new one is made and written to the file, readable by the owner only.
pub fn load_master_key(config: &Config) -> anyhow::Result<MasterKey> {
    if let Some(text) = &config.master_key {
        return MasterKey::from_base64(text).context("ENTENTE_MASTER_KEY");
    }
    let path = &config.master_key_file;
    if path.exists() {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        return MasterKey::from_base64(&text)
            .with_context(|| format!("the master key in {}", path.display()));
    }
    if let Some(parent) = path.parent() {
        crate::mail::create_private_dir(parent)?;
    }
    let (key, text) = MasterKey::generate(&SystemEntropy);
    write_private(path, &text).with_context(|| format!("writing {}", path.display()))?;
    tracing::info!(path = %path.display(), "generated a new master key");
    Ok(key)
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

/// Looks TXT records up with Hickory DNS: through one name server when the deployment
/// names one (`dns_server`), otherwise as the system's resolver configuration says.
#[derive(Clone)]
struct HickoryTxtResolver {
    /// `Err` holds why no resolver could be made (say, no `/etc/resolv.conf`): the
    /// server still starts, logs the reason, and each verification says it cannot look.
    resolver: Result<TokioResolver, String>,
}

impl std::fmt::Debug for HickoryTxtResolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HickoryTxtResolver")
            .field("ready", &self.resolver.is_ok())
            .finish()
    }
}

impl HickoryTxtResolver {
    fn new(name_server: Option<SocketAddr>) -> HickoryTxtResolver {
        let builder = match name_server {
            Some(addr) => {
                let connections = [ConnectionConfig::udp(), ConnectionConfig::tcp()]
                    .into_iter()
                    .map(|mut connection| {
                        connection.port = addr.port();
                        connection
                    })
                    .collect();
                let server = NameServerConfig::new(addr.ip(), true, connections);
                Ok(TokioResolver::builder_with_config(
                    ResolverConfig::from_name_servers(vec![server]),
                    TokioRuntimeProvider::default(),
                ))
            }
            None => TokioResolver::builder_tokio().map_err(|e| e.to_string()),
        };
        let resolver = builder.and_then(|mut builder| {
            // An admin verifies right after publishing the record, often after a first
            // try that found nothing; a cached "no such record" would keep failing them.
            builder.options_mut().cache_size = 0;
            builder.build().map_err(|e| e.to_string())
        });
        if let Err(error) = &resolver {
            tracing::warn!(%error, "no DNS resolver: domains cannot be verified until dns_server is set");
        }
        HickoryTxtResolver { resolver }
    }
}

impl TxtResolver for HickoryTxtResolver {
    fn txt(&self, name: &str) -> TxtLookup<'_> {
        // Fully qualified, so the system's search domains are never appended.
        let fqdn = format!("{}.", name.trim_end_matches('.'));
        Box::pin(async move {
            // Why a lookup failed is logged here; the caller's message stays free of
            // the deployment's name servers and files.
            let resolver = self
                .resolver
                .as_ref()
                .map_err(|_| "this server has no DNS resolver configured".to_owned())?;
            let name = Name::from_ascii(&fqdn).map_err(|_| "not a DNS name".to_owned())?;
            match resolver.lookup(name, RecordType::TXT).await {
                Ok(lookup) => Ok(lookup
                    .answers()
                    .iter()
                    .filter_map(|record| match &record.data {
                        // A long TXT record is split into strings of at most 255 bytes;
                        // its text is their concatenation.
                        RData::TXT(txt) => Some(
                            txt.txt_data
                                .iter()
                                .map(|part| String::from_utf8_lossy(part))
                                .collect::<String>(),
                        ),
                        _ => None,
                    })
                    .collect()),
                Err(error) if error.is_no_records_found() || error.is_nx_domain() => Ok(Vec::new()),
                Err(error) => {
                    tracing::warn!(%error, name = %fqdn, "TXT lookup failed");
                    Err("the DNS servers gave no answer".to_owned())
                }
            }
        })
    }
}
