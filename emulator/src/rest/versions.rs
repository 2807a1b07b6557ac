//! API versions: the list at `/services/data/`, and which versions a request may name.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value as Json_, json};

use super::error::RestError;

/// The newest API version the emulator serves (Summer '25).
pub const LATEST_MAJOR: u32 = 64;
/// The oldest version still served; 21.0 to 30.0 are retired.
pub const OLDEST_MAJOR: u32 = 31;
const OLDEST_RETIRED_MAJOR: u32 = 21;

/// The release name of a version: three releases a year, 31.0 being Summer '14.
pub fn release_label(major: u32) -> String {
    let steps = major - OLDEST_MAJOR;
    let season = ["Summer", "Winter", "Spring"][(steps % 3) as usize];
    let year = 14 + steps.div_ceil(3);
    format!("{season} '{year:02}")
}

/// Handles `GET /services/data/`, which needs no token.
pub async fn list() -> Response {
    let versions: Vec<Json_> = (OLDEST_MAJOR..=LATEST_MAJOR)
        .map(|major| {
            json!({
                "label": release_label(major),
                "url": format!("/services/data/v{major}.0"),
                "version": format!("{major}.0"),
            })
        })
        .collect();
    Json(versions).into_response()
}

/// Checks the version segment of a path (`v64.0`) and returns the version (`64.0`). Retired
/// versions get 410; anything else unknown gets 404.
pub fn check(segment: &str) -> Result<String, RestError> {
    let parsed = segment
        .strip_prefix('v')
        .and_then(|number| number.strip_suffix(".0"))
        .and_then(|major| major.parse::<u32>().ok());
    match parsed {
        Some(major) if (OLDEST_MAJOR..=LATEST_MAJOR).contains(&major) => Ok(format!("{major}.0")),
        // NOTE: Salesforce rejects retired versions with HTTP 410 and errorCode GONE, but the
        // message text is unconfirmed.
        Some(major) if (OLDEST_RETIRED_MAJOR..OLDEST_MAJOR).contains(&major) => {
            Err(RestError::new(
                StatusCode::GONE,
                "GONE",
                format!("API version {major}.0 has been retired and is no longer supported"),
            ))
        }
        _ => Err(RestError::not_found()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_release_cycle() {
        assert_eq!(release_label(31), "Summer '14");
        assert_eq!(release_label(62), "Winter '25");
        assert_eq!(release_label(63), "Spring '25");
        assert_eq!(release_label(64), "Summer '25");
    }

    #[test]
    fn check_accepts_served_versions() {
        assert_eq!(check("v62.0"), Ok("62.0".to_owned()));
        assert_eq!(
            check("v30.0").map_err(|error| error.status),
            Err(StatusCode::GONE)
        );
        assert_eq!(
            check("v65.0").map_err(|error| error.status),
            Err(StatusCode::NOT_FOUND)
        );
        assert_eq!(
            check("62.0").map_err(|error| error.status),
            Err(StatusCode::NOT_FOUND)
        );
    }
}
