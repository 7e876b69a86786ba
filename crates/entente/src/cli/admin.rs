//! The directory commands: `tenant`, `users`, `groups`, `apps`, `assignments` and
//! `audit`. Each is one or two API calls and a choice of what to print.
//!
//! With `--output json` a command prints the API's JSON as it came (a collection
//! fetched with `--all` is printed as one `{"value": [...]}`), so scripts see the
//! same shapes as the API documentation. Tables show the few columns an admin reads
//! daily. Commands that change something and get no body back (update, delete,
//! membership) either read the object again to show the result, or print a one-line
//! confirmation in table mode and nothing in JSON mode. No rule about what is
//! allowed lives here: the server decides, and its refusal is the command's error.

use anyhow::Context;
use serde_json::{Value, json};

use super::client::{ApiClient, Paging, get_public, segment};
use super::session::{Session, print_json, read_secret_file};
use super::table::{Table, fields};
use super::{
    AppsCommand, AssignmentsCommand, GroupsCommand, MembersCommand, Output, PageArgs,
    ServicePrincipalsCommand, SponsorsCommand, UsageError, UsersCommand,
};

/// What the CLI says after a delete: nothing is lost yet (issue 19).
const IN_DELETED_ITEMS: &str = "it stays 30 days in the portal's Deleted items, from where \
     an administrator restores it (Graph: POST /v1.0/directory/deletedItems/{id}/restore).";

/// The app role id of "default access", which every application has.
const DEFAULT_ACCESS_ROLE: &str = "00000000-0000-0000-0000-000000000000";

pub async fn tenant_show(session: &Session) -> anyhow::Result<()> {
    let (server, tenant) = session.server_and_tenant()?;
    let url = format!(
        "{server}/{}/v2.0/.well-known/openid-configuration",
        segment(&tenant)
    );
    let document = get_public(&session.http, &url).await?;
    show(session.output, &document, |d| {
        let issuer = text(d, &["issuer"]);
        fields(&[
            (
                "Tenant id",
                tenant_id_of_issuer(&issuer).unwrap_or_default(),
            ),
            ("Issuer", issuer),
            (
                "Authorization endpoint",
                text(d, &["authorization_endpoint"]),
            ),
            ("Token endpoint", text(d, &["token_endpoint"])),
            ("Keys (JWKS)", text(d, &["jwks_uri"])),
        ])
    })
}

pub async fn users(session: &Session, command: UsersCommand) -> anyhow::Result<()> {
    let api = session.api().await?;
    let output = session.output;
    match command {
        UsersCommand::List { filter, page } => {
            let list = api.list("/v1.0/users", &paging(filter, page)).await?;
            show_list(
                output,
                &list,
                &[
                    "id",
                    "display name",
                    "user principal name",
                    "type",
                    "enabled",
                ],
                |u| {
                    vec![
                        text(u, &["id"]),
                        text(u, &["displayName"]),
                        text(u, &["userPrincipalName"]),
                        text(u, &["userType"]),
                        text(u, &["accountEnabled"]),
                    ]
                },
            )
        }
        UsersCommand::Get { id } => {
            let user = api.get(&user_path(&id)).await?;
            show(output, &user, user_fields)
        }
        UsersCommand::Create {
            display_name,
            upn,
            mail,
            password_file,
        } => {
            let mut body = json!({
                "displayName": display_name,
                "userPrincipalName": upn,
                "accountEnabled": true,
            });
            if let Some(mail) = mail {
                body["mail"] = Value::String(mail);
            }
            if let Some(file) = password_file {
                body["passwordProfile"] = json!({ "password": read_secret_file(&file)? });
            }
            let user = api.post("/v1.0/users", body).await?;
            show(output, &user, user_fields)
        }
        UsersCommand::Update {
            id,
            display_name,
            enabled,
        } => {
            let mut body = json!({});
            if let Some(name) = display_name {
                body["displayName"] = Value::String(name);
            }
            if let Some(enabled) = enabled {
                body["accountEnabled"] = Value::Bool(enabled);
            }
            update_user(&api, output, &id, body).await
        }
        UsersCommand::Disable { id } => {
            update_user(&api, output, &id, json!({ "accountEnabled": false })).await
        }
        UsersCommand::Delete { id } => {
            api.delete(&user_path(&id)).await?;
            confirm(output, &format!("Deleted user {id}: {IN_DELETED_ITEMS}"));
            Ok(())
        }
        UsersCommand::Sponsors { command } => sponsors(&api, output, command).await,
    }
}

async fn sponsors(api: &ApiClient, output: Output, command: SponsorsCommand) -> anyhow::Result<()> {
    match command {
        SponsorsCommand::List { user } => {
            let path = format!("{}/sponsors", user_path(&user));
            let all = PageArgs {
                top: None,
                all: true,
            };
            let list = api.list(&path, &paging(None, all)).await?;
            show_list(
                output,
                &list,
                &["id", "display name", "type", "mail"],
                |s| {
                    let kind = text(s, &["@odata.type"]);
                    vec![
                        text(s, &["id"]),
                        text(s, &["displayName"]),
                        kind.trim_start_matches("#microsoft.graph.").to_owned(),
                        text(s, &["mail"]),
                    ]
                },
            )
        }
        SponsorsCommand::Add { user, sponsor } => {
            let path = format!("{}/sponsors/$ref", user_path(&user));
            let reference = api.url(&format!("/v1.0/directoryObjects/{}", segment(&sponsor)));
            api.post(&path, json!({ "@odata.id": reference })).await?;
            confirm(output, &format!("{sponsor} now sponsors user {user}."));
            Ok(())
        }
        SponsorsCommand::Remove { user, sponsor } => {
            let path = format!("{}/sponsors/{}/$ref", user_path(&user), segment(&sponsor));
            api.delete(&path).await?;
            confirm(
                output,
                &format!("{sponsor} no longer sponsors user {user}."),
            );
            Ok(())
        }
    }
}

pub async fn groups(session: &Session, command: GroupsCommand) -> anyhow::Result<()> {
    let api = session.api().await?;
    let output = session.output;
    match command {
        GroupsCommand::List { filter, page } => {
            let list = api.list("/v1.0/groups", &paging(filter, page)).await?;
            show_list(output, &list, &["id", "display name", "description"], |g| {
                vec![
                    text(g, &["id"]),
                    text(g, &["displayName"]),
                    text(g, &["description"]),
                ]
            })
        }
        GroupsCommand::Get { id } => {
            let group = api.get(&group_path(&id)).await?;
            show(output, &group, group_fields)
        }
        GroupsCommand::Create {
            display_name,
            description,
        } => {
            // Graph requires the three kind properties; Entente's groups are security
            // groups, and saying so keeps the body valid for Graph itself too.
            let mut body = json!({
                "displayName": display_name,
                "mailEnabled": false,
                "securityEnabled": true,
            });
            if let Some(description) = description {
                body["description"] = Value::String(description);
            }
            let group = api.post("/v1.0/groups", body).await?;
            show(output, &group, group_fields)
        }
        GroupsCommand::Delete { id } => {
            api.delete(&group_path(&id)).await?;
            confirm(output, &format!("Deleted group {id}: {IN_DELETED_ITEMS}"));
            Ok(())
        }
        GroupsCommand::Members { command } => members(&api, output, command).await,
    }
}

async fn members(api: &ApiClient, output: Output, command: MembersCommand) -> anyhow::Result<()> {
    match command {
        MembersCommand::List { group, page } => {
            let path = format!("{}/members", group_path(&group));
            let list = api.list(&path, &paging(None, page)).await?;
            show_list(
                output,
                &list,
                &["id", "display name", "user principal name", "enabled"],
                |u| {
                    vec![
                        text(u, &["id"]),
                        text(u, &["displayName"]),
                        text(u, &["userPrincipalName"]),
                        text(u, &["accountEnabled"]),
                    ]
                },
            )
        }
        MembersCommand::Add { group, user } => {
            let path = format!("{}/members/$ref", group_path(&group));
            let reference = api.url(&format!("/v1.0/directoryObjects/{}", segment(&user)));
            api.post(&path, json!({ "@odata.id": reference })).await?;
            confirm(output, &format!("Added user {user} to group {group}."));
            Ok(())
        }
        MembersCommand::Remove { group, user } => {
            let path = format!("{}/members/{}/$ref", group_path(&group), segment(&user));
            api.delete(&path).await?;
            confirm(output, &format!("Removed user {user} from group {group}."));
            Ok(())
        }
    }
}

pub async fn apps(session: &Session, command: AppsCommand) -> anyhow::Result<()> {
    let api = session.api().await?;
    let output = session.output;
    match command {
        AppsCommand::List { page } => {
            let list = api.list("/v1.0/applications", &paging(None, page)).await?;
            show_list(
                output,
                &list,
                &["id", "app id", "display name", "client", "secrets"],
                |a| {
                    vec![
                        text(a, &["id"]),
                        text(a, &["appId"]),
                        text(a, &["displayName"]),
                        client_kind(a).to_owned(),
                        array(a, &["passwordCredentials"]).len().to_string(),
                    ]
                },
            )
        }
        AppsCommand::Get { id } => {
            let app = api.get(&app_path(&id)).await?;
            show(output, &app, app_details)
        }
        AppsCommand::Create {
            display_name,
            redirect_uris,
            public,
            multiple_orgs,
        } => {
            let audience = match multiple_orgs {
                true => "AzureADMultipleOrgs",
                false => "AzureADMyOrg",
            };
            let body = if public {
                json!({
                    "displayName": display_name,
                    "isFallbackPublicClient": true,
                    "publicClient": { "redirectUris": redirect_uris },
                    "signInAudience": audience,
                })
            } else {
                json!({
                    "displayName": display_name,
                    "isFallbackPublicClient": false,
                    "web": { "redirectUris": redirect_uris },
                    "signInAudience": audience,
                })
            };
            let app = api.post("/v1.0/applications", body).await?;
            show(output, &app, app_details)
        }
        AppsCommand::Delete { id } => {
            api.delete(&app_path(&id)).await?;
            confirm(
                output,
                &format!("Deleted application {id}: {IN_DELETED_ITEMS}"),
            );
            Ok(())
        }
        AppsCommand::AddSecret { app, display_name } => {
            let path = format!("{}/addPassword", app_path(&app));
            let body = json!({ "passwordCredential": { "displayName": display_name } });
            let secret = api.post(&path, body).await?;
            if output == Output::Table {
                eprintln!("Copy the secret now: it cannot be shown again.");
            }
            show(output, &secret, |s| {
                fields(&[
                    ("Key id", text(s, &["keyId"])),
                    ("Name", text(s, &["displayName"])),
                    ("Expires", text(s, &["endDateTime"])),
                    ("Secret", text(s, &["secretText"])),
                ])
            })
        }
        AppsCommand::AddCertificate {
            app,
            file,
            display_name,
        } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let mut keys = kept_certificates(&api.get(&app_path(&app)).await?, None);
            keys.push(json!({
                "type": "AsymmetricX509Cert", "usage": "Verify",
                "key": base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &bytes),
                "displayName": display_name,
            }));
            api.patch(&app_path(&app), json!({ "keyCredentials": keys }))
                .await?;
            let app = api.get(&app_path(&app)).await?;
            show(output, &app, app_details)
        }
        AppsCommand::RemoveCertificate { app, key_id } => {
            let current = api.get(&app_path(&app)).await?;
            let keys = kept_certificates(&current, Some(&key_id));
            if keys.len() == array(&current, &["keyCredentials"]).len() {
                return Err(UsageError(format!(
                    "application {app} has no certificate with key id {key_id}"
                ))
                .into());
            }
            api.patch(&app_path(&app), json!({ "keyCredentials": keys }))
                .await?;
            confirm(
                output,
                &format!("Removed certificate {key_id} of application {app}."),
            );
            Ok(())
        }
        AppsCommand::RemoveSecret { app, key_id } => {
            let path = format!("{}/removePassword", app_path(&app));
            api.post(&path, json!({ "keyId": key_id })).await?;
            confirm(
                output,
                &format!("Removed secret {key_id} of application {app}."),
            );
            Ok(())
        }
    }
}

pub async fn service_principals(
    session: &Session,
    command: ServicePrincipalsCommand,
) -> anyhow::Result<()> {
    let api = session.api().await?;
    let output = session.output;
    match command {
        ServicePrincipalsCommand::List { page } => {
            let list = api
                .list("/v1.0/servicePrincipals", &paging(None, page))
                .await?;
            show_list(
                output,
                &list,
                &[
                    "id",
                    "app id",
                    "display name",
                    "publisher",
                    "assignment required",
                ],
                |p| {
                    vec![
                        text(p, &["id"]),
                        text(p, &["appId"]),
                        text(p, &["displayName"]),
                        text(p, &["publisherName"]),
                        text(p, &["appRoleAssignmentRequired"]),
                    ]
                },
            )
        }
        ServicePrincipalsCommand::Get { id } => {
            let principal = api
                .get(&format!("/v1.0/servicePrincipals/{}", segment(&id)))
                .await?;
            show(output, &principal, principal_details)
        }
        ServicePrincipalsCommand::Add { app_id } => {
            let principal = api
                .post("/v1.0/servicePrincipals", json!({ "appId": app_id }))
                .await?;
            show(output, &principal, principal_details)
        }
        ServicePrincipalsCommand::Remove { id } => {
            api.delete(&format!("/v1.0/servicePrincipals/{}", segment(&id)))
                .await?;
            confirm(
                output,
                &format!("Removed service principal {id}: the application's access here ended."),
            );
            Ok(())
        }
    }
}

fn principal_details(p: &Value) -> String {
    fields(&[
        ("Id", text(p, &["id"])),
        ("App id", text(p, &["appId"])),
        ("Display name", text(p, &["displayName"])),
        ("Publisher", text(p, &["publisherName"])),
        ("Publisher tenant", text(p, &["appOwnerOrganizationId"])),
        (
            "Assignment required",
            text(p, &["appRoleAssignmentRequired"]),
        ),
        (
            "Roles",
            join(array(p, &["appRoles"]).iter().map(|r| text(r, &["value"]))),
        ),
    ])
}

pub async fn assignments(session: &Session, command: AssignmentsCommand) -> anyhow::Result<()> {
    let api = session.api().await?;
    let output = session.output;
    match command {
        AssignmentsCommand::List { user } => {
            let path = format!("{}/appRoleAssignments", user_path(&user));
            let list = api.list(&path, &Paging::default()).await?;
            show_list(
                output,
                &list,
                &["id", "application", "app object id", "role id", "created"],
                |a| {
                    vec![
                        text(a, &["id"]),
                        text(a, &["resourceDisplayName"]),
                        text(a, &["resourceId"]),
                        text(a, &["appRoleId"]),
                        text(a, &["createdDateTime"]),
                    ]
                },
            )
        }
        AssignmentsCommand::Add { user, app, role } => {
            let path = format!("{}/appRoleAssignments", user_path(&user));
            let body = json!({
                "principalId": user,
                "resourceId": app,
                "appRoleId": role.as_deref().unwrap_or(DEFAULT_ACCESS_ROLE),
            });
            let made = api.post(&path, body).await?;
            show(output, &made, |a| {
                fields(&[
                    ("Id", text(a, &["id"])),
                    ("User", text(a, &["principalDisplayName"])),
                    ("Application", text(a, &["resourceDisplayName"])),
                    ("Role id", text(a, &["appRoleId"])),
                    ("Created", text(a, &["createdDateTime"])),
                ])
            })
        }
        AssignmentsCommand::Remove {
            user,
            assignment_id,
        } => {
            let path = format!(
                "{}/appRoleAssignments/{}",
                user_path(&user),
                segment(&assignment_id)
            );
            api.delete(&path).await?;
            confirm(
                output,
                &format!("Removed assignment {assignment_id} of user {user}."),
            );
            Ok(())
        }
    }
}

pub async fn audit(session: &Session, page: PageArgs) -> anyhow::Result<()> {
    let api = session.api().await?;
    let path = "/v1.0/auditLogs/directoryAudits";
    let list = api.list(path, &paging(None, page)).await?;
    show_list(
        session.output,
        &list,
        &[
            "time",
            "activity",
            "target",
            "name",
            "target id",
            "initiated by",
        ],
        |e| {
            let target = e
                .get("targetResources")
                .and_then(|t| t.get(0))
                .unwrap_or(&Value::Null);
            vec![
                text(e, &["activityDateTime"]),
                text(e, &["activityDisplayName"]),
                text(target, &["type"]),
                // The name the object had when the entry was written.
                text(target, &["displayName"]),
                text(target, &["id"]),
                initiator(e),
            ]
        },
    )
}

async fn update_user(api: &ApiClient, output: Output, id: &str, body: Value) -> anyhow::Result<()> {
    api.patch(&user_path(id), body).await?;
    // The API answers 204 with no body; read the user back so the change shows.
    let user = api.get(&user_path(id)).await?;
    show(output, &user, user_fields)
}

fn user_path(id: &str) -> String {
    format!("/v1.0/users/{}", segment(id))
}

fn group_path(id: &str) -> String {
    format!("/v1.0/groups/{}", segment(id))
}

fn app_path(id: &str) -> String {
    format!("/v1.0/applications/{}", segment(id))
}

pub(super) fn paging(filter: Option<String>, page: PageArgs) -> Paging {
    Paging {
        top: page.top,
        filter,
        all: page.all,
    }
}

fn user_fields(u: &Value) -> String {
    let mut pairs = vec![
        ("Id", text(u, &["id"])),
        ("Display name", text(u, &["displayName"])),
        ("User principal name", text(u, &["userPrincipalName"])),
        ("Mail", text(u, &["mail"])),
        ("Type", text(u, &["userType"])),
        ("Enabled", text(u, &["accountEnabled"])),
        ("Created", text(u, &["createdDateTime"])),
    ];
    let state = text(u, &["externalUserState"]);
    if !state.is_empty() {
        pairs.push(("Invitation", state));
    }
    fields(&pairs)
}

fn group_fields(g: &Value) -> String {
    fields(&[
        ("Id", text(g, &["id"])),
        ("Display name", text(g, &["displayName"])),
        ("Description", text(g, &["description"])),
        ("Created", text(g, &["createdDateTime"])),
    ])
}

/// An application's properties, then its secrets (hints only) as a table.
fn app_details(a: &Value) -> String {
    let public = client_kind(a) == "public";
    let uris = array(
        a,
        &[if public { "publicClient" } else { "web" }, "redirectUris"],
    );
    let roles = array(a, &["appRoles"]);
    let mut out = fields(&[
        ("Id", text(a, &["id"])),
        ("App (client) id", text(a, &["appId"])),
        ("Display name", text(a, &["displayName"])),
        ("Client", client_kind(a).to_owned()),
        ("Audience", text(a, &["signInAudience"])),
        ("Redirect URIs", join(uris.iter().map(|u| text(u, &[])))),
        ("Home page", text(a, &["web", "homePageUrl"])),
        ("App roles", join(roles.iter().map(|r| text(r, &["value"])))),
        ("Created", text(a, &["createdDateTime"])),
    ]);
    let secrets = array(a, &["passwordCredentials"]);
    if !secrets.is_empty() {
        let mut table = Table::new(&["secret key id", "name", "hint", "expires"]);
        for s in secrets {
            table.row(vec![
                text(s, &["keyId"]),
                text(s, &["displayName"]),
                text(s, &["hint"]),
                text(s, &["endDateTime"]),
            ]);
        }
        out.push('\n');
        out.push_str(&table.render());
    }
    let certificates = array(a, &["keyCredentials"]);
    if !certificates.is_empty() {
        let mut table = Table::new(&["certificate key id", "name", "thumbprint", "expires"]);
        for c in certificates {
            table.row(vec![
                text(c, &["keyId"]),
                text(c, &["displayName"]),
                thumbprint_hex(&text(c, &["customKeyIdentifier"])),
                text(c, &["endDateTime"]),
            ]);
        }
        out.push('\n');
        out.push_str(&table.render());
    }
    out
}

/// A certificate's `customKeyIdentifier` (base64; the SHA-1 thumbprint unless set
/// otherwise) in hex, as certificate tools and Entra's portal show thumbprints.
fn thumbprint_hex(custom: &str) -> String {
    use base64::Engine;
    match base64::engine::general_purpose::STANDARD.decode(custom) {
        Ok(bytes) => bytes.iter().map(|b| format!("{b:02X}")).collect(),
        Err(_) => custom.to_owned(),
    }
}

/// An application's certificates as a PATCH keeps them (by key id), but `except`.
fn kept_certificates(app: &Value, except: Option<&str>) -> Vec<Value> {
    array(app, &["keyCredentials"])
        .iter()
        .map(|k| text(k, &["keyId"]))
        .filter(|id| except.is_none_or(|gone| !gone.eq_ignore_ascii_case(id)))
        .map(|id| json!({ "keyId": id }))
        .collect()
}

fn client_kind(a: &Value) -> &'static str {
    if a.get("isFallbackPublicClient").and_then(Value::as_bool) == Some(true) {
        "public"
    } else {
        "confidential"
    }
}

/// Who did it, from a `directoryAudit`'s `initiatedBy`.
fn initiator(entry: &Value) -> String {
    let by = entry.get("initiatedBy").unwrap_or(&Value::Null);
    let user = text(by, &["user", "id"]);
    let app = text(by, &["app", "servicePrincipalId"]);
    // By name when the entry kept one (entries from before names were kept have none).
    for kind in ["user", "app"] {
        let name = text(by, &[kind, "displayName"]);
        if !name.is_empty() {
            return name;
        }
    }
    match (user.is_empty(), app.is_empty()) {
        (false, _) => format!("user {user}"),
        (true, false) => format!("app {app}"),
        (true, true) => "system".to_owned(),
    }
}

/// Prints one object: its JSON, or what `render` makes of it.
pub(super) fn show(
    output: Output,
    value: &Value,
    render: impl FnOnce(&Value) -> String,
) -> anyhow::Result<()> {
    match output {
        Output::Json => print_json(value),
        Output::Table => {
            print!("{}", render(value));
            Ok(())
        }
    }
}

/// Prints a collection: its JSON, or a table with a row per item. When more pages
/// follow, a table says how to see them (on stderr, so it never mixes with rows).
pub(super) fn show_list(
    output: Output,
    list: &Value,
    headings: &[&str],
    row: impl Fn(&Value) -> Vec<String>,
) -> anyhow::Result<()> {
    if output == Output::Json {
        return print_json(list);
    }
    let mut table = Table::new(headings);
    for item in array(list, &["value"]) {
        table.row(row(item));
    }
    print!("{}", table.render());
    if list.get("@odata.nextLink").is_some() {
        eprintln!("More results follow: add --all to fetch every page.");
    }
    Ok(())
}

/// A confirmation for people; JSON mode prints nothing, as the API answered nothing.
pub(super) fn confirm(output: Output, message: &str) {
    if output == Output::Table {
        println!("{message}");
    }
}

/// The value at `path` as table text: strings as they are, `null` and missing as
/// empty, anything else as JSON.
pub(super) fn text(value: &Value, path: &[&str]) -> String {
    match path.iter().try_fold(value, |v, key| v.get(key)) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

pub(super) fn array<'a>(value: &'a Value, path: &[&str]) -> &'a [Value] {
    path.iter()
        .try_fold(value, |v, key| v.get(key))
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

/// The tenant id in an issuer `{public-url}/{tenant-id}/v2.0`.
fn tenant_id_of_issuer(issuer: &str) -> Option<String> {
    let rest = issuer.trim_end_matches('/').strip_suffix("/v2.0")?;
    rest.rsplit('/').next().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_reads_nested_values_and_blanks_what_is_missing() {
        let v = json!({ "a": { "b": "x", "n": 3, "t": true, "z": null } });
        assert_eq!(text(&v, &["a", "b"]), "x");
        assert_eq!(text(&v, &["a", "n"]), "3");
        assert_eq!(text(&v, &["a", "t"]), "true");
        assert_eq!(text(&v, &["a", "z"]), "");
        assert_eq!(text(&v, &["missing", "b"]), "");
    }

    #[test]
    fn an_application_shows_its_kind_uris_and_secret_hints_never_a_secret() {
        let app = json!({
            "id": "o1", "appId": "c1", "displayName": "Payroll",
            "isFallbackPublicClient": false,
            "publicClient": { "redirectUris": [] },
            "web": { "redirectUris": ["https://a.example/cb", "https://b.example/cb"], "homePageUrl": null },
            "appRoles": [{ "value": "Admin" }],
            "passwordCredentials": [{ "keyId": "k1", "displayName": "ci", "hint": "abc", "endDateTime": "2027-01-01T00:00:00Z" }],
        });
        let out = app_details(&app);
        assert!(out.contains("Client:           confidential"), "{out}");
        assert!(
            out.contains("https://a.example/cb, https://b.example/cb"),
            "{out}"
        );
        assert!(out.contains("App roles:        Admin"), "{out}");
        assert!(
            out.lines().any(|l| l.trim_end() == "Audience:"),
            "no audience given: {out}"
        );
        assert!(out.contains("SECRET KEY ID  NAME  HINT  EXPIRES"), "{out}");
        assert!(
            out.contains("k1             ci    abc   2027-01-01T00:00:00Z"),
            "{out}"
        );
    }

    #[test]
    fn the_initiator_is_a_user_an_app_or_the_system() {
        let by_app =
            json!({ "initiatedBy": { "user": null, "app": { "servicePrincipalId": "a1" } } });
        assert_eq!(initiator(&by_app), "app a1");
        let by_user = json!({ "initiatedBy": { "user": { "id": "u1" }, "app": null } });
        assert_eq!(initiator(&by_user), "user u1");
        assert_eq!(initiator(&json!({})), "system");
    }

    #[test]
    fn the_tenant_id_is_the_issuer_segment_before_v2() {
        assert_eq!(
            tenant_id_of_issuer("http://127.0.0.1:8080/3f2a/v2.0").as_deref(),
            Some("3f2a")
        );
        assert_eq!(tenant_id_of_issuer("https://other.example/"), None);
    }
}
