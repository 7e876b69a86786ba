//! `entente-bench`: the parts of Entente's benchmarks that are not plain HTTP load
//! (which `bench/run` drives with wrk): seeding a large directory, timing the
//! directory lookups on it through the storage layer, timing bulk invitation
//! through a running server's API, timing access reviews over many guests, and timing
//! SCIM provisioning over HTTP.
//!
//! It writes only to the database it is pointed at, and never runs in the test suite.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Parser, Subcommand};
use entente_model::{
    Actor, CreationType, ExternalUserState, Tenant, TenantId, User, UserId, UserType,
};
use entente_storage::{Filter, Literal, NewUser, Query, Store, UserField, UserScope};

mod guests;
mod invite;
mod reviews;
mod scim;

#[derive(Parser)]
#[command(about = "Entente benchmark helpers")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a tenant with N members, committed in batches of 1,000.
    Seed {
        #[arg(long)]
        database_url: String,
        #[arg(long, default_value_t = 100_000)]
        users: usize,
        /// Add the users to this existing tenant instead of a new one.
        #[arg(long)]
        tenant: Option<String>,
        /// People's names ("Alice Moreau") and the spread of a real directory, for the
        /// Graph query benchmark: one in ten a guest (invited; 30 % of them pending),
        /// one in fifty disabled, creation times over three years. Without it, names
        /// are "User 000042" (the portal benchmark's).
        #[arg(long)]
        people: bool,
    },
    /// Time lookups by email and pages of 100 users in the largest tenant.
    Lookups {
        #[arg(long)]
        database_url: String,
        #[arg(long, default_value_t = 2_000)]
        iterations: usize,
    },
    /// Through a running server's API: create 2 applications and 2 groups, then upload
    /// and confirm `batches` CSV files of `rows` rows, timing each step.
    Invite {
        /// The server's base URL, such as http://127.0.0.1:18080.
        #[arg(long)]
        base: String,
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        client_id: String,
        #[arg(long)]
        client_secret: String,
        #[arg(long, default_value_t = 2_000)]
        rows: usize,
        #[arg(long, default_value_t = 1)]
        batches: usize,
        /// The SMTP server's maildir: wait after each batch until all its emails are in.
        #[arg(long)]
        maildir: Option<PathBuf>,
        /// How long to wait for one batch's emails, in seconds.
        #[arg(long, default_value_t = 300)]
        mail_timeout: u64,
        /// How long to let the server settle after a batch's emails are in (its
        /// delivery worker records the last of them, the SQLite checkpoint runs)
        /// before the next batch, in milliseconds.
        #[arg(long, default_value_t = 2_000)]
        settle_ms: u64,
        /// Another, empty tenant as `TENANT_ID,CLIENT_ID,CLIENT_SECRET` (repeatable):
        /// each gets one file of `rows` rows, spread between the batches, whose median
        /// is "the time of 2,000" measured while the batches run.
        #[arg(long)]
        fresh: Vec<String>,
    },
    /// For the guest token benchmark: a partner tenant whose member is invited into
    /// `tenant`, redeems, and signs in to a new application `tokens` times; with
    /// `partners`, that many cross-tenant access partner entries in `tenant`. Prints
    /// the application's credentials; writes the refresh tokens to `out`.
    Guests {
        #[arg(long)]
        base: String,
        #[arg(long)]
        database_url: String,
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        client_id: String,
        #[arg(long)]
        client_secret: String,
        #[arg(long, default_value_t = 1_000)]
        partners: usize,
        #[arg(long, default_value_t = 64)]
        tokens: usize,
        #[arg(long)]
        out: PathBuf,
    },
    /// Access reviews (issue 22) of a group of `guests` guests by their `sponsors`
    /// sponsors, in `tenant` of a running server: the start of an instance on
    /// `repeats` fresh definitions, a sponsor's reviewer page over HTTP (`requests`
    /// times) and in-process, then the end and apply of the last instance.
    Reviews {
        #[arg(long)]
        base: String,
        #[arg(long)]
        database_url: String,
        /// The server's data directory (its master key seals the queued emails).
        #[arg(long)]
        data_dir: PathBuf,
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        client_id: String,
        #[arg(long)]
        client_secret: String,
        #[arg(long, default_value_t = 10_000)]
        guests: usize,
        #[arg(long, default_value_t = 100)]
        sponsors: usize,
        #[arg(long, default_value_t = 3)]
        repeats: usize,
        #[arg(long, default_value_t = 500)]
        requests: usize,
        /// Only seed, and write what the steps need to this file (for a server
        /// restarted between, see `bench/run reviews`).
        #[arg(long, requires = "state")]
        seed_only: bool,
        /// With --seed-only, the file to write; without, time the steps on the
        /// directory this file describes instead of seeding one.
        #[arg(long)]
        state: Option<PathBuf>,
    },
    /// SCIM provisioning (issue 23) in `tenant` of a running server, as Entra ID
    /// drives it: (a) the initial sync of `sync` users (a lookup by userName, then a
    /// POST, `concurrency` users in flight), the rest of `users` written in bulk; (b)
    /// lookups and pages with `users` users; (c) a PATCH adding `members` members to
    /// each of `groups` fresh groups, and one removing them.
    Scim {
        #[arg(long)]
        base: String,
        #[arg(long)]
        database_url: String,
        #[arg(long)]
        tenant: String,
        /// The bootstrap application, which registers the provisioning one.
        #[arg(long)]
        client_id: String,
        #[arg(long)]
        client_secret: String,
        #[arg(long, default_value_t = 10_000)]
        sync: usize,
        #[arg(long, default_value_t = 100_000)]
        users: usize,
        #[arg(long, default_value_t = 8)]
        concurrency: usize,
        #[arg(long, default_value_t = 1_000)]
        lookups: usize,
        #[arg(long, default_value_t = 300)]
        pages: usize,
        #[arg(long, default_value_t = 200)]
        requests: usize,
        #[arg(long, default_value_t = 5)]
        groups: usize,
        #[arg(long, default_value_t = 1_000)]
        members: usize,
        /// Only sync and seed, and write what the reads and PATCHes need to this file
        /// (for a server restarted between, see `bench/run scim`).
        #[arg(long, requires = "state")]
        seed_only: bool,
        /// With --seed-only, the file to write; without, time the reads and PATCHes
        /// on the directory this file describes instead of syncing one.
        #[arg(long)]
        state: Option<PathBuf>,
    },
    /// The time of one password check (argon2id, the server's parameters) on one
    /// thread, median of `runs`, and what it makes the ceiling of sign-ins per second
    /// on this machine's cores (`bench/run login` prints it beside the measured rate).
    HashTime {
        #[arg(long, default_value_t = 30)]
        runs: usize,
    },
    /// aws-lc's own signing rates per core (ECDSA P-256 and RSA-2048 with SHA-256, on
    /// a token-sized input), on one thread alone and on every core at once: the
    /// ceiling of tokens per server CPU-second (`bench/run peers` compares).
    SignRate {
        /// Seconds per measurement.
        #[arg(long, default_value_t = 3.0)]
        seconds: f64,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Seed {
            database_url,
            users,
            tenant,
            people,
        } => seed(&database_url, users, tenant.as_deref(), people).await,
        Command::Lookups {
            database_url,
            iterations,
        } => lookups(&database_url, iterations).await,
        Command::Invite {
            base,
            tenant,
            client_id,
            client_secret,
            rows,
            batches,
            maildir,
            mail_timeout,
            settle_ms,
            fresh,
        } => {
            invite::run(invite::Options {
                base,
                main: invite::Tenant {
                    id: tenant,
                    client_id,
                    client_secret,
                },
                fresh: fresh
                    .iter()
                    .map(|f| invite::Tenant::parse(f))
                    .collect::<anyhow::Result<_>>()?,
                rows,
                batches,
                maildir,
                mail_timeout: Duration::from_secs(mail_timeout),
                settle: Duration::from_millis(settle_ms),
            })
            .await
        }
        Command::Guests {
            base,
            database_url,
            tenant,
            client_id,
            client_secret,
            partners,
            tokens,
            out,
        } => {
            guests::run(guests::Options {
                base,
                database_url,
                tenant: invite::Tenant {
                    id: tenant,
                    client_id,
                    client_secret,
                },
                partners,
                tokens,
                out,
            })
            .await
        }
        Command::Reviews {
            base,
            database_url,
            data_dir,
            tenant,
            client_id,
            client_secret,
            guests,
            sponsors,
            repeats,
            requests,
            seed_only,
            state,
        } => {
            let phase = match (seed_only, state) {
                (true, Some(file)) => reviews::Phase::Seed(file),
                (_, Some(file)) => reviews::Phase::Measure(file),
                (_, None) => reviews::Phase::All,
            };
            reviews::run(reviews::Options {
                base,
                database_url,
                data_dir,
                tenant: invite::Tenant {
                    id: tenant,
                    client_id,
                    client_secret,
                },
                guests,
                sponsors,
                repeats,
                requests,
                phase,
            })
            .await
        }
        Command::Scim {
            base,
            database_url,
            tenant,
            client_id,
            client_secret,
            sync,
            users,
            concurrency,
            lookups,
            pages,
            requests,
            groups,
            members,
            seed_only,
            state,
        } => {
            let phase = match (seed_only, state) {
                (true, Some(file)) => scim::Phase::Seed(file),
                (_, Some(file)) => scim::Phase::Measure(file),
                (_, None) => scim::Phase::All,
            };
            scim::run(scim::Options {
                base,
                database_url,
                tenant: invite::Tenant {
                    id: tenant,
                    client_id,
                    client_secret,
                },
                sync,
                users,
                concurrency,
                lookups,
                pages,
                requests,
                groups,
                members,
                phase,
            })
            .await
        }
        Command::HashTime { runs } => {
            hash_time(runs);
            Ok(())
        }
        Command::SignRate { seconds } => {
            sign_rate(Duration::from_secs_f64(seconds));
            Ok(())
        }
    }
}

fn hash_time(runs: usize) {
    use entente_domain::crypto::{SystemEntropy, hash_password, verify_password};
    let hash = hash_password("benchmark admin password", &SystemEntropy);
    let median = |threads: usize| -> Duration {
        let mut times: Vec<Duration> = on_threads(threads, || {
            (0..runs.max(1))
                .map(|_| {
                    let started = Instant::now();
                    assert!(verify_password("benchmark admin password", &hash));
                    started.elapsed()
                })
                .collect::<Vec<_>>()
        })
        .into_iter()
        .flatten()
        .collect();
        times.sort();
        times[times.len() / 2]
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let alone = median(1);
    // Every core hashing at once, as at capacity: argon2's 19 MiB each share the
    // caches and the memory bandwidth.
    let together = median(cores);
    println!(
        "password check (argon2id), median of {runs}: {:.1} ms on one thread alone, {:.1} ms with {cores} at once; \
         ceiling {cores} cores / {:.1} ms = {:.1} sign-ins/s",
        alone.as_secs_f64() * 1e3,
        together.as_secs_f64() * 1e3,
        together.as_secs_f64() * 1e3,
        cores as f64 / together.as_secs_f64()
    );
}

/// What `work` returns on each of `threads` threads running it at once.
fn on_threads<T: Send>(threads: usize, work: impl Fn() -> T + Sync) -> Vec<T> {
    std::thread::scope(|scope| {
        let running: Vec<_> = (0..threads).map(|_| scope.spawn(&work)).collect();
        running
            .into_iter()
            .map(|thread| thread.join().expect("a benchmark thread"))
            .collect()
    })
}

fn sign_rate(period: Duration) {
    use aws_lc_rs::rand::SystemRandom;
    use aws_lc_rs::rsa::KeySize;
    use aws_lc_rs::signature::{
        ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, RSA_PKCS1_SHA256, RsaKeyPair,
    };
    // A token's signing input is about 800 bytes of base64url.
    let input = vec![b'e'; 800];
    let ec = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).expect("P-256 key");
    let rsa = RsaKeyPair::generate(KeySize::Rsa2048).expect("RSA key");
    let ec_sign = || {
        ec.sign(&SystemRandom::new(), &input).expect("sign");
    };
    let rsa_sign = || {
        let mut signature = vec![0; rsa.public_modulus_len()];
        rsa.sign(
            &RSA_PKCS1_SHA256,
            &SystemRandom::new(),
            &input,
            &mut signature,
        )
        .expect("sign");
    };
    // Signatures per second per thread, with `threads` signing at once.
    let rate = |threads: usize, sign: &(dyn Fn() + Sync)| -> f64 {
        let total: u64 = on_threads(threads, || {
            let started = Instant::now();
            let mut n = 0u64;
            while started.elapsed() < period {
                sign();
                n += 1;
            }
            n
        })
        .into_iter()
        .sum();
        total as f64 / period.as_secs_f64() / threads as f64
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    for (name, sign) in [
        ("ECDSA P-256", &ec_sign as &(dyn Fn() + Sync)),
        ("RSA-2048", &rsa_sign),
    ] {
        println!(
            "aws-lc {name} SHA-256 signatures per second per core: {:.0} on one thread alone, {:.0} with {cores} at once",
            rate(1, sign),
            rate(cores, sign)
        );
    }
}

const BENCH_DOMAIN: &str = "bench.entente.test";

async fn seed(url: &str, count: usize, existing: Option<&str>, people: bool) -> anyhow::Result<()> {
    let store = Store::connect(url).await.context("connect")?;
    store.migrate().await?;
    let started = Instant::now();
    let mut tx = store.write().await?;
    let tenant = match existing {
        Some(id) => {
            let id: TenantId = id.parse().context("--tenant is not a tenant id")?;
            tx.db()
                .tenant_by_id(id)
                .await?
                .context("no tenant has the --tenant id")?
        }
        None => {
            let tenant = Tenant::new(
                TenantId::new_id(),
                "Bench".into(),
                format!("{}.{BENCH_DOMAIN}", uuid::Uuid::new_v4().simple()),
                0,
            );
            tx.db().insert_tenant(&tenant).await?;
            tenant
        }
    };
    for i in 0..count {
        let user = if people {
            person(&tenant, i)
        } else {
            let member = User::new_member(
                tenant.id,
                format!("user{i}@{}", tenant.initial_domain),
                Some(format!("user{i}@example.com")),
                format!("User {i:06}"),
                0,
            );
            // One in ten is a guest, so `userType eq` filters have something to find.
            User {
                user_type: if i % 10 == 0 {
                    UserType::Guest
                } else {
                    UserType::Member
                },
                ..member
            }
        };
        tx.db()
            .insert_user(NewUser {
                user: &user,
                password_hash: None,
            })
            .await?;
        // An audit log as long as the directory, with a rarer action among the
        // common one, for the portal's audit page and its filters.
        let action = if i % 100 == 0 {
            "Update user"
        } else {
            "Add user"
        };
        let target = user.id.to_string();
        let details = serde_json::json!({ "userPrincipalName": user.user_principal_name });
        tx.db()
            .append_audit(
                tenant.id,
                i as i64,
                &Actor::System,
                action,
                "User",
                Some(&target),
                &details,
            )
            .await?;
        if i % 1000 == 999 {
            tx.commit().await?;
            tx = store.write().await?;
        }
    }
    tx.commit().await?;
    // A server refreshes planner statistics at start and hourly; do it now, as the
    // next start would, so the lookups measure the plans a running server uses.
    store.optimize().await?;
    store.close().await;
    println!(
        "{{\"tenantId\":\"{}\",\"users\":{count},\"seconds\":{:.1}}}",
        tenant.id,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

const FIRST_NAMES: [&str; 40] = [
    "Alice", "Alina", "Ali", "Amir", "Anna", "Bruno", "Chloe", "Daniel", "Elena", "Emma", "Fatima",
    "Felix", "Grace", "Hugo", "Ines", "Ivan", "Jade", "Jonas", "Karim", "Lea", "Liam", "Lucia",
    "Malik", "Marie", "Mateo", "Nina", "Noah", "Olga", "Omar", "Paula", "Pierre", "Rosa", "Sami",
    "Sofia", "Tariq", "Ugo", "Vera", "Wei", "Yara", "Zoe",
];

const LAST_NAMES: [&str; 40] = [
    "Martin",
    "Bernard",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefebvre",
    "Garcia",
    "Muller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Rossi",
    "Russo",
    "Bianchi",
    "Romano",
    "Novak",
    "Horvat",
    "Kowalski",
    "Nowak",
    "Silva",
    "Santos",
    "Costa",
    "Pereira",
    "Jensen",
    "Nielsen",
    "Hansen",
    "Andersen",
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Wilson",
    "Evans",
    "Khan",
    "Ali",
    "Chen",
    "Wang",
];

/// The `i`th user of a directory of people: "First Last", one in ten an invited guest
/// (30 % of those not yet redeemed), one in fifty disabled, created over three years.
fn person(tenant: &Tenant, i: usize) -> User {
    let first = FIRST_NAMES[i % FIRST_NAMES.len()];
    let last = LAST_NAMES[(i / FIRST_NAMES.len()) % LAST_NAMES.len()];
    let address = format!("{}.{}.{i}", first.to_lowercase(), last.to_lowercase());
    let created_at = 1_640_995_200 + (i as i64 * 947) % (3 * 365 * 86_400);
    let member = User::new_member(
        tenant.id,
        format!("{address}@{}", tenant.initial_domain),
        Some(format!("{address}@example.com")),
        format!("{first} {last}"),
        created_at,
    );
    let account_enabled = i % 50 != 7;
    if !i.is_multiple_of(10) {
        return User {
            account_enabled,
            ..member
        };
    }
    let pending = i % 100 < 30;
    User {
        user_type: UserType::Guest,
        creation_type: Some(CreationType::Invitation),
        external_user_state: Some(if pending {
            ExternalUserState::PendingAcceptance
        } else {
            ExternalUserState::Accepted
        }),
        external_user_state_changed_at: Some(created_at),
        user_principal_name: format!("{address}_partner.example#EXT#@{}", tenant.initial_domain),
        mail: Some(format!("{address}@partner.example")),
        account_enabled,
        ..member
    }
}

async fn lookups(url: &str, iterations: usize) -> anyhow::Result<()> {
    let store = Store::connect(url).await.context("connect")?;
    let tenant = largest_tenant(&store).await?;
    let users = { store.read().await?.db().count_users(tenant).await? };
    let mut by_email = Vec::with_capacity(iterations);
    let mut pages = Vec::with_capacity(iterations);
    let mut filtered = Vec::with_capacity(iterations);
    for i in 0..iterations {
        let mut conn = store.read().await?;
        let n = (i * 7919) % users.max(1) as usize;
        let started = Instant::now();
        let found = conn
            .db()
            .list_users(
                tenant,
                UserScope::Tenant,
                &query(
                    Filter::eq(
                        UserField::Mail,
                        Literal::Text(format!("user{n}@example.com")),
                    ),
                    1,
                ),
            )
            .await?;
        by_email.push(started.elapsed());
        anyhow::ensure!(found.items.len() == 1, "user{n} not found");
        // A page of 100 starting at a random point of the id order, as paging does.
        let after = UserId(uuid::Uuid::from_u128((n as u128) << 100));
        let started = Instant::now();
        let page = conn
            .db()
            .list_users(
                tenant,
                UserScope::Tenant,
                &Query {
                    filter: None,
                    sort: None,
                    after: Some(after.to_string().parse()?),
                    limit: 100,
                },
            )
            .await?;
        pages.push(started.elapsed());
        anyhow::ensure!(
            !page.items.is_empty() || n > users as usize - 200,
            "empty page"
        );
        let started = Instant::now();
        let prefix = format!("User {:03}", n % 1000);
        conn.db()
            .list_users(
                tenant,
                UserScope::Tenant,
                &query(Filter::starts_with(UserField::DisplayName, prefix), 100),
            )
            .await?;
        filtered.push(started.elapsed());
    }
    store.close().await;
    let report = |name: &str, mut samples: Vec<std::time::Duration>| {
        samples.sort();
        let at = |q: f64| {
            samples[((samples.len() as f64 * q) as usize).min(samples.len() - 1)].as_secs_f64()
                * 1000.0
        };
        format!(
            "\"{name}\":{{\"p50_ms\":{:.3},\"p99_ms\":{:.3},\"max_ms\":{:.3}}}",
            at(0.5),
            at(0.99),
            at(1.0)
        )
    };
    println!(
        "{{\"users\":{users},\"iterations\":{iterations},{},{},{}}}",
        report("lookup_by_email", by_email),
        report("page_of_100", pages),
        report("display_name_prefix_page", filtered)
    );
    Ok(())
}

/// A query of the first `limit` users matching `filter`.
fn query(filter: Filter<UserField>, limit: i64) -> Query<UserField> {
    Query {
        filter: Some(filter),
        sort: None,
        after: None,
        limit,
    }
}

async fn largest_tenant(store: &Store) -> anyhow::Result<TenantId> {
    let mut conn = store.read().await?;
    conn.db()
        .largest_tenant()
        .await?
        .context("no tenant: run `entente-bench seed` first")
}
