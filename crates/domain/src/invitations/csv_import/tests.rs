//! Tests of the CSV importer, kept in their own file so the parser reads in one sitting.

use std::io::Read;

use uuid::{Uuid, uuid};

use super::*;

const APP1: Uuid = uuid!("3f2504e0-4f89-41d3-9a0c-0305e82c3301");
const APP2: Uuid = uuid!("9a7b1c2d-0e3f-4a5b-8c6d-7e8f9a0b1c2d");
const GROUP1: Uuid = uuid!("0b1e7a44-5c52-4e3c-9d4e-2a6f1f7d8c90");
const GROUP2: Uuid = uuid!("6c8d2f10-3b4a-4f5e-a1b2-c3d4e5f60718");

const EXCEL_NL: &[u8] = include_bytes!("../../../tests/fixtures/invitations_excel_nl.csv");
const ALIASES_2016: &[u8] = include_bytes!("../../../tests/fixtures/invitations_2016_aliases.csv");

fn parse(text: &str) -> Vec<RowOutcome> {
    parse_invitations(text.as_bytes()).expect("the file is usable")
}

fn refused(bytes: &[u8]) -> ImportError {
    parse_invitations(bytes).expect_err("the file is refused")
}

fn row(outcome: &RowOutcome) -> &InvitationRow {
    outcome.result.as_ref().expect("the row is valid")
}

fn errors(outcome: &RowOutcome) -> &[RowError] {
    outcome.result.as_ref().expect_err("the row has errors")
}

fn codes(outcome: &RowOutcome) -> Vec<&'static str> {
    errors(outcome).iter().map(|error| error.code).collect()
}

/// The single error of a one-row file, whose row has one problem.
fn only_error(text: &str) -> RowError {
    let rows = parse(text);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let errors = errors(&rows[0]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors[0].clone()
}

fn lines(rows: &[RowOutcome]) -> Vec<u64> {
    rows.iter().map(|outcome| outcome.line).collect()
}

/// A reader handing out one byte per call, as a slow network upload might.
struct Trickle<'a>(&'a [u8]);

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match (self.0.split_first(), buf.first_mut()) {
            (Some((&byte, rest)), Some(slot)) => {
                *slot = byte;
                self.0 = rest;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

#[test]
fn excel_file_with_bom_semicolons_crlf_and_multiline_cell_is_read() {
    // The fixture must stay as Excel writes it; a checkout that rewrote it would make
    // this test prove nothing.
    assert!(EXCEL_NL.starts_with(b"\xef\xbb\xbfEmail;"));
    assert!(EXCEL_NL.windows(2).any(|pair| pair == b"\r\n"));

    let file = parse_invitation_file(EXCEL_NL).expect("the Excel file is usable");
    assert_eq!(file.separator, Separator::Semicolon);
    // Bob's invitation text holds a line break, so Carol starts on line 5, not 4; the
    // row of bare separators on line 6 is skipped and Dave keeps line 7.
    assert_eq!(lines(&file.rows), [2, 3, 5, 7]);

    let alice = row(&file.rows[0]);
    assert_eq!(alice.email, "Alice.Jansen@fabrikam.com");
    assert_eq!(file.rows[0].email, "Alice.Jansen@Fabrikam.COM");
    assert_eq!(alice.display_name, "Alice Jansen");
    assert_eq!(alice.language, Language::Nl);
    assert_eq!(alice.invitation_text, None);
    assert!(alice.application_ids.is_empty() && alice.group_ids.is_empty());
    assert_eq!(alice.redirect_url, None);

    let bob = row(&file.rows[1]);
    assert_eq!(bob.display_name, "Bob; de Vries");
    assert_eq!(
        bob.invitation_text.as_deref(),
        Some("Welkom bij Contoso!\nGroeten; het team")
    );
    assert_eq!(bob.application_ids, [APP1, APP2]);
    assert_eq!(
        bob.redirect_url.as_deref(),
        Some("https://apps.contoso.example/crm")
    );
    assert_eq!(bob.language, Language::De);
    assert_eq!(bob.language.as_str(), "de");

    let carol = row(&file.rows[2]);
    assert_eq!(carol.display_name, "Carol \"CJ\" Smit");
    assert_eq!(carol.application_ids, [APP1, APP2]);
    assert_eq!(carol.group_ids, [GROUP1, GROUP2]);
    assert_eq!(carol.cc_email.as_deref(), Some("manager@contoso.example"));
    assert_eq!(carol.language, Language::En);

    let dave = row(&file.rows[3]);
    assert_eq!(dave.email, "dave@adatum.example");
    assert_eq!(dave.language, Language::En);
}

#[test]
fn reading_one_byte_at_a_time_gives_the_same_result() {
    // The byte-order mark and every CRLF then arrive split over several reads.
    let whole = parse_invitations(EXCEL_NL).expect("usable");
    let trickled = parse_invitations(Trickle(EXCEL_NL)).expect("usable");
    assert_eq!(whole, trickled);
}

#[test]
fn labels_of_the_2016_preview_are_aliases() {
    let rows = parse_invitations(ALIASES_2016).expect("usable");
    assert_eq!(lines(&rows), [2, 3]);
    let erin = row(&rows[0]);
    assert_eq!(erin.branding_app_id, Some(APP1));
    assert_eq!(erin.application_ids, [APP1, APP2]);
    assert_eq!(erin.group_ids, [GROUP1]);
    assert_eq!(
        erin.contact_url.as_deref(),
        Some("https://contoso.example/contact")
    );
    assert_eq!(erin.invitation_text.as_deref(), Some("Hello"));
    let frank = row(&rows[1]);
    assert_eq!(frank.branding_app_id, None);
    assert_eq!(frank.contact_url, None);
}

#[test]
fn columns_match_by_label_in_any_order_ignoring_case_and_spaces() {
    let rows = parse(
        " language ,InvitedToGroups, DISPLAYNAME ,email\n\
         fr,0b1e7a44-5c52-4e3c-9d4e-2a6f1f7d8c90,Chloé,chloe@tailspin.example\n",
    );
    let chloe = row(&rows[0]);
    assert_eq!(chloe.email, "chloe@tailspin.example");
    assert_eq!(chloe.display_name, "Chloé");
    assert_eq!(chloe.language, Language::Fr);
    assert_eq!(chloe.group_ids, [GROUP1]);
}

#[test]
fn optional_columns_absent_or_empty_mean_the_same() {
    let absent = parse("Email,DisplayName\nann@fabrikam.example,Ann\n");
    let empty = parse(
        "Email,DisplayName,InvitationText,InvitedToApplications,InvitedToGroups,\
         InviteRedirectURL,CcEmailAddress,Language,InviteAppID,InviteContactUsUrl\n\
         ann@fabrikam.example,Ann,,,,,,,,\n",
    );
    let spaces =
        parse("Email,DisplayName,Language,InvitedToGroups\nann@fabrikam.example,Ann,  ,   \n");
    let expected = InvitationRow {
        email: "ann@fabrikam.example".to_owned(),
        display_name: "Ann".to_owned(),
        invitation_text: None,
        application_ids: Vec::new(),
        group_ids: Vec::new(),
        redirect_url: None,
        cc_email: None,
        language: Language::En,
        language_as_sent: None,
        branding_app_id: None,
        contact_url: None,
        sponsors: Vec::new(),
        access_ends_at: None,
    };
    assert_eq!(row(&absent[0]), &expected);
    assert_eq!(row(&empty[0]), &expected);
    assert_eq!(row(&spaces[0]), &expected);
}

#[test]
fn separator_is_decided_from_the_header_outside_quotes() {
    // Semicolons in the data rows do not matter: the header has commas.
    let file = parse_invitation_file(
        "Email,DisplayName,InvitationText\nann@fabrikam.example,Ann,\"a;b;c;d;e\"\n".as_bytes(),
    )
    .expect("usable");
    assert_eq!(file.separator, Separator::Comma);
    assert_eq!(
        row(&file.rows[0]).invitation_text.as_deref(),
        Some("a;b;c;d;e")
    );

    // Quoted labels are still labels; separators inside the quotes are not counted.
    let file = parse_invitation_file(
        "\"Email\";\"DisplayName\"\r\nann@fabrikam.example;\"Ann, of Fabrikam\"\r\n".as_bytes(),
    )
    .expect("usable");
    assert_eq!(file.separator, Separator::Semicolon);
    assert_eq!(row(&file.rows[0]).display_name, "Ann, of Fabrikam");
}

#[test]
fn lf_cr_and_a_missing_last_line_end_keep_line_numbers_right() {
    for text in [
        "Email,DisplayName\n\nann@fabrikam.example,Ann\n\n\nbo@fabrikam.example,\"Bo\nB\"\ncy@fabrikam.example,Cy",
        "Email,DisplayName\r\rann@fabrikam.example,Ann\r\r\rbo@fabrikam.example,\"Bo\rB\"\rcy@fabrikam.example,Cy",
        "Email,DisplayName\r\n\r\nann@fabrikam.example,Ann\r\n\r\n\r\nbo@fabrikam.example,\"Bo\r\nB\"\r\ncy@fabrikam.example,Cy\r\n",
    ] {
        let rows = parse(text);
        assert_eq!(lines(&rows), [3, 6, 8], "{text:?}");
        assert_eq!(row(&rows[1]).display_name, "Bo\nB");
        assert_eq!(row(&rows[2]).display_name, "Cy");
    }
}

#[test]
fn blank_lines_and_rows_of_empty_cells_give_no_result() {
    let rows = parse("\n\nEmail;DisplayName\n\n;\n  ;  \nann@fabrikam.example;Ann\n;;\n");
    assert_eq!(lines(&rows), [7]);
}

#[test]
fn invalid_email_is_reported_with_the_value() {
    for (cell, expected) in [
        ("alice", "\"alice\" is not a valid email address"),
        ("a b@fabrikam.example", "\"a b@fabrikam.example\""),
        ("alice@localhost", "\"alice@localhost\""),
        ("", "Email is empty"),
    ] {
        let error = only_error(&format!("Email,DisplayName\n{cell},Alice\n"));
        assert_eq!(error.code, "invalid_email");
        assert!(error.message.contains(expected), "{}", error.message);
    }
}

#[test]
fn email_is_trimmed_and_only_its_domain_lower_cased() {
    let rows = parse("Email,DisplayName\n  Alice.Smith@FABRIKAM.Example  , Alice \n");
    let alice = row(&rows[0]);
    assert_eq!(alice.email, "Alice.Smith@fabrikam.example");
    assert_eq!(alice.display_name, "Alice");
}

#[test]
fn missing_display_name_is_reported() {
    let error = only_error("Email,DisplayName\nann@fabrikam.example,   \n");
    assert_eq!(error.code, "missing_display_name");
    assert_eq!(error.message, "DisplayName is empty");
}

#[test]
fn cells_name_applications_and_groups_by_id_or_by_name() {
    let rows = parse(&format!(
        "Email,DisplayName,InvitedToApplications,InviteGroupResources,InviteAppID\n\
         ann@fabrikam.example,Ann,\"{APP1}; Partner Portal, EMEA ;crm-app\",Sales team,Portal\n\
         bo@fabrikam.example,Bo,{APP1} crm-app,\"Sales team\nSupport; {GROUP1}\",{APP2}\n"
    ));
    let ann = &rows[0];
    assert_eq!(
        ann.references.applications,
        [
            Reference::Id(APP1),
            Reference::Name("Partner Portal, EMEA".into()),
            Reference::Name("crm-app".into())
        ]
    );
    assert_eq!(
        ann.references.groups,
        [Reference::Name("Sales team".into())]
    );
    assert_eq!(
        ann.references.branding_app,
        Some(Reference::Name("Portal".into()))
    );
    // The ids are in the row already; the names wait for the preview.
    assert_eq!(row(ann).application_ids, [APP1]);
    assert!(row(ann).group_ids.is_empty());
    assert_eq!(row(ann).branding_app_id, None);

    // Without `;` or a line break, a cell that is not all ids is one name.
    let bo = &rows[1];
    assert_eq!(
        bo.references.applications,
        [Reference::Name(format!("{APP1} crm-app"))]
    );
    assert_eq!(
        bo.references.groups,
        [
            Reference::Name("Sales team".into()),
            Reference::Name("Support".into()),
            Reference::Id(GROUP1)
        ]
    );
    assert_eq!(row(bo).group_ids, [GROUP1]);
    assert_eq!(row(bo).branding_app_id, Some(APP2));
    assert_eq!((bo.display_name.as_str(), bo.language.as_str()), ("Bo", ""));
}

#[test]
fn names_repeat_once_whatever_their_case_and_long_cells_are_refused() {
    assert_eq!(
        references("Sales; sales ;SALES;Support"),
        [
            Reference::Name("Sales".into()),
            Reference::Name("Support".into())
        ]
    );
    assert_eq!(references(""), []);
    assert_eq!(references(" ; \n "), []);
    let long = "x".repeat(MAX_REFERENCES_LEN + 1);
    let error = only_error(&format!(
        "Email,DisplayName,InvitedToGroups\nann@fabrikam.example,Ann,{long}\n"
    ));
    assert_eq!(error.code, "too_long");
    assert!(
        error
            .message
            .starts_with("InvitedToGroups is 2001 characters"),
        "{}",
        error.message
    );
}

#[test]
fn the_size_limit_holds_two_thousand_rows_at_every_limit() {
    // Every cell at its limit, in four-byte characters, quoted, with CRLF line ends.
    let wide = |n: usize| format!("\"{}\"", "𝄞".repeat(n));
    let row = [
        wide(MAX_EMAIL_LEN),
        wide(MAX_DISPLAY_NAME_LEN),
        wide(MAX_INVITATION_TEXT_LEN),
        wide(MAX_REFERENCES_LEN),
        wide(MAX_REFERENCES_LEN),
        wide(MAX_URL_LEN),
        wide(MAX_EMAIL_LEN),
        wide(7),
        wide(MAX_DISPLAY_NAME_LEN),
        wide(MAX_URL_LEN),
        wide(MAX_SPONSORS_LEN),
    ]
    .join(",");
    let largest = 3 + (MAX_ROWS + 1) * (row.len() + 2);
    assert!(largest <= MAX_FILE_BYTES, "{largest} > {MAX_FILE_BYTES}");
    // The file the issue names: 2,000 rows of 700 Japanese characters.
    let japanese = 2_000 * (700 * 3 + 40);
    assert!(japanese < MAX_FILE_BYTES && MAX_FILE_BYTES < 95_000_000);
}

#[test]
fn repeated_ids_in_a_cell_count_once() {
    let rows = parse(&format!(
        "Email,DisplayName,InvitedToApplications\nann@fabrikam.example,Ann,  {APP1}   {APP2} {APP1} \n"
    ));
    assert_eq!(row(&rows[0]).application_ids, [APP1, APP2]);
}

#[test]
fn branding_app_takes_exactly_one_id() {
    let error = only_error(&format!(
        "Email,DisplayName,InviteAppID\nann@fabrikam.example,Ann,{APP1} {APP2}\n"
    ));
    assert_eq!(error.code, "invalid_id");
    assert!(
        error.message.contains("this cell has 2 ids"),
        "{}",
        error.message
    );

    let error = only_error("Email,DisplayName,InviteAppID\nann@fabrikam.example,Ann,crm;portal\n");
    assert_eq!(error.code, "invalid_id");
}

#[test]
fn urls_must_be_https_or_local_http() {
    for good in [
        "https://apps.contoso.example/crm?tab=1",
        "http://localhost:8080/callback",
        "http://127.0.0.1/",
        "http://[::1]:3000/",
    ] {
        let rows = parse(&format!(
            "Email,DisplayName,InviteRedirectURL,InviteContactUsUrl\nann@fabrikam.example,Ann,{good},{good}\n"
        ));
        let ann = row(&rows[0]);
        assert!(
            ann.redirect_url.is_some() && ann.redirect_url == ann.contact_url,
            "{good}"
        );
    }
    for bad in [
        "http://apps.contoso.example/",
        "ftp://files.contoso.example/",
        "/relative/path",
        "apps.contoso.example",
        "javascript:alert(1)",
        "https://apps.contoso.example@evil.example/",
        "http://127.0.0.2/",
    ] {
        let error = only_error(&format!(
            "Email,DisplayName,InviteRedirectURL\nann@fabrikam.example,Ann,{bad}\n"
        ));
        assert_eq!(error.code, "invalid_url", "{bad}");
        assert!(
            error
                .message
                .starts_with(&format!("InviteRedirectURL \"{bad}\""))
        );
        let error = only_error(&format!(
            "Email,DisplayName,InviteContactUsUrl\nann@fabrikam.example,Ann,{bad}\n"
        ));
        assert_eq!(error.code, "invalid_url", "{bad}");
        assert!(error.message.starts_with("InviteContactUsUrl"));
    }
}

#[test]
fn invalid_cc_email_is_reported() {
    let error = only_error("Email,DisplayName,CcEmailAddress\nann@fabrikam.example,Ann,manager\n");
    assert_eq!(error.code, "invalid_cc_email");
    assert!(
        error.message.contains("CcEmailAddress \"manager\""),
        "{}",
        error.message
    );

    let rows =
        parse("Email,DisplayName,CcEmailAddress\nann@fabrikam.example,Ann,Boss@Contoso.EXAMPLE\n");
    assert_eq!(
        row(&rows[0]).cc_email.as_deref(),
        Some("Boss@contoso.example")
    );
}

#[test]
fn languages_are_matched_ignoring_case_and_returned_canonical() {
    let rows = parse(
        "Email,DisplayName,Language\n\
         a@fabrikam.example,A,pt-br\n\
         b@fabrikam.example,B,ZH-hans\n\
         c@fabrikam.example,C,zh-Hant\n\
         d@fabrikam.example,D,\n",
    );
    let tags: Vec<&str> = rows.iter().map(|r| row(r).language.as_str()).collect();
    assert_eq!(tags, ["pt-BR", "zh-HANS", "zh-HANT", "en"]);
}

#[test]
fn unsupported_language_lists_the_supported_ones() {
    let error = only_error("Email,DisplayName,Language\nann@fabrikam.example,Ann,pt\n");
    assert_eq!(error.code, "unsupported_language");
    assert!(
        error
            .message
            .starts_with("Language \"pt\" is not supported")
    );
    assert!(
        error
            .message
            .contains("en, de, es, fr, it, ja, ko, pt-BR, ru, zh-HANS, zh-HANT, nl"),
        "{}",
        error.message
    );
}

#[test]
fn too_long_names_the_field_and_its_limit() {
    // Labels of at most 63 letters: only the length is wrong.
    let long_email = format!(
        "{}@{}.{}.{}.example",
        "a".repeat(64),
        "b".repeat(63),
        "b".repeat(63),
        "b".repeat(62)
    );
    assert_eq!(long_email.len(), 263);
    let cases = [
        (
            "Email",
            long_email.clone(),
            "Email is 263 characters long; the limit is 254",
        ),
        (
            "DisplayName",
            "n".repeat(257),
            "DisplayName is 257 characters long; the limit is 256",
        ),
        (
            "InvitationText",
            "t".repeat(2001),
            "InvitationText is 2001 characters long; the limit is 2000",
        ),
        (
            "InviteRedirectURL",
            format!("https://contoso.example/{}", "p".repeat(2025)),
            "InviteRedirectURL is 2049 characters long; the limit is 2048",
        ),
        (
            "InviteContactUsUrl",
            format!("https://contoso.example/{}", "p".repeat(2025)),
            "InviteContactUsUrl is 2049 characters long; the limit is 2048",
        ),
    ];
    for (column, value, message) in cases {
        let text = if column == "Email" {
            format!("Email,DisplayName\n{value},Ann\n")
        } else if column == "DisplayName" {
            format!("Email,DisplayName\nann@fabrikam.example,{value}\n")
        } else {
            format!("Email,DisplayName,{column}\nann@fabrikam.example,Ann,{value}\n")
        };
        let error = only_error(&text);
        assert_eq!(error.code, "too_long", "{column}");
        assert_eq!(error.message, message);
    }

    // Limits count characters, not bytes: 256 letters of two bytes each fit.
    let rows = parse(&format!(
        "Email,DisplayName\nann@fabrikam.example,{}\n",
        "é".repeat(256)
    ));
    assert!(rows[0].result.is_ok());
}

#[test]
fn duplicate_names_the_earlier_line() {
    let rows = parse(
        "Email,DisplayName\n\
         ann@fabrikam.example,Ann\n\
         bo@fabrikam.example,Bo\n\
         \n\
         ANN@Fabrikam.Example,Ann again\n",
    );
    assert_eq!(lines(&rows), [2, 3, 5]);
    assert!(rows[0].result.is_ok() && rows[1].result.is_ok());
    let error = &errors(&rows[2])[0];
    assert_eq!(error.code, "duplicate");
    assert_eq!(
        error.message,
        "ANN@fabrikam.example is already invited on line 2; each address may appear once"
    );
}

#[test]
fn wrong_column_count_is_reported_alone() {
    let rows = parse(
        "Email;DisplayName;Language\n\
         ann@fabrikam.example;Ann;nl;extra\n\
         bo@fabrikam.example;Bo\n\
         cy@fabrikam.example;Cy;nl\n",
    );
    assert_eq!(codes(&rows[0]), ["wrong_column_count"]);
    assert!(
        errors(&rows[0])[0]
            .message
            .starts_with("this row has 4 cells but the header has 3 columns")
    );
    assert_eq!(rows[0].email, "ann@fabrikam.example");
    assert_eq!(codes(&rows[1]), ["wrong_column_count"]);
    assert!(
        errors(&rows[1])[0]
            .message
            .starts_with("this row has 2 cells")
    );
    assert!(rows[2].result.is_ok());
}

#[test]
fn columns_without_a_label_must_stay_empty() {
    // Excel writes trailing separators for formatted columns; that is fine while
    // nothing is written under them.
    let rows = parse(
        "Email;DisplayName;;\n\
         ann@fabrikam.example;Ann;;\n\
         bo@fabrikam.example;Bo;;forgotten\n",
    );
    assert!(rows[0].result.is_ok());
    let error = &errors(&rows[1])[0];
    assert_eq!(error.code, "unlabeled_cell");
    assert!(
        error.message.starts_with("column 4 has no label"),
        "{}",
        error.message
    );
}

#[test]
fn every_problem_of_a_row_is_reported() {
    let rows = parse(
        "Email,DisplayName,InviteAppID,InviteRedirectURL,CcEmailAddress,Language\n\
         not-an-address,,g1;g2,http://contoso.example,cc,xx\n",
    );
    assert_eq!(
        codes(&rows[0]),
        [
            "invalid_email",
            "missing_display_name",
            "invalid_id",
            "invalid_url",
            "invalid_cc_email",
            "unsupported_language",
        ]
    );
    assert_eq!(rows[0].email, "not-an-address");
}

#[test]
fn two_thousand_rows_pass_and_one_more_is_refused() {
    fn file(rows: usize) -> String {
        let mut text = String::from("Email;DisplayName\r\n");
        for n in 0..rows {
            text.push_str(&format!("guest{n}@fabrikam.example;Guest {n}\r\n"));
            // Blank rows do not count toward the limit.
            text.push_str(";\r\n");
        }
        text
    }
    let rows = parse(&file(2_000));
    assert_eq!(rows.len(), 2_000);
    assert!(rows.iter().all(|outcome| outcome.result.is_ok()));
    assert_eq!(rows[1_999].line, 2 + 2 * 1_999);

    let error = refused(file(2_001).as_bytes());
    assert_eq!(error, ImportError::TooManyRows { rows: 2_001 });
    assert_eq!(
        error.to_string(),
        "a file may hold at most 2,000 rows; this file has 2,001"
    );
    assert!(matches!(
        refused(file(12_345).as_bytes()),
        ImportError::TooManyRows { rows: 12_345 }
    ));
}

#[test]
fn non_utf8_is_refused_as_a_whole() {
    // "Zoë" in Windows-1252, as Excel's plain "CSV" export writes it.
    let error = refused(b"Email;DisplayName\r\nzoe@fabrikam.example;Zo\xeb\r\n");
    assert_eq!(error, ImportError::NotUtf8 { line: 2 });
    let message = error.to_string();
    assert!(
        message.starts_with("line 2: the file is not UTF-8 text"),
        "{message}"
    );
    assert!(message.contains("CSV UTF-8"), "{message}");

    assert_eq!(
        refused(b"Em\xe4il;DisplayName\r\n"),
        ImportError::NotUtf8 { line: 1 }
    );
    // UTF-16, as Excel's "Unicode Text" writes it.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "Email,DisplayName\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    assert!(matches!(refused(&utf16), ImportError::NotUtf8 { line: 1 }));
}

#[test]
fn unknown_header_column_is_named_with_the_known_ones() {
    let error = refused(b"\n\nEmail,DisplayName,Phone\nann@fabrikam.example,Ann,123\n");
    assert_eq!(
        error,
        ImportError::Header {
            line: 3,
            problems: vec![HeaderProblem::Unknown {
                label: "Phone".to_owned()
            }],
        }
    );
    let message = error.to_string();
    assert!(message.starts_with("line 3: the header row is not usable: unknown column \"Phone\""));
    assert!(
        message.contains("InvitedToApplications (or InviteAppResources)"),
        "{message}"
    );
    assert!(message.contains("InviteContactUsUrl"), "{message}");
}

#[test]
fn a_column_given_twice_is_refused_also_under_its_alias() {
    let error = refused(b"Email,DisplayName,email\n");
    assert_eq!(
        error,
        ImportError::Header {
            line: 1,
            problems: vec![HeaderProblem::Duplicate {
                label: "email".to_owned(),
                first: "Email".to_owned(),
            }],
        }
    );
    let error = refused(b"Email,DisplayName,InvitedToGroups,InviteGroupResources\n");
    assert_eq!(
        error.to_string(),
        "line 1: the header row is not usable: column \"InviteGroupResources\" is given \
         twice (also as \"InvitedToGroups\")"
    );
}

#[test]
fn missing_required_columns_are_all_named() {
    let error = refused("\u{feff}Name;Language\r\n".as_bytes());
    assert_eq!(
        error,
        ImportError::Header {
            line: 1,
            problems: vec![
                HeaderProblem::Unknown {
                    label: "Name".to_owned()
                },
                HeaderProblem::Missing { column: "Email" },
                HeaderProblem::Missing {
                    column: "DisplayName"
                },
            ],
        }
    );
    assert!(error.to_string().ends_with(
        "required column \"Email\" is missing; required column \"DisplayName\" is missing"
    ));
}

#[test]
fn an_empty_file_is_refused() {
    for bytes in [&b""[..], b"\xef\xbb\xbf", b"\r\n\r\n", b";;;\n"] {
        assert_eq!(refused(bytes), ImportError::Empty, "{bytes:?}");
    }
    assert!(
        refused(b"")
            .to_string()
            .contains("first row must hold the column labels")
    );
}

#[test]
fn a_header_without_rows_gives_no_rows() {
    assert_eq!(parse("Email;DisplayName\r\n"), []);
}

#[test]
fn a_failing_reader_is_reported() {
    struct Broken;
    impl Read for Broken {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("connection reset"))
        }
    }
    let error = refused_reader(Broken);
    assert!(matches!(&error, ImportError::Read(text) if text.contains("connection reset")));
}

fn refused_reader(reader: impl Read) -> ImportError {
    parse_invitations(reader).expect_err("the file is refused")
}

#[test]
fn arbitrary_bytes_never_panic_and_results_stay_consistent() {
    // A deterministic generator (xorshift) so a failure is reproducible. Half the
    // inputs are any bytes at all; the other half keep to text made of the bytes that
    // steer the parser, so that most of them get past the header and the UTF-8 check
    // into the row checks.
    const TEXT: &[u8] = b"\"\";;,,\r\n\n  a@.eE\t=-x";
    const HEADERS: [&str; 4] = [
        "",
        "Email;DisplayName\r\n",
        "Email,DisplayName,Language,InvitedToGroups\n",
        "\u{feff}\"Email\";\"DisplayName\";InviteRedirectURL\r\n",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut usable = 0;
    for round in 0..4_000u32 {
        let mut bytes = HEADERS[(next() % 4) as usize].as_bytes().to_vec();
        let length = (next() % 200) as usize;
        for _ in 0..length {
            let pick = next();
            bytes.push(if round.is_multiple_of(2) {
                pick.to_le_bytes()[1]
            } else {
                TEXT[(pick % TEXT.len() as u64) as usize]
            });
        }
        let Ok(rows) = parse_invitations(bytes.as_slice()) else {
            continue;
        };
        usable += 1;
        let mut previous = 1;
        for outcome in &rows {
            assert!(outcome.line > previous, "{bytes:?}: {rows:?}");
            previous = outcome.line;
            match &outcome.result {
                Ok(invitation) => assert!(crate::address::is_address(&invitation.email)),
                Err(errors) => assert!(!errors.is_empty()),
            }
        }
    }
    // The generator must reach the row checks, not just the header errors.
    assert!(usable > 1_000, "only {usable} usable inputs");
}

#[test]
fn internationalized_addresses_are_kept_in_one_form() {
    let rows = parse(
        "Email,DisplayName\n\
         zoë.müller@bücher.example,Zoë\n\
         bob@XN--BCHER-KVA.example,Bob\n\
         ZOË.MÜLLER@xn--bcher-kva.example,Zoë again\n\
         ann@bü cher.example,Ann\n",
    );
    assert_eq!(row(&rows[0]).email, "zoë.müller@bücher.example");
    assert_eq!(row(&rows[1]).email, "bob@bücher.example");
    // The same address with its domain in ASCII form and its local part in capitals.
    assert_eq!(codes(&rows[2]), ["duplicate"]);
    assert_eq!(codes(&rows[3]), [code::INVALID_EMAIL]);
}

#[test]
fn a_sponsors_cell_names_ids_and_addresses_once_each_in_order() {
    let id = "0b7e1e4a-52d4-4a0c-9d62-37f1b0f1a001";
    let rows = parse(&format!(
        "Email,DisplayName,Sponsors\n\
         ann@fabrikam.example,Ann,\"Carol@Contoso.com; {id}, carol@contoso.com\n{id}\"\n\
         bob@fabrikam.example,Bob,carol@contoso.com not-an-address\n"
    ));
    assert_eq!(
        row(&rows[0]).sponsors,
        [
            SponsorRef::Address("Carol@contoso.com".to_owned()),
            SponsorRef::Id(Uuid::parse_str(id).unwrap()),
            SponsorRef::Address("carol@contoso.com".to_owned()),
        ]
    );
    let errors = rows[1].result.as_ref().unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].code, code::INVALID_SPONSOR);
    assert!(
        errors[0].message.contains("not-an-address"),
        "{}",
        errors[0].message
    );
}
