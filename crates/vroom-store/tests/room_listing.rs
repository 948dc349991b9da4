//! The admin area's rooms list (`Rooms::page`): search, sorting, paging, only / exclude, on every
//! backend.

#[macro_use]
mod common;

use common::TestDb;
use common::fixtures::{name, room};
use vroom_store::{Backend, RoomQuery, RoomSort};

on_every_backend! {
    migrated: [
        search_is_a_literal_case_insensitive_substring,
        each_sort_both_ways_breaks_ties_by_name,
        pages_cover_every_room_once_with_the_total,
        only_and_exclude_split_live_rooms_from_the_rest,
    ],
    empty: [],
}

/// Creates `name` at `created` and records activity at `active`.
async fn room_at(db: &TestDb, raw: &str, created: i64, active: i64) {
    room(db, raw, created).await;
    assert!(db.store.rooms().touch(&name(raw), active).await.unwrap());
}

fn all() -> RoomQuery {
    RoomQuery {
        limit: 100,
        ..RoomQuery::default()
    }
}

async fn names(db: &TestDb, query: RoomQuery) -> Vec<String> {
    let page = db.store.rooms().page(&query).await.unwrap();
    page.rooms.into_iter().map(|r| r.name).collect()
}

async fn search(db: &TestDb, term: &str) -> Vec<String> {
    names(
        db,
        RoomQuery {
            search: Some(term.to_owned()),
            ..all()
        },
    )
    .await
}

async fn search_is_a_literal_case_insensitive_substring(db: TestDb) {
    for raw in ["a_b", "axb", "a-b", "abc", "xabcx", "team-red", "Team_Blue"] {
        room(&db, raw, 1).await;
    }
    assert_eq!(search(&db, "a_b").await, ["a_b"], "_ is not a wildcard");
    assert_eq!(search(&db, "_").await, ["a_b", "team_blue"]);
    assert_eq!(search(&db, "%").await, Vec::<String>::new(), "% is literal");
    assert_eq!(search(&db, "a%b").await, Vec::<String>::new());
    assert_eq!(search(&db, "!").await, Vec::<String>::new(), "the escape");
    assert_eq!(search(&db, "!_").await, Vec::<String>::new());
    assert_eq!(search(&db, "\\").await, Vec::<String>::new());
    assert_eq!(search(&db, "\\_").await, Vec::<String>::new());
    assert_eq!(search(&db, "ABC").await, ["abc", "xabcx"]);
    assert_eq!(search(&db, "TEAM").await, ["team-red", "team_blue"]);
    assert_eq!(search(&db, "m-R").await, ["team-red"]);
    assert_eq!(search(&db, "").await.len(), 7, "an empty term matches all");
    assert_eq!(names(&db, all()).await.len(), 7);
    let page = db
        .store
        .rooms()
        .page(&RoomQuery {
            search: Some("B".to_owned()),
            limit: 2,
            ..all()
        })
        .await
        .unwrap();
    assert_eq!(page.total, 6, "the total counts the search, not the page");
    assert_eq!(page.rooms.len(), 2);
}

async fn each_sort_both_ways_breaks_ties_by_name(db: TestDb) {
    // Byte order: '-' < '0' < '_' < 'a'. A locale's collation puts '_' first; make PostgreSQL's
    // column use one (where ICU is there) to show that the order does not depend on it.
    if db.backend == Backend::Postgres
        && db
            .scalar("SELECT COUNT(*) FROM pg_collation WHERE collname = 'und-x-icu'")
            .await
            == 1
    {
        db.exec(r#"ALTER TABLE rooms ALTER COLUMN name TYPE varchar(64) COLLATE "und-x-icu""#)
            .await;
    }
    room_at(&db, "ab", 30, 300).await;
    room_at(&db, "a_b", 10, 300).await;
    room_at(&db, "a-b", 30, 100).await;
    room_at(&db, "a0", 20, 200).await;
    room_at(&db, "b", 10, 400).await;
    let sorted = |sort, descending| RoomQuery {
        sort,
        descending,
        ..all()
    };
    assert_eq!(
        names(&db, sorted(RoomSort::Name, false)).await,
        ["a-b", "a0", "a_b", "ab", "b"]
    );
    assert_eq!(
        names(&db, sorted(RoomSort::Name, true)).await,
        ["b", "ab", "a_b", "a0", "a-b"]
    );
    assert_eq!(
        names(&db, sorted(RoomSort::Created, false)).await,
        ["a_b", "b", "a0", "a-b", "ab"]
    );
    assert_eq!(
        names(&db, sorted(RoomSort::Created, true)).await,
        ["a-b", "ab", "a0", "a_b", "b"],
        "ties stay in ascending order of name"
    );
    assert_eq!(
        names(&db, sorted(RoomSort::Activity, false)).await,
        ["a-b", "a0", "a_b", "ab", "b"]
    );
    assert_eq!(
        names(&db, sorted(RoomSort::Activity, true)).await,
        ["b", "a_b", "ab", "a0", "a-b"]
    );
    let first = db
        .store
        .rooms()
        .page(&sorted(RoomSort::Activity, true))
        .await;
    let first = first.unwrap().rooms.remove(0);
    assert_eq!((first.created_at, first.last_activity), (10, 400));
}

async fn pages_cover_every_room_once_with_the_total(db: TestDb) {
    // Many ties on the sort key: paging must still neither repeat nor skip a room.
    for i in 0..7 {
        room_at(&db, &format!("room-{i}"), 100, 100 + i64::from(i % 2)).await;
    }
    let rooms = db.store.rooms();
    for sort in [RoomSort::Name, RoomSort::Created, RoomSort::Activity] {
        for descending in [false, true] {
            let query = RoomQuery {
                sort,
                descending,
                ..all()
            };
            let whole = names(&db, query.clone()).await;
            assert_eq!(whole.len(), 7);
            let mut paged = Vec::new();
            for offset in [0, 3, 6, 9] {
                let page = rooms
                    .page(&RoomQuery {
                        limit: 3,
                        offset,
                        ..query.clone()
                    })
                    .await
                    .unwrap();
                assert_eq!(page.total, 7);
                assert_eq!(page.rooms.len(), [3, 3, 1, 0][offset as usize / 3]);
                paged.extend(page.rooms.into_iter().map(|r| r.name));
            }
            assert_eq!(paged, whole, "{sort:?} descending={descending}");
        }
    }
    let only_total = rooms.page(&RoomQuery { limit: 0, ..all() }).await.unwrap();
    assert!(only_total.rooms.is_empty());
    assert_eq!(only_total.total, 7);
    let far = rooms
        .page(&RoomQuery {
            offset: u64::MAX,
            ..all()
        })
        .await
        .unwrap();
    assert!(far.rooms.is_empty());
    assert_eq!(far.total, 7);
    let most = rooms
        .page(&RoomQuery {
            limit: u32::MAX,
            ..all()
        })
        .await
        .unwrap();
    assert_eq!(most.rooms.len(), 7);
}

async fn only_and_exclude_split_live_rooms_from_the_rest(db: TestDb) {
    for (i, raw) in ["alpha", "bravo", "charlie", "delta", "echo"]
        .iter()
        .enumerate()
    {
        let i = i64::try_from(i).unwrap();
        room_at(&db, raw, 10 + i, 100 - i).await;
    }
    let live = vec!["delta".to_owned(), "bravo".to_owned(), "gone".to_owned()];
    let rooms = db.store.rooms();

    let nothing = rooms
        .page(&RoomQuery {
            only: Some(Vec::new()),
            ..all()
        })
        .await
        .unwrap();
    assert!(nothing.rooms.is_empty());
    assert_eq!(nothing.total, 0, "an empty `only` matches nothing");

    let live_page = rooms
        .page(&RoomQuery {
            only: Some(live.clone()),
            ..all()
        })
        .await
        .unwrap();
    assert_eq!(live_page.total, 2, "a name without a room is not counted");
    let live_names: Vec<_> = live_page.rooms.into_iter().map(|r| r.name).collect();
    assert_eq!(live_names, ["bravo", "delta"]);

    let rest = rooms
        .page(&RoomQuery {
            exclude: live.clone(),
            sort: RoomSort::Activity,
            limit: 2,
            ..all()
        })
        .await
        .unwrap();
    assert_eq!(rest.total, 3);
    let rest_names: Vec<_> = rest.rooms.into_iter().map(|r| r.name).collect();
    assert_eq!(rest_names, ["echo", "charlie"]);

    assert_eq!(
        names(
            &db,
            RoomQuery {
                only: Some(live.clone()),
                exclude: vec!["bravo".to_owned()],
                ..all()
            }
        )
        .await,
        ["delta"]
    );
    assert_eq!(
        names(
            &db,
            RoomQuery {
                search: Some("A".to_owned()),
                exclude: live,
                descending: true,
                ..all()
            }
        )
        .await,
        ["charlie", "alpha"]
    );
}
