//! The `admins` and `admin_sessions` repositories: accounts of the admin area and their logins.
//!
//! Accounts are made from the command line; passwords are argon2id hashes made by the caller. A
//! login session stores only a hash of its cookie's secret, and ends at `expires_at` (or earlier, by
//! logout, password reset or removal of the account: the sessions go with it).

use sea_query::{Expr, ExprTrait, Order, Query};

use crate::StoreError;
use crate::db::Pool;
use crate::schema::{AdminSessions as S, Admins as T, len};
use crate::text::check_len;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admin {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
    pub created_at: i64,
    pub last_login_at: Option<i64>,
}

type Row = (i64, String, String, i64, Option<i64>);

impl From<Row> for Admin {
    fn from((id, username, password_hash, created_at, last_login_at): Row) -> Self {
        Admin {
            id,
            username,
            password_hash,
            created_at,
            last_login_at,
        }
    }
}

const COLUMNS: [T; 5] = [
    T::Id,
    T::Username,
    T::PasswordHash,
    T::CreatedAt,
    T::LastLoginAt,
];

/// A live login session and its account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminSession {
    pub admin: Admin,
    /// When the session ends however busy it is (Unix seconds).
    pub expires_at: i64,
}

/// Seconds between two notes that a session was seen: the idle timeout is this coarse.
pub const SEEN_GRANULARITY: i64 = 10;

/// Admin accounts and sessions in the database: see [`crate::Store::admins`].
#[derive(Clone, Copy)]
pub struct Admins<'a> {
    pool: &'a Pool,
}

impl<'a> Admins<'a> {
    pub(crate) fn new(pool: &'a Pool) -> Self {
        Admins { pool }
    }

    /// Adds an account. [`StoreError::Conflict`] if the name is taken, [`StoreError::TooLong`] if
    /// it has more than 64 characters.
    pub async fn create(
        &self,
        username: &str,
        password_hash: &str,
        now: i64,
    ) -> Result<Admin, StoreError> {
        check_len("an admin name", username, len::USERNAME)?;
        check_len("a password hash", password_hash, len::PASSWORD_HASH)?;
        self.pool
            .execute(
                Query::insert()
                    .into_table(T::Table)
                    .columns([T::Username, T::PasswordHash, T::CreatedAt])
                    .values_panic([username.into(), password_hash.into(), now.into()]),
            )
            .await
            .map_err(StoreError::from_write)?;
        self.get(username).await?.ok_or(StoreError::NotFound)
    }

    pub async fn get(&self, username: &str) -> Result<Option<Admin>, StoreError> {
        let row: Option<Row> = self
            .pool
            .fetch_optional(
                Query::select()
                    .columns(COLUMNS)
                    .from(T::Table)
                    .and_where(Expr::col(T::Username).eq(username)),
            )
            .await?;
        Ok(row.map(Admin::from))
    }

    /// Every account, by name.
    pub async fn list(&self) -> Result<Vec<Admin>, StoreError> {
        let rows: Vec<Row> = self
            .pool
            .fetch_all(
                Query::select()
                    .columns(COLUMNS)
                    .from(T::Table)
                    .order_by(T::Username, Order::Asc),
            )
            .await?;
        Ok(rows.into_iter().map(Admin::from).collect())
    }

    /// Removes an account and its sessions; false if there was none.
    pub async fn remove(&self, username: &str) -> Result<bool, StoreError> {
        let Some(admin) = self.get(username).await? else {
            return Ok(false);
        };
        let mut tx = self.pool.begin().await?;
        let mut c = tx.conn();
        c.execute(
            Query::delete()
                .from_table(S::Table)
                .and_where(Expr::col(S::AdminId).eq(admin.id)),
        )
        .await?;
        let n = c
            .execute(
                Query::delete()
                    .from_table(T::Table)
                    .and_where(Expr::col(T::Id).eq(admin.id)),
            )
            .await?;
        tx.commit().await?;
        Ok(n > 0)
    }

    /// Replaces the password hash and ends every session of the account; false if there is none.
    pub async fn set_password(
        &self,
        username: &str,
        password_hash: &str,
    ) -> Result<bool, StoreError> {
        check_len("a password hash", password_hash, len::PASSWORD_HASH)?;
        let Some(admin) = self.get(username).await? else {
            return Ok(false);
        };
        let mut tx = self.pool.begin().await?;
        let mut c = tx.conn();
        c.execute(
            Query::update()
                .table(T::Table)
                .value(T::PasswordHash, password_hash)
                .and_where(Expr::col(T::Id).eq(admin.id)),
        )
        .await?;
        c.execute(
            Query::delete()
                .from_table(S::Table)
                .and_where(Expr::col(S::AdminId).eq(admin.id)),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Opens a session (`token_hash` of its cookie secret) that ends at `expires_at`.
    pub async fn open_session(
        &self,
        admin_id: i64,
        token_hash: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        check_len("a token hash", token_hash, len::TOKEN_HASH)?;
        self.pool
            .execute(
                Query::insert()
                    .into_table(S::Table)
                    .columns([
                        S::AdminId,
                        S::TokenHash,
                        S::CreatedAt,
                        S::LastSeen,
                        S::ExpiresAt,
                    ])
                    .values_panic([
                        admin_id.into(),
                        token_hash.into(),
                        now.into(),
                        now.into(),
                        expires_at.into(),
                    ]),
            )
            .await
            .map_err(StoreError::from_write)?;
        self.pool
            .execute(
                Query::update()
                    .table(T::Table)
                    .value(T::LastLoginAt, now)
                    .and_where(Expr::col(T::Id).eq(admin_id)),
            )
            .await?;
        Ok(())
    }

    /// The account of a live session: not past its `expires_at`, and seen less than `idle` seconds
    /// before `now`. Notes the session as seen (at most once every [`SEEN_GRANULARITY`] seconds, so
    /// that a busy page does not write on every request).
    pub async fn session(
        &self,
        token_hash: &str,
        now: i64,
        idle: i64,
    ) -> Result<Option<AdminSession>, StoreError> {
        let row: Option<(i64, i64, i64)> = self
            .pool
            .fetch_optional(
                Query::select()
                    .columns([S::AdminId, S::LastSeen, S::ExpiresAt])
                    .from(S::Table)
                    .and_where(Expr::col(S::TokenHash).eq(token_hash)),
            )
            .await?;
        let Some((admin_id, last_seen, expires_at)) = row else {
            return Ok(None);
        };
        if now >= expires_at || now.saturating_sub(last_seen) >= idle {
            return Ok(None);
        }
        if now.saturating_sub(last_seen) >= SEEN_GRANULARITY {
            self.pool
                .execute(
                    Query::update()
                        .table(S::Table)
                        .value(S::LastSeen, now)
                        .and_where(Expr::col(S::TokenHash).eq(token_hash)),
                )
                .await?;
        }
        let row: Option<Row> = self
            .pool
            .fetch_optional(
                Query::select()
                    .columns(COLUMNS)
                    .from(T::Table)
                    .and_where(Expr::col(T::Id).eq(admin_id)),
            )
            .await?;
        Ok(row.map(|row| AdminSession {
            admin: Admin::from(row),
            expires_at,
        }))
    }

    /// Ends one session (logout).
    pub async fn close_session(&self, token_hash: &str) -> Result<(), StoreError> {
        self.pool
            .execute(
                Query::delete()
                    .from_table(S::Table)
                    .and_where(Expr::col(S::TokenHash).eq(token_hash)),
            )
            .await?;
        Ok(())
    }

    /// Deletes sessions that ended before `now`; returns how many.
    pub async fn purge_sessions(&self, now: i64) -> Result<u64, StoreError> {
        Ok(self
            .pool
            .execute(
                Query::delete()
                    .from_table(S::Table)
                    .and_where(Expr::col(S::ExpiresAt).lte(now)),
            )
            .await?)
    }
}
