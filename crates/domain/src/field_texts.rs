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
    /// "Enter a domain name, like contoso.com."
    pub enter_domain: &'static str,
    /// "{entry} is not a domain name; enter one like contoso.com."
    pub not_a_domain: &'static str,
    /// "This domain has been added to your organization already, or another organization has verified it."
    pub domain_unavailable: &'static str,
    /// "Enter a full web address, like https://app.contoso.com."
    pub enter_web_address: &'static str,
    /// "Enter an address that starts with https://; only an app on this computer (http://localhost) may use http://."
    pub redirect_https: &'static str,
    /// "Remove the part from # on: a redirect URI cannot have one."
    pub redirect_fragment: &'static str,
    /// "Enter a colour as # and six hexadecimal digits, like #1d4ed8."
    pub enter_colour: &'static str,
    /// "{entry} is in both lists; a domain cannot be allowed and blocked at once."
    pub allowed_and_blocked: &'static str,
    /// "Enter a whole number of days from {min} to {max}."
    pub days_between: &'static str,
    /// "Enter a value."
    pub enter_value: &'static str,
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
    enter_domain: "Enter a domain name, like contoso.com.",
    not_a_domain: "{entry} is not a domain name; enter one like contoso.com.",
    domain_unavailable: "This domain has been added to your organization already, or another organization has verified it.",
    enter_web_address: "Enter a full web address, like https://app.contoso.com.",
    redirect_https: "Enter an address that starts with https://; only an app on this computer (http://localhost) may use http://.",
    redirect_fragment: "Remove the part from # on: a redirect URI cannot have one.",
    enter_colour: "Enter a colour as # and six hexadecimal digits, like #1d4ed8.",
    allowed_and_blocked: "{entry} is in both lists; a domain cannot be allowed and blocked at once.",
    days_between: "Enter a whole number of days from {min} to {max}.",
    enter_value: "Enter a value.",
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
    enter_domain: "Geben Sie einen Domänennamen ein, z. B. contoso.com.",
    not_a_domain: "{entry} ist kein Domänenname; geben Sie einen wie contoso.com ein.",
    domain_unavailable: "Diese Domäne wurde Ihrer Organisation bereits hinzugefügt, oder eine andere Organisation hat sie verifiziert.",
    enter_web_address: "Geben Sie eine vollständige Webadresse ein, z. B. https://app.contoso.com.",
    redirect_https: "Geben Sie eine Adresse ein, die mit https:// beginnt; nur eine App auf diesem Computer (http://localhost) darf http:// verwenden.",
    redirect_fragment: "Entfernen Sie den Teil ab #: Eine Umleitungs-URI darf keinen solchen Teil haben.",
    enter_colour: "Geben Sie eine Farbe als # und sechs Hexadezimalziffern ein, z. B. #1d4ed8.",
    allowed_and_blocked: "{entry} steht in beiden Listen; eine Domäne kann nicht zugleich erlaubt und gesperrt sein.",
    days_between: "Geben Sie eine ganze Anzahl Tage von {min} bis {max} ein.",
    enter_value: "Geben Sie einen Wert ein.",
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
    enter_domain: "Escriba un nombre de dominio, como contoso.com.",
    not_a_domain: "{entry} no es un nombre de dominio; escriba uno como contoso.com.",
    domain_unavailable: "Este dominio ya se ha agregado a su organización, o bien otra organización lo ha verificado.",
    enter_web_address: "Escriba una dirección web completa, como https://app.contoso.com.",
    redirect_https: "Escriba una dirección que empiece por https://; solo una aplicación de este equipo (http://localhost) puede usar http://.",
    redirect_fragment: "Quite la parte que va desde #: un URI de redirección no puede tenerla.",
    enter_colour: "Escriba un color con # y seis dígitos hexadecimales, como #1d4ed8.",
    allowed_and_blocked: "{entry} está en ambas listas; un dominio no puede estar permitido y bloqueado a la vez.",
    days_between: "Escriba un número entero de días de {min} a {max}.",
    enter_value: "Escriba un valor.",
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
    enter_domain: "Saisissez un nom de domaine, par exemple contoso.com.",
    not_a_domain: "{entry} n'est pas un nom de domaine ; saisissez-en un comme contoso.com.",
    domain_unavailable: "Ce domaine a déjà été ajouté à votre organisation, ou une autre organisation l'a vérifié.",
    enter_web_address: "Saisissez une adresse web complète, par exemple https://app.contoso.com.",
    redirect_https: "Saisissez une adresse qui commence par https:// ; seule une application sur cet ordinateur (http://localhost) peut utiliser http://.",
    redirect_fragment: "Supprimez la partie à partir de # : un URI de redirection ne peut pas en avoir.",
    enter_colour: "Saisissez une couleur sous la forme # suivi de six chiffres hexadécimaux, par exemple #1d4ed8.",
    allowed_and_blocked: "{entry} figure dans les deux listes ; un domaine ne peut pas être à la fois autorisé et bloqué.",
    days_between: "Saisissez un nombre entier de jours compris entre {min} et {max}.",
    enter_value: "Saisissez une valeur.",
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
    enter_domain: "Inserisci un nome di dominio, ad esempio contoso.com.",
    not_a_domain: "{entry} non è un nome di dominio; inseriscine uno come contoso.com.",
    domain_unavailable: "Questo dominio è già stato aggiunto alla tua organizzazione, oppure un'altra organizzazione lo ha verificato.",
    enter_web_address: "Inserisci un indirizzo web completo, ad esempio https://app.contoso.com.",
    redirect_https: "Inserisci un indirizzo che inizi con https://; solo un'app su questo computer (http://localhost) può usare http://.",
    redirect_fragment: "Rimuovi la parte da # in poi: un URI di reindirizzamento non può averla.",
    enter_colour: "Inserisci un colore come # seguito da sei cifre esadecimali, ad esempio #1d4ed8.",
    allowed_and_blocked: "{entry} è in entrambi gli elenchi; un dominio non può essere consentito e bloccato allo stesso tempo.",
    days_between: "Inserisci un numero intero di giorni da {min} a {max}.",
    enter_value: "Inserisci un valore.",
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
    enter_domain: "contoso.com のようなドメイン名を入力してください。",
    not_a_domain: "{entry} はドメイン名ではありません。contoso.com のようなドメイン名を入力してください。",
    domain_unavailable: "このドメインは既に組織に追加されているか、別の組織が検証済みです。",
    enter_web_address: "https://app.contoso.com のような完全な Web アドレスを入力してください。",
    redirect_https: "https:// で始まるアドレスを入力してください。http:// を使用できるのは、このコンピューター上のアプリ (http://localhost) だけです。",
    redirect_fragment: "# 以降の部分を削除してください。リダイレクト URI にはこの部分を含めることができません。",
    enter_colour: "#1d4ed8 のように、# と 6 桁の 16 進数で色を入力してください。",
    allowed_and_blocked: "{entry} は両方の一覧に含まれています。ドメインを許可とブロックの両方にすることはできません。",
    days_between: "{min} から {max} までの整数で日数を入力してください。",
    enter_value: "値を入力してください。",
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
    enter_domain: "contoso.com과 같은 도메인 이름을 입력하세요.",
    not_a_domain: "{entry}은(는) 도메인 이름이 아닙니다. contoso.com과 같은 도메인 이름을 입력하세요.",
    domain_unavailable: "이 도메인은 이미 조직에 추가되었거나 다른 조직에서 확인했습니다.",
    enter_web_address: "https://app.contoso.com과 같은 전체 웹 주소를 입력하세요.",
    redirect_https: "https://로 시작하는 주소를 입력하세요. http://는 이 컴퓨터의 앱(http://localhost)만 사용할 수 있습니다.",
    redirect_fragment: "#부터 시작하는 부분을 제거하세요. 리디렉션 URI에는 이 부분을 포함할 수 없습니다.",
    enter_colour: "#1d4ed8처럼 # 뒤에 16진수 6자리를 붙여 색을 입력하세요.",
    allowed_and_blocked: "{entry}이(가) 두 목록에 모두 있습니다. 도메인을 허용하면서 동시에 차단할 수는 없습니다.",
    days_between: "{min}부터 {max}까지의 정수로 일 수를 입력하세요.",
    enter_value: "값을 입력하세요.",
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
    enter_domain: "Digite um nome de domínio, como contoso.com.",
    not_a_domain: "{entry} não é um nome de domínio; digite um como contoso.com.",
    domain_unavailable: "Este domínio já foi adicionado à sua organização, ou outra organização já o verificou.",
    enter_web_address: "Digite um endereço da web completo, como https://app.contoso.com.",
    redirect_https: "Digite um endereço que comece com https://; só um aplicativo neste computador (http://localhost) pode usar http://.",
    redirect_fragment: "Remova a parte a partir de #: um URI de redirecionamento não pode tê-la.",
    enter_colour: "Digite uma cor como # seguido de seis dígitos hexadecimais, por exemplo #1d4ed8.",
    allowed_and_blocked: "{entry} está nas duas listas; um domínio não pode ser permitido e bloqueado ao mesmo tempo.",
    days_between: "Digite um número inteiro de dias de {min} a {max}.",
    enter_value: "Digite um valor.",
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
    enter_domain: "Введите имя домена, например contoso.com.",
    not_a_domain: "{entry} — не имя домена; введите имя вида contoso.com.",
    domain_unavailable: "Этот домен уже добавлен в вашу организацию или подтверждён другой организацией.",
    enter_web_address: "Введите полный веб-адрес, например https://app.contoso.com.",
    redirect_https: "Введите адрес, который начинается с https://; http:// может использовать только приложение на этом компьютере (http://localhost).",
    redirect_fragment: "Удалите часть, начиная с #: в URI перенаправления её быть не может.",
    enter_colour: "Введите цвет в виде # и шести шестнадцатеричных цифр, например #1d4ed8.",
    allowed_and_blocked: "{entry} есть в обоих списках; домен не может быть одновременно разрешён и заблокирован.",
    days_between: "Введите целое число дней от {min} до {max}.",
    enter_value: "Введите значение.",
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
    enter_domain: "请输入域名，例如 contoso.com。",
    not_a_domain: "{entry} 不是域名；请输入类似 contoso.com 的域名。",
    domain_unavailable: "此域已添加到贵组织，或已由其他组织验证。",
    enter_web_address: "请输入完整的网址，例如 https://app.contoso.com。",
    redirect_https: "请输入以 https:// 开头的地址；只有此计算机上的应用（http://localhost）可以使用 http://。",
    redirect_fragment: "请删除从 # 开始的部分：重定向 URI 不能包含此部分。",
    enter_colour: "请以 # 加六位十六进制数字的形式输入颜色，例如 #1d4ed8。",
    allowed_and_blocked: "{entry} 同时出现在两个列表中；一个域不能既被允许又被阻止。",
    days_between: "请输入 {min} 到 {max} 之间的整数天数。",
    enter_value: "请输入一个值。",
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
    enter_domain: "請輸入網域名稱，例如 contoso.com。",
    not_a_domain: "{entry} 不是網域名稱；請輸入類似 contoso.com 的網域名稱。",
    domain_unavailable: "此網域已新增至貴組織，或已由其他組織驗證。",
    enter_web_address: "請輸入完整的網址，例如 https://app.contoso.com。",
    redirect_https: "請輸入以 https:// 開頭的地址；只有此電腦上的應用程式（http://localhost）可以使用 http://。",
    redirect_fragment: "請移除從 # 開始的部分：重新導向 URI 不能包含此部分。",
    enter_colour: "請以 # 加六位十六進位數字的形式輸入色彩，例如 #1d4ed8。",
    allowed_and_blocked: "{entry} 同時出現在兩個清單中；網域不能同時為允許和封鎖。",
    days_between: "請輸入 {min} 到 {max} 之間的整數天數。",
    enter_value: "請輸入一個值。",
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
    enter_domain: "Vul een domeinnaam in, zoals contoso.com.",
    not_a_domain: "{entry} is geen domeinnaam; vul er een in zoals contoso.com.",
    domain_unavailable: "Dit domein is al aan uw organisatie toegevoegd, of een andere organisatie heeft het geverifieerd.",
    enter_web_address: "Vul een volledig webadres in, zoals https://app.contoso.com.",
    redirect_https: "Vul een adres in dat met https:// begint; alleen een app op deze computer (http://localhost) mag http:// gebruiken.",
    redirect_fragment: "Verwijder het deel vanaf #: een omleidings-URI mag zo'n deel niet bevatten.",
    enter_colour: "Vul een kleur in als # en zes hexadecimale cijfers, zoals #1d4ed8.",
    allowed_and_blocked: "{entry} staat in beide lijsten; een domein kan niet tegelijk toegestaan en geblokkeerd zijn.",
    days_between: "Vul een geheel aantal dagen in van {min} tot en met {max}.",
    enter_value: "Vul een waarde in.",
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
            enter_domain,
            not_a_domain,
            domain_unavailable,
            enter_web_address,
            redirect_https,
            redirect_fragment,
            enter_colour,
            allowed_and_blocked,
            days_between,
            enter_value,
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
            ("enter_domain", *enter_domain),
            ("not_a_domain", *not_a_domain),
            ("domain_unavailable", *domain_unavailable),
            ("enter_web_address", *enter_web_address),
            ("redirect_https", *redirect_https),
            ("redirect_fragment", *redirect_fragment),
            ("enter_colour", *enter_colour),
            ("allowed_and_blocked", *allowed_and_blocked),
            ("days_between", *days_between),
            ("enter_value", *enter_value),
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
