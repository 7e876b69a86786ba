//! The names of Entente's twelve languages in each of them, for lists that say which
//! language something is in ("German" to an English reader, "Allemand" to a French
//! one). Forms where a person picks their own language name each language in itself
//! instead ([`Language::native_name`]).
//!
//! Kept apart from [`crate::portal_texts`], with the same rules: no HTML, every
//! language complete (a test checks that no name is missing or repeated).

use crate::invitations::Language;

/// The name of `language` in `reader`'s language.
pub fn name_in(language: Language, reader: Language) -> &'static str {
    let row = Language::ALL
        .iter()
        .position(|l| *l == reader)
        .unwrap_or_default();
    let column = Language::ALL
        .iter()
        .position(|l| *l == language)
        .unwrap_or_default();
    NAMES[row][column]
}

/// The name of the language `tag` names, in `reader`'s language: the default
/// language's for an empty tag, the tag itself for one outside the twelve.
pub fn name_of_tag(tag: &str, reader: Language) -> String {
    if tag.trim().is_empty() {
        return name_in(Language::default(), reader).to_owned();
    }
    Language::from_tag(tag).map_or_else(|| tag.to_owned(), |l| name_in(l, reader).to_owned())
}

/// One row per reader, one column per language, both in [`Language::ALL`]'s order
/// (en, de, es, fr, it, ja, ko, pt-BR, ru, zh-HANS, zh-HANT, nl).
const NAMES: [[&str; 12]; 12] = [
    [
        "English",
        "German",
        "Spanish",
        "French",
        "Italian",
        "Japanese",
        "Korean",
        "Portuguese (Brazil)",
        "Russian",
        "Chinese (Simplified)",
        "Chinese (Traditional)",
        "Dutch",
    ],
    [
        "Englisch",
        "Deutsch",
        "Spanisch",
        "Französisch",
        "Italienisch",
        "Japanisch",
        "Koreanisch",
        "Portugiesisch (Brasilien)",
        "Russisch",
        "Chinesisch (vereinfacht)",
        "Chinesisch (traditionell)",
        "Niederländisch",
    ],
    [
        "Inglés",
        "Alemán",
        "Español",
        "Francés",
        "Italiano",
        "Japonés",
        "Coreano",
        "Portugués (Brasil)",
        "Ruso",
        "Chino (simplificado)",
        "Chino (tradicional)",
        "Neerlandés",
    ],
    [
        "Anglais",
        "Allemand",
        "Espagnol",
        "Français",
        "Italien",
        "Japonais",
        "Coréen",
        "Portugais (Brésil)",
        "Russe",
        "Chinois (simplifié)",
        "Chinois (traditionnel)",
        "Néerlandais",
    ],
    [
        "Inglese",
        "Tedesco",
        "Spagnolo",
        "Francese",
        "Italiano",
        "Giapponese",
        "Coreano",
        "Portoghese (Brasile)",
        "Russo",
        "Cinese (semplificato)",
        "Cinese (tradizionale)",
        "Olandese",
    ],
    [
        "英語",
        "ドイツ語",
        "スペイン語",
        "フランス語",
        "イタリア語",
        "日本語",
        "韓国語",
        "ポルトガル語 (ブラジル)",
        "ロシア語",
        "中国語 (簡体字)",
        "中国語 (繁体字)",
        "オランダ語",
    ],
    [
        "영어",
        "독일어",
        "스페인어",
        "프랑스어",
        "이탈리아어",
        "일본어",
        "한국어",
        "포르투갈어(브라질)",
        "러시아어",
        "중국어(간체)",
        "중국어(번체)",
        "네덜란드어",
    ],
    [
        "Inglês",
        "Alemão",
        "Espanhol",
        "Francês",
        "Italiano",
        "Japonês",
        "Coreano",
        "Português (Brasil)",
        "Russo",
        "Chinês (simplificado)",
        "Chinês (tradicional)",
        "Holandês",
    ],
    [
        "Английский",
        "Немецкий",
        "Испанский",
        "Французский",
        "Итальянский",
        "Японский",
        "Корейский",
        "Португальский (Бразилия)",
        "Русский",
        "Китайский (упрощённое письмо)",
        "Китайский (традиционное письмо)",
        "Нидерландский",
    ],
    [
        "英语",
        "德语",
        "西班牙语",
        "法语",
        "意大利语",
        "日语",
        "韩语",
        "葡萄牙语（巴西）",
        "俄语",
        "简体中文",
        "繁体中文",
        "荷兰语",
    ],
    [
        "英文",
        "德文",
        "西班牙文",
        "法文",
        "義大利文",
        "日文",
        "韓文",
        "葡萄牙文（巴西）",
        "俄文",
        "簡體中文",
        "繁體中文",
        "荷蘭文",
    ],
    [
        "Engels",
        "Duits",
        "Spaans",
        "Frans",
        "Italiaans",
        "Japans",
        "Koreaans",
        "Portugees (Brazilië)",
        "Russisch",
        "Chinees (vereenvoudigd)",
        "Chinees (traditioneel)",
        "Nederlands",
    ],
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reader_names_every_language_once_and_its_own_as_itself_does() {
        for reader in Language::ALL {
            let names: std::collections::HashSet<_> =
                Language::ALL.iter().map(|l| name_in(*l, reader)).collect();
            assert_eq!(names.len(), 12, "{reader:?}");
            assert!(names.iter().all(|n| !n.trim().is_empty()), "{reader:?}");
        }
        assert_eq!(name_in(Language::De, Language::En), "German");
        assert_eq!(name_in(Language::De, Language::Fr), "Allemand");
        assert_eq!(name_in(Language::Ja, Language::Ja), "日本語");
        assert_eq!(name_of_tag("PT-br", Language::En), "Portuguese (Brazil)");
        assert_eq!(name_of_tag("", Language::De), "Englisch");
        assert_eq!(name_of_tag("tlh", Language::En), "tlh");
    }
}
