//! `/v1.0/domains`: claiming a domain, proving it with a DNS TXT record and giving it
//! up, on every backend.
//!
//! Verification goes through Entente's real resolver to a real DNS server: Hickory
//! DNS's authoritative server, run by the test on a free loopback port with an
//! in-memory zone the test publishes records into.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use entente_model::{Tenant, TenantId};
use entente_testkit::entente_storage::StoreError;
use entente_testkit::{Backend, TestServer, backends, now};
use hickory_server::Server;
use hickory_server::proto::rr::rdata::{SOA, TXT};
use hickory_server::proto::rr::{LowerName, Name, RData, Record};
use hickory_server::store::in_memory::InMemoryZoneHandler;
use hickory_server::zone_handler::{AxfrPolicy, Catalog, ZoneType};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::net::{TcpListener, UdpSocket};

const DOMAIN: &str = "fabrikam.example";
const ADMIN_ROLES: &[&str] = &["Directory.ReadWrite.All"];

/// An authoritative DNS server for one zone on 127.0.0.1, UDP and TCP on one port.
pub(crate) struct Dns {
    pub(crate) addr: SocketAddr,
    zone: Arc<InMemoryZoneHandler>,
    serial: u32,
    server: Server<Catalog>,
}

impl Dns {
    pub(crate) async fn start(zone: &str) -> Dns {
        let origin = Name::from_ascii(format!("{zone}.")).unwrap();
        let authority =
            InMemoryZoneHandler::empty(origin.clone(), ZoneType::Primary, AxfrPolicy::Deny);
        let soa = SOA::new(
            Name::from_ascii(format!("ns.{zone}.")).unwrap(),
            Name::from_ascii(format!("hostmaster.{zone}.")).unwrap(),
            1,
            3600,
            600,
            86400,
            // A short negative TTL, so nothing downstream could hold on to "no record".
            1,
        );
        authority
            .upsert(Record::from_rdata(origin.clone(), 3600, RData::SOA(soa)), 1)
            .await;
        let zone = Arc::new(authority);
        let mut catalog = Catalog::new();
        catalog.upsert(LowerName::new(&origin), vec![zone.clone()]);
        // UDP first on a free port, then TCP on the same one (for truncated answers).
        let (udp, tcp) = loop {
            let udp = UdpSocket::bind("127.0.0.1:0").await.unwrap();
            let port = udp.local_addr().unwrap().port();
            if let Ok(tcp) = TcpListener::bind(("127.0.0.1", port)).await {
                break (udp, tcp);
            }
        };
        let addr = udp.local_addr().unwrap();
        let mut server = Server::new(catalog);
        server.register_socket(udp);
        server.register_listener(tcp, Duration::from_secs(5), 64);
        Dns {
            addr,
            zone,
            serial: 1,
            server,
        }
    }

    /// Publishes a TXT record of one character-string.
    pub(crate) async fn publish_txt(&mut self, name: &str, text: &str) {
        self.publish_txt_strings(name, &[text]).await;
    }

    /// Publishes a TXT record made of several character-strings, as long records are.
    async fn publish_txt_strings(&mut self, name: &str, strings: &[&str]) {
        self.serial += 1;
        let name = Name::from_ascii(format!("{name}.")).unwrap();
        let strings = strings.iter().map(|s| s.to_string()).collect();
        let record = Record::from_rdata(name, 3600, RData::TXT(TXT::new(strings)));
        assert!(self.zone.upsert(record, self.serial).await, "record added");
    }

    pub(crate) async fn stop(mut self) {
        let _ = self.server.shutdown_gracefully().await;
    }
}

/// A signed directory API token of `tenant`, as an application holding `roles`.
fn token(server: &TestServer, tenant: TenantId, roles: &[&str]) -> String {
    server.sign(&server.api_claims(tenant, uuid::Uuid::new_v4(), "app", roles, now()))
}

async fn call(
    server: &TestServer,
    bearer: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    server.call(method, path, Some(bearer), body).await
}

/// A second tenant, made straight in the store, and an admin token for it.
async fn second_tenant(server: &TestServer) -> (TenantId, String) {
    let other = Tenant::new(
        TenantId::new_id(),
        "Northwind".into(),
        "northwind.entente.test".into(),
        now(),
    );
    let mut tx = server.services.store.write().await.unwrap();
    tx.db().insert_tenant(&other).await.unwrap();
    tx.commit().await.unwrap();
    (other.id, token(server, other.id, ADMIN_ROLES))
}

async fn discovery(server: &TestServer, domain: &str) -> (StatusCode, Value) {
    let response = server
        .http
        .get(server.url(&format!("/{domain}/v2.0/.well-known/openid-configuration")))
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_domain_is_claimed_proven_by_dns_and_removed() {
    for backend in backends() {
        claim_prove_and_remove(backend).await;
    }
}

async fn claim_prove_and_remove(backend: Backend) {
    let mut dns = Dns::start(DOMAIN).await;
    let server = TestServer::start_with_dns(backend, dns.addr).await;
    let tenant = server.bootstrap().tenant_id;
    let admin = token(&server, tenant, ADMIN_ROLES);
    let (other_tenant, other_admin) = second_tenant(&server).await;

    // The initial domain is listed, verified, and cannot be removed.
    let (status, list) = call(&server, &admin, Method::GET, "/v1.0/domains", None).await;
    assert_eq!(status, 200, "{list}");
    let initial = server.bootstrap().initial_domain.clone();
    assert_eq!(
        list["value"],
        json!([{ "id": initial, "authenticationType": "Managed", "isDefault": true,
                 "isInitial": true, "isVerified": true, "supportedServices": [] }])
    );
    let (status, body) = call(
        &server,
        &admin,
        Method::DELETE,
        &format!("/v1.0/domains/{initial}"),
        None,
    )
    .await;
    assert_eq!(status, 400, "{body}");

    // Claim the domain (in capitals: ids are lower-case DNS names).
    let (status, created) = call(
        &server,
        &admin,
        Method::POST,
        "/v1.0/domains",
        Some(json!({ "id": "Fabrikam.Example" })),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["id"], DOMAIN);
    assert_eq!(created["isVerified"], false);
    assert_eq!(created["isInitial"], false);
    assert_eq!(created["authenticationType"], "Managed");
    let (status, again) = call(
        &server,
        &admin,
        Method::POST,
        "/v1.0/domains",
        Some(json!({ "id": DOMAIN })),
    )
    .await;
    assert_eq!(status, 409, "claiming twice: {again}");

    // The record to publish.
    let (status, records) = call(
        &server,
        &admin,
        Method::GET,
        &format!("/v1.0/domains/{DOMAIN}/verificationDnsRecords"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{records}");
    let record = &records["value"][0];
    assert_eq!(records["value"].as_array().unwrap().len(), 1, "{records}");
    assert_eq!(record["@odata.type"], "#microsoft.graph.domainDnsTxtRecord");
    assert_eq!(record["recordType"], "Txt");
    assert_eq!(record["label"], DOMAIN);
    assert_eq!(record["ttl"], 3600);
    let code = record["text"].as_str().unwrap().to_owned();
    assert!(
        code.starts_with("entente-verification=") && code.len() > 30,
        "{code}"
    );

    // The other tenant claims the same name too, with a code of its own.
    let (status, theirs) = call(
        &server,
        &other_admin,
        Method::POST,
        "/v1.0/domains",
        Some(json!({ "id": DOMAIN })),
    )
    .await;
    assert_eq!(status, 201, "an unverified claim blocks no one: {theirs}");
    let (_, their_records) = call(
        &server,
        &other_admin,
        Method::GET,
        &format!("/v1.0/domains/{DOMAIN}/verificationDnsRecords"),
        None,
    )
    .await;
    let their_code = their_records["value"][0]["text"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(their_code, code);

    // Before the record exists, verification fails and says what to publish.
    let verify = format!("/v1.0/domains/{DOMAIN}/verify");
    let (status, body) = call(&server, &admin, Method::POST, &verify, None).await;
    assert_eq!(status, 400, "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains(DOMAIN) && message.contains(&code) && message.contains("TXT"),
        "the message names the record: {message}"
    );
    // A record with another text does not prove anything either.
    dns.publish_txt(DOMAIN, "v=spf1 -all").await;
    let (status, body) = call(&server, &admin, Method::POST, &verify, None).await;
    assert_eq!(status, 400, "{body}");
    // An unknown tenant is a 400 on the protocol endpoints, as on Entra ID.
    let (status, _) = discovery(&server, DOMAIN).await;
    assert_eq!(status, 400, "an unverified domain discovers no tenant");

    // Publish (split in two character-strings, which a reader joins), verify.
    let (head, tail) = code.split_at(12);
    dns.publish_txt_strings(DOMAIN, &[head, tail]).await;
    let (status, verified) = call(&server, &admin, Method::POST, &verify, None).await;
    assert_eq!(status, 200, "{verified}");
    assert_eq!(verified["id"], DOMAIN);
    assert_eq!(verified["isVerified"], true);
    let (_, read) = call(
        &server,
        &admin,
        Method::GET,
        &format!("/v1.0/domains/{DOMAIN}"),
        None,
    )
    .await;
    assert_eq!(read, verified);
    let (status, again) = call(&server, &admin, Method::POST, &verify, None).await;
    assert_eq!(status, 200, "verifying again changes nothing: {again}");

    // Home-realm discovery now finds the tenant by the domain.
    let (status, config) = discovery(&server, DOMAIN).await;
    assert_eq!(status, 200, "{config}");
    assert_eq!(config["issuer"], server.issuer());
    // Users can now have principal names in it.
    let (status, user) = call(
        &server,
        &admin,
        Method::POST,
        "/v1.0/users",
        Some(json!({ "displayName": "Ann", "userPrincipalName": format!("ann@{DOMAIN}") })),
    )
    .await;
    assert_eq!(status, 201, "{user}");

    // The other tenant can neither verify it (even with its own record published)...
    dns.publish_txt(DOMAIN, &their_code).await;
    let (status, body) = call(&server, &other_admin, Method::POST, &verify, None).await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("another tenant"),
        "{body}"
    );
    // ...nor win a race for it: the database's unique index refuses a second verifier.
    let mut tx = server.services.store.write().await.unwrap();
    let raced = tx
        .db()
        .set_tenant_domain_verified(other_tenant, DOMAIN, now())
        .await;
    assert!(matches!(raced, Err(StoreError::Conflict(_))), "{raced:?}");
    drop(tx);
    // ...nor claim it afresh.
    let (status, body) = call(
        &server,
        &other_admin,
        Method::DELETE,
        &format!("/v1.0/domains/{DOMAIN}"),
        None,
    )
    .await;
    assert_eq!(status, 204, "{body}");
    let (status, body) = call(
        &server,
        &other_admin,
        Method::POST,
        "/v1.0/domains",
        Some(json!({ "id": DOMAIN })),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    // ...nor a subdomain of it.
    let (status, body) = call(
        &server,
        &other_admin,
        Method::POST,
        "/v1.0/domains",
        Some(json!({ "id": format!("sales.{DOMAIN}") })),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    // The owner may claim its own subdomains.
    let (status, body) = call(
        &server,
        &admin,
        Method::POST,
        "/v1.0/domains",
        Some(json!({ "id": format!("sales.{DOMAIN}") })),
    )
    .await;
    assert_eq!(status, 201, "{body}");

    // Removing a domain its users are in is refused; without them it goes.
    let domain_path = format!("/v1.0/domains/{DOMAIN}");
    let (status, body) = call(&server, &admin, Method::DELETE, &domain_path, None).await;
    assert_eq!(status, 400, "{body}");
    let user_path = format!("/v1.0/users/{}", user["id"].as_str().unwrap());
    let (status, _) = call(&server, &admin, Method::DELETE, &user_path, None).await;
    assert_eq!(status, 204);
    // A deleted user could be restored into the domain: it still counts until it is
    // deleted permanently.
    let (status, body) = call(&server, &admin, Method::DELETE, &domain_path, None).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body.to_string().contains("counting those in deleted items"),
        "{body}"
    );
    let purge = format!(
        "/v1.0/directory/deletedItems/{}",
        user["id"].as_str().unwrap()
    );
    let (status, _) = call(&server, &admin, Method::DELETE, &purge, None).await;
    assert_eq!(status, 204);
    let (status, body) = call(&server, &admin, Method::DELETE, &domain_path, None).await;
    assert_eq!(status, 204, "{body}");
    let (status, _) = call(&server, &admin, Method::GET, &domain_path, None).await;
    assert_eq!(status, 404);
    let (status, _) = discovery(&server, DOMAIN).await;
    assert_eq!(status, 400, "a removed domain discovers no tenant");

    // Every change is in the audit log.
    let mut conn = server.services.store.read().await.unwrap();
    let audit = format!(
        "{:?}",
        conn.db().list_audit(tenant, None, 100).await.unwrap()
    );
    drop(conn);
    for action in ["Add domain", "Verify domain", "Remove domain"] {
        assert!(audit.contains(action), "{action} audited: {audit}");
    }

    server.stop().await;
    dns.stop().await;
}

#[tokio::test]
async fn invalid_names_and_missing_permissions_are_refused() {
    for backend in backends() {
        let dns = Dns::start(DOMAIN).await;
        let server = TestServer::start_with_dns(backend, dns.addr).await;
        let tenant = server.bootstrap().tenant_id;
        let admin = token(&server, tenant, ADMIN_ROLES);
        for bad in [
            "localhost",
            "-x.com",
            "a..b",
            "fabrikam.example.",
            "entente.test",
            "contoso.entente.test",
            "new.entente.test",
            "",
        ] {
            let (status, body) = call(
                &server,
                &admin,
                Method::POST,
                "/v1.0/domains",
                Some(json!({ "id": bad })),
            )
            .await;
            assert_eq!(status, 400, "{bad:?}: {body}");
            assert!(
                body["error"]["message"]
                    .as_str()
                    .unwrap()
                    .contains("not a valid domain"),
                "{bad:?}: {body}"
            );
        }

        // Reading needs Domain.Read.All (or a directory-wide permission), writing
        // Domain.ReadWrite.All.
        let reader = token(&server, tenant, &["Domain.Read.All"]);
        let (status, _) = call(&server, &reader, Method::GET, "/v1.0/domains", None).await;
        assert_eq!(status, 200);
        let (status, body) = call(
            &server,
            &reader,
            Method::POST,
            "/v1.0/domains",
            Some(json!({ "id": DOMAIN })),
        )
        .await;
        assert_eq!(status, 403, "{body}");
        let users_only = token(&server, tenant, &["User.ReadWrite.All"]);
        let (status, _) = call(&server, &users_only, Method::GET, "/v1.0/domains", None).await;
        assert_eq!(status, 403);
        let writer = token(&server, tenant, &["Domain.ReadWrite.All"]);
        let (status, body) = call(
            &server,
            &writer,
            Method::POST,
            "/v1.0/domains",
            Some(json!({ "id": DOMAIN })),
        )
        .await;
        assert_eq!(status, 201, "{body}");

        // A name server that refuses to answer (this one serves another zone) fails
        // verification with the reason and the record still to publish.
        let (status, body) = call(
            &server,
            &writer,
            Method::POST,
            "/v1.0/domains",
            Some(json!({ "id": "tailspin.example" })),
        )
        .await;
        assert_eq!(status, 201, "{body}");
        let (status, body) = call(
            &server,
            &writer,
            Method::POST,
            "/v1.0/domains/tailspin.example/verify",
            None,
        )
        .await;
        assert_eq!(status, 400, "{body}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("could not be looked up")
                && message.contains("entente-verification=")
                && !message.contains("127.0.0.1"),
            "{message}"
        );

        // Another tenant's domain does not exist for this one.
        let (_, other_admin) = second_tenant(&server).await;
        for (method, path) in [
            (Method::GET, format!("/v1.0/domains/{DOMAIN}")),
            (Method::POST, format!("/v1.0/domains/{DOMAIN}/verify")),
            (Method::DELETE, format!("/v1.0/domains/{DOMAIN}")),
        ] {
            let (status, body) = call(&server, &other_admin, method, &path, None).await;
            assert_eq!(status, 404, "{path}: {body}");
        }

        server.stop().await;
        dns.stop().await;
    }
}
