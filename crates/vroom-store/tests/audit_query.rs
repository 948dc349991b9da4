//! The audit viewer's and export's queries (`Audit::page`, `matching`, `count_matching`,
//! `count_since`), on every backend.

#[macro_use]
mod common;

use common::TestDb;
use vroom_store::{AuditEntry, AuditQuery, AuditRecord, Backend};

on_every_backend! {
    migrated: [
        the_range_is_inclusive_at_both_ends,
        events_filter_by_exact_name,
        text_matches_every_column_literally_ignoring_case,
        pages_are_newest_first_and_exports_oldest_first,
        count_since_counts_one_event_from_a_time,
    ],
    empty: [],
}

fn entry(at: i64, event: &str, message: &str) -> AuditEntry {
    AuditEntry {
        at,
        event: event.to_owned(),
        ip: None,
        user_ref: None,
        room: None,
        message: message.to_owned(),
    }
}

fn range(from: i64, to: i64) -> AuditQuery {
    AuditQuery {
        from,
        to,
        ..AuditQuery::default()
    }
}

fn everything() -> AuditQuery {
    range(i64::MIN, i64::MAX)
}

async fn record(db: &TestDb, entry: AuditEntry) {
    db.store.audit().record(&entry).await.unwrap();
}

fn messages(records: &[AuditRecord]) -> Vec<&str> {
    records.iter().map(|r| r.message.as_str()).collect()
}

/// Every way of reading `q`'s matches agrees: the messages, oldest first.
async fn matches(db: &TestDb, q: &AuditQuery) -> Vec<String> {
    let audit = db.store.audit();
    let oldest_first = audit.matching(q, 1000).await.unwrap();
    let (mut newest_first, total) = audit.page(q, 1000, 0).await.unwrap();
    newest_first.reverse();
    assert_eq!(newest_first, oldest_first);
    assert_eq!(total, oldest_first.len() as u64);
    assert_eq!(audit.count_matching(q).await.unwrap(), total);
    oldest_first.into_iter().map(|r| r.message).collect()
}

async fn text(db: &TestDb, term: &str) -> Vec<String> {
    let q = AuditQuery {
        text: Some(term.to_owned()),
        ..everything()
    };
    matches(db, &q).await
}

async fn the_range_is_inclusive_at_both_ends(db: TestDb) {
    for at in [99, 100, 150, 200, 201] {
        record(&db, entry(at, "join", &format!("at {at}"))).await;
    }
    assert_eq!(
        matches(&db, &range(100, 200)).await,
        ["at 100", "at 150", "at 200"]
    );
    assert_eq!(matches(&db, &range(150, 150)).await, ["at 150"]);
    assert!(matches(&db, &range(151, 199)).await.is_empty());
    assert!(matches(&db, &range(200, 100)).await.is_empty());
    assert_eq!(matches(&db, &everything()).await.len(), 5);
}

async fn events_filter_by_exact_name(db: TestDb) {
    record(&db, entry(1, "join", "a")).await;
    record(&db, entry(2, "leave", "b")).await;
    record(&db, entry(3, "join_refused", "c")).await;
    record(&db, entry(4, "join", "d")).await;
    let only = |events: &[&str]| AuditQuery {
        events: events.iter().map(|e| (*e).to_owned()).collect(),
        ..everything()
    };
    assert_eq!(matches(&db, &only(&["join"])).await, ["a", "d"]);
    assert_eq!(
        matches(&db, &only(&["join_refused", "leave"])).await,
        ["b", "c"]
    );
    assert!(matches(&db, &only(&["nothing"])).await.is_empty());
    assert_eq!(matches(&db, &only(&[])).await.len(), 4, "empty means all");
    let both = AuditQuery {
        text: Some("D".to_owned()),
        ..range(2, 4)
    };
    let both = AuditQuery {
        events: vec!["join".to_owned()],
        ..both
    };
    assert_eq!(matches(&db, &both).await, ["d"]);
}

async fn text_matches_every_column_literally_ignoring_case(db: TestDb) {
    let full = |event: &str, ip: &str, user_ref: &str, room: &str, message: &str| AuditEntry {
        at: 10,
        event: event.to_owned(),
        ip: Some(ip.to_owned()),
        user_ref: Some(user_ref.to_owned()),
        room: Some(room.to_owned()),
        message: message.to_owned(),
    };
    record(
        &db,
        full("room_created", "192.0.2.1", "ref-one", "alpha", "m-event"),
    )
    .await;
    record(&db, full("join", "2001:db8::7", "ref-two", "bravo", "m-ip")).await;
    record(
        &db,
        full("join", "192.0.2.9", "UserRefX", "charlie", "m-user"),
    )
    .await;
    record(
        &db,
        full("join", "192.0.2.9", "ref-four", "my_room", "m-room"),
    )
    .await;
    record(&db, entry(10, "note", "100% Sure, with\nTwo Lines")).await;
    record(&db, entry(10, "note", "100 percent")).await;
    record(&db, entry(10, "note", "back\\slash and bang!")).await;
    record(&db, entry(10, "note", "Élodie a dit « ça »")).await;

    assert_eq!(text(&db, "ROOM_CREATED").await, ["m-event"]);
    assert_eq!(text(&db, "DB8::").await, ["m-ip"]);
    assert_eq!(text(&db, "userrefx").await, ["m-user"]);
    assert_eq!(text(&db, "MY_ROOM").await, ["m-room"]);
    assert_eq!(text(&db, "M-U").await, ["m-user"]);
    assert_eq!(text(&db, "192.0.2.9").await, ["m-user", "m-room"]);
    assert_eq!(text(&db, "y_r").await, ["m-room"], "_ is literal");
    assert!(text(&db, "m_r").await.is_empty(), "_ is not a wildcard");
    assert_eq!(text(&db, "100%").await, ["100% Sure, with\nTwo Lines"]);
    assert!(text(&db, "%%").await.is_empty(), "% is not a wildcard");
    assert_eq!(text(&db, "with\ntwo").await, ["100% Sure, with\nTwo Lines"]);
    assert_eq!(text(&db, "K\\S").await, ["back\\slash and bang!"]);
    assert_eq!(text(&db, "bang!").await, ["back\\slash and bang!"]);
    assert!(text(&db, "!a").await.is_empty(), "the escape is literal");
    assert_eq!(text(&db, "\\").await.len(), 1);
    // Non-ASCII letters: found as written on every backend (SQLite folds only ASCII).
    assert_eq!(text(&db, "Élodie").await, ["Élodie a dit « ça »"]);
    let folded = text(&db, "« ÇA »").await;
    match db.backend {
        Backend::Sqlite => assert!(folded.is_empty(), "SQLite's LOWER knows only ASCII"),
        Backend::MySql => assert_eq!(folded.len(), 1),
        // Depends on the database's LC_CTYPE.
        Backend::Postgres => {}
    }
    assert_eq!(text(&db, "« ça »").await, ["Élodie a dit « ça »"]);
    assert_eq!(text(&db, "").await.len(), 8, "an empty term matches all");
    assert_eq!(text(&db, "nowhere").await.len(), 0);
}

async fn pages_are_newest_first_and_exports_oldest_first(db: TestDb) {
    // Recorded out of time order: the order is the recording's (by id), not `at`.
    for i in 0..25_i64 {
        record(&db, entry(1000 - i, "join", &format!("{i:02}"))).await;
    }
    record(&db, entry(5, "leave", "other")).await;
    let joins = AuditQuery {
        events: vec!["join".to_owned()],
        ..everything()
    };
    let audit = db.store.audit();
    let (first, total) = audit.page(&joins, 10, 0).await.unwrap();
    assert_eq!(total, 25);
    assert_eq!(
        messages(&first),
        ["24", "23", "22", "21", "20", "19", "18", "17", "16", "15"]
    );
    assert!(first.windows(2).all(|w| w[0].id > w[1].id));
    let (last, total) = audit.page(&joins, 10, 20).await.unwrap();
    assert_eq!(total, 25);
    assert_eq!(messages(&last), ["04", "03", "02", "01", "00"]);
    let (beyond, total) = audit.page(&joins, 10, u64::MAX).await.unwrap();
    assert!(beyond.is_empty());
    assert_eq!(total, 25);
    let (none, total) = audit.page(&joins, 0, 0).await.unwrap();
    assert!(none.is_empty());
    assert_eq!(total, 25);

    let export = audit.matching(&joins, 7).await.unwrap();
    assert_eq!(
        messages(&export),
        ["00", "01", "02", "03", "04", "05", "06"]
    );
    assert_eq!(export[0].at, 1000);
    assert_eq!(audit.matching(&everything(), 100).await.unwrap().len(), 26);
}

async fn count_since_counts_one_event_from_a_time(db: TestDb) {
    for (at, event) in [
        (99, "join"),
        (100, "join"),
        (100, "leave"),
        (150, "join"),
        (150, "join_refused"),
        (300, "join"),
    ] {
        record(&db, entry(at, event, "")).await;
    }
    let audit = db.store.audit();
    assert_eq!(audit.count_since("join", 100).await.unwrap(), 3);
    assert_eq!(audit.count_since("join", 0).await.unwrap(), 4);
    assert_eq!(audit.count_since("join", 301).await.unwrap(), 0);
    assert_eq!(audit.count_since("leave", 100).await.unwrap(), 1);
    assert_eq!(
        audit.count_since("JOIN", 0).await.unwrap(),
        0,
        "exact event"
    );
    assert_eq!(audit.count_since("nothing", 0).await.unwrap(), 0);
}
