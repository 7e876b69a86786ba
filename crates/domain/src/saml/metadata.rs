//! The tenant's IdP metadata: what a service provider needs to trust Entente.

use entente_model::{NameIdFormat, TenantId, UnixTime};

use super::xml::{attr, text};
use super::{POST_BINDING, REDIRECT_BINDING};
use crate::{DomainError, Services};

/// The `EntityDescriptor` of the tenant's IdP: SSO and logout endpoints for both
/// bindings, the NameID formats, and every published signing certificate (two during a
/// rollover, so service providers trust the next one before it signs).
pub async fn idp_metadata(
    services: &Services,
    tenant: TenantId,
    now: UnixTime,
) -> Result<String, DomainError> {
    let signer = services.saml_signers.get(services, tenant, now).await?;
    let settings = &services.settings;
    let entity = super::entity_id(settings, tenant);
    let sso = super::sso_url(settings, tenant);
    let logout = super::logout_url(settings, tenant);
    let mut out = String::with_capacity(4096);
    out.push_str(&format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" \
         xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"{}\">\
         <md:IDPSSODescriptor WantAuthnRequestsSigned=\"false\" \
         protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">",
        attr(&entity)
    ));
    for certificate in &signer.published {
        out.push_str(&format!(
            "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{}\
             </ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>",
            text(certificate)
        ));
    }
    for binding in [REDIRECT_BINDING, POST_BINDING] {
        out.push_str(&format!(
            "<md:SingleLogoutService Binding=\"{binding}\" Location=\"{}\"/>",
            attr(&logout)
        ));
    }
    for format in [
        NameIdFormat::Email,
        NameIdFormat::Persistent,
        NameIdFormat::Transient,
        NameIdFormat::Unspecified,
    ] {
        out.push_str(&format!(
            "<md:NameIDFormat>{}</md:NameIDFormat>",
            format.as_str()
        ));
    }
    for binding in [REDIRECT_BINDING, POST_BINDING] {
        out.push_str(&format!(
            "<md:SingleSignOnService Binding=\"{binding}\" Location=\"{}\"/>",
            attr(&sso)
        ));
    }
    out.push_str("</md:IDPSSODescriptor></md:EntityDescriptor>");
    Ok(out)
}
