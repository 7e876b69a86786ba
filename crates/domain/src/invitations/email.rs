//! The invitation email and the one-time code email, in the invitation's language.
//!
//! Both are rendered from the askama templates in `crates/domain/templates/`: an HTML
//! part, in which askama escapes every value, and a plain-text part, in which nothing
//! is escaped. Translated sentences are filled in ([`fill`]) before they reach a
//! template, so a tenant or inviter name is escaped together with the sentence around
//! it. URLs appear in the HTML only as escaped `href`/`src` values; the caller has
//! already checked that they are http(s) and that the brand colour is `#rrggbb`.
//!
//! Rendering is pure: nothing here sends mail, reads the clock or looks up a tenant.

use askama::Template;
use entente_model::UnixTime;

use super::messages::{email_texts, fill, format_date, page_texts};
use super::Language;

/// Everything the invitation email shows; the caller has looked it all up.
#[derive(Clone, Debug)]
pub struct InvitationEmailContent<'a> {
    pub language: Language,
    pub tenant_name: &'a str,
    pub tenant_logo_url: Option<&'a str>,
    /// Already validated "#rrggbb" by the caller; a default blue when `None`.
    pub brand_color: Option<&'a str>,
    /// App branding (the InviteAppID application).
    pub app_name: Option<&'a str>,
    pub app_logo_url: Option<&'a str>,
    /// `None`: sentences without the inviter.
    pub inviter_name: Option<&'a str>,
    pub invitee_name: &'a str,
    pub invited_email: &'a str,
    /// The inviter's own message: user input, escaped in the HTML part, line breaks kept.
    pub custom_text: Option<&'a str>,
    pub redeem_url: &'a str,
    pub expires_at: UnixTime,
    pub contact_url: Option<&'a str>,
}

/// A rendered email: its subject and its plain-text and HTML bodies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderedEmail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The header bar and button colour of a tenant that chose none.
const DEFAULT_BRAND_COLOR: &str = "#2f5fb3";

/// The invitation email, in the order PRODUCT.md gives: tenant branding, app branding,
/// greeting, who invited, the inviter's message, the redemption link, the expiry date,
/// a contact link and a footer saying why the email came.
pub fn render_invitation_email(content: &InvitationEmailContent<'_>) -> RenderedEmail {
    let texts = email_texts(content.language);
    let tenant = content.tenant_name;
    let subject = match content.inviter_name {
        Some(inviter) => fill(
            texts.subject_with_inviter,
            &[("inviter", inviter), ("tenant", tenant)],
        ),
        None => fill(texts.subject, &[("tenant", tenant)]),
    };
    let (invited_by, message_heading) = match content.inviter_name {
        Some(inviter) => (
            fill(
                texts.invited_by_inviter,
                &[("inviter", inviter), ("tenant", tenant)],
            ),
            fill(texts.message_from_inviter, &[("inviter", inviter)]),
        ),
        None => (
            fill(texts.invited_by_tenant, &[("tenant", tenant)]),
            fill(texts.message_from_tenant, &[("tenant", tenant)]),
        ),
    };
    // An inviter who typed only blank lines has nothing to say; show no empty box.
    let message = content
        .custom_text
        .filter(|text| !text.trim().is_empty())
        .map(|text| CustomMessage {
            heading: message_heading,
            text,
            lines: text.lines().collect(),
        });
    let view = InvitationView {
        html_lang: page_texts(content.language).html_lang,
        subject: subject.clone(),
        brand_color: content.brand_color.unwrap_or(DEFAULT_BRAND_COLOR),
        tenant_name: tenant,
        tenant_logo_url: content.tenant_logo_url,
        app: content.app_name.map(|app| AppBranding {
            sentence: fill(texts.invited_to_app, &[("app", app)]),
            logo_url: content.app_logo_url,
        }),
        greeting: fill(texts.greeting, &[("name", content.invitee_name)]),
        invited_by,
        message,
        accept_button: texts.accept_button,
        button_fallback: texts.button_fallback,
        link_intro: texts.link_intro,
        redeem_url: content.redeem_url,
        expires: fill(
            texts.expires,
            &[("date", &format_date(content.language, content.expires_at))],
        ),
        contact: content.contact_url.map(|url| ContactLink {
            question: texts.contact_question,
            link_text: texts.contact_us,
            url,
        }),
        footer: fill(
            texts.footer,
            &[("tenant", tenant), ("email", content.invited_email)],
        ),
    };
    RenderedEmail {
        subject,
        text: render(&InvitationText { v: &view }),
        html: render(&InvitationHtml { v: &view }),
    }
}

/// The email carrying a one-time code (sign-up by email verification, or proving an address).
pub fn render_code_email(
    language: Language,
    tenant_name: &str,
    email: &str,
    code: &str,
    minutes_valid: u32,
) -> RenderedEmail {
    let texts = email_texts(language);
    let subject = fill(texts.code_subject, &[("tenant", tenant_name)]);
    let view = CodeView {
        html_lang: page_texts(language).html_lang,
        subject: subject.clone(),
        tenant_name,
        intro: fill(texts.code_intro, &[("email", email)]),
        code,
        valid: fill(
            texts.code_valid,
            &[("minutes", &minutes_valid.to_string())],
        ),
        ignore: texts.code_ignore,
    };
    RenderedEmail {
        subject,
        text: render(&CodeText { v: &view }),
        html: render(&CodeHtml { v: &view }),
    }
}

/// Renders a template whose values are all strings.
fn render(template: &impl Template) -> String {
    // askama fails only when a value's `Display` fails or the output cannot be
    // written; neither can happen for strings rendered into a `String`.
    template.render().unwrap_or_default()
}

/// The values both parts of the invitation email show, filled and in their language.
struct InvitationView<'a> {
    html_lang: &'static str,
    subject: String,
    brand_color: &'a str,
    tenant_name: &'a str,
    tenant_logo_url: Option<&'a str>,
    app: Option<AppBranding<'a>>,
    greeting: String,
    invited_by: String,
    message: Option<CustomMessage<'a>>,
    accept_button: &'static str,
    button_fallback: &'static str,
    link_intro: &'static str,
    redeem_url: &'a str,
    expires: String,
    contact: Option<ContactLink<'a>>,
    footer: String,
}

struct AppBranding<'a> {
    sentence: String,
    logo_url: Option<&'a str>,
}

/// The inviter's message: verbatim for the text part, split into lines for the HTML
/// part, which joins them with `<br>` (email clients ignore `white-space` too often).
struct CustomMessage<'a> {
    heading: String,
    text: &'a str,
    lines: Vec<&'a str>,
}

struct ContactLink<'a> {
    question: &'static str,
    link_text: &'static str,
    url: &'a str,
}

#[derive(Template)]
#[template(path = "invitation_email.html")]
struct InvitationHtml<'a> {
    v: &'a InvitationView<'a>,
}

#[derive(Template)]
#[template(path = "invitation_email.txt")]
struct InvitationText<'a> {
    v: &'a InvitationView<'a>,
}

struct CodeView<'a> {
    html_lang: &'static str,
    subject: String,
    tenant_name: &'a str,
    intro: String,
    code: &'a str,
    valid: String,
    ignore: &'static str,
}

#[derive(Template)]
#[template(path = "code_email.html")]
struct CodeHtml<'a> {
    v: &'a CodeView<'a>,
}

#[derive(Template)]
#[template(path = "code_email.txt")]
struct CodeText<'a> {
    v: &'a CodeView<'a>,
}
