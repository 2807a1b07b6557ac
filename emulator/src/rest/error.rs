//! REST API errors in Salesforce's shape: a JSON array of `{"message", "errorCode"}` objects.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// One REST error response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RestError {
    pub status: StatusCode,
    pub error_code: &'static str,
    pub message: String,
    pub fields: Option<Vec<String>>,
}

impl RestError {
    pub fn new(status: StatusCode, error_code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            error_code,
            message: message.into(),
            fields: None,
        }
    }

    pub fn with_fields(mut self, fields: Vec<String>) -> Self {
        self.fields = Some(fields);
        self
    }

    pub fn session_expired() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "INVALID_SESSION_ID",
            "Session expired or invalid",
        )
    }

    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "The requested resource does not exist",
        )
    }

    /// Returns the body as a JSON value, which composite responses also embed.
    pub fn body(&self) -> serde_json::Value {
        let mut error = json!({ "message": self.message, "errorCode": self.error_code });
        if let Some(fields) = &self.fields {
            error["fields"] = json!(fields);
        }
        json!([error])
    }
}

impl IntoResponse for RestError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body())).into_response();
        // Salesforce names the scheme it expects on every 401.
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Token"),
            );
        }
        response
    }
}
