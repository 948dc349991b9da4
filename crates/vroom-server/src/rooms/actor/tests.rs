//! The actor through a real registry and store: ending and deleting a meeting, joins racing a deletion.

use std::net::Ipv4Addr;

use vroom_core::protocol::{PROTOCOL_VERSION, ResumeRequest};

use super::*;
use crate::config::Config;
use crate::rooms::Registry;
use crate::rooms::handle::{CONNECTION_QUEUE, next_conn_id};

async fn registry_with_room(dir: &tempfile::TempDir, room: &RoomName) -> Registry {
    let url = format!("sqlite://{}/t.db", dir.path().display());
    let store = Store::connect(&url, 2).await.unwrap();
    store.migrate().await.unwrap();
    store
        .rooms()
        .create(room, clock::unix_now_i64())
        .await
        .unwrap();
    Registry::spawn(RoomShared {
        rooms: Config::default().rooms,
        limits: Limits {
            max_message_bytes: 1024,
            ping_interval_ms: 1000,
            reconnect_grace_ms: 60_000,
        },
        reconnect_grace: Duration::from_secs(60),
        ice: IceProvider::new(Default::default()),
        audit: Audit::spawn(store.clone()),
        store,
        on_activity: Arc::new(|_| {}),
        on_join: Arc::new(|_, _| {}),
        on_notes_session_end: Arc::new(|_| {}),
    })
}

fn request(name: &str, resume: Option<ResumeRequest>) -> JoinRequest {
    JoinRequest {
        protocol: PROTOCOL_VERSION,
        room: "standup".into(),
        name: name.into(),
        audio: true,
        video: true,
        colour: None,
        screen: false,
        resume,
    }
}

fn entrant(reference: &str, last: u8) -> Entrant {
    Entrant {
        session_id: None,
        reference: reference.into(),
        ip: Ipv4Addr::new(192, 0, 2, last).into(),
        granted: None,
        banned_for: None,
        invited: false,
    }
}

/// Joins through the registry as a connection task does; returns the id and the connection's queue.
async fn join(
    registry: &Registry,
    room: &RoomName,
    request: JoinRequest,
    entrant: Entrant,
) -> (ParticipantId, mpsc::Receiver<Outbound>) {
    let (tx, rx) = mpsc::channel(CONNECTION_QUEUE);
    let handle = registry.open(room.clone()).await.unwrap();
    let conn = Connection {
        id: next_conn_id(),
        tx,
    };
    let id = handle.join(conn, request, entrant).await.unwrap();
    (id, rx)
}

/// Every message queued for a connection so far, as JSON, and the close if one came.
fn drain(rx: &mut mpsc::Receiver<Outbound>) -> (Vec<serde_json::Value>, Option<(u16, String)>) {
    let mut frames = Vec::new();
    let mut close = None;
    while let Ok(out) = rx.try_recv() {
        match out {
            Outbound::Frame(text) => frames.push(serde_json::from_str(&text).unwrap()),
            Outbound::Close { code, reason } => close = Some((code, reason.to_owned())),
        }
    }
    (frames, close)
}

#[tokio::test]
async fn ending_tells_everyone_closes_with_4410_forgets_the_lost_and_stops() {
    let dir = tempfile::tempdir().unwrap();
    let room = RoomName::parse("standup").unwrap();
    let registry = registry_with_room(&dir, &room).await;

    let (ada, mut ada_rx) = join(&registry, &room, request("Ada", None), entrant("s-ada", 1)).await;
    let (_bob, mut bob_rx) =
        join(&registry, &room, request("Bob", None), entrant("s-bob", 2)).await;
    let (cy, mut cy_rx) = join(&registry, &room, request("Cy", None), entrant("s-cy", 3)).await;
    let (cy_frames, _) = drain(&mut cy_rx);
    let cy_token = cy_frames[0]["resume_token"].as_str().unwrap().to_owned();
    let handle = registry.find(room.clone()).await.unwrap().unwrap();
    // Cy's network drops: the room keeps the place for the grace period.
    assert!(handle.drop_connection(cy.clone()).await);

    assert_eq!(registry.live().await.unwrap(), vec![(room.clone(), 3)]);
    let people = registry.participants(room.clone()).await.unwrap();
    let names: Vec<&str> = people.iter().map(|p| p.info.name.as_str()).collect();
    assert_eq!(names, ["Ada", "Bob", "Cy"], "in the order they came");
    assert_eq!(people[0].info.id, ada);
    assert_eq!(people[0].session, "s-ada");
    assert_eq!(people[0].ip, IpAddr::from(Ipv4Addr::new(192, 0, 2, 1)));
    assert!((clock::unix_now_i64() - people[0].joined_at).abs() < 60);
    assert!(!people[2].info.connected);

    assert_eq!(
        registry.end(room.clone(), EndReason::Ended).await.unwrap(),
        3
    );
    for rx in [&mut ada_rx, &mut bob_rx] {
        let (frames, close) = drain(rx);
        assert_eq!(
            frames.last(),
            Some(&serde_json::json!({"type": "ended", "reason": "ended"})),
            "`ended` is the last message, after everything else"
        );
        assert!(
            !frames.iter().any(|f| f["type"] == "participant_left"),
            "nobody is told of departures nobody stays to see"
        );
        assert_eq!(close, Some((CLOSE_ENDED, "meeting ended".to_owned())));
        assert!(
            rx.recv().await.is_none(),
            "the room let go of the connection"
        );
    }

    // The actor stopped: nothing is live, asking again finds nobody.
    tokio::time::timeout(Duration::from_secs(5), async {
        while !handle.is_closed() {
            tokio::task::yield_now().await;
        }
    })
    .await
    .unwrap();
    assert_eq!(registry.live().await.unwrap(), vec![]);
    assert!(
        registry
            .participants(room.clone())
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        registry
            .end(room.clone(), EndReason::Deleted)
            .await
            .unwrap(),
        0
    );
    assert_eq!(handle.end(EndReason::Ended).await, 0);

    // Cy, who was reconnecting, comes back to a fresh meeting: its place went with the old one.
    let resume = ResumeRequest {
        participant: cy.clone(),
        token: cy_token,
    };
    let (again, mut again_rx) = join(
        &registry,
        &room,
        request("Cy", Some(resume)),
        entrant("s-cy", 3),
    )
    .await;
    assert_ne!(again, cy);
    let (frames, _) = drain(&mut again_rx);
    assert_eq!(frames[0]["type"], "welcome");
    assert_eq!(frames[0]["resumed"], false);
    assert_eq!(frames[0]["participants"], serde_json::json!([]));
    assert_eq!(registry.live().await.unwrap(), vec![(room.clone(), 1)]);
}

#[tokio::test]
async fn deleting_says_so_in_the_message_and_the_close() {
    let dir = tempfile::tempdir().unwrap();
    let room = RoomName::parse("standup").unwrap();
    let registry = registry_with_room(&dir, &room).await;
    let (_ada, mut rx) = join(&registry, &room, request("Ada", None), entrant("s-ada", 1)).await;
    assert_eq!(
        registry
            .end(room.clone(), EndReason::Deleted)
            .await
            .unwrap(),
        1
    );
    let (frames, close) = drain(&mut rx);
    assert_eq!(
        frames.last(),
        Some(&serde_json::json!({"type": "ended", "reason": "deleted"}))
    );
    assert_eq!(close, Some((CLOSE_ENDED, "room deleted".to_owned())));
}

#[tokio::test]
async fn a_join_racing_a_deletion_is_told_the_room_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let room = RoomName::parse("standup").unwrap();
    let registry = registry_with_room(&dir, &room).await;
    // Deleted after the connection task checked it, before the actor read it.
    let url = format!("sqlite://{}/t.db", dir.path().display());
    let store = Store::connect(&url, 1).await.unwrap();
    assert!(store.rooms().delete(&room).await.unwrap());
    let (tx, _rx) = mpsc::channel(CONNECTION_QUEUE);
    let handle = registry.open(room.clone()).await.unwrap();
    let conn = Connection {
        id: next_conn_id(),
        tx,
    };
    match handle
        .join(conn, request("Ana", None), entrant("a", 1))
        .await
    {
        Err(JoinRefused::Refused { code, .. }) => assert_eq!(code, ErrorCode::RoomNotFound),
        other => panic!("expected room_not_found, got {other:?}"),
    }
}
