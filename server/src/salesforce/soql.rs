//! SOQL and SOSL text: strict percent-encoding of `q`, literal escaping, and checks the explorer
//! offers advice from.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Bytes that stay unencoded in a query parameter: the RFC 3986 unreserved characters. Everything
/// else is percent-encoded as UTF-8, so `+` is sent as `%2B` (not read as a space) and `%` as
/// `%25`.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Characters SOSL reserves inside `FIND {...}`; each needs a backslash to be searched literally.
const SOSL_RESERVED: &[char] = &[
    '?', '&', '|', '!', '{', '}', '[', ']', '(', ')', '^', '~', '*', ':', '\\', '"', '\'', '+', '-',
];

/// Largest `LIMIT` Salesforce accepts on a query using `FIELDS(ALL)` or `FIELDS(CUSTOM)`.
pub const FIELDS_FUNCTION_MAX_LIMIT: u64 = 200;

/// Percent-encodes a query parameter value (SOQL or SOSL) strictly as UTF-8.
pub fn encode_query_value(value: &str) -> String {
    utf8_percent_encode(value, QUERY_VALUE).to_string()
}

/// Quotes a value as a SOQL string literal: the backslash is escaped first, then the single quote.
/// SOQL does not accept a doubled quote, and a hyphen needs no escape.
pub fn string_literal(value: &str) -> String {
    format!("'{}'", escape_string(value))
}

/// Quotes a value as a `LIKE` pattern that matches text containing it: `%` and `_` in the value
/// are escaped so they match themselves.
pub fn like_contains_literal(value: &str) -> String {
    let escaped = escape_string(value).replace('%', "\\%").replace('_', "\\_");
    format!("'%{escaped}%'")
}

fn escape_string(value: &str) -> String {
    value.replace('\\', "\\\\").replace('\'', "\\'")
}

/// Escapes a SOSL search term by putting a backslash before each reserved character. Do not use
/// it for SOQL literals: SOQL rejects `\-` as an illegal escape sequence.
pub fn escape_sosl_term(term: &str) -> String {
    let mut escaped = String::with_capacity(term.len());
    for character in term.chars() {
        if SOSL_RESERVED.contains(&character) {
            escaped.push('\\');
        }
        escaped.push(character);
    }
    escaped
}

/// Returns true when a query uses `FIELDS(ALL)` or `FIELDS(CUSTOM)` without a `LIMIT` of 200 or
/// less, which Salesforce rejects with `MALFORMED_QUERY` even when no row matches.
///
/// NOTE: this reads the text, not a parsed query, so a `LIMIT` inside a subquery counts too. It
/// only decides whether the explorer offers to add `LIMIT 200`.
pub fn fields_function_needs_limit(soql: &str) -> bool {
    let words = code_words(soql);
    let compact: String = words.concat();
    if !compact.contains("FIELDS(ALL)") && !compact.contains("FIELDS(CUSTOM)") {
        return false;
    }
    let limit = words
        .windows(2)
        .rev()
        .find(|pair| pair[0] == "LIMIT")
        .and_then(|pair| pair[1].parse::<u64>().ok());
    limit.is_none_or(|limit| limit > FIELDS_FUNCTION_MAX_LIMIT)
}

/// Returns true when a query ends in Apex's `ALL ROWS`, which the REST API does not support:
/// deleted and archived rows come from `queryAll` instead.
pub fn uses_all_rows(soql: &str) -> bool {
    code_words(soql)
        .windows(2)
        .any(|pair| pair[0] == "ALL" && pair[1] == "ROWS")
}

/// Splits the query outside string literals into upper-case words, with `(`, `)` and `,` as words
/// of their own.
fn code_words(soql: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut characters = soql.chars();
    while let Some(character) = characters.next() {
        match character {
            '\'' => {
                push_word(&mut word, &mut words);
                skip_string_literal(&mut characters);
                words.push("''".to_owned());
            }
            '(' | ')' | ',' => {
                push_word(&mut word, &mut words);
                words.push(character.to_string());
            }
            character if character.is_whitespace() => push_word(&mut word, &mut words),
            character => word.push(character),
        }
    }
    push_word(&mut word, &mut words);
    words
}

fn push_word(word: &mut String, words: &mut Vec<String>) {
    if !word.is_empty() {
        words.push(std::mem::take(word).to_uppercase());
    }
}

fn skip_string_literal(characters: &mut std::str::Chars<'_>) {
    while let Some(character) = characters.next() {
        match character {
            '\\' => {
                characters.next();
            }
            '\'' => return,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_soql_with_datetime_and_non_ascii() {
        assert_eq!(
            encode_query_value(
                "SELECT Id FROM Account WHERE LastModifiedDate >= 2024-03-01T00:00:00+00:00 AND Name LIKE 'Zü%'"
            ),
            "SELECT%20Id%20FROM%20Account%20WHERE%20LastModifiedDate%20%3E%3D%202024-03-01T00%3A00%3A00%2B00%3A00%20AND%20Name%20LIKE%20%27Z%C3%BC%25%27"
        );
    }

    #[test]
    fn encode_plus_and_percent() {
        assert_eq!(encode_query_value("a+b %"), "a%2Bb%20%25");
    }

    #[test]
    fn encode_sosl_search() {
        let search = format!(
            "FIND {{{}}} RETURNING Contact(Id, Name)",
            escape_sosl_term("Marie-Pier Martin")
        );
        assert_eq!(
            search,
            "FIND {Marie\\-Pier Martin} RETURNING Contact(Id, Name)"
        );
        assert_eq!(
            encode_query_value(&search),
            "FIND%20%7BMarie%5C-Pier%20Martin%7D%20RETURNING%20Contact%28Id%2C%20Name%29"
        );
    }

    #[test]
    fn string_literals() {
        let cases = [
            ("O'Dell", r"'O\'Dell'"),
            (r"C:\temp", r"'C:\\temp'"),
            (r"trailing\", r"'trailing\\'"),
            ("Anne-Marie", "'Anne-Marie'"),
            (r"x\' OR Name != null", r"'x\\\' OR Name != null'"),
        ];
        for (value, expected) in cases {
            assert_eq!(string_literal(value), expected, "{value}");
        }
    }

    #[test]
    fn string_literal_never_doubles_quotes() {
        assert!(!string_literal("O'Dell").contains("''"));
    }

    #[test]
    fn like_literal_escapes_wildcards() {
        assert_eq!(like_contains_literal("50%_off"), r"'%50\%\_off%'");
    }

    #[test]
    fn like_literal_escapes_quote_and_backslash() {
        assert_eq!(like_contains_literal(r"O'Dell\"), r"'%O\'Dell\\%'");
    }

    #[test]
    fn sosl_terms() {
        assert_eq!(
            escape_sosl_term("jane+test@example.com"),
            r"jane\+test@example.com"
        );
        assert_eq!(escape_sosl_term("Acme|Widgets"), r"Acme\|Widgets");
        assert_eq!(escape_sosl_term("Marie-Pier Martin"), r"Marie\-Pier Martin");
    }

    #[test]
    fn sosl_escapes_every_reserved_character() {
        assert_eq!(
            escape_sosl_term(r#"?&|!{}[]()^~*:\"'+-"#),
            r#"\?\&\|\!\{\}\[\]\(\)\^\~\*\:\\\"\'\+\-"#
        );
    }

    #[test]
    fn fields_all_without_limit_needs_limit() {
        assert!(fields_function_needs_limit(
            "SELECT FIELDS(ALL) FROM Account"
        ));
    }

    #[test]
    fn fields_all_with_large_limit_needs_limit() {
        assert!(fields_function_needs_limit(
            "SELECT FIELDS(ALL) FROM Account LIMIT 2000"
        ));
    }

    #[test]
    fn fields_all_with_limit_200_is_fine() {
        assert!(!fields_function_needs_limit(
            "SELECT FIELDS(ALL) FROM Account LIMIT 200"
        ));
    }

    #[test]
    fn fields_custom_spacing_and_case() {
        assert!(fields_function_needs_limit(
            "select fields ( custom ) from Account"
        ));
        assert!(!fields_function_needs_limit(
            "select fields(custom) from Account limit 10"
        ));
    }

    #[test]
    fn fields_standard_needs_no_limit() {
        assert!(!fields_function_needs_limit(
            "SELECT FIELDS(STANDARD) FROM Account"
        ));
    }

    #[test]
    fn fields_inside_string_literal_is_ignored() {
        assert!(!fields_function_needs_limit(
            "SELECT Id FROM Account WHERE Name = 'FIELDS(ALL)'"
        ));
    }

    #[test]
    fn all_rows_detected() {
        assert!(uses_all_rows(
            "SELECT Id, Name, IsDeleted FROM Account WHERE IsDeleted = true ALL ROWS"
        ));
    }

    #[test]
    fn all_rows_inside_literal_is_ignored() {
        assert!(!uses_all_rows(
            "SELECT Id FROM Account WHERE Name = 'ALL ROWS'"
        ));
        assert!(!uses_all_rows(
            r"SELECT Id FROM Account WHERE Name = 'it\'s ALL ROWS'"
        ));
    }
}
