//! The admin command line, run as a real process against a real server: sign in with
//! the bootstrap application, manage users, groups, applications and assignments,
//! and find those changes in the audit log; errors exit non-zero with Graph's code.
//!
//! The executable is `entente-under-test`: the `entente` program's own `main.rs`,
//! built as a binary of the test kit so that Cargo builds it, fresh, before these
//! tests and hands over its path (`CARGO_BIN_EXE_*`; see the test kit's Cargo.toml).
//! `CARGO_BIN_EXE_entente` itself only exists in the `entente` package's own tests.
//!
//! Each run gets an empty environment (plus what a test sets) and a scratch `HOME`,
//! so neither the developer's credentials nor their `ENTENTE_*` variables leak in.

mod cross_tenant;
mod multi_tenant;
mod reviews;
mod sponsors;

use std::path::PathBuf;

use entente_testkit::TestServer;
use serde_json::Value;

use crate::support::Run;

const ENTENTE: &str = env!("CARGO_BIN_EXE_entente-under-test");

/// The CLI pointed at one test server, with a scratch directory of its own.
struct Cli {
    server_url: String,
    /// The bootstrap application's id and secret, and its tenant's id.
    client_id: String,
    client_secret: String,
    tenant_id: String,
    dir: PathBuf,
    credentials: PathBuf,
}

impl Run {
    fn json(self, what: &str) -> Value {
        let run = self.ok(what);
        serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("`entente {what}` printed no JSON ({e}): {}", run.stdout))
    }
}

impl Cli {
    fn new(server: &TestServer) -> Cli {
        let dir = std::env::temp_dir()
            .join("entente-cli-it")
            .join(uuid::Uuid::new_v4().simple().to_string());
        std::fs::create_dir_all(&dir).expect("scratch directory");
        let credentials = dir.join("config").join("credentials.json");
        let boot = server.bootstrap();
        Cli {
            server_url: server.base_url.clone(),
            client_id: boot.client_id.clone(),
            client_secret: boot.client_secret.clone(),
            tenant_id: boot.tenant_id.to_string(),
            dir,
            credentials,
        }
    }

    /// Writes a file in the scratch directory and answers its path.
    fn file(&self, name: &str, contents: &str) -> String {
        let path = self.dir.join(name);
        std::fs::write(&path, contents).expect("writing a scratch file");
        path.display().to_string()
    }

    async fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[]).await
    }

    /// Runs `entente --server <test server> ARGS` with only `env` set besides the
    /// credentials file and a scratch HOME.
    async fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let output = tokio::process::Command::new(ENTENTE)
            .env_clear()
            .env("HOME", &self.dir)
            .env("ENTENTE_CREDENTIALS", &self.credentials)
            .envs(env.iter().copied())
            .arg("--server")
            .arg(&self.server_url)
            .args(args)
            .output()
            .await
            .expect("running the entente binary");
        Run::of(output)
    }

    /// Runs with `--output json` and answers the parsed output.
    async fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["--output", "json"]);
        self.run(&all).await.json(&args.join(" "))
    }

    async fn login(&self) {
        let secret = self.file("client-secret", &format!("{}\n", self.client_secret));
        let run = self
            .run(&[
                "--tenant",
                &self.tenant_id,
                "login",
                "--client-id",
                &self.client_id,
                "--client-secret-file",
                &secret,
            ])
            .await
            .ok("login");
        assert!(run.stderr.contains("Signed in to"), "{}", run.stderr);
    }
}

impl Drop for Cli {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn ids(list: &Value) -> Vec<String> {
    list["value"]
        .as_array()
        .expect("a collection")
        .iter()
        .map(|item| item["id"].as_str().expect("an id").to_owned())
        .collect()
}

fn str_of<'v>(value: &'v Value, key: &str) -> &'v str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("no {key} in {value}"))
}

#[tokio::test]
async fn an_admin_signs_in_manages_the_directory_and_reads_the_audit_log() {
    let server = TestServer::start().await;
    let cli = Cli::new(&server);
    let boot = server.bootstrap();
    let domain = &boot.initial_domain;
    cli.login().await;

    // The stored sign-in names the server and tenant, and only its owner may read it.
    let stored: Value =
        serde_json::from_str(&std::fs::read_to_string(&cli.credentials).unwrap()).unwrap();
    assert_eq!(stored["server"], server.base_url.as_str());
    assert_eq!(stored["tenant"], boot.tenant_id.to_string().as_str());
    assert!(str_of(&stored, "accessToken").len() > 20);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&cli.credentials)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let whoami = cli.run(&["whoami"]).await.ok("whoami");
    assert!(
        whoami.stdout.contains(&boot.tenant_id.to_string()),
        "{}",
        whoami.stdout
    );
    assert!(
        whoami.stdout.contains("client credentials"),
        "{}",
        whoami.stdout
    );

    let tenant = cli.json(&["tenant", "show"]).await;
    assert_eq!(tenant["issuer"], server.issuer());

    // A user: create, find in the list (JSON and table, and by filter), disable.
    let upn = format!("ada@{domain}");
    let password = cli.file("ada-password", "an entirely adequate password\n");
    let ada = cli
        .json(&[
            "users",
            "create",
            "--display-name",
            "Ada Lovelace",
            "--upn",
            &upn,
            "--mail",
            &upn,
            "--password-file",
            &password,
        ])
        .await;
    let ada_id = str_of(&ada, "id").to_owned();
    assert_eq!(ada["userPrincipalName"], upn.as_str());
    assert_eq!(ada["accountEnabled"], true);

    let users = cli.json(&["users", "list"]).await;
    let listed = users["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == ada_id.as_str())
        .expect("the new user is listed");
    assert_eq!(listed["displayName"], "Ada Lovelace");
    let table = cli.run(&["users", "list"]).await.ok("users list");
    let row = table
        .stdout
        .lines()
        .find(|l| l.starts_with(&ada_id))
        .unwrap_or_else(|| panic!("no row for Ada in\n{}", table.stdout));
    assert!(
        row.contains("Ada Lovelace") && row.contains(&upn) && row.ends_with("true"),
        "{row}"
    );
    assert!(table.stdout.starts_with("ID "), "{}", table.stdout);
    let filtered = cli
        .json(&["users", "list", "--filter", "startswith(displayName,'Ada')"])
        .await;
    assert_eq!(ids(&filtered), vec![ada_id.clone()]);

    let disabled = cli.json(&["users", "disable", &ada_id]).await;
    assert_eq!(disabled["accountEnabled"], false);
    let shown = cli.run(&["users", "get", &ada_id]).await.ok("users get");
    assert!(shown.stdout.contains("Enabled:"), "{}", shown.stdout);
    assert!(
        shown
            .stdout
            .lines()
            .any(|l| l.starts_with("Enabled:") && l.ends_with("false")),
        "{}",
        shown.stdout
    );
    let renamed = cli
        .json(&[
            "users",
            "update",
            &ada_id,
            "--display-name",
            "Ada King",
            "--enabled",
            "true",
        ])
        .await;
    assert_eq!(renamed["displayName"], "Ada King");
    assert_eq!(renamed["accountEnabled"], true);

    // A group with Ada in it.
    let group = cli
        .json(&[
            "groups",
            "create",
            "--display-name",
            "Engineers",
            "--description",
            "Builds things",
        ])
        .await;
    let group_id = str_of(&group, "id").to_owned();
    let added = cli
        .run(&["groups", "members", "add", &group_id, &ada_id])
        .await
        .ok("groups members add");
    assert!(added.stdout.contains("Added user"), "{}", added.stdout);
    let members = cli.json(&["groups", "members", "list", &group_id]).await;
    assert_eq!(ids(&members), vec![ada_id.clone()]);

    // An application with a secret, shown once; later views show only its hint.
    let app = cli
        .json(&[
            "apps",
            "create",
            "--display-name",
            "Payroll",
            "--redirect-uri",
            "https://payroll.example/cb",
        ])
        .await;
    let app_id = str_of(&app, "id").to_owned();
    assert_eq!(app["web"]["redirectUris"][0], "https://payroll.example/cb");
    assert_eq!(app["isFallbackPublicClient"], false);
    let secret = cli
        .json(&["apps", "add-secret", &app_id, "--display-name", "ci"])
        .await;
    let secret_text = str_of(&secret, "secretText").to_owned();
    let key_id = str_of(&secret, "keyId").to_owned();
    assert!(secret_text.len() >= 20, "{secret}");
    let details = cli.run(&["apps", "get", &app_id]).await.ok("apps get");
    assert!(details.stdout.contains(&key_id), "{}", details.stdout);
    assert!(details.stdout.contains("Payroll"), "{}", details.stdout);
    assert!(!details.stdout.contains(&secret_text), "{}", details.stdout);
    let apps = cli.run(&["apps", "list"]).await.ok("apps list");
    assert!(
        apps.stdout
            .lines()
            .any(|l| l.starts_with(&app_id) && l.contains("confidential")),
        "{}",
        apps.stdout
    );

    // Ada may use Payroll.
    let assignment = cli
        .json(&["assignments", "add", "--user", &ada_id, "--app", &app_id])
        .await;
    assert_eq!(assignment["resourceId"], app_id.as_str());
    let assignments = cli.run(&["assignments", "list", "--user", &ada_id]).await;
    let assignments = assignments.ok("assignments list");
    assert!(
        assignments.stdout.contains("Payroll"),
        "{}",
        assignments.stdout
    );

    // Every change above is in the audit log, made by the bootstrap application.
    let audit = cli.json(&["audit", "list", "--top", "100"]).await;
    let entries = audit["value"].as_array().unwrap();
    for (activity, target) in [
        ("Add user", &ada_id),
        ("Update user", &ada_id),
        ("Add group", &group_id),
        ("Add member to group", &group_id),
        ("Add application", &app_id),
        ("Add application password", &app_id),
    ] {
        let entry = entries
            .iter()
            .find(|e| {
                e["activityDisplayName"] == activity
                    && e["targetResources"][0]["id"] == target.as_str()
            })
            .unwrap_or_else(|| panic!("no {activity:?} on {target} in {audit:#}"));
        assert!(
            entry["initiatedBy"]["app"]["servicePrincipalId"].is_string(),
            "{entry}"
        );
    }
    assert!(
        entries
            .iter()
            .any(|e| e["activityDisplayName"] == "Add app role assignment")
    );
    let audit_table = cli.run(&["audit", "list"]).await.ok("audit list");
    assert!(
        audit_table
            .stdout
            .lines()
            .any(|l| l.contains("Add application password") && l.contains(&app_id)),
        "{}",
        audit_table.stdout
    );

    // Removing things works too.
    cli.run(&[
        "assignments",
        "remove",
        "--user",
        &ada_id,
        str_of(&assignment, "id"),
    ])
    .await
    .ok("assignments remove");
    cli.run(&["groups", "members", "remove", &group_id, &ada_id])
        .await
        .ok("groups members remove");
    assert!(ids(&cli.json(&["groups", "members", "list", &group_id]).await).is_empty());
    cli.run(&["apps", "remove-secret", &app_id, &key_id])
        .await
        .ok("apps remove-secret");
    let app_after = cli.json(&["apps", "get", &app_id]).await;
    assert_eq!(app_after["passwordCredentials"], serde_json::json!([]));
    for (kind, id) in [("users", &ada_id), ("groups", &group_id), ("apps", &app_id)] {
        cli.run(&[kind, "delete", id]).await.ok("delete");
        let gone = cli.run(&[kind, "get", id]).await;
        assert_eq!(
            gone.code,
            Some(1),
            "{kind} {id} still there: {}",
            gone.stdout
        );
    }

    // An API error: exit code 1, and Graph's code and message on stderr.
    let missing = uuid::Uuid::new_v4().to_string();
    let error = cli.run(&["users", "get", &missing]).await;
    assert_eq!(error.code, Some(1), "{}", error.stdout);
    assert!(
        error.stderr.contains("Request_ResourceNotFound"),
        "{}",
        error.stderr
    );
    assert!(error.stderr.contains("does not exist"), "{}", error.stderr);
    assert!(error.stdout.is_empty(), "{}", error.stdout);

    // Usage errors exit with 2: an update that changes nothing, a bad --top.
    let usage = cli.run(&["users", "update", &ada_id]).await;
    assert_eq!(usage.code, Some(2), "{}", usage.stderr);
    let usage = cli.run(&["users", "list", "--top", "0"]).await;
    assert_eq!(usage.code, Some(2), "{}", usage.stderr);

    // After logout, commands say how to sign in.
    cli.run(&["logout"]).await.ok("logout");
    assert!(!cli.credentials.exists());
    let signed_out = cli.run(&["users", "list"]).await;
    assert_eq!(signed_out.code, Some(1));
    assert!(
        signed_out.stderr.contains("entente login"),
        "{}",
        signed_out.stderr
    );

    server.stop().await;
}

#[tokio::test]
async fn scripts_use_client_credentials_from_the_environment_and_page_with_all() {
    let server = TestServer::start().await;
    let cli = Cli::new(&server);
    let boot = server.bootstrap();
    let env = [
        ("ENTENTE_CLIENT_ID", boot.client_id.as_str()),
        ("ENTENTE_CLIENT_SECRET", boot.client_secret.as_str()),
        // By domain this time: the tenant can be named either way.
        ("ENTENTE_TENANT", boot.initial_domain.as_str()),
    ];
    for name in ["Bea", "Cy", "Di"] {
        let upn = format!("{}@{}", name.to_lowercase(), boot.initial_domain);
        cli.run_with(
            &["users", "create", "--display-name", name, "--upn", &upn],
            &env,
        )
        .await
        .ok("users create");
    }
    let first_page = cli
        .run_with(&["users", "list", "--top", "2", "--output", "json"], &env)
        .await
        .json("users list --top 2");
    assert_eq!(ids(&first_page).len(), 2);
    assert!(first_page["@odata.nextLink"].is_string(), "{first_page}");

    let every = cli
        .run_with(
            &["users", "list", "--top", "2", "--all", "--output", "json"],
            &env,
        )
        .await
        .json("users list --all");
    let mut found = ids(&every);
    found.sort();
    found.dedup();
    // The administrator and the three new users, each once.
    assert_eq!(found.len(), 4, "{every:#}");
    assert_eq!(ids(&every).len(), 4, "{every:#}");
    assert!(found.contains(&boot.admin_user_id.to_string()), "{every:#}");
    assert!(every.get("@odata.nextLink").is_none());

    let table = cli.run_with(&["users", "list", "--top", "2"], &env).await;
    assert!(table.stderr.contains("--all"), "{}", table.stderr);
    assert!(!cli.credentials.exists(), "nothing is stored without login");
    server.stop().await;
}

#[tokio::test]
async fn a_refused_or_expired_sign_in_fails_clearly() {
    let server = TestServer::start().await;
    let cli = Cli::new(&server);
    let boot = server.bootstrap();
    let tenant = boot.tenant_id.to_string();
    let wrong = cli.file("wrong-secret", "not the secret");
    let refused = cli
        .run(&[
            "--tenant",
            &tenant,
            "login",
            "--client-id",
            &boot.client_id,
            "--client-secret-file",
            &wrong,
        ])
        .await;
    assert_eq!(refused.code, Some(1));
    assert!(
        refused.stderr.contains("invalid_client"),
        "{}",
        refused.stderr
    );
    assert!(!cli.credentials.exists());

    // A token past its expiry is not sent at all.
    cli.login().await;
    let mut stored: Value =
        serde_json::from_str(&std::fs::read_to_string(&cli.credentials).unwrap()).unwrap();
    stored["expiresAt"] = Value::from(entente_testkit::now() - 60);
    std::fs::write(&cli.credentials, stored.to_string()).unwrap();
    let expired = cli.run(&["users", "list"]).await;
    assert_eq!(expired.code, Some(1));
    assert!(expired.stderr.contains("expired"), "{}", expired.stderr);

    // A stored token is for its own tenant only.
    cli.login().await;
    let other = cli
        .run(&["--tenant", "fabrikam.example", "users", "list"])
        .await;
    assert_eq!(other.code, Some(1));
    assert!(
        other.stderr.contains("fabrikam.example"),
        "{}",
        other.stderr
    );
    server.stop().await;
}

/// `entente login --device` against the server's device authorization endpoint: the
/// CLI prints where to go, the admin allows it in a browser, the CLI stores the token
/// and the next command uses it with the admin's permissions.
#[tokio::test]
async fn login_with_the_device_flow_then_use_the_stored_token() {
    use tokio::io::{AsyncBufReadExt, BufReader};

    let server = TestServer::start().await;
    let cli = Cli::new(&server);
    let credentials = cli.credentials.display().to_string();
    let mut child = tokio::process::Command::new(ENTENTE)
        .args([
            "login",
            "--device",
            "--server",
            &cli.server_url,
            "--tenant",
            &cli.tenant_id,
        ])
        .args(["--credentials", &credentials])
        .env_clear()
        .env("HOME", &cli.dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the CLI starts");
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut complete = None;
    while let Some(line) = lines.next_line().await.unwrap() {
        if let Some(url) = line
            .strip_prefix("(or open ")
            .and_then(|rest| rest.strip_suffix(')'))
        {
            complete = Some(url.to_owned());
            break;
        }
    }
    let complete = complete.expect("the CLI prints the verification link");
    let page = server
        .answer_device_request(
            &complete,
            entente_testkit::ADMIN_EMAIL,
            entente_testkit::ADMIN_PASSWORD,
            "allow",
        )
        .await;
    assert!(page.contains("You can return to your device"));
    let status = tokio::time::timeout(std::time::Duration::from_secs(60), child.wait())
        .await
        .expect("the CLI finishes polling")
        .unwrap();
    assert!(status.success(), "login --device exits 0");

    let listed = cli.json(&["users", "list"]).await;
    let mails: Vec<&str> = listed["value"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u["mail"].as_str())
        .collect();
    assert!(mails.contains(&entente_testkit::ADMIN_EMAIL), "{mails:?}");
    server.stop().await;
}

/// `entente bootstrap` on a fresh data directory prints the first tenant as one JSON
/// object; run again it changes nothing and says so; a weak password is refused.
/// `entente create-tenant` then adds tenants of their own beside it.
#[tokio::test]
async fn bootstrap_creates_the_first_tenant_once_and_create_tenant_adds_more() {
    let dir = std::env::temp_dir()
        .join("entente-bootstrap-it")
        .join(uuid::Uuid::new_v4().simple().to_string());
    std::fs::create_dir_all(&dir).unwrap();
    let password = dir.join("password");
    let run_command = |command: &str, password_text: &str| {
        std::fs::write(&password, password_text).unwrap();
        let output = std::process::Command::new(ENTENTE)
            .env_clear()
            .env("HOME", &dir)
            .args([
                command,
                "--tenant",
                "Fabrikam",
                "--admin-email",
                "admin@fabrikam.com",
            ])
            .arg("--admin-password-file")
            .arg(&password)
            .arg("--data-dir")
            .arg(dir.join("data"))
            .args(["--public-url", "https://id.fabrikam.example"])
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let run = |password_text: &str| run_command("bootstrap", password_text);
    let (code, _, stderr) = run("short");
    assert_eq!(code, Some(1), "a weak password is refused");
    assert!(stderr.contains("at least 8 characters"), "{stderr}");

    let (code, stdout, stderr) = run("fabrikam's long password\n");
    assert_eq!(code, Some(0), "{stderr}");
    let created: Value = serde_json::from_str(&stdout).expect("one JSON object on stdout");
    let tenant = created["tenantId"].as_str().unwrap();
    assert_eq!(
        created["issuer"],
        format!("https://id.fabrikam.example/{tenant}/v2.0")
    );
    assert!(
        created["clientId"]
            .as_str()
            .is_some_and(|id| !id.is_empty())
    );
    assert!(
        created["clientSecret"]
            .as_str()
            .is_some_and(|s| s.starts_with("ent~"))
    );
    assert!(dir.join("data/entente.db").exists() && dir.join("data/master.key").exists());

    let (code, stdout, stderr) = run("another long password");
    assert_eq!(code, Some(0));
    assert!(stdout.is_empty(), "nothing new to print: {stdout}");
    assert!(stderr.contains("already bootstrapped"), "{stderr}");

    let (code, _, stderr) = run_command("create-tenant", "short");
    assert_eq!(code, Some(1), "a weak password is refused");
    assert!(stderr.contains("at least 8 characters"), "{stderr}");
    let mut tenants = vec![tenant.to_owned()];
    let mut domains = vec![created["initialDomain"].as_str().unwrap().to_owned()];
    for _ in 0..2 {
        let (code, stdout, stderr) = run_command("create-tenant", "another long password");
        assert_eq!(code, Some(0), "{stderr}");
        let more: Value = serde_json::from_str(&stdout).expect("one JSON object on stdout");
        let id = more["tenantId"].as_str().unwrap().to_owned();
        assert_eq!(
            more["issuer"],
            format!("https://id.fabrikam.example/{id}/v2.0")
        );
        assert_ne!(more["clientId"], created["clientId"]);
        assert!(
            more["clientSecret"]
                .as_str()
                .is_some_and(|s| s.starts_with("ent~"))
        );
        tenants.push(id);
        domains.push(more["initialDomain"].as_str().unwrap().to_owned());
    }
    tenants.sort();
    tenants.dedup();
    domains.sort();
    domains.dedup();
    assert_eq!((tenants.len(), domains.len()), (3, 3), "{domains:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A CSV file of three invitations, the second one bad.
const INVITATIONS_CSV: &str = "Email,DisplayName,InviteRedirectURL\r\n\
    ann@fabrikam.com,Ann,https://apps.contoso.com\r\n\
    not-an-address,Nobody,\r\n\
    ben@northwind.example,Ben,\r\n";

/// The guests of the tenant, by mail.
async fn guest_mails(server: &TestServer) -> Vec<String> {
    let mut conn = server.services.store.read().await.unwrap();
    let mails = vec![
        "ann@fabrikam.com".to_owned(),
        "ben@northwind.example".to_owned(),
        "cy@fabrikam.com".to_owned(),
    ];
    let mut found: Vec<String> = conn
        .db()
        .users_by_mails(server.bootstrap().tenant_id, &mails)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|u| u.mail)
        .collect();
    found.sort();
    found
}

#[tokio::test]
async fn invite_from_a_csv_file_previews_confirms_and_reports_each_row() {
    let server = TestServer::start().await;
    let cli = Cli::new(&server);
    cli.login().await;
    let file = cli.file("guests.csv", INVITATIONS_CSV);

    // No terminal to ask on and no --yes: the preview is shown, nothing is invited.
    let refused = cli.run(&["invite", "--csv", &file]).await;
    assert_eq!(refused.code, Some(2), "{}", refused.stderr);
    assert!(refused.stderr.contains("--yes"), "{}", refused.stderr);
    assert!(
        refused
            .stderr
            .contains("line 3: not-an-address: invalid_email"),
        "{}",
        refused.stderr
    );
    assert!(
        refused
            .stderr
            .contains("3 row(s) read: 2 ready to invite, 1 with errors"),
        "{}",
        refused.stderr
    );
    assert!(guest_mails(&server).await.is_empty());

    let result = cli.dir.join("result.csv");
    let result_arg = result.display().to_string();
    let report = cli
        .json(&["invite", "--csv", &file, "--yes", "--result", &result_arg])
        .await;
    assert_eq!(report["status"], "completed", "{report}");
    assert_eq!(report["invitedRows"], 2);
    assert_eq!(report["errorRows"], 1);
    let rows = report["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["email"], "ann@fabrikam.com");
    assert_eq!(rows[0]["status"], "invited");
    assert_eq!(rows[1]["errors"][0]["code"], "invalid_email");
    assert_eq!(
        guest_mails(&server).await,
        ["ann@fabrikam.com", "ben@northwind.example"]
    );
    let saved = std::fs::read_to_string(&result).expect("the result file was saved");
    let lines: Vec<&str> = saved.trim_end().lines().collect();
    assert_eq!(lines.len(), 4, "a header and one line per row: {saved}");
    assert!(saved.contains("not-an-address"), "{saved}");

    // The table report, for people.
    let more = cli.file(
        "more.csv",
        "Email,DisplayName\ncy@fabrikam.com,Cy\nnope,No\n",
    );
    let table = cli
        .run(&["invite", "--csv", &more, "-y"])
        .await
        .ok("invite --csv");
    let header = table.stdout.lines().next().unwrap_or_default();
    for heading in ["LINE", "EMAIL", "STATUS", "GUEST", "DETAILS"] {
        assert!(header.contains(heading), "{}", table.stdout);
    }
    let cy = table
        .stdout
        .lines()
        .find(|l| l.contains("cy@fabrikam.com"))
        .unwrap_or_else(|| panic!("{}", table.stdout));
    assert!(cy.starts_with('2') && cy.contains("invited"), "{cy}");
    let nope = table.stdout.lines().find(|l| l.contains("nope")).unwrap();
    assert!(
        nope.contains("error") && nope.contains("invalid_email"),
        "{nope}"
    );
    assert!(
        table
            .stderr
            .contains("Invited 1 of 2 row(s); 1 row(s) with errors."),
        "{}",
        table.stderr
    );

    // A file with nothing to invite fails without confirming anything.
    let bad = cli.file("bad.csv", "Email,DisplayName\nnope,No\n");
    let run = cli.run(&["invite", "--csv", &bad, "--yes"]).await;
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was done"), "{}", run.stderr);
    server.stop().await;
}

#[tokio::test]
async fn invite_one_address_from_the_command_line() {
    let server = TestServer::start().await;
    let cli = Cli::new(&server);
    cli.login().await;
    let invited = cli
        .json(&[
            "invite",
            "dee@fabrikam.com",
            "--name",
            "Dee",
            "--redirect",
            "https://apps.contoso.com/start",
            "--language",
            "de",
            "--message",
            "Willkommen im Projekt!",
        ])
        .await;
    assert_eq!(invited["status"], "PendingAcceptance", "{invited}");
    assert_eq!(invited["invitedUserDisplayName"], "Dee");
    assert_eq!(
        invited["inviteRedirectUrl"],
        "https://apps.contoso.com/start"
    );
    // Like the portal, the command sends the email unless told not to.
    assert_eq!(invited["sendInvitationMessage"], true, "{invited}");
    assert_eq!(
        invited["invitedUserMessageInfo"]["messageLanguage"], "de",
        "{invited}"
    );
    assert_eq!(
        invited["invitedUserMessageInfo"]["customizedMessageBody"],
        "Willkommen im Projekt!"
    );
    let quiet = cli.json(&["invite", "fay@fabrikam.com", "--no-send"]).await;
    assert_eq!(quiet["sendInvitationMessage"], false, "{quiet}");
    let table = cli
        .run(&["invite", "dee@fabrikam.com", "--send"])
        .await
        .ok("invite EMAIL");
    assert!(
        table.stdout.contains("PendingAcceptance"),
        "{}",
        table.stdout
    );
    assert!(table.stdout.contains("/redeem/"), "{}", table.stdout);
    assert!(
        table
            .stdout
            .contains(invited["invitedUser"]["id"].as_str().unwrap()),
        "the same guest: {}",
        table.stdout
    );

    let refused = cli.run(&["invite", "eve@gmail.com"]).await;
    assert_eq!(refused.code, Some(1));
    assert!(refused.stderr.contains("consumer"), "{}", refused.stderr);
    let usage = cli.run(&["invite", "--yes"]).await;
    assert_eq!(usage.code, Some(2), "{}", usage.stderr);
    server.stop().await;
}

#[tokio::test]
async fn certificates_are_added_and_removed_from_the_command_line() {
    let server = TestServer::start().await;
    let cli = Cli::new(&server);
    cli.login().await;
    let app = cli
        .json(&["apps", "create", "--display-name", "Nightly export"])
        .await;
    let app_id = str_of(&app, "id").to_owned();
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let mut params = rcgen::CertificateParams::new(vec!["export.example".into()]).unwrap();
    let now = time::OffsetDateTime::now_utc();
    (params.not_before, params.not_after) = (now, now + time::Duration::days(90));
    let cert = params.self_signed(&key).unwrap();
    let thumbprint: String =
        aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY, cert.der())
            .as_ref()
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect();
    let file = cli.file("export.pem", &cert.pem());

    let added = cli
        .run(&[
            "apps",
            "add-certificate",
            &app_id,
            "--file",
            &file,
            "--display-name",
            "export 2026",
        ])
        .await
        .ok("apps add-certificate");
    assert!(added.stdout.contains(&thumbprint), "{}", added.stdout);
    assert!(added.stdout.contains("export 2026"), "{}", added.stdout);
    // A second one keeps the first.
    let second = cli.file("second.pem", &{
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        params.self_signed(&key).unwrap().pem()
    });
    let both = cli
        .json(&["apps", "add-certificate", &app_id, "--file", &second])
        .await;
    let keys = both["keyCredentials"].as_array().unwrap();
    assert_eq!(keys.len(), 2, "{both}");
    let first_id = keys
        .iter()
        .find(|k| k["displayName"] == "export 2026")
        .and_then(|k| k["keyId"].as_str())
        .unwrap()
        .to_owned();
    cli.run(&["apps", "remove-certificate", &app_id, &first_id])
        .await
        .ok("apps remove-certificate");
    let after = cli.run(&["apps", "get", &app_id]).await.ok("apps get");
    assert!(!after.stdout.contains(&thumbprint), "{}", after.stdout);
    assert!(
        after.stdout.contains("CERTIFICATE KEY ID"),
        "{}",
        after.stdout
    );
    // An unknown key id, and a file that is no certificate, fail with the reason.
    let unknown = cli
        .run(&["apps", "remove-certificate", &app_id, &first_id])
        .await;
    assert!(
        unknown.stderr.contains("no certificate with key id"),
        "{}",
        unknown.stderr
    );
    let junk = cli.file("junk.pem", "hello");
    let refused = cli
        .run(&["apps", "add-certificate", &app_id, "--file", &junk])
        .await;
    assert!(
        refused.stderr.contains("not an X.509 certificate"),
        "{}",
        refused.stderr
    );
    server.stop().await;
}

#[tokio::test]
async fn the_cli_says_why_the_last_administrator_cannot_be_blocked() {
    let server = TestServer::start().await;
    let cli = Cli::new(&server);
    cli.login().await;
    let admin = server.bootstrap().admin_user_id.to_string();
    for command in ["disable", "delete"] {
        let refused = cli.run(&["users", command, &admin]).await;
        assert!(
            refused.stderr.contains("last Global Administrator"),
            "{command}: {}",
            refused.stderr
        );
    }
    let shown = cli.json(&["users", "get", &admin]).await;
    assert_eq!(shown["accountEnabled"], true);
    server.stop().await;
}
