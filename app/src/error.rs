//! The one error type that server functions return and pages show.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::model::{Action, FieldErrors, Role};

/// An error a page can show. Every variant but [`AppError::Internal`] carries a message the user
/// can act on; internal causes are logged once on the server and never sent to the browser.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// One or more form fields are invalid; nothing was saved.
    #[error("Some fields are invalid: correct the marked fields and save again.")]
    Validation(FieldErrors),
    /// The named thing does not exist.
    #[error("{0} was not found.")]
    NotFound(String),
    /// The action cannot run in the current state, for example Connect before Save.
    #[error("{0}")]
    Conflict(String),
    /// Salesforce rejected a call; `title` and `hint` explain it in the admin's terms.
    #[error("{title}")]
    Salesforce {
        title: String,
        hint: String,
        error_code: Option<String>,
        message: Option<String>,
        /// The position of a SOQL or SOSL error that Salesforce reported, from `ERROR at Row:r:Column:c`.
        #[serde(default)]
        position: Option<ErrorPosition>,
        /// A corrected query the explorer can offer, such as one with `LIMIT 200` added.
        #[serde(default)]
        suggested_soql: Option<String>,
    },
    /// The caller is not signed in, or the sign-in expired.
    #[error("Sign in to continue.")]
    Unauthorized,
    /// The caller is signed in, but their role may not do this; see [`AppError::forbidden`].
    #[error("{0}")]
    Forbidden(String),
    /// The server function call itself failed (network, encoding).
    #[error("The request to the console failed: {0}")]
    Request(String),
    /// A failure the user cannot act on; the server logged its cause.
    #[error("Something went wrong on the server. The server log has the details.")]
    Internal,
}

/// A 1-based row and column in a query.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorPosition {
    pub row: u32,
    pub column: u32,
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Request(value.to_string())
    }
}

impl AppError {
    /// The error for a role that may not take `action`, such as "Your role (support) cannot
    /// change settings."
    pub fn forbidden(role: Role, action: Action) -> Self {
        AppError::Forbidden(format!("Your role ({role}) cannot {}.", action.description()))
    }

    /// Returns the error of a settings save that lost against another admin's save.
    pub fn settings_conflict() -> Self {
        AppError::Conflict(
            "Another admin saved these settings after you opened the page. Your changes were not saved and are still in the form: reload the page in another tab to see theirs, then save again."
                .to_string(),
        )
    }

    /// Returns the message of one form field, if this is a validation error that names it.
    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            AppError::Validation(errors) => errors.0.get(name).cloned(),
            _ => None,
        }
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Returns the HTTP status a server function responds with for this error.
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::Salesforce { .. } => StatusCode::BAD_REQUEST,
            AppError::Request(_) => StatusCode::BAD_REQUEST,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// Sets the response status of a failed server function from its error, so clients and logs
/// tell a user's mistake from a server failure.
#[cfg(feature = "ssr")]
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result
        && let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
    {
        response.set_status(error.status());
    }
    result
}
