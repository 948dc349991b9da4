//! What a participant may do in one room. Roles belong to (room, session): a role in one room means
//! nothing in another.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// May be in the room, and change only their own state.
    Participant,
    /// Owns the room: changes its settings and moderates the people in it.
    Chairman,
}

impl Role {
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Participant => "participant",
            Role::Chairman => "chairman",
        }
    }

    pub const fn is_chairman(self) -> bool {
        matches!(self, Role::Chairman)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role `{0}`")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "participant" => Ok(Role::Participant),
            "chairman" => Ok(Role::Chairman),
            other => Err(UnknownRole(other.chars().take(32).collect())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_text() {
        for role in [Role::Participant, Role::Chairman] {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
            assert_eq!(serde_json::to_string(&role).unwrap(), format!("\"{role}\""));
        }
        assert!("owner".parse::<Role>().is_err());
    }
}
