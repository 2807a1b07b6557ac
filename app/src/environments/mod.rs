//! The environments list, the console's home page.

mod list_environments;
mod list_page;

pub use list_environments::{ListEnvironments, list_environments};
pub use list_page::EnvironmentsPage;
