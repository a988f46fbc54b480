//! Locking, and what keeps a migration from running twice when locking is not enough.
//!
//! Correctness never rests on the run lock alone: every step re-reads the version table inside
//! its own transaction, under a guard ([`begin_step`]), and refuses to run when another run
//! moved it. The run lock only keeps runners from queueing behind each other step by step.
//!
//! - PostgreSQL: no session lock at all. Each transaction takes `pg_try_advisory_xact_lock`,
//!   which a transaction pooler (pgbouncer in transaction mode) keeps on one server connection
//!   and which the server releases at COMMIT or ROLLBACK, so it can neither be shared by two
//!   clients nor leak. A step that runs outside a transaction (`transactional = false`)
//!   claims a row of the lock table for its duration, kept alive by a heartbeat.
//! - MySQL/MariaDB: `GET_LOCK` on the run's own connection; on a Galera cluster, where
//!   `GET_LOCK` is node-local, a row of the lock table (holder, expiry, heartbeat), which
//!   certification makes cluster-wide, plus `wsrep_sync_wait` so reads see the whole cluster.
//! - SQLite: an exclusive `flock` on a file beside the database (`<db>.migrate-lock`), and
//!   `BEGIN IMMEDIATE` for each step.
//!
//! Every lock is released on every path, and by the server, the lease or the OS when the
//! process dies.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use sqlx::{AnyConnection, Connection, Row};

use super::Dialect;
use crate::error::{Error, Result};
use crate::version::VersionTable;

/// The advisory-lock key of the default version table (`alembic_version`, no schema) on
/// PostgreSQL: the first 8 bytes of "cargo-mi" as a big-endian i64. Other version tables have
/// keys of their own ([`VersionTable::pg_lock_key`]).
pub(crate) const PG_LOCK_KEY: i64 = 0x6361_7267_6f2d_6d69;

/// The name of the MySQL lock (per database, so two databases on one server do not contend).
fn mysql_lock_name(database: &str) -> String {
    format!("cargo_migrate.{database}")
}

/// How often to try again while another process holds the lock.
const POLL: Duration = Duration::from_millis(100);

/// How long a lock-table row lives without a heartbeat.
pub(crate) const LEASE_MS: i64 = 30_000;

/// How often the holder of a lock-table row renews it.
const HEARTBEAT: Duration = Duration::from_secs(5);

/// The lock table's only row name.
const RUN: &str = "run";

/// What a run must know about the server before it writes: read once, on the run's connection.
#[derive(Debug, Clone, Default)]
pub(crate) struct Topology {
    /// A MariaDB/MySQL Galera cluster (`@@wsrep_on`).
    pub(crate) galera: bool,
    /// Why the server cannot be written to, when it cannot: a hot standby, a read-only replica.
    pub(crate) read_only: Option<String>,
}

/// Reads the server's [`Topology`]; on Galera, also makes this session's reads wait until the
/// node has applied everything the cluster committed before them.
pub(crate) async fn probe(dialect: Dialect, conn: &mut AnyConnection) -> Result<Topology> {
    match dialect {
        Dialect::Sqlite => Ok(Topology::default()),
        Dialect::Postgres => {
            let sql = "SELECT CAST(pg_is_in_recovery() AS INTEGER), CAST(current_setting('transaction_read_only') AS TEXT)";
            let row = fetch_one(conn, sql).await?;
            let recovery: i32 = row.try_get(0).unwrap_or_default();
            let read_only: String = row.try_get(1).unwrap_or_default();
            let read_only = if recovery == 1 {
                Some("this is a read-only hot standby".to_string())
            } else if read_only == "on" {
                Some(
                    "this database is read-only for this user (transaction_read_only is on)"
                        .to_string(),
                )
            } else {
                None
            };
            Ok(Topology {
                galera: false,
                read_only,
            })
        }
        Dialect::Mysql => {
            // MySQL without wsrep has no @@wsrep_on: ask for read_only alone then.
            let both = "SELECT CAST(@@global.read_only AS SIGNED), CAST(@@wsrep_on AS SIGNED)";
            let (read_only, galera) = match fetch_one(conn, both).await {
                Ok(row) => (int(&row, 0) == 1, int(&row, 1) == 1),
                Err(_) => {
                    let row = fetch_one(conn, "SELECT CAST(@@global.read_only AS SIGNED)").await?;
                    (int(&row, 0) == 1, false)
                }
            };
            if galera {
                execute(conn, "SET SESSION wsrep_sync_wait = 1").await?;
            }
            Ok(Topology {
                galera,
                read_only: read_only.then(|| {
                    "this server is read-only (@@read_only = 1): a replica, or a server in maintenance"
                        .to_string()
                }),
            })
        }
    }
}

/// A held run lock.
pub(crate) enum RunLock {
    /// `GET_LOCK` held by the run's own connection (MySQL/MariaDB outside Galera).
    Named(String),
    /// A row of the lock table (Galera).
    Table(TableLock),
    /// An exclusive lock on this open file (SQLite).
    File(std::fs::File),
    /// No run-wide lock: each transaction takes its own (PostgreSQL), or there is nothing to
    /// lock (an in-memory SQLite database).
    PerStep,
}

impl std::fmt::Debug for RunLock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunLock::Named(name) => write!(f, "RunLock::Named({name})"),
            RunLock::Table(lock) => write!(f, "RunLock::Table({})", lock.holder),
            RunLock::File(_) => f.write_str("RunLock::File"),
            RunLock::PerStep => f.write_str("RunLock::PerStep"),
        }
    }
}

/// Where a lock waits, and whom it tells.
pub(crate) struct Wait<'a> {
    /// The database URL (for the heartbeat's connection).
    pub(crate) url: &'a str,
    /// How long to wait before giving up.
    pub(crate) timeout: Duration,
    /// Told once, with who holds the lock, when a run has to wait.
    pub(crate) waiting: &'a (dyn Fn(&str) + Send + Sync),
}

/// Waits for the run lock, calling `waiting` once with who holds it, until the timeout.
pub(crate) async fn acquire(
    dialect: Dialect,
    topology: &Topology,
    conn: &mut AnyConnection,
    table: &VersionTable,
    wait: &Wait<'_>,
) -> Result<RunLock> {
    match dialect {
        Dialect::Sqlite => acquire_file(wait).await,
        Dialect::Postgres => Ok(RunLock::PerStep),
        Dialect::Mysql if topology.galera => {
            execute(conn, &table.create_lock_sql()?).await?;
            Ok(RunLock::Table(TableLock::acquire(conn, table, wait).await?))
        }
        Dialect::Mysql => {
            let database = current_database(dialect, conn).await?;
            let name = mysql_lock_name(&database);
            let sql = format!("SELECT GET_LOCK({}, 0)", quote_str(&name));
            let started = Instant::now();
            let mut told = false;
            loop {
                if scalar_i64(conn, &sql).await? == Some(1) {
                    return Ok(RunLock::Named(name));
                }
                let holder = async {
                    let sql = format!("SELECT CAST(IS_USED_LOCK({}) AS SIGNED)", quote_str(&name));
                    match scalar_i64(conn, &sql).await {
                        Ok(Some(id)) if id > 0 => {
                            format!("another migration run (MySQL connection id {id})")
                        }
                        _ => "another migration run".to_string(),
                    }
                };
                told = waited(started, told, wait, holder).await?;
            }
        }
    }
}

/// Tells who holds the lock the first time, and fails once the timeout has passed.
/// `holder` is only awaited when it is needed.
async fn waited(
    started: Instant,
    told: bool,
    wait: &Wait<'_>,
    holder: impl std::future::Future<Output = String>,
) -> Result<bool> {
    let out_of_time = started.elapsed() >= wait.timeout;
    if !told || out_of_time {
        let holder = holder.await;
        if out_of_time {
            return Err(Error::LockTimeout {
                waited: wait.timeout,
                holder,
            });
        }
        (wait.waiting)(&holder);
    }
    tokio::time::sleep(POLL).await;
    Ok(true)
}

async fn acquire_file(wait: &Wait<'_>) -> Result<RunLock> {
    let Some(path) = sqlite_path(wait.url) else {
        return Ok(RunLock::PerStep);
    };
    let lock_path = format!("{path}.migrate-lock");
    // Without `mode=rwc` the database is not created: leave no lock file next to a database
    // that does not exist.
    refuse_missing_sqlite(wait.url)?;
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
    let started = Instant::now();
    let mut told = false;
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
            (wait.waiting)(&format!(
                "another cargo-migrate process (lock file {lock_path})"
            ));
            told = true;
        }
        if started.elapsed() >= wait.timeout {
            return Err(Error::LockTimeout {
                waited: wait.timeout,
                holder: format!("the process holding {lock_path}"),
            });
        }
        tokio::time::sleep(POLL).await;
    }
}

impl RunLock {
    /// Releases the lock. A lock that could not be released is reported in the error text
    /// (the caller warns: the lease or the session's end frees it).
    pub(crate) async fn release(
        self,
        conn: &mut AnyConnection,
        table: &VersionTable,
    ) -> Result<(), String> {
        match self {
            RunLock::Named(name) => {
                let sql = format!("SELECT RELEASE_LOCK({})", quote_str(&name));
                match scalar_i64(conn, &sql).await {
                    Ok(Some(1)) => Ok(()),
                    Ok(other) => Err(format!(
                        "the migration lock {name} was not held by this run when it released it (RELEASE_LOCK returned {other:?})"
                    )),
                    Err(e) => Err(format!(
                        "the migration lock {name} could not be released ({e}); the server frees it when this session ends"
                    )),
                }
            }
            RunLock::Table(lock) => lock.release(conn, table).await,
            RunLock::File(file) => {
                let _ = file.unlock();
                Ok(())
            }
            RunLock::PerStep => Ok(()),
        }
    }

    /// The lock-table holder this run is, if it holds a lock-table row.
    pub(crate) fn holder(&self) -> Option<&str> {
        match self {
            RunLock::Table(lock) => Some(&lock.holder),
            _ => None,
        }
    }

    /// True when no run-wide lock is held and each step locks for itself (PostgreSQL).
    pub(crate) fn locks_per_step(&self) -> bool {
        matches!(self, RunLock::PerStep)
    }

    /// Fails when this run's lock-table lease was lost (a heartbeat found another holder).
    pub(crate) fn check(&self) -> Result<()> {
        match self {
            RunLock::Table(lock) => lock.check(),
            _ => Ok(()),
        }
    }
}

/// A row of the lock table held by this run, renewed by a heartbeat on its own connection
/// until released; it expires [`LEASE_MS`] after the last renewal when the holder dies.
pub(crate) struct TableLock {
    holder: String,
    lost: Arc<AtomicBool>,
    heartbeat: Option<tokio::task::JoinHandle<()>>,
}

impl Drop for TableLock {
    fn drop(&mut self) {
        if let Some(task) = self.heartbeat.take() {
            task.abort();
        }
    }
}

/// Who this process is, for the lock table: host, pid and a nonce.
fn holder_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::env::var("HOSTNAME"))
        .unwrap_or_else(|_| "localhost".into());
    let nonce = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{} pid {} #{nonce:08x}", host.trim(), std::process::id())
}

impl TableLock {
    /// Waits for the lock-table row, on `conn` (autocommit).
    async fn acquire(
        conn: &mut AnyConnection,
        table: &VersionTable,
        wait: &Wait<'_>,
    ) -> Result<TableLock> {
        let holder = holder_name();
        let started = Instant::now();
        let mut told = false;
        loop {
            if Self::try_claim(conn, table, &holder).await? {
                let mut lock = TableLock {
                    holder,
                    lost: Arc::default(),
                    heartbeat: None,
                };
                lock.start_heartbeat(wait.url, table).await?;
                return Ok(lock);
            }
            told = waited(started, told, wait, Self::current_holder(conn, table)).await?;
        }
    }

    /// Takes the row unless a live holder has it: expired rows are removed first. Inside a
    /// transaction, the claim commits with it. A conflict on either statement (another
    /// holder's row, a Galera certification conflict or brute-force abort, a deadlock with a
    /// write to the lock table such as the checksum checkpoint) means "not this time".
    pub(crate) async fn try_claim(
        conn: &mut AnyConnection,
        table: &VersionTable,
        holder: &str,
    ) -> Result<bool> {
        for sql in [
            table.expire_lock_sql(),
            table.claim_lock_sql(holder, LEASE_MS),
        ] {
            match sqlx::raw_sql(sqlx::AssertSqlSafe(sql.as_str()))
                .execute(&mut *conn)
                .await
            {
                Ok(_) => {}
                Err(e) if is_conflict(&e) => return Ok(false),
                Err(source) => return Err(Error::Sql { sql, source }),
            }
        }
        Ok(true)
    }

    /// A lock on a row this run claimed inside a transaction that has committed: starts the
    /// heartbeat.
    pub(crate) async fn claimed(
        holder: String,
        url: &str,
        table: &VersionTable,
    ) -> Result<TableLock> {
        let mut lock = TableLock {
            holder,
            lost: Arc::default(),
            heartbeat: None,
        };
        lock.start_heartbeat(url, table).await?;
        Ok(lock)
    }

    /// A new holder name for a claim.
    pub(crate) fn new_holder() -> String {
        holder_name()
    }

    async fn current_holder(conn: &mut AnyConnection, table: &VersionTable) -> String {
        match sqlx::raw_sql(sqlx::AssertSqlSafe(table.lock_holder_sql()))
            .fetch_optional(&mut *conn)
            .await
        {
            Ok(Some(row)) => format!(
                "another migration run ({})",
                row.try_get::<String, _>(0).unwrap_or_default()
            ),
            _ => "another migration run".to_string(),
        }
    }

    async fn start_heartbeat(&mut self, url: &str, table: &VersionTable) -> Result<()> {
        let mut beat = AnyConnection::connect(url)
            .await
            .map_err(|source| Error::Connect {
                url: crate::config::redact_url(url),
                source,
            })?;
        let sql = table.renew_lock_sql(&self.holder, LEASE_MS);
        let lost = self.lost.clone();
        self.heartbeat = Some(tokio::spawn(async move {
            loop {
                tokio::time::sleep(HEARTBEAT).await;
                let renewed = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.as_str()))
                    .execute(&mut beat)
                    .await;
                match renewed {
                    Ok(done) if done.rows_affected() == 1 => {}
                    Ok(_) => {
                        lost.store(true, Ordering::SeqCst);
                        break;
                    }
                    // A failed renewal is retried; the lease outlives a few of them.
                    Err(_) => {}
                }
            }
            let _ = beat.close().await;
        }));
        Ok(())
    }

    /// The holder name written in the row.
    pub(crate) fn holder(&self) -> &str {
        &self.holder
    }

    fn check(&self) -> Result<()> {
        if self.lost.load(Ordering::SeqCst) {
            return Err(Error::LockLost(self.holder.clone()));
        }
        Ok(())
    }

    /// Stops the heartbeat and deletes the row, checking it was still this run's.
    pub(crate) async fn release(
        mut self,
        conn: &mut AnyConnection,
        table: &VersionTable,
    ) -> Result<(), String> {
        if let Some(task) = self.heartbeat.take() {
            task.abort();
        }
        let sql = table.release_lock_sql(&self.holder);
        match sqlx::raw_sql(sqlx::AssertSqlSafe(sql.as_str()))
            .execute(&mut *conn)
            .await
        {
            Ok(done) if done.rows_affected() == 1 => Ok(()),
            Ok(_) => Err(format!(
                "the lock-table row of {} had expired and was not this run's any more when it was released",
                self.holder
            )),
            Err(e) => Err(format!(
                "the lock-table row of {} could not be deleted ({e}); it expires {} s after its last heartbeat",
                self.holder,
                LEASE_MS / 1000
            )),
        }
    }
}

/// What [`begin_step`] found, inside the transaction it opened.
#[derive(Debug)]
pub(crate) struct StepState {
    /// The version table's rows, sorted.
    pub(crate) heads: Vec<String>,
}

/// Opens a transaction for a step (or for reading state that must not move) and reads the
/// version table inside it, under the step lock: PostgreSQL's transaction-scoped advisory lock,
/// SQLite's `BEGIN IMMEDIATE`. While another run holds a live lock-table row that is not
/// `own`, it waits (a step outside a transaction is running). The transaction is left open.
pub(crate) async fn begin_step(
    dialect: Dialect,
    conn: &mut AnyConnection,
    table: &VersionTable,
    own: Option<&str>,
    wait: &Wait<'_>,
) -> Result<StepState> {
    let started = Instant::now();
    let mut told = false;
    let state = table.state_sql()?;
    let sql = match dialect {
        Dialect::Postgres => format!(
            "BEGIN;\nSELECT CAST(pg_try_advisory_xact_lock({}) AS INTEGER);\n{state}",
            table.pg_lock_key()
        ),
        _ => format!("{};\n{state}", dialect.begin()),
    };
    loop {
        let rows = match sqlx::raw_sql(sqlx::AssertSqlSafe(sql.as_str()))
            .fetch_all(&mut *conn)
            .await
        {
            Ok(rows) => rows,
            Err(source) => {
                let _ = execute(conn, "ROLLBACK").await;
                if is_conflict(&source) {
                    tokio::time::sleep(POLL).await;
                    continue;
                }
                return Err(Error::Sql { sql, source });
            }
        };
        let mut locked = true;
        let mut heads = Vec::new();
        let mut claimed_by: Option<String> = None;
        for row in &rows {
            if row.len() == 1 {
                locked = int(row, 0) == 1;
                continue;
            }
            let kind: String = row.try_get(0).unwrap_or_default();
            let value: String = row.try_get(1).map_err(|e| Error::VersionTable {
                table: table.display_name(),
                why: format!(
                    "version_num is not text ({e}); recreate the table as VARCHAR(32) and restore its rows with `cargo migrate stamp`"
                ),
            })?;
            match kind.as_str() {
                "v" => heads.push(value),
                "l" if Some(value.as_str()) != own => claimed_by = Some(value),
                _ => {}
            }
        }
        if locked && claimed_by.is_none() {
            heads.sort();
            return Ok(StepState { heads });
        }
        execute(conn, "ROLLBACK").await?;
        let holder = async {
            match claimed_by {
                Some(holder) => {
                    format!("another migration run ({holder}) running a step outside a transaction")
                }
                None => pg_holder(conn, table.pg_lock_key()).await,
            }
        };
        told = waited(started, told, wait, holder).await?;
    }
}

/// Opens a transaction holding PostgreSQL's transaction-scoped advisory lock, waiting for it
/// (and saying who holds it) until the timeout.
pub(crate) async fn begin_locked(
    conn: &mut AnyConnection,
    table: &VersionTable,
    wait: &Wait<'_>,
) -> Result<()> {
    let key = table.pg_lock_key();
    let sql = format!("BEGIN;\nSELECT CAST(pg_try_advisory_xact_lock({key}) AS INTEGER)");
    let started = Instant::now();
    let mut told = false;
    loop {
        let rows = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.as_str()))
            .fetch_all(&mut *conn)
            .await
            .map_err(|source| Error::Sql {
                sql: sql.clone(),
                source,
            })?;
        if rows.first().is_some_and(|row| int(row, 0) == 1) {
            return Ok(());
        }
        execute(conn, "ROLLBACK").await?;
        told = waited(started, told, wait, pg_holder(conn, key)).await?;
    }
}

/// True when a SQLite URL names a file that does not exist and may not be created: the run
/// refuses before connecting, so that nothing appears next to it.
pub(crate) fn refuse_missing_sqlite(url: &str) -> Result<()> {
    let Some(path) = sqlite_path(url) else {
        return Ok(());
    };
    let file = std::path::Path::new(&path);
    if file.exists() {
        return Ok(());
    }
    if !url.contains("mode=rwc") {
        return Err(Error::Database(format!(
            "cannot open the SQLite database {path}: the file does not exist; check the path, or add ?mode=rwc to the URL to create it"
        )));
    }
    match file.parent() {
        Some(folder) if !folder.as_os_str().is_empty() && !folder.is_dir() => {
            Err(Error::Database(format!(
                "cannot create the SQLite database {path}: its folder {} does not exist; check that its folder exists, or fix the path in the URL",
                folder.display()
            )))
        }
        _ => Ok(()),
    }
}

/// Who holds PostgreSQL's advisory lock `key` on this database.
async fn pg_holder(conn: &mut AnyConnection, key: i64) -> String {
    let sql = format!(
        "SELECT CAST(l.pid AS BIGINT) FROM pg_locks l JOIN pg_database d ON d.oid = l.database \
         WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database() \
         AND l.objid = {} AND l.classid = {} LIMIT 1",
        key & 0xffff_ffff,
        (key >> 32) & 0xffff_ffff
    );
    match scalar_i64(conn, &sql).await {
        Ok(Some(pid)) => format!("another migration run (PostgreSQL backend pid {pid})"),
        _ => "another migration run".to_string(),
    }
}

/// True when `error` is a conflict with another writer that a retry resolves: a duplicate key,
/// a deadlock or serialization failure (Galera's certification failures are deadlocks, 1213).
pub(crate) fn is_conflict(error: &sqlx::Error) -> bool {
    let code = error
        .as_database_error()
        .and_then(|e| e.code())
        .unwrap_or_default();
    let text = error.to_string();
    matches!(&*code, "23505" | "40001" | "40P01" | "23000")
        || text.contains("Deadlock found")
        || text.contains("UNIQUE constraint failed")
}

fn int(row: &sqlx::any::AnyRow, i: usize) -> i64 {
    row.try_get::<i64, _>(i)
        .ok()
        .or_else(|| row.try_get::<i32, _>(i).ok().map(i64::from))
        .or_else(|| row.try_get::<bool, _>(i).ok().map(i64::from))
        .unwrap_or_default()
}

async fn fetch_one(conn: &mut AnyConnection, sql: &str) -> Result<sqlx::any::AnyRow> {
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(&mut *conn)
        .await
        .map_err(|source| Error::Sql {
            sql: sql.to_string(),
            source,
        })
}

async fn execute(conn: &mut AnyConnection, sql: &str) -> Result<()> {
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&mut *conn)
        .await
        .map(|_| ())
        .map_err(|source| Error::Sql {
            sql: sql.to_string(),
            source,
        })
}

async fn scalar_i64(conn: &mut AnyConnection, sql: &str) -> Result<Option<i64>> {
    let row = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_optional(&mut *conn)
        .await
        .map_err(|source| Error::Sql {
            sql: sql.to_string(),
            source,
        })?;
    // NULL reads as 0; GET_LOCK and RELEASE_LOCK answer 1 on success.
    Ok(row.map(|r| int(&r, 0)))
}

async fn current_database(dialect: Dialect, conn: &mut AnyConnection) -> Result<String> {
    let sql = match dialect {
        Dialect::Postgres => "SELECT CAST(current_database() AS TEXT)",
        _ => "SELECT DATABASE()",
    };
    let row = fetch_one(conn, sql).await?;
    Ok(row.try_get::<String, _>(0).unwrap_or_default())
}

/// A string literal for SQL, quotes doubled.
pub(crate) fn quote_str(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// The lock table's row name.
pub(crate) fn run_row() -> &'static str {
    RUN
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
