//! The schema's history: an ordered list of migrations, each built per backend.
//!
//! To change the schema, append a [`Migration`] with the next version number and a function that
//! returns its statements. Never edit a migration that has shipped. Prefer sea-query statements
//! (built with [`create_table`] / [`ddl`]) so one definition serves all three backends; write raw
//! per-backend SQL only where sea-query cannot express it. On MySQL/MariaDB each DDL statement
//! commits on its own, so keep a migration's statements few and put what you can (indexes, keys)
//! inside `CREATE TABLE` there.

use sea_query::{
    ColumnDef, Index, MysqlQueryBuilder, PostgresQueryBuilder, SchemaStatementBuilder,
    SqliteQueryBuilder, Table, TableCreateStatement,
};

use crate::Backend;
use crate::schema::Rooms;

/// One step of the schema's history.
pub(crate) struct Migration {
    /// 1, 2, 3... with no gaps; checked at compile time.
    pub version: i64,
    /// Short, for the log and the `schema_version` table (at most 255 characters).
    pub description: &'static str,
    /// The statements, in order, for the given backend.
    pub statements: fn(Backend) -> Vec<String>,
}

pub(crate) const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    description: "create rooms",
    statements: m0001_create_rooms,
}];

/// The schema version this binary creates and understands.
pub const LATEST_SCHEMA: i64 = MIGRATIONS[MIGRATIONS.len() - 1].version;

// Versions must be 1..=n in order.
const _: () = {
    let mut i = 0;
    while i < MIGRATIONS.len() {
        assert!(MIGRATIONS[i].version == i as i64 + 1);
        i += 1;
    }
};

fn m0001_create_rooms(backend: Backend) -> Vec<String> {
    let mut rooms = Table::create();
    rooms
        .table(Rooms::Table)
        .col(
            ColumnDef::new(Rooms::Id)
                .big_integer()
                .not_null()
                .auto_increment()
                .primary_key(),
        )
        .col(
            ColumnDef::new(Rooms::Name)
                .string_len(64)
                .not_null()
                .unique_key(),
        )
        .col(ColumnDef::new(Rooms::CreatedAt).big_integer().not_null())
        .col(ColumnDef::new(Rooms::LastActivity).big_integer().not_null());
    let mut by_activity = Index::create();
    by_activity
        .name("idx_rooms_last_activity")
        .table(Rooms::Table)
        .col(Rooms::LastActivity);

    if backend == Backend::MySql {
        // One statement, so the migration cannot be left half-done.
        rooms.index(&mut by_activity);
        vec![create_table(backend, &mut rooms)]
    } else {
        vec![
            create_table(backend, &mut rooms),
            ddl(backend, &by_activity),
        ]
    }
}

/// Builds any sea-query schema statement for `backend`.
pub(crate) fn ddl(backend: Backend, stmt: &impl SchemaStatementBuilder) -> String {
    match backend {
        Backend::Sqlite => stmt.build(SqliteQueryBuilder),
        Backend::Postgres => stmt.build(PostgresQueryBuilder),
        Backend::MySql => stmt.build(MysqlQueryBuilder),
    }
}

/// Builds a `CREATE TABLE`; on MySQL/MariaDB adds InnoDB, utf8mb4 and a binary collation (so
/// string comparisons behave as on SQLite and PostgreSQL: exact, case-sensitive).
pub(crate) fn create_table(backend: Backend, stmt: &mut TableCreateStatement) -> String {
    if backend == Backend::MySql {
        stmt.engine("InnoDB")
            .character_set("utf8mb4")
            .collate("utf8mb4_bin");
    }
    ddl(backend, stmt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_ddl() {
        for backend in [Backend::Sqlite, Backend::Postgres, Backend::MySql] {
            for m in MIGRATIONS {
                for sql in (m.statements)(backend) {
                    println!("{backend:?} {}: {sql}", m.version);
                    assert!(!sql.is_empty());
                }
            }
        }
    }
}
