//! SCIM 2.0 filters (RFC 7644 section 3.4.2.2) and PATCH paths (section 3.5.2).
//!
//! [`parse_filter`] and [`parse_path`] turn a client's text into an [`Expr`] tree or a
//! [`PatchPath`]; [`matches()`] evaluates a filter on JSON, which is how a PATCH picks the
//! elements of a multi-valued attribute (`emails[type eq "work"]`,
//! `members[value eq "..."]`).
//!
//! The parser is a recursive descent over the characters of the input. Its recursion
//! only grows with parentheses, `not (...)` and `[...]`, which are capped at
//! 20 levels (`and`/`or` chains are loops), so hostile input cannot overflow
//! the stack; the length of the input and the number of comparisons are capped too.
//! Positions in error messages are 0-based character offsets.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

use serde_json::{Map, Number, Value};

/// The longest filter or path accepted, in characters.
const MAX_CHARS: usize = 1000;
/// The most attribute expressions (comparisons and `pr`) in one filter.
const MAX_COMPARISONS: usize = 50;
/// The deepest nesting of parentheses, `not (...)` and `[...]`.
const MAX_DEPTH: usize = 20;

/// An attribute path: optional schema URN, attribute name, optional sub-attribute.
///
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value` has
/// uri = Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"),
/// name = "manager", sub = Some("value"). Names keep the case as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttrPath {
    pub uri: Option<String>,
    pub name: String,
    pub sub: Option<String>,
}

impl AttrPath {
    /// The name whose schema says whether it is case-exact: the sub-attribute when
    /// there is one, else the attribute.
    fn last_segment(&self) -> &str {
        self.sub.as_deref().unwrap_or(&self.name)
    }
}

/// A comparison operator of RFC 7644 table 3 (`pr` is [`Expr::Present`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    Eq,
    Ne,
    Co,
    Sw,
    Ew,
    Gt,
    Ge,
    Lt,
    Le,
}

impl CompareOp {
    /// The operator a word names, in any case (`eq`, `EQ`, `Eq`).
    fn from_word(word: &str) -> Option<Self> {
        const OPS: [(&str, CompareOp); 9] = [
            ("eq", CompareOp::Eq),
            ("ne", CompareOp::Ne),
            ("co", CompareOp::Co),
            ("sw", CompareOp::Sw),
            ("ew", CompareOp::Ew),
            ("gt", CompareOp::Gt),
            ("ge", CompareOp::Ge),
            ("lt", CompareOp::Lt),
            ("le", CompareOp::Le),
        ];
        OPS.iter()
            .find(|(text, _)| word.eq_ignore_ascii_case(text))
            .map(|&(_, op)| op)
    }
}

/// The literal on the right of a comparison (RFC 7644 `compValue`).
#[derive(Clone, Debug, PartialEq)]
pub enum CompValue {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    Str(String),
}

/// A parsed filter.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// `title pr`.
    Present(AttrPath),
    /// `userName eq "bjensen"`.
    Compare(AttrPath, CompareOp, CompValue),
    /// `emails[type eq "work" and value co "@x"]`: the attribute, and the filter on its values
    /// (paths inside the brackets are relative: their `name` is the sub-attribute).
    ValuePath(AttrPath, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
}

/// Why a filter or path does not parse: a message safe to show a client, naming the
/// position (0-based char offset) and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
}

impl ParseError {
    /// `"{what} at {pos}"`, the shape of every positioned message.
    fn at(what: impl fmt::Display, pos: usize) -> Self {
        ParseError {
            message: format!("{what} at {pos}"),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parses a whole filter. Limits: at most 1,000 characters and 50 comparisons; deeper
/// nesting than 20 is refused (no stack overflow on hostile input).
pub fn parse_filter(text: &str) -> Result<Expr, ParseError> {
    let mut parser = Parser::new(text, "filter")?;
    parser.skip_ws();
    if parser.at_end() {
        return Err(ParseError::at("expected a filter", parser.pos));
    }
    let expr = parser.parse_or(false)?;
    parser.skip_ws();
    if !parser.at_end() {
        return Err(parser.unexpected());
    }
    Ok(expr)
}

/// A PATCH path (RFC 7644 3.5.2 `PATH = attrPath / valuePath [subAttr]`).
#[derive(Clone, Debug, PartialEq)]
pub struct PatchPath {
    /// The attribute; its `sub` is None when the path has a value filter.
    pub attr: AttrPath,
    /// The `[...]` value filter.
    pub filter: Option<Expr>,
    /// The `.subAttr` after `]`, e.g. `emails[type eq "work"].value`.
    pub sub: Option<String>,
}

/// Parses a PATCH path. For a path without brackets, `name.sub` goes to `attr.sub`
/// (e.g. `name.givenName`) and [`PatchPath::sub`] is None.
///
/// A bare schema URN (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`,
/// the whole extension) gives `attr.uri` = the URN and an empty `attr.name`. Which
/// `urn:` paths are bare cannot be told from the grammar alone (the URN and the
/// attribute are both separated by colons), so a path is taken as a bare URN when its
/// second-to-last colon-separated segment is a version such as `2.0`, as in every
/// schema URN of RFC 7643; `...:2.0:User:manager` is the attribute `manager`.
pub fn parse_path(text: &str) -> Result<PatchPath, ParseError> {
    let mut parser = Parser::new(text, "path")?;
    parser.skip_ws();
    if parser.at_end() {
        return Err(ParseError::at("expected a path", parser.pos));
    }
    let start = parser.pos;
    let word = parser.read_word();
    if word.is_empty() {
        return Err(ParseError::at("expected an attribute name", start));
    }
    let attr = split_attr_path(&word, start, true)?;
    let mut filter = None;
    let mut sub = None;
    // A bare URN takes no filter: `[` after it falls to "unexpected" below.
    if !attr.name.is_empty() && parser.peek() == Some('[') {
        if attr.sub.is_some() {
            return Err(ParseError::at(
                "unexpected \"[\" after a sub-attribute",
                parser.pos,
            ));
        }
        filter = Some(parser.parse_brackets()?);
        if parser.peek() == Some('.') {
            parser.pos += 1;
            let sub_start = parser.pos;
            let name = parser.read_word();
            check_name(&name, sub_start, "a sub-attribute name")?;
            sub = Some(name);
        }
    }
    parser.skip_ws();
    if !parser.at_end() {
        return Err(parser.unexpected());
    }
    Ok(PatchPath { attr, filter, sub })
}

/// Whether `value` (one element of a multi-valued attribute, usually a JSON object,
/// or for a filter at the top level a whole resource object) matches `expr`.
///
/// Attribute names compare case-insensitively (RFC 7643 2.1). String comparisons are
/// case-insensitive unless `case_exact(name)` says the attribute (the AttrPath's
/// `name`, or `sub` when present) is case-exact. `pr` is true for a value that is
/// present and not null, not an empty string, not an empty array/object. Booleans
/// compare with `eq`/`ne`; numbers with all ordering operators; strings with all
/// operators (gt/ge/lt/le lexicographic; for case-insensitive attributes on the
/// lowercased text). A comparison on a multi-valued attribute (an array) is true if
/// any element matches. `ValuePath` applies the inner filter to each element of the
/// array (or to the object itself if not an array).
///
/// Also:
/// - A path with a schema URN looks under that URN's key when `value` has one (an
///   extension's attributes), else at the top level (the core schema's attributes).
/// - A complex value compared without a sub-attribute stands for its `value`
///   sub-attribute, so RFC 7644's example `emails co "example.com"` works.
/// - A missing or null attribute is `eq null`; it is `ne` any other literal (it is
///   not equal to it) and fails every other operator. Otherwise `ne` is true if some
///   element is not equal to the literal, including an element of another JSON type.
pub fn matches(expr: &Expr, value: &Value, case_exact: &dyn Fn(&str) -> bool) -> bool {
    match expr {
        Expr::Present(path) => resolve(value, path).into_iter().any(is_present),
        Expr::Compare(path, op, literal) => {
            let candidates = comparable_values(resolve(value, path));
            if candidates.is_empty() {
                return match (op, literal) {
                    (CompareOp::Eq, CompValue::Null) => true,
                    (CompareOp::Ne, CompValue::Null) => false,
                    (CompareOp::Ne, _) => true,
                    _ => false,
                };
            }
            let exact = case_exact(path.last_segment());
            candidates
                .into_iter()
                .any(|candidate| compare(candidate, *op, literal, exact))
        }
        Expr::ValuePath(path, inner) => resolve(value, path)
            .into_iter()
            .flat_map(|found| match found {
                Value::Array(items) => items.iter().collect::<Vec<_>>(),
                other => vec![other],
            })
            .any(|element| matches(inner, element, case_exact)),
        Expr::And(left, right) => {
            matches(left, value, case_exact) && matches(right, value, case_exact)
        }
        Expr::Or(left, right) => {
            matches(left, value, case_exact) || matches(right, value, case_exact)
        }
        Expr::Not(inner) => !matches(inner, value, case_exact),
    }
}

// ---------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------

/// The characters of attribute paths and of words (operators, `and`, `true`...):
/// ATTRNAME's, plus `$` for `$ref`, `.` for sub-attributes and `:` for schema URNs.
/// All ASCII, so byte offsets inside a word are character offsets.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '$')
}

/// The parser's state: the input as characters (positions are char offsets), where it
/// is, and the counters behind the limits.
struct Parser {
    chars: Vec<char>,
    pos: usize,
    depth: usize,
    comparisons: usize,
}

impl Parser {
    /// Refuses input over [`MAX_CHARS`] before looking at it further.
    fn new(text: &str, what: &str) -> Result<Self, ParseError> {
        if text.chars().count() > MAX_CHARS {
            return Err(ParseError {
                message: format!("{what} too long (at most {MAX_CHARS} characters)"),
            });
        }
        Ok(Parser {
            chars: text.chars().collect(),
            pos: 0,
            depth: 0,
            comparisons: 0,
        })
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    /// Skips spaces and tabs; whether there were any.
    fn skip_ws(&mut self) -> bool {
        let start = self.pos;
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.pos += 1;
        }
        self.pos > start
    }

    /// Where the word starting at `from` ends (`from` itself if there is none).
    fn word_end(&self, from: usize) -> usize {
        let mut end = from;
        while self.chars.get(end).copied().is_some_and(is_word_char) {
            end += 1;
        }
        end
    }

    fn word_at(&self, from: usize) -> String {
        let end = self.word_end(from);
        self.chars.get(from..end).unwrap_or(&[]).iter().collect()
    }

    fn read_word(&mut self) -> String {
        let word = self.word_at(self.pos);
        self.pos += word.len();
        word
    }

    /// Consumes the word `keyword` (any case) if it is the whole word at the position.
    fn eat_keyword(&mut self, keyword: &str) -> bool {
        let word = self.word_at(self.pos);
        if word.eq_ignore_ascii_case(keyword) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    /// `unexpected "x" at N` for what is at the position: the whole word if it is one
    /// (shortened), else the character, escaped so the message stays printable.
    fn unexpected(&self) -> ParseError {
        let Some(c) = self.peek() else {
            return ParseError::at("unexpected end", self.pos);
        };
        let shown: String = if is_word_char(c) {
            self.word_at(self.pos).chars().take(20).collect()
        } else {
            c.escape_debug().collect()
        };
        ParseError::at(format!("unexpected \"{shown}\""), self.pos)
    }

    /// Enters one level of nesting (opened at `at`), refusing more than [`MAX_DEPTH`].
    fn enter(&mut self, at: usize) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError::at(
                format!("nested too deeply (at most {MAX_DEPTH} levels)"),
                at,
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Counts one attribute expression (starting at `at`) against [`MAX_COMPARISONS`].
    fn count_comparison(&mut self, at: usize) -> Result<(), ParseError> {
        self.comparisons += 1;
        if self.comparisons > MAX_COMPARISONS {
            return Err(ParseError::at(
                format!("too many comparisons (at most {MAX_COMPARISONS})"),
                at,
            ));
        }
        Ok(())
    }

    /// `and_expr *("or" and_expr)`, left-associative. `in_brackets`: inside `[...]`,
    /// where another `[` is refused.
    fn parse_or(&mut self, in_brackets: bool) -> Result<Expr, ParseError> {
        let mut left = self.parse_and(in_brackets)?;
        loop {
            let before = self.pos;
            self.skip_ws();
            if !self.eat_keyword("or") {
                self.pos = before;
                return Ok(left);
            }
            let right = self.parse_and(in_brackets)?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
    }

    /// `unary *("and" unary)`, left-associative: `and` binds tighter than `or`.
    fn parse_and(&mut self, in_brackets: bool) -> Result<Expr, ParseError> {
        let mut left = self.parse_unary(in_brackets)?;
        loop {
            let before = self.pos;
            self.skip_ws();
            if !self.eat_keyword("and") {
                self.pos = before;
                return Ok(left);
            }
            let right = self.parse_unary(in_brackets)?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
    }

    /// `"not" "(" filter ")"`, `"(" filter ")"` or an attribute expression. `not` is
    /// always the operator (no SCIM schema has an attribute named `not`); whitespace
    /// between it and its `(` is tolerated.
    fn parse_unary(&mut self, in_brackets: bool) -> Result<Expr, ParseError> {
        self.skip_ws();
        let start = self.pos;
        match self.peek() {
            Some('(') => self.parse_group(in_brackets),
            Some(c) if is_word_char(c) => {
                if self.eat_keyword("not") {
                    self.skip_ws();
                    if self.peek() != Some('(') {
                        return Err(ParseError::at("expected \"(\" after \"not\"", self.pos));
                    }
                    // `not` and its parentheses are one level of nesting.
                    let inner = self.parse_group(in_brackets)?;
                    return Ok(Expr::Not(Box::new(inner)));
                }
                self.parse_attr_expr(in_brackets)
            }
            _ => Err(ParseError::at("expected an attribute name", start)),
        }
    }

    /// `"(" filter ")"`, at the `(`.
    fn parse_group(&mut self, in_brackets: bool) -> Result<Expr, ParseError> {
        self.enter(self.pos)?;
        self.pos += 1;
        let inner = self.parse_or(in_brackets)?;
        self.skip_ws();
        if self.peek() != Some(')') {
            return Err(ParseError::at("expected \")\"", self.pos));
        }
        self.pos += 1;
        self.leave();
        Ok(inner)
    }

    /// `"[" valFilter "]"`, at the `[`: the filter on the values of an attribute.
    fn parse_brackets(&mut self) -> Result<Expr, ParseError> {
        self.enter(self.pos)?;
        self.pos += 1;
        let inner = self.parse_or(true)?;
        self.skip_ws();
        if self.peek() != Some(']') {
            return Err(ParseError::at("expected \"]\"", self.pos));
        }
        self.pos += 1;
        self.leave();
        Ok(inner)
    }

    /// `attrPath "pr"`, `attrPath compareOp compValue` or `attrPath "[" valFilter "]"`.
    fn parse_attr_expr(&mut self, in_brackets: bool) -> Result<Expr, ParseError> {
        let start = self.pos;
        let word = self.read_word();
        let path = split_attr_path(&word, start, false)?;

        if self.peek() == Some('[') {
            if in_brackets {
                return Err(ParseError::at(
                    "nested value filters are not allowed",
                    self.pos,
                ));
            }
            if path.sub.is_some() {
                return Err(ParseError::at(
                    "unexpected \"[\" after a sub-attribute",
                    self.pos,
                ));
            }
            let inner = self.parse_brackets()?;
            // `emails[type eq "work"].value eq "x"` is no filter in RFC 7644's grammar
            // (figure 1 has it in PATCH paths only), but Entra ID sends it when a
            // mapping matches on the work address: it is read as
            // `emails[type eq "work" and value eq "x"]`, which means the same.
            if self.peek() == Some('.') {
                self.pos += 1;
                let sub_start = self.pos;
                let sub = self.read_word();
                check_name(&sub, sub_start, "sub-attribute")?;
                let relative = AttrPath {
                    uri: None,
                    name: sub,
                    sub: None,
                };
                let compared = self.parse_comparison(start, relative)?;
                return Ok(Expr::ValuePath(
                    path,
                    Box::new(Expr::And(Box::new(inner), Box::new(compared))),
                ));
            }
            return Ok(Expr::ValuePath(path, Box::new(inner)));
        }
        self.parse_comparison(start, path)
    }

    /// The operator and value after an attribute path (`eq "x"`, `pr`).
    fn parse_comparison(&mut self, start: usize, path: AttrPath) -> Result<Expr, ParseError> {
        if !self.skip_ws() {
            return Err(ParseError::at("expected a comparison operator", self.pos));
        }
        let op_start = self.pos;
        let op_word = self.read_word();
        if op_word.eq_ignore_ascii_case("pr") {
            self.count_comparison(start)?;
            self.refuse_value_after_pr()?;
            return Ok(Expr::Present(path));
        }
        let Some(op) = CompareOp::from_word(&op_word) else {
            return Err(ParseError::at("expected a comparison operator", op_start));
        };
        if !self.skip_ws() {
            return Err(match self.peek() {
                None | Some(')' | ']') => ParseError::at("expected a value", self.pos),
                Some(_) => ParseError::at("expected a space after the operator", self.pos),
            });
        }
        let value = self.parse_value()?;
        self.count_comparison(start)?;
        Ok(Expr::Compare(path, op, value))
    }

    /// Gives `title pr "x"` a clearer message than "unexpected" (the position is left
    /// unchanged).
    fn refuse_value_after_pr(&mut self) -> Result<(), ParseError> {
        let before = self.pos;
        self.skip_ws();
        let at = self.pos;
        let word = self.word_at(at);
        let is_value = matches!(self.peek(), Some('"' | '-' | '0'..='9'))
            || ["true", "false", "null"]
                .iter()
                .any(|literal| word.eq_ignore_ascii_case(literal));
        self.pos = before;
        if is_value {
            return Err(ParseError::at("\"pr\" takes no value", at));
        }
        Ok(())
    }

    /// A JSON literal: string, number, `true`, `false` or `null` (the last three in any
    /// case).
    fn parse_value(&mut self) -> Result<CompValue, ParseError> {
        let start = self.pos;
        match self.peek() {
            Some('"') => self.parse_string().map(CompValue::Str),
            Some('-' | '0'..='9') => self.parse_number().map(CompValue::Number),
            Some(c) if is_word_char(c) => {
                let word = self.read_word();
                if word.eq_ignore_ascii_case("true") {
                    Ok(CompValue::Bool(true))
                } else if word.eq_ignore_ascii_case("false") {
                    Ok(CompValue::Bool(false))
                } else if word.eq_ignore_ascii_case("null") {
                    Ok(CompValue::Null)
                } else {
                    Err(ParseError::at("expected a value", start))
                }
            }
            _ => Err(ParseError::at("expected a value", start)),
        }
    }

    /// A JSON string (RFC 8259 section 7), at its opening quote.
    fn parse_string(&mut self) -> Result<String, ParseError> {
        self.pos += 1;
        let mut text = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(ParseError::at("unterminated string", self.pos));
            };
            self.pos += 1;
            match c {
                '"' => return Ok(text),
                '\\' => text.push(self.parse_escape()?),
                c if c < ' ' => {
                    return Err(ParseError::at(
                        "control character in string",
                        self.pos.saturating_sub(1),
                    ));
                }
                c => text.push(c),
            }
        }
    }

    /// The character of an escape, just after its backslash.
    fn parse_escape(&mut self) -> Result<char, ParseError> {
        // Errors point at the backslash.
        let at = self.pos.saturating_sub(1);
        let Some(c) = self.peek() else {
            return Err(ParseError::at("unterminated string", self.pos));
        };
        self.pos += 1;
        Ok(match c {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => {
                let unit = self.parse_hex4()?;
                let code = match unit {
                    // A UTF-16 high surrogate: its low half must follow as `\uXXXX`.
                    0xD800..=0xDBFF => {
                        if self.peek() != Some('\\')
                            || self.chars.get(self.pos + 1).copied() != Some('u')
                        {
                            return Err(ParseError::at("unpaired surrogate in \\u escape", at));
                        }
                        self.pos += 2;
                        let low = self.parse_hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(ParseError::at("unpaired surrogate in \\u escape", at));
                        }
                        0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    0xDC00..=0xDFFF => {
                        return Err(ParseError::at("unpaired surrogate in \\u escape", at));
                    }
                    other => other,
                };
                char::from_u32(code).ok_or_else(|| ParseError::at("invalid \\u escape", at))?
            }
            _ => return Err(ParseError::at("invalid escape in string", at)),
        })
    }

    /// The four hex digits of a `\u` escape.
    fn parse_hex4(&mut self) -> Result<u32, ParseError> {
        let mut unit = 0;
        for _ in 0..4 {
            let digit = self.peek().and_then(|c| c.to_digit(16));
            let Some(digit) = digit else {
                return Err(ParseError::at("expected a hex digit", self.pos));
            };
            unit = unit * 16 + digit;
            self.pos += 1;
        }
        Ok(unit)
    }

    /// A JSON number (RFC 8259 section 6): `-? (0 | [1-9][0-9]*) (. [0-9]+)?
    /// ([eE] [+-]? [0-9]+)?`.
    fn parse_number(&mut self) -> Result<Number, ParseError> {
        let start = self.pos;
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        match self.peek() {
            Some('0') => self.pos += 1,
            Some('1'..='9') => self.skip_digits(),
            _ => return Err(ParseError::at("expected a digit", self.pos)),
        }
        if self.peek() == Some('.') {
            self.pos += 1;
            self.expect_digits()?;
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some('+' | '-')) {
                self.pos += 1;
            }
            self.expect_digits()?;
        }
        // `1a`, `01`, `1"`: the number must end where the token does.
        if self.peek().is_some_and(|c| is_word_char(c) || c == '"') {
            return Err(self.unexpected());
        }
        let text: String = self
            .chars
            .get(start..self.pos)
            .unwrap_or(&[])
            .iter()
            .collect();
        // serde_json refuses what does not fit an f64 (`1e400`).
        text.parse::<Number>()
            .map_err(|_| ParseError::at("number out of range", start))
    }

    fn skip_digits(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    fn expect_digits(&mut self) -> Result<(), ParseError> {
        if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
            return Err(ParseError::at("expected a digit", self.pos));
        }
        self.skip_digits();
        Ok(())
    }
}

/// Splits a path word (which starts at `start`) into URN, name and sub-attribute.
///
/// The URN ends at the last colon (URNs contain dots, as in `2.0`), and only then is
/// the attribute split at its first dot. With `allow_bare_urn` (PATCH paths), a URN
/// alone gives an empty name (see [`parse_path`]); filters always need a name.
fn split_attr_path(word: &str, start: usize, allow_bare_urn: bool) -> Result<AttrPath, ParseError> {
    if word.is_empty() {
        return Err(ParseError::at("expected an attribute name", start));
    }
    let has_urn = word
        .get(..4)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("urn:"));
    let (uri, attr, attr_start) = if has_urn {
        if is_bare_urn(word) {
            if !allow_bare_urn {
                return Err(ParseError::at(
                    "expected an attribute name after the schema URN",
                    start + word.len(),
                ));
            }
            check_urn(word, start)?;
            return Ok(AttrPath {
                uri: Some(word.to_owned()),
                name: String::new(),
                sub: None,
            });
        }
        let Some((uri, attr)) = word.rsplit_once(':') else {
            return Err(ParseError::at("invalid schema URN", start));
        };
        check_urn(uri, start)?;
        (Some(uri.to_owned()), attr, start + uri.len() + 1)
    } else {
        (None, word, start)
    };
    let (name, sub) = match attr.split_once('.') {
        Some((name, sub)) => (name, Some(sub)),
        None => (attr, None),
    };
    check_name(name, attr_start, "an attribute name")?;
    if let Some(sub) = sub {
        check_name(sub, attr_start + name.len() + 1, "a sub-attribute name")?;
    }
    Ok(AttrPath {
        uri,
        name: name.to_owned(),
        sub: sub.map(str::to_owned),
    })
}

/// Whether a `urn:` word is a schema URN alone: its second-to-last segment is a
/// version (`...:2.0:User`), where an attribute path has the resource name
/// (`...:2.0:User:manager`).
fn is_bare_urn(word: &str) -> bool {
    let mut segments = word.rsplit(':');
    let last = segments.next().unwrap_or("");
    let before = segments.next().unwrap_or("");
    !last.is_empty()
        && !last.contains('.')
        && before.starts_with(|c: char| c.is_ascii_digit())
        && before.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// A schema URN: `urn`, a namespace and at least one more segment, none empty, of
/// letters, digits, `-`, `.` and `_`.
fn check_urn(uri: &str, start: usize) -> Result<(), ParseError> {
    let segments: Vec<&str> = uri.split(':').collect();
    let valid = segments.len() >= 3
        && segments.iter().all(|segment| {
            !segment.is_empty()
                && segment
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
        });
    if valid {
        Ok(())
    } else {
        Err(ParseError::at("invalid schema URN", start))
    }
}

/// ATTRNAME = ALPHA *(ALPHA / DIGIT / "-" / "_"), or `$ref` (RFC 7643's reference
/// sub-attribute). `what` names the expectation in the error.
fn check_name(name: &str, start: usize, what: &str) -> Result<(), ParseError> {
    if name.eq_ignore_ascii_case("$ref") {
        return Ok(());
    }
    let mut chars = name.char_indices();
    if !chars.next().is_some_and(|(_, c)| c.is_ascii_alphabetic()) {
        return Err(ParseError::at(format!("expected {what}"), start));
    }
    match chars.find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')) {
        Some((offset, c)) => Err(ParseError::at(
            format!("unexpected \"{}\"", c.escape_debug()),
            start + offset,
        )),
        None => Ok(()),
    }
}

// ---------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------

/// The member `key` of an object, the exact spelling first, else in any case
/// (attribute names and schema URNs are case-insensitive).
fn get_ci<'a>(object: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    object.get(key).or_else(|| {
        object
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(key))
            .map(|(_, value)| value)
    })
}

fn member<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    value.as_object().and_then(|object| get_ci(object, key))
}

/// What a path designates in `value`: the attribute, or with a sub-attribute, that
/// sub-attribute of the attribute (of each element when the attribute is an array).
fn resolve<'a>(value: &'a Value, path: &AttrPath) -> Vec<&'a Value> {
    // An extension's attributes sit under its URN; the core schema's at the top.
    let base = match &path.uri {
        Some(uri) => member(value, uri).filter(|v| v.is_object()),
        None => None,
    };
    if path.name.is_empty() {
        return base.into_iter().collect();
    }
    let Some(attr) = member(base.unwrap_or(value), &path.name) else {
        return Vec::new();
    };
    match &path.sub {
        None => vec![attr],
        Some(sub) => match attr {
            Value::Array(items) => items.iter().filter_map(|item| member(item, sub)).collect(),
            other => member(other, sub).into_iter().collect(),
        },
    }
}

/// Present: not null, not an empty string, not an empty array or object. An array
/// counts when one of its elements is present (looked at one level down only, so a
/// deeply nested value cannot exhaust the stack).
fn is_present(value: &Value) -> bool {
    fn shallow(value: &Value) -> bool {
        match value {
            Value::Null => false,
            Value::String(text) => !text.is_empty(),
            Value::Array(items) => !items.is_empty(),
            Value::Object(members) => !members.is_empty(),
            Value::Bool(_) | Value::Number(_) => true,
        }
    }
    match value {
        Value::Array(items) => items.iter().any(shallow),
        other => shallow(other),
    }
}

/// The values a comparison looks at: the elements of arrays, a complex value's
/// `value` sub-attribute in its place, no nulls.
fn comparable_values(found: Vec<&Value>) -> Vec<&Value> {
    fn primary(value: &Value) -> Option<&Value> {
        match value {
            Value::Object(members) => get_ci(members, "value").filter(|v| !v.is_null()),
            Value::Null => None,
            other => Some(other),
        }
    }
    let mut out = Vec::new();
    for value in found {
        match value {
            Value::Array(items) => out.extend(items.iter().filter_map(primary)),
            other => out.extend(primary(other)),
        }
    }
    out
}

/// One (non-null) value against the literal.
fn compare(actual: &Value, op: CompareOp, literal: &CompValue, exact: bool) -> bool {
    match (literal, actual) {
        (CompValue::Null, _) => op == CompareOp::Ne,
        (CompValue::Bool(expected), Value::Bool(actual)) => match op {
            CompareOp::Eq => actual == expected,
            CompareOp::Ne => actual != expected,
            _ => false,
        },
        (CompValue::Number(expected), Value::Number(actual)) => {
            compare_numbers(actual, expected).is_some_and(|ord| ordering_matches(op, ord))
        }
        (CompValue::Str(expected), Value::String(actual)) => {
            compare_strings(actual, op, expected, exact)
        }
        // Different JSON types are never equal, and have no order.
        _ => op == CompareOp::Ne,
    }
}

/// Exact for integers (including ones past i64 or u64 alone), else as f64.
fn compare_numbers(a: &Number, b: &Number) -> Option<Ordering> {
    match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
        (Some(x), Some(y), _, _) => Some(x.cmp(&y)),
        (_, _, Some(x), Some(y)) => Some(x.cmp(&y)),
        // One fits only u64 (above i64::MAX), the other only i64 (so below it).
        (Some(_), None, None, Some(_)) => Some(Ordering::Less),
        (None, Some(_), Some(_), None) => Some(Ordering::Greater),
        _ => a.as_f64()?.partial_cmp(&b.as_f64()?),
    }
}

fn ordering_matches(op: CompareOp, ord: Ordering) -> bool {
    match op {
        CompareOp::Eq => ord == Ordering::Equal,
        CompareOp::Ne => ord != Ordering::Equal,
        CompareOp::Gt => ord == Ordering::Greater,
        CompareOp::Ge => ord != Ordering::Less,
        CompareOp::Lt => ord == Ordering::Less,
        CompareOp::Le => ord != Ordering::Greater,
        CompareOp::Co | CompareOp::Sw | CompareOp::Ew => false,
    }
}

/// String operators, on the lowercased texts unless the attribute is case-exact.
/// The order is that of code points, which makes same-format UTC timestamps
/// (`meta.lastModified gt "2011-05-13T04:42:34Z"`) compare chronologically.
fn compare_strings(actual: &str, op: CompareOp, expected: &str, exact: bool) -> bool {
    let (actual, expected): (Cow<str>, Cow<str>) = if exact {
        (actual.into(), expected.into())
    } else {
        (actual.to_lowercase().into(), expected.to_lowercase().into())
    };
    match op {
        CompareOp::Co => actual.contains(expected.as_ref()),
        CompareOp::Sw => actual.starts_with(expected.as_ref()),
        CompareOp::Ew => actual.ends_with(expected.as_ref()),
        _ => ordering_matches(op, actual.cmp(&expected)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    const CORE_USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";

    fn attr(name: &str) -> AttrPath {
        AttrPath {
            uri: None,
            name: name.to_owned(),
            sub: None,
        }
    }

    fn attr_sub(name: &str, sub: &str) -> AttrPath {
        AttrPath {
            sub: Some(sub.to_owned()),
            ..attr(name)
        }
    }

    fn s(text: &str) -> CompValue {
        CompValue::Str(text.to_owned())
    }

    fn cmp(path: AttrPath, op: CompareOp, value: CompValue) -> Expr {
        Expr::Compare(path, op, value)
    }

    fn and(left: Expr, right: Expr) -> Expr {
        Expr::And(Box::new(left), Box::new(right))
    }

    fn or(left: Expr, right: Expr) -> Expr {
        Expr::Or(Box::new(left), Box::new(right))
    }

    fn not(inner: Expr) -> Expr {
        Expr::Not(Box::new(inner))
    }

    fn filter(text: &str) -> Expr {
        match parse_filter(text) {
            Ok(expr) => expr,
            Err(error) => panic!("{text:?} should parse: {error}"),
        }
    }

    fn filter_error(text: &str) -> String {
        match parse_filter(text) {
            Ok(expr) => panic!("{text:?} should not parse, got {expr:?}"),
            Err(error) => error.message,
        }
    }

    fn path(text: &str) -> PatchPath {
        match parse_path(text) {
            Ok(path) => path,
            Err(error) => panic!("{text:?} should parse: {error}"),
        }
    }

    fn path_error(text: &str) -> String {
        match parse_path(text) {
            Ok(path) => panic!("{text:?} should not parse, got {path:?}"),
            Err(error) => error.message,
        }
    }

    fn number(text: &str) -> CompValue {
        CompValue::Number(text.parse().expect("a number"))
    }

    #[test]
    fn simple_comparisons() {
        assert_eq!(
            filter(r#"userName eq "bjensen""#),
            cmp(attr("userName"), CompareOp::Eq, s("bjensen"))
        );
        assert_eq!(
            filter(r#"USERNAME Eq "x""#),
            cmp(attr("USERNAME"), CompareOp::Eq, s("x"))
        );
        assert_eq!(
            filter(r#"externalId eq "abc""#),
            cmp(attr("externalId"), CompareOp::Eq, s("abc"))
        );
        assert_eq!(
            filter(r#"title NE "x""#),
            cmp(attr("title"), CompareOp::Ne, s("x"))
        );
    }

    #[test]
    fn every_operator() {
        let ops = [
            ("eq", CompareOp::Eq),
            ("ne", CompareOp::Ne),
            ("co", CompareOp::Co),
            ("sw", CompareOp::Sw),
            ("ew", CompareOp::Ew),
            ("gt", CompareOp::Gt),
            ("GE", CompareOp::Ge),
            ("lt", CompareOp::Lt),
            ("Le", CompareOp::Le),
        ];
        for (word, op) in ops {
            assert_eq!(
                filter(&format!(r#"a {word} "v""#)),
                cmp(attr("a"), op, s("v"))
            );
        }
    }

    #[test]
    fn string_escapes() {
        assert_eq!(
            filter(r#"userName eq "J\"ohn""#),
            cmp(attr("userName"), CompareOp::Eq, s("J\"ohn"))
        );
        assert_eq!(
            filter(r#"a eq "\\ \/ \b\f\n\r\t \u00e9 \ud83d\ude00 日本""#),
            cmp(
                attr("a"),
                CompareOp::Eq,
                s("\\ / \u{8}\u{c}\n\r\t é 😀 日本")
            )
        );
    }

    #[test]
    fn literals() {
        let active = |value| cmp(attr("active"), CompareOp::Eq, value);
        assert_eq!(filter("active eq TRUE"), active(CompValue::Bool(true)));
        assert_eq!(filter("active eq false"), active(CompValue::Bool(false)));
        assert_eq!(
            filter("x eq null"),
            cmp(attr("x"), CompareOp::Eq, CompValue::Null)
        );
        assert_eq!(
            filter("x eq NULL"),
            cmp(attr("x"), CompareOp::Eq, CompValue::Null)
        );
        assert_eq!(
            filter("n gt -1.5e3"),
            cmp(attr("n"), CompareOp::Gt, number("-1500.0"))
        );
        assert_eq!(
            filter("n lt 42"),
            cmp(attr("n"), CompareOp::Lt, number("42"))
        );
        assert_eq!(filter("n le 0"), cmp(attr("n"), CompareOp::Le, number("0")));
        assert_eq!(
            filter("n ge 2.5E+2"),
            cmp(attr("n"), CompareOp::Ge, number("250.0"))
        );
    }

    #[test]
    fn sub_attributes_and_meta() {
        assert_eq!(
            filter(r#"meta.lastModified gt "2011-05-13T04:42:34Z""#),
            cmp(
                attr_sub("meta", "lastModified"),
                CompareOp::Gt,
                s("2011-05-13T04:42:34Z")
            )
        );
        assert_eq!(
            filter(r#"members.$ref eq "x""#),
            cmp(attr_sub("members", "$ref"), CompareOp::Eq, s("x"))
        );
    }

    #[test]
    fn schema_urns() {
        assert_eq!(
            filter(r#"urn:ietf:params:scim:schemas:core:2.0:User:name.familyName eq "O'Malley""#),
            cmp(
                AttrPath {
                    uri: Some(CORE_USER.to_owned()),
                    name: "name".to_owned(),
                    sub: Some("familyName".to_owned()),
                },
                CompareOp::Eq,
                s("O'Malley")
            )
        );
        assert_eq!(
            filter(&format!(r#"{ENTERPRISE}:employeeNumber eq "701984""#)),
            cmp(
                AttrPath {
                    uri: Some(ENTERPRISE.to_owned()),
                    name: "employeeNumber".to_owned(),
                    sub: None,
                },
                CompareOp::Eq,
                s("701984")
            )
        );
        // The `urn:` prefix in any case.
        assert_eq!(
            filter("URN:a:b:c pr"),
            Expr::Present(AttrPath {
                uri: Some("URN:a:b".to_owned()),
                name: "c".to_owned(),
                sub: None,
            })
        );
    }

    #[test]
    fn presence() {
        assert_eq!(filter("title pr"), Expr::Present(attr("title")));
        assert_eq!(filter("title PR"), Expr::Present(attr("title")));
        assert_eq!(
            filter(r#"title pr and userType eq "Employee""#),
            and(
                Expr::Present(attr("title")),
                cmp(attr("userType"), CompareOp::Eq, s("Employee"))
            )
        );
    }

    #[test]
    fn precedence_and_grouping() {
        assert_eq!(
            filter(
                r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#
            ),
            and(
                cmp(attr("userType"), CompareOp::Eq, s("Employee")),
                or(
                    cmp(attr("emails"), CompareOp::Co, s("example.com")),
                    cmp(attr_sub("emails", "value"), CompareOp::Co, s("example.org"))
                )
            )
        );
        let one = |name: &str, n: &str| cmp(attr(name), CompareOp::Eq, number(n));
        assert_eq!(
            filter("a eq 1 or b eq 2 and c eq 3"),
            or(one("a", "1"), and(one("b", "2"), one("c", "3")))
        );
        assert_eq!(
            filter("a eq 1 and b eq 2 or c eq 3"),
            or(and(one("a", "1"), one("b", "2")), one("c", "3"))
        );
        // Left-associative.
        assert_eq!(
            filter("a eq 1 or b eq 2 OR c eq 3"),
            or(or(one("a", "1"), one("b", "2")), one("c", "3"))
        );
        assert_eq!(
            filter("a eq 1 AND b eq 2 and c eq 3"),
            and(and(one("a", "1"), one("b", "2")), one("c", "3"))
        );
        // Lenient spacing around parentheses and operators.
        assert_eq!(
            filter("  ((a eq 1))or(b eq 2)  "),
            or(one("a", "1"), one("b", "2"))
        );
        assert_eq!(
            filter("a   eq\t 1    and   b eq 2"),
            and(one("a", "1"), one("b", "2"))
        );
    }

    #[test]
    fn negation() {
        let active = cmp(attr("active"), CompareOp::Eq, CompValue::Bool(true));
        assert_eq!(filter("not (active eq true)"), not(active.clone()));
        assert_eq!(filter("NOT(active eq true)"), not(active.clone()));
        assert_eq!(
            filter("not (active eq true) and title pr"),
            and(not(active.clone()), Expr::Present(attr("title")))
        );
        assert_eq!(filter("not(not(active eq true))"), not(not(active)));
    }

    #[test]
    fn value_paths_in_filters() {
        assert_eq!(
            filter(r#"emails[type eq "work" and value co "@example.com"]"#),
            Expr::ValuePath(
                attr("emails"),
                Box::new(and(
                    cmp(attr("type"), CompareOp::Eq, s("work")),
                    cmp(attr("value"), CompareOp::Co, s("@example.com"))
                ))
            )
        );
        assert_eq!(
            filter(
                r#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#
            ),
            and(
                cmp(attr("userType"), CompareOp::Eq, s("Employee")),
                Expr::ValuePath(
                    attr("emails"),
                    Box::new(and(
                        cmp(attr("type"), CompareOp::Eq, s("work")),
                        cmp(attr("value"), CompareOp::Co, s("@example.com"))
                    ))
                )
            )
        );
        assert_eq!(
            filter(r#"emails[ not (type eq "work") or primary pr ]"#),
            Expr::ValuePath(
                attr("emails"),
                Box::new(or(
                    not(cmp(attr("type"), CompareOp::Eq, s("work"))),
                    Expr::Present(attr("primary"))
                ))
            )
        );
    }

    #[test]
    fn patch_paths() {
        assert_eq!(
            path(r#"emails[type eq "work"].value"#),
            PatchPath {
                attr: attr("emails"),
                filter: Some(cmp(attr("type"), CompareOp::Eq, s("work"))),
                sub: Some("value".to_owned()),
            }
        );
        assert_eq!(
            path(r#"members[value eq "2819c223"]"#),
            PatchPath {
                attr: attr("members"),
                filter: Some(cmp(attr("value"), CompareOp::Eq, s("2819c223"))),
                sub: None,
            }
        );
        assert_eq!(
            path("members"),
            PatchPath {
                attr: attr("members"),
                filter: None,
                sub: None,
            }
        );
        assert_eq!(
            path("name.givenName"),
            PatchPath {
                attr: attr_sub("name", "givenName"),
                filter: None,
                sub: None,
            }
        );
        assert_eq!(
            path(&format!("{ENTERPRISE}:manager")),
            PatchPath {
                attr: AttrPath {
                    uri: Some(ENTERPRISE.to_owned()),
                    name: "manager".to_owned(),
                    sub: None,
                },
                filter: None,
                sub: None,
            }
        );
        assert_eq!(
            path(&format!("{ENTERPRISE}:manager.value")).attr,
            AttrPath {
                uri: Some(ENTERPRISE.to_owned()),
                name: "manager".to_owned(),
                sub: Some("value".to_owned()),
            }
        );
        assert_eq!(
            path(ENTERPRISE),
            PatchPath {
                attr: AttrPath {
                    uri: Some(ENTERPRISE.to_owned()),
                    name: String::new(),
                    sub: None,
                },
                filter: None,
                sub: None,
            }
        );
        assert_eq!(
            path(&format!(r#"{CORE_USER}:emails[type eq "work"].display"#)),
            PatchPath {
                attr: AttrPath {
                    uri: Some(CORE_USER.to_owned()),
                    name: "emails".to_owned(),
                    sub: None,
                },
                filter: Some(cmp(attr("type"), CompareOp::Eq, s("work"))),
                sub: Some("display".to_owned()),
            }
        );
        assert_eq!(path("members.$ref").attr, attr_sub("members", "$ref"));
    }

    #[test]
    fn patch_path_errors() {
        assert_eq!(path_error(""), "expected a path at 0");
        assert_eq!(path_error("   "), "expected a path at 3");
        assert_eq!(
            path_error(r#"emails[type eq "work""#),
            r#"expected "]" at 21"#
        );
        assert_eq!(
            path_error(r#"emails[type eq "work"]."#),
            "expected a sub-attribute name at 23"
        );
        assert_eq!(
            path_error(r#"emails[type eq "work"].value.x"#),
            r#"unexpected "." at 28"#
        );
        assert_eq!(
            path_error(r#"emails[type eq "work"] x"#),
            r#"unexpected "x" at 23"#
        );
        assert_eq!(
            path_error(r#"name.givenName[type eq "work"]"#),
            r#"unexpected "[" after a sub-attribute at 14"#
        );
        assert_eq!(
            path_error(r#"emails[members[value eq "x"]]"#),
            "nested value filters are not allowed at 14"
        );
        assert_eq!(
            path_error(&format!(r#"{ENTERPRISE}[value eq "x"]"#)),
            format!(r#"unexpected "[" at {}"#, ENTERPRISE.len())
        );
        assert_eq!(path_error("a.b.c"), r#"unexpected "." at 3"#);
        assert_eq!(path_error("1abc"), "expected an attribute name at 0");
        assert_eq!(path_error("urn:x"), "invalid schema URN at 0");
        assert_eq!(path_error("urn:a:b:"), "expected an attribute name at 8");
    }

    #[test]
    fn errors() {
        assert_eq!(filter_error(""), "expected a filter at 0");
        assert_eq!(filter_error("  "), "expected a filter at 2");
        assert_eq!(filter_error("userName eq"), "expected a value at 11");
        assert_eq!(filter_error("userName eq "), "expected a value at 12");
        assert_eq!(
            filter_error("userName"),
            "expected a comparison operator at 8"
        );
        assert_eq!(
            filter_error(r#"userName xx "a""#),
            "expected a comparison operator at 9"
        );
        assert_eq!(
            filter_error(r#"userName eq "a"#),
            "unterminated string at 14"
        );
        assert_eq!(filter_error(r#"(userName eq "a""#), r#"expected ")" at 16"#);
        assert_eq!(
            filter_error(r#"userName eq "a")"#),
            r#"unexpected ")" at 15"#
        );
        assert_eq!(
            filter_error(r#"emails[type eq "work""#),
            r#"expected "]" at 21"#
        );
        assert_eq!(
            filter_error(r#"emails[type eq "work"]]"#),
            r#"unexpected "]" at 22"#
        );
        assert_eq!(
            filter_error(r#"userName pr "x""#),
            r#""pr" takes no value at 12"#
        );
        assert_eq!(
            filter_error("userName pr true"),
            r#""pr" takes no value at 12"#
        );
        assert_eq!(
            filter(r#"emails[type eq "work"].value eq "x""#),
            Expr::ValuePath(
                attr("emails"),
                Box::new(and(
                    cmp(attr("type"), CompareOp::Eq, s("work")),
                    cmp(attr("value"), CompareOp::Eq, s("x"))
                ))
            ),
            "Entra ID's form"
        );
        assert_eq!(
            filter_error(r#"emails[type eq "work"].value"#),
            "expected a comparison operator at 28"
        );
        assert_eq!(
            filter_error(r#"emails[type eq "x" and members[value eq "y"]]"#),
            "nested value filters are not allowed at 30"
        );
        assert_eq!(
            filter_error("a eq \"x\u{1}\""),
            "control character in string at 7"
        );
        assert_eq!(
            filter_error(r#"a eq "\q""#),
            "invalid escape in string at 6"
        );
        assert_eq!(
            filter_error(r#"a eq "\u12g4""#),
            "expected a hex digit at 10"
        );
        assert_eq!(
            filter_error(r#"a eq "\ud83d""#),
            r#"unpaired surrogate in \u escape at 6"#
        );
        assert_eq!(filter_error("a eq 01"), r#"unexpected "1" at 6"#);
        assert_eq!(filter_error("a eq 1."), "expected a digit at 7");
        assert_eq!(filter_error("a eq -"), "expected a digit at 6");
        assert_eq!(filter_error("a eq 1e400"), "number out of range at 5");
        assert_eq!(filter_error("a eq yes"), "expected a value at 5");
        assert_eq!(
            filter_error(r#"a eq"x""#),
            "expected a space after the operator at 4"
        );
        assert_eq!(filter_error("a pr and"), "expected an attribute name at 8");
        assert_eq!(filter_error("a pr or"), "expected an attribute name at 7");
        assert_eq!(filter_error("a pr xor b pr"), r#"unexpected "xor" at 5"#);
        assert_eq!(filter_error("not a pr"), r#"expected "(" after "not" at 4"#);
        assert_eq!(filter_error("()"), "expected an attribute name at 1");
        assert_eq!(filter_error("a.b.c pr"), r#"unexpected "." at 3"#);
        assert_eq!(filter_error("a$ pr"), r#"unexpected "$" at 1"#);
        assert_eq!(filter_error("a:b pr"), r#"unexpected ":" at 1"#);
        assert_eq!(filter_error("é eq 1"), "expected an attribute name at 0");
        assert_eq!(filter_error("a eq 1 é"), r#"unexpected "é" at 7"#);
        assert_eq!(
            filter_error(&format!(r#"{ENTERPRISE} eq "x""#)),
            format!(
                "expected an attribute name after the schema URN at {}",
                ENTERPRISE.len()
            )
        );
        assert_eq!(filter_error("urn::a:b pr"), "invalid schema URN at 0");
    }

    #[test]
    fn limits() {
        let comparisons = |n: usize| {
            (0..n)
                .map(|i| format!("a{i} eq {i}"))
                .collect::<Vec<_>>()
                .join(" or ")
        };
        assert!(parse_filter(&comparisons(50)).is_ok());
        assert!(
            filter_error(&comparisons(60)).starts_with("too many comparisons (at most 50) at ")
        );

        let nested = |n: usize| format!("{}a pr{}", "(".repeat(n), ")".repeat(n));
        assert_eq!(filter(&nested(20)), Expr::Present(attr("a")));
        assert_eq!(
            filter_error(&nested(21)),
            "nested too deeply (at most 20 levels) at 20"
        );
        assert_eq!(
            filter_error(&nested(30)),
            "nested too deeply (at most 20 levels) at 20"
        );
        // `not` counts once with its parentheses; brackets count too.
        let nots = |n: usize| format!("{}a pr{}", "not (".repeat(n), ")".repeat(n));
        assert!(parse_filter(&nots(20)).is_ok());
        assert!(filter_error(&nots(21)).starts_with("nested too deeply"));
        let in_brackets = format!("e[{}a pr{}]", "(".repeat(19), ")".repeat(19));
        assert!(parse_filter(&in_brackets).is_ok());
        let too_deep = format!("e[{}a pr{}]", "(".repeat(20), ")".repeat(20));
        assert!(filter_error(&too_deep).starts_with("nested too deeply"));
        // Hostile depth is refused long before the stack would care.
        assert!(filter_error(&nested(490)).starts_with("nested too deeply"));

        let long = format!(r#"a eq "{}""#, "x".repeat(1993));
        assert_eq!(long.chars().count(), 2000);
        assert_eq!(
            filter_error(&long),
            "filter too long (at most 1000 characters)"
        );
        let just_fits = format!(r#"a eq "{}""#, "é".repeat(993));
        assert_eq!(just_fits.chars().count(), 1000);
        assert!(parse_filter(&just_fits).is_ok());
        assert_eq!(
            path_error(&"a".repeat(1001)),
            "path too long (at most 1000 characters)"
        );
    }

    #[test]
    fn parse_error_displays_its_message() {
        let error = ParseError::at("expected a value", 3);
        assert_eq!(error.to_string(), "expected a value at 3");
    }

    fn insensitive(_: &str) -> bool {
        false
    }

    fn eval(text: &str, value: &Value) -> bool {
        matches(&filter(text), value, &insensitive)
    }

    #[test]
    fn matches_one_element() {
        let email = json!({"type": "work", "value": "A@Example.com", "primary": true});
        assert!(eval(r#"type eq "work""#, &email));
        assert!(eval(r#"TYPE eq "WORK""#, &email));
        assert!(!eval(r#"type eq "home""#, &email));
        assert!(eval(r#"value co "example""#, &email));
        assert!(eval(r#"value sw "a@""#, &email));
        assert!(eval(r#"value ew ".COM""#, &email));
        assert!(eval(r#"value eq "a@example.com""#, &email));
        let value_exact = |name: &str| name == "value";
        let exact = filter(r#"value eq "a@example.com""#);
        assert!(!matches(&exact, &email, &value_exact));
        assert!(matches(
            &filter(r#"value eq "A@Example.com""#),
            &email,
            &value_exact
        ));
        assert!(!matches(
            &filter(r#"value co "example""#),
            &email,
            &value_exact
        ));
        assert!(eval("primary eq true", &email));
        assert!(!eval("primary eq false", &email));
        assert!(eval("primary ne false", &email));
        assert!(!eval("primary gt false", &email));
        assert!(eval(r#"not (type eq "home")"#, &email));
        assert!(!eval(r#"not (type eq "work")"#, &email));
        assert!(!eval("display pr", &email));
        assert!(eval("type pr and value pr", &email));
        assert!(eval(r#"type eq "home" or primary eq true"#, &email));
        assert!(!eval(r#"type eq "home" and primary eq true"#, &email));
    }

    #[test]
    fn matches_numbers_and_strings_in_order() {
        let value = json!({"n": 5, "big": 18446744073709551615u64, "x": -2.5, "s": "b"});
        assert!(eval("n gt 3", &value));
        assert!(!eval("n lt 3", &value));
        assert!(eval("n ge 5", &value));
        assert!(eval("n le 5.0", &value));
        assert!(!eval("n le 4.5", &value));
        assert!(eval("n eq 5.0", &value));
        assert!(eval("n ne 6", &value));
        assert!(eval("big gt 5", &value));
        assert!(eval("big gt -5", &value));
        assert!(eval("x lt -1", &value));
        assert!(eval("x gt -1e1", &value));
        assert!(!eval(r#"n eq "5""#, &value));
        assert!(eval(r#"n ne "5""#, &value));
        assert!(!eval("n co 5", &value));
        assert!(eval(r#"s gt "A""#, &value));
        assert!(eval(r#"s lt "C""#, &value));
        assert!(!eval(r#"s lt "a""#, &value));
        assert!(eval(r#"s ge "B""#, &value));
        let s_exact = |name: &str| name == "s";
        // Case-exact: "b" > "C" in code point order.
        assert!(!matches(&filter(r#"s lt "C""#), &value, &s_exact));
        let meta = json!({"meta": {"lastModified": "2011-05-13T04:42:35Z"}});
        assert!(eval(
            r#"meta.lastModified gt "2011-05-13T04:42:34Z""#,
            &meta
        ));
        assert!(!eval(
            r#"meta.lastModified gt "2012-01-01T00:00:00Z""#,
            &meta
        ));
    }

    #[test]
    fn matches_null_and_missing() {
        let value = json!({"a": null, "b": "x", "e": "", "list": [], "obj": {}});
        assert!(eval("a eq null", &value));
        assert!(eval("missing eq null", &value));
        assert!(!eval("b eq null", &value));
        assert!(eval("b ne null", &value));
        assert!(!eval("a ne null", &value));
        assert!(eval(r#"missing ne "x""#, &value));
        assert!(!eval(r#"missing eq "x""#, &value));
        assert!(!eval(r#"missing co "x""#, &value));
        assert!(!eval("missing gt 1", &value));
        for absent in ["a pr", "missing pr", "e pr", "list pr", "obj pr"] {
            assert!(!eval(absent, &value), "{absent}");
        }
        assert!(eval("b pr", &value));
    }

    #[test]
    fn matches_a_whole_user() {
        let user = json!({
            "userName": "x",
            "emails": [
                {"type": "home", "value": "h@x"},
                {"type": "work", "value": "w@x"}
            ],
            "name": {"givenName": "Barbara"},
            ENTERPRISE: {"employeeNumber": "42", "manager": {"value": "m1"}}
        });
        assert!(eval(r#"emails[type eq "work" and value sw "w"]"#, &user));
        // Both conditions must hold on the same element.
        assert!(!eval(r#"emails[type eq "work" and value sw "h"]"#, &user));
        assert!(eval(r#"emails.value eq "h@x""#, &user));
        assert!(eval(r#"emails.value eq "w@x""#, &user));
        assert!(!eval(r#"emails.value eq "z@x""#, &user));
        assert!(eval(r#"emails co "w@""#, &user));
        assert!(eval("emails pr", &user));
        assert!(eval("emails.type pr", &user));
        assert!(!eval("emails.display pr", &user));
        assert!(eval(r#"USERNAME eq "X""#, &user));
        assert!(eval(r#"name.givenName sw "barb""#, &user));
        assert!(eval(&format!(r#"{CORE_USER}:userName eq "x""#), &user));
        assert!(eval(
            &format!(r#"{ENTERPRISE}:employeeNumber eq "42""#),
            &user
        ));
        assert!(eval(
            &format!(r#"{}:manager.value eq "m1""#, ENTERPRISE.to_uppercase()),
            &user
        ));
        assert!(!eval(&format!(r#"{ENTERPRISE}:userName eq "m1""#), &user));
    }

    #[test]
    fn matches_patch_path_filters() {
        let members = json!([{"value": "2819c223"}, {"value": "other", "display": "O"}]);
        let selector = path(r#"members[value eq "2819c223"]"#);
        let Some(filter) = selector.filter else {
            panic!("a filter");
        };
        let Value::Array(items) = &members else {
            panic!("an array");
        };
        let picked: Vec<&Value> = items
            .iter()
            .filter(|item| matches(&filter, item, &insensitive))
            .collect();
        assert_eq!(picked, vec![&json!({"value": "2819c223"})]);
        // A value path on a single complex value applies to that value.
        let user = json!({"name": {"givenName": "B"}});
        assert!(eval(r#"name[givenName eq "b"]"#, &user));
    }

    /// xorshift64*: a tiny deterministic generator for the garbage test.
    struct Rng(u64);

    impl Rng {
        fn step(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.step() % n as u64) as usize
        }
    }

    /// Every error names a position inside (or just after) the input.
    fn check_position(text: &str, error: &ParseError) {
        if error.message.contains("too long") {
            return;
        }
        let position: usize = error
            .message
            .rsplit(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no position in {:?}", error.message));
        assert!(
            position <= text.chars().count(),
            "{text:?}: {}",
            error.message
        );
    }

    #[test]
    fn garbage_never_panics() {
        const PIECES: &[&str] = &[
            "a",
            "userName",
            "emails",
            "value",
            ".",
            ":",
            "urn:",
            "urn:a:b:2.0:User",
            "$ref",
            " ",
            " ",
            "\t",
            "eq",
            "ne",
            "co",
            "gt",
            "pr",
            "and",
            "or",
            "not",
            "AND",
            "(",
            ")",
            "[",
            "]",
            "\"",
            "\\",
            "\\u",
            "\\ud83d",
            "d83d",
            "\"x\"",
            "\"é\"",
            "1",
            "-",
            "0",
            "e",
            "E+",
            "1.5",
            "true",
            "NULL",
            "é",
            "日本",
            "\u{0}",
            "\u{1f600}",
            "\n",
            "'",
            "=",
            ",",
            "9999999999999999999999",
            "1e999",
        ];
        let seeds = [
            r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
            r#"emails[type eq "work" and value co "@example.com"].value"#,
            r#"not (meta.lastModified gt "2011-05-13T04:42:34Z") or title pr"#,
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"\\u00e9\"",
        ];
        let target = json!({
            "userName": "x",
            "emails": [{"type": "work", "value": "w@x"}, "plain", null, [1, [2]]],
            "meta": {"lastModified": "2011"},
            "a": {"value": {"value": 1}},
        });
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for round in 0..600 {
            let text: String = if round % 2 == 0 {
                let count = 1 + rng.below(12);
                (0..count)
                    .map(|_| PIECES[rng.below(PIECES.len())])
                    .collect()
            } else {
                // A valid filter, mutated a few times.
                let mut chars: Vec<char> = seeds[rng.below(seeds.len())].chars().collect();
                for _ in 0..1 + rng.below(4) {
                    let at = rng.below(chars.len() + 1);
                    match rng.below(3) {
                        0 if at < chars.len() => {
                            chars.remove(at);
                        }
                        1 if at < chars.len() => {
                            chars.truncate(at);
                        }
                        _ => {
                            let piece = PIECES[rng.below(PIECES.len())];
                            for (i, c) in piece.chars().enumerate() {
                                chars.insert(at + i, c);
                            }
                        }
                    }
                }
                chars.into_iter().collect()
            };
            match parse_filter(&text) {
                Ok(expr) => {
                    matches(&expr, &target, &insensitive);
                    matches(&expr, &target, &|_| true);
                }
                Err(error) => check_position(&text, &error),
            }
            match parse_path(&text) {
                Ok(patch) => {
                    if let Some(expr) = patch.filter {
                        matches(&expr, &target, &insensitive);
                    }
                }
                Err(error) => check_position(&text, &error),
            }
        }
    }
}
