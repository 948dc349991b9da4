//! The outgoing mail queue, on every backend.

#[macro_use]
mod common;

use common::TestDb;
use vroom_store::{NewMail, STATUS_FAILED, STATUS_PENDING, STATUS_SENT, StoreError};

on_every_backend! {
    migrated: [
        queued_mails_come_due_in_order_and_record_their_fate,
        bad_mails_are_refused_and_long_fields_cut,
        done_mails_are_purged_pending_ones_kept,
    ],
    empty: [],
}

fn mail(id: &str, at: i64) -> NewMail {
    NewMail {
        kind: "feedback".into(),
        recipient: "ops@example.org".into(),
        subject: format!("Subject {id} — é"),
        body_text: "Hello\nworld".into(),
        body_html: "<p>Hello</p>".into(),
        message_id: format!("<{id}@vroom.test>"),
        room: Some("team".into()),
        created_at: at,
    }
}

async fn queued_mails_come_due_in_order_and_record_their_fate(db: TestDb) {
    let q = db.store.mail_queue();
    assert_eq!(q.next_due().await.unwrap(), None);
    q.enqueue(&mail("a", 100)).await.unwrap();
    q.enqueue(&mail("b", 101)).await.unwrap();
    q.enqueue(&mail("c", 102)).await.unwrap();
    assert_eq!(q.next_due().await.unwrap(), Some(100));
    let due = q.due(101, 10).await.unwrap();
    assert_eq!(
        due.iter()
            .map(|m| m.message_id.as_str())
            .collect::<Vec<_>>(),
        ["<a@vroom.test>", "<b@vroom.test>"]
    );
    assert_eq!(due[0].subject, "Subject a — é");
    assert_eq!(due[0].body_text, "Hello\nworld");
    assert_eq!(due[0].status, STATUS_PENDING);

    q.mark_sent(due[0].id, 1, 105).await.unwrap();
    q.mark_retry(due[1].id, 1, 200, "connection refused")
        .await
        .unwrap();
    let due = q.due(150, 10).await.unwrap();
    assert_eq!(due.len(), 1, "b waits for its retry, a is sent: {due:?}");
    assert_eq!(due[0].message_id, "<c@vroom.test>");
    q.mark_failed(due[0].id, 8, "550 no such user")
        .await
        .unwrap();

    let a = q.by_message_id("<a@vroom.test>").await.unwrap().unwrap();
    assert_eq!(
        (a.status.as_str(), a.attempts, a.sent_at),
        (STATUS_SENT, 1, Some(105))
    );
    let b = q.by_message_id("<b@vroom.test>").await.unwrap().unwrap();
    assert_eq!(b.next_attempt_at, 200);
    assert_eq!(b.last_error.as_deref(), Some("connection refused"));
    let c = q.by_message_id("<c@vroom.test>").await.unwrap().unwrap();
    assert_eq!(c.status, STATUS_FAILED);
    let counts = q.counts().await.unwrap();
    assert_eq!((counts.pending, counts.sent, counts.failed), (1, 1, 1));
    assert_eq!(q.next_due().await.unwrap(), Some(200));

    // A sent mail never goes back to pending (a late retry mark changes nothing).
    q.mark_retry(a.id, 2, 300, "late").await.unwrap();
    let a = q.by_message_id("<a@vroom.test>").await.unwrap().unwrap();
    assert_eq!(a.status, STATUS_SENT);
    assert_eq!(q.list(10).await.unwrap().len(), 3);
}

async fn bad_mails_are_refused_and_long_fields_cut(db: TestDb) {
    let q = db.store.mail_queue();
    let mut long_address = mail("x", 1);
    long_address.recipient = format!("{}@example.org", "a".repeat(250));
    assert!(matches!(
        q.enqueue(&long_address).await,
        Err(StoreError::TooLong { .. })
    ));
    q.enqueue(&mail("dup", 1)).await.unwrap();
    assert!(matches!(
        q.enqueue(&mail("dup", 2)).await,
        Err(StoreError::Conflict)
    ));
    let mut long = mail("long", 1);
    long.subject = "é".repeat(400);
    long.room = Some("r".repeat(100));
    q.enqueue(&long).await.unwrap();
    let stored = q.by_message_id("<long@vroom.test>").await.unwrap().unwrap();
    assert_eq!(stored.subject.chars().count(), 255);
    assert_eq!(stored.room.map(|r| r.len()), Some(64));
    q.mark_retry(stored.id, 1, 5, &"e".repeat(900))
        .await
        .unwrap();
    let stored = q.by_message_id("<long@vroom.test>").await.unwrap().unwrap();
    assert_eq!(stored.last_error.map(|e| e.len()), Some(500));
    assert_eq!(q.list(10).await.unwrap().len(), 2, "nothing else stored");
}

async fn done_mails_are_purged_pending_ones_kept(db: TestDb) {
    let q = db.store.mail_queue();
    for (id, at) in [
        ("old-sent", 10),
        ("old-failed", 10),
        ("old-pending", 10),
        ("new-sent", 500),
    ] {
        q.enqueue(&mail(id, at)).await.unwrap();
    }
    let all = q.list(10).await.unwrap();
    q.mark_sent(all[0].id, 1, 11).await.unwrap();
    q.mark_failed(all[1].id, 8, "gone").await.unwrap();
    q.mark_sent(all[3].id, 1, 501).await.unwrap();
    assert_eq!(q.purge_done(100).await.unwrap(), 2);
    let left: Vec<String> = q
        .list(10)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.message_id)
        .collect();
    assert_eq!(left, ["<old-pending@vroom.test>", "<new-sent@vroom.test>"]);
}
