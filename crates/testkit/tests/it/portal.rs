//! The admin portal over plain HTTP, on every backend: who gets in, and that a change
//! needs the form's CSRF token and reaches only the caller's own tenant.

use entente_testkit::{ADMIN_EMAIL, ADMIN_PASSWORD, TestServer, backends, hidden_field};
use reqwest::Method;
use serde_json::Value;

async fn get(server: &TestServer, path: &str, cookies: &str) -> (u16, String, String) {
    let response = server
        .http
        .get(server.url(path))
        .header("cookie", cookies)
        .send()
        .await
        .expect("GET");
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    (status, location, response.text().await.unwrap_or_default())
}

#[tokio::test]
async fn only_admins_get_in_and_every_change_needs_the_forms_token() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let contoso = server.bootstrap().tenant_id;
        let login = server.url(&format!("/{contoso}/login"));

        // Nobody signed in: sent to sign in, and back here afterwards.
        let (status, location, _) = get(&server, &format!("/{contoso}/admin/users"), "").await;
        assert_eq!(status, 303, "{backend:?}");
        assert!(
            location.starts_with(&format!("/{contoso}/login?return_to=")),
            "{location}"
        );

        // A member without an admin role is refused, politely.
        let carol = server
            .create_member("carol@contoso.com", "Carol", "carol's long password")
            .await;
        let (carol_cookies, _) = server
            .browser_sign_in(&login, &carol.email, &carol.password)
            .await
            .expect("Carol signs in");
        let (status, _, page) = get(&server, &format!("/{contoso}/admin"), &carol_cookies).await;
        assert_eq!(status, 403, "{page}");
        assert!(page.contains("no administrative role"), "{page}");
        let (status, _, _) = get(&server, &format!("/{contoso}/admin/users"), &carol_cookies).await;
        assert_eq!(status, 403);

        // The admin: a post without the form's token changes nothing.
        let (admin_cookies, _) = server
            .browser_sign_in(&login, ADMIN_EMAIL, ADMIN_PASSWORD)
            .await
            .expect("the admin signs in");
        let block = server.url(&format!("/{contoso}/admin/users/{}/block", carol.id));
        let forged = server
            .http
            .post(&block)
            .header("cookie", &admin_cookies)
            .form(&[("csrf", "forged")])
            .send()
            .await
            .expect("POST");
        assert_eq!(forged.status(), 403, "{backend:?}");
        let token = server.api_token().await;
        let enabled = |user: Value| user["accountEnabled"].clone();
        let (_, carol_now) = server
            .call(
                Method::GET,
                &format!("/v1.0/users/{}", carol.id),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(enabled(carol_now), true, "the forged post changed nothing");

        // With the token from her page, she is blocked.
        let (status, _, page) = get(
            &server,
            &format!("/{contoso}/admin/users/{}", carol.id),
            &admin_cookies,
        )
        .await;
        assert_eq!(status, 200, "{page}");
        let csrf = hidden_field(&page, "csrf").expect("a CSRF field");
        // The portal asks first, naming her (issue 19); the confirmed post still
        // needs the token.
        let asked = server
            .http
            .post(&block)
            .header("cookie", &admin_cookies)
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .expect("POST");
        assert_eq!(asked.status(), 200, "{backend:?}");
        let question = asked.text().await.unwrap_or_default();
        assert!(question.contains("Block sign-in for Carol"), "{question}");
        let forged = server
            .http
            .post(&block)
            .header("cookie", &admin_cookies)
            .form(&[("csrf", "forged"), ("confirm", "yes")])
            .send()
            .await
            .expect("POST");
        assert_eq!(forged.status(), 403, "{backend:?}");
        let blocked = server
            .http
            .post(&block)
            .header("cookie", &admin_cookies)
            .form(&[("csrf", csrf.as_str()), ("confirm", "yes")])
            .send()
            .await
            .expect("POST");
        assert_eq!(blocked.status(), 303, "{backend:?}");
        let (_, carol_now) = server
            .call(
                Method::GET,
                &format!("/v1.0/users/{}", carol.id),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(enabled(carol_now), false);

        // Another tenant's user is not found here.
        let fabrikam = server
            .partner_tenant(
                "Fabrikam",
                "fabrikam.com",
                "alice@fabrikam.com",
                "alice's home password",
                false,
            )
            .await;
        let (status, _, _) = get(
            &server,
            &format!("/{contoso}/admin/users/{}", fabrikam.id),
            &admin_cookies,
        )
        .await;
        assert_eq!(status, 404, "{backend:?}");
        server.stop().await;
    }
}

/// How many users the tenant has, through the API.
async fn user_count(server: &TestServer, token: &str) -> usize {
    let (status, users) = server
        .call(Method::GET, "/v1.0/users?$top=999", Some(token), None)
        .await;
    assert_eq!(status, 200, "{users}");
    users["value"].as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn bad_input_on_the_invite_page_says_why_and_invites_nobody() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let contoso = server.bootstrap().tenant_id;
        let (cookies, _) = server
            .browser_sign_in(
                &server.url(&format!("/{contoso}/login")),
                ADMIN_EMAIL,
                ADMIN_PASSWORD,
            )
            .await
            .expect("the admin signs in");
        let token = server.api_token().await;
        let before = user_count(&server, &token).await;
        let (status, _, page) = get(&server, &format!("/{contoso}/admin/invite"), &cookies).await;
        assert_eq!(status, 200, "{page}");
        let csrf = hidden_field(&page, "csrf").expect("a CSRF field");

        // One person with an address that is not one: the form comes back with the
        // reason and what was typed.
        let refused = server
            .http
            .post(server.url(&format!("/{contoso}/admin/invite")))
            .header("cookie", &cookies)
            .form(&[
                ("csrf", csrf.as_str()),
                ("email", "not-an-address"),
                ("display_name", "Nadia"),
                ("language", "en"),
            ])
            .send()
            .await
            .expect("POST");
        assert_eq!(refused.status(), 400, "{backend:?}");
        let html = refused.text().await.unwrap_or_default();
        assert!(html.contains("id=\"invite-error\""), "{html}");
        assert!(html.contains("not-an-address"), "{html}");
        assert!(
            html.contains("value=\"Nadia\""),
            "what was typed stays: {html}"
        );

        // A file without its Email column: refused whole, with the reason.
        let file = reqwest::multipart::Part::bytes(b"DisplayName\r\nNadia\r\n".to_vec())
            .file_name("partners.csv")
            .mime_str("text/csv")
            .expect("mime");
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .part("file", file);
        let refused = server
            .http
            .post(server.url(&format!("/{contoso}/admin/invite/bulk")))
            .header("cookie", &cookies)
            .multipart(form)
            .send()
            .await
            .expect("POST");
        assert_eq!(refused.status(), 400, "{backend:?}");
        let html = refused.text().await.unwrap_or_default();
        assert!(html.contains("id=\"file-error\""), "{html}");
        assert!(html.contains("Email"), "names the missing column: {html}");

        // A form missing a field it needs: a clear page, not a crash.
        let broken = server
            .http
            .post(server.url(&format!("/{contoso}/admin/groups")))
            .header("cookie", &cookies)
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .expect("POST");
        assert_eq!(broken.status(), 400, "{backend:?}");
        let html = broken.text().await.unwrap_or_default();
        assert!(html.contains("display_name"), "{html}");

        assert_eq!(
            user_count(&server, &token).await,
            before,
            "nobody was added"
        );
        server.stop().await;
    }
}

/// Posts a portal form with the page's CSRF token; answers the status and body.
async fn post_form(
    server: &TestServer,
    path: &str,
    cookies: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let response = server
        .http
        .post(server.url(path))
        .header("cookie", cookies)
        .form(fields)
        .send()
        .await
        .expect("POST");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

#[tokio::test]
async fn app_roles_logo_guest_origin_and_the_filtered_audit_log() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let contoso = server.bootstrap().tenant_id;
        let (cookies, _) = server
            .browser_sign_in(
                &server.url(&format!("/{contoso}/login")),
                ADMIN_EMAIL,
                ADMIN_PASSWORD,
            )
            .await
            .expect("the admin signs in");
        let token = server.api_token().await;
        let (status, app) = server
            .call(
                Method::POST,
                "/v1.0/applications",
                Some(&token),
                Some(serde_json::json!({ "displayName": "Expenses" })),
            )
            .await;
        assert_eq!(status, 201, "{app}");
        let app_id = app["id"].as_str().expect("id").to_owned();
        let app_path = format!("/{contoso}/admin/apps/{app_id}");
        let (status, _, page) = get(&server, &app_path, &cookies).await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("id=\"no-roles\""), "{page}");
        let csrf = hidden_field(&page, "csrf").expect("a CSRF field");
        let app_now = || async {
            let (status, app) = server
                .call(
                    Method::GET,
                    &format!("/v1.0/applications/{app_id}"),
                    Some(&token),
                    None,
                )
                .await;
            assert_eq!(status, 200, "{app}");
            app
        };

        // An app role made in the portal is the API's too.
        let new_role = [
            ("csrf", csrf.as_str()),
            ("display_name", "Approver"),
            ("value", "Expenses.Approve"),
            ("description", "Approves claims"),
            ("users", "on"),
        ];
        let (status, page) =
            post_form(&server, &format!("{app_path}/roles"), &cookies, &new_role).await;
        assert_eq!(status, 303, "{page}");
        let (_, _, page) = get(&server, &app_path, &cookies).await;
        assert!(page.contains("<code>Expenses.Approve</code>"), "{page}");
        let roles = app_now().await["appRoles"].clone();
        assert_eq!(roles[0]["value"], "Expenses.Approve", "{roles}");
        assert_eq!(roles[0]["allowedMemberTypes"], serde_json::json!(["User"]));
        assert_eq!(roles[0]["isEnabled"], true);
        let role_id = roles[0]["id"].as_str().expect("role id").to_owned();

        // The same value twice: refused with the reason, nothing added.
        let (status, page) =
            post_form(&server, &format!("{app_path}/roles"), &cookies, &new_role).await;
        assert_eq!(status, 400, "{backend:?}");
        assert!(page.contains("defined twice"), "{page}");
        assert_eq!(
            app_now().await["appRoles"].as_array().map(Vec::len),
            Some(1)
        );

        // A member assigned the role: the assignment carries it.
        let carol = server
            .create_member("carol@contoso.com", "Carol", "carol's long password")
            .await;
        let (status, page) = post_form(
            &server,
            &format!("{app_path}/assignments"),
            &cookies,
            &[
                ("csrf", csrf.as_str()),
                ("principal", "carol@contoso.com"),
                ("role", role_id.as_str()),
            ],
        )
        .await;
        assert_eq!(status, 303, "{page}");
        let (_, _, page) = get(&server, &app_path, &cookies).await;
        assert!(
            page.contains("<td>Carol</td><td>User</td><td>Approver</td>"),
            "{page}"
        );
        let (_, assigned) = server
            .call(
                Method::GET,
                &format!("/v1.0/users/{}/appRoleAssignments", carol.id),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(
            assigned["value"][0]["appRoleId"],
            role_id.as_str(),
            "{assigned}"
        );

        // A live role is not removed; disabled first, then it can be.
        let role_form = [("csrf", csrf.as_str()), ("id", role_id.as_str())];
        let (status, page) = post_form(
            &server,
            &format!("{app_path}/roles/remove"),
            &cookies,
            &role_form,
        )
        .await;
        assert_eq!(status, 400, "{page}");
        assert!(page.contains("must be disabled"), "{page}");
        let (status, _) = post_form(
            &server,
            &format!("{app_path}/roles/toggle"),
            &cookies,
            &role_form,
        )
        .await;
        assert_eq!(status, 303);
        assert_eq!(app_now().await["appRoles"][0]["isEnabled"], false);

        // The logo: https only, then My Apps and the API have it.
        let settings = |logo: &'static str| {
            [
                ("csrf", csrf.clone()),
                ("display_name", "Expenses".to_owned()),
                ("redirect_uris", String::new()),
                ("home_page_url", "https://expenses.contoso.com/".to_owned()),
                ("logo_url", logo.to_owned()),
            ]
        };
        let fields = settings("http://cdn.contoso.com/expenses.png");
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, page) = post_form(&server, &app_path, &cookies, &fields).await;
        assert_eq!(status, 400, "{page}");
        // Beside the logo's field, in plain words.
        assert!(
            page.contains(
                "<p class=\"field-error\" id=\"logo_url-error\">Enter a web address that starts with https://.</p>"
            ),
            "{page}"
        );
        assert_eq!(app_now().await["info"]["logoUrl"], serde_json::Value::Null);
        let fields = settings("https://cdn.contoso.com/expenses.png");
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, _) = post_form(&server, &app_path, &cookies, &fields).await;
        assert_eq!(status, 303);
        assert_eq!(
            app_now().await["info"]["logoUrl"],
            "https://cdn.contoso.com/expenses.png"
        );

        // A guest's page says who invited it.
        let (status, invited) = server
            .call(
                Method::POST,
                "/v1.0/invitations",
                Some(&token),
                Some(serde_json::json!({
                    "invitedUserEmailAddress": "nadia@northwind.example",
                    "inviteRedirectUrl": "https://expenses.contoso.com/",
                    "sendInvitationMessage": false,
                })),
            )
            .await;
        assert_eq!(status, 201, "{invited}");
        let guest = invited["invitedUser"]["id"].as_str().expect("guest id");
        let (status, _, page) = get(
            &server,
            &format!("/{contoso}/admin/users/{guest}"),
            &cookies,
        )
        .await;
        assert_eq!(status, 200, "{page}");
        let inviter = page
            .split("id=\"user-invited-by\">")
            .nth(1)
            .and_then(|rest| rest.split('<').next())
            .expect("an invited-by line");
        assert!(inviter.contains(", 20"), "a name and a date: {inviter}");

        // The audit log by action, and by day.
        let audit = format!("/{contoso}/admin/audit");
        let (status, _, page) = get(
            &server,
            &format!("{audit}?action=Update+application"),
            &cookies,
        )
        .await;
        assert_eq!(status, 200, "{page}");
        let actions: Vec<&str> = page
            .split("<td class=\"action\">")
            .skip(1)
            .filter_map(|cell| cell.split('<').next())
            .collect();
        assert!(
            actions.len() >= 3,
            "role made, disabled, logo set: {actions:?}"
        );
        assert!(
            actions.iter().all(|a| *a == "Update application"),
            "{actions:?}"
        );
        assert!(
            page.contains("<option value=\"Invite external user\">"),
            "{page}"
        );
        let (_, _, page) = get(&server, &format!("{audit}?from=2999-01-01"), &cookies).await;
        assert!(
            page.contains("id=\"no-entries\""),
            "nothing in the future: {page}"
        );
        let (_, _, page) = get(&server, &format!("{audit}?to=2000-01-01"), &cookies).await;
        assert!(
            page.contains("id=\"no-entries\""),
            "nothing that old: {page}"
        );
        let (status, _, page) = get(&server, &format!("{audit}?from=tomorrow"), &cookies).await;
        assert_eq!(status, 400, "{page}");
        assert!(page.contains("id=\"audit-error\""), "{page}");
        let (status, _, file) = get(
            &server,
            &format!("/{contoso}/admin/audit.csv?action=Add+app+role+assignment"),
            &cookies,
        )
        .await;
        assert_eq!(status, 200);
        let lines: Vec<&str> = file.lines().skip(1).collect();
        assert_eq!(lines.len(), 1, "{file}");
        assert!(lines[0].contains("Add app role assignment"), "{file}");
        server.stop().await;
    }
}
