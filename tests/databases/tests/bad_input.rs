//! Bad input, end to end: the migrations binary (`test-migrations`) given what a new user
//! gets wrong. Every case checks the exit code (a named constant of
//! `migrate_graph::contract::exit`), that the message is one `error:` line naming what is wrong,
//! where, and the fix, and that nothing was written: the database's tables, columns and rows
//! (and, for SQLite, the files of its folder) are the same before and after.
//!
//! Each test makes its own database: a SQLite file in a temporary folder, or a PostgreSQL /
//! MariaDB database created on the local servers (`MIGRATE_TEST_POSTGRES_URL`,
//! `MIGRATE_TEST_MYSQL_URL`) and dropped afterwards. An unreachable server fails the test.
//!
//! The catalogue in README.md ("Bad input catalogue") lists every case with its test.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;

use common::{Run, rt, strings};

use common::{Backend, server_url, unique_name, with_database};
use migrate_graph::contract::exit;
use sqlx::{AnyConnection, Connection};

const BIN: &str = env!("CARGO_BIN_EXE_test-migrations");
const A01: &str = "a01000000001";
const A02: &str = "a02000000002";
const A03: &str = "a03000000003";
/// The password of every URL in the secrets tests; it must never be printed.
const PASSWORD: &str = "s3cr3t-PW-4242";

/// The binary as a user runs it: in an empty folder (no `.env`), with no `DATABASE_URL` but
/// `url`, no contract variable, no color.
fn command(url: Option<&str>, args: &[&str]) -> (Command, tempfile::TempDir) {
    let cwd = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .current_dir(cwd.path())
        .env("NO_COLOR", "1")
        .env_remove("DATABASE_URL")
        .env_remove("CARGO_MIGRATE_CONTRACT")
        .env_remove("CARGO_MIGRATE_COLOR")
        .env_remove("MIGRATE_TEST_FAIL")
        .env_remove("MIGRATE_TEST_FAIL_AT");
    if let Some(url) = url {
        cmd.env("DATABASE_URL", url);
    }
    (cmd, cwd)
}

fn run_env(url: Option<&str>, args: &[&str], env: &[(&str, &str)]) -> Run {
    let (mut cmd, _cwd) = command(url, args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    Run::new(args, cmd.output().expect("run test-migrations"))
}

fn run(url: Option<&str>, args: &[&str]) -> Run {
    run_env(url, args, &[])
}

fn ok(url: &str, args: &[&str]) -> Run {
    let run = run(Some(url), args);
    assert_eq!(run.code, Some(0), "{run}");
    run
}

/// The passwords of this file's URLs, as written and percent-encoded.
const SECRETS: &[&str] = &[PASSWORD, "s3cr3t%2DPW%2D4242", "s3cr3t"];

fn printed(run: &Run) -> migrate_tests::Printed<'_> {
    migrate_tests::Printed {
        code: run.code,
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

use common::execute;

/// A SQLite database in its own temporary folder.
struct Sqlite {
    dir: tempfile::TempDir,
}

impl Sqlite {
    fn new() -> Sqlite {
        sqlx::any::install_default_drivers();
        Sqlite {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A database upgraded to `revision` by the binary.
    fn at(revision: &str) -> Sqlite {
        let db = Sqlite::new();
        ok(&db.url(), &["-q", "upgrade", revision]);
        db
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("db.sqlite")
    }

    fn url(&self) -> String {
        format!("sqlite:{}?mode=rwc", self.path().display())
    }

    fn execute(&self, sql: &str) {
        rt().block_on(execute(&self.url(), sql));
    }

    /// The folder's files, then every table's definition and rows.
    fn snapshot(&self) -> Vec<String> {
        let mut out: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| format!("file {}", e.unwrap().file_name().to_string_lossy()))
            .collect();
        out.sort();
        if !self.path().exists() {
            return out;
        }
        let url = format!("sqlite:{}?mode=ro", self.path().display());
        rt().block_on(async {
            let mut conn = AnyConnection::connect(&url).await.unwrap();
            out.extend(
                strings(
                    &mut conn,
                    "SELECT type || ' ' || name || ' ' || COALESCE(sql, '') FROM sqlite_master ORDER BY type, name",
                )
                .await,
            );
            let tables = strings(
                &mut conn,
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )
            .await;
            for table in tables {
                let columns = strings(
                    &mut conn,
                    &format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"),
                )
                .await;
                let row: Vec<String> = columns.iter().map(|c| format!("quote(\"{c}\")")).collect();
                let rows = strings(
                    &mut conn,
                    &format!(
                        "SELECT '{table}: ' || {} FROM \"{table}\" ORDER BY 1",
                        row.join(" || ',' || ")
                    ),
                )
                .await;
                out.extend(rows);
            }
            conn.close().await.unwrap();
        });
        out
    }
}

/// A bad input on a SQLite database at a02: refused with `code` and `needles`, nothing
/// written.
fn sqlite_case(args: &[&str], code: u8, needles: &[&str]) -> Run {
    let db = Sqlite::at(A02);
    let before = db.snapshot();
    let run = run(Some(&db.url()), args);
    assert_refused(&run, code, needles);
    assert_eq!(db.snapshot(), before, "nothing was written: {run}");
    run
}

/// `url` with `password` as its password.
fn with_password(url: &str, password: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let (userinfo, host) = rest.split_once('@').unwrap();
    let user = userinfo.split(':').next().unwrap();
    format!("{scheme}://{user}:{password}@{host}")
}

/// A database of its own on a server, dropped at the end.
struct Server {
    backend: Backend,
    name: String,
    url: String,
}

impl Server {
    fn new(backend: Backend, tag: &str) -> Server {
        let (name, url) = rt().block_on(common::create_database(backend, tag));
        Server { backend, name, url }
    }

    fn at(backend: Backend, tag: &str, revision: &str) -> Server {
        let server = Server::new(backend, tag);
        ok(&server.url, &["-q", "upgrade", revision]);
        server
    }

    fn execute(&self, sql: &str) {
        rt().block_on(execute(&self.url, sql));
    }

    /// Every table, every column with its type, and every row (MySQL: the version rows and
    /// each table's row count).
    fn snapshot(&self) -> Vec<String> {
        rt().block_on(async {
            let mut conn = AnyConnection::connect(&self.url).await.unwrap();
            let mut out = Vec::new();
            match self.backend {
                Backend::Postgres => {
                    out.extend(strings(&mut conn, "SELECT CAST(table_schema || '.' || table_name || '.' || column_name || ' ' || data_type AS TEXT) FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1").await);
                    let tables = strings(&mut conn, "SELECT CAST(quote_ident(table_schema) || '.' || quote_ident(table_name) AS TEXT) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1").await;
                    for table in tables {
                        out.extend(
                            strings(
                                &mut conn,
                                &format!("SELECT CAST('{table}: ' || CAST(t AS TEXT) AS TEXT) FROM {table} t ORDER BY 1"),
                            )
                            .await,
                        );
                    }
                }
                Backend::Sqlite => unreachable!("a Server is PostgreSQL or MariaDB"),
                Backend::Mysql => {
                    out.extend(strings(&mut conn, "SELECT CAST(CONCAT(table_name, '.', column_name, ' ', column_type) AS CHAR) FROM information_schema.columns WHERE table_schema = DATABASE() ORDER BY 1").await);
                    let tables = strings(&mut conn, "SELECT CAST(table_name AS CHAR) FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1").await;
                    for table in &tables {
                        out.extend(
                            strings(
                                &mut conn,
                                &format!("SELECT CAST(CONCAT('{table}: ', COUNT(*)) AS CHAR) FROM `{table}`"),
                            )
                            .await,
                        );
                    }
                    if tables.iter().any(|t| t == "alembic_version") {
                        out.extend(strings(&mut conn, "SELECT CAST(version_num AS CHAR) FROM alembic_version ORDER BY 1").await);
                    }
                }
            }
            conn.close().await.unwrap();
            out
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let (backend, name) = (self.backend, self.name.clone());
        let result =
            std::thread::spawn(move || rt().block_on(common::drop_database(backend, &name))).join();
        if result.is_err() && !std::thread::panicking() {
            panic!("cannot drop the test database {}", self.name);
        }
    }
}

// --- targets and ids -------------------------------------------------------------------------

#[test]
fn malformed_id() {
    sqlite_case(
        &["upgrade", "Not-An-Id!"],
        exit::USAGE,
        &[
            "invalid target \"Not-An-Id!\"",
            "expected head, heads, base, a revision id or prefix",
        ],
    );
}

#[test]
fn empty_target() {
    sqlite_case(
        &["upgrade", ""],
        exit::USAGE,
        &["invalid target \"\"", "expected head"],
    );
}

#[test]
fn unknown_id() {
    sqlite_case(
        &["upgrade", "ffffff"],
        exit::USAGE,
        &[
            "can't locate revision identified by \"ffffff\"",
            "`cargo migrate history`",
        ],
    );
}

#[test]
fn unknown_branch_label() {
    sqlite_case(
        &["upgrade", "nope@head"],
        exit::USAGE,
        &["can't locate revision identified by \"nope@\""],
    );
}

#[test]
fn ambiguous_prefix() {
    sqlite_case(
        &["upgrade", "a0"],
        exit::USAGE,
        &[
            "ambiguous revision prefix \"a0\"",
            "a01000000001, a02000000002",
            "a09000000009",
            "give more characters",
        ],
    );
}

#[test]
fn unknown_target_syntax() {
    sqlite_case(
        &["upgrade", "head@@x"],
        exit::USAGE,
        &["invalid target \"head@@x\"", "label@head"],
    );
}

#[test]
fn range_online() {
    let range = format!("{A01}:{A03}");
    sqlite_case(
        &["upgrade", &range],
        exit::USAGE,
        &[
            &format!("a range \"{range}\" is only allowed with --sql"),
            "add --sql",
            "give one target",
        ],
    );
    sqlite_case(
        &["downgrade", "base:head"],
        exit::USAGE,
        &["a range \"base:head\" is only allowed with --sql"],
    );
}

#[test]
fn steps_past_head() {
    sqlite_case(
        &["upgrade", "+20"],
        exit::USAGE,
        &[
            "relative target \"+20\" goes 13 steps past head",
            "smaller step count",
        ],
    );
}

#[test]
fn steps_past_base() {
    sqlite_case(
        &["downgrade", "-20"],
        exit::USAGE,
        &[
            "relative target \"-20\" goes 18 steps past base",
            "smaller step count",
        ],
    );
}

#[test]
fn upgrade_to_a_revision_below_the_current_one() {
    sqlite_case(
        &["upgrade", A01],
        exit::USAGE,
        &[
            &format!("{A01} is not a valid upgrade target from current head(s) {A02}"),
            &format!("use `downgrade {A01}`"),
        ],
    );
}

#[test]
fn downgrade_to_a_revision_above_the_current_one() {
    sqlite_case(
        &["downgrade", A03],
        exit::USAGE,
        &[
            &format!("{A03} is not a valid downgrade target"),
            &format!("use `upgrade {A03}`"),
        ],
    );
}

#[test]
fn relative_step_in_the_wrong_direction() {
    sqlite_case(
        &["upgrade", "-1"],
        exit::USAGE,
        &["relative target -1 does not go up", "use `downgrade -1`"],
    );
    sqlite_case(
        &["downgrade", "+1"],
        exit::USAGE,
        &["relative target +1 does not go down", "use `upgrade +1`"],
    );
}

#[test]
fn stamp_an_unknown_revision() {
    sqlite_case(
        &["stamp", "ffff"],
        exit::USAGE,
        &["can't locate revision identified by \"ffff\""],
    );
}

/// On a database that does not exist yet, a typo in a target creates nothing: no SQLite file,
/// no lock file, no version table.
#[test]
fn bad_targets_on_a_fresh_database_create_nothing() {
    let db = Sqlite::new();
    for (args, needle) in [
        (
            &["upgrade", "zzzz"][..],
            "can't locate revision identified by \"zzzz\"",
        ),
        (&["upgrade", "a0"], "ambiguous revision prefix \"a0\""),
        (
            &["upgrade", "zz+1"],
            "can't locate revision identified by \"zz\"",
        ),
        (&["upgrade", "head@@x"], "invalid target"),
        (&["upgrade", "base:head"], "only allowed with --sql"),
        (&["downgrade", "zzzz"], "can't locate revision"),
        (&["stamp", "head", "zzzz"], "can't locate revision"),
        // Targets that depend on the database's state: planned against an empty database.
        (&["upgrade", "+20"], "goes 11 steps past head"),
        (&["downgrade", "-1"], "past base"),
    ] {
        let run = run(Some(&db.url()), args);
        assert_refused(&run, exit::USAGE, &[needle]);
        assert_eq!(
            db.snapshot(),
            Vec::<String>::new(),
            "nothing created: {run}"
        );
    }
}

#[test]
fn history_range_without_a_colon() {
    sqlite_case(
        &["history", "-r", "a01"],
        exit::USAGE,
        &[
            "invalid history range \"a01\"",
            "expected [start]:[end]",
            "base:head",
        ],
    );
}

// --- the command line ------------------------------------------------------------------------

#[test]
fn lock_timeout_not_a_number() {
    sqlite_case(
        &["upgrade", "head", "--lock-timeout", "abc"],
        exit::USAGE,
        &["invalid value 'abc' for '--lock-timeout <SECONDS>'"],
    );
}

#[test]
fn unknown_subcommand() {
    sqlite_case(
        &["frobnicate"],
        exit::USAGE,
        &["unrecognized subcommand 'frobnicate'"],
    );
}

#[test]
fn downgrade_without_a_target() {
    let run = sqlite_case(
        &["downgrade"],
        exit::USAGE,
        &["the following required arguments were not provided"],
    );
    assert!(run.stderr.contains("<REVISION>"), "{run}");
}

#[test]
fn single_transaction_on_mysql() {
    let server = Server::at(Backend::Mysql, "single", A02);
    let before = server.snapshot();
    let run = run(
        Some(&server.url),
        &["upgrade", "head", "--single-transaction"],
    );
    assert_refused(
        &run,
        exit::USAGE,
        &[
            "a single transaction for the whole run needs transactional DDL",
            "mysql",
            "run without it",
        ],
    );
    assert_eq!(server.snapshot(), before, "nothing was written: {run}");
}

// --- the version table -----------------------------------------------------------------------

#[test]
fn version_table_with_an_unknown_row() {
    let db = Sqlite::at(A02);
    db.execute("INSERT INTO alembic_version (version_num) VALUES ('deadbeef0000')");
    let before = db.snapshot();
    for args in [
        &["upgrade", "head"][..],
        &["downgrade", "base"],
        &["stamp", "head"],
        &["upgrade", "head", "--dry-run"],
    ] {
        let run = run(Some(&db.url()), args);
        assert_refused(
            &run,
            exit::VERSION_TABLE,
            &[
                "can't locate revision identified by \"deadbeef0000\" in the version table",
                "`cargo migrate stamp --purge <revision>`",
            ],
        );
    }
    assert_eq!(db.snapshot(), before, "nothing was written");
    // The fix the message gives works.
    ok(&db.url(), &["-q", "stamp", "--purge", A02]);
    ok(&db.url(), &["-q", "upgrade", "head"]);
}

#[test]
fn version_table_with_duplicate_rows() {
    let db = Sqlite::at(A02);
    db.execute(&format!(
        "DROP TABLE alembic_version; CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL); INSERT INTO alembic_version VALUES ('{A02}'), ('{A02}')"
    ));
    let before = db.snapshot();
    for args in [
        &["upgrade", "head"][..],
        &["downgrade", "base"],
        &["current"],
    ] {
        let run = run(Some(&db.url()), args);
        assert_refused(
            &run,
            exit::VERSION_TABLE,
            &[
                "the version table alembic_version is malformed",
                &format!("revision \"{A02}\" appears twice"),
                "delete one row",
            ],
        );
    }
    assert_eq!(db.snapshot(), before, "nothing was written");
}

#[test]
fn version_table_with_a_wrong_column_type() {
    // SQLite
    let db = Sqlite::at(A02);
    db.execute(
        "DROP TABLE alembic_version; CREATE TABLE alembic_version (version_num INTEGER NOT NULL PRIMARY KEY); INSERT INTO alembic_version VALUES (2)",
    );
    let before = db.snapshot();
    let needles = [
        "the version table alembic_version is malformed",
        "version_num is not text",
        "recreate the table as VARCHAR(32)",
    ];
    for args in [&["upgrade", "head"][..], &["stamp", "head"], &["current"]] {
        let run = run(Some(&db.url()), args);
        assert_refused(&run, exit::VERSION_TABLE, &needles);
    }
    assert_eq!(db.snapshot(), before, "nothing was written");
    // PostgreSQL, whose columns have real types
    let server = Server::at(Backend::Postgres, "coltype", A02);
    server.execute(
        "DROP TABLE alembic_version; CREATE TABLE alembic_version (version_num INTEGER NOT NULL PRIMARY KEY); INSERT INTO alembic_version VALUES (2)",
    );
    let before = server.snapshot();
    let run = run(Some(&server.url), &["upgrade", "head"]);
    assert_refused(&run, exit::VERSION_TABLE, &needles);
    assert_eq!(server.snapshot(), before, "nothing was written: {run}");
}

#[test]
fn version_table_with_an_ancestor_row() {
    let db = Sqlite::at(A02);
    db.execute(&format!(
        "INSERT INTO alembic_version (version_num) VALUES ('{A01}')"
    ));
    let before = db.snapshot();
    for args in [&["upgrade", "head"][..], &["downgrade", "base"]] {
        let run = run(Some(&db.url()), args);
        assert_refused(
            &run,
            exit::VERSION_TABLE,
            &[
                "the version table is inconsistent with the revision graph",
                &format!("row {A01} is an ancestor of row {A02}"),
                &format!("repair it with `cargo migrate stamp --purge {A02}`"),
            ],
        );
    }
    assert_eq!(db.snapshot(), before, "nothing was written");
    // The call the message names repairs it.
    ok(&db.url(), &["stamp", "--purge", A02]);
    ok(&db.url(), &["upgrade", "head"]);
}

#[test]
fn check_on_a_database_behind_head() {
    sqlite_case(
        &["check"],
        exit::CHECK,
        &[
            "7 migrations are pending (a03000000003, a04000000004",
            "run `cargo migrate upgrade heads`",
        ],
    );
}

// --- connecting ------------------------------------------------------------------------------

#[test]
fn unreachable_host() {
    let url = "postgres://postgres@127.0.0.1:1/postgres";
    let run = run(Some(url), &["upgrade", "head"]);
    assert_refused(
        &run,
        exit::DATABASE,
        &[
            "cannot connect to postgres://postgres@127.0.0.1:1/postgres",
            "Connection refused",
            "check that the database server is running and listens on that host and port",
        ],
    );
}

#[test]
fn unknown_host_name() {
    let url = "postgres://postgres@no-such-host.invalid:5432/app";
    let run = run(Some(url), &["current"]);
    assert_refused(
        &run,
        exit::DATABASE,
        &[
            "cannot connect to postgres://postgres@no-such-host.invalid:5432/app",
            "check the host name in the URL",
        ],
    );
}

#[test]
fn wrong_password() {
    let server = Server::at(Backend::Mysql, "password", A02);
    let before = server.snapshot();
    let url = with_password(&server.url, PASSWORD);
    let run = run(Some(&url), &["upgrade", "head"]);
    assert_refused(
        &run,
        exit::DATABASE,
        &[
            "cannot connect to mysql://root:***@127.0.0.1:3306/",
            "Access denied for user 'root'",
            "check the user name and password in the URL",
        ],
    );
    assert_eq!(server.snapshot(), before, "nothing was written: {run}");
}

#[test]
fn read_only_database() {
    // The tests run as root, for whom file permissions do not stop writes: `mode=ro` does.
    let db = Sqlite::at(A02);
    let before = db.snapshot();
    let url = format!("sqlite:{}?mode=ro", db.path().display());
    let run = run(Some(&url), &["upgrade", "head"]);
    assert_refused(
        &run,
        exit::DATABASE,
        &[
            &format!("revision {A03} (price is required) cannot run"),
            "the database is read-only",
            "nothing was changed",
            "remove mode=ro",
        ],
    );
    assert_eq!(db.snapshot(), before, "nothing was written: {run}");
}

#[test]
fn missing_postgres_database() {
    let name = unique_name("missing");
    let url = with_database(&server_url(Backend::Postgres), &name);
    let run = run(Some(&url), &["upgrade", "head"]);
    assert_refused(
        &run,
        exit::DATABASE,
        &[
            &format!("database \"{name}\" does not exist"),
            "create the database first",
        ],
    );
    assert!(!run.stderr.contains(" at line "), "{run}");
}

#[test]
fn missing_mysql_database() {
    let name = unique_name("missing");
    let url = with_database(&server_url(Backend::Mysql), &name);
    let run = run(Some(&url), &["upgrade", "head"]);
    assert_refused(
        &run,
        exit::DATABASE,
        &[
            &format!("Unknown database '{name}'"),
            "create the database first",
        ],
    );
}

#[test]
fn missing_sqlite_file() {
    let db = Sqlite::new();
    let before = db.snapshot();
    let url = format!("sqlite:{}", db.path().display());
    let run = run(Some(&url), &["upgrade", "head"]);
    assert_refused(
        &run,
        exit::DATABASE,
        &[
            &format!("{}: the file does not exist", db.path().display()),
            "add ?mode=rwc",
        ],
    );
    assert_eq!(db.snapshot(), before, "no file was created: {run}");
}

#[test]
fn missing_sqlite_folder() {
    let db = Sqlite::new();
    let url = format!(
        "sqlite:{}?mode=rwc",
        db.dir.path().join("no-such-folder/db.sqlite").display()
    );
    let run = run(Some(&url), &["upgrade", "head"]);
    assert_refused(
        &run,
        exit::DATABASE,
        &["no-such-folder", "check that its folder exists"],
    );
    assert_eq!(db.snapshot(), Vec::<String>::new(), "{run}");
}

#[test]
fn unsupported_url_scheme() {
    let run = run(Some("oracle://scott@db:1521/orcl"), &["upgrade", "head"]);
    assert_refused(
        &run,
        exit::USAGE,
        &[
            "unsupported database URL oracle://scott@db:1521/orcl",
            "it must start with sqlite:, postgres://, postgresql://, mysql:// or mariadb://",
        ],
    );
}

#[test]
fn empty_url() {
    let run = run(None, &["--database-url", "", "upgrade", "head"]);
    assert_refused(
        &run,
        exit::USAGE,
        &["the database URL is empty", "pass --database-url"],
    );
}

#[test]
fn mysql_url_without_a_database() {
    let run = run(Some("mysql://root@127.0.0.1:3306"), &["upgrade", "head"]);
    assert_refused(
        &run,
        exit::USAGE,
        &[
            "the database URL mysql://root@127.0.0.1:3306 names no database",
            "add it after the host",
        ],
    );
}

#[test]
fn no_database_url_at_all() {
    // The test crate declares no database-url, and the run's folder has no .env.
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    assert!(!manifest.contains("database-url"), "{manifest}");
    let run = run(None, &["upgrade", "head"]);
    assert_refused(
        &run,
        exit::USAGE,
        &[
            "no database URL",
            "pass --database-url, set DATABASE_URL",
            "[package.metadata.migrate]",
        ],
    );
}

#[test]
fn binary_built_from_another_migrate_core() {
    let db = Sqlite::at(A02);
    let before = db.snapshot();
    let run = run_env(
        Some(&db.url()),
        &["upgrade", "head"],
        &[("CARGO_MIGRATE_CONTRACT", "999")],
    );
    assert_refused(
        &run,
        exit::BUILD,
        &[
            "test-migrations was built with a migrate-core that speaks contract version 1 but cargo-migrate speaks 999",
            "cargo install --path",
        ],
    );
    assert_eq!(db.snapshot(), before, "nothing was written: {run}");
}

// --- Ctrl-C ----------------------------------------------------------------------------------

/// Ctrl-C while `upgrade head` waits for the lock that the test holds: exit 130, the
/// `interrupted` line, nothing written, and the lock is free again for the next run.
#[test]
fn ctrl_c_during_a_run() {
    let server = Server::at(Backend::Postgres, "ctrlc", A02);
    let before = server.snapshot();
    let rt = rt();
    let mut holder = rt.block_on(AnyConnection::connect(&server.url)).unwrap();
    rt.block_on(sqlx::raw_sql("SELECT pg_advisory_lock(7161130671068245353)").execute(&mut holder))
        .unwrap();

    let (mut cmd, _cwd) = command(Some(&server.url), &["upgrade", "head"]);
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, lines) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let line = line.unwrap();
            let _ = tx.send(line);
        }
    });
    let started = Instant::now();
    let mut seen = Vec::new();
    loop {
        let line = lines
            .recv_timeout(Duration::from_secs(30).saturating_sub(started.elapsed()))
            .unwrap_or_else(|_| panic!("no `Waiting` line in 30 s: {seen:?}"));
        let waiting = line.contains("Waiting for the migration lock");
        seen.push(line);
        if waiting {
            break;
        }
    }
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let output = child.wait_with_output().unwrap();
    reader.join().unwrap();
    seen.extend(lines.try_iter());
    let run = Run {
        args: "upgrade head (Ctrl-C)".into(),
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: seen.join("\n") + "\n",
    };
    assert_refused(
        &run,
        exit::INTERRUPTED,
        &[
            "interrupted",
            "the lock released",
            "`cargo migrate current`",
        ],
    );
    rt.block_on(holder.close()).unwrap();
    assert_eq!(server.snapshot(), before, "nothing was written: {run}");
    ok(&server.url, &["-q", "upgrade", "head"]);
}

// --- secrets ---------------------------------------------------------------------------------

/// Every command, and every connection error, with a password in the URL: the password is in
/// nothing printed, on stdout or stderr, successful or not.
#[test]
fn no_password_in_any_output() {
    let server = Server::new(Backend::Postgres, "secrets");
    // The local server trusts its clients: a password in the URL is accepted and ignored.
    let url = with_password(&server.url, PASSWORD);
    let encoded = with_password(&server.url, "s3cr3t%2DPW%2D4242");
    let mut runs = Vec::new();
    let mut expect = |url: &str, args: &[&str], code: u8| {
        let run = run(Some(url), args);
        assert_eq!(run.code, Some(i32::from(code)), "{run}");
        assert_no_secret(&run);
        runs.push(run);
    };
    for args in [
        &["upgrade", A02][..],
        &["-v", "current"],
        &["current", "--format", "json"],
        &["history", "-i"],
        &["history", "-i", "-v", "--format", "json"],
        &["log"],
        &["log", "--format", "json"],
        &["upgrade", "head", "--dry-run"],
        &["upgrade", A03, "--sql"],
        &["stamp", A03],
        &["downgrade", "-1"],
        &["ensure-version"],
        &["upgrade", "head"],
        &["downgrade", "base"],
        &["heads"],
    ] {
        expect(&url, args, exit::OK);
    }
    expect(&encoded, &["upgrade", A02], exit::OK);
    expect(&url, &["check"], exit::CHECK);
    expect(&url, &["current", "--check-heads"], exit::CHECK);
    expect(&url, &["upgrade", "zzz"], exit::USAGE);
    expect(&url, &["upgrade", "+99"], exit::USAGE);
    let mysql = with_password(&server_url(Backend::Mysql), PASSWORD);
    let unreachable = format!("postgres://postgres:{PASSWORD}@127.0.0.1:1/app");
    for bad in [
        mysql.as_str(),
        &unreachable,
        &format!("postgres://postgres:{PASSWORD}@no-such-host.invalid/app"),
        &format!("postgres://postgres:{PASSWORD}@127.0.0.1:5432/no_such_database_here"),
        &format!("postgres://u:{PASSWORD}@127.0.0.1:5432/app?sslmode=bogus"),
        &format!("mysql://root@127.0.0.1:3306/app?password={PASSWORD}"),
    ] {
        for args in [
            &["upgrade", "head"][..],
            &["current"],
            &["check"],
            &["log"],
            &["history", "-i"],
            &["stamp", "head"],
            &["downgrade", "base", "--dry-run"],
        ] {
            expect(bad, args, exit::DATABASE);
        }
    }
    for (bad, code) in [
        (
            format!("mysql://root:{PASSWORD}@127.0.0.1:3306"),
            exit::USAGE,
        ),
        (format!("root:{PASSWORD}@127.0.0.1/app"), exit::USAGE),
        // URL syntax: what to change is said before anything connects.
        (
            format!("postgres://u:{PASSWORD}/x@127.0.0.1:1/app"),
            exit::USAGE,
        ),
        (
            format!("mysql://root:{PASSWORD}@127.0.0.1:99999/app"),
            exit::USAGE,
        ),
        (format!("oracle://scott:{PASSWORD}@db/orcl"), exit::USAGE),
    ] {
        expect(&bad, &["upgrade", "head"], code);
    }
    // The URL in the wrong place on the command line: clap echoes it, scrubbed.
    expect(&url, &["upgrade", &unreachable], exit::USAGE);
    expect(&url, &["upgrade", "head", &unreachable], exit::USAGE);
    let flag = run(None, &["--database-url", &unreachable, "upgrade", "head"]);
    assert_refused(
        &flag,
        exit::DATABASE,
        &["postgres://postgres:***@127.0.0.1:1/app"],
    );
    // And the messages still say where: the URL, with its password hidden.
    assert!(
        runs.iter().any(|r| r
            .stderr
            .contains("cannot connect to postgres://postgres:***@127.0.0.1:1/app")),
        "the URL is shown redacted"
    );
    assert!(runs.len() > 65, "{}", runs.len());
}

/// A version table without Alembic's column is malformed, not empty: nothing re-runs.
#[test]
fn version_table_without_its_column() {
    let db = Sqlite::new();
    db.execute("CREATE TABLE alembic_version (revision VARCHAR(32) NOT NULL)");
    db.execute("INSERT INTO alembic_version VALUES ('a02000000002')");
    // The empty lock file beside a database is made by its first run that writes.
    std::fs::write(db.dir.path().join("db.sqlite.migrate-lock"), b"").unwrap();
    let before = db.snapshot();
    for args in [&["upgrade", "head"][..], &["current"], &["check"]] {
        let run = run(Some(&db.url()), args);
        assert_refused(&run, exit::VERSION_TABLE, &["has no version_num column"]);
    }
    assert_eq!(db.snapshot(), before, "nothing was written");
}

/// `history -i` on a database holding an unknown revision says so.
#[test]
fn history_indicate_current_with_an_unknown_row() {
    let db = Sqlite::at(A02);
    db.execute("UPDATE alembic_version SET version_num = 'deadbeef0000'");
    let before = db.snapshot();
    let run = run(Some(&db.url()), &["history", "-i"]);
    assert_refused(
        &run,
        exit::VERSION_TABLE,
        &["can't locate revision identified by \"deadbeef0000\""],
    );
    assert_eq!(db.snapshot(), before);
}

/// Offline mode cannot answer a migration's questions about the schema, and says what to use.
#[test]
fn offline_script_of_a_migration_that_reads_the_schema() {
    let run = run(None, &["upgrade", "head", "--sql", "--dialect", "postgres"]);
    assert_refused(
        &run,
        exit::MIGRATION,
        &["a07000000007", "offline mode (--sql) cannot", "--dry-run"],
    );
}

/// The migrations binary writing into a closed pipe (`./migrations history | head -1`): a
/// normal end, exit 0, no panic, for every command that prints on stdout.
#[test]
fn a_closed_stdout_is_a_normal_end() {
    let db = Sqlite::new();
    ok(&db.url(), &["-q", "upgrade", "head"]);
    for args in [
        &["history"][..],
        &["history", "--format", "json"],
        &["heads", "-v"],
        &["branches"],
        &["current"],
        &["log"],
        &["upgrade", "a02000000002", "--sql"],
        &["ensure-version", "--sql"],
    ] {
        let (mut cmd, _cwd) = command(Some(&db.url()), args);
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before the binary writes: its first write meets EPIPE.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
