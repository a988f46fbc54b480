//! Revision ids.
//!
//! A revision id is 1 to 32 characters, each an ASCII letter, a digit or `_`
//! (`cargo migrate revision` makes 12 lowercase hex digits, like Alembic; ids Alembic users
//! chose, such as `0001_Initial`, are taken as they are). 32 is the width of Alembic's
//! `version_num` column; the character set keeps ids free of the target syntax's operators
//! (`+`, `-`, `@`, `:`), and lets an id be part of a Rust identifier. The words of the target
//! syntax ([`RESERVED`]) are no ids: `downgrade base` must never mean a revision.

/// The longest id that fits Alembic's `version_num VARCHAR(32)`.
pub const MAX_LEN: usize = 32;

/// An example of a well-formed id, used in messages.
pub const EXAMPLE: &str = "ae1027a6acf0";

/// The words a target can be besides an id: `head`, `heads`, `base` (Alembic's symbols) and
/// `current` (`history -r current:`). None of them may be a revision id or a branch label.
pub const RESERVED: &[&str] = &["head", "heads", "base", "current"];

/// Checks `id`, returning why it is malformed.
///
/// The message completes a sentence such as `malformed revision id "X": <message>`.
pub fn validate(id: &str) -> Result<(), String> {
    const RULE: &str = "a revision id is 1 to 32 ASCII letters, digits or `_`";
    if id.is_empty() {
        return Err(format!("it is empty; {RULE}, e.g. \"{EXAMPLE}\""));
    }
    let len = id.chars().count();
    if len > MAX_LEN {
        return Err(format!(
            "it is {len} characters long; {RULE}, e.g. \"{EXAMPLE}\""
        ));
    }
    if let Some(c) = id.chars().find(|c| !is_id_char(*c)) {
        return Err(format!(
            "the character {c:?} is not allowed; {RULE}, e.g. \"{EXAMPLE}\""
        ));
    }
    if RESERVED.contains(&id) {
        return Err(format!(
            "`{id}` is a word of the target syntax (`head`, `heads`, `base`, `current`), so it cannot name a revision; choose another id, e.g. \"{EXAMPLE}\""
        ));
    }
    Ok(())
}

/// True for the characters an id may hold: `[0-9A-Za-z_]`.
pub fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// True when `id` is well-formed.
pub fn is_valid(id: &str) -> bool {
    validate(id).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_well_formed_ids() {
        for id in [
            "a",
            "ae1027a6acf0",
            "0001_create_user",
            "0001_Initial",
            "AE1027",
            "Head",
            "headline",
            &"x".repeat(32),
        ] {
            assert!(is_valid(id), "{id}");
        }
    }

    #[test]
    fn rejects_empty() {
        let e = validate("").unwrap_err();
        assert!(e.starts_with("it is empty"), "{e}");
        assert!(e.contains("1 to 32 ASCII letters, digits or `_`"), "{e}");
        assert!(e.contains("\"ae1027a6acf0\""), "{e}");
    }

    #[test]
    fn rejects_the_words_of_the_target_syntax() {
        for word in ["head", "heads", "base", "current"] {
            let e = validate(word).unwrap_err();
            assert_eq!(
                e,
                format!(
                    "`{word}` is a word of the target syntax (`head`, `heads`, `base`, `current`), so it cannot name a revision; choose another id, e.g. \"ae1027a6acf0\""
                )
            );
        }
    }

    #[test]
    fn rejects_too_long() {
        let e = validate(&"a".repeat(33)).unwrap_err();
        assert!(e.starts_with("it is 33 characters long"), "{e}");
    }

    #[test]
    fn names_the_bad_character() {
        let e = validate("ae10-27").unwrap_err();
        assert!(e.starts_with("the character '-' is not allowed;"), "{e}");
        assert!(!is_valid("a b"));
        assert!(!is_valid("é"));
        assert!(!is_valid("a@b"));
    }
}
