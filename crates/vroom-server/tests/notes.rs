//! The rooms' collaborative notes against a real Etherpad-Lite (see `common/etherpad.rs`): who may open
//! a room's pad and with what cookie, sessions that end when people go, clearing, deletion with the room
//! (also when Etherpad was away at that moment), the pages served under `/etherpad/`, and an Etherpad
//! that stops answering or was never there. Skipped where Etherpad cannot be installed, unless
//! `VROOM_TEST_REQUIRE_ETHERPAD` is set.

mod common;

use std::future::Future;
use std::time::Duration;

use common::admin::AdminClient;
use common::etherpad::{Instance, Relay, instance};
use common::{TestServer, User, audit_entries, id_of};
use reqwest::Method;
use serde_json::{Value, json};

async fn server(url: &str, key: &str) -> TestServer {
    let (url, key) = (url.to_owned(), key.to_owned());
    TestServer::start_with(move |c| {
        c.etherpad.url = url;
        c.etherpad.api_key = key;
        c.etherpad.check_interval = 1;
    })
    .await
}

/// Waits (up to 15 s) until `check` holds.
async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while !check().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Ana creates `room` from her browser (she is its chairman) and joins it: her browser, her socket,
/// her welcome.
async fn chairman_in(s: &TestServer, room: &str) -> (User, common::Client, Value) {
    let chair = User::new(s);
    assert_eq!(chair.create(room).await.0, 201, "creating {room}");
    let (ws, welcome) = chair.join(room, "Ana").await;
    (chair, ws, welcome)
}

/// Someone else's browser opens the room's page (its session) and joins as `name`.
async fn guest_in(s: &TestServer, room: &str, name: &str) -> (User, common::Client, Value) {
    let guest = User::new(s);
    assert_eq!(guest.visit(room).await, 200);
    let (ws, welcome) = guest.join(room, name).await;
    (guest, ws, welcome)
}

/// What `POST /api/rooms/{room}/notes` answered: status, body and the `sessionID` cookie as set.
struct Opened {
    status: u16,
    body: Value,
    set_cookie: Option<String>,
}

impl Opened {
    /// The Etherpad sessions the cookie holds, newest first.
    fn sessions(&self) -> Vec<String> {
        let cookie = self.set_cookie.as_deref().expect("a sessionID cookie");
        let value = cookie
            .split(';')
            .next()
            .and_then(|pair| pair.strip_prefix("sessionID="))
            .expect("sessionID=…");
        value.split(',').map(str::to_owned).collect()
    }

    /// The pad id, from the address (`/etherpad/p/<id>`).
    fn pad_id(&self) -> String {
        let pad = self.body["pad"].as_str().expect("pad");
        let encoded = pad.strip_prefix("/etherpad/p/").expect("served by VROOM");
        url::form_urlencoded::parse(format!("x={encoded}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .expect("pad id")
    }
}

/// Opens the room's notes from `user`'s browser as participant `participant`, sending `extra_cookie`
/// (earlier Etherpad sessions) beside the session cookie.
async fn open_as(user: &User, room: &str, participant: &str, extra_cookie: Option<&str>) -> Opened {
    let mut cookies: Vec<String> = user.cookie().into_iter().collect();
    cookies.extend(extra_cookie.map(str::to_owned));
    let mut req = user
        .http
        .post(format!("{}/api/rooms/{room}/notes", user.base))
        .json(&json!({ "participant": participant }));
    if !cookies.is_empty() {
        req = req.header("cookie", cookies.join("; "));
    }
    let res = req.send().await.expect("request");
    let status = res.status().as_u16();
    let set_cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("sessionID="))
        .map(str::to_owned);
    let body = res.json().await.unwrap_or(Value::Null);
    Opened {
        status,
        body,
        set_cookie,
    }
}

async fn session_info(ep: &Instance, session: &str) -> Value {
    let reply = ep.api("getSessionInfo", &[("sessionID", session)]).await;
    assert_eq!(reply["code"], 0, "{reply}");
    reply["data"].clone()
}

async fn count(s: &TestServer, event: &str) -> usize {
    audit_entries(s)
        .await
        .iter()
        .filter(|e| e.event == event)
        .count()
}

async fn trashed(s: &TestServer) -> Vec<vroom_store::TrashedGroup> {
    let store = vroom_store::Store::connect(&s.db_url, 1)
        .await
        .expect("store");
    let rows = store.notes().trashed().await.expect("trash");
    store.close().await;
    rows
}

#[tokio::test]
async fn a_participant_opens_the_room_pad_and_nobody_else_does() {
    let Some(ep) = instance() else { return };
    let s = server(&ep.url, &ep.key).await;
    let (_, notes) = User::new(&s).call(Method::GET, "/api/notes", None).await;
    assert_eq!(notes, json!({"state": "ready"}));

    let (chair, _chair_ws, welcome) = chairman_in(&s, "standup").await;
    assert_eq!(chair.status("standup").await["notes"], "ready");
    let ana = id_of(&welcome);

    let first = open_as(&chair, "standup", &ana, None).await;
    assert_eq!(first.status, 200, "{}", first.body);
    let pad = first.pad_id();
    assert!(pad.starts_with("g.") && pad.ends_with("$notes"), "{pad}");
    assert!(first.body["pad"].as_str().unwrap().ends_with("%24notes"));
    // The cookie Etherpad's editor reads: for the whole site, not HttpOnly (the editor reads it), not
    // Secure on plain http, as long as the session.
    let cookie = first.set_cookie.clone().expect("cookie");
    let attributes: Vec<&str> = cookie.split("; ").skip(1).collect();
    assert_eq!(
        attributes,
        ["Path=/", "Max-Age=43200", "SameSite=Lax"],
        "{cookie}"
    );
    let sessions = first.sessions();
    assert_eq!(sessions.len(), 1);
    let info = session_info(ep, &sessions[0]).await;
    let group = pad.split('$').next().unwrap();
    assert_eq!(info["groupID"], group);
    let expires = first.body["expires_at"].as_u64().unwrap();
    assert_eq!(info["validUntil"].as_u64(), Some(expires));
    let author = info["authorID"].as_str().unwrap().to_owned();
    let name = ep.api("getAuthorName", &[("authorID", &author)]).await;
    assert_eq!(name["data"], "Ana");
    assert_eq!(ep.text(&pad).await.as_deref(), Some("\n"), "an empty pad");

    // Someone with a session of their own but not in the meeting, with Ana's id or their own junk; no
    // cookie at all: refused, and no session is made.
    let outsider = User::new(&s);
    assert_eq!(outsider.visit("standup").await, 200);
    for participant in [ana.as_str(), "not an id", "AAAAAAAAAAAAAAAA"] {
        let refused = open_as(&outsider, "standup", participant, None).await;
        assert_eq!(refused.status, 403, "{participant}: {}", refused.body);
        assert_eq!(refused.body["error"], "not_in_room");
        assert!(refused.set_cookie.is_none());
    }
    let anonymous = User::new(&s);
    assert_eq!(open_as(&anonymous, "standup", &ana, None).await.status, 403);
    let missing = open_as(&chair, "nowhere", &ana, None).await;
    assert_eq!(missing.status, 404, "{}", missing.body);
    assert_eq!(missing.body["error"], "room_not_found");

    // Another participant gets the same pad, as their own author, with their own session.
    let (bob, mut bob_ws, bob_welcome) = guest_in(&s, "standup", "Bob").await;
    let bob_open = open_as(&bob, "standup", &id_of(&bob_welcome), None).await;
    assert_eq!(bob_open.status, 200);
    assert_eq!(bob_open.pad_id(), pad, "one pad per room");
    let bob_session = bob_open.sessions()[0].clone();
    let bob_author = session_info(ep, &bob_session).await["authorID"].clone();
    assert_ne!(bob_author, json!(author));

    // Opening again (a reload, a new name) replaces the participant's session: the old one ends.
    let again = open_as(
        &chair,
        "standup",
        &ana,
        Some(&format!("sessionID={}", sessions[0])),
    )
    .await;
    assert_eq!(again.status, 200);
    assert_eq!(
        again.sessions().len(),
        1,
        "the old one is not kept in the cookie"
    );
    let old = sessions[0].clone();
    eventually("Ana's replaced session ended", || async {
        !ep.session_exists(&old).await
    })
    .await;
    assert!(ep.session_exists(&again.sessions()[0]).await);

    // A second room in the same browser: the cookie keeps both rooms' sessions, newest first.
    assert_eq!(chair.create("retro").await.0, 201);
    let (_retro_ws, retro_welcome) = chair.join("retro", "Ana").await;
    let retro = open_as(
        &chair,
        "retro",
        &id_of(&retro_welcome),
        Some(&format!("sessionID={}", again.sessions()[0])),
    )
    .await;
    assert_eq!(retro.status, 200);
    assert_ne!(retro.pad_id(), pad, "each room has its own pad");
    assert_eq!(retro.sessions().len(), 2);
    assert_eq!(retro.sessions()[1], again.sessions()[0]);
    eventually("one notes_created per room", || async {
        count(&s, "notes_created").await == 2
    })
    .await;

    // Leaving ends the participant's Etherpad session (the pad no longer opens for them).
    bob_ws.send(json!({"type": "leave"})).await;
    eventually("Bob's session ended when he left", || async {
        !ep.session_exists(&bob_session).await
    })
    .await;
    assert!(ep.session_exists(&again.sessions()[0]).await, "Ana's stays");
}

#[tokio::test]
async fn a_removed_participant_loses_the_pad() {
    let Some(ep) = instance() else { return };
    let s = server(&ep.url, &ep.key).await;
    let (_chair, mut chair_ws, _) = chairman_in(&s, "board").await;
    let (guest, _guest_ws, welcome) = guest_in(&s, "board", "Eve").await;
    chair_ws.expect("participant_joined").await;
    let opened = open_as(&guest, "board", &id_of(&welcome), None).await;
    assert_eq!(opened.status, 200);
    let session = opened.sessions()[0].clone();
    assert!(ep.session_exists(&session).await);
    chair_ws
        .send(json!({"type":"moderate","action":"kick","target":id_of(&welcome)}))
        .await;
    eventually("the removed participant's session ended", || async {
        !ep.session_exists(&session).await
    })
    .await;
    // And a new request from that browser is refused: it is not in the meeting any more.
    let refused = open_as(&guest, "board", &id_of(&welcome), None).await;
    assert_eq!(refused.status, 403);
}

/// An editor's socket.io WebSocket through VROOM, opened with `cookies`, past engine.io's open packet.
async fn editor_socket(s: &TestServer, cookies: &str) -> common::Client {
    let url = format!(
        "ws://{}/etherpad/socket.io/?EIO=3&transport=websocket",
        s.base.trim_start_matches("http://")
    );
    let mut socket = common::Client::connect_with_cookie(&url, Some(cookies)).await;
    let open = next_text(&mut socket)
        .await
        .expect("engine.io's open packet");
    assert!(open.starts_with("0{"), "{open}");
    socket
}

/// The next text frame within 5 s, or None once the connection is closed.
async fn next_text(socket: &mut common::Client) -> Option<String> {
    use futures_util::StreamExt;
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(5), socket.ws.next())
            .await
            .expect("a frame or the end within 5 s");
        match frame {
            Some(Ok(tokio_tungstenite::tungstenite::Message::Text(text))) => {
                return Some(text.to_string());
            }
            Some(Ok(tokio_tungstenite::tungstenite::Message::Close(_))) | Some(Err(_)) | None => {
                return None;
            }
            Some(Ok(_)) => {}
        }
    }
}

/// Whether the socket still answers engine.io's ping.
async fn answers_ping(socket: &mut common::Client) -> bool {
    use futures_util::SinkExt;
    if socket
        .ws
        .send(tokio_tungstenite::tungstenite::Message::Text("2".into()))
        .await
        .is_err()
    {
        return false;
    }
    while let Some(text) = next_text(socket).await {
        if text == "3" {
            return true;
        }
    }
    false
}

#[tokio::test]
async fn the_editors_open_with_an_ended_session_are_cut_and_no_others() {
    let Some(ep) = instance() else { return };
    let s = server(&ep.url, &ep.key).await;
    let (chair, mut chair_ws, chair_welcome) = chairman_in(&s, "board").await;
    let (guest, _guest_ws, welcome) = guest_in(&s, "board", "Eve").await;
    chair_ws.expect("participant_joined").await;
    let ana = open_as(&chair, "board", &id_of(&chair_welcome), None).await;
    let eve = open_as(&guest, "board", &id_of(&welcome), None).await;
    let (ana_session, eve_session) = (ana.sessions()[0].clone(), eve.sessions()[0].clone());
    let ana_cookies = format!("{}; sessionID={ana_session}", chair.cookie().unwrap());
    // Eve's browser also holds another room's session: her cookie has both.
    let eve_cookies = format!(
        "{}; sessionID={eve_session},s.0123456789abcdef",
        guest.cookie().unwrap()
    );

    // Each has an editor connected by WebSocket; Eve has one more still long-polling.
    let mut ana_editor = editor_socket(&s, &ana_cookies).await;
    let mut eve_editor = editor_socket(&s, &eve_cookies).await;
    let poll = |sid: Option<String>| {
        let (http, base, cookies) = (s.http.clone(), s.base.clone(), eve_cookies.clone());
        async move {
            let sid = sid.map(|sid| format!("&sid={sid}")).unwrap_or_default();
            http.get(format!(
                "{base}/etherpad/socket.io/?EIO=3&transport=polling{sid}"
            ))
            .header("cookie", cookies)
            .send()
            .await
            .unwrap()
        }
    };
    let handshake = poll(None).await.text().await.unwrap();
    let sid = handshake
        .split("\"sid\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("an engine.io sid")
        .to_owned();
    let first = poll(Some(sid.clone())).await;
    assert_eq!(first.status(), 200, "socket.io's connect packet");
    assert!(answers_ping(&mut ana_editor).await && answers_ping(&mut eve_editor).await);

    // Eve is removed: her WebSocket is closed and her polling session refused as unknown…
    chair_ws
        .send(json!({"type":"moderate","action":"kick","target":id_of(&welcome)}))
        .await;
    assert_eq!(
        next_text(&mut eve_editor).await,
        None,
        "Eve's editor is cut"
    );
    let refused = poll(Some(sid)).await;
    assert_eq!(refused.status(), 400);
    assert_eq!(
        refused.text().await.unwrap(),
        r#"{"code":1,"message":"Session ID unknown"}"#
    );
    // …while a new connection from her browser passes (its other room's pad is Etherpad's to judge)…
    assert_eq!(poll(None).await.status(), 200);
    // …and Ana's editor goes on.
    assert!(answers_ping(&mut ana_editor).await, "Ana's editor stays");
    eventually("Eve's session ended in Etherpad", || async {
        !ep.session_exists(&eve_session).await
    })
    .await;
    assert!(ep.session_exists(&ana_session).await);
}

#[tokio::test]
async fn a_chairman_clears_the_notes_and_everyone_hears_it() {
    let Some(ep) = instance() else { return };
    let s = server(&ep.url, &ep.key).await;
    let (chair, mut chair_ws, welcome) = chairman_in(&s, "weekly").await;
    let (bob, mut bob_ws, _) = guest_in(&s, "weekly", "Bob").await;
    chair_ws.expect("participant_joined").await;

    // Nothing to clear before the notes were ever opened.
    let (status, body) = chair
        .call(
            Method::POST,
            "/api/rooms/weekly/notes/clear",
            Some(json!({})),
        )
        .await;
    assert_eq!((status, body), (200, json!({"cleared": false})));

    let pad = open_as(&chair, "weekly", &id_of(&welcome), None)
        .await
        .pad_id();
    let written = ep
        .api(
            "setText",
            &[("padID", &pad), ("text", "Agenda\n1. the budget")],
        )
        .await;
    assert_eq!(written["code"], 0);

    let (status, body) = bob
        .call(
            Method::POST,
            "/api/rooms/weekly/notes/clear",
            Some(json!({})),
        )
        .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"], "not_allowed");
    assert_eq!(
        ep.text(&pad).await.as_deref(),
        Some("Agenda\n1. the budget\n")
    );

    let (status, body) = chair
        .call(
            Method::POST,
            "/api/rooms/weekly/notes/clear",
            Some(json!({})),
        )
        .await;
    assert_eq!((status, body), (200, json!({"cleared": true})));
    assert_eq!(ep.text(&pad).await.as_deref(), Some("\n"));
    // Its history went too: nothing of the agenda is left in any revision.
    let after = ep.api("getRevisionsCount", &[("padID", &pad)]).await;
    assert_eq!(after["data"]["revisions"], 0, "{after}");
    for ws in [&mut chair_ws, &mut bob_ws] {
        let told = ws.expect("notes_cleared").await;
        assert_eq!(told["by"]["name"], "Ana");
        assert_eq!(told["by"]["id"], welcome["you"]["id"]);
    }
    eventually("notes_cleared audited", || async {
        count(&s, "notes_cleared").await == 1
    })
    .await;
}

#[tokio::test]
async fn deleting_a_room_deletes_its_pad_even_when_etherpad_was_away() {
    let Some(ep) = instance() else { return };
    let mut relay = Relay::start(&ep.url).await;
    let s = server(&relay.url(), &ep.key).await;
    let admin = AdminClient::logged_in(&s, "ops").await;

    // Etherpad answers: the pad goes with the room at once.
    let (chair, _ws, welcome) = chairman_in(&s, "quarterly").await;
    let pad = open_as(&chair, "quarterly", &id_of(&welcome), None)
        .await
        .pad_id();
    ep.api("setText", &[("padID", &pad), ("text", "secret plans")])
        .await;
    let (status, _) = admin
        .call(Method::DELETE, "/api/admin/rooms/quarterly", None)
        .await;
    assert_eq!(status, 200);
    eventually("the deleted room's pad gone from Etherpad", || async {
        ep.text(&pad).await.is_none()
    })
    .await;
    // The trash row goes right after Etherpad answered, and the audit entry through its writer.
    eventually("the trash emptied", || async {
        trashed(&s).await.is_empty()
    })
    .await;
    eventually("notes_deleted audited", || async {
        count(&s, "notes_deleted").await == 1
    })
    .await;

    // Etherpad goes away during a meeting: the notes say so, the meeting goes on.
    let (chair, mut ws, welcome) = chairman_in(&s, "offsite").await;
    let pad = open_as(&chair, "offsite", &id_of(&welcome), None)
        .await
        .pad_id();
    relay.down();
    let checker = User::new(&s);
    eventually("the notes said to be unavailable", || async {
        checker.call(Method::GET, "/api/notes", None).await.1 == json!({"state": "unavailable"})
    })
    .await;
    let refused = open_as(&chair, "offsite", &id_of(&welcome), None).await;
    assert_eq!(refused.status, 503, "{}", refused.body);
    assert_eq!(refused.body["error"], "notes_unavailable");
    assert!(refused.set_cookie.is_none());
    ws.send(json!({"type": "chat", "text": "still here"})).await;
    let echoed = ws.expect("chat").await;
    assert_eq!(echoed["text"], "still here");
    assert_eq!(chair.status("offsite").await["notes"], "unavailable");
    let (_, stats) = admin.get("/api/admin/stats").await;
    assert_eq!(stats["notes"]["state"], "unavailable");
    assert!(
        stats["notes"]["reason"]
            .as_str()
            .unwrap()
            .contains("cannot be reached"),
        "{stats}"
    );

    // The room is deleted meanwhile: its group waits in the trash, with why.
    let (status, _) = admin
        .call(Method::DELETE, "/api/admin/rooms/offsite", None)
        .await;
    assert_eq!(status, 200);
    let waiting = trashed(&s).await;
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].room.as_deref(), Some("offsite"));
    eventually("a failed attempt recorded", || async {
        let rows = trashed(&s).await;
        rows.first().is_some_and(|r| {
            r.attempts >= 1
                && r.last_error
                    .as_deref()
                    .is_some_and(|e| e.contains("cannot be reached"))
        })
    })
    .await;
    assert!(ep.text(&pad).await.is_some(), "still in Etherpad");
    // The dashboard's figures say so.
    let (_, stats) = admin.get("/api/admin/stats").await;
    let trash = &stats["notes"]["trash"];
    assert_eq!(
        (trash["waiting"].as_u64(), trash["failing"].as_u64()),
        (Some(1), Some(1)),
        "{stats}"
    );
    assert!(
        trash["last_error"]
            .as_str()
            .unwrap()
            .contains("cannot be reached"),
        "{stats}"
    );

    // Etherpad is back: the notes are ready again, and the trash is emptied at once.
    relay.up().await;
    eventually("the notes ready again", || async {
        checker.call(Method::GET, "/api/notes", None).await.1 == json!({"state": "ready"})
    })
    .await;
    eventually("the pad deleted once Etherpad answered", || async {
        ep.text(&pad).await.is_none()
    })
    .await;
    eventually("the trash emptied", || async {
        trashed(&s).await.is_empty()
    })
    .await;
    let (_, stats) = admin.get("/api/admin/stats").await;
    assert_eq!(stats["notes"]["trash"], json!({"waiting": 0, "failing": 0}));
}

#[tokio::test]
async fn an_etherpad_not_there_at_start_keeps_notes_off_until_it_answers() {
    let Some(ep) = instance() else { return };
    let mut relay = Relay::start(&ep.url).await;
    relay.down();
    let s = server(&relay.url(), &ep.key).await;
    let user = User::new(&s);
    assert_eq!(
        user.call(Method::GET, "/api/notes", None).await.1,
        json!({"state": "off"}),
        "never reached: off for the rooms"
    );
    user.create("early").await;
    assert_eq!(user.status("early").await["notes"], "off");
    let (_ws, welcome) = user.join("early", "Ana").await;
    let refused = open_as(&user, "early", &id_of(&welcome), None).await;
    assert_eq!(refused.status, 404);
    assert_eq!(refused.body["error"], "notes_disabled");
    let message = refused.body["message"].as_str().unwrap();
    assert!(message.contains("not enabled"), "{message}");

    // Etherpad starts later: the next check finds it, and the notes open.
    relay.up().await;
    eventually("the notes ready", || async {
        user.call(Method::GET, "/api/notes", None).await.1 == json!({"state": "ready"})
    })
    .await;
    assert_eq!(
        open_as(&user, "early", &id_of(&welcome), None).await.status,
        200
    );
}

#[tokio::test]
async fn without_etherpad_there_are_no_notes() {
    let s = TestServer::start().await;
    let user = User::new(&s);
    assert_eq!(
        user.call(Method::GET, "/api/notes", None).await.1,
        json!({"state": "off"})
    );
    user.create("plain").await;
    let (_ws, welcome) = user.join("plain", "Ana").await;
    let refused = open_as(&user, "plain", &id_of(&welcome), None).await;
    assert_eq!(refused.status, 404);
    assert_eq!(refused.body["error"], "notes_disabled");
    let (status, body) = user
        .call(
            Method::POST,
            "/api/rooms/plain/notes/clear",
            Some(json!({})),
        )
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (404, Some("notes_disabled"))
    );
    let res = s
        .http
        .get(format!("{}/etherpad/p/g.x%24notes", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn the_pad_comes_through_vroom_and_nothing_else_of_etherpad() {
    let Some(ep) = instance() else { return };
    let s = server(&ep.url, &ep.key).await;
    let (chair, _ws, welcome) = chairman_in(&s, "pages").await;
    let opened = open_as(&chair, "pages", &id_of(&welcome), None).await;
    let pad_path = opened.body["pad"].as_str().unwrap().to_owned();
    let cookies = format!(
        "{}; sessionID={}",
        chair.cookie().unwrap(),
        opened.sessions()[0]
    );

    let get = |path: String| {
        let (http, base, cookies) = (s.http.clone(), s.base.clone(), cookies.clone());
        async move {
            http.get(format!("{base}{path}"))
                .header("cookie", cookies)
                .send()
                .await
                .unwrap()
        }
    };
    // The pad page, framable by VROOM's own pages only; its assets.
    let page = get(format!("{pad_path}?userName=Ana&lang=fr")).await;
    assert_eq!(page.status(), 200, "no ?lang= redirect here");
    assert_eq!(
        page.headers()["content-security-policy"],
        "frame-ancestors 'self'"
    );
    assert_eq!(page.headers()["x-frame-options"], "SAMEORIGIN");
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = page.text().await.unwrap();
    assert!(
        html.contains("pad.js") || html.contains("ep_etherpad-lite"),
        "Etherpad's page"
    );
    assert_eq!(
        get("/etherpad/static/css/pad.css".into()).await.status(),
        200
    );
    assert_eq!(get("/etherpad/locales.json".into()).await.status(), 200);

    // Not Etherpad's API (even with its key), nor its admin pages or anything else.
    let key_q: String = url::form_urlencoded::byte_serialize(ep.key.as_bytes()).collect();
    for path in [
        format!("/etherpad/api/1.2.15/checkToken?apikey={key_q}"),
        "/etherpad/api".into(),
        "/etherpad/admin".into(),
        "/etherpad/admin/settings".into(),
        "/etherpad/stats".into(),
        "/etherpad/".into(),
    ] {
        assert_eq!(get(path.clone()).await.status(), 404, "{path}");
    }

    // socket.io's long-polling passes through (its first answer opens the engine)…
    let polling = get("/etherpad/socket.io/?EIO=3&transport=polling".into()).await;
    assert_eq!(polling.status(), 200);
    let opened = polling.text().await.unwrap();
    assert!(opened.contains("\"sid\""), "{opened}");
    // …and so does its WebSocket: Etherpad's engine answers the upgrade and opens.
    let ws_url = format!(
        "ws://{}/etherpad/socket.io/?EIO=3&transport=websocket",
        s.base.trim_start_matches("http://")
    );
    let mut socket = common::Client::connect_with_cookie(&ws_url, Some(&cookies)).await;
    let frame = tokio::time::timeout(
        Duration::from_secs(5),
        futures_util::StreamExt::next(&mut socket.ws),
    )
    .await
    .expect("a frame within 5 s")
    .expect("open")
    .expect("no error");
    let text = frame.into_text().expect("text").to_string();
    assert!(text.starts_with("0{") && text.contains("\"sid\""), "{text}");

    // VROOM's own pages may frame the pads (here, its own address) and nothing else.
    let room_page = get("/pages".into()).await;
    let csp = room_page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.ends_with("; frame-src 'self'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
}

#[tokio::test]
async fn a_pad_on_its_own_site_gets_a_domain_cookie_and_a_framing_rule() {
    let Some(ep) = instance() else { return };
    let (url, key) = (ep.url.clone(), ep.key.clone());
    let s = TestServer::start_with(move |c| {
        c.server.public_url = "https://meet.example.org".into();
        c.etherpad.url = url;
        c.etherpad.api_key = key;
        c.etherpad.public_url = "https://pad.example.org/".into();
        c.etherpad.cookie_domain = "example.org".into();
    })
    .await;
    let (chair, _ws, welcome) = chairman_in(&s, "remote").await;
    // The browser's request comes from https://meet.example.org (the public URL), as behind a proxy.
    let mut cookies: Vec<String> = chair.cookie().into_iter().collect();
    cookies.push("sessionID=s.0123abcd".into());
    let res = chair
        .http
        .post(format!("{}/api/rooms/remote/notes", s.base))
        .header("origin", "https://meet.example.org")
        .header("cookie", cookies.join("; "))
        .json(&json!({ "participant": id_of(&welcome) }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("sessionID="))
        .unwrap()
        .to_owned();
    let body: Value = res.json().await.unwrap();
    let pad = body["pad"].as_str().unwrap();
    assert!(pad.starts_with("https://pad.example.org/p/g."), "{pad}");
    let (value, attributes) = cookie.split_once("; ").unwrap();
    assert!(
        value.ends_with(",s.0123abcd"),
        "earlier sessions kept: {value}"
    );
    assert_eq!(
        attributes,
        "Path=/; Max-Age=43200; SameSite=Lax; Domain=example.org; Secure"
    );
    let page = s
        .http
        .get(format!("{}/remote", s.base))
        .send()
        .await
        .unwrap();
    let csp = page.headers()["content-security-policy"].to_str().unwrap();
    assert!(
        csp.ends_with("; frame-src 'self' https://pad.example.org"),
        "{csp}"
    );
    // No pad pages here: browsers go to the pad's own site.
    let res = s
        .http
        .get(format!("{}/etherpad/static/css/pad.css", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}
