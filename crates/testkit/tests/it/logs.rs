//! Readable logs (issue 19, item 9). The audit log keeps the names its actor and
//! target had when an entry was written, and says what changed in words ("Display
//! name: 'Sales' → 'Sales EMEA'", "Added Dana to group Sales"), in the API
//! (`displayName`, `oldValue`) and on the portal page. A guest's sign-ins are in the
//! inviting tenant's sign-in log: redemption, a code sign-in at its page, entering
//! with a home session (My Apps), refusals while blocked and wrong codes, each with
//! the guest's name, home organization, outcome and reason; another tenant sees none
//! of them, an address nobody invited writes nothing, and a session's entry is one
//! row however many requests arrive at once.

use entente_domain::access::AuditReadAccess;
use entente_domain::directory::PageRequest;
use entente_model::TenantId;
use entente_storage::SignInRecord;
use entente_testkit::smtp::SmtpServer;
use entente_testkit::{ADMIN_EMAIL, ADMIN_PASSWORD, Backend, TestServer, backends, hidden_field};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{
    Browser, emailed_code, form_action_before, location, redeem_link, submit_code,
};

const ALICE: &str = "alice@fabrikam.example";
const BOB: &str = "bob@northwind.example";
const HOME_PASSWORD: &str = "alice's home password";

#[tokio::test]
async fn audit_entries_keep_the_names_of_their_time_and_read_as_changes() {
    for backend in backends() {
        audit_names_and_changes(backend).await;
    }
}

async fn audit_names_and_changes(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let contoso = server.bootstrap().tenant_id;
    let admin = server.api_token().await;
    let call = |method: Method, path: String, body: Option<Value>| {
        let (server, admin) = (&server, &admin);
        async move {
            let (status, answer) = server.call(method, &path, Some(admin), body).await;
            assert!(status.is_success(), "{path}: {status} {answer}");
            answer
        }
    };
    let group = call(
        Method::POST,
        "/v1.0/groups".into(),
        Some(json!({
            "displayName": "Sales", "mailEnabled": false, "securityEnabled": true,
            "mailNickname": "sales",
        })),
    )
    .await;
    let group_id = group["id"].as_str().expect("group id").to_owned();
    let dana = server
        .create_member("dana@contoso.com", "Dana", "Dana's password 1")
        .await;
    call(
        Method::POST,
        format!("/v1.0/groups/{group_id}/members/$ref"),
        Some(json!({ "@odata.id": format!("https://graph.microsoft.com/v1.0/directoryObjects/{}", dana.id) })),
    )
    .await;
    // Renamed after the membership: the membership's entry keeps the old names.
    call(
        Method::PATCH,
        format!("/v1.0/groups/{group_id}"),
        Some(json!({ "displayName": "Sales EMEA" })),
    )
    .await;
    call(
        Method::PATCH,
        format!("/v1.0/users/{}", dana.id),
        Some(json!({ "displayName": "Dana de Vries" })),
    )
    .await;
    // The actor (the API's application) is renamed too, then the group is deleted.
    let apps = call(
        Method::GET,
        format!(
            "/v1.0/applications?$filter=appId eq '{}'",
            server.bootstrap().client_id
        ),
        None,
    )
    .await;
    let actor_app = apps["value"][0].clone();
    let actor_old_name = actor_app["displayName"].as_str().expect("name").to_owned();
    call(Method::DELETE, format!("/v1.0/groups/{group_id}"), None).await;
    call(
        Method::PATCH,
        format!(
            "/v1.0/applications/{}",
            actor_app["id"].as_str().expect("id")
        ),
        Some(json!({ "displayName": "Renamed tool" })),
    )
    .await;

    // The API: Graph's directoryAudit with names and old values.
    let log = call(Method::GET, "/v1.0/auditLogs/directoryAudits".into(), None).await;
    let entries = log["value"].as_array().expect("entries");
    let find = |activity: &str| {
        entries
            .iter()
            .find(|e| e["activityDisplayName"] == activity)
            .unwrap_or_else(|| panic!("{activity} in {log}"))
            .clone()
    };
    let added = find("Add member to group");
    assert_eq!(
        added["targetResources"][0]["displayName"], "Sales",
        "{added}"
    );
    assert_eq!(
        added["initiatedBy"]["app"]["displayName"], actor_old_name,
        "{added}"
    );
    let renamed = find("Update group");
    let property = &renamed["targetResources"][0]["modifiedProperties"][0];
    assert_eq!(property["displayName"], "displayName", "{renamed}");
    assert_eq!(property["oldValue"], "\"Sales\"", "{renamed}");
    assert_eq!(property["newValue"], "\"Sales EMEA\"", "{renamed}");
    let user_renamed = find("Update user");
    assert_eq!(
        user_renamed["targetResources"][0]["displayName"], "Dana de Vries",
        "the name at the time of the entry: {user_renamed}"
    );
    let deleted = find("Delete group");
    assert_eq!(
        deleted["targetResources"][0]["displayName"], "Sales EMEA",
        "{deleted}"
    );
    let app_renamed = find("Update application");
    assert_eq!(
        app_renamed["targetResources"][0]["displayName"], "Renamed tool",
        "{app_renamed}"
    );

    // The portal page says it in words, in the reader's language.
    let login = server.url(&format!("/{contoso}/login"));
    let (cookies, _) = server
        .browser_sign_in(&login, ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .expect("admin signs in");
    let page = portal_page(&server, &format!("/{contoso}/admin/audit"), &cookies, "en").await;
    assert!(page.contains("Added Dana to group Sales"), "{page}");
    assert!(
        page.contains("Display name: 'Sales' → 'Sales EMEA'"),
        "{page}"
    );
    assert!(
        page.contains("Display name: 'Dana' → 'Dana de Vries'"),
        "{page}"
    );
    assert!(
        page.contains(&actor_old_name),
        "the actor's name then: {page}"
    );
    assert!(page.contains("<time datetime=\""), "{page}");
    assert!(
        page.contains(" UTC</time>"),
        "readable without a script: {page}"
    );
    assert!(
        page.contains("<details><summary>Recorded data</summary>"),
        "{page}"
    );
    let german = portal_page(&server, &format!("/{contoso}/admin/audit"), &cookies, "de").await;
    assert!(
        german.contains("Dana zur Gruppe Sales hinzugefügt"),
        "{german}"
    );
    assert!(
        german.contains("Anzeigename: „Sales“ → „Sales EMEA“"),
        "{german}"
    );
    server.stop().await;
}

#[tokio::test]
async fn a_guests_sign_ins_are_in_the_inviting_tenants_log() {
    for backend in backends() {
        guests_sign_ins(backend).await;
    }
}

async fn guests_sign_ins(backend: Backend) {
    let smtp = SmtpServer::start().await;
    let smtp_url = smtp.url();
    let server = TestServer::start_configured(backend, true, |config| {
        config.smtp_url = Some(smtp_url);
    })
    .await;
    let contoso = server.bootstrap().tenant_id;
    let admin = server.api_token().await;
    let alice_home = server
        .partner_tenant("Fabrikam", "fabrikam.example", ALICE, HOME_PASSWORD, false)
        .await;
    let fabrikam = alice_home.tenant_id;

    // Alice, of Fabrikam, redeems with her home session.
    let mut alice = Browser::new(&server);
    home_sign_in(&mut alice, fabrikam).await;
    let (status, invited) = server
        .call(
            Method::POST,
            "/v1.0/invitations",
            Some(&admin),
            Some(json!({
                "invitedUserEmailAddress": ALICE, "invitedUserDisplayName": "Alice Anders",
                "inviteRedirectUrl": "https://app.contoso.example/",
            })),
        )
        .await;
    assert_eq!(status, 201, "{invited}");
    let alice_guest = invited["invitedUser"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let link = invited["inviteRedeemUrl"].as_str().expect("url").to_owned();
    let html = alice.get(&link).await.text().await.expect("page");
    let csrf = hidden_field(&html, "csrf").expect("csrf");
    let accepted = alice
        .post(&format!("{link}/accept"), &[("csrf", &csrf)])
        .await;
    assert_eq!(accepted.status(), 303);
    // The same session at My Apps adds nothing: its entry is the redemption.
    assert_eq!(alice.get(&format!("/{contoso}/myapps")).await.status(), 200);

    // Another day, another browser: signed in at home, she opens Contoso's My Apps
    // twice, which is one entry.
    let mut again = Browser::new(&server);
    home_sign_in(&mut again, fabrikam).await;
    for _ in 0..2 {
        assert_eq!(again.get(&format!("/{contoso}/myapps")).await.status(), 200);
    }

    // At Contoso's own sign-in page she mistypes her home password: Fabrikam checks
    // it, and Contoso's log has the failure on her guest's row too.
    let mut typo = Browser::new(&server);
    let login_page = typo
        .get(&format!("/{contoso}/login"))
        .await
        .text()
        .await
        .expect("login page");
    let csrf = hidden_field(&login_page, "csrf").expect("csrf");
    let refused = typo
        .post(
            &format!("/{contoso}/login"),
            &[
                ("login", ALICE),
                ("password", "not her password at all"),
                ("csrf", &csrf),
                ("return_to", &format!("/{contoso}/myapps")),
            ],
        )
        .await;
    assert_eq!(refused.status(), 401);

    // Blocked at Contoso: refused, and the refusal is in the log once per session,
    // however many requests arrive at once.
    let (status, _) = server
        .call(
            Method::PATCH,
            &format!("/v1.0/users/{alice_guest}"),
            Some(&admin),
            Some(json!({ "accountEnabled": false })),
        )
        .await;
    assert_eq!(status, 204);
    let mut blocked = Browser::new(&server);
    home_sign_in(&mut blocked, fabrikam).await;
    let cookies = blocked.cookie_header();
    let url = server.url(&format!("/{contoso}/myapps"));
    let mut visits = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let request = server.http.get(&url).header("cookie", &cookies).send();
        visits.spawn(request);
    }
    for answer in visits.join_all().await {
        assert_eq!(answer.expect("GET").status(), 403);
    }

    // Bob, whose domain has no tenant, redeems by an emailed code after a wrong one.
    let (status, invited) = server
        .call(
            Method::POST,
            "/v1.0/invitations",
            Some(&admin),
            Some(json!({
                "invitedUserEmailAddress": BOB, "invitedUserDisplayName": "Bob Brown",
                "inviteRedirectUrl": "https://app.contoso.example/",
                "sendInvitationMessage": true,
            })),
        )
        .await;
    assert_eq!(status, 201, "{invited}");
    let bob_guest = invited["invitedUser"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let invitation = smtp.wait_for_emails(1).await.remove(0);
    let mut bob = Browser::new(&server);
    let page = bob
        .get(&redeem_link(&invitation))
        .await
        .text()
        .await
        .expect("page");
    let action = form_action_before(&page, "send-code");
    let csrf = hidden_field(&page, "csrf").expect("csrf");
    let code_page = bob
        .post(&action, &[("csrf", &csrf)])
        .await
        .text()
        .await
        .expect("page");
    let code = emailed_code(smtp.wait_for_emails(2).await.last().expect("code"));
    let action = form_action_before(&code_page, "verify");
    let csrf = hidden_field(&code_page, "csrf").expect("csrf");
    let wrong = other_than(&code);
    let refused = bob
        .post(&action, &[("csrf", &csrf), ("code", &wrong)])
        .await;
    assert_eq!(refused.status(), 400);
    let verified = bob.post(&action, &[("csrf", &csrf), ("code", &code)]).await;
    assert_eq!(verified.status(), 303);

    // Later he signs in at Contoso's page by code: a wrong one, then the right one.
    let mut later = Browser::new(&server);
    let code_page = ask_for_code(&mut later, contoso, BOB).await;
    let code = emailed_code(smtp.wait_for_emails(3).await.last().expect("code"));
    let refused = submit_code(&mut later, &code_page, &other_than(&code)).await;
    assert_eq!(refused.status(), 400);
    let signed_in = submit_code(&mut later, &code_page, &code).await;
    assert_eq!(signed_in.status(), 303, "{}", location(&signed_in));
    assert_eq!(later.get(&format!("/{contoso}/myapps")).await.status(), 200);

    // Carol, at the same domain, was never invited: her wrong code writes nothing here.
    let mut stranger = Browser::new(&server);
    let carol_page = ask_for_code(&mut stranger, contoso, "carol@northwind.example").await;
    let refused = submit_code(&mut stranger, &carol_page, "12345678").await;
    assert_eq!(refused.status(), 400);

    let log = sign_ins(&server, contoso).await;
    let rows = |login: &str| -> Vec<(String, String)> {
        log.iter()
            .rev()
            .filter(|s| s.login == login)
            .map(|s| (s.outcome.clone(), s.reason.clone().unwrap_or_default()))
            .collect()
    };
    let pair = |o: &str, r: &str| (o.to_owned(), r.to_owned());
    assert_eq!(
        rows(ALICE),
        [
            pair("success", "redeemed"),
            pair("success", "home_session"),
            pair("failure", "wrong_password"),
            pair("failure", "guest_blocked"),
        ],
        "oldest first: {log:#?}"
    );
    assert_eq!(
        rows(BOB),
        [
            pair("failure", "wrong_code"),
            pair("success", "redeemed"),
            pair("failure", "wrong_code"),
            pair("success", "email_code"),
        ],
        "{log:#?}"
    );
    assert!(rows("carol@northwind.example").is_empty(), "{log:#?}");
    let alice_row = log
        .iter()
        .find(|s| s.reason.as_deref() == Some("home_session"))
        .expect("her entry");
    assert_eq!(alice_row.user_id.map(|u| u.to_string()), Some(alice_guest));
    assert_eq!(alice_row.user_name.as_deref(), Some("Alice Anders"));
    assert_eq!(alice_row.user_type.as_deref(), Some("Guest"));
    assert_eq!(alice_row.home_tenant_name.as_deref(), Some("Fabrikam"));
    assert_eq!(
        alice_row.home_tenant_id.as_deref(),
        Some(fabrikam.to_string().as_str())
    );
    let bob_code = log
        .iter()
        .find(|s| s.reason.as_deref() == Some("email_code"))
        .expect("his code sign-in");
    assert_eq!(bob_code.user_id.map(|u| u.to_string()), Some(bob_guest));
    assert_eq!(bob_code.method.as_deref(), Some("otp"));
    assert_eq!(bob_code.user_name.as_deref(), Some("Bob Brown"));

    // Fabrikam's log holds Alice's own sign-ins at home (and the mistyped password
    // checked there), none of Contoso's rows.
    let home_log = sign_ins(&server, fabrikam).await;
    assert!(
        home_log
            .iter()
            .all(|s| s.user_type.as_deref() == Some("Member")),
        "{home_log:#?}"
    );
    let successes = home_log.iter().filter(|s| s.outcome == "success").count();
    assert_eq!(successes, 3, "three home sign-ins: {home_log:#?}");
    assert_eq!(
        home_log.iter().filter(|s| s.outcome == "failure").count(),
        1,
        "and the wrong password: {home_log:#?}"
    );

    // The portal page shows the guest, her organization and the reason in words.
    let login = server.url(&format!("/{contoso}/login"));
    let (cookies, _) = server
        .browser_sign_in(&login, ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .expect("admin signs in");
    let page = portal_page(
        &server,
        &format!("/{contoso}/admin/sign-ins"),
        &cookies,
        "en",
    )
    .await;
    for expected in [
        "Alice Anders",
        "<td class=\"home\">Fabrikam</td>",
        "Blocked in this organization",
        "Signed in with a one-time email code",
        "Wrong or expired code",
        "data-outcome=\"failure\">Failed</td>",
    ] {
        assert!(page.contains(expected), "{expected}: {page}");
    }
    let german = portal_page(
        &server,
        &format!("/{contoso}/admin/sign-ins"),
        &cookies,
        "de",
    )
    .await;
    assert!(
        german.contains("In dieser Organisation gesperrt"),
        "{german}"
    );
    server.stop().await;
}

/// A tenant's sign-in log, newest first.
async fn sign_ins(server: &TestServer, tenant: TenantId) -> Vec<SignInRecord> {
    entente_domain::sign_in_log::list_sign_ins(
        &server.services,
        AuditReadAccess { tenant },
        None,
        PageRequest {
            top: Some(100),
            skip_token: None,
        },
    )
    .await
    .expect("sign-in log")
    .items
}

/// A portal page in a language, with its text entities read back.
async fn portal_page(server: &TestServer, path: &str, cookies: &str, language: &str) -> String {
    let response = server
        .http
        .get(server.url(path))
        .header("cookie", cookies)
        .header("accept-language", language)
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), 200, "{path}");
    response
        .text()
        .await
        .expect("page")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
}

/// Signs in at a home tenant with Alice's password, keeping the cookies.
async fn home_sign_in(browser: &mut Browser<'_>, home: TenantId) {
    let html = browser
        .get(&format!("/{home}/login"))
        .await
        .text()
        .await
        .expect("page");
    let csrf = hidden_field(&html, "csrf").expect("csrf");
    let signed = browser
        .post(
            &format!("/{home}/login"),
            &[
                ("login", ALICE),
                ("password", HOME_PASSWORD),
                ("csrf", &csrf),
                ("return_to", ""),
            ],
        )
        .await;
    assert_eq!(signed.status(), 303);
    assert!(browser.cookies.contains_key("entente_session"));
}

/// Types `login` alone on `tenant`'s sign-in page; returns the code form.
async fn ask_for_code(browser: &mut Browser<'_>, tenant: TenantId, login: &str) -> String {
    let return_to = format!("/{tenant}/myapps");
    let html = browser
        .get(&format!("/{tenant}/login?return_to={return_to}"))
        .await
        .text()
        .await
        .expect("login page");
    let csrf = hidden_field(&html, "csrf").expect("csrf");
    let answer = browser
        .post(
            &format!("/{tenant}/login"),
            &[
                ("login", login),
                ("password", ""),
                ("csrf", &csrf),
                ("return_to", &return_to),
            ],
        )
        .await;
    assert_eq!(answer.status(), 200);
    answer.text().await.expect("code page")
}

/// An eight-digit code that is not `code`.
fn other_than(code: &str) -> String {
    if code == "00000000" {
        "11111111".to_owned()
    } else {
        "00000000".to_owned()
    }
}

#[tokio::test]
async fn the_portal_shows_the_logs_in_the_readers_language_and_time_zone() {
    let server = TestServer::start().await;
    let contoso = server.bootstrap().tenant_id;
    let admin = server.api_token().await;
    let (status, group) = server
        .call(
            Method::POST,
            "/v1.0/groups",
            Some(&admin),
            Some(json!({
                "displayName": "Sales", "mailEnabled": false, "securityEnabled": true,
                "mailNickname": "sales",
            })),
        )
        .await;
    assert_eq!(status, 201, "{group}");
    let path = format!("/v1.0/groups/{}", group["id"].as_str().expect("id"));
    let (status, _) = server
        .call(
            Method::PATCH,
            &path,
            Some(&admin),
            Some(json!({ "displayName": "Sales EMEA" })),
        )
        .await;
    assert_eq!(status, 204);
    // A guest of Fabrikam redeems, is blocked, and is refused.
    let home = server
        .partner_tenant("Fabrikam", "fabrikam.example", ALICE, HOME_PASSWORD, false)
        .await;
    let mut alice = Browser::new(&server);
    home_sign_in(&mut alice, home.tenant_id).await;
    let (status, invited) = server
        .call(
            Method::POST,
            "/v1.0/invitations",
            Some(&admin),
            Some(json!({
                "invitedUserEmailAddress": ALICE, "invitedUserDisplayName": "Alice Anders",
                "inviteRedirectUrl": "https://app.contoso.example/",
            })),
        )
        .await;
    assert_eq!(status, 201, "{invited}");
    let link = invited["inviteRedeemUrl"].as_str().expect("url").to_owned();
    let html = alice.get(&link).await.text().await.expect("page");
    let csrf = hidden_field(&html, "csrf").expect("csrf");
    assert_eq!(
        alice
            .post(&format!("{link}/accept"), &[("csrf", &csrf)])
            .await
            .status(),
        303
    );
    let guest = invited["invitedUser"]["id"].as_str().expect("id");
    let (status, _) = server
        .call(
            Method::PATCH,
            &format!("/v1.0/users/{guest}"),
            Some(&admin),
            Some(json!({ "accountEnabled": false })),
        )
        .await;
    assert_eq!(status, 204);
    let mut again = Browser::new(&server);
    home_sign_in(&mut again, home.tenant_id).await;
    assert_eq!(again.get(&format!("/{contoso}/myapps")).await.status(), 403);

    let base = server.url("");
    let base = base.trim_end_matches('/');
    let seen = crate::browser::scenario(
        "logs-pages",
        json!({
            "login": format!("{base}/{contoso}/login?return_to=/{contoso}/admin/audit"),
            "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD,
            "audit": format!("{base}/{contoso}/admin/audit"),
            "signIns": format!("{base}/{contoso}/admin/sign-ins"),
        }),
    )
    .await;
    let audit = &seen["auditLog"];
    assert_eq!(audit["lang"], "de", "{seen}");
    let changes: Vec<&str> = audit["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        changes.contains(&"Anzeigename: „Sales“ → „Sales EMEA“"),
        "{changes:?}"
    );
    assert!(
        audit["targets"]
            .as_array()
            .is_some_and(|t| t.iter().any(|t| t == "Gruppe Sales EMEA")),
        "{audit}"
    );
    assert!(
        audit["recorded"]
            .as_str()
            .is_some_and(|r| r.starts_with('{')),
        "{audit}"
    );
    berlin_time(&audit["times"][0]);

    let rows = seen["signIns"]["rows"].as_array().expect("rows");
    let refused = rows
        .iter()
        .find(|r| r["outcome"] == "failure" && r["login"] == ALICE)
        .unwrap_or_else(|| panic!("her refusal: {rows:?}"));
    assert_eq!(refused["name"], "Alice Anders", "{refused}");
    assert_eq!(refused["type"], "Gast", "{refused}");
    assert_eq!(refused["home"], "Fabrikam", "{refused}");
    assert_eq!(
        refused["reason"], "In dieser Organisation gesperrt",
        "{refused}"
    );
    berlin_time(&seen["signIns"]["times"][0]);
    server.stop().await;
}

/// A time shown as a German reader in Berlin reads it (`06.12.2026, 12:34`, one hour
/// ahead of UTC in winter, two in summer), with the server's UTC text as its title.
fn berlin_time(time: &Value) {
    let at = time::OffsetDateTime::parse(
        time["datetime"].as_str().expect("datetime"),
        &time::format_description::well_known::Rfc3339,
    )
    .expect("an RFC 3339 time");
    let shown = time["text"].as_str().expect("text");
    assert!(
        time["title"].as_str().is_some_and(|t| t.ends_with(" UTC")),
        "{time}"
    );
    let candidates: Vec<String> = [1, 2]
        .iter()
        .map(|hours| {
            let local = at + time::Duration::hours(*hours);
            format!(
                "{:02}.{:02}.{}, {:02}:{:02}",
                local.day(),
                u8::from(local.month()),
                local.year(),
                local.hour(),
                local.minute()
            )
        })
        .collect();
    assert!(
        candidates.iter().any(|c| c == shown),
        "{shown} not one of {candidates:?}"
    );
}
