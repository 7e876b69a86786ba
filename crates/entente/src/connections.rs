//! Serving HTTP connections with limits, so slow or idle clients cannot hold the
//! server's connections, tasks and file descriptors.
//!
//! * At most `max_connections` connections are served at once. When all are taken the
//!   server stops accepting: new connections wait in the kernel's listen backlog and
//!   are served as others end (past the backlog the kernel refuses them). Waiting
//!   rather than closing at once lets a burst just above the limit through a moment
//!   later, and the time-outs below bound how long a slot can be held without work.
//! * `header_read_timeout`: an HTTP/1.1 request's head (request line and headers) must
//!   arrive within this time, counted from when the server starts waiting for it (the
//!   connection's start, or the end of the previous response on a kept-alive
//!   connection), so it also closes HTTP/1.1 connections that sit idle.
//! * A request body must keep arriving at `body_min_rate` bytes per second on average
//!   after a grace period `body_grace`, counted from the first read of the body;
//!   a body that falls behind fails, the handler answers 400, and the connection closes.
//! * `idle_timeout`: a connection with no request in flight (HTTP/1.1 or HTTP/2) is
//!   closed after this time; one that never sent a request, after the header read
//!   time-out when that is shorter.
//!
//! * With TLS on (`crate::tls`), each connection first completes its handshake within
//!   `header_read_timeout`, in its own task and holding its slot; every limit above
//!   then applies to the decrypted stream as to a plain one.
//!
//! Everything else is as `axum::serve` did it: HTTP/1.1 and HTTP/2 (with upgrades),
//! the peer address as `ConnectInfo<SocketAddr>` for `ClientAddress`, and a graceful
//! shutdown that stops accepting and waits for connections to finish their requests.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::Request;
use http_body::{Frame, SizeHint};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::time::{Instant, Sleep};
use tower::ServiceExt;

use crate::tls::Tls;

/// The limits on each connection; see the module's documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectionLimits {
    pub header_read_timeout: Duration,
    pub body_grace: Duration,
    /// Bytes per second; 0 means the whole body must arrive within `body_grace`.
    pub body_min_rate: u64,
    pub idle_timeout: Duration,
    pub max_connections: usize,
}

/// Ten seconds for a request's head is far more than any real client on any real
/// network needs (a head is one packet or two), and bounds a slowloris client to a
/// handful of seconds per connection. A body may trickle at 1 KiB/s after ten seconds
/// of grace: a slow mobile link still uploads a CSV file of several megabytes, while
/// a client sending a byte every few seconds is cut off after about ten. Sixty
/// seconds of idleness keeps HTTP/2 connections of active users open between clicks.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_BODY_GRACE: Duration = Duration::from_secs(10);
pub const DEFAULT_BODY_MIN_RATE: u64 = 1024;
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// The connection limit where the open-file limit does not lower it.
pub const DEFAULT_MAX_CONNECTIONS: usize = 10_000;
/// File descriptors kept for everything that is not a client connection: the database
/// pool, SQLite's files, SMTP, requests to identity providers, logs, the listener.
const RESERVED_DESCRIPTORS: usize = 256;

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            body_grace: DEFAULT_BODY_GRACE,
            body_min_rate: DEFAULT_BODY_MIN_RATE,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            max_connections: default_max_connections(),
        }
    }
}

/// 10,000 connections, or fewer when the process may open fewer files: each
/// connection is a descriptor, and a server that runs out of them cannot open its
/// database connections either, so the limit leaves [`RESERVED_DESCRIPTORS`] free.
pub fn default_max_connections() -> usize {
    match open_file_limit() {
        Some(limit) => {
            DEFAULT_MAX_CONNECTIONS.min(limit.saturating_sub(RESERVED_DESCRIPTORS).max(64))
        }
        None => DEFAULT_MAX_CONNECTIONS,
    }
}

/// The soft limit on open files, from `/proc/self/limits` on Linux; `None` elsewhere
/// or when it is unlimited.
fn open_file_limit() -> Option<usize> {
    let text = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = text.lines().find(|l| l.starts_with("Max open files"))?;
    line.trim_start_matches("Max open files")
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Accepts and serves connections (over TLS when `tls` is given) until `shutdown`
/// turns true, then waits for the connections to finish what they are doing (each
/// closes once idle).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    tls: Option<Tls>,
    mut shutdown: watch::Receiver<bool>,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    loop {
        let accepted = tokio::select! {
            _ = shutdown.wait_for(|stop| *stop) => break,
            accepted = accept(&listener, &slots) => accepted,
        };
        let Some((stream, peer, slot)) = accepted else {
            continue;
        };
        let shutdown = shutdown.clone();
        match &tls {
            None => tokio::spawn(serve_connection(
                stream,
                peer,
                app.clone(),
                limits,
                shutdown,
                slot,
            )),
            Some(tls) => tokio::spawn(serve_tls_connection(
                tls.clone(),
                stream,
                peer,
                app.clone(),
                limits,
                shutdown,
                slot,
            )),
        };
    }
    drop(listener);
    // Every connection holds a slot until it ends, so having them all back means every
    // connection has ended.
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    let _ = slots.acquire_many(all).await;
    Ok(())
}

/// Waits for a free slot, then for a connection. `None` after a failed accept.
async fn accept(
    listener: &TcpListener,
    slots: &Arc<Semaphore>,
) -> Option<(TcpStream, SocketAddr, OwnedSemaphorePermit)> {
    let slot = Arc::clone(slots).acquire_owned().await.ok()?;
    match listener.accept().await {
        Ok((stream, peer)) => {
            // Responses are written whole; waiting to coalesce them only adds latency.
            let _ = stream.set_nodelay(true);
            Some((stream, peer, slot))
        }
        Err(error) => {
            let per_connection = matches!(
                error.kind(),
                std::io::ErrorKind::ConnectionRefused
                    | std::io::ErrorKind::ConnectionAborted
                    | std::io::ErrorKind::ConnectionReset
            );
            if !per_connection {
                // Most likely out of file descriptors: wait for some to be released
                // rather than spin.
                tracing::error!(%error, "accepting a connection failed");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            None
        }
    }
}

/// How a connection is used: its requests in flight, when it last began or ended one
/// (milliseconds after the connection's start), and whether one ever came. Atomics
/// rather than a channel: a request counts itself in and out and wakes nobody; the
/// connection's idle watch reads them only when its own timer fires (issue 24: the
/// token endpoint lost 13 % of its throughput to two task wake-ups and a new timer
/// per request).
#[derive(Debug)]
struct Activity {
    began: Instant,
    in_flight: AtomicUsize,
    last_change_ms: AtomicU64,
    any_request: AtomicBool,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            began: Instant::now(),
            in_flight: AtomicUsize::new(0),
            last_change_ms: AtomicU64::new(0),
            any_request: AtomicBool::new(false),
        }
    }

    fn mark_change(&self) {
        let ms = u64::try_from(self.began.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_change_ms.store(ms, Ordering::Release);
    }

    fn last_change(&self) -> Instant {
        self.began + Duration::from_millis(self.last_change_ms.load(Ordering::Acquire))
    }
}

/// The TLS handshake (bounded by the header read time-out, and given up at
/// shutdown), then HTTP on the decrypted stream.
async fn serve_tls_connection(
    tls: Tls,
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    limits: ConnectionLimits,
    mut shutdown: watch::Receiver<bool>,
    slot: OwnedSemaphorePermit,
) {
    let handshake = tls.handshake(stream, peer, limits.header_read_timeout);
    let stream = tokio::select! {
        stream = handshake => stream,
        _ = shutdown.wait_for(|stop| *stop) => None,
    };
    if let Some(stream) = stream {
        serve_connection(stream, peer, app, limits, shutdown, slot).await;
    }
}

async fn serve_connection<S>(
    stream: S,
    peer: SocketAddr,
    app: Router,
    limits: ConnectionLimits,
    mut shutdown: watch::Receiver<bool>,
    _slot: OwnedSemaphorePermit,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let activity = Arc::new(Activity::new());
    let watched = Arc::clone(&activity);
    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
        let in_flight = InFlight::begin(Arc::clone(&activity));
        let mut request = request.map(|body| {
            Body::new(MinimumRateBody::new(
                body,
                limits.body_grace,
                limits.body_min_rate,
            ))
        });
        request.extensions_mut().insert(ConnectInfo(peer));
        let app = app.clone();
        async move {
            let response = match app.oneshot(request).await {
                Ok(response) => response,
                Err(never) => match never {},
            };
            // The request stops counting as in flight once its response is ready. A
            // response body still streaming when the connection turns idle is not cut:
            // a graceful shutdown lets the response in progress finish.
            drop(in_flight);
            Ok::<_, Infallible>(response)
        }
    });
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    builder
        .http2()
        .timer(TokioTimer::new())
        // As axum::serve: the CONNECT protocol for HTTP/2 WebSockets.
        .enable_connect_protocol();
    let mut connection =
        pin!(builder.serve_connection_with_upgrades(TokioIo::new(stream), service));
    let mut closing = false;
    loop {
        tokio::select! {
            result = connection.as_mut() => {
                if let Err(error) = result {
                    tracing::debug!(%peer, %error, "connection ended with an error");
                }
                break;
            }
            _ = shutdown.wait_for(|stop| *stop), if !closing => {
                closing = true;
                connection.as_mut().graceful_shutdown();
            }
            _ = idle_for(&watched, &limits), if !closing => {
                tracing::debug!(%peer, "closing an idle connection");
                closing = true;
                connection.as_mut().graceful_shutdown();
            }
        }
    }
}

/// Ends once the connection has had no request in flight for the idle time-out, or,
/// before its first request, for the header read time-out if that is shorter. (Until
/// a client's first bytes say which HTTP version it speaks, hyper's own header
/// time-out has not started, so a connection that sends nothing is closed here.) It
/// sleeps until the idle period that began at the last change would end, then looks
/// again: requests that came and went meanwhile only moved that end further away.
async fn idle_for(activity: &Activity, limits: &ConnectionLimits) {
    loop {
        let limit = if activity.any_request.load(Ordering::Acquire) {
            limits.idle_timeout
        } else {
            limits.idle_timeout.min(limits.header_read_timeout)
        };
        // In flight first: a request that ends records its time before it counts
        // itself out, so a connection seen with none in flight has its last change.
        let idle = activity.in_flight.load(Ordering::Acquire) == 0;
        let ends = activity.last_change() + limit;
        if idle && Instant::now() >= ends {
            return;
        }
        tokio::time::sleep_until(if idle { ends } else { Instant::now() + limit }).await;
    }
}

/// One request in flight on a connection, until dropped.
struct InFlight(Arc<Activity>);

impl InFlight {
    fn begin(activity: Arc<Activity>) -> InFlight {
        activity.any_request.store(true, Ordering::Release);
        activity.in_flight.fetch_add(1, Ordering::AcqRel);
        activity.mark_change();
        InFlight(activity)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.mark_change();
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Why a request body was cut off.
#[derive(Debug)]
pub struct BodyTooSlow;

impl std::fmt::Display for BodyTooSlow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the request body arrived too slowly")
    }
}

impl std::error::Error for BodyTooSlow {}

/// A request body that fails once it falls behind `grace + received / min_rate`,
/// counted from its first read. Only a read that has to wait is cut off: data already
/// here is always delivered.
struct MinimumRateBody<B> {
    body: B,
    grace: Duration,
    min_rate: u64,
    received: u64,
    started: Option<Instant>,
    timer: Option<Pin<Box<Sleep>>>,
}

impl<B> MinimumRateBody<B> {
    fn new(body: B, grace: Duration, min_rate: u64) -> Self {
        MinimumRateBody {
            body,
            grace,
            min_rate,
            received: 0,
            started: None,
            timer: None,
        }
    }

    fn deadline(&self, started: Instant) -> Instant {
        let earned = match self.min_rate {
            0 => Duration::ZERO,
            rate => Duration::from_millis(self.received.saturating_mul(1000) / rate),
        };
        started + self.grace + earned
    }
}

impl<B> http_body::Body for MinimumRateBody<B>
where
    B: http_body::Body<Data = Bytes> + Unpin,
    B::Error: Into<axum::BoxError>,
{
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::BoxError>>> {
        let this = self.get_mut();
        let started = *this.started.get_or_insert_with(Instant::now);
        match Pin::new(&mut this.body).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    this.received = this.received.saturating_add(data.len() as u64);
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(error))) => Poll::Ready(Some(Err(error.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => {
                let deadline = this.deadline(started);
                let timer = this
                    .timer
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
                if timer.deadline() != deadline {
                    timer.as_mut().reset(deadline);
                }
                match timer.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(BodyTooSlow)))),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_deadline_grows_with_what_arrived() {
        let mut body = MinimumRateBody::new((), Duration::from_secs(10), 1024);
        let start = Instant::now();
        assert_eq!(body.deadline(start), start + Duration::from_secs(10));
        body.received = 10 * 1024;
        assert_eq!(body.deadline(start), start + Duration::from_secs(20));
        let mut total = MinimumRateBody::new((), Duration::from_secs(30), 0);
        total.received = 1 << 40;
        assert_eq!(total.deadline(start), start + Duration::from_secs(30));
    }

    /// `ClientAddress` (throttling) reads the peer from `ConnectInfo`, which
    /// `axum::serve` used to provide: each request must still carry it.
    #[tokio::test]
    async fn handlers_see_the_peer_address_and_shutdown_ends_serving() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let app = Router::new().route(
            "/peer",
            axum::routing::get(|ConnectInfo(peer): ConnectInfo<SocketAddr>| async move {
                peer.to_string()
            }),
        );
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopping) = watch::channel(false);
        let server = tokio::spawn(serve(
            listener,
            app,
            ConnectionLimits::default(),
            None,
            stopping,
        ));
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let me = stream.local_addr().unwrap();
        stream
            .write_all(b"GET /peer HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(
            answer.ends_with(&me.to_string()),
            "{answer} should name {me}"
        );
        stop.send(true).unwrap();
        tokio::time::timeout(Duration::from_secs(5), server)
            .await
            .expect("serving ends once told to stop")
            .unwrap()
            .unwrap();
    }

    #[test]
    fn the_connection_limit_leaves_descriptors_for_the_rest() {
        let limit = default_max_connections();
        assert!((64..=DEFAULT_MAX_CONNECTIONS).contains(&limit), "{limit}");
        if let Some(files) = open_file_limit() {
            assert!(limit <= files.saturating_sub(RESERVED_DESCRIPTORS).max(64));
        }
    }
}
