//! The `room_notify` repository: the e-mail addresses to tell when someone joins a room.
//!
//! The addresses go with their room (foreign key with `ON DELETE CASCADE`). They are stored as
//! given: the caller validates (and normalises, if it wants to) them.

use std::collections::BTreeSet;

use sea_query::{Expr, ExprTrait, LockType, Query};

use crate::StoreError;
use crate::db::Pool;
use crate::schema::{RoomNotify as T, Rooms, len};
use crate::text::check_len;

/// Notification addresses in the database: see [`crate::Store::notify`].
#[derive(Clone, Copy)]
pub struct Notify<'a> {
    pool: &'a Pool,
}

impl<'a> Notify<'a> {
    pub(crate) fn new(pool: &'a Pool) -> Self {
        Notify { pool }
    }

    /// The room's addresses, sorted (byte order).
    pub async fn list(&self, room_id: i64) -> Result<Vec<String>, StoreError> {
        let rows: Vec<(String,)> = self
            .pool
            .fetch_all(
                Query::select()
                    .column(T::Email)
                    .from(T::Table)
                    .and_where(Expr::col(T::RoomId).eq(room_id)),
            )
            .await?;
        let mut emails: Vec<String> = rows.into_iter().map(|(e,)| e).collect();
        emails.sort();
        Ok(emails)
    }

    /// Makes `emails` (duplicates ignored) the room's whole list, in one transaction. Returns the
    /// addresses added and those removed, each sorted. [`StoreError::NotFound`] if the room does
    /// not exist; an address over 254 characters is [`StoreError::TooLong`] and changes nothing.
    ///
    /// The room's row is locked first (`FOR UPDATE`; on SQLite the transaction holds the write
    /// lock), so concurrent replacements of one room's list run one after the other and each
    /// reports exactly what it changed.
    pub async fn replace(
        &self,
        room_id: i64,
        emails: &[String],
    ) -> Result<(Vec<String>, Vec<String>), StoreError> {
        let wanted: BTreeSet<&str> = emails.iter().map(String::as_str).collect();
        for email in &wanted {
            check_len("an e-mail address", email, len::EMAIL)?;
        }

        let mut tx = self.pool.begin().await?;
        let mut c = tx.conn();
        let room: Option<(i64,)> = c
            .fetch_optional(
                Query::select()
                    .column(Rooms::Id)
                    .from(Rooms::Table)
                    .and_where(Expr::col(Rooms::Id).eq(room_id))
                    .lock(LockType::Update),
            )
            .await?;
        if room.is_none() {
            return Err(StoreError::NotFound);
        }
        let current: Vec<(String,)> = c
            .fetch_all(
                Query::select()
                    .column(T::Email)
                    .from(T::Table)
                    .and_where(Expr::col(T::RoomId).eq(room_id)),
            )
            .await?;
        let current: BTreeSet<String> = current.into_iter().map(|(e,)| e).collect();
        let removed: Vec<String> = current
            .iter()
            .filter(|e| !wanted.contains(e.as_str()))
            .cloned()
            .collect();
        let added: Vec<String> = wanted
            .iter()
            .filter(|e| !current.contains(**e))
            .map(|e| (*e).to_owned())
            .collect();

        if !removed.is_empty() {
            let delete = Query::delete()
                .from_table(T::Table)
                .and_where(Expr::col(T::RoomId).eq(room_id))
                .and_where(Expr::col(T::Email).is_in(removed.iter().map(String::as_str)))
                .to_owned();
            c.execute(&delete).await?;
        }
        if !added.is_empty() {
            let mut insert = Query::insert();
            insert.into_table(T::Table).columns([T::RoomId, T::Email]);
            for email in &added {
                insert.values_panic([room_id.into(), email.as_str().into()]);
            }
            c.execute(&insert).await.map_err(StoreError::from_write)?;
        }
        tx.commit().await?;
        Ok((added, removed))
    }
}
