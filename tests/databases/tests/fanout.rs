//! One command over many databases (issue 13), end to end: 50 PostgreSQL databases, 50 tenant
//! schemas of one PostgreSQL database, 10 MariaDB databases and 10 SQLite files, each time with
//! one broken; every other one reaches head, the summary names the failure (its password never
//! shown), and the exit code is the failure's.

use std::process::Command;

mod common;

use common::{Backend, Run, rt};
use migrate_graph::contract::exit;
use sqlx::{AnyConnection, Connection};

const BIN: &str = env!("CARGO_BIN_EXE_test-migrations");
const HEAD: &str = "a09000000009";
const SECRET: &str = "s3cretpw";

/// The binary with `args`, in a folder of its own (no `.env`), without `DATABASE_URL`.
fn run(args: &[String]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(BIN)
        .args(args)
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    Run::new(&refs, output)
}

/// `--database-url u` for each URL, then `rest`.
fn args(urls: &[String], rest: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for url in urls {
        out.push("--database-url".to_string());
        out.push(url.clone());
    }
    out.extend(rest.iter().map(|s| s.to_string()));
    out
}

/// The summary's row for a database whose label contains `needle`.
fn row<'a>(run: &'a Run, needle: &str) -> &'a str {
    let rows: Vec<&str> = run.stdout.lines().filter(|l| l.contains(needle)).collect();
    assert_eq!(rows.len(), 1, "one summary row naming {needle}: {run}");
    rows[0]
}

/// The version table's rows.
async fn version(url: &str, table: &str) -> Vec<String> {
    let mut conn = AnyConnection::connect(url).await.unwrap();
    let rows = common::strings(&mut conn, &format!("SELECT version_num FROM {table}")).await;
    conn.close().await.unwrap();
    rows
}

/// Checks the summary: `ok` rows from base to head for the good ones, the totals line, no
/// password anywhere.
fn assert_summary(run: &Run, total: usize, failed: usize) {
    assert!(run.stdout.starts_with("DATABASE"), "{run}");
    let ok_rows = run
        .stdout
        .lines()
        .filter(|l| l.ends_with("  ok") && l.contains(&format!("<base> → {HEAD}")))
        .count();
    assert_eq!(ok_rows, total - failed, "{run}");
    assert!(
        run.stdout.contains(&format!(
            "{total} databases: {} ok, {failed} failed",
            total - failed
        )),
        "{run}"
    );
    assert!(
        !run.stdout.contains(SECRET) && !run.stderr.contains(SECRET),
        "{run}"
    );
}

#[test]
fn fifty_postgres_databases_and_one_that_does_not_exist() {
    rt().block_on(async {
        let mut names = Vec::new();
        let mut urls = Vec::new();
        for i in 0..50 {
            let (name, url) = common::create_database(Backend::Postgres, &format!("fan{i}")).await;
            names.push(name);
            urls.push(url);
        }
        let admin = common::server_url(Backend::Postgres);
        let missing = common::with_database(
            &admin.replacen("postgres@", &format!("postgres:{SECRET}@"), 1),
            "migrate_fanout_missing_db",
        );
        let mut all = urls.clone();
        all.insert(7, missing);

        let up = run(&args(&all, &["upgrade", "head", "-j", "8"]));
        assert_eq!(up.code, Some(i32::from(exit::DATABASE)), "{up}");
        assert_summary(&up, 51, 1);
        let broken = row(&up, "migrate_fanout_missing_db");
        assert!(broken.contains("postgres:***@"), "{broken}");
        assert!(
            broken.contains("FAILED") && broken.contains("does not exist"),
            "{broken}"
        );
        for url in &urls {
            assert_eq!(version(url, "alembic_version").await, [HEAD]);
        }

        // `current` and `check` fan out too; without the broken one all is well.
        let current = run(&args(&urls, &["current", "-j", "4"]));
        assert_eq!(current.code, Some(0), "{current}");
        assert_eq!(
            current
                .stdout
                .lines()
                .filter(|l| l.contains(HEAD) && l.ends_with("  ok"))
                .count(),
            50,
            "{current}"
        );
        let check = run(&args(&urls[..3], &["check"]));
        assert_eq!(check.code, Some(0), "{check}");
        assert!(
            check.stdout.contains("3 databases: 3 ok, 0 failed"),
            "{check}"
        );
        for name in names {
            common::drop_database(Backend::Postgres, &name).await;
        }
    });
}

#[test]
fn fifty_tenant_schemas_and_one_missing() {
    rt().block_on(async {
        let db = common::Database::new(Backend::Postgres, "tenants").await;
        let mut sql = String::from("CREATE TABLE tenants (schema_name TEXT);");
        for i in 0..50 {
            sql.push_str(&format!(
                "CREATE SCHEMA tenant_{i:02}; INSERT INTO tenants VALUES ('tenant_{i:02}');"
            ));
        }
        // Listed, but its schema was never created.
        sql.push_str("INSERT INTO tenants VALUES ('tenant_gone');");
        common::execute(&db.url, &sql).await;
        // Another session holds the lock of the database's default version table: the
        // tenants' version tables have locks of their own, so no tenant waits for it.
        let mut holder = AnyConnection::connect(&db.url).await.unwrap();
        sqlx::raw_sql("SELECT pg_advisory_lock(7161130671068245353)")
            .execute(&mut holder)
            .await
            .unwrap();

        let up = run(&args(
            std::slice::from_ref(&db.url),
            &[
                "--tenants-from",
                "SELECT schema_name FROM tenants ORDER BY schema_name",
                "upgrade",
                "head",
                "-j",
                "8",
                "--lock-timeout",
                "5",
            ],
        ));
        holder.close().await.unwrap();
        assert_eq!(up.code, Some(i32::from(exit::USAGE)), "{up}");
        assert_summary(&up, 51, 1);
        let gone = row(&up, "schema tenant_gone");
        assert!(
            gone.contains("FAILED") && gone.contains("\"tenant_gone\"") && gone.contains("does not exist"),
            "{gone}"
        );
        // Each tenant has its own version table and its own tables, in its schema.
        for i in 0..50 {
            assert_eq!(version(&db.url, &format!("tenant_{i:02}.alembic_version")).await, [HEAD]);
            let mut conn = AnyConnection::connect(&db.url).await.unwrap();
            let tables = common::strings(
                &mut conn,
                &format!(
                    "SELECT CAST(COUNT(*) AS TEXT) FROM information_schema.tables WHERE table_schema = 'tenant_{i:02}' AND table_name = 'author'"
                ),
            )
            .await;
            conn.close().await.unwrap();
            assert_eq!(tables, ["1"], "tenant_{i:02} has its own author table");
        }
        let mut conn = AnyConnection::connect(&db.url).await.unwrap();
        let public = common::strings(
            &mut conn,
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
        )
        .await;
        conn.close().await.unwrap();
        assert_eq!(public, ["tenants"], "nothing ran in the public schema");
        db.drop().await;
    });
}

#[test]
fn ten_mariadb_databases_one_with_a_failing_migration() {
    rt().block_on(async {
        let mut dbs = Vec::new();
        for i in 0..10 {
            dbs.push(common::Database::new(Backend::Mysql, &format!("fan{i}")).await);
        }
        // The first migration creates `author`: here it exists already, so that migration fails.
        common::execute(&dbs[3].url, "CREATE TABLE author (id INT)").await;
        let urls: Vec<String> = dbs.iter().map(|d| d.url.clone()).collect();

        let up = run(&args(&urls, &["upgrade", "head", "-j", "4"]));
        assert_eq!(up.code, Some(i32::from(exit::MIGRATION)), "{up}");
        assert_summary(&up, 10, 1);
        let broken = row(&up, &dbs[3].name);
        assert!(
            broken.contains("FAILED") && broken.contains("author"),
            "{broken}"
        );
        for (i, db) in dbs.iter().enumerate() {
            let expected: &[&str] = if i == 3 { &[] } else { &[HEAD] };
            assert_eq!(
                version(&db.url, "alembic_version").await,
                expected,
                "{}",
                db.name
            );
        }

        // --fail-fast, one at a time: the broken one first (now half-applied: its failed
        // migration's DDL was committed as it went), nothing after it starts.
        let mut order = urls.clone();
        order.swap(0, 3);
        let down = run(&args(&order[1..], &["downgrade", "base", "-q"]));
        assert_eq!(down.code, Some(0), "{down}");
        let up = run(&args(
            &order,
            &["upgrade", "head", "--fail-fast", "-j", "1"],
        ));
        assert_eq!(up.code, Some(i32::from(exit::VERSION_TABLE)), "{up}");
        assert!(row(&up, &dbs[3].name).contains("half-applied"), "{up}");
        assert!(up.stdout.contains("10 databases: 0 ok, 10 failed"), "{up}");
        assert_eq!(
            up.stdout
                .lines()
                .filter(|l| l.contains("not run (--fail-fast)"))
                .count(),
            9,
            "{up}"
        );
        for db in dbs {
            db.drop().await;
        }
    });
}

#[test]
fn ten_sqlite_files_one_not_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let mut urls: Vec<String> = (0..10)
        .map(|i| {
            format!(
                "sqlite:{}?mode=rwc",
                dir.path().join(format!("t{i}.db")).display()
            )
        })
        .collect();
    let junk = dir.path().join("junk.db");
    std::fs::write(
        &junk,
        "this is not a SQLite database, it is a text file of some length",
    )
    .unwrap();
    urls.push(format!("sqlite:{}", junk.display()));

    let up = run(&args(&urls, &["upgrade", "head", "-j", "3"]));
    assert_eq!(up.code, Some(i32::from(exit::DATABASE)), "{up}");
    assert_summary(&up, 11, 1);
    assert!(row(&up, "junk.db").contains("FAILED"), "{up}");
    rt().block_on(async {
        for url in &urls[..10] {
            assert_eq!(version(url, "alembic_version").await, [HEAD]);
        }
    });
}

/// `check` and `verify` fan out with the schema comparison: the one database whose schema was
/// changed by hand is named, the others pass, the exit code is the gate's.
#[test]
fn check_and_verify_name_the_drifted_database() {
    let dir = tempfile::tempdir().unwrap();
    let urls: Vec<String> = (0..3)
        .map(|i| {
            format!(
                "sqlite:{}?mode=rwc",
                dir.path().join(format!("d{i}.db")).display()
            )
        })
        .collect();
    let up = run(&args(&urls, &["upgrade", "head", "-j", "3"]));
    assert_eq!(up.code, Some(0), "{up}");
    rt().block_on(common::execute(&urls[1], "DROP TABLE tag"));
    for command in ["verify", "check"] {
        let out = run(&args(&urls, &[command, "-j", "2"]));
        assert_eq!(out.code, Some(i32::from(exit::CHECK)), "{out}");
        assert!(
            out.stdout.contains("3 databases: 2 ok, 1 failed"),
            "{command}: {out}"
        );
        let drifted = row(&out, "d1.db");
        assert!(
            drifted.contains("FAILED") && drifted.contains("drifted") && drifted.contains("tag"),
            "{command}: {drifted}"
        );
        for clean in ["d0.db", "d2.db"] {
            assert!(row(&out, clean).ends_with("  ok"), "{command}: {out}");
        }
    }
}

#[test]
fn commands_that_do_not_fan_out_say_so() {
    let urls = ["sqlite::memory:".to_string(), "sqlite::memory:".to_string()];
    let log = run(&args(&urls, &["log"]));
    assert_eq!(log.code, Some(i32::from(exit::USAGE)), "{log}");
    assert!(
        log.stderr.contains("several databases")
            && log.stderr.contains("run this command on one database"),
        "{log}"
    );
}
