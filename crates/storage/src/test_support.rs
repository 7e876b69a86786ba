//! Scratch databases for the storage crate's own tests.

use std::path::{Path, PathBuf};

use crate::Store;

/// A directory of its own under the system's temporary directory, removed on drop.
pub(crate) struct ScratchDir(PathBuf);

impl ScratchDir {
    pub fn new() -> ScratchDir {
        let dir = std::env::temp_dir().join(format!("entente-storage-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        ScratchDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// A SQLite store (not migrated) on the file `name` in this directory.
    pub async fn sqlite(&self, name: &str) -> Store {
        Store::connect(&format!("sqlite://{}", self.0.join(name).display()))
            .await
            .unwrap()
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// An empty database on the PostgreSQL server of `ENTENTE_TEST_POSTGRES` (unmigrated),
/// dropped by [`ScratchPostgres::finish`]. `None` when the variable is unset: such
/// tests then pass without running, as the rest of the suite's PostgreSQL half does.
pub(crate) struct ScratchPostgres {
    admin: Store,
    name: String,
    pub store: Store,
}

impl ScratchPostgres {
    pub async fn new() -> Option<ScratchPostgres> {
        let admin_url = std::env::var("ENTENTE_TEST_POSTGRES")
            .ok()
            .filter(|v| !v.is_empty())?;
        let name = format!("entente_storage_{}", uuid::Uuid::new_v4().simple());
        let admin = Store::connect(&admin_url).await.unwrap();
        admin.create_scratch_database(&name).await.unwrap();
        let (server, _) = admin_url.rsplit_once('/').unwrap();
        let store = Store::connect(&format!("{server}/{name}")).await.unwrap();
        Some(ScratchPostgres { admin, name, store })
    }

    pub async fn finish(self) {
        self.store.close().await;
        self.admin.drop_scratch_database(&self.name).await.unwrap();
        self.admin.close().await;
    }
}
