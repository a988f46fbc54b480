//! Revision ids.
//!
//! A revision id is 1 to 32 characters, each a lowercase ASCII letter, a digit or `_`
//! (`cargo migrate revision` makes 12 lowercase hex digits, like Alembic). 32 is the width of
//! Alembic's `version_num` column; the character set keeps ids free of the target syntax's
//! operators (`+`, `-`, `@`, `:`), and lets an id be part of a Rust identifier.

/// The longest id that fits Alembic's `version_num VARCHAR(32)`.
pub const MAX_LEN: usize = 32;

/// An example of a well-formed id, used in messages.
pub const EXAMPLE: &str = "ae1027a6acf0";

/// Checks `id`, returning why it is malformed.
///
/// The message completes a sentence such as `malformed revision id "X": <message>`.
pub fn validate(id: &str) -> Result<(), String> {
    todo!()
}

/// True when `id` is well-formed.
pub fn is_valid(id: &str) -> bool {
    validate(id).is_ok()
}
