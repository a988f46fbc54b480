//! The runner on a real SQLite database: every test makes its own file and removes it.

use migrate_core::{Config, Error, Migrator};
use sqlx::{Connection, SqliteConnection};

migrate_core::include_versions!("runtime_versions");

struct Db {
    _dir: tempfile::TempDir,
    url: String,
}

fn db() -> Db {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}?mode=rwc", dir.path().join("test.db").display());
    Db { _dir: dir, url }
}

fn migrator(db: &Db) -> Migrator {
    let config = Config::resolve(&MIGRATIONS, Some(&db.url)).expect("config");
    Migrator::new(MIGRATIONS, config).expect("registry")
}

async fn query_strings(url: &str, sql: &'static str) -> Vec<String> {
    let mut conn = SqliteConnection::connect(url).await.expect("connect");
    let rows: Vec<(String,)> = sqlx::query_as(sql).fetch_all(&mut conn).await.expect(sql);
    rows.into_iter().map(|(s,)| s).collect()
}

async fn tables(url: &str) -> Vec<String> {
    query_strings(
        url,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .await
}

async fn versions(url: &str) -> Vec<String> {
    query_strings(
        url,
        "SELECT version_num FROM alembic_version ORDER BY version_num",
    )
    .await
}

#[tokio::test]
async fn upgrade_runs_in_order_and_records_the_head() {
    let db = db();
    let m = migrator(&db);
    let report = m.upgrade("c3c3").await.expect("upgrade to a prefix");
    let run: Vec<&str> = report.steps.iter().map(|s| s.revision.as_str()).collect();
    assert_eq!(run, ["a1a1a1a1a1a1", "b2b2b2b2b2b2", "c3c3c3c3c3c3"]);
    assert_eq!(report.steps[1].arrow, "a1a1a1a1a1a1 -> b2b2b2b2b2b2");
    assert_eq!(
        tables(&db.url).await,
        [
            "account",
            "alembic_version",
            "alembic_version_lock",
            "alembic_version_log"
        ]
    );
    assert_eq!(versions(&db.url).await, ["c3c3c3c3c3c3"]);
    assert_eq!(m.current().await.unwrap(), ["c3c3c3c3c3c3"]);

    let again = m.upgrade("c3c3c3c3c3c3").await.expect("no-op");
    assert!(again.steps.is_empty(), "an applied target runs nothing");
}

#[tokio::test]
async fn a_failed_migration_leaves_no_trace() {
    let db = db();
    let m = migrator(&db);
    let error = m.upgrade("head").await.expect_err("d4 fails");
    let Error::MigrationFailed { revision, .. } = &error else {
        panic!("expected MigrationFailed, got {error:?}");
    };
    assert_eq!(revision, "d4d4d4d4d4d4");
    assert!(error.to_string().contains("no_such_table"), "{error}");
    assert!(
        !tables(&db.url).await.contains(&"orphan".to_string()),
        "rolled back"
    );
    assert_eq!(
        versions(&db.url).await,
        ["c3c3c3c3c3c3"],
        "steps before it committed"
    );
}

#[tokio::test]
async fn downgrade_relative_and_base() {
    let db = db();
    let m = migrator(&db);
    m.upgrade("+3").await.expect("upgrade +3");
    let report = m.downgrade("-1").await.expect("downgrade -1");
    assert_eq!(report.steps.len(), 1);
    assert_eq!(report.steps[0].arrow, "c3c3c3c3c3c3 -> b2b2b2b2b2b2");
    assert_eq!(
        tables(&db.url).await,
        [
            "alembic_version",
            "alembic_version_lock",
            "alembic_version_log",
            "user"
        ]
    );
    assert_eq!(versions(&db.url).await, ["b2b2b2b2b2b2"]);

    m.downgrade("base").await.expect("downgrade base");
    assert_eq!(
        tables(&db.url).await,
        [
            "alembic_version",
            "alembic_version_lock",
            "alembic_version_log"
        ]
    );
    assert!(versions(&db.url).await.is_empty());
}

#[tokio::test]
async fn a_downgrade_without_code_is_refused_by_name() {
    let db = db();
    let m = migrator(&db);
    let _ = m.upgrade("head").await;
    // Stamp past the broken one by hand, then try to go back through it.
    let mut conn = SqliteConnection::connect(&db.url).await.unwrap();
    sqlx::query("CREATE TABLE orphan (id INTEGER)")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::query("UPDATE alembic_version SET version_num = 'd4d4d4d4d4d4'")
        .execute(&mut conn)
        .await
        .unwrap();
    let error = m.downgrade("c3c3c3c3c3c3").await.expect_err("no downgrade");
    assert!(matches!(error, Error::Irreversible { .. }), "{error:?}");
    assert!(error.to_string().contains("d4d4d4d4d4d4"), "{error}");
    assert_eq!(versions(&db.url).await, ["d4d4d4d4d4d4"], "nothing changed");
}

#[tokio::test]
async fn bad_targets_write_nothing() {
    let db = db();
    let m = migrator(&db);
    m.upgrade("a1a1").await.unwrap();
    for (target, needle) in [
        ("+9", "past"),
        ("ffff", "can't locate revision"),
        ("not a target!", "invalid target"),
        ("base:head", "only allowed with --sql"),
    ] {
        let error = m.upgrade(target).await.expect_err(target);
        assert!(error.to_string().contains(needle), "{target}: {error}");
    }
    assert_eq!(versions(&db.url).await, ["a1a1a1a1a1a1"]);
    assert_eq!(
        tables(&db.url).await,
        [
            "alembic_version",
            "alembic_version_lock",
            "alembic_version_log",
            "user"
        ]
    );
}

#[tokio::test]
async fn an_unknown_row_in_the_version_table_is_reported() {
    let db = db();
    let m = migrator(&db);
    m.upgrade("a1a1").await.unwrap();
    let mut conn = SqliteConnection::connect(&db.url).await.unwrap();
    sqlx::query("UPDATE alembic_version SET version_num = '0badc0ffee00'")
        .execute(&mut conn)
        .await
        .unwrap();
    let error = m.upgrade("head").await.expect_err("unknown row");
    assert!(
        matches!(error, Error::UnknownCurrent(ref id) if id == "0badc0ffee00"),
        "{error:?}"
    );
    assert!(error.to_string().contains("stamp"), "{error}");
    assert_eq!(
        tables(&db.url).await,
        [
            "alembic_version",
            "alembic_version_lock",
            "alembic_version_log",
            "user"
        ]
    );
}

#[tokio::test]
async fn offline_script_has_transactions_and_version_rows() {
    let db = db();
    let m = migrator(&db);
    let script = m
        .script(migrate_graph::Direction::Upgrade, "c3c3c3c3c3c3")
        .await
        .expect("script");
    assert_eq!(script.matches("BEGIN IMMEDIATE;").count(), 3);
    assert_eq!(script.matches("COMMIT;").count(), 3);
    assert!(
        script
            .contains(r#"INSERT INTO "alembic_version" ("version_num") VALUES ('a1a1a1a1a1a1');"#)
    );
    assert!(script.contains(
        r#"UPDATE "alembic_version" SET "version_num" = 'c3c3c3c3c3c3' WHERE "version_num" = 'b2b2b2b2b2b2';"#
    ));
    assert!(
        script.contains(r#"ALTER TABLE "user" RENAME TO "account""#),
        "{script}"
    );
    // Offline means offline: the database file was not created.
    assert!(!db._dir.path().join("test.db").exists());
}

#[tokio::test]
async fn offline_downgrade_from_a_range_start() {
    let db = db();
    let m = migrator(&db);
    let script = m
        .script(migrate_graph::Direction::Downgrade, "c3c3c3c3c3c3:base")
        .await
        .expect("script");
    assert_eq!(
        script.matches("-- Running downgrade").count(),
        3,
        "{script}"
    );
    assert!(
        script.contains(r#"ALTER TABLE "account" RENAME TO "user""#),
        "{script}"
    );
    assert!(
        script.contains(r#"DELETE FROM "alembic_version" WHERE "version_num" = 'a1a1a1a1a1a1';"#),
        "{script}"
    );
    let error = m
        .script(migrate_graph::Direction::Downgrade, "head:base")
        .await
        .expect_err("d4 has no downgrade");
    assert!(matches!(error, Error::Irreversible { .. }), "{error:?}");
    assert!(!db._dir.path().join("test.db").exists());
}

#[tokio::test]
async fn ensure_version_offline_and_online() {
    let db = db();
    let m = migrator(&db);
    let script = m.ensure_version_script().expect("script");
    assert!(
        script.contains(r#"CREATE TABLE IF NOT EXISTS "alembic_version""#),
        "{script}"
    );
    assert!(
        script.contains(r#"CREATE TABLE IF NOT EXISTS "alembic_version_log""#),
        "{script}"
    );
    assert!(
        !db._dir.path().join("test.db").exists(),
        "offline connects to nothing"
    );
    m.ensure_version().await.expect("ensure-version");
    assert_eq!(
        tables(&db.url).await,
        [
            "alembic_version",
            "alembic_version_lock",
            "alembic_version_log"
        ]
    );
    assert!(versions(&db.url).await.is_empty());
    m.ensure_version().await.expect("idempotent");
}
