//! Issue 19, item 2: deleted users, groups and applications go to deleted items for
//! 30 days (Graph's `/directory/deletedItems`). Deleting ends sign-ins and tokens at
//! once and hides the object everywhere; a restore brings it back with its
//! memberships and assignments; a permanent delete or the 30-day purge (run here with
//! a fixed clock) erases it. Many restores at once leave one winner, a restore racing
//! the purge leaves one consistent outcome, and another tenant sees none of it; on
//! both backends.

use entente_domain::deleted_items::KEEP_DELETED;
use entente_model::{Tenant, TenantId};
use entente_testkit::{TestServer, backends, now};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const DELETED_USERS: &str = "/v1.0/directory/deletedItems/microsoft.graph.user";

fn ids(listing: &Value) -> Vec<String> {
    listing["value"]
        .as_array()
        .unwrap_or_else(|| panic!("a collection: {listing}"))
        .iter()
        .map(|v| v["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn create(server: &TestServer, token: &str, path: &str, body: Value) -> String {
    let (status, created) = server
        .call(Method::POST, path, Some(token), Some(body))
        .await;
    assert_eq!(status, 201, "{created}");
    created["id"].as_str().unwrap().to_owned()
}

async fn status_of(server: &TestServer, method: Method, path: &str, token: &str) -> StatusCode {
    server.call(method, path, Some(token), None).await.0
}

/// `n` requests at once, each on its own task.
async fn at_once(
    server: &TestServer,
    method: Method,
    path: &str,
    token: &str,
    n: usize,
) -> Vec<(StatusCode, Value)> {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..n {
        let request = server
            .http
            .request(method.clone(), server.url(path))
            .bearer_auth(token);
        tasks.spawn(async move {
            let response = request.send().await.unwrap();
            let status = response.status();
            let text = response.text().await.unwrap();
            (status, serde_json::from_str(&text).unwrap_or(Value::Null))
        });
    }
    tasks.join_all().await
}

async fn client_credentials(server: &TestServer, app: &entente_testkit::TestApp) -> StatusCode {
    let tenant = server.bootstrap().tenant_id;
    server
        .http
        .post(server.url(&format!("/{tenant}/oauth2/v2.0/token")))
        .basic_auth(&app.client_id, app.client_secret.as_deref())
        .form(&[
            ("grant_type", "client_credentials"),
            ("scope", &format!("{}/.default", server.url(""))),
        ])
        .send()
        .await
        .unwrap()
        .status()
}

async fn refresh(
    server: &TestServer,
    app: &entente_testkit::TestApp,
    refresh_token: &str,
) -> StatusCode {
    let tenant = server.bootstrap().tenant_id;
    server
        .http
        .post(server.url(&format!("/{tenant}/oauth2/v2.0/token")))
        .basic_auth(&app.client_id, app.client_secret.as_deref())
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
        ])
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn deleted_objects_vanish_and_come_back_whole() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let token = server.api_token().await;
        let tenant = server.bootstrap().tenant_id;
        let ada = server
            .create_member(
                "ada@contoso.example",
                "Ada Lovelace",
                "a long enough password",
            )
            .await;
        let user = ada.id.to_string();
        let app = server
            .register_app("Payroll", "https://payroll.example/cb", false)
            .await;
        let group = create(
            &server,
            &token,
            "/v1.0/groups",
            json!({ "displayName": "Engineers" }),
        )
        .await;
        let (status, body) = server
            .call(
                Method::POST,
                &format!("/v1.0/groups/{group}/members/$ref"),
                Some(&token),
                Some(json!({ "@odata.id": format!("https://graph.microsoft.com/v1.0/directoryObjects/{user}") })),
            )
            .await;
        assert_eq!(status, 204, "{body}");
        let (status, body) = server
            .call(
                Method::POST,
                &format!("/v1.0/users/{user}/appRoleAssignments"),
                Some(&token),
                Some(json!({ "principalId": user, "resourceId": app.id.to_string(), "appRoleId": uuid::Uuid::nil() })),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        let tokens = server
            .user_tokens(&app, &ada.email, &ada.password, "openid offline_access")
            .await;
        let refresh_token = tokens["refresh_token"].as_str().unwrap().to_owned();

        // Deleting a user: gone from every listing and lookup, its sign-ins over.
        assert_eq!(
            status_of(
                &server,
                Method::DELETE,
                &format!("/v1.0/users/{user}"),
                &token
            )
            .await,
            204
        );
        assert_eq!(
            status_of(&server, Method::GET, &format!("/v1.0/users/{user}"), &token).await,
            404
        );
        let (_, listing) = server
            .call(Method::GET, "/v1.0/users", Some(&token), None)
            .await;
        assert!(!ids(&listing).contains(&user), "{listing}");
        let (_, members) = server
            .call(
                Method::GET,
                &format!("/v1.0/groups/{group}/members"),
                Some(&token),
                None,
            )
            .await;
        assert!(ids(&members).is_empty(), "{members}");
        assert_eq!(
            refresh(&server, &app, &refresh_token).await,
            400,
            "the refresh token died with the user"
        );
        let login = server.url(&format!("/{tenant}/login"));
        assert!(
            server
                .browser_sign_in(&login, &ada.email, &ada.password)
                .await
                .is_err(),
            "a deleted user cannot sign in"
        );

        // It is in deleted items, under both casts, with when it was deleted.
        for path in [DELETED_USERS, "/v1.0/directory/deletedItems/graph.user"] {
            let (status, deleted) = server.call(Method::GET, path, Some(&token), None).await;
            assert_eq!(status, 200, "{deleted}");
            let item = deleted["value"]
                .as_array()
                .unwrap()
                .iter()
                .find(|v| v["id"] == user.as_str())
                .unwrap_or_else(|| panic!("{deleted}"));
            assert_eq!(item["displayName"], "Ada Lovelace");
            assert!(
                item["deletedDateTime"].as_str().unwrap().starts_with("20"),
                "{item}"
            );
        }
        let (status, item) = server
            .call(
                Method::GET,
                &format!("/v1.0/directory/deletedItems/{user}"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, 200, "{item}");
        assert_eq!(item["@odata.type"], "#microsoft.graph.user");
        assert_eq!(item["userPrincipalName"], "ada@contoso.example");

        // Restored: back with its membership and its assignment, and it signs in.
        let (status, restored) = server
            .call(
                Method::POST,
                &format!("/v1.0/directory/deletedItems/{user}/restore"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, 200, "{restored}");
        assert_eq!(restored["id"], user.as_str());
        assert_eq!(restored["@odata.type"], "#microsoft.graph.user");
        assert!(restored["deletedDateTime"].is_null(), "{restored}");
        let (_, members) = server
            .call(
                Method::GET,
                &format!("/v1.0/groups/{group}/members"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(ids(&members), vec![user.clone()]);
        let (_, assignments) = server
            .call(
                Method::GET,
                &format!("/v1.0/users/{user}/appRoleAssignments"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(
            assignments["value"][0]["resourceId"],
            app.id.to_string(),
            "{assignments}"
        );
        let (_, deleted) = server
            .call(Method::GET, DELETED_USERS, Some(&token), None)
            .await;
        assert!(!ids(&deleted).contains(&user), "{deleted}");
        server
            .user_tokens(&app, &ada.email, &ada.password, "openid")
            .await;

        // A group: its members lose it meanwhile and find it again.
        assert_eq!(
            status_of(
                &server,
                Method::DELETE,
                &format!("/v1.0/groups/{group}"),
                &token
            )
            .await,
            204
        );
        let (_, member_of) = server
            .call(
                Method::GET,
                &format!("/v1.0/users/{user}/memberOf"),
                Some(&token),
                None,
            )
            .await;
        assert!(ids(&member_of).is_empty(), "{member_of}");
        let (_, groups) = server
            .call(
                Method::GET,
                "/v1.0/directory/deletedItems/microsoft.graph.group",
                Some(&token),
                None,
            )
            .await;
        assert_eq!(ids(&groups), vec![group.clone()]);
        assert_eq!(groups["value"][0]["displayName"], "Engineers");
        let (status, restored) = server
            .call(
                Method::POST,
                &format!("/v1.0/directory/deletedItems/{group}/restore"),
                Some(&token),
                Some(json!({})),
            )
            .await;
        assert_eq!(status, 200, "{restored}");
        assert_eq!(restored["@odata.type"], "#microsoft.graph.group");
        let (_, member_of) = server
            .call(
                Method::GET,
                &format!("/v1.0/users/{user}/memberOf"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(ids(&member_of), vec![group.clone()]);

        // An application: no token while deleted, its secret works again once restored.
        assert_eq!(client_credentials(&server, &app).await, 200);
        assert_eq!(
            status_of(
                &server,
                Method::DELETE,
                &format!("/v1.0/applications/{}", app.id),
                &token
            )
            .await,
            204
        );
        assert_eq!(client_credentials(&server, &app).await, 401);
        let (_, apps) = server
            .call(
                Method::GET,
                "/v1.0/directory/deletedItems/graph.application",
                Some(&token),
                None,
            )
            .await;
        assert_eq!(apps["value"][0]["appId"], app.client_id.as_str(), "{apps}");
        let (status, restored) = server
            .call(
                Method::POST,
                &format!("/v1.0/directory/deletedItems/{}/restore", app.id),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, 200, "{restored}");
        assert_eq!(
            restored["passwordCredentials"].as_array().map(Vec::len),
            Some(1),
            "{restored}"
        );
        assert_eq!(client_credentials(&server, &app).await, 200);
        server.stop().await;
    }
}

#[tokio::test]
async fn a_user_whose_name_was_taken_is_restored_under_a_new_one() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let token = server.api_token().await;
        let domain = server.bootstrap().initial_domain.clone();
        let upn = format!("grace@{domain}");
        let body = json!({ "displayName": "Grace", "userPrincipalName": upn });
        let first = create(&server, &token, "/v1.0/users", body.clone()).await;
        assert_eq!(
            status_of(
                &server,
                Method::DELETE,
                &format!("/v1.0/users/{first}"),
                &token
            )
            .await,
            204
        );
        // The name is free for a new user at once, as in Entra.
        create(&server, &token, "/v1.0/users", body).await;
        let restore = format!("/v1.0/directory/deletedItems/{first}/restore");
        let (status, refused) = server
            .call(Method::POST, &restore, Some(&token), None)
            .await;
        assert_eq!(status, 409, "{refused}");
        let message = refused["error"]["message"].as_str().unwrap();
        assert!(
            message.contains(&upn) && message.contains("newUserPrincipalName"),
            "{message}"
        );
        let renamed = format!("grace.old@{domain}");
        let (status, restored) = server
            .call(
                Method::POST,
                &restore,
                Some(&token),
                Some(
                    json!({ "newUserPrincipalName": renamed, "autoReconcileProxyConflict": true }),
                ),
            )
            .await;
        assert_eq!(status, 200, "{restored}");
        assert_eq!(restored["userPrincipalName"], renamed.as_str());
        let (_, user) = server
            .call(
                Method::GET,
                &format!("/v1.0/users/{first}"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(user["userPrincipalName"], renamed.as_str());
        server.stop().await;
    }
}

#[tokio::test]
async fn deleted_items_are_erased_for_good_on_request_or_after_30_days() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let token = server.api_token().await;
        let group = create(
            &server,
            &token,
            "/v1.0/groups",
            json!({ "displayName": "Short-lived" }),
        )
        .await;
        let kept = create(
            &server,
            &token,
            "/v1.0/groups",
            json!({ "displayName": "Kept a while" }),
        )
        .await;
        for id in [&group, &kept] {
            assert_eq!(
                status_of(
                    &server,
                    Method::DELETE,
                    &format!("/v1.0/groups/{id}"),
                    &token
                )
                .await,
                204
            );
        }

        // Deleted permanently: it cannot be read, restored or deleted again.
        let item = format!("/v1.0/directory/deletedItems/{group}");
        assert_eq!(status_of(&server, Method::DELETE, &item, &token).await, 204);
        assert_eq!(status_of(&server, Method::GET, &item, &token).await, 404);
        assert_eq!(
            status_of(&server, Method::POST, &format!("{item}/restore"), &token).await,
            404
        );
        assert_eq!(status_of(&server, Method::DELETE, &item, &token).await, 404);

        // The housekeeping keeps a deleted item 30 days, then erases it (a fixed clock).
        let deleted_at = now();
        let housekeeping = entente_domain::housekeeping::purge_expired;
        let early = housekeeping(&server.services, deleted_at + KEEP_DELETED - 60)
            .await
            .unwrap();
        assert_eq!(early.deleted_items, 0);
        let kept_item = format!("/v1.0/directory/deletedItems/{kept}");
        assert_eq!(
            status_of(&server, Method::GET, &kept_item, &token).await,
            200
        );
        let late = housekeeping(&server.services, deleted_at + KEEP_DELETED + 60)
            .await
            .unwrap();
        assert_eq!(late.deleted_items, 1);
        assert_eq!(
            status_of(&server, Method::GET, &kept_item, &token).await,
            404
        );
        let (_, audit) = server
            .call(
                Method::GET,
                "/v1.0/auditLogs/directoryAudits",
                Some(&token),
                None,
            )
            .await;
        let purged = audit["value"].as_array().unwrap().iter().any(|e| {
            let text = e.to_string();
            text.contains("Hard delete group") && text.contains(&kept)
        });
        assert!(purged, "{audit}");
        server.stop().await;
    }
}

/// Many restores of one item at once: exactly one brings it back, the others are told
/// it is no longer in deleted items; the same for permanent deletes.
#[tokio::test]
async fn restores_at_once_leave_exactly_one_winner() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let token = server.api_token().await;
        let domain = server.bootstrap().initial_domain.clone();
        let user = create(
            &server,
            &token,
            "/v1.0/users",
            json!({ "displayName": "Raced", "userPrincipalName": format!("raced@{domain}") }),
        )
        .await;
        assert_eq!(
            status_of(
                &server,
                Method::DELETE,
                &format!("/v1.0/users/{user}"),
                &token
            )
            .await,
            204
        );
        let restore = format!("/v1.0/directory/deletedItems/{user}/restore");
        let answers = at_once(&server, Method::POST, &restore, &token, 24).await;
        let won = answers.iter().filter(|(s, _)| *s == 200).count();
        assert_eq!(won, 1, "{answers:?}");
        for (status, body) in answers.iter().filter(|(s, _)| *s != 200) {
            assert_eq!(*status, 404, "{body}");
            assert_eq!(body["error"]["code"], "Request_ResourceNotFound", "{body}");
        }

        assert_eq!(
            status_of(
                &server,
                Method::DELETE,
                &format!("/v1.0/users/{user}"),
                &token
            )
            .await,
            204
        );
        let item = format!("/v1.0/directory/deletedItems/{user}");
        let answers = at_once(&server, Method::DELETE, &item, &token, 16).await;
        let erased = answers.iter().filter(|(s, _)| *s == 204).count();
        assert_eq!(erased, 1, "{answers:?}");
        assert!(answers.iter().all(|(s, _)| *s == 204 || *s == 404));
        server.stop().await;
    }
}

/// A restore racing the purge: either the item is back (and the purge left it) or it
/// is gone and every restore was refused; never both, never half.
#[tokio::test]
async fn a_restore_racing_the_purge_has_one_outcome() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let token = server.api_token().await;
        for round in 0..4 {
            let group = create(
                &server,
                &token,
                "/v1.0/groups",
                json!({ "displayName": format!("Race {round}") }),
            )
            .await;
            assert_eq!(
                status_of(
                    &server,
                    Method::DELETE,
                    &format!("/v1.0/groups/{group}"),
                    &token
                )
                .await,
                204
            );
            let restore = format!("/v1.0/directory/deletedItems/{group}/restore");
            let later = now() + KEEP_DELETED + 60;
            let restores = at_once(&server, Method::POST, &restore, &token, 16);
            let purge = entente_domain::housekeeping::purge_expired(&server.services, later);
            let (answers, purged) = tokio::join!(restores, purge);
            let purged = purged.unwrap().deleted_items;
            let won = answers.iter().filter(|(s, _)| *s == 200).count();
            let live = status_of(
                &server,
                Method::GET,
                &format!("/v1.0/groups/{group}"),
                &token,
            )
            .await;
            if won == 1 {
                assert_eq!(purged, 0);
                assert_eq!(live, 200);
            } else {
                assert_eq!((won, purged), (0, 1), "{answers:?}");
                assert_eq!(live, 404);
                let item = format!("/v1.0/directory/deletedItems/{group}");
                assert_eq!(status_of(&server, Method::GET, &item, &token).await, 404);
            }
        }
        server.stop().await;
    }
}

/// Another tenant's administrator cannot list, read, restore or erase our deleted
/// items; and reading them needs the permission of their kind.
#[tokio::test]
async fn another_tenant_sees_none_of_our_deleted_items() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let token = server.api_token().await;
        let domain = server.bootstrap().initial_domain.clone();
        let user = create(
            &server,
            &token,
            "/v1.0/users",
            json!({ "displayName": "Ours", "userPrincipalName": format!("ours@{domain}") }),
        )
        .await;
        assert_eq!(
            status_of(
                &server,
                Method::DELETE,
                &format!("/v1.0/users/{user}"),
                &token
            )
            .await,
            204
        );
        let other = Tenant::new(
            TenantId::new_id(),
            "Northwind".into(),
            "northwind.entente.test".into(),
            now(),
        );
        let mut tx = server.services.store.write().await.unwrap();
        tx.db().insert_tenant(&other).await.unwrap();
        tx.commit().await.unwrap();
        let theirs = server.sign(&server.api_claims(
            other.id,
            uuid::Uuid::new_v4(),
            "app",
            &["Directory.ReadWrite.All"],
            now(),
        ));
        let (status, listing) = server
            .call(Method::GET, DELETED_USERS, Some(&theirs), None)
            .await;
        assert_eq!(status, 200);
        assert!(ids(&listing).is_empty(), "{listing}");
        let item = format!("/v1.0/directory/deletedItems/{user}");
        assert_eq!(status_of(&server, Method::GET, &item, &theirs).await, 404);
        assert_eq!(
            status_of(&server, Method::POST, &format!("{item}/restore"), &theirs).await,
            404
        );
        assert_eq!(
            status_of(&server, Method::DELETE, &item, &theirs).await,
            404
        );
        assert_eq!(status_of(&server, Method::GET, &item, &token).await, 200);

        // Only groups may be read: a deleted user is not the caller's to see.
        let tenant = server.bootstrap().tenant_id;
        let groups_only = server.sign(&server.api_claims(
            tenant,
            uuid::Uuid::new_v4(),
            "app",
            &["Group.ReadWrite.All"],
            now(),
        ));
        assert_eq!(
            status_of(&server, Method::GET, &item, &groups_only).await,
            403
        );
        assert_eq!(
            status_of(
                &server,
                Method::POST,
                &format!("{item}/restore"),
                &groups_only
            )
            .await,
            403
        );
        assert_eq!(
            status_of(&server, Method::GET, DELETED_USERS, &groups_only).await,
            403
        );
        let readers = server.sign(&server.api_claims(
            tenant,
            uuid::Uuid::new_v4(),
            "app",
            &["User.Read.All"],
            now(),
        ));
        assert_eq!(status_of(&server, Method::GET, &item, &readers).await, 200);
        assert_eq!(
            status_of(&server, Method::POST, &format!("{item}/restore"), &readers).await,
            403
        );
        server.stop().await;
    }
}

/// In the browser: deleting a user asks first, naming them and what follows, and says
/// afterwards what happened (`role=status`); Deleted items lists the user and a
/// group; deleting the group permanently asks first; the user is restored. Every page
/// passes axe-core and fits 375 px.
#[tokio::test]
async fn the_portal_confirms_deleting_says_so_and_restores() {
    let server = TestServer::start_on(entente_testkit::Backend::Sqlite).await;
    let base = server.base_url.clone();
    let tenant = server.bootstrap().tenant_id;
    let token = server.api_token().await;
    let ada = server
        .create_member(
            "ada@contoso.example",
            "Ada Lovelace",
            "a long enough password",
        )
        .await;
    let group = create(
        &server,
        &token,
        "/v1.0/groups",
        json!({ "displayName": "Old project" }),
    )
    .await;
    assert_eq!(
        status_of(
            &server,
            Method::DELETE,
            &format!("/v1.0/groups/{group}"),
            &token
        )
        .await,
        204
    );
    let storage = server.data_dir().join("deleted-admin.json");
    crate::browser::scenario(
        "visit",
        json!({
            "url": format!("{base}/{tenant}/admin"), "login": entente_testkit::ADMIN_EMAIL,
            "password": entente_testkit::ADMIN_PASSWORD, "saveStorage": storage,
        }),
    )
    .await;
    let user_url = format!("{base}/{tenant}/admin/users/{}", ada.id);
    let seen = crate::browser::scenario(
        "deleted-items",
        json!({
            "storage": storage, "userUrl": user_url, "userId": ada.id.to_string(),
            "groupId": group,
        }),
    )
    .await;
    assert_eq!(
        seen["confirmation"]["question"], "Delete the user Ada Lovelace?",
        "{seen}"
    );
    assert!(
        seen["confirmation"]["consequences"][0]
            .as_str()
            .unwrap()
            .contains("30 days"),
        "{seen}"
    );
    assert!(
        seen["confirmation"]["cancel"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/admin/users/{}", ada.id)),
        "{seen}"
    );
    assert_eq!(
        seen["deleted"]["notice"],
        "Ada Lovelace is moved to Deleted items. You can restore it there for 30 days.",
        "{seen}"
    );
    assert_eq!(seen["deleted"]["role"], "status");
    let listed = seen["listed"].to_string();
    assert!(
        listed.contains("Ada Lovelace") && listed.contains("Old project"),
        "{listed}"
    );
    assert_eq!(seen["purgeQuestion"], "Delete Old project permanently?");
    assert_eq!(seen["purged"], "The item is deleted permanently.");
    assert_eq!(seen["restored"], "Ada Lovelace is restored.", "{seen}");
    assert_eq!(seen["left"], 0, "{seen}");
    assert_eq!(seen["back"], "Ada Lovelace");
    assert_eq!(
        status_of(
            &server,
            Method::GET,
            &format!("/v1.0/users/{}", ada.id),
            &token
        )
        .await,
        200
    );

    server.stop().await;
}

/// Deleting the application the CLI signs in through says so before it is done, and
/// the confirmed post still needs the form's token.
#[tokio::test]
async fn deleting_the_clis_application_warns_that_the_cli_stops() {
    let server = TestServer::start_on(entente_testkit::Backend::Sqlite).await;
    let tenant = server.bootstrap().tenant_id;
    let token = server.api_token().await;
    let (_, apps) = server
        .call(
            Method::GET,
            &format!(
                "/v1.0/applications?$filter=appId eq '{}'",
                server.bootstrap().client_id
            ),
            Some(&token),
            None,
        )
        .await;
    let app = apps["value"][0]["id"].as_str().unwrap().to_owned();
    let login = server.url(&format!("/{tenant}/login"));
    let (cookies, _) = server
        .browser_sign_in(
            &login,
            entente_testkit::ADMIN_EMAIL,
            entente_testkit::ADMIN_PASSWORD,
        )
        .await
        .unwrap();
    let app_page = server
        .http
        .get(server.url(&format!("/{tenant}/admin/apps/{app}")))
        .header("cookie", &cookies)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = entente_testkit::hidden_field(&app_page, "csrf").unwrap();
    let delete = server.url(&format!("/{tenant}/admin/apps/{app}/delete"));
    let post = |fields: Vec<(&'static str, String)>| {
        server
            .http
            .post(&delete)
            .header("cookie", &cookies)
            .form(&fields)
            .send()
    };
    let asked = post(vec![("csrf", csrf.clone())]).await.unwrap();
    assert_eq!(asked.status(), 200);
    let question = asked.text().await.unwrap();
    assert!(question.contains("Delete the application "), "{question}");
    assert!(
        question.contains("The entente command-line tool signs in through this application"),
        "{question}"
    );
    let forged = post(vec![("csrf", "forged".into()), ("confirm", "yes".into())])
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert_eq!(
        status_of(
            &server,
            Method::GET,
            &format!("/v1.0/applications/{app}"),
            &token
        )
        .await,
        200,
        "nothing is deleted before the confirmed, genuine post"
    );
    let done = post(vec![("csrf", csrf), ("confirm", "yes".into())])
        .await
        .unwrap();
    assert_eq!(done.status(), 303);
    let target = done.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        target.ends_with(&format!("/admin/apps?notice=deleted&of={app}")),
        "{target}"
    );
    let listing = server
        .http
        .get(server.url(&target))
        .header("cookie", &cookies)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        listing.contains("is moved to Deleted items") && listing.contains("role=\"status\""),
        "{listing}"
    );
    server.stop().await;
}
