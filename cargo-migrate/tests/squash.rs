//! `cargo migrate squash` end to end, once per backend: a history of four revisions, a
//! database stopped inside the range, the squash written and compiled, `upgrade head` from
//! before the range (the squash runs) and from inside it (the originals run), both schemas
//! compared by introspection, `heads`/`history`/`check`, a downgrade through the squash; then
//! each refusal with its one line, nothing written.

mod common;

use common::{Run, TestDatabase, Workspace, id_of, inspected, on, write_bodies};
use migrate_graph::contract::exit;
use migrate_schema::Dialect;

/// A new revision on the head with these bodies; its id.
fn revision(ws: &Workspace, message: &str, up: &str, down: &str) -> (String, String) {
    let file = ws.ok(&["revision", "-m", message]).created();
    write_bodies(ws, &file, up, down);
    (id_of(&file), file)
}

/// The file named by the `Squashed` status line.
fn squashed_file(run: &Run) -> String {
    let line = run
        .stderr
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("Squashed "))
        .unwrap_or_else(|| panic!("no `Squashed` line: {run}"));
    line.rsplit(" into ").next().unwrap().to_owned()
}

/// The last line of standard error: the error a failing command ends with.
fn last_error(run: &Run) -> &str {
    run.stderr.lines().last().unwrap_or("")
}

fn squash_round_trip(backend: Dialect) {
    let ws = Workspace::new();
    // A crate name of its own: the tests share one target folder and run at once.
    let name = format!("squash_{}", backend.name());
    ws.ok(&["init", "--name", &name]);
    let versions = ws.root().join(&name).join("src/versions");
    let fresh = TestDatabase::new(backend);
    let inside = TestDatabase::new(backend);

    let (a, _) = revision(
        &ws,
        "create account",
        "CREATE TABLE account (id INTEGER PRIMARY KEY, name VARCHAR(40))",
        "DROP TABLE account",
    );
    let (b, b_file) = revision(
        &ws,
        "add email",
        "ALTER TABLE account ADD COLUMN email VARCHAR(80)",
        "ALTER TABLE account DROP COLUMN email",
    );
    let (c, _) = revision(
        &ws,
        "create post",
        "CREATE TABLE post (id INTEGER PRIMARY KEY, title VARCHAR(40) NOT NULL)",
        "DROP TABLE post",
    );
    let (d, _) = revision(
        &ws,
        "create tag",
        "CREATE TABLE tag (id INTEGER PRIMARY KEY)",
        "DROP TABLE tag",
    );
    // A database stopped inside the range.
    let run = on(&ws, &inside, &["upgrade", &b]);
    assert_eq!(run.code, 0, "{run}");

    let run = on(
        &ws,
        &fresh,
        &["squash", &b, &c, "-m", "account email and post"],
    );
    assert_eq!(run.code, 0, "{run}");
    let file = squashed_file(&run);
    assert!(
        run.stderr
            .contains(&format!("Squashed 2 revisions ({b}..{c}) into {file}")),
        "{run}"
    );
    let s = id_of(&file);
    let text = ws.read(&file);
    assert!(
        text.contains(&format!("down_revision = \"{a}\""))
            && text.contains(&format!("replaces = (\"{b}\", \"{c}\")"))
            && text.contains(&format!("//! Revises: {a}\n")),
        "{text}"
    );
    assert!(
        text.contains("async fn upgrade") && text.contains("async fn downgrade"),
        "{text}"
    );
    let history = ws.ok(&["history"]);
    assert_eq!(
        history.stdout_lines(),
        [
            format!("{s} -> {d} (head), create tag"),
            format!("{a} -> {s}, account email and post"),
            format!("<base> -> {a}, create account"),
        ],
        "{history}"
    );
    assert_eq!(ws.ok(&["heads"]).stdout_lines(), [format!("{d} (head)")]);

    // check says which databases still need the originals.
    let run = on(&ws, &inside, &["check"]);
    assert!(
        run.stderr.contains(&format!(
            "squash {s}: keep the revisions it replaces ({b}..{c}): this database is inside the range and runs them up to {c}"
        )),
        "{run}"
    );
    let run = on(&ws, &fresh, &["check"]);
    assert!(
        run.stderr.contains(&format!(
            "squash {s}: this database is before the range {b}..{c}; it will run the squash"
        )),
        "{run}"
    );

    // From before the range the squash runs; from inside it the originals do.
    let run = on(&ws, &fresh, &["upgrade", "head"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stderr.contains(&format!("{a} -> {s}")) && !run.stderr.contains(&b),
        "{run}"
    );
    let run = on(&ws, &inside, &["upgrade", "head"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stderr.contains(&format!("{b} -> {c}")) && !run.stderr.contains(&s),
        "{run}"
    );
    let squashed = inspected(&ws, &fresh);
    let originals = inspected(&ws, &inside);
    let difference = migrate_schema::diff(&originals, &squashed);
    assert!(difference.is_empty(), "{difference}");
    assert_eq!(squashed.tables.len(), 3, "{squashed:#?}");

    // check says the originals are no longer needed by either database.
    for db in [&fresh, &inside] {
        let run = on(&ws, db, &["check"]);
        assert_eq!(run.code, 0, "{run}");
        assert!(
            run.stderr.contains(&format!(
                "squash {s}: this database is at or past {c}, so it no longer needs the 2 revisions it replaces ({b}..{c})"
            )),
            "{run}"
        );
    }

    // Downgrades through the point: the squash's downgrade from both.
    for db in [&fresh, &inside] {
        let run = on(&ws, db, &["downgrade", &a]);
        assert_eq!(run.code, 0, "{run}");
        assert!(run.stderr.contains(&format!("{s} -> {a}")), "{run}");
        let schema = inspected(&ws, db);
        let names: Vec<&str> = schema.tables.keys().map(String::as_str).collect();
        assert_eq!(names, ["account"], "{schema:#?}");
        assert_eq!(schema.tables["account"].columns.len(), 2, "{schema:#?}");
    }

    // Once the originals are deleted (and their children point at the squash), the squash
    // stands alone.
    std::fs::remove_file(ws.root().join(&b_file)).unwrap();
    let c_file = std::fs::read_dir(&versions)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(&c))
        .unwrap();
    std::fs::remove_file(c_file).unwrap();
    let broken = on(&ws, &fresh, &["upgrade", "head"]);
    assert_ne!(broken.code, 0, "{broken}");
    assert!(
        broken
            .stderr
            .contains("it was replaced by the squash `AccountEmailAndPost")
            && broken
                .stderr
                .contains(&format!("help: write down_revision = \"{s}\"")),
        "{broken}"
    );
    let d_file = std::fs::read_dir(&versions)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(&d))
        .unwrap();
    let text = std::fs::read_to_string(&d_file).unwrap().replace(&c, &s);
    std::fs::write(&d_file, text).unwrap();
    let run = on(&ws, &fresh, &["upgrade", "head"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(inspected(&ws, &fresh), originals);
}

#[test]
fn squash_sqlite() {
    squash_round_trip(Dialect::Sqlite);
}

#[test]
fn squash_postgres() {
    squash_round_trip(Dialect::Postgres);
}

#[test]
fn squash_mysql() {
    squash_round_trip(Dialect::Mysql);
}

/// The revision files, by path.
fn versions(ws: &Workspace) -> Vec<(std::path::PathBuf, String)> {
    let mut files: Vec<_> = ws
        .files()
        .into_iter()
        .filter(|(p, _)| p.starts_with("squash_refusals/src/versions"))
        .map(|(p, bytes)| (p, String::from_utf8_lossy(&bytes).into_owned()))
        .collect();
    files.sort();
    files
}

/// Runs a refused `squash`: exit `code`, one `error:` line ending the output, every revision
/// file as it was and none added.
fn refused(ws: &Workspace, args: &[&str], code: u8) -> String {
    let before = versions(ws);
    let mut all = vec!["squash"];
    all.extend_from_slice(args);
    let run = ws.run(&all);
    assert_eq!(run.code, i32::from(code), "{run}");
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error"))
        .collect();
    assert_eq!(errors.len(), 1, "{run}");
    assert!(versions(ws) == before, "files changed: {run}");
    last_error(&run).to_owned()
}

#[test]
fn refusals_say_why_in_one_line_and_write_nothing() {
    let ws = Workspace::new();
    ws.ok(&["init", "--name", "squash_refusals"]);
    let (a, _) = revision(
        &ws,
        "create account",
        "CREATE TABLE account (id INTEGER PRIMARY KEY)",
        "DROP TABLE account",
    );
    let (b, _) = revision(
        &ws,
        "create view",
        "CREATE VIEW names AS SELECT id FROM account",
        "DROP VIEW names",
    );
    let (c, c_file) = revision(
        &ws,
        "create post",
        "CREATE TABLE post (id INTEGER PRIMARY KEY)",
        "DROP TABLE post",
    );
    // A second child of b: b is a branch point, merged by m.
    let x = "0badc0ffee00";
    let x_text = ws
        .read(&c_file)
        .replace(&c, x)
        .replace("CREATE TABLE post", "CREATE TABLE other")
        .replace("DROP TABLE post", "DROP TABLE other");
    std::fs::write(
        ws.root()
            .join(format!("squash_refusals/src/versions/{x}_other.rs")),
        x_text,
    )
    .unwrap();
    let m = ws.ok(&["merge", "heads", "-m", "merge"]).created();
    let m = id_of(&m);

    assert_eq!(
        refused(&ws, &["zzzz", &c, "-m", "s"], exit::USAGE),
        "error: cannot squash: can't locate revision identified by \"zzzz\"; run `cargo migrate history` to list the revisions"
    );
    assert_eq!(
        refused(&ws, &[&c, &a, "-m", "s"], exit::USAGE),
        format!(
            "error: cannot squash: {c}..{a} is not a linear range: {c} is not an ancestor of {a}; squash a range between branch points and merges (`cargo migrate history` shows them), or merge first"
        )
    );
    let line = refused(&ws, &[&a, &c, "-m", "s"], exit::USAGE);
    assert!(
        line.starts_with(&format!(
            "error: cannot squash: {a}..{c} is not a linear range: {b} is a branch point (children "
        )),
        "{line}"
    );
    let line = refused(&ws, &[&c, &m, "-m", "s"], exit::USAGE);
    assert!(
        line.starts_with(&format!(
            "error: cannot squash: {c}..{m} is not a linear range: {m} is a merge of "
        )),
        "{line}"
    );
    // Raw SQL the replay cannot read: named with its revision and statement.
    let db = ws.root().join("app.db");
    let url = format!("sqlite:{}?mode=rwc", db.display());
    let line = refused(
        &ws,
        &[&a, &b, "-m", "s", "--database-url", &url],
        exit::USAGE,
    );
    assert!(
        line.starts_with("error: cannot squash: the replay of ")
            && line.contains(&format!("cannot replay revision {b}"))
            && line.contains("CREATE VIEW names AS SELECT id FROM account"),
        "{line}"
    );
    // A range holding a squash whose own originals still exist.
    let s1 = "5a5a5a5a5a5a";
    std::fs::write(
        ws.root()
            .join(format!("squash_refusals/src/versions/{s1}_first.rs")),
        format!(
            "use migrate_core::prelude::*;\n\n#[migration(revision = \"{s1}\", down_revision = None, replaces = (\"{a}\"), message = \"first\")]\npub struct First;\n\nimpl Migration for First {{\n    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {{\n        let _ = op;\n        Ok(())\n    }}\n}}\n"
        ),
    )
    .unwrap();
    let line = refused(&ws, &[s1, &b, "-m", "s"], exit::USAGE);
    assert!(
        line.starts_with("error: cannot squash: ")
            && line.contains(&format!(
                "replaces \"{s1}\", itself a squash whose originals still exist; help: delete the originals of \"{s1}\" first"
            )),
        "{line}"
    );
}
