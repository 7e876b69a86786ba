//! The browser-facing defences of issue 16: redirect targets that cannot leave the
//! site (`return_to`), forms bound to their session and refused from other sites,
//! `__Host-` cookies and HSTS under an https public URL, and an application's sign-out
//! request that asks first unless its `id_token_hint` names the session's user.

use std::sync::{Arc, Mutex};

use entente_testkit::{
    ADMIN_EMAIL, ADMIN_PASSWORD, TestServer, backends, hidden_field, set_cookie_value,
};
use reqwest::Response;

fn location(response: &Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

/// Whether a `Location` leads to the server's own origin, read as a browser reads it.
fn stays_on(server: &TestServer, target: &str) -> bool {
    let base = url::Url::parse(&server.base_url).unwrap();
    base.join(target)
        .is_ok_and(|resolved| resolved.origin() == base.origin())
}

/// Targets that led, or could lead, a browser to another site.
const HOSTILE: [&str; 15] = [
    "/\t/evil.example/x",
    "/\n/evil.example/x",
    "/\\evil.example",
    "\\/evil.example",
    "//evil.example/x",
    "/.//evil.example/x",
    " //evil.example",
    "/%2f%2fevil.example",
    "%2f%2fevil.example",
    "javascript:alert(document.domain)",
    "data:text/html,<script>alert(1)</script>",
    "https://evil.example/x",
    "http://evil.example/x",
    "／／evil.example",
    "https:／／evil.example",
];

#[tokio::test]
async fn return_to_never_leads_off_the_site_nor_to_a_server_error() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let login = server.url(&format!("/{tenant}/login"));
        let (cookies, _) = server
            .browser_sign_in(&login, ADMIN_EMAIL, ADMIN_PASSWORD)
            .await
            .unwrap();

        // The guests' second-factor page sends a browser with nothing owed straight on
        // (no interaction): the reported redirect.
        let mut control = vec![
            "/\r/evil.example/x",
            "/\x0b/evil.example",
            "/x\r\nSet-Cookie: a=b",
        ];
        control.extend(HOSTILE);
        for target in control {
            let mut url = url::Url::parse(&server.url(&format!("/{tenant}/mfa/guest"))).unwrap();
            url.query_pairs_mut().append_pair("return_to", target);
            let response = server
                .http
                .get(url)
                .header("cookie", &cookies)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 303, "{target:?}");
            let to = location(&response);
            assert!(stays_on(&server, &to), "{target:?} led to {to:?}");
            assert!(
                to.starts_with('/') && !to.starts_with("//"),
                "{target:?} led to {to:?}"
            );
        }
        let tab = server
            .http
            .get(server.url(&format!(
                "/{tenant}/mfa/guest?return_to=/%09/evil.example/x"
            )))
            .header("cookie", &cookies)
            .send()
            .await
            .unwrap();
        assert_eq!(location(&tab), format!("/{tenant}/myapps"));
        // A path of this site is still where the browser goes.
        let kept = server
            .http
            .get(server.url(&format!(
                "/{tenant}/mfa/guest?return_to=/{tenant}/account%3Fa%3D1"
            )))
            .header("cookie", &cookies)
            .send()
            .await
            .unwrap();
        assert_eq!(location(&kept), format!("/{tenant}/account?a=1"));

        // The sign-in form: after the password, to the account page, never elsewhere,
        // and a control character is no server error (whose session row would already
        // have been written).
        for target in [
            "/\t/evil.example/x",
            "/\r\n/evil.example",
            "/\x0b/evil.example",
        ] {
            let page = server.http.get(&login).send().await.unwrap();
            let csrf_cookie = set_cookie_value(&page, "entente_csrf").unwrap();
            let csrf = hidden_field(&page.text().await.unwrap(), "csrf").unwrap();
            let signed_in = server
                .http
                .post(&login)
                .header("cookie", format!("entente_csrf={csrf_cookie}"))
                .form(&[
                    ("login", ADMIN_EMAIL),
                    ("password", ADMIN_PASSWORD),
                    ("csrf", &csrf),
                    ("return_to", target),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(signed_in.status(), 303, "{target:?}");
            assert_eq!(
                location(&signed_in),
                format!("/{tenant}/account"),
                "{target:?}"
            );
            assert!(set_cookie_value(&signed_in, "entente_session").is_some());
        }
        // The sign-in page itself never offers another site as the way back.
        let mut url = url::Url::parse(&login).unwrap();
        url.query_pairs_mut()
            .append_pair("return_to", "/\t/evil.example/x");
        let page = server.http.get(url).send().await.unwrap();
        let html = page.text().await.unwrap();
        assert_eq!(
            hidden_field(&html, "return_to").as_deref(),
            Some(format!("/{tenant}/account").as_str())
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn a_form_token_of_one_session_is_refused_in_another() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let login = server.url(&format!("/{tenant}/login"));
        let account = server.url(&format!("/{tenant}/account"));
        let logout = server.url(&format!("/{tenant}/logout"));
        let bob = server
            .create_member("bob@contoso.test", "Bob", "bob-password-1")
            .await;
        let (alice_cookies, _) = server
            .browser_sign_in(&login, ADMIN_EMAIL, ADMIN_PASSWORD)
            .await
            .unwrap();
        let (bob_cookies, _) = server
            .browser_sign_in(&login, &bob.email, &bob.password)
            .await
            .unwrap();
        let token_on = |cookies: String| {
            let server = &server;
            let account = account.clone();
            async move {
                let page = server
                    .http
                    .get(account)
                    .header("cookie", cookies)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(page.status(), 200);
                hidden_field(&page.text().await.unwrap(), "csrf").unwrap()
            }
        };
        let alice_token = token_on(alice_cookies.clone()).await;
        // Bob's browser holding Alice's CSRF cookie (planted, or shared) changes
        // nothing: the token is bound to the session, not to that cookie.
        let alice_csrf_cookie = alice_cookies.split("; ").next().unwrap().to_owned();
        let bob_session = bob_cookies.split("; ").nth(1).unwrap().to_owned();
        let bob_with_alices_cookie = format!("{alice_csrf_cookie}; {bob_session}");
        let refused = server
            .http
            .post(&logout)
            .header("cookie", &bob_with_alices_cookie)
            .form(&[("csrf", &alice_token)])
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 403);
        let still = server
            .http
            .get(&account)
            .header("cookie", &bob_with_alices_cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(still.status(), 200, "Bob is still signed in");
        // A token of the pre-session sign-in page is no token of the session either.
        let page = server.http.get(&login).send().await.unwrap();
        let pre_cookie = set_cookie_value(&page, "entente_csrf").unwrap();
        let pre_token = hidden_field(&page.text().await.unwrap(), "csrf").unwrap();
        let pre = server
            .http
            .post(&logout)
            .header(
                "cookie",
                format!("entente_csrf={pre_cookie}; {bob_session}"),
            )
            .form(&[("csrf", &pre_token)])
            .send()
            .await
            .unwrap();
        assert_eq!(pre.status(), 403);
        // Bob's own token signs Bob out; Alice's session is untouched.
        let bob_token = token_on(bob_with_alices_cookie.clone()).await;
        let out = server
            .http
            .post(&logout)
            .header("cookie", &bob_with_alices_cookie)
            .form(&[("csrf", &bob_token)])
            .send()
            .await
            .unwrap();
        assert_eq!(out.status(), 200);
        let alice = server
            .http
            .get(&account)
            .header("cookie", &alice_cookies)
            .send()
            .await
            .unwrap();
        assert_eq!(alice.status(), 200);
        server.stop().await;
    }
}

#[tokio::test]
async fn forms_posted_from_another_site_are_refused_but_protocol_posts_are_not() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let login = server.url(&format!("/{tenant}/login"));
        let sign_in = |headers: Vec<(&'static str, String)>| {
            let server = &server;
            let login = login.clone();
            async move {
                let page = server.http.get(&login).send().await.unwrap();
                let csrf_cookie = set_cookie_value(&page, "entente_csrf").unwrap();
                let csrf = hidden_field(&page.text().await.unwrap(), "csrf").unwrap();
                let mut request = server
                    .http
                    .post(&login)
                    .header("cookie", format!("entente_csrf={csrf_cookie}"))
                    .form(&[
                        ("login", ADMIN_EMAIL),
                        ("password", ADMIN_PASSWORD),
                        ("csrf", &csrf),
                    ]);
                for (name, value) in headers {
                    request = request.header(name, value);
                }
                request.send().await.unwrap()
            }
        };
        for headers in [
            vec![("origin", "https://evil.example".to_owned())],
            vec![
                ("origin", "null".to_owned()),
                ("sec-fetch-site", "cross-site".to_owned()),
            ],
            vec![("sec-fetch-site", "cross-site".to_owned())],
            vec![("sec-fetch-site", "same-site".to_owned())],
            vec![
                ("origin", server.base_url.clone()),
                ("sec-fetch-site", "cross-site".to_owned()),
            ],
        ] {
            let refused = sign_in(headers.clone()).await;
            assert_eq!(refused.status(), 403, "{headers:?}");
            assert!(set_cookie_value(&refused, "entente_session").is_none());
            let page = refused.text().await.unwrap();
            assert!(page.contains("<html lang=\"en\">"), "{page}");
        }
        // The pages' Referrer-Policy (no-referrer) makes browsers send `Origin: null`
        // with this site's own forms: Sec-Fetch-Site decides then.
        let own = sign_in(vec![
            ("origin", "null".to_owned()),
            ("sec-fetch-site", "same-origin".to_owned()),
        ])
        .await;
        assert_eq!(own.status(), 303);
        let same = sign_in(vec![
            ("origin", server.base_url.clone()),
            ("sec-fetch-site", "same-origin".to_owned()),
        ])
        .await;
        assert_eq!(same.status(), 303);
        assert!(set_cookie_value(&same, "entente_session").is_some());
        // Plain http: no HSTS, plain cookie names.
        assert!(same.headers().get("strict-transport-security").is_none());

        // Protocol endpoints take cross-site posts by design.
        let cross = |path: String, form: Vec<(&'static str, &'static str)>| {
            let server = &server;
            async move {
                server
                    .http
                    .post(server.url(&path))
                    .header("origin", "https://sp.example")
                    .header("sec-fetch-site", "cross-site")
                    .form(&form)
                    .send()
                    .await
                    .unwrap()
            }
        };
        let token = cross(
            format!("/{tenant}/oauth2/v2.0/token"),
            vec![
                ("grant_type", "client_credentials"),
                ("client_id", "nobody"),
            ],
        )
        .await;
        assert!(
            [400, 401].contains(&token.status().as_u16()),
            "{}",
            token.status()
        );
        let sso = cross(format!("/{tenant}/saml2"), vec![("SAMLRequest", "x")]).await;
        assert_eq!(sso.status(), 200, "posted again from this site");
        let acs = cross(
            format!("/{tenant}/federation/saml/acs"),
            vec![("SAMLResponse", "x"), ("RelayState", "y")],
        )
        .await;
        assert_eq!(acs.status(), 200, "posted again from this site");
        server.stop().await;
    }
}

#[tokio::test]
async fn under_an_https_public_url_cookies_are_host_prefixed_and_hsts_is_sent() {
    for backend in backends() {
        let listen = Arc::new(Mutex::new(String::new()));
        let seen = listen.clone();
        let server = TestServer::start_configured(backend, true, move |config| {
            config.public_url = "https://id.contoso.test".to_owned();
            *seen.lock().unwrap() = config.listen.clone();
        })
        .await;
        let node = format!("http://{}", listen.lock().unwrap());
        let tenant = server.bootstrap().tenant_id;
        let login = format!("{node}/{tenant}/login");
        let page = server.http.get(&login).send().await.unwrap();
        assert_eq!(
            page.headers()["strict-transport-security"],
            "max-age=31536000; includeSubDomains"
        );
        let set_cookie = page.headers()["set-cookie"].to_str().unwrap().to_owned();
        assert!(
            set_cookie.starts_with("__Host-entente_csrf="),
            "{set_cookie}"
        );
        for attribute in ["; Path=/", "; Secure", "; HttpOnly", "; SameSite=Lax"] {
            assert!(set_cookie.contains(attribute), "{set_cookie}");
        }
        assert!(!set_cookie.contains("Domain"), "{set_cookie}");
        let csrf_cookie = set_cookie_value(&page, "__Host-entente_csrf").unwrap();
        let csrf = hidden_field(&page.text().await.unwrap(), "csrf").unwrap();
        let post = |cookie: String| {
            let server = &server;
            let login = login.clone();
            let csrf = csrf.clone();
            async move {
                server
                    .http
                    .post(&login)
                    .header("cookie", cookie)
                    .header("origin", "https://id.contoso.test")
                    .form(&[
                        ("login", ADMIN_EMAIL),
                        ("password", ADMIN_PASSWORD),
                        ("csrf", &csrf),
                    ])
                    .send()
                    .await
                    .unwrap()
            }
        };
        // The same value under the plain name, as a sibling subdomain could plant it,
        // is not believed.
        let planted = post(format!("entente_csrf={csrf_cookie}")).await;
        assert_eq!(planted.status(), 403);
        let signed_in = post(format!("__Host-entente_csrf={csrf_cookie}")).await;
        assert_eq!(signed_in.status(), 303);
        let session = set_cookie_value(&signed_in, "__Host-entente_session").unwrap();
        assert!(set_cookie_value(&signed_in, "entente_session").is_none());
        let account = format!("{node}/{tenant}/account");
        let with = |cookie: String| {
            let server = &server;
            let account = account.clone();
            async move {
                server
                    .http
                    .get(account)
                    .header("cookie", cookie)
                    .send()
                    .await
                    .unwrap()
            }
        };
        assert_eq!(
            with(format!("__Host-entente_session={session}"))
                .await
                .status(),
            200
        );
        assert_eq!(
            with(format!("entente_session={session}")).await.status(),
            303,
            "an unprefixed session cookie is not believed"
        );
        // A cross-site form is refused here too.
        let mut cross = server
            .http
            .post(&login)
            .header("cookie", format!("__Host-entente_csrf={csrf_cookie}"))
            .header("origin", "https://evil.example");
        cross = cross.form(&[("login", ADMIN_EMAIL), ("csrf", &csrf)]);
        assert_eq!(cross.send().await.unwrap().status(), 403);
        server.stop().await;
    }
}

#[tokio::test]
async fn an_applications_sign_out_request_without_a_hint_for_this_session_asks_first() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let app = server
            .register_app("Web", "https://app.contoso.com/cb", false)
            .await;
        let bob = server
            .create_member("bob@contoso.test", "Bob", "bob-password-1")
            .await;
        let bobs_id_token = server
            .user_tokens(&app, &bob.email, &bob.password, "openid")
            .await["id_token"]
            .as_str()
            .unwrap()
            .to_owned();
        let login = server.url(&format!("/{tenant}/login"));
        let account = server.url(&format!("/{tenant}/account"));
        let (cookies, _) = server
            .browser_sign_in(&login, ADMIN_EMAIL, ADMIN_PASSWORD)
            .await
            .unwrap();
        let signed_in = || {
            let server = &server;
            let account = account.clone();
            let cookies = cookies.clone();
            async move {
                server
                    .http
                    .get(account)
                    .header("cookie", cookies)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    == 200
            }
        };
        let logout = |query: String, language: &'static str| {
            let server = &server;
            let cookies = cookies.clone();
            async move {
                server
                    .http
                    .get(server.url(&format!("/{tenant}/oauth2/v2.0/logout?{query}")))
                    .header("cookie", cookies)
                    .header("accept-language", language)
                    .send()
                    .await
                    .unwrap()
            }
        };

        // A plain navigation, as any site can cause: a question, not a sign-out.
        let asked = logout(String::new(), "en").await;
        assert_eq!(asked.status(), 200);
        let page = asked.text().await.unwrap();
        assert!(page.contains("<h1>Sign out of Contoso?</h1>"), "{page}");
        assert!(
            page.contains("An application asked to sign you out."),
            "{page}"
        );
        assert!(
            page.contains(&format!("action=\"/{tenant}/logout\"")),
            "{page}"
        );
        assert!(signed_in().await, "nothing ended without the user");
        // In the browser's language.
        let german = logout(String::new(), "de-DE,de;q=0.9").await;
        let page = german.text().await.unwrap();
        assert!(page.contains("<html lang=\"de\">"), "{page}");
        assert!(page.contains("<h1>Von Contoso abmelden?</h1>"), "{page}");
        // An ID token of someone else is no reason to sign this user out.
        let other = logout(format!("id_token_hint={bobs_id_token}"), "en").await;
        assert_eq!(other.status(), 200);
        assert!(other.text().await.unwrap().contains("Sign out of Contoso?"));
        assert!(signed_in().await);

        // Another tenant's client, with a way back registered there, is no client here:
        // refused, and the session goes on.
        let fabrikam = server
            .partner_tenant(
                "Fabrikam",
                "fabrikam.test",
                "admin@fabrikam.test",
                "fabrikam-password-1",
                false,
            )
            .await;
        let theirs = server
            .register_app_in(
                fabrikam.tenant_id,
                "Theirs",
                "https://app.fabrikam.com/cb",
                false,
            )
            .await;
        let across = logout(
            format!(
                "client_id={}&post_logout_redirect_uri=https://app.fabrikam.com/cb",
                theirs.client_id
            ),
            "en",
        )
        .await;
        assert_eq!(across.status(), 400);
        assert_eq!(location(&across), "");
        assert!(
            signed_in().await,
            "another tenant's client signs nobody out here"
        );

        // The question carries the application's way back, which the answer keeps.
        let asked = logout(
            format!(
                "client_id={}&post_logout_redirect_uri=https://app.contoso.com/cb&state=bye",
                app.client_id
            ),
            "en",
        )
        .await;
        let page = asked.text().await.unwrap();
        let csrf = hidden_field(&page, "csrf").unwrap();
        assert_eq!(
            hidden_field(&page, "post_logout_redirect_uri").as_deref(),
            Some("https://app.contoso.com/cb")
        );
        let form = [
            ("csrf", csrf.as_str()),
            ("client_id", app.client_id.as_str()),
            ("post_logout_redirect_uri", "https://app.contoso.com/cb"),
            ("state", "bye"),
        ];
        // Posted from another site, even with the token: refused.
        let cross = server
            .http
            .post(server.url(&format!("/{tenant}/logout")))
            .header("cookie", &cookies)
            .header("origin", "https://evil.example")
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(cross.status(), 403);
        assert!(signed_in().await);
        let tampered = [
            ("csrf", csrf.as_str()),
            ("client_id", app.client_id.as_str()),
            ("post_logout_redirect_uri", "https://evil.example/"),
        ];
        let confirm = |form: &[(&str, &str)]| {
            server
                .http
                .post(server.url(&format!("/{tenant}/logout")))
                .header("cookie", &cookies)
                .form(form)
                .send()
        };
        // The user's answer signs out and goes back to the application.
        let done = confirm(&form).await.unwrap();
        assert_eq!(done.status(), 303);
        assert_eq!(location(&done), "https://app.contoso.com/cb?state=bye");
        assert!(!signed_in().await, "the session has ended");
        // A way back the client did not register is not followed, even from the form.
        let tampered = confirm(&tampered).await.unwrap();
        assert_eq!(tampered.status(), 200);
        assert_eq!(location(&tampered), "");
        assert!(
            tampered
                .text()
                .await
                .unwrap()
                .contains("You have signed out")
        );
        server.stop().await;
    }
}
