//! The audit trail: every meaningful event goes to the structured log (target `vroom::audit`) and to
//! the `audit` table, with the time (UTC), the client address, a non-secret user reference (the
//! session's public reference) and a message. Callers never put a password, token or key in it.
//!
//! Writes go through one task so that a request or a room never waits on the database for them,
//! and entries keep their order.

use std::fmt;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tokio::sync::mpsc;
use vroom_store::{AuditEntry, Store};

use crate::clock;

/// Entries waiting for the database beyond this are dropped (and the drop logged): the server must
/// not stall because the audit cannot keep up.
const QUEUE: usize = 10_000;

/// Refusals one address may add to the table per minute and kind: past that they go to the log
/// only, so that a client hammering a locked door cannot fill the table or crowd out real events.
const REFUSALS_PER_MINUTE: u32 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event {
    SessionCreated,
    SessionEnded,
    RoomCreated,
    RoomChanged,
    RoomExpired,
    RoomDeleted,
    NotifyChanged,
    RoleChanged,
    JoinRefused,
    Joined,
    Left,
    Kicked,
    /// An identifier that does not match: a resume token for someone else's place, an unknown
    /// participant named as a target.
    ForgedIdentifier,
    ActionAllowed,
    ActionDenied,
    MailSent,
    /// A mail given up (refused for good, or its last attempt failed).
    MailFailed,
    FeedbackSent,
    InvitationSent,
    InvitationAnswered,
    /// An invitation's link opened the room for a browser (bound to its session).
    InvitationUsed,
    AdminLogin,
    /// A wrong name or password, too many attempts, or a proxy naming no admin account.
    AdminLoginFailed,
    AdminLogout,
    /// An administrator ended a meeting (everyone disconnected; the room stays).
    MeetingEnded,
    /// An administrator entered a room as its chairman.
    AdminJoined,
    /// A room's notes were first opened: its Etherpad group and pad were made.
    NotesCreated,
    /// A chairman (or an administrator) emptied a room's notes.
    NotesCleared,
    /// A deleted room's pad and group were deleted from Etherpad.
    NotesDeleted,
}

impl Event {
    /// Every event, for the audit viewer's filter.
    pub const ALL: [Event; 29] = [
        Event::SessionCreated,
        Event::SessionEnded,
        Event::RoomCreated,
        Event::RoomChanged,
        Event::RoomExpired,
        Event::RoomDeleted,
        Event::NotifyChanged,
        Event::RoleChanged,
        Event::JoinRefused,
        Event::Joined,
        Event::Left,
        Event::Kicked,
        Event::ForgedIdentifier,
        Event::ActionAllowed,
        Event::ActionDenied,
        Event::MailSent,
        Event::MailFailed,
        Event::FeedbackSent,
        Event::InvitationSent,
        Event::InvitationAnswered,
        Event::InvitationUsed,
        Event::AdminLogin,
        Event::AdminLoginFailed,
        Event::AdminLogout,
        Event::MeetingEnded,
        Event::AdminJoined,
        Event::NotesCreated,
        Event::NotesCleared,
        Event::NotesDeleted,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Event::SessionCreated => "session_created",
            Event::SessionEnded => "session_ended",
            Event::RoomCreated => "room_created",
            Event::RoomChanged => "room_changed",
            Event::RoomExpired => "room_expired",
            Event::RoomDeleted => "room_deleted",
            Event::NotifyChanged => "notify_changed",
            Event::RoleChanged => "role_changed",
            Event::JoinRefused => "join_refused",
            Event::Joined => "joined",
            Event::Left => "left",
            Event::Kicked => "kicked",
            Event::ForgedIdentifier => "forged_identifier",
            Event::ActionAllowed => "action_allowed",
            Event::ActionDenied => "action_denied",
            Event::MailSent => "mail_sent",
            Event::MailFailed => "mail_failed",
            Event::FeedbackSent => "feedback_sent",
            Event::InvitationSent => "invitation_sent",
            Event::InvitationAnswered => "invitation_answered",
            Event::InvitationUsed => "invitation_used",
            Event::AdminLogin => "admin_login",
            Event::AdminLoginFailed => "admin_login_failed",
            Event::AdminLogout => "admin_logout",
            Event::MeetingEnded => "meeting_ended",
            Event::AdminJoined => "admin_joined",
            Event::NotesCreated => "notes_created",
            Event::NotesCleared => "notes_cleared",
            Event::NotesDeleted => "notes_deleted",
        }
    }
}

impl Event {
    /// Events a client can cause again and again without succeeding.
    const fn is_refusal(self) -> bool {
        matches!(
            self,
            Event::ActionDenied
                | Event::JoinRefused
                | Event::ForgedIdentifier
                | Event::AdminLoginFailed
        )
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who did something: the client's address and its session's public reference, when known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Who {
    pub ip: Option<IpAddr>,
    pub user: Option<String>,
}

impl Who {
    pub fn new(ip: IpAddr, user: Option<&str>) -> Self {
        Self {
            ip: Some(ip),
            user: user.map(str::to_owned),
        }
    }

    /// An operator at this machine's command line.
    pub fn cli() -> Self {
        Self {
            ip: None,
            user: Some("admin:command-line".into()),
        }
    }

    /// The server itself (background jobs).
    pub fn server() -> Self {
        Self {
            ip: None,
            user: Some("server".into()),
        }
    }
}

/// Records an entry straight into the store and waits for it: for the command line, which has no
/// writer task and exits right after.
pub async fn record_now(
    store: &Store,
    event: Event,
    who: &Who,
    room: Option<&str>,
    message: &str,
) -> Result<(), vroom_store::StoreError> {
    store
        .audit()
        .record(&AuditEntry {
            at: clock::unix_now_i64(),
            event: event.as_str().to_owned(),
            ip: who.ip.map(|ip| ip.to_string()),
            user_ref: who.user.clone(),
            room: room.map(str::to_owned),
            message: message.to_owned(),
        })
        .await
}

/// The name a protocol value has on the wire (`ask_unmute`, `not_allowed`), for messages.
pub fn wire_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        Ok(other) => other.to_string(),
        Err(_) => "?".into(),
    }
}

#[derive(Clone)]
pub struct Audit {
    tx: mpsc::Sender<AuditEntry>,
    refusals: Arc<DefaultKeyedRateLimiter<(IpAddr, Event)>>,
}

impl Audit {
    /// Starts the writer task.
    pub fn spawn(store: Store) -> Audit {
        let (tx, mut rx) = mpsc::channel::<AuditEntry>(QUEUE);
        tokio::spawn(async move {
            while let Some(entry) = rx.recv().await {
                if let Err(e) = store.audit().record(&entry).await {
                    tracing::error!(error = %e, event = %entry.event, "could not store an audit entry");
                }
            }
        });
        let quota =
            Quota::per_minute(NonZeroU32::new(REFUSALS_PER_MINUTE).unwrap_or(NonZeroU32::MIN));
        Audit {
            tx,
            refusals: Arc::new(RateLimiter::keyed(quota)),
        }
    }

    /// Forgets the refusal counts of quiet addresses (called once a minute).
    pub fn retain_recent(&self) {
        self.refusals.retain_recent();
    }

    pub fn record(&self, event: Event, who: &Who, room: Option<&str>, message: impl Into<String>) {
        let message = message.into();
        let ip = who.ip.map(|ip| ip.to_string());
        tracing::info!(
            target: "vroom::audit",
            event = event.as_str(),
            ip = ip.as_deref().unwrap_or("-"),
            user = who.user.as_deref().unwrap_or("-"),
            room = room.unwrap_or("-"),
            "{message}"
        );
        if event.is_refusal()
            && let Some(addr) = who.ip
            && self.refusals.check_key(&(addr, event)).is_err()
        {
            tracing::debug!(
                event = event.as_str(),
                "refusal not stored: too many from this address"
            );
            return;
        }
        let entry = AuditEntry {
            at: clock::unix_now_i64(),
            event: event.as_str().to_owned(),
            ip,
            user_ref: who.user.clone(),
            room: room.map(str::to_owned),
            message,
        };
        if self.tx.try_send(entry).is_err() {
            tracing::error!(
                event = event.as_str(),
                "audit queue full or closed, entry not stored"
            );
        }
    }
}
