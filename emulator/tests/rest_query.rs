//! The REST query resource over HTTP: versions, authentication, result shapes and SOQL errors.

mod common;

use common::*;
use emulator::ids::salesforce_id;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn json_of(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    (status, response.json().await.expect("the body is JSON"))
}

fn account_id(sequence: u64) -> String {
    salesforce_id("001", 'a', sequence)
}

#[tokio::test]
async fn versions_need_no_token() {
    let server = start().await;
    let response = server
        .client
        .get(server.org("/services/data/"))
        .send()
        .await
        .expect("answers");
    let (status, body) = json_of(response).await;
    assert_eq!(status, StatusCode::OK);
    let versions = body.as_array().expect("an array");
    assert_eq!(versions.len(), 34);
    assert_eq!(
        versions[0],
        json!({"label": "Summer '14", "url": "/services/data/v31.0", "version": "31.0"})
    );
    assert_eq!(
        versions[33],
        json!({"label": "Summer '25", "url": "/services/data/v64.0", "version": "64.0"})
    );
}

#[tokio::test]
async fn retired_version_is_gone() {
    let server = start().await;
    let access = access_token(&server).await;
    let response = server
        .client
        .get(server.org("/services/data/v30.0/query?q=SELECT%20Id%20FROM%20Account"))
        .bearer_auth(&access)
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::GONE);
}

#[tokio::test]
async fn missing_token_is_invalid_session() {
    let server = start().await;
    let response = server
        .client
        .get(server.org("/services/data/v64.0/query?q=SELECT%20Id%20FROM%20Account"))
        .send()
        .await
        .expect("answers");
    let (status, body) = json_of(response).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body,
        json!([{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}])
    );
}

#[tokio::test]
async fn unknown_token_is_invalid_session() {
    let server = start().await;
    let response = query(&server, "00Dxx0000000001!AQbogus", "SELECT Id FROM Account").await;
    let (status, body) = json_of(response).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body,
        json!([{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}])
    );
}

#[tokio::test]
async fn responses_carry_limit_info() {
    let server = start().await;
    let access = access_token(&server).await;
    let first = query(&server, &access, "SELECT Id FROM Account LIMIT 1").await;
    assert_eq!(first.headers()["sforce-limit-info"], "api-usage=1/5000");
    let second = query(&server, &access, "SELECT Id FROM Account LIMIT 1").await;
    assert_eq!(second.headers()["sforce-limit-info"], "api-usage=2/5000");
}

#[tokio::test]
async fn query_shape_matches_salesforce() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = json_of(
        query(
            &server,
            &access,
            "select name, id from account where name = 'Initech'",
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let id = account_id(3);
    assert_eq!(
        body,
        json!({
            "totalSize": 1,
            "done": true,
            "records": [{
                "attributes": {"type": "Account", "url": format!("/services/data/v64.0/sobjects/Account/{id}")},
                "Name": "Initech",
                "Id": id,
            }]
        })
    );
    let keys: Vec<&str> = body["records"][0]
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["attributes", "Name", "Id"]);
}

#[tokio::test]
async fn query_with_trailing_slash() {
    let server = start().await;
    let access = access_token(&server).await;
    let response = server
        .client
        .get(server.org(&format!(
            "/services/data/v62.0/query/?q={}",
            encode_soql("SELECT Id FROM Lead LIMIT 2")
        )))
        .bearer_auth(&access)
        .send()
        .await
        .expect("answers");
    let (status, body) = json_of(response).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["totalSize"], json!(2));
    let url = body["records"][0]["attributes"]["url"]
        .as_str()
        .expect("url");
    assert!(
        url.starts_with("/services/data/v62.0/sobjects/Lead/00Q"),
        "{url}"
    );
}

#[tokio::test]
async fn order_by_desc_with_limit() {
    let server = start().await;
    let access = access_token(&server).await;
    let (_, body) = json_of(
        query(
            &server,
            &access,
            "SELECT Name FROM Account ORDER BY Name DESC LIMIT 3",
        )
        .await,
    )
    .await;
    let names: Vec<&str> = body["records"]
        .as_array()
        .expect("records")
        .iter()
        .map(|row| row["Name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        names,
        [
            "東京 Trading KK",
            "Zürich Versicherungs-Gruppe",
            "Woodgrove Bank"
        ]
    );
}

async fn names_for(server: &TestServer, access: &str, soql: &str) -> Vec<String> {
    let (status, body) = json_of(query(server, access, soql).await).await;
    assert_eq!(status, StatusCode::OK, "{soql}: {body}");
    body["records"]
        .as_array()
        .expect("records")
        .iter()
        .map(|row| row["Name"].as_str().expect("name").to_owned())
        .collect()
}

#[tokio::test]
async fn escaped_literals_match() {
    let server = start().await;
    let access = access_token(&server).await;
    assert_eq!(
        names_for(
            &server,
            &access,
            r"SELECT Name FROM Account WHERE Name = 'O\'Dell & Sons'"
        )
        .await,
        ["O'Dell & Sons"]
    );
    assert_eq!(
        names_for(
            &server,
            &access,
            r"SELECT Name FROM Account WHERE Name = 'C:\\temp Archive Services'"
        )
        .await,
        [r"C:\temp Archive Services"]
    );
    assert_eq!(
        names_for(
            &server,
            &access,
            r"SELECT Name FROM Account WHERE Name LIKE '%50\%\_off%'"
        )
        .await,
        ["50%_off Outlet"]
    );
    assert_eq!(
        names_for(
            &server,
            &access,
            "SELECT Name FROM Account WHERE Name = 'Córdoba Energía'"
        )
        .await,
        ["Córdoba Energía"]
    );
    assert_eq!(
        names_for(
            &server,
            &access,
            "SELECT Name FROM Account WHERE Name LIKE 'Rådgivning%'"
        )
        .await,
        ["Rådgivning Nord AS"]
    );
}

#[tokio::test]
async fn strictly_encoded_query_decodes_exactly() {
    let server = start().await;
    let access = access_token(&server).await;
    let encoded = "SELECT%20Id%20FROM%20Account%20WHERE%20LastModifiedDate%20%3E%3D%202024-03-01T00%3A00%3A00%2B00%3A00%20AND%20Name%20LIKE%20%27Z%C3%BC%25%27";
    let response = server
        .client
        .get(server.org(&format!("/services/data/v64.0/query?q={encoded}")))
        .bearer_auth(&access)
        .send()
        .await
        .expect("answers");
    let (status, body) = json_of(response).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["totalSize"], json!(1));
    assert_eq!(body["records"][0]["Id"], json!(account_id(11)));
}

/// Sends `q` exactly as given, without encoding it further.
async fn raw_query(
    server: &TestServer,
    access: &str,
    resource: &str,
    raw_q: &str,
) -> (StatusCode, Value) {
    let response = server
        .client
        .get(server.org(&format!("/services/data/v64.0/{resource}?q={raw_q}")))
        .bearer_auth(access)
        .send()
        .await
        .expect("answers");
    json_of(response).await
}

#[tokio::test]
async fn raw_plus_in_datetime_is_malformed() {
    let server = start().await;
    let access = access_token(&server).await;
    let raw = "SELECT%20Id%20FROM%20Account%20WHERE%20LastModifiedDate%20%3E%3D%202024-03-01T00:00:00+00:00%20AND%20Name%20=%20%27Initech%27";
    let (status, body) = raw_query(&server, &access, "query", raw).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!([{
            "message": "line 1:68 no viable alternative at character ' '",
            "errorCode": "MALFORMED_QUERY"
        }])
    );
}

#[tokio::test]
async fn raw_plus_in_email_matches_nothing() {
    let server = start().await;
    let access = access_token(&server).await;
    let created = server
        .client
        .post(server.org("/services/data/v64.0/sobjects/Contact"))
        .bearer_auth(&access)
        .json(&json!({"LastName": "Tester", "Email": "jane+test@example.com"}))
        .send()
        .await
        .expect("answers");
    assert_eq!(created.status(), StatusCode::CREATED);

    let unencoded = "SELECT+Email+FROM+Contact+WHERE+Email+=+%27jane+test@example.com%27";
    let (status, body) = raw_query(&server, &access, "query", unencoded).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({"totalSize": 0, "done": true, "records": []}));

    let encoded = "SELECT+Email+FROM+Contact+WHERE+Email+=+%27jane%2Btest@example.com%27";
    let (status, body) = raw_query(&server, &access, "query", encoded).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["totalSize"], json!(1));
    assert_eq!(body["records"][0]["Email"], json!("jane+test@example.com"));
}

#[tokio::test]
async fn plus_as_space_works_for_query_all() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = raw_query(
        &server,
        &access,
        "queryAll",
        "SELECT+Name+FROM+Account+WHERE+IsDeleted+=+true+ORDER+BY+Name",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["totalSize"], json!(3));
}

#[tokio::test]
async fn bare_percent_is_missing_query() {
    let server = start().await;
    let access = access_token(&server).await;
    for resource in ["query", "queryAll"] {
        let (status, body) = raw_query(
            &server,
            &access,
            resource,
            "SELECT%20Id%20FROM%20Account%20WHERE%20Name%20LIKE%20%2750%%27",
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{resource}");
        assert_eq!(
            body,
            json!([{"message": "A query string has to be specified", "errorCode": "MALFORMED_QUERY"}]),
            "{resource}"
        );
    }
}

#[tokio::test]
async fn search_decodes_plus_rejects_bare_percent() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = raw_query(
        &server,
        &access,
        "search",
        "FIND+%7BInitech%7D+RETURNING+Account(Name)",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["searchRecords"][0]["Name"], json!("Initech"), "{body}");
    let (status, body) = raw_query(&server, &access, "search", "FIND+%7BIni%tech%7D").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!([{
            "message": "No search term found. The search term must be enclosed in braces.",
            "errorCode": "MALFORMED_SEARCH"
        }])
    );
}

#[tokio::test]
async fn amounts_keep_every_digit() {
    let server = start().await;
    let access = access_token(&server).await;
    let response = query(
        &server,
        &access,
        "SELECT Amount FROM Opportunity WHERE Amount = 99999999999999.99 LIMIT 1",
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.expect("text");
    assert!(text.contains("\"Amount\":99999999999999.99}"), "{text}");
}

#[tokio::test]
async fn whole_amounts_print_one_decimal() {
    let server = start().await;
    let access = access_token(&server).await;
    let response = query(
        &server,
        &access,
        "SELECT Amount FROM Opportunity WHERE Amount = 15000 LIMIT 1",
    )
    .await;
    let text = response.text().await.expect("text");
    assert!(text.contains("\"Amount\":15000.0}"), "{text}");
}

#[tokio::test]
async fn missing_q_is_malformed() {
    let server = start().await;
    let access = access_token(&server).await;
    let response = server
        .client
        .get(server.org("/services/data/v64.0/query"))
        .bearer_auth(&access)
        .send()
        .await
        .expect("answers");
    let (status, body) = json_of(response).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!([{"message": "A query string has to be specified", "errorCode": "MALFORMED_QUERY"}])
    );
}

#[tokio::test]
async fn unknown_field_is_invalid_field() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = json_of(
        query(
            &server,
            &access,
            "SELECT Id, Email, Legacy_Date__c FROM Lead",
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!([{
            "message": "\nSELECT Id, Email, Legacy_Date__c FROM Lead\n                  ^\nERROR at Row:1:Column:19\nNo such column 'Legacy_Date__c' on entity 'Lead'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
            "errorCode": "INVALID_FIELD"
        }])
    );
}

#[tokio::test]
async fn unknown_object_is_invalid_type() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = json_of(query(&server, &access, "SELECT Id FROM Acount").await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!([{
            "message": "\nSELECT Id FROM Acount\n               ^\nERROR at Row:1:Column:16\nsObject type 'Acount' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.",
            "errorCode": "INVALID_TYPE"
        }])
    );
}

#[tokio::test]
async fn doubled_quote_is_malformed() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = json_of(
        query(
            &server,
            &access,
            "SELECT Id FROM Account WHERE Name = 'O''Dell'",
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!([{
            "message": "\nSELECT Id FROM Account WHERE Name = 'O''Dell'\n                                       ^\nERROR at Row:1:Column:40\nunexpected token: 'Dell'",
            "errorCode": "MALFORMED_QUERY"
        }])
    );
}

#[tokio::test]
async fn sosl_escape_in_soql_is_malformed() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = json_of(
        query(
            &server,
            &access,
            r"SELECT Id FROM Account WHERE Name = 'Anne\-Marie'",
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body[0]["errorCode"], json!("MALFORMED_QUERY"));
    let message = body[0]["message"].as_str().expect("message");
    assert!(
        message.ends_with("Illegal character sequence '\\-' in string literal."),
        "{message}"
    );
}

#[tokio::test]
async fn quoted_date_is_rejected() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = json_of(
        query(
            &server,
            &access,
            "SELECT Id FROM Opportunity WHERE CloseDate = '2024-05-01'",
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!([{
            "message": "\nSELECT Id FROM Opportunity WHERE CloseDate = '2024-05-01'\n                                             ^\nERROR at Row:1:Column:46\nvalue of filter criterion for field 'CloseDate' must be of type date and should not be enclosed in quotes",
            "errorCode": "INVALID_FIELD"
        }])
    );
}

#[tokio::test]
async fn unquoted_dates_run() {
    let server = start().await;
    let access = access_token(&server).await;
    for soql in [
        "SELECT Id FROM Opportunity WHERE CloseDate = 2024-05-01",
        "SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS:30",
        "SELECT Id FROM Account WHERE CreatedDate > YESTERDAY",
    ] {
        let response = query(&server, &access, soql).await;
        assert_eq!(response.status(), StatusCode::OK, "{soql}");
    }
}
