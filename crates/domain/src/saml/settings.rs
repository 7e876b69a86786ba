//! An application's SAML settings: typed in, or read from the service provider's
//! metadata (entity id, assertion consumer services, single logout service, signing
//! certificate, NameID format).

use entente_model::{AppId, NameIdFormat, SamlAttribute, SamlSettings, SamlSigning, UnixTime};
use serde_json::json;

use crate::access::{ReadAccess, WriteAccess};
use crate::directory::check_redirect_uri;
use crate::{DomainError, Services};

use super::{METADATA_NS, POST_BINDING, REDIRECT_BINDING};

/// Changes to an application's SAML settings; `None` keeps (or, on first use,
/// defaults) a setting.
#[derive(Clone, Debug, Default)]
pub struct SamlSettingsPatch {
    pub entity_id: Option<String>,
    pub name_id_format: Option<NameIdFormat>,
    pub signing: Option<SamlSigning>,
    pub sp_certificate: Option<Option<String>>,
    pub require_signed_requests: Option<bool>,
    pub logout_url: Option<Option<String>>,
    pub encryption_certificate: Option<Option<String>>,
    /// The attributes to send; `Some(None)` goes back to the default set.
    pub attributes: Option<Option<Vec<SamlAttribute>>>,
}

/// The values an attribute can carry (Entra's source names where it has them).
pub const ATTRIBUTE_SOURCES: &[&str] = &[
    "user.mail",
    "user.userprincipalname",
    "user.displayname",
    "user.objectid",
    "user.tenantid",
    "user.groups",
    "user.roles",
    "user.identityprovider",
    "user.altsecid",
    "user.authnmethods",
];

/// What a service provider's metadata says about it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpMetadata {
    pub entity_id: String,
    /// HTTP-POST assertion consumer services, the default one first.
    pub acs_urls: Vec<String>,
    pub logout_url: Option<String>,
    /// Its signing certificate, base64 DER.
    pub certificate: Option<String>,
    /// Its encryption certificate, base64 DER.
    pub encryption_certificate: Option<String>,
    pub name_id_format: Option<NameIdFormat>,
    pub signs_requests: bool,
}

pub async fn get(
    services: &Services,
    access: ReadAccess,
    app: AppId,
) -> Result<Option<SamlSettings>, DomainError> {
    let mut conn = services.store.read().await?;
    if conn
        .db()
        .application_by_id(access.tenant, app)
        .await?
        .is_none()
    {
        return Err(DomainError::NotFound);
    }
    Ok(conn.db().saml_settings(access.tenant, app).await?)
}

/// Turns SAML sign-in on for an application, or changes its settings.
pub async fn set(
    services: &Services,
    access: &WriteAccess,
    app: AppId,
    patch: SamlSettingsPatch,
    now: UnixTime,
) -> Result<SamlSettings, DomainError> {
    let mut tx = services.store.write().await?;
    let Some(application) = tx.db().application_by_id(access.tenant, app).await? else {
        return Err(DomainError::NotFound);
    };
    let current = tx.db().saml_settings(access.tenant, app).await?;
    let entity_id = match (patch.entity_id, &current) {
        (Some(id), _) => id.trim().to_owned(),
        (None, Some(current)) => current.entity_id.clone(),
        (None, None) => {
            return Err(DomainError::invalid(
                "a SAML application needs its entity id (identifier)",
            ));
        }
    };
    let settings = SamlSettings {
        application_id: app,
        tenant_id: access.tenant,
        entity_id,
        name_id_format: patch
            .name_id_format
            .or(current.as_ref().map(|c| c.name_id_format))
            .unwrap_or(NameIdFormat::Email),
        signing: patch
            .signing
            .or(current.as_ref().map(|c| c.signing))
            .unwrap_or(SamlSigning::Assertion),
        sp_certificate: match patch.sp_certificate {
            Some(certificate) => certificate
                .map(|c| {
                    c.chars()
                        .filter(|c| !c.is_ascii_whitespace())
                        .collect::<String>()
                })
                .filter(|c| !c.is_empty()),
            None => current.as_ref().and_then(|c| c.sp_certificate.clone()),
        },
        require_signed_requests: patch
            .require_signed_requests
            .or(current.as_ref().map(|c| c.require_signed_requests))
            .unwrap_or(false),
        logout_url: match patch.logout_url {
            Some(url) => url.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty()),
            None => current.as_ref().and_then(|c| c.logout_url.clone()),
        },
        encryption_certificate: match patch.encryption_certificate {
            Some(certificate) => certificate
                .map(|c| {
                    c.chars()
                        .filter(|c| !c.is_ascii_whitespace())
                        .collect::<String>()
                })
                .filter(|c| !c.is_empty()),
            None => current
                .as_ref()
                .and_then(|c| c.encryption_certificate.clone()),
        },
        attributes: match patch.attributes {
            Some(attributes) => attributes,
            None => current.as_ref().and_then(|c| c.attributes.clone()),
        },
    };
    check(&settings)?;
    if application.public_client {
        return Err(DomainError::invalid(
            "a public client cannot sign in with SAML; register a web application",
        ));
    }
    tx.db().put_saml_settings(&settings).await?;
    let details = json!({
        "entityId": settings.entity_id,
        "nameIdFormat": settings.name_id_format.as_str(),
        "signing": settings.signing.as_str(),
        "requireSignedRequests": settings.require_signed_requests,
        "logoutUrl": settings.logout_url,
        "encryptsAssertions": settings.encryption_certificate.is_some(),
        "attributes": settings.attributes,
    });
    crate::directory::audit(
        &mut tx,
        access,
        now,
        "Update SAML settings",
        "Application",
        app,
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(settings)
}

/// Turns SAML sign-in off for an application.
pub async fn remove(
    services: &Services,
    access: &WriteAccess,
    app: AppId,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    if !tx.db().delete_saml_settings(access.tenant, app).await? {
        return Err(DomainError::NotFound);
    }
    crate::directory::audit(
        &mut tx,
        access,
        now,
        "Remove SAML settings",
        "Application",
        app,
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Applies a service provider's metadata: its entity id, certificate, logout URL and
/// NameID format become the settings, its HTTP-POST assertion consumer services the
/// application's redirect URIs.
pub async fn import_metadata(
    services: &Services,
    access: &WriteAccess,
    app: AppId,
    metadata_xml: &str,
    now: UnixTime,
) -> Result<SamlSettings, DomainError> {
    let metadata = read_metadata(metadata_xml).map_err(DomainError::invalid)?;
    let patch = crate::directory::ApplicationPatch {
        redirect_uris: Some(metadata.acs_urls.clone()),
        ..Default::default()
    };
    crate::directory::update_application(services, access, app, patch, now).await?;
    let patch = SamlSettingsPatch {
        entity_id: Some(metadata.entity_id),
        name_id_format: metadata.name_id_format,
        sp_certificate: Some(metadata.certificate),
        require_signed_requests: Some(metadata.signs_requests),
        logout_url: Some(metadata.logout_url),
        encryption_certificate: Some(metadata.encryption_certificate),
        signing: None,
        attributes: None,
    };
    set(services, access, app, patch, now).await
}

fn check(settings: &SamlSettings) -> Result<(), DomainError> {
    let id = &settings.entity_id;
    if id.is_empty() || id.len() > 1024 || id.chars().any(char::is_whitespace) {
        return Err(DomainError::invalid(
            "the entity id must be a URI of at most 1,024 characters without spaces",
        ));
    }
    if let Some(url) = &settings.logout_url {
        check_redirect_uri(url).map_err(|_| {
            DomainError::invalid("the logout URL must be an https URL (or http on localhost)")
        })?;
    }
    for certificate in [&settings.sp_certificate, &settings.encryption_certificate]
        .into_iter()
        .flatten()
    {
        check_certificate(certificate)?;
    }
    if let Some(attributes) = &settings.attributes {
        if attributes.len() > 50 {
            return Err(DomainError::invalid("at most 50 attributes"));
        }
        for (i, a) in attributes.iter().enumerate() {
            if a.name.trim().is_empty() || a.name.len() > 256 {
                return Err(DomainError::invalid(
                    "an attribute needs a name of at most 256 characters",
                ));
            }
            if !ATTRIBUTE_SOURCES.contains(&a.source.as_str()) {
                return Err(DomainError::invalid(format!(
                    "attribute {:?}: the source must be one of {}",
                    a.name,
                    ATTRIBUTE_SOURCES.join(", ")
                )));
            }
            if attributes[..i].iter().any(|b| b.name == a.name) {
                return Err(DomainError::invalid(format!(
                    "attribute {:?} is named twice",
                    a.name
                )));
            }
        }
    }
    if settings.require_signed_requests && settings.sp_certificate.is_none() {
        return Err(DomainError::invalid(
            "signed requests can only be required with the service provider's certificate",
        ));
    }
    Ok(())
}

/// A certificate must be base64 of an X.509 certificate whose key can verify.
pub(crate) fn check_certificate(certificate: &str) -> Result<(), DomainError> {
    super::request::certificate_key(certificate)
        .map(|_| ())
        .map_err(DomainError::invalid)
}

/// Parses metadata (DTDs refused, size capped) down to its `EntityDescriptor` (an
/// `EntitiesDescriptor` holding one is accepted too) and that entity's id.
pub(crate) fn entity_descriptor(
    xml: &str,
) -> Result<(uppsala::Document<'_>, uppsala::NodeId, String), String> {
    if xml.len() > 256 * 1024 {
        return Err("the metadata is too large".into());
    }
    let doc = uppsala::Parser::new()
        .with_forbid_dtd(true)
        .parse(xml)
        .map_err(|e| format!("the metadata is not well-formed XML: {e}"))?;
    let root = doc.document_element().ok_or("the metadata is empty")?;
    let entity = match doc.element(root) {
        Some(e) if e.matches_name_ns(METADATA_NS, "EntityDescriptor") => root,
        Some(e) if e.matches_name_ns(METADATA_NS, "EntitiesDescriptor") => doc
            .first_child_element_by_name_ns(root, METADATA_NS, "EntityDescriptor")
            .ok_or("the metadata describes no entity")?,
        _ => return Err("the metadata is not a SAML 2.0 EntityDescriptor".into()),
    };
    let entity_id = doc
        .get_attribute(entity, "entityID")
        .map(|e| e.trim().to_owned())
        .filter(|e| !e.is_empty())
        .ok_or("the metadata names no entityID")?;
    Ok((doc, entity, entity_id))
}

/// Reads an `EntityDescriptor` with an `SPSSODescriptor` (DTDs refused, size capped).
pub fn read_metadata(xml: &str) -> Result<SpMetadata, String> {
    let (doc, entity, entity_id) = entity_descriptor(xml)?;
    let sp = doc
        .first_child_element_by_name_ns(entity, METADATA_NS, "SPSSODescriptor")
        .ok_or("the metadata describes no service provider (SPSSODescriptor)")?;
    let mut services: Vec<(bool, i64, String)> = doc
        .child_elements_by_name_ns(sp, METADATA_NS, "AssertionConsumerService")
        .into_iter()
        .filter(|n| doc.get_attribute(*n, "Binding") == Some(POST_BINDING))
        .filter_map(|n| {
            let location = doc.get_attribute(n, "Location")?.trim().to_owned();
            let default = doc.get_attribute(n, "isDefault") == Some("true");
            let index = doc
                .get_attribute(n, "index")
                .and_then(|i| i.parse().ok())
                .unwrap_or(i64::MAX);
            Some((!default, index, location))
        })
        .collect();
    services.sort();
    let acs_urls: Vec<String> = services.into_iter().map(|(_, _, url)| url).collect();
    if acs_urls.is_empty() {
        return Err("the metadata has no HTTP-POST AssertionConsumerService".into());
    }
    let logout_url = doc
        .child_elements_by_name_ns(sp, METADATA_NS, "SingleLogoutService")
        .into_iter()
        .filter(|n| {
            matches!(
                doc.get_attribute(*n, "Binding"),
                Some(REDIRECT_BINDING) | Some(POST_BINDING)
            )
        })
        .find_map(|n| {
            doc.get_attribute(n, "ResponseLocation")
                .or_else(|| doc.get_attribute(n, "Location"))
                .map(str::to_owned)
        });
    let certificate_of = |wanted: &str| {
        doc.child_elements_by_name_ns(sp, METADATA_NS, "KeyDescriptor")
            .into_iter()
            // A descriptor without `use` serves both.
            .filter(|n| doc.get_attribute(*n, "use").is_none_or(|u| u == wanted))
            .find_map(|n| {
                doc.get_elements_by_tag_name_ns(super::DSIG_NS, "X509Certificate")
                    .into_iter()
                    .find(|c| ancestors_include(&doc, *c, n))
                    .map(|c| {
                        doc.text_content_deep(c)
                            .chars()
                            .filter(|c| !c.is_ascii_whitespace())
                            .collect::<String>()
                    })
            })
            .filter(|c| !c.is_empty())
    };
    let certificate = certificate_of("signing");
    let encryption_certificate = certificate_of("encryption");
    let name_id_format = doc
        .child_elements_by_name_ns(sp, METADATA_NS, "NameIDFormat")
        .into_iter()
        .find_map(|n| NameIdFormat::parse(doc.text_content_deep(n).trim()));
    let signs_requests = doc.get_attribute(sp, "AuthnRequestsSigned") == Some("true");
    Ok(SpMetadata {
        entity_id,
        acs_urls,
        logout_url,
        certificate,
        encryption_certificate,
        name_id_format,
        signs_requests: signs_requests && certificate_present(&doc, sp),
    })
}

fn certificate_present(doc: &uppsala::Document<'_>, sp: uppsala::NodeId) -> bool {
    !doc.child_elements_by_name_ns(sp, METADATA_NS, "KeyDescriptor")
        .is_empty()
}

pub(crate) fn ancestors_include(
    doc: &uppsala::Document<'_>,
    node: uppsala::NodeId,
    wanted: uppsala::NodeId,
) -> bool {
    let mut current = doc.parent(node);
    while let Some(id) = current {
        if id == wanted {
            return true;
        }
        current = doc.parent(id);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const SP: &str = r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://sp.example/metadata">
  <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" AuthnRequestsSigned="true">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>
      MIIB
      AAAA
    </ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:KeyDescriptor use="encryption"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>ENC</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://sp.example/slo"/>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact" Location="https://sp.example/artifact" index="0"/>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://sp.example/acs2" index="2"/>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://sp.example/acs" index="5" isDefault="true"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>"#;

    #[test]
    fn service_provider_metadata_is_read() {
        let m = read_metadata(SP).unwrap();
        assert_eq!(m.entity_id, "https://sp.example/metadata");
        assert_eq!(
            m.acs_urls,
            ["https://sp.example/acs", "https://sp.example/acs2"]
        );
        assert_eq!(m.logout_url.as_deref(), Some("https://sp.example/slo"));
        assert_eq!(
            m.certificate.as_deref(),
            Some("MIIBAAAA"),
            "the signing one, not encryption"
        );
        assert_eq!(m.name_id_format, Some(NameIdFormat::Persistent));
        assert!(m.signs_requests);
    }

    #[test]
    fn metadata_without_a_service_provider_or_with_a_dtd_is_refused() {
        let idp = SP.replace("SPSSODescriptor", "IDPSSODescriptor");
        assert!(read_metadata(&idp).unwrap_err().contains("SPSSODescriptor"));
        let dtd = format!("<!DOCTYPE x [<!ENTITY e \"e\">]>{SP}");
        assert!(read_metadata(&dtd).unwrap_err().contains("well-formed"));
        assert!(
            read_metadata("<x/>")
                .unwrap_err()
                .contains("EntityDescriptor")
        );
    }
}
