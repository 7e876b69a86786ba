//! `entente apps create --multiple-orgs` and `entente service-principals`, run as a
//! real process: the vendor registers an application for other organizations; a
//! customer's administrator adds it to the customer tenant by its client id (the
//! consent without the page), lists, shows and removes it; an application for its own
//! organization only cannot be added, and the vendor's tenant sees none of it.

use entente_domain::access::{DIRECTORY_API_ID, DIRECTORY_PERMISSIONS};
use entente_model::{AppRoleAssignment, AssignmentId, PrincipalType};
use entente_testkit::{TestServer, backends, now};

use super::{Cli, str_of};

/// A CLI signed in as an application of `tenant` holding every directory
/// permission, as the bootstrap application does in its own tenant.
async fn admin_cli(server: &TestServer, tenant: entente_model::TenantId) -> Cli {
    let app = server
        .register_app_in(
            tenant,
            "Fabrikam automation",
            "https://fabrikam.example/cb",
            false,
        )
        .await;
    let mut tx = server.services.store.write().await.expect("write");
    for (role, _) in DIRECTORY_PERMISSIONS {
        tx.db()
            .insert_assignment(&AppRoleAssignment {
                id: AssignmentId::new_id(),
                tenant_id: tenant,
                principal_id: app.id.0,
                principal_type: PrincipalType::ServicePrincipal,
                resource_id: DIRECTORY_API_ID,
                app_role_id: *role,
                created_at: now(),
            })
            .await
            .expect("grant");
    }
    tx.commit().await.expect("commit");
    let mut cli = Cli::new(server);
    cli.client_id = app.client_id;
    cli.client_secret = app.client_secret.expect("a secret");
    cli.tenant_id = tenant.to_string();
    cli.login().await;
    cli
}

#[tokio::test]
async fn a_vendor_registers_and_a_customer_adds_lists_and_removes_an_application() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let vendor = Cli::new(&server);
        vendor.login().await;
        let made = vendor
            .run(&[
                "apps",
                "create",
                "--display-name",
                "Timesheets",
                "--redirect-uri",
                "https://timesheets.example/cb",
                "--multiple-orgs",
            ])
            .await
            .ok("apps create --multiple-orgs");
        assert!(
            made.stdout
                .lines()
                .any(|l| l.starts_with("Audience:") && l.ends_with("AzureADMultipleOrgs")),
            "{}",
            made.stdout
        );
        let single = vendor
            .json(&[
                "apps",
                "create",
                "--display-name",
                "Internal",
                "--redirect-uri",
                "https://internal.example/cb",
            ])
            .await;
        assert_eq!(single["signInAudience"], "AzureADMyOrg");
        let apps = vendor.json(&["apps", "list"]).await;
        let timesheets = apps["value"]
            .as_array()
            .expect("apps")
            .iter()
            .find(|a| a["displayName"] == "Timesheets")
            .expect("Timesheets")
            .clone();
        let client_id = str_of(&timesheets, "appId").to_owned();

        let ada = server
            .partner_tenant(
                "Fabrikam",
                "fabrikam.example",
                "ada@fabrikam.example",
                "a long password here",
                false,
            )
            .await;
        let customer = admin_cli(&server, ada.tenant_id).await;
        let added = customer
            .run(&["service-principals", "add", "--app-id", &client_id])
            .await
            .ok("service-principals add");
        assert!(
            added.stdout.contains("Publisher:") && added.stdout.contains("Contoso"),
            "{}",
            added.stdout
        );
        let listed = customer.json(&["service-principals", "list"]).await;
        let principals = listed["value"].as_array().expect("principals");
        assert_eq!(principals.len(), 1, "{listed}");
        assert_eq!(principals[0]["appId"], client_id);
        let id = str_of(&principals[0], "id").to_owned();
        let shown = customer.json(&["service-principals", "get", &id]).await;
        assert_eq!(shown["publisherName"], "Contoso");
        // Adding it again answers the same principal.
        let again = customer
            .json(&["service-principals", "add", "--app-id", &client_id])
            .await;
        assert_eq!(again["id"], id.as_str());

        // An application for its own organization only cannot be added.
        let refused = customer
            .run(&[
                "service-principals",
                "add",
                "--app-id",
                str_of(&single, "appId"),
            ])
            .await;
        assert_ne!(refused.code, Some(0));
        assert!(
            refused
                .stderr
                .contains("not configured for other organizations"),
            "{}",
            refused.stderr
        );

        // The vendor's own tenant has no principal of it: it owns the application.
        let own = vendor.json(&["service-principals", "list"]).await;
        assert_eq!(own["value"].as_array().map(Vec::len), Some(0), "{own}");
        let refused = vendor.run(&["service-principals", "remove", &id]).await;
        assert_ne!(
            refused.code,
            Some(0),
            "another tenant's principal is not the vendor's to remove"
        );

        let removed = customer
            .run(&["service-principals", "remove", &id])
            .await
            .ok("service-principals remove");
        assert!(
            removed.stdout.contains("access here ended"),
            "{}",
            removed.stdout
        );
        let listed = customer.json(&["service-principals", "list"]).await;
        assert_eq!(
            listed["value"].as_array().map(Vec::len),
            Some(0),
            "{listed}"
        );
        server.stop().await;
    }
}
