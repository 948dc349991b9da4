//! Room settings (lock, name rule, passwords, limits) and room expiry, on every backend.

#[macro_use]
mod common;

use common::TestDb;
use common::fixtures::{count, name, room};
use vroom_store::{Room, StoreError};

on_every_backend! {
    migrated: [
        new_rooms_have_default_settings,
        settings_round_trip,
        save_settings_checks_its_input,
        list_orders_rooms_by_name,
        expiry_depends_on_the_kind_of_room,
    ],
    empty: [],
}

// ---- Room settings ----------------------------------------------------------------------------

async fn new_rooms_have_default_settings(db: TestDb) {
    let created = room(&db, "fresh", 5).await;
    assert!(!created.locked && !created.require_name && !created.persistent);
    assert_eq!(
        (&created.join_password, &created.owner_password),
        (&None, &None)
    );
    assert_eq!(created.max_members, 0);
    let got = db.store.rooms().get(&name("fresh")).await.unwrap();
    assert_eq!(got, Some(created));
}

async fn settings_round_trip(db: TestDb) {
    let rooms = db.store.rooms();
    let mut r = room(&db, "settings", 1).await;
    let other = room(&db, "neighbour", 1).await;
    let phc = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";
    r.locked = true;
    r.require_name = true;
    r.join_password = Some(phc.to_owned());
    r.owner_password = Some(format!("{phc}-owner"));
    r.max_members = 250;
    r.persistent = true;
    rooms.save_settings(&r).await.unwrap();
    assert_eq!(
        rooms.get(&name("settings")).await.unwrap().as_ref(),
        Some(&r)
    );
    // Only that room changed.
    assert_eq!(
        rooms.get(&name("neighbour")).await.unwrap().as_ref(),
        Some(&other)
    );
    // Saving the same values again is fine (MySQL reports matched rows, not changed ones).
    rooms.save_settings(&r).await.unwrap();

    // Clearing: back to NULL, not "" or "0".
    r.locked = false;
    r.join_password = None;
    r.owner_password = None;
    r.max_members = 0;
    rooms.save_settings(&r).await.unwrap();
    let got = rooms.get(&name("settings")).await.unwrap().unwrap();
    assert_eq!(got, r);
    assert!(got.require_name && got.persistent && !got.locked);
    assert_eq!(
        count(
            &db,
            "rooms WHERE join_password IS NULL AND owner_password IS NULL AND max_members = 0"
        )
        .await,
        2
    );

    // The column is a 32-bit INTEGER: larger limits are stored as the largest it holds.
    r.max_members = u32::MAX;
    rooms.save_settings(&r).await.unwrap();
    let got = rooms.get(&name("settings")).await.unwrap().unwrap();
    assert_eq!(got.max_members, i32::MAX as u32);

    // Touching does not disturb the settings, and the settings do not touch.
    rooms.touch(&name("settings"), 99).await.unwrap();
    let got = rooms.get(&name("settings")).await.unwrap().unwrap();
    assert_eq!((got.last_activity, got.created_at), (99, 1));
    assert!(got.persistent);
}

async fn save_settings_checks_its_input(db: TestDb) {
    let rooms = db.store.rooms();
    let mut r = room(&db, "gone-soon", 1).await;
    r.join_password = Some("x".repeat(256));
    let err = rooms.save_settings(&r).await.unwrap_err();
    assert!(
        matches!(err, StoreError::TooLong { max: 255, .. }),
        "{err:?}"
    );
    r.join_password = Some("é".repeat(255));
    rooms.save_settings(&r).await.unwrap();
    assert_eq!(
        rooms.get(&name("gone-soon")).await.unwrap().unwrap(),
        r.clone()
    );

    rooms.delete(&name("gone-soon")).await.unwrap();
    let err = rooms.save_settings(&r).await.unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
}

async fn list_orders_rooms_by_name(db: TestDb) {
    assert!(db.store.rooms().list().await.unwrap().is_empty());
    for n in ["b_x", "a-z", "b-a", "a_a", "c", "a"] {
        room(&db, n, 1).await;
    }
    let names: Vec<String> = db
        .store
        .rooms()
        .list()
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    // Byte order, whatever the database's collation.
    assert_eq!(names, ["a", "a-z", "a_a", "b-a", "b_x", "c"]);
}

async fn expiry_depends_on_the_kind_of_room(db: TestDb) {
    let rooms = db.store.rooms();
    let reserve = |mut r: Room| {
        r.owner_password = Some("$argon2id$owner".to_owned());
        r
    };
    room(&db, "normal-old", 10).await;
    room(&db, "normal-new", 100).await;
    room(&db, "normal-kept", 10).await;
    rooms
        .save_settings(&reserve(room(&db, "reserved-old", 10).await))
        .await
        .unwrap();
    rooms
        .save_settings(&reserve(room(&db, "reserved-mid", 50).await))
        .await
        .unwrap();
    let mut p = room(&db, "persistent-old", 10).await;
    p.persistent = true;
    rooms.save_settings(&p).await.unwrap();
    let mut pr = reserve(room(&db, "persistent-reserved", 10).await);
    pr.persistent = true;
    rooms.save_settings(&pr).await.unwrap();
    // A join password does not make a room reserved.
    let mut j = room(&db, "joinpw-old", 10).await;
    j.join_password = Some("$argon2id$join".to_owned());
    rooms.save_settings(&j).await.unwrap();

    // None: that kind never expires.
    let none: Vec<String> = Vec::new();
    assert_eq!(rooms.delete_inactive(None, None, &[]).await.unwrap(), none);
    assert_eq!(rooms.count().await.unwrap(), 8);

    // Normal rooms only; "normal-kept" has people in it.
    let deleted = rooms
        .delete_inactive(Some(60), None, &[name("normal-kept")])
        .await
        .unwrap();
    assert_eq!(deleted, ["joinpw-old", "normal-old"]);

    // Reserved rooms only, with their own limit; "reserved-old" is exactly at it (not older).
    let deleted = rooms.delete_inactive(None, Some(10), &[]).await.unwrap();
    assert_eq!(deleted, none);
    let deleted = rooms.delete_inactive(None, Some(60), &[]).await.unwrap();
    assert_eq!(deleted, ["reserved-mid", "reserved-old"]);

    // Both at once; persistent rooms stay whatever their age and kind.
    let deleted = rooms
        .delete_inactive(Some(1_000), Some(1_000), &[])
        .await
        .unwrap();
    assert_eq!(deleted, ["normal-kept", "normal-new"]);
    let left: Vec<String> = rooms
        .list()
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(left, ["persistent-old", "persistent-reserved"]);

    // No longer persistent: it goes.
    p.persistent = false;
    rooms.save_settings(&p).await.unwrap();
    let deleted = rooms
        .delete_inactive(Some(1_000), Some(1_000), &[])
        .await
        .unwrap();
    assert_eq!(deleted, ["persistent-old"]);
}
