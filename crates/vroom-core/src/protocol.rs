//! The signalling protocol, version [`PROTOCOL_VERSION`]: every message a client and the server exchange
//! over the WebSocket, as JSON objects tagged by `"type"`. `docs/protocol.md` describes each one.

use serde::{Deserialize, Serialize};

use crate::participant::{Colour, ParticipantId, ParticipantInfo};

/// The protocol version this crate speaks. A client names the version it speaks in `join`.
pub const PROTOCOL_VERSION: u32 = 1;

/// Messages a client sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMessage {
    /// The first message on a connection: enter a room, or take back one's place after a reconnection.
    Join(JoinRequest),
    /// Negotiation data for one other participant; the server stamps the sender.
    Signal {
        to: ParticipantId,
        payload: SignalPayload,
    },
    /// A change of one's own display name or media state.
    Update(UpdateRequest),
    /// Asks the server to answer `pong`, so a client can tell a dead connection from a quiet one.
    Ping {
        #[serde(default)]
        #[cfg_attr(test, ts(type = "number", optional))]
        t: Option<u64>,
    },
    /// Asks for fresh ICE servers (TURN credentials expire).
    IceRefresh,
    /// Leaves the room for good; the server then closes the connection.
    Leave,
    /// A chairman acts on another participant. Refused (`not_allowed`) for anyone else.
    Moderate {
        action: ModerationAction,
        target: ParticipantId,
    },
    /// A chairman mutes everyone's microphone but their own.
    MuteAll,
    /// A chat message to everyone in the room (plain text, at most [`MAX_CHAT_CHARS`] characters).
    Chat { text: String },
    /// A quick reaction, shown to everyone for a moment.
    React { reaction: Reaction },
}

/// The quick reactions a participant can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Reaction {
    ThumbsUp,
    Clap,
    Laugh,
    Heart,
    Surprised,
    Celebrate,
}

/// Longest chat message, in characters.
pub const MAX_CHAT_CHARS: usize = 2000;

/// A chat message as the room relays and keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ChatMessage {
    /// Increases by one per message in the room's life.
    #[cfg_attr(test, ts(type = "number"))]
    pub seq: u64,
    pub from: ParticipantRef,
    /// The sender's colour when they sent it.
    pub colour: Colour,
    /// When the server received it, unix milliseconds.
    #[cfg_attr(test, ts(type = "number"))]
    pub at: u64,
    /// Plain text: clients show it as text, never as HTML.
    pub text: String,
}

/// An invitee's answer on their invitation page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum InvitationResponse {
    /// They will come later (the link keeps working).
    Later,
    /// They cannot come (the link stops working).
    Decline,
}

/// What a chairman can do to another participant. Nothing here turns a microphone or camera on:
/// the `ask_*` actions only show the person a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ModerationAction {
    Mute,
    StopVideo,
    AskUnmute,
    AskVideo,
    /// Closes their connection, revokes their role and keeps them out for `rooms.kick_ban_time`.
    Kick,
    /// Makes them a chairman of this room.
    Promote,
    /// Lowers their raised hand.
    LowerHand,
}

impl ClientMessage {
    /// Every `type` a client may send, to tell an unknown type from a malformed known one.
    pub const TYPES: &'static [&'static str] = &[
        "join",
        "signal",
        "update",
        "ping",
        "ice_refresh",
        "leave",
        "moderate",
        "mute_all",
        "chat",
        "react",
    ];
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
pub struct JoinRequest {
    pub protocol: u32,
    pub room: String,
    #[serde(default)]
    pub name: String,
    #[serde(default = "yes")]
    pub audio: bool,
    #[serde(default = "yes")]
    pub video: bool,
    /// The colour the person chose last time; the room picks the least used one when absent.
    #[serde(default)]
    pub colour: Option<Colour>,
    /// Still sharing the screen (a resume: the share survived the dropped connection).
    #[serde(default)]
    pub screen: bool,
    /// Present when the client had a place in the room and its connection dropped.
    #[serde(default)]
    pub resume: Option<ResumeRequest>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
pub struct ResumeRequest {
    pub participant: ParticipantId,
    pub token: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
pub struct UpdateRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video: Option<bool>,
    /// Raise (true) or lower (false) one's hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hand: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<Colour>,
    /// Started (true) or stopped (false) sharing the screen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub screen: Option<bool>,
}

/// WebRTC negotiation data, relayed unchanged between two participants of one room.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SignalPayload {
    Description { description: SessionDescription },
    Candidate { candidate: IceCandidate },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
pub struct SessionDescription {
    #[serde(rename = "type")]
    pub kind: SdpKind,
    pub sdp: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "lowercase")]
pub enum SdpKind {
    Offer,
    Answer,
}

/// An ICE candidate as `RTCIceCandidate.toJSON()` gives it; an empty `candidate` means end of candidates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
pub struct IceCandidate {
    pub candidate: String,
    #[serde(rename = "sdpMid", default, skip_serializing_if = "Option::is_none")]
    pub sdp_mid: Option<String>,
    #[serde(
        rename = "sdpMLineIndex",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sdp_m_line_index: Option<u16>,
    #[serde(
        rename = "usernameFragment",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub username_fragment: Option<String>,
}

/// Messages the server sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMessage {
    /// The answer to `join`: who you are, who is here, how to reach them.
    Welcome(Box<Welcome>),
    ParticipantJoined {
        participant: ParticipantInfo,
    },
    /// A participant changed name or media state, or lost (`connected: false`) or regained its connection.
    ParticipantUpdated {
        participant: ParticipantInfo,
    },
    ParticipantLeft {
        id: ParticipantId,
        reason: LeaveReason,
    },
    Signal {
        from: ParticipantId,
        payload: SignalPayload,
    },
    IceServers(IceConfig),
    Pong {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(test, ts(type = "number"))]
        t: Option<u64>,
    },
    Error {
        code: ErrorCode,
        message: String,
    },
    /// A notice for everyone of what a chairman did (`target` is absent for `mute_all`). The target
    /// learns of it this way too; its own state arrives as `participant_updated`.
    Moderated {
        action: ModerationNotice,
        by: ParticipantRef,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        target: Option<ParticipantRef>,
    },
    /// To one participant only: a chairman asks them to turn their microphone or camera on.
    Request {
        kind: RequestKind,
        by: ParticipantRef,
    },
    /// To the participant being removed, just before the server closes its connection (4403).
    Kicked {
        by: ParticipantRef,
        /// How long the room refuses them, in seconds (0: they may come back at once).
        #[cfg_attr(test, ts(type = "number"))]
        ban_seconds: u64,
    },
    /// A chat message, to everyone including its sender.
    Chat(ChatMessage),
    /// Someone's quick reaction, to everyone including its sender.
    Reaction {
        from: ParticipantRef,
        reaction: Reaction,
    },
    /// Someone invited by mail answered on their invitation page (to the room's chairmen).
    InvitationAnswered {
        email: String,
        response: InvitationResponse,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<String>,
    },
    /// The room's settings changed (`by` is absent when nobody in the room made the change).
    RoomSettings {
        settings: RoomSettingsView,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<ParticipantRef>,
        /// Which settings changed, by name (`locked`, `join_password`...).
        changed: Vec<String>,
    },
    /// To everyone in the room, just before the server closes every connection (4410): an
    /// administrator ended the meeting or deleted the room. Clients must not reconnect by themselves.
    Ended {
        reason: EndReason,
    },
    /// The room's collaborative notes were emptied (`by` is absent when nobody in the room did it,
    /// e.g. a chairman who is not in the meeting).
    NotesCleared {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<ParticipantRef>,
    },
}

/// Why an administrator sent everyone away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// The meeting was ended; the room stays and people may join it again.
    Ended,
    /// The room was deleted; it no longer exists.
    Deleted,
}

/// A participant named in a notice: id and the display name it had then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ParticipantRef {
    pub id: ParticipantId,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ModerationNotice {
    Muted,
    VideoStopped,
    MutedAll,
    Kicked,
    Promoted,
    HandLowered,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    Unmute,
    Video,
}

/// A room's settings as everyone in it may see them; secrets only as set / not set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RoomSettingsView {
    /// Nobody new gets in, except with the owner password.
    pub locked: bool,
    /// Newcomers must give a display name.
    pub require_name: bool,
    /// Newcomers need the join password.
    pub join_password: bool,
    /// The room is reserved: an owner password claims the chair.
    pub owner_password: bool,
    /// The room's own member limit (0: none).
    pub max_members: u32,
    /// The limit that applies: the lower of the room's and the server's (0: none).
    pub member_limit: u32,
    /// The name is too common to be reserved (no owner password may be set).
    pub common_name: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
pub struct Welcome {
    pub protocol: u32,
    pub room: String,
    pub you: ParticipantInfo,
    /// Secret that lets this participant take its place back after a dropped connection.
    pub resume_token: String,
    /// True when this connection took back an existing place (same id, peers kept).
    pub resumed: bool,
    /// Everyone else in the room.
    pub participants: Vec<ParticipantInfo>,
    pub settings: RoomSettingsView,
    /// The chat so far (the room keeps its last `rooms.chat_history` messages while it is live).
    pub chat: Vec<ChatMessage>,
    pub ice: IceConfig,
    pub limits: Limits,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
pub struct Limits {
    /// Largest message the server accepts, in bytes of UTF-8.
    #[cfg_attr(test, ts(type = "number"))]
    pub max_message_bytes: usize,
    /// How often the client should send `ping`, in milliseconds.
    #[cfg_attr(test, ts(type = "number"))]
    pub ping_interval_ms: u64,
    /// How long a participant whose connection dropped keeps its place, in milliseconds.
    #[cfg_attr(test, ts(type = "number"))]
    pub reconnect_grace_ms: u64,
}

/// The ICE servers for `RTCPeerConnection`, and when their credentials expire.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
pub struct IceConfig {
    #[serde(rename = "iceServers")]
    pub ice_servers: Vec<IceServer>,
    /// Unix time (seconds) after which the TURN credentials stop working, if they do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(type = "number"))]
    pub expires_at: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
pub struct IceServer {
    pub urls: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "snake_case")]
pub enum LeaveReason {
    /// The participant left (button, closed tab).
    Left,
    /// Its connection dropped and it did not come back in time.
    TimedOut,
    /// A chairman removed it.
    Kicked,
}

/// Machine-readable error codes; `message` carries the human text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Not JSON, or a known type with missing or wrong fields.
    Malformed,
    UnknownType,
    MessageTooLarge,
    RateLimited,
    UnsupportedProtocol,
    /// A message other than `join` arrived before `join`, or `join` arrived twice.
    NotJoined,
    AlreadyJoined,
    RoomNotFound,
    RoomFull,
    InvalidRoomName,
    InvalidName,
    /// Only a chairman may do this.
    NotAllowed,
    /// The room is locked; only its owner password lets a newcomer in.
    Locked,
    /// The room has a join password: give it (`POST /api/rooms/{name}/auth`) before joining.
    PasswordRequired,
    /// The room asks newcomers for a display name.
    NameRequired,
    /// A chat message that is empty, too long, or holds control characters.
    InvalidChat,
    /// A chairman removed this person from the room a short while ago.
    Banned,
    /// The target of a `signal` is not in the room.
    UnknownParticipant,
    /// The target of a `signal` is in the room but its connection is down.
    ParticipantUnavailable,
    /// `resume` named a place that no longer exists or with the wrong token.
    ResumeFailed,
    JoinTimeout,
    ServerShuttingDown,
    Internal,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_parses_with_defaults() {
        let msg: ClientMessage =
            serde_json::from_str(r#"{"type":"join","protocol":1,"room":"abc"}"#).unwrap();
        assert_eq!(
            msg,
            ClientMessage::Join(JoinRequest {
                protocol: 1,
                room: "abc".into(),
                name: String::new(),
                audio: true,
                video: true,
                colour: None,
                screen: false,
                resume: None,
            })
        );
    }

    #[test]
    fn unit_like_messages_parse() {
        for (text, want) in [
            (r#"{"type":"leave"}"#, ClientMessage::Leave),
            (r#"{"type":"ice_refresh"}"#, ClientMessage::IceRefresh),
            (r#"{"type":"ping"}"#, ClientMessage::Ping { t: None }),
            (
                r#"{"type":"ping","t":5}"#,
                ClientMessage::Ping { t: Some(5) },
            ),
        ] {
            assert_eq!(serde_json::from_str::<ClientMessage>(text).unwrap(), want);
        }
    }

    #[test]
    fn signal_round_trips_with_browser_field_names() {
        let text = r#"{"type":"signal","to":"p1","payload":{"kind":"candidate","candidate":{"candidate":"candidate:1 1 udp 1 127.0.0.1 5000 typ host","sdpMid":"0","sdpMLineIndex":0}}}"#;
        let msg: ClientMessage = serde_json::from_str(text).unwrap();
        let back = serde_json::to_value(&msg).unwrap();
        assert_eq!(
            back,
            serde_json::from_str::<serde_json::Value>(text).unwrap()
        );

        let offer = r#"{"type":"signal","to":"p1","payload":{"kind":"description","description":{"type":"offer","sdp":"v=0"}}}"#;
        assert!(serde_json::from_str::<ClientMessage>(offer).is_ok());
        let rollback = offer.replace("\"offer\"", "\"rollback\"");
        assert!(serde_json::from_str::<ClientMessage>(&rollback).is_err());
    }

    #[test]
    fn every_client_type_is_listed() {
        use crate::participant::ParticipantId;
        let target = ParticipantId::parse("p1").unwrap();
        let all = [
            ClientMessage::Update(UpdateRequest::default()),
            ClientMessage::Ping { t: None },
            ClientMessage::IceRefresh,
            ClientMessage::Leave,
            ClientMessage::Moderate {
                action: ModerationAction::Mute,
                target,
            },
            ClientMessage::MuteAll,
            ClientMessage::Chat { text: "x".into() },
            ClientMessage::React {
                reaction: Reaction::Clap,
            },
        ];
        for msg in all {
            let value = serde_json::to_value(&msg).unwrap();
            let kind = value["type"].as_str().unwrap();
            assert!(ClientMessage::TYPES.contains(&kind), "{kind} missing");
        }
        assert_eq!(ClientMessage::TYPES.len(), 10);
    }

    #[test]
    fn unknown_type_is_an_error() {
        assert!(serde_json::from_str::<ClientMessage>(r#"{"type":"hack"}"#).is_err());
        assert!(!ClientMessage::TYPES.contains(&"hack"));
    }

    #[test]
    fn server_messages_are_tagged() {
        let v = serde_json::to_value(ServerMessage::Pong { t: None }).unwrap();
        assert_eq!(v, serde_json::json!({"type":"pong"}));
        let v = serde_json::to_value(ServerMessage::Error {
            code: ErrorCode::MessageTooLarge,
            message: "too big".into(),
        })
        .unwrap();
        assert_eq!(
            v,
            serde_json::json!({"type":"error","code":"message_too_large","message":"too big"})
        );
        let v = serde_json::to_value(ServerMessage::IceServers(IceConfig::default())).unwrap();
        assert_eq!(v, serde_json::json!({"type":"ice_servers","iceServers":[]}));
    }

    #[test]
    fn notes_cleared_names_who_when_known() {
        let by = ParticipantRef {
            id: ParticipantId::parse("p1").unwrap(),
            name: "Ana".into(),
        };
        let msg = ServerMessage::NotesCleared { by: Some(by) };
        let v = serde_json::to_value(&msg).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"type": "notes_cleared", "by": {"id": "p1", "name": "Ana"}})
        );
        assert_eq!(serde_json::from_value::<ServerMessage>(v).unwrap(), msg);
        let anonymous = ServerMessage::NotesCleared { by: None };
        assert_eq!(
            serde_json::to_value(&anonymous).unwrap(),
            serde_json::json!({"type": "notes_cleared"})
        );
    }

    #[test]
    fn ended_names_its_reason() {
        for (reason, wire) in [(EndReason::Ended, "ended"), (EndReason::Deleted, "deleted")] {
            let msg = ServerMessage::Ended { reason };
            let v = serde_json::to_value(&msg).unwrap();
            assert_eq!(v, serde_json::json!({"type": "ended", "reason": wire}));
            assert_eq!(serde_json::from_value::<ServerMessage>(v).unwrap(), msg);
        }
        assert!(
            serde_json::from_str::<ServerMessage>(r#"{"type":"ended","reason":"closed"}"#).is_err()
        );
    }
}
