//! The database migrations of this workspace, managed with `cargo migrate`.
//!
//! Every file in src/versions defines one revision; `cargo migrate revision -m "..."` adds one.
//! `MIGRATIONS` holds them all, for src/main.rs and for an application that migrates at start-up.

migrate_core::include_versions!("src/versions");

/// The tables, as Rust structs: `check` and `revision --autogenerate` compare them with the
/// revisions.
pub mod models;
