//! The store against every available backend: SQLite always, PostgreSQL and MariaDB/MySQL when
//! `VROOM_TEST_POSTGRES_URL` / `VROOM_TEST_MYSQL_URL` are set (see `common/mod.rs`).

#[macro_use]
mod common;

use common::TestDb;
use vroom_core::RoomName;
use vroom_store::{Backend, LATEST_SCHEMA, MigrationReport, Store, StoreError};

on_every_backend! {
    migrated: [
        migrate_is_idempotent,
        create_and_get,
        duplicate_name_is_a_conflict,
        concurrent_creations_have_one_winner,
        touch_updates_last_activity,
        delete_removes_the_room,
        delete_inactive_spares_recent_and_kept_rooms,
        count_follows_creations_and_deletions,
        schema_too_new_is_refused_and_nothing_changes,
    ],
    empty: [
        migrate_an_empty_database,
        schema_too_new_on_a_foreign_database_creates_nothing,
    ],
}

fn name(raw: &str) -> RoomName {
    RoomName::parse(raw).expect("valid room name")
}

const VERSION_TABLE_ROWS: &str = "SELECT COUNT(*) FROM schema_version";

async fn migrate_an_empty_database(db: TestDb) {
    let store = &db.store;
    assert_eq!(store.schema_version().await.unwrap(), 0);
    let report = store.migrate().await.unwrap();
    assert_eq!(
        report,
        MigrationReport {
            from: 0,
            to: LATEST_SCHEMA
        }
    );
    assert_eq!(Store::LATEST_SCHEMA, LATEST_SCHEMA);
    assert_eq!(store.schema_version().await.unwrap(), LATEST_SCHEMA);
    assert_eq!(db.scalar(VERSION_TABLE_ROWS).await, LATEST_SCHEMA);
    assert_eq!(store.rooms().count().await.unwrap(), 0);
}

async fn migrate_is_idempotent(db: TestDb) {
    let store = &db.store;
    store.rooms().create(&name("kept"), 5).await.unwrap();
    for _ in 0..3 {
        let report = store.migrate().await.unwrap();
        assert_eq!(
            report,
            MigrationReport {
                from: LATEST_SCHEMA,
                to: LATEST_SCHEMA
            }
        );
    }
    // A second store on the same database (a restart) sees the same.
    let again = Store::connect(&db.url, 2).await.unwrap();
    assert_eq!(again.migrate().await.unwrap().from, LATEST_SCHEMA);
    assert_eq!(again.rooms().count().await.unwrap(), 1);
    again.close().await;
    assert_eq!(db.scalar(VERSION_TABLE_ROWS).await, LATEST_SCHEMA);
}

async fn schema_too_new_is_refused_and_nothing_changes(db: TestDb) {
    let store = &db.store;
    store.rooms().create(&name("old-room"), 7).await.unwrap();
    let newer = LATEST_SCHEMA + 6;
    db.exec(&format!(
        "INSERT INTO schema_version (version, description, applied_at) \
         VALUES ({newer}, 'from the future', 0)"
    ))
    .await;

    let err = store.migrate().await.unwrap_err();
    assert!(
        matches!(err, StoreError::SchemaTooNew { found, supported } if found == newer && supported == LATEST_SCHEMA),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "the database schema is version {newer} but this vroom only knows up to {LATEST_SCHEMA}: \
             upgrade vroom or use another database"
        )
    );
    assert_eq!(store.schema_version().await.unwrap(), newer);
    assert_eq!(db.scalar(VERSION_TABLE_ROWS).await, LATEST_SCHEMA + 1);
    let room = store.rooms().get(&name("old-room")).await.unwrap().unwrap();
    assert_eq!(room.last_activity, 7);
}

async fn schema_too_new_on_a_foreign_database_creates_nothing(db: TestDb) {
    db.exec(
        "CREATE TABLE schema_version (version BIGINT NOT NULL PRIMARY KEY, \
         description VARCHAR(255) NOT NULL, applied_at BIGINT NOT NULL)",
    )
    .await;
    db.exec("INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'x', 0)")
        .await;
    let err = db.store.migrate().await.unwrap_err();
    assert!(
        matches!(err, StoreError::SchemaTooNew { found: 99, supported } if supported == LATEST_SCHEMA),
        "{err:?}"
    );
    // No `rooms` table was created.
    assert!(db.store.rooms().count().await.is_err());
    assert_eq!(db.scalar(VERSION_TABLE_ROWS).await, 1);
}

async fn create_and_get(db: TestDb) {
    let rooms = db.store.rooms();
    let created = rooms
        .create(&name("Team-Sync_2"), 1_700_000_000)
        .await
        .unwrap();
    assert!(created.id > 0);
    assert_eq!(created.name, "team-sync_2");
    assert_eq!(created.created_at, 1_700_000_000);
    assert_eq!(created.last_activity, 1_700_000_000);

    // Any case finds it: RoomName lower-cases.
    let got = rooms.get(&name("TEAM-SYNC_2")).await.unwrap();
    assert_eq!(got.as_ref(), Some(&created));
    assert_eq!(rooms.get(&name("team-sync")).await.unwrap(), None);

    let longest = "x".repeat(vroom_core::room_name::MAX_ROOM_NAME_LEN);
    let other = rooms.create(&name(&longest), 1_700_000_001).await.unwrap();
    assert_ne!(other.id, created.id);
    assert_eq!(other.name, longest);
    assert_eq!(rooms.get(&name(&longest)).await.unwrap(), Some(other));

    let random = RoomName::random([7; 12]);
    let r = rooms.create(&random, 3).await.unwrap();
    assert_eq!(r.name, random.as_str());
}

async fn duplicate_name_is_a_conflict(db: TestDb) {
    let rooms = db.store.rooms();
    let first = rooms.create(&name("abc"), 10).await.unwrap();
    let err = rooms.create(&name("ABC"), 20).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict), "{err:?}");
    assert_eq!(rooms.count().await.unwrap(), 1);
    assert_eq!(rooms.get(&name("abc")).await.unwrap(), Some(first));
    // The store is still usable after the failed insert (transaction rolled back).
    rooms.create(&name("abd"), 30).await.unwrap();
    assert_eq!(rooms.count().await.unwrap(), 2);
}

async fn concurrent_creations_have_one_winner(db: TestDb) {
    let mut tasks = Vec::new();
    for i in 0..6 {
        let store = db.store.clone();
        tasks.push(tokio::spawn(async move {
            store.rooms().create(&name("race"), i).await
        }));
    }
    let (mut won, mut conflicts) = (0, 0);
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => won += 1,
            Err(StoreError::Conflict) => conflicts += 1,
            Err(e) => panic!("unexpected error: {e:?}"),
        }
    }
    assert_eq!((won, conflicts), (1, 5));
    assert_eq!(db.store.rooms().count().await.unwrap(), 1);
}

async fn touch_updates_last_activity(db: TestDb) {
    let rooms = db.store.rooms();
    rooms.create(&name("t"), 100).await.unwrap();
    assert!(rooms.touch(&name("T"), 200).await.unwrap());
    let room = rooms.get(&name("t")).await.unwrap().unwrap();
    assert_eq!((room.created_at, room.last_activity), (100, 200));
    // Same value again: still "exists" (MySQL counts matched rows, not changed ones).
    assert!(rooms.touch(&name("t"), 200).await.unwrap());
    assert!(!rooms.touch(&name("missing"), 300).await.unwrap());
    assert_eq!(rooms.get(&name("missing")).await.unwrap(), None);
}

async fn delete_removes_the_room(db: TestDb) {
    let rooms = db.store.rooms();
    rooms.create(&name("gone"), 1).await.unwrap();
    rooms.create(&name("stays"), 1).await.unwrap();
    assert!(rooms.delete(&name("Gone")).await.unwrap());
    assert_eq!(rooms.get(&name("gone")).await.unwrap(), None);
    assert!(!rooms.delete(&name("gone")).await.unwrap());
    assert!(rooms.get(&name("stays")).await.unwrap().is_some());
    // The name is free again.
    let again = rooms.create(&name("gone"), 2).await.unwrap();
    assert_eq!(again.created_at, 2);
}

async fn delete_inactive_spares_recent_and_kept_rooms(db: TestDb) {
    let rooms = db.store.rooms();
    assert_eq!(
        rooms.delete_inactive(Some(1_000), None, &[]).await.unwrap(),
        Vec::<String>::new()
    );
    for (n, t) in [("d", 40), ("a", 10), ("c", 30), ("b", 20), ("e", 35)] {
        rooms.create(&name(n), t).await.unwrap();
    }
    // "b" is old but has people in it; "e" is exactly at the limit (not older); "d" is recent.
    let deleted = rooms
        .delete_inactive(Some(35), None, &[name("b"), name("zz-not-a-room")])
        .await
        .unwrap();
    assert_eq!(deleted, vec!["a".to_owned(), "c".to_owned()]);
    assert_eq!(rooms.count().await.unwrap(), 3);
    assert_eq!(rooms.get(&name("a")).await.unwrap(), None);
    assert!(rooms.get(&name("b")).await.unwrap().is_some());

    // A touched room is no longer inactive.
    assert!(rooms.touch(&name("b"), 1_000).await.unwrap());
    let deleted = rooms.delete_inactive(Some(999), None, &[]).await.unwrap();
    assert_eq!(deleted, vec!["d".to_owned(), "e".to_owned()]);
    assert_eq!(rooms.count().await.unwrap(), 1);
}

async fn count_follows_creations_and_deletions(db: TestDb) {
    let rooms = db.store.rooms();
    assert_eq!(rooms.count().await.unwrap(), 0);
    for n in ["one", "two", "three"] {
        rooms.create(&name(n), 1).await.unwrap();
    }
    assert_eq!(rooms.count().await.unwrap(), 3);
    rooms.delete(&name("two")).await.unwrap();
    assert_eq!(rooms.count().await.unwrap(), 2);
}

// ---- SQLite specifics -------------------------------------------------------------------------

#[tokio::test]
async fn sqlite_creates_directory_and_file_in_wal_mode() {
    let dir = std::env::temp_dir().join(format!("vroom-store-test-{}", common::unique_suffix()));
    let file = dir.join("a/b/vroom.db");
    // The `sqlite:path` form (no `//`), with an upper-case scheme.
    let store = Store::connect(&format!("SQLITE:{}", file.display()), 2)
        .await
        .unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    assert!(file.exists(), "{} was not created", file.display());
    store.migrate().await.unwrap();
    store.rooms().create(&name("x"), 1).await.unwrap();
    store.close().await;

    let db = TestDb {
        store: Store::connect(&format!("sqlite://{}", file.display()), 1)
            .await
            .unwrap(),
        url: format!("sqlite://{}", file.display()),
        backend: Backend::Sqlite,
    };
    assert_eq!(db.store.rooms().count().await.unwrap(), 1);
    db.store.close().await;
    let mode: String = {
        use sqlx::Connection;
        let mut c = sqlx::sqlite::SqliteConnection::connect(&db.url)
            .await
            .unwrap();
        sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&mut c)
            .await
            .unwrap()
    };
    assert_eq!(mode, "wal");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn sqlite_in_memory_works() {
    let store = Store::connect("sqlite::memory:", 8).await.unwrap();
    assert_eq!(store.schema_version().await.unwrap(), 0);
    store.migrate().await.unwrap();
    store.rooms().create(&name("mem"), 1).await.unwrap();
    assert_eq!(store.rooms().count().await.unwrap(), 1);
    assert!(matches!(
        store.rooms().create(&name("mem"), 2).await,
        Err(StoreError::Conflict)
    ));
    store.close().await;
}

/// Slow (the pool waits 30 s for a refused server to come up): `cargo test -- --ignored`.
#[tokio::test]
#[ignore]
async fn connect_reports_unreachable_servers_without_the_password() {
    // Port 1 on loopback: refused at once.
    let err = Store::connect("postgres://u:s3cr3t@127.0.0.1:1/db", 1)
        .await
        .unwrap_err();
    eprintln!("{err}");
    assert!(matches!(err, StoreError::Connect { .. }), "{err:?}");
    assert!(!err.to_string().contains("s3cr3t"), "{err}");
    let err = Store::connect("mariadb://u:s3cr3t@127.0.0.1:1/db", 1)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Connect { .. }), "{err:?}");
    assert!(!err.to_string().contains("s3cr3t"), "{err}");
    eprintln!("{err}");
}

#[tokio::test]
async fn connect_errors_are_clear() {
    let err = Store::connect("postgres://u:s3cr3t@localhost:notaport/db", 1)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Connect {
                backend: Backend::Postgres,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with("cannot connect to the PostgreSQL database: "),
        "{err}"
    );
    assert!(!err.to_string().contains("s3cr3t"), "{err}");

    let err = Store::connect(
        "mysql://root@127.0.0.1:3306/db?no-such-option=1&ssl-mode=bogus",
        1,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Connect {
                backend: Backend::MySql,
                ..
            }
        ),
        "{err:?}"
    );

    // A directory cannot be created under a regular file.
    let file = std::env::temp_dir().join(format!("vroom-store-test-{}", common::unique_suffix()));
    std::fs::write(&file, b"").unwrap();
    let err = Store::connect(&format!("sqlite://{}/sub/vroom.db", file.display()), 1)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::CreateDirectory { .. }), "{err:?}");
    assert!(err.to_string().contains("for the SQLite database"), "{err}");
    let _ = std::fs::remove_file(file);
}

#[tokio::test]
async fn scheme_aliases_postgresql_and_mariadb() {
    for (var, from, to, backend) in [
        (
            common::POSTGRES_VAR,
            "postgres:",
            "postgresql:",
            Backend::Postgres,
        ),
        (common::MYSQL_VAR, "mysql:", "mariadb:", Backend::MySql),
    ] {
        let Ok(url) = std::env::var(var) else {
            eprintln!("skipped: {var} is not set");
            continue;
        };
        let Some(rest) = url.strip_prefix(from) else {
            eprintln!("skipped: {var} does not start with {from}");
            continue;
        };
        let store = Store::connect(&format!("{to}{rest}"), 1).await.unwrap();
        assert_eq!(store.backend(), backend);
        // Read-only: the shared database is not migrated here.
        assert!(store.schema_version().await.unwrap() >= 0);
        store.close().await;
    }
}
