//! What every request handler and connection task shares.

use std::net::IpAddr;
use std::ops::Deref;
use std::sync::Arc;

use axum_extra::extract::cookie::Key;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tokio::sync::{Semaphore, watch};
use vroom_core::RoomName;
use vroom_store::Store;

use crate::admin::AdminState;
use crate::audit::Audit;
use crate::config::Config;
use crate::ice::IceProvider;
use crate::limits::AddressCounter;
use crate::mail::Mailer;
use crate::metrics::Metrics;
use crate::rooms::Registry;
use crate::sessions::Sessions;
use crate::templates::Templates;

/// Notes opened or cleared per client address and minute.
pub const NOTES_REQUESTS_PER_MINUTE: u32 = 120;

#[derive(Clone)]
pub struct AppState(Arc<AppInner>);

pub struct AppInner {
    pub config: Config,
    pub store: Store,
    pub registry: Registry,
    pub templates: Arc<Templates>,
    pub ice: IceProvider,
    pub room_creations: DefaultKeyedRateLimiter<IpAddr>,
    /// Password attempts per (room, client address).
    pub password_attempts: DefaultKeyedRateLimiter<(RoomName, IpAddr)>,
    /// Password attempts per client address, over all rooms (so many rooms do not mean many guesses).
    pub password_attempts_per_address: DefaultKeyedRateLimiter<IpAddr>,
    /// Settings changes per client address (each may hash passwords).
    pub settings_changes: DefaultKeyedRateLimiter<IpAddr>,
    /// Settings changes are read-modify-write of a room's row: one at a time, so none is lost.
    pub settings_lock: tokio::sync::Mutex<()>,
    pub audit: Audit,
    /// The administration area's limits and state.
    pub admin: AdminState,
    /// Collaborative notes: the rooms' pads on Etherpad, and whether it answers.
    pub notes: crate::notes::Notes,
    /// Notes opened or cleared per client address (each makes Etherpad sessions; an office behind one
    /// address opening the notes of one meeting at once stays well under it).
    pub notes_requests: DefaultKeyedRateLimiter<IpAddr>,
    /// The Content-Security-Policy of VROOM's own pages (which may frame the pads).
    pub csp: axum::http::HeaderValue,
    /// Mails: the queue and its worker (`enabled()` is false when mail is not configured).
    pub mailer: Mailer,
    /// Feedback messages per client address.
    pub feedback_sends: DefaultKeyedRateLimiter<IpAddr>,
    /// Invited addresses per room, and per client address.
    pub invitations_per_room: DefaultKeyedRateLimiter<i64>,
    pub invitations_per_client: DefaultKeyedRateLimiter<IpAddr>,
    /// Answers to invitations per client address (the token is the only proof: no guessing spree).
    pub invitation_answers: DefaultKeyedRateLimiter<IpAddr>,
    /// Encrypts the session cookie.
    pub cookie_key: Key,
    /// One permit per open WebSocket.
    pub connections: Arc<Semaphore>,
    /// Open WebSockets per client address.
    pub connections_per_address: Arc<AddressCounter>,
    /// Flips to true when the server shuts down, so connections close with "restarting".
    pub shutdown: watch::Receiver<bool>,
    /// This server's Prometheus metrics.
    pub metrics: Metrics,
}

impl AppState {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        config: Config,
        store: Store,
        registry: Registry,
        templates: Arc<Templates>,
        ice: IceProvider,
        audit: Audit,
        cookie_key: Key,
        mailer: Mailer,
        notes: crate::notes::Notes,
        shutdown: watch::Receiver<bool>,
    ) -> Self {
        let per_minute = std::num::NonZeroU32::new(config.limits.room_creations_per_minute)
            .unwrap_or(std::num::NonZeroU32::MIN);
        let per_minute_quota = |n: u32| {
            Quota::per_minute(std::num::NonZeroU32::new(n).unwrap_or(std::num::NonZeroU32::MIN))
        };
        let limits = &config.limits;
        let password_attempts = per_minute_quota(limits.password_attempts_per_minute);
        let password_attempts_per_address =
            per_minute_quota(limits.password_attempts_per_address_per_minute);
        let settings_changes = per_minute_quota(limits.settings_changes_per_minute);
        let per_hour_quota = |n: u32| {
            Quota::per_hour(std::num::NonZeroU32::new(n).unwrap_or(std::num::NonZeroU32::MIN))
        };
        let connections = Arc::new(Semaphore::new(config.limits.max_connections));
        let connections_per_address =
            AddressCounter::new(config.limits.max_connections_per_address);
        Self(Arc::new(AppInner {
            room_creations: RateLimiter::keyed(Quota::per_minute(per_minute)),
            password_attempts: RateLimiter::keyed(password_attempts),
            password_attempts_per_address: RateLimiter::keyed(password_attempts_per_address),
            settings_changes: RateLimiter::keyed(settings_changes),
            settings_lock: tokio::sync::Mutex::new(()),
            audit,
            admin: AdminState::new(&config.admin),
            csp: crate::http::security::content_security_policy(&notes),
            notes,
            notes_requests: RateLimiter::keyed(per_minute_quota(NOTES_REQUESTS_PER_MINUTE)),
            feedback_sends: RateLimiter::keyed(per_hour_quota(config.mail.feedback_per_hour)),
            invitations_per_room: RateLimiter::keyed(per_hour_quota(
                config.mail.invitations_per_room_per_hour,
            )),
            invitations_per_client: RateLimiter::keyed(per_hour_quota(
                config.mail.invitations_per_client_per_hour,
            )),
            invitation_answers: RateLimiter::keyed(per_minute_quota(10)),
            mailer,
            cookie_key,
            config,
            store,
            registry,
            templates,
            ice,
            connections,
            connections_per_address,
            shutdown,
            metrics: Metrics::new(),
        }))
    }
}

impl AppState {
    pub fn sessions(&self) -> Sessions<'_> {
        Sessions {
            store: &self.store,
            key: &self.cookie_key,
            audit: &self.audit,
            secure: self.config.server.public_url.starts_with("https://"),
        }
    }
}

impl Deref for AppState {
    type Target = AppInner;

    fn deref(&self) -> &AppInner {
        &self.0
    }
}
