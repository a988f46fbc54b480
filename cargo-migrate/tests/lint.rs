//! `cargo migrate lint` as a new user meets it: a workspace made by `init`, two revisions
//! written by `revision` and filled in by hand, linted offline and against the configured
//! SQLite database (the default range: what `upgrade` has not applied yet), then silenced with
//! `allow(...)` and a reason.

mod common;

use common::Workspace;
use migrate_graph::contract::exit;

/// Replaces the scaffold's unwritten upgrade (and downgrade) with `up` (and `down`).
fn write_bodies(ws: &Workspace, file: &str, up: &str, down: &str) {
    let text = ws
        .read(file)
        .replace("Err(Error::UnwrittenUpgrade)", up)
        .replace("Err(Error::UnwrittenDowngrade)", down)
        .replace("        let _ = op;\n", "");
    std::fs::write(ws.root().join(file), text).unwrap();
}

/// The 1-based line of `file` that contains `needle`.
fn line_of(ws: &Workspace, file: &str, needle: &str) -> usize {
    ws.read(file)
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not in {file}"))
        + 1
}

#[test]
fn lint_a_new_project() {
    let ws = Workspace::new();
    ws.ok(&["init"]);
    let first = ws.ok(&["revision", "-m", "create person"]).created();
    write_bodies(
        &ws,
        &first,
        r#"op.create_table(Table::create().table("person").col(pk_auto("id")).col(string_null("nick"))).await"#,
        r#"op.drop_table(Table::drop().table("person")).await"#,
    );
    let second = ws.ok(&["revision", "-m", "drop nick"]).created();
    write_bodies(
        &ws,
        &second,
        r#"op.drop_column("person", "nick").await"#,
        r#"op.add_column("person", &mut string_null("nick")).await"#,
    );
    let line = line_of(&ws, &second, "op.drop_column(");
    let expected = format!(
        "{second}:{line}: error[drop_column] drops column person.nick: dropping a column deletes its value in every row\n  = safer: stop reading and writing the column in a release first, then drop it in a later revision with allow(drop_column = \"why\")\n"
    );

    // Offline, every revision; the table created by the first is not reported.
    let run = ws.run(&["lint", "--dialect", "mysql"]);
    assert_eq!(run.code, i32::from(exit::CHECK), "{run}");
    assert_eq!(run.stdout, expected, "{run}");
    assert!(
        run.stderr.contains(
            "lint failed: 1 error, 0 warnings, 0 allowed in 2 revisions (replayed for mysql)"
        ),
        "{run}"
    );
    // PostgreSQL also wants a lock_timeout before DDL on an existing table.
    let run = ws.run(&["lint", "--dialect", "postgres"]);
    assert_eq!(run.code, i32::from(exit::CHECK), "{run}");
    assert!(
        run.stdout.starts_with(&format!(
            "{second}:{line}: warning[lock_timeout_missing] changes table person "
        )) && run.stdout.ends_with(&expected),
        "{run}"
    );
    let run = ws.run(&["lint", "--dialect", "sqlite", "--format", "github"]);
    assert_eq!(run.code, i32::from(exit::CHECK), "{run}");
    assert!(
        run.stdout.starts_with(&format!(
            "::error file={second},line={line},title=drop_column::drops column person.nick: "
        )),
        "{run}"
    );

    // Against the configured database: nothing applied yet, so both are linted; once
    // upgraded, nothing is left.
    let run = ws.run(&["lint"]);
    assert_eq!(run.code, i32::from(exit::CHECK), "{run}");
    assert_eq!(run.stdout, expected, "{run}");
    ws.ok(&["upgrade", "head"]);
    let run = ws.ok(&["lint"]);
    assert_eq!(run.stdout, "", "{run}");
    assert!(run.stderr.contains("in 0 revisions"), "{run}");

    // Silenced with a reason: shown as allowed, exit 0.
    let text = ws.read(&second).replace(
        "    message = \"drop nick\"\n)]",
        "    message = \"drop nick\",\n    allow(drop_column = \"nick unused since 2026-10\")\n)]",
    );
    assert!(text.contains("allow(drop_column"), "{text}");
    std::fs::write(ws.root().join(&second), text).unwrap();
    let line = line_of(&ws, &second, "op.drop_column(");
    let run = ws.ok(&["lint", "--all"]);
    assert_eq!(
        run.stdout,
        format!(
            "{second}:{line}: allowed[drop_column] drops column person.nick: dropping a column deletes its value in every row\n  = allowed: nick unused since 2026-10\n"
        ),
        "{run}"
    );
    assert!(
        run.stderr
            .contains("0 errors, 0 warnings, 1 allowed in 2 revisions (replayed for sqlite)"),
        "{run}"
    );
}
