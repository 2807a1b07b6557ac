//! Console users as the sign-in page needs them.

use app::dto::DemoUser;
use app::services::AccountService;

use super::Console;

impl AccountService for Console {
    fn demo_users(&self) -> Vec<DemoUser> {
        if self.settings.demo_org.is_some() {
            crate::auth::demo_users::demo_users()
        } else {
            Vec::new()
        }
    }
}
