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
