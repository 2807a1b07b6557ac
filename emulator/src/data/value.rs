//! Field values as the emulator stores them, and their JSON form on the wire.

use rust_decimal::Decimal;
use serde_json::Value as Json;
use time::{
    Date, OffsetDateTime, UtcOffset, format_description::FormatItem, macros::format_description,
};

use super::schema::FieldType;

/// Salesforce's datetime form on the wire: milliseconds and a `+0000` offset.
const DATETIME_FORMAT: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]+0000");
const DATE_FORMAT: &[FormatItem<'static>] = format_description!("[year]-[month]-[day]");

/// One stored field value. Ids and references are `Text`.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Text(String),
    Bool(bool),
    Number(Decimal),
    Date(Date),
    DateTime(OffsetDateTime),
}

impl Value {
    pub fn text(value: impl Into<String>) -> Self {
        Value::Text(value.into())
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(text) => Some(text),
            _ => None,
        }
    }

    /// Renders the value as Salesforce's REST API does for a field of `field_type`. Numbers are
    /// written from their decimal text, so no digit is lost to a binary float.
    pub fn to_json(&self, field_type: FieldType) -> Json {
        match self {
            Value::Null => Json::Null,
            Value::Text(text) => Json::String(text.clone()),
            Value::Bool(flag) => Json::Bool(*flag),
            Value::Number(number) => number_to_json(*number, field_type),
            Value::Date(date) => Json::String(format_date(*date)),
            Value::DateTime(moment) => Json::String(format_datetime(*moment)),
        }
    }
}

/// Writes a decimal as a raw JSON number. Integer fields come out without a fraction. Fractional
/// types keep at least one fractional digit (`15000.0`), as Salesforce prints them.
/// NOTE: Salesforce prints large doubles in exponent form (`1.5E7`); the emulator always writes
/// plain decimal text so that clients can check that no digit is lost.
pub fn number_to_json(number: Decimal, field_type: FieldType) -> Json {
    let normalized = number.normalize();
    let text = if field_type == FieldType::Int || normalized.scale() > 0 {
        normalized.to_string()
    } else {
        format!("{normalized}.0")
    };
    let parsed: serde_json::Number = text
        .parse()
        .expect("a decimal's text is a valid JSON number");
    Json::Number(parsed)
}

pub fn format_date(date: Date) -> String {
    date.format(DATE_FORMAT).expect("a date always formats")
}

pub fn format_datetime(moment: OffsetDateTime) -> String {
    moment
        .to_offset(UtcOffset::UTC)
        .format(DATETIME_FORMAT)
        .expect("a UTC datetime always formats")
}
