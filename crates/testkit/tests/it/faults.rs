//! Faults of the database under a running server (issue 17): a full disk under SQLite,
//! a PostgreSQL that stops answering, and a start on a database that cannot be opened.
//! What each audience gets is checked: the client a clear 503 with `Retry-After` (never
//! a hang, never a 500), the operator a `/readyz` that tells the truth and metrics, and
//! recovery without a restart, with nothing that was answered 2xx lost.
//!
//! The full disk is a real `tmpfs` filled to the last byte; mounting one needs root,
//! and where the test cannot mount it says so and skips. The PostgreSQL outage cuts a
//! real TCP hop between the server and PostgreSQL.

use std::time::{Duration, Instant};

use entente_testkit::faults::{TcpProxy, Tmpfs};
use entente_testkit::{Backend, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const ENTENTE: &str = env!("CARGO_BIN_EXE_entente-under-test");

/// Creates a user through the API; answers the status, the body and the time taken.
async fn create_user(server: &TestServer, token: &str, name: &str) -> (StatusCode, Value) {
    let upn = format!("{name}@{}", server.bootstrap().initial_domain);
    server
        .call(
            Method::POST,
            "/v1.0/users",
            Some(token),
            Some(json!({ "displayName": name, "userPrincipalName": upn,
                         "mailNickname": name, "accountEnabled": true })),
        )
        .await
}

/// Creates a user as soon as the server takes writes again after `fault` ended,
/// answering only 503 meanwhile, within `limit`; answers the user's id.
async fn first_write_after(
    server: &TestServer,
    token: &str,
    fault: &str,
    limit: Duration,
) -> String {
    let ended = Instant::now();
    loop {
        let (status, body) = create_user(server, token, "after").await;
        if status == 201 {
            eprintln!("{fault}: writes back {:?} after it ended", ended.elapsed());
            return body["id"].as_str().unwrap().to_owned();
        }
        assert_eq!(status, 503, "{body}");
        assert!(
            ended.elapsed() < limit,
            "{fault}: writes still refused {limit:?} after it ended: {body}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn readyz(server: &TestServer) -> (StatusCode, String, Duration) {
    let started = Instant::now();
    let response = server
        .http
        .get(server.url("/readyz"))
        .send()
        .await
        .expect("readyz");
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    (status, body, started.elapsed())
}

async fn metrics(server: &TestServer) -> String {
    server
        .http
        .get(server.url("/metrics"))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("metrics text")
}

async fn user_exists(server: &TestServer, token: &str, id: &str) -> bool {
    let (status, _) = server
        .call(Method::GET, &format!("/v1.0/users/{id}"), Some(token), None)
        .await;
    status == StatusCode::OK
}

#[tokio::test]
async fn a_full_disk_answers_503_and_writes_come_back_without_a_restart() {
    let disk = match Tmpfs::mount(64) {
        Ok(disk) => disk,
        Err(why) => {
            eprintln!("SKIPPED a_full_disk_answers_503_...: cannot mount a tmpfs here ({why})");
            return;
        }
    };
    let database = format!("sqlite://{}", disk.path().join("entente.db").display());
    let server = TestServer::start_configured(Backend::Sqlite, true, |config| {
        config.database_url = database;
        // Email goes to files in the (roomy) scratch directory; this test is about the
        // database.
        config.mail_worker = false;
    })
    .await;
    let token = server.api_token().await;
    let (status, body) = create_user(&server, &token, "before").await;
    assert_eq!(status, 201, "{body}");
    let before = body["id"].as_str().unwrap().to_owned();
    let (status, body, _) = readyz(&server).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ready"));

    // An empty write-ahead log, so the next write needs new blocks; then no block left.
    server.services.store.truncate_wal().await.unwrap();
    let filled = disk.fill();
    assert!(filled > 0);

    let (status, body, took) = readyz(&server).await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("storage is full"), "{body}");
    assert!(took < Duration::from_secs(2), "/readyz took {took:?}");

    // Every write is refused the same clear way, again and again (the writer used to
    // wedge after the first failure and answer 500 to all that followed).
    for attempt in 0..5 {
        let response = server
            .http
            .post(server.url("/v1.0/users"))
            .bearer_auth(&token)
            .json(&json!({ "displayName": format!("full {attempt}"),
                          "userPrincipalName": format!("full{attempt}@{}", server.bootstrap().initial_domain),
                          "mailNickname": "full", "accountEnabled": true }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 503, "attempt {attempt}");
        assert_eq!(
            response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok()),
            Some("10")
        );
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "serviceNotAvailable", "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("storage is full"),
            "{body}"
        );
    }
    // Reads and tokens go on.
    assert!(user_exists(&server, &token, &before).await);
    let _ = server.api_token().await;
    let text = metrics(&server).await;
    assert!(
        text.contains("entente_database_available 0"),
        "the outage is on record: {text}"
    );
    assert!(
        !text.contains("entente_database_unavailable_total{fault=\"disk_full\"} 0"),
        "{text}"
    );

    // Space comes back: writes work again within seconds, with no restart.
    disk.free();
    let after = first_write_after(&server, &token, "disk full", Duration::from_secs(5)).await;
    let (status, body, _) = readyz(&server).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ready"));
    assert!(user_exists(&server, &token, &before).await);
    assert!(user_exists(&server, &token, &after).await);
    // Nothing refused was half-written.
    let (_, list) = server
        .call(
            Method::GET,
            "/v1.0/users?$filter=startswith(displayName,'full')",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(list["value"].as_array().map(Vec::len), Some(0), "{list}");
    assert!(
        metrics(&server)
            .await
            .contains("entente_database_available 1")
    );
    server.stop().await;
    drop(disk);
}

/// PostgreSQL at 127.0.0.1:5432 as `ENTENTE_TEST_POSTGRES` names it, when set.
fn postgres_upstream() -> Option<std::net::SocketAddr> {
    let url = std::env::var("ENTENTE_TEST_POSTGRES").ok()?;
    let parsed = url::Url::parse(&url).ok()?;
    let host = parsed.host_str()?;
    let port = parsed.port().unwrap_or(5432);
    std::net::ToSocketAddrs::to_socket_addrs(&(host, port))
        .ok()?
        .next()
}

/// A PostgreSQL-backed server whose connections to the database pass through a proxy
/// the test can cut; `None` without `ENTENTE_TEST_POSTGRES`.
async fn postgres_behind_a_proxy() -> Option<(TcpProxy, TestServer)> {
    let upstream = postgres_upstream()?;
    let proxy = TcpProxy::start(upstream).await;
    let through = proxy.addr.to_string();
    let server = TestServer::start_configured(Backend::Postgres, true, |config| {
        config.database_url = config
            .database_url
            .replace(&upstream.to_string(), &through)
            .replace(&format!("localhost:{}", upstream.port()), &through);
        assert!(config.database_url.contains(&through));
        config.mail_worker = false;
    })
    .await;
    Some((proxy, server))
}

#[tokio::test]
async fn a_postgresql_outage_answers_503_at_once_and_loses_no_acknowledged_write() {
    let Some((proxy, server)) = postgres_behind_a_proxy().await else {
        eprintln!("SKIPPED: ENTENTE_TEST_POSTGRES is not set");
        return;
    };
    let token = server.api_token().await;
    let tenant = server.bootstrap().tenant_id;
    let discovery = format!("/{tenant}/v2.0/.well-known/openid-configuration");
    let jwks = format!("/{tenant}/discovery/v2.0/keys");
    for path in [&discovery, &jwks] {
        let (status, _) = server.call(Method::GET, path, None, None).await;
        assert_eq!(status, 200, "{path}");
    }

    // Writers keep creating users through the outage; every 201 must survive it.
    let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (acknowledged, stop, token) = (acknowledged.clone(), stop.clone(), token.clone());
        let http = server.http.clone();
        let url = server.url("/v1.0/users");
        let domain = server.bootstrap().initial_domain.clone();
        tokio::spawn(async move {
            let mut statuses = std::collections::BTreeMap::<u16, u32>::new();
            let mut slowest_503 = Duration::ZERO;
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let sent = Instant::now();
                let response = http
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&json!({ "displayName": format!("w{n}"),
                                  "userPrincipalName": format!("w{n}@{domain}"),
                                  "mailNickname": "w", "accountEnabled": true }))
                    .send()
                    .await
                    .expect("the server answers");
                let status = response.status().as_u16();
                *statuses.entry(status).or_default() += 1;
                if status == 503 {
                    slowest_503 = slowest_503.max(sent.elapsed());
                }
                if status == 201 {
                    let body: Value = response.json().await.unwrap();
                    acknowledged
                        .lock()
                        .unwrap()
                        .push(body["id"].as_str().unwrap().to_owned());
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            (statuses, slowest_503)
        })
    };
    tokio::time::sleep(Duration::from_millis(500)).await;

    proxy.cut();
    let cut_at = Instant::now();
    let started = Instant::now();
    let response = server
        .http
        .post(server.url("/v1.0/users"))
        .bearer_auth(&token)
        .json(&json!({ "displayName": "during", "userPrincipalName":
                       format!("during@{}", server.bootstrap().initial_domain),
                       "mailNickname": "during", "accountEnabled": true }))
        .send()
        .await
        .unwrap();
    let first_503 = started.elapsed();
    assert_eq!(response.status(), 503);
    assert_eq!(
        response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("2")
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "serviceNotAvailable", "{body}");
    assert!(
        first_503 < Duration::from_secs(3),
        "the first 503 took {first_503:?}"
    );
    eprintln!("PostgreSQL outage: first 503 after {first_503:?}");

    let (status, body, took) = readyz(&server).await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("cannot reach its database"), "{body}");
    assert!(took < Duration::from_secs(2), "/readyz took {took:?}");

    // What needs no database goes on: discovery, the keys, and client credentials
    // tokens for a client seen before, even once its cache entry is past its time.
    tokio::time::sleep(
        Duration::from_secs(entente_testkit::entente_domain::cache::CLIENT_TTL as u64 + 1)
            .saturating_sub(cut_at.elapsed()),
    )
    .await;
    for path in [&discovery, &jwks] {
        let (status, _) = server.call(Method::GET, path, None, None).await;
        assert_eq!(status, 200, "{path} during the outage");
    }
    let _ = server.api_token().await;
    // A token request that needs the database says so the OAuth way.
    let response = server
        .http
        .post(server.url(&format!("/{tenant}/oauth2/v2.0/token")))
        .basic_auth(
            &server.bootstrap().client_id,
            Some(&server.bootstrap().client_secret),
        )
        .form(&[("grant_type", "refresh_token"), ("refresh_token", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "temporarily_unavailable", "{body}");
    // A person signing in gets the busy page (503, in their language), not an error.
    let refused = server
        .browser_sign_in(
            &server.url(&format!("/{tenant}/login")),
            entente_testkit::ADMIN_EMAIL,
            entente_testkit::ADMIN_PASSWORD,
        )
        .await
        .expect_err("no sign-in while the database is out of reach");
    assert!(
        refused.starts_with("sign-in answered 503") && refused.contains("busy"),
        "{refused}"
    );

    proxy.mend();
    first_write_after(
        &server,
        &token,
        "PostgreSQL outage",
        Duration::from_secs(10),
    )
    .await;
    let (status, _, _) = readyz(&server).await;
    assert_eq!(status, 200);
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (statuses, slowest_503) = writer.await.unwrap();
    eprintln!("PostgreSQL outage: writer saw {statuses:?}, slowest 503 {slowest_503:?}");
    assert!(
        slowest_503 < Duration::from_secs(3),
        "a request hung {slowest_503:?} before its 503"
    );
    assert!(
        statuses.keys().all(|s| [201, 503].contains(s)),
        "only 201 and 503 were answered: {statuses:?}"
    );
    assert!(statuses.get(&503).is_some_and(|n| *n > 0), "{statuses:?}");
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(!acknowledged.is_empty());
    for id in &acknowledged {
        assert!(
            user_exists(&server, &token, id).await,
            "user {id} was answered 201 and is gone"
        );
    }
    server.stop().await;
}

/// Runs `entente serve` with `args` and `env`, which must fail: within 5 s, exit code
/// 1, and a last line (the one `main` writes as it exits) holding each of `says`.
/// Answers that line and all of standard error.
async fn start_fails(args: &[&str], env: &[(&str, &str)], says: &[&str]) -> (String, String) {
    let started = Instant::now();
    let child = tokio::process::Command::new(ENTENTE)
        .env_clear()
        .envs(env.iter().copied())
        .arg("serve")
        .args(["--listen", "127.0.0.1:0", "--log-format", "pretty"])
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("starting entente");
    let output = tokio::time::timeout(Duration::from_secs(30), child.wait_with_output())
        .await
        .expect("entente serve gave up within 30 s")
        .expect("its output");
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let line = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .to_owned();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    for words in says {
        assert!(
            line.contains(words),
            "{words:?} is not in {line:?}\n{stderr}"
        );
    }
    assert!(took < Duration::from_secs(5), "gave up after {took:?}");
    (line, stderr)
}

#[tokio::test]
async fn a_start_that_cannot_open_its_database_names_it_and_the_cause_at_once() {
    let scratch = std::env::temp_dir()
        .join("entente-start-faults")
        .join(uuid::Uuid::new_v4().simple().to_string());
    std::fs::create_dir_all(&scratch).unwrap();
    let key = (
        "ENTENTE_MASTER_KEY",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    );
    let data_dir = scratch.join("data");
    let data = data_dir.to_str().unwrap();

    // A database path that is a directory cannot be opened as a database file.
    let dir_as_file = scratch.join("db-is-a-directory");
    std::fs::create_dir_all(&dir_as_file).unwrap();
    let url = format!("sqlite://{}", dir_as_file.display());
    let (line, _) = start_fails(
        &["--database-url", &url, "--data-dir", data],
        &[key],
        &[
            dir_as_file.to_str().unwrap(),
            "unable to open database file",
        ],
    )
    .await;
    assert!(
        line.starts_with("error: cannot open the SQLite database"),
        "{line}"
    );

    // PostgreSQL that does not answer: the host, the port and the error, never the
    // password.
    let postgres = "postgres://postgres:secret-password@127.0.0.1:1/entente";
    let (_, stderr) = start_fails(
        &["--database-url", postgres, "--data-dir", data],
        &[key],
        &[
            "cannot open PostgreSQL at 127.0.0.1:1",
            "Connection refused",
        ],
    )
    .await;
    assert!(!stderr.contains("secret-password"), "{stderr}");

    // A master key that is not one.
    start_fails(
        &["--data-dir", data],
        &[("ENTENTE_MASTER_KEY", "not a key")],
        &["ENTENTE_MASTER_KEY"],
    )
    .await;

    // A full disk under the data directory, where the database is to be created.
    match Tmpfs::mount(1) {
        Ok(disk) => {
            disk.fill();
            let full = disk.path().join("data");
            let (line, _) = start_fails(
                &["--data-dir", full.to_str().unwrap()],
                &[key],
                &[full.to_str().unwrap()],
            )
            .await;
            assert!(
                line.contains("No space left on device")
                    || line.contains("database or disk is full"),
                "{line}"
            );
        }
        Err(why) => eprintln!("SKIPPED the full-disk start: cannot mount a tmpfs ({why})"),
    }

    // A deployment whose file system went read-only.
    match Tmpfs::mount(16) {
        Ok(disk) => {
            let dir = disk.path().join("data");
            std::fs::create_dir_all(&dir).unwrap();
            let file = dir.join("entente.db");
            let url = format!("sqlite://{}", file.display());
            let store = entente_testkit::entente_storage::Store::connect(&url)
                .await
                .unwrap();
            store.migrate().await.unwrap();
            store.close().await;
            disk.remount_read_only();
            start_fails(
                &["--data-dir", dir.to_str().unwrap()],
                &[key],
                &[file.to_str().unwrap(), "unable to open database file"],
            )
            .await;
        }
        Err(why) => eprintln!("SKIPPED the read-only start: cannot mount a tmpfs ({why})"),
    }
    let _ = std::fs::remove_dir_all(&scratch);
}

/// Runs one statement as PostgreSQL's administrator (the `ENTENTE_TEST_POSTGRES` URL).
fn psql(sql: &str) {
    let url = std::env::var("ENTENTE_TEST_POSTGRES").expect("ENTENTE_TEST_POSTGRES");
    let output = std::process::Command::new("psql")
        .args([url.as_str(), "-qtAc", sql])
        .output()
        .expect("running psql");
    assert!(
        output.status.success(),
        "psql {sql}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::test]
async fn a_read_only_database_is_not_ready_and_refuses_writes_until_it_is_writable_again() {
    let Some((proxy, server)) = postgres_behind_a_proxy().await else {
        eprintln!("SKIPPED: ENTENTE_TEST_POSTGRES is not set");
        return;
    };
    let token = server.api_token().await;
    let database = server
        .database_url()
        .rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    // As after a fail-over to a standby: new sessions may only read. Cutting the
    // connections makes the server open new ones.
    psql(&format!(
        "ALTER DATABASE {database} SET default_transaction_read_only = on"
    ));
    proxy.cut();
    proxy.mend();
    let (status, body, _) = readyz(&server).await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("read-only"), "{body}");
    let (status, body) = create_user(&server, &token, "readonly").await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error"]["code"], "serviceNotAvailable", "{body}");
    // Reads go on.
    let (status, _) = server
        .call(Method::GET, "/v1.0/users", Some(&token), None)
        .await;
    assert_eq!(status, 200);

    psql(&format!(
        "ALTER DATABASE {database} RESET default_transaction_read_only"
    ));
    proxy.cut();
    proxy.mend();
    let (status, body) = create_user(&server, &token, "writable").await;
    assert_eq!(status, 201, "{body}");
    let (status, body, _) = readyz(&server).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ready"));
    server.stop().await;
}
