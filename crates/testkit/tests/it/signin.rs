//! Sign-in pages and the authorization endpoint's refusals: CSRF, throttling with the
//! same answer for unknown and wrong, disabled users, and requests that must never be
//! redirected back to an unverified client.

use entente_testkit::{TestServer, hidden_field, set_cookie_value};

#[tokio::test]
async fn unknown_user_and_wrong_password_get_the_same_answer_then_delays() {
    let server = TestServer::start().await;
    server
        .create_member("dave@contoso.com", "Dave", "dave's long password")
        .await;
    let login_url = server.url(&format!("/{}/login", server.bootstrap().tenant_id));
    let page = server.http.get(&login_url).send().await.unwrap();
    let csrf_cookie = set_cookie_value(&page, "entente_csrf").unwrap();
    let csrf = hidden_field(&page.text().await.unwrap(), "csrf").unwrap();
    let attempt = |login: &'static str, password: &'static str| {
        let (server, login_url, csrf_cookie, csrf) = (
            &server,
            login_url.clone(),
            csrf_cookie.clone(),
            csrf.clone(),
        );
        async move {
            let response = server
                .http
                .post(&login_url)
                .header("cookie", format!("entente_csrf={csrf_cookie}"))
                .form(&[("login", login), ("password", password), ("csrf", &csrf)])
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let retry_after = response
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap().to_owned());
            (status, retry_after, response.text().await.unwrap())
        }
    };
    let (unknown_status, _, unknown_body) =
        attempt("nobody@contoso.com", "whatever password").await;
    let (wrong_status, _, wrong_body) = attempt("dave@contoso.com", "not dave's password").await;
    assert_eq!(unknown_status, 401);
    assert_eq!(wrong_status, 401);
    let message = "The email address or password is incorrect.";
    assert!(unknown_body.contains(message) && wrong_body.contains(message));
    // Five failures on one account are free; after them the delays double from one
    // second, so within a few more attempts one must be refused without being checked.
    for _ in 0..4 {
        assert_eq!(
            attempt("dave@contoso.com", "not dave's password").await.0,
            401
        );
    }
    let mut retry_after = None;
    for _ in 0..10 {
        let (status, after, _) = attempt("dave@contoso.com", "not dave's password").await;
        if status == 429 {
            retry_after = after;
            break;
        }
        assert_eq!(status, 401);
    }
    let mut retry_after: u64 = retry_after
        .expect("repeated failures must be delayed, and the answer says when to retry")
        .parse()
        .unwrap();
    // The next check needs the delay to outlast it: each counted failure doubles it,
    // so let it grow until at least three seconds remain.
    // On a loaded machine a checked attempt can take longer than a short delay (the
    // delay counts from the attempt's start), so the next one may be checked too;
    // the doubling delays soon outgrow that.
    while retry_after < 3 {
        tokio::time::sleep(std::time::Duration::from_secs(retry_after + 1)).await;
        loop {
            let (status, after, _) = attempt("dave@contoso.com", "not dave's password").await;
            if status == 429 {
                retry_after = after.unwrap().parse().unwrap();
                break;
            }
            assert_eq!(status, 401);
        }
    }
    let (status, retry_after, body) = attempt("dave@contoso.com", "dave's long password").await;
    assert_eq!(
        status, 429,
        "even the right password waits out the delay: {body}"
    );
    assert!(retry_after.is_some());
    assert!(body.contains("Too many failed attempts"));
    server.stop().await;
}

#[tokio::test]
async fn a_login_form_without_the_csrf_token_is_refused() {
    let server = TestServer::start().await;
    let login_url = server.url(&format!("/{}/login", server.bootstrap().tenant_id));
    let response = server
        .http
        .post(&login_url)
        .form(&[
            ("login", "admin@contoso.com"),
            ("password", entente_testkit::ADMIN_PASSWORD),
            ("csrf", "forged"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("This form has expired")
    );
    server.stop().await;
}

#[tokio::test]
async fn a_disabled_user_loses_the_session_at_once() {
    let server = TestServer::start().await;
    let erin = server
        .create_member("erin@contoso.com", "Erin", "erin's long password")
        .await;
    let login_url = server.url(&format!("/{}/login", server.bootstrap().tenant_id));
    let (cookies, landing) = server
        .browser_sign_in(&login_url, &erin.email, &erin.password)
        .await
        .unwrap();
    let account = server
        .http
        .get(server.url(&landing))
        .header("cookie", &cookies)
        .send()
        .await
        .unwrap();
    assert_eq!(account.status(), 200);
    assert!(account.text().await.unwrap().contains("erin@contoso.com"));
    server.disable_user(erin.id).await;
    let after = server
        .http
        .get(server.url(&landing))
        .header("cookie", &cookies)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 303, "the session no longer counts");
    assert!(
        after.headers()["location"]
            .to_str()
            .unwrap()
            .ends_with("/login")
    );
    server.stop().await;
}

#[tokio::test]
async fn authorize_refuses_unknown_clients_and_redirect_uris_without_redirecting() {
    let server = TestServer::start().await;
    let tenant = server.bootstrap().tenant_id;
    let app = server
        .register_app("Web", "https://app.contoso.com/cb", false)
        .await;
    let native = server
        .register_app("Native", "http://127.0.0.1/native-cb", true)
        .await;
    let authorize = |query: String| {
        server
            .http
            .get(server.url(&format!("/{tenant}/oauth2/v2.0/authorize?{query}")))
            .send()
    };

    let unknown =
        authorize("client_id=nope&response_type=code&redirect_uri=https://evil.example/cb".into())
            .await
            .unwrap();
    assert_eq!(unknown.status(), 400);
    assert!(
        unknown
            .text()
            .await
            .unwrap()
            .contains("not registered in this organization")
    );

    let foreign_redirect = authorize(format!(
        "client_id={}&response_type=code&redirect_uri=https://app.contoso.com/cb/../evil",
        app.client_id
    ))
    .await
    .unwrap();
    assert_eq!(
        foreign_redirect.status(),
        400,
        "a redirect URI must match exactly, never be followed"
    );

    let implicit = authorize(format!(
        "client_id={}&response_type=token&redirect_uri=https://app.contoso.com/cb&state=s1",
        app.client_id
    ))
    .await
    .unwrap();
    assert_eq!(implicit.status(), 303);
    let location = implicit.headers()["location"].to_str().unwrap();
    assert!(
        location.starts_with("https://app.contoso.com/cb?error=unsupported_response_type"),
        "{location}"
    );
    assert!(location.contains("state=s1"));

    let no_pkce = authorize(format!(
        "client_id={}&response_type=code&redirect_uri=http://127.0.0.1/native-cb",
        native.client_id
    ))
    .await
    .unwrap();
    let location = no_pkce.headers()["location"].to_str().unwrap();
    assert!(
        location.contains("error=invalid_request"),
        "a public client must use PKCE: {location}"
    );

    let plain = authorize(format!(
        "client_id={}&response_type=code&redirect_uri=http://127.0.0.1/native-cb&code_challenge={}&code_challenge_method=plain",
        native.client_id,
        "a".repeat(43)
    ))
    .await
    .unwrap();
    assert!(
        plain.headers()["location"]
            .to_str()
            .unwrap()
            .contains("error=invalid_request"),
        "only S256"
    );

    let silent = authorize(format!(
        "client_id={}&response_type=code&redirect_uri=https://app.contoso.com/cb&prompt=none",
        app.client_id
    ))
    .await
    .unwrap();
    assert!(
        silent.headers()["location"]
            .to_str()
            .unwrap()
            .contains("error=login_required")
    );
    server.stop().await;
}

#[tokio::test]
async fn the_login_page_never_returns_to_another_site() {
    let server = TestServer::start().await;
    let tenant = server.bootstrap().tenant_id;
    let login_url = server.url(&format!("/{tenant}/login?return_to=https://evil.example/"));
    let (_, landing) = server
        .browser_sign_in(
            &login_url,
            entente_testkit::ADMIN_EMAIL,
            entente_testkit::ADMIN_PASSWORD,
        )
        .await
        .unwrap();
    assert_eq!(landing, format!("/{tenant}/account"));
    server.stop().await;
}

#[tokio::test]
async fn the_setup_link_creates_the_first_tenant_once() {
    let server = TestServer::start_empty(entente_testkit::Backend::Sqlite).await;
    let link = server.setup_url().unwrap().to_owned();
    let page = server.http.get(&link).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let csrf_cookie = set_cookie_value(&page, "entente_csrf").unwrap();
    let html = page.text().await.unwrap();
    let form = [
        ("token", hidden_field(&html, "token").unwrap()),
        ("csrf", hidden_field(&html, "csrf").unwrap()),
        ("tenant_name", "Fabrikam".to_owned()),
        ("admin_name", "Farah Khan".to_owned()),
        ("admin_email", "admin@fabrikam.com".to_owned()),
        ("password", "fabrikam's long password".to_owned()),
    ];
    let done = server
        .http
        .post(server.url("/setup"))
        .header("cookie", format!("entente_csrf={csrf_cookie}"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    let html = done.text().await.unwrap();
    assert!(html.contains("Fabrikam is ready"), "{html}");
    assert!(
        html.contains("ent~"),
        "the API application's secret is shown once"
    );
    // It ends with where to go: the sign-in name (not the address given), the
    // portal's and the front door's addresses and the domain, each with a copy button.
    let tenant: String = html
        .split("id=\"tenant-id\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap()
        .to_owned();
    let sign_in_name = "admin@fabrikam.entente.test";
    assert!(
        html.contains(&format!("id=\"sign-in-name\">{sign_in_name}<")),
        "{html}"
    );
    let portal = format!("{}/{tenant}/admin", server.base_url);
    assert!(html.contains(&format!("data-copy=\"{portal}\"")), "{html}");
    assert!(
        html.contains(&format!("data-copy=\"{}/\"", server.base_url)),
        "{html}"
    );
    assert!(
        html.contains("data-copy=\"fabrikam.entente.test\""),
        "{html}"
    );
    // The administrator's name is the one asked for.
    let (status, me) = {
        let tenant_id: entente_model::TenantId = tenant.parse().unwrap();
        let mut conn = server.services.store.read().await.unwrap();
        let user = conn
            .db()
            .user_by_principal_name(tenant_id, sign_in_name)
            .await
            .unwrap();
        (user.is_some(), user.map(|u| u.display_name))
    };
    assert!(status);
    assert_eq!(me.as_deref(), Some("Farah Khan"));
    let again = server.http.get(&link).send().await.unwrap();
    assert_eq!(again.status(), 404, "the link is single-use");
    server.stop().await;
}

#[tokio::test]
async fn an_empty_password_asks_for_one_and_spends_no_attempt() {
    let server = TestServer::start().await;
    server
        .create_member("erin@contoso.com", "Erin", "erin's long password")
        .await;
    let login_url = server.url(&format!("/{}/login", server.bootstrap().tenant_id));
    let page = server.http.get(&login_url).send().await.unwrap();
    let csrf_cookie = set_cookie_value(&page, "entente_csrf").unwrap();
    let csrf = hidden_field(&page.text().await.unwrap(), "csrf").unwrap();
    let post = |password: &'static str| {
        let request = server
            .http
            .post(&login_url)
            .header("cookie", format!("entente_csrf={csrf_cookie}"))
            .form(&[
                ("login", "erin@contoso.com"),
                ("password", password),
                ("csrf", csrf.as_str()),
            ]);
        async move {
            let response = request.send().await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };
    for _ in 0..6 {
        let (status, html) = post("").await;
        assert_eq!(status, 400);
        assert!(html.contains("Enter your password."), "{html}");
        assert!(!html.contains("incorrect"), "{html}");
        assert!(
            html.contains("value=\"erin@contoso.com\""),
            "the address is kept"
        );
    }
    // Six empty tries spent nothing: the right password signs in at once.
    let (status, _) = post("erin's long password").await;
    assert_eq!(status, 303);
    server.stop().await;
}
