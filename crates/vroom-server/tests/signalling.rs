//! The WebSocket signalling channel, driven by a real client against a real server.

mod common;

use std::time::Duration;

use common::{TestServer, id_of, resume_join};
use futures_util::SinkExt;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

fn candidate() -> serde_json::Value {
    json!({"kind":"candidate","candidate":{"candidate":"candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host","sdpMid":"0","sdpMLineIndex":0}})
}

#[tokio::test]
async fn join_welcomes_and_announces() {
    let s = TestServer::start().await;
    let room = s.create_room("standup").await;
    let (mut ada, welcome_a) = s.join(&room, "Ada").await;
    assert_eq!(welcome_a["protocol"], 1);
    assert_eq!(welcome_a["room"], "standup");
    assert_eq!(welcome_a["resumed"], false);
    assert_eq!(welcome_a["participants"], json!([]));
    assert!(welcome_a["resume_token"].as_str().unwrap().len() >= 40);
    assert!(welcome_a["ice"]["iceServers"].is_array());
    assert_eq!(welcome_a["limits"]["max_message_bytes"], 65536);

    let (_bob, welcome_b) = s.join(&room, "Bob").await;
    let others = welcome_b["participants"].as_array().unwrap();
    assert_eq!(others.len(), 1);
    assert_eq!(others[0]["name"], "Ada");
    assert_eq!(others[0]["id"], id_of(&welcome_a));

    let joined = ada.expect("participant_joined").await;
    assert_eq!(joined["participant"]["name"], "Bob");
    assert_eq!(joined["participant"]["id"], id_of(&welcome_b));
    assert_eq!(joined["participant"]["connected"], true);

    // The HTTP API counts them.
    let status: serde_json::Value = s
        .http
        .get(format!("{}/api/rooms/standup", s.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["participants"], 2);
}

#[tokio::test]
async fn signals_are_relayed_within_the_room_with_the_sender_stamped() {
    let s = TestServer::start().await;
    s.create_room("one").await;
    s.create_room("two").await;
    let (mut a, wa) = s.join("one", "A").await;
    let (mut b, wb) = s.join("one", "B").await;
    let (mut c, wc) = s.join("two", "C").await;
    a.expect("participant_joined").await;

    // A tries to pass itself off as C: the server stamps the real sender.
    a.send(json!({"type":"signal","to":id_of(&wb),"from":id_of(&wc),"payload":candidate()}))
        .await;
    let got = b.expect("signal").await;
    assert_eq!(got["from"], id_of(&wa));
    assert_eq!(got["payload"], candidate());

    let offer = json!({"kind":"description","description":{"type":"offer","sdp":"v=0\r\n"}});
    b.send(json!({"type":"signal","to":id_of(&wa),"payload":offer}))
        .await;
    let got = a.expect("signal").await;
    assert_eq!(got["from"], id_of(&wb));
    assert_eq!(got["payload"]["description"]["type"], "offer");

    // Another room's participant is unreachable.
    a.send(json!({"type":"signal","to":id_of(&wc),"payload":candidate()}))
        .await;
    let err = a.expect("error").await;
    assert_eq!(err["code"], "unknown_participant");
    assert!(c.try_next(Duration::from_millis(300)).await.is_none());
}

#[tokio::test]
async fn updates_reach_everyone() {
    let s = TestServer::start().await;
    let ((mut a, _), (mut b, wb)) = s.pair().await;
    b.send(json!({"type":"update","audio":false,"name":"  Bea "}))
        .await;
    let seen = a.expect("participant_updated").await;
    assert_eq!(seen["participant"]["id"], id_of(&wb));
    assert_eq!(seen["participant"]["audio"], false);
    assert_eq!(seen["participant"]["video"], true);
    assert_eq!(seen["participant"]["name"], "Bea");
    let echo = b.expect("participant_updated").await;
    assert_eq!(echo["participant"]["audio"], false);
}

#[tokio::test]
async fn leave_and_close_remove_at_once() {
    let s = TestServer::start().await;
    s.create_room("r").await;
    let (mut a, _) = s.join("r", "A").await;
    let (mut b, wb) = s.join("r", "B").await;
    let (mut c, wc) = s.join("r", "C").await;
    a.expect("participant_joined").await;
    a.expect("participant_joined").await;

    b.send(json!({"type":"leave"})).await;
    let left = a.expect("participant_left").await;
    assert_eq!(left["id"], id_of(&wb));
    assert_eq!(left["reason"], "left");
    assert_eq!(b.closed().await, Some(1000));

    // Closing the socket cleanly (a closed tab) counts as leaving too.
    c.ws.close(None).await.unwrap();
    let left = a.expect("participant_left").await;
    assert_eq!(left["id"], id_of(&wc));
    assert_eq!(left["reason"], "left");
}

#[tokio::test]
async fn a_lost_connection_keeps_its_place_until_the_grace_period_ends() {
    let s = TestServer::start().await;
    let ((mut a, _), (b, wb)) = s.pair().await;
    // Drop the TCP connection without a close handshake.
    drop(b);
    let update = a.expect("participant_updated").await;
    assert_eq!(update["participant"]["id"], id_of(&wb));
    assert_eq!(update["participant"]["connected"], false);
    let left = a.expect("participant_left").await;
    assert_eq!(left["reason"], "timed_out");
}

#[tokio::test]
async fn resume_takes_the_place_back_with_the_same_id() {
    let s = TestServer::start().await;
    let ((mut a, _), (b, wb)) = s.pair().await;
    drop(b);
    a.expect("participant_updated").await;

    let mut b2 = s.connect().await;
    b2.send(
        json!({"type":"join","protocol":1,"room":"r","name":"B","audio":false,
        "resume":{"participant":id_of(&wb),"token":wb["resume_token"]}}),
    )
    .await;
    let welcome = b2.expect("welcome").await;
    assert_eq!(welcome["resumed"], true);
    assert_eq!(id_of(&welcome), id_of(&wb));
    assert_eq!(welcome["participants"].as_array().unwrap().len(), 1);
    let back = a.expect("participant_updated").await;
    assert_eq!(back["participant"]["connected"], true);
    assert_eq!(back["participant"]["audio"], false);
    // The grace timer must not remove a participant that came back.
    assert!(a.try_next(Duration::from_millis(2500)).await.is_none());

    // A wrong token gets a fresh identity instead.
    let mut impostor = s.connect().await;
    impostor
        .send(json!({"type":"join","protocol":1,"room":"r",
            "resume":{"participant":id_of(&wb),"token":"wrong"}}))
        .await;
    let welcome = impostor.expect("welcome").await;
    assert_eq!(welcome["resumed"], false);
    assert_ne!(id_of(&welcome), id_of(&wb));
}

#[tokio::test]
async fn a_server_side_cut_is_followed_by_a_resume() {
    let s = TestServer::start().await;
    let ((mut a, _), (mut b, wb)) = s.pair().await;
    let res = s
        .http
        .post(format!("{}/api/debug/drop-connection", s.base))
        .json(&json!({"room":"r","participant":id_of(&wb)}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    b.closed().await;
    assert_eq!(
        a.expect("participant_updated").await["participant"]["connected"],
        false
    );
    let mut b2 = s.connect().await;
    b2.send(resume_join(&wb)).await;
    assert_eq!(b2.expect("welcome").await["resumed"], true);
}

#[tokio::test]
async fn bad_input_gets_error_frames_and_the_connection_survives() {
    let s = TestServer::start().await;
    let ((mut a, _), (mut b, _)) = s.pair().await;
    for (text, code) in [
        ("not json".to_owned(), "malformed"),
        ("{\"type\":\"signal\",\"to\":\"x\"}".to_owned(), "malformed"),
        (
            "{\"type\":\"signal\",\"to\":\"../../etc\",\"payload\":{}}".to_owned(),
            "malformed",
        ),
        ("{\"type\":\"explode\"}".to_owned(), "unknown_type"),
        ("{\"no_type\":1}".to_owned(), "malformed"),
        (
            "{\"type\":\"join\",\"protocol\":1,\"room\":\"r\"}".to_owned(),
            "already_joined",
        ),
        (
            "{\"type\":\"update\",\"name\":\"a\\u0000b\"}".to_owned(),
            "invalid_name",
        ),
    ] {
        b.send_text(text.clone()).await;
        let err = b.expect("error").await;
        assert_eq!(err["code"], code, "for {text}");
    }
    b.ws.send(Message::Binary(vec![1, 2, 3].into()))
        .await
        .unwrap();
    assert_eq!(b.expect("error").await["code"], "malformed");
    b.send(json!({"type":"ping","t":42})).await;
    assert_eq!(b.expect("pong").await["t"], 42);
    // Nothing of this reached the other participant.
    assert!(a.try_next(Duration::from_millis(200)).await.is_none());
}

#[tokio::test]
async fn oversized_messages_are_refused() {
    let s = TestServer::start_with(|c| c.signalling.max_message_bytes = 4096).await;
    s.create_room("r").await;
    let (mut a, _) = s.join("r", "A").await;
    let big = format!("{{\"type\":\"ping\",\"pad\":\"{}\"}}", "x".repeat(5000));
    a.send_text(big).await;
    let err = a.expect("error").await;
    assert_eq!(err["code"], "message_too_large");
    a.send(json!({"type":"ping"})).await;
    a.expect("pong").await;
    // Past twice the limit the transport gives up: 1009 "message too big".
    let huge = format!("{{\"type\":\"ping\",\"pad\":\"{}\"}}", "x".repeat(9000));
    a.send_text(huge).await;
    let code = a.closed().await;
    assert!(matches!(code, Some(1009) | None), "closed with {code:?}");
}

#[tokio::test]
async fn join_refusals_close_the_connection() {
    let s = TestServer::start_with(|c| {
        c.rooms.max_members = 1;
        c.signalling.join_timeout = 1;
    })
    .await;
    s.create_room("r").await;

    let mut ghost = s.connect().await;
    ghost
        .send(json!({"type":"join","protocol":1,"room":"nowhere"}))
        .await;
    assert_eq!(ghost.expect("error").await["code"], "room_not_found");
    assert_eq!(ghost.closed().await, Some(4404));

    let mut bad = s.connect().await;
    bad.send(json!({"type":"join","protocol":1,"room":"a b"}))
        .await;
    assert_eq!(bad.expect("error").await["code"], "invalid_room_name");

    let mut old = s.connect().await;
    old.send(json!({"type":"join","protocol":7,"room":"r"}))
        .await;
    assert_eq!(old.expect("error").await["code"], "unsupported_protocol");

    let mut early = s.connect().await;
    early
        .send(json!({"type":"signal","to":"x","payload":candidate()}))
        .await;
    assert_eq!(early.expect("error").await["code"], "not_joined");

    let (_first, _) = s.join("r", "first").await;
    let mut second = s.connect().await;
    second
        .send(json!({"type":"join","protocol":1,"room":"r"}))
        .await;
    assert_eq!(second.expect("error").await["code"], "room_full");
    assert_eq!(second.closed().await, Some(4409));

    let mut silent = s.connect().await;
    assert_eq!(silent.expect("error").await["code"], "join_timeout");
}

#[tokio::test]
async fn floods_are_rate_limited() {
    let s = TestServer::start_with(|c| {
        c.signalling.messages_per_second = 1;
        c.signalling.messages_burst = 5;
    })
    .await;
    s.create_room("r").await;
    let (mut a, _) = s.join("r", "A").await;
    for _ in 0..10 {
        a.send(json!({"type":"ping"})).await;
    }
    let mut limited = 0;
    for _ in 0..10 {
        if a.next().await["code"] == "rate_limited" {
            limited += 1;
        }
    }
    assert!(limited >= 4, "{limited} of 10 were limited");
}

#[tokio::test]
async fn ice_refresh_gives_fresh_turn_credentials() {
    let s = TestServer::start_with(|c| {
        c.ice.turn_urls = vec!["turn:turn.example:3478".into()];
        c.ice.turn_credentials = vroom_server::config::TurnCredentials::Rest;
        c.ice.turn_secret = "a-long-shared-secret".into();
        c.ice.turn_ttl = 3600;
    })
    .await;
    s.create_room("r").await;
    let (mut a, welcome) = s.join("r", "A").await;
    let turn = &welcome["ice"]["iceServers"][0];
    let username = turn["username"].as_str().unwrap();
    let (expiry, who) = username.split_once(':').unwrap();
    assert_eq!(who, id_of(&welcome));
    assert_eq!(
        welcome["ice"]["expires_at"].as_u64().unwrap().to_string(),
        expiry
    );
    a.send(json!({"type":"ice_refresh"})).await;
    let fresh = a.expect("ice_servers").await;
    assert!(fresh["iceServers"][0]["credential"].is_string());
    assert!(fresh["expires_at"].as_u64().unwrap() >= expiry.parse::<u64>().unwrap());
}

#[tokio::test]
async fn cross_site_websocket_upgrades_are_refused() {
    let s = TestServer::start().await;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let mut request = s.ws_url.as_str().into_client_request().unwrap();
    request
        .headers_mut()
        .insert("origin", "http://evil.example".parse().unwrap());
    let result = tokio_tungstenite::connect_async(request).await;
    assert!(result.is_err(), "a cross-site upgrade must fail");
}

#[tokio::test]
async fn shutdown_tells_clients_to_come_back() {
    let mut s = TestServer::start().await;
    s.create_room("r").await;
    let (mut a, _) = s.join("r", "A").await;
    let server = s.server.take().unwrap();
    let stopping = tokio::spawn(server.shutdown());
    assert_eq!(a.expect("error").await["code"], "server_shutting_down");
    assert_eq!(a.closed().await, Some(1012));
    stopping.await.unwrap();
}

#[tokio::test]
async fn an_old_grace_timer_does_not_remove_a_participant_lost_again() {
    // Grace is 2 s: lose at t0, resume at ~t0+1.2, lose again at ~t0+1.5. The first timer (t0+2) must not
    // remove the participant; only the second (~t0+3.5) may.
    let s = TestServer::start().await;
    let ((mut a, _), (b, wb)) = s.pair().await;
    let t0 = tokio::time::Instant::now();
    drop(b);
    a.expect("participant_updated").await;
    tokio::time::sleep_until(t0 + Duration::from_millis(1200)).await;
    let mut b2 = s.connect().await;
    b2.send(resume_join(&wb)).await;
    assert_eq!(b2.expect("welcome").await["resumed"], true);
    assert_eq!(
        a.expect("participant_updated").await["participant"]["connected"],
        true
    );
    tokio::time::sleep_until(t0 + Duration::from_millis(1500)).await;
    drop(b2);
    assert_eq!(
        a.expect("participant_updated").await["participant"]["connected"],
        false
    );
    // Past the first timer, B is still only reconnecting.
    let quiet = a.try_next(Duration::from_millis(1500)).await;
    assert!(
        quiet.is_none(),
        "nothing should happen at the stale timer, got {quiet:?}"
    );
    let left = a.expect("participant_left").await;
    assert_eq!(left["reason"], "timed_out");
    assert!(t0.elapsed() >= Duration::from_millis(3400));
}

#[tokio::test]
async fn a_stale_connection_cannot_take_the_place_of_a_newer_one() {
    let s = TestServer::start().await;
    let ((mut a, _), (b, wb)) = s.pair().await;
    let resume = resume_join(&wb);
    // The client opens a socket, which stalls; it gives up on it and opens another.
    let mut stalled = s.connect().await;
    drop(b);
    a.expect("participant_updated").await;
    let mut fresh = s.connect().await;
    fresh.send(resume.clone()).await;
    assert_eq!(fresh.expect("welcome").await["resumed"], true);
    a.expect("participant_updated").await;
    // The stalled socket's join finally arrives: refused, and the newer connection lives on.
    stalled.send(resume).await;
    assert_eq!(stalled.expect("error").await["code"], "resume_failed");
    assert_eq!(stalled.closed().await, Some(4000));
    fresh.send(json!({"type":"ping"})).await;
    fresh.expect("pong").await;
    assert!(a.try_next(Duration::from_millis(300)).await.is_none());
}

#[tokio::test]
async fn one_address_cannot_hold_too_many_connections() {
    let s = TestServer::start_with(|c| c.limits.max_connections_per_address = 2).await;
    let first = s.connect().await;
    let _second = s.connect().await;
    let refused = tokio_tungstenite::connect_async(s.ws_url.as_str()).await;
    match refused {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), 429)
        }
        other => panic!("expected a 429, got {other:?}"),
    }
    // A closed connection gives its place back.
    drop(first);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let _third = s.connect().await;
}

#[tokio::test]
async fn chat_is_relayed_kept_for_latecomers_and_limited() {
    let s = TestServer::start_with(|c| {
        c.rooms.chat_history = 2;
        c.signalling.chat_messages_per_minute = 1;
    })
    .await;
    let ((mut a, _), (mut b, _)) = s.pair().await;
    for text in ["one", "two <img src=x onerror=alert(1)>", "three"] {
        a.send(json!({"type":"chat","text":text})).await;
    }
    // The sender hears its own messages back (with the server's stamp), the other one too.
    for client in [&mut a, &mut b] {
        let first = client.expect("chat").await;
        assert_eq!(first["text"], "one");
        assert_eq!(first["from"]["name"], "A");
        assert!(first["at"].as_u64().unwrap() > 1_700_000_000_000);
        assert_eq!(
            client.expect("chat").await["text"],
            "two <img src=x onerror=alert(1)>"
        );
        assert_eq!(client.expect("chat").await["text"], "three");
    }
    // Later people get the last two.
    let (_c, welcome) = s.join("r", "C").await;
    let history: Vec<&str> = welcome["chat"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["two <img src=x onerror=alert(1)>", "three"]);
    // Past the burst of ten, the per-minute rate applies.
    for i in 0..12 {
        b.send(json!({"type":"chat","text":format!("b{i}")})).await;
    }
    let mut limited = false;
    for _ in 0..40 {
        let Some(msg) = b.try_next(std::time::Duration::from_millis(500)).await else {
            break;
        };
        if msg["type"] == "error" && msg["code"] == "rate_limited" {
            limited = true;
            break;
        }
    }
    assert!(limited, "the eleventh message in a burst is refused");
    // Empty and oversized messages are refused with their own code.
    a.send(json!({"type":"chat","text":"   "})).await;
    loop {
        let msg = a.next().await;
        if msg["type"] == "error" {
            assert_eq!(msg["code"], "invalid_chat");
            break;
        }
    }
}

#[tokio::test]
async fn hands_and_reactions_reach_everyone() {
    let s = TestServer::start().await;
    let ((mut a, _), (mut b, wb)) = s.pair().await;
    b.send(json!({"type":"update","hand":true})).await;
    let seen = a.expect("participant_updated").await;
    assert_eq!(seen["participant"]["hand"], true);
    assert_eq!(seen["participant"]["id"], wb["you"]["id"]);
    b.send(json!({"type":"react","reaction":"clap"})).await;
    loop {
        let msg = a.next().await;
        if msg["type"] == "reaction" {
            assert_eq!(msg["reaction"], "clap");
            assert_eq!(msg["from"]["name"], "B");
            break;
        }
    }
    b.send(json!({"type":"react","reaction":"<script>"})).await;
    loop {
        let msg = b.next().await;
        if msg["type"] == "error" {
            assert_eq!(msg["code"], "malformed");
            break;
        }
    }
}
