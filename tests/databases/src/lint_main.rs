//! The migrations binary of the lint fixtures (`tests/lint_versions`): one revision per rule
//! that must be reported, each next to the safe form that must not. A line that must be
//! reported ends with `// expect: code …` (`pg:`, `my:` or `lite:` before a code limits it to
//! that database; `=allowed` marks a finding the migration allows). `tests/lint.rs` runs it.
migrate_core::include_versions!("tests/lint_versions");

use migrate_core::prelude::*;

/// The model the application still has: `person.email` is declared, so dropping it is
/// `drop_column_in_use`.
#[derive(Model)]
#[model(table = "person")]
pub struct Person {
    /// The key.
    #[model(primary_key, auto_increment)]
    pub id: i32,
    /// Still read by the application.
    #[model(max_length = 100)]
    pub email: Option<String>,
}

/// `SET lock_timeout` on PostgreSQL, before a migration's DDL.
async fn timeout(op: &mut Operations<'_>) -> Result<()> {
    op.execute_on(Dialect::Postgres, "SET lock_timeout = '5s'")
        .await
}

/// A `VARCHAR(len) NOT NULL` column.
fn varchar(name: &str, len: u32) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .string_len(len)
        .not_null()
        .to_owned()
}

/// A nullable `VARCHAR(len)` column.
fn varchar_null(name: &str, len: u32) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .string_len(len)
        .null()
        .to_owned()
}

fn main() -> std::process::ExitCode {
    migrate_core::cli::main(MIGRATIONS)
}
