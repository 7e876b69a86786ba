//! The hourly clean-up removes rows whose time is over, and nothing that is still live.

use entente_testkit::entente_domain::housekeeping::{KEEP_AFTER_EXPIRY, purge_expired};
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
