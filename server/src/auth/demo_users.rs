//! The demo console users: an admin and a support user with fixed, published passwords. They
//! exist only while the demo org is on; with it off they are disabled, so their published
//! passwords open nothing.

use app::dto::DemoUser;
use app::model::Role;
use secrecy::SecretString;

use super::users::{CreateUserError, create_user};
use crate::db::Db;

pub const DEMO_ADMIN_EMAIL: &str = "admin@console.example";
pub const DEMO_ADMIN_PASSWORD: &str = "demo-admin-Password1";
pub const DEMO_SUPPORT_EMAIL: &str = "support@console.example";
pub const DEMO_SUPPORT_PASSWORD: &str = "demo-support-Password1";

/// Every demo user: email, password and role.
const DEMO_USERS: [(&str, &str, Role); 2] = [
    (DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, Role::Admin),
    (DEMO_SUPPORT_EMAIL, DEMO_SUPPORT_PASSWORD, Role::Support),
];

/// With the demo org on, creates each demo user that does not exist yet and enables it; an
/// existing user keeps its password and role. With the demo org off, disables the demo users
/// that exist.
pub async fn sync_demo_users(db: &Db, demo_org_on: bool) -> anyhow::Result<()> {
    if demo_org_on {
        return ensure_demo_users(db).await;
    }
    for (email, _, _) in DEMO_USERS {
        let existing = db.console_user_by_email(email).await?;
        if existing.is_some_and(|user| !user.disabled) {
            db.set_console_user_disabled(email, true).await?;
            tracing::warn!(
                email,
                "the demo org is off, so the demo console user was disabled"
            );
        }
    }
    Ok(())
}

async fn ensure_demo_users(db: &Db) -> anyhow::Result<()> {
    for (email, password, role) in DEMO_USERS {
        let existing = db.console_user_by_email(email).await?;
        if let Some(user) = existing {
            if user.disabled {
                db.set_console_user_disabled(email, false).await?;
                tracing::info!(
                    email,
                    "the demo org is on, so the demo console user was enabled again"
                );
            }
            continue;
        }
        match create_user(db, email, role, SecretString::from(password.to_string())).await {
            Ok(user) => {
                tracing::info!(user.id = %user.id, email, role = %role, "demo console user created")
            }
            // Another console process sharing the database created it first.
            Err(CreateUserError::EmailTaken(_)) => {}
            Err(error) => {
                return Err(anyhow::anyhow!(
                    "creating the demo user {email} failed: {error}"
                ));
            }
        }
    }
    Ok(())
}

/// Returns the demo users as the sign-in page lists them.
pub fn demo_users() -> Vec<DemoUser> {
    DEMO_USERS
        .iter()
        .map(|(email, password, role)| DemoUser {
            email: (*email).to_string(),
            password: (*password).to_string(),
            role: *role,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::password::check_new_password;

    #[test]
    fn demo_passwords_meet_the_password_rules() {
        for (email, password, _) in DEMO_USERS {
            assert_eq!(
                check_new_password(&SecretString::from(password.to_string())),
                Ok(()),
                "{email}"
            );
        }
    }

    #[tokio::test]
    async fn syncing_twice_creates_each_user_once() {
        let db = Db::connect("sqlite::memory:")
            .await
            .expect("an in-memory database opens");
        sync_demo_users(&db, true).await.expect("first run");
        let first = db
            .console_user_by_email(DEMO_ADMIN_EMAIL)
            .await
            .expect("read")
            .expect("created");
        sync_demo_users(&db, true).await.expect("second run");
        let second = db
            .console_user_by_email(DEMO_ADMIN_EMAIL)
            .await
            .expect("read")
            .expect("kept");
        assert_eq!(first.id, second.id);
        assert_eq!(first.password_hash, second.password_hash);
        let support = db
            .console_user_by_email(DEMO_SUPPORT_EMAIL)
            .await
            .expect("read")
            .expect("created");
        assert_eq!(support.role, "support");
    }

    #[tokio::test]
    async fn demo_org_off_disables_and_on_enables_again() {
        let db = Db::connect("sqlite::memory:")
            .await
            .expect("an in-memory database opens");
        sync_demo_users(&db, true).await.expect("created");
        sync_demo_users(&db, false).await.expect("disabled");
        for email in [DEMO_ADMIN_EMAIL, DEMO_SUPPORT_EMAIL] {
            let user = db
                .console_user_by_email(email)
                .await
                .expect("read")
                .expect("kept");
            assert!(
                user.disabled,
                "{email} must be disabled with the demo org off"
            );
        }
        sync_demo_users(&db, true).await.expect("enabled");
        let admin = db
            .console_user_by_email(DEMO_ADMIN_EMAIL)
            .await
            .expect("read")
            .expect("kept");
        assert!(!admin.disabled);
    }

    #[tokio::test]
    async fn demo_org_off_creates_no_users() {
        let db = Db::connect("sqlite::memory:")
            .await
            .expect("an in-memory database opens");
        sync_demo_users(&db, false).await.expect("nothing to do");
        assert!(
            db.console_user_by_email(DEMO_ADMIN_EMAIL)
                .await
                .expect("read")
                .is_none()
        );
    }
}
