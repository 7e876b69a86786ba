//! The portal's lists (issue 19, item 10), on every backend: users, groups and
//! invitations found by any part of a name or an address (indexed: trigram indexes,
//! kept in step with renames and deletions), sorted by a column either way, counted,
//! paged with the search and sort kept, shown with an email column and plain labels
//! (the partner organization's name, "Email one-time code", "Pending acceptance"),
//! and the users exported as CSV with formula cells neutralized; another tenant's
//! users never appear. The browser scenario `lists` audits the pages.

use entente_model::{ExternalUserState, Tenant, TenantId, User, UserType};
use entente_testkit::{ADMIN_EMAIL, ADMIN_PASSWORD, TestServer, backends, now};
use reqwest::Method;
use serde_json::json;

use crate::browser::scenario;

async fn get(server: &TestServer, path: &str, cookies: &str) -> (u16, String, String) {
    let response = server
        .http
        .get(server.url(path))
        .header("cookie", cookies)
        .header("accept-language", "en")
        .send()
        .await
        .expect("GET");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    (
        status,
        content_type,
        response.text().await.unwrap_or_default(),
    )
}

/// The names linked from a list's rows, in order.
fn names(page: &str) -> Vec<String> {
    page.split("<tr data-id=\"")
        .skip(1)
        .filter_map(|row| {
            let link = row.split("<a href=\"").nth(1)?;
            let text = link.split_once("\">")?.1;
            Some(text.split_once("</a>")?.0.to_owned())
        })
        .collect()
}

/// The principal names of a users list's rows (the second cell), in order.
fn upns(page: &str) -> Vec<String> {
    page.split("<tr data-id=\"")
        .skip(1)
        .filter_map(|row| {
            let cell = row.split("<td>").nth(2)?;
            Some(cell.split_once("</td>")?.0.to_owned())
        })
        .collect()
}

/// The `<tr>` of the row whose text contains `needle`.
fn row_of<'a>(page: &'a str, needle: &str) -> &'a str {
    page.split("<tr data-id=\"")
        .skip(1)
        .map(|row| row.split_once("</tr>").map_or(row, |(r, _)| r))
        .find(|row| row.contains(needle))
        .unwrap_or_else(|| panic!("no row with {needle} in {page}"))
}

/// The href of the element with `id`, HTML entities of `&` undone.
fn href_of(page: &str, id: &str) -> String {
    let at = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("#{id} in {page}"));
    let before = &page[..at];
    let start = before.rfind("href=\"").expect("href") + 6;
    let href = &page[start..];
    href[..href.find('"').unwrap()]
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

async fn insert(server: &TestServer, users: &[User]) {
    let mut tx = server.services.store.write().await.expect("write");
    for user in users {
        tx.db()
            .insert_user(entente_storage::NewUser {
                user,
                password_hash: None,
            })
            .await
            .expect("user");
    }
    tx.commit().await.expect("commit");
}

async fn insert_tenant(server: &TestServer, name: &str, managed: bool) -> TenantId {
    let tenant = Tenant {
        managed,
        ..Tenant::new(
            TenantId::new_id(),
            name.to_owned(),
            format!("{}.entente.test", uuid::Uuid::new_v4().simple()),
            now(),
        )
    };
    let mut tx = server.services.store.write().await.expect("write");
    tx.db().insert_tenant(&tenant).await.expect("tenant");
    tx.commit().await.expect("commit");
    tenant.id
}

fn member(tenant: TenantId, upn: &str, mail: Option<&str>, name: &str) -> User {
    User::new_member(
        tenant,
        upn.to_owned(),
        mail.map(str::to_owned),
        name.to_owned(),
        now(),
    )
}

fn guest(tenant: TenantId, address: &str, name: &str, home: Option<TenantId>) -> User {
    let upn = format!("{}#EXT#@contoso.entente.test", address.replace('@', "_"));
    User {
        user_type: UserType::Guest,
        external_user_state: Some(match home {
            Some(_) => ExternalUserState::Accepted,
            None => ExternalUserState::PendingAcceptance,
        }),
        home_tenant_id: home,
        ..member(tenant, &upn, Some(address), name)
    }
}

#[tokio::test]
async fn users_are_found_by_any_part_sorted_counted_labelled_and_exported() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let contoso = server.bootstrap().tenant_id;
        let login = server.url(&format!("/{contoso}/login"));
        let (cookies, _) = server
            .browser_sign_in(&login, ADMIN_EMAIL, ADMIN_PASSWORD)
            .await
            .expect("the admin signs in");
        let fabrikam = insert_tenant(&server, "Fabrikam", true).await;
        let code_accounts = insert_tenant(&server, "gmail.example", false).await;
        let northwind = insert_tenant(&server, "Northwind", true).await;
        let zoe = member(
            contoso,
            "zoe.wang@contoso.com",
            Some("zoe.wang@contoso.com"),
            "Zoë Wang",
        );
        let mateo = member(
            contoso,
            "m.alvarez@contoso.com",
            Some("mateo@northwind-traders.example"),
            "Mateo Alvarez",
        );
        let evil = member(contoso, "evil@contoso.com", None, "=HYPERLINK(\"x\") Evil");
        let alice = guest(contoso, "alice@fabrikam.com", "Alice Fabre", Some(fabrikam));
        let gus = guest(
            contoso,
            "gus@gmail.example",
            "Gus Grant",
            Some(code_accounts),
        );
        let pat = guest(contoso, "pat@tailspin.example", "Pat Pending", None);
        // Another tenant's user whose name and address contain the same texts.
        let wanda = member(
            northwind,
            "wanda.angstrom@northwind.example",
            Some("wanda@northwind-traders.example"),
            "Wanda Angström Wang",
        );
        insert(
            &server,
            &[
                zoe.clone(),
                mateo.clone(),
                evil.clone(),
                alice,
                gus,
                pat,
                wanda,
            ],
        )
        .await;
        let users = |query: &str| {
            let cookies = cookies.clone();
            let server = &server;
            let path = format!("/{contoso}/admin/users{query}");
            async move {
                let (status, _, page) = get(server, &path, &cookies).await;
                assert_eq!(status, 200, "{path}: {page}");
                page
            }
        };

        // The middle of a name, of an address, any case; never Northwind's Wanda.
        let page = users("?q=ang").await;
        assert_eq!(names(&page), ["Zoë Wang"], "{backend:?}");
        assert!(page.contains("Users found: 1<"), "{page}");
        assert_eq!(names(&users("?q=o%20alvar").await), ["Mateo Alvarez"]);
        let page = users("?q=thwind-TRA").await;
        assert_eq!(names(&page), ["Mateo Alvarez"], "{backend:?}");
        let page = users("?q=%C3%AB%20w").await;
        assert_eq!(names(&page), ["Zoë Wang"], "ë w: {backend:?}");
        // Two characters: the starts of names' words and of addresses.
        let page = users("?q=wa").await;
        assert_eq!(names(&page), ["Zoë Wang"], "{backend:?}");
        let page = users("?q=lv").await;
        assert!(names(&page).is_empty(), "lv starts nothing: {page}");
        assert!(page.contains("Users found: 0<"), "{page}");
        // Text the search syntaxes would read as operators is only text.
        for odd in ["%22%2A%5E%3A%28", "%25_%5C", "%22%22%22", "a%20OR%20b"] {
            assert!(
                names(&users(&format!("?q={odd}")).await).is_empty(),
                "{odd}"
            );
        }
        // A search box the browser sends as typed, with a hint.
        assert!(page.contains(r#"name="q" type="search""#), "{page}");

        // The email column and plain labels.
        let page = users("").await;
        assert!(
            row_of(&page, "Mateo Alvarez").contains("mateo@northwind-traders.example"),
            "{page}"
        );
        let alice_row = row_of(&page, "Alice Fabre");
        assert!(
            alice_row.contains("<td class=\"source\">Fabrikam</td>"),
            "{alice_row}"
        );
        assert!(alice_row.contains(">Accepted<") && alice_row.contains(">Guest<"));
        assert!(
            !alice_row.contains(&fabrikam.to_string()),
            "a name, not an id: {alice_row}"
        );
        assert!(
            row_of(&page, "Gus Grant").contains("<td class=\"source\">Email one-time code</td>"),
            "{page}"
        );
        assert!(
            row_of(&page, "Pat Pending").contains("<td class=\"state\">Pending acceptance</td>"),
            "{page}"
        );
        assert!(row_of(&page, "Zoë Wang").contains(">Member<"), "{page}");
        // Counted: everyone of the tenant, none of Northwind's.
        let total = {
            let mut conn = server.services.store.read().await.expect("read");
            conn.db().count_users(contoso).await.expect("count")
        };
        assert!(
            page.contains(&format!("Users found: {total}<")),
            "{total}: {page}"
        );

        // Sorted by name by default; by a column's link, either way.
        let sorted = names(&page);
        let mut expected = sorted.clone();
        expected.sort_by_key(|n| n.to_lowercase());
        assert_eq!(sorted, expected, "{backend:?}");
        assert!(
            page.contains(r#"aria-sort="ascending"><a href=""#),
            "{page}"
        );
        let descending = href_of(&page, "sort-name");
        assert!(descending.ends_with("sort=name&dir=desc"), "{descending}");
        let page = users(descending.split_once("/admin/users").unwrap().1).await;
        let mut reversed = expected.clone();
        reversed.reverse();
        assert_eq!(names(&page), reversed, "{backend:?}");
        assert!(page.contains(r#"aria-sort="descending""#), "{page}");
        let page = users("?sort=upn&dir=asc").await;
        let by_upn = upns(&page);
        let mut expected = by_upn.clone();
        expected.sort();
        assert_eq!(by_upn, expected, "{backend:?}");
        assert_eq!(
            by_upn.last().map(String::as_str),
            Some("zoe.wang@contoso.com")
        );

        // Renamed and deleted users are found by their new name only (the indexes
        // follow every write).
        let token = server.api_token().await;
        let (status, _) = server
            .call(
                Method::PATCH,
                &format!("/v1.0/users/{}", mateo.id),
                Some(&token),
                Some(json!({ "displayName": "Mateo Quintero" })),
            )
            .await;
        assert_eq!(status, 204);
        assert!(
            names(&users("?q=o%20alvar").await).is_empty(),
            "{backend:?}"
        );
        assert_eq!(names(&users("?q=uinter").await), ["Mateo Quintero"]);
        let (status, _) = server
            .call(
                Method::DELETE,
                &format!("/v1.0/users/{}", zoe.id),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, 204);
        assert!(names(&users("?q=ang").await).is_empty(), "{backend:?}");

        // Paging keeps the search and the sort.
        let many: Vec<User> = (0..60)
            .map(|i| {
                member(
                    contoso,
                    &format!("paged{i:02}@contoso.com"),
                    None,
                    &format!("Paged Person {i:02}"),
                )
            })
            .collect();
        insert(&server, &many).await;
        let first = users("?q=ged%20per&sort=name&dir=desc").await;
        assert!(first.contains("Users found: 60<"), "{first}");
        let first_names = names(&first);
        assert_eq!(first_names.len(), 50);
        assert_eq!(first_names[0], "Paged Person 59");
        let next = href_of(&first, "next-page");
        for kept in ["q=ged+per", "sort=name", "dir=desc", "after="] {
            assert!(next.contains(kept), "{kept} in {next}");
        }
        let second = users(next.split_once("/admin/users").unwrap().1).await;
        let second_names = names(&second);
        assert_eq!(second_names.len(), 10, "{second_names:?}");
        assert_eq!(second_names[0], "Paged Person 09");
        assert_eq!(second_names[9], "Paged Person 00");

        // The export: what the list shows, every page, formula cells neutralized.
        let export = href_of(&users("?q=contoso.com&sort=upn").await, "export-users");
        assert!(export.contains("/users.csv?q=contoso.com"), "{export}");
        let (status, content_type, csv) = get(&server, &export, &cookies).await;
        assert_eq!(status, 200, "{csv}");
        assert!(content_type.starts_with("text/csv"), "{content_type}");
        assert!(
            csv.starts_with("\u{feff}id,displayName,userPrincipalName,mail,"),
            "{csv}"
        );
        assert!(
            csv.contains("\"'=HYPERLINK(\"\"x\"\") Evil\",evil@contoso.com,"),
            "{csv}"
        );
        assert!(
            csv.contains(
                ",Mateo Quintero,m.alvarez@contoso.com,mateo@northwind-traders.example,Member,"
            ),
            "{csv}"
        );
        assert_eq!(csv.matches("paged").count(), 60, "every page: {csv}");
        assert!(!csv.contains("wanda"), "{csv}");
        let rows: Vec<&str> = csv.lines().skip(1).collect();
        let upns: Vec<&str> = rows
            .iter()
            .map(|r| r.split(',').nth(2).unwrap_or(""))
            .collect();
        let mut sorted_upns = upns.clone();
        sorted_upns.sort();
        assert_eq!(upns, sorted_upns, "in the list's order");
        let (_, _, guests) = get(
            &server,
            &format!("/{contoso}/admin/users.csv?kind=guest"),
            &cookies,
        )
        .await;
        assert!(
            guests.contains(",Guest,,Accepted,Fabrikam,true,"),
            "{guests}"
        );
        assert!(!guests.contains("Paged"), "{guests}");
        server.stop().await;
    }
}

#[tokio::test]
async fn invitations_and_groups_are_found_by_any_part_sorted_and_counted() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let contoso = server.bootstrap().tenant_id;
        let login = server.url(&format!("/{contoso}/login"));
        let (cookies, _) = server
            .browser_sign_in(&login, ADMIN_EMAIL, ADMIN_PASSWORD)
            .await
            .expect("the admin signs in");
        let token = server.api_token().await;
        for (address, name) in [
            ("bea@fabrikam.com", "Béatrice Dupont"),
            ("carl@northwind-traders.example", ""),
            ("dana@tailspin.example", "Dana Scully"),
        ] {
            let mut body = json!({
                "invitedUserEmailAddress": address,
                "inviteRedirectUrl": "https://myapps.example",
            });
            if !name.is_empty() {
                body["invitedUserDisplayName"] = json!(name);
            }
            let (status, made) = server
                .call(Method::POST, "/v1.0/invitations", Some(&token), Some(body))
                .await;
            assert_eq!(status, 201, "{backend:?}: {made}");
        }
        for name in ["Finance Approvers", "Sales", "Approvals Board"] {
            let (status, made) = server
                .call(
                    Method::POST,
                    "/v1.0/groups",
                    Some(&token),
                    Some(json!({
                        "displayName": name,
                        "mailEnabled": false,
                        "mailNickname": name.replace(' ', ""),
                        "securityEnabled": true,
                    })),
                )
                .await;
            assert!(status.is_success(), "{made}");
        }
        let invitations = |query: &str| {
            let path = format!("/{contoso}/admin/invitations{query}");
            let cookies = cookies.clone();
            let server = &server;
            async move {
                let (status, _, page) = get(server, &path, &cookies).await;
                assert_eq!(status, 200, "{path}: {page}");
                page
            }
        };
        let addresses = |page: &str| -> Vec<String> {
            page.split("<tr data-id=\"")
                .skip(1)
                .filter_map(|row| {
                    let cell = row.split("<td>").nth(2)?;
                    Some(cell.split_once("</td>")?.0.to_owned())
                })
                .collect()
        };

        // The box takes any text (not an email field, which refuses a part).
        let page = invitations("").await;
        assert!(page.contains(r#"name="q" type="search""#), "{page}");
        assert!(!page.contains(r#"type="email""#), "{page}");
        assert!(page.contains("Invitations found: 3<"), "{page}");
        // Newest first by default.
        assert_eq!(
            addresses(&page),
            [
                "dana@tailspin.example",
                "carl@northwind-traders.example",
                "bea@fabrikam.com"
            ],
            "{backend:?}"
        );
        assert!(
            row_of(&page, "dana@tailspin.example")
                .contains("<td class=\"status\">Pending acceptance</td>"),
            "{page}"
        );
        // A part of the display name given with it, of the address, any case.
        let page = invitations("?q=atrice").await;
        assert_eq!(addresses(&page), ["bea@fabrikam.com"], "{backend:?}");
        assert!(page.contains("Invitations found: 1<"), "{page}");
        for odd in ["%25_%5C", "%22%2A%3A", "x_"] {
            assert!(
                addresses(&invitations(&format!("?q={odd}")).await).is_empty(),
                "{odd}"
            );
        }
        let page = invitations("?q=THWIND-tr").await;
        assert_eq!(addresses(&page), ["carl@northwind-traders.example"]);
        let page = invitations("?q=fabrikam.com&status=pending").await;
        assert_eq!(addresses(&page), ["bea@fabrikam.com"]);
        // By address, either way, from the column's link.
        let by_address = href_of(&invitations("").await, "sort-address");
        let page = invitations(by_address.split_once("/admin/invitations").unwrap().1).await;
        assert_eq!(
            addresses(&page),
            [
                "bea@fabrikam.com",
                "carl@northwind-traders.example",
                "dana@tailspin.example"
            ]
        );
        assert!(
            page.contains(r#"aria-sort="ascending"><a href=""#),
            "{page}"
        );

        // Groups: any part of the name, counted, sorted by name either way.
        let (status, _, page) = get(
            &server,
            &format!("/{contoso}/admin/groups?q=PROV"),
            &cookies,
        )
        .await;
        assert_eq!(status, 200);
        assert!(page.contains("Groups found: 2<"), "{page}");
        let groups: Vec<&str> = page
            .split("<td><a href=\"")
            .skip(1)
            .filter_map(|r| r.split_once("\">")?.1.split_once("</a>").map(|(n, _)| n))
            .collect();
        assert_eq!(
            groups,
            ["Approvals Board", "Finance Approvers"],
            "{backend:?}"
        );
        let (_, _, page) = get(
            &server,
            &format!("/{contoso}/admin/groups?q=prov&dir=desc"),
            &cookies,
        )
        .await;
        assert!(
            page.find("Finance Approvers").unwrap() < page.find("Approvals Board").unwrap(),
            "{page}"
        );
        server.stop().await;
    }
}

/// In a browser: search users for the middle of a name, sort by a column, export;
/// and search invitations by a part of an address. Every page audited (axe, 375 px).
#[tokio::test]
async fn lists_in_a_browser() {
    let server = TestServer::start().await;
    let contoso = server.bootstrap().tenant_id;
    insert(
        &server,
        &[
            member(
                contoso,
                "zoe.wang@contoso.com",
                Some("zoe.wang@contoso.com"),
                "Zoë Wang",
            ),
            member(
                contoso,
                "bo.yang@contoso.com",
                Some("bo@yang.example"),
                "Bo Yang",
            ),
            member(contoso, "al.smith@contoso.com", None, "Al Smith"),
        ],
    )
    .await;
    let token = server.api_token().await;
    let (status, made) = server
        .call(
            Method::POST,
            "/v1.0/invitations",
            Some(&token),
            Some(json!({
                "invitedUserEmailAddress": "bea@fabrikam.com",
                "inviteRedirectUrl": "https://myapps.example",
            })),
        )
        .await;
    assert_eq!(status, 201, "{made}");
    let result = scenario(
        "lists",
        json!({
            "base": server.base_url,
            "tenant": contoso.to_string(),
            "login": ADMIN_EMAIL,
            "password": ADMIN_PASSWORD,
        }),
    )
    .await;
    let text = |pointer: &str| {
        result
            .pointer(pointer)
            .and_then(|v| v.as_str())
            .unwrap_or("")
    };
    assert_eq!(text("/searched/count"), "Users found: 2", "{result}");
    let found: Vec<&str> = result["searched"]["names"]
        .as_array()
        .expect("names")
        .iter()
        .filter_map(|n| n.as_str())
        .collect();
    assert_eq!(found, ["Bo Yang", "Zoë Wang"], "{result}");
    let sorted: Vec<&str> = result["sorted"]["names"]
        .as_array()
        .expect("names")
        .iter()
        .filter_map(|n| n.as_str())
        .collect();
    assert_eq!(sorted, ["Zoë Wang", "Bo Yang"], "{result}");
    assert_eq!(text("/sorted/ariaSort"), "descending", "{result}");
    assert!(text("/sorted/url").contains("q=ang"), "{result}");
    assert!(text("/export").contains("Zoë Wang"), "{result}");
    assert!(!text("/export").contains("Al Smith"), "{result}");
    assert_eq!(
        text("/invitations/count"),
        "Invitations found: 1",
        "{result}"
    );
    assert_eq!(text("/invitations/type"), "search", "{result}");
    server.stop().await;
}
