//! Time-boxed guest access (issue 22, part 2; decision 0015), with the clock moved by
//! calling the lifecycle's entry point with later times, never by sleeping: the
//! tenant's guest lifetime and an invitation's own end, the reminder to the sponsors
//! (or the administrators) over SMTP, the block at the end, the move to deleted items
//! after the grace, a sponsor's extension from My Apps, an administrator's new end
//! letting a blocked guest in again, the portal's page and settings, and each step
//! taken once by several nodes at once; on each backend.

use entente_testkit::smtp::SmtpServer;
use entente_testkit::{ADMIN_EMAIL, ADMIN_PASSWORD, TestServer, backends, now};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const DAY: i64 = 86_400;

fn rfc3339(at: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(at)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

fn unix(text: &Value) -> i64 {
    time::OffsetDateTime::parse(
        text.as_str().unwrap_or_else(|| panic!("a time: {text}")),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap()
    .unix_timestamp()
}

async fn run_at(server: &TestServer, at: i64) -> usize {
    entente_domain::lifecycle::run_due(&server.services, at)
        .await
        .expect("the lifecycle runs")
}

#[tokio::test]
async fn guest_access_ends_with_a_reminder_a_block_and_a_delete_as_the_clock_moves() {
    for backend in backends() {
        let smtp = SmtpServer::start().await;
        let url = smtp.url();
        let server =
            TestServer::start_configured(backend, true, |config| config.smtp_url = Some(url)).await;
        let token = server.api_token().await;
        let call = |method: Method, path: String, body: Option<Value>| {
            let (server, token) = (&server, token.clone());
            async move { server.call(method, &path, Some(&token), body).await }
        };
        let (status, policy) = call(
            Method::PATCH,
            "/v1.0/policies/externalCollaborationPolicy".into(),
            Some(
                json!({ "guestLifetimeInDays": 30, "expiryReminderInDays": 7,
                "expiredGuestGraceInDays": 10 }),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{policy}");
        assert_eq!(policy["guestLifetimeInDays"], 30, "{policy}");
        let (status, refused) = call(
            Method::PATCH,
            "/v1.0/policies/externalCollaborationPolicy".into(),
            Some(json!({ "expiryReminderInDays": 91 })),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");

        let carol = server
            .create_member("carol@contoso.com", "Carol Clark", "carol's long password")
            .await
            .id
            .to_string();
        // Carol reads Dutch (Graph's preferredLanguage); a language Entente lacks is
        // refused.
        let (status, _) = call(
            Method::PATCH,
            format!("/v1.0/users/{carol}"),
            Some(json!({ "preferredLanguage": "nl-NL" })),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, body) = call(
            Method::PATCH,
            format!("/v1.0/users/{carol}"),
            Some(json!({ "preferredLanguage": "tlh" })),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let (_, body) = call(Method::GET, format!("/v1.0/users/{carol}"), None).await;
        assert_eq!(body["preferredLanguage"], "nl", "{body}");
        let start = now();
        let invite = |email: &str, extra: Value| {
            let mut body = json!({ "invitedUserEmailAddress": email,
                "inviteRedirectUrl": "https://app.contoso.example/" });
            body.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            call(Method::POST, "/v1.0/invitations".into(), Some(body))
        };
        // Pat: the tenant's lifetime, Carol sponsors. Quinn: its own end in 5 days,
        // nobody sponsors (an application invites). Rex: 2 days.
        let (status, pat) = invite(
            "pat@partner.example",
            json!({ "invitedUserSponsors": [{ "id": carol }] }),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{pat}");
        let pat = pat["invitedUser"]["id"].as_str().unwrap().to_owned();
        let (status, quinn) = invite(
            "quinn@partner.example",
            json!({ "accessEndsDateTime": rfc3339(start + 5 * DAY) }),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{quinn}");
        let quinn = quinn["invitedUser"]["id"].as_str().unwrap().to_owned();
        let (status, rex) = invite(
            "rex@partner.example",
            json!({ "accessEndsDateTime": rfc3339(start + 2 * DAY) }),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{rex}");
        let rex = rex["invitedUser"]["id"].as_str().unwrap().to_owned();
        let (status, past) = invite(
            "sue@partner.example",
            json!({ "accessEndsDateTime": rfc3339(start - DAY) }),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "an end in the past: {past}"
        );

        let user = |id: String| {
            let call = &call;
            async move { call(Method::GET, format!("/v1.0/users/{id}"), None).await }
        };
        let (_, body) = user(pat.clone()).await;
        let pat_end = unix(&body["accessEndsDateTime"]);
        assert!((pat_end - (start + 30 * DAY)).abs() < 120, "{body}");
        let (_, body) = user(quinn.clone()).await;
        assert_eq!(unix(&body["accessEndsDateTime"]), start + 5 * DAY);

        // Now: Quinn's reminder is due (its end is nearer than 7 days), to the
        // administrators since nobody sponsors Quinn; nothing else. Twice: once.
        // (At the real time: the reminders' emails are due at once, and the SMTP
        // server receives them; those of a moved clock wait in the outbox for then.)
        let real = now();
        assert_eq!(
            run_at(&server, real).await,
            2,
            "Quinn's and Rex's reminders"
        );
        assert_eq!(run_at(&server, real).await, 0, "taken once");
        let received = smtp.wait_for_emails(2).await;
        let quinn_notice = received
            .iter()
            .find(|e| e.subject.contains("quinn@partner.example"))
            .expect("Quinn's reminder");
        assert_eq!(quinn_notice.to, [ADMIN_EMAIL]);
        let text = quinn_notice.text.as_deref().unwrap_or_default();
        assert!(text.contains("nobody sponsors them"), "{text}");
        assert!(text.contains(&format!("/admin/users/{quinn}")), "{text}");
        assert!(text.contains("10 days later they are deleted"), "{text}");

        // Day 23 (+1 h): Pat's reminder to Carol; Quinn and Rex are blocked.
        let day23 = start + 23 * DAY + 3600;
        assert_eq!(run_at(&server, day23).await, 3);
        let queued = {
            let mut conn = server.services.store.read().await.expect("read");
            conn.db()
                .list_outbox(server.bootstrap().tenant_id, None)
                .await
                .expect("the outbox")
        };
        let pat_notice = queued
            .into_iter()
            .filter(|e| e.sent_at.is_none())
            .map(|e| entente_domain::mail::open_record(&server.services.master, e).expect("opens"))
            .find(|e| e.subject.contains("pat@partner.example"))
            .expect("Pat's reminder");
        assert_eq!(pat_notice.to, ["carol@contoso.com"]);
        assert_eq!(pat_notice.next_attempt_at, day23, "sent when it is due");
        assert!(
            pat_notice.subject.contains("toegang van Pat")
                || pat_notice.subject.contains("toegang van pat"),
            "in Carol's Dutch: {}",
            pat_notice.subject
        );
        let text = pat_notice.text_body.as_str();
        assert!(
            text.contains("U staat als sponsor voor deze gast in"),
            "{text}"
        );
        assert!(text.contains("/myapps"), "{text}");
        for blocked in [&quinn, &rex] {
            let (_, body) = user(blocked.clone()).await;
            assert_eq!(body["accountEnabled"], false, "{body}");
        }

        // Carol extends Pat's access from My Apps: a lifetime more after its end.
        let contoso = server.bootstrap().tenant_id.to_string();
        let (cookies, _) = server
            .browser_sign_in(
                &server.url(&format!("/{contoso}/login")),
                "carol@contoso.com",
                "carol's long password",
            )
            .await
            .expect("Carol signs in");
        let myapps = server
            .http
            .get(server.url(&format!("/{contoso}/myapps")))
            .header("cookie", &cookies)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(myapps.contains(&format!("id=\"ends-{pat}\"")), "{myapps}");
        let csrf = entente_testkit::hidden_field(&myapps, "csrf").expect("csrf");
        let extend = |guest: String| {
            let (cookies, csrf, contoso) = (cookies.clone(), csrf.clone(), contoso.clone());
            let server = &server;
            async move {
                server
                    .http
                    .post(server.url(&format!("/{contoso}/myapps/guests/{guest}/extend")))
                    .header("cookie", cookies)
                    .form(&[("csrf", csrf)])
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        };
        assert_eq!(extend(pat.clone()).await, StatusCode::SEE_OTHER);
        let (_, body) = user(pat.clone()).await;
        assert_eq!(
            unix(&body["accessEndsDateTime"]),
            pat_end + 30 * DAY,
            "{body}"
        );
        // Carol sponsors neither Quinn nor anyone of another tenant.
        assert_eq!(extend(quinn.clone()).await, StatusCode::NOT_FOUND);

        // An administrator's new end lets Rex in again.
        let (status, _) = call(
            Method::PATCH,
            format!("/v1.0/users/{rex}"),
            Some(json!({ "accessEndsDateTime": rfc3339(start + 40 * DAY) })),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, body) = user(rex.clone()).await;
        assert_eq!(body["accountEnabled"], true, "{body}");

        // Day 35: Quinn's grace is over (5 + 10 days): into deleted items. Pat (its
        // reminder now on day 53) and Rex (day 33 reminder, day 40 end) stay.
        let day35 = start + 35 * DAY;
        assert_eq!(
            run_at(&server, day35).await,
            2,
            "Quinn's delete, Rex's reminder"
        );
        let (status, _) = user(quinn.clone()).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, deleted) = call(
            Method::GET,
            "/v1.0/directory/deletedItems/microsoft.graph.user".into(),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{deleted}");
        assert!(deleted.to_string().contains(&quinn), "{deleted}");
        for kept in [&pat, &rex] {
            let (_, body) = user(kept.clone()).await;
            assert_eq!(body["accountEnabled"], true, "{body}");
        }

        // The portal: the guest's page shows the end and the next step; clearing it
        // ends nothing more.
        let (admin_cookies, _) = server
            .browser_sign_in(
                &server.url(&format!("/{contoso}/login")),
                ADMIN_EMAIL,
                ADMIN_PASSWORD,
            )
            .await
            .expect("the admin signs in");
        let page = server
            .http
            .get(server.url(&format!("/{contoso}/admin/users/{pat}")))
            .header("cookie", &admin_cookies)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("id=\"access-ends\""), "{page}");
        assert!(page.contains("Sponsors are reminded on"), "{page}");
        let csrf = entente_testkit::hidden_field(&page, "csrf").expect("csrf");
        // A date the form cannot read is refused beside its field, keeping what was
        // typed, and changes nothing.
        let response = server
            .http
            .post(server.url(&format!("/{contoso}/admin/users/{pat}/access-end")))
            .header("cookie", &admin_cookies)
            .form(&[("csrf", csrf.as_str()), ("access_ends", "31/12/2030")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let refused = response.text().await.unwrap();
        assert!(refused.contains("id=\"access_ends-error\""), "{refused}");
        assert!(refused.contains("value=\"31/12/2030\""), "{refused}");
        let (_, body) = user(pat.clone()).await;
        assert_eq!(
            unix(&body["accessEndsDateTime"]),
            pat_end + 30 * DAY,
            "{body}"
        );
        let response = server
            .http
            .post(server.url(&format!("/{contoso}/admin/users/{pat}/access-end")))
            .header("cookie", &admin_cookies)
            .form(&[("csrf", csrf.as_str()), ("access_ends", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let (_, body) = user(pat.clone()).await;
        assert!(body.get("accessEndsDateTime").is_none(), "{body}");

        // Another tenant's user: nobody here, on the portal and in the API; and
        // another tenant's token changes nothing of Contoso's guests.
        let stranger = server
            .partner_tenant(
                "Fabrikam",
                "fabrikam.example",
                "sam@fabrikam.example",
                "a long password",
                false,
            )
            .await;
        let response = server
            .http
            .post(server.url(&format!(
                "/{contoso}/admin/users/{}/access-end",
                stranger.id
            )))
            .header("cookie", &admin_cookies)
            .form(&[("csrf", csrf.as_str()), ("access_ends", "2030-01-01")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        // A member's access is not time-boxed.
        let (status, body) = call(
            Method::PATCH,
            format!("/v1.0/users/{carol}"),
            Some(json!({ "accessEndsDateTime": rfc3339(start + DAY) })),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let (status, _) = call(
            Method::PATCH,
            format!("/v1.0/users/{}", stranger.id),
            Some(json!({ "accessEndsDateTime": rfc3339(start + DAY) })),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let theirs = server.sign(&server.api_claims(
            stranger.tenant_id,
            uuid::Uuid::new_v4(),
            "app",
            &["Directory.ReadWrite.All"],
            now(),
        ));
        let (status, _) = server
            .call(
                Method::PATCH,
                &format!("/v1.0/users/{rex}"),
                Some(&theirs),
                Some(json!({ "accessEndsDateTime": rfc3339(start + DAY) })),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(
            run_at(&server, start + 400 * DAY).await,
            1,
            "only Rex's block"
        );

        let (_, audit) = call(Method::GET, "/v1.0/auditLogs/directoryAudits".into(), None).await;
        let audit = audit.to_string();
        for (action, count) in [
            ("Remind sponsors: guest access ends", 4),
            ("Block guest: access ended", 3),
            ("Delete guest: access ended", 1),
            ("Set guest access end", 3),
        ] {
            assert_eq!(audit.matches(action).count(), count, "{action}: {audit}");
        }
        server.stop().await;
    }
}

/// 24 guests whose access has ended, and 16 lifecycle runs at once on two nodes:
/// each guest is blocked once, with one audit entry.
#[tokio::test]
async fn parallel_lifecycle_runs_take_each_step_once() {
    for backend in backends() {
        let first = TestServer::start_on(backend).await;
        let second = first.start_second_node().await;
        let token = first.api_token().await;
        let start = now();
        for i in 0..24 {
            let (status, body) = first
                .call(
                    Method::POST,
                    "/v1.0/invitations",
                    Some(&token),
                    Some(
                        json!({ "invitedUserEmailAddress": format!("g{i}@partner.example"),
                        "inviteRedirectUrl": "https://app.contoso.example/",
                        "accessEndsDateTime": rfc3339(start + DAY) }),
                    ),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
        }
        // Their reminders first (no sponsor: to the administrators).
        assert_eq!(run_at(&first, start + 60).await, 24);
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..16 {
            let services = if i % 2 == 0 {
                first.services.clone()
            } else {
                second.services.clone()
            };
            tasks.spawn(async move {
                entente_domain::lifecycle::run_due(&services, start + 2 * DAY)
                    .await
                    .expect("the lifecycle runs")
            });
        }
        let taken: usize = tasks.join_all().await.into_iter().sum();
        assert_eq!(taken, 24, "each block once");
        let (_, audit) = first
            .call(
                Method::GET,
                "/v1.0/auditLogs/directoryAudits?$top=999",
                Some(&token),
                None,
            )
            .await;
        assert_eq!(
            audit
                .to_string()
                .matches("Block guest: access ended")
                .count(),
            24
        );
        second.stop().await;
        first.stop().await;
    }
}

/// The lifecycle's pages in Chromium, each audited with axe-core (SQLite only: pages,
/// not storage): a guest's sponsors and end date, the settings' guest lifetime (a bad
/// one refused beside its field), the guests without a sponsor, and a sponsor's "my
/// guests" with its extension.
#[tokio::test]
async fn the_lifecycle_pages_work_in_a_browser() {
    let server = TestServer::start_on(entente_testkit::Backend::Sqlite).await;
    let token = server.api_token().await;
    server
        .create_member("carol@contoso.com", "Carol Clark", "carol's long password")
        .await;
    let mut guests = Vec::new();
    for email in ["pat@partner.example", "quinn@partner.example"] {
        let (status, body) = server
            .call(
                Method::POST,
                "/v1.0/invitations",
                Some(&token),
                Some(json!({ "invitedUserEmailAddress": email,
                    "inviteRedirectUrl": "https://app.contoso.example/" })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        guests.push(body["invitedUser"]["id"].as_str().unwrap().to_owned());
    }
    let contoso = server.bootstrap().tenant_id.to_string();
    let end = time::OffsetDateTime::from_unix_timestamp(now() + 20 * DAY).unwrap();
    let end_day = format!(
        "{:04}-{:02}-{:02}",
        end.year(),
        u8::from(end.month()),
        end.day()
    );
    let seen = crate::browser::scenario(
        "guest-lifecycle",
        json!({
            "base": server.base_url, "tenant": contoso, "login": ADMIN_EMAIL,
            "password": ADMIN_PASSWORD, "guestId": guests[0],
            "guestUrl": format!("{}/{contoso}/admin/users/{}", server.base_url, guests[0]),
            "sponsorLogin": "carol@contoso.com", "sponsorPassword": "carol's long password",
            "endDay": end_day,
        }),
    )
    .await;
    let said = |key: &str| seen[key].as_str().unwrap_or_default().to_owned();
    assert!(
        said("refused").contains("No member or group of this organization"),
        "{seen}"
    );
    assert!(said("sponsors").contains("Carol Clark"), "{seen}");
    assert!(said("ends").contains(&end.year().to_string()), "{seen}");
    assert!(
        said("nextStep").contains("Sponsors are reminded on"),
        "{seen}"
    );
    assert!(said("lifetimeError").contains("3,650"), "{seen}");
    assert!(!said("saved").is_empty(), "{seen}");
    assert_eq!(said("lifetime"), "30", "{seen}");
    let unsponsored = seen["unsponsored"].to_string();
    assert!(unsponsored.contains("quinn"), "{unsponsored}");
    assert!(!unsponsored.contains("pat_partner"), "{unsponsored}");
    assert!(said("guests").contains("pat@partner.example"), "{seen}");
    assert!(said("extended").contains("Access ends on"), "{seen}");
    let audited: Vec<&String> = seen["audits"].as_object().expect("audits").keys().collect();
    assert_eq!(said("inactiveFilter"), "inactive", "{seen}");
    assert_eq!(audited.len(), 8, "{audited:?}");
    server.stop().await;
}

/// The inactive-guest policy, with the clock moved: the users list shows whom it
/// would find before it is on; on, guests without a sign-in for 30 days are reported
/// to their sponsors (or the administrators), blocked 7 days later unless a sponsor
/// keeps them (from My Apps) or they sign in, and deleted after the grace; each step
/// once, audited; on each backend.
#[tokio::test]
async fn inactive_guests_are_reported_blocked_unless_kept_and_deleted() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let token = server.api_token().await;
        let tenant = server.bootstrap().tenant_id;
        let contoso = tenant.to_string();
        let call = |method: Method, path: String, body: Option<Value>| {
            let (server, token) = (&server, token.clone());
            async move { server.call(method, &path, Some(&token), body).await }
        };
        let (status, policy) = call(
            Method::PATCH,
            "/v1.0/policies/externalCollaborationPolicy".into(),
            Some(
                json!({ "inactiveGuestDays": 30, "inactiveGuestBlockAfterDays": 7,
                "expiredGuestGraceInDays": 10 }),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{policy}");
        assert_eq!(policy["inactiveGuestPolicyEnabled"], false, "{policy}");
        let carol = server
            .create_member("carol@contoso.com", "Carol Clark", "carol's long password")
            .await
            .id;
        let mut guests = Vec::new();
        for (email, sponsors) in [
            ("pat@partner.example", json!([{ "id": carol }])),
            ("quinn@partner.example", json!([])),
            ("rex@partner.example", json!([{ "id": carol }])),
        ] {
            let (status, body) = call(
                Method::POST,
                "/v1.0/invitations".into(),
                Some(
                    json!({ "invitedUserEmailAddress": email, "invitedUserDisplayName": email,
                    "inviteRedirectUrl": "https://app.contoso.example/",
                    "invitedUserSponsors": sponsors }),
                ),
            )
            .await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
            guests.push(entente_model::UserId(
                body["invitedUser"]["id"].as_str().unwrap().parse().unwrap(),
            ));
        }
        let (pat, quinn, rex) = (guests[0], guests[1], guests[2]);
        // They came 60 days ago (Rex: 10 days ago, so still active).
        let start = now();
        {
            let mut tx = server.services.store.write().await.unwrap();
            for (guest, days) in [(pat, 60), (quinn, 60), (rex, 10)] {
                tx.db()
                    .set_user_created_at(tenant, guest, start - days * DAY)
                    .await
                    .unwrap();
            }
            tx.commit().await.unwrap();
        }

        // The dry run: the users list shows whom the policy would find; off, it does
        // nothing.
        let (cookies, _) = server
            .browser_sign_in(
                &server.url(&format!("/{contoso}/login")),
                ADMIN_EMAIL,
                ADMIN_PASSWORD,
            )
            .await
            .expect("the admin signs in");
        let list = server
            .http
            .get(server.url(&format!("/{contoso}/admin/users?kind=inactive")))
            .header("cookie", &cookies)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(list.contains("pat@partner.example"), "{list}");
        assert!(list.contains("quinn@partner.example"), "{list}");
        assert!(!list.contains("rex@partner.example"), "{list}");
        let run = |at: i64| {
            let server = &server;
            async move {
                entente_domain::inactivity::run(&server.services, at)
                    .await
                    .expect("the policy runs")
            }
        };
        assert_eq!(run(start).await, 0, "off: nothing");

        let (status, _) = call(
            Method::PATCH,
            "/v1.0/policies/externalCollaborationPolicy".into(),
            Some(json!({ "inactiveGuestPolicyEnabled": true })),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(run(start).await, 2, "Pat and Quinn reported");
        assert_eq!(run(start).await, 0, "once");
        // Queued or already delivered (to the file outbox: no SMTP server here).
        let notices: Vec<_> = server
            .outbox(tenant)
            .await
            .into_iter()
            .filter(|e| e.subject.contains("have not signed in for 30 days"))
            .collect();
        assert_eq!(notices.len(), 2, "Carol and the administrator");
        let to_carol = notices
            .iter()
            .find(|e| e.to == ["carol@contoso.com"])
            .expect("Carol is told");
        assert!(to_carol.text_body.contains("pat@partner.example"));
        assert!(!to_carol.text_body.contains("quinn@partner.example"));
        let to_admin = notices
            .iter()
            .find(|e| e.to == [ADMIN_EMAIL])
            .expect("the administrator is told");
        assert!(to_admin.text_body.contains("quinn@partner.example"));
        assert!(to_admin.text_body.contains("/admin/users?kind=inactive"));

        // Carol sees Pat awaiting a block in My Apps and keeps Pat.
        let (carol_cookies, _) = server
            .browser_sign_in(
                &server.url(&format!("/{contoso}/login")),
                "carol@contoso.com",
                "carol's long password",
            )
            .await
            .expect("Carol signs in");
        let myapps = server
            .http
            .get(server.url(&format!("/{contoso}/myapps")))
            .header("cookie", &carol_cookies)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            myapps.contains(&format!("id=\"inactive-{pat}\"")),
            "{myapps}"
        );
        let csrf = entente_testkit::hidden_field(&myapps, "csrf").expect("csrf");
        let keep = |guest: entente_model::UserId| {
            let (cookies, csrf, contoso) = (carol_cookies.clone(), csrf.clone(), contoso.clone());
            let server = &server;
            async move {
                server
                    .http
                    .post(server.url(&format!("/{contoso}/myapps/guests/{guest}/keep")))
                    .header("cookie", cookies)
                    .form(&[("csrf", csrf)])
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        };
        assert_eq!(keep(pat).await, StatusCode::SEE_OTHER);
        assert_eq!(
            keep(quinn).await,
            StatusCode::NOT_FOUND,
            "not Carol's guest"
        );

        // Day 8: Quinn is blocked; Pat, kept, is not.
        let day8 = start + 8 * DAY;
        assert_eq!(run(day8).await, 1);
        let enabled = |guest: entente_model::UserId| {
            let call = &call;
            async move {
                let (_, body) = call(Method::GET, format!("/v1.0/users/{guest}"), None).await;
                body["accountEnabled"].as_bool()
            }
        };
        assert_eq!(enabled(quinn).await, Some(false));
        assert_eq!(enabled(pat).await, Some(true));
        // Day 19: Quinn's grace is over: deleted items. Rex came 29 days before then:
        // not inactive yet.
        assert_eq!(run(start + 19 * DAY).await, 1);
        let (status, _) = call(Method::GET, format!("/v1.0/users/{quinn}"), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(enabled(rex).await, Some(true));

        let (_, audit) = call(Method::GET, "/v1.0/auditLogs/directoryAudits".into(), None).await;
        let audit = audit.to_string();
        for (action, count) in [
            ("Report inactive guest", 2),
            ("Keep guest: sponsor confirmed", 1),
            ("Block guest: inactive", 1),
            ("Delete guest: inactive", 1),
        ] {
            assert_eq!(audit.matches(action).count(), count, "{action}: {audit}");
        }
        server.stop().await;
    }
}

/// 12 inactive guests and 16 runs of the policy at once on two nodes: each guest is
/// reported once (one audit entry, one notice to the administrators per run that found
/// some), then blocked once.
#[tokio::test]
async fn parallel_policy_runs_report_and_block_each_inactive_guest_once() {
    for backend in backends() {
        let first = TestServer::start_on(backend).await;
        let second = first.start_second_node().await;
        let token = first.api_token().await;
        let tenant = first.bootstrap().tenant_id;
        let start = now();
        let (status, _) = first
            .call(
                Method::PATCH,
                "/v1.0/policies/externalCollaborationPolicy",
                Some(&token),
                Some(
                    json!({ "inactiveGuestPolicyEnabled": true, "inactiveGuestDays": 30,
                    "inactiveGuestBlockAfterDays": 7 }),
                ),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let mut guests = Vec::new();
        for i in 0..12 {
            let (status, body) = first
                .call(
                    Method::POST,
                    "/v1.0/invitations",
                    Some(&token),
                    Some(
                        json!({ "invitedUserEmailAddress": format!("g{i}@partner.example"),
                        "inviteRedirectUrl": "https://app.contoso.example/" }),
                    ),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
            guests.push(entente_model::UserId(
                body["invitedUser"]["id"].as_str().unwrap().parse().unwrap(),
            ));
        }
        {
            let mut tx = first.services.store.write().await.unwrap();
            for guest in &guests {
                tx.db()
                    .set_user_created_at(tenant, *guest, start - 60 * DAY)
                    .await
                    .unwrap();
            }
            tx.commit().await.unwrap();
        }
        for (at, expected) in [(start, 12), (start + 8 * DAY, 12)] {
            let mut tasks = tokio::task::JoinSet::new();
            for i in 0..16 {
                let services = if i % 2 == 0 {
                    first.services.clone()
                } else {
                    second.services.clone()
                };
                tasks.spawn(async move {
                    entente_domain::inactivity::run(&services, at)
                        .await
                        .expect("the policy runs")
                });
            }
            let done: usize = tasks.join_all().await.into_iter().sum();
            assert_eq!(done, expected);
        }
        let (_, audit) = first
            .call(
                Method::GET,
                "/v1.0/auditLogs/directoryAudits?$top=999",
                Some(&token),
                None,
            )
            .await;
        let audit = audit.to_string();
        assert_eq!(audit.matches("Report inactive guest").count(), 12);
        assert_eq!(audit.matches("Block guest: inactive").count(), 12);
        second.stop().await;
        first.stop().await;
    }
}
