//! One task per WebSocket: waits for `join`, then shuttles frames between the socket and the room actor,
//! answers `ping` and `ice_refresh` itself, enforces the size and rate limits, and watches for silence.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket};
use tokio::sync::{OwnedSemaphorePermit, mpsc};
use vroom_core::protocol::{ErrorCode, JoinRequest};
use vroom_core::{ClientMessage, ParticipantId, RoomCommand, RoomName, ServerMessage};
use vroom_store::StoreError;

use crate::limits::AddressPermit;
use crate::rooms::handle::{CLOSE_FORBIDDEN, CONNECTION_QUEUE, ModerationRequest, next_conn_id};
use crate::rooms::{Connection, Entrant, JoinRefused, Outbound, RoomHandle};
use crate::state::AppState;
use crate::{access, clock, ids};

/// Who opened the connection: the client's address and the session secret its cookie carried, if any.
pub struct Peer {
    pub ip: IpAddr,
    pub token: Option<String>,
}

/// Close codes sent after a refused join (4xxx are ours; see docs/protocol.md).
const CLOSE_JOIN_REFUSED: u16 = 4400;
const CLOSE_ROOM_NOT_FOUND: u16 = 4404;
const CLOSE_ROOM_FULL: u16 = 4409;
const CLOSE_IDLE: u16 = 4408;
const CLOSE_SERVICE_RESTART: u16 = 1012;
const CLOSE_REPLACED: u16 = 4000;

/// A client that cannot take a frame in this time is gone, whatever its TCP connection says.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);

/// How a connection ended, as far as the room cares.
enum End {
    /// The client left or closed on purpose: leave the room now.
    Left,
    /// The connection was lost: keep the participant's place for a while.
    Lost,
}

/// Runs one connection; `_permits` (server-wide and per-address) are given back when it ends.
pub async fn run(
    socket: WebSocket,
    app: AppState,
    peer: Peer,
    _permits: (OwnedSemaphorePermit, AddressPermit),
) {
    let mut conn = Conn::new(socket, app, peer);
    let Some(request) = conn.await_join().await else {
        return;
    };
    let Some((room, participant, outbound)) = conn.enter(request).await else {
        return;
    };
    let conn_id = conn.id;
    let end = conn.serve(&room, &participant, outbound).await;
    room.disconnected(participant, conn_id, matches!(end, End::Left))
        .await;
}

struct Conn {
    id: u64,
    socket: WebSocket,
    app: AppState,
    peer: Peer,
    bucket: TokenBucket,
    /// Chat has its own, slower budget: a person types, a flood does not.
    chat_bucket: TokenBucket,
    last_heard: Instant,
}

enum Incoming {
    Message(ClientMessage),
    /// Handled already (an error frame was sent); keep going.
    Skip,
    End(End),
}

impl Conn {
    fn new(socket: WebSocket, app: AppState, peer: Peer) -> Self {
        let s = &app.config.signalling;
        let bucket = TokenBucket::new(s.messages_per_second, s.messages_burst);
        let chat_bucket = TokenBucket::per_minute(s.chat_messages_per_minute, CHAT_BURST);
        Self {
            id: next_conn_id(),
            socket,
            app,
            peer,
            bucket,
            chat_bucket,
            last_heard: Instant::now(),
        }
    }

    async fn await_join(&mut self) -> Option<JoinRequest> {
        let timeout = Duration::from_secs(self.app.config.signalling.join_timeout);
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let incoming = match tokio::time::timeout_at(deadline, self.next()).await {
                Ok(incoming) => incoming,
                Err(_) => {
                    self.refuse(
                        ErrorCode::JoinTimeout,
                        "no join message in time",
                        CLOSE_JOIN_REFUSED,
                    )
                    .await;
                    return None;
                }
            };
            match incoming {
                Incoming::Message(ClientMessage::Join(request)) => return Some(request),
                Incoming::Message(ClientMessage::Ping { t }) => {
                    self.send_message(&ServerMessage::Pong { t }).await;
                }
                Incoming::Message(_) => {
                    self.send_error(ErrorCode::NotJoined, "send join first")
                        .await;
                }
                Incoming::Skip => {}
                Incoming::End(_) => return None,
            }
        }
    }

    /// Validates the join, then hands the connection to the room actor.
    async fn enter(
        &mut self,
        request: JoinRequest,
    ) -> Option<(RoomHandle, ParticipantId, mpsc::Receiver<Outbound>)> {
        let name = match RoomName::parse(&request.room) {
            Ok(name) => name,
            Err(e) => {
                self.refuse(
                    ErrorCode::InvalidRoomName,
                    &e.to_string(),
                    CLOSE_JOIN_REFUSED,
                )
                .await;
                return None;
            }
        };
        let row = match self.app.store.rooms().get(&name).await {
            Ok(Some(row)) => row,
            Ok(None) => {
                self.refuse(
                    ErrorCode::RoomNotFound,
                    "this room does not exist",
                    CLOSE_ROOM_NOT_FOUND,
                )
                .await;
                return None;
            }
            Err(e) => {
                self.store_unavailable(&e).await;
                return None;
            }
        };
        let entrant = match entrant(&self.app, &self.peer, row.id).await {
            Ok(entrant) => entrant,
            Err(e) => {
                self.store_unavailable(&e).await;
                return None;
            }
        };
        // The room actor may be stopping as we reach it; a fresh one is started on retry.
        for _ in 0..3 {
            let Ok(room) = self.app.registry.open(name.clone()).await else {
                break;
            };
            let (tx, rx) = mpsc::channel(CONNECTION_QUEUE);
            let connection = Connection { id: self.id, tx };
            match room
                .join(connection, request.clone(), entrant.clone())
                .await
            {
                Ok(participant) => {
                    return Some((room, participant, rx));
                }
                Err(JoinRefused::Gone) => continue,
                Err(JoinRefused::Refused { code, message }) => {
                    let close = match code {
                        ErrorCode::RoomFull => CLOSE_ROOM_FULL,
                        ErrorCode::ResumeFailed => CLOSE_REPLACED,
                        ErrorCode::Locked
                        | ErrorCode::PasswordRequired
                        | ErrorCode::NameRequired
                        | ErrorCode::Banned => CLOSE_FORBIDDEN,
                        ErrorCode::Internal => CLOSE_SERVICE_RESTART,
                        ErrorCode::RoomNotFound => CLOSE_ROOM_NOT_FOUND,
                        _ => CLOSE_JOIN_REFUSED,
                    };
                    self.refuse(code, &message, close).await;
                    return None;
                }
            }
        }
        self.refuse(
            ErrorCode::Internal,
            "the room could not be opened",
            CLOSE_SERVICE_RESTART,
        )
        .await;
        None
    }

    async fn serve(
        &mut self,
        room: &RoomHandle,
        participant: &ParticipantId,
        mut outbound: mpsc::Receiver<Outbound>,
    ) -> End {
        let signalling = &self.app.config.signalling;
        let idle_timeout = Duration::from_secs(signalling.idle_timeout);
        let mut ping = tokio::time::interval(Duration::from_secs(signalling.ping_interval));
        ping.tick().await;
        let mut shutdown = self.app.shutdown.clone();
        loop {
            tokio::select! {
                incoming = self.next() => match incoming {
                    Incoming::Message(msg) => self.dispatch(room, participant, msg).await,
                    Incoming::Skip => {}
                    Incoming::End(end) => return end,
                },
                out = outbound.recv() => match out {
                    Some(Outbound::Frame(text)) => {
                        if !self.send(Message::Text(Utf8Bytes::from(&*text))).await {
                            return End::Lost;
                        }
                    }
                    Some(Outbound::Close { code, reason }) => {
                        self.close(code, reason).await;
                        return End::Lost;
                    }
                    // The room dropped this connection (cut, or too slow): end it like a network loss.
                    None => return End::Lost,
                },
                _ = ping.tick() => {
                    if self.last_heard.elapsed() > idle_timeout {
                        tracing::info!(%participant, "connection silent too long, closing");
                        self.close(CLOSE_IDLE, "no message within the idle timeout").await;
                        return End::Lost;
                    }
                    if !self.send(Message::Ping(Default::default())).await {
                        return End::Lost;
                    }
                }
                _ = shutdown.changed() => {
                    self.send_error(ErrorCode::ServerShuttingDown, "the server is restarting").await;
                    self.close(CLOSE_SERVICE_RESTART, "server restarting").await;
                    return End::Lost;
                }
            }
        }
    }

    /// Handles one message of a joined participant. A `leave` ends the connection through the room,
    /// which answers it with a close.
    async fn dispatch(
        &mut self,
        room: &RoomHandle,
        participant: &ParticipantId,
        msg: ClientMessage,
    ) {
        let command = match msg {
            ClientMessage::Ping { t } => {
                self.send_message(&ServerMessage::Pong { t }).await;
                return;
            }
            ClientMessage::IceRefresh => {
                let ice = self.app.ice.for_participant(participant, clock::unix_now());
                self.send_message(&ServerMessage::IceServers(ice)).await;
                return;
            }
            ClientMessage::Join(_) => {
                self.send_error(
                    ErrorCode::AlreadyJoined,
                    "this connection has joined already",
                )
                .await;
                return;
            }
            ClientMessage::Moderate { action, target } => {
                let request = ModerationRequest::One { action, target };
                room.moderate(participant.clone(), self.id, request).await;
                return;
            }
            ClientMessage::MuteAll => {
                room.moderate(participant.clone(), self.id, ModerationRequest::MuteAll)
                    .await;
                return;
            }
            ClientMessage::Chat { text } => {
                if !self.chat_bucket.take() {
                    self.send_error(
                        ErrorCode::RateLimited,
                        "too many chat messages, wait a moment",
                    )
                    .await;
                    return;
                }
                RoomCommand::Chat {
                    text,
                    at: clock::unix_now_ms(),
                }
            }
            ClientMessage::React { reaction } => {
                // Reactions share the chat's budget: both are things people send by hand.
                if !self.chat_bucket.take() {
                    self.send_error(ErrorCode::RateLimited, "too many reactions, wait a moment")
                        .await;
                    return;
                }
                RoomCommand::React(reaction)
            }
            ClientMessage::Signal { to, payload } => RoomCommand::Signal { to, payload },
            ClientMessage::Update(update) => RoomCommand::Update(update),
            ClientMessage::Leave => RoomCommand::Leave,
        };
        room.command(participant.clone(), self.id, command).await;
    }

    /// Reads the next meaningful frame, applying limits. Protocol errors are answered here.
    async fn next(&mut self) -> Incoming {
        let Some(frame) = self.socket.recv().await else {
            return Incoming::End(End::Lost);
        };
        self.last_heard = Instant::now();
        if matches!(frame, Ok(Message::Text(_) | Message::Binary(_))) {
            self.app.metrics.message_in();
        }
        // Every frame costs a token, even those refused below, so no kind of frame floods for free.
        let control = matches!(
            frame,
            Ok(Message::Ping(_) | Message::Pong(_) | Message::Close(_))
        );
        if !control && !self.bucket.take() {
            self.send_error(ErrorCode::RateLimited, "too many messages, slow down")
                .await;
            return Incoming::Skip;
        }
        let text = match frame {
            Ok(Message::Text(text)) => text,
            Ok(Message::Binary(_)) => {
                self.send_error(ErrorCode::Malformed, "messages are JSON text frames")
                    .await;
                return Incoming::Skip;
            }
            Ok(Message::Ping(_) | Message::Pong(_)) => return Incoming::Skip,
            Ok(Message::Close(_)) => return Incoming::End(End::Left),
            Err(e) => {
                tracing::debug!(error = %e, "websocket read failed");
                return Incoming::End(End::Lost);
            }
        };
        let max = self.app.config.signalling.max_message_bytes;
        if text.len() > max {
            self.send_error(
                ErrorCode::MessageTooLarge,
                &format!("messages are limited to {max} bytes"),
            )
            .await;
            return Incoming::Skip;
        }
        match parse(text.as_str()) {
            Ok(msg) => Incoming::Message(msg),
            Err((code, message)) => {
                self.send_error(code, &message).await;
                Incoming::Skip
            }
        }
    }

    /// Sends one frame; false when the client is gone or too slow to take it.
    async fn send(&mut self, message: Message) -> bool {
        // Protocol messages only: pings and the close frame are the transport's.
        let counted = matches!(message, Message::Text(_));
        let sent = matches!(
            tokio::time::timeout(SEND_TIMEOUT, self.socket.send(message)).await,
            Ok(Ok(()))
        );
        if sent && counted {
            self.app.metrics.message_out();
        }
        sent
    }

    async fn send_message(&mut self, msg: &ServerMessage) {
        match serde_json::to_string(msg) {
            Ok(text) => {
                self.send(Message::Text(text.into())).await;
            }
            Err(e) => tracing::error!(error = %e, "could not serialize a server message"),
        }
    }

    async fn send_error(&mut self, code: ErrorCode, message: &str) {
        self.send_message(&ServerMessage::Error {
            code,
            message: message.to_owned(),
        })
        .await;
    }

    async fn store_unavailable(&mut self, error: &StoreError) {
        tracing::error!(%error, "store unavailable during join");
        self.refuse(
            ErrorCode::Internal,
            "the server cannot reach its database",
            CLOSE_SERVICE_RESTART,
        )
        .await;
    }

    async fn refuse(&mut self, code: ErrorCode, message: &str, close: u16) {
        self.send_error(code, message).await;
        self.close(close, "join refused").await;
    }

    async fn close(&mut self, code: u16, reason: &str) {
        let frame = CloseFrame {
            code,
            reason: reason.into(),
        };
        self.send(Message::Close(Some(frame))).await;
    }
}

/// The joiner's session (a connection-long one without a cookie), role and ban in this room.
async fn entrant(app: &AppState, peer: &Peer, room_id: i64) -> Result<Entrant, StoreError> {
    let session = match &peer.token {
        // A browser: its session gets a row now if it had none, to hold its role in the room.
        Some(token) => Some(app.sessions().for_token(token, peer.ip).await?),
        None => None,
    };
    let (session_id, reference) = match session {
        Some(session) => (Some(session.id), session.reference),
        // Nothing could name a cookie-less client's session again: it gets none, only a reference
        // for the audit.
        None => (None, format!("ws-{}", ids::session_reference())),
    };
    let store = &app.store;
    let now = clock::unix_now_i64();
    let granted = access::role(store, room_id, session_id).await?;
    let banned_for = access::banned_for(store, room_id, session_id, granted, peer.ip, now).await?;
    let invited = match session_id {
        Some(id) => store.invitations().holds(room_id, id, now).await?,
        None => false,
    };
    Ok(Entrant {
        session_id,
        reference,
        ip: peer.ip,
        granted,
        banned_for,
        invited,
    })
}

/// Parses a client frame, telling an unknown `type` from a malformed known one.
fn parse(text: &str) -> Result<ClientMessage, (ErrorCode, String)> {
    match serde_json::from_str::<ClientMessage>(text) {
        Ok(msg) => Ok(msg),
        Err(e) => {
            #[derive(serde::Deserialize)]
            struct Tag {
                #[serde(rename = "type")]
                kind: String,
            }
            match serde_json::from_str::<Tag>(text) {
                Ok(tag) if !ClientMessage::TYPES.contains(&tag.kind.as_str()) => Err((
                    ErrorCode::UnknownType,
                    format!("unknown message type `{}`", truncate(&tag.kind, 40)),
                )),
                _ => Err((ErrorCode::Malformed, format!("malformed message: {e}"))),
            }
        }
    }
}

fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Allows `rate` messages per second on average and `burst` at once.
struct TokenBucket {
    rate: f64,
    burst: f64,
    tokens: f64,
    at: Instant,
}

/// Chat messages that may come at once (then the per-minute rate applies).
const CHAT_BURST: u32 = 10;

impl TokenBucket {
    fn per_minute(rate: u32, burst: u32) -> Self {
        Self {
            rate: f64::from(rate) / 60.0,
            burst: f64::from(burst),
            tokens: f64::from(burst),
            at: Instant::now(),
        }
    }

    fn new(rate: u32, burst: u32) -> Self {
        Self {
            rate: f64::from(rate),
            burst: f64::from(burst),
            tokens: f64::from(burst),
            at: Instant::now(),
        }
    }

    fn take(&mut self) -> bool {
        let now = Instant::now();
        let refill = now.duration_since(self.at).as_secs_f64() * self.rate;
        self.tokens = (self.tokens + refill).min(self.burst);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_tells_unknown_from_malformed() {
        assert!(matches!(
            parse("{\"type\":\"ping\"}"),
            Ok(ClientMessage::Ping { .. })
        ));
        assert_eq!(
            parse("{\"type\":\"nope\"}").unwrap_err().0,
            ErrorCode::UnknownType
        );
        assert_eq!(
            parse("{\"type\":\"signal\"}").unwrap_err().0,
            ErrorCode::Malformed
        );
        assert_eq!(parse("not json").unwrap_err().0, ErrorCode::Malformed);
        assert_eq!(parse("[]").unwrap_err().0, ErrorCode::Malformed);
        let long = format!("{{\"type\":\"{}\"}}", "é".repeat(100));
        let (code, message) = parse(&long).unwrap_err();
        assert_eq!(code, ErrorCode::UnknownType);
        assert!(message.len() < 120);
    }

    #[test]
    fn bucket_allows_a_burst_then_refuses() {
        let mut bucket = TokenBucket::new(1, 3);
        assert!(bucket.take() && bucket.take() && bucket.take());
        assert!(!bucket.take());
    }
}
