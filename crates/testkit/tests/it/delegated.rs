//! A delegated token acts with what its user holds *and* what the token was granted
//! (`scp`), as in Entra ID: an administrator signed in to an application that asked
//! only for `User.Read` cannot use the administrator's roles through it.

use entente_testkit::{ADMIN_EMAIL, ADMIN_PASSWORD, TestServer, backends};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn a_delegated_token_acts_with_its_granted_scopes_only() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let app = server
            .register_app("Reader", "https://reader.example/callback", false)
            .await;
        let base = server.base_url.clone();

        // Asked for User.Read only: the admin reads their own profile, nothing more.
        let narrow = server
            .user_tokens(
                &app,
                ADMIN_EMAIL,
                ADMIN_PASSWORD,
                &format!("openid {base}/User.Read"),
            )
            .await;
        let narrow = narrow["access_token"].as_str().expect("a token").to_owned();
        let (status, me) = server
            .call(Method::GET, "/v1.0/me", Some(&narrow), None)
            .await;
        assert_eq!(status, 200, "{backend:?}: {me}");
        assert_eq!(me["mail"], ADMIN_EMAIL);
        let (status, refused) = server
            .call(
                Method::POST,
                "/v1.0/groups",
                Some(&narrow),
                Some(json!({ "displayName": "Should not exist" })),
            )
            .await;
        assert_eq!(status, 403, "{backend:?}: {refused}");
        let (status, _) = server
            .call(Method::GET, "/v1.0/users", Some(&narrow), None)
            .await;
        assert_eq!(status, 403, "{backend:?}: listing needs User.Read.All");

        // Asked for .default: the admin's roles come along.
        let wide = server
            .user_tokens(
                &app,
                ADMIN_EMAIL,
                ADMIN_PASSWORD,
                &format!("openid {base}/.default"),
            )
            .await;
        let wide = wide["access_token"].as_str().expect("a token").to_owned();
        let (status, created) = server
            .call(
                Method::POST,
                "/v1.0/groups",
                Some(&wide),
                Some(json!({ "displayName": "Made with .default" })),
            )
            .await;
        assert_eq!(status, 201, "{backend:?}: {created}");
        server.stop().await;
    }
}
