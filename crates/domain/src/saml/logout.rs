//! SP-initiated single logout: a service provider's LogoutRequest (either binding)
//! ends the browser's session here, and a signed LogoutResponse goes back to the
//! service provider's single logout URL over HTTP-POST.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use entente_model::{TenantId, UnixTime};

use super::SamlFailure;
use super::request::{self, Incoming};
use super::xml::{attr, signature_template, text};
use crate::Services;

/// Where to post the LogoutResponse.
#[derive(Clone, Debug)]
pub struct LogoutAnswer {
    pub url: String,
    pub saml_response: String,
    pub relay_state: Option<String>,
}

/// Checks a LogoutRequest and makes the signed LogoutResponse. The caller ends the
/// browser's session when this succeeds.
pub async fn receive(
    services: &Services,
    tenant: TenantId,
    incoming: &Incoming,
    now: UnixTime,
) -> Result<LogoutAnswer, SamlFailure> {
    let xml = request::decode(incoming).map_err(SamlFailure::Page)?;
    let parsed = request::parse_logout_request(&xml).map_err(SamlFailure::Page)?;
    let settings = {
        let mut conn = services.store.read().await?;
        conn.db()
            .saml_settings_by_entity(tenant, &parsed.issuer)
            .await?
            .ok_or_else(|| {
                SamlFailure::Page(format!(
                    "no application of this organization has the SAML entity id {:?}",
                    parsed.issuer
                ))
            })?
    };
    let url = settings.logout_url.clone().ok_or_else(|| {
        SamlFailure::Page("the application has no single logout URL registered".into())
    })?;
    if let Some(certificate) = &settings.sp_certificate {
        match request::verify_signature(incoming, &xml, &parsed.id, certificate) {
            Ok(true) => {}
            Ok(false) if settings.require_signed_requests => {
                return Err(SamlFailure::Page(
                    "the logout request must be signed".into(),
                ));
            }
            Ok(false) => {}
            Err(reason) => return Err(SamlFailure::Page(reason)),
        }
    }
    let issued = parsed.issue_instant;
    if issued > now + super::CLOCK_SKEW || issued < now - super::REQUEST_LIFETIME {
        return Err(SamlFailure::Page("the logout request is too old".into()));
    }
    let signer = services.saml_signers.get(services, tenant, now).await?;
    let issuer = super::entity_id(&services.settings, tenant);
    let id = super::sso::new_id(services);
    let template = format!(
        "<samlp:LogoutResponse xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" \
         xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"{}\" Version=\"2.0\" \
         IssueInstant=\"{}\" Destination=\"{}\" InResponseTo=\"{}\"><saml:Issuer>{}</saml:Issuer>\
         {}<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/>\
         </samlp:Status></samlp:LogoutResponse>",
        attr(&id),
        super::instant(now),
        attr(&url),
        attr(&parsed.id),
        text(&issuer),
        signature_template(&id, &signer.certificate),
    );
    let signed =
        bergshamra::dsig::sign::sign_owned(&signer.key.context(), template).map_err(|e| {
            SamlFailure::Domain(crate::DomainError::internal(format!("SAML signing: {e}")))
        })?;
    Ok(LogoutAnswer {
        url,
        saml_response: STANDARD.encode(signed),
        relay_state: incoming.relay_state.clone(),
    })
}
