//! Real faults for the reliability tests: a small file system that can be filled to
//! the last byte ([`Tmpfs`]), and a TCP hop between Entente and PostgreSQL that can be
//! cut and mended ([`TcpProxy`]), as a stopped database server looks to its clients.
//!
//! Nothing here imitates a component: the full disk is a real `tmpfs` (mounting it
//! needs root; [`Tmpfs::mount`] says why it could not, and the test says it skipped),
//! and the proxy forwards real PostgreSQL connections byte for byte.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// A `tmpfs` mounted on a scratch directory for the life of the value.
pub struct Tmpfs {
    path: PathBuf,
    filler: PathBuf,
}

impl Tmpfs {
    /// Mounts a `tmpfs` of `megabytes` on a new scratch directory; `Err` says why it
    /// could not (not root, no `mount`), for the test to report as skipped.
    pub fn mount(megabytes: u32) -> Result<Tmpfs, String> {
        let path = std::env::temp_dir()
            .join("entente-tmpfs")
            .join(uuid::Uuid::new_v4().simple().to_string());
        std::fs::create_dir_all(&path).map_err(|e| format!("creating {}: {e}", path.display()))?;
        let output = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m,mode=0700")])
            .arg("tmpfs")
            .arg(&path)
            .output()
            .map_err(|e| format!("running mount: {e}"))?;
        if !output.status.success() {
            let _ = std::fs::remove_dir(&path);
            return Err(format!(
                "mount -t tmpfs failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        let filler = path.join("filler");
        Ok(Tmpfs { path, filler })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes a file until the file system has no byte left; answers how much it took.
    pub fn fill(&self) -> u64 {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.filler)
            .expect("opening the filler file");
        let chunk = vec![0x5a_u8; 64 * 1024];
        let mut written = 0_u64;
        loop {
            match file.write(&chunk) {
                Ok(0) => break,
                Ok(n) => written += n as u64,
                Err(error) if error.raw_os_error() == Some(28) => break, // ENOSPC
                Err(error) => panic!("filling the file system: {error}"),
            }
        }
        // The last partial pages, a byte at a time.
        while let Ok(1) = file.write(&[0x5a]) {
            written += 1;
        }
        let _ = file.sync_all();
        written
    }

    /// Makes the file system read-only (fails while a file on it is open for writing).
    pub fn remount_read_only(&self) {
        let status = std::process::Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.path)
            .status()
            .expect("running mount");
        assert!(
            status.success(),
            "remounting {} read-only",
            self.path.display()
        );
    }

    /// Gives the space back.
    pub fn free(&self) {
        std::fs::remove_file(&self.filler).expect("removing the filler file");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.path)
            .status();
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// A TCP proxy to `upstream` that can be cut: every open connection is dropped and new
/// ones are closed as soon as they are accepted, as when the server behind it stops;
/// mended, it forwards again.
pub struct TcpProxy {
    pub addr: SocketAddr,
    state: Arc<Mutex<ProxyState>>,
    accept: JoinHandle<()>,
}

#[derive(Default)]
struct ProxyState {
    cut: bool,
    links: Vec<JoinHandle<()>>,
}

impl TcpProxy {
    pub async fn start(upstream: SocketAddr) -> TcpProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("binding");
        let addr = listener.local_addr().expect("address");
        let state = Arc::new(Mutex::new(ProxyState::default()));
        let shared = state.clone();
        let accept = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let mut state = shared.lock().expect("proxy state");
                if state.cut {
                    drop(client);
                    continue;
                }
                state.links.retain(|link| !link.is_finished());
                state.links.push(tokio::spawn(link(client, upstream)));
            }
        });
        TcpProxy {
            addr,
            state,
            accept,
        }
    }

    /// Drops every connection and refuses new ones until [`TcpProxy::mend`].
    pub fn cut(&self) {
        let mut state = self.state.lock().expect("proxy state");
        state.cut = true;
        for link in state.links.drain(..) {
            link.abort();
        }
    }

    pub fn mend(&self) {
        self.state.lock().expect("proxy state").cut = false;
    }
}

impl Drop for TcpProxy {
    fn drop(&mut self) {
        self.accept.abort();
        self.cut();
    }
}

async fn link(mut client: TcpStream, upstream: SocketAddr) {
    let Ok(mut server) = TcpStream::connect(upstream).await else {
        return;
    };
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
}
