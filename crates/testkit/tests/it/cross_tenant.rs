//! Cross-tenant access settings (issue 21): Graph's `crossTenantAccessPolicy` default
//! and partners, read and changed by a tenant's admin only, and what they refuse and
//! allow at each step a partner's person takes through the real pages and endpoints:
//! the invitation, the redemption with the home session, each later sign-in (a new
//! session, the authorization code grant, the refresh grant) and each application;
//! the home tenant's outbound settings as well as the inviting tenant's inbound ones;
//! and `explain`, which names the rule that decided.

use entente_model::{TenantId, User};
use entente_testkit::{TestApp, TestServer, backends, hidden_field, now};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{Browser, authorize_url, location, tokens_for};

const ADMIN_ROLES: &[&str] = &["Directory.ReadWrite.All", "AuditLog.Read.All"];
const POLICY: &str = "/v1.0/policies/crossTenantAccessPolicy";
const PASSWORD: &str = "a partner's long password";

/// An admin token of `tenant`, as an application holding the admin roles.
fn admin_of(server: &TestServer, tenant: TenantId) -> String {
    server.sign(&server.api_claims(tenant, uuid::Uuid::new_v4(), "app", ADMIN_ROLES, now()))
}

/// Another member of `home`, with [`PASSWORD`].
async fn member_of(server: &TestServer, home: TenantId, email: &str) -> User {
    let user = User::new_member(home, email.into(), Some(email.into()), email.into(), now());
    let hash =
        entente_domain::crypto::hash_password(PASSWORD, &entente_domain::crypto::SystemEntropy);
    let mut tx = server.services.store.write().await.expect("write");
    tx.db()
        .insert_user(entente_storage::NewUser {
            user: &user,
            password_hash: Some(&hash),
        })
        .await
        .expect("user");
    tx.commit().await.expect("commit");
    user
}

/// A browser signed in at its home tenant with the password.
async fn signed_in<'a>(server: &'a TestServer, home: &User) -> Browser<'a> {
    let mut browser = Browser::new(server);
    let login = format!("/{}/login", home.tenant_id);
    let html = browser.get(&login).await.text().await.expect("page");
    let csrf = hidden_field(&html, "csrf").expect("csrf");
    let done = browser
        .post(
            &login,
            &[
                ("login", home.user_principal_name.as_str()),
                ("password", PASSWORD),
                ("csrf", &csrf),
                ("return_to", ""),
            ],
        )
        .await;
    assert_eq!(done.status(), 303, "signed in at home");
    assert!(browser.cookies.contains_key("entente_session"));
    browser
}

/// Invites `email` into Contoso; answers the status and the body.
async fn invite(server: &TestServer, admin: &str, email: &str) -> (StatusCode, Value) {
    server
        .call(
            Method::POST,
            "/v1.0/invitations",
            Some(admin),
            Some(json!({
                "invitedUserEmailAddress": email,
                "inviteRedirectUrl": "https://app.contoso.example/",
            })),
        )
        .await
}

/// Opens a redemption link in the browser and accepts; answers the acceptance's
/// response (303 on success, the link's page with the reason otherwise).
async fn accept(browser: &mut Browser<'_>, link: &str) -> reqwest::Response {
    let html = browser.get(link).await.text().await.expect("page");
    assert!(html.contains("id=\"accept\""), "{html}");
    let csrf = hidden_field(&html, "csrf").expect("csrf");
    browser
        .post(&format!("{link}/accept"), &[("csrf", csrf.as_str())])
        .await
}

async fn call(
    server: &TestServer,
    admin: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    server.call(method, path, Some(admin), body).await
}

/// A partner entry's inbound B2B collaboration: people and applications.
fn inbound(people: Value, applications: Value) -> Value {
    json!({
        "b2bCollaborationInbound": { "usersAndGroups": people, "applications": applications }
    })
}

fn targets(access: &str, kind: &str, ids: &[&str]) -> Value {
    json!({
        "accessType": access,
        "targets": ids.iter().map(|t| json!({ "target": t, "targetType": kind })).collect::<Vec<_>>(),
    })
}

fn all_users(access: &str) -> Value {
    targets(access, "user", &["AllUsers"])
}

fn all_apps(access: &str) -> Value {
    targets(access, "application", &["AllApplications"])
}

/// The authorization request's answer for `app` at `tenant` with the browser's session.
async fn authorize(
    browser: &mut Browser<'_>,
    app: &TestApp,
    tenant: TenantId,
) -> reqwest::Response {
    let url = authorize_url(browser.server, app, tenant, "openid profile offline_access");
    browser.get(&url).await
}

async fn refresh(
    server: &TestServer,
    app: &TestApp,
    tenant: TenantId,
    token: &str,
) -> (u16, Value) {
    let response = server
        .http
        .post(server.url(&format!("/{tenant}/oauth2/v2.0/token")))
        .basic_auth(&app.client_id, app.client_secret.as_deref())
        .form(&[("grant_type", "refresh_token"), ("refresh_token", token)])
        .send()
        .await
        .expect("token request");
    let status = response.status().as_u16();
    (status, response.json().await.expect("JSON"))
}

/// How many sign-ins the cross-tenant access settings refused at `tenant`.
async fn refusals_logged(server: &TestServer, tenant: TenantId) -> usize {
    let mut conn = server.services.store.read().await.expect("read");
    conn.db()
        .list_sign_ins(tenant, Some("failure"), None, 100)
        .await
        .expect("sign-ins")
        .iter()
        .filter(|s| s.reason.as_deref() == Some("cross_tenant_blocked"))
        .count()
}

#[tokio::test]
async fn the_default_and_partners_are_graph_shaped_audited_and_each_tenants_own() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let contoso = server.bootstrap().tenant_id;
        let admin = server.api_token().await;
        let fabrikam = server
            .partner_tenant(
                "Fabrikam",
                "fabrikam.test",
                "alice@fabrikam.test",
                PASSWORD,
                false,
            )
            .await
            .tenant_id;

        // Never changed: the system's default, with the collaboration policy's trust.
        let (status, default) = call(
            &server,
            &admin,
            Method::GET,
            &format!("{POLICY}/default"),
            None,
        )
        .await;
        assert_eq!(status, 200, "{default}");
        assert_eq!(default["isServiceDefault"], true);
        assert_eq!(
            default["b2bCollaborationInbound"]["usersAndGroups"],
            all_users("allowed")
        );
        assert_eq!(
            default["b2bCollaborationOutbound"]["applications"],
            all_apps("allowed")
        );
        assert_eq!(default["inboundTrust"]["isMfaAccepted"], true);
        assert_eq!(
            default["invitationRedemptionIdentityProviderConfiguration"]["primaryIdentityProviderPrecedenceOrder"],
            json!([
                "azureActiveDirectory",
                "externalFederation",
                "socialIdentityProviders"
            ])
        );
        let (status, top) = call(&server, &admin, Method::GET, POLICY, None).await;
        assert_eq!(
            (status.as_u16(), top["displayName"].as_str()),
            (200, Some("CrossTenantAccessPolicy"))
        );

        // A patch changes what it names; the trust is the collaboration policy's.
        let (status, body) = call(
            &server,
            &admin,
            Method::PATCH,
            &format!("{POLICY}/default"),
            Some(json!({
                "b2bCollaborationInbound": { "usersAndGroups": all_users("blocked") },
                "inboundTrust": { "isMfaAccepted": false }
            })),
        )
        .await;
        assert_eq!(status, 204, "{body}");
        let (_, default) = call(
            &server,
            &admin,
            Method::GET,
            &format!("{POLICY}/default"),
            None,
        )
        .await;
        assert_eq!(default["isServiceDefault"], false);
        assert_eq!(
            default["b2bCollaborationInbound"]["usersAndGroups"],
            all_users("blocked")
        );
        assert_eq!(
            default["b2bCollaborationInbound"]["applications"],
            all_apps("allowed"),
            "the half not given stays the system's"
        );
        let (_, collaboration) = call(
            &server,
            &admin,
            Method::GET,
            "/v1.0/policies/externalCollaborationPolicy",
            None,
        )
        .await;
        assert_eq!(collaboration["trustHomeMfa"], false, "{collaboration}");
        let (status, _) = call(
            &server,
            &admin,
            Method::POST,
            &format!("{POLICY}/default/resetToSystemDefault"),
            None,
        )
        .await;
        assert_eq!(status, 204);
        let (_, default) = call(
            &server,
            &admin,
            Method::GET,
            &format!("{POLICY}/default"),
            None,
        )
        .await;
        assert_eq!(default["isServiceDefault"], true);
        assert_eq!(
            default["inboundTrust"]["isMfaAccepted"], true,
            "the reset trusts home MFA again, as a tenant that never changed it"
        );
        assert_eq!(
            default["b2bCollaborationInbound"]["usersAndGroups"],
            all_users("allowed")
        );

        // Partners: a tenant here, by id; never oneself, never an unknown id.
        let entry = inbound(all_users("blocked"), all_apps("blocked"));
        let mut create = entry.clone();
        create["tenantId"] = json!(fabrikam.to_string());
        let (status, made) = call(
            &server,
            &admin,
            Method::POST,
            &format!("{POLICY}/partners"),
            Some(create.clone()),
        )
        .await;
        assert_eq!(status, 201, "{made}");
        assert_eq!(made["tenantId"], fabrikam.to_string());
        assert_eq!(
            made["b2bCollaborationInbound"]["usersAndGroups"],
            all_users("blocked")
        );
        assert_eq!(
            made["inboundTrust"],
            Value::Null,
            "unset parts take the default's"
        );
        let (status, again) = call(
            &server,
            &admin,
            Method::POST,
            &format!("{POLICY}/partners"),
            Some(create),
        )
        .await;
        assert_eq!(status, 409, "{again}");
        // A domain names the tenant here that proved it, as Entra's portal takes one.
        let (status, again) = call(
            &server,
            &admin,
            Method::POST,
            &format!("{POLICY}/partners"),
            Some(json!({ "tenantId": "Fabrikam.test" })),
        )
        .await;
        assert_eq!(status, 409, "the same partner by its domain: {again}");
        assert!(
            again["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains(&fabrikam.to_string())),
            "{again}"
        );
        for bad in [
            contoso.to_string(),
            uuid::Uuid::new_v4().to_string(),
            "northwind.test".into(),
            "not a domain".into(),
        ] {
            let (status, refused) = call(
                &server,
                &admin,
                Method::POST,
                &format!("{POLICY}/partners"),
                Some(json!({ "tenantId": bad })),
            )
            .await;
            assert_eq!(status, 400, "{bad}: {refused}");
        }
        // Checked whole: an inbound application must be one of Contoso's.
        let (status, refused) = call(
            &server,
            &admin,
            Method::PATCH,
            &format!("{POLICY}/partners/{fabrikam}"),
            Some(inbound(
                all_users("allowed"),
                targets("allowed", "application", &["not-an-app"]),
            )),
        )
        .await;
        assert_eq!(status, 400, "{refused}");
        assert!(
            refused["error"]["message"]
                .as_str()
                .unwrap_or("")
                .contains("not-an-app"),
            "{refused}"
        );
        let (status, refused) = call(
            &server,
            &admin,
            Method::PATCH,
            &format!("{POLICY}/partners/{fabrikam}"),
            Some(json!({ "b2bDirectConnectInbound": {} })),
        )
        .await;
        assert_eq!(
            status, 400,
            "an unsupported part is refused, not ignored: {refused}"
        );

        let (status, body) = call(
            &server,
            &admin,
            Method::PATCH,
            &format!("{POLICY}/partners/{fabrikam}"),
            Some(json!({ "b2bCollaborationInbound": null, "inboundTrust": { "isMfaAccepted": true } })),
        )
        .await;
        assert_eq!(status, 204, "{body}");
        let (status, read) = call(
            &server,
            &admin,
            Method::GET,
            &format!("{POLICY}/partners/{fabrikam}"),
            None,
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(read["b2bCollaborationInbound"], Value::Null);
        assert_eq!(read["inboundTrust"]["isMfaAccepted"], true);
        let (status, list) = call(
            &server,
            &admin,
            Method::GET,
            &format!("{POLICY}/partners?$select=tenantId"),
            None,
        )
        .await;
        assert_eq!(status, 200, "{list}");
        assert_eq!(list["value"], json!([{ "tenantId": fabrikam.to_string() }]));
        // One mechanism with the other collections: $filter on the id, $count, $top.
        for (filter, expected) in [(fabrikam.to_string(), 1), (contoso.to_string(), 0)] {
            let (status, found) = call(
                &server,
                &admin,
                Method::GET,
                &format!("{POLICY}/partners?$filter=tenantId eq '{filter}'&$count=true&$top=5"),
                None,
            )
            .await;
            assert_eq!(status, 200, "{found}");
            assert_eq!(
                found["value"].as_array().map(Vec::len),
                Some(expected),
                "{found}"
            );
        }
        let (status, refused) = call(
            &server,
            &admin,
            Method::GET,
            &format!("{POLICY}/partners?$filter=isServiceProvider eq true"),
            None,
        )
        .await;
        assert_eq!(
            status, 400,
            "a property it cannot filter is named: {refused}"
        );

        // Another tenant's admin sees none of it, and cannot change or remove it.
        let other = admin_of(&server, fabrikam);
        let (_, theirs) = call(
            &server,
            &other,
            Method::GET,
            &format!("{POLICY}/partners"),
            None,
        )
        .await;
        assert_eq!(theirs["value"], json!([]), "{theirs}");
        for method in [Method::GET, Method::DELETE] {
            let (status, _) = call(
                &server,
                &other,
                method,
                &format!("{POLICY}/partners/{fabrikam}"),
                None,
            )
            .await;
            assert_eq!(status, 404);
        }
        let (status, _) = call(
            &server,
            &other,
            Method::PATCH,
            &format!("{POLICY}/partners/{fabrikam}"),
            Some(json!({})),
        )
        .await;
        assert_eq!(status, 404);
        let (_, theirs) = call(
            &server,
            &other,
            Method::GET,
            &format!("{POLICY}/default"),
            None,
        )
        .await;
        assert_eq!(theirs["isServiceDefault"], true, "{theirs}");
        // A member without an admin role may not read the settings.
        let member = server.sign(&server.api_claims(
            contoso,
            uuid::Uuid::new_v4(),
            "app",
            &["User.Read.All"],
            now(),
        ));
        let (status, _) = call(
            &server,
            &member,
            Method::GET,
            &format!("{POLICY}/default"),
            None,
        )
        .await;
        assert_eq!(status, 403);

        let (status, _) = call(
            &server,
            &admin,
            Method::DELETE,
            &format!("{POLICY}/partners/{fabrikam}"),
            None,
        )
        .await;
        assert_eq!(status, 204);
        let (status, _) = call(
            &server,
            &admin,
            Method::GET,
            &format!("{POLICY}/partners/{fabrikam}"),
            None,
        )
        .await;
        assert_eq!(status, 404);

        // Every change is in the audit log, with the partner it was about.
        let (_, audit) = call(
            &server,
            &admin,
            Method::GET,
            "/v1.0/auditLogs/directoryAudits?$top=50",
            None,
        )
        .await;
        let actions: Vec<&str> = audit["value"]
            .as_array()
            .expect("entries")
            .iter()
            .filter_map(|e| e["activityDisplayName"].as_str())
            .collect();
        for action in [
            "Update cross-tenant access default",
            "Reset cross-tenant access default",
            "Add cross-tenant access partner",
            "Update cross-tenant access partner",
            "Remove cross-tenant access partner",
        ] {
            assert!(actions.contains(&action), "{action} in {actions:?}");
        }
        server.stop().await;
    }
}

#[tokio::test]
async fn inbound_settings_refuse_the_invitation_the_redemption_and_every_later_sign_in() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let contoso = server.bootstrap().tenant_id;
        let admin = server.api_token().await;
        let alice = server
            .partner_tenant(
                "Fabrikam",
                "fabrikam.test",
                "alice@fabrikam.test",
                PASSWORD,
                false,
            )
            .await;
        let fabrikam = alice.tenant_id;
        let bob = member_of(&server, fabrikam, "bob@fabrikam.test").await;
        let app = server
            .register_app("Portal", "http://127.0.0.1:9/cb", false)
            .await;
        let other_app = server
            .register_app("Reports", "http://127.0.0.1:9/cb2", false)
            .await;
        let partner = format!("{POLICY}/partners/{fabrikam}");

        // Fabrikam's people are blocked: no invitation, and the rule says why.
        let mut entry = inbound(all_users("blocked"), all_apps("allowed"));
        entry["tenantId"] = json!(fabrikam.to_string());
        let (status, _) = call(
            &server,
            &admin,
            Method::POST,
            &format!("{POLICY}/partners"),
            Some(entry),
        )
        .await;
        assert_eq!(status, 201);
        let (status, refused) = invite(&server, &admin, "alice@fabrikam.test").await;
        assert_eq!(status, 403, "{refused}");
        let message = refused["error"]["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("cross-tenant access partner settings"),
            "{message}"
        );
        // Other partners still come in: the default lets everyone in.
        let (status, _) = invite(&server, &admin, "someone@northwind.test").await;
        assert_eq!(status, 201);
        let (status, explained) = call(
            &server,
            &admin,
            Method::POST,
            &format!("{POLICY}/explain"),
            Some(json!({ "user": "alice@fabrikam.test" })),
        )
        .await;
        assert_eq!(status, 200, "{explained}");
        assert_eq!(explained["decision"], "refused");
        assert_eq!(explained["partner"]["tenantId"], fabrikam.to_string());
        assert_eq!(explained["partner"]["kind"], "tenant");
        assert_eq!(
            explained["decidedBy"]["setting"],
            "b2bCollaborationInbound.usersAndGroups"
        );
        assert_eq!(explained["decidedBy"]["source"], "partner");
        assert_eq!(explained["decidedBy"]["target"], "AllUsers");

        // Only Alice is let in, and only to the portal app.
        let rule = inbound(
            targets("allowed", "user", &[&alice.id.to_string()]),
            targets("allowed", "application", &[&app.client_id]),
        );
        let (status, body) = call(&server, &admin, Method::PATCH, &partner, Some(rule)).await;
        assert_eq!(status, 204, "{body}");
        let (status, refused) = invite(&server, &admin, "bob@fabrikam.test").await;
        assert_eq!(status, 403, "Bob is not listed: {refused}");
        let (status, invited) = invite(&server, &admin, "alice@fabrikam.test").await;
        assert_eq!(status, 201, "{invited}");
        let link = invited["inviteRedeemUrl"]
            .as_str()
            .expect("link")
            .to_owned();
        let mut browser = signed_in(&server, &alice).await;
        let accepted = accept(&mut browser, &link).await;
        assert_eq!(accepted.status(), 303, "Alice redeems");

        // She signs in to the portal app, and not to the other.
        let tokens = tokens_for(&mut browser, &app, contoso).await;
        let refresh_token = tokens["refresh_token"]
            .as_str()
            .expect("refresh token")
            .to_owned();
        let refused = authorize(&mut browser, &other_app, contoso).await;
        let target = location(&refused);
        assert!(target.starts_with(&other_app.redirect_uri), "{target}");
        assert!(target.contains("error=access_denied"), "{target}");
        assert!(!target.contains("code="), "{target}");
        let (status, explained) = call(
            &server,
            &admin,
            Method::POST,
            &format!("{POLICY}/explain"),
            Some(json!({ "user": "alice@fabrikam.test", "appId": other_app.client_id })),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(explained["decision"], "refused", "{explained}");
        assert_eq!(
            explained["decidedBy"]["setting"],
            "b2bCollaborationInbound.applications"
        );
        let (_, explained) = call(
            &server,
            &admin,
            Method::POST,
            &format!("{POLICY}/explain"),
            Some(json!({ "user": "alice@fabrikam.test", "appId": app.client_id })),
        )
        .await;
        assert_eq!(explained["decision"], "allowed", "{explained}");
        assert_eq!(explained["decidedBy"], Value::Null);

        // Blocked again: the next refresh and the next new session are refused.
        let (status, _) = call(
            &server,
            &admin,
            Method::PATCH,
            &partner,
            Some(inbound(all_users("blocked"), all_apps("allowed"))),
        )
        .await;
        assert_eq!(status, 204);
        let (status, answer) = refresh(&server, &app, contoso, &refresh_token).await;
        assert_eq!(status, 400, "{answer}");
        assert_eq!(answer["error"], "invalid_grant");
        let page = authorize(&mut browser, &app, contoso).await;
        assert_eq!(page.status(), 403);
        let html = page.text().await.expect("page");
        assert!(
            html.contains("Access blocked by cross-tenant access settings"),
            "{html}"
        );
        assert!(
            html.contains("Contoso does not let this account in"),
            "{html}"
        );
        let refusals = refusals_logged(&server, contoso).await;
        assert!(
            refusals >= 2,
            "the app's and the session's refusals are logged: {refusals}"
        );

        // Removing the entry lets the default decide again: everyone comes in.
        let (status, _) = call(&server, &admin, Method::DELETE, &partner, None).await;
        assert_eq!(status, 204);
        let tokens = tokens_for(&mut browser, &other_app, contoso).await;
        assert!(tokens["access_token"].is_string());

        // A redemption is refused too once the rule blocks before it.
        let (status, invited) = invite(&server, &admin, "bob@fabrikam.test").await;
        assert_eq!(status, 201, "{invited}");
        let link = invited["inviteRedeemUrl"]
            .as_str()
            .expect("link")
            .to_owned();
        let (status, _) = call(
            &server,
            &admin,
            Method::PATCH,
            &format!("{POLICY}/default"),
            Some(inbound(
                targets("blocked", "user", &[&bob.id.to_string()]),
                all_apps("allowed"),
            )),
        )
        .await;
        assert_eq!(status, 204);
        let mut bobs = signed_in(&server, &bob).await;
        let refused = accept(&mut bobs, &link).await;
        assert_eq!(refused.status(), 400);
        let html = refused.text().await.expect("page");
        assert!(
            html.contains("Contoso does not let this account in"),
            "{html}"
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn the_home_tenants_outbound_settings_keep_its_people_from_accepting_and_signing_in() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let contoso = server.bootstrap().tenant_id;
        let admin = server.api_token().await;
        let alice = server
            .partner_tenant(
                "Fabrikam",
                "fabrikam.test",
                "alice@fabrikam.test",
                PASSWORD,
                false,
            )
            .await;
        let fabrikam = alice.tenant_id;
        let fabrikam_admin = admin_of(&server, fabrikam);
        let app = server
            .register_app("Portal", "http://127.0.0.1:9/cb", false)
            .await;

        // Fabrikam lets its people go to Contoso's portal app only.
        let mut entry = json!({
            "tenantId": contoso.to_string(),
            "b2bCollaborationOutbound": {
                "usersAndGroups": all_users("allowed"),
                "applications": targets("allowed", "application", &[&app.client_id]),
            }
        });
        let (status, made) = call(
            &server,
            &fabrikam_admin,
            Method::POST,
            &format!("{POLICY}/partners"),
            Some(entry.clone()),
        )
        .await;
        assert_eq!(status, 201, "{made}");
        let (status, invited) = invite(&server, &admin, "alice@fabrikam.test").await;
        assert_eq!(
            status, 201,
            "the inviting side does not ask the home side: {invited}"
        );
        let link = invited["inviteRedeemUrl"]
            .as_str()
            .expect("link")
            .to_owned();
        let mut browser = signed_in(&server, &alice).await;
        assert_eq!(accept(&mut browser, &link).await.status(), 303);
        let tokens = tokens_for(&mut browser, &app, contoso).await;
        assert!(tokens["id_token"].is_string());
        let other_app = server
            .register_app("Reports", "http://127.0.0.1:9/cb2", false)
            .await;
        let refused = authorize(&mut browser, &other_app, contoso).await;
        assert!(location(&refused).starts_with(&other_app.redirect_uri));
        assert!(location(&refused).contains("error=access_denied"));
        let (_, explained) = call(
            &server,
            &admin,
            Method::POST,
            &format!("{POLICY}/explain"),
            Some(json!({ "user": "alice@fabrikam.test", "appId": other_app.client_id })),
        )
        .await;
        assert_eq!(
            explained["decidedBy"]["direction"], "outbound",
            "{explained}"
        );
        assert_eq!(
            explained["decidedBy"]["setting"],
            "b2bCollaborationOutbound.applications"
        );

        // Fabrikam blocks its people from Contoso: Alice's next session there ends.
        entry["b2bCollaborationOutbound"]["usersAndGroups"] = all_users("blocked");
        let (status, _) = call(
            &server,
            &fabrikam_admin,
            Method::PATCH,
            &format!("{POLICY}/partners/{contoso}"),
            Some(entry.clone()),
        )
        .await;
        assert_eq!(status, 400, "a tenantId in a PATCH is refused");
        entry.as_object_mut().expect("object").remove("tenantId");
        let (status, body) = call(
            &server,
            &fabrikam_admin,
            Method::PATCH,
            &format!("{POLICY}/partners/{contoso}"),
            Some(entry),
        )
        .await;
        assert_eq!(status, 204, "{body}");
        let page = authorize(&mut browser, &app, contoso).await;
        assert_eq!(page.status(), 403);
        let html = page.text().await.expect("page");
        assert!(
            html.contains("Your own organization does not let this account work with Contoso"),
            "{html}"
        );
        let myapps = browser.get(&format!("/{contoso}/myapps")).await;
        assert_eq!(myapps.status(), 403);
        server.stop().await;
    }
}

#[tokio::test]
async fn automatic_redemption_skips_the_consent_page_only_when_both_organizations_allow_it() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let contoso = server.bootstrap().tenant_id;
        let admin = server.api_token().await;
        let alice = server
            .partner_tenant(
                "Fabrikam",
                "fabrikam.test",
                "alice@fabrikam.test",
                PASSWORD,
                false,
            )
            .await;
        let fabrikam_admin = admin_of(&server, alice.tenant_id);
        let (status, invited) = invite(&server, &admin, "alice@fabrikam.test").await;
        assert_eq!(status, 201);
        let link = invited["inviteRedeemUrl"]
            .as_str()
            .expect("link")
            .to_owned();
        let guest = invited["invitedUser"]["id"]
            .as_str()
            .expect("id")
            .to_owned();
        let mut browser = signed_in(&server, &alice).await;

        // Contoso alone allows it: the consent page is shown.
        let consent = json!({ "automaticUserConsentSettings": { "inboundAllowed": true } });
        let (status, _) = call(
            &server,
            &admin,
            Method::PATCH,
            &format!("{POLICY}/default"),
            Some(consent),
        )
        .await;
        assert_eq!(status, 204);
        let page = browser.get(&link).await;
        assert_eq!(page.status(), 200);
        assert!(page.text().await.expect("page").contains("id=\"accept\""));

        // Fabrikam allows it toward Contoso too: opening the link redeems at once.
        let mut entry = json!({ "automaticUserConsentSettings": { "outboundAllowed": true } });
        entry["tenantId"] = json!(contoso.to_string());
        let (status, made) = call(
            &server,
            &fabrikam_admin,
            Method::POST,
            &format!("{POLICY}/partners"),
            Some(entry),
        )
        .await;
        assert_eq!(status, 201, "{made}");
        let landed = browser.get(&link).await;
        assert_eq!(landed.status(), 303);
        assert_eq!(location(&landed), "https://app.contoso.example/");
        let (_, user) = call(
            &server,
            &admin,
            Method::GET,
            &format!("/v1.0/users/{guest}"),
            None,
        )
        .await;
        assert_eq!(user["externalUserState"], "Accepted", "{user}");
        server.stop().await;
    }
}

#[tokio::test]
async fn the_redemption_order_picks_the_way_and_codes_can_be_turned_off() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let admin = server.api_token().await;
        // Contoso also federates fabrikam.test with a SAML IdP.
        let idp = entente_testkit::saml::IdentityProvider::new(
            "https://idp.fabrikam.test/saml",
            "https://idp.fabrikam.test/sso",
        );
        let metadata = idp.run("metadata", json!({}));
        let (status, created) = call(
            &server,
            &admin,
            Method::POST,
            "/v1.0/directory/federationConfigurations",
            Some(json!({ "displayName": "Fabrikam IdP", "metadataXml": metadata["xml"], "domains": ["fabrikam.test"] })),
        )
        .await;
        assert_eq!(status, 201, "{created}");
        // Fabrikam, a tenant here, proves the domain after Contoso federated it.
        let alice = server
            .partner_tenant(
                "Fabrikam",
                "fabrikam.test",
                "alice@fabrikam.test",
                PASSWORD,
                false,
            )
            .await;
        let (_, invited) = invite(&server, &admin, "alice@fabrikam.test").await;
        let link = invited["inviteRedeemUrl"]
            .as_str()
            .expect("link")
            .to_owned();

        // By default a tenant here comes first: Alice signs in at Fabrikam.
        let html = Browser::new(&server)
            .get(&link)
            .await
            .text()
            .await
            .expect("page");
        assert!(
            html.contains(&format!("href=\"/{}/login?", alice.tenant_id)),
            "{html}"
        );

        // Signed in at Fabrikam, she could accept with her home account.
        let mut browser = signed_in(&server, &alice).await;
        let html = browser.get(&link).await.text().await.expect("page");
        assert!(html.contains("id=\"accept\""), "{html}");
        let csrf = hidden_field(&html, "csrf").expect("csrf");

        // Federation first: the page leads to the IdP, and her home session may not
        // redeem instead.
        let order = json!({ "invitationRedemptionIdentityProviderConfiguration": {
            "primaryIdentityProviderPrecedenceOrder": ["externalFederation", "azureActiveDirectory", "socialIdentityProviders"],
            "fallbackIdentityProvider": "defaultConfiguredIdp" } });
        let (status, body) = call(
            &server,
            &admin,
            Method::PATCH,
            &format!("{POLICY}/default"),
            Some(order),
        )
        .await;
        assert_eq!(status, 204, "{body}");
        let html = Browser::new(&server)
            .get(&link)
            .await
            .text()
            .await
            .expect("page");
        assert!(html.contains("/partner\""), "{html}");
        let html = browser.get(&link).await.text().await.expect("page");
        assert!(
            html.contains("/partner\""),
            "the IdP wins over the signed-in account: {html}"
        );
        let refused = browser
            .post(&format!("{link}/accept"), &[("csrf", csrf.as_str())])
            .await;
        assert_eq!(refused.status(), 400);
        assert!(refused.text().await.expect("page").contains("Fabrikam IdP"));

        // An order that leaves a way out, or names one twice, is refused.
        for ways in [
            json!(["externalFederation", "azureActiveDirectory"]),
            json!([
                "externalFederation",
                "externalFederation",
                "azureActiveDirectory"
            ]),
        ] {
            let bad = json!({ "invitationRedemptionIdentityProviderConfiguration": {
                "primaryIdentityProviderPrecedenceOrder": ways, "fallbackIdentityProvider": "emailOneTimePasscode" } });
            let (status, _) = call(
                &server,
                &admin,
                Method::PATCH,
                &format!("{POLICY}/default"),
                Some(bad),
            )
            .await;
            assert_eq!(status, 400);
        }

        // No one-time codes: an address of no known organization cannot redeem, and
        // asking for a code is refused; with codes back, it signs up by one.
        let (_, invited) = invite(&server, &admin, "sam@northwind.test").await;
        let link = invited["inviteRedeemUrl"]
            .as_str()
            .expect("link")
            .to_owned();
        let mut sam = Browser::new(&server);
        let html = sam.get(&link).await.text().await.expect("page");
        assert!(html.contains("id=\"send-code\""), "{html}");
        let csrf = hidden_field(&html, "csrf").expect("csrf");
        let closed = json!({ "invitationRedemptionIdentityProviderConfiguration": {
            "primaryIdentityProviderPrecedenceOrder": ["azureActiveDirectory", "externalFederation", "socialIdentityProviders"],
            "fallbackIdentityProvider": "none" } });
        let (status, _) = call(
            &server,
            &admin,
            Method::PATCH,
            &format!("{POLICY}/default"),
            Some(closed),
        )
        .await;
        assert_eq!(status, 204);
        let html = sam.get(&link).await.text().await.expect("page");
        assert!(html.contains("id=\"no-way\""), "{html}");
        assert!(!html.contains("id=\"send-code\""), "{html}");
        let refused = sam
            .post(&format!("{link}/code"), &[("csrf", csrf.as_str())])
            .await;
        assert_eq!(refused.status(), 400);
        assert!(
            refused
                .text()
                .await
                .expect("page")
                .contains("does not accept invitations confirmed by a one-time code")
        );
        let (status, _) = call(
            &server,
            &admin,
            Method::POST,
            &format!("{POLICY}/default/resetToSystemDefault"),
            None,
        )
        .await;
        assert_eq!(status, 204);
        let html = sam.get(&link).await.text().await.expect("page");
        assert!(html.contains("id=\"send-code\""), "{html}");
        server.stop().await;
    }
}
