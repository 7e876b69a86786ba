//! The credentials file: where `entente login` keeps an access token between commands.
//!
//! One sign-in per file: the server, the tenant, how the token was obtained, and the
//! token with its expiry. It never holds a client secret or a password: a sign-in
//! that expired is renewed by signing in again. The token is a bearer credential, so
//! the file is written readable by its owner only (0600 on Unix), through a temporary
//! file renamed into place: a crash never leaves half a file, and a laxer mode of an
//! older file never survives a new sign-in.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

/// What `entente login` stores.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredLogin {
    /// The server's base URL, without a trailing slash.
    pub server: String,
    /// The tenant as given at sign-in: its id or one of its domains.
    pub tenant: String,
    pub method: SignInMethod,
    /// The client the token was issued to.
    pub client_id: String,
    pub access_token: String,
    /// Unix seconds.
    pub expires_at: i64,
}

/// How a stored token was obtained; new methods add a variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SignInMethod {
    ClientCredentials,
    DeviceCode,
}

impl SignInMethod {
    pub fn describe(self) -> &'static str {
        match self {
            SignInMethod::ClientCredentials => "client credentials",
            SignInMethod::DeviceCode => "device code",
        }
    }
}

/// The default location, `$XDG_CONFIG_HOME/entente/credentials.json` or
/// `~/.config/entente/credentials.json`. The environment is passed in so the choice
/// can be tested; a relative `XDG_CONFIG_HOME` is ignored, as the XDG specification says.
pub fn default_path(xdg_config_home: Option<OsString>, home: Option<OsString>) -> Option<PathBuf> {
    let non_empty = |v: Option<OsString>| v.filter(|v| !v.is_empty()).map(PathBuf::from);
    let config_dir = non_empty(xdg_config_home)
        .filter(|p| p.is_absolute())
        .or_else(|| non_empty(home).map(|home| home.join(".config")))?;
    Some(config_dir.join("entente").join("credentials.json"))
}

/// Reads the stored sign-in; `None` when there is no file.
pub fn load(path: &Path) -> anyhow::Result<Option<StoredLogin>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let login = serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is not a credentials file of this version; run `entente logout` and sign in again",
            path.display()
        )
    })?;
    Ok(Some(login))
}

/// Writes the sign-in, replacing any earlier one, readable by the owner only.
pub fn save(path: &Path, login: &StoredLogin) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    create_private_dir(dir).with_context(|| format!("creating {}", dir.display()))?;
    let text = serde_json::to_string_pretty(login)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "credentials.json".to_owned());
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written =
        write_private(&temporary, text.as_bytes()).and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written.with_context(|| format!("writing {}", path.display()))
}

/// Deletes the stored sign-in; answers whether there was one.
pub fn remove(path: &Path) -> anyhow::Result<bool> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e).with_context(|| format!("deleting {}", path.display())),
    }
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Creates the directory (and its parents) if missing; a new one is private, since
/// other tools may keep their own secrets in `~/.config` next to ours.
#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh directory per test; the tests of one process run in parallel.
    fn scratch() -> PathBuf {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join("entente-cli-tests").join(format!(
            "{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn login(token: &str) -> StoredLogin {
        StoredLogin {
            server: "http://127.0.0.1:8080".into(),
            tenant: "contoso.entente.test".into(),
            method: SignInMethod::ClientCredentials,
            client_id: "8f4c".into(),
            access_token: token.into(),
            expires_at: 1_800_000_000,
        }
    }

    #[test]
    fn xdg_config_home_wins_over_home_and_must_be_absolute() {
        let xdg = Some(OsString::from("/x/config"));
        let home = Some(OsString::from("/home/ada"));
        assert_eq!(
            default_path(xdg, home.clone()),
            Some(PathBuf::from("/x/config/entente/credentials.json"))
        );
        for ignored in ["", "relative/config"] {
            assert_eq!(
                default_path(Some(OsString::from(ignored)), home.clone()),
                Some(PathBuf::from("/home/ada/.config/entente/credentials.json")),
                "{ignored:?}"
            );
        }
        assert_eq!(default_path(None, None), None);
    }

    #[test]
    fn a_saved_login_loads_back_and_a_missing_file_is_no_login() {
        let dir = scratch();
        let path = dir.join("nested").join("credentials.json");
        assert_eq!(load(&path).unwrap(), None);
        save(&path, &login("first")).unwrap();
        assert_eq!(load(&path).unwrap(), Some(login("first")));
        save(&path, &login("second")).unwrap();
        assert_eq!(load(&path).unwrap(), Some(login("second")));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"accessToken\": \"second\""), "{text}");
        assert!(text.contains("\"method\": \"clientCredentials\""), "{text}");
        // Only the credentials file is left: the temporary one was renamed.
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![OsString::from("credentials.json")]);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_private_even_when_an_older_one_was_not() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch();
        let path = dir.join("credentials.json");
        std::fs::write(&path, "{}").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        save(&path, &login("t")).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let fresh = dir.join("new").join("credentials.json");
        save(&fresh, &login("t")).unwrap();
        let dir_mode = std::fs::metadata(dir.join("new"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(dir_mode & 0o777, 0o700);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn remove_says_whether_there_was_a_login_and_garbage_is_an_error() {
        let dir = scratch();
        let path = dir.join("credentials.json");
        assert!(!remove(&path).unwrap());
        save(&path, &login("t")).unwrap();
        assert!(remove(&path).unwrap());
        assert_eq!(load(&path).unwrap(), None);
        std::fs::write(&path, "not json").unwrap();
        let error = load(&path).unwrap_err();
        assert!(format!("{error:#}").contains("entente logout"), "{error:#}");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
