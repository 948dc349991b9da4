//! Fitting strings into `VARCHAR(n)` columns the same way on every backend: `n` counts characters
//! on PostgreSQL and MySQL/MariaDB (utf8mb4), while SQLite would store any length.

use crate::StoreError;

/// Refuses `value` if it has more than `max` characters. For values whose meaning a cut would
/// change (keys, addresses).
pub(crate) fn check_len(what: &'static str, value: &str, max: u32) -> Result<(), StoreError> {
    if value.chars().nth(max as usize).is_some() {
        return Err(StoreError::TooLong { what, max });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_lengths_in_characters() {
        assert!(check_len("x", "ab", 2).is_ok());
        assert!(check_len("x", "éé", 2).is_ok());
        let err = check_len("an e-mail address", "abc", 2).unwrap_err();
        assert!(matches!(err, StoreError::TooLong { max: 2, .. }));
        assert_eq!(
            err.to_string(),
            "an e-mail address is too long: at most 2 characters"
        );
    }
}
