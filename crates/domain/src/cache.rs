//! Short-lived copies of what every protocol request looks up: the tenant a URL names,
//! and a client's registration, secrets and role assignments.
//!
//! The database stays the source of truth: an entry lives `TENANT_TTL` or `CLIENT_TTL`
//! seconds and is then read again, so a change made on another node takes effect
//! within that bound. On the node that makes a change, the use case drops the tenant's
//! entries at once. Lookups that find nothing are not kept, so probing random names
//! cannot fill the cache.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use entente_model::{AppRoleAssignment, Application, Tenant, TenantId, UnixTime};
use entente_storage::{SecretRecord, Store};

use crate::DomainError;
use crate::cross_tenant::rules::InForce;

/// How long a tenant stays cached; tenants and their domains change rarely.
pub const TENANT_TTL: i64 = 60;
/// How long a client stays cached: the longest a removed secret or role keeps working
/// on a node other than the one that removed it.
pub const CLIENT_TTL: i64 = 15;
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

/// Entries with the time they were read from the database.
type Timed<K, V> = RwLock<HashMap<K, (Arc<V>, UnixTime)>>;

#[derive(Default, Debug)]
pub struct DirectoryCache {
    tenants: Timed<String, Tenant>,
    clients: Timed<(TenantId, String), ClientRecord>,
    /// The cross-tenant access settings a tenant applies to a partner (`None`: to
    /// everyone without an entry).
    cross_tenant: Timed<(TenantId, Option<uuid::Uuid>), InForce>,
}

fn fresh<T: Clone>(entry: Option<&(T, UnixTime)>, now: UnixTime, ttl: i64) -> Option<T> {
    entry
        .filter(|(_, loaded)| now - *loaded < ttl && *loaded <= now)
        .map(|(value, _)| value.clone())
}

/// An entry past its time, while it may still stand in for an unavailable database.
fn stale<K: std::hash::Hash + Eq, V: Clone>(
    map: &Timed<K, V>,
    key: &K,
    now: UnixTime,
) -> Option<Arc<V>> {
    map.read()
        .ok()
        .and_then(|m| fresh(m.get(key), now, STALE_IF_UNAVAILABLE))
}

/// Whether `error` is the database being unavailable (rather than a bug or a rule).
fn unavailable(error: &DomainError) -> bool {
    matches!(error, DomainError::Store(e) if e.unavailable().is_some())
}

fn remember<K: std::hash::Hash + Eq, V>(
    map: &RwLock<HashMap<K, (V, UnixTime)>>,
    key: K,
    value: V,
    now: UnixTime,
) {
    if let Ok(mut map) = map.write() {
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
        map.insert(key, (value, now));
    }
}

impl DirectoryCache {
    /// The tenant named by `segment` (its id or a domain).
    pub async fn tenant(
        &self,
        store: &Store,
        segment: &str,
        now: UnixTime,
    ) -> Result<Option<Arc<Tenant>>, DomainError> {
        let key = segment.to_ascii_lowercase();
        if let Some(hit) = self
            .tenants
            .read()
            .ok()
            .and_then(|m| fresh(m.get(&key), now, TENANT_TTL))
        {
            return Ok(Some(hit));
        }
        let found = match load_tenant(store, &key).await {
            Ok(found) => found,
            Err(error) if unavailable(&error) => {
                return stale(&self.tenants, &key, now).map(Some).ok_or(error);
            }
            Err(error) => return Err(error),
        };
        Ok(found.map(|tenant| {
            let tenant = Arc::new(tenant);
            remember(&self.tenants, key, tenant.clone(), now);
            tenant
        }))
    }

    /// A client of a tenant, with its secrets and assignments.
    pub async fn client(
        &self,
        store: &Store,
        tenant: TenantId,
        client_id: &str,
        now: UnixTime,
    ) -> Result<Option<Arc<ClientRecord>>, DomainError> {
        let key = (tenant, client_id.to_owned());
        if let Some(hit) = self
            .clients
            .read()
            .ok()
            .and_then(|m| fresh(m.get(&key), now, CLIENT_TTL))
        {
            return Ok(Some(hit));
        }
        let record = match load_client(store, tenant, client_id).await {
            Ok(Some(record)) => Arc::new(record),
            Ok(None) => return Ok(None),
            Err(error) if unavailable(&error) => {
                return stale(&self.clients, &key, now).map(Some).ok_or(error);
            }
            Err(error) => return Err(error),
        };
        remember(&self.clients, key, record.clone(), now);
        Ok(Some(record))
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
            .read()
            .ok()
            .and_then(|m| fresh(m.get(&(owner, partner)), now, TENANT_TTL))
    }

    pub fn remember_cross_tenant(
        &self,
        owner: TenantId,
        partner: Option<uuid::Uuid>,
        settings: Arc<InForce>,
        now: UnixTime,
    ) {
        remember(&self.cross_tenant, (owner, partner), settings, now);
    }

    /// Drops everything cached about a tenant; called by every use case that changes
    /// the tenant, its applications, secrets or assignments.
    pub fn forget_tenant(&self, tenant: TenantId) {
        if let Ok(mut clients) = self.clients.write() {
            clients.retain(|(t, _), _| *t != tenant);
        }
        if let Ok(mut tenants) = self.tenants.write() {
            tenants.retain(|_, (t, _)| t.id != tenant);
        }
        if let Ok(mut settings) = self.cross_tenant.write() {
            settings.retain(|(owner, _), _| *owner != tenant);
        }
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
