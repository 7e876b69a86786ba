//! The `$filter` forms the directory API supports, parsed by a small pure function.
//!
//! Only three forms exist: `mail eq '...'`, `userType eq '...'` and
//! `startswith(displayName,'...')`. Function, operator and property names are
//! case-insensitive as in Graph; string literals use single quotes, with `''`
//! standing for one quote. Anything else is refused with a message naming what is
//! supported, rather than half-understood and answered wrongly.

/// A parsed `$filter`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Filter {
    MailEq(String),
    UserTypeEq(String),
    DisplayNameStartsWith(String),
}

/// What to tell a client whose `$filter` is not one of the supported forms.
pub const SUPPORTED: &str = "supported forms are mail eq '...', userType eq 'Guest' or 'Member', \
                             and startswith(displayName,'...')";

/// Parses a `$filter` expression; the error is a message for the client.
pub fn parse_filter(text: &str) -> Result<Filter, String> {
    let tokens = tokens(text)?;
    let unsupported = || format!("Unsupported $filter '{text}': {SUPPORTED}.");
    match tokens.as_slice() {
        [
            Token::Word(function),
            Token::Open,
            Token::Word(property),
            Token::Comma,
            Token::Text(value),
            Token::Close,
        ] if function.eq_ignore_ascii_case("startswith")
            && property.eq_ignore_ascii_case("displayName") =>
        {
            Ok(Filter::DisplayNameStartsWith(value.clone()))
        }
        [
            Token::Word(property),
            Token::Word(operator),
            Token::Text(value),
        ] if operator.eq_ignore_ascii_case("eq") => {
            if property.eq_ignore_ascii_case("mail") {
                Ok(Filter::MailEq(value.clone()))
            } else if property.eq_ignore_ascii_case("userType") {
                Ok(Filter::UserTypeEq(value.clone()))
            } else {
                Err(unsupported())
            }
        }
        _ => Err(unsupported()),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Word(String),
    Text(String),
    Open,
    Close,
    Comma,
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
                        None => {
                            return Err(format!(
                                "Invalid $filter '{text}': a string literal is not closed."
                            ));
                        }
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
            c if c.is_ascii_alphanumeric() || c == '_' => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        word.push(c);
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(Token::Word(word));
            }
            other => {
                return Err(format!(
                    "Invalid $filter '{text}': unexpected character '{other}'; {SUPPORTED}."
                ));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_supported_forms() {
        assert_eq!(
            parse_filter("mail eq 'alice@fabrikam.com'"),
            Ok(Filter::MailEq("alice@fabrikam.com".into()))
        );
        assert_eq!(
            parse_filter("userType eq 'Guest'"),
            Ok(Filter::UserTypeEq("Guest".into()))
        );
        assert_eq!(
            parse_filter("startswith(displayName,'Al')"),
            Ok(Filter::DisplayNameStartsWith("Al".into()))
        );
    }

    #[test]
    fn names_are_case_insensitive_and_spaces_are_free() {
        assert_eq!(
            parse_filter("  StartsWith( displayname , 'x' ) "),
            Ok(Filter::DisplayNameStartsWith("x".into()))
        );
        assert_eq!(
            parse_filter("MAIL EQ 'a@b.c'"),
            Ok(Filter::MailEq("a@b.c".into()))
        );
    }

    #[test]
    fn doubled_quotes_escape_a_quote() {
        assert_eq!(
            parse_filter("startswith(displayName,'O''Brien')"),
            Ok(Filter::DisplayNameStartsWith("O'Brien".into()))
        );
        assert_eq!(parse_filter("mail eq ''''"), Ok(Filter::MailEq("'".into())));
    }

    #[test]
    fn string_literals_keep_their_spaces_and_parentheses() {
        assert_eq!(
            parse_filter("startswith(displayName,'A (b), c')"),
            Ok(Filter::DisplayNameStartsWith("A (b), c".into()))
        );
    }

    #[test]
    fn refuses_everything_else_naming_what_is_supported() {
        for text in [
            "",
            "displayName eq 'x'",
            "mail ne 'x'",
            "mail eq \"x\"",
            "mail eq 'x' and userType eq 'Guest'",
            "endswith(displayName,'x')",
            "startswith(mail,'x')",
            "startswith(displayName,'x'",
            "mail eq 'unterminated",
            "mail eq x",
        ] {
            let error = parse_filter(text).expect_err(text);
            assert!(
                error.contains("$filter"),
                "{text:?} gave an unclear message: {error}"
            );
        }
        let error = parse_filter("displayName eq 'x'").unwrap_err();
        assert!(error.contains("startswith(displayName,'...')"), "{error}");
    }
}
