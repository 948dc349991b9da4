//! The `room_bans` repository: who may not enter a room, until when.
//!
//! A ban names a session, an address, or both; it matches a visitor through either. Bans go with
//! their room, and with their session when it has one (foreign keys with `ON DELETE CASCADE`).

use sea_query::{Cond, Expr, ExprTrait, Query};

use crate::StoreError;
use crate::db::Pool;
use crate::schema::{RoomBans as T, len};
use crate::text::check_len;

/// Bans in the database: see [`crate::Store::bans`].
#[derive(Clone, Copy)]
pub struct Bans<'a> {
    pool: &'a Pool,
}

/// Matches the bans naming `session_id` or `address` (`None` if neither is given).
fn naming(session_id: Option<i64>, address: Option<&str>) -> Option<Cond> {
    if session_id.is_none() && address.is_none() {
        return None;
    }
    Some(
        Cond::any()
            .add_option(session_id.map(|id| Expr::col(T::SessionId).eq(id)))
            .add_option(address.map(|a| Expr::col(T::Address).eq(a))),
    )
}

impl<'a> Bans<'a> {
    pub(crate) fn new(pool: &'a Pool) -> Self {
        Bans { pool }
    }

    /// Bans the session and/or the address (textual IP, at most 45 characters, else
    /// [`StoreError::TooLong`]) from the room until `until`. A ban naming neither would match
    /// nobody: nothing is stored. [`StoreError::NotFound`] if the room or session does not exist.
    pub async fn add(
        &self,
        room_id: i64,
        session_id: Option<i64>,
        address: Option<&str>,
        until: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        if session_id.is_none() && address.is_none() {
            return Ok(());
        }
        if let Some(address) = address {
            check_len("the banned address", address, len::ADDRESS)?;
        }
        let insert = Query::insert()
            .into_table(T::Table)
            .columns([T::RoomId, T::SessionId, T::Address, T::Until, T::CreatedAt])
            .values_panic([
                room_id.into(),
                session_id.into(),
                address.map(str::to_owned).into(),
                until.into(),
                now.into(),
            ])
            .to_owned();
        self.pool
            .execute(&insert)
            .await
            .map_err(StoreError::from_write)?;
        Ok(())
    }

    /// The end of the longest ban still running at `now` (`until > now`) in the room against the
    /// session or the address; `None` if there is none. A `None` argument matches nothing.
    pub async fn active(
        &self,
        room_id: i64,
        session_id: Option<i64>,
        address: Option<&str>,
        now: i64,
    ) -> Result<Option<i64>, StoreError> {
        let Some(naming) = naming(session_id, address) else {
            return Ok(None);
        };
        let (until,): (Option<i64>,) = self
            .pool
            .fetch_one(
                Query::select()
                    .expr(Expr::col(T::Until).max())
                    .from(T::Table)
                    .and_where(Expr::col(T::RoomId).eq(room_id))
                    .and_where(Expr::col(T::Until).gt(now))
                    .cond_where(naming),
            )
            .await?;
        Ok(until)
    }

    /// Lifts every ban of the room. Returns how many there were.
    pub async fn lift_all(&self, room_id: i64) -> Result<u64, StoreError> {
        let delete = Query::delete()
            .from_table(T::Table)
            .and_where(Expr::col(T::RoomId).eq(room_id))
            .to_owned();
        Ok(self.pool.execute(&delete).await?)
    }

    /// Deletes the bans that ended before `before` (`until < before`), in every room. Returns
    /// how many.
    pub async fn purge(&self, before: i64) -> Result<u64, StoreError> {
        let delete = Query::delete()
            .from_table(T::Table)
            .and_where(Expr::col(T::Until).lt(before))
            .to_owned();
        Ok(self.pool.execute(&delete).await?)
    }
}
