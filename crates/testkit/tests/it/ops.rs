//! Start-up, health, readiness, metrics and the first-start setup link.

use entente_testkit::{Backend, TestServer, backends};

#[tokio::test]
async fn health_readiness_and_metrics_answer() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let health = server
            .http
            .get(server.url("/healthz"))
            .send()
            .await
            .unwrap();
        assert_eq!(health.status(), 200);
        assert!(
            health.headers().contains_key("x-request-id"),
            "every response carries a request id"
        );
        let ready = server.http.get(server.url("/readyz")).send().await.unwrap();
        assert_eq!(ready.status(), 200, "{backend:?}");
        let metrics = server
            .http
            .get(server.url("/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            metrics.contains(
                "entente_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1"
            ),
            "{metrics}"
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn an_empty_deployment_offers_a_setup_link_and_a_bootstrapped_one_does_not() {
    let empty = TestServer::start_empty(Backend::Sqlite).await;
    let link = empty.setup_url().expect("a setup link on first start");
    assert!(link.contains("/setup?token="), "{link}");
    empty.stop().await;

    // The kit bootstraps after start, so the link printed at start must now be dead.
    let server = TestServer::start().await;
    let link = server.setup_url().expect("printed before bootstrap");
    let token = link.split("token=").nth(1).unwrap();
    let request = entente_testkit::entente_domain::setup::NewTenant {
        tenant_name: "Second".into(),
        admin_email: "eve@example.com".into(),
        admin_password: "a long password".into(),
        admin_display_name: None,
    };
    let refused = entente_testkit::entente_domain::setup::complete_setup(
        &server.services,
        token,
        request,
        entente_testkit::now(),
    )
    .await;
    assert!(
        refused.is_err(),
        "a setup link must not create a second first tenant"
    );
    assert!(server.bootstrap().initial_domain.starts_with("contoso."));
    server.stop().await;
}

#[tokio::test]
async fn metrics_show_the_outbox_by_status() {
    use entente_testkit::entente_domain::mail::{OutgoingEmail, enqueue_email};

    // No delivery worker, so a queued email stays pending.
    let server =
        TestServer::start_configured(Backend::Sqlite, true, |config| config.mail_worker = false)
            .await;
    let scrape = || async {
        server
            .http
            .get(server.url("/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    assert!(
        scrape()
            .await
            .contains("entente_outbox_messages{status=\"pending\"} 0")
    );
    let email = OutgoingEmail {
        from: "Entente <no-reply@entente.test>".into(),
        to: vec!["alice@fabrikam.com".into()],
        cc: Vec::new(),
        subject: "Metrics".into(),
        text: "counted".into(),
        html: None,
    };
    let mut tx = server.services.store.write().await.unwrap();
    enqueue_email(
        &mut tx.db(),
        &server.services,
        server.bootstrap().tenant_id,
        &email,
        entente_testkit::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let metrics = scrape().await;
    assert!(
        metrics.contains("entente_outbox_messages{status=\"pending\"} 1"),
        "{metrics}"
    );
    assert!(metrics.contains("entente_outbox_messages{status=\"sent\"} 0"));
    server.stop().await;
}
