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

/// `value` cut to at most `max` characters, at a character boundary. For values that are only
/// read by people (the audit log), where losing the tail beats losing the entry.
pub(crate) fn truncate(value: &str, max: u32) -> &str {
    match value.char_indices().nth(max as usize) {
        Some((end, _)) => &value[..end],
        None => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_at_character_boundaries() {
        assert_eq!(truncate("abc", 5), "abc");
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abc", 2), "ab");
        assert_eq!(truncate("", 0), "");
        assert_eq!(truncate("éé", 0), "");
        // Multi-byte: 2 characters, not 2 bytes.
        assert_eq!(truncate("é🎉x", 2), "é🎉");
        assert_eq!(truncate("日本語", 1), "日");
    }

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
