//! The catalog machinery on a catalog of its own: plurals by CLDR, grouped counts,
//! pieces, and the problems a translator must fix.

use super::*;

const EN: &str = "\
rows-read = { $count ->
    [one] { $count } row read
   *[other] { $count } rows read
}
invited = { $invited } of { $total } invited
hello = Hello
greeting = Hello { $name }
";
const RU: &str = "\
rows-read = { $count ->
    [one] Прочитана { $count } строка
    [few] Прочитаны { $count } строки
   *[many] Прочитано { $count } строк
}
invited = Приглашено: { $invited } из { $total }
hello = Здравствуйте
greeting = Здравствуйте, { $name }
";
const FR: &str = "\
rows-read = { $count ->
    [one] { $count } ligne lue
   *[other] { $count } lignes lues
}
invited = { $invited } sur { $total } invités
hello = Bonjour
greeting = Bonjour { $name }
";
const JA: &str = "\
rows-read = { $count } 行を読み込みました
invited = { $total } 件中 { $invited } 件を招待しました
hello = こんにちは
greeting = こんにちは、{ $name }
";

/// A catalog with English, Russian, French and Japanese; the others English.
fn catalog(broken_de: Option<&'static str>) -> &'static Catalog {
    let mut sources = [EN; 12];
    sources[Language::Ru.index()] = RU;
    sources[Language::Fr.index()] = FR;
    sources[Language::Ja.index()] = JA;
    if let Some(de) = broken_de {
        sources[Language::De.index()] = de;
    }
    Box::leak(Box::new(Catalog::new("test", sources)))
}

fn rows(language: Language, n: i64) -> String {
    catalog(None)
        .message(language, "rows-read")
        .arg("count", n)
        .to_string()
}

#[test]
fn russian_picks_one_few_and_many_by_cldr() {
    assert_eq!(rows(Language::Ru, 1), "Прочитана 1 строка");
    assert_eq!(rows(Language::Ru, 2), "Прочитаны 2 строки");
    assert_eq!(rows(Language::Ru, 5), "Прочитано 5 строк");
    assert_eq!(rows(Language::Ru, 21), "Прочитана 21 строка");
    assert_eq!(rows(Language::Ru, 11), "Прочитано 11 строк");
    assert_eq!(rows(Language::Ru, 2000), "Прочитано 2\u{A0}000 строк");
}

#[test]
fn french_puts_zero_and_one_in_the_singular() {
    assert_eq!(rows(Language::Fr, 0), "0 ligne lue");
    assert_eq!(rows(Language::Fr, 1), "1 ligne lue");
    assert_eq!(rows(Language::Fr, 2), "2 lignes lues");
}

#[test]
fn english_has_one_and_other_and_groups_thousands() {
    assert_eq!(rows(Language::En, 1), "1 row read");
    assert_eq!(rows(Language::En, 0), "0 rows read");
    assert_eq!(rows(Language::En, 2000), "2,000 rows read");
}

#[test]
fn japanese_has_one_form() {
    assert_eq!(rows(Language::Ja, 1), "1 行を読み込みました");
    assert_eq!(rows(Language::Ja, 2000), "2,000 行を読み込みました");
}

#[test]
fn a_message_without_variables_is_its_text() {
    let catalog = catalog(None);
    assert_eq!(catalog.leak_text(Language::Ru, "hello"), "Здравствуйте");
    assert_eq!(
        catalog
            .message(Language::Ru, "greeting")
            .arg("name", "{total}")
            .to_string(),
        "Здравствуйте, {total}",
        "a value is inserted as it is, never read as a placeholder"
    );
}

#[test]
fn pieces_cut_the_sentence_at_each_value_in_the_translations_order() {
    let catalog = catalog(None);
    let pieces = catalog
        .message(Language::Ja, "invited")
        .arg("invited", 5)
        .arg("total", 2000)
        .pieces();
    let shape: Vec<(&str, &str, &str)> = pieces
        .iter()
        .map(|p| (p.words.as_str(), p.slot.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(
        shape,
        [
            ("", "total", "2,000"),
            (" 件中 ", "invited", "5"),
            (" 件を招待しました", "", "")
        ]
    );
    // Equal counts read the same whichever slot each is given to.
    let equal = catalog
        .message(Language::En, "invited")
        .arg("invited", 3)
        .arg("total", 3)
        .pieces();
    let slots: Vec<&str> = equal.iter().map(|p| p.slot.as_str()).collect();
    assert_eq!(slots, ["invited", "total", ""]);
    // A text value is a piece too.
    let named = catalog
        .message(Language::En, "greeting")
        .arg("name", "Ada")
        .pieces();
    assert_eq!(named[0].words, "Hello ");
    assert_eq!(
        (named[0].slot.as_str(), named[0].value.as_str()),
        ("name", "Ada")
    );
    // Formatting after pieces is unmarked again.
    assert_eq!(rows(Language::En, 2), "2 rows read");
}

#[test]
fn a_message_shows_its_template_with_the_variable_names() {
    let catalog = catalog(None);
    assert_eq!(
        catalog.message(Language::Fr, "invited").template(),
        "{invited} sur {total} invités"
    );
}

#[test]
fn problems_name_missing_extra_and_mismatched_messages() {
    assert_eq!(catalog(None).problems(), Vec::<String>::new());
    let broken = catalog(Some(
        "rows-read = { $n } Zeilen\nhello = Hallo\ngreeting = Hallo { $name }\nextra = Mehr\n",
    ));
    let problems = broken.problems();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("rows-read in de has the variables")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p == "test: invited is missing in de"),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p == "test: extra in de is not in English"),
        "{problems:?}"
    );
    // A missing message falls back to English rather than showing its id.
    assert_eq!(
        broken
            .message(Language::De, "invited")
            .arg("invited", 1)
            .arg("total", 2)
            .to_string(),
        "1 of 2 invited"
    );
    let unparsable = catalog(Some("hello = Hallo\ngreeting = { $name\n"));
    assert!(
        unparsable
            .problems()
            .iter()
            .any(|p| p.starts_with("test.ftl in de:")),
        "{:?}",
        unparsable.problems()
    );
}

#[test]
fn french_spacing_wants_a_no_break_space_before_high_punctuation() {
    let mut sources = [EN; 12];
    sources[Language::Fr.index()] = "rows-read = { $count } lignes lues\ninvited = Invités : { $invited } sur { $total }\nhello = Bonjour\u{a0}!\ngreeting = Voir https://example.com pour « { $name }\u{a0}»\n";
    let catalog: &'static Catalog = Box::leak(Box::new(Catalog::new("test", sources)));
    let problems = french_spacing_problems(catalog);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].starts_with("test: invited:"), "{problems:?}");
    assert!(problems[1].starts_with("test: greeting:"), "{problems:?}");
}

/// How long formatting takes (run with `cargo test --release -p entente-i18n -- --ignored
/// --nocapture`): a bulk file's 2,000 emails format about 14,000 messages.
#[test]
#[ignore = "a measurement, not a check"]
fn formatting_cost() {
    let catalog = catalog(None);
    let message = catalog.message(Language::Fr, "greeting");
    let started = std::time::Instant::now();
    let mut length = 0;
    for _ in 0..14_000 {
        length += message.arg("name", "Ada Lovelace").to_string().len();
    }
    println!("14,000 messages: {:?} ({length} bytes)", started.elapsed());
}
