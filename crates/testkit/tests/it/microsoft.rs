//! Issue 18: Microsoft's client libraries, unchanged and pinned, against Entente over
//! https (`clients/microsoft/clients.py`): MSAL Python with a secret and with a
//! certificate (both thumbprint forms), its device flow and its interactive flow
//! through headless Chromium on a random loopback port, silent refresh;
//! azure-identity's secret and certificate credentials; the Microsoft Graph Python SDK
//! for invitations, users, groups and their `$ref` members, paging and errors. Only
//! the authority (base URL) and the credentials differ from what an Entra developer
//! writes. These are about protocol shapes, not storage, so they run on SQLite.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use base64::Engine;
use entente_testkit::python::venv_python;
use entente_testkit::{ADMIN_EMAIL, ADMIN_PASSWORD, Backend, TestServer};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};

/// The libraries as published, pinned.
const PACKAGES: &[&str] = &[
    "msal==1.39.0",
    "azure-identity==1.27.0",
    "msgraph-sdk==1.65.0",
];

fn python() -> PathBuf {
    venv_python(
        "microsoft-clients-1",
        PACKAGES,
        "import msal, azure.identity, msgraph",
    )
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("clients/microsoft/clients.py")
}

/// The script with its parameters, trusting the test CA as a developer trusts
/// `entente dev-cert`'s (REQUESTS_CA_BUNDLE for requests, SSL_CERT_FILE for httpx).
fn command(server: &TestServer, scenario: &str, params: &Value) -> tokio::process::Command {
    let ca = server.tls_ca_file().expect("an https server");
    let mut command = tokio::process::Command::new(python());
    command
        .arg(script())
        .arg(scenario)
        .env("SCENARIO_PARAMS", params.to_string())
        .env("REQUESTS_CA_BUNDLE", &ca)
        .env("SSL_CERT_FILE", &ca)
        .kill_on_drop(true);
    command
}

/// Runs a scenario to its end and answers the JSON it printed last.
async fn run(server: &TestServer, scenario: &str, params: Value) -> Value {
    let output = command(server, scenario, &params)
        .output()
        .await
        .expect("running python");
    last_json(
        scenario,
        &output.stdout,
        &output.stderr,
        output.status.success(),
    )
}

fn last_json(scenario: &str, stdout: &[u8], stderr: &[u8], ok: bool) -> Value {
    let stdout = String::from_utf8_lossy(stdout);
    let stderr = String::from_utf8_lossy(stderr);
    assert!(ok, "{scenario} failed:\n{stderr}\n{stdout}");
    let last = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(last)
        .unwrap_or_else(|e| panic!("{scenario} printed no JSON ({e}):\n{stdout}\n{stderr}"))
}

/// The scopes of an access token's `scp`, in order.
fn scp(token: &Value) -> Vec<&str> {
    token["scp"]
        .as_str()
        .unwrap_or_default()
        .split(' ')
        .collect()
}

fn authority(server: &TestServer) -> String {
    format!("{}/{}", server.base_url, server.bootstrap().tenant_id)
}

/// An RSA certificate and its key, as PEM, with the certificate's SHA-1 thumbprint in
/// hex (as the Azure portal shows it).
struct RsaCertificate {
    certificate_pem: String,
    key_pem: String,
    der: Vec<u8>,
    thumbprint: String,
}

fn rsa_certificate() -> RsaCertificate {
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_RSA_SHA256).expect("an RSA key");
    let mut params = rcgen::CertificateParams::new(vec!["daemon.contoso.example".into()]).unwrap();
    let now = time::OffsetDateTime::now_utc();
    (params.not_before, params.not_after) = (
        now - time::Duration::hours(1),
        now + time::Duration::days(30),
    );
    let cert = params.self_signed(&key).unwrap();
    let der = cert.der().to_vec();
    let thumbprint = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY, &der)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    RsaCertificate {
        certificate_pem: cert.pem(),
        key_pem: key.serialize_pem(),
        der,
        thumbprint,
    }
}

/// Registers `certificate` on `app` with Graph's PATCH, as an admin would.
async fn register_certificate(server: &TestServer, app: &entente_testkit::TestApp, der: &[u8]) {
    let token = server.api_token().await;
    let (status, body) = server
        .call(
            reqwest::Method::PATCH,
            &format!("/v1.0/applications/{}", app.id),
            Some(&token),
            Some(json!({ "keyCredentials": [{
                "type": "AsymmetricX509Cert", "usage": "Verify",
                "key": base64::engine::general_purpose::STANDARD.encode(der),
            }]})),
        )
        .await;
    assert_eq!(status, 204, "{body}");
}

#[tokio::test]
async fn msal_and_azure_identity_get_app_tokens_with_a_secret_and_a_certificate() {
    let server = TestServer::start_tls(Backend::Sqlite).await;
    let boot = server.bootstrap().clone();
    let scope = format!("{}/.default", server.base_url);
    let daemon = server
        .register_app("Daemon", "https://daemon.contoso.example/cb", false)
        .await;
    let cert = rsa_certificate();
    register_certificate(&server, &daemon, &cert.der).await;

    let secret = run(
        &server,
        "msal-client-credentials",
        json!({
            "authority": authority(&server), "client_id": boot.client_id,
            "credential": "secret", "secret": boot.client_secret, "scope": scope,
        }),
    )
    .await;
    let token = &secret["first"]["access_token"];
    assert_eq!(secret["first"]["error"], Value::Null, "{secret}");
    assert_eq!(token["tid"], boot.tenant_id.to_string(), "{secret}");
    assert_eq!(token["azp"], boot.client_id, "{secret}");
    assert_eq!(token["idtyp"], "app");
    assert!(
        token["roles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "Directory.ReadWrite.All"),
        "{secret}"
    );
    assert_eq!(
        secret["second"]["token_source"], "cache",
        "MSAL keeps the token"
    );

    for form in ["thumbprint", "public_certificate"] {
        let signed = run(
            &server,
            "msal-client-credentials",
            json!({
                "authority": authority(&server), "client_id": daemon.client_id,
                "credential": form, "private_key": cert.key_pem,
                "thumbprint": cert.thumbprint, "public_certificate": cert.certificate_pem,
                "scope": scope,
            }),
        )
        .await;
        assert_eq!(signed["first"]["error"], Value::Null, "{form}: {signed}");
        assert_eq!(
            signed["first"]["access_token"]["azp"], daemon.client_id,
            "{form}"
        );
    }

    // azure-identity: a secret and a certificate file (key and certificate in one PEM).
    let pem = server.data_dir().join("daemon.pem");
    std::fs::write(&pem, format!("{}{}", cert.key_pem, cert.certificate_pem)).unwrap();
    let identity = run(
        &server,
        "azure-identity",
        json!({
            "authority_host": server.base_url, "tenant_id": boot.tenant_id.to_string(),
            "client_id": boot.client_id, "secret": boot.client_secret,
            "certificate_client_id": daemon.client_id, "certificate_path": pem, "scope": scope,
        }),
    )
    .await;
    assert_eq!(identity["secret"]["azp"], boot.client_id, "{identity}");
    assert_eq!(
        identity["certificate"]["azp"], daemon.client_id,
        "{identity}"
    );
    server.stop().await;
}

#[tokio::test]
async fn msal_device_flow_prints_its_message_signs_in_and_refreshes_silently() {
    let server = TestServer::start_tls(Backend::Sqlite).await;
    let app = server
        .register_app("Terminal tool", "http://localhost", true)
        .await;
    let scopes = json!([format!("{}/User.Read", server.base_url)]);
    let params =
        json!({ "authority": authority(&server), "client_id": app.client_id, "scopes": scopes });
    let mut child = command(&server, "msal-device-flow", &params)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next_line().await.unwrap().expect("the flow");
    let flow: Value = serde_json::from_str(&first).expect("the flow as JSON");
    let flow = &flow["flow"];
    let code = flow["user_code"].as_str().expect("a user code");
    assert!(
        flow["message"]
            .as_str()
            .is_some_and(|m| m.contains(code) && m.contains("/device")),
        "MSAL samples print flow[\"message\"]: {flow}"
    );
    let complete = flow["verification_uri_complete"]
        .as_str()
        .expect("complete uri");
    server
        .answer_device_request_of(
            "Terminal tool",
            complete,
            ADMIN_EMAIL,
            ADMIN_PASSWORD,
            "allow",
        )
        .await;
    let mut rest = String::new();
    while let Some(line) = lines.next_line().await.unwrap() {
        rest = line;
    }
    let status = child.wait().await.unwrap();
    let mut stderr = String::new();
    tokio::io::AsyncReadExt::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr)
        .await
        .unwrap();
    let seen = last_json(
        "msal-device-flow",
        rest.as_bytes(),
        stderr.as_bytes(),
        status.success(),
    );
    assert_eq!(seen["result"]["error"], Value::Null, "{seen}");
    let token = &seen["result"]["access_token"];
    assert_eq!(
        scp(token),
        ["User.Read", "openid", "profile"],
        "only what is granted: {seen}"
    );
    let oid = token["oid"].as_str().unwrap();
    assert_eq!(
        seen["home_account_id"],
        format!("{oid}.{}", server.bootstrap().tenant_id),
        "client_info names the account: {seen}"
    );
    assert!(
        seen["username"]
            .as_str()
            .is_some_and(|u| u.starts_with("admin@")),
        "{seen}"
    );
    assert_eq!(seen["silent"]["error"], Value::Null, "{seen}");
    assert_eq!(
        seen["silent"]["token_source"], "identity_provider",
        "{seen}"
    );
    assert_eq!(seen["silent"]["access_token"]["oid"], oid);
    server.stop().await;
}

/// The browser MSAL opens: `$BROWSER`, a script that starts headless Chromium on the
/// address in the background (MSAL waits for the redirect on its loopback port).
fn browser_command(dir: &Path, log: &Path) -> PathBuf {
    let script = dir.join("msal-browser.sh");
    let pages = crate::browser::browser_dir().join("pages.mjs");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\ncd {} && node {} msal-sign-in \"$1\" > {} 2>&1 &\n",
            pages.parent().unwrap().display(),
            pages.display(),
            log.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

#[tokio::test]
async fn msal_interactive_signs_in_on_a_random_loopback_port() {
    let server = TestServer::start_tls(Backend::Sqlite).await;
    // Registered without a port, as Entra's "Mobile and desktop applications" platform.
    let app = server
        .register_app("Desktop app", "http://localhost", true)
        .await;
    let scopes = json!([format!("{}/User.Read", server.base_url)]);
    let log = server.data_dir().join("msal-browser.log");
    let browser = browser_command(server.data_dir(), &log);
    let params = json!({
        "authority": authority(&server), "client_id": app.client_id, "scopes": scopes,
        "login": ADMIN_EMAIL, "password": ADMIN_PASSWORD,
    });
    let output = command(&server, "msal-interactive", &params)
        .env("BROWSER", format!("{} %s", browser.display()))
        .env("CHROMIUM", "/usr/bin/chromium")
        .output()
        .await
        .unwrap();
    let browser_log = std::fs::read_to_string(&log).unwrap_or_default();
    let seen = last_json(
        "msal-interactive",
        &output.stdout,
        format!(
            "{}\nbrowser: {browser_log}",
            String::from_utf8_lossy(&output.stderr)
        )
        .as_bytes(),
        output.status.success(),
    );
    assert_eq!(
        seen["result"]["error"],
        Value::Null,
        "{seen}\nbrowser: {browser_log}"
    );
    assert_eq!(
        scp(&seen["result"]["access_token"]),
        ["User.Read", "openid", "profile"],
        "the admin's directory permissions were not asked for: {seen}"
    );
    assert!(
        browser_log.contains("http://localhost:"),
        "the browser landed on MSAL's loopback port: {browser_log}"
    );
    assert_eq!(
        seen["silent"]["token_source"], "identity_provider",
        "{seen}"
    );
    server.stop().await;
}

#[tokio::test]
async fn the_graph_sdk_invites_manages_users_and_groups_pages_and_reads_errors() {
    let server = TestServer::start_tls(Backend::Sqlite).await;
    let boot = server.bootstrap().clone();
    let seen = run(
        &server,
        "graph-sdk",
        json!({
            "authority_host": server.base_url, "tenant_id": boot.tenant_id.to_string(),
            "client_id": boot.client_id, "secret": boot.client_secret,
            "scope": format!("{}/.default", server.base_url),
            "graph_base": format!("{}/v1.0", server.base_url),
            "domain": "contoso.entente.test",
            "filter": "userType eq 'Member' and (accountEnabled eq true or startswith(displayName,'Ada'))",
            "count": true,
        }),
    )
    .await;
    let invitation = &seen["invitation"];
    assert_eq!(invitation["status"], "PendingAcceptance", "{seen}");
    assert_eq!(invitation["message_language"], "de-DE", "{seen}");
    assert_eq!(invitation["invited_user_type"], "Guest", "{seen}");
    assert!(
        invitation["redeem_url"]
            .as_str()
            .is_some_and(|u| u.contains("/redeem/")),
        "{seen}"
    );
    assert_eq!(seen["renamed"], "Ada Lovelace", "{seen}");
    assert_eq!(seen["members"].as_array().map(Vec::len), Some(2), "{seen}");
    assert_eq!(
        seen["members_after_removal"].as_array().map(Vec::len),
        Some(1),
        "{seen}"
    );
    // Four members (the admin and three new users), two a page, $select kept.
    let pages = seen["pages"].as_array().unwrap();
    assert_eq!(
        pages
            .iter()
            .map(|p| p.as_array().unwrap().len())
            .sum::<usize>(),
        4,
        "{seen}"
    );
    assert!(pages.len() >= 2, "{seen}");
    assert_eq!(seen["selected_only"], true, "{seen}");
    // Four members and the invited guest.
    assert_eq!(
        seen["count"], 5,
        "/users/$count with ConsistencyLevel: {seen}"
    );
    assert_eq!(seen["error"]["status"], 404, "{seen}");
    assert_eq!(seen["error"]["code"], "Request_ResourceNotFound", "{seen}");
    assert!(
        seen["error"]["request_id"]
            .as_str()
            .is_some_and(|r| !r.is_empty()),
        "{seen}"
    );
    assert_eq!(seen["deleted"], true, "{seen}");
    // The three deleted users are listed in deleted items and Ada is restored.
    assert_eq!(
        seen["deleted_items"].as_array().map(Vec::len),
        Some(3),
        "{seen}"
    );
    assert_eq!(seen["restored"]["type"], "User", "{seen}");
    assert_eq!(seen["back"], "Ada Lovelace", "{seen}");
    server.stop().await;
}

#[tokio::test]
async fn msal_node_gets_app_and_user_tokens() {
    let server = TestServer::start_tls(Backend::Sqlite).await;
    let boot = server.bootstrap().clone();
    let web = server
        .register_app("Node web app", "http://localhost/auth/callback", false)
        .await;
    let ca = server.tls_ca_file().unwrap();
    let seen = crate::browser::scenario_with(
        "msal-node",
        json!({
            "authority": authority(&server), "clientId": web.client_id,
            "clientSecret": web.client_secret, "appScope": format!("{}/.default", server.base_url),
            "userScopes": [format!("{}/User.Read", server.base_url)],
            "callbackPath": "/auth/callback", "login": ADMIN_EMAIL, "password": ADMIN_PASSWORD,
        }),
        &[("NODE_EXTRA_CA_CERTS", ca.as_path())],
    )
    .await;
    assert_eq!(seen["daemon"]["idtyp"], "app", "{seen}");
    assert_eq!(seen["daemon"]["azp"], web.client_id, "{seen}");
    assert_eq!(seen["user"]["idtyp"], "user", "{seen}");
    assert!(scp(&seen["user"]).contains(&"User.Read"), "{seen}");
    assert_eq!(seen["idToken"]["tid"], boot.tenant_id.to_string(), "{seen}");
    let oid = seen["user"]["oid"].as_str().unwrap();
    assert_eq!(
        seen["homeAccountId"],
        format!("{oid}.{}", boot.tenant_id),
        "{seen}"
    );
    assert_eq!(
        seen["silentFromCache"], false,
        "forceRefresh used the refresh token: {seen}"
    );
    assert_eq!(seen["silent"]["oid"], oid, "{seen}");
    server.stop().await;
}
