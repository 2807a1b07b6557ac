//! Turns Salesforce failures into what the admin reads: a title, a hint, and Salesforce's own
//! code and text.

use app::dto::Problem;
use app::error::{AppError, ErrorPosition};

use crate::salesforce::SalesforceError;

/// A failure of a call that reaches Salesforce: either Salesforce (or the network) rejected it, or
/// the console itself failed.
#[derive(Debug)]
pub enum Failure {
    Salesforce(SalesforceError),
    App(AppError),
}

impl From<SalesforceError> for Failure {
    fn from(error: SalesforceError) -> Self {
        Failure::Salesforce(error)
    }
}

impl From<AppError> for Failure {
    fn from(error: AppError) -> Self {
        Failure::App(error)
    }
}

impl Failure {
    /// The error a server function returns.
    pub fn into_app_error(self) -> AppError {
        match self {
            Failure::Salesforce(error) => {
                let problem = problem(&error);
                AppError::Salesforce {
                    title: problem.title,
                    hint: problem.hint,
                    error_code: problem.error_code,
                    message: problem.message,
                    position: position(&error),
                    suggested_soql: None,
                }
            }
            Failure::App(error) => error,
        }
    }
}

/// Returns where Salesforce located a query error, if it did.
pub fn position(error: &SalesforceError) -> Option<ErrorPosition> {
    match error {
        SalesforceError::Rest { errors, .. } => errors.first()?.position().map(|at| ErrorPosition {
            row: at.row,
            column: at.column,
        }),
        _ => None,
    }
}

/// Explains a Salesforce error for the page.
pub fn problem(error: &SalesforceError) -> Problem {
    let class = error.class();
    let (error_code, message) = match error {
        SalesforceError::OAuth { error, error_description } => {
            (Some(error.clone()), error_description.clone())
        }
        SalesforceError::Rest { status, errors, .. } => match errors.first() {
            // Query errors echo the query and a caret line before the cause; the page shows the
            // cause alone and marks the position itself.
            Some(first) => (Some(first.error_code.clone()), Some(first.cause().to_string())),
            None => (Some(format!("HTTP {status}")), None),
        },
        SalesforceError::UnexpectedResponse { status, .. } => (Some(format!("HTTP {status}")), None),
        SalesforceError::Transport(message) => (None, Some(message.clone())),
    };
    Problem {
        title: class.title().to_string(),
        hint: class.hint().to_string(),
        error_code,
        message,
    }
}
