//! The record explorer: SOQL through the server to the org's REST API.

mod page;
mod query_more;
mod result_table;
mod run_query;

pub use page::ExplorerPage;
pub use query_more::{QueryMore, query_more};
pub use run_query::{RunQuery, run_query};
