//! Room passwords: argon2id PHC strings, hashed and checked off the async threads (each costs tens
//! of milliseconds of CPU by design).

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

/// Longest password accepted, in characters: hashing cost grows with length.
pub const MAX_PASSWORD_LEN: usize = 128;
/// Shortest join password (the room's own choice; guessing is rate limited).
pub const MIN_JOIN_PASSWORD_LEN: usize = 1;
/// Shortest owner password: it claims the chair of the room, so it must resist guessing longer.
pub const MIN_OWNER_PASSWORD_LEN: usize = 8;

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("the hashing task stopped")]
    Task,
}

/// Hashes `password` with argon2id and a random salt.
pub async fn hash(password: String) -> Result<String, PasswordError> {
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
pub async fn verify(password: String, stored: String) -> bool {
    tokio::task::spawn_blocking(move || {
        let Ok(parsed) = PasswordHash::new(&stored) else {
            tracing::error!("a stored room password is not a valid PHC string");
            return false;
        };
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
    .await
    .unwrap_or(false)
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
        assert!(verify("correct horse".into(), a.clone()).await);
        assert!(!verify("correct horsf".into(), a).await);
        assert!(!verify("x".into(), "not a hash".into()).await);
    }
}
