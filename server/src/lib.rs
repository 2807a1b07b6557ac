//! The Integration Console's server: configuration, storage, secret sealing, Salesforce clients,
//! the services behind the pages, and the axum application.

#![recursion_limit = "256"]

pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod master_key;
pub mod rotation;
pub mod routes;
pub mod salesforce;
pub mod secrets;
pub mod services;
pub mod startup;
pub mod telemetry;
