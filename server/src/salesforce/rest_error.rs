//! One entry of the REST API's JSON error array, and the query position in its message.

use serde::{Deserialize, Deserializer, Serialize};

/// One `{"message", "errorCode", "fields"}` entry of a REST API error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestError {
    #[serde(rename = "errorCode")]
    pub error_code: String,
    #[serde(default)]
    pub message: String,
    /// Fields the error is about; Salesforce omits the key or sends `null` when there are none.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub fields: Vec<String>,
}

/// Row and column (both 1-based) where Salesforce located a SOQL or SOSL error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct QueryErrorPosition {
    pub row: u32,
    pub column: u32,
}

/// Marker Salesforce puts before the row and column of a query error.
const POSITION_MARKER: &str = "ERROR at Row:";

impl RestError {
    /// Returns the position from an `ERROR at Row:{r}:Column:{c}` line of the message, if any.
    pub fn position(&self) -> Option<QueryErrorPosition> {
        let start = self.message.find(POSITION_MARKER)? + POSITION_MARKER.len();
        let rest = &self.message[start..];
        let (row, rest) = rest.split_once(":Column:")?;
        let column_digits = rest
            .find(|character: char| !character.is_ascii_digit())
            .unwrap_or(rest.len());
        Some(QueryErrorPosition {
            row: row.trim().parse().ok()?,
            column: rest[..column_digits].parse().ok()?,
        })
    }

    /// Returns the message without the echoed query, the caret line and the position line.
    ///
    /// Query errors repeat the query and point at it with a caret before the line with the
    /// position, so the cause is what follows the position line. Other messages come back trimmed.
    pub fn cause(&self) -> &str {
        let Some(marker) = self.message.find(POSITION_MARKER) else {
            return self.message.trim();
        };
        let after_marker = &self.message[marker..];
        match after_marker.split_once('\n') {
            Some((_, cause)) if !cause.trim().is_empty() => cause.trim(),
            _ => self.message.trim(),
        }
    }
}

fn null_as_empty<'de, D>(deserializer: D) -> Result<Vec<String>, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(Option::<Vec<String>>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invalid_field_error() -> RestError {
        RestError {
            error_code: "INVALID_FIELD".to_owned(),
            message: "\nSELECT Id, Email, Legacy_Date__c FROM Lead\n                  ^\nERROR at Row:1:Column:19\nNo such column 'Legacy_Date__c' on entity 'Lead'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.".to_owned(),
            fields: Vec::new(),
        }
    }

    #[test]
    fn position_of_invalid_field() {
        assert_eq!(
            invalid_field_error().position(),
            Some(QueryErrorPosition { row: 1, column: 19 })
        );
    }

    #[test]
    fn position_on_a_later_row() {
        let error = RestError {
            error_code: "INVALID_QUERY_FILTER_OPERATOR".to_owned(),
            message: "\nFROM Account\nWHERE Industries__c LIKE 'Bank%'\n      ^\nERROR at Row:3:Column:7\ninvalid operator on multipicklist field".to_owned(),
            fields: Vec::new(),
        };
        assert_eq!(
            error.position(),
            Some(QueryErrorPosition { row: 3, column: 7 })
        );
        assert_eq!(error.cause(), "invalid operator on multipicklist field");
    }

    #[test]
    fn cause_drops_echoed_query_and_caret() {
        assert_eq!(
            invalid_field_error().cause(),
            "No such column 'Legacy_Date__c' on entity 'Lead'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names."
        );
    }

    #[test]
    fn message_without_position() {
        let error = RestError {
            error_code: "INVALID_SESSION_ID".to_owned(),
            message: "Session expired or invalid".to_owned(),
            fields: Vec::new(),
        };
        assert_eq!(error.position(), None);
        assert_eq!(error.cause(), "Session expired or invalid");
    }

    #[test]
    fn fields_null_or_missing() {
        let parsed: Vec<RestError> = serde_json::from_str(
            r#"[{"message":"a","errorCode":"X","fields":null},{"message":"b","errorCode":"Y"}]"#,
        )
        .expect("both entries are valid REST errors");
        assert_eq!(parsed[0].fields, Vec::<String>::new());
        assert_eq!(parsed[1].fields, Vec::<String>::new());
    }

    #[test]
    fn fields_listed() {
        let parsed: Vec<RestError> = serde_json::from_str(
            r#"[{"message":"Email: invalid email address: not-an-email","errorCode":"INVALID_EMAIL_ADDRESS","fields":["Email"]}]"#,
        )
        .expect("the entry is a valid REST error");
        assert_eq!(
            parsed,
            vec![RestError {
                error_code: "INVALID_EMAIL_ADDRESS".to_owned(),
                message: "Email: invalid email address: not-an-email".to_owned(),
                fields: vec!["Email".to_owned()],
            }]
        );
    }
}
