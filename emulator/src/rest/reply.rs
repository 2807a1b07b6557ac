//! The result of one REST resource call, shared by the HTTP handlers and composite subrequests.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value as Json_;

/// A successful resource call: status, optional JSON body and optional `Location`.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub body: Option<Json_>,
    pub location: Option<String>,
}

impl Reply {
    pub fn json(status: StatusCode, body: Json_) -> Self {
        Self {
            status,
            body: Some(body),
            location: None,
        }
    }

    pub fn empty(status: StatusCode) -> Self {
        Self {
            status,
            body: None,
            location: None,
        }
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut response = match self.body {
            Some(body) => (self.status, Json(body)).into_response(),
            None => self.status.into_response(),
        };
        if let Some(location) = self.location
            && let Ok(value) = header::HeaderValue::from_str(&location)
        {
            response.headers_mut().insert(header::LOCATION, value);
        }
        response
    }
}
