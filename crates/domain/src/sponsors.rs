//! Sponsors (Graph's `sponsors`, decision 0015): the member users and groups of a
//! tenant who answer for one of its users, a guest mostly. Read and changed with the
//! users permissions; each change is audited on the sponsored user.

use std::collections::{BTreeMap, HashMap, HashSet};

use entente_i18n::Language;
use entente_model::{Actor, DirectoryRole, PrincipalType, TenantId, UnixTime, UserId, UserType};
use entente_storage::{Db, SPONSORED_LIST_LIMIT, SponsorRow, SponsoredUser};
use serde_json::json;

use crate::mail::{OutgoingEmail, enqueue_email};

use crate::access::{ReadAccess, WriteAccess};
use crate::{DomainError, Services};

/// The sponsors of a user of the tenant.
pub async fn list(
    services: &Services,
    access: ReadAccess,
    user: UserId,
) -> Result<Vec<SponsorRow>, DomainError> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    if db.user_by_id(access.tenant, user).await?.is_none() {
        return Err(DomainError::NotFound);
    }
    Ok(db.sponsors_of(access.tenant, user).await?)
}

/// Why a sponsor was not added; the API says it in English, the portal in the
/// reader's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SponsorRefusal {
    /// No member user or group of the tenant has that id (or address).
    NotFound,
    /// A guest answers to the tenant, not for it.
    Guest,
    /// A user cannot sponsor itself.
    Itself,
    /// It sponsors the user already.
    Already,
}

impl SponsorRefusal {
    fn into_error(self) -> DomainError {
        match self {
            SponsorRefusal::NotFound => DomainError::NotFound,
            SponsorRefusal::Guest => {
                DomainError::invalid("a guest cannot be a sponsor: name a member user or a group")
            }
            SponsorRefusal::Itself => DomainError::invalid("a user cannot sponsor itself"),
            SponsorRefusal::Already => {
                DomainError::Conflict("this sponsor is already a sponsor of the user".into())
            }
        }
    }
}

/// Makes a member user or a group of the tenant a sponsor of `user`. A guest cannot
/// sponsor (it answers to the tenant, not for it), nor can a user sponsor itself;
/// naming a sponsor twice is a conflict, as adding a group member twice is.
pub async fn add(
    services: &Services,
    access: &WriteAccess,
    user: UserId,
    sponsor: uuid::Uuid,
    now: UnixTime,
) -> Result<(), DomainError> {
    let named = sponsor.to_string();
    match add_named(services, access, user, &named, now).await? {
        Ok(_) => Ok(()),
        Err(refusal) => Err(refusal.into_error()),
    }
}

/// [`add`] with the sponsor named as the portal's field takes it: an object id, or a
/// member's address (principal name or mail). Answers the sponsor's name.
pub async fn add_named(
    services: &Services,
    access: &WriteAccess,
    user: UserId,
    named: &str,
    now: UnixTime,
) -> Result<Result<String, SponsorRefusal>, DomainError> {
    let mut tx = services.store.write().await?;
    let mut db = tx.db();
    let Some(sponsored) = db.user_by_id(access.tenant, user).await? else {
        return Err(DomainError::NotFound);
    };
    let named = named.trim();
    let person = match uuid::Uuid::parse_str(named) {
        Ok(id) => db.user_by_id(access.tenant, UserId(id)).await?,
        Err(_) => {
            let address = crate::address::normalize(named);
            match db.user_by_principal_name(access.tenant, &address).await? {
                Some(person) => Some(person),
                None => db.user_by_mail(access.tenant, &address).await?,
            }
        }
    };
    let (sponsor, kind, name) = match person {
        Some(person) if person.id == user => return Ok(Err(SponsorRefusal::Itself)),
        Some(person) if person.user_type == UserType::Guest => {
            return Ok(Err(SponsorRefusal::Guest));
        }
        Some(person) => (person.id.0, PrincipalType::User, person.display_name),
        None => match uuid::Uuid::parse_str(named) {
            Ok(id) => match db
                .group_by_id(access.tenant, entente_model::GroupId(id))
                .await?
            {
                Some(group) => (id, PrincipalType::Group, group.display_name),
                // Another tenant's id is "not found" too, never anything more.
                None => return Ok(Err(SponsorRefusal::NotFound)),
            },
            Err(_) => return Ok(Err(SponsorRefusal::NotFound)),
        },
    };
    if !db
        .add_sponsor(access.tenant, user, sponsor, kind, now)
        .await?
    {
        return Ok(Err(SponsorRefusal::Already));
    }
    let details = json!({
        "sponsorId": sponsor.to_string(), "sponsorType": kind.as_str(), "sponsorName": name,
        "userName": sponsored.display_name,
    });
    db.append_audit(
        access.tenant,
        now,
        &access.actor,
        "Add sponsor",
        "User",
        Some(&user.to_string()),
        &details,
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(name))
}

/// Ends a sponsorship.
pub async fn remove(
    services: &Services,
    access: &WriteAccess,
    user: UserId,
    sponsor: uuid::Uuid,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    let mut db = tx.db();
    if !db.remove_sponsor(access.tenant, user, sponsor).await? {
        return Err(DomainError::NotFound);
    }
    db.append_audit(
        access.tenant,
        now,
        &access.actor,
        "Remove sponsor",
        "User",
        Some(&user.to_string()),
        &json!({ "sponsorId": sponsor.to_string() }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The users the signed-in `user` answers for ("my guests" in My Apps): those it
/// sponsors, and those sponsored by a group it belongs to. A session is the proof: a
/// user sees only whom it answers for itself.
pub async fn answered_for(
    services: &Services,
    tenant: TenantId,
    user: UserId,
) -> Result<Vec<SponsoredUser>, DomainError> {
    let mut conn = services.store.read().await?;
    Ok(conn
        .db()
        .sponsored_through(tenant, user, SPONSORED_LIST_LIMIT)
        .await?)
}

/// How many guests a notice names before "and N more".
const NOTICE_NAMES: usize = 20;

/// Tells, on the caller's transaction, who must know that `sponsor` (a user deleted
/// or blocked, or a group deleted) no longer answers for the users it sponsored: the
/// remaining sponsors of each who still has one, and the tenant's administrators of
/// those nobody answers for now (they are then listed as unsponsored). One email per
/// recipient, naming the guests; nothing when `sponsor` sponsored nobody.
pub(crate) async fn sponsor_left(
    db: &mut Db<'_>,
    services: &Services,
    tenant: TenantId,
    sponsor: uuid::Uuid,
    sponsor_name: &str,
    now: UnixTime,
) -> Result<usize, DomainError> {
    let sponsored = db.sponsored_by(tenant, sponsor, i64::MAX).await?;
    if sponsored.is_empty() {
        return Ok(0);
    }
    let ids: Vec<UserId> = sponsored.iter().map(|u| u.id).collect();
    let (still_sponsored, answering) = db.active_sponsors(tenant, &ids).await?;
    let still: HashSet<UserId> = still_sponsored.into_iter().collect();
    let name_of: HashMap<UserId, &SponsoredUser> = sponsored.iter().map(|u| (u.id, u)).collect();
    let Some(tenant_row) = db.tenant_by_id(tenant).await? else {
        return Ok(0);
    };
    // Remaining sponsors, each with the guests it still answers for.
    let mut letters: BTreeMap<String, (Language, Vec<&SponsoredUser>)> = BTreeMap::new();
    for answer in &answering {
        if let Some(user) = name_of.get(&answer.user_id) {
            letters
                .entry(answer.mail.clone())
                .or_insert_with(|| (language_of(answer.language.as_deref()), Vec::new()))
                .1
                .push(user);
        }
    }
    let base = &services.settings.public_base_url;
    let mut sent = 0;
    for (mail, (language, guests)) in &letters {
        let link = format!("{base}/{tenant}/myapps");
        let text = notice(
            *language,
            &tenant_row.display_name,
            sponsor_name,
            guests,
            false,
            &link,
        );
        queue_notice(db, services, &tenant_row, mail, text, now).await?;
        sent += 1;
    }
    let orphans: Vec<&SponsoredUser> = sponsored
        .iter()
        .filter(|u| !still.contains(&u.id))
        .collect();
    if !orphans.is_empty() {
        let link = format!("{base}/{tenant}/admin/users?kind=unsponsored");
        for (_, mail, language) in db
            .role_holders_with_mail(tenant, DirectoryRole::GlobalAdministrator)
            .await?
        {
            let language = language_of(language.as_deref());
            let text = notice(
                language,
                &tenant_row.display_name,
                sponsor_name,
                &orphans,
                true,
                &link,
            );
            queue_notice(db, services, &tenant_row, &mail, text, now).await?;
            sent += 1;
        }
    }
    db.append_audit(
        tenant,
        now,
        &Actor::System,
        "Sponsor left",
        "User",
        Some(&sponsor.to_string()),
        &json!({
            "sponsorName": sponsor_name, "sponsored": sponsored.len(),
            "unsponsored": orphans.len(), "notices": sent,
        }),
    )
    .await?;
    Ok(sent)
}

/// The language of a user's emails: its `preferredLanguage`, else English.
pub(crate) fn language_of(preferred: Option<&str>) -> Language {
    preferred.and_then(Language::from_tag).unwrap_or_default()
}

/// The sponsor-left notice's subject and text in `language`.
fn notice(
    language: Language,
    tenant: &str,
    sponsor: &str,
    guests: &[&SponsoredUser],
    unsponsored: bool,
    link: &str,
) -> (String, String) {
    let texts = crate::texts::email::for_language(language);
    let subject = texts
        .sponsor_left_subject
        .arg("tenant", tenant)
        .arg("sponsor", sponsor)
        .to_string();
    let intro = if unsponsored {
        &texts.sponsor_left_unsponsored
    } else {
        &texts.sponsor_left_remaining
    };
    let mut text = intro
        .arg("tenant", tenant)
        .arg("sponsor", sponsor)
        .to_string();
    text.push_str("\n\n");
    let named: Vec<(&str, Option<&str>)> = guests
        .iter()
        .map(|g| (g.display_name.as_str(), g.mail.as_deref()))
        .collect();
    text.push_str(&guest_list(language, &named, link));
    (subject, text)
}

/// A notice's list of guests (up to [`NOTICE_NAMES`], then "and N more"), and the
/// link to them, in `language`.
pub(crate) fn guest_list(
    language: Language,
    guests: &[(&str, Option<&str>)],
    link: &str,
) -> String {
    let texts = crate::texts::email::for_language(language);
    let mut text = String::new();
    for (name, mail) in guests.iter().take(NOTICE_NAMES) {
        match mail {
            Some(mail) => text.push_str(&format!("- {name} <{mail}>\n")),
            None => text.push_str(&format!("- {name}\n")),
        }
    }
    if guests.len() > NOTICE_NAMES {
        let more = texts
            .sponsor_left_more
            .arg("count", guests.len() - NOTICE_NAMES);
        text.push_str(&format!("- {more}\n"));
    }
    text.push('\n');
    text.push_str(texts.sponsor_left_link);
    text.push('\n');
    text.push_str(link);
    text.push('\n');
    text
}

pub(crate) async fn queue_notice(
    db: &mut Db<'_>,
    services: &Services,
    tenant: &entente_model::Tenant,
    to: &str,
    (subject, text): (String, String),
    now: UnixTime,
) -> Result<(), DomainError> {
    let email = OutgoingEmail {
        from: services.settings.mail_sender.of(&tenant.display_name),
        to: vec![to.to_owned()],
        cc: Vec::new(),
        subject,
        text,
        html: None,
    };
    enqueue_email(db, services, tenant.id, &email, now).await?;
    Ok(())
}
