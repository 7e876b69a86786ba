//! Issue 19, item 8: internationalized addresses, end to end (docs/decisions/0011).
//!
//! `zoë.müller@bücher.example` is invited through the API and a CSV file, her email
//! arrives at a real SMTP server that speaks SMTPUTF8 (the domain in its `xn--` form
//! on the wire), she redeems by a one-time code and signs in again typing her domain
//! in punycode, then in capitals: one guest every time. A tenant that proves
//! `bücher.example` by a TXT record (at the `xn--` name, as DNS holds it) owns the
//! addresses typed either way. A mail server without SMTPUTF8 still gets ASCII-local
//! addresses, and refuses the others for good with a message that says why. Storage
//! look-ups run on both backends. In Chromium, the admin types the address in the
//! portal and Zoë types hers on the sign-in page in both forms (`scenarios/idn.mjs`).

use entente_model::{Tenant, TenantId};
use entente_testkit::smtp::{ReceivedEmail, SmtpServer};
use entente_testkit::{
    ADMIN_EMAIL, ADMIN_PASSWORD, Backend, TestServer, backends, hidden_field, now,
};
use reqwest::Method;
use serde_json::{Value, json};

use crate::browser::scenario;
use crate::support::{
    Browser, emailed_code, form_action_before, location, payload, redeem_link, submit_code,
    tokens_for,
};
use crate::unmanaged::Dns;

const ZOE: &str = "zoë.müller@bücher.example";
const ZOE_PUNYCODE: &str = "zoë.müller@xn--bcher-kva.example";
const DOMAIN: &str = "bücher.example";
const DOMAIN_ASCII: &str = "xn--bcher-kva.example";
const REDIRECT: &str = "https://portal.contoso.example/welcome";

#[tokio::test]
async fn an_internationalized_address_is_one_guest_whichever_form_is_typed() {
    for backend in backends() {
        one_guest_in_every_form(backend).await;
    }
}

async fn one_guest_in_every_form(backend: Backend) {
    let mut dns = Dns::start(DOMAIN_ASCII).await;
    let smtp = SmtpServer::start_smtputf8().await;
    let smtp_url = smtp.url();
    let dns_addr = dns.addr;
    let server = TestServer::start_configured(backend, true, |config| {
        config.smtp_url = Some(smtp_url);
        config.dns_server = Some(dns_addr);
    })
    .await;
    let contoso = server.bootstrap().tenant_id;
    let admin = server.api_token().await;
    let portal = server
        .register_app(
            "Contoso Portal",
            "https://portal.contoso.example/signin",
            false,
        )
        .await;

    // Invited through the API in Unicode: kept so, the guest named from it.
    let (status, invited) = server
        .call(
            Method::POST,
            "/v1.0/invitations",
            Some(&admin),
            Some(json!({
                "invitedUserEmailAddress": ZOE,
                "inviteRedirectUrl": REDIRECT,
                "sendInvitationMessage": true,
            })),
        )
        .await;
    assert_eq!(status, 201, "{backend:?}: {invited}");
    assert_eq!(invited["invitedUserEmailAddress"], ZOE);
    let guest = invited["invitedUser"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let (status, user) = server
        .call(
            Method::GET,
            &format!("/v1.0/users/{guest}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(status, 200, "{user}");
    assert_eq!(user["mail"], ZOE);
    assert!(
        user["userPrincipalName"]
            .as_str()
            .is_some_and(|upn| upn.starts_with("zoë.müller_bücher.example#EXT#@")),
        "{user}"
    );

    // The email arrives: the envelope and the header carry the domain in ASCII form.
    let invitation = smtp.wait_for_emails(1).await.remove(0);
    assert_eq!(invitation.envelope_to, [ZOE_PUNYCODE], "{backend:?}");
    // Written raw (RFC 6532), which mail-parser does not read as an address.
    let raw = String::from_utf8_lossy(&invitation.raw);
    assert!(
        raw.lines()
            .any(|line| line == format!("To: {ZOE_PUNYCODE}")),
        "{raw}"
    );

    // A CSV file with her address in punycode and capitals invites the same guest;
    // Bob's address is new, and kept in Unicode.
    let csv = "Email,DisplayName\n\
               ZOË.MÜLLER@xn--bcher-kva.example,Zoë\n\
               bob@XN--BCHER-KVA.example,Bob\n";
    let (status, preview) = upload(&server, &admin, csv).await;
    assert_eq!(status, 201, "{backend:?}: {preview}");
    assert_eq!(preview["validRows"], 2, "{preview}");
    let batch = preview["id"].as_str().expect("a batch id").to_owned();
    let (status, done) = server
        .call(
            Method::POST,
            &format!("/v1.0/invitations/bulk/{batch}/confirm"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(status, 200, "{backend:?}: {done}");
    let rows = done["rows"].as_array().expect("rows");
    // The result file repeats the cells as written; the directory keeps one form.
    assert_eq!(
        rows[0]["invitedUserId"],
        guest.as_str(),
        "one guest: {done}"
    );
    let bob = rows[1]["invitedUserId"].as_str().expect("Bob's guest");
    assert_ne!(bob, guest);
    let (_, bob_user) = server
        .call(
            Method::GET,
            &format!("/v1.0/users/{bob}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(bob_user["mail"], "bob@bücher.example", "{bob_user}");
    let again = rows[0]["invitationId"].as_str().expect("an invitation");
    let (_, invitation_again) = server
        .call(
            Method::GET,
            &format!("/v1.0/invitations/{again}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(
        invitation_again["invitedUserEmailAddress"], "ZOË.MÜLLER@bücher.example",
        "{invitation_again}"
    );
    let emails = smtp.wait_for_emails(3).await;
    let mut envelopes: Vec<String> = emails.iter().flat_map(|e| e.envelope_to.clone()).collect();
    envelopes.sort();
    assert_eq!(
        envelopes,
        [
            "ZOË.MÜLLER@xn--bcher-kva.example",
            "bob@xn--bcher-kva.example",
            ZOE_PUNYCODE
        ]
    );

    // She redeems the newest invitation (the file's, which replaced the first) by a
    // one-time code.
    let newest = emails
        .iter()
        .find(|e| e.envelope_to == ["ZOË.MÜLLER@xn--bcher-kva.example"])
        .expect("the file's invitation to her");
    redeem_with_code(&server, &smtp, newest).await;

    // Later she signs in at Contoso typing her domain in punycode, then in capitals:
    // the same guest both times.
    for (typed, emails_before) in [(ZOE_PUNYCODE, 4), ("zoë.müller@BÜCHER.Example", 5)] {
        let mut browser = Browser::new(&server);
        let return_to = format!("/{contoso}/account");
        let code_page = ask_for_code(&mut browser, contoso, typed, &return_to).await;
        assert!(
            code_page.contains("id=\"code-sent\""),
            "{typed}: {code_page}"
        );
        // The page names the address in its one form, whatever was typed.
        assert!(code_page.contains(ZOE), "{typed}: {code_page}");
        let email = last_email(&smtp, emails_before + 1).await;
        assert_eq!(email.envelope_to, [ZOE_PUNYCODE], "{typed}");
        let signed_in = submit_code(&mut browser, &code_page, &emailed_code(&email)).await;
        assert_eq!(signed_in.status(), 303, "{typed}");
        assert_eq!(location(&signed_in), return_to);
        let tokens = tokens_for(&mut browser, &portal, contoso).await;
        let claims = payload(tokens["id_token"].as_str().expect("an ID token"));
        assert_eq!(claims["oid"], guest.as_str(), "{backend:?} {typed}");
        assert_eq!(claims["email"], ZOE, "{typed}");
    }

    // Bücher, a managed tenant, claims its domain in punycode; it is kept in Unicode
    // and proven by the TXT record at the name DNS holds.
    let buecher = Tenant::new(
        TenantId::new_id(),
        "Bücher".into(),
        format!("buecher-{}.entente.test", now()),
        now(),
    );
    {
        let mut tx = server.services.store.write().await.expect("write");
        tx.db().insert_tenant(&buecher).await.expect("tenant");
        tx.commit().await.expect("commit");
    }
    let buecher_admin = server.sign(&server.api_claims(
        buecher.id,
        uuid::Uuid::new_v4(),
        "app",
        &["Directory.ReadWrite.All", "User.ReadWrite.All"],
        now(),
    ));
    let (status, claimed) = server
        .call(
            Method::POST,
            "/v1.0/domains",
            Some(&buecher_admin),
            Some(json!({ "id": "XN--BCHER-KVA.example" })),
        )
        .await;
    assert_eq!(status, 201, "{backend:?}: {claimed}");
    assert_eq!(claimed["id"], DOMAIN);
    let (status, records) = server
        .call(
            Method::GET,
            &format!("/v1.0/domains/{DOMAIN_ASCII}/verificationDnsRecords"),
            Some(&buecher_admin),
            None,
        )
        .await;
    assert_eq!(status, 200, "{records}");
    let proof = records["value"][0]["text"].as_str().expect("a code");
    dns.publish_txt(DOMAIN_ASCII, proof).await;
    let (status, verified) = server
        .call(
            Method::POST,
            &format!("/v1.0/domains/{DOMAIN}/verify"),
            Some(&buecher_admin),
            None,
        )
        .await;
    assert_eq!(status, 200, "{backend:?}: {verified}");
    assert_eq!(verified["isVerified"], true);

    // Its member's name typed in punycode is in its domain, and kept in Unicode.
    let (status, anna) = server
        .call(
            Method::POST,
            "/v1.0/users",
            Some(&buecher_admin),
            Some(json!({
                "displayName": "Anna",
                "userPrincipalName": "anna@XN--BCHER-KVA.example",
                "accountEnabled": true,
                "passwordProfile": { "password": "Anna's long password" },
            })),
        )
        .await;
    assert_eq!(status, 201, "{backend:?}: {anna}");
    assert_eq!(anna["userPrincipalName"], "anna@bücher.example");
    let (status, found) = server
        .call(
            Method::GET,
            "/v1.0/users/ANNA@xn--bcher-kva.example",
            Some(&buecher_admin),
            None,
        )
        .await;
    assert_eq!(status, 200, "found by its name in either form: {found}");
    assert_eq!(found["id"], anna["id"]);

    // Home realm discovery finds Bücher for either form: at the front door...
    for typed in ["anna@xn--bcher-kva.example", "anna@bücher.example"] {
        let found = server
            .http
            .post(server.url("/admin"))
            .form(&[("address", typed)])
            .send()
            .await
            .expect("front door");
        assert_eq!(found.status(), 303, "{typed}");
        let to = found.headers()["location"].to_str().expect("location");
        assert!(to.contains(&buecher.id.to_string()), "{typed}: {to}");
    }
    // ...and at Contoso's sign-in page, where Anna signs in with her home password.
    let mut anna_browser = Browser::new(&server);
    let login = anna_browser.get(&format!("/{contoso}/login")).await;
    let html = login.text().await.expect("login page");
    let csrf = hidden_field(&html, "csrf").expect("csrf");
    let signed_in = anna_browser
        .post(
            &format!("/{contoso}/login"),
            &[
                ("login", "Anna@XN--BCHER-KVA.EXAMPLE"),
                ("password", "Anna's long password"),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(signed_in.status(), 303, "{backend:?}");
    assert!(anna_browser.cookies.contains_key("entente_session"));

    server.stop().await;
    dns.stop().await;
}

#[tokio::test]
async fn a_mail_server_without_smtputf8_gets_ascii_domains_and_a_clear_refusal() {
    let smtp = SmtpServer::start().await;
    let smtp_url = smtp.url();
    let server = TestServer::start_configured(Backend::Sqlite, true, |config| {
        config.smtp_url = Some(smtp_url);
    })
    .await;
    let admin = server.api_token().await;
    let invite = |address: &'static str| {
        let server = &server;
        let admin = &admin;
        async move {
            let (status, body) = server
                .call(
                    Method::POST,
                    "/v1.0/invitations",
                    Some(admin),
                    Some(json!({
                        "invitedUserEmailAddress": address,
                        "inviteRedirectUrl": REDIRECT,
                        "sendInvitationMessage": true,
                    })),
                )
                .await;
            assert_eq!(status, 201, "{body}");
            body["id"].as_str().expect("id").to_owned()
        }
    };
    // An ASCII local part needs nothing but the domain in ASCII form.
    invite("bob@bücher.example").await;
    let emails = smtp.wait_for_emails(1).await;
    assert_eq!(emails[0].envelope_to, ["bob@xn--bcher-kva.example"]);

    // Zoë's cannot travel without SMTPUTF8: refused for good, saying why.
    let zoe = invite(ZOE).await;
    let mut status = Value::Null;
    for _ in 0..200 {
        let (_, body) = server
            .call(
                Method::GET,
                &format!("/v1.0/invitations/{zoe}"),
                Some(&admin),
                None,
            )
            .await;
        status = body["emailStatus"].clone();
        if status["status"] == "failed" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(status["status"], "failed", "{status}");
    assert_eq!(status["attempts"], 1, "not retried: {status}");
    let error = status["lastError"].as_str().unwrap_or_default();
    assert!(error.contains("SMTPUTF8"), "{error}");
    assert!(error.contains(ZOE), "{error}");
    assert_eq!(smtp.emails().len(), 1, "nothing more was delivered");
    server.stop().await;
}

#[tokio::test]
async fn chromium_takes_internationalized_addresses_as_typed() {
    let smtp = SmtpServer::start_smtputf8().await;
    let smtp_url = smtp.url();
    let server = TestServer::start_configured(Backend::Sqlite, true, |config| {
        config.smtp_url = Some(smtp_url);
    })
    .await;
    let contoso = server.bootstrap().tenant_id;
    let in_capitals = "ZOË.MÜLLER@BÜCHER.EXAMPLE";
    let seen = scenario(
        "idn-addresses",
        json!({
            "base": server.base_url, "tenant": contoso,
            "maildir": smtp.dir().display().to_string(),
            "login": ADMIN_EMAIL, "password": ADMIN_PASSWORD,
            "typedInPortal": ZOE,
            "typedAtSignIn": [ZOE_PUNYCODE, in_capitals],
        }),
    )
    .await;
    let text = |pointer: &str| {
        seen.pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("{pointer} in {seen}"))
            .to_owned()
    };
    // Text fields that a phone opens with its email keyboard.
    assert_eq!(text("/loginInputType"), "text");
    assert_eq!(text("/loginInputMode"), "email");
    // The portal's field keeps what was typed, and calls it valid.
    assert_eq!(text("/portalFieldValue"), ZOE);
    assert_eq!(seen["portalFieldValid"], true, "{seen}");
    assert!(text("/invitedNotice").contains(ZOE), "{seen}");
    assert!(text("/redeemInvited").contains(ZOE), "{seen}");
    assert!(text("/redeemCodeSent").contains(ZOE), "{seen}");
    assert!(
        text("/redeemedUrl").ends_with(&format!("/{contoso}/myapps")),
        "{seen}"
    );
    // Both later sign-ins: the field as typed, the code page naming the one form, and
    // the guest at My Apps.
    for (index, typed) in [ZOE_PUNYCODE, in_capitals].iter().enumerate() {
        let at = |key: &str| text(&format!("/signIns/{index}/{key}"));
        assert_eq!(at("typed"), *typed);
        assert_eq!(at("fieldValue"), *typed, "not rewritten by the browser");
        assert_eq!(seen["signIns"][index]["fieldValid"], true, "{seen}");
        assert!(at("codeSent").contains(ZOE), "{typed}: {seen}");
        assert!(at("url").ends_with(&format!("/{contoso}/myapps")), "{seen}");
        assert!(at("myApps").contains("Zoë Müller"), "{typed}: {seen}");
    }
    // One guest holds the address, and it accepted.
    let admin = server.api_token().await;
    let (status, guests) = server
        .call(
            Method::GET,
            "/v1.0/users?$filter=userType eq 'Guest'",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(status, 200, "{guests}");
    let guests = guests["value"].as_array().expect("guests");
    assert_eq!(guests.len(), 1, "{guests:?}");
    assert_eq!(guests[0]["mail"], ZOE);
    assert_eq!(guests[0]["externalUserState"], "Accepted");
    server.stop().await;
}

#[tokio::test]
async fn names_stored_in_ascii_form_are_rewritten_once_at_start() {
    for backend in backends() {
        rewritten_at_start(backend).await;
    }
}

/// A tenant that proved its domain when only the `xn--` form was accepted, with a
/// member and an invitation at it, as a database from before this change holds them.
async fn rewritten_at_start(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let legacy = Tenant::new(
        TenantId::new_id(),
        "Bücher".into(),
        format!("legacy-{}.entente.test", now()),
        now(),
    );
    let member = entente_model::User::new_member(
        legacy.id,
        "Anna@XN--BCHER-KVA.example".into(),
        Some("anna@xn--bcher-kva.example".into()),
        "Anna".into(),
        now(),
    );
    {
        let mut tx = server.services.store.write().await.expect("write");
        let mut db = tx.db();
        db.insert_tenant(&legacy).await.expect("tenant");
        db.insert_tenant_domain(legacy.id, DOMAIN_ASCII, "code", now())
            .await
            .expect("domain");
        db.set_tenant_domain_verified(legacy.id, DOMAIN_ASCII, now())
            .await
            .expect("verified");
        db.insert_user(entente_storage::NewUser {
            user: &member,
            password_hash: None,
        })
        .await
        .expect("member");
        db.request_idn_rewrite().await.expect("marker");
        tx.commit().await.expect("commit");
    }
    let before = {
        let mut conn = server.services.store.read().await.expect("read");
        conn.db().tenant_by_domain(DOMAIN).await.expect("look-up")
    };
    assert!(before.is_none(), "the old form is not found in Unicode");

    // The next node to start rewrites them, once.
    let second = server.start_second_node().await;
    let mut conn = server.services.store.read().await.expect("read");
    let mut db = conn.db();
    let found = db.tenant_by_domain(DOMAIN).await.expect("look-up");
    assert_eq!(found.map(|t| t.id), Some(legacy.id), "{backend:?}");
    let anna = db
        .user_by_principal_name(legacy.id, "anna@bücher.example")
        .await
        .expect("look-up")
        .expect("the member, by its name in canonical form");
    assert_eq!(anna.id, member.id);
    assert_eq!(anna.user_principal_name, "Anna@bücher.example");
    assert_eq!(anna.mail.as_deref(), Some("anna@bücher.example"));
    assert!(!db.idn_rewrite_pending().await.expect("marker"));
    drop(conn);
    second.stop().await;
    server.stop().await;
}

/// Uploads a CSV file as the admin; answers the status and JSON body.
async fn upload(server: &TestServer, admin: &str, csv: &str) -> (reqwest::StatusCode, Value) {
    let part = reqwest::multipart::Part::bytes(csv.as_bytes().to_vec())
        .file_name("invitations.csv")
        .mime_str("text/csv")
        .expect("mime");
    let response = server
        .http
        .post(server.url("/v1.0/invitations/bulk"))
        .bearer_auth(admin)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .expect("upload");
    let status = response.status();
    (status, response.json().await.expect("JSON"))
}

/// Redeems an invitation email by a code sent to the invited address.
async fn redeem_with_code(server: &TestServer, smtp: &SmtpServer, invitation: &ReceivedEmail) {
    let mut browser = Browser::new(server);
    let page = browser
        .get(&redeem_link(invitation))
        .await
        .text()
        .await
        .expect("page");
    assert!(
        page.contains("ZOË.MÜLLER@bücher.example"),
        "the page names her address as invited, in one form: {page}"
    );
    let action = form_action_before(&page, "send-code");
    let csrf = hidden_field(&page, "csrf").expect("csrf");
    let sent = browser.post(&action, &[("csrf", &csrf)]).await;
    assert_eq!(sent.status(), 200);
    let code_page = sent.text().await.expect("page");
    let email = last_email(smtp, 4).await;
    assert_eq!(email.envelope_to, ["ZOË.MÜLLER@xn--bcher-kva.example"]);
    let action = form_action_before(&code_page, "verify");
    let csrf = hidden_field(&code_page, "csrf").expect("csrf");
    let verified = browser
        .post(&action, &[("csrf", &csrf), ("code", &emailed_code(&email))])
        .await;
    assert_eq!(
        verified.status(),
        303,
        "{}",
        verified.text().await.unwrap_or_default()
    );
}

/// The newest of the first `count` emails the SMTP server received.
async fn last_email(smtp: &SmtpServer, count: usize) -> ReceivedEmail {
    smtp.wait_for_emails(count)
        .await
        .get(count - 1)
        .cloned()
        .expect("an email")
}

/// Types `login` alone on `tenant`'s sign-in page; returns the page that answers.
async fn ask_for_code(
    browser: &mut Browser<'_>,
    tenant: TenantId,
    login: &str,
    return_to: &str,
) -> String {
    let page = browser
        .get(&format!("/{tenant}/login?return_to={return_to}"))
        .await;
    let html = page.text().await.expect("login page");
    let csrf = hidden_field(&html, "csrf").expect("csrf");
    let answer = browser
        .post(
            &format!("/{tenant}/login"),
            &[
                ("login", login),
                ("password", ""),
                ("csrf", &csrf),
                ("return_to", return_to),
            ],
        )
        .await;
    assert_eq!(answer.status(), 200, "{login}");
    answer.text().await.expect("code page")
}
