//! Sponsors (issue 22, decision 0015): `/v1.0/users/{id}/sponsors` with `$ref`, on
//! each backend: a member user and a group sponsor a guest; a guest, the user itself,
//! an unknown id and another tenant's person cannot; a sponsor named twice is a
//! conflict; removal ends it once; a deleted group leaves the list; another tenant
//! reads and changes nothing; each change is audited; a user who invites sponsors the
//! new guest.

use entente_testkit::{TestServer, backends, now};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn reference(id: &str) -> Value {
    json!({ "@odata.id": format!("https://graph.microsoft.com/v1.0/directoryObjects/{id}") })
}

#[tokio::test]
async fn members_and_groups_sponsor_a_guest_by_ref_and_only_in_their_tenant() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let token = server.api_token().await;
        let call = |method: Method, path: String, body: Option<Value>| {
            let (server, token) = (&server, token.clone());
            async move { server.call(method, &path, Some(&token), body).await }
        };
        let (status, invited) = call(
            Method::POST,
            "/v1.0/invitations".into(),
            Some(json!({ "invitedUserEmailAddress": "pat@partner.example",
                "inviteRedirectUrl": "https://app.contoso.example/" })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{invited}");
        let guest = invited["invitedUser"]["id"]
            .as_str()
            .expect("guest")
            .to_owned();
        let carol = server
            .create_member("carol@contoso.com", "Carol Clark", "carol's long password")
            .await
            .id
            .to_string();
        let (status, group) = call(
            Method::POST,
            "/v1.0/groups".into(),
            Some(json!({ "displayName": "Partner managers" })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{group}");
        let group = group["id"].as_str().expect("group").to_owned();
        let sponsors = format!("/v1.0/users/{guest}/sponsors");
        let add = format!("{sponsors}/$ref");

        for sponsor in [&carol, &group] {
            let (status, body) = call(Method::POST, add.clone(), Some(reference(sponsor))).await;
            assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
        }
        let (status, body) = call(Method::POST, add.clone(), Some(reference(&carol))).await;
        assert_eq!(status, StatusCode::CONFLICT, "named twice: {body}");
        let (status, body) = call(Method::POST, add.clone(), Some(reference(&guest))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "itself: {body}");
        let (status, body) = call(
            Method::POST,
            format!("/v1.0/users/{carol}/sponsors/$ref"),
            Some(reference(&guest)),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "a guest sponsors nobody: {body}"
        );
        let nobody = uuid::Uuid::new_v4().to_string();
        let (status, _) = call(Method::POST, add.clone(), Some(reference(&nobody))).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
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
            add.clone(),
            Some(reference(&stranger.id.to_string())),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "another tenant's person is nobody here"
        );

        let (status, listed) = call(Method::GET, sponsors.clone(), None).await;
        assert_eq!(status, StatusCode::OK, "{listed}");
        let items = listed["value"].as_array().expect("sponsors");
        assert_eq!(items.len(), 2, "{listed}");
        assert_eq!(items[0]["@odata.type"], "#microsoft.graph.user");
        assert_eq!(items[0]["id"], carol.as_str());
        assert_eq!(items[0]["displayName"], "Carol Clark");
        assert_eq!(items[0]["mail"], "carol@contoso.com");
        assert_eq!(items[1]["@odata.type"], "#microsoft.graph.group");
        assert_eq!(items[1]["displayName"], "Partner managers");

        // Another tenant reads and changes nothing of it.
        let theirs = server.sign(&server.api_claims(
            stranger.tenant_id,
            uuid::Uuid::new_v4(),
            "app",
            &["Directory.ReadWrite.All"],
            now(),
        ));
        for (method, path, body) in [
            (Method::GET, sponsors.clone(), None),
            (
                Method::POST,
                add.clone(),
                Some(reference(&stranger.id.to_string())),
            ),
            (Method::DELETE, format!("{sponsors}/{carol}/$ref"), None),
        ] {
            let (status, _) = server
                .call(method.clone(), &path, Some(&theirs), body)
                .await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}");
        }

        let remove = format!("{sponsors}/{carol}/$ref");
        let (status, _) = call(Method::DELETE, remove.clone(), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = call(Method::DELETE, remove, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "removed once");
        // A deleted group sponsors nobody any more.
        let (status, _) = call(Method::DELETE, format!("/v1.0/groups/{group}"), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, listed) = call(Method::GET, sponsors.clone(), None).await;
        assert_eq!(listed["value"], json!([]), "{listed}");
        // Restored, it sponsors again; purged, its sponsorship is gone with it.
        let (status, body) = call(
            Method::POST,
            format!("/v1.0/directory/deletedItems/{group}/restore"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, listed) = call(Method::GET, sponsors.clone(), None).await;
        assert_eq!(listed["value"][0]["id"], group.as_str(), "{listed}");
        let (status, _) = call(Method::DELETE, format!("/v1.0/groups/{group}"), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = call(
            Method::DELETE,
            format!("/v1.0/directory/deletedItems/{group}"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, listed) = call(Method::GET, sponsors.clone(), None).await;
        assert_eq!(listed["value"], json!([]), "{listed}");

        // A user who invites sponsors the guest it brings in; an application (above)
        // names none.
        let boot = server.bootstrap();
        let admin = server.sign(&server.api_claims(
            boot.tenant_id,
            boot.admin_user_id.0,
            "user",
            &[],
            now(),
        ));
        let (status, invited) = server
            .call(
                Method::POST,
                "/v1.0/invitations",
                Some(&admin),
                Some(json!({ "invitedUserEmailAddress": "lee@partner.example",
                    "inviteRedirectUrl": "https://app.contoso.example/" })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{invited}");
        let lee = invited["invitedUser"]["id"].as_str().expect("guest");
        let (_, listed) = call(Method::GET, format!("/v1.0/users/{lee}/sponsors"), None).await;
        assert_eq!(
            listed["value"].as_array().map(Vec::len),
            Some(1),
            "{listed}"
        );
        assert_eq!(listed["value"][0]["id"], boot.admin_user_id.to_string());

        let (_, audit) = call(Method::GET, "/v1.0/auditLogs/directoryAudits".into(), None).await;
        let audit = audit.to_string();
        assert_eq!(audit.matches("Add sponsor").count(), 2, "{audit}");
        assert_eq!(audit.matches("Remove sponsor").count(), 1, "{audit}");
        server.stop().await;
    }
}

/// The ids of a user's sponsors, as the API lists them.
async fn sponsor_ids(api: &crate::invitations::Inviting, user: &str) -> Vec<String> {
    let (status, listed) = api
        .call(Method::GET, &format!("/v1.0/users/{user}/sponsors"), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    let mut ids: Vec<String> = listed["value"]
        .as_array()
        .expect("sponsors")
        .iter()
        .map(|s| s["id"].as_str().expect("id").to_owned())
        .collect();
    ids.sort();
    ids
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

/// Invitations name sponsors (API `invitedUserSponsors`, the file's `Sponsors`
/// column by address or id, refusing a guest or nobody with the row's line); the
/// portal shows, adds and removes them; My Apps lists a sponsor's guests; and when a
/// sponsor is deleted or blocked, the remaining sponsors or the administrators are
/// told over SMTP, and the guests nobody answers for are listed as unsponsored.
#[tokio::test]
async fn invitations_name_sponsors_the_portal_shows_them_and_a_leaving_sponsor_is_reported() {
    use entente_testkit::smtp::SmtpServer;
    use entente_testkit::{ADMIN_EMAIL, ADMIN_PASSWORD};
    for backend in backends() {
        let smtp = SmtpServer::start().await;
        let url = smtp.url();
        let server =
            TestServer::start_configured(backend, true, |config| config.smtp_url = Some(url)).await;
        let api = crate::invitations::Inviting::with(server);
        let server = &api.server;
        let carol = server
            .create_member("carol@contoso.com", "Carol Clark", "carol's long password")
            .await
            .id
            .to_string();
        let dave = server
            .create_member("dave@contoso.com", "Dave Dunn", "dave's long password")
            .await
            .id
            .to_string();
        let (status, group) = api
            .call(
                Method::POST,
                "/v1.0/groups",
                Some(json!({ "displayName": "Partner managers" })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{group}");
        let group = group["id"].as_str().expect("group").to_owned();

        // The API: named sponsors replace the default; a bad one refuses the whole.
        let invite = |email: &str, sponsors: Value| {
            json!({ "invitedUserEmailAddress": email,
                "inviteRedirectUrl": "https://app.contoso.example/",
                "invitedUserSponsors": sponsors })
        };
        let (status, invited) = api
            .call(
                Method::POST,
                "/v1.0/invitations",
                Some(invite(
                    "pat@partner.example",
                    json!([{ "id": carol }, { "id": dave }]),
                )),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{invited}");
        let pat = invited["invitedUser"]["id"]
            .as_str()
            .expect("pat")
            .to_owned();
        assert_eq!(
            sponsor_ids(&api, &pat).await,
            sorted(vec![carol.clone(), dave.clone()])
        );
        for (sponsors, words) in [
            (json!([{ "id": pat }]), "guest"),
            (
                json!([{ "id": uuid::Uuid::new_v4() }]),
                "no member user or group",
            ),
            (json!([{ "id": "not-an-id" }]), "not an object id"),
        ] {
            let (status, body) = api
                .call(
                    Method::POST,
                    "/v1.0/invitations",
                    Some(invite("quinn@partner.example", sponsors)),
                )
                .await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
            assert!(body.to_string().contains(words), "{words}: {body}");
        }
        let (status, users) = api
            .call(
                Method::GET,
                "/v1.0/users?$filter=mail eq 'quinn@partner.example'",
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(users["value"], json!([]), "nothing of a refused invitation");

        // The file: addresses and ids, a guest and nobody refused on their lines.
        let (status, preview) = api
            .upload(format!(
                "Email,DisplayName,Sponsors\r\n\
                 rae@partner.example,Rae,carol@contoso.com\r\n\
                 sid@partner.example,Sid,{group}; DAVE@contoso.com\r\n\
                 tom@partner.example,Tom,pat@partner.example\r\n\
                 uma@partner.example,Uma,nobody@contoso.com\r\n\
                 vic@partner.example,Vic,not an address\r\n"
            ))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{preview}");
        let line = |email: &str| {
            preview["rows"]
                .as_array()
                .expect("rows")
                .iter()
                .find(|r| r["email"] == email)
                .cloned()
                .unwrap_or_else(|| panic!("{email}: {preview}"))
        };
        for (email, code, number) in [
            ("tom@partner.example", "sponsor_not_member", 4),
            ("uma@partner.example", "unknown_sponsor", 5),
            ("vic@partner.example", "invalid_sponsor", 6),
        ] {
            let row = line(email);
            assert_eq!(row["line"], number, "{row}");
            assert!(row["errors"].to_string().contains(code), "{code}: {row}");
        }
        assert_eq!(preview["validRows"], 2, "{preview}");
        let batch = preview["id"].as_str().expect("batch").to_owned();
        let (status, done) = api.confirm(&batch).await;
        assert_eq!(status, StatusCode::OK, "{done}");
        let made = |email: &str| {
            done["rows"]
                .as_array()
                .expect("rows")
                .iter()
                .find(|r| r["email"] == email)
                .and_then(|r| r["invitedUserId"].as_str())
                .unwrap_or_else(|| panic!("{email}: {done}"))
                .to_owned()
        };
        let (rae, sid) = (made("rae@partner.example"), made("sid@partner.example"));
        // A file's invitations are emailed: those two first.
        let before = smtp.wait_for_emails(2).await.len();
        assert_eq!(before, 2);
        assert_eq!(sponsor_ids(&api, &rae).await, vec![carol.clone()]);
        assert_eq!(
            sponsor_ids(&api, &sid).await,
            sorted(vec![group.clone(), dave.clone()])
        );

        // The portal: the guest's page lists its sponsors, adds one by address and
        // refuses nobody beside the field, and removes one.
        let contoso = server.bootstrap().tenant_id.to_string();
        let (cookies, _) = server
            .browser_sign_in(
                &server.url(&format!("/{contoso}/login")),
                ADMIN_EMAIL,
                ADMIN_PASSWORD,
            )
            .await
            .expect("the admin signs in");
        let page = |path: String| {
            let cookies = cookies.clone();
            async move {
                let response = server
                    .http
                    .get(server.url(&path))
                    .header("cookie", cookies)
                    .send()
                    .await
                    .expect("GET");
                assert_eq!(response.status(), 200, "{path}");
                response.text().await.expect("page")
            }
        };
        let rae_page = format!("/{contoso}/admin/users/{rae}");
        let html = page(rae_page.clone()).await;
        assert!(html.contains("Carol Clark"), "{html}");
        assert!(!html.contains("id=\"unsponsored\""), "{html}");
        let csrf = entente_testkit::hidden_field(&html, "csrf").expect("csrf");
        let post = |path: String, form: Vec<(&'static str, String)>| {
            let cookies = cookies.clone();
            async move {
                let response = server
                    .http
                    .post(server.url(&path))
                    .header("cookie", cookies)
                    .form(&form)
                    .send()
                    .await
                    .expect("POST");
                (
                    response.status().as_u16(),
                    response.text().await.unwrap_or_default(),
                )
            }
        };
        let (status, _) = post(
            format!("{rae_page}/sponsors"),
            vec![
                ("csrf", csrf.clone()),
                ("sponsor", "dave@contoso.com".into()),
            ],
        )
        .await;
        assert_eq!(status, 303);
        assert_eq!(
            sponsor_ids(&api, &rae).await,
            sorted(vec![carol.clone(), dave.clone()])
        );
        let (status, html) = post(
            format!("{rae_page}/sponsors"),
            vec![
                ("csrf", csrf.clone()),
                ("sponsor", "nobody@contoso.com".into()),
            ],
        )
        .await;
        assert_eq!(status, 400, "{html}");
        assert!(html.contains("id=\"sponsor-error\""), "{html}");
        assert!(
            html.contains("No member or group of this organization has that address or id."),
            "{html}"
        );
        let (status, _) = post(
            format!("{rae_page}/sponsors/{dave}/remove"),
            vec![("csrf", csrf.clone())],
        )
        .await;
        assert_eq!(status, 303);
        assert_eq!(sponsor_ids(&api, &rae).await, vec![carol.clone()]);

        // Another tenant's user is nobody here, as a sponsored user or as a sponsor.
        let stranger = server
            .partner_tenant(
                "Fabrikam",
                "fabrikam.example",
                "sam@fabrikam.example",
                "a long password",
                false,
            )
            .await
            .id;
        let (status, _) = post(
            format!("/{contoso}/admin/users/{stranger}/sponsors"),
            vec![("csrf", csrf.clone()), ("sponsor", dave.clone())],
        )
        .await;
        assert_eq!(status, 404);
        let (status, _) = post(
            format!("/{contoso}/admin/users/{stranger}/sponsors/{dave}/remove"),
            vec![("csrf", csrf.clone())],
        )
        .await;
        assert_eq!(status, 404);
        let (status, html) = post(
            format!("{rae_page}/sponsors"),
            vec![("csrf", csrf.clone()), ("sponsor", stranger.to_string())],
        )
        .await;
        assert_eq!(status, 400, "{html}");
        assert!(html.contains("id=\"sponsor-error\""), "{html}");
        assert_eq!(sponsor_ids(&api, &rae).await, vec![carol.clone()]);

        // My Apps: Dave lists the guests he answers for, Pat and Sid, not Rae.
        let (dave_cookies, _) = server
            .browser_sign_in(
                &server.url(&format!("/{contoso}/login")),
                "dave@contoso.com",
                "dave's long password",
            )
            .await
            .expect("Dave signs in");
        let response = server
            .http
            .get(server.url(&format!("/{contoso}/myapps")))
            .header("cookie", dave_cookies)
            .send()
            .await
            .expect("My Apps");
        assert_eq!(response.status(), 200);
        let myapps = response.text().await.expect("My Apps");
        assert!(myapps.contains("id=\"my-guests\""), "{myapps}");
        assert!(myapps.contains("pat@partner.example"), "{myapps}");
        assert!(myapps.contains("sid@partner.example"), "{myapps}");
        assert!(!myapps.contains("rae@partner.example"), "{myapps}");
        assert!(
            myapps.contains("Has not accepted the invitation yet"),
            "{myapps}"
        );

        // Carol leaves: Dave still answers for Pat and is told; nobody answers for
        // Rae now, and the administrator is told, with the link to the list.
        let (status, _) = api
            .call(Method::DELETE, &format!("/v1.0/users/{carol}"), None)
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let received = smtp.wait_for_emails(before + 2).await;
        let notices: Vec<_> = received
            .iter()
            .filter(|e| {
                e.subject
                    .contains("Carol Clark no longer answers for guests")
            })
            .collect();
        assert_eq!(notices.len(), 2, "{received:?}");
        let to_dave = notices
            .iter()
            .find(|e| e.to == ["dave@contoso.com"])
            .expect("Dave is told");
        let text = to_dave.text.as_deref().unwrap_or_default();
        assert!(text.contains("You still answer for them"), "{text}");
        assert!(text.contains("pat@partner.example"), "{text}");
        assert!(!text.contains("rae@partner.example"), "{text}");
        let to_admin = notices
            .iter()
            .find(|e| e.to == [ADMIN_EMAIL])
            .expect("the administrator is told");
        let text = to_admin.text.as_deref().unwrap_or_default();
        assert!(text.contains("Nobody answers for them now"), "{text}");
        assert!(text.contains("rae@partner.example"), "{text}");
        assert!(!text.contains("pat@partner.example"), "{text}");
        assert!(
            text.contains(&format!("/{contoso}/admin/users?kind=unsponsored")),
            "{text}"
        );
        let unsponsored = page(format!("/{contoso}/admin/users?kind=unsponsored")).await;
        assert!(unsponsored.contains("rae@partner.example"), "{unsponsored}");
        assert!(
            !unsponsored.contains("pat@partner.example"),
            "{unsponsored}"
        );
        assert!(
            !unsponsored.contains("sid@partner.example"),
            "{unsponsored}"
        );
        assert!(page(rae_page.clone()).await.contains("id=\"unsponsored\""));

        // Dave is blocked: Pat is unsponsored now; Sid keeps the group.
        let (status, _) = api
            .call(
                Method::PATCH,
                &format!("/v1.0/users/{dave}"),
                Some(json!({ "accountEnabled": false })),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let received = smtp.wait_for_emails(before + 3).await;
        let last = received
            .iter()
            .find(|e| e.subject.contains("Dave Dunn no longer answers"))
            .expect("the administrator is told of Dave");
        assert_eq!(last.to, [ADMIN_EMAIL]);
        let text = last.text.as_deref().unwrap_or_default();
        assert!(text.contains("pat@partner.example"), "{text}");
        assert!(!text.contains("sid@partner.example"), "{text}");
        let unsponsored = page(format!("/{contoso}/admin/users?kind=unsponsored")).await;
        assert!(unsponsored.contains("pat@partner.example"), "{unsponsored}");
        assert!(
            !unsponsored.contains("sid@partner.example"),
            "{unsponsored}"
        );
        let (_, audit) = api
            .call(Method::GET, "/v1.0/auditLogs/directoryAudits", None)
            .await;
        assert_eq!(
            audit.to_string().matches("Sponsor left").count(),
            2,
            "{audit}"
        );
        api.server.stop().await;
    }
}
