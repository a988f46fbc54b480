//! What every database test needs: the servers' URLs, a database of its own, and its removal.
//! The servers come from `MIGRATE_TEST_POSTGRES_URL` and `MIGRATE_TEST_MYSQL_URL` (default:
//! the local servers every project machine runs); an unreachable server fails the test.

#![allow(dead_code)]

use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::{AnyConnection, Connection};

/// One `#[test]` per backend for each function `fn(Backend)`, in modules `sqlite`, `postgres`
/// and `mysql`.
#[allow(unused_macros)]
macro_rules! per_backend {
    ($($test:ident),* $(,)?) => {
        mod sqlite { $( #[test] fn $test() { super::$test(super::common::Backend::Sqlite) } )* }
        mod postgres { $( #[test] fn $test() { super::$test(super::common::Backend::Postgres) } )* }
        mod mysql { $( #[test] fn $test() { super::$test(super::common::Backend::Mysql) } )* }
    };
}

/// A database server family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A file in a temporary folder.
    Sqlite,
    /// The PostgreSQL server.
    Postgres,
    /// The MariaDB/MySQL server.
    Mysql,
}

/// The admin URL of a server (its default database).
pub fn server_url(backend: Backend) -> String {
    match backend {
        Backend::Postgres => std::env::var("MIGRATE_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into()),
        Backend::Mysql => std::env::var("MIGRATE_TEST_MYSQL_URL")
            .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/mysql".into()),
        Backend::Sqlite => panic!("SQLite has no server"),
    }
}

/// `url` with its database replaced by `name` (its query kept).
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let mut out = format!("{}/{name}", &base[..path_start]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// A database name no other test uses.
pub fn unique_name(tag: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("migrate_{tag}_{}_{nanos}", std::process::id())
}

/// Creates a database of its own on the server; returns its name and URL.
pub async fn create_database(backend: Backend, tag: &str) -> (String, String) {
    create_database_on(&server_url(backend), tag).await
}

/// Creates a database of its own on the server `admin` names (a PostgreSQL or MySQL URL of an
/// existing database); returns its name and URL.
pub async fn create_database_on(admin: &str, tag: &str) -> (String, String) {
    sqlx::any::install_default_drivers();
    let name = unique_name(tag);
    let mut conn = AnyConnection::connect(admin).await.unwrap_or_else(|e| {
        panic!(
            "cannot reach the test server {} ({e}); start it or set MIGRATE_TEST_POSTGRES_URL / MIGRATE_TEST_MYSQL_URL",
            migrate_graph::secrets::redact_url(admin)
        )
    });
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let url = with_database(admin, &name);
    (name, url)
}

/// Drops a database made by [`create_database`], even while connections remain.
pub async fn drop_database(backend: Backend, name: &str) {
    drop_database_on(&server_url(backend), name).await;
}

/// Drops a database made by [`create_database_on`] on the server `admin` names, even while
/// connections remain.
pub async fn drop_database_on(admin: &str, name: &str) {
    let mut conn = AnyConnection::connect(admin).await.unwrap();
    let force = if admin.starts_with("postgres") {
        " WITH (FORCE)"
    } else {
        ""
    };
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name}{force}"
    )))
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();
}

/// A database of its own: a SQLite file in a temporary folder, or a database created on a
/// server. Test files add their own inherent methods (same crate).
pub struct Database {
    /// The family.
    pub backend: Backend,
    /// Its URL.
    pub url: String,
    /// Its name on the server (empty for SQLite).
    pub name: String,
    /// The SQLite file's folder.
    pub dir: Option<tempfile::TempDir>,
}

impl Database {
    /// Creates one.
    pub async fn new(backend: Backend, tag: &str) -> Database {
        sqlx::any::install_default_drivers();
        if backend == Backend::Sqlite {
            let dir = tempfile::tempdir().unwrap();
            let url = format!("sqlite:{}?mode=rwc", dir.path().join("db.sqlite").display());
            return Database {
                backend,
                url,
                name: String::new(),
                dir: Some(dir),
            };
        }
        let (name, url) = create_database(backend, tag).await;
        Database {
            backend,
            url,
            name,
            dir: None,
        }
    }

    /// Drops it.
    pub async fn drop(self) {
        if self.backend != Backend::Sqlite {
            drop_database(self.backend, &self.name).await;
        }
    }
}

/// What one run of the binary (`test-migrations`) printed.
pub struct Run {
    /// The arguments, joined.
    pub args: String,
    /// The exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Captures a finished run.
    pub fn new(args: &[&str], output: std::process::Output) -> Run {
        Run {
            args: args.join(" "),
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`test-migrations {}` exited with {:?}\n--- stdout\n{}--- stderr\n{}",
            self.args, self.code, self.stdout, self.stderr
        )
    }
}

/// A current-thread runtime for a test's async part.
pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Runs `sql` (one or more statements) on the database at `url`, on a connection of its own.
pub async fn execute(url: &str, sql: &str) {
    let mut conn = AnyConnection::connect(url).await.unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    conn.close().await.unwrap();
}

/// The first column of every row of `sql`, as text.
pub async fn strings(conn: &mut AnyConnection, sql: &str) -> Vec<String> {
    try_strings(conn, sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The first column of every row of `sql`, as text, or the database's error.
pub async fn try_strings(conn: &mut AnyConnection, sql: &str) -> Result<Vec<String>, sqlx::Error> {
    use sqlx::Row;
    let rows = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            r.try_get::<String, _>(0)
                .or_else(|_| r.try_get::<i64, _>(0).map(|v| v.to_string()))
                .or_else(|_| r.try_get::<i32, _>(0).map(|v| v.to_string()))
        })
        .collect()
}

/// The databases (or, for SQLite, temporary files) the stairway test of process `pid` left
/// behind: `migrate_stairway_<pid>_…`.
pub async fn stairway_leftovers(backend: Backend, pid: u32) -> Vec<String> {
    let prefix = format!("migrate_stairway_{pid}_");
    if backend == Backend::Sqlite {
        return std::fs::read_dir(std::env::temp_dir())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(&prefix))
            .collect();
    }
    sqlx::any::install_default_drivers();
    let sql = match backend {
        Backend::Postgres => "SELECT CAST(datname AS TEXT) FROM pg_database".to_string(),
        _ => "SELECT CAST(schema_name AS CHAR) FROM information_schema.schemata".to_string(),
    };
    let mut conn = AnyConnection::connect(&server_url(backend)).await.unwrap();
    let names = strings(&mut conn, &sql).await;
    names
        .into_iter()
        .filter(|n| n.starts_with(&prefix))
        .collect()
}

/// Runs the stairway test of `migrations` on a throwaway database of `backend` (on the test
/// server), and checks that nothing is left behind.
pub fn stairway(
    migrations: migrate_core::Migrations,
    backend: Backend,
) -> Option<migrate_core::stairway::Failure> {
    rt().block_on(async {
        let server = match backend {
            Backend::Sqlite => None,
            _ => Some(server_url(backend)),
        };
        let kind = match backend {
            Backend::Sqlite => migrate_core::stairway::Backend::Sqlite,
            Backend::Postgres => migrate_core::stairway::Backend::Postgres,
            Backend::Mysql => migrate_core::stairway::Backend::Mysql,
        };
        let steps = std::sync::Mutex::new(Vec::new());
        let status =
            |verb: &str, message: &str| steps.lock().unwrap().push(format!("{verb} {message}"));
        let outcome = migrate_core::stairway::run_on(migrations, kind, server.as_deref(), &status)
            .await
            .expect("the stairway test runs");
        let steps = steps.into_inner().unwrap();
        assert!(
            steps[0].starts_with(&format!("Created throwaway {} database ", kind.name())),
            "{steps:?}"
        );
        let count = migrations.registry().expect("the history registers").len();
        assert!(
            steps
                .iter()
                .any(|s| s.starts_with(&format!("Stairway 1/{count} "))),
            "{steps:?}"
        );
        assert_eq!(
            stairway_leftovers(backend, std::process::id()).await,
            Vec::<String>::new(),
            "the throwaway database is dropped"
        );
        outcome
    })
}
