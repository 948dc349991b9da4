//! The ownership story on every database the server supports: roles, bans, settings and the audit
//! (with no secret in it) behave the same on SQLite, PostgreSQL and MariaDB/MySQL.

mod common;

use std::time::Duration;

use common::{FreshDb, TestServer, User, id_of};
use serde_json::json;

async fn story(s: &TestServer) {
    let chair = User::new(s);
    assert_eq!(chair.create("story").await.0, 201);
    let (status, body) = chair
        .patch(
            "story",
            json!({"join_password": "join-pw-Secret", "owner_password": "owner-pw-Secret",
                   "max_members": 3, "notify": ["ops@example.org"]}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let guest = User::new(s);
    guest.visit("story").await;
    assert_eq!(guest.auth("story", "guess-pw-Secret").await.0, 401);
    assert_eq!(guest.auth("story", "join-pw-Secret").await.0, 200);
    let (mut chair_ws, _) = chair.join("story", "Chair").await;
    let (mut guest_ws, welcome) = guest.join("story", "Guest").await;
    let _ = chair_ws.next().await;
    chair_ws
        .send(json!({"type":"moderate","action":"kick","target":id_of(&welcome)}))
        .await;
    assert_eq!(guest_ws.closed().await, Some(4403));
    let (_, refused) = guest.try_join("story", "Guest").await;
    assert_eq!(refused["code"], "banned");
    assert!(guest.status("story").await["role"].is_null());
    assert_eq!(
        chair.status("story").await["notify"],
        json!(["ops@example.org"])
    );

    let store = vroom_store::Store::connect(&s.db_url, 1).await.unwrap();
    let mut rows = Vec::new();
    for _ in 0..50 {
        rows = store.audit().list(0, i64::MAX, 1000).await.unwrap();
        if rows.iter().any(|r| r.event == "kicked") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    store.close().await;
    let text: String = rows
        .iter()
        .map(|r| format!("{} {} {:?}\n", r.event, r.message, r.user_ref))
        .collect();
    for event in [
        "room_created",
        "room_changed",
        "notify_changed",
        "role_changed",
        "joined",
        "kicked",
    ] {
        assert!(text.contains(event), "no {event}:\n{text}");
    }
    assert!(text.contains("owner_password: unset -> set"), "{text}");
    for secret in [
        "join-pw-Secret",
        "owner-pw-Secret",
        "guess-pw-Secret",
        "$argon2",
    ] {
        assert!(!text.contains(secret), "the audit leaks {secret}:\n{text}");
    }
}

async fn on(var: &str) {
    let Some(db) = FreshDb::create(var).await else {
        return;
    };
    let url = db.url.clone();
    let s = TestServer::start_with(|c| c.database.url = url).await;
    story(&s).await;
    drop(s);
    db.drop().await;
}

#[tokio::test]
async fn ownership_story_on_sqlite() {
    story(&TestServer::start().await).await;
}

#[tokio::test]
async fn ownership_story_on_postgres() {
    on("VROOM_TEST_POSTGRES_URL").await;
}

#[tokio::test]
async fn ownership_story_on_mysql() {
    on("VROOM_TEST_MYSQL_URL").await;
}
