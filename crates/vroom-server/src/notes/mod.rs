//! Collaborative notes: each room's pad on Etherpad-Lite, and who may open it.
//!
//! - A room's pad lives in an Etherpad group made on the first opening (its id kept in
//!   `rooms.notes_group`, the first one recorded winning a race) and named [`PAD_NAME`].
//! - A participant who opens the notes gets an Etherpad author mapped to their browser session (with
//!   their display name) and an Etherpad session for the room's group, handed to the browser as the
//!   `sessionID` cookie that Etherpad's editor reads. The room actor keeps that session and ends it when
//!   the participant goes, so that leaving (or being removed) closes the pad to them.
//! - A deleted room's group waits in the store's trash until Etherpad deletes it ([`Notes::empty_trash`]).
//! - Whether Etherpad answers is watched: checked at start, then every `etherpad.check_interval`, and
//!   after every call. The meeting never depends on it.
//!
//! Browsers reach the pads either through VROOM itself (`/etherpad/…`, [`proxy`]) or at
//! `etherpad.public_url`.

pub mod connections;
pub mod proxy;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use tokio::sync::{Notify, watch};
use vroom_store::{Store, StoreError};

use crate::audit::{Audit, Event, Who};
use crate::clock;
use crate::config::EtherpadConfig;
use crate::etherpad::{self, Etherpad, EtherpadError};
use connections::Connections;

/// The name of every room's pad inside its group.
pub const PAD_NAME: &str = "notes";
/// Where VROOM serves Etherpad's pages when it forwards them itself.
pub const PROXY_PREFIX: &str = "/etherpad";
/// How often the trash is looked at when nothing pokes it.
const TRASH_PERIOD: Duration = Duration::from_secs(60);
/// Trashed groups handled per pass.
const TRASH_BATCH: u64 = 20;
/// Retries of a failed group deletion: 30 s, doubling, at most an hour apart.
const TRASH_RETRY_FIRST: i64 = 30;
const TRASH_RETRY_MAX: i64 = 3600;

/// Whether the notes can be used, as the API says it (`off`, `ready`, `unavailable`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Availability {
    Off,
    Ready,
    Unavailable,
}

/// Whether the notes can be used now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotesState {
    /// Not configured.
    Off,
    Ready,
    /// Configured, but Etherpad does not answer or refuses the key: why, in one line.
    Unavailable(String),
}

#[derive(Debug, thiserror::Error)]
pub enum NotesError {
    #[error("collaborative notes are not configured")]
    Off,
    #[error("{0}")]
    Etherpad(#[from] EtherpadError),
    #[error("{0}")]
    Store(#[from] StoreError),
}

impl NotesError {
    /// The failure is Etherpad's (not answering, refusing), not ours.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, NotesError::Etherpad(_))
    }
}

/// What a browser needs to open a room's pad.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PadAccess {
    pub pad_id: String,
    /// The Etherpad session (`s.…`) for the `sessionID` cookie.
    pub session: String,
    /// When the session ends (Unix seconds).
    pub valid_until: u64,
}

/// The notes service: cheap to clone, off when Etherpad is not configured.
#[derive(Clone)]
pub struct Notes(Option<Arc<Inner>>);

struct Inner {
    config: EtherpadConfig,
    store: Store,
    audit: Audit,
    /// The client built by the last successful check (None until one succeeds).
    client: RwLock<Option<Etherpad>>,
    state: watch::Sender<NotesState>,
    /// Etherpad answered at least once since the start: rooms offer the notes from then on.
    ever_ready: AtomicBool,
    /// Wakes the worker when a room with notes was deleted.
    trash_due: Notify,
    /// Etherpad answers again: the next pass retries every trashed group, whatever its schedule.
    retry_all: AtomicBool,
    /// The editors connected through VROOM, cut when their session ends.
    connections: Connections,
}

impl Notes {
    /// Checks the configured Etherpad (bounded by `etherpad.timeout`) and says in the log what came
    /// of it. A failure leaves the notes unavailable (the server runs on); the worker checks again.
    pub async fn start(config: &EtherpadConfig, store: Store, audit: Audit) -> Notes {
        if !config.enabled() {
            return Notes(None);
        }
        let (state, _) = watch::channel(NotesState::Unavailable("not checked yet".into()));
        let notes = Notes(Some(Arc::new(Inner {
            config: config.clone(),
            store,
            audit,
            client: RwLock::new(None),
            state,
            ever_ready: AtomicBool::new(false),
            trash_due: Notify::new(),
            retry_all: AtomicBool::new(false),
            connections: Connections::default(),
        })));
        notes.check().await;
        notes
    }

    /// Whether the notes can be used now.
    pub fn state(&self) -> NotesState {
        match &self.0 {
            None => NotesState::Off,
            Some(inner) => inner.state.borrow().clone(),
        }
    }

    /// The state without its reason, for the admin dashboard.
    pub fn availability(&self) -> Availability {
        match self.state() {
            NotesState::Off => Availability::Off,
            NotesState::Ready => Availability::Ready,
            NotesState::Unavailable(_) => Availability::Unavailable,
        }
    }

    /// Why the notes are unavailable, if they are.
    pub fn reason(&self) -> Option<String> {
        match self.state() {
            NotesState::Unavailable(why) => Some(why),
            _ => None,
        }
    }

    /// What rooms are told: off until Etherpad first answered (the feature is off then, and the
    /// dashboard says why), then ready or unavailable (a pause: the panel says so).
    pub fn room_state(&self) -> Availability {
        match (&self.0, self.availability()) {
            (Some(inner), Availability::Unavailable)
                if !inner.ever_ready.load(Ordering::Relaxed) =>
            {
                Availability::Off
            }
            (_, availability) => availability,
        }
    }

    /// Where browsers open pads: `/etherpad` on VROOM's own address, or `etherpad.public_url`.
    pub fn browser_base(&self) -> Option<String> {
        let inner = self.0.as_ref()?;
        Some(if inner.config.proxied() {
            PROXY_PREFIX.to_owned()
        } else {
            inner.config.public_url.trim_end_matches('/').to_owned()
        })
    }

    /// The Etherpad configuration, when notes are configured.
    pub fn config(&self) -> Option<&EtherpadConfig> {
        self.0.as_ref().map(|inner| &inner.config)
    }

    /// The client to use, when Etherpad answered since the start.
    pub fn client(&self) -> Result<Etherpad, NotesError> {
        let inner = self.0.as_ref().ok_or(NotesError::Off)?;
        let client = inner
            .client
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        client.ok_or_else(|| {
            let why = self.reason().unwrap_or_else(|| "not checked yet".into());
            NotesError::Etherpad(EtherpadError::Setup(why))
        })
    }

    /// Opens the room's pad for one participant: the room's group and pad (made on first use), an
    /// author mapped to `author_mapper` named `name`, and a new Etherpad session for the group.
    pub async fn open(
        &self,
        room_id: i64,
        room: &str,
        author_mapper: &str,
        name: &str,
        who: &Who,
    ) -> Result<PadAccess, NotesError> {
        let inner = self.0.as_ref().ok_or(NotesError::Off)?;
        let client = self.client()?;
        let result = async {
            let group = self.group(&client, room_id, room, who).await?;
            let pad_id = client.create_group_pad(&group, PAD_NAME, "").await?;
            let author = client
                .create_author_if_not_exists_for(author_mapper, name)
                .await?;
            let valid_until = clock::unix_now() + inner.config.session_lifetime;
            let session = client.create_session(&group, &author, valid_until).await?;
            Ok(PadAccess {
                pad_id,
                session,
                valid_until,
            })
        }
        .await;
        self.saw(&result);
        result
    }

    /// The room's group: the one recorded, or a new one recorded now (audited). A room deleted
    /// meanwhile is [`StoreError::NotFound`]; the group made for it goes to the trash.
    async fn group(
        &self,
        client: &Etherpad,
        room_id: i64,
        room: &str,
        who: &Who,
    ) -> Result<String, NotesError> {
        let inner = self.0.as_ref().ok_or(NotesError::Off)?;
        if let Some(group) = inner.store.notes().group(room_id).await? {
            return Ok(group);
        }
        // A mapper of our own, random: several VROOM servers (or test runs) may share one Etherpad,
        // and a room made again under an old name must not find the old notes.
        let mapper = format!("vroom-{}", crate::ids::secret_token());
        let made = client.create_group_if_not_exists_for(&mapper).await?;
        let now = clock::unix_now_i64();
        match inner.store.notes().set_group(room_id, &made).await {
            Ok(group) if group == made => {
                inner.audit.record(
                    Event::NotesCreated,
                    who,
                    Some(room),
                    format!("Etherpad group {made} made for the room's notes"),
                );
                Ok(group)
            }
            Ok(group) => {
                // Another request recorded its group first: ours is not needed.
                inner.store.notes().trash(&made, room, now).await?;
                self.poke_trash();
                Ok(group)
            }
            Err(e) => {
                if inner.store.notes().trash(&made, room, now).await.is_ok() {
                    self.poke_trash();
                }
                Err(e.into())
            }
        }
    }

    /// Empties the room's pad, its history too: the pad is deleted and made again, empty (emptying
    /// its text would leave every earlier revision in Etherpad's history). Editors open on it are
    /// disconnected by Etherpad; the room tells everyone, and their panels reload. False when the
    /// room never had notes.
    pub async fn clear(&self, room_id: i64) -> Result<bool, NotesError> {
        let inner = self.0.as_ref().ok_or(NotesError::Off)?;
        let Some(group) = inner.store.notes().group(room_id).await? else {
            return Ok(false);
        };
        let client = self.client()?;
        let result = async {
            client
                .delete_pad(&etherpad::pad_id(&group, PAD_NAME))
                .await?;
            client.create_group_pad(&group, PAD_NAME, "").await?;
            Ok(())
        }
        .await;
        self.saw(&result);
        result.map(|()| true)
    }

    /// Ends an Etherpad session in the background (its participant left), and cuts the editors
    /// open with it that pass through VROOM (Etherpad would let them write on): before the
    /// deletion, for at once, and after it, for one that connected meanwhile. A failure to delete is
    /// only logged: the session runs out by itself at its end time anyway.
    pub fn end_session(&self, session: String) {
        let Some(inner) = &self.0 else { return };
        inner.connections.cut(&session);
        let Ok(client) = self.client() else { return };
        let notes = self.clone();
        tokio::spawn(async move {
            let result = client
                .delete_session(&session)
                .await
                .map_err(NotesError::from);
            if let Err(e) = &result {
                tracing::warn!(error = %e, "could not end an Etherpad session");
            }
            notes.saw(&result);
            if let Some(inner) = &notes.0 {
                inner.connections.cut(&session);
            }
        });
    }

    /// The editors' connections through VROOM (none when the notes are off).
    pub fn connections(&self) -> Option<&Connections> {
        self.0.as_ref().map(|inner| &inner.connections)
    }

    /// Tells the worker a room with notes was deleted.
    pub fn poke_trash(&self) {
        if let Some(inner) = &self.0 {
            inner.trash_due.notify_one();
        }
    }

    /// Deletes the due groups of deleted rooms from Etherpad; a failure is retried later (30 s,
    /// doubling up to an hour). Returns how many were deleted.
    pub async fn empty_trash(&self) -> usize {
        let Some(inner) = &self.0 else { return 0 };
        let Ok(client) = self.client() else { return 0 };
        let now = clock::unix_now_i64();
        let until = if inner.retry_all.swap(false, Ordering::Relaxed) {
            i64::MAX
        } else {
            now
        };
        let due = match inner.store.notes().due(until, TRASH_BATCH).await {
            Ok(due) => due,
            Err(e) => {
                tracing::error!(error = %e, "could not read the notes to delete");
                return 0;
            }
        };
        let mut deleted = 0;
        for item in due {
            let result = client
                .delete_group(&item.group_id)
                .await
                .map_err(NotesError::from);
            self.saw(&result);
            let recorded = match &result {
                Ok(()) => {
                    deleted += 1;
                    inner.audit.record(
                        Event::NotesDeleted,
                        &Who::server(),
                        item.room.as_deref(),
                        format!("Etherpad group {} deleted with its pad", item.group_id),
                    );
                    inner.store.notes().deleted(item.id).await
                }
                Err(e) => {
                    let wait = TRASH_RETRY_FIRST
                        .saturating_mul(1 << item.attempts.clamp(0, 16))
                        .min(TRASH_RETRY_MAX);
                    tracing::warn!(group = %item.group_id, error = %e, retry_in = wait, "could not delete a deleted room's notes from Etherpad");
                    inner
                        .store
                        .notes()
                        .failed(item.id, now + wait, &e.to_string())
                        .await
                }
            };
            if let Err(e) = recorded {
                tracing::error!(error = %e, "could not record a notes deletion");
            }
            if result.is_err() {
                // Etherpad is not answering: the others would fail the same way.
                break;
            }
        }
        deleted
    }

    /// Checks Etherpad now (rebuilding the client, so a changed key file counts) and records it.
    pub async fn check(&self) {
        let Some(inner) = &self.0 else { return };
        match etherpad::check(&inner.config).await {
            Ok(Some(client)) => {
                *inner
                    .client
                    .write()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(client);
                self.set(NotesState::Ready);
            }
            Ok(None) => {}
            Err(e) => self.set(NotesState::Unavailable(e.to_string())),
        }
    }

    /// Checks Etherpad every `etherpad.check_interval` and empties the trash (every minute, and
    /// when poked), until the server stops.
    pub fn spawn_worker(&self, mut shutdown: watch::Receiver<bool>) {
        let Some(inner) = self.0.clone() else { return };
        let notes = self.clone();
        tokio::spawn(async move {
            let mut check = tokio::time::interval(Duration::from_secs(inner.config.check_interval));
            check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            check.tick().await;
            let mut trash = tokio::time::interval(TRASH_PERIOD);
            trash.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = check.tick() => notes.check().await,
                    _ = trash.tick() => { notes.empty_trash().await; }
                    _ = inner.trash_due.notified() => { notes.empty_trash().await; }
                    _ = shutdown.changed() => return,
                }
            }
        });
    }

    /// Learns from a call's outcome whether Etherpad answers.
    fn saw<T>(&self, result: &Result<T, NotesError>) {
        match result {
            Ok(_) => self.set(NotesState::Ready),
            Err(NotesError::Etherpad(
                e @ (EtherpadError::Unreachable { .. }
                | EtherpadError::Timeout { .. }
                | EtherpadError::BadKey { .. }
                | EtherpadError::Malformed { .. }),
            )) => self.set(NotesState::Unavailable(e.to_string())),
            // A refused call (code 1) is about its arguments: Etherpad answered.
            Err(_) => {}
        }
    }

    fn set(&self, new: NotesState) {
        let Some(inner) = &self.0 else { return };
        let ready = new == NotesState::Ready;
        let old = inner.state.send_replace(new.clone());
        if ready {
            inner.ever_ready.store(true, Ordering::Relaxed);
        }
        if old == new {
            return;
        }
        match (&old, &new) {
            (_, NotesState::Ready) => {
                tracing::info!(
                    url = %inner.config.url,
                    "Etherpad answers: collaborative notes are on"
                );
                // What could not be deleted while it was away goes now.
                inner.retry_all.store(true, Ordering::Relaxed);
                inner.trash_due.notify_one();
            }
            (NotesState::Ready, NotesState::Unavailable(why)) => {
                tracing::warn!("{why}; collaborative notes are unavailable until it answers")
            }
            (_, NotesState::Unavailable(why)) => {
                tracing::warn!("{why}; collaborative notes are off")
            }
            _ => {}
        }
    }
}
