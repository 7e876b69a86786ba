//! `entente-bench invite`: bulk invitation through the HTTP API of a running server.
//!
//! Gets a token for the bootstrap application, creates two applications and two
//! groups, then uploads and confirms `batches` CSV files of `rows` rows each (every
//! row with both applications and both groups), timing the upload (preview) and the
//! confirmation of each. With `--maildir`, it also waits after each confirmation
//! until the SMTP server has stored every invitation email of the batch, and times
//! that from the start of the confirmation.
//!
//! With `--fresh` tenants, each empty tenant gets one file of the same size, spread
//! between the batches: their median is the time of one file measured across the same
//! minutes as the batches, so the ratio of the batches' total to it does not hang on
//! how fast the machine happened to be during the first batch alone.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use serde_json::{Value, json};

/// A tenant and the API application that invites into it.
pub struct Tenant {
    pub id: String,
    pub client_id: String,
    pub client_secret: String,
}

impl Tenant {
    /// `TENANT_ID,CLIENT_ID,CLIENT_SECRET`.
    pub fn parse(text: &str) -> anyhow::Result<Tenant> {
        let mut parts = text.splitn(3, ',');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(id), Some(client_id), Some(client_secret)) => Ok(Tenant {
                id: id.to_owned(),
                client_id: client_id.to_owned(),
                client_secret: client_secret.to_owned(),
            }),
            _ => bail!("expected TENANT_ID,CLIENT_ID,CLIENT_SECRET, got {text:?}"),
        }
    }
}

pub struct Options {
    pub base: String,
    /// The tenant that grows by `batches` files.
    pub main: Tenant,
    /// Empty tenants, one file each.
    pub fresh: Vec<Tenant>,
    pub rows: usize,
    pub batches: usize,
    pub maildir: Option<PathBuf>,
    pub mail_timeout: Duration,
    /// The pause after a batch's emails are in, before the next batch.
    pub settle: Duration,
}

/// One file's figures, in milliseconds.
struct Timing {
    upload: f64,
    confirm: f64,
    /// From the start of the confirmation until the SMTP server holds every email.
    emails: Option<f64>,
}

impl Timing {
    fn together(&self) -> f64 {
        self.upload + self.confirm
    }
}

/// A tenant ready to invite into: a token and the applications and groups every row
/// names.
struct Ready {
    token: String,
    apps: Vec<String>,
    groups: Vec<String>,
}

/// Where the run stands: the HTTP client and the emails the SMTP server should hold
/// once the current file's have arrived.
struct Run<'o> {
    o: &'o Options,
    http: reqwest::Client,
    emails_expected: usize,
}

pub async fn run(o: Options) -> anyhow::Result<()> {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(600))
        .build()?;
    let main = prepare(&http, &o, &o.main).await?;
    let mut fresh = Vec::new();
    for tenant in &o.fresh {
        fresh.push(prepare(&http, &o, tenant).await?);
    }
    let emails_expected = match &o.maildir {
        Some(dir) => count_messages(dir),
        None => 0,
    };
    let mut run = Run {
        o: &o,
        http,
        emails_expected,
    };
    let run_tag = uuid::Uuid::new_v4().simple().to_string();
    // Fresh tenant k's file goes before batch (2k + 1) * batches / (2 * fresh): for 3
    // and 10, before batches 2, 6 and 9 (counting from 1), never before the first.
    let fresh_before: Vec<usize> = (0..fresh.len())
        .map(|k| ((2 * k + 1) * o.batches / (2 * fresh.len())).max(1))
        .collect();
    let mut timings = Vec::new();
    let mut fresh_timings = Vec::new();
    let started = Instant::now();
    for batch in 0..o.batches {
        for (k, ready) in fresh.iter().enumerate() {
            if fresh_before[k] == batch {
                let csv = csv_file(&format!("{}f{k}", &run_tag[..8]), 0, o.rows, ready);
                let timing = run
                    .file(ready, csv, &format!("fresh tenant {}", k + 1))
                    .await?;
                print_timing(&format!("fresh {:>2}", k + 1), &timing, o.rows);
                fresh_timings.push(timing);
            }
        }
        let csv = csv_file(&run_tag[..8], batch, o.rows, &main);
        let timing = run.file(&main, csv, &format!("batch {batch}")).await?;
        print_timing(&format!("batch {:>2}", batch + 1), &timing, o.rows);
        timings.push(timing);
    }
    let wall = started.elapsed();
    let total: f64 = timings.iter().map(Timing::together).sum();
    let median_of = |values: Vec<f64>| -> f64 {
        let mut values = values;
        values.sort_by(f64::total_cmp);
        let n = values.len();
        if n == 0 {
            return f64::NAN;
        }
        (values[(n - 1) / 2] + values[n / 2]) / 2.0
    };
    let median = |value: &dyn Fn(&Timing) -> f64| median_of(timings.iter().map(value).collect());
    let medians = json!({
        "upload_ms": median(&|t| t.upload),
        "confirm_ms": median(&|t| t.confirm),
        "together_ms": median(&Timing::together),
        "emails_ms": o.maildir.as_ref().map(|_| median(&|t| t.emails.unwrap_or(0.0))),
    });
    let fresh_median = median_of(fresh_timings.iter().map(Timing::together).collect());
    let first = &timings[0];
    let last = &timings[timings.len() - 1];
    let report = json!({
        "rows": o.rows,
        "batches": o.batches,
        "first": {"upload_ms": first.upload, "confirm_ms": first.confirm,
                  "together_ms": first.together(), "emails_ms": first.emails},
        "last": {"upload_ms": last.upload, "confirm_ms": last.confirm,
                 "together_ms": last.together(), "emails_ms": last.emails},
        "median_of_batches": medians,
        "upload_confirm_total_ms": total,
        "total_over_first": total / first.together(),
        "total_over_median": total / medians["together_ms"].as_f64().unwrap_or(f64::NAN),
        "fresh_tenant_files_ms": fresh_timings.iter().map(Timing::together).collect::<Vec<_>>(),
        "fresh_tenant_emails_ms": fresh_timings.iter().map(|t| t.emails).collect::<Vec<_>>(),
        "fresh_tenant_median_ms": fresh_median,
        "total_over_fresh_median": total / fresh_median,
        "growth_per_batch": growth_per_batch(&timings),
        "last_over_first": last.together() / first.together(),
        "wall_ms": ms(wall),
    });
    println!("{report}");
    Ok(())
}

fn print_timing(label: &str, timing: &Timing, rows: usize) {
    eprintln!(
        "{label}: upload {:>8.1} ms, confirm {:>8.1} ms, together {:>8.1} ms{}",
        timing.upload,
        timing.confirm,
        timing.together(),
        timing
            .emails
            .map(|e| format!(", all {rows} emails received {e:.0} ms after the confirm began"))
            .unwrap_or_default()
    );
}

/// Gets a token for the tenant's application and creates the two applications and two
/// groups every row of its files names.
async fn prepare(http: &reqwest::Client, o: &Options, tenant: &Tenant) -> anyhow::Result<Ready> {
    let token = token(http, o, tenant).await?;
    let mut apps = Vec::new();
    let mut groups = Vec::new();
    for i in 1..=2 {
        apps.push(create(http, o, &token, "applications", &format!("Bench app {i}")).await?);
        groups.push(create(http, o, &token, "groups", &format!("Bench group {i}")).await?);
    }
    Ok(Ready {
        token,
        apps,
        groups,
    })
}

impl Run<'_> {
    /// Uploads and confirms one file into `ready`'s tenant, then waits for its emails.
    async fn file(&mut self, ready: &Ready, csv: String, name: &str) -> anyhow::Result<Timing> {
        let o = self.o;
        let t0 = Instant::now();
        let preview = call(
            self.http
                .post(format!("{}/v1.0/invitations/bulk", o.base))
                .bearer_auth(&ready.token)
                .header("content-type", "text/csv")
                .body(csv),
            201,
        )
        .await?;
        let upload = t0.elapsed();
        ensure!(
            preview["validRows"] == o.rows,
            "{name}: {} valid rows of {}; first row: {}",
            preview["validRows"],
            o.rows,
            preview["rows"][0]
        );
        let id = preview["id"].as_str().context("batch id")?.to_owned();
        let t1 = Instant::now();
        let confirmed = call(
            self.http
                .post(format!("{}/v1.0/invitations/bulk/{id}/confirm", o.base))
                .bearer_auth(&ready.token),
            200,
        )
        .await?;
        let confirm = t1.elapsed();
        ensure!(
            confirmed["invitedRows"] == o.rows,
            "{name}: {} rows invited of {}; first row: {}",
            confirmed["invitedRows"],
            o.rows,
            confirmed["rows"][0]
        );
        self.emails_expected += o.rows;
        let emails = match &o.maildir {
            Some(dir) => {
                wait_for_messages(dir, self.emails_expected, o.mail_timeout).await?;
                let received = ms(t1.elapsed());
                tokio::time::sleep(o.settle).await;
                Some(received)
            }
            None => None,
        };
        Ok(Timing {
            upload: ms(upload),
            confirm: ms(confirm),
            emails,
        })
    }
}

/// The least-squares slope of a batch's time (upload and confirmation) over its
/// position, as a fraction of the mean batch: how much dearer each 2,000 guests
/// already in the tenant make the next batch. Near 0 means the cost is linear.
fn growth_per_batch(timings: &[Timing]) -> f64 {
    let n = timings.len() as f64;
    let ys: Vec<f64> = timings.iter().map(|t| t.upload + t.confirm).collect();
    let mean_x = (n - 1.0) / 2.0;
    let mean_y = ys.iter().sum::<f64>() / n;
    let (mut covariance, mut variance) = (0.0, 0.0);
    for (i, y) in ys.iter().enumerate() {
        let dx = i as f64 - mean_x;
        covariance += dx * (y - mean_y);
        variance += dx * dx;
    }
    if variance == 0.0 {
        0.0
    } else {
        covariance / variance / mean_y
    }
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 10_000.0).round() / 10.0
}

/// Rows of one batch: distinct partner addresses, both applications, both groups.
fn csv_file(run: &str, batch: usize, rows: usize, ready: &Ready) -> String {
    let (apps, groups) = (&ready.apps, &ready.groups);
    let mut csv = String::from(
        "Email,DisplayName,InvitationText,InvitedToApplications,InvitedToGroups,InviteRedirectURL,Language\n",
    );
    for i in 0..rows {
        csv.push_str(&format!(
            "guest{i}.{batch}.{run}@partner{}.example,Guest {batch}-{i},Welcome to the bench project,{} {},{} {},https://app.bench.example/start,en\n",
            i % 50,
            apps[0],
            apps[1],
            groups[0],
            groups[1],
        ));
    }
    csv
}

async fn token(http: &reqwest::Client, o: &Options, tenant: &Tenant) -> anyhow::Result<String> {
    client_token(http, &o.base, tenant).await
}

/// A directory API token of the tenant's application (client credentials).
pub(crate) async fn client_token(
    http: &reqwest::Client,
    base: &str,
    tenant: &Tenant,
) -> anyhow::Result<String> {
    let scope = format!("{base}/.default");
    let body = call(
        http.post(format!("{base}/{}/oauth2/v2.0/token", tenant.id))
            .form(&[
                ("grant_type", "client_credentials"),
                ("scope", scope.as_str()),
                ("client_id", tenant.client_id.as_str()),
                ("client_secret", tenant.client_secret.as_str()),
            ]),
        200,
    )
    .await?;
    Ok(body["access_token"]
        .as_str()
        .context("no access_token")?
        .to_owned())
}

async fn create(
    http: &reqwest::Client,
    o: &Options,
    token: &str,
    kind: &str,
    name: &str,
) -> anyhow::Result<String> {
    let body = call(
        http.post(format!("{}/v1.0/{kind}", o.base))
            .bearer_auth(token)
            .json(&json!({ "displayName": name })),
        201,
    )
    .await?;
    Ok(body["id"].as_str().context("no id")?.to_owned())
}

pub(crate) async fn call(request: reqwest::RequestBuilder, want: u16) -> anyhow::Result<Value> {
    let response = request.send().await?;
    let status = response.status();
    let text = response.text().await?;
    if status.as_u16() != want {
        bail!(
            "HTTP {status}: {}",
            text.chars().take(2000).collect::<String>()
        );
    }
    Ok(serde_json::from_str(&text)?)
}

fn count_messages(maildir: &Path) -> usize {
    std::fs::read_dir(maildir.join("new"))
        .map(|entries| entries.count())
        .unwrap_or(0)
}

async fn wait_for_messages(maildir: &Path, want: usize, timeout: Duration) -> anyhow::Result<()> {
    let started = Instant::now();
    loop {
        let have = count_messages(maildir);
        if have >= want {
            return Ok(());
        }
        if started.elapsed() > timeout {
            bail!("{have} of {want} messages arrived in {timeout:?}");
        }
        // Counting a maildir of thousands of files costs CPU the server under
        // measurement shares; every 50 ms is precise enough against seconds.
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
