//! The `rooms` repository.

use std::collections::HashSet;

use sea_query::{Expr, ExprTrait, Func, Order, Query, SelectStatement};
use sqlx::{ColumnIndex, Decode, FromRow, Row, Type};
use vroom_core::RoomName;

use crate::StoreError;
use crate::db::Pool;
use crate::schema::Rooms as T;

/// A stored room. Times are Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Room {
    pub id: i64,
    /// Lower-cased, as [`RoomName`] makes it.
    pub name: String,
    pub created_at: i64,
    pub last_activity: i64,
}

impl<'r, R> FromRow<'r, R> for Room
where
    R: Row,
    &'r str: ColumnIndex<R>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
    String: Decode<'r, R::Database> + Type<R::Database>,
{
    fn from_row(row: &'r R) -> Result<Self, sqlx::Error> {
        Ok(Room {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            created_at: row.try_get("created_at")?,
            last_activity: row.try_get("last_activity")?,
        })
    }
}

/// Rooms in the database: see [`crate::Store::rooms`].
#[derive(Clone, Copy)]
pub struct Rooms<'a> {
    pool: &'a Pool,
}

fn select_room() -> SelectStatement {
    Query::select()
        .columns([T::Id, T::Name, T::CreatedAt, T::LastActivity])
        .from(T::Table)
        .to_owned()
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

    /// Sets `last_activity = now`. Returns false if the room does not exist.
    pub async fn touch(&self, name: &RoomName, now: i64) -> Result<bool, StoreError> {
        let update = Query::update()
            .table(T::Table)
            .value(T::LastActivity, now)
            .and_where(by_name(name))
            .to_owned();
        Ok(self.pool.execute(&update).await? > 0)
    }

    /// Deletes the room. Returns false if it did not exist.
    pub async fn delete(&self, name: &RoomName) -> Result<bool, StoreError> {
        let delete = Query::delete()
            .from_table(T::Table)
            .and_where(by_name(name))
            .to_owned();
        Ok(self.pool.execute(&delete).await? > 0)
    }

    /// Deletes the rooms whose `last_activity < before`, except those in `keep` (rooms with people
    /// in them right now). Returns the names actually deleted, in alphabetical order: a room touched
    /// concurrently (so no longer inactive) is neither deleted nor reported.
    pub async fn delete_inactive(
        &self,
        before: i64,
        keep: &[RoomName],
    ) -> Result<Vec<String>, StoreError> {
        let keep: HashSet<&str> = keep.iter().map(RoomName::as_str).collect();
        let mut tx = self.pool.begin().await?;
        let mut c = tx.conn();
        let candidates: Vec<(String,)> = c
            .fetch_all(
                Query::select()
                    .column(T::Name)
                    .from(T::Table)
                    .and_where(Expr::col(T::LastActivity).lt(before))
                    .order_by(T::Name, Order::Asc),
            )
            .await?;
        let mut deleted = Vec::new();
        for (name,) in candidates {
            if keep.contains(name.as_str()) {
                continue;
            }
            // Re-check the age in the DELETE itself: exact even under concurrent touches.
            let delete = Query::delete()
                .from_table(T::Table)
                .and_where(Expr::col(T::Name).eq(name.as_str()))
                .and_where(Expr::col(T::LastActivity).lt(before))
                .to_owned();
            if c.execute(&delete).await? > 0 {
                deleted.push(name);
            }
        }
        tx.commit().await?;
        Ok(deleted)
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
