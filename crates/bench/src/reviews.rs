//! `entente-bench reviews`: access reviews over a tenant's guests (issue 22), timed
//! through the domain's own entry points and, for the reviewer's page, over HTTP.
//!
//! Seeds the inviting tenant first: `guests` guests written in bulk (as `seed` writes
//! users), all created 60 days ago and one in five signed in within the last 20
//! days, so the recommendation is "Approve" for those and "Deny" for the rest;
//! `sponsors` members created through the API with passwords, each sponsoring an
//! equal run of the guests; and one group holding every guest. Then it times
//! (a) the start of an instance of a review of the group's guests by their sponsors
//! (`reviews::run_due`: a decision per guest, who decides each, an email per
//! sponsor), on `repeats` fresh definitions; (b) one sponsor's reviewer page over
//! HTTP, and the domain call under it in-process; (c) the end of the last instance
//! (the recommendation as the default decision of every guest) and the apply of its
//! denials (each guest denied removed from the group, with an audit entry).
//!
//! The benchmark calls the domain with a clock a day ahead of the server's: the
//! server's minute tick takes the starts and steps due at the real time, so it never
//! takes one of the benchmark's before (or while) the call timed does. The test
//! suite moves the clock the same way. Emails are queued for that time too, so the
//! server's delivery worker does not send them during the run.
//!
//! With `--seed-only --state FILE` it only seeds, and `--state FILE` then times the
//! steps on that directory: `bench/run reviews` restarts the server between the two.
//! A SQLite connection plans with the statistics it loaded when it opened (another
//! connection's `ANALYZE` does not reach it), and a server started before the
//! guests were written plans some statements as if the tenant had a handful of
//! users (BENCHMARKS.md, "Access reviews over 10,000 guests").
//!
//! Prints each step as it goes to stderr and the figures as JSON to stdout.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use entente::config::ConfigArgs;
use entente_domain::Services;
use entente_domain::access::ReviewAdmin;
use entente_domain::reviews;
use entente_model::reviews::{
    DefaultDecision, InstanceStatus, ReviewId, ReviewInstanceId, ReviewScope, ReviewSettings,
    ReviewSpec, Reviewer,
};
use entente_model::{
    Actor, CreationType, ExternalUserState, GroupId, PrincipalType, TenantId, User, UserId,
    UserType,
};
use serde_json::json;

use crate::guests::{Cookies, hidden, unix_now};
use crate::invite::{Tenant as ApiTenant, call};

pub struct Options {
    /// The server's base URL, also the public URL the emails' links name.
    pub base: String,
    pub database_url: String,
    /// The server's data directory, for its master key (the outbox seals emails).
    pub data_dir: PathBuf,
    pub tenant: ApiTenant,
    pub guests: usize,
    pub sponsors: usize,
    /// How many definitions are started, one instance each, for (a).
    pub repeats: usize,
    /// How many requests of the reviewer's page are timed, for (b).
    pub requests: usize,
    pub phase: Phase,
}

/// What one run does.
pub enum Phase {
    /// Seeds the directory and times everything in one process.
    All,
    /// Seeds the directory and writes what the steps need to the file.
    Seed(PathBuf),
    /// Times the steps on the directory the file describes.
    Measure(PathBuf),
}

const DAY: i64 = 86_400;

/// How far the benchmark's clock runs ahead of the server's (see the module's text).
const AHEAD: i64 = DAY;

/// Requests (and domain calls) before the timed ones, not counted.
const WARM_UP: usize = 20;

const PASSWORD: &str = "the access review benchmark's sponsor password";

pub async fn run(o: Options) -> anyhow::Result<()> {
    ensure!(
        o.sponsors > 0 && o.guests >= o.sponsors && o.repeats > 0 && o.requests > 0,
        "--guests must be at least --sponsors, and --sponsors, --repeats and --requests more than 0"
    );
    let tenant: TenantId = o.tenant.id.parse().context("--tenant is not a tenant id")?;
    // The services the server builds, over the same database and master key.
    let config = ConfigArgs {
        data_dir: Some(o.data_dir.clone()),
        database_url: Some(o.database_url.clone()),
        public_url: Some(o.base.clone()),
        ..ConfigArgs::default()
    }
    .resolve()?;
    let store = entente::server::open_store(&config).await?;
    let services = entente::server::services(&config, store).await?;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(600))
        .build()?;
    let bench = Bench {
        o: &o,
        services,
        http,
        tenant,
        // The benchmark acts as the deployment: the capability is what a Global
        // Administrator's or an application's permission check would hand back.
        admin: ReviewAdmin {
            tenant,
            actor: Actor::System,
        },
    };
    let seeded = match &o.phase {
        Phase::All => bench.seed().await?,
        Phase::Seed(file) => {
            let seeded = bench.seed().await?;
            std::fs::write(file, seeded.to_json().to_string())
                .with_context(|| format!("writing {}", file.display()))?;
            bench.services.store.close().await;
            return Ok(());
        }
        Phase::Measure(file) => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("reading {}", file.display()))?;
            let seeded = Seeded::from_json(&serde_json::from_str(&text)?)?;
            ensure!(
                seeded.guests == o.guests && seeded.sponsors.len() == o.sponsors,
                "{} describes {} guests and {} sponsors: give the same --guests and --sponsors",
                file.display(),
                seeded.guests,
                seeded.sponsors.len()
            );
            seeded
        }
    };
    let started = bench.starts(&seeded).await?;
    let page = bench.reviewer_page(&seeded, &started).await?;
    let applied = bench.end_and_apply(&seeded, &started).await?;
    bench.services.store.close().await;
    println!(
        "{}",
        json!({
            "guests": o.guests,
            "sponsors": o.sponsors,
            "seed_ms": seeded.took_ms,
            "start_ms": started.times.iter().map(|t| ms(*t)).collect::<Vec<_>>(),
            "start_median_ms": ms(median(&started.times)),
            "reviewer_page_http": page.http,
            "reviewer_page_domain": page.domain,
            "end_ms": ms(applied.end),
            "apply_ms": ms(applied.apply),
            "approved": applied.approved,
            "denied": applied.denied,
            "applied": applied.applied,
            "group_members_left": applied.members_left,
        })
    );
    Ok(())
}

/// What every step works with.
struct Bench<'o> {
    o: &'o Options,
    services: Services,
    http: reqwest::Client,
    tenant: TenantId,
    admin: ReviewAdmin,
}

/// The seeded directory.
struct Seeded {
    guests: usize,
    group: GroupId,
    /// In creation order: sponsor `s` sponsors guests `s * per_sponsor ..`.
    sponsors: Vec<Sponsor>,
    per_sponsor: usize,
    /// How many guests signed in recently (their recommendation is "Approve").
    recent: usize,
    took_ms: f64,
}

struct Sponsor {
    id: UserId,
    user_principal_name: String,
}

impl Seeded {
    fn to_json(&self) -> serde_json::Value {
        json!({
            "guests": self.guests,
            "group": self.group.to_string(),
            "sponsors": self.sponsors.iter()
                .map(|s| json!([s.id.to_string(), s.user_principal_name]))
                .collect::<Vec<_>>(),
            "perSponsor": self.per_sponsor,
            "recent": self.recent,
            "tookMs": self.took_ms,
        })
    }

    fn from_json(v: &serde_json::Value) -> anyhow::Result<Seeded> {
        let text = |v: &serde_json::Value| v.as_str().map(str::to_owned).context("a string");
        let count = |v: &serde_json::Value| {
            v.as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .context("a count")
        };
        Ok(Seeded {
            guests: count(&v["guests"])?,
            group: text(&v["group"])?.parse().context("group")?,
            sponsors: v["sponsors"]
                .as_array()
                .context("sponsors")?
                .iter()
                .map(|s| {
                    Ok(Sponsor {
                        id: text(&s[0])?.parse().context("sponsor id")?,
                        user_principal_name: text(&s[1])?,
                    })
                })
                .collect::<anyhow::Result<_>>()?,
            per_sponsor: count(&v["perSponsor"])?,
            recent: count(&v["recent"])?,
            took_ms: v["tookMs"].as_f64().context("tookMs")?,
        })
    }
}

/// The definitions started for (a): the start times, and the last definition with
/// its instance, which (b) and (c) use.
struct Started {
    times: Vec<Duration>,
    review: ReviewId,
    instance: ReviewInstanceId,
}

struct PageFigures {
    http: serde_json::Value,
    domain: serde_json::Value,
}

struct Applied {
    end: Duration,
    apply: Duration,
    approved: i64,
    denied: i64,
    applied: i64,
    members_left: usize,
}

/// The display name of guest `i` (the reviewer's page is checked for them).
fn guest_name(i: usize) -> String {
    format!("Bench guest {i:05}")
}

/// The benchmark's clock (see [`AHEAD`]).
fn clock() -> i64 {
    unix_now() + AHEAD
}

impl Bench<'_> {
    /// Creates the sponsors and the group through the API, then writes the guests,
    /// their memberships, sponsors and sign-in activity in one transaction.
    async fn seed(&self) -> anyhow::Result<Seeded> {
        let o = self.o;
        let began = Instant::now();
        let tenant = {
            let mut conn = self.services.store.read().await?;
            conn.db()
                .tenant_by_id(self.tenant)
                .await?
                .context("no tenant has the --tenant id")?
        };
        let domain = tenant.initial_domain.clone();
        // Addresses unique to this run, should the database be used again.
        let tag = uuid::Uuid::new_v4().simple().to_string()[..8].to_owned();
        let token = crate::invite::client_token(&self.http, &o.base, &o.tenant).await?;
        let group = call(
            self.http
                .post(format!("{}/v1.0/groups", o.base))
                .bearer_auth(&token)
                .json(&json!({ "displayName": "Partner portal" })),
            201,
        )
        .await?;
        let group: GroupId = group["id"]
            .as_str()
            .context("group id")?
            .parse()
            .context("group id")?;
        let mut sponsors = Vec::with_capacity(o.sponsors);
        for s in 0..o.sponsors {
            let name = format!("sponsor{s:03}.{tag}");
            let user_principal_name = format!("{name}@{domain}");
            let created = call(
                self.http
                    .post(format!("{}/v1.0/users", o.base))
                    .bearer_auth(&token)
                    .json(&json!({
                        "displayName": format!("Sponsor {s:03}"),
                        "userPrincipalName": user_principal_name,
                        "mail": format!("{name}@bench.example"),
                        "mailNickname": name,
                        "accountEnabled": true,
                        "passwordProfile": {
                            "password": PASSWORD,
                            "forceChangePasswordNextSignIn": false,
                        },
                    })),
                201,
            )
            .await?;
            sponsors.push(Sponsor {
                id: created["id"]
                    .as_str()
                    .context("user id")?
                    .parse()
                    .context("user id")?,
                user_principal_name,
            });
        }
        eprintln!(
            "{} sponsors and the group created through the API in {:.1} s",
            o.sponsors,
            began.elapsed().as_secs_f64()
        );

        let now = unix_now();
        let created_at = now - 60 * DAY;
        let per_sponsor = o.guests.div_ceil(o.sponsors);
        let guests: Vec<User> = (0..o.guests)
            .map(|i| {
                let partner = format!("partner{}.example", i % 50);
                let local = format!("guest{i:05}.{tag}");
                let member = User::new_member(
                    self.tenant,
                    format!("{local}_{partner}#EXT#@{domain}"),
                    Some(format!("{local}@{partner}")),
                    guest_name(i),
                    created_at,
                );
                User {
                    user_type: UserType::Guest,
                    creation_type: Some(CreationType::Invitation),
                    external_user_state: Some(ExternalUserState::Accepted),
                    external_user_state_changed_at: Some(created_at),
                    ..member
                }
            })
            .collect();
        let members: Vec<(GroupId, UserId)> = guests.iter().map(|g| (group, g.id)).collect();
        let sponsored: Vec<(UserId, uuid::Uuid, PrincipalType)> = guests
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id, sponsors[i / per_sponsor].id.0, PrincipalType::User))
            .collect();
        // One in five signed in within the last 20 days (the look-back is 30).
        let recent: Vec<(TenantId, UserId, i64)> = guests
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 5 == 0)
            .map(|(i, g)| (self.tenant, g.id, now - (1 + i as i64 % 20) * DAY))
            .collect();
        let written = Instant::now();
        let mut tx = self.services.store.write().await?;
        let mut inserts = tx.db().inserts();
        inserts.users(&guests.iter().collect::<Vec<_>>());
        inserts.group_members(self.tenant, &members);
        inserts.user_sponsors(self.tenant, &sponsored, now);
        tx.db().run(inserts).await?;
        tx.db().record_non_interactive_sign_ins(&recent).await?;
        tx.commit().await?;
        // A server refreshes planner statistics at start and hourly; do it now, as
        // `seed` does, so the steps run with the plans a running server has.
        self.services.store.optimize().await?;
        eprintln!(
            "{} guests with their group memberships, sponsors and sign-ins written in {:.1} s",
            o.guests,
            written.elapsed().as_secs_f64()
        );
        Ok(Seeded {
            guests: o.guests,
            group,
            sponsors,
            per_sponsor,
            recent: recent.len(),
            took_ms: ms(began.elapsed()),
        })
    }

    /// (a): creates `repeats` definitions one after the other and times the start
    /// of each one's instance. The instances started before stay in progress.
    async fn starts(&self, seeded: &Seeded) -> anyhow::Result<Started> {
        let o = self.o;
        let mut times = Vec::with_capacity(o.repeats);
        let mut last = None;
        for k in 0..o.repeats {
            let now = clock();
            let spec = ReviewSpec {
                display_name: format!("Partner portal guests, review {}", k + 1),
                description_for_admins: String::new(),
                description_for_reviewers: "Keep only the partners who still work with us."
                    .to_owned(),
                scope: ReviewScope::Group {
                    id: seeded.group,
                    guests_only: true,
                },
                reviewers: vec![Reviewer::Sponsors],
                fallback_reviewers: Vec::new(),
                settings: ReviewSettings {
                    mail_notifications: true,
                    auto_apply: false,
                    default_decision: DefaultDecision::Recommendation,
                    ..ReviewSettings::default()
                },
                start_at: now,
            };
            let review = reviews::create(&self.services, &self.admin, spec, now).await?;
            let began = Instant::now();
            let taken = reviews::run_due(&self.services, now).await?;
            let took = began.elapsed();
            ensure!(taken == 1, "run_due took {taken} starts or steps, not 1");
            let mut conn = self.services.store.read().await?;
            let mut db = conn.db();
            let open = db.instances_in_progress(self.tenant, review.id).await?;
            let [instance] = open[..] else {
                bail!("{} instances in progress, not 1", open.len());
            };
            let counts = db
                .review_decision_counts(self.tenant, instance, None)
                .await?;
            let loads = db.review_reviewer_loads(self.tenant, instance).await?;
            let mailed = loads.iter().filter(|l| l.mail.is_some()).count();
            ensure!(
                counts.not_reviewed == o.guests as i64,
                "{} decisions to make, not {}",
                counts.not_reviewed,
                o.guests
            );
            ensure!(
                loads.len() == o.sponsors && mailed == o.sponsors,
                "{} reviewers ({mailed} with an address), not {}",
                loads.len(),
                o.sponsors
            );
            eprintln!(
                "(a) start {}: {:.0} ms ({} decisions, {} reviewers, {mailed} emails queued)",
                k + 1,
                ms(took),
                counts.total(),
                loads.len()
            );
            times.push(took);
            last = Some((review.id, instance));
        }
        eprintln!("(a) median start: {:.0} ms", ms(median(&times)));
        let (review, instance) = last.context("no start")?;
        Ok(Started {
            times,
            review,
            instance,
        })
    }

    /// (b): the first sponsor signs in and asks for its page of the last instance
    /// (its `per_sponsor` guests) `requests` times, one after the other; then the
    /// same page is read as many times through the domain in-process.
    async fn reviewer_page(
        &self,
        seeded: &Seeded,
        started: &Started,
    ) -> anyhow::Result<PageFigures> {
        let o = self.o;
        let sponsor = &seeded.sponsors[0];
        let cookie = self.sign_in(&sponsor.user_principal_name).await?;
        let url = format!(
            "{}/{}/myapps/reviews/{}",
            o.base, self.tenant, started.instance
        );
        let get = || async {
            let response = self.http.get(&url).header("cookie", &cookie).send().await?;
            let status = response.status();
            let body = response.text().await?;
            ensure!(status == 200, "the reviewer's page answered {status}");
            anyhow::Ok(body)
        };
        let page = get().await?;
        let shown = (0..seeded.per_sponsor)
            .filter(|i| page.contains(&guest_name(*i)))
            .count();
        ensure!(
            shown == seeded.per_sponsor,
            "the reviewer's page shows {shown} of the sponsor's {} guests",
            seeded.per_sponsor
        );
        for _ in 0..WARM_UP {
            get().await?;
        }
        let mut samples = Vec::with_capacity(o.requests);
        let all = Instant::now();
        for _ in 0..o.requests {
            let began = Instant::now();
            get().await?;
            samples.push(began.elapsed());
        }
        let wall = all.elapsed();
        let http = latencies(&mut samples, Some(wall));
        eprintln!(
            "(b) reviewer's page over HTTP, {} people, {} requests: {}",
            shown, o.requests, http
        );

        let read = || {
            reviews::reviewer_page(
                &self.services,
                self.tenant,
                sponsor.id,
                started.instance,
                false,
                None,
            )
        };
        for _ in 0..WARM_UP {
            read().await?;
        }
        let mut samples = Vec::with_capacity(o.requests);
        for _ in 0..o.requests {
            let began = Instant::now();
            let found = read().await?;
            samples.push(began.elapsed());
            ensure!(
                found.rows.len() == seeded.per_sponsor,
                "reviewer_page answered {} rows",
                found.rows.len()
            );
        }
        let domain = latencies(&mut samples, None);
        eprintln!(
            "(b) reviews::reviewer_page in-process, {} calls: {}",
            o.requests, domain
        );
        Ok(PageFigures { http, domain })
    }

    /// Signs in through the login page as a browser does; answers the Cookie header.
    async fn sign_in(&self, login: &str) -> anyhow::Result<String> {
        let url = format!("{}/{}/login", self.o.base, self.tenant);
        let mut cookies = Cookies::default();
        let page = cookies.keep(self.http.get(&url).send().await?);
        let csrf = hidden(&page.text().await?, "csrf")?;
        let signed = cookies.keep(
            self.http
                .post(&url)
                .header("cookie", cookies.header())
                .form(&[
                    ("login", login),
                    ("password", PASSWORD),
                    ("csrf", &csrf),
                    ("return_to", ""),
                ])
                .send()
                .await?,
        );
        if signed.status() != 303 || !cookies.0.iter().any(|(k, _)| k.contains("session")) {
            bail!("the sponsor's sign-in answered {}", signed.status());
        }
        Ok(cookies.header())
    }

    /// (c): ends the last instance (the recommendation becomes the decision of every
    /// guest), then applies it: each denied guest leaves the group.
    async fn end_and_apply(&self, seeded: &Seeded, started: &Started) -> anyhow::Result<Applied> {
        let o = self.o;
        let (review, instance) = (started.review, started.instance);
        let now = clock();
        let began = Instant::now();
        reviews::stop_instance(&self.services, &self.admin, review, instance, now).await?;
        let end = began.elapsed();
        let counts = {
            let mut conn = self.services.store.read().await?;
            conn.db()
                .review_decision_counts(self.tenant, instance, None)
                .await?
        };
        ensure!(
            counts.not_reviewed == 0 && counts.approved == seeded.recent as i64,
            "after the end: {counts:?}, expected {} approved and none open",
            seeded.recent
        );
        eprintln!(
            "(c) end (default decisions of {} guests): {:.0} ms, {} approved, {} denied",
            o.guests,
            ms(end),
            counts.approved,
            counts.denied
        );
        let now = clock();
        let began = Instant::now();
        reviews::apply_instance(&self.services, &self.admin, review, instance, now).await?;
        let apply = began.elapsed();
        let mut conn = self.services.store.read().await?;
        let mut db = conn.db();
        let after = db
            .review_decision_counts(self.tenant, instance, None)
            .await?;
        let status = db
            .review_instance(self.tenant, instance)
            .await?
            .map(|(found, _)| found.status);
        let members_left = db
            .enabled_group_members(self.tenant, seeded.group)
            .await?
            .len();
        ensure!(
            status == Some(InstanceStatus::Applied)
                && after.applied == o.guests as i64
                && members_left == o.guests - counts.denied as usize,
            "after the apply: {status:?}, {after:?}, {members_left} members left"
        );
        eprintln!(
            "(c) apply: {:.0} ms, {} denials applied ({:.0} per s), {members_left} guests left in the group",
            ms(apply),
            counts.denied,
            counts.denied as f64 / apply.as_secs_f64()
        );
        Ok(Applied {
            end,
            apply,
            approved: counts.approved,
            denied: counts.denied,
            applied: after.applied,
            members_left,
        })
    }
}

/// p50, p99 and the longest of `samples` in milliseconds; with `wall`, the rate the
/// samples were taken at.
fn latencies(samples: &mut [Duration], wall: Option<Duration>) -> serde_json::Value {
    samples.sort();
    let at = |q: f64| {
        let i = ((samples.len() as f64 * q) as usize).min(samples.len() - 1);
        (samples[i].as_secs_f64() * 1_000_000.0).round() / 1000.0
    };
    let mut figures =
        json!({ "n": samples.len(), "p50_ms": at(0.5), "p99_ms": at(0.99), "max_ms": at(1.0) });
    if let Some(wall) = wall {
        figures["per_s"] = json!((samples.len() as f64 / wall.as_secs_f64() * 10.0).round() / 10.0);
    }
    figures
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
