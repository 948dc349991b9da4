//! What every request handler and connection task shares.

use std::net::IpAddr;
use std::ops::Deref;
use std::sync::Arc;

use axum_extra::extract::cookie::Key;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tokio::sync::{Semaphore, watch};
use vroom_core::RoomName;
use vroom_store::Store;

use crate::audit::Audit;
use crate::config::Config;
use crate::ice::IceProvider;
use crate::limits::AddressCounter;
use crate::rooms::Registry;
use crate::sessions::Sessions;
use crate::templates::Templates;

#[derive(Clone)]
pub struct AppState(Arc<AppInner>);

pub struct AppInner {
    pub config: Config,
    pub store: Store,
    pub registry: Registry,
    pub templates: Templates,
    pub ice: IceProvider,
    pub room_creations: DefaultKeyedRateLimiter<IpAddr>,
    /// Password attempts per (room, client address).
    pub password_attempts: DefaultKeyedRateLimiter<(RoomName, IpAddr)>,
    pub audit: Audit,
    /// Encrypts the session cookie.
    pub cookie_key: Key,
    /// One permit per open WebSocket.
    pub connections: Arc<Semaphore>,
    /// Open WebSockets per client address.
    pub connections_per_address: Arc<AddressCounter>,
    /// Flips to true when the server shuts down, so connections close with "restarting".
    pub shutdown: watch::Receiver<bool>,
}

impl AppState {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        config: Config,
        store: Store,
        registry: Registry,
        templates: Templates,
        ice: IceProvider,
        audit: Audit,
        cookie_key: Key,
        shutdown: watch::Receiver<bool>,
    ) -> Self {
        let per_minute = std::num::NonZeroU32::new(config.limits.room_creations_per_minute)
            .unwrap_or(std::num::NonZeroU32::MIN);
        let attempts = std::num::NonZeroU32::new(config.limits.password_attempts_per_minute)
            .unwrap_or(std::num::NonZeroU32::MIN);
        let connections = Arc::new(Semaphore::new(config.limits.max_connections));
        let connections_per_address =
            AddressCounter::new(config.limits.max_connections_per_address);
        Self(Arc::new(AppInner {
            room_creations: RateLimiter::keyed(Quota::per_minute(per_minute)),
            password_attempts: RateLimiter::keyed(Quota::per_minute(attempts)),
            audit,
            cookie_key,
            config,
            store,
            registry,
            templates,
            ice,
            connections,
            connections_per_address,
            shutdown,
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
