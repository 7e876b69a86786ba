//! SCIM 2.0 discovery (issue 23, decision 0017): `ServiceProviderConfig`,
//! `ResourceTypes` and `Schemas` per tenant, as `application/scim+json`, answered only
//! to an application of the path's tenant holding `SCIM.ReadWrite.All`; every refusal
//! a SCIM error; on each backend.

use entente_testkit::{TestServer, backends, now};
use reqwest::StatusCode;
use serde_json::Value;

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

async fn get(server: &TestServer, path: &str, token: Option<&str>) -> (StatusCode, String, Value) {
    let mut request = server.http.get(server.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("the server answers");
    let status = response.status();
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, kind, body)
}

/// Runs scim2-tester (PyPI, unchanged, in a virtual environment of its own) against
/// `base` with `token`, only the checks tagged `tags`; answers each check's outcome.
pub(crate) async fn scim2_tester(base: &str, token: &str, tags: &[&str]) -> Vec<Value> {
    let python = entente_testkit::python::venv_python(
        "scim2-tester-0.5.2",
        &[
            "scim2-tester==0.5.2",
            "scim2-client==0.13.2",
            "scim2-models==0.12.3",
            "httpx2==2.17.0",
        ],
        "import scim2_tester, httpx2",
    );
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("clients/scim/check.py");
    let output = tokio::process::Command::new(python)
        .arg(script)
        .arg(base)
        .arg(token)
        .args(tags)
        .output()
        .await
        .expect("scim2-tester runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "scim2-tester failed: {}{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

#[tokio::test]
async fn scim_discovery_answers_the_tenants_provisioning_application_only() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let base = format!("/scim/v2/{tenant}");
        let token = |tenant, kind: &str, roles: &[&str]| {
            server.sign(&server.api_claims(tenant, uuid::Uuid::new_v4(), kind, roles, now()))
        };
        let provisioner = token(tenant, "app", &["SCIM.ReadWrite.All"]);

        let (status, kind, config) = get(
            &server,
            &format!("{base}/ServiceProviderConfig"),
            Some(&provisioner),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{config}");
        assert_eq!(kind, "application/scim+json");
        assert_eq!(
            config["schemas"][0],
            "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
        );
        for unsupported in ["bulk", "sort", "etag", "changePassword"] {
            assert_eq!(
                config[unsupported]["supported"], false,
                "{unsupported}: {config}"
            );
        }
        assert_eq!(
            config["authenticationSchemes"][0]["type"],
            "oauthbearertoken"
        );
        assert!(
            config["meta"]["location"]
                .as_str()
                .unwrap()
                .ends_with(&format!("{base}/ServiceProviderConfig")),
            "{config}"
        );

        let (status, _, types) = get(
            &server,
            &format!("{base}/ResourceTypes"),
            Some(&provisioner),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(types["totalResults"], 2, "{types}");
        let user = types["Resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == "User")
            .expect("User");
        assert_eq!(user["endpoint"], "/Users");
        assert_eq!(user["schema"], USER);
        assert_eq!(user["schemaExtensions"][0]["schema"], ENTERPRISE);
        let (status, _, group) = get(
            &server,
            &format!("{base}/ResourceTypes/Group"),
            Some(&provisioner),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(group["endpoint"], "/Groups");

        let (status, _, schemas) =
            get(&server, &format!("{base}/Schemas"), Some(&provisioner)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(schemas["totalResults"], 3, "{schemas}");
        let (status, _, core) = get(
            &server,
            &format!("{base}/Schemas/{USER}"),
            Some(&provisioner),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{core}");
        let user_name = core["attributes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == "userName")
            .expect("userName");
        assert_eq!(user_name["uniqueness"], "server");
        assert_eq!(user_name["required"], true);

        // Refusals, each a SCIM error.
        let (status, kind, error) = get(
            &server,
            &format!("{base}/ResourceTypes/Printer"),
            Some(&provisioner),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(kind, "application/scim+json");
        assert_eq!(
            error["schemas"][0],
            "urn:ietf:params:scim:api:messages:2.0:Error"
        );
        assert_eq!(error["status"], "404");
        let (status, _, error) = get(&server, &format!("{base}/Schemas"), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{error}");
        assert_eq!(error["status"], "401");
        let (status, _, error) =
            get(&server, &format!("{base}/Schemas"), Some("not-a-token")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{error}");
        let directory = token(tenant, "app", &["Directory.ReadWrite.All"]);
        let (status, _, error) = get(&server, &format!("{base}/Schemas"), Some(&directory)).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "the directory's permission is not SCIM's: {error}"
        );
        let carol = server
            .create_member("carol@contoso.com", "Carol Clark", "carol's long password")
            .await;
        let person = server.sign(&server.api_claims(
            tenant,
            carol.id.0,
            "user",
            &["SCIM.ReadWrite.All"],
            now(),
        ));
        let (status, _, _) = get(&server, &format!("{base}/Schemas"), Some(&person)).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "a person's token never provisions"
        );
        let stranger = server
            .partner_tenant(
                "Fabrikam",
                "fabrikam.example",
                "sam@fabrikam.example",
                "a long password",
                false,
            )
            .await;
        let theirs = token(stranger.tenant_id, "app", &["SCIM.ReadWrite.All"]);
        for path in [
            "ServiceProviderConfig",
            "ResourceTypes",
            "Schemas",
            "Schemas/x",
        ] {
            let (status, _, error) = get(&server, &format!("{base}/{path}"), Some(&theirs)).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {error}");
        }
        let (status, _, _) = get(
            &server,
            &format!("/scim/v2/{}/Schemas", stranger.tenant_id),
            Some(&theirs),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "its own tenant's");

        // scim2-tester, as published, finds the discovery documents valid.
        let checks: Vec<Value> = scim2_tester(&server.url(&base), &provisioner, &["discovery"])
            .await
            .into_iter()
            .filter(|c| c["reason"] != "Skipped due to tag filtering")
            .collect();
        assert!(checks.len() >= 3, "{checks:?}");
        eprintln!("scim2-tester, discovery: {} checks", checks.len());
        for check in &checks {
            assert!(
                ["SUCCESS", "COMPLIANT"].contains(&check["status"].as_str().unwrap_or_default()),
                "scim2-tester: {check}"
            );
        }
        server.stop().await;
    }
}

/// scim2-tester, as published, runs every check it has for the resource types served
/// (discovery, create, read, list with attributes, replace, delete, PATCH add,
/// remove and replace of each attribute) against Users and Groups, on each backend.
#[tokio::test]
async fn scim2_tester_passes_every_check_for_users_and_groups() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let token = server.sign(&server.api_claims(
            tenant,
            uuid::Uuid::new_v4(),
            "app",
            &["SCIM.ReadWrite.All"],
            now(),
        ));
        let base = server.url(&format!("/scim/v2/{tenant}"));
        let checks = scim2_tester(&base, &token, &[]).await;
        let failed: Vec<&Value> = checks
            .iter()
            .filter(|c| {
                !["SUCCESS", "COMPLIANT"].contains(&c["status"].as_str().unwrap_or_default())
            })
            .filter(|c| c["status"] != "SKIPPED")
            .collect();
        let skipped: Vec<&Value> = checks.iter().filter(|c| c["status"] == "SKIPPED").collect();
        eprintln!(
            "scim2-tester on {backend:?}: {} checks, {} skipped: {skipped:#?}",
            checks.len(),
            skipped.len()
        );
        assert!(failed.is_empty(), "{} failed: {failed:#?}", failed.len());
        // Every kind of check ran and passed for both resource types; the one kind
        // skipped is the root `/.search` (all resource types at once, answered 501).
        let passed: std::collections::BTreeSet<&str> = checks
            .iter()
            .filter(|c| c["status"] == "SUCCESS")
            .flat_map(|c| c["tags"].as_array().into_iter().flatten())
            .filter_map(Value::as_str)
            .collect();
        for tag in [
            "discovery",
            "crud:create",
            "crud:read",
            "crud:read:attributes",
            "crud:update",
            "crud:delete",
            "patch:add",
            "patch:remove",
            "patch:replace",
            "misc",
        ] {
            assert!(passed.contains(tag), "{tag} never passed: {passed:?}");
        }
        assert!(
            skipped
                .iter()
                .all(|c| c["title"] == "search_with_attributes"),
            "{skipped:#?}"
        );
        assert!(checks.len() >= 90, "every check ran: {}", checks.len());
        server.stop().await;
    }
}

/// One SCIM request with a bearer token: the status, the `Location` header and the
/// JSON body (null when there is none).
pub(crate) async fn call(
    server: &TestServer,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (StatusCode, Option<String>, Value) {
    let mut request = server
        .http
        .request(method, server.url(path))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request
            .header("content-type", "application/scim+json")
            .body(body.to_string());
    }
    let response = request.send().await.expect("the server answers");
    let status = response.status();
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let text = response.text().await.unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    (status, location, body)
}

pub(crate) fn patch_op(ops: Value) -> Value {
    serde_json::json!({ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": ops })
}

pub(crate) fn provisioner(server: &TestServer) -> String {
    server.sign(&server.api_claims(
        server.bootstrap().tenant_id,
        uuid::Uuid::new_v4(),
        "app",
        &["SCIM.ReadWrite.All"],
        now(),
    ))
}

/// The requests Microsoft Entra ID's provisioning service sends, in its order, as its
/// documentation of a SCIM endpoint's tests lists them (test connection, create,
/// read, update, disable, delete; groups with members), with its quirks: capitalized
/// operation names, `"False"` as a string, the manager as a bare id, a path-less
/// `Replace` with dotted keys, and `Remove` of members by value.
#[tokio::test]
async fn entra_ids_provisioning_requests_are_served() {
    use reqwest::Method;
    use serde_json::json;
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let token = provisioner(&server);
        let base = format!("/scim/v2/{tenant}");
        let users = format!("{base}/Users");

        // Test connection: a user that does not exist is an empty list.
        let (status, _, list) = call(
            &server,
            Method::GET,
            &format!("{users}?filter=userName+eq+%22{}%22", uuid::Uuid::new_v4()),
            &token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{list}");
        assert_eq!(list["totalResults"], 0);
        assert_eq!(list["Resources"], json!([]));

        // Create: Entra first looks the user up by its matching attribute, then posts.
        let user_name = "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1";
        let (status, location, created) = call(
            &server,
            Method::POST,
            &users,
            &token,
            Some(json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
                "userName": user_name,
                "active": true,
                "emails": [{ "primary": true, "type": "work", "value": "Test_User_fd0e@contoso.entente.test" }],
                "meta": { "resourceType": "User" },
                "name": { "formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName" },
                "roles": [],
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "701984", "department": "Tour Operations" },
            })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let id = created["id"].as_str().expect("id").to_owned();
        assert_eq!(
            location.as_deref(),
            Some(server.url(&format!("{users}/{id}")).as_str())
        );
        assert_eq!(
            created["userName"], user_name,
            "a plain name keeps its case"
        );
        assert_eq!(
            created["externalId"],
            "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"
        );
        assert_eq!(created["displayName"], "givenName familyName");
        assert_eq!(
            created["emails"][0]["value"],
            "Test_User_fd0e@contoso.entente.test"
        );
        assert_eq!(
            created["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]["department"],
            "Tour Operations"
        );
        assert_eq!(created["meta"]["resourceType"], "User");

        // A second create of the same userName is a uniqueness conflict.
        let (status, _, conflict) = call(
            &server,
            Method::POST,
            &users,
            &token,
            Some(json!({ "schemas": [USER], "userName": user_name, "active": true })),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{conflict}");
        assert_eq!(conflict["scimType"], "uniqueness");

        // Get, and get by query.
        let (status, _, got) =
            call(&server, Method::GET, &format!("{users}/{id}"), &token, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(got["name"]["familyName"], "familyName");
        let (_, _, found) = call(
            &server,
            Method::GET,
            &format!("{users}?filter=userName%20eq%20%22{user_name}%22"),
            &token,
            None,
        )
        .await;
        assert_eq!(found["totalResults"], 1, "{found}");
        assert_eq!(found["Resources"][0]["id"], id.as_str());
        let (_, _, found) = call(
            &server,
            Method::GET,
            &format!("{users}?filter=externalId%20eq%20%220a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef%22"),
            &token,
            None,
        )
        .await;
        assert_eq!(found["totalResults"], 1, "{found}");

        // Update: a multi-valued attribute by its filter, and a sub-attribute.
        let (status, _, patched) = call(
            &server,
            Method::PATCH,
            &format!("{users}/{id}"),
            &token,
            Some(patch_op(json!([
                { "op": "Replace", "path": "emails[type eq \"work\"].value", "value": "updatedEmail@contoso.entente.test" },
                { "op": "Replace", "path": "name.familyName", "value": "updatedFamilyName" },
            ]))),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{patched}");
        assert_eq!(
            patched["emails"][0]["value"],
            "updatedEmail@contoso.entente.test"
        );
        assert_eq!(patched["name"]["familyName"], "updatedFamilyName");
        let (_, _, found) = call(
            &server,
            Method::GET,
            &format!("{users}?filter=emails%5Btype%20eq%20%22work%22%5D.value%20eq%20%22updatedemail%40contoso.entente.test%22"),
            &token,
            None,
        )
        .await;
        assert_eq!(
            found["totalResults"], 1,
            "filtered on the work address: {found}"
        );

        // Single-valued: userName (an address in the tenant's domain), the manager as
        // a bare id, and a path-less Replace with dotted keys.
        let manager = server
            .create_member(
                "mia@contoso.entente.test",
                "Mia Manager",
                "mia's long password",
            )
            .await;
        let (status, _, patched) = call(
            &server,
            Method::PATCH,
            &format!("{users}/{id}"),
            &token,
            Some(patch_op(json!([
                { "op": "Replace", "path": "userName", "value": "5b50642d@contoso.entente.test" },
                { "op": "Add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "value": manager.id.to_string() },
                { "op": "Replace", "value": { "displayName": "Updated Name", "name.givenName": "Updated" } },
            ]))),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{patched}");
        assert_eq!(patched["userName"], "5b50642d@contoso.entente.test");
        assert_eq!(patched["displayName"], "Updated Name");
        assert_eq!(patched["name"]["givenName"], "Updated");
        assert_eq!(
            patched["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]["manager"]["value"],
            manager.id.to_string()
        );
        // Another organization's domain is no principal name here.
        let (status, _, refused) = call(
            &server,
            Method::PATCH,
            &format!("{users}/{id}"),
            &token,
            Some(patch_op(
                json!([{ "op": "Replace", "path": "userName", "value": "x@fabrikam.example" }]),
            )),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
        assert_eq!(refused["scimType"], "invalidValue");

        // Disable, as "False" (Entra's string), and read it back as false; the user is kept.
        let (status, _, disabled) = call(
            &server,
            Method::PATCH,
            &format!("{users}/{id}"),
            &token,
            Some(patch_op(
                json!([{ "op": "Replace", "path": "active", "value": "False" }]),
            )),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{disabled}");
        assert_eq!(disabled["active"], false);
        let (_, _, inactive) = call(
            &server,
            Method::GET,
            &format!("{users}?filter=active%20eq%20false"),
            &token,
            None,
        )
        .await;
        assert_eq!(inactive["totalResults"], 1, "{inactive}");
        let graph = server.sign(&server.api_claims(
            tenant,
            uuid::Uuid::new_v4(),
            "app",
            &["User.Read.All"],
            now(),
        ));
        let account = server
            .http
            .get(server.url(&format!("/v1.0/users/{id}?$select=accountEnabled")))
            .bearer_auth(&graph)
            .send()
            .await
            .expect("graph")
            .json::<Value>()
            .await
            .expect("json");
        assert_eq!(account["accountEnabled"], false, "{account}");

        // Groups: create, read without members, find by name, rename, add and remove
        // a member, delete.
        let groups = format!("{base}/Groups");
        let (status, _, group) = call(
            &server,
            Method::POST,
            &groups,
            &token,
            Some(json!({
                "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
                "id": "c4e4ac5c-5d7b-4e6f-8d1e-1a2b3c4d5e6f",
                "displayName": "displayName",
                "meta": { "resourceType": "Group" },
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{group}");
        let gid = group["id"].as_str().expect("id").to_owned();
        assert_ne!(
            gid, "c4e4ac5c-5d7b-4e6f-8d1e-1a2b3c4d5e6f",
            "the server makes the id"
        );
        let (status, _, read) = call(
            &server,
            Method::GET,
            &format!("{groups}/{gid}?excludedAttributes=members"),
            &token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(read.get("members").is_none(), "{read}");
        assert_eq!(read["externalId"], "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159");
        let (_, _, found) = call(
            &server,
            Method::GET,
            &format!(
                "{groups}?excludedAttributes=members&filter=displayName%20eq%20%22displayName%22"
            ),
            &token,
            None,
        )
        .await;
        assert_eq!(found["totalResults"], 1, "{found}");
        let (status, _, _) = call(
            &server,
            Method::PATCH,
            &format!("{groups}/{gid}"),
            &token,
            Some(patch_op(json!([{ "op": "Replace", "path": "displayName", "value": "1879db59updatedDisplayName" }]))),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let (status, _, added) = call(
            &server,
            Method::PATCH,
            &format!("{groups}/{gid}?attributes=members"),
            &token,
            Some(patch_op(json!([{ "op": "Add", "path": "members", "value": [{ "$ref": null, "value": id }] }]))),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{added}");
        assert_eq!(added["members"][0]["value"], id.as_str());
        let (_, _, member) =
            call(&server, Method::GET, &format!("{users}/{id}"), &token, None).await;
        assert_eq!(member["groups"][0]["display"], "1879db59updatedDisplayName");
        let (status, _, removed) = call(
            &server,
            Method::PATCH,
            &format!("{groups}/{gid}?attributes=members"),
            &token,
            Some(patch_op(json!([{ "op": "Remove", "path": "members", "value": [{ "$ref": null, "value": id }] }]))),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{removed}");
        assert_eq!(removed["members"], json!([]));
        let (status, _, _) = call(
            &server,
            Method::DELETE,
            &format!("{groups}/{gid}"),
            &token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _, _) = call(
            &server,
            Method::GET,
            &format!("{groups}/{gid}"),
            &token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // Delete the user: gone from SCIM, in Graph's deleted items.
        let (status, _, _) = call(
            &server,
            Method::DELETE,
            &format!("{users}/{id}"),
            &token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _, gone) =
            call(&server, Method::GET, &format!("{users}/{id}"), &token, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(gone["status"], "404");

        // Each change is in the audit log, attributed to the application.
        let auditor = server.sign(&server.api_claims(
            tenant,
            uuid::Uuid::new_v4(),
            "app",
            &["AuditLog.Read.All"],
            now(),
        ));
        let audit = server
            .http
            .get(server.url("/v1.0/auditLogs/directoryAudits?$top=999"))
            .bearer_auth(&auditor)
            .send()
            .await
            .expect("audit")
            .text()
            .await
            .expect("text");
        for action in [
            "Add user",
            "Update user",
            "Delete user",
            "Add group",
            "Update group",
            "Add member to group",
            "Remove member from group",
            "Delete group",
        ] {
            assert!(audit.contains(action), "{action}: {audit}");
        }
        assert!(audit.contains("SCIM"), "the source is recorded");
        server.stop().await;
    }
}

/// The requests Okta's SCIM 2.0 provisioning sends, as its protocol reference lists
/// them: the test connection with `startIndex`/`count`, a create with a password and
/// `groups: []`, an import paging two at a time, a profile push as PUT, deactivation
/// and reactivation by a path-less `replace`, and group push (create, rename with the
/// id repeated, members added and removed by filter, PUT, delete).
#[tokio::test]
async fn oktas_provisioning_requests_are_served() {
    use reqwest::Method;
    use serde_json::json;
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let token = provisioner(&server);
        let users = format!("/scim/v2/{tenant}/Users");
        let groups = format!("/scim/v2/{tenant}/Groups");

        let (status, _, list) = call(
            &server,
            Method::GET,
            &format!("{users}?filter=userName%20eq%20%22test.user%40contoso.entente.test%22&startIndex=1&count=100"),
            &token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{list}");
        assert_eq!(list["totalResults"], 0);
        assert_eq!(list["startIndex"], 1);

        let (status, _, created) = call(
            &server,
            Method::POST,
            &users,
            &token,
            Some(json!({
                "schemas": [USER],
                "userName": "test.user@contoso.entente.test",
                "name": { "givenName": "Test", "familyName": "User" },
                "emails": [{ "primary": true, "value": "test.user@contoso.entente.test", "type": "work" }],
                "displayName": "Test User",
                "locale": "en-US",
                "externalId": "00ujl29u0le5T6Aj10h7",
                "groups": [],
                "password": "1mz050nq-a long enough one",
                "active": true,
            })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let id = created["id"].as_str().expect("id").to_owned();
        assert!(
            created.get("password").is_none(),
            "never returned: {created}"
        );
        assert_eq!(created["locale"], "en-US", "kept as sent");
        // The password works: the user signs in with it.
        let login = server.url(&format!("/{tenant}/login"));
        server
            .browser_sign_in(
                &login,
                "test.user@contoso.entente.test",
                "1mz050nq-a long enough one",
            )
            .await
            .expect("the SCIM password is the user's password");

        // Import: two at a time, by startIndex.
        for n in 0..3 {
            server
                .create_member(
                    &format!("import{n}@contoso.entente.test"),
                    &format!("Import {n}"),
                    "a long password here",
                )
                .await;
        }
        let mut seen = Vec::new();
        let mut start = 1;
        loop {
            let (_, _, page) = call(
                &server,
                Method::GET,
                &format!("{users}?startIndex={start}&count=2"),
                &token,
                None,
            )
            .await;
            let total = page["totalResults"].as_i64().expect("total");
            let items = page["Resources"].as_array().expect("resources").clone();
            assert!(items.len() <= 2, "{page}");
            assert_eq!(page["startIndex"], start);
            seen.extend(
                items
                    .iter()
                    .map(|u| u["id"].as_str().unwrap_or_default().to_owned()),
            );
            start += 2;
            if start > total {
                assert_eq!(seen.len() as i64, total, "every user once");
                break;
            }
        }
        let unique: std::collections::BTreeSet<&String> = seen.iter().collect();
        assert_eq!(unique.len(), seen.len());
        assert!(seen.contains(&id));

        // Profile push: PUT with the whole user; what it leaves out is cleared.
        let (status, _, replaced) = call(
            &server,
            Method::PUT,
            &format!("{users}/{id}"),
            &token,
            Some(json!({
                "schemas": [USER],
                "id": id,
                "userName": "test.user@contoso.entente.test",
                "name": { "givenName": "Another", "familyName": "User" },
                "emails": [{ "primary": true, "value": "another.user@contoso.entente.test", "type": "work" }],
                "displayName": "Another User",
                "active": true,
            })),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{replaced}");
        assert_eq!(replaced["displayName"], "Another User");
        assert_eq!(
            replaced["emails"][0]["value"],
            "another.user@contoso.entente.test"
        );
        assert!(replaced.get("locale").is_none(), "cleared: {replaced}");
        assert!(replaced.get("externalId").is_none(), "cleared: {replaced}");

        // Deactivate and reactivate.
        for active in [false, true] {
            let (status, _, changed) = call(
                &server,
                Method::PATCH,
                &format!("{users}/{id}"),
                &token,
                Some(patch_op(
                    json!([{ "op": "replace", "value": { "active": active } }]),
                )),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{changed}");
            assert_eq!(changed["active"], active);
        }
        // Deactivated, the user cannot sign in; it is still listed.
        let (_, _, _) = call(
            &server,
            Method::PATCH,
            &format!("{users}/{id}"),
            &token,
            Some(patch_op(
                json!([{ "op": "replace", "value": { "active": false } }]),
            )),
        )
        .await;
        assert!(
            server
                .browser_sign_in(
                    &login,
                    "test.user@contoso.entente.test",
                    "1mz050nq-a long enough one"
                )
                .await
                .is_err(),
            "a deactivated user cannot sign in"
        );

        // Group push.
        let (status, _, group) = call(
            &server,
            Method::POST,
            &groups,
            &token,
            Some(json!({ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Test SCIMv2", "members": [] })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{group}");
        let gid = group["id"].as_str().expect("id").to_owned();
        let (_, _, listed) = call(
            &server,
            Method::GET,
            &format!("{groups}?startIndex=1&count=100"),
            &token,
            None,
        )
        .await;
        assert_eq!(listed["totalResults"], 1, "{listed}");
        let (status, _, renamed) = call(
            &server,
            Method::PATCH,
            &format!("{groups}/{gid}"),
            &token,
            Some(patch_op(json!([{ "op": "replace", "value": { "id": gid, "displayName": "Test SCIMv2 renamed" } }]))),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{renamed}");
        assert_eq!(renamed["displayName"], "Test SCIMv2 renamed");
        let (status, _, _) = call(
            &server,
            Method::PATCH,
            &format!("{groups}/{gid}"),
            &token,
            Some(patch_op(json!([{ "op": "add", "path": "members", "value": [{ "value": id, "display": "test.user@contoso.entente.test" }] }]))),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let (_, _, read) = call(
            &server,
            Method::GET,
            &format!("{groups}/{gid}"),
            &token,
            None,
        )
        .await;
        assert_eq!(read["members"][0]["value"], id.as_str(), "{read}");
        let (status, _, _) = call(
            &server,
            Method::PATCH,
            &format!("{groups}/{gid}"),
            &token,
            Some(patch_op(
                json!([{ "op": "remove", "path": format!("members[value eq \"{id}\"]") }]),
            )),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let (status, _, put) = call(
            &server,
            Method::PUT,
            &format!("{groups}/{gid}"),
            &token,
            Some(json!({ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": gid, "displayName": "Test SCIMv2", "members": [{ "value": id }] })),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{put}");
        assert_eq!(put["members"].as_array().map(Vec::len), Some(1));
        let (status, _, _) = call(
            &server,
            Method::DELETE,
            &format!("{groups}/{gid}"),
            &token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        server.stop().await;
    }
}

/// A SCIM token of one tenant sees nothing of another on any route (404, as for an
/// id that does not exist), and an id of another tenant's user or group is nothing to
/// it either; errors are SCIM's.
#[tokio::test]
async fn scim_routes_keep_tenants_apart() {
    use reqwest::Method;
    use serde_json::json;
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let ours = provisioner(&server);
        let stranger = server
            .partner_tenant(
                "Fabrikam",
                "fabrikam.example",
                "sam@fabrikam.example",
                "a long password",
                false,
            )
            .await;
        let theirs = server.sign(&server.api_claims(
            stranger.tenant_id,
            uuid::Uuid::new_v4(),
            "app",
            &["SCIM.ReadWrite.All"],
            now(),
        ));
        let (_, _, user) = call(
            &server,
            Method::POST,
            &format!("/scim/v2/{tenant}/Users"),
            &ours,
            Some(json!({ "userName": "kim@contoso.entente.test", "displayName": "Kim" })),
        )
        .await;
        let uid = user["id"].as_str().expect("id").to_owned();
        let (_, _, group) = call(
            &server,
            Method::POST,
            &format!("/scim/v2/{tenant}/Groups"),
            &ours,
            Some(json!({ "displayName": "Ours", "members": [{ "value": uid }] })),
        )
        .await;
        let gid = group["id"].as_str().expect("id").to_owned();
        let ours_base = format!("/scim/v2/{tenant}");
        let body = json!({ "userName": "x@contoso.entente.test", "displayName": "X" });
        let patch = patch_op(json!([{ "op": "replace", "path": "displayName", "value": "Taken" }]));
        let routes: Vec<(Method, String, Option<Value>)> = vec![
            (Method::GET, format!("{ours_base}/Users"), None),
            (
                Method::POST,
                format!("{ours_base}/Users"),
                Some(body.clone()),
            ),
            (Method::GET, format!("{ours_base}/Users/{uid}"), None),
            (
                Method::PUT,
                format!("{ours_base}/Users/{uid}"),
                Some(body.clone()),
            ),
            (
                Method::PATCH,
                format!("{ours_base}/Users/{uid}"),
                Some(patch.clone()),
            ),
            (Method::DELETE, format!("{ours_base}/Users/{uid}"), None),
            (Method::GET, format!("{ours_base}/Groups"), None),
            (
                Method::POST,
                format!("{ours_base}/Groups"),
                Some(json!({ "displayName": "G" })),
            ),
            (Method::GET, format!("{ours_base}/Groups/{gid}"), None),
            (
                Method::PUT,
                format!("{ours_base}/Groups/{gid}"),
                Some(json!({ "displayName": "G" })),
            ),
            (
                Method::PATCH,
                format!("{ours_base}/Groups/{gid}"),
                Some(patch.clone()),
            ),
            (Method::DELETE, format!("{ours_base}/Groups/{gid}"), None),
            (
                Method::POST,
                format!("{ours_base}/.search"),
                Some(json!({})),
            ),
        ];
        for (method, path, body) in &routes {
            let (status, _, error) =
                call(&server, method.clone(), path, &theirs, body.clone()).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}: {error}");
            assert_eq!(
                error["schemas"][0],
                "urn:ietf:params:scim:api:messages:2.0:Error"
            );
        }
        // Through its own tenant's path, our ids are no resources of theirs.
        let theirs_base = format!("/scim/v2/{}", stranger.tenant_id);
        for path in [
            format!("{theirs_base}/Users/{uid}"),
            format!("{theirs_base}/Groups/{gid}"),
        ] {
            let (status, _, _) = call(&server, Method::GET, &path, &theirs, None).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
            let (status, _, _) = call(&server, Method::DELETE, &path, &theirs, None).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        }
        let (_, _, listed) = call(
            &server,
            Method::GET,
            &format!("{theirs_base}/Users?filter=userName%20eq%20%22kim%40contoso.entente.test%22"),
            &theirs,
            None,
        )
        .await;
        assert_eq!(listed["totalResults"], 0, "{listed}");
        // Their group cannot take our user as a member.
        let (status, _, refused) = call(
            &server,
            Method::POST,
            &format!("{theirs_base}/Groups"),
            &theirs,
            Some(json!({ "displayName": "Theirs", "members": [{ "value": uid }] })),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
        assert_eq!(refused["scimType"], "invalidValue");
        // Ours are untouched.
        let (status, _, still) = call(
            &server,
            Method::GET,
            &format!("{ours_base}/Groups/{gid}"),
            &ours,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(still["displayName"], "Ours");
        assert_eq!(still["members"][0]["value"], uid.as_str());

        // Malformed requests are SCIM errors with their scimType.
        for (method, path, body, kind) in [
            (
                Method::GET,
                format!("{ours_base}/Users?filter=userName%20eq"),
                None,
                "invalidFilter",
            ),
            (
                Method::GET,
                format!("{ours_base}/Users?filter=title%20eq%20%22x%22"),
                None,
                "invalidFilter",
            ),
            (
                Method::PATCH,
                format!("{ours_base}/Users/{uid}"),
                Some(json!({ "Operations": [] })),
                "invalidSyntax",
            ),
            (
                Method::PATCH,
                format!("{ours_base}/Users/{uid}"),
                Some(patch_op(
                    json!([{ "op": "replace", "path": "id", "value": "x" }]),
                )),
                "mutability",
            ),
            (
                Method::POST,
                format!("{ours_base}/Users"),
                Some(json!({ "displayName": "No name" })),
                "invalidValue",
            ),
        ] {
            let (status, _, error) = call(&server, method.clone(), &path, &ours, body).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{method} {path}: {error}");
            assert_eq!(error["scimType"], kind, "{path}: {error}");
        }
        server.stop().await;
    }
}
