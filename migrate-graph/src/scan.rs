//! Reads `#[migration(...)]` attributes from revision files, at token level, without compiling.
//!
//! Used by `include_versions!` at compile time and by `cargo migrate` (heads, history, revision,
//! merge) from the sources. Files are lexed with `proc-macro2`, so comments and string contents
//! never confuse the scanner; whatever it cannot read is an error, never a panic.

use std::path::Path;

use crate::map::Revision;

/// What the scanner read from one attribute value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A string literal's value.
    Str(String),
    /// `None`.
    None,
    /// A parenthesised list of string literals: `("a", "b")`.
    List(Vec<String>),
    /// Anything else (the attribute macro reports it); the raw text.
    Other(String),
}

/// One revision file, scanned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedFile {
    /// The file name, e.g. `ae1027a6acf0_add_account.rs`.
    pub file_name: String,
    /// The module name `include_versions!` gives it: `v_` + the file stem, with every
    /// character that is not `[A-Za-z0-9_]` replaced by `_`.
    pub module: String,
    /// The revision its `#[migration]` declares, with `location` set (file relative to the
    /// crate root as given to [`scan_dir`], line of the attribute), and `name` the struct's name.
    /// Malformed values are kept as written so that messages can quote them.
    pub revision: Revision,
    /// The raw key/value pairs of the attribute, in order, for callers that need more.
    pub attributes: Vec<(String, Value)>,
    /// The checksum of the file's tokens ([`checksum`]).
    pub checksum: String,
}

/// Why a file or folder could not be scanned.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The folder cannot be read.
    #[error("cannot read migration folder {path}: {source}")]
    Folder {
        /// The folder.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file cannot be read.
    #[error("cannot read {path}: {source}")]
    File {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file is not valid Rust tokens (unbalanced delimiters, bad literal).
    #[error("{path}: cannot tokenize the file: {message}")]
    Lex {
        /// The file.
        path: String,
        /// The lexer's message.
        message: String,
    },
    /// A file in the folder has no `#[migration(...)]` attribute.
    #[error("{path} has no #[migration(...)] attribute: every .rs file in the versions folder defines exactly one migration; move helpers elsewhere")]
    NoMigration {
        /// The file.
        path: String,
    },
    /// A file has more than one `#[migration(...)]`.
    #[error("{path} has {count} #[migration(...)] attributes: put one migration in each file")]
    SeveralMigrations {
        /// The file.
        path: String,
        /// How many were found.
        count: usize,
    },
}

/// Scans one file's source text. `path` is how the file is named in messages and locations
/// (e.g. `src/versions/x.rs`).
pub fn scan_source(source: &str, path: &str) -> Result<ScannedFile, ScanError> {
    todo!()
}

/// Scans every `*.rs` file directly in `dir`, sorted by file name. `display_dir` is how the
/// folder is named in messages (e.g. `src/versions`).
pub fn scan_dir(dir: &Path, display_dir: &str) -> Result<Vec<ScannedFile>, ScanError> {
    todo!()
}

/// The checksum of a file's tokens: 16 lowercase hex digits of a 64-bit FNV-1a hash over the
/// token trees, skipping doc comments (`#[doc = …]`, `#![doc = …]`) so that neither formatting
/// nor comments change it. Identical whether `proc-macro2` runs inside a proc macro or not.
pub fn checksum(tokens: &proc_macro2::TokenStream) -> String {
    todo!()
}
