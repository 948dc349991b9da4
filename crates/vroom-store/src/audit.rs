//! The `audit` repository: what happened, when, from where, by whom, in which room.
//!
//! Entries name the room by its name (no foreign key), so they outlive it. Recording must not fail
//! on the content of an entry: over-long fields are cut to their columns at a character boundary,
//! and NUL characters (which PostgreSQL refuses in text) become U+FFFD.

use sea_query::{Cond, Expr, ExprTrait, Func, Order, Query, SelectStatement};

use crate::StoreError;
use crate::db::Pool;
use crate::rooms::{bindable_offset, contains_pattern, like_escaped};
use crate::schema::{Audit as T, len};
use crate::text::truncate;

/// One event for the audit log. `at` is Unix seconds (UTC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: i64,
    /// What happened, as a short key (`room_created`, `session_expired`...). At most 40
    /// characters are kept.
    pub event: String,
    /// The client's address (at most 45 characters kept).
    pub ip: Option<String>,
    /// The session's public reference (at most 32 characters kept).
    pub user_ref: Option<String>,
    /// The room's name (at most 64 characters kept).
    pub room: Option<String>,
    /// Details for a person (at most 8000 characters kept).
    pub message: String,
}

/// A stored [`AuditEntry`] with its id (ids grow in the order entries were recorded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub id: i64,
    pub at: i64,
    pub event: String,
    pub ip: Option<String>,
    pub user_ref: Option<String>,
    pub room: Option<String>,
    pub message: String,
}

type AuditRow = (
    i64,
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

impl From<AuditRow> for AuditRecord {
    fn from((id, at, event, ip, user_ref, room, message): AuditRow) -> Self {
        AuditRecord {
            id,
            at,
            event,
            ip,
            user_ref,
            room,
            message,
        }
    }
}

/// Which entries the audit viewer and its export show.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuditQuery {
    /// Unix seconds: entries with `from <= at <= to`.
    pub from: i64,
    pub to: i64,
    /// Only these events; empty for every event.
    pub events: Vec<String>,
    /// Only entries whose event, address, user reference, room or message contains this,
    /// ignoring case; `%`, `_` and `!` mean themselves. `None` or empty: no such condition.
    ///
    /// Case is folded by the database: PostgreSQL and MySQL/MariaDB fold every letter, SQLite only
    /// ASCII ones (`é` does not find `É` there, but always finds `é`).
    pub text: Option<String>,
}

fn select_records() -> SelectStatement {
    Query::select()
        .columns([
            T::Id,
            T::At,
            T::Event,
            T::Ip,
            T::UserRef,
            T::Room,
            T::Message,
        ])
        .from(T::Table)
        .to_owned()
}

fn audit_filter(q: &AuditQuery) -> Cond {
    let mut cond = Cond::all()
        .add(Expr::col(T::At).gte(q.from))
        .add(Expr::col(T::At).lte(q.to));
    if !q.events.is_empty() {
        cond = cond.add(Expr::col(T::Event).is_in(q.events.iter().map(String::as_str)));
    }
    if let Some(text) = q.text.as_deref().filter(|t| !t.is_empty()) {
        let pattern = contains_pattern(text);
        // LOWER on both sides, so that each backend folds the term as it folds the columns (a
        // term lowered by Rust would miss `É` on SQLite, whose LOWER knows only ASCII).
        let mut any = Cond::any();
        for column in [T::Event, T::Ip, T::UserRef, T::Room, T::Message] {
            any = any.add(like_escaped(
                Func::lower(Expr::col(column)),
                Func::lower(Expr::val(pattern.as_str())),
            ));
        }
        cond = cond.add(any);
    }
    cond
}

/// `value` made to fit a column of `max` characters on every backend.
fn fit(value: &str, max: u32) -> String {
    let value = truncate(value, max);
    match value.contains('\0') {
        true => value.replace('\0', "\u{FFFD}"),
        false => value.to_owned(),
    }
}

fn fit_option(value: Option<&String>, max: u32) -> Option<String> {
    value.map(|v| fit(v, max))
}

/// The audit log in the database: see [`crate::Store::audit`].
#[derive(Clone, Copy)]
pub struct Audit<'a> {
    pool: &'a Pool,
}

impl<'a> Audit<'a> {
    pub(crate) fn new(pool: &'a Pool) -> Self {
        Audit { pool }
    }

    /// Appends `entry`, its fields cut to fit (see the module's documentation).
    pub async fn record(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        let insert = Query::insert()
            .into_table(T::Table)
            .columns([T::At, T::Event, T::Ip, T::UserRef, T::Room, T::Message])
            .values_panic([
                entry.at.into(),
                fit(&entry.event, len::EVENT).into(),
                fit_option(entry.ip.as_ref(), len::ADDRESS).into(),
                fit_option(entry.user_ref.as_ref(), len::REFERENCE).into(),
                fit_option(entry.room.as_ref(), len::ROOM_NAME).into(),
                fit(&entry.message, len::MESSAGE).into(),
            ])
            .to_owned();
        self.pool.execute(&insert).await?;
        Ok(())
    }

    /// At most `limit` entries with `from <= at <= to`, oldest recorded first (by id).
    pub async fn list(
        &self,
        from: i64,
        to: i64,
        limit: u32,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let rows: Vec<AuditRow> = self
            .pool
            .fetch_all(
                select_records()
                    .and_where(Expr::col(T::At).gte(from))
                    .and_where(Expr::col(T::At).lte(to))
                    .order_by(T::Id, Order::Asc)
                    .limit(u64::from(limit)),
            )
            .await?;
        Ok(rows.into_iter().map(AuditRecord::from).collect())
    }

    /// One page of the entries matching `q`, newest recorded first, and how many match in all.
    pub async fn page(
        &self,
        q: &AuditQuery,
        limit: u32,
        offset: u64,
    ) -> Result<(Vec<AuditRecord>, u64), StoreError> {
        let offset = bindable_offset(offset);
        let rows: Vec<AuditRow> = self
            .pool
            .fetch_all(
                select_records()
                    .cond_where(audit_filter(q))
                    .order_by(T::Id, Order::Desc)
                    .limit(u64::from(limit))
                    .offset(offset),
            )
            .await?;
        let total = self.count_matching(q).await?;
        Ok((rows.into_iter().map(AuditRecord::from).collect(), total))
    }

    /// At most `limit` entries matching `q`, oldest recorded first (for an export).
    pub async fn matching(
        &self,
        q: &AuditQuery,
        limit: u32,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let rows: Vec<AuditRow> = self
            .pool
            .fetch_all(
                select_records()
                    .cond_where(audit_filter(q))
                    .order_by(T::Id, Order::Asc)
                    .limit(u64::from(limit)),
            )
            .await?;
        Ok(rows.into_iter().map(AuditRecord::from).collect())
    }

    /// How many entries match `q`.
    pub async fn count_matching(&self, q: &AuditQuery) -> Result<u64, StoreError> {
        self.count_where(audit_filter(q)).await
    }

    /// How many `event` entries were recorded at or after `since` (Unix seconds).
    pub async fn count_since(&self, event: &str, since: i64) -> Result<u64, StoreError> {
        self.count_where(
            Cond::all()
                .add(Expr::col(T::At).gte(since))
                .add(Expr::col(T::Event).eq(event)),
        )
        .await
    }

    async fn count_where(&self, cond: Cond) -> Result<u64, StoreError> {
        let (n,): (i64,) = self
            .pool
            .fetch_one(
                Query::select()
                    .expr(Func::count(Expr::col(T::Id)))
                    .from(T::Table)
                    .cond_where(cond),
            )
            .await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// How many entries there are.
    pub async fn count(&self) -> Result<i64, StoreError> {
        let (n,): (i64,) = self
            .pool
            .fetch_one(
                Query::select()
                    .expr(Func::count(Expr::col(T::Id)))
                    .from(T::Table),
            )
            .await?;
        Ok(n)
    }

    /// Deletes the entries older than `before` (`at < before`). Returns how many.
    pub async fn purge(&self, before: i64) -> Result<u64, StoreError> {
        let delete = Query::delete()
            .from_table(T::Table)
            .and_where(Expr::col(T::At).lt(before))
            .to_owned();
        Ok(self.pool.execute(&delete).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_values_to_columns() {
        assert_eq!(fit("abc", 2), "ab");
        assert_eq!(fit("a\0b", 10), "a\u{FFFD}b");
        // Cut first, by characters: the replacement cannot push the value over.
        assert_eq!(fit("\0\0\0", 2), "\u{FFFD}\u{FFFD}");
        assert_eq!(fit_option(None, 3), None);
        assert_eq!(
            fit_option(Some(&"éèê".to_owned()), 2),
            Some("éè".to_owned())
        );
    }
}
