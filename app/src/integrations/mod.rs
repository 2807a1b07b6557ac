//! Integrations of an environment; Salesforce is the one the console has today.

pub mod salesforce;
