//! Rooms people own: sessions, roles, passwords, settings and chairman actions, all decided by the
//! server. The authorisation matrix at the top; then each flaw of the original product (inventory
//! §13.2 items 1, 3, 5, 6, 7, 8, 11) gets a test that fails if it comes back.

mod common;

use std::time::Duration;

use common::{Client, TestServer, User, audit_entries, id_of};

use serde_json::{Value, json};

/// Who is asking, in the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    /// No cookie at all (a script).
    Anonymous,
    /// Joined the room (participant role).
    Participant,
    /// Chairman of another room only.
    OtherChairman,
    /// Chairman of this room.
    Chairman,
}

const CALLERS: [Caller; 4] = [
    Caller::Anonymous,
    Caller::Participant,
    Caller::OtherChairman,
    Caller::Chairman,
];

/// A room `main` made by `chair`, a participant `pat` in it, and `other`, chairman of `elsewhere`.
struct Scene {
    s: TestServer,
    chair: User,
    pat: User,
    other: User,
    anon: User,
}

impl Scene {
    async fn new() -> Scene {
        Self::with(|_| {}).await
    }

    async fn with(adjust: impl FnOnce(&mut vroom_server::config::Config)) -> Scene {
        let s = TestServer::start_with(|c| {
            c.rooms.kick_ban_time = 5;
            adjust(c)
        })
        .await;
        let chair = User::new(&s);
        assert_eq!(chair.create("main").await.0, 201);
        let pat = User::new(&s);
        assert_eq!(pat.visit("main").await, 200);
        let other = User::new(&s);
        assert_eq!(other.create("elsewhere").await.0, 201);
        let anon = User::new(&s);
        Scene {
            s,
            chair,
            pat,
            other,
            anon,
        }
    }

    fn user(&self, caller: Caller) -> &User {
        match caller {
            Caller::Anonymous => &self.anon,
            Caller::Participant => &self.pat,
            Caller::OtherChairman => &self.other,
            Caller::Chairman => &self.chair,
        }
    }
}

/// Reads messages until one of type `kind` arrives (others are skipped); None if the socket ends.
async fn wait_for(client: &mut Client, kind: &str) -> Option<Value> {
    loop {
        let msg = client.try_next(Duration::from_secs(5)).await?;
        if msg["type"] == kind {
            return Some(msg);
        }
    }
}

/// Reads what arrives within `wait` without blocking longer.
async fn drain(client: &mut Client, wait: Duration) -> Vec<Value> {
    let mut out = Vec::new();
    while let Some(msg) = client.try_next(wait).await {
        out.push(msg);
    }
    out
}

#[tokio::test]
async fn api_authorisation_matrix() {
    let scene = Scene::new().await;
    // The participant holds a role once it has joined.
    let (_pat_ws, _) = scene.pat.join("main", "Pat").await;

    for caller in CALLERS {
        let user = scene.user(caller);
        let allowed = caller == Caller::Chairman;
        let (status, body) = user.patch("main", json!({ "require_name": false })).await;
        if allowed {
            assert_eq!(status, 200, "{caller:?}: {body}");
        } else {
            assert_eq!(status, 403, "{caller:?}: {body}");
            assert_eq!(body["error"], "not_allowed");
        }
        // Status is for anyone; the notify list only for chairmen of this room.
        let status_body = user.status("main").await;
        assert_eq!(status_body["exists"], true);
        assert_eq!(status_body.get("notify").is_some(), allowed, "{caller:?}");
        let role = &status_body["role"];
        match caller {
            Caller::Chairman => assert_eq!(role, "chairman"),
            Caller::Participant => assert_eq!(role, "participant"),
            // Roles never leak to another room.
            Caller::OtherChairman | Caller::Anonymous => assert!(role.is_null(), "{caller:?}"),
        }
        // The password check is open to all (an open room admits with an empty password).
        let (status, _) = user.auth("main", "").await;
        assert_eq!(status, 200, "{caller:?}");
        // Creating a room is open to all.
        let (status, _) = user
            .create(&format!("made-by-{caller:?}").to_lowercase())
            .await;
        assert_eq!(status, 201, "{caller:?}");
    }
}

#[tokio::test]
async fn signalling_authorisation_matrix() {
    for action in [
        "mute",
        "stop_video",
        "ask_unmute",
        "ask_video",
        "promote",
        "kick",
        "mute_all",
    ] {
        for caller in CALLERS {
            let scene = Scene::new().await;
            let (mut chair, _) = scene.chair.join("main", "Chair").await;
            let tara = User::new(&scene.s);
            let (mut target, target_welcome) = tara.join("main", "Tara").await;
            let target_id = id_of(&target_welcome);
            let mut third = match caller {
                Caller::Chairman => None,
                other => Some(scene.user(other).join("main", "Actor").await.0),
            };
            let actor: &mut Client = match third.as_mut() {
                Some(client) => client,
                None => &mut chair,
            };
            drain(actor, Duration::from_millis(200)).await;
            drain(&mut target, Duration::from_millis(200)).await;
            // Ask-actions only mean something when the target is off.
            if action == "ask_unmute" || action == "ask_video" {
                let field = if action == "ask_unmute" {
                    "audio"
                } else {
                    "video"
                };
                target.send(json!({"type":"update", field: false})).await;
                wait_for(&mut target, "participant_updated").await;
                drain(actor, Duration::from_millis(200)).await;
            }
            let msg = if action == "mute_all" {
                json!({"type":"mute_all"})
            } else {
                json!({"type":"moderate","action":action,"target":target_id})
            };
            actor.send(msg).await;
            let answers = drain(actor, Duration::from_millis(500)).await;
            let refused = answers
                .iter()
                .any(|m| m["type"] == "error" && m["code"] == "not_allowed");
            let target_saw = drain(&mut target, Duration::from_millis(300)).await;
            if caller == Caller::Chairman {
                assert!(!refused, "{action} by chairman refused: {answers:?}");
                let expected = match action {
                    "ask_unmute" | "ask_video" => "request",
                    "kick" => "kicked",
                    _ => "moderated",
                };
                assert!(
                    target_saw.iter().any(|m| m["type"] == expected),
                    "{action}: target got {target_saw:?}"
                );
            } else {
                assert!(refused, "{action} by {caller:?} not refused: {answers:?}");
                assert!(
                    !target_saw.iter().any(|m| matches!(
                        m["type"].as_str(),
                        Some("moderated" | "request" | "kicked")
                    )),
                    "{action} by {caller:?} reached the target: {target_saw:?}"
                );
            }
        }
    }
}

/// §13.2 item 1: no cross-site or GET mutation; JSON bodies only.
#[tokio::test]
async fn flaw_1_no_csrf() {
    let scene = Scene::new().await;
    let cookie = scene.chair.cookie().unwrap();
    let patch = |origin: Option<&'static str>, site: Option<&'static str>| {
        let mut req = scene
            .s
            .http
            .patch(format!("{}/api/rooms/main", scene.s.base))
            .header("cookie", cookie.clone())
            .json(&json!({"locked": true}));
        if let Some(origin) = origin {
            req = req.header("origin", origin);
        }
        if let Some(site) = site {
            req = req.header("sec-fetch-site", site);
        }
        req
    };
    let res = patch(Some("http://evil.example"), None)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = patch(None, Some("cross-site")).send().await.unwrap();
    assert_eq!(res.status(), 403);
    // A top-level GET link cannot change anything.
    let res = scene
        .s
        .http
        .get(format!("{}/api/rooms/main/auth?password=x", scene.s.base))
        .header("cookie", cookie.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 405);
    // A form post is not JSON.
    let res = scene
        .s
        .http
        .patch(format!("{}/api/rooms/main", scene.s.base))
        .header("cookie", cookie.clone())
        .header("content-type", "application/x-www-form-urlencoded")
        .body("locked=true")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 415);
    assert_eq!(
        scene.chair.status("main").await["settings"]["locked"],
        false
    );
    // The WebSocket upgrade checks Origin too.
    let mut request =
        tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(
            scene.s.ws_url.as_str(),
        )
        .unwrap();
    request
        .headers_mut()
        .insert("origin", "http://evil.example".parse().unwrap());
    request
        .headers_mut()
        .insert("cookie", cookie.parse().unwrap());
    assert!(tokio_tungstenite::connect_async(request).await.is_err());
}

/// §13.2 item 3: being chairman somewhere grants nothing elsewhere.
#[tokio::test]
async fn flaw_3_no_escalation_across_rooms() {
    let scene = Scene::new().await;
    let (mut victim_chair, _) = scene.chair.join("main", "Chair").await;
    // `other` owns `elsewhere` and joins `main`, where it is a participant.
    let (mut intruder, welcome) = scene.other.join("main", "Intruder").await;
    assert_eq!(welcome["you"]["role"], "participant");
    let chair_id = welcome["participants"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Its own room's owner password does not open this one's chair.
    let (status, _) = scene
        .other
        .patch("elsewhere", json!({"owner_password": "intruder-pass"}))
        .await;
    assert_eq!(status, 200);
    let (status, body) = scene.other.auth("main", "intruder-pass").await;
    assert_eq!(status, 401, "{body}");
    // Every chairman action in `main` is refused, and nobody's role changes.
    intruder
        .send(json!({"type":"moderate","action":"promote","target":id_of(&welcome)}))
        .await;
    let err = wait_for(&mut intruder, "error").await.unwrap();
    assert_eq!(err["code"], "not_allowed");
    intruder
        .send(json!({"type":"moderate","action":"kick","target":chair_id}))
        .await;
    assert_eq!(
        wait_for(&mut intruder, "error").await.unwrap()["code"],
        "not_allowed"
    );
    let (status, _) = scene.other.patch("main", json!({"locked": true})).await;
    assert_eq!(status, 403);
    assert_eq!(scene.other.status("main").await["role"], "participant");
    assert!(
        !drain(&mut victim_chair, Duration::from_millis(300))
            .await
            .iter()
            .any(|m| m["type"] == "kicked")
    );
}

/// §13.2 item 5: no key in page scripts' reach, no secret in the audit.
#[tokio::test]
async fn flaw_5_no_secrets_exposed() {
    let s = TestServer::start().await;
    let chair = User::new(&s);
    let res = s
        .http
        .post(format!("{}/api/rooms", s.base))
        .json(&json!({"name": "secretive"}))
        .send()
        .await
        .unwrap();
    let set_cookie = res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    chair.keep_cookie(res.headers());
    let lower = set_cookie.to_lowercase();
    assert!(lower.contains("httponly"), "{set_cookie}");
    assert!(lower.contains("samesite=lax"), "{set_cookie}");
    assert!(lower.contains("path=/"), "{set_cookie}");
    let body: Value = res.json().await.unwrap();
    assert!(body.get("key").is_none() && body.get("token").is_none());

    let join_pw = "join-Secret-481";
    let owner_pw = "owner-Secret-9917";
    assert_eq!(
        chair
            .patch(
                "secretive",
                json!({"join_password": join_pw, "owner_password": owner_pw})
            )
            .await
            .0,
        200
    );
    let guest = User::new(&s);
    guest.visit("secretive").await;
    assert_eq!(guest.auth("secretive", "wrong-guess-77").await.0, 401);
    assert_eq!(guest.auth("secretive", join_pw).await.0, 200);
    let (mut ws, welcome) = guest.join("secretive", "Guest").await;
    let resume_token = welcome["resume_token"].as_str().unwrap().to_owned();
    ws.send(json!({"type":"leave"})).await;
    let _ = ws.closed().await;

    let cookie_value = chair
        .cookie()
        .unwrap()
        .trim_start_matches("vroom_session=")
        .to_owned();
    let entries = eventually_audit(&s, |rows| rows.iter().any(|r| r.event == "left")).await;
    let everything: String = entries
        .iter()
        .map(|r| {
            format!(
                "{} {} {:?} {:?} {:?}\n",
                r.event, r.message, r.user_ref, r.ip, r.room
            )
        })
        .collect();
    for secret in [
        join_pw,
        owner_pw,
        "wrong-guess-77",
        &resume_token,
        &cookie_value,
    ] {
        assert!(
            !everything.contains(secret),
            "audit leaks {secret}:\n{everything}"
        );
    }
    assert!(
        !everything.contains("$argon2"),
        "no password hash in the audit"
    );
    // Passwords show only as set / unset.
    assert!(
        everything.contains("join_password: unset -> set"),
        "{everything}"
    );
}

async fn eventually_audit(
    s: &TestServer,
    done: impl Fn(&[vroom_store::AuditRecord]) -> bool,
) -> Vec<vroom_store::AuditRecord> {
    for _ in 0..50 {
        let rows = audit_entries(s).await;
        if done(&rows) {
            return rows;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "audit never reached the expected state: {:#?}",
        audit_entries(s).await
    );
}

/// §13.2 item 6: password guessing is rate limited per room and client.
#[tokio::test]
async fn flaw_6_password_attempts_are_limited() {
    let scene = Scene::with(|c| c.limits.password_attempts_per_minute = 3).await;
    scene
        .chair
        .patch("main", json!({"join_password": "right"}))
        .await;
    for _ in 0..3 {
        assert_eq!(scene.pat.auth("main", "wrong").await.0, 401);
    }
    let (status, body) = scene.pat.auth("main", "right").await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["error"], "too_many_attempts");
    let wait = body["retry_after"].as_u64().unwrap();
    assert!((1..=60).contains(&wait), "{body}");
    assert_eq!(
        body["message"],
        format!("too many attempts, try again in {wait} s")
    );
    // Another room is counted apart.
    assert_eq!(scene.pat.auth("elsewhere", "").await.0, 200);
}

/// §13.2 item 7: moderation is the server's: a kick closes the socket, revokes the role and keeps
/// the person out; nobody can switch another person's microphone back on.
#[tokio::test]
async fn flaw_7_kick_and_mute_are_enforced_by_the_server() {
    let scene = Scene::new().await;
    let (mut chair, _) = scene.chair.join("main", "Chair").await;
    let (mut pat, pat_welcome) = scene.pat.join("main", "Pat").await;
    let pat_id = id_of(&pat_welcome);
    wait_for(&mut chair, "participant_joined").await;

    // Mute is one way: there is no "unmute" action, and a toggle does not exist.
    chair
        .send(json!({"type":"moderate","action":"mute","target":pat_id}))
        .await;
    let notice = wait_for(&mut pat, "moderated").await.unwrap();
    assert_eq!(notice["action"], "muted");
    assert_eq!(notice["by"]["name"], "Chair");
    chair
        .send(json!({"type":"moderate","action":"mute","target":pat_id}))
        .await;
    chair
        .send(json!({"type":"moderate","action":"unmute","target":pat_id}))
        .await;
    let err = wait_for(&mut chair, "error").await.unwrap();
    assert_eq!(err["code"], "malformed");
    let seen = drain(&mut pat, Duration::from_millis(300)).await;
    assert!(
        !seen
            .iter()
            .any(|m| m["type"] == "participant_updated" && m["participant"]["audio"] == true),
        "{seen:?}"
    );

    chair
        .send(json!({"type":"moderate","action":"kick","target":pat_id}))
        .await;
    let kicked = wait_for(&mut pat, "kicked").await.unwrap();
    assert_eq!(kicked["by"]["name"], "Chair");
    assert_eq!(kicked["ban_seconds"], 300);
    assert_eq!(pat.closed().await, Some(4403));
    let left = wait_for(&mut chair, "participant_left").await.unwrap();
    assert_eq!(left["reason"], "kicked");
    // The role is gone and the person cannot come back with the link, with or without the cookie.
    let status = scene.pat.status("main").await;
    assert!(status["role"].is_null(), "{status}");
    assert!(status["banned_seconds"].as_u64().unwrap() > 200, "{status}");
    let (_, refused) = scene.pat.try_join("main", "Pat again").await;
    assert_eq!(refused["code"], "banned", "{refused}");
    let fresh = User::new(&scene.s);
    let (_, refused) = fresh.try_join("main", "Pat in disguise").await;
    assert_eq!(refused["code"], "banned", "{refused}");
    let (status, body) = scene.pat.auth("main", "").await;
    assert_eq!((status, body["error"].as_str()), (403, Some("banned")));
    // The resume token of the removed place is worthless.
    let mut back = scene.pat.connect().await;
    back.send(common::resume_join(&pat_welcome)).await;
    assert_eq!(back.next().await["code"], "banned");
    // The chairman is not shut out by a ban on an address they share.
    drop(chair);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (_, welcome) = scene.chair.join("main", "Chair").await;
    assert_eq!(welcome["you"]["role"], "chairman");
}

/// §13.2 item 8: a lock keeps out everyone not in the room, returning participants included; only
/// a chairman or the owner password gets in.
#[tokio::test]
async fn flaw_8_lock_applies_to_returning_participants() {
    let scene = Scene::new().await;
    let (mut pat, _) = scene.pat.join("main", "Pat").await;
    pat.send(json!({"type":"leave"})).await;
    let _ = pat.closed().await;
    assert_eq!(scene.pat.status("main").await["role"], "participant");
    let (status, body) = scene
        .chair
        .patch(
            "main",
            json!({"locked": true, "owner_password": "owner-pass-1"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (mut refused, first) = scene.pat.try_join("main", "Pat").await;
    assert_eq!(first["code"], "locked", "{first}");
    assert_eq!(refused.closed().await, Some(4403));
    let (status, body) = scene.pat.auth("main", "").await;
    assert_eq!((status, body["error"].as_str()), (403, Some("locked")));
    // The chairman still gets in, and so does anyone with the owner password (as chairman).
    let (_, w) = scene.chair.join("main", "Chair").await;
    assert_eq!(w["you"]["role"], "chairman");
    let owner = User::new(&scene.s);
    assert_eq!(
        owner.auth("main", "owner-pass-1").await.1["role"],
        "chairman"
    );
    let (_, w) = owner.join("main", "Owner").await;
    assert_eq!(w["you"]["role"], "chairman");
    assert_eq!(w["settings"]["locked"], true);
}

/// §13.2 item 11: removing a password removes it; a false is refused and stores nothing.
#[tokio::test]
async fn flaw_11_removing_a_password_removes_it() {
    let scene = Scene::new().await;
    scene
        .chair
        .patch("main", json!({"join_password": "abcd"}))
        .await;
    let (status, body) = scene
        .chair
        .patch("main", json!({"join_password": false}))
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(scene.pat.status("main").await["password_required"], true);
    assert_eq!(scene.pat.auth("main", "0").await.0, 401);
    let (status, body) = scene
        .chair
        .patch("main", json!({"join_password": null}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["settings"]["join_password"], false);
    // Neither "0" nor "" became the password: the room is open again.
    let newcomer = User::new(&scene.s);
    assert_eq!(newcomer.auth("main", "0").await.0, 401);
    let (_, w) = newcomer.join("main", "New").await;
    assert_eq!(w["type"], "welcome");
    let (status, body) = scene
        .chair
        .patch("main", json!({"join_password": ""}))
        .await;
    assert_eq!(status, 400, "{body}");
}

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
