//! Joining, signalling, updates, leaving, resuming and expiry: a room's life without moderation.

use super::*;

#[test]
fn first_join_gets_an_empty_welcome_and_the_next_sees_the_first() {
    let mut room = room();
    let a = room.join(&request("Ada"), admission("a")).unwrap();
    assert!(!a.resumed);
    assert_eq!(a.outgoing[0].to, Recipient::One(pid("a")));
    assert!(welcome_of(&a.outgoing).participants.is_empty());

    let b = room.join(&request("Bob"), admission("b")).unwrap();
    let welcome = welcome_of(&b.outgoing);
    assert_eq!(welcome.you.name, "Bob");
    assert_eq!(welcome.participants.len(), 1);
    assert_eq!(welcome.participants[0].name, "Ada");
    assert_eq!(b.outgoing[1].to, Recipient::Others(pid("b")));
    assert!(matches!(
        b.outgoing[1].message,
        ServerMessage::ParticipantJoined { .. }
    ));
    assert_eq!(room.len(), 2);
}

#[test]
fn wrong_protocol_and_bad_names_are_refused() {
    let mut room = room();
    let mut req = request("Ada");
    req.protocol = 99;
    assert_eq!(
        room.join(&req, admission("a")),
        Err(JoinError::UnsupportedProtocol)
    );
    assert!(matches!(
        room.join(&request("a\u{7}"), admission("a")),
        Err(JoinError::InvalidName(_))
    ));
    assert!(room.is_empty());
}

#[test]
fn member_limit_applies_to_new_participants_but_not_to_resumes() {
    let mut room = room_with(RoomSettingsView {
        member_limit: 1,
        ..Default::default()
    });
    room.join(&request("Ada"), admission("a")).unwrap();
    assert_eq!(
        room.join(&request("Bob"), admission("b")),
        Err(JoinError::RoomFull(1))
    );
    room.disconnect(&pid("a"));
    let mut back = request("Ada");
    back.resume = Some(ResumeRequest {
        participant: pid("a"),
        token: "token-a".into(),
    });
    assert!(room.join(&back, admission("z")).unwrap().resumed);
}

#[test]
fn signals_go_only_to_their_target_with_the_sender_stamped() {
    let mut room = room();
    room.join(&request(""), admission("a")).unwrap();
    room.join(&request(""), admission("b")).unwrap();
    let out = room.handle(
        &pid("a"),
        RoomCommand::Signal {
            to: pid("b"),
            payload: candidate(),
        },
    );
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].to, Recipient::One(pid("b")));
    assert!(matches!(&out[0].message, ServerMessage::Signal { from, .. } if from == &pid("a")));
}

#[test]
fn signals_to_strangers_or_self_are_errors_for_the_sender() {
    let mut room = room();
    room.join(&request(""), admission("a")).unwrap();
    for to in ["zz", "a"] {
        let out = room.handle(
            &pid("a"),
            RoomCommand::Signal {
                to: pid(to),
                payload: candidate(),
            },
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].to, Recipient::One(pid("a")));
        assert!(matches!(
            out[0].message,
            ServerMessage::Error {
                code: ErrorCode::UnknownParticipant,
                ..
            }
        ));
    }
}

#[test]
fn commands_from_non_members_do_nothing() {
    let mut room = room();
    room.join(&request(""), admission("a")).unwrap();
    assert!(room.handle(&pid("x"), RoomCommand::Leave).is_empty());
    assert_eq!(room.len(), 1);
}

#[test]
fn updates_are_broadcast_and_validated() {
    let mut room = room();
    room.join(&request("Ada"), admission("a")).unwrap();
    room.join(&request("Bob"), admission("b")).unwrap();
    let out = room.handle(
        &pid("a"),
        RoomCommand::Update(UpdateRequest {
            audio: Some(false),
            ..Default::default()
        }),
    );
    assert_eq!(out.len(), 2);
    match &out[0].message {
        ServerMessage::ParticipantUpdated { participant } => {
            assert!(!participant.audio);
            assert!(participant.video);
        }
        other => panic!("{other:?}"),
    }
    // Same state again: nothing to say.
    let again = room.handle(
        &pid("a"),
        RoomCommand::Update(UpdateRequest {
            audio: Some(false),
            ..Default::default()
        }),
    );
    assert!(again.is_empty());
    let bad = room.handle(
        &pid("a"),
        RoomCommand::Update(UpdateRequest {
            name: Some("x".repeat(51)),
            audio: Some(true),
            ..Default::default()
        }),
    );
    assert!(matches!(
        bad[0].message,
        ServerMessage::Error {
            code: ErrorCode::InvalidName,
            ..
        }
    ));
    // A refused update changes nothing, not even its valid fields.
    assert!(
        !room
            .participants()
            .find(|p| p.id == pid("a"))
            .unwrap()
            .audio
    );
}

#[test]
fn leave_removes_and_tells_the_others() {
    let mut room = room();
    room.join(&request(""), admission("a")).unwrap();
    room.join(&request(""), admission("b")).unwrap();
    let out = room.handle(&pid("b"), RoomCommand::Leave);
    assert_eq!(
        out,
        vec![Outgoing {
            to: Recipient::Others(pid("b")),
            message: ServerMessage::ParticipantLeft {
                id: pid("b"),
                reason: LeaveReason::Left
            }
        }]
    );
    assert_eq!(room.len(), 1);
}

#[test]
fn a_dropped_participant_can_resume_with_its_token_only() {
    let mut room = room();
    room.join(&request("Ada"), admission("a")).unwrap();
    room.join(&request("Bob"), admission("b")).unwrap();
    let out = room.disconnect(&pid("a"));
    assert!(matches!(&out[0].message,
        ServerMessage::ParticipantUpdated { participant } if !participant.connected));
    assert!(room.disconnect(&pid("a")).is_empty(), "idempotent");

    // Signals to a reconnecting participant are refused, not lost silently.
    let out = room.handle(
        &pid("b"),
        RoomCommand::Signal {
            to: pid("a"),
            payload: candidate(),
        },
    );
    assert!(matches!(
        out[0].message,
        ServerMessage::Error {
            code: ErrorCode::ParticipantUnavailable,
            ..
        }
    ));

    let mut wrong = request("Ada");
    wrong.resume = Some(ResumeRequest {
        participant: pid("a"),
        token: "guess".into(),
    });
    let fresh = room.join(&wrong, admission("c")).unwrap();
    assert!(!fresh.resumed);
    assert_eq!(fresh.id, pid("c"));

    let mut right = request("Ada");
    right.audio = false;
    right.resume = Some(ResumeRequest {
        participant: pid("a"),
        token: "token-a".into(),
    });
    let back = room.join(&right, admission("d")).unwrap();
    assert!(back.resumed);
    assert_eq!(back.id, pid("a"));
    let welcome = welcome_of(&back.outgoing);
    assert!(welcome.resumed);
    assert_eq!(welcome.resume_token, "token-a");
    assert!(!welcome.you.audio);
    assert!(matches!(&back.outgoing[1].message,
        ServerMessage::ParticipantUpdated { participant } if participant.connected));
    // Expiry after a successful resume does nothing.
    assert!(room.expire(&pid("a")).is_empty());
    assert_eq!(room.len(), 3);
}

#[test]
fn expiry_removes_a_participant_that_did_not_come_back() {
    let mut room = room();
    room.join(&request(""), admission("a")).unwrap();
    room.join(&request(""), admission("b")).unwrap();
    room.disconnect(&pid("a"));
    let out = room.expire(&pid("a"));
    assert!(matches!(
        out[0].message,
        ServerMessage::ParticipantLeft {
            reason: LeaveReason::TimedOut,
            ..
        }
    ));
    assert!(!room.contains(&pid("a")));
    assert!(room.expire(&pid("a")).is_empty());
}

#[test]
fn ending_tells_each_connected_member_and_empties_the_room() {
    let mut room = room().with_chat_history(10);
    room.join(&request("Ada"), admission("a")).unwrap();
    room.join(&request("Bob"), admission("b")).unwrap();
    room.join(&request("Cy"), admission("c")).unwrap();
    room.handle(
        &pid("a"),
        RoomCommand::Chat {
            text: "hello".into(),
            at: 1,
        },
    );
    room.disconnect(&pid("c"));

    let out = room.end(EndReason::Deleted);
    let told: Vec<_> = out.iter().map(|o| o.to.clone()).collect();
    assert_eq!(
        told,
        vec![Recipient::One(pid("a")), Recipient::One(pid("b"))],
        "a reconnecting member has no connection to tell"
    );
    assert!(out.iter().all(|o| o.message
        == ServerMessage::Ended {
            reason: EndReason::Deleted
        }));
    assert!(
        room.is_empty(),
        "nobody is kept, not even for a reconnection"
    );
    assert!(room.expire(&pid("c")).is_empty());

    // Whoever comes back is a newcomer: no place to resume, no chat of the meeting that ended.
    let mut back = request("Cy");
    back.resume = Some(ResumeRequest {
        participant: pid("c"),
        token: "token-c".into(),
    });
    let again = room.join(&back, admission("d")).unwrap();
    assert!(!again.resumed);
    let welcome = welcome_of(&again.outgoing);
    assert!(welcome.participants.is_empty());
    assert!(welcome.chat.is_empty());
}

#[test]
fn ending_an_empty_room_says_nothing() {
    let mut room = room();
    assert!(room.end(EndReason::Ended).is_empty());
    assert!(room.is_empty());
}
