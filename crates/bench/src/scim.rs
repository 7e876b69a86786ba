//! `entente-bench scim`: SCIM 2.0 provisioning (issue 23) over HTTP, against a running
//! server, as Entra ID's provisioning drives it.
//!
//! An application of the tenant ("Bench SCIM provisioning") is registered through
//! Graph and granted the directory API's `SCIM.ReadWrite.All`; no API grants an
//! application a directory permission (the bootstrap and the tests write the
//! assignment), so the benchmark writes the assignment to the database the same way.
//! Its client credentials token then makes every SCIM request. The benchmark times:
//!
//! (a) the initial sync of `sync` users: for each, `GET /Users?filter=userName eq
//! "..."` (no match) then `POST /Users`, `concurrency` users in flight at once (Entra
//! sends in parallel); then the rest of `users` is written in bulk to the database,
//! as `seed` writes users, each with the `externalId`, kept attributes and
//! `meta.lastModified` a POST of the same body would have given it (each created and
//! last changed at one time, a minute after the one before, the last a day before the
//! sync);
//!
//! (b) with `users` users, each request one after the other, its answer checked: a
//! lookup by `userName` (`lookups` random users), a page of 100 at a random
//! `startIndex` (`pages` times), the first and the deepest full page, a lookup by
//! `externalId` and a filter on `meta.lastModified` near the end (`requests` times
//! each);
//!
//! (c) `groups` times on a fresh group (`POST /Groups`): one `PATCH` adding `members`
//! users, checked with `GET /Groups/{id}?attributes=members`, then one `PATCH` removing
//! them all.
//!
//! With `--seed-only --state FILE` it only runs (a) and the seed, then a short series
//! of (b)'s first two requests on the server as it is; `--state FILE` then runs (b)
//! and (c). `bench/run scim` restarts the server between the two, as `reviews` does:
//! a SQLite connection plans with the statistics it loaded when it opened, and the
//! server's were opened when the tenant had one user.
//!
//! Prints each step as it goes to stderr and the figures as JSON to stdout.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use entente_domain::access::{DIRECTORY_API_ID, DIRECTORY_PERMISSIONS};
use entente_model::{AppRoleAssignment, AssignmentId, PrincipalType, TenantId, User};
use entente_storage::Store;
use serde_json::{Value, json};

use crate::guests::unix_now;
use crate::invite::{Tenant as ApiTenant, call, client_token};

pub struct Options {
    /// The server's base URL.
    pub base: String,
    pub database_url: String,
    /// The tenant, and its bootstrap application (which registers the provisioning one).
    pub tenant: ApiTenant,
    /// How many users (a) creates through SCIM.
    pub sync: usize,
    /// How many users the tenant holds for (b) and (c), the synced ones included.
    pub users: usize,
    /// How many users (a) has in flight at once.
    pub concurrency: usize,
    /// How many lookups by `userName` (b) times.
    pub lookups: usize,
    /// How many pages at a random `startIndex` (b) times.
    pub pages: usize,
    /// How many of each other request (b) times.
    pub requests: usize,
    /// How many fresh groups (c) changes.
    pub groups: usize,
    /// How many members one PATCH of (c) adds.
    pub members: usize,
    pub phase: Phase,
}

/// What one run does.
pub enum Phase {
    /// Everything, in one process, on a server that is not restarted.
    All,
    /// (a) and the seed; writes what (b) and (c) need to the file.
    Seed(PathBuf),
    /// (b) and (c) on the directory the file describes.
    Measure(PathBuf),
}

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// Requests of each kind sent before the timed ones, not counted.
const WARM_UP: usize = 10;

/// Users written per transaction when seeding.
const SEED_BATCH: usize = 10_000;

/// How many users a filter on `meta.lastModified` should find, at least.
const RECENT: usize = 100;

/// Requests of each kind timed on the server as the seed left it (before a restart).
const BEFORE_RESTART: usize = 200;

pub async fn run(o: Options) -> anyhow::Result<()> {
    ensure!(
        o.sync > 0
            && o.users >= o.sync
            && o.users >= 100
            && o.concurrency > 0
            && o.sync >= o.groups * o.members,
        "--users must be at least --sync and 100, --sync at least --groups x --members, \
         and --sync and --concurrency more than 0"
    );
    let tenant: TenantId = o.tenant.id.parse().context("--tenant is not a tenant id")?;
    let store = Store::connect(&o.database_url).await.context("connect")?;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(600))
        .build()?;
    let synced = match &o.phase {
        Phase::All => sync_and_seed(&o, &store, &http, tenant).await?,
        Phase::Seed(file) => {
            let synced = sync_and_seed(&o, &store, &http, tenant).await?;
            std::fs::write(file, synced.to_json().to_string())
                .with_context(|| format!("writing {}", file.display()))?;
            store.close().await;
            return Ok(());
        }
        Phase::Measure(file) => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("reading {}", file.display()))?;
            let synced = Synced::from_json(&serde_json::from_str(&text)?)?;
            ensure!(
                synced.sync == o.sync && synced.users == o.users,
                "{} describes {} synced of {} users: give the same --sync and --users",
                file.display(),
                synced.sync,
                synced.users
            );
            synced
        }
    };
    store.close().await;
    let bench = Bench::new(&o, &http, &synced).await?;
    let reads = bench.reads().await?;
    let patches = bench.group_patches().await?;
    println!(
        "{}",
        json!({
            "backend": backend(&o.database_url),
            "users": o.users,
            "sync": synced.figures,
            "seed_s": synced.seed_s,
            "before_restart": synced.before_restart,
            "reads": reads,
            "group_patch": patches,
        })
    );
    Ok(())
}

/// What (a) and the seed leave for (b) and (c).
struct Synced {
    tenant: String,
    domain: String,
    client_id: String,
    client_secret: String,
    /// The tenant's users before the sync (the bootstrap's administrator).
    baseline: i64,
    sync: usize,
    users: usize,
    /// The ids of the first `groups x members` synced users, `u0` first.
    member_ids: Vec<String>,
    /// A `meta.lastModified` near the end, and how many users changed after it.
    modified_after: String,
    modified_after_count: usize,
    figures: Value,
    seed_s: f64,
    before_restart: Value,
}

impl Synced {
    fn to_json(&self) -> Value {
        json!({
            "tenant": self.tenant,
            "domain": self.domain,
            "clientId": self.client_id,
            "clientSecret": self.client_secret,
            "baseline": self.baseline,
            "sync": self.sync,
            "users": self.users,
            "memberIds": self.member_ids,
            "modifiedAfter": self.modified_after,
            "modifiedAfterCount": self.modified_after_count,
            "figures": self.figures,
            "seedS": self.seed_s,
            "beforeRestart": self.before_restart,
        })
    }

    fn from_json(v: &Value) -> anyhow::Result<Synced> {
        let text = |name: &str| {
            v[name]
                .as_str()
                .map(str::to_owned)
                .with_context(|| format!("{name}: a string"))
        };
        let count = |name: &str| {
            v[name]
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .with_context(|| format!("{name}: a count"))
        };
        Ok(Synced {
            tenant: text("tenant")?,
            domain: text("domain")?,
            client_id: text("clientId")?,
            client_secret: text("clientSecret")?,
            baseline: v["baseline"].as_i64().context("baseline")?,
            sync: count("sync")?,
            users: count("users")?,
            member_ids: v["memberIds"]
                .as_array()
                .context("memberIds")?
                .iter()
                .map(|id| id.as_str().map(str::to_owned).context("a member id"))
                .collect::<anyhow::Result<_>>()?,
            modified_after: text("modifiedAfter")?,
            modified_after_count: count("modifiedAfterCount")?,
            figures: v["figures"].clone(),
            seed_s: v["seedS"].as_f64().context("seedS")?,
            before_restart: v["beforeRestart"].clone(),
        })
    }

    fn provisioner(&self) -> ApiTenant {
        ApiTenant {
            id: self.tenant.clone(),
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
        }
    }
}

/// One user created by (a).
struct Made {
    n: usize,
    id: String,
    last_modified: String,
    lookup: Duration,
    create: Duration,
}

/// Registers the provisioning application, runs (a), seeds the rest, and times a
/// short series of reads on the server as the seed left it.
async fn sync_and_seed(
    o: &Options,
    store: &Store,
    http: &reqwest::Client,
    tenant: TenantId,
) -> anyhow::Result<Synced> {
    let (domain, baseline) = {
        let mut conn = store.read().await?;
        let mut db = conn.db();
        let found = db
            .tenant_by_id(tenant)
            .await?
            .context("no tenant has the --tenant id")?;
        (found.initial_domain, db.count_users(tenant).await?)
    };
    let (client_id, client_secret) = provisioning_app(o, store, http, tenant).await?;
    let provisioner = ApiTenant {
        id: o.tenant.id.clone(),
        client_id: client_id.clone(),
        client_secret: client_secret.clone(),
    };
    let token = scim_token(http, &o.base, &provisioner).await?;
    let users_url = format!("{}/scim/v2/{}/Users", o.base, o.tenant.id);
    eprintln!(
        "(a) initial sync of {} users into {domain}, {} in flight",
        o.sync, o.concurrency
    );
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = tokio::task::JoinSet::new();
    let began = Instant::now();
    for _ in 0..o.concurrency {
        let (http, token, url, domain, next) = (
            http.clone(),
            token.clone(),
            users_url.clone(),
            domain.clone(),
            next.clone(),
        );
        let sync = o.sync;
        workers.spawn(async move {
            let mut made = Vec::new();
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= sync {
                    return anyhow::Ok(made);
                }
                made.push(provision(&http, &token, &url, &domain, n).await?);
                if n % 1000 == 999 {
                    eprintln!("  {} users provisioned", n + 1);
                }
            }
        });
    }
    let mut made = Vec::with_capacity(o.sync);
    while let Some(done) = workers.join_next().await {
        made.extend(done??);
    }
    let wall = began.elapsed();
    made.sort_by_key(|m| m.n);
    let mut lookups: Vec<Duration> = made.iter().map(|m| m.lookup).collect();
    let mut creates: Vec<Duration> = made.iter().map(|m| m.create).collect();
    let figures = json!({
        "users": o.sync,
        "concurrency": o.concurrency,
        "seconds": (wall.as_secs_f64() * 100.0).round() / 100.0,
        "users_per_s": (o.sync as f64 / wall.as_secs_f64() * 10.0).round() / 10.0,
        "get_by_user_name": latencies(&mut lookups),
        "post": latencies(&mut creates),
    });
    eprintln!(
        "(a) {} users in {:.1} s, {:.0} users/s; GET {}; POST {}",
        o.sync,
        wall.as_secs_f64(),
        o.sync as f64 / wall.as_secs_f64(),
        figures["get_by_user_name"],
        figures["post"]
    );
    let (modified_after, modified_after_count) = recent_threshold(&made)?;

    let seeded = Instant::now();
    // A day before now: every seeded user changed before any synced one.
    let before = unix_now() - 86_400;
    seed(store, tenant, &domain, o.sync..o.users, before).await?;
    // A server refreshes planner statistics at start and hourly; do it now, as `seed`
    // does.
    store.optimize().await?;
    let seed_s = (seeded.elapsed().as_secs_f64() * 10.0).round() / 10.0;
    eprintln!(
        "{} more users written in bulk in {seed_s:.1} s",
        o.users - o.sync
    );
    let synced = Synced {
        tenant: o.tenant.id.clone(),
        domain,
        client_id,
        client_secret,
        baseline,
        sync: o.sync,
        users: o.users,
        member_ids: made
            .iter()
            .take(o.groups * o.members)
            .map(|m| m.id.clone())
            .collect(),
        modified_after,
        modified_after_count,
        figures,
        seed_s,
        before_restart: Value::Null,
    };
    // The server's connections as they are: opened before the seed.
    let bench = Bench::new(o, http, &synced).await?;
    let before_restart = json!({
        "get_by_user_name": bench.by_user_name(BEFORE_RESTART).await?,
        "page_at_random_start": bench.pages_at_random(BEFORE_RESTART).await?,
    });
    eprintln!("before a restart: {before_restart}");
    Ok(Synced {
        before_restart,
        ..synced
    })
}

/// Registers "Bench SCIM provisioning" with a secret through Graph, with the bootstrap
/// application's token, and grants it `SCIM.ReadWrite.All`; answers its client id and
/// secret.
async fn provisioning_app(
    o: &Options,
    store: &Store,
    http: &reqwest::Client,
    tenant: TenantId,
) -> anyhow::Result<(String, String)> {
    let admin = client_token(http, &o.base, &o.tenant).await?;
    let app = call(
        http.post(format!("{}/v1.0/applications", o.base))
            .bearer_auth(&admin)
            .json(&json!({ "displayName": "Bench SCIM provisioning" })),
        201,
    )
    .await?;
    let object: uuid::Uuid = app["id"]
        .as_str()
        .context("app id")?
        .parse()
        .context("app id")?;
    let client_id = app["appId"].as_str().context("appId")?.to_owned();
    let secret = call(
        http.post(format!("{}/v1.0/applications/{object}/addPassword", o.base))
            .bearer_auth(&admin)
            .json(&json!({ "passwordCredential": { "displayName": "bench" } })),
        200,
    )
    .await?;
    let client_secret = secret["secretText"]
        .as_str()
        .context("secretText")?
        .to_owned();
    let (role, _) = DIRECTORY_PERMISSIONS
        .iter()
        .find(|(_, name)| *name == "SCIM.ReadWrite.All")
        .context("the directory API has no SCIM.ReadWrite.All")?;
    let mut tx = store.write().await?;
    tx.db()
        .insert_assignment(&AppRoleAssignment {
            id: AssignmentId::new_id(),
            tenant_id: tenant,
            principal_id: object,
            principal_type: PrincipalType::ServicePrincipal,
            resource_id: DIRECTORY_API_ID,
            app_role_id: *role,
            created_at: unix_now(),
        })
        .await?;
    tx.commit().await?;
    Ok((client_id, client_secret))
}

/// A client credentials token of the provisioning application that SCIM takes. The
/// server caches a client for 15 s, so a token asked for before the grant reached it
/// would lack the role: asks again for up to 20 s.
async fn scim_token(
    http: &reqwest::Client,
    base: &str,
    provisioner: &ApiTenant,
) -> anyhow::Result<String> {
    let url = format!("{base}/scim/v2/{}/ServiceProviderConfig", provisioner.id);
    let began = Instant::now();
    loop {
        let token = client_token(http, base, provisioner).await?;
        let status = http.get(&url).bearer_auth(&token).send().await?.status();
        if status == 200 {
            return Ok(token);
        }
        if began.elapsed() > Duration::from_secs(20) {
            bail!("SCIM answers {status} to the provisioning application's token");
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// User `n`'s body, as Entra ID's default attribute mappings send it.
fn user_body(n: usize, domain: &str) -> Value {
    let (first, last) = name_of(n);
    let address = user_name(n, domain);
    json!({
        "schemas": [USER],
        "userName": address,
        "displayName": format!("{first} {last}"),
        "name": { "givenName": first, "familyName": last, "formatted": format!("{first} {last}") },
        "emails": [{ "value": address, "type": "work", "primary": true }],
        "externalId": external_id(n),
        "active": true,
    })
}

fn name_of(n: usize) -> (&'static str, &'static str) {
    let first = crate::FIRST_NAMES[n % crate::FIRST_NAMES.len()];
    let last = crate::LAST_NAMES[(n / crate::FIRST_NAMES.len()) % crate::LAST_NAMES.len()];
    (first, last)
}

fn user_name(n: usize, domain: &str) -> String {
    format!("u{n}@{domain}")
}

fn external_id(n: usize) -> String {
    format!("e{n}")
}

/// (a) for one user: looks it up by `userName`, expecting none, then creates it.
async fn provision(
    http: &reqwest::Client,
    token: &str,
    users_url: &str,
    domain: &str,
    n: usize,
) -> anyhow::Result<Made> {
    let name = user_name(n, domain);
    let (lookup, found) = timed(
        http.get(filtered(users_url, &format!("userName eq \"{name}\"")))
            .bearer_auth(token),
        200,
    )
    .await?;
    ensure!(
        found["totalResults"] == 0,
        "{name} is found before it is made: {found}"
    );
    let (create, made) = timed(
        http.post(users_url)
            .bearer_auth(token)
            .header("content-type", "application/scim+json")
            .body(user_body(n, domain).to_string()),
        201,
    )
    .await?;
    ensure!(
        made["userName"] == name.as_str() && made["externalId"] == external_id(n).as_str(),
        "POST /Users answered {made}"
    );
    Ok(Made {
        n,
        id: made["id"].as_str().context("id")?.to_owned(),
        last_modified: made["meta"]["lastModified"]
            .as_str()
            .context("meta.lastModified")?
            .to_owned(),
        lookup,
        create,
    })
}

/// The latest `meta.lastModified` of the synced users after which at least
/// [`RECENT`] of them changed, and how many did (times are whole seconds, so
/// usually more).
fn recent_threshold(made: &[Made]) -> anyhow::Result<(String, usize)> {
    let mut times: Vec<&str> = made.iter().map(|m| m.last_modified.as_str()).collect();
    times.sort_unstable();
    times.dedup();
    for threshold in times.iter().rev() {
        let after = made
            .iter()
            .filter(|m| m.last_modified.as_str() > *threshold)
            .count();
        if after >= RECENT {
            return Ok(((*threshold).to_owned(), after));
        }
    }
    bail!("fewer than {RECENT} users were made after the first second of the sync")
}

/// Writes users `range` in bulk, each as a SCIM POST of [`user_body`] would have made
/// it: its `externalId` and kept attributes, created and last changed at the same
/// time, a minute apart, the last a minute before `before`.
///
/// The users are inserted first and their SCIM attributes set after the statistics
/// know them: PostgreSQL (autovacuum off, as the benchmark's server runs) otherwise
/// plans each update by id as a walk of the tenant's principal names, as if the
/// tenant had the one user it had at the last `ANALYZE` (90,000 updates took 870 s).
async fn seed(
    store: &Store,
    tenant: TenantId,
    domain: &str,
    range: std::ops::Range<usize>,
    before: i64,
) -> anyhow::Result<()> {
    let end = range.end;
    let users: Vec<(usize, User)> = range
        .map(|n| {
            let (first, last) = name_of(n);
            let at = before - 60 * (end - n) as i64;
            let address = user_name(n, domain);
            let user = User::new_member(
                tenant,
                address.clone(),
                Some(address),
                format!("{first} {last}"),
                at,
            );
            (n, user)
        })
        .collect();
    for batch in users.chunks(SEED_BATCH) {
        let mut tx = store.write().await?;
        let mut inserts = tx.db().inserts();
        inserts.users(&batch.iter().map(|(_, u)| u).collect::<Vec<_>>());
        tx.db().run(inserts).await?;
        tx.commit().await?;
    }
    store.optimize().await?;
    for batch in users.chunks(SEED_BATCH) {
        let mut tx = store.write().await?;
        for (n, user) in batch {
            let mut kept = user_body(*n, domain);
            let kept = json!({ "name": kept["name"].take(), "emails": kept["emails"].take() });
            let set = tx
                .db()
                .set_user_scim(
                    tenant,
                    user.id,
                    Some(&external_id(*n)),
                    Some(&kept),
                    user.created_at,
                )
                .await?;
            ensure!(set, "user {n} was not written");
        }
        tx.commit().await?;
        if let Some((n, _)) = batch.last() {
            eprintln!("  {} users written", n + 1);
        }
    }
    Ok(())
}

/// What (b) and (c) work with.
struct Bench<'o> {
    o: &'o Options,
    http: &'o reqwest::Client,
    synced: &'o Synced,
    token: String,
    users_url: String,
    groups_url: String,
    /// The users in the tenant: the baseline and every synced or seeded one.
    total: i64,
}

impl<'o> Bench<'o> {
    async fn new(
        o: &'o Options,
        http: &'o reqwest::Client,
        synced: &'o Synced,
    ) -> anyhow::Result<Bench<'o>> {
        let token = scim_token(http, &o.base, &synced.provisioner()).await?;
        let scim = format!("{}/scim/v2/{}", o.base, synced.tenant);
        Ok(Bench {
            o,
            http,
            synced,
            token,
            users_url: format!("{scim}/Users"),
            groups_url: format!("{scim}/Groups"),
            total: synced.baseline + synced.users as i64,
        })
    }

    /// (b): every read, one after the other, each answer checked.
    async fn reads(&self) -> anyhow::Result<Value> {
        let o = self.o;
        eprintln!("(b) reads with {} users in the tenant", self.total);
        let by_user_name = self.by_user_name(o.lookups).await?;
        eprintln!(
            "(b) userName eq, {} random users: {by_user_name}",
            o.lookups
        );
        let pages = self.pages_at_random(o.pages).await?;
        eprintln!(
            "(b) page of 100 at a random startIndex, {} pages: {pages}",
            o.pages
        );
        let first = self
            .series(o.requests, |_| async move { self.page(1).await })
            .await?;
        eprintln!("(b) first page of 100, {} times: {first}", o.requests);
        // The deepest full page, to set beside the first: SCIM's startIndex skips.
        let deepest = self.synced.users - 99;
        let last = self
            .series(o.requests, |_| async move { self.page(deepest).await })
            .await?;
        eprintln!(
            "(b) page of 100 at startIndex {deepest}, {} times: {last}",
            o.requests
        );
        let by_external_id = self
            .series(o.requests, |random| async move {
                let n = random % self.synced.users;
                let found = self
                    .list(&filtered(
                        &self.users_url,
                        &format!("externalId eq \"{}\"", external_id(n)),
                    ))
                    .await?;
                self.expect_one(&found, n)
            })
            .await?;
        eprintln!(
            "(b) externalId eq, {} random users: {by_external_id}",
            o.requests
        );
        let threshold = &self.synced.modified_after;
        let recent = self
            .series(o.requests, |_| async move {
                let found = self
                    .list(&filtered(
                        &self.users_url,
                        &format!("meta.lastModified gt \"{threshold}\""),
                    ))
                    .await?;
                let want = self.synced.modified_after_count;
                let listed = found["Resources"].as_array().context("Resources")?;
                ensure!(
                    found["totalResults"] == want && listed.len() == want.min(100),
                    "meta.lastModified gt {threshold}: {} found, {} listed, not {want}",
                    found["totalResults"],
                    listed.len()
                );
                ensure!(
                    listed.iter().all(|u| u["meta"]["lastModified"]
                        .as_str()
                        .is_some_and(|t| t > threshold.as_str())),
                    "a user listed changed before {threshold}"
                );
                Ok(())
            })
            .await?;
        eprintln!(
            "(b) meta.lastModified gt \"{threshold}\" ({} users), {} times: {recent}",
            self.synced.modified_after_count, o.requests
        );
        Ok(json!({
            "get_by_user_name": by_user_name,
            "page_at_random_start": pages,
            "first_page": first,
            "deepest_page": last,
            "get_by_external_id": by_external_id,
            "last_modified_gt": recent,
            "last_modified_matches": self.synced.modified_after_count,
        }))
    }

    /// `requests` lookups by `userName` of random users, each checked.
    async fn by_user_name(&self, requests: usize) -> anyhow::Result<Value> {
        let domain = &self.synced.domain;
        self.series(requests, |random| async move {
            let n = random % self.synced.users;
            let found = self
                .list(&filtered(
                    &self.users_url,
                    &format!("userName eq \"{}\"", user_name(n, domain)),
                ))
                .await?;
            self.expect_one(&found, n)
        })
        .await
    }

    /// `requests` pages of 100 at random start indexes among the synced and seeded.
    async fn pages_at_random(&self, requests: usize) -> anyhow::Result<Value> {
        let last_start = self.synced.users - 99;
        self.series(requests, |random| async move {
            self.page(1 + random % last_start).await
        })
        .await
    }

    /// The page of 100 from `start`, checked whole.
    async fn page(&self, start: usize) -> anyhow::Result<()> {
        let found = self
            .list(&format!("{}?startIndex={start}&count=100", self.users_url))
            .await?;
        let listed = found["Resources"].as_array().map_or(0, Vec::len);
        ensure!(
            found["totalResults"] == self.total
                && found["startIndex"] == start
                && found["itemsPerPage"] == 100
                && listed == 100,
            "page at {start}: totalResults {}, startIndex {}, itemsPerPage {}, {listed} listed; \
             expected {} in all and 100 listed",
            found["totalResults"],
            found["startIndex"],
            found["itemsPerPage"],
            self.total
        );
        Ok(())
    }

    fn expect_one(&self, found: &Value, n: usize) -> anyhow::Result<()> {
        let name = user_name(n, &self.synced.domain);
        ensure!(
            found["totalResults"] == 1
                && found["Resources"][0]["userName"] == name.as_str()
                && found["Resources"][0]["externalId"] == external_id(n).as_str(),
            "user {n}: expected {name} alone, got {found}"
        );
        Ok(())
    }

    async fn list(&self, url: &str) -> anyhow::Result<Value> {
        let (_, body) = timed(self.http.get(url).bearer_auth(&self.token), 200).await?;
        Ok(body)
    }

    /// Runs `request` [`WARM_UP`] times untimed, then `requests` times timed, one
    /// after the other, each with the next number of a fixed pseudo-random sequence.
    async fn series<F, Fut>(&self, requests: usize, request: F) -> anyhow::Result<Value>
    where
        F: Fn(usize) -> Fut,
        Fut: std::future::Future<Output = anyhow::Result<()>>,
    {
        let mut random = SplitMix(0x5c1f_2026);
        for _ in 0..WARM_UP {
            request(random.draw()).await?;
        }
        let mut samples = Vec::with_capacity(requests);
        for _ in 0..requests {
            let n = random.draw();
            let began = Instant::now();
            request(n).await?;
            samples.push(began.elapsed());
        }
        Ok(latencies(&mut samples))
    }

    /// (c): on each fresh group, one PATCH adding the members, checked by reading the
    /// group, then one PATCH removing them all.
    async fn group_patches(&self) -> anyhow::Result<Value> {
        let o = self.o;
        let mut adds = Vec::with_capacity(o.groups);
        let mut reads = Vec::with_capacity(o.groups);
        let mut removes = Vec::with_capacity(o.groups);
        for k in 0..o.groups {
            let ids = &self.synced.member_ids[k * o.members..(k + 1) * o.members];
            let (_, group) = timed(
                self.http
                    .post(&self.groups_url)
                    .bearer_auth(&self.token)
                    .header("content-type", "application/scim+json")
                    .body(
                        json!({
                            "schemas": [GROUP],
                            "displayName": format!("Bench SCIM group {}", k + 1),
                            "externalId": format!("g{k}"),
                        })
                        .to_string(),
                    ),
                201,
            )
            .await?;
            let group = group["id"].as_str().context("group id")?.to_owned();
            let url = format!("{}/{group}", self.groups_url);
            let add = self.patch_members(&url, "Add", ids).await?;
            let (read, members) = self.members(&url).await?;
            let mut want = ids.to_vec();
            want.sort_unstable();
            ensure!(
                members == want,
                "group {}: {} members after adding {}",
                k + 1,
                members.len(),
                ids.len()
            );
            let remove = self.patch_members(&url, "Remove", ids).await?;
            let (_, left) = self.members(&url).await?;
            ensure!(
                left.is_empty(),
                "group {}: {} members left after removing all",
                k + 1,
                left.len()
            );
            eprintln!(
                "(c) group {}: add {} members {:.0} ms, read them {:.0} ms, remove them {:.0} ms",
                k + 1,
                ids.len(),
                ms(add),
                ms(read),
                ms(remove)
            );
            adds.push(add);
            reads.push(read);
            removes.push(remove);
        }
        let figures = |times: &[Duration]| {
            json!({
                "ms": times.iter().map(|t| ms(*t)).collect::<Vec<_>>(),
                "median_ms": ms(median(times)),
                "max_ms": ms(times.iter().copied().max().unwrap_or_default()),
            })
        };
        Ok(json!({
            "members": o.members,
            "add": figures(&adds),
            "read_members": figures(&reads),
            "remove": figures(&removes),
        }))
    }

    /// One PATCH of a group's `members` (`Add` or `Remove`) naming `ids`, timed.
    async fn patch_members(&self, url: &str, op: &str, ids: &[String]) -> anyhow::Result<Duration> {
        let value: Vec<Value> = ids.iter().map(|id| json!({ "value": id })).collect();
        let body = json!({
            "schemas": [PATCH_OP],
            "Operations": [{ "op": op, "path": "members", "value": value }],
        });
        let (took, _) = timed(
            self.http
                .patch(url)
                .bearer_auth(&self.token)
                .header("content-type", "application/scim+json")
                .body(body.to_string()),
            200,
        )
        .await?;
        Ok(took)
    }

    /// The group's member ids, sorted, and how long reading them took.
    async fn members(&self, url: &str) -> anyhow::Result<(Duration, Vec<String>)> {
        let (took, group) = timed(
            self.http
                .get(format!("{url}?attributes=members"))
                .bearer_auth(&self.token),
            200,
        )
        .await?;
        let mut ids: Vec<String> = match group.get("members") {
            None => Vec::new(),
            Some(members) => members
                .as_array()
                .context("members")?
                .iter()
                .map(|m| {
                    m["value"]
                        .as_str()
                        .map(str::to_owned)
                        .context("a member's value")
                })
                .collect::<anyhow::Result<_>>()?,
        };
        ids.sort_unstable();
        Ok((took, ids))
    }
}

/// A fixed pseudo-random sequence (SplitMix64), so every run asks for the same users.
struct SplitMix(u64);

impl SplitMix {
    fn draw(&mut self) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) as usize
    }
}

/// Sends a request; answers how long its whole answer took to arrive, and the answer.
async fn timed(request: reqwest::RequestBuilder, want: u16) -> anyhow::Result<(Duration, Value)> {
    let began = Instant::now();
    let response = request.send().await?;
    let status = response.status();
    let text = response.text().await?;
    let took = began.elapsed();
    if status.as_u16() != want {
        bail!(
            "HTTP {status}: {}",
            text.chars().take(2000).collect::<String>()
        );
    }
    Ok((took, serde_json::from_str(&text)?))
}

/// `url?filter=...`, the filter percent-encoded as Entra ID sends it (`%20`, `%22`).
fn filtered(url: &str, filter: &str) -> String {
    let mut encoded = String::with_capacity(filter.len() * 3);
    for byte in filter.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("{url}?filter={encoded}")
}

fn backend(database_url: &str) -> &'static str {
    if database_url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    }
}

/// p50, p99 and the longest of `samples` in milliseconds.
fn latencies(samples: &mut [Duration]) -> Value {
    samples.sort();
    let at = |q: f64| {
        let i = ((samples.len() as f64 * q) as usize).min(samples.len().saturating_sub(1));
        samples
            .get(i)
            .map_or(0.0, |s| (s.as_secs_f64() * 1_000_000.0).round() / 1000.0)
    };
    json!({ "n": samples.len(), "p50_ms": at(0.5), "p99_ms": at(0.99), "max_ms": at(1.0) })
}

/// The median of `times` (the mean of the middle two for an even count).
fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    match sorted.len() {
        0 => Duration::ZERO,
        n => (sorted[(n - 1) / 2] + sorted[n / 2]) / 2,
    }
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 10_000.0).round() / 10.0
}
