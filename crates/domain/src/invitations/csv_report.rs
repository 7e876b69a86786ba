//! Writing the per-row result file of a bulk invitation, for the admin to download.
//!
//! The invitation use case decides what happened to each row (invited, refused and
//! why); this module only turns those outcomes into a CSV file that Excel opens
//! correctly and safely. It must never decide an outcome or read anything but its
//! arguments.

use super::csv_import::Separator;

/// One row of the result file: the input row's line and email, and what became of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportLine<'a> {
    /// The line of the uploaded file on which the row started.
    pub line: u64,
    /// The email as written in the uploaded row.
    pub email: &'a str,
    /// A short word for the outcome, such as `invited` or `error`.
    pub status: &'a str,
    /// Details for the admin; empty when there is nothing to add.
    pub message: &'a str,
}

/// Writes the result file: a header `Line,Email,Status,Message`, then one line per
/// outcome, cells separated by `separator` (pass the upload's, so the file opens in
/// the admin's Excel the way theirs did).
///
/// The text starts with a UTF-8 byte-order mark and uses CRLF line ends: without the
/// mark Excel reads the file in the machine's legacy code page and garbles names such
/// as "Zoë"; CRLF is what RFC 4180 and Excel expect.
pub fn write_report<'a>(
    separator: Separator,
    lines: impl IntoIterator<Item = ReportLine<'a>>,
) -> String {
    let mut out = String::from("\u{feff}");
    write_row(&mut out, separator, ["Line", "Email", "Status", "Message"]);
    for line in lines {
        let number = line.line.to_string();
        write_row(
            &mut out,
            separator,
            [number.as_str(), line.email, line.status, line.message],
        );
    }
    out
}

/// Writes any table the same way (byte-order mark, CRLF, quoting, formula cells
/// neutralized), comma-separated: the portal's exports, such as the audit log.
pub fn write_table<'a>(
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<std::borrow::Cow<'a, str>>>,
) -> String {
    let mut out = String::from("\u{feff}");
    write_row(&mut out, Separator::Comma, header.iter().copied());
    for row in rows {
        write_row(&mut out, Separator::Comma, row.iter().map(|c| c.as_ref()));
    }
    out
}

// The rows are written by hand rather than with `csv::Writer`: writing into a String
// cannot fail, and the quoting rule below is all the format needs, so there is no
// error path to carry for an I/O that never happens.
fn write_row<'c>(out: &mut String, separator: Separator, cells: impl IntoIterator<Item = &'c str>) {
    let separator = char::from(separator.as_byte());
    for (index, cell) in cells.into_iter().enumerate() {
        if index > 0 {
            out.push(separator);
        }
        let cell = neutralized(cell);
        if cell.contains([separator, '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&cell);
        }
    }
    out.push_str("\r\n");
}

/// Guards against formula injection. Emails and messages come from the uploaded file,
/// that is from whoever wrote it; a cell such as `=HYPERLINK("https://evil.example",
/// "Click")` or `=cmd|' /C calc'!A0` would be run as a formula by Excel or LibreOffice
/// when the admin opens the result. Spreadsheets start a formula with `=`, `+`, `-` or
/// `@` (and skip a leading tab or CR when deciding), so such a cell gets a leading `'`,
/// which makes the spreadsheet show it as plain text.
pub(crate) fn neutralized(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line<'a>(line: u64, email: &'a str, status: &'a str, message: &'a str) -> ReportLine<'a> {
        ReportLine {
            line,
            email,
            status,
            message,
        }
    }

    #[test]
    fn report_has_bom_header_and_crlf_lines() {
        let report = write_report(
            Separator::Comma,
            [
                line(2, "alice@fabrikam.example", "invited", ""),
                line(
                    5,
                    "bob@northwind.example",
                    "error",
                    "Language \"xx\" is not supported",
                ),
            ],
        );
        assert_eq!(
            report,
            "\u{feff}Line,Email,Status,Message\r\n\
             2,alice@fabrikam.example,invited,\r\n\
             5,bob@northwind.example,error,\"Language \"\"xx\"\" is not supported\"\r\n"
        );
    }

    #[test]
    fn cells_with_separator_or_line_breaks_are_quoted() {
        let report = write_report(
            Separator::Semicolon,
            [line(
                3,
                "a@fabrikam.example",
                "error",
                "one; two\nthree, four",
            )],
        );
        assert_eq!(
            report,
            "\u{feff}Line;Email;Status;Message\r\n\
             3;a@fabrikam.example;error;\"one; two\nthree, four\"\r\n"
        );
    }

    #[test]
    fn formula_cells_are_neutralized() {
        for (cell, written) in [
            (
                "=HYPERLINK(\"https://evil.example\")",
                "\"'=HYPERLINK(\"\"https://evil.example\"\")\"",
            ),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "\"'\r=1\""),
            ("plain@fabrikam.example", "plain@fabrikam.example"),
            ("a=b", "a=b"),
        ] {
            let report = write_report(Separator::Comma, [line(2, cell, "error", cell)]);
            let row = report
                .strip_prefix("\u{feff}Line,Email,Status,Message\r\n")
                .expect("the header comes first");
            assert_eq!(row, format!("2,{written},error,{written}\r\n"), "{cell:?}");
        }
    }

    #[test]
    fn an_empty_report_is_the_header_alone() {
        assert_eq!(
            write_report(Separator::Comma, []),
            "\u{feff}Line,Email,Status,Message\r\n"
        );
    }

    #[test]
    fn report_names_every_row_of_a_parsed_upload() {
        use crate::invitations::csv_import::parse_invitation_file;

        let upload = "Email;DisplayName\r\nann@fabrikam.example;Ann\r\n=cmd;Eve\r\n";
        let file = parse_invitation_file(upload.as_bytes()).expect("usable");
        let messages: Vec<String> = file
            .rows
            .iter()
            .map(|row| match &row.result {
                Ok(_) => String::new(),
                Err(errors) => errors.iter().map(|e| e.message.as_str()).collect(),
            })
            .collect();
        let report = write_report(
            file.separator,
            file.rows
                .iter()
                .zip(&messages)
                .map(|(row, message)| ReportLine {
                    line: row.line,
                    email: &row.email,
                    status: if row.result.is_ok() {
                        "invited"
                    } else {
                        "error"
                    },
                    message,
                }),
        );
        assert_eq!(
            report,
            "\u{feff}Line;Email;Status;Message\r\n\
             2;ann@fabrikam.example;invited;\r\n\
             3;'=cmd;error;\"Email \"\"=cmd\"\" is not a valid email address\"\r\n"
        );
    }

    #[test]
    fn tables_quote_and_neutralize_like_reports() {
        use std::borrow::Cow;
        let table = write_table(
            &["Action", "Details"],
            [
                vec![
                    Cow::Borrowed("Add user"),
                    Cow::Borrowed("{\"a\":1,\"b\":2}"),
                ],
                vec![Cow::Borrowed("@SUM(A1)"), Cow::Borrowed("-2+3")],
            ],
        );
        assert_eq!(
            table,
            "\u{feff}Action,Details\r\n\
             Add user,\"{\"\"a\"\":1,\"\"b\"\":2}\"\r\n\
             '@SUM(A1),'-2+3\r\n"
        );
    }
}
