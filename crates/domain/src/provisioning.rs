//! SCIM provisioning connections and the provisioning log (issue 23, decision 0017).
//!
//! Entra ID's and Okta's provisioning forms take a base URL and a long-lived "secret
//! token" rather than running a client credentials grant. A connection is that
//! token: 256 random bits shown once, stored as a keyed hash (as client secrets are),
//! acting as an application registered with the connection (the audit log's actor).
//! A partner's connection is limited to that partner's people, as guests, in its
//! domains (see `scim`).
//!
//! The provisioning log records what each SCIM request changed, or why it failed,
//! beside the audit log (which records each change in the change's own transaction).

use entente_model::{Actor, AppId, Application, TenantId, UnixTime};
use entente_storage::{ConnectionRecord, LogPosition, ProvisioningEntry};
use serde_json::json;
use uuid::Uuid;

use crate::access::{AuditReadAccess, ProvisioningAccess, TenantAdmin, WriteAccess};
use crate::crypto::new_token;
use crate::directory::{audit, required_name};
use crate::{DomainError, Services};

/// How long a connection's token works (a year; a new one can be made any time).
pub const TOKEN_LIFETIME: i64 = 365 * 24 * 3600;

/// How long provisioning log entries are kept (as Entra ID keeps its provisioning
/// logs).
pub const LOG_RETENTION: i64 = 30 * 24 * 3600;

/// The prefix of a connection's token, which tells it from an access token.
pub const TOKEN_PREFIX: &str = "scim~";

/// A connection to make: its name, and the partner it is limited to, if any (another
/// organization of this deployment, by id or by one of its domains).
#[derive(Clone, Debug)]
pub struct NewConnection {
    pub display_name: String,
    pub partner: Option<String>,
}

/// A connection with its partner's name.
#[derive(Clone, Debug)]
pub struct ConnectionView {
    pub connection: ConnectionRecord,
    pub partner_name: Option<String>,
}

/// A new token, shown this once.
#[derive(Clone, Debug)]
pub struct IssuedToken {
    pub connection: ConnectionRecord,
    pub token: String,
}

fn mint(services: &Services) -> (String, String, String) {
    let token = format!("{TOKEN_PREFIX}{}", new_token(services.entropy.as_ref()));
    let hash = services.master.client_secret_hash(&token);
    let hint: String = token.chars().take(9).collect();
    (token, hash, hint)
}

fn writer(admin: &TenantAdmin) -> WriteAccess {
    WriteAccess {
        tenant: admin.tenant,
        actor: admin.actor.clone(),
    }
}

/// Makes a connection: its application and its token, in one transaction, audited.
/// A partner must be another organization of this deployment.
pub async fn create_connection(
    services: &Services,
    admin: &TenantAdmin,
    request: NewConnection,
    now: UnixTime,
) -> Result<IssuedToken, DomainError> {
    let display_name = required_name(&request.display_name, "displayName")?;
    let mut tx = services.store.write().await?;
    let partner = match request
        .partner
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        Some(entry) => Some(partner_tenant(&mut tx.db(), admin.tenant, entry).await?),
        None => None,
    };
    let application = Application {
        id: AppId::new_id(),
        tenant_id: admin.tenant,
        client_id: Uuid::new_v4().to_string(),
        display_name: display_name.clone(),
        public_client: false,
        redirect_uris: Vec::new(),
        home_page_url: None,
        logo_url: None,
        app_roles: Vec::new(),
        jwks: None,
        created_at: now,
        assignment_required: false,
        multiple_orgs: false,
    };
    tx.db().insert_application(&application).await?;
    let (token, hash, hint) = mint(services);
    let connection = ConnectionRecord {
        id: Uuid::now_v7(),
        tenant_id: admin.tenant,
        application_id: application.id,
        display_name,
        partner_tenant_id: partner,
        token_hint: hint,
        created_at: now,
        expires_at: now + TOKEN_LIFETIME,
        last_used_at: None,
    };
    tx.db().insert_connection(&connection, &hash).await?;
    let details = json!({
        "displayName": connection.display_name, "appId": application.client_id,
        "partnerTenantId": connection.partner_tenant_id.map(|t| t.to_string()),
        "connectionId": connection.id.to_string(),
    });
    let access = writer(admin);
    audit(
        &mut tx,
        &access,
        now,
        "Add provisioning connection",
        "Application",
        application.id,
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(IssuedToken { connection, token })
}

/// The organization of this deployment an entry names (its id, or one of its
/// domains); never the tenant itself.
async fn partner_tenant(
    db: &mut entente_storage::Db<'_>,
    tenant: TenantId,
    entry: &str,
) -> Result<TenantId, DomainError> {
    use crate::fields::{Fault, Rule};
    let found = match entry.parse::<Uuid>() {
        Ok(id) => db.tenant_by_id(TenantId(id)).await?,
        Err(_) => match crate::address::canonical_domain(entry.trim_end_matches('.')) {
            Some(domain) => db.tenant_by_domain(&domain).await?,
            None => None,
        },
    };
    match found {
        Some(partner) if partner.id == tenant => Err(Fault::error(
            "partner",
            Rule::OwnOrganization,
            "a partner's connection is for another organization; leave it empty for your own",
        )),
        Some(partner) => Ok(partner.id),
        None => Err(Fault::error(
            "partner",
            Rule::UnknownPartner {
                entry: entry.to_owned(),
            },
            format!("{entry} names no organization of this deployment"),
        )),
    }
}

/// Replaces a connection's token: the old one stops working at once.
pub async fn new_connection_token(
    services: &Services,
    admin: &TenantAdmin,
    id: Uuid,
    now: UnixTime,
) -> Result<IssuedToken, DomainError> {
    let (token, hash, hint) = mint(services);
    let mut tx = services.store.write().await?;
    let expires_at = now + TOKEN_LIFETIME;
    if !tx
        .db()
        .set_connection_token(admin.tenant, id, &hash, &hint, expires_at)
        .await?
    {
        return Err(DomainError::NotFound);
    }
    let connection = tx
        .db()
        .connection_by_id(admin.tenant, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let details = json!({ "connectionId": id.to_string(), "tokenHint": connection.token_hint });
    let access = writer(admin);
    audit(
        &mut tx,
        &access,
        now,
        "New provisioning connection token",
        "Application",
        connection.application_id,
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(IssuedToken { connection, token })
}

/// Deletes a connection: its token stops working at once. Its application stays (the
/// audit log names it); an administrator may delete it as any other.
pub async fn delete_connection(
    services: &Services,
    admin: &TenantAdmin,
    id: Uuid,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    let connection = tx
        .db()
        .connection_by_id(admin.tenant, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    tx.db().delete_connection(admin.tenant, id).await?;
    let details = json!({ "connectionId": id.to_string(), "displayName": connection.display_name });
    let access = writer(admin);
    audit(
        &mut tx,
        &access,
        now,
        "Delete provisioning connection",
        "Application",
        connection.application_id,
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The tenant's connections, oldest first, with their partners' names.
pub async fn list_connections(
    services: &Services,
    admin: &TenantAdmin,
) -> Result<Vec<ConnectionView>, DomainError> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let mut views = Vec::new();
    for connection in db.connections(admin.tenant).await? {
        let partner_name = match connection.partner_tenant_id {
            Some(partner) => db.tenant_by_id(partner).await?.map(|t| t.display_name),
            None => None,
        };
        views.push(ConnectionView {
            connection,
            partner_name,
        });
    }
    Ok(views)
}

/// The access a connection's token gives: its tenant, its application, and its
/// partner. An unknown or expired token, or one whose application was deleted, is
/// refused as invalid (401).
pub async fn authenticate(
    services: &Services,
    token: &str,
    now: UnixTime,
) -> Result<ProvisioningAccess, DomainError> {
    let refused = || DomainError::invalid("The provisioning token is not valid.");
    let hash = services.master.client_secret_hash(token);
    let connection = {
        let mut conn = services.store.read().await?;
        let mut db = conn.db();
        let Some(connection) = db.connection_by_token(&hash).await? else {
            return Err(refused());
        };
        if connection.expires_at <= now
            || db
                .application_by_id(connection.tenant_id, connection.application_id)
                .await?
                .is_none()
        {
            return Err(refused());
        }
        connection
    };
    if connection.last_used_at.is_none_or(|last| last < now - 60) {
        // Best effort: a failed note of use never refuses the request.
        if let Ok(mut tx) = services.store.write().await
            && tx.db().touch_connection(connection.id, now).await.is_ok()
        {
            let _ = tx.commit().await;
        }
    }
    Ok(ProvisioningAccess {
        tenant: connection.tenant_id,
        actor: Actor::Application(connection.application_id),
        connection: Some(connection.id),
        partner: connection.partner_tenant_id,
    })
}

/// One request's outcome for the provisioning log.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// `create`, `update`, `disable`, `delete` or `other`.
    pub action: &'static str,
    /// `User` or `Group`.
    pub resource_type: &'static str,
    pub resource_id: Option<String>,
    pub resource_name: Option<String>,
    pub http_status: u16,
    /// The failure's code and reason; `None` for a success.
    pub error: Option<(String, String)>,
    /// `[{"name", "oldValue", "newValue"}]`.
    pub changes: Vec<serde_json::Value>,
}

/// Appends a request's outcome to the provisioning log, in a transaction of its own
/// (the change itself, and its audit entry, committed before).
pub async fn record(
    services: &Services,
    access: &ProvisioningAccess,
    outcome: Outcome,
    now: UnixTime,
) -> Result<(), DomainError> {
    let Actor::Application(application) = access.actor else {
        return Ok(());
    };
    let entry = ProvisioningEntry {
        id: Uuid::now_v7(),
        tenant_id: access.tenant,
        at: now,
        application_id: application,
        connection_id: access.connection,
        action: outcome.action.to_owned(),
        resource_type: outcome.resource_type.to_owned(),
        resource_id: outcome.resource_id,
        resource_name: outcome.resource_name,
        status: if outcome.error.is_some() {
            "failure"
        } else {
            "success"
        }
        .to_owned(),
        http_status: i64::from(outcome.http_status),
        error_code: outcome.error.as_ref().map(|(code, _)| code.clone()),
        error_reason: outcome.error.map(|(_, reason)| reason),
        changes: serde_json::Value::Array(outcome.changes),
    };
    let mut tx = services.store.write().await?;
    tx.db().append_provisioning(&entry).await?;
    tx.commit().await?;
    Ok(())
}

/// A page of the provisioning log, newest first, with the name of each entry's
/// application.
pub async fn list_log(
    services: &Services,
    access: AuditReadAccess,
    status: Option<&str>,
    before: Option<LogPosition>,
    limit: i64,
) -> Result<Vec<(ProvisioningEntry, Option<String>)>, DomainError> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let entries = db
        .provisioning_log(access.tenant, status, before, limit.clamp(1, 1_000))
        .await?;
    let mut names: std::collections::HashMap<AppId, Option<String>> = Default::default();
    let mut named = Vec::with_capacity(entries.len());
    for entry in entries {
        let name = match names.get(&entry.application_id) {
            Some(name) => name.clone(),
            None => {
                let name = db
                    .application_by_id(access.tenant, entry.application_id)
                    .await?
                    .map(|a| a.display_name);
                names.insert(entry.application_id, name.clone());
                name
            }
        };
        named.push((entry, name));
    }
    Ok(named)
}

/// One page of the provisioning log (Graph's `$top` and `$skiptoken`), newest first.
pub async fn list_log_page(
    services: &Services,
    access: AuditReadAccess,
    status: Option<&str>,
    page: crate::directory::PageRequest,
) -> Result<crate::directory::Page<(ProvisioningEntry, Option<String>)>, DomainError> {
    let top = crate::directory::page_size(page.top)?;
    let before = crate::directory::cursor::<LogPosition>(page.skip_token.as_deref())?;
    let rows = list_log(services, access, status, before, top + 1).await?;
    Ok(crate::directory::paged(rows, top, |(e, _)| {
        LogPosition { at: e.at, id: e.id }.to_string()
    }))
}

/// The most entries one export holds.
pub const EXPORT_LIMIT: usize = 100_000;

/// The provisioning log as CSV, newest first (at most [`EXPORT_LIMIT`] entries), of
/// one status when given; cells a spreadsheet would run as formulas are neutralized.
pub async fn export_log(
    services: &Services,
    access: AuditReadAccess,
    status: Option<&str>,
) -> Result<String, DomainError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = [
        "time",
        "status",
        "action",
        "resourceType",
        "resourceId",
        "resourceName",
        "application",
        "httpStatus",
        "errorCode",
        "errorReason",
        "changes",
    ];
    out.write_record(header)
        .map_err(|e| DomainError::internal(e.to_string()))?;
    let mut before = None;
    let mut written = 0;
    while written < EXPORT_LIMIT {
        let page = list_log(services, access, status, before, 999).await?;
        let Some((last, _)) = page.last() else { break };
        before = Some(LogPosition {
            at: last.at,
            id: last.id,
        });
        for (entry, application) in &page {
            let time = time::OffsetDateTime::from_unix_timestamp(entry.at)
                .ok()
                .and_then(|t| {
                    t.format(&time::format_description::well_known::Rfc3339)
                        .ok()
                })
                .unwrap_or_default();
            let cells = [
                time,
                entry.status.clone(),
                entry.action.clone(),
                entry.resource_type.clone(),
                entry.resource_id.clone().unwrap_or_default(),
                entry.resource_name.clone().unwrap_or_default(),
                application.clone().unwrap_or_default(),
                entry.http_status.to_string(),
                entry.error_code.clone().unwrap_or_default(),
                entry.error_reason.clone().unwrap_or_default(),
                entry.changes.to_string(),
            ];
            let cells: Vec<String> = cells
                .into_iter()
                .map(|c| crate::invitations::csv_report::neutralized(&c).into_owned())
                .collect();
            out.write_record(&cells)
                .map_err(|e| DomainError::internal(e.to_string()))?;
            written += 1;
        }
        if page.len() < 999 {
            break;
        }
    }
    let bytes = out
        .into_inner()
        .map_err(|e| DomainError::internal(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| DomainError::internal(e.to_string()))
}

/// Removes log entries older than [`LOG_RETENTION`] (housekeeping).
pub async fn purge_log(services: &Services, now: UnixTime) -> Result<u64, DomainError> {
    let mut tx = services.store.write().await?;
    let purged = tx.db().purge_provisioning_log(now - LOG_RETENTION).await?;
    tx.commit().await?;
    Ok(purged)
}
