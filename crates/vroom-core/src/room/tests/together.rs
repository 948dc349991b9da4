//! Chat, raised hands, reactions, colours and screen shares.

use super::*;

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
fn cleared_notes_are_announced_to_everyone_naming_who_is_here() {
    let room = chaired();
    let out = room.notes_cleared(Some(&pid("p")));
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].to, Recipient::All);
    let ServerMessage::NotesCleared { by: Some(by) } = &out[0].message else {
        panic!("{out:?}")
    };
    assert_eq!((by.id.as_str(), by.name.as_str()), ("p", "Pat"));
    // Someone not in the room (a chairman from elsewhere) is not named.
    let out = room.notes_cleared(Some(&pid("stranger")));
    assert_eq!(out[0].message, ServerMessage::NotesCleared { by: None });
    assert_eq!(
        room.notes_cleared(None)[0].message,
        ServerMessage::NotesCleared { by: None }
    );
}
