//! The one error type of the store.

/// What can go wrong in the store. The messages are meant for an operator reading the log.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// A row with the same unique key (for rooms: the same name; for sessions: the same token
    /// hash or reference) already exists.
    #[error("already exists: the name or key is taken")]
    Conflict,

    /// The row to change, or a row it must refer to (a room, a session), does not exist (any
    /// more).
    #[error("not found: it was deleted or never existed")]
    NotFound,

    /// A value is longer than its column allows. Checked here rather than left to the database,
    /// because SQLite would store it anyway while the others refuse it.
    #[error("{what} is too long: at most {max} characters")]
    TooLong { what: &'static str, max: u32 },

    /// The database was migrated by a newer vroom; this binary must not touch it.
    #[error(
        "the database schema is version {found} but this vroom only knows up to {supported}: \
         upgrade vroom or use another database"
    )]
    SchemaTooNew { found: i64, supported: i64 },

    /// The database URL has a scheme this vroom cannot use. Holds the scheme only, never the
    /// rest of the URL (it may contain a password).
    #[error(
        "unsupported database URL scheme `{0}`: use sqlite:, postgres:, postgresql:, mysql: or mariadb: \
         (for example sqlite://data/vroom.db or postgres://user:password@host/vroom)"
    )]
    UnsupportedUrl(String),

    /// The database could not be opened (bad URL parameters, server unreachable, wrong
    /// credentials, unreadable file...).
    #[error("cannot connect to the {backend} database: {source}")]
    Connect {
        backend: crate::Backend,
        #[source]
        source: sqlx::Error,
    },

    /// The directory that should hold the SQLite file could not be created.
    #[error("cannot create the directory `{path}` for the SQLite database: {source}")]
    CreateDirectory {
        path: String,
        #[source]
        source: std::io::Error,
    },

    /// A migration failed. On PostgreSQL and SQLite it was rolled back; on MySQL/MariaDB, DDL is
    /// not transactional, so a failed migration may have been partly applied.
    #[error(
        "database migration {version} ({description}) failed{}: {source}",
        if *.partial { " and may be partly applied (MySQL/MariaDB cannot roll back schema changes); \
                       check the schema before retrying" } else { " and was rolled back" }
    )]
    Migration {
        version: i64,
        description: &'static str,
        partial: bool,
        #[source]
        source: sqlx::Error,
    },

    /// Another process holds the migration lock and it could not be taken.
    #[error("could not take the database migration lock: {0}")]
    MigrationLock(String),

    /// Any other database error (connection refused, bad credentials, I/O...).
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    /// Turns a unique-constraint violation (on any of the three backends) into
    /// [`StoreError::Conflict`], and a foreign-key violation (a reference to a room or session
    /// that does not exist) into [`StoreError::NotFound`].
    pub(crate) fn from_write(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict,
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => StoreError::NotFound,
            _ => StoreError::Database(err),
        }
    }

    /// A stored value this version cannot read (for example an unknown role).
    pub(crate) fn corrupt(err: impl std::error::Error + Send + Sync + 'static) -> Self {
        StoreError::Database(sqlx::Error::Decode(Box::new(err)))
    }
}
