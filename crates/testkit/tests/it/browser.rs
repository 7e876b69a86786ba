//! Issue 4's browser tests: the pages driven in Debian's headless Chromium through
//! `playwright-core` (`clients/browser/pages.mjs`), each main page checked with
//! axe-core (no serious or critical violation), for Content-Security-Policy
//! violations, and at 375 px wide (no sideways scrolling). Screenshots of every page
//! visited go to `target/screenshots/`. These tests are about pages, not storage, so
//! they run on SQLite only.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use entente_testkit::smtp::SmtpServer;
use entente_testkit::{ADMIN_EMAIL, ADMIN_PASSWORD, Backend, TestServer};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::redeem_link;

static INSTALL: Mutex<()> = Mutex::new(());

const CHROMIUM: &str = "/usr/bin/chromium";

/// The browser scripts' folder, with their npm packages installed (from the committed
/// lock file) and Debian's Chromium present: installed with apt when missing and the
/// tests run as root, as on CI.
pub(crate) fn browser_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("clients/browser");
    let _guard = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let installed = ["playwright-core", "@azure/msal-node"]
        .iter()
        .all(|package| {
            dir.join("node_modules")
                .join(package)
                .join("package.json")
                .exists()
        });
    if !installed {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .status()
            .expect("npm must be installed to run the browser tests");
        assert!(status.success(), "npm ci failed in {}", dir.display());
    }
    if !std::path::Path::new(CHROMIUM).exists() {
        let installed = Command::new("sh")
            .args([
                "-c",
                "apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null",
            ])
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            installed,
            "the browser tests need Debian's chromium at {CHROMIUM}: apt-get install chromium"
        );
    }
    dir
}

fn screenshots_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("screenshots")
}

/// Runs one scenario of `pages.mjs` and returns what it printed.
pub(crate) async fn scenario(name: &str, params: Value) -> Value {
    scenario_with(name, params, &[]).await
}

/// A scenario with more environment variables (`NODE_EXTRA_CA_CERTS`, say).
pub(crate) async fn scenario_with(name: &str, params: Value, env: &[(&str, &Path)]) -> Value {
    let dir = browser_dir();
    let output = tokio::process::Command::new("node")
        .arg("pages.mjs")
        .arg(name)
        .current_dir(&dir)
        .envs(env.iter().map(|(k, v)| (*k, *v)))
        .env("SCENARIO_PARAMS", params.to_string())
        .env("SCREENSHOTS", screenshots_dir())
        .env("CHROMIUM", CHROMIUM)
        .output()
        .await
        .expect("node must be installed");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "browser scenario {name} failed: {}{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    let seen: Value = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("scenario {name} printed no JSON ({e}): {stdout}"));
    let audits = seen["audits"].as_object().expect("audits");
    for (page, violations) in audits {
        assert_eq!(
            violations.as_array().map(Vec::len),
            Some(0),
            "{name}: accessibility violations on {page}: {violations}"
        );
    }
    assert_eq!(
        seen["cspViolations"],
        json!([]),
        "{name}: Content-Security-Policy violations"
    );
    seen
}

fn text<'a>(value: &'a Value, pointer: &str) -> &'a str {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{pointer} in {value}"))
}

#[tokio::test]
async fn admin_invites_a_file_the_partner_redeems_and_a_blocked_guest_is_refused() {
    let smtp = SmtpServer::start().await;
    let smtp_url = smtp.url();
    let server = TestServer::start_configured(Backend::Sqlite, true, |config| {
        config.smtp_url = Some(smtp_url);
    })
    .await;
    let base = server.base_url.clone();
    let contoso = server.bootstrap().tenant_id;
    let alice_home = server
        .partner_tenant(
            "Fabrikam",
            "fabrikam.com",
            "alice@fabrikam.com",
            "alice's home password",
            false,
        )
        .await;
    let scratch = server.data_dir().to_path_buf();
    let csv_path = scratch.join("partners.csv");
    std::fs::write(
        &csv_path,
        format!(
            "Email,DisplayName,InviteRedirectURL\r\n\
             alice@fabrikam.com,Alice Ahlberg,{base}/healthz?landed=alice\r\n\
             not-an-address,Nobody,\r\n\
             bert@northwind.example,Bert Bakker,\r\n"
        ),
    )
    .expect("writing the CSV file");
    let admin_state = scratch.join("admin-browser.json");
    let alice_state = scratch.join("alice-browser.json");

    // The admin: sign-in, upload, preview, confirm, result.
    let admin = scenario(
        "admin-bulk",
        json!({
            "base": base, "tenant": contoso.to_string(), "login": ADMIN_EMAIL,
            "password": ADMIN_PASSWORD, "csv": csv_path, "storage": admin_state,
        }),
    )
    .await;
    let audited: Vec<&String> = admin["audits"]
        .as_object()
        .expect("audits")
        .keys()
        .collect();
    assert_eq!(
        audited,
        [
            "admin-bulk-preview",
            "admin-bulk-result",
            "admin-invite",
            "admin-users",
            "login"
        ],
        "every page of the scenario was checked"
    );
    assert!(text(&admin, "/loginUrl").contains("/login"), "{admin}");
    assert!(
        text(&admin, "/afterLogin").ends_with("/admin/invite"),
        "{admin}"
    );
    assert_eq!(
        (
            text(&admin, "/preview/total"),
            text(&admin, "/preview/valid"),
            text(&admin, "/preview/errors")
        ),
        ("3", "2", "1"),
        "{admin}"
    );
    assert_eq!(admin["preview"]["errorRows"][0]["line"], 3, "{admin}");
    assert!(
        text(&admin, "/preview/errorRows/0/text").contains("not-an-address"),
        "{admin}"
    );
    assert_eq!(
        (
            text(&admin, "/result/invited"),
            text(&admin, "/result/errors")
        ),
        ("2", "1")
    );
    assert_eq!(admin["result"]["invitedRows"], json!([2, 4]), "{admin}");
    let report = text(&admin, "/resultCsv");
    assert_eq!(report.lines().count(), 4, "{report}");
    assert!(
        report
            .lines()
            .any(|l| l.contains("alice@fabrikam.com") && l.contains("invited")),
        "{report}"
    );
    let guests = admin["guests"].as_array().expect("guest rows");
    assert!(
        guests.iter().any(|g| g.as_str().is_some_and(
            |g| g.contains("alice_fabrikam.com#EXT#") && g.contains("Pending acceptance")
        )),
        "{admin}"
    );

    // Both emails went out; the admin revokes Bert's invitation from the list.
    let emails = smtp.wait_for_emails(2).await;
    let listing = scenario(
        "admin-invitations",
        json!({
            "storage": admin_state, "url": format!("{base}/{contoso}/admin/invitations"),
            "revoke": "bert@northwind.example", "search": "alice@FABRIKAM.com",
        }),
    )
    .await;
    let state_of = |rows: &Value, email: &str| -> (String, String) {
        let row = rows
            .as_array()
            .expect("rows")
            .iter()
            .find(|r| r["email"] == email)
            .unwrap_or_else(|| panic!("{email} in {rows}"));
        (
            text(row, "/status").to_owned(),
            text(row, "/email_state").to_owned(),
        )
    };
    // The list may be read before the worker has recorded the last delivery.
    let (status, _) = state_of(&listing["before"], "bert@northwind.example");
    assert_eq!(status, "Pending acceptance", "{listing}");
    assert_eq!(
        state_of(&listing["after"], "bert@northwind.example").0,
        "Revoked",
        "{listing}"
    );
    assert_eq!(
        state_of(&listing["after"], "alice@fabrikam.com").0,
        "Pending acceptance",
        "{listing}"
    );
    assert!(text(&listing, "/done").contains("revoked"), "{listing}");
    let found = listing["found"].as_array().expect("found");
    assert_eq!(found.len(), 1, "{listing}");
    assert_eq!(found[0]["email"], "alice@fabrikam.com");
    assert_eq!(
        listing["marker"], "same page",
        "searched in place: {listing}"
    );
    assert!(
        text(&listing, "/foundUrl").contains("q=alice%40FABRIKAM.com"),
        "the address follows the search: {listing}"
    );

    // Alice: the link from her email, sign-in at Fabrikam, accept, land.
    let alice_email = emails
        .iter()
        .find(|e| e.to.iter().any(|t| t == "alice@fabrikam.com"))
        .expect("Alice's invitation");
    let alice = scenario(
        "redeem-at-home",
        json!({
            "url": redeem_link(alice_email), "login": "alice@fabrikam.com",
            "password": "alice's home password", "storage": alice_state,
        }),
    )
    .await;
    assert!(
        text(&alice, "/homeLogin").contains(&alice_home.tenant_id.to_string()),
        "{alice}"
    );
    assert_eq!(
        text(&alice, "/landed"),
        format!("{base}/healthz?landed=alice")
    );
    assert_eq!(text(&alice, "/landedBody"), "ok");

    let my_apps = format!("{base}/{contoso}/myapps");
    let before = scenario(
        "visit",
        json!({ "url": my_apps, "storage": alice_state, "audit": "myapps" }),
    )
    .await;
    assert_eq!(before["status"], 200, "{before}");
    assert!(text(&before, "/url").ends_with("/myapps"), "{before}");
    // The switcher lists her home organization and Contoso.
    let body = text(&before, "/body");
    assert!(body.contains("Your organizations"), "{body}");
    assert!(body.contains("Fabrikam (your home organization)"), "{body}");
    assert!(body.contains("Contoso"), "{body}");

    // The admin blocks Alice's guest object.
    let token = server.api_token().await;
    let (status, found) = server
        .call(
            Method::GET,
            "/v1.0/users?$filter=mail%20eq%20'alice@fabrikam.com'",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(status, 200, "{found}");
    let guest = text(&found, "/value/0/id").to_owned();
    let blocked = scenario(
        "admin-block",
        json!({
            "storage": admin_state,
            "userUrl": format!("{base}/{contoso}/admin/users/{guest}"),
        }),
    )
    .await;
    assert_eq!(
        (text(&blocked, "/before"), text(&blocked, "/after")),
        ("Allowed", "Blocked")
    );
    assert_eq!(text(&blocked, "/type"), "Guest");
    // The guest's history: the block first, and nothing about anyone else.
    assert!(text(&blocked, "/historyOf").contains(&guest), "{blocked}");
    let history: Vec<&str> = blocked["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(history.first(), Some(&"Update user"), "{blocked}");
    assert!(history.contains(&"Invite external user"), "{blocked}");
    assert!(
        !history.contains(&"Revoke invitation"),
        "Bert's, not hers: {blocked}"
    );

    // The blocking is in the audit log, on the page and in its export.
    let log = scenario(
        "admin-audit",
        json!({
            "storage": admin_state, "url": format!("{base}/{contoso}/admin/audit"),
            "action": "Revoke invitation",
        }),
    )
    .await;
    let actions: Vec<&str> = log["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(actions.first(), Some(&"Update user"), "newest first: {log}");
    assert!(actions.contains(&"Invite external user"), "{log}");
    let csv = text(&log, "/csv");
    assert!(
        csv.starts_with("\u{feff}Id,Time,ActorType,ActorId,Action"),
        "{csv}"
    );
    assert!(csv.contains("Revoke invitation"), "{csv}");
    assert!(
        log["offered"].as_array().is_some_and(
            |o| o.contains(&json!("Revoke invitation")) && o.contains(&json!("Update user"))
        ),
        "{log}"
    );
    assert_eq!(log["filtered"], json!(["Revoke invitation"]), "{log}");
    assert_eq!(log["marker"], "same page", "filtered in place: {log}");
    assert!(
        text(&log, "/url").contains("action=Revoke+invitation"),
        "{log}"
    );
    let filtered_csv = text(&log, "/filteredCsv");
    assert_eq!(filtered_csv.lines().count(), 2, "{filtered_csv}");
    assert!(!filtered_csv.contains("Update user"), "{filtered_csv}");

    // Her browser, still signed in at home, is refused; so is a fresh sign-in.
    let after = scenario("visit", json!({ "url": my_apps, "storage": alice_state })).await;
    assert_eq!(after["status"], 403, "{after}");
    let again = scenario(
        "visit",
        json!({
            "url": my_apps, "login": "alice@fabrikam.com",
            "password": "alice's home password", "audit": "myapps-refused",
        }),
    )
    .await;
    assert_eq!(again["status"], 403, "{again}");
    assert!(text(&again, "/body").contains("no access"), "{again}");
    server.stop().await;
}

#[tokio::test]
async fn each_language_renders_the_redemption_page() {
    let server = TestServer::start_on(Backend::Sqlite).await;
    let token = server.api_token().await;
    let languages = [
        ("en", "en"),
        ("de", "de"),
        ("es", "es"),
        ("fr", "fr"),
        ("it", "it"),
        ("ja", "ja"),
        ("ko", "ko"),
        ("pt-BR", "pt-BR"),
        ("ru", "ru"),
        ("zh-HANS", "zh-Hans"),
        ("zh-HANT", "zh-Hant"),
        ("nl", "nl"),
    ];
    let mut links = Vec::new();
    for (i, (language, _)) in languages.iter().enumerate() {
        let (status, invited) = server
            .call(
                Method::POST,
                "/v1.0/invitations",
                Some(&token),
                Some(json!({
                    "invitedUserEmailAddress": format!("partner{i}@northwind.example"),
                    "invitedUserMessageInfo": { "messageLanguage": language },
                })),
            )
            .await;
        assert_eq!(status, 201, "{invited}");
        links.push(json!({ "language": language, "url": text(&invited, "/inviteRedeemUrl") }));
    }
    let seen = scenario("languages", json!({ "links": links })).await;
    let pages = seen["seen"].as_array().expect("pages");
    assert_eq!(pages.len(), 12);
    let mut titles = std::collections::HashSet::new();
    for (page, (language, html_lang)) in pages.iter().zip(languages) {
        assert_eq!(page["language"], language);
        assert_eq!(text(page, "/htmlLang"), html_lang, "{page}");
        let title = text(page, "/title");
        assert!(!title.is_empty(), "{page}");
        titles.insert(title.to_owned());
        assert!(!text(page, "/button").is_empty(), "{page}");
    }
    assert_eq!(
        titles.len(),
        12,
        "every language has its own heading: {seen}"
    );
    server.stop().await;
}

#[tokio::test]
async fn the_admin_changes_the_invitation_settings_and_the_branding() {
    let mut dns = crate::domains::Dns::start("contoso.example").await;
    let server = TestServer::start_with_dns(Backend::Sqlite, dns.addr).await;
    let base = server.base_url.clone();
    let contoso = server.bootstrap().tenant_id;
    let admin_state = server.data_dir().join("admin-browser.json");
    // A wrong password first, then the right one, through the portal's front door.
    let refused = scenario(
        "visit",
        json!({
            "url": format!("{base}/{contoso}/admin"), "login": ADMIN_EMAIL,
            "password": "not the password",
        }),
    )
    .await;
    assert_eq!(refused["status"], 401, "{refused}");
    let signed_in = scenario(
        "visit",
        json!({
            "url": format!("{base}/{contoso}/admin"), "login": ADMIN_EMAIL,
            "password": ADMIN_PASSWORD, "saveStorage": admin_state,
        }),
    )
    .await;
    assert!(
        text(&signed_in, "/url").ends_with("/admin/invite"),
        "{signed_in}"
    );

    // The only administrator cannot lock the organization out: blocking or deleting
    // their own account is refused on the page, with the reason (issue 19).
    let admin_id = server.bootstrap().admin_user_id;
    let lockout = scenario(
        "admin-self-lockout",
        json!({
            "storage": admin_state, "url": format!("{base}/{contoso}/admin/users/{admin_id}"),
        }),
    )
    .await;
    assert!(
        text(&lockout, "/blocked/error").starts_with("You cannot block your own account"),
        "{lockout}"
    );
    assert_eq!(text(&lockout, "/blocked/enabled"), "Allowed", "{lockout}");
    assert!(
        text(&lockout, "/deleted/error").starts_with("You cannot delete your own account"),
        "{lockout}"
    );
    let settings = scenario(
        "admin-settings",
        json!({
            "storage": admin_state, "url": format!("{base}/{contoso}/admin/settings"),
            "lifetime": 14, "blocked": ["rival.example", "spam.example"], "colour": "#0a7d32",
        }),
    )
    .await;
    assert_eq!(
        text(&settings, "/savedPolicy"),
        "The invitation settings are saved."
    );
    assert_eq!(text(&settings, "/savedBranding"), "The branding is saved.");
    assert!(text(&settings, "/refused").contains("colour"), "{settings}");
    assert_eq!(text(&settings, "/lifetime"), "14");
    assert_eq!(settings["membersCanInvite"], true);
    assert_eq!(text(&settings, "/blocked"), "rival.example\nspam.example");
    assert_eq!(text(&settings, "/colour"), "#0a7d32");

    // The sign-in page wears the new colour, through its stylesheet (the policy
    // allows no inline style).
    let branded = scenario(
        "visit",
        json!({
            "url": format!("{base}/{contoso}/login"), "colourOf": "button[type=submit]",
            "audit": "login-branded",
        }),
    )
    .await;
    assert_eq!(text(&branded, "/colour"), "rgb(10, 125, 50)", "{branded}");

    // Groups and applications: a group with the admin in it, assigned to a new app
    // whose secret (shown once) works at the token endpoint, and a certificate.
    let certificate = {
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let mut params =
            rcgen::CertificateParams::new(vec!["jobs.contoso.example".into()]).unwrap();
        let now = time::OffsetDateTime::now_utc();
        (params.not_before, params.not_after) = (now, now + time::Duration::days(30));
        params.self_signed(&key).unwrap()
    };
    let thumbprint: String = aws_lc_rs::digest::digest(
        &aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY,
        certificate.der(),
    )
    .as_ref()
    .iter()
    .map(|b| format!("{b:02X}"))
    .collect();
    let made = scenario(
        "admin-groups-apps",
        json!({
            "storage": admin_state, "base": base, "tenant": contoso.to_string(),
            "group": "Partner managers", "member": ADMIN_EMAIL, "app": "Supplier portal",
            "redirectUri": "https://suppliers.contoso.example/signin",
            "certificate": certificate.pem(),
        }),
    )
    .await;
    assert!(
        made["members"][0]
            .as_str()
            .is_some_and(|m| m.contains("admin@contoso.entente.test")),
        "{made}"
    );
    assert!(
        text(&made, "/unknownMember").contains("nobody@nowhere.example"),
        "{made}"
    );
    assert!(
        made["assignments"][0]
            .as_str()
            .is_some_and(|a| a.contains("Partner managers") && a.contains("Group")),
        "{made}"
    );
    assert_eq!(made["secretsListed"], 1);
    assert!(
        text(&made, "/certificateRefused").contains("neither base64 nor PEM"),
        "{made}"
    );
    assert!(
        made["certificates"][0]
            .as_str()
            .is_some_and(|row| row.contains(&thumbprint) && row.contains("Nightly job")),
        "{made}"
    );
    assert_eq!(made["certificatesAfterRemoval"], 0, "{made}");
    assert_eq!(text(&made, "/noCertificates"), "No certificate.");
    assert_eq!(made["secretShownAgain"], false, "a secret is shown once");
    let token = server
        .http
        .post(server.url(&format!("/{contoso}/oauth2/v2.0/token")))
        .basic_auth(text(&made, "/clientId"), Some(text(&made, "/secret")))
        .form(&[
            ("grant_type", "client_credentials"),
            ("scope", &format!("{}/.default", text(&made, "/clientId"))),
        ])
        .send()
        .await
        .expect("token request");
    let status = token.status();
    let body = token.text().await.unwrap_or_default();
    assert_eq!(status, 200, "the portal's secret works: {body}");

    // A domain: claimed on the page, proven by the TXT record the page shows.
    let domains_url = format!("{base}/{contoso}/admin/domains");
    let added = scenario(
        "admin-domains",
        json!({
            "storage": admin_state, "url": domains_url, "domain": "contoso.example", "step": "add",
        }),
    )
    .await;
    assert_eq!(text(&added, "/status"), "Not verified", "{added}");
    let record = text(&added, "/record").to_owned();
    assert!(!record.is_empty(), "{added}");
    let unproven = scenario(
        "admin-domains",
        json!({
            "storage": admin_state, "url": domains_url, "domain": "contoso.example",
            "step": "verify",
        }),
    )
    .await;
    assert_eq!(text(&unproven, "/status"), "Not verified", "{unproven}");
    assert!(
        !text(&unproven, "/error").is_empty(),
        "says why: {unproven}"
    );
    dns.publish_txt("contoso.example", &record).await;
    let proven = scenario(
        "admin-domains",
        json!({
            "storage": admin_state, "url": domains_url, "domain": "contoso.example",
            "step": "verify",
        }),
    )
    .await;
    assert_eq!(text(&proven, "/status"), "Verified", "{proven}");
    assert_eq!(text(&proven, "/notice"), "contoso.example is verified.");
    dns.stop().await;

    // A partner's SAML IdP (pysaml2's metadata), registered from the domains page.
    let idp = entente_testkit::saml::IdentityProvider::new(
        "https://idp.litware.example/saml",
        "https://idp.litware.example/sso",
    );
    let metadata = idp.run("metadata", json!({}));
    let federated = scenario(
        "admin-federation",
        json!({
            "storage": admin_state, "url": domains_url, "name": "Litware",
            "metadata": metadata["xml"], "domains": "litware.example",
        }),
    )
    .await;
    assert_eq!(
        text(&federated, "/added/notice"),
        "Litware is added. Give the partner the address shown next to it.",
        "{federated}"
    );
    let cells = &federated["added"]["cells"];
    assert!(
        text(cells, "/0").contains("https://idp.litware.example/saml"),
        "{federated}"
    );
    assert_eq!(text(cells, "/1"), "SAML 2.0");
    assert_eq!(text(cells, "/2"), "litware.example");
    assert_eq!(
        text(&federated, "/added/forPartner"),
        format!("Service provider metadata: {base}/{contoso}/federation/saml")
    );
    assert_eq!(text(&federated, "/removedNotice"), "Litware is removed.");
    assert_eq!(
        text(&federated, "/empty"),
        "No partner identity provider yet."
    );

    // A member made and renamed from the portal.
    let member = scenario(
        "admin-member",
        json!({
            "storage": admin_state, "url": format!("{base}/{contoso}/admin/users"),
            "name": "Dana Dekker", "upn": "dana@contoso.entente.test",
            "mail": "dana@contoso.example", "rename": "Dana de Vries",
        }),
    )
    .await;
    assert!(
        text(&member, "/refused").contains("not-ours.example"),
        "{member}"
    );
    assert_eq!(text(&member, "/created/name"), "Dana Dekker");
    assert_eq!(text(&member, "/created/type"), "Member");
    assert_eq!(text(&member, "/renamed"), "Dana de Vries");

    // The sign-in log shows both attempts, the failure on its own when filtered, and
    // the application sign-in made with the portal's secret is not interactive (client
    // credentials), so it is not there.
    let log = scenario(
        "admin-sign-ins",
        json!({ "storage": admin_state, "url": format!("{base}/{contoso}/admin/sign-ins") }),
    )
    .await;
    let outcomes: Vec<(&str, &str)> = log["all"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| (text(r, "/login"), text(r, "/outcome")))
        .collect();
    assert_eq!(
        outcomes,
        [(ADMIN_EMAIL, "success"), (ADMIN_EMAIL, "failure")],
        "newest first: {log}"
    );
    assert_eq!(log["failures"].as_array().map(Vec::len), Some(1), "{log}");
    assert_eq!(log["marker"], "same page", "filtered in place: {log}");
    let csv = text(&log, "/csv");
    assert!(csv.contains("The password is wrong."), "{csv}");

    // The API sees the same policy: the portal went through the same use case.
    let token = server.api_token().await;
    let (status, policy) = server
        .call(
            Method::GET,
            "/v1.0/policies/externalCollaborationPolicy",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(status, 200, "{policy}");
    assert_eq!(policy["invitationLifetimeDays"], 14, "{policy}");
    assert_eq!(
        policy["blockedDomains"],
        json!(["rival.example", "spam.example"])
    );
    server.stop().await;
}

#[tokio::test]
async fn the_admin_manages_cross_tenant_access_in_the_browser() {
    let server = TestServer::start_on(Backend::Sqlite).await;
    let base = server.base_url.clone();
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
    let storage = server.data_dir().join("cross-tenant-admin.json");
    scenario(
        "visit",
        json!({
            "url": format!("{base}/{contoso}/admin"), "login": ADMIN_EMAIL,
            "password": ADMIN_PASSWORD, "saveStorage": storage,
        }),
    )
    .await;
    let seen = scenario(
        "admin-cross-tenant",
        json!({
            "storage": storage, "base": base, "tenant": contoso.to_string(),
            "appId": app.client_id, "partner": alice.tenant_id.to_string(),
            "address": "alice@fabrikam.test",
        }),
    )
    .await;
    let audited: Vec<&String> = seen["audits"].as_object().expect("audits").keys().collect();
    assert_eq!(
        audited,
        [
            "admin-cross-tenant",
            "admin-cross-tenant-confirm",
            "admin-cross-tenant-explain",
            "admin-cross-tenant-partner",
            "admin-cross-tenant-refused",
        ],
        "every page of the scenario was checked"
    );
    assert_eq!(
        text(&seen, "/navCurrent"),
        format!("/{contoso}/admin/cross-tenant")
    );
    assert_eq!(
        text(&seen, "/savedDefault"),
        "The default settings are saved."
    );
    assert_eq!(
        text(&seen, "/refused/error"),
        "carol is not an object id.",
        "{seen}"
    );
    assert_eq!(text(&seen, "/refused/summaryLink"), "#out_users");
    assert_eq!(text(&seen, "/refused/kept"), "carol");
    assert_eq!(text(&seen, "/refused/invalid"), "true");
    assert_eq!(text(&seen, "/added/name"), "Fabrikam");
    assert_eq!(
        text(&seen, "/savedPartner"),
        "The partner's settings are saved."
    );
    let cells = &seen["cells"];
    assert!(text(cells, "/0").starts_with("Fabrikam"), "{seen}");
    assert_eq!(text(cells, "/1"), "Organization of this deployment");
    assert_eq!(
        text(cells, "/2"),
        "People: Blocks all\nApplications: Uses the default"
    );
    assert_eq!(text(cells, "/4"), "Trusts multifactor authentication");
    assert_eq!(text(&seen, "/explained/result"), "Refused");
    assert_eq!(
        text(&seen, "/explained/why"),
        "Everyone (AllUsers) is on the block-list."
    );
    assert_eq!(text(&seen, "/explained/source"), "The partner's entry");
    assert_eq!(
        text(&seen, "/question"),
        "Remove the partner entry of Fabrikam?"
    );
    assert_eq!(
        text(&seen, "/removed/notice"),
        "The partner entry is removed: the default settings apply to it again."
    );
    assert!(!text(&seen, "/removed/empty").is_empty());

    // The API sees what the browser saved.
    let token = server.api_token().await;
    let (status, default) = server
        .call(
            Method::GET,
            "/v1.0/policies/crossTenantAccessPolicy/default",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(status, 200, "{default}");
    assert_eq!(
        default["b2bCollaborationInbound"]["applications"]["targets"],
        json!([{ "target": app.client_id, "targetType": "application" }])
    );
    server.stop().await;
}

/// Cross-tenant access (issue 21) from the partner's side, in Chromium: a partner
/// entry that lets Fabrikam's people in to one application only; Alice redeems, gets
/// a code from that application and `access_denied` from another; blocked, My Apps
/// tells her why (audited: axe-core, CSP, 375 px).
#[tokio::test]
async fn a_partner_lives_the_cross_tenant_access_settings_in_the_browser() {
    let server = TestServer::start_on(Backend::Sqlite).await;
    let base = server.base_url.clone();
    let contoso = server.bootstrap().tenant_id;
    let admin = server.api_token().await;
    // The applications' reply addresses are the server's own health and readiness
    // pages, so the browser lands on a page that loads.
    let allowed = server
        .register_app("Supplier portal", &format!("{base}/healthz"), false)
        .await;
    let other = server
        .register_app("Reports", &format!("{base}/readyz"), false)
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
    let partners = "/v1.0/policies/crossTenantAccessPolicy/partners";
    let people = |access: &str| json!({ "accessType": access, "targets": [{ "target": "AllUsers", "targetType": "user" }] });
    let entry = json!({
        "tenantId": alice.tenant_id.to_string(),
        "b2bCollaborationInbound": {
            "usersAndGroups": people("allowed"),
            "applications": { "accessType": "allowed",
                "targets": [{ "target": allowed.client_id, "targetType": "application" }] },
        },
    });
    let (status, made) = server
        .call(Method::POST, partners, Some(&admin), Some(entry))
        .await;
    assert_eq!(status, 201, "{made}");
    let (status, invited) = server
        .call(
            Method::POST,
            "/v1.0/invitations",
            Some(&admin),
            Some(json!({ "invitedUserEmailAddress": "alice@fabrikam.test",
                         "inviteRedirectUrl": format!("{base}/{contoso}/myapps") })),
        )
        .await;
    assert_eq!(status, 201, "{invited}");
    let storage = server.data_dir().join("cross-tenant-guest.json");
    scenario(
        "visit",
        json!({
            "url": format!("{base}/{}/login", alice.tenant_id), "login": "alice@fabrikam.test",
            "password": "alice's home password", "saveStorage": storage,
        }),
    )
    .await;
    let authorize = |app: &entente_testkit::TestApp| {
        let mut url =
            url::Url::parse(&format!("{base}/{contoso}/oauth2/v2.0/authorize")).expect("url");
        url.query_pairs_mut()
            .append_pair("client_id", &app.client_id)
            .append_pair("response_type", "code")
            .append_pair("redirect_uri", &app.redirect_uri)
            .append_pair("scope", "openid");
        url.to_string()
    };
    let seen = scenario(
        "guest-cross-tenant",
        json!({
            "storage": storage,
            "link": invited["inviteRedeemUrl"], "allowed": authorize(&allowed),
            "refused": authorize(&other),
        }),
    )
    .await;
    assert_eq!(text(&seen, "/landed"), format!("{base}/{contoso}/myapps"));
    let granted = text(&seen, "/allowed");
    assert!(
        granted.starts_with(&format!("{base}/healthz?code=")),
        "{granted}"
    );
    let refused = text(&seen, "/refused");
    assert!(
        refused.starts_with(&format!("{base}/readyz?error=access_denied")),
        "{refused}"
    );
    assert!(!refused.contains("code="), "{refused}");

    let (status, _) = server
        .call(
            Method::PATCH,
            &format!("{partners}/{}", alice.tenant_id),
            Some(&admin),
            Some(json!({ "b2bCollaborationInbound": {
                "usersAndGroups": people("blocked"),
                "applications": { "accessType": "allowed",
                    "targets": [{ "target": "AllApplications", "targetType": "application" }] } } })),
        )
        .await;
    assert_eq!(status, 204);
    let blocked = scenario(
        "guest-cross-tenant-blocked",
        json!({ "storage": storage, "myApps": format!("{base}/{contoso}/myapps") }),
    )
    .await;
    assert_eq!(blocked["status"], 403, "{blocked}");
    assert_eq!(
        text(&blocked, "/heading"),
        "Access blocked by cross-tenant access settings"
    );
    assert!(
        text(&blocked, "/body").contains("Contoso does not let this account in"),
        "{blocked}"
    );
    // `scenario` found no accessibility or CSP violation on these pages.
    assert!(
        seen["audits"]["guest-cross-tenant-redeem"].is_array(),
        "{seen}"
    );
    assert!(
        blocked["audits"]["guest-cross-tenant-blocked"].is_array(),
        "{blocked}"
    );
    server.stop().await;
}
