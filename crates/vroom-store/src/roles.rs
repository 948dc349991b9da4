//! The `room_roles` repository: the role a session holds in a room.
//!
//! A role belongs to one room and one session; it goes when either does (foreign keys with
//! `ON DELETE CASCADE`). Roles are stored as [`Role::as_str`] and read back with its `FromStr`.

use sea_query::{Expr, ExprTrait, Func, OnConflict, Query};
use vroom_core::Role;

use crate::StoreError;
use crate::db::Pool;
use crate::schema::RoomRoles as T;

/// Roles in the database: see [`crate::Store::roles`].
#[derive(Clone, Copy)]
pub struct Roles<'a> {
    pool: &'a Pool,
}

fn this(room_id: i64, session_id: i64) -> Expr {
    Expr::col(T::RoomId)
        .eq(room_id)
        .and(Expr::col(T::SessionId).eq(session_id))
}

impl<'a> Roles<'a> {
    pub(crate) fn new(pool: &'a Pool) -> Self {
        Roles { pool }
    }

    /// The role of the session in the room, if it has one.
    pub async fn get(&self, room_id: i64, session_id: i64) -> Result<Option<Role>, StoreError> {
        let row: Option<(String,)> = self
            .pool
            .fetch_optional(
                Query::select()
                    .column(T::Role)
                    .from(T::Table)
                    .and_where(this(room_id, session_id)),
            )
            .await?;
        row.map(|(role,)| role.parse().map_err(StoreError::corrupt))
            .transpose()
    }

    /// Gives the session `role` in the room (replacing the one it had), granted at `now`. One
    /// upsert statement (`ON CONFLICT` / `ON DUPLICATE KEY`), so concurrent calls cannot fail on
    /// the key. [`StoreError::NotFound`] if the room or the session does not exist.
    pub async fn set(
        &self,
        room_id: i64,
        session_id: i64,
        role: Role,
        now: i64,
    ) -> Result<(), StoreError> {
        let upsert = Query::insert()
            .into_table(T::Table)
            .columns([T::RoomId, T::SessionId, T::Role, T::GrantedAt])
            .values_panic([
                room_id.into(),
                session_id.into(),
                role.as_str().into(),
                now.into(),
            ])
            .on_conflict(
                OnConflict::columns([T::RoomId, T::SessionId])
                    .update_columns([T::Role, T::GrantedAt])
                    .to_owned(),
            )
            .to_owned();
        self.pool
            .execute(&upsert)
            .await
            .map_err(StoreError::from_write)?;
        Ok(())
    }

    /// Takes the session's role in the room away. Returns false if it had none.
    pub async fn revoke(&self, room_id: i64, session_id: i64) -> Result<bool, StoreError> {
        let delete = Query::delete()
            .from_table(T::Table)
            .and_where(this(room_id, session_id))
            .to_owned();
        Ok(self.pool.execute(&delete).await? > 0)
    }

    /// Takes away every participant role in the room; chairmen keep theirs. Returns how many
    /// went.
    pub async fn revoke_participants(&self, room_id: i64) -> Result<u64, StoreError> {
        let delete = Query::delete()
            .from_table(T::Table)
            .and_where(Expr::col(T::RoomId).eq(room_id))
            .and_where(Expr::col(T::Role).eq(Role::Participant.as_str()))
            .to_owned();
        Ok(self.pool.execute(&delete).await?)
    }

    /// How many sessions hold `role` in the room.
    pub async fn count(&self, room_id: i64, role: Role) -> Result<i64, StoreError> {
        let (n,): (i64,) = self
            .pool
            .fetch_one(
                Query::select()
                    .expr(Func::count(Expr::col(T::SessionId)))
                    .from(T::Table)
                    .and_where(Expr::col(T::RoomId).eq(room_id))
                    .and_where(Expr::col(T::Role).eq(role.as_str())),
            )
            .await?;
        Ok(n)
    }
}
