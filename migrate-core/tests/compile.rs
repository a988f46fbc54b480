//! The compile-time chain checks, locked with trybuild snapshots.
//!
//! `tests/ui/<case>.rs` must fail to compile with exactly `tests/ui/<case>.stderr`;
//! `tests/pass/<case>.rs` must compile and run (each asserts its registry and heads).
//! Regenerate snapshots with `TRYBUILD=overwrite cargo test -p migrate-core --test compile`
//! and review the diff.

#[test]
fn chain_checks() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/pass/*.rs");
}
