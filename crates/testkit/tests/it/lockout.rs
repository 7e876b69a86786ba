//! Issue 19, item 1: nobody locks the organization out of its own administration. An
//! administrator cannot block or delete their own account, and nobody (a person or
//! an application) can block or delete the last enabled Global Administrator; the
//! refusal names the reason, on the API, in the CLI and on the portal page. Two
//! administrators blocked at once from many requests leave one standing, on both
//! backends.

use entente_model::{DirectoryRole, UserId};
use entente_testkit::{TestServer, backends, now};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A token of the tenant's bootstrapped administrator, as the portal's user.
fn admin_user_token(server: &TestServer) -> String {
    let boot = server.bootstrap();
    server.sign(&server.api_claims(boot.tenant_id, boot.admin_user_id.0, "user", &[], now()))
}

async fn block(server: &TestServer, token: &str, user: UserId) -> (StatusCode, Value) {
    server
        .call(
            Method::PATCH,
            &format!("/v1.0/users/{user}"),
            Some(token),
            Some(json!({ "accountEnabled": false })),
        )
        .await
}

async fn make_global_administrator(server: &TestServer, email: &str) -> UserId {
    let user = server
        .create_member(email, "Second Admin", "a long enough password")
        .await;
    let mut tx = server.services.store.write().await.unwrap();
    tx.db()
        .grant_directory_role(
            server.bootstrap().tenant_id,
            user.id,
            DirectoryRole::GlobalAdministrator,
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    user.id
}

async fn enabled(server: &TestServer, app: &str, user: UserId) -> bool {
    let (status, body) = server
        .call(Method::GET, &format!("/v1.0/users/{user}"), Some(app), None)
        .await;
    assert_eq!(status, 200, "{body}");
    body["accountEnabled"].as_bool().unwrap()
}

#[tokio::test]
async fn the_last_administrator_and_ones_own_account_cannot_be_blocked_or_deleted() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let admin = server.bootstrap().admin_user_id;
        let app = server.api_token().await;
        let me = admin_user_token(&server);

        // Oneself: refused, with the reason.
        let (status, body) = block(&server, &me, admin).await;
        assert_eq!(status, 403, "{body}");
        assert!(body.to_string().contains("your own account"), "{body}");
        let (status, body) = server
            .call(
                Method::DELETE,
                &format!("/v1.0/users/{admin}"),
                Some(&me),
                None,
            )
            .await;
        assert_eq!(status, 403, "{body}");
        assert!(
            body.to_string().contains("cannot delete your own account"),
            "{body}"
        );

        // The last Global Administrator, by an application holding every permission.
        let (status, body) = block(&server, &app, admin).await;
        assert_eq!(status, 403, "{body}");
        assert!(
            body.to_string().contains("last Global Administrator"),
            "{body}"
        );
        let (status, _) = server
            .call(
                Method::DELETE,
                &format!("/v1.0/users/{admin}"),
                Some(&app),
                None,
            )
            .await;
        assert_eq!(status, 403);
        assert!(enabled(&server, &app, admin).await, "nothing changed");

        // With a second administrator, either may be blocked, but not both.
        let second = make_global_administrator(&server, "second@contoso.entente.test").await;
        let (status, body) = block(&server, &app, admin).await;
        assert_eq!(status, 204, "{body}");
        let (status, body) = block(&server, &app, second).await;
        assert_eq!(status, 403, "{body}");
        assert!(body.to_string().contains("Second Admin"), "{body}");
        // A blocked administrator does not count; allowing them again is always fine.
        let (status, _) = server
            .call(
                Method::PATCH,
                &format!("/v1.0/users/{admin}"),
                Some(&app),
                Some(json!({ "accountEnabled": true })),
            )
            .await;
        assert_eq!(status, 204);
        server.stop().await;
    }
}

#[tokio::test]
async fn two_administrators_blocked_at_once_leave_one_standing() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let admin = server.bootstrap().admin_user_id;
        let second = make_global_administrator(&server, "second@contoso.entente.test").await;
        let app = server.api_token().await;
        for round in 0..3 {
            // 24 requests at once, half for each administrator.
            let mut tasks = tokio::task::JoinSet::new();
            for i in 0..24 {
                let target = if i % 2 == 0 { admin } else { second };
                let request = server
                    .http
                    .patch(server.url(&format!("/v1.0/users/{target}")))
                    .bearer_auth(&app)
                    .json(&json!({ "accountEnabled": false }));
                tasks.spawn(async move { request.send().await.unwrap().status().as_u16() });
            }
            let statuses = tasks.join_all().await;
            assert!(
                statuses.iter().all(|s| *s == 204 || *s == 403),
                "{backend:?}: {statuses:?}"
            );
            let standing = [
                enabled(&server, &app, admin).await,
                enabled(&server, &app, second).await,
            ];
            assert_eq!(
                standing.iter().filter(|e| **e).count(),
                1,
                "{backend:?} round {round}: exactly one administrator is left: {standing:?}"
            );
            // Allow both again for the next round.
            for user in [admin, second] {
                let (status, _) = server
                    .call(
                        Method::PATCH,
                        &format!("/v1.0/users/{user}"),
                        Some(&app),
                        Some(json!({ "accountEnabled": true })),
                    )
                    .await;
                assert_eq!(status, 204);
            }
        }
        server.stop().await;
    }
}
