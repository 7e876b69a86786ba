//! The words of the bulk invitation pages and of the ids shown for copying, in each
//! of Entente's twelve languages: the upload's size limit and the refusal of a larger
//! file, how application and group cells name their objects, the preview's columns,
//! filter and warning, and the copy buttons of object ids.
//!
//! Kept apart from [`crate::portal_texts`] so that this area's strings live in one
//! place; the same rules hold: `{name}` placeholders filled with
//! [`fill`](crate::invitations::messages::fill), no HTML, every language complete.

use crate::invitations::Language;

/// Strings of the bulk invitation pages; placeholders in braces, the same in every
/// language as in English.
#[derive(Debug)]
pub struct BulkTexts {
    /// "A file may hold at most 2,000 rows and {size}."
    pub size_limit: &'static str,
    /// "This file is larger than {size}, the most one upload may hol…"
    pub file_too_large: &'static str,
    /// "Choose another file"
    pub choose_another_file: &'static str,
    /// "In InvitedToApplications, name applications by display name,…"
    pub names_hint: &'static str,
    /// "The sample file shows every column; replace its names with y…"
    pub sample_hint: &'static str,
    /// "Language"
    pub language: &'static str,
    /// "Show only rows with errors"
    pub errors_only: &'static str,
    /// "Show all rows"
    pub all_rows: &'static str,
    /// "Ready, with a warning"
    pub row_warning: &'static str,
    /// "A copy goes to {cc}, so {email} cannot sign up with a one-ti…"
    pub cc_warning: &'static str,
    /// "No row has errors."
    pub no_error_rows: &'static str,
    /// "Object id"
    pub object_id: &'static str,
    /// "Copy"
    pub copy: &'static str,
    /// "Copied"
    pub copied: &'static str,
}

/// The bulk pages' words in `language`.
pub fn for_language(language: Language) -> &'static BulkTexts {
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

const EN: BulkTexts = BulkTexts {
    size_limit: "A file may hold at most 2,000 rows and {size}.",
    file_too_large: "This file is larger than {size}, the most one upload may hold. Split it into smaller files and upload them one at a time.",
    choose_another_file: "Choose another file",
    names_hint: "In InvitedToApplications, name applications by display name, client id or object id; in InvitedToGroups, groups by display name or object id. Separate several ids with spaces and several names with semicolons (;).",
    sample_hint: "The sample file shows every column; replace its names with your own applications and groups.",
    language: "Language",
    errors_only: "Show only rows with errors",
    all_rows: "Show all rows",
    row_warning: "Ready, with a warning",
    cc_warning: "A copy goes to {cc}, so {email} cannot sign up with a one-time code and has no organization here to sign in with: the link will not work unless their organization is added first.",
    no_error_rows: "No row has errors.",
    object_id: "Object id",
    copy: "Copy",
    copied: "Copied",
};

const DE: BulkTexts = BulkTexts {
    size_limit: "Eine Datei darf höchstens 2.000 Zeilen und {size} enthalten.",
    file_too_large: "Diese Datei ist größer als {size}, das Maximum für einen Upload. Teilen Sie sie in kleinere Dateien auf und laden Sie diese einzeln hoch.",
    choose_another_file: "Andere Datei auswählen",
    names_hint: "In InvitedToApplications geben Sie Anwendungen mit Anzeigename, Client-ID oder Objekt-ID an, in InvitedToGroups Gruppen mit Anzeigename oder Objekt-ID. Trennen Sie mehrere IDs durch Leerzeichen und mehrere Namen durch Semikolons (;).",
    sample_hint: "Die Beispieldatei zeigt jede Spalte; ersetzen Sie die Namen durch Ihre eigenen Anwendungen und Gruppen.",
    language: "Sprache",
    errors_only: "Nur Zeilen mit Fehlern anzeigen",
    all_rows: "Alle Zeilen anzeigen",
    row_warning: "Bereit, mit Warnung",
    cc_warning: "Eine Kopie geht an {cc}, daher kann sich {email} nicht mit einem Einmalcode registrieren und hat hier keine Organisation zum Anmelden: Der Link funktioniert erst, wenn die Organisation vorher hinzugefügt wird.",
    no_error_rows: "Keine Zeile hat Fehler.",
    object_id: "Objekt-ID",
    copy: "Kopieren",
    copied: "Kopiert",
};

const ES: BulkTexts = BulkTexts {
    size_limit: "Un archivo puede tener como máximo 2.000 filas y {size}.",
    file_too_large: "Este archivo supera {size}, el máximo de una carga. Divídalo en archivos más pequeños y cárguelos uno a uno.",
    choose_another_file: "Elegir otro archivo",
    names_hint: "En InvitedToApplications, indique las aplicaciones por nombre para mostrar, id. de cliente o id. de objeto; en InvitedToGroups, los grupos por nombre para mostrar o id. de objeto. Separe varios id. con espacios y varios nombres con punto y coma (;).",
    sample_hint: "El archivo de ejemplo muestra todas las columnas; sustituya sus nombres por los de sus aplicaciones y grupos.",
    language: "Idioma",
    errors_only: "Mostrar solo las filas con errores",
    all_rows: "Mostrar todas las filas",
    row_warning: "Lista, con una advertencia",
    cc_warning: "Se envía una copia a {cc}, así que {email} no puede registrarse con un código de un solo uso y no tiene aquí ninguna organización con la que iniciar sesión: el vínculo no funcionará salvo que antes se agregue su organización.",
    no_error_rows: "Ninguna fila tiene errores.",
    object_id: "Id. de objeto",
    copy: "Copiar",
    copied: "Copiado",
};

const FR: BulkTexts = BulkTexts {
    size_limit: "Un fichier peut contenir au plus 2 000 lignes et {size}.",
    file_too_large: "Ce fichier dépasse {size}, le maximum d'un envoi. Divisez-le en fichiers plus petits et envoyez-les un par un.",
    choose_another_file: "Choisir un autre fichier",
    names_hint: "Dans InvitedToApplications, désignez les applications par nom d'affichage, ID client ou ID d'objet ; dans InvitedToGroups, les groupes par nom d'affichage ou ID d'objet. Séparez plusieurs ID par des espaces et plusieurs noms par des points-virgules (;).",
    sample_hint: "Le fichier d'exemple montre chaque colonne ; remplacez ses noms par ceux de vos applications et groupes.",
    language: "Langue",
    errors_only: "Afficher uniquement les lignes en erreur",
    all_rows: "Afficher toutes les lignes",
    row_warning: "Prête, avec un avertissement",
    cc_warning: "Une copie part à {cc} : {email} ne peut donc pas s'inscrire avec un code à usage unique et n'a ici aucune organisation pour se connecter. Le lien ne fonctionnera que si son organisation est ajoutée d'abord.",
    no_error_rows: "Aucune ligne n'a d'erreur.",
    object_id: "ID d'objet",
    copy: "Copier",
    copied: "Copié",
};

const IT: BulkTexts = BulkTexts {
    size_limit: "Un file può contenere al massimo 2.000 righe e {size}.",
    file_too_large: "Questo file supera {size}, il massimo di un caricamento. Dividilo in file più piccoli e caricali uno alla volta.",
    choose_another_file: "Scegli un altro file",
    names_hint: "In InvitedToApplications indica le applicazioni con nome visualizzato, ID client o ID oggetto; in InvitedToGroups i gruppi con nome visualizzato o ID oggetto. Separa più ID con spazi e più nomi con punti e virgola (;).",
    sample_hint: "Il file di esempio mostra ogni colonna; sostituisci i nomi con le tue applicazioni e i tuoi gruppi.",
    language: "Lingua",
    errors_only: "Mostra solo le righe con errori",
    all_rows: "Mostra tutte le righe",
    row_warning: "Pronta, con un avviso",
    cc_warning: "Una copia va a {cc}, quindi {email} non può registrarsi con un codice monouso e qui non ha un'organizzazione con cui accedere: il link funzionerà solo se prima viene aggiunta la sua organizzazione.",
    no_error_rows: "Nessuna riga ha errori.",
    object_id: "ID oggetto",
    copy: "Copia",
    copied: "Copiato",
};

const JA: BulkTexts = BulkTexts {
    size_limit: "1 つのファイルは最大 2,000 行、{size} までです。",
    file_too_large: "このファイルは 1 回のアップロードの上限 {size} を超えています。小さなファイルに分割して、1 つずつアップロードしてください。",
    choose_another_file: "別のファイルを選ぶ",
    names_hint: "InvitedToApplications ではアプリケーションを表示名、クライアント ID、オブジェクト ID で、InvitedToGroups ではグループを表示名かオブジェクト ID で指定します。複数の ID は空白で、複数の名前はセミコロン (;) で区切ります。",
    sample_hint: "サンプル ファイルにはすべての列があります。名前を自分のアプリケーションとグループに置き換えてください。",
    language: "言語",
    errors_only: "エラーのある行だけを表示",
    all_rows: "すべての行を表示",
    row_warning: "準備完了 (警告あり)",
    cc_warning: "{cc} にコピーが送られるため、{email} はワンタイム コードで登録できず、ここにはサインインに使える組織もありません。先にその組織を追加しない限り、リンクは使えません。",
    no_error_rows: "エラーのある行はありません。",
    object_id: "オブジェクト ID",
    copy: "コピー",
    copied: "コピーしました",
};

const KO: BulkTexts = BulkTexts {
    size_limit: "파일 하나에는 최대 2,000행, {size}까지 담을 수 있습니다.",
    file_too_large: "이 파일은 한 번에 업로드할 수 있는 최대 크기 {size}보다 큽니다. 작은 파일로 나누어 하나씩 업로드하세요.",
    choose_another_file: "다른 파일 선택",
    names_hint: "InvitedToApplications에는 애플리케이션을 표시 이름, 클라이언트 ID 또는 개체 ID로, InvitedToGroups에는 그룹을 표시 이름 또는 개체 ID로 적습니다. 여러 ID는 공백으로, 여러 이름은 세미콜론(;)으로 구분합니다.",
    sample_hint: "샘플 파일에는 모든 열이 있습니다. 이름을 내 애플리케이션과 그룹으로 바꾸세요.",
    language: "언어",
    errors_only: "오류가 있는 행만 표시",
    all_rows: "모든 행 표시",
    row_warning: "준비됨(경고 있음)",
    cc_warning: "{cc}(으)로 사본이 가므로 {email}은(는) 일회용 코드로 가입할 수 없고, 여기에는 로그인할 조직도 없습니다. 먼저 조직을 추가하지 않으면 링크가 작동하지 않습니다.",
    no_error_rows: "오류가 있는 행이 없습니다.",
    object_id: "개체 ID",
    copy: "복사",
    copied: "복사됨",
};

const PTBR: BulkTexts = BulkTexts {
    size_limit: "Um arquivo pode ter no máximo 2.000 linhas e {size}.",
    file_too_large: "Este arquivo é maior que {size}, o máximo de um envio. Divida-o em arquivos menores e envie um de cada vez.",
    choose_another_file: "Escolher outro arquivo",
    names_hint: "Em InvitedToApplications, indique os aplicativos pelo nome de exibição, ID do cliente ou ID do objeto; em InvitedToGroups, os grupos pelo nome de exibição ou ID do objeto. Separe vários IDs com espaços e vários nomes com ponto e vírgula (;).",
    sample_hint: "O arquivo de exemplo mostra todas as colunas; substitua os nomes pelos seus aplicativos e grupos.",
    language: "Idioma",
    errors_only: "Mostrar apenas linhas com erros",
    all_rows: "Mostrar todas as linhas",
    row_warning: "Pronta, com um aviso",
    cc_warning: "Uma cópia vai para {cc}, então {email} não pode se cadastrar com um código de uso único e não tem aqui uma organização para entrar: o link só funcionará se a organização for adicionada antes.",
    no_error_rows: "Nenhuma linha tem erros.",
    object_id: "ID do objeto",
    copy: "Copiar",
    copied: "Copiado",
};

const RU: BulkTexts = BulkTexts {
    size_limit: "В файле может быть не больше 2 000 строк и {size}.",
    file_too_large: "Этот файл больше {size} — предела одной загрузки. Разделите его на файлы поменьше и загрузите их по одному.",
    choose_another_file: "Выбрать другой файл",
    names_hint: "В InvitedToApplications указывайте приложения по отображаемому имени, идентификатору клиента или идентификатору объекта, в InvitedToGroups — группы по отображаемому имени или идентификатору объекта. Разделяйте несколько идентификаторов пробелами, а несколько имён — точкой с запятой (;).",
    sample_hint: "В примере есть все столбцы; замените имена своими приложениями и группами.",
    language: "Язык",
    errors_only: "Показать только строки с ошибками",
    all_rows: "Показать все строки",
    row_warning: "Готово, с предупреждением",
    cc_warning: "Копия уходит на {cc}, поэтому {email} не сможет зарегистрироваться по одноразовому коду, а организации, через которую можно войти, здесь нет: ссылка заработает, только если сначала добавить организацию.",
    no_error_rows: "Строк с ошибками нет.",
    object_id: "Идентификатор объекта",
    copy: "Копировать",
    copied: "Скопировано",
};

const ZHHANS: BulkTexts = BulkTexts {
    size_limit: "一个文件最多 2,000 行、{size}。",
    file_too_large: "此文件超过了单次上传的上限 {size}。请将其拆分为较小的文件，逐个上传。",
    choose_another_file: "选择其他文件",
    names_hint: "在 InvitedToApplications 中，可按显示名称、客户端 ID 或对象 ID 指定应用程序；在 InvitedToGroups 中，可按显示名称或对象 ID 指定组。多个 ID 用空格分隔，多个名称用分号 (;) 分隔。",
    sample_hint: "示例文件包含所有列；请将其中的名称替换为你自己的应用程序和组。",
    language: "语言",
    errors_only: "仅显示有错误的行",
    all_rows: "显示所有行",
    row_warning: "就绪（有警告）",
    cc_warning: "副本会发送给 {cc}，因此 {email} 无法使用一次性验证码注册，而且这里没有可用于登录的组织：除非先添加其组织，否则链接无法使用。",
    no_error_rows: "没有行有错误。",
    object_id: "对象 ID",
    copy: "复制",
    copied: "已复制",
};

const ZHHANT: BulkTexts = BulkTexts {
    size_limit: "一個檔案最多 2,000 列、{size}。",
    file_too_large: "此檔案超過單次上傳的上限 {size}。請將它分割成較小的檔案，逐一上傳。",
    choose_another_file: "選擇其他檔案",
    names_hint: "在 InvitedToApplications 中，可依顯示名稱、用戶端識別碼或物件識別碼指定應用程式；在 InvitedToGroups 中，可依顯示名稱或物件識別碼指定群組。多個識別碼以空格分隔，多個名稱以分號 (;) 分隔。",
    sample_hint: "範例檔案包含所有欄；請將其中的名稱換成您自己的應用程式和群組。",
    language: "語言",
    errors_only: "只顯示有錯誤的列",
    all_rows: "顯示所有列",
    row_warning: "就緒（有警告）",
    cc_warning: "副本會寄給 {cc}，因此 {email} 無法使用一次性驗證碼註冊，這裡也沒有可用來登入的組織：除非先新增其組織，否則連結無法使用。",
    no_error_rows: "沒有任何列有錯誤。",
    object_id: "物件識別碼",
    copy: "複製",
    copied: "已複製",
};

const NL: BulkTexts = BulkTexts {
    size_limit: "Een bestand mag hoogstens 2.000 rijen en {size} bevatten.",
    file_too_large: "Dit bestand is groter dan {size}, het maximum voor één upload. Splits het in kleinere bestanden en upload die een voor een.",
    choose_another_file: "Ander bestand kiezen",
    names_hint: "Noem in InvitedToApplications toepassingen bij weergavenaam, client-id of object-id, en in InvitedToGroups groepen bij weergavenaam of object-id. Scheid meerdere id's met spaties en meerdere namen met puntkomma's (;).",
    sample_hint: "Het voorbeeldbestand toont elke kolom; vervang de namen door uw eigen toepassingen en groepen.",
    language: "Taal",
    errors_only: "Alleen rijen met fouten tonen",
    all_rows: "Alle rijen tonen",
    row_warning: "Klaar, met een waarschuwing",
    cc_warning: "Er gaat een kopie naar {cc}, dus {email} kan zich niet met een eenmalige code aanmelden en heeft hier geen organisatie om mee in te loggen: de link werkt pas als die organisatie eerst wordt toegevoegd.",
    no_error_rows: "Geen enkele rij heeft fouten.",
    object_id: "Object-id",
    copy: "Kopiëren",
    copied: "Gekopieerd",
};

impl BulkTexts {
    /// Every string with its field name, for the tests.
    #[cfg(test)]
    fn entries(&self) -> Vec<(&'static str, &'static str)> {
        let BulkTexts {
            size_limit,
            file_too_large,
            choose_another_file,
            names_hint,
            sample_hint,
            language,
            errors_only,
            all_rows,
            row_warning,
            cc_warning,
            no_error_rows,
            object_id,
            copy,
            copied,
        } = self;
        vec![
            ("size_limit", *size_limit),
            ("file_too_large", *file_too_large),
            ("choose_another_file", *choose_another_file),
            ("names_hint", *names_hint),
            ("sample_hint", *sample_hint),
            ("language", *language),
            ("errors_only", *errors_only),
            ("all_rows", *all_rows),
            ("row_warning", *row_warning),
            ("cc_warning", *cc_warning),
            ("no_error_rows", *no_error_rows),
            ("object_id", *object_id),
            ("copy", *copy),
            ("copied", *copied),
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
    fn every_string_is_present_in_every_language_without_markup() {
        for language in Language::ALL {
            for (field, text) in for_language(language).entries() {
                assert!(!text.trim().is_empty(), "{field} is empty in {language}");
                assert!(!text.contains('<'), "{field} carries markup in {language}");
            }
        }
    }

    #[test]
    fn every_language_has_the_english_placeholders() {
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

    #[test]
    fn the_languages_are_not_english_copies() {
        let english = for_language(Language::En);
        for language in Language::ALL.into_iter().skip(1) {
            assert_ne!(
                for_language(language).errors_only,
                english.errors_only,
                "{language}"
            );
        }
        assert_eq!(
            for_language(Language::De).errors_only,
            "Nur Zeilen mit Fehlern anzeigen"
        );
    }
}
