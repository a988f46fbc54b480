//! On a history that forks and merges, a broken downgrade on the second branch is reported at
//! its revision on all three databases: it is tried after the other branch's revision was
//! taken off again, and that revision is not blamed.

#[macro_use]
mod common;

use common::Backend;
use migrate_core::stairway::Step;

migrate_core::include_versions!("tests/stairway_branches_broken");

fn broken_downgrade_on_a_branch(backend: Backend) {
    let failure = common::stairway(MIGRATIONS, backend).expect("the broken downgrade is found");
    assert_eq!(failure.revision, "c50000000002");
    assert_eq!(failure.step, Step::Downgrade);
    let message = migrate_core::Error::StairwayFailed(Box::new(failure)).to_string();
    let rest: Vec<&str> = message.lines().skip(1).collect();
    assert_eq!(rest[0], "  table person:", "{message}");
    assert_eq!(rest.len(), 2, "{message}");
    assert!(
        rest[1].starts_with("    unexpected index: ") && rest[1].contains("ix_person_name"),
        "{message}"
    );
}

per_backend!(broken_downgrade_on_a_branch);
