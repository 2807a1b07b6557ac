//! Console roles and the actions each may take.

use serde::{Deserialize, Serialize};

/// The role of a console user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// An environment admin: changes credentials, connects, tests, and reads and writes records.
    Admin,
    /// Support staff: view settings with the secret masked, run a test connection, read records.
    Support,
}

/// Something a console user may ask the console to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    ListEnvironments,
    /// Create, rename or delete environments.
    ManageEnvironments,
    ViewSettings,
    ChangeSettings,
    Connect,
    RunTestConnection,
    ReadRecords,
    WriteRecords,
}

impl Action {
    /// Returns the action as the end of "Your role (support) cannot …".
    pub fn description(self) -> &'static str {
        match self {
            Action::ListEnvironments => "list environments",
            Action::ManageEnvironments => "create, rename or delete environments",
            Action::ViewSettings => "view settings",
            Action::ChangeSettings => "change settings",
            Action::Connect => "connect to or disconnect from Salesforce",
            Action::RunTestConnection => "run a test connection",
            Action::ReadRecords => "read records",
            Action::WriteRecords => "write records",
        }
    }
}

impl Role {
    /// Every role, in the order pages list them.
    pub const ALL: [Role; 2] = [Role::Admin, Role::Support];

    /// Returns whether this role may take `action`.
    pub fn can(self, action: Action) -> bool {
        match self {
            Role::Admin => true,
            Role::Support => matches!(
                action,
                Action::ListEnvironments
                    | Action::ViewSettings
                    | Action::RunTestConnection
                    | Action::ReadRecords
            ),
        }
    }

    pub fn can_change_settings(self) -> bool {
        self.can(Action::ChangeSettings)
    }

    pub fn can_connect(self) -> bool {
        self.can(Action::Connect)
    }

    pub fn can_write_records(self) -> bool {
        self.can(Action::WriteRecords)
    }

    pub fn can_read_records(self) -> bool {
        self.can(Action::ReadRecords)
    }

    pub fn can_run_test_connection(self) -> bool {
        self.can(Action::RunTestConnection)
    }

    /// Returns the stored and displayed name: `admin` or `support`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Support => "support",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// A role name that is neither `admin` nor `support`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?}: use admin or support")]
pub struct UnknownRole(pub String);

impl std::str::FromStr for Role {
    type Err = UnknownRole;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "admin" => Ok(Role::Admin),
            "support" => Ok(Role::Support),
            other => Err(UnknownRole(other.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVERY_ACTION: [Action; 8] = [
        Action::ListEnvironments,
        Action::ManageEnvironments,
        Action::ViewSettings,
        Action::ChangeSettings,
        Action::Connect,
        Action::RunTestConnection,
        Action::ReadRecords,
        Action::WriteRecords,
    ];

    #[test]
    fn admin_may_take_every_action() {
        for action in EVERY_ACTION {
            assert!(Role::Admin.can(action), "{action:?}");
        }
    }

    #[test]
    fn support_permissions() {
        let expected = [
            (Action::ListEnvironments, true),
            (Action::ManageEnvironments, false),
            (Action::ViewSettings, true),
            (Action::ChangeSettings, false),
            (Action::Connect, false),
            (Action::RunTestConnection, true),
            (Action::ReadRecords, true),
            (Action::WriteRecords, false),
        ];
        for (action, allowed) in expected {
            assert_eq!(Role::Support.can(action), allowed, "{action:?}");
        }
    }

    #[test]
    fn forbidden_message_names_role_and_action() {
        let error = crate::error::AppError::forbidden(Role::Support, Action::ChangeSettings);
        assert_eq!(
            error.to_string(),
            "Your role (support) cannot change settings."
        );
    }

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
    }

    #[test]
    fn role_name_is_case_sensitive() {
        assert_eq!(
            "Admin".parse::<Role>(),
            Err(UnknownRole("Admin".to_string()))
        );
    }

    #[test]
    fn role_serializes_lowercase() {
        let json = serde_json::to_string(&Role::Support).expect("a role serializes");
        assert_eq!(json, "\"support\"");
    }
}
