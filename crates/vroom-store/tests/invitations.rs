//! Invitations, on every backend.

#[macro_use]
mod common;

use common::TestDb;
use common::fixtures::{name, room, session};
use vroom_store::{NewInvitation, RESPONSE_DECLINE, RESPONSE_LATER, StoreError};

on_every_backend! {
    migrated: [
        an_invitation_binds_to_its_first_session_and_answers_are_kept,
        invitations_go_with_their_room_and_expire,
    ],
    empty: [],
}

fn invitation(room_id: i64, n: u32) -> NewInvitation {
    NewInvitation {
        room_id,
        token_hash: format!("{n:064x}"),
        email: format!("guest{n}@example.org"),
        message: Some("Come and see — à bientôt".into()),
        inviter_ref: "ref-chair".into(),
        inviter_name: "Ana".into(),
        lang: "fr".into(),
        created_at: 100,
        expires_at: 1000,
    }
}

async fn an_invitation_binds_to_its_first_session_and_answers_are_kept(db: TestDb) {
    let inv = db.store.invitations();
    let r = room(&db, "standup", 1).await;
    let first = session(&db, 1, 1).await;
    let second = session(&db, 2, 1).await;
    let created = inv.create(&invitation(r.id, 1)).await.unwrap();
    assert_eq!(created.email, "guest1@example.org");
    assert_eq!(created.message.as_deref(), Some("Come and see — à bientôt"));
    assert!(created.usable(999) && !created.usable(1000));
    assert!(matches!(
        inv.create(&invitation(r.id, 1)).await,
        Err(StoreError::Conflict)
    ));
    assert!(matches!(
        inv.create(&invitation(9999, 2)).await,
        Err(StoreError::NotFound) | Err(StoreError::Database(_))
    ));

    assert!(!inv.holds(r.id, first.id, 500).await.unwrap());
    assert!(inv.bind(created.id, first.id).await.unwrap());
    assert!(
        inv.bind(created.id, first.id).await.unwrap(),
        "again: still this session's"
    );
    assert!(
        !inv.bind(created.id, second.id).await.unwrap(),
        "a forwarded link opens nothing"
    );
    assert!(inv.holds(r.id, first.id, 500).await.unwrap());
    assert!(!inv.holds(r.id, second.id, 500).await.unwrap());
    assert!(!inv.holds(r.id, first.id, 1000).await.unwrap(), "expired");

    inv.respond(created.id, RESPONSE_LATER, Some("after lunch"), 200)
        .await
        .unwrap();
    assert!(
        inv.holds(r.id, first.id, 500).await.unwrap(),
        "later still opens the room"
    );
    inv.respond(created.id, RESPONSE_DECLINE, Some(&"x".repeat(1500)), 300)
        .await
        .unwrap();
    assert!(
        !inv.holds(r.id, first.id, 500).await.unwrap(),
        "declined closes it"
    );
    let stored = inv
        .by_token_hash(&created.token_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.response.as_deref(), Some(RESPONSE_DECLINE));
    assert_eq!(stored.response_message.map(|m| m.len()), Some(1000));
    assert_eq!(stored.responded_at, Some(300));

    inv.set_mail(created.id, "<m@vroom.test>").await.unwrap();
    let listed = inv.list(r.id).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].mail_message_id.as_deref(), Some("<m@vroom.test>"));
}

async fn invitations_go_with_their_room_and_expire(db: TestDb) {
    let inv = db.store.invitations();
    let a = room(&db, "room-a", 1).await;
    let b = room(&db, "room-b", 1).await;
    inv.create(&invitation(a.id, 1)).await.unwrap();
    let mut old = invitation(b.id, 2);
    old.expires_at = 50;
    inv.create(&old).await.unwrap();
    inv.create(&invitation(b.id, 3)).await.unwrap();
    assert_eq!(inv.purge_expired(60).await.unwrap(), 1);
    assert_eq!(inv.list(b.id).await.unwrap().len(), 1);
    assert!(db.store.rooms().delete(&name("room-a")).await.unwrap());
    assert!(
        inv.by_token_hash(&format!("{:064x}", 1))
            .await
            .unwrap()
            .is_none(),
        "gone with its room"
    );
}
