//! The truth about a database: `--dry-run` changes nothing and shows the exact SQL for the
//! database's real state, the event log records every step, checksums catch an edited applied
//! revision, and `check` is a CI gate. On all three databases, each test on its own database.

#[macro_use]
mod common;

use common::rt;

use std::process::{Command, Output};

use common::Backend;
use sqlx::{AnyConnection, Connection, Row};

type Db = common::Database;

impl Db {
    async fn exec(&self, sql: &str) {
        let mut conn = AnyConnection::connect(&self.url).await.unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// A fingerprint of everything a run could change: the version rows, the event count, and
    /// the number of tables.
    async fn state(&self) -> (Vec<String>, i64, i64) {
        let mut conn = AnyConnection::connect(&self.url).await.unwrap();
        let versions = match sqlx::raw_sql("SELECT version_num FROM alembic_version ORDER BY 1")
            .fetch_all(&mut conn)
            .await
        {
            Ok(rows) => rows.iter().map(|r| r.get::<String, _>(0)).collect(),
            Err(_) => vec!["<no version table>".to_string()],
        };
        let events = match sqlx::raw_sql("SELECT COUNT(*) FROM alembic_version_log")
            .fetch_one(&mut conn)
            .await
        {
            Ok(row) => row.get::<i64, _>(0),
            Err(_) => -1,
        };
        let tables_sql = if self.backend == Backend::Sqlite {
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'".to_string()
        } else if self.backend == Backend::Postgres {
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'".into()
        } else {
            format!(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '{}'",
                self.name
            )
        };
        let tables = sqlx::raw_sql(sqlx::AssertSqlSafe(tables_sql))
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get::<i64, _>(0);
        (versions, events, tables)
    }

    /// The event id at which the checksum checkpoint was written, if there is one.
    async fn checkpoint_mark(&self) -> Option<i64> {
        let mut conn = AnyConnection::connect(&self.url).await.unwrap();
        sqlx::raw_sql("SELECT expires_at FROM alembic_version_lock WHERE name = 'checksums'")
            .fetch_optional(&mut conn)
            .await
            .unwrap()
            .map(|row| row.get::<i64, _>(0))
    }

    /// The id of the event log's last event.
    async fn last_event(&self) -> i64 {
        let mut conn = AnyConnection::connect(&self.url).await.unwrap();
        sqlx::raw_sql("SELECT MAX(id) FROM alembic_version_log")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get::<i64, _>(0)
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_test-migrations"))
            .args(args)
            .env("DATABASE_URL", &self.url)
            .env("NO_COLOR", "1")
            .env_remove("MIGRATE_TEST_FAIL")
            .env_remove("MIGRATE_TEST_FAIL_AT")
            .output()
            .unwrap()
    }
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `--dry-run` reads the real state under the lock, prints the plan's SQL from there, and
/// changes nothing, not even on a database that has no version table yet.
fn dry_run(backend: Backend) {
    rt().block_on(async {
        let db = Db::new(backend, "dry").await;
        let fresh = db.state().await;
        let out = db.run(&["upgrade", "a02000000002", "--dry-run"]);
        let (stdout, stderr) = text(&out);
        assert!(out.status.success(), "{stderr}");
        assert!(
            stdout.contains("-- dry run: the database is at <base>"),
            "{stdout}"
        );
        assert!(
            stdout.contains("-- Running upgrade <base> -> a01000000001"),
            "{stdout}"
        );
        assert!(stdout.contains("CREATE TABLE"), "{stdout}");
        assert_eq!(
            db.state().await,
            fresh,
            "a dry run on a fresh database wrote nothing"
        );

        let out = db.run(&["upgrade", "a03000000003", "-q"]);
        assert!(out.status.success(), "{}", text(&out).1);
        let before = db.state().await;
        // MySQL cannot rehearse DDL in a transaction: stop before the revision that reads the
        // schema the previous ones change.
        let target = if backend == Backend::Mysql {
            "a06000000006"
        } else {
            "head"
        };
        let out = db.run(&["upgrade", target, "--dry-run"]);
        let (stdout, stderr) = text(&out);
        assert!(out.status.success(), "{stderr}");
        assert!(
            stdout.contains("the database is at a03000000003"),
            "{stdout}"
        );
        assert!(
            !stdout.contains("-> a01000000001"),
            "only what is pending: {stdout}"
        );
        assert!(
            stdout
                .contains("-- Running upgrade a03000000003 -> a04000000004, rename book to volume"),
            "{stdout}"
        );
        if backend == Backend::Sqlite {
            // SQLite's table copy reads the live schema in a dry run too.
            assert!(
                stdout.contains("CREATE TABLE \"_migrate_new_volume\""),
                "{stdout}"
            );
        }
        assert_eq!(db.state().await, before, "nothing changed");

        let out = db.run(&["downgrade", "base", "--dry-run"]);
        let (stdout, _) = text(&out);
        assert!(out.status.success());
        assert!(
            stdout.contains("-- Running downgrade a03000000003 -> a02000000002"),
            "{stdout}"
        );
        assert_eq!(db.state().await, before);
        db.drop().await;
    });
}

/// Every step is in the event log, newest first, failures with their error.
fn event_log(backend: Backend) {
    rt().block_on(async {
        let db = Db::new(backend, "log").await;
        assert!(db.run(&["-q", "upgrade", "a02000000002"]).status.success());
        assert!(db.run(&["-q", "downgrade", "-1"]).status.success());
        assert!(db.run(&["-q", "stamp", "a03000000003"]).status.success());
        let failed = Command::new(env!("CARGO_BIN_EXE_test-migrations"))
            .args(["-q", "upgrade", "+1"])
            .env("DATABASE_URL", &db.url)
            .env("MIGRATE_TEST_FAIL_AT", "a04000000004")
            .output()
            .unwrap();
        assert_eq!(failed.status.code(), Some(5));
        let out = db.run(&["log", "--format", "json"]);
        let (json, stderr) = text(&out);
        assert!(out.status.success(), "{stderr}");
        let order: Vec<&str> = json
            .split("\"revision\":\"")
            .skip(1)
            .map(|rest| &rest[..12])
            .collect();
        assert_eq!(
            order,
            [
                "a04000000004",
                "a03000000003",
                "a02000000002",
                "a02000000002",
                "a01000000001"
            ],
            "{json}"
        );
        let directions: Vec<&str> = json
            .split("\"direction\":\"")
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap())
            .collect();
        assert_eq!(
            directions,
            ["upgrade", "stamp", "downgrade", "upgrade", "upgrade"]
        );
        let failed_status = if backend == Backend::Mysql {
            "failed"
        } else {
            "rolled back"
        };
        assert!(
            json.contains(&format!(
                "\"status\":\"{failed_status}\",\"error\":\"revision a04000000004"
            )),
            "{json}"
        );
        assert!(json.contains("fails on purpose"), "{json}");
        assert!(json.contains("\"tool_version\":\"0.1.0\""), "{json}");
        let out = db.run(&["log", "-n", "2"]);
        let (lines, _) = text(&out);
        let events = lines
            .lines()
            .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
            .count();
        assert_eq!(events, 2, "-n 2 shows two events: {lines}");
        assert!(
            lines.contains("stamp") && lines.contains("a03000000003"),
            "{lines}"
        );
        db.drop().await;
    });
}

/// `check` lists each problem with its fix and exits 8; it exits 0 with one line when all is
/// well; an applied revision whose recorded checksum differs is reported by name.
fn check(backend: Backend) {
    rt().block_on(async {
        let db = Db::new(backend, "check").await;
        let out = db.run(&["check"]);
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(8), "{stderr}");
        assert!(stderr.contains("9 migrations are pending"), "{stderr}");
        assert!(stderr.contains("cargo migrate upgrade heads"), "{stderr}");

        assert!(db.run(&["-q", "upgrade", "head"]).status.success());
        let out = db.run(&["check"]);
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        // The `Using` line, then one line.
        assert_eq!(stderr.lines().count(), 2, "one line: {stderr}");
        assert!(
            stderr.contains("ok: the database is at a09000000009 with 9 revisions applied"),
            "{stderr}"
        );

        // The run left a checksum checkpoint at the log's last event: the start-ups that follow
        // read that row instead of one per applied revision.
        assert_eq!(db.checkpoint_mark().await, Some(db.last_event().await));

        // The recorded checksum of a03 changed behind the runner's back (an edit of the code
        // changes the code's side, and the checkpoint's fingerprint with it: cargo-migrate's
        // fresh.rs edits a file).
        db.exec(
            "UPDATE alembic_version_log SET checksum = 'feedfacefeedface' WHERE revision = 'a03000000003'",
        )
        .await;
        // The start-up at head trusts the checkpoint (no event since it): no warning.
        let out = db.run(&["upgrade", "head"]);
        let (_, stderr) = text(&out);
        assert!(out.status.success(), "{stderr}");
        assert!(!stderr.contains("was edited"), "{stderr}");
        // `check`, the CI gate, reads every row.
        let out = db.run(&["check", "--format", "json"]);
        let (json, _) = text(&out);
        assert_eq!(out.status.code(), Some(8));
        assert!(json.contains("\"ok\":false"), "{json}");
        assert!(json.contains("applied revision a03000000003 (price is required) was edited"), "{json}");
        assert!(json.contains("a03_alter_price.rs"), "{json}");
        // A run audits every row: it says so, by name, and goes on; from then on no checkpoint
        // vouches for this database, so every start-up says so too.
        for args in [["downgrade", "-1"], ["upgrade", "head"], ["upgrade", "head"]] {
            let out = db.run(&args);
            let (_, stderr) = text(&out);
            assert!(out.status.success(), "{stderr}");
            assert!(
                stderr.contains("warning: applied revision a03000000003 was edited after it ran"),
                "{args:?}: {stderr}"
            );
        }
        assert!(db.checkpoint_mark().await < Some(db.last_event().await));

        // A revision the code does not know.
        db.exec("UPDATE alembic_version SET version_num = 'ffffffffffff'").await;
        let out = db.run(&["check"]);
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(8));
        assert!(stderr.contains("can't locate revision identified by \"ffffffffffff\""), "{stderr}");
        assert!(stderr.contains("cargo migrate stamp"), "{stderr}");
        db.drop().await;
    });
}

per_backend!(dry_run, event_log, check);

/// A dry run against a SQLite file that does not exist yet creates nothing (no database file,
/// no lock file), whether it shows a plan or refuses the target.
#[test]
fn dry_run_creates_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}?mode=rwc", dir.path().join("new.db").display());
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_test-migrations"))
            .args(args)
            .env("DATABASE_URL", &url)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let out = run(&["upgrade", "head", "--dry-run"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("new.db does not exist yet"), "{stdout}");
    assert!(
        stdout.contains("-- Running upgrade <base> -> a01000000001"),
        "{stdout}"
    );
    let refused = run(&["upgrade", "nosuch", "--dry-run"]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused).1);
    let down = run(&["downgrade", "base", "--dry-run"]);
    assert!(down.status.success(), "{}", text(&down).1);
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "the dry runs left {left:?}");
}

/// `history -r current:` (Alembic's "what is above the database"), answered with the database.
#[test]
fn history_range_from_current() {
    rt().block_on(async {
        let db = Db::new(Backend::Sqlite, "hist").await;
        assert!(db.run(&["-q", "upgrade", "a07000000007"]).status.success());
        let out = db.run(&["history", "-r", "current:", "-i"]);
        let (stdout, stderr) = text(&out);
        assert!(out.status.success(), "{stderr}");
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), 3, "a07, a08, a09: {stdout}");
        assert!(
            lines[0].starts_with("a08000000008 -> a09000000009 (head)"),
            "{stdout}"
        );
        assert!(
            lines[2].starts_with("a06000000006 -> a07000000007 (current)"),
            "{stdout}"
        );
        let out = db.run(&["history", "-r", "base:current"]);
        let (stdout, _) = text(&out);
        assert_eq!(stdout.lines().count(), 7, "{stdout}");
        db.drop().await;
    });
}
