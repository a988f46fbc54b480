//! Bad input at the workspace level: the real `cargo-migrate` binary, run as cargo runs it
//! (`cargo-migrate migrate <args>`, `CARGO` set), in brand-new workspaces in temporary folders.
//! Every case checks the exit code (a named constant of `migrate_graph::contract::exit`), that
//! the message is one `error:` line naming what is wrong, where, and the fix, and that nothing
//! was written (every file of the workspace is the same before and after).
//!
//! Two cases build a migrations crate (into the shared `<repo>/target/e2e`, as `e2e.rs` does):
//! one that does not compile, and one that does, for the database URL and its password.
//! The catalogue in README.md ("Bad input catalogue") lists every case with its test.

mod common;

use std::process::Command;

use common::{Run, Workspace};
use migrate_graph::contract::exit;

/// The password of every URL here; it must never be printed.
const PASSWORD: &str = "s3cr3t-PW-4242";

/// A workspace with a migrations crate `migrations` holding revisions aaaa0001 and bbbb0002.
fn with_migrations() -> Workspace {
    let ws = Workspace::new();
    ws.ok(&["init"]);
    ws.ok(&["revision", "-m", "one", "--rev-id", "aaaa0001"]);
    ws.ok(&["revision", "-m", "two", "--rev-id", "bbbb0002"]);
    ws
}

/// Runs a bad input: refused with `code` and `needles`, and no file changed.
fn refused(ws: &Workspace, args: &[&str], code: u8, needles: &[&str]) -> Run {
    let before = ws.files();
    let run = ws.run(args);
    assert_refused(&run, code, needles);
    let after = ws.files();
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "no file added or removed: {run}"
    );
    assert!(before == after, "no file changed: {run}");
    run
}

/// The passwords of this file's URLs, as written and percent-encoded.
const SECRETS: &[&str] = &[PASSWORD, "s3cr3t"];

fn printed(run: &Run) -> migrate_tests::Printed<'_> {
    migrate_tests::Printed {
        code: Some(run.code),
        stdout: &run.stdout,
        stderr: &run.stderr,
    }
}

fn assert_no_secret(run: &Run) {
    migrate_tests::assert_no_secret(printed(run), SECRETS, run);
}

/// A refusal: `code`, one `error:` line holding every needle, nothing else, no secret.
fn assert_refused(run: &Run, code: u8, needles: &[&str]) {
    migrate_tests::assert_refused(printed(run), code, needles, SECRETS, run);
}

#[test]
fn no_migrations_crate_in_the_workspace() {
    let ws = Workspace::new();
    for args in [
        &["upgrade", "head"][..],
        &["revision", "-m", "x"],
        &["heads"],
    ] {
        refused(
            &ws,
            args,
            exit::BUILD,
            &[
                "no migrations crate in this workspace (no member has [package.metadata.migrate])",
                "create one with `cargo migrate init`",
            ],
        );
    }
}

#[test]
fn two_migrations_crates_without_p() {
    let ws = Workspace::new();
    ws.ok(&["init", "--name", "db1"]);
    ws.ok(&["init", "--name", "db2"]);
    for args in [&["upgrade", "head"][..], &["revision", "-m", "x"]] {
        refused(
            &ws,
            args,
            exit::BUILD,
            &[
                "this workspace has several migrations crates (db1, db2)",
                "choose one with `-p <name>`",
            ],
        );
    }
    refused(
        &ws,
        &["-p", "nope", "revision", "-m", "x"],
        exit::USAGE,
        &[
            "package `nope` is not a migrations crate of this workspace (those are: db1, db2)",
            "check `-p`",
        ],
    );
    ws.ok(&["-p", "db2", "revision", "-m", "x"]);
}

#[test]
fn broken_root_manifest() {
    let ws = Workspace::with_manifest("[workspace\nmembers = []\n");
    for args in [&["upgrade", "head"][..], &["heads"], &["init"]] {
        refused(
            &ws,
            args,
            exit::BUILD,
            &[
                "cannot read the workspace with `cargo metadata`",
                "Cargo.toml:1:11: unclosed table, expected `]`",
                "fix the manifest and run again",
            ],
        );
    }
}

#[test]
fn broken_migrations_manifest() {
    let ws = with_migrations();
    let manifest = ws.root().join("migrations/Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, text.replace("[package]", "[package")).unwrap();
    refused(
        &ws,
        &["upgrade", "head"],
        exit::BUILD,
        &[
            "migrations/Cargo.toml:1:9: unclosed table, expected `]`",
            "fix the manifest and run again",
        ],
    );
}

#[test]
fn manifest_path_to_a_missing_file() {
    let ws = Workspace::new();
    refused(
        &ws,
        &["--manifest-path", "nope/Cargo.toml", "heads"],
        exit::BUILD,
        &[
            "manifest path `nope/Cargo.toml` does not exist",
            "check the path given with --manifest-path",
        ],
    );
}

#[test]
fn outside_any_workspace() {
    // The root folder has no Cargo.toml above it.
    let run = Run::new(
        &["heads"],
        Command::new(env!("CARGO_BIN_EXE_cargo-migrate"))
            .args(["migrate", "heads"])
            .current_dir("/")
            .env("NO_COLOR", "1")
            .output()
            .unwrap(),
    );
    assert_refused(
        &run,
        exit::BUILD,
        &[
            "could not find `Cargo.toml`",
            "run `cargo migrate` inside a cargo workspace (or pass --manifest-path)",
        ],
    );
}

#[test]
fn init_where_the_directory_exists() {
    let ws = with_migrations();
    refused(
        &ws,
        &["init"],
        exit::USAGE,
        &[
            "migrations already exists",
            "choose another name with `cargo migrate init --name <name>`",
        ],
    );
    refused(
        &ws,
        &["init", "--name", "9-bad"],
        exit::USAGE,
        &["invalid crate name \"9-bad\"", "starting with a letter"],
    );
}

#[test]
fn revision_with_a_malformed_rev_id() {
    let ws = with_migrations();
    refused(
        &ws,
        &["revision", "-m", "x", "--rev-id", "Not-An-Id!"],
        exit::USAGE,
        &[
            "malformed revision id \"Not-An-Id!\" given with --rev-id",
            "a revision id is 1 to 32 ASCII letters, digits or `_`",
        ],
    );
    // The words of the target syntax are no ids: `downgrade base` must keep its meaning.
    for word in ["head", "heads", "base", "current"] {
        refused(
            &ws,
            &["revision", "-m", "x", "--rev-id", word],
            exit::USAGE,
            &[
                &format!(
                    "malformed revision id \"{word}\" given with --rev-id: `{word}` is a word of the target syntax"
                ),
                "choose another id",
            ],
        );
    }
}

#[test]
fn a_revision_file_with_a_reserved_id_is_left_out_with_a_warning() {
    let ws = with_migrations();
    std::fs::write(
        ws.root().join("migrations/src/versions/cccc0003_x.rs"),
        ws.read("migrations/src/versions/bbbb0002_two.rs")
            .replace("revision = \"bbbb0002\"", "revision = \"head\"")
            .replace(
                "down_revision = \"aaaa0001\"",
                "down_revision = \"bbbb0002\"",
            ),
    )
    .unwrap();
    let heads = ws.ok(&["heads"]);
    assert_eq!(heads.stdout_lines(), ["bbbb0002 (head)"], "{heads}");
    assert!(
        heads.stderr.starts_with(
            "warning: src/versions/cccc0003_x.rs:9: malformed revision id \"head\": `head` is a word of the target syntax"
        ) && heads.stderr.ends_with("(the file is left out)\n"),
        "{heads}"
    );
}

#[test]
fn revision_with_a_rev_id_already_used() {
    let ws = with_migrations();
    refused(
        &ws,
        &["revision", "-m", "x", "--rev-id", "aaaa0001"],
        exit::USAGE,
        &[
            "revision id \"aaaa0001\" is already used by `One` (src/versions/aaaa0001_one.rs:9)",
            "choose another --rev-id",
        ],
    );
}

#[test]
fn revision_with_an_unknown_head() {
    let ws = with_migrations();
    refused(
        &ws,
        &["revision", "-m", "x", "--head", "zzzz"],
        exit::USAGE,
        &[
            "--head: can't locate revision identified by \"zzzz\"",
            "`cargo migrate history`",
        ],
    );
    refused(
        &ws,
        &["revision", "-m", "x", "--depends-on", "zzzz"],
        exit::USAGE,
        &["--depends-on: can't locate revision identified by \"zzzz\""],
    );
    refused(
        &ws,
        &["revision", "-m", "x", "--head", "aaaa0001"],
        exit::USAGE,
        &["revision aaaa0001 is not a head", "pass `--splice`"],
    );
}

#[test]
fn merge_with_one_head() {
    let ws = with_migrations();
    refused(
        &ws,
        &["merge", "-m", "x"],
        exit::USAGE,
        &["nothing to merge: bbbb0002 is the only revision given (or the only head)"],
    );
}

#[test]
fn show_an_unknown_revision() {
    let ws = with_migrations();
    refused(
        &ws,
        &["show", "zzzz"],
        exit::USAGE,
        &["can't locate revision identified by \"zzzz\""],
    );
    refused(
        &ws,
        &["history", "-r", "aaaa"],
        exit::USAGE,
        &["invalid history range \"aaaa\"", "expected [start]:[end]"],
    );
}

#[test]
fn edit_without_an_editor() {
    let ws = with_migrations();
    refused(
        &ws,
        &["edit", "aaaa"],
        exit::USAGE,
        &[
            "no editor to open",
            "aaaa0001_one.rs",
            "set $EDITOR (or $VISUAL)",
        ],
    );
}

#[test]
fn bad_flag_values() {
    let ws = with_migrations();
    refused(
        &ws,
        &["--color", "sometimes", "heads"],
        exit::USAGE,
        &["invalid value 'sometimes' for '--color <WHEN>'"],
    );
    refused(
        &ws,
        &["graph", "--format", "svg"],
        exit::USAGE,
        &["invalid value 'svg' for '--format <FORMAT>'"],
    );
}

/// A migrations crate with a type error: cargo shows the compile error, then one line says
/// which crate failed to build and what to do; no database is created.
#[test]
fn migrations_crate_that_does_not_compile() {
    let ws = with_migrations();
    let file = ws.root().join("migrations/src/versions/bbbb0002_two.rs");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        format!("{text}\nconst BROKEN: u32 = \"not a number\";\n"),
    )
    .unwrap();
    let db = ws.root().join("app.db");
    let url = format!("sqlite:{}?mode=rwc", db.display());
    let run = ws.run(&["--database-url", &url, "upgrade", "head"]);
    assert_eq!(run.code, i32::from(exit::BUILD), "{run}");
    assert_eq!(run.stdout, "", "{run}");
    assert!(
        run.stderr.contains("mismatched types"),
        "cargo's own error: {run}"
    );
    let last = run.stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("error: could not build the migrations crate `migrations`")
            && last.ends_with("fix the errors above and run again"),
        "{run}"
    );
    assert!(!db.exists(), "no database was created: {run}");
}

/// The migrations binary behind `cargo migrate`: bad input it refuses keeps its exit code, and
/// no password of `--database-url` or `DATABASE_URL` appears in anything printed.
#[test]
fn runtime_bad_input_and_no_password_in_any_output() {
    let ws = with_migrations();
    let unreachable = format!("postgres://postgres:{PASSWORD}@127.0.0.1:1/app");
    let denied = format!("mysql://root:{PASSWORD}@127.0.0.1:3306/app");
    // `init --database-url` with a password writes nothing and prints no password.
    let other = Workspace::new();
    refused(
        &other,
        &["init", "--database-url", &unreachable],
        exit::USAGE,
        &[
            "--database-url holds a password",
            "migrations/Cargo.toml",
            "'postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@127.0.0.1:1/app'",
        ],
    );

    let run = ws.run(&["--database-url", &unreachable, "upgrade", "head"]);
    assert_eq!(run.code, i32::from(exit::DATABASE), "{run}");
    assert!(
        run.stderr
            .contains("error: cannot connect to postgres://postgres:***@127.0.0.1:1/app"),
        "{run}"
    );
    assert!(
        run.stderr
            .contains("check that the database server is running"),
        "{run}"
    );
    assert_no_secret(&run);
    for args in [
        &["current"][..],
        &["check"],
        &["log"],
        &["history", "-i"],
        &["stamp", "head"],
        &["downgrade", "base"],
        &["upgrade", "head", "--sql"],
    ] {
        let mut all = vec!["--database-url", denied.as_str()];
        all.extend_from_slice(args);
        let run = ws.run(&all);
        assert_no_secret(&run);
        if !args.contains(&"--sql") {
            assert_eq!(run.code, i32::from(exit::DATABASE), "{run}");
            assert!(
                run.stderr.contains("check the user name and password"),
                "{run}"
            );
        }
        // The same through DATABASE_URL.
        let run = Run::new(
            args,
            ws.command(args)
                .env("DATABASE_URL", &denied)
                .output()
                .unwrap(),
        );
        assert_no_secret(&run);
    }
    // The binary's refusals keep their exit codes, and nothing is created.
    let db = ws.root().join("app.db");
    let url = format!("sqlite:{}?mode=rwc", db.display());
    for (args, code, needle) in [
        (
            &["upgrade", "zzzz"][..],
            exit::USAGE,
            "can't locate revision identified by \"zzzz\"",
        ),
        (
            &["upgrade", "aaaa0001:bbbb0002"],
            exit::USAGE,
            "only allowed with --sql",
        ),
        (&["stamp", "zzzz"], exit::USAGE, "can't locate revision"),
        (
            &["frobnicate"],
            exit::USAGE,
            "unrecognized subcommand 'frobnicate'",
        ),
    ] {
        let mut all = vec!["--database-url", url.as_str()];
        all.extend_from_slice(args);
        let run = ws.run(&all);
        assert_eq!(run.code, i32::from(code), "{run}");
        assert!(run.stderr.contains(needle), "{run}");
    }
    // A URL in the wrong place: clap echoes it, without the password.
    for args in [
        &["upgrade", "head", unreachable.as_str()][..],
        &["upgrade", unreachable.as_str()],
    ] {
        let run = ws.run(args);
        assert_eq!(run.code, i32::from(exit::USAGE), "{run}");
        assert_no_secret(&run);
    }
    assert!(!db.exists(), "no database was created");
}

/// A reader that closes stdout early (`cargo migrate history | head -1`) ends every printing
/// command normally: exit 0, no panic, nothing on stderr. The pipe's read end is closed before
/// the command writes, so every write meets a closed pipe.
#[test]
fn a_closed_stdout_is_a_normal_end() {
    let ws = with_migrations();
    for args in [
        &["history"][..],
        &["history", "-v"],
        &["history", "--format", "json"],
        &["heads"],
        &["heads", "--format", "json"],
        &["branches"],
        &["show", "head"],
        &["graph"],
        &["graph", "--format", "dot"],
        &["graph", "--format", "mermaid"],
        &["--help"],
        &["history", "--help"],
    ] {
        let mut child = ws
            .command(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let run = Run::new(args, output);
        assert_eq!(run.code, 0, "{run}");
        assert_eq!(run.stderr, "", "{run}");
    }
}

/// Makes a folder read-only for the test's user, root included (`chattr +i`, which even root
/// cannot write through), and undoes it when dropped.
struct ReadOnly(std::path::PathBuf);

impl ReadOnly {
    fn new(dir: &std::path::Path) -> ReadOnly {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        let guard = ReadOnly(dir.to_path_buf());
        if std::fs::write(dir.join(".probe"), "").is_ok() {
            // root: permission bits do not stop it; the immutable attribute does.
            std::fs::remove_file(dir.join(".probe")).unwrap();
            let status = Command::new("chattr").arg("+i").arg(dir).status();
            assert!(
                status.is_ok_and(|s| s.success()),
                "cannot make {} read-only (chattr +i failed)",
                dir.display()
            );
            assert!(
                std::fs::write(dir.join(".probe"), "").is_err(),
                "{} is still writable",
                dir.display()
            );
        }
        guard
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
        let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
    }
}

/// A read-only versions folder: `revision` and `merge` refuse with GRAPH (the sources cannot be
/// written), naming the file and the fix. A failing `$EDITOR` is USAGE.
#[test]
fn read_only_versions_folder_and_a_failing_editor() {
    let ws = with_migrations();
    let versions = ws.root().join("migrations/src/versions");
    // A second head, for `merge`.
    std::fs::write(
        versions.join("cccc0003_three.rs"),
        ws.read("migrations/src/versions/bbbb0002_two.rs")
            .replace("bbbb0002", "cccc0003")
            .replace("\"two\"", "\"three\""),
    )
    .unwrap();
    {
        let _read_only = ReadOnly::new(&versions);
        for args in [
            &[
                "revision", "-m", "x", "--rev-id", "dddd0004", "--head", "bbbb0002",
            ][..],
            &["merge", "heads", "--rev-id", "dddd0004"],
        ] {
            refused(
                &ws,
                args,
                exit::GRAPH,
                &[
                    "cannot write ",
                    "migrations/src/versions/dddd0004_",
                    "make the folder writable and run again",
                ],
            );
        }
    }
    std::fs::remove_file(versions.join("cccc0003_three.rs")).unwrap();
    let run = Run::new(
        &["edit", "aaaa"],
        ws.command(&["edit", "aaaa"])
            .env("EDITOR", "false")
            .output()
            .unwrap(),
    );
    assert_refused(
        &run,
        exit::USAGE,
        &[
            "the editor `false` failed (exit status: 1)",
            "check $EDITOR (or $VISUAL)",
        ],
    );
}
