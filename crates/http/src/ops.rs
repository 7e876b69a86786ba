//! Operational endpoints and cross-cutting layers: `/healthz`, `/readyz`, `/metrics`
//! (Prometheus text), request ids, request logging, body limits and security headers.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
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

#[derive(Default, Debug)]
struct RouteStats {
    count_by_status: BTreeMap<u16, u64>,
    buckets: [u64; BUCKETS.len()],
    sum_seconds: f64,
    count: u64,
}

/// Counters kept in memory per process; Prometheus sums them across nodes.
#[derive(Default, Debug)]
pub struct Metrics {
    /// Route, then method. Nested maps are looked up by `&str`, so a request that is
    /// not the first of its route and method allocates nothing here.
    routes: Mutex<BTreeMap<String, BTreeMap<String, RouteStats>>>,
    events: Mutex<BTreeMap<(&'static str, &'static str), u64>>,
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
        if let Ok(mut events) = self.events.lock() {
            *events.entry((family, label)).or_default() += 1;
        }
    }

    fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        if let Ok(mut routes) = self.routes.lock() {
            if !routes.contains_key(route) {
                routes.insert(route.to_owned(), BTreeMap::new());
            }
            let Some(by_method) = routes.get_mut(route) else {
                return;
            };
            if !by_method.contains_key(method) {
                by_method.insert(method.to_owned(), RouteStats::default());
            }
            let Some(stats) = by_method.get_mut(method) else {
                return;
            };
            *stats.count_by_status.entry(status).or_default() += 1;
            for (i, bound) in BUCKETS.iter().enumerate() {
                if seconds <= *bound {
                    stats.buckets[i] += 1;
                }
            }
            stats.sum_seconds += seconds;
            stats.count += 1;
        }
    }

    /// The Prometheus text exposition of every counter.
    pub fn render(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        out.push_str("# HELP entente_http_requests_total HTTP requests by route and status.\n");
        out.push_str("# TYPE entente_http_requests_total counter\n");
        let routes = self.routes.lock().map(|r| {
            r.iter()
                .flat_map(|(route, by_method)| {
                    by_method.iter().map(move |(method, stats)| {
                        ((method.clone(), route.clone()), snapshot(stats))
                    })
                })
                .collect::<Vec<_>>()
        });
        let routes = routes.unwrap_or_default();
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
        let events = self.events.lock().map(|e| e.clone()).unwrap_or_default();
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

type Snapshot = (Vec<(u16, u64)>, [u64; BUCKETS.len()], f64, u64);

fn snapshot(stats: &RouteStats) -> Snapshot {
    (
        stats
            .count_by_status
            .iter()
            .map(|(k, v)| (*k, *v))
            .collect(),
        stats.buckets,
        stats.sum_seconds,
        stats.count,
    )
}

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
