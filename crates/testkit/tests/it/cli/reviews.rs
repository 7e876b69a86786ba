//! `entente reviews`, run as a real process: an access review created from a Graph
//! body in a file (a bad one refused with the server's reason), listed and shown, its
//! occurrence started by the tick, its decisions listed and filtered, ended and
//! applied from the command line, then deleted.

use entente_testkit::{TestServer, backends, now};
use reqwest::Method;
use serde_json::json;

use super::Cli;

#[tokio::test]
async fn an_admin_runs_an_access_review_from_the_command_line() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let token = server.api_token().await;
        let mut guests = Vec::new();
        for email in ["pat@partner.example", "quinn@partner.example"] {
            let (status, invited) = server
                .call(
                    Method::POST,
                    "/v1.0/invitations",
                    Some(&token),
                    Some(json!({ "invitedUserEmailAddress": email,
                        "inviteRedirectUrl": "https://app.contoso.example/" })),
                )
                .await;
            assert_eq!(status, 201, "{invited}");
            guests.push(invited["invitedUser"]["id"].as_str().unwrap().to_owned());
        }
        let cli = Cli::new(&server);
        cli.login().await;
        let body = |scope: &str| {
            json!({
                "displayName": "Partners, once",
                "scope": { "query": scope, "queryType": "MicrosoftGraph" },
                "reviewers": [{ "query": "./sponsors", "queryType": "MicrosoftGraph" }],
                "settings": { "instanceDurationInDays": 7, "defaultDecisionEnabled": true,
                    "defaultDecision": "Deny", "autoApplyDecisionsEnabled": false }
            })
            .to_string()
        };
        let bad = cli.file("bad.json", &body("/users"));
        let refused = cli.run(&["reviews", "create", "--file", &bad]).await;
        assert_ne!(refused.code, Some(0));
        assert!(
            refused.stderr.contains("reviews guests"),
            "{}",
            refused.stderr
        );
        let good = cli.file("good.json", &body("/users?$filter=(userType eq 'Guest')"));
        let made = cli.json(&["reviews", "create", "--file", &good]).await;
        let review = made["id"].as_str().expect("an id").to_owned();
        let table = cli.run(&["reviews", "list"]).await.ok("reviews list");
        assert!(table.stdout.contains("Partners, once"), "{}", table.stdout);
        assert!(table.stdout.contains("NotStarted"), "{}", table.stdout);
        let shown = cli
            .run(&["reviews", "get", &review])
            .await
            .ok("reviews get");
        assert!(shown.stdout.contains("./sponsors"), "{}", shown.stdout);

        assert_eq!(
            entente_domain::reviews::run_due(&server.services, now())
                .await
                .expect("runs"),
            1
        );
        let instances = cli.json(&["reviews", "instances", &review]).await;
        let instance = instances["value"][0]["id"]
            .as_str()
            .expect("an occurrence")
            .to_owned();
        let open = cli
            .json(&[
                "reviews",
                "decisions",
                &review,
                &instance,
                "--filter",
                "decision eq 'NotReviewed'",
            ])
            .await;
        assert_eq!(open["value"].as_array().map(Vec::len), Some(2), "{open}");
        cli.run(&["reviews", "end", &review, &instance])
            .await
            .ok("reviews end");
        let applied = cli
            .run(&["reviews", "apply", &review, &instance])
            .await
            .ok("reviews apply");
        assert!(
            applied.stdout.contains("Applied the decisions"),
            "{}",
            applied.stdout
        );
        let again = cli.run(&["reviews", "apply", &review, &instance]).await;
        assert_ne!(again.code, Some(0), "applied once");
        let table = cli
            .run(&["reviews", "decisions", &review, &instance])
            .await
            .ok("reviews decisions");
        assert_eq!(table.stdout.matches("Deny").count(), 2, "{}", table.stdout);
        assert_eq!(
            table.stdout.matches("AppliedSuccessfully").count(),
            2,
            "{}",
            table.stdout
        );
        for guest in &guests {
            let (_, user) = server
                .call(
                    Method::GET,
                    &format!("/v1.0/users/{guest}"),
                    Some(&token),
                    None,
                )
                .await;
            assert_eq!(user["accountEnabled"], false, "blocked: {user}");
        }
        cli.run(&["reviews", "stop", &review])
            .await
            .ok("reviews stop");
        let stopped = cli.json(&["reviews", "get", &review]).await;
        assert_eq!(stopped["status"], "Completed", "{stopped}");
        cli.run(&["reviews", "delete", &review])
            .await
            .ok("reviews delete");
        let listed = cli.json(&["reviews", "list"]).await;
        assert_eq!(listed["value"], json!([]), "{listed}");
    }
}
