//! The org's API request usage that Salesforce reports in the `Sforce-Limit-Info` response header.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Name of the response header that carries the org's API usage.
pub const LIMIT_INFO_HEADER: &str = "sforce-limit-info";

/// API requests used in the org's rolling 24-hour window, and the allowance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ApiUsage {
    pub used: u64,
    pub max: u64,
}

impl ApiUsage {
    /// Parses the `api-usage=N/M` entry of a `Sforce-Limit-Info` header value.
    ///
    /// The header can list several comma-separated entries, such as
    /// `api-usage=18/5000, per-app-api-usage=17/250(appName=sample)`; only `api-usage` counts
    /// against the org's allowance.
    pub fn from_header(value: &str) -> Option<Self> {
        value.split(',').find_map(|entry| {
            let (name, usage) = entry.trim().split_once('=')?;
            if !name.trim().eq_ignore_ascii_case("api-usage") {
                return None;
            }
            let (used, max) = usage.trim().split_once('/')?;
            Some(Self {
                used: used.trim().parse().ok()?,
                max: max.trim().parse().ok()?,
            })
        })
    }

    /// Reads the usage from a response's headers, if Salesforce sent it.
    pub fn from_headers(headers: &reqwest::header::HeaderMap) -> Option<Self> {
        let value = headers.get(LIMIT_INFO_HEADER)?.to_str().ok()?;
        Self::from_header(value)
    }
}

impl fmt::Display for ApiUsage {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}/{}", self.used, self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_single_entry() {
        assert_eq!(
            ApiUsage::from_header("api-usage=18/5000"),
            Some(ApiUsage {
                used: 18,
                max: 5000
            })
        );
    }

    #[test]
    fn header_with_per_app_entry() {
        assert_eq!(
            ApiUsage::from_header("per-app-api-usage=17/250(appName=sample), api-usage=25/15000"),
            Some(ApiUsage {
                used: 25,
                max: 15000
            })
        );
    }

    #[test]
    fn header_without_api_usage() {
        assert_eq!(ApiUsage::from_header("per-app-api-usage=17/250"), None);
    }

    #[test]
    fn header_with_bad_numbers() {
        assert_eq!(ApiUsage::from_header("api-usage=many/5000"), None);
    }

    #[test]
    fn display_is_used_over_max() {
        assert_eq!(
            ApiUsage {
                used: 18,
                max: 5000
            }
            .to_string(),
            "18/5000"
        );
    }
}
