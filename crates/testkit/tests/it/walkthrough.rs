//! Issue 3's end-to-end walkthrough, as the reference docs tell it: Contoso invites
//! Alice (no apps), Bob (two apps, one brands the email) and Carol (two apps, two
//! groups) in one CSV file. Alice's domain has a tenant here; Bob's and Carol's do
//! not. Each redeems through the email an SMTP server received, lands where the
//! invitation says, and then gets tokens for Contoso's app as an external user.

use entente_model::{TenantId, User};
use entente_testkit::smtp::{ReceivedEmail, SmtpServer};
use entente_testkit::{TestServer, backends, hidden_field};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{
    Browser, emailed_code, form_action_before, location, payload, redeem_link, tokens_for,
};

/// Fabrikam: a tenant of the deployment that proved `fabrikam.com`, with Alice.
async fn fabrikam(server: &TestServer) -> (TenantId, User) {
    let alice = server
        .partner_tenant(
            "Fabrikam",
            "fabrikam.com",
            "alice@fabrikam.com",
            "alice's home password",
            false,
        )
        .await;
    (alice.tenant_id, alice)
}

async fn create(server: &TestServer, token: &str, path: &str, body: Value) -> String {
    let (status, created) = server
        .call(Method::POST, path, Some(token), Some(body))
        .await;
    assert_eq!(status, 201, "{created}");
    created["id"].as_str().expect("an id").to_owned()
}

#[tokio::test]
async fn contoso_invites_alice_bob_and_carol_in_one_file() {
    for backend in backends() {
        let smtp = SmtpServer::start().await;
        let smtp_url = smtp.url();
        let server = TestServer::start_configured(backend, true, |config| {
            config.smtp_url = Some(smtp_url);
        })
        .await;
        let contoso = server.bootstrap().tenant_id;
        let admin = server.api_token().await;
        let (fabrikam, alice_home) = fabrikam(&server).await;

        let portal = server
            .register_app(
                "Contoso Portal",
                "https://portal.contoso.example/signin",
                false,
            )
            .await;
        let expenses = server
            .register_app("Expenses", "https://expenses.contoso.example/signin", false)
            .await;
        let engineering = create(
            &server,
            &admin,
            "/v1.0/groups",
            json!({"displayName": "Engineering", "mailEnabled": false, "mailNickname": "eng", "securityEnabled": true}),
        )
        .await;
        let partners = create(
            &server,
            &admin,
            "/v1.0/groups",
            json!({"displayName": "Partners", "mailEnabled": false, "mailNickname": "partners", "securityEnabled": true}),
        )
        .await;

        // One file, written like Excel in a Dutch locale: BOM, `;`, CRLF, 2016 labels.
        let csv = format!(
            "\u{feff}Email;DisplayName;InviteAppID;InviteAppResources;InviteGroupResources;InviteRedirectURL;Language\r\n\
             alice@fabrikam.com;Alice;;;;;\r\n\
             bob@northwind.example;Bob;{portal};{portal} {expenses};;https://portal.contoso.example/welcome;nl\r\n\
             carol@tailspin.example;Carol;;{portal} {expenses};{engineering} {partners};https://expenses.contoso.example/start;de\r\n",
            portal = portal.id,
            expenses = expenses.id,
        );
        let upload = server
            .http
            .post(server.url("/v1.0/invitations/bulk"))
            .bearer_auth(&admin)
            .header("content-type", "text/csv")
            .body(csv)
            .send()
            .await
            .expect("upload");
        assert_eq!(upload.status(), 201);
        let preview: Value = upload.json().await.expect("preview");
        assert_eq!(preview["validRows"], 3, "{preview}");
        let batch = preview["id"].as_str().expect("batch id");
        let (status, confirmed) = server
            .call(
                Method::POST,
                &format!("/v1.0/invitations/bulk/{batch}/confirm"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(status, 200, "{confirmed}");
        assert_eq!(confirmed["invitedRows"], 3, "{confirmed}");
        let guest_of = |email: &str| -> String {
            confirmed["rows"]
                .as_array()
                .expect("rows")
                .iter()
                .find(|r| r["email"] == email)
                .and_then(|r| r["invitedUserId"].as_str())
                .expect("an invited user")
                .to_owned()
        };

        let emails = smtp.wait_for_emails(3).await;
        let email_to = |address: &str| -> ReceivedEmail {
            emails
                .iter()
                .find(|e| e.to.iter().any(|t| t == address))
                .unwrap_or_else(|| panic!("an email to {address}"))
                .clone()
        };
        let bob_email = email_to("bob@northwind.example");
        assert!(
            bob_email
                .html
                .as_deref()
                .unwrap_or("")
                .contains("Contoso Portal"),
            "Bob's email carries the branding app"
        );

        // Alice: her domain is Fabrikam's; she signs in there and comes back.
        let mut alice = Browser::new(&server);
        let link = redeem_link(&email_to("alice@fabrikam.com"));
        let landing = alice.get(&link).await;
        assert_eq!(landing.status(), 200);
        let html = landing.text().await.expect("page");
        assert!(html.contains("alice@fabrikam.com"), "{html}");
        let home_link = html
            .split("id=\"sign-in-at-home\" href=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("a link to sign in at home in {html}"))
            .replace("&#38;", "&")
            .replace("&amp;", "&");
        assert!(
            home_link.starts_with(&format!("/{fabrikam}/login")),
            "{home_link}"
        );
        let login = alice.get(&home_link).await;
        let login_html = login.text().await.expect("login page");
        let csrf = hidden_field(&login_html, "csrf").expect("csrf");
        let return_to = hidden_field(&login_html, "return_to").expect("return_to");
        let signed_in = alice
            .post(
                &format!("/{fabrikam}/login"),
                &[
                    ("login", "alice@fabrikam.com"),
                    ("password", "alice's home password"),
                    ("csrf", &csrf),
                    ("return_to", &return_to),
                ],
            )
            .await;
        assert_eq!(signed_in.status(), 303);
        let back = location(&signed_in);
        assert!(back.starts_with("/redeem/"), "{back}");
        let accept_page = alice.get(&back).await.text().await.expect("page");
        let action = form_action_before(&accept_page, "accept");
        let csrf = hidden_field(&accept_page, "csrf").expect("csrf");
        let accepted = alice.post(&action, &[("csrf", &csrf)]).await;
        assert_eq!(accepted.status(), 303);
        let my_apps = location(&accepted);
        assert!(
            my_apps.ends_with(&format!("/{contoso}/myapps")),
            "{my_apps}"
        );
        let apps_page = alice.get(&my_apps).await;
        assert_eq!(apps_page.status(), 200);
        let apps_html = apps_page.text().await.expect("page");
        assert!(
            apps_html.contains("No applications have been assigned to you yet."),
            "{apps_html}"
        );

        // Bob and Carol: no tenant for their domains; they sign up with a code.
        let mut redeemed = Vec::new();
        for (address, phrase, redirect) in [
            (
                "bob@northwind.example",
                "northwind.example",
                "https://portal.contoso.example/welcome",
            ),
            (
                "carol@tailspin.example",
                "tailspin.example",
                "https://expenses.contoso.example/start",
            ),
        ] {
            let mut browser = Browser::new(&server);
            let link = redeem_link(&email_to(address));
            let page = browser.get(&link).await.text().await.expect("page");
            assert!(page.contains(address), "{page}");
            let action = form_action_before(&page, "send-code");
            let csrf = hidden_field(&page, "csrf").expect("csrf");
            let before = smtp.emails().len();
            let sent = browser.post(&action, &[("csrf", &csrf)]).await;
            assert_eq!(sent.status(), 200);
            let code_page = sent.text().await.expect("page");
            let all = smtp.wait_for_emails(before + 1).await;
            let code_email = all
                .iter()
                .rev()
                .find(|e| {
                    e.to.iter().any(|t| t == address)
                        && !e.text.as_deref().unwrap_or("").contains("/redeem/")
                })
                .expect("a code email")
                .clone();
            let code = emailed_code(&code_email);
            let action = form_action_before(&code_page, "verify");
            let csrf = hidden_field(&code_page, "csrf").expect("csrf");
            let verified = browser
                .post(&action, &[("csrf", &csrf), ("code", &code)])
                .await;
            assert_eq!(verified.status(), 303, "{phrase}");
            assert_eq!(location(&verified), redirect);
            redeemed.push((address, browser));
        }

        // Every guest now gets tokens for Contoso's portal in the external-user shape.
        let alice_tokens = tokens_for(&mut alice, &portal, contoso).await;
        let claims = payload(alice_tokens["id_token"].as_str().expect("an ID token"));
        assert_eq!(claims["tid"], contoso.to_string());
        assert_eq!(claims["oid"], guest_of("alice@fabrikam.com"));
        assert_eq!(claims["iss"], server.issuer());
        assert_eq!(
            claims["idp"],
            server
                .issuer()
                .replace(&contoso.to_string(), &fabrikam.to_string())
        );
        assert_eq!(claims["altsecid"], format!("{fabrikam}:{}", alice_home.id));
        assert_eq!(claims["email"], "alice@fabrikam.com");
        let access = payload(alice_tokens["access_token"].as_str().expect("access token"));
        assert_eq!(access["idp"], claims["idp"]);

        for (address, mut browser) in redeemed {
            let tokens = tokens_for(&mut browser, &portal, contoso).await;
            let claims = payload(tokens["id_token"].as_str().expect("an ID token"));
            assert_eq!(claims["tid"], contoso.to_string());
            assert_eq!(claims["oid"], guest_of(address));
            assert_eq!(claims["idp"], "mail");
            assert!(claims["altsecid"].as_str().is_some_and(|s| !s.is_empty()));
            assert_eq!(claims["email"], address);
            if address.starts_with("carol") {
                let mut groups: Vec<String> = claims["groups"]
                    .as_array()
                    .expect("groups")
                    .iter()
                    .map(|g| g.as_str().unwrap_or_default().to_owned())
                    .collect();
                groups.sort();
                let mut expected = vec![engineering.clone(), partners.clone()];
                expected.sort();
                assert_eq!(groups, expected);
            }
        }

        // The guest objects say who redeemed them.
        let (status, alice_guest) = server
            .call(
                Method::GET,
                &format!("/v1.0/users/{}", guest_of("alice@fabrikam.com")),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(alice_guest["externalUserState"], "Accepted");
        assert_eq!(alice_guest["userType"], "Guest");
        assert_eq!(alice_guest["displayName"], "Alice");

        // Contoso's sign-in log holds each guest's sign-in to its app; Fabrikam's holds
        // Alice's own password sign-in, and Contoso's does not.
        let log_of = |tenant: TenantId| {
            let services = server.services.clone();
            async move {
                entente_testkit::entente_domain::sign_in_log::list_sign_ins(
                    &services,
                    entente_testkit::entente_domain::access::AuditReadAccess { tenant },
                    None,
                    entente_testkit::entente_domain::directory::PageRequest {
                        top: Some(100),
                        skip_token: None,
                    },
                )
                .await
                .expect("sign-in log")
                .items
            }
        };
        let contoso_log = log_of(contoso).await;
        for guest in [
            "alice@fabrikam.com",
            "bob@northwind.example",
            "carol@tailspin.example",
        ] {
            let id = guest_of(guest);
            assert!(
                contoso_log.iter().any(|s| {
                    s.user_id.map(|u| u.to_string()) == Some(id.clone())
                        && s.client_id.as_deref() == Some(portal.client_id.as_str())
                        && s.app_name.as_deref() == Some("Contoso Portal")
                        && s.outcome == "success"
                }),
                "{backend:?}: {guest}'s app sign-in at Contoso: {contoso_log:?}"
            );
        }
        // Her password was checked at Fabrikam: Contoso's own rows of her are her
        // guest's entries there (issue 19, item 9), never a password check.
        assert!(
            contoso_log
                .iter()
                .filter(|s| s.client_id.is_none() && s.login == "alice@fabrikam.com")
                .all(|s| s.user_type.as_deref() == Some("Guest") && s.reason.is_some()),
            "{contoso_log:?}"
        );
        let fabrikam_log = log_of(fabrikam).await;
        assert!(
            fabrikam_log.iter().any(|s| s.login == "alice@fabrikam.com"
                && s.outcome == "success"
                && s.method.as_deref() == Some("pwd")
                && s.source.as_deref() == Some("127.0.0.1")
                && s.user_id == Some(alice_home.id)),
            "{backend:?}: {fabrikam_log:?}"
        );

        // Fabrikam disables Alice: her guest stops getting tokens at Contoso at once.
        let refresh = alice_tokens["refresh_token"]
            .as_str()
            .expect("refresh token");
        let mut tx = server.services.store.write().await.expect("write");
        tx.db()
            .update_user(
                fabrikam,
                alice_home.id,
                &entente_testkit::entente_storage::UserPatch {
                    account_enabled: Some(false),
                    ..Default::default()
                },
                entente_testkit::now(),
            )
            .await
            .expect("disable");
        tx.commit().await.expect("commit");
        let refused = server
            .http
            .post(server.url(&format!("/{contoso}/oauth2/v2.0/token")))
            .basic_auth(&portal.client_id, portal.client_secret.as_deref())
            .form(&[("grant_type", "refresh_token"), ("refresh_token", refresh)])
            .send()
            .await
            .expect("refresh");
        assert_eq!(refused.status(), 400);
        let error: Value = refused.json().await.expect("error");
        assert_eq!(error["error"], "invalid_grant");
        server.stop().await;
    }
}
