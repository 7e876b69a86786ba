//! Returning guests find their way (issue 19, item 6): an address typed without a
//! password goes to the partner's own tenant when it is one here, and "Reset
//! redemption" in the portal invites again as the first invitation did.

use entente_testkit::{ADMIN_EMAIL, ADMIN_PASSWORD, TestServer, backends, hidden_field};
use reqwest::Method;
use serde_json::json;

async fn post_form(
    server: &TestServer,
    path: &str,
    cookies: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    server
        .http
        .post(server.url(path))
        .header("cookie", cookies)
        .form(fields)
        .send()
        .await
        .expect("POST")
}

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn an_address_alone_sends_a_partner_to_its_home_sign_in_and_back() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let contoso = server.bootstrap().tenant_id;
        let bob = server
            .partner_tenant(
                "Fabrikam",
                "fabrikam.test",
                "bob@fabrikam.test",
                "bob's long password",
                false,
            )
            .await;
        let page = server
            .http
            .get(server.url(&format!("/{contoso}/login?return_to=/{contoso}/account")))
            .send()
            .await
            .expect("login page");
        let cookie = page
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .collect::<Vec<_>>()
            .join("; ");
        let html = page.text().await.expect("html");
        let csrf = hidden_field(&html, "csrf").expect("csrf");
        let return_to = format!("/{contoso}/account");

        // Bob types his address and no password: he is sent to Fabrikam's page.
        let answer = post_form(
            &server,
            &format!("/{contoso}/login"),
            &cookie,
            &[
                ("login", "bob@fabrikam.test"),
                ("password", ""),
                ("csrf", &csrf),
                ("return_to", &return_to),
            ],
        )
        .await;
        assert_eq!(answer.status(), 303, "{backend:?}");
        let home = location(&answer);
        assert_eq!(
            home,
            format!(
                "/{}/login?login_hint=bob%40fabrikam.test&return_to=%2F{contoso}%2Faccount",
                bob.tenant_id
            )
        );
        let home_page = server
            .http
            .get(server.url(&home))
            .header("cookie", &cookie)
            .send()
            .await
            .expect("home sign-in");
        assert_eq!(home_page.status(), 200);
        let home_html = home_page.text().await.expect("html");
        assert!(home_html.contains("Fabrikam"), "{home_html}");
        assert!(
            home_html.contains("value=\"bob@fabrikam.test\""),
            "the address is filled in: {home_html}"
        );
        assert_eq!(
            hidden_field(&home_html, "return_to").as_deref(),
            Some(return_to.as_str())
        );

        // A member of Contoso with no password is asked for it, here.
        let answer = post_form(
            &server,
            &format!("/{contoso}/login"),
            &cookie,
            &[
                ("login", ADMIN_EMAIL),
                ("password", ""),
                ("csrf", &csrf),
                ("return_to", &return_to),
            ],
        )
        .await;
        assert_eq!(answer.status(), 400);
        let again = answer.text().await.expect("html");
        assert!(again.contains("Enter your password."), "{again}");
        server.stop().await;
    }
}

#[tokio::test]
async fn reset_redemption_in_the_portal_keeps_the_language_message_and_landing() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let contoso = server.bootstrap().tenant_id;
        let token = server.api_token().await;
        let (status, invited) = server
            .call(
                Method::POST,
                "/v1.0/invitations",
                Some(&token),
                Some(json!({
                    "invitedUserEmailAddress": "alice@partner.example",
                    "invitedUserDisplayName": "Alice",
                    "inviteRedirectUrl": "https://app.example/landing",
                    "sendInvitationMessage": true,
                    "invitedUserMessageInfo": {
                        "messageLanguage": "de",
                        "customizedMessageBody": "Willkommen im Projekt Nordlicht",
                        "ccRecipients": [{ "emailAddress": { "address": "boss@partner.example" } }],
                    },
                })),
            )
            .await;
        assert_eq!(status, 201, "{invited}");
        let guest: entente_model::UserId = invited["invitedUser"]["id"]
            .as_str()
            .and_then(|id| id.parse().ok())
            .expect("a guest id");
        let first: entente_model::InvitationId = invited["id"]
            .as_str()
            .and_then(|id| id.parse().ok())
            .expect("an id");

        let (cookies, _) = server
            .browser_sign_in(
                &server.url(&format!("/{contoso}/login")),
                ADMIN_EMAIL,
                ADMIN_PASSWORD,
            )
            .await
            .expect("the admin signs in");
        let user_page = server
            .http
            .get(server.url(&format!("/{contoso}/admin/users/{guest}")))
            .header("cookie", &cookies)
            .send()
            .await
            .expect("user page")
            .text()
            .await
            .expect("html");
        let csrf = hidden_field(&user_page, "csrf").expect("csrf");
        let reset = post_form(
            &server,
            &format!("/{contoso}/admin/users/{guest}/reset-redemption"),
            &cookies,
            &[
                ("csrf", &csrf),
                ("email", "alice@partner.example"),
                ("send", "on"),
            ],
        )
        .await;
        assert_eq!(reset.status(), 303, "{backend:?}");
        // The portal says what it did.
        let after = location(&reset);
        let said = server
            .http
            .get(server.url(&after))
            .header("cookie", &cookies)
            .send()
            .await
            .expect("user page")
            .text()
            .await
            .expect("html");
        assert!(
            said.contains(
                "Alice can redeem again: a new invitation with the same language, message \
                 and landing page replaces the earlier link, which no longer works."
            ),
            "{after}: {said}"
        );

        let latest = {
            let mut conn = server.services.store.read().await.expect("read");
            conn.db()
                .latest_invitation_of(contoso, guest)
                .await
                .expect("read")
                .expect("an invitation")
        };
        assert_ne!(latest.id, first, "a new invitation");

        // Another tenant's user id gets nothing from this tenant's reset, and nothing
        // of it changes.
        let stranger = server
            .partner_tenant(
                "Fabrikam",
                "fabrikam.test",
                "bob@fabrikam.test",
                "bob's long password",
                false,
            )
            .await;
        let foreign = post_form(
            &server,
            &format!("/{contoso}/admin/users/{}/reset-redemption", stranger.id),
            &cookies,
            &[
                ("csrf", &csrf),
                ("email", "bob@fabrikam.test"),
                ("send", "on"),
            ],
        )
        .await;
        assert_eq!(foreign.status(), 404, "{backend:?}");
        {
            let mut conn = server.services.store.read().await.expect("read");
            let untouched = conn
                .db()
                .latest_invitation_of(stranger.tenant_id, stranger.id)
                .await
                .expect("read");
            assert!(untouched.is_none(), "no invitation made anywhere");
            let again = conn
                .db()
                .latest_invitation_of(contoso, guest)
                .await
                .expect("read")
                .expect("an invitation");
            assert_eq!(again.id, latest.id, "and none here");
        }
        assert_eq!(latest.language, "de");
        assert_eq!(
            latest.message.as_deref(),
            Some("Willkommen im Projekt Nordlicht")
        );
        assert_eq!(
            latest.redirect_url.as_deref(),
            Some("https://app.example/landing")
        );
        assert!(latest.cc.is_empty(), "the copy is not sent again");

        // The new email says so too, in German, to Alice alone.
        let outbox = server.outbox(contoso).await;
        let newest = outbox
            .iter()
            .filter(|m| m.to == ["alice@partner.example"])
            .max_by_key(|m| m.created_at)
            .expect("an email");
        assert_eq!(outbox.len(), 2, "one email each time");
        assert!(newest.cc.is_empty(), "{:?}", newest.cc);
        assert!(
            newest.text_body.contains("Willkommen im Projekt Nordlicht"),
            "{}",
            newest.text_body
        );
        assert!(
            newest.subject.contains("Einladung") || newest.text_body.contains("Einladung"),
            "{}: {}",
            newest.subject,
            newest.text_body
        );

        // No SMTP server here: the portal says the emails were saved to the outbox
        // folder, not that they were delivered.
        let mut listing = String::new();
        for _ in 0..100 {
            listing = server
                .http
                .get(server.url(&format!("/{contoso}/admin/invitations")))
                .header("cookie", &cookies)
                .send()
                .await
                .expect("invitations page")
                .text()
                .await
                .expect("html");
            if listing.matches("Saved to the outbox folder").count() == 2 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(
            listing.matches("Saved to the outbox folder").count(),
            2,
            "{listing}"
        );
        assert!(!listing.contains("Delivered"), "{listing}");
        // Times are written for the reader's language and zone in the browser (see
        // `local-time.js`), with the time in UTC for a browser without scripts.
        assert!(
            listing.contains(" UTC</time>") && listing.contains("data-local"),
            "{listing}"
        );
        server.stop().await;
    }
}

/// My Apps and "No access" offer a sign-out, error pages lead to the start page, and
/// the pages follow a dark system setting (axe-core checks the contrast), in Chromium.
#[tokio::test]
async fn my_apps_and_no_access_offer_a_sign_out_and_dark_mode_keeps_contrast() {
    let server = TestServer::start().await;
    let contoso = server.bootstrap().tenant_id;
    let bob = server
        .partner_tenant(
            "Fabrikam",
            "fabrikam.test",
            "bob@fabrikam.test",
            "bob's long password",
            false,
        )
        .await;
    let seen = crate::browser::scenario(
        "onward",
        json!({
            "base": server.base_url,
            "tenant": contoso.to_string(),
            "login": ADMIN_EMAIL,
            "password": ADMIN_PASSWORD,
            "partnerTenant": bob.tenant_id.to_string(),
            "partnerLogin": "bob@fabrikam.test",
            "partnerPassword": "bob's long password",
        }),
    )
    .await;
    assert_eq!(seen["myAppsSignOut"], "Sign out", "{seen}");
    assert_eq!(seen["afterSignOut"], "You have signed out", "{seen}");
    assert_eq!(
        seen["myAppsAfter"],
        format!("/{contoso}/login"),
        "signed out for real: {seen}"
    );
    assert_eq!(seen["noAccessStatus"], 403, "{seen}");
    assert_eq!(
        seen["noAccessSignOut"], "Sign out and use another account",
        "{seen}"
    );
    assert_eq!(seen["startPage"], "/", "{seen}");
    assert!(
        seen["signedOutHeading"]
            .as_str()
            .is_some_and(|h| h == "You have signed out"),
        "{seen}"
    );
    assert_eq!(seen["darkBackground"], "rgb(17, 24, 39)", "{seen}");
    assert_eq!(seen["darkText"], "rgb(243, 244, 246)", "{seen}");
    server.stop().await;
}
