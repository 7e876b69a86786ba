//! `entente cross-tenant`, run as a real process against a real server on each
//! backend: the default changed flag by flag (each flag keeping the parts it does not
//! name), a partner tenant added with listed people and applications, blocked,
//! listed and shown, a refusal explained with the rule that decided, the partner
//! given back to the default and removed; bad tenant ids and mixed lists fail clearly.

use entente_testkit::{TestServer, backends};
use serde_json::{Value, json};

use super::{Cli, str_of};

/// The value of `name` in a command's "Name:  value" lines.
fn field<'a>(stdout: &'a str, name: &str) -> &'a str {
    let label = format!("{name}:");
    stdout
        .lines()
        .find_map(|line| line.strip_prefix(&label))
        .map(str::trim)
        .unwrap_or_else(|| panic!("no {name:?} in\n{stdout}"))
}

fn all(access: &str, target: &str, kind: &str) -> Value {
    json!({ "accessType": access, "targets": [{ "target": target, "targetType": kind }] })
}

#[tokio::test]
async fn an_admin_sets_the_default_adds_blocks_explains_and_removes_a_partner() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let cli = Cli::new(&server);
        cli.login().await;
        let alice = server
            .partner_tenant(
                "Fabrikam",
                "fabrikam.test",
                "alice@fabrikam.test",
                "a partner's long password",
                false,
            )
            .await;
        let fabrikam = alice.tenant_id.to_string();
        let alice_id = alice.id.to_string();
        let portal = server
            .register_app("Portal", "http://127.0.0.1:9/cb", false)
            .await;

        // Never changed: the system's default, in words.
        let shown = cli
            .run(&["cross-tenant", "default", "show"])
            .await
            .ok("cross-tenant default show");
        let out = &shown.stdout;
        assert_eq!(
            field(out, "Default settings"),
            "the system's (never changed)"
        );
        for part in [
            "Inbound users and groups",
            "Inbound applications",
            "Outbound users and groups",
            "Outbound applications",
        ] {
            assert_eq!(field(out, part), "allow all", "{part}");
        }
        assert_eq!(field(out, "Inbound trust"), "MFA accepted");
        assert_eq!(field(out, "Automatic consent"), "inbound no, outbound no");
        assert_eq!(
            field(out, "Redemption order"),
            "azureActiveDirectory, externalFederation, socialIdentityProviders; \
             fallback defaultConfiguredIdp"
        );

        // Flag by flag: each changes its part and keeps what it does not name.
        let set = cli
            .run(&[
                "cross-tenant",
                "default",
                "set",
                "--outbound-users",
                "block-all",
                "--trust-mfa",
                "false",
            ])
            .await
            .ok("cross-tenant default set");
        let out = &set.stdout;
        assert_eq!(
            field(out, "Default settings"),
            "changed by an administrator"
        );
        assert_eq!(field(out, "Outbound users and groups"), "block all");
        assert_eq!(field(out, "Outbound applications"), "allow all");
        assert_eq!(field(out, "Inbound trust"), "MFA not accepted");
        let default = cli
            .json(&[
                "cross-tenant",
                "default",
                "set",
                "--outbound-apps",
                "block-all",
                "--auto-consent-inbound",
                "true",
            ])
            .await;
        assert_eq!(
            default["b2bCollaborationOutbound"]["usersAndGroups"],
            all("blocked", "AllUsers", "user"),
            "the earlier flag's half is kept: {default}"
        );
        assert_eq!(
            default["b2bCollaborationOutbound"]["applications"],
            all("blocked", "AllApplications", "application")
        );
        assert_eq!(default["inboundTrust"]["isMfaAccepted"], false);
        assert_eq!(
            default["automaticUserConsentSettings"],
            json!({ "inboundAllowed": true, "outboundAllowed": false })
        );
        // A whole Graph patch from a file, for what the flags do not cover.
        let body = cli.file(
            "redemption.json",
            r#"{"invitationRedemptionIdentityProviderConfiguration": {
                "primaryIdentityProviderPrecedenceOrder": ["externalFederation", "azureActiveDirectory", "socialIdentityProviders"],
                "fallbackIdentityProvider": "emailOneTimePasscode"}}"#,
        );
        let set = cli
            .run(&["cross-tenant", "default", "set", "--body", &body])
            .await
            .ok("cross-tenant default set --body");
        assert_eq!(
            field(&set.stdout, "Redemption order"),
            "externalFederation, azureActiveDirectory, socialIdentityProviders; fallback emailOneTimePasscode"
        );
        assert_eq!(field(&set.stdout, "Outbound users and groups"), "block all");
        let reset = cli
            .run(&["cross-tenant", "default", "reset"])
            .await
            .ok("cross-tenant default reset");
        assert_eq!(
            field(&reset.stdout, "Default settings"),
            "the system's (never changed)"
        );
        assert_eq!(
            field(&reset.stdout, "Outbound users and groups"),
            "allow all"
        );
        // The reset trusts partners' MFA again, as a tenant that never changed it.
        assert_eq!(field(&reset.stdout, "Inbound trust"), "MFA accepted");
        let default_trust = field(&reset.stdout, "Inbound trust").to_owned();

        // A partner letting in Alice only, to the portal app only; the rest is the
        // default's, and says so.
        let added = cli
            .run(&[
                "cross-tenant",
                "partners",
                "add",
                &fabrikam,
                "--inbound-allow-user",
                &alice_id,
                "--inbound-allow-app",
                &portal.client_id,
            ])
            .await
            .ok("cross-tenant partners add");
        let out = &added.stdout;
        assert_eq!(field(out, "Partner tenant id"), fabrikam);
        assert_eq!(
            field(out, "Inbound users and groups"),
            format!("allow only user {alice_id}")
        );
        assert_eq!(
            field(out, "Inbound applications"),
            format!("allow only app {}", portal.client_id)
        );
        assert_eq!(
            field(out, "Outbound users and groups"),
            "default: allow all"
        );
        assert_eq!(
            field(out, "Inbound trust"),
            format!("default: {default_trust}")
        );

        // Blocked: the people's half changes, the applications' stays.
        let blocked = cli
            .json(&[
                "cross-tenant",
                "partners",
                "set",
                &fabrikam,
                "--inbound-users",
                "block-all",
                "--trust-mfa",
                "false",
            ])
            .await;
        assert_eq!(
            blocked["b2bCollaborationInbound"]["usersAndGroups"],
            all("blocked", "AllUsers", "user"),
            "{blocked}"
        );
        assert_eq!(
            blocked["b2bCollaborationInbound"]["applications"],
            all("allowed", &portal.client_id, "application")
        );
        assert_eq!(blocked["inboundTrust"]["isMfaAccepted"], false);
        assert_eq!(blocked["b2bCollaborationOutbound"], Value::Null);

        let list = cli
            .run(&["cross-tenant", "partners", "list"])
            .await
            .ok("cross-tenant partners list");
        let mut lines = list.stdout.lines();
        let header: Vec<&str> = lines.next().unwrap_or_default().split("  ").collect();
        assert_eq!(
            header
                .iter()
                .map(|h| h.trim())
                .filter(|h| !h.is_empty())
                .collect::<Vec<_>>(),
            ["TENANT ID", "INBOUND", "OUTBOUND", "TRUST"],
            "{}",
            list.stdout
        );
        let row = lines
            .find(|l| l.starts_with(&fabrikam))
            .unwrap_or_else(|| panic!("no row for Fabrikam in\n{}", list.stdout));
        assert!(
            row.contains("users: block all; apps: allow 1 listed")
                && row.contains("default")
                && row.ends_with("MFA not accepted"),
            "{row}"
        );
        let listed = cli.json(&["cross-tenant", "partners", "list"]).await;
        let tenants: Vec<&str> = listed["value"]
            .as_array()
            .expect("a collection")
            .iter()
            .map(|p| str_of(p, "tenantId"))
            .collect();
        assert_eq!(tenants, [fabrikam.as_str()]);
        let shown = cli
            .run(&["cross-tenant", "partners", "show", &fabrikam])
            .await
            .ok("cross-tenant partners show");
        assert_eq!(
            field(&shown.stdout, "Inbound users and groups"),
            "block all"
        );
        assert_eq!(field(&shown.stdout, "Inbound trust"), "MFA not accepted");

        // Why Alice is refused: the partner entry's block list, on the first line.
        let explained = cli
            .run(&["cross-tenant", "explain", "alice@fabrikam.test"])
            .await
            .ok("cross-tenant explain");
        let out = &explained.stdout;
        assert_eq!(
            out.lines().next(),
            Some(
                "Refused by b2bCollaborationInbound.usersAndGroups (this tenant's partner \
                 entry): its block list names AllUsers."
            ),
            "{out}"
        );
        assert_eq!(
            field(out, "Partner"),
            format!("{fabrikam} (a tenant of this deployment; with an entry of its own)")
        );
        assert!(
            out.lines().any(|l| l.starts_with("refused")
                && l.contains("b2bCollaborationInbound.usersAndGroups")
                && l.contains("this tenant's partner entry")
                && l.ends_with("AllUsers")),
            "{out}"
        );
        let explained = cli
            .json(&["cross-tenant", "explain", "alice@fabrikam.test"])
            .await;
        assert_eq!(explained["decision"], "refused");
        assert_eq!(explained["decidedBy"]["source"], "partner");
        let other = cli
            .run(&["cross-tenant", "explain", "someone@northwind.test"])
            .await
            .ok("cross-tenant explain (another partner)");
        assert!(other.stdout.starts_with("Allowed"), "{}", other.stdout);
        let unknown_app = cli
            .run(&[
                "cross-tenant",
                "explain",
                "alice@fabrikam.test",
                "--app",
                "not-an-app",
            ])
            .await;
        assert_eq!(unknown_app.code, Some(1), "{}", unknown_app.stdout);
        assert!(
            unknown_app.stderr.contains("not-an-app is not the appId"),
            "{}",
            unknown_app.stderr
        );

        // Given back to the default, Alice comes in again.
        let inherited = cli
            .run(&[
                "cross-tenant",
                "partners",
                "set",
                &fabrikam,
                "--use-default",
                "inbound-users",
                "--use-default",
                "inbound-apps",
            ])
            .await
            .ok("cross-tenant partners set --use-default");
        assert_eq!(
            field(&inherited.stdout, "Inbound users and groups"),
            "default: allow all"
        );
        let allowed = cli
            .run(&["cross-tenant", "explain", "alice@fabrikam.test"])
            .await
            .ok("cross-tenant explain (allowed)");
        assert!(allowed.stdout.starts_with("Allowed"), "{}", allowed.stdout);

        let removed = cli
            .run(&["cross-tenant", "partners", "remove", &fabrikam])
            .await
            .ok("cross-tenant partners remove");
        assert!(
            removed
                .stdout
                .contains(&format!("Removed the entry of partner {fabrikam}")),
            "{}",
            removed.stdout
        );
        let gone = cli
            .run(&["cross-tenant", "partners", "show", &fabrikam])
            .await;
        assert_eq!(gone.code, Some(1), "{}", gone.stdout);
        assert!(
            gone.stderr.contains(&format!("partner {fabrikam}"))
                && gone.stderr.contains("Request_ResourceNotFound"),
            "{}",
            gone.stderr
        );
        let listed = cli.json(&["cross-tenant", "partners", "list"]).await;
        assert_eq!(listed["value"], json!([]));

        // Bad tenant ids: the server's reason, exit 1, nothing on stdout.
        let contoso = cli.tenant_id.clone();
        for (bad, reason) in [
            ("northwind.test", "belongs to no tenant of this deployment"),
            (
                "0b5c2f1e-8d6a-4c8e-9f57-2a7d1f0c3b41",
                "names neither a tenant of this deployment",
            ),
            (contoso.as_str(), "cannot be its own"),
        ] {
            let refused = cli
                .run(&[
                    "cross-tenant",
                    "partners",
                    "add",
                    bad,
                    "--inbound-users",
                    "block-all",
                ])
                .await;
            assert_eq!(refused.code, Some(1), "{bad}: {}", refused.stderr);
            assert!(
                refused.stderr.contains(&format!("adding partner {bad}"))
                    && refused.stderr.contains(reason),
                "{bad}: {}",
                refused.stderr
            );
            assert!(refused.stdout.is_empty(), "{}", refused.stdout);
        }

        // No flag at all: an entry that leaves every part to the default.
        let bare = cli
            .json(&["cross-tenant", "partners", "add", &fabrikam])
            .await;
        assert_eq!(bare["tenantId"], fabrikam.as_str());
        assert_eq!(bare["b2bCollaborationInbound"], Value::Null, "{bare}");
        cli.run(&["cross-tenant", "partners", "remove", &fabrikam])
            .await
            .ok("cross-tenant partners remove (bare)");

        // Usage errors exit with 2: nothing to change, a list that allows and blocks,
        // a body with flags, a body naming another partner.
        let elsewhere = cli.file(
            "elsewhere.json",
            &json!({ "tenantId": contoso }).to_string(),
        );
        for (args, says) in [
            (
                vec!["cross-tenant", "default", "set"],
                "at least one change",
            ),
            (
                vec![
                    "cross-tenant",
                    "partners",
                    "add",
                    &fabrikam,
                    "--inbound-allow-user",
                    &alice_id,
                    "--inbound-block-group",
                    &alice_id,
                ],
                "either allows or blocks",
            ),
            (
                vec![
                    "cross-tenant",
                    "default",
                    "set",
                    "--body",
                    &body,
                    "--trust-mfa",
                    "true",
                ],
                "cannot be used with",
            ),
            (
                vec![
                    "cross-tenant",
                    "partners",
                    "add",
                    &fabrikam,
                    "--body",
                    &elsewhere,
                ],
                "is not the partner named",
            ),
        ] {
            let usage = cli.run(&args).await;
            assert_eq!(usage.code, Some(2), "{args:?}: {}", usage.stderr);
            assert!(usage.stderr.contains(says), "{args:?}: {}", usage.stderr);
        }
        let listed = cli.json(&["cross-tenant", "partners", "list"]).await;
        assert_eq!(listed["value"], json!([]), "a refused add adds nothing");
        server.stop().await;
    }
}
