//! The rooms' Etherpad groups and the trash of deleted rooms' groups, on every backend.

#[macro_use]
mod common;

use common::TestDb;
use common::fixtures::{name, room};
use vroom_store::{StoreError, TrashCounts};

on_every_backend! {
    migrated: [
        a_room_keeps_the_first_group_recorded,
        deleted_rooms_leave_their_group_in_the_trash,
        the_trash_is_retried_until_emptied,
    ],
    empty: [],
}

async fn a_room_keeps_the_first_group_recorded(db: TestDb) {
    let notes = db.store.notes();
    let r = room(&db, "standup", 1).await;
    assert_eq!(notes.group(r.id).await.unwrap(), None);
    assert_eq!(
        notes.set_group(r.id, "g.first").await.unwrap(),
        "g.first",
        "the first group recorded is the room's"
    );
    // A second request that made its own group in the meantime is told the first one.
    assert_eq!(notes.set_group(r.id, "g.second").await.unwrap(), "g.first");
    assert_eq!(notes.group(r.id).await.unwrap().as_deref(), Some("g.first"));

    assert!(matches!(notes.group(9999).await, Err(StoreError::NotFound)));
    assert!(matches!(
        notes.set_group(9999, "g.x").await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        notes.set_group(r.id, &"g".repeat(65)).await,
        Err(StoreError::TooLong { .. })
    ));
    // Another room has its own.
    let other = room(&db, "retro", 1).await;
    assert_eq!(
        notes.set_group(other.id, "g.other").await.unwrap(),
        "g.other"
    );
    assert_eq!(notes.group(r.id).await.unwrap().as_deref(), Some("g.first"));
}

async fn deleted_rooms_leave_their_group_in_the_trash(db: TestDb) {
    let notes = db.store.notes();
    let rooms = db.store.rooms();
    let with = room(&db, "with-notes", 1).await;
    room(&db, "without-notes", 1).await;
    let idle = room(&db, "idle-with-notes", 1).await;
    notes.set_group(with.id, "g.with").await.unwrap();
    notes.set_group(idle.id, "g.idle").await.unwrap();

    assert!(rooms.delete(&name("with-notes")).await.unwrap());
    assert!(rooms.delete(&name("without-notes")).await.unwrap());
    assert!(!rooms.delete(&name("with-notes")).await.unwrap());
    let groups: Vec<String> = notes
        .trashed()
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.group_id)
        .collect();
    assert_eq!(groups, ["g.with"], "a room without notes leaves nothing");

    // Expiry too; the groups are due at once, whatever the clock says.
    let deleted = rooms.delete_inactive(Some(1_000), None, &[]).await.unwrap();
    assert_eq!(deleted, ["idle-with-notes"]);
    let trashed = notes.trashed().await.unwrap();
    let groups: Vec<&str> = trashed.iter().map(|t| t.group_id.as_str()).collect();
    assert_eq!(groups, ["g.with", "g.idle"]);
    assert_eq!(notes.due(0, 10).await.unwrap().len(), 2);
    assert!(
        trashed
            .iter()
            .all(|t| t.attempts == 0 && t.last_error.is_none())
    );
}

async fn the_trash_is_retried_until_emptied(db: TestDb) {
    let notes = db.store.notes();
    assert_eq!(notes.trash_counts().await.unwrap(), TrashCounts::default());
    notes.trash("g.a", "room-a", 100).await.unwrap();
    notes.trash("g.b", "room-b", 100).await.unwrap();
    let due = notes.due(100, 10).await.unwrap();
    assert_eq!(due.len(), 2);
    assert_eq!(notes.due(100, 1).await.unwrap().len(), 1, "the limit holds");
    assert_eq!(notes.due(0, 10).await.unwrap().len(), 2, "due at once");

    // The first fails twice (the error kept, cut to fit), the second goes.
    let long_error = "Etherpad at http://pad cannot be reached: ".to_owned() + &"é".repeat(600);
    notes.failed(due[0].id, 160, &long_error).await.unwrap();
    notes.trash("g.c", "room-c", 100).await.unwrap();
    let c = notes
        .due(100, 10)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.group_id == "g.c")
        .unwrap();
    notes.failed(c.id, 170, "refused").await.unwrap();
    let counts = notes.trash_counts().await.unwrap();
    assert_eq!((counts.waiting, counts.failing), (3, 2));
    assert!(
        counts
            .last_error
            .as_deref()
            .unwrap()
            .starts_with("Etherpad at http://pad"),
        "the oldest failure's: {counts:?}"
    );
    notes.deleted(c.id).await.unwrap();
    notes.deleted(due[1].id).await.unwrap();
    assert_eq!(
        notes.trash_counts().await.unwrap(),
        TrashCounts {
            waiting: 1,
            failing: 1,
            last_error: counts.last_error.clone()
        }
    );
    assert!(notes.due(159, 10).await.unwrap().is_empty());
    let again = notes.due(160, 10).await.unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].group_id, "g.a");
    assert_eq!(again[0].attempts, 1);
    assert_eq!(again[0].created_at, 100);
    assert_eq!(again[0].room.as_deref(), Some("room-a"));
    let kept = again[0].last_error.as_deref().unwrap();
    assert_eq!(kept.chars().count(), 500);
    assert!(kept.starts_with("Etherpad at http://pad"));
    notes.failed(again[0].id, 300, "timeout").await.unwrap();
    let third = notes.due(300, 10).await.unwrap();
    assert_eq!(third[0].attempts, 2);
    assert_eq!(third[0].last_error.as_deref(), Some("timeout"));
    notes.deleted(third[0].id).await.unwrap();
    assert!(notes.trashed().await.unwrap().is_empty());
    // Deleting what is already gone is no error.
    notes.deleted(third[0].id).await.unwrap();
}
