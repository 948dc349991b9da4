//! The `mail_queue` repository: rendered mails waiting to leave, with their attempts.
//!
//! A mail is `pending` until a transport accepts it (`sent`) or the sender gives up (`failed`). The
//! worker takes due pending mails in id order, and records each attempt's outcome. Sent and failed
//! mails are kept for a while (they show in the audit and to whoever asked), then purged.

use sea_query::{Expr, ExprTrait, Func, Query};

use crate::StoreError;
use crate::db::Pool;
use crate::schema::{MailQueue as T, len};
use crate::text::{check_len, truncate};

/// What a queued mail is for, with the same words in the audit.
pub const STATUS_PENDING: &str = "pending";
pub const STATUS_SENT: &str = "sent";
pub const STATUS_FAILED: &str = "failed";

/// The queue's rows by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MailCounts {
    pub pending: u64,
    pub sent: u64,
    pub failed: u64,
}

/// A rendered mail to queue. Times are Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMail {
    /// `invitation`, `join_notification`, `feedback`… (at most 32 characters).
    pub kind: String,
    /// One address (at most 254 characters; checked, not cut).
    pub recipient: String,
    /// Cut to 255 characters.
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// The `Message-ID` (unique; at most 255 characters): a retry sends the same one.
    pub message_id: String,
    /// The room it is about, if any (cut to 64 characters).
    pub room: Option<String>,
    pub created_at: i64,
}

/// A queued mail as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedMail {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub message_id: String,
    pub room: Option<String>,
    pub created_at: i64,
    pub next_attempt_at: i64,
    pub attempts: i32,
    pub status: String,
    pub last_error: Option<String>,
    pub sent_at: Option<i64>,
}

type Row = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    i64,
    i64,
    i32,
    String,
    Option<String>,
    Option<i64>,
);

impl From<Row> for QueuedMail {
    fn from(r: Row) -> Self {
        QueuedMail {
            id: r.0,
            kind: r.1,
            recipient: r.2,
            subject: r.3,
            body_text: r.4,
            body_html: r.5,
            message_id: r.6,
            room: r.7,
            created_at: r.8,
            next_attempt_at: r.9,
            attempts: r.10,
            status: r.11,
            last_error: r.12,
            sent_at: r.13,
        }
    }
}

const COLUMNS: [T; 14] = [
    T::Id,
    T::Kind,
    T::Recipient,
    T::Subject,
    T::BodyText,
    T::BodyHtml,
    T::MessageId,
    T::Room,
    T::CreatedAt,
    T::NextAttemptAt,
    T::Attempts,
    T::Status,
    T::LastError,
    T::SentAt,
];

/// The mail queue in the database: see [`crate::Store::mail_queue`].
#[derive(Clone, Copy)]
pub struct MailQueue<'a> {
    pool: &'a Pool,
}

impl<'a> MailQueue<'a> {
    pub(crate) fn new(pool: &'a Pool) -> Self {
        MailQueue { pool }
    }

    /// Queues `mail`, due at once. [`StoreError::TooLong`] for a recipient, kind or message id that
    /// does not fit (nothing is queued); [`StoreError::Conflict`] for a message id already queued.
    pub async fn enqueue(&self, mail: &NewMail) -> Result<(), StoreError> {
        check_len("an e-mail address", &mail.recipient, len::EMAIL)?;
        check_len("a mail kind", &mail.kind, len::MAIL_KIND)?;
        check_len("a message id", &mail.message_id, len::MESSAGE_ID)?;
        let insert = Query::insert()
            .into_table(T::Table)
            .columns([
                T::Kind,
                T::Recipient,
                T::Subject,
                T::BodyText,
                T::BodyHtml,
                T::MessageId,
                T::Room,
                T::CreatedAt,
                T::NextAttemptAt,
                T::Attempts,
                T::Status,
            ])
            .values_panic([
                mail.kind.clone().into(),
                mail.recipient.clone().into(),
                truncate(&mail.subject, len::SUBJECT).to_owned().into(),
                mail.body_text.clone().into(),
                mail.body_html.clone().into(),
                mail.message_id.clone().into(),
                mail.room
                    .as_deref()
                    .map(|r| truncate(r, len::ROOM_NAME).to_owned())
                    .into(),
                mail.created_at.into(),
                mail.created_at.into(),
                0i32.into(),
                STATUS_PENDING.into(),
            ])
            .to_owned();
        self.pool
            .execute(&insert)
            .await
            .map_err(StoreError::from_write)?;
        Ok(())
    }

    /// At most `limit` pending mails due at `now`, oldest first.
    pub async fn due(&self, now: i64, limit: u64) -> Result<Vec<QueuedMail>, StoreError> {
        let rows: Vec<Row> = self
            .pool
            .fetch_all(
                Query::select()
                    .columns(COLUMNS)
                    .from(T::Table)
                    .and_where(Expr::col(T::Status).eq(STATUS_PENDING))
                    .and_where(Expr::col(T::NextAttemptAt).lte(now))
                    .order_by(T::Id, sea_query::Order::Asc)
                    .limit(limit),
            )
            .await?;
        Ok(rows.into_iter().map(QueuedMail::from).collect())
    }

    /// The earliest time a pending mail is due, if any.
    pub async fn next_due(&self) -> Result<Option<i64>, StoreError> {
        let row: Option<(Option<i64>,)> = self
            .pool
            .fetch_optional(
                Query::select()
                    .expr(Func::min(Expr::col(T::NextAttemptAt)))
                    .from(T::Table)
                    .and_where(Expr::col(T::Status).eq(STATUS_PENDING)),
            )
            .await?;
        Ok(row.and_then(|(at,)| at))
    }

    /// Every mail of a message id (tests, and whoever asked).
    pub async fn by_message_id(&self, message_id: &str) -> Result<Option<QueuedMail>, StoreError> {
        let row: Option<Row> = self
            .pool
            .fetch_optional(
                Query::select()
                    .columns(COLUMNS)
                    .from(T::Table)
                    .and_where(Expr::col(T::MessageId).eq(message_id)),
            )
            .await?;
        Ok(row.map(QueuedMail::from))
    }

    /// All mails, oldest first (at most `limit`).
    pub async fn list(&self, limit: u64) -> Result<Vec<QueuedMail>, StoreError> {
        let rows: Vec<Row> = self
            .pool
            .fetch_all(
                Query::select()
                    .columns(COLUMNS)
                    .from(T::Table)
                    .order_by(T::Id, sea_query::Order::Asc)
                    .limit(limit),
            )
            .await?;
        Ok(rows.into_iter().map(QueuedMail::from).collect())
    }

    /// The transport accepted mail `id` at `now` (only a pending mail changes).
    pub async fn mark_sent(&self, id: i64, attempts: i32, now: i64) -> Result<(), StoreError> {
        self.update_pending(
            id,
            [
                (T::Status, STATUS_SENT.into()),
                (T::Attempts, attempts.into()),
                (T::SentAt, now.into()),
                (T::LastError, Option::<String>::None.into()),
            ],
        )
        .await
    }

    /// Attempt number `attempts` failed with `error`; try again at `next_at`.
    pub async fn mark_retry(
        &self,
        id: i64,
        attempts: i32,
        next_at: i64,
        error: &str,
    ) -> Result<(), StoreError> {
        self.update_pending(
            id,
            [
                (T::Attempts, attempts.into()),
                (T::NextAttemptAt, next_at.into()),
                (
                    T::LastError,
                    truncate(error, len::MAIL_ERROR).to_owned().into(),
                ),
                (T::Status, STATUS_PENDING.into()),
            ],
        )
        .await
    }

    /// Given up after `attempts` attempts, the last one failing with `error`.
    pub async fn mark_failed(&self, id: i64, attempts: i32, error: &str) -> Result<(), StoreError> {
        self.update_pending(
            id,
            [
                (T::Attempts, attempts.into()),
                (T::Status, STATUS_FAILED.into()),
                (
                    T::LastError,
                    truncate(error, len::MAIL_ERROR).to_owned().into(),
                ),
                (T::NextAttemptAt, 0i64.into()),
            ],
        )
        .await
    }

    async fn update_pending(
        &self,
        id: i64,
        values: [(T, sea_query::SimpleExpr); 4],
    ) -> Result<(), StoreError> {
        let mut update = Query::update();
        update
            .table(T::Table)
            .and_where(Expr::col(T::Id).eq(id))
            .and_where(Expr::col(T::Status).eq(STATUS_PENDING));
        for (column, value) in values {
            update.value(column, value);
        }
        self.pool.execute(&update).await?;
        Ok(())
    }

    /// How many mails wait, were sent and were given up (sent and failed ones until purged).
    pub async fn counts(&self) -> Result<MailCounts, StoreError> {
        let rows: Vec<(String, i64)> = self
            .pool
            .fetch_all(
                Query::select()
                    .column(T::Status)
                    .expr(Func::count(Expr::col(T::Id)))
                    .from(T::Table)
                    .group_by_col(T::Status),
            )
            .await?;
        let count = |status: &str| {
            rows.iter()
                .find(|(s, _)| s == status)
                .map_or(0, |(_, n)| u64::try_from(*n).unwrap_or(0))
        };
        Ok(MailCounts {
            pending: count(STATUS_PENDING),
            sent: count(STATUS_SENT),
            failed: count(STATUS_FAILED),
        })
    }

    /// Deletes sent and failed mails created before `before`; returns how many.
    pub async fn purge_done(&self, before: i64) -> Result<u64, StoreError> {
        let delete = Query::delete()
            .from_table(T::Table)
            .and_where(Expr::col(T::Status).ne(STATUS_PENDING))
            .and_where(Expr::col(T::CreatedAt).lt(before))
            .to_owned();
        Ok(self.pool.execute(&delete).await?)
    }
}
