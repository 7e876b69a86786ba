//! Directory use cases: users, groups, applications, assignments and the audit log.

use entente_model::{AppId, ClientSecretInfo, UnixTime};

use crate::Services;
use crate::crypto::new_token;

/// How long a client secret lives unless the request says otherwise (two years, as
/// Entra ID's portal suggests).
pub const DEFAULT_SECRET_LIFETIME: i64 = 2 * 365 * 24 * 3600;

/// A freshly made client secret: the value to show once, its metadata, and the hash
/// to store.
pub struct MintedSecret {
    pub value: String,
    pub info: ClientSecretInfo,
    pub hash: String,
}

/// Makes a new client secret for an application.
pub fn mint_client_secret(
    services: &Services,
    application_id: AppId,
    display_name: Option<String>,
    now: UnixTime,
    lifetime: i64,
) -> MintedSecret {
    let value = format!("ent~{}", new_token(services.entropy.as_ref()));
    let hash = services.master.client_secret_hash(&value);
    let info = ClientSecretInfo {
        id: uuid::Uuid::new_v4(),
        application_id,
        hint: value.chars().take(7).collect(),
        display_name,
        created_at: now,
        expires_at: now + lifetime,
    };
    MintedSecret { value, info, hash }
}
