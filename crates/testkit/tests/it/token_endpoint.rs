//! The token endpoint's grants and its answers to bad input: each failure gets its
//! RFC 6749 error code and status, never a 500.

use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use entente_testkit::{TestServer, backends};
use serde_json::Value;

fn claims_of(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).expect("a JWT has three parts");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

pub(crate) async fn post_token(server: &TestServer, form: &[(&str, &str)]) -> (u16, Value) {
    let url = server.url(&format!(
        "/{}/oauth2/v2.0/token",
        server.bootstrap().tenant_id
    ));
    let response = server.http.post(url).form(form).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn client_credentials_issue_an_app_token_with_the_granted_roles() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let boot = server.bootstrap();
        let scope = format!("{}/.default", server.base_url);
        let (status, body) = post_token(
            &server,
            &[
                ("grant_type", "client_credentials"),
                ("client_id", &boot.client_id),
                ("client_secret", &boot.client_secret),
                ("scope", &scope),
            ],
        )
        .await;
        assert_eq!(status, 200, "client_secret_post: {body}");
        assert_eq!(body["token_type"], "Bearer");
        let claims = claims_of(body["access_token"].as_str().unwrap());
        assert_eq!(claims["iss"], server.issuer());
        assert_eq!(claims["aud"], server.base_url);
        assert_eq!(claims["tid"], boot.tenant_id.to_string());
        assert_eq!(claims["idtyp"], "app");
        assert_eq!(claims["azp"], boot.client_id);
        let roles: Vec<&str> = claims["roles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        assert!(roles.contains(&"Directory.ReadWrite.All"), "{roles:?}");
        // client_secret_basic through the test kit's helper gives the same kind of token.
        let basic = server.api_token().await;
        assert_eq!(claims_of(&basic)["idtyp"], "app");
        server.stop().await;
    }
}

#[tokio::test]
async fn bad_token_requests_get_protocol_errors() {
    let server = TestServer::start().await;
    let boot = server.bootstrap();
    let scope = format!("{}/.default", server.base_url);
    let token_url = server.url(&format!("/{}/oauth2/v2.0/token", boot.tenant_id));

    let wrong_secret = server
        .http
        .post(&token_url)
        .basic_auth(&boot.client_id, Some("ent~not-the-secret"))
        .form(&[("grant_type", "client_credentials"), ("scope", &scope)])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_secret.status(), 401);
    assert!(wrong_secret.headers().contains_key("www-authenticate"));
    assert_eq!(wrong_secret.headers()["cache-control"], "no-store");
    assert_eq!(
        wrong_secret.json::<Value>().await.unwrap()["error"],
        "invalid_client"
    );

    // (form, expected status, expected error code)
    type Case<'a> = (Vec<(&'a str, &'a str)>, u16, &'a str);
    let cases: Vec<Case> = vec![
        (vec![("client_id", &boot.client_id)], 400, "invalid_request"),
        (
            vec![("grant_type", "password"), ("client_id", &boot.client_id)],
            400,
            "unsupported_grant_type",
        ),
        (
            vec![
                ("grant_type", "client_credentials"),
                ("client_id", "no-such-client"),
                ("client_secret", "x"),
            ],
            401,
            "invalid_client",
        ),
        (
            vec![
                ("grant_type", "client_credentials"),
                ("client_id", &boot.client_id),
                ("client_secret", &boot.client_secret),
                ("scope", "openid"),
            ],
            400,
            "invalid_scope",
        ),
        (
            vec![
                ("grant_type", "authorization_code"),
                ("client_id", &boot.client_id),
                ("client_secret", &boot.client_secret),
                ("code", "forged"),
            ],
            400,
            "invalid_grant",
        ),
        (
            vec![
                ("grant_type", "refresh_token"),
                ("client_id", &boot.client_id),
                ("client_secret", &boot.client_secret),
                ("refresh_token", "forged"),
            ],
            400,
            "invalid_grant",
        ),
    ];
    for (form, status, error) in cases {
        let (got, body) = post_token(&server, &form).await;
        assert_eq!(
            (got, body["error"].as_str().unwrap_or("")),
            (status, error),
            "{form:?}: {body}"
        );
        assert!(
            body["error_description"]
                .as_str()
                .is_some_and(|d| !d.is_empty()),
            "a clear message: {body}"
        );
    }

    // A JSON body, a repeated parameter, an oversize body and an unknown tenant.
    let json = server
        .http
        .post(&token_url)
        .json(&serde_json::json!({"grant_type": "client_credentials"}))
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), 400);
    assert_eq!(
        json.json::<Value>().await.unwrap()["error"],
        "invalid_request"
    );
    let repeated = server
        .http
        .post(&token_url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials&grant_type=client_credentials")
        .send()
        .await
        .unwrap();
    assert_eq!(
        repeated.json::<Value>().await.unwrap()["error"],
        "invalid_request"
    );
    let huge = "a=".to_owned() + &"x".repeat(5 * 1024 * 1024);
    let oversize = server
        .http
        .post(&token_url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(oversize.status(), 413);
    assert_eq!(
        oversize.json::<Value>().await.unwrap()["error"],
        "invalid_request"
    );
    let unknown_tenant = server
        .http
        .post(server.url("/00000000-0000-4000-8000-000000000000/oauth2/v2.0/token"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(unknown_tenant.status(), 400);
    assert_eq!(
        unknown_tenant.json::<Value>().await.unwrap()["error"],
        "invalid_request"
    );
    server.stop().await;
}

#[tokio::test]
async fn public_clients_cannot_use_client_credentials() {
    let server = TestServer::start().await;
    let app = server
        .register_app("Native app", "http://127.0.0.1/native", true)
        .await;
    let scope = format!("{}/.default", server.base_url);
    let (status, body) = post_token(
        &server,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &app.client_id),
            ("scope", &scope),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("unauthorized_client")),
        "{body}"
    );
    server.stop().await;
}

#[tokio::test]
async fn private_key_jwt_authenticates_a_client_by_its_registered_key() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let app = server
            .register_app("Daemon", "https://daemon.example.com/cb", false)
            .await;
        let rng = aws_lc_rs::rand::SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
        let pair =
            EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref()).unwrap();
        let point = pair.public_key().as_ref();
        let jwks = serde_json::json!({"keys": [{
            "kty": "EC", "crv": "P-256", "kid": "daemon-1", "alg": "ES256", "use": "sig",
            "x": URL_SAFE_NO_PAD.encode(&point[1..33]), "y": URL_SAFE_NO_PAD.encode(&point[33..65]),
        }]});
        server.set_app_jwks(app.id, &jwks.to_string()).await;

        let token_url = format!(
            "{}/{}/oauth2/v2.0/token",
            server.base_url,
            server.bootstrap().tenant_id
        );
        let assertion = |audience: &str| {
            let now = entente_testkit::now();
            let claims = serde_json::json!({
                "iss": app.client_id, "sub": app.client_id, "aud": audience,
                "exp": now + 300, "iat": now, "jti": uuid_like(),
            });
            let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::ES256);
            header.kid = Some("daemon-1".into());
            jsonwebtoken::encode(
                &header,
                &claims,
                &jsonwebtoken::EncodingKey::from_ec_der(pkcs8.as_ref()),
            )
            .unwrap()
        };
        let scope = format!("{}/.default", server.base_url);
        let good = assertion(&token_url);
        let form = |a: &str| -> Vec<(String, String)> {
            vec![
                ("grant_type".into(), "client_credentials".into()),
                ("scope".into(), scope.clone()),
                (
                    "client_assertion_type".into(),
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".into(),
                ),
                ("client_assertion".into(), a.to_owned()),
            ]
        };
        let ok = server
            .http
            .post(&token_url)
            .form(&form(&good))
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), 200, "{}", ok.text().await.unwrap());
        let replayed = server
            .http
            .post(&token_url)
            .form(&form(&good))
            .send()
            .await
            .unwrap();
        assert_eq!(replayed.status(), 401, "an assertion authenticates once");
        assert!(replayed.text().await.unwrap().contains("already used"));
        let wrong_audience = assertion("https://elsewhere.example.com/token");
        let refused = server
            .http
            .post(&token_url)
            .form(&form(&wrong_audience))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 401);
        assert_eq!(
            refused.json::<Value>().await.unwrap()["error"],
            "invalid_client"
        );
        server.stop().await;
    }
}

fn uuid_like() -> String {
    format!(
        "{:x}",
        entente_testkit::now() as u128 * 7919 + u128::from(std::process::id())
    )
}

#[tokio::test]
async fn userinfo_needs_a_user_token_for_this_tenant() {
    let server = TestServer::start().await;
    let url = server.url(&format!("/{}/oidc/userinfo", server.bootstrap().tenant_id));
    let anonymous = server.http.get(&url).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    assert!(
        anonymous.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("invalid_token")
    );
    let app_token = server.api_token().await;
    let with_app_token = server
        .http
        .get(&url)
        .bearer_auth(app_token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        with_app_token.status(),
        401,
        "an application token has no user to describe"
    );
    let garbage = server
        .http
        .get(&url)
        .bearer_auth("not.a.jwt")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), 401);
    server.stop().await;
}

#[tokio::test]
async fn a_removed_client_secret_stops_working_at_once() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let admin = server.api_token().await;
        let app = server
            .register_app("Rotating", "https://rotating.example.com/cb", false)
            .await;
        let added: Value = server
            .http
            .post(server.url(&format!("/v1.0/applications/{}/addPassword", app.id)))
            .bearer_auth(&admin)
            .json(&serde_json::json!({"passwordCredential": {"displayName": "second"}}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let secret = added["secretText"]
            .as_str()
            .expect("the new secret is shown once")
            .to_owned();
        let scope = format!("{}/.default", server.base_url);
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", &app.client_id),
            ("client_secret", &secret),
            ("scope", &scope),
        ];
        assert_eq!(
            post_token(&server, &form).await.0,
            200,
            "the new secret works (and is now cached)"
        );
        let removed = server
            .http
            .post(server.url(&format!("/v1.0/applications/{}/removePassword", app.id)))
            .bearer_auth(&admin)
            .json(&serde_json::json!({"keyId": added["keyId"]}))
            .send()
            .await
            .unwrap();
        assert!(
            removed.status().is_success(),
            "{}",
            removed.text().await.unwrap()
        );
        let (status, body) = post_token(&server, &form).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (401, Some("invalid_client")),
            "removal applies at once: {body}"
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn expired_and_foreign_access_tokens_are_refused_by_the_api() {
    let server = TestServer::start().await;
    let boot = server.bootstrap();
    let now = entente_testkit::now();
    // The admin's user token, issued at `issued`: only the times or the issuer vary.
    let token = |issued: i64, issuer: Option<&str>| {
        let mut claims =
            server.api_claims(boot.tenant_id, boot.admin_user_id.0, "user", &[], issued);
        if let Some(issuer) = issuer {
            claims.iss = issuer.to_owned();
        }
        server.sign(&claims)
    };
    let status = |token: String| {
        let server = &server;
        async move {
            server
                .call(reqwest::Method::GET, "/v1.0/users", Some(&token), None)
                .await
                .0
        }
    };
    assert_eq!(
        status(token(now, None)).await,
        200,
        "the same token shape, unexpired, is accepted"
    );
    assert_eq!(
        status(token(now - 7200, None)).await,
        401,
        "expired an hour ago"
    );
    assert_eq!(
        status(token(now + 600, None)).await,
        401,
        "nbf in the future"
    );
    let foreign = token(now, Some("https://elsewhere.example/v2.0"));
    assert_eq!(
        status(foreign).await,
        401,
        "an issuer that is not the tenant's"
    );
    server.stop().await;
}

#[tokio::test]
async fn introspection_and_revocation() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let app = server
            .register_app("Web", "https://app.contoso.com/cb", false)
            .await;
        let secret = app.client_secret.clone().unwrap();
        let tokens = server
            .user_tokens(
                &app,
                entente_testkit::ADMIN_EMAIL,
                entente_testkit::ADMIN_PASSWORD,
                "openid offline_access",
            )
            .await;
        let access = tokens["access_token"].as_str().unwrap();
        let refresh = tokens["refresh_token"].as_str().unwrap();
        let introspect = |token: String, authenticated: bool| {
            let request = server
                .http
                .post(server.url(&format!("/{tenant}/oauth2/v2.0/introspect")));
            let request = if authenticated {
                request.basic_auth(&app.client_id, Some(&secret))
            } else {
                request
            };
            async move {
                let response = request.form(&[("token", token)]).send().await.unwrap();
                (
                    response.status().as_u16(),
                    response.json::<Value>().await.unwrap(),
                )
            }
        };
        let (status, about_access) = introspect(access.to_owned(), true).await;
        assert_eq!(status, 200);
        assert_eq!(about_access["active"], true);
        assert_eq!(about_access["client_id"], app.client_id);
        assert_eq!(
            about_access["sub"],
            server.bootstrap().admin_user_id.to_string()
        );
        let (_, about_refresh) = introspect(refresh.to_owned(), true).await;
        assert_eq!(
            (
                about_refresh["active"].as_bool(),
                about_refresh["token_type"].as_str()
            ),
            (Some(true), Some("refresh_token"))
        );
        let (_, garbage) = introspect("garbage".into(), true).await;
        assert_eq!(garbage, serde_json::json!({"active": false}));
        let (status, anonymous) = introspect(access.to_owned(), false).await;
        assert_eq!(
            (status, anonymous["error"].as_str()),
            (401, Some("invalid_client")),
            "introspection needs a client"
        );

        let revoked = server
            .http
            .post(server.url(&format!("/{tenant}/oauth2/v2.0/revoke")))
            .basic_auth(&app.client_id, Some(&secret))
            .form(&[("token", refresh), ("token_type_hint", "refresh_token")])
            .send()
            .await
            .unwrap();
        assert_eq!(revoked.status(), 200);
        let (_, after) = introspect(refresh.to_owned(), true).await;
        assert_eq!(
            after["active"], false,
            "a revoked refresh token is inactive"
        );
        let (status, body) = post_token(
            &server,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh),
                ("client_id", &app.client_id),
                ("client_secret", &secret),
            ],
        )
        .await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_grant")),
            "{body}"
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn disabling_a_user_stops_their_refresh_tokens_at_once() {
    let server = TestServer::start().await;
    let app = server
        .register_app("Web", "https://app.contoso.com/cb", false)
        .await;
    let secret = app.client_secret.clone().unwrap();
    let frank = server
        .create_member("frank@contoso.com", "Frank", "frank's long password")
        .await;
    let tokens = server
        .user_tokens(&app, &frank.email, &frank.password, "openid offline_access")
        .await;
    let refresh = tokens["refresh_token"].as_str().unwrap();
    let admin = server.api_token().await;
    let disabled = server
        .http
        .patch(server.url(&format!("/v1.0/users/{}", frank.id)))
        .bearer_auth(&admin)
        .json(&serde_json::json!({"accountEnabled": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(disabled.status(), 204);
    let (status, body) = post_token(
        &server,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh),
            ("client_id", &app.client_id),
            ("client_secret", &secret),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant")),
        "{body}"
    );
    server.stop().await;
}

#[tokio::test]
async fn revoking_sign_in_sessions_ends_sessions_and_refresh_tokens_but_not_the_account() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let app = server
            .register_app("Web", "https://app.contoso.com/cb", false)
            .await;
        let secret = app.client_secret.clone().unwrap();
        let ivy = server
            .create_member("ivy@contoso.com", "Ivy", "ivy's long password")
            .await;
        let tokens = server
            .user_tokens(&app, &ivy.email, &ivy.password, "openid offline_access")
            .await;
        let login = server.url(&format!("/{}/login", server.bootstrap().tenant_id));
        let (cookies, landing) = server
            .browser_sign_in(&login, &ivy.email, &ivy.password)
            .await
            .unwrap();
        let admin = server.api_token().await;
        let revoked = server
            .http
            .post(server.url(&format!("/v1.0/users/{}/revokeSignInSessions", ivy.id)))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap();
        assert_eq!(revoked.status(), 200);
        assert_eq!(
            revoked.json::<Value>().await.unwrap(),
            serde_json::json!({"value": true})
        );
        let account = server
            .http
            .get(server.url(&landing))
            .header("cookie", &cookies)
            .send()
            .await
            .unwrap();
        assert_eq!(account.status(), 303, "the browser session ended");
        let refresh = tokens["refresh_token"].as_str().unwrap();
        let (status, _) = post_token(
            &server,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh),
                ("client_id", &app.client_id),
                ("client_secret", &secret),
            ],
        )
        .await;
        assert_eq!(status, 400, "the refresh token stopped working");
        assert!(
            server
                .browser_sign_in(&login, &ivy.email, &ivy.password)
                .await
                .is_ok(),
            "the account stays usable"
        );
        let missing = server
            .http
            .post(server.url(&format!("/v1.0/users/{}/revokeSignInSessions", uuid_nil())))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status(), 404);
        server.stop().await;
    }
}

fn uuid_nil() -> &'static str {
    "00000000-0000-4000-8000-000000000000"
}
