//! The administration area's HTML pages: shells rendered from templates, filled in by
//! `web/admin/*.js` from the admin API.

use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
