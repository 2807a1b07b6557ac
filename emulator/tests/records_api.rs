//! Records, upsert, composite, describe, SOSL and limits over HTTP.

mod common;

use common::*;
use emulator::ids::salesforce_id;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const BASE: &str = "/services/data/v64.0";

async fn call(
    server: &TestServer,
    access: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = server
        .client
        .request(method, server.org(&format!("{BASE}{path}")))
        .bearer_auth(access);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("the emulator answers");
    let status = response.status();
    let text = response.text().await.expect("text");
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).expect("JSON body")
    };
    (status, body)
}

async fn search(server: &TestServer, access: &str, sosl: &str) -> (StatusCode, Value) {
    call(
        server,
        access,
        Method::GET,
        &format!("/search/?q={}", encode_soql(sosl)),
        None,
    )
    .await
}

#[tokio::test]
async fn create_read_update_delete() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, created) = call(
        &server,
        &access,
        Method::POST,
        "/sobjects/Account",
        Some(json!({"Name": "Acme Widgets", "AnnualRevenue": 12345678901234.57})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let id = created["id"].as_str().expect("id").to_owned();
    assert_eq!(created, json!({"id": id, "success": true, "errors": []}));
    assert!(id.starts_with("001"));

    let (status, record) = call(
        &server,
        &access,
        Method::GET,
        &format!("/sobjects/Account/{id}?fields=Name,AnnualRevenue"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        record,
        json!({
            "attributes": {"type": "Account", "url": format!("{BASE}/sobjects/Account/{id}")},
            "Name": "Acme Widgets",
            "AnnualRevenue": 12345678901234.57
        })
    );

    let (status, _) = call(
        &server,
        &access,
        Method::PATCH,
        &format!("/sobjects/Account/{id}"),
        Some(json!({"Name": "Acme Gadgets"})),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, rows) = call(
        &server,
        &access,
        Method::GET,
        &format!(
            "/query?q={}",
            encode_soql(&format!("SELECT Name FROM Account WHERE Id = '{id}'"))
        ),
        None,
    )
    .await;
    assert_eq!(rows["records"][0]["Name"], json!("Acme Gadgets"));

    let (status, _) = call(
        &server,
        &access,
        Method::DELETE,
        &format!("/sobjects/Account/{id}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = call(
        &server,
        &access,
        Method::GET,
        &format!("/sobjects/Account/{id}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        body,
        json!([{"message": "entity is deleted", "errorCode": "ENTITY_IS_DELETED"}])
    );
}

#[tokio::test]
async fn create_reports_missing_required() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = call(
        &server,
        &access,
        Method::POST,
        "/sobjects/Contact",
        Some(json!({"FirstName": "Jane"})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!([{"message": "Required fields are missing: [LastName]", "errorCode": "REQUIRED_FIELD_MISSING", "fields": ["LastName"]}])
    );
}

#[tokio::test]
async fn create_rejects_invalid_email() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = call(
        &server,
        &access,
        Method::POST,
        "/sobjects/Contact",
        Some(json!({"LastName": "Doe", "Email": "not-an-email"})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!([{"message": "Email: invalid email address: not-an-email", "errorCode": "INVALID_EMAIL_ADDRESS", "fields": ["Email"]}])
    );
}

#[tokio::test]
async fn create_rejects_unknown_and_read_only() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = call(
        &server,
        &access,
        Method::POST,
        "/sobjects/Account",
        Some(json!({"Name": "X", "Bogus__c": 1})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!([{"message": "No such column 'Bogus__c' on sobject of type Account", "errorCode": "INVALID_FIELD"}])
    );
    let (status, body) = call(
        &server,
        &access,
        Method::POST,
        "/sobjects/Contact",
        Some(json!({"LastName": "Doe", "Name": "Jane Doe"})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body[0]["errorCode"],
        json!("INVALID_FIELD_FOR_INSERT_UPDATE")
    );
    assert_eq!(body[0]["fields"], json!(["Name"]));
}

#[tokio::test]
async fn create_rejects_bad_reference() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = call(
        &server,
        &access,
        Method::POST,
        "/sobjects/Contact",
        Some(json!({"LastName": "Doe", "AccountId": "nope"})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!([{"message": "Account ID: id value of incorrect type: nope", "errorCode": "MALFORMED_ID", "fields": ["AccountId"]}])
    );
    let contact = salesforce_id("003", 'a', 1);
    let (status, body) = call(
        &server,
        &access,
        Method::POST,
        "/sobjects/Contact",
        Some(json!({"LastName": "Doe", "AccountId": contact})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body[0]["errorCode"], json!("INVALID_CROSS_REFERENCE_KEY"));
}

#[tokio::test]
async fn unknown_object_is_not_found() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = call(
        &server,
        &access,
        Method::POST,
        "/sobjects/Nope__c",
        Some(json!({"Name": "x"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        body,
        json!([{"message": "The requested resource does not exist", "errorCode": "NOT_FOUND"}])
    );
}

#[tokio::test]
async fn upsert_creates_then_updates() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, created) = call(
        &server,
        &access,
        Method::PATCH,
        "/sobjects/Invoice__c/Invoice_Number__c/INV-9001",
        Some(json!({"Name": "INV-9001", "Amount__c": 10})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let id = created["id"].as_str().expect("id").to_owned();
    assert!(id.starts_with("a01"), "{id}");
    assert_eq!(
        created,
        json!({"id": id, "success": true, "errors": [], "created": true})
    );

    let (status, updated) = call(
        &server,
        &access,
        Method::PATCH,
        "/sobjects/Invoice__c/Invoice_Number__c/INV-9001",
        Some(json!({"Amount__c": 20})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        updated,
        json!({"id": id, "success": true, "errors": [], "created": false})
    );
}

#[tokio::test]
async fn upsert_on_old_version_is_204() {
    let server = start().await;
    let access = access_token(&server).await;
    let response = server
        .client
        .patch(server.org("/services/data/v45.0/sobjects/Invoice__c/Invoice_Number__c/INV-0001"))
        .bearer_auth(&access)
        .json(&json!({"Amount__c": 5}))
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn upsert_with_several_matches_is_300() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = call(
        &server,
        &access,
        Method::PATCH,
        "/sobjects/Invoice__c/Legacy_Ref__c/LEG-7",
        Some(json!({"Amount__c": 1})),
    )
    .await;
    assert_eq!(status, StatusCode::MULTIPLE_CHOICES);
    assert_eq!(
        body,
        json!([
            format!(
                "{BASE}/sobjects/Invoice__c/{}",
                salesforce_id("a01", 'a', 1)
            ),
            format!(
                "{BASE}/sobjects/Invoice__c/{}",
                salesforce_id("a01", 'a', 2)
            ),
        ])
    );
}

#[tokio::test]
async fn upsert_on_non_external_field_is_404() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = call(
        &server,
        &access,
        Method::PATCH,
        "/sobjects/Invoice__c/Notes__c/x",
        Some(json!({"Amount__c": 1})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        body,
        json!([{"message": "Provided external ID field does not exist or is not accessible: Notes__c", "errorCode": "NOT_FOUND"}])
    );
    let (status, body) = call(
        &server,
        &access,
        Method::PATCH,
        "/sobjects/Invoice__c/75bc21b7-51b4-4a5e-8f0e-0c2f7a9e1d34/INV-1",
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body[0]["errorCode"], json!("NOT_FOUND"));
}

fn composite_body(all_or_none: bool) -> Value {
    json!({
        "allOrNone": all_or_none,
        "compositeRequest": [
            {"method": "POST", "url": format!("{BASE}/sobjects/Account"), "referenceId": "NewAccount", "body": {"Name": "Acme Widgets"}},
            {"method": "POST", "url": format!("{BASE}/sobjects/Contact"), "referenceId": "NewContact",
             "body": {"LastName": "Doe", "AccountId": "@{NewAccount.id}", "Email": "not-an-email"}}
        ]
    })
}

async fn widget_accounts(server: &TestServer, access: &str) -> Value {
    let (_, rows) = call(
        server,
        access,
        Method::GET,
        &format!(
            "/query?q={}",
            encode_soql("SELECT Id FROM Account WHERE Name = 'Acme Widgets'")
        ),
        None,
    )
    .await;
    rows["totalSize"].clone()
}

#[tokio::test]
async fn composite_all_or_none_rolls_back() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = call(
        &server,
        &access,
        Method::POST,
        "/composite",
        Some(composite_body(true)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let responses = body["compositeResponse"]
        .as_array()
        .expect("compositeResponse");
    assert_eq!(
        responses[0],
        json!({
            "body": [{"message": "The transaction was rolled back since another operation in the same transaction failed.", "errorCode": "PROCESSING_HALTED"}],
            "httpHeaders": {},
            "httpStatusCode": 400,
            "referenceId": "NewAccount"
        })
    );
    assert_eq!(responses[1]["httpStatusCode"], json!(400));
    assert_eq!(
        responses[1]["body"][0]["errorCode"],
        json!("INVALID_EMAIL_ADDRESS")
    );
    assert_eq!(widget_accounts(&server, &access).await, json!(0));
}

#[tokio::test]
async fn composite_without_all_or_none_keeps_success() {
    let server = start().await;
    let access = access_token(&server).await;
    let (_, body) = call(
        &server,
        &access,
        Method::POST,
        "/composite",
        Some(composite_body(false)),
    )
    .await;
    let responses = body["compositeResponse"]
        .as_array()
        .expect("compositeResponse");
    assert_eq!(responses[0]["httpStatusCode"], json!(201));
    let id = responses[0]["body"]["id"].as_str().expect("id");
    assert_eq!(
        responses[0]["httpHeaders"],
        json!({"Location": format!("{BASE}/sobjects/Account/{id}")})
    );
    assert_eq!(responses[1]["httpStatusCode"], json!(400));
    assert_eq!(widget_accounts(&server, &access).await, json!(1));
}

#[tokio::test]
async fn composite_reference_reaches_later_request() {
    let server = start().await;
    let access = access_token(&server).await;
    let request = json!({
        "allOrNone": true,
        "compositeRequest": [
            {"method": "POST", "url": format!("{BASE}/sobjects/Account"), "referenceId": "NewAccount", "body": {"Name": "Ref Test"}},
            {"method": "POST", "url": format!("{BASE}/sobjects/Contact"), "referenceId": "NewContact", "body": {"LastName": "Doe", "AccountId": "@{NewAccount.id}"}},
            {"method": "GET", "url": format!("{BASE}/query/?q=SELECT+Id,+Account.Name+FROM+Contact+WHERE+Id+=+'@{{NewContact.id}}'"), "referenceId": "Check"}
        ]
    });
    let (_, body) = call(&server, &access, Method::POST, "/composite", Some(request)).await;
    let responses = body["compositeResponse"]
        .as_array()
        .expect("compositeResponse");
    assert_eq!(responses[2]["httpStatusCode"], json!(200), "{body}");
    assert_eq!(
        responses[2]["body"]["records"][0]["Account"]["Name"],
        json!("Ref Test")
    );
}

#[tokio::test]
async fn composite_rejects_bad_reference_id() {
    let server = start().await;
    let access = access_token(&server).await;
    let request = json!({"compositeRequest": [{"method": "GET", "url": format!("{BASE}/limits"), "referenceId": "bad-id"}]});
    let (status, body) = call(&server, &access, Method::POST, "/composite", Some(request)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body[0]["errorCode"], json!("INVALID_REFERENCE_ID"));
}

#[tokio::test]
async fn describe_lists_objects_and_fields() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, global) = call(&server, &access, Method::GET, "/sobjects/", None).await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> = global["sobjects"]
        .as_array()
        .expect("sobjects")
        .iter()
        .map(|object| object["name"].as_str().expect("name"))
        .collect();
    assert!(names.contains(&"Invoice__c"));
    assert!(names.contains(&"Opportunity"));

    let (status, describe) = call(
        &server,
        &access,
        Method::GET,
        "/sobjects/Invoice__c/describe/",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let field = describe["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .find(|field| field["name"] == "Invoice_Number__c")
        .expect("the external ID field");
    assert_eq!(field["externalId"], json!(true));
    assert_eq!(field["type"], json!("string"));
    assert_eq!(field["createable"], json!(true));
    let external: Vec<&str> = describe["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter(|field| field["externalId"] == json!(true))
        .map(|field| field["name"].as_str().expect("name"))
        .collect();
    assert_eq!(external, ["Invoice_Number__c", "Legacy_Ref__c"]);
}

#[tokio::test]
async fn limits_report_api_usage() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = call(&server, &access, Method::GET, "/limits/", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body["DailyApiRequests"],
        json!({"Max": 5000, "Remaining": 4999})
    );
}

#[tokio::test]
async fn sosl_escaped_hyphen_finds_contacts() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = search(
        &server,
        &access,
        r"FIND {Marie\-Pier} RETURNING Contact(Id, Name ORDER BY Name LIMIT 2)",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let records = body["searchRecords"].as_array().expect("searchRecords");
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["attributes"]["type"], json!("Contact"));
    assert!(
        records[0]["Name"]
            .as_str()
            .expect("Name")
            .starts_with("Marie-Pier ")
    );
}

#[tokio::test]
async fn sosl_unescaped_hyphen_is_malformed() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = search(
        &server,
        &access,
        "FIND {Marie-Pier Martin} RETURNING Contact(Id, Name)",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!([{
            "message": "\nFIND {Marie-Pier Martin} RETURNING Contact(Id, Name)\n           ^\nERROR at Row:1:Column:11\nmismatched character '-' expecting '}'",
            "errorCode": "MALFORMED_SEARCH"
        }])
    );
}

#[tokio::test]
async fn sosl_plus_needs_escape() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, _) = call(
        &server,
        &access,
        Method::POST,
        "/sobjects/Contact",
        Some(json!({"LastName": "Tester", "Email": "jane+test@example.com"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, escaped) = search(
        &server,
        &access,
        r"FIND {jane\+test@example.com} IN EMAIL FIELDS RETURNING Contact(Email)",
    )
    .await;
    assert_eq!(
        escaped["searchRecords"][0]["Email"],
        json!("jane+test@example.com")
    );
    let (status, unescaped) = search(
        &server,
        &access,
        "FIND {jane+test@example.com} IN EMAIL FIELDS RETURNING Contact(Email)",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(unescaped, json!({"searchRecords": []}));
}

#[tokio::test]
async fn sosl_without_braces_is_malformed() {
    let server = start().await;
    let access = access_token(&server).await;
    let (status, body) = search(&server, &access, "FIND Acme").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body[0]["errorCode"], json!("MALFORMED_SEARCH"));
}
