//! The Salesforce settings page and its server functions.

mod connection_panel;
mod form;
mod load_settings;
mod page;
mod save_settings;
mod test_connection;
mod test_connection_panel;

pub use load_settings::{LoadSettings, load_settings};
pub use page::SettingsPage;
pub use save_settings::{SaveSettings, save_settings};
pub use test_connection::{TestConnection, test_connection};
