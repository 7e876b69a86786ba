//! Entente's use cases and rules: one service method per use case.
//!
//! Every front end (the JSON API, the OIDC endpoints, the pages, the CLI) calls these
//! methods and nothing else to change the directory. A method takes the caller's
//! capability (see [`access`]), the request and `now`; it opens, uses and commits its
//! own transaction and writes the audit entries for what it changed.
//!
//! This crate knows nothing of HTTP or SQL text: it speaks to the database through
//! `entente-storage`'s typed queries, never reads the clock (callers pass `now`), and
//! takes its randomness from the [`crypto::Entropy`] it was built with, its DNS
//! answers from the [`domains::TxtResolver`] it was given, and partners' identity
//! providers' answers from its [`federation::FederationClient`]. Email goes out only through
//! the [`mail::Mailer`] a delivery worker passes in; use cases merely queue it.

pub mod access;
pub mod activity;
pub mod address;
pub mod address_rewrite;
pub mod app_keys;
pub mod audit_changes;
pub mod cache;
pub mod cross_tenant;
pub mod crypto;
pub mod deleted_items;
pub mod directory;
pub mod directory_reads;
pub mod document;
pub mod domains;
pub mod email_codes;
pub mod federation;
pub mod fields;
pub mod group_owners;
pub mod housekeeping;
pub mod inactivity;
pub mod invitations;
pub mod keys;
pub mod lifecycle;
pub mod lists;
pub mod mail;
pub mod mfa;
pub mod multi_tenant;
pub mod oauth;
pub mod provisioning;
pub mod reviews;
pub mod saml;
pub mod scim;
pub mod setup;
pub mod sign_in_log;
pub mod signin;
pub mod signin_code;
pub mod sponsors;
pub mod texts;

use std::sync::Arc;

use entente_storage::{Store, StoreError};

use crate::crypto::{Entropy, MasterKey};
use crate::domains::TxtResolver;
use crate::keys::KeyRing;

/// A use case's failure, in terms a front end can map to its own error shape.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// The thing does not exist, or exists in another tenant (the two look alike).
    #[error("not found")]
    NotFound,
    /// The caller lacks the permission named.
    #[error("insufficient privileges: {0}")]
    Forbidden(&'static str),
    /// The caller may not do this particular thing (such as granting a group it may
    /// not change); the message names it and is safe to show.
    #[error("{0}")]
    Refused(String),
    /// Blocking or deleting this account would lock the organization out of its own
    /// administration.
    #[error("{0}")]
    LockedOut(directory::Lockout),
    /// The request is malformed or breaks a rule; the message is safe to show.
    #[error("{0}")]
    Invalid(String),
    /// Like [`DomainError::Invalid`], with the one field of the request at fault, so
    /// that a form can say it beside that field; front ends otherwise treat it alike.
    #[error("{message}")]
    Field {
        fault: fields::Fault,
        message: String,
    },
    /// The thing already exists.
    #[error("{0}")]
    Conflict(String),
    /// The machine is saturated; the caller should retry after a moment.
    #[error("busy, retry shortly")]
    Overloaded,
    #[error("storage: {0}")]
    Store(StoreError),
    /// A failure that is ours, not the caller's; its text is logged, never shown.
    #[error("internal: {0}")]
    Internal(String),
}

impl DomainError {
    pub fn internal(message: impl Into<String>) -> DomainError {
        DomainError::Internal(message.into())
    }

    pub fn invalid(message: impl Into<String>) -> DomainError {
        DomainError::Invalid(message.into())
    }
}

impl From<StoreError> for DomainError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Conflict(what) => DomainError::Conflict(format!("{what} already exists")),
            other => DomainError::Store(other),
        }
    }
}

/// Deployment-wide settings the use cases need.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The public base URL, without a trailing slash; issuers and links start with it.
    pub public_base_url: String,
    /// Tenants' initial domains are `<name>.<suffix>`.
    pub initial_domain_suffix: String,
    pub access_token_lifetime: i64,
    pub refresh_token_lifetime: i64,
    pub session_lifetime: i64,
    pub code_lifetime: i64,
    /// Concurrent password hashes allowed; more wait, and past `password_queue` the
    /// sign-in is refused as overloaded.
    pub password_workers: usize,
    /// The algorithm of new token signing keys.
    pub signing_algorithm: keys::SigningAlgorithm,
    pub password_queue: usize,
    /// Who the emails use cases queue come from.
    pub mail_sender: mail::MailSender,
    /// Log each new redemption link (only when emails go to files, never over SMTP:
    /// the link is a secret).
    pub log_invitation_links: bool,
    /// Emails are written as files into the outbox folder (no SMTP server is set), so
    /// a sent email was saved, not delivered, and the pages say so.
    pub mail_to_files: bool,
}

impl Settings {
    pub fn new(public_base_url: &str) -> Settings {
        let workers = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        Settings {
            public_base_url: public_base_url.trim_end_matches('/').to_owned(),
            initial_domain_suffix: "entente.test".to_owned(),
            access_token_lifetime: 3600,
            refresh_token_lifetime: 90 * 24 * 3600,
            session_lifetime: 12 * 3600,
            code_lifetime: 120,
            password_workers: workers,
            signing_algorithm: keys::SigningAlgorithm::Es256,
            password_queue: workers * 8,
            mail_sender: mail::MailSender::PerTenant {
                address: "no-reply@localhost".to_owned(),
            },
            log_invitation_links: false,
            mail_to_files: false,
        }
    }

    /// The OpenID issuer of a tenant.
    pub fn issuer(&self, tenant: entente_model::TenantId) -> String {
        format!("{}/{}/v2.0", self.public_base_url, tenant)
    }

    /// The audience of access tokens for Entente's own directory API (`/v1.0`).
    pub fn directory_api_audience(&self) -> &str {
        &self.public_base_url
    }
}

/// Everything the use cases share: the store, the keys, the settings and the ways out
/// (randomness, DNS).
#[derive(Clone, Debug)]
pub struct Services {
    pub store: Store,
    pub master: Arc<MasterKey>,
    pub keys: KeyRing,
    pub settings: Arc<Settings>,
    pub entropy: Arc<dyn Entropy>,
    pub password_gate: signin::PasswordGate,
    pub cache: Arc<cache::DirectoryCache>,
    /// Where domain verification reads TXT records.
    pub resolver: Arc<dyn TxtResolver>,
    /// Wakes this node's email delivery worker, so a queued email leaves at once
    /// instead of at the next poll.
    pub mail_wake: Arc<tokio::sync::Notify>,
    /// Whether this node's delivery worker is halted by a mail server it cannot reach.
    pub mail_health: Arc<mail::DeliveryHealth>,
    /// How far this node's running bulk confirmations have got.
    pub confirm_progress: invitations::batch::ConfirmProgress,
    /// Each tenant's SAML signing key and published certificates.
    pub saml_signers: Arc<saml::certificates::Signers>,
    /// Where federation reaches partners' identity providers.
    pub federation: Arc<dyn federation::FederationClient>,
    /// This node's non-interactive sign-ins not yet written ([`activity::flush`]).
    pub activity: Arc<activity::ActivityBuffer>,
}

impl Services {
    /// Makes sure current and next signing keys exist (of the configured algorithm)
    /// and reloads the key ring from the store.
    pub async fn refresh_keys(&self, now: entente_model::UnixTime) -> Result<(), DomainError> {
        self.keys
            .rotate_and_refresh(
                &self.store,
                &self.master,
                self.entropy.as_ref(),
                self.settings.signing_algorithm,
                now,
            )
            .await
    }

    /// Tells this node's delivery worker that an email was queued. Call it after the
    /// transaction commits: woken earlier, the worker would not see the message yet.
    pub fn wake_mail_delivery(&self) {
        // A stored permit means a wake that comes while the worker is busy is not lost.
        self.mail_wake.notify_one();
    }

    pub fn new(
        store: Store,
        master: MasterKey,
        settings: Settings,
        entropy: Arc<dyn Entropy>,
        resolver: Arc<dyn TxtResolver>,
    ) -> Services {
        let password_gate =
            signin::PasswordGate::new(settings.password_workers, settings.password_queue);
        Services {
            store,
            master: Arc::new(master),
            keys: KeyRing::empty(),
            settings: Arc::new(settings),
            entropy,
            password_gate,
            cache: Arc::default(),
            resolver,
            mail_wake: Arc::default(),
            mail_health: Arc::default(),
            confirm_progress: Default::default(),
            saml_signers: Arc::default(),
            federation: Arc::new(federation::NoFederation),
            activity: Arc::default(),
        }
    }

    /// The same services, reaching partners' identity providers through `client`.
    pub fn with_federation_client(
        mut self,
        client: Arc<dyn federation::FederationClient>,
    ) -> Services {
        self.federation = client;
        self
    }
}
