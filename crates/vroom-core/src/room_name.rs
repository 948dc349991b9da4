//! Room names: what a valid name is, which names the server keeps for itself, and random names.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Longest accepted room name, in characters.
pub const MAX_ROOM_NAME_LEN: usize = 49;

/// Names that collide with the server's own routes (present and planned), so they can never be rooms.
pub const RESERVED_NAMES: &[&str] = &[
    "about",
    "admin",
    "api",
    "assets",
    "auth",
    "config",
    "docs",
    "documentation",
    "favicon",
    "feedback",
    "goodbye",
    "health",
    "healthz",
    "help",
    "invitation",
    "invitations",
    "kicked",
    "locales",
    "login",
    "logout",
    "metrics",
    "new",
    "readyz",
    "robots",
    "static",
    "ws",
];

/// Why a room name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoomNameError {
    #[error("a room name cannot be empty")]
    Empty,
    #[error("a room name has at most {MAX_ROOM_NAME_LEN} characters")]
    TooLong,
    #[error("a room name may only contain letters, digits, '-' and '_'")]
    InvalidCharacter,
    #[error("this name is used by the server itself")]
    Reserved,
}

/// A validated, lower-cased room name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct RoomName(String);

impl RoomName {
    /// Validates `raw` and folds it to lower case: names are case-insensitive.
    pub fn parse(raw: &str) -> Result<Self, RoomNameError> {
        if raw.is_empty() {
            return Err(RoomNameError::Empty);
        }
        if raw.chars().count() > MAX_ROOM_NAME_LEN {
            return Err(RoomNameError::TooLong);
        }
        if !raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(RoomNameError::InvalidCharacter);
        }
        let lower = raw.to_ascii_lowercase();
        if RESERVED_NAMES.contains(&lower.as_str()) {
            return Err(RoomNameError::Reserved);
        }
        Ok(Self(lower))
    }

    /// A random name such as `kq7f-3mzp-x9ad`: 12 symbols from a 32-letter alphabet without look-alikes
    /// (60 bits), so that an unlisted room is hard to guess. The caller supplies the entropy.
    pub fn random(entropy: [u8; 12]) -> Self {
        const ALPHABET: &[u8; 32] = b"abcdefghjkmnpqrstuvwxyz23456789_";
        // '_' would look odd in a generated name: it is replaced so the alphabet stays a power of two.
        let mut out = String::with_capacity(14);
        for (i, byte) in entropy.iter().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push('-');
            }
            let c = ALPHABET[usize::from(byte % 32)];
            out.push(if c == b'_' { 'x' } else { char::from(c) });
        }
        Self(out)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RoomName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for RoomName {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        RoomName::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_lowercases() {
        assert_eq!(
            RoomName::parse("Team-Sync_2").unwrap().as_str(),
            "team-sync_2"
        );
        assert_eq!(RoomName::parse("a").unwrap().as_str(), "a");
        let longest = "x".repeat(MAX_ROOM_NAME_LEN);
        assert_eq!(RoomName::parse(&longest).unwrap().as_str(), longest);
    }

    #[test]
    fn refuses_bad_names() {
        assert_eq!(RoomName::parse(""), Err(RoomNameError::Empty));
        assert_eq!(
            RoomName::parse(&"x".repeat(MAX_ROOM_NAME_LEN + 1)),
            Err(RoomNameError::TooLong)
        );
        for bad in ["a b", "a.b", "a/b", "été", "x\u{0}", "<script>", "a%20"] {
            assert_eq!(
                RoomName::parse(bad),
                Err(RoomNameError::InvalidCharacter),
                "{bad}"
            );
        }
    }

    #[test]
    fn refuses_reserved_names_in_any_case() {
        for name in ["api", "API", "Assets", "ws", "goodbye", "admin"] {
            assert_eq!(
                RoomName::parse(name),
                Err(RoomNameError::Reserved),
                "{name}"
            );
        }
    }

    #[test]
    fn random_names_are_valid_and_spread() {
        let a = RoomName::random([0; 12]);
        let b = RoomName::random([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 255]);
        assert_ne!(a, b);
        for name in [&a, &b] {
            assert_eq!(RoomName::parse(name.as_str()).as_ref(), Ok(name));
            assert_eq!(name.as_str().len(), 14);
        }
    }

    #[test]
    fn deserialises_with_validation() {
        let ok: RoomName = serde_json::from_str("\"Hello\"").unwrap();
        assert_eq!(ok.as_str(), "hello");
        assert!(serde_json::from_str::<RoomName>("\"a b\"").is_err());
    }
}
