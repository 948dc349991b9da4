//! Room passwords: argon2id PHC strings, hashed and checked off the async threads (each costs tens
//! of milliseconds of CPU and 19 MiB of memory by design). At most [`MAX_CONCURRENT`] run at once,
//! whatever the number of requests: past that a caller waits up to [`QUEUE_WAIT`], then is told the
//! server is busy, so a flood of password requests costs bounded memory and CPU.

use std::time::Duration;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use tokio::sync::Semaphore;

/// Longest password accepted, in characters: hashing cost grows with length.
pub const MAX_PASSWORD_LEN: usize = 128;
/// Shortest join password (guessing is rate limited per room and address, and per address).
pub const MIN_JOIN_PASSWORD_LEN: usize = 4;
/// Shortest owner password: it claims the chair of the room, so it must resist guessing longer.
pub const MIN_OWNER_PASSWORD_LEN: usize = 8;

/// Hashes or checks running at once, over the whole server.
pub const MAX_CONCURRENT: usize = 4;
/// How long a password request waits for its turn before the server answers "busy".
pub const QUEUE_WAIT: Duration = Duration::from_secs(5);

static SLOTS: Semaphore = Semaphore::const_new(MAX_CONCURRENT);

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("the hashing task stopped")]
    Task,
    #[error("too many password checks at once")]
    Busy,
}

async fn slot() -> Result<tokio::sync::SemaphorePermit<'static>, PasswordError> {
    match tokio::time::timeout(QUEUE_WAIT, SLOTS.acquire()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => Err(PasswordError::Busy),
    }
}

/// Hashes `password` with argon2id and a random salt.
pub async fn hash(password: String) -> Result<String, PasswordError> {
    let _slot = slot().await?;
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h: PasswordHash| h.to_string())
            .map_err(|e| PasswordError::Hash(e.to_string()))
    })
    .await
    .map_err(|_| PasswordError::Task)?
}

/// Whether `password` matches the stored PHC string. A malformed stored value matches nothing.
pub async fn verify(password: String, stored: String) -> Result<bool, PasswordError> {
    let _slot = slot().await?;
    let matched = tokio::task::spawn_blocking(move || {
        let Ok(parsed) = PasswordHash::new(&stored) else {
            tracing::error!("a stored room password is not a valid PHC string");
            return false;
        };
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
    .await
    .unwrap_or(false);
    Ok(matched)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_salted_argon2id_and_verify() {
        let a = hash("correct horse".into()).await.unwrap();
        let b = hash("correct horse".into()).await.unwrap();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "a random salt per hash");
        assert!(verify("correct horse".into(), a.clone()).await.unwrap());
        assert!(!verify("correct horsf".into(), a).await.unwrap());
        assert!(!verify("x".into(), "not a hash".into()).await.unwrap());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn more_checks_than_slots_wait_their_turn() {
        let stored = hash("pw".into()).await.unwrap();
        let checks = (0..3 * MAX_CONCURRENT)
            .map(|_| tokio::spawn(verify("pw".into(), stored.clone())))
            .collect::<Vec<_>>();
        for check in checks {
            assert!(check.await.unwrap().unwrap());
        }
    }
}
