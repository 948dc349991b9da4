//! Background work: deleting rooms nobody used for `rooms.inactivity_timeout` minutes.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use crate::clock;
use crate::rooms::Registry;
use crate::state::AppState;
use vroom_store::Store;

const PERIOD: Duration = Duration::from_secs(60);

pub fn spawn(app: AppState, mut shutdown: watch::Receiver<bool>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(PERIOD);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = shutdown.changed() => return,
            }
            let timeout = app.config.rooms.inactivity_timeout;
            if timeout > 0 {
                purge_inactive_rooms(&app.store, &app.registry, timeout).await;
            }
            app.room_creations.retain_recent();
        }
    });
}

/// Deletes rooms idle for more than `timeout_minutes`, never one with people in it.
pub async fn purge_inactive_rooms(store: &Arc<Store>, registry: &Registry, timeout_minutes: u64) {
    let Ok(live) = registry.live_rooms().await else {
        return;
    };
    let idle = i64::try_from(timeout_minutes.saturating_mul(60)).unwrap_or(i64::MAX);
    let before = clock::unix_now_i64().saturating_sub(idle);
    match store.rooms().delete_inactive(before, &live).await {
        Ok(deleted) if !deleted.is_empty() => {
            tracing::info!(count = deleted.len(), rooms = ?deleted, "inactive rooms deleted");
        }
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "could not delete inactive rooms"),
    }
}
