//! The words of the portal's lists (issue 19) in the twelve languages: counts, the
//! search hint, the email and date columns, plain user types and invitation states,
//! where a guest's account lives, and the export link; and numbers written with the
//! reader's digit grouping ("12,345", "12.345", "12 345").

use crate::invitations::Language;

/// The lists' strings in one language.
#[derive(Debug)]
pub struct ListTexts {
    /// "Users found: {count}"
    pub users_found: &'static str,
    /// "Groups found: {count}"
    pub groups_found: &'static str,
    /// "Invitations found: {count}"
    pub invitations_found: &'static str,
    /// the hint under a list's search box
    pub search_hint: &'static str,
    /// "Address or name" (the invitations' search box)
    pub search_invitations: &'static str,
    /// "Email" (the users' address column)
    pub email_column: &'static str,
    /// "Created" (the date column)
    pub created: &'static str,
    /// "Member" (a user type)
    pub member: &'static str,
    /// "Guest" (a user type)
    pub guest: &'static str,
    /// "Pending acceptance" (a guest's invitation state)
    pub state_pending: &'static str,
    /// "Accepted"
    pub state_accepted: &'static str,
    /// "Email one-time code" (a guest whose address was proven by a code)
    pub source_code: &'static str,
    /// "Partner's identity provider" (a guest signing in through its organization's own provider)
    pub source_federated: &'static str,
    /// "Download as CSV"
    pub export_users: &'static str,
}

/// The lists' strings in `language`.
pub fn for_language(language: Language) -> &'static ListTexts {
    match language {
        Language::En => &EN,
        Language::De => &DE,
        Language::Es => &ES,
        Language::Fr => &FR,
        Language::It => &IT,
        Language::Ja => &JA,
        Language::Ko => &KO,
        Language::PtBr => &PT_BR,
        Language::Ru => &RU,
        Language::ZhHans => &ZH_HANS,
        Language::ZhHant => &ZH_HANT,
        Language::Nl => &NL,
    }
}

/// `n` with its digits grouped by thousands as `language` writes them: a comma in
/// English, Japanese, Korean and Chinese, a period in German, Spanish, Italian,
/// Portuguese and Dutch (Spanish leaves four digits alone), a narrow no-break space in
/// French and a no-break space in Russian.
pub fn grouped(n: i64, language: Language) -> String {
    let separator = match language {
        Language::En | Language::Ja | Language::Ko | Language::ZhHans | Language::ZhHant => ",",
        Language::De | Language::Es | Language::It | Language::PtBr | Language::Nl => ".",
        Language::Fr => "\u{202f}",
        Language::Ru => "\u{a0}",
    };
    let digits = n.unsigned_abs().to_string();
    if digits.len() <= 3 || (language == Language::Es && digits.len() == 4) {
        return n.to_string();
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

const EN: ListTexts = ListTexts {
    users_found: "Users found: {count}",
    groups_found: "Groups found: {count}",
    invitations_found: "Invitations found: {count}",
    search_hint: "Finds any part of a name or an address; one or two characters find those that start with them.",
    search_invitations: "Address or name",
    email_column: "Email",
    created: "Created",
    member: "Member",
    guest: "Guest",
    state_pending: "Pending acceptance",
    state_accepted: "Accepted",
    source_code: "Email one-time code",
    source_federated: "Partner's identity provider",
    export_users: "Download as CSV",
};

const DE: ListTexts = ListTexts {
    users_found: "Gefundene Benutzer: {count}",
    groups_found: "Gefundene Gruppen: {count}",
    invitations_found: "Gefundene Einladungen: {count}",
    search_hint: "Findet jeden Teil eines Namens oder einer Adresse; ein oder zwei Zeichen finden die, die damit beginnen.",
    search_invitations: "Adresse oder Name",
    email_column: "E-Mail",
    created: "Erstellt",
    member: "Mitglied",
    guest: "Gast",
    state_pending: "Annahme ausstehend",
    state_accepted: "Angenommen",
    source_code: "Einmalcode per E-Mail",
    source_federated: "Identitätsanbieter des Partners",
    export_users: "Als CSV herunterladen",
};

const ES: ListTexts = ListTexts {
    users_found: "Usuarios encontrados: {count}",
    groups_found: "Grupos encontrados: {count}",
    invitations_found: "Invitaciones encontradas: {count}",
    search_hint: "Busca cualquier parte de un nombre o una dirección; con uno o dos caracteres, los que empiezan por ellos.",
    search_invitations: "Dirección o nombre",
    email_column: "Correo electrónico",
    created: "Creado",
    member: "Miembro",
    guest: "Invitado",
    state_pending: "Pendiente de aceptación",
    state_accepted: "Aceptada",
    source_code: "Código de un solo uso por correo",
    source_federated: "Proveedor de identidad del socio",
    export_users: "Descargar como CSV",
};

const FR: ListTexts = ListTexts {
    users_found: "Utilisateurs trouvés : {count}",
    groups_found: "Groupes trouvés : {count}",
    invitations_found: "Invitations trouvées : {count}",
    search_hint: "Trouve toute partie d’un nom ou d’une adresse ; un ou deux caractères trouvent ceux qui commencent ainsi.",
    search_invitations: "Adresse ou nom",
    email_column: "E-mail",
    created: "Créé le",
    member: "Membre",
    guest: "Invité",
    state_pending: "En attente d’acceptation",
    state_accepted: "Acceptée",
    source_code: "Code à usage unique par e-mail",
    source_federated: "Fournisseur d’identité du partenaire",
    export_users: "Télécharger en CSV",
};

const IT: ListTexts = ListTexts {
    users_found: "Utenti trovati: {count}",
    groups_found: "Gruppi trovati: {count}",
    invitations_found: "Inviti trovati: {count}",
    search_hint: "Trova qualsiasi parte di un nome o di un indirizzo; uno o due caratteri trovano quelli che iniziano così.",
    search_invitations: "Indirizzo o nome",
    email_column: "Email",
    created: "Creato",
    member: "Membro",
    guest: "Ospite",
    state_pending: "In attesa di accettazione",
    state_accepted: "Accettato",
    source_code: "Codice monouso via email",
    source_federated: "Provider di identità del partner",
    export_users: "Scarica in CSV",
};

const JA: ListTexts = ListTexts {
    users_found: "見つかったユーザー: {count}",
    groups_found: "見つかったグループ: {count}",
    invitations_found: "見つかった招待: {count}",
    search_hint: "名前やアドレスの一部で検索します。1～2 文字の場合は、その文字で始まるものを検索します。",
    search_invitations: "アドレスまたは名前",
    email_column: "メール",
    created: "作成日",
    member: "メンバー",
    guest: "ゲスト",
    state_pending: "承諾待ち",
    state_accepted: "承諾済み",
    source_code: "メールのワンタイム コード",
    source_federated: "パートナーの ID プロバイダー",
    export_users: "CSV でダウンロード",
};

const KO: ListTexts = ListTexts {
    users_found: "찾은 사용자: {count}",
    groups_found: "찾은 그룹: {count}",
    invitations_found: "찾은 초대: {count}",
    search_hint: "이름이나 주소의 일부로 찾습니다. 한두 글자는 그 글자로 시작하는 항목을 찾습니다.",
    search_invitations: "주소 또는 이름",
    email_column: "이메일",
    created: "만든 날짜",
    member: "구성원",
    guest: "게스트",
    state_pending: "수락 대기 중",
    state_accepted: "수락됨",
    source_code: "이메일 일회용 코드",
    source_federated: "파트너의 ID 공급자",
    export_users: "CSV로 다운로드",
};

const PT_BR: ListTexts = ListTexts {
    users_found: "Usuários encontrados: {count}",
    groups_found: "Grupos encontrados: {count}",
    invitations_found: "Convites encontrados: {count}",
    search_hint: "Encontra qualquer parte de um nome ou endereço; um ou dois caracteres encontram os que começam com eles.",
    search_invitations: "Endereço ou nome",
    email_column: "Email",
    created: "Criado em",
    member: "Membro",
    guest: "Convidado",
    state_pending: "Aguardando aceitação",
    state_accepted: "Aceito",
    source_code: "Código de uso único por email",
    source_federated: "Provedor de identidade do parceiro",
    export_users: "Baixar como CSV",
};

const RU: ListTexts = ListTexts {
    users_found: "Найдено пользователей: {count}",
    groups_found: "Найдено групп: {count}",
    invitations_found: "Найдено приглашений: {count}",
    search_hint: "Ищет любую часть имени или адреса; по одному-двум символам — те, что с них начинаются.",
    search_invitations: "Адрес или имя",
    email_column: "Электронная почта",
    created: "Создан",
    member: "Участник",
    guest: "Гость",
    state_pending: "Ожидает принятия",
    state_accepted: "Принято",
    source_code: "Одноразовый код по почте",
    source_federated: "Поставщик удостоверений партнера",
    export_users: "Скачать CSV",
};

const ZH_HANS: ListTexts = ListTexts {
    users_found: "找到的用户：{count}",
    groups_found: "找到的组：{count}",
    invitations_found: "找到的邀请：{count}",
    search_hint: "可搜索名称或地址的任意部分；输入一到两个字符时，查找以其开头的项。",
    search_invitations: "地址或名称",
    email_column: "电子邮件",
    created: "创建时间",
    member: "成员",
    guest: "来宾",
    state_pending: "等待接受",
    state_accepted: "已接受",
    source_code: "电子邮件一次性验证码",
    source_federated: "合作伙伴的标识提供者",
    export_users: "下载 CSV",
};

const ZH_HANT: ListTexts = ListTexts {
    users_found: "找到的使用者：{count}",
    groups_found: "找到的群組：{count}",
    invitations_found: "找到的邀請：{count}",
    search_hint: "可搜尋名稱或地址的任何部分；輸入一到兩個字元時，會尋找以其開頭的項目。",
    search_invitations: "地址或名稱",
    email_column: "電子郵件",
    created: "建立時間",
    member: "成員",
    guest: "來賓",
    state_pending: "等待接受",
    state_accepted: "已接受",
    source_code: "電子郵件一次性驗證碼",
    source_federated: "合作夥伴的識別提供者",
    export_users: "下載 CSV",
};

const NL: ListTexts = ListTexts {
    users_found: "Gevonden gebruikers: {count}",
    groups_found: "Gevonden groepen: {count}",
    invitations_found: "Gevonden uitnodigingen: {count}",
    search_hint: "Vindt elk deel van een naam of adres; één of twee tekens vinden wat ermee begint.",
    search_invitations: "Adres of naam",
    email_column: "E-mail",
    created: "Gemaakt",
    member: "Lid",
    guest: "Gast",
    state_pending: "Wacht op acceptatie",
    state_accepted: "Geaccepteerd",
    source_code: "Eenmalige code per e-mail",
    source_federated: "Identiteitsprovider van de partner",
    export_users: "Downloaden als CSV",
};

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    impl ListTexts {
        /// Every string with its field's name; destructured without `..`, so a new
        /// field does not compile until it is listed here, and so tested.
        fn entries(&self) -> Vec<(&'static str, &'static str)> {
            let ListTexts {
                users_found,
                groups_found,
                invitations_found,
                search_hint,
                search_invitations,
                email_column,
                created,
                member,
                guest,
                state_pending,
                state_accepted,
                source_code,
                source_federated,
                export_users,
            } = self;
            vec![
                ("users_found", *users_found),
                ("groups_found", *groups_found),
                ("invitations_found", *invitations_found),
                ("search_hint", *search_hint),
                ("search_invitations", *search_invitations),
                ("email_column", *email_column),
                ("created", *created),
                ("member", *member),
                ("guest", *guest),
                ("state_pending", *state_pending),
                ("state_accepted", *state_accepted),
                ("source_code", *source_code),
                ("source_federated", *source_federated),
                ("export_users", *export_users),
            ]
        }
    }

    fn placeholders(text: &str) -> BTreeSet<&str> {
        let mut found = BTreeSet::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else { break };
            found.insert(&after[..close]);
            rest = &after[close + 1..];
        }
        found
    }

    #[test]
    fn every_string_is_present_with_the_english_placeholders() {
        let english = for_language(Language::En).entries();
        for language in Language::ALL {
            let entries = for_language(language).entries();
            assert_eq!(entries.len(), english.len());
            for ((field, text), (_, original)) in entries.iter().zip(&english) {
                assert!(!text.trim().is_empty(), "{field} in {}", language.as_str());
                assert!(!text.contains('<'), "{field} in {}", language.as_str());
                assert_eq!(
                    placeholders(text),
                    placeholders(original),
                    "{field} in {}",
                    language.as_str()
                );
            }
        }
        assert_eq!(
            for_language(Language::De).state_pending,
            "Annahme ausstehend"
        );
    }

    #[test]
    fn numbers_are_grouped_as_each_language_writes_them() {
        assert_eq!(grouped(1_234, Language::En), "1,234");
        assert_eq!(grouped(100_000, Language::De), "100.000");
        assert_eq!(grouped(1_234, Language::Es), "1234");
        assert_eq!(grouped(12_345, Language::Es), "12.345");
        assert_eq!(grouped(1_234_567, Language::Fr), "1\u{202f}234\u{202f}567");
        assert_eq!(grouped(999, Language::Ru), "999");
        assert_eq!(grouped(-12_345, Language::Ja), "-12,345");
        assert_eq!(grouped(0, Language::Nl), "0");
    }
}
