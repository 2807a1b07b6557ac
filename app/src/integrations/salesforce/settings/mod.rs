//! The Salesforce settings page and its server functions.

mod audit_log;
mod audit_panel;
mod connection_panel;
mod danger_zone;
mod delete_integration;
mod disconnect;
mod form;
mod load_settings;
mod page;
mod save_settings;
mod test_connection;
mod test_connection_panel;

pub use audit_log::{AuditLog, audit_log};
pub use delete_integration::{DeleteIntegration, delete_integration};
pub use disconnect::{Disconnect, disconnect};
pub use load_settings::{LoadSettings, load_settings};
pub use page::SettingsPage;
pub use save_settings::{SaveSettings, save_settings};
pub use test_connection::{TestConnection, test_connection};
