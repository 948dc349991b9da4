//! The schema's history: an ordered list of migrations, each built per backend.
//!
//! To change the schema, append a [`Migration`] with the next version number and a function that
//! returns its statements. Never edit a migration that has shipped. Prefer sea-query statements
//! (built with [`create_table`] / [`ddl`]) so one definition serves all three backends; write raw
//! per-backend SQL only where sea-query cannot express it. On MySQL/MariaDB each DDL statement
//! commits on its own, so keep a migration's statements few and put what you can (indexes, keys)
//! inside `CREATE TABLE` there.

use sea_query::{
    ColumnDef, ForeignKey, ForeignKeyAction, Iden, Index, IndexCreateStatement, MysqlQueryBuilder,
    PostgresQueryBuilder, SchemaStatementBuilder, SqliteQueryBuilder, Table, TableCreateStatement,
};

use crate::Backend;
use crate::schema::{
    AdminSessions, Admins, Audit, Invitations, MailQueue, NotesTrash, RoomBans, RoomNotify,
    RoomRoles, Rooms, Secrets, Sessions, len,
};

/// One step of the schema's history.
pub(crate) struct Migration {
    /// 1, 2, 3... with no gaps; checked at compile time.
    pub version: i64,
    /// Short, for the log and the `schema_version` table (at most 255 characters).
    pub description: &'static str,
    /// The statements, in order, for the given backend.
    pub statements: fn(Backend) -> Vec<String>,
}

pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        description: "create rooms",
        statements: m0001_create_rooms,
    },
    Migration {
        version: 2,
        description: "room settings, sessions, roles, bans, notifications, audit, secrets",
        statements: m0002_ownership,
    },
    Migration {
        version: 3,
        description: "mail queue",
        statements: m0003_mail_queue,
    },
    Migration {
        version: 4,
        description: "invitations",
        statements: m0004_invitations,
    },
    Migration {
        version: 5,
        description: "admin accounts and sessions",
        statements: m0005_admins,
    },
    Migration {
        version: 6,
        description: "collaborative notes: a room's Etherpad group, groups left to delete",
        statements: m0006_notes,
    },
];

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

/// Rooms people can own: settings on `rooms`, and the tables around them.
///
/// On MySQL/MariaDB, where each statement commits on its own, the tables are created first with
/// `IF NOT EXISTS` and the new `rooms` columns come last in one `ALTER TABLE` (atomic there): if
/// the migration stops half-way, running it again finishes it instead of failing on what exists.
/// SQLite can add only one column per `ALTER TABLE`; there and on PostgreSQL the migration is one
/// transaction anyway.
fn m0002_ownership(backend: Backend) -> Vec<String> {
    let mysql = backend == Backend::MySql;
    let mut out = Vec::new();
    let tables = [
        (
            m0002_sessions(),
            vec![index(
                "idx_sessions_last_seen",
                Sessions::Table,
                [Sessions::LastSeen],
            )],
        ),
        (
            m0002_room_roles(),
            vec![index(
                // Deleting a session finds its roles by this (the key starts with the room).
                "idx_room_roles_session",
                RoomRoles::Table,
                [RoomRoles::SessionId],
            )],
        ),
        (
            m0002_room_bans(),
            vec![
                index("idx_room_bans_room", RoomBans::Table, [RoomBans::RoomId]),
                index(
                    "idx_room_bans_session",
                    RoomBans::Table,
                    [RoomBans::SessionId],
                ),
                index("idx_room_bans_until", RoomBans::Table, [RoomBans::Until]),
            ],
        ),
        (m0002_room_notify(), vec![]),
        (
            m0002_audit(),
            vec![index("idx_audit_at", Audit::Table, [Audit::At])],
        ),
        (m0002_secrets(), vec![]),
    ];
    for (mut table, mut indexes) in tables {
        if mysql {
            table.if_not_exists();
            for i in &mut indexes {
                table.index(i);
            }
            out.push(create_table(backend, &mut table));
        } else {
            out.push(create_table(backend, &mut table));
            out.extend(indexes.iter().map(|i| ddl(backend, i)));
        }
    }

    let settings = [
        ColumnDef::new(Rooms::Locked)
            .boolean()
            .not_null()
            .default(false)
            .to_owned(),
        ColumnDef::new(Rooms::RequireName)
            .boolean()
            .not_null()
            .default(false)
            .to_owned(),
        ColumnDef::new(Rooms::JoinPassword)
            .string_len(len::PASSWORD_HASH)
            .null()
            .to_owned(),
        ColumnDef::new(Rooms::OwnerPassword)
            .string_len(len::PASSWORD_HASH)
            .null()
            .to_owned(),
        // 0: no limit of the room's own (the server-wide one still applies).
        ColumnDef::new(Rooms::MaxMembers)
            .integer()
            .not_null()
            .default(0)
            .to_owned(),
        ColumnDef::new(Rooms::Persistent)
            .boolean()
            .not_null()
            .default(false)
            .to_owned(),
    ];
    if backend == Backend::Sqlite {
        for column in settings {
            out.push(ddl(
                backend,
                Table::alter().table(Rooms::Table).add_column(column),
            ));
        }
    } else {
        let mut alter = Table::alter();
        alter.table(Rooms::Table);
        for column in settings {
            alter.add_column(column);
        }
        out.push(ddl(backend, &alter));
    }
    out
}

fn m0002_sessions() -> TableCreateStatement {
    Table::create()
        .table(Sessions::Table)
        .col(
            ColumnDef::new(Sessions::Id)
                .big_integer()
                .not_null()
                .auto_increment()
                .primary_key(),
        )
        .col(
            ColumnDef::new(Sessions::TokenHash)
                .string_len(len::TOKEN_HASH)
                .not_null()
                .unique_key(),
        )
        .col(
            ColumnDef::new(Sessions::Reference)
                .string_len(len::REFERENCE)
                .not_null()
                .unique_key(),
        )
        .col(ColumnDef::new(Sessions::CreatedAt).big_integer().not_null())
        .col(ColumnDef::new(Sessions::LastSeen).big_integer().not_null())
        .to_owned()
}

fn m0002_room_roles() -> TableCreateStatement {
    Table::create()
        .table(RoomRoles::Table)
        .col(ColumnDef::new(RoomRoles::RoomId).big_integer().not_null())
        .col(
            ColumnDef::new(RoomRoles::SessionId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(RoomRoles::Role)
                .string_len(len::ROLE)
                .not_null(),
        )
        .col(
            ColumnDef::new(RoomRoles::GrantedAt)
                .big_integer()
                .not_null(),
        )
        .primary_key(
            Index::create()
                .col(RoomRoles::RoomId)
                .col(RoomRoles::SessionId),
        )
        .foreign_key(&mut cascade(
            "fk_room_roles_room",
            RoomRoles::Table,
            RoomRoles::RoomId,
            Rooms::Table,
            Rooms::Id,
        ))
        .foreign_key(&mut cascade(
            "fk_room_roles_session",
            RoomRoles::Table,
            RoomRoles::SessionId,
            Sessions::Table,
            Sessions::Id,
        ))
        .to_owned()
}

fn m0002_room_bans() -> TableCreateStatement {
    Table::create()
        .table(RoomBans::Table)
        .col(
            ColumnDef::new(RoomBans::Id)
                .big_integer()
                .not_null()
                .auto_increment()
                .primary_key(),
        )
        .col(ColumnDef::new(RoomBans::RoomId).big_integer().not_null())
        .col(ColumnDef::new(RoomBans::SessionId).big_integer().null())
        .col(
            ColumnDef::new(RoomBans::Address)
                .string_len(len::ADDRESS)
                .null(),
        )
        .col(ColumnDef::new(RoomBans::Until).big_integer().not_null())
        .col(ColumnDef::new(RoomBans::CreatedAt).big_integer().not_null())
        .foreign_key(&mut cascade(
            "fk_room_bans_room",
            RoomBans::Table,
            RoomBans::RoomId,
            Rooms::Table,
            Rooms::Id,
        ))
        .foreign_key(&mut cascade(
            "fk_room_bans_session",
            RoomBans::Table,
            RoomBans::SessionId,
            Sessions::Table,
            Sessions::Id,
        ))
        .to_owned()
}

fn m0002_room_notify() -> TableCreateStatement {
    Table::create()
        .table(RoomNotify::Table)
        .col(ColumnDef::new(RoomNotify::RoomId).big_integer().not_null())
        .col(
            ColumnDef::new(RoomNotify::Email)
                .string_len(len::EMAIL)
                .not_null(),
        )
        .primary_key(
            Index::create()
                .col(RoomNotify::RoomId)
                .col(RoomNotify::Email),
        )
        .foreign_key(&mut cascade(
            "fk_room_notify_room",
            RoomNotify::Table,
            RoomNotify::RoomId,
            Rooms::Table,
            Rooms::Id,
        ))
        .to_owned()
}

fn m0002_audit() -> TableCreateStatement {
    Table::create()
        .table(Audit::Table)
        .col(
            ColumnDef::new(Audit::Id)
                .big_integer()
                .not_null()
                .auto_increment()
                .primary_key(),
        )
        .col(ColumnDef::new(Audit::At).big_integer().not_null())
        .col(
            ColumnDef::new(Audit::Event)
                .string_len(len::EVENT)
                .not_null(),
        )
        .col(ColumnDef::new(Audit::Ip).string_len(len::ADDRESS).null())
        .col(
            ColumnDef::new(Audit::UserRef)
                .string_len(len::REFERENCE)
                .null(),
        )
        // The room's name, not a key: entries stay when the room goes.
        .col(
            ColumnDef::new(Audit::Room)
                .string_len(len::ROOM_NAME)
                .null(),
        )
        .col(ColumnDef::new(Audit::Message).text().not_null())
        .to_owned()
}

fn m0002_secrets() -> TableCreateStatement {
    Table::create()
        .table(Secrets::Table)
        .col(
            ColumnDef::new(Secrets::Name)
                .string_len(len::SECRET_NAME)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(Secrets::Value)
                .string_len(len::SECRET_VALUE)
                .not_null(),
        )
        .col(ColumnDef::new(Secrets::CreatedAt).big_integer().not_null())
        .to_owned()
}

/// A foreign key whose rows go with the row they point to.
/// The outgoing mail queue. Mails are stored rendered (both parts), so a retry sends exactly what
/// was asked for even after a restart or a template change.
fn m0003_mail_queue(backend: Backend) -> Vec<String> {
    let mut table = Table::create();
    table
        .table(MailQueue::Table)
        .col(
            ColumnDef::new(MailQueue::Id)
                .big_integer()
                .not_null()
                .auto_increment()
                .primary_key(),
        )
        .col(
            ColumnDef::new(MailQueue::Kind)
                .string_len(len::MAIL_KIND)
                .not_null(),
        )
        .col(
            ColumnDef::new(MailQueue::Recipient)
                .string_len(len::EMAIL)
                .not_null(),
        )
        .col(
            ColumnDef::new(MailQueue::Subject)
                .string_len(len::SUBJECT)
                .not_null(),
        )
        .col(ColumnDef::new(MailQueue::BodyText).text().not_null())
        .col(ColumnDef::new(MailQueue::BodyHtml).text().not_null())
        .col(
            ColumnDef::new(MailQueue::MessageId)
                .string_len(len::MESSAGE_ID)
                .not_null()
                .unique_key(),
        )
        // The room's name (no key: the record outlives the room, like the audit's).
        .col(
            ColumnDef::new(MailQueue::Room)
                .string_len(len::ROOM_NAME)
                .null(),
        )
        .col(
            ColumnDef::new(MailQueue::CreatedAt)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(MailQueue::NextAttemptAt)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(MailQueue::Attempts)
                .integer()
                .not_null()
                .default(0),
        )
        .col(
            ColumnDef::new(MailQueue::Status)
                .string_len(len::MAIL_STATUS)
                .not_null(),
        )
        .col(
            ColumnDef::new(MailQueue::LastError)
                .string_len(len::MAIL_ERROR)
                .null(),
        )
        .col(ColumnDef::new(MailQueue::SentAt).big_integer().null());
    let mut due = index(
        "idx_mail_queue_due",
        MailQueue::Table,
        [MailQueue::Status, MailQueue::NextAttemptAt],
    );
    let mut by_age = index(
        "idx_mail_queue_created",
        MailQueue::Table,
        [MailQueue::CreatedAt],
    );
    if backend == Backend::MySql {
        table.index(&mut due).index(&mut by_age);
        vec![create_table(backend, &mut table)]
    } else {
        vec![
            create_table(backend, &mut table),
            ddl(backend, &due),
            ddl(backend, &by_age),
        ]
    }
}

/// Invitations by mail: the link's token (hashed), who asked, the answer, and the browser session
/// the link is bound to once used (a forwarded link opens nothing for others).
fn m0004_invitations(backend: Backend) -> Vec<String> {
    let mut table = Table::create();
    table
        .table(Invitations::Table)
        .col(
            ColumnDef::new(Invitations::Id)
                .big_integer()
                .not_null()
                .auto_increment()
                .primary_key(),
        )
        .col(ColumnDef::new(Invitations::RoomId).big_integer().not_null())
        .col(
            ColumnDef::new(Invitations::TokenHash)
                .string_len(len::TOKEN_HASH)
                .not_null()
                .unique_key(),
        )
        .col(
            ColumnDef::new(Invitations::Email)
                .string_len(len::EMAIL)
                .not_null(),
        )
        .col(ColumnDef::new(Invitations::Message).text().null())
        .col(
            ColumnDef::new(Invitations::InviterRef)
                .string_len(len::REFERENCE)
                .not_null(),
        )
        .col(
            ColumnDef::new(Invitations::InviterName)
                .string_len(len::DISPLAY_NAME)
                .not_null(),
        )
        .col(
            ColumnDef::new(Invitations::Lang)
                .string_len(len::LANG)
                .not_null(),
        )
        .col(
            ColumnDef::new(Invitations::CreatedAt)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(Invitations::ExpiresAt)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(Invitations::MailMessageId)
                .string_len(len::MESSAGE_ID)
                .null(),
        )
        // A session id, not a key: the binding outlives nothing, and ending a session must not
        // wait on invitations.
        .col(
            ColumnDef::new(Invitations::BoundSession)
                .big_integer()
                .null(),
        )
        .col(
            ColumnDef::new(Invitations::Response)
                .string_len(len::RESPONSE)
                .null(),
        )
        .col(ColumnDef::new(Invitations::ResponseMessage).text().null())
        .col(
            ColumnDef::new(Invitations::RespondedAt)
                .big_integer()
                .null(),
        )
        .foreign_key(&mut cascade(
            "fk_invitations_room",
            Invitations::Table,
            Invitations::RoomId,
            Rooms::Table,
            Rooms::Id,
        ));
    let mut by_room = index(
        "idx_invitations_room",
        Invitations::Table,
        [Invitations::RoomId],
    );
    let mut by_expiry = index(
        "idx_invitations_expires",
        Invitations::Table,
        [Invitations::ExpiresAt],
    );
    if backend == Backend::MySql {
        table.index(&mut by_room).index(&mut by_expiry);
        vec![create_table(backend, &mut table)]
    } else {
        vec![
            create_table(backend, &mut table),
            ddl(backend, &by_room),
            ddl(backend, &by_expiry),
        ]
    }
}

/// Admin accounts (argon2id hashes) and their login sessions.
///
/// On MySQL/MariaDB each `CREATE TABLE` commits alone: both use `IF NOT EXISTS` there, so a run
/// that stopped between them finishes when started again.
fn m0005_admins(backend: Backend) -> Vec<String> {
    let mysql = backend == Backend::MySql;
    let mut admins = Table::create();
    admins
        .table(Admins::Table)
        .col(
            ColumnDef::new(Admins::Id)
                .big_integer()
                .not_null()
                .auto_increment()
                .primary_key(),
        )
        .col(
            ColumnDef::new(Admins::Username)
                .string_len(len::USERNAME)
                .not_null()
                .unique_key(),
        )
        .col(
            ColumnDef::new(Admins::PasswordHash)
                .string_len(len::PASSWORD_HASH)
                .not_null(),
        )
        .col(ColumnDef::new(Admins::CreatedAt).big_integer().not_null())
        .col(ColumnDef::new(Admins::LastLoginAt).big_integer().null());
    let mut sessions = Table::create();
    sessions
        .table(AdminSessions::Table)
        .col(
            ColumnDef::new(AdminSessions::Id)
                .big_integer()
                .not_null()
                .auto_increment()
                .primary_key(),
        )
        .col(
            ColumnDef::new(AdminSessions::AdminId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(AdminSessions::TokenHash)
                .string_len(len::TOKEN_HASH)
                .not_null()
                .unique_key(),
        )
        .col(
            ColumnDef::new(AdminSessions::CreatedAt)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(AdminSessions::LastSeen)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(AdminSessions::ExpiresAt)
                .big_integer()
                .not_null(),
        )
        .foreign_key(&mut cascade(
            "fk_admin_sessions_admin",
            AdminSessions::Table,
            AdminSessions::AdminId,
            Admins::Table,
            Admins::Id,
        ));
    let mut by_expiry = index(
        "idx_admin_sessions_expires",
        AdminSessions::Table,
        [AdminSessions::ExpiresAt],
    );
    if mysql {
        admins.if_not_exists();
        sessions.if_not_exists().index(&mut by_expiry);
        vec![
            create_table(backend, &mut admins),
            create_table(backend, &mut sessions),
        ]
    } else {
        vec![
            create_table(backend, &mut admins),
            create_table(backend, &mut sessions),
            ddl(backend, &by_expiry),
        ]
    }
}

fn m0006_notes(backend: Backend) -> Vec<String> {
    let mut trash = Table::create();
    trash
        .table(NotesTrash::Table)
        .col(
            ColumnDef::new(NotesTrash::Id)
                .big_integer()
                .not_null()
                .auto_increment()
                .primary_key(),
        )
        .col(
            ColumnDef::new(NotesTrash::GroupId)
                .string_len(len::NOTES_GROUP)
                .not_null(),
        )
        .col(
            ColumnDef::new(NotesTrash::Room)
                .string_len(len::ROOM_NAME)
                .null(),
        )
        .col(
            ColumnDef::new(NotesTrash::CreatedAt)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(NotesTrash::Attempts)
                .integer()
                .not_null()
                .default(0),
        )
        .col(
            ColumnDef::new(NotesTrash::NextAttemptAt)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(NotesTrash::LastError)
                .string_len(len::MAIL_ERROR)
                .null(),
        );
    let group = ColumnDef::new(Rooms::NotesGroup)
        .string_len(len::NOTES_GROUP)
        .null()
        .to_owned();
    let mut out = Vec::new();
    if backend == Backend::MySql {
        trash.if_not_exists();
    }
    out.push(create_table(backend, &mut trash));
    out.push(ddl(
        backend,
        Table::alter().table(Rooms::Table).add_column(group),
    ));
    out
}

fn cascade(
    name: &str,
    table: impl Iden + 'static,
    column: impl Iden + 'static,
    parent: impl Iden + 'static,
    parent_column: impl Iden + 'static,
) -> sea_query::ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(parent, parent_column)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn index<C: Iden + 'static>(
    name: &str,
    table: impl Iden + 'static,
    columns: impl IntoIterator<Item = C>,
) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for c in columns {
        index.col(c);
    }
    index
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
