//! Issue 19's review mends, each pinned by the behaviour it fixed: code sign-in after a
//! takeover stops where the account has its own second factor, and its wrong codes
//! reach the inviting tenant's sign-in log; a deleted SAML application answers no
//! single logout; a restored user's new principal name is stored in canonical form; a
//! bulk upload of a caller who may not invite is refused before its body is read.

use std::time::Duration;

use base64::Engine;
use entente_model::{CreationType, ExternalUserState, Tenant, TenantId, User, UserType};
use entente_testkit::entente_storage::{NewUser, TotpEnrolmentRecord};
use entente_testkit::smtp::SmtpServer;
use entente_testkit::{Backend, TestServer, backends, hidden_field, now};
use reqwest::Method;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::{Browser, emailed_code, submit_code};

const BOB: &str = "bob@northwind.example";
const NORTHWIND_DOMAIN: &str = "northwind.example";

/// After Northwind took northwind.example over, Bob (who signed up by email code and
/// has no password) signs in by code at Contoso, where he is a guest. A wrong code is
/// in Contoso's sign-in log as his guest's; once he has enrolled an authenticator
/// app, a code alone (even the right one, sent before) no longer signs him in.
#[tokio::test]
async fn code_sign_in_after_a_takeover_logs_wrong_codes_and_stops_at_a_second_factor() {
    for backend in backends() {
        code_sign_in_after_a_takeover(backend).await;
    }
}

async fn code_sign_in_after_a_takeover(backend: Backend) {
    let smtp = SmtpServer::start().await;
    let smtp_url = smtp.url();
    let server = TestServer::start_configured(backend, true, |config| {
        config.smtp_url = Some(smtp_url);
    })
    .await;
    let contoso = server.bootstrap().tenant_id;
    let (northwind, bob, guest) = taken_over_bob(&server, contoso).await;

    // A code is sent to Bob's address, asked at Contoso's page.
    let mut browser = Browser::new(&server);
    let code_page = ask_for_code(&mut browser, contoso, BOB).await;
    assert!(
        code_page.contains("id=\"code-sent\""),
        "{backend:?}: {code_page}"
    );
    let emails = smtp.wait_for_emails(1).await;
    assert!(emails[0].to.iter().any(|t| t == BOB), "{:?}", emails[0].to);
    let code = emailed_code(&emails[0]);

    // A wrong one is refused and written to Contoso's log as his guest's failure.
    let wrong = if code == "00000000" {
        "11111111"
    } else {
        "00000000"
    };
    let refused = submit_code(&mut browser, &code_page, wrong).await;
    assert_eq!(refused.status(), 400, "{backend:?}");
    let refused_page = refused.text().await.expect("page");
    let failures = {
        let mut conn = server.services.store.read().await.expect("read");
        conn.db()
            .list_sign_ins(contoso, Some("failure"), None, 50)
            .await
            .expect("sign-ins")
    };
    let logged = failures
        .iter()
        .find(|s| s.user_id == Some(guest.id))
        .unwrap_or_else(|| panic!("{backend:?}: no failure of the guest in {failures:?}"));
    assert_eq!(logged.reason.as_deref(), Some("wrong_code"), "{logged:?}");
    assert_eq!(logged.method.as_deref(), Some("otp"), "{logged:?}");
    assert_eq!(logged.login, BOB);
    // Read with the row: the guest's name and type, and his home organization.
    assert_eq!(logged.user_name.as_deref(), Some("Bob (Northwind)"));
    assert_eq!(logged.user_type.as_deref(), Some("Guest"));
    assert_eq!(
        logged.home_tenant_id.as_deref(),
        Some(northwind.to_string().as_str())
    );
    assert_eq!(logged.home_tenant_name.as_deref(), Some("Northwind"));

    // Bob enrols an authenticator app at Northwind: the right code is refused now,
    // and no session is opened.
    {
        let mut tx = server.services.store.write().await.expect("write");
        tx.db()
            .replace_unconfirmed_totp(&TotpEnrolmentRecord {
                tenant_id: northwind,
                user_id: bob.id,
                secret_sealed: "sealed".into(),
                created_at: now(),
                confirmed_at: None,
                last_used_step: None,
            })
            .await
            .expect("enrolment");
        assert!(
            tx.db()
                .confirm_totp(northwind, bob.id, 1, now())
                .await
                .expect("confirmed")
        );
        tx.commit().await.expect("commit");
    }
    let late = submit_code(&mut browser, &refused_page, &code).await;
    assert_eq!(
        late.status(),
        400,
        "{backend:?}: a code alone skips no factor"
    );
    assert!(!browser.cookies.contains_key("entente_session"));

    // Asked again, no code form and no email: he signs in with his factor at home.
    let mut again = Browser::new(&server);
    let answer = login_with_address(&mut again, contoso, BOB).await;
    let text = answer.text().await.expect("answer");
    assert!(!text.contains("id=\"code-sent\""), "{backend:?}: {text}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(smtp.emails().len(), 1, "no second code was sent");

    server.stop().await;
}

/// Northwind, a managed tenant holding northwind.example, with Bob as it holds him
/// after a takeover (a member made by email verification, without a password), and
/// Bob's accepted guest at Contoso: (Northwind's id, Bob, the guest).
async fn taken_over_bob(server: &TestServer, contoso: TenantId) -> (TenantId, User, User) {
    let northwind = Tenant::new(
        TenantId::new_id(),
        "Northwind".into(),
        format!("northwind-{}.entente.test", uuid::Uuid::new_v4().simple()),
        now(),
    );
    let bob = User {
        creation_type: Some(CreationType::EmailVerified),
        ..User::new_member(
            northwind.id,
            BOB.into(),
            Some(BOB.into()),
            "Bob".into(),
            now(),
        )
    };
    let guest = User {
        user_type: UserType::Guest,
        creation_type: Some(CreationType::Invitation),
        external_user_state: Some(ExternalUserState::Accepted),
        external_user_state_changed_at: Some(now()),
        sign_in_name: Some(BOB.into()),
        home_tenant_id: Some(northwind.id),
        home_user_id: Some(bob.id),
        ..User::new_member(
            contoso,
            format!(
                "bob_northwind.example#EXT#@{}",
                server.bootstrap().initial_domain
            ),
            Some(BOB.into()),
            "Bob (Northwind)".into(),
            now(),
        )
    };
    let mut tx = server.services.store.write().await.expect("write");
    let mut db = tx.db();
    db.insert_tenant(&northwind).await.expect("tenant");
    db.insert_tenant_domain(northwind.id, NORTHWIND_DOMAIN, "proof", now())
        .await
        .expect("domain");
    db.set_tenant_domain_verified(northwind.id, NORTHWIND_DOMAIN, now())
        .await
        .expect("verified");
    for user in [&bob, &guest] {
        db.insert_user(NewUser {
            user,
            password_hash: None,
        })
        .await
        .expect("user");
    }
    tx.commit().await.expect("commit");
    (northwind.id, bob, guest)
}

/// Types `login` alone on `tenant`'s sign-in page; the answer.
async fn login_with_address(
    browser: &mut Browser<'_>,
    tenant: TenantId,
    login: &str,
) -> reqwest::Response {
    let return_to = format!("/{tenant}/account");
    let page = browser
        .get(&format!("/{tenant}/login?return_to={return_to}"))
        .await;
    let html = page.text().await.expect("login page");
    let csrf = hidden_field(&html, "csrf").expect("csrf");
    browser
        .post(
            &format!("/{tenant}/login"),
            &[
                ("login", login),
                ("password", ""),
                ("csrf", &csrf),
                ("return_to", &return_to),
            ],
        )
        .await
}

async fn ask_for_code(browser: &mut Browser<'_>, tenant: TenantId, login: &str) -> String {
    let answer = login_with_address(browser, tenant, login).await;
    assert_eq!(answer.status(), 200);
    answer.text().await.expect("code page")
}

/// A SAML application answers its service provider's LogoutRequest; once deleted (it
/// waits in deleted items, its settings kept), the same request gets the error page,
/// not a LogoutResponse.
#[tokio::test]
async fn a_deleted_saml_application_answers_no_logout() {
    const ENTITY_ID: &str = "urn:mends:expenses";
    const SLO: &str = "https://sp.mends.example/slo";
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let contoso = server.bootstrap().tenant_id;
        let token = server.api_token().await;
        let (status, app) = server
            .call(
                Method::POST,
                "/v1.0/applications",
                Some(&token),
                Some(json!({
                    "displayName": "Expenses (SAML)",
                    "web": { "redirectUris": ["https://sp.mends.example/acs"] },
                })),
            )
            .await;
        assert_eq!(status, 201, "{app}");
        let id = app["id"].as_str().expect("id").to_owned();
        let (status, settings) = server
            .call(
                Method::PUT,
                &format!("/v1.0/applications/{id}/samlSettings"),
                Some(&token),
                Some(json!({ "entityId": ENTITY_ID, "logoutUrl": SLO })),
            )
            .await;
        assert_eq!(status, 200, "{settings}");

        let logout = |request_id: &'static str| {
            let xml = format!(
                "<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" \
                 xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"{request_id}\" \
                 Version=\"2.0\" IssueInstant=\"{}\"><saml:Issuer>{ENTITY_ID}</saml:Issuer>\
                 <saml:NameID>admin@contoso.com</saml:NameID></samlp:LogoutRequest>",
                time::OffsetDateTime::now_utc()
                    .format(&time::format_description::well_known::Rfc3339)
                    .expect("instant")
            );
            let encoded = base64::engine::general_purpose::STANDARD.encode(xml);
            let request = server
                .http
                .post(server.url(&format!("/{contoso}/saml2/logout")))
                .form(&[
                    ("SAMLRequest", encoded.as_str()),
                    ("RelayState", "r"),
                    ("bounced", "1"),
                ]);
            async move {
                let response = request.send().await.expect("logout");
                let status = response.status();
                (status, response.text().await.expect("page"))
            }
        };

        let (status, page) = logout("_before").await;
        assert_eq!(status, 200, "{backend:?}: {page}");
        assert!(
            hidden_field(&page, "SAMLResponse").is_some(),
            "a LogoutResponse while the application lives: {page}"
        );
        assert!(page.contains(SLO), "{page}");

        let (status, _) = server
            .call(
                Method::DELETE,
                &format!("/v1.0/applications/{id}"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, 204);
        let (status, deleted) = server
            .call(
                Method::GET,
                &format!("/v1.0/directory/deletedItems/{id}"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, 200, "in deleted items: {deleted}");

        let (status, page) = logout("_after").await;
        assert_eq!(status, 400, "{backend:?}: {page}");
        assert!(
            hidden_field(&page, "SAMLResponse").is_none(),
            "no LogoutResponse for a deleted application: {page}"
        );
        assert!(!page.contains(SLO), "{page}");
        server.stop().await;
    }
}

/// A deleted user restored under a new principal name typed in capitals, with its
/// domain in punycode and its local part decomposed (NFD), is stored in the canonical
/// form, and signs in with the address typed either way.
#[tokio::test]
async fn a_restored_users_new_principal_name_is_stored_canonical() {
    const DOMAIN: &str = "bücher.example";
    const CANONICAL: &str = "anna.müller@bücher.example";
    const PUNYCODE: &str = "anna.müller@xn--bcher-kva.example";
    const PASSWORD: &str = "anna's long enough password";
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let contoso = server.bootstrap().tenant_id;
        let token = server.api_token().await;
        {
            let mut tx = server.services.store.write().await.expect("write");
            tx.db()
                .insert_tenant_domain(contoso, DOMAIN, "proof", now())
                .await
                .expect("domain");
            tx.db()
                .set_tenant_domain_verified(contoso, DOMAIN, now())
                .await
                .expect("verified");
            tx.commit().await.expect("commit");
        }
        let (status, created) = server
            .call(
                Method::POST,
                "/v1.0/users",
                Some(&token),
                Some(json!({
                    "displayName": "Anna Müller",
                    "userPrincipalName": format!("anna@{}", server.bootstrap().initial_domain),
                    "passwordProfile": { "password": PASSWORD },
                })),
            )
            .await;
        assert_eq!(status, 201, "{created}");
        let id = created["id"].as_str().expect("id").to_owned();
        let (status, _) = server
            .call(
                Method::DELETE,
                &format!("/v1.0/users/{id}"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, 204);

        // Upper case, the domain in its ASCII form, the "ü" as "u" and a combining mark.
        let typed = "ANNA.MU\u{308}LLER@XN--BCHER-KVA.EXAMPLE";
        let (status, restored) = server
            .call(
                Method::POST,
                &format!("/v1.0/directory/deletedItems/{id}/restore"),
                Some(&token),
                Some(json!({ "newUserPrincipalName": typed })),
            )
            .await;
        assert_eq!(status, 200, "{backend:?}: {restored}");
        // The local part keeps its case (it is compared without it); the rest is
        // canonical.
        let stored = "ANNA.MÜLLER@bücher.example";
        assert_eq!(restored["userPrincipalName"], stored, "{restored}");
        let (status, read) = server
            .call(
                Method::GET,
                &format!("/v1.0/users/{id}"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, 200, "{read}");
        assert_eq!(read["userPrincipalName"], stored, "{backend:?}: {read}");

        for login in [CANONICAL, PUNYCODE, typed] {
            let login_url = server.url(&format!("/{contoso}/login"));
            let signed_in = server.browser_sign_in(&login_url, login, PASSWORD).await;
            assert!(
                signed_in.is_ok(),
                "{backend:?}: {login} signs in: {signed_in:?}"
            );
        }
        server.stop().await;
    }
}

/// A caller that may not invite guests posts a large CSV upload: the 403 comes while
/// most of the declared body is still unsent, so nothing of it was read or buffered
/// for the upload (which would wait for all of it first). A guest inviter's upload
/// still works.
#[tokio::test]
async fn a_bulk_upload_without_the_invite_permission_is_refused_before_its_body() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let contoso = server.bootstrap().tenant_id;
        let reader = server.sign(&server.api_claims(
            contoso,
            uuid::Uuid::new_v4(),
            "app",
            &["User.Read.All"],
            now(),
        ));
        let address = server
            .node_url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        let mut stream = tokio::net::TcpStream::connect(&address)
            .await
            .expect("connect");
        // 80 MB declared, within the upload limit; 64 KiB sent.
        let head = format!(
            "POST /v1.0/invitations/bulk HTTP/1.1\r\nHost: {address}\r\n\
             Authorization: Bearer {reader}\r\nContent-Type: text/csv\r\n\
             Content-Length: 80000000\r\n\r\n"
        );
        stream.write_all(head.as_bytes()).await.expect("head");
        let mut sent = b"email,name\r\n".to_vec();
        sent.resize(64 * 1024, b'a');
        stream.write_all(&sent).await.expect("start of the body");
        let mut answer = Vec::new();
        let mut buffer = [0u8; 4096];
        let read = tokio::time::timeout(Duration::from_secs(10), async {
            loop {
                match stream.read(&mut buffer).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        answer.extend_from_slice(&buffer[..n]);
                        if answer.windows(4).any(|w| w == b"\r\n\r\n")
                            && String::from_utf8_lossy(&answer).contains("\"error\"")
                        {
                            break;
                        }
                    }
                }
            }
        })
        .await;
        assert!(
            read.is_ok(),
            "{backend:?}: no answer while the body was unsent (it was being read): {}",
            String::from_utf8_lossy(&answer)
        );
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 403"), "{backend:?}: {answer}");
        assert!(answer.contains("\"code\""), "Graph's error shape: {answer}");

        // The same route takes a guest inviter's file.
        let admin = server.api_token().await;
        let response = server
            .http
            .post(server.url("/v1.0/invitations/bulk"))
            .bearer_auth(&admin)
            .header("content-type", "text/csv")
            .body("Email,DisplayName\r\nann@fabrikam.example,Ann\r\n")
            .send()
            .await
            .expect("upload");
        let status = response.status();
        let body: serde_json::Value = response.json().await.expect("JSON");
        assert_eq!(status, 201, "{backend:?}: {body}");
        assert_eq!(body["validRows"], 1, "{body}");
        server.stop().await;
    }
}

/// Graph clients percent-encode `$`: `/users/%24count` is `/users/$count`, and so are
/// the other `$count` segments.
#[tokio::test]
async fn a_percent_encoded_count_segment_is_the_count() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let token = server.api_token().await;
        let count = |path: &str| {
            let request = server
                .http
                .get(server.url(path))
                .bearer_auth(&token)
                .header("ConsistencyLevel", "eventual");
            async move {
                let response = request.send().await.expect("count");
                let status = response.status();
                (status, response.text().await.expect("body"))
            }
        };
        let (status, plain) = count("/v1.0/users/$count").await;
        assert_eq!(status, 200, "{plain}");
        assert!(plain.parse::<u64>().is_ok_and(|n| n >= 1), "{plain}");
        for path in [
            "/v1.0/users/%24count",
            "/v1.0/users/%24count?$filter=accountEnabled%20eq%20true",
        ] {
            let (status, encoded) = count(path).await;
            assert_eq!(status, 200, "{backend:?} {path}: {encoded}");
            assert_eq!(encoded, plain, "{path}");
        }
        let (status, groups) = count("/v1.0/groups/%24count").await;
        assert_eq!(status, 200, "{groups}");
        assert_eq!(groups, count("/v1.0/groups/$count").await.1);
        // Other paths are untouched: an unknown id is still not found.
        let (status, _) = count("/v1.0/users/%24nothing").await;
        assert_eq!(status, 404);
        server.stop().await;
    }
}

/// The portal's invitations list names each invitation's language, in the reader's
/// language.
#[tokio::test]
async fn the_invitations_list_names_each_invitations_language() {
    let server = TestServer::start_on(Backend::Sqlite).await;
    let contoso = server.bootstrap().tenant_id;
    let token = server.api_token().await;
    for (email, language) in [
        ("kurt@fabrikam.example", "de"),
        ("ana@fabrikam.example", "pt-BR"),
    ] {
        let (status, invited) = server
            .call(
                Method::POST,
                "/v1.0/invitations",
                Some(&token),
                Some(json!({
                    "invitedUserEmailAddress": email,
                    "inviteRedirectUrl": "https://myapps.example",
                    "invitedUserMessageInfo": { "messageLanguage": language },
                })),
            )
            .await;
        assert_eq!(status, 201, "{invited}");
    }
    let (cookies, _) = server
        .browser_sign_in(
            &server.url(&format!("/{contoso}/login")),
            entente_testkit::ADMIN_EMAIL,
            entente_testkit::ADMIN_PASSWORD,
        )
        .await
        .expect("the admin signs in");
    let page = |accept: &'static str| {
        let request = server
            .http
            .get(server.url(&format!("/{contoso}/admin/invitations")))
            .header("cookie", &cookies)
            .header("accept-language", accept);
        async move {
            request
                .send()
                .await
                .expect("page")
                .text()
                .await
                .expect("html")
        }
    };
    let english = page("en").await;
    assert!(
        english.contains("<th scope=\"col\">Language</th>"),
        "{english}"
    );
    let row_of = |html: &str, email: &str| -> String {
        let at = html.find(&format!("<td>{email}</td>")).expect("the row");
        let end = html[at..].find("</tr>").expect("its end") + at;
        html[at..end].to_owned()
    };
    assert!(
        row_of(&english, "kurt@fabrikam.example").contains("<td class=\"language\">German</td>"),
        "{english}"
    );
    assert!(
        row_of(&english, "ana@fabrikam.example")
            .contains("<td class=\"language\">Portuguese (Brazil)</td>"),
        "{english}"
    );
    let french = page("fr").await;
    assert!(french.contains("<th scope=\"col\">Langue</th>"), "{french}");
    assert!(
        row_of(&french, "kurt@fabrikam.example").contains("<td class=\"language\">Allemand</td>"),
        "{french}"
    );
    server.stop().await;
}

/// A bulk file's audit entries keep the names of their actor (the calling application)
/// and their target (each guest) on both backends: the bulk path binds the guest's
/// name it knows instead of reading both names per row (BENCHMARKS.md, bulk
/// invitation re-measured 2026-12-06).
#[tokio::test]
async fn a_bulk_files_audit_entries_name_the_application_and_each_guest() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let token = server.api_token().await;
        let csv = "Email,DisplayName\nada@fabrikam.example,Ada Lovelace\nalan@fabrikam.example,Alan Turing\n";
        let part = reqwest::multipart::Part::bytes(csv.as_bytes().to_vec())
            .file_name("invitations.csv")
            .mime_str("text/csv")
            .expect("mime");
        let response = server
            .http
            .post(server.url("/v1.0/invitations/bulk"))
            .bearer_auth(&token)
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
            .await
            .expect("upload");
        assert_eq!(response.status(), 201, "{backend:?}");
        let preview: serde_json::Value = response.json().await.expect("JSON");
        let batch = preview["id"].as_str().expect("a batch id").to_owned();
        let (status, done) = server
            .call(
                Method::POST,
                &format!("/v1.0/invitations/bulk/{batch}/confirm"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, 200, "{backend:?}: {done}");
        let (status, log) = server
            .call(
                Method::GET,
                "/v1.0/auditLogs/directoryAudits?$top=20",
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, 200, "{log}");
        let (_, apps) = server
            .call(Method::GET, "/v1.0/applications", Some(&token), None)
            .await;
        let app_name = apps["value"][0]["displayName"]
            .as_str()
            .expect("the application's name");
        let mut named = Vec::new();
        for entry in log["value"].as_array().expect("entries") {
            let action = entry["activityDisplayName"].as_str().unwrap_or("");
            if action != "Invite external user" && action != "Add user" {
                continue;
            }
            assert_eq!(
                entry["initiatedBy"]["app"]["displayName"], app_name,
                "{entry}"
            );
            named.push((
                action.to_owned(),
                entry["targetResources"][0]["displayName"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned(),
            ));
        }
        named.sort();
        assert_eq!(
            named,
            [
                ("Add user".to_owned(), "Ada Lovelace".to_owned()),
                ("Add user".to_owned(), "Alan Turing".to_owned()),
                ("Invite external user".to_owned(), "Ada Lovelace".to_owned()),
                ("Invite external user".to_owned(), "Alan Turing".to_owned()),
            ],
            "{backend:?}: {log}"
        );
    }
}
