//! Operational endpoints and cross-cutting layers: `/healthz`, `/readyz`, `/metrics`
//! (Prometheus text), request ids, request logging, body limits and security headers.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU16, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnFailure, TraceLayer};

use crate::AppState;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Upper bounds (seconds) of the latency histogram's buckets.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

/// One route and method's counters. Every request adds to them with atomic additions
/// under the map's shared lock: no request waits for another here, which a lock held
/// by a thread the kernel just preempted would make it do.
#[derive(Default, Debug)]
struct RouteStats {
    /// Status codes and their counts; a slot is claimed by its first status.
    statuses: [(AtomicU16, AtomicU64); STATUS_SLOTS],
    /// Statuses beyond the slots (a route answering more than `STATUS_SLOTS` kinds).
    more_statuses: Mutex<BTreeMap<u16, u64>>,
    /// Requests per bucket, not cumulative (the exposition sums them).
    buckets: [AtomicU64; BUCKETS.len() + 1],
    sum_nanos: AtomicU64,
}

/// Distinct statuses a route and method keep without a lock.
const STATUS_SLOTS: usize = 12;

impl RouteStats {
    fn add(&self, status: u16, seconds: f64) {
        self.add_status(status);
        let bucket = BUCKETS
            .iter()
            .position(|bound| seconds <= *bound)
            .unwrap_or(BUCKETS.len());
        self.buckets[bucket].fetch_add(1, Ordering::Relaxed);
        self.sum_nanos
            .fetch_add((seconds * 1e9) as u64, Ordering::Relaxed);
    }

    fn add_status(&self, status: u16) {
        for (code, count) in &self.statuses {
            let claimed = match code.load(Ordering::Acquire) {
                0 => match code.compare_exchange(0, status, Ordering::AcqRel, Ordering::Acquire) {
                    Ok(_) => status,
                    Err(other) => other,
                },
                other => other,
            };
            if claimed == status {
                count.fetch_add(1, Ordering::Relaxed);
                return;
            }
        }
        if let Ok(mut more) = self.more_statuses.lock() {
            *more.entry(status).or_default() += 1;
        }
    }

    fn snapshot(&self) -> Snapshot {
        let mut statuses: BTreeMap<u16, u64> = self
            .more_statuses
            .lock()
            .map(|m| m.clone())
            .unwrap_or_default();
        for (code, count) in &self.statuses {
            match code.load(Ordering::Acquire) {
                0 => {}
                code => *statuses.entry(code).or_default() += count.load(Ordering::Relaxed),
            }
        }
        let mut cumulative = [0u64; BUCKETS.len()];
        let mut running = 0;
        for (i, bucket) in self.buckets.iter().take(BUCKETS.len()).enumerate() {
            running += bucket.load(Ordering::Relaxed);
            cumulative[i] = running;
        }
        let count = running + self.buckets[BUCKETS.len()].load(Ordering::Relaxed);
        let sum = self.sum_nanos.load(Ordering::Relaxed) as f64 / 1e9;
        (statuses.into_iter().collect(), cumulative, sum, count)
    }
}

/// Counters kept in memory per process; Prometheus sums them across nodes.
#[derive(Default, Debug)]
pub struct Metrics {
    /// Route, then method. Nested maps are looked up by `&str`, so a request that is
    /// not the first of its route and method allocates nothing here, and takes the
    /// lock shared.
    routes: RwLock<HashMap<String, HashMap<String, RouteStats>>>,
    events: RwLock<HashMap<(&'static str, &'static str), AtomicU64>>,
    reports: Mutex<Vec<Arc<dyn Report>>>,
}

/// Metrics that a part of the program outside the HTTP faces keeps (the TLS
/// listener's certificate and handshakes), written at each scrape after the others.
pub trait Report: Send + Sync + std::fmt::Debug {
    /// Appends Prometheus text exposition lines, `# HELP` and `# TYPE` included.
    fn write_metrics(&self, out: &mut String);
}

impl Metrics {
    /// Adds a [`Report`] to every scrape.
    pub fn add_report(&self, report: Arc<dyn Report>) {
        if let Ok(mut reports) = self.reports.lock() {
            reports.push(report);
        }
    }

    /// Counts a domain event, e.g. `("tokens_issued", "client_credentials")`.
    pub fn count(&self, family: &'static str, label: &'static str) {
        if let Ok(events) = self.events.read()
            && let Some(n) = events.get(&(family, label))
        {
            n.fetch_add(1, Ordering::Relaxed);
            return;
        }
        if let Ok(mut events) = self.events.write() {
            events
                .entry((family, label))
                .or_default()
                .fetch_add(1, Ordering::Relaxed);
        }
    }

    fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        if let Ok(routes) = self.routes.read()
            && let Some(stats) = routes.get(route).and_then(|m| m.get(method))
        {
            stats.add(status, seconds);
            return;
        }
        if let Ok(mut routes) = self.routes.write() {
            routes
                .entry(route.to_owned())
                .or_default()
                .entry(method.to_owned())
                .or_default()
                .add(status, seconds);
        }
    }

    /// The Prometheus text exposition of every counter.
    pub fn render(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        out.push_str("# HELP entente_http_requests_total HTTP requests by route and status.\n");
        out.push_str("# TYPE entente_http_requests_total counter\n");
        let mut routes = self
            .routes
            .read()
            .map(|r| {
                r.iter()
                    .flat_map(|(route, by_method)| {
                        by_method.iter().map(move |(method, stats)| {
                            ((method.clone(), route.clone()), stats.snapshot())
                        })
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        routes.sort_by(|a, b| (&a.0.1, &a.0.0).cmp(&(&b.0.1, &b.0.0)));
        for ((method, route), (statuses, _, _, _)) in &routes {
            for (status, n) in statuses {
                let _ = writeln!(
                    out,
                    "entente_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {n}"
                );
            }
        }
        out.push_str(
            "# HELP entente_http_request_duration_seconds HTTP request latency by route.\n",
        );
        out.push_str("# TYPE entente_http_request_duration_seconds histogram\n");
        for ((method, route), (_, buckets, sum, count)) in &routes {
            for (bound, n) in BUCKETS.iter().zip(buckets) {
                let _ = writeln!(
                    out,
                    "entente_http_request_duration_seconds_bucket{{method=\"{method}\",route=\"{route}\",le=\"{bound}\"}} {n}"
                );
            }
            let labels = format!("method=\"{method}\",route=\"{route}\"");
            let _ = writeln!(
                out,
                "entente_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {count}"
            );
            let _ = writeln!(
                out,
                "entente_http_request_duration_seconds_sum{{{labels}}} {sum}"
            );
            let _ = writeln!(
                out,
                "entente_http_request_duration_seconds_count{{{labels}}} {count}"
            );
        }
        let events: BTreeMap<(&str, &str), u64> = self
            .events
            .read()
            .map(|e| {
                e.iter()
                    .map(|(key, n)| (*key, n.load(Ordering::Relaxed)))
                    .collect()
            })
            .unwrap_or_default();
        let mut families: Vec<&str> = events.keys().map(|(f, _)| *f).collect();
        families.dedup();
        for family in families {
            let _ = writeln!(out, "# TYPE entente_{family}_total counter");
            for ((f, label), n) in events.iter().filter(|((f, _), _)| *f == family) {
                let _ = writeln!(out, "entente_{f}_total{{kind=\"{label}\"}} {n}");
            }
        }
        let reports = self.reports.lock().map(|r| r.clone()).unwrap_or_default();
        for report in reports {
            report.write_metrics(&mut out);
        }
        out
    }
}

/// Statuses with their counts, cumulative bucket counts, the sum of seconds, the count.
type Snapshot = (Vec<(u16, u64)>, [u64; BUCKETS.len()], f64, u64);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/assets/entente.css", get(stylesheet))
        .route("/assets/form_post.js", get(form_post_script))
        .route("/assets/portal.js", get(portal_script))
        .route("/assets/copy.js", get(copy_script))
        .route("/assets/local-time.js", get(local_time_script))
}

/// Ready when this node can read, its storage has room, and a real write commits
/// (`Store::readiness`); answered within a second either way, with the reason in the
/// body when not ready.
async fn readyz(State(state): State<AppState>) -> Response {
    match state
        .services
        .store
        .readiness(crate::now(), READINESS_BUDGET)
        .await
    {
        Ok(()) => "ready".into_response(),
        // The store logs readiness when it turns, not at every probe.
        Err(not_ready) => {
            tracing::debug!(fault = %not_ready.fault, detail = %not_ready.detail, "not ready");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, not_ready.fault.retry_after())],
                format!("not ready: {}\n", not_ready.fault.describe()),
            )
                .into_response()
        }
    }
}

/// How long `/readyz` may take: orchestrators commonly give a probe one second.
const READINESS_BUDGET: std::time::Duration = std::time::Duration::from_millis(900);

async fn metrics(State(state): State<AppState>) -> Response {
    let mut text = state.metrics.render();
    // Whether delivery is halted is this node's own view of its mail server.
    let halted = state.services.mail_health.outage().is_some();
    text.push_str(
        "# HELP entente_mail_delivery_halted 1 while this node's email delivery is halted because the mail server cannot be reached.\n",
    );
    text.push_str("# TYPE entente_mail_delivery_halted gauge\n");
    text.push_str(&format!(
        "entente_mail_delivery_halted {}\n",
        u8::from(halted)
    ));
    // The outbox is shared by every node, so its counts come from the database; a
    // failure to read them leaves them out rather than failing the scrape.
    match entente_domain::mail::outbox_summary(&state.services).await {
        Ok(summary) => text.push_str(&outbox_metrics(&summary, crate::now())),
        Err(e) => tracing::warn!(error = %e, "reading outbox counts for /metrics failed"),
    }
    let (faults, current) = state.services.store.faults();
    text.push_str(
        "# HELP entente_database_unavailable_total Requests that found the database unavailable, by fault.\n\
         # TYPE entente_database_unavailable_total counter\n",
    );
    for (fault, n) in faults {
        text.push_str(&format!(
            "entente_database_unavailable_total{{fault=\"{fault}\"}} {n}\n"
        ));
    }
    text.push_str(
        "# HELP entente_database_available 0 while an outage of the database is on record.\n\
         # TYPE entente_database_available gauge\n",
    );
    text.push_str(&format!(
        "entente_database_available {}\n",
        u8::from(current.is_none())
    ));
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text).into_response()
}

/// The outbox's gauges. `status` partitions the messages: `pending` (never tried),
/// `retry_waiting` (pending again after a failed attempt), `sending`, `sent`, `failed`.
fn outbox_metrics(summary: &entente_storage::OutboxSummary, now: i64) -> String {
    let mut text = String::new();
    text.push_str("# HELP entente_outbox_messages Emails in the outbox by status (retry_waiting: pending after a failed attempt).\n");
    text.push_str("# TYPE entente_outbox_messages gauge\n");
    for (status, n) in &summary.counts {
        let n = match status {
            entente_storage::OutboxStatus::Pending => n - summary.retry_waiting,
            _ => *n,
        };
        text.push_str(&format!(
            "entente_outbox_messages{{status=\"{}\"}} {n}\n",
            status.as_str()
        ));
    }
    text.push_str(&format!(
        "entente_outbox_messages{{status=\"retry_waiting\"}} {}\n",
        summary.retry_waiting
    ));
    text.push_str("# HELP entente_outbox_oldest_unsent_age_seconds Age of the oldest email not yet sent (0 when none).\n");
    text.push_str("# TYPE entente_outbox_oldest_unsent_age_seconds gauge\n");
    text.push_str(&format!(
        "entente_outbox_oldest_unsent_age_seconds {}\n",
        summary.oldest_unsent.map_or(0, |t| (now - t).max(0))
    ));
    if let Some(last) = summary.last_sent_at {
        text.push_str("# HELP entente_outbox_last_sent_timestamp_seconds When an email last went out (Unix seconds).\n");
        text.push_str("# TYPE entente_outbox_last_sent_timestamp_seconds gauge\n");
        text.push_str(&format!(
            "entente_outbox_last_sent_timestamp_seconds {last}\n"
        ));
    }
    text
}

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../assets/entente.css"),
    )
        .into_response()
}

async fn form_post_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../assets/form_post.js"),
    )
        .into_response()
}

async fn portal_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../assets/portal.js"),
    )
        .into_response()
}

/// Copy buttons (`data-copy`) for the pages that show values to paste elsewhere.
async fn copy_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../assets/copy.js"),
    )
        .into_response()
}

/// Times (`<time data-local>`) shown in the reader's language and time zone.
async fn local_time_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../assets/local-time.js"),
    )
        .into_response()
}

async fn record_metrics(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    // Both clone cheaply (a shared string and a small enum): no allocation per request.
    let method = request.method().clone();
    let route = request.extensions().get::<MatchedPath>().cloned();
    let response = next.run(request).await;
    state.metrics.observe(
        method.as_str(),
        route.as_ref().map_or("unmatched", MatchedPath::as_str),
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; \
                 form-action 'self' http: https:; frame-ancestors 'none'; base-uri 'none'",
            ),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Adds the layers every route shares. The request id is set first and propagated to
/// the response, and the log span of every request carries it.
pub fn with_layers(routes: Router<AppState>, state: AppState) -> Router<AppState> {
    routes
        .route_layer(middleware::from_fn_with_state(state, record_metrics))
        .layer(middleware::from_fn(crate::error::page_language))
        .layer(middleware::from_fn(security_headers))
        .layer(axum::extract::DefaultBodyLimit::max(crate::MAX_BODY_BYTES))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request| {
                    let id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    tracing::info_span!("request", request_id = %id, method = %request.method(), uri = %request.uri().path())
                })
                // A 5xx is logged where it is made: an internal error with its cause by
                // the error faces, a database outage once by the store. A line per
                // refused request during an outage would bury both.
                .on_failure(DefaultOnFailure::new().level(tracing::Level::DEBUG)),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

#[cfg(test)]
mod tests {
    use super::Metrics;

    #[test]
    fn counters_added_from_many_threads_at_once_are_all_counted() {
        let metrics = Metrics::default();
        std::thread::scope(|scope| {
            for thread in 0..16u16 {
                let metrics = &metrics;
                scope.spawn(move || {
                    for i in 0..1_000u32 {
                        // 14 statuses: more than the slots kept without a lock.
                        let status = 200 + (thread + i as u16) % 14;
                        metrics.observe("POST", "/{tenant}/oauth2/v2.0/token", status, 0.002);
                        metrics.count("tokens_issued", "client_credentials");
                    }
                });
            }
        });
        metrics.observe("GET", "/healthz", 200, 7.0);
        let text = metrics.render();
        let value = |line: &str| -> u64 {
            text.lines()
                .find_map(|l| l.strip_prefix(line))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or_else(|| panic!("no {line} in {text}"))
        };
        let route = "method=\"POST\",route=\"/{tenant}/oauth2/v2.0/token\"";
        let by_status: u64 = (200..214)
            .map(|s| {
                value(&format!(
                    "entente_http_requests_total{{{route},status=\"{s}\"}}"
                ))
            })
            .sum();
        assert_eq!(by_status, 16_000);
        assert_eq!(
            value(&format!(
                "entente_http_request_duration_seconds_bucket{{{route},le=\"0.001\"}}"
            )),
            0
        );
        assert_eq!(
            value(&format!(
                "entente_http_request_duration_seconds_bucket{{{route},le=\"0.0025\"}}"
            )),
            16_000
        );
        assert_eq!(
            value(&format!(
                "entente_http_request_duration_seconds_bucket{{{route},le=\"5\"}}"
            )),
            16_000
        );
        assert_eq!(
            value(&format!(
                "entente_http_request_duration_seconds_count{{{route}}}"
            )),
            16_000
        );
        assert_eq!(
            value("entente_tokens_issued_total{kind=\"client_credentials\"}"),
            16_000
        );
        // Over the last bound: only in +Inf.
        let health = "method=\"GET\",route=\"/healthz\"";
        assert_eq!(
            value(&format!(
                "entente_http_request_duration_seconds_bucket{{{health},le=\"5\"}}"
            )),
            0
        );
        assert_eq!(
            value(&format!(
                "entente_http_request_duration_seconds_bucket{{{health},le=\"+Inf\"}}"
            )),
            1
        );
        // Routes in order: `/healthz` before `/{tenant}/…`.
        assert!(text.find("route=\"/healthz\"") < text.find("route=\"/{tenant}"));
    }
}
