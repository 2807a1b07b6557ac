//! Response bodies of the REST API calls the console makes: userinfo, versions and query pages.

use serde::{Deserialize, Serialize};

use super::api_usage::ApiUsage;

/// The parts of `/services/oauth2/userinfo` the console stores for a connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInfo {
    pub user_id: String,
    pub organization_id: String,
    pub preferred_username: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

/// One entry of `GET /services/data/`, such as `{"label": "Summer '25", "url":
/// "/services/data/v64.0", "version": "64.0"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiVersion {
    pub label: String,
    pub url: String,
    pub version: String,
}

impl ApiVersion {
    /// Returns the version as major and minor numbers, such as (64, 0) for "64.0".
    pub fn number(&self) -> Option<(u32, u32)> {
        let (major, minor) = self.version.trim().split_once('.')?;
        Some((major.parse().ok()?, minor.parse().ok()?))
    }
}

/// Returns the newest API version, comparing numbers so that "64.0" is newer than "9.0".
/// Versions that are not `major.minor` numbers are skipped.
pub fn newest_version(versions: &[ApiVersion]) -> Option<&ApiVersion> {
    versions
        .iter()
        .filter_map(|version| Some((version.number()?, version)))
        .max_by_key(|(number, _)| *number)
        .map(|(_, version)| version)
}

/// One page of a `query` or `queryAll` result.
///
/// `total_size` counts the rows of the whole result, not of this page. While `done` is false,
/// `next_records_url` is the path of the next page. Records keep Salesforce's JSON unchanged,
/// numbers included (serde_json's `arbitrary_precision` keeps every digit), with nested
/// `{totalSize, done, records}` objects or `null` for child subqueries.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct QueryPage {
    #[serde(rename = "totalSize")]
    pub total_size: u64,
    pub done: bool,
    #[serde(rename = "nextRecordsUrl", default)]
    pub next_records_url: Option<String>,
    #[serde(default)]
    pub records: Vec<serde_json::Value>,
    /// The org's API usage from the `Sforce-Limit-Info` header of this page's response.
    #[serde(skip)]
    pub api_usage: Option<ApiUsage>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(version: &str) -> ApiVersion {
        ApiVersion {
            label: format!("Release {version}"),
            url: format!("/services/data/v{version}"),
            version: version.to_owned(),
        }
    }

    #[test]
    fn newest_version_compares_numbers() {
        let versions = [
            version("9.0"),
            version("64.0"),
            version("31.0"),
            version("62.0"),
        ];
        assert_eq!(newest_version(&versions), Some(&versions[1]));
    }

    #[test]
    fn newest_version_compares_minor() {
        let versions = [version("62.10"), version("62.9")];
        assert_eq!(newest_version(&versions), Some(&versions[0]));
    }

    #[test]
    fn newest_version_skips_unparseable() {
        let versions = [version("preview"), version("31.0")];
        assert_eq!(newest_version(&versions), Some(&versions[1]));
    }

    #[test]
    fn newest_version_of_empty_list() {
        assert_eq!(newest_version(&[]), None);
    }

    #[test]
    fn versions_body() {
        let versions: Vec<ApiVersion> = serde_json::from_str(
            r#"[{"label":"Winter '11","url":"/services/data/v20.0","version":"20.0"},{"label":"Summer '25","url":"/services/data/v64.0","version":"64.0"}]"#,
        )
        .expect("the body is a valid versions list");
        assert_eq!(
            versions[1],
            ApiVersion {
                label: "Summer '25".to_owned(),
                url: "/services/data/v64.0".to_owned(),
                version: "64.0".to_owned(),
            }
        );
    }

    #[test]
    fn query_page_with_next_records_url() {
        let page: QueryPage = serde_json::from_str(
            r#"{"totalSize":5989,"done":false,"nextRecordsUrl":"/services/data/v62.0/query/01gxx0000000001AAA-2000","records":[{"attributes":{"type":"Contact","url":"/services/data/v62.0/sobjects/Contact/003xx000004TmiQAAS"},"Id":"003xx000004TmiQAAS","Name":"Jane Doe"}]}"#,
        )
        .expect("the body is a valid query page");
        assert_eq!(page.total_size, 5989);
        assert!(!page.done);
        assert_eq!(
            page.next_records_url.as_deref(),
            Some("/services/data/v62.0/query/01gxx0000000001AAA-2000")
        );
        assert_eq!(page.records.len(), 1);
        assert_eq!(page.records[0]["Name"], "Jane Doe");
    }

    #[test]
    fn query_page_count_only() {
        let page: QueryPage = serde_json::from_str(r#"{"totalSize":42,"done":true,"records":[]}"#)
            .expect("the body is a valid COUNT() result");
        assert_eq!(page.total_size, 42);
        assert!(page.done);
        assert_eq!(page.next_records_url, None);
        assert!(page.records.is_empty());
    }

    #[test]
    fn query_page_keeps_numbers_exact() {
        let page: QueryPage = serde_json::from_str(
            r#"{"totalSize":1,"done":true,"records":[{"Amount":12345678901234567.89,"Probability":0.1}]}"#,
        )
        .expect("the body is a valid query page");
        assert_eq!(
            serde_json::to_string(&page.records[0]).expect("a JSON value serializes"),
            r#"{"Amount":12345678901234567.89,"Probability":0.1}"#
        );
    }

    #[test]
    fn query_page_child_subquery_null() {
        let page: QueryPage = serde_json::from_str(
            r#"{"totalSize":1,"done":true,"records":[{"Id":"001xx000003DGb2AAG","Contacts":null}]}"#,
        )
        .expect("the body is a valid query page");
        assert!(page.records[0]["Contacts"].is_null());
    }

    #[test]
    fn userinfo_body() {
        let user: UserInfo = serde_json::from_str(
            r#"{"sub":"https://login.salesforce.com/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS","user_id":"005xx000001SwiUAAS","organization_id":"00Dxx0000001gPLEAY","preferred_username":"jane@example.com","nickname":"jane","name":"Jane Doe","email":"jane@example.com","email_verified":true}"#,
        )
        .expect("the body is a valid userinfo response");
        assert_eq!(
            user,
            UserInfo {
                user_id: "005xx000001SwiUAAS".to_owned(),
                organization_id: "00Dxx0000001gPLEAY".to_owned(),
                preferred_username: "jane@example.com".to_owned(),
                name: Some("Jane Doe".to_owned()),
                email: Some("jane@example.com".to_owned()),
            }
        );
    }
}
