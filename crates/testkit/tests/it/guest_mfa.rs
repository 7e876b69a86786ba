//! A resource tenant that requires MFA of guests: the home tenant's MFA counts when the
//! resource tenant trusts it; otherwise the guest proves a TOTP enrolled with the
//! resource tenant on the guest object, on `/{tenant}/mfa/guest`, and the ID token's
//! `amr` then says `mfa`. Wrong codes are refused and throttled like members' codes;
//! without the policy nothing is asked; the resource tenant's admin can reset the
//! guest's app. Codes are computed here with totp-rs from the
//! key the enrolment pages show, as an authenticator app would.

use entente_model::User;
use entente_testkit::{TestApp, TestServer, backends, hidden_field, now, set_cookie_value};
use reqwest::Method;
use serde_json::{Value, json};
use totp_rs::{Builder, Secret, Totp};

use base64::Engine;

const CALLBACK: &str = "http://127.0.0.1:9/callback";
const POLICY: &str = "/v1.0/policies/externalCollaborationPolicy";

/// Fabrikam, a tenant that proved `domain`, with one member who has a password; the
/// tenant may require a second factor of its members.
async fn home_tenant(server: &TestServer, domain: &str, email: &str, mfa_required: bool) -> User {
    server
        .partner_tenant("Fabrikam", domain, email, "home password", mfa_required)
        .await
}

/// A browser's cookies: the CSRF cookie with its form token, and the home session.
struct Browser {
    csrf_cookie: String,
    csrf: String,
    session: String,
}

impl Browser {
    /// A browser just signed in: its forms carry the session's CSRF token (not the
    /// sign-in page's), read from a page it is shown now.
    async fn signed_in(
        server: &TestServer,
        home: &User,
        csrf_cookie: String,
        session: String,
    ) -> Browser {
        let mut browser = Browser {
            csrf_cookie,
            csrf: String::new(),
            session,
        };
        let page = get(
            server,
            &format!("/{}/login", home.tenant_id),
            &browser.cookies(),
        )
        .await
        .1;
        browser.csrf = hidden_field(&page, "csrf").expect("csrf");
        browser
    }

    fn cookies(&self) -> String {
        format!(
            "entente_csrf={}; entente_session={}",
            self.csrf_cookie, self.session
        )
    }
}

/// Signs in at home with the password and, when the home tenant asks for one, the
/// home authenticator app: set up on the first sign-in (`home_app` is then filled in)
/// or a code from it afterwards.
async fn home_sign_in(server: &TestServer, home: &User, home_app: &mut Option<Totp>) -> Browser {
    let login = server
        .http
        .get(server.url(&format!("/{}/login", home.tenant_id)))
        .send()
        .await
        .expect("GET");
    let csrf_cookie = set_cookie_value(&login, "entente_csrf").expect("csrf cookie");
    let csrf = hidden_field(&login.text().await.expect("page"), "csrf").expect("csrf");
    let signed = server
        .http
        .post(server.url(&format!("/{}/login", home.tenant_id)))
        .header("cookie", format!("entente_csrf={csrf_cookie}"))
        .form(&[
            ("login", home.user_principal_name.as_str()),
            ("password", "home password"),
            ("csrf", &csrf),
            ("return_to", ""),
        ])
        .send()
        .await
        .expect("POST");
    assert_eq!(signed.status(), 303);
    if let Some(session) = set_cookie_value(&signed, "entente_session") {
        return Browser::signed_in(server, home, csrf_cookie, session).await;
    }
    let pending = set_cookie_value(&signed, "entente_mfa").expect("a pending sign-in");
    let cookies = format!("entente_csrf={csrf_cookie}; entente_mfa={pending}");
    let (path, code) = match home_app {
        Some(app) => (format!("/{}/mfa", home.tenant_id), code_at(app, 0)),
        None => {
            let enrol = format!("/{}/mfa/enrol", home.tenant_id);
            let html = get(server, &enrol, &cookies).await.1;
            let app = totp_of(&html);
            let code = code_at(&app, 0);
            *home_app = Some(app);
            (enrol, code)
        }
    };
    let done = server
        .http
        .post(server.url(&path))
        .header("cookie", cookies)
        .form(&[("code", code.as_str()), ("csrf", &csrf)])
        .send()
        .await
        .expect("POST");
    let session = set_cookie_value(&done, "entente_session").expect("a home session");
    Browser::signed_in(server, home, csrf_cookie, session).await
}

/// Contoso invites the home user's address (no email) and the user redeems it with
/// the browser's home session; returns the guest's id.
async fn invite_and_redeem(
    server: &TestServer,
    admin: &str,
    email: &str,
    browser: &Browser,
) -> String {
    let (status, invited) = server
        .call(
            Method::POST,
            "/v1.0/invitations",
            Some(admin),
            Some(json!({
                "invitedUserEmailAddress": email,
                "inviteRedirectUrl": "https://app.contoso.example/",
            })),
        )
        .await;
    assert_eq!(status, 201, "{invited}");
    let link = invited["inviteRedeemUrl"].as_str().expect("url").to_owned();
    let (_, html) = get(server, &link, &browser.cookies()).await;
    assert!(html.contains("id=\"accept\""), "{html}");
    let csrf = hidden_field(&html, "csrf").expect("csrf");
    let accepted = server
        .http
        .post(format!("{link}/accept"))
        .header("cookie", browser.cookies())
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("POST");
    assert_eq!(accepted.status(), 303);
    invited["invitedUser"]["id"]
        .as_str()
        .expect("id")
        .to_owned()
}

async fn set_policy(server: &TestServer, admin: &str, required: bool, trust_home: bool) {
    let (status, policy) = server
        .call(
            Method::PATCH,
            POLICY,
            Some(admin),
            Some(json!({ "guestMfaRequired": required, "trustHomeMfa": trust_home })),
        )
        .await;
    assert_eq!(status, 200, "{policy}");
}

/// Starts the authorization code flow at Contoso with the browser's cookies.
async fn authorize(server: &TestServer, app: &TestApp, browser: &Browser) -> reqwest::Response {
    let contoso = server.bootstrap().tenant_id;
    let mut url =
        url::Url::parse(&server.url(&format!("/{contoso}/oauth2/v2.0/authorize"))).expect("url");
    url.query_pairs_mut()
        .append_pair("client_id", &app.client_id)
        .append_pair("response_type", "code")
        .append_pair("redirect_uri", &app.redirect_uri)
        .append_pair("scope", "openid profile")
        .append_pair("nonce", "n-0S6_WzA2Mj");
    server
        .http
        .get(url)
        .header("cookie", browser.cookies())
        .send()
        .await
        .expect("authorize")
}

/// Exchanges the code of an authorization response and returns the ID token's claims.
async fn id_token_claims(server: &TestServer, app: &TestApp, response: reqwest::Response) -> Value {
    assert_eq!(response.status(), 303);
    let target = url::Url::parse(&location(&response)).expect("a redirect to the client");
    let code = target
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("an authorization code: {target}"));
    let contoso = server.bootstrap().tenant_id;
    let tokens: Value = server
        .http
        .post(server.url(&format!("/{contoso}/oauth2/v2.0/token")))
        .basic_auth(&app.client_id, app.client_secret.as_deref())
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", &app.redirect_uri),
        ])
        .send()
        .await
        .expect("token request")
        .json()
        .await
        .expect("JSON");
    let jwt = tokens["id_token"].as_str().expect("an ID token");
    let part = jwt.split('.').nth(1).expect("a JWT");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("JSON claims")
}

fn amr_of(claims: &Value) -> Vec<String> {
    claims["amr"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|m| m.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Where an authorization request that owes the guest factor goes, with the path it
/// returns to.
fn guest_factor_page(response: &reqwest::Response) -> (String, String) {
    assert_eq!(response.status(), 303);
    let target = location(response);
    let contoso = target.split('/').nth(1).unwrap_or("").to_owned();
    assert!(
        target.starts_with(&format!("/{contoso}/mfa/guest?return_to=")),
        "{target}"
    );
    let parsed = url::Url::parse(&format!("http://x{target}")).expect("url");
    let return_to = parsed
        .query_pairs()
        .find(|(k, _)| k == "return_to")
        .map(|(_, v)| v.into_owned())
        .expect("return_to");
    (target, return_to)
}

async fn post_guest_code(
    server: &TestServer,
    browser: &Browser,
    return_to: &str,
    code: &str,
) -> reqwest::Response {
    let contoso = server.bootstrap().tenant_id;
    server
        .http
        .post(server.url(&format!("/{contoso}/mfa/guest")))
        .header("cookie", browser.cookies())
        .form(&[
            ("code", code),
            ("csrf", browser.csrf.as_str()),
            ("return_to", return_to),
        ])
        .send()
        .await
        .expect("POST")
}

async fn get(server: &TestServer, path_or_url: &str, cookies: &str) -> (u16, String) {
    let url = if path_or_url.starts_with('/') {
        server.url(path_or_url)
    } else {
        path_or_url.to_owned()
    };
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

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

/// The authenticator app for the key an enrolment page shows.
fn totp_of(html: &str) -> Totp {
    let marker = "id=\"secret\"";
    let tail = &html[html.find(marker).expect("a key on the page")..];
    let start = tail.find("value=\"").expect("value") + "value=\"".len();
    let end = tail[start..].find('"').expect("end") + start;
    Builder::new()
        .with_secret(Secret::try_from_base32(&tail[start..end]).expect("base32"))
        .build_noncompliant()
}

/// The code an authenticator app shows `offset` steps from now.
fn code_at(totp: &Totp, offset: i64) -> String {
    totp.generate((now() + offset * 30) as u64).to_string()
}

/// A six-digit code that is none of the app's codes near now.
fn wrong_code(totp: &Totp) -> String {
    let near: Vec<String> = (-2..=2).map(|o| code_at(totp, o)).collect();
    (0..)
        .map(|n: u32| format!("{:06}", (123_456 + n * 7919) % 1_000_000))
        .find(|c| !near.contains(c))
        .expect("a wrong code")
}

/// Enrols the guest's app at Contoso through the guest factor page reached from an
/// authorization request, and returns the app and the response to the confirmation.
async fn enrol_guest_app(
    server: &TestServer,
    app: &TestApp,
    browser: &Browser,
) -> (Totp, reqwest::Response) {
    let (page, return_to) = guest_factor_page(&authorize(server, app, browser).await);
    let shown = server
        .http
        .get(server.url(&page))
        .header("cookie", browser.cookies())
        .send()
        .await
        .expect("GET");
    assert_eq!(shown.status(), 200);
    assert_eq!(shown.headers()["cache-control"], "no-store");
    let html = shown.text().await.expect("page");
    assert!(html.contains("id=\"guest-enrol\""), "{html}");
    assert!(html.contains("otpauth://totp/Entente:"), "{html}");
    let totp = totp_of(&html);
    let confirmed = post_guest_code(server, browser, &return_to, &code_at(&totp, 0)).await;
    (totp, confirmed)
}

#[tokio::test]
async fn a_guest_without_home_mfa_enrols_at_the_resource_tenant_and_the_id_token_says_mfa() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let admin = server.api_token().await;
        let contoso = server.bootstrap().tenant_id;
        let app = server.register_app("Web app", CALLBACK, false).await;
        let frank = home_tenant(&server, "fabrikam.com", "frank@fabrikam.com", false).await;
        let browser = home_sign_in(&server, &frank, &mut None).await;
        let guest = invite_and_redeem(&server, &admin, "frank@fabrikam.com", &browser).await;
        set_policy(&server, &admin, true, true).await;

        // The home session has no `mfa`: authorize sends the guest to the factor page.
        let (page, return_to) = guest_factor_page(&authorize(&server, &app, &browser).await);
        assert!(
            return_to.starts_with(&format!("/{contoso}/oauth2/v2.0/authorize?")),
            "{return_to}"
        );
        // My Apps asks for the same factor.
        let apps = server
            .http
            .get(server.url(&format!("/{contoso}/myapps")))
            .header("cookie", browser.cookies())
            .send()
            .await
            .expect("GET");
        assert_eq!(
            location(&apps),
            format!("/{contoso}/mfa/guest?return_to=/{contoso}/myapps")
        );

        // The page sets up an app on the guest object; a wrong first code and a forged
        // form are refused.
        let (status, html) = get(&server, &page, &browser.cookies()).await;
        assert_eq!(status, 200);
        let totp = totp_of(&html);
        let wrong = post_guest_code(&server, &browser, &return_to, &wrong_code(&totp)).await;
        assert_eq!(wrong.status(), 400);
        let html = wrong.text().await.expect("page");
        assert!(html.contains("does not match"), "{html}");
        let totp = totp_of(&html);
        let forged = server
            .http
            .post(server.url(&format!("/{contoso}/mfa/guest")))
            .header("cookie", browser.cookies())
            .form(&[
                ("code", code_at(&totp, 0).as_str()),
                ("csrf", "forged"),
                ("return_to", &return_to),
            ])
            .send()
            .await
            .expect("POST");
        assert_eq!(forged.status(), 403);
        // Another site as return_to is not followed.
        let confirmed = post_guest_code(
            &server,
            &browser,
            "https://evil.example/",
            &code_at(&totp, 0),
        )
        .await;
        assert_eq!(confirmed.status(), 303);
        assert_eq!(location(&confirmed), format!("/{contoso}/myapps"));
        assert!(
            set_cookie_value(&confirmed, "entente_session").is_none(),
            "the guest gets no session of its own"
        );

        // The enrolment is the guest's at Contoso, where admins can reset it.
        let mut conn = server.services.store.read().await.expect("read");
        let enrolment = conn
            .db()
            .totp_enrolment(contoso, guest.parse().expect("uuid"))
            .await
            .expect("query")
            .expect("an enrolment on the guest object");
        assert!(enrolment.confirmed_at.is_some());
        drop(conn);

        // Proven: the authorization request now gets a code, and the ID token of the
        // guest says `mfa`.
        let back = server
            .http
            .get(server.url(&return_to))
            .header("cookie", browser.cookies())
            .send()
            .await
            .expect("GET");
        let claims = id_token_claims(&server, &app, back).await;
        assert_eq!(claims["oid"], guest);
        assert_eq!(claims["tid"], contoso.to_string());
        let amr = amr_of(&claims);
        assert!(amr.contains(&"mfa".to_owned()), "{claims}");
        assert!(amr.contains(&"otp".to_owned()), "{claims}");
        let (status, _) = get(&server, &format!("/{contoso}/myapps"), &browser.cookies()).await;
        assert_eq!(status, 200);

        // A new home session owes the factor again, now as a code of the enrolled app.
        let later = home_sign_in(&server, &frank, &mut None).await;
        let (page, return_to) = guest_factor_page(&authorize(&server, &app, &later).await);
        let (status, html) = get(&server, &page, &later.cookies()).await;
        assert_eq!(status, 200);
        assert!(html.contains("id=\"guest-code\""), "{html}");
        assert!(
            !html.contains("id=\"secret\""),
            "the key is never shown again"
        );
        let confirming_step = enrolment.last_used_step.expect("the confirming step");
        let confirming_code = totp.generate((confirming_step * 30) as u64).to_string();
        let used = post_guest_code(&server, &later, &return_to, &confirming_code).await;
        assert_eq!(used.status(), 401, "the confirming code works once");
        let right = post_guest_code(&server, &later, &return_to, &code_at(&totp, 1)).await;
        assert_eq!(right.status(), 303);
        assert_eq!(location(&right), return_to);
        let claims = id_token_claims(&server, &app, authorize(&server, &app, &later).await).await;
        assert!(amr_of(&claims).contains(&"mfa".to_owned()), "{claims}");

        // The proof lives as long as its session: housekeeping removes it after.
        let guest_id = guest.parse().expect("uuid");
        let hash = entente_testkit::entente_domain::crypto::token_hash(&later.session);
        let proven = async || {
            let mut conn = server.services.store.read().await.expect("read");
            conn.db()
                .guest_mfa_proven_at(&hash, contoso, guest_id)
                .await
                .expect("query")
        };
        assert!(proven().await.is_some());
        let after_sessions = now()
            + server.services.settings.session_lifetime
            + entente_testkit::entente_domain::housekeeping::KEEP_AFTER_EXPIRY
            + 60;
        entente_testkit::entente_domain::housekeeping::purge_expired(
            &server.services,
            after_sessions,
        )
        .await
        .expect("purge");
        assert!(proven().await.is_none(), "the proof went with its session");

        // Contoso's admin resets the guest's app (a lost device): the next sign-in
        // sets up a new one.
        let (status, _) = server
            .call(
                Method::DELETE,
                &format!("/v1.0/users/{guest_id}/authentication/softwareOathMethods"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(status, 204, "the admin API resets the guest's app");
        let after_reset = home_sign_in(&server, &frank, &mut None).await;
        let (page, _) = guest_factor_page(&authorize(&server, &app, &after_reset).await);
        let (_, html) = get(&server, &page, &after_reset.cookies()).await;
        assert!(html.contains("id=\"guest-enrol\""), "{html}");
        server.stop().await;
    }
}

#[tokio::test]
async fn home_mfa_passes_when_trusted_and_the_resource_tenant_factor_is_asked_when_not() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let admin = server.api_token().await;
        let contoso = server.bootstrap().tenant_id;
        let app = server.register_app("Web app", CALLBACK, false).await;
        let frank = home_tenant(&server, "fabrikam.com", "frank@fabrikam.com", true).await;
        let mut home_app = None;
        let browser = home_sign_in(&server, &frank, &mut home_app).await;
        assert!(
            home_app.is_some(),
            "the home tenant made Frank set up an app"
        );
        let guest = invite_and_redeem(&server, &admin, "frank@fabrikam.com", &browser).await;

        set_policy(&server, &admin, true, true).await;
        let claims = id_token_claims(&server, &app, authorize(&server, &app, &browser).await).await;
        assert_eq!(claims["oid"], guest);
        assert!(amr_of(&claims).contains(&"mfa".to_owned()), "{claims}");

        set_policy(&server, &admin, true, false).await;
        let (page, _) = guest_factor_page(&authorize(&server, &app, &browser).await);
        let (status, html) = get(&server, &page, &browser.cookies()).await;
        assert_eq!(status, 200);
        assert!(
            html.contains("id=\"guest-enrol\""),
            "the home app does not count: Contoso's own is set up: {html}"
        );
        let (_, confirmed) = enrol_guest_app(&server, &app, &browser).await;
        assert_eq!(confirmed.status(), 303);
        let claims = id_token_claims(&server, &app, authorize(&server, &app, &browser).await).await;
        assert!(amr_of(&claims).contains(&"mfa".to_owned()), "{claims}");
        assert_eq!(contoso.to_string(), claims["tid"]);
        server.stop().await;
    }
}

#[tokio::test]
async fn wrong_guest_codes_are_refused_and_throttled() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let admin = server.api_token().await;
        let app = server.register_app("Web app", CALLBACK, false).await;
        let frank = home_tenant(&server, "fabrikam.com", "frank@fabrikam.com", false).await;
        let browser = home_sign_in(&server, &frank, &mut None).await;
        invite_and_redeem(&server, &admin, "frank@fabrikam.com", &browser).await;
        set_policy(&server, &admin, true, false).await;
        let (totp, confirmed) = enrol_guest_app(&server, &app, &browser).await;
        assert_eq!(confirmed.status(), 303);

        let later = home_sign_in(&server, &frank, &mut None).await;
        let (_, return_to) = guest_factor_page(&authorize(&server, &app, &later).await);
        let wrong = wrong_code(&totp);
        let mut statuses = Vec::new();
        for _ in 0..5 {
            let response = post_guest_code(&server, &later, &return_to, &wrong).await;
            statuses.push(response.status().as_u16());
        }
        assert_eq!(&statuses[..], &[401; 5], "{statuses:?}");
        // Past five free failures each one blocks for a growing delay; on a busy
        // machine an attempt may land after the first one-second delay, so within a
        // few more attempts one must be refused unchecked.
        let mut refused = None;
        for _ in 0..6 {
            let response = post_guest_code(&server, &later, &return_to, &wrong).await;
            match response.status().as_u16() {
                429 => {
                    refused = Some(response);
                    break;
                }
                status => assert_eq!(status, 401),
            }
        }
        let refused = refused.expect("past five free failures the guest waits");
        let retry_after: i64 = refused.headers()["retry-after"]
            .to_str()
            .expect("header")
            .parse()
            .expect("seconds");
        assert!(retry_after >= 1);
        assert!(
            refused
                .text()
                .await
                .expect("page")
                .contains("Too many failed attempts"),
            "the page says why"
        );
        if retry_after >= 2 {
            let right = post_guest_code(&server, &later, &return_to, &code_at(&totp, 1)).await;
            assert_eq!(right.status(), 429, "even the right code waits");
        }
        // Still no code for the application.
        let (page, _) = guest_factor_page(&authorize(&server, &app, &later).await);
        assert!(page.contains("/mfa/guest"));
        server.stop().await;
    }
}

#[tokio::test]
async fn without_the_policy_no_factor_is_asked_of_guests() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let admin = server.api_token().await;
        let app = server.register_app("Web app", CALLBACK, false).await;
        let frank = home_tenant(&server, "fabrikam.com", "frank@fabrikam.com", false).await;
        let browser = home_sign_in(&server, &frank, &mut None).await;
        let guest = invite_and_redeem(&server, &admin, "frank@fabrikam.com", &browser).await;
        set_policy(&server, &admin, false, false).await;
        let claims = id_token_claims(&server, &app, authorize(&server, &app, &browser).await).await;
        assert_eq!(claims["oid"], guest);
        assert_eq!(amr_of(&claims), vec!["pwd".to_owned()], "{claims}");
        server.stop().await;
    }
}

/// Cross-tenant access settings (issue 21): `inboundTrust.isMfaAccepted` of a
/// partner's entry decides for that partner over the default (the collaboration
/// policy's `trustHomeMfa`), both ways.
#[tokio::test]
async fn a_partner_entry_decides_whether_its_home_mfa_counts() {
    const PARTNERS: &str = "/v1.0/policies/crossTenantAccessPolicy/partners";
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let admin = server.api_token().await;
        let app = server.register_app("Web app", CALLBACK, false).await;
        let frank = home_tenant(&server, "fabrikam.com", "frank@fabrikam.com", true).await;
        let mut home_app = None;
        let browser = home_sign_in(&server, &frank, &mut home_app).await;
        invite_and_redeem(&server, &admin, "frank@fabrikam.com", &browser).await;

        // The default trusts home MFA; Fabrikam's entry does not.
        set_policy(&server, &admin, true, true).await;
        let entry = json!({
            "tenantId": frank.tenant_id.to_string(),
            "inboundTrust": { "isMfaAccepted": false },
        });
        let (status, made) = server
            .call(Method::POST, PARTNERS, Some(&admin), Some(entry))
            .await;
        assert_eq!(status, 201, "{made}");
        let (page, _) = guest_factor_page(&authorize(&server, &app, &browser).await);
        let (_, html) = get(&server, &page, &browser.cookies()).await;
        assert!(html.contains("id=\"guest-enrol\""), "{html}");

        // The default does not trust it; Fabrikam's entry does: no factor is asked.
        set_policy(&server, &admin, true, false).await;
        let path = format!("{PARTNERS}/{}", frank.tenant_id);
        let (status, _) = server
            .call(
                Method::PATCH,
                &path,
                Some(&admin),
                Some(json!({ "inboundTrust": { "isMfaAccepted": true } })),
            )
            .await;
        assert_eq!(status, 204);
        let claims = id_token_claims(&server, &app, authorize(&server, &app, &browser).await).await;
        assert!(amr_of(&claims).contains(&"mfa".to_owned()), "{claims}");

        // Without the entry the default decides again.
        let (status, _) = server.call(Method::DELETE, &path, Some(&admin), None).await;
        assert_eq!(status, 204);
        let (page, _) = guest_factor_page(&authorize(&server, &app, &browser).await);
        assert!(page.contains("/mfa/guest"), "{page}");
        server.stop().await;
    }
}
