//! Applying [`crate::migrations::MIGRATIONS`] and reading the schema version.
//!
//! The version lives in `schema_version` (one row per applied migration). Concurrent `migrate`
//! calls (two vroom processes starting at once) are serialised: by an advisory lock on PostgreSQL
//! (`pg_advisory_lock`) and MySQL/MariaDB (`GET_LOCK`), and on SQLite by `BEGIN IMMEDIATE` plus a
//! re-check of the version inside each migration's transaction.

use std::time::{SystemTime, UNIX_EPOCH};

use sea_query::{ColumnDef, Expr, ExprTrait, Query, Table};

use crate::db::{Conn, Pool};
use crate::migrations::{LATEST_SCHEMA, MIGRATIONS, Migration, create_table};
use crate::schema::SchemaVersion;
use crate::schema_changes::SchemaChanges;
use crate::{Backend, StoreError};

/// What [`crate::Store::migrate`] did: the schema went from version `from` to version `to`
/// (equal when there was nothing to do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MigrationReport {
    pub from: i64,
    pub to: i64,
}

/// Key of the PostgreSQL advisory lock ("vroom-mg" in ASCII). Advisory locks are per database.
const PG_LOCK_KEY: i64 = 0x7672_6f6f_6d2d_6d67;

pub(crate) async fn migrate(
    pool: &Pool,
    schema_changes: &SchemaChanges,
) -> Result<MigrationReport, StoreError> {
    // Read-only check first: a database from a newer vroom is not touched at all.
    let from = schema_version(&mut pool.acquire().await?.conn()).await?;
    check_supported(from)?;
    if from == LATEST_SCHEMA {
        return Ok(MigrationReport { from, to: from });
    }

    let mut pooled = pool.acquire().await?;
    if pool.backend() != Backend::Sqlite {
        // Session-level locks must never go back to the pool, even if unlocking fails. (Not on
        // SQLite: it takes no such lock, and closing the only connection of an in-memory
        // database would lose the database.)
        pooled.close_on_drop();
    }
    let mut conn = pooled.conn();
    lock(&mut conn).await?;
    let result = apply_pending(&mut conn).await;
    if let Err(e) = unlock(&mut conn).await {
        tracing::warn!(error = %e, "could not release the migration lock; closing the connection");
    }
    // Whether this process or another one migrated (or failed half-way), connections opened
    // before now may know an older schema.
    schema_changes.record();
    let to = result?;
    Ok(MigrationReport { from, to })
}

/// The highest applied migration, 0 when `schema_version` does not exist.
pub(crate) async fn schema_version(conn: &mut Conn<'_>) -> Result<i64, StoreError> {
    if !version_table_exists(conn).await? {
        return Ok(0);
    }
    let (max,): (Option<i64>,) = conn
        .fetch_one(
            Query::select()
                .expr(Expr::col(SchemaVersion::Version).max())
                .from(SchemaVersion::Table),
        )
        .await?;
    Ok(max.unwrap_or(0))
}

fn check_supported(found: i64) -> Result<(), StoreError> {
    if found > LATEST_SCHEMA {
        return Err(StoreError::SchemaTooNew {
            found,
            supported: LATEST_SCHEMA,
        });
    }
    Ok(())
}

async fn apply_pending(conn: &mut Conn<'_>) -> Result<i64, StoreError> {
    let backend = conn.backend();
    conn.raw(create_version_table(backend)).await?;
    let found = schema_version(conn).await?;
    check_supported(found)?;
    let mut current = found;
    for migration in MIGRATIONS.iter().filter(|m| m.version > found) {
        apply(conn, migration).await?;
        current = migration.version;
        tracing::info!(
            version = migration.version,
            description = migration.description,
            "applied database migration"
        );
    }
    Ok(current)
}

async fn apply(conn: &mut Conn<'_>, m: &Migration) -> Result<(), StoreError> {
    let backend = conn.backend();
    let failed = |partial: bool| {
        move |source: sqlx::Error| StoreError::Migration {
            version: m.version,
            description: m.description,
            partial,
            source,
        }
    };
    let record = Query::insert()
        .into_table(SchemaVersion::Table)
        .columns([
            SchemaVersion::Version,
            SchemaVersion::Description,
            SchemaVersion::AppliedAt,
        ])
        .values_panic([m.version.into(), m.description.into(), unix_now().into()])
        .to_owned();

    if backend == Backend::MySql {
        // DDL commits implicitly on MySQL/MariaDB: a transaction would be a lie.
        for sql in (m.statements)(backend) {
            conn.raw(sql).await.map_err(failed(true))?;
        }
        conn.execute(&record).await.map_err(failed(true))?;
        return Ok(());
    }

    let mut tx = conn.begin().await?;
    let mut c = tx.conn();
    if schema_version(&mut c).await? >= m.version {
        // Another process applied it while we waited for the write lock (SQLite).
        return Ok(());
    }
    for sql in (m.statements)(backend) {
        c.raw(sql).await.map_err(failed(false))?;
    }
    c.execute(&record).await.map_err(failed(false))?;
    tx.commit().await.map_err(failed(false))?;
    Ok(())
}

fn create_version_table(backend: Backend) -> String {
    create_table(
        backend,
        Table::create()
            .table(SchemaVersion::Table)
            .if_not_exists()
            .col(
                ColumnDef::new(SchemaVersion::Version)
                    .big_integer()
                    .not_null()
                    .primary_key(),
            )
            .col(
                ColumnDef::new(SchemaVersion::Description)
                    .string_len(255)
                    .not_null(),
            )
            .col(
                ColumnDef::new(SchemaVersion::AppliedAt)
                    .big_integer()
                    .not_null(),
            ),
    )
}

async fn version_table_exists(conn: &mut Conn<'_>) -> Result<bool, sqlx::Error> {
    Ok(match conn {
        Conn::Sqlite(c) => sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
        )
        .fetch_one(&mut **c)
        .await?
            > 0,
        // Resolved through search_path, like the unqualified names the store uses.
        Conn::Postgres(c) => {
            sqlx::query_scalar::<_, bool>("SELECT to_regclass('schema_version') IS NOT NULL")
                .fetch_one(&mut **c)
                .await?
        }
        Conn::MySql(c) => {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM information_schema.tables \
                 WHERE table_schema = DATABASE() AND table_name = 'schema_version'",
            )
            .fetch_one(&mut **c)
            .await?
                > 0
        }
    })
}

/// MySQL lock names are server-wide, so the name includes the database (64 characters at most).
const MYSQL_LOCK_NAME: &str = "LEFT(CONCAT('vroom_migrate:', COALESCE(DATABASE(), '')), 64)";

async fn lock(conn: &mut Conn<'_>) -> Result<(), StoreError> {
    match conn {
        Conn::Sqlite(_) => Ok(()),
        Conn::Postgres(c) => {
            sqlx::query("SELECT pg_advisory_lock($1)")
                .bind(PG_LOCK_KEY)
                .execute(&mut **c)
                .await?;
            Ok(())
        }
        Conn::MySql(c) => {
            // Wait (practically) as long as the other process needs, like pg_advisory_lock.
            // MariaDB refuses the negative "infinite" timeout of MySQL, hence a day.
            let got: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT GET_LOCK({MYSQL_LOCK_NAME}, 86400)"
            )))
            .fetch_one(&mut **c)
            .await?;
            if got == Some(1) {
                Ok(())
            } else {
                Err(StoreError::MigrationLock(format!(
                    "GET_LOCK returned {}",
                    got.map_or_else(|| "NULL".to_owned(), |v| v.to_string())
                )))
            }
        }
    }
}

async fn unlock(conn: &mut Conn<'_>) -> Result<(), sqlx::Error> {
    match conn {
        Conn::Sqlite(_) => {}
        Conn::Postgres(c) => {
            sqlx::query("SELECT pg_advisory_unlock($1)")
                .bind(PG_LOCK_KEY)
                .execute(&mut **c)
                .await?;
        }
        Conn::MySql(c) => {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT RELEASE_LOCK({MYSQL_LOCK_NAME})"
            )))
            .execute(&mut **c)
            .await?;
        }
    }
    Ok(())
}

/// Seconds since the Unix epoch (0 if the clock is before 1970).
pub(crate) fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
