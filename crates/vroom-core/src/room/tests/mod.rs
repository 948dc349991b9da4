//! Tests of the room state machine, by subject; the builders they share are here.

use super::*;
use crate::protocol::{IceCandidate, MAX_CHAT_CHARS, ResumeRequest};

mod admission;
mod lifecycle;
mod moderation;
mod together;

pub(super) fn pid(s: &str) -> ParticipantId {
    ParticipantId::parse(s).unwrap()
}

pub(super) fn admission(id: &str) -> Admission {
    Admission {
        id: pid(id),
        resume_token: format!("token-{id}"),
        ice: IceConfig::default(),
        limits: Limits {
            max_message_bytes: 1000,
            ping_interval_ms: 1000,
            reconnect_grace_ms: 1000,
        },
        granted: None,
        banned_for: None,
        invited: false,
    }
}

pub(super) fn request(name: &str) -> JoinRequest {
    JoinRequest {
        protocol: PROTOCOL_VERSION,
        room: "r".into(),
        name: name.into(),
        audio: true,
        video: true,
        colour: None,
        screen: false,
        resume: None,
    }
}

pub(super) fn room() -> Room {
    Room::new(
        RoomName::parse("r").unwrap(),
        RoomSettingsView::default(),
        600,
    )
}

pub(super) fn room_with(settings: RoomSettingsView) -> Room {
    Room::new(RoomName::parse("r").unwrap(), settings, 600)
}

pub(super) fn as_role(id: &str, granted: Option<Role>) -> Admission {
    Admission {
        granted,
        ..admission(id)
    }
}

/// A room with a chairman `c`, and `p` and `q` as participants.
pub(super) fn chaired() -> Room {
    let mut room = room();
    room.join(&request("Chair"), as_role("c", Some(Role::Chairman)))
        .unwrap();
    room.join(&request("Pat"), admission("p")).unwrap();
    room.join(&request("Quinn"), admission("q")).unwrap();
    room
}

pub(super) fn info_of(room: &Room, id: &str) -> ParticipantInfo {
    room.participants()
        .find(|p| p.id == pid(id))
        .cloned()
        .unwrap()
}

pub(super) fn candidate() -> SignalPayload {
    SignalPayload::Candidate {
        candidate: IceCandidate {
            candidate: String::new(),
            sdp_mid: None,
            sdp_m_line_index: None,
            username_fragment: None,
        },
    }
}

pub(super) fn welcome_of(out: &[Outgoing]) -> &Welcome {
    match &out[0].message {
        ServerMessage::Welcome(w) => w,
        other => panic!("expected welcome, got {other:?}"),
    }
}
