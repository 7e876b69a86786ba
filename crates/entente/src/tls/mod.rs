//! https on the server's own listener, for deployments with no proxy in front (and
//! clients such as Microsoft's MSAL, which refuse any `http://` authority).
//!
//! * `files`: reading the PEM certificate chain and private key, with one error that
//!   names the file and the fault. A bad pair at start refuses the start.
//! * `reload`: the served pair, replaced for new connections when its files change
//!   (they are polled), its expiry warned of, and its metrics.
//! * `dev_cert`: a local development CA and server certificates, for
//!   `entente dev-cert` and `entente serve --dev-tls`.
//!
//! [`Tls::handshake`] is what `connections` runs on each accepted socket before it
//! serves HTTP on it: TLS 1.2 or 1.3 with rustls on AWS-LC, ALPN `h2` then
//! `http/1.1`, and no longer than the header read time-out (as nginx bounds its
//! handshake by `client_header_timeout`), so a client that opens a socket and never
//! finishes the handshake holds its connection slot no longer than one that never
//! sends a request head. Handshakes run in the connection's own task, never in the
//! accept loop.

pub mod dev_cert;
pub mod files;
pub mod reload;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio_rustls::server::TlsStream;

pub use files::{LoadedPair, PairError, PairFiles};
pub use reload::ServedCertificate;

use reload::HandshakeFailure;

/// How often the certificate and key files are looked at for a change.
pub const DEFAULT_RELOAD_INTERVAL: Duration = Duration::from_secs(2);

/// How the server serves https.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlsSettings {
    pub files: PairFiles,
    /// The files are the development certificate in `<data-dir>/tls/`, made at
    /// start when missing (or renewed when it expires soon or misses a name).
    pub development: bool,
    /// How often the files are looked at for a change.
    pub reload_interval: Duration,
}

/// The https side of the listener: the certificate served and the handshake.
#[derive(Clone)]
pub struct Tls {
    acceptor: tokio_rustls::TlsAcceptor,
    served: Arc<ServedCertificate>,
}

impl Tls {
    /// Loads the pair (an error names the file and what is wrong with it) and watches
    /// its files until `shutdown`. A development certificate is made first if needed,
    /// for the host of `public_url` too.
    pub fn start(
        settings: &TlsSettings,
        public_url: &str,
        shutdown: watch::Receiver<bool>,
    ) -> anyhow::Result<Tls> {
        let now = entente_http::now();
        if settings.development {
            let dir = settings.files.cert.parent().unwrap_or(Path::new("."));
            let hosts: Vec<String> = dev_cert::public_url_host(public_url).into_iter().collect();
            let made = dev_cert::ensure(dir, &hosts, now).with_context(|| {
                format!("making the development certificate in {}", dir.display())
            })?;
            if made.issued {
                tracing::warn!(
                    ca = %made.ca_file.display(),
                    "made a development certificate for {}: clients must trust {} (REQUESTS_CA_BUNDLE for Python, NODE_EXTRA_CA_CERTS for Node.js; `entente dev-cert` prints every way)",
                    made.hosts.join(", "),
                    made.ca_file.display()
                );
            }
        }
        let bytes = settings.files.read()?;
        let pair = bytes.parse(&settings.files)?;
        let served = Arc::new(ServedCertificate::new(settings.files.clone(), pair, now));
        let mut config = rustls::ServerConfig::builder_with_provider(files::provider())
            .with_safe_default_protocol_versions()
            .context("TLS protocol versions")?
            .with_no_client_auth()
            .with_cert_resolver(Arc::clone(&served) as Arc<dyn rustls::server::ResolvesServerCert>);
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        reload::spawn_reload(
            Arc::clone(&served),
            bytes.fingerprint(),
            settings.reload_interval,
            shutdown,
        );
        Ok(Tls {
            acceptor: tokio_rustls::TlsAcceptor::from(Arc::new(config)),
            served,
        })
    }

    /// The certificate served, with its metrics.
    pub fn served(&self) -> Arc<ServedCertificate> {
        Arc::clone(&self.served)
    }

    /// The server's side of the handshake on an accepted socket, within `timeout`.
    /// `None` when it did not complete: counted, and logged at debug level (scanners
    /// and clients that do not trust the certificate fail here all day long).
    pub async fn handshake(
        &self,
        stream: TcpStream,
        peer: SocketAddr,
        timeout: Duration,
    ) -> Option<TlsStream<TcpStream>> {
        match tokio::time::timeout(timeout, self.acceptor.accept(stream)).await {
            Ok(Ok(stream)) => Some(stream),
            Ok(Err(error)) => {
                tracing::debug!(%peer, %error, "TLS handshake failed");
                self.served.count_handshake_failure(HandshakeFailure::Error);
                None
            }
            Err(_) => {
                tracing::debug!(%peer, "TLS handshake not finished in time");
                self.served
                    .count_handshake_failure(HandshakeFailure::Timeout);
                None
            }
        }
    }
}
