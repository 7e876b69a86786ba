//! Two nodes of one deployment on one database, as behind a load balancer: nothing
//! that matters lives in only one node's memory.

use entente_testkit::{ADMIN_EMAIL, ADMIN_PASSWORD, TestServer, backends};

#[tokio::test]
async fn sessions_tokens_and_codes_cross_nodes() {
    for backend in backends() {
        let first = TestServer::start_on(backend).await;
        let second = first.start_second_node().await;
        let tenant = first.bootstrap().tenant_id;

        // A session opened on the first node is honoured by the second.
        let login = first.url(&format!("/{tenant}/login"));
        let (cookies, landing) = first
            .browser_sign_in(&login, ADMIN_EMAIL, ADMIN_PASSWORD)
            .await
            .unwrap();
        let account = second
            .http
            .get(second.url(&landing))
            .header("cookie", &cookies)
            .send()
            .await
            .unwrap();
        assert_eq!(
            account.status(),
            200,
            "{backend:?}: the second node knows the first node's session"
        );

        // A token issued by one node is accepted by the other (same keys, same issuer).
        let token = first.api_token().await;
        let users = second
            .http
            .get(second.url("/v1.0/users"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(users.status(), 200);
        let token_from_second = second.api_token().await;
        let users = first
            .http
            .get(first.url("/v1.0/users"))
            .bearer_auth(&token_from_second)
            .send()
            .await
            .unwrap();
        assert_eq!(users.status(), 200);

        // An authorization code issued by one node is exchanged, once, at the other.
        let app = first
            .register_app("Web", "https://app.contoso.com/cb", false)
            .await;
        let authorize = format!(
            "/{tenant}/oauth2/v2.0/authorize?client_id={}&response_type=code&redirect_uri=https://app.contoso.com/cb&scope=openid",
            app.client_id
        );
        let redirect = first
            .http
            .get(first.url(&authorize))
            .header("cookie", &cookies)
            .send()
            .await
            .unwrap();
        let location = url::Url::parse(redirect.headers()["location"].to_str().unwrap()).unwrap();
        let code = location
            .query_pairs()
            .find(|(k, _)| k == "code")
            .unwrap()
            .1
            .into_owned();
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", "https://app.contoso.com/cb"),
        ];
        let token_url = format!("/{tenant}/oauth2/v2.0/token");
        let secret = app.client_secret.clone().unwrap();
        let exchanged = second
            .http
            .post(second.url(&token_url))
            .basic_auth(&app.client_id, Some(&secret))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(
            exchanged.status(),
            200,
            "{}",
            exchanged.text().await.unwrap()
        );
        let replayed = first
            .http
            .post(first.url(&token_url))
            .basic_auth(&app.client_id, Some(&secret))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(
            replayed.status(),
            400,
            "the code was used on the other node"
        );

        // Signing out on the second node ends the session everywhere.
        let csrf = {
            let page = second
                .http
                .get(second.url(&landing))
                .header("cookie", &cookies)
                .send()
                .await
                .unwrap();
            entente_testkit::hidden_field(&page.text().await.unwrap(), "csrf").unwrap()
        };
        let out = second
            .http
            .post(second.url(&format!("/{tenant}/logout")))
            .header("cookie", &cookies)
            .form(&[("csrf", csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(out.status(), 200);
        let after = first
            .http
            .get(first.url(&landing))
            .header("cookie", &cookies)
            .send()
            .await
            .unwrap();
        assert_eq!(
            after.status(),
            303,
            "the first node no longer accepts the ended session"
        );
        second.stop().await;
        first.stop().await;
    }
}
