//! SAML error responses as a strict service provider sees them: `@node-saml/node-saml`
//! 5, which by default requires a signed Response, gets the IdP's reason (NoPassive,
//! RequestDenied) rather than "Invalid document signature".

use std::process::Command;

use entente_testkit::{TestServer, backends, form_action, hidden_field};
use reqwest::Method;
use serde_json::{Value, json};

use crate::node_client::node_clients_dir;

const ENTITY_ID: &str = "urn:contoso:node-saml";
const ACS: &str = "http://127.0.0.1:9/saml/acs";

/// Runs `saml_sp.mjs` with `command`; its JSON answer.
fn node_saml(command: &str, env: &[(&str, &str)]) -> Value {
    let dir = node_clients_dir();
    let output = Command::new("node")
        .arg("saml_sp.mjs")
        .arg(command)
        .envs(env.iter().copied())
        .current_dir(&dir)
        .output()
        .expect("node must be installed");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "saml_sp.mjs {command}: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

/// The IdP's signing certificate, from its metadata.
async fn idp_certificate(server: &TestServer, tenant: &str) -> String {
    let metadata = server
        .http
        .get(server.url(&format!("/{tenant}/saml2/metadata")))
        .send()
        .await
        .expect("metadata")
        .text()
        .await
        .expect("text");
    let start = metadata
        .find("<ds:X509Certificate>")
        .expect("a certificate")
        + "<ds:X509Certificate>".len();
    let end = metadata[start..]
        .find("</ds:X509Certificate>")
        .expect("its end")
        + start;
    metadata[start..end].to_owned()
}

/// node-saml's AuthnRequest, followed by a browser with `cookies`, and node-saml's
/// reading of the response Entente posts back.
async fn round_trip(server: &TestServer, env: &[(&str, &str)], cookies: &str) -> Value {
    let request = node_saml("authn", env);
    let url = request["url"].as_str().expect("url");
    let response = server
        .http
        .get(url)
        .header("cookie", cookies)
        .send()
        .await
        .expect("SSO");
    assert_eq!(response.status(), 200, "{url}");
    let page = response.text().await.expect("page");
    assert_eq!(form_action(&page).as_deref(), Some(ACS), "{page}");
    let saml_response = hidden_field(&page, "SAMLResponse").expect("SAMLResponse");
    let mut env = env.to_vec();
    env.push(("SAML_RESPONSE", &saml_response));
    node_saml("acs", &env)
}

/// Issue 16, finding 11: error responses went out unsigned, and node-saml answered
/// "Invalid document signature" for each.
#[tokio::test]
async fn node_saml_reads_the_reason_of_signed_error_responses() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let contoso = server.bootstrap().tenant_id.to_string();
        let token = server.api_token().await;
        let role_id = uuid::Uuid::new_v4().to_string();
        let (status, app) = server
            .call(
                Method::POST,
                "/v1.0/applications",
                Some(&token),
                Some(json!({
                    "displayName": "Timesheets (node-saml)",
                    "web": { "redirectUris": [ACS] },
                    "appRoles": [{
                        "id": role_id, "value": "Timesheets.User", "displayName": "User",
                        "allowedMemberTypes": ["User"], "isEnabled": true,
                    }],
                })),
            )
            .await;
        assert_eq!(status, 201, "{app}");
        let app_id = app["id"].as_str().expect("id").to_owned();
        // The application's choice is to sign both, which is what node-saml wants of
        // a success by default.
        let (status, settings) = server
            .call(
                Method::PUT,
                &format!("/v1.0/applications/{app_id}/samlSettings"),
                Some(&token),
                Some(json!({ "entityId": ENTITY_ID, "nameIdFormat": "emailAddress", "signing": "both" })),
            )
            .await;
        assert_eq!(status, 200, "{settings}");
        let certificate = idp_certificate(&server, &contoso).await;
        let sso = server.url(&format!("/{contoso}/saml2"));
        let env = [
            ("ENTRY_POINT", sso.as_str()),
            ("ISSUER", ENTITY_ID),
            ("CALLBACK_URL", ACS),
            ("IDP_CERT", certificate.as_str()),
        ];

        // A passive request with nobody signed in: NoPassive, which node-saml turns
        // into "no profile" only when the response is signed.
        let mut passive = env.to_vec();
        passive.push(("PASSIVE", "1"));
        let answer = round_trip(&server, &passive, "").await;
        assert_eq!(
            answer,
            json!({ "profile": null, "loggedOut": false }),
            "{backend:?}"
        );

        // Carol, signed in, holding the role: an assertion node-saml accepts.
        let carol = server
            .create_member("carol@contoso.com", "Carol", "carol's long password")
            .await;
        let (cookies, _) = server
            .browser_sign_in(
                &server.url(&format!("/{contoso}/login")),
                &carol.email,
                &carol.password,
            )
            .await
            .expect("Carol signs in");
        let (status, assigned) = server
            .call(
                Method::POST,
                &format!("/v1.0/users/{}/appRoleAssignments", carol.id),
                Some(&token),
                Some(
                    json!({ "principalId": carol.id, "resourceId": app_id, "appRoleId": role_id }),
                ),
            )
            .await;
        assert_eq!(status, 201, "{assigned}");
        let answer = round_trip(&server, &env, &cookies).await;
        assert_eq!(answer["error"], Value::Null, "{backend:?}: {answer}");
        assert_eq!(answer["profile"]["nameID"], "carol@contoso.com", "{answer}");

        // Dana, signed in but not assigned to an application that requires it:
        // RequestDenied, with the reason.
        let (status, _) = server
            .call(
                Method::PATCH,
                &format!("/v1.0/applications/{app_id}"),
                Some(&token),
                Some(json!({ "appRoleAssignmentRequired": true })),
            )
            .await;
        assert_eq!(status, 204);
        let dana = server
            .create_member("dana@contoso.com", "Dana", "dana's long password")
            .await;
        let (cookies, _) = server
            .browser_sign_in(
                &server.url(&format!("/{contoso}/login")),
                &dana.email,
                &dana.password,
            )
            .await
            .expect("Dana signs in");
        let answer = round_trip(&server, &env, &cookies).await;
        assert_eq!(
            answer,
            json!({ "error": "SAML provider returned Responder error: the user is not assigned to this application" }),
            "{backend:?}"
        );
        server.stop().await;
    }
}
