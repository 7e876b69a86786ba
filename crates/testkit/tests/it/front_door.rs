//! Issue 19, item 3: the deployment's front door. `/`, `/login` and `/admin` lead to
//! the only organization's sign-in and portal; with several organizations the
//! person's address finds theirs (in Chromium); before setup they say where the setup
//! link is; the account page leads administrators to the portal.

use entente_testkit::{ADMIN_PASSWORD, Backend, TestServer};
use serde_json::json;

use crate::browser::scenario;

async fn location(server: &TestServer, path: &str) -> (u16, String) {
    let response = server.http.get(server.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location)
}

#[tokio::test]
async fn one_organization_is_reached_from_the_root_and_none_says_how_to_set_up() {
    let server = TestServer::start_on(Backend::Sqlite).await;
    let tenant = server.bootstrap().tenant_id;
    for path in ["/", "/login"] {
        assert_eq!(
            location(&server, path).await,
            (303, format!("/{tenant}/login")),
            "{path}"
        );
    }
    assert_eq!(
        location(&server, "/admin").await,
        (303, format!("/{tenant}/admin"))
    );
    server.stop().await;

    let empty = TestServer::start_empty(Backend::Sqlite).await;
    let page = empty.http.get(empty.url("/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let body = page.text().await.unwrap();
    assert!(
        body.contains("open the setup link printed in the server"),
        "{body}"
    );
    empty.stop().await;
}

#[tokio::test]
async fn with_several_organizations_the_address_finds_its_own() {
    let server = TestServer::start_on(Backend::Sqlite).await;
    let contoso = server.bootstrap().tenant_id;
    server
        .partner_tenant(
            "Fabrikam",
            "fabrikam.example",
            "bob@fabrikam.example",
            "bob's long password",
            false,
        )
        .await;
    // The portal's door asks too, and leads to the organization's portal.
    let found = server
        .http
        .post(server.url("/admin"))
        .form(&[("address", "bob@fabrikam.example")])
        .send()
        .await
        .unwrap();
    assert_eq!(found.status(), 303);
    let fabrikam_portal = found.headers()["location"].to_str().unwrap().to_owned();
    assert!(fabrikam_portal.ends_with("/admin") && !fabrikam_portal.contains(&contoso.to_string()));

    let seen = scenario(
        "front-door",
        json!({
            "base": server.base_url, "unknown": "someone@nowhere.example",
            "login": "admin@contoso.entente.test", "password": ADMIN_PASSWORD,
        }),
    )
    .await;
    let text = |key: &str| seen[key].as_str().unwrap_or_default().to_owned();
    assert!(
        text("unknown").contains("someone@nowhere.example"),
        "{seen}"
    );
    assert!(text("unknown").contains("No organization here"), "{seen}");
    assert!(
        text("loginUrl").contains(&format!("/{contoso}/login")),
        "{seen}"
    );
    // Found by the domain of the administrator's sign-in name (the tenant's initial
    // domain), as Entra's home realm discovery finds a tenant.
    assert_eq!(text("prefilled"), "admin@contoso.entente.test", "{seen}");
    assert!(
        text("accountUrl").ends_with(&format!("/{contoso}/account")),
        "{seen}"
    );
    assert!(
        text("portalUrl").contains(&format!("/{contoso}/admin")),
        "{seen}"
    );
    server.stop().await;
}
