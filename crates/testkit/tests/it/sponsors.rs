//! Sponsors (issue 22, decision 0015): `/v1.0/users/{id}/sponsors` with `$ref`, on
//! each backend: a member user and a group sponsor a guest; a guest, the user itself,
//! an unknown id and another tenant's person cannot; a sponsor named twice is a
//! conflict; removal ends it once; a deleted group leaves the list; another tenant
//! reads and changes nothing; each change is audited; a user who invites sponsors the
//! new guest.

use entente_testkit::{TestServer, backends, now};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn reference(id: &str) -> Value {
    json!({ "@odata.id": format!("https://graph.microsoft.com/v1.0/directoryObjects/{id}") })
}

#[tokio::test]
async fn members_and_groups_sponsor_a_guest_by_ref_and_only_in_their_tenant() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let token = server.api_token().await;
        let call = |method: Method, path: String, body: Option<Value>| {
            let (server, token) = (&server, token.clone());
            async move { server.call(method, &path, Some(&token), body).await }
        };
        let (status, invited) = call(
            Method::POST,
            "/v1.0/invitations".into(),
            Some(json!({ "invitedUserEmailAddress": "pat@partner.example",
                "inviteRedirectUrl": "https://app.contoso.example/" })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{invited}");
        let guest = invited["invitedUser"]["id"]
            .as_str()
            .expect("guest")
            .to_owned();
        let carol = server
            .create_member("carol@contoso.com", "Carol Clark", "carol's long password")
            .await
            .id
            .to_string();
        let (status, group) = call(
            Method::POST,
            "/v1.0/groups".into(),
            Some(json!({ "displayName": "Partner managers" })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{group}");
        let group = group["id"].as_str().expect("group").to_owned();
        let sponsors = format!("/v1.0/users/{guest}/sponsors");
        let add = format!("{sponsors}/$ref");

        for sponsor in [&carol, &group] {
            let (status, body) = call(Method::POST, add.clone(), Some(reference(sponsor))).await;
            assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
        }
        let (status, body) = call(Method::POST, add.clone(), Some(reference(&carol))).await;
        assert_eq!(status, StatusCode::CONFLICT, "named twice: {body}");
        let (status, body) = call(Method::POST, add.clone(), Some(reference(&guest))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "itself: {body}");
        let (status, body) = call(
            Method::POST,
            format!("/v1.0/users/{carol}/sponsors/$ref"),
            Some(reference(&guest)),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "a guest sponsors nobody: {body}"
        );
        let nobody = uuid::Uuid::new_v4().to_string();
        let (status, _) = call(Method::POST, add.clone(), Some(reference(&nobody))).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let stranger = server
            .partner_tenant(
                "Fabrikam",
                "fabrikam.example",
                "sam@fabrikam.example",
                "a long password",
                false,
            )
            .await;
        let (status, _) = call(
            Method::POST,
            add.clone(),
            Some(reference(&stranger.id.to_string())),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "another tenant's person is nobody here"
        );

        let (status, listed) = call(Method::GET, sponsors.clone(), None).await;
        assert_eq!(status, StatusCode::OK, "{listed}");
        let items = listed["value"].as_array().expect("sponsors");
        assert_eq!(items.len(), 2, "{listed}");
        assert_eq!(items[0]["@odata.type"], "#microsoft.graph.user");
        assert_eq!(items[0]["id"], carol.as_str());
        assert_eq!(items[0]["displayName"], "Carol Clark");
        assert_eq!(items[0]["mail"], "carol@contoso.com");
        assert_eq!(items[1]["@odata.type"], "#microsoft.graph.group");
        assert_eq!(items[1]["displayName"], "Partner managers");

        // Another tenant reads and changes nothing of it.
        let theirs = server.sign(&server.api_claims(
            stranger.tenant_id,
            uuid::Uuid::new_v4(),
            "app",
            &["Directory.ReadWrite.All"],
            now(),
        ));
        for (method, path, body) in [
            (Method::GET, sponsors.clone(), None),
            (
                Method::POST,
                add.clone(),
                Some(reference(&stranger.id.to_string())),
            ),
            (Method::DELETE, format!("{sponsors}/{carol}/$ref"), None),
        ] {
            let (status, _) = server
                .call(method.clone(), &path, Some(&theirs), body)
                .await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}");
        }

        let remove = format!("{sponsors}/{carol}/$ref");
        let (status, _) = call(Method::DELETE, remove.clone(), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = call(Method::DELETE, remove, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "removed once");
        // A deleted group sponsors nobody any more.
        let (status, _) = call(Method::DELETE, format!("/v1.0/groups/{group}"), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, listed) = call(Method::GET, sponsors.clone(), None).await;
        assert_eq!(listed["value"], json!([]), "{listed}");

        // A user who invites sponsors the guest it brings in; an application (above)
        // names none.
        let boot = server.bootstrap();
        let admin = server.sign(&server.api_claims(
            boot.tenant_id,
            boot.admin_user_id.0,
            "user",
            &[],
            now(),
        ));
        let (status, invited) = server
            .call(
                Method::POST,
                "/v1.0/invitations",
                Some(&admin),
                Some(json!({ "invitedUserEmailAddress": "lee@partner.example",
                    "inviteRedirectUrl": "https://app.contoso.example/" })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{invited}");
        let lee = invited["invitedUser"]["id"].as_str().expect("guest");
        let (_, listed) = call(Method::GET, format!("/v1.0/users/{lee}/sponsors"), None).await;
        assert_eq!(
            listed["value"].as_array().map(Vec::len),
            Some(1),
            "{listed}"
        );
        assert_eq!(listed["value"][0]["id"], boot.admin_user_id.to_string());

        let (_, audit) = call(Method::GET, "/v1.0/auditLogs/directoryAudits".into(), None).await;
        let audit = audit.to_string();
        assert_eq!(audit.matches("Add sponsor").count(), 2, "{audit}");
        assert_eq!(audit.matches("Remove sponsor").count(), 1, "{audit}");
        server.stop().await;
    }
}
