//! Random identifiers and secrets, from the operating system's generator.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use vroom_core::{ParticipantId, RoomName};

fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // Without an OS random source no secret can be made safely: stopping is the only sound answer.
    getrandom::fill(&mut bytes).expect("the operating system's random generator failed");
    bytes
}

/// A participant id: 96 random bits, 16 URL-safe characters.
pub fn participant_id() -> ParticipantId {
    let text = URL_SAFE_NO_PAD.encode(random::<12>());
    ParticipantId::parse(&text).expect("base64url of 12 bytes is a valid participant id")
}

/// A secret token: 256 random bits, 43 URL-safe characters.
pub fn secret_token() -> String {
    URL_SAFE_NO_PAD.encode(random::<32>())
}

/// A session's public reference for logs and the audit: 72 random bits, 12 characters. It grants
/// nothing; the cookie's secret does.
pub fn session_reference() -> String {
    URL_SAFE_NO_PAD.encode(random::<9>())
}

/// Key material for the session cookie's encryption.
pub fn cookie_key() -> String {
    URL_SAFE_NO_PAD.encode(random::<64>())
}

pub fn room_name() -> RoomName {
    RoomName::random(random())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_distinct_and_well_formed() {
        let a = participant_id();
        let b = participant_id();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 16);
        assert_eq!(secret_token().len(), 43);
        assert_ne!(room_name(), room_name());
    }
}
