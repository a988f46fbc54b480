//! The blog's models are the tables its revisions create, and the app runs against them.

use std::process::Command;

use migrate_core::inspect::{Filter, inspect};
use migrate_core::models::Models;
use migrate_core::{Config, Migrator};
use migrate_schema::{Dialect, diff};

// Links the models: a crate nothing names is not linked, and its models would not register.
use blog as _;

migrate_core::include_versions!("../migrations/src/versions");

fn url(dir: &tempfile::TempDir) -> String {
    format!("sqlite:{}?mode=rwc", dir.path().join("blog.db").display())
}

#[tokio::test]
async fn models_equal_the_database_the_revisions_make() {
    let dir = tempfile::tempdir().unwrap();
    let url = url(&dir);
    let config = Config::resolve(&MIGRATIONS, Some(&url)).unwrap();
    let migrator = Migrator::new(MIGRATIONS, config).unwrap();
    let report = migrator.upgrade("heads").await.unwrap();
    assert_eq!(report.steps.len(), 4);
    let filter = Filter {
        internal: Filter::internal_tables("alembic_version"),
        ..Filter::default()
    };
    let live = inspect(&url, &filter).await.unwrap();
    let models = Models::registered().unwrap();
    let declared = models.schema(Dialect::Sqlite);
    let d = diff(&declared, &live);
    assert!(d.is_empty(), "models and revisions differ:\n{d}");
    assert_eq!(declared, live);
    assert_eq!(declared.tables.keys().collect::<Vec<_>>(), ["post", "user"]);
}

#[test]
fn the_app_migrates_writes_and_reads() {
    let dir = tempfile::tempdir().unwrap();
    let run = || {
        let out = Command::new(env!("CARGO_BIN_EXE_blog"))
            .env("DATABASE_URL", url(&dir))
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(
        run(),
        "migrated: 4 revision(s) applied\n1 post(s)\nlatest: #1 \"Hello\" by Ada\n"
    );
    assert_eq!(
        run(),
        "migrated: 0 revision(s) applied\n2 post(s)\nlatest: #2 \"Hello\" by Ada\n"
    );
}
