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
        let blocked = server
            .http
            .post(&block)
            .header("cookie", &admin_cookies)
            .form(&[("csrf", csrf.as_str())])
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
