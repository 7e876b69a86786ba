//! Deleted items, issue 19 follow-ups, on both backends: the portal lists each kind
//! newest deletion first with its count and pages past the first 50; restoring a home
//! account restores exactly the guest objects its deletion took along (not one an
//! inviting admin deleted on their own, not one purged, not one whose name was taken
//! meanwhile, which its audit entry says); another tenant's deleted items are not
//! found from the portal or the API, and a notice naming another tenant's object names
//! nothing; a deleted group and a deleted application come back with their members
//! and assignments.

use entente_model::{ExternalUserState, Tenant, TenantId, User, UserId, UserType};
use entente_testkit::{ADMIN_EMAIL, ADMIN_PASSWORD, TestServer, backends, hidden_field, now};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn ids(listing: &Value) -> Vec<String> {
    listing["value"]
        .as_array()
        .unwrap_or_else(|| panic!("a collection: {listing}"))
        .iter()
        .map(|v| v["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn admin_cookies(server: &TestServer) -> String {
    let tenant = server.bootstrap().tenant_id;
    let (cookies, _) = server
        .browser_sign_in(
            &server.url(&format!("/{tenant}/login")),
            ADMIN_EMAIL,
            ADMIN_PASSWORD,
        )
        .await
        .expect("the admin signs in");
    cookies
}

async fn get(server: &TestServer, path: &str, cookies: &str) -> (u16, String) {
    let response = server
        .http
        .get(server.url(path))
        .header("cookie", cookies)
        .header("accept-language", "en")
        .send()
        .await
        .expect("GET");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

async fn post(server: &TestServer, path: &str, cookies: &str, fields: &[(&str, &str)]) -> u16 {
    server
        .http
        .post(server.url(path))
        .header("cookie", cookies)
        .header("accept-language", "en")
        .form(fields)
        .send()
        .await
        .expect("POST")
        .status()
        .as_u16()
}

fn href_of(page: &str, id: &str) -> String {
    let at = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("#{id} in {page}"));
    let before = &page[..at];
    let start = before.rfind("href=\"").expect("href") + 6;
    let href = &page[start..];
    href[..href.find('"').unwrap()]
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

async fn new_tenant(server: &TestServer, name: &str) -> TenantId {
    let tenant = Tenant::new(
        TenantId::new_id(),
        name.to_owned(),
        format!(
            "{}-{}.entente.test",
            name.to_lowercase(),
            uuid::Uuid::new_v4().simple()
        ),
        now(),
    );
    let mut tx = server.services.store.write().await.unwrap();
    tx.db().insert_tenant(&tenant).await.unwrap();
    tx.commit().await.unwrap();
    tenant.id
}

async fn insert(server: &TestServer, user: &User) {
    let mut tx = server.services.store.write().await.unwrap();
    tx.db()
        .insert_user(entente_storage::NewUser {
            user,
            password_hash: None,
        })
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// A token of `tenant`'s administrator tool.
fn token_of(server: &TestServer, tenant: TenantId) -> String {
    server.sign(&server.api_claims(
        tenant,
        uuid::Uuid::new_v4(),
        "app",
        &["Directory.ReadWrite.All", "AuditLog.Read.All"],
        now(),
    ))
}

/// A redeemed guest object of `home` in `tenant`.
async fn guest_of(server: &TestServer, tenant: TenantId, home: &User) -> User {
    let upn = format!(
        "{}#EXT#@g{}.entente.test",
        home.user_principal_name.replace('@', "_"),
        uuid::Uuid::new_v4().simple()
    );
    let guest = User {
        user_type: UserType::Guest,
        external_user_state: Some(ExternalUserState::Accepted),
        home_tenant_id: Some(home.tenant_id),
        home_user_id: Some(home.id),
        sign_in_name: Some(home.user_principal_name.clone()),
        ..User::new_member(
            tenant,
            upn,
            home.mail.clone(),
            home.display_name.clone(),
            now(),
        )
    };
    insert(server, &guest).await;
    guest
}

async fn status(server: &TestServer, method: Method, path: &str, token: &str) -> StatusCode {
    server.call(method, path, Some(token), None).await.0
}

async fn audit_of(server: &TestServer, token: &str) -> Vec<Value> {
    let (status, audit) = server
        .call(
            Method::GET,
            "/v1.0/auditLogs/directoryAudits",
            Some(token),
            None,
        )
        .await;
    assert_eq!(status, 200, "{audit}");
    audit["value"].as_array().expect("entries").clone()
}

#[tokio::test]
async fn the_portal_lists_each_kind_newest_first_and_pages_past_fifty() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let domain = server.bootstrap().initial_domain.clone();
        // 55 users deleted a minute apart, the first one longest ago.
        let start = now() - 3_600;
        let mut users = Vec::new();
        {
            let mut tx = server.services.store.write().await.unwrap();
            for i in 0..55 {
                let user = User::new_member(
                    tenant,
                    format!("gone{i:02}@{domain}"),
                    None,
                    format!("Gone {i:02}"),
                    start,
                );
                tx.db()
                    .insert_user(entente_storage::NewUser {
                        user: &user,
                        password_hash: None,
                    })
                    .await
                    .unwrap();
                assert!(
                    tx.db()
                        .soft_delete_user(tenant, user.id, start + 60 * i)
                        .await
                        .unwrap()
                );
                users.push(user);
            }
            tx.commit().await.unwrap();
        }
        let cookies = admin_cookies(&server).await;
        let (status, first) = get(&server, &format!("/{tenant}/admin/deleted"), &cookies).await;
        assert_eq!(status, 200, "{first}");
        assert!(first.contains("Deleted users: 55"), "{first}");
        // The users a page lists, in its order.
        let rows = |page: &str| -> Vec<String> {
            let mut shown: Vec<(usize, String)> = users
                .iter()
                .filter_map(|u| {
                    let at = page.find(&format!("id=\"item-{}\"", u.id))?;
                    Some((at, u.display_name.clone()))
                })
                .collect();
            shown.sort();
            shown.into_iter().map(|(_, name)| name).collect()
        };
        let shown = rows(&first);
        assert_eq!(shown.len(), 50, "{shown:?}");
        assert!(
            first.contains("Gone 54"),
            "the newest deletion is on page one"
        );
        assert!(!first.contains("Gone 00"), "the oldest is not");
        // Newest first: Gone 54 before Gone 53 before ... before Gone 05.
        let at = |name: &str| first.find(name).unwrap_or(usize::MAX);
        for i in 6..55 {
            assert!(
                at(&format!("Gone {i:02}")) < at(&format!("Gone {:02}", i - 1)),
                "Gone {i:02} comes before Gone {:02}",
                i - 1
            );
        }
        let next = href_of(&first, "next-users");
        assert!(next.contains("users="), "{next}");
        let (status, second) = get(&server, &next, &cookies).await;
        assert_eq!(status, 200, "{second}");
        let shown = rows(&second);
        assert_eq!(
            shown,
            vec!["Gone 04", "Gone 03", "Gone 02", "Gone 01", "Gone 00"],
            "the rest, oldest last"
        );
        assert!(!second.contains("id=\"next-users\""), "{second}");
        // A cursor that is not one is refused, not read as the first page.
        let (status, _) = get(
            &server,
            &format!("/{tenant}/admin/deleted?users=nonsense"),
            &cookies,
        )
        .await;
        assert_eq!(status, 400);
        server.stop().await;
    }
}

#[tokio::test]
async fn restoring_a_home_account_restores_the_guests_its_deletion_took_along() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let contoso = server.bootstrap().tenant_id;
        let contoso_token = server.api_token().await;
        let home = server
            .partner_tenant(
                "Fabrikam",
                "fabrikam.com",
                "frank@fabrikam.com",
                "home password",
                false,
            )
            .await;
        let home_token = token_of(&server, home.tenant_id);
        let litware = new_tenant(&server, "Litware").await;
        let litware_token = token_of(&server, litware);
        let northwind = new_tenant(&server, "Northwind").await;
        let northwind_token = token_of(&server, northwind);
        let tailspin = new_tenant(&server, "Tailspin").await;
        let tailspin_token = token_of(&server, tailspin);
        // Frank is a guest at Contoso, Litware, Northwind and Tailspin.
        let at_contoso = guest_of(&server, contoso, &home).await;
        let at_litware = guest_of(&server, litware, &home).await;
        let at_northwind = guest_of(&server, northwind, &home).await;
        let at_tailspin = guest_of(&server, tailspin, &home).await;

        // Litware's administrator deletes Frank's guest object on their own first.
        let litware_guest = format!("/v1.0/users/{}", at_litware.id);
        assert_eq!(
            status(&server, Method::DELETE, &litware_guest, &litware_token).await,
            204
        );

        // Fabrikam deletes Frank: the three live guests go along.
        let frank = format!("/v1.0/users/{}", home.id);
        assert_eq!(
            status(&server, Method::DELETE, &frank, &home_token).await,
            204
        );
        let contoso_guest = format!("/v1.0/users/{}", at_contoso.id);
        assert_eq!(
            status(&server, Method::GET, &contoso_guest, &contoso_token).await,
            404
        );
        // Meanwhile Northwind gives the guest's principal name to a new user, and
        // Tailspin deletes its guest object permanently.
        let mut taker = User::new_member(
            northwind,
            at_northwind.user_principal_name.clone(),
            None,
            "Someone else".into(),
            now(),
        );
        taker.id = UserId::new_id();
        insert(&server, &taker).await;
        let tailspin_item = format!("/v1.0/directory/deletedItems/{}", at_tailspin.id);
        assert_eq!(
            status(&server, Method::DELETE, &tailspin_item, &tailspin_token).await,
            204
        );

        // Fabrikam restores Frank.
        let (code, restored) = server
            .call(
                Method::POST,
                &format!("/v1.0/directory/deletedItems/{}/restore", home.id),
                Some(&home_token),
                None,
            )
            .await;
        assert_eq!(code, 200, "{restored}");

        // Contoso's guest is back, live in the directory and its list of guests.
        let (code, guest) = server
            .call(Method::GET, &contoso_guest, Some(&contoso_token), None)
            .await;
        assert_eq!(code, 200, "{guest}");
        assert_eq!(guest["userType"], "Guest");
        let (_, deleted) = server
            .call(
                Method::GET,
                "/v1.0/directory/deletedItems/microsoft.graph.user",
                Some(&contoso_token),
                None,
            )
            .await;
        assert!(
            !ids(&deleted).contains(&at_contoso.id.to_string()),
            "{deleted}"
        );
        let audit = audit_of(&server, &contoso_token).await;
        let entry = audit
            .iter()
            .find(|e| {
                e["activityDisplayName"] == "Restore user"
                    && e.to_string().contains(&at_contoso.id.to_string())
            })
            .unwrap_or_else(|| panic!("a restore entry at Contoso: {audit:?}"));
        assert!(
            entry.to_string().contains("home account restored"),
            "{entry}"
        );

        // Litware's guest, deleted by its own administrator, stays in deleted items.
        assert_eq!(
            status(&server, Method::GET, &litware_guest, &litware_token).await,
            404
        );
        let (_, deleted) = server
            .call(
                Method::GET,
                "/v1.0/directory/deletedItems/microsoft.graph.user",
                Some(&litware_token),
                None,
            )
            .await;
        assert_eq!(ids(&deleted), vec![at_litware.id.to_string()], "{deleted}");
        let audit = audit_of(&server, &litware_token).await;
        assert!(
            !audit
                .iter()
                .any(|e| e["activityDisplayName"] == "Restore user"),
            "{audit:?}"
        );

        // Northwind's guest stays deleted (its name is taken), which the log says.
        let (_, deleted) = server
            .call(
                Method::GET,
                "/v1.0/directory/deletedItems/microsoft.graph.user",
                Some(&northwind_token),
                None,
            )
            .await;
        assert_eq!(
            ids(&deleted),
            vec![at_northwind.id.to_string()],
            "{deleted}"
        );
        let audit = audit_of(&server, &northwind_token).await;
        let entry = audit
            .iter()
            .find(|e| e["activityDisplayName"] == "Restore user skipped")
            .unwrap_or_else(|| panic!("a skipped restore at Northwind: {audit:?}"));
        let text = entry.to_string();
        assert!(
            text.contains("Not restored") && text.contains("home account restored"),
            "{entry}"
        );
        assert!(
            !audit
                .iter()
                .any(|e| e["activityDisplayName"] == "Restore user"),
            "{audit:?}"
        );

        // Tailspin's guest stays purged.
        assert_eq!(
            status(
                &server,
                Method::GET,
                &format!("/v1.0/users/{}", at_tailspin.id),
                &tailspin_token
            )
            .await,
            404
        );
        assert_eq!(
            status(&server, Method::GET, &tailspin_item, &tailspin_token).await,
            404
        );

        // Deleting Frank again takes the restored guest along again, and only it.
        assert_eq!(
            status(&server, Method::DELETE, &frank, &home_token).await,
            204
        );
        assert_eq!(
            status(&server, Method::GET, &contoso_guest, &contoso_token).await,
            404
        );
        server.stop().await;
    }
}

/// A redeemed guest whose home account is restored signs in again: its home session
/// opens My Apps at the inviting tenant.
#[tokio::test]
async fn a_guest_restored_with_its_home_account_signs_in_again() {
    let server = TestServer::start_on(entente_testkit::Backend::Sqlite).await;
    let contoso = server.bootstrap().tenant_id;
    let home = server
        .partner_tenant(
            "Fabrikam",
            "fabrikam.com",
            "frank@fabrikam.com",
            "home password",
            false,
        )
        .await;
    let home_token = token_of(&server, home.tenant_id);
    let guest = guest_of(&server, contoso, &home).await;
    let myapps = format!("/{contoso}/myapps");
    let login = server.url(&format!("/{}/login", home.tenant_id));
    let sign_in = || server.browser_sign_in(&login, "frank@fabrikam.com", "home password");
    let (cookies, _) = sign_in().await.expect("Frank signs in at home");
    let (code, _) = get(&server, &myapps, &cookies).await;
    assert_eq!(code, 200, "the guest reaches My Apps");
    assert_eq!(
        status(
            &server,
            Method::DELETE,
            &format!("/v1.0/users/{}", home.id),
            &home_token
        )
        .await,
        204
    );
    assert!(sign_in().await.is_err(), "a deleted account cannot sign in");
    let (code, body) = server
        .call(
            Method::POST,
            &format!("/v1.0/directory/deletedItems/{}/restore", home.id),
            Some(&home_token),
            None,
        )
        .await;
    assert_eq!(code, 200, "{body}");
    let (cookies, _) = sign_in().await.expect("Frank signs in at home again");
    let (code, html) = get(&server, &myapps, &cookies).await;
    assert_eq!(code, 200, "the restored guest reaches My Apps: {html}");
    // Without its guest object the home session does not reach My Apps.
    let contoso_token = server.api_token().await;
    assert_eq!(
        status(
            &server,
            Method::DELETE,
            &format!("/v1.0/users/{}", guest.id),
            &contoso_token
        )
        .await,
        204
    );
    let (code, _) = get(&server, &myapps, &cookies).await;
    assert_ne!(code, 200, "no guest object, no My Apps");
    server.stop().await;
}

#[tokio::test]
async fn another_tenants_deleted_items_are_not_found_from_the_portal_or_the_api() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let contoso = server.bootstrap().tenant_id;
        let contoso_token = server.api_token().await;
        let other = new_tenant(&server, "Northwind").await;
        let other_token = token_of(&server, other);
        // Northwind deletes a user and keeps a live one.
        let theirs = User::new_member(
            other,
            format!("secret@{other}.example"),
            None,
            "Northwind Secret Person".into(),
            now(),
        );
        insert(&server, &theirs).await;
        let live = User::new_member(
            other,
            format!("live@{other}.example"),
            None,
            "Northwind Live Person".into(),
            now(),
        );
        insert(&server, &live).await;
        let theirs_path = format!("/v1.0/users/{}", theirs.id);
        assert_eq!(
            status(&server, Method::DELETE, &theirs_path, &other_token).await,
            204
        );
        let item = format!("/v1.0/directory/deletedItems/{}", theirs.id);

        // Contoso's administrator, in the portal with their own form token.
        let cookies = admin_cookies(&server).await;
        let (code, page) = get(&server, &format!("/{contoso}/admin/deleted"), &cookies).await;
        assert_eq!(code, 200);
        assert!(!page.contains("Northwind Secret Person"), "{page}");
        // The deleted items page has no form while nothing is deleted: the users page
        // gives the administrator's own form token.
        let (_, users) = get(&server, &format!("/{contoso}/admin/users"), &cookies).await;
        let csrf = hidden_field(&users, "csrf").expect("a form token");
        for action in ["restore", "purge"] {
            let path = format!("/{contoso}/admin/deleted/{}/{action}", theirs.id);
            assert_eq!(
                post(&server, &path, &cookies, &[("csrf", &csrf)]).await,
                404,
                "{action}"
            );
            assert_eq!(
                post(
                    &server,
                    &path,
                    &cookies,
                    &[("csrf", &csrf), ("confirm", "yes")]
                )
                .await,
                404,
                "{action} confirmed"
            );
        }
        // Notices naming Northwind's objects name nothing.
        for (path, of) in [
            ("users", theirs.id),
            ("users", live.id),
            ("deleted", theirs.id),
            ("groups", live.id),
            ("apps", theirs.id),
        ] {
            for notice in ["deleted", "restored", "saved", "blocked"] {
                let (code, html) = get(
                    &server,
                    &format!("/{contoso}/admin/{path}?notice={notice}&of={of}"),
                    &cookies,
                )
                .await;
                assert_eq!(code, 200, "{path} {notice}");
                assert!(
                    !html.contains("Northwind") && !html.contains("id=\"notice\""),
                    "{path}?notice={notice}: {html}"
                );
            }
        }
        // The same through the API, with Contoso's administrator's token.
        assert_eq!(
            status(&server, Method::GET, &item, &contoso_token).await,
            404
        );
        assert_eq!(
            status(
                &server,
                Method::POST,
                &format!("{item}/restore"),
                &contoso_token
            )
            .await,
            404
        );
        assert_eq!(
            status(&server, Method::DELETE, &item, &contoso_token).await,
            404
        );
        // Nothing happened to it: still in Northwind's deleted items.
        let (code, body) = server
            .call(Method::GET, &item, Some(&other_token), None)
            .await;
        assert_eq!(code, 200, "{body}");
        assert_eq!(body["displayName"], "Northwind Secret Person");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_deleted_group_and_application_come_back_with_members_and_assignments() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let token = server.api_token().await;
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
        let app_id = app.id.to_string();
        let (code, group) = server
            .call(
                Method::POST,
                "/v1.0/groups",
                Some(&token),
                Some(json!({ "displayName": "Finance" })),
            )
            .await;
        assert_eq!(code, 201, "{group}");
        let group = group["id"].as_str().unwrap().to_owned();
        let (code, body) = server
            .call(
                Method::POST,
                &format!("/v1.0/groups/{group}/members/$ref"),
                Some(&token),
                Some(json!({ "@odata.id": format!("https://graph.microsoft.com/v1.0/directoryObjects/{user}") })),
            )
            .await;
        assert_eq!(code, 204, "{body}");
        // The group and Ada are each assigned to Payroll.
        for (kind, principal) in [("groups", &group), ("users", &user)] {
            let (code, body) = server
                .call(
                    Method::POST,
                    &format!("/v1.0/{kind}/{principal}/appRoleAssignments"),
                    Some(&token),
                    Some(json!({ "principalId": principal, "resourceId": app_id, "appRoleId": uuid::Uuid::nil() })),
                )
                .await;
            assert_eq!(code, 201, "{body}");
        }
        let assigned_to = format!("/v1.0/applications/{app_id}/appRoleAssignedTo");
        let principals = |body: &Value| -> Vec<String> {
            let mut found: Vec<String> = body["value"]
                .as_array()
                .unwrap_or_else(|| panic!("{body}"))
                .iter()
                .map(|a| a["principalId"].as_str().unwrap_or_default().to_owned())
                .collect();
            found.sort();
            found
        };
        let (code, before) = server
            .call(Method::GET, &assigned_to, Some(&token), None)
            .await;
        assert_eq!(code, 200, "{before}");
        let mut both = vec![group.clone(), user.clone()];
        both.sort();
        assert_eq!(principals(&before), both, "{before}");

        // Both deleted, then both restored.
        for path in [
            format!("/v1.0/groups/{group}"),
            format!("/v1.0/applications/{app_id}"),
        ] {
            assert_eq!(status(&server, Method::DELETE, &path, &token).await, 204);
        }
        let (_, member_of) = server
            .call(
                Method::GET,
                &format!("/v1.0/users/{user}/memberOf"),
                Some(&token),
                None,
            )
            .await;
        assert!(ids(&member_of).is_empty(), "{member_of}");
        for id in [&group, &app_id] {
            let (code, body) = server
                .call(
                    Method::POST,
                    &format!("/v1.0/directory/deletedItems/{id}/restore"),
                    Some(&token),
                    None,
                )
                .await;
            assert_eq!(code, 200, "{body}");
        }

        // The group has its member again, and its assignment.
        let (_, members) = server
            .call(
                Method::GET,
                &format!("/v1.0/groups/{group}/members"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(ids(&members), vec![user.clone()], "{members}");
        let (_, group_assignments) = server
            .call(
                Method::GET,
                &format!("/v1.0/groups/{group}/appRoleAssignments"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(
            group_assignments["value"][0]["resourceId"], app_id,
            "{group_assignments}"
        );
        // The application has both its assignments again.
        let (_, user_assignments) = server
            .call(
                Method::GET,
                &format!("/v1.0/users/{user}/appRoleAssignments"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(
            user_assignments["value"][0]["resourceId"], app_id,
            "{user_assignments}"
        );
        let (_, after) = server
            .call(Method::GET, &assigned_to, Some(&token), None)
            .await;
        assert_eq!(principals(&after), both, "{after}");
        server.stop().await;
    }
}
