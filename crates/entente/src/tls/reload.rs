//! The certificate being served, swapped for a new pair when its files change.
//!
//! Every `reload_interval` (2 s) the two files are read. Once what they hold differs
//! from what was last loaded and has stayed the same for one more look (so a pair
//! written file by file, or a file still being written, is taken whole), the pair is
//! loaded: a good one serves every handshake from then on, while connections already
//! open keep the certificate they began with; a broken one is logged once (a warning
//! naming the file and the fault) and counted, the old pair stays, and the next change
//! is tried again. Polling rather than file-system events: it works the same for
//! files replaced by rename, for Kubernetes' secret volumes (a swapped symbolic link)
//! and on network file systems, for the cost of reading two small files.
//!
//! Each load checks the expiry: within [`EXPIRY_WARNING`], one warning; past it, one
//! error (the pair is still served: a renewed one can arrive by reload).

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use tokio::sync::watch;

use super::files::{Fingerprint, LoadedPair, PairError, PairFiles};

/// How long before its expiry a certificate is warned about at load.
pub const EXPIRY_WARNING: Duration = Duration::from_secs(14 * 24 * 3600);

/// The pair this node serves, and what `/metrics` tells of it.
#[derive(Debug)]
pub struct ServedCertificate {
    files: PairFiles,
    current: RwLock<Arc<CertifiedKey>>,
    not_after: AtomicI64,
    reloads_ok: AtomicU64,
    reloads_failed: AtomicU64,
    /// Whether the files on disk failed to load and an older pair is served.
    failing: AtomicBool,
    handshake_timeouts: AtomicU64,
    handshake_errors: AtomicU64,
}

/// Why a TLS handshake did not complete.
#[derive(Clone, Copy, Debug)]
pub enum HandshakeFailure {
    /// Not finished within the time allowed.
    Timeout,
    /// The client broke it off or spoke no TLS (or refused the certificate).
    Error,
}

impl ServedCertificate {
    /// Serves `pair`, read from `files` at `now` (Unix seconds).
    pub fn new(files: PairFiles, pair: LoadedPair, now: i64) -> ServedCertificate {
        announce(&files, &pair, now, "serving https");
        ServedCertificate {
            files,
            not_after: AtomicI64::new(pair.not_after),
            current: RwLock::new(pair.certified),
            reloads_ok: AtomicU64::new(0),
            reloads_failed: AtomicU64::new(0),
            failing: AtomicBool::new(false),
            handshake_timeouts: AtomicU64::new(0),
            handshake_errors: AtomicU64::new(0),
        }
    }

    /// The chain and key new handshakes are served.
    pub fn current(&self) -> Arc<CertifiedKey> {
        let current = self.current.read().unwrap_or_else(|e| e.into_inner());
        Arc::clone(&current)
    }

    pub fn files(&self) -> &PairFiles {
        &self.files
    }

    pub(super) fn count_handshake_failure(&self, failure: HandshakeFailure) {
        let counter = match failure {
            HandshakeFailure::Timeout => &self.handshake_timeouts,
            HandshakeFailure::Error => &self.handshake_errors,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    fn replace(&self, pair: LoadedPair, now: i64) {
        announce(&self.files, &pair, now, "reloaded the TLS certificate");
        self.not_after.store(pair.not_after, Ordering::Relaxed);
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = pair.certified;
        self.reloads_ok.fetch_add(1, Ordering::Relaxed);
        self.failing.store(false, Ordering::Relaxed);
    }

    fn reload_failed(&self, error: &PairError) {
        tracing::warn!(
            %error,
            "the TLS certificate files changed but cannot be served: still serving the previous certificate until they change again"
        );
        self.reloads_failed.fetch_add(1, Ordering::Relaxed);
        self.failing.store(true, Ordering::Relaxed);
    }
}

impl ResolvesServerCert for ServedCertificate {
    fn resolve(&self, _client_hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.current())
    }
}

impl entente_http::ops::Report for ServedCertificate {
    fn write_metrics(&self, out: &mut String) {
        use std::fmt::Write;
        let load = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        let _ = write!(
            out,
            "# HELP entente_tls_certificate_not_after_seconds When the certificate this node serves expires (Unix seconds).\n\
             # TYPE entente_tls_certificate_not_after_seconds gauge\n\
             entente_tls_certificate_not_after_seconds {}\n\
             # HELP entente_tls_reloads_total Loads of the certificate and key files after they changed, by result.\n\
             # TYPE entente_tls_reloads_total counter\n\
             entente_tls_reloads_total{{result=\"ok\"}} {}\n\
             entente_tls_reloads_total{{result=\"failed\"}} {}\n\
             # HELP entente_tls_reload_failing 1 while the files on disk cannot be served and the previous certificate still is.\n\
             # TYPE entente_tls_reload_failing gauge\n\
             entente_tls_reload_failing {}\n\
             # HELP entente_tls_handshake_failures_total TLS handshakes that did not complete, by reason (timeout: not within header_read_timeout).\n\
             # TYPE entente_tls_handshake_failures_total counter\n\
             entente_tls_handshake_failures_total{{reason=\"timeout\"}} {}\n\
             entente_tls_handshake_failures_total{{reason=\"error\"}} {}\n",
            self.not_after.load(Ordering::Relaxed),
            load(&self.reloads_ok),
            load(&self.reloads_failed),
            u8::from(self.failing.load(Ordering::Relaxed)),
            load(&self.handshake_timeouts),
            load(&self.handshake_errors),
        );
    }
}

/// Logs a pair taken into service, and warns of its expiry.
fn announce(files: &PairFiles, pair: &LoadedPair, now: i64, what: &str) {
    let expires = rfc3339(pair.not_after);
    tracing::info!(
        cert = %files.cert.display(),
        serial = %pair.serial,
        names = %pair.names.join(", "),
        %expires,
        "{what}"
    );
    let left = pair.not_after - now;
    if left <= 0 {
        tracing::error!(
            cert = %files.cert.display(),
            %expires,
            "the TLS certificate has expired: clients refuse it; replace the files (they are reloaded without a restart)"
        );
    } else if left < EXPIRY_WARNING.as_secs() as i64 {
        tracing::warn!(
            cert = %files.cert.display(),
            %expires,
            days_left = left / 86_400,
            "the TLS certificate expires within 14 days: renew it (the files are reloaded without a restart)"
        );
    }
}

pub(crate) fn rfc3339(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| unix.to_string())
}

/// Watches the files of `served` every `interval` until `shutdown` turns true; see
/// the module's documentation. `loaded` is the fingerprint of what it serves now.
pub fn spawn_reload(
    served: Arc<ServedCertificate>,
    loaded: Fingerprint,
    interval: Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    tokio::spawn(async move {
        let mut tried = loaded;
        let mut settling: Option<Fingerprint> = None;
        let mut ticks = tokio::time::interval(interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        ticks.tick().await;
        loop {
            tokio::select! {
                _ = shutdown.wait_for(|stop| *stop) => return,
                _ = ticks.tick() => {}
            }
            let files = served.files.clone();
            let Ok(read) = tokio::task::spawn_blocking(move || files.read()).await else {
                continue;
            };
            let seen = match &read {
                Ok(bytes) => bytes.fingerprint(),
                Err(error) => Fingerprint::of_failure(error),
            };
            if seen == tried {
                settling = None;
                continue;
            }
            if settling != Some(seen) {
                // Changed since the last look: wait one more, in case the other file
                // (or the rest of this one) is still being written.
                settling = Some(seen);
                continue;
            }
            settling = None;
            tried = seen;
            match read.and_then(|bytes| bytes.parse(&served.files)) {
                Ok(pair) => served.replace(pair, entente_http::now()),
                Err(error) => served.reload_failed(&error),
            }
        }
    });
}
