//! Second factors through the browser pages: a member with an authenticator app signs
//! in with password then code; wrong and reused codes are refused; recovery codes work
//! once; a tenant that requires a second factor makes a member set up an app first,
//! and the resulting ID token's `amr` says so. Codes are computed here with totp-rs
//! from the key the enrolment page shows, as an authenticator app would.

use entente_testkit::entente_domain;
use entente_testkit::{TestServer, TestUser, backends, hidden_field, set_cookie_value};
use openidconnect::core::{CoreAuthenticationFlow, CoreJwsSigningAlgorithm};
use openidconnect::{AuthorizationCode, CsrfToken, Nonce, PkceCodeChallenge, Scope, TokenResponse};
use totp_rs::{Builder, Secret, Totp};

const CALLBACK: &str = "http://127.0.0.1:9/callback";

/// A browser part-way through a sign-in: its cookies and the page it was sent to.
struct Browser {
    csrf_cookie: String,
    csrf: String,
    pending: Option<String>,
    session: Option<String>,
    location: String,
}

impl Browser {
    fn cookies(&self) -> String {
        let mut cookies = format!("entente_csrf={}", self.csrf_cookie);
        if let Some(pending) = &self.pending {
            cookies.push_str(&format!("; entente_mfa={pending}"));
        }
        if let Some(session) = &self.session {
            cookies.push_str(&format!("; entente_session={session}"));
        }
        cookies
    }
}

/// Opens the login page (with a return path when given) and submits the password.
async fn password_step(
    server: &TestServer,
    login_path: &str,
    user: &TestUser,
    session: Option<String>,
) -> Browser {
    let page = server
        .http
        .get(server.url(login_path))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let csrf_cookie = set_cookie_value(&page, "entente_csrf").unwrap();
    let html = page.text().await.unwrap();
    let csrf = hidden_field(&html, "csrf").unwrap();
    let return_to = hidden_field(&html, "return_to").unwrap();
    let tenant = server.bootstrap().tenant_id;
    let response = server
        .http
        .post(server.url(&format!("/{tenant}/login")))
        .header("cookie", format!("entente_csrf={csrf_cookie}"))
        .form(&[
            ("login", user.email.as_str()),
            ("password", user.password.as_str()),
            ("csrf", &csrf),
            ("return_to", &return_to),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "a right password moves on");
    let mut browser = Browser {
        pending: set_cookie_value(&response, "entente_mfa"),
        session: set_cookie_value(&response, "entente_session").or(session),
        location: location(&response),
        csrf_cookie,
        csrf,
    };
    if browser.session.is_some() {
        browser.csrf = session_csrf(server, &browser).await;
    }
    browser
}

/// The CSRF token of a browser with a session: bound to the session, so read from a
/// page shown with its cookies.
async fn session_csrf(server: &TestServer, browser: &Browser) -> String {
    let tenant = server.bootstrap().tenant_id;
    let page = server
        .http
        .get(server.url(&format!("/{tenant}/login")))
        .header("cookie", browser.cookies())
        .send()
        .await
        .unwrap();
    hidden_field(&page.text().await.unwrap(), "csrf").unwrap()
}

/// Posts a code form of the second-factor pages.
async fn post_code(
    server: &TestServer,
    browser: &Browser,
    path: &str,
    code: &str,
) -> reqwest::Response {
    server
        .http
        .post(server.url(path))
        .header("cookie", browser.cookies())
        .form(&[("code", code), ("csrf", &browser.csrf)])
        .send()
        .await
        .unwrap()
}

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

/// Reads the enrolment page (the key and the otpauth URI) and returns the app's TOTP.
async fn open_enrolment(server: &TestServer, browser: &Browser) -> Totp {
    let tenant = server.bootstrap().tenant_id;
    let page = server
        .http
        .get(server.url(&format!("/{tenant}/mfa/enrol")))
        .header("cookie", browser.cookies())
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["cache-control"], "no-store");
    let html = page.text().await.unwrap();
    let secret = field_value(&html, "secret");
    let uri = field_value(&html, "otpauth-uri");
    assert!(uri.starts_with("otpauth://totp/Entente:"), "{uri}");
    assert!(uri.contains("issuer=Entente"), "{uri}");
    assert!(uri.contains(&format!("secret={secret}")), "{uri}");
    assert_eq!(secret.len(), 32, "160 bits in base32");
    Builder::new()
        .with_secret(Secret::try_from_base32(&secret).unwrap())
        .build_noncompliant()
}

/// The value of the input with this id.
fn field_value(html: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\"");
    let start = html.find(&marker).unwrap();
    let tail = &html[start..];
    let value = tail.find("value=\"").unwrap() + "value=\"".len();
    let end = tail[value..].find('"').unwrap() + value;
    unescape(&tail[value..end])
}

/// Decodes the character references the template engine writes into attributes.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find(';').unwrap() + start;
        let entity = &rest[start + 1..end];
        let decoded = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            _ => match entity.strip_prefix("#x") {
                Some(hex) => char::from_u32(u32::from_str_radix(hex, 16).unwrap()).unwrap(),
                None => char::from_u32(entity[1..].parse().unwrap()).unwrap(),
            },
        };
        out.push(decoded);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

fn recovery_codes(html: &str) -> Vec<String> {
    html.split("<li><code>")
        .skip(1)
        .filter_map(|part| part.split("</code>").next())
        .map(str::to_owned)
        .collect()
}

/// The code an authenticator app shows `offset` steps from now.
fn code_at(totp: &Totp, offset: i64) -> String {
    let time = entente_testkit::now() + offset * 30;
    totp.generate(time as u64).to_string()
}

/// A six-digit code that is none of the app's codes near now.
fn wrong_code(totp: &Totp) -> String {
    let near: Vec<String> = (-2..=2).map(|o| code_at(totp, o)).collect();
    (0..)
        .map(|n: u32| format!("{:06}", (123_456 + n * 7919) % 1_000_000))
        .find(|c| !near.contains(c))
        .unwrap()
}

async fn session_amr(server: &TestServer, session: &str) -> String {
    entente_domain::signin::session(&server.services, session, entente_testkit::now())
        .await
        .unwrap()
        .expect("a live session")
        .amr
}

/// Signs a member in with a password alone and sets up an app from the account side,
/// confirming it with the previous step's code so the current one stays unused.
async fn member_with_app(server: &TestServer, user: &TestUser) -> (Totp, Vec<String>) {
    let tenant = server.bootstrap().tenant_id;
    let browser = password_step(server, &format!("/{tenant}/login"), user, None).await;
    assert!(
        browser.pending.is_none(),
        "no second factor before enrolment"
    );
    assert!(browser.session.is_some());
    let totp = open_enrolment(server, &browser).await;
    let confirmed = post_code(
        server,
        &browser,
        &format!("/{tenant}/mfa/enrol"),
        &code_at(&totp, -1),
    )
    .await;
    assert_eq!(confirmed.status(), 200);
    let html = confirmed.text().await.unwrap();
    let codes = recovery_codes(&html);
    assert_eq!(codes.len(), 10, "{html}");
    (totp, codes)
}

#[tokio::test]
async fn a_member_with_an_app_signs_in_with_password_then_code() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let alice = server
            .create_member("alice@contoso.com", "Alice", "alice's long password")
            .await;
        let (totp, _) = member_with_app(&server, &alice).await;

        // The password alone now leads to the code page, with no session.
        let browser = password_step(&server, &format!("/{tenant}/login"), &alice, None).await;
        assert_eq!(browser.location, format!("/{tenant}/mfa"));
        assert!(
            browser.session.is_none(),
            "no session before the second factor"
        );
        let pending = browser.pending.clone().expect("a pending sign-in cookie");
        let account = server
            .http
            .get(server.url(&format!("/{tenant}/account")))
            .header("cookie", format!("entente_session={pending}"))
            .send()
            .await
            .unwrap();
        assert_eq!(account.status(), 303, "a pending token is not a session");

        let page = server
            .http
            .get(server.url(&browser.location))
            .header("cookie", browser.cookies())
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains("name=\"code\""), "{html}");
        assert!(html.contains("name=\"csrf\""), "{html}");
        assert!(html.contains(&format!("/{tenant}/mfa/recovery")), "{html}");

        // A wrong code keeps the member out.
        let wrong = post_code(
            &server,
            &browser,
            &format!("/{tenant}/mfa"),
            &wrong_code(&totp),
        )
        .await;
        assert_eq!(wrong.status(), 401);
        assert!(set_cookie_value(&wrong, "entente_session").is_none());
        assert!(wrong.text().await.unwrap().contains("incorrect"));

        // A form without the CSRF token is refused before anything else.
        let forged = server
            .http
            .post(server.url(&format!("/{tenant}/mfa")))
            .header("cookie", browser.cookies())
            .form(&[("code", code_at(&totp, 0).as_str()), ("csrf", "forged")])
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), 403);

        // The right code opens a session and goes back where the sign-in started.
        let code = code_at(&totp, 0);
        let right = post_code(&server, &browser, &format!("/{tenant}/mfa"), &code).await;
        assert_eq!(right.status(), 303);
        assert_eq!(location(&right), format!("/{tenant}/account"));
        let session = set_cookie_value(&right, "entente_session").expect("a session cookie");
        assert_eq!(set_cookie_value(&right, "entente_mfa").as_deref(), Some(""));
        assert_eq!(session_amr(&server, &session).await, "pwd otp mfa");
        let account = server
            .http
            .get(server.url(&format!("/{tenant}/account")))
            .header("cookie", format!("entente_session={session}"))
            .send()
            .await
            .unwrap();
        assert_eq!(account.status(), 200);
        assert!(account.text().await.unwrap().contains("alice@contoso.com"));

        // The used pending sign-in cannot be used again.
        let again = post_code(&server, &browser, &format!("/{tenant}/mfa"), &code).await;
        assert_eq!(again.status(), 303);
        assert_eq!(location(&again), format!("/{tenant}/login"));

        // The same code in a new sign-in, within the same time step, is refused.
        let second = password_step(&server, &format!("/{tenant}/login"), &alice, None).await;
        let reused = post_code(&server, &second, &format!("/{tenant}/mfa"), &code).await;
        assert_eq!(reused.status(), 401, "a code works once");
        assert!(set_cookie_value(&reused, "entente_session").is_none());
        server.stop().await;
    }
}

#[tokio::test]
async fn a_recovery_code_works_once() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let bob = server
            .create_member("bob@contoso.com", "Bob", "bob's long password")
            .await;
        let (_, codes) = member_with_app(&server, &bob).await;
        let recovery = format!("/{tenant}/mfa/recovery");

        let browser = password_step(&server, &format!("/{tenant}/login"), &bob, None).await;
        let page = server
            .http
            .get(server.url(&recovery))
            .header("cookie", browser.cookies())
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        // Typed in capitals without dashes, as people do.
        let typed = codes[3].replace('-', "").to_uppercase();
        let used = post_code(&server, &browser, &recovery, &typed).await;
        assert_eq!(used.status(), 303);
        let session = set_cookie_value(&used, "entente_session").expect("a session cookie");
        assert_eq!(session_amr(&server, &session).await, "pwd mfa");

        let browser = password_step(&server, &format!("/{tenant}/login"), &bob, None).await;
        let twice = post_code(&server, &browser, &recovery, &codes[3]).await;
        assert_eq!(twice.status(), 401, "a recovery code is single-use");
        assert!(set_cookie_value(&twice, "entente_session").is_none());
        let other = post_code(&server, &browser, &recovery, &codes[4]).await;
        assert_eq!(other.status(), 303, "the other codes still work");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_signed_in_member_removes_their_app_and_the_password_suffices_again() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let erin = server
            .create_member("erin@contoso.com", "Erin", "erin's long password")
            .await;
        let (totp, _) = member_with_app(&server, &erin).await;
        let mut browser = password_step(&server, &format!("/{tenant}/login"), &erin, None).await;
        let signed_in = post_code(
            &server,
            &browser,
            &format!("/{tenant}/mfa"),
            &code_at(&totp, 0),
        )
        .await;
        assert_eq!(signed_in.status(), 303);
        browser.session = set_cookie_value(&signed_in, "entente_session");
        browser.pending = None;

        // With an app already, the set-up page offers to remove it instead.
        let manage = server
            .http
            .get(server.url(&format!("/{tenant}/mfa/enrol")))
            .header("cookie", browser.cookies())
            .send()
            .await
            .unwrap();
        assert_eq!(manage.status(), 200);
        let html = manage.text().await.unwrap();
        assert!(html.contains("id=\"remove-app\""), "{html}");
        // The removal form carries the token of the session the code just opened.
        browser.csrf = hidden_field(&html, "csrf").unwrap();
        assert!(
            !html.contains("id=\"secret\""),
            "the old key is never shown again"
        );
        let removed = server
            .http
            .post(server.url(&format!("/{tenant}/mfa/remove")))
            .header("cookie", browser.cookies())
            .form(&[("csrf", browser.csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(removed.status(), 303);
        assert_eq!(location(&removed), format!("/{tenant}/account"));

        let again = password_step(&server, &format!("/{tenant}/login"), &erin, None).await;
        assert!(again.pending.is_none(), "no second factor without an app");
        let session = again.session.expect("a session from the password alone");
        assert_eq!(session_amr(&server, &session).await, "pwd");
        server.stop().await;
    }
}

#[tokio::test]
async fn wrong_codes_count_toward_the_sign_in_throttle() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let carol = server
            .create_member("carol@contoso.com", "Carol", "carol's long password")
            .await;
        let (totp, _) = member_with_app(&server, &carol).await;
        let browser = password_step(&server, &format!("/{tenant}/login"), &carol, None).await;
        let wrong = wrong_code(&totp);
        let mut statuses = Vec::new();
        for _ in 0..6 {
            let response = post_code(&server, &browser, &format!("/{tenant}/mfa"), &wrong).await;
            statuses.push(response.status().as_u16());
        }
        assert_eq!(&statuses[..], &[401; 6], "{statuses:?}");
        // Past five free failures the delays start at one second and double, so on a
        // busy machine the next attempt may land after the first delay: within a few
        // more attempts one must be refused unchecked.
        let mut retry_after = None;
        for _ in 0..5 {
            let response = post_code(&server, &browser, &format!("/{tenant}/mfa"), &wrong).await;
            match response.status().as_u16() {
                429 => {
                    retry_after = Some(retry_after_of(&response));
                    break;
                }
                status => assert_eq!(status, 401),
            }
        }
        let mut retry_after = retry_after.expect("past five free failures the account waits");
        // The checks below need the block to outlast them: let it grow (each counted
        // failure doubles it) until at least three seconds remain.
        while retry_after < 3 {
            tokio::time::sleep(std::time::Duration::from_secs(retry_after as u64 + 1)).await;
            let counted = post_code(&server, &browser, &format!("/{tenant}/mfa"), &wrong).await;
            assert_eq!(
                counted.status(),
                401,
                "after the delay the next guess is checked again"
            );
            let refused = post_code(&server, &browser, &format!("/{tenant}/mfa"), &wrong).await;
            assert_eq!(refused.status(), 429);
            retry_after = retry_after_of(&refused);
        }
        // The password shares the count: signing in again is throttled too, so
        // starting over cannot reset the guesses.
        let again = server
            .browser_sign_in(
                &server.url(&format!("/{tenant}/login")),
                &carol.email,
                &carol.password,
            )
            .await;
        assert!(
            again
                .as_ref()
                .is_err_and(|e| e.starts_with("sign-in answered 429")),
            "{:?}",
            again.err()
        );
        let right = post_code(
            &server,
            &browser,
            &format!("/{tenant}/mfa"),
            &code_at(&totp, 0),
        )
        .await;
        assert_eq!(right.status(), 429, "even the right code waits");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_tenant_requiring_mfa_makes_members_enrol_and_the_id_token_says_mfa() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let admin = entente_domain::access::Caller {
            tenant,
            actor: entente_model::Actor::System,
            permissions: vec!["Directory.ReadWrite.All".to_owned()],
        }
        .tenant_admin()
        .unwrap();
        entente_domain::mfa::set_mfa_required(
            &server.services,
            &admin,
            true,
            entente_testkit::now(),
        )
        .await
        .unwrap();
        let app = server.register_app("Web app", CALLBACK, false).await;
        let dave = server
            .create_member("dave@contoso.com", "Dave", "dave's long password")
            .await;

        let http = super::oidc::http_client();
        let client = super::oidc::discovered_client(&server, &app, &http).await;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (auth_url, _, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge)
            .url();

        let first = server.http.get(auth_url.as_str()).send().await.unwrap();
        assert_eq!(first.status(), 303);
        let login_path = location(&first);
        let browser = password_step(&server, &login_path, &dave, None).await;
        assert_eq!(
            browser.location,
            format!("/{tenant}/mfa/enrol"),
            "without an app the member must set one up"
        );
        assert!(browser.session.is_none());
        // The code page sends a member without an app to the enrolment page too.
        let code_page = server
            .http
            .get(server.url(&format!("/{tenant}/mfa")))
            .header("cookie", browser.cookies())
            .send()
            .await
            .unwrap();
        assert_eq!(location(&code_page), format!("/{tenant}/mfa/enrol"));

        let totp = open_enrolment(&server, &browser).await;
        let wrong = post_code(
            &server,
            &browser,
            &format!("/{tenant}/mfa/enrol"),
            &wrong_code(&totp),
        )
        .await;
        assert_eq!(wrong.status(), 400);
        assert!(set_cookie_value(&wrong, "entente_session").is_none());
        let confirmed = post_code(
            &server,
            &browser,
            &format!("/{tenant}/mfa/enrol"),
            &code_at(&totp, 0),
        )
        .await;
        assert_eq!(confirmed.status(), 200);
        assert_eq!(confirmed.headers()["cache-control"], "no-store");
        let session = set_cookie_value(&confirmed, "entente_session").expect("a session cookie");
        let html = confirmed.text().await.unwrap();
        assert_eq!(recovery_codes(&html).len(), 10);
        let continue_link = html
            .split("href=\"")
            .filter_map(|part| part.split('"').next())
            .find(|href| href.contains("authorize"))
            .map(unescape)
            .expect("a link back to the authorization request");

        let back = server
            .http
            .get(server.url(&continue_link))
            .header("cookie", format!("entente_session={session}"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            back.status(),
            303,
            "{continue_link}: {}",
            back.text().await.unwrap()
        );
        let callback = url::Url::parse(&location(&back)).unwrap();
        let code = callback
            .query_pairs()
            .find(|(k, _)| k == "code")
            .map(|(_, v)| v.into_owned())
            .expect("an authorization code");
        let tokens = client
            .exchange_code(AuthorizationCode::new(code))
            .unwrap()
            .set_pkce_verifier(verifier)
            .request_async(&http)
            .await
            .expect("code exchange");
        let id_token = tokens.id_token().expect("an ID token");
        let verifier = client
            .id_token_verifier()
            .set_allowed_algs(vec![CoreJwsSigningAlgorithm::EcdsaP256Sha256]);
        let claims = id_token
            .claims(&verifier, &nonce)
            .expect("ID token verifies");
        assert_eq!(claims.subject().as_str(), dave.id.to_string());
        let amr: Vec<String> = claims
            .auth_method_refs()
            .expect("an amr claim")
            .iter()
            .map(|m| m.as_str().to_owned())
            .collect();
        assert!(amr.contains(&"mfa".to_owned()), "{amr:?}");
        assert!(amr.contains(&"otp".to_owned()), "{amr:?}");
        assert!(amr.contains(&"pwd".to_owned()), "{amr:?}");
        server.stop().await;
    }
}

/// The tenant's policy through the directory API (Graph's security defaults switch):
/// an admin turns it on, it is audited, and a member without an app must enrol.
#[tokio::test]
async fn security_defaults_through_the_api_require_a_second_factor() {
    let server = TestServer::start().await;
    let admin = server.api_token().await;
    let policy = "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy";
    let call = |method: reqwest::Method, body: Option<serde_json::Value>| {
        server.call(method, policy, Some(&admin), body)
    };
    let (_, before) = call(reqwest::Method::GET, None).await;
    assert_eq!(before["isEnabled"], false);
    let (status, _) = call(
        reqwest::Method::PATCH,
        Some(serde_json::json!({"isEnabled": true})),
    )
    .await;
    assert_eq!(status, 204);
    let (_, after) = call(reqwest::Method::GET, None).await;
    assert_eq!(after["isEnabled"], true);
    let (status, _) = call(
        reqwest::Method::PATCH,
        Some(serde_json::json!({"enabled": true})),
    )
    .await;
    assert_eq!(status, 400, "an unknown field is refused");

    let henry = server
        .create_member("henry@contoso.com", "Henry", "henry's long password")
        .await;
    let login = server.url(&format!("/{}/login", server.bootstrap().tenant_id));
    let page = server.http.get(&login).send().await.unwrap();
    let csrf_cookie = entente_testkit::set_cookie_value(&page, "entente_csrf").unwrap();
    let csrf = entente_testkit::hidden_field(&page.text().await.unwrap(), "csrf").unwrap();
    let answer = server
        .http
        .post(&login)
        .header("cookie", format!("entente_csrf={csrf_cookie}"))
        .form(&[
            ("login", henry.email.as_str()),
            ("password", henry.password.as_str()),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 303);
    assert!(
        answer.headers()["location"]
            .to_str()
            .unwrap()
            .ends_with("/mfa/enrol"),
        "the member must enrol first"
    );
    assert!(
        entente_testkit::set_cookie_value(&answer, "entente_session").is_none(),
        "no session before the second factor"
    );

    let (_, audit) = server
        .call(
            reqwest::Method::GET,
            "/v1.0/auditLogs/directoryAudits",
            Some(&admin),
            None,
        )
        .await;
    let activities: Vec<&str> = audit["value"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["activityDisplayName"].as_str())
        .collect();
    assert!(
        activities.contains(&"Update tenant sign-in policy"),
        "{activities:?}"
    );
    server.stop().await;
}

fn retry_after_of(response: &reqwest::Response) -> i64 {
    response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}
