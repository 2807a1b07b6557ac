//! Console users, roles, sign-in, sessions, and the middleware that resolves each request's
//! caller.
//!
//! `Role` itself lives in `app::model`, because pages and server functions need it as well.

mod caller;
pub mod demo_users;
pub mod next_path;
pub mod password;
mod require_sign_in;
pub mod session;
pub mod sign_in;
pub mod throttle;
pub mod users;

pub use app::model::Role;
pub use caller::resolve_caller;
pub use demo_users::sync_demo_users;
pub use require_sign_in::require_sign_in;
pub use sign_in::{SignInFailure, authenticate};
pub use users::{ConsoleUser, CreateUserError, create_user};
