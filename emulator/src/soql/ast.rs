//! The SOQL syntax tree produced by the parser. Every node keeps the byte offset where it starts,
//! so errors can point at it.

use rust_decimal::Decimal;
use time::{Date, OffsetDateTime};

/// A string literal: its decoded value, and the same text as a LIKE pattern in which `%` and `_`
/// are wildcards unless they were escaped.
#[derive(Clone, Debug, PartialEq)]
pub struct StringLiteral {
    pub value: String,
    pub pattern: Vec<LikeToken>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LikeToken {
    Literal(char),
    AnyOne,
    AnyMany,
}

/// A name as written, with its offset.
#[derive(Clone, Debug, PartialEq)]
pub struct Name {
    pub text: String,
    pub offset: usize,
}

/// A dotted field path such as `Account.Owner.Name`.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldPath {
    pub parts: Vec<Name>,
}

impl FieldPath {
    pub fn offset(&self) -> usize {
        self.parts.first().map_or(0, |part| part.offset)
    }

    pub fn text(&self) -> String {
        self.parts
            .iter()
            .map(|part| part.text.as_str())
            .collect::<Vec<_>>()
            .join(".")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AggregateFunction {
    Count,
    CountDistinct,
    Sum,
    Avg,
    Min,
    Max,
}

impl AggregateFunction {
    pub fn from_name(name: &str) -> Option<Self> {
        let function = match name.to_ascii_uppercase().as_str() {
            "COUNT" => Self::Count,
            "COUNT_DISTINCT" => Self::CountDistinct,
            "SUM" => Self::Sum,
            "AVG" => Self::Avg,
            "MIN" => Self::Min,
            "MAX" => Self::Max,
            _ => return None,
        };
        Some(function)
    }
}

/// An aggregate call; `COUNT()` has no argument.
#[derive(Clone, Debug, PartialEq)]
pub struct Aggregate {
    pub function: AggregateFunction,
    pub argument: Option<FieldPath>,
    pub alias: Option<String>,
    pub offset: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldsKind {
    All,
    Standard,
    Custom,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SelectItem {
    Field(FieldPath),
    Subquery(Box<Query>),
    Aggregate(Aggregate),
    Fields { kind: FieldsKind, offset: usize },
}

/// The left side of a comparison or an ORDER BY key.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    Field(FieldPath),
    Aggregate(Aggregate),
}

impl Operand {
    pub fn offset(&self) -> usize {
        match self {
            Operand::Field(path) => path.offset(),
            Operand::Aggregate(aggregate) => aggregate.offset,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    Like,
    In,
    NotIn,
    Includes,
    Excludes,
}

/// A relative date literal such as `TODAY` or `LAST_N_DAYS:30`.
#[derive(Clone, Debug, PartialEq)]
pub struct RelativeDate {
    pub name: String,
    pub amount: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LiteralKind {
    Null,
    Boolean(bool),
    Number(Decimal),
    String(StringLiteral),
    Date(Date),
    DateTime(OffsetDateTime),
    Relative(RelativeDate),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Literal {
    pub kind: LiteralKind,
    pub offset: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RightSide {
    Literal(Literal),
    List(Vec<Literal>),
    Subquery(Box<Query>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub left: Operand,
    pub operator: Operator,
    pub operator_offset: usize,
    pub right: RightSide,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    And(Vec<Condition>),
    Or(Vec<Condition>),
    Not(Box<Condition>),
    Comparison(Comparison),
}

#[derive(Clone, Debug, PartialEq)]
pub struct OrderItem {
    pub key: Operand,
    pub descending: bool,
    /// `Some(true)` for NULLS LAST, `Some(false)` for NULLS FIRST.
    pub nulls_last: Option<bool>,
}

/// A whole SELECT statement, or a subquery inside one.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    pub select: Vec<SelectItem>,
    pub from: Name,
    pub alias: Option<String>,
    pub where_clause: Option<Condition>,
    pub group_by: Vec<FieldPath>,
    pub having: Option<Condition>,
    pub order_by: Vec<OrderItem>,
    pub limit: Option<u64>,
    pub offset: Option<(u64, usize)>,
    pub offset_in_query: usize,
}
