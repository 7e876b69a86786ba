//! Multi-tenant applications (issue 21 part 2, decision 0014): a vendor tenant
//! registers an application for other organizations (`AzureADMultipleOrgs`); each
//! customer tenant's administrator consents at `/{tenant}/adminconsent`, which makes
//! the customer's service principal; people sign in through `/organizations` (home
//! realm discovery by their address) and get tokens of their own tenant with the
//! roles their tenant gave them; a tenant without consent gets the page that says
//! so; a customer sees and removes only its own service principal.

use entente_model::{DirectoryRole, TenantId, User};
use entente_testkit::{TestServer, backends, hidden_field, now};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{Browser, location, payload};

const ADMIN_ROLES: &[&str] = &["Directory.ReadWrite.All", "AuditLog.Read.All"];
const PASSWORD: &str = "a customer's long password";
const CALLBACK: &str = "https://timesheets.example/callback";
const APPROVER: &str = "6c9d3f0e-2b1a-4c5d-8e7f-0a1b2c3d4e5f";

/// An admin token of `tenant`, as an application holding the admin roles.
fn admin_of(server: &TestServer, tenant: TenantId) -> String {
    server.sign(&server.api_claims(tenant, uuid::Uuid::new_v4(), "app", ADMIN_ROLES, now()))
}

/// A customer organization with one member, its Global Administrator when `admin`.
async fn customer(server: &TestServer, name: &str, domain: &str, email: &str, admin: bool) -> User {
    let user = server
        .partner_tenant(name, domain, email, PASSWORD, false)
        .await;
    if admin {
        let mut tx = server.services.store.write().await.expect("write");
        tx.db()
            .grant_directory_role(user.tenant_id, user.id, DirectoryRole::GlobalAdministrator)
            .await
            .expect("role");
        tx.commit().await.expect("commit");
    }
    user
}

/// Fabrikam's Ada and Northwind's Nina, each their organization's administrator, and
/// Tailspin's Tom, its administrator when `tom_admin`.
async fn customers(server: &TestServer, tom_admin: bool) -> [User; 3] {
    [
        customer(
            server,
            "Fabrikam",
            "fabrikam.example",
            "ada@fabrikam.example",
            true,
        )
        .await,
        customer(
            server,
            "Northwind",
            "northwind.example",
            "nina@northwind.example",
            true,
        )
        .await,
        customer(
            server,
            "Tailspin",
            "tailspin.example",
            "tom@tailspin.example",
            tom_admin,
        )
        .await,
    ]
}

/// A browser signed in at the person's home tenant.
async fn signed_in<'a>(server: &'a TestServer, person: &User) -> Browser<'a> {
    let mut browser = Browser::new(server);
    let login = format!("/{}/login", person.tenant_id);
    let html = browser.get(&login).await.text().await.expect("page");
    let csrf = hidden_field(&html, "csrf").expect("csrf");
    let done = browser
        .post(
            &login,
            &[
                ("login", person.user_principal_name.as_str()),
                ("password", PASSWORD),
                ("csrf", &csrf),
                ("return_to", ""),
            ],
        )
        .await;
    assert_eq!(done.status(), 303, "signed in at home");
    browser
}

/// The vendor's application, registered through the API: its client id, object id
/// and a secret.
async fn register(
    server: &TestServer,
    vendor_admin: &str,
    audience: &str,
) -> (String, String, String) {
    register_with(server, vendor_admin, audience, &[CALLBACK.to_owned()]).await
}

/// [`register`] with these redirect URIs.
async fn register_with(
    server: &TestServer,
    vendor_admin: &str,
    audience: &str,
    redirect_uris: &[String],
) -> (String, String, String) {
    let (status, app) = server
        .call(
            Method::POST,
            "/v1.0/applications",
            Some(vendor_admin),
            Some(json!({
                "displayName": "Timesheets",
                "signInAudience": audience,
                "web": { "redirectUris": redirect_uris },
                "appRoles": [{
                    "id": APPROVER, "value": "Approver", "displayName": "Approver",
                    "description": "Approves timesheets", "allowedMemberTypes": ["User"],
                    "isEnabled": true
                }],
            })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{app}");
    assert_eq!(app["signInAudience"], audience);
    let id = app["id"].as_str().expect("id").to_owned();
    let (status, secret) = server
        .call(
            Method::POST,
            &format!("/v1.0/applications/{id}/addPassword"),
            Some(vendor_admin),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{secret}");
    (
        app["appId"].as_str().expect("appId").to_owned(),
        id,
        secret["secretText"].as_str().expect("secret").to_owned(),
    )
}

/// An authorization request at `/organizations` for the application.
fn organizations_authorize(client_id: &str, login_hint: Option<&str>) -> String {
    let mut pairs = vec![
        ("client_id", client_id),
        ("response_type", "code"),
        ("redirect_uri", CALLBACK),
        ("scope", "openid profile offline_access"),
        ("state", "s-42"),
        ("nonce", "n-42"),
    ];
    pairs.extend(login_hint.map(|h| ("login_hint", h)));
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    format!("/organizations/oauth2/v2.0/authorize?{query}")
}

/// A code from the browser's signed-in session through `/organizations`.
async fn code_through_organizations(
    browser: &mut Browser<'_>,
    client_id: &str,
    hint: &str,
) -> String {
    let answer = browser
        .get(&organizations_authorize(client_id, Some(hint)))
        .await;
    assert_eq!(answer.status(), 303, "a code for {hint}");
    let back = url::Url::parse(&location(&answer)).expect("back at the application");
    assert!(back.as_str().starts_with(CALLBACK), "{back}");
    let query: std::collections::HashMap<_, _> = back.query_pairs().into_owned().collect();
    assert_eq!(query.get("state").map(String::as_str), Some("s-42"));
    // The client knows the issuer as a template: the answer names none (RFC 9207).
    assert!(!query.contains_key("iss"), "{back}");
    query.get("code").expect("a code").clone()
}

async fn organizations_token(
    server: &TestServer,
    client_id: &str,
    secret: &str,
    form: &[(&str, &str)],
) -> (StatusCode, Value) {
    let response = server
        .http
        .post(server.url("/organizations/oauth2/v2.0/token"))
        .basic_auth(client_id, Some(secret))
        .form(form)
        .send()
        .await
        .expect("token request");
    let status = response.status();
    (status, response.json().await.expect("JSON"))
}

/// A code redeemed at `/organizations` with the vendor's secret.
async fn redeem(
    server: &TestServer,
    client_id: &str,
    secret: &str,
    code: &str,
) -> (StatusCode, Value) {
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", CALLBACK),
    ];
    organizations_token(server, client_id, secret, &form).await
}

/// The administrator consents on the page the sign-in links to; answers where the
/// browser was sent.
async fn consent(browser: &mut Browser<'_>, tenant: TenantId, client_id: &str) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("client_id", client_id),
            ("redirect_uri", CALLBACK),
            ("state", "c-1"),
        ])
        .finish();
    let shown = browser
        .get(&format!("/{tenant}/adminconsent?{query}"))
        .await;
    assert_eq!(shown.status(), 200);
    let html = shown.text().await.expect("page");
    assert!(html.contains("Timesheets"), "{html}");
    assert!(html.contains("Contoso"), "the vendor is named: {html}");
    assert!(
        html.contains("Approves timesheets"),
        "its roles are listed: {html}"
    );
    let csrf = hidden_field(&html, "csrf").expect("csrf");
    let done = browser
        .post(
            &format!("/{tenant}/adminconsent"),
            &[
                ("csrf", csrf.as_str()),
                ("client_id", client_id),
                ("redirect_uri", CALLBACK),
                ("state", "c-1"),
                ("decision", "accept"),
            ],
        )
        .await;
    assert_eq!(done.status(), 303);
    location(&done)
}

#[tokio::test]
async fn customers_consent_sign_in_through_organizations_and_see_only_their_own() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let base = server.base_url.clone();
        let vendor = server.bootstrap().tenant_id;
        let vendor_admin = admin_of(&server, vendor);
        let (client_id, app_object, secret) =
            register(&server, &vendor_admin, "AzureADMultipleOrgs").await;
        let [ada, nina, tom] = customers(&server, false).await;
        let (fabrikam, northwind, tailspin) = (ada.tenant_id, nina.tenant_id, tom.tenant_id);

        // Discovery at /organizations and /common: the issuer is Entra's template.
        for authority in ["organizations", "common"] {
            let document: Value = server
                .http
                .get(server.url(&format!(
                    "/{authority}/v2.0/.well-known/openid-configuration"
                )))
                .send()
                .await
                .expect("discovery")
                .json()
                .await
                .expect("JSON");
            assert_eq!(document["issuer"], format!("{base}/{{tenantid}}/v2.0"));
            assert_eq!(
                document["token_endpoint"],
                format!("{base}/{authority}/oauth2/v2.0/token")
            );
            assert_eq!(
                document["end_session_endpoint"],
                format!("{base}/{authority}/oauth2/v2.0/logout")
            );
            let keys = server
                .http
                .get(document["jwks_uri"].as_str().expect("jwks_uri"))
                .send()
                .await
                .expect("keys");
            assert_eq!(keys.status(), 200);
        }

        // Without an address, /organizations asks for one and carries the request.
        let mut browser = Browser::new(&server);
        let asked = browser
            .get(&organizations_authorize(&client_id, None))
            .await;
        assert_eq!(asked.status(), 200);
        let html = asked.text().await.expect("page");
        assert!(html.contains("name=\"login_hint\""), "{html}");
        assert!(html.contains(&client_id), "the request rides along: {html}");
        // An address of no organization is said so.
        let unknown = browser
            .get(&organizations_authorize(
                &client_id,
                Some("x@nowhere.example"),
            ))
            .await;
        assert_eq!(unknown.status(), 404);
        // Before consent: Fabrikam's people get the page that says so, with the link.
        let mut ada_browser = signed_in(&server, &ada).await;
        let needed = ada_browser
            .get(&organizations_authorize(
                &client_id,
                Some("ada@fabrikam.example"),
            ))
            .await;
        assert_eq!(needed.status(), 403);
        let html = needed.text().await.expect("page");
        assert!(html.contains("id=\"consent-link\""), "{html}");
        assert!(
            html.contains(&format!("/{fabrikam}/adminconsent?client_id={client_id}")),
            "{html}"
        );

        // Fabrikam's administrator consents: back at the application, as Entra says it.
        let back = consent(&mut ada_browser, fabrikam, &client_id).await;
        let back = url::Url::parse(&back).expect("url");
        assert!(back.as_str().starts_with(CALLBACK));
        let query: std::collections::HashMap<_, _> = back.query_pairs().into_owned().collect();
        assert_eq!(query["admin_consent"], "True");
        assert_eq!(query["tenant"], fabrikam.to_string());
        assert_eq!(query["state"], "c-1");

        // Its address leads Ada to her organization's sign-in, to come back here.
        let led = Browser::new(&server)
            .get(&organizations_authorize(
                &client_id,
                Some("ada@fabrikam.example"),
            ))
            .await;
        assert_eq!(led.status(), 303);
        let login = location(&led);
        assert!(login.starts_with(&format!("/{fabrikam}/login?")), "{login}");
        assert!(
            login.contains("return_to=%2Forganizations%2Foauth2"),
            "{login}"
        );
        // Entra's domain_hint finds it too, through /common as well.
        let hinted = Browser::new(&server)
            .get(&format!(
                "{}&domain_hint=fabrikam.example",
                organizations_authorize(&client_id, None).replacen(
                    "/organizations/",
                    "/common/",
                    1
                )
            ))
            .await;
        assert_eq!(hinted.status(), 303);
        let login = location(&hinted);
        assert!(login.starts_with(&format!("/{fabrikam}/login?")), "{login}");
        assert!(login.contains("return_to=%2Fcommon%2Foauth2"), "{login}");

        // Fabrikam sees its service principal; Northwind sees nothing of it.
        let fabrikam_admin = admin_of(&server, fabrikam);
        let northwind_admin = admin_of(&server, northwind);
        let (status, listed) = server
            .call(
                Method::GET,
                &format!("/v1.0/servicePrincipals?$filter=appId eq '{client_id}'"),
                Some(&fabrikam_admin),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{listed}");
        assert_eq!(
            listed["value"].as_array().map(Vec::len),
            Some(1),
            "{listed}"
        );
        let principal = listed["value"][0].clone();
        assert_eq!(principal["appId"], client_id);
        assert_eq!(principal["appOwnerOrganizationId"], vendor.to_string());
        assert_eq!(principal["publisherName"], "Contoso");
        assert_eq!(principal["appRoles"][0]["value"], "Approver");
        let principal_id = principal["id"].as_str().expect("id").to_owned();
        assert_ne!(principal_id, app_object, "a principal has an id of its own");
        let (status, none) = server
            .call(
                Method::GET,
                "/v1.0/servicePrincipals",
                Some(&northwind_admin),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            none["value"],
            json!([]),
            "Northwind has consented to nothing"
        );
        for (method, body) in [
            (Method::GET, None),
            (Method::DELETE, None),
            (
                Method::PATCH,
                Some(json!({ "appRoleAssignmentRequired": true })),
            ),
        ] {
            let (status, _) = server
                .call(
                    method.clone(),
                    &format!("/v1.0/servicePrincipals/{principal_id}"),
                    Some(&northwind_admin),
                    body,
                )
                .await;
            assert_eq!(
                status,
                StatusCode::NOT_FOUND,
                "{method} of another tenant's principal"
            );
        }
        let (status, audit) = server
            .call(
                Method::GET,
                "/v1.0/auditLogs/directoryAudits",
                Some(&fabrikam_admin),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            audit.to_string().contains("Consent to application"),
            "{audit}"
        );

        // Fabrikam gives Ada the Approver role of the vendor's application.
        let (status, assigned) = server
            .call(
                Method::POST,
                &format!("/v1.0/servicePrincipals/{principal_id}/appRoleAssignedTo"),
                Some(&fabrikam_admin),
                Some(json!({ "principalId": ada.id.to_string(), "resourceId": principal_id, "appRoleId": APPROVER })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{assigned}");
        assert_eq!(assigned["resourceId"], principal_id);
        assert_eq!(assigned["resourceDisplayName"], "Timesheets");
        // Northwind cannot give anything in Fabrikam's principal.
        let (status, _) = server
            .call(
                Method::POST,
                &format!("/v1.0/servicePrincipals/{principal_id}/appRoleAssignedTo"),
                Some(&northwind_admin),
                Some(json!({ "principalId": nina.id.to_string(), "resourceId": principal_id, "appRoleId": APPROVER })),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        // Nor read who holds its roles; Fabrikam reads Ada there.
        let assigned_to = format!("/v1.0/servicePrincipals/{principal_id}/appRoleAssignedTo");
        let (status, _) = server
            .call(Method::GET, &assigned_to, Some(&northwind_admin), None)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, holders) = server
            .call(Method::GET, &assigned_to, Some(&fabrikam_admin), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{holders}");
        assert_eq!(holders["value"][0]["principalId"], ada.id.to_string());
        assert_eq!(holders["value"][0]["resourceId"], principal_id);

        // Ada is Fabrikam's administrator: the vendor's application asking for
        // Fabrikam's directory API gets her own profile, never her admin rights.
        let wide = organizations_authorize(&client_id, Some("ada@fabrikam.example")).replace(
            "scope=openid+profile+offline_access",
            &format!(
                "scope={}",
                url::form_urlencoded::byte_serialize(
                    format!("openid {base}/Directory.ReadWrite.All {base}/User.Read").as_bytes()
                )
                .collect::<String>()
            ),
        );
        let answer = ada_browser.get(&wide).await;
        assert_eq!(answer.status(), 303);
        let back = url::Url::parse(&location(&answer)).expect("url");
        let code = back
            .query_pairs()
            .find(|(k, _)| k == "code")
            .expect("code")
            .1
            .into_owned();
        let (status, tokens) = redeem(&server, &client_id, &secret, &code).await;
        assert_eq!(status, StatusCode::OK, "{tokens}");
        let access = tokens["access_token"].as_str().expect("access token");
        assert_eq!(
            payload(access)["scp"],
            "openid User.Read",
            "{}",
            payload(access)
        );
        let (status, _) = server
            .call(Method::GET, "/v1.0/users", Some(access), None)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, me) = server
            .call(Method::GET, "/v1.0/me", Some(access), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{me}");
        assert_eq!(me["id"], ada.id.to_string());

        // Ada signs in through /organizations: tokens of Fabrikam, with her role.
        let code =
            code_through_organizations(&mut ada_browser, &client_id, "ada@fabrikam.example").await;
        let (status, tokens) = redeem(&server, &client_id, &secret, &code).await;
        assert_eq!(status, StatusCode::OK, "{tokens}");
        let id_token = payload(tokens["id_token"].as_str().expect("id_token"));
        assert_eq!(id_token["iss"], format!("{base}/{fabrikam}/v2.0"));
        assert_eq!(id_token["tid"], fabrikam.to_string());
        assert_eq!(id_token["aud"], client_id);
        assert_eq!(id_token["oid"], ada.id.to_string());
        assert_eq!(id_token["roles"], json!(["Approver"]));
        let refresh = tokens["refresh_token"]
            .as_str()
            .expect("refresh")
            .to_owned();
        let (status, refreshed) = organizations_token(
            &server,
            &client_id,
            &secret,
            &[("grant_type", "refresh_token"), ("refresh_token", &refresh)],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{refreshed}");
        assert_eq!(
            payload(refreshed["access_token"].as_str().expect("at"))["tid"],
            fabrikam.to_string()
        );
        // A wrong secret is refused at /organizations too.
        let (status, _) = organizations_token(
            &server,
            &client_id,
            "not the secret",
            &[
                ("grant_type", "refresh_token"),
                (
                    "refresh_token",
                    refreshed["refresh_token"].as_str().unwrap(),
                ),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        // Grants that start from nothing need a tenant's own endpoint.
        let (status, refused) = organizations_token(
            &server,
            &client_id,
            &secret,
            &[
                ("grant_type", "client_credentials"),
                ("scope", "https://graph.microsoft.com/.default"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(refused["error"], "unsupported_grant_type");

        // Ada signs out through /organizations with her ID token: back at the
        // application, and her session at Fabrikam is over.
        let logout = format!(
            "/organizations/oauth2/v2.0/logout?id_token_hint={}&post_logout_redirect_uri={}&state=bye",
            tokens["id_token"].as_str().expect("id_token"),
            url::form_urlencoded::byte_serialize(CALLBACK.as_bytes()).collect::<String>()
        );
        let out = ada_browser.get(&logout).await;
        assert_eq!(out.status(), 303);
        assert_eq!(location(&out), format!("{CALLBACK}?state=bye"));
        let relogin = ada_browser
            .get(&organizations_authorize(
                &client_id,
                Some("ada@fabrikam.example"),
            ))
            .await;
        assert_eq!(relogin.status(), 303);
        assert!(location(&relogin).starts_with(&format!("/{fabrikam}/login?")));
        // A logout naming nobody, from a browser signed in nowhere, only says so.
        let nowhere = Browser::new(&server)
            .get("/organizations/oauth2/v2.0/logout")
            .await;
        assert_eq!(nowhere.status(), 200);
        // A hint that is no ID token is refused, and signs nobody out.
        let garbage = Browser::new(&server)
            .get("/organizations/oauth2/v2.0/logout?id_token_hint=not-a-token")
            .await;
        assert_eq!(garbage.status(), 400);
        // A code nobody issued is refused at /organizations, as anywhere.
        let (status, refused) = redeem(&server, &client_id, &secret, "no-such-code").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
        assert_eq!(refused["error"], "invalid_grant");
        ada_browser = signed_in(&server, &ada).await;

        // Northwind's administrator consents too; Nina's token is Northwind's, and
        // the role given in Fabrikam is not hers.
        let mut nina_browser = signed_in(&server, &nina).await;
        let shown = nina_browser
            .get(&format!("/{northwind}/adminconsent?client_id={client_id}"))
            .await
            .text()
            .await
            .expect("page");
        let nina_csrf = hidden_field(&shown, "csrf").expect("csrf");
        // A redirect_uri the application lacks is refused on the post too.
        let bad = nina_browser
            .post(
                &format!("/{northwind}/adminconsent"),
                &[
                    ("csrf", nina_csrf.as_str()),
                    ("client_id", &client_id),
                    ("redirect_uri", "https://evil.example/"),
                    ("decision", "accept"),
                ],
            )
            .await;
        assert_eq!(bad.status(), 400);
        // Declining sends the application Entra's access_denied and makes nothing.
        let declined = nina_browser
            .post(
                &format!("/{northwind}/adminconsent"),
                &[
                    ("csrf", nina_csrf.as_str()),
                    ("client_id", &client_id),
                    ("redirect_uri", CALLBACK),
                    ("state", "d-1"),
                    ("decision", "decline"),
                ],
            )
            .await;
        assert_eq!(declined.status(), 303);
        let back = location(&declined);
        assert!(
            back.starts_with(CALLBACK) && back.contains("error=access_denied"),
            "{back}"
        );
        assert!(back.contains("state=d-1"), "{back}");
        let (_, nothing) = server
            .call(
                Method::GET,
                "/v1.0/servicePrincipals",
                Some(&northwind_admin),
                None,
            )
            .await;
        assert_eq!(nothing["value"], json!([]), "neither made a principal");
        // Nina, Northwind's administrator, cannot consent for Tailspin: its consent
        // page wants one of Tailspin's own to sign in.
        let elsewhere = nina_browser
            .get(&format!("/{tailspin}/adminconsent?client_id={client_id}"))
            .await;
        assert_eq!(elsewhere.status(), 303);
        assert!(location(&elsewhere).starts_with(&format!("/{tailspin}/login?")));
        let posted = nina_browser
            .post(
                &format!("/{tailspin}/adminconsent"),
                &[
                    ("csrf", nina_csrf.as_str()),
                    ("client_id", &client_id),
                    ("decision", "accept"),
                ],
            )
            .await;
        assert_eq!(posted.status(), 303);
        assert!(location(&posted).starts_with(&format!("/{tailspin}/login?")));
        consent(&mut nina_browser, northwind, &client_id).await;
        let code =
            code_through_organizations(&mut nina_browser, &client_id, "nina@northwind.example")
                .await;
        let (status, tokens) = redeem(&server, &client_id, &secret, &code).await;
        assert_eq!(status, StatusCode::OK, "{tokens}");
        let id_token = payload(tokens["id_token"].as_str().expect("id_token"));
        assert_eq!(id_token["iss"], format!("{base}/{northwind}/v2.0"));
        assert_eq!(id_token["tid"], northwind.to_string());
        assert!(
            id_token.get("roles").is_none_or(|r| r == &json!([])),
            "{id_token}"
        );
        // A code of Northwind is not Fabrikam's: a code is spent where it was issued.
        let (status, _) = redeem(&server, &client_id, &secret, &code).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "a code is used once");

        // Tailspin never consented: its people get the page; Tom, no administrator,
        // cannot consent for it.
        let mut tom_browser = signed_in(&server, &tom).await;
        let needed = tom_browser
            .get(&organizations_authorize(
                &client_id,
                Some("tom@tailspin.example"),
            ))
            .await;
        assert_eq!(needed.status(), 403);
        let tenant_authority = tom_browser
            .get(&format!(
                "/{tailspin}/oauth2/v2.0/authorize?client_id={client_id}&response_type=code&redirect_uri={}&scope=openid",
                url::form_urlencoded::byte_serialize(CALLBACK.as_bytes()).collect::<String>()
            ))
            .await;
        assert_eq!(
            tenant_authority.status(),
            403,
            "the tenant's own authority says the same"
        );
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs([
                ("client_id", client_id.as_str()),
                ("redirect_uri", CALLBACK),
            ])
            .finish();
        let not_admin = tom_browser
            .get(&format!("/{tailspin}/adminconsent?{query}"))
            .await;
        assert_eq!(not_admin.status(), 403);
        let (status, none) = server
            .call(
                Method::GET,
                "/v1.0/servicePrincipals",
                Some(&admin_of(&server, tailspin)),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(none["value"], json!([]));

        // Fabrikam removes the application: Ada's refresh ends, and the next sign-in
        // asks for consent again; Northwind keeps it.
        let (status, _) = server
            .call(
                Method::DELETE,
                &format!("/v1.0/servicePrincipals/{principal_id}"),
                Some(&fabrikam_admin),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, ended) = organizations_token(
            &server,
            &client_id,
            &secret,
            &[
                ("grant_type", "refresh_token"),
                (
                    "refresh_token",
                    refreshed["refresh_token"].as_str().unwrap(),
                ),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{ended}");
        assert_eq!(ended["error"], "invalid_grant");
        let again = ada_browser
            .get(&organizations_authorize(
                &client_id,
                Some("ada@fabrikam.example"),
            ))
            .await;
        assert_eq!(again.status(), 403);
        let (_, kept) = server
            .call(
                Method::GET,
                "/v1.0/servicePrincipals",
                Some(&northwind_admin),
                None,
            )
            .await;
        assert_eq!(kept["value"].as_array().map(Vec::len), Some(1));

        // An application for its own organization only is refused at /organizations,
        // and cannot be consented to.
        let (single, _, _) = register(&server, &vendor_admin, "AzureADMyOrg").await;
        let refused = Browser::new(&server)
            .get(&organizations_authorize(
                &single,
                Some("nina@northwind.example"),
            ))
            .await;
        assert_eq!(refused.status(), 400);
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs([("client_id", single.as_str()), ("redirect_uri", CALLBACK)])
            .finish();
        let shown = nina_browser
            .get(&format!("/{northwind}/adminconsent?{query}"))
            .await;
        assert_eq!(shown.status(), 400);
        // A redirect_uri the application does not have is never followed.
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs([
                ("client_id", client_id.as_str()),
                ("redirect_uri", "https://evil.example/"),
            ])
            .finish();
        let shown = nina_browser
            .get(&format!("/{northwind}/adminconsent?{query}"))
            .await;
        assert_eq!(shown.status(), 400);
        let bad = Browser::new(&server)
            .get(
                &organizations_authorize(&client_id, Some("nina@northwind.example")).replace(
                    &url::form_urlencoded::byte_serialize(CALLBACK.as_bytes()).collect::<String>(),
                    "https%3A%2F%2Fevil.example%2F",
                ),
            )
            .await;
        assert_eq!(bad.status(), 400);
        server.stop().await;
    }
}

/// The vendor's web application for MSAL: open to other organizations, with the
/// loopback callback MSAL's web app listens on and the server's health page (a real
/// page for the browser to land on after consent).
async fn register_web(server: &TestServer) -> (String, String) {
    let vendor_admin = admin_of(server, server.bootstrap().tenant_id);
    let uris = [
        "http://localhost/auth/callback".to_owned(),
        server.url("/healthz"),
    ];
    let (client_id, _, secret) =
        register_with(server, &vendor_admin, "AzureADMultipleOrgs", &uris).await;
    (client_id, secret)
}

#[tokio::test]
async fn msal_node_signs_in_people_of_two_customers_through_organizations() {
    let server = TestServer::start_tls(entente_testkit::Backend::Sqlite).await;
    let base = server.base_url.clone();
    let (client_id, secret) = register_web(&server).await;
    let [ada, nina, tom] = customers(&server, true).await;
    let healthz = server.url("/healthz");
    for person in [&ada, &nina] {
        let mut browser = signed_in(&server, person).await;
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs([
                ("client_id", client_id.as_str()),
                ("redirect_uri", healthz.as_str()),
            ])
            .finish();
        let html = browser
            .get(&format!("/{}/adminconsent?{query}", person.tenant_id))
            .await
            .text()
            .await
            .expect("page");
        let csrf = hidden_field(&html, "csrf").expect("csrf");
        let done = browser
            .post(
                &format!("/{}/adminconsent", person.tenant_id),
                &[
                    ("csrf", csrf.as_str()),
                    ("client_id", &client_id),
                    ("redirect_uri", &healthz),
                    ("decision", "accept"),
                ],
            )
            .await;
        assert_eq!(done.status(), 303);
    }
    // Fabrikam gives Ada the Approver role.
    let fabrikam_admin = admin_of(&server, ada.tenant_id);
    let (_, principals) = server
        .call(
            Method::GET,
            "/v1.0/servicePrincipals",
            Some(&fabrikam_admin),
            None,
        )
        .await;
    let principal = principals["value"][0]["id"]
        .as_str()
        .expect("principal")
        .to_owned();
    let (status, _) = server
        .call(
            Method::POST,
            &format!("/v1.0/servicePrincipals/{principal}/appRoleAssignedTo"),
            Some(&fabrikam_admin),
            Some(json!({ "principalId": ada.id.to_string(), "resourceId": principal, "appRoleId": APPROVER })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);

    let ca = server.tls_ca_file().expect("CA");
    let seen = crate::browser::scenario_with(
        "msal-organizations",
        json!({
            "authority": format!("{base}/organizations"), "clientId": client_id,
            "clientSecret": secret, "userScopes": [format!("{base}/User.Read")],
            "callbackPath": "/auth/callback", "password": PASSWORD,
            "people": [
                { "login": "ada@fabrikam.example", "hint": false },
                { "login": "nina@northwind.example", "hint": true },
            ],
        }),
        &[("NODE_EXTRA_CA_CERTS", ca.as_path())],
    )
    .await;
    let audits = seen["audits"].to_string();
    for (i, person) in [&ada, &nina].into_iter().enumerate() {
        let got = &seen["people"][i];
        let tenant = person.tenant_id.to_string();
        assert_eq!(got["loginPage"], format!("/{tenant}/login"), "{seen}");
        assert_eq!(got["issInCallback"], Value::Null, "{seen}");
        assert_eq!(
            got["idToken"]["iss"],
            format!("{base}/{tenant}/v2.0"),
            "{seen}"
        );
        assert_eq!(got["idToken"]["tid"], tenant, "{seen}");
        assert_eq!(got["idToken"]["aud"], client_id, "{seen}");
        assert_eq!(got["access"]["tid"], tenant, "{seen}");
        assert_eq!(got["tenantId"], tenant, "{seen}");
        assert_eq!(
            got["homeAccountId"],
            format!("{}.{tenant}", person.id),
            "{seen}"
        );
        assert_eq!(got["silentFromCache"], false, "{seen}");
        assert_eq!(got["silent"]["tid"], tenant, "{seen}");
    }
    assert_eq!(seen["people"][0]["typed"], true, "{seen}");
    assert_eq!(
        seen["people"][0]["idToken"]["roles"],
        json!(["Approver"]),
        "{seen}"
    );
    assert!(
        seen["people"][1]["idToken"].get("roles").is_none(),
        "{seen}"
    );

    // Tailspin has not consented: its person sees why; its administrator consents
    // on the page, and lands where the application asked.
    let needed = format!(
        "{base}{}",
        organizations_authorize(&client_id, Some("tom@tailspin.example")).replace(
            &url::form_urlencoded::byte_serialize(CALLBACK.as_bytes()).collect::<String>(),
            &url::form_urlencoded::byte_serialize(b"http://localhost/auth/callback")
                .collect::<String>(),
        )
    );
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("client_id", client_id.as_str()),
            ("redirect_uri", healthz.as_str()),
            ("state", "c-9"),
        ])
        .finish();
    let pages = crate::browser::scenario_with(
        "consent-pages",
        json!({
            "needed": needed,
            "consent": format!("{base}/{}/adminconsent?{query}", tom.tenant_id),
            "login": "tom@tailspin.example", "password": PASSWORD,
            "apps": format!("{base}/{}/admin/apps", tom.tenant_id),
        }),
        &[("NODE_EXTRA_CA_CERTS", ca.as_path())],
    )
    .await;
    assert!(
        pages["needed"]
            .as_str()
            .is_some_and(|t| t.contains("Timesheets") && t.contains("Tailspin")),
        "{pages}"
    );
    assert!(
        pages["roles"]
            .as_str()
            .is_some_and(|t| t.contains("Approver")),
        "{pages}"
    );
    let landed = pages["landed"].as_str().expect("landed");
    assert!(landed.starts_with(&healthz), "{pages}");
    assert!(landed.contains("admin_consent=True"), "{pages}");
    assert!(
        landed.contains(&format!("tenant={}", tom.tenant_id)),
        "{pages}"
    );
    assert!(landed.contains("state=c-9"), "{pages}");
    assert_eq!(pages["publisher"], "Contoso", "{pages}");
    let others = pages["others"].as_array().expect("rows");
    assert_eq!(others.len(), 1, "{pages}");
    let row = others[0].as_str().expect("row");
    assert!(
        row.contains("Timesheets") && row.contains("Contoso") && row.contains(&client_id),
        "{row}"
    );
    for name in [
        "organizations-address",
        "consent-needed",
        "admin-consent",
        "admin-apps-others",
        "admin-other-app",
    ] {
        assert_eq!(
            pages["audits"].get(name).or(seen["audits"].get(name)),
            Some(&json!([])),
            "{name}: {audits} {pages}"
        );
    }
    server.stop().await;
}

/// openid-client, unchanged, configured per customer tenant (the issuer each one's
/// discovery names, checked in every ID token), signs in a person of each customer
/// to the vendor's application: each gets its own tenant's issuer and `tid`.
#[tokio::test]
async fn openid_client_checks_each_customers_issuer() {
    let dir = crate::node_client::node_clients_dir();
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let vendor_admin = admin_of(&server, server.bootstrap().tenant_id);
        let (client_id, _, secret) = register(&server, &vendor_admin, "AzureADMultipleOrgs").await;
        let [ada, nina, tom] = customers(&server, false).await;
        for person in [&ada, &nina] {
            let mut browser = signed_in(&server, person).await;
            consent(&mut browser, person.tenant_id, &client_id).await;
            let issuer = format!("{}/{}/v2.0", server.base_url, person.tenant_id);
            let output = tokio::process::Command::new("node")
                .arg("oidc_flow.mjs")
                .current_dir(&dir)
                .env("ISSUER", &issuer)
                .env("BASE_URL", &server.base_url)
                .env("REDIRECT_URI", CALLBACK)
                .env("CLIENT_ID", &client_id)
                .env("CLIENT_SECRET", &secret)
                .env("LOGIN", &person.user_principal_name)
                .env("PASSWORD", PASSWORD)
                .output()
                .await
                .expect("node must be installed");
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(
                output.status.success(),
                "{backend:?}: openid-client failed: {}{stdout}",
                String::from_utf8_lossy(&output.stderr)
            );
            let seen: Value = serde_json::from_str(stdout.trim()).expect("the script prints JSON");
            assert_eq!(seen["idToken"]["iss"], issuer);
            assert_eq!(seen["idToken"]["tid"], person.tenant_id.to_string());
            assert_eq!(seen["idToken"]["sub"], person.id.to_string());
            assert_eq!(seen["idToken"]["aud"], client_id);
            assert_eq!(seen["refreshed"]["rotated"], true);
        }
        // The same client against an issuer of a tenant without consent is turned
        // away at authorize, with the page that says so.
        let output = tokio::process::Command::new("node")
            .arg("oidc_flow.mjs")
            .current_dir(&dir)
            .env(
                "ISSUER",
                format!("{}/{}/v2.0", server.base_url, tom.tenant_id),
            )
            .env("BASE_URL", &server.base_url)
            .env("REDIRECT_URI", CALLBACK)
            .env("CLIENT_ID", &client_id)
            .env("CLIENT_SECRET", &secret)
            .env("LOGIN", &tom.user_principal_name)
            .env("PASSWORD", PASSWORD)
            .output()
            .await
            .expect("node must be installed");
        assert!(!output.status.success());
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("authorize answered 403"),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        server.stop().await;
    }
}

/// The customer's portal lists the application it consented to, with its
/// publisher; requiring an assignment there keeps Ada out until she has one, and
/// removing it (confirmed first) ends it. Another tenant's admin cannot touch it.
#[tokio::test]
async fn the_customers_portal_shows_restricts_and_removes_the_application() {
    let server = TestServer::start().await;
    let vendor_admin = admin_of(&server, server.bootstrap().tenant_id);
    let (client_id, _, secret) = register(&server, &vendor_admin, "AzureADMultipleOrgs").await;
    let [ada, nina, _] = customers(&server, false).await;
    let fabrikam = ada.tenant_id;
    let mut browser = signed_in(&server, &ada).await;
    consent(&mut browser, fabrikam, &client_id).await;
    let apps = format!("/{fabrikam}/admin/apps");
    let html = browser.get(&apps).await.text().await.expect("page");
    assert!(html.contains("id=\"other-apps\""), "{html}");
    assert!(
        html.contains("Contoso") && html.contains(&client_id),
        "{html}"
    );
    let (_, listed) = server
        .call(
            Method::GET,
            "/v1.0/servicePrincipals",
            Some(&admin_of(&server, fabrikam)),
            None,
        )
        .await;
    let principal = listed["value"][0]["id"]
        .as_str()
        .expect("principal")
        .to_owned();
    let csrf = hidden_field(&html, "csrf").expect("csrf");

    // Only assigned people: Ada, unassigned, gets a code but no token.
    let saved = browser
        .post(
            &format!("/{fabrikam}/admin/apps/others/{principal}/access"),
            &[("csrf", csrf.as_str()), ("assigned_only", "on")],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let notice = browser
        .get(&location(&saved))
        .await
        .text()
        .await
        .expect("page");
    assert!(
        notice.contains("Timesheets"),
        "the notice names it: {notice}"
    );
    let code = code_through_organizations(&mut browser, &client_id, "ada@fabrikam.example").await;
    let (status, refused) = redeem(&server, &client_id, &secret, &code).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert!(
        refused["error_description"]
            .as_str()
            .is_some_and(|d| d.contains("not assigned")),
        "{refused}"
    );

    // Fabrikam gives Ada the Approver role on the application's page: now she comes
    // in, with the role.
    let page = format!("/{fabrikam}/admin/apps/others/{principal}");
    let html = browser.get(&page).await.text().await.expect("page");
    assert!(
        html.contains("Approves timesheets") && html.contains("id=\"no-assignments\""),
        "{html}"
    );
    let assigned = browser
        .post(
            &format!("/{fabrikam}/admin/apps/{principal}/assignments"),
            &[
                ("csrf", csrf.as_str()),
                ("principal", "ada@fabrikam.example"),
                ("role", APPROVER),
            ],
        )
        .await;
    assert_eq!(assigned.status(), 303);
    assert_eq!(location(&assigned), page);
    let html = browser.get(&page).await.text().await.expect("page");
    assert!(
        html.contains("id=\"assignments\"") && html.contains("Approver"),
        "{html}"
    );
    // Ada finds it among her applications.
    let mine = browser.get(&format!("/{fabrikam}/myapps")).await;
    assert_eq!(mine.status(), 200);
    let mine = mine.text().await.expect("page");
    assert!(mine.contains("Timesheets"), "{mine}");
    let unknown = browser
        .post(
            &format!("/{fabrikam}/admin/apps/{principal}/assignments"),
            &[
                ("csrf", csrf.as_str()),
                ("principal", "nobody@fabrikam.example"),
            ],
        )
        .await;
    assert_eq!(
        unknown.status(),
        400,
        "an unknown person is said on the page"
    );
    assert!(
        unknown
            .text()
            .await
            .expect("page")
            .contains("nobody@fabrikam.example")
    );
    let code = code_through_organizations(&mut browser, &client_id, "ada@fabrikam.example").await;
    let (status, tokens) = redeem(&server, &client_id, &secret, &code).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(
        payload(tokens["id_token"].as_str().expect("id token"))["roles"],
        json!(["Approver"])
    );

    // Northwind's administrator cannot change or remove Fabrikam's.
    let mut other = signed_in(&server, &nina).await;
    let other_html = other
        .get(&format!("/{}/admin/apps", nina.tenant_id))
        .await
        .text()
        .await
        .expect("page");
    assert!(other_html.contains("id=\"no-others\""), "{other_html}");
    let other_csrf = hidden_field(&other_html, "csrf").expect("csrf");
    let their_page = other
        .get(&format!(
            "/{}/admin/apps/others/{principal}",
            nina.tenant_id
        ))
        .await;
    assert_eq!(
        their_page.status(),
        404,
        "Fabrikam's principal is nothing at Northwind"
    );
    for path in [
        format!("/{}/admin/apps/others/{principal}/remove", nina.tenant_id),
        format!("/{}/admin/apps/others/{principal}/access", nina.tenant_id),
    ] {
        let answer = other
            .post(&path, &[("csrf", other_csrf.as_str()), ("confirm", "yes")])
            .await;
        assert_eq!(answer.status(), 404, "{path}");
    }

    // Removal asks first, then ends it.
    let remove = format!("/{fabrikam}/admin/apps/others/{principal}/remove");
    let asked = browser.post(&remove, &[("csrf", csrf.as_str())]).await;
    assert_eq!(asked.status(), 200);
    let question = asked.text().await.expect("page");
    assert!(
        question.contains("Timesheets") && question.contains("Fabrikam"),
        "{question}"
    );
    let (_, still) = server
        .call(
            Method::GET,
            "/v1.0/servicePrincipals",
            Some(&admin_of(&server, fabrikam)),
            None,
        )
        .await;
    assert_eq!(
        still["value"].as_array().map(Vec::len),
        Some(1),
        "asking removes nothing"
    );
    let removed = browser
        .post(&remove, &[("csrf", csrf.as_str()), ("confirm", "yes")])
        .await;
    assert_eq!(removed.status(), 303);
    let html = browser.get(&apps).await.text().await.expect("page");
    assert!(html.contains("id=\"no-others\""), "{html}");
    server.stop().await;
}
