//! The limits resource: the org's allowances and what remains of them.

use axum::http::StatusCode;
use serde_json::json;

use super::reply::Reply;
use crate::org::Org;

/// Handles `GET /limits/`. Only the daily API allowance is tracked; the other allowances are
/// reported untouched.
pub fn limits(org: &Org) -> Reply {
    let remaining = org.api_limit.saturating_sub(org.api_requests);
    Reply::json(
        StatusCode::OK,
        json!({
            "ConcurrentAsyncGetReportInstances": {"Max": 200, "Remaining": 200},
            "DailyApiRequests": {"Max": org.api_limit, "Remaining": remaining},
            "DailyAsyncApexExecutions": {"Max": 250000, "Remaining": 250000},
            "DailyBulkApiBatches": {"Max": 15000, "Remaining": 15000},
            "DailyBulkV2QueryJobs": {"Max": 10000, "Remaining": 10000},
            "DataStorageMB": {"Max": 5, "Remaining": 5},
            "FileStorageMB": {"Max": 20, "Remaining": 20},
            "HourlyODataCallout": {"Max": 10000, "Remaining": 10000},
            "SingleEmail": {"Max": 15, "Remaining": 15},
        }),
    )
}
