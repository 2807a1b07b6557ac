//! SOSL: `FIND {term} [IN ... FIELDS] [RETURNING Object(fields [WHERE ...] [ORDER BY ...]
//! [LIMIT n]), ...] [LIMIT n]`. The search term is matched word by word against text fields; each
//! RETURNING clause runs as a SOQL query restricted to the matching records.

use std::collections::HashSet;

use serde_json::Value as Json;

use crate::data::schema::{FieldType, ObjectDef, SCHEMA};
use crate::data::store::Store;
use crate::soql::ast::LikeToken;
use crate::soql::filter::like;
use crate::soql::{self, QueryContext, SoqlError};

pub const MALFORMED_SEARCH: &str = "MALFORMED_SEARCH";

/// Objects searched when a search has no RETURNING clause.
const DEFAULT_OBJECTS: &[&str] = &[
    "Account",
    "Contact",
    "Lead",
    "Opportunity",
    "Case",
    "Invoice__c",
];
/// Characters that must carry a backslash inside the search term.
const RESERVED: &[char] = &[
    '?', '&', '|', '!', '{', '}', '[', ']', '(', ')', '^', '~', '*', ':', '\\', '"', '\'', '+', '-',
];
/// The maximum number of records a search returns without a LIMIT.
const DEFAULT_LIMIT: usize = 2_000;

/// The set of fields a search reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    All,
    Name,
    Email,
    Phone,
}

/// One search word: its pattern, or nothing when it can never match.
struct Word {
    pattern: Vec<LikeToken>,
}

/// A parsed search.
struct Search {
    words: Vec<Word>,
    /// Set when the term had an unescaped `+`, for which Salesforce returns no rows.
    matches_nothing: bool,
    scope: Scope,
    returning: Vec<(String, Option<String>)>,
    limit: Option<usize>,
}

fn malformed(message: impl Into<String>) -> SoqlError {
    SoqlError::plain(MALFORMED_SEARCH, message)
}

/// Reports a stray character in the term like Salesforce: the line, a caret under the character,
/// and its 0-based column, which is what the real service reports for this error.
fn mismatched(search: &str, offset: usize, character: char) -> SoqlError {
    let column = search[..offset].chars().count();
    malformed(format!(
        "\n{search}\n{}^\nERROR at Row:1:Column:{column}\nmismatched character '{character}' expecting '}}'",
        " ".repeat(column)
    ))
}

fn parse(search: &str) -> Result<Search, SoqlError> {
    let trimmed = search.trim_start();
    let Some(after_find) = trimmed
        .get(..4)
        .filter(|word| word.eq_ignore_ascii_case("FIND"))
        .map(|_| &trimmed[4..])
    else {
        return Err(malformed(
            "No search term found. The search term must be enclosed in braces.",
        ));
    };
    let after_space = after_find.trim_start();
    if !after_space.starts_with('{') {
        return Err(malformed(
            "No search term found. The search term must be enclosed in braces.",
        ));
    }
    let term_start = search.len() - after_space.len() + 1;
    let (words, matches_nothing, term_end) = parse_term(search, term_start)?;
    let rest = &search[term_end + 1..];
    let (scope, returning, limit) = parse_clauses(rest)?;
    Ok(Search {
        words,
        matches_nothing,
        scope,
        returning,
        limit,
    })
}

/// Reads the term from just after `{` to the closing `}`. Returns the words, whether an
/// unescaped `+` appeared, and the byte offset of the closing brace.
fn parse_term(search: &str, start: usize) -> Result<(Vec<Word>, bool, usize), SoqlError> {
    let mut words = Vec::new();
    let mut current: Vec<LikeToken> = Vec::new();
    let mut matches_nothing = false;
    let mut in_phrase = false;
    let mut characters = search[start..]
        .char_indices()
        .map(|(index, character)| (start + index, character));
    let mut visible_length = 0;
    let finish = |current: &mut Vec<LikeToken>, words: &mut Vec<Word>| {
        if !current.is_empty() {
            words.push(Word {
                pattern: std::mem::take(current),
            });
        }
    };
    while let Some((offset, character)) = characters.next() {
        match character {
            '}' if !in_phrase => {
                finish(&mut current, &mut words);
                if visible_length < 2 {
                    return Err(malformed("search term must be longer than one character"));
                }
                return Ok((words, matches_nothing, offset));
            }
            '\\' => {
                let Some((_, escaped)) = characters.next() else {
                    break;
                };
                if !RESERVED.contains(&escaped) {
                    return Err(mismatched(search, offset, '\\'));
                }
                current.push(LikeToken::Literal(escaped));
                visible_length += 1;
            }
            '"' => {
                in_phrase = !in_phrase;
            }
            '*' => current.push(LikeToken::AnyMany),
            '?' => current.push(LikeToken::AnyOne),
            '+' => matches_nothing = true,
            character if character.is_whitespace() && !in_phrase => {
                finish(&mut current, &mut words)
            }
            character if RESERVED.contains(&character) => {
                return Err(mismatched(search, offset, character));
            }
            other => {
                current.push(LikeToken::Literal(other));
                visible_length += 1;
            }
        }
    }
    Err(malformed(
        "No search term found. The search term must be enclosed in braces.",
    ))
}

/// Splits `rest` on top-level commas, outside parentheses and quotes.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut in_quote = false;
    let mut escaped = false;
    let mut start = 0;
    for (index, character) in text.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match character {
            '\\' if in_quote => escaped = true,
            '\'' => in_quote = !in_quote,
            '(' if !in_quote => depth += 1,
            ')' if !in_quote => depth -= 1,
            ',' if !in_quote && depth == 0 => {
                parts.push(&text[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

type Clauses = (Scope, Vec<(String, Option<String>)>, Option<usize>);

fn parse_clauses(rest: &str) -> Result<Clauses, SoqlError> {
    let mut scope = Scope::All;
    let mut text = rest.trim();
    let upper = text.to_ascii_uppercase();
    if upper.starts_with("IN ") {
        let words: Vec<&str> = text.splitn(4, char::is_whitespace).collect();
        let scope_word = words
            .get(1)
            .map(|word| word.to_ascii_uppercase())
            .unwrap_or_default();
        scope = match scope_word.as_str() {
            "ALL" => Scope::All,
            "NAME" => Scope::Name,
            "EMAIL" => Scope::Email,
            "PHONE" => Scope::Phone,
            other => return Err(malformed(format!("unexpected token: {other}"))),
        };
        if !words
            .get(2)
            .is_some_and(|word| word.eq_ignore_ascii_case("FIELDS"))
        {
            return Err(malformed("unexpected token: expected FIELDS"));
        }
        text = words.get(3).copied().unwrap_or_default().trim();
    }
    let mut limit = None;
    // A trailing `LIMIT n` outside every RETURNING clause caps the whole search.
    if let Some(position) = text.to_ascii_uppercase().rfind("LIMIT ")
        && !text[position..].contains(')')
    {
        let number = text[position + 6..].trim();
        limit = Some(
            number
                .parse::<usize>()
                .map_err(|_| malformed(format!("unexpected token: {number}")))?,
        );
        text = text[..position].trim();
    }
    let mut returning = Vec::new();
    if !text.is_empty() {
        let upper = text.to_ascii_uppercase();
        let Some(list) = upper.strip_prefix("RETURNING").map(|_| &text[9..]) else {
            return Err(malformed(format!(
                "unexpected token: {}",
                text.split_whitespace().next().unwrap_or_default()
            )));
        };
        for spec in split_top_level(list) {
            let spec = spec.trim();
            match spec.find('(') {
                Some(open) => {
                    let close = spec
                        .rfind(')')
                        .ok_or_else(|| malformed("unexpected token: <EOF>"))?;
                    returning.push((
                        spec[..open].trim().to_owned(),
                        Some(spec[open + 1..close].to_owned()),
                    ));
                }
                None => returning.push((spec.to_owned(), None)),
            }
        }
    }
    Ok((scope, returning, limit))
}

/// Turns `Id, Name WHERE x ORDER BY y LIMIT 5` into `SELECT Id, Name FROM Object WHERE x ...`.
fn soql_for(object: &str, spec: Option<&str>) -> String {
    let Some(spec) = spec.map(str::trim).filter(|spec| !spec.is_empty()) else {
        return format!("SELECT Id FROM {object}");
    };
    let upper = spec.to_ascii_uppercase();
    let clause_start = [" WHERE ", " ORDER BY ", " LIMIT ", " OFFSET "]
        .iter()
        .filter_map(|keyword| upper.find(keyword))
        .min();
    match clause_start {
        Some(position) => format!(
            "SELECT {} FROM {object}{}",
            &spec[..position],
            &spec[position..]
        ),
        None => format!("SELECT {spec} FROM {object}"),
    }
}

fn searchable(object: &ObjectDef, scope: Scope) -> Vec<&'static str> {
    let object = SCHEMA
        .object(object.name)
        .expect("the object comes from the schema");
    object
        .fields
        .iter()
        .filter(|field| match scope {
            Scope::All => matches!(
                field.field_type,
                FieldType::String
                    | FieldType::Textarea
                    | FieldType::Email
                    | FieldType::Phone
                    | FieldType::Url
            ),
            Scope::Name => matches!(field.name, "Name" | "FirstName" | "LastName" | "Company"),
            Scope::Email => field.field_type == FieldType::Email,
            Scope::Phone => field.field_type == FieldType::Phone,
        })
        .map(|field| field.name)
        .collect()
}

/// Returns the ids of an object's live records in which every word occurs.
fn matching_ids(store: &Store, object: &ObjectDef, search: &Search) -> HashSet<String> {
    if search.matches_nothing || search.words.is_empty() {
        return HashSet::new();
    }
    let fields = searchable(object, search.scope);
    let patterns: Vec<Vec<LikeToken>> = search
        .words
        .iter()
        .map(|word| {
            let mut pattern = vec![LikeToken::AnyMany];
            pattern.extend(word.pattern.iter().cloned());
            pattern.push(LikeToken::AnyMany);
            pattern
        })
        .collect();
    store
        .records(object.name)
        .iter()
        .filter(|record| !record.deleted)
        .filter(|record| {
            let texts: Vec<String> = fields
                .iter()
                .filter_map(|field| record.text(field))
                .collect();
            patterns
                .iter()
                .all(|pattern| texts.iter().any(|text| like(text, pattern)))
        })
        .map(|record| record.id.clone())
        .collect()
}

/// Runs a search and returns `searchRecords`.
pub fn search(store: &Store, text: &str, version: &str) -> Result<Vec<Json>, SoqlError> {
    let parsed = parse(text)?;
    let returning = if parsed.returning.is_empty() {
        DEFAULT_OBJECTS
            .iter()
            .map(|name| ((*name).to_owned(), None))
            .collect()
    } else {
        parsed.returning.clone()
    };
    let limit = parsed.limit.unwrap_or(DEFAULT_LIMIT);
    let mut records = Vec::new();
    for (object_name, spec) in &returning {
        let Some(object) = SCHEMA.object(object_name) else {
            return Err(SoqlError::plain(
                crate::soql::error::INVALID_TYPE,
                format!("sObject type '{object_name}' is not supported."),
            ));
        };
        let ids = matching_ids(store, object, &parsed);
        let soql_text = soql_for(object.name, spec.as_deref());
        let context = QueryContext {
            store,
            text: &soql_text,
            include_deleted: false,
            now: time::OffsetDateTime::now_utc(),
            version,
            only_ids: Some(&ids),
        };
        let rows = soql::query(&context)?;
        records.extend(rows.records);
    }
    records.truncate(limit);
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_hyphen_is_literal() {
        let parsed =
            parse(r"FIND {Marie\-Pier Martin} RETURNING Contact(Id, Name)").expect("valid search");
        assert_eq!(parsed.words.len(), 2);
        assert_eq!(
            parsed.returning,
            vec![("Contact".to_owned(), Some("Id, Name".to_owned()))]
        );
    }

    #[test]
    fn unescaped_hyphen_is_malformed() {
        let error = parse("FIND {Marie-Pier Martin} RETURNING Contact(Id, Name)")
            .err()
            .expect("a stray hyphen");
        assert_eq!(error.error_code, MALFORMED_SEARCH);
        assert!(
            error
                .message
                .ends_with("ERROR at Row:1:Column:11\nmismatched character '-' expecting '}'"),
            "{}",
            error.message
        );
    }

    #[test]
    fn soql_for_splits_clauses() {
        assert_eq!(
            soql_for("Contact", Some("Id, Name WHERE Title = 'CEO' LIMIT 5")),
            "SELECT Id, Name FROM Contact WHERE Title = 'CEO' LIMIT 5"
        );
        assert_eq!(soql_for("Account", None), "SELECT Id FROM Account");
    }
}
