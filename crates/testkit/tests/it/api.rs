//! The Graph-shaped directory API under `/v1.0`: users, groups, applications, app
//! role assignments and the audit log, driven over HTTP on every backend.
//!
//! Tokens are signed here with the server's own key ring rather than fetched from
//! the token endpoint, so these tests pin the API alone.

use entente_model::{AppId, Tenant, TenantId, User, UserId, UserType};
use entente_testkit::entente_domain::signin::{PasswordSignIn, SignInOutcome};
use entente_testkit::entente_storage::NewUser;
use entente_testkit::{Backend, TestServer, backends, now};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const ADMIN_ROLES: &[&str] = &["Directory.ReadWrite.All", "AuditLog.Read.All"];
const READER_ROLES: &[&str] = &["Directory.Read.All"];

/// A signed access token for the directory API of `tenant`.
fn token(
    server: &TestServer,
    tenant: TenantId,
    oid: uuid::Uuid,
    idtyp: &str,
    roles: &[&str],
) -> String {
    server.sign(&server.api_claims(tenant, oid, idtyp, roles, now()))
}

/// The object id of the bootstrap application, the actor of the admin token.
async fn bootstrap_app_id(server: &TestServer) -> AppId {
    let boot = server.bootstrap();
    let mut conn = server.services.store.read().await.unwrap();
    conn.db()
        .application_by_client_id(boot.tenant_id, &boot.client_id)
        .await
        .unwrap()
        .expect("bootstrap application")
        .id
}

/// A server with an admin token (the bootstrap application) for its first tenant.
struct Api {
    server: TestServer,
    admin: String,
    app_id: AppId,
}

impl Api {
    async fn start(backend: Backend) -> Api {
        let server = TestServer::start_on(backend).await;
        let app_id = bootstrap_app_id(&server).await;
        let admin = token(
            &server,
            server.bootstrap().tenant_id,
            app_id.0,
            "app",
            ADMIN_ROLES,
        );
        Api {
            server,
            admin,
            app_id,
        }
    }

    fn tenant(&self) -> TenantId {
        self.server.bootstrap().tenant_id
    }

    fn domain(&self) -> String {
        self.server.bootstrap().initial_domain.clone()
    }

    /// Sends a request with a bearer token; answers the status and the JSON body
    /// (`Null` when empty).
    async fn call(
        &self,
        method: Method,
        path: &str,
        bearer: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        self.server.call(method, path, bearer, body).await
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, Some(&self.admin), None).await
    }

    async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, Some(&self.admin), Some(body))
            .await
    }

    async fn patch(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::PATCH, path, Some(&self.admin), Some(body))
            .await
    }

    async fn delete(&self, path: &str) -> (StatusCode, Value) {
        self.call(Method::DELETE, path, Some(&self.admin), None)
            .await
    }

    /// Creates a member and answers its id.
    async fn user(&self, name: &str) -> String {
        let upn = format!(
            "{}@{}",
            name.to_lowercase().replace(' ', "."),
            self.domain()
        );
        let (status, body) = self
            .post(
                "/v1.0/users",
                json!({ "displayName": name, "userPrincipalName": upn, "mailNickname": name,
                        "mail": format!("{}@contoso.com", name.to_lowercase().replace(' ', ".")),
                        "accountEnabled": true }),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        body["id"].as_str().unwrap().to_owned()
    }

    async fn stop(self) {
        self.server.stop().await;
    }
}

/// Creates an object with the given token and answers its id.
async fn create_as(api: &Api, bearer: &str, path: &str, body: Value) -> String {
    let (status, body) = api.call(Method::POST, path, Some(bearer), Some(body)).await;
    assert_eq!(status, 201, "{path}: {body}");
    body["id"].as_str().unwrap().to_owned()
}

fn assert_graph_error(status: StatusCode, body: &Value, expected: StatusCode, code: &str) {
    assert_eq!(status, expected, "{body}");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "Graph errors carry a message: {body}"
    );
}

fn ids(collection: &Value) -> Vec<String> {
    collection["value"]
        .as_array()
        .expect("a collection has a value array")
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn users_can_be_created_read_updated_listed_and_deleted() {
    for backend in backends() {
        let api = Api::start(backend).await;
        let upn = format!("bob@{}", api.domain());
        let (status, created) = api
            .post(
                "/v1.0/users",
                json!({ "accountEnabled": true, "displayName": "Bob Builder", "mailNickname": "bob",
                        "userPrincipalName": upn, "mail": "bob@contoso.com",
                        "passwordProfile": { "password": "a long enough password" } }),
            )
            .await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["displayName"], "Bob Builder");
        assert_eq!(created["userPrincipalName"], upn);
        assert_eq!(created["mail"], "bob@contoso.com");
        assert_eq!(created["userType"], "Member");
        assert_eq!(created["accountEnabled"], true);
        let created_at = created["createdDateTime"].as_str().unwrap();
        assert!(
            created_at.ends_with('Z') && created_at.contains('T'),
            "RFC 3339: {created_at}"
        );
        let id = created["id"].as_str().unwrap();

        let (status, read) = api.get(&format!("/v1.0/users/{id}")).await;
        assert_eq!(status, 200);
        assert_eq!(read, created, "reading gives back what creating answered");

        let (status, body) = api
            .patch(
                &format!("/v1.0/users/{id}"),
                json!({ "displayName": "Robert Builder", "mail": null }),
            )
            .await;
        assert_eq!(status, 204, "{body}");
        assert_eq!(body, Value::Null);
        let (_, read) = api.get(&format!("/v1.0/users/{id}")).await;
        assert_eq!(read["displayName"], "Robert Builder");
        assert_eq!(read["mail"], Value::Null, "null clears the mail");
        assert_eq!(read["userPrincipalName"], upn, "untouched attributes stay");

        let (status, list) = api.get("/v1.0/users").await;
        assert_eq!(status, 200);
        assert!(
            list["@odata.context"]
                .as_str()
                .unwrap()
                .ends_with("/v1.0/$metadata#users")
        );
        assert!(list.get("@odata.nextLink").is_none(), "one page: {list}");
        let names: Vec<&str> = list["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["displayName"].as_str().unwrap())
            .collect();
        assert!(
            names.contains(&"Robert Builder") && names.contains(&"admin"),
            "{names:?}"
        );

        let (status, body) = api
            .post(
                "/v1.0/users",
                json!({ "displayName": "Bob Again", "userPrincipalName": upn.to_uppercase() }),
            )
            .await;
        assert_graph_error(status, &body, StatusCode::CONFLICT, "Request_Conflict");
        let (status, body) = api
            .post(
                "/v1.0/users",
                json!({ "displayName": "Mallory", "userPrincipalName": "mallory@fabrikam.com" }),
            )
            .await;
        assert_graph_error(status, &body, StatusCode::BAD_REQUEST, "Request_BadRequest");
        let (status, body) = api
            .post(
                "/v1.0/users",
                json!({ "displayName": "Short", "userPrincipalName": format!("short@{}", api.domain()),
                        "passwordProfile": { "password": "short" } }),
            )
            .await;
        assert_graph_error(status, &body, StatusCode::BAD_REQUEST, "Request_BadRequest");

        let (status, _) = api.delete(&format!("/v1.0/users/{id}")).await;
        assert_eq!(status, 204);
        let (status, body) = api.get(&format!("/v1.0/users/{id}")).await;
        assert_graph_error(
            status,
            &body,
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
        );
        let (status, _) = api.delete(&format!("/v1.0/users/{id}")).await;
        assert_eq!(status, 404, "deleting twice");
        let (status, body) = api.get("/v1.0/users/not-a-uuid").await;
        assert_graph_error(
            status,
            &body,
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
        );
        api.stop().await;
    }
}

#[tokio::test]
async fn disabling_a_user_ends_their_sessions_and_refuses_their_token() {
    for backend in backends() {
        let api = Api::start(backend).await;
        let upn = format!("carol@{}", api.domain());
        let (status, created) = api
            .post(
                "/v1.0/users",
                json!({ "displayName": "Carol", "userPrincipalName": upn,
                        "passwordProfile": { "password": "carol's long password" } }),
            )
            .await;
        assert_eq!(status, 201, "{created}");
        let id: UserId = created["id"].as_str().unwrap().parse().unwrap();
        let services = &api.server.services;
        let attempt = PasswordSignIn {
            tenant: api.tenant(),
            login: upn.clone(),
            password: "carol's long password".into(),
            source: "127.0.0.1".into(),
            return_to: "/".into(),
            shown_at: None,
        };
        let session = match entente_testkit::entente_domain::signin::sign_in_with_password(
            services,
            attempt,
            now(),
        )
        .await
        {
            Ok(SignInOutcome::SignedIn(session)) => session,
            other => panic!("the password set at creation signs in: {other:?}"),
        };
        let user_token = token(&api.server, api.tenant(), id.0, "user", &[]);
        let (status, body) = api
            .call(Method::GET, "/v1.0/users", Some(&user_token), None)
            .await;
        assert_graph_error(
            status,
            &body,
            StatusCode::FORBIDDEN,
            "Authorization_RequestDenied",
        );

        let path = format!("/v1.0/users/{id}");
        assert_eq!(
            api.patch(&path, json!({ "accountEnabled": false })).await.0,
            204
        );
        let (status, body) = api
            .call(Method::GET, "/v1.0/users", Some(&user_token), None)
            .await;
        assert_graph_error(
            status,
            &body,
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
        );
        // Enabling again must not bring the old session back: it was ended, not hidden.
        assert_eq!(
            api.patch(&path, json!({ "accountEnabled": true })).await.0,
            204
        );
        let live =
            entente_testkit::entente_domain::signin::session(services, &session.token, now())
                .await
                .unwrap();
        assert!(
            live.is_none(),
            "the session ended when the user was disabled"
        );
        api.stop().await;
    }
}

#[tokio::test]
async fn paging_follows_next_links_to_the_end() {
    for backend in backends() {
        let api = Api::start(backend).await;
        let mut made = Vec::new();
        for n in 1..=5 {
            made.push(api.user(&format!("Pager {n}")).await);
        }
        // Five users of the filter, two a page: pages of 2, 2 and 1, the filter kept.
        let mut seen = Vec::new();
        let mut next =
            Some("/v1.0/users?$top=2&$filter=startswith(displayName,'pager')".to_owned());
        let mut pages = 0;
        while let Some(link) = next {
            let (status, page) = api.get(&link).await;
            assert_eq!(status, 200, "{page}");
            let page_ids = ids(&page);
            assert!(page_ids.len() <= 2, "{page}");
            seen.extend(page_ids);
            next = page["@odata.nextLink"].as_str().map(str::to_owned);
            if let Some(link) = &next {
                assert!(link.starts_with(&api.server.base_url), "a full URL: {link}");
                assert!(link.contains("$skiptoken="), "{link}");
            }
            pages += 1;
        }
        assert_eq!(pages, 3);
        made.sort();
        // A name filter lists in name order; these names were made in id order too.
        assert_eq!(seen, made, "every user once, in name order");

        // Unfiltered: the admin too, six users in three full pages.
        let (_, first) = api.get("/v1.0/users?$top=3").await;
        assert_eq!(ids(&first).len(), 3);
        let (_, second) = api.get(first["@odata.nextLink"].as_str().unwrap()).await;
        assert_eq!(ids(&second).len(), 3);
        assert!(
            second.get("@odata.nextLink").is_none(),
            "no empty last page: {second}"
        );

        for bad in [
            "$top=0",
            "$top=1000",
            "$top=abc",
            "$skiptoken=garbage",
            "$orderby=jobTitle",
        ] {
            let (status, body) = api.get(&format!("/v1.0/users?{bad}")).await;
            assert_eq!(status, 400, "{bad}: {body}");
            assert!(body["error"]["message"].is_string(), "{body}");
        }
        api.stop().await;
    }
}

#[tokio::test]
async fn users_filter_by_mail_user_type_and_name_prefix() {
    for backend in backends() {
        let api = Api::start(backend).await;
        let alice = api.user("Alice Smith").await;
        let albert = api.user("Albert Jones").await;
        api.user("Zoe O'Brien").await;
        let guest = User {
            id: UserId::new_id(),
            tenant_id: api.tenant(),
            user_type: UserType::Guest,
            creation_type: Some(entente_model::CreationType::Invitation),
            external_user_state: Some(entente_model::ExternalUserState::PendingAcceptance),
            external_user_state_changed_at: Some(now()),
            sign_in_name: None,
            alternative_security_id: None,
            home_tenant_id: None,
            home_user_id: None,
            external_issuer: None,
            user_principal_name: format!("gail_fabrikam.com#EXT#@{}", api.domain()),
            mail: Some("gail@fabrikam.com".into()),
            display_name: "Gail".into(),
            account_enabled: true,
            created_at: now(),
        };
        let mut tx = api.server.services.store.write().await.unwrap();
        tx.db()
            .insert_user(NewUser {
                user: &guest,
                password_hash: None,
            })
            .await
            .unwrap();
        tx.commit().await.unwrap();

        let (status, found) = api
            .get("/v1.0/users?$filter=mail eq 'ALICE.SMITH@contoso.com'")
            .await;
        assert_eq!(status, 200, "{found}");
        assert_eq!(ids(&found), vec![alice.clone()]);

        let (_, guests) = api.get("/v1.0/users?$filter=userType eq 'Guest'").await;
        assert_eq!(ids(&guests), vec![guest.id.to_string()]);
        assert_eq!(guests["value"][0]["creationType"], "Invitation");
        assert_eq!(guests["value"][0]["externalUserState"], "PendingAcceptance");
        let (_, members) = api.get("/v1.0/users?$filter=userType eq 'Member'").await;
        assert_eq!(ids(&members).len(), 4, "admin and three members: {members}");

        let (_, al) = api
            .get("/v1.0/users?$filter=startswith(displayName,'al')")
            .await;
        // A name filter lists in name order: "Albert ..." before "Alice ...".
        assert_eq!(ids(&al), vec![albert, alice]);
        let (_, zoe) = api
            .get("/v1.0/users?$filter=startswith(displayName,'Zoe O''B')")
            .await;
        assert_eq!(ids(&zoe).len(), 1, "'' escapes a quote: {zoe}");

        let (_, gail) = api.get("/v1.0/users?$filter=displayName eq 'gail'").await;
        assert_eq!(ids(&gail), vec![guest.id.to_string()], "eq ignores case");
        let (status, body) = api.get("/v1.0/users?$filter=jobTitle eq 'Gail'").await;
        assert_graph_error(
            status,
            &body,
            StatusCode::BAD_REQUEST,
            "Request_UnsupportedQuery",
        );
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("'jobTitle'")
                && message.contains("displayName (eq, ne, in, startswith")
                && message.contains("mail (eq"),
            "{message}"
        );
        let (status, _) = api.get("/v1.0/users?$filter=userType eq 'Robot'").await;
        assert_eq!(status, 400);
        api.stop().await;
    }
}

#[tokio::test]
async fn another_tenants_objects_do_not_exist() {
    for backend in backends() {
        let api = Api::start(backend).await;
        let other = Tenant::new(
            TenantId::new_id(),
            "Fabrikam".into(),
            "fabrikam.entente.test".into(),
            now(),
        );
        let mut tx = api.server.services.store.write().await.unwrap();
        tx.db().insert_tenant(&other).await.unwrap();
        tx.commit().await.unwrap();
        let theirs = token(
            &api.server,
            other.id,
            uuid::Uuid::new_v4(),
            "app",
            ADMIN_ROLES,
        );
        let user = create_as(
            &api,
            &theirs,
            "/v1.0/users",
            json!({ "displayName": "Fay", "userPrincipalName": "fay@fabrikam.entente.test" }),
        )
        .await;
        let group = create_as(
            &api,
            &theirs,
            "/v1.0/groups",
            json!({ "displayName": "Fabrikam staff" }),
        )
        .await;
        let app = create_as(
            &api,
            &theirs,
            "/v1.0/applications",
            json!({ "displayName": "Fabrikam app" }),
        )
        .await;
        let (status, assignment) = api
            .call(
                Method::POST,
                &format!("/v1.0/users/{user}/appRoleAssignments"),
                Some(&theirs),
                Some(json!({ "principalId": user, "resourceId": app, "appRoleId": uuid::Uuid::nil() })),
            )
            .await;
        assert_eq!(status, 201, "{assignment}");
        let assignment = assignment["id"].as_str().unwrap();
        let (status, _) = api
            .call(
                Method::POST,
                &format!("/v1.0/groups/{group}/members/$ref"),
                Some(&theirs),
                Some(json!({ "@odata.id": format!("https://graph.microsoft.com/v1.0/directoryObjects/{user}") })),
            )
            .await;
        assert_eq!(status, 204);

        // Contoso's admin sees none of it, on any route, and cannot touch it.
        let ours_user = api.user("Olga").await;
        let ours_group = api
            .post("/v1.0/groups", json!({ "displayName": "Ours" }))
            .await
            .1["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let patch = Some(json!({ "displayName": "Taken over" }));
        let routes: Vec<(Method, String, Option<Value>)> = vec![
            (Method::GET, format!("/v1.0/users/{user}"), None),
            (Method::PATCH, format!("/v1.0/users/{user}"), patch.clone()),
            (Method::DELETE, format!("/v1.0/users/{user}"), None),
            (
                Method::GET,
                format!("/v1.0/users/{user}/appRoleAssignments"),
                None,
            ),
            (
                Method::DELETE,
                format!("/v1.0/users/{user}/appRoleAssignments/{assignment}"),
                None,
            ),
            (
                Method::POST,
                format!("/v1.0/users/{ours_user}/appRoleAssignments"),
                Some(
                    json!({ "principalId": ours_user, "resourceId": app, "appRoleId": uuid::Uuid::nil() }),
                ),
            ),
            (Method::GET, format!("/v1.0/groups/{group}"), None),
            (
                Method::PATCH,
                format!("/v1.0/groups/{group}"),
                patch.clone(),
            ),
            (Method::DELETE, format!("/v1.0/groups/{group}"), None),
            (Method::GET, format!("/v1.0/groups/{group}/members"), None),
            (
                Method::DELETE,
                format!("/v1.0/groups/{group}/members/{user}/$ref"),
                None,
            ),
            (
                Method::GET,
                format!("/v1.0/groups/{group}/appRoleAssignments"),
                None,
            ),
            (
                Method::POST,
                format!("/v1.0/groups/{ours_group}/members/$ref"),
                Some(
                    json!({ "@odata.id": format!("https://graph.microsoft.com/v1.0/directoryObjects/{user}") }),
                ),
            ),
            (Method::GET, format!("/v1.0/applications/{app}"), None),
            (
                Method::PATCH,
                format!("/v1.0/applications/{app}"),
                patch.clone(),
            ),
            (Method::DELETE, format!("/v1.0/applications/{app}"), None),
            (
                Method::GET,
                format!("/v1.0/applications/{app}/appRoleAssignedTo"),
                None,
            ),
            (
                Method::POST,
                format!("/v1.0/applications/{app}/addPassword"),
                Some(json!({})),
            ),
            (
                Method::POST,
                format!("/v1.0/applications/{app}/removePassword"),
                Some(json!({ "keyId": uuid::Uuid::new_v4() })),
            ),
        ];
        for (method, path, body) in routes {
            let (status, answer) = api
                .call(method.clone(), &path, Some(&api.admin), body)
                .await;
            assert_eq!(status, 404, "{method} {path}: {answer}");
            assert_eq!(
                answer["error"]["code"], "Request_ResourceNotFound",
                "{method} {path}"
            );
        }
        let (_, listed) = api.get("/v1.0/users").await;
        assert!(
            !ids(&listed).contains(&user),
            "lists hold only the caller's tenant"
        );

        // And nothing changed over there.
        let (status, still) = api
            .call(
                Method::GET,
                &format!("/v1.0/users/{user}"),
                Some(&theirs),
                None,
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(still["displayName"], "Fay");
        let (_, members) = api
            .call(
                Method::GET,
                &format!("/v1.0/groups/{group}/members"),
                Some(&theirs),
                None,
            )
            .await;
        assert_eq!(ids(&members), vec![user.clone()]);
        api.stop().await;
    }
}

#[tokio::test]
async fn permissions_and_authentication_are_enforced() {
    for backend in backends() {
        let api = Api::start(backend).await;
        let reader = token(&api.server, api.tenant(), api.app_id.0, "app", READER_ROLES);
        let (status, _) = api
            .call(Method::GET, "/v1.0/users", Some(&reader), None)
            .await;
        assert_eq!(status, 200, "a reader reads");
        let user = api.user("Dora").await;
        let writes: Vec<(Method, String, Value)> = vec![
            (
                Method::POST,
                "/v1.0/users".into(),
                json!({ "displayName": "X", "userPrincipalName": format!("x@{}", api.domain()) }),
            ),
            (
                Method::PATCH,
                format!("/v1.0/users/{user}"),
                json!({ "displayName": "X" }),
            ),
            (
                Method::POST,
                "/v1.0/groups".into(),
                json!({ "displayName": "X" }),
            ),
            (
                Method::POST,
                "/v1.0/applications".into(),
                json!({ "displayName": "X" }),
            ),
        ];
        for (method, path, body) in writes {
            let (status, answer) = api.call(method, &path, Some(&reader), Some(body)).await;
            assert_graph_error(
                status,
                &answer,
                StatusCode::FORBIDDEN,
                "Authorization_RequestDenied",
            );
        }
        let (status, answer) = api
            .call(
                Method::DELETE,
                &format!("/v1.0/users/{user}"),
                Some(&reader),
                None,
            )
            .await;
        assert_graph_error(
            status,
            &answer,
            StatusCode::FORBIDDEN,
            "Authorization_RequestDenied",
        );
        let (status, answer) = api
            .call(
                Method::GET,
                "/v1.0/auditLogs/directoryAudits",
                Some(&reader),
                None,
            )
            .await;
        assert_graph_error(
            status,
            &answer,
            StatusCode::FORBIDDEN,
            "Authorization_RequestDenied",
        );
        assert!(
            answer["error"]["message"]
                .as_str()
                .unwrap()
                .contains("AuditLog.Read.All")
        );

        let (status, answer) = api.get("/v1.0/oauth2PermissionGrants").await;
        assert_graph_error(
            status,
            &answer,
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
        );

        for bearer in [None, Some("garbage"), Some("")] {
            let (status, answer) = api.call(Method::GET, "/v1.0/users", bearer, None).await;
            assert_graph_error(
                status,
                &answer,
                StatusCode::UNAUTHORIZED,
                "InvalidAuthenticationToken",
            );
        }
        let response = api
            .server
            .http
            .get(api.server.url("/v1.0/users"))
            .header("authorization", "Basic YTpi")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401);
        assert_eq!(response.headers()["www-authenticate"], "Bearer");

        // A valid signature for another audience is still refused.
        let now = now();
        let mut claims: Value = json!({
            "iss": api.server.issuer(), "sub": api.app_id.to_string(), "aud": "https://elsewhere.example",
            "exp": now + 3600, "iat": now, "nbf": now, "jti": "x", "oid": api.app_id.to_string(),
            "tid": api.tenant().to_string(), "azp": "x", "idtyp": "app", "roles": ADMIN_ROLES, "ver": "2.0",
        });
        let elsewhere = api.server.services.keys.sign(&claims, now).unwrap();
        let (status, _) = api
            .call(Method::GET, "/v1.0/users", Some(&elsewhere), None)
            .await;
        assert_eq!(status, 401);
        claims["aud"] = json!(api.server.base_url);
        claims["exp"] = json!(now - 3600);
        let expired = api.server.services.keys.sign(&claims, now).unwrap();
        let (status, _) = api
            .call(Method::GET, "/v1.0/users", Some(&expired), None)
            .await;
        assert_eq!(status, 401, "expired");
        api.stop().await;
    }
}

#[tokio::test]
async fn malformed_bodies_get_the_graph_error_shape() {
    for backend in backends() {
        let api = Api::start(backend).await;
        let send = |body: &'static str, content_type: &'static str| {
            let request = api
                .server
                .http
                .post(api.server.url("/v1.0/users"))
                .bearer_auth(&api.admin)
                .header("content-type", content_type)
                .body(body);
            async move {
                let response = request.send().await.unwrap();
                let status = response.status();
                let body: Value = response.json().await.expect("a JSON error, not text");
                (status, body)
            }
        };
        for (body, content_type) in [
            ("{\"displayName\": ", "application/json"),
            ("not json at all", "application/json"),
            (
                "{\"displayName\":\"X\",\"userPrincipalName\":\"x@y.z\",\"favouriteColour\":\"red\"}",
                "application/json",
            ),
            ("{\"userPrincipalName\":\"x@y.z\"}", "application/json"),
            (
                "{\"displayName\":\"X\",\"userPrincipalName\":\"x@y.z\"}",
                "text/plain",
            ),
        ] {
            let (status, answer) = send(body, content_type).await;
            assert_graph_error(status, &answer, StatusCode::BAD_REQUEST, "BadRequest");
        }
        let (status, answer) = send(
            "{\"displayName\":\"X\",\"userPrincipalName\":\"x@y.z\",\"favouriteColour\":\"red\"}",
            "application/json",
        )
        .await;
        assert_eq!(status, 400);
        assert!(
            answer["error"]["message"]
                .as_str()
                .unwrap()
                .contains("favouriteColour"),
            "names the field: {answer}"
        );
        api.stop().await;
    }
}

#[tokio::test]
async fn groups_hold_members() {
    for backend in backends() {
        let api = Api::start(backend).await;
        let (status, group) = api
            .post(
                "/v1.0/groups",
                json!({ "displayName": "Partners", "description": "Fabrikam people", "mailEnabled": false,
                        "securityEnabled": true, "mailNickname": "partners" }),
            )
            .await;
        assert_eq!(status, 201, "{group}");
        assert_eq!(group["displayName"], "Partners");
        assert_eq!(group["description"], "Fabrikam people");
        assert_eq!(group["securityEnabled"], true);
        let gid = group["id"].as_str().unwrap().to_owned();
        let other = api
            .post("/v1.0/groups", json!({ "displayName": "Staff" }))
            .await
            .1["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let (status, _) = api
            .post(
                "/v1.0/groups",
                json!({ "displayName": "Mail", "mailEnabled": true }),
            )
            .await;
        assert_eq!(status, 400, "mail-enabled groups are refused, not faked");

        let (_, filtered) = api
            .get("/v1.0/groups?$filter=startswith(displayName,'PART')")
            .await;
        assert_eq!(ids(&filtered), vec![gid.clone()]);
        let (status, _) = api.get("/v1.0/groups?$filter=mail eq 'x@y.z'").await;
        assert_eq!(status, 400);
        let (_, all) = api.get("/v1.0/groups").await;
        assert_eq!(ids(&all).len(), 2);

        let ann = api.user("Ann").await;
        let ben = api.user("Ben").await;
        for member in [&ann, &ben] {
            let (status, body) = api
                .post(
                    &format!("/v1.0/groups/{gid}/members/$ref"),
                    json!({ "@odata.id": format!("https://graph.microsoft.com/v1.0/directoryObjects/{member}") }),
                )
                .await;
            assert_eq!(status, 204, "{body}");
        }
        let (status, body) = api
            .post(
                &format!("/v1.0/groups/{gid}/members/$ref"),
                json!({ "@odata.id": format!("users/{ann}") }),
            )
            .await;
        assert_graph_error(status, &body, StatusCode::CONFLICT, "Request_Conflict");
        let (status, _) = api
            .post(
                &format!("/v1.0/groups/{gid}/members/$ref"),
                json!({ "@odata.id": "https://x/directoryObjects/nope" }),
            )
            .await;
        assert_eq!(status, 400);
        let (status, _) = api
            .post(
                &format!("/v1.0/groups/{gid}/members/$ref"),
                json!({ "@odata.id": format!("directoryObjects/{}", uuid::Uuid::new_v4()) }),
            )
            .await;
        assert_eq!(status, 404, "an unknown user");

        let (status, members) = api.get(&format!("/v1.0/groups/{gid}/members")).await;
        assert_eq!(status, 200);
        let mut expected = vec![ann.clone(), ben.clone()];
        expected.sort();
        assert_eq!(ids(&members), expected);
        assert_eq!(members["value"][0]["@odata.type"], "#microsoft.graph.user");
        let (_, none) = api.get(&format!("/v1.0/groups/{other}/members")).await;
        assert_eq!(ids(&none), Vec::<String>::new());

        let (status, _) = api
            .delete(&format!("/v1.0/groups/{gid}/members/{ann}/$ref"))
            .await;
        assert_eq!(status, 204);
        let (status, _) = api
            .delete(&format!("/v1.0/groups/{gid}/members/{ann}/$ref"))
            .await;
        assert_eq!(status, 404, "no longer a member");
        let (_, members) = api.get(&format!("/v1.0/groups/{gid}/members")).await;
        assert_eq!(ids(&members), vec![ben.clone()]);

        assert_eq!(
            api.patch(
                &format!("/v1.0/groups/{gid}"),
                json!({ "displayName": "Partners EU", "description": null })
            )
            .await
            .0,
            204
        );
        let (_, read) = api.get(&format!("/v1.0/groups/{gid}")).await;
        assert_eq!(read["displayName"], "Partners EU");
        assert_eq!(read["description"], Value::Null);

        // Deleting a member user takes them out of the group.
        assert_eq!(api.delete(&format!("/v1.0/users/{ben}")).await.0, 204);
        let (_, members) = api.get(&format!("/v1.0/groups/{gid}/members")).await;
        assert_eq!(ids(&members), Vec::<String>::new());
        assert_eq!(api.delete(&format!("/v1.0/groups/{gid}")).await.0, 204);
        assert_eq!(api.get(&format!("/v1.0/groups/{gid}")).await.0, 404);
        api.stop().await;
    }
}

fn roles() -> Value {
    json!([
        { "id": "11111111-1111-4111-8111-111111111111", "value": "Reader", "displayName": "Reader",
          "description": "Reads", "allowedMemberTypes": ["User"], "isEnabled": true },
        { "id": "22222222-2222-4222-8222-222222222222", "value": "Old", "displayName": "Old",
          "description": "Retired", "allowedMemberTypes": ["User"], "isEnabled": false },
    ])
}

#[tokio::test]
async fn applications_and_their_passwords() {
    for backend in backends() {
        let api = Api::start(backend).await;
        let (status, app) = api
            .post(
                "/v1.0/applications",
                json!({ "displayName": "Expenses", "appRoles": roles(),
                        "web": { "redirectUris": ["https://expenses.contoso.com/signin"], "homePageUrl": "https://expenses.contoso.com" } }),
            )
            .await;
        assert_eq!(status, 201, "{app}");
        assert_eq!(app["displayName"], "Expenses");
        assert!(
            app["appId"].as_str().unwrap().parse::<uuid::Uuid>().is_ok(),
            "{app}"
        );
        assert_ne!(app["appId"], app["id"]);
        assert_eq!(
            app["web"]["redirectUris"],
            json!(["https://expenses.contoso.com/signin"])
        );
        assert_eq!(app["web"]["homePageUrl"], "https://expenses.contoso.com");
        assert_eq!(app["publicClient"]["redirectUris"], json!([]));
        assert_eq!(app["appRoles"][0]["value"], "Reader");
        assert_eq!(app["passwordCredentials"], json!([]));
        assert_eq!(app["signInAudience"], "AzureADMyOrg");
        let id = app["id"].as_str().unwrap().to_owned();

        // Graph's SDKs send the audience with an application: the own organization and
        // other organizations are taken; personal accounts are refused with the reason.
        assert_eq!(
            api.patch(
                &format!("/v1.0/applications/{id}"),
                json!({ "signInAudience": "AzureADMyOrg" })
            )
            .await
            .0,
            204
        );
        let (status, theirs) = api
            .post(
                "/v1.0/applications",
                json!({ "displayName": "Theirs", "signInAudience": "AzureADMultipleOrgs" }),
            )
            .await;
        assert_eq!(status, 201, "{theirs}");
        assert_eq!(theirs["signInAudience"], "AzureADMultipleOrgs");
        let (status, refused) = api
            .post(
                "/v1.0/applications",
                json!({ "displayName": "Personal", "signInAudience": "PersonalMicrosoftAccount" }),
            )
            .await;
        assert_eq!(status, 400, "{refused}");
        assert!(
            refused["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("no personal Microsoft accounts")),
            "{refused}"
        );

        let (status, native) = api
            .post("/v1.0/applications", json!({ "displayName": "CLI", "publicClient": { "redirectUris": ["http://localhost:8400/cb"] } }))
            .await;
        assert_eq!(status, 201, "{native}");
        assert_eq!(native["isFallbackPublicClient"], true);
        assert_eq!(
            native["publicClient"]["redirectUris"],
            json!(["http://localhost:8400/cb"])
        );
        for bad in [
            json!({ "displayName": "Bad", "web": { "redirectUris": ["http://expenses.contoso.com/cb"] } }),
            json!({ "displayName": "Bad", "web": { "redirectUris": ["https://expenses.contoso.com/cb#x"] } }),
            json!({ "displayName": "Bad", "web": { "redirectUris": ["/relative"] } }),
            json!({ "displayName": "Bad", "web": { "redirectUris": ["https://a.example/cb"] }, "publicClient": { "redirectUris": ["http://localhost/cb"] } }),
            json!({ "displayName": "Bad", "appRoles": [roles()[0], roles()[0]] }),
            json!({ "web": { "redirectUris": [] } }),
        ] {
            let (status, body) = api.post("/v1.0/applications", bad.clone()).await;
            assert_eq!(status, 400, "{bad} gave {body}");
        }

        let (status, added) = api
            .post(
                &format!("/v1.0/applications/{id}/addPassword"),
                json!({ "passwordCredential": { "displayName": "ci" } }),
            )
            .await;
        assert_eq!(status, 200, "{added}");
        let secret = added["secretText"]
            .as_str()
            .expect("the secret, once")
            .to_owned();
        assert!(secret.len() > 20, "{secret}");
        assert_eq!(added["displayName"], "ci");
        let hint = added["hint"].as_str().unwrap().to_owned();
        assert!(secret.starts_with(&hint), "the hint is the secret's start");
        let key_id = added["keyId"].as_str().unwrap().to_owned();

        let (_, read) = api.get(&format!("/v1.0/applications/{id}")).await;
        let credentials = read["passwordCredentials"].as_array().unwrap();
        assert_eq!(credentials.len(), 1);
        assert_eq!(credentials[0]["keyId"], key_id);
        assert_eq!(credentials[0]["hint"], hint);
        assert_eq!(credentials[0]["secretText"], Value::Null, "shown once only");
        let (_, list) = api.get("/v1.0/applications").await;
        assert!(
            !list.to_string().contains(&secret),
            "the list never shows the secret"
        );
        assert_eq!(
            ids(&list).len(),
            4,
            "bootstrap app, Expenses, Theirs, CLI: {list}"
        );

        assert_eq!(
            api.patch(
                &format!("/v1.0/applications/{id}"),
                json!({ "displayName": "Expenses 2", "web": { "homePageUrl": null } })
            )
            .await
            .0,
            204
        );
        let (_, read) = api.get(&format!("/v1.0/applications/{id}")).await;
        assert_eq!(read["displayName"], "Expenses 2");
        assert_eq!(read["web"]["homePageUrl"], Value::Null);
        assert_eq!(
            read["web"]["redirectUris"],
            json!(["https://expenses.contoso.com/signin"]),
            "kept"
        );
        let (status, _) = api
            .patch(
                &format!("/v1.0/applications/{id}"),
                json!({ "web": { "redirectUris": ["http://evil.example/cb"] } }),
            )
            .await;
        assert_eq!(status, 400);

        let app_path = format!("/v1.0/applications/{id}");
        let (status, body) = api
            .patch(&app_path, json!({ "appRoles": [roles()[1]] }))
            .await;
        assert_eq!(
            status, 400,
            "an enabled role is disabled before removal: {body}"
        );
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("Reader"),
            "{body}"
        );
        assert_eq!(
            api.patch(&app_path, json!({ "appRoles": [roles()[0]] }))
                .await
                .0,
            204,
            "a disabled one goes"
        );
        let (_, read) = api.get(&app_path).await;
        assert_eq!(read["appRoles"].as_array().unwrap().len(), 1);

        let remove = format!("/v1.0/applications/{id}/removePassword");
        assert_eq!(api.post(&remove, json!({ "keyId": key_id })).await.0, 204);
        assert_eq!(api.post(&remove, json!({ "keyId": key_id })).await.0, 404);
        let (_, read) = api.get(&format!("/v1.0/applications/{id}")).await;
        assert_eq!(read["passwordCredentials"], json!([]));

        assert_eq!(api.delete(&format!("/v1.0/applications/{id}")).await.0, 204);
        assert_eq!(api.get(&format!("/v1.0/applications/{id}")).await.0, 404);
        api.stop().await;
    }
}

#[tokio::test]
async fn app_roles_are_assigned_to_users_and_groups() {
    for backend in backends() {
        let api = Api::start(backend).await;
        let (_, app) = api
            .post(
                "/v1.0/applications",
                json!({ "displayName": "Expenses", "appRoles": roles() }),
            )
            .await;
        let app = app["id"].as_str().unwrap().to_owned();
        let user = api.user("Eve").await;
        let group = api
            .post("/v1.0/groups", json!({ "displayName": "Finance" }))
            .await
            .1["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let reader_role = "11111111-1111-4111-8111-111111111111";

        let path = format!("/v1.0/users/{user}/appRoleAssignments");
        let (status, made) = api
            .post(
                &path,
                json!({ "principalId": user, "resourceId": app, "appRoleId": reader_role }),
            )
            .await;
        assert_eq!(status, 201, "{made}");
        assert_eq!(made["principalId"], user);
        assert_eq!(made["principalType"], "User");
        assert_eq!(made["resourceId"], app);
        assert_eq!(made["appRoleId"], reader_role);
        assert_eq!(made["principalDisplayName"], "Eve");
        assert_eq!(made["resourceDisplayName"], "Expenses");
        let (status, default_access) = api
            .post(
                &path,
                json!({ "principalId": user, "resourceId": app, "appRoleId": uuid::Uuid::nil() }),
            )
            .await;
        assert_eq!(status, 201, "default access: {default_access}");
        let (status, body) = api
            .post(
                &path,
                json!({ "principalId": user, "resourceId": app, "appRoleId": reader_role }),
            )
            .await;
        assert_graph_error(status, &body, StatusCode::CONFLICT, "Request_Conflict");

        for (role, why) in [
            (
                uuid::Uuid::new_v4().to_string(),
                "a role the app does not define",
            ),
            (
                "22222222-2222-4222-8222-222222222222".to_owned(),
                "a disabled role",
            ),
        ] {
            let (status, body) = api
                .post(
                    &path,
                    json!({ "principalId": user, "resourceId": app, "appRoleId": role }),
                )
                .await;
            assert_eq!(status, 400, "{why}: {body}");
            assert_eq!(body["error"]["code"], "Request_BadRequest", "{why}");
        }
        let (status, _) = api
            .post(
                &path,
                json!({ "principalId": group, "resourceId": app, "appRoleId": reader_role }),
            )
            .await;
        assert_eq!(status, 400, "principalId must match the path");
        let (status, _) = api.post(&path, json!({ "principalId": user, "resourceId": uuid::Uuid::new_v4(), "appRoleId": reader_role })).await;
        assert_eq!(status, 404, "an unknown resource");

        let group_path = format!("/v1.0/groups/{group}/appRoleAssignments");
        let (status, for_group) = api
            .post(
                &group_path,
                json!({ "principalId": group, "resourceId": app, "appRoleId": reader_role }),
            )
            .await;
        assert_eq!(status, 201, "{for_group}");
        assert_eq!(for_group["principalType"], "Group");

        let (_, of_user) = api.get(&path).await;
        let mut expected = vec![
            made["id"].as_str().unwrap().to_owned(),
            default_access["id"].as_str().unwrap().to_owned(),
        ];
        expected.sort();
        assert_eq!(ids(&of_user), expected);
        let (_, of_group) = api.get(&group_path).await;
        assert_eq!(
            ids(&of_group),
            vec![for_group["id"].as_str().unwrap().to_owned()]
        );
        let (_, assigned_to) = api
            .get(&format!("/v1.0/applications/{app}/appRoleAssignedTo"))
            .await;
        assert_eq!(ids(&assigned_to).len(), 3, "{assigned_to}");
        let mut holders: Vec<&str> = assigned_to["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["principalDisplayName"].as_str().unwrap())
            .collect();
        holders.sort();
        assert_eq!(holders, vec!["Eve", "Eve", "Finance"]);

        let made_id = made["id"].as_str().unwrap();
        let (status, _) = api
            .delete(&format!(
                "/v1.0/groups/{group}/appRoleAssignments/{made_id}"
            ))
            .await;
        assert_eq!(status, 404, "reached only through its own principal");
        assert_eq!(
            api.delete(&format!("/v1.0/users/{user}/appRoleAssignments/{made_id}"))
                .await
                .0,
            204
        );
        let (_, of_user) = api.get(&path).await;
        assert_eq!(
            ids(&of_user),
            vec![default_access["id"].as_str().unwrap().to_owned()]
        );
        api.stop().await;
    }
}

#[tokio::test]
async fn the_audit_log_names_actor_action_and_target() {
    for backend in backends() {
        let api = Api::start(backend).await;
        let user = api.user("Ivy").await;
        assert_eq!(
            api.patch(
                &format!("/v1.0/users/{user}"),
                json!({ "accountEnabled": false })
            )
            .await
            .0,
            204
        );
        let group = api
            .post("/v1.0/groups", json!({ "displayName": "Audited" }))
            .await
            .1["id"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(api.delete(&format!("/v1.0/groups/{group}")).await.0, 204);

        let (status, log) = api.get("/v1.0/auditLogs/directoryAudits?$top=4").await;
        assert_eq!(status, 200, "{log}");
        let entries = log["value"].as_array().unwrap();
        let actions: Vec<&str> = entries
            .iter()
            .map(|e| e["activityDisplayName"].as_str().unwrap())
            .collect();
        assert_eq!(
            actions,
            vec!["Delete group", "Add group", "Update user", "Add user"],
            "newest first"
        );
        for entry in entries {
            assert_eq!(
                entry["initiatedBy"]["app"]["servicePrincipalId"],
                api.app_id.to_string(),
                "{entry}"
            );
            assert!(entry["activityDateTime"].as_str().unwrap().ends_with('Z'));
        }
        assert_eq!(entries[0]["targetResources"][0]["id"], group);
        assert_eq!(entries[0]["targetResources"][0]["type"], "Group");
        let update = &entries[2]["targetResources"][0];
        assert_eq!(update["id"], user);
        assert_eq!(update["type"], "User");
        let changed: Vec<&str> = update["modifiedProperties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["displayName"].as_str().unwrap())
            .collect();
        assert!(changed.contains(&"accountEnabled"), "{update}");

        // The bootstrap entry is on the next page, written by the system.
        let (_, rest) = api
            .get(log["@odata.nextLink"].as_str().expect("more entries"))
            .await;
        let last = rest["value"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["activityDisplayName"], "Bootstrap tenant");
        assert_eq!(last["initiatedBy"], json!({ "user": null, "app": null }));
        api.stop().await;
    }
}

#[tokio::test]
async fn odata_type_annotations_from_microsofts_sdks_are_taken_and_checked() {
    let api = Api::start(Backend::Sqlite).await;
    let domain = api.domain();
    // As msgraph-sdk sends a new user: its type, and a cleared backing-store type.
    let (status, body) = api
        .post(
            "/v1.0/users",
            json!({ "@odata.type": "#microsoft.graph.user", "odata_type": null,
                    "displayName": "Ann Typed", "userPrincipalName": format!("ann.typed@{domain}"),
                    "mailNickname": "ann", "accountEnabled": true }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["displayName"], "Ann Typed");
    let id = body["id"].as_str().unwrap().to_owned();
    let (status, body) = api
        .patch(
            &format!("/v1.0/users/{id}"),
            json!({ "@odata.type": "#microsoft.graph.user", "displayName": "Ann Retyped" }),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    assert_eq!(
        api.get(&format!("/v1.0/users/{id}")).await.1["displayName"],
        "Ann Retyped"
    );
    let (status, body) = api
        .post(
            "/v1.0/groups",
            json!({ "@odata.type": "#microsoft.graph.group", "displayName": "Typed group",
                    "mailNickname": "typed", "mailEnabled": false, "securityEnabled": true }),
        )
        .await;
    assert_eq!(status, 201, "{body}");

    // A type that names another entity, an unknown field and a binding stay refused.
    let (status, body) = api
        .patch(
            &format!("/v1.0/users/{id}"),
            json!({ "@odata.type": "#microsoft.graph.group", "displayName": "x" }),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("does not name a user"),
        "{body}"
    );
    for refused in [
        json!({ "@odata.type": "#microsoft.graph.user", "favouriteColour": "red" }),
        json!({ "members@odata.bind": ["https://graph.microsoft.com/v1.0/users/x"] }),
        json!({ "@odata.type": 7, "displayName": "x" }),
    ] {
        let (status, body) = api.patch(&format!("/v1.0/users/{id}"), refused).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["error"]["code"], "BadRequest", "{body}");
    }
    assert_eq!(
        api.get(&format!("/v1.0/users/{id}")).await.1["displayName"],
        "Ann Retyped"
    );
    api.stop().await;
}

#[tokio::test]
async fn graph_errors_carry_the_inner_error_microsofts_sdks_read() {
    let api = Api::start(Backend::Sqlite).await;
    let token = api.server.api_token().await;
    let response = api
        .server
        .http
        .get(
            api.server
                .url("/v1.0/users/00000000-0000-0000-0000-000000000000"),
        )
        .bearer_auth(&token)
        .header("client-request-id", "7d3b6c3e-1111-4222-8333-944455556666")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        response.headers()["client-request-id"],
        "7d3b6c3e-1111-4222-8333-944455556666"
    );
    let body: Value = response.json().await.unwrap();
    let inner = &body["error"]["innerError"];
    assert_eq!(body["error"]["code"], "Request_ResourceNotFound", "{body}");
    assert_eq!(inner["request-id"], request_id.as_str(), "{body}");
    assert_eq!(
        inner["client-request-id"],
        "7d3b6c3e-1111-4222-8333-944455556666"
    );
    let date = inner["date"].as_str().unwrap();
    assert_eq!(date.len(), "2026-12-06T07:00:00".len(), "{date}");
    assert!(date.starts_with("20") && date.contains('T'), "{date}");
    // An error raised before the handler (no token) carries it too.
    let (status, body) = api
        .server
        .call(Method::GET, "/v1.0/users", None, None)
        .await;
    assert_eq!(status, 401);
    assert!(
        body["error"]["innerError"]["request-id"].is_string(),
        "{body}"
    );
    api.stop().await;
}
