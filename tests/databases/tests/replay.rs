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

/// Runs the migrations binary on `url`; returns (exit code, stdout, stderr).
fn run(url: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_test-migrations"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A clean migrated database: no drift, exit 0, the version table and its log not reported.
fn verify_reports_no_drift_on_a_clean_database(backend: Backend) {
    rt().block_on(async {
        let db = common::Database::new(backend, "verify_clean").await;
        migrator(&db.url).upgrade("head").await.unwrap();
        let (code, stdout, stderr) = run(&db.url, &["verify"]);
        assert_eq!(code, Some(0), "{stderr}");
        assert_eq!(stdout, "");
        assert!(
            stderr.contains(
                "Verified no drift: the schema matches the replay of the revisions up to a09000000009"
            ),
            "{stderr}"
        );
        let (code, stdout, _) = run(&db.url, &["verify", "--format", "json"]);
        assert_eq!(code, Some(0));
        let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(json["current"], serde_json::json!(["a09000000009"]));
        assert_eq!(json["drift"]["tables"], serde_json::json!([]));
        let (code, _, stderr) = run(&db.url, &["check"]);
        assert_eq!(code, Some(0), "{stderr}");
        assert!(
            stderr.contains("verified: the schema matches the replay of the applied revisions"),
            "{stderr}"
        );
        db.drop().await;
    });
}

/// Seed 001's cases made by hand with SQL on a migrated database: a table of an applied
/// migration dropped, an index added, a column's type changed. The exact report, exit 8, and
/// `check` failing on the same drift.
fn verify_reports_drift_made_by_hand(backend: Backend) {
    rt().block_on(async {
        let db = common::Database::new(backend, "verify_drift").await;
        migrator(&db.url).upgrade("head").await.unwrap();
        let by_hand: &[&str] = match backend {
            Backend::Postgres => &[
                "DROP TABLE tag",
                "CREATE INDEX ix_hand ON author (bio)",
                "ALTER TABLE author ALTER COLUMN bio TYPE text",
            ],
            Backend::Mysql => &[
                "DROP TABLE tag",
                "CREATE INDEX ix_hand ON author (bio)",
                "ALTER TABLE author MODIFY bio text",
            ],
            // SQLite changes a type by replacing the column.
            Backend::Sqlite => &[
                "DROP TABLE tag",
                "ALTER TABLE author DROP COLUMN bio",
                "ALTER TABLE author ADD COLUMN bio text",
                "CREATE INDEX ix_hand ON author (bio)",
            ],
        };
        for sql in by_hand {
            common::execute(&db.url, sql).await;
        }
        let varchar = if backend == Backend::Mysql {
            "varchar(255)"
        } else {
            "varchar"
        };
        let report = format!(
            "table author:\n  different column:\n    expected: bio {varchar}\n    actual:   bio text\n  unexpected index: INDEX ix_hand (bio)\ntable tag: missing\n"
        );
        let (code, stdout, stderr) = run(&db.url, &["verify"]);
        assert_eq!(code, Some(8), "{stderr}");
        assert_eq!(stdout, report);
        assert!(
            stderr.contains("error: the schema has drifted from the replay of the revisions up to a09000000009 (2 tables); put the intended change in a new revision, or undo the change made by hand"),
            "{stderr}"
        );
        let (code, stdout, _) = run(&db.url, &["verify", "--format", "json"]);
        assert_eq!(code, Some(8));
        let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let tables = &json["drift"]["tables"];
        assert_eq!(tables[0]["table"], "author");
        assert_eq!(tables[0]["kind"], "different");
        assert_eq!(tables[1]["table"], "tag");
        assert_eq!(tables[1]["kind"], "missing");
        let (code, _, stderr) = run(&db.url, &["check"]);
        assert_eq!(code, Some(8), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "the schema has drifted from the replay of its applied revisions (see `cargo migrate verify`):\n{}",
                report.trim_end()
            )),
            "{stderr}"
        );
        db.drop().await;
    });
}

/// A database created outside the tool (no version table): everything in it is unexpected.
fn verify_reports_a_database_made_outside_the_tool(backend: Backend) {
    rt().block_on(async {
        let db = common::Database::new(backend, "verify_outside").await;
        common::execute(
            &db.url,
            "CREATE TABLE author (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL)",
        )
        .await;
        let (code, stdout, stderr) = run(&db.url, &["verify"]);
        assert_eq!(code, Some(8), "{stderr}");
        assert_eq!(stdout, "table author: unexpected\n");
        assert!(
            stderr.contains("drifted from the replay of the revisions up to <base> (1 table)"),
            "{stderr}"
        );
        db.drop().await;
    });
}

/// `schema [REV]`: the replayed schema at a revision for `--dialect`, with no database; JSON
/// too; an unknown revision is one line and exit 2.
#[test]
fn schema_prints_the_replay_at_a_revision_without_a_database() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_test-migrations"))
            .args(args)
            .env_remove("DATABASE_URL")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stdout, stderr) = run(&["--dialect", "postgres", "schema", "a01"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.starts_with("CREATE TABLE \"author\" (\n    \"id\" serial NOT NULL,\n    \"name\" varchar NOT NULL,\n    PRIMARY KEY (\"id\")\n);\n"),
        "{stdout}"
    );
    assert!(
        stderr.contains("Replayed 3 tables at a01000000001, for postgres"),
        "{stderr}"
    );
    let (code, stdout, stderr) = run(&["--dialect", "sqlite", "schema", "--format", "json"]);
    assert_eq!(code, Some(0), "{stderr}");
    let schema: migrate_schema::Schema = serde_json::from_str(&stdout).unwrap();
    assert_eq!(schema.dialect, migrate_schema::Dialect::Sqlite);
    assert_eq!(
        schema.tables.keys().collect::<Vec<_>>(),
        ["author", "half", "runs", "tag", "volume"]
    );
    let (code, stdout, stderr) = run(&["--dialect", "mysql", "schema", "base"]);
    assert_eq!((code, stdout.as_str()), (Some(0), ""), "{stderr}");
    let (code, _, stderr) = run(&["--dialect", "mysql", "schema", "zzz"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("error: can't locate revision identified by \"zzz\""),
        "{stderr}"
    );
}

per_backend!(
    replay_equals_the_database_after_every_revision,
    verify_reports_no_drift_on_a_clean_database,
    verify_reports_drift_made_by_hand,
    verify_reports_a_database_made_outside_the_tool
);
