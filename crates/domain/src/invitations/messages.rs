//! The words of an invitation in each of its twelve languages.
//!
//! This module holds every translated string of the redemption pages ([`PageTexts`])
//! and of the invitation and code emails ([`EmailTexts`]), the date format of each
//! language ([`format_date`]) and the one way to put values into a translated string
//! ([`fill`]). Translated strings carry their variable parts as `{name}` placeholders,
//! never HTML: escaping is the job of whoever renders them. Every language has every
//! string; there is no fallback to English.
//!
//! Nothing here reads the clock or the environment: the time to format is passed in.

use entente_model::UnixTime;
use time::{OffsetDateTime, PrimitiveDateTime};

use super::Language;

/// Fills `{name}` placeholders of a translated string. Unknown placeholders stay as they are.
///
/// Values are inserted verbatim and never scanned again, so a value that itself
/// contains braces (a tenant named `{app}`) cannot pull in another value.
///
/// A placeholder may carry the word before it, for languages that elide it before a
/// vowel: French writes `{de:inviter}`, which becomes "de Marie" but "d’admin"
/// (and `{que:tenant}`, "qu’Acme"). See [`placeholder_name`].
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let raw = &after[..close];
            let name = placeholder_name(raw);
            values
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (raw, *value, close))
        });
        match value {
            Some((raw, value, close)) => {
                if let Some((word, _)) = raw.split_once(':') {
                    push_elided(&mut out, word, value);
                }
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The value's name in a placeholder: `inviter` in both `{inviter}` and
/// `{de:inviter}`.
pub fn placeholder_name(raw: &str) -> &str {
    raw.split_once(':').map_or(raw, |(_, name)| name)
}

/// Writes `word` before `value`: whole and followed by a space, or, before a vowel,
/// elided to its last letter's place taken by an apostrophe ("de" → "d’").
fn push_elided(out: &mut String, word: &str, value: &str) {
    let vowel = value
        .chars()
        .next()
        .is_some_and(|c| "aeiouàâäéèêëîïôöûüœæ".contains(c.to_lowercase().next().unwrap_or(c)));
    let mut letters = word.chars();
    if vowel && letters.next_back().is_some() {
        out.push_str(letters.as_str());
        out.push('’');
    } else {
        out.push_str(word);
        out.push(' ');
    }
}

/// The date an invitation expires, written as people of that language write a date
/// (en: "25 December 2026", de: "25. Dezember 2026", nl: "25 december 2026", fr: "25 décembre 2026",
///  ja/zh: "2026年12月25日", ko: "2026년 12월 25일", ru: "25 декабря 2026 г.", pt-BR: "25 de dezembro de 2026", es: "25 de diciembre de 2026", it: "25 dicembre 2026"), in UTC.
///
/// French, Italian and Brazilian Portuguese write the first day of a month as an
/// ordinal ("1er décembre", "1º dicembre", "1º de dezembro"), as their style guides ask.
/// A time beyond the years the `time` crate can represent is shown as the nearest
/// date it can.
pub fn format_date(language: Language, at: UnixTime) -> String {
    let date = OffsetDateTime::from_unix_timestamp(at)
        .unwrap_or(if at < 0 {
            PrimitiveDateTime::MIN.assume_utc()
        } else {
            PrimitiveDateTime::MAX.assume_utc()
        })
        .date();
    let (year, day) = (date.year(), date.day());
    // `Month` converts to its number, 1 for January.
    let month_number = u8::from(date.month());
    let month_index = usize::from(month_number) - 1;
    let month = |names: &[&'static str; 12]| -> &'static str { names[month_index] };
    match language {
        Language::En => format!("{day} {} {year}", month(&EN_MONTHS)),
        Language::De => format!("{day}. {} {year}", month(&DE_MONTHS)),
        Language::Nl => format!("{day} {} {year}", month(&NL_MONTHS)),
        Language::Fr if day == 1 => format!("1er {} {year}", month(&FR_MONTHS)),
        Language::Fr => format!("{day} {} {year}", month(&FR_MONTHS)),
        Language::It if day == 1 => format!("1º {} {year}", month(&IT_MONTHS)),
        Language::It => format!("{day} {} {year}", month(&IT_MONTHS)),
        Language::Es => format!("{day} de {} de {year}", month(&ES_MONTHS)),
        Language::PtBr if day == 1 => format!("1º de {} de {year}", month(&PT_MONTHS)),
        Language::PtBr => format!("{day} de {} de {year}", month(&PT_MONTHS)),
        Language::Ru => format!("{day} {} {year} г.", month(&RU_MONTHS_GENITIVE)),
        Language::Ja | Language::ZhHans | Language::ZhHant => {
            format!("{year}年{month_number}月{day}日")
        }
        Language::Ko => format!("{year}년 {month_number}월 {day}일"),
    }
}

// `time` names months in English only; these are the names as they stand in a date.
#[rustfmt::skip]
const EN_MONTHS: [&str; 12] = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
];
#[rustfmt::skip]
const DE_MONTHS: [&str; 12] = [
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
    "Oktober", "November", "Dezember",
];
#[rustfmt::skip]
const NL_MONTHS: [&str; 12] = [
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
];
#[rustfmt::skip]
const FR_MONTHS: [&str; 12] = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
];
#[rustfmt::skip]
const IT_MONTHS: [&str; 12] = [
    "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
    "settembre", "ottobre", "novembre", "dicembre",
];
#[rustfmt::skip]
const ES_MONTHS: [&str; 12] = [
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre",
];
#[rustfmt::skip]
const PT_MONTHS: [&str; 12] = [
    "janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro",
    "outubro", "novembro", "dezembro",
];
// Russian puts the month of a date in the genitive case ("25 декабря").
#[rustfmt::skip]
const RU_MONTHS_GENITIVE: [&str; 12] = [
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
    "октября", "ноября", "декабря",
];

/// Strings of the redemption and My Apps pages; placeholders in braces.
///
/// The placeholders are `{tenant}`, `{app}`, `{email}`, `{date}` (from [`format_date`]),
/// `{home}` (the name of the invitee's home identity provider), `{minutes}` and
/// `{account}`; each string has the same ones in every language.
#[derive(Debug)]
pub struct PageTexts {
    /// The BCP 47 tag for `<html lang>` ("en", "pt-BR", "zh-Hans").
    pub html_lang: &'static str,
    /// "{tenant} has invited you"
    pub invitation_title: &'static str,
    /// "You have been invited to use {app}."
    pub invitation_to_app: &'static str,
    /// "This invitation is for {email}."
    pub invited_address: &'static str,
    /// "This invitation expires on {date}."
    pub expires_on: &'static str,
    /// "Sign in with your {home} account"
    pub sign_in_at_home: &'static str,
    /// "Sign in"
    pub sign_in: &'static str,
    /// Why a one-time code goes to {email} when the invitee has no home account.
    pub sign_up_intro: &'static str,
    /// "Send code"
    pub send_code: &'static str,
    /// "We sent a code to {email}. It is valid for {minutes} minutes."
    pub code_sent: &'static str,
    /// "Code"
    pub code_label: &'static str,
    /// "Verify"
    pub verify: &'static str,
    /// "That code is wrong or has expired."
    pub code_invalid: &'static str,
    /// "You are signed in as {account}."
    pub signed_in_as: &'static str,
    /// "Accept invitation"
    pub accept: &'static str,
    /// "Review permissions": the heading of the consent step before accepting.
    pub consent_heading: &'static str,
    /// "{tenant} would like to:", above the list of what accepting allows.
    pub consent_intro: &'static str,
    /// "Sign you in"
    pub consent_sign_in: &'static str,
    /// "Read your name and email address"
    pub consent_profile: &'static str,
    /// "See which organization your account belongs to"
    pub consent_home: &'static str,
    /// "Accept only if you trust {tenant}. Accepting adds you to {tenant}'s directory as a guest."
    pub consent_trust: &'static str,
    /// "This invitation was sent to {email}, but you are signed in as {account}."
    pub wrong_account: &'static str,
    /// "Sign in with another account"
    pub switch_account: &'static str,
    /// "Send a code to {email} to show that the address is yours"
    pub prove_address: &'static str,
    /// Why an invitation sent with a copy cannot create an account; names {tenant}.
    pub cc_blocks_signup: &'static str,
    /// "This invitation link is not valid."
    pub invitation_invalid: &'static str,
    /// "This invitation has expired. Ask {tenant} to send it again."
    pub invitation_expired: &'static str,
    /// "This invitation has been withdrawn."
    pub invitation_revoked: &'static str,
    /// "This invitation has already been accepted."
    pub invitation_used: &'static str,
    /// "Contact {tenant}"
    pub contact: &'static str,
    /// "My apps"
    pub my_apps_title: &'static str,
    /// "No applications have been assigned to you yet."
    pub my_apps_empty: &'static str,
    /// "Your organizations": the heading of My Apps' organization switcher.
    pub organizations: &'static str,
    /// "your home organization", beside the one where the account lives.
    pub home_organization: &'static str,
    /// "Sign out"
    pub sign_out: &'static str,
    /// "Welcome to {tenant}"
    pub accepted_title: &'static str,
    /// "Too many codes were asked for. Try again in {minutes} min.", the wait
    /// `Retry-After` gives, rounded up to whole minutes.
    pub too_many_codes: &'static str,
    /// "This account belongs to {tenant}; it needs no invitation."
    pub member_of_inviter: &'static str,
    /// "This account has already accepted another invitation from {tenant}."
    pub already_guest: &'static str,
}

/// The strings of the redemption and My Apps pages in `language`.
pub fn page_texts(language: Language) -> &'static PageTexts {
    match language {
        Language::En => &PAGE_EN,
        Language::De => &PAGE_DE,
        Language::Es => &PAGE_ES,
        Language::Fr => &PAGE_FR,
        Language::It => &PAGE_IT,
        Language::Ja => &PAGE_JA,
        Language::Ko => &PAGE_KO,
        Language::PtBr => &PAGE_PT_BR,
        Language::Ru => &PAGE_RU,
        Language::ZhHans => &PAGE_ZH_HANS,
        Language::ZhHant => &PAGE_ZH_HANT,
        Language::Nl => &PAGE_NL,
    }
}

/// Strings of the invitation email and of the one-time code email; placeholders in braces.
///
/// The placeholders are `{tenant}`, `{inviter}`, `{name}` (the invitee), `{app}`,
/// `{email}`, `{date}` and `{minutes}`. Only [`super::email`] puts them together.
#[derive(Debug)]
pub(crate) struct EmailTexts {
    /// Subject when the inviter is named: "{inviter} invited you to {tenant}".
    pub subject_with_inviter: &'static str,
    /// Subject without an inviter: "You are invited to {tenant}".
    pub subject: &'static str,
    /// "Hello {name},"
    pub greeting: &'static str,
    /// "{inviter} has invited you to join {tenant} as a guest."
    pub invited_by_inviter: &'static str,
    /// "You have been invited to join {tenant} as a guest."
    pub invited_by_tenant: &'static str,
    /// "You have been invited to use {app}."
    pub invited_to_app: &'static str,
    /// Heading of the inviter's own message: "A message from {inviter}:".
    pub message_from_inviter: &'static str,
    /// The same heading when no inviter is named: "A message from {tenant}:".
    pub message_from_tenant: &'static str,
    /// "Accept invitation"
    pub accept_button: &'static str,
    /// Shown under the button, above the bare link, in the HTML part.
    pub button_fallback: &'static str,
    /// Shown above the link in the text part.
    pub link_intro: &'static str,
    /// "This invitation expires on {date}."
    pub expires: &'static str,
    /// "Questions about this invitation?"
    pub contact_question: &'static str,
    /// "Contact us"
    pub contact_us: &'static str,
    /// Why the email came, and that it may be ignored; names {tenant} and {email}.
    pub footer: &'static str,
    /// "Your verification code for {tenant}"
    pub code_subject: &'static str,
    /// "Enter this code to confirm that {email} is your address:"
    pub code_intro: &'static str,
    /// "The code is valid for {minutes} minutes."
    pub code_valid: &'static str,
    /// What to do with a code one did not ask for.
    pub code_ignore: &'static str,
}

/// The strings of the invitation and code emails in `language`.
pub(crate) fn email_texts(language: Language) -> &'static EmailTexts {
    match language {
        Language::En => &EMAIL_EN,
        Language::De => &EMAIL_DE,
        Language::Es => &EMAIL_ES,
        Language::Fr => &EMAIL_FR,
        Language::It => &EMAIL_IT,
        Language::Ja => &EMAIL_JA,
        Language::Ko => &EMAIL_KO,
        Language::PtBr => &EMAIL_PT_BR,
        Language::Ru => &EMAIL_RU,
        Language::ZhHans => &EMAIL_ZH_HANS,
        Language::ZhHant => &EMAIL_ZH_HANT,
        Language::Nl => &EMAIL_NL,
    }
}

// The translations. Register: formal where the language has a choice and business
// mail expects it (Sie, usted, vous, u, вы, 您 in Traditional Chinese, 합니다체, です/ます),
// informal where current product language is (tu in Italian, você, 你 in Simplified
// Chinese). Sentences avoid gendered forms of the reader, whose gender is unknown.
// `too_many_codes` abbreviates "minutes" in every language that inflects it, since the
// wait may be a single minute; French puts a no-break space before the unit.

const PAGE_EN: PageTexts = PageTexts {
    html_lang: "en",
    invitation_title: "{tenant} has invited you",
    invitation_to_app: "You have been invited to use {app}.",
    invited_address: "This invitation is for {email}.",
    expires_on: "This invitation expires on {date}.",
    sign_in_at_home: "Sign in with your {home} account",
    sign_in: "Sign in",
    sign_up_intro: "Your organization has no account with us yet. We will send a one-time code to {email} to confirm that the address is yours.",
    send_code: "Send code",
    code_sent: "We sent a code to {email}. It is valid for {minutes} minutes.",
    code_label: "Code",
    verify: "Verify",
    code_invalid: "That code is wrong or has expired.",
    signed_in_as: "You are signed in as {account}.",
    accept: "Accept invitation",
    consent_heading: "Review permissions",
    consent_intro: "{tenant} would like to:",
    consent_sign_in: "Sign you in",
    consent_profile: "Read your name and email address",
    consent_home: "See which organization your account belongs to",
    consent_trust: "Accept only if you trust {tenant}. Accepting adds you to {tenant}'s directory as a guest.",
    wrong_account: "This invitation was sent to {email}, but you are signed in as {account}.",
    switch_account: "Sign in with another account",
    prove_address: "Send a code to {email} to show that the address is yours",
    cc_blocks_signup: "A copy of this invitation was sent to another address, so it cannot be used to create a new account. Ask {tenant} to invite you again.",
    invitation_invalid: "This invitation link is not valid.",
    invitation_expired: "This invitation has expired. Ask {tenant} to send it again.",
    invitation_revoked: "This invitation has been withdrawn.",
    invitation_used: "This invitation has already been accepted.",
    contact: "Contact {tenant}",
    my_apps_title: "My apps",
    my_apps_empty: "No applications have been assigned to you yet.",
    organizations: "Your organizations",
    home_organization: "your home organization",
    sign_out: "Sign out",
    accepted_title: "Welcome to {tenant}",
    too_many_codes: "Too many codes were asked for. Try again in {minutes} min.",
    member_of_inviter: "This account belongs to {tenant}; it needs no invitation.",
    already_guest: "This account has already accepted another invitation from {tenant}.",
};

const PAGE_DE: PageTexts = PageTexts {
    html_lang: "de",
    invitation_title: "{tenant} hat Sie eingeladen",
    invitation_to_app: "Sie wurden eingeladen, {app} zu nutzen.",
    invited_address: "Diese Einladung gilt für {email}.",
    expires_on: "Diese Einladung läuft am {date} ab.",
    sign_in_at_home: "Mit Ihrem Konto bei {home} anmelden",
    sign_in: "Anmelden",
    sign_up_intro: "Ihre Organisation hat noch kein Konto bei uns. Wir senden einen Einmalcode an {email}, um zu bestätigen, dass die Adresse Ihnen gehört.",
    send_code: "Code senden",
    code_sent: "Wir haben einen Code an {email} gesendet. Er ist {minutes} Minuten lang gültig.",
    code_label: "Code",
    verify: "Bestätigen",
    code_invalid: "Dieser Code ist falsch oder abgelaufen.",
    signed_in_as: "Sie sind als {account} angemeldet.",
    accept: "Einladung annehmen",
    consent_heading: "Berechtigungen überprüfen",
    consent_intro: "{tenant} möchte Folgendes:",
    consent_sign_in: "Sie anmelden",
    consent_profile: "Ihren Namen und Ihre E-Mail-Adresse lesen",
    consent_home: "Sehen, zu welcher Organisation Ihr Konto gehört",
    consent_trust: "Nehmen Sie die Einladung nur an, wenn Sie {tenant} vertrauen. Wenn Sie sie annehmen, werden Sie als Gast zum Verzeichnis von {tenant} hinzugefügt.",
    wrong_account: "Diese Einladung wurde an {email} gesendet, Sie sind aber als {account} angemeldet.",
    switch_account: "Mit einem anderen Konto anmelden",
    prove_address: "Code an {email} senden, um zu bestätigen, dass die Adresse Ihnen gehört",
    cc_blocks_signup: "Eine Kopie dieser Einladung wurde an eine andere Adresse gesendet. Deshalb kann mit ihr kein neues Konto erstellt werden. Bitten Sie {tenant}, Sie erneut einzuladen.",
    invitation_invalid: "Dieser Einladungslink ist ungültig.",
    invitation_expired: "Diese Einladung ist abgelaufen. Bitten Sie {tenant}, sie erneut zu senden.",
    invitation_revoked: "Diese Einladung wurde zurückgezogen.",
    invitation_used: "Diese Einladung wurde bereits angenommen.",
    contact: "{tenant} kontaktieren",
    my_apps_title: "Meine Apps",
    my_apps_empty: "Ihnen wurden noch keine Anwendungen zugewiesen.",
    organizations: "Ihre Organisationen",
    home_organization: "Ihre Heimatorganisation",
    sign_out: "Abmelden",
    accepted_title: "Willkommen bei {tenant}",
    too_many_codes: "Es wurden zu viele Codes angefordert. Versuchen Sie es in {minutes} Min. erneut.",
    member_of_inviter: "Dieses Konto gehört zu {tenant} und benötigt keine Einladung.",
    already_guest: "Mit diesem Konto wurde bereits eine andere Einladung von {tenant} angenommen.",
};

const PAGE_ES: PageTexts = PageTexts {
    html_lang: "es",
    invitation_title: "{tenant} le ha enviado una invitación",
    invitation_to_app: "Ha recibido una invitación para usar {app}.",
    invited_address: "Esta invitación es para {email}.",
    expires_on: "Esta invitación caduca el {date}.",
    sign_in_at_home: "Iniciar sesión con su cuenta de {home}",
    sign_in: "Iniciar sesión",
    sign_up_intro: "Su organización todavía no tiene una cuenta con nosotros. Enviaremos un código de un solo uso a {email} para confirmar que la dirección es suya.",
    send_code: "Enviar código",
    code_sent: "Hemos enviado un código a {email}. Es válido durante {minutes} minutos.",
    code_label: "Código",
    verify: "Verificar",
    code_invalid: "El código es incorrecto o ha caducado.",
    signed_in_as: "Ha iniciado sesión como {account}.",
    accept: "Aceptar invitación",
    consent_heading: "Revisar permisos",
    consent_intro: "{tenant} desea:",
    consent_sign_in: "Iniciar su sesión",
    consent_profile: "Leer su nombre y su dirección de correo electrónico",
    consent_home: "Ver a qué organización pertenece su cuenta",
    consent_trust: "Acepte solo si confía en {tenant}. Al aceptar, se le añadirá al directorio de {tenant} con una cuenta de invitado.",
    wrong_account: "Esta invitación se envió a {email}, pero ha iniciado sesión como {account}.",
    switch_account: "Iniciar sesión con otra cuenta",
    prove_address: "Enviar un código a {email} para demostrar que la dirección es suya",
    cc_blocks_signup: "Se envió una copia de esta invitación a otra dirección, por lo que no se puede usar para crear una cuenta nueva. Pida a {tenant} que le invite de nuevo.",
    invitation_invalid: "Este enlace de invitación no es válido.",
    invitation_expired: "Esta invitación ha caducado. Pida a {tenant} que se la envíe de nuevo.",
    invitation_revoked: "Esta invitación se ha retirado.",
    invitation_used: "Esta invitación ya se ha aceptado.",
    contact: "Contactar con {tenant}",
    my_apps_title: "Mis aplicaciones",
    my_apps_empty: "Todavía no se le ha asignado ninguna aplicación.",
    organizations: "Sus organizaciones",
    home_organization: "su organización principal",
    sign_out: "Cerrar sesión",
    accepted_title: "Le damos la bienvenida a {tenant}",
    too_many_codes: "Se han solicitado demasiados códigos. Vuelva a intentarlo dentro de {minutes} min.",
    member_of_inviter: "Esta cuenta pertenece a {tenant}; no necesita ninguna invitación.",
    already_guest: "Esta cuenta ya ha aceptado otra invitación de {tenant}.",
};

const PAGE_FR: PageTexts = PageTexts {
    html_lang: "fr",
    invitation_title: "{tenant} vous invite",
    invitation_to_app: "Vous avez reçu une invitation à utiliser {app}.",
    invited_address: "Cette invitation est destinée à {email}.",
    expires_on: "Cette invitation expire le {date}.",
    sign_in_at_home: "Se connecter avec votre compte {home}",
    sign_in: "Se connecter",
    sign_up_intro: "Votre organisation n’a pas encore de compte chez nous. Nous allons envoyer un code à usage unique à {email} pour confirmer que cette adresse vous appartient.",
    send_code: "Envoyer le code",
    code_sent: "Nous avons envoyé un code à {email}. Il est valable {minutes}\u{a0}minutes.",
    code_label: "Code",
    verify: "Vérifier",
    code_invalid: "Ce code est incorrect ou a expiré.",
    signed_in_as: "Vous utilisez le compte {account}.",
    accept: "Accepter l’invitation",
    consent_heading: "Vérifier les autorisations",
    consent_intro: "{tenant} souhaite\u{a0}:",
    consent_sign_in: "Vous connecter",
    consent_profile: "Lire votre nom et votre adresse e-mail",
    consent_home: "Voir à quelle organisation appartient votre compte",
    consent_trust: "N’acceptez que si vous faites confiance à {tenant}. Si vous acceptez, vous rejoindrez l’annuaire {de:tenant} avec un compte invité.",
    wrong_account: "Cette invitation a été envoyée à {email}, mais vous utilisez le compte {account}.",
    switch_account: "Se connecter avec un autre compte",
    prove_address: "Envoyer un code à {email} pour prouver que cette adresse vous appartient",
    cc_blocks_signup: "Une copie de cette invitation a été envoyée à une autre adresse\u{a0}; elle ne peut donc pas servir à créer un nouveau compte. Demandez à {tenant} de vous inviter à nouveau.",
    invitation_invalid: "Ce lien d’invitation n’est pas valide.",
    invitation_expired: "Cette invitation a expiré. Demandez à {tenant} de vous la renvoyer.",
    invitation_revoked: "Cette invitation a été retirée.",
    invitation_used: "Cette invitation a déjà été acceptée.",
    contact: "Contacter {tenant}",
    my_apps_title: "Mes applications",
    my_apps_empty: "Aucune application ne vous a encore été attribuée.",
    organizations: "Vos organisations",
    home_organization: "votre organisation d’origine",
    sign_out: "Se déconnecter",
    accepted_title: "Bienvenue chez {tenant}",
    too_many_codes: "Trop de codes ont été demandés. Réessayez dans {minutes}\u{a0}min.",
    member_of_inviter: "Ce compte appartient à {tenant} ; il n’a pas besoin d’invitation.",
    already_guest: "Ce compte a déjà accepté une autre invitation {de:tenant}.",
};

const PAGE_IT: PageTexts = PageTexts {
    html_lang: "it",
    invitation_title: "Hai ricevuto un invito da {tenant}",
    invitation_to_app: "Hai ricevuto un invito a usare {app}.",
    invited_address: "Questo invito è destinato a {email}.",
    // "Scade il {date}" would need "l’" before "8" and "11"; a label avoids the article.
    expires_on: "Scadenza dell’invito: {date}.",
    sign_in_at_home: "Accedi con il tuo account {home}",
    sign_in: "Accedi",
    sign_up_intro: "La tua organizzazione non ha ancora un account presso di noi. Invieremo un codice monouso a {email} per confermare che l’indirizzo è tuo.",
    send_code: "Invia codice",
    code_sent: "Abbiamo inviato un codice a {email}. È valido per {minutes} minuti.",
    code_label: "Codice",
    verify: "Verifica",
    code_invalid: "Il codice è errato o è scaduto.",
    signed_in_as: "Hai effettuato l’accesso come {account}.",
    accept: "Accetta l’invito",
    consent_heading: "Verifica le autorizzazioni",
    consent_intro: "{tenant} chiede di:",
    consent_sign_in: "Farti accedere",
    consent_profile: "Leggere il tuo nome e il tuo indirizzo email",
    consent_home: "Vedere a quale organizzazione appartiene il tuo account",
    consent_trust: "Accetta solo se ti fidi di {tenant}. Se accetti, entrerai come ospite nella directory di {tenant}.",
    wrong_account: "Questo invito è stato inviato a {email}, ma hai effettuato l’accesso come {account}.",
    switch_account: "Accedi con un altro account",
    prove_address: "Invia un codice a {email} per dimostrare che l’indirizzo è tuo",
    cc_blocks_signup: "Una copia di questo invito è stata inviata a un altro indirizzo, quindi l’invito non può essere usato per creare un nuovo account. Chiedi a {tenant} di invitarti di nuovo.",
    invitation_invalid: "Questo link di invito non è valido.",
    invitation_expired: "Questo invito è scaduto. Chiedi a {tenant} di inviarlo di nuovo.",
    invitation_revoked: "Questo invito è stato ritirato.",
    invitation_used: "Questo invito è già stato accettato.",
    contact: "Contatta {tenant}",
    my_apps_title: "Le mie app",
    my_apps_empty: "Non ti è ancora stata assegnata nessuna applicazione.",
    organizations: "Le tue organizzazioni",
    home_organization: "la tua organizzazione di appartenenza",
    sign_out: "Esci",
    accepted_title: "Ti diamo il benvenuto in {tenant}",
    too_many_codes: "Sono stati richiesti troppi codici. Riprova tra {minutes} min.",
    member_of_inviter: "Questo account appartiene a {tenant}: non serve un invito.",
    already_guest: "Questo account ha già accettato un altro invito di {tenant}.",
};

const PAGE_JA: PageTexts = PageTexts {
    html_lang: "ja",
    invitation_title: "{tenant} から招待が届いています",
    invitation_to_app: "{app} の利用に招待されました。",
    invited_address: "この招待は {email} 宛てです。",
    expires_on: "この招待の有効期限は {date} です。",
    sign_in_at_home: "{home} のアカウントでサインイン",
    sign_in: "サインイン",
    sign_up_intro: "お客様の組織はまだアカウントをお持ちではありません。このアドレスがお客様のものであることを確認するため、{email} にワンタイム コードを送信します。",
    send_code: "コードを送信",
    code_sent: "{email} にコードを送信しました。有効期間は {minutes} 分です。",
    code_label: "コード",
    verify: "確認",
    code_invalid: "コードが正しくないか、有効期限が切れています。",
    signed_in_as: "{account} としてサインインしています。",
    accept: "招待を承諾",
    consent_heading: "アクセス許可の確認",
    consent_intro: "{tenant} が次のアクセス許可を求めています：",
    consent_sign_in: "サインイン",
    consent_profile: "名前とメール アドレスの読み取り",
    consent_home: "アカウントが所属する組織の確認",
    consent_trust: "{tenant} を信頼できる場合にのみ承諾してください。承諾すると、ゲストとして {tenant} のディレクトリに追加されます。",
    wrong_account: "この招待は {email} 宛てに送信されましたが、現在 {account} としてサインインしています。",
    switch_account: "別のアカウントでサインイン",
    prove_address: "{email} にコードを送信して、このアドレスがお客様のものであることを確認する",
    cc_blocks_signup: "この招待のコピーが別のアドレスにも送信されているため、新しいアカウントの作成には使用できません。{tenant} に再度招待するよう依頼してください。",
    invitation_invalid: "この招待リンクは無効です。",
    invitation_expired: "この招待は有効期限が切れています。{tenant} に再送を依頼してください。",
    invitation_revoked: "この招待は取り消されました。",
    invitation_used: "この招待は既に承諾されています。",
    contact: "{tenant} に問い合わせる",
    my_apps_title: "マイ アプリ",
    my_apps_empty: "割り当てられているアプリケーションはまだありません。",
    organizations: "所属組織",
    home_organization: "ホーム組織",
    sign_out: "サインアウト",
    accepted_title: "{tenant} へようこそ",
    too_many_codes: "コードのリクエストが多すぎます。{minutes} 分後にもう一度お試しください。",
    member_of_inviter: "このアカウントは {tenant} に所属しているため、招待は必要ありません。",
    already_guest: "このアカウントは {tenant} からの別の招待を既に承諾しています。",
};

const PAGE_KO: PageTexts = PageTexts {
    html_lang: "ko",
    invitation_title: "{tenant}에서 초대했습니다",
    invitation_to_app: "{app} 사용에 초대되었습니다.",
    invited_address: "이 초대의 수신 주소는 {email}입니다.",
    expires_on: "이 초대는 {date}에 만료됩니다.",
    sign_in_at_home: "{home} 계정으로 로그인",
    sign_in: "로그인",
    sign_up_intro: "귀하의 조직에는 아직 저희 서비스 계정이 없습니다. 이 주소가 귀하의 것인지 확인하기 위해 {email} 주소로 일회용 코드를 보내 드립니다.",
    send_code: "코드 보내기",
    code_sent: "{email} 주소로 코드를 보냈습니다. 코드는 {minutes}분 동안 유효합니다.",
    code_label: "코드",
    verify: "확인",
    code_invalid: "코드가 올바르지 않거나 만료되었습니다.",
    signed_in_as: "{account} 계정으로 로그인되어 있습니다.",
    accept: "초대 수락",
    consent_heading: "권한 검토",
    consent_intro: "{tenant}에서 다음 권한을 요청합니다:",
    consent_sign_in: "로그인",
    consent_profile: "이름 및 이메일 주소 읽기",
    consent_home: "계정이 속한 조직 확인",
    consent_trust: "{tenant}의 요청을 신뢰할 수 있는 경우에만 수락하세요. 수락하면 게스트로 {tenant}의 디렉터리에 추가됩니다.",
    wrong_account: "이 초대는 {email} 주소로 발송되었지만, 현재 {account} 계정으로 로그인되어 있습니다.",
    switch_account: "다른 계정으로 로그인",
    prove_address: "{email} 주소로 코드를 보내 이 주소가 본인의 것임을 확인",
    cc_blocks_signup: "이 초대의 사본이 다른 주소로도 발송되었으므로 새 계정을 만드는 데 사용할 수 없습니다. {tenant}에 다시 초대해 달라고 요청하세요.",
    invitation_invalid: "이 초대 링크는 유효하지 않습니다.",
    invitation_expired: "이 초대는 만료되었습니다. {tenant}에 다시 보내 달라고 요청하세요.",
    invitation_revoked: "이 초대는 철회되었습니다.",
    invitation_used: "이 초대는 이미 수락되었습니다.",
    contact: "{tenant}에 문의",
    my_apps_title: "내 앱",
    my_apps_empty: "아직 할당된 애플리케이션이 없습니다.",
    organizations: "내 조직",
    home_organization: "홈 조직",
    sign_out: "로그아웃",
    accepted_title: "{tenant}에 오신 것을 환영합니다",
    too_many_codes: "코드 요청이 너무 많습니다. {minutes}분 후에 다시 시도하세요.",
    member_of_inviter: "이 계정은 {tenant} 소속이므로 초대가 필요하지 않습니다.",
    already_guest: "이 계정은 이미 {tenant}의 다른 초대를 수락했습니다.",
};

const PAGE_PT_BR: PageTexts = PageTexts {
    html_lang: "pt-BR",
    invitation_title: "{tenant} enviou um convite para você",
    invitation_to_app: "Você recebeu um convite para usar {app}.",
    invited_address: "Este convite é para {email}.",
    expires_on: "Este convite expira em {date}.",
    sign_in_at_home: "Entrar com sua conta {home}",
    sign_in: "Entrar",
    sign_up_intro: "Sua organização ainda não tem uma conta conosco. Enviaremos um código de uso único para {email} para confirmar que o endereço é seu.",
    send_code: "Enviar código",
    code_sent: "Enviamos um código para {email}. Ele é válido por {minutes} minutos.",
    code_label: "Código",
    verify: "Verificar",
    code_invalid: "O código está incorreto ou expirou.",
    signed_in_as: "Você entrou como {account}.",
    accept: "Aceitar convite",
    consent_heading: "Revisar permissões",
    consent_intro: "{tenant} gostaria de:",
    consent_sign_in: "Conectar você",
    consent_profile: "Ler seu nome e seu endereço de e-mail",
    consent_home: "Ver a qual organização sua conta pertence",
    consent_trust: "Aceite somente se você confiar em {tenant}. Ao aceitar, você passa a fazer parte do diretório de {tenant} com uma conta de convidado.",
    wrong_account: "Este convite foi enviado para {email}, mas você entrou como {account}.",
    switch_account: "Entrar com outra conta",
    prove_address: "Enviar um código para {email} para comprovar que o endereço é seu",
    cc_blocks_signup: "Uma cópia deste convite foi enviada para outro endereço, por isso ele não pode ser usado para criar uma conta nova. Peça a {tenant} que envie um novo convite.",
    invitation_invalid: "Este link de convite não é válido.",
    invitation_expired: "Este convite expirou. Peça a {tenant} que o envie novamente.",
    invitation_revoked: "Este convite foi cancelado.",
    invitation_used: "Este convite já foi aceito.",
    contact: "Entrar em contato com {tenant}",
    my_apps_title: "Meus aplicativos",
    my_apps_empty: "Nenhum aplicativo foi atribuído a você ainda.",
    organizations: "Suas organizações",
    home_organization: "sua organização de origem",
    sign_out: "Sair",
    accepted_title: "Boas-vindas a {tenant}",
    too_many_codes: "Foram solicitados códigos demais. Tente de novo daqui a {minutes} min.",
    member_of_inviter: "Esta conta pertence a {tenant}, então não precisa de convite.",
    already_guest: "Esta conta já aceitou outro convite de {tenant}.",
};

const PAGE_RU: PageTexts = PageTexts {
    html_lang: "ru",
    invitation_title: "{tenant} приглашает вас",
    invitation_to_app: "Вас приглашают использовать {app}.",
    invited_address: "Это приглашение предназначено для {email}.",
    // The Russian date ends in "г.", which also ends the sentence.
    expires_on: "Срок действия приглашения истекает {date}",
    sign_in_at_home: "Войти с учётной записью {home}",
    sign_in: "Войти",
    sign_up_intro: "У вашей организации пока нет учётной записи у нас. Мы отправим одноразовый код на адрес {email}, чтобы подтвердить, что этот адрес принадлежит вам.",
    send_code: "Отправить код",
    // "мин." fits every number; the full word would need three plural forms.
    code_sent: "Мы отправили код на адрес {email}. Он действителен {minutes} мин.",
    code_label: "Код",
    verify: "Подтвердить",
    code_invalid: "Код неверен или срок его действия истёк.",
    signed_in_as: "Вы вошли как {account}.",
    accept: "Принять приглашение",
    consent_heading: "Проверка разрешений",
    consent_intro: "{tenant} запрашивает следующие разрешения:",
    consent_sign_in: "Вход в систему",
    consent_profile: "Чтение вашего имени и адреса электронной почты",
    consent_home: "Просмотр сведений о том, к какой организации относится ваша учётная запись",
    consent_trust: "Принимайте приглашение, только если доверяете {tenant}. После этого вы будете добавлены в каталог {tenant} в качестве гостя.",
    wrong_account: "Это приглашение отправлено на адрес {email}, но вы вошли как {account}.",
    switch_account: "Войти с другой учётной записью",
    prove_address: "Отправить код на адрес {email}, чтобы подтвердить, что он принадлежит вам",
    cc_blocks_signup: "Копия этого приглашения была отправлена на другой адрес, поэтому его нельзя использовать для создания новой учётной записи. Попросите {tenant} пригласить вас ещё раз.",
    invitation_invalid: "Эта ссылка-приглашение недействительна.",
    invitation_expired: "Срок действия этого приглашения истёк. Попросите {tenant} отправить его ещё раз.",
    invitation_revoked: "Это приглашение отозвано.",
    invitation_used: "Это приглашение уже принято.",
    contact: "Связаться с {tenant}",
    my_apps_title: "Мои приложения",
    my_apps_empty: "Вам пока не назначено ни одного приложения.",
    organizations: "Ваши организации",
    home_organization: "ваша основная организация",
    sign_out: "Выйти",
    accepted_title: "Добро пожаловать в {tenant}",
    too_many_codes: "Запрошено слишком много кодов. Повторите попытку через {minutes} мин.",
    member_of_inviter: "Эта учетная запись принадлежит {tenant}, приглашение ей не нужно.",
    already_guest: "С этой учетной записью уже принято другое приглашение от {tenant}.",
};

const PAGE_ZH_HANS: PageTexts = PageTexts {
    html_lang: "zh-Hans",
    invitation_title: "{tenant} 向你发出了邀请",
    invitation_to_app: "你已受邀使用 {app}。",
    invited_address: "此邀请的收件人为 {email}。",
    expires_on: "此邀请将于{date}过期。",
    sign_in_at_home: "使用你的 {home} 账户登录",
    sign_in: "登录",
    sign_up_intro: "你的组织尚未在我们这里开设账户。我们将向 {email} 发送一次性验证码，以确认该地址归你所有。",
    send_code: "发送验证码",
    code_sent: "我们已向 {email} 发送验证码，有效期为 {minutes} 分钟。",
    code_label: "验证码",
    verify: "验证",
    code_invalid: "验证码错误或已过期。",
    signed_in_as: "你已使用 {account} 登录。",
    accept: "接受邀请",
    consent_heading: "审阅权限",
    consent_intro: "{tenant} 请求以下权限：",
    consent_sign_in: "让你登录",
    consent_profile: "读取你的姓名和电子邮件地址",
    consent_home: "查看你的账户所属的组织",
    consent_trust: "仅在你信任 {tenant} 时才接受。接受后，你将以访客身份添加到 {tenant} 的目录中。",
    wrong_account: "此邀请发送给了 {email}，但你当前以 {account} 身份登录。",
    switch_account: "使用其他账户登录",
    prove_address: "向 {email} 发送验证码，以证明该地址归你所有",
    cc_blocks_signup: "此邀请的副本已发送到另一个地址，因此无法用于创建新账户。请联系 {tenant} 重新邀请你。",
    invitation_invalid: "此邀请链接无效。",
    invitation_expired: "此邀请已过期。请联系 {tenant} 重新发送。",
    invitation_revoked: "此邀请已被撤回。",
    invitation_used: "此邀请已被接受。",
    contact: "联系 {tenant}",
    my_apps_title: "我的应用",
    my_apps_empty: "尚未向你分配任何应用。",
    organizations: "你的组织",
    home_organization: "你的主组织",
    sign_out: "退出登录",
    accepted_title: "欢迎加入 {tenant}",
    too_many_codes: "请求验证码的次数过多。请在 {minutes} 分钟后重试。",
    member_of_inviter: "此账号属于 {tenant}，无需邀请。",
    already_guest: "此账号已接受 {tenant} 的另一份邀请。",
};

const PAGE_ZH_HANT: PageTexts = PageTexts {
    html_lang: "zh-Hant",
    invitation_title: "{tenant} 向您發出了邀請",
    invitation_to_app: "您已受邀使用 {app}。",
    invited_address: "此邀請的收件者為 {email}。",
    expires_on: "此邀請將於{date}到期。",
    sign_in_at_home: "使用您的 {home} 帳戶登入",
    sign_in: "登入",
    sign_up_intro: "您的組織尚未在我們這裡建立帳戶。我們將傳送一次性驗證碼至 {email}，以確認此地址屬於您。",
    send_code: "傳送驗證碼",
    code_sent: "我們已將驗證碼傳送至 {email}，有效期限為 {minutes} 分鐘。",
    code_label: "驗證碼",
    verify: "驗證",
    code_invalid: "驗證碼錯誤或已過期。",
    signed_in_as: "您目前以 {account} 身分登入。",
    accept: "接受邀請",
    consent_heading: "檢閱權限",
    consent_intro: "{tenant} 要求下列權限：",
    consent_sign_in: "讓您登入",
    consent_profile: "讀取您的姓名和電子郵件地址",
    consent_home: "查看您的帳戶所屬的組織",
    consent_trust: "只有在您信任 {tenant} 時才接受。接受後，您將以來賓身分新增至 {tenant} 的目錄。",
    wrong_account: "此邀請是傳送給 {email}，但您目前以 {account} 身分登入。",
    switch_account: "使用其他帳戶登入",
    prove_address: "傳送驗證碼至 {email}，以證明此地址屬於您",
    cc_blocks_signup: "此邀請的副本已傳送至另一個地址，因此無法用來建立新帳戶。請要求 {tenant} 重新邀請您。",
    invitation_invalid: "此邀請連結無效。",
    invitation_expired: "此邀請已過期。請要求 {tenant} 重新傳送。",
    invitation_revoked: "此邀請已被撤回。",
    invitation_used: "此邀請已被接受。",
    contact: "聯絡 {tenant}",
    my_apps_title: "我的應用程式",
    my_apps_empty: "目前尚未指派任何應用程式給您。",
    organizations: "您的組織",
    home_organization: "您的主要組織",
    sign_out: "登出",
    accepted_title: "歡迎加入 {tenant}",
    too_many_codes: "要求驗證碼的次數過多。請於 {minutes} 分鐘後再試。",
    member_of_inviter: "此帳戶屬於 {tenant}，不需要邀請。",
    already_guest: "此帳戶已接受 {tenant} 的另一份邀請。",
};

const PAGE_NL: PageTexts = PageTexts {
    html_lang: "nl",
    invitation_title: "{tenant} heeft u uitgenodigd",
    invitation_to_app: "U bent uitgenodigd om {app} te gebruiken.",
    invited_address: "Deze uitnodiging is bestemd voor {email}.",
    expires_on: "Deze uitnodiging verloopt op {date}.",
    sign_in_at_home: "Aanmelden met uw account bij {home}",
    sign_in: "Aanmelden",
    sign_up_intro: "Uw organisatie heeft nog geen account bij ons. We sturen een eenmalige code naar {email} om te bevestigen dat het adres van u is.",
    send_code: "Code versturen",
    code_sent: "We hebben een code naar {email} gestuurd. De code is {minutes} minuten geldig.",
    code_label: "Code",
    verify: "Verifiëren",
    code_invalid: "Die code is onjuist of verlopen.",
    signed_in_as: "U bent aangemeld als {account}.",
    accept: "Uitnodiging accepteren",
    consent_heading: "Machtigingen controleren",
    consent_intro: "{tenant} wil:",
    consent_sign_in: "U aanmelden",
    consent_profile: "Uw naam en e-mailadres lezen",
    consent_home: "Zien tot welke organisatie uw account behoort",
    consent_trust: "Accepteer alleen als u {tenant} vertrouwt. Als u accepteert, wordt u als gast toegevoegd aan de directory van {tenant}.",
    wrong_account: "Deze uitnodiging is naar {email} gestuurd, maar u bent aangemeld als {account}.",
    switch_account: "Aanmelden met een ander account",
    prove_address: "Stuur een code naar {email} om te laten zien dat het adres van u is",
    cc_blocks_signup: "Er is een kopie van deze uitnodiging naar een ander adres gestuurd, dus u kunt er geen nieuw account mee aanmaken. Vraag {tenant} om u opnieuw uit te nodigen.",
    invitation_invalid: "Deze uitnodigingslink is ongeldig.",
    invitation_expired: "Deze uitnodiging is verlopen. Vraag {tenant} om de uitnodiging opnieuw te sturen.",
    invitation_revoked: "Deze uitnodiging is ingetrokken.",
    invitation_used: "Deze uitnodiging is al geaccepteerd.",
    contact: "Contact opnemen met {tenant}",
    my_apps_title: "Mijn apps",
    my_apps_empty: "Er zijn nog geen applicaties aan u toegewezen.",
    organizations: "Uw organisaties",
    home_organization: "uw thuisorganisatie",
    sign_out: "Afmelden",
    accepted_title: "Welkom bij {tenant}",
    too_many_codes: "Er zijn te veel codes aangevraagd. Probeer het over {minutes} min. opnieuw.",
    member_of_inviter: "Dit account hoort bij {tenant} en heeft geen uitnodiging nodig.",
    already_guest: "Met dit account is al een andere uitnodiging van {tenant} geaccepteerd.",
};

const EMAIL_EN: EmailTexts = EmailTexts {
    subject_with_inviter: "{inviter} invited you to {tenant}",
    subject: "You are invited to {tenant}",
    greeting: "Hello {name},",
    invited_by_inviter: "{inviter} has invited you to join {tenant} as a guest.",
    invited_by_tenant: "You have been invited to join {tenant} as a guest.",
    invited_to_app: "You have been invited to use {app}.",
    message_from_inviter: "A message from {inviter}:",
    message_from_tenant: "A message from {tenant}:",
    accept_button: "Accept invitation",
    button_fallback: "If the button does not work, copy this link into your browser:",
    link_intro: "To accept the invitation, open this link:",
    expires: "This invitation expires on {date}.",
    contact_question: "Questions about this invitation?",
    contact_us: "Contact us",
    footer: "You received this email because {tenant} invited {email}. If you did not expect this invitation, you can ignore this email.",
    code_subject: "Your verification code for {tenant}",
    code_intro: "Enter this code to confirm that {email} is your address:",
    code_valid: "The code is valid for {minutes} minutes.",
    code_ignore: "If you did not request this code, you can ignore this email. Do not share the code with anyone.",
};

const EMAIL_DE: EmailTexts = EmailTexts {
    subject_with_inviter: "{inviter} hat Sie zu {tenant} eingeladen",
    subject: "Einladung zu {tenant}",
    greeting: "Hallo {name},",
    invited_by_inviter: "{inviter} hat Sie als Gast zu {tenant} eingeladen.",
    invited_by_tenant: "Sie wurden als Gast zu {tenant} eingeladen.",
    invited_to_app: "Sie wurden eingeladen, {app} zu nutzen.",
    message_from_inviter: "Eine Nachricht von {inviter}:",
    message_from_tenant: "Eine Nachricht von {tenant}:",
    accept_button: "Einladung annehmen",
    button_fallback: "Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in Ihren Browser:",
    link_intro: "Öffnen Sie diesen Link, um die Einladung anzunehmen:",
    expires: "Diese Einladung läuft am {date} ab.",
    contact_question: "Fragen zu dieser Einladung?",
    contact_us: "Kontaktieren Sie uns",
    footer: "Sie erhalten diese E-Mail, weil {tenant} {email} eingeladen hat. Falls Sie diese Einladung nicht erwartet haben, können Sie diese E-Mail ignorieren.",
    code_subject: "Ihr Bestätigungscode für {tenant}",
    code_intro: "Geben Sie diesen Code ein, um zu bestätigen, dass {email} Ihre Adresse ist:",
    code_valid: "Der Code ist {minutes} Minuten lang gültig.",
    code_ignore: "Falls Sie diesen Code nicht angefordert haben, können Sie diese E-Mail ignorieren. Geben Sie den Code an niemanden weiter.",
};

const EMAIL_ES: EmailTexts = EmailTexts {
    subject_with_inviter: "{inviter} le ha invitado a {tenant}",
    subject: "Invitación a {tenant}",
    greeting: "Hola, {name}:",
    invited_by_inviter: "{inviter} le ha invitado a unirse a {tenant} con una cuenta de invitado.",
    invited_by_tenant: "Ha recibido una invitación para unirse a {tenant} con una cuenta de invitado.",
    invited_to_app: "Ha recibido una invitación para usar {app}.",
    message_from_inviter: "Mensaje de {inviter}:",
    message_from_tenant: "Mensaje de {tenant}:",
    accept_button: "Aceptar invitación",
    button_fallback: "Si el botón no funciona, copie este enlace en su navegador:",
    link_intro: "Para aceptar la invitación, abra este enlace:",
    expires: "Esta invitación caduca el {date}.",
    contact_question: "¿Tiene preguntas sobre esta invitación?",
    contact_us: "Póngase en contacto con nosotros",
    footer: "Ha recibido este correo porque {tenant} ha invitado a {email}. Si no esperaba esta invitación, puede ignorar este correo.",
    code_subject: "Su código de verificación para {tenant}",
    code_intro: "Introduzca este código para confirmar que {email} es su dirección:",
    code_valid: "El código es válido durante {minutes} minutos.",
    code_ignore: "Si no ha solicitado este código, puede ignorar este correo. No comparta el código con nadie.",
};

const EMAIL_FR: EmailTexts = EmailTexts {
    subject_with_inviter: "{inviter} vous invite à rejoindre {tenant}",
    subject: "Invitation à rejoindre {tenant}",
    greeting: "Bonjour {name},",
    invited_by_inviter: "{inviter} vous invite à rejoindre {tenant} avec un accès invité.",
    invited_by_tenant: "Vous avez reçu une invitation à rejoindre {tenant} avec un accès invité.",
    invited_to_app: "Vous avez reçu une invitation à utiliser {app}.",
    message_from_inviter: "Message {de:inviter}\u{a0}:",
    message_from_tenant: "Message {de:tenant}\u{a0}:",
    accept_button: "Accepter l’invitation",
    button_fallback: "Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur\u{a0}:",
    link_intro: "Pour accepter l’invitation, ouvrez ce lien\u{a0}:",
    expires: "Cette invitation expire le {date}.",
    contact_question: "Des questions sur cette invitation\u{a0}?",
    contact_us: "Contactez-nous",
    footer: "Vous recevez cet e-mail parce {que:tenant} a invité {email}. Si vous n’attendiez pas cette invitation, vous pouvez ignorer cet e-mail.",
    code_subject: "Votre code de vérification pour {tenant}",
    code_intro: "Saisissez ce code pour confirmer que l’adresse {email} est bien la vôtre\u{a0}:",
    code_valid: "Ce code est valable {minutes}\u{a0}minutes.",
    code_ignore: "Si vous n’avez pas demandé ce code, vous pouvez ignorer cet e-mail. Ne communiquez ce code à personne.",
};

const EMAIL_IT: EmailTexts = EmailTexts {
    subject_with_inviter: "{inviter} ti ha invitato a unirti a {tenant}",
    subject: "Invito a unirti a {tenant}",
    greeting: "Ciao {name},",
    invited_by_inviter: "{inviter} ti ha invitato a unirti a {tenant} come ospite.",
    invited_by_tenant: "Hai ricevuto un invito a unirti a {tenant} come ospite.",
    invited_to_app: "Hai ricevuto un invito a usare {app}.",
    message_from_inviter: "Un messaggio da {inviter}:",
    message_from_tenant: "Un messaggio da {tenant}:",
    accept_button: "Accetta l’invito",
    button_fallback: "Se il pulsante non funziona, copia questo link nel browser:",
    link_intro: "Per accettare l’invito, apri questo link:",
    expires: "Scadenza dell’invito: {date}.",
    contact_question: "Domande su questo invito?",
    contact_us: "Contattaci",
    footer: "Hai ricevuto questa email perché {tenant} ha invitato {email}. Se non ti aspettavi questo invito, puoi ignorare questa email.",
    code_subject: "Il tuo codice di verifica per {tenant}",
    code_intro: "Inserisci questo codice per confermare che {email} è il tuo indirizzo:",
    code_valid: "Il codice è valido per {minutes} minuti.",
    code_ignore: "Se non hai richiesto questo codice, puoi ignorare questa email. Non condividere il codice con nessuno.",
};

const EMAIL_JA: EmailTexts = EmailTexts {
    subject_with_inviter: "{inviter} さんから {tenant} への招待が届いています",
    subject: "{tenant} への招待が届いています",
    greeting: "{name} 様",
    invited_by_inviter: "{inviter} さんが、{tenant} のゲストとしてあなたを招待しました。",
    invited_by_tenant: "{tenant} のゲストとして招待されました。",
    invited_to_app: "{app} の利用に招待されました。",
    message_from_inviter: "{inviter} さんからのメッセージ：",
    message_from_tenant: "{tenant} からのメッセージ：",
    accept_button: "招待を承諾",
    button_fallback: "ボタンが機能しない場合は、次のリンクをブラウザーにコピーしてください：",
    link_intro: "招待を承諾するには、次のリンクを開いてください：",
    expires: "この招待の有効期限は {date} です。",
    contact_question: "この招待についてご不明な点がありますか？",
    contact_us: "お問い合わせ",
    footer: "このメールは、{tenant} が {email} を招待したため送信されました。心当たりがない場合は、このメールを無視してください。",
    code_subject: "{tenant} の確認コード",
    code_intro: "{email} がお客様のアドレスであることを確認するため、次のコードを入力してください：",
    code_valid: "このコードの有効期間は {minutes} 分です。",
    code_ignore: "このコードをリクエストしていない場合は、このメールを無視してください。コードは誰にも教えないでください。",
};

const EMAIL_KO: EmailTexts = EmailTexts {
    subject_with_inviter: "{inviter} 님이 {tenant}에 초대했습니다",
    subject: "{tenant}에서 초대장이 도착했습니다",
    greeting: "{name} 님, 안녕하세요.",
    invited_by_inviter: "{inviter} 님이 귀하를 {tenant}의 게스트로 초대했습니다.",
    invited_by_tenant: "{tenant}의 게스트로 초대되었습니다.",
    invited_to_app: "{app} 사용에 초대되었습니다.",
    message_from_inviter: "{inviter} 님의 메시지:",
    message_from_tenant: "{tenant}의 메시지:",
    accept_button: "초대 수락",
    button_fallback: "버튼이 작동하지 않으면 다음 링크를 복사하여 브라우저에 붙여 넣으세요:",
    link_intro: "초대를 수락하려면 다음 링크를 여세요:",
    expires: "이 초대는 {date}에 만료됩니다.",
    contact_question: "이 초대에 대해 궁금한 점이 있으신가요?",
    contact_us: "문의하기",
    footer: "{tenant}에서 {email} 주소로 초대를 보냈기 때문에 이 이메일을 받으셨습니다. 예상하지 못한 초대라면 이 이메일을 무시하셔도 됩니다.",
    code_subject: "{tenant} 인증 코드",
    code_intro: "{email} 주소가 본인의 주소임을 확인하려면 다음 코드를 입력하세요:",
    code_valid: "이 코드는 {minutes}분 동안 유효합니다.",
    code_ignore: "이 코드를 요청하지 않으셨다면 이 이메일을 무시하셔도 됩니다. 코드를 다른 사람과 공유하지 마세요.",
};

const EMAIL_PT_BR: EmailTexts = EmailTexts {
    subject_with_inviter: "{inviter} convidou você para participar de {tenant}",
    subject: "Convite para participar de {tenant}",
    greeting: "Olá, {name},",
    invited_by_inviter: "{inviter} convidou você para participar de {tenant} com acesso de convidado.",
    invited_by_tenant: "Você recebeu um convite para participar de {tenant} com acesso de convidado.",
    invited_to_app: "Você recebeu um convite para usar {app}.",
    message_from_inviter: "Mensagem de {inviter}:",
    message_from_tenant: "Mensagem de {tenant}:",
    accept_button: "Aceitar convite",
    button_fallback: "Se o botão não funcionar, copie este link no seu navegador:",
    link_intro: "Para aceitar o convite, abra este link:",
    expires: "Este convite expira em {date}.",
    contact_question: "Dúvidas sobre este convite?",
    contact_us: "Fale conosco",
    footer: "Você recebeu este e-mail porque {tenant} convidou {email}. Se você não esperava este convite, pode ignorar este e-mail.",
    code_subject: "Seu código de verificação para {tenant}",
    code_intro: "Digite este código para confirmar que {email} é o seu endereço:",
    code_valid: "O código é válido por {minutes} minutos.",
    code_ignore: "Se você não solicitou este código, pode ignorar este e-mail. Não compartilhe o código com ninguém.",
};

const EMAIL_RU: EmailTexts = EmailTexts {
    subject_with_inviter: "{inviter} приглашает вас в {tenant}",
    subject: "Приглашение в {tenant}",
    greeting: "Здравствуйте, {name}!",
    invited_by_inviter: "{inviter} приглашает вас присоединиться к {tenant} в качестве гостя.",
    invited_by_tenant: "Вас приглашают присоединиться к {tenant} в качестве гостя.",
    invited_to_app: "Вас приглашают использовать {app}.",
    message_from_inviter: "Сообщение от {inviter}:",
    message_from_tenant: "Сообщение от {tenant}:",
    accept_button: "Принять приглашение",
    button_fallback: "Если кнопка не работает, скопируйте эту ссылку в адресную строку браузера:",
    link_intro: "Чтобы принять приглашение, откройте эту ссылку:",
    // The Russian date ends in "г.", which also ends the sentence.
    expires: "Срок действия приглашения истекает {date}",
    contact_question: "Есть вопросы по этому приглашению?",
    contact_us: "Свяжитесь с нами",
    footer: "Вы получили это письмо, так как на адрес {email} отправлено приглашение от {tenant}. Если вы не ждали этого приглашения, просто проигнорируйте это письмо.",
    code_subject: "Ваш код подтверждения для {tenant}",
    code_intro: "Введите этот код, чтобы подтвердить, что адрес {email} принадлежит вам:",
    code_valid: "Код действителен {minutes} мин.",
    code_ignore: "Если вы не запрашивали этот код, просто проигнорируйте это письмо. Никому не сообщайте этот код.",
};

const EMAIL_ZH_HANS: EmailTexts = EmailTexts {
    subject_with_inviter: "{inviter} 邀请你加入 {tenant}",
    subject: "你收到了加入 {tenant} 的邀请",
    greeting: "{name}，你好：",
    invited_by_inviter: "{inviter} 邀请你以访客身份加入 {tenant}。",
    invited_by_tenant: "你已受邀以访客身份加入 {tenant}。",
    invited_to_app: "你已受邀使用 {app}。",
    message_from_inviter: "{inviter} 的留言：",
    message_from_tenant: "{tenant} 的留言：",
    accept_button: "接受邀请",
    button_fallback: "如果按钮无法使用，请将以下链接复制到浏览器中打开：",
    link_intro: "要接受邀请，请打开以下链接：",
    expires: "此邀请将于{date}过期。",
    contact_question: "对此邀请有疑问？",
    contact_us: "联系我们",
    footer: "你收到此邮件是因为 {tenant} 邀请了 {email}。如果你没有预料到此邀请，可以忽略此邮件。",
    code_subject: "你的 {tenant} 验证码",
    code_intro: "请输入以下验证码，以确认 {email} 是你的地址：",
    code_valid: "验证码在 {minutes} 分钟内有效。",
    code_ignore: "如果你没有请求此验证码，可以忽略此邮件。请勿将验证码告诉任何人。",
};

const EMAIL_ZH_HANT: EmailTexts = EmailTexts {
    subject_with_inviter: "{inviter} 邀請您加入 {tenant}",
    subject: "您收到了加入 {tenant} 的邀請",
    greeting: "{name} 您好：",
    invited_by_inviter: "{inviter} 邀請您以來賓身分加入 {tenant}。",
    invited_by_tenant: "您已受邀以來賓身分加入 {tenant}。",
    invited_to_app: "您已受邀使用 {app}。",
    message_from_inviter: "{inviter} 的留言：",
    message_from_tenant: "{tenant} 的留言：",
    accept_button: "接受邀請",
    button_fallback: "如果按鈕無法運作，請將以下連結複製到瀏覽器中開啟：",
    link_intro: "若要接受邀請，請開啟以下連結：",
    expires: "此邀請將於{date}到期。",
    contact_question: "對此邀請有任何疑問嗎？",
    contact_us: "聯絡我們",
    footer: "您收到這封郵件，是因為 {tenant} 邀請了 {email}。如果您並未預期收到此邀請，可以忽略這封郵件。",
    code_subject: "您的 {tenant} 驗證碼",
    code_intro: "請輸入以下驗證碼，以確認 {email} 是您的地址：",
    code_valid: "驗證碼在 {minutes} 分鐘內有效。",
    code_ignore: "如果您並未要求此驗證碼，可以忽略這封郵件。請勿將驗證碼提供給任何人。",
};

const EMAIL_NL: EmailTexts = EmailTexts {
    subject_with_inviter: "{inviter} heeft u uitgenodigd voor {tenant}",
    subject: "Uitnodiging voor {tenant}",
    greeting: "Beste {name},",
    invited_by_inviter: "{inviter} heeft u als gast uitgenodigd bij {tenant}.",
    invited_by_tenant: "U bent als gast uitgenodigd bij {tenant}.",
    invited_to_app: "U bent uitgenodigd om {app} te gebruiken.",
    message_from_inviter: "Een bericht van {inviter}:",
    message_from_tenant: "Een bericht van {tenant}:",
    accept_button: "Uitnodiging accepteren",
    button_fallback: "Werkt de knop niet? Kopieer dan deze link naar uw browser:",
    link_intro: "Open deze link om de uitnodiging te accepteren:",
    expires: "Deze uitnodiging verloopt op {date}.",
    contact_question: "Vragen over deze uitnodiging?",
    contact_us: "Neem contact met ons op",
    footer: "U ontvangt deze e-mail omdat {tenant} {email} heeft uitgenodigd. Had u deze uitnodiging niet verwacht? Dan kunt u deze e-mail negeren.",
    code_subject: "Uw verificatiecode voor {tenant}",
    code_intro: "Voer deze code in om te bevestigen dat {email} uw adres is:",
    code_valid: "De code is {minutes} minuten geldig.",
    code_ignore: "Hebt u deze code niet aangevraagd? Dan kunt u deze e-mail negeren. Deel de code met niemand.",
};

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    #[test]
    fn french_elides_de_and_que_before_a_vowel_only() {
        let email = texts_email_fr_message();
        assert_eq!(
            fill(email, &[("inviter", "admin")]),
            "Message d’admin\u{a0}:"
        );
        assert_eq!(
            fill(email, &[("inviter", "Élodie")]),
            "Message d’Élodie\u{a0}:"
        );
        assert_eq!(
            fill(email, &[("inviter", "Marie")]),
            "Message de Marie\u{a0}:"
        );
        assert_eq!(
            fill("parce {que:tenant} a invité", &[("tenant", "Acme")]),
            "parce qu’Acme a invité"
        );
        assert_eq!(
            fill("parce {que:tenant} a invité", &[("tenant", "Contoso")]),
            "parce que Contoso a invité"
        );
        // Other languages keep their words as written.
        assert_eq!(
            fill("Mensaje de {inviter}:", &[("inviter", "admin")]),
            "Mensaje de admin:"
        );
    }

    fn texts_email_fr_message() -> &'static str {
        email_texts(Language::Fr).message_from_inviter
    }

    use time::Month;
    use time::macros::datetime;

    use super::*;

    impl PageTexts {
        fn entries(&self) -> [(&'static str, &'static str); 39] {
            [
                ("html_lang", self.html_lang),
                ("invitation_title", self.invitation_title),
                ("invitation_to_app", self.invitation_to_app),
                ("invited_address", self.invited_address),
                ("expires_on", self.expires_on),
                ("sign_in_at_home", self.sign_in_at_home),
                ("sign_in", self.sign_in),
                ("sign_up_intro", self.sign_up_intro),
                ("send_code", self.send_code),
                ("code_sent", self.code_sent),
                ("code_label", self.code_label),
                ("verify", self.verify),
                ("code_invalid", self.code_invalid),
                ("signed_in_as", self.signed_in_as),
                ("accept", self.accept),
                ("consent_heading", self.consent_heading),
                ("consent_intro", self.consent_intro),
                ("consent_sign_in", self.consent_sign_in),
                ("consent_profile", self.consent_profile),
                ("consent_home", self.consent_home),
                ("consent_trust", self.consent_trust),
                ("wrong_account", self.wrong_account),
                ("switch_account", self.switch_account),
                ("prove_address", self.prove_address),
                ("cc_blocks_signup", self.cc_blocks_signup),
                ("invitation_invalid", self.invitation_invalid),
                ("invitation_expired", self.invitation_expired),
                ("invitation_revoked", self.invitation_revoked),
                ("invitation_used", self.invitation_used),
                ("contact", self.contact),
                ("my_apps_title", self.my_apps_title),
                ("my_apps_empty", self.my_apps_empty),
                ("sign_out", self.sign_out),
                ("accepted_title", self.accepted_title),
                ("too_many_codes", self.too_many_codes),
                ("member_of_inviter", self.member_of_inviter),
                ("already_guest", self.already_guest),
                ("organizations", self.organizations),
                ("home_organization", self.home_organization),
            ]
        }
    }

    impl EmailTexts {
        fn entries(&self) -> [(&'static str, &'static str); 19] {
            [
                ("subject_with_inviter", self.subject_with_inviter),
                ("subject", self.subject),
                ("greeting", self.greeting),
                ("invited_by_inviter", self.invited_by_inviter),
                ("invited_by_tenant", self.invited_by_tenant),
                ("invited_to_app", self.invited_to_app),
                ("message_from_inviter", self.message_from_inviter),
                ("message_from_tenant", self.message_from_tenant),
                ("accept_button", self.accept_button),
                ("button_fallback", self.button_fallback),
                ("link_intro", self.link_intro),
                ("expires", self.expires),
                ("contact_question", self.contact_question),
                ("contact_us", self.contact_us),
                ("footer", self.footer),
                ("code_subject", self.code_subject),
                ("code_intro", self.code_intro),
                ("code_valid", self.code_valid),
                ("code_ignore", self.code_ignore),
            ]
        }
    }

    /// The `{name}`s of a string, and whether its braces are balanced.
    fn placeholders(text: &str) -> (BTreeSet<&str>, bool) {
        let mut names = BTreeSet::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                return (names, false);
            };
            names.insert(crate::invitations::messages::placeholder_name(
                &rest[open + 1..open + close],
            ));
            rest = &rest[open + close + 1..];
        }
        (names, !rest.contains('}'))
    }

    #[test]
    fn every_translation_keeps_exactly_the_placeholders_of_the_english_string() {
        let english_pages = page_texts(Language::En).entries();
        let english_emails = email_texts(Language::En).entries();
        for language in Language::ALL {
            let pages = page_texts(language).entries();
            let emails = email_texts(language).entries();
            let pairs = english_pages
                .iter()
                .zip(pages.iter())
                .chain(english_emails.iter().zip(emails.iter()));
            for ((field, english), (_, translated)) in pairs {
                let (expected, _) = placeholders(english);
                let (found, balanced) = placeholders(translated);
                assert!(balanced, "{language} {field}: unbalanced braces");
                assert_eq!(found, expected, "{language} {field}: {translated}");
            }
        }
        // The check above would pass vacuously if the extraction found nothing.
        assert_eq!(
            placeholders(PAGE_EN.wrong_account).0,
            BTreeSet::from(["email", "account"])
        );
    }

    #[test]
    fn no_language_falls_back_to_english() {
        // Words that really are the same in another language.
        let same_word = |language, field| {
            field == "code_label" && matches!(language, Language::De | Language::Fr | Language::Nl)
        };
        let english_pages = page_texts(Language::En).entries();
        let english_emails = email_texts(Language::En).entries();
        for language in Language::ALL.into_iter().skip(1) {
            let pages = page_texts(language).entries();
            let emails = email_texts(language).entries();
            let pairs = english_pages
                .iter()
                .zip(pages.iter())
                .chain(english_emails.iter().zip(emails.iter()));
            for ((field, english), (_, translated)) in pairs {
                if !same_word(language, *field) {
                    assert_ne!(english, translated, "{language} {field} is English");
                }
                assert!(!translated.trim().is_empty(), "{language} {field} is empty");
            }
        }
    }

    #[test]
    fn html_lang_is_the_bcp47_spelling_of_each_language() {
        let tags: Vec<&str> = Language::ALL
            .into_iter()
            .map(|language| page_texts(language).html_lang)
            .collect();
        assert_eq!(
            tags,
            [
                "en", "de", "es", "fr", "it", "ja", "ko", "pt-BR", "ru", "zh-Hans", "zh-Hant", "nl"
            ]
        );
    }

    #[test]
    fn the_consent_heading_speaks_of_permissions_in_each_language() {
        // One word per language that the heading of Entra's "Review permissions"
        // screen uses there; the two Chinese scripts must differ.
        let expected = [
            (Language::En, "permissions"),
            (Language::De, "Berechtigungen"),
            (Language::Es, "permisos"),
            (Language::Fr, "autorisations"),
            (Language::It, "autorizzazioni"),
            (Language::Ja, "アクセス許可"),
            (Language::Ko, "권한"),
            (Language::PtBr, "permissões"),
            (Language::Ru, "разрешений"),
            (Language::ZhHans, "权限"),
            (Language::ZhHant, "權限"),
            (Language::Nl, "Machtigingen"),
        ];
        assert_eq!(expected.len(), Language::ALL.len());
        for (language, word) in expected {
            let heading = page_texts(language).consent_heading;
            assert!(heading.contains(word), "{language}: {heading}");
        }
    }

    #[test]
    fn fill_replaces_known_placeholders_and_leaves_the_others() {
        assert_eq!(
            fill(
                "{tenant} invited {email} to {app}",
                &[("tenant", "Contoso"), ("email", "ada@example.com")]
            ),
            "Contoso invited ada@example.com to {app}"
        );
        assert_eq!(
            fill("{a}{a} {b", &[("a", "x"), ("b", "y")]),
            "xx {b",
            "an unclosed brace stays as it is"
        );
        assert_eq!(fill("} {} {x}", &[("x", "1")]), "} {} 1");
        // A value is inserted once and not searched for placeholders again.
        assert_eq!(
            fill("{tenant}: {app}", &[("tenant", "{app}"), ("app", "Portal")]),
            "{app}: Portal"
        );
        assert_eq!(fill("Résumé {n} 日", &[("n", "ü")]), "Résumé ü 日");
    }

    #[test]
    fn dates_are_written_as_each_language_writes_them_in_utc() {
        // 23:30 UTC is already the 26th east of UTC: the date must not follow a local zone.
        let christmas = datetime!(2026-12-25 23:30 UTC).unix_timestamp();
        let expected = [
            (Language::En, "25 December 2026"),
            (Language::De, "25. Dezember 2026"),
            (Language::Es, "25 de diciembre de 2026"),
            (Language::Fr, "25 décembre 2026"),
            (Language::It, "25 dicembre 2026"),
            (Language::Ja, "2026年12月25日"),
            (Language::Ko, "2026년 12월 25일"),
            (Language::PtBr, "25 de dezembro de 2026"),
            (Language::Ru, "25 декабря 2026 г."),
            (Language::ZhHans, "2026年12月25日"),
            (Language::ZhHant, "2026年12月25日"),
            (Language::Nl, "25 december 2026"),
        ];
        for (language, date) in expected {
            assert_eq!(format_date(language, christmas), date, "{language}");
        }
    }

    #[test]
    fn the_first_of_a_month_is_an_ordinal_where_the_language_wants_one() {
        let first_of_march = datetime!(2027-03-01 00:00 UTC).unix_timestamp();
        let expected = [
            (Language::En, "1 March 2027"),
            (Language::De, "1. März 2027"),
            (Language::Es, "1 de marzo de 2027"),
            (Language::Fr, "1er mars 2027"),
            (Language::It, "1º marzo 2027"),
            (Language::Ja, "2027年3月1日"),
            (Language::Ko, "2027년 3월 1일"),
            (Language::PtBr, "1º de março de 2027"),
            (Language::Ru, "1 марта 2027 г."),
            (Language::ZhHans, "2027年3月1日"),
            (Language::ZhHant, "2027年3月1日"),
            (Language::Nl, "1 maart 2027"),
        ];
        for (language, date) in expected {
            assert_eq!(format_date(language, first_of_march), date, "{language}");
        }
    }

    #[test]
    fn every_month_has_its_own_name() {
        for language in Language::ALL {
            let names: BTreeSet<String> = (1..=12u8)
                .map(|month| {
                    let month = Month::try_from(month).expect("a month number");
                    let at = time::Date::from_calendar_date(2026, month, 15)
                        .expect("a date")
                        .midnight()
                        .assume_utc()
                        .unix_timestamp();
                    format_date(language, at)
                })
                .collect();
            assert_eq!(names.len(), 12, "{language}");
        }
        assert_eq!(
            format_date(
                Language::De,
                datetime!(2026-03-15 0:00 UTC).unix_timestamp()
            ),
            "15. März 2026"
        );
    }

    #[test]
    fn a_time_beyond_the_calendar_is_shown_as_its_last_day_instead_of_failing() {
        assert_eq!(format_date(Language::En, i64::MAX), "31 December 9999");
        assert_eq!(format_date(Language::En, i64::MIN), "1 January -9999");
    }
}
