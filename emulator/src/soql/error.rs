//! SOQL errors in Salesforce's form: an error code and a message that echoes the query line,
//! marks the column with a caret, and states the cause.

/// A SOQL error as the REST API reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SoqlError {
    pub error_code: &'static str,
    pub message: String,
}

pub const MALFORMED_QUERY: &str = "MALFORMED_QUERY";
pub const INVALID_FIELD: &str = "INVALID_FIELD";
pub const INVALID_TYPE: &str = "INVALID_TYPE";
pub const INVALID_QUERY_FILTER_OPERATOR: &str = "INVALID_QUERY_FILTER_OPERATOR";
pub const NUMBER_OUTSIDE_VALID_RANGE: &str = "NUMBER_OUTSIDE_VALID_RANGE";

impl SoqlError {
    /// Builds an error located at byte `offset` of `query`: the query's line, a caret under the
    /// column, `ERROR at Row:r:Column:c` (both 1-based, the column counted in characters), and
    /// the cause.
    pub fn at(query: &str, offset: usize, error_code: &'static str, cause: &str) -> Self {
        let offset = offset.min(query.len());
        let before = &query[..offset];
        let row = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |index| index + 1);
        let column = query[line_start..offset].chars().count() + 1;
        let line_end = query[offset..]
            .find('\n')
            .map_or(query.len(), |index| offset + index);
        let line = query[line_start..line_end].trim_end_matches('\r');
        let caret = format!("{}^", " ".repeat(column - 1));
        Self {
            error_code,
            message: format!("\n{line}\n{caret}\nERROR at Row:{row}:Column:{column}\n{cause}"),
        }
    }

    /// Builds an error without a location, as Salesforce reports lexer errors: `line 1:7 no
    /// viable alternative at character '%'`, with a 0-based column.
    pub fn plain(error_code: &'static str, message: impl Into<String>) -> Self {
        Self {
            error_code,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_marks_row_and_column() {
        let query = "SELECT Id, Email, Legacy_Date__c FROM Lead";
        let error = SoqlError::at(query, 18, INVALID_FIELD, "No such column");
        assert_eq!(
            error.message,
            "\nSELECT Id, Email, Legacy_Date__c FROM Lead\n                  ^\nERROR at Row:1:Column:19\nNo such column"
        );
    }

    #[test]
    fn at_counts_rows_of_multiline_query() {
        let query = "SELECT Id\nFROM Lead\nWHERE Bogus = 1";
        let error = SoqlError::at(query, 26, INVALID_FIELD, "cause");
        assert_eq!(
            error.message,
            "\nWHERE Bogus = 1\n      ^\nERROR at Row:3:Column:7\ncause"
        );
    }
}
