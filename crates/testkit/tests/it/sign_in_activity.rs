//! Sign-in activity (issue 22, part 3), as Graph's `signInActivity` on users: an
//! interactive sign-in (a success, a wrong password) moves `lastSignInDateTime`, a
//! success also `lastSuccessfulSignInDateTime`; a refresh token grant moves
//! `lastNonInteractiveSignInDateTime` once the node flushes what it noted, never back;
//! `$select` returns it, `$filter` on `signInActivity/lastSignInDateTime` finds users
//! by it; another tenant sees none of it. On each backend.

use entente_testkit::{TestServer, backends, now};
use reqwest::{Method, StatusCode};
use serde_json::Value;

fn rfc3339(at: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(at)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

fn unix(text: &Value) -> Option<i64> {
    let text = text.as_str()?;
    Some(
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
            .ok()?
            .unix_timestamp(),
    )
}

#[tokio::test]
async fn sign_ins_move_the_users_sign_in_activity_and_filters_find_them() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let token = server.api_token().await;
        let app = server
            .register_app("Timesheets", "https://timesheets.example/cb", false)
            .await;
        let ada = server
            .create_member("ada@contoso.com", "Ada Lovelace", "ada's long password")
            .await
            .id;
        let bob = server
            .create_member("bob@contoso.com", "Bob Brown", "bob's long password")
            .await
            .id;
        let cyd = server
            .create_member("cyd@contoso.com", "Cyd Charisse", "cyd's long password")
            .await
            .id;
        let start = now();
        let tokens = server
            .user_tokens(
                &app,
                "ada@contoso.com",
                "ada's long password",
                "openid offline_access",
            )
            .await;
        let refresh = tokens["refresh_token"]
            .as_str()
            .expect("a refresh token")
            .to_owned();
        let tenant = server.bootstrap().tenant_id;
        let wrong = server
            .browser_sign_in(
                &server.url(&format!("/{tenant}/login")),
                "bob@contoso.com",
                "not bob's password",
            )
            .await;
        assert!(wrong.is_err(), "a wrong password signs nobody in");

        let activity = |user: entente_model::UserId| {
            let (server, token) = (&server, token.clone());
            async move {
                let (status, body) = server
                    .call(
                        Method::GET,
                        &format!("/v1.0/users/{user}?$select=id,signInActivity"),
                        Some(&token),
                        None,
                    )
                    .await;
                assert_eq!(status, StatusCode::OK, "{body}");
                body["signInActivity"].clone()
            }
        };
        let seen = activity(ada).await;
        let signed_in = unix(&seen["lastSignInDateTime"]).expect("Ada signed in");
        assert!(signed_in >= start, "{seen}");
        assert_eq!(
            unix(&seen["lastSuccessfulSignInDateTime"]),
            Some(signed_in),
            "{seen}"
        );
        assert_eq!(
            seen["lastNonInteractiveSignInDateTime"],
            Value::Null,
            "{seen}"
        );
        let seen = activity(bob).await;
        assert!(
            unix(&seen["lastSignInDateTime"]).is_some(),
            "a failure is a sign-in: {seen}"
        );
        assert_eq!(seen["lastSuccessfulSignInDateTime"], Value::Null, "{seen}");
        let seen = activity(cyd).await;
        assert_eq!(seen["lastSignInDateTime"], Value::Null, "{seen}");

        // A refresh: noted, then written by the flush.
        let response = server
            .http
            .post(server.url(&format!("/{tenant}/oauth2/v2.0/token")))
            .basic_auth(&app.client_id, app.client_secret.as_deref())
            .form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        // (The server's own flush, every 15 s, may have written it first.)
        let flushed = entente_domain::activity::flush(&server.services)
            .await
            .expect("flush");
        assert!(flushed <= 1, "{flushed}");
        let seen = activity(ada).await;
        let refreshed = unix(&seen["lastNonInteractiveSignInDateTime"]).expect("written");
        assert!(refreshed >= signed_in, "{seen}");
        assert_eq!(
            unix(&seen["lastSuccessfulSignInDateTime"]),
            Some(refreshed),
            "{seen}"
        );
        // An older time flushed later (another node's) moves nothing back.
        server
            .services
            .activity
            .touch(tenant, ada, refreshed - 3600);
        entente_domain::activity::flush(&server.services)
            .await
            .expect("flush");
        let again = activity(ada).await;
        assert_eq!(
            unix(&again["lastNonInteractiveSignInDateTime"]),
            Some(refreshed)
        );

        // Filters: who signed in since the start, who not since then (never: none).
        let list = |filter: String| {
            let (server, token) = (&server, token.clone());
            async move {
                let path = format!(
                    "/v1.0/users?$select=id,displayName,signInActivity&$filter={}",
                    urlencoding(&filter)
                );
                let (status, body) = server.call(Method::GET, &path, Some(&token), None).await;
                assert_eq!(status, StatusCode::OK, "{filter}: {body}");
                let mut names: Vec<String> = body["value"]
                    .as_array()
                    .expect("users")
                    .iter()
                    .map(|u| u["displayName"].as_str().unwrap_or_default().to_owned())
                    .collect();
                names.sort();
                (names, body)
            }
        };
        let (since, body) = list(format!(
            "signInActivity/lastSignInDateTime ge {}",
            rfc3339(start - 1)
        ))
        .await;
        assert_eq!(since, ["Ada Lovelace", "Bob Brown"], "{body}");
        assert!(
            body["value"][0]["signInActivity"]["lastSignInDateTime"].is_string(),
            "{body}"
        );
        let (before, _) = list(format!(
            "signInActivity/lastSignInDateTime le {}",
            rfc3339(start - 1)
        ))
        .await;
        assert!(before.is_empty(), "{before:?}");

        // Another tenant's token sees none of these users.
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
            &["Directory.Read.All"],
            now(),
        ));
        let (status, _) = server
            .call(
                Method::GET,
                &format!("/v1.0/users/{ada}?$select=signInActivity"),
                Some(&theirs),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        server.stop().await;
    }
}

/// Percent-encodes a query value.
fn urlencoding(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
