//! Plain-text tables for people: aligned columns under upper-case headings, and
//! "name: value" lists for a single object.
//!
//! Rendering is pure (it returns a `String`) so it can be tested; it never decides
//! which columns a command shows. Widths are display widths (unicode-width): an
//! accented letter takes one column, a Chinese, Japanese or Korean character two, a
//! combining mark none, so columns stay aligned in a terminal whatever the script.

/// Rows under headings, each column as wide as its widest cell.
#[derive(Debug)]
pub struct Table {
    headings: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// Columns are separated by this many spaces.
const GAP: usize = 2;

impl Table {
    pub fn new(headings: &[&str]) -> Table {
        Table {
            headings: headings.iter().map(|h| h.to_uppercase()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; missing cells are blank and extra ones are dropped, so a row
    /// always lines up with the headings.
    pub fn row(&mut self, cells: Vec<String>) {
        let mut cells: Vec<String> = cells.into_iter().map(|c| one_line(&c)).collect();
        cells.resize(self.headings.len(), String::new());
        self.rows.push(cells);
    }

    pub fn render(&self) -> String {
        let mut widths: Vec<usize> = self.headings.iter().map(|h| width(h)).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(width(cell));
            }
        }
        let mut out = String::new();
        for line in std::iter::once(&self.headings).chain(&self.rows) {
            let last = line.len().saturating_sub(1);
            for (i, (cell, w)) in line.iter().zip(&widths).enumerate() {
                out.push_str(cell);
                // The last column is not padded, so lines carry no trailing spaces.
                if i < last {
                    out.extend(std::iter::repeat_n(' ', w - width(cell) + GAP));
                }
            }
            let trimmed = out.trim_end_matches(' ').len();
            out.truncate(trimmed);
            out.push('\n');
        }
        out
    }
}

/// One object as "Name:  value" lines, the values aligned.
pub fn fields(pairs: &[(&str, String)]) -> String {
    let name_width = pairs.iter().map(|(n, _)| width(n) + 1).max().unwrap_or(0);
    let mut out = String::new();
    for (name, value) in pairs {
        let label = format!("{name}:");
        out.push_str(&label);
        let value = one_line(value);
        if !value.is_empty() {
            out.extend(std::iter::repeat_n(' ', name_width - width(&label) + GAP));
            out.push_str(&value);
        }
        out.push('\n');
    }
    out
}

fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// A cell is one line: a newline or tab in a display name would break the columns.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_on_the_widest_cell_without_trailing_spaces() {
        let mut table = Table::new(&["id", "display name", "enabled"]);
        table.row(vec!["1".into(), "Ada Lovelace".into(), "true".into()]);
        table.row(vec!["22".into(), "Bo".into(), "false".into()]);
        assert_eq!(
            table.render(),
            "ID  DISPLAY NAME  ENABLED\n\
             1   Ada Lovelace  true\n\
             22  Bo            false\n"
        );
    }

    #[test]
    fn characters_not_bytes_set_the_width() {
        let mut table = Table::new(&["name", "x"]);
        table.row(vec!["Zoë Ångström".into(), "1".into()]);
        table.row(vec!["Bob".into(), "2".into()]);
        let rendered = table.render();
        let lines: Vec<&str> = rendered.lines().collect();
        assert_eq!(lines[1], "Zoë Ångström  1");
        assert_eq!(lines[2], "Bob           2");
    }

    #[test]
    fn wide_characters_take_two_columns() {
        let mut table = Table::new(&["name", "x"]);
        table.row(vec!["山田太郎".into(), "1".into()]);
        table.row(vec!["김민준".into(), "2".into()]);
        table.row(vec!["Bob".into(), "3".into()]);
        let rendered = table.render();
        let lines: Vec<&str> = rendered.lines().collect();
        assert_eq!(lines[0], "NAME      X");
        assert_eq!(lines[1], "山田太郎  1");
        assert_eq!(lines[2], "김민준    2");
        assert_eq!(lines[3], "Bob       3");
        let out = fields(&[("名前", "値".into()), ("Id", "42".into())]);
        assert_eq!(out, "名前:  値\nId:    42\n");
    }

    #[test]
    fn short_rows_are_padded_long_ones_cut_and_newlines_flattened() {
        let mut table = Table::new(&["a", "b"]);
        table.row(vec!["x".into()]);
        table.row(vec!["two\nlines".into(), "y".into(), "dropped".into()]);
        assert_eq!(table.render(), "A          B\nx\ntwo lines  y\n");
    }

    #[test]
    fn an_empty_table_is_its_headings() {
        let table = Table::new(&["id", "name"]);
        assert_eq!(table.render(), "ID  NAME\n");
    }

    #[test]
    fn fields_align_values_and_leave_empty_ones_bare() {
        let out = fields(&[
            ("Id", "42".into()),
            ("Display name", "Ada".into()),
            ("Mail", String::new()),
        ]);
        assert_eq!(
            out,
            "Id:            42\n\
             Display name:  Ada\n\
             Mail:\n"
        );
    }
}
