//! The room actor: one task per live room owns its [`vroom_core::Room`] and the senders to its
//! participants' connections. Connection tasks talk to it only through [`RoomHandle`].

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use vroom_core::protocol::{ErrorCode, JoinRequest, Limits};
use vroom_core::{Admission, Outgoing, ParticipantId, Recipient, Room, RoomCommand, RoomName};

use crate::ice::IceProvider;
use crate::ids;

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

/// Settings every room actor shares.
#[derive(Clone)]
pub struct RoomSettings {
    pub max_members: usize,
    pub limits: Limits,
    pub reconnect_grace: Duration,
    pub ice: IceProvider,
    /// Called (without waiting) when the room sees activity, to keep it from expiring.
    pub on_activity: Arc<dyn Fn(RoomName) + Send + Sync>,
}

enum RoomMsg {
    Join {
        conn: Connection,
        request: Box<JoinRequest>,
        reply: oneshot::Sender<Result<ParticipantId, JoinRefused>>,
    },
    Command {
        from: ParticipantId,
        conn: ConnId,
        command: RoomCommand,
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
    ) -> Result<ParticipantId, JoinRefused> {
        let (reply, answer) = oneshot::channel();
        let msg = RoomMsg::Join {
            conn,
            request: Box::new(request),
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
}

/// Starts the actor of `name` and returns its handle. The actor stops by itself once the room is empty.
pub fn spawn(name: RoomName, settings: Arc<RoomSettings>) -> RoomHandle {
    let (tx, rx) = mpsc::channel(ROOM_QUEUE);
    let actor = RoomActor {
        room: Room::new(name, settings.max_members),
        conns: HashMap::new(),
        latest: HashMap::new(),
        settings,
        self_tx: tx.downgrade(),
    };
    tokio::spawn(actor.run(rx));
    RoomHandle { tx }
}

struct RoomActor {
    room: Room,
    /// The live connection of each connected participant.
    conns: HashMap<ParticipantId, Connection>,
    /// The newest connection each participant joined with, live or lost: news from older ones is stale.
    latest: HashMap<ParticipantId, ConnId>,
    settings: Arc<RoomSettings>,
    self_tx: mpsc::WeakSender<RoomMsg>,
}

/// How often an occupied room tells the store it is alive.
const ACTIVITY_PERIOD: Duration = Duration::from_secs(300);

impl RoomActor {
    async fn run(mut self, mut rx: mpsc::Receiver<RoomMsg>) {
        let name = self.room.name().clone();
        tracing::debug!(room = %name, "room opened");
        let mut activity = tokio::time::interval(ACTIVITY_PERIOD);
        activity.tick().await;
        loop {
            tokio::select! {
                msg = rx.recv() => {
                    let Some(msg) = msg else { break };
                    // Only a departure can empty the room; a status query must not stop a fresh actor.
                    if self.handle(msg) && self.room.is_empty() {
                        break;
                    }
                }
                _ = activity.tick() => (self.settings.on_activity)(name.clone()),
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
                RoomMsg::Command { .. } | RoomMsg::Disconnected { .. } | RoomMsg::Expire { .. } => {
                }
            }
        }
        (self.settings.on_activity)(name.clone());
        tracing::debug!(room = %name, "room closed");
    }

    /// Handles one message; returns true when it may have removed someone.
    fn handle(&mut self, msg: RoomMsg) -> bool {
        match msg {
            RoomMsg::Join {
                conn,
                request,
                reply,
            } => return self.join(conn, &request, reply),
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
        }
        false
    }

    /// Removes a participant for good, telling the others it left.
    fn remove(&mut self, participant: &ParticipantId) {
        self.latest.remove(participant);
        let out = self.room.handle(participant, RoomCommand::Leave);
        self.deliver(out);
        (self.settings.on_activity)(self.room.name().clone());
    }

    fn is_current(&self, participant: &ParticipantId, conn: ConnId) -> bool {
        self.conns.get(participant).is_some_and(|c| c.id == conn)
    }

    /// Admits a connection; returns true when the join was refused (the room may be empty).
    fn join(
        &mut self,
        conn: Connection,
        request: &JoinRequest,
        reply: oneshot::Sender<Result<ParticipantId, JoinRefused>>,
    ) -> bool {
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
        let resuming = resumable.unwrap_or_else(|| fresh_id.clone());
        let admission = Admission {
            ice: self
                .settings
                .ice
                .for_participant(&resuming, crate::clock::unix_now()),
            id: fresh_id,
            resume_token: ids::secret_token(),
            limits: self.settings.limits.clone(),
        };
        match self.room.join(request, admission) {
            Err(e) => {
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
                        return true;
                    }
                    return false;
                }
                self.deliver(joined.outgoing);
                (self.settings.on_activity)(self.room.name().clone());
                false
            }
        }
    }

    fn schedule_expiry(&self, participant: ParticipantId, conn: ConnId) {
        let Some(tx) = self.self_tx.upgrade() else {
            return;
        };
        let grace = self.settings.reconnect_grace;
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
