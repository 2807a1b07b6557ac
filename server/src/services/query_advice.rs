//! Advice the explorer adds to Salesforce's own query errors: a hint in the admin's terms and,
//! where the fix is mechanical, a corrected query to run instead.

use app::error::AppError;

use crate::salesforce::soql::{fields_function_needs_limit, uses_all_rows};

/// Adds advice to a failed query's error. The query itself always goes to Salesforce unchanged:
/// this only reads Salesforce's verdict.
pub fn advise(soql: &str, error: AppError) -> AppError {
    let AppError::Salesforce { title, hint, error_code, message, position, suggested_soql } = error else {
        return error;
    };
    let text = message.as_deref().unwrap_or_default();
    let (hint, suggested_soql) = if uses_all_rows(soql) {
        (
            "ALL ROWS works only in Apex. Through the REST API, check \"Include deleted and archived records\" instead: it runs the query with queryAll.".to_string(),
            Some(without_all_rows(soql)),
        )
    } else if fields_function_needs_limit(soql) {
        (
            "FIELDS(ALL) and FIELDS(CUSTOM) need a LIMIT of 200 or less. Run the suggested query, which adds LIMIT 200.".to_string(),
            Some(with_limit_200(soql)),
        )
    } else if text.contains("should not be enclosed in quotes") {
        (
            "Date and datetime values are not quoted in SOQL: write CloseDate = 2024-05-01, not CloseDate = '2024-05-01'.".to_string(),
            None,
        )
    } else {
        (hint, suggested_soql)
    };
    AppError::Salesforce { title, hint, error_code, message, position, suggested_soql }
}

/// Drops a trailing `ALL ROWS`, keeping everything before it as typed.
fn without_all_rows(soql: &str) -> String {
    let trimmed = soql.trim_end();
    let upper = trimmed.to_ascii_uppercase();
    match upper.rfind("ALL ROWS") {
        Some(index) if upper[index..].trim() == "ALL ROWS" => trimmed[..index].trim_end().to_string(),
        _ => trimmed.to_string(),
    }
}

/// Replaces a final `LIMIT n` with `LIMIT 200`, or appends `LIMIT 200`.
fn with_limit_200(soql: &str) -> String {
    let trimmed = soql.trim_end();
    let upper = trimmed.to_ascii_uppercase();
    if let Some(index) = upper.rfind("LIMIT") {
        let after = upper[index + "LIMIT".len()..].trim();
        if !after.is_empty() && after.chars().all(|c| c.is_ascii_digit()) {
            return format!("{}LIMIT 200", &trimmed[..index]);
        }
    }
    format!("{trimmed} LIMIT 200")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn salesforce_error(message: &str) -> AppError {
        AppError::Salesforce {
            title: "Salesforce rejected the query".to_string(),
            hint: "Correct the query.".to_string(),
            error_code: Some("MALFORMED_QUERY".to_string()),
            message: Some(message.to_string()),
            position: None,
            suggested_soql: None,
        }
    }

    fn suggestion(error: &AppError) -> Option<String> {
        match error {
            AppError::Salesforce { suggested_soql, .. } => suggested_soql.clone(),
            _ => None,
        }
    }

    #[test]
    fn fields_all_without_limit_gets_limit_200() {
        let advised = advise("SELECT FIELDS(ALL) FROM Account", salesforce_error("x"));
        assert_eq!(suggestion(&advised).as_deref(), Some("SELECT FIELDS(ALL) FROM Account LIMIT 200"));
    }

    #[test]
    fn fields_all_with_large_limit_gets_limit_200() {
        let advised = advise("SELECT FIELDS(ALL) FROM Account LIMIT 2000", salesforce_error("x"));
        assert_eq!(suggestion(&advised).as_deref(), Some("SELECT FIELDS(ALL) FROM Account LIMIT 200"));
    }

    #[test]
    fn all_rows_is_replaced_by_the_toggle() {
        let advised = advise(
            "SELECT Id FROM Account WHERE IsDeleted = true ALL ROWS",
            salesforce_error("unexpected token: ALL"),
        );
        assert_eq!(
            suggestion(&advised).as_deref(),
            Some("SELECT Id FROM Account WHERE IsDeleted = true")
        );
    }

    #[test]
    fn quoted_date_gets_a_hint() {
        let advised = advise(
            "SELECT Id FROM Opportunity WHERE CloseDate = '2024-05-01'",
            salesforce_error("value of filter criterion for field 'CloseDate' must be of type date and should not be enclosed in quotes"),
        );
        let AppError::Salesforce { hint, .. } = advised else { panic!("still a Salesforce error") };
        assert!(hint.contains("not quoted"), "{hint}");
    }

    #[test]
    fn other_errors_keep_their_hint() {
        let advised = advise("SELECT Id FROM Account", salesforce_error("x"));
        let AppError::Salesforce { hint, .. } = advised else { panic!("still a Salesforce error") };
        assert_eq!(hint, "Correct the query.");
    }
}
