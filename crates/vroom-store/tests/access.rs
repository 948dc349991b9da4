//! Sessions, room roles, bans and what deleting a room or a session takes with it, on every backend.

#[macro_use]
mod common;

use common::TestDb;
use common::fixtures::{count, name, room, session, token};
use vroom_core::Role;
use vroom_store::StoreError;

on_every_backend! {
    migrated: [
        sessions_create_find_touch_delete,
        delete_idle_returns_what_it_deleted,
        roles_upsert_get_revoke_count,
        revoke_participants_keeps_chairmen,
        concurrent_role_grants_do_not_fail,
        an_unknown_stored_role_is_an_error,
        deleting_a_room_cascades,
        deleting_sessions_cascades,
        bans_match_by_session_or_address,
        bans_lift_and_purge,
    ],
    empty: [],
}

// ---- Sessions ---------------------------------------------------------------------------------

async fn sessions_create_find_touch_delete(db: TestDb) {
    let sessions = db.store.sessions();
    let a = sessions.create(&token(1), "ref-a", 100).await.unwrap();
    assert!(a.id > 0);
    assert_eq!(
        (a.reference.as_str(), a.created_at, a.last_seen),
        ("ref-a", 100, 100)
    );
    let b = sessions.create(&token(2), "ref-b", 101).await.unwrap();
    assert_ne!(a.id, b.id);

    assert_eq!(sessions.find(&token(1)).await.unwrap().as_ref(), Some(&a));
    assert_eq!(sessions.find(&token(3)).await.unwrap(), None);

    // Both the token hash and the reference are unique.
    let err = sessions.create(&token(1), "ref-c", 102).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict), "{err:?}");
    let err = sessions.create(&token(3), "ref-a", 102).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict), "{err:?}");
    let err = sessions
        .create(&format!("{}0", token(3)), "ref-c", 102)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::TooLong { max: 64, .. }),
        "{err:?}"
    );
    let err = sessions
        .create(&token(3), &"r".repeat(33), 102)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::TooLong { max: 32, .. }),
        "{err:?}"
    );
    assert_eq!(count(&db, "sessions").await, 2);

    assert!(sessions.touch(a.id, 200).await.unwrap());
    assert!(sessions.touch(a.id, 200).await.unwrap());
    let found = sessions.find(&token(1)).await.unwrap().unwrap();
    assert_eq!((found.created_at, found.last_seen), (100, 200));
    assert!(!sessions.touch(b.id + 1_000, 200).await.unwrap());

    assert!(sessions.delete(a.id).await.unwrap());
    assert!(!sessions.delete(a.id).await.unwrap());
    assert_eq!(sessions.find(&token(1)).await.unwrap(), None);
    assert!(sessions.find(&token(2)).await.unwrap().is_some());
}

async fn delete_idle_returns_what_it_deleted(db: TestDb) {
    let sessions = db.store.sessions();
    assert!(sessions.delete_idle(1_000).await.unwrap().is_empty());
    let mut made = Vec::new();
    for (n, at) in [(1, 10), (2, 50), (3, 20), (4, 30)] {
        made.push(session(&db, n, at).await);
    }
    // Seen again since: not idle.
    assert!(sessions.touch(made[2].id, 60).await.unwrap());
    made[2].last_seen = 60;

    // "ref-4" is exactly at the limit (not older).
    let idle = sessions.delete_idle(30).await.unwrap();
    assert_eq!(idle, vec![made[0].clone()]);
    let idle = sessions.delete_idle(61).await.unwrap();
    assert_eq!(
        idle,
        vec![made[1].clone(), made[2].clone(), made[3].clone()]
    );
    assert_eq!(count(&db, "sessions").await, 0);
}

// ---- Roles ------------------------------------------------------------------------------------

async fn roles_upsert_get_revoke_count(db: TestDb) {
    let roles = db.store.roles();
    let a = room(&db, "room-a", 1).await;
    let b = room(&db, "room-b", 1).await;
    let s = session(&db, 1, 1).await;
    let t = session(&db, 2, 1).await;

    assert_eq!(roles.get(a.id, s.id).await.unwrap(), None);
    roles.set(a.id, s.id, Role::Participant, 10).await.unwrap();
    assert_eq!(
        roles.get(a.id, s.id).await.unwrap(),
        Some(Role::Participant)
    );
    // Set again: replaces, no duplicate key.
    roles.set(a.id, s.id, Role::Chairman, 20).await.unwrap();
    roles.set(a.id, s.id, Role::Chairman, 20).await.unwrap();
    assert_eq!(roles.get(a.id, s.id).await.unwrap(), Some(Role::Chairman));
    assert_eq!(count(&db, "room_roles").await, 1);
    assert_eq!(
        count(
            &db,
            "room_roles WHERE role = 'chairman' AND granted_at = 20"
        )
        .await,
        1
    );

    // Scoped to the room and to the session.
    assert_eq!(roles.get(b.id, s.id).await.unwrap(), None);
    assert_eq!(roles.get(a.id, t.id).await.unwrap(), None);
    roles.set(b.id, s.id, Role::Participant, 30).await.unwrap();
    assert_eq!(roles.get(a.id, s.id).await.unwrap(), Some(Role::Chairman));
    assert_eq!(
        roles.get(b.id, s.id).await.unwrap(),
        Some(Role::Participant)
    );

    roles.set(a.id, t.id, Role::Participant, 30).await.unwrap();
    assert_eq!(roles.count(a.id, Role::Chairman).await.unwrap(), 1);
    assert_eq!(roles.count(a.id, Role::Participant).await.unwrap(), 1);
    assert_eq!(roles.count(b.id, Role::Chairman).await.unwrap(), 0);

    assert!(roles.revoke(a.id, s.id).await.unwrap());
    assert!(!roles.revoke(a.id, s.id).await.unwrap());
    assert_eq!(roles.get(a.id, s.id).await.unwrap(), None);
    assert_eq!(
        roles.get(b.id, s.id).await.unwrap(),
        Some(Role::Participant)
    );

    // A role needs a room and a session that exist.
    let err = roles
        .set(b.id + 1_000, s.id, Role::Chairman, 1)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
    let err = roles
        .set(a.id, t.id + 1_000, Role::Chairman, 1)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
}

async fn revoke_participants_keeps_chairmen(db: TestDb) {
    let roles = db.store.roles();
    let a = room(&db, "room-a", 1).await;
    let b = room(&db, "room-b", 1).await;
    let mut s = Vec::new();
    for n in 0..4 {
        s.push(session(&db, n, 1).await);
    }
    roles.set(a.id, s[0].id, Role::Chairman, 1).await.unwrap();
    roles
        .set(a.id, s[1].id, Role::Participant, 1)
        .await
        .unwrap();
    roles
        .set(a.id, s[2].id, Role::Participant, 1)
        .await
        .unwrap();
    roles
        .set(b.id, s[3].id, Role::Participant, 1)
        .await
        .unwrap();

    assert_eq!(roles.revoke_participants(a.id).await.unwrap(), 2);
    assert_eq!(
        roles.get(a.id, s[0].id).await.unwrap(),
        Some(Role::Chairman)
    );
    assert_eq!(roles.get(a.id, s[1].id).await.unwrap(), None);
    assert_eq!(roles.count(a.id, Role::Participant).await.unwrap(), 0);
    // Other rooms keep theirs.
    assert_eq!(
        roles.get(b.id, s[3].id).await.unwrap(),
        Some(Role::Participant)
    );
    assert_eq!(roles.revoke_participants(a.id).await.unwrap(), 0);
}

async fn concurrent_role_grants_do_not_fail(db: TestDb) {
    let r = room(&db, "busy", 1).await;
    let s = session(&db, 1, 1).await;
    let mut tasks = Vec::new();
    for i in 0..8 {
        let store = db.store.clone();
        let role = if i % 2 == 0 {
            Role::Participant
        } else {
            Role::Chairman
        };
        tasks.push(tokio::spawn(async move {
            store.roles().set(r.id, s.id, role, i).await
        }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(count(&db, "room_roles").await, 1);
    assert!(db.store.roles().get(r.id, s.id).await.unwrap().is_some());
}

async fn an_unknown_stored_role_is_an_error(db: TestDb) {
    let r = room(&db, "odd", 1).await;
    let s = session(&db, 1, 1).await;
    db.store
        .roles()
        .set(r.id, s.id, Role::Chairman, 1)
        .await
        .unwrap();
    db.exec("UPDATE room_roles SET role = 'emperor'").await;
    let err = db.store.roles().get(r.id, s.id).await.unwrap_err();
    assert!(matches!(err, StoreError::Database(_)), "{err:?}");
    assert!(err.to_string().contains("emperor"), "{err}");
}

// ---- Cascades ---------------------------------------------------------------------------------

async fn deleting_a_room_cascades(db: TestDb) {
    let store = &db.store;
    let gone = room(&db, "gone", 1).await;
    let stays = room(&db, "stays", 1).await;
    let s = session(&db, 1, 1).await;
    for r in [&gone, &stays] {
        store
            .roles()
            .set(r.id, s.id, Role::Chairman, 1)
            .await
            .unwrap();
        store
            .bans()
            .add(r.id, Some(s.id), Some("192.0.2.1"), 100, 1)
            .await
            .unwrap();
        store
            .notify()
            .replace(r.id, &["a@example.org".to_owned()])
            .await
            .unwrap();
    }
    assert!(store.rooms().delete(&name("gone")).await.unwrap());
    assert_eq!(count(&db, "room_roles").await, 1);
    assert_eq!(count(&db, "room_bans").await, 1);
    assert_eq!(count(&db, "room_notify").await, 1);
    assert_eq!(
        store.roles().get(stays.id, s.id).await.unwrap(),
        Some(Role::Chairman)
    );

    // Expiry deletes the same way.
    let deleted = store
        .rooms()
        .delete_inactive(Some(10), None, &[])
        .await
        .unwrap();
    assert_eq!(deleted, ["stays"]);
    for table in ["room_roles", "room_bans", "room_notify"] {
        assert_eq!(count(&db, table).await, 0, "{table}");
    }
    // The session itself stays.
    assert!(store.sessions().find(&token(1)).await.unwrap().is_some());
}

async fn deleting_sessions_cascades(db: TestDb) {
    let store = &db.store;
    let r = room(&db, "room", 1).await;
    let s = session(&db, 1, 1).await;
    let t = session(&db, 2, 1).await;
    let u = session(&db, 3, 100).await;
    for x in [&s, &t, &u] {
        store
            .roles()
            .set(r.id, x.id, Role::Participant, 1)
            .await
            .unwrap();
        store
            .bans()
            .add(r.id, Some(x.id), None, 500, 1)
            .await
            .unwrap();
    }
    // A ban by address only belongs to no session.
    store
        .bans()
        .add(r.id, None, Some("2001:db8::1"), 500, 1)
        .await
        .unwrap();

    assert!(store.sessions().delete(s.id).await.unwrap());
    assert_eq!(store.roles().get(r.id, s.id).await.unwrap(), None);
    assert_eq!(count(&db, "room_roles").await, 2);
    assert_eq!(count(&db, "room_bans").await, 3);

    let idle = store.sessions().delete_idle(50).await.unwrap();
    assert_eq!(idle, vec![t.clone()]);
    assert_eq!(count(&db, "room_roles").await, 1);
    assert_eq!(count(&db, "room_bans").await, 2);
    assert_eq!(
        store.roles().get(r.id, u.id).await.unwrap(),
        Some(Role::Participant)
    );
    // The room is untouched.
    assert!(store.rooms().get(&name("room")).await.unwrap().is_some());
}

// ---- Bans -------------------------------------------------------------------------------------

async fn bans_match_by_session_or_address(db: TestDb) {
    let bans = db.store.bans();
    let a = room(&db, "room-a", 1).await;
    let b = room(&db, "room-b", 1).await;
    let s = session(&db, 1, 1).await;
    let t = session(&db, 2, 1).await;
    let ip = "198.51.100.7";

    assert_eq!(
        bans.active(a.id, Some(s.id), Some(ip), 0).await.unwrap(),
        None
    );
    bans.add(a.id, Some(s.id), None, 100, 10).await.unwrap();
    bans.add(a.id, None, Some(ip), 200, 10).await.unwrap();
    bans.add(a.id, Some(t.id), Some("203.0.113.9"), 150, 10)
        .await
        .unwrap();

    assert_eq!(
        bans.active(a.id, Some(s.id), None, 50).await.unwrap(),
        Some(100)
    );
    assert_eq!(
        bans.active(a.id, None, Some(ip), 50).await.unwrap(),
        Some(200)
    );
    // Either matches: the latest end wins.
    assert_eq!(
        bans.active(a.id, Some(s.id), Some(ip), 50).await.unwrap(),
        Some(200)
    );
    assert_eq!(
        bans.active(a.id, Some(t.id), Some("203.0.113.9"), 50)
            .await
            .unwrap(),
        Some(150)
    );
    // A new session from a banned address is still banned.
    assert_eq!(
        bans.active(a.id, None, Some("203.0.113.9"), 50)
            .await
            .unwrap(),
        Some(150)
    );
    // None matches nothing.
    assert_eq!(bans.active(a.id, None, None, 50).await.unwrap(), None);
    // Another room is not concerned.
    assert_eq!(
        bans.active(b.id, Some(s.id), Some(ip), 50).await.unwrap(),
        None
    );
    // Ended bans do not count; `until == now` has ended.
    assert_eq!(
        bans.active(a.id, Some(s.id), None, 100).await.unwrap(),
        None
    );
    assert_eq!(
        bans.active(a.id, Some(s.id), Some(ip), 150).await.unwrap(),
        Some(200)
    );
    assert_eq!(
        bans.active(a.id, Some(s.id), Some(ip), 200).await.unwrap(),
        None
    );

    // A ban naming nobody is not stored; bad references are refused.
    bans.add(a.id, None, None, 1_000, 10).await.unwrap();
    assert_eq!(count(&db, "room_bans").await, 3);
    let err = bans
        .add(a.id + b.id + 1_000, Some(s.id), None, 1, 1)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
    let err = bans
        .add(a.id, Some(t.id + 1_000), None, 1, 1)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
    let err = bans
        .add(a.id, None, Some(&"1".repeat(46)), 1, 1)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::TooLong { max: 45, .. }),
        "{err:?}"
    );
    let longest = "0000:0000:0000:0000:0000:ffff:255.255.255.255";
    bans.add(b.id, None, Some(longest), 1_000, 10)
        .await
        .unwrap();
    assert_eq!(
        bans.active(b.id, None, Some(longest), 10).await.unwrap(),
        Some(1_000)
    );
}

async fn bans_lift_and_purge(db: TestDb) {
    let bans = db.store.bans();
    let a = room(&db, "room-a", 1).await;
    let b = room(&db, "room-b", 1).await;
    for (r, addr, until) in [
        (&a, "192.0.2.1", 10),
        (&a, "192.0.2.2", 20),
        (&b, "192.0.2.3", 10),
        (&b, "192.0.2.4", 30),
    ] {
        bans.add(r.id, None, Some(addr), until, 1).await.unwrap();
    }
    // Ended before 20 (not at 20).
    assert_eq!(bans.purge(20).await.unwrap(), 2);
    assert_eq!(
        bans.active(a.id, None, Some("192.0.2.2"), 0).await.unwrap(),
        Some(20)
    );
    assert_eq!(bans.lift_all(a.id).await.unwrap(), 1);
    assert_eq!(bans.lift_all(a.id).await.unwrap(), 0);
    assert_eq!(
        bans.active(a.id, None, Some("192.0.2.2"), 0).await.unwrap(),
        None
    );
    assert_eq!(
        bans.active(b.id, None, Some("192.0.2.4"), 0).await.unwrap(),
        Some(30)
    );
    assert_eq!(count(&db, "room_bans").await, 1);
}
