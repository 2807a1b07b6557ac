//! The environments list, the console's home page, and creating, renaming and deleting
//! environments.

mod create_environment;
mod delete_environment;
mod list_environments;
mod list_page;
mod rename_environment;

pub use create_environment::{CreateEnvironment, create_environment};
pub use delete_environment::{DeleteEnvironment, delete_environment};
pub use list_environments::{ListEnvironments, list_environments};
pub use list_page::EnvironmentsPage;
pub use rename_environment::{RenameEnvironment, rename_environment};
