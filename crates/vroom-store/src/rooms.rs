//! The `rooms` repository.

use std::collections::HashSet;

use sea_query::{BinOper, Cond, Expr, ExprTrait, Func, Order, Query, SelectStatement};
use sqlx::{ColumnIndex, Decode, FromRow, Row, Type};
use vroom_core::RoomName;

use crate::db::Pool;
use crate::migrate::unix_now;
use crate::notes::trash_group;
use crate::schema::{Rooms as T, len};
use crate::text::check_len;
use crate::{Backend, StoreError};

/// A stored room and its settings. Times are Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Room {
    pub id: i64,
    /// Lower-cased, as [`RoomName`] makes it.
    pub name: String,
    pub created_at: i64,
    pub last_activity: i64,
    /// Nobody new may join.
    pub locked: bool,
    /// People must give a name before they join.
    pub require_name: bool,
    /// Password to join, as a PHC string (argon2id); hashed by the caller. `None`: no password.
    pub join_password: Option<String>,
    /// Password to become chairman, as a PHC string. A room with one is *reserved*: it expires
    /// later than a normal one (see [`Rooms::delete_inactive`]).
    pub owner_password: Option<String>,
    /// At most this many people at once; 0 for no limit of the room's own.
    pub max_members: u32,
    /// Never deleted for inactivity.
    pub persistent: bool,
}

impl<'r, R> FromRow<'r, R> for Room
where
    R: Row,
    &'r str: ColumnIndex<R>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
    i32: Decode<'r, R::Database> + Type<R::Database>,
    bool: Decode<'r, R::Database> + Type<R::Database>,
    String: Decode<'r, R::Database> + Type<R::Database>,
    Option<String>: Decode<'r, R::Database> + Type<R::Database>,
{
    fn from_row(row: &'r R) -> Result<Self, sqlx::Error> {
        // `INTEGER` is 32 bits on PostgreSQL and MySQL/MariaDB, which sqlx will not read as i64.
        // Booleans are `TINYINT(1)` on MySQL/MariaDB: sqlx reads those as bool too.
        let max_members: i32 = row.try_get("max_members")?;
        Ok(Room {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            created_at: row.try_get("created_at")?,
            last_activity: row.try_get("last_activity")?,
            locked: row.try_get("locked")?,
            require_name: row.try_get("require_name")?,
            join_password: row.try_get("join_password")?,
            owner_password: row.try_get("owner_password")?,
            max_members: u32::try_from(max_members).map_err(|e| sqlx::Error::ColumnDecode {
                index: "max_members".to_owned(),
                source: Box::new(e),
            })?,
            persistent: row.try_get("persistent")?,
        })
    }
}

/// What [`Rooms::page`] sorts by. Rooms that tie are in order of name, so pages do not overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RoomSort {
    #[default]
    Name,
    Created,
    Activity,
}

/// One page of the rooms list: which rooms, in which order, from where.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoomQuery {
    /// Only names containing this, case-insensitively; `%`, `_` and `!` mean themselves. `None`
    /// or empty: every name.
    pub search: Option<String>,
    pub sort: RoomSort,
    /// Largest first. Ties stay in ascending order of name either way.
    pub descending: bool,
    /// At most this many rooms (0 gives only the total).
    pub limit: u32,
    /// Skip this many matching rooms first.
    pub offset: u64,
    /// Only these names (`Some(vec![])` matches nothing). The server sorts by the number of
    /// people in a room itself: the live rooms with `only`, then the others with `exclude`.
    pub only: Option<Vec<String>>,
    /// Leave these names out.
    pub exclude: Vec<String>,
}

/// What [`Rooms::page`] found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoomPage {
    pub rooms: Vec<Room>,
    /// How many rooms match the query, whatever its `limit` and `offset`.
    pub total: u64,
}

/// The escape character of the LIKE patterns built by [`contains_pattern`]. Not a backslash: MySQL and
/// MariaDB treat backslashes in string literals specially, `!` means nothing anywhere.
const LIKE_ESCAPE: char = '!';

/// A LIKE pattern matching any text that contains `term`, its wildcards (and the escape
/// character) escaped so that they match only themselves.
pub(crate) fn contains_pattern(term: &str) -> String {
    let mut pattern = String::with_capacity(term.len() + 2);
    pattern.push('%');
    for c in term.chars() {
        if matches!(c, '%' | '_' | LIKE_ESCAPE) {
            pattern.push(LIKE_ESCAPE);
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// `haystack LIKE pattern ESCAPE '!'` where `pattern` is an expression (sea-query's `LikeExpr`
/// only takes a plain string).
pub(crate) fn like_escaped(haystack: impl Into<Expr>, pattern: impl Into<Expr>) -> Expr {
    Expr::Binary(
        Box::new(haystack.into()),
        BinOper::Like,
        Box::new(Expr::Binary(
            Box::new(pattern.into()),
            BinOper::Escape,
            Box::new(Expr::Constant(LIKE_ESCAPE.into())),
        )),
    )
}

/// `offset` as an OFFSET the drivers accept: sea-query-sqlx panics binding a `u64` beyond
/// `i64::MAX` on SQLite and PostgreSQL, and no table has that many rows anyway.
pub(crate) fn bindable_offset(offset: u64) -> u64 {
    Ord::min(offset, i64::MAX.unsigned_abs())
}

/// The conditions of `query` other than paging; `None` if no room can match.
fn room_filter(query: &RoomQuery) -> Option<Cond> {
    let mut cond = Cond::all();
    if let Some(term) = query.search.as_deref().filter(|t| !t.is_empty()) {
        // Names are stored lower-cased, and LIKE is case-sensitive on PostgreSQL and on MySQL's
        // binary collation: lower the term instead of the column.
        cond = cond.add(like_escaped(
            Expr::col(T::Name),
            Expr::val(contains_pattern(&term.to_lowercase())),
        ));
    }
    if let Some(only) = &query.only {
        if only.is_empty() {
            return None;
        }
        cond = cond.add(Expr::col(T::Name).is_in(only.iter().map(String::as_str)));
    }
    if !query.exclude.is_empty() {
        cond = cond.add(Expr::col(T::Name).is_not_in(query.exclude.iter().map(String::as_str)));
    }
    Some(cond)
}

/// The name column as an ORDER BY expression in byte order: PostgreSQL would otherwise use the
/// database's locale, which puts `-` and `_` elsewhere than SQLite and MySQL's binary collation.
fn name_order(backend: Backend) -> Expr {
    match backend {
        Backend::Postgres => Expr::cust(r#""name" COLLATE "C""#),
        Backend::Sqlite | Backend::MySql => Expr::col(T::Name),
    }
}

/// Rooms in the database: see [`crate::Store::rooms`].
#[derive(Clone, Copy)]
pub struct Rooms<'a> {
    pool: &'a Pool,
}

fn select_room() -> SelectStatement {
    Query::select()
        .columns([
            T::Id,
            T::Name,
            T::CreatedAt,
            T::LastActivity,
            T::Locked,
            T::RequireName,
            T::JoinPassword,
            T::OwnerPassword,
            T::MaxMembers,
            T::Persistent,
        ])
        .from(T::Table)
        .to_owned()
}

/// Which rooms [`Rooms::delete_inactive`] may delete (`None` if none).
fn expired(normal_before: Option<i64>, reserved_before: Option<i64>) -> Option<Cond> {
    if normal_before.is_none() && reserved_before.is_none() {
        return None;
    }
    let by_class = Cond::any()
        .add_option(normal_before.map(|before| {
            Cond::all()
                .add(Expr::col(T::OwnerPassword).is_null())
                .add(Expr::col(T::LastActivity).lt(before))
        }))
        .add_option(reserved_before.map(|before| {
            Cond::all()
                .add(Expr::col(T::OwnerPassword).is_not_null())
                .add(Expr::col(T::LastActivity).lt(before))
        }));
    Some(
        Cond::all()
            .add(Expr::col(T::Persistent).eq(false))
            .add(by_class),
    )
}

fn by_name(name: &RoomName) -> Expr {
    Expr::col(T::Name).eq(name.as_str())
}

impl<'a> Rooms<'a> {
    pub(crate) fn new(pool: &'a Pool) -> Self {
        Rooms { pool }
    }

    /// Inserts a room with `created_at = last_activity = now`. A taken name gives
    /// [`StoreError::Conflict`] (from the unique index, so two concurrent creations cannot both win).
    pub async fn create(&self, name: &RoomName, now: i64) -> Result<Room, StoreError> {
        let insert = Query::insert()
            .into_table(T::Table)
            .columns([T::Name, T::CreatedAt, T::LastActivity])
            .values_panic([name.as_str().into(), now.into(), now.into()])
            .to_owned();
        // No RETURNING (not portable): read the row back in the same transaction.
        let mut tx = self.pool.begin().await?;
        let mut c = tx.conn();
        c.execute(&insert).await.map_err(StoreError::from_write)?;
        let room: Room = c.fetch_one(select_room().and_where(by_name(name))).await?;
        tx.commit().await.map_err(StoreError::from_write)?;
        Ok(room)
    }

    pub async fn get(&self, name: &RoomName) -> Result<Option<Room>, StoreError> {
        Ok(self
            .pool
            .fetch_optional(select_room().and_where(by_name(name)))
            .await?)
    }

    pub async fn get_by_id(&self, id: i64) -> Result<Option<Room>, StoreError> {
        Ok(self
            .pool
            .fetch_optional(select_room().and_where(Expr::col(T::Id).eq(id)))
            .await?)
    }

    /// Sets `last_activity = now`. Returns false if the room does not exist.
    pub async fn touch(&self, name: &RoomName, now: i64) -> Result<bool, StoreError> {
        let update = Query::update()
            .table(T::Table)
            .value(T::LastActivity, now)
            .and_where(by_name(name))
            .to_owned();
        Ok(self.pool.execute(&update).await? > 0)
    }

    /// Deletes the room (its Etherpad group, if it has one, goes to the notes' trash in the same
    /// transaction). Returns false if it did not exist.
    pub async fn delete(&self, name: &RoomName) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut c = tx.conn();
        let group: Option<(Option<String>,)> = c
            .fetch_optional(
                Query::select()
                    .column(T::NotesGroup)
                    .from(T::Table)
                    .and_where(by_name(name)),
            )
            .await?;
        let delete = Query::delete()
            .from_table(T::Table)
            .and_where(by_name(name))
            .to_owned();
        let deleted = c.execute(&delete).await? > 0;
        if deleted && let Some((Some(group),)) = group {
            trash_group(&mut c, &group, name.as_str(), unix_now()).await?;
        }
        tx.commit().await?;
        Ok(deleted)
    }

    /// Every room, in alphabetical order of name.
    pub async fn list(&self) -> Result<Vec<Room>, StoreError> {
        let mut rooms: Vec<Room> = self
            .pool
            .fetch_all(select_room().order_by(T::Name, Order::Asc))
            .await?;
        // PostgreSQL may order by a locale's collation: make it byte order everywhere.
        rooms.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(rooms)
    }

    /// Stores the settings of `room` (`locked`, `require_name`, `join_password`,
    /// `owner_password`, `max_members`, `persistent`), found by `id`; the other fields are
    /// ignored. [`StoreError::NotFound`] if the room is gone. A password hash longer than 255
    /// characters is [`StoreError::TooLong`]. A `max_members` above `i32::MAX` (the column is a
    /// 32-bit `INTEGER`) is stored as `i32::MAX`: no limit in practice either way.
    pub async fn save_settings(&self, room: &Room) -> Result<(), StoreError> {
        for (what, hash) in [
            ("the join password hash", &room.join_password),
            ("the owner password hash", &room.owner_password),
        ] {
            if let Some(hash) = hash {
                check_len(what, hash, len::PASSWORD_HASH)?;
            }
        }
        let update = Query::update()
            .table(T::Table)
            .value(T::Locked, room.locked)
            .value(T::RequireName, room.require_name)
            .value(T::JoinPassword, room.join_password.clone())
            .value(T::OwnerPassword, room.owner_password.clone())
            .value(
                T::MaxMembers,
                i32::try_from(room.max_members).unwrap_or(i32::MAX),
            )
            .value(T::Persistent, room.persistent)
            .and_where(Expr::col(T::Id).eq(room.id))
            .to_owned();
        // MySQL/MariaDB count matched rows here (sqlx asks for it), so an unchanged row is 1.
        match self.pool.execute(&update).await? {
            0 => Err(StoreError::NotFound),
            _ => Ok(()),
        }
    }

    /// Deletes the rooms nobody has used for a while, except persistent ones and those in `keep`
    /// (rooms with people in them right now). A room without an owner password is inactive when
    /// `last_activity < normal_before`; a reserved one (with an owner password) when
    /// `last_activity < reserved_before`. `None` means that kind of room never expires.
    ///
    /// Deleting a room also deletes its roles, bans and notification addresses (foreign keys
    /// with `ON DELETE CASCADE`), and puts its Etherpad group in the notes' trash. Returns the names actually deleted, in alphabetical order: a
    /// room touched or made persistent concurrently is neither deleted nor reported.
    pub async fn delete_inactive(
        &self,
        normal_before: Option<i64>,
        reserved_before: Option<i64>,
        keep: &[RoomName],
    ) -> Result<Vec<String>, StoreError> {
        let Some(expired) = expired(normal_before, reserved_before) else {
            return Ok(Vec::new());
        };
        let keep: HashSet<&str> = keep.iter().map(RoomName::as_str).collect();
        let mut tx = self.pool.begin().await?;
        let mut c = tx.conn();
        let candidates: Vec<(String, Option<String>)> = c
            .fetch_all(
                Query::select()
                    .columns([T::Name, T::NotesGroup])
                    .from(T::Table)
                    .cond_where(expired.clone())
                    .order_by(T::Name, Order::Asc),
            )
            .await?;
        let now = unix_now();
        let mut deleted = Vec::new();
        for (name, group) in candidates {
            if keep.contains(name.as_str()) {
                continue;
            }
            // Re-check the whole rule in the DELETE itself: exact even under concurrent changes.
            let delete = Query::delete()
                .from_table(T::Table)
                .and_where(Expr::col(T::Name).eq(name.as_str()))
                .cond_where(expired.clone())
                .to_owned();
            if c.execute(&delete).await? > 0 {
                if let Some(group) = group {
                    trash_group(&mut c, &group, &name, now).await?;
                }
                deleted.push(name);
            }
        }
        tx.commit().await?;
        deleted.sort();
        Ok(deleted)
    }

    /// One page of rooms for the admin area: those matching `query`, sorted, and how many match
    /// in all. An `offset` past the end gives no rooms (and the total).
    pub async fn page(&self, query: &RoomQuery) -> Result<RoomPage, StoreError> {
        let Some(filter) = room_filter(query) else {
            return Ok(RoomPage::default());
        };
        let order = if query.descending {
            Order::Desc
        } else {
            Order::Asc
        };
        let backend = self.pool.backend();
        let mut select = select_room();
        select.cond_where(filter.clone());
        match query.sort {
            RoomSort::Name => {
                select.order_by_expr(name_order(backend), order);
            }
            RoomSort::Created => {
                select
                    .order_by(T::CreatedAt, order)
                    .order_by_expr(name_order(backend), Order::Asc);
            }
            RoomSort::Activity => {
                select
                    .order_by(T::LastActivity, order)
                    .order_by_expr(name_order(backend), Order::Asc);
            }
        }
        let offset = bindable_offset(query.offset);
        select.limit(u64::from(query.limit)).offset(offset);
        let rooms: Vec<Room> = self.pool.fetch_all(&select).await?;
        let (total,): (i64,) = self
            .pool
            .fetch_one(
                Query::select()
                    .expr(Func::count(Expr::col(T::Id)))
                    .from(T::Table)
                    .cond_where(filter),
            )
            .await?;
        Ok(RoomPage {
            rooms,
            total: u64::try_from(total).unwrap_or(0),
        })
    }

    /// How many rooms exist.
    pub async fn count(&self) -> Result<i64, StoreError> {
        let (n,): (i64,) = self
            .pool
            .fetch_one(
                Query::select()
                    .expr(Func::count(Expr::col(T::Id)))
                    .from(T::Table),
            )
            .await?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use sea_query::{MysqlQueryBuilder, PostgresQueryBuilder, SqliteQueryBuilder};

    use super::*;

    #[test]
    fn patterns_match_their_term_literally() {
        assert_eq!(contains_pattern(""), "%%");
        assert_eq!(contains_pattern("a_b"), "%a!_b%");
        assert_eq!(contains_pattern("100%"), "%100!%%");
        assert_eq!(contains_pattern("!x\\"), "%!!x\\%");
        assert_eq!(contains_pattern("é🎉"), "%é🎉%");
    }

    #[test]
    fn like_escaped_renders_one_escape_clause_on_every_backend() {
        let select = Query::select()
            .column(T::Id)
            .from(T::Table)
            .and_where(like_escaped(
                Func::lower(Expr::col(T::Name)),
                Func::lower(Expr::val("%a!_%")),
            ))
            .to_owned();
        assert_eq!(
            select.to_string(SqliteQueryBuilder),
            r#"SELECT "id" FROM "rooms" WHERE LOWER("name") LIKE LOWER('%a!_%') ESCAPE '!'"#
        );
        assert_eq!(
            select.to_string(PostgresQueryBuilder),
            r#"SELECT "id" FROM "rooms" WHERE LOWER("name") LIKE LOWER('%a!_%') ESCAPE '!'"#
        );
        assert_eq!(
            select.to_string(MysqlQueryBuilder),
            "SELECT `id` FROM `rooms` WHERE LOWER(`name`) LIKE LOWER('%a!_%') ESCAPE '!'"
        );
    }

    #[test]
    fn offsets_stay_bindable() {
        assert_eq!(bindable_offset(0), 0);
        assert_eq!(bindable_offset(u64::MAX), i64::MAX.unsigned_abs());
    }

    #[test]
    fn an_empty_only_list_matches_nothing_without_a_query() {
        let query = RoomQuery {
            only: Some(Vec::new()),
            ..RoomQuery::default()
        };
        assert!(room_filter(&query).is_none());
        assert!(room_filter(&RoomQuery::default()).is_some());
    }
}
