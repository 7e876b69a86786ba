//! `entente backup FILE` and `entente restore FILE`: a consistent copy of a running
//! SQLite deployment, and putting one back as the deployment's database.
//!
//! Both read the configuration `entente serve` reads, to find the database. A file
//! is only ever written aside (`.NAME.partial-*` in the same directory), synced, then
//! renamed into place, so a file under the final name is always whole: a copy cut off
//! by a crash is a `.partial` file, never mistaken for a backup or a database. Every
//! file written is private to its owner (0600): it holds the directory, the outbox and
//! the sealed keys. Neither ever replaces a database a running server holds, and on
//! PostgreSQL both refuse and name the tools to use instead (pg_dump, PITR).
//!
//! Neither copies the master key: a backup is useless without the key it was sealed
//! with, and keeping the two apart is the operator's choice, so both remind of it.
//! Where a master key is in place, `restore` checks that it opens the backup's signing
//! keys before putting the backup in place.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use entente_storage::{Store, StoreError};

use crate::config::Config;

/// What `backup` wrote.
#[derive(Debug)]
pub struct BackupReport {
    pub file: PathBuf,
    pub bytes: u64,
    /// The copy itself (`VACUUM INTO`), the part that runs beside the server's writes.
    pub copy_time: Duration,
    /// The integrity check of the written copy, before it took its final name.
    pub check_time: Duration,
    pub schema_version: i64,
}

/// What `restore` put in place.
#[derive(Debug)]
pub struct RestoreReport {
    pub database: PathBuf,
    pub replaced: bool,
    pub schema_version: i64,
    /// How many published signing keys the configured master key opened; `None` when
    /// no master key is configured or in place yet.
    pub signing_keys: Option<usize>,
}

/// Writes a consistent copy of the configured SQLite database to `file` while the
/// server goes on writing, checks it, and only then gives it its name. Refuses an
/// existing `file` unless `force`, and PostgreSQL always.
pub async fn backup(config: &Config, file: &Path, force: bool) -> anyhow::Result<BackupReport> {
    let database = sqlite_database(config, "backup")?;
    if !database.exists() {
        bail!("there is no database at {} to back up", database.display());
    }
    if same_file(&database, file) {
        bail!(
            "{} is the database itself: write the backup elsewhere",
            file.display()
        );
    }
    if file.exists() && !force {
        bail!(
            "{} exists already: choose another name, or add --force to replace it",
            file.display()
        );
    }
    let aside = Aside::create(file)?;
    let store = Store::connect(&config.database_url)
        .await
        .context("opening the database")?;
    let started = Instant::now();
    let copied = store.backup_into(aside.path()).await;
    let copy_time = started.elapsed();
    store.close().await;
    copied.context("copying the database")?;
    aside.sync()?;
    let started = Instant::now();
    let versions = Store::check_sqlite_backup(aside.path())
        .await
        .map_err(plain)
        .context("checking the copy")?;
    let check_time = started.elapsed();
    let bytes = std::fs::metadata(aside.path())?.len();
    aside.finish(file, force)?;
    Ok(BackupReport {
        file: file.to_path_buf(),
        bytes,
        copy_time,
        check_time,
        schema_version: versions.last().copied().unwrap_or_default(),
    })
}

/// Puts the backup `file` in place as the configured SQLite database, once it is
/// checked (whole, sound, Entente's). An existing database is only replaced with
/// `force`, and never while another process (a running server) holds it.
pub async fn restore(config: &Config, file: &Path, force: bool) -> anyhow::Result<RestoreReport> {
    let database = sqlite_database(config, "restore")?;
    if same_file(&database, file) {
        bail!("{} is the database itself", file.display());
    }
    let versions = Store::check_sqlite_backup(file).await.map_err(plain)?;
    let replaced = database.exists();
    if replaced {
        let in_use = Store::sqlite_file_in_use(&database)
            .await
            .with_context(|| format!("checking whether {} is in use", database.display()))?;
        if in_use {
            bail!(
                "a running server (or another process) holds the database {}: stop it first; \
                 even --force never replaces a database in use",
                database.display()
            );
        }
        if !force {
            bail!(
                "a database exists at {}: add --force to replace it (what it holds is lost; \
                 back it up first if it may be needed)",
                database.display()
            );
        }
    }
    if let Some(dir) = database.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::mail::create_private_dir(dir)
            .with_context(|| format!("creating {}", dir.display()))?;
    }
    let aside = Aside::create(&database)?;
    {
        let mut from =
            std::fs::File::open(file).with_context(|| format!("reading {}", file.display()))?;
        let mut to = aside.open()?;
        std::io::copy(&mut from, &mut to).with_context(|| format!("copying {}", file.display()))?;
    }
    aside.sync()?;
    let signing_keys = open_signing_keys(config, aside.path()).await?;
    // The old database's write-ahead log, its index and any rollback journal belong
    // to the old file: left beside the new one, SQLite would apply them to it.
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut stale = database.clone().into_os_string();
        stale.push(suffix);
        match std::fs::remove_file(&stale) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                return Err(error)
                    .with_context(|| format!("removing {}", Path::new(&stale).display()));
            }
            _ => {}
        }
    }
    aside.finish(&database, true)?;
    Ok(RestoreReport {
        database,
        replaced,
        schema_version: versions.last().copied().unwrap_or_default(),
        signing_keys,
    })
}

/// Opens the signing keys of the database at `path` (a restore's copy, not yet in
/// place) with this configuration's master key, as a server starting on it would:
/// answers how many it opened, or `None` when no master key is there to try. A key
/// that does not open is an error: a server could not start on the restored database.
async fn open_signing_keys(config: &Config, path: &Path) -> anyhow::Result<Option<usize>> {
    if config.master_key.is_none() && !config.master_key_file.exists() {
        return Ok(None);
    }
    let master = crate::server::load_master_key(config)?;
    let store = Store::connect(&format!("sqlite://{}", path.display()))
        .await
        .context("opening the restored copy")?;
    let ring = entente_domain::keys::KeyRing::empty();
    let opened = ring.refresh(&store, &master, entente_http::now()).await;
    store.close().await;
    // Closing the last connection folds the log back; what may be left belongs to
    // the copy's temporary name.
    for suffix in ["-wal", "-shm"] {
        let mut side = path.as_os_str().to_owned();
        side.push(suffix);
        let _ = std::fs::remove_file(side);
    }
    opened.map_err(|e| {
        anyhow::anyhow!(
            "{e}: this backup was made with another master key than {}; nothing was restored",
            master_key(config)
        )
    })?;
    let jwks: serde_json::Value = serde_json::from_str(ring.jwks().text())?;
    Ok(Some(jwks["keys"].as_array().map_or(0, Vec::len)))
}

/// `entente backup`: runs [`backup`] and says what was written and what to keep.
pub async fn backup_command(config: Config, file: PathBuf, force: bool) -> anyhow::Result<()> {
    let report = backup(&config, &file, force).await?;
    println!(
        "wrote {} ({} bytes, schema version {}): copied in {:.2} s while serving, checked in {:.2} s",
        report.file.display(),
        report.bytes,
        report.schema_version,
        report.copy_time.as_secs_f64(),
        report.check_time.as_secs_f64(),
    );
    println!(
        "Keep {} beside this backup, but not in the same place: without it the signing keys \
         and the queued emails do not open, and with it anyone holding the backup can sign \
         tokens.",
        master_key(&config)
    );
    Ok(())
}

/// `entente restore`: runs [`restore`] and says what is in place and what it needs.
pub async fn restore_command(config: Config, file: PathBuf, force: bool) -> anyhow::Result<()> {
    let report = restore(&config, &file, force).await?;
    println!(
        "{} {} from {} (integrity check ok, schema version {})",
        if report.replaced {
            "replaced"
        } else {
            "restored"
        },
        report.database.display(),
        file.display(),
        report.schema_version,
    );
    match report.signing_keys {
        Some(count) => println!(
            "{} opens the backup's {count} published signing keys: start the server with it.",
            master_key(&config)
        ),
        None => println!(
            "warning: there is no master key at {} yet: put the key this backup was made with \
             there (or set ENTENTE_MASTER_KEY) before starting the server; without it the \
             signing keys and the queued emails do not open.",
            config.master_key_file.display()
        ),
    }
    Ok(())
}

/// Where the master key of this configuration is.
fn master_key(config: &Config) -> String {
    if config.master_key.is_some() {
        "the master key (ENTENTE_MASTER_KEY, as configured here)".to_owned()
    } else {
        format!("the master key ({})", config.master_key_file.display())
    }
}

/// A store error as its own message: a refused backup says why, without the
/// "stored data is invalid" of a database that broke its schema.
fn plain(error: StoreError) -> anyhow::Error {
    match error {
        StoreError::Corrupt(message) => anyhow::anyhow!(message),
        other => other.into(),
    }
}

/// The SQLite database file of the configuration; on PostgreSQL, the way to back it up.
fn sqlite_database(config: &Config, what: &str) -> anyhow::Result<PathBuf> {
    if let Some(path) = Store::sqlite_file(&config.database_url) {
        return Ok(path);
    }
    if config.database_url.starts_with("postgres") {
        bail!(
            "this deployment runs on PostgreSQL, which `entente {what}` does not handle: use \
             `pg_dump -Fc` and `pg_restore`, or a base backup with WAL archiving for \
             point-in-time recovery (docs/operations/backups.md); keep the master key with it"
        );
    }
    bail!(
        "`entente {what}` needs a SQLite database file, not {:?}",
        config.database_url
    )
}

/// Whether two paths name one file (either may not exist yet).
fn same_file(a: &Path, b: &Path) -> bool {
    let full = |p: &Path| {
        let parent = p.parent().filter(|d| !d.as_os_str().is_empty());
        let dir = parent.unwrap_or(Path::new("."));
        std::fs::canonicalize(dir)
            .ok()
            .zip(p.file_name())
            .map(|(d, name)| d.join(name))
    };
    matches!((full(a), full(b)), (Some(x), Some(y)) if x == y)
}

/// A private file beside its final name, removed unless [`Aside::finish`] renames it.
struct Aside {
    path: PathBuf,
    finished: bool,
}

impl Aside {
    /// An empty file, 0600, in the directory of `target`, named so it cannot be taken
    /// for a backup or a database.
    fn create(target: &Path) -> anyhow::Result<Aside> {
        let name = target
            .file_name()
            .with_context(|| format!("{} names no file", target.display()))?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let path = target.with_file_name(format!(
            ".{}.partial-{}-{nanos}",
            name.to_string_lossy(),
            std::process::id()
        ));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options
            .open(&path)
            .with_context(|| format!("creating {}", path.display()))?;
        Ok(Aside {
            path,
            finished: false,
        })
    }

    fn path(&self) -> &Path {
        &self.path
    }

    fn open(&self) -> anyhow::Result<std::fs::File> {
        std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&self.path)
            .with_context(|| format!("opening {}", self.path.display()))
    }

    /// Flushes the file's bytes to the disk, so the name never points at less.
    fn sync(&self) -> anyhow::Result<()> {
        std::fs::File::open(&self.path)
            .and_then(|file| file.sync_all())
            .with_context(|| format!("syncing {}", self.path.display()))
    }

    /// Gives the file its final name: replacing what is there when `replace`, else
    /// only if nothing is (a hard link cannot overwrite), then syncs the directory so
    /// the new name survives a crash.
    fn finish(mut self, target: &Path, replace: bool) -> anyhow::Result<()> {
        if replace {
            std::fs::rename(&self.path, target)
        } else {
            std::fs::hard_link(&self.path, target).and_then(|()| std::fs::remove_file(&self.path))
        }
        .with_context(|| format!("putting the copy in place as {}", target.display()))?;
        self.finished = true;
        #[cfg(unix)]
        if let Some(dir) = target.parent() {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            std::fs::File::open(dir)
                .and_then(|d| d.sync_all())
                .with_context(|| format!("syncing the directory {}", dir.display()))?;
        }
        Ok(())
    }
}

impl Drop for Aside {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}
