//! Pages, server functions and the shared model of the Integration Console.
//!
//! This crate compiles for the browser (`hydrate`) and the server (`ssr`). Storage, HTTP and
//! crypto live in the `server` crate behind the service traits of [`services`].

// Leptos views nest deeply in their types; release builds without erased components need
// a higher limit than the default 128 to name them.
#![recursion_limit = "256"]

pub mod auth;
pub mod components;
pub mod dto;
pub mod environments;
pub mod error;
pub mod integrations;
pub mod model;
#[cfg(feature = "ssr")]
pub mod services;
mod shell;

pub use shell::{App, shell};
