//! The rooms' collaborative notes as the database knows them: which Etherpad group holds a room's
//! pad (`rooms.notes_group`), and the groups of deleted rooms still to delete from Etherpad
//! (`notes_trash`).
//!
//! A room's group goes to the trash in the transaction that deletes the room ([`crate::Rooms::delete`],
//! [`crate::Rooms::delete_inactive`]), so a pad never outlives its room unnoticed, whether or not
//! Etherpad answers at that moment: the server's worker empties the trash, retrying until it can.

use sea_query::{Expr, ExprTrait, Func, Order, Query};

use crate::StoreError;
use crate::db::{Conn, Pool};
use crate::schema::{NotesTrash as Trash, Rooms, len};
use crate::text::{check_len, truncate};

/// An Etherpad group waiting to be deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrashedGroup {
    pub id: i64,
    pub group_id: String,
    /// The room it held the notes of (for the audit), if known.
    pub room: Option<String>,
    /// When its room was deleted (Unix seconds).
    pub created_at: i64,
    /// Failed deletions so far.
    pub attempts: i32,
    pub next_attempt_at: i64,
    pub last_error: Option<String>,
}

/// How the trash stands, for the operator.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrashCounts {
    /// Groups of deleted rooms still to delete from Etherpad.
    pub waiting: u64,
    /// Of those, the ones whose deletion already failed at least once.
    pub failing: u64,
    /// Why the oldest failing one failed last.
    pub last_error: Option<String>,
}

type TrashRow = (i64, String, Option<String>, i64, i32, i64, Option<String>);

impl From<TrashRow> for TrashedGroup {
    fn from(r: TrashRow) -> Self {
        TrashedGroup {
            id: r.0,
            group_id: r.1,
            room: r.2,
            created_at: r.3,
            attempts: r.4,
            next_attempt_at: r.5,
            last_error: r.6,
        }
    }
}

/// The notes' records in the database: see [`crate::Store::notes`].
#[derive(Clone, Copy)]
pub struct Notes<'a> {
    pool: &'a Pool,
}

impl<'a> Notes<'a> {
    pub(crate) fn new(pool: &'a Pool) -> Self {
        Notes { pool }
    }

    /// The Etherpad group of the room, if its notes were ever opened. [`StoreError::NotFound`] if
    /// the room does not exist.
    pub async fn group(&self, room_id: i64) -> Result<Option<String>, StoreError> {
        let row: Option<(Option<String>,)> = self
            .pool
            .fetch_optional(
                Query::select()
                    .column(Rooms::NotesGroup)
                    .from(Rooms::Table)
                    .and_where(Expr::col(Rooms::Id).eq(room_id)),
            )
            .await?;
        row.map(|(group,)| group).ok_or(StoreError::NotFound)
    }

    /// Makes `group` the room's group unless it already has one, and returns the room's group:
    /// `group`, or the one another request recorded first (the caller then trashes its own).
    /// [`StoreError::NotFound`] if the room is gone; a group id over 64 characters is
    /// [`StoreError::TooLong`].
    pub async fn set_group(&self, room_id: i64, group: &str) -> Result<String, StoreError> {
        check_len("an Etherpad group id", group, len::NOTES_GROUP)?;
        let update = Query::update()
            .table(Rooms::Table)
            .value(Rooms::NotesGroup, group)
            .and_where(Expr::col(Rooms::Id).eq(room_id))
            .and_where(Expr::col(Rooms::NotesGroup).is_null())
            .to_owned();
        self.pool.execute(&update).await?;
        // Whoever won, the row now says which group is the room's.
        self.group(room_id).await?.ok_or(StoreError::NotFound)
    }

    /// Puts a group in the trash, due now (a group made by a request that lost the race to record
    /// its room's, or one whose room went while it was being made).
    pub async fn trash(&self, group: &str, room: &str, now: i64) -> Result<(), StoreError> {
        check_len("an Etherpad group id", group, len::NOTES_GROUP)?;
        let mut pooled = self.pool.acquire().await?;
        trash_group(&mut pooled.conn(), group, room, now).await
    }

    /// Trashed groups due at `now`, oldest first, at most `limit`.
    pub async fn due(&self, now: i64, limit: u64) -> Result<Vec<TrashedGroup>, StoreError> {
        let rows: Vec<TrashRow> = self
            .pool
            .fetch_all(
                Query::select()
                    .columns([
                        Trash::Id,
                        Trash::GroupId,
                        Trash::Room,
                        Trash::CreatedAt,
                        Trash::Attempts,
                        Trash::NextAttemptAt,
                        Trash::LastError,
                    ])
                    .from(Trash::Table)
                    .and_where(Expr::col(Trash::NextAttemptAt).lte(now))
                    .order_by(Trash::Id, Order::Asc)
                    .limit(limit),
            )
            .await?;
        Ok(rows.into_iter().map(TrashedGroup::from).collect())
    }

    /// Every trashed group, oldest first (for tests and the operator).
    pub async fn trashed(&self) -> Result<Vec<TrashedGroup>, StoreError> {
        self.due(i64::MAX, u64::from(u32::MAX)).await
    }

    /// How many groups wait in the trash, how many of them failed already, and the oldest failure's
    /// error.
    pub async fn trash_counts(&self) -> Result<TrashCounts, StoreError> {
        let count = |failing: bool| {
            let mut q = Query::select()
                .expr(Func::count(Expr::col(Trash::Id)))
                .from(Trash::Table)
                .to_owned();
            if failing {
                q.and_where(Expr::col(Trash::Attempts).gt(0));
            }
            q
        };
        let (waiting,): (i64,) = self.pool.fetch_one(&count(false)).await?;
        let (failing,): (i64,) = self.pool.fetch_one(&count(true)).await?;
        let last_error: Option<(Option<String>,)> = self
            .pool
            .fetch_optional(
                Query::select()
                    .column(Trash::LastError)
                    .from(Trash::Table)
                    .and_where(Expr::col(Trash::Attempts).gt(0))
                    .order_by(Trash::Id, Order::Asc)
                    .limit(1),
            )
            .await?;
        Ok(TrashCounts {
            waiting: u64::try_from(waiting).unwrap_or(0),
            failing: u64::try_from(failing).unwrap_or(0),
            last_error: last_error.and_then(|(e,)| e),
        })
    }

    /// The group was deleted from Etherpad (or found gone): forget it.
    pub async fn deleted(&self, id: i64) -> Result<(), StoreError> {
        self.pool
            .execute(
                &Query::delete()
                    .from_table(Trash::Table)
                    .and_where(Expr::col(Trash::Id).eq(id))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    /// A deletion failed: count it, keep why (cut to 500 characters), try again at `next_attempt_at`.
    pub async fn failed(
        &self,
        id: i64,
        next_attempt_at: i64,
        error: &str,
    ) -> Result<(), StoreError> {
        self.pool
            .execute(
                &Query::update()
                    .table(Trash::Table)
                    .value(Trash::Attempts, Expr::col(Trash::Attempts).add(1))
                    .value(Trash::NextAttemptAt, next_attempt_at)
                    .value(Trash::LastError, truncate(error, len::MAIL_ERROR))
                    .and_where(Expr::col(Trash::Id).eq(id))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}

/// Inserts `group` into the trash on `c` (inside the caller's transaction, if any), due at once
/// (`next_attempt_at` 0, whatever the caller's clock).
pub(crate) async fn trash_group(
    c: &mut Conn<'_>,
    group: &str,
    room: &str,
    now: i64,
) -> Result<(), StoreError> {
    c.execute(
        &Query::insert()
            .into_table(Trash::Table)
            .columns([
                Trash::GroupId,
                Trash::Room,
                Trash::CreatedAt,
                Trash::NextAttemptAt,
            ])
            .values_panic([
                group.into(),
                truncate(room, len::ROOM_NAME).into(),
                now.into(),
                0i64.into(),
            ])
            .to_owned(),
    )
    .await
    .map_err(StoreError::from_write)?;
    Ok(())
}
