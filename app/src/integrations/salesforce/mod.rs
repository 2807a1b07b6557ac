//! The Salesforce integration: settings, connection, test connection and the record explorer.

pub mod explorer;
pub mod settings;

pub use explorer::ExplorerPage;
pub use settings::SettingsPage;
