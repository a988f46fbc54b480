//! The stairway test finds an index that a downgrade leaves behind, at its revision, on all
//! three databases, and drops its throwaway database.

#[macro_use]
mod common;

use common::Backend;
use migrate_core::stairway::Step;

migrate_core::include_versions!("tests/stairway_index");

fn index_left_behind(backend: Backend) {
    let failure = common::stairway(MIGRATIONS, backend).expect("the broken downgrade is found");
    assert_eq!(failure.revision, "c20000000002");
    assert_eq!(failure.step, Step::Downgrade);
    let message = migrate_core::Error::StairwayFailed(Box::new(failure)).to_string();
    let name = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
        Backend::Mysql => "mysql",
    };
    let mut lines = message.lines();
    assert_eq!(
        lines.next().unwrap(),
        format!(
            "stairway test failed on {name} at revision c20000000002 (index person names): its downgrade does not restore the schema from before its upgrade; fix the revision so that its downgrade undoes its upgrade exactly (expected: the schema before, actual: after)"
        )
    );
    let rest: Vec<&str> = lines.collect();
    assert_eq!(rest[0], "  table person:", "{message}");
    assert_eq!(rest.len(), 2, "{message}");
    assert!(
        rest[1].starts_with("    unexpected index: ") && rest[1].contains("ix_person_name"),
        "{message}"
    );
}

per_backend!(index_left_behind);
