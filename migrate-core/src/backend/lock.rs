//! The run lock: every run that writes takes it before it reads the current heads, so that
//! several copies of an application starting at once apply each migration exactly once.
//!
//! - PostgreSQL: a session advisory lock (`pg_try_advisory_lock`) on a dedicated connection.
//! - MySQL/MariaDB: `GET_LOCK` on a dedicated connection.
//! - SQLite: an exclusive `flock` on a file beside the database (`<db>.migrate-lock`).
//!
//! Each is released when [`RunLock`] is dropped or released, and by the server or the OS when
//! the process dies (the session ends, the file handle closes), so no path leaves it held.

use std::time::{Duration, Instant};

use sqlx::{AnyConnection, Connection, Row};

use super::Dialect;
use crate::error::{Error, Result};

/// The advisory-lock key on PostgreSQL: the first 8 bytes of "cargo-mi" as a big-endian i64.
const PG_LOCK_KEY: i64 = 0x6361_7267_6f2d_6d69;

/// The name of the MySQL lock (per database, so two databases on one server do not contend).
fn mysql_lock_name(database: &str) -> String {
    format!("cargo_migrate.{database}")
}

/// How often to try again while another process holds the lock.
const POLL: Duration = Duration::from_millis(100);

/// A held run lock.
pub(crate) enum RunLock {
    /// A session lock held by this dedicated connection.
    Session(Dialect, Box<AnyConnection>, String),
    /// An exclusive lock on this open file.
    File(std::fs::File),
    /// Nothing to lock (an in-memory SQLite database).
    None,
}

impl std::fmt::Debug for RunLock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunLock::Session(dialect, _, _) => write!(f, "RunLock::Session({})", dialect.name()),
            RunLock::File(_) => f.write_str("RunLock::File"),
            RunLock::None => f.write_str("RunLock::None"),
        }
    }
}

/// Waits for the lock, calling `waiting` once with who holds it, until `timeout`.
pub(crate) async fn acquire(
    dialect: Dialect,
    url: &str,
    redacted_url: &str,
    timeout: Duration,
    waiting: &(dyn Fn(&str) + Send + Sync),
) -> Result<RunLock> {
    let started = Instant::now();
    let mut told = false;
    match dialect {
        Dialect::Sqlite => {
            let Some(path) = sqlite_path(url) else {
                return Ok(RunLock::None);
            };
            let lock_path = format!("{path}.migrate-lock");
            // Without `mode=rwc` the database is not created: leave no lock file next to a
            // database that does not exist.
            if !std::path::Path::new(&path).exists() && !url.contains("mode=rwc") {
                return Err(Error::Database(format!(
                    "cannot open the SQLite database {path}: the file does not exist; check the path, or add ?mode=rwc to the URL to create it"
                )));
            }
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&lock_path)
                .map_err(|e| {
                    Error::Database(format!(
                        "cannot create the lock file {lock_path}: {e}; check that its folder exists and is writable"
                    ))
                })?;
            loop {
                match file.try_lock() {
                    Ok(()) => return Ok(RunLock::File(file)),
                    Err(std::fs::TryLockError::WouldBlock) => {}
                    Err(std::fs::TryLockError::Error(e)) => {
                        return Err(Error::Database(format!(
                            "cannot lock {lock_path}: {e}; check that the folder is on a local file system that supports locks"
                        )));
                    }
                }
                if !told {
                    waiting(&format!(
                        "another cargo-migrate process (lock file {lock_path})"
                    ));
                    told = true;
                }
                if started.elapsed() >= timeout {
                    return Err(Error::LockTimeout {
                        waited: timeout,
                        holder: format!("the process holding {lock_path}"),
                    });
                }
                tokio::time::sleep(POLL).await;
            }
        }
        Dialect::Postgres | Dialect::Mysql => {
            let mut conn = AnyConnection::connect(url)
                .await
                .map_err(|source| Error::Connect {
                    url: redacted_url.to_string(),
                    source,
                })?;
            let database = current_database(dialect, &mut conn).await?;
            loop {
                let got = try_lock(dialect, &mut conn, &database).await?;
                if got {
                    return Ok(RunLock::Session(dialect, Box::new(conn), database));
                }
                if !told || started.elapsed() >= timeout {
                    let holder = holder(dialect, &mut conn, &database).await;
                    if started.elapsed() >= timeout {
                        let _ = conn.close().await;
                        return Err(Error::LockTimeout {
                            waited: timeout,
                            holder,
                        });
                    }
                    waiting(&holder);
                    told = true;
                }
                tokio::time::sleep(POLL).await;
            }
        }
    }
}

impl RunLock {
    /// Releases the lock now (dropping it also releases it, less politely).
    pub(crate) async fn release(self) {
        match self {
            RunLock::Session(dialect, mut conn, database) => {
                let sql = match dialect {
                    Dialect::Postgres => format!("SELECT pg_advisory_unlock({PG_LOCK_KEY})"),
                    _ => format!(
                        "SELECT RELEASE_LOCK({})",
                        quote_str(&mysql_lock_name(&database))
                    ),
                };
                let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                    .execute(&mut *conn)
                    .await;
                let _ = conn.close().await;
            }
            RunLock::File(file) => {
                let _ = file.unlock();
            }
            RunLock::None => {}
        }
    }
}

async fn scalar_i64(conn: &mut AnyConnection, sql: String) -> Result<Option<i64>> {
    let row = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.clone()))
        .fetch_optional(&mut *conn)
        .await
        .map_err(|source| Error::Sql {
            sql: sql.clone(),
            source,
        })?;
    Ok(row.and_then(|r| {
        r.try_get::<i64, _>(0)
            .ok()
            .or_else(|| r.try_get::<i32, _>(0).ok().map(i64::from))
            .or_else(|| r.try_get::<bool, _>(0).ok().map(i64::from))
    }))
}

async fn current_database(dialect: Dialect, conn: &mut AnyConnection) -> Result<String> {
    let sql = match dialect {
        Dialect::Postgres => "SELECT CAST(current_database() AS TEXT)",
        _ => "SELECT DATABASE()",
    };
    let row = sqlx::raw_sql(sql)
        .fetch_one(&mut *conn)
        .await
        .map_err(|source| Error::Sql {
            sql: sql.to_string(),
            source,
        })?;
    Ok(row.try_get::<String, _>(0).unwrap_or_default())
}

async fn try_lock(dialect: Dialect, conn: &mut AnyConnection, database: &str) -> Result<bool> {
    let sql = match dialect {
        Dialect::Postgres => format!("SELECT CAST(pg_try_advisory_lock({PG_LOCK_KEY}) AS INTEGER)"),
        _ => format!(
            "SELECT GET_LOCK({}, 0)",
            quote_str(&mysql_lock_name(database))
        ),
    };
    Ok(scalar_i64(conn, sql).await? == Some(1))
}

/// Who holds the lock, as well as we can tell.
async fn holder(dialect: Dialect, conn: &mut AnyConnection, database: &str) -> String {
    let sql = match dialect {
        Dialect::Postgres => format!(
            "SELECT CAST(l.pid AS BIGINT) FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted \
             AND l.objid = {} AND l.classid = {} LIMIT 1",
            PG_LOCK_KEY & 0xffff_ffff,
            (PG_LOCK_KEY >> 32) & 0xffff_ffff
        ),
        _ => format!(
            "SELECT CAST(IS_USED_LOCK({}) AS SIGNED)",
            quote_str(&mysql_lock_name(database))
        ),
    };
    match scalar_i64(conn, sql).await {
        Ok(Some(id)) => match dialect {
            Dialect::Postgres => format!("another migration run (PostgreSQL backend pid {id})"),
            _ => format!("another migration run (MySQL connection id {id})"),
        },
        _ => "another migration run".to_string(),
    }
}

/// A string literal for SQL, quotes doubled.
fn quote_str(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// The file of a SQLite URL, or `None` for an in-memory database.
pub(crate) fn sqlite_path(url: &str) -> Option<String> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" || url.contains("mode=memory") {
        None
    } else {
        Some(path.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_paths() {
        assert_eq!(
            sqlite_path("sqlite:blog.db?mode=rwc").as_deref(),
            Some("blog.db")
        );
        assert_eq!(
            sqlite_path("sqlite:///tmp/x.db").as_deref(),
            Some("/tmp/x.db")
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("sqlite:file.db?mode=memory"), None);
    }
}
