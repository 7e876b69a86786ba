//! Access reviews (issue 22, part 4; decision 0016), with the clock moved by calling
//! `reviews::run_due` with later times, never by sleeping: a quarterly review of a
//! group's guests by their sponsors (a fallback reviewer for the guest nobody
//! sponsors), the start over a real SMTP server in each reviewer's language, the
//! reviewer's page in My Apps (decide with a reason, accept the recommendations),
//! the reminder halfway, the end with the default decision and the automatic
//! apply, the next quarter's instance, and every route refused to another tenant;
//! on each backend.

use entente_testkit::smtp::SmtpServer;
use entente_testkit::{TestServer, backends, now};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const DAY: i64 = 86_400;
const BASE: &str = "/v1.0/identityGovernance/accessReviews/definitions";

async fn run_at(server: &TestServer, at: i64) -> usize {
    entente_domain::reviews::run_due(&server.services, at)
        .await
        .expect("the reviews run")
}

fn date(at: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(at)
        .unwrap()
        .date()
        .to_string()
}

/// The body of a definition of a group's guests reviewed by their sponsors.
fn group_review(group: &str, fallback: &str, start: i64) -> Value {
    json!({
        "displayName": "Quarterly partner review",
        "descriptionForReviewers": "Keep only the partners who still work with us.",
        "scope": {
            "@odata.type": "#microsoft.graph.accessReviewQueryScope",
            "query": format!("/groups/{group}/transitiveMembers/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')"),
            "queryType": "MicrosoftGraph"
        },
        "reviewers": [{ "query": "./sponsors", "queryType": "MicrosoftGraph", "queryRoot": "decisions" }],
        "fallbackReviewers": [{ "query": format!("/users/{fallback}"), "queryType": "MicrosoftGraph" }],
        "settings": {
            "mailNotificationsEnabled": true,
            "reminderNotificationsEnabled": true,
            "justificationRequiredOnApproval": true,
            "defaultDecisionEnabled": true,
            "defaultDecision": "Recommendation",
            "instanceDurationInDays": 14,
            "autoApplyDecisionsEnabled": true,
            "recommendationsEnabled": true,
            "recommendationLookBackDuration": "P30D",
            "applyActions": [{ "@odata.type": "#microsoft.graph.removeAccessApplyAction" }],
            "recurrence": {
                "pattern": { "type": "absoluteMonthly", "interval": 3 },
                "range": { "type": "numbered", "numberOfOccurrences": 2, "startDate": date(start) }
            }
        }
    })
}

fn ids_by_name(decisions: &Value) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = decisions["value"]
        .as_array()
        .expect("decisions")
        .iter()
        .map(|d| {
            (
                d["principal"]["userPrincipalName"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
                d["id"].as_str().unwrap().to_owned(),
                d["recommendation"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn a_quarterly_review_by_sponsors_starts_reminds_ends_applies_and_comes_back() {
    for backend in backends() {
        let smtp = SmtpServer::start().await;
        let url = smtp.url();
        let server =
            TestServer::start_configured(backend, true, |config| config.smtp_url = Some(url)).await;
        let token = server.api_token().await;
        let tenant = server.bootstrap().tenant_id;
        let contoso = tenant.to_string();
        let call = |method: Method, path: String, body: Option<Value>| {
            let (server, token) = (&server, token.clone());
            async move { server.call(method, &path, Some(&token), body).await }
        };
        let carol = server
            .create_member("carol@contoso.com", "Carol Clark", "carol's long password")
            .await
            .id;
        let dave = server
            .create_member("dave@contoso.com", "Dave Doe", "dave's long password")
            .await
            .id;
        let (status, _) = call(
            Method::PATCH,
            format!("/v1.0/users/{carol}"),
            Some(json!({ "preferredLanguage": "nl" })),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, group) = call(
            Method::POST,
            "/v1.0/groups".into(),
            Some(json!({ "displayName": "Partner portal" })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{group}");
        let group = group["id"].as_str().unwrap().to_owned();
        // Pat and Quinn: Carol sponsors them. Rex: nobody does (an application
        // invites), so the fallback reviewer, Dave, decides about Rex.
        let mut guests = Vec::new();
        for (email, sponsors) in [
            ("pat@partner.example", json!([{ "id": carol }])),
            ("quinn@partner.example", json!([{ "id": carol }])),
            ("rex@partner.example", json!([])),
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
            let id = body["invitedUser"]["id"].as_str().unwrap().to_owned();
            let (status, body) = call(
                Method::POST,
                format!("/v1.0/groups/{group}/members/$ref"),
                Some(json!({ "@odata.id": format!("{}/v1.0/directoryObjects/{id}", server.base_url) })),
            )
            .await;
            assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
            guests.push(entente_model::UserId(id.parse().unwrap()));
        }
        let (pat, quinn, rex) = (guests[0], guests[1], guests[2]);
        // Quinn and Rex came 60 days ago and never signed in: deny recommended. Pat
        // came today: approve recommended.
        let start = now();
        {
            let mut tx = server.services.store.write().await.unwrap();
            for guest in [quinn, rex] {
                tx.db()
                    .set_user_created_at(tenant, guest, start - 60 * DAY)
                    .await
                    .unwrap();
            }
            tx.commit().await.unwrap();
        }

        // What Entente cannot review, or another tenant's objects, is refused by name.
        let stranger = server
            .partner_tenant(
                "Fabrikam",
                "fabrikam.example",
                "sam@fabrikam.example",
                "a long password",
                false,
            )
            .await;
        let dave_s = dave.to_string();
        for (patch, why) in [
            (
                json!({ "scope": { "query": format!("/groups/{}/transitiveMembers", uuid::Uuid::new_v4()) } }),
                "no such group",
            ),
            (
                json!({ "reviewers": [{ "query": "/me/manager" }] }),
                "is not a reviewer Entente knows",
            ),
            (
                json!({ "fallbackReviewers": [{ "query": format!("/users/{}", stranger.id) }] }),
                "no such user",
            ),
            (json!({ "scope": { "query": "/users" } }), "reviews guests"),
            (
                json!({ "scope": { "query": format!("/groups/{group}/transitiveMembers") },
                    "settings": { "instanceDurationInDays": 14,
                    "applyActions": [{ "@odata.type": "#microsoft.graph.disableAndDeleteUserApplyAction" }] } }),
                "guests only",
            ),
            (
                json!({ "settings": { "instanceDurationInDays": 120,
                    "recurrence": { "pattern": { "type": "absoluteMonthly", "interval": 3 } } } }),
                "longer than the recurrence",
            ),
        ] {
            let mut body = group_review(&group, &dave_s, start);
            for (key, value) in patch.as_object().unwrap() {
                body[key] = value.clone();
            }
            let (status, refused) = call(Method::POST, BASE.into(), Some(body)).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{why}: {refused}");
            assert!(refused.to_string().contains(why), "{why}: {refused}");
        }
        let (_, none) = call(Method::GET, BASE.into(), None).await;
        assert_eq!(none["value"], json!([]), "nothing was made: {none}");

        let (status, made) = call(
            Method::POST,
            BASE.into(),
            Some(group_review(&group, &dave_s, start)),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        assert_eq!(made["status"], "NotStarted");
        assert_eq!(made["reviewers"][0]["query"], "./sponsors");
        assert_eq!(
            made["settings"]["recurrence"]["pattern"]["interval"], 3,
            "{made}"
        );
        let review = made["id"].as_str().unwrap().to_owned();

        // Today: the first instance starts, once; Carol (two guests, in Dutch) and
        // Dave (one) are asked over SMTP.
        let real = now();
        let before = smtp.emails().len();
        assert_eq!(run_at(&server, real).await, 1);
        assert_eq!(run_at(&server, real).await, 0, "started once");
        let (_, instances) = call(Method::GET, format!("{BASE}/{review}/instances"), None).await;
        let items = instances["value"].as_array().expect("instances");
        assert_eq!(items.len(), 1, "{instances}");
        assert_eq!(items[0]["status"], "InProgress");
        let instance = items[0]["id"].as_str().unwrap().to_owned();
        let (_, decisions) = call(
            Method::GET,
            format!("{BASE}/{review}/instances/{instance}/decisions"),
            None,
        )
        .await;
        let found = ids_by_name(&decisions);
        assert_eq!(
            found
                .iter()
                .map(|(upn, _, rec)| (upn.split('#').next().unwrap().to_owned(), rec.clone()))
                .collect::<Vec<_>>(),
            [
                ("pat_partner.example".to_owned(), "Approve".to_owned()),
                ("quinn_partner.example".to_owned(), "Deny".to_owned()),
                ("rex_partner.example".to_owned(), "Deny".to_owned()),
            ],
            "{decisions}"
        );
        let decision_of = |guest: &str| {
            found
                .iter()
                .find(|(upn, _, _)| upn.starts_with(guest))
                .map(|(_, id, _)| id.clone())
                .unwrap()
        };
        let (pat_d, quinn_d, rex_d) =
            (decision_of("pat"), decision_of("quinn"), decision_of("rex"));
        let received = smtp.wait_for_emails(before + 2).await;
        let to_carol = received
            .iter()
            .find(|e| e.to.iter().any(|t| t.contains("carol@contoso.com")))
            .expect("Carol is asked");
        assert!(
            to_carol.subject.contains("beoordeel wie toegang behoudt"),
            "in Dutch: {}",
            to_carol.subject
        );
        let text = to_carol.text.as_deref().unwrap_or_default();
        assert!(
            text.contains(&format!("/{contoso}/myapps/reviews/{instance}")),
            "{text}"
        );
        assert!(text.contains("Keep only the partners"), "{text}");
        let to_dave = received
            .iter()
            .find(|e| e.to.iter().any(|t| t.contains("dave@contoso.com")))
            .expect("Dave is asked");
        assert!(
            to_dave
                .text
                .as_deref()
                .unwrap_or_default()
                .contains("1 person is waiting"),
            "{:?}",
            to_dave.text
        );

        // Carol's page: her two guests, not Rex; My Apps links to it.
        let (carol_cookies, _) = server
            .browser_sign_in(
                &server.url(&format!("/{contoso}/login")),
                "carol@contoso.com",
                "carol's long password",
            )
            .await
            .expect("Carol signs in");
        let get = |path: String, cookies: String| {
            let server = &server;
            async move {
                let response = server
                    .http
                    .get(server.url(&path))
                    .header("cookie", cookies)
                    .send()
                    .await
                    .unwrap();
                (response.status(), response.text().await.unwrap())
            }
        };
        let (_, myapps) = get(format!("/{contoso}/myapps"), carol_cookies.clone()).await;
        assert!(
            myapps.contains(&format!("id=\"review-{instance}\"")),
            "{myapps}"
        );
        assert!(myapps.contains("Quarterly partner review"), "{myapps}");
        let page_path = format!("/{contoso}/myapps/reviews/{instance}");
        let (status, page) = get(page_path.clone(), carol_cookies.clone()).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page.contains(&format!("id=\"d-{pat_d}\"")), "{page}");
        assert!(page.contains(&format!("id=\"d-{quinn_d}\"")), "{page}");
        assert!(!page.contains(&format!("id=\"d-{rex_d}\"")), "{page}");
        assert!(page.contains("Partner portal"), "what they reach: {page}");
        assert!(page.contains("Carol Clark"), "their sponsor: {page}");
        assert!(page.contains("0 of 2 decided"), "{page}");
        let csrf = entente_testkit::hidden_field(&page, "csrf").expect("csrf");
        let decide = |decision_id: String, value: &'static str, reason: &'static str| {
            let (server, cookies, csrf, path) = (
                &server,
                carol_cookies.clone(),
                csrf.clone(),
                page_path.clone(),
            );
            async move {
                server
                    .http
                    .post(server.url(&format!("{path}/decisions/{decision_id}")))
                    .header("cookie", cookies)
                    .form(&[
                        ("csrf", csrf.as_str()),
                        ("decision", value),
                        ("justification", reason),
                    ])
                    .send()
                    .await
                    .unwrap()
            }
        };
        // An approval needs a reason: refused beside its field, nothing recorded.
        let refused = decide(pat_d.clone(), "Approve", "").await;
        assert_eq!(refused.status(), StatusCode::SEE_OTHER);
        let back = refused.headers()["location"].to_str().unwrap().to_owned();
        assert!(back.contains(&format!("missing={pat_d}")), "{back}");
        let (_, page) = get(back, carol_cookies.clone()).await;
        assert!(page.contains(&format!("id=\"e-{pat_d}\"")), "{page}");
        assert!(page.contains("0 of 2 decided"), "{page}");
        let done = decide(pat_d.clone(), "Approve", "Runs our shared project").await;
        assert_eq!(done.status(), StatusCode::SEE_OTHER);
        // Rex is not Carol's to decide; another tenant's session has no page here.
        assert_eq!(
            decide(rex_d.clone(), "Deny", "").await.status(),
            StatusCode::NOT_FOUND
        );
        let (_, page) = get(page_path.clone(), carol_cookies.clone()).await;
        assert!(page.contains("1 of 2 decided"), "{page}");
        let (_, pat_item) = call(
            Method::GET,
            format!("{BASE}/{review}/instances/{instance}/decisions/{pat_d}"),
            None,
        )
        .await;
        assert_eq!(pat_item["decision"], "Approve", "{pat_item}");
        assert_eq!(pat_item["justification"], "Runs our shared project");
        assert_eq!(pat_item["reviewedBy"]["id"], carol.to_string());

        // Dave accepts the recommendations on his page: Rex denied.
        let (dave_cookies, _) = server
            .browser_sign_in(
                &server.url(&format!("/{contoso}/login")),
                "dave@contoso.com",
                "dave's long password",
            )
            .await
            .expect("Dave signs in");
        let (_, page) = get(page_path.clone(), dave_cookies.clone()).await;
        assert!(page.contains(&format!("id=\"d-{rex_d}\"")), "{page}");
        assert!(!page.contains(&format!("id=\"d-{pat_d}\"")), "{page}");
        let dave_csrf = entente_testkit::hidden_field(&page, "csrf").expect("csrf");
        let accepted = server
            .http
            .post(server.url(&format!("{page_path}/accept")))
            .header("cookie", &dave_cookies)
            .form(&[("csrf", dave_csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(accepted.status(), StatusCode::SEE_OTHER);
        let (_, page) = get(
            accepted.headers()["location"].to_str().unwrap().to_owned(),
            dave_cookies.clone(),
        )
        .await;
        assert!(page.contains("1 recommendation accepted."), "{page}");
        assert!(page.contains("1 of 1 decided"), "{page}");

        // Through Graph with her own (delegated) token, Carol sees her two decisions
        // only, and cannot record Rex's.
        let app = server
            .register_app("Reviews", "https://reviews.example/callback", false)
            .await;
        let carol_token = server
            .user_tokens(
                &app,
                "carol@contoso.com",
                "carol's long password",
                &format!("openid {}/.default", server.base_url),
            )
            .await;
        let carol_token = carol_token["access_token"]
            .as_str()
            .expect("a token")
            .to_owned();
        let (status, own) = server
            .call(
                Method::GET,
                &format!("{BASE}/{review}/instances/{instance}/decisions"),
                Some(&carol_token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{own}");
        assert_eq!(ids_by_name(&own).len(), 2, "{own}");
        let (status, body) = server
            .call(
                Method::PATCH,
                &format!("{BASE}/{review}/instances/{instance}/decisions/{rex_d}"),
                Some(&carol_token),
                Some(json!({ "decision": "Approve", "justification": "not mine" })),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        let (status, body) = server
            .call(
                Method::GET,
                &format!("{BASE}/{review}"),
                Some(&carol_token),
                None,
            )
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "a reviewer reads no definition: {body}"
        );

        // Halfway (day 7): only Carol still has an open decision (Quinn): reminded.
        assert_eq!(run_at(&server, real + 7 * DAY + 60).await, 1);
        let unsent = || {
            let server = &server;
            async move {
                let mut conn = server.services.store.read().await.expect("read");
                conn.db()
                    .list_outbox(tenant, None)
                    .await
                    .expect("the outbox")
                    .into_iter()
                    .filter(|e| e.sent_at.is_none())
                    .map(|e| {
                        entente_domain::mail::open_record(&server.services.master, e)
                            .expect("opens")
                    })
                    .collect::<Vec<_>>()
            }
        };
        let reminders: Vec<_> = unsent()
            .await
            .into_iter()
            .filter(|e| e.subject.contains("toegangsbeoordeling"))
            .collect();
        assert_eq!(reminders.len(), 1, "Carol only");
        assert_eq!(reminders[0].to, ["carol@contoso.com"]);

        // Day 14: the end. Quinn, undecided, takes the recommendation (deny); the
        // decisions apply by themselves: Quinn and Rex leave the group, Pat stays.
        assert_eq!(run_at(&server, real + 14 * DAY + 60).await, 1);
        assert_eq!(run_at(&server, real + 14 * DAY + 60).await, 0, "once");
        let (_, inst) = call(
            Method::GET,
            format!("{BASE}/{review}/instances/{instance}"),
            None,
        )
        .await;
        assert_eq!(inst["status"], "Applied", "{inst}");
        let (_, members) = call(Method::GET, format!("/v1.0/groups/{group}/members"), None).await;
        let members = members.to_string();
        assert!(members.contains(&pat.to_string()), "{members}");
        assert!(!members.contains(&quinn.to_string()), "{members}");
        assert!(!members.contains(&rex.to_string()), "{members}");
        let (_, quinn_item) = call(
            Method::GET,
            format!("{BASE}/{review}/instances/{instance}/decisions/{quinn_d}"),
            None,
        )
        .await;
        assert_eq!(quinn_item["decision"], "Deny", "{quinn_item}");
        assert_eq!(quinn_item["applyResult"], "AppliedSuccessfully");
        assert_eq!(
            quinn_item["reviewedBy"]["displayName"],
            "Entente Access Reviews"
        );
        // Decisions no longer change; the page says it has ended.
        let (status, body) = call(
            Method::PATCH,
            format!("{BASE}/{review}/instances/{instance}/decisions/{pat_d}"),
            Some(json!({ "decision": "Deny", "justification": "too late" })),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        let (_, page) = get(page_path.clone(), carol_cookies.clone()).await;
        assert!(page.contains("id=\"review-ended\""), "{page}");
        assert!(!page.contains("id=\"accept-recommendations\""), "{page}");

        // The next quarter: a second instance, with Pat alone now, who used the
        // application (a token refresh) on day 80: approve recommended, so the
        // default keeps Pat. It is the last (two occurrences), so the definition
        // completes when it ends.
        let (_, definition) = call(Method::GET, format!("{BASE}/{review}"), None).await;
        assert_eq!(definition["status"], "InProgress", "{definition}");
        assert_eq!(run_at(&server, real + 80 * DAY).await, 0, "not yet");
        {
            let mut tx = server.services.store.write().await.unwrap();
            tx.db()
                .record_non_interactive_sign_ins(&[(tenant, pat, real + 80 * DAY)])
                .await
                .unwrap();
            tx.commit().await.unwrap();
        }
        let quarter = real + 93 * DAY;
        assert_eq!(run_at(&server, quarter).await, 1);
        let (_, instances) = call(Method::GET, format!("{BASE}/{review}/instances"), None).await;
        let items = instances["value"].as_array().unwrap();
        assert_eq!(items.len(), 2, "{instances}");
        let second = items.iter().find(|i| i["id"] != instance.as_str()).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let (_, decisions) = call(
            Method::GET,
            format!("{BASE}/{review}/instances/{second}/decisions?$filter=decision eq 'NotReviewed'&$count=true"),
            None,
        )
        .await;
        assert_eq!(ids_by_name(&decisions).len(), 1, "Pat alone: {decisions}");
        assert_eq!(
            decisions["value"][0]["recommendation"], "Approve",
            "{decisions}"
        );
        assert_eq!(run_at(&server, quarter + 15 * DAY).await, 2, "remind, end");
        let (_, members) = call(Method::GET, format!("/v1.0/groups/{group}/members"), None).await;
        assert!(members.to_string().contains(&pat.to_string()), "{members}");
        let (_, definition) = call(Method::GET, format!("{BASE}/{review}"), None).await;
        assert_eq!(definition["status"], "Completed", "{definition}");
        assert_eq!(run_at(&server, quarter + 200 * DAY).await, 0, "no third");

        // Another tenant sees and changes nothing of it, on any route.
        let theirs = server.sign(&server.api_claims(
            stranger.tenant_id,
            uuid::Uuid::new_v4(),
            "app",
            &["Directory.ReadWrite.All"],
            now(),
        ));
        let inst_path = format!("{BASE}/{review}/instances/{instance}");
        for (method, path, body) in [
            (Method::GET, format!("{BASE}/{review}"), None),
            (
                Method::PUT,
                format!("{BASE}/{review}"),
                Some(group_review(&group, &dave_s, start)),
            ),
            (Method::DELETE, format!("{BASE}/{review}"), None),
            (Method::POST, format!("{BASE}/{review}/stop"), None),
            (Method::GET, format!("{BASE}/{review}/instances"), None),
            (Method::GET, inst_path.clone(), None),
            (Method::POST, format!("{inst_path}/stop"), None),
            (Method::POST, format!("{inst_path}/applyDecisions"), None),
            (Method::GET, format!("{inst_path}/decisions"), None),
            (Method::GET, format!("{inst_path}/decisions/{pat_d}"), None),
            (
                Method::PATCH,
                format!("{inst_path}/decisions/{pat_d}"),
                Some(json!({ "decision": "Deny" })),
            ),
        ] {
            let (status, body) = server
                .call(method.clone(), &path, Some(&theirs), body)
                .await;
            assert!(
                status == StatusCode::NOT_FOUND || status == StatusCode::BAD_REQUEST,
                "{method} {path}: {status} {body}"
            );
            assert_ne!(status, StatusCode::OK);
        }
        // Nor does another tenant's signed-in person, as a reviewer would call.
        let sam =
            server.sign(&server.api_claims(stranger.tenant_id, stranger.id.0, "user", &[], now()));
        for (method, path, body) in [
            (
                Method::POST,
                format!("{inst_path}/acceptRecommendations"),
                None,
            ),
            (Method::GET, format!("{inst_path}/decisions"), None),
            (
                Method::PATCH,
                format!("{inst_path}/decisions/{pat_d}"),
                Some(json!({ "decision": "Deny" })),
            ),
        ] {
            let (status, body) = server.call(method.clone(), &path, Some(&sam), body).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}: {body}");
        }
        let (_, theirs_list) = server.call(Method::GET, BASE, Some(&theirs), None).await;
        assert_eq!(theirs_list["value"], json!([]), "{theirs_list}");
        // Nor does another tenant's person see a page of it.
        let (sam_cookies, _) = server
            .browser_sign_in(
                &server.url(&format!("/{}/login", stranger.tenant_id)),
                "sam@fabrikam.example",
                "a long password",
            )
            .await
            .expect("Sam signs in at home");
        let (status, _) = get(page_path.clone(), sam_cookies).await;
        assert_ne!(status, StatusCode::OK);

        let (_, audit) = call(Method::GET, "/v1.0/auditLogs/directoryAudits".into(), None).await;
        let audit = audit.to_string();
        for (action, count) in [
            ("Create access review", 1),
            ("Start access review", 2),
            ("Record access review decision", 1),
            ("Accept access review recommendations", 1),
            ("Remind access reviewers", 2),
            ("End access review", 2),
            ("Remove member from group: access review", 2),
            ("Applied access review", 2),
        ] {
            assert_eq!(audit.matches(action).count(), count, "{action}: {audit}");
        }
        server.stop().await;
    }
}

/// The portal's review pages and the reviewer's page in Chromium, each audited with
/// axe-core: the list, a refused and an accepted new review, a sponsor's decisions
/// (a refused approval without a reason), the recommendations accepted, an
/// occurrence ended by hand with its decisions filtered and downloaded.
#[tokio::test]
async fn the_review_pages_work_in_a_browser() {
    let server = TestServer::start_on(entente_testkit::Backend::Sqlite).await;
    let token = server.api_token().await;
    let tenant = server.bootstrap().tenant_id;
    let contoso = tenant.to_string();
    let call = |method: Method, path: String, body: Option<Value>| {
        let (server, token) = (&server, token.clone());
        async move { server.call(method, &path, Some(&token), body).await }
    };
    let carol = server
        .create_member("carol@contoso.com", "Carol Clark", "carol's long password")
        .await
        .id;
    let dave = server
        .create_member("dave@contoso.com", "Dave Doe", "dave's long password")
        .await
        .id;
    let (_, group) = call(
        Method::POST,
        "/v1.0/groups".into(),
        Some(json!({ "displayName": "Project Falcon" })),
    )
    .await;
    let group = group["id"].as_str().unwrap().to_owned();
    let mut guests = Vec::new();
    for email in [
        "pat@partner.example",
        "quinn@partner.example",
        "rex@partner.example",
    ] {
        let (status, body) = call(
            Method::POST,
            "/v1.0/invitations".into(),
            Some(
                json!({ "invitedUserEmailAddress": email, "invitedUserDisplayName": email,
                "inviteRedirectUrl": "https://app.contoso.example/",
                "invitedUserSponsors": [{ "id": carol }] }),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let id = body["invitedUser"]["id"].as_str().unwrap().to_owned();
        call(
            Method::POST,
            format!("/v1.0/groups/{group}/members/$ref"),
            Some(json!({ "@odata.id": format!("{}/v1.0/directoryObjects/{id}", server.base_url) })),
        )
        .await;
        guests.push(id);
    }
    let start = now();
    {
        let mut tx = server.services.store.write().await.unwrap();
        tx.db()
            .set_user_created_at(tenant, guests[2].parse().unwrap(), start - 60 * DAY)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    let (status, made) = call(
        Method::POST,
        BASE.into(),
        Some(group_review(&group, &dave.to_string(), start)),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let review = made["id"].as_str().unwrap().to_owned();
    assert_eq!(run_at(&server, now()).await, 1);
    let (_, instances) = call(Method::GET, format!("{BASE}/{review}/instances"), None).await;
    let instance = instances["value"][0]["id"].as_str().unwrap().to_owned();
    let (_, decisions) = call(
        Method::GET,
        format!("{BASE}/{review}/instances/{instance}/decisions"),
        None,
    )
    .await;
    let found = ids_by_name(&decisions);
    let decision_of = |guest: &str| {
        found
            .iter()
            .find(|(upn, _, _)| upn.starts_with(guest))
            .map(|(_, id, _)| id.clone())
            .unwrap()
    };
    let seen = crate::browser::scenario(
        "access-reviews",
        json!({
            "base": server.base_url, "tenant": contoso, "login": entente_testkit::ADMIN_EMAIL,
            "password": entente_testkit::ADMIN_PASSWORD,
            "groupName": "Project Falcon", "fallback": "dave@contoso.com",
            "sponsorLogin": "carol@contoso.com", "sponsorPassword": "carol's long password",
            "reviewerUrl": format!("{}/{contoso}/myapps/reviews/{instance}", server.base_url),
            "occurrenceUrl": format!("{}/{contoso}/admin/reviews/{review}/instances/{instance}", server.base_url),
            "first": decision_of("pat"), "second": decision_of("quinn"),
            "groupUrl": format!("{}/{contoso}/admin/groups/{group}", server.base_url),
        }),
    )
    .await;
    let said = |key: &str| seen[key].as_str().unwrap_or_default().to_owned();
    assert!(
        said("listed").contains("Quarterly partner review"),
        "{seen}"
    );
    assert!(
        said("refused").contains("No group or application of this organization"),
        "{seen}"
    );
    assert_eq!(said("kept"), "Yearly partner review", "{seen}");
    assert_eq!(said("made"), "Yearly partner review", "{seen}");
    assert!(
        said("covers").contains("Guests in Project Falcon"),
        "{seen}"
    );
    assert!(
        said("schedule").contains("Next occurrence starts on"),
        "{seen}"
    );
    assert!(said("before").contains("0 of 3 decided"), "{seen}");
    assert!(said("reasonError").contains("Give a reason"), "{seen}");
    assert_eq!(said("approved"), "Approved", "{seen}");
    assert_eq!(said("denied"), "Denied", "{seen}");
    assert!(
        said("accepted").contains("1 recommendation accepted"),
        "{seen}"
    );
    assert!(said("after").contains("3 of 3 decided"), "{seen}");
    assert_eq!(said("status"), "Applied", "{seen}");
    assert!(said("counts").contains("Approved: 1 · Denied: 2"), "{seen}");
    assert_eq!(seen["deniedRows"], 2, "{seen}");
    let csv = said("csv");
    assert!(
        csv.contains("principalId,displayName,userPrincipalName"),
        "{csv}"
    );
    assert!(csv.contains("Still on the project"), "{csv}");
    assert_eq!(csv.lines().count(), 4, "a header and three people: {csv}");
    assert!(said("ended").contains("has ended"), "{seen}");
    // Quinn and Rex left the group when the occurrence ended.
    let (_, members) = call(Method::GET, format!("/v1.0/groups/{group}/members"), None).await;
    let members = members.to_string();
    assert!(members.contains(&guests[0]), "{members}");
    assert!(
        !members.contains(&guests[1]) && !members.contains(&guests[2]),
        "{members}"
    );
    let audited = seen["audits"].as_object().expect("audits").len();
    assert_eq!(audited, 11, "{seen}");
    assert!(
        said("ownerRefused").contains("dave@contoso.com")
            || said("ownerRefused").contains("nobody@contoso.com"),
        "{seen}"
    );
    assert!(said("owners").contains("Dave Doe"), "{seen}");
    // Another tenant's administrator reaches none of these pages.
    let stranger = server
        .partner_tenant(
            "Fabrikam",
            "fabrikam.example",
            "sam@fabrikam.example",
            "a long password",
            false,
        )
        .await;
    {
        // Sam administers Fabrikam: its portal's review pages answer Sam, but not
        // with Contoso's review.
        let mut tx = server.services.store.write().await.unwrap();
        tx.db()
            .grant_directory_role(
                stranger.tenant_id,
                stranger.id,
                entente_model::DirectoryRole::GlobalAdministrator,
            )
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    let (sam, _) = server
        .browser_sign_in(
            &server.url(&format!("/{}/login", stranger.tenant_id)),
            "sam@fabrikam.example",
            "a long password",
        )
        .await
        .expect("Sam signs in at home");
    for path in [
        format!("/{contoso}/admin/reviews/{review}"),
        format!("/{contoso}/admin/reviews/{review}/instances/{instance}"),
        format!("/{contoso}/admin/reviews/{review}/instances/{instance}/decisions.csv"),
        format!("/{}/admin/reviews/{review}", stranger.tenant_id),
        format!(
            "/{}/admin/reviews/{review}/instances/{instance}/decisions.csv",
            stranger.tenant_id
        ),
    ] {
        let response = server
            .http
            .get(server.url(&path))
            .header("cookie", &sam)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let body = response.text().await.unwrap();
        assert_ne!(status, StatusCode::OK, "{path}: {body}");
        if path.starts_with(&format!("/{}", stranger.tenant_id)) {
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
        }
        assert!(!body.contains("Quarterly partner review"), "{path}");
    }
    // Nor change them through its own portal's forms.
    let own = server
        .http
        .get(server.url(&format!("/{}/admin/reviews", stranger.tenant_id)))
        .header("cookie", &sam)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let sam_csrf = entente_testkit::hidden_field(&own, "csrf").expect("Fabrikam's csrf");
    assert!(
        !own.contains("Quarterly partner review") && !own.contains("Yearly partner review"),
        "Fabrikam's list is its own"
    );
    let fabrikam = stranger.tenant_id;
    for path in [
        format!("/{fabrikam}/admin/reviews/{review}/stop"),
        format!("/{fabrikam}/admin/reviews/{review}/delete"),
        format!("/{fabrikam}/admin/reviews/{review}/instances/{instance}/end"),
        format!("/{fabrikam}/admin/reviews/{review}/instances/{instance}/apply"),
        format!("/{fabrikam}/admin/groups/{group}/owners"),
        format!("/{fabrikam}/admin/groups/{group}/owners/remove"),
    ] {
        let response = server
            .http
            .post(server.url(&path))
            .header("cookie", &sam)
            .form(&[
                ("csrf", sam_csrf.as_str()),
                ("confirm", "on"),
                ("user", &stranger.id.to_string()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
    for path in [
        format!("/{contoso}/myapps/reviews/{instance}/accept"),
        format!(
            "/{contoso}/myapps/reviews/{instance}/decisions/{}",
            decision_of("pat")
        ),
    ] {
        let response = server
            .http
            .post(server.url(&path))
            .header("cookie", &sam)
            .form(&[("csrf", sam_csrf.as_str()), ("decision", "Deny")])
            .send()
            .await
            .unwrap();
        let location = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(
            response.status() == StatusCode::FORBIDDEN || location.contains("/login"),
            "{path}: {} {location}",
            response.status()
        );
    }
    let (_, pat_item) = call(
        Method::GET,
        format!(
            "{BASE}/{review}/instances/{instance}/decisions/{}",
            decision_of("pat")
        ),
        None,
    )
    .await;
    assert_eq!(pat_item["decision"], "Approve", "unchanged: {pat_item}");
    server.stop().await;
}

/// A review of all guests that blocks and then deletes what is denied, with no
/// reviewer answering (the default decision denies): 16 runs at once on two nodes
/// start it once and end it once; 16 applyDecisions at once apply it once (one 204,
/// the rest 409), each guest blocked once; the guests go to deleted items after the
/// grace, through the access end's own steps; on each backend.
#[tokio::test]
async fn parallel_runs_start_end_and_apply_a_review_once() {
    for backend in backends() {
        let first = TestServer::start_on(backend).await;
        let second = first.start_second_node().await;
        let token = first.api_token().await;
        let mut guests = Vec::new();
        for i in 0..20 {
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
            guests.push(body["invitedUser"]["id"].as_str().unwrap().to_owned());
        }
        let start = now();
        let body = json!({
            "displayName": "All guests, once",
            "scope": { "query": "/users?$filter=(userType eq 'Guest')", "queryType": "MicrosoftGraph" },
            "reviewers": [{ "query": "./sponsors", "queryType": "MicrosoftGraph" }],
            "settings": {
                "instanceDurationInDays": 3,
                "reminderNotificationsEnabled": false,
                "defaultDecisionEnabled": true,
                "defaultDecision": "Deny",
                "autoApplyDecisionsEnabled": false,
                "applyActions": [{ "@odata.type": "#microsoft.graph.disableAndDeleteUserApplyAction" }]
            }
        });
        let (status, made) = first
            .call(Method::POST, BASE, Some(&token), Some(body))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        let review = made["id"].as_str().unwrap().to_owned();
        let runs = |at: i64| {
            let (a, b) = (first.services.clone(), second.services.clone());
            async move {
                let mut tasks = tokio::task::JoinSet::new();
                for i in 0..16 {
                    let services = if i % 2 == 0 { a.clone() } else { b.clone() };
                    tasks.spawn(async move {
                        entente_domain::reviews::run_due(&services, at)
                            .await
                            .expect("the reviews run")
                    });
                }
                tasks.join_all().await.into_iter().sum::<usize>()
            }
        };
        assert_eq!(runs(start + 60).await, 1, "started once");
        let (_, instances) = first
            .call(
                Method::GET,
                &format!("{BASE}/{review}/instances"),
                Some(&token),
                None,
            )
            .await;
        let items = instances["value"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{instances}");
        let instance = items[0]["id"].as_str().unwrap().to_owned();
        let (_, decisions) = first
            .call(
                Method::GET,
                &format!("{BASE}/{review}/instances/{instance}/decisions"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(
            decisions["value"].as_array().unwrap().len(),
            20,
            "{decisions}"
        );
        // Nobody sponsors them: the Global Administrator reviews them all.
        assert_eq!(runs(start + 3 * DAY + 60).await, 1, "ended once");
        let (_, inst) = first
            .call(
                Method::GET,
                &format!("{BASE}/{review}/instances/{instance}"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(inst["status"], "Completed", "{inst}");

        let second_token = token.clone();
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..16 {
            let node = if i % 2 == 0 {
                first.base_url.clone()
            } else {
                second.base_url.clone()
            };
            let (http, token, path) = (
                first.http.clone(),
                second_token.clone(),
                format!("{BASE}/{review}/instances/{instance}/applyDecisions"),
            );
            tasks.spawn(async move {
                http.post(format!("{node}{path}"))
                    .bearer_auth(token)
                    .send()
                    .await
                    .unwrap()
                    .status()
            });
        }
        let statuses = tasks.join_all().await;
        assert_eq!(
            statuses
                .iter()
                .filter(|s| **s == StatusCode::NO_CONTENT)
                .count(),
            1,
            "{statuses:?}"
        );
        assert!(
            statuses
                .iter()
                .all(|s| *s == StatusCode::NO_CONTENT || *s == StatusCode::CONFLICT)
        );
        let (_, inst) = first
            .call(
                Method::GET,
                &format!("{BASE}/{review}/instances/{instance}"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(inst["status"], "Applied", "{inst}");
        let (_, audit) = first
            .call(
                Method::GET,
                "/v1.0/auditLogs/directoryAudits?$top=999",
                Some(&token),
                None,
            )
            .await;
        let audit = audit.to_string();
        for (action, count) in [
            ("Start access review", 1),
            ("End access review", 1),
            ("Block guest: access review, deleted after the grace", 20),
            ("Applied access review", 1),
        ] {
            assert_eq!(audit.matches(action).count(), count, "{action}");
        }
        let (_, guest) = first
            .call(
                Method::GET,
                &format!("/v1.0/users/{}", guests[0]),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(guest["accountEnabled"], false, "{guest}");
        // After the tenant's grace (30 days), the access end's own step deletes them.
        let deleted = entente_domain::lifecycle::run_due(&first.services, now() + 31 * DAY)
            .await
            .expect("the lifecycle runs");
        assert_eq!(deleted, 20);
        let (status, _) = first
            .call(
                Method::GET,
                &format!("/v1.0/users/{}", guests[0]),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        second.stop().await;
        first.stop().await;
    }
}

/// A review of the guests assigned to an application, decided by the administrators
/// through Graph: the denied guest's assignment is removed when an administrator
/// stops the occurrence (it applies by itself), the approved one's stays; on each
/// backend.
#[tokio::test]
async fn an_application_review_removes_the_denied_assignments() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let token = server.api_token().await;
        let call = |method: Method, path: String, body: Option<Value>| {
            let (server, token) = (&server, token.clone());
            async move { server.call(method, &path, Some(&token), body).await }
        };
        let app = server
            .register_app("Partner portal", "https://portal.example/callback", false)
            .await;
        let mut guests = Vec::new();
        for email in ["pat@partner.example", "quinn@partner.example"] {
            let (status, body) = call(
                Method::POST,
                "/v1.0/invitations".into(),
                Some(
                    json!({ "invitedUserEmailAddress": email, "invitedUserDisplayName": email,
                    "inviteRedirectUrl": "https://app.contoso.example/" }),
                ),
            )
            .await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
            let id = body["invitedUser"]["id"].as_str().unwrap().to_owned();
            let (status, body) = call(
                Method::POST,
                format!("/v1.0/users/{id}/appRoleAssignments"),
                Some(json!({ "principalId": id, "resourceId": app.id.to_string(),
                    "appRoleId": uuid::Uuid::nil().to_string() })),
            )
            .await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
            guests.push(id);
        }
        let admins = "/directoryRoles/roleTemplateId=62e90394-69f5-4237-9190-012177145e10/members";
        let (status, made) = call(
            Method::POST,
            BASE.into(),
            Some(json!({
                "displayName": "Portal users",
                "scope": { "query": format!("/servicePrincipals/{}/appRoleAssignedTo?$filter=(userType eq 'Guest')", app.id),
                    "queryType": "MicrosoftGraph" },
                "reviewers": [{ "query": admins, "queryType": "MicrosoftGraph" }],
                "settings": { "instanceDurationInDays": 5, "autoApplyDecisionsEnabled": true,
                    "mailNotificationsEnabled": false }
            })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        assert_eq!(made["reviewers"][0]["query"], admins, "{made}");
        let review = made["id"].as_str().unwrap().to_owned();
        assert_eq!(run_at(&server, now()).await, 1);
        let (_, instances) = call(Method::GET, format!("{BASE}/{review}/instances"), None).await;
        let instance = instances["value"][0]["id"].as_str().unwrap().to_owned();
        let (_, decisions) = call(
            Method::GET,
            format!("{BASE}/{review}/instances/{instance}/decisions"),
            None,
        )
        .await;
        let items = decisions["value"].as_array().unwrap();
        assert_eq!(items.len(), 2, "{decisions}");
        assert_eq!(items[0]["resource"]["displayName"], "Partner portal");
        assert_eq!(items[0]["resource"]["type"], "application");
        for item in items {
            let upn = item["principal"]["userPrincipalName"].as_str().unwrap();
            let value = if upn.starts_with("pat") {
                "Approve"
            } else {
                "Deny"
            };
            let (status, body) = call(
                Method::PATCH,
                format!(
                    "{BASE}/{review}/instances/{instance}/decisions/{}",
                    item["id"].as_str().unwrap()
                ),
                Some(json!({ "decision": value, "justification": "checked with the project" })),
            )
            .await;
            assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
        }
        let (status, body) = call(
            Method::POST,
            format!("{BASE}/{review}/instances/{instance}/stop"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
        let (_, inst) = call(
            Method::GET,
            format!("{BASE}/{review}/instances/{instance}"),
            None,
        )
        .await;
        assert_eq!(inst["status"], "Applied", "{inst}");
        let assigned = |guest: String| {
            let call = &call;
            async move {
                let (_, body) = call(
                    Method::GET,
                    format!("/v1.0/users/{guest}/appRoleAssignments"),
                    None,
                )
                .await;
                body["value"].as_array().map(Vec::len).unwrap_or_default()
            }
        };
        assert_eq!(assigned(guests[0].clone()).await, 1, "Pat approved: kept");
        assert_eq!(
            assigned(guests[1].clone()).await,
            0,
            "Quinn denied: removed"
        );
        let (status, _) = call(
            Method::POST,
            format!("{BASE}/{review}/instances/{instance}/stop"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "stopped once");
        let (_, audit) = call(Method::GET, "/v1.0/auditLogs/directoryAudits".into(), None).await;
        let audit = audit.to_string();
        assert_eq!(
            audit
                .matches("Remove app role assignment: access review")
                .count(),
            1
        );
        assert_eq!(audit.matches("Record access review decision").count(), 2);
        server.stop().await;
    }
}

/// A group's owners through Graph (`/groups/{id}/owners`, `$ref` add and remove; a
/// second add is a conflict; another tenant's token and user are nobody here), and
/// a review whose reviewers are the group's owners: the owner's page lists the
/// group's guests; on each backend.
#[tokio::test]
async fn group_owners_are_kept_through_graph_and_review_their_group() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let token = server.api_token().await;
        let tenant = server.bootstrap().tenant_id;
        let call = |method: Method, path: String, body: Option<Value>| {
            let (server, token) = (&server, token.clone());
            async move { server.call(method, &path, Some(&token), body).await }
        };
        let dave = server
            .create_member("dave@contoso.com", "Dave Doe", "dave's long password")
            .await
            .id;
        let (_, group) = call(
            Method::POST,
            "/v1.0/groups".into(),
            Some(json!({ "displayName": "Project Heron" })),
        )
        .await;
        let group = group["id"].as_str().unwrap().to_owned();
        let reference = |id: String| json!({ "@odata.id": format!("{}/v1.0/directoryObjects/{id}", server.base_url) });
        let owners = format!("/v1.0/groups/{group}/owners");
        let (status, body) = call(
            Method::POST,
            format!("{owners}/$ref"),
            Some(reference(dave.to_string())),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
        let (status, _) = call(
            Method::POST,
            format!("{owners}/$ref"),
            Some(reference(dave.to_string())),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "an owner once");
        let (_, listed) = call(Method::GET, owners.clone(), None).await;
        assert_eq!(listed["value"][0]["displayName"], "Dave Doe", "{listed}");
        assert_eq!(listed["value"][0]["@odata.type"], "#microsoft.graph.user");
        let stranger = server
            .partner_tenant(
                "Fabrikam",
                "fabrikam.example",
                "sam@fabrikam.example",
                "a long password",
                false,
            )
            .await;
        let (status, _) = call(
            Method::POST,
            format!("{owners}/$ref"),
            Some(reference(stranger.id.to_string())),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "another tenant's user");
        let theirs = server.sign(&server.api_claims(
            stranger.tenant_id,
            uuid::Uuid::new_v4(),
            "app",
            &["Directory.ReadWrite.All"],
            now(),
        ));
        for (method, path, body) in [
            (Method::GET, owners.clone(), None),
            (
                Method::POST,
                format!("{owners}/$ref"),
                Some(reference(stranger.id.to_string())),
            ),
            (Method::DELETE, format!("{owners}/{dave}/$ref"), None),
        ] {
            let (status, _) = server
                .call(method.clone(), &path, Some(&theirs), body)
                .await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}");
        }

        let mut guests = Vec::new();
        for email in ["pat@partner.example", "quinn@partner.example"] {
            let (_, body) = call(
                Method::POST,
                "/v1.0/invitations".into(),
                Some(json!({ "invitedUserEmailAddress": email,
                    "inviteRedirectUrl": "https://app.contoso.example/" })),
            )
            .await;
            let id = body["invitedUser"]["id"].as_str().unwrap().to_owned();
            call(
                Method::POST,
                format!("/v1.0/groups/{group}/members/$ref"),
                Some(reference(id.clone())),
            )
            .await;
            guests.push(id);
        }
        let (status, made) = call(
            Method::POST,
            BASE.into(),
            Some(json!({
                "displayName": "Heron guests",
                "scope": { "query": format!("/groups/{group}/transitiveMembers/microsoft.graph.user/?$filter=(userType eq 'Guest')") },
                "reviewers": [{ "query": format!("/groups/{group}/owners"), "queryType": "MicrosoftGraph" }],
                "settings": { "instanceDurationInDays": 7, "mailNotificationsEnabled": false }
            })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        assert_eq!(
            made["reviewers"][0]["query"],
            format!("/groups/{group}/owners")
        );
        let review = made["id"].as_str().unwrap().to_owned();
        assert_eq!(run_at(&server, now()).await, 1);
        let (_, instances) = call(Method::GET, format!("{BASE}/{review}/instances"), None).await;
        let instance = instances["value"][0]["id"].as_str().unwrap().to_owned();
        let (cookies, _) = server
            .browser_sign_in(
                &server.url(&format!("/{tenant}/login")),
                "dave@contoso.com",
                "dave's long password",
            )
            .await
            .expect("Dave signs in");
        let page = server
            .http
            .get(server.url(&format!("/{tenant}/myapps/reviews/{instance}")))
            .header("cookie", &cookies)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("0 of 2 decided"), "{page}");
        assert!(
            page.contains("pat@partner.example") || page.contains("pat_partner"),
            "{page}"
        );

        let (status, _) = call(Method::DELETE, format!("{owners}/{dave}/$ref"), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = call(Method::DELETE, format!("{owners}/{dave}/$ref"), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "removed once");
        let (_, listed) = call(Method::GET, owners.clone(), None).await;
        assert_eq!(listed["value"], json!([]), "{listed}");
        let (_, audit) = call(Method::GET, "/v1.0/auditLogs/directoryAudits".into(), None).await;
        let audit = audit.to_string();
        assert_eq!(audit.matches("Add owner to group").count(), 1);
        assert_eq!(audit.matches("Remove owner from group").count(), 1);
        server.stop().await;
    }
}

/// The portal's form and buttons, refused where they must be: a review the domain
/// refuses (a length of 0 days) answers 400 with the reason and makes nothing; a
/// delete without its ticked confirmation deletes nothing; an unknown filter of an
/// occurrence's decisions shows them all; another tenant's list is its own.
#[tokio::test]
async fn the_portal_refuses_a_bad_review_and_deletes_only_when_confirmed() {
    let server = TestServer::start_on(entente_testkit::Backend::Sqlite).await;
    let token = server.api_token().await;
    let contoso = server.bootstrap().tenant_id.to_string();
    let (cookies, _) = server
        .browser_sign_in(
            &server.url(&format!("/{contoso}/login")),
            entente_testkit::ADMIN_EMAIL,
            entente_testkit::ADMIN_PASSWORD,
        )
        .await
        .expect("the admin signs in");
    let page = |path: String| {
        let (server, cookies) = (&server, cookies.clone());
        async move {
            let response = server
                .http
                .get(server.url(&path))
                .header("cookie", cookies)
                .send()
                .await
                .unwrap();
            (response.status(), response.text().await.unwrap())
        }
    };
    let post = |path: String, form: Vec<(&'static str, String)>| {
        let (server, cookies) = (&server, cookies.clone());
        async move {
            let response = server
                .http
                .post(server.url(&path))
                .header("cookie", cookies)
                .form(&form)
                .send()
                .await
                .unwrap();
            (response.status(), response.text().await.unwrap())
        }
    };
    let (_, list) = page(format!("/{contoso}/admin/reviews")).await;
    let csrf = entente_testkit::hidden_field(&list, "csrf").expect("csrf");
    let form = |duration: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("display_name", "Zero days".to_owned()),
            ("scope", "guests".to_owned()),
            ("reviewers", "admins".to_owned()),
            ("duration", duration.to_owned()),
            ("recurrence", "once".to_owned()),
        ]
    };
    let (status, body) = post(format!("/{contoso}/admin/reviews"), form("0")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body.contains("instanceDurationInDays must be from 1 to 365"),
        "{body}"
    );
    assert!(
        body.contains("value=\"Zero days\""),
        "what was typed is kept"
    );
    let (_, none) = server.call(Method::GET, BASE, Some(&token), None).await;
    assert_eq!(none["value"], json!([]), "nothing made: {none}");

    let (status, _) = post(format!("/{contoso}/admin/reviews"), form("3")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, made) = server.call(Method::GET, BASE, Some(&token), None).await;
    let review = made["value"][0]["id"].as_str().expect("made").to_owned();
    let (status, _) = post(
        format!("/{contoso}/admin/reviews/{review}/delete"),
        vec![("csrf", csrf.clone())],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = server
        .call(Method::GET, &format!("{BASE}/{review}"), Some(&token), None)
        .await;
    assert_eq!(status, StatusCode::OK, "not confirmed: kept");

    assert_eq!(run_at(&server, now()).await, 1);
    let (_, instances) = server
        .call(
            Method::GET,
            &format!("{BASE}/{review}/instances"),
            Some(&token),
            None,
        )
        .await;
    let instance = instances["value"][0]["id"].as_str().unwrap().to_owned();
    let (status, body) = page(format!(
        "/{contoso}/admin/reviews/{review}/instances/{instance}?show=x%26after%3Dy"
    ))
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        !body.contains("after=y"),
        "an unknown filter is not written back"
    );

    let (status, _) = post(
        format!("/{contoso}/admin/reviews/{review}/delete"),
        vec![("csrf", csrf.clone()), ("confirm", "on".to_owned())],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = server
        .call(Method::GET, &format!("{BASE}/{review}"), Some(&token), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "confirmed: deleted");
    server.stop().await;
}
