//! SOQL: a lexer, a parser to a syntax tree, and an evaluator over an org's records.

pub mod aggregate;
pub mod ast;
pub mod dates;
pub mod error;
pub mod execute;
pub mod filter;
pub mod lexer;
pub mod parser;
pub mod resolve;

pub use error::SoqlError;
pub use execute::{QueryContext, QueryRows};

/// Parses and runs one query.
pub fn query(context: &QueryContext<'_>) -> Result<QueryRows, SoqlError> {
    let parsed = parser::parse(context.text)?;
    execute::run(context, &parsed)
}
