//! The tenant's settings in the portal, for its administrators: who may invite and
//! whom (allowed and blocked domains, consumer addresses), how long invitations last,
//! second factors for members and guests (and whether a guest's home MFA counts), and
//! the branding that the invitation emails and the partners' pages wear.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use entente_domain::DomainError;
use entente_domain::invitations::policy::{
    BrandingPatch, CollaborationPatch, branding, collaboration_policy, lifetime_out_of_range,
    update_branding, update_collaboration_policy,
};
use entente_model::{Branding, CollaborationPolicy};
use serde::Deserialize;

use super::field_errors::FieldErrors;
use super::{Admin, AdminPage, AdminPost, Gate, Nav};
use crate::AppState;
use crate::now;
use crate::pages::page;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/admin/settings", get(show))
        .route(
            "/{tenant}/admin/settings/collaboration",
            post(save_collaboration),
        )
        .route("/{tenant}/admin/settings/branding", post(save_branding))
        .route("/{tenant}/admin/settings/mfa", post(save_mfa))
}

#[derive(Template)]
#[template(path = "admin/settings.html")]
struct SettingsPage {
    nav: Nav,
    policy: CollaborationPolicy,
    allowed: String,
    blocked: String,
    /// The invitation lifetime in days, as text for its input.
    lifetime: String,
    /// The time-boxed access settings, as text for their inputs (an empty lifetime:
    /// none).
    guest_lifetime: String,
    reminder: String,
    grace: String,
    inactive_days: String,
    inactive_block_days: String,
    logo_url: String,
    brand_color: String,
    members_mfa: bool,
    saved: Option<&'static str>,
    error: Option<String>,
    /// A refused form's problems beside its fields, and what was typed.
    fields: FieldErrors,
}

#[derive(Deserialize)]
struct ShowQuery {
    saved: Option<String>,
}

async fn settings_page(
    state: &AppState,
    admin: &Admin,
    status: StatusCode,
    saved: Option<&'static str>,
    (error, fields): (Option<String>, FieldErrors),
) -> Result<Response, Gate> {
    let capability = admin.caller.tenant_admin()?;
    let policy = collaboration_policy(&state.services, &capability).await?;
    let Branding {
        logo_url,
        brand_color,
    } = branding(&state.services, &capability).await?;
    let settings = SettingsPage {
        nav: admin.nav("settings"),
        allowed: policy.allowed_domains.join("\n"),
        blocked: policy.blocked_domains.join("\n"),
        lifetime: policy.invitation_lifetime_days.to_string(),
        guest_lifetime: policy
            .guest_lifetime_days
            .map(|d| d.to_string())
            .unwrap_or_default(),
        reminder: policy.expiry_reminder_days.to_string(),
        grace: policy.expired_guest_grace_days.to_string(),
        inactive_days: policy.inactive_guest_days.to_string(),
        inactive_block_days: policy.inactive_guest_block_days.to_string(),
        policy,
        logo_url: logo_url.unwrap_or_default(),
        brand_color: brand_color.unwrap_or_default(),
        members_mfa: admin.tenant.mfa_required,
        saved,
        error,
        fields,
    };
    Ok(admin.respond(page(status, &settings)))
}

async fn show(
    State(state): State<AppState>,
    Query(query): Query<ShowQuery>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    let texts = admin.texts();
    let saved = match query.saved.as_deref() {
        Some("collaboration") => Some(texts.saved_collaboration),
        Some("branding") => Some(texts.saved_branding),
        Some("mfa") => Some(texts.saved_mfa),
        _ => None,
    };
    let fields = FieldErrors::new(admin.language);
    settings_page(&state, &admin, StatusCode::OK, saved, (None, fields)).await
}

#[derive(Deserialize)]
struct CollaborationForm {
    #[serde(default)]
    members_can_invite: Option<String>,
    #[serde(default)]
    allow_consumer_domains: Option<String>,
    #[serde(default)]
    allowed_domains: String,
    #[serde(default)]
    blocked_domains: String,
    #[serde(default)]
    invitation_lifetime_days: String,
    #[serde(default)]
    guest_mfa_required: Option<String>,
    #[serde(default)]
    trust_home_mfa: Option<String>,
    #[serde(default)]
    guest_lifetime_days: String,
    #[serde(default)]
    expiry_reminder_days: String,
    #[serde(default)]
    expired_guest_grace_days: String,
    #[serde(default)]
    inactive_guest_policy: Option<String>,
    #[serde(default)]
    inactive_guest_days: String,
    #[serde(default)]
    inactive_guest_block_days: String,
}

/// The time-boxed access fields of the form: an empty lifetime is none; an empty
/// reminder or grace (a form of before they existed) keeps the current value.
type AccessDays = (
    Option<u32>,
    Option<u32>,
    Option<u32>,
    Option<u32>,
    Option<u32>,
);

fn access_days(form: &CollaborationForm) -> Result<AccessDays, DomainError> {
    use entente_domain::invitations::policy::{
        MAX_EXPIRED_GUEST_GRACE_DAYS, MAX_EXPIRY_REMINDER_DAYS, MAX_GUEST_LIFETIME_DAYS,
        MAX_INACTIVE_GUEST_BLOCK_DAYS, MIN_INACTIVE_GUEST_DAYS, days_out_of_range,
    };
    let number = |text: &str, field: &'static str, min: u32, max: u32| match text.trim() {
        "" => Ok(None),
        text => text
            .parse::<u32>()
            .map(Some)
            .map_err(|_| days_out_of_range(field, min, max)),
    };
    Ok((
        number(
            &form.guest_lifetime_days,
            "guestLifetimeInDays",
            1,
            MAX_GUEST_LIFETIME_DAYS,
        )?,
        number(
            &form.expiry_reminder_days,
            "expiryReminderInDays",
            0,
            MAX_EXPIRY_REMINDER_DAYS,
        )?,
        number(
            &form.expired_guest_grace_days,
            "expiredGuestGraceInDays",
            0,
            MAX_EXPIRED_GUEST_GRACE_DAYS,
        )?,
        number(
            &form.inactive_guest_days,
            "inactiveGuestDays",
            MIN_INACTIVE_GUEST_DAYS,
            MAX_GUEST_LIFETIME_DAYS,
        )?,
        number(
            &form.inactive_guest_block_days,
            "inactiveGuestBlockAfterDays",
            1,
            MAX_INACTIVE_GUEST_BLOCK_DAYS,
        )?,
    ))
}

/// Domains written one per line (or separated by commas or spaces).
fn domain_list(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
        .collect()
}

async fn save_collaboration(
    State(state): State<AppState>,
    AdminPost { admin, form }: AdminPost<CollaborationForm>,
) -> Result<Response, Gate> {
    let capability = admin.caller.tenant_admin()?;
    let days = form.invitation_lifetime_days.trim().parse::<u32>();
    let result = match (days, access_days(&form)) {
        (Err(_), _) => Err(lifetime_out_of_range()),
        (_, Err(error)) => Err(error),
        (Ok(days), Ok((lifetime, reminder, grace, inactive_days, inactive_block))) => {
            let patch = CollaborationPatch {
                members_can_invite: Some(form.members_can_invite.is_some()),
                allow_consumer_domains: Some(form.allow_consumer_domains.is_some()),
                allowed_domains: Some(domain_list(&form.allowed_domains)),
                blocked_domains: Some(domain_list(&form.blocked_domains)),
                invitation_lifetime_days: Some(days),
                guest_mfa_required: Some(form.guest_mfa_required.is_some()),
                trust_home_mfa: Some(form.trust_home_mfa.is_some()),
                guest_lifetime_days: Some(lifetime),
                expiry_reminder_days: reminder,
                expired_guest_grace_days: grace,
                inactive_guest_policy: Some(form.inactive_guest_policy.is_some()),
                inactive_guest_days: inactive_days,
                inactive_guest_block_days: inactive_block,
            };
            update_collaboration_policy(&state.services, &capability, patch, now()).await
        }
    };
    match result {
        Ok(_) => Ok(Redirect::to(&admin.path("/settings?saved=collaboration")).into_response()),
        Err(error @ (DomainError::Invalid(_) | DomainError::Field { .. })) => {
            let typed = vec![
                FieldErrors::tick("members_can_invite", &form.members_can_invite),
                FieldErrors::tick("allow_consumer_domains", &form.allow_consumer_domains),
                FieldErrors::tick("guest_mfa_required", &form.guest_mfa_required),
                FieldErrors::tick("trust_home_mfa", &form.trust_home_mfa),
                ("allowed_domains", form.allowed_domains),
                ("blocked_domains", form.blocked_domains),
                ("invitation_lifetime_days", form.invitation_lifetime_days),
                ("guest_lifetime_days", form.guest_lifetime_days),
                ("expiry_reminder_days", form.expiry_reminder_days),
                ("expired_guest_grace_days", form.expired_guest_grace_days),
                FieldErrors::tick("inactive_guest_policy", &form.inactive_guest_policy),
                ("inactive_guest_days", form.inactive_guest_days),
                ("inactive_guest_block_days", form.inactive_guest_block_days),
            ];
            let inputs = [
                ("allowedDomains", "allowed_domains"),
                ("blockedDomains", "blocked_domains"),
                ("invitationLifetimeDays", "invitation_lifetime_days"),
                ("guestLifetimeInDays", "guest_lifetime_days"),
                ("expiryReminderInDays", "expiry_reminder_days"),
                ("expiredGuestGraceInDays", "expired_guest_grace_days"),
                ("inactiveGuestDays", "inactive_guest_days"),
                ("inactiveGuestBlockAfterDays", "inactive_guest_block_days"),
            ];
            let refused = FieldErrors::refused(admin.language, &error, &inputs, typed);
            let status = StatusCode::BAD_REQUEST;
            settings_page(&state, &admin, status, None, (refused.1, refused.0)).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
struct BrandingForm {
    #[serde(default)]
    logo_url: String,
    #[serde(default)]
    brand_color: String,
}

async fn save_branding(
    State(state): State<AppState>,
    AdminPost { admin, form }: AdminPost<BrandingForm>,
) -> Result<Response, Gate> {
    let capability = admin.caller.tenant_admin()?;
    let optional = |value: &str| {
        let value = value.trim();
        (!value.is_empty()).then(|| value.to_owned())
    };
    let patch = BrandingPatch {
        logo_url: Some(optional(&form.logo_url)),
        brand_color: Some(optional(&form.brand_color)),
    };
    match update_branding(&state.services, &capability, patch, now()).await {
        Ok(_) => Ok(Redirect::to(&admin.path("/settings?saved=branding")).into_response()),
        Err(error @ (DomainError::Invalid(_) | DomainError::Field { .. })) => {
            let typed = vec![
                ("logo_url", form.logo_url),
                ("brand_color", form.brand_color),
            ];
            let inputs = [("logoUrl", "logo_url"), ("brandColor", "brand_color")];
            let refused = FieldErrors::refused(admin.language, &error, &inputs, typed);
            let status = StatusCode::BAD_REQUEST;
            settings_page(&state, &admin, status, None, (refused.1, refused.0)).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
struct MfaForm {
    #[serde(default)]
    members_mfa: Option<String>,
}

async fn save_mfa(
    State(state): State<AppState>,
    AdminPost { admin, form }: AdminPost<MfaForm>,
) -> Result<Response, Gate> {
    let capability = admin.caller.tenant_admin()?;
    entente_domain::mfa::set_mfa_required(
        &state.services,
        &capability,
        form.members_mfa.is_some(),
        now(),
    )
    .await?;
    Ok(Redirect::to(&admin.path("/settings?saved=mfa")).into_response())
}
