//! Running sea-query statements on whichever backend the store uses, so that repositories never
//! repeat a three-way `match`.
//!
//! - [`Pool`] owns the pool; its `execute` / `fetch_*` helpers borrow a connection per statement.
//! - [`Conn`] is a borrowed connection of any backend (from a pool, or the inside of a transaction);
//!   it has the same helpers plus [`Conn::raw`] for DDL.
//! - [`Tx`] is a transaction; [`Tx::conn`] gives its [`Conn`], [`Tx::commit`] ends it. Dropping a
//!   `Tx` without committing rolls it back.
//!
//! Rows are mapped with sqlx's `FromRow`; any type that implements it for the three row types
//! (tuples of `i64`/`String`/`Option<_>`, or a hand-written generic impl such as
//! [`crate::Room`]'s) satisfies [`FromAnyRow`].

use sea_query::{MysqlQueryBuilder, PostgresQueryBuilder, SqliteQueryBuilder};
use sea_query_sqlx::SqlxBinder;
use sqlx::mysql::{MySql, MySqlConnection, MySqlPool, MySqlRow};
use sqlx::postgres::{PgConnection, PgPool, PgRow, Postgres};
use sqlx::sqlite::{Sqlite, SqliteConnection, SqlitePool, SqliteRow};
use sqlx::{AssertSqlSafe, Connection, FromRow, Transaction};

use crate::Backend;

/// A row type that can be read from all three backends.
pub(crate) trait FromAnyRow:
    for<'r> FromRow<'r, SqliteRow>
    + for<'r> FromRow<'r, PgRow>
    + for<'r> FromRow<'r, MySqlRow>
    + Send
    + Unpin
{
}

impl<T> FromAnyRow for T where
    T: for<'r> FromRow<'r, SqliteRow>
        + for<'r> FromRow<'r, PgRow>
        + for<'r> FromRow<'r, MySqlRow>
        + Send
        + Unpin
{
}

/// Expands `$body` once per backend, with `$inner` bound to the variant's content and `$qb` to the
/// matching sea-query builder. `$enum` is any of this module's enums (`Pool`, `Conn`, `Tx`).
macro_rules! dispatch {
    ($value:expr, $enum:ident, |$inner:ident, $qb:ident| $body:expr) => {
        match $value {
            $enum::Sqlite($inner) => {
                #[allow(unused_variables)]
                let $qb = SqliteQueryBuilder;
                $body
            }
            $enum::Postgres($inner) => {
                #[allow(unused_variables)]
                let $qb = PostgresQueryBuilder;
                $body
            }
            $enum::MySql($inner) => {
                #[allow(unused_variables)]
                let $qb = MysqlQueryBuilder;
                $body
            }
        }
    };
}

/// The pool of one of the three backends.
#[derive(Clone, Debug)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
    MySql(MySqlPool),
}

/// A connection of one of the three backends, borrowed from a pool or a transaction.
pub(crate) enum Conn<'c> {
    Sqlite(&'c mut SqliteConnection),
    Postgres(&'c mut PgConnection),
    MySql(&'c mut MySqlConnection),
}

/// A transaction on one of the three backends. On SQLite it is opened with `BEGIN IMMEDIATE`, so
/// that a transaction that reads before it writes cannot fail to upgrade its lock.
pub(crate) enum Tx<'c> {
    Sqlite(Transaction<'c, Sqlite>),
    Postgres(Transaction<'c, Postgres>),
    MySql(Transaction<'c, MySql>),
}

/// A connection taken out of the pool (returned to it on drop).
pub(crate) enum Pooled {
    Sqlite(sqlx::pool::PoolConnection<Sqlite>),
    Postgres(sqlx::pool::PoolConnection<Postgres>),
    MySql(sqlx::pool::PoolConnection<MySql>),
}

const SQLITE_BEGIN: &str = "BEGIN IMMEDIATE";

impl Pool {
    pub(crate) fn backend(&self) -> Backend {
        match self {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
            Pool::MySql(_) => Backend::MySql,
        }
    }

    pub(crate) async fn close(&self) {
        dispatch!(self, Pool, |p, qb| p.close().await)
    }

    pub(crate) async fn acquire(&self) -> Result<Pooled, sqlx::Error> {
        Ok(match self {
            Pool::Sqlite(p) => Pooled::Sqlite(p.acquire().await?),
            Pool::Postgres(p) => Pooled::Postgres(p.acquire().await?),
            Pool::MySql(p) => Pooled::MySql(p.acquire().await?),
        })
    }

    pub(crate) async fn begin(&self) -> Result<Tx<'static>, sqlx::Error> {
        Ok(match self {
            Pool::Sqlite(p) => Tx::Sqlite(p.begin_with(SQLITE_BEGIN).await?),
            Pool::Postgres(p) => Tx::Postgres(p.begin().await?),
            Pool::MySql(p) => Tx::MySql(p.begin().await?),
        })
    }

    /// Runs an INSERT / UPDATE / DELETE; returns the number of rows affected.
    pub(crate) async fn execute<S: SqlxBinder>(&self, stmt: &S) -> Result<u64, sqlx::Error> {
        self.acquire().await?.conn().execute(stmt).await
    }

    pub(crate) async fn fetch_one<T: FromAnyRow, S: SqlxBinder>(
        &self,
        stmt: &S,
    ) -> Result<T, sqlx::Error> {
        self.acquire().await?.conn().fetch_one(stmt).await
    }

    pub(crate) async fn fetch_optional<T: FromAnyRow, S: SqlxBinder>(
        &self,
        stmt: &S,
    ) -> Result<Option<T>, sqlx::Error> {
        self.acquire().await?.conn().fetch_optional(stmt).await
    }

    pub(crate) async fn fetch_all<T: FromAnyRow, S: SqlxBinder>(
        &self,
        stmt: &S,
    ) -> Result<Vec<T>, sqlx::Error> {
        self.acquire().await?.conn().fetch_all(stmt).await
    }
}

impl Pooled {
    pub(crate) fn conn(&mut self) -> Conn<'_> {
        match self {
            Pooled::Sqlite(c) => Conn::Sqlite(c),
            Pooled::Postgres(c) => Conn::Postgres(c),
            Pooled::MySql(c) => Conn::MySql(c),
        }
    }

    /// Closes the connection instead of returning it to the pool when dropped (used after taking
    /// session-level locks, so that a lock can never outlive its user).
    pub(crate) fn close_on_drop(&mut self) {
        dispatch!(self, Pooled, |c, qb| c.close_on_drop())
    }
}

impl Conn<'_> {
    pub(crate) fn backend(&self) -> Backend {
        match self {
            Conn::Sqlite(_) => Backend::Sqlite,
            Conn::Postgres(_) => Backend::Postgres,
            Conn::MySql(_) => Backend::MySql,
        }
    }

    pub(crate) async fn begin(&mut self) -> Result<Tx<'_>, sqlx::Error> {
        Ok(match self {
            Conn::Sqlite(c) => Tx::Sqlite(c.begin_with(SQLITE_BEGIN).await?),
            Conn::Postgres(c) => Tx::Postgres(c.begin().await?),
            Conn::MySql(c) => Tx::MySql(c.begin().await?),
        })
    }

    /// Runs SQL text without parameters (DDL, locks). Only for SQL built by this crate.
    pub(crate) async fn raw(&mut self, sql: String) -> Result<(), sqlx::Error> {
        dispatch!(self, Conn, |c, qb| sqlx::raw_sql(AssertSqlSafe(sql))
            .execute(&mut **c)
            .await
            .map(|_| ()))
    }

    pub(crate) async fn execute<S: SqlxBinder>(&mut self, stmt: &S) -> Result<u64, sqlx::Error> {
        dispatch!(self, Conn, |c, qb| {
            let (sql, values) = stmt.build_sqlx(qb);
            sqlx::query_with(AssertSqlSafe(sql), values)
                .execute(&mut **c)
                .await
                .map(|r| r.rows_affected())
        })
    }

    pub(crate) async fn fetch_one<T: FromAnyRow, S: SqlxBinder>(
        &mut self,
        stmt: &S,
    ) -> Result<T, sqlx::Error> {
        dispatch!(self, Conn, |c, qb| {
            let (sql, values) = stmt.build_sqlx(qb);
            sqlx::query_as_with(AssertSqlSafe(sql), values)
                .fetch_one(&mut **c)
                .await
        })
    }

    pub(crate) async fn fetch_optional<T: FromAnyRow, S: SqlxBinder>(
        &mut self,
        stmt: &S,
    ) -> Result<Option<T>, sqlx::Error> {
        dispatch!(self, Conn, |c, qb| {
            let (sql, values) = stmt.build_sqlx(qb);
            sqlx::query_as_with(AssertSqlSafe(sql), values)
                .fetch_optional(&mut **c)
                .await
        })
    }

    pub(crate) async fn fetch_all<T: FromAnyRow, S: SqlxBinder>(
        &mut self,
        stmt: &S,
    ) -> Result<Vec<T>, sqlx::Error> {
        dispatch!(self, Conn, |c, qb| {
            let (sql, values) = stmt.build_sqlx(qb);
            sqlx::query_as_with(AssertSqlSafe(sql), values)
                .fetch_all(&mut **c)
                .await
        })
    }
}

impl Tx<'_> {
    pub(crate) fn conn(&mut self) -> Conn<'_> {
        match self {
            Tx::Sqlite(t) => Conn::Sqlite(t),
            Tx::Postgres(t) => Conn::Postgres(t),
            Tx::MySql(t) => Conn::MySql(t),
        }
    }

    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        dispatch!(self, Tx, |t, qb| t.commit().await)
    }
}

impl crate::Store {
    /// Runs `SELECT 1`: a connection could be had and the database answered. For readiness checks;
    /// the caller sets the deadline (the pool itself would wait up to 30 s for a connection).
    pub async fn ping(&self) -> Result<(), crate::StoreError> {
        self.pool
            .acquire()
            .await?
            .conn()
            .raw("SELECT 1".to_owned())
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::Store;

    #[tokio::test]
    async fn ping_answers_until_the_pool_is_closed() {
        let store = Store::connect("sqlite::memory:", 1).await.unwrap();
        store.ping().await.unwrap();
        store.close().await;
        assert!(store.ping().await.is_err());
    }
}
