//! The SAML 2.0 identity provider, checked by pysaml2 (with xmlsec1) as the service
//! provider: SP-initiated sign-in of a member and of a guest with the signature
//! verified and the attributes read, refusals as SAML error responses, IdP-initiated
//! sign-in, single logout, metadata import and certificate rollover.

use entente_testkit::saml::ServiceProvider;
use entente_testkit::{TestServer, backends, form_action, hidden_field};
use reqwest::Method;
use serde_json::{Value, json};

// pysaml2 names the ADFS claim URIs it knows by their friendly names.
const CLAIM_EMAIL: &str = "emailAddress";
const CLAIM_DISPLAY_NAME: &str = "http://schemas.microsoft.com/identity/claims/displayname";
const CLAIM_OID: &str = "http://schemas.microsoft.com/identity/claims/objectidentifier";
const CLAIM_IDP: &str = "http://schemas.microsoft.com/identity/claims/identityprovider";
const CLAIM_ALTSECID: &str = "urn:entente:claims:altsecid";
const CLAIM_GROUPS: &str = "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups";
const CLAIM_ROLE: &str = "role";

/// Follows a URL with the browser's cookies to the page that posts a SAML message;
/// answers the form's action and its `SAMLResponse`.
async fn posted(server: &TestServer, url: &str, cookies: &str) -> (String, String) {
    let response = server
        .http
        .get(url)
        .header("cookie", cookies)
        .send()
        .await
        .expect("GET");
    let status = response.status();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap_or_default().to_owned());
    let html = response.text().await.unwrap_or_default();
    assert_eq!(status, 200, "{url} -> {location:?}: {html}");
    let action = form_action(&html).unwrap_or_else(|| panic!("a form in {html}"));
    let message =
        hidden_field(&html, "SAMLResponse").unwrap_or_else(|| panic!("SAMLResponse in {html}"));
    (action, message)
}

/// One SP-initiated sign-in of a signed-in browser: pysaml2's AuthnRequest over the
/// Redirect binding, Entente's answer, and what pysaml2 makes of it.
async fn round_trip(
    server: &TestServer,
    sp: &ServiceProvider,
    idp_metadata: &str,
    cookies: &str,
) -> Value {
    let request = sp.run("authn", json!({ "idp_metadata": idp_metadata }));
    let (_, response) = posted(server, request["url"].as_str().unwrap(), cookies).await;
    sp.run(
        "acs",
        json!({ "idp_metadata": idp_metadata, "saml_response": response,
                "request_id": request["request_id"] }),
    )
}

fn values(identity: &Value, claim: &str) -> Vec<String> {
    identity["attributes"][claim]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

struct SamlApp {
    id: String,
    role_id: String,
}

/// Registers the service provider as an application with an app role.
async fn register(
    server: &TestServer,
    token: &str,
    sp: &ServiceProvider,
    entity_id: &str,
) -> SamlApp {
    let role_id = uuid::Uuid::new_v4().to_string();
    let (status, app) = server
        .call(
            Method::POST,
            "/v1.0/applications",
            Some(token),
            Some(json!({
                "displayName": "Expenses (SAML)",
                "web": { "redirectUris": [sp.acs()] },
                "appRoles": [{
                    "id": role_id, "value": "Expenses.Approver", "displayName": "Approver",
                    "allowedMemberTypes": ["User"], "isEnabled": true,
                }],
            })),
        )
        .await;
    assert_eq!(status, 201, "{app}");
    let id = app["id"].as_str().expect("id").to_owned();
    let (status, settings) = server
        .call(
            Method::PUT,
            &format!("/v1.0/applications/{id}/samlSettings"),
            Some(token),
            Some(json!({
                "entityId": entity_id, "nameIdFormat": "emailAddress", "signing": "both",
                "logoutUrl": sp.slo(),
            })),
        )
        .await;
    assert_eq!(status, 200, "{settings}");
    assert_eq!(settings["signing"], "both");
    SamlApp { id, role_id }
}

async fn metadata(server: &TestServer, tenant: &str) -> String {
    let response = server
        .http
        .get(server.url(&format!("/{tenant}/saml2/metadata")))
        .send()
        .await
        .expect("metadata");
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/samlmetadata+xml"
    );
    response.text().await.expect("text")
}

#[tokio::test]
async fn a_member_and_a_guest_sign_in_to_a_saml_app_checked_by_pysaml2() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let contoso = server.bootstrap().tenant_id.to_string();
        let token = server.api_token().await;
        let entity_id = "urn:contoso:expenses";
        let sp = ServiceProvider::new(entity_id, "http://127.0.0.1:9");
        let app = register(&server, &token, &sp, entity_id).await;
        let idp_metadata = metadata(&server, &contoso).await;
        assert!(
            idp_metadata.contains("<md:SingleSignOnService"),
            "{idp_metadata}"
        );
        assert_eq!(idp_metadata.matches("<ds:X509Certificate>").count(), 1);

        // Carol, a member in a group, holding the app role.
        let carol = server
            .create_member(
                "carol@contoso.com",
                "Carol <Finance>",
                "carol's long password",
            )
            .await;
        let (status, group) = server
            .call(
                Method::POST,
                "/v1.0/groups",
                Some(&token),
                Some(json!({ "displayName": "Finance", "mailEnabled": false, "securityEnabled": true, "mailNickname": "finance" })),
            )
            .await;
        assert_eq!(status, 201, "{group}");
        let group_id = group["id"].as_str().expect("group id").to_owned();
        let (status, body) = server
            .call(
                Method::POST,
                &format!("/v1.0/groups/{group_id}/members/$ref"),
                Some(&token),
                Some(json!({ "@odata.id": format!("https://graph.microsoft.com/v1.0/directoryObjects/{}", carol.id) })),
            )
            .await;
        assert_eq!(status, 204, "{body}");
        let (status, body) = server
            .call(
                Method::POST,
                &format!("/v1.0/users/{}/appRoleAssignments", carol.id),
                Some(&token),
                Some(json!({ "principalId": carol.id, "resourceId": app.id, "appRoleId": app.role_id })),
            )
            .await;
        assert_eq!(status, 201, "{body}");

        // SP-initiated: the AuthnRequest over HTTP-Redirect, Carol not signed in yet.
        let request = sp.run(
            "authn",
            json!({ "idp_metadata": idp_metadata, "relay_state": "/reports" }),
        );
        let url = request["url"].as_str().expect("url");
        let first = server.http.get(url).send().await.expect("SSO");
        assert_eq!(first.status(), 303, "to sign in first");
        let to_login = first.headers()["location"].to_str().unwrap().to_owned();
        // Nothing is stored for a browser that is not signed in: the request's own
        // address brings it back after signing in.
        assert!(
            to_login.starts_with(&format!(
                "/{contoso}/login?return_to=%2F{contoso}%2Fsaml2%3FSAMLRequest%3D"
            )),
            "{to_login}"
        );
        let (cookies, back) = server
            .browser_sign_in(&server.url(&to_login), &carol.email, &carol.password)
            .await
            .expect("Carol signs in");
        assert!(
            back.starts_with(&format!("/{contoso}/saml2?SAMLRequest=")),
            "{back}"
        );
        let (action, response) = posted(&server, &server.url(&back), &cookies).await;
        assert_eq!(action, sp.acs());

        let identity = sp.run(
            "acs",
            json!({ "idp_metadata": idp_metadata, "saml_response": response,
                    "request_id": request["request_id"], "want_response_signed": true }),
        );
        assert_eq!(
            identity["error"],
            Value::Null,
            "pysaml2 accepted it: {identity}"
        );
        assert_eq!(
            identity["issuer"],
            format!("{}/{contoso}/saml2", server.base_url)
        );
        assert_eq!(identity["name_id"], "carol@contoso.com");
        assert_eq!(identity["in_response_to"], request["request_id"]);
        assert_eq!(
            (
                identity["response_signed"].as_bool(),
                identity["assertion_signed"].as_bool()
            ),
            (Some(true), Some(true))
        );
        assert_eq!(
            values(&identity, CLAIM_EMAIL),
            ["carol@contoso.com"],
            "{identity}"
        );
        assert_eq!(values(&identity, CLAIM_OID), [carol.id.to_string()]);
        assert_eq!(
            values(&identity, CLAIM_DISPLAY_NAME),
            ["Carol <Finance>"],
            "markup stays text"
        );
        assert_eq!(values(&identity, CLAIM_GROUPS), [group_id.as_str()]);
        assert_eq!(values(&identity, CLAIM_ROLE), ["Expenses.Approver"]);
        assert!(
            values(&identity, CLAIM_IDP).is_empty(),
            "a member has no home IdP"
        );

        // ForceAuthn: signed in or not, Carol signs in again; the request is kept
        // meanwhile (it must know when it came) and answered once.
        let forced = sp.run(
            "authn",
            json!({ "idp_metadata": idp_metadata, "force_authn": true }),
        );
        let first = server
            .http
            .get(forced["url"].as_str().unwrap())
            .header("cookie", &cookies)
            .send()
            .await
            .unwrap();
        assert_eq!(first.status(), 303, "signed in, but asked to sign in again");
        let to_login = first.headers()["location"].to_str().unwrap().to_owned();
        assert!(to_login.contains("saml2%2Fcontinue%2F"), "{to_login}");
        assert!(to_login.ends_with("&prompt=login"), "{to_login}");
        let (cookies, back) = server
            .browser_sign_in(&server.url(&to_login), &carol.email, &carol.password)
            .await
            .expect("Carol signs in again");
        let (_, response) = posted(&server, &server.url(&back), &cookies).await;
        let identity = sp.run(
            "acs",
            json!({ "idp_metadata": idp_metadata, "saml_response": response,
                    "request_id": forced["request_id"] }),
        );
        assert_eq!(identity["name_id"], "carol@contoso.com", "{identity}");
        let again = server
            .http
            .get(server.url(&back))
            .header("cookie", &cookies)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 404, "a kept request is answered once");

        // Signed in, the next request is answered at once (no sign-in page).
        let identity = round_trip(&server, &sp, &idp_metadata, &cookies).await;
        assert_eq!(identity["name_id"], "carol@contoso.com", "{identity}");

        // A guest: Alice from Fabrikam, invited and redeemed, signs in at home.
        let alice = server
            .partner_tenant(
                "Fabrikam",
                "fabrikam.com",
                "alice@fabrikam.com",
                "alice's home password",
                false,
            )
            .await;
        let (status, invited) = server
            .call(
                Method::POST,
                "/v1.0/invitations",
                Some(&token),
                Some(json!({ "invitedUserEmailAddress": "alice@fabrikam.com", "inviteRedirectUrl": "https://expenses.contoso.com/", "sendInvitationMessage": false })),
            )
            .await;
        assert_eq!(status, 201, "{invited}");
        let guest_id = invited["invitedUser"]["id"].as_str().unwrap().to_owned();
        let link = invited["inviteRedeemUrl"].as_str().unwrap().to_owned();
        let (alice_cookies, _) = server
            .browser_sign_in(
                &server.url(&format!("/{}/login", alice.tenant_id)),
                "alice@fabrikam.com",
                "alice's home password",
            )
            .await
            .expect("Alice signs in at home");
        let page = server
            .http
            .get(&link)
            .header("cookie", &alice_cookies)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = hidden_field(&page, "csrf").expect("the accept form");
        let accepted = server
            .http
            .post(format!("{link}/accept"))
            .header("cookie", &alice_cookies)
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(accepted.status(), 303);

        let identity = round_trip(&server, &sp, &idp_metadata, &alice_cookies).await;
        assert_eq!(identity["error"], Value::Null, "{identity}");
        assert_eq!(identity["name_id"], "alice@fabrikam.com");
        assert_eq!(
            values(&identity, CLAIM_OID),
            [guest_id.as_str()],
            "the guest object of Contoso"
        );
        assert_eq!(
            values(&identity, CLAIM_IDP),
            [format!("{}/{}/v2.0", server.base_url, alice.tenant_id)]
        );
        assert_eq!(
            values(&identity, CLAIM_ALTSECID),
            [format!("{}:{}", alice.tenant_id, alice.id)]
        );
        assert!(
            values(&identity, CLAIM_ROLE).is_empty(),
            "Alice holds no role"
        );

        // The application now requires assignment: Alice, unassigned, gets a SAML
        // error response (RequestDenied), which pysaml2 raises, not an assertion.
        let (status, _) = server
            .call(
                Method::PATCH,
                &format!("/v1.0/applications/{}", app.id),
                Some(&token),
                Some(json!({ "appRoleAssignmentRequired": true })),
            )
            .await;
        assert_eq!(status, 204);
        let refused = round_trip(&server, &sp, &idp_metadata, &alice_cookies).await;
        assert_eq!(refused["error"], "StatusRequestDenied", "{refused}");

        // Carol, assigned, still gets in.
        let identity = round_trip(&server, &sp, &idp_metadata, &cookies).await;
        assert_eq!(identity["name_id"], "carol@contoso.com", "{identity}");

        // Contoso blocks Alice's guest object: her home session is still good, and the
        // service provider gets RequestDenied for her, not an assertion.
        let (status, _) = server
            .call(Method::POST, &format!("/v1.0/users/{guest_id}/appRoleAssignments"), Some(&token), Some(json!({ "principalId": guest_id, "resourceId": app.id, "appRoleId": uuid::Uuid::nil() })))
            .await;
        assert_eq!(status, 201);
        let (status, _) = server
            .call(
                Method::PATCH,
                &format!("/v1.0/users/{guest_id}"),
                Some(&token),
                Some(json!({ "accountEnabled": false })),
            )
            .await;
        assert_eq!(status, 204);
        let refused = round_trip(&server, &sp, &idp_metadata, &alice_cookies).await;
        assert_eq!(refused["error"], "StatusRequestDenied", "{refused}");

        // Carol blocked: her session ends with it, so she is sent to sign in, which
        // refuses her; the service provider never gets an assertion.
        let (status, _) = server
            .call(
                Method::PATCH,
                &format!("/v1.0/users/{}", carol.id),
                Some(&token),
                Some(json!({ "accountEnabled": false })),
            )
            .await;
        assert_eq!(status, 204);
        let request = sp.run("authn", json!({ "idp_metadata": idp_metadata }));
        let blocked = server
            .http
            .get(request["url"].as_str().unwrap())
            .header("cookie", &cookies)
            .send()
            .await
            .unwrap();
        assert_eq!(blocked.status(), 303);
        let to_login = blocked.headers()["location"].to_str().unwrap().to_owned();
        assert!(
            to_login.starts_with(&format!("/{contoso}/login")),
            "{to_login}"
        );
        assert!(
            server
                .browser_sign_in(&server.url(&to_login), &carol.email, &carol.password)
                .await
                .is_err()
        );
        server.stop().await;
    }
}

/// Signs Dana in at Contoso; her cookies.
async fn dana(server: &TestServer, contoso: &str) -> (entente_testkit::TestUser, String) {
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
    (dana, cookies)
}

#[tokio::test]
async fn signed_requests_both_bindings_idp_initiated_logout_metadata_import_and_rollover() {
    let server = TestServer::start().await;
    let contoso = server.bootstrap().tenant_id.to_string();
    let token = server.api_token().await;
    let sp = ServiceProvider::new("urn:contoso:crm", "http://127.0.0.1:9").encrypting();
    let (dana, cookies) = dana(&server, &contoso).await;

    // Registered from the service provider's own metadata: entity id, ACS, logout
    // URL, its signing certificate, and that it signs its requests.
    let (status, app) = server
        .call(
            Method::POST,
            "/v1.0/applications",
            Some(&token),
            Some(json!({ "displayName": "CRM" })),
        )
        .await;
    assert_eq!(status, 201, "{app}");
    let app_id = app["id"].as_str().unwrap().to_owned();
    let sp_metadata = sp.run("metadata", json!({ "sign": true }))["xml"]
        .as_str()
        .unwrap()
        .to_owned();
    let imported = server
        .http
        .post(server.url(&format!(
            "/v1.0/applications/{app_id}/samlSettings/importMetadata"
        )))
        .bearer_auth(&token)
        .header("content-type", "application/samlmetadata+xml")
        .body(sp_metadata)
        .send()
        .await
        .unwrap();
    assert_eq!(imported.status(), 200);
    let settings: Value = imported.json().await.unwrap();
    assert_eq!(settings["entityId"], "urn:contoso:crm", "{settings}");
    assert_eq!(settings["requireSignedRequests"], true, "{settings}");
    assert_eq!(settings["logoutUrl"], sp.slo());
    assert!(
        settings["encryptionCertificate"]
            .as_str()
            .is_some_and(|c| c.len() > 500),
        "the SP's encryption key came with its metadata: {settings}"
    );
    assert!(
        settings["spCertificate"]
            .as_str()
            .is_some_and(|c| c.len() > 500),
        "{settings}"
    );
    let (_, app) = server
        .call(
            Method::GET,
            &format!("/v1.0/applications/{app_id}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(app["web"]["redirectUris"], json!([sp.acs()]));
    // Persistent NameIDs from here on.
    let (status, _) = server
        .call(
            Method::PATCH,
            &format!("/v1.0/applications/{app_id}/samlSettings"),
            Some(&token),
            Some(json!({ "nameIdFormat": "persistent" })),
        )
        .await;
    assert_eq!(status, 200);
    // Its own attributes (Entra's "Attributes & Claims"): an unknown source is
    // refused with the list of known ones; then three attributes, nothing else.
    let (status, refused) = server
        .call(
            Method::PATCH,
            &format!("/v1.0/applications/{app_id}/samlSettings"),
            Some(&token),
            Some(json!({ "attributes": [{ "name": "salary", "source": "user.salary" }] })),
        )
        .await;
    assert_eq!(status, 400, "{refused}");
    assert!(refused.to_string().contains("user.mail"), "{refused}");
    let (status, settings) = server
        .call(
            Method::PATCH,
            &format!("/v1.0/applications/{app_id}/samlSettings"),
            Some(&token),
            Some(json!({ "attributes": [
                { "name": "mail", "source": "user.mail" },
                { "name": "upn", "source": "user.userprincipalname" },
                { "name": "memberOf", "source": "user.groups" },
            ] })),
        )
        .await;
    assert_eq!(status, 200, "{settings}");
    assert_eq!(settings["customAttributes"], true);
    let idp_metadata = metadata(&server, &contoso).await;

    // Unsigned, the request is refused with RequestDenied (its ACS URL is trusted).
    let unsigned = sp.run(
        "authn",
        json!({ "idp_metadata": idp_metadata, "sign": false }),
    );
    let (_, response) = posted(&server, unsigned["url"].as_str().unwrap(), &cookies).await;
    let refused = sp.run("acs", json!({ "idp_metadata": idp_metadata, "saml_response": response, "request_id": unsigned["request_id"] }));
    assert_eq!(refused["error"], "StatusRequestDenied", "{refused}");

    // A forged signature gets a page, and nothing is posted anywhere.
    let signed = sp.run(
        "authn",
        json!({ "idp_metadata": idp_metadata, "sign": true }),
    );
    let url = signed["url"].as_str().unwrap();
    let at = url.find("Signature=").unwrap() + "Signature=".len();
    let forged = format!("{}{}{}", &url[..at], "AAAA", &url[at + 4..]);
    let page = server
        .http
        .get(&forged)
        .header("cookie", &cookies)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 400);
    assert!(!page.text().await.unwrap().contains("SAMLResponse"));

    // Signed over the Redirect binding: in, with a pairwise persistent NameID.
    let (_, response) = posted(&server, url, &cookies).await;
    let first = sp.run("acs", json!({ "idp_metadata": idp_metadata, "saml_response": response, "request_id": signed["request_id"] }));
    assert_eq!(first["error"], Value::Null, "{first}");
    assert_eq!(
        first["attributes"],
        json!({ "mail": ["dana@contoso.com"], "upn": ["dana@contoso.com"] }),
        "the chosen attributes only; no groups, so no memberOf: {first}"
    );
    assert_eq!(
        first["assertion_encrypted"], true,
        "encrypted to the SP: {first}"
    );
    assert_eq!(
        first["name_id_format"],
        "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
    );
    let persistent = first["name_id"].as_str().unwrap().to_owned();
    assert_eq!(persistent.len(), 64, "{persistent}");
    assert!(!persistent.contains(&dana.id.to_string()));

    // A browser posts cross-site without its (SameSite=Lax) session cookie: Entente
    // answers with a page of its own that posts the same fields again, which carries
    // the cookie, so Dana is answered without signing in again and nothing is stored.
    let cross_site = sp.run(
        "authn_post",
        json!({ "idp_metadata": idp_metadata, "sign": true }),
    );
    let sso = cross_site["action"].as_str().unwrap().to_owned();
    let saml_request = cross_site["saml_request"].as_str().unwrap().to_owned();
    let bounced = server
        .http
        .post(&sso)
        .form(&[("SAMLRequest", saml_request.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(bounced.status(), 200);
    let page = bounced.text().await.unwrap();
    assert_eq!(
        hidden_field(&page, "bounced").as_deref(),
        Some("1"),
        "{page}"
    );
    assert_eq!(
        hidden_field(&page, "SAMLRequest").as_deref(),
        Some(saml_request.as_str())
    );
    assert_eq!(
        form_action(&page).as_deref(),
        Some(""),
        "posted again to itself"
    );
    let again = server
        .http
        .post(&sso)
        .header("cookie", &cookies)
        .form(&[("SAMLRequest", saml_request.as_str()), ("bounced", "1")])
        .send()
        .await
        .unwrap();
    let html = again.text().await.unwrap();
    let response = hidden_field(&html, "SAMLResponse").unwrap_or_else(|| panic!("{html}"));
    let answered = sp.run(
        "acs",
        json!({ "idp_metadata": idp_metadata, "saml_response": response,
                "request_id": cross_site["request_id"] }),
    );
    assert_eq!(answered["error"], Value::Null, "{answered}");
    // The copy that still has no cookie goes to the sign-in page, not round again.
    let anonymous = server
        .http
        .post(&sso)
        .form(&[("SAMLRequest", saml_request.as_str()), ("bounced", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 303);

    // Signed inside the XML, over the POST binding: in, with the same NameID.
    let post = sp.run(
        "authn_post",
        json!({ "idp_metadata": idp_metadata, "sign": true }),
    );
    let answer = server
        .http
        .post(post["action"].as_str().unwrap())
        .header("cookie", &cookies)
        .form(&[("SAMLRequest", post["saml_request"].as_str().unwrap())])
        .send()
        .await
        .unwrap();
    let html = answer.text().await.unwrap();
    let response = hidden_field(&html, "SAMLResponse").unwrap_or_else(|| panic!("{html}"));
    let second = sp.run("acs", json!({ "idp_metadata": idp_metadata, "saml_response": response, "request_id": post["request_id"] }));
    assert_eq!(second["error"], Value::Null, "{second}");
    assert_eq!(
        second["name_id"],
        persistent.as_str(),
        "stable for Dana and this SP"
    );

    // IdP-initiated, as My Apps launches it: Dana's tile leads to the launch address,
    // which answers with an unsolicited response.
    let (status, body) = server
        .call(
            Method::POST,
            &format!("/v1.0/users/{}/appRoleAssignments", dana.id),
            Some(&token),
            Some(json!({ "principalId": dana.id, "resourceId": app_id, "appRoleId": uuid::Uuid::nil() })),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let my_apps = server
        .http
        .get(server.url(&format!("/{contoso}/myapps")))
        .header("cookie", &cookies)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        my_apps.contains(&format!("href=\"/{contoso}/saml2/launch/{app_id}\"")),
        "{my_apps}"
    );
    let (action, response) = posted(
        &server,
        &server.url(&format!("/{contoso}/saml2/launch/{app_id}")),
        &cookies,
    )
    .await;
    assert_eq!(action, sp.acs());
    let launched = sp.run(
        "acs",
        json!({ "idp_metadata": idp_metadata, "saml_response": response }),
    );
    assert_eq!(launched["error"], Value::Null, "{launched}");
    assert_eq!(launched["in_response_to"], Value::Null);
    assert_eq!(launched["name_id"], persistent.as_str());

    // Certificate rollover: a second certificate is published before it signs.
    let (status, listed) = server
        .call(Method::GET, "/v1.0/saml/certificates", Some(&token), None)
        .await;
    assert_eq!(status, 200);
    let old = listed["value"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(listed["value"][0]["isActive"], true);
    let (status, added) = server
        .call(Method::POST, "/v1.0/saml/certificates", Some(&token), None)
        .await;
    assert_eq!(status, 201, "{added}");
    assert_eq!(added["isActive"], false);
    let new = added["id"].as_str().unwrap().to_owned();
    let (status, third) = server
        .call(Method::POST, "/v1.0/saml/certificates", Some(&token), None)
        .await;
    assert_eq!(status, 400, "two at most: {third}");
    let both = metadata(&server, &contoso).await;
    assert_eq!(both.matches("<ds:X509Certificate>").count(), 2, "{both}");
    let (status, _) = server
        .call(
            Method::DELETE,
            &format!("/v1.0/saml/certificates/{old}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(status, 400, "the signing certificate cannot be retired");
    let (status, _) = server
        .call(
            Method::POST,
            &format!("/v1.0/saml/certificates/{new}/activate"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(status, 204);
    // Signed with the new key now: trusted through the metadata with both, not
    // through the old metadata.
    let (_, response) = posted(
        &server,
        &server.url(&format!("/{contoso}/saml2/launch/{app_id}")),
        &cookies,
    )
    .await;
    let with_both = sp.run(
        "acs",
        json!({ "idp_metadata": both, "saml_response": response }),
    );
    assert_eq!(with_both["error"], Value::Null, "{with_both}");
    let with_old = sp.run(
        "acs",
        json!({ "idp_metadata": idp_metadata, "saml_response": response }),
    );
    assert!(
        with_old["error"].is_string(),
        "the old certificate alone does not verify: {with_old}"
    );
    let (status, _) = server
        .call(
            Method::DELETE,
            &format!("/v1.0/saml/certificates/{old}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let after = metadata(&server, &contoso).await;
    assert_eq!(after.matches("<ds:X509Certificate>").count(), 1);

    // Single logout, started at the service provider: a signed LogoutResponse comes
    // back, and the session is over.
    let logout = sp.run(
        "logout",
        json!({ "idp_metadata": after, "sign": true, "name_id": persistent,
                "name_id_format": "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
                "session_index": second["session_index"] }),
    );
    let answer = server
        .http
        .get(logout["url"].as_str().unwrap())
        .header("cookie", &cookies)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    assert!(
        answer
            .headers()
            .get_all("set-cookie")
            .iter()
            .any(|c| c.to_str().unwrap_or("").starts_with("entente_session=;")),
        "the session cookie is cleared"
    );
    let html = answer.text().await.unwrap();
    assert_eq!(form_action(&html).as_deref(), Some(sp.slo().as_str()));
    let response = hidden_field(&html, "SAMLResponse").unwrap();
    let done = sp.run(
        "logout_response",
        json!({ "idp_metadata": after, "saml_response": response }),
    );
    assert_eq!(
        done["status"], "urn:oasis:names:tc:SAML:2.0:status:Success",
        "{done}"
    );
    assert_eq!(done["in_response_to"], logout["request_id"]);
    assert_eq!(done["signed"], true);
    // A logout posted cross-site (no session cookie on it) is posted again from a page
    // of this site too, before anything is read.
    let posted_logout = server
        .http
        .post(server.url(&format!("/{contoso}/saml2/logout")))
        .form(&[("SAMLRequest", "PHg+"), ("RelayState", "r")])
        .send()
        .await
        .unwrap();
    assert_eq!(posted_logout.status(), 200);
    let page = posted_logout.text().await.unwrap();
    assert_eq!(
        hidden_field(&page, "bounced").as_deref(),
        Some("1"),
        "{page}"
    );
    assert_eq!(hidden_field(&page, "RelayState").as_deref(), Some("r"));
    let again = sp.run("authn", json!({ "idp_metadata": after, "sign": true }));
    let gone = server
        .http
        .get(again["url"].as_str().unwrap())
        .header("cookie", &cookies)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 303, "signed out: to the sign-in page");
    server.stop().await;
}

/// The portal's SAML panel: an admin turns SAML on for an application from the
/// service provider's metadata, the application then signs in with SAML, the admin
/// rolls the certificate over and turns SAML off, all through the page's forms.
#[tokio::test]
async fn the_portal_sets_up_saml_and_rolls_the_certificate_over() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let contoso = server.bootstrap().tenant_id.to_string();
        let token = server.api_token().await;
        let (cookies, _) = server
            .browser_sign_in(
                &server.url(&format!("/{contoso}/login")),
                entente_testkit::ADMIN_EMAIL,
                entente_testkit::ADMIN_PASSWORD,
            )
            .await
            .expect("the admin signs in");
        let (status, app) = server
            .call(
                Method::POST,
                "/v1.0/applications",
                Some(&token),
                Some(json!({ "displayName": "Payroll" })),
            )
            .await;
        assert_eq!(status, 201, "{app}");
        let app_id = app["id"].as_str().unwrap().to_owned();
        let page_url = server.url(&format!("/{contoso}/admin/apps/{app_id}"));
        let page = |cookies: String| {
            let url = page_url.clone();
            let server = &server;
            async move {
                let response = server
                    .http
                    .get(&url)
                    .header("cookie", cookies)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 200);
                response.text().await.unwrap()
            }
        };
        let html = page(cookies.clone()).await;
        assert!(
            html.contains(&format!("{}/{contoso}/saml2/metadata", server.base_url)),
            "{html}"
        );
        assert!(
            !html.contains("id=\"saml-certificates\""),
            "no certificates before SAML is on"
        );
        let csrf = hidden_field(&html, "csrf").expect("csrf");
        let post = |path: String, fields: Vec<(&'static str, String)>| {
            let server = &server;
            let cookies = cookies.clone();
            async move {
                let response = server
                    .http
                    .post(server.url(&path))
                    .header("cookie", cookies)
                    .form(&fields)
                    .send()
                    .await
                    .unwrap();
                let status = response.status().as_u16();
                (status, response.text().await.unwrap_or_default())
            }
        };
        let base = format!("/{contoso}/admin/apps/{app_id}/saml");

        // Metadata that is not metadata: the page says why and nothing changes.
        let (status, html) = post(
            format!("{base}/import"),
            vec![("csrf", csrf.clone()), ("metadata", "<x/>".into())],
        )
        .await;
        assert_eq!(status, 400, "{html}");
        assert!(html.contains("EntityDescriptor"), "{html}");

        let sp = ServiceProvider::new("urn:contoso:payroll", "http://127.0.0.1:9");
        let metadata_xml = sp.run("metadata", json!({}))["xml"]
            .as_str()
            .unwrap()
            .to_owned();
        let (status, _) = post(
            format!("{base}/import"),
            vec![("csrf", csrf.clone()), ("metadata", metadata_xml)],
        )
        .await;
        assert_eq!(status, 303);
        let html = page(cookies.clone()).await;
        assert!(html.contains("value=\"urn:contoso:payroll\""), "{html}");
        assert!(
            html.contains(&sp.acs()),
            "the ACS URL became a redirect URI: {html}"
        );
        assert_eq!(
            html.matches("<tr data-id=").count(),
            1,
            "one certificate: {html}"
        );

        // Saved from the form: persistent NameIDs, both signed.
        let (status, _) = post(
            base.clone(),
            vec![
                ("csrf", csrf.clone()),
                ("entity_id", "urn:contoso:payroll".into()),
                (
                    "name_id_format",
                    "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent".into(),
                ),
                ("signing", "both".into()),
                ("sp_certificate", String::new()),
                ("encryption_certificate", String::new()),
                ("logout_url", String::new()),
            ],
        )
        .await;
        assert_eq!(status, 303);
        // A line that is not `name = source` is refused with the reason.
        let (status, html) = post(
            base.clone(),
            vec![
                ("csrf", csrf.clone()),
                ("entity_id", "urn:contoso:payroll".into()),
                (
                    "name_id_format",
                    "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent".into(),
                ),
                ("signing", "both".into()),
                ("attributes", "mail user.mail".into()),
            ],
        )
        .await;
        assert_eq!(status, 400);
        assert!(html.contains("name = source"), "{html}");
        let (status, _) = post(
            base.clone(),
            vec![
                ("csrf", csrf.clone()),
                ("entity_id", "urn:contoso:payroll".into()),
                (
                    "name_id_format",
                    "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent".into(),
                ),
                ("signing", "both".into()),
                (
                    "attributes",
                    "mail = user.mail\r\nemployee = user.objectid\r\n".into(),
                ),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let html = page(cookies.clone()).await;
        assert!(
            html.contains("mail = user.mail\nemployee = user.objectid"),
            "{html}"
        );
        let (_, settings) = server
            .call(
                Method::GET,
                &format!("/v1.0/applications/{app_id}/samlSettings"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(settings["signing"], "both", "{settings}");
        assert_eq!(
            settings["attributes"],
            json!([{ "name": "mail", "source": "user.mail" }, { "name": "employee", "source": "user.objectid" }])
        );
        assert_eq!(
            settings["nameIdFormat"],
            "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
        );

        // Rollover through the page: add, activate, retire the old one.
        let (status, _) = post(format!("{base}/certificates"), vec![("csrf", csrf.clone())]).await;
        assert_eq!(status, 303);
        let (_, listed) = server
            .call(Method::GET, "/v1.0/saml/certificates", Some(&token), None)
            .await;
        let id_of = |active: bool| {
            listed["value"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["isActive"] == active)
                .unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        let (old, new) = (id_of(true), id_of(false));
        let (status, html) = post(
            format!("{base}/certificates/retire"),
            vec![("csrf", csrf.clone()), ("certificate", old.clone())],
        )
        .await;
        assert_eq!(status, 400, "the signing one stays: {html}");
        let (status, _) = post(
            format!("{base}/certificates/activate"),
            vec![("csrf", csrf.clone()), ("certificate", new.clone())],
        )
        .await;
        assert_eq!(status, 303);
        let (status, _) = post(
            format!("{base}/certificates/retire"),
            vec![("csrf", csrf.clone()), ("certificate", old)],
        )
        .await;
        assert_eq!(status, 303);
        let (_, listed) = server
            .call(Method::GET, "/v1.0/saml/certificates", Some(&token), None)
            .await;
        assert_eq!(listed["value"].as_array().map(Vec::len), Some(1));
        assert_eq!(listed["value"][0]["id"], new.as_str());

        // The application signs in with SAML, then the admin turns SAML off.
        let idp_metadata = metadata(&server, &contoso).await;
        let request = sp.run(
            "authn",
            json!({ "idp_metadata": idp_metadata, "want_response_signed": true }),
        );
        let (_, response) = posted(&server, request["url"].as_str().unwrap(), &cookies).await;
        let identity = sp.run("acs", json!({ "idp_metadata": idp_metadata, "saml_response": response, "request_id": request["request_id"], "want_response_signed": true }));
        assert_eq!(identity["error"], Value::Null, "{identity}");
        assert_eq!(identity["response_signed"], true);
        let (status, _) = post(format!("{base}/remove"), vec![("csrf", csrf.clone())]).await;
        assert_eq!(status, 303);
        let request = sp.run("authn", json!({ "idp_metadata": idp_metadata }));
        let refused = server
            .http
            .get(request["url"].as_str().unwrap())
            .header("cookie", &cookies)
            .send()
            .await
            .unwrap();
        assert_eq!(
            refused.status(),
            400,
            "an unknown service provider gets a page"
        );
        server.stop().await;
    }
}

/// Bad SAML settings are refused with the reason, and nothing is saved.
#[tokio::test]
async fn bad_saml_settings_are_refused_and_save_nothing() {
    let server = TestServer::start().await;
    let token = server.api_token().await;
    let app = |name: &'static str, public: bool| {
        let server = &server;
        let token = token.clone();
        async move {
            let body = if public {
                json!({ "displayName": name, "isFallbackPublicClient": true })
            } else {
                json!({ "displayName": name })
            };
            let (status, app) = server
                .call(Method::POST, "/v1.0/applications", Some(&token), Some(body))
                .await;
            assert_eq!(status, 201, "{app}");
            app["id"].as_str().unwrap().to_owned()
        }
    };
    let (first, second, public) = (
        app("A", false).await,
        app("B", false).await,
        app("C", true).await,
    );
    let put = |id: String, body: Value| {
        let server = &server;
        let token = token.clone();
        async move {
            server
                .call(
                    Method::PUT,
                    &format!("/v1.0/applications/{id}/samlSettings"),
                    Some(&token),
                    Some(body),
                )
                .await
        }
    };
    for (body, why) in [
        (json!({ "nameIdFormat": "email" }), "entity id"),
        (
            json!({ "entityId": "urn:a", "signing": "everything" }),
            "signing",
        ),
        (
            json!({ "entityId": "urn:a", "nameIdFormat": "x500" }),
            "nameIdFormat",
        ),
        (json!({ "entityId": "has space" }), "entity id"),
        (
            json!({ "entityId": "urn:a", "spCertificate": "bm90IGEgY2VydA==" }),
            "certificate",
        ),
        (
            json!({ "entityId": "urn:a", "requireSignedRequests": true }),
            "certificate",
        ),
        (
            json!({ "entityId": "urn:a", "logoutUrl": "ftp://sp.example/slo" }),
            "logout URL",
        ),
        (
            json!({ "entityId": "urn:a", "attributes": [{ "name": "", "source": "user.mail" }] }),
            "name",
        ),
    ] {
        let (status, answer) = put(first.clone(), body.clone()).await;
        assert_eq!(status, 400, "{body}: {answer}");
        assert!(answer.to_string().contains(why), "{body}: {answer}");
    }
    let (status, answer) = put(public, json!({ "entityId": "urn:c" })).await;
    assert_eq!(status, 400, "{answer}");
    assert!(answer.to_string().contains("public client"), "{answer}");
    let (status, _) = server
        .call(
            Method::GET,
            &format!("/v1.0/applications/{first}/samlSettings"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(status, 404, "nothing was saved");

    // One entity id, one application.
    let (status, _) = put(first.clone(), json!({ "entityId": "urn:a" })).await;
    assert_eq!(status, 200);
    let (status, answer) = put(second.clone(), json!({ "entityId": "urn:a" })).await;
    assert_eq!(status, 409, "{answer}");
    let (status, _) = server
        .call(
            Method::GET,
            &format!("/v1.0/applications/{second}/samlSettings"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(status, 404);
    let junk = server
        .http
        .post(server.url(&format!(
            "/v1.0/applications/{second}/samlSettings/importMetadata"
        )))
        .bearer_auth(&token)
        .header("content-type", "application/xml")
        .body("<!DOCTYPE x [<!ENTITY e \"e\">]><x>&e;</x>")
        .send()
        .await
        .unwrap();
    assert_eq!(junk.status(), 400);
    assert!(junk.text().await.unwrap().contains("well-formed"));
    server.stop().await;
}
