//! How other tasks reach a live room: the [`RoomHandle`] and the messages it sends to the room's actor
//! ([`super::actor`]), with what they carry and answer (connections, entrants, refusals, the people in it).

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::{mpsc, oneshot};
use vroom_core::protocol::{
    EndReason, ErrorCode, JoinRequest, ModerationAction, RoomSettingsView, ServerMessage,
};
use vroom_core::{ParticipantId, ParticipantInfo, Role, RoomCommand};

/// Close code for a participant a chairman removed, and for joins refused for lack of a right.
pub const CLOSE_FORBIDDEN: u16 = 4403;
/// Close code after `ended`: an administrator ended the meeting or deleted the room. Clients do not
/// reconnect by themselves.
pub const CLOSE_ENDED: u16 = 4410;

/// Identifies one WebSocket connection, so that news about a replaced connection is ignored.
pub type ConnId = u64;

static NEXT_CONN: AtomicU64 = AtomicU64::new(1);

pub fn next_conn_id() -> ConnId {
    NEXT_CONN.fetch_add(1, Ordering::Relaxed)
}

/// What the room sends down a connection.
#[derive(Debug, Clone)]
pub enum Outbound {
    /// A serialized [`vroom_core::ServerMessage`], shared by every recipient of a broadcast.
    Frame(Arc<str>),
    /// Close the WebSocket with this code and reason.
    Close { code: u16, reason: &'static str },
}

/// Messages queued for a connection beyond this mean it cannot keep up: it is disconnected. With
/// 64 KiB messages this bounds a stalled connection's memory to 8 MiB, for at most the send timeout.
pub const CONNECTION_QUEUE: usize = 128;

#[derive(Debug)]
pub struct Connection {
    pub id: ConnId,
    pub tx: mpsc::Sender<Outbound>,
}

#[derive(Debug, thiserror::Error)]
pub enum JoinRefused {
    #[error("{message}")]
    Refused { code: ErrorCode, message: String },
    /// The room actor stopped (the room emptied) before it saw the join: ask the registry again.
    #[error("the room closed")]
    Gone,
}

/// Who is knocking: their session, address, and what the store says about them in this room.
#[derive(Debug, Clone)]
pub struct Entrant {
    /// None for a client without a session cookie (a script): it can hold no lasting role.
    pub session_id: Option<i64>,
    /// The session's public reference (for a cookie-less client, one made up for this connection).
    pub reference: String,
    pub ip: IpAddr,
    pub granted: Option<Role>,
    pub banned_for: Option<u64>,
    /// The session holds a valid invitation to this room (past the lock and the join password).
    pub invited: bool,
}

/// A moderation request from a chairman (checked by the room, not here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModerationRequest {
    One {
        action: ModerationAction,
        target: ParticipantId,
    },
    MuteAll,
}

/// Why a participant may not have the room's notes (see [`RoomHandle::notes_session`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NotesRefused {
    /// No such participant here now, or not the caller's.
    #[error("not a participant of this room")]
    NotHere,
}

/// Someone in a live room as an administrator sees them.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveParticipant {
    pub info: ParticipantInfo,
    pub ip: IpAddr,
    /// The public reference of the participant's session (never its secret).
    pub session: String,
    /// When the participant took its place, unix seconds (a resume keeps the first time).
    pub joined_at: i64,
}

pub(super) enum RoomMsg {
    Join {
        conn: Connection,
        request: Box<JoinRequest>,
        entrant: Box<Entrant>,
        reply: oneshot::Sender<Result<ParticipantId, JoinRefused>>,
    },
    Command {
        from: ParticipantId,
        conn: ConnId,
        command: RoomCommand,
    },
    Moderate {
        from: ParticipantId,
        conn: ConnId,
        request: ModerationRequest,
    },
    /// The settings were changed through the API.
    SettingsChanged {
        settings: RoomSettingsView,
        by_session: Option<i64>,
        changed: Vec<String>,
    },
    /// A message for the room's chairmen from outside (an invitee's answer).
    ToChairmen {
        message: ServerMessage,
    },
    /// A session gained a role through the API (owner password): its participants get it now.
    RoleGranted {
        session_id: i64,
        role: Role,
    },
    Disconnected {
        participant: ParticipantId,
        conn: ConnId,
        /// The client closed on purpose (tab closed): leave now rather than wait for it.
        left: bool,
    },
    Expire {
        participant: ParticipantId,
        /// The connection whose loss started the grace period: a later loss starts its own.
        conn: ConnId,
    },
    DropConnection {
        participant: ParticipantId,
        reply: oneshot::Sender<bool>,
    },
    Count {
        reply: oneshot::Sender<usize>,
    },
    Participants {
        reply: oneshot::Sender<Vec<LiveParticipant>>,
    },
    /// Who a participant is, if it is here and belongs to the session `reference`.
    Participant {
        participant: ParticipantId,
        reference: String,
        reply: oneshot::Sender<Option<ParticipantInfo>>,
    },
    /// The participant's new Etherpad session; the one it replaces is ended.
    NotesSession {
        participant: ParticipantId,
        reference: String,
        session: String,
        reply: oneshot::Sender<Result<Option<String>, NotesRefused>>,
    },
    /// The notes were emptied through the API (`by_session`: whose request it was).
    NotesCleared {
        by_session: Option<i64>,
    },
    /// An administrator sends everyone away; the actor then stops.
    End {
        reason: EndReason,
        reply: oneshot::Sender<usize>,
    },
}

/// A cheap, clonable way to reach one room actor.
#[derive(Debug, Clone)]
pub struct RoomHandle {
    pub(super) tx: mpsc::Sender<RoomMsg>,
}

impl RoomHandle {
    pub fn is_closed(&self) -> bool {
        self.tx.is_closed()
    }

    pub async fn join(
        &self,
        conn: Connection,
        request: JoinRequest,
        entrant: Entrant,
    ) -> Result<ParticipantId, JoinRefused> {
        let msg = |reply| RoomMsg::Join {
            conn,
            request: Box::new(request),
            entrant: Box::new(entrant),
            reply,
        };
        self.ask(msg, Err(JoinRefused::Gone)).await
    }

    pub async fn command(&self, from: ParticipantId, conn: ConnId, command: RoomCommand) {
        self.tell(RoomMsg::Command {
            from,
            conn,
            command,
        })
        .await;
    }

    pub async fn moderate(&self, from: ParticipantId, conn: ConnId, request: ModerationRequest) {
        self.tell(RoomMsg::Moderate {
            from,
            conn,
            request,
        })
        .await;
    }

    /// Tells the room its settings changed (`by_session`: whose request changed them).
    pub async fn settings_changed(
        &self,
        settings: RoomSettingsView,
        by_session: Option<i64>,
        changed: Vec<String>,
    ) {
        self.tell(RoomMsg::SettingsChanged {
            settings,
            by_session,
            changed,
        })
        .await;
    }

    /// Tells the chairmen present (nobody if none is).
    pub async fn to_chairmen(&self, message: ServerMessage) {
        self.tell(RoomMsg::ToChairmen { message }).await;
    }

    pub async fn role_granted(&self, session_id: i64, role: Role) {
        self.tell(RoomMsg::RoleGranted { session_id, role }).await;
    }

    pub async fn disconnected(&self, participant: ParticipantId, conn: ConnId, left: bool) {
        self.tell(RoomMsg::Disconnected {
            participant,
            conn,
            left,
        })
        .await;
    }

    /// Sends a message that needs no answer; a room that has stopped has nobody to tell.
    async fn tell(&self, msg: RoomMsg) {
        let _ = self.tx.send(msg).await;
    }

    /// Sends the message `make` builds around a reply channel and waits for the answer; `gone` when
    /// the actor has stopped (or stops before answering).
    async fn ask<T>(&self, make: impl FnOnce(oneshot::Sender<T>) -> RoomMsg, gone: T) -> T {
        let (reply, answer) = oneshot::channel();
        if self.tx.send(make(reply)).await.is_err() {
            return gone;
        }
        answer.await.unwrap_or(gone)
    }

    /// Cuts a participant's connection as if the network had dropped it. Returns whether it was found.
    pub async fn drop_connection(&self, participant: ParticipantId) -> bool {
        self.ask(
            |reply| RoomMsg::DropConnection { participant, reply },
            false,
        )
        .await
    }

    /// People in the room, reconnecting ones included.
    pub async fn count(&self) -> usize {
        self.ask(|reply| RoomMsg::Count { reply }, 0).await
    }

    /// Everyone in the room, reconnecting ones included, in the order they came (empty once it
    /// stopped).
    pub async fn participants(&self) -> Vec<LiveParticipant> {
        self.ask(|reply| RoomMsg::Participants { reply }, Vec::new())
            .await
    }

    /// The participant as the room sees it now, if it is here (reconnecting counts) and belongs to
    /// the session whose public reference is `reference`.
    pub async fn participant(
        &self,
        participant: ParticipantId,
        reference: String,
    ) -> Option<ParticipantInfo> {
        let msg = |reply| RoomMsg::Participant {
            participant,
            reference,
            reply,
        };
        self.ask(msg, None).await
    }

    /// Gives the participant (of the session `reference`) a new Etherpad session; the one it had
    /// is ended (and returned), and so is this one when the participant goes. Refused when it is not
    /// here (any more): the caller then ends `session` itself.
    pub async fn notes_session(
        &self,
        participant: ParticipantId,
        reference: String,
        session: String,
    ) -> Result<Option<String>, NotesRefused> {
        let msg = |reply| RoomMsg::NotesSession {
            participant,
            reference,
            session,
            reply,
        };
        self.ask(msg, Err(NotesRefused::NotHere)).await
    }

    /// Tells everyone the notes were emptied (naming the participant of `by_session`, if here).
    pub async fn notes_cleared(&self, by_session: Option<i64>) {
        self.tell(RoomMsg::NotesCleared { by_session }).await;
    }

    /// Ends the meeting: everyone connected is told (`ended`) and disconnected (4410), everyone is
    /// forgotten (reconnecting people too), and the actor stops; the next join starts a fresh one.
    /// Nothing is audited here: the caller knows who asked. Returns how many people were in (0 when
    /// the actor had already stopped).
    pub async fn end(&self, reason: EndReason) -> usize {
        self.ask(|reply| RoomMsg::End { reason, reply }, 0).await
    }
}
