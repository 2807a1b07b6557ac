//! The SOQL lexer: turns query text into tokens with their byte offsets.

use time::{Date, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use super::ast::{LikeToken, StringLiteral};
use super::error::{MALFORMED_QUERY, SoqlError};

/// One lexical token.
#[derive(Clone, Debug, PartialEq)]
pub enum TokenKind {
    Identifier(String),
    String(StringLiteral),
    Number(String),
    Date(Date),
    DateTime(OffsetDateTime),
    Comma,
    Dot,
    Colon,
    LeftParen,
    RightParen,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    End,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub kind: TokenKind,
    /// Byte offset of the token's first character.
    pub offset: usize,
    /// The token's text as written.
    pub text: String,
}

impl Token {
    /// Checks whether the token is the keyword `word`, ignoring case.
    pub fn is_keyword(&self, word: &str) -> bool {
        matches!(&self.kind, TokenKind::Identifier(name) if name.eq_ignore_ascii_case(word))
    }
}

/// Splits a query into tokens; the last token is always `End`.
pub fn tokenize(query: &str) -> Result<Vec<Token>, SoqlError> {
    let mut lexer = Lexer {
        query,
        chars: query.char_indices().collect(),
        index: 0,
    };
    let mut tokens = Vec::new();
    loop {
        let token = lexer.next_token()?;
        let done = token.kind == TokenKind::End;
        tokens.push(token);
        if done {
            return Ok(tokens);
        }
    }
}

struct Lexer<'a> {
    query: &'a str,
    chars: Vec<(usize, char)>,
    index: usize,
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars
            .get(self.index + ahead)
            .map(|(_, character)| *character)
    }

    fn offset(&self) -> usize {
        self.chars
            .get(self.index)
            .map_or(self.query.len(), |(offset, _)| *offset)
    }

    /// Salesforce reports characters the lexer cannot place with ANTLR's wording and a 0-based
    /// column.
    fn no_viable_alternative(&self, character: char) -> SoqlError {
        let offset = self.offset();
        let before = &self.query[..offset];
        let row = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |index| index + 1);
        let column = self.query[line_start..offset].chars().count();
        SoqlError::plain(
            MALFORMED_QUERY,
            format!("line {row}:{column} no viable alternative at character '{character}'"),
        )
    }

    fn next_token(&mut self) -> Result<Token, SoqlError> {
        while self.peek(0).is_some_and(char::is_whitespace) {
            self.index += 1;
        }
        let start = self.offset();
        let Some(character) = self.peek(0) else {
            return Ok(Token {
                kind: TokenKind::End,
                offset: start,
                text: "<EOF>".into(),
            });
        };
        let kind = match character {
            ',' => self.single(TokenKind::Comma),
            '.' => self.single(TokenKind::Dot),
            ':' => self.single(TokenKind::Colon),
            '(' => self.single(TokenKind::LeftParen),
            ')' => self.single(TokenKind::RightParen),
            '=' => self.single(TokenKind::Equal),
            '!' if self.peek(1) == Some('=') => {
                self.index += 2;
                TokenKind::NotEqual
            }
            '<' if self.peek(1) == Some('>') => {
                self.index += 2;
                TokenKind::NotEqual
            }
            '<' if self.peek(1) == Some('=') => {
                self.index += 2;
                TokenKind::LessEqual
            }
            '<' => self.single(TokenKind::Less),
            '>' if self.peek(1) == Some('=') => {
                self.index += 2;
                TokenKind::GreaterEqual
            }
            '>' => self.single(TokenKind::Greater),
            '\'' => self.string()?,
            '0'..='9' => self.number_or_date()?,
            '-' | '+' if self.peek(1).is_some_and(|next| next.is_ascii_digit()) => {
                self.index += 1;
                self.number_or_date()?
            }
            character if character.is_alphabetic() || character == '_' => self.identifier(),
            other => return Err(self.no_viable_alternative(other)),
        };
        let end = self.offset();
        Ok(Token {
            kind,
            offset: start,
            text: self.query[start..end].to_owned(),
        })
    }

    fn single(&mut self, kind: TokenKind) -> TokenKind {
        self.index += 1;
        kind
    }

    fn identifier(&mut self) -> TokenKind {
        let start = self.offset();
        while self
            .peek(0)
            .is_some_and(|next| next.is_alphanumeric() || next == '_')
        {
            self.index += 1;
        }
        TokenKind::Identifier(self.query[start..self.offset()].to_owned())
    }

    /// Reads a string literal. Backslash escapes are SOQL's: `\' \" \\ \n \r \t \b \f \uXXXX`,
    /// and `\% \_`, which stay literal characters in LIKE patterns. Any other escape is an error.
    fn string(&mut self) -> Result<TokenKind, SoqlError> {
        let opening = self.offset();
        self.index += 1;
        let mut value = String::new();
        let mut pattern = Vec::new();
        loop {
            let Some(character) = self.peek(0) else {
                return Err(SoqlError::at(
                    self.query,
                    opening,
                    MALFORMED_QUERY,
                    "unexpected token: <EOF>",
                ));
            };
            match character {
                '\'' => {
                    self.index += 1;
                    return Ok(TokenKind::String(StringLiteral { value, pattern }));
                }
                '\\' => {
                    let escape_offset = self.offset();
                    let Some(escaped) = self.peek(1) else {
                        return Err(SoqlError::at(
                            self.query,
                            opening,
                            MALFORMED_QUERY,
                            "unexpected token: <EOF>",
                        ));
                    };
                    self.index += 2;
                    let decoded = match escaped {
                        '\'' | '"' | '\\' => escaped,
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        'b' => '\u{8}',
                        'f' => '\u{c}',
                        'u' => self.unicode_escape(escape_offset)?,
                        '%' | '_' => {
                            value.push('\\');
                            value.push(escaped);
                            pattern.push(LikeToken::Literal(escaped));
                            continue;
                        }
                        other => {
                            return Err(SoqlError::at(
                                self.query,
                                opening,
                                MALFORMED_QUERY,
                                &format!(
                                    "Illegal character sequence '\\{other}' in string literal."
                                ),
                            ));
                        }
                    };
                    value.push(decoded);
                    pattern.push(LikeToken::Literal(decoded));
                }
                '%' => {
                    self.index += 1;
                    value.push('%');
                    pattern.push(LikeToken::AnyMany);
                }
                '_' => {
                    self.index += 1;
                    value.push('_');
                    pattern.push(LikeToken::AnyOne);
                }
                other => {
                    self.index += 1;
                    value.push(other);
                    pattern.push(LikeToken::Literal(other));
                }
            }
        }
    }

    fn unicode_escape(&mut self, escape_offset: usize) -> Result<char, SoqlError> {
        let digits: String = (0..4).filter_map(|ahead| self.peek(ahead)).collect();
        let decoded = (digits.len() == 4)
            .then(|| u32::from_str_radix(&digits, 16).ok())
            .flatten()
            .and_then(char::from_u32);
        match decoded {
            Some(character) => {
                self.index += 4;
                Ok(character)
            }
            None => Err(SoqlError::at(
                self.query,
                escape_offset,
                MALFORMED_QUERY,
                "Invalid unicode escape sequence in string literal.",
            )),
        }
    }

    /// Reads a number, or a date (`2024-05-01`) or datetime (`2024-05-01T10:00:00Z`) literal,
    /// which SOQL writes without quotes.
    fn number_or_date(&mut self) -> Result<TokenKind, SoqlError> {
        let start = self.offset();
        let digits_start = self.index;
        while self.peek(0).is_some_and(|next| next.is_ascii_digit()) {
            self.index += 1;
        }
        let integer_digits = self.index - digits_start;
        if integer_digits == 4
            && self.peek(0) == Some('-')
            && !self.query[start..].starts_with(['-', '+'])
        {
            return self.date_or_datetime(start);
        }
        if self.peek(0) == Some('.') && self.peek(1).is_some_and(|next| next.is_ascii_digit()) {
            self.index += 1;
            while self.peek(0).is_some_and(|next| next.is_ascii_digit()) {
                self.index += 1;
            }
        }
        Ok(TokenKind::Number(
            self.query[start..self.offset()].to_owned(),
        ))
    }

    fn date_or_datetime(&mut self, start: usize) -> Result<TokenKind, SoqlError> {
        while self.peek(0).is_some_and(|next| {
            next.is_ascii_alphanumeric() || matches!(next, '-' | ':' | '.' | '+')
        }) {
            self.index += 1;
        }
        let text = &self.query[start..self.offset()];
        // A datetime without its zone fails on the character after it, which is where a raw `+`
        // that the URL decoding turned into a space ends up.
        if let Some(next) = self.peek(0)
            && parse_date_literal(text).is_none()
            && parse_date_literal(&format!("{text}Z")).is_some()
        {
            return Err(self.no_viable_alternative(next));
        }
        parse_date_literal(text).ok_or_else(|| {
            SoqlError::at(
                self.query,
                start,
                MALFORMED_QUERY,
                &format!("line 1:{start} no viable alternative at character '{text}'"),
            )
        })
    }
}

/// Parses `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ss[.sss](Z|±hh:mm|±hhmm)`.
pub fn parse_date_literal(text: &str) -> Option<TokenKind> {
    let date_part = text.get(..10)?;
    let date = parse_date(date_part)?;
    let rest = &text[10..];
    if rest.is_empty() {
        return Some(TokenKind::Date(date));
    }
    let rest = rest.strip_prefix('T')?;
    let time_text = rest.get(..8)?;
    let hours: u8 = time_text.get(0..2)?.parse().ok()?;
    let minutes: u8 = time_text.get(3..5)?.parse().ok()?;
    let seconds: u8 = time_text.get(6..8)?.parse().ok()?;
    if &time_text[2..3] != ":" || &time_text[5..6] != ":" {
        return None;
    }
    let mut zone = &rest[8..];
    let mut milliseconds = 0u16;
    if let Some(fraction) = zone.strip_prefix('.') {
        let digits: String = fraction.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            return None;
        }
        let padded = format!("{digits:0<3}");
        milliseconds = padded.get(..3)?.parse().ok()?;
        zone = &fraction[digits.len()..];
    }
    let offset = match zone {
        "Z" | "z" => UtcOffset::UTC,
        _ => {
            let sign: i8 = match zone.chars().next()? {
                '+' => 1,
                '-' => -1,
                _ => return None,
            };
            let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
            if digits.len() != 4 || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
                return None;
            }
            let offset_hours: i8 = digits[..2].parse().ok()?;
            let offset_minutes: i8 = digits[2..].parse().ok()?;
            UtcOffset::from_hms(sign * offset_hours, sign * offset_minutes, 0).ok()?
        }
    };
    let time = Time::from_hms_milli(hours, minutes, seconds, milliseconds).ok()?;
    Some(TokenKind::DateTime(
        PrimitiveDateTime::new(date, time).assume_offset(offset),
    ))
}

fn parse_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year: i32 = text[..4].parse().ok()?;
    let month: u8 = text[5..7].parse().ok()?;
    let day: u8 = text[8..10].parse().ok()?;
    let month = time::Month::try_from(month).ok()?;
    Date::from_calendar_date(year, month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(query: &str) -> Vec<TokenKind> {
        tokenize(query)
            .expect("test queries lex")
            .into_iter()
            .map(|token| token.kind)
            .collect()
    }

    #[test]
    fn string_escapes_decode() {
        let tokens = kinds(r"'O\'Dell' 'C:\\temp'");
        let TokenKind::String(first) = &tokens[0] else {
            panic!("expected a string, got {:?}", tokens[0]);
        };
        assert_eq!(first.value, "O'Dell");
        let TokenKind::String(second) = &tokens[1] else {
            panic!("expected a string, got {:?}", tokens[1]);
        };
        assert_eq!(second.value, r"C:\temp");
    }

    #[test]
    fn illegal_escape_is_rejected() {
        let error = tokenize(r"'Anne\-Marie'").expect_err("\\- is not a SOQL escape");
        assert!(
            error
                .message
                .ends_with("Illegal character sequence '\\-' in string literal.")
        );
    }

    #[test]
    fn datetime_with_offset_lexes() {
        let tokens = kinds("2024-03-01T00:00:00+00:00");
        assert!(matches!(tokens[0], TokenKind::DateTime(_)));
    }

    #[test]
    fn datetime_without_zone_fails_at_next_character() {
        let error =
            tokenize("SELECT Id FROM Account WHERE CreatedDate >= 2024-03-01T00:00:00 00:00")
                .expect_err("the zone is missing");
        assert_eq!(error.error_code, MALFORMED_QUERY);
        assert_eq!(
            error.message,
            "line 1:63 no viable alternative at character ' '"
        );
    }

    #[test]
    fn date_lexes() {
        let tokens = kinds("2024-05-01");
        assert_eq!(
            tokens[0],
            TokenKind::Date(Date::from_calendar_date(2024, time::Month::May, 1).expect("valid"))
        );
    }

    #[test]
    fn stray_character_is_no_viable_alternative() {
        let error = tokenize("SELECT Id FROM Account WHERE Name = %").expect_err("% is stray");
        assert_eq!(
            error.message,
            "line 1:36 no viable alternative at character '%'"
        );
    }
}
