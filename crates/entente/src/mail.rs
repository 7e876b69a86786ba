//! The mailers: how queued email leaves this program, and the worker that drives them.
//!
//! [`SmtpMailer`] speaks SMTP (with `lettre`) to the server `smtp_url` names.
//! Without one, [`FileMailer`] writes each message as an `.eml` file into
//! `<data-dir>/outbox/` and logs where it went, so a new deployment can follow its
//! emails' links before mail is set up. Both write the same RFC 5322 message, whose
//! `Message-ID` is made from the outbox id: a copy resent after a crash carries the
//! same id as the first, so mail clients can tell the two are one email.
//!
//! The rules (what is due, back-off, giving up, halting while the server cannot be
//! reached) live in `entente_domain::mail`; this module turns a queued email into
//! bytes and hands them over, tells a server it cannot reach from a refused message,
//! and runs the worker: its node's name, the heartbeat on its claims, its stop.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, UNIX_EPOCH};

use anyhow::Context;
use entente_domain::Services;
use entente_domain::mail::{MailSend, Mailer, NextRound, QueuedEmail, SendError};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::transport::smtp::{AsyncSmtpTransportBuilder, PoolConfig};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::config::Config;

/// How often the worker looks for due email when nobody wakes it.
const POLL_INTERVAL: Duration = Duration::from_secs(2);
/// Messages claimed per round: four waves of concurrent sends. A round's claims are
/// renewed while it sends, so a slow server costs time, never a takeover.
const BATCH: u32 = 4 * entente_domain::mail::SEND_CONCURRENCY as u32;
/// The longest one SMTP command (or connecting) may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);
/// Connections kept open to the SMTP server: as many as the worker sends at once
/// (`entente_domain::mail::SEND_CONCURRENCY`).
const SMTP_POOL_SIZE: u32 = entente_domain::mail::SEND_CONCURRENCY as u32;

/// The mailer the configuration asks for: SMTP when `smtp_url` is set, else files.
pub fn mailer_for(config: &Config) -> anyhow::Result<Arc<dyn Mailer>> {
    match &config.smtp_url {
        Some(url) => Ok(Arc::new(SmtpMailer::from_url(url)?)),
        None => {
            let dir = config.data_dir.join("outbox");
            tracing::info!(dir = %dir.display(), "no smtp_url: emails are written to files");
            Ok(Arc::new(FileMailer::new(dir)))
        }
    }
}

/// This node's delivery worker: the task, its name (see [`node_name`]) and the switch
/// that stops it.
pub struct DeliveryWorker {
    name: String,
    store: entente_storage::Store,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl DeliveryWorker {
    /// Stops the worker: it starts no further message, hands back at once the
    /// messages it claimed but had not started, and gives those on the wire `grace`
    /// to finish. Whatever it still holds after that (sends cut off) is handed back
    /// too, pending with the attempt uncounted, so the next worker of any node sends
    /// them at once (with the same `Message-ID`, should one have gone out).
    pub async fn stop(mut self, grace: Duration) {
        let _ = self.stop.send(true);
        if tokio::time::timeout(grace, &mut self.task).await.is_err() {
            self.task.abort();
            let _ = (&mut self.task).await;
        }
        match entente_domain::mail::release_claims(&self.store, &self.name).await {
            Ok(0) => {}
            Ok(released) => tracing::info!(
                released,
                worker = %self.name,
                "handed back emails whose sending was cut off by the shutdown"
            ),
            Err(error) => tracing::warn!(
                %error,
                worker = %self.name,
                "handing back claimed emails failed; they go out when their lease ends"
            ),
        }
    }
}

/// Starts this node's delivery worker, named after the node (`node`, see
/// [`node_name`]) and this process. It first hands back what earlier processes of the
/// same node left claimed (a crash, a kill), then delivers whatever is due every
/// [`POLL_INTERVAL`] and at once when a use case wakes it
/// ([`Services::wake_mail_delivery`]); while the mail server cannot be reached it
/// probes it instead ([`entente_domain::mail::work`]). While a round sends, its claims
/// are renewed every [`entente_domain::mail::CLAIM_RENEWAL`].
pub fn spawn_delivery_worker(
    services: Services,
    mailer: Arc<dyn Mailer>,
    node: &str,
) -> DeliveryWorker {
    let name = entente_domain::mail::worker_name(node, services.entropy.as_ref());
    let (stop_sender, mut stop) = watch::channel(false);
    let node = node.to_owned();
    let worker = name.clone();
    let store = services.store.clone();
    let task = tokio::spawn(async move {
        match entente_domain::mail::release_earlier_claims(&services.store, &node, &worker).await {
            Ok(0) => {}
            Ok(released) => tracing::info!(
                released,
                %node,
                "emails an earlier run of this node left claimed are due again"
            ),
            Err(error) => tracing::warn!(
                %error,
                %node,
                "handing back an earlier run's claimed emails failed; they go out when their lease ends"
            ),
        }
        let courier = entente_domain::mail::Courier::new(
            &services.store,
            &services.master,
            mailer.as_ref(),
            services.entropy.as_ref(),
            &worker,
        )
        .stopping_on(stop.clone());
        loop {
            if *stop.borrow() {
                return;
            }
            let round = entente_domain::mail::work(
                &courier,
                &services.mail_health,
                entente_http::now(),
                BATCH,
            );
            let next = match with_heartbeat(&services.store, &worker, round).await {
                Ok((round, next)) => {
                    if round.claimed > 0 {
                        tracing::debug!(?round, %worker, "email delivery round");
                    }
                    next
                }
                Err(error) => {
                    tracing::error!(%error, "email delivery round failed");
                    NextRound::Idle
                }
            };
            let wait = match next {
                NextRound::Now => continue,
                NextRound::Idle => POLL_INTERVAL,
                NextRound::Probe(wait) => wait,
            };
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                // While halted, a wake does not hasten the next probe; its permit
                // stays stored for when delivery resumes.
                _ = services.mail_wake.notified(), if next == NextRound::Idle => {}
                changed = stop.changed() => {
                    if changed.is_err() {
                        return;
                    }
                }
            }
        }
    });
    DeliveryWorker {
        name,
        store,
        stop: stop_sender,
        task,
    }
}

/// Runs `round`, renewing `worker`'s claims every
/// [`entente_domain::mail::CLAIM_RENEWAL`] until it ends: the heartbeat that keeps a
/// live worker's messages its own however slow the mail server is.
async fn with_heartbeat<T>(
    store: &entente_storage::Store,
    worker: &str,
    round: impl std::future::Future<Output = T>,
) -> T {
    let mut round = std::pin::pin!(round);
    let period = entente_domain::mail::CLAIM_RENEWAL;
    let mut beat = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
    beat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            done = &mut round => return done,
            _ = beat.tick() => {
                if let Err(error) =
                    entente_domain::mail::renew_claims(store, worker, entente_http::now()).await
                {
                    tracing::warn!(%error, %worker, "renewing the claims on emails being sent failed");
                }
            }
        }
    }
}

/// The file in the data directory that names this node.
const NODE_ID_FILE: &str = "node-id";

/// This node's stable name, which its delivery workers' names start with: read from
/// `<data-dir>/node-id`, written there (random, owner-only) on first start.
///
/// Why a file in the data directory rather than the host name: a host name is
/// neither unique (two nodes on one machine, containers sharing the host's network,
/// cloned virtual machines) nor stable (a restarted Kubernetes pod gets a new one),
/// and two nodes taking each other for themselves would hand back each other's
/// messages in flight and send them twice. The data directory is what a node keeps
/// across restarts already (for SQLite, the database itself), so a node that starts
/// again on it is the same node, and one that does not share it is another. Where the
/// name cannot be kept (a read-only directory), a name for this process alone is used
/// and said so: its claims then wait for their lease after a crash.
pub fn node_name(
    data_dir: &std::path::Path,
    entropy: &dyn entente_domain::crypto::Entropy,
) -> String {
    let path = data_dir.join(NODE_ID_FILE);
    let valid = |name: &str| {
        !name.is_empty()
            && name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    };
    let mut bytes = [0_u8; 8];
    entropy.fill(&mut bytes);
    let fresh = format!(
        "node-{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    );
    match std::fs::read_to_string(&path) {
        Ok(text) if valid(text.trim()) => return text.trim().to_owned(),
        Ok(_) => {
            tracing::warn!(path = %path.display(), "the node-id file holds no valid name (letters, digits, '.', '-'); using a name for this process only");
            return fresh;
        }
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            tracing::warn!(path = %path.display(), %error, "the node-id file cannot be read; using a name for this process only");
            return fresh;
        }
        Err(_) => {}
    }
    let written = create_private_dir(data_dir).and_then(|()| {
        use std::io::Write;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options
            .open(&path)?
            .write_all(format!("{fresh}\n").as_bytes())
    });
    match written {
        Ok(()) => fresh,
        // Another process of this data directory wrote it first: take its name.
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            node_name(data_dir, entropy)
        }
        Err(error) => {
            tracing::warn!(path = %path.display(), %error, "the node-id file cannot be written; using a name for this process only");
            fresh
        }
    }
}

/// Sends over SMTP through lettre's connection pool: a bulk invitation's thousands of
/// emails go over a few reused connections instead of one connection (greeting,
/// EHLO, perhaps TLS and login) each. The pool is built at the first send, since
/// lettre's pool starts a Tokio task when built (and another when dropped), and a
/// mailer may be made outside a runtime.
#[derive(Clone)]
pub struct SmtpMailer {
    builder: AsyncSmtpTransportBuilder,
    transport: Arc<OnceLock<AsyncSmtpTransport<Tokio1Executor>>>,
    /// `host:port`, for logs; never the credentials.
    server: String,
}

impl std::fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpMailer")
            .field("server", &self.server)
            .finish()
    }
}

impl SmtpMailer {
    /// A mailer for `smtp://host[:port]` (plain, port 25), `smtp://host?tls=starttls`
    /// (STARTTLS required, port 587), `smtp://host?tls=opportunistic` (STARTTLS when
    /// offered) or `smtps://host` (TLS from the start, port 465). `user:password@`
    /// before the host, percent-encoded, logs in.
    pub fn from_url(text: &str) -> anyhow::Result<SmtpMailer> {
        let url = url::Url::parse(text).context("smtp_url is not a URL")?;
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .context("smtp_url has no host")?
            // An IPv6 literal comes bracketed, which neither connecting nor TLS wants.
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let mode = url
            .query_pairs()
            .find(|(key, _)| key == "tls")
            .map(|(_, value)| value.into_owned());
        let tls_parameters =
            || TlsParameters::new(host.clone()).context("setting up TLS for the SMTP server");
        let (tls, default_port) = match (url.scheme(), mode.as_deref()) {
            ("smtps", None | Some("implicit")) => (Tls::Wrapper(tls_parameters()?), 465),
            ("smtp", None | Some("none")) => (Tls::None, 25),
            ("smtp", Some("starttls" | "required")) => (Tls::Required(tls_parameters()?), 587),
            ("smtp", Some("opportunistic")) => (Tls::Opportunistic(tls_parameters()?), 587),
            (scheme @ ("smtp" | "smtps"), Some(other)) => anyhow::bail!(
                "smtp_url: tls={other} is not understood with {scheme}://; use none, starttls or opportunistic with smtp://, nothing with smtps://"
            ),
            (other, _) => anyhow::bail!("smtp_url: scheme {other}:// is not smtp:// or smtps://"),
        };
        let port = url.port().unwrap_or(default_port);
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.clone())
            .port(port)
            .tls(tls)
            .timeout(Some(SMTP_TIMEOUT))
            .pool_config(PoolConfig::new().max_size(SMTP_POOL_SIZE));
        if !url.username().is_empty() {
            let user = percent_decoded(url.username())?;
            let password = percent_decoded(url.password().unwrap_or(""))?;
            builder = builder.credentials(Credentials::new(user, password));
        }
        Ok(SmtpMailer {
            builder,
            transport: Arc::new(OnceLock::new()),
            server: format!("{host}:{port}"),
        })
    }
}

impl Mailer for SmtpMailer {
    fn send<'a>(&'a self, email: &'a QueuedEmail) -> MailSend<'a> {
        Box::pin(async move {
            let message = rfc5322_message(email)?;
            let transport = self.transport.get_or_init(|| self.builder.clone().build());
            match transport.send(message).await {
                Ok(_) => {
                    tracing::info!(id = %email.id, server = %self.server, "email sent");
                    Ok(())
                }
                // lettre refuses, before sending, an address whose local part is not
                // ASCII when the server does not offer SMTPUTF8: no retry changes that.
                Err(error) if error.is_client() && !needs_smtputf8(email).is_empty() => {
                    Err(SendError::Permanent(format!(
                        "{}: the mail server does not accept internationalized addresses \
                         (SMTPUTF8, RFC 6531), which {} needs; ask its operator to enable \
                         SMTPUTF8",
                        self.server,
                        needs_smtputf8(email).join(", ")
                    )))
                }
                Err(error) => Err(classified(&self.server, &error)),
            }
        })
    }
}

/// What an SMTP failure says. A 5xx reply is the server's final word on the message;
/// another reply to it (4xx) may pass for this message. A 421 ("service not
/// available"), a connection refused, dropped or timed out, or a TLS failure says
/// nothing about the message but that the server cannot be reached.
fn classified(server: &str, error: &lettre::transport::smtp::Error) -> SendError {
    let text = format!("{server}: {error}");
    let service_unavailable = error.status().is_some_and(|code| code.to_string() == "421");
    if error.is_permanent() {
        SendError::Permanent(text)
    } else if (error.is_transient() && !service_unavailable)
        || error.is_response()
        || error.is_client()
    {
        SendError::Transient(text)
    } else {
        SendError::Unreachable(text)
    }
}

/// Writes each message to `<dir>/<outbox id>.eml`.
#[derive(Clone, Debug)]
pub struct FileMailer {
    dir: PathBuf,
}

impl FileMailer {
    pub fn new(dir: PathBuf) -> FileMailer {
        FileMailer { dir }
    }
}

impl Mailer for FileMailer {
    fn send<'a>(&'a self, email: &'a QueuedEmail) -> MailSend<'a> {
        Box::pin(async move {
            let bytes = rfc5322_message(email)?.formatted();
            let path = self.dir.join(format!("{}.eml", email.id));
            // Written aside and renamed, so a reader of the folder never sees half a
            // message, and a resend replaces the file rather than adding a second.
            let partial = self.dir.join(format!(".{}.eml.partial", email.id));
            let write = async {
                create_private_dir(&self.dir)?;
                write_private(&partial, &bytes).await?;
                tokio::fs::rename(&partial, &path).await
            };
            write
                .await
                .map_err(|e| SendError::Transient(format!("writing {}: {e}", path.display())))?;
            tracing::info!(
                id = %email.id,
                to = %email.email.to.join(", "),
                subject = %email.email.subject,
                file = %path.display(),
                "email written to the file outbox (no smtp_url configured)"
            );
            Ok(())
        })
    }
}

/// Creates `dir` and its missing parents readable by the owner only (0700), whatever
/// the umask; an existing directory keeps its mode.
pub fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Writes a new file readable by the owner only (0600), whatever the umask: an email
/// carries its links and codes in clear. A leftover of an interrupted write is
/// replaced, not reused with whatever mode it had.
async fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt;
    match tokio::fs::remove_file(path).await {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error),
        _ => {}
    }
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options.open(path).await?;
    file.write_all(bytes).await?;
    file.flush().await
}

/// The recipients whose local part is not ASCII, which only a server speaking SMTPUTF8
/// takes (their domains always go out in ASCII form).
fn needs_smtputf8(queued: &QueuedEmail) -> Vec<&str> {
    let email = &queued.email;
    email
        .to
        .iter()
        .chain(&email.cc)
        .map(String::as_str)
        .filter(|address| entente_domain::address::needs_smtputf8(address))
        .collect()
}

/// The message as it goes over the wire: headers, then a text part, or text and HTML
/// as alternatives. An address that cannot be written fails for good. Recipients'
/// domains are written in their ASCII (`xn--`) form, which every server accepts, so
/// only a local part that is not ASCII needs SMTPUTF8 (docs/decisions/0011).
fn rfc5322_message(queued: &QueuedEmail) -> Result<Message, SendError> {
    let email = &queued.email;
    let recipient = |text: &str| {
        let text = entente_domain::address::smtp_address(text);
        text.parse::<Mailbox>()
            .map_err(|e| SendError::Permanent(format!("{text:?} is not a mailbox: {e}")))
    };
    let mailbox = |text: &str| {
        text.parse::<Mailbox>()
            .map_err(|e| SendError::Permanent(format!("{text:?} is not a mailbox: {e}")))
    };
    let from = mailbox(&email.from)?;
    let message_id = format!("<{}@{}>", queued.id, from.email.domain());
    let date = UNIX_EPOCH + Duration::from_secs(u64::try_from(queued.created_at).unwrap_or(0));
    let mut builder = Message::builder()
        .from(from)
        .subject(email.subject.clone())
        .message_id(Some(message_id))
        .date(date);
    for to in &email.to {
        builder = builder.to(recipient(to)?);
    }
    for cc in &email.cc {
        builder = builder.cc(recipient(cc)?);
    }
    let built = match &email.html {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(
            email.text.clone(),
            html.clone(),
        )),
        None => builder.singlepart(SinglePart::plain(email.text.clone())),
    };
    built.map_err(|e| SendError::Permanent(format!("the message cannot be written: {e}")))
}

/// Undoes the percent-encoding of a URL's user or password. The form decoder reads
/// `+` as a space, which in userinfo it is not, so a literal `+` is encoded first.
fn percent_decoded(text: &str) -> anyhow::Result<String> {
    url::form_urlencoded::parse(format!("x={}", text.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .context("smtp_url: unreadable credentials")
}

#[cfg(test)]
mod tests {
    use entente_domain::mail::OutgoingEmail;

    use super::*;

    fn queued(html: Option<&str>) -> QueuedEmail {
        QueuedEmail {
            id: "6f1c1d2e-0000-4000-8000-000000000001".parse().unwrap(),
            tenant: entente_model::TenantId::new_id(),
            created_at: 1_800_000_000,
            email: OutgoingEmail {
                from: "Contoso <no-reply@contoso.com>".to_owned(),
                to: vec!["ann@fabrikam.com".to_owned()],
                cc: vec![],
                subject: "Hello".to_owned(),
                text: "Hi Ann".to_owned(),
                html: html.map(str::to_owned),
            },
        }
    }

    #[test]
    fn recipients_domains_go_out_in_ascii_form() {
        let mut email = queued(None);
        email.email.to = vec!["bob@bücher.example".to_owned()];
        email.email.cc = vec!["zoë.müller@BÜCHER.example".to_owned()];
        let text = String::from_utf8(rfc5322_message(&email).unwrap().formatted()).unwrap();
        assert!(text.contains("To: bob@xn--bcher-kva.example"), "{text}");
        assert!(!text.contains("bücher"), "{text}");
        assert_eq!(needs_smtputf8(&email), ["zoë.müller@BÜCHER.example"]);
        email.email.cc.clear();
        assert!(needs_smtputf8(&email).is_empty());
    }

    #[test]
    fn the_message_id_comes_from_the_outbox_id_and_the_senders_domain() {
        let text = String::from_utf8(rfc5322_message(&queued(None)).unwrap().formatted()).unwrap();
        assert!(
            text.contains("Message-ID: <6f1c1d2e-0000-4000-8000-000000000001@contoso.com>"),
            "{text}"
        );
        assert!(
            text.contains("Date: Fri, 15 Jan 2027 08:00:00 +0000"),
            "{text}"
        );
        assert!(!text.contains("multipart"), "text only: {text}");
        let both = String::from_utf8(
            rfc5322_message(&queued(Some("<p>Hi Ann</p>")))
                .unwrap()
                .formatted(),
        )
        .unwrap();
        assert!(both.contains("multipart/alternative"), "{both}");
    }

    #[test]
    fn a_bad_address_fails_for_good() {
        let mut bad = queued(None);
        bad.email.to = vec!["ann@".to_owned()];
        assert!(matches!(
            rfc5322_message(&bad),
            Err(SendError::Permanent(_))
        ));
    }

    #[test]
    fn a_node_keeps_the_name_written_in_its_data_directory() {
        let entropy = entente_domain::crypto::SystemEntropy;
        let dir = std::env::temp_dir().join(format!(
            "entente-node-name-{}",
            entente_domain::crypto::new_token(&entropy)
        ));
        let first = node_name(&dir, &entropy);
        assert!(first.starts_with("node-") && first.len() == 21, "{first}");
        assert_eq!(node_name(&dir, &entropy), first, "read back");
        let written = std::fs::read_to_string(dir.join(NODE_ID_FILE)).unwrap();
        assert_eq!(written.trim(), first);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join(NODE_ID_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // Another data directory is another node; a name that is no name is not used.
        let other = dir.join("other");
        assert_ne!(node_name(&other, &entropy), first);
        std::fs::write(dir.join(NODE_ID_FILE), "node_%\n").unwrap();
        let fallback = node_name(&dir, &entropy);
        assert_ne!(fallback, "node_%");
        assert_ne!(node_name(&dir, &entropy), fallback, "for one process only");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn credentials_in_the_url_are_percent_decoded() {
        assert_eq!(percent_decoded("p%40ss+w%3Ard").unwrap(), "p@ss+w:rd");
    }
}
