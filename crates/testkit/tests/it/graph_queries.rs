//! The Graph paths and query options Entra developers use (issue 18, item 6): `/me`,
//! `/organization`, `/users/{userPrincipalName}`, `memberOf`, members with `$count`,
//! `$select` kept in `@odata.nextLink`, `$count` and `/$count` under
//! `ConsistencyLevel: eventual`, `$orderby`, `$search`, `$filter` with `in`, `and`,
//! `or` and `not`, `$expand=members`, the option names percent-encoded as Microsoft's
//! SDKs send them, and the 400s of what is not supported, on every backend.

use entente_model::{AppId, CreationType, ExternalUserState, TenantId, User, UserId, UserType};
use entente_testkit::entente_storage::NewUser;
use entente_testkit::{Backend, TestServer, backends, now};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// When the people of these tests were made: long before the bootstrap administrator.
const EPOCH: i64 = 1_600_000_000;

/// A server, an admin token (the bootstrap application) and a directory of people.
struct Graph {
    server: TestServer,
    admin: String,
    people: People,
}

/// The people every test starts with.
struct People {
    alice: UserId,
    bob: UserId,
    ali: UserId,
    carol: UserId,
    malik: UserId,
    dave: UserId,
}

/// An answer: status, content type and body (JSON when it is JSON).
struct Answer {
    status: StatusCode,
    content_type: String,
    text: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|_| panic!("{}: {}", self.status, self.text))
    }
}

impl Graph {
    async fn start(backend: Backend) -> Graph {
        let server = TestServer::start_on(backend).await;
        let boot = server.bootstrap().clone();
        let app_id = {
            let mut conn = server.services.store.read().await.unwrap();
            conn.db()
                .application_by_client_id(boot.tenant_id, &boot.client_id)
                .await
                .unwrap()
                .expect("bootstrap application")
                .id
        };
        let admin = token(
            &server,
            boot.tenant_id,
            app_id.0,
            "app",
            &["Directory.ReadWrite.All"],
        );
        let mut graph = Graph {
            server,
            admin,
            people: People {
                alice: UserId::new_id(),
                bob: UserId::new_id(),
                ali: UserId::new_id(),
                carol: UserId::new_id(),
                malik: UserId::new_id(),
                dave: UserId::new_id(),
            },
        };
        graph.people = People {
            alice: graph
                .person("Alice Smith", "alice.smith@contoso.com", 1)
                .await,
            bob: graph
                .disabled(graph.person("Bob Alison", "bob@contoso.com", 2).await)
                .await,
            ali: graph
                .guest(
                    "Ali Khan",
                    "ali@fabrikam.com",
                    ExternalUserState::PendingAcceptance,
                    3,
                )
                .await,
            carol: graph
                .guest(
                    "Carol Jones",
                    "carol@fabrikam.com",
                    ExternalUserState::Accepted,
                    4,
                )
                .await,
            malik: graph.person("Malik Brown", "malik@contoso.com", 5).await,
            dave: graph
                .disabled(graph.person("dave lower", "dave@contoso.com", 6).await)
                .await,
        };
        graph
    }

    fn tenant(&self) -> TenantId {
        self.server.bootstrap().tenant_id
    }

    fn domain(&self) -> String {
        self.server.bootstrap().initial_domain.clone()
    }

    async fn insert(&self, user: &User) {
        let mut tx = self.server.services.store.write().await.unwrap();
        tx.db()
            .insert_user(NewUser {
                user,
                password_hash: None,
            })
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }

    /// A member created `minutes` after [`EPOCH`].
    async fn person(&self, name: &str, mail: &str, minutes: i64) -> UserId {
        let local = mail.split('@').next().unwrap();
        let user = User::new_member(
            self.tenant(),
            format!("{local}@{}", self.domain()),
            Some(mail.to_owned()),
            name.to_owned(),
            EPOCH + minutes * 60,
        );
        self.insert(&user).await;
        user.id
    }

    /// An invited guest, as invitations make them.
    async fn guest(
        &self,
        name: &str,
        mail: &str,
        state: ExternalUserState,
        minutes: i64,
    ) -> UserId {
        let flattened = mail.replace('@', "_");
        let user = User {
            user_type: UserType::Guest,
            creation_type: Some(CreationType::Invitation),
            external_user_state: Some(state),
            external_user_state_changed_at: Some(EPOCH),
            ..User::new_member(
                self.tenant(),
                format!("{flattened}#EXT#@{}", self.domain()),
                Some(mail.to_owned()),
                name.to_owned(),
                EPOCH + minutes * 60,
            )
        };
        self.insert(&user).await;
        user.id
    }

    async fn disabled(&self, id: UserId) -> UserId {
        let (status, body) = self
            .send(
                reqwest::Method::PATCH,
                &format!("/v1.0/users/{id}"),
                json!({ "accountEnabled": false }),
            )
            .await;
        assert_eq!(status, 204, "{body}");
        id
    }

    async fn send(&self, method: reqwest::Method, path: &str, body: Value) -> (StatusCode, Value) {
        self.server
            .call(method, path, Some(&self.admin), Some(body))
            .await
    }

    /// GET with the admin token, and `ConsistencyLevel: eventual` when `eventual`.
    async fn answer(&self, path: &str, eventual: bool) -> Answer {
        self.answer_as(path, eventual, &self.admin).await
    }

    async fn answer_as(&self, path: &str, eventual: bool, bearer: &str) -> Answer {
        let url = if path.starts_with("http") {
            path.to_owned()
        } else {
            self.server.url(path)
        };
        let mut request = self.server.http.get(url).bearer_auth(bearer);
        if eventual {
            request = request.header("ConsistencyLevel", "eventual");
        }
        let response = request.send().await.expect("request");
        Answer {
            status: response.status(),
            content_type: response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned(),
            text: response.text().await.expect("body"),
        }
    }

    /// GET answered 200 with JSON.
    async fn get(&self, path: &str) -> Value {
        let answer = self.answer(path, false).await;
        assert_eq!(answer.status, 200, "{path}: {}", answer.text);
        answer.json()
    }

    /// GET with `ConsistencyLevel: eventual`, answered 200 with JSON.
    async fn eventual(&self, path: &str) -> Value {
        let answer = self.answer(path, true).await;
        assert_eq!(answer.status, 200, "{path}: {}", answer.text);
        answer.json()
    }

    /// GET answered 400 with this Graph error code; answers the message.
    async fn refused(&self, path: &str, eventual: bool, code: &str) -> String {
        let answer = self.answer(path, eventual).await;
        assert_eq!(answer.status, 400, "{path}: {}", answer.text);
        let body = answer.json();
        assert_eq!(body["error"]["code"], code, "{path}: {body}");
        body["error"]["message"].as_str().unwrap().to_owned()
    }

    /// The ids of a collection's first page, sorted.
    async fn ids(&self, path: &str) -> Vec<String> {
        sorted(id_list(&self.get(path).await))
    }

    /// Every id of a collection, following `@odata.nextLink` to the end.
    async fn all_ids(&self, path: &str, eventual: bool) -> Vec<String> {
        let mut ids = Vec::new();
        let mut next = Some(path.to_owned());
        while let Some(link) = next {
            let answer = self.answer(&link, eventual).await;
            assert_eq!(answer.status, 200, "{link}: {}", answer.text);
            let page = answer.json();
            ids.extend(id_list(&page));
            next = page["@odata.nextLink"].as_str().map(str::to_owned);
        }
        ids
    }

    async fn group(&self, name: &str, members: &[UserId]) -> String {
        let (status, group) = self
            .send(
                reqwest::Method::POST,
                "/v1.0/groups",
                json!({ "displayName": name }),
            )
            .await;
        assert_eq!(status, 201, "{group}");
        let id = group["id"].as_str().unwrap().to_owned();
        for member in members {
            let (status, body) = self
                .send(
                    reqwest::Method::POST,
                    &format!("/v1.0/groups/{id}/members/$ref"),
                    json!({ "@odata.id": format!("https://graph.microsoft.com/v1.0/directoryObjects/{member}") }),
                )
                .await;
            assert_eq!(status, 204, "{body}");
        }
        id
    }
}

fn token(
    server: &TestServer,
    tenant: TenantId,
    oid: uuid::Uuid,
    idtyp: &str,
    roles: &[&str],
) -> String {
    server.sign(&server.api_claims(tenant, oid, idtyp, roles, now()))
}

fn id_list(collection: &Value) -> Vec<String> {
    collection["value"]
        .as_array()
        .unwrap_or_else(|| panic!("a collection: {collection}"))
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The ids, sorted, to compare sets.
fn set(ids: &[UserId]) -> Vec<String> {
    let mut ids: Vec<String> = ids.iter().map(UserId::to_string).collect();
    ids.sort();
    ids
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

fn keys(object: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = object
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[tokio::test]
async fn me_is_the_signed_in_user_and_refuses_an_application() {
    for backend in backends() {
        let graph = Graph::start(backend).await;
        // A user without any directory role reads itself.
        let alice = token(
            &graph.server,
            graph.tenant(),
            graph.people.alice.0,
            "user",
            &[],
        );
        let me = graph.answer_as("/v1.0/me", false, &alice).await;
        assert_eq!(me.status, 200, "{}", me.text);
        let me = me.json();
        assert_eq!(me["id"], graph.people.alice.to_string());
        assert_eq!(me["displayName"], "Alice Smith");
        assert_eq!(me["mail"], "alice.smith@contoso.com");
        let selected = graph
            .answer_as("/v1.0/me?$select=displayName,jobTitle", false, &alice)
            .await
            .json();
        assert_eq!(
            selected,
            json!({ "id": graph.people.alice.to_string(), "displayName": "Alice Smith", "jobTitle": null })
        );
        // The same user may not list the directory: /me needs no permission, /users does.
        let users = graph.answer_as("/v1.0/users", false, &alice).await;
        assert_eq!(users.status, 403, "{}", users.text);

        let message = graph.refused("/v1.0/me", false, "BadRequest").await;
        assert_eq!(
            message,
            "/me request is only valid with delegated authentication flow."
        );
        graph.server.stop().await;
    }
}

#[tokio::test]
async fn organization_is_the_tenant_with_its_verified_domains() {
    for backend in backends() {
        let graph = Graph::start(backend).await;
        let tenant = graph.tenant().to_string();
        let list = graph.get("/v1.0/organization").await;
        assert!(
            list["@odata.context"]
                .as_str()
                .unwrap()
                .ends_with("/v1.0/$metadata#organization"),
            "{list}"
        );
        assert_eq!(id_list(&list), vec![tenant.clone()]);
        let org = &list["value"][0];
        assert_eq!(org["tenantType"], "AAD");
        assert!(
            org["displayName"].as_str().is_some_and(|n| !n.is_empty()),
            "{org}"
        );
        assert!(
            org["createdDateTime"].as_str().unwrap().ends_with('Z'),
            "{org}"
        );
        assert_eq!(
            org["verifiedDomains"],
            json!([{ "capabilities": "None", "isDefault": true, "isInitial": true,
                     "name": graph.domain(), "type": "Managed" }])
        );
        // A claimed domain is not verified until its DNS record is proven.
        let (status, _) = graph
            .send(
                reqwest::Method::POST,
                "/v1.0/domains",
                json!({ "id": "contoso.example" }),
            )
            .await;
        assert_eq!(status, 201);
        let again = graph.get(&format!("/v1.0/organization/{tenant}")).await;
        assert_eq!(&again, org, "the entity is the collection's one item");

        let selected = graph
            .get(&format!(
                "/v1.0/organization/{tenant}?$select=displayName,verifiedDomains"
            ))
            .await;
        assert_eq!(
            keys(&selected),
            vec!["displayName", "id", "verifiedDomains"]
        );
        // Every signed-in user may read its organization, as with Graph's User.Read.
        let alice = token(
            &graph.server,
            graph.tenant(),
            graph.people.alice.0,
            "user",
            &[],
        );
        let as_alice = graph.answer_as("/v1.0/organization", false, &alice).await;
        assert_eq!(as_alice.status, 200, "{}", as_alice.text);

        let other = graph
            .answer(&format!("/v1.0/organization/{}", TenantId::new_id()), false)
            .await;
        assert_eq!(other.status, 404, "{}", other.text);
        graph
            .refused("/v1.0/organization?$top=1", false, "BadRequest")
            .await;
        graph.server.stop().await;
    }
}

#[tokio::test]
async fn users_are_found_by_principal_name_guests_by_their_ext_name() {
    for backend in backends() {
        let graph = Graph::start(backend).await;
        let domain = graph.domain();
        let alice = graph
            .get(&format!("/v1.0/users/ALICE.SMITH@{domain}"))
            .await;
        assert_eq!(
            alice["id"],
            graph.people.alice.to_string(),
            "case-insensitive"
        );
        // `#` arrives percent-encoded, as every client sends it.
        let ali = graph
            .get(&format!(
                "/v1.0/users/ali_fabrikam.com%23EXT%23@{domain}?$select=userType"
            ))
            .await;
        assert_eq!(
            ali,
            json!({ "id": graph.people.ali.to_string(), "userType": "Guest" })
        );
        let missing = graph
            .answer(&format!("/v1.0/users/nobody@{domain}"), false)
            .await;
        assert_eq!(missing.status, 404, "{}", missing.text);
        assert_eq!(missing.json()["error"]["code"], "Request_ResourceNotFound");

        // Writes take the name too.
        let (status, body) = graph
            .send(
                reqwest::Method::PATCH,
                &format!("/v1.0/users/malik@{domain}"),
                json!({ "displayName": "Malik Brown-Moreau" }),
            )
            .await;
        assert_eq!(status, 204, "{body}");
        let malik = graph
            .get(&format!("/v1.0/users/{}", graph.people.malik))
            .await;
        assert_eq!(malik["displayName"], "Malik Brown-Moreau");
        graph.server.stop().await;
    }
}

#[tokio::test]
async fn member_of_and_members_with_count_and_filters() {
    for backend in backends() {
        let graph = Graph::start(backend).await;
        let p = &graph.people;
        let partners = graph.group("Partners", &[p.alice, p.bob, p.ali]).await;
        let staff = graph.group("Staff", &[p.alice]).await;

        let groups = graph
            .get(&format!("/v1.0/users/{}/memberOf", p.alice))
            .await;
        assert!(
            groups["@odata.context"]
                .as_str()
                .unwrap()
                .ends_with("$metadata#directoryObjects"),
            "{groups}"
        );
        assert_eq!(
            sorted(id_list(&groups)),
            sorted(vec![partners.clone(), staff.clone()])
        );
        for group in groups["value"].as_array().unwrap() {
            assert_eq!(group["@odata.type"], "#microsoft.graph.group", "{group}");
            assert_eq!(group["securityEnabled"], true);
        }
        let counted = graph
            .eventual(&format!(
                "/v1.0/users/{}/memberOf?$count=true&$select=displayName",
                p.alice
            ))
            .await;
        assert_eq!(counted["@odata.count"], 2, "{counted}");
        assert_eq!(
            keys(&counted["value"][0]),
            vec!["@odata.type", "displayName", "id"]
        );
        let filtered = graph
            .get(&format!(
                "/v1.0/users/{}/memberOf?$filter=startswith(displayName,'sta')",
                p.alice
            ))
            .await;
        assert_eq!(id_list(&filtered), vec![staff.clone()]);
        let text = graph
            .answer(&format!("/v1.0/users/{}/memberOf/$count", p.alice), true)
            .await;
        assert_eq!((text.status, text.text.as_str()), (StatusCode::OK, "2"));
        let nobody = graph
            .answer(&format!("/v1.0/users/{}/memberOf", UserId::new_id()), false)
            .await;
        assert_eq!(nobody.status, 404, "{}", nobody.text);

        let members = graph.get(&format!("/v1.0/groups/{partners}/members")).await;
        assert_eq!(sorted(id_list(&members)), set(&[p.alice, p.bob, p.ali]));
        assert!(
            members["value"]
                .as_array()
                .unwrap()
                .iter()
                .all(|m| m["@odata.type"] == "#microsoft.graph.user")
        );
        let disabled = graph
            .eventual(&format!(
                "/v1.0/groups/{partners}/members?$filter=accountEnabled eq false&$count=true"
            ))
            .await;
        assert_eq!(id_list(&disabled), vec![p.bob.to_string()]);
        assert_eq!(disabled["@odata.count"], 1);
        let count = graph
            .answer(&format!("/v1.0/groups/{partners}/members/$count"), true)
            .await;
        assert_eq!((count.status, count.text.as_str()), (StatusCode::OK, "3"));
        assert!(
            count.content_type.starts_with("text/plain"),
            "{}",
            count.content_type
        );
        let guests = graph
            .answer(
                &format!("/v1.0/groups/{partners}/members/$count?$filter=userType eq 'Guest'"),
                true,
            )
            .await;
        assert_eq!(guests.text, "1");
        let message = graph
            .refused(
                &format!("/v1.0/groups/{partners}/members/$count"),
                false,
                "Request_BadRequest",
            )
            .await;
        assert_eq!(message, "$count is not currently supported.");
        graph.server.stop().await;
    }
}

#[tokio::test]
async fn select_is_kept_in_next_links_and_count_follows_the_header() {
    for backend in backends() {
        let graph = Graph::start(backend).await;
        let everyone = graph.all_ids("/v1.0/users?$top=999", false).await;
        assert_eq!(everyone.len(), 7, "six people and the administrator");

        let first = graph.get("/v1.0/users?$select=id,displayName&$top=2").await;
        let next = first["@odata.nextLink"].as_str().unwrap();
        assert!(next.starts_with(&graph.server.base_url), "{next}");
        assert!(next.contains("$select=id%2CdisplayName"), "{next}");
        assert!(next.contains("$top=2"), "{next}");
        let second = graph.get(next).await;
        for user in second["value"].as_array().unwrap() {
            assert_eq!(keys(user), vec!["displayName", "id"], "{user}");
        }
        assert!(
            first["@odata.context"]
                .as_str()
                .unwrap()
                .ends_with("$metadata#users(id,displayName)"),
            "{first}"
        );
        let selected = graph
            .all_ids("/v1.0/users?$select=displayName&$top=2", false)
            .await;
        assert_eq!(
            sorted(selected),
            sorted(everyone.clone()),
            "every page, each user once"
        );

        // $count=true: ignored without the header (as Graph does), counted with it.
        let plain = graph.get("/v1.0/users?$count=true&$top=2").await;
        assert!(plain.get("@odata.count").is_none(), "{plain}");
        let counted = graph.eventual("/v1.0/users?$count=true&$top=2").await;
        assert_eq!(counted["@odata.count"], 7, "{counted}");
        assert_eq!(id_list(&counted).len(), 2);
        let link = counted["@odata.nextLink"].as_str().unwrap();
        assert!(link.contains("$count=true"), "{link}");
        assert_eq!(graph.eventual(link).await["@odata.count"], 7);
        let filtered = graph
            .eventual("/v1.0/users?$count=true&$filter=accountEnabled eq false")
            .await;
        assert_eq!(filtered["@odata.count"], 2, "{filtered}");

        // /$count: text, and only with the header.
        let count = graph.answer("/v1.0/users/$count", true).await;
        assert_eq!((count.status, count.text.as_str()), (StatusCode::OK, "7"));
        assert!(
            count.content_type.starts_with("text/plain"),
            "{}",
            count.content_type
        );
        let guests = graph
            .answer("/v1.0/users/$count?$filter=userType eq 'Guest'", true)
            .await;
        assert_eq!(guests.text, "2");
        let searched = graph
            .answer("/v1.0/users/$count?$search=\"displayName:ali\"", true)
            .await;
        assert_eq!(searched.text, "3");
        let message = graph
            .refused("/v1.0/users/$count", false, "Request_BadRequest")
            .await;
        assert_eq!(message, "$count is not currently supported.");
        graph
            .refused("/v1.0/users/$count?$top=1", true, "BadRequest")
            .await;
        let groups = graph.answer("/v1.0/groups/$count", true).await;
        assert_eq!(groups.text, "0");
        graph.server.stop().await;
    }
}

#[tokio::test]
async fn option_names_percent_encoded_as_kiota_sends_them() {
    for backend in backends() {
        let graph = Graph::start(backend).await;
        let page = graph
            .eventual(
                "/v1.0/users?%24filter=accountEnabled%20eq%20false&%24select=displayName\
                 &%24count=true&%24orderby=displayName&%24top=1",
            )
            .await;
        assert_eq!(page["@odata.count"], 2, "{page}");
        assert_eq!(
            page["value"],
            json!([{ "id": graph.people.bob.to_string(), "displayName": "Bob Alison" }])
        );
        let next = graph
            .eventual(page["@odata.nextLink"].as_str().unwrap())
            .await;
        assert_eq!(
            next["value"],
            json!([{ "id": graph.people.dave.to_string(), "displayName": "dave lower" }])
        );
        assert!(next.get("@odata.nextLink").is_none(), "{next}");
        let searched = graph
            .eventual("/v1.0/users?%24search=%22displayName%3Acarol%22")
            .await;
        assert_eq!(id_list(&searched), vec![graph.people.carol.to_string()]);
        let count = graph
            .answer(
                "/v1.0/users/$count?%24filter=userType%20eq%20%27Guest%27",
                true,
            )
            .await;
        assert_eq!(count.text, "2");
        graph.server.stop().await;
    }
}

#[tokio::test]
async fn orderby_display_name_and_created_date_time_page_stably() {
    for backend in backends() {
        let graph = Graph::start(backend).await;
        // The expected orders, from every user as listed.
        let everyone = graph.get("/v1.0/users?$top=999").await;
        let mut by_name: Vec<(String, String)> = everyone["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| {
                (
                    u["displayName"].as_str().unwrap().to_lowercase(),
                    u["id"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        by_name.sort();
        let names: Vec<String> = by_name.iter().map(|(_, id)| id.clone()).collect();
        assert_eq!(
            graph
                .all_ids("/v1.0/users?$orderby=displayName&$top=2", false)
                .await,
            names,
            "name order, case-insensitive, every page"
        );
        assert_eq!(
            graph
                .all_ids("/v1.0/users?$orderby=displayName asc&$top=3", false)
                .await,
            names
        );
        // Descending needs an advanced query, as in Graph.
        let message = graph
            .refused(
                "/v1.0/users?$orderby=displayName desc",
                false,
                "Request_UnsupportedQuery",
            )
            .await;
        assert!(
            message.starts_with("Sorting not supported for current query."),
            "{message}"
        );
        let mut reversed = names.clone();
        reversed.reverse();
        assert_eq!(
            graph
                .all_ids(
                    "/v1.0/users?$orderby=displayName desc&$count=true&$top=2",
                    true
                )
                .await,
            reversed
        );

        let mut by_time: Vec<(String, String)> = everyone["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| {
                (
                    u["createdDateTime"].as_str().unwrap().to_owned(),
                    u["id"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        by_time.sort();
        by_time.reverse();
        let newest_first: Vec<String> = by_time.into_iter().map(|(_, id)| id).collect();
        let message = graph
            .refused(
                "/v1.0/users?$orderby=createdDateTime desc",
                false,
                "Request_UnsupportedQuery",
            )
            .await;
        assert!(
            message.starts_with("Unsupported sort property 'createdDateTime' for 'User'."),
            "{message}"
        );
        assert_eq!(
            graph
                .all_ids(
                    "/v1.0/users?$orderby=createdDateTime desc&$count=true&$top=3",
                    true
                )
                .await,
            newest_first
        );

        // With $filter, $orderby needs an advanced query.
        let message = graph
            .refused(
                "/v1.0/users?$orderby=displayName&$filter=accountEnabled eq false",
                false,
                "Request_UnsupportedQuery",
            )
            .await;
        assert!(
            message.starts_with("Sorting not supported for current query."),
            "{message}"
        );
        let disabled = graph
            .eventual(
                "/v1.0/users?$orderby=displayName&$filter=accountEnabled eq false&$count=true",
            )
            .await;
        assert_eq!(
            id_list(&disabled),
            vec![graph.people.bob.to_string(), graph.people.dave.to_string()]
        );

        // A page continues after the last row's name and id, even once that row is gone.
        let first = graph.get("/v1.0/users?$orderby=displayName&$top=2").await;
        let last = id_list(&first)[1].clone();
        let (status, _) = graph
            .send(
                reqwest::Method::DELETE,
                &format!("/v1.0/users/{last}"),
                Value::Null,
            )
            .await;
        assert_eq!(status, 204);
        let second = graph.get(first["@odata.nextLink"].as_str().unwrap()).await;
        assert_eq!(id_list(&second), names[2..4].to_vec());

        let message = graph
            .refused(
                "/v1.0/users?$orderby=mail",
                false,
                "Request_UnsupportedQuery",
            )
            .await;
        assert!(
            message.contains("Sortable: displayName, createdDateTime (advanced queries)"),
            "{message}"
        );
        graph
            .refused(
                "/v1.0/users?$orderby=displayName,createdDateTime",
                true,
                "Request_UnsupportedQuery",
            )
            .await;
        // A token of one order does not continue another.
        let token = second["@odata.nextLink"]
            .as_str()
            .and_then(|l| l.split("$skiptoken=").nth(1))
            .unwrap()
            .to_owned();
        graph
            .refused(
                &format!("/v1.0/users?$skiptoken={token}"),
                false,
                "Request_BadRequest",
            )
            .await;
        graph.server.stop().await;
    }
}

#[tokio::test]
async fn search_matches_the_start_of_a_name_its_second_word_or_a_mail() {
    for backend in backends() {
        let graph = Graph::start(backend).await;
        let p = &graph.people;
        let message = graph
            .refused(
                "/v1.0/users?$search=\"displayName:ali\"",
                false,
                "Request_UnsupportedQuery",
            )
            .await;
        assert_eq!(
            message,
            "Request with $search query parameter only works through MSGraph with a special \
             request header: 'ConsistencyLevel: eventual'"
        );
        // "Alice Smith" and "Ali Khan" by their start, "Bob Alison" by his second word;
        // not "Malik Brown", in whose name "ali" starts no word.
        let ali = graph
            .eventual("/v1.0/users?$search=\"displayName:ALI\"")
            .await;
        assert_eq!(sorted(id_list(&ali)), set(&[p.alice, p.ali, p.bob]));
        let mail = graph.eventual("/v1.0/users?$search=\"mail:carol\"").await;
        assert_eq!(id_list(&mail), vec![p.carol.to_string()]);
        let either = graph
            .eventual("/v1.0/users?$search=\"displayName:smi\" OR \"mail:malik\"&$count=true")
            .await;
        assert_eq!(sorted(id_list(&either)), set(&[p.alice, p.malik]));
        assert_eq!(either["@odata.count"], 2);
        let both = graph
            .eventual("/v1.0/users?$search=\"displayName:ali\" AND \"mail:bob\"")
            .await;
        assert_eq!(id_list(&both), vec![p.bob.to_string()]);
        let with_filter = graph
            .eventual("/v1.0/users?$search=\"displayName:ali\"&$filter=userType eq 'Guest'")
            .await;
        assert_eq!(id_list(&with_filter), vec![p.ali.to_string()]);
        let group = graph.group("Alpha Team", &[]).await;
        let teams = graph
            .eventual("/v1.0/groups?$search=\"displayName:team\"")
            .await;
        assert_eq!(id_list(&teams), vec![group]);

        let message = graph
            .refused(
                "/v1.0/users?$search=\"jobTitle:x\"",
                true,
                "Request_UnsupportedQuery",
            )
            .await;
        assert!(
            message.contains("searchable: displayName, mail"),
            "{message}"
        );
        graph
            .refused("/v1.0/users?$search=ali", true, "BadRequest")
            .await;
        graph.server.stop().await;
    }
}

#[tokio::test]
async fn filters_with_in_and_or_not_and_guest_states() {
    for backend in backends() {
        let graph = Graph::start(backend).await;
        let p = &graph.people;
        assert_eq!(
            graph
                .ids("/v1.0/users?$filter=accountEnabled eq false")
                .await,
            set(&[p.bob, p.dave])
        );
        assert_eq!(
            graph.ids("/v1.0/users?$filter=creationType eq 'Invitation' and externalUserState eq 'PendingAcceptance'").await,
            set(&[p.ali])
        );
        assert_eq!(
            graph
                .ids("/v1.0/users?$filter=externalUserState eq 'Accepted'")
                .await,
            set(&[p.carol])
        );
        assert_eq!(
            graph
                .ids("/v1.0/users?$filter=externalUserState in ('PendingAcceptance', 'accepted')")
                .await,
            set(&[p.ali, p.carol])
        );
        assert_eq!(
            graph
                .ids("/v1.0/users?$filter=displayName in ('alice smith', 'Malik Brown')")
                .await,
            set(&[p.alice, p.malik])
        );
        let in_ids = format!("/v1.0/users?$filter=id in ('{}', '{}')", p.bob, p.carol);
        assert_eq!(
            sorted(id_list(&graph.get(&in_ids).await)),
            set(&[p.bob, p.carol])
        );
        // `and` binds tighter than `or`: the guests, and the disabled whose name starts
        // with B; parentheses change that.
        assert_eq!(
            graph.ids("/v1.0/users?$filter=userType eq 'Guest' or accountEnabled eq false and startswith(displayName,'B')").await,
            set(&[p.ali, p.carol, p.bob])
        );
        assert_eq!(
            graph.ids("/v1.0/users?$filter=(userType eq 'Guest' or accountEnabled eq false) and startswith(displayName,'B')").await,
            set(&[p.bob])
        );
        assert_eq!(
            graph.ids("/v1.0/users?$filter=startsWith(mail,'CAROL') OR userPrincipalName eq 'dave@contoso.example'").await,
            set(&[p.carol])
        );
        let created = format!(
            "/v1.0/users?$filter=createdDateTime ge {} and createdDateTime le {}",
            "2020-09-13T12:28:00Z", "2020-09-13T12:30:00Z"
        );
        // EPOCH is 2020-09-13T12:26:40Z: minutes 2 and 3 are Bob and Ali.
        assert_eq!(
            sorted(id_list(&graph.get(&created).await)),
            set(&[p.bob, p.ali])
        );

        // ne and not are advanced queries, as in Graph.
        for filter in [
            "accountEnabled ne true",
            "not(accountEnabled eq true)",
            "mail eq null",
        ] {
            let message = graph
                .refused(
                    &format!("/v1.0/users?$filter={filter}"),
                    false,
                    "Request_UnsupportedQuery",
                )
                .await;
            assert!(message.starts_with("Unsupported Query."), "{message}");
        }
        let not = graph
            .eventual("/v1.0/users?$filter=not(accountEnabled eq true) and userType ne 'Guest'&$count=true")
            .await;
        assert_eq!(sorted(id_list(&not)), set(&[p.bob, p.dave]));
        let mailless = User::new_member(
            graph.tenant(),
            format!("erin@{}", graph.domain()),
            None,
            "Erin".into(),
            EPOCH,
        );
        graph.insert(&mailless).await;
        let no_mail = graph
            .eventual("/v1.0/users?$filter=mail eq null&$count=true")
            .await;
        assert_eq!(
            id_list(&no_mail),
            vec![mailless.id.to_string()],
            "{no_mail}"
        );
        // As in OData, a user without a mail is one whose mail is not 'x'.
        let not_x = graph
            .eventual("/v1.0/users?$filter=not(mail eq 'alice.smith@contoso.com')&$count=true")
            .await;
        assert_eq!(
            not_x["@odata.count"], 7,
            "everyone but Alice, Erin included"
        );

        // Groups: constants Graph clients filter on.
        graph.group("Sales", &[]).await;
        let security = graph
            .get("/v1.0/groups?$filter=securityEnabled eq true and mailEnabled eq false")
            .await;
        assert_eq!(id_list(&security).len(), 1);
        let mail = graph.get("/v1.0/groups?$filter=mailEnabled eq true").await;
        assert_eq!(id_list(&mail).len(), 0);
        graph.server.stop().await;
    }
}

#[tokio::test]
async fn unsupported_options_answer_400_naming_what_is_supported() {
    for backend in backends() {
        let graph = Graph::start(backend).await;
        let message = graph
            .refused(
                "/v1.0/users?$filter=jobTitle eq 'x'",
                false,
                "Request_UnsupportedQuery",
            )
            .await;
        assert!(
            message.contains("'jobTitle'") && message.contains("accountEnabled (eq, ne, in)"),
            "{message}"
        );
        let message = graph
            .refused(
                "/v1.0/users?$filter=endswith(mail,'@contoso.com')",
                true,
                "Request_UnsupportedQuery",
            )
            .await;
        assert!(
            message.contains("the supported one is startswith"),
            "{message}"
        );
        let message = graph
            .refused("/v1.0/users?$filter=mail eq", false, "BadRequest")
            .await;
        assert!(message.starts_with("Invalid filter clause:"), "{message}");
        graph
            .refused(
                "/v1.0/users?$filter=userType eq 'Robot'",
                false,
                "BadRequest",
            )
            .await;
        let message = graph
            .refused("/v1.0/users?$skip=2", false, "BadRequest")
            .await;
        assert!(message.contains("'$skip' is not supported"), "{message}");
        let message = graph
            .refused("/v1.0/users?$select=id,nope", false, "BadRequest")
            .await;
        assert_eq!(
            message,
            "Could not find a property named 'nope' on type 'microsoft.graph.user'."
        );
        graph
            .refused("/v1.0/users?$expand=memberOf", false, "BadRequest")
            .await;
        graph
            .refused(
                "/v1.0/groups?$filter=description eq 'x'",
                false,
                "Request_UnsupportedQuery",
            )
            .await;
        graph
            .refused(
                "/v1.0/applications?$orderby=displayName",
                false,
                "Request_UnsupportedQuery",
            )
            .await;
        graph
            .refused(
                &format!(
                    "/v1.0/users/{}?$filter=userType eq 'Guest'",
                    graph.people.alice
                ),
                false,
                "BadRequest",
            )
            .await;
        let members = format!(
            "/v1.0/groups/{}/members?$orderby=displayName",
            graph.group("G", &[]).await
        );
        graph
            .refused(&members, true, "Request_UnsupportedQuery")
            .await;
        // A Graph property Entente keeps no value of is selectable, and empty.
        let selected = graph
            .get(&format!(
                "/v1.0/users/{}?$select=givenName,businessPhones",
                graph.people.alice
            ))
            .await;
        assert_eq!(
            selected,
            json!({ "id": graph.people.alice.to_string(), "givenName": null, "businessPhones": [] })
        );
        graph.server.stop().await;
    }
}

#[tokio::test]
async fn a_group_expands_at_most_twenty_members() {
    for backend in backends() {
        let graph = Graph::start(backend).await;
        let mut members = Vec::new();
        for n in 0..25 {
            members.push(
                graph
                    .person(
                        &format!("Member {n:02}"),
                        &format!("m{n}@contoso.com"),
                        10 + n,
                    )
                    .await,
            );
        }
        let big = graph.group("Everyone", &members).await;
        let group = graph
            .get(&format!("/v1.0/groups/{big}?$expand=members"))
            .await;
        assert_eq!(group["displayName"], "Everyone");
        let expanded = group["members"].as_array().unwrap();
        assert_eq!(expanded.len(), 20, "Graph expands 20 members at most");
        let mut first_twenty = set(&members);
        first_twenty.truncate(20);
        assert_eq!(
            expanded
                .iter()
                .map(|m| m["id"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>(),
            first_twenty,
            "in id order"
        );
        assert!(
            expanded
                .iter()
                .all(|m| m["@odata.type"] == "#microsoft.graph.user")
        );

        let small = graph
            .group("Pair", &[graph.people.alice, graph.people.ali])
            .await;
        let selected = graph
            .get(&format!(
                "/v1.0/groups/{small}?$select=displayName&$expand=members($select=displayName)"
            ))
            .await;
        assert_eq!(keys(&selected), vec!["displayName", "id", "members"]);
        let names: Vec<&str> = selected["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                assert_eq!(keys(m), vec!["@odata.type", "displayName", "id"], "{m}");
                m["displayName"].as_str().unwrap()
            })
            .collect();
        let mut names = names;
        names.sort_unstable();
        assert_eq!(names, vec!["Ali Khan", "Alice Smith"]);
        let plain = graph.get(&format!("/v1.0/groups/{small}")).await;
        assert!(plain.get("members").is_none(), "{plain}");
        graph
            .refused(
                &format!("/v1.0/groups/{small}?$expand=owners"),
                false,
                "BadRequest",
            )
            .await;
        graph.server.stop().await;
    }
}

#[tokio::test]
async fn applications_list_by_app_id_and_count() {
    for backend in backends() {
        let graph = Graph::start(backend).await;
        let (status, app) = graph
            .send(
                reqwest::Method::POST,
                "/v1.0/applications",
                json!({ "displayName": "Payroll" }),
            )
            .await;
        assert_eq!(status, 201, "{app}");
        let app_id = app["appId"].as_str().unwrap();
        let found = graph
            .get(&format!(
                "/v1.0/applications?$filter=appId eq '{app_id}'&$select=appId,displayName"
            ))
            .await;
        assert_eq!(
            found["value"],
            json!([{ "id": app["id"], "appId": app_id, "displayName": "Payroll" }])
        );
        let count = graph.answer("/v1.0/applications/$count", true).await;
        assert_eq!(count.text, "2", "the bootstrap application and Payroll");
        let by_id = graph
            .eventual(&format!(
                "/v1.0/applications?$filter=id in ('{}', '{}')&$count=true",
                app["id"].as_str().unwrap(),
                AppId::new_id()
            ))
            .await;
        assert_eq!(by_id["@odata.count"], 1);
        graph.server.stop().await;
    }
}
