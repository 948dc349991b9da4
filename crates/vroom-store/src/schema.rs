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
    // Settings, since migration 2.
    Locked,
    RequireName,
    JoinPassword,
    OwnerPassword,
    MaxMembers,
    Persistent,
    // Since migration 6: the Etherpad group holding the room's notes, made on first use.
    NotesGroup,
}

/// `sessions`: browsers known by a cookie. Only a hash of the cookie's secret is stored.
#[derive(Iden, Clone, Copy)]
pub(crate) enum Sessions {
    Table,
    Id,
    TokenHash,
    Reference,
    CreatedAt,
    LastSeen,
}

/// `room_roles`: the role a session holds in a room.
#[derive(Iden, Clone, Copy)]
pub(crate) enum RoomRoles {
    Table,
    RoomId,
    SessionId,
    Role,
    GrantedAt,
}

/// `room_bans`: who may not enter a room until when, by session or by address.
#[derive(Iden, Clone, Copy)]
pub(crate) enum RoomBans {
    Table,
    Id,
    RoomId,
    SessionId,
    Address,
    Until,
    CreatedAt,
}

/// `room_notify`: addresses to tell when someone joins a room.
#[derive(Iden, Clone, Copy)]
pub(crate) enum RoomNotify {
    Table,
    RoomId,
    Email,
}

/// `audit`: the audit log. Names rooms by name, not id, so it outlives them.
#[derive(Iden, Clone, Copy)]
pub(crate) enum Audit {
    Table,
    Id,
    At,
    Event,
    Ip,
    UserRef,
    Room,
    Message,
}

/// `secrets`: server-wide generated secrets (keys), by name.
#[derive(Iden, Clone, Copy)]
pub(crate) enum Secrets {
    Table,
    Name,
    Value,
    CreatedAt,
}

/// `mail_queue`: rendered mails waiting to leave, or kept a while after (sent or given up).
#[derive(Iden, Clone, Copy)]
pub(crate) enum MailQueue {
    Table,
    Id,
    Kind,
    Recipient,
    Subject,
    BodyText,
    BodyHtml,
    MessageId,
    Room,
    CreatedAt,
    NextAttemptAt,
    Attempts,
    Status,
    LastError,
    SentAt,
}

/// `invitations`: a chairman asked someone by mail to join a room. Only a hash of the link's
/// token is stored.
#[derive(Iden, Clone, Copy)]
pub(crate) enum Invitations {
    Table,
    Id,
    RoomId,
    TokenHash,
    Email,
    Message,
    InviterRef,
    InviterName,
    Lang,
    CreatedAt,
    ExpiresAt,
    MailMessageId,
    BoundSession,
    Response,
    ResponseMessage,
    RespondedAt,
}

/// `admins`: the accounts of the admin area (made from the command line).
#[derive(Iden, Clone, Copy)]
pub(crate) enum Admins {
    Table,
    Id,
    Username,
    PasswordHash,
    CreatedAt,
    LastLoginAt,
}

/// `admin_sessions`: logged-in admin browsers. Only a hash of the cookie's secret is stored.
#[derive(Iden, Clone, Copy)]
pub(crate) enum AdminSessions {
    Table,
    Id,
    AdminId,
    TokenHash,
    CreatedAt,
    LastSeen,
    ExpiresAt,
}

/// `notes_trash` (migration 6): Etherpad groups of deleted rooms, to delete from Etherpad, retried
/// until Etherpad answers.
#[derive(Iden, Clone, Copy)]
pub(crate) enum NotesTrash {
    Table,
    Id,
    GroupId,
    Room,
    CreatedAt,
    Attempts,
    NextAttemptAt,
    LastError,
}

/// Column sizes (in characters), shared by the migrations and the repositories that check or
/// truncate values to fit. Changing one needs a migration.
pub(crate) mod len {
    pub(crate) const ROOM_NAME: u32 = 64;
    pub(crate) const PASSWORD_HASH: u32 = 255;
    pub(crate) const TOKEN_HASH: u32 = 64;
    pub(crate) const REFERENCE: u32 = 32;
    pub(crate) const ROLE: u32 = 16;
    /// Longest textual IP address (an IPv4-mapped IPv6 address).
    pub(crate) const ADDRESS: u32 = 45;
    pub(crate) const EMAIL: u32 = 254;
    pub(crate) const EVENT: u32 = 40;
    pub(crate) const SECRET_NAME: u32 = 64;
    pub(crate) const SECRET_VALUE: u32 = 255;
    pub(crate) const MAIL_KIND: u32 = 32;
    pub(crate) const USERNAME: u32 = 64;
    pub(crate) const DISPLAY_NAME: u32 = 50;
    pub(crate) const LANG: u32 = 8;
    pub(crate) const RESPONSE: u32 = 16;
    /// An invitation's message, and an invitee's answer.
    pub(crate) const INVITATION_MESSAGE: u32 = 1000;
    pub(crate) const SUBJECT: u32 = 255;
    pub(crate) const MESSAGE_ID: u32 = 255;
    pub(crate) const MAIL_STATUS: u32 = 16;
    pub(crate) const MAIL_ERROR: u32 = 500;
    /// An Etherpad group id (`g.` and 16 characters today).
    pub(crate) const NOTES_GROUP: u32 = 64;
    /// Audit messages are `TEXT` (64 KiB on MySQL/MariaDB: 8000 four-byte characters fit).
    pub(crate) const MESSAGE: u32 = 8000;
}
