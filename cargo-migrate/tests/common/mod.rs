//! The real `cargo-migrate` binary, run the way cargo runs it (`cargo-migrate migrate <args>`,
//! with `CARGO` set), in brand-new workspaces in temporary folders. Runtime commands build the
//! generated migrations crate against this checkout's migrate-core into one shared target
//! folder (`<repo>/target/e2e`), so that sqlx is compiled once for all tests.
//!
//! Set `KEEP_TEMP_DIR=1` to keep the temporary workspaces for debugging.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cargo-migrate is in the repository")
        .to_path_buf()
}

/// A brand-new workspace in a temporary folder.
pub struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    /// A virtual workspace with no members, and this repository's Cargo.lock so that the
    /// dependencies resolve to the versions already compiled.
    pub fn new() -> Workspace {
        Self::with_manifest("[workspace]\nresolver = \"3\"\nmembers = []\n")
    }

    /// A workspace whose root manifest is `manifest`.
    pub fn with_manifest(manifest: &str) -> Workspace {
        let dir = tempfile::Builder::new()
            .prefix("cargo-migrate-test-")
            .tempdir()
            .expect("temp dir");
        std::fs::write(dir.path().join("Cargo.toml"), manifest).unwrap();
        std::fs::copy(repo().join("Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();
        Workspace { dir }
    }

    /// The workspace root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A file of the workspace.
    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.root().join(relative))
            .unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
    }

    /// `cargo migrate <args>` in the workspace root, not yet run.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_cargo-migrate"));
        command
            .arg("migrate")
            .args(args)
            .current_dir(self.root())
            .env(
                "CARGO",
                std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()),
            )
            .env("CARGO_TARGET_DIR", repo().join("target").join("e2e"))
            .env("NO_COLOR", "1")
            .env_remove("DATABASE_URL")
            .env_remove("CARGO_MIGRATE_CONTRACT")
            .env_remove("EDITOR")
            .env_remove("VISUAL");
        command
    }

    /// Runs `cargo migrate <args>` in the workspace root.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::new(
            args,
            self.command(args).output().expect("cargo-migrate runs"),
        )
    }

    /// Runs and asserts success.
    pub fn ok(&self, args: &[&str]) -> Run {
        let run = self.run(args);
        assert_eq!(run.code, 0, "{run}");
        run
    }

    /// Every file below the root, with its contents.
    pub fn files(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, root, out);
                } else {
                    let relative = path.strip_prefix(root).unwrap().to_path_buf();
                    out.insert(relative, std::fs::read(&path).unwrap());
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(self.root(), self.root(), &mut out);
        out
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        if std::env::var_os("KEEP_TEMP_DIR").is_some() {
            let path = std::mem::replace(&mut self.dir, tempfile::tempdir().unwrap()).keep();
            eprintln!("kept {}", path.display());
        }
    }
}

/// What one run printed.
pub struct Run {
    /// The arguments, joined.
    pub args: String,
    /// The exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Captures a finished run.
    pub fn new(args: &[&str], output: Output) -> Run {
        Run {
            args: args.join(" "),
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// The file named by the `Created` status line.
    pub fn created(&self) -> String {
        let line = self
            .stderr
            .lines()
            .find_map(|l| l.strip_prefix("     Created "))
            .unwrap_or_else(|| panic!("no `Created` line: {self}"));
        line.to_owned()
    }

    /// Standard output, by line.
    pub fn stdout_lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`cargo migrate {}` exited with {}\n--- stdout\n{}--- stderr\n{}",
            self.args, self.code, self.stdout, self.stderr
        )
    }
}

/// The PostgreSQL and MariaDB servers every project machine runs (DESIGN.md §6).
pub const POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/postgres";
pub const MYSQL: &str = "mysql://root@127.0.0.1:3306/mysql";

/// Runs the script `sql` (one or several statements) on the database at `url`.
pub fn execute(url: &str, sql: &str) -> Result<(), sqlx::Error> {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut conn = sqlx::AnyConnection::connect(url)
            .await
            .unwrap_or_else(|e| panic!("cannot reach the test database {url} ({e}); start it"));
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(&mut conn)
            .await
            .map(drop)
    })
}

/// A database of its own on a server, dropped with the value (also when a test fails).
pub struct ServerDatabase {
    admin: String,
    name: String,
    /// Its URL.
    pub url: String,
}

impl ServerDatabase {
    /// Creates it on the server `admin` names (or the one the environment names).
    pub fn create(admin: &str) -> ServerDatabase {
        let admin = if admin.starts_with("postgres") {
            std::env::var("MIGRATE_TEST_POSTGRES_URL").unwrap_or_else(|_| admin.to_owned())
        } else {
            std::env::var("MIGRATE_TEST_MYSQL_URL").unwrap_or_else(|_| admin.to_owned())
        };
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let name = format!("migrate_e2e_{}_{nanos}", std::process::id());
        Self::admin_sql(&admin, &format!("CREATE DATABASE {name}"));
        let (base, _) = admin.rsplit_once('/').unwrap();
        let url = format!("{base}/{name}");
        ServerDatabase { admin, name, url }
    }

    /// Runs `sql` on the server.
    pub fn admin_sql(admin: &str, sql: &str) {
        execute(admin, sql).unwrap();
    }
}

impl Drop for ServerDatabase {
    fn drop(&mut self) {
        Self::admin_sql(&self.admin, &format!("DROP DATABASE {}", self.name));
    }
}

/// A database of its own for a test on `dialect`: a temporary SQLite file, or a database on
/// the PostgreSQL or MariaDB server (dropped with the value).
pub enum TestDatabase {
    /// A file in a temporary folder.
    Sqlite {
        /// Its URL.
        url: String,
        /// The folder, removed with the value.
        dir: tempfile::TempDir,
    },
    /// A database on a server.
    Server(ServerDatabase),
}

impl TestDatabase {
    /// Creates an empty one.
    pub fn new(dialect: migrate_schema::Dialect) -> TestDatabase {
        match dialect {
            migrate_schema::Dialect::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let url = format!("sqlite:{}?mode=rwc", dir.path().join("app.db").display());
                TestDatabase::Sqlite { url, dir }
            }
            migrate_schema::Dialect::Postgres => {
                TestDatabase::Server(ServerDatabase::create(POSTGRES))
            }
            migrate_schema::Dialect::Mysql => TestDatabase::Server(ServerDatabase::create(MYSQL)),
        }
    }

    /// Its URL.
    pub fn url(&self) -> &str {
        match self {
            TestDatabase::Sqlite { url, .. } => url,
            TestDatabase::Server(server) => &server.url,
        }
    }
}

/// `cargo migrate --database-url <db> <args>`.
pub fn on(ws: &Workspace, db: &TestDatabase, args: &[&str]) -> Run {
    let mut all = vec!["--database-url", db.url()];
    all.extend_from_slice(args);
    ws.run(&all)
}

/// The database's schema, introspected (`inspect --format json`), version tables left out.
pub fn inspected(ws: &Workspace, db: &TestDatabase) -> migrate_schema::Schema {
    let run = on(ws, db, &["inspect", "--format", "json"]);
    assert_eq!(run.code, 0, "{run}");
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run}"))
}

/// The revision id of a file written by `revision`: the part of its name before `_`.
pub fn id_of(path: &str) -> String {
    let name = Path::new(path).file_name().unwrap().to_string_lossy();
    name.split(['_', '.']).next().unwrap().to_owned()
}

/// Replaces the generated `upgrade` and `downgrade` bodies of `file` with one statement each.
pub fn write_bodies(ws: &Workspace, file: &str, up: &str, down: &str) {
    let text = ws.read(file);
    assert!(text.contains("Err(Error::UnwrittenUpgrade)"), "{text}");
    let text = text
        .replace(
            "Err(Error::UnwrittenUpgrade)",
            &format!("op.execute({up:?}).await"),
        )
        .replace(
            "Err(Error::UnwrittenDowngrade)",
            &format!("op.execute({down:?}).await"),
        )
        .replace("        let _ = op;\n", "");
    std::fs::write(ws.root().join(file), text).unwrap();
}

/// trycmd cases run the way the guide and README tests run them: `cargo` is `cargo` (the
/// cargo-migrate binary or a wrapper), `cp` is `/bin/cp`, builds go to the shared target folder,
/// no colour.
pub fn trycmd_cases(cargo: &Path) -> trycmd::TestCases {
    let cases = trycmd::TestCases::new();
    cases
        .register_bin("cargo", cargo)
        .register_bin("cp", Path::new("/bin/cp"))
        .env(
            "CARGO",
            std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()),
        )
        .env(
            "CARGO_TARGET_DIR",
            repo().join("target/e2e").display().to_string(),
        )
        .env("NO_COLOR", "1")
        .env("CARGO_TERM_COLOR", "never");
    cases
}

/// A workspace with no members at `dir`, this repository's Cargo.lock, and the guide's files in
/// `guide-files/` (what the guide's pages and the README's quick start copy into revisions).
pub fn guide_workspace(dir: &Path) {
    std::fs::create_dir_all(dir.join("guide-files")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = []\n",
    )
    .unwrap();
    std::fs::copy(repo().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    for entry in std::fs::read_dir(repo().join("docs/guide/files")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(
            &path,
            dir.join("guide-files").join(path.file_name().unwrap()),
        )
        .unwrap();
    }
}
