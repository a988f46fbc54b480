//! The stairway test finds a column that a downgrade does not remove, at its revision, on all
//! three databases, and drops its throwaway database.

#[macro_use]
mod common;

use common::Backend;
use migrate_core::stairway::Step;

migrate_core::include_versions!("tests/stairway_column");

fn column_not_restored(backend: Backend) {
    let failure = common::stairway(MIGRATIONS, backend).expect("the broken downgrade is found");
    assert_eq!(failure.revision, "c30000000003");
    assert_eq!(failure.step, Step::Downgrade);
    let message = migrate_core::Error::StairwayFailed(Box::new(failure)).to_string();
    let rest: Vec<&str> = message.lines().skip(1).collect();
    assert!(
        message.starts_with("stairway test failed on ")
            && message.lines().next().unwrap().contains(
                " at revision c30000000003 (add contact columns): its downgrade does not restore"
            ),
        "{message}"
    );
    assert_eq!(rest.len(), 2, "{message}");
    assert_eq!(rest[0], "  table person:", "{message}");
    assert!(
        rest[1].starts_with("    unexpected column: ") && rest[1].contains("phone"),
        "{message}"
    );
}

per_backend!(column_not_restored);
