//! What the server does with the network (issue 16): slow and idle clients are cut off
//! by the configured time-outs while others are served, connections past the limit
//! wait, and a tenant admin cannot make federation reach the server's own network or
//! tell its closed, open and HTTP ports apart.
//!
//! The servers here run with time-outs of a few seconds; every bound checked is the
//! time-out plus 3 seconds, so a busy machine does not decide the outcome. Raw
//! connections go to the test server on loopback only.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use entente_domain::federation::oidc::PROVIDER_UNREACHABLE;
use entente_testkit::{Backend, TestServer, backends};
use reqwest::Method;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What every time-out may take beyond its setting before a test fails.
const MARGIN: Duration = Duration::from_secs(3);

fn address(server: &TestServer) -> SocketAddr {
    server
        .node_url
        .trim_start_matches("http://")
        .parse()
        .expect("the node listens on an address")
}

/// Reads until the server closes the connection (end of stream or reset) and says how
/// long that took from `since`, with what the server sent; `None` if it stays open for
/// `limit`.
async fn closed_by_server(
    stream: &mut tokio::net::tcp::OwnedReadHalf,
    since: Instant,
    limit: Duration,
) -> Option<(Duration, String)> {
    let mut buffer = [0u8; 4096];
    let mut received = Vec::new();
    let reading = async {
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => return since.elapsed(),
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
        }
    };
    let closed = tokio::time::timeout(limit.saturating_sub(since.elapsed()), reading)
        .await
        .ok()?;
    Some((closed, String::from_utf8_lossy(&received).into_owned()))
}

/// Sends `GET /healthz` on a kept-alive connection and reads its whole answer.
async fn health_check(stream: &mut TcpStream) -> String {
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: entente.test\r\n\r\n")
        .await
        .expect("request sent");
    read_response(stream).await
}

/// Reads one response with a `Content-Length` body.
async fn read_response(stream: &mut TcpStream) -> String {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let text = String::from_utf8_lossy(&received).into_owned();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if received.len() >= end + 4 + length {
                return text;
            }
        }
        let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buffer))
            .await
            .expect("an answer within 10 s")
            .expect("read");
        assert!(n > 0, "the connection closed mid-answer: {text}");
        received.extend_from_slice(&buffer[..n]);
    }
}

async fn served(server: &TestServer) {
    let response = server
        .http
        .get(server.url("/healthz"))
        .send()
        .await
        .expect("a normal request is served");
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.expect("body"), "ok");
}

#[tokio::test]
async fn a_slowloris_client_is_cut_off_within_the_header_timeout_while_others_are_served() {
    let header_timeout = Duration::from_secs(2);
    let server = TestServer::start_configured(Backend::Sqlite, false, |config| {
        config.connections.header_read_timeout = header_timeout;
        config.connections.idle_timeout = Duration::from_secs(60);
    })
    .await;
    // A connection that never sends a byte, as in the 1,500 idle connections of the
    // finding: it never starts a request head, and is closed just the same.
    let silent = TcpStream::connect(address(&server)).await.expect("connect");
    let silent_since = Instant::now();
    let (mut silent_reader, _silent_writer) = silent.into_split();
    let stream = TcpStream::connect(address(&server)).await.expect("connect");
    let started = Instant::now();
    let (mut reader, mut writer) = stream.into_split();
    // One header line a second, never the blank line that ends the head.
    let trickle = tokio::spawn(async move {
        let _ = writer.write_all(b"GET /healthz HTTP/1.1\r\n").await;
        for line in 0..30 {
            tokio::time::sleep(Duration::from_secs(1)).await;
            let header = format!("X-Slow-{line}: still sending\r\n");
            if writer.write_all(header.as_bytes()).await.is_err() {
                return;
            }
        }
    });
    // Meanwhile other connections are served as usual.
    for _ in 0..3 {
        served(&server).await;
    }
    let closed = closed_by_server(&mut reader, started, Duration::from_secs(30)).await;
    trickle.abort();
    let (closed, _) = closed.expect("the slow client was never cut off");
    assert!(
        closed >= header_timeout - Duration::from_millis(500) && closed <= header_timeout + MARGIN,
        "cut off after {closed:?}, with a header read time-out of {header_timeout:?}"
    );
    let (closed, _) = closed_by_server(&mut silent_reader, silent_since, Duration::from_secs(30))
        .await
        .expect("the silent connection was never closed");
    assert!(
        closed >= header_timeout - Duration::from_millis(500) && closed <= header_timeout + MARGIN,
        "the silent connection closed after {closed:?}, with a header read time-out of {header_timeout:?}"
    );
    served(&server).await;
    server.stop().await;
}

#[tokio::test]
async fn a_body_sent_too_slowly_is_cut_off_after_its_grace_period() {
    let grace = Duration::from_secs(2);
    let server = TestServer::start_configured(Backend::Sqlite, true, |config| {
        config.connections.body_grace = grace;
        config.connections.body_min_rate = 1024;
        config.connections.idle_timeout = Duration::from_secs(60);
    })
    .await;
    let tenant = server.bootstrap().tenant_id;
    let stream = TcpStream::connect(address(&server)).await.expect("connect");
    let (mut reader, mut writer) = stream.into_split();
    let head = format!(
        "POST /{tenant}/oauth2/v2.0/token HTTP/1.1\r\nHost: entente.test\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\n"
    );
    writer.write_all(head.as_bytes()).await.expect("head sent");
    let started = Instant::now();
    // A byte a second: far below 1 KiB/s.
    let trickle = tokio::spawn(async move {
        for _ in 0..30 {
            if writer.write_all(b"g").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
    let closed = closed_by_server(&mut reader, started, Duration::from_secs(30)).await;
    trickle.abort();
    let (closed, answer) = closed.expect("the slow body was never cut off");
    assert!(
        closed <= grace + MARGIN,
        "cut off after {closed:?}, with a grace of {grace:?}"
    );
    // The token endpoint could not read the form, and says so.
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("invalid_request"), "{answer}");
    // A body at full speed on the same endpoint still works.
    let token = server.api_token().await;
    assert!(!token.is_empty());
    server.stop().await;
}

#[tokio::test]
async fn an_idle_connection_is_closed_after_the_idle_timeout() {
    let idle = Duration::from_secs(2);
    let server = TestServer::start_configured(Backend::Sqlite, false, |config| {
        // Longer than the test, so only the idle time-out can close these.
        config.connections.header_read_timeout = Duration::from_secs(60);
        config.connections.idle_timeout = idle;
    })
    .await;
    // Kept alive after one request.
    let mut used = TcpStream::connect(address(&server)).await.expect("connect");
    let answer = health_check(&mut used).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let answered = Instant::now();
    // And one that never sends anything.
    let silent = TcpStream::connect(address(&server)).await.expect("connect");
    let connected = Instant::now();

    let (mut used_reader, _used_writer) = used.into_split();
    let (mut silent_reader, _silent_writer) = silent.into_split();
    for (reader, since, what) in [
        (&mut used_reader, answered, "the kept-alive connection"),
        (&mut silent_reader, connected, "the silent connection"),
    ] {
        let (closed, _) = closed_by_server(reader, since, Duration::from_secs(30))
            .await
            .unwrap_or_else(|| panic!("{what} was never closed"));
        assert!(
            closed >= idle - Duration::from_millis(500) && closed <= idle + MARGIN,
            "{what} closed after {closed:?}, with an idle time-out of {idle:?}"
        );
    }
    served(&server).await;
    server.stop().await;
}

#[tokio::test]
async fn connections_past_the_limit_wait_while_the_open_ones_are_served() {
    let server = TestServer::start_configured(Backend::Sqlite, false, |config| {
        config.connections.max_connections = 2;
        config.connections.header_read_timeout = Duration::from_secs(60);
        config.connections.idle_timeout = Duration::from_secs(60);
    })
    .await;
    let mut first = TcpStream::connect(address(&server)).await.expect("connect");
    let answer = health_check(&mut first).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let second = TcpStream::connect(address(&server)).await.expect("connect");
    // Both slots are taken: the third connection is made (the kernel's backlog holds
    // it) but not served.
    let mut third = TcpStream::connect(address(&server)).await.expect("connect");
    third
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: entente.test\r\n\r\n")
        .await
        .expect("request sent");
    let mut byte = [0u8; 1];
    let early = tokio::time::timeout(Duration::from_millis(1500), third.read(&mut byte)).await;
    assert!(early.is_err(), "the third connection was served: {early:?}");
    // The connections in hand keep working.
    let answer = health_check(&mut first).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    // A slot frees, and the waiting connection is served.
    drop(second);
    let answer = tokio::time::timeout(MARGIN + Duration::from_secs(2), read_response(&mut third))
        .await
        .expect("the waiting connection is served once a slot frees");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    // Stopping ends the open connections too.
    tokio::time::timeout(Duration::from_secs(10), server.stop())
        .await
        .expect("the server stops with connections open");
}

#[tokio::test]
async fn http2_with_prior_knowledge_is_still_served() {
    let server = TestServer::start_configured(Backend::Sqlite, false, |_| {}).await;
    let client = reqwest::Client::builder()
        .http2_prior_knowledge()
        .build()
        .expect("client");
    let response = client
        .get(server.url("/healthz"))
        .send()
        .await
        .expect("served over HTTP/2");
    assert_eq!(response.version(), reqwest::Version::HTTP_2);
    assert_eq!(response.status(), 200);
    server.stop().await;
}

/// A loopback listener that must never see a connection.
struct Bystander {
    listener: std::net::TcpListener,
}

impl Bystander {
    fn on(address: &str) -> Option<Bystander> {
        let listener = std::net::TcpListener::bind(address).ok()?;
        listener.set_nonblocking(true).ok()?;
        Some(Bystander { listener })
    }

    fn port(&self) -> u16 {
        self.listener.local_addr().expect("address").port()
    }

    fn assert_untouched(&self) {
        match self.listener.accept() {
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            other => panic!(
                "a connection reached {:?}: {other:?}",
                self.listener.local_addr()
            ),
        }
    }
}

fn closed_port() -> u16 {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    probe.local_addr().expect("address").port()
}

#[tokio::test]
async fn federation_issuers_on_the_servers_own_network_all_get_one_generic_refusal() {
    for backend in backends() {
        // The production default: no private networks.
        let server = TestServer::start_configured(backend, true, |config| {
            config.federation_allow_private_networks = false;
        })
        .await;
        let token = server.api_token().await;
        let v4 = Bystander::on("127.0.0.1:0").expect("a loopback listener");
        let v6 = Bystander::on("[::1]:0");
        let closed = closed_port();
        let mut issuers = vec![
            format!("http://127.0.0.1:{}/", v4.port()),
            format!("http://127.0.0.1:{closed}/"),
            format!("http://localhost:{}/", v4.port()),
            format!("https://[::ffff:127.0.0.1]:{}/", v4.port()),
            // Refused by the address check before any connection is attempted; the
            // unit tests of the check cover these ranges without a network.
            "https://10.0.0.1/".to_owned(),
            "https://169.254.169.254/".to_owned(),
            "https://[fd00:ec2::254]/".to_owned(),
        ];
        if let Some(v6) = &v6 {
            issuers.push(format!("http://[::1]:{}/", v6.port()));
        }
        for issuer in &issuers {
            let (status, answer) = server
                .call(
                    Method::POST,
                    "/v1.0/directory/federationConfigurations",
                    Some(&token),
                    Some(json!({
                        "displayName": "Probe",
                        "issuerUri": issuer,
                        "clientId": "probe",
                        "clientSecret": "probe",
                        "domains": ["fabrikam.example"],
                    })),
                )
                .await;
            assert_eq!(status, 400, "{issuer}: {answer}");
            assert_eq!(
                answer["error"]["message"].as_str(),
                Some(PROVIDER_UNREACHABLE),
                "{issuer}: {answer}"
            );
        }
        v4.assert_untouched();
        if let Some(v6) = &v6 {
            v6.assert_untouched();
        }
        let (status, list) = server
            .call(
                Method::GET,
                "/v1.0/directory/federationConfigurations",
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, 200, "{list}");
        assert_eq!(list["value"], json!([]), "nothing was saved: {list}");
        server.stop().await;
    }
}

#[tokio::test]
async fn with_private_networks_allowed_failures_still_read_alike() {
    // The test kit allows private networks (partners' test providers run on loopback).
    let server = TestServer::start_on(Backend::Sqlite).await;
    let token = server.api_token().await;
    // A port that closes at once and one that speaks HTTP but is no provider.
    let http_port = {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("listener");
        let port = listener.local_addr().expect("address").port();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let mut buffer = [0u8; 4096];
                let _ = stream.read(&mut buffer).await;
                let _ = stream
                    .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                    .await;
            }
        });
        port
    };
    for issuer in [
        format!("http://127.0.0.1:{}/", closed_port()),
        format!("http://127.0.0.1:{http_port}/"),
    ] {
        let (status, answer) = server
            .call(
                Method::POST,
                "/v1.0/directory/federationConfigurations",
                Some(&token),
                Some(json!({
                    "displayName": "Probe",
                    "issuerUri": issuer,
                    "clientId": "probe",
                    "clientSecret": "probe",
                    "domains": ["fabrikam.example"],
                })),
            )
            .await;
        assert_eq!(status, 400, "{issuer}: {answer}");
        assert_eq!(
            answer["error"]["message"].as_str(),
            Some(PROVIDER_UNREACHABLE),
            "{issuer}: {answer}"
        );
    }
    server.stop().await;
}
