//! What the portal says around a change: a confirmation before each destructive
//! action, and a notice after each change.
//!
//! A destructive form posts once without `confirm=yes`: the answer is a page naming
//! the object and what follows, whose form posts the same fields again with
//! `confirm=yes` (and the CSRF token, checked on both posts). No script is needed.
//!
//! After a change the portal redirects to a page with `?notice={code}&of={id}`. The
//! code picks a sentence of the `deleted` catalog in the reader's language and the id
//! names the object whose name (read from the directory, with the reader's own
//! permissions) fills it, so an address can make the portal say only its own
//! sentences about objects the reader may see, never text of its own.

use crate::texts::access::AccessTexts;
use crate::texts::deleted::DeletedItemsTexts;
use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use entente_domain::access::Area;
use entente_i18n::Message;
use serde::Deserialize;
use uuid::Uuid;

use super::{Admin, Nav};
use crate::AppState;
use crate::pages::page;

/// A destructive form's fields beyond its own: `confirm=yes` once confirmed.
#[derive(Deserialize, Default)]
pub(crate) struct ConfirmForm {
    #[serde(default)]
    pub confirm: String,
}

impl ConfirmForm {
    pub fn confirmed(&self) -> bool {
        self.confirm == "yes"
    }
}

/// What a confirmation page asks, says and posts.
pub(crate) struct Confirmation {
    /// The question, naming the object ("Delete the user Ada?").
    pub question: String,
    /// What follows, one sentence a paragraph.
    pub consequences: Vec<String>,
    /// Where the confirmed form posts.
    pub action: String,
    /// The fields posted again (besides `csrf` and `confirm`).
    pub fields: Vec<(String, String)>,
    pub button: String,
    /// Where "Cancel" leads.
    pub cancel: String,
}

#[derive(Template)]
#[template(path = "admin/confirm.html")]
struct ConfirmPage {
    nav: Nav,
    confirmation: Confirmation,
}

/// The confirmation page of `section`.
pub(crate) fn confirm(
    admin: &Admin,
    section: &'static str,
    confirmation: Confirmation,
) -> Response {
    let page_data = ConfirmPage {
        nav: admin.nav(section),
        confirmation,
    };
    admin.respond(page(StatusCode::OK, &page_data))
}

/// `text` with `$name` filled.
pub(crate) fn named(text: Message, name: &str) -> String {
    text.arg("name", name).to_string()
}

/// The sentences a notice code stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Notice {
    Saved,
    UserCreated,
    GroupCreated,
    Registered,
    MemberAdded,
    MemberRemoved,
    Deleted,
    Restored,
    Purged,
    Blocked,
    Unblocked,
    SecretRemoved,
    CertificateRemoved,
    RedemptionReset,
    AccessDefaultSaved,
    AccessDefaultReset,
    PartnerAdded,
    PartnerSaved,
    PartnerRemoved,
}

impl Notice {
    const ALL: [(Notice, &'static str); 19] = [
        (Notice::Saved, "saved"),
        (Notice::UserCreated, "user-created"),
        (Notice::GroupCreated, "group-created"),
        (Notice::Registered, "registered"),
        (Notice::MemberAdded, "member-added"),
        (Notice::MemberRemoved, "member-removed"),
        (Notice::Deleted, "deleted"),
        (Notice::Restored, "restored"),
        (Notice::Purged, "purged"),
        (Notice::Blocked, "blocked"),
        (Notice::Unblocked, "unblocked"),
        (Notice::SecretRemoved, "secret-removed"),
        (Notice::CertificateRemoved, "certificate-removed"),
        (Notice::RedemptionReset, "redemption-reset"),
        (Notice::AccessDefaultSaved, "access-saved"),
        (Notice::AccessDefaultReset, "access-reset"),
        (Notice::PartnerAdded, "partner-added"),
        (Notice::PartnerSaved, "partner-saved"),
        (Notice::PartnerRemoved, "partner-removed"),
    ];

    fn code(self) -> &'static str {
        Notice::ALL
            .iter()
            .find(|(n, _)| *n == self)
            .map_or("", |(_, c)| c)
    }

    fn parse(code: &str) -> Option<Notice> {
        Notice::ALL
            .iter()
            .find(|(_, c)| *c == code)
            .map(|(n, _)| *n)
    }

    /// The notice's sentence, which names its object except after a purge and the
    /// cross-tenant access changes (whose page names the partner).
    fn text(
        self,
        texts: &'static DeletedItemsTexts,
        access: &'static AccessTexts,
    ) -> Result<&'static str, Message> {
        Err(match self {
            Notice::Purged => return Ok(texts.notice_purged),
            Notice::AccessDefaultSaved => return Ok(access.notice_default_saved),
            Notice::AccessDefaultReset => return Ok(access.notice_default_reset),
            Notice::PartnerAdded => return Ok(access.notice_partner_added),
            Notice::PartnerSaved => return Ok(access.notice_partner_saved),
            Notice::PartnerRemoved => return Ok(access.notice_partner_removed),
            Notice::Saved => texts.notice_saved,
            Notice::UserCreated => texts.notice_created_user,
            Notice::GroupCreated => texts.notice_created_group,
            Notice::Registered => texts.notice_registered,
            Notice::MemberAdded => texts.notice_member_added,
            Notice::MemberRemoved => texts.notice_member_removed,
            Notice::Deleted => texts.notice_deleted,
            Notice::Restored => texts.notice_restored,
            Notice::Blocked => texts.notice_blocked,
            Notice::Unblocked => texts.notice_unblocked,
            Notice::SecretRemoved => texts.notice_secret_removed,
            Notice::CertificateRemoved => texts.notice_certificate_removed,
            Notice::RedemptionReset => texts.notice_redemption_reset,
        })
    }

    /// `path` with this notice about the object `of`.
    pub fn on(self, path: &str, of: impl std::fmt::Display) -> String {
        let join = if path.contains('?') { '&' } else { '?' };
        format!("{path}{join}notice={}&of={of}", self.code())
    }
}

/// The notice a portal address asks for, in the reader's language, or none when the
/// code is unknown or the object cannot be named by this reader.
pub(crate) async fn notice(state: &AppState, admin: &Admin, query: Option<&str>) -> Option<String> {
    let query = query?;
    let (mut code, mut of) = (None, None);
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        match key.as_ref() {
            "notice" => code = Notice::parse(&value),
            "of" => of = value.parse::<Uuid>().ok(),
            _ => {}
        }
    }
    let notice = code?;
    let access = crate::texts::access::for_language(admin.language);
    let text = match notice.text(admin.deleted_texts(), access) {
        Ok(plain) => return Some(plain.to_owned()),
        Err(named) => named,
    };
    let id = of?;
    let name = match notice {
        Notice::Deleted => {
            entente_domain::deleted_items::deleted_item(&state.services, &admin.caller, id)
                .await
                .ok()
                .map(|item| item.display_name().to_owned())
        }
        _ => live_name(state, admin, id).await,
    }?;
    Some(named(text, &name))
}

/// The display name of the user, group or application `id`, as far as the reader may
/// read it.
async fn live_name(state: &AppState, admin: &Admin, id: Uuid) -> Option<String> {
    let services = &state.services;
    if let Ok(access) = admin.caller.read(Area::Users)
        && let Ok(user) =
            entente_domain::directory::get_user(services, access, entente_model::UserId(id)).await
    {
        return Some(user.display_name);
    }
    if let Ok(access) = admin.caller.read(Area::Groups)
        && let Ok(group) =
            entente_domain::directory::get_group(services, access, entente_model::GroupId(id)).await
    {
        return Some(group.display_name);
    }
    if let Ok(access) = admin.caller.read(Area::Applications)
        && let Ok(view) =
            entente_domain::directory::get_application(services, access, entente_model::AppId(id))
                .await
    {
        return Some(view.application.display_name);
    }
    // Another organization's application, by this tenant's service principal of it.
    if let Ok(access) = admin.caller.read(Area::Applications)
        && let Ok(row) = entente_domain::multi_tenant::principal(services, access, id).await
    {
        return Some(row.application.display_name);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::Notice;

    #[test]
    fn every_notice_code_reads_back_as_itself() {
        for (notice, code) in Notice::ALL {
            assert_eq!(Notice::parse(code), Some(notice));
            assert_eq!(notice.code(), code);
        }
        assert_eq!(Notice::parse("<script>"), None);
        assert_eq!(
            Notice::Deleted.on("/t/admin/users", "x"),
            "/t/admin/users?notice=deleted&of=x"
        );
        assert_eq!(
            Notice::Saved.on("/t/admin/users?q=a", "x"),
            "/t/admin/users?q=a&notice=saved&of=x"
        );
    }
}
