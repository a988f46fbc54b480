//! The runner binary of the database tests (16 copies run at once in the concurrency test).
fn main() -> std::process::ExitCode {
    migrate_core::cli::main(migrate_db_tests::MIGRATIONS)
}
