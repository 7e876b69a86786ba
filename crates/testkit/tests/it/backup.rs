//! `entente backup` and `entente restore`, run as the real program against a running
//! SQLite server: a backup taken while a 2,000-row bulk confirmation commits and
//! emails are delivered restores into a new data directory whole (integrity checked,
//! every invitation committed before it began, the bulk file all or nothing, each
//! invitation with its email), and a server started there with the same master key
//! signs with the same keys. Then what the commands refuse: overwriting a backup
//! without `--force`, replacing a database a server holds (even with `--force`), a
//! cut-off or foreign file, a master key that does not open the backup's signing keys,
//! and PostgreSQL (pg_dump's work).
//!
//! SQLite only: on PostgreSQL the commands refuse, which the second test checks.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use entente_testkit::entente_storage::Store;
use entente_testkit::{Backend, TestServer};
use reqwest::Method;
use serde_json::Value;

use crate::invitations::Inviting;
use crate::support::Run;

const ENTENTE: &str = env!("CARGO_BIN_EXE_entente-under-test");

/// Runs `entente ARGS` with an empty environment.
async fn entente(args: &[&str]) -> Run {
    let output = tokio::process::Command::new(ENTENTE)
        .env_clear()
        .args(args)
        .output()
        .await
        .expect("running the entente binary");
    Run::of(output)
}

impl Run {
    fn refused(self, what: &str, because: &str) -> Run {
        assert_eq!(
            self.code,
            Some(1),
            "`entente {what}` should fail\nstdout: {}\nstderr: {}",
            self.stdout,
            self.stderr
        );
        assert!(
            self.stderr.contains(because),
            "`entente {what}` should say {because:?}: {}",
            self.stderr
        );
        self
    }
}

/// A directory of its own under the system's temporary directory.
fn scratch() -> PathBuf {
    let dir = std::env::temp_dir()
        .join("entente-backup-it")
        .join(uuid::Uuid::new_v4().simple().to_string());
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

fn text(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// A bulk invitation file of `rows` partners, `{prefix}{i}@fabrikam.com`.
fn csv(prefix: &str, rows: usize) -> String {
    let mut file = String::from("Email,DisplayName\n");
    for i in 0..rows {
        file.push_str(&format!("{prefix}{i}@fabrikam.com,Partner {i}\n"));
    }
    file
}

/// Uploads and confirms a file; answers the confirmation's invited user ids.
async fn invite_file(api: &Inviting, file: String) -> Vec<String> {
    let (status, preview) = api.upload(file).await;
    assert_eq!(status, 201, "{preview}");
    let batch = preview["id"].as_str().expect("batch id").to_owned();
    let (status, done) = api.confirm(&batch).await;
    assert_eq!(status, 200, "{done}");
    user_ids(&done)
}

fn user_ids(done: &Value) -> Vec<String> {
    done["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| row["invitedUserId"].as_str().expect("invited").to_owned())
        .collect()
}

fn kids(jwks: &Value) -> HashSet<String> {
    jwks["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .map(|key| key["kid"].as_str().expect("kid").to_owned())
        .collect()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

#[tokio::test]
async fn a_backup_during_a_bulk_confirmation_restores_whole_and_signs_with_the_same_keys() {
    let api = Inviting::start(Backend::Sqlite).await;
    let tenant = api.tenant();
    let data_dir = api.server.data_dir().to_path_buf();
    let database_url = api.server.database_url().to_owned();
    // Committed before the backup starts: 300 invitations, whose emails the delivery
    // worker is still writing out while the backup runs.
    let before = invite_file(&api, csv("before", 300)).await;
    assert_eq!(before.len(), 300);
    let token = api.server.api_token().await;
    let jwks_path = format!("/{tenant}/discovery/v2.0/keys");
    let (_, jwks) = api.server.call(Method::GET, &jwks_path, None, None).await;

    // A 2,000-row file, confirmed while the backup runs.
    let (status, preview) = api.upload(csv("during", 2_000)).await;
    assert_eq!(status, 201, "{preview}");
    let batch_id = preview["id"].as_str().expect("batch id").to_owned();
    let confirm = api
        .server
        .http
        .post(
            api.server
                .url(&format!("/v1.0/invitations/bulk/{batch_id}/confirm")),
        )
        .bearer_auth(&api.admin)
        .send();
    let confirming = tokio::spawn(async move {
        let response = confirm.await.expect("confirm");
        (
            response.status(),
            response.json::<Value>().await.expect("JSON"),
        )
    });
    // The backup starts once the confirmation has written rows in its transaction.
    let batch = entente_model::BatchId(batch_id.parse().expect("a UUID"));
    let progress = &api.server.services.confirm_progress;
    let waited = std::time::Instant::now();
    while progress.rows_done(batch).unwrap_or(0) == 0 && !confirming.is_finished() {
        assert!(
            waited.elapsed().as_secs() < 30,
            "the confirmation never started"
        );
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
    let rows_at_start = progress.rows_done(batch);
    let outbox_at_start = {
        let mut conn = api.server.services.store.read().await.expect("read");
        conn.db().outbox_summary().await.expect("outbox").counts
    };

    let out = scratch();
    let backup = out.join("entente-backup.db");
    let run = entente(&[
        "backup",
        "--data-dir",
        text(&data_dir),
        "--database-url",
        &database_url,
        text(&backup),
    ])
    .await
    .ok("backup");
    assert!(run.stdout.contains("master key"), "{}", run.stdout);
    let (status, done) = confirming.await.expect("the confirmation task");
    assert_eq!(status, 200, "{done}");
    let during = user_ids(&done);
    assert_eq!(during.len(), 2_000);
    #[cfg(unix)]
    assert_eq!(mode(&backup), 0o600, "the backup is private");
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(
        leftovers,
        vec!["entente-backup.db"],
        "nothing half-written is left"
    );

    // Restore into a new data directory, with the deployment's master key beside it.
    let restored_dir = scratch().join("data");
    let run = entente(&["restore", "--data-dir", text(&restored_dir), text(&backup)])
        .await
        .ok("restore");
    assert!(run.stdout.contains("integrity check ok"), "{}", run.stdout);
    assert!(
        run.stdout.contains("no master key"),
        "the key is not there yet: {}",
        run.stdout
    );
    let restored_db = restored_dir.join("entente.db");
    #[cfg(unix)]
    assert_eq!(
        mode(&restored_db),
        0o600,
        "the restored database is private"
    );
    std::fs::copy(data_dir.join("master.key"), restored_dir.join("master.key"))
        .expect("copying the master key");
    Store::check_sqlite_backup(&restored_db)
        .await
        .expect("the restored database passes the integrity check");

    // A server on the restored data directory, at the same public URL.
    let mut listen = String::new();
    let public_url = api.server.base_url.clone();
    let restored = TestServer::start_configured(Backend::Sqlite, false, |config| {
        config.data_dir = restored_dir.clone();
        config.database_url = format!("sqlite://{}", restored_db.display());
        config.master_key_file = restored_dir.join("master.key");
        config.public_url = public_url;
        config.mail_worker = false;
        listen = config.listen.clone();
    })
    .await;
    let mut restored = restored;
    restored.node_url = format!("http://{listen}");

    let invitations = {
        let mut conn = restored.services.store.read().await.expect("read");
        conn.db()
            .list_invitations(tenant, None, None, None, 10_000)
            .await
            .expect("invitations")
    };
    let present: HashSet<String> = invitations
        .iter()
        .map(|(i, _)| i.user_id.to_string())
        .collect();
    assert_eq!(present.len(), invitations.len(), "no invitation is doubled");
    for id in &before {
        assert!(
            present.contains(id),
            "invitation of {id}, committed before the backup, is missing"
        );
    }
    // The file confirmed meanwhile commits in one transaction: the backup has all of
    // it or none of it.
    let of_file = during.iter().filter(|id| present.contains(*id)).count();
    assert!(
        of_file == 0 || of_file == 2_000,
        "a backup holds {of_file} of the file's 2,000 invitations"
    );
    eprintln!(
        "the backup started with {rows_at_start:?} of the file's rows written and the outbox \
         at {outbox_at_start:?}, and holds {of_file} of its 2,000 invitations"
    );
    assert_eq!(invitations.len(), 300 + of_file);
    for (invitation, email) in &invitations {
        assert!(
            email.is_some(),
            "invitation {} has no email in the outbox",
            invitation.id
        );
    }

    // The same signing keys: the same kids published, and a token issued before the
    // backup is accepted by the restored server.
    let (status, restored_jwks) = restored.call(Method::GET, &jwks_path, None, None).await;
    assert_eq!(status, 200);
    assert_eq!(kids(&restored_jwks), kids(&jwks));
    let (status, users) = restored
        .call(Method::GET, "/v1.0/users?$top=1", Some(&token), None)
        .await;
    assert_eq!(status, 200, "the old token on the restored server: {users}");

    restored.stop().await;
    api.server.stop().await;
    let _ = std::fs::remove_dir_all(&out);
    if let Some(parent) = restored_dir.parent() {
        let _ = std::fs::remove_dir_all(parent);
    }
}

#[tokio::test]
async fn backup_and_restore_refuse_to_overwrite_a_live_database_or_take_a_broken_file() {
    let server = TestServer::start().await;
    let data_dir = server.data_dir().to_path_buf();
    let live_db = data_dir.join("entente.db");
    let out = scratch();
    let backup = out.join("b.db");
    let backup_args = |force: bool| {
        let mut args = vec![
            "backup".to_owned(),
            "--data-dir".to_owned(),
            text(&data_dir).to_owned(),
            text(&backup).to_owned(),
        ];
        if force {
            args.push("--force".to_owned());
        }
        args
    };
    let run = |args: Vec<String>| async move {
        entente(&args.iter().map(String::as_str).collect::<Vec<_>>()).await
    };

    run(backup_args(false)).await.ok("backup");
    let first = std::fs::read(&backup).expect("the backup");
    // A second backup to the same name is refused unless forced, and leaves it be.
    run(backup_args(false))
        .await
        .refused("backup (again)", "exists already");
    assert_eq!(std::fs::read(&backup).expect("the backup"), first);
    run(backup_args(true)).await.ok("backup --force");
    // The database itself is never a backup's destination.
    entente(&[
        "backup",
        "--data-dir",
        text(&data_dir),
        text(&live_db),
        "--force",
    ])
    .await
    .refused("backup over the database", "the database itself");

    // The running server holds its database: no restore replaces it, forced or not.
    for force in [false, true] {
        let mut args = vec!["restore", "--data-dir", text(&data_dir), text(&backup)];
        if force {
            args.push("--force");
        }
        entente(&args)
            .await
            .refused("restore over a live database", "running server");
    }
    // The server goes on writing.
    server
        .create_member("after@contoso.com", "After", "a long enough password")
        .await;
    // Checked through a backup taken now: the check reads a file alone (immutable,
    // without the write-ahead log), which the running server's checkpoint rewrites,
    // so a check of the live file itself may see a page half copied.
    run(backup_args(true)).await.ok("backup after the refusals");
    let check = Store::check_sqlite_backup(&backup).await;
    assert!(check.is_ok(), "the live database is untouched: {check:?}");

    // A cut-off copy, a file that is no database, and a database that is not
    // Entente's are refused, and nothing is put in place.
    let fresh = scratch().join("data");
    let bytes = std::fs::read(&backup).expect("the backup");
    let cut = out.join("cut.db");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).expect("write");
    let garbage = out.join("garbage.db");
    std::fs::write(
        &garbage,
        b"SQLite format 2 and then nothing useful".repeat(500),
    )
    .expect("write");
    for (file, because) in [(&cut, "cut off"), (&garbage, "not a SQLite database")] {
        entente(&["restore", "--data-dir", text(&fresh), text(file)])
            .await
            .refused("restore of a broken file", because);
        assert!(
            !fresh.join("entente.db").exists(),
            "nothing was put in place"
        );
    }

    // Into a new data directory it works; once there, only --force replaces it, and
    // the old database's write-ahead log goes with it.
    entente(&["restore", "--data-dir", text(&fresh), text(&backup)])
        .await
        .ok("restore");
    entente(&["restore", "--data-dir", text(&fresh), text(&backup)])
        .await
        .refused("restore over a database", "--force");
    let stale_wal = fresh.join("entente.db-wal");
    std::fs::write(&stale_wal, vec![7u8; 5_000]).expect("write");
    entente(&[
        "restore",
        "--data-dir",
        text(&fresh),
        text(&backup),
        "--force",
    ])
    .await
    .ok("restore --force");
    assert!(!stale_wal.exists(), "the old write-ahead log is removed");
    assert_eq!(std::fs::read(fresh.join("entente.db")).expect("db"), bytes);

    // With a master key in place, it must open the backup's signing keys: another
    // deployment's key is refused before anything is replaced.
    let (_, other_key) = entente_testkit::entente_domain::crypto::MasterKey::generate(
        &entente_testkit::entente_domain::crypto::SystemEntropy,
    );
    std::fs::write(fresh.join("master.key"), other_key).expect("write");
    std::fs::remove_file(fresh.join("entente.db")).expect("remove");
    entente(&["restore", "--data-dir", text(&fresh), text(&backup)])
        .await
        .refused("restore with another master key", "another master key");
    assert!(
        !fresh.join("entente.db").exists(),
        "nothing was put in place"
    );
    std::fs::copy(data_dir.join("master.key"), fresh.join("master.key")).expect("copy");
    let run = entente(&["restore", "--data-dir", text(&fresh), text(&backup)])
        .await
        .ok("restore with the master key");
    assert!(
        run.stdout
            .contains("opens the backup's 1 published signing keys"),
        "{}",
        run.stdout
    );
    let names: Vec<_> = std::fs::read_dir(&fresh)
        .expect("list")
        .map(|e| e.expect("entry").file_name().into_string().expect("name"))
        .collect();
    assert!(
        names.iter().all(|n| n == "entente.db" || n == "master.key"),
        "only the database and the key: {names:?}"
    );

    // PostgreSQL is pg_dump's and PITR's work.
    for command in ["backup", "restore"] {
        entente(&[
            command,
            "--database-url",
            "postgres://postgres@127.0.0.1:5432/entente",
            text(&backup),
        ])
        .await
        .refused(&format!("{command} on PostgreSQL"), "pg_dump");
    }

    server.stop().await;
    let _ = std::fs::remove_dir_all(&out);
    if let Some(parent) = fresh.parent() {
        let _ = std::fs::remove_dir_all(parent);
    }
}
