//! Each flaw of the original product that concerns ownership (inventory §13.2 items 1, 3, 5, 6, 7, 8,
//! 11) has a test here that fails if it comes back.

mod common;

use std::time::Duration;

use common::scene::{Scene, drain, eventually_audit, wait_for};
use common::{TestServer, User, id_of};
use serde_json::{Value, json};

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
    let message = body["message"].as_str().unwrap();
    assert!(
        message.starts_with(&format!("Too many attempts. Try again in {wait} second")),
        "{message}"
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
