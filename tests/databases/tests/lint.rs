//! `lint` as a user runs it: the migrations binary of `tests/lint_versions` (one revision per
//! rule that must be reported, each with the safe form that must not), offline for each
//! dialect and against real databases (the default range: the revisions not yet applied).
//!
//! What must be reported is written in the fixtures themselves: a line ends with
//! `// expect: code …` (`pg:`, `my:`, `lite:` limit a code to one database, `=allowed` marks a
//! finding the migration allows). Every finding must be expected and every expectation found,
//! at that file and line; and every rule of the catalog has a fixture on each database it
//! applies to.

#[macro_use]
mod common;

use std::collections::BTreeSet;
use std::process::Command;

use common::{Backend, Database, Run, rt};
use migrate_graph::rules::RULES;

/// (code, file, line, allowed).
type Expected = BTreeSet<(String, String, u32, bool)>;

/// Runs the fixtures' binary from this package's folder.
fn lint_migrations(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_lint-migrations"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("DATABASE_URL")
        .env("CARGO_MIGRATE_COLOR", "never")
        .output()
        .expect("the lint-migrations binary runs");
    Run::new(args, output)
}

fn dialect_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Postgres => "postgres",
        Backend::Mysql => "mysql",
        Backend::Sqlite => "sqlite",
    }
}

/// What the fixture files say must be reported on `dialect`, from their `// expect:` marks;
/// `from` leaves out the files before it (by name).
fn expected(dialect: &str, from: &str) -> Expected {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lint_versions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.as_str() >= from)
        .collect();
    files.sort();
    let prefix = match dialect {
        "postgres" => "pg:",
        "mysql" => "my:",
        _ => "lite:",
    };
    let mut out = Expected::new();
    for name in files {
        let text = std::fs::read_to_string(dir.join(&name)).unwrap();
        for (i, line) in text.lines().enumerate() {
            let Some((_, marks)) = line.split_once("// expect: ") else {
                continue;
            };
            for mark in marks.split_whitespace() {
                let mark = match mark.split_once(':') {
                    Some((_, code)) if mark.starts_with(prefix) => code,
                    Some(_) => continue,
                    None => mark,
                };
                let (code, allowed) = match mark.strip_suffix("=allowed") {
                    Some(code) => (code, true),
                    None => (mark, false),
                };
                let file = format!("tests/lint_versions/{name}");
                out.insert((code.to_string(), file, i as u32 + 1, allowed));
            }
        }
    }
    out
}

/// The findings of a `--format json` run, as (code, file, line, allowed).
fn found(run: &Run) -> (Expected, serde_json::Value) {
    let doc: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{run}"));
    let findings = doc["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("{run}"))
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap() as u32,
                !f["allowed"].is_null(),
            )
        })
        .collect();
    (findings, doc)
}

/// Every rule of the catalog for `dialect` is expected somewhere, so that no rule goes
/// untested.
fn assert_every_rule_has_a_fixture(dialect: &str, expected: &Expected) {
    for rule in RULES.iter().filter(|r| r.dialects.contains(&dialect)) {
        assert!(
            expected.iter().any(|(code, ..)| code == rule.code),
            "no fixture reports {} on {dialect}",
            rule.code
        );
    }
}

fn offline(backend: Backend) {
    let dialect = dialect_name(backend);
    let run = lint_migrations(&["lint", "--dialect", dialect, "--format", "json"]);
    assert_eq!(run.code, Some(8), "errors found: exit 8\n{run}");
    let (found, doc) = found(&run);
    let expected = expected(dialect, "");
    assert_every_rule_has_a_fixture(dialect, &expected);
    let missing: Vec<_> = expected.difference(&found).collect();
    let unexpected: Vec<_> = found.difference(&expected).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "on {dialect}\nmissing: {missing:#?}\nunexpected: {unexpected:#?}"
    );
    // Offline, every revision is linted; the counts leave the allowed finding out.
    assert_eq!(doc["revisions"].as_array().unwrap().len(), 25);
    assert_eq!(doc["dialect"], dialect);
    assert_eq!(doc["allowed"], 1);
    let errors = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error" && f["allowed"].is_null())
        .count();
    assert_eq!(doc["errors"], errors);
    assert!(run.stderr.contains("lint failed: "), "{run}");
}

/// Against a real database: the default range is what `upgrade` has not applied yet.
fn unapplied(backend: Backend) {
    rt().block_on(async {
        let db = Database::new(backend, "lint").await;
        let run = lint_migrations(&["upgrade", "f10000000003", "--database-url", &db.url]);
        assert_eq!(run.code, Some(0), "{run}");
        let run = lint_migrations(&["lint", "--database-url", &db.url, "--format", "json"]);
        assert_eq!(run.code, Some(8), "{run}");
        let (found, doc) = found(&run);
        let revisions: Vec<&str> = doc["revisions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        assert_eq!(revisions.len(), 22, "{run}");
        assert_eq!(revisions[0], "f10000000004");
        let expected = expected(dialect_name(backend), "l04");
        assert_eq!(found, expected, "{run}");
        // `--all` lints the applied ones too, without reading the version table.
        let run = lint_migrations(&[
            "lint",
            "--all",
            "--database-url",
            &db.url,
            "--format",
            "json",
        ]);
        let (all, _) = self::found(&run);
        assert!(all.len() > found.len(), "{run}");
        // At head, nothing is left to lint: exit 0.
        let run = lint_migrations(&["stamp", "head", "--database-url", &db.url]);
        assert_eq!(run.code, Some(0), "{run}");
        let run = lint_migrations(&["lint", "--database-url", &db.url]);
        assert_eq!(run.code, Some(0), "{run}");
        assert_eq!(run.stdout, "", "{run}");
        assert!(
            run.stderr
                .contains("0 errors, 0 warnings, 0 allowed in 0 revisions"),
            "{run}"
        );
        db.drop().await;
    });
}

per_backend!(offline, unapplied);

#[test]
fn exit_codes() {
    // Warnings only: 0.
    let run = lint_migrations(&["lint", "f10000000018:f10000000019", "--dialect", "postgres"]);
    assert_eq!(run.code, Some(0), "{run}");
    assert_eq!(run.stdout.matches(": warning[").count(), 2, "{run}");
    // An error the migration allows: 0, and the finding is shown with its reason.
    let run = lint_migrations(&["lint", "f10000000024:f10000000024", "--dialect", "sqlite"]);
    assert_eq!(run.code, Some(0), "{run}");
    assert_eq!(
        run.stdout,
        "tests/lint_versions/l24_allowed.rs:11: allowed[drop_column] drops column person.extra: dropping a column deletes its value in every row\n  = allowed: column unused since 2026-10\n"
    );
    // An error: 8.
    let run = lint_migrations(&["lint", "f10000000015:f10000000015", "--dialect", "mysql"]);
    assert_eq!(run.code, Some(8), "{run}");
    // The default range needs the database; unreachable, exit 4 and the offline way.
    let run = lint_migrations(&[
        "lint",
        "--database-url",
        "postgres://postgres@127.0.0.1:1/none",
    ]);
    assert_eq!(run.code, Some(4), "{run}");
    assert!(
        run.stderr
            .contains("without a database, lint every revision offline with --dialect"),
        "{run}"
    );
    // A range and --all together: a usage error.
    let run = lint_migrations(&["lint", "f10000000015:", "--all", "--dialect", "mysql"]);
    assert_eq!(run.code, Some(2), "{run}");
}

#[test]
fn text_format() {
    let run = lint_migrations(&["lint", "f10000000015:f10000000016", "--dialect", "postgres"]);
    assert_eq!(run.code, Some(8), "{run}");
    assert_eq!(
        run.stdout,
        "\
tests/lint_versions/l15_rename_table.rs:11: error[rename_table] renames table legacy to legacy_old: renaming a table breaks the application version still running during the deploy
  = safer: create the new table (or a view under the new name), write to both, move the readers, then drop the old one
tests/lint_versions/l15_rename_table.rs:13: error[add_not_null_column] adds column legacy_old.req NOT NULL without a default: a NOT NULL column without a default cannot be added to a table that has rows (MySQL fills it with zero values instead)
  = safer: add the column with a DEFAULT, or nullable, backfill it, then set NOT NULL in a later revision
tests/lint_versions/l16_rename_column.rs:11: error[rename_column] renames column team.title to label: renaming a column breaks the application version still running during the deploy
  = safer: add the new column, write to both and backfill, move the readers, then drop the old column in a later revision
"
    );
    assert!(
        run.stderr
            .contains("lint failed: 3 errors, 0 warnings, 0 allowed in 2 revisions (replayed for postgres), in "),
        "{run}"
    );
}

#[test]
fn json_format() {
    let run = lint_migrations(&[
        "lint",
        "f10000000020:f10000000024",
        "--dialect",
        "mysql",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, Some(8), "{run}");
    assert_eq!(
        run.stdout,
        r#"{
  "schema": 1,
  "dialect": "mysql",
  "revisions": ["f10000000020", "f10000000021", "f10000000022", "f10000000023", "f10000000024"],
  "findings": [
    {"code": "no_downgrade", "severity": "warning", "revision": "f10000000020", "file": "tests/lint_versions/l20_no_downgrade.rs", "line": 5, "message": "revision f10000000020 has no downgrade", "explanation": "the migration has no downgrade: it cannot be reverted, nor tested by the stairway test", "safer": "implement Migration::downgrade (cargo migrate test checks it restores the schema)", "allowed": null},
    {"code": "mixed_schema_and_data", "severity": "warning", "revision": "f10000000021", "file": "tests/lint_versions/l21_mixed.rs", "line": 5, "message": "revision f10000000021 changes data (line 12) and the schema (line 11)", "explanation": "the migration changes both the schema and the data (INSERT, UPDATE or DELETE next to DDL)", "safer": "put the data change in a revision of its own, so that each can be run, timed and reverted alone", "allowed": null},
    {"code": "unreadable_sql", "severity": "error", "revision": "f10000000023", "file": "tests/lint_versions/l23_unreadable.rs", "line": 10, "message": "the replay cannot interpret `CREATE VIEW v AS SELECT 1`: the replay does not interpret this kind of statement (CREATE VIEW)", "explanation": "the replay cannot read this raw SQL, so no rule checks it and the schema after it is unknown", "safer": "use an op.… method, or SQL the replay reads; or allow(unreadable_sql = \"why\") after checking it by hand", "allowed": null},
    {"code": "unreadable_sql", "severity": "error", "revision": "f10000000023", "file": "tests/lint_versions/l23_unreadable.rs", "line": 11, "message": "the replay cannot read `THIS IS NOT SQL`: sqlparser cannot parse it (sql parser error: Expected: an SQL statement, found: THIS at Line: 1, Column: 1)", "explanation": "the replay cannot read this raw SQL, so no rule checks it and the schema after it is unknown", "safer": "use an op.… method, or SQL the replay reads; or allow(unreadable_sql = \"why\") after checking it by hand", "allowed": null},
    {"code": "drop_column", "severity": "error", "revision": "f10000000024", "file": "tests/lint_versions/l24_allowed.rs", "line": 11, "message": "drops column person.extra", "explanation": "dropping a column deletes its value in every row", "safer": "stop reading and writing the column in a release first, then drop it in a later revision with allow(drop_column = \"why\")", "allowed": "column unused since 2026-10"}
  ],
  "errors": 2,
  "warnings": 2,
  "allowed": 1
}
"#
    );
    // No finding: an empty list, still one document.
    let run = lint_migrations(&[
        "lint",
        "f10000000022:f10000000022",
        "--dialect",
        "mysql",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, Some(0), "{run}");
    assert_eq!(
        run.stdout,
        "{\n  \"schema\": 1,\n  \"dialect\": \"mysql\",\n  \"revisions\": [\"f10000000022\"],\n  \"findings\": [],\n  \"errors\": 0,\n  \"warnings\": 0,\n  \"allowed\": 0\n}\n"
    );
}

#[test]
fn github_format() {
    let run = lint_migrations(&[
        "lint",
        "f10000000018:f10000000024",
        "--dialect",
        "postgres",
        "--format",
        "github",
    ]);
    assert_eq!(run.code, Some(8), "{run}");
    assert_eq!(
        run.stdout,
        "\
::warning file=tests/lint_versions/l18_no_timeout.rs,line=10,title=lock_timeout_missing::changes table person with no lock_timeout or statement_timeout set before: DDL on an existing table waits for its lock without a limit, and every query behind it waits too. Safer: op.execute(\"SET lock_timeout = '5s'\") (or statement_timeout) before the first DDL of the migration, and retry on timeout
::warning file=tests/lint_versions/l19_blocking_index.rs,line=11,title=create_index_blocking::creates index ix_person_age on person without CONCURRENTLY: CREATE INDEX without CONCURRENTLY blocks every write to the table while it builds. Safer: op.create_index_concurrently(…) in a migration with transactional = false
::warning file=tests/lint_versions/l20_no_downgrade.rs,line=5,title=no_downgrade::revision f10000000020 has no downgrade: the migration has no downgrade: it cannot be reverted, nor tested by the stairway test. Safer: implement Migration::downgrade (cargo migrate test checks it restores the schema)
::warning file=tests/lint_versions/l21_mixed.rs,line=5,title=mixed_schema_and_data::revision f10000000021 changes data (line 12) and the schema (line 11): the migration changes both the schema and the data (INSERT, UPDATE or DELETE next to DDL). Safer: put the data change in a revision of its own, so that each can be run, timed and reverted alone
::error file=tests/lint_versions/l23_unreadable.rs,line=10,title=unreadable_sql::the replay cannot interpret `CREATE VIEW v AS SELECT 1`: the replay does not interpret this kind of statement (CREATE VIEW): the replay cannot read this raw SQL, so no rule checks it and the schema after it is unknown. Safer: use an op.… method, or SQL the replay reads; or allow(unreadable_sql = \"why\") after checking it by hand
::error file=tests/lint_versions/l23_unreadable.rs,line=11,title=unreadable_sql::the replay cannot read `THIS IS NOT SQL`: sqlparser cannot parse it (sql parser error: Expected: an SQL statement, found: THIS at Line: 1, Column: 1): the replay cannot read this raw SQL, so no rule checks it and the schema after it is unknown. Safer: use an op.… method, or SQL the replay reads; or allow(unreadable_sql = \"why\") after checking it by hand
::notice file=tests/lint_versions/l24_allowed.rs,line=11,title=drop_column (allowed)::drops column person.extra (allowed: column unused since 2026-10)
"
    );
}
