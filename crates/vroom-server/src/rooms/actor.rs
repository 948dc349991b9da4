//! The room actor: one task per live room owns its [`vroom_core::Room`] and the senders to its
//! participants' connections. Connection tasks talk to it only through [`RoomHandle`].

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use vroom_core::protocol::{
    EndReason, ErrorCode, JoinRequest, Limits, ModerationAction, RoomSettingsView, ServerMessage,
};
use vroom_core::{
    Admission, Effect, ModerationOutcome, Outgoing, ParticipantId, ParticipantInfo, Recipient,
    Role, Room, RoomCommand, RoomName,
};
use vroom_store::Store;

use super::policy;
use crate::audit::{self, Audit, Event, Who};
use crate::config::RoomsConfig;
use crate::ice::IceProvider;
use crate::{clock, ids};

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
const ROOM_QUEUE: usize = 1024;

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

/// What every room actor shares.
#[derive(Clone)]
pub struct RoomShared {
    pub rooms: RoomsConfig,
    pub limits: Limits,
    pub reconnect_grace: Duration,
    pub ice: IceProvider,
    pub store: Store,
    pub audit: Audit,
    /// Called (without waiting) when the room sees activity, to keep it from expiring.
    pub on_activity: Arc<dyn Fn(RoomName) + Send + Sync>,
    /// Called (without waiting) when someone new is in (not a resume): the room and their name.
    pub on_join: Arc<dyn Fn(RoomName, String) + Send + Sync>,
    /// Called (without waiting) with the Etherpad session of someone who left, was removed or was
    /// replaced by a newer one: it must stop opening the room's pad.
    pub on_notes_session_end: Arc<dyn Fn(String) + Send + Sync>,
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

/// The session and address behind a participant, for what outlives the live room (roles, bans) and
/// for the audit.
#[derive(Debug, Clone)]
struct Identity {
    session_id: Option<i64>,
    reference: String,
    ip: IpAddr,
    /// When this place was first taken (a resume keeps it), unix seconds.
    joined_at: i64,
    /// Counts joins in this room, to list people in the order they came (seconds tie).
    arrival: u64,
    /// The Etherpad session that opens the room's pad for this participant, once asked for.
    notes_session: Option<String>,
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

enum RoomMsg {
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
    tx: mpsc::Sender<RoomMsg>,
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
        let (reply, answer) = oneshot::channel();
        let msg = RoomMsg::Join {
            conn,
            request: Box::new(request),
            entrant: Box::new(entrant),
            reply,
        };
        if self.tx.send(msg).await.is_err() {
            return Err(JoinRefused::Gone);
        }
        answer.await.unwrap_or(Err(JoinRefused::Gone))
    }

    pub async fn command(&self, from: ParticipantId, conn: ConnId, command: RoomCommand) {
        // A closed room has nobody to tell.
        let _ = self
            .tx
            .send(RoomMsg::Command {
                from,
                conn,
                command,
            })
            .await;
    }

    pub async fn moderate(&self, from: ParticipantId, conn: ConnId, request: ModerationRequest) {
        let _ = self
            .tx
            .send(RoomMsg::Moderate {
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
        let _ = self
            .tx
            .send(RoomMsg::SettingsChanged {
                settings,
                by_session,
                changed,
            })
            .await;
    }

    /// Tells the chairmen present (nobody if none is).
    pub async fn to_chairmen(&self, message: ServerMessage) {
        let _ = self.tx.send(RoomMsg::ToChairmen { message }).await;
    }

    pub async fn role_granted(&self, session_id: i64, role: Role) {
        let _ = self
            .tx
            .send(RoomMsg::RoleGranted { session_id, role })
            .await;
    }

    pub async fn disconnected(&self, participant: ParticipantId, conn: ConnId, left: bool) {
        let _ = self
            .tx
            .send(RoomMsg::Disconnected {
                participant,
                conn,
                left,
            })
            .await;
    }

    /// Cuts a participant's connection as if the network had dropped it. Returns whether it was found.
    pub async fn drop_connection(&self, participant: ParticipantId) -> bool {
        let (reply, answer) = oneshot::channel();
        if self
            .tx
            .send(RoomMsg::DropConnection { participant, reply })
            .await
            .is_err()
        {
            return false;
        }
        answer.await.unwrap_or(false)
    }

    /// People in the room, reconnecting ones included.
    pub async fn count(&self) -> usize {
        let (reply, answer) = oneshot::channel();
        if self.tx.send(RoomMsg::Count { reply }).await.is_err() {
            return 0;
        }
        answer.await.unwrap_or(0)
    }

    /// Everyone in the room, reconnecting ones included, in the order they came (empty once it
    /// stopped).
    pub async fn participants(&self) -> Vec<LiveParticipant> {
        let (reply, answer) = oneshot::channel();
        if self.tx.send(RoomMsg::Participants { reply }).await.is_err() {
            return Vec::new();
        }
        answer.await.unwrap_or_default()
    }

    /// The participant as the room sees it now, if it is here (reconnecting counts) and belongs to
    /// the session whose public reference is `reference`.
    pub async fn participant(
        &self,
        participant: ParticipantId,
        reference: String,
    ) -> Option<ParticipantInfo> {
        let (reply, answer) = oneshot::channel();
        let msg = RoomMsg::Participant {
            participant,
            reference,
            reply,
        };
        if self.tx.send(msg).await.is_err() {
            return None;
        }
        answer.await.unwrap_or(None)
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
        let (reply, answer) = oneshot::channel();
        let msg = RoomMsg::NotesSession {
            participant,
            reference,
            session,
            reply,
        };
        if self.tx.send(msg).await.is_err() {
            return Err(NotesRefused::NotHere);
        }
        answer.await.unwrap_or(Err(NotesRefused::NotHere))
    }

    /// Tells everyone the notes were emptied (naming the participant of `by_session`, if here).
    pub async fn notes_cleared(&self, by_session: Option<i64>) {
        let _ = self.tx.send(RoomMsg::NotesCleared { by_session }).await;
    }

    /// Ends the meeting: everyone connected is told (`ended`) and disconnected (4410), everyone is
    /// forgotten (reconnecting people too), and the actor stops; the next join starts a fresh one.
    /// Nothing is audited here: the caller knows who asked. Returns how many people were in (0 when
    /// the actor had already stopped).
    pub async fn end(&self, reason: EndReason) -> usize {
        let (reply, answer) = oneshot::channel();
        if self.tx.send(RoomMsg::End { reason, reply }).await.is_err() {
            return 0;
        }
        answer.await.unwrap_or(0)
    }
}

/// Starts the actor of `name` and returns its handle. The actor stops by itself once the room is empty.
pub fn spawn(name: RoomName, shared: Arc<RoomShared>) -> RoomHandle {
    let (tx, rx) = mpsc::channel(ROOM_QUEUE);
    let kick_ban_seconds = shared.rooms.kick_ban_time * 60;
    let actor = RoomActor {
        room: Room::new(name, RoomSettingsView::default(), kick_ban_seconds)
            .with_chat_history(shared.rooms.chat_history),
        room_id: None,
        missing: false,
        conns: HashMap::new(),
        latest: HashMap::new(),
        identities: HashMap::new(),
        arrivals: 0,
        shared,
        self_tx: tx.downgrade(),
    };
    tokio::spawn(actor.run(rx));
    RoomHandle { tx }
}

struct RoomActor {
    room: Room,
    /// The room's row in the store, for roles and bans (None if it could not be read).
    room_id: Option<i64>,
    /// The store said the room does not exist (deleted as this actor started).
    missing: bool,
    /// The live connection of each connected participant.
    conns: HashMap<ParticipantId, Connection>,
    /// The newest connection each participant joined with, live or lost: news from older ones is stale.
    latest: HashMap<ParticipantId, ConnId>,
    identities: HashMap<ParticipantId, Identity>,
    /// Joins seen so far (see [`Identity::arrival`]).
    arrivals: u64,
    shared: Arc<RoomShared>,
    self_tx: mpsc::WeakSender<RoomMsg>,
}

/// How often an occupied room tells the store it is alive.
const ACTIVITY_PERIOD: Duration = Duration::from_secs(300);

impl RoomActor {
    async fn run(mut self, mut rx: mpsc::Receiver<RoomMsg>) {
        let name = self.room.name().clone();
        // Settings are read here, after the registry listed this actor, so that a change made through
        // the API either is in this read or reaches this actor as a message.
        match self.shared.store.rooms().get(&name).await {
            Ok(Some(row)) => {
                self.room_id = Some(row.id);
                let view = policy::view(&row, &self.shared.rooms);
                self.room.set_settings(view, None, Vec::new());
            }
            Ok(None) => {
                // A join that raced with the room's deletion.
                tracing::debug!(room = %name, "room opened but not in the store");
                self.missing = true;
            }
            Err(e) => tracing::error!(room = %name, error = %e, "could not read room settings"),
        }
        tracing::debug!(room = %name, "room opened");
        let mut activity = tokio::time::interval(ACTIVITY_PERIOD);
        activity.tick().await;
        loop {
            tokio::select! {
                msg = rx.recv() => {
                    let Some(msg) = msg else { break };
                    // Only a departure can empty the room; a status query must not stop a fresh actor.
                    if self.handle(msg).await && self.room.is_empty() {
                        break;
                    }
                }
                _ = activity.tick() => (self.shared.on_activity)(name.clone()),
            }
        }
        // Refuse what is still queued so joiners go back to the registry, which starts a fresh actor.
        rx.close();
        while let Some(msg) = rx.recv().await {
            match msg {
                RoomMsg::Join { reply, .. } => {
                    let _ = reply.send(Err(JoinRefused::Gone));
                }
                RoomMsg::Count { reply } => {
                    let _ = reply.send(0);
                }
                RoomMsg::DropConnection { reply, .. } => {
                    let _ = reply.send(false);
                }
                RoomMsg::Participants { reply } => {
                    let _ = reply.send(Vec::new());
                }
                RoomMsg::End { reply, .. } => {
                    let _ = reply.send(0);
                }
                RoomMsg::Participant { reply, .. } => {
                    let _ = reply.send(None);
                }
                RoomMsg::NotesSession { reply, .. } => {
                    let _ = reply.send(Err(NotesRefused::NotHere));
                }
                RoomMsg::NotesCleared { .. }
                | RoomMsg::Command { .. }
                | RoomMsg::Moderate { .. }
                | RoomMsg::SettingsChanged { .. }
                | RoomMsg::RoleGranted { .. }
                | RoomMsg::ToChairmen { .. }
                | RoomMsg::Disconnected { .. }
                | RoomMsg::Expire { .. } => {}
            }
        }
        (self.shared.on_activity)(name.clone());
        tracing::debug!(room = %name, "room closed");
    }

    /// Handles one message; returns true when it may have removed someone.
    async fn handle(&mut self, msg: RoomMsg) -> bool {
        match msg {
            RoomMsg::Join {
                conn,
                request,
                entrant,
                reply,
            } => return self.join(conn, &request, *entrant, reply).await,
            RoomMsg::Moderate {
                from,
                conn,
                request,
            } => {
                if self.is_current(&from, conn) {
                    return self.moderate(&from, request).await;
                }
            }
            RoomMsg::SettingsChanged {
                settings,
                by_session,
                changed,
            } => {
                let by = by_session.and_then(|s| self.participant_of(s));
                let out = self.room.set_settings(settings, by.as_ref(), changed);
                self.deliver(out);
            }
            RoomMsg::ToChairmen { message } => {
                let chairmen: Vec<ParticipantId> = self
                    .conns
                    .keys()
                    .filter(|id| self.room.role(id) == Some(Role::Chairman))
                    .cloned()
                    .collect();
                let out = chairmen
                    .into_iter()
                    .map(|id| Outgoing {
                        to: Recipient::One(id),
                        message: message.clone(),
                    })
                    .collect();
                self.deliver(out);
            }
            RoomMsg::RoleGranted { session_id, role } => {
                let ids: Vec<ParticipantId> = self
                    .identities
                    .iter()
                    .filter(|(_, who)| who.session_id == Some(session_id))
                    .map(|(id, _)| id.clone())
                    .collect();
                for id in ids {
                    let out = self.room.set_role(&id, role);
                    self.deliver(out);
                }
            }
            RoomMsg::Command {
                from,
                conn,
                command,
            } => {
                if !self.is_current(&from, conn) {
                    return false;
                }
                if command == RoomCommand::Leave {
                    self.close(&from, 1000, "left");
                    self.remove(&from);
                    return true;
                }
                let out = self.room.handle(&from, command);
                self.deliver(out);
            }
            RoomMsg::Disconnected {
                participant,
                conn,
                left,
            } => {
                if left {
                    // A closed tab leaves, even if its connection was already given up as lost.
                    if self.latest.get(&participant) == Some(&conn) {
                        self.conns.remove(&participant);
                        self.remove(&participant);
                        return true;
                    }
                } else if self.is_current(&participant, conn) {
                    self.lose(&participant);
                }
            }
            RoomMsg::Expire { participant, conn } => {
                let still_lost = !self.conns.contains_key(&participant)
                    && self.latest.get(&participant) == Some(&conn);
                if still_lost {
                    self.latest.remove(&participant);
                    let out = self.room.expire(&participant);
                    self.deliver(out);
                    self.forget(&participant, "timed out");
                    return true;
                }
            }
            RoomMsg::DropConnection { participant, reply } => {
                let found = self.conns.contains_key(&participant);
                if found {
                    // Dropping the sender ends the connection task without a close handshake, as a
                    // network failure would.
                    tracing::info!(room = %self.room.name(), %participant, "connection cut on request");
                    self.lose(&participant);
                }
                let _ = reply.send(found);
            }
            RoomMsg::Count { reply } => {
                let _ = reply.send(self.room.len());
            }
            RoomMsg::Participants { reply } => {
                let _ = reply.send(self.live_participants());
            }
            RoomMsg::End { reason, reply } => {
                let _ = reply.send(self.end(reason));
                return true;
            }
            RoomMsg::Participant {
                participant,
                reference,
                reply,
            } => {
                let info = self
                    .identities
                    .get(&participant)
                    .filter(|who| who.reference == reference)
                    .and_then(|_| self.room.participants().find(|p| p.id == participant))
                    .cloned();
                let _ = reply.send(info);
            }
            RoomMsg::NotesSession {
                participant,
                reference,
                session,
                reply,
            } => {
                let answer = match self
                    .identities
                    .get_mut(&participant)
                    .filter(|who| who.reference == reference)
                {
                    Some(who) => {
                        let old = who.notes_session.replace(session);
                        if let Some(old) = &old {
                            (self.shared.on_notes_session_end)(old.clone());
                        }
                        Ok(old)
                    }
                    None => Err(NotesRefused::NotHere),
                };
                let _ = reply.send(answer);
            }
            RoomMsg::NotesCleared { by_session } => {
                let by = by_session.and_then(|s| self.participant_of(s));
                let out = self.room.notes_cleared(by.as_ref());
                self.deliver(out);
            }
        }
        false
    }

    /// Forgets a participant's identity; its Etherpad session, if any, is ended.
    fn drop_identity(&mut self, participant: &ParticipantId) -> Option<Identity> {
        let who = self.identities.remove(participant)?;
        if let Some(session) = &who.notes_session {
            (self.shared.on_notes_session_end)(session.clone());
        }
        Some(who)
    }

    fn live_participants(&self) -> Vec<LiveParticipant> {
        let mut list: Vec<(u64, LiveParticipant)> = self
            .room
            .participants()
            .filter_map(|info| {
                let who = self.identities.get(&info.id)?;
                let live = LiveParticipant {
                    info: info.clone(),
                    ip: who.ip,
                    session: who.reference.clone(),
                    joined_at: who.joined_at,
                };
                Some((who.arrival, live))
            })
            .collect();
        list.sort_by_key(|(arrival, _)| *arrival);
        list.into_iter().map(|(_, p)| p).collect()
    }

    /// Tells and disconnects everyone, forgets them all; returns how many were in.
    fn end(&mut self, reason: EndReason) -> usize {
        let count = self.room.len();
        let close_reason = match reason {
            EndReason::Ended => "meeting ended",
            EndReason::Deleted => "room deleted",
        };
        for Outgoing { to, message } in self.room.end(reason) {
            let Recipient::One(id) = to else { continue };
            let Some(conn) = self.conns.remove(&id) else {
                continue;
            };
            let frame: Arc<str> = match serde_json::to_string(&message) {
                Ok(text) => text.into(),
                Err(e) => {
                    tracing::error!(error = %e, "could not serialize a server message");
                    continue;
                }
            };
            // One queue per connection, read in order: the close follows the message. A queue too
            // full for them belongs to a client that stopped reading: dropping the sender cuts it
            // like a network loss, and if it comes back it finds no place to resume.
            let _ = conn.tx.try_send(Outbound::Frame(frame));
            let _ = conn.tx.try_send(Outbound::Close {
                code: CLOSE_ENDED,
                reason: close_reason,
            });
        }
        for (_, conn) in self.conns.drain() {
            let _ = conn.tx.try_send(Outbound::Close {
                code: CLOSE_ENDED,
                reason: close_reason,
            });
        }
        self.latest.clear();
        for (_, who) in self.identities.drain() {
            if let Some(session) = who.notes_session {
                (self.shared.on_notes_session_end)(session);
            }
        }
        tracing::info!(room = %self.room.name(), people = count, reason = close_reason, "meeting ended by an administrator");
        count
    }

    /// Removes a participant for good, telling the others it left.
    fn remove(&mut self, participant: &ParticipantId) {
        self.latest.remove(participant);
        let out = self.room.handle(participant, RoomCommand::Leave);
        self.deliver(out);
        self.forget(participant, "left");
        (self.shared.on_activity)(self.room.name().clone());
    }

    /// Drops what the actor knew of a participant that is no longer in the room, and audits it.
    fn forget(&mut self, participant: &ParticipantId, how: &str) {
        if let Some(who) = self.drop_identity(participant) {
            self.audit(
                Event::Left,
                &who,
                format!("participant {participant} {how}"),
            );
        }
    }

    fn audit(&self, event: Event, who: &Identity, message: String) {
        self.shared.audit.record(
            event,
            &Who::new(who.ip, Some(&who.reference)),
            Some(self.room.name().as_str()),
            message,
        );
    }

    /// A participant of this session (the one whose request changed something), if any is here.
    fn participant_of(&self, session_id: i64) -> Option<ParticipantId> {
        self.identities
            .iter()
            .find(|(_, who)| who.session_id == Some(session_id))
            .map(|(id, _)| id.clone())
    }

    /// A chairman's action: decided by the room, made lasting here (roles, bans), audited either way.
    /// Returns true when someone was removed.
    async fn moderate(&mut self, from: &ParticipantId, request: ModerationRequest) -> bool {
        let Some(who) = self.identities.get(from).cloned() else {
            return false;
        };
        if let ModerationRequest::One {
            action: ModerationAction::Kick | ModerationAction::Promote,
            target,
        } = &request
            && who.session_id.is_some()
            && self.identities.get(target).map(|t| t.session_id) == Some(who.session_id)
        {
            // The same browser in another window: removing it would ban its own session.
            let out = vec![Outgoing {
                to: Recipient::One(from.clone()),
                message: vroom_core::ServerMessage::Error {
                    code: ErrorCode::NotAllowed,
                    message: "that is you, in another window".into(),
                },
            }];
            self.deliver(out);
            return false;
        }
        let (result, target, what) = match &request {
            ModerationRequest::One { action, target } => (
                self.room.moderate(from, *action, target),
                Some(target.clone()),
                format!("{} on {target}", audit::wire_name(action)),
            ),
            ModerationRequest::MuteAll => (self.room.mute_all(from), None, "mute all".to_owned()),
        };
        let target_who = target
            .as_ref()
            .and_then(|t| self.identities.get(t).cloned());
        match result.outcome {
            ModerationOutcome::Refused(code) => {
                let event = if code == ErrorCode::UnknownParticipant {
                    Event::ForgedIdentifier
                } else {
                    Event::ActionDenied
                };
                self.audit(
                    event,
                    &who,
                    format!(
                        "participant {from}: {what} refused ({})",
                        audit::wire_name(&code)
                    ),
                );
                self.deliver(result.outgoing);
                return false;
            }
            ModerationOutcome::NoChange => {
                self.deliver(result.outgoing);
                return false;
            }
            ModerationOutcome::Done(effect) => {
                self.audit(
                    Event::ActionAllowed,
                    &who,
                    format!("participant {from}: {what}"),
                );
                let (Some(target), Some(target_who)) = (target, target_who) else {
                    self.deliver(result.outgoing);
                    return false;
                };
                match effect {
                    Some(Effect::Promoted) => {
                        self.persist_role(&target_who, Some(Role::Chairman)).await;
                        self.audit(
                            Event::RoleChanged,
                            &target_who,
                            format!("participant {target} made chairman by {from}"),
                        );
                        self.deliver(result.outgoing);
                    }
                    Some(Effect::Kicked) => {
                        // Lasting first: once the target hears of it, a rejoin must find the ban.
                        self.persist_role(&target_who, None).await;
                        self.ban(&target_who).await;
                        self.audit(
                            Event::Kicked,
                            &target_who,
                            format!(
                                "participant {target} removed by {from} (session {}); kept out {} s",
                                who.reference,
                                self.shared.rooms.kick_ban_time * 60
                            ),
                        );
                        self.deliver(result.outgoing);
                        self.close(&target, CLOSE_FORBIDDEN, "removed by a chairman");
                        self.latest.remove(&target);
                        self.drop_identity(&target);
                        // The same session in other windows goes too: a kick removes a person, not
                        // one of their connections.
                        let others: Vec<ParticipantId> = self
                            .identities
                            .iter()
                            .filter(|(_, w)| {
                                target_who.session_id.is_some()
                                    && w.session_id == target_who.session_id
                            })
                            .map(|(id, _)| id.clone())
                            .collect();
                        for other in others {
                            let also = self.room.moderate(from, ModerationAction::Kick, &other);
                            self.deliver(also.outgoing);
                            self.close(&other, CLOSE_FORBIDDEN, "removed by a chairman");
                            self.latest.remove(&other);
                            self.drop_identity(&other);
                        }
                        (self.shared.on_activity)(self.room.name().clone());
                        return true;
                    }
                    None => self.deliver(result.outgoing),
                }
            }
        }
        false
    }

    /// Records (or with `None` revokes) a session's role in this room.
    async fn persist_role(&self, who: &Identity, role: Option<Role>) {
        let (Some(room_id), Some(session_id)) = (self.room_id, who.session_id) else {
            return;
        };
        let roles = self.shared.store.roles();
        let result = match role {
            Some(role) => {
                roles
                    .set(room_id, session_id, role, clock::unix_now_i64())
                    .await
            }
            None => roles.revoke(room_id, session_id).await.map(|_| ()),
        };
        if let Err(e) = result {
            tracing::error!(room = %self.room.name(), error = %e, "could not store a role change");
        }
    }

    async fn ban(&self, who: &Identity) {
        let (Some(room_id), minutes) = (self.room_id, self.shared.rooms.kick_ban_time) else {
            return;
        };
        if minutes == 0 {
            return;
        }
        let now = clock::unix_now_i64();
        let until = now.saturating_add(i64::try_from(minutes * 60).unwrap_or(i64::MAX));
        let ip = who.ip.to_string();
        if let Err(e) = self
            .shared
            .store
            .bans()
            .add(room_id, who.session_id, Some(&ip), until, now)
            .await
        {
            tracing::error!(room = %self.room.name(), error = %e, "could not store a ban");
        }
    }

    fn is_current(&self, participant: &ParticipantId, conn: ConnId) -> bool {
        self.conns.get(participant).is_some_and(|c| c.id == conn)
    }

    /// Admits a connection; returns true when the join was refused (the room may be empty).
    async fn join(
        &mut self,
        conn: Connection,
        request: &JoinRequest,
        entrant: Entrant,
        reply: oneshot::Sender<Result<ParticipantId, JoinRefused>>,
    ) -> bool {
        if self.room_id.is_none() && self.missing {
            let _ = reply.send(Err(JoinRefused::Refused {
                code: ErrorCode::RoomNotFound,
                message: "this room does not exist".into(),
            }));
            return true;
        }
        if self.room_id.is_none() {
            // Without its stored settings the room cannot know its lock, password or bans: nobody
            // gets in on defaults. The actor then stops (it is empty) and the next join reads again.
            let _ = reply.send(Err(JoinRefused::Refused {
                code: ErrorCode::Internal,
                message: "the room's settings could not be read; try again".into(),
            }));
            return true;
        }
        let identity = Identity {
            session_id: entrant.session_id,
            reference: entrant.reference.clone(),
            ip: entrant.ip,
            joined_at: clock::unix_now_i64(),
            arrival: self.arrivals,
            notes_session: None,
        };
        self.arrivals += 1;
        let fresh_id = ids::participant_id();
        let resumable = self.room.resumable(request);
        if let Some(id) = &resumable
            && self.latest.get(id).is_some_and(|&newest| newest > conn.id)
        {
            // A connection the client gave up on must not take the place of its newer one.
            let _ = reply.send(Err(JoinRefused::Refused {
                code: ErrorCode::ResumeFailed,
                message: "a newer connection holds this place".into(),
            }));
            return false;
        }
        let resuming = resumable.clone().unwrap_or_else(|| fresh_id.clone());
        let admission = Admission {
            ice: self
                .shared
                .ice
                .for_participant(&resuming, crate::clock::unix_now()),
            id: fresh_id,
            resume_token: ids::secret_token(),
            limits: self.shared.limits.clone(),
            granted: entrant.granted,
            banned_for: entrant.banned_for,
            invited: entrant.invited,
        };
        if let Some(resume) = &request.resume
            && resumable.is_none()
        {
            self.audit(
                Event::ForgedIdentifier,
                &identity,
                format!(
                    "resume of participant {} refused: no such place or a wrong token",
                    resume.participant
                ),
            );
        }
        match self.room.join(request, admission) {
            Err(e) => {
                self.audit(
                    Event::JoinRefused,
                    &identity,
                    format!("join refused ({}): {e}", audit::wire_name(&e.code())),
                );
                let _ = reply.send(Err(JoinRefused::Refused {
                    code: e.code(),
                    message: e.to_string(),
                }));
                true
            }
            Ok(joined) => {
                if let Some(old) = self.conns.remove(&joined.id) {
                    // The same participant came back on a new connection before the old one was
                    // noticed dead: the new one wins.
                    let _ = old.tx.try_send(Outbound::Close {
                        code: 4000,
                        reason: "replaced by a newer connection",
                    });
                }
                if joined.resumed {
                    tracing::info!(room = %self.room.name(), participant = %joined.id, "participant resumed");
                } else {
                    tracing::info!(room = %self.room.name(), participant = %joined.id, "participant joined");
                }
                self.latest.insert(joined.id.clone(), conn.id);
                self.conns.insert(joined.id.clone(), conn);
                if !joined.resumed {
                    let role = self.room.role(&joined.id).unwrap_or(Role::Participant);
                    self.audit(
                        Event::Joined,
                        &identity,
                        format!("participant {} joined as {role}", joined.id),
                    );
                    if entrant.granted.is_none() {
                        // Remembered, so that a reload needs no password and an address ban spares
                        // people admitted before. Done here, in order with a promotion that may follow.
                        self.persist_role(&identity, Some(Role::Participant)).await;
                    }
                    self.identities.insert(joined.id.clone(), identity);
                    let name = self
                        .room
                        .participants()
                        .find(|p| p.id == joined.id)
                        .map(|p| p.name.clone())
                        .unwrap_or_default();
                    (self.shared.on_join)(self.room.name().clone(), name);
                }
                let id = joined.id.clone();
                if reply.send(Ok(id.clone())).is_err() {
                    // The connection task gave up waiting. A newcomer nobody has heard of just goes;
                    // a returning participant is lost again.
                    if joined.resumed {
                        self.lose(&id);
                    } else {
                        self.conns.remove(&id);
                        self.latest.remove(&id);
                        let _ = self.room.handle(&id, RoomCommand::Leave);
                        self.forget(&id, "gave up joining");
                        return true;
                    }
                    return false;
                }
                self.deliver(joined.outgoing);
                (self.shared.on_activity)(self.room.name().clone());
                false
            }
        }
    }

    fn schedule_expiry(&self, participant: ParticipantId, conn: ConnId) {
        let Some(tx) = self.self_tx.upgrade() else {
            return;
        };
        let grace = self.shared.reconnect_grace;
        tokio::spawn(async move {
            tokio::time::sleep(grace).await;
            let _ = tx.send(RoomMsg::Expire { participant, conn }).await;
        });
    }

    fn deliver(&mut self, outgoing: Vec<Outgoing>) {
        for Outgoing { to, message } in outgoing {
            let frame: Arc<str> = match serde_json::to_string(&message) {
                Ok(text) => text.into(),
                Err(e) => {
                    tracing::error!(error = %e, "could not serialize a server message");
                    continue;
                }
            };
            let targets: Vec<ParticipantId> = match to {
                Recipient::One(id) => vec![id],
                Recipient::All => self.conns.keys().cloned().collect(),
                Recipient::Others(except) => self
                    .conns
                    .keys()
                    .filter(|id| **id != except)
                    .cloned()
                    .collect(),
            };
            for id in targets {
                self.send(&id, Outbound::Frame(frame.clone()));
            }
        }
    }

    fn send(&mut self, id: &ParticipantId, out: Outbound) {
        let Some(conn) = self.conns.get(id) else {
            return;
        };
        if let Err(e) = conn.tx.try_send(out) {
            // Full (the client stopped reading) or gone: cut it; it may come back with `resume`.
            tracing::warn!(room = %self.room.name(), participant = %id, error = %e, "connection cannot keep up, cutting it");
            self.lose(id);
        }
    }

    /// The participant's connection is gone but it may come back: keep its place for the grace period.
    fn lose(&mut self, id: &ParticipantId) {
        let Some(conn) = self.conns.remove(id) else {
            return;
        };
        let out = self.room.disconnect(id);
        self.schedule_expiry(id.clone(), conn.id);
        self.deliver(out);
    }

    fn close(&mut self, id: &ParticipantId, code: u16, reason: &'static str) {
        if let Some(conn) = self.conns.remove(id) {
            let _ = conn.tx.try_send(Outbound::Close { code, reason });
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use vroom_core::protocol::{PROTOCOL_VERSION, ResumeRequest};

    use super::*;
    use crate::config::Config;
    use crate::rooms::Registry;

    async fn registry_with_room(dir: &tempfile::TempDir, room: &RoomName) -> Registry {
        let url = format!("sqlite://{}/t.db", dir.path().display());
        let store = Store::connect(&url, 2).await.unwrap();
        store.migrate().await.unwrap();
        store
            .rooms()
            .create(room, clock::unix_now_i64())
            .await
            .unwrap();
        Registry::spawn(RoomShared {
            rooms: Config::default().rooms,
            limits: Limits {
                max_message_bytes: 1024,
                ping_interval_ms: 1000,
                reconnect_grace_ms: 60_000,
            },
            reconnect_grace: Duration::from_secs(60),
            ice: IceProvider::new(Default::default()),
            audit: Audit::spawn(store.clone()),
            store,
            on_activity: Arc::new(|_| {}),
            on_join: Arc::new(|_, _| {}),
            on_notes_session_end: Arc::new(|_| {}),
        })
    }

    fn request(name: &str, resume: Option<ResumeRequest>) -> JoinRequest {
        JoinRequest {
            protocol: PROTOCOL_VERSION,
            room: "standup".into(),
            name: name.into(),
            audio: true,
            video: true,
            colour: None,
            screen: false,
            resume,
        }
    }

    fn entrant(reference: &str, last: u8) -> Entrant {
        Entrant {
            session_id: None,
            reference: reference.into(),
            ip: Ipv4Addr::new(192, 0, 2, last).into(),
            granted: None,
            banned_for: None,
            invited: false,
        }
    }

    /// Joins through the registry as a connection task does; returns the id and the connection's queue.
    async fn join(
        registry: &Registry,
        room: &RoomName,
        request: JoinRequest,
        entrant: Entrant,
    ) -> (ParticipantId, mpsc::Receiver<Outbound>) {
        let (tx, rx) = mpsc::channel(CONNECTION_QUEUE);
        let handle = registry.open(room.clone()).await.unwrap();
        let conn = Connection {
            id: next_conn_id(),
            tx,
        };
        let id = handle.join(conn, request, entrant).await.unwrap();
        (id, rx)
    }

    /// Every message queued for a connection so far, as JSON, and the close if one came.
    fn drain(rx: &mut mpsc::Receiver<Outbound>) -> (Vec<serde_json::Value>, Option<(u16, String)>) {
        let mut frames = Vec::new();
        let mut close = None;
        while let Ok(out) = rx.try_recv() {
            match out {
                Outbound::Frame(text) => frames.push(serde_json::from_str(&text).unwrap()),
                Outbound::Close { code, reason } => close = Some((code, reason.to_owned())),
            }
        }
        (frames, close)
    }

    #[tokio::test]
    async fn ending_tells_everyone_closes_with_4410_forgets_the_lost_and_stops() {
        let dir = tempfile::tempdir().unwrap();
        let room = RoomName::parse("standup").unwrap();
        let registry = registry_with_room(&dir, &room).await;

        let (ada, mut ada_rx) =
            join(&registry, &room, request("Ada", None), entrant("s-ada", 1)).await;
        let (_bob, mut bob_rx) =
            join(&registry, &room, request("Bob", None), entrant("s-bob", 2)).await;
        let (cy, mut cy_rx) = join(&registry, &room, request("Cy", None), entrant("s-cy", 3)).await;
        let (cy_frames, _) = drain(&mut cy_rx);
        let cy_token = cy_frames[0]["resume_token"].as_str().unwrap().to_owned();
        let handle = registry.find(room.clone()).await.unwrap().unwrap();
        // Cy's network drops: the room keeps the place for the grace period.
        assert!(handle.drop_connection(cy.clone()).await);

        assert_eq!(registry.live().await.unwrap(), vec![(room.clone(), 3)]);
        let people = registry.participants(room.clone()).await.unwrap();
        let names: Vec<&str> = people.iter().map(|p| p.info.name.as_str()).collect();
        assert_eq!(names, ["Ada", "Bob", "Cy"], "in the order they came");
        assert_eq!(people[0].info.id, ada);
        assert_eq!(people[0].session, "s-ada");
        assert_eq!(people[0].ip, IpAddr::from(Ipv4Addr::new(192, 0, 2, 1)));
        assert!((clock::unix_now_i64() - people[0].joined_at).abs() < 60);
        assert!(!people[2].info.connected);

        assert_eq!(
            registry.end(room.clone(), EndReason::Ended).await.unwrap(),
            3
        );
        for rx in [&mut ada_rx, &mut bob_rx] {
            let (frames, close) = drain(rx);
            assert_eq!(
                frames.last(),
                Some(&serde_json::json!({"type": "ended", "reason": "ended"})),
                "`ended` is the last message, after everything else"
            );
            assert!(
                !frames.iter().any(|f| f["type"] == "participant_left"),
                "nobody is told of departures nobody stays to see"
            );
            assert_eq!(close, Some((CLOSE_ENDED, "meeting ended".to_owned())));
            assert!(
                rx.recv().await.is_none(),
                "the room let go of the connection"
            );
        }

        // The actor stopped: nothing is live, asking again finds nobody.
        tokio::time::timeout(Duration::from_secs(5), async {
            while !handle.is_closed() {
                tokio::task::yield_now().await;
            }
        })
        .await
        .unwrap();
        assert_eq!(registry.live().await.unwrap(), vec![]);
        assert!(
            registry
                .participants(room.clone())
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            registry
                .end(room.clone(), EndReason::Deleted)
                .await
                .unwrap(),
            0
        );
        assert_eq!(handle.end(EndReason::Ended).await, 0);

        // Cy, who was reconnecting, comes back to a fresh meeting: its place went with the old one.
        let resume = ResumeRequest {
            participant: cy.clone(),
            token: cy_token,
        };
        let (again, mut again_rx) = join(
            &registry,
            &room,
            request("Cy", Some(resume)),
            entrant("s-cy", 3),
        )
        .await;
        assert_ne!(again, cy);
        let (frames, _) = drain(&mut again_rx);
        assert_eq!(frames[0]["type"], "welcome");
        assert_eq!(frames[0]["resumed"], false);
        assert_eq!(frames[0]["participants"], serde_json::json!([]));
        assert_eq!(registry.live().await.unwrap(), vec![(room.clone(), 1)]);
    }

    #[tokio::test]
    async fn deleting_says_so_in_the_message_and_the_close() {
        let dir = tempfile::tempdir().unwrap();
        let room = RoomName::parse("standup").unwrap();
        let registry = registry_with_room(&dir, &room).await;
        let (_ada, mut rx) =
            join(&registry, &room, request("Ada", None), entrant("s-ada", 1)).await;
        assert_eq!(
            registry
                .end(room.clone(), EndReason::Deleted)
                .await
                .unwrap(),
            1
        );
        let (frames, close) = drain(&mut rx);
        assert_eq!(
            frames.last(),
            Some(&serde_json::json!({"type": "ended", "reason": "deleted"}))
        );
        assert_eq!(close, Some((CLOSE_ENDED, "room deleted".to_owned())));
    }

    #[tokio::test]
    async fn a_join_racing_a_deletion_is_told_the_room_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let room = RoomName::parse("standup").unwrap();
        let registry = registry_with_room(&dir, &room).await;
        // Deleted after the connection task checked it, before the actor read it.
        let url = format!("sqlite://{}/t.db", dir.path().display());
        let store = Store::connect(&url, 1).await.unwrap();
        assert!(store.rooms().delete(&room).await.unwrap());
        let (tx, _rx) = mpsc::channel(CONNECTION_QUEUE);
        let handle = registry.open(room.clone()).await.unwrap();
        let conn = Connection {
            id: next_conn_id(),
            tx,
        };
        match handle
            .join(conn, request("Ana", None), entrant("a", 1))
            .await
        {
            Err(JoinRefused::Refused { code, .. }) => assert_eq!(code, ErrorCode::RoomNotFound),
            other => panic!("expected room_not_found, got {other:?}"),
        }
    }
}
