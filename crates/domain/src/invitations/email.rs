//! PLACEHOLDER until the localized email lands (replaced by the i18n branch).

use entente_model::UnixTime;

use super::Language;

pub struct InvitationEmailContent<'a> {
    pub language: Language,
    pub tenant_name: &'a str,
    pub tenant_logo_url: Option<&'a str>,
    pub brand_color: Option<&'a str>,
    pub app_name: Option<&'a str>,
    pub app_logo_url: Option<&'a str>,
    pub inviter_name: Option<&'a str>,
    pub invitee_name: &'a str,
    pub invited_email: &'a str,
    pub custom_text: Option<&'a str>,
    pub redeem_url: &'a str,
    pub expires_at: UnixTime,
    pub contact_url: Option<&'a str>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderedEmail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub fn render_invitation_email(content: &InvitationEmailContent<'_>) -> RenderedEmail {
    RenderedEmail {
        subject: format!("You are invited to {}", content.tenant_name),
        text: format!(
            "{}\n{}\n",
            content.custom_text.unwrap_or(""),
            content.redeem_url
        ),
        html: format!("<a href=\"{}\">Accept</a>", content.redeem_url),
    }
}

pub fn render_code_email(
    _language: Language,
    tenant_name: &str,
    _email: &str,
    code: &str,
    minutes_valid: u32,
) -> RenderedEmail {
    RenderedEmail {
        subject: format!("Your verification code for {tenant_name}"),
        text: format!("{code} ({minutes_valid} minutes)"),
        html: format!("<b>{code}</b>"),
    }
}
