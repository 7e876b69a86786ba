//! https on Entente's own listener (issue 18, item 1): discovery and tokens over
//! HTTP/2 and HTTP/1.1 as ALPN settles, certificates replaced on disk and served to new
//! connections (a broken pair keeping the old one), handshakes that never finish cut
//! off, `entente dev-cert` and `serve --dev-tls`, a start refused for a key that does
//! not match, and plain http left as it was.
//!
//! Which certificate a connection got is read from a TLS client of the test's own
//! (tokio-rustls), which sees the peer's certificate; OpenSSL's view (what Python's
//! MSAL and azure-identity use) comes from Python's `ssl` module in strict mode.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use entente::tls::files::CertificateDetails;
use entente::tls::{PairFiles, TlsSettings};
use entente_testkit::{
    Backend, TestServer, backends, test_ca, write_test_certificate, write_whole,
};
use rustls::pki_types::ServerName;
use rustls::pki_types::pem::PemObject;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

use crate::support::{Run, payload};

const ENTENTE: &str = env!("CARGO_BIN_EXE_entente-under-test");

/// What a time-out may take beyond its setting before a test fails.
const MARGIN: Duration = Duration::from_secs(3);

fn address(server: &TestServer) -> SocketAddr {
    let url = url::Url::parse(&server.node_url).expect("the node's URL");
    format!("127.0.0.1:{}", url.port().expect("a port"))
        .parse()
        .expect("an address")
}

/// A TLS client trusting only the CA in `ca_file`, offering `alpn`.
fn connector(ca_file: &Path, alpn: &[&[u8]]) -> tokio_rustls::TlsConnector {
    let mut roots = rustls::RootCertStore::empty();
    let ca = rustls::pki_types::CertificateDer::from_pem_file(ca_file).expect("the CA file");
    roots.add(ca).expect("the CA is a usable root");
    let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("TLS versions")
    .with_root_certificates(roots)
    .with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    tokio_rustls::TlsConnector::from(Arc::new(config))
}

/// A new TLS connection to `addr`, checking the certificate for `name`.
async fn connect(
    addr: SocketAddr,
    connector: &tokio_rustls::TlsConnector,
    name: &str,
) -> std::io::Result<TlsStream<TcpStream>> {
    let tcp = TcpStream::connect(addr).await?;
    let name = ServerName::try_from(name.to_owned()).expect("a server name");
    connector.connect(name, tcp).await
}

/// The DER of the certificate a connection was served.
fn peer_certificate(stream: &TlsStream<TcpStream>) -> Vec<u8> {
    stream
        .get_ref()
        .1
        .peer_certificates()
        .expect("a peer certificate")[0]
        .to_vec()
}

/// The certificate a new connection to the server is served now.
async fn served_now(server: &TestServer) -> Vec<u8> {
    let ca = server.tls_ca_file().expect("an https server");
    let stream = connect(
        address(server),
        &connector(&ca, &[b"http/1.1"]),
        "127.0.0.1",
    )
    .await
    .expect("a TLS connection");
    peer_certificate(&stream)
}

/// `GET /healthz` over HTTP/1.1 on an open connection; the status line and body.
async fn health_over(stream: &mut TlsStream<TcpStream>) -> String {
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .expect("request sent");
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    while !String::from_utf8_lossy(&received).ends_with("\r\n\r\nok") {
        let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buffer))
            .await
            .expect("an answer within 10 s")
            .expect("read");
        assert!(
            n > 0,
            "closed mid-answer: {}",
            String::from_utf8_lossy(&received)
        );
        received.extend_from_slice(&buffer[..n]);
    }
    let text = String::from_utf8_lossy(&received).into_owned();
    let status = text.lines().next().unwrap_or_default().to_owned();
    format!(
        "{status} {}",
        text.rsplit("\r\n\r\n").next().unwrap_or_default()
    )
}

/// A value of `/metrics`, by its name and labels as written (`name{label="x"}`).
async fn metric(server: &TestServer, series: &str) -> Option<f64> {
    let text = server
        .http
        .get(server.url("/metrics"))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("metrics text");
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

/// Waits up to 10 s for `check` to hold.
async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(10);
    while !check().await {
        assert!(
            Instant::now() < deadline,
            "{what} did not happen within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn not_after(der: &[u8]) -> i64 {
    CertificateDetails::read(der)
        .expect("a certificate")
        .not_after
}

#[tokio::test]
async fn discovery_and_a_client_credentials_token_over_https_with_http2_and_http1() {
    for backend in backends() {
        let server = TestServer::start_tls(backend).await;
        let port = address(&server).port();
        assert_eq!(server.base_url, format!("https://127.0.0.1:{port}"));
        let tenant = server.bootstrap().tenant_id;
        let http1 = reqwest::Client::builder()
            .tls_certs_only([entente_testkit::test_ca_certificate().expect("the test CA")])
            .http1_only()
            .build()
            .expect("client");
        for (client, version) in [
            (&server.http, reqwest::Version::HTTP_2),
            (&http1, reqwest::Version::HTTP_11),
        ] {
            let discovery = client
                .get(server.url(&format!("/{tenant}/v2.0/.well-known/openid-configuration")))
                .send()
                .await
                .expect("discovery over https");
            assert_eq!(discovery.status(), 200);
            assert_eq!(discovery.version(), version, "{backend:?}");
            let document: Value = discovery.json().await.expect("JSON");
            let issuer = format!("https://127.0.0.1:{port}/{tenant}/v2.0");
            assert_eq!(document["issuer"], issuer.as_str());
            assert_eq!(
                document["token_endpoint"],
                format!("https://127.0.0.1:{port}/{tenant}/oauth2/v2.0/token").as_str()
            );
            assert_eq!(
                document["jwks_uri"],
                format!("https://127.0.0.1:{port}/{tenant}/discovery/v2.0/keys").as_str()
            );

            let response = client
                .post(document["token_endpoint"].as_str().expect("token endpoint"))
                .basic_auth(
                    &server.bootstrap().client_id,
                    Some(&server.bootstrap().client_secret),
                )
                .form(&[
                    ("grant_type", "client_credentials"),
                    ("scope", &format!("{}/.default", server.base_url)),
                ])
                .send()
                .await
                .expect("token request over https");
            assert_eq!(response.status(), 200);
            assert_eq!(response.version(), version);
            let body: Value = response.json().await.expect("token JSON");
            let claims = payload(body["access_token"].as_str().expect("an access token"));
            assert_eq!(claims["iss"], issuer.as_str());
            assert_eq!(claims["idtyp"], "app");

            // The keys the token is checked with come over https too.
            let keys = client
                .get(document["jwks_uri"].as_str().expect("jwks_uri"))
                .send()
                .await
                .expect("JWKS");
            assert_eq!(keys.status(), 200);
            let keys: Value = keys.json().await.expect("JWKS JSON");
            assert!(!keys["keys"].as_array().expect("keys").is_empty());
        }
        server.stop().await;
    }
}

#[tokio::test]
async fn alpn_offers_h2_then_http1_and_each_is_served() {
    let server = TestServer::start_tls(Backend::Sqlite).await;
    let ca = server.tls_ca_file().expect("an https server");
    for (offered, chosen) in [
        (
            &[b"h2".as_slice(), b"http/1.1".as_slice()][..],
            Some(b"h2".as_slice()),
        ),
        (&[b"http/1.1".as_slice()][..], Some(b"http/1.1".as_slice())),
        (&[][..], None),
    ] {
        let mut stream = connect(address(&server), &connector(&ca, offered), "localhost")
            .await
            .expect("a TLS connection");
        assert_eq!(stream.get_ref().1.alpn_protocol(), chosen, "{offered:?}");
        if chosen != Some(b"h2".as_slice()) {
            assert_eq!(health_over(&mut stream).await, "HTTP/1.1 200 OK ok");
        }
    }
    server.stop().await;
}

#[tokio::test]
async fn a_replaced_certificate_serves_new_connections_while_a_broken_pair_keeps_the_old_one() {
    let server = TestServer::start_tls(Backend::Sqlite).await;
    let files = server.tls_files().expect("an https server").clone();
    let ca = server.tls_ca_file().expect("the CA");
    let first = served_now(&server).await;
    assert_eq!(
        metric(&server, "entente_tls_certificate_not_after_seconds").await,
        Some(not_after(&first) as f64)
    );
    // A connection opened before the change keeps its certificate and keeps working.
    let mut open = connect(
        address(&server),
        &connector(&ca, &[b"http/1.1"]),
        "127.0.0.1",
    )
    .await
    .expect("a TLS connection");
    assert_eq!(peer_certificate(&open), first);

    let second = write_test_certificate(&files, &["localhost", "127.0.0.1", "::1"]);
    assert_ne!(second, first);
    eventually("serving the new certificate", || async {
        served_now(&server).await == second
    })
    .await;
    assert_eq!(health_over(&mut open).await, "HTTP/1.1 200 OK ok");
    assert_eq!(peer_certificate(&open), first);
    assert_eq!(
        metric(&server, "entente_tls_reloads_total{result=\"ok\"}").await,
        Some(1.0)
    );
    assert_eq!(
        metric(&server, "entente_tls_certificate_not_after_seconds").await,
        Some(not_after(&second) as f64)
    );

    // A new certificate whose key has not arrived yet: the files do not match, so the
    // second certificate stays until the key comes.
    let third = test_ca()
        .issue(
            &["localhost".into(), "127.0.0.1".into()],
            entente_testkit::now(),
        )
        .expect("a certificate");
    write_whole(&files.cert, third.cert_pem.as_bytes());
    eventually("the failed reload being counted", || async {
        metric(&server, "entente_tls_reloads_total{result=\"failed\"}").await == Some(1.0)
    })
    .await;
    assert_eq!(
        metric(&server, "entente_tls_reload_failing").await,
        Some(1.0)
    );
    assert_eq!(
        served_now(&server).await,
        second,
        "the broken pair is not served"
    );
    // Still broken after more looks: counted once, not at every look.
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(
        metric(&server, "entente_tls_reloads_total{result=\"failed\"}").await,
        Some(1.0)
    );
    write_whole(&files.key, third.key_pem.as_bytes());
    eventually(
        "serving the third certificate once its key came",
        || async { served_now(&server).await == third.cert_der },
    )
    .await;
    assert_eq!(
        metric(&server, "entente_tls_reloads_total{result=\"ok\"}").await,
        Some(2.0)
    );
    assert_eq!(
        metric(&server, "entente_tls_reload_failing").await,
        Some(0.0)
    );

    // Half a file (a write caught midway) is not served either.
    let pem = std::fs::read_to_string(&files.cert).expect("the certificate file");
    write_whole(&files.cert, &pem.as_bytes()[..pem.len() / 2]);
    eventually("the half-written file being refused", || async {
        metric(&server, "entente_tls_reloads_total{result=\"failed\"}").await == Some(2.0)
    })
    .await;
    assert_eq!(served_now(&server).await, third.cert_der);
    server.stop().await;
}

#[tokio::test]
async fn a_handshake_never_finished_is_closed_after_the_header_read_timeout_and_frees_its_slot() {
    let timeout = Duration::from_secs(2);
    let server = TestServer::start_tls_configured(Backend::Sqlite, false, |config| {
        config.connections.header_read_timeout = timeout;
        config.connections.idle_timeout = Duration::from_secs(60);
        config.connections.max_connections = 2;
    })
    .await;
    // Both slots taken: one socket that sends nothing, one that starts a ClientHello
    // (a record header announcing 512 bytes, and a few of them) and stalls.
    let silent = TcpStream::connect(address(&server)).await.expect("connect");
    let mut stalled = TcpStream::connect(address(&server)).await.expect("connect");
    let since = Instant::now();
    stalled
        .write_all(&[0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01])
        .await
        .expect("a partial ClientHello");
    // A real client waits in the listen backlog until a slot is free, then is served.
    let response = server
        .http
        .get(server.url("/healthz"))
        .timeout(Duration::from_secs(15))
        .send()
        .await
        .expect("served once a stalled handshake is cut off");
    let waited = since.elapsed();
    assert_eq!(response.status(), 200);
    assert!(
        waited >= timeout - Duration::from_millis(500) && waited <= timeout + MARGIN,
        "served after {waited:?}, with a handshake time-out of {timeout:?}"
    );
    for (mut stream, what) in [(silent, "silent"), (stalled, "stalled")] {
        let mut buffer = [0u8; 64];
        let closed = tokio::time::timeout(MARGIN, async {
            loop {
                match stream.read(&mut buffer).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
            }
        })
        .await;
        assert!(closed.is_ok(), "the {what} handshake was never closed");
    }
    assert_eq!(
        metric(
            &server,
            "entente_tls_handshake_failures_total{reason=\"timeout\"}"
        )
        .await,
        Some(2.0)
    );
    server.stop().await;
}

#[tokio::test]
async fn plain_http_stays_the_default_and_the_two_do_not_mix() {
    let plain = TestServer::start().await;
    assert!(plain.base_url.starts_with("http://127.0.0.1:"));
    assert!(plain.tls_ca_file().is_none());
    let response = plain
        .http
        .get(plain.url("/healthz"))
        .send()
        .await
        .expect("http");
    assert_eq!(response.status(), 200);
    assert_eq!(response.version(), reqwest::Version::HTTP_11);
    let metrics = plain
        .http
        .get(plain.url("/metrics"))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    assert!(metrics.contains("entente_http_requests_total"), "{metrics}");
    assert!(!metrics.contains("entente_tls_"), "{metrics}");
    let ca = test_ca().ca_file();
    let handshake = connect(
        address(&plain),
        &connector(&ca, &[b"http/1.1"]),
        "127.0.0.1",
    )
    .await;
    assert!(handshake.is_err(), "a plain http server spoke TLS");

    // Plain http to the https port gets no HTTP answer: the connection just closes.
    let tls = TestServer::start_tls(Backend::Sqlite).await;
    let mut stream = TcpStream::connect(address(&tls)).await.expect("connect");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .expect("sent");
    let mut received = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut received)).await;
    assert!(
        !String::from_utf8_lossy(&received).contains("200"),
        "plain http was served on the https port"
    );
    assert_eq!(
        metric(
            &tls,
            "entente_tls_handshake_failures_total{reason=\"error\"}"
        )
        .await,
        Some(1.0)
    );
    plain.stop().await;
    tls.stop().await;
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir()
        .join("entente-tests")
        .join(format!("tls-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

async fn run(args: &[&str], env: &[(&str, &str)], home: &Path) -> Run {
    let output = tokio::process::Command::new(ENTENTE)
        .env_clear()
        .env("HOME", home)
        .envs(env.iter().copied())
        .args(args)
        .output()
        .await
        .expect("running the entente binary");
    Run::of(output)
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

/// Python's `ssl` (OpenSSL, under MSAL's and azure-identity's `requests`), strict as
/// Python 3.13 makes it by default, asked to verify the server under each name: the
/// ALPN protocol chosen, or why the certificate was refused.
async fn python_verdicts(port: u16, ca: &Path, names: &[&str]) -> Value {
    const SCRIPT: &str = r#"
import json, socket, ssl, sys
port, ca = int(sys.argv[1]), sys.argv[2]
context = ssl.create_default_context(cafile=ca)
context.verify_flags |= ssl.VERIFY_X509_STRICT
context.set_alpn_protocols(["h2", "http/1.1"])
verdicts = {}
for name in sys.argv[3:]:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
            with context.wrap_socket(raw, server_hostname=name) as tls:
                verdicts[name] = tls.selected_alpn_protocol()
    except ssl.SSLCertVerificationError as error:
        verdicts[name] = "refused: " + error.verify_message
print(json.dumps(verdicts))
"#;
    let output = tokio::process::Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .arg(port.to_string())
        .arg(ca)
        .args(names)
        .output()
        .await
        .expect("python3");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON verdicts")
}

#[tokio::test]
async fn dev_cert_makes_a_ca_signing_a_certificate_for_the_local_names_and_keeps_the_ca() {
    let home = scratch();
    let data = home.join("data");
    let data_arg = data.to_str().expect("a UTF-8 path");
    let first = run(
        &[
            "dev-cert",
            "--data-dir",
            data_arg,
            "--host",
            "ID.Contoso.test",
        ],
        &[],
        &home,
    )
    .await
    .ok("dev-cert");
    let dir = std::fs::canonicalize(data.join("tls")).expect("the tls folder");
    let file = |name: &str| dir.join(name);
    let (ca, cert, key, ca_key) = (
        file("ca.pem"),
        file("cert.pem"),
        file("key.pem"),
        file("ca-key.pem"),
    );
    for line in [
        format!("Made a development CA: {}", ca.display()),
        "for localhost, 127.0.0.1, ::1, id.contoso.test, valid until".to_owned(),
        format!(
            "entente serve --tls-cert {} --tls-key {}",
            cert.display(),
            key.display()
        ),
        format!("export REQUESTS_CA_BUNDLE={}", ca.display()),
        format!("export SSL_CERT_FILE={}", ca.display()),
        format!("export NODE_EXTRA_CA_CERTS={}", ca.display()),
        format!(
            "sudo cp {} /usr/local/share/ca-certificates/entente-dev.crt && sudo update-ca-certificates",
            ca.display()
        ),
    ] {
        assert!(
            first.stdout.contains(&line),
            "{line:?} missing from:\n{}",
            first.stdout
        );
    }
    #[cfg(unix)]
    {
        assert_eq!(mode(&key), 0o600, "key.pem");
        assert_eq!(mode(&ca_key), 0o600, "ca-key.pem");
    }
    let leaf_pem = std::fs::read(&cert).expect("cert.pem");
    let leaf_der = rustls::pki_types::CertificateDer::from_pem_slice(&leaf_pem).expect("PEM");
    let leaf = CertificateDetails::read(&leaf_der).expect("a certificate");
    assert_eq!(
        leaf.names,
        ["localhost", "127.0.0.1", "::1", "id.contoso.test"]
    );
    let ca_der = rustls::pki_types::CertificateDer::from_pem_file(&ca).expect("ca.pem");
    let authority = CertificateDetails::read(&ca_der).expect("the CA certificate");
    assert_eq!(leaf.issuer, authority.subject);
    let now = entente_testkit::now();
    assert!(leaf.not_after - now <= 397 * 86_400 && leaf.not_after - now > 396 * 86_400);
    assert!(authority.not_after - now > 9 * 365 * 86_400);

    // The server serves the files; clients trusting ca.pem accept it under each name,
    // and only those: rustls here, OpenSSL in strict mode through Python.
    let server = TestServer::start_configured(Backend::Sqlite, false, |config| {
        config.tls = Some(TlsSettings {
            files: PairFiles {
                cert: cert.clone(),
                key: key.clone(),
            },
            development: false,
            reload_interval: entente::tls::DEFAULT_RELOAD_INTERVAL,
        });
    })
    .await;
    let addr = address(&server);
    for name in ["localhost", "127.0.0.1", "::1", "id.contoso.test"] {
        let stream = connect(addr, &connector(&ca, &[b"h2"]), name)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(peer_certificate(&stream), leaf_der.to_vec());
    }
    assert!(
        connect(addr, &connector(&ca, &[b"h2"]), "other.test")
            .await
            .is_err()
    );
    let verdicts = python_verdicts(
        addr.port(),
        &ca,
        &[
            "localhost",
            "127.0.0.1",
            "::1",
            "id.contoso.test",
            "other.test",
        ],
    )
    .await;
    for name in ["localhost", "127.0.0.1", "::1", "id.contoso.test"] {
        assert_eq!(verdicts[name], "h2", "{verdicts}");
    }
    assert!(
        verdicts["other.test"]
            .as_str()
            .is_some_and(|v| v.starts_with("refused: Hostname mismatch")),
        "{verdicts}"
    );

    // A second run issues a new certificate from the same CA; the running server
    // picks it up.
    let ca_before = std::fs::read(&ca).expect("ca.pem");
    let ca_key_before = std::fs::read(&ca_key).expect("ca-key.pem");
    let second = run(&["dev-cert", "--data-dir", data_arg], &[], &home)
        .await
        .ok("dev-cert, again");
    assert!(
        second
            .stdout
            .contains(&format!("Used the development CA in {}", ca.display())),
        "{}",
        second.stdout
    );
    assert_eq!(std::fs::read(&ca).expect("ca.pem"), ca_before);
    assert_eq!(std::fs::read(&ca_key).expect("ca-key.pem"), ca_key_before);
    let renewed = rustls::pki_types::CertificateDer::from_pem_file(&cert).expect("cert.pem");
    assert_ne!(renewed, leaf_der);
    let renewed_details = CertificateDetails::read(&renewed).expect("a certificate");
    assert_eq!(renewed_details.issuer, authority.subject);
    assert_ne!(renewed_details.serial, leaf.serial);
    assert_eq!(renewed_details.names, ["localhost", "127.0.0.1", "::1"]);
    eventually(
        "the running server serving the renewed certificate",
        || async {
            connect(addr, &connector(&ca, &[b"h2"]), "localhost")
                .await
                .is_ok_and(|stream| peer_certificate(&stream) == renewed.to_vec())
        },
    )
    .await;
    server.stop().await;
    let _ = std::fs::remove_dir_all(&home);
}

#[tokio::test]
async fn a_start_with_a_bad_certificate_or_key_is_refused_in_one_line_naming_the_file() {
    let home = scratch();
    let data = home.join("data");
    let matching = PairFiles {
        cert: home.join("cert.pem"),
        key: home.join("key.pem"),
    };
    write_test_certificate(&matching, &["localhost"]);
    let other = PairFiles {
        cert: home.join("other-cert.pem"),
        key: home.join("other-key.pem"),
    };
    write_test_certificate(&other, &["localhost"]);
    std::fs::write(home.join("empty.pem"), "not a certificate\n").expect("a file");
    let text = |path: &Path| path.to_str().expect("a UTF-8 path").to_owned();
    let cases = [
        (
            text(&matching.cert),
            text(&other.key),
            format!(
                "error: the key in {} does not match the certificate in {}",
                other.key.display(),
                matching.cert.display()
            ),
        ),
        (
            text(&home.join("missing.pem")),
            text(&matching.key),
            format!(
                "error: cannot read the TLS certificate file {}: No such file or directory",
                home.join("missing.pem").display()
            ),
        ),
        (
            text(&home.join("empty.pem")),
            text(&matching.key),
            format!(
                "error: the TLS certificate file {} holds no certificate",
                home.join("empty.pem").display()
            ),
        ),
        (
            text(&matching.cert),
            text(&matching.cert),
            format!(
                "error: the TLS key file {} holds no private key",
                matching.cert.display()
            ),
        ),
    ];
    for (cert, key, expected) in cases {
        let started = Instant::now();
        let refused = run(
            &[
                "serve",
                "--data-dir",
                &text(&data),
                "--listen",
                "127.0.0.1:0",
                "--tls-cert",
                &cert,
                "--tls-key",
                &key,
            ],
            &[],
            &home,
        )
        .await;
        assert_eq!(refused.code, Some(1), "{}", refused.stderr);
        assert!(
            refused.stderr.contains(&expected),
            "{expected:?} not in:\n{}",
            refused.stderr
        );
        assert_eq!(
            refused
                .stderr
                .lines()
                .filter(|l| l.starts_with("error:"))
                .count(),
            1,
            "{}",
            refused.stderr
        );
        assert!(started.elapsed() < Duration::from_secs(10));
    }
    // Refused before the database was touched.
    assert!(!data.join("entente.db").exists());
    let _ = std::fs::remove_dir_all(&home);
}

#[tokio::test]
async fn serve_dev_tls_makes_its_certificate_and_serves_https_at_once() {
    let home = scratch();
    let data = home.join("data");
    let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = probe.local_addr().expect("address").port();
    drop(probe);
    let mut child = tokio::process::Command::new(ENTENTE)
        .env_clear()
        .env("HOME", &home)
        .env("RUST_LOG", "info")
        .args([
            "serve",
            "--dev-tls",
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .arg("--data-dir")
        .arg(&data)
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("entente serve --dev-tls");
    let ca = data.join("tls").join("ca.pem");
    let mut served = None;
    let deadline = Instant::now() + Duration::from_secs(30);
    while served.is_none() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let Ok(pem) = std::fs::read(&ca) else {
            continue;
        };
        let client = reqwest::Client::builder()
            .tls_certs_only([reqwest::Certificate::from_pem(&pem).expect("ca.pem")])
            .build()
            .expect("client");
        if let Ok(response) = client
            .get(format!("https://localhost:{port}/healthz"))
            .send()
            .await
        {
            served = Some((response.status(), response.version()));
        }
    }
    assert_eq!(
        served,
        Some((reqwest::StatusCode::OK, reqwest::Version::HTTP_2)),
        "https://localhost:{port}/healthz with {} trusted",
        ca.display()
    );
    let _ = child.start_kill();
    let output = child.wait_with_output().await.expect("the server's output");
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(
        log.contains(&format!("open https://127.0.0.1:{port}/setup?token=")),
        "the setup link is https: {log}"
    );
    assert!(log.contains("made a development certificate"), "{log}");
    let _ = std::fs::remove_dir_all(&home);
}

#[tokio::test]
async fn the_cli_reaches_an_https_server_when_ssl_cert_file_names_the_ca() {
    let server = TestServer::start_tls(Backend::Sqlite).await;
    let home = scratch();
    let ca = server.tls_ca_file().expect("the CA");
    let bootstrap = server.bootstrap();
    let tenant = bootstrap.tenant_id.to_string();
    let credentials = [
        ("ENTENTE_CLIENT_ID", bootstrap.client_id.as_str()),
        ("ENTENTE_CLIENT_SECRET", bootstrap.client_secret.as_str()),
        ("ENTENTE_TENANT", tenant.as_str()),
    ];
    let args = [
        "--server",
        &server.base_url,
        "--output",
        "json",
        "users",
        "list",
    ];
    let trusted = [
        &credentials[..],
        &[("SSL_CERT_FILE", ca.to_str().expect("UTF-8"))],
    ]
    .concat();
    let listed = run(&args, &trusted, &home)
        .await
        .ok("users list over https");
    let users: Value = serde_json::from_str(&listed.stdout).expect("JSON");
    assert!(
        users["value"]
            .as_array()
            .expect("users")
            .iter()
            .any(|u| u["mail"] == entente_testkit::ADMIN_EMAIL),
        "{users}"
    );
    // Without the CA the certificate is refused, and the command says so.
    let refused = run(&args, &credentials, &home).await;
    assert_eq!(refused.code, Some(1), "{}", refused.stderr);
    assert!(refused.stderr.contains("certificate"), "{}", refused.stderr);
    server.stop().await;
    let _ = std::fs::remove_dir_all(&home);
}
