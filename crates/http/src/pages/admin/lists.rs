//! What the portal's lists share (issue 19): the sort a list's address asks for, the
//! column headers that sort by a click (a link keeping the search, `aria-sort` on the
//! sorted one), links that keep a list's search and sort, and the count line.

use crate::texts::lists::{self as list_texts, ListTexts};
use entente_domain::invitations::Language;
use entente_i18n::Message;
use entente_storage::{Direction, Field, Sort};

/// A list's sort as its address names it: a column's key and `asc` or `desc`.
pub(super) struct SortChoice<F> {
    pub key: &'static str,
    pub sort: Sort<F>,
}

/// The sort `key`/`dir` name among `columns` (key, field), else the first column
/// ascending.
pub(super) fn sort_choice<F: Field>(
    columns: &[(&'static str, F)],
    key: &str,
    dir: &str,
    default: Direction,
) -> SortChoice<F> {
    let (key, field) = columns
        .iter()
        .find(|(k, _)| *k == key)
        .copied()
        .unwrap_or(columns[0]);
    let direction = match dir {
        "asc" => Direction::Ascending,
        "desc" => Direction::Descending,
        _ => default,
    };
    SortChoice {
        key,
        sort: Sort { field, direction },
    }
}

/// One sortable column header.
pub(super) struct Header {
    pub key: &'static str,
    pub label: &'static str,
    /// Sorts by this column: ascending, or the other way when it is the sort already.
    pub href: String,
    /// `ascending`, `descending` or `none`.
    pub aria_sort: &'static str,
}

/// The headers of the sortable columns (key, label), each a link to `path` with the
/// list's other parameters `keep` and this column's sort, from the first page.
pub(super) fn headers<F>(
    path: &str,
    keep: &[(&str, &str)],
    current: &SortChoice<F>,
    columns: &[(&'static str, &'static str)],
) -> Vec<Header> {
    columns
        .iter()
        .map(|&(key, label)| {
            let sorted = key == current.key;
            let aria_sort = match (sorted, current.sort.direction) {
                (false, _) => "none",
                (true, Direction::Ascending) => "ascending",
                (true, Direction::Descending) => "descending",
            };
            let dir = if aria_sort == "ascending" {
                "desc"
            } else {
                "asc"
            };
            Header {
                key,
                label,
                href: link(path, keep, &[("sort", key), ("dir", dir)]),
                aria_sort,
            }
        })
        .collect()
}

/// `path?` with the parameters `keep` then `more`, leaving out empty values.
pub(super) fn link(path: &str, keep: &[(&str, &str)], more: &[(&str, &str)]) -> String {
    let mut url = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in keep.iter().chain(more) {
        if !value.is_empty() {
            url.append_pair(name, value);
        }
    }
    let query = url.finish();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// `dir`'s value for a sort.
pub(super) fn dir_of<F>(choice: &SortChoice<F>) -> &'static str {
    match choice.sort.direction {
        Direction::Ascending => "asc",
        Direction::Descending => "desc",
    }
}

/// "Users found: 12,345" (`text` takes `$count`), the number grouped as the reader's
/// language writes it.
pub(super) fn count_line(text: Message, count: Option<i64>) -> String {
    count
        .map(|n| text.arg("count", n).to_string())
        .unwrap_or_default()
}

/// The lists' words in the reader's language.
pub(super) fn texts(language: Language) -> &'static ListTexts {
    list_texts::for_language(language)
}
