//! The authorisation matrix: every API action and every signalling message that needs a role, for
//! anonymous callers, participants, chairmen of another room and chairmen of this room: allowed
//! exactly where it should be.

mod common;

use std::time::Duration;

use common::scene::{CALLERS, Caller, Scene, drain, wait_for};
use common::{Client, User, id_of};
use serde_json::json;

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
