//! The redemption pages' other paths: links that no longer work, an invitation copied
//! to someone else, signing in with the wrong account, a guest blocked by the inviting
//! tenant, and a home account deleted.

use std::collections::BTreeMap;

use entente_model::{TenantId, User};
use entente_testkit::{TestServer, backends, hidden_field, now};
use reqwest::Method;
use serde_json::{Value, json};

/// Invites `email` through the API (no email sent) and returns (redeem URL, guest id,
/// invitation id).
async fn invite(server: &TestServer, token: &str, body: Value) -> (String, String, String) {
    let (status, invited) = server
        .call(Method::POST, "/v1.0/invitations", Some(token), Some(body))
        .await;
    assert_eq!(status, 201, "{invited}");
    (
        invited["inviteRedeemUrl"].as_str().expect("url").to_owned(),
        invited["invitedUser"]["id"]
            .as_str()
            .expect("id")
            .to_owned(),
        invited["id"].as_str().expect("id").to_owned(),
    )
}

async fn page(server: &TestServer, url: &str, cookies: &str) -> (u16, String) {
    let response = server
        .http
        .get(url)
        .header("cookie", cookies)
        .send()
        .await
        .expect("GET");
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

/// Opens a redemption link with the browser's cookies and submits its form with the
/// page's CSRF token to `{link}/{step}` (`accept`, `code`); returns the answer.
async fn submit(server: &TestServer, link: &str, cookies: &str, step: &str) -> reqwest::Response {
    let (_, html) = page(server, link, cookies).await;
    let csrf = hidden_field(&html, "csrf").unwrap_or_else(|| panic!("a form in {html}"));
    server
        .http
        .post(format!("{link}/{step}"))
        .header("cookie", cookies)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("POST")
}

/// A tenant that proved `domain`, with one member who has a password.
async fn home_tenant(
    server: &TestServer,
    name: &str,
    domain: &str,
    email: &str,
) -> (TenantId, User) {
    let user = server
        .partner_tenant(name, domain, email, "home password", false)
        .await;
    (user.tenant_id, user)
}

fn cookie_line(cookies: &BTreeMap<String, String>) -> String {
    cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

#[tokio::test]
async fn dead_links_say_why_in_the_invitations_language() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let admin = server.api_token().await;
        let (link, _, invitation) = invite(
            &server,
            &admin,
            json!({
                "invitedUserEmailAddress": "dora@example.org",
                "inviteRedirectUrl": "https://app.contoso.example/",
                "invitedUserMessageInfo": { "messageLanguage": "fr" },
            }),
        )
        .await;
        let (status, _) = server
            .call(
                Method::PATCH,
                "/v1.0/organization/branding",
                Some(&admin),
                Some(json!({ "logoUrl": "https://contoso.example/logo.png", "brandColor": "#aa3300" })),
            )
            .await;
        assert_eq!(
            status, 200,
            "the branding PATCH answers with the new branding"
        );
        let (status, html) = page(&server, &link, "").await;
        assert_eq!(status, 200);
        assert!(html.contains("lang=\"fr\""), "{html}");
        // The colour comes as a stylesheet: the pages' policy allows no inline style.
        let sheet = format!("/{}/branding.css", server.bootstrap().tenant_id);
        assert!(html.contains(&format!("href=\"{sheet}\"")), "{html}");
        assert!(!html.contains("style="), "no inline style: {html}");
        let css = server
            .http
            .get(server.url(&sheet))
            .send()
            .await
            .expect("stylesheet")
            .text()
            .await
            .expect("css");
        assert_eq!(css.trim(), ":root { --accent: #aa3300; }");
        assert!(
            html.contains("src=\"https://contoso.example/logo.png\""),
            "{html}"
        );
        let (status, _) = server
            .call(
                Method::POST,
                &format!("/v1.0/invitations/{invitation}/revoke"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(status, 204);
        let (status, html) = page(&server, &link, "").await;
        assert_eq!(status, 410, "a revoked link is gone");
        assert!(html.contains("id=\"notice\""), "{html}");
        assert!(
            !html.contains("send-code"),
            "no way forward from a revoked link"
        );

        let forged = format!("{}x", link);
        let (status, html) = page(&server, &forged, "").await;
        assert_eq!(status, 404);
        assert!(
            html.contains("This invitation link is not valid."),
            "{html}"
        );
        server.stop().await;
    }
}

/// A link is `{invitation id}.{secret}`: the id only finds the invitation, the secret
/// must be that invitation's own.
#[tokio::test]
async fn a_link_opens_its_own_invitation_only() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let admin = server.api_token().await;
        let mut links = Vec::new();
        for email in ["erin@example.org", "finn@example.org"] {
            let (link, _, invitation) = invite(
                &server,
                &admin,
                json!({ "invitedUserEmailAddress": email, "inviteRedirectUrl": "https://app.contoso.example/" }),
            )
            .await;
            let token = link
                .strip_prefix(&format!("{}/redeem/", server.base_url))
                .unwrap_or_else(|| panic!("{link}"))
                .to_owned();
            let (id, secret) = token.split_once('.').unwrap_or_else(|| panic!("{token}"));
            assert_eq!(
                id,
                invitation.replace('-', ""),
                "the link names its invitation"
            );
            assert_eq!(secret.len(), 43, "256 bits, base64url: {secret}");
            assert!(
                secret
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                "{secret}"
            );
            links.push((id.to_owned(), secret.to_owned()));
        }
        let [(erin_id, erin_secret), (finn_id, finn_secret)] = &links[..] else {
            unreachable!()
        };
        let open = |id: &str, secret: &str| {
            let url = format!("{}/redeem/{id}.{secret}", server.base_url);
            let server = &server;
            async move { page(server, &url, "").await }
        };
        for (id, secret) in [(erin_id, erin_secret), (finn_id, finn_secret)] {
            let (status, html) = open(id, secret).await;
            assert_eq!(status, 200, "{html}");
        }
        let mut altered = erin_secret.clone().into_bytes();
        altered[10] = if altered[10] == b'A' { b'B' } else { b'A' };
        let altered = String::from_utf8(altered).expect("ascii");
        for (id, secret) in [
            (erin_id.as_str(), finn_secret.as_str()),
            (finn_id.as_str(), erin_secret.as_str()),
            (erin_id.as_str(), altered.as_str()),
            (erin_id.as_str(), ""),
            ("not-an-id", erin_secret.as_str()),
        ] {
            let (status, html) = open(id, secret).await;
            assert_eq!(status, 404, "{id}.{secret}");
            assert!(
                html.contains("This invitation link is not valid."),
                "{html}"
            );
        }
        // The secret alone, as links were before they named their invitation, opens
        // nothing made since.
        let (status, _) = page(
            &server,
            &format!("{}/redeem/{erin_secret}", server.base_url),
            "",
        )
        .await;
        assert_eq!(status, 404);
        server.stop().await;
    }
}

#[tokio::test]
async fn a_copied_invitation_cannot_create_an_account() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let admin = server.api_token().await;
        let (link, _, _) = invite(
            &server,
            &admin,
            json!({
                "invitedUserEmailAddress": "erin@nowhere.example",
                "inviteRedirectUrl": "https://app.contoso.example/",
                "invitedUserMessageInfo": {
                    "ccRecipients": [{ "emailAddress": { "address": "boss@nowhere.example" } }]
                },
            }),
        )
        .await;
        let (status, html) = page(&server, &link, "").await;
        assert_eq!(status, 200);
        assert!(html.contains("id=\"sign-up-blocked\""), "{html}");
        assert!(!html.contains("id=\"send-code\""), "{html}");
        // Posting the form anyway is refused by the domain, not only hidden.
        let refused = request_code(&server, &link).await;
        assert_eq!(refused.status(), 400);
        let body = refused.text().await.expect("page");
        assert!(
            body.contains("A copy of this invitation was sent to another address"),
            "{body}"
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn the_wrong_account_does_not_consume_the_invitation_and_blocking_or_deleting_ends_access() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let admin = server.api_token().await;
        let contoso = server.bootstrap().tenant_id;
        let (_, frank) =
            home_tenant(&server, "Fabrikam", "fabrikam.com", "frank@fabrikam.com").await;
        let (_, gina) = home_tenant(&server, "Litware", "litware.com", "gina@litware.com").await;
        let (link, guest, invitation) = invite(
            &server,
            &admin,
            json!({
                "invitedUserEmailAddress": "frank@fabrikam.com",
                "inviteRedirectUrl": "https://app.contoso.example/",
            }),
        )
        .await;

        // Gina signs in at her home and opens Frank's invitation.
        let mut cookies = BTreeMap::new();
        let login = format!("/{}/login", gina.tenant_id);
        let (session_cookies, _) = server
            .browser_sign_in(&server.url(&login), "gina@litware.com", "home password")
            .await
            .expect("sign-in");
        for pair in session_cookies.split("; ") {
            let (k, v) = pair.split_once('=').expect("pair");
            cookies.insert(k.to_owned(), v.to_owned());
        }
        let (status, html) = page(&server, &link, &cookie_line(&cookies)).await;
        assert_eq!(status, 200);
        assert!(html.contains("id=\"wrong-account\""), "{html}");
        assert!(html.contains("frank@fabrikam.com") && html.contains("gina@litware.com"));
        // Accepting anyway is refused and leaves the invitation pending.
        let csrf = hidden_field(&html, "csrf").expect("csrf");
        let refused = server
            .http
            .post(format!("{link}/accept"))
            .header("cookie", cookie_line(&cookies))
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .expect("POST");
        assert_eq!(refused.status(), 400);
        let (_, state) = server
            .call(
                Method::GET,
                &format!("/v1.0/invitations/{invitation}"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(state["status"], "PendingAcceptance");

        // Frank redeems with his own account.
        let (frank_cookies, _) = server
            .browser_sign_in(
                &server.url(&format!("/{}/login", frank.tenant_id)),
                "frank@fabrikam.com",
                "home password",
            )
            .await
            .expect("sign-in");
        // Before accepting, Frank reviews what Contoso will receive.
        let (status, html) = page(&server, &link, &frank_cookies).await;
        assert_eq!(status, 200, "{html}");
        assert!(
            html.contains("<h2 id=\"consent-heading\">Review permissions</h2>"),
            "{html}"
        );
        assert!(
            html.contains("<li>Read your name and email address</li>"),
            "{html}"
        );
        assert!(html.contains("Accept only if you trust Contoso."), "{html}");
        let accepted = submit(&server, &link, &frank_cookies, "accept").await;
        assert_eq!(accepted.status(), 303);
        assert_eq!(
            accepted.headers()["location"],
            "https://app.contoso.example/"
        );
        let (_, html) = page(
            &server,
            &server.url(&format!("/{contoso}/myapps")),
            &frank_cookies,
        )
        .await;
        assert!(html.contains("id=\"no-apps\""), "{html}");

        // Contoso blocks the guest: My Apps no longer lets the home session in.
        let (status, _) = server
            .call(
                Method::PATCH,
                &format!("/v1.0/users/{guest}"),
                Some(&admin),
                Some(json!({ "accountEnabled": false })),
            )
            .await;
        assert_eq!(status, 204);
        let blocked = server
            .http
            .get(server.url(&format!("/{contoso}/myapps")))
            .header("cookie", &frank_cookies)
            .send()
            .await
            .expect("GET");
        // Signed in at home but blocked here: refused with a page that says so, not
        // sent to sign in again (which would only come back here).
        assert_eq!(blocked.status(), 403);
        let page = blocked.text().await.expect("body");
        assert!(page.contains("has no access to Contoso"), "{page}");

        // Fabrikam deletes Frank: his guest object at Contoso goes, audited there.
        let fabrikam_admin = entente_testkit::entente_domain::access::WriteAccess {
            tenant: frank.tenant_id,
            actor: entente_model::Actor::System,
        };
        entente_testkit::entente_domain::directory::delete_user(
            &server.services,
            &fabrikam_admin,
            frank.id,
            now(),
        )
        .await
        .expect("delete at home");
        let (status, _) = server
            .call(
                Method::GET,
                &format!("/v1.0/users/{guest}"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(status, 404, "the guest went with its home account");
        let (_, audit) = server
            .call(
                Method::GET,
                "/v1.0/auditLogs/directoryAudits",
                Some(&admin),
                None,
            )
            .await;
        let deleted =
            audit["value"].as_array().expect("entries").iter().any(|e| {
                e.to_string().contains("Delete guest user") && e.to_string().contains(&guest)
            });
        assert!(deleted, "{audit}");
        server.stop().await;
    }
}

/// Authorizes `app` at Contoso with the browser's cookies and exchanges the code.
async fn code_flow(
    server: &TestServer,
    cookies: &str,
    app: &entente_testkit::TestApp,
) -> reqwest::Response {
    let tenant = server.bootstrap().tenant_id;
    let mut authorize =
        url::Url::parse(&server.url(&format!("/{tenant}/oauth2/v2.0/authorize"))).expect("url");
    authorize
        .query_pairs_mut()
        .append_pair("client_id", &app.client_id)
        .append_pair("response_type", "code")
        .append_pair("redirect_uri", &app.redirect_uri)
        .append_pair("scope", "openid email offline_access");
    let redirect = server
        .http
        .get(authorize)
        .header("cookie", cookies)
        .send()
        .await
        .expect("authorize");
    assert_eq!(redirect.status(), 303);
    let back = url::Url::parse(redirect.headers()["location"].to_str().expect("location"))
        .expect("back to the app");
    let code = back
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap_or_else(|| panic!("a code in {back}"))
        .1
        .into_owned();
    server
        .http
        .post(server.url(&format!("/{tenant}/oauth2/v2.0/token")))
        .basic_auth(&app.client_id, app.client_secret.as_deref())
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", &app.redirect_uri),
        ])
        .send()
        .await
        .expect("token")
}

#[tokio::test]
async fn removing_a_guests_assignment_ends_its_access_to_an_app_that_requires_one() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let admin = server.api_token().await;
        let (_, hana) =
            home_tenant(&server, "Proseware", "proseware.com", "hana@proseware.com").await;
        let app = server
            .register_app("Payroll", "https://payroll.contoso.example/cb", false)
            .await;
        let (status, _) = server
            .call(
                Method::PATCH,
                &format!("/v1.0/applications/{}", app.id),
                Some(&admin),
                Some(json!({ "appRoleAssignmentRequired": true })),
            )
            .await;
        assert_eq!(status, 204);
        let (_, shown) = server
            .call(
                Method::GET,
                &format!("/v1.0/applications/{}", app.id),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(shown["appRoleAssignmentRequired"], true);
        let (link, guest, _) = invite(
            &server,
            &admin,
            json!({
                "invitedUserEmailAddress": "hana@proseware.com",
                "inviteRedirectUrl": "https://payroll.contoso.example/",
                "invitedToApplications": [app.id.to_string()],
            }),
        )
        .await;
        let (cookies, _) = server
            .browser_sign_in(
                &server.url(&format!("/{}/login", hana.tenant_id)),
                "hana@proseware.com",
                "home password",
            )
            .await
            .expect("sign-in");
        let accepted = submit(&server, &link, &cookies, "accept").await;
        assert_eq!(accepted.status(), 303);

        let granted = code_flow(&server, &cookies, &app).await;
        assert_eq!(granted.status(), 200, "assigned by the invitation");
        let tokens: Value = granted.json().await.expect("tokens");
        let refresh = tokens["refresh_token"]
            .as_str()
            .expect("refresh")
            .to_owned();

        let (_, assignments) = server
            .call(
                Method::GET,
                &format!("/v1.0/users/{guest}/appRoleAssignments"),
                Some(&admin),
                None,
            )
            .await;
        let assignment = assignments["value"][0]["id"]
            .as_str()
            .expect("an assignment");
        let (status, _) = server
            .call(
                Method::DELETE,
                &format!("/v1.0/users/{guest}/appRoleAssignments/{assignment}"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(status, 204);

        let tenant = server.bootstrap().tenant_id;
        let refused = server
            .http
            .post(server.url(&format!("/{tenant}/oauth2/v2.0/token")))
            .basic_auth(&app.client_id, app.client_secret.as_deref())
            .form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh.as_str()),
            ])
            .send()
            .await
            .expect("refresh");
        assert_eq!(refused.status(), 400);
        let error: Value = refused.json().await.expect("error");
        assert_eq!(error["error"], "invalid_grant");
        assert!(
            error["error_description"]
                .as_str()
                .is_some_and(|d| d.contains("not assigned")),
            "{error}"
        );
        let again = code_flow(&server, &cookies, &app).await;
        assert_eq!(again.status(), 400, "a new sign-in fails too");
        server.stop().await;
    }
}

/// The first run of eight digits (a code, issue 16) in an email's text part.
fn code_in(email: &entente_testkit::smtp::ReceivedEmail) -> String {
    let text = email.text.clone().unwrap_or_default();
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(8)
        .find(|w| w.iter().all(|c| c.is_ascii_digit()))
        .map(|w| w.iter().collect())
        .unwrap_or_else(|| panic!("no code in {text}"))
}

#[tokio::test]
async fn another_account_redeems_by_proving_the_invited_address_and_reset_starts_over() {
    for backend in backends() {
        let smtp = entente_testkit::smtp::SmtpServer::start().await;
        let smtp_url = smtp.url();
        let server = TestServer::start_configured(backend, true, |config| {
            config.smtp_url = Some(smtp_url);
        })
        .await;
        let admin = server.api_token().await;
        let contoso = server.bootstrap().tenant_id;
        let (_, ivan) =
            home_tenant(&server, "Woodgrove", "woodgrove.com", "ivan@woodgrove.com").await;
        // Ivan's work account is at Woodgrove; the invitation went to his other address.
        let (link, guest, first_invitation) = invite(
            &server,
            &admin,
            json!({
                "invitedUserEmailAddress": "ivan.private@ivan.example",
                "inviteRedirectUrl": "https://app.contoso.example/",
                "invitedUserMessageInfo": { "messageLanguage": "es" },
            }),
        )
        .await;
        let (cookies, _) = server
            .browser_sign_in(
                &server.url(&format!("/{}/login", ivan.tenant_id)),
                "ivan@woodgrove.com",
                "home password",
            )
            .await
            .expect("sign-in");
        let (_, html) = page(&server, &link, &cookies).await;
        assert!(html.contains("id=\"prove-address\""), "{html}");
        let csrf = hidden_field(&html, "csrf").expect("csrf");
        let sent = server
            .http
            .post(format!("{link}/code"))
            .header("cookie", &cookies)
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .expect("send code");
        assert_eq!(sent.status(), 200);
        let code_cookie =
            entente_testkit::set_cookie_value(&sent, "entente_code").expect("code id");
        let code_page = sent.text().await.expect("page");
        assert!(
            code_page.contains("ivan.private@ivan.example"),
            "{code_page}"
        );
        let emails = smtp.wait_for_emails(1).await;
        assert_eq!(emails[0].to, vec!["ivan.private@ivan.example".to_owned()]);
        let code = code_in(&emails[0]);
        let with_code = format!("{cookies}; entente_code={code_cookie}");

        let wrong = if code == "00000000" {
            "11111111"
        } else {
            "00000000"
        };
        let refused = server
            .http
            .post(format!("{link}/verify"))
            .header("cookie", &with_code)
            .form(&[("csrf", csrf.as_str()), ("code", wrong)])
            .send()
            .await
            .expect("verify");
        assert_eq!(refused.status(), 400);
        let verified = server
            .http
            .post(format!("{link}/verify"))
            .header("cookie", &with_code)
            .form(&[("csrf", csrf.as_str()), ("code", code.as_str())])
            .send()
            .await
            .expect("verify");
        assert_eq!(verified.status(), 303);
        let (_, user) = server
            .call(
                Method::GET,
                &format!("/v1.0/users/{guest}"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(user["externalUserState"], "Accepted");

        // The code was used once; the invitation is redeemed.
        let (status, _) = page(&server, &link, "").await;
        assert_eq!(status, 200, "a used link shows where to go next");

        // Reset: same guest, new link; the first invitation stays completed.
        let (status, reset) = server
            .call(
                Method::POST,
                "/v1.0/invitations",
                Some(&admin),
                Some(json!({
                    "invitedUserEmailAddress": "ivan@woodgrove.com",
                    "inviteRedirectUrl": "https://app.contoso.example/",
                    "resetRedemption": true,
                    "invitedUser": { "id": guest },
                })),
            )
            .await;
        assert_eq!(status, 201, "{reset}");
        assert_eq!(reset["invitedUser"]["id"], guest);
        assert_eq!(
            reset["invitedUser"]["externalUserState"],
            "PendingAcceptance"
        );
        let (_, first) = server
            .call(
                Method::GET,
                &format!("/v1.0/invitations/{first_invitation}"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(first["status"], "Completed");
        // Until redeemed again, Ivan's session no longer signs in the guest.
        let blocked = server
            .http
            .get(server.url(&format!("/{contoso}/myapps")))
            .header("cookie", &cookies)
            .send()
            .await
            .expect("GET");
        assert_eq!(blocked.status(), 403);
        // Now with the work account, which owns the new invited address.
        let new_link = reset["inviteRedeemUrl"].as_str().expect("link");
        let accepted = submit(&server, new_link, &cookies, "accept").await;
        assert_eq!(accepted.status(), 303);
        let (_, user) = server
            .call(
                Method::GET,
                &format!("/v1.0/users/{guest}"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(user["externalUserState"], "Accepted");
        server.stop().await;
    }
}

#[tokio::test]
async fn an_expired_link_and_too_many_codes_are_refused_in_the_invitations_language() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let admin = server.api_token().await;
        let (link, _, invitation) = invite(
            &server,
            &admin,
            json!({
                "invitedUserEmailAddress": "kim@nowhere.example",
                "inviteRedirectUrl": "https://app.contoso.example/",
                "invitedUserMessageInfo": { "messageLanguage": "nl" },
            }),
        )
        .await;

        // Codes: three a quarter hour to one address from one source (issue 16); the
        // fourth is refused with when to come back, and says why.
        for _ in 0..3 {
            let sent = request_code(&server, &link).await;
            assert_eq!(sent.status(), 200);
        }
        let refused = request_code(&server, &link).await;
        assert_eq!(refused.status(), 429);
        let retry_after: i64 = refused.headers()["retry-after"]
            .to_str()
            .expect("text")
            .parse()
            .expect("seconds");
        assert!((1..=900).contains(&retry_after), "{retry_after}");
        let html = refused.text().await.expect("page");
        // The page names the same wait in minutes, rounded up: at most the quarter hour.
        let minutes: i64 = html
            .split_once("Er zijn te veel codes aangevraagd. Probeer het over ")
            .and_then(|(_, rest)| rest.split_once(" min. opnieuw."))
            .and_then(|(number, _)| number.parse().ok())
            .unwrap_or_else(|| panic!("the wait in minutes: {html}"));
        assert!((1..=15).contains(&minutes), "{minutes}");
        assert_eq!(minutes, (retry_after + 59) / 60, "{retry_after}");

        // The link's time runs out: the page says so, in Dutch, and offers nothing.
        let (_, secret) = link
            .rsplit('/')
            .next()
            .and_then(|token| token.split_once('.'))
            .expect("{invitation id}.{secret}");
        let tenant = server.bootstrap().tenant_id;
        let mut tx = server.services.store.write().await.expect("write");
        tx.db()
            .renew_invitation(
                tenant,
                invitation.parse().expect("id"),
                &entente_testkit::entente_domain::crypto::token_hash(secret),
                now() - 1,
                None,
            )
            .await
            .expect("expire");
        tx.commit().await.expect("commit");
        let (status, html) = page(&server, &link, "").await;
        assert_eq!(status, 410);
        assert!(html.contains("lang=\"nl\""), "{html}");
        assert!(!html.contains("id=\"send-code\""), "{html}");
        let late = request_code(&server, &link).await;
        assert_eq!(
            late.status(),
            410,
            "a late code request meets the same answer"
        );
        server.stop().await;
    }
}

/// Asks for a code as a signed-out browser, with a CSRF token from the sign-in page
/// (valid for any form of the site with the same cookie).
async fn request_code(server: &TestServer, link: &str) -> reqwest::Response {
    let login = server
        .http
        .get(server.url(&format!("/{}/login", server.bootstrap().tenant_id)))
        .send()
        .await
        .expect("GET");
    let cookie = entente_testkit::set_cookie_value(&login, "entente_csrf").expect("csrf cookie");
    let csrf = hidden_field(&login.text().await.expect("page"), "csrf").expect("csrf");
    server
        .http
        .post(format!("{link}/code"))
        .header("cookie", format!("entente_csrf={cookie}"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("POST")
}
