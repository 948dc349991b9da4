//! Table and column names, shared by the migrations and the repositories.

use sea_query::Iden;

/// `schema_version`: one row per applied migration; the schema version is the highest `version`.
#[derive(Iden, Clone, Copy)]
pub(crate) enum SchemaVersion {
    Table,
    Version,
    Description,
    AppliedAt,
}

/// `rooms`: the rooms that exist (whether or not anyone is in them).
#[derive(Iden, Clone, Copy)]
pub(crate) enum Rooms {
    Table,
    Id,
    Name,
    CreatedAt,
    LastActivity,
}
