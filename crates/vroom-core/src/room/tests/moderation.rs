//! What chairmen can do to others, and what nobody can.

use super::*;

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
