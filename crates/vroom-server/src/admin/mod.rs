//! The administration area: its own accounts and sessions, the rooms and audit pages and their JSON
//! API, exports, and the control socket the command line uses.

pub mod accounts_cli;

use axum::Router;

use crate::state::AppState;

/// Limits and state of the administration area, shared by its handlers.
pub struct AdminState {}

impl AdminState {
    pub fn new(_config: &crate::config::AdminConfig) -> Self {
        AdminState {}
    }
}

/// The admin pages and API (`/admin/...`, `/api/admin/...`).
pub fn routes() -> Router<AppState> {
    Router::new()
}
