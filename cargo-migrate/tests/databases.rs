//! Several databases from `cargo migrate`: repeated `--database-url`, and the named list of
//! `[package.metadata.migrate.databases]` picked with `--database NAME` or `--all-databases`,
//! on real PostgreSQL databases and SQLite files; passwords never printed.

mod common;

use common::{POSTGRES, Run, ServerDatabase, TestDatabase, Workspace, write_bodies};

/// PostgreSQL's test server trusts local connections, so this password is sent and ignored.
const PASSWORD: &str = "tenant-PW-7781";

/// A workspace with one revision creating `items`, and `databases` appended to the migrations
/// crate's manifest.
fn workspace(databases: &str) -> (Workspace, String) {
    let ws = Workspace::new();
    ws.ok(&["init"]);
    let created = ws
        .ok(&["revision", "-m", "items", "--rev-id", "aaaa00000001"])
        .created();
    write_bodies(
        &ws,
        &created,
        "CREATE TABLE items (id INTEGER PRIMARY KEY)",
        "DROP TABLE items",
    );
    let manifest = ws.root().join("migrations/Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    text.push_str(databases);
    std::fs::write(&manifest, text).unwrap();
    (ws, "aaaa00000001".to_owned())
}

/// The URL of `db` with a password, which the server ignores.
fn with_password(db: &ServerDatabase) -> String {
    db.url
        .replacen("postgres@", &format!("postgres:{PASSWORD}@"), 1)
}

fn no_password(run: &Run) {
    assert!(
        !run.stdout.contains(PASSWORD) && !run.stderr.contains(PASSWORD),
        "a password is printed: {run}"
    );
}

/// `current` of one database, by URL.
fn current(ws: &Workspace, url: &str) -> String {
    ws.ok(&["--database-url", url, "current"]).stdout
}

#[test]
fn several_database_urls_are_forwarded_and_all_reach_head() {
    let (ws, head) = workspace("");
    let pg = ServerDatabase::create(POSTGRES);
    let sqlite = TestDatabase::new(migrate_schema::Dialect::Sqlite);
    let pg_url = with_password(&pg);
    let run = ws.run(&[
        "--database-url",
        &pg_url,
        "upgrade",
        "head",
        "--database-url",
        sqlite.url(),
    ]);
    assert_eq!(run.code, 0, "{run}");
    no_password(&run);
    assert!(run.stdout.contains("2 databases: 2 ok, 0 failed"), "{run}");
    assert!(current(&ws, &pg.url).contains(&head));
    assert!(current(&ws, sqlite.url()).contains(&head));
    // `current` fans out the same way, one row per database.
    let run = ws.run(&[
        "--database-url",
        &pg_url,
        "--database-url",
        sqlite.url(),
        "current",
    ]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(run.stdout.matches(&head).count(), 2, "{run}");
    no_password(&run);
}

#[test]
fn named_databases_are_picked_by_name_or_all_at_once() {
    let a = ServerDatabase::create(POSTGRES);
    let b = ServerDatabase::create(POSTGRES);
    let c = TestDatabase::new(migrate_schema::Dialect::Sqlite);
    let (ws, head) = workspace(&format!(
        "\n[package.metadata.migrate.databases]\ntenant_a = \"{}\"\ntenant_b = \"${{MIGRATE_TEST_TENANT_B_URL}}\"\nlocal = \"{}\"\n",
        with_password(&a),
        c.url()
    ));
    let b_url = with_password(&b);
    let run = |args: &[&str]| {
        let mut command = ws.command(args);
        command.env("MIGRATE_TEST_TENANT_B_URL", &b_url);
        Run::new(args, command.output().unwrap())
    };

    // One by name: a normal run on that database, which the `Using` line names.
    let one = run(&["--database", "tenant_a", "upgrade", "head"]);
    assert_eq!(one.code, 0, "{one}");
    assert!(
        one.stderr
            .contains("tenant_a in [package.metadata.migrate.databases]"),
        "{one}"
    );
    no_password(&one);
    assert!(current(&ws, &a.url).contains(&head));
    assert!(!current(&ws, &b.url).contains(&head), "only tenant_a ran");

    // Every one, `${VAR}` expanded from the environment; the summary names them.
    let all = run(&["--all-databases", "upgrade", "head"]);
    assert_eq!(all.code, 0, "{all}");
    no_password(&all);
    for name in ["tenant_a", "tenant_b", "local"] {
        assert!(
            all.stdout
                .lines()
                .any(|l| l.starts_with(name) && l.ends_with("ok")),
            "{name} reached head: {all}"
        );
    }
    assert!(current(&ws, &b.url).contains(&head));
    assert!(current(&ws, c.url()).contains(&head));

    // Repeated --database, with a --database-url: back to base, each of them.
    let down = run(&[
        "--database",
        "tenant_b",
        "--database",
        "local",
        "--database-url",
        &a.url,
        "downgrade",
        "base",
    ]);
    assert_eq!(down.code, 0, "{down}");
    assert!(
        down.stdout.contains("3 databases: 3 ok, 0 failed"),
        "{down}"
    );
    assert!(!current(&ws, &b.url).contains(&head));
}

#[test]
fn a_failing_named_database_does_not_stop_the_others() {
    let good = ServerDatabase::create(POSTGRES);
    let (base, _) = good.url.rsplit_once('/').unwrap();
    let missing = format!(
        "{}/migrate_e2e_no_such_database",
        base.replacen("postgres@", &format!("postgres:{PASSWORD}@"), 1)
    );
    let (ws, head) = workspace(&format!(
        "\n[package.metadata.migrate.databases]\ngood = \"{}\"\ngone = \"{missing}\"\n",
        good.url
    ));
    let run = ws.run(&["--all-databases", "upgrade", "head"]);
    assert_ne!(run.code, 0, "{run}");
    no_password(&run);
    let gone = run
        .stdout
        .lines()
        .find(|l| l.starts_with("gone"))
        .unwrap_or_else(|| panic!("no row for gone: {run}"));
    assert!(gone.contains("FAILED"), "{run}");
    assert!(run.stdout.contains("2 databases: 1 ok, 1 failed"), "{run}");
    assert!(current(&ws, &good.url).contains(&head));
}

#[test]
fn unknown_names_and_bad_tables_are_one_clear_line() {
    let (ws, _) = workspace("\n[package.metadata.migrate.databases]\ntenant_a = \"sqlite:a.db\"\n");
    let run = ws.run(&["--database", "nope", "upgrade", "head"]);
    assert_eq!(run.code, 2, "{run}");
    let error = run.stderr.trim();
    assert_eq!(error.lines().count(), 1, "{run}");
    assert!(
        error.contains("--database nope") && error.contains("it lists tenant_a"),
        "{run}"
    );

    let (ws, _) = workspace("\n[package.metadata.migrate.databases]\ntenant_a = 5\n");
    let run = ws.run(&["--all-databases", "current"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr.contains("tenant_a must be a URL string"),
        "{run}"
    );

    let (ws, _) = workspace("");
    let run = ws.run(&["--all-databases", "current"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr
            .contains("has no [package.metadata.migrate.databases]"),
        "{run}"
    );
}
