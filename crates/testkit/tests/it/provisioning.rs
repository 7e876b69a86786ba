//! SCIM provisioning connections, the provisioning log and partner-pushed guests
//! (issue 23, decision 0017), on each backend: a connection made in the portal gives a
//! long-lived token that Entra's and Okta's forms take; what its requests change (and
//! why they fail) is in the provisioning log, on the portal and in Graph's
//! `auditLogs/provisioning`; a partner's connection pushes that partner's people as
//! guests only; concurrent requests change once.

use entente_testkit::{ADMIN_EMAIL, ADMIN_PASSWORD, TestServer, backends, now};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::scim::{call, patch_op, provisioner};

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";

/// The value of the read-only input `id` in a page.
fn input_value(html: &str, id: &str) -> Option<String> {
    let marker = format!("id=\"{id}\" type=\"text\" readonly value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_owned())
}

async fn graph(server: &TestServer, path: &str, roles: &[&str]) -> Value {
    let token = server.sign(&server.api_claims(
        server.bootstrap().tenant_id,
        uuid::Uuid::new_v4(),
        "app",
        roles,
        now(),
    ));
    server
        .http
        .get(server.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("graph")
        .json()
        .await
        .expect("json")
}

#[tokio::test]
async fn a_connection_made_in_the_portal_provisions_and_its_requests_are_logged() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let page_path = format!("/{tenant}/admin/provisioning");
        let (cookies, _) = server
            .browser_sign_in(
                &server.url(&format!("/{tenant}/login")),
                ADMIN_EMAIL,
                ADMIN_PASSWORD,
            )
            .await
            .expect("the administrator signs in");
        let get = |path: String| {
            let (server, cookies) = (&server, cookies.clone());
            async move {
                let response = server
                    .http
                    .get(server.url(&path))
                    .header("cookie", cookies)
                    .send()
                    .await
                    .expect("page");
                let status = response.status();
                (status, response.text().await.expect("text"))
            }
        };
        let (status, page) = get(page_path.clone()).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains(&format!("/scim/v2/{tenant}")),
            "the SCIM address is shown"
        );
        assert!(page.contains("id=\"no-connections\""));
        let csrf = entente_testkit::hidden_field(&page, "csrf").expect("csrf");
        let post = |path: String, form: Vec<(&'static str, String)>| {
            let (server, cookies, csrf) = (&server, cookies.clone(), csrf.clone());
            async move {
                let mut fields = form;
                fields.push(("csrf", csrf));
                let response = server
                    .http
                    .post(server.url(&path))
                    .header("cookie", cookies)
                    .form(&fields)
                    .send()
                    .await
                    .expect("post");
                let status = response.status();
                (status, response.text().await.expect("text"))
            }
        };

        // A refused form keeps what was typed and says why beside the field.
        let (status, refused) = post(
            page_path.clone(),
            vec![
                ("name", "Workday".into()),
                ("partner", "nowhere.example".into()),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
        assert!(
            refused.contains("id=\"connection-partner-error\""),
            "{refused}"
        );
        assert!(refused.contains("value=\"nowhere.example\""));
        // Made: the token is shown once.
        let (status, made) = post(page_path.clone(), vec![("name", "Workday".into())]).await;
        assert_eq!(status, StatusCode::OK, "{made}");
        let token = input_value(&made, "issued-token").expect("the token is shown");
        assert!(token.starts_with("scim~"), "{token}");
        let (_, listed) = get(page_path.clone()).await;
        assert!(
            listed.contains("Workday") && !listed.contains(&token),
            "shown only once"
        );

        // The token provisions: create, disable, a refusal, delete.
        let users = format!("/scim/v2/{tenant}/Users");
        let (status, _, created) = call(
            &server,
            Method::POST,
            &users,
            &token,
            Some(json!({ "schemas": [USER], "userName": "wendy@contoso.entente.test", "displayName": "Wendy", "externalId": "W-1" })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let id = created["id"].as_str().expect("id").to_owned();
        let (status, _, _) = call(
            &server,
            Method::PATCH,
            &format!("{users}/{id}"),
            &token,
            Some(patch_op(
                json!([{ "op": "replace", "path": "active", "value": false }]),
            )),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        // Repeating it changes nothing, and is no entry.
        let (status, _, _) = call(
            &server,
            Method::PATCH,
            &format!("{users}/{id}"),
            &token,
            Some(patch_op(
                json!([{ "op": "replace", "path": "active", "value": false }]),
            )),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let (status, _, _) = call(
            &server,
            Method::POST,
            &users,
            &token,
            Some(json!({ "schemas": [USER], "userName": "x@fabrikam.example" })),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, _, _) = call(
            &server,
            Method::DELETE,
            &format!("{users}/{id}"),
            &token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);

        // Graph's provisioning log, newest first.
        let log = graph(
            &server,
            "/v1.0/auditLogs/provisioning",
            &["AuditLog.Read.All"],
        )
        .await;
        let entries = log["value"].as_array().expect("entries");
        let actions: Vec<(&str, &str)> = entries
            .iter()
            .map(|e| {
                (
                    e["provisioningAction"].as_str().unwrap_or_default(),
                    e["provisioningStatusInfo"]["status"]
                        .as_str()
                        .unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            actions,
            [
                ("delete", "success"),
                ("create", "failure"),
                ("disable", "success"),
                ("create", "success")
            ],
            "{log}"
        );
        let failure = &entries[1];
        assert_eq!(
            failure["provisioningStatusInfo"]["errorInformation"]["errorCode"],
            "invalidValue"
        );
        assert_eq!(failure["statusCode"], 400);
        let disabled = &entries[2];
        assert_eq!(disabled["targetIdentity"]["displayName"], "Wendy");
        assert_eq!(disabled["targetIdentity"]["identityType"], "User");
        assert_eq!(disabled["servicePrincipal"]["displayName"], "Workday");
        let active = disabled["modifiedProperties"]
            .as_array()
            .expect("changes")
            .iter()
            .find(|p| p["displayName"] == "active")
            .expect("active changed");
        assert_eq!(
            (active["oldValue"].as_str(), active["newValue"].as_str()),
            (Some("true"), Some("false"))
        );
        let denied = server
            .http
            .get(server.url("/v1.0/auditLogs/provisioning"))
            .bearer_auth(provisioner(&server))
            .send()
            .await
            .expect("graph");
        assert_eq!(
            denied.status(),
            StatusCode::FORBIDDEN,
            "the log needs AuditLog.Read.All"
        );
        // The audit log names the connection's application.
        let audit = graph(
            &server,
            "/v1.0/auditLogs/directoryAudits?$top=999",
            &["AuditLog.Read.All"],
        )
        .await;
        let added = audit["value"]
            .as_array()
            .expect("audit")
            .iter()
            .find(|e| e["activityDisplayName"] == "Add user")
            .expect("Add user");
        assert_eq!(added["initiatedBy"]["app"]["displayName"], "Workday");

        // The portal's log, filtered, and its CSV.
        let (_, page) = get(page_path.clone()).await;
        assert_eq!(page.matches("<tr class=\"success\"").count(), 3, "{page}");
        assert_eq!(page.matches("<tr class=\"failure\"").count(), 1);
        assert!(page.contains("active: true → false"), "{page}");
        let (_, failures) = get(format!("{page_path}?status=failure")).await;
        assert_eq!(failures.matches("<tr class=\"success\"").count(), 0);
        assert_eq!(failures.matches("<tr class=\"failure\"").count(), 1);
        let (status, csv) = get(format!("/{tenant}/admin/provisioning/log.csv")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(csv.lines().count(), 5, "{csv}");
        assert!(csv.starts_with("time,status,action,"));
        let (_, csv) = get(format!(
            "/{tenant}/admin/provisioning/log.csv?status=failure"
        ))
        .await;
        assert_eq!(csv.lines().count(), 2, "{csv}");

        // A new token replaces the old one at once.
        let connection = listed
            .split("data-connection=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("the connection's id")
            .to_owned();
        let (status, renewed) = post(
            format!("{page_path}/token"),
            vec![("id", connection.clone())],
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let fresh = input_value(&renewed, "issued-token").expect("the new token");
        let (status, _, _) = call(&server, Method::GET, &users, &token, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "the old token stopped");
        let (status, _, _) = call(&server, Method::GET, &users, &fresh, None).await;
        assert_eq!(status, StatusCode::OK);
        // It stops working when it expires.
        let expired = entente_testkit::entente_domain::provisioning::authenticate(
            &server.services,
            &fresh,
            now() + entente_testkit::entente_domain::provisioning::TOKEN_LIFETIME + 1,
        )
        .await;
        assert!(expired.is_err(), "an expired token is refused");

        // Another organization's administrator reaches nothing of it.
        let fabrikam = server
            .partner_tenant(
                "Fabrikam",
                "fabrikam.example",
                "sam@fabrikam.example",
                "sam's long password",
                false,
            )
            .await;
        let theirs = entente_testkit::entente_domain::access::TenantAdmin {
            tenant: fabrikam.tenant_id,
            actor: entente_model::Actor::User(fabrikam.id),
        };
        // Their auditor reads their own provisioning log: none of Contoso's entries.
        let their_auditor = server.sign(&server.api_claims(
            fabrikam.tenant_id,
            uuid::Uuid::new_v4(),
            "app",
            &["AuditLog.Read.All"],
            now(),
        ));
        let their_log: Value = server
            .http
            .get(server.url("/v1.0/auditLogs/provisioning"))
            .bearer_auth(their_auditor)
            .send()
            .await
            .expect("graph")
            .json()
            .await
            .expect("json");
        assert_eq!(their_log["value"], json!([]), "{their_log}");
        let id: uuid::Uuid = connection.parse().expect("uuid");
        assert!(matches!(
            entente_testkit::entente_domain::provisioning::new_connection_token(
                &server.services,
                &theirs,
                id,
                now()
            )
            .await,
            Err(entente_testkit::entente_domain::DomainError::NotFound)
        ));
        assert!(matches!(
            entente_testkit::entente_domain::provisioning::delete_connection(
                &server.services,
                &theirs,
                id,
                now()
            )
            .await,
            Err(entente_testkit::entente_domain::DomainError::NotFound)
        ));
        // Fabrikam's own connection's token opens none of Contoso's endpoints.
        let their_token = entente_testkit::entente_domain::provisioning::create_connection(
            &server.services,
            &theirs,
            entente_testkit::entente_domain::provisioning::NewConnection {
                display_name: "Theirs".into(),
                partner: None,
            },
            now(),
        )
        .await
        .expect("made")
        .token;
        let (status, _, _) = call(&server, Method::GET, &users, &their_token, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // Deleting needs its confirmation; then the token stops.
        let (_, _) = post(
            format!("{page_path}/delete"),
            vec![("id", connection.clone())],
        )
        .await;
        let (status, _, _) = call(&server, Method::GET, &users, &fresh, None).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "not deleted without the confirmation"
        );
        let (status, deleted) = post(
            format!("{page_path}/delete"),
            vec![("id", connection.clone()), ("confirm", "on".into())],
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(deleted.contains("id=\"no-connections\""), "{deleted}");
        let (status, _, _) = call(&server, Method::GET, &users, &fresh, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        server.stop().await;
    }
}

#[tokio::test]
async fn a_partners_connection_pushes_its_people_as_guests_only() {
    use entente_testkit::entente_domain::provisioning::{NewConnection, create_connection};
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let sam = server
            .partner_tenant(
                "Fabrikam",
                "fabrikam.example",
                "sam@fabrikam.example",
                "sam's long password",
                false,
            )
            .await;
        let admin = entente_testkit::entente_domain::access::TenantAdmin {
            tenant,
            actor: entente_model::Actor::System,
        };
        let refused = create_connection(
            &server.services,
            &admin,
            NewConnection {
                display_name: "Self".into(),
                partner: Some(tenant.to_string()),
            },
            now(),
        )
        .await;
        assert!(refused.is_err(), "a tenant is not its own partner");
        let token = create_connection(
            &server.services,
            &admin,
            NewConnection {
                display_name: "Fabrikam push".into(),
                partner: Some("fabrikam.example".into()),
            },
            now(),
        )
        .await
        .expect("made")
        .token;
        let users = format!("/scim/v2/{tenant}/Users");

        let (status, _, guest) = call(
            &server,
            Method::POST,
            &users,
            &token,
            Some(json!({ "schemas": [USER], "userName": "Sam@Fabrikam.example", "displayName": "Sam Fabrikam", "externalId": "F-7" })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{guest}");
        assert_eq!(
            guest["userName"], "Sam@fabrikam.example",
            "the partner's name for it"
        );
        assert_eq!(guest["userType"], "Guest");
        let id = guest["id"].as_str().expect("id").to_owned();
        let object = graph(
            &server,
            &format!("/v1.0/users/{id}?$select=userType,creationType,userPrincipalName,mail,externalUserState"),
            &["User.Read.All"],
        )
        .await;
        assert_eq!(object["userType"], "Guest", "{object}");
        assert_eq!(object["creationType"], "Provisioned");
        assert_eq!(object["externalUserState"], "Accepted");
        assert_eq!(object["mail"], "Sam@fabrikam.example");
        assert!(
            object["userPrincipalName"]
                .as_str()
                .expect("upn")
                .contains("#EXT#")
        );
        // Linked to Sam's account at Fabrikam, as a redemption links it.
        {
            let mut conn = server.services.store.read().await.expect("read");
            let user = conn
                .db()
                .user_by_id(tenant, id.parse().expect("id"))
                .await
                .expect("user")
                .expect("found");
            assert_eq!(user.home_tenant_id, Some(sam.tenant_id));
            assert_eq!(user.home_user_id, Some(sam.id));
            assert_eq!(
                user.alternative_security_id.as_deref(),
                Some(format!("{}:{}", sam.tenant_id, sam.id).as_str())
            );
        }

        // Only the partner's people, only as guests.
        for (body, why) in [
            (
                json!({ "userName": "x@contoso.entente.test", "displayName": "X" }),
                "not in the partner's domains",
            ),
            (
                json!({ "userName": "nobody@fabrikam.example", "displayName": "N" }),
                "no account of the partner",
            ),
            (
                json!({ "userName": "sam2@fabrikam.example", "password": "a long password here" }),
                "no password",
            ),
            (
                json!({ "userName": "plainname", "displayName": "P" }),
                "an address",
            ),
        ] {
            let (status, _, error) = call(&server, Method::POST, &users, &token, Some(body)).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{why}: {error}");
        }
        let (status, _, conflict) = call(
            &server,
            Method::POST,
            &users,
            &token,
            Some(json!({ "userName": "sam@fabrikam.example", "displayName": "Again" })),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{conflict}");
        assert_eq!(conflict["scimType"], "uniqueness");

        // It sees its guests and nothing else of the organization.
        let (_, _, all) = call(&server, Method::GET, &users, &token, None).await;
        assert_eq!(all["totalResults"], 1, "{all}");
        let (_, _, found) = call(
            &server,
            Method::GET,
            &format!("{users}?filter=userName%20eq%20%22sam%40fabrikam.example%22"),
            &token,
            None,
        )
        .await;
        assert_eq!(found["totalResults"], 1, "{found}");
        let admin_id = server.bootstrap().admin_user_id.to_string();
        for method in [Method::GET, Method::DELETE] {
            let (status, _, _) = call(
                &server,
                method.clone(),
                &format!("{users}/{admin_id}"),
                &token,
                None,
            )
            .await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{method} of a member");
        }
        let (status, _, _) = call(
            &server,
            Method::PATCH,
            &format!("{users}/{admin_id}"),
            &token,
            Some(patch_op(
                json!([{ "op": "replace", "path": "active", "value": false }]),
            )),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "a member cannot be blocked by a partner"
        );
        let (status, _, _) = call(
            &server,
            Method::GET,
            &format!("/scim/v2/{tenant}/Groups"),
            &token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "no groups for a partner");
        // A guest keeps its address.
        let (status, _, _) = call(
            &server,
            Method::PATCH,
            &format!("{users}/{id}"),
            &token,
            Some(patch_op(
                json!([{ "op": "replace", "path": "userName", "value": "other@fabrikam.example" }]),
            )),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);

        // Disabled at the partner: blocked here at once, sign-ins ended.
        let (status, _, disabled) = call(
            &server,
            Method::PATCH,
            &format!("{users}/{id}"),
            &token,
            Some(patch_op(
                json!([{ "op": "replace", "path": "active", "value": false }]),
            )),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{disabled}");
        let object = graph(
            &server,
            &format!("/v1.0/users/{id}?$select=accountEnabled"),
            &["User.Read.All"],
        )
        .await;
        assert_eq!(object["accountEnabled"], false);
        let audit = graph(
            &server,
            "/v1.0/auditLogs/directoryAudits?$top=999",
            &["AuditLog.Read.All"],
        )
        .await;
        let block = audit["value"]
            .as_array()
            .expect("audit")
            .iter()
            .find(|e| e["activityDisplayName"] == "Update user")
            .expect("Update user")
            .to_string();
        assert!(
            block.contains("revokedRefreshTokens"),
            "sign-ins ended: {block}"
        );
        // Deleted at the partner: gone here.
        let (status, _, _) = call(
            &server,
            Method::DELETE,
            &format!("{users}/{id}"),
            &token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _, _) =
            call(&server, Method::GET, &format!("{users}/{id}"), &token, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        server.stop().await;
    }
}

/// Sixteen clients creating one userName at once make one user (fifteen uniqueness
/// conflicts); sixteen adding one member at once make one membership, audited once.
#[tokio::test]
async fn concurrent_scim_requests_change_once() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let token = provisioner(&server);
        let users = format!("/scim/v2/{tenant}/Users");
        let creates = (0..16)
            .map(|n| {
                (
                    Method::POST,
                    users.clone(),
                    json!({ "userName": "race@contoso.entente.test", "displayName": format!("Racer {n}") }),
                )
            })
            .collect();
        let answers = all_at_once(&server, &token, creates).await;
        let made: Vec<&Value> = answers
            .iter()
            .filter(|(s, _)| *s == StatusCode::CREATED)
            .map(|(_, b)| b)
            .collect();
        let conflicts = answers
            .iter()
            .filter(|(s, b)| *s == StatusCode::CONFLICT && b["scimType"] == "uniqueness")
            .count();
        assert_eq!((made.len(), conflicts), (1, 15), "{answers:?}");
        let id = made[0]["id"].as_str().expect("id").to_owned();
        let (_, _, found) = call(
            &server,
            Method::GET,
            &format!("{users}?filter=userName%20eq%20%22race%40contoso.entente.test%22"),
            &token,
            None,
        )
        .await;
        assert_eq!(found["totalResults"], 1);

        let (_, _, group) = call(
            &server,
            Method::POST,
            &format!("/scim/v2/{tenant}/Groups"),
            &token,
            Some(json!({ "displayName": "Racers" })),
        )
        .await;
        let gid = group["id"].as_str().expect("id").to_owned();
        let adds = (0..16)
            .map(|_| {
                (
                    Method::PATCH,
                    format!("/scim/v2/{tenant}/Groups/{gid}"),
                    patch_op(
                        json!([{ "op": "add", "path": "members", "value": [{ "value": id }] }]),
                    ),
                )
            })
            .collect();
        for (status, body) in all_at_once(&server, &token, adds).await {
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let (_, _, read) = call(
            &server,
            Method::GET,
            &format!("/scim/v2/{tenant}/Groups/{gid}"),
            &token,
            None,
        )
        .await;
        assert_eq!(read["members"].as_array().map(Vec::len), Some(1), "{read}");
        let audit = graph(
            &server,
            "/v1.0/auditLogs/directoryAudits?$top=999",
            &["AuditLog.Read.All"],
        )
        .await;
        let memberships = audit["value"]
            .as_array()
            .expect("audit")
            .iter()
            .filter(|e| e["activityDisplayName"] == "Add member to group")
            .count();
        assert_eq!(memberships, 1, "audited once");
        // meta.lastModified filters by the time of the last change.
        let (_, _, recent) = call(
            &server,
            Method::GET,
            &format!(
                "{users}?filter=meta.lastModified%20ge%20%22{}%22",
                entente_http_time(now() - 60)
            ),
            &token,
            None,
        )
        .await;
        assert!(
            recent["totalResults"].as_i64().unwrap_or_default() >= 1,
            "{recent}"
        );
        let (_, _, future) = call(
            &server,
            Method::GET,
            &format!(
                "{users}?filter=meta.lastModified%20gt%20%22{}%22",
                entente_http_time(now() + 3600)
            ),
            &token,
            None,
        )
        .await;
        assert_eq!(future["totalResults"], 0, "{future}");
        server.stop().await;
    }
}

/// Sends every request at once (each its own task) and answers each status and body.
async fn all_at_once(
    server: &TestServer,
    token: &str,
    requests: Vec<(Method, String, Value)>,
) -> Vec<(StatusCode, Value)> {
    let mut tasks = tokio::task::JoinSet::new();
    for (method, path, body) in requests {
        let (http, url, token) = (server.http.clone(), server.url(&path), token.to_owned());
        tasks.spawn(async move {
            let response = http
                .request(method, url)
                .bearer_auth(token)
                .header("content-type", "application/scim+json")
                .body(body.to_string())
                .send()
                .await
                .expect("answered");
            let status = response.status();
            let body = response.json::<Value>().await.unwrap_or(Value::Null);
            (status, body)
        });
    }
    tasks.join_all().await
}

/// A Unix time as RFC 3339.
fn entente_http_time(at: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(at)
        .expect("time")
        .format(&time::format_description::well_known::Rfc3339)
        .expect("format")
}

/// The provisioning page in Chromium, in Dutch, each state audited with axe-core: a
/// refused connection (the partner's problem beside its field, the name kept), a
/// connection made with its token shown once, then the log of what the token did,
/// filtered to its failure and downloaded as CSV.
#[tokio::test]
async fn the_provisioning_page_works_in_a_browser() {
    let server = TestServer::start_on(entente_testkit::Backend::Sqlite).await;
    let tenant = server.bootstrap().tenant_id;
    let base = server.url("");
    let base = base.trim_end_matches('/');
    let params = json!({
        "page": format!("{base}/{tenant}/admin/provisioning"),
        "login": ADMIN_EMAIL, "password": ADMIN_PASSWORD,
    });
    let seen = crate::browser::scenario("provisioning-connect", params.clone()).await;
    let said = |key: &str| seen[key].as_str().unwrap_or_default().to_owned();
    assert_eq!(said("heading"), "Inrichting", "{seen}");
    assert!(
        said("url").ends_with(&format!("/scim/v2/{tenant}")),
        "{seen}"
    );
    assert!(said("refused").contains("nowhere.example"), "{seen}");
    assert_eq!(said("kept"), "Workday");
    assert!(said("listed").contains("Workday"), "{seen}");
    let token = said("token");
    assert!(token.starts_with("scim~"), "{seen}");
    assert_eq!(
        seen["audits"].as_object().map(|a| a.len()),
        Some(3),
        "{seen}"
    );

    let users = format!("/scim/v2/{tenant}/Users");
    let (status, _, created) = call(
        &server,
        Method::POST,
        &users,
        &token,
        Some(json!({ "userName": "vera@contoso.entente.test", "displayName": "Vera" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().expect("id");
    let (status, _, _) = call(
        &server,
        Method::PATCH,
        &format!("{users}/{id}"),
        &token,
        Some(patch_op(
            json!([{ "op": "Replace", "path": "active", "value": "False" }]),
        )),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = call(
        &server,
        Method::POST,
        &users,
        &token,
        Some(json!({ "userName": "vera@contoso.entente.test", "displayName": "Vera again" })),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);

    let seen = crate::browser::scenario("provisioning-log", params).await;
    let rows = seen["rows"].as_array().expect("rows");
    let results: Vec<&str> = rows.iter().filter_map(|r| r["result"].as_str()).collect();
    assert_eq!(results, ["failure", "success", "success"], "{seen}");
    assert!(
        rows[1]["details"]
            .as_str()
            .unwrap_or_default()
            .contains("active"),
        "{seen}"
    );
    assert!(
        rows[0]["details"]
            .as_str()
            .unwrap_or_default()
            .contains("uniqueness"),
        "{seen}"
    );
    assert_eq!(seen["failures"], 1, "{seen}");
    let csv = seen["csv"].as_str().expect("csv");
    assert_eq!(csv.lines().count(), 2, "the failures only: {csv}");
    assert!(
        csv.contains("uniqueness") && csv.contains("userName already exists"),
        "{csv}"
    );
    assert_eq!(
        seen["audits"].as_object().map(|a| a.len()),
        Some(2),
        "{seen}"
    );
    server.stop().await;
}
