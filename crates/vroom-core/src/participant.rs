//! Participants: their ids, display names and what others see of them.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::role::Role;

/// Longest display name, in characters.
pub const MAX_DISPLAY_NAME_LEN: usize = 50;
const MAX_PARTICIPANT_ID_LEN: usize = 32;

/// A participant's id within a room, chosen by the server.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(transparent)]
pub struct ParticipantId(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a participant id has 1 to {MAX_PARTICIPANT_ID_LEN} letters, digits, '-' or '_'")]
pub struct InvalidParticipantId;

impl ParticipantId {
    pub fn parse(raw: &str) -> Result<Self, InvalidParticipantId> {
        let ok = !raw.is_empty()
            && raw.len() <= MAX_PARTICIPANT_ID_LEN
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(InvalidParticipantId)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ParticipantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ParticipantId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        ParticipantId::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// Invisible formatting characters refused in display names besides the control characters: bidi
/// overrides and isolates, zero-width spaces and joiners, and the like can disguise a name as another's.
/// Inclusive ranges; the browser client gets the same list (`web/lib/rules.gen.js`).
pub const INVISIBLE_FORMAT_CHARS: &[(char, char)] = &[
    ('\u{00ad}', '\u{00ad}'),
    ('\u{061c}', '\u{061c}'),
    ('\u{180e}', '\u{180e}'),
    ('\u{200b}', '\u{200f}'),
    ('\u{202a}', '\u{202e}'),
    ('\u{2060}', '\u{206f}'),
    ('\u{feff}', '\u{feff}'),
    ('\u{fff9}', '\u{fffb}'),
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DisplayNameError {
    #[error("a display name has at most {MAX_DISPLAY_NAME_LEN} characters")]
    TooLong,
    #[error("a display name cannot contain control or invisible formatting characters")]
    ControlCharacter,
}

/// Trims a display name and checks it. An empty name is allowed: the client then shows a generic label.
pub fn normalize_display_name(raw: &str) -> Result<String, DisplayNameError> {
    let trimmed = raw.trim();
    if trimmed.chars().count() > MAX_DISPLAY_NAME_LEN {
        return Err(DisplayNameError::TooLong);
    }
    let forbidden = |c: char| {
        c.is_control()
            || INVISIBLE_FORMAT_CHARS
                .iter()
                .any(|&(first, last)| (first..=last).contains(&c))
    };
    if trimmed.chars().any(forbidden) {
        return Err(DisplayNameError::ControlCharacter);
    }
    Ok(trimmed.to_owned())
}

/// How many colours the participants' palette has (clients map an index to a colour of their theme).
pub const PALETTE_SIZE: u8 = 12;

/// A participant's colour: an index into the palette, shown on their tile and their chat messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(type = "number"))]
#[serde(try_from = "u8", into = "u8")]
pub struct Colour(u8);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a colour is a palette index from 0 to {}", PALETTE_SIZE - 1)]
pub struct InvalidColour;

impl Colour {
    pub const FIRST: Colour = Colour(0);

    pub fn index(self) -> u8 {
        self.0
    }

    /// Every colour of the palette, in order.
    pub fn all() -> impl Iterator<Item = Colour> {
        (0..PALETTE_SIZE).map(Colour)
    }
}

impl TryFrom<u8> for Colour {
    type Error = InvalidColour;

    fn try_from(value: u8) -> Result<Self, Self::Error> {
        if value < PALETTE_SIZE {
            Ok(Self(value))
        } else {
            Err(InvalidColour)
        }
    }
}

impl From<Colour> for u8 {
    fn from(colour: Colour) -> u8 {
        colour.0
    }
}

/// What every participant knows about another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ParticipantInfo {
    pub id: ParticipantId,
    pub name: String,
    /// Microphone on (not muted).
    pub audio: bool,
    /// Camera on.
    pub video: bool,
    /// False while its connection is down and it may still come back.
    pub connected: bool,
    pub role: Role,
    /// Hand raised (to ask for the floor).
    #[serde(default)]
    pub hand: bool,
    pub colour: Colour,
    /// Sharing their screen (the share is an extra video track, with tab audio where there is some).
    #[serde(default)]
    pub screen: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours() {
        assert_eq!(Colour::all().count(), usize::from(PALETTE_SIZE));
        assert!(serde_json::from_str::<Colour>("11").is_ok());
        assert!(serde_json::from_str::<Colour>("12").is_err());
        assert!(serde_json::from_str::<Colour>("-1").is_err());
        assert!(serde_json::from_str::<Colour>("\"1\"").is_err());
        assert_eq!(serde_json::to_string(&Colour(3)).unwrap(), "3");
    }

    #[test]
    fn ids() {
        assert!(ParticipantId::parse("a1_-Z").is_ok());
        assert!(ParticipantId::parse("").is_err());
        assert!(ParticipantId::parse(&"a".repeat(33)).is_err());
        assert!(ParticipantId::parse("a b").is_err());
        assert!(serde_json::from_str::<ParticipantId>("\"../x\"").is_err());
    }

    #[test]
    fn display_names() {
        assert_eq!(normalize_display_name("  Ada  ").unwrap(), "Ada");
        assert_eq!(normalize_display_name("").unwrap(), "");
        assert_eq!(normalize_display_name("Zoë <b>").unwrap(), "Zoë <b>");
        let longest = "é".repeat(MAX_DISPLAY_NAME_LEN);
        assert_eq!(normalize_display_name(&longest).unwrap(), longest);
        assert_eq!(
            normalize_display_name(&"é".repeat(MAX_DISPLAY_NAME_LEN + 1)),
            Err(DisplayNameError::TooLong)
        );
        assert_eq!(
            normalize_display_name("a\nb"),
            Err(DisplayNameError::ControlCharacter)
        );
        for sneaky in [
            "a\u{202e}b",
            "a\u{2066}b",
            "a\u{200b}b",
            "a\u{feff}b",
            "a\u{200f}b",
        ] {
            assert_eq!(
                normalize_display_name(sneaky),
                Err(DisplayNameError::ControlCharacter),
                "{sneaky:?}"
            );
        }
    }
}
