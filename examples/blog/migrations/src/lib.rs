//! The blog example's database migrations: one revision per file in `src/versions`.
migrate_core::include_versions!("src/versions");
