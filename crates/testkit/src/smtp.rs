//! A real SMTP server for tests: Python's `aiosmtpd` (a maintained SMTP server, which
//! owes nothing to the code under test) storing what it receives in a maildir, and a
//! reader that parses each stored message with the `mail-parser` crate.
//!
//! ```ignore
//! let smtp = SmtpServer::start().await;
//! let server = TestServer::start_configured(backend, true, |c| c.smtp_url = Some(smtp.url())).await;
//! // ... something sends an email ...
//! let emails = smtp.wait_for_emails(1).await;
//! assert_eq!(emails[0].to, ["ann@fabrikam.com"]);
//! assert!(emails[0].text.as_deref().unwrap().contains("/redeem/"));
//! ```
//!
//! `aiosmtpd` is installed once into a virtual environment beside the test binaries
//! (`target/tmp/aiosmtpd-1.4.6`), with `python3 -m venv` and `pip`.

use std::path::PathBuf;
use std::time::Duration;

use mail_parser::{Address, MessageParser};

/// A running `aiosmtpd`, stopped and its maildir removed when dropped. It can be
/// stopped and started again on the same port ([`SmtpServer::go_down`],
/// [`SmtpServer::come_back`]), as a mail server that goes away for a while.
pub struct SmtpServer {
    process: Option<tokio::process::Child>,
    port: u16,
    maildir: PathBuf,
    handler: Option<String>,
    /// Offers SMTPUTF8 (RFC 6531): takes addresses whose local part is not ASCII.
    smtputf8: bool,
}

/// One message the server received, parsed.
#[derive(Clone, Debug)]
pub struct ReceivedEmail {
    /// `Name <address>`, or the bare address when there is no name.
    pub from: String,
    /// The addresses of the `To` header, in order.
    pub to: Vec<String>,
    /// The addresses of the `Cc` header, in order.
    pub cc: Vec<String>,
    /// The envelope recipients (`RCPT TO`), as the server recorded them.
    pub envelope_to: Vec<String>,
    pub subject: String,
    /// The `Message-ID` without its angle brackets.
    pub message_id: Option<String>,
    /// The `Date` header in Unix seconds.
    pub date: Option<i64>,
    /// The first `text/plain` part, decoded.
    pub text: Option<String>,
    /// The first `text/html` part, decoded (absent when the message has none).
    pub html: Option<String>,
    /// The message as stored.
    pub raw: Vec<u8>,
}

impl SmtpServer {
    /// A server that accepts every message.
    pub async fn start() -> SmtpServer {
        SmtpServer::launch(None, false).await
    }

    /// A server that accepts every message and offers SMTPUTF8 (RFC 6531), so it takes
    /// addresses such as `zoë@bücher.example`; the plain one refuses those.
    pub async fn start_smtputf8() -> SmtpServer {
        SmtpServer::launch(None, true).await
    }

    /// A server whose `aiosmtpd` handler is the Python class `Handler` defined in
    /// `source`, for tests of refusals; it stores nothing unless the class does.
    pub async fn start_with_handler(source: &str) -> SmtpServer {
        SmtpServer::launch(Some(source), false).await
    }

    /// The server's directory: its maildir, and the handler's file when it has one.
    pub fn dir(&self) -> &std::path::Path {
        &self.maildir
    }

    /// Stops the server (its port then refuses connections); what it received stays.
    pub async fn go_down(&mut self) {
        if let Some(mut process) = self.process.take() {
            let _ = process.kill().await;
        }
    }

    /// Starts the server again on the same port, with the same handler and maildir.
    pub async fn come_back(&mut self) {
        if self.process.is_none() {
            self.process = Some(
                launch_on(
                    self.port,
                    &self.maildir,
                    self.handler.as_deref(),
                    self.smtputf8,
                )
                .await,
            );
        }
    }

    /// `smtp://127.0.0.1:PORT`, for `Config::smtp_url` or `SmtpMailer::from_url`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The messages received so far, oldest first.
    pub fn emails(&self) -> Vec<ReceivedEmail> {
        let mut files: Vec<(std::time::SystemTime, PathBuf)> =
            std::fs::read_dir(self.maildir.join("new"))
                .into_iter()
                .flatten()
                .filter_map(|entry| entry.ok())
                .filter_map(|entry| {
                    let modified = entry.metadata().ok()?.modified().ok()?;
                    Some((modified, entry.path()))
                })
                .collect();
        files.sort();
        files
            .iter()
            .filter_map(|(_, path)| std::fs::read(path).ok())
            .map(parse_email)
            .collect()
    }

    /// Waits up to 10 seconds until at least `count` messages arrived; returns all of
    /// them, oldest first. Panics when they do not come.
    pub async fn wait_for_emails(&self, count: usize) -> Vec<ReceivedEmail> {
        for _ in 0..200 {
            let emails = self.emails();
            if emails.len() >= count {
                return emails;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "the SMTP server received {} message(s) in 10 s, expected {count}",
            self.emails().len()
        );
    }

    async fn launch(handler: Option<&str>, smtputf8: bool) -> SmtpServer {
        let maildir = std::env::temp_dir()
            .join("entente-tests")
            .join(format!("maildir-{}", uuid::Uuid::new_v4().simple()));
        let port = free_port();
        let process = launch_on(port, &maildir, handler, smtputf8).await;
        SmtpServer {
            process: Some(process),
            port,
            maildir,
            handler: handler.map(str::to_owned),
            smtputf8,
        }
    }
}

/// Starts `aiosmtpd` on `port`, storing into `maildir` (or running `handler`), and
/// waits until it listens.
async fn launch_on(
    port: u16,
    maildir: &std::path::Path,
    handler: Option<&str>,
    smtputf8: bool,
) -> tokio::process::Child {
    let python = aiosmtpd_python();
    // aiosmtpd's Maildir makes the maildir itself, but not its parent (on a fresh
    // machine, nothing else may have made it yet).
    if let Some(parent) = maildir.parent() {
        std::fs::create_dir_all(parent).expect("the maildir's parent");
    }
    let mut command = tokio::process::Command::new(&python);
    command
        .args(["-m", "aiosmtpd", "-n", "-l"])
        .arg(format!("127.0.0.1:{port}"));
    if smtputf8 {
        command.arg("--smtputf8");
    }
    match handler {
        None => {
            command
                .args(["-c", "aiosmtpd.handlers.Mailbox"])
                .arg(maildir);
        }
        Some(source) => {
            std::fs::create_dir_all(maildir).expect("maildir");
            std::fs::write(maildir.join("test_handler.py"), source).expect("handler file");
            command
                .env("PYTHONPATH", maildir)
                .args(["-c", "test_handler.Handler"]);
        }
    }
    let process = command
        .stdout(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("aiosmtpd starts");
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return process;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("aiosmtpd did not listen on port {port}");
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

/// Parses a stored message (one the SMTP server received, or an `.eml` file of the
/// file outbox); a message `mail-parser` cannot read at all is a test failure.
pub fn parse_email(raw: Vec<u8>) -> ReceivedEmail {
    let message = MessageParser::default()
        .parse(&raw)
        .expect("the SMTP server stored a readable message");
    let addresses = |address: Option<&Address>| -> Vec<String> {
        address
            .map(|a| {
                a.iter()
                    .filter_map(|addr| addr.address().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let from = message
        .from()
        .and_then(|a| a.first())
        .map(|addr| match (addr.name(), addr.address()) {
            (Some(name), Some(address)) => format!("{name} <{address}>"),
            (_, address) => address.unwrap_or_default().to_owned(),
        })
        .unwrap_or_default();
    // aiosmtpd's Mailbox handler records the envelope in an `X-RcptTo` header.
    // Python writes a recipient that is not ASCII (SMTPUTF8) there as an RFC 2047
    // encoded word, decoded here as a subject would be.
    let envelope_to = message
        .header_raw("X-RcptTo")
        .map(|value| {
            let line = format!("Subject: {}\r\n\r\n", value.trim());
            MessageParser::default()
                .parse(line.as_bytes())
                .and_then(|m| m.subject().map(str::to_owned))
                .unwrap_or_else(|| value.to_owned())
        })
        .map(|value| {
            value
                .split(',')
                .map(|r| r.trim().to_owned())
                .filter(|r| !r.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let html = message
        .html_part(0)
        .filter(|part| part.is_text_html())
        .and_then(|part| part.text_contents().map(str::to_owned));
    ReceivedEmail {
        from,
        to: addresses(message.to()),
        cc: addresses(message.cc()),
        envelope_to,
        subject: message.subject().unwrap_or_default().to_owned(),
        message_id: message.message_id().map(str::to_owned),
        date: message.date().map(|d| d.to_timestamp()),
        text: message.body_text(0).map(|t| t.into_owned()),
        html,
        raw,
    }
}

fn free_port() -> u16 {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    probe.local_addr().expect("address").port()
}

/// The Python of a virtual environment with `aiosmtpd`.
fn aiosmtpd_python() -> PathBuf {
    crate::python::venv_python("aiosmtpd-1.4.6", &["aiosmtpd==1.4.6"], "import aiosmtpd")
}
