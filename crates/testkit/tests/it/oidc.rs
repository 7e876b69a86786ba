//! The OpenID Connect provider driven by the `openidconnect` crate, a client we did
//! not write: discovery, JWKS, authorization code with PKCE, ID token validation,
//! userinfo, refresh rotation with reuse detection, and code replay.

use entente_testkit::{TestServer, backends};
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreJwsSigningAlgorithm, CoreProviderMetadata,
    CoreUserInfoClaims,
};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, RedirectUrl, RefreshToken, Scope, TokenResponse,
};

const CALLBACK: &str = "http://127.0.0.1:9/callback";

/// The client `openidconnect` builds for a confidential app from the issuer's
/// discovery document, with the test callback as its redirect URI.
pub(crate) type DiscoveredClient = CoreClient<
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointMaybeSet,
    openidconnect::EndpointMaybeSet,
>;

pub(crate) async fn discovered_client(
    server: &TestServer,
    app: &entente_testkit::TestApp,
    http: &openidconnect::reqwest::Client,
) -> DiscoveredClient {
    let issuer = IssuerUrl::new(server.issuer().to_owned()).unwrap();
    let metadata = CoreProviderMetadata::discover_async(issuer, http)
        .await
        .expect("discovery is accepted by openidconnect");
    CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(app.client_id.clone()),
        Some(ClientSecret::new(app.client_secret.clone().unwrap())),
    )
    .set_redirect_uri(RedirectUrl::new(app.redirect_uri.clone()).unwrap())
}

pub(crate) fn http_client() -> openidconnect::reqwest::Client {
    openidconnect::reqwest::ClientBuilder::new()
        .redirect(openidconnect::reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Follows the browser part of the flow: authorize → login page → sign in →
/// authorize again → redirect to the client with a code. Returns (code, state, iss).
async fn browser_authorize(
    server: &TestServer,
    auth_url: &str,
    login: &str,
    password: &str,
) -> (String, String, String) {
    let first = server.http.get(auth_url).send().await.unwrap();
    assert_eq!(
        first.status(),
        303,
        "an anonymous authorize request goes to the login page"
    );
    let login_path = first.headers()["location"].to_str().unwrap().to_owned();
    assert!(login_path.contains("/login?return_to="), "{login_path}");
    let (cookies, back_to) = server
        .browser_sign_in(&server.url(&login_path), login, password)
        .await
        .unwrap();
    assert!(
        back_to.contains("/oauth2/v2.0/authorize?"),
        "after sign-in the browser returns to authorize: {back_to}"
    );
    let second = server
        .http
        .get(server.url(&back_to))
        .header("cookie", cookies)
        .send()
        .await
        .unwrap();
    assert_eq!(second.status(), 303);
    let location = url::Url::parse(second.headers()["location"].to_str().unwrap()).unwrap();
    assert!(location.as_str().starts_with(CALLBACK), "{location}");
    let param = |name: &str| {
        location
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .unwrap()
    };
    (param("code"), param("state"), param("iss"))
}

#[tokio::test]
async fn authorization_code_flow_with_pkce_through_the_openidconnect_crate() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let app = server.register_app("Web app", CALLBACK, false).await;
        let alice = server
            .create_member("alice@contoso.com", "Alice Adams", "alice's long password")
            .await;
        let http = http_client();

        let client = discovered_client(&server, &app, &http).await;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (auth_url, csrf, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("profile".into()))
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("offline_access".into()))
            .set_pkce_challenge(challenge)
            .url();

        let (code, state, iss) =
            browser_authorize(&server, auth_url.as_str(), &alice.email, &alice.password).await;
        assert_eq!(&state, csrf.secret(), "state round-trips");
        assert_eq!(
            iss,
            server.issuer(),
            "RFC 9207 iss parameter names the issuer"
        );

        let tokens = client
            .exchange_code(AuthorizationCode::new(code.clone()))
            .unwrap()
            .set_pkce_verifier(verifier)
            .request_async(&http)
            .await
            .expect("code exchange");
        let verifier = client
            .id_token_verifier()
            .set_allowed_algs(vec![CoreJwsSigningAlgorithm::EcdsaP256Sha256]);
        let claims = tokens
            .id_token()
            .expect("an ID token")
            .claims(&verifier, &nonce)
            .expect("ID token verifies");
        assert_eq!(claims.subject().as_str(), alice.id.to_string());
        assert_eq!(claims.issuer().as_str(), server.issuer());
        assert_eq!(
            claims.email().map(|e| e.as_str()),
            Some("alice@contoso.com")
        );
        assert_eq!(
            claims.name().and_then(|n| n.get(None)).map(|n| n.as_str()),
            Some("Alice Adams")
        );
        let raw = id_token_payload(&tokens.id_token().unwrap().to_string());
        assert_eq!(raw["tid"], server.bootstrap().tenant_id.to_string());
        assert_eq!(raw["oid"], alice.id.to_string());

        // Userinfo through the library.
        let info: CoreUserInfoClaims = client
            .user_info(tokens.access_token().clone(), None)
            .unwrap()
            .request_async(&http)
            .await
            .expect("userinfo");
        assert_eq!(info.email().map(|e| e.as_str()), Some("alice@contoso.com"));

        // A replayed code fails and revokes the refresh token its first use issued.
        let replay = client
            .exchange_code(AuthorizationCode::new(code))
            .unwrap()
            .set_pkce_verifier(openidconnect::PkceCodeVerifier::new("x".repeat(43)))
            .request_async(&http)
            .await;
        assert!(replay.is_err(), "a code is single-use");
        let first_refresh = tokens
            .refresh_token()
            .expect("offline_access gives a refresh token")
            .clone();
        let after_replay = client
            .exchange_refresh_token(&first_refresh)
            .unwrap()
            .request_async(&http)
            .await;
        assert!(
            after_replay.is_err(),
            "the replayed code's refresh token is revoked"
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn refresh_tokens_rotate_and_reuse_revokes_the_family() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let app = server.register_app("Web app", CALLBACK, false).await;
        let bob = server
            .create_member("bob@contoso.com", "Bob", "bob's long password")
            .await;
        let http = http_client();
        let client = discovered_client(&server, &app, &http).await;
        let (auth_url, _, _) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("offline_access".into()))
            .url();
        let (code, _, _) =
            browser_authorize(&server, auth_url.as_str(), &bob.email, &bob.password).await;
        let tokens = client
            .exchange_code(AuthorizationCode::new(code))
            .unwrap()
            .request_async(&http)
            .await
            .expect("exchange");
        let first: RefreshToken = tokens.refresh_token().unwrap().clone();
        let rotated = client
            .exchange_refresh_token(&first)
            .unwrap()
            .request_async(&http)
            .await
            .expect("refresh");
        let second = rotated
            .refresh_token()
            .expect("rotation gives a new refresh token")
            .clone();
        assert_ne!(first.secret(), second.secret());
        // Reusing the first one is theft evidence: it fails and the second dies with it.
        assert!(
            client
                .exchange_refresh_token(&first)
                .unwrap()
                .request_async(&http)
                .await
                .is_err()
        );
        assert!(
            client
                .exchange_refresh_token(&second)
                .unwrap()
                .request_async(&http)
                .await
                .is_err()
        );
        server.stop().await;
    }
}

fn id_token_payload(jwt: &str) -> serde_json::Value {
    use base64::Engine;
    let payload = jwt.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test]
async fn an_rs256_deployment_signs_with_rsa_keys_that_openidconnect_accepts_by_default() {
    let server = TestServer::start_configured(entente_testkit::Backend::Sqlite, true, |config| {
        config.signing_algorithm = entente_testkit::entente_domain::keys::SigningAlgorithm::Rs256;
    })
    .await;
    let jwks: serde_json::Value = server
        .http
        .get(server.url(&format!(
            "/{}/discovery/v2.0/keys",
            server.bootstrap().tenant_id
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(jwks["keys"][0]["kty"], "RSA");
    assert_eq!(jwks["keys"][0]["alg"], "RS256");
    let app = server.register_app("Web app", CALLBACK, false).await;
    let grace = server
        .create_member("grace@contoso.com", "Grace", "grace's long password")
        .await;
    let http = http_client();
    let client = discovered_client(&server, &app, &http).await;
    let (auth_url, _, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .url();
    let (code, _, _) =
        browser_authorize(&server, auth_url.as_str(), &grace.email, &grace.password).await;
    let tokens = client
        .exchange_code(AuthorizationCode::new(code))
        .unwrap()
        .request_async(&http)
        .await
        .unwrap();
    // openidconnect's default verifier accepts RS256 only: no algorithm configured here.
    let claims = tokens
        .id_token()
        .unwrap()
        .claims(&client.id_token_verifier(), &nonce)
        .expect("RS256 ID token verifies");
    assert_eq!(claims.subject().as_str(), grace.id.to_string());
    // The directory API accepts the RSA-signed tokens too.
    let users = server
        .http
        .get(server.url("/v1.0/users"))
        .bearer_auth(server.api_token().await)
        .send()
        .await
        .unwrap();
    assert_eq!(users.status(), 200);
    server.stop().await;
}

#[tokio::test]
async fn rp_initiated_logout_ends_the_session_and_returns_only_to_registered_uris() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let app = server
            .register_app("Web", "https://app.contoso.com/cb", false)
            .await;
        let tokens = server
            .user_tokens(
                &app,
                entente_testkit::ADMIN_EMAIL,
                entente_testkit::ADMIN_PASSWORD,
                "openid",
            )
            .await;
        let id_token = tokens["id_token"].as_str().unwrap();
        let login = server.url(&format!("/{tenant}/login"));
        let (cookies, landing) = server
            .browser_sign_in(
                &login,
                entente_testkit::ADMIN_EMAIL,
                entente_testkit::ADMIN_PASSWORD,
            )
            .await
            .unwrap();
        let logout = |query: String| {
            server
                .http
                .get(server.url(&format!("/{tenant}/oauth2/v2.0/logout?{query}")))
                .header("cookie", &cookies)
                .send()
        };

        let foreign = logout(format!(
            "id_token_hint={id_token}&post_logout_redirect_uri=https://evil.example/"
        ))
        .await
        .unwrap();
        assert_eq!(
            foreign.status(),
            400,
            "only a registered URI may receive the browser"
        );
        let forged = logout("id_token_hint=not.a.token".into()).await.unwrap();
        assert_eq!(forged.status(), 400);
        let still = server
            .http
            .get(server.url(&landing))
            .header("cookie", &cookies)
            .send()
            .await
            .unwrap();
        assert_eq!(still.status(), 200, "refused logouts end nothing");

        let done = logout(format!(
            "id_token_hint={id_token}&post_logout_redirect_uri=https://app.contoso.com/cb&state=bye"
        ))
        .await
        .unwrap();
        assert_eq!(done.status(), 303);
        assert_eq!(
            done.headers()["location"],
            "https://app.contoso.com/cb?state=bye"
        );
        let after = server
            .http
            .get(server.url(&landing))
            .header("cookie", &cookies)
            .send()
            .await
            .unwrap();
        assert_eq!(after.status(), 303, "the session has ended");
        server.stop().await;
    }
}

/// `email_verified` tells a relying party (such as another Entente federating with
/// this one) whether the address is proven: a member's address in a domain the tenant
/// proved is, one in a domain nobody proved is not; the claim comes only with `email`.
#[tokio::test]
async fn email_verified_says_whether_the_tenant_proved_the_address() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let app = server
            .register_app("Claims", "https://app.contoso.example/cb", false)
            .await;
        let proven = format!("ines@{}", server.bootstrap().initial_domain);
        server
            .create_member(&proven, "Ines", "ines's long password")
            .await;
        server
            .create_member("joe@unproven.example", "Joe", "joe's long password")
            .await;
        let claims_of = |tokens: &serde_json::Value| {
            let jwt = tokens["id_token"].as_str().expect("id token");
            crate::support::payload(jwt)
        };
        let ines = server
            .user_tokens(&app, &proven, "ines's long password", "openid email")
            .await;
        assert_eq!(claims_of(&ines)["email_verified"], true, "{ines}");
        let joe = server
            .user_tokens(
                &app,
                "joe@unproven.example",
                "joe's long password",
                "openid email",
            )
            .await;
        assert_eq!(claims_of(&joe)["email_verified"], false, "{joe}");
        let without = server
            .user_tokens(
                &app,
                "joe@unproven.example",
                "joe's long password",
                "openid",
            )
            .await;
        assert!(claims_of(&without).get("email_verified").is_none());
        server.stop().await;
    }
}

#[tokio::test]
async fn a_loopback_redirect_uri_is_taken_on_any_port_and_nothing_else_is_loosened() {
    let server = TestServer::start().await;
    let app = server
        .register_app("Native tool", "http://127.0.0.1/callback", true)
        .await;
    let tenant = server.bootstrap().tenant_id;
    let authorize = |redirect: &str| {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("client_id", &app.client_id)
            .append_pair("response_type", "code")
            .append_pair("scope", "openid")
            .append_pair("redirect_uri", redirect)
            .append_pair(
                "code_challenge",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            )
            .append_pair("code_challenge_method", "S256")
            .finish();
        server
            .http
            .get(server.url(&format!("/{tenant}/oauth2/v2.0/authorize?{query}")))
            .send()
    };
    // The port a native app's listener got (MSAL picks one at random).
    let taken = authorize("http://127.0.0.1:53211/callback").await.unwrap();
    assert_eq!(taken.status(), 303, "{}", taken.text().await.unwrap());
    for refused in [
        "http://127.0.0.1:53211/callback/other",
        "http://localhost:53211/callback",
        "http://127.0.0.1.evil.example:53211/callback",
    ] {
        let response = authorize(refused).await.unwrap();
        assert_eq!(response.status(), 400, "{refused}");
        assert!(
            response.text().await.unwrap().contains("not registered"),
            "{refused}"
        );
    }
    server.stop().await;
}

/// Discovery and the JWKS are built once and revalidated cheaply: an `ETag` and an
/// hour's `Cache-Control`, `304 Not Modified` for a client that names the tag (weak,
/// in a list, or `*`), and a new document once the published keys change.
#[tokio::test]
async fn discovery_and_keys_carry_an_etag_and_answer_304_until_the_keys_change() {
    use entente_testkit::entente_domain::keys::SigningAlgorithm;

    let server = TestServer::start().await;
    let tenant = server.bootstrap().tenant_id;
    let get = |path: String, tag: Option<String>| {
        let request = server.http.get(server.url(&path));
        let request = match tag {
            Some(tag) => request.header("If-None-Match", tag),
            None => request,
        };
        async move { request.send().await.unwrap() }
    };
    let etag =
        |response: &reqwest::Response| response.headers()["etag"].to_str().unwrap().to_owned();
    let discovery = format!("/{tenant}/v2.0/.well-known/openid-configuration");
    let keys = format!("/{tenant}/discovery/v2.0/keys");
    for path in [&discovery, &keys] {
        let first = get(path.clone(), None).await;
        assert_eq!(first.status(), 200, "{path}");
        assert_eq!(first.headers()["cache-control"], "public, max-age=3600");
        assert_eq!(first.headers()["content-type"], "application/json");
        let tag = etag(&first);
        assert!(
            tag.starts_with('"') && tag.ends_with('"') && tag.len() > 10,
            "{tag}"
        );
        let body: serde_json::Value = first.json().await.unwrap();
        assert!(
            body.get("issuer").is_some() || body.get("keys").is_some(),
            "{body}"
        );
        // The same tag names the same document.
        assert_eq!(etag(&get(path.clone(), None).await), tag);
        for asked in [
            tag.clone(),
            format!("W/{tag}"),
            format!("\"other\", {tag}"),
            "*".into(),
        ] {
            let again = get(path.clone(), Some(asked.clone())).await;
            assert_eq!(again.status(), 304, "{path} with If-None-Match: {asked}");
            assert_eq!(etag(&again), tag);
            assert_eq!(again.headers()["cache-control"], "public, max-age=3600");
            assert!(again.bytes().await.unwrap().is_empty());
        }
        let changed = get(path.clone(), Some("\"an-older-one\"".into())).await;
        assert_eq!(changed.status(), 200, "{path}");
        assert_eq!(etag(&changed), tag);
    }
    let discovery_tag = etag(&get(discovery.clone(), None).await);
    let keys_tag = etag(&get(keys.clone(), None).await);
    // Another tenant's document is its own.
    let partner = server
        .partner_tenant(
            "Fabrikam",
            "fabrikam.com",
            "sam@fabrikam.com",
            "sam's long password",
            false,
        )
        .await;
    let other = get(
        format!(
            "/{}/v2.0/.well-known/openid-configuration",
            partner.tenant_id
        ),
        Some(discovery_tag.clone()),
    )
    .await;
    assert_eq!(other.status(), 200);
    assert_ne!(etag(&other), discovery_tag);
    let other: serde_json::Value = other.json().await.unwrap();
    let issuer = server
        .issuer()
        .replace(&tenant.to_string(), &partner.tenant_id.to_string());
    assert_eq!(other["issuer"], issuer);

    // A key of another algorithm is published: both documents change, and a client
    // revalidating with the old tags gets them whole.
    let services = &server.services;
    services
        .keys
        .rotate_and_refresh(
            &services.store,
            &services.master,
            services.entropy.as_ref(),
            SigningAlgorithm::Rs256,
            entente_testkit::now(),
        )
        .await
        .unwrap();
    let renewed = get(keys.clone(), Some(keys_tag.clone())).await;
    assert_eq!(renewed.status(), 200);
    assert_ne!(etag(&renewed), keys_tag);
    let jwks: serde_json::Value = renewed.json().await.unwrap();
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 2, "{jwks}");
    let renewed = get(discovery.clone(), Some(discovery_tag.clone())).await;
    assert_eq!(renewed.status(), 200);
    assert_ne!(etag(&renewed), discovery_tag);
    let document: serde_json::Value = renewed.json().await.unwrap();
    assert_eq!(
        document["id_token_signing_alg_values_supported"],
        serde_json::json!(["ES256", "RS256"])
    );
    // `/organizations` has its document too.
    let organizations = get(
        "/organizations/v2.0/.well-known/openid-configuration".into(),
        None,
    )
    .await;
    assert_eq!(organizations.status(), 200);
    let tag = etag(&organizations);
    let document: serde_json::Value = organizations.json().await.unwrap();
    assert_eq!(
        document["id_token_signing_alg_values_supported"],
        serde_json::json!(["ES256", "RS256"])
    );
    let again = get(
        "/organizations/v2.0/.well-known/openid-configuration".into(),
        Some(tag),
    )
    .await;
    assert_eq!(again.status(), 304);
    server.stop().await;
}
