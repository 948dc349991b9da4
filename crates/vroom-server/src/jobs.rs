//! Background work, once a minute: deleting rooms nobody used for their inactivity timeout (reserved
//! rooms have their own), sessions idle for `sessions.idle_days`, and bans that ran out.

use std::time::Duration;

use tokio::sync::watch;

use crate::audit::{Audit, Event, Who};
use crate::clock;
use crate::config::Config;
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
            purge_inactive_rooms(&app.store, &app.registry, &app.config, &app.audit).await;
            // Expired rooms' notes wait in the trash; the notes worker looks at it every minute too.
            app.notes_requests.retain_recent();
            purge_old_records(&app.store, &app.config, &app.audit).await;
            app.room_creations.retain_recent();
            app.password_attempts.retain_recent();
            app.password_attempts_per_address.retain_recent();
            app.settings_changes.retain_recent();
            app.audit.retain_recent();
            app.admin.retain_recent();
        }
    });
}

/// `minutes` ago as unix time, or None for 0 (never).
fn cutoff(now: i64, minutes: u64) -> Option<i64> {
    (minutes > 0)
        .then(|| now.saturating_sub(i64::try_from(minutes.saturating_mul(60)).unwrap_or(i64::MAX)))
}

/// Deletes rooms idle past their timeout (`rooms.inactivity_timeout`, or
/// `rooms.reserved_inactivity_timeout` for reserved rooms), never one with people in it.
pub async fn purge_inactive_rooms(
    store: &Store,
    registry: &Registry,
    config: &Config,
    audit: &Audit,
) {
    let Ok(live) = registry.live_rooms().await else {
        return;
    };
    let now = clock::unix_now_i64();
    let normal = cutoff(now, config.rooms.inactivity_timeout);
    let reserved = cutoff(now, config.rooms.reserved_inactivity_timeout);
    if normal.is_none() && reserved.is_none() {
        return;
    }
    match store.rooms().delete_inactive(normal, reserved, &live).await {
        Ok(deleted) => {
            for name in deleted {
                audit.record(
                    Event::RoomExpired,
                    &Who::server(),
                    Some(&name),
                    format!("room {name} deleted after its inactivity timeout"),
                );
            }
        }
        Err(e) => tracing::error!(error = %e, "could not delete inactive rooms"),
    }
}

/// Ends sessions idle for `sessions.idle_days` (their roles go with them), forgets old bans and
/// deletes audit entries older than `log.audit_retention_days`.
pub async fn purge_old_records(store: &Store, config: &Config, audit: &Audit) {
    let now = clock::unix_now_i64();
    if let Some(before) = cutoff(now, config.sessions.idle_days * 24 * 60) {
        match store.sessions().delete_idle(before).await {
            // One entry per run, not per session: a purge of many must not flood the audit.
            Ok(ended) if !ended.is_empty() => {
                const LISTED: usize = 50;
                let mut refs: Vec<&str> = ended.iter().map(|s| s.reference.as_str()).collect();
                let more = refs.len().saturating_sub(LISTED);
                refs.truncate(LISTED);
                let tail = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                audit.record(
                    Event::SessionEnded,
                    &Who::server(),
                    None,
                    format!(
                        "{} idle session(s) ended: {}{tail}",
                        ended.len(),
                        refs.join(", ")
                    ),
                );
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "could not end idle sessions"),
        }
    }
    if let Err(e) = store.admins().purge_sessions(now).await {
        tracing::warn!(error = %e, "could not purge ended admin sessions");
    }
    if let Err(e) = store.bans().purge(now).await {
        tracing::error!(error = %e, "could not forget old bans");
    }
    if let Some(before) = cutoff(now, config.log.audit_retention_days * 24 * 60)
        && let Err(e) = store.audit().purge(before).await
    {
        tracing::error!(error = %e, "could not delete old audit entries");
    }
    if let Err(e) = store.invitations().purge_expired(now).await {
        tracing::error!(error = %e, "could not delete expired invitations");
    }
    // Sent and given-up mails hold addresses and texts: kept only `mail.queue.keep_days`.
    if let Some(before) = cutoff(now, config.mail.queue.keep_days.max(1) * 24 * 60)
        && let Err(e) = store.mail_queue().purge_done(before).await
    {
        tracing::error!(error = %e, "could not delete old mails");
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
    use crate::rooms::{Connection, Entrant, Registry, RoomShared};

    fn name(s: &str) -> RoomName {
        RoomName::parse(s).unwrap()
    }

    async fn test_store(dir: &tempfile::TempDir) -> Store {
        let url = format!("sqlite://{}/t.db", dir.path().display());
        let store = Store::connect(&url, 2).await.unwrap();
        store.migrate().await.unwrap();
        store
    }

    #[tokio::test]
    async fn idle_rooms_go_but_busy_and_recent_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let store = test_store(&dir).await;
        let now = clock::unix_now_i64();
        let rooms = store.rooms();
        rooms.create(&name("old"), now - 7200).await.unwrap();
        rooms.create(&name("busy"), now - 7200).await.unwrap();
        rooms.create(&name("fresh"), now - 60).await.unwrap();
        let mut reserved = rooms.create(&name("kept"), now - 7200).await.unwrap();
        reserved.owner_password = Some("$argon2id$stand-in".into());
        rooms.save_settings(&reserved).await.unwrap();

        let audit = Audit::spawn(store.clone());
        let mut config = Config::default();
        config.rooms.inactivity_timeout = 60;
        config.rooms.reserved_inactivity_timeout = 0;
        let registry = Registry::spawn(RoomShared {
            rooms: config.rooms.clone(),
            store: store.clone(),
            audit: audit.clone(),
            limits: Limits {
                max_message_bytes: 1024,
                ping_interval_ms: 1000,
                reconnect_grace_ms: 1000,
            },
            reconnect_grace: Duration::from_secs(1),
            ice: IceProvider::new(Default::default()),
            on_activity: Arc::new(|_| {}),
            on_join: Arc::new(|_, _| {}),
            on_notes_session_end: Arc::new(|_| {}),
        });
        let busy = registry.open(name("busy")).await.unwrap();
        let (tx, _rx) = mpsc::channel(16);
        let request = JoinRequest {
            protocol: PROTOCOL_VERSION,
            room: "busy".into(),
            name: String::new(),
            audio: true,
            video: true,
            colour: None,
            screen: false,
            resume: None,
        };
        let entrant = Entrant {
            session_id: None,
            reference: "test".into(),
            ip: std::net::Ipv4Addr::LOCALHOST.into(),
            granted: None,
            banned_for: None,
            invited: false,
        };
        busy.join(Connection { id: 1, tx }, request, entrant)
            .await
            .unwrap();

        purge_inactive_rooms(&store, &registry, &config, &audit).await;
        assert!(rooms.get(&name("old")).await.unwrap().is_none());
        // Reserved rooms follow their own timeout, here 0: never.
        assert!(rooms.get(&name("kept")).await.unwrap().is_some());
        assert!(rooms.get(&name("busy")).await.unwrap().is_some());
        assert!(rooms.get(&name("fresh")).await.unwrap().is_some());
        assert_eq!(registry.live_rooms().await.unwrap(), vec![name("busy")]);
    }

    #[tokio::test]
    async fn idle_sessions_old_bans_and_old_audit_go() {
        let dir = tempfile::tempdir().unwrap();
        let store = test_store(&dir).await;
        let now = clock::unix_now_i64();
        let day = 24 * 3600;
        let sessions = store.sessions();
        let idle = sessions
            .create("idle-hash", "idle-ref", now - 40 * day)
            .await
            .unwrap();
        let busy = sessions
            .create("busy-hash", "busy-ref", now - day)
            .await
            .unwrap();
        let room = store.rooms().create(&name("banned"), now).await.unwrap();
        store
            .bans()
            .add(room.id, None, Some("192.0.2.1"), now - 10, now - 100)
            .await
            .unwrap();
        let old = vroom_store::AuditEntry {
            at: now - 400 * day,
            event: "joined".into(),
            ip: None,
            user_ref: None,
            room: None,
            message: "long ago".into(),
        };
        store.audit().record(&old).await.unwrap();

        let audit = Audit::spawn(store.clone());
        let config = Config::default();
        purge_old_records(&store, &config, &audit).await;
        assert!(sessions.find("idle-hash").await.unwrap().is_none());
        assert_eq!(
            sessions.find("busy-hash").await.unwrap().map(|s| s.id),
            Some(busy.id)
        );
        assert_eq!(
            store.bans().purge(i64::MAX).await.unwrap(),
            0,
            "the ended ban is gone"
        );
        let mut rows = Vec::new();
        for _ in 0..50 {
            rows = store.audit().list(0, i64::MAX, 100).await.unwrap();
            if rows.iter().any(|r| r.event == "session_ended") {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(rows.iter().all(|r| r.message != "long ago"));
        let ended = rows.iter().find(|r| r.event == "session_ended").unwrap();
        assert!(ended.message.contains(&idle.reference), "{}", ended.message);
        assert!(!ended.message.contains("busy-ref"), "{}", ended.message);
    }
}
