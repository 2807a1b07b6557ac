//! Signing in and out: the sign-in page, the header's account menu, and their server functions.

mod account_menu;
mod current_user;
mod list_demo_users;
mod sign_in_error;
mod sign_in_page;

pub use account_menu::AccountMenu;
pub use current_user::{CurrentUser, current_user};
pub use list_demo_users::{ListDemoUsers, list_demo_users};
pub use sign_in_error::SignInError;
pub use sign_in_page::SignInPage;
