//! Secrets at rest: a populated database holds no live redemption link and no
//! eight-digit code in a form anyone reading its files (or a dump) could use, and the
//! files Entente creates (the SQLite database, its write-ahead log, the file outbox)
//! are readable by their owner only.
//!
//! The database is populated through the real flows: an invitation whose email waits
//! in the outbox (the delivery worker is off, so it stays pending, the state in which
//! bodies used to be kept in clear for ever), and a one-time code asked for on the
//! redemption page.

use std::path::Path;

use entente_testkit::entente_domain::mail::open_record;
use entente_testkit::entente_storage::OutboxStatus;
use entente_testkit::{Backend, TestServer, backends, hidden_field};
use reqwest::Method;
use serde_json::json;

use crate::support::{Browser, form_action_before};

const BOB: &str = "bob@northwind.example";

/// Invites Bob with an email; answers the redemption link.
async fn invite_bob(server: &TestServer) -> String {
    let token = server.api_token().await;
    let (status, invited) = server
        .call(
            Method::POST,
            "/v1.0/invitations",
            Some(&token),
            Some(json!({
                "invitedUserEmailAddress": BOB,
                "inviteRedirectUrl": "https://portal.contoso.example/welcome",
                "sendInvitationMessage": true,
            })),
        )
        .await;
    assert_eq!(status, 201, "{invited}");
    invited["inviteRedeemUrl"]
        .as_str()
        .expect("a redemption link")
        .to_owned()
}

/// Asks for a one-time code on the redemption page, as a partner without a tenant.
async fn ask_for_code(server: &TestServer, link: &str) {
    let mut browser = Browser::new(server);
    let page = browser.get(link).await.text().await.expect("page");
    let action = form_action_before(&page, "send-code");
    let csrf = hidden_field(&page, "csrf").expect("csrf");
    let sent = browser.post(&action, &[("csrf", &csrf)]).await;
    assert_eq!(sent.status(), 200, "the code is sent");
}

/// The eight-digit code in the pending code email, read the only way it can be: by
/// opening the sealed body with the master key.
async fn pending_code(server: &TestServer) -> String {
    let mut conn = server.services.store.read().await.unwrap();
    let pending = conn
        .db()
        .list_outbox(server.bootstrap().tenant_id, Some(OutboxStatus::Pending))
        .await
        .unwrap();
    drop(conn);
    assert_eq!(
        pending.len(),
        2,
        "the invitation and the code wait: {pending:?}"
    );
    assert!(pending.iter().all(|m| m.sealed), "{pending:?}");
    let code_email = pending
        .into_iter()
        .map(|m| open_record(&server.services.master, m).expect("the body opens"))
        .find(|m| !m.text_body.contains("/redeem/"))
        .expect("the code email");
    let digits: Vec<char> = code_email.text_body.chars().collect();
    digits
        .windows(8)
        .find(|w| w.iter().all(|c| c.is_ascii_digit()))
        .map(|w| w.iter().collect())
        .unwrap_or_else(|| panic!("no code in {}", code_email.text_body))
}

/// Everything the database holds, as bytes: on SQLite the database file and its
/// write-ahead log (recent commits may be in either), on PostgreSQL a dump of all its
/// data as text.
fn database_contents(server: &TestServer) -> Vec<u8> {
    match server.backend {
        Backend::Sqlite => {
            let mut bytes = std::fs::read(server.data_dir().join("entente.db")).unwrap();
            if let Ok(wal) = std::fs::read(server.data_dir().join("entente.db-wal")) {
                bytes.extend_from_slice(&wal);
            }
            bytes
        }
        Backend::Postgres => {
            let dump = std::process::Command::new("pg_dump")
                .args(["--data-only", "--dbname", server.database_url()])
                .output()
                .expect("pg_dump must be installed to run the PostgreSQL tests");
            assert!(
                dump.status.success(),
                "pg_dump: {}",
                String::from_utf8_lossy(&dump.stderr)
            );
            dump.stdout
        }
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// Issue 16, finding 5: an invitation email waiting in the outbox and a code email
/// kept their live link and code in clear in `text_body` and `html_body`.
#[tokio::test]
async fn a_populated_database_holds_no_live_link_or_code() {
    for backend in backends() {
        let server =
            TestServer::start_configured(backend, true, |config| config.mail_worker = false).await;
        let link = invite_bob(&server).await;
        let secret = link
            .rsplit_once('.')
            .map(|(_, secret)| secret.to_owned())
            .expect("the link ends with its secret");
        assert!(secret.len() >= 40, "{link}");
        ask_for_code(&server, &link).await;
        let code = pending_code(&server).await;

        let contents = database_contents(&server);
        // The scan reads the data: what is stored in clear is found.
        assert!(
            contains(&contents, BOB),
            "{backend:?}: the scan sees the rows"
        );
        assert!(
            !contains(&contents, &secret),
            "{backend:?}: the redemption link's secret is stored readable"
        );
        assert!(
            !contains(&contents, &code),
            "{backend:?}: the code {code} is stored readable"
        );
        server.stop().await;
    }
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Issue 16, finding 5: the SQLite database and the `.eml` files were created under
/// the umask (0644 with the usual 022), readable by every local account.
#[cfg(unix)]
#[tokio::test]
async fn the_database_and_the_file_outbox_are_private_to_their_owner() {
    let server = TestServer::start_configured(Backend::Sqlite, true, |config| {
        // A data directory Entente creates itself, with the database in it.
        config.data_dir = config.data_dir.join("private");
        config.database_url = format!("sqlite://{}", config.data_dir.join("entente.db").display());
    })
    .await;
    invite_bob(&server).await;
    let outbox = server.data_dir().join("outbox");
    let mut written = None;
    for _ in 0..200 {
        written = std::fs::read_dir(&outbox).ok().and_then(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .find(|p| p.extension().is_some_and(|x| x == "eml"))
        });
        if written.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let email = written.expect("the invitation email is written to the file outbox");
    let data = server.data_dir();
    let modes = [
        (data.to_path_buf(), mode(data)),
        (data.join("entente.db"), mode(&data.join("entente.db"))),
        (
            data.join("entente.db-wal"),
            mode(&data.join("entente.db-wal")),
        ),
        (
            data.join("entente.db-shm"),
            mode(&data.join("entente.db-shm")),
        ),
        (outbox.clone(), mode(&outbox)),
        (email.clone(), mode(&email)),
    ];
    let want = [0o700, 0o600, 0o600, 0o600, 0o700, 0o600];
    let wrong: Vec<String> = modes
        .iter()
        .zip(want)
        .filter(|((_, got), want)| got != want)
        .map(|((path, got), want)| format!("{}: {got:o}, want {want:o}", path.display()))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
    server.stop().await;
}
