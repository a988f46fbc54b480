//! A migrations crate that exercises every operation, for the database tests in `tests/`.
//!
//! Every revision records itself in the table `runs`, so that a test can check that each one
//! ran exactly once. `MIGRATE_TEST_FAIL=1` makes the last revision fail half-way, and
//! `MIGRATE_TEST_FAIL_FIRST=1` makes the last revision's first statement fail, and
//! `MIGRATE_TEST_FAIL_AT=<revision>` makes that revision fail after its changes, and
//! `MIGRATE_TEST_SLOW_MS=<ms>` makes every revision take that long, and
//! `MIGRATE_TEST_SLOW_SQL=1` makes the last revision run a statement that keeps the database
//! busy for half a second or more, and
//! `MIGRATE_TEST_PANIC_AT=<revision>` makes that revision's code panic.
migrate_core::include_versions!("src/versions");

use migrate_core::prelude::*;

/// Records that `revision` ran, in the table `runs`.
async fn record(op: &mut Operations<'_>, revision: &str) -> Result<()> {
    if let Some(ms) = std::env::var("MIGRATE_TEST_SLOW_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        // A long migration, for the tests that kill a run half-way (inside its transaction).
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
    if std::env::var("MIGRATE_TEST_PANIC_AT").as_deref() == Ok(revision) {
        panic!("revision {revision} panics on purpose (MIGRATE_TEST_PANIC_AT)");
    }
    if std::env::var("MIGRATE_TEST_FAIL_AT").as_deref() == Ok(revision) {
        return Err(Error::Config(format!(
            "revision {revision} fails on purpose (MIGRATE_TEST_FAIL_AT)"
        )));
    }
    op.insert(
        Query::insert()
            .into_table("runs")
            .columns(["revision"])
            .values_panic([revision.into()]),
    )
    .await
}

/// Removes the record of `revision`.
async fn unrecord(op: &mut Operations<'_>, revision: &str) -> Result<()> {
    op.delete(
        Query::delete()
            .from_table("runs")
            .and_where(Expr::col("revision").eq(revision)),
    )
    .await
}
