//! `cargo migrate rebase`: the seeds' parallel-heads workflow end to end (two heads, the
//! compile error, `rebase`, `upgrade head` without a merge revision), the refusal when a
//! revision to move is applied, and bad input, each with its one line.

mod common;

use common::{Run, Workspace, id_of, write_bodies};
use migrate_graph::contract::exit;

/// A copy of the revision file `from` as a sibling revision `id` (same parent), as a colleague's
/// branch brings it: written by hand, with its own table.
fn sibling(ws: &Workspace, from: &str, from_id: &str, id: &str, table: &str) -> String {
    let file = format!("migrations/src/versions/{id}_{table}.rs");
    let text = ws.read(from);
    let struct_line = text
        .lines()
        .find(|l| l.starts_with("pub struct "))
        .unwrap()
        .to_owned();
    let text = text
        .replace(from_id, id)
        .replace(&struct_line, &format!("pub struct Create{id};"))
        .replace(
            &struct_line
                .replace("pub struct ", "impl Migration for ")
                .replace(';', " {"),
            &format!("impl Migration for Create{id} {{"),
        );
    let text = replace_sql(&text, table);
    std::fs::write(ws.root().join(&file), text).unwrap();
    file
}

/// Points the `op.execute` statements of a revision at `table`.
fn replace_sql(text: &str, table: &str) -> String {
    text.lines()
        .map(|l| match l.find("op.execute(") {
            Some(at) if l.contains("CREATE TABLE") => format!(
                "{}op.execute(\"CREATE TABLE {table} (id INTEGER PRIMARY KEY)\").await",
                &l[..at]
            ),
            Some(at) if l.contains("DROP TABLE") => {
                format!("{}op.execute(\"DROP TABLE {table}\").await", &l[..at])
            }
            _ => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The last line of standard error: the error a failing command ends with.
fn last_error(run: &Run) -> &str {
    run.stderr.lines().last().unwrap_or("")
}

#[test]
fn parallel_heads_are_rebased_then_upgrade_head_works() {
    let ws = Workspace::new();
    ws.ok(&["init"]);
    let db = ws.root().join("app.db");
    let url = format!("sqlite:{}?mode=rwc", db.display());
    let with_db = |args: &[&str]| {
        let mut all = vec!["--database-url", url.as_str()];
        all.extend_from_slice(args);
        ws.run(&all)
    };

    // main: two revisions, applied
    let first = ws.ok(&["revision", "-m", "create user"]).created();
    write_bodies(
        &ws,
        &first,
        "CREATE TABLE account (id INTEGER PRIMARY KEY)",
        "DROP TABLE account",
    );
    let second = ws.ok(&["revision", "-m", "create post"]).created();
    write_bodies(
        &ws,
        &second,
        "CREATE TABLE post (id INTEGER PRIMARY KEY)",
        "DROP TABLE post",
    );
    let (a, b) = (id_of(&first), id_of(&second));
    assert_eq!(with_db(&["upgrade", "head"]).code, 0);

    // our branch adds `ours` on b; theirs, merged first, adds `theirs` on b too
    let ours_file = ws.ok(&["revision", "-m", "create tag"]).created();
    write_bodies(
        &ws,
        &ours_file,
        "CREATE TABLE tag (id INTEGER PRIMARY KEY)",
        "DROP TABLE tag",
    );
    let ours = id_of(&ours_file);
    let theirs = "0badc0ffee00";
    let theirs_file = sibling(&ws, &ours_file, &ours, theirs, "comment");

    // two heads: the crate does not compile
    let upgrade = with_db(&["upgrade", "head"]);
    assert_eq!(upgrade.code, i32::from(exit::BUILD), "{upgrade}");
    assert!(
        upgrade.stderr.to_lowercase().contains("multiple heads"),
        "{upgrade}"
    );

    // rebase ours on theirs: only the parent changes, byte for byte
    let before = ws.read(&ours_file);
    let theirs_before = ws.read(&theirs_file);
    let rebase = with_db(&["rebase", "--onto", theirs]);
    assert_eq!(rebase.code, 0, "{rebase}");
    assert!(
        rebase.stderr.contains(&format!("Rebased {ours_file}")),
        "{rebase}"
    );
    assert!(
        rebase
            .stderr
            .contains(&format!("{ours} now on top of {theirs}")),
        "{rebase}"
    );
    assert_eq!(
        ws.read(&ours_file),
        before
            .replace(
                &format!("//! Revises: {b}\n"),
                &format!("//! Revises: {theirs}\n")
            )
            .replace(
                &format!("down_revision = \"{b}\""),
                &format!("down_revision = \"{theirs}\"")
            )
    );
    assert_ne!(ws.read(&ours_file), before);
    assert_eq!(ws.read(&theirs_file), theirs_before);
    assert_eq!(
        ws.ok(&["history"]).stdout_lines(),
        [
            format!("{theirs} -> {ours} (head), create tag"),
            format!("{b} -> {theirs}, create tag"),
            format!("{a} -> {b}, create post"),
            format!("<base> -> {a}, create user"),
        ]
    );

    // upgrade head works without a merge revision
    let upgrade = with_db(&["upgrade", "head"]);
    assert_eq!(upgrade.code, 0, "{upgrade}");
    let current = with_db(&["current"]);
    assert_eq!(
        current.stdout.split_whitespace().next(),
        Some(ours.as_str()),
        "{current}"
    );

    // a colleague's revision on theirs: moving ours (applied) is refused, files untouched
    let late = "0ddba11c0de0";
    let late_file = sibling(&ws, &ours_file, &ours, late, "label");
    let late_text = ws.read(&late_file);
    assert!(
        late_text.contains(&format!("down_revision = \"{theirs}\"")),
        "{late_text}"
    );
    let files = ws.files();
    let refused = with_db(&["rebase", &ours, "--onto", late]);
    assert_eq!(refused.code, i32::from(exit::USAGE), "{refused}");
    assert!(
        last_error(&refused).starts_with(&format!(
            "error: cannot rebase: revision {ours} is applied to the database (sqlite:"
        )) && last_error(&refused)
            .ends_with("write a merge revision instead with `cargo migrate merge heads`"),
        "{refused}"
    );
    let mut after = ws.files();
    after.retain(|p, _| !p.starts_with("app.db"));
    let mut files = files;
    files.retain(|p, _| !p.starts_with("app.db"));
    assert_eq!(after, files, "a refused rebase changes no file");

    // without a reachable database it cannot check, and says so; --force rebases anyway
    let unreachable = "postgres://postgres:hunter2@127.0.0.1:1/nowhere";
    let unchecked = ws.run(&[
        "--database-url",
        unreachable,
        "rebase",
        late,
        "--onto",
        &ours,
    ]);
    assert_eq!(unchecked.code, i32::from(exit::DATABASE), "{unchecked}");
    assert!(
        last_error(&unchecked).starts_with(&format!(
            "error: cannot rebase: could not check whether {late} is applied to the configured database ("
        )) && last_error(&unchecked).ends_with("or pass `--force` if no database has run them"),
        "{unchecked}"
    );
    assert!(!unchecked.stderr.contains("hunter2"), "{unchecked}");
    assert!(
        ws.read(&late_file)
            .contains(&format!("down_revision = \"{theirs}\""))
    );
    let forced = ws.run(&[
        "--database-url",
        unreachable,
        "rebase",
        late,
        "--onto",
        &ours,
        "--force",
    ]);
    assert_eq!(forced.code, 0, "{forced}");
    assert!(
        ws.read(&late_file)
            .contains(&format!("down_revision = \"{ours}\""))
    );
    assert_eq!(with_db(&["upgrade", "head"]).code, 0);
    let current = with_db(&["current"]);
    assert_eq!(
        current.stdout.split_whitespace().next(),
        Some(late),
        "{current}"
    );
}

/// One line on standard error, the given one, and exit code 2: nothing is built.
fn refused_with(ws: &Workspace, args: &[&str], expected: &str) {
    let files = ws.files();
    let run = ws.run(args);
    assert_eq!(run.code, i32::from(exit::USAGE), "{run}");
    assert_eq!(
        run.stderr,
        format!("error: cannot rebase: {expected}\n"),
        "{run}"
    );
    assert_eq!(ws.files(), files, "a refused rebase changes no file");
}

#[test]
fn bad_input_is_one_line_each() {
    let ws = Workspace::new();
    ws.ok(&["init"]);
    let mut ids = Vec::new();
    for (message, id) in [("one", "aaaaaaaaaaaa"), ("two", "bbbbbbbbbbbb")] {
        let file = ws.ok(&["revision", "-m", message, "--rev-id", id]);
        ids.push(id_of(&file.created()));
    }
    let (one, two) = (&ids[0], &ids[1]);
    refused_with(
        &ws,
        &["rebase", "--onto", two],
        &format!("nothing to move: {two} is the only head; name the revisions to move"),
    );
    refused_with(
        &ws,
        &["rebase", "abcdef", "--onto", two],
        "can't locate revision identified by \"abcdef\"; run `cargo migrate history` to list the revisions",
    );
    refused_with(
        &ws,
        &["rebase", two, "--onto", "fedcba"],
        "--onto: can't locate revision identified by \"fedcba\"; run `cargo migrate history` to list the revisions",
    );
    refused_with(
        &ws,
        &["rebase", one, "--onto", two],
        &format!(
            "--onto {two} descends from {one}, so {one} cannot move on top of it; give the other branch's head as --onto"
        ),
    );
    refused_with(
        &ws,
        &["rebase", two, "--onto", two],
        &format!(
            "{two} is both a revision to move and --onto; give the other branch's head as --onto"
        ),
    );

    // a cycle: one -> two -> one
    let first = format!("migrations/src/versions/{one}_one.rs");
    let text = ws.read(&first).replace(
        "down_revision = None",
        &format!("down_revision = \"{two}\""),
    );
    std::fs::write(ws.root().join(&first), text).unwrap();
    let files = ws.files();
    let cycle = ws.run(&["rebase", one, "--onto", two]);
    assert_eq!(cycle.code, i32::from(exit::USAGE), "{cycle}");
    assert_eq!(cycle.stderr.lines().count(), 1, "{cycle}");
    assert!(
        cycle
            .stderr
            .starts_with("error: cannot rebase: the revision graph is broken: ")
            && cycle.stderr.contains("revision cycle: ")
            && cycle.stderr.contains("; help: break the cycle"),
        "{cycle}"
    );
    assert_eq!(ws.files(), files);
}
