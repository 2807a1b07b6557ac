//! Small components that several pages share.

mod breadcrumbs;
mod error_box;

pub use breadcrumbs::Breadcrumbs;
pub use error_box::ErrorBox;
