//! SOQL beyond the basics over HTTP: relationships, subqueries, operators, aggregates, FIELDS(),
//! paging with cursors, and queryAll.

mod common;

use common::*;
use emulator::ids::salesforce_id;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn run(server: &TestServer, access: &str, soql: &str) -> (StatusCode, Value) {
    let response = query(server, access, soql).await;
    let status = response.status();
    (status, response.json().await.expect("the body is JSON"))
}

fn names(body: &Value) -> Vec<String> {
    body["records"]
        .as_array()
        .expect("records")
        .iter()
        .map(|row| row["Name"].as_str().expect("Name").to_owned())
        .collect()
}

fn url(object: &str, prefix: &str, sequence: u64) -> String {
    format!(
        "/services/data/v64.0/sobjects/{object}/{}",
        salesforce_id(prefix, 'a', sequence)
    )
}

#[tokio::test]
async fn parent_path_nests_or_nulls() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = run(
        &server,
        &access,
        "SELECT Name, Parent.Name FROM Account WHERE Name IN ('Initech', 'Acme Corporation') ORDER BY Name",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["records"][0]["Parent"], Value::Null);
    assert_eq!(
        body["records"][1]["Parent"],
        json!({"attributes": {"type": "Account", "url": url("Account", "001", 2)}, "Name": "Globex Industries"})
    );
}

#[tokio::test]
async fn two_level_parent_path() {
    let server = start().await;
    let access = access_token(&server).await;
    let (_, body) = run(
        &server,
        &access,
        "SELECT Name, Account.Owner.Name FROM Contact LIMIT 1",
    )
    .await;
    assert_eq!(
        body["records"][0]["Account"],
        json!({
            "attributes": {"type": "Account", "url": url("Account", "001", 1)},
            "Owner": {"attributes": {"type": "User", "url": url("User", "005", 1)}, "Name": "Alex Admin"}
        })
    );
}

#[tokio::test]
async fn child_subquery_nests_or_nulls() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = run(
        &server,
        &access,
        "SELECT Id, Name, (SELECT Id, Name FROM Contacts ORDER BY Name LIMIT 2) FROM Account WHERE Name IN ('Acme Corporation','Alpine Ski House')",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let acme = &body["records"][0]["Contacts"];
    assert_eq!(acme["totalSize"], json!(2));
    assert_eq!(acme["done"], json!(true));
    assert_eq!(acme["records"][0]["Name"], json!("Ada Anderson"));
    assert_eq!(body["records"][1]["Name"], json!("Alpine Ski House"));
    assert_eq!(body["records"][1]["Contacts"], Value::Null);
}

#[tokio::test]
async fn unknown_child_relationship_is_invalid_type() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = run(
        &server,
        &access,
        "SELECT Id, (SELECT Id FROM Contactz) FROM Account",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body[0]["errorCode"], json!("INVALID_TYPE"));
}

#[tokio::test]
async fn polymorphic_relationship_reports_type() {
    let server = start().await;
    let access = access_token(&server).await;
    let (_, body) = run(
        &server,
        &access,
        "SELECT Subject, Who.Name, What.Name FROM Task LIMIT 3",
    )
    .await;
    assert_eq!(
        body["records"][0]["What"]["attributes"]["type"],
        json!("Opportunity")
    );
    assert_eq!(
        body["records"][2]["Who"]["attributes"]["type"],
        json!("Lead")
    );
    assert_eq!(body["records"][2]["What"], Value::Null);
}

#[tokio::test]
async fn boolean_logic_and_nulls_last() {
    let server = start().await;
    let access = access_token(&server).await;
    let (_, body) = run(
        &server,
        &access,
        "SELECT Name, AnnualRevenue FROM Account WHERE AnnualRevenue = null OR (NOT Name LIKE '%a%') ORDER BY AnnualRevenue DESC NULLS LAST, Name LIMIT 5 OFFSET 1",
    )
    .await;
    assert_eq!(
        names(&body),
        [
            "50%_off Outlet",
            "Zürich Versicherungs-Gruppe",
            "O'Dell & Sons",
            "Initech",
            "Globex Industries"
        ]
    );
    assert_eq!(body["records"][0]["AnnualRevenue"], json!(3250000.0));
}

#[tokio::test]
async fn nulls_sort_first_by_default() {
    let server = start().await;
    let access = access_token(&server).await;
    let (_, body) = run(
        &server,
        &access,
        "SELECT Name, AnnualRevenue FROM Account ORDER BY AnnualRevenue LIMIT 1",
    )
    .await;
    assert_eq!(body["records"][0]["AnnualRevenue"], Value::Null);
}

#[tokio::test]
async fn comparison_operators_filter() {
    let server = start().await;
    let access = access_token(&server).await;
    let cases = [
        ("SELECT Name FROM Account WHERE NumberOfEmployees > 1000", 3),
        (
            "SELECT Name FROM Account WHERE NumberOfEmployees >= 1046",
            2,
        ),
        ("SELECT Name FROM Account WHERE NumberOfEmployees < 47", 1),
        ("SELECT Name FROM Account WHERE NumberOfEmployees <= 47", 2),
        ("SELECT Name FROM Account WHERE Name != 'Initech'", 29),
        (
            "SELECT Name FROM Account WHERE Name NOT IN ('Initech', 'Acme Corporation')",
            28,
        ),
        ("SELECT Name FROM Account WHERE Name LIKE 'a%'", 4),
        (
            "SELECT Name FROM Account WHERE Customer_Since__c > 2024-01-01",
            3,
        ),
        (
            "SELECT Name FROM Account WHERE Customer_Since__c >= 2015-01-01 AND Customer_Since__c < 2016-01-01",
            3,
        ),
        (
            "SELECT Name FROM Lead WHERE Interests__c INCLUDES ('Analytics;Security', 'Mobile')",
            15,
        ),
        (
            "SELECT Name FROM Lead WHERE Interests__c EXCLUDES ('Analytics')",
            15,
        ),
        (
            "SELECT Name FROM Lead WHERE Interests__c = 'Security;Analytics'",
            8,
        ),
        ("SELECT Name FROM Opportunity WHERE IsWon = true", 5),
        (
            "SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Opportunity WHERE Amount > 1000000)",
            8,
        ),
    ];
    for (soql, expected) in cases {
        let (status, body) = run(&server, &access, soql).await;
        assert_eq!(status, StatusCode::OK, "{soql}: {body}");
        assert_eq!(body["totalSize"], json!(expected), "{soql}");
    }
}

#[tokio::test]
async fn like_on_multipicklist_is_invalid_operator() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = run(
        &server,
        &access,
        "SELECT Name FROM Lead WHERE Interests__c LIKE 'A%'",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!([{
            "message": "\nSELECT Name FROM Lead WHERE Interests__c LIKE 'A%'\n                            ^\nERROR at Row:1:Column:29\ninvalid operator on multipicklist field",
            "errorCode": "INVALID_QUERY_FILTER_OPERATOR"
        }])
    );
}

#[tokio::test]
async fn malformed_id_is_invalid_operator() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = run(&server, &access, "SELECT Id FROM Account WHERE Id = 'abc'").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body[0]["errorCode"], json!("INVALID_QUERY_FILTER_OPERATOR"));
    assert!(
        body[0]["message"]
            .as_str()
            .expect("message")
            .ends_with("\ninvalid ID field: abc")
    );
}

#[tokio::test]
async fn fifteen_character_id_matches() {
    let server = start().await;
    let access = access_token(&server).await;
    let short = &salesforce_id("001", 'a', 3)[..15];
    let (_, body) = run(
        &server,
        &access,
        &format!("SELECT Name FROM Account WHERE Id = '{short}'"),
    )
    .await;
    assert_eq!(names(&body), ["Initech"]);
}

#[tokio::test]
async fn count_returns_only_total() {
    let server = start().await;
    let access = access_token(&server).await;
    let (_, body) = run(&server, &access, "SELECT COUNT() FROM Contact").await;
    assert_eq!(
        body,
        json!({"totalSize": 6000, "done": true, "records": []})
    );
}

#[tokio::test]
async fn group_by_names_expressions() {
    let server = start().await;
    let access = access_token(&server).await;
    let (_, body) = run(
        &server,
        &access,
        "SELECT StageName, COUNT(Id), SUM(Amount) total, MAX(CloseDate) FROM Opportunity GROUP BY StageName ORDER BY StageName LIMIT 2",
    )
    .await;
    assert_eq!(
        body["records"][1],
        json!({
            "attributes": {"type": "AggregateResult"},
            "StageName": "Closed Won",
            "expr0": 5,
            "total": 12345679152469.64,
            "expr1": "2025-11-03"
        })
    );
}

#[tokio::test]
async fn grouped_parent_field_uses_last_name() {
    let server = start().await;
    let access = access_token(&server).await;
    let (_, body) = run(
        &server,
        &access,
        "SELECT Account.Name, COUNT(Id) FROM Contact WHERE Account.Name LIKE 'A%' GROUP BY Account.Name",
    )
    .await;
    assert_eq!(
        body["records"][0],
        json!({"attributes": {"type": "AggregateResult"}, "Name": "Acme Corporation", "expr0": 229})
    );
}

#[tokio::test]
async fn ungrouped_field_is_malformed() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = run(
        &server,
        &access,
        "SELECT Name, COUNT(Id) FROM Account GROUP BY Industry",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body[0]["errorCode"], json!("MALFORMED_QUERY"));
}

#[tokio::test]
async fn having_filters_groups() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = run(
        &server,
        &access,
        "SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry HAVING COUNT(Id) > 3 ORDER BY Industry",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let industries: Vec<&str> = body["records"]
        .as_array()
        .expect("records")
        .iter()
        .map(|row| row["Industry"].as_str().expect("Industry"))
        .collect();
    assert_eq!(
        industries,
        [
            "Banking",
            "Consulting",
            "Energy",
            "Manufacturing",
            "Retail",
            "Technology"
        ]
    );
}

#[tokio::test]
async fn fields_all_needs_limit() {
    let server = start().await;
    let access = access_token(&server).await;
    for soql in [
        "SELECT FIELDS(ALL) FROM Account LIMIT 2000",
        "SELECT FIELDS(ALL) FROM Account WHERE Name = 'none'",
    ] {
        let (status, body) = run(&server, &access, soql).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{soql}");
        assert_eq!(body[0]["errorCode"], json!("MALFORMED_QUERY"));
        assert!(
            body[0]["message"]
                .as_str()
                .expect("message")
                .ends_with("The SOQL FIELDS function must have a LIMIT of at most 200")
        );
    }
    let (status, body) = run(
        &server,
        &access,
        "SELECT FIELDS(CUSTOM) FROM Account LIMIT 200",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let keys: Vec<&str> = body["records"][0]
        .as_object()
        .expect("row")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["attributes", "Tier__c", "Regions__c", "Customer_Since__c"]
    );
}

#[tokio::test]
async fn fields_standard_needs_no_limit() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = run(&server, &access, "SELECT FIELDS(STANDARD) FROM Account").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["totalSize"], json!(30));
}

#[tokio::test]
async fn offset_over_2000_is_rejected() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = run(
        &server,
        &access,
        "SELECT Id FROM Contact LIMIT 10 OFFSET 2001",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body[0]["errorCode"], json!("NUMBER_OUTSIDE_VALID_RANGE"));
}

#[tokio::test]
async fn multiline_error_reports_row() {
    let server = start().await;
    let access = access_token(&server).await;
    let (_, body) = run(&server, &access, "SELECT Id\nFROM Lead\nWHERE Bogus__c = 1").await;
    assert_eq!(
        body[0]["message"],
        json!(
            "\nWHERE Bogus__c = 1\n      ^\nERROR at Row:3:Column:7\nNo such column 'Bogus__c' on entity 'Lead'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names."
        )
    );
}

#[tokio::test]
async fn contacts_page_through_cursor() {
    let server = start().await;
    let access = access_token(&server).await;
    let (_, first) = run(&server, &access, "SELECT Id, Name FROM Contact").await;
    assert_eq!(first["totalSize"], json!(6000));
    assert_eq!(first["done"], json!(false));
    assert_eq!(first["records"].as_array().expect("records").len(), 2000);
    let next = first["nextRecordsUrl"]
        .as_str()
        .expect("nextRecordsUrl")
        .to_owned();
    assert!(next.starts_with("/services/data/v64.0/query/01g"), "{next}");
    assert!(next.ends_with("-2000"), "{next}");

    let mut url = next;
    let mut pages = 1;
    let mut rows = 2000;
    loop {
        let response = server
            .client
            .get(server.org(&url))
            .bearer_auth(&access)
            .send()
            .await
            .expect("answers");
        assert_eq!(response.status(), StatusCode::OK);
        let page: Value = response.json().await.expect("JSON");
        assert_eq!(page["totalSize"], json!(6000));
        pages += 1;
        rows += page["records"].as_array().expect("records").len();
        match page["nextRecordsUrl"].as_str() {
            Some(next) => url = next.to_owned(),
            None => {
                assert_eq!(page["done"], json!(true));
                break;
            }
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(rows, 6000);
}

#[tokio::test]
async fn batch_size_header_sets_page() {
    let server = start().await;
    let access = access_token(&server).await;
    let response = server
        .client
        .get(server.org(&format!(
            "/services/data/v64.0/query?q={}",
            encode_soql("SELECT Id FROM Contact LIMIT 700")
        )))
        .bearer_auth(&access)
        .header("Sforce-Query-Options", "batchSize=500")
        .send()
        .await
        .expect("answers");
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["records"].as_array().expect("records").len(), 500);
    assert!(
        body["nextRecordsUrl"]
            .as_str()
            .expect("next")
            .ends_with("-500")
    );
}

#[tokio::test]
async fn expired_cursor_is_invalid_locator() {
    let server = start().await;
    let access = access_token(&server).await;
    let (_, first) = run(&server, &access, "SELECT Id FROM Contact").await;
    let next = first["nextRecordsUrl"].as_str().expect("next").to_owned();
    let expired = server
        .client
        .post(server.control("/__emulator/orgs/demo/cursors/expire"))
        .send()
        .await
        .expect("answers");
    assert_eq!(expired.status(), StatusCode::OK);
    let response = server
        .client
        .get(server.org(&next))
        .bearer_auth(&access)
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(
        body,
        json!([{"message": "invalid query locator", "errorCode": "INVALID_QUERY_LOCATOR"}])
    );
}

#[tokio::test]
async fn query_all_returns_deleted_rows() {
    let server = start().await;
    let access = access_token(&server).await;
    let soql = "SELECT Id, Name, IsDeleted FROM Account WHERE IsDeleted = true";
    let (_, live) = run(&server, &access, soql).await;
    assert_eq!(live["totalSize"], json!(0));
    let response = server
        .client
        .get(server.org(&format!(
            "/services/data/v64.0/queryAll?q={}",
            encode_soql(soql)
        )))
        .bearer_auth(&access)
        .send()
        .await
        .expect("answers");
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["totalSize"], json!(3));
    assert_eq!(body["records"][0]["IsDeleted"], json!(true));
    assert_eq!(body["records"][0]["Name"], json!("Obsolete Widgets Ltd"));
}

#[tokio::test]
async fn all_rows_does_not_add_deleted() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = run(
        &server,
        &access,
        "SELECT Id FROM Account WHERE IsDeleted = true ALL ROWS",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["totalSize"], json!(0));
}

#[tokio::test]
async fn id_filters_keep_semantics() {
    let server = start().await;
    let access = access_token(&server).await;
    let first = salesforce_id("001", 'a', 1);
    let third = salesforce_id("001", 'a', 3);
    let deleted = salesforce_id("001", 'a', 31);
    let contact = salesforce_id("003", 'a', 1);

    let (_, body) = run(
        &server,
        &access,
        &format!("SELECT Name FROM Account WHERE Id IN ('{third}', '{first}', '{third}')"),
    )
    .await;
    assert_eq!(names(&body), ["Acme Corporation", "Initech"]);

    let (_, body) = run(
        &server,
        &access,
        &format!("SELECT Name FROM Account WHERE Id = '{first}' AND Name = 'Initech'"),
    )
    .await;
    assert_eq!(body["totalSize"], json!(0));

    let short_id = &first[..15];
    let (_, body) = run(
        &server,
        &access,
        &format!("SELECT Name FROM Account WHERE Id = '{short_id}' OR Name = 'Initech'"),
    )
    .await;
    assert_eq!(names(&body), ["Acme Corporation", "Initech"]);

    let (_, body) = run(
        &server,
        &access,
        &format!("SELECT Name FROM Account WHERE Id = '{contact}'"),
    )
    .await;
    assert_eq!(body["totalSize"], json!(0));

    let soql = format!("SELECT Name FROM Account WHERE Id = '{deleted}'");
    let (_, body) = run(&server, &access, &soql).await;
    assert_eq!(body["totalSize"], json!(0));
    let response = server
        .client
        .get(server.org(&format!(
            "/services/data/v64.0/queryAll?q={}",
            encode_soql(&soql)
        )))
        .bearer_auth(&access)
        .send()
        .await
        .expect("answers");
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(names(&body), ["Obsolete Widgets Ltd"]);
}
