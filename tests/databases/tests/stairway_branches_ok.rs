//! A history that forks and merges passes the stairway test on all three databases: each
//! revision is tried on a database at exactly its parents (the other branch's revision taken
//! off first), and the merge's downgrade leaves both branches applied.

#[macro_use]
mod common;

use common::Backend;

migrate_core::include_versions!("tests/stairway_branches_ok");

fn forked_and_merged_history_passes(backend: Backend) {
    let failure = common::stairway(MIGRATIONS, backend);
    assert!(failure.is_none(), "{failure:?}");
}

per_backend!(forked_and_merged_history_passes);
