//! Rooms people own: passwords, settings, chairman actions and their limits, sessions, and the audit
//! trail, end to end through the real server.

mod common;

use std::time::Duration;

use common::scene::{Scene, drain, eventually_audit, wait_for};
use common::{TestServer, User, audit_entries, id_of};
use serde_json::json;

#[tokio::test]
async fn join_password_flow_over_the_websocket() {
    let scene = Scene::new().await;
    let (mut inside, _) = scene.pat.join("main", "Pat").await;
    let (status, _) = scene
        .chair
        .patch("main", json!({"join_password": "letmein"}))
        .await;
    assert_eq!(status, 200);
    // People inside hear of it, and stay.
    let notice = wait_for(&mut inside, "room_settings").await.unwrap();
    assert_eq!(notice["changed"], json!(["join_password"]));
    assert_eq!(notice["settings"]["join_password"], true);
    // A newcomer needs it.
    let guest = User::new(&scene.s);
    guest.visit("main").await;
    assert_eq!(guest.status("main").await["password_required"], true);
    let (mut ws, first) = guest.try_join("main", "Guest").await;
    assert_eq!(first["code"], "password_required");
    assert_eq!(ws.closed().await, Some(4403));
    assert_eq!(
        guest.auth("main", "nope").await.1["error"],
        "wrong_password"
    );
    assert_eq!(guest.auth("main", "letmein").await.1["role"], "participant");
    guest.join("main", "Guest").await;
    // Pat was admitted under no password: leaving and coming back needs the new one.
    inside.send(json!({"type":"leave"})).await;
    let _ = inside.closed().await;
    let (_, first) = scene.pat.try_join("main", "Pat").await;
    assert_eq!(first["code"], "password_required");
}

#[tokio::test]
async fn settings_are_checked_and_announced() {
    let scene = Scene::with(|c| c.rooms.max_members = 10).await;
    let (mut chair_ws, _) = scene.chair.join("main", "Chair").await;
    let (status, body) = scene.chair.patch("main", json!({"max_members": 11})).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_settings"))
    );
    assert!(body["message"].as_str().unwrap().contains("max_members"));
    let (status, body) = scene
        .chair
        .patch("main", json!({"max_members": 2, "require_name": true}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["settings"]["member_limit"], 2);
    let notice = wait_for(&mut chair_ws, "room_settings").await.unwrap();
    assert_eq!(notice["by"]["name"], "Chair");
    assert_eq!(notice["changed"], json!(["require_name", "max_members"]));
    // A required name refuses the nameless; the limit counts everyone.
    let (_, first) = scene.pat.try_join("main", "  ").await;
    assert_eq!(first["code"], "name_required");
    let (_pat, _) = scene.pat.join("main", "Pat").await;
    let third = User::new(&scene.s);
    let page = scene
        .s
        .http
        .get(format!("{}/main", scene.s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 503);
    assert_eq!(page.headers()["retry-after"], "15");
    let html = page.text().await.unwrap();
    assert!(
        html.contains("This meeting is full") && html.contains("limit of 2 people"),
        "{html}"
    );
    assert_eq!(third.status("main").await["full"], true);
    let (_, first) = third.try_join("main", "Third").await;
    assert_eq!(first["code"], "room_full");
    // Common names cannot be reserved; notify lists are checked and private to chairmen.
    let common = User::new(&scene.s);
    assert_eq!(common.create("demo").await.0, 201);
    let (status, body) = common
        .patch("demo", json!({"owner_password": "longenough"}))
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("common_room_name"))
    );
    assert_eq!(common.status("demo").await["settings"]["common_name"], true);
    let (status, _) = scene
        .chair
        .patch("main", json!({"notify": ["not-an-address"]}))
        .await;
    assert_eq!(status, 400);
    let (status, body) = scene
        .chair
        .patch(
            "main",
            json!({"notify": ["b@example.org", "a@example.org"]}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["notify"], json!(["a@example.org", "b@example.org"]));
    assert_eq!(
        scene.chair.status("main").await["notify"],
        json!(["a@example.org", "b@example.org"])
    );
    assert!(scene.pat.status("main").await.get("notify").is_none());
    let (status, body) = scene
        .chair
        .patch("main", json!({"owner_password": "short"}))
        .await;
    assert_eq!(status, 400, "{body}");
}

#[tokio::test]
async fn owner_password_claims_the_chair_live() {
    let scene = Scene::new().await;
    scene
        .chair
        .patch("main", json!({"owner_password": "the-owner-pw"}))
        .await;
    let (mut pat, welcome) = scene.pat.join("main", "Pat").await;
    assert_eq!(welcome["you"]["role"], "participant");
    assert_eq!(welcome["settings"]["owner_password"], true);
    assert_eq!(
        scene.pat.auth("main", "the-owner-pw").await.1["role"],
        "chairman"
    );
    let update = wait_for(&mut pat, "participant_updated").await.unwrap();
    assert_eq!(update["participant"]["role"], "chairman");
    // And can now act.
    let (status, _) = scene.pat.patch("main", json!({"locked": true})).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn promote_lasts_beyond_the_connection() {
    let scene = Scene::new().await;
    let (mut chair, _) = scene.chair.join("main", "Chair").await;
    let (mut pat, w) = scene.pat.join("main", "Pat").await;
    chair
        .send(json!({"type":"moderate","action":"promote","target":id_of(&w)}))
        .await;
    let notice = wait_for(&mut pat, "moderated").await.unwrap();
    assert_eq!(notice["action"], "promoted");
    assert_eq!(scene.pat.status("main").await["role"], "chairman");
    pat.send(json!({"type":"leave"})).await;
    let _ = pat.closed().await;
    let (_, w) = scene.pat.join("main", "Pat").await;
    assert_eq!(w["you"]["role"], "chairman");
}

#[tokio::test]
async fn the_audit_tells_the_story_without_secrets() {
    let scene = Scene::new().await;
    let (mut chair, _) = scene.chair.join("main", "Chair").await;
    scene
        .chair
        .patch("main", json!({"locked": true, "notify": ["x@example.org"]}))
        .await;
    let (_, refused) = User::new(&scene.s).try_join("main", "Late").await;
    assert_eq!(refused["code"], "locked");
    scene.chair.patch("main", json!({"locked": false})).await;
    let (_pat, w) = scene.pat.join("main", "Pat").await;
    chair
        .send(json!({"type":"moderate","action":"kick","target":id_of(&w)}))
        .await;
    wait_for(&mut chair, "participant_left").await;
    let mut forged = scene.pat.connect().await;
    forged
        .send(json!({"type":"join","protocol":1,"room":"main",
            "resume":{"participant":"someoneelse","token":"guess"}}))
        .await;
    let _ = forged.next().await;
    scene.anon.patch("main", json!({"locked": true})).await;

    let rows = eventually_audit(&scene.s, |rows| {
        rows.iter().any(|r| r.event == "forged_identifier")
            && rows.iter().any(|r| r.event == "action_denied")
    })
    .await;
    let events: Vec<&str> = rows.iter().map(|r| r.event.as_str()).collect();
    for expected in [
        "session_created",
        "room_created",
        "room_changed",
        "notify_changed",
        "join_refused",
        "joined",
        "kicked",
        "forged_identifier",
        "action_allowed",
        "action_denied",
    ] {
        assert!(events.contains(&expected), "no {expected} in {events:?}");
    }
    let changed = rows.iter().find(|r| r.event == "room_changed").unwrap();
    assert_eq!(changed.message, "locked: false -> true");
    assert_eq!(changed.room.as_deref(), Some("main"));
    assert!(changed.ip.as_deref() == Some("127.0.0.1"));
    assert!(changed.user_ref.as_deref().is_some_and(|u| u.len() == 12));
    let refused = rows.iter().find(|r| r.event == "join_refused").unwrap();
    assert!(refused.message.contains("locked"), "{}", refused.message);
    for row in &rows {
        assert!(row.at > 1_700_000_000, "UTC unix time: {}", row.at);
    }
}

#[tokio::test]
async fn sessions_and_roles_survive_a_restart_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/kept.db", dir.path().display());
    let first_url = url.clone();
    let mut s = TestServer::start_with(|c| c.database.url = first_url).await;
    let chair = User::new(&s);
    assert_eq!(chair.create("kept").await.0, 201);
    let cookie = chair.cookie();
    s.server.take().unwrap().shutdown().await;

    let s = TestServer::start_with(|c| c.database.url = url).await;
    let chair = User::new(&s);
    *chair.cookie.lock().unwrap() = cookie;
    // The very first requests after the restart know the session.
    let (status, body) = chair.patch("kept", json!({"locked": true})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(chair.status("kept").await["role"], "chairman");
    let (_, w) = chair.join("kept", "Chair").await;
    assert_eq!(w["you"]["role"], "chairman");
}

#[tokio::test]
async fn the_owner_password_brings_the_owner_back_past_a_ban() {
    let scene = Scene::new().await;
    scene
        .chair
        .patch("main", json!({"owner_password": "mine-and-only-mine"}))
        .await;
    let (mut chair, _) = scene.chair.join("main", "Chair").await;
    let (mut pat, w) = scene.pat.join("main", "Pat").await;
    chair
        .send(json!({"type":"moderate","action":"promote","target":id_of(&w)}))
        .await;
    wait_for(&mut pat, "moderated").await;
    let chair_id = w["participants"][0]["id"].as_str().unwrap().to_owned();
    // The promoted chairman turns on the owner.
    pat.send(json!({"type":"moderate","action":"kick","target":chair_id}))
        .await;
    assert_eq!(
        wait_for(&mut chair, "kicked").await.unwrap()["by"]["name"],
        "Pat"
    );
    assert!(
        scene.chair.status("main").await["banned_seconds"]
            .as_u64()
            .unwrap()
            > 0
    );
    let (_, refused) = scene.chair.try_join("main", "Chair").await;
    assert_eq!(refused["code"], "banned");
    // A wrong password does not get past the ban; the owner password does.
    assert_eq!(scene.chair.auth("main", "guess").await.1["error"], "banned");
    assert_eq!(
        scene.chair.auth("main", "mine-and-only-mine").await.1["role"],
        "chairman"
    );
    let (_, w) = scene.chair.join("main", "Chair").await;
    assert_eq!(w["you"]["role"], "chairman");
}

#[tokio::test]
async fn failed_password_guesses_leave_no_session_behind() {
    let scene = Scene::new().await;
    scene
        .chair
        .patch("main", json!({"join_password": "pw-1234"}))
        .await;
    let guesser = User::new(&scene.s);
    for _ in 0..2 {
        assert_eq!(guesser.auth("main", "nope").await.0, 401);
    }
    assert!(guesser.cookie().is_none(), "no session for a failed guess");
    assert_eq!(guesser.auth("main", "pw-1234").await.0, 200);
    assert!(guesser.cookie().is_some(), "a session holds the role won");
    assert_eq!(guesser.status("main").await["role"], "participant");
}

#[tokio::test]
async fn many_rooms_do_not_mean_many_guesses() {
    let s = TestServer::start_with(|c| {
        c.limits.password_attempts_per_minute = 5;
        c.limits.password_attempts_per_address_per_minute = 4;
    })
    .await;
    let owner = User::new(&s);
    for room in ["r1", "r2", "r3"] {
        owner.create(room).await;
        owner
            .patch(room, json!({"join_password": "secret-pw"}))
            .await;
    }
    let guesser = User::new(&s);
    let mut statuses = Vec::new();
    for room in ["r1", "r2", "r3", "r1", "r2", "r3"] {
        statuses.push(guesser.auth(room, "guess").await.0);
    }
    assert_eq!(statuses, [401, 401, 401, 401, 429, 429]);
}

#[tokio::test]
async fn settings_changes_are_rate_limited_and_none_is_lost() {
    let scene = Scene::with(|c| c.limits.settings_changes_per_minute = 6).await;
    // Two changes at once (the first one hashes a password, the slow part): both stick.
    let (a, b) = tokio::join!(
        scene
            .chair
            .patch("main", json!({"join_password": "first-pw"})),
        scene.chair.patch("main", json!({"locked": true})),
    );
    assert_eq!((a.0, b.0), (200, 200));
    let settings = scene.chair.status("main").await["settings"].clone();
    assert_eq!(settings["locked"], true, "{settings}");
    assert_eq!(settings["join_password"], true, "{settings}");
    let mut last = 0;
    for _ in 0..6 {
        last = scene.chair.patch("main", json!({"locked": false})).await.0;
    }
    assert_eq!(last, 429);
}

#[tokio::test]
async fn only_the_owner_password_changes_the_owner_password() {
    let scene = Scene::new().await;
    scene
        .chair
        .patch("main", json!({"owner_password": "original-owner"}))
        .await;
    let (_, w) = scene.chair.join("main", "Chair").await;
    let _ = w;
    // A chairman promoted later (here: anyone holding the chair) cannot take the reservation.
    for attempt in [
        json!({"owner_password": "stolen-owner"}),
        json!({"owner_password": null}),
        json!({"owner_password": "stolen-owner", "current_owner_password": "wrong-guess"}),
    ] {
        let (status, body) = scene.chair.patch("main", attempt).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (403, Some("owner_password_required"))
        );
    }
    let (status, _) = scene
        .chair
        .patch(
            "main",
            json!({"owner_password": "new-owner-pw", "current_owner_password": "original-owner"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        User::new(&scene.s).auth("main", "new-owner-pw").await.1["role"],
        "chairman"
    );
}

#[tokio::test]
async fn a_kick_removes_every_window_of_the_person() {
    let scene = Scene::new().await;
    let (mut chair, _) = scene.chair.join("main", "Chair").await;
    let (mut first, w1) = scene.pat.join("main", "Pat").await;
    let (mut second, w2) = scene.pat.join("main", "Pat (tab 2)").await;
    // A chairman cannot remove their own other window (it would ban their own session).
    let (mut chair_tab, chair_tab_w) = scene.chair.join("main", "Chair tab").await;
    chair
        .send(json!({"type":"moderate","action":"kick","target":id_of(&chair_tab_w)}))
        .await;
    let err = wait_for(&mut chair, "error").await.unwrap();
    assert_eq!(err["code"], "not_allowed");
    assert!(
        !drain(&mut chair_tab, Duration::from_millis(200))
            .await
            .iter()
            .any(|m| m["type"] == "kicked")
    );

    chair
        .send(json!({"type":"moderate","action":"kick","target":id_of(&w1)}))
        .await;
    assert!(wait_for(&mut first, "kicked").await.is_some());
    assert!(wait_for(&mut second, "kicked").await.is_some());
    assert_eq!(second.closed().await, Some(4403));
    let mut gone = Vec::new();
    while gone.len() < 2 {
        let left = wait_for(&mut chair, "participant_left").await.unwrap();
        gone.push(left["id"].as_str().unwrap().to_owned());
    }
    gone.sort();
    let mut expected = vec![id_of(&w1), id_of(&w2)];
    expected.sort();
    assert_eq!(gone, expected);
}

#[tokio::test]
async fn page_views_write_no_session_and_refusals_cannot_flood_the_audit() {
    let scene = Scene::new().await;
    scene.chair.patch("main", json!({"locked": true})).await;
    // Page views get a cookie but cost the database no session row.
    for _ in 0..5 {
        let res = scene
            .s
            .http
            .get(format!("{}/main", scene.s.base))
            .send()
            .await
            .unwrap();
        assert!(res.headers().get("set-cookie").is_some());
    }
    // Refused joins from one address: the table keeps a bounded number of them.
    for _ in 0..40 {
        let (_, first) = User::new(&scene.s).try_join("main", "Knock").await;
        assert_eq!(first["code"], "locked");
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let rows = audit_entries(&scene.s).await;
    let refused = rows.iter().filter(|r| r.event == "join_refused").count();
    assert!((1..=30).contains(&refused), "{refused} refusals stored");
    // Sessions: the chairman's, the participant's page visit made none, `other`'s.
    let created = rows.iter().filter(|r| r.event == "session_created").count();
    assert_eq!(created, 2, "sessions created: {created}");
}
