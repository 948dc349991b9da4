//! Keeping SQLite connections that read an older schema out of use.
//!
//! A SQLite connection caches the schema and prepares new statements against that cache; a stale
//! cache is only noticed when the statement runs, and SQLite then silently re-prepares it. But an
//! unknown double-quoted name (a column a migration has just added on *another* connection) is
//! first taken for a string literal, so sqlx records the wrong column names for the statement and
//! reading the row fails (`ColumnNotFound`) — once per connection and statement. Pool connections
//! are returned asynchronously, so `migrate` cannot be sure to run on the only open connection.
//!
//! Hence: [`crate::Store::migrate`] records when the schema may have changed, and the SQLite pool
//! closes, instead of handing out, any idle connection opened before that (fresh connections read
//! the current schema). Not for an in-memory database: its single connection is the one that
//! migrated, and closing it would lose the database.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// When this process last saw the schema change (shared by the clones of a store).
#[derive(Debug, Clone, Default)]
pub(crate) struct SchemaChanges(Arc<Mutex<Option<Instant>>>);

impl SchemaChanges {
    /// The schema may have changed just now.
    pub(crate) fn record(&self) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(Instant::now());
    }

    /// Whether a connection opened `age` ago was opened before the last recorded change.
    pub(crate) fn predates(&self, age: Duration) -> bool {
        match *self.0.lock().unwrap_or_else(PoisonError::into_inner) {
            Some(changed) => age > changed.elapsed(),
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_older_connections_predate_a_change() {
        let changes = SchemaChanges::default();
        assert!(!changes.predates(Duration::from_secs(3600)));
        changes.clone().record();
        assert!(changes.predates(Duration::from_secs(3600)));
        assert!(!changes.predates(Duration::ZERO));
    }
}
