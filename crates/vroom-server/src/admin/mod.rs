//! The administration area: its own accounts and sessions, the rooms and audit pages and their JSON
//! API, exports, and the control socket the command line uses.

pub mod accounts_cli;
pub mod api;
pub mod audit_export;
pub mod auth;
pub mod control;
pub mod export;
pub mod pages;
pub mod rooms_cli;

use std::net::IpAddr;

use axum::Router;
use axum::middleware;
use axum::routing::{get, post};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tokio::sync::OnceCell;

pub use auth::{Admin, AdminPage};

use crate::http::error::ApiError;
use crate::http::security;
use crate::passwords;
use crate::state::AppState;

/// Limits and state of the administration area, shared by its handlers.
pub struct AdminState {
    /// Login attempts per client address, and per account name (from anywhere).
    pub login_per_address: DefaultKeyedRateLimiter<IpAddr>,
    pub login_per_account: DefaultKeyedRateLimiter<String>,
    /// A hash checked when a login names no account, made once on first need.
    dummy_hash: OnceCell<String>,
    /// When this server started (Unix seconds), for the dashboard.
    pub started_at: i64,
}

impl AdminState {
    pub fn new(config: &crate::config::AdminConfig) -> Self {
        let per_minute = |n: u32| {
            Quota::per_minute(std::num::NonZeroU32::new(n).unwrap_or(std::num::NonZeroU32::MIN))
        };
        AdminState {
            login_per_address: RateLimiter::keyed(per_minute(config.login_attempts_per_minute)),
            login_per_account: RateLimiter::keyed(per_minute(
                config.login_attempts_per_account_per_minute,
            )),
            dummy_hash: OnceCell::new(),
            started_at: crate::clock::unix_now_i64(),
        }
    }

    pub async fn dummy_hash(&self) -> Result<String, ApiError> {
        self.dummy_hash
            .get_or_try_init(|| passwords::hash(crate::ids::secret_token()))
            .await
            .cloned()
            .map_err(crate::http::rooms::password_failure)
    }

    /// Forgets rate-limit keys that have recovered (run by the background job).
    pub fn retain_recent(&self) {
        self.login_per_address.retain_recent();
        self.login_per_account.retain_recent();
    }
}

/// The admin API proper, which the control socket serves too.
pub fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/api/admin/stats", get(api::stats))
        .route("/api/admin/rooms", get(api::rooms))
        .route(
            "/api/admin/rooms/{name}",
            get(api::room)
                .patch(api::update_room)
                .delete(api::delete_room),
        )
        .route("/api/admin/rooms/{name}/join", post(api::join_room))
        .route("/api/admin/rooms/{name}/end", post(api::end_room))
        .route("/api/admin/audit", get(api::audit))
        .route("/api/admin/audit/export.xlsx", get(audit_export::xlsx))
        .route("/api/admin/audit/export.csv", get(audit_export::csv))
}

/// The admin pages and API (`/admin/...`, `/api/admin/...`).
pub fn routes() -> Router<AppState> {
    api_routes()
        .route("/api/admin/login", post(auth::login))
        .route("/api/admin/logout", post(auth::logout))
        .route("/api/admin/me", get(auth::me))
        .merge(pages::routes())
        // Admin answers are about live state and private: never cached.
        .layer(middleware::from_fn(security::no_store))
}
