//! Federation with a partner's own OpenID provider: a second Entente deployment plays
//! Fabrikam's provider (a real server on loopback, reached over HTTP with discovery,
//! the code flow with PKCE and its published keys). Contoso registers it for
//! fabrikam.example; Alice redeems there, gets Contoso's tokens naming that provider,
//! signs in again through it, and stops getting in once Fabrikam disables her.

use entente_model::{TenantId, User};
use entente_testkit::{TestApp, TestServer, backends, hidden_field};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{Browser, authorize_url, location, payload, tokens_for};

/// Fabrikam's deployment: a tenant that proved fabrikam.example with Alice and Bob,
/// and the client Contoso's deployment is registered as.
struct Partner {
    server: TestServer,
    tenant: TenantId,
    alice: User,
    client: TestApp,
}

async fn partner(contoso: &TestServer) -> Partner {
    let server = TestServer::start().await;
    let alice = server
        .partner_tenant(
            "Fabrikam",
            "fabrikam.example",
            "alice@fabrikam.example",
            "alice password",
            false,
        )
        .await;
    let tenant = alice.tenant_id;
    let bob = entente_model::User::new_member(
        tenant,
        "bob@fabrikam.example".to_owned(),
        Some("bob@fabrikam.example".to_owned()),
        "Bob".to_owned(),
        entente_testkit::now(),
    );
    let hash = entente_domain::crypto::hash_password(
        "bob password",
        &entente_domain::crypto::SystemEntropy,
    );
    let mut tx = server.services.store.write().await.expect("write");
    tx.db()
        .insert_user(entente_storage::NewUser {
            user: &bob,
            password_hash: Some(&hash),
        })
        .await
        .expect("bob");
    tx.commit().await.expect("commit");
    let callback = contoso.url(&format!(
        "/{}/federation/callback",
        contoso.bootstrap().tenant_id
    ));
    let client = server
        .register_app_in(tenant, "Contoso B2B", &callback, false)
        .await;
    Partner {
        server,
        tenant,
        alice,
        client,
    }
}

impl Partner {
    /// [`Partner::authorize`] as Alice.
    async fn as_alice(&self, browser: &mut Browser<'_>, url: &str) -> String {
        self.authorize(browser, url, "alice@fabrikam.example", "alice password")
            .await
    }

    fn issuer(&self) -> String {
        self.server.url(&format!("/{}/v2.0", self.tenant))
    }

    /// Follows the provider's authorization request as the partner's browser: signs
    /// in (when it has no session yet) and returns where the provider sends it back.
    async fn authorize(
        &self,
        browser: &mut Browser<'_>,
        url: &str,
        login: &str,
        password: &str,
    ) -> String {
        let answer = browser.get(url).await;
        assert_eq!(answer.status(), 303, "the provider answers with a redirect");
        let next = location(&answer);
        if !next.contains("/login") {
            return next;
        }
        let page = browser.get(&next).await;
        let html = page.text().await.expect("login page");
        let csrf = hidden_field(&html, "csrf").expect("csrf");
        let return_to = hidden_field(&html, "return_to").expect("return_to");
        let signed_in = browser
            .post(
                &format!("/{}/login", self.tenant),
                &[
                    ("login", login),
                    ("password", password),
                    ("csrf", &csrf),
                    ("return_to", &return_to),
                ],
            )
            .await;
        if signed_in.status() != 303 {
            return format!("refused: {}", signed_in.status());
        }
        let again = browser
            .get(&location(&signed_in).replace("&amp;", "&"))
            .await;
        assert_eq!(again.status(), 303);
        location(&again)
    }
}

async fn register(contoso: &TestServer, token: &str, partner: &Partner) -> Value {
    let (status, created) = contoso
        .call(
            Method::POST,
            "/v1.0/directory/federationConfigurations",
            Some(token),
            Some(json!({
                "displayName": "Fabrikam",
                "issuerUri": partner.issuer(),
                "clientId": partner.client.client_id,
                "clientSecret": partner.client.client_secret,
                "domains": ["Fabrikam.example"],
            })),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    created
}

/// The guest object as stored.
async fn guest_record(contoso: &TestServer, tenant: TenantId, guest: &str) -> User {
    let mut conn = contoso.services.store.read().await.expect("read");
    conn.db()
        .user_by_id(tenant, guest.parse().expect("id"))
        .await
        .expect("query")
        .expect("guest")
}

/// The provider's answer `back` is refused with a page saying `phrase`, and the
/// guest's invitation stays open.
async fn refused_and_pending(
    contoso: &TestServer,
    token: &str,
    browser: &mut Browser<'_>,
    back: &str,
    guest: &str,
    phrase: &str,
) {
    let refused = browser.get(back).await;
    assert_eq!(refused.status(), 400);
    let html = refused.text().await.expect("page");
    assert!(html.contains(phrase), "{html}");
    let (_, user) = contoso
        .call(
            Method::GET,
            &format!("/v1.0/users/{guest}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(user["externalUserState"], "PendingAcceptance", "{user}");
}

async fn invite(contoso: &TestServer, token: &str, email: &str) -> (String, String) {
    let (status, invited) = contoso
        .call(
            Method::POST,
            "/v1.0/invitations",
            Some(token),
            Some(json!({
                "invitedUserEmailAddress": email,
                "inviteRedirectUrl": "https://app.contoso.example/start",
            })),
        )
        .await;
    assert_eq!(status, 201, "{invited}");
    (
        invited["inviteRedeemUrl"].as_str().expect("url").to_owned(),
        invited["invitedUser"]["id"]
            .as_str()
            .expect("id")
            .to_owned(),
    )
}

#[tokio::test]
async fn a_partner_with_its_own_provider_redeems_signs_in_there_and_loses_access_when_disabled() {
    for backend in backends() {
        let contoso = TestServer::start_on(backend).await;
        let token = contoso.api_token().await;
        let contoso_tenant = contoso.bootstrap().tenant_id;
        let fabrikam = partner(&contoso).await;
        let created = register(&contoso, &token, &fabrikam).await;
        assert_eq!(created["issuerUri"], fabrikam.issuer());
        assert_eq!(created["domains"], json!([{ "id": "fabrikam.example" }]));
        assert_eq!(
            created["redirectUri"],
            contoso.url(&format!("/{contoso_tenant}/federation/callback"))
        );
        assert!(created.get("clientSecret").is_none(), "{created}");

        // Alice's invitation page sends her to Fabrikam's provider.
        let (link, guest) = invite(&contoso, &token, "alice@fabrikam.example").await;
        let mut at_contoso = Browser::new(&contoso);
        let html = at_contoso.get(&link).await.text().await.expect("page");
        let secret = link.rsplit('/').next().expect("secret");
        assert!(
            html.contains(&format!("href=\"/redeem/{secret}/partner\"")),
            "{html}"
        );
        assert!(html.contains("Fabrikam"), "{html}");
        // Before going there, Alice reviews what Contoso will receive.
        assert!(
            html.contains("<li>Read your name and email address</li>"),
            "{html}"
        );
        let out = at_contoso.get(&format!("{link}/partner")).await;
        assert_eq!(out.status(), 303);
        let authorize = location(&out);
        assert!(
            authorize.starts_with(
                &fabrikam
                    .server
                    .url(&format!("/{}/oauth2/v2.0/authorize", fabrikam.tenant))
            ),
            "{authorize}"
        );
        let request = url::Url::parse(&authorize).expect("url");
        let param = |name: &str| {
            request
                .query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        assert_eq!(param("code_challenge_method").as_deref(), Some("S256"));
        assert_eq!(
            param("login_hint").as_deref(),
            Some("alice@fabrikam.example")
        );
        assert!(param("nonce").is_some_and(|n| n.len() >= 32));

        // At Fabrikam, Alice signs in; the provider sends her back with a code.
        let mut at_fabrikam = Browser::new(&fabrikam.server);
        let back = fabrikam.as_alice(&mut at_fabrikam, &authorize).await;
        assert!(back.contains("/federation/callback?"), "{back}");
        // Finished in another browser (no state cookie), the answer is refused and
        // the state is not spent.
        let stranger = contoso.http.get(&back).send().await.expect("GET");
        assert_eq!(stranger.status(), 400);
        let landed = at_contoso.get(&back).await;
        assert_eq!(
            landed.status(),
            303,
            "{}",
            landed.text().await.unwrap_or_default()
        );
        assert_eq!(location(&landed), "https://app.contoso.example/start");
        // The same answer a second time is refused: a state works once.
        let replay = at_contoso.get(&back).await;
        assert_eq!(replay.status(), 400);

        // The guest object records Fabrikam's provider and Alice's subject there.
        let (status, user) = contoso
            .call(
                Method::GET,
                &format!("/v1.0/users/{guest}"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(user["externalUserState"], "Accepted", "{user}");
        let record = guest_record(&contoso, contoso_tenant, &guest).await;
        let altsecid = format!("{}|{}", fabrikam.issuer(), fabrikam.alice.id);
        assert_eq!(
            record.alternative_security_id.as_deref(),
            Some(altsecid.as_str())
        );
        assert_eq!(
            record.external_issuer.as_deref(),
            Some(fabrikam.issuer().as_str())
        );
        assert_eq!(
            record.sign_in_name.as_deref(),
            Some("alice@fabrikam.example")
        );

        // Contoso's tokens for its app name the provider and the identity there.
        let app = contoso
            .register_app("Contoso Portal", "https://app.contoso.example/cb", false)
            .await;
        let tokens = tokens_for(&mut at_contoso, &app, contoso_tenant).await;
        let claims = payload(tokens["id_token"].as_str().expect("id token"));
        assert_eq!(claims["tid"], contoso_tenant.to_string());
        assert_eq!(claims["oid"], guest);
        assert_eq!(claims["idp"], fabrikam.issuer());
        assert_eq!(claims["altsecid"], altsecid);
        assert_eq!(claims["email"], "alice@fabrikam.example");
        assert!(
            claims["amr"]
                .as_array()
                .expect("amr")
                .contains(&json!("fed"))
        );

        // Later, a new browser signs in at Contoso: the address goes to Fabrikam,
        // whose session is still open, and comes back signed in.
        let mut later = Browser::new(&contoso);
        let authorize = sign_in(&mut later, contoso_tenant, "Alice@Fabrikam.example").await;
        let back = fabrikam.as_alice(&mut at_fabrikam, &authorize).await;
        let landed = later.get(&back).await;
        assert_eq!(landed.status(), 303);
        assert_eq!(location(&landed), format!("/{contoso_tenant}/myapps"));
        let apps = later.get(&format!("/{contoso_tenant}/myapps")).await;
        assert_eq!(apps.status(), 200);

        // Fabrikam disables Alice: her next sign-in there fails, so Contoso opens no
        // session for her.
        let mut tx = fabrikam.server.services.store.write().await.expect("write");
        tx.db()
            .update_user(
                fabrikam.tenant,
                fabrikam.alice.id,
                &entente_storage::UserPatch {
                    account_enabled: Some(false),
                    ..Default::default()
                },
                entente_testkit::now(),
            )
            .await
            .expect("disable");
        tx.commit().await.expect("commit");
        let mut blocked = Browser::new(&contoso);
        let authorize = sign_in(&mut blocked, contoso_tenant, "alice@fabrikam.example").await;
        let mut fresh_at_fabrikam = Browser::new(&fabrikam.server);
        let outcome = fabrikam.as_alice(&mut fresh_at_fabrikam, &authorize).await;
        assert!(outcome.starts_with("refused"), "{outcome}");

        fabrikam.server.stop().await;
        contoso.stop().await;
    }
}

#[tokio::test]
async fn the_provider_must_vouch_for_the_invited_address_and_bad_configurations_are_refused() {
    for backend in backends() {
        let contoso = TestServer::start_on(backend).await;
        let token = contoso.api_token().await;
        let fabrikam = partner(&contoso).await;

        // Refused with the reason, and nothing saved: an issuer whose discovery
        // document names another, a domain an organization here has proven, a
        // plain-http issuer elsewhere than this machine, no domain.
        let attempts = [
            (
                json!({ "issuerUri": format!("{}/", fabrikam.issuer()) }),
                400,
                "names the issuer",
            ),
            (
                json!({ "issuerUri": "http://login.fabrikam.example/v2.0" }),
                400,
                "https",
            ),
            (json!({ "domains": [] }), 400, "at least one"),
        ];
        for (change, status, reason) in attempts {
            let mut body = json!({
                "displayName": "Fabrikam",
                "issuerUri": fabrikam.issuer(),
                "clientId": fabrikam.client.client_id,
                "clientSecret": fabrikam.client.client_secret,
                "domains": ["fabrikam.example"],
            });
            for (k, v) in change.as_object().expect("object") {
                body[k] = v.clone();
            }
            let (got, answer) = contoso
                .call(
                    Method::POST,
                    "/v1.0/directory/federationConfigurations",
                    Some(&token),
                    Some(body),
                )
                .await;
            assert_eq!(got, status, "{answer}");
            assert!(
                answer["error"]["message"]
                    .as_str()
                    .is_some_and(|m| m.contains(reason)),
                "{answer}"
            );
        }
        contoso
            .partner_tenant(
                "Litware",
                "litware.example",
                "x@litware.example",
                "pw",
                false,
            )
            .await;
        let (got, answer) = contoso
            .call(
                Method::POST,
                "/v1.0/directory/federationConfigurations",
                Some(&token),
                Some(json!({
                    "displayName": "Litware",
                    "issuerUri": fabrikam.issuer(),
                    "clientId": "x",
                    "clientSecret": "y",
                    "domains": ["litware.example"],
                })),
            )
            .await;
        assert_eq!(got, 409, "{answer}");
        let (_, listed) = contoso
            .call(
                Method::GET,
                "/v1.0/directory/federationConfigurations",
                Some(&token),
                None,
            )
            .await;
        assert_eq!(listed["value"], json!([]));

        // Bob's invitation, but Alice signs in at Fabrikam: refused, and Bob's
        // invitation stays open.
        let created = register(&contoso, &token, &fabrikam).await;
        let (link, guest) = invite(&contoso, &token, "bob@fabrikam.example").await;
        let mut at_contoso = Browser::new(&contoso);
        // A one-time code cannot stand in for Fabrikam's provider (the page offers
        // none; a form token from another page of the site is used to ask anyway).
        let html = at_contoso.get(&link).await.text().await.expect("page");
        assert!(!html.contains("/code\""), "{html}");
        let tenant = contoso.bootstrap().tenant_id;
        let login = at_contoso.get(&format!("/{tenant}/login")).await;
        let csrf = hidden_field(&login.text().await.expect("login"), "csrf").expect("csrf");
        let code = at_contoso
            .post(&format!("{link}/code"), &[("csrf", csrf.as_str())])
            .await;
        assert_eq!(code.status(), 400);
        let html = code.text().await.expect("page");
        assert!(html.contains("Fabrikam"), "{html}");
        let out = at_contoso.get(&format!("{link}/partner")).await;
        let mut at_fabrikam = Browser::new(&fabrikam.server);
        let back = fabrikam.as_alice(&mut at_fabrikam, &location(&out)).await;
        refused_and_pending(
            &contoso,
            &token,
            &mut at_contoso,
            &back,
            &guest,
            "This invitation was sent to bob@fabrikam.example, but your organization signed you in as alice@fabrikam.example.",
        )
        .await;

        // The provider answering with an error (the person declined there) opens
        // nothing and keeps the invitation.
        let out = at_contoso.get(&format!("{link}/partner")).await;
        let sent = url::Url::parse(&location(&out)).expect("url");
        let state = sent
            .query_pairs()
            .find(|(k, _)| k == "state")
            .map(|(_, v)| v.into_owned())
            .expect("state");
        let mut declined =
            url::Url::parse(&contoso.url(&format!("/{tenant}/federation/callback"))).expect("url");
        declined
            .query_pairs_mut()
            .append_pair("state", &state)
            .append_pair("error", "access_denied")
            .append_pair("error_description", "the user declined");
        let answer = at_contoso.get(declined.as_str()).await;
        assert_eq!(answer.status(), 502);
        assert!(!at_contoso.cookies.contains_key("entente_session"));

        // With a wrong client secret the provider refuses the code; the person sees
        // their organization's side failed (in their language), not the details.
        let id = created["id"].as_str().expect("id");
        let (status, _) = contoso
            .call(
                Method::PATCH,
                &format!("/v1.0/directory/federationConfigurations/{id}"),
                Some(&token),
                Some(json!({ "clientSecret": "not the secret" })),
            )
            .await;
        assert_eq!(status, 200);
        let out = at_contoso.get(&format!("{link}/partner")).await;
        let mut as_bob = Browser::new(&fabrikam.server);
        let back = fabrikam
            .authorize(
                &mut as_bob,
                &location(&out),
                "bob@fabrikam.example",
                "bob password",
            )
            .await;
        let failed = contoso
            .http
            .get(&back)
            .header("cookie", at_contoso.cookie_header())
            .header("accept-language", "nl")
            .send()
            .await
            .expect("GET");
        assert_eq!(failed.status(), 502);
        let html = failed.text().await.expect("page");
        assert!(html.contains("lang=\"nl\""), "{html}");
        assert!(!html.contains("invalid_client"), "{html}");

        // Removed, the provider no longer takes Fabrikam's addresses.
        let (status, _) = contoso
            .call(
                Method::DELETE,
                &format!("/v1.0/directory/federationConfigurations/{id}"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, 204);
        let html = at_contoso.get(&link).await.text().await.expect("page");
        assert!(!html.contains("/partner\""), "{html}");

        fabrikam.server.stop().await;
        contoso.stop().await;
    }
}
async fn sign_in(browser: &mut Browser<'_>, tenant: TenantId, login: &str) -> String {
    let page = browser.get(&format!("/{tenant}/login")).await;
    let html = page.text().await.expect("login");
    let csrf = hidden_field(&html, "csrf").expect("csrf");
    let sent = browser
        .post(
            &format!("/{tenant}/login"),
            &[
                ("login", login),
                ("password", ""),
                ("csrf", &csrf),
                ("return_to", &format!("/{tenant}/myapps")),
            ],
        )
        .await;
    assert_eq!(sent.status(), 303);
    location(&sent)
}

/// Posts an IdP's answer to Contoso's ACS from the partner's browser.
async fn post_answer(
    browser: &mut Browser<'_>,
    answer: &Value,
    response: &str,
) -> reqwest::Response {
    browser
        .post(
            answer["action"].as_str().expect("action"),
            &[
                ("SAMLResponse", response),
                ("RelayState", answer["relay_state"].as_str().expect("relay")),
            ],
        )
        .await
}

#[tokio::test]
async fn a_partner_with_a_saml_idp_redeems_there_and_signs_in_again() {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;

    for backend in backends() {
        let contoso = TestServer::start_on(backend).await;
        let token = contoso.api_token().await;
        let tenant = contoso.bootstrap().tenant_id;
        let issuer = "https://idp.litware.example/saml";
        let idp =
            entente_testkit::saml::IdentityProvider::new(issuer, "https://idp.litware.example/sso");
        let metadata = idp.run("metadata", json!({}));
        let (status, created) = contoso
            .call(
                Method::POST,
                "/v1.0/directory/federationConfigurations",
                Some(&token),
                Some(json!({
                    "displayName": "Litware",
                    "metadataXml": metadata["xml"],
                    "domains": ["litware.example"],
                })),
            )
            .await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["protocol"], "saml");
        assert_eq!(created["issuerUri"], issuer);
        assert_eq!(created["ssoUrl"], "https://idp.litware.example/sso");
        let acs = contoso.url(&format!("/{tenant}/federation/saml/acs"));
        assert_eq!(created["assertionConsumerServiceUrl"], acs);
        // Changes that do not fit a SAML IdP are refused with the reason and change
        // nothing: a client secret, another entity's metadata, both kinds at once.
        let config = format!(
            "/v1.0/directory/federationConfigurations/{}",
            created["id"].as_str().expect("id")
        );
        let other = entente_testkit::saml::IdentityProvider::new(
            "https://idp.other.example/saml",
            "https://idp.other.example/sso",
        )
        .run("metadata", json!({}));
        let refusals = [
            (
                json!({ "clientSecret": "s" }),
                "no clientId or clientSecret",
            ),
            (json!({ "metadataXml": other["xml"] }), "register a new IdP"),
        ];
        for (change, reason) in refusals {
            let (status, answer) = contoso
                .call(Method::PATCH, &config, Some(&token), Some(change))
                .await;
            assert_eq!(status, 400, "{answer}");
            assert!(
                answer["error"]["message"]
                    .as_str()
                    .is_some_and(|m| m.contains(reason)),
                "{answer}"
            );
        }
        let (status, answer) = contoso
            .call(
                Method::POST,
                "/v1.0/directory/federationConfigurations",
                Some(&token),
                Some(json!({
                    "displayName": "Both",
                    "metadataXml": metadata["xml"],
                    "issuerUri": "https://login.other.example/",
                    "domains": ["other.example"],
                })),
            )
            .await;
        assert_eq!(status, 400, "{answer}");
        let (_, unchanged) = contoso.call(Method::GET, &config, Some(&token), None).await;
        assert_eq!(unchanged["issuerUri"], issuer);
        assert_eq!(
            unchanged["signingCertificates"],
            created["signingCertificates"]
        );
        let sp_metadata = contoso
            .http
            .get(created["spEntityId"].as_str().expect("entity id"))
            .send()
            .await
            .expect("SP metadata")
            .text()
            .await
            .expect("text");
        assert!(
            sp_metadata.contains(&format!("Location=\"{acs}\"")),
            "{sp_metadata}"
        );

        // Carol's invitation sends her to Litware's IdP with an AuthnRequest.
        let (link, guest) = invite(&contoso, &token, "carol@litware.example").await;
        let mut browser = Browser::new(&contoso);
        let html = browser.get(&link).await.text().await.expect("page");
        assert!(html.contains("/partner\""), "{html}");
        let out = browser.get(&format!("{link}/partner")).await;
        assert_eq!(out.status(), 303);
        let to_idp = location(&out);
        assert!(
            to_idp.starts_with("https://idp.litware.example/sso?SAMLRequest="),
            "{to_idp}"
        );
        let carol = json!({ "uid": "carol-7", "email": "carol@litware.example", "name": "Carol" });
        let answer = idp.run(
            "sso",
            json!({ "url": to_idp, "sp_metadata": sp_metadata, "user": carol }),
        );
        assert!(answer.get("error").is_none(), "pysaml2 refused: {answer}");
        assert_eq!(answer["action"], acs);
        let response = answer["saml_response"].as_str().expect("response");

        // Posted from the IdP's site the state cookie stays behind: the ACS posts the
        // fields again from this site, and that copy finishes the redemption.
        let cross_site = contoso
            .http
            .post(&acs)
            .form(&[
                ("SAMLResponse", response),
                ("RelayState", answer["relay_state"].as_str().expect("relay")),
            ])
            .send()
            .await
            .expect("POST");
        assert_eq!(cross_site.status(), 200);
        let again = cross_site.text().await.expect("page");
        assert!(again.contains("name=\"bounced\""), "{again}");
        let landed = browser
            .post(
                &acs,
                &[
                    ("SAMLResponse", response),
                    ("RelayState", answer["relay_state"].as_str().expect("relay")),
                    ("bounced", "1"),
                ],
            )
            .await;
        assert_eq!(
            landed.status(),
            303,
            "{}",
            landed.text().await.unwrap_or_default()
        );
        assert_eq!(location(&landed), "https://app.contoso.example/start");

        let record = guest_record(&contoso, tenant, &guest).await;
        assert_eq!(
            record.alternative_security_id.as_deref(),
            Some("https://idp.litware.example/saml|carol-7")
        );
        assert_eq!(record.external_issuer.as_deref(), Some(issuer));
        let app = contoso
            .register_app("Contoso Portal", "https://app.contoso.example/cb", false)
            .await;
        let tokens = tokens_for(&mut browser, &app, tenant).await;
        let claims = payload(tokens["id_token"].as_str().expect("id token"));
        assert_eq!(claims["idp"], issuer);
        assert_eq!(claims["oid"], guest);

        // Contoso's guest MFA policy holds for a session Litware's IdP opened: the next
        // sign-in to the app owes Contoso's second factor first (the IdP's assertion
        // said password only, so trusting home MFA does not waive it).
        let (status, policy) = contoso
            .call(
                Method::PATCH,
                "/v1.0/policies/externalCollaborationPolicy",
                Some(&token),
                Some(json!({ "guestMfaRequired": true, "trustHomeMfa": true })),
            )
            .await;
        assert_eq!(status, 200, "{policy}");
        let authorize = authorize_url(&contoso, &app, tenant, "openid");
        let owed = browser.get(&authorize).await;
        assert_eq!(owed.status(), 303);
        assert!(
            location(&owed).starts_with(&format!("/{tenant}/mfa/guest?return_to=")),
            "{}",
            location(&owed)
        );
        let (status, _) = contoso
            .call(
                Method::PATCH,
                "/v1.0/policies/externalCollaborationPolicy",
                Some(&token),
                Some(json!({ "guestMfaRequired": false })),
            )
            .await;
        assert_eq!(status, 200);

        // Signing in again goes back to the IdP. A response altered on the way (the
        // address changed) fails its signature and opens nothing; the state it used
        // is spent, so the genuine copy is refused afterwards too.
        let mut later = Browser::new(&contoso);
        let to_idp = sign_in(&mut later, tenant, "carol@litware.example").await;
        let answer = idp.run(
            "sso",
            json!({ "url": to_idp, "sp_metadata": sp_metadata, "user": carol }),
        );
        let genuine = answer["saml_response"].as_str().expect("response");
        let xml = String::from_utf8(STANDARD.decode(genuine).expect("base64")).expect("utf-8");
        assert!(xml.contains("carol-7"), "{xml}");
        let forged = STANDARD.encode(xml.replace("carol-7", "dave-8"));
        let refused = post_answer(&mut later, &answer, &forged).await;
        assert_eq!(refused.status(), 502);
        let spent = post_answer(&mut later, &answer, genuine).await;
        assert_eq!(spent.status(), 400);

        let to_idp = sign_in(&mut later, tenant, "carol@litware.example").await;
        let answer = idp.run(
            "sso",
            json!({ "url": to_idp, "sp_metadata": sp_metadata, "user": carol, "sign_response": true }),
        );
        let landed = post_answer(
            &mut later,
            &answer,
            answer["saml_response"].as_str().expect("response"),
        )
        .await;
        assert_eq!(
            landed.status(),
            303,
            "{}",
            landed.text().await.unwrap_or_default()
        );
        assert_eq!(location(&landed), format!("/{tenant}/myapps"));

        // Cross-tenant access settings (issue 21): Litware is a partner by its
        // federation configuration. Its entry trusts the IdP's MFA (the REFEDS MFA
        // class in the assertion) while the default does not; once the entry stops
        // trusting it, the same assertion owes Contoso's own factor.
        let (status, _) = contoso
            .call(
                Method::PATCH,
                "/v1.0/policies/externalCollaborationPolicy",
                Some(&token),
                Some(json!({ "guestMfaRequired": true, "trustHomeMfa": false })),
            )
            .await;
        assert_eq!(status, 200);
        let litware = created["id"].as_str().expect("id");
        let (status, entry) = contoso
            .call(
                Method::POST,
                "/v1.0/policies/crossTenantAccessPolicy/partners",
                Some(&token),
                Some(json!({ "tenantId": litware, "inboundTrust": { "isMfaAccepted": true } })),
            )
            .await;
        assert_eq!(status, 201, "{entry}");
        for (trusted, owes) in [(true, false), (false, true)] {
            let (status, _) = contoso
                .call(
                    Method::PATCH,
                    &format!("/v1.0/policies/crossTenantAccessPolicy/partners/{litware}"),
                    Some(&token),
                    Some(json!({ "inboundTrust": { "isMfaAccepted": trusted } })),
                )
                .await;
            assert_eq!(status, 204);
            let mut mfa = Browser::new(&contoso);
            let to_idp = sign_in(&mut mfa, tenant, "carol@litware.example").await;
            let answer = idp.run(
                "sso",
                json!({ "url": to_idp, "sp_metadata": sp_metadata, "user": carol,
                        "class_ref": "https://refeds.org/profile/mfa" }),
            );
            let response = answer["saml_response"].as_str().expect("response");
            assert_eq!(post_answer(&mut mfa, &answer, response).await.status(), 303);
            let owed = mfa
                .get(&authorize_url(&contoso, &app, tenant, "openid"))
                .await;
            assert_eq!(owed.status(), 303);
            let target = location(&owed);
            assert_eq!(
                target.starts_with(&format!("/{tenant}/mfa/guest?return_to=")),
                owes,
                "trusted {trusted}: {target}"
            );
            assert_eq!(target.contains("code="), !owes, "{target}");
        }
        // And blocking Litware's people ends the next session: the page says why.
        let (status, _) = contoso
            .call(
                Method::PATCH,
                &format!("/v1.0/policies/crossTenantAccessPolicy/partners/{litware}"),
                Some(&token),
                Some(json!({ "b2bCollaborationInbound": {
                    "usersAndGroups": { "accessType": "blocked",
                        "targets": [{ "target": "AllUsers", "targetType": "user" }] },
                    "applications": { "accessType": "allowed",
                        "targets": [{ "target": "AllApplications", "targetType": "application" }] } } })),
            )
            .await;
        assert_eq!(status, 204);
        let blocked = later
            .get(&authorize_url(&contoso, &app, tenant, "openid"))
            .await;
        assert_eq!(blocked.status(), 403);
        let html = blocked.text().await.expect("page");
        assert!(html.contains("cross-tenant access settings"), "{html}");

        // A new invitation of Litware's people is refused while they are blocked; one
        // made before the block is refused at the redemption and stays open: nothing
        // is half-redeemed.
        let (status, invited) = contoso
            .call(
                Method::POST,
                "/v1.0/invitations",
                Some(&token),
                Some(json!({ "invitedUserEmailAddress": "erin@litware.example",
                             "inviteRedirectUrl": "https://app.contoso.example/start" })),
            )
            .await;
        assert_eq!(status, 403, "the invitation itself is refused: {invited}");
        let partner = format!("/v1.0/policies/crossTenantAccessPolicy/partners/{litware}");
        let inbound = |access: &str| {
            json!({ "b2bCollaborationInbound": {
                "usersAndGroups": { "accessType": access,
                    "targets": [{ "target": "AllUsers", "targetType": "user" }] },
                "applications": { "accessType": "allowed",
                    "targets": [{ "target": "AllApplications", "targetType": "application" }] } } })
        };
        let (status, _) = contoso
            .call(
                Method::PATCH,
                &partner,
                Some(&token),
                Some(inbound("allowed")),
            )
            .await;
        assert_eq!(status, 204);
        let (link, dave_id) = invite(&contoso, &token, "dave@litware.example").await;
        let (status, _) = contoso
            .call(
                Method::PATCH,
                &partner,
                Some(&token),
                Some(inbound("blocked")),
            )
            .await;
        assert_eq!(status, 204);
        let mut dave = Browser::new(&contoso);
        dave.get(&link).await;
        let to_idp = location(&dave.get(&format!("{link}/partner")).await);
        let answer = idp.run(
            "sso",
            json!({ "url": to_idp, "sp_metadata": sp_metadata,
                    "user": { "uid": "dave-9", "email": "dave@litware.example", "name": "Dave" } }),
        );
        let response = answer["saml_response"].as_str().expect("response");
        let refused = post_answer(&mut dave, &answer, response).await;
        assert_eq!(refused.status(), 403);
        let html = refused.text().await.expect("page");
        assert!(
            html.contains("Access blocked by cross-tenant access settings"),
            "{html}"
        );
        let record = guest_record(&contoso, tenant, &dave_id).await;
        assert_eq!(
            record.external_user_state,
            Some(entente_model::ExternalUserState::PendingAcceptance),
            "the refused redemption left the invitation open"
        );

        contoso.stop().await;
    }
}

/// A partner's provider we did not write: the npm package `oidc-provider`, started on
/// a free port (killed when dropped).
struct NodeProvider {
    issuer: String,
    _process: tokio::process::Child,
}

async fn node_provider(
    client_id: &str,
    secret: &str,
    redirect_uri: &str,
    accounts: Value,
) -> NodeProvider {
    use tokio::io::AsyncBufReadExt;
    let dir = crate::node_client::node_clients_dir();
    let mut process = tokio::process::Command::new("node")
        .arg("oidc_provider.mjs")
        .current_dir(&dir)
        .env("CLIENT_ID", client_id)
        .env("CLIENT_SECRET", secret)
        .env("REDIRECT_URI", redirect_uri)
        .env("ACCOUNTS", accounts.to_string())
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("node must be installed");
    let stdout = process.stdout.take().expect("stdout");
    let mut lines = tokio::io::BufReader::new(stdout);
    let mut line = String::new();
    lines
        .read_line(&mut line)
        .await
        .expect("the provider's first line");
    // Whatever else it prints is drained, so its writes never meet a closed pipe.
    tokio::spawn(async move {
        let mut rest = String::new();
        while lines.read_line(&mut rest).await.is_ok_and(|n| n > 0) {
            rest.clear();
        }
    });
    let started: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
    NodeProvider {
        issuer: started["issuer"].as_str().expect("issuer").to_owned(),
        _process: process,
    }
}

/// Plays the partner's browser at oidc-provider's development pages: signs in as
/// `account` (any password), consents, and returns the address it sends the browser
/// back to.
async fn through_node_provider(
    contoso: &TestServer,
    issuer: &str,
    authorize: &str,
    account: &str,
) -> String {
    let mut browser = Browser::new(contoso);
    let mut next = authorize.to_owned();
    for _ in 0..12 {
        let url = if next.starts_with('/') {
            format!("{issuer}{next}")
        } else {
            next.clone()
        };
        if !url.starts_with(issuer) {
            return url;
        }
        let answer = browser.get(&url).await;
        if answer.status().is_redirection() {
            next = location(&answer);
            continue;
        }
        let html = answer.text().await.expect("page");
        let action =
            entente_testkit::form_action(&html).unwrap_or_else(|| panic!("a form in {html}"));
        let form: Vec<(&str, &str)> = if html.contains("name=\"login\"") {
            vec![
                ("prompt", "login"),
                ("login", account),
                ("password", "any password"),
            ]
        } else {
            vec![("prompt", "consent")]
        };
        let target = if action.starts_with('/') {
            format!("{issuer}{action}")
        } else {
            action.clone()
        };
        let posted = browser.post(&target, &form).await;
        assert!(
            posted.status().is_redirection(),
            "{action}: {}",
            posted.status()
        );
        next = location(&posted);
    }
    panic!("oidc-provider never sent the browser back")
}

#[tokio::test]
async fn an_independent_openid_provider_redeems_and_must_confirm_the_address() {
    for backend in backends() {
        let contoso = TestServer::start_on(backend).await;
        let token = contoso.api_token().await;
        let tenant = contoso.bootstrap().tenant_id;
        let callback = contoso.url(&format!("/{tenant}/federation/callback"));
        let secret = uuid::Uuid::new_v4().simple().to_string();
        let provider = node_provider(
            "entente-contoso",
            &secret,
            &callback,
            json!({
                "sub-dana": { "email": "dana@northwind.example", "email_verified": true, "name": "Dana" },
                "sub-erin": { "email": "erin@northwind.example", "email_verified": false, "name": "Erin" },
            }),
        )
        .await;
        let (status, created) = contoso
            .call(
                Method::POST,
                "/v1.0/directory/federationConfigurations",
                Some(&token),
                Some(json!({
                    "displayName": "Northwind",
                    "issuerUri": provider.issuer,
                    "clientId": "entente-contoso",
                    "clientSecret": secret,
                    "domains": ["northwind.example"],
                })),
            )
            .await;
        assert_eq!(status, 201, "{created}");

        // Dana redeems at Northwind's provider, which vouches for her address.
        let (link, guest) = invite(&contoso, &token, "dana@northwind.example").await;
        let mut at_contoso = Browser::new(&contoso);
        let out = at_contoso.get(&format!("{link}/partner")).await;
        let back =
            through_node_provider(&contoso, &provider.issuer, &location(&out), "sub-dana").await;
        assert!(back.starts_with(&callback), "{back}");
        let landed = at_contoso.get(&back).await;
        assert_eq!(
            landed.status(),
            303,
            "{}",
            landed.text().await.unwrap_or_default()
        );
        assert_eq!(location(&landed), "https://app.contoso.example/start");
        let app = contoso
            .register_app("Contoso Portal", "https://app.contoso.example/cb", false)
            .await;
        let tokens = tokens_for(&mut at_contoso, &app, tenant).await;
        let claims = payload(tokens["id_token"].as_str().expect("id token"));
        assert_eq!(claims["oid"], guest);
        assert_eq!(claims["idp"], provider.issuer);
        assert_eq!(claims["altsecid"], format!("{}|sub-dana", provider.issuer));

        // Erin's address is not verified there: the invitation stays open.
        let (link, erin) = invite(&contoso, &token, "erin@northwind.example").await;
        let mut at_contoso = Browser::new(&contoso);
        let out = at_contoso.get(&format!("{link}/partner")).await;
        let back =
            through_node_provider(&contoso, &provider.issuer, &location(&out), "sub-erin").await;
        refused_and_pending(
            &contoso,
            &token,
            &mut at_contoso,
            &back,
            &erin,
            "did not confirm erin@northwind.example as your verified address",
        )
        .await;

        contoso.stop().await;
    }
}
