//! The hourly clean-up removes rows whose time is over, and nothing that is still live.

use entente_testkit::entente_domain::housekeeping::{
    KEEP_AFTER_EXPIRY, KEEP_SENT_BODY, purge_expired,
};
use entente_testkit::{ADMIN_EMAIL, ADMIN_PASSWORD, TestServer, backends};

#[tokio::test]
async fn expired_rows_are_removed_and_live_ones_kept() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let app = server
            .register_app("Web", "https://app.contoso.com/cb", false)
            .await;
        // A refresh token family, an authorization code, a session and a device request.
        let tokens = server
            .user_tokens(&app, ADMIN_EMAIL, ADMIN_PASSWORD, "openid offline_access")
            .await;
        assert!(tokens["refresh_token"].is_string());
        let login = server.url(&format!("/{tenant}/login"));
        let (cookies, landing) = server
            .browser_sign_in(&login, ADMIN_EMAIL, ADMIN_PASSWORD)
            .await
            .unwrap();
        let device = server
            .http
            .post(server.url(&format!("/{tenant}/oauth2/v2.0/devicecode")))
            .form(&[("client_id", "entente-cli")])
            .send()
            .await
            .unwrap();
        assert_eq!(device.status(), 200);

        let now = entente_testkit::now();
        let nothing = purge_expired(&server.services, now).await.unwrap();
        assert_eq!(nothing, Default::default(), "nothing live is removed");
        let account = server
            .http
            .get(server.url(&landing))
            .header("cookie", &cookies)
            .send()
            .await
            .unwrap();
        assert_eq!(account.status(), 200, "the session survives the clean-up");

        // Past every lifetime (the refresh family's 90 days is the longest) and the grace.
        let later = now + 91 * 24 * 3600 + KEEP_AFTER_EXPIRY;
        let purged = purge_expired(&server.services, later).await.unwrap();
        assert_eq!(purged.authorization_codes, 1);
        assert_eq!(purged.refresh_tokens, 1);
        assert_eq!(
            purged.sessions, 2,
            "the code flow's session and the browser's"
        );
        assert_eq!(purged.device_codes, 1);
        server.stop().await;
    }
}

/// An invitation email's body (with its live redemption link) is emptied as soon as
/// the email has been sent, in the statement that records it; the row stays as the
/// record of the delivery, and hourly upkeep finds nothing left to empty.
#[tokio::test]
async fn sent_invitation_emails_lose_their_links() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let token = server.api_token().await;
        let (status, invited) = server
            .call(
                reqwest::Method::POST,
                "/v1.0/invitations",
                Some(&token),
                Some(serde_json::json!({
                    "invitedUserEmailAddress": "nadia@northwind.example",
                    "inviteRedirectUrl": "https://app.contoso.com/",
                    "sendInvitationMessage": true,
                })),
            )
            .await;
        assert_eq!(status, 201, "{invited}");
        let link = invited["inviteRedeemUrl"].as_str().unwrap().to_owned();
        let tenant = server.bootstrap().tenant_id;
        let outbox = || async {
            let mut conn = server.services.store.read().await.unwrap();
            conn.db().list_outbox(tenant, None).await.unwrap()
        };
        // The worker sends it (to .eml files); wait for the delivery to be recorded.
        let mut sent = None;
        for _ in 0..100 {
            if let Some(m) = outbox().await.into_iter().find(|m| m.sent_at.is_some()) {
                sent = Some(m);
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let sent = sent.expect("the invitation email was sent");
        let file = server.data_dir().join(format!("outbox/{}.eml", sent.id));
        assert!(file.exists(), "the email went out to {}", file.display());
        assert!(
            sent.text_body.is_empty() && sent.html_body.is_none(),
            "{backend:?}: emptied when recorded as sent: {sent:?}"
        );
        let sent_at = sent.sent_at.unwrap();
        let purged = purge_expired(&server.services, sent_at + KEEP_SENT_BODY + 1)
            .await
            .unwrap();
        assert_eq!(purged.sent_email_bodies, 0, "nothing left to empty");
        let after = outbox()
            .await
            .into_iter()
            .find(|m| m.id == sent.id)
            .unwrap();
        assert!(after.text_body.is_empty() && after.html_body.is_none());
        assert_eq!(after.subject, sent.subject, "who, when and what stay");
        assert!(!format!("{after:?}").contains(&link));
        server.stop().await;
    }
}
