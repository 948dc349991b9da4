//! Notification addresses, the audit log and server secrets, on every backend.

#[macro_use]
mod common;

use common::TestDb;
use common::fixtures::{count, name, room};
use vroom_store::{AuditEntry, StoreError};

on_every_backend! {
    migrated: [
        notify_replace_reports_changes,
        concurrent_notify_replacements_serialise,
        audit_record_list_count_purge,
        audit_cuts_long_and_multi_byte_values,
        secrets_keep_the_first_value,
        concurrent_secret_creations_agree,
    ],
    empty: [],
}

// ---- Notification addresses -------------------------------------------------------------------

fn emails(list: &[&str]) -> Vec<String> {
    list.iter().map(|e| (*e).to_owned()).collect()
}

async fn notify_replace_reports_changes(db: TestDb) {
    let notify = db.store.notify();
    let a = room(&db, "room-a", 1).await;
    let b = room(&db, "room-b", 1).await;
    assert!(notify.list(a.id).await.unwrap().is_empty());

    let (added, removed) = notify
        .replace(
            a.id,
            &emails(&["zoe@example.org", "al@example.org", "zoe@example.org"]),
        )
        .await
        .unwrap();
    assert_eq!(added, emails(&["al@example.org", "zoe@example.org"]));
    assert!(removed.is_empty());
    assert_eq!(
        notify.list(a.id).await.unwrap(),
        emails(&["al@example.org", "zoe@example.org"])
    );

    notify
        .replace(b.id, &emails(&["al@example.org"]))
        .await
        .unwrap();
    let (added, removed) = notify
        .replace(
            a.id,
            &emails(&["zoe@example.org", "Bo@example.org", "bo@example.org"]),
        )
        .await
        .unwrap();
    // Stored as given: the caller normalises case if it wants to.
    assert_eq!(added, emails(&["Bo@example.org", "bo@example.org"]));
    assert_eq!(removed, emails(&["al@example.org"]));
    assert_eq!(
        notify.list(a.id).await.unwrap(),
        emails(&["Bo@example.org", "bo@example.org", "zoe@example.org"])
    );

    // Same list again: nothing changes.
    let (added, removed) = notify
        .replace(a.id, &notify.list(a.id).await.unwrap())
        .await
        .unwrap();
    assert!(added.is_empty() && removed.is_empty());

    let (added, removed) = notify.replace(a.id, &[]).await.unwrap();
    assert!(added.is_empty());
    assert_eq!(removed.len(), 3);
    assert!(notify.list(a.id).await.unwrap().is_empty());
    // The other room's list is its own.
    assert_eq!(
        notify.list(b.id).await.unwrap(),
        emails(&["al@example.org"])
    );

    let long = format!("{}@example.org", "x".repeat(243));
    let err = notify
        .replace(b.id, &[long, "new@example.org".to_owned()])
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::TooLong { max: 254, .. }),
        "{err:?}"
    );
    assert_eq!(
        notify.list(b.id).await.unwrap(),
        emails(&["al@example.org"])
    );
    let longest = format!("{}@example.org", "é".repeat(242));
    notify
        .replace(b.id, std::slice::from_ref(&longest))
        .await
        .unwrap();
    assert_eq!(notify.list(b.id).await.unwrap(), vec![longest]);

    let err = notify
        .replace(a.id + b.id + 1_000, &emails(&["x@example.org"]))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
}

async fn concurrent_notify_replacements_serialise(db: TestDb) {
    let r = room(&db, "busy", 1).await;
    let lists: Vec<Vec<String>> = (0..6)
        .map(|i| {
            emails(&["common@example.org"])
                .into_iter()
                .chain([format!("n{i}@example.org")])
                .collect()
        })
        .collect();
    let mut tasks = Vec::new();
    for list in lists.clone() {
        let store = db.store.clone();
        tasks.push(tokio::spawn(async move {
            store.notify().replace(r.id, &list).await
        }));
    }
    let mut added_total = 0;
    let mut removed_total = 0;
    for task in tasks {
        let (added, removed) = task.await.unwrap().unwrap();
        added_total += added.len();
        removed_total += removed.len();
    }
    // Each replacement saw the previous one's result: the changes add up to the final list.
    let last = db.store.notify().list(r.id).await.unwrap();
    assert!(lists.contains(&last), "{last:?}");
    assert_eq!(added_total - removed_total, last.len());
    assert_eq!(added_total, 2 + 5);
}

// ---- Audit ------------------------------------------------------------------------------------

fn entry(at: i64, event: &str) -> AuditEntry {
    AuditEntry {
        at,
        event: event.to_owned(),
        ip: Some("192.0.2.10".to_owned()),
        user_ref: Some("ref-1".to_owned()),
        room: Some("room-a".to_owned()),
        message: format!("{event} at {at}"),
    }
}

async fn audit_record_list_count_purge(db: TestDb) {
    let audit = db.store.audit();
    assert_eq!(audit.count().await.unwrap(), 0);
    assert!(audit.list(0, i64::MAX, 10).await.unwrap().is_empty());
    // Recorded out of time order: the list follows the recording order.
    for (at, event) in [
        (100, "room_created"),
        (300, "room_locked"),
        (200, "member_banned"),
    ] {
        audit.record(&entry(at, event)).await.unwrap();
    }
    audit
        .record(&AuditEntry {
            at: 400,
            event: "session_expired".to_owned(),
            ip: None,
            user_ref: None,
            room: None,
            message: String::new(),
        })
        .await
        .unwrap();
    assert_eq!(audit.count().await.unwrap(), 4);

    let all = audit.list(0, i64::MAX, 100).await.unwrap();
    let events: Vec<&str> = all.iter().map(|r| r.event.as_str()).collect();
    assert_eq!(
        events,
        [
            "room_created",
            "room_locked",
            "member_banned",
            "session_expired"
        ]
    );
    assert!(all.windows(2).all(|w| w[0].id < w[1].id));
    let first = &all[0];
    assert_eq!(first.at, 100);
    assert_eq!(first.ip.as_deref(), Some("192.0.2.10"));
    assert_eq!(first.user_ref.as_deref(), Some("ref-1"));
    assert_eq!(first.room.as_deref(), Some("room-a"));
    assert_eq!(first.message, "room_created at 100");
    let last = &all[3];
    assert_eq!(
        (&last.ip, &last.user_ref, &last.room),
        (&None, &None, &None)
    );
    assert_eq!(last.message, "");

    // Inclusive range.
    let ranged: Vec<i64> = audit
        .list(200, 300, 100)
        .await
        .unwrap()
        .iter()
        .map(|r| r.at)
        .collect();
    assert_eq!(ranged, [300, 200]);
    let limited: Vec<i64> = audit
        .list(0, 1_000, 2)
        .await
        .unwrap()
        .iter()
        .map(|r| r.at)
        .collect();
    assert_eq!(limited, [100, 300]);
    assert!(audit.list(301, 399, 100).await.unwrap().is_empty());

    // The log outlives rooms.
    room(&db, "room-a", 1).await;
    db.store.rooms().delete(&name("room-a")).await.unwrap();
    assert_eq!(audit.count().await.unwrap(), 4);

    // Older than 300 (not at 300).
    assert_eq!(audit.purge(300).await.unwrap(), 2);
    let left: Vec<i64> = audit
        .list(0, i64::MAX, 100)
        .await
        .unwrap()
        .iter()
        .map(|r| r.at)
        .collect();
    assert_eq!(left, [300, 400]);
}

async fn audit_cuts_long_and_multi_byte_values(db: TestDb) {
    let audit = db.store.audit();
    audit
        .record(&AuditEntry {
            at: 1,
            event: "e".repeat(41),
            ip: Some("1".repeat(46)),
            user_ref: Some("🎉".repeat(33)),
            room: Some("é".repeat(65)),
            message: format!("{}x", "日".repeat(8000)),
        })
        .await
        .unwrap();
    audit
        .record(&AuditEntry {
            at: 2,
            event: "exact".to_owned(),
            ip: Some("1".repeat(45)),
            user_ref: Some("é".repeat(32)),
            room: Some("r".repeat(64)),
            message: "NUL \0 inside, and 😀".to_owned(),
        })
        .await
        .unwrap();
    let got = audit.list(0, 10, 10).await.unwrap();
    assert_eq!(got.len(), 2);
    let cut = &got[0];
    assert_eq!(cut.event, "e".repeat(40));
    assert_eq!(cut.ip.as_deref(), Some("1".repeat(45).as_str()));
    assert_eq!(cut.user_ref.as_deref(), Some("🎉".repeat(32).as_str()));
    assert_eq!(cut.room.as_deref(), Some("é".repeat(64).as_str()));
    assert_eq!(cut.message, "日".repeat(8000));
    let exact = &got[1];
    assert_eq!(exact.user_ref.as_deref(), Some("é".repeat(32).as_str()));
    assert_eq!(exact.room.as_deref(), Some("r".repeat(64).as_str()));
    assert_eq!(exact.message, "NUL \u{FFFD} inside, and 😀");
}

// ---- Secrets ----------------------------------------------------------------------------------

async fn secrets_keep_the_first_value(db: TestDb) {
    let secrets = db.store.secrets();
    let first = secrets
        .get_or_create("cookie-key", "first", 10)
        .await
        .unwrap();
    assert_eq!(first, "first");
    let again = secrets
        .get_or_create("cookie-key", "second", 20)
        .await
        .unwrap();
    assert_eq!(again, "first");
    let other = secrets
        .get_or_create("turn-key", "other", 20)
        .await
        .unwrap();
    assert_eq!(other, "other");
    assert_eq!(count(&db, "secrets WHERE created_at = 10").await, 1);
    assert_eq!(count(&db, "secrets").await, 2);

    let err = secrets
        .get_or_create(&"n".repeat(65), "v", 1)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::TooLong { max: 64, .. }),
        "{err:?}"
    );
    let err = secrets
        .get_or_create("n", &"v".repeat(256), 1)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::TooLong { max: 255, .. }),
        "{err:?}"
    );
}

async fn concurrent_secret_creations_agree(db: TestDb) {
    let mut tasks = Vec::new();
    for i in 0..8 {
        let store = db.store.clone();
        tasks.push(tokio::spawn(async move {
            store
                .secrets()
                .get_or_create("shared", &format!("candidate-{i}"), i)
                .await
        }));
    }
    let mut values = Vec::new();
    for task in tasks {
        values.push(task.await.unwrap().unwrap());
    }
    assert!(values.windows(2).all(|w| w[0] == w[1]), "{values:?}");
    assert!(values[0].starts_with("candidate-"));
    assert_eq!(count(&db, "secrets").await, 1);
}
