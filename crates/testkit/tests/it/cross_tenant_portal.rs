//! The portal's cross-tenant access pages over HTTP, on every backend: the bootstrap
//! admin changes the default, adds a partner tenant, blocks it, sees it listed by
//! name, has a refusal and an allowance explained, removes it and resets the default
//! (both asked first), each change seen the same through
//! `/v1.0/policies/crossTenantAccessPolicy`; a refused form comes back with what was
//! typed; a member without an admin role is refused; German readers read German; and
//! a thousand partners page through in order, each once.

use entente_model::cross_tenant::{CrossTenantPartner, CrossTenantSettings, PartnerKind};
use entente_model::{Tenant, TenantId};
use entente_testkit::{ADMIN_EMAIL, ADMIN_PASSWORD, TestServer, backends, hidden_field, now};
use reqwest::Method;
use serde_json::{Value, json};

const POLICY: &str = "/v1.0/policies/crossTenantAccessPolicy";

/// The admin portal as one signed-in browser sees it.
struct Portal<'a> {
    server: &'a TestServer,
    tenant: TenantId,
    cookies: String,
}

/// What an answer said: its status, where it leads, and its page with the character
/// references a template writes decoded (`'` is written `&#39;`).
struct Answer {
    status: u16,
    location: String,
    page: String,
}

fn decoded(html: &str) -> String {
    html.replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

impl<'a> Portal<'a> {
    async fn sign_in(server: &'a TestServer, login: &str, password: &str) -> Portal<'a> {
        let tenant = server.bootstrap().tenant_id;
        let (cookies, _) = server
            .browser_sign_in(&server.url(&format!("/{tenant}/login")), login, password)
            .await
            .expect("signs in");
        Portal {
            server,
            tenant,
            cookies,
        }
    }

    fn path(&self, rest: &str) -> String {
        format!("/{}/admin/cross-tenant{rest}", self.tenant)
    }

    async fn answer(response: reqwest::Response) -> Answer {
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let page = decoded(&response.text().await.unwrap_or_default());
        Answer {
            status,
            location,
            page,
        }
    }

    async fn get_in(&self, path: &str, language: &str) -> Answer {
        let response = self
            .server
            .http
            .get(self.server.url(path))
            .header("cookie", &self.cookies)
            .header("accept-language", language)
            .send()
            .await
            .expect("GET");
        Portal::answer(response).await
    }

    async fn get(&self, path: &str) -> Answer {
        self.get_in(path, "en").await
    }

    /// Posts a form with the CSRF token of the page at `from`.
    async fn post(&self, from: &str, action: &str, form: &[(&str, &str)]) -> Answer {
        let page = self.get(from).await;
        assert_eq!(page.status, 200, "{}", page.page);
        let csrf = hidden_field(&page.page, "csrf").expect("a CSRF field");
        let mut fields = vec![("csrf", csrf.as_str())];
        fields.extend_from_slice(form);
        let response = self
            .server
            .http
            .post(self.server.url(action))
            .header("cookie", &self.cookies)
            .form(&fields)
            .send()
            .await
            .expect("POST");
        Portal::answer(response).await
    }
}

async fn api(server: &TestServer, method: Method, path: &str, body: Option<Value>) -> Value {
    let token = server.api_token().await;
    let (status, value) = server.call(method, path, Some(&token), body).await;
    assert!(status.is_success(), "{path}: {status} {value}");
    value
}

fn targets(access: &str, kind: &str, ids: &[&str]) -> Value {
    json!({
        "accessType": access,
        "targets": ids.iter().map(|t| json!({ "target": t, "targetType": kind })).collect::<Vec<_>>(),
    })
}

/// The text of the element with `id`, up to its closing tag, without inner markup.
fn element_text(page: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\"");
    let Some(at) = page.find(&marker) else {
        return String::new();
    };
    let rest = &page[at..];
    let start = rest.find('>').map_or(0, |i| i + 1);
    let mut text = String::new();
    let mut depth = 0usize;
    let mut in_tag = false;
    for (i, c) in rest[start..].char_indices() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
                let tail = &rest[start + i..];
                if tail.starts_with("</") {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                } else if !tail.starts_with("<br") && !tail.starts_with("<input") {
                    depth += 1;
                }
            }
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn the_admin_sets_the_default_adds_blocks_explains_and_removes_a_partner() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let contoso = server.bootstrap().tenant_id;
        let app = server
            .register_app(
                "Supplier portal",
                "https://suppliers.contoso.example/cb",
                false,
            )
            .await;
        let alice = server
            .partner_tenant(
                "Fabrikam",
                "fabrikam.test",
                "alice@fabrikam.test",
                "alice's home password",
                false,
            )
            .await;
        let fabrikam = alice.tenant_id;
        let admin = Portal::sign_in(&server, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let home = admin.path("");

        // The section is in the navigation, marked, with the system's default.
        let page = admin.get(&home).await;
        assert_eq!(page.status, 200, "{backend:?}: {}", page.page);
        assert!(
            page.page.contains(&format!(
                "href=\"/{contoso}/admin/cross-tenant\" aria-current=\"page\">Cross-tenant access<"
            )),
            "{}",
            page.page
        );
        assert!(page.page.contains("id=\"default-is-system\""));
        assert!(
            page.page.contains(&format!(
                "name=\"in_app\" value=\"{}\"> Supplier portal",
                app.client_id
            )),
            "this tenant's applications are offered by name: {}",
            page.page
        );
        assert!(!element_text(&page.page, "no-partners").is_empty());

        // The default: inbound only to the supplier portal, consent skipped inbound,
        // no trust of partners' MFA, a sign-up first then a tenant, and no fallback.
        let saved = admin
            .post(
                &home,
                &admin.path("/default"),
                &[
                    ("in_people", "allow-all"),
                    ("in_apps", "allow-listed"),
                    ("in_app", &app.client_id),
                    ("out_people", "allow-all"),
                    ("out_apps", "allow-all"),
                    ("consent_in", "on"),
                    ("order_1", "socialIdentityProviders"),
                    ("order_2", "azureActiveDirectory"),
                    ("order_3", "externalFederation"),
                    ("fallback", "none"),
                ],
            )
            .await;
        assert_eq!(saved.status, 303, "{}", saved.page);
        assert!(
            saved.location.contains("notice=access-saved"),
            "{}",
            saved.location
        );
        let after = admin.get(&saved.location).await;
        assert_eq!(
            element_text(&after.page, "notice"),
            "The default settings are saved."
        );
        assert!(!after.page.contains("id=\"default-is-system\""));
        let default = api(&server, Method::GET, &format!("{POLICY}/default"), None).await;
        assert_eq!(default["isServiceDefault"], false, "{default}");
        assert_eq!(
            default["b2bCollaborationInbound"]["applications"],
            targets("allowed", "application", &[&app.client_id])
        );
        assert_eq!(
            default["b2bCollaborationInbound"]["usersAndGroups"],
            targets("allowed", "user", &["AllUsers"])
        );
        assert_eq!(default["inboundTrust"]["isMfaAccepted"], false);
        assert_eq!(
            default["automaticUserConsentSettings"],
            json!({ "inboundAllowed": true, "outboundAllowed": false })
        );
        let redemption = &default["invitationRedemptionIdentityProviderConfiguration"];
        assert_eq!(
            redemption["primaryIdentityProviderPrecedenceOrder"],
            json!([
                "socialIdentityProviders",
                "azureActiveDirectory",
                "externalFederation"
            ])
        );
        assert_eq!(redemption["fallbackIdentityProvider"], "none");

        // A refused form says why beside its field, keeps what was typed and changes
        // nothing.
        let refused = admin
            .post(
                &home,
                &admin.path("/default"),
                &[
                    ("in_people", "allow-listed"),
                    ("in_users", "not-an-id"),
                    ("in_apps", "allow-all"),
                    ("out_people", "block-listed"),
                    ("out_apps", "allow-all"),
                    ("order_1", "azureActiveDirectory"),
                    ("fallback", "code"),
                ],
            )
            .await;
        assert_eq!(refused.status, 400, "{}", refused.page);
        assert_eq!(
            element_text(&refused.page, "in_users-error"),
            "not-an-id is not an object id."
        );
        assert_eq!(
            element_text(&refused.page, "out_users-error"),
            "List at least one user or group, or choose another option."
        );
        assert!(refused.page.contains(">not-an-id</textarea>"), "kept");
        assert!(
            refused
                .page
                .contains("id=\"in_people-allow-listed\" value=\"allow-listed\" checked")
        );
        assert!(refused.page.contains("aria-invalid=\"true\""));
        let unchanged = api(&server, Method::GET, &format!("{POLICY}/default"), None).await;
        assert_eq!(unchanged, default, "the refused form changed nothing");

        // A way to redeem chosen twice: the domain's refusal, beside the order in the
        // reader's words (not the API's English message).
        let twice = admin
            .post(
                &home,
                &admin.path("/default"),
                &[
                    ("in_people", "allow-all"),
                    ("in_apps", "allow-all"),
                    ("out_people", "allow-all"),
                    ("out_apps", "allow-all"),
                    ("order_1", "azureActiveDirectory"),
                    ("order_2", "azureActiveDirectory"),
                    ("order_3", "socialIdentityProviders"),
                    ("fallback", "code"),
                ],
            )
            .await;
        assert_eq!(twice.status, 400, "{}", twice.page);
        assert_eq!(
            element_text(&twice.page, "order_1-error"),
            "Choose each of the three ways to redeem once, in the order to try them."
        );
        assert!(
            !twice
                .page
                .contains("primaryIdentityProviderPrecedenceOrder")
        );

        // Adding a partner: a tenant of this deployment by id; not twice, not a word.
        let fabrikam_id = fabrikam.to_string();
        let added = admin
            .post(
                &home,
                &admin.path("/partners"),
                &[("tenant_id", &fabrikam_id)],
            )
            .await;
        assert_eq!(added.status, 303, "{}", added.page);
        let partner_path = admin.path(&format!("/partners/{fabrikam}"));
        assert!(
            added.location.starts_with(&partner_path),
            "{}",
            added.location
        );
        let partner = admin.get(&added.location).await;
        assert_eq!(element_text(&partner.page, "partner-name"), "Fabrikam");
        assert_eq!(
            element_text(&partner.page, "partner-kind"),
            "Organization of this deployment"
        );
        assert!(
            element_text(&partner.page, "notice").starts_with("The partner is added."),
            "{}",
            partner.page
        );
        assert!(
            partner
                .page
                .contains("id=\"in_people-default\" value=\"default\" checked"),
            "a new partner uses the default"
        );
        let again = admin
            .post(
                &home,
                &admin.path("/partners"),
                &[("tenant_id", &fabrikam_id)],
            )
            .await;
        assert_eq!(again.status, 400);
        assert_eq!(
            element_text(&again.page, "add-tenant-error"),
            "This partner has an entry of its own already."
        );
        let word = admin
            .post(
                &home,
                &admin.path("/partners"),
                &[("tenant_id", "fabrikam.test")],
            )
            .await;
        assert_eq!(word.status, 400);
        assert_eq!(
            element_text(&word.page, "add-tenant-error"),
            "fabrikam.test is not an object id."
        );
        assert!(word.page.contains("value=\"fabrikam.test\""), "kept");
        // The organization itself, or an id of nobody: said beside the field in words.
        let own = contoso.to_string();
        let nobody = uuid::Uuid::new_v4().to_string();
        for (typed, said) in [
            (
                own.as_str(),
                "This is your own organization; enter another organization's tenant id.".to_owned(),
            ),
            (
                nobody.as_str(),
                format!(
                    "{nobody} is neither an organization of this deployment nor one of your federation configurations; check the tenant id."
                ),
            ),
        ] {
            let refused = admin
                .post(&home, &admin.path("/partners"), &[("tenant_id", typed)])
                .await;
            assert_eq!(refused.status, 400);
            assert_eq!(element_text(&refused.page, "add-tenant-error"), said);
        }

        // Blocking it: everyone of Fabrikam is blocked inbound, its MFA trusted, the
        // rest the default's.
        let blocked = admin
            .post(
                &partner_path,
                &partner_path,
                &[
                    ("in_people", "block-all"),
                    ("in_apps", "default"),
                    ("out_people", "default"),
                    ("out_apps", "default"),
                    ("trust", "yes"),
                    ("consent", "default"),
                ],
            )
            .await;
        assert_eq!(blocked.status, 303, "{}", blocked.page);
        let shown = admin.get(&blocked.location).await;
        assert_eq!(
            element_text(&shown.page, "notice"),
            "The partner's settings are saved."
        );
        let entry = api(
            &server,
            Method::GET,
            &format!("{POLICY}/partners/{fabrikam}"),
            None,
        )
        .await;
        assert_eq!(
            entry["b2bCollaborationInbound"],
            json!({ "usersAndGroups": targets("blocked", "user", &["AllUsers"]), "applications": null }),
            "{entry}"
        );
        assert_eq!(entry["b2bCollaborationOutbound"], Value::Null);
        assert_eq!(entry["inboundTrust"]["isMfaAccepted"], true);
        assert_eq!(entry["automaticUserConsentSettings"], Value::Null);

        // Listed by name, with each part summed up.
        let list = admin.get(&home).await;
        assert_eq!(
            element_text(&list.page, "partners-count"),
            "Partners with an entry of their own: 1"
        );
        let row_at = list
            .page
            .find(&format!("data-partner=\"{fabrikam}\""))
            .expect("the partner's row");
        let row = &list.page[row_at..];
        let row = &row[..row.find("</tr>").unwrap_or(row.len())];
        assert!(row.contains(">Fabrikam</a>"), "{row}");
        assert!(row.contains("Organization of this deployment"), "{row}");
        assert!(
            row.contains("People: Blocks all<br>Applications: Uses the default"),
            "{row}"
        );
        assert!(
            row.contains("<td class=\"partner-outbound\">Uses the default</td>"),
            "{row}"
        );
        assert!(row.contains("Trusts multifactor authentication"), "{row}");

        // Explained: Alice of Fabrikam is refused by the partner's entry...
        let refusal = admin
            .post(
                &home,
                &admin.path("/explain"),
                &[("address", "alice@fabrikam.test"), ("app", &app.client_id)],
            )
            .await;
        assert_eq!(refusal.status, 200, "{}", refusal.page);
        assert_eq!(element_text(&refusal.page, "explain-result"), "Refused");
        assert_eq!(
            element_text(&refusal.page, "explain-partner"),
            "The address belongs to Fabrikam, an organization of this deployment. \
             This partner has an entry of its own."
        );
        assert_eq!(
            element_text(&refusal.page, "explain-decided"),
            "Whose settings This organization's inbound settings Part Users and groups \
             From The partner's entry List Block-list Why Everyone (AllUsers) is on the \
             block-list."
        );
        // ... as the API says too.
        let explained = api(
            &server,
            Method::POST,
            &format!("{POLICY}/explain"),
            Some(json!({ "user": "alice@fabrikam.test", "appId": app.client_id })),
        )
        .await;
        assert_eq!(explained["decision"], "refused");
        assert_eq!(
            explained["decidedBy"]["setting"],
            "b2bCollaborationInbound.usersAndGroups"
        );
        assert_eq!(explained["decidedBy"]["source"], "partner");

        // ... and someone of no known organization is allowed by the default, to the
        // application its allow-list names.
        let allowance = admin
            .post(
                &home,
                &admin.path("/explain"),
                &[
                    ("address", "bert@northwind.example"),
                    ("app", &app.client_id),
                ],
            )
            .await;
        assert_eq!(allowance.status, 200);
        assert_eq!(element_text(&allowance.page, "explain-result"), "Allowed");
        assert_eq!(
            element_text(&allowance.page, "explain-partner"),
            "The address belongs to no known organization: the default settings apply."
        );
        assert_eq!(
            element_text(&allowance.page, "explain-all-allow"),
            "Every setting asked allows it."
        );
        let verdicts = element_text(&allowance.page, "explain-verdicts");
        assert!(
            verdicts.contains(&format!("{} is on the allow-list.", app.client_id)),
            "{verdicts}"
        );
        assert!(verdicts.contains("The default settings"), "{verdicts}");
        let not_an_address = admin
            .post(
                &home,
                &admin.path("/explain"),
                &[("address", "nobody"), ("app", "")],
            )
            .await;
        assert_eq!(not_an_address.status, 400);
        // In the reader's words beside the field, with what was typed kept.
        assert_eq!(
            element_text(&not_an_address.page, "explain-address-error"),
            "Enter an email address, like name@example.com."
        );
        assert!(
            not_an_address.page.contains("value=\"nobody\""),
            "{}",
            not_an_address.page
        );

        // Removing it asks first, naming it; then the default applies to it again.
        let remove = admin.path(&format!("/partners/{fabrikam}/remove"));
        let asked = admin.post(&partner_path, &remove, &[]).await;
        assert_eq!(asked.status, 200);
        assert_eq!(
            element_text(&asked.page, "confirm-question"),
            "Remove the partner entry of Fabrikam?"
        );
        let still = api(
            &server,
            Method::GET,
            &format!("{POLICY}/partners/{fabrikam}"),
            None,
        )
        .await;
        assert_eq!(still["tenantId"], fabrikam_id, "asking removed nothing");
        let removed = admin
            .post(&partner_path, &remove, &[("confirm", "yes")])
            .await;
        assert_eq!(removed.status, 303, "{}", removed.page);
        let listed = admin.get(&removed.location).await;
        assert_eq!(
            element_text(&listed.page, "notice"),
            "The partner entry is removed: the default settings apply to it again."
        );
        assert!(listed.page.contains("id=\"no-partners\""));
        let token = server.api_token().await;
        let (status, _) = server
            .call(
                Method::GET,
                &format!("{POLICY}/partners/{fabrikam}"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, 404);

        // Resetting the default asks first too.
        let reset = admin.path("/default/reset");
        let asked = admin.post(&home, &reset, &[]).await;
        assert_eq!(
            element_text(&asked.page, "confirm-question"),
            "Reset the default cross-tenant access settings to the system's?"
        );
        let kept = api(&server, Method::GET, &format!("{POLICY}/default"), None).await;
        assert_eq!(kept["isServiceDefault"], false);
        let done = admin.post(&home, &reset, &[("confirm", "yes")]).await;
        assert_eq!(done.status, 303);
        let back = api(&server, Method::GET, &format!("{POLICY}/default"), None).await;
        assert_eq!(back["isServiceDefault"], true, "{back}");

        // German readers read German.
        let german = admin.get_in(&home, "de-DE,de;q=0.9").await;
        assert!(german.page.contains("<html lang=\"de\">"));
        assert!(
            german
                .page
                .contains("<h1>Mandantenübergreifender Zugriff</h1>")
        );
        assert!(german.page.contains("Standardeinstellungen speichern"));
        assert!(german.page.contains("Eingehende B2B-Zusammenarbeit"));

        // A member without an admin role is refused, and sees no such entry.
        let carol = server
            .create_member("carol@contoso.com", "Carol", "carol's long password")
            .await;
        let member = Portal::sign_in(&server, &carol.email, &carol.password).await;
        let page = member.get(&home).await;
        assert_eq!(page.status, 403, "{}", page.page);
        assert!(!page.page.contains("id=\"default-form\""));
        let forged = server
            .http
            .post(server.url(&member.path("/default/reset")))
            .header("cookie", &member.cookies)
            .form(&[("csrf", "forged"), ("confirm", "yes")])
            .send()
            .await
            .expect("POST");
        assert_eq!(forged.status(), 403);

        // Another tenant's person, signed in at home (Fabrikam), gets nothing from
        // Contoso's pages, even with a form token of their own session.
        let (cookies, _) = server
            .browser_sign_in(
                &server.url(&format!("/{fabrikam}/login")),
                "alice@fabrikam.test",
                "alice's home password",
            )
            .await
            .expect("Alice signs in at home");
        let outsider = Portal {
            server: &server,
            tenant: contoso,
            cookies,
        };
        let page = outsider.get(&home).await;
        assert_ne!(page.status, 200, "{}", page.page);
        assert!(!page.page.contains("id=\"default-form\""));
        assert!(
            !page.page.contains("alice@fabrikam.test"),
            "no partner data shown"
        );
        let login = outsider.get(&format!("/{contoso}/login")).await;
        let csrf = hidden_field(&login.page, "csrf").expect("a form token of her session");
        let tried = server
            .http
            .post(server.url(&outsider.path("/partners")))
            .header("cookie", &outsider.cookies)
            .form(&[("csrf", csrf.as_str()), ("tenant_id", fabrikam_id.as_str())])
            .send()
            .await
            .expect("POST");
        let went = tried
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(
            !went.contains("/cross-tenant/partners/"),
            "no partner page for her: {} {went}",
            tried.status()
        );
        let (status, _) = server
            .call(
                Method::GET,
                &format!("{POLICY}/partners/{fabrikam}"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, 404, "Contoso has no entry for Fabrikam");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_thousand_partners_page_through_in_order_each_once_and_named() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let contoso = server.bootstrap().tenant_id;
        // A thousand partner tenants with an entry each, straight in the store, and a
        // partner elsewhere through a federation configuration.
        let mut expected = Vec::new();
        {
            let mut tx = server.services.store.write().await.expect("write");
            let mut db = tx.db();
            for n in 0..1000 {
                let tenant = Tenant::new(
                    TenantId::new_id(),
                    format!("Partner {n:04}"),
                    format!("partner-{n}-{}.entente.test", uuid::Uuid::new_v4().simple()),
                    now(),
                );
                db.insert_tenant(&tenant).await.expect("tenant");
                db.insert_cross_tenant_partner(
                    contoso,
                    &CrossTenantPartner {
                        partner_id: tenant.id.0,
                        kind: PartnerKind::Tenant,
                        settings: CrossTenantSettings::default(),
                        created_at: now(),
                        updated_at: now(),
                    },
                )
                .await
                .expect("entry");
                expected.push((tenant.id.0.to_string(), tenant.display_name));
            }
            db.insert_federation_config(&entente_storage::FederationConfigRecord {
                id: uuid::Uuid::new_v4(),
                tenant_id: contoso,
                display_name: "Litware".into(),
                protocol: "oidc".into(),
                issuer: "https://login.litware.example".into(),
                client_id: Some("entente".into()),
                client_secret_sealed: None,
                sso_url: None,
                signing_certificates: Vec::new(),
                domains: vec!["litware.example".into()],
                created_at: now(),
            })
            .await
            .expect("federation configuration");
            tx.commit().await.expect("commit");
        }
        let admin = Portal::sign_in(&server, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let home = admin.path("");

        // The federation configuration is offered by name and domains, and added.
        let page = admin.get(&home).await;
        let option = page
            .page
            .find(">Litware (litware.example)</option>")
            .expect("offered by name");
        let value_at = page.page[..option].rfind("value=\"").expect("its value") + 7;
        let litware = page.page[value_at..value_at + 36].to_owned();
        let added = admin
            .post(&home, &admin.path("/partners"), &[("federation", &litware)])
            .await;
        assert_eq!(added.status, 303, "{}", added.page);
        let partner = admin.get(&added.location).await;
        assert_eq!(element_text(&partner.page, "partner-name"), "Litware");
        assert_eq!(
            element_text(&partner.page, "partner-domains"),
            "litware.example"
        );
        assert_eq!(
            element_text(&partner.page, "partner-kind"),
            "Federation configuration"
        );
        assert!(
            partner.page.contains("id=\"federation-people\""),
            "no users or groups to list for a partner elsewhere"
        );
        assert!(!partner.page.contains("id=\"in_users\""));
        expected.push((litware.clone(), "Litware".to_owned()));
        expected.sort();

        // Every page: at most 50 rows, named, in id order; each partner once.
        let mut seen: Vec<(String, String)> = Vec::new();
        let mut next = Some(home.clone());
        let mut pages = 0;
        while let Some(path) = next {
            let answer = admin.get(&path).await;
            assert_eq!(answer.status, 200, "{path}");
            assert_eq!(
                element_text(&answer.page, "partners-count"),
                "Partners with an entry of their own: 1,001",
                "{backend:?}"
            );
            let mut rows = 0;
            for piece in answer.page.split("<tr data-partner=\"").skip(1) {
                let id = piece[..36].to_owned();
                let name_at = piece.find("class=\"partner-name\">").expect("a name") + 21;
                let name =
                    piece[name_at..name_at + piece[name_at..].find('<').unwrap_or(0)].to_owned();
                seen.push((id, name));
                rows += 1;
            }
            assert!(rows <= 50, "{rows} rows");
            pages += 1;
            next = answer.page.find("\" id=\"next-partners\"").map(|end| {
                let start = answer.page[..end].rfind("href=\"").expect("href") + 6;
                answer.page[start..end].to_owned()
            });
            if pages > 1 {
                assert!(answer.page.contains("id=\"first-partners\""));
            }
        }
        assert_eq!(pages, 21, "{backend:?}");
        assert_eq!(seen.len(), 1001);
        assert_eq!(seen, expected, "in id order, each once, each by its name");
        server.stop().await;
    }
}
