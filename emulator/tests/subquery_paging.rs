//! Paging of child subqueries over HTTP: a parent's child rows beyond the first 200 come back
//! through the nested `nextRecordsUrl`, and child cursors leave the query cursor open.

mod common;

use common::*;
use emulator::rest::cursors::MAX_CURSORS_PER_USER;
use reqwest::StatusCode;
use serde_json::{Value, json};

const BASE: &str = "/services/data/v64.0";
const SUBQUERY: &str = "SELECT Id, (SELECT Id FROM Contacts) FROM Account";

async fn json_of(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    (status, response.json().await.expect("the body is JSON"))
}

async fn get(server: &TestServer, access: &str, path: &str) -> (StatusCode, Value) {
    let response = server
        .client
        .get(server.org(path))
        .bearer_auth(access)
        .send()
        .await
        .expect("answers");
    json_of(response).await
}

/// Runs a query with `Sforce-Query-Options: batchSize=200`.
async fn query_in_batches_of_200(
    server: &TestServer,
    access: &str,
    soql: &str,
) -> (StatusCode, Value) {
    let path = format!("{BASE}/query?q={}", encode_soql(soql));
    let response = server
        .client
        .get(server.org(&path))
        .bearer_auth(access)
        .header("Sforce-Query-Options", "batchSize=200")
        .send()
        .await
        .expect("answers");
    json_of(response).await
}

async fn create(server: &TestServer, access: &str, object: &str, fields: Value) -> String {
    let response = server
        .client
        .post(server.org(&format!("{BASE}/sobjects/{object}")))
        .bearer_auth(access)
        .json(&fields)
        .send()
        .await
        .expect("answers");
    let (status, body) = json_of(response).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_str().expect("id").to_owned()
}

/// Creates an Account with `count` Contacts and returns its id and the Contact ids in creation
/// order.
async fn account_with_contacts(
    server: &TestServer,
    access: &str,
    count: usize,
) -> (String, Vec<String>) {
    let account = create(server, access, "Account", json!({"Name": "Paged Parent"})).await;
    let mut contacts = Vec::with_capacity(count);
    for position in 0..count {
        let fields = json!({"LastName": format!("Child {position:03}"), "AccountId": account});
        contacts.push(create(server, access, "Contact", fields).await);
    }
    (account, contacts)
}

fn record(object: &str, id: &str) -> Value {
    json!({
        "attributes": {"type": object, "url": format!("{BASE}/sobjects/{object}/{id}")},
        "Id": id,
    })
}

fn contact_records(ids: &[String]) -> Vec<Value> {
    ids.iter().map(|id| record("Contact", id)).collect()
}

/// Returns the `nextRecordsUrl` of every parent whose Contacts did not fit in one batch.
fn child_urls(page: &Value) -> Vec<String> {
    page["records"]
        .as_array()
        .expect("records")
        .iter()
        .filter_map(|parent| parent["Contacts"]["nextRecordsUrl"].as_str())
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn child_rows_page_by_200() {
    let server = start().await;
    let access = access_token(&server).await;
    let (account, contacts) = account_with_contacts(&server, &access, 450).await;

    let soql = format!("{SUBQUERY} WHERE Id = '{account}'");
    let (status, body) = json_of(query(&server, &access, &soql).await).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let first_url = body["records"][0]["Contacts"]["nextRecordsUrl"]
        .as_str()
        .expect("the Contacts result has a nextRecordsUrl")
        .to_owned();
    let locator_url = first_url
        .strip_suffix("-200")
        .expect("the first child page ends at row 200");
    assert!(
        locator_url.starts_with(&format!("{BASE}/query/01g")),
        "{first_url}"
    );
    let mut parent = record("Account", &account);
    parent["Contacts"] = json!({
        "totalSize": 450,
        "done": false,
        "nextRecordsUrl": first_url,
        "records": contact_records(&contacts[..200]),
    });
    assert_eq!(
        body,
        json!({"totalSize": 1, "done": true, "records": [parent]})
    );

    let (status, second) = get(&server, &access, &first_url).await;
    assert_eq!(status, StatusCode::OK, "{second}");
    let second_url = format!("{locator_url}-400");
    assert_eq!(
        second,
        json!({
            "totalSize": 450,
            "done": false,
            "nextRecordsUrl": second_url,
            "records": contact_records(&contacts[200..400]),
        })
    );

    let (status, third) = get(&server, &access, &second_url).await;
    assert_eq!(status, StatusCode::OK, "{third}");
    assert_eq!(
        third,
        json!({
            "totalSize": 450,
            "done": true,
            "records": contact_records(&contacts[400..]),
        })
    );
}

#[tokio::test]
async fn child_rows_within_batch_are_done() {
    let server = start().await;
    let access = access_token(&server).await;
    let (account, contacts) = account_with_contacts(&server, &access, 200).await;

    let soql = format!("{SUBQUERY} WHERE Id = '{account}'");
    let (status, body) = json_of(query(&server, &access, &soql).await).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut parent = record("Account", &account);
    parent["Contacts"] = json!({
        "totalSize": 200,
        "done": true,
        "records": contact_records(&contacts),
    });
    assert_eq!(
        body,
        json!({"totalSize": 1, "done": true, "records": [parent]})
    );
}

#[tokio::test]
async fn childless_parent_is_null() {
    let server = start().await;
    let access = access_token(&server).await;
    let (account, _) = account_with_contacts(&server, &access, 0).await;

    let soql = format!("{SUBQUERY} WHERE Id = '{account}'");
    let (status, body) = json_of(query(&server, &access, &soql).await).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut parent = record("Account", &account);
    parent["Contacts"] = Value::Null;
    assert_eq!(
        body,
        json!({"totalSize": 1, "done": true, "records": [parent]})
    );
}

#[tokio::test]
async fn parent_paging_survives_child_cursors() {
    let server = start().await;
    let access = access_token(&server).await;
    let added = server
        .client
        .post(server.control("/__emulator/orgs/demo/records/bulk"))
        .json(&json!({"object": "Account", "count": 400}))
        .send()
        .await
        .expect("answers");
    assert_eq!(added.status(), StatusCode::CREATED);

    // Descending names put most demo Accounts on the first page, the generated Accounts, which
    // have no Contacts, after them, and the other demo Accounts on the last page. Most demo
    // Accounts have over 200 Contacts.
    let soql = format!("{SUBQUERY} ORDER BY Name DESC");
    let (status, first) = query_in_batches_of_200(&server, &access, &soql).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["totalSize"], json!(430));
    assert_eq!(first["done"], json!(false));
    assert_eq!(first["records"].as_array().expect("records").len(), 200);
    let first_children = child_urls(&first);
    assert!(
        first_children.len() > MAX_CURSORS_PER_USER,
        "only {} child cursors on the first page",
        first_children.len()
    );
    let parent_url = first["nextRecordsUrl"].as_str().expect("next").to_owned();
    assert!(parent_url.ends_with("-200"), "{parent_url}");

    let (status, second) = get(&server, &access, &parent_url).await;
    assert_eq!(status, StatusCode::OK, "{second}");
    assert_eq!(second["totalSize"], json!(430));
    assert_eq!(second["done"], json!(false));
    assert_eq!(second["records"].as_array().expect("records").len(), 200);
    let parent_url = second["nextRecordsUrl"].as_str().expect("next").to_owned();
    assert!(parent_url.ends_with("-400"), "{parent_url}");

    let (status, third) = get(&server, &access, &parent_url).await;
    assert_eq!(status, StatusCode::OK, "{third}");
    assert_eq!(third["totalSize"], json!(430));
    assert_eq!(third["done"], json!(true));
    assert_eq!(third["nextRecordsUrl"], Value::Null);
    assert_eq!(third["records"].as_array().expect("records").len(), 30);

    // Child cursors opened on the first and on the last parent page both still page.
    let last_children = child_urls(&third);
    assert!(
        !last_children.is_empty(),
        "no child cursor on the last page"
    );
    for url in [&first_children[0], &last_children[0]] {
        assert!(url.ends_with("-200"), "{url}");
        let (status, page) = get(&server, &access, url).await;
        assert_eq!(status, StatusCode::OK, "{url}: {page}");
        assert_eq!(page["done"], json!(true), "{url}");
        let rows = page["records"].as_array().expect("records").len();
        assert_eq!(page["totalSize"], json!(200 + rows), "{url}");
        assert_eq!(page["records"][0]["attributes"]["type"], json!("Contact"));
    }
}

#[tokio::test]
async fn expired_child_cursor_is_invalid_locator() {
    let server = start().await;
    let access = access_token(&server).await;
    let soql = format!("{SUBQUERY} WHERE Name = 'Acme Corporation'");
    let (status, body) = json_of(query(&server, &access, &soql).await).await;
    assert_eq!(status, StatusCode::OK);
    let url = body["records"][0]["Contacts"]["nextRecordsUrl"]
        .as_str()
        .expect("Acme Corporation has over 200 Contacts")
        .to_owned();

    let expired = server
        .client
        .post(server.control("/__emulator/orgs/demo/cursors/expire"))
        .send()
        .await
        .expect("answers");
    assert_eq!(expired.status(), StatusCode::OK);

    let (status, body) = get(&server, &access, &url).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!([{"message": "invalid query locator", "errorCode": "INVALID_QUERY_LOCATOR"}])
    );
}
