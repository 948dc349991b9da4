//! Who gets in: roles, the lock, the join password, a required name, the member limit, bans and invitations.

use super::*;

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
