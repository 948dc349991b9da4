//! VROOM's persistence: one [`Store`] over SQLite, PostgreSQL or MariaDB/MySQL, its schema
//! migrations and small repositories ([`Rooms`], [`Sessions`], [`Roles`], [`Bans`], [`Notify`],
//! [`Audit`], [`Secrets`]).
//!
//! SQL is built with sea-query and run with the concrete sqlx driver of the backend (never
//! `sqlx::Any`). Portable conventions: times are Unix seconds in `BIGINT` columns, no `RETURNING`,
//! room names stored lower-cased under a unique index, flags in `BOOLEAN` columns (`TINYINT(1)` on
//! MySQL/MariaDB, read as `bool` everywhere), rows that belong to a room or a session removed with
//! it by `ON DELETE CASCADE` (SQLite enforces foreign keys only because every connection turns
//! them on), and strings checked or cut to their column's size in characters before writing
//! (SQLite would store anything).

mod admins;
mod audit;
mod bans;
mod db;
mod error;
mod invitations;
mod mail_queue;
mod migrate;
mod migrations;
mod notes;
mod notify;
mod roles;
mod rooms;
mod schema;
mod schema_changes;
mod secrets;
mod sessions;
mod text;

use std::fmt;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::mysql::{MySqlConnectOptions, MySqlPoolOptions};
use sqlx::pool::PoolOptions;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{ConnectOptions, Connection, Database};

pub use crate::admins::{Admin, AdminSession, Admins};
pub use crate::audit::{Audit, AuditEntry, AuditQuery, AuditRecord};
pub use crate::bans::Bans;
use crate::db::Pool;
pub use crate::error::StoreError;
pub use crate::invitations::{
    Invitation, Invitations, NewInvitation, RESPONSE_DECLINE, RESPONSE_LATER,
};
pub use crate::mail_queue::{
    MailCounts, MailQueue, NewMail, QueuedMail, STATUS_FAILED, STATUS_PENDING, STATUS_SENT,
};
pub use crate::migrate::MigrationReport;
pub use crate::migrations::LATEST_SCHEMA;
pub use crate::notes::{Notes, TrashCounts, TrashedGroup};
pub use crate::notify::Notify;
pub use crate::roles::Roles;
pub use crate::rooms::{Room, RoomPage, RoomQuery, RoomSort, Rooms};
use crate::schema_changes::SchemaChanges;
pub use crate::secrets::Secrets;
pub use crate::sessions::{Session, Sessions};

/// How long a SQLite connection waits for a lock held by another before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Which database a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
    MySql,
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
            Backend::MySql => "MySQL/MariaDB",
        })
    }
}

/// The database: a connection pool of one of the three backends. Cheap to clone (the pool is
/// shared).
#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool,
    schema_changes: SchemaChanges,
}

impl Store {
    /// The schema version this binary creates and understands.
    pub const LATEST_SCHEMA: i64 = LATEST_SCHEMA;

    /// Opens a pool of at most `max_connections` (at least 1) connections.
    ///
    /// URL schemes: `sqlite:` (`sqlite://data/vroom.db`, `sqlite:data/vroom.db`,
    /// `sqlite:///abs/path.db`, `sqlite::memory:`), `postgres:` / `postgresql:`, `mysql:` / `mariadb:`.
    /// For SQLite, the file and its parent directory are created if missing, and WAL, foreign keys
    /// and a 5 s busy timeout are enabled. An in-memory SQLite database uses one connection that is
    /// never recycled (it would vanish with it).
    pub async fn connect(url: &str, max_connections: u32) -> Result<Store, StoreError> {
        let max_connections = max_connections.max(1);
        let (scheme, rest) = split_scheme(url)?;
        let backend = match scheme.as_str() {
            "sqlite" => Backend::Sqlite,
            "postgres" | "postgresql" => Backend::Postgres,
            "mysql" | "mariadb" => Backend::MySql,
            _ => return Err(StoreError::UnsupportedUrl(scheme)),
        };
        let connect_error = |source| StoreError::Connect { backend, source };
        let schema_changes = SchemaChanges::default();
        let pool = match backend {
            Backend::Sqlite => connect_sqlite(url, max_connections, schema_changes.clone()).await?,
            Backend::Postgres => Pool::Postgres(
                open(
                    PgPoolOptions::new().max_connections(max_connections),
                    PgConnectOptions::from_str(url).map_err(connect_error)?,
                )
                .await
                .map_err(connect_error)?,
            ),
            Backend::MySql => Pool::MySql(
                open(
                    MySqlPoolOptions::new().max_connections(max_connections),
                    MySqlConnectOptions::from_str(&format!("mysql:{rest}"))
                        .map_err(connect_error)?,
                )
                .await
                .map_err(connect_error)?,
            ),
        };
        Ok(Store {
            pool,
            schema_changes,
        })
    }

    pub fn backend(&self) -> Backend {
        self.pool.backend()
    }

    /// Applies the pending migrations in order, each in its own transaction where the backend
    /// allows it (not MySQL/MariaDB, whose DDL commits implicitly), and records each in
    /// `schema_version`. A database newer than [`LATEST_SCHEMA`] gives
    /// [`StoreError::SchemaTooNew`] and is left untouched. Safe to call from several processes at
    /// once.
    pub async fn migrate(&self) -> Result<MigrationReport, StoreError> {
        migrate::migrate(&self.pool, &self.schema_changes).await
    }

    /// The database's schema version: 0 on an empty database.
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        migrate::schema_version(&mut self.pool.acquire().await?.conn()).await
    }

    pub fn rooms(&self) -> Rooms<'_> {
        Rooms::new(&self.pool)
    }

    pub fn sessions(&self) -> Sessions<'_> {
        Sessions::new(&self.pool)
    }

    pub fn roles(&self) -> Roles<'_> {
        Roles::new(&self.pool)
    }

    pub fn bans(&self) -> Bans<'_> {
        Bans::new(&self.pool)
    }

    /// The rooms' Etherpad groups, and those of deleted rooms still to delete from Etherpad.
    pub fn notes(&self) -> Notes<'_> {
        Notes::new(&self.pool)
    }

    pub fn notify(&self) -> Notify<'_> {
        Notify::new(&self.pool)
    }

    pub fn audit(&self) -> Audit<'_> {
        Audit::new(&self.pool)
    }

    pub fn mail_queue(&self) -> MailQueue<'_> {
        MailQueue::new(&self.pool)
    }

    pub fn invitations(&self) -> Invitations<'_> {
        Invitations::new(&self.pool)
    }

    pub fn admins(&self) -> Admins<'_> {
        Admins::new(&self.pool)
    }

    pub fn secrets(&self) -> Secrets<'_> {
        Secrets::new(&self.pool)
    }

    /// Closes every connection; later calls fail.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Splits `scheme:rest`; the scheme is lower-cased. Never puts the rest of the URL (which may hold
/// a password) into an error.
fn split_scheme(url: &str) -> Result<(String, &str), StoreError> {
    let Some((scheme, rest)) = url.split_once(':') else {
        return Err(StoreError::UnsupportedUrl("(none)".to_owned()));
    };
    let looks_like_scheme = !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !looks_like_scheme {
        return Err(StoreError::UnsupportedUrl("(none)".to_owned()));
    }
    Ok((scheme.to_ascii_lowercase(), rest))
}

async fn connect_sqlite(
    url: &str,
    max_connections: u32,
    schema_changes: SchemaChanges,
) -> Result<Pool, StoreError> {
    // sqlx only strips a lower-case scheme.
    let url = match url.split_once(':') {
        Some((_, rest)) => format!("sqlite:{rest}"),
        None => url.to_owned(),
    };
    let in_memory = sqlite_in_memory(&url);
    let connect_error = |source| StoreError::Connect {
        backend: Backend::Sqlite,
        source,
    };
    let mut options = SqliteConnectOptions::from_str(&url)
        .map_err(connect_error)?
        .create_if_missing(true)
        .foreign_keys(true)
        .busy_timeout(SQLITE_BUSY_TIMEOUT);
    let mut pool = SqlitePoolOptions::new();
    if in_memory {
        // Shared-cache connections lock each other out without waiting, and the database lives
        // only as long as one connection: keep exactly one, forever.
        pool = pool
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None);
    } else {
        options = options.journal_mode(SqliteJournalMode::Wal);
        create_parent_dir(options.get_filename())?;
        pool = pool
            .max_connections(max_connections)
            // See `schema_changes`: a connection older than the schema is closed, not reused.
            .before_acquire(move |_, meta| {
                let fresh = !schema_changes.predates(meta.age);
                Box::pin(std::future::ready(Ok(fresh)))
            });
    }
    Ok(Pool::Sqlite(
        open(pool, options).await.map_err(connect_error)?,
    ))
}

/// Opens a pool and its first connection. The pool retries a refused connection until its
/// acquire timeout (30 s: the server may be starting) and then only says "timed out"; in that case
/// one more direct attempt reports the actual cause.
async fn open<DB: Database>(
    pool: PoolOptions<DB>,
    options: <DB::Connection as Connection>::Options,
) -> Result<sqlx::Pool<DB>, sqlx::Error> {
    match pool.connect_with(options.clone()).await {
        Err(sqlx::Error::PoolTimedOut) => match options.connect().await {
            Err(cause) => Err(cause),
            Ok(conn) => {
                let _ = conn.close().await;
                Err(sqlx::Error::PoolTimedOut)
            }
        },
        result => result,
    }
}

/// `sqlite::memory:`, `sqlite://:memory:` or `?mode=memory`.
fn sqlite_in_memory(url: &str) -> bool {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    path == ":memory:" || query.split('&').any(|kv| kv == "mode=memory")
}

fn create_parent_dir(file: &Path) -> Result<(), StoreError> {
    match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.exists() => std::fs::create_dir_all(dir)
            .map_err(|source| StoreError::CreateDirectory {
                path: dir.display().to_string(),
                source,
            }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_schemes_without_leaking_the_url() {
        assert_eq!(
            split_scheme("SQLite:x.db").unwrap(),
            ("sqlite".to_owned(), "x.db")
        );
        assert_eq!(
            split_scheme("mariadb://u:p@h/db").unwrap(),
            ("mariadb".to_owned(), "//u:p@h/db")
        );
        let err = split_scheme("data/vroom.db").unwrap_err();
        assert!(matches!(err, StoreError::UnsupportedUrl(ref s) if s == "(none)"));
        let err = split_scheme("user/s3cr3t:x").unwrap_err();
        assert!(!err.to_string().contains("s3cr3t"));
    }

    #[test]
    fn detects_in_memory_sqlite() {
        assert!(sqlite_in_memory("sqlite::memory:"));
        assert!(sqlite_in_memory("sqlite://:memory:"));
        assert!(sqlite_in_memory("sqlite://?mode=memory"));
        assert!(!sqlite_in_memory("sqlite://data/vroom.db"));
        assert!(!sqlite_in_memory("sqlite:data/vroom.db?mode=rwc"));
    }

    #[tokio::test]
    async fn refuses_unknown_schemes() {
        let err = Store::connect("redis://secret@localhost", 1)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::UnsupportedUrl(ref s) if s == "redis"));
        assert!(!err.to_string().contains("secret"));
    }
}
