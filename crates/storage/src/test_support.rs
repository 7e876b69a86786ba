//! Scratch databases for the storage crate's own tests.

use crate::Store;

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
