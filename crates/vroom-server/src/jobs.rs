//! Background work: deleting rooms nobody used for `rooms.inactivity_timeout` minutes.

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
pub async fn purge_inactive_rooms(store: &Store, registry: &Registry, timeout_minutes: u64) {
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use tokio::sync::mpsc;
    use vroom_core::RoomName;
    use vroom_core::protocol::{JoinRequest, Limits, PROTOCOL_VERSION};

    use super::*;
    use crate::ice::IceProvider;
    use crate::rooms::actor::RoomSettings;
    use crate::rooms::{Connection, Registry};

    fn name(s: &str) -> RoomName {
        RoomName::parse(s).unwrap()
    }

    #[tokio::test]
    async fn idle_rooms_go_but_busy_and_recent_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite://{}/t.db", dir.path().display()), 2)
            .await
            .unwrap();
        store.migrate().await.unwrap();
        let now = clock::unix_now_i64();
        let rooms = store.rooms();
        rooms.create(&name("old"), now - 7200).await.unwrap();
        rooms.create(&name("busy"), now - 7200).await.unwrap();
        rooms.create(&name("fresh"), now - 60).await.unwrap();

        let registry = Registry::spawn(RoomSettings {
            max_members: 0,
            limits: Limits {
                max_message_bytes: 1024,
                ping_interval_ms: 1000,
                reconnect_grace_ms: 1000,
            },
            reconnect_grace: Duration::from_secs(1),
            ice: IceProvider::new(Default::default()),
            on_activity: Arc::new(|_| {}),
        });
        let busy = registry.open(name("busy")).await.unwrap();
        let (tx, _rx) = mpsc::channel(16);
        let request = JoinRequest {
            protocol: PROTOCOL_VERSION,
            room: "busy".into(),
            name: String::new(),
            audio: true,
            video: true,
            resume: None,
        };
        busy.join(Connection { id: 1, tx }, request).await.unwrap();

        purge_inactive_rooms(&store, &registry, 60).await;
        assert!(rooms.get(&name("old")).await.unwrap().is_none());
        assert!(rooms.get(&name("busy")).await.unwrap().is_some());
        assert!(rooms.get(&name("fresh")).await.unwrap().is_some());
        assert_eq!(registry.live_rooms().await.unwrap(), vec![name("busy")]);
    }
}
