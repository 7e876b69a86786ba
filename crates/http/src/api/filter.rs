//! The OData expressions of `$filter` and `$search`, parsed by small pure functions
//! into trees that name properties as the client wrote them.
//!
//! `$filter` takes comparisons (`eq`, `ne`, `gt`, `ge`, `lt`, `le`), `in (...)`,
//! `startswith(property, 'text')`, `and`, `or`, `not` and parentheses, with `not`
//! binding tighter than `and`, and `and` tighter than `or`. Keywords and function
//! names are case-insensitive, as Graph takes them (`startsWith`, `NOT`); literals are
//! strings in single quotes (`''` stands for one quote), `true`, `false`, `null`,
//! GUIDs, integers and RFC 3339 date-times. `$search` takes `"property:text"` clauses
//! joined by `AND` and `OR`.
//!
//! Nothing here knows a collection: which properties and operators a collection
//! supports, and how its values are typed, is the collection's schema's business
//! (`query`), which names what it supports when it refuses.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

/// The deepest nesting of parentheses and `not` a filter may have.
const MAX_DEPTH: usize = 24;

/// A parsed `$filter`.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Compare(String, Op, Value),
    In(String, Vec<Value>),
    /// `function(property, value)`, such as `startswith(displayName,'Al')`.
    Call(String, String, Value),
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

impl Op {
    pub fn name(self) -> &'static str {
        match self {
            Op::Eq => "eq",
            Op::Ne => "ne",
            Op::Gt => "gt",
            Op::Ge => "ge",
            Op::Lt => "lt",
            Op::Le => "le",
        }
    }
}

/// A literal of a filter.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    String(String),
    Guid(Uuid),
    Int(i64),
    /// An RFC 3339 date-time, as Unix seconds.
    DateTime(i64),
}

/// Parses a `$filter` expression; the error says what is wrong, for the client.
pub fn parse_filter(text: &str) -> Result<Expr, String> {
    let tokens = tokens(text)?;
    let mut parser = Parser { tokens, at: 0 };
    let expr = parser.or(0)?;
    match parser.peek() {
        None => Ok(expr),
        Some(token) => Err(format!(
            "unexpected {} after a complete expression",
            token.describe()
        )),
    }
}

/// A parsed `$search`: `"property:text"` clauses with `AND` and `OR`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Search {
    Term(String, String),
    And(Vec<Search>),
    Or(Vec<Search>),
}

/// Parses a `$search` value; the error says what is wrong, for the client.
pub fn parse_search(text: &str) -> Result<Search, String> {
    let mut clauses: Vec<Vec<Search>> = vec![Vec::new()];
    let mut chars = text.trim().chars().peekable();
    let mut expect_term = true;
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if expect_term {
            if c != '"' {
                return Err(
                    "each clause must be a quoted \"property:text\", as in \"displayName:ali\""
                        .to_owned(),
                );
            }
            chars.next();
            let mut clause = String::new();
            loop {
                match chars.next() {
                    None => return Err("a quoted clause is not closed".to_owned()),
                    Some('\\') => match chars.next() {
                        Some(escaped) => clause.push(escaped),
                        None => return Err("a quoted clause is not closed".to_owned()),
                    },
                    Some('"') => break,
                    Some(other) => clause.push(other),
                }
            }
            let Some((property, value)) = clause.split_once(':') else {
                return Err(format!(
                    "the clause \"{clause}\" names no property: write \"property:text\""
                ));
            };
            let value = value.trim();
            if value.is_empty() {
                return Err(format!("the clause \"{clause}\" has no text to search for"));
            }
            if let Some(last) = clauses.last_mut() {
                last.push(Search::Term(property.trim().to_owned(), value.to_owned()));
            }
            expect_term = false;
        } else {
            let word: String =
                std::iter::from_fn(|| chars.next_if(|c| c.is_ascii_alphabetic())).collect();
            if word.eq_ignore_ascii_case("and") {
            } else if word.eq_ignore_ascii_case("or") {
                clauses.push(Vec::new());
            } else {
                return Err("clauses are joined by AND or OR".to_owned());
            }
            expect_term = true;
        }
    }
    if expect_term {
        return Err("a clause is missing".to_owned());
    }
    let mut ors: Vec<Search> = clauses
        .into_iter()
        .map(|mut ands| match ands.len() {
            1 => ands.remove(0),
            _ => Search::And(ands),
        })
        .collect();
    Ok(match ors.len() {
        1 => ors.remove(0),
        _ => Search::Or(ors),
    })
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    /// A name, keyword or bare literal (number, GUID, date-time).
    Word(String),
    Text(String),
    Open,
    Close,
    Comma,
}

impl Token {
    fn describe(&self) -> String {
        match self {
            Token::Word(word) => format!("'{word}'"),
            Token::Text(text) => format!("the string '{text}'"),
            Token::Open => "'('".to_owned(),
            Token::Close => "')'".to_owned(),
            Token::Comma => "','".to_owned(),
        }
    }

    fn is_word(&self, keyword: &str) -> bool {
        matches!(self, Token::Word(word) if word.eq_ignore_ascii_case(keyword))
    }
}

fn tokens(text: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' | ',' => {
                chars.next();
                out.push(match c {
                    '(' => Token::Open,
                    ')' => Token::Close,
                    _ => Token::Comma,
                });
            }
            '\'' => {
                chars.next();
                let mut value = String::new();
                loop {
                    match chars.next() {
                        None => return Err("a string literal is not closed".to_owned()),
                        Some('\'') if chars.peek() == Some(&'\'') => {
                            chars.next();
                            value.push('\'');
                        }
                        Some('\'') => break,
                        Some(other) => value.push(other),
                    }
                }
                out.push(Token::Text(value));
            }
            c if word_char(c) => {
                let word: String =
                    std::iter::from_fn(|| chars.next_if(|&c| word_char(c))).collect();
                out.push(Token::Word(word));
            }
            '"' => {
                return Err(
                    "strings are written in single quotes ('...'), not double quotes".to_owned(),
                );
            }
            other => return Err(format!("unexpected character '{other}'")),
        }
    }
    Ok(out)
}

/// Characters of names, keywords and bare literals (`-1`, GUIDs, `2024-05-01T10:00:00Z`,
/// paths such as `web/redirectUris`).
fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '+' | '/' | '@' | '$')
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn expect(&mut self, wanted: Token, what: &str) -> Result<(), String> {
        match self.next() {
            Some(token) if token == wanted => Ok(()),
            Some(token) => Err(format!("expected {what}, found {}", token.describe())),
            None => Err(format!("expected {what}, found the end")),
        }
    }

    fn or(&mut self, depth: usize) -> Result<Expr, String> {
        let mut items = vec![self.and(depth)?];
        while self.peek().is_some_and(|t| t.is_word("or")) {
            self.next();
            items.push(self.and(depth)?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::Or(items)
        })
    }

    fn and(&mut self, depth: usize) -> Result<Expr, String> {
        let mut items = vec![self.unary(depth)?];
        while self.peek().is_some_and(|t| t.is_word("and")) {
            self.next();
            items.push(self.unary(depth)?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::And(items)
        })
    }

    fn unary(&mut self, depth: usize) -> Result<Expr, String> {
        if depth > MAX_DEPTH {
            return Err(format!(
                "the expression nests deeper than {MAX_DEPTH} levels"
            ));
        }
        if self.peek().is_some_and(|t| t.is_word("not")) {
            self.next();
            return Ok(Expr::Not(Box::new(self.unary(depth + 1)?)));
        }
        self.primary(depth)
    }

    fn primary(&mut self, depth: usize) -> Result<Expr, String> {
        match self.next() {
            Some(Token::Open) => {
                let inner = self.or(depth + 1)?;
                self.expect(Token::Close, "')'")?;
                Ok(inner)
            }
            Some(Token::Word(name)) if self.peek() == Some(&Token::Open) => {
                self.next();
                let property = self.property("the function's first argument")?;
                self.expect(Token::Comma, "','")?;
                let value = self.literal()?;
                self.expect(Token::Close, "')'")?;
                Ok(Expr::Call(name.to_ascii_lowercase(), property, value))
            }
            Some(Token::Word(property)) if !is_keyword(&property) => {
                let operator = match self.next() {
                    Some(Token::Word(op)) => op,
                    Some(other) => {
                        return Err(format!(
                            "expected an operator after '{property}', found {}",
                            other.describe()
                        ));
                    }
                    None => return Err(format!("expected an operator after '{property}'")),
                };
                if operator.eq_ignore_ascii_case("in") {
                    self.expect(Token::Open, "'(' after in")?;
                    let mut values = vec![self.literal()?];
                    while self.peek() == Some(&Token::Comma) {
                        self.next();
                        values.push(self.literal()?);
                    }
                    self.expect(Token::Close, "')' closing the in list")?;
                    return Ok(Expr::In(property, values));
                }
                let op = match operator.to_ascii_lowercase().as_str() {
                    "eq" => Op::Eq,
                    "ne" => Op::Ne,
                    "gt" => Op::Gt,
                    "ge" => Op::Ge,
                    "lt" => Op::Lt,
                    "le" => Op::Le,
                    _ => {
                        return Err(format!(
                            "'{operator}' is not an operator: use eq, ne, gt, ge, lt, le or in"
                        ));
                    }
                };
                Ok(Expr::Compare(property, op, self.literal()?))
            }
            Some(token) => Err(format!(
                "expected a comparison, a function or '(', found {}",
                token.describe()
            )),
            None => Err("the expression is empty or ends too soon".to_owned()),
        }
    }

    fn property(&mut self, what: &str) -> Result<String, String> {
        match self.next() {
            Some(Token::Word(name)) if !is_keyword(&name) => Ok(name),
            Some(token) => Err(format!(
                "expected a property as {what}, found {}",
                token.describe()
            )),
            None => Err(format!("expected a property as {what}")),
        }
    }

    fn literal(&mut self) -> Result<Value, String> {
        match self.next() {
            Some(Token::Text(text)) => Ok(Value::String(text)),
            Some(Token::Word(word)) => bare_literal(&word),
            Some(token) => Err(format!("expected a value, found {}", token.describe())),
            None => Err("expected a value, found the end".to_owned()),
        }
    }
}

fn is_keyword(word: &str) -> bool {
    ["and", "or", "not"]
        .iter()
        .any(|k| word.eq_ignore_ascii_case(k))
}

/// A literal written without quotes: `true`, `false`, `null`, an integer, a GUID or
/// an RFC 3339 date-time.
fn bare_literal(word: &str) -> Result<Value, String> {
    match word.to_ascii_lowercase().as_str() {
        "true" => return Ok(Value::Bool(true)),
        "false" => return Ok(Value::Bool(false)),
        "null" => return Ok(Value::Null),
        _ => {}
    }
    if let Ok(n) = word.parse::<i64>() {
        return Ok(Value::Int(n));
    }
    if word.len() == 36
        && let Ok(id) = word.parse::<Uuid>()
    {
        return Ok(Value::Guid(id));
    }
    if let Ok(at) = OffsetDateTime::parse(word, &Rfc3339) {
        return Ok(Value::DateTime(at.unix_timestamp()));
    }
    Err(format!(
        "'{word}' is not a value: strings go in single quotes; other values are true, \
         false, null, integers, GUIDs and date-times such as 2024-05-01T00:00:00Z"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eq(property: &str, value: &str) -> Expr {
        Expr::Compare(property.into(), Op::Eq, Value::String(value.into()))
    }

    #[test]
    fn comparisons_functions_and_literals() {
        assert_eq!(parse_filter("mail eq 'a@b.c'"), Ok(eq("mail", "a@b.c")));
        assert_eq!(
            parse_filter("  StartsWith( displayName , 'O''Brien (x), y' ) "),
            Ok(Expr::Call(
                "startswith".into(),
                "displayName".into(),
                Value::String("O'Brien (x), y".into())
            ))
        );
        assert_eq!(
            parse_filter("accountEnabled EQ false"),
            Ok(Expr::Compare(
                "accountEnabled".into(),
                Op::Eq,
                Value::Bool(false)
            ))
        );
        let id = Uuid::now_v7();
        assert_eq!(
            parse_filter(&format!("id eq {id}")),
            Ok(Expr::Compare("id".into(), Op::Eq, Value::Guid(id)))
        );
        assert_eq!(
            parse_filter("createdDateTime ge 2024-05-01T00:00:00Z"),
            Ok(Expr::Compare(
                "createdDateTime".into(),
                Op::Ge,
                Value::DateTime(1_714_521_600)
            ))
        );
        assert_eq!(
            parse_filter("mail ne null"),
            Ok(Expr::Compare("mail".into(), Op::Ne, Value::Null))
        );
        assert_eq!(
            parse_filter("userType in ('Guest', 'Member')"),
            Ok(Expr::In(
                "userType".into(),
                vec![
                    Value::String("Guest".into()),
                    Value::String("Member".into())
                ]
            ))
        );
    }

    #[test]
    fn and_binds_tighter_than_or_and_not_tighter_than_and() {
        assert_eq!(
            parse_filter("a eq 'x' or b eq 'y' and not c eq 'z'"),
            Ok(Expr::Or(vec![
                eq("a", "x"),
                Expr::And(vec![eq("b", "y"), Expr::Not(Box::new(eq("c", "z")))]),
            ]))
        );
        assert_eq!(
            parse_filter("(a eq 'x' or b eq 'y') and c eq 'z'"),
            Ok(Expr::And(vec![
                Expr::Or(vec![eq("a", "x"), eq("b", "y")]),
                eq("c", "z"),
            ]))
        );
        assert_eq!(
            parse_filter("NOT(a eq 'x') AND b eq 'y' OR c eq 'z'"),
            Ok(Expr::Or(vec![
                Expr::And(vec![Expr::Not(Box::new(eq("a", "x"))), eq("b", "y")]),
                eq("c", "z"),
            ]))
        );
    }

    #[test]
    fn malformed_expressions_say_what_is_wrong() {
        for (text, says) in [
            ("", "empty"),
            ("mail eq", "expected a value"),
            ("mail eq 'x", "not closed"),
            ("mail eq \"x\"", "single quotes"),
            ("mail equals 'x'", "not an operator"),
            ("mail eq x", "is not a value"),
            ("(mail eq 'x'", "expected ')'"),
            ("mail eq 'x')", "unexpected ')'"),
            ("mail eq 'x' and", "ends too soon"),
            ("userType in ()", "expected a value"),
            ("startswith(displayName 'x')", "expected ','"),
            ("mail eq 'x' ; drop", "unexpected character ';'"),
        ] {
            let error = parse_filter(text).expect_err(text);
            assert!(error.contains(says), "{text:?}: {error}");
        }
        let deep = format!("{}a eq 'x'{}", "(".repeat(40), ")".repeat(40));
        assert!(parse_filter(&deep).unwrap_err().contains("deeper"));
        let nots = format!("{}a eq 'x'", "not ".repeat(40));
        assert!(parse_filter(&nots).unwrap_err().contains("deeper"));
    }

    #[test]
    fn search_clauses_with_and_or() {
        assert_eq!(
            parse_search("\"displayName:ali\""),
            Ok(Search::Term("displayName".into(), "ali".into()))
        );
        assert_eq!(
            parse_search("\"displayName:al\" OR \"mail:al\" AND \"mail:x\""),
            Ok(Search::Or(vec![
                Search::Term("displayName".into(), "al".into()),
                Search::And(vec![
                    Search::Term("mail".into(), "al".into()),
                    Search::Term("mail".into(), "x".into()),
                ]),
            ]))
        );
        assert_eq!(
            parse_search("\"displayName:say \\\"hi\\\"\""),
            Ok(Search::Term("displayName".into(), "say \"hi\"".into()))
        );
        for bad in [
            "",
            "ali",
            "\"ali\"",
            "\"displayName:\"",
            "\"mail:a\" \"mail:b\"",
            "\"mail:a\" OR",
            "\"mail:a",
        ] {
            assert!(parse_search(bad).is_err(), "{bad}");
        }
    }
}
