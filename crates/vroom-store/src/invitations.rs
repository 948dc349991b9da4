//! The `invitations` repository: mails a chairman sent to ask someone into a room.
//!
//! Only a hash of the link's token is stored. An invitation is bound to the first browser session
//! that uses its link; it stops opening the room when it expires or when the invitee declines.

use sea_query::{Expr, ExprTrait, Order, Query};

use crate::StoreError;
use crate::db::Pool;
use crate::schema::{Invitations as T, len};
use crate::text::{check_len, truncate};

/// The invitee's answer on the invitation page.
pub const RESPONSE_LATER: &str = "later";
pub const RESPONSE_DECLINE: &str = "decline";

/// An invitation to store. Times are Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInvitation {
    pub room_id: i64,
    /// SHA-256 of the link's token, hex (64 characters).
    pub token_hash: String,
    pub email: String,
    /// The chairman's words (cut to 1000 characters).
    pub message: Option<String>,
    /// The inviting session's public reference, and the name they had.
    pub inviter_ref: String,
    pub inviter_name: String,
    /// The language the mail was written in.
    pub lang: String,
    pub created_at: i64,
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub id: i64,
    pub room_id: i64,
    pub token_hash: String,
    pub email: String,
    pub message: Option<String>,
    pub inviter_ref: String,
    pub inviter_name: String,
    pub lang: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub mail_message_id: Option<String>,
    pub bound_session: Option<i64>,
    pub response: Option<String>,
    pub response_message: Option<String>,
    pub responded_at: Option<i64>,
}

impl Invitation {
    /// Whether the link still opens the room at `now` (not expired, not declined).
    pub fn usable(&self, now: i64) -> bool {
        now < self.expires_at && self.response.as_deref() != Some(RESPONSE_DECLINE)
    }
}

type Row = (
    i64,
    i64,
    String,
    String,
    Option<String>,
    String,
    String,
    String,
    i64,
    i64,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<i64>,
);

impl From<Row> for Invitation {
    fn from(r: Row) -> Self {
        Invitation {
            id: r.0,
            room_id: r.1,
            token_hash: r.2,
            email: r.3,
            message: r.4,
            inviter_ref: r.5,
            inviter_name: r.6,
            lang: r.7,
            created_at: r.8,
            expires_at: r.9,
            mail_message_id: r.10,
            bound_session: r.11,
            response: r.12,
            response_message: r.13,
            responded_at: r.14,
        }
    }
}

const COLUMNS: [T; 15] = [
    T::Id,
    T::RoomId,
    T::TokenHash,
    T::Email,
    T::Message,
    T::InviterRef,
    T::InviterName,
    T::Lang,
    T::CreatedAt,
    T::ExpiresAt,
    T::MailMessageId,
    T::BoundSession,
    T::Response,
    T::ResponseMessage,
    T::RespondedAt,
];

/// Invitations in the database: see [`crate::Store::invitations`].
#[derive(Clone, Copy)]
pub struct Invitations<'a> {
    pool: &'a Pool,
}

impl<'a> Invitations<'a> {
    pub(crate) fn new(pool: &'a Pool) -> Self {
        Invitations { pool }
    }

    /// Stores `new` and returns it. [`StoreError::NotFound`] if the room does not exist,
    /// [`StoreError::TooLong`] for an address over 254 characters, [`StoreError::Conflict`] for a
    /// token already stored.
    pub async fn create(&self, new: &NewInvitation) -> Result<Invitation, StoreError> {
        check_len("an e-mail address", &new.email, len::EMAIL)?;
        check_len("a token hash", &new.token_hash, len::TOKEN_HASH)?;
        let insert = Query::insert()
            .into_table(T::Table)
            .columns([
                T::RoomId,
                T::TokenHash,
                T::Email,
                T::Message,
                T::InviterRef,
                T::InviterName,
                T::Lang,
                T::CreatedAt,
                T::ExpiresAt,
            ])
            .values_panic([
                new.room_id.into(),
                new.token_hash.clone().into(),
                new.email.clone().into(),
                new.message
                    .as_deref()
                    .map(|m| truncate(m, len::INVITATION_MESSAGE).to_owned())
                    .into(),
                truncate(&new.inviter_ref, len::REFERENCE).to_owned().into(),
                truncate(&new.inviter_name, len::DISPLAY_NAME)
                    .to_owned()
                    .into(),
                truncate(&new.lang, len::LANG).to_owned().into(),
                new.created_at.into(),
                new.expires_at.into(),
            ])
            .to_owned();
        self.pool
            .execute(&insert)
            .await
            .map_err(StoreError::from_write)?;
        self.by_token_hash(&new.token_hash)
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn by_token_hash(&self, token_hash: &str) -> Result<Option<Invitation>, StoreError> {
        let row: Option<Row> = self
            .pool
            .fetch_optional(
                Query::select()
                    .columns(COLUMNS)
                    .from(T::Table)
                    .and_where(Expr::col(T::TokenHash).eq(token_hash)),
            )
            .await?;
        Ok(row.map(Invitation::from))
    }

    /// The room's invitations, newest first.
    pub async fn list(&self, room_id: i64) -> Result<Vec<Invitation>, StoreError> {
        let rows: Vec<Row> = self
            .pool
            .fetch_all(
                Query::select()
                    .columns(COLUMNS)
                    .from(T::Table)
                    .and_where(Expr::col(T::RoomId).eq(room_id))
                    .order_by(T::Id, Order::Desc),
            )
            .await?;
        Ok(rows.into_iter().map(Invitation::from).collect())
    }

    /// Records the `Message-ID` of the invitation's mail (its delivery is read from the queue).
    pub async fn set_mail(&self, id: i64, message_id: &str) -> Result<(), StoreError> {
        self.pool
            .execute(
                Query::update()
                    .table(T::Table)
                    .value(T::MailMessageId, message_id)
                    .and_where(Expr::col(T::Id).eq(id)),
            )
            .await?;
        Ok(())
    }

    /// Binds the invitation to `session_id` if it is bound to no session yet. Returns whether it is
    /// now bound to this session (true also when it was already).
    pub async fn bind(&self, id: i64, session_id: i64) -> Result<bool, StoreError> {
        self.pool
            .execute(
                Query::update()
                    .table(T::Table)
                    .value(T::BoundSession, session_id)
                    .and_where(Expr::col(T::Id).eq(id))
                    .and_where(Expr::col(T::BoundSession).is_null()),
            )
            .await?;
        let row: Option<(Option<i64>,)> = self
            .pool
            .fetch_optional(
                Query::select()
                    .column(T::BoundSession)
                    .from(T::Table)
                    .and_where(Expr::col(T::Id).eq(id)),
            )
            .await?;
        Ok(matches!(row, Some((Some(bound),)) if bound == session_id))
    }

    /// Records the invitee's answer (`later` or `decline`) and words (cut to 1000 characters).
    pub async fn respond(
        &self,
        id: i64,
        response: &str,
        message: Option<&str>,
        at: i64,
    ) -> Result<(), StoreError> {
        check_len("a response", response, len::RESPONSE)?;
        self.pool
            .execute(
                Query::update()
                    .table(T::Table)
                    .value(T::Response, response)
                    .value(
                        T::ResponseMessage,
                        message.map(|m| truncate(m, len::INVITATION_MESSAGE).to_owned()),
                    )
                    .value(T::RespondedAt, at)
                    .and_where(Expr::col(T::Id).eq(id)),
            )
            .await?;
        Ok(())
    }

    /// Whether `session_id` holds a usable invitation to the room at `now`.
    pub async fn holds(&self, room_id: i64, session_id: i64, now: i64) -> Result<bool, StoreError> {
        let rows: Vec<(i64, Option<String>)> = self
            .pool
            .fetch_all(
                Query::select()
                    .columns([T::ExpiresAt, T::Response])
                    .from(T::Table)
                    .and_where(Expr::col(T::RoomId).eq(room_id))
                    .and_where(Expr::col(T::BoundSession).eq(session_id)),
            )
            .await?;
        Ok(rows.iter().any(|(expires, response)| {
            now < *expires && response.as_deref() != Some(RESPONSE_DECLINE)
        }))
    }

    /// Deletes invitations that expired before `before`; returns how many.
    pub async fn purge_expired(&self, before: i64) -> Result<u64, StoreError> {
        Ok(self
            .pool
            .execute(
                Query::delete()
                    .from_table(T::Table)
                    .and_where(Expr::col(T::ExpiresAt).lt(before)),
            )
            .await?)
    }
}
