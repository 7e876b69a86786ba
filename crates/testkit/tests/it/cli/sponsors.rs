//! `entente users sponsors list|add|remove`, run as a real process: a member user and
//! a group sponsor a guest, the table and the JSON list them, a guest as a sponsor is
//! refused with the server's reason, and removal ends a sponsorship.

use entente_testkit::{TestServer, backends};
use reqwest::Method;
use serde_json::json;

use super::Cli;

#[tokio::test]
async fn an_admin_adds_lists_and_removes_sponsors_from_the_command_line() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let token = server.api_token().await;
        let (status, invited) = server
            .call(
                Method::POST,
                "/v1.0/invitations",
                Some(&token),
                Some(json!({ "invitedUserEmailAddress": "pat@partner.example",
                    "inviteRedirectUrl": "https://app.contoso.example/" })),
            )
            .await;
        assert_eq!(status, 201, "{invited}");
        let guest = invited["invitedUser"]["id"]
            .as_str()
            .expect("guest")
            .to_owned();
        let carol = server
            .create_member("carol@contoso.com", "Carol Clark", "carol's long password")
            .await
            .id
            .to_string();
        let cli = Cli::new(&server);
        cli.login().await;
        let group = cli
            .json(&["groups", "create", "--display-name", "Partner managers"])
            .await;
        let group = group["id"].as_str().expect("group id").to_owned();

        for sponsor in [&carol, &group] {
            let added = cli
                .run(&["users", "sponsors", "add", &guest, sponsor])
                .await
                .ok("users sponsors add");
            assert!(added.stdout.contains("now sponsors"), "{}", added.stdout);
        }
        let table = cli
            .run(&["users", "sponsors", "list", &guest])
            .await
            .ok("users sponsors list");
        assert!(table.stdout.contains("Carol Clark"), "{}", table.stdout);
        assert!(
            table.stdout.contains("carol@contoso.com"),
            "{}",
            table.stdout
        );
        assert!(
            table.stdout.contains("Partner managers"),
            "{}",
            table.stdout
        );
        assert!(table.stdout.contains("group"), "{}", table.stdout);

        let refused = cli.run(&["users", "sponsors", "add", &carol, &guest]).await;
        assert_ne!(refused.code, Some(0));
        assert!(
            refused.stderr.contains("a guest cannot be a sponsor"),
            "{}",
            refused.stderr
        );

        cli.run(&["users", "sponsors", "remove", &guest, &carol])
            .await
            .ok("users sponsors remove");
        let listed = cli.json(&["users", "sponsors", "list", &guest]).await;
        let ids: Vec<&str> = listed["value"]
            .as_array()
            .expect("sponsors")
            .iter()
            .filter_map(|s| s["id"].as_str())
            .collect();
        assert_eq!(ids, [group.as_str()], "{listed}");
        server.stop().await;
    }
}
