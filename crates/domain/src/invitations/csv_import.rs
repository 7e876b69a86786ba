//! Reading a bulk-invitation CSV file into one checked result per row.
//!
//! This is the first of the two steps of a bulk invitation: the admin uploads a file
//! and sees every row's outcome (ready, or the reasons it is not, with its line
//! number) before anything happens. The parser takes any [`Read`], understands what
//! Excel writes (a UTF-8 byte-order mark, `;` or `,` as separator, CRLF line ends,
//! quoted cells with line breaks), matches columns by their labels, and checks each
//! row on its own: addresses, ids, URLs, language, lengths and repeated addresses.
//!
//! Application and group cells may name their objects rather than give ids
//! ([`Reference`]): several ids are separated by spaces, as the 2016 format had it;
//! names, which may hold spaces, are separated by `;` or line breaks ([`references`]).
//!
//! It must never do anything but read the bytes it is given: no database, no clock, no
//! network. Which object a name means, whether an application or group id exists in
//! the tenant, whether a domain is allowed or an address already belongs to a member
//! are questions for the preview ([`super::batch`]) and the invitation use case, which
//! ask them of the rows this module hands back.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::net::{Ipv4Addr, Ipv6Addr};

use url::{Host, Url};
use uuid::Uuid;

use super::Language;

/// The most data rows one file may hold (the 2016 preview's limit, which we keep).
pub const MAX_ROWS: usize = 2_000;
/// The longest email address, in characters (RFC 5321's path limit less the brackets).
pub const MAX_EMAIL_LEN: usize = 254;
/// The longest display name, in characters.
pub const MAX_DISPLAY_NAME_LEN: usize = 256;
/// The longest custom invitation text, in characters.
pub const MAX_INVITATION_TEXT_LEN: usize = 2_000;
/// The longest URL, in characters.
pub const MAX_URL_LEN: usize = 2_048;
/// The longest `InvitedToApplications` or `InvitedToGroups` cell, in characters (about
/// fifty ids, or names).
pub const MAX_REFERENCES_LEN: usize = 2_000;
/// The longest tag a `Language` cell can hold (`zh-HANT`).
const MAX_LANGUAGE_LEN: usize = 7;

/// The longest row the limits above allow, in characters: every cell at its limit,
/// the branding application named by a name as long as a display name may be.
const MAX_ROW_CHARS: usize = MAX_EMAIL_LEN
    + MAX_DISPLAY_NAME_LEN
    + MAX_INVITATION_TEXT_LEN
    + 2 * MAX_REFERENCES_LEN
    + MAX_URL_LEN
    + MAX_EMAIL_LEN
    + MAX_LANGUAGE_LEN
    + MAX_DISPLAY_NAME_LEN
    + MAX_URL_LEN
    + MAX_SPONSORS_LEN;

/// The longest `Sponsors` cell, in characters (about ten addresses or ids).
pub const MAX_SPONSORS_LEN: usize = 500;

/// The largest file that can hold [`MAX_ROWS`] rows within every limit, in bytes: each
/// character as four bytes of UTF-8 (the most one takes), each cell quoted and
/// followed by a separator, each line ended by CRLF, a header row as long as any row,
/// and a byte-order mark. A file within the limits is never refused for its size;
/// front ends accept an upload this large ([`MAX_ROWS`] rows of 700 Japanese
/// characters are about 4 MB; this is about 89 MiB).
pub const MAX_FILE_BYTES: usize = 3 + (MAX_ROWS + 1) * (4 * MAX_ROW_CHARS + 3 * COLUMN_COUNT + 2);

/// The stable codes of [`RowError`]; front ends and the result file show them as is,
/// so they never change once published.
pub mod code {
    /// The `Email` cell is empty or not an address.
    pub const INVALID_EMAIL: &str = "invalid_email";
    /// The `DisplayName` cell is empty.
    pub const MISSING_DISPLAY_NAME: &str = "missing_display_name";
    /// `InviteAppID` names more than one application.
    pub const INVALID_ID: &str = "invalid_id";
    /// `InviteRedirectURL` or `InviteContactUsUrl` is not an acceptable absolute URL.
    pub const INVALID_URL: &str = "invalid_url";
    /// The `CcEmailAddress` cell is not an address.
    pub const INVALID_CC_EMAIL: &str = "invalid_cc_email";
    /// The `Language` cell names a language invitations are not written in.
    pub const UNSUPPORTED_LANGUAGE: &str = "unsupported_language";
    /// A cell is longer than its field allows.
    pub const TOO_LONG: &str = "too_long";
    /// An earlier row invites the same address.
    pub const DUPLICATE: &str = "duplicate";
    /// The row has more or fewer cells than the header has columns.
    pub const WRONG_COLUMN_COUNT: &str = "wrong_column_count";
    /// A value stands in a column whose header cell is empty, so it would be lost.
    pub const UNLABELED_CELL: &str = "unlabeled_cell";
    /// A `Sponsors` value is neither an id nor an email address.
    pub const INVALID_SPONSOR: &str = "invalid_sponsor";
}

/// One invitation as a valid row asks for it; every field is checked and normalized.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InvitationRow {
    /// The invited address, trimmed, with its domain in lower case.
    pub email: String,
    /// The display name of the guest, trimmed; never empty.
    pub display_name: String,
    /// Custom text for the email, trimmed, line ends as `\n`.
    pub invitation_text: Option<String>,
    /// The applications to assign the guest to, in file order, without repeats.
    pub application_ids: Vec<Uuid>,
    /// The groups to add the guest to, in file order, without repeats.
    pub group_ids: Vec<Uuid>,
    /// Where the guest goes after redeeming; `None` means the tenant's access panel.
    pub redirect_url: Option<String>,
    /// An address that gets a copy of the invitation email.
    pub cc_email: Option<String>,
    /// The language of the email and redemption pages.
    pub language: Language,
    /// The language tag as the request wrote it (`de-DE`), kept on the invitation
    /// and shown as sent, as Graph echoes `messageLanguage`; `None` for a file's
    /// rows and when none was given.
    #[serde(default)]
    pub language_as_sent: Option<String>,
    /// The application whose branding the email and the acceptance pages use.
    pub branding_app_id: Option<Uuid>,
    /// A "contact us" link shown in the email.
    pub contact_url: Option<String>,
    /// Who answers for the guest (Graph's `invitedUserSponsors`, the `Sponsors`
    /// column), in order, without repeats; none means the inviting user.
    #[serde(default)]
    pub sponsors: Vec<SponsorRef>,
    /// When the guest's access ends (Unix seconds); `None`: as the tenant's guest
    /// lifetime says.
    #[serde(default)]
    pub access_ends_at: Option<i64>,
}

/// A sponsor as an invitation names it: a member user's or group's id, or a member
/// user's address (mail or principal name). Which object it is, and whether it may
/// sponsor, is the invitation use case's question.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum SponsorRef {
    Id(Uuid),
    /// In its canonical form ([`crate::address::canonical`]).
    Address(String),
}

impl SponsorRef {
    /// The sponsor as the request wrote it, for messages.
    pub fn as_written(&self) -> String {
        match self {
            SponsorRef::Id(id) => id.to_string(),
            SponsorRef::Address(address) => address.clone(),
        }
    }
}

/// The outcome of one data row of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowOutcome {
    /// The 1-based line of the file on which the row starts (a row with a line break
    /// inside a quoted cell spans several lines).
    pub line: u64,
    /// The `Email` cell as written, trimmed, also for rows with errors, so that a
    /// preview or the result file can name every row.
    pub email: String,
    /// The `DisplayName` cell as written, trimmed (empty when missing).
    pub display_name: String,
    /// The `Language` cell as written, trimmed (empty when missing).
    pub language: String,
    /// What the application and group cells name. The ids among them are in the
    /// row's id fields already; names and client ids are found in the tenant by the
    /// preview, which then replaces those fields.
    pub references: References,
    /// The invitation, or every problem found in the row.
    pub result: Result<InvitationRow, Vec<RowError>>,
}

/// One application or group as a cell names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reference {
    /// A UUID: a group's or application's object id, or an application's client id.
    Id(Uuid),
    /// A group's or application's display name (any case), or an application's
    /// client id that is not a UUID.
    Name(String),
}

impl Reference {
    /// The reference as the file wrote it, for messages.
    pub fn as_written(&self) -> String {
        match self {
            Reference::Id(id) => id.to_string(),
            Reference::Name(name) => name.clone(),
        }
    }
}

/// What a row's application and group cells name, in file order, without repeats.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct References {
    /// `InvitedToApplications` (or `InviteAppResources`).
    pub applications: Vec<Reference>,
    /// `InvitedToGroups` (or `InviteGroupResources`).
    pub groups: Vec<Reference>,
    /// `InviteAppID`.
    pub branding_app: Option<Reference>,
}

impl References {
    /// Whether the row names no application or group at all.
    pub fn is_empty(&self) -> bool {
        self.applications.is_empty() && self.groups.is_empty() && self.branding_app.is_none()
    }
}

/// One problem of a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// One of the stable codes in [`code`].
    pub code: &'static str,
    /// A sentence for the admin naming the column and the value at fault.
    pub message: String,
    /// The one column (or API field) at fault and what is wrong with it, when the
    /// problem is one field's: a form shows it beside that field in plain words.
    pub field: Option<FieldProblem>,
}

/// Which column a [`RowError`] is about and what is wrong with its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    /// The column's label as the message names it (`Email`, `invitedUserEmailAddress`).
    pub column: String,
    pub fault: Fault,
}

/// What is wrong with one field's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// A required address is empty.
    Empty,
    /// The value is not an email address.
    NotAnEmail,
    /// The value has `length` characters; at most `max` fit.
    TooLong { length: usize, max: usize },
    /// The value is not an acceptable https URL.
    NotAnHttpsUrl,
    /// The language is not one of Entente's.
    UnsupportedLanguage,
}

/// The separator a file uses between cells.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Separator {
    /// The RFC 4180 separator, and Excel's in English locales.
    #[default]
    Comma,
    /// Excel's choice where the comma is the decimal mark (Dutch, German, ...).
    Semicolon,
}

impl Separator {
    /// The separator's byte (`,` or `;`).
    pub fn as_byte(self) -> u8 {
        match self {
            Separator::Comma => b',',
            Separator::Semicolon => b';',
        }
    }
}

/// A whole file read: its separator (so the result file can use the same one and open
/// in the admin's Excel as the upload did) and one outcome per data row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedFile {
    /// The separator of the header row, used for the whole file.
    pub separator: Separator,
    /// One outcome per data row, in file order; blank rows have none.
    pub rows: Vec<RowOutcome>,
}

/// A reason to refuse the whole file rather than report on its rows.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// No header row: the file is empty or holds only blank rows.
    #[error("the file is empty: its first row must hold the column labels ({KNOWN_LABELS})")]
    Empty,
    /// A byte sequence on `line` is not UTF-8 (Excel's plain "CSV" export writes the
    /// machine's legacy code page; its "CSV UTF-8" export is what we read).
    #[error(
        "line {line}: the file is not UTF-8 text; it must be saved as UTF-8 \
         (in Excel: Save As, \"CSV UTF-8 (Comma delimited)\")"
    )]
    NotUtf8 { line: u64 },
    /// The header row on `line` cannot be used; every problem found is listed.
    #[error("line {line}: the header row is not usable: {}", join_problems(.problems))]
    Header {
        line: u64,
        problems: Vec<HeaderProblem>,
    },
    /// More than [`MAX_ROWS`] data rows; `rows` counts them all, blank rows aside.
    #[error("a file may hold at most 2,000 rows; this file has {}", thousands(*.rows))]
    TooManyRows { rows: usize },
    /// The reader itself failed; the text is the I/O error's.
    #[error("the file could not be read: {0}")]
    Read(String),
}

/// One thing wrong with the header row.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HeaderProblem {
    /// A label that names no column of the format (nor an alias).
    #[error("unknown column \"{label}\" (the known columns are {KNOWN_LABELS})")]
    Unknown { label: String },
    /// A column appears twice, perhaps once under its 2016 alias; `first` is the
    /// label of its first appearance.
    #[error("column \"{label}\" is given twice (also as \"{first}\")")]
    Duplicate { label: String, first: String },
    /// `Email` or `DisplayName` has no column.
    #[error("required column \"{column}\" is missing")]
    Missing { column: &'static str },
}

/// Reads a bulk-invitation file: one [`RowOutcome`] per data row, in file order, or an
/// [`ImportError`] when the file as a whole cannot be used.
pub fn parse_invitations(reader: impl Read) -> Result<Vec<RowOutcome>, ImportError> {
    parse_invitation_file(reader).map(|file| file.rows)
}

/// Like [`parse_invitations`], and also says which separator the file used.
pub fn parse_invitation_file(reader: impl Read) -> Result<ImportedFile, ImportError> {
    let mut text = BufReader::new(Normalized::new(reader));
    let head = read_header_bytes(&mut text)?;
    let separator = detect_separator(&head);
    // The header bytes were consumed to find the separator; they are put back in front
    // of the rest so the CSV reader sees the file whole and counts its lines.
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator.as_byte())
        .from_reader(Cursor::new(head).chain(text));

    let mut record = csv::ByteRecord::new();
    let layout = loop {
        let Some(line) = next_record(&mut csv, &mut record)? else {
            return Err(ImportError::Empty);
        };
        let cells = utf8_cells(&record, line)?;
        if !is_blank(&cells) {
            break Layout::from_header(&cells, line)?;
        }
    };

    let mut rows = Vec::new();
    let mut first_lines = HashMap::new();
    let mut count = 0usize;
    while let Some(line) = next_record(&mut csv, &mut record)? {
        let cells = utf8_cells(&record, line)?;
        // Excel writes a row of separators for every formatted but empty row.
        if is_blank(&cells) {
            continue;
        }
        count += 1;
        if count > MAX_ROWS {
            // Past the limit only the count matters, for the message: the outcomes
            // gathered so far are dropped so a huge file costs no more memory.
            if count == MAX_ROWS + 1 {
                rows = Vec::new();
                first_lines = HashMap::new();
            }
            continue;
        }
        rows.push(layout.check_row(line, &cells, &mut first_lines));
    }
    if count > MAX_ROWS {
        return Err(ImportError::TooManyRows { rows: count });
    }
    Ok(ImportedFile { separator, rows })
}

/// The column labels the parser knows, for messages.
const KNOWN_LABELS: &str = "Email, DisplayName, InvitationText, InvitedToApplications \
     (or InviteAppResources), InvitedToGroups (or InviteGroupResources), \
     InviteRedirectURL, CcEmailAddress, Language, InviteAppID, InviteContactUsUrl, Sponsors";

/// The columns of the format, whatever label names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Email,
    DisplayName,
    InvitationText,
    Applications,
    Groups,
    RedirectUrl,
    CcEmail,
    Language,
    BrandingApp,
    ContactUrl,
    Sponsors,
}

const COLUMN_COUNT: usize = 11;

/// Every accepted label, with the 2016 preview's aliases, spelled as documented.
const LABELS: [(&str, Column); 13] = [
    ("Email", Column::Email),
    ("DisplayName", Column::DisplayName),
    ("InvitationText", Column::InvitationText),
    ("InvitedToApplications", Column::Applications),
    ("InviteAppResources", Column::Applications),
    ("InvitedToGroups", Column::Groups),
    ("InviteGroupResources", Column::Groups),
    ("InviteRedirectURL", Column::RedirectUrl),
    ("CcEmailAddress", Column::CcEmail),
    ("Language", Column::Language),
    ("InviteAppID", Column::BrandingApp),
    ("InviteContactUsUrl", Column::ContactUrl),
    ("Sponsors", Column::Sponsors),
];

/// Where the header put each column, and the label it used (messages repeat the
/// admin's own label, alias or not).
struct Layout {
    position: [Option<usize>; COLUMN_COUNT],
    label: [&'static str; COLUMN_COUNT],
    /// The number of cells in the header; every row must have as many.
    width: usize,
    /// Columns whose header cell is empty: tolerated, as Excel writes them for
    /// formatted columns, as long as no row puts a value in them.
    unlabeled: Vec<usize>,
}

impl Layout {
    fn from_header(cells: &[&str], line: u64) -> Result<Layout, ImportError> {
        let mut layout = Layout {
            position: [None; COLUMN_COUNT],
            label: [""; COLUMN_COUNT],
            width: cells.len(),
            unlabeled: Vec::new(),
        };
        let mut problems = Vec::new();
        for (index, cell) in cells.iter().enumerate() {
            let label = cell.trim();
            if label.is_empty() {
                layout.unlabeled.push(index);
                continue;
            }
            let Some(&(spelling, column)) = LABELS
                .iter()
                .find(|(known, _)| known.eq_ignore_ascii_case(label))
            else {
                problems.push(HeaderProblem::Unknown {
                    label: label.to_owned(),
                });
                continue;
            };
            let slot = column as usize;
            if layout.position[slot].is_some() {
                problems.push(HeaderProblem::Duplicate {
                    label: label.to_owned(),
                    first: layout.label[slot].to_owned(),
                });
                continue;
            }
            layout.position[slot] = Some(index);
            layout.label[slot] = spelling;
        }
        for (required, name) in [
            (Column::Email, "Email"),
            (Column::DisplayName, "DisplayName"),
        ] {
            if layout.position[required as usize].is_none() {
                problems.push(HeaderProblem::Missing { column: name });
            }
        }
        if problems.is_empty() {
            Ok(layout)
        } else {
            Err(ImportError::Header { line, problems })
        }
    }

    /// The trimmed cell of `column`, empty when the file has no such column.
    fn cell<'a>(&self, cells: &[&'a str], column: Column) -> &'a str {
        self.position[column as usize]
            .and_then(|index| cells.get(index))
            .map_or("", |cell| cell.trim())
    }

    fn label(&self, column: Column) -> &'static str {
        self.label[column as usize]
    }

    /// Checks one data row. `first_lines` maps each valid address seen so far (lower
    /// case) to the line that first invited it.
    fn check_row(
        &self,
        line: u64,
        cells: &[&str],
        first_lines: &mut HashMap<String, u64>,
    ) -> RowOutcome {
        let email_cell = self.cell(cells, Column::Email);
        let display_name = self.cell(cells, Column::DisplayName);
        let language_cell = self.cell(cells, Column::Language);
        let mut references = References::default();
        let outcome = |result, references| RowOutcome {
            line,
            email: email_cell.to_owned(),
            display_name: display_name.to_owned(),
            language: language_cell.to_owned(),
            references,
            result,
        };
        if cells.len() != self.width {
            // With cells missing or shifted (an unquoted separator inside a name is
            // the usual cause) every other finding would blame the wrong column, so
            // this is the only one reported.
            return outcome(
                Err(vec![RowError::new(
                    code::WRONG_COLUMN_COUNT,
                    format!(
                        "this row has {} cells but the header has {} columns; a cell that \
                     contains the separator must be in double quotes",
                        cells.len(),
                        self.width
                    ),
                )]),
                references,
            );
        }

        let mut errors = Vec::new();
        for &index in &self.unlabeled {
            if cells.get(index).is_some_and(|cell| !cell.trim().is_empty()) {
                errors.push(RowError::new(
                    code::UNLABELED_CELL,
                    format!(
                        "column {} has no label in the header, but this row has a value \
                         there",
                        index + 1
                    ),
                ));
            }
        }

        let email = check_email(
            self.label(Column::Email),
            email_cell,
            code::INVALID_EMAIL,
            &mut errors,
        );
        if let Some(email) = &email {
            match first_lines.entry(email.to_lowercase()) {
                Entry::Occupied(first) => errors.push(RowError::new(
                    code::DUPLICATE,
                    format!(
                        "{email} is already invited on line {}; each address may appear \
                         once",
                        first.get()
                    ),
                )),
                Entry::Vacant(slot) => {
                    slot.insert(line);
                }
            }
        }

        if display_name.is_empty() {
            errors.push(RowError::new(
                code::MISSING_DISPLAY_NAME,
                format!("{} is empty", self.label(Column::DisplayName)),
            ));
        } else {
            check_length(
                self.label(Column::DisplayName),
                display_name,
                MAX_DISPLAY_NAME_LEN,
                &mut errors,
            );
        }

        let text = self.cell(cells, Column::InvitationText);
        check_length(
            self.label(Column::InvitationText),
            text,
            MAX_INVITATION_TEXT_LEN,
            &mut errors,
        );

        references.applications = check_references(
            self.label(Column::Applications),
            self.cell(cells, Column::Applications),
            &mut errors,
        );
        references.groups = check_references(
            self.label(Column::Groups),
            self.cell(cells, Column::Groups),
            &mut errors,
        );
        references.branding_app = self.check_branding_app(cells, &mut errors);
        let application_ids = ids_of(&references.applications);
        let group_ids = ids_of(&references.groups);
        let branding_app_id = match references.branding_app {
            Some(Reference::Id(id)) => Some(id),
            _ => None,
        };
        let redirect_url = check_url(
            self.label(Column::RedirectUrl),
            self.cell(cells, Column::RedirectUrl),
            &mut errors,
        );
        let contact_url = check_url(
            self.label(Column::ContactUrl),
            self.cell(cells, Column::ContactUrl),
            &mut errors,
        );
        let cc_cell = self.cell(cells, Column::CcEmail);
        let cc_email = if cc_cell.is_empty() {
            None
        } else {
            check_email(
                self.label(Column::CcEmail),
                cc_cell,
                code::INVALID_CC_EMAIL,
                &mut errors,
            )
        };
        let language = self.check_language(cells, &mut errors);
        let sponsors = check_sponsors(
            self.label(Column::Sponsors),
            self.cell(cells, Column::Sponsors),
            &mut errors,
        );

        match email {
            Some(email) if errors.is_empty() => outcome(
                Ok(InvitationRow {
                    email,
                    display_name: display_name.to_owned(),
                    invitation_text: (!text.is_empty()).then(|| text.to_owned()),
                    application_ids,
                    group_ids,
                    redirect_url,
                    cc_email,
                    language,
                    language_as_sent: None,
                    branding_app_id,
                    contact_url,
                    sponsors,
                    access_ends_at: None,
                }),
                references,
            ),
            _ => outcome(Err(errors), references),
        }
    }

    fn check_branding_app(&self, cells: &[&str], errors: &mut Vec<RowError>) -> Option<Reference> {
        let label = self.label(Column::BrandingApp);
        let cell = self.cell(cells, Column::BrandingApp);
        if !check_length(label, cell, MAX_DISPLAY_NAME_LEN, errors) {
            return None;
        }
        let mut named = references(cell);
        if named.len() > 1 {
            errors.push(RowError::new(
                code::INVALID_ID,
                format!(
                    "{label} names the one application whose branding the email uses, \
                     but this cell has {} ids",
                    named.len()
                ),
            ));
            return None;
        }
        named.pop()
    }

    fn check_language(&self, cells: &[&str], errors: &mut Vec<RowError>) -> Language {
        let cell = self.cell(cells, Column::Language);
        if cell.is_empty() {
            return Language::default();
        }
        Language::from_tag(cell).unwrap_or_else(|| {
            let supported: Vec<&str> = Language::ALL.iter().map(|l| l.as_str()).collect();
            errors.push(RowError::of_field(
                code::UNSUPPORTED_LANGUAGE,
                format!(
                    "{} \"{}\" is not supported; use one of {}, or leave it empty for en",
                    self.label(Column::Language),
                    shown(cell),
                    supported.join(", ")
                ),
                self.label(Column::Language),
                Fault::UnsupportedLanguage,
            ));
            Language::default()
        })
    }
}

/// The fields of one invitation made through the API rather than a file.
#[derive(Clone, Debug, Default)]
pub struct SingleInvitation<'a> {
    pub email: &'a str,
    /// Empty when none was given: the guest is then named by its principal name until
    /// redemption, and by its sign-in name after.
    pub display_name: &'a str,
    pub invitation_text: &'a str,
    pub redirect_url: &'a str,
    pub cc_email: &'a str,
    pub language: &'a str,
    pub contact_url: &'a str,
}

/// Checks an invitation made through the API by the same rules as a file's row; the
/// labels in messages are the API's field names.
pub fn check_single(fields: &SingleInvitation<'_>) -> Result<InvitationRow, Vec<RowError>> {
    let mut errors = Vec::new();
    let email = check_email(
        "invitedUserEmailAddress",
        fields.email.trim(),
        code::INVALID_EMAIL,
        &mut errors,
    );
    let display_name = fields.display_name.trim();
    check_length(
        "invitedUserDisplayName",
        display_name,
        MAX_DISPLAY_NAME_LEN,
        &mut errors,
    );
    let text = fields.invitation_text.trim();
    check_length(
        "customizedMessageBody",
        text,
        MAX_INVITATION_TEXT_LEN,
        &mut errors,
    );
    let redirect_url = check_url("inviteRedirectUrl", fields.redirect_url.trim(), &mut errors);
    let contact_url = check_url("contactUrl", fields.contact_url.trim(), &mut errors);
    let cc = fields.cc_email.trim();
    let cc_email = if cc.is_empty() {
        None
    } else {
        check_email("ccRecipients", cc, code::INVALID_CC_EMAIL, &mut errors)
    };
    let language = match fields.language.trim() {
        "" => Language::default(),
        tag => Language::from_locale(tag).unwrap_or_else(|| {
            errors.push(RowError::of_field(
                code::UNSUPPORTED_LANGUAGE,
                format!("messageLanguage \"{}\" is not supported", shown(tag)),
                "messageLanguage",
                Fault::UnsupportedLanguage,
            ));
            Language::default()
        }),
    };
    match email {
        Some(email) if errors.is_empty() => Ok(InvitationRow {
            email,
            display_name: display_name.to_owned(),
            invitation_text: (!text.is_empty()).then(|| text.to_owned()),
            application_ids: Vec::new(),
            group_ids: Vec::new(),
            redirect_url,
            cc_email,
            language,
            language_as_sent: Some(fields.language.trim().to_owned()).filter(|t| !t.is_empty()),
            branding_app_id: None,
            contact_url,
            sponsors: Vec::new(),
            access_ends_at: None,
        }),
        _ => Err(errors),
    }
}

impl RowError {
    pub fn new(code: &'static str, message: String) -> RowError {
        RowError {
            code,
            message,
            field: None,
        }
    }

    /// A problem of the one column `column`: the same code and message as
    /// [`RowError::new`], plus which field is at fault and how.
    pub fn of_field(code: &'static str, message: String, column: &str, fault: Fault) -> RowError {
        RowError {
            field: Some(FieldProblem {
                column: column.to_owned(),
                fault,
            }),
            ..RowError::new(code, message)
        }
    }
}

/// Checks an address cell; returns it in canonical form ([`crate::address`]) when it is
/// usable. Only the domain is folded: the local part belongs to the receiving server,
/// which may tell case apart.
fn check_email(
    label: &str,
    cell: &str,
    invalid_code: &'static str,
    errors: &mut Vec<RowError>,
) -> Option<String> {
    if cell.is_empty() {
        errors.push(RowError::of_field(
            invalid_code,
            format!("{label} is empty"),
            label,
            Fault::Empty,
        ));
        return None;
    }
    let mut usable = check_length(label, cell, MAX_EMAIL_LEN, errors);
    if !crate::address::is_address(cell) {
        errors.push(RowError::of_field(
            invalid_code,
            format!("{label} \"{}\" is not a valid email address", shown(cell)),
            label,
            Fault::NotAnEmail,
        ));
        usable = false;
    }
    usable.then(|| crate::address::canonical(cell)).flatten()
}

/// Reports a cell longer than `max` characters; true when the length is fine.
fn check_length(label: &str, cell: &str, max: usize, errors: &mut Vec<RowError>) -> bool {
    let length = cell.chars().count();
    if length <= max {
        return true;
    }
    errors.push(RowError::of_field(
        code::TOO_LONG,
        format!("{label} is {length} characters long; the limit is {max}"),
        label,
        Fault::TooLong { length, max },
    ));
    false
}

/// Reads an application or group cell within its length limit ([`references`]).
fn check_references(label: &str, cell: &str, errors: &mut Vec<RowError>) -> Vec<Reference> {
    if !check_length(label, cell, MAX_REFERENCES_LEN, errors) {
        return Vec::new();
    }
    references(cell)
}

/// What an application or group cell names, in order, each once.
///
/// A cell holding `;` or a line break is a list of ids or names separated by them
/// (names may contain spaces and commas, never a `;`); otherwise a cell whose every
/// space-separated word is a UUID is a list of ids, as the 2016 format wrote them, and
/// any other cell is one name. Values that are UUIDs are ids; the rest are names.
/// Which object a name means is the preview's question.
pub fn references(cell: &str) -> Vec<Reference> {
    let reference = |value: &str| match Uuid::parse_str(value) {
        Ok(id) => Reference::Id(id),
        Err(_) => Reference::Name(value.to_owned()),
    };
    let values: Vec<Reference> = if cell.contains([';', '\n']) {
        cell.split([';', '\n'])
            .map(str::trim)
            .filter(|value| !value.is_empty())
            .map(reference)
            .collect()
    } else if cell
        .split_whitespace()
        .all(|word| Uuid::parse_str(word).is_ok())
    {
        cell.split_whitespace().map(reference).collect()
    } else {
        vec![Reference::Name(cell.trim().to_owned())]
    };
    let mut unique: Vec<Reference> = Vec::with_capacity(values.len());
    for value in values {
        // A repeat would only make the use case grant the same thing twice.
        let seen = unique.iter().any(|known| match (known, &value) {
            (Reference::Id(a), Reference::Id(b)) => a == b,
            (Reference::Name(a), Reference::Name(b)) => a.to_lowercase() == b.to_lowercase(),
            _ => false,
        });
        if !seen {
            unique.push(value);
        }
    }
    unique
}

/// Reads a `Sponsors` cell: ids and addresses separated by `;`, `,`, spaces or line
/// breaks, each kept once in the order written.
fn check_sponsors(label: &str, cell: &str, errors: &mut Vec<RowError>) -> Vec<SponsorRef> {
    if !check_length(label, cell, MAX_SPONSORS_LEN, errors) {
        return Vec::new();
    }
    let mut sponsors: Vec<SponsorRef> = Vec::new();
    for value in cell
        .split(|c: char| c == ';' || c == ',' || c.is_whitespace())
        .filter(|value| !value.is_empty())
    {
        let sponsor = if let Ok(id) = Uuid::parse_str(value) {
            SponsorRef::Id(id)
        } else if let Some(address) = crate::address::canonical(value) {
            SponsorRef::Address(address)
        } else {
            errors.push(RowError::new(
                code::INVALID_SPONSOR,
                format!(
                    "{label} \"{}\" is neither an id nor an email address; name each \
                     sponsor by its object id or its address, separated by ;",
                    shown(value)
                ),
            ));
            continue;
        };
        if !sponsors.contains(&sponsor) {
            sponsors.push(sponsor);
        }
    }
    sponsors
}

/// The ids among `references`.
fn ids_of(references: &[Reference]) -> Vec<Uuid> {
    references
        .iter()
        .filter_map(|r| match r {
            Reference::Id(id) => Some(*id),
            Reference::Name(_) => None,
        })
        .collect()
}

/// Checks a URL cell; an empty cell means no URL.
fn check_url(label: &str, cell: &str, errors: &mut Vec<RowError>) -> Option<String> {
    if cell.is_empty() || !check_length(label, cell, MAX_URL_LEN, errors) {
        return None;
    }
    match Url::parse(cell) {
        // The parsed form is kept, not the cell: what is stored and later used for a
        // redirect is then exactly what was checked.
        Ok(url) if is_acceptable_url(&url) => Some(url.into()),
        _ => {
            errors.push(RowError::of_field(
                code::INVALID_URL,
                format!(
                    "{label} \"{}\" is not an absolute https URL without user name or \
                     password (http only for localhost, 127.0.0.1 and [::1])",
                    shown(cell)
                ),
                label,
                Fault::NotAnHttpsUrl,
            ));
            None
        }
    }
}

/// https anywhere; plain http only on the admin's own machine, where development
/// servers run without certificates. A user name or password in the URL is refused:
/// `https://contoso.com@evil.example` reads as Contoso but goes elsewhere.
pub(crate) fn is_acceptable_url(url: &Url) -> bool {
    if !url.username().is_empty() || url.password().is_some() {
        return false;
    }
    match (url.scheme(), url.host()) {
        ("https", Some(_)) => true,
        ("http", Some(Host::Domain(domain))) => domain == "localhost",
        ("http", Some(Host::Ipv4(ip))) => ip == Ipv4Addr::LOCALHOST,
        ("http", Some(Host::Ipv6(ip))) => ip == Ipv6Addr::LOCALHOST,
        _ => false,
    }
}

/// A cell's value as quoted in a message, cut short so one huge cell cannot flood the
/// preview.
fn shown(value: &str) -> String {
    const LIMIT: usize = 80;
    if value.chars().count() <= LIMIT {
        value.to_owned()
    } else {
        let start: String = value.chars().take(LIMIT).collect();
        format!("{start}…")
    }
}

fn join_problems(problems: &[HeaderProblem]) -> String {
    let texts: Vec<String> = problems.iter().map(ToString::to_string).collect();
    texts.join("; ")
}

/// `2001` as `2,001`, as the limit is written.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Reads the next record and the line it starts on, or `None` at the end.
///
/// The CSV reader records a record's position before skipping the blank lines above
/// it, so that line can be too early. The reader's position after the record is
/// exact, since every record ends with one `\n` (see [`Normalized`]); going back over
/// that `\n` and those inside the record's quoted cells gives its first line. The one
/// record not ended by a `\n` is a last one whose quote is never closed (the final
/// `\n` then lies inside the cell); taking the later of the two positions makes that
/// one exact too unless blank lines stand above it, where it is one line early.
fn next_record<R: Read>(
    csv: &mut csv::Reader<R>,
    record: &mut csv::ByteRecord,
) -> Result<Option<u64>, ImportError> {
    match csv.read_byte_record(record) {
        Ok(false) => Ok(None),
        Ok(true) => {
            let breaks = record.as_slice().iter().filter(|&&b| b == b'\n').count() as u64;
            let after = csv.position().line().saturating_sub(1 + breaks);
            let before = record.position().map_or(1, csv::Position::line);
            Ok(Some(after.max(before)))
        }
        Err(error) => Err(ImportError::Read(error.to_string())),
    }
}

fn is_blank(cells: &[&str]) -> bool {
    cells.iter().all(|cell| cell.trim().is_empty())
}

/// The cells of a record as text, or the whole-file UTF-8 error naming its line.
fn utf8_cells(record: &csv::ByteRecord, line: u64) -> Result<Vec<&str>, ImportError> {
    record
        .iter()
        .map(|cell| std::str::from_utf8(cell).map_err(|_| ImportError::NotUtf8 { line }))
        .collect()
}

/// Reads up to the end of the header row: any blank rows before it, then lines until
/// one ends outside quotes. The separator is decided from these bytes alone, so the
/// rest of the file is read only once, by the CSV reader.
fn read_header_bytes(text: &mut impl BufRead) -> Result<Vec<u8>, ImportError> {
    let mut head = Vec::new();
    let mut quoted = false;
    let mut seen_content = false;
    loop {
        let start = head.len();
        let read = text
            .read_until(b'\n', &mut head)
            .map_err(|error| ImportError::Read(error.to_string()))?;
        if read == 0 {
            return Ok(head);
        }
        for &byte in &head[start..] {
            match byte {
                b'"' => quoted = !quoted,
                // The CSV reader skips a row of nothing but empty cells before the
                // header just as it skips one among the data rows.
                b',' | b';' => {}
                _ if byte.is_ascii_whitespace() => {}
                _ => seen_content = true,
            }
        }
        if seen_content && !quoted {
            return Ok(head);
        }
    }
}

/// Picks the separator used more often outside quotes in the header row; labels never
/// contain either, so the count is unambiguous for any usable header. A header with
/// neither (a single column) is read with commas, which then reports what is missing.
fn detect_separator(header: &[u8]) -> Separator {
    let (mut commas, mut semicolons, mut quoted) = (0usize, 0usize, false);
    for &byte in header {
        match byte {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas {
        Separator::Semicolon
    } else {
        Separator::Comma
    }
}

/// The file's bytes as the CSV reader should see them: without a leading UTF-8
/// byte-order mark, with every CRLF and lone CR turned into LF, and ending with LF.
///
/// One kind of line end makes line counting exact: with CRLF the CSV reader ends a
/// record at the CR and only counts its LF when it reads the next record. The final
/// LF does the same for a last row written without one. Line breaks inside quoted
/// cells become `\n` too, which is what an email body wants.
struct Normalized<R> {
    inner: R,
    /// The file's first bytes, read ahead to look for a byte-order mark; `None` until
    /// the first read.
    start: Option<Cursor<Vec<u8>>>,
    after_cr: bool,
    /// Whether the last byte handed out was `\n` (or nothing was handed out yet).
    ended_line: bool,
    done: bool,
}

impl<R: Read> Normalized<R> {
    fn new(inner: R) -> Normalized<R> {
        Normalized {
            inner,
            start: None,
            after_cr: false,
            ended_line: true,
            done: false,
        }
    }

    /// The next raw bytes of the file, less its byte-order mark.
    fn read_raw(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.start.is_none() {
            // Three bytes are gathered first so that a mark split over two reads of
            // the underlying reader is still recognized.
            let mut start = Vec::with_capacity(3);
            (&mut self.inner).take(3).read_to_end(&mut start)?;
            if start == [0xEF, 0xBB, 0xBF] {
                start.clear();
            }
            self.start = Some(Cursor::new(start));
        }
        if let Some(start) = &mut self.start {
            let n = start.read(buf)?;
            if n > 0 {
                return Ok(n);
            }
        }
        self.inner.read(buf)
    }
}

impl<R: Read> Read for Normalized<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() || self.done {
            return Ok(0);
        }
        loop {
            let n = self.read_raw(buf)?;
            if n == 0 {
                self.done = true;
                if self.ended_line {
                    return Ok(0);
                }
                self.ended_line = true;
                buf[0] = b'\n';
                return Ok(1);
            }
            // Rewritten in place: the output is never longer than the input.
            let mut out = 0;
            for index in 0..n {
                let byte = buf[index];
                let after_cr = std::mem::replace(&mut self.after_cr, byte == b'\r');
                if byte == b'\n' && after_cr {
                    continue;
                }
                buf[out] = if byte == b'\r' { b'\n' } else { byte };
                out += 1;
            }
            if out > 0 {
                self.ended_line = buf[out - 1] == b'\n';
                return Ok(out);
            }
            // The chunk was a single LF completing a CRLF; read on rather than return
            // 0, which would mean the end of the file.
        }
    }
}

#[cfg(test)]
mod tests;
