//! Short-lived copies of what every protocol request looks up: the tenant a URL names,
//! and a client's registration, secrets and role assignments.
//!
//! The database stays the source of truth: an entry lives `TENANT_TTL` or `CLIENT_TTL`
//! seconds and is then read again, so a change made on another node takes effect
//! within that bound. On the node that makes a change, the use case drops the tenant's
//! entries at once. Lookups that find nothing are not kept, so probing random names
//! cannot fill the cache.
//!
//! Under load no request waits for the database because an entry ran out: in the last
//! [`REFRESH_AHEAD`] seconds of an entry's life, the first request to see it reads it
//! again while the others go on with the entry they have. A key missing altogether is
//! read by one request while the others asking for it wait for that read, rather than
//! each reading it (64 requests in flight meant 64 reads every 15 seconds).

use std::borrow::Borrow;
use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use entente_model::{AppRoleAssignment, Application, Tenant, TenantId, UnixTime};
use entente_storage::{SecretRecord, Store};

use crate::DomainError;
use crate::cross_tenant::rules::InForce;

/// How long a tenant stays cached; tenants and their domains change rarely.
pub const TENANT_TTL: i64 = 60;
/// How long a client stays cached: the longest a removed secret or role keeps working
/// on a node other than the one that removed it.
pub const CLIENT_TTL: i64 = 15;
/// How long before its end an entry in use is read again, by one request.
pub const REFRESH_AHEAD: i64 = 5;
/// How long an entry past its time still serves while the database is unavailable
/// (a full disk, a lost connection): discovery, JWKS and client credentials tokens
/// keep working through an outage this long, at the price of a change made just
/// before it (a removed secret) taking effect only when the database is back.
pub const STALE_IF_UNAVAILABLE: i64 = 15 * 60;
/// Past this many entries a map is emptied rather than grown.
const MAX_ENTRIES: usize = 100_000;

/// What client authentication and token issuance need to know about a client.
#[derive(Clone, Debug)]
pub struct ClientRecord {
    pub app: Application,
    pub secrets: Vec<SecretRecord>,
    /// Its certificate credentials' keys, for client assertions.
    pub keys: Vec<crate::app_keys::ClientKey>,
    /// Assignments held by the application itself (client credentials roles).
    pub assignments: Vec<AppRoleAssignment>,
}

/// A value with the time it was read, and whether a request is reading it again.
#[derive(Debug)]
struct Entry<V> {
    value: Arc<V>,
    loaded: UnixTime,
    refreshing: AtomicBool,
}

impl<V> Entry<V> {
    /// Whether the entry is younger than `ttl` (and not from the future).
    fn within(&self, now: UnixTime, ttl: i64) -> bool {
        now - self.loaded < ttl && self.loaded <= now
    }
}

/// One kind of cached value, with its time to live.
#[derive(Debug)]
struct Timed<K, V> {
    ttl: i64,
    entries: RwLock<HashMap<K, Arc<Entry<V>>>>,
    /// The keys being read because they were missing: the readers' turn to wait on.
    loading: Mutex<HashMap<K, Arc<tokio::sync::Mutex<()>>>>,
    /// Moved by every [`Timed::forget`]: a read that began before a forget is not kept.
    generation: AtomicU64,
}

/// What a lookup found in the map alone.
enum Lookup<V> {
    /// Fresh: use it.
    Hit(Arc<V>),
    /// Fresh, but near its end, and this request is the one to read it again.
    Refresh(Arc<Entry<V>>),
    /// Missing or past its time.
    Miss,
}

impl<K: Hash + Eq + Clone, V> Timed<K, V> {
    fn new(ttl: i64) -> Self {
        Timed {
            ttl,
            entries: RwLock::default(),
            loading: Mutex::default(),
            generation: AtomicU64::new(0),
        }
    }

    fn lookup<Q>(&self, key: &Q, now: UnixTime) -> Lookup<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let Some(entry) = self.entries.read().ok().and_then(|m| m.get(key).cloned()) else {
            return Lookup::Miss;
        };
        if !entry.within(now, self.ttl) {
            return Lookup::Miss;
        }
        if entry.within(now, self.ttl - REFRESH_AHEAD)
            || entry.refreshing.swap(true, Ordering::AcqRel)
        {
            Lookup::Hit(entry.value.clone())
        } else {
            Lookup::Refresh(entry)
        }
    }

    /// The value of `key` when it is younger than `ttl`.
    fn younger_than<Q>(&self, key: &Q, now: UnixTime, ttl: i64) -> Option<Arc<V>>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let map = self.entries.read().ok()?;
        map.get(key)
            .filter(|entry| entry.within(now, ttl))
            .map(|entry| entry.value.clone())
    }

    /// Keeps `value`, unless the map was forgotten since `generation` was read.
    fn remember(&self, key: K, value: Arc<V>, now: UnixTime, generation: u64) {
        if let Ok(mut map) = self.entries.write() {
            if self.generation.load(Ordering::Acquire) != generation {
                return;
            }
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
            let entry = Entry {
                value,
                loaded: now,
                refreshing: AtomicBool::new(false),
            };
            map.insert(key, Arc::new(entry));
        }
    }

    /// Drops the entries `doomed` picks.
    fn forget(&self, doomed: impl Fn(&K, &V) -> bool) {
        if let Ok(mut map) = self.entries.write() {
            self.generation.fetch_add(1, Ordering::AcqRel);
            map.retain(|key, entry| !doomed(key, &entry.value));
        }
    }

    /// The value of `key`: from the map while fresh, else from `load`, read by one
    /// request at a time per key. A value `load` finds is kept; none is not. While the
    /// database is unavailable, an entry up to [`STALE_IF_UNAVAILABLE`] old stands in.
    /// A fresh entry is found by the borrowed key, without a copy of it.
    async fn get<Q, F, Fut>(
        &self,
        key: &Q,
        now: UnixTime,
        load: F,
    ) -> Result<Option<Arc<V>>, DomainError>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
        F: Fn() -> Fut,
        Fut: Future<Output = Result<Option<V>, DomainError>>,
    {
        match self.lookup(key, now) {
            Lookup::Hit(value) => return Ok(Some(value)),
            Lookup::Refresh(entry) => {
                let generation = self.generation.load(Ordering::Acquire);
                return Ok(match load().await {
                    Ok(Some(found)) => {
                        let found = Arc::new(found);
                        self.remember(key.to_owned(), found.clone(), now, generation);
                        Some(found)
                    }
                    Ok(None) => {
                        self.forget(|k, _| k.borrow() == key);
                        None
                    }
                    // The entry it has is still fresh: this request goes on with it,
                    // and the next one near the end tries again.
                    Err(_) => {
                        entry.refreshing.store(false, Ordering::Release);
                        Some(entry.value.clone())
                    }
                });
            }
            Lookup::Miss => {}
        }
        let turn = match self.loading.lock() {
            Ok(mut loading) => {
                // A request dropped while it read leaves its key behind.
                if loading.len() >= MAX_ENTRIES {
                    loading.clear();
                }
                loading.entry(key.to_owned()).or_default().clone()
            }
            Err(_) => Arc::default(),
        };
        let _turn = turn.lock().await;
        // Whoever had the turn before may have read it meanwhile.
        if let Some(value) = self.younger_than(key, now, self.ttl) {
            return Ok(Some(value));
        }
        let generation = self.generation.load(Ordering::Acquire);
        let found = load().await;
        if let Ok(mut loading) = self.loading.lock() {
            loading.remove(key);
        }
        match found {
            Ok(Some(found)) => {
                let found = Arc::new(found);
                self.remember(key.to_owned(), found.clone(), now, generation);
                Ok(Some(found))
            }
            Ok(None) => Ok(None),
            Err(error) if unavailable(&error) => self
                .younger_than(key, now, STALE_IF_UNAVAILABLE)
                .map(Some)
                .ok_or(error),
            Err(error) => Err(error),
        }
    }
}

#[derive(Debug)]
pub struct DirectoryCache {
    tenants: Timed<String, Tenant>,
    clients: Timed<(TenantId, String), ClientRecord>,
    /// The cross-tenant access settings a tenant applies to a partner (`None`: to
    /// everyone without an entry).
    cross_tenant: Timed<(TenantId, Option<uuid::Uuid>), InForce>,
}

impl Default for DirectoryCache {
    fn default() -> Self {
        DirectoryCache {
            tenants: Timed::new(TENANT_TTL),
            clients: Timed::new(CLIENT_TTL),
            cross_tenant: Timed::new(TENANT_TTL),
        }
    }
}

/// Whether `error` is the database being unavailable (rather than a bug or a rule).
fn unavailable(error: &DomainError) -> bool {
    matches!(error, DomainError::Store(e) if e.unavailable().is_some())
}

impl DirectoryCache {
    /// The tenant named by `segment` (its id or a domain).
    pub async fn tenant(
        &self,
        store: &Store,
        segment: &str,
        now: UnixTime,
    ) -> Result<Option<Arc<Tenant>>, DomainError> {
        // Looked up as it is when it is already lower case: no copy per request.
        let key = match segment.bytes().any(|b| b.is_ascii_uppercase()) {
            true => std::borrow::Cow::Owned(segment.to_ascii_lowercase()),
            false => std::borrow::Cow::Borrowed(segment),
        };
        self.tenants
            .get(key.as_ref(), now, || load_tenant(store, &key))
            .await
    }

    /// A client of a tenant, with its secrets and assignments.
    pub async fn client(
        &self,
        store: &Store,
        tenant: TenantId,
        client_id: &str,
        now: UnixTime,
    ) -> Result<Option<Arc<ClientRecord>>, DomainError> {
        self.clients
            .get(&(tenant, client_id.to_owned()), now, || {
                load_client(store, tenant, client_id)
            })
            .await
    }

    /// The cross-tenant access settings `owner` applies to `partner`, when read
    /// less than [`TENANT_TTL`] ago.
    pub fn cross_tenant(
        &self,
        owner: TenantId,
        partner: Option<uuid::Uuid>,
        now: UnixTime,
    ) -> Option<Arc<InForce>> {
        self.cross_tenant
            .younger_than(&(owner, partner), now, TENANT_TTL)
    }

    pub fn remember_cross_tenant(
        &self,
        owner: TenantId,
        partner: Option<uuid::Uuid>,
        settings: Arc<InForce>,
        now: UnixTime,
    ) {
        let generation = self.cross_tenant.generation.load(Ordering::Acquire);
        self.cross_tenant
            .remember((owner, partner), settings, now, generation);
    }

    /// Drops everything cached about a tenant; called by every use case that changes
    /// the tenant, its applications, secrets or assignments.
    pub fn forget_tenant(&self, tenant: TenantId) {
        self.clients.forget(|(t, _), _| *t == tenant);
        self.tenants.forget(|_, t| t.id == tenant);
        self.cross_tenant.forget(|(owner, _), _| *owner == tenant);
    }
}

async fn load_tenant(store: &Store, key: &str) -> Result<Option<Tenant>, DomainError> {
    let mut conn = store.read().await?;
    Ok(match key.parse::<TenantId>() {
        Ok(id) => conn.db().tenant_by_id(id).await?,
        Err(_) => conn.db().tenant_by_domain(key).await?,
    })
}

async fn load_client(
    store: &Store,
    tenant: TenantId,
    client_id: &str,
) -> Result<Option<ClientRecord>, DomainError> {
    let mut conn = store.read().await?;
    let mut db = conn.db();
    // The tenant's own application, or another tenant's it consented to: then the
    // credentials are the vendor's registration's, and what the application may do
    // here (assignments, whether people need one) the tenant's.
    let Some(usable) = db.usable_application(tenant, client_id).await? else {
        return Ok(None);
    };
    let mut app = usable.application;
    if let Some(principal) = &usable.principal {
        app.assignment_required = principal.assignment_required;
    }
    let secrets = db.client_secrets(app.tenant_id, app.id).await?;
    let keys = crate::app_keys::client_keys(&db.key_credentials(app.tenant_id, app.id).await?);
    let assignments = db.assignments_of_principal(tenant, app.id.0).await?;
    Ok(Some(ClientRecord {
        app,
        secrets,
        keys,
        assignments,
    }))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::{CLIENT_TTL, REFRESH_AHEAD, Timed};

    /// What a loader returns: a read of the database, boxed.
    type Read =
        std::pin::Pin<Box<dyn Future<Output = Result<Option<u32>, crate::DomainError>> + Send>>;

    /// A loader that counts its reads and takes a while, as a database read does.
    fn loader(reads: &Arc<AtomicUsize>, value: u32) -> impl Fn() -> Read {
        let reads = reads.clone();
        move || {
            let reads = reads.clone();
            Box::pin(async move {
                reads.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
                Ok(Some(value))
            })
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn thirty_two_requests_for_a_missing_key_read_it_once() {
        let map = Arc::new(Timed::<String, u32>::new(CLIENT_TTL));
        let reads = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..32)
            .map(|_| {
                let (map, reads) = (map.clone(), reads.clone());
                tokio::spawn(async move { map.get("client", 100, loader(&reads, 7)).await })
            })
            .collect();
        for task in tasks {
            assert_eq!(*task.await.unwrap().unwrap().unwrap(), 7);
        }
        assert_eq!(reads.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn near_its_end_one_request_reads_an_entry_again_and_the_others_use_it() {
        let map = Arc::new(Timed::<String, u32>::new(CLIENT_TTL));
        let reads = Arc::new(AtomicUsize::new(0));
        map.get("client", 100, loader(&reads, 1)).await.unwrap();
        // Before the refresh window: no read.
        let before = 100 + CLIENT_TTL - REFRESH_AHEAD - 1;
        assert_eq!(
            *map.get("client", before, loader(&reads, 2))
                .await
                .unwrap()
                .unwrap(),
            1
        );
        assert_eq!(reads.load(Ordering::SeqCst), 1);
        // In it: 32 at once, one read; the others got the old value without waiting.
        let inside = 100 + CLIENT_TTL - REFRESH_AHEAD;
        let tasks: Vec<_> = (0..32)
            .map(|_| {
                let (map, reads) = (map.clone(), reads.clone());
                tokio::spawn(async move { map.get("client", inside, loader(&reads, 2)).await })
            })
            .collect();
        let mut values = Vec::new();
        for task in tasks {
            values.push(*task.await.unwrap().unwrap().unwrap());
        }
        assert_eq!(reads.load(Ordering::SeqCst), 2);
        assert_eq!(values.iter().filter(|v| **v == 2).count(), 1, "{values:?}");
        assert_eq!(values.iter().filter(|v| **v == 1).count(), 31, "{values:?}");
        // The refreshed entry lives a whole time to live from its read.
        let later = inside + CLIENT_TTL - REFRESH_AHEAD - 1;
        assert_eq!(
            *map.get("client", later, loader(&reads, 3))
                .await
                .unwrap()
                .unwrap(),
            2
        );
        assert_eq!(reads.load(Ordering::SeqCst), 2);
        // Past its end without a refresh, it is read before use.
        let past = inside + CLIENT_TTL;
        assert_eq!(
            *map.get("client", past, loader(&reads, 4))
                .await
                .unwrap()
                .unwrap(),
            4
        );
        assert_eq!(reads.load(Ordering::SeqCst), 3);
    }

    /// A read near the end that fails keeps the entry in use, and the next request
    /// tries again; one that finds the key gone drops it at once.
    #[tokio::test]
    async fn a_failed_read_ahead_keeps_the_entry_and_a_vanished_key_is_dropped() {
        let map = Timed::<String, u32>::new(CLIENT_TTL);
        let reads = Arc::new(AtomicUsize::new(0));
        map.get("client", 100, loader(&reads, 1)).await.unwrap();
        let inside = 100 + CLIENT_TTL - REFRESH_AHEAD;
        let failing = || async { Err(crate::DomainError::internal("the database is away")) };
        assert_eq!(
            *map.get("client", inside, failing).await.unwrap().unwrap(),
            1
        );
        // The refresh was given back: the next request reads again, and succeeds.
        assert_eq!(
            *map.get("client", inside, loader(&reads, 2))
                .await
                .unwrap()
                .unwrap(),
            2
        );
        assert_eq!(reads.load(Ordering::SeqCst), 2);
        // Near the end of the new entry, the key is found gone: none, and not kept.
        let later = inside + CLIENT_TTL - REFRESH_AHEAD;
        let gone = || async { Ok(None) };
        assert!(map.get("client", later, gone).await.unwrap().is_none());
        assert!(map.younger_than("client", later, CLIENT_TTL).is_none());
    }

    #[tokio::test]
    async fn a_read_that_began_before_a_forget_is_not_kept() {
        let map = Arc::new(Timed::<String, u32>::new(CLIENT_TTL));
        let reads = Arc::new(AtomicUsize::new(0));
        let reading = {
            let (map, reads) = (map.clone(), reads.clone());
            tokio::spawn(async move { map.get("client", 100, loader(&reads, 1)).await })
        };
        tokio::time::sleep(Duration::from_millis(5)).await;
        map.forget(|_, _| true);
        assert_eq!(*reading.await.unwrap().unwrap().unwrap(), 1);
        // Not kept: the next request reads again.
        assert_eq!(
            *map.get("client", 101, loader(&reads, 2))
                .await
                .unwrap()
                .unwrap(),
            2
        );
        assert_eq!(reads.load(Ordering::SeqCst), 2);
    }
}
