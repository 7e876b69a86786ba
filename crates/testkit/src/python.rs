//! Python tools the tests run (an SMTP server, a SAML service provider), each in a
//! virtual environment made once under `target/tmp` with `python3 -m venv` and `pip`,
//! and Debian packages they need, installed with apt when missing (the tests run as
//! root on CI).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// The Python of a virtual environment named `name` holding `packages`, made once;
/// `check` is a statement that succeeds once they are importable. Tests of one binary
/// wait for each other on the mutex; another test process building at the same time
/// builds aside and the first rename wins.
pub fn venv_python(name: &str, packages: &[&str], check: &str) -> PathBuf {
    static READY: Mutex<Option<HashMap<String, PathBuf>>> = Mutex::new(None);
    let mut ready = READY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(python) = ready.as_ref().and_then(|m| m.get(name)) {
        return python.clone();
    }
    let parent = venv_parent();
    let _ = std::fs::create_dir_all(&parent);
    let venv = parent.join(name);
    let python = venv.join("bin").join("python");
    let works = |python: &Path| {
        Command::new(python)
            .args(["-c", check])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !works(&python) {
        let aside = venv.with_extension(format!("partial-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&aside);
        let run = |command: &mut Command| {
            let output = command.output().expect("running python3");
            assert!(
                output.status.success(),
                "{command:?} failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        };
        run(Command::new("python3").args(["-m", "venv"]).arg(&aside));
        run(Command::new(aside.join("bin").join("python"))
            .args(["-m", "pip", "install", "--quiet"])
            .args(packages));
        if std::fs::rename(&aside, &venv).is_err() {
            let _ = std::fs::remove_dir_all(&aside);
        }
        assert!(works(&python), "{check:?} fails in {}", venv.display());
    }
    ready
        .get_or_insert_with(HashMap::new)
        .insert(name.to_owned(), python.clone());
    python
}

/// Makes sure a Debian package's program is present, installing the package with apt.
pub fn debian_program(program: &str, package: &str) {
    static INSTALL: Mutex<()> = Mutex::new(());
    let _guard = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    if Path::new(program).exists() {
        return;
    }
    let installed = Command::new("sh")
        .args([
            "-c",
            &format!(
                "apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q {package} >/dev/null"
            ),
        ])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        installed,
        "the tests need {program}: apt-get install {package}"
    );
}

/// `target/tmp` when the running test binary sits in `target/<profile>/deps` (as
/// Cargo's `CARGO_TARGET_TMPDIR`, which only integration tests see at build time),
/// else the system's temporary directory.
pub fn venv_parent() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    exe.ancestors()
        .find(|dir| dir.file_name().is_some_and(|name| name == "deps"))
        .and_then(|deps| deps.parent()?.parent())
        .map(|target| target.join("tmp"))
        .unwrap_or_else(|| std::env::temp_dir().join("entente-tests"))
}
