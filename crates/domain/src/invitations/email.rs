//! The invitation email and the one-time code email, in the invitation's language.
//!
//! Both are rendered from the askama templates in `crates/domain/templates/`: an HTML
//! part, in which askama escapes every value, and a plain-text part, in which nothing
//! is escaped. Translated sentences are formatted with their values
//! (`crate::texts::email`) before they reach a template, so a tenant or inviter name
//! is escaped together with the sentence around it. URLs appear in the HTML only as escaped `href`/`src` values; the caller has
//! already checked that they are http(s) and that the brand colour is `#rrggbb`.
//!
//! Rendering is pure: nothing here sends mail, reads the clock or looks up a tenant.

use askama::Template;
use entente_model::UnixTime;

use super::Language;
use super::messages::format_date;
use crate::texts::email::for_language as email_texts;

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
    /// The invitee's display name; `None` greets without a name (never with the
    /// address).
    pub invitee_name: Option<&'a str>,
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
        Some(inviter) => texts
            .subject_with_inviter
            .arg("inviter", inviter)
            .arg("tenant", tenant)
            .to_string(),
        None => texts.subject.arg("tenant", tenant).to_string(),
    };
    let (invited_by, message_heading) = match content.inviter_name {
        Some(inviter) => (
            texts
                .invited_by_inviter
                .arg("inviter", inviter)
                .arg("tenant", tenant)
                .to_string(),
            texts
                .message_from_inviter
                .arg("inviter", inviter)
                .to_string(),
        ),
        None => (
            texts.invited_by_tenant.arg("tenant", tenant).to_string(),
            texts.message_from_tenant.arg("tenant", tenant).to_string(),
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
        html_lang: content.language.bcp47(),
        subject: subject.clone(),
        brand_color: content.brand_color.unwrap_or(DEFAULT_BRAND_COLOR),
        tenant_name: tenant,
        tenant_logo_url: content.tenant_logo_url,
        app: content.app_name.map(|app| AppBranding {
            sentence: texts.invited_to_app.arg("app", app).to_string(),
            logo_url: content.app_logo_url,
        }),
        greeting: match content.invitee_name {
            Some(name) => texts.greeting.arg("name", name).to_string(),
            None => texts.greeting_without_name.to_owned(),
        },
        invited_by,
        message,
        accept_button: texts.accept_button,
        button_fallback: texts.button_fallback,
        link_intro: texts.link_intro,
        redeem_url: content.redeem_url,
        expires: texts
            .expires
            .arg("date", format_date(content.language, content.expires_at))
            .to_string(),
        contact: content.contact_url.map(|url| ContactLink {
            question: texts.contact_question,
            link_text: texts.contact_us,
            url,
        }),
        footer: texts
            .footer
            .arg("tenant", tenant)
            .arg("email", content.invited_email)
            .to_string(),
    };
    // askama drops the last line end of a template file; a text part ends with one.
    RenderedEmail {
        subject,
        text: render(&InvitationText { v: &view }) + "\n",
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
    let subject = texts.code_subject.arg("tenant", tenant_name).to_string();
    let view = CodeView {
        html_lang: language.bcp47(),
        subject: subject.clone(),
        tenant_name,
        intro: texts.code_intro.arg("email", email).to_string(),
        code,
        valid: texts.code_valid.arg("minutes", minutes_valid).to_string(),
        ignore: texts.code_ignore,
    };
    RenderedEmail {
        subject,
        text: render(&CodeText { v: &view }) + "\n",
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

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    const REDEEM_URL: &str = "https://entente.example/redeem/8f3KQz";

    fn expires_at() -> UnixTime {
        datetime!(2026-12-25 10:00 UTC).unix_timestamp()
    }

    fn content(language: Language) -> InvitationEmailContent<'static> {
        InvitationEmailContent {
            language,
            tenant_name: "Contoso Ltd",
            tenant_logo_url: Some("https://cdn.contoso.example/logo.png"),
            brand_color: Some("#aa3300"),
            app_name: Some("Expense Portal"),
            app_logo_url: Some("https://cdn.contoso.example/expenses.png"),
            inviter_name: Some("Kim Lee"),
            invitee_name: Some("Ada Lovelace"),
            invited_email: "ada@fabrikam.example",
            custom_text: Some("Welcome aboard!\nSee you on Monday."),
            redeem_url: REDEEM_URL,
            expires_at: expires_at(),
            contact_url: Some("https://contoso.example/help"),
        }
    }

    /// Per language: the HTML button, the greeting of the text part, one page string.
    const PINNED: [(Language, &str, &str, &str); 12] = [
        (
            Language::En,
            "Accept invitation",
            "Hello Ada Lovelace,",
            "My apps",
        ),
        (
            Language::De,
            "Einladung annehmen",
            "Hallo Ada Lovelace,",
            "Meine Apps",
        ),
        (
            Language::Es,
            "Aceptar invitación",
            "Hola, Ada Lovelace:",
            "Mis aplicaciones",
        ),
        (
            Language::Fr,
            "Accepter l’invitation",
            "Bonjour Ada Lovelace,",
            "Mes applications",
        ),
        (
            Language::It,
            "Accetta l’invito",
            "Ciao Ada Lovelace,",
            "Le mie app",
        ),
        (Language::Ja, "招待を承諾", "Ada Lovelace 様", "マイ アプリ"),
        (
            Language::Ko,
            "초대 수락",
            "Ada Lovelace 님, 안녕하세요.",
            "내 앱",
        ),
        (
            Language::PtBr,
            "Aceitar convite",
            "Olá, Ada Lovelace,",
            "Meus aplicativos",
        ),
        (
            Language::Ru,
            "Принять приглашение",
            "Здравствуйте, Ada Lovelace!",
            "Мои приложения",
        ),
        (
            Language::ZhHans,
            "接受邀请",
            "Ada Lovelace，你好：",
            "我的应用",
        ),
        (
            Language::ZhHant,
            "接受邀請",
            "Ada Lovelace 您好：",
            "我的應用程式",
        ),
        (
            Language::Nl,
            "Uitnodiging accepteren",
            "Beste Ada Lovelace,",
            "Mijn apps",
        ),
    ];

    #[test]
    fn an_invitation_without_a_name_greets_without_the_address() {
        for (language, greeting) in [(Language::En, "Hello,"), (Language::Ja, "こんにちは。")]
        {
            let email = render_invitation_email(&InvitationEmailContent {
                invitee_name: None,
                ..content(language)
            });
            assert!(
                email.text.contains(&format!("\n{greeting}\n")),
                "{}",
                email.text
            );
            assert!(!email.text.contains("Hello ada"), "{}", email.text);
        }
    }

    #[test]
    fn every_language_has_its_own_email_and_page_words() {
        let english = render_invitation_email(&content(Language::En));
        for (language, button, greeting, _my_apps) in PINNED {
            let email = render_invitation_email(&content(language));
            let date = format_date(language, expires_at());
            assert!(email.html.contains(&format!(">{button}</a>")), "{language}");
            assert!(
                email.text.contains(&format!("\n{greeting}\n")),
                "{language}"
            );
            assert!(email.html.contains(greeting), "{language}");
            for part in [&email.text, &email.html] {
                assert!(part.contains(REDEEM_URL), "{language}: {part}");
                assert!(part.contains(&date), "{language}: {part}");
                assert!(part.contains("Contoso Ltd"), "{language}: {part}");
                assert!(part.contains("Kim Lee"), "{language}: {part}");
                assert!(part.contains("Expense Portal"), "{language}: {part}");
                assert!(part.contains("ada@fabrikam.example"), "{language}: {part}");
                assert!(
                    !part.contains('{'),
                    "{language}: a placeholder is left: {part}"
                );
            }
            assert!(
                email
                    .html
                    .contains(&format!("<html lang=\"{}\">", language.bcp47()))
            );
            assert!(email.subject.contains("Contoso Ltd") && email.subject.contains("Kim Lee"));
            if language != Language::En {
                assert_ne!(email.subject, english.subject, "{language}");
            }
        }
        assert_eq!(english.subject, "Kim Lee invited you to Contoso Ltd");
    }

    #[test]
    fn the_text_part_puts_the_redemption_url_on_a_line_of_its_own() {
        let email = render_invitation_email(&content(Language::En));
        assert!(email.text.contains(&format!(
            "To accept the invitation, open this link:\n{REDEEM_URL}\n"
        )));
        assert!(email.html.contains(&format!("<a href=\"{REDEEM_URL}\"")));
    }

    #[test]
    fn the_parts_follow_the_product_order() {
        for language in [Language::En, Language::Ja] {
            let email = render_invitation_email(&content(language));
            let texts = email_texts(language);
            let app = texts
                .invited_to_app
                .arg("app", "Expense Portal")
                .to_string();
            let greeting = texts.greeting.arg("name", "Ada Lovelace").to_string();
            let date = format_date(language, expires_at());
            // The HTML head repeats the subject; the order that matters is the body's.
            let body = &email.html[email.html.find("<body").unwrap_or(0)..];
            for part in [email.text.as_str(), body] {
                let order = [
                    "Contoso Ltd",
                    &app,
                    &greeting,
                    "Kim Lee",
                    "Welcome aboard!",
                    REDEEM_URL,
                    &date,
                    "https://contoso.example/help",
                    "ada@fabrikam.example",
                ];
                let positions: Vec<usize> = order
                    .iter()
                    .map(|needle| part.find(needle).unwrap_or(usize::MAX))
                    .collect();
                assert!(
                    positions.windows(2).all(|pair| pair[0] < pair[1]),
                    "{language}: {positions:?}\n{part}"
                );
            }
        }
    }

    #[test]
    fn custom_text_is_escaped_in_html_and_verbatim_in_text() {
        let mut content = content(Language::En);
        content.custom_text = Some("<script>alert(1)</script>\na & b");
        let email = render_invitation_email(&content);
        // askama writes numeric character references: `&#60;` is `&lt;`, `&#38;` is `&amp;`.
        assert!(
            email
                .html
                .contains("&#60;script&#62;alert(1)&#60;/script&#62;<br>a &#38; b"),
            "{}",
            email.html
        );
        assert!(!email.html.contains("<script"));
        assert!(!email.html.contains("a & b"));
        assert!(email.text.contains("<script>alert(1)</script>\na & b\n"));
    }

    #[test]
    fn names_are_escaped_in_html_too() {
        let mut content = content(Language::En);
        content.tenant_name = "Smith & <Sons>";
        content.inviter_name = Some("\"Bob\"");
        let email = render_invitation_email(&content);
        assert!(email.html.contains("Smith &#38; &#60;Sons&#62;"));
        assert!(!email.html.contains("<Sons>"));
        assert!(!email.html.contains("\"Bob\""));
        assert!(
            email
                .text
                .contains("\"Bob\" has invited you to join Smith & <Sons> as a guest.")
        );
        assert_eq!(email.subject, "\"Bob\" invited you to Smith & <Sons>");
    }

    #[test]
    fn without_an_inviter_the_email_names_only_the_tenant() {
        let mut content = content(Language::De);
        content.inviter_name = None;
        let email = render_invitation_email(&content);
        assert_eq!(email.subject, "Einladung zu Contoso Ltd");
        assert!(
            email
                .text
                .contains("Sie wurden als Gast zu Contoso Ltd eingeladen.")
        );
        assert!(email.text.contains("Eine Nachricht von Contoso Ltd:"));
        assert!(!email.html.contains("Kim Lee"));
    }

    #[test]
    fn optional_parts_are_left_out_when_not_given() {
        let email = render_invitation_email(&InvitationEmailContent {
            tenant_logo_url: None,
            brand_color: None,
            app_name: None,
            app_logo_url: None,
            custom_text: Some(" \n "),
            contact_url: None,
            ..content(Language::En)
        });
        assert!(!email.html.contains("<img"));
        assert!(!email.html.contains("invited to use"));
        assert!(!email.html.contains("A message from"));
        assert!(!email.text.contains("A message from"));
        assert!(!email.html.contains("Questions about"));
        assert!(!email.text.contains("Questions about"));
        assert!(email.html.contains("background-color:#2f5fb3;"));
        assert!(!email.text.contains("\n\n\n"), "{}", email.text);
    }

    #[test]
    fn branding_uses_the_tenant_colour_and_logos() {
        let email = render_invitation_email(&content(Language::En));
        assert!(email.html.contains("background-color:#aa3300;"));
        assert!(!email.html.contains("#2f5fb3"));
        assert!(
            email
                .html
                .contains("<img src=\"https://cdn.contoso.example/logo.png\"")
        );
        assert!(
            email
                .html
                .contains("<img src=\"https://cdn.contoso.example/expenses.png\"")
        );
        assert!(
            email
                .html
                .contains("<a href=\"https://contoso.example/help\"")
        );
        assert!(
            email
                .text
                .contains("Questions about this invitation?\nhttps://contoso.example/help\n")
        );
        assert!(email.html.contains("Welcome aboard!<br>See you on Monday."));
        assert!(
            email
                .text
                .contains("A message from Kim Lee:\nWelcome aboard!\nSee you on Monday.\n")
        );
    }

    #[test]
    fn the_code_email_shows_the_code_and_its_validity_in_every_language() {
        let english = render_code_email(
            Language::En,
            "Contoso Ltd",
            "ada@fabrikam.example",
            "48291563",
            10,
        );
        assert_eq!(english.subject, "Your verification code for Contoso Ltd");
        assert!(english.text.contains("\n48291563\n"));
        assert!(english.text.contains("The code is valid for 10 minutes."));
        assert!(english.text.contains("If you did not request this code"));
        for language in Language::ALL {
            let email = render_code_email(
                language,
                "Contoso Ltd",
                "ada@fabrikam.example",
                "48291563",
                10,
            );
            let texts = email_texts(language);
            assert!(email.subject.contains("Contoso Ltd"), "{language}");
            if language != Language::En {
                assert_ne!(email.subject, english.subject, "{language}");
            }
            for part in [&email.text, &email.html] {
                assert!(part.contains("48291563"), "{language}");
                assert!(part.contains("ada@fabrikam.example"), "{language}");
                assert!(part.contains("10"), "{language}");
                assert!(part.contains(texts.code_ignore), "{language}");
                assert!(!part.contains('{'), "{language}: {part}");
            }
        }
        let escaped = render_code_email(Language::Fr, "A&B", "<x@example.com>", "1", 5);
        assert!(
            escaped.html.contains("A&#38;B") && escaped.html.contains("&#60;x@example.com&#62;")
        );
        assert!(escaped.text.contains("<x@example.com>"));
    }
}
