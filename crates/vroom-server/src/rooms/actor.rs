//! The room actor: one task per live room owns its [`vroom_core::Room`] and the senders to its
//! participants' connections. Connection tasks talk to it only through [`RoomHandle`].

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use vroom_core::protocol::{
    EndReason, ErrorCode, JoinRequest, Limits, ModerationAction, RoomSettingsView,
};
use vroom_core::{
    Admission, Effect, ModerationOutcome, Outgoing, ParticipantId, Recipient, Role, Room,
    RoomCommand, RoomName,
};
use vroom_store::Store;

use super::handle::{
    CLOSE_ENDED, CLOSE_FORBIDDEN, ConnId, Connection, Entrant, JoinRefused, LiveParticipant,
    ModerationRequest, NotesRefused, Outbound, RoomHandle, RoomMsg,
};
use super::policy;
use crate::audit::{self, Audit, Event, Who};
use crate::config::RoomsConfig;
use crate::ice::IceProvider;
use crate::{clock, ids};

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

const ROOM_QUEUE: usize = 1024;

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
mod tests;
