//! WHERE and HAVING conditions: type checks against the schema (with Salesforce's error texts),
//! compilation to filters, and their evaluation on records or groups.

use std::borrow::Cow;
use std::cmp::Ordering;

use time::{Date, OffsetDateTime, UtcOffset};

use super::ast::{
    Aggregate, AggregateFunction, Comparison, Condition, LikeToken, Literal, LiteralKind, Operand,
    Operator, Query, RightSide,
};
use super::dates;
use super::error::{INVALID_FIELD, INVALID_QUERY_FILTER_OPERATOR, MALFORMED_QUERY, SoqlError};
use super::resolve::{self, ResolvedPath};
use crate::data::schema::{FieldType, ObjectDef};
use crate::data::value::Value;
use crate::ids;

/// The operand a comparison reads: a field path, or an aggregate in HAVING and ORDER BY.
#[derive(Clone, Debug)]
pub enum Target {
    Field(ResolvedPath),
    Aggregate {
        function: AggregateFunction,
        argument: Option<ResolvedPath>,
    },
}

impl Target {
    pub fn field_type(&self) -> FieldType {
        match self {
            Target::Field(path) => path.field.field_type,
            Target::Aggregate { function, argument } => match (function, argument) {
                (AggregateFunction::Count | AggregateFunction::CountDistinct, _) => FieldType::Int,
                (AggregateFunction::Avg, _) => FieldType::Double,
                (_, Some(path)) => path.field.field_type,
                (_, None) => FieldType::Int,
            },
        }
    }
}

/// The test one comparison applies to its target's value.
#[derive(Clone, Debug)]
pub enum Test {
    Null {
        negated: bool,
    },
    Compare(Operator, Value),
    Range(Operator, Date, Date),
    Like(Vec<LikeToken>),
    In {
        values: Vec<Value>,
        negated: bool,
    },
    Includes {
        sets: Vec<Vec<String>>,
        negated: bool,
    },
}

/// A compiled condition.
#[derive(Clone, Debug)]
pub enum Filter {
    And(Vec<Filter>),
    Or(Vec<Filter>),
    Not(Box<Filter>),
    Test { target: Target, test: Test },
}

/// The context conditions are compiled in.
pub struct Scope<'a> {
    pub text: &'a str,
    pub object: &'static ObjectDef,
    pub alias: Option<&'a str>,
    pub today: Date,
    /// Whether aggregates may appear, as in HAVING.
    pub aggregates_allowed: bool,
    /// Runs a semi-join subquery (`Id IN (SELECT AccountId FROM Contact)`) and returns the
    /// values of its one field.
    pub semi_join: &'a dyn Fn(&Query) -> Result<Vec<Value>, SoqlError>,
}

impl Scope<'_> {
    pub fn target(&self, operand: &Operand) -> Result<Target, SoqlError> {
        match operand {
            Operand::Field(path) => Ok(Target::Field(resolve::field_path(
                self.text,
                self.object,
                self.alias,
                path,
            )?)),
            Operand::Aggregate(aggregate) if self.aggregates_allowed => self.aggregate(aggregate),
            Operand::Aggregate(aggregate) => Err(SoqlError::at(
                self.text,
                aggregate.offset,
                MALFORMED_QUERY,
                "Aggregate functions are not allowed in the WHERE clause",
            )),
        }
    }

    pub fn aggregate(&self, aggregate: &Aggregate) -> Result<Target, SoqlError> {
        let argument = match &aggregate.argument {
            Some(path) => Some(resolve::field_path(
                self.text,
                self.object,
                self.alias,
                path,
            )?),
            None => None,
        };
        Ok(Target::Aggregate {
            function: aggregate.function,
            argument,
        })
    }

    pub fn compile(&self, condition: &Condition) -> Result<Filter, SoqlError> {
        match condition {
            Condition::And(parts) => Ok(Filter::And(self.compile_all(parts)?)),
            Condition::Or(parts) => Ok(Filter::Or(self.compile_all(parts)?)),
            Condition::Not(inner) => Ok(Filter::Not(Box::new(self.compile(inner)?))),
            Condition::Comparison(comparison) => self.comparison(comparison),
        }
    }

    fn compile_all(&self, parts: &[Condition]) -> Result<Vec<Filter>, SoqlError> {
        parts.iter().map(|part| self.compile(part)).collect()
    }

    fn comparison(&self, comparison: &Comparison) -> Result<Filter, SoqlError> {
        let target = self.target(&comparison.left)?;
        let field_type = target.field_type();
        let field_name = match &target {
            Target::Field(path) => path.field.name,
            Target::Aggregate { .. } => "",
        };
        let operator_error = |message: &str| {
            SoqlError::at(
                self.text,
                comparison.left.offset(),
                INVALID_QUERY_FILTER_OPERATOR,
                message,
            )
        };
        let operator = comparison.operator;
        match operator {
            Operator::Includes | Operator::Excludes if field_type != FieldType::MultiPicklist => {
                return Err(operator_error(
                    "includes or excludes operator only valid on multipicklist field",
                ));
            }
            Operator::Like
            | Operator::Less
            | Operator::LessEqual
            | Operator::Greater
            | Operator::GreaterEqual
                if field_type == FieldType::MultiPicklist =>
            {
                return Err(operator_error("invalid operator on multipicklist field"));
            }
            Operator::Like if !field_type.is_textual() => {
                return Err(operator_error(&format!(
                    "invalid operator on {} field",
                    field_type.describe_name()
                )));
            }
            _ => {}
        }
        let test = match (&comparison.right, operator) {
            (RightSide::Literal(literal), Operator::Like) => match &literal.kind {
                LiteralKind::String(text) => Test::Like(text.pattern.clone()),
                LiteralKind::Null => Test::Null { negated: false },
                _ => return Err(self.type_error(field_name, field_type, literal)),
            },
            (RightSide::Literal(literal), _) => {
                if let LiteralKind::Null = literal.kind {
                    Test::Null {
                        negated: operator == Operator::NotEqual,
                    }
                } else if let LiteralKind::Relative(relative) = &literal.kind {
                    if !matches!(field_type, FieldType::Date | FieldType::DateTime) {
                        return Err(self.type_error(field_name, field_type, literal));
                    }
                    let (start, end) = dates::range(&relative.name, relative.amount, self.today);
                    Test::Range(operator, start, end)
                } else {
                    let value = self.value(field_name, field_type, literal)?;
                    if field_type == FieldType::MultiPicklist {
                        let set = split_multi(&value);
                        let negated = operator == Operator::NotEqual;
                        Test::Includes {
                            sets: vec![set],
                            negated,
                        }
                        .exact()
                    } else {
                        Test::Compare(operator, value)
                    }
                }
            }
            (RightSide::List(literals), Operator::Includes | Operator::Excludes) => {
                let mut sets = Vec::new();
                for literal in literals {
                    let value = self.value(field_name, field_type, literal)?;
                    sets.push(split_multi(&value));
                }
                Test::Includes {
                    sets,
                    negated: operator == Operator::Excludes,
                }
            }
            (RightSide::List(literals), Operator::In | Operator::NotIn) => {
                let mut values = Vec::new();
                for literal in literals {
                    values.push(self.value(field_name, field_type, literal)?);
                }
                Test::In {
                    values,
                    negated: operator == Operator::NotIn,
                }
            }
            (RightSide::Subquery(subquery), Operator::In | Operator::NotIn) => Test::In {
                values: (self.semi_join)(subquery)?,
                negated: operator == Operator::NotIn,
            },
            _ => {
                return Err(SoqlError::at(
                    self.text,
                    comparison.operator_offset,
                    MALFORMED_QUERY,
                    "unexpected token: (",
                ));
            }
        };
        Ok(Filter::Test { target, test })
    }

    /// Salesforce's error for a literal of the wrong type for its field.
    fn type_error(&self, field_name: &str, field_type: FieldType, literal: &Literal) -> SoqlError {
        let quoting = if field_type.is_textual() || field_type.is_id() {
            "should be enclosed in quotes"
        } else {
            "should not be enclosed in quotes"
        };
        SoqlError::at(
            self.text,
            literal.offset,
            INVALID_FIELD,
            &format!(
                "value of filter criterion for field '{field_name}' must be of type {} and {quoting}",
                field_type.filter_type_name()
            ),
        )
    }

    /// Converts a literal to a stored value of the field's type, or fails as Salesforce does.
    fn value(
        &self,
        field_name: &str,
        field_type: FieldType,
        literal: &Literal,
    ) -> Result<Value, SoqlError> {
        let mismatch = || self.type_error(field_name, field_type, literal);
        match (&literal.kind, field_type) {
            (LiteralKind::Null, _) => Ok(Value::Null),
            (LiteralKind::String(text), FieldType::Id | FieldType::Reference) => {
                match ids::normalize(&text.value) {
                    Some(id) => Ok(Value::Text(id)),
                    None => Err(SoqlError::at(
                        self.text,
                        literal.offset,
                        INVALID_QUERY_FILTER_OPERATOR,
                        &format!("invalid ID field: {}", text.value),
                    )),
                }
            }
            (LiteralKind::String(text), field_type) if field_type.is_textual() => {
                Ok(Value::Text(text.value.clone()))
            }
            (LiteralKind::Number(number), field_type) if field_type.is_numeric() => {
                Ok(Value::Number(*number))
            }
            (LiteralKind::Boolean(flag), FieldType::Boolean) => Ok(Value::Bool(*flag)),
            (LiteralKind::Date(date), FieldType::Date) => Ok(Value::Date(*date)),
            (LiteralKind::DateTime(moment), FieldType::DateTime) => Ok(Value::DateTime(*moment)),
            _ => Err(mismatch()),
        }
    }
}

impl Test {
    /// Turns an INCLUDES test into the exact-set match that `=` on a multi-select picklist is.
    fn exact(self) -> Test {
        match self {
            Test::Includes { sets, negated } => {
                let set = sets.into_iter().next().unwrap_or_default();
                Test::Compare(
                    if negated {
                        Operator::NotEqual
                    } else {
                        Operator::Equal
                    },
                    Value::Text(set.join(";")),
                )
            }
            other => other,
        }
    }
}

fn split_multi(value: &Value) -> Vec<String> {
    let mut items: Vec<String> = value
        .as_text()
        .unwrap_or_default()
        .split(';')
        .map(|item| item.trim().to_lowercase())
        .filter(|item| !item.is_empty())
        .collect();
    items.sort();
    items.dedup();
    items
}

/// Orders two non-null values of the same kind; text compares without regard to case, as SOQL
/// does for string fields.
pub fn compare_values(left: &Value, right: &Value, field_type: FieldType) -> Option<Ordering> {
    match (left, right) {
        (Value::Text(left), Value::Text(right)) if field_type.is_id() => Some(left.cmp(right)),
        (Value::Text(left), Value::Text(right)) if field_type == FieldType::MultiPicklist => {
            let left = split_multi(&Value::Text(left.clone()));
            let right = split_multi(&Value::Text(right.clone()));
            Some(left.cmp(&right))
        }
        (Value::Text(left), Value::Text(right)) => {
            // ASCII text, the common case, compares without allocating.
            if left.is_ascii() && right.is_ascii() {
                Some(
                    left.bytes()
                        .map(|byte| byte.to_ascii_lowercase())
                        .cmp(right.bytes().map(|byte| byte.to_ascii_lowercase())),
                )
            } else {
                Some(left.to_lowercase().cmp(&right.to_lowercase()))
            }
        }
        (Value::Number(left), Value::Number(right)) => Some(left.cmp(right)),
        (Value::Bool(left), Value::Bool(right)) => Some(left.cmp(right)),
        (Value::Date(left), Value::Date(right)) => Some(left.cmp(right)),
        (Value::DateTime(left), Value::DateTime(right)) => Some(left.cmp(right)),
        _ => None,
    }
}

fn day_of(value: &Value) -> Option<Date> {
    match value {
        Value::Date(date) => Some(*date),
        Value::DateTime(moment) => Some(to_utc(*moment).date()),
        _ => None,
    }
}

fn to_utc(moment: OffsetDateTime) -> OffsetDateTime {
    moment.to_offset(UtcOffset::UTC)
}

/// Matches a LIKE pattern without regard to case.
pub fn like(text: &str, pattern: &[LikeToken]) -> bool {
    let text: Vec<char> = text.to_lowercase().chars().collect();
    let pattern: Vec<LikeToken> = pattern
        .iter()
        .map(|token| match token {
            LikeToken::Literal(character) => {
                LikeToken::Literal(character.to_lowercase().next().unwrap_or(*character))
            }
            other => other.clone(),
        })
        .collect();
    // Dynamic programming over (pattern position, text position).
    let mut reachable = vec![false; text.len() + 1];
    reachable[0] = true;
    for token in &pattern {
        let mut next = vec![false; text.len() + 1];
        match token {
            LikeToken::AnyMany => {
                let mut seen = false;
                for position in 0..=text.len() {
                    seen |= reachable[position];
                    next[position] = seen;
                }
            }
            LikeToken::AnyOne => {
                next[1..].copy_from_slice(&reachable[..text.len()]);
            }
            LikeToken::Literal(expected) => {
                for position in 0..text.len() {
                    next[position + 1] = reachable[position] && text[position] == *expected;
                }
            }
        }
        reachable = next;
    }
    reachable[text.len()]
}

/// Evaluates a filter; `read` returns the value of a target for the row under test.
pub fn evaluate<'v>(filter: &Filter, read: &dyn Fn(&Target) -> Cow<'v, Value>) -> bool {
    match filter {
        Filter::And(parts) => parts.iter().all(|part| evaluate(part, read)),
        Filter::Or(parts) => parts.iter().any(|part| evaluate(part, read)),
        Filter::Not(inner) => !evaluate(inner, read),
        Filter::Test { target, test } => {
            let value = read(target);
            run_test(test, &value, target.field_type())
        }
    }
}

fn run_test(test: &Test, value: &Value, field_type: FieldType) -> bool {
    match test {
        Test::Null { negated } => value.is_null() != *negated,
        // `!=` and `NOT IN` also match records whose field is null.
        _ if value.is_null() => matches!(
            test,
            Test::Compare(Operator::NotEqual, _)
                | Test::In { negated: true, .. }
                | Test::Includes { negated: true, .. }
        ),
        Test::Compare(operator, expected) => {
            let Some(ordering) = compare_values(value, expected, field_type) else {
                return false;
            };
            match operator {
                Operator::Equal => ordering == Ordering::Equal,
                Operator::NotEqual => ordering != Ordering::Equal,
                Operator::Less => ordering == Ordering::Less,
                Operator::LessEqual => ordering != Ordering::Greater,
                Operator::Greater => ordering == Ordering::Greater,
                Operator::GreaterEqual => ordering != Ordering::Less,
                _ => false,
            }
        }
        Test::Range(operator, start, end) => {
            let Some(day) = day_of(value) else {
                return false;
            };
            match operator {
                Operator::Equal => *start <= day && day < *end,
                Operator::NotEqual => !(*start <= day && day < *end),
                Operator::Less => day < *start,
                Operator::LessEqual => day < *end,
                Operator::Greater => day >= *end,
                Operator::GreaterEqual => day >= *start,
                _ => false,
            }
        }
        Test::Like(pattern) => value.as_text().is_some_and(|text| like(text, pattern)),
        Test::In { values, negated } => {
            let found = values.iter().any(|candidate| {
                compare_values(value, candidate, field_type) == Some(Ordering::Equal)
            });
            found != *negated
        }
        Test::Includes { sets, negated } => {
            let present = split_multi(value);
            let found = sets
                .iter()
                .any(|set| set.iter().all(|item| present.contains(item)));
            found != *negated
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(text: &str) -> Vec<LikeToken> {
        text.chars()
            .map(|character| match character {
                '%' => LikeToken::AnyMany,
                '_' => LikeToken::AnyOne,
                other => LikeToken::Literal(other),
            })
            .collect()
    }

    #[test]
    fn like_matches_prefix_without_case() {
        assert!(like("Zürich Versicherungs-Gruppe", &pattern("zü%")));
    }

    #[test]
    fn like_single_character_wildcard() {
        assert!(like("Initech", &pattern("Init_ch")));
        assert!(!like("Initech", &pattern("Init_h")));
    }

    #[test]
    fn like_escaped_percent_is_literal() {
        let literal = vec![
            LikeToken::AnyMany,
            LikeToken::Literal('5'),
            LikeToken::Literal('0'),
            LikeToken::Literal('%'),
            LikeToken::AnyMany,
        ];
        assert!(like("50%_off Outlet", &literal));
        assert!(!like("500 Outlet", &literal));
    }
}
