use super::*;
use crate::protocol::{IceCandidate, MAX_CHAT_CHARS, ResumeRequest};

fn pid(s: &str) -> ParticipantId {
    ParticipantId::parse(s).unwrap()
}

fn admission(id: &str) -> Admission {
    Admission {
        id: pid(id),
        resume_token: format!("token-{id}"),
        ice: IceConfig::default(),
        limits: Limits {
            max_message_bytes: 1000,
            ping_interval_ms: 1000,
            reconnect_grace_ms: 1000,
        },
        granted: None,
        banned_for: None,
        invited: false,
    }
}

fn request(name: &str) -> JoinRequest {
    JoinRequest {
        protocol: PROTOCOL_VERSION,
        room: "r".into(),
        name: name.into(),
        audio: true,
        video: true,
        colour: None,
        screen: false,
        resume: None,
    }
}

fn room() -> Room {
    Room::new(
        RoomName::parse("r").unwrap(),
        RoomSettingsView::default(),
        600,
    )
}

fn room_with(settings: RoomSettingsView) -> Room {
    Room::new(RoomName::parse("r").unwrap(), settings, 600)
}

fn as_role(id: &str, granted: Option<Role>) -> Admission {
    Admission {
        granted,
        ..admission(id)
    }
}

/// A room with a chairman `c`, and `p` and `q` as participants.
fn chaired() -> Room {
    let mut room = room();
    room.join(&request("Chair"), as_role("c", Some(Role::Chairman)))
        .unwrap();
    room.join(&request("Pat"), admission("p")).unwrap();
    room.join(&request("Quinn"), admission("q")).unwrap();
    room
}

fn info_of(room: &Room, id: &str) -> ParticipantInfo {
    room.participants()
        .find(|p| p.id == pid(id))
        .cloned()
        .unwrap()
}

fn candidate() -> SignalPayload {
    SignalPayload::Candidate {
        candidate: IceCandidate {
            candidate: String::new(),
            sdp_mid: None,
            sdp_m_line_index: None,
            username_fragment: None,
        },
    }
}

fn welcome_of(out: &[Outgoing]) -> &Welcome {
    match &out[0].message {
        ServerMessage::Welcome(w) => w,
        other => panic!("expected welcome, got {other:?}"),
    }
}

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
fn roles_come_from_what_the_session_was_granted() {
    let mut room = room();
    room.join(&request("Chair"), as_role("c", Some(Role::Chairman)))
        .unwrap();
    room.join(&request("Pat"), admission("p")).unwrap();
    assert_eq!(room.role(&pid("c")), Some(Role::Chairman));
    assert_eq!(room.role(&pid("p")), Some(Role::Participant));
    assert_eq!(info_of(&room, "c").role, Role::Chairman);
}

#[test]
fn a_lock_keeps_out_everyone_new_but_chairmen() {
    let mut room = room_with(RoomSettingsView {
        locked: true,
        owner_password: true,
        ..Default::default()
    });
    assert_eq!(
        room.join(&request("x"), admission("a")),
        Err(JoinError::Locked {
            owner_password: true
        })
    );
    // Even someone who was let in before, with a participant role, is a newcomer to a locked room.
    assert_eq!(
        room.join(&request("x"), as_role("b", Some(Role::Participant)))
            .unwrap_err()
            .code(),
        ErrorCode::Locked
    );
    assert!(
        room.join(&request("x"), as_role("c", Some(Role::Chairman)))
            .is_ok()
    );
}

#[test]
fn locking_does_not_throw_out_or_block_the_resume_of_those_inside() {
    let mut room = room();
    room.join(&request("Pat"), admission("p")).unwrap();
    room.set_settings(
        RoomSettingsView {
            locked: true,
            ..Default::default()
        },
        None,
        vec!["locked".into()],
    );
    room.disconnect(&pid("p"));
    let mut back = request("Pat");
    back.resume = Some(ResumeRequest {
        participant: pid("p"),
        token: "token-p".into(),
    });
    assert!(room.join(&back, admission("z")).unwrap().resumed);
}

#[test]
fn a_join_password_admits_only_sessions_that_gave_it() {
    let mut room = room_with(RoomSettingsView {
        join_password: true,
        ..Default::default()
    });
    assert_eq!(
        room.join(&request("x"), admission("a")),
        Err(JoinError::PasswordRequired)
    );
    assert!(
        room.join(&request("x"), as_role("b", Some(Role::Participant)))
            .is_ok()
    );
    assert!(
        room.join(&request("x"), as_role("c", Some(Role::Chairman)))
            .is_ok()
    );
}

#[test]
fn a_required_name_refuses_anonymous_newcomers() {
    let mut room = room_with(RoomSettingsView {
        require_name: true,
        ..Default::default()
    });
    assert_eq!(
        room.join(&request("   "), admission("a")),
        Err(JoinError::NameRequired)
    );
    assert!(room.join(&request("Ada"), admission("a")).is_ok());
}

#[test]
fn the_member_limit_counts_everyone_chairmen_included() {
    let mut room = room_with(RoomSettingsView {
        member_limit: 2,
        ..Default::default()
    });
    room.join(&request(""), admission("a")).unwrap();
    room.join(&request(""), admission("b")).unwrap();
    assert_eq!(
        room.join(&request(""), as_role("c", Some(Role::Chairman))),
        Err(JoinError::RoomFull(2))
    );
}

#[test]
fn participants_cannot_moderate() {
    let mut room = chaired();
    for action in [
        ModerationAction::Mute,
        ModerationAction::StopVideo,
        ModerationAction::AskUnmute,
        ModerationAction::AskVideo,
        ModerationAction::Kick,
        ModerationAction::Promote,
    ] {
        let m = room.moderate(&pid("p"), action, &pid("q"));
        assert_eq!(
            m.outcome,
            ModerationOutcome::Refused(ErrorCode::NotAllowed),
            "{action:?}"
        );
        assert_eq!(m.outgoing.len(), 1);
        assert_eq!(m.outgoing[0].to, Recipient::One(pid("p")));
    }
    assert_eq!(
        room.mute_all(&pid("p")).outcome,
        ModerationOutcome::Refused(ErrorCode::NotAllowed)
    );
    // Nothing changed for the would-be targets.
    assert!(info_of(&room, "q").audio && info_of(&room, "q").video);
    assert_eq!(room.len(), 3);
    assert_eq!(room.role(&pid("q")), Some(Role::Participant));
}

#[test]
fn a_chairman_mutes_and_everyone_hears_who_did_it() {
    let mut room = chaired();
    let m = room.moderate(&pid("c"), ModerationAction::Mute, &pid("p"));
    assert_eq!(m.outcome, ModerationOutcome::Done(None));
    assert!(!info_of(&room, "p").audio);
    assert!(m.outgoing.iter().all(|o| o.to == Recipient::All));
    assert!(m.outgoing.iter().any(|o| matches!(
        &o.message,
        ServerMessage::Moderated { action: ModerationNotice::Muted, by, target: Some(t) }
            if by.name == "Chair" && t.id == pid("p")
    )));
    // Muting again changes nothing and says nothing.
    let again = room.moderate(&pid("c"), ModerationAction::Mute, &pid("p"));
    assert_eq!(again.outcome, ModerationOutcome::NoChange);
    assert!(again.outgoing.is_empty());

    let v = room.moderate(&pid("c"), ModerationAction::StopVideo, &pid("p"));
    assert_eq!(v.outcome, ModerationOutcome::Done(None));
    assert!(!info_of(&room, "p").video);
}

#[test]
fn nobody_turns_another_persons_microphone_on_they_can_only_ask() {
    let mut room = chaired();
    room.moderate(&pid("c"), ModerationAction::Mute, &pid("p"));
    let ask = room.moderate(&pid("c"), ModerationAction::AskUnmute, &pid("p"));
    assert_eq!(ask.outcome, ModerationOutcome::Done(None));
    assert!(!info_of(&room, "p").audio, "asking does not unmute");
    assert_eq!(ask.outgoing.len(), 1);
    assert_eq!(ask.outgoing[0].to, Recipient::One(pid("p")));
    assert!(matches!(
        &ask.outgoing[0].message,
        ServerMessage::Request { kind: RequestKind::Unmute, by } if by.id == pid("c")
    ));
    // Asking someone whose microphone is on already is pointless.
    let pointless = room.moderate(&pid("c"), ModerationAction::AskUnmute, &pid("q"));
    assert_eq!(pointless.outcome, ModerationOutcome::NoChange);
    // Another participant's "update" only ever changes the sender.
    let out = room.handle(
        &pid("q"),
        RoomCommand::Update(UpdateRequest {
            audio: Some(true),
            ..Default::default()
        }),
    );
    assert!(out.is_empty());
    assert!(!info_of(&room, "p").audio);
}

#[test]
fn mute_all_spares_the_chairman_who_asked() {
    let mut room = chaired();
    let m = room.mute_all(&pid("c"));
    assert_eq!(m.outcome, ModerationOutcome::Done(None));
    assert!(info_of(&room, "c").audio);
    assert!(!info_of(&room, "p").audio && !info_of(&room, "q").audio);
    assert!(matches!(
        m.outgoing.last().unwrap().message,
        ServerMessage::Moderated {
            action: ModerationNotice::MutedAll,
            target: None,
            ..
        }
    ));
}

#[test]
fn kick_tells_the_target_first_then_removes_it() {
    let mut room = chaired();
    let m = room.moderate(&pid("c"), ModerationAction::Kick, &pid("p"));
    assert_eq!(m.outcome, ModerationOutcome::Done(Some(Effect::Kicked)));
    assert_eq!(m.outgoing[0].to, Recipient::One(pid("p")));
    assert!(matches!(
        &m.outgoing[0].message,
        ServerMessage::Kicked { by, ban_seconds: 600 } if by.name == "Chair"
    ));
    assert!(m.outgoing.iter().any(|o| matches!(
        o.message,
        ServerMessage::ParticipantLeft {
            reason: LeaveReason::Kicked,
            ..
        }
    )));
    assert!(!room.contains(&pid("p")));
    // Its resume token no longer brings it back.
    let mut back = request("Pat");
    back.resume = Some(ResumeRequest {
        participant: pid("p"),
        token: "token-p".into(),
    });
    assert!(!room.join(&back, admission("p2")).unwrap().resumed);
}

#[test]
fn promote_makes_a_chairman_who_can_then_moderate() {
    let mut room = chaired();
    let m = room.moderate(&pid("c"), ModerationAction::Promote, &pid("p"));
    assert_eq!(m.outcome, ModerationOutcome::Done(Some(Effect::Promoted)));
    assert_eq!(room.role(&pid("p")), Some(Role::Chairman));
    assert!(m.outgoing.iter().any(|o| matches!(
        &o.message,
        ServerMessage::ParticipantUpdated { participant } if participant.role == Role::Chairman
    )));
    let now = room.moderate(&pid("p"), ModerationAction::Mute, &pid("q"));
    assert_eq!(now.outcome, ModerationOutcome::Done(None));
}

#[test]
fn targets_must_be_someone_else_in_this_room() {
    let mut room = chaired();
    assert_eq!(
        room.moderate(&pid("c"), ModerationAction::Kick, &pid("c"))
            .outcome,
        ModerationOutcome::Refused(ErrorCode::NotAllowed)
    );
    assert_eq!(
        room.moderate(&pid("c"), ModerationAction::Mute, &pid("elsewhere"))
            .outcome,
        ModerationOutcome::Refused(ErrorCode::UnknownParticipant)
    );
}

#[test]
fn settings_changes_reach_everyone_with_who_made_them() {
    let mut room = chaired();
    let view = RoomSettingsView {
        locked: true,
        ..Default::default()
    };
    let out = room.set_settings(view.clone(), Some(&pid("c")), vec!["locked".into()]);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].to, Recipient::All);
    assert!(matches!(
        &out[0].message,
        ServerMessage::RoomSettings { settings, by: Some(by), changed }
            if *settings == view && by.name == "Chair" && changed == &["locked".to_string()]
    ));
    assert_eq!(room.settings(), &view);
}

#[test]
fn a_ban_keeps_out_newcomers_but_not_a_resume_or_a_chairman() {
    let mut room = room();
    room.join(&request("Pat"), admission("p")).unwrap();
    room.disconnect(&pid("p"));
    let banned = |id, granted| Admission {
        banned_for: Some(90),
        granted,
        ..admission(id)
    };
    for granted in [None, Some(Role::Participant)] {
        assert_eq!(
            room.join(&request("x"), banned("b", granted)),
            Err(JoinError::Banned(90))
        );
    }
    assert!(
        room.join(&request("Owner"), banned("o", Some(Role::Chairman)))
            .is_ok()
    );
    let mut back = request("Pat");
    back.resume = Some(ResumeRequest {
        participant: pid("p"),
        token: "token-p".into(),
    });
    assert!(room.join(&back, banned("z", None)).unwrap().resumed);
}

#[test]
fn a_required_name_cannot_be_cleared_afterwards() {
    let mut room = room_with(RoomSettingsView {
        require_name: true,
        ..Default::default()
    });
    room.join(&request("Ada"), admission("a")).unwrap();
    let out = room.handle(
        &pid("a"),
        RoomCommand::Update(UpdateRequest {
            name: Some(" ".into()),
            ..Default::default()
        }),
    );
    assert!(matches!(
        out[0].message,
        ServerMessage::Error {
            code: ErrorCode::NameRequired,
            ..
        }
    ));
    assert_eq!(info_of(&room, "a").name, "Ada");
}

#[test]
fn a_resume_does_not_undo_a_chairmans_mute() {
    let mut room = chaired();
    room.disconnect(&pid("p"));
    room.moderate(&pid("c"), ModerationAction::Mute, &pid("p"));
    room.moderate(&pid("c"), ModerationAction::StopVideo, &pid("p"));
    // The client comes back saying its microphone and camera are on, as they were when it dropped.
    let mut back = request("Pat");
    back.resume = Some(ResumeRequest {
        participant: pid("p"),
        token: "token-p".into(),
    });
    let joined = room.join(&back, admission("z")).unwrap();
    assert!(joined.resumed);
    let you = &welcome_of(&joined.outgoing).you;
    assert!(!you.audio && !you.video, "{you:?}");
}

fn chat(room: &mut Room, from: &str, text: &str) -> Vec<Outgoing> {
    room.handle(
        &pid(from),
        RoomCommand::Chat {
            text: text.into(),
            at: 1_700_000_000_000,
        },
    )
}

#[test]
fn chat_goes_to_everyone_with_the_sender_stamped_by_the_room() {
    let mut room = chaired();
    let out = chat(&mut room, "p", "hello <b>all</b>");
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].to, Recipient::All);
    let ServerMessage::Chat(message) = &out[0].message else {
        panic!("{out:?}")
    };
    assert_eq!(message.from.id, pid("p"));
    assert_eq!(message.from.name, "Pat");
    assert_eq!(message.text, "hello <b>all</b>", "text is kept as text");
    assert_eq!(message.seq, 1);
    assert_eq!(chat(&mut room, "q", "next").len(), 1);
    // Strangers say nothing.
    assert!(chat(&mut room, "stranger", "hi").is_empty());
}

#[test]
fn newcomers_get_the_last_messages_only() {
    let mut room = Room::new(
        RoomName::parse("r").unwrap(),
        RoomSettingsView::default(),
        0,
    )
    .with_chat_history(2);
    room.join(&request("Ada"), admission("a")).unwrap();
    for text in ["one", "two", "three"] {
        chat(&mut room, "a", text);
    }
    let joined = room.join(&request("Bob"), admission("b")).unwrap();
    let history: Vec<&str> = welcome_of(&joined.outgoing)
        .chat
        .iter()
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(history, ["two", "three"]);
    assert_eq!(welcome_of(&joined.outgoing).chat[1].seq, 3);
}

#[test]
fn empty_long_or_control_chat_is_refused() {
    let mut room = chaired();
    let too_long = "é".repeat(MAX_CHAT_CHARS + 1);
    for bad in ["", "   \n ", too_long.as_str(), "bell\u{7}"] {
        let out = chat(&mut room, "p", bad);
        assert!(
            matches!(
                out[0].message,
                ServerMessage::Error {
                    code: ErrorCode::InvalidChat,
                    ..
                }
            ),
            "{bad:?}: {out:?}"
        );
    }
    let longest = "é".repeat(MAX_CHAT_CHARS);
    assert_eq!(chat(&mut room, "p", &longest)[0].to, Recipient::All);
    let ServerMessage::Chat(m) = &chat(&mut room, "p", "two\r\nlines\ttab")[0].message else {
        panic!()
    };
    assert_eq!(m.text, "two\nlines\ttab");
}

#[test]
fn a_room_that_requires_names_requires_them_to_chat() {
    let mut room = room_with(RoomSettingsView {
        require_name: true,
        ..Default::default()
    });
    room.join(&request("Ada"), as_role("a", Some(Role::Chairman)))
        .unwrap();
    // A chairman may join nameless; chatting still needs a name.
    room.join(&request(""), as_role("c", Some(Role::Chairman)))
        .unwrap();
    assert!(matches!(
        chat(&mut room, "c", "hi")[0].message,
        ServerMessage::Error {
            code: ErrorCode::NameRequired,
            ..
        }
    ));
    assert_eq!(chat(&mut room, "a", "hi")[0].to, Recipient::All);
}

#[test]
fn a_raised_hand_is_seen_by_all_and_lowered_by_its_owner_or_a_chairman() {
    let mut room = chaired();
    let raise = UpdateRequest {
        hand: Some(true),
        ..Default::default()
    };
    let out = room.handle(&pid("p"), RoomCommand::Update(raise.clone()));
    assert!(!out.is_empty());
    assert!(info_of(&room, "p").hand);
    // Another participant cannot lower it.
    let lower = room.moderate(&pid("q"), ModerationAction::LowerHand, &pid("p"));
    assert_eq!(
        lower.outcome,
        ModerationOutcome::Refused(ErrorCode::NotAllowed)
    );
    assert!(info_of(&room, "p").hand);
    // A chairman can, and everyone hears who did it.
    let lower = room.moderate(&pid("c"), ModerationAction::LowerHand, &pid("p"));
    assert_eq!(lower.outcome, ModerationOutcome::Done(None));
    assert!(!info_of(&room, "p").hand);
    assert!(lower.outgoing.iter().any(|o| matches!(
        &o.message,
        ServerMessage::Moderated { action: ModerationNotice::HandLowered, by, .. } if by.name == "Chair"
    )));
    // Its owner lowers it with an update.
    room.handle(&pid("p"), RoomCommand::Update(raise));
    let down = UpdateRequest {
        hand: Some(false),
        ..Default::default()
    };
    room.handle(&pid("p"), RoomCommand::Update(down));
    assert!(!info_of(&room, "p").hand);
}

#[test]
fn reactions_reach_everyone_stamped_with_the_sender() {
    let mut room = chaired();
    let out = room.handle(&pid("q"), RoomCommand::React(Reaction::Clap));
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].to, Recipient::All);
    assert!(matches!(
        &out[0].message,
        ServerMessage::Reaction { from, reaction: Reaction::Clap } if from.name == "Quinn"
    ));
    assert!(
        room.handle(&pid("nobody"), RoomCommand::React(Reaction::Clap))
            .is_empty()
    );
}

#[test]
fn newcomers_get_distinct_colours_until_the_palette_runs_out() {
    let mut room = room();
    for i in 0..usize::from(PALETTE_SIZE) {
        room.join(&request("x"), admission(&format!("p{i}")))
            .unwrap();
    }
    let mut colours: Vec<_> = room.participants().map(|p| p.colour).collect();
    colours.sort();
    colours.dedup();
    assert_eq!(colours.len(), usize::from(PALETTE_SIZE));
    // A colour the person chose last time is kept, even when someone has it already.
    let chosen = Colour::try_from(4).unwrap();
    let mut req = request("y");
    req.colour = Some(chosen);
    room.join(&req, admission("again")).unwrap();
    assert_eq!(info_of(&room, "again").colour, chosen);
}

#[test]
fn colour_and_screen_share_changes_reach_everyone_and_colour_chat() {
    let mut room = chaired();
    let teal = Colour::try_from(7).unwrap();
    let out = room.handle(
        &pid("p"),
        RoomCommand::Update(UpdateRequest {
            colour: Some(teal),
            screen: Some(true),
            ..Default::default()
        }),
    );
    assert!(out.iter().any(|o| o.to == Recipient::Others(pid("p"))
        && matches!(&o.message, ServerMessage::ParticipantUpdated { participant } if participant.screen && participant.colour == teal)));
    let out = chat(&mut room, "p", "look at my screen");
    let ServerMessage::Chat(message) = &out[0].message else {
        panic!("{out:?}")
    };
    assert_eq!(message.colour, teal);
    // A colour outside the palette never parses.
    assert!(serde_json::from_str::<UpdateRequest>(r#"{"colour":12}"#).is_err());
}

#[test]
fn a_fresh_join_never_starts_sharing_but_a_resume_keeps_its_share() {
    let mut room = room();
    let mut req = request("Sam");
    req.screen = true;
    let joined = room.join(&req, admission("s")).unwrap();
    assert!(!info_of(&room, "s").screen);
    room.handle(
        &pid("s"),
        RoomCommand::Update(UpdateRequest {
            screen: Some(true),
            ..Default::default()
        }),
    );
    room.disconnect(&pid("s"));
    let mut again = request("Sam");
    again.screen = true;
    again.resume = Some(ResumeRequest {
        participant: joined.id.clone(),
        token: "token-s".into(),
    });
    let resumed = room.join(&again, admission("s2")).unwrap();
    assert!(resumed.resumed);
    assert!(info_of(&room, "s").screen);
}

#[test]
fn an_invitation_opens_a_lock_and_a_join_password_but_not_a_ban_a_name_or_the_limit() {
    let mut room = room_with(RoomSettingsView {
        locked: true,
        join_password: true,
        require_name: true,
        member_limit: 2,
        ..Default::default()
    });
    room.join(&request("Chair"), as_role("c", Some(Role::Chairman)))
        .unwrap();
    let invited = |id: &str| Admission {
        invited: true,
        ..admission(id)
    };
    assert!(matches!(
        room.join(&request("Guest"), admission("g")),
        Err(JoinError::Locked { .. })
    ));
    assert_eq!(
        room.join(&request(""), invited("anon")).map(|_| ()),
        Err(JoinError::NameRequired)
    );
    let banned = Admission {
        banned_for: Some(60),
        ..invited("b")
    };
    assert_eq!(
        room.join(&request("Banned"), banned).map(|_| ()),
        Err(JoinError::Banned(60))
    );
    room.join(&request("Ines"), invited("i")).unwrap();
    assert_eq!(info_of(&room, "i").role, Role::Participant);
    assert_eq!(
        room.join(&request("Jo"), invited("j")).map(|_| ()),
        Err(JoinError::RoomFull(2))
    );
}
