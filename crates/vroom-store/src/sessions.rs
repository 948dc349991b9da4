//! The `sessions` repository: browsers known by a cookie.
//!
//! The cookie holds a secret; only its hash (`token_hash`, computed by the caller) is stored, so a
//! copy of the database does not let anyone act as a session. `reference` is a public id for
//! logs and the audit, never a credential.

use sea_query::{Expr, ExprTrait, LockType, Order, Query, SelectStatement};

use crate::StoreError;
use crate::db::Pool;
use crate::schema::{Sessions as T, len};
use crate::text::check_len;

/// A stored session. Times are Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: i64,
    /// Public, non-secret id (for logs and the audit).
    pub reference: String,
    pub created_at: i64,
    pub last_seen: i64,
}

type SessionRow = (i64, String, i64, i64);

impl From<SessionRow> for Session {
    fn from((id, reference, created_at, last_seen): SessionRow) -> Self {
        Session {
            id,
            reference,
            created_at,
            last_seen,
        }
    }
}

fn select_session() -> SelectStatement {
    Query::select()
        .columns([T::Id, T::Reference, T::CreatedAt, T::LastSeen])
        .from(T::Table)
        .to_owned()
}

/// How many ids go into one `DELETE ... WHERE id IN (...)` (well under every backend's limit on
/// bound parameters).
const DELETE_CHUNK: usize = 500;

/// Sessions in the database: see [`crate::Store::sessions`].
#[derive(Clone, Copy)]
pub struct Sessions<'a> {
    pool: &'a Pool,
}

impl<'a> Sessions<'a> {
    pub(crate) fn new(pool: &'a Pool) -> Self {
        Sessions { pool }
    }

    /// Stores a new session with `created_at = last_seen = now`. A `token_hash` or `reference`
    /// already in use gives [`StoreError::Conflict`] (the caller draws new random values);
    /// values longer than their columns (64 and 32 characters) give [`StoreError::TooLong`].
    pub async fn create(
        &self,
        token_hash: &str,
        reference: &str,
        now: i64,
    ) -> Result<Session, StoreError> {
        check_len("the session token hash", token_hash, len::TOKEN_HASH)?;
        check_len("the session reference", reference, len::REFERENCE)?;
        let insert = Query::insert()
            .into_table(T::Table)
            .columns([T::TokenHash, T::Reference, T::CreatedAt, T::LastSeen])
            .values_panic([token_hash.into(), reference.into(), now.into(), now.into()])
            .to_owned();
        // No RETURNING (not portable): read the row back in the same transaction.
        let mut tx = self.pool.begin().await?;
        let mut c = tx.conn();
        c.execute(&insert).await.map_err(StoreError::from_write)?;
        let row: SessionRow = c
            .fetch_one(select_session().and_where(Expr::col(T::TokenHash).eq(token_hash)))
            .await?;
        tx.commit().await.map_err(StoreError::from_write)?;
        Ok(row.into())
    }

    /// The session whose cookie secret hashes to `token_hash`.
    pub async fn find(&self, token_hash: &str) -> Result<Option<Session>, StoreError> {
        let row: Option<SessionRow> = self
            .pool
            .fetch_optional(select_session().and_where(Expr::col(T::TokenHash).eq(token_hash)))
            .await?;
        Ok(row.map(Session::from))
    }

    /// Sets `last_seen = now`. Returns false if the session does not exist.
    pub async fn touch(&self, id: i64, now: i64) -> Result<bool, StoreError> {
        let update = Query::update()
            .table(T::Table)
            .value(T::LastSeen, now)
            .and_where(Expr::col(T::Id).eq(id))
            .to_owned();
        Ok(self.pool.execute(&update).await? > 0)
    }

    /// Deletes the session, and by cascade its roles and bans. Returns false if it did not exist.
    pub async fn delete(&self, id: i64) -> Result<bool, StoreError> {
        let delete = Query::delete()
            .from_table(T::Table)
            .and_where(Expr::col(T::Id).eq(id))
            .to_owned();
        Ok(self.pool.execute(&delete).await? > 0)
    }

    /// Deletes the sessions not seen since `before` (`last_seen < before`), and by cascade their
    /// roles and bans. Returns them, by id, so that the caller can audit each.
    ///
    /// The rows are locked while they are deleted (`FOR UPDATE`; on SQLite the transaction holds
    /// the write lock), so a session touched concurrently is either touched first and kept, or
    /// deleted and reported — never deleted unreported.
    pub async fn delete_idle(&self, before: i64) -> Result<Vec<Session>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut c = tx.conn();
        let idle: Vec<SessionRow> = c
            .fetch_all(
                select_session()
                    .and_where(Expr::col(T::LastSeen).lt(before))
                    .order_by(T::Id, Order::Asc)
                    .lock(LockType::Update),
            )
            .await?;
        for chunk in idle.chunks(DELETE_CHUNK) {
            let delete = Query::delete()
                .from_table(T::Table)
                .and_where(Expr::col(T::Id).is_in(chunk.iter().map(|row| row.0)))
                .to_owned();
            c.execute(&delete).await?;
        }
        tx.commit().await?;
        Ok(idle.into_iter().map(Session::from).collect())
    }
}
