//! The words of field errors shown beside a form's field (the portal's "Invite one
//! partner" and "New member" forms), in each of Entente's twelve languages: plain
//! sentences saying what to enter, never an API field name, and the title of the
//! summary above a form that links to the first field in error.
//!
//! Kept apart from [`crate::portal_texts`] so that this area's strings live in one
//! place; the same rules hold: `{name}` placeholders filled with
//! [`fill`](crate::invitations::messages::fill), no HTML, every language complete.

use crate::invitations::Language;

/// Strings of field errors; placeholders in braces, the same in every language as in
/// English.
#[derive(Debug)]
pub struct FieldTexts {
    /// "There is a problem" (the summary's title above the form).
    pub summary_title: &'static str,
    /// "Enter an email address, like name@example.com."
    pub enter_email: &'static str,
    /// "This is {length} characters long; at most {max} fit."
    pub too_long: &'static str,
    /// "Enter a web address that starts with https://."
    pub enter_https_url: &'static str,
    /// "Choose a language from the list."
    pub choose_language: &'static str,
    /// "Enter a display name."
    pub enter_display_name: &'static str,
    /// "{given} is not one of your organization's domains; enter an address like name@{domain}."
    pub upn_not_in_domain: &'static str,
    /// "Someone in your organization already has this name; choose another."
    pub upn_taken: &'static str,
    /// "Enter a password of at least 8 characters."
    pub password_too_short: &'static str,
    /// "Enter a password of at most 256 characters."
    pub password_too_long: &'static str,
}

/// The field errors' words in `language`.
pub fn for_language(language: Language) -> &'static FieldTexts {
    match language {
        Language::En => &EN,
        Language::De => &DE,
        Language::Es => &ES,
        Language::Fr => &FR,
        Language::It => &IT,
        Language::Ja => &JA,
        Language::Ko => &KO,
        Language::PtBr => &PTBR,
        Language::Ru => &RU,
        Language::ZhHans => &ZHHANS,
        Language::ZhHant => &ZHHANT,
        Language::Nl => &NL,
    }
}

const EN: FieldTexts = FieldTexts {
    summary_title: "There is a problem",
    enter_email: "Enter an email address, like name@example.com.",
    too_long: "This is {length} characters long; at most {max} fit.",
    enter_https_url: "Enter a web address that starts with https://.",
    choose_language: "Choose a language from the list.",
    enter_display_name: "Enter a display name.",
    upn_not_in_domain: "{given} is not one of your organization's domains; enter an address like name@{domain}.",
    upn_taken: "Someone in your organization already has this name; choose another.",
    password_too_short: "Enter a password of at least 8 characters.",
    password_too_long: "Enter a password of at most 256 characters.",
};

const DE: FieldTexts = FieldTexts {
    summary_title: "Es gibt ein Problem",
    enter_email: "Geben Sie eine E-Mail-Adresse ein, z. B. name@example.com.",
    too_long: "Das sind {length} Zeichen; höchstens {max} passen.",
    enter_https_url: "Geben Sie eine Webadresse ein, die mit https:// beginnt.",
    choose_language: "Wählen Sie eine Sprache aus der Liste.",
    enter_display_name: "Geben Sie einen Anzeigenamen ein.",
    upn_not_in_domain: "{given} ist keine Domäne Ihrer Organisation; geben Sie eine Adresse wie name@{domain} ein.",
    upn_taken: "Jemand in Ihrer Organisation hat diesen Namen bereits; wählen Sie einen anderen.",
    password_too_short: "Geben Sie ein Kennwort mit mindestens 8 Zeichen ein.",
    password_too_long: "Geben Sie ein Kennwort mit höchstens 256 Zeichen ein.",
};

const ES: FieldTexts = FieldTexts {
    summary_title: "Hay un problema",
    enter_email: "Escriba una dirección de correo, como nombre@example.com.",
    too_long: "Tiene {length} caracteres; caben como máximo {max}.",
    enter_https_url: "Escriba una dirección web que empiece por https://.",
    choose_language: "Elija un idioma de la lista.",
    enter_display_name: "Escriba un nombre para mostrar.",
    upn_not_in_domain: "{given} no es un dominio de su organización; escriba una dirección como nombre@{domain}.",
    upn_taken: "Alguien de su organización ya tiene este nombre; elija otro.",
    password_too_short: "Escriba una contraseña de al menos 8 caracteres.",
    password_too_long: "Escriba una contraseña de 256 caracteres como máximo.",
};

const FR: FieldTexts = FieldTexts {
    summary_title: "Il y a un problème",
    enter_email: "Saisissez une adresse e-mail, par exemple nom@example.com.",
    too_long: "Ce texte fait {length} caractères ; {max} au maximum.",
    enter_https_url: "Saisissez une adresse web qui commence par https://.",
    choose_language: "Choisissez une langue dans la liste.",
    enter_display_name: "Saisissez un nom d'affichage.",
    upn_not_in_domain: "{given} n'est pas un domaine de votre organisation ; saisissez une adresse comme nom@{domain}.",
    upn_taken: "Quelqu'un de votre organisation porte déjà ce nom ; choisissez-en un autre.",
    password_too_short: "Saisissez un mot de passe d'au moins 8 caractères.",
    password_too_long: "Saisissez un mot de passe de 256 caractères au plus.",
};

const IT: FieldTexts = FieldTexts {
    summary_title: "C'è un problema",
    enter_email: "Inserisci un indirizzo email, ad esempio nome@example.com.",
    too_long: "Sono {length} caratteri; ne entrano al massimo {max}.",
    enter_https_url: "Inserisci un indirizzo web che inizi con https://.",
    choose_language: "Scegli una lingua dall'elenco.",
    enter_display_name: "Inserisci un nome visualizzato.",
    upn_not_in_domain: "{given} non è un dominio della tua organizzazione; inserisci un indirizzo come nome@{domain}.",
    upn_taken: "Qualcuno nella tua organizzazione ha già questo nome; scegline un altro.",
    password_too_short: "Inserisci una password di almeno 8 caratteri.",
    password_too_long: "Inserisci una password di al massimo 256 caratteri.",
};

const JA: FieldTexts = FieldTexts {
    summary_title: "問題があります",
    enter_email: "name@example.com のようなメール アドレスを入力してください。",
    too_long: "{length} 文字あります。入力できるのは {max} 文字までです。",
    enter_https_url: "https:// で始まる Web アドレスを入力してください。",
    choose_language: "一覧から言語を選んでください。",
    enter_display_name: "表示名を入力してください。",
    upn_not_in_domain: "{given} は組織のドメインではありません。name@{domain} のようなアドレスを入力してください。",
    upn_taken: "組織内の他のユーザーがこの名前を使っています。別の名前を選んでください。",
    password_too_short: "8 文字以上のパスワードを入力してください。",
    password_too_long: "256 文字以下のパスワードを入力してください。",
};

const KO: FieldTexts = FieldTexts {
    summary_title: "문제가 있습니다",
    enter_email: "name@example.com과 같은 이메일 주소를 입력하세요.",
    too_long: "{length}자입니다. 최대 {max}자까지 입력할 수 있습니다.",
    enter_https_url: "https://로 시작하는 웹 주소를 입력하세요.",
    choose_language: "목록에서 언어를 선택하세요.",
    enter_display_name: "표시 이름을 입력하세요.",
    upn_not_in_domain: "{given}은(는) 조직의 도메인이 아닙니다. name@{domain}과 같은 주소를 입력하세요.",
    upn_taken: "조직의 다른 사용자가 이미 이 이름을 사용합니다. 다른 이름을 선택하세요.",
    password_too_short: "8자 이상의 암호를 입력하세요.",
    password_too_long: "256자 이하의 암호를 입력하세요.",
};

const PTBR: FieldTexts = FieldTexts {
    summary_title: "Há um problema",
    enter_email: "Digite um endereço de email, como nome@example.com.",
    too_long: "Isto tem {length} caracteres; cabem no máximo {max}.",
    enter_https_url: "Digite um endereço da web que comece com https://.",
    choose_language: "Escolha um idioma da lista.",
    enter_display_name: "Digite um nome de exibição.",
    upn_not_in_domain: "{given} não é um domínio da sua organização; digite um endereço como nome@{domain}.",
    upn_taken: "Alguém da sua organização já tem este nome; escolha outro.",
    password_too_short: "Digite uma senha de pelo menos 8 caracteres.",
    password_too_long: "Digite uma senha de no máximo 256 caracteres.",
};

const RU: FieldTexts = FieldTexts {
    summary_title: "Есть проблема",
    enter_email: "Введите адрес электронной почты, например name@example.com.",
    too_long: "Здесь {length} символов; помещается не больше {max}.",
    enter_https_url: "Введите веб-адрес, который начинается с https://.",
    choose_language: "Выберите язык из списка.",
    enter_display_name: "Введите отображаемое имя.",
    upn_not_in_domain: "{given} — не домен вашей организации; введите адрес вида name@{domain}.",
    upn_taken: "Это имя уже есть у кого-то в вашей организации; выберите другое.",
    password_too_short: "Введите пароль не короче 8 символов.",
    password_too_long: "Введите пароль не длиннее 256 символов.",
};

const ZHHANS: FieldTexts = FieldTexts {
    summary_title: "出现问题",
    enter_email: "请输入电子邮件地址，例如 name@example.com。",
    too_long: "当前为 {length} 个字符；最多 {max} 个。",
    enter_https_url: "请输入以 https:// 开头的网址。",
    choose_language: "请从列表中选择一种语言。",
    enter_display_name: "请输入显示名称。",
    upn_not_in_domain: "{given} 不是贵组织的域；请输入类似 name@{domain} 的地址。",
    upn_taken: "贵组织中已有人使用此名称；请另选一个。",
    password_too_short: "请输入至少 8 个字符的密码。",
    password_too_long: "请输入不超过 256 个字符的密码。",
};

const ZHHANT: FieldTexts = FieldTexts {
    summary_title: "發生問題",
    enter_email: "請輸入電子郵件地址，例如 name@example.com。",
    too_long: "目前為 {length} 個字元；最多 {max} 個。",
    enter_https_url: "請輸入以 https:// 開頭的網址。",
    choose_language: "請從清單中選擇一種語言。",
    enter_display_name: "請輸入顯示名稱。",
    upn_not_in_domain: "{given} 不是貴組織的網域；請輸入類似 name@{domain} 的地址。",
    upn_taken: "貴組織中已有人使用此名稱；請另選一個。",
    password_too_short: "請輸入至少 8 個字元的密碼。",
    password_too_long: "請輸入不超過 256 個字元的密碼。",
};

const NL: FieldTexts = FieldTexts {
    summary_title: "Er is een probleem",
    enter_email: "Vul een e-mailadres in, zoals naam@example.com.",
    too_long: "Dit is {length} tekens lang; er passen er hoogstens {max}.",
    enter_https_url: "Vul een webadres in dat met https:// begint.",
    choose_language: "Kies een taal uit de lijst.",
    enter_display_name: "Vul een weergavenaam in.",
    upn_not_in_domain: "{given} is geen domein van uw organisatie; vul een adres in zoals naam@{domain}.",
    upn_taken: "Iemand in uw organisatie heeft deze naam al; kies een andere.",
    password_too_short: "Vul een wachtwoord van minstens 8 tekens in.",
    password_too_long: "Vul een wachtwoord van hoogstens 256 tekens in.",
};

impl FieldTexts {
    #[cfg(test)]
    fn entries(&self) -> Vec<(&'static str, &'static str)> {
        let FieldTexts {
            summary_title,
            enter_email,
            too_long,
            enter_https_url,
            choose_language,
            enter_display_name,
            upn_not_in_domain,
            upn_taken,
            password_too_short,
            password_too_long,
        } = self;
        vec![
            ("summary_title", *summary_title),
            ("enter_email", *enter_email),
            ("too_long", *too_long),
            ("enter_https_url", *enter_https_url),
            ("choose_language", *choose_language),
            ("enter_display_name", *enter_display_name),
            ("upn_not_in_domain", *upn_not_in_domain),
            ("upn_taken", *upn_taken),
            ("password_too_short", *password_too_short),
            ("password_too_long", *password_too_long),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(text: &str) -> Vec<&str> {
        let mut found: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn field_texts_are_present_in_every_language_without_markup() {
        for language in Language::ALL {
            for (field, text) in for_language(language).entries() {
                assert!(!text.trim().is_empty(), "{field} is empty in {language}");
                assert!(!text.contains('<'), "{field} carries markup in {language}");
            }
        }
    }

    #[test]
    fn field_texts_have_the_english_placeholders() {
        let english = for_language(Language::En).entries();
        for language in Language::ALL {
            for ((field, text), (_, original)) in
                for_language(language).entries().iter().zip(&english)
            {
                assert_eq!(
                    placeholders(text),
                    placeholders(original),
                    "{field} in {language}"
                );
            }
        }
    }
}
