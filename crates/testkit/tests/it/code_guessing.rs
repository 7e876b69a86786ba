//! Guessing email one-time codes (issue 16, finding 4): wrong guesses are budgeted
//! per source address across every account, a code is checked only against guesses
//! from the browser that asked for it (so strangers cannot use up its owner's code),
//! and the budgets hold when guesses arrive all at once. Sources are told apart by
//! `X-Forwarded-For`, with the test client as the trusted proxy.

use entente_model::{Tenant, TenantId, User};
use entente_testkit::{Backend, TestServer, backends, hidden_field, now, set_cookie_value};

const BINDING_COOKIE: &str = "entente_code_binding";
const DOMAIN: &str = "solo.example";
/// The owner's source address, and the attacker's.
const OWNER: &str = "198.51.100.10";
const ATTACKER: &str = "203.0.113.66";

/// A server that trusts the test client's `X-Forwarded-For`, with an unmanaged
/// tenant holding `solo.example` and accounts `a0@…` to `a{n-1}@…` there.
async fn start(backend: Backend, accounts: usize) -> (TestServer, Vec<String>) {
    let server = TestServer::start_configured(backend, true, |config| {
        config.trusted_proxies = vec!["127.0.0.1".parse().expect("address")];
    })
    .await;
    let tenant = Tenant {
        managed: false,
        ..Tenant::new(
            TenantId::new_id(),
            DOMAIN.to_owned(),
            format!("solo-{}.entente.test", uuid::Uuid::new_v4().simple()),
            now(),
        )
    };
    let mut tx = server.services.store.write().await.expect("write");
    let mut db = tx.db();
    db.insert_tenant(&tenant).await.expect("tenant");
    db.insert_tenant_domain(tenant.id, DOMAIN, "email-verified", now())
        .await
        .expect("domain");
    db.set_tenant_domain_verified(tenant.id, DOMAIN, now())
        .await
        .expect("verified");
    let mut emails = Vec::new();
    for n in 0..accounts {
        let email = format!("a{n}@{DOMAIN}");
        let user = User::new_member(
            tenant.id,
            email.clone(),
            Some(email.clone()),
            email.clone(),
            now(),
        );
        db.insert_user(entente_testkit::entente_storage::NewUser {
            user: &user,
            password_hash: None,
        })
        .await
        .expect("user");
        emails.push(email);
    }
    tx.commit().await.expect("commit");
    (server, emails)
}

/// A browser at one source address that asked Contoso's sign-in page for a code.
struct CodeForm {
    source: String,
    cookies: String,
    csrf: String,
    login: String,
    code_id: String,
    /// The binding cookie the answer set, if it set one.
    binding: Option<String>,
}

/// Types `login` on Contoso's sign-in page from `source`; returns the code form.
async fn ask_for_code(server: &TestServer, source: &str, login: &str) -> CodeForm {
    let contoso = server.bootstrap().tenant_id;
    let page = server
        .http
        .get(server.url(&format!("/{contoso}/login")))
        .header("x-forwarded-for", source)
        .send()
        .await
        .expect("GET");
    let csrf_cookie = set_cookie_value(&page, "entente_csrf").expect("CSRF cookie");
    let csrf = hidden_field(&page.text().await.expect("page"), "csrf").expect("csrf");
    let cookies = format!("entente_csrf={csrf_cookie}");
    let answer = server
        .http
        .post(server.url(&format!("/{contoso}/login")))
        .header("x-forwarded-for", source)
        .header("cookie", &cookies)
        .form(&[("login", login), ("password", ""), ("csrf", &csrf)])
        .send()
        .await
        .expect("POST");
    assert_eq!(answer.status(), 200, "{login} from {source}");
    let binding = set_cookie_value(&answer, BINDING_COOKIE);
    let set_cookie = answer
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(BINDING_COOKIE))
        .expect("a binding cookie")
        .to_owned();
    assert!(
        set_cookie.contains("HttpOnly")
            && set_cookie.contains("SameSite=Lax")
            && set_cookie.contains(&format!("Path=/{contoso}/login/code")),
        "{set_cookie}"
    );
    let html = answer.text().await.expect("code form");
    CodeForm {
        source: source.to_owned(),
        cookies,
        csrf,
        login: login.to_owned(),
        code_id: hidden_field(&html, "code_id").expect("code_id"),
        binding,
    }
}

/// Posts `code` for the form's code from `source`, with or without the binding
/// cookie; answers the status and `Retry-After`.
async fn guess(
    server: &TestServer,
    form: &CodeForm,
    source: &str,
    code: &str,
    with_binding: bool,
) -> (u16, Option<i64>) {
    let answer = guess_request(server, form, source, code, with_binding)
        .send()
        .await
        .expect("POST");
    answered(&answer)
}

/// The request of [`guess`], to send now or from another task.
fn guess_request(
    server: &TestServer,
    form: &CodeForm,
    source: &str,
    code: &str,
    with_binding: bool,
) -> reqwest::RequestBuilder {
    let contoso = server.bootstrap().tenant_id;
    let mut cookies = form.cookies.clone();
    if with_binding {
        let binding = form.binding.as_deref().expect("a binding");
        cookies.push_str(&format!("; {BINDING_COOKIE}={binding}"));
    }
    server
        .http
        .post(server.url(&format!("/{contoso}/login/code/verify")))
        .header("x-forwarded-for", source)
        .header("cookie", cookies)
        .form(&[
            ("csrf", form.csrf.as_str()),
            ("login", form.login.as_str()),
            ("code_id", form.code_id.as_str()),
            ("code", code),
        ])
}

/// The status and `Retry-After` of an answer, leaving its body to read.
fn answered(answer: &reqwest::Response) -> (u16, Option<i64>) {
    let retry_after = answer
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    (answer.status().as_u16(), retry_after)
}

/// Asks for a code as [`ask_for_code`] does and reads the code its email carries
/// from the outbox (the one message to `login` that was not there before).
async fn ask_and_read_code(server: &TestServer, source: &str, login: &str) -> (CodeForm, String) {
    let before: Vec<uuid::Uuid> = emails_to(server, login)
        .await
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let form = ask_for_code(server, source, login).await;
    let text = emails_to(server, login)
        .await
        .into_iter()
        .find(|(id, _)| !before.contains(id))
        .map(|(_, text)| text)
        .expect("a new code email");
    let chars: Vec<char> = text.chars().collect();
    let code = chars
        .windows(8)
        .find(|w| w.iter().all(|c| c.is_ascii_digit()))
        .map(|w| w.iter().collect())
        .unwrap_or_else(|| panic!("no code in {text}"));
    (form, code)
}

/// The ids and texts of the emails queued to `email`.
async fn emails_to(server: &TestServer, email: &str) -> Vec<(uuid::Uuid, String)> {
    server
        .outbox(server.bootstrap().tenant_id)
        .await
        .into_iter()
        .filter(|m| m.to.iter().any(|t| t == email))
        .map(|m| (m.id, m.text_body))
        .collect()
}

/// A wrong code: the right one with its last digit changed.
fn wrong(code: &str) -> String {
    let mut digits: Vec<char> = code.chars().collect();
    let last = digits.pop().expect("digits");
    let other = if last == '0' { '1' } else { '0' };
    digits.push(other);
    digits.into_iter().collect()
}

/// Guesses the code counted so far, as stored.
async fn attempts(server: &TestServer, code_id: &str) -> i64 {
    let mut conn = server.services.store.read().await.expect("read");
    conn.db()
        .email_code(code_id.parse().expect("id"))
        .await
        .expect("code")
        .expect("a code")
        .attempts
}

#[tokio::test]
async fn one_source_guessing_across_many_accounts_is_made_to_wait_and_the_owners_are_not() {
    for backend in backends() {
        let (server, emails) = start(backend, 7).await;
        // The attacker asks for a code to each of seven accounts (binding them to
        // its own browser) and guesses blind, five times at each.
        let mut answers = Vec::new();
        for email in &emails {
            let form = ask_for_code(&server, ATTACKER, email).await;
            for n in 0..5 {
                let code = format!("{:08}", 12_345_670 + n);
                answers.push(guess(&server, &form, ATTACKER, &code, true).await);
            }
        }
        let refused = answers.iter().filter(|(s, _)| *s == 400).count();
        let waiting: Vec<_> = answers.iter().filter(|(s, _)| *s == 429).collect();
        assert_eq!(
            (refused, waiting.len()),
            (20, 15),
            "{backend:?}: twenty wrong guesses an hour per source: {answers:?}"
        );
        assert!(
            answers[..20].iter().all(|(s, _)| *s == 400),
            "the first twenty are answered: {answers:?}"
        );
        for (_, retry_after) in waiting {
            let seconds = retry_after.expect("Retry-After");
            assert!((1..=3600).contains(&seconds), "{seconds}");
        }

        // The owner of the first account, elsewhere, is not held up by any of it.
        let (form, code) = ask_and_read_code(&server, OWNER, &emails[0]).await;
        let (status, _) = guess(&server, &form, OWNER, &code, true).await;
        assert_eq!(status, 303, "{backend:?}: the owner signs in");
        server.stop().await;
    }
}

#[tokio::test]
async fn guesses_without_the_asking_browsers_cookie_do_not_burn_the_owners_code() {
    for backend in backends() {
        let (server, emails) = start(backend, 1).await;
        let (owner, code) = ask_and_read_code(&server, OWNER, &emails[0]).await;

        // Fifty wrong guesses from three other sources, with the code's id but
        // without the owner's cookie (one of them with a cookie of its own).
        let elsewhere = ask_for_code(&server, "192.0.2.1", &emails[0]).await;
        let mut foreign = CodeForm {
            binding: elsewhere.binding.clone(),
            ..ask_for_code(&server, "192.0.2.2", &emails[0]).await
        };
        foreign.code_id = owner.code_id.clone();
        for n in 0..50 {
            let source = format!("192.0.2.{}", 1 + n % 3);
            let (status, _) = guess(&server, &foreign, &source, &wrong(&code), n % 2 == 0).await;
            assert_eq!(status, 400, "{backend:?}: guess {n}");
        }
        // Even the right code is refused without the cookie, and costs nothing.
        let (status, _) = guess(&server, &owner, ATTACKER, &code, false).await;
        assert_eq!(status, 400, "{backend:?}");
        assert_eq!(
            attempts(&server, &owner.code_id).await,
            0,
            "{backend:?}: none of it reached the owner's code"
        );

        // The owner's browser still signs in with the owner's code.
        let (status, _) = guess(&server, &owner, &owner.source, &code, true).await;
        assert_eq!(status, 303, "{backend:?}: the owner signs in");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_burst_of_guesses_is_counted_one_by_one() {
    for backend in backends() {
        let (server, emails) = start(backend, 1).await;
        let (form, code) = ask_and_read_code(&server, OWNER, &emails[0]).await;
        let bad = wrong(&code);
        // Every request is built first, then all are sent at once from their own tasks.
        let burst: Vec<_> = (0..32)
            .map(|_| guess_request(&server, &form, OWNER, &bad, true))
            .collect();
        let tasks: Vec<_> = burst
            .into_iter()
            .map(|request| tokio::spawn(request.send()))
            .collect();
        let mut answers = Vec::new();
        for task in tasks {
            answers.push(answered(&task.await.expect("task").expect("POST")));
        }
        let refused = answers.iter().filter(|(s, _)| *s == 400).count();
        let waiting = answers.iter().filter(|(s, _)| *s == 429).count();
        // Ten wrong guesses an hour at one account from one source: exactly ten are
        // answered, whatever the interleaving; those ten reached the code, which
        // compared only the first five.
        assert_eq!((refused, waiting), (10, 22), "{backend:?}: {answers:?}");
        assert_eq!(attempts(&server, &form.code_id).await, 10, "{backend:?}");
        // The code is used up: even the right one no longer works.
        let (status, _) = guess(&server, &form, OWNER, &code, true).await;
        assert_eq!(status, 429, "{backend:?}: the source waits now");
        server.stop().await;
    }
}

#[tokio::test]
async fn the_fourth_code_a_quarter_hour_is_refused_with_the_minutes_to_wait() {
    for backend in backends() {
        let (server, emails) = start(backend, 1).await;
        let contoso = server.bootstrap().tenant_id;
        // Three codes a quarter hour to one address from one source; the fourth, asked
        // for with "Send a new code" by a German browser, is refused.
        let mut form = ask_for_code(&server, OWNER, &emails[0]).await;
        for _ in 0..2 {
            form = ask_for_code(&server, OWNER, &emails[0]).await;
        }
        let refused = server
            .http
            .post(server.url(&format!("/{contoso}/login/code")))
            .header("x-forwarded-for", OWNER)
            .header("cookie", &form.cookies)
            .header("accept-language", "de")
            .form(&[("login", form.login.as_str()), ("csrf", form.csrf.as_str())])
            .send()
            .await
            .expect("POST");
        let (status, retry_after) = answered(&refused);
        assert_eq!(status, 429, "{backend:?}");
        let retry_after = retry_after.expect("Retry-After");
        assert!(
            (1..=900).contains(&retry_after),
            "{backend:?}: {retry_after}"
        );
        // The page names the same wait in minutes, rounded up.
        let html = refused.text().await.expect("page");
        let minutes: i64 = html
            .split_once("Es wurden zu viele Codes angefordert. Versuchen Sie es in ")
            .and_then(|(_, rest)| rest.split_once(" Min. erneut."))
            .and_then(|(number, _)| number.parse().ok())
            .unwrap_or_else(|| panic!("{backend:?}: the wait in minutes: {html}"));
        assert!((1..=15).contains(&minutes), "{backend:?}: {minutes}");
        assert_eq!(
            minutes,
            (retry_after + 59) / 60,
            "{backend:?}: {retry_after}"
        );
        server.stop().await;
    }
}

/// A signed-out browser's CSRF cookie and token, from Contoso's sign-in page (valid
/// for any form of the site with the same cookie).
async fn csrf_pair(server: &TestServer) -> (String, String) {
    let contoso = server.bootstrap().tenant_id;
    let login = server
        .http
        .get(server.url(&format!("/{contoso}/login")))
        .send()
        .await
        .expect("GET");
    let cookie = set_cookie_value(&login, "entente_csrf").expect("CSRF cookie");
    let csrf = hidden_field(&login.text().await.expect("page"), "csrf").expect("csrf");
    (format!("entente_csrf={cookie}"), csrf)
}

#[tokio::test]
async fn a_redemption_code_answers_only_the_browser_that_asked_for_it() {
    for backend in backends() {
        let (server, _) = start(backend, 0).await;
        let admin = server.api_token().await;
        let (status, invited) = server
            .call(
                reqwest::Method::POST,
                "/v1.0/invitations",
                Some(&admin),
                Some(serde_json::json!({
                    "invitedUserEmailAddress": "kim@nowhere.example",
                    "inviteRedirectUrl": "https://app.contoso.example/",
                })),
            )
            .await;
        assert_eq!(status, 201, "{invited}");
        let link = invited["inviteRedeemUrl"]
            .as_str()
            .expect("link")
            .to_owned();

        // Kim's browser asks for a code: the cookie names the code and binds it.
        let (cookies, csrf) = csrf_pair(&server).await;
        let before: Vec<uuid::Uuid> = emails_to(&server, "kim@nowhere.example")
            .await
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        let sent = server
            .http
            .post(format!("{link}/code"))
            .header("x-forwarded-for", OWNER)
            .header("cookie", &cookies)
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .expect("POST");
        assert_eq!(sent.status(), 200, "{backend:?}");
        let set_cookie = sent
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("entente_code="))
            .expect("the code cookie")
            .to_owned();
        assert!(
            set_cookie.contains("HttpOnly")
                && set_cookie.contains("SameSite=Lax")
                && set_cookie.contains("Path=/redeem/"),
            "{set_cookie}"
        );
        let pending = set_cookie_value(&sent, "entente_code").expect("code cookie");
        let (code_id, _binding) = pending.split_once('.').expect("{id}.{binding}");
        let text = emails_to(&server, "kim@nowhere.example")
            .await
            .into_iter()
            .find(|(id, _)| !before.contains(id))
            .map(|(_, text)| text)
            .expect("the code email");
        let chars: Vec<char> = text.chars().collect();
        let code: String = chars
            .windows(8)
            .find(|w| w.iter().all(|c| c.is_ascii_digit()))
            .map(|w| w.iter().collect())
            .expect("an eight-digit code");

        // Someone who learnt the code's id, but not the binding, guesses (even the
        // right code): refused, and the code is untouched.
        let verify = |cookie: String, code: String| {
            server
                .http
                .post(format!("{link}/verify"))
                .header("x-forwarded-for", ATTACKER)
                .header("cookie", format!("{cookies}; entente_code={cookie}"))
                .form(&[("csrf", csrf.clone()), ("code", code)])
                .send()
        };
        for n in 0..10 {
            let forged = format!("{code_id}.forged{n}");
            let answer = verify(forged, wrong(&code)).await.expect("POST");
            assert_eq!(answer.status(), 400, "{backend:?}: guess {n}");
        }
        let answer = verify(code_id.to_owned(), code.clone())
            .await
            .expect("POST");
        assert_eq!(answer.status(), 400, "{backend:?}: no binding at all");
        assert_eq!(attempts(&server, code_id).await, 0, "{backend:?}");

        // Kim's browser redeems with Kim's code.
        let accepted = server
            .http
            .post(format!("{link}/verify"))
            .header("x-forwarded-for", OWNER)
            .header("cookie", format!("{cookies}; entente_code={pending}"))
            .form(&[("csrf", csrf.as_str()), ("code", code.as_str())])
            .send()
            .await
            .expect("POST");
        assert_eq!(accepted.status(), 303, "{backend:?}");
        server.stop().await;
    }
}
