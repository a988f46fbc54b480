//! What the migrations binary says while and after it runs, end to end (issue 8): the `Using`
//! line, `check` that never claims more than it verified, `stamp`'s arrows, offline downgrades,
//! `--format json` of the commands that write, flags anywhere, `branches` and
//! `heads --resolve-dependencies`, the step lines and the progress bar at a terminal (a real
//! pty, through `script`), URL syntax, `[::1]` hosts, a file that is not a database and a full
//! disk. Each test makes its own database and removes it.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Command;

mod common;

use common::{Backend, Run, rt};
use migrate_graph::contract::exit;

const BIN: &str = env!("CARGO_BIN_EXE_test-migrations");
const A01: &str = "a01000000001";
const A02: &str = "a02000000002";
const A03: &str = "a03000000003";
const A05: &str = "a05000000005";

/// The single `error:` line of a run.
fn error(run: &Run) -> &str {
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), 1, "one error line: {run}");
    errors[0]
}

/// The binary in an empty folder, with `DATABASE_URL=url` and nothing else of ours.
fn command(url: &str, args: &[&str], cwd: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("DATABASE_URL", url);
    for var in [
        "CARGO_MIGRATE_CONTRACT",
        "CARGO_MIGRATE_COLOR",
        "CARGO_MIGRATE_URL_FROM",
        "CARGO_MIGRATE_METADATA_URL_OK",
        "MIGRATE_TEST_FAIL",
        "MIGRATE_TEST_FAIL_AT",
        "MIGRATE_TEST_SLOW_MS",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

fn run(url: &str, args: &[&str]) -> Run {
    let cwd = tempfile::tempdir().unwrap();
    Run::new(args, command(url, args, cwd.path()).output().unwrap())
}

fn ok(url: &str, args: &[&str]) -> Run {
    let run = run(url, args);
    assert_eq!(run.code, Some(0), "{run}");
    run
}

fn refused(url: &str, args: &[&str], code: u8) -> Run {
    let run = run(url, args);
    assert_eq!(run.code, Some(i32::from(code)), "{run}");
    assert_eq!(run.stdout, "", "{run}");
    run
}

/// A refusal whose document is on stdout (`--format json`).
fn refused_json(url: &str, args: &[&str]) -> Run {
    let run = run(url, args);
    assert_eq!(run.code, Some(i32::from(exit::CHECK)), "{run}");
    run
}

/// A SQLite file in a folder of its own.
struct Sqlite {
    dir: tempfile::TempDir,
}

impl Sqlite {
    fn new() -> Sqlite {
        Sqlite {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self) -> std::path::PathBuf {
        self.dir.path().join("db.sqlite")
    }

    fn url(&self) -> String {
        format!("sqlite:{}?mode=rwc", self.path().display())
    }

    fn execute(&self, sql: &str) {
        let url = self.url();
        rt().block_on(async {
            use sqlx::Connection;
            sqlx::any::install_default_drivers();
            let mut conn = sqlx::AnyConnection::connect(&url).await.unwrap();
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
                .execute(&mut conn)
                .await
                .unwrap();
            conn.close().await.unwrap();
        });
    }
}

/// The revision ids of the code, oldest first (from the binary's own `history`).
fn revisions(url: &str) -> Vec<String> {
    let history = ok(url, &["history"]);
    let mut ids: Vec<String> = history
        .stdout
        .lines()
        .filter_map(|l| l.split(" -> ").nth(1))
        .map(|rest| rest.split([' ', ',']).next().unwrap().to_string())
        .collect();
    ids.reverse();
    ids
}

// --- item 1: the Using line ------------------------------------------------------------------

#[test]
fn every_command_that_touches_the_database_says_which() {
    let db = Sqlite::new();
    let using = format!("       Using {} (from DATABASE_URL)\n", db.url());
    for args in [
        &["upgrade", A01][..],
        &["current"],
        &["history", "-i"],
        &["check"],
        &["log"],
        &["stamp", A01],
        &["ensure-version"],
        &["downgrade", "base", "--dry-run"],
    ] {
        let run = run(&db.url(), args);
        assert!(run.stderr.starts_with(&using), "{run}");
    }
    // Offline and source-only commands touch no database, and say nothing of one.
    for args in [&["upgrade", A01, "--sql"][..], &["heads"], &["history"]] {
        let run = ok(&db.url(), args);
        assert!(!run.stderr.contains("Using"), "{run}");
    }
    let quiet = ok(&db.url(), &["-q", "current"]);
    assert_eq!(quiet.stderr, "", "{quiet}");
}

// --- item 13: check --------------------------------------------------------------------------

/// A database built from the `--sql` script has no checksum: `check` says it cannot verify
/// them instead of "none edited"; JSON agrees with `ok`.
#[test]
fn check_says_what_it_could_not_verify() {
    let db = Sqlite::new();
    let script = ok(&db.url(), &["upgrade", A02, "--sql"]).stdout;
    db.execute(&script);
    let check = refused_json(&db.url(), &["check", "--format", "json"]);
    let problems = refused(&db.url(), &["check"], exit::CHECK);
    assert!(
        error(&problems).contains("migrations are pending"),
        "{problems}"
    );
    assert!(
        check.stdout.starts_with("{\"schema\":1,\"ok\":false,"),
        "{check}"
    );
    assert!(
        check
            .stdout
            .contains("\"summary\":\"not ok: 1 problem found\""),
        "{check}"
    );
    assert!(
        check
            .stdout
            .contains("\"unverified\":[\"a01000000001\",\"a02000000002\"]"),
        "{check}"
    );
    assert!(!check.stdout.contains("none edited"), "{check}");
    ok(&db.url(), &["-q", "upgrade", "head"]);
    let at_head = ok(&db.url(), &["check"]);
    assert!(
        at_head.stderr.contains(
            "ok: the database is at a09000000009 with 9 revisions applied, nothing pending; not verifiable: no checksum recorded for 2 revisions (a01000000001, a02000000002), so edits to them cannot be detected"
        ),
        "{at_head}"
    );
    assert!(!at_head.stderr.contains("none edited"), "{at_head}");
    let json = ok(&db.url(), &["check", "--format", "json"]);
    assert!(
        json.stdout.starts_with("{\"schema\":1,\"ok\":true,")
            && json.stdout.contains("\"summary\":\"ok: ")
            && json.stdout.contains("not verifiable"),
        "{json}"
    );
    // Fully recorded: none edited.
    let fresh = Sqlite::new();
    ok(&fresh.url(), &["-q", "upgrade", "head"]);
    let clean = ok(&fresh.url(), &["check"]);
    assert!(
        clean.stderr.contains("none edited, nothing pending"),
        "{clean}"
    );
}

/// An unknown row: `check` hints `stamp --purge <revision>`, and following the hint works.
#[test]
fn check_hints_a_stamp_that_works() {
    let db = Sqlite::new();
    ok(&db.url(), &["-q", "upgrade", A03]);
    db.execute("UPDATE alembic_version SET version_num = 'ffff00000000'");
    let check = refused(&db.url(), &["check"], exit::CHECK);
    let hint = error(&check);
    assert!(
        hint.contains("can't locate revision identified by \"ffff00000000\"")
            && hint.contains("`cargo migrate stamp --purge <revision>`"),
        "{check}"
    );
    let plain = refused(&db.url(), &["stamp", A03], exit::VERSION_TABLE);
    assert!(error(&plain).contains("stamp --purge"), "{plain}");
    let stamped = ok(&db.url(), &["stamp", "--purge", A03]);
    assert!(
        stamped.stderr.contains(&format!(
            "Stamping ffff00000000 -> {A03}, price is required"
        )),
        "{stamped}"
    );
    let current = ok(&db.url(), &["current"]);
    assert_eq!(current.stdout, format!("{A03}\n"), "{current}");
    let check = refused(&db.url(), &["check"], exit::CHECK);
    assert!(
        error(&check).contains("pending"),
        "only pending now: {check}"
    );
}

// --- item 14: stamp's arrows -----------------------------------------------------------------

#[test]
fn stamp_says_where_the_database_was_and_where_it_goes() {
    let db = Sqlite::new();
    let first = ok(&db.url(), &["stamp", A03]);
    assert!(
        first.stderr.contains(&format!(
            "    Stamping <base> -> {A03}, price is required\n"
        )),
        "{first}"
    );
    let second = ok(&db.url(), &["stamp", A05]);
    assert!(
        second
            .stderr
            .contains(&format!("    Stamping {A03} -> {A05}, constraints\n")),
        "{second}"
    );
    let down = ok(&db.url(), &["stamp", A01]);
    assert!(
        down.stderr
            .contains(&format!("    Stamping {A05} -> {A01}")),
        "{down}"
    );
    let base = ok(&db.url(), &["stamp", "base"]);
    assert!(
        base.stderr
            .contains(&format!("    Stamping {A01} -> <base>")),
        "{base}"
    );
}

// --- item 9: offline downgrades --------------------------------------------------------------

#[test]
fn an_offline_downgrade_needs_a_range() {
    let db = Sqlite::new();
    for target in ["base", "-1", A01] {
        let run = refused(&db.url(), &["downgrade", target, "--sql"], exit::USAGE);
        assert!(
            error(&run).starts_with("error: downgrade with --sql requires <fromrev>:<torev>")
                && error(&run).contains("`downgrade head:base --sql`"),
            "{run}"
        );
    }
    let script = ok(&db.url(), &["downgrade", &format!("{A02}:base"), "--sql"]);
    assert!(
        script
            .stdout
            .contains(&format!("-- Running downgrade {A02} -> {A01}"))
            && script.stdout.contains(&format!(
                "DELETE FROM \"alembic_version\" WHERE \"version_num\" = '{A01}'"
            )),
        "{script}"
    );
    assert!(!db.path().exists(), "offline never connects");
}

// --- items 24 and 28: flags anywhere, JSON of the commands that write ------------------------

#[test]
fn writing_commands_speak_json_with_flags_anywhere() {
    let db = Sqlite::new();
    let up = ok(&db.url(), &["upgrade", "--format", "json", A03]);
    let ids = revisions(&db.url());
    assert_eq!(up.stdout.lines().count(), 1, "{up}");
    let doc = up.stdout.trim();
    assert!(
        doc.starts_with("{\"schema\":1,\"command\":\"upgrade\",\"steps\":[{\"revision\":\"a01000000001\",\"direction\":\"upgrade\",\"arrow\":\"<base> -> a01000000001\",\"message\":\"create tables\",\"duration_ms\":"),
        "{up}"
    );
    assert!(doc.ends_with(&format!("],\"heads\":[\"{A03}\"]}}")), "{up}");
    assert_eq!(doc.matches("\"revision\":").count(), 3, "{up}");
    let down = ok(&db.url(), &["downgrade", "-1", "--format", "json"]);
    assert!(
        down.stdout.contains("\"command\":\"downgrade\"")
            && down
                .stdout
                .contains(&format!("\"arrow\":\"{A03} -> a02000000002\""))
            && down.stdout.contains("\"heads\":[\"a02000000002\"]"),
        "{down}"
    );
    let stamp = ok(&db.url(), &["stamp", "--format", "json", A05]);
    assert!(
        stamp.stdout.starts_with(&format!("{{\"schema\":1,\"command\":\"stamp\",\"steps\":[{{\"revision\":\"{A05}\",\"direction\":\"stamp\",\"arrow\":\"a02000000002 -> {A05}\"")),
        "{stamp}"
    );
    let none = ok(&db.url(), &["upgrade", A05, "--format", "json"]);
    assert_eq!(
        none.stdout,
        format!("{{\"schema\":1,\"command\":\"upgrade\",\"steps\":[],\"heads\":[\"{A05}\"]}}\n")
    );
    let fresh = Sqlite::new();
    let heads = ok(&fresh.url(), &["upgrade", "--format", "json", "heads"]);
    assert!(
        heads
            .stdout
            .contains(&format!("\"heads\":[\"{}\"]", ids.last().unwrap())),
        "{heads}"
    );
    let sql = refused(
        &db.url(),
        &["upgrade", "--sql", "--format", "json", A01],
        exit::USAGE,
    );
    assert!(sql.stderr.contains("--format"), "{sql}");
}

#[test]
fn heads_and_branches_without_the_sources() {
    let db = Sqlite::new();
    let heads = ok(&db.url(), &["heads"]);
    let resolved = ok(&db.url(), &["heads", "--resolve-dependencies"]);
    assert_eq!(resolved.stdout, heads.stdout);
    assert!(heads.stdout.contains("(head)"), "{heads}");
    // This graph is one line: it has no branch point.
    let branches = ok(&db.url(), &["branches"]);
    assert_eq!(branches.stdout, "", "{branches}");
    let json = ok(&db.url(), &["branches", "--format", "json"]);
    assert_eq!(json.stdout, "{\"schema\":1,\"revisions\":[]}\n", "{json}");
    assert!(!db.path().exists(), "no database touched");
}

// --- item 25: step lines and the progress bar ------------------------------------------------

/// Not at a terminal (here: pipes), one line per step once it ended, no bar, no escape codes.
#[test]
fn step_lines_in_a_log() {
    let db = Sqlite::new();
    let up = ok(&db.url(), &["upgrade", "head"]);
    let steps: Vec<&str> = up
        .stderr
        .lines()
        .filter(|l| l.starts_with("   Upgrading "))
        .collect();
    assert_eq!(steps.len(), revisions(&db.url()).len(), "{up}");
    assert!(
        steps[0].starts_with("   Upgrading <base> -> a01000000001, create tables (")
            && steps[0].ends_with(" ms)"),
        "{up}"
    );
    assert!(
        !up.stderr.contains('…') && !up.stderr.contains('\x1b'),
        "{up}"
    );
    assert!(!up.stderr.contains("/9"), "no bar: {up}");
    let quiet = ok(&db.url(), &["-q", "downgrade", "base"]);
    assert_eq!(quiet.stderr, "", "{quiet}");
}

/// What the binary showed on a 200-column pty (made by util-linux's `script`), each step
/// taking 400 ms; asserts that it succeeded.
fn at_a_terminal(db: &Sqlite, args: &str, cwd: &Path) -> String {
    let typescript = cwd.join("typescript");
    let status = Command::new("script")
        .args(["-q", "-e", "-c"])
        .arg(format!("stty rows 50 cols 200; {BIN} {args}"))
        .arg("-O")
        .arg(&typescript)
        .current_dir(cwd)
        .env("DATABASE_URL", db.url())
        .env("NO_COLOR", "1")
        .env("MIGRATE_TEST_SLOW_MS", "400")
        .env_remove("MIGRATE_TEST_FAIL")
        .env_remove("MIGRATE_TEST_FAIL_AT")
        .env_remove("CARGO_MIGRATE_CONTRACT")
        // `script` also copies the session to its stdout: keep it out of the test's output.
        .stdout(std::process::Stdio::null())
        .status()
        .expect("script (util-linux) runs");
    let screen = std::fs::read_to_string(&typescript).unwrap();
    assert!(status.success(), "{screen}");
    screen
}

/// At a terminal (a pty made by `script`), each step shows while it runs, and a long run has a
/// bar with the revision count.
#[test]
fn step_lines_and_a_bar_at_a_terminal() {
    let db = Sqlite::new();
    let cwd = tempfile::tempdir().unwrap();
    let screen = at_a_terminal(&db, "upgrade head", cwd.path());
    let total = revisions(&db.url()).len();
    // While a01 runs: its line with `…`, in a bar at 0 of the total.
    assert!(
        screen.contains(&format!(
            "] 0/{total}: <base> -> a01000000001, create tables …"
        )),
        "{screen:?}"
    );
    // When it ended: its line with the duration, and the bar moved on.
    assert!(
        screen.contains("   Upgrading <base> -> a01000000001, create tables ("),
        "{screen:?}"
    );
    assert!(screen.contains(&format!("] 1/{total}: ")), "{screen:?}");
    assert!(
        screen.contains(&format!(
            "    Finished upgrade to a09000000009: {total} revisions"
        )),
        "{screen:?}"
    );
    // A short run: the step's line while it runs, no bar.
    let screen = at_a_terminal(&db, "downgrade -1", cwd.path());
    assert!(
        screen.contains(" Downgrading a09000000009 -> a08000000008, fails half-way on demand …"),
        "{screen:?}"
    );
    assert!(!screen.contains("] 0/1"), "{screen:?}");
}

// --- items 18 and 19: URLs, a file that is not a database, a full disk ------------------------

#[test]
fn url_syntax_is_a_usage_error_that_says_what_to_change() {
    for (url, needle) in [
        (
            "postgres://postgres@127.0.0.1:99999/app",
            "the port 99999 in the database URL postgres://postgres@127.0.0.1:99999/app is out of range: a port is 1 to 65535",
        ),
        ("postgres://u:pa/ss@127.0.0.1/app", "holds an unescaped `/`"),
        ("postgres://u:pa#ss@127.0.0.1/app", "holds an unescaped `#`"),
        ("postgres://u:pa?ss@127.0.0.1/app", "holds an unescaped `?`"),
        (
            "postgresql+asyncpg://postgres@127.0.0.1/app",
            "write postgresql://postgres@127.0.0.1/app instead",
        ),
        (
            "mysql+pymysql://root@127.0.0.1/app",
            "write mysql://root@127.0.0.1/app instead",
        ),
        ("sqlite+aiosqlite:///app.db", "write sqlite:app.db instead"),
    ] {
        let run = refused(url, &["current"], exit::USAGE);
        assert!(
            error(&run).contains(needle) && error(&run).ends_with("(from DATABASE_URL)"),
            "{run}"
        );
        assert!(
            !run.stderr.contains("pa/ss") && !run.stderr.contains("pa#ss"),
            "{run}"
        );
    }
}

#[test]
fn a_file_that_is_not_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "these are my notes, not a database\n".repeat(200)).unwrap();
    let url = format!("sqlite:{}", path.display());
    for args in [&["upgrade", "head"][..], &["current"], &["check"]] {
        let run = refused(&url, args, exit::DATABASE);
        assert!(
            error(&run).contains("is not a SQLite database")
                && error(&run).contains("Check the path in the URL"),
            "{run}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "these are my notes, not a database\n".repeat(200)
    );
}

/// A tmpfs of 256 KiB, filled up: creating the version table fails with a contract code.
#[test]
fn a_full_disk() {
    let mount = tempfile::tempdir().unwrap();
    let status = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
        .arg(mount.path())
        .status()
        .expect("mount runs");
    assert!(status.success(), "this test mounts a tmpfs (as root)");
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0).status();
        }
    }
    let _unmount = Unmount(mount.path());
    let url = format!(
        "sqlite:{}?mode=rwc",
        mount.path().join("db.sqlite").display()
    );
    // An empty database file, then the disk filled to the last byte.
    ok(&url, &["current"]);
    let mut filler = std::fs::File::create(mount.path().join("filler")).unwrap();
    while filler.write_all(&[0u8; 4096]).is_ok() {}
    let _ = filler.write_all(&[0u8; 1]);
    drop(filler);
    let run = refused(&url, &["upgrade", "head"], exit::DATABASE);
    assert!(
        error(&run).contains("the disk holding the database is full")
            && error(&run).contains("Free space there and run again"),
        "{run}"
    );
}

/// A TCP relay from `[::1]:<port>` to `to`, so that a server listening on 127.0.0.1 only is
/// reached over IPv6 loopback; returns the port.
fn ipv6_relay(to: &'static str) -> u16 {
    let listener = TcpListener::bind("[::1]:0").expect("IPv6 loopback");
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let Ok(server) = TcpStream::connect(to) else {
                continue;
            };
            for (mut from, mut into) in [
                (client.try_clone().unwrap(), server.try_clone().unwrap()),
                (server, client),
            ] {
                std::thread::spawn(move || {
                    let mut buffer = [0u8; 8192];
                    while let Ok(n) = from.read(&mut buffer) {
                        if n == 0 || into.write_all(&buffer[..n]).is_err() {
                            break;
                        }
                    }
                    let _ = into.shutdown(std::net::Shutdown::Both);
                });
            }
        }
    });
    port
}

/// `[::1]` hosts: PostgreSQL connects over IPv6 loopback; for MySQL, which the driver cannot
/// connect to by address literal, the refusal says what to write.
#[test]
fn ipv6_hosts() {
    rt().block_on(async {
        let db = common::Database::new(Backend::Postgres, "ipv6").await;
        let port = ipv6_relay("127.0.0.1:5432");
        let url = format!("postgres://postgres@[::1]:{port}/{}", db.name);
        let up = ok(&url, &["upgrade", A01]);
        assert!(
            up.stderr
                .starts_with(&format!("       Using {url}?host=::1 (from DATABASE_URL)")),
            "{up}"
        );
        assert_eq!(ok(&url, &["current"]).stdout, format!("{A01}\n"));
        db.drop().await;
    });
    let mysql = refused("mysql://root@[::1]:3306/app", &["current"], exit::USAGE);
    assert!(error(&mysql).contains("/etc/hosts"), "{mysql}");
}
