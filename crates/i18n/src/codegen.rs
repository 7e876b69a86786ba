//! Writes, from an area's English catalog, the struct the code reads its strings from.
//!
//! A crate with catalogs calls [`generate`] from its build script and includes the
//! file it writes:
//!
//! ```ignore
//! // build.rs
//! entente_i18n::codegen::generate("locales", &[("bulk", "BulkTexts")]);
//! // src/pages/admin/bulk_texts.rs
//! include!(concat!(env!("OUT_DIR"), "/bulk_texts.rs"));
//! ```
//!
//! The struct has a field per English message (`rows-read` becomes `rows_read`): a
//! `&'static str` when the message has no variables, an [`crate::Message`] when it
//! has. `for_language(language)` gives a language's struct, built once; `catalog()`
//! the area's [`crate::Catalog`]; and a generated test fails when a language lacks a
//! message or names other variables than English.

use std::fmt::Write as _;
use std::path::Path;

use fluent_syntax::ast;

/// Writes `$OUT_DIR/{area}_texts.rs` for each `(area, struct name)`, from
/// `{locales}/{language}/{area}.ftl` (relative to the crate's manifest).
///
/// # Panics
///
/// When the English catalog is missing or does not parse: the build stops with the
/// reason.
pub fn generate(locales: &str, areas: &[(&str, &str)]) {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("run from a build script");
    let out = std::env::var("OUT_DIR").expect("run from a build script");
    let root = Path::new(&manifest).join(locales);
    for (area, type_name) in areas {
        for language in crate::Language::ALL {
            let path = root.join(language.bcp47()).join(format!("{area}.ftl"));
            println!("cargo::rerun-if-changed={}", path.display());
        }
        let code = generate_area(&root, area, type_name);
        std::fs::write(Path::new(&out).join(format!("{area}_texts.rs")), code)
            .expect("OUT_DIR is writable");
    }
}

/// The code of one area.
fn generate_area(root: &Path, area: &str, type_name: &str) -> String {
    let english_path = root.join("en").join(format!("{area}.ftl"));
    let english = std::fs::read_to_string(&english_path)
        .unwrap_or_else(|e| panic!("{}: {e}", english_path.display()));
    let resource = fluent_syntax::parser::parse(english.as_str())
        .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", english_path.display()));

    let mut doc = Vec::new();
    let mut fields = Vec::new();
    for entry in &resource.body {
        match entry {
            ast::Entry::ResourceComment(comment) => doc.extend(comment.content.iter().copied()),
            ast::Entry::Message(message) => {
                let Some(pattern) = &message.value else {
                    continue;
                };
                let id = message.id.name;
                let comment: Vec<&str> = message
                    .comment
                    .as_ref()
                    .map(|c| c.content.clone())
                    .unwrap_or_default();
                let english_text = &english[span_of(&english, id)];
                fields.push(Field {
                    id: id.to_owned(),
                    name: id.replace('-', "_"),
                    comment: comment.iter().map(|s| (*s).to_owned()).collect(),
                    english: english_text
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                    has_variables: !crate::variables(pattern).is_empty(),
                });
            }
            _ => {}
        }
    }

    let mut code = String::new();
    let _ = writeln!(
        code,
        "// Written by entente_i18n::codegen from locales/en/{area}.ftl; edit the catalog, not this.\n"
    );
    for line in &doc {
        let _ = writeln!(code, "/// {line}");
    }
    let _ = writeln!(code, "#[derive(Debug)]\npub struct {type_name} {{");
    for field in &fields {
        for line in &field.comment {
            let _ = writeln!(code, "    /// {line}");
        }
        if !field.comment.is_empty() {
            let _ = writeln!(code, "    ///");
        }
        let _ = writeln!(
            code,
            "    /// English: `{}`",
            field.english.replace('`', "'")
        );
        let ty = if field.has_variables {
            "::entente_i18n::Message"
        } else {
            "&'static str"
        };
        let _ = writeln!(code, "    pub {}: {ty},", field.name);
    }
    let _ = writeln!(code, "}}\n");

    let sources: Vec<String> = crate::Language::ALL
        .iter()
        .map(|language| {
            let path = root.join(language.bcp47()).join(format!("{area}.ftl"));
            format!("include_str!({:?})", path.display().to_string())
        })
        .collect();
    let _ = writeln!(
        code,
        "static CATALOG: ::std::sync::LazyLock<::entente_i18n::Catalog> =\n    \
         ::std::sync::LazyLock::new(|| ::entente_i18n::Catalog::new({area:?}, [{}]));\n",
        sources.join(", ")
    );
    let _ = writeln!(
        code,
        "static TEXTS: ::std::sync::LazyLock<Vec<{type_name}>> = ::std::sync::LazyLock::new(|| {{\n    \
         ::entente_i18n::Language::ALL\n        .iter()\n        .map(|&language| {type_name} {{"
    );
    for field in &fields {
        let getter = if field.has_variables {
            "message"
        } else {
            "leak_text"
        };
        let _ = writeln!(
            code,
            "            {}: CATALOG.{getter}(language, {:?}),",
            field.name, field.id
        );
    }
    let _ = writeln!(code, "        }})\n        .collect()\n}});\n");
    let _ = writeln!(
        code,
        "/// The strings of `language`.\n\
         pub fn for_language(language: ::entente_i18n::Language) -> &'static {type_name} {{\n    \
         &TEXTS[language.index()]\n}}\n\n\
         /// The area's catalog in every language.\n\
         pub fn catalog() -> &'static ::entente_i18n::Catalog {{\n    &CATALOG\n}}\n\n\
         #[cfg(test)]\n\
         mod catalog_tests {{\n    \
         #[test]\n    \
         fn every_language_has_every_message_with_the_english_variables() {{\n        \
         let problems = super::catalog().problems();\n        \
         assert!(problems.is_empty(), \"{{}}\", problems.join(\"\\n\"));\n        \
         for language in ::entente_i18n::Language::ALL {{\n            \
         let _ = super::for_language(language);\n        \
         }}\n    \
         }}\n\
         }}"
    );
    code
}

/// One message of the English catalog.
struct Field {
    id: String,
    name: String,
    comment: Vec<String>,
    english: String,
    has_variables: bool,
}

/// The byte range of a message's value in its source: after `id =` up to the next
/// entry (a line that starts with neither a space nor is empty), for the doc comment.
fn span_of(source: &str, id: &str) -> std::ops::Range<usize> {
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(id)
            && rest.trim_start().starts_with('=')
        {
            let start = offset + id.len() + rest.find('=').unwrap_or(0) + 1;
            let mut end = offset + line.len();
            for next in source[end..].split_inclusive('\n') {
                if next.starts_with(' ') {
                    end += next.len();
                } else {
                    break;
                }
            }
            return start..end;
        }
        offset += line.len();
    }
    0..0
}
