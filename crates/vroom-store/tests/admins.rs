//! Admin accounts and their sessions, on every backend.

#[macro_use]
mod common;

use common::TestDb;
use vroom_store::StoreError;

on_every_backend! {
    migrated: [
        accounts_are_unique_listed_reset_and_removed,
        sessions_expire_end_on_logout_and_on_a_password_reset,
    ],
    empty: [],
}

async fn accounts_are_unique_listed_reset_and_removed(db: TestDb) {
    let admins = db.store.admins();
    let zoe = admins.create("zoe", "$argon2id$zoe", 10).await.unwrap();
    assert_eq!((zoe.username.as_str(), zoe.last_login_at), ("zoe", None));
    admins.create("al", "$argon2id$al", 11).await.unwrap();
    assert!(matches!(
        admins.create("zoe", "x", 12).await,
        Err(StoreError::Conflict)
    ));
    assert!(matches!(
        admins.create(&"n".repeat(65), "x", 12).await,
        Err(StoreError::TooLong { .. })
    ));
    let names: Vec<String> = admins
        .list()
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.username)
        .collect();
    assert_eq!(names, ["al", "zoe"]);
    assert!(admins.set_password("zoe", "$argon2id$new").await.unwrap());
    assert_eq!(
        admins.get("zoe").await.unwrap().unwrap().password_hash,
        "$argon2id$new"
    );
    assert!(!admins.set_password("nobody", "x").await.unwrap());
    assert!(admins.remove("al").await.unwrap());
    assert!(!admins.remove("al").await.unwrap());
    assert_eq!(admins.list().await.unwrap().len(), 1);
}

async fn sessions_expire_end_on_logout_and_on_a_password_reset(db: TestDb) {
    let admins = db.store.admins();
    let zoe = admins.create("zoe", "h", 10).await.unwrap();
    admins
        .open_session(zoe.id, &"a".repeat(64), 100, 200)
        .await
        .unwrap();
    admins
        .open_session(zoe.id, &"b".repeat(64), 100, 200)
        .await
        .unwrap();
    assert_eq!(
        admins.get("zoe").await.unwrap().unwrap().last_login_at,
        Some(100)
    );
    let found = admins
        .session(&"a".repeat(64), 150, 1000)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.admin.username, "zoe");
    assert_eq!(found.expires_at, 200);
    assert!(
        admins
            .session(&"a".repeat(64), 180, 20)
            .await
            .unwrap()
            .is_none(),
        "idle for 30 s, past an idle limit of 20 s"
    );
    assert!(
        admins
            .session(&"a".repeat(64), 165, 20)
            .await
            .unwrap()
            .is_some(),
        "seen at 150, 15 s ago"
    );
    assert!(
        admins
            .session(&"a".repeat(64), 200, 1000)
            .await
            .unwrap()
            .is_none(),
        "expired"
    );
    assert!(
        admins
            .session(&"c".repeat(64), 150, 1000)
            .await
            .unwrap()
            .is_none(),
        "unknown"
    );
    admins.close_session(&"a".repeat(64)).await.unwrap();
    assert!(
        admins
            .session(&"a".repeat(64), 150, 1000)
            .await
            .unwrap()
            .is_none(),
        "logged out"
    );
    assert!(
        admins
            .session(&"b".repeat(64), 150, 1000)
            .await
            .unwrap()
            .is_some()
    );
    admins.set_password("zoe", "h2").await.unwrap();
    assert!(
        admins
            .session(&"b".repeat(64), 150, 1000)
            .await
            .unwrap()
            .is_none(),
        "a reset ends every session"
    );
    admins
        .open_session(zoe.id, &"d".repeat(64), 100, 120)
        .await
        .unwrap();
    assert_eq!(admins.purge_sessions(130).await.unwrap(), 1);
    admins
        .open_session(zoe.id, &"e".repeat(64), 100, 900)
        .await
        .unwrap();
    assert!(admins.remove("zoe").await.unwrap());
    assert!(
        admins
            .session(&"e".repeat(64), 150, 1000)
            .await
            .unwrap()
            .is_none(),
        "gone with the account"
    );
}
