//! Entente's languages and the message catalogs its pages and emails are written in.
//!
//! Every translated string lives in a [Project Fluent](https://projectfluent.org)
//! file, one per language and area (`locales/de/bulk.ftl`), beside the code that shows
//! it. English is the reference: a crate's build script ([`codegen`]) reads the English
//! file of each area and writes a struct with one field per message, so a message the
//! code names and English lacks fails to compile. A message without variables is a
//! `&'static str`, formatted once; one with variables is a [`Message`], formatted
//! with its values each time, so each language picks its own plural forms (CLDR rules)
//! and its own number grouping. The catalogs are compiled in.
//!
//! `docs/translating.md` says how to add or check a language.

pub mod codegen;
mod language;
mod numbers;

use std::cell::Cell;
use std::collections::BTreeSet;
use std::fmt;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;

pub use language::Language;
pub use numbers::group;

/// The catalog of one area in every language, parsed once.
pub struct Catalog {
    area: &'static str,
    bundles: Vec<FluentBundle<FluentResource>>,
    sources: [&'static str; 12],
    /// The parse and consistency problems found while loading, for the tests.
    load_problems: Vec<String>,
}

impl fmt::Debug for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalog").field("area", &self.area).finish()
    }
}

impl Catalog {
    /// Parses an area's sources, one per language in [`Language::ALL`]'s order. A
    /// source that does not parse keeps the messages that do; [`Catalog::problems`]
    /// names the rest, and a message a language lacks falls back to English.
    pub fn new(area: &'static str, sources: [&'static str; 12]) -> Catalog {
        let mut load_problems = Vec::new();
        let bundles = Language::ALL
            .iter()
            .zip(sources)
            .map(|(language, source)| {
                let tag = language.bcp47();
                let id = tag
                    .parse()
                    .expect("every language tag is a valid identifier");
                let mut bundle = FluentBundle::new_concurrent(vec![id]);
                bundle.set_use_isolating(false);
                bundle.set_formatter(Some(numbers::format));
                let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(
                    |(resource, errors)| {
                        for error in errors {
                            load_problems.push(format!("{area}.ftl in {tag}: {error}"));
                        }
                        resource
                    },
                );
                if let Err(errors) = bundle.add_resource(resource) {
                    for error in errors {
                        load_problems.push(format!("{area}.ftl in {tag}: {error}"));
                    }
                }
                bundle
            })
            .collect();
        Catalog {
            area,
            bundles,
            sources,
            load_problems,
        }
    }

    /// A message without variables, formatted in `language`, kept for the life of the
    /// process (the generated structs are built once).
    pub fn leak_text(&'static self, language: Language, id: &'static str) -> &'static str {
        Box::leak(self.format(language, id, None).into_boxed_str())
    }

    /// A message with variables, in `language`.
    pub fn message(&'static self, language: Language, id: &'static str) -> Message {
        Message {
            catalog: self,
            language,
            id,
        }
    }

    /// Formats a message, in English when `language` lacks it (never in a tested
    /// build: [`Catalog::problems`] fails the test first).
    fn format(&self, language: Language, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        for bundle in [&self.bundles[language.index()], &self.bundles[0]] {
            if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                return bundle
                    .format_pattern(pattern, args, &mut errors)
                    .into_owned();
            }
        }
        id.to_owned()
    }

    /// What a translator must fix: sources that do not parse, and messages missing,
    /// extra, or with other variables than English's in any language.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = self.load_problems.clone();
        let english = self.messages(Language::En);
        for language in Language::ALL.into_iter().skip(1) {
            let tag = language.as_str();
            let translated = self.messages(language);
            for (id, variables) in &english {
                match translated.iter().find(|(other, _)| other == id) {
                    None => problems.push(format!("{}: {id} is missing in {tag}", self.area)),
                    Some((_, found)) if found != variables => problems.push(format!(
                        "{}: {id} in {tag} has the variables {found:?}, English {variables:?}",
                        self.area
                    )),
                    Some(_) => {}
                }
            }
            for (id, _) in &translated {
                if !english.iter().any(|(other, _)| other == id) {
                    problems.push(format!("{}: {id} in {tag} is not in English", self.area));
                }
            }
        }
        for language in Language::ALL {
            for (id, _) in self.messages(language) {
                let text = self.template(language, &id);
                if text.trim().is_empty() {
                    problems.push(format!("{}: {id} is empty in {language}", self.area));
                }
                if text.contains('<') || text.contains('>') {
                    problems.push(format!("{}: {id} carries markup in {language}", self.area));
                }
            }
        }
        problems
    }

    /// The messages of a language that read exactly as English's: for areas where
    /// every string must be translated (an error page in English is a fallback).
    pub fn untranslated(&self) -> Vec<String> {
        let english = self.messages(Language::En);
        let mut found = Vec::new();
        for language in Language::ALL.into_iter().skip(1) {
            for (id, _) in &english {
                if self.template(language, id) == self.template(Language::En, id) {
                    found.push(format!("{}: {id} in {language}", self.area));
                }
            }
        }
        found
    }

    /// Every message of `language` with its text, each variable shown as `{name}`: for
    /// checks of a language's typography across an area.
    pub fn templates(&self, language: Language) -> Vec<(String, String)> {
        self.messages(language)
            .into_iter()
            .map(|(id, _)| {
                let text = self.template(language, &id);
                (id, text)
            })
            .collect()
    }

    /// A message in `language` with each variable shown as `{name}`.
    fn template(&self, language: Language, id: &str) -> String {
        let names = self.bundles[language.index()]
            .get_message(id)
            .and_then(|m| m.value())
            .map(variables)
            .unwrap_or_default();
        let mut args = FluentArgs::new();
        for name in &names {
            args.set(name.clone(), FluentValue::from(format!("{{{name}}}")));
        }
        self.format(language, id, Some(&args))
    }

    /// The messages of a language with the variables each uses.
    fn messages(&self, language: Language) -> Vec<(String, BTreeSet<String>)> {
        let source = self.sources[language.index()];
        let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(partial, _)| partial);
        let mut found = Vec::new();
        for entry in &resource.body {
            if let ast::Entry::Message(message) = entry
                && let Some(pattern) = &message.value
            {
                found.push((message.id.name.to_owned(), variables(pattern)));
            }
        }
        found
    }
}

/// French typography a catalog must keep: a no-break space (U+00A0 or U+202F) before
/// `:`, `;`, `?` and `!` and inside « », never a plain one or none. Each problem as
/// `area: id: text`.
pub fn french_spacing_problems(catalog: &Catalog) -> Vec<String> {
    let mut problems = Vec::new();
    for (id, text) in catalog.templates(Language::Fr) {
        let chars: Vec<char> = text.chars().collect();
        let spaced = |c: Option<char>| matches!(c, Some('\u{a0}' | '\u{202f}'));
        let bad = chars.iter().enumerate().any(|(i, c)| {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + 1).copied();
            match c {
                // Punctuation that ends a word (not "https:", "1:1" or "?x=").
                ':' | ';' | '?' | '!' => {
                    let ends = after.is_none_or(|a| a.is_whitespace() || a == '.');
                    ends && i > 0 && !spaced(before)
                }
                '«' => !spaced(after),
                '»' => !spaced(before),
                _ => false,
            }
        });
        if bad {
            problems.push(format!("{}: {id}: {text}", catalog.area));
        }
    }
    problems
}

/// The variables a pattern names, in any of its variants and selectors.
pub fn variables<S: AsRef<str>>(pattern: &ast::Pattern<S>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    collect_pattern(pattern, &mut found);
    found
}

fn collect_pattern<S: AsRef<str>>(pattern: &ast::Pattern<S>, found: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            collect_expression(expression, found);
        }
    }
}

fn collect_expression<S: AsRef<str>>(
    expression: &ast::Expression<S>,
    found: &mut BTreeSet<String>,
) {
    match expression {
        ast::Expression::Inline(inline) => collect_inline(inline, found),
        ast::Expression::Select { selector, variants } => {
            collect_inline(selector, found);
            for variant in variants {
                collect_pattern(&variant.value, found);
            }
        }
    }
}

fn collect_inline<S: AsRef<str>>(inline: &ast::InlineExpression<S>, found: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            found.insert(id.name.as_ref().to_owned());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                collect_inline(argument, found);
            }
        }
        ast::InlineExpression::Placeable { expression } => collect_expression(expression, found),
        _ => {}
    }
}

/// A message with variables in one language; give it its values with [`Message::arg`].
#[derive(Clone, Copy)]
pub struct Message {
    catalog: &'static Catalog,
    language: Language,
    id: &'static str,
}

impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{} ({})", self.catalog.area, self.id, self.language)
    }
}

impl Message {
    /// The message with its first value.
    pub fn arg(self, name: &'static str, value: impl Into<Value>) -> Filled {
        Filled {
            message: self,
            args: vec![(name, value.into())],
        }
    }

    /// The message formatted with text values only (names, addresses).
    pub fn fill(self, values: &[(&'static str, &str)]) -> String {
        Filled {
            message: self,
            args: values
                .iter()
                .map(|(name, value)| (*name, Value::from(*value)))
                .collect(),
        }
        .to_string()
    }

    /// The message with every variable shown as `{name}`, the shape the English
    /// reference reads in (for the tests, and a client-side template).
    pub fn template(&self) -> String {
        self.catalog.template(self.language, self.id)
    }
}

/// A value of a message's variable: words (a name, an address) or a count, which
/// picks the plural form and is grouped as the language writes numbers.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Count(i64),
}

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value::Text(text.to_owned())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Value {
        Value::Text(text)
    }
}

impl From<&String> for Value {
    fn from(text: &String) -> Value {
        Value::Text(text.clone())
    }
}

macro_rules! count_from {
    ($($t:ty)*) => {$(
        impl From<$t> for Value {
            fn from(n: $t) -> Value {
                Value::Count(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
        impl From<&$t> for Value {
            fn from(n: &$t) -> Value {
                Value::Count(i64::try_from(*n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
count_from!(i64 i32 u32 u64 usize u16);

/// A message with its values, shown by `Display` (`{{ t.rows_read.arg("count", n) }}`
/// in a template).
#[derive(Clone, Debug)]
pub struct Filled {
    message: Message,
    args: Vec<(&'static str, Value)>,
}

impl Filled {
    /// One more value.
    pub fn arg(mut self, name: &'static str, value: impl Into<Value>) -> Filled {
        self.args.push((name, value.into()));
        self
    }

    fn fluent_args(&self, mark: bool) -> FluentArgs<'_> {
        let mut args = FluentArgs::with_capacity(self.args.len());
        for (i, (name, value)) in self.args.iter().enumerate() {
            let value = match value {
                Value::Count(n) => FluentValue::from(*n),
                Value::Text(_) if mark => FluentValue::from(format!("{TEXT_OPEN}{i}{TEXT_CLOSE}")),
                Value::Text(text) => FluentValue::from(text.as_str()),
            };
            args.set(*name, value);
        }
        args
    }

    /// The formatted sentence cut at each value, so a page can put markup around the
    /// values (a count in bold, a link) while the words stay in the translation's
    /// order. A text value used as a selector would not select here; counts do.
    pub fn pieces(&self) -> Vec<Piece> {
        let args = self.fluent_args(true);
        MARK_COUNTS.with(|mark| mark.set(true));
        let marked =
            self.message
                .catalog
                .format(self.message.language, self.message.id, Some(&args));
        MARK_COUNTS.with(|mark| mark.set(false));
        let mut used = vec![false; self.args.len()];
        let mut pieces = Vec::new();
        let mut words = String::new();
        let mut rest = marked.as_str();
        while let Some(open) = rest.find([TEXT_OPEN, COUNT_OPEN]) {
            words.push_str(&rest[..open]);
            let marker = rest[open..].chars().next().unwrap_or(TEXT_OPEN);
            let after = &rest[open + marker.len_utf8()..];
            let close_char = if marker == TEXT_OPEN {
                TEXT_CLOSE
            } else {
                COUNT_CLOSE
            };
            let Some(close) = after.find(close_char) else {
                words.push_str(&rest[open..]);
                rest = "";
                break;
            };
            let inside = &after[..close];
            let index = if marker == TEXT_OPEN {
                inside.parse::<usize>().ok()
            } else {
                // A count is found by its formatted value: the first unused count
                // that formats the same (equal counts read the same either way).
                self.args.iter().enumerate().position(|(i, (_, value))| {
                    !used[i]
                        && matches!(value, Value::Count(n) if self.message.format_count(*n) == inside)
                })
            };
            match index {
                Some(i) if i < self.args.len() => {
                    used[i] = true;
                    pieces.push(Piece {
                        words: std::mem::take(&mut words),
                        slot: self.args[i].0.to_owned(),
                        value: match &self.args[i].1 {
                            Value::Text(text) => text.clone(),
                            Value::Count(_) => inside.to_owned(),
                        },
                    });
                }
                _ => words.push_str(inside),
            }
            rest = &after[close + close_char.len_utf8()..];
        }
        words.push_str(rest);
        pieces.push(Piece {
            words,
            slot: String::new(),
            value: String::new(),
        });
        pieces
    }
}

impl Message {
    /// A count as this message's language writes it.
    fn format_count(&self, n: i64) -> String {
        numbers::group(self.language, n)
    }
}

impl fmt::Display for Filled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let args = self.fluent_args(false);
        f.write_str(&self.message.catalog.format(
            self.message.language,
            self.message.id,
            Some(&args),
        ))
    }
}

/// The words of a formatted sentence up to one of its values, and the value's
/// variable name (empty after the last one) and its formatted text.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    pub words: String,
    pub slot: String,
    pub value: String,
}

const TEXT_OPEN: char = '\u{E000}';
const TEXT_CLOSE: char = '\u{E001}';
const COUNT_OPEN: char = '\u{E002}';
const COUNT_CLOSE: char = '\u{E003}';

thread_local! {
    /// Set while [`Filled::pieces`] formats: counts come out between markers.
    static MARK_COUNTS: Cell<bool> = const { Cell::new(false) };
}

/// Formats a count for a bundle, marked when [`Filled::pieces`] asks.
fn marked(formatted: String) -> String {
    if MARK_COUNTS.with(Cell::get) {
        format!("{COUNT_OPEN}{formatted}{COUNT_CLOSE}")
    } else {
        formatted
    }
}

#[cfg(test)]
mod tests;
