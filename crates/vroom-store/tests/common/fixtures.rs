//! Small builders shared by the store's test files.

use vroom_core::RoomName;
use vroom_store::{Room, Session};

use super::TestDb;

pub fn name(raw: &str) -> RoomName {
    RoomName::parse(raw).expect("valid room name")
}

pub async fn room(db: &TestDb, raw: &str, at: i64) -> Room {
    db.store.rooms().create(&name(raw), at).await.unwrap()
}

/// A session whose token hash and reference derive from `n`.
pub async fn session(db: &TestDb, n: u32, at: i64) -> Session {
    db.store
        .sessions()
        .create(&token(n), &format!("ref-{n}"), at)
        .await
        .unwrap()
}

/// What a hex SHA-256 looks like: 64 hex digits.
pub fn token(n: u32) -> String {
    format!("{n:064x}")
}

pub async fn count(db: &TestDb, table: &str) -> i64 {
    db.scalar(&format!("SELECT COUNT(*) FROM {table}")).await
}
