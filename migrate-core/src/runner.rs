//! The run algorithm, written once for every database: take the lock → ensure the version and
//! event tables → refuse a half-applied database → read the current heads *after* locking →
//! plan with migrate-graph → for each step: begin, run the ops, change the version rows, append
//! the event, commit → release the lock (on every path).

use std::time::{Duration, Instant};

use migrate_graph::{Direction, Plan, RevisionMap, Step, Target, VersionOp};
use sqlx::{AnyConnection, Connection, Row};

use crate::backend::{Dialect, lock};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::ops::{Operations, Sink, run};
use crate::registry::{MigrationInfo, Migrations, Registry};
use crate::version::{
    Event, STATUS_FAILED, STATUS_ROLLED_BACK, STATUS_RUNNING, STATUS_SUCCESS, VersionTable,
};

/// How long a lock-table claim lives without a heartbeat.
const LEASE_MS: i64 = lock::LEASE_MS;

/// What happened in one step, handed to the progress callback.
#[derive(Debug, Clone)]
pub struct StepReport {
    /// The revision run.
    pub revision: String,
    /// Up or down.
    pub direction: Direction,
    /// `parent -> revision`, as Alembic prints it.
    pub arrow: String,
    /// The revision's message.
    pub message: String,
    /// How long the step took, commit included.
    pub duration: Duration,
}

/// A step about to start, handed to the `on_step_start` callback.
#[derive(Debug, Clone)]
pub struct StepStart<'a> {
    /// Its position in the run, from 0.
    pub index: usize,
    /// How many steps the run has.
    pub total: usize,
    /// The revision.
    pub revision: &'a str,
    /// Up or down.
    pub direction: Direction,
    /// `parent -> revision`, as Alembic prints it.
    pub arrow: String,
    /// The revision's message.
    pub message: &'a str,
}

/// The outcome of a run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The steps run, in order.
    pub steps: Vec<StepReport>,
    /// The version table's rows afterwards, sorted.
    pub heads: Vec<String>,
}

/// One row of the event log, as `cargo migrate log` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    /// Its sequence number.
    pub id: String,
    /// The revision.
    pub revision: String,
    /// `upgrade`, `downgrade` or `stamp`.
    pub direction: String,
    /// The revision's checksum when it ran.
    pub checksum: String,
    /// When it started (the database's clock).
    pub started_at: String,
    /// How long it took, in milliseconds.
    pub duration_ms: String,
    /// `success`, `rolled back`, `failed`, `running` or `resolved`.
    pub status: String,
    /// The error, when it failed.
    pub error: Option<String>,
    /// The cargo-migrate version that ran it.
    pub tool_version: String,
}

impl std::fmt::Display for EventRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:>5} {} {:<9} {} {:<11} {:>6} ms  checksum {}  cargo-migrate {}",
            self.id,
            self.started_at,
            self.direction,
            self.revision,
            self.status,
            self.duration_ms,
            self.checksum,
            self.tool_version
        )?;
        if let Some(error) = &self.error {
            write!(f, "\n      error: {error}")?;
        }
        Ok(())
    }
}

/// `log --format json`: `{"schema":1,"events":[{"id":…,"revision":…,…}]}`, newest first.
pub fn events_json(events: &[EventRow]) -> String {
    use migrate_graph::json::string;
    let objects: Vec<String> = events
        .iter()
        .map(|e| {
            format!(
                "{{\"id\":{},\"revision\":{},\"direction\":{},\"checksum\":{},\"started_at\":{},\"duration_ms\":{},\"status\":{},\"error\":{},\"tool_version\":{}}}",
                e.id.parse::<i64>().unwrap_or_default(),
                string(&e.revision),
                string(&e.direction),
                string(&e.checksum),
                string(&e.started_at),
                e.duration_ms.parse::<i64>().unwrap_or_default(),
                string(&e.status),
                e.error.as_deref().map_or("null".to_string(), string),
                string(&e.tool_version)
            )
        })
        .collect();
    format!("{{\"schema\":1,\"events\":[{}]}}", objects.join(","))
}

/// What `check` found: each problem in one paragraph, or a one-line summary.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Every problem, with its cause and fix.
    pub problems: Vec<String>,
    /// The one-line summary: `ok: …` only when there is no problem.
    pub summary: String,
    /// Applied revisions with no checksum recorded, whose edits cannot be detected.
    pub unverified: Vec<String>,
    /// One line per active squash: whether this database still needs the revisions it
    /// replaces, or they can be deleted.
    pub squashes: Vec<String>,
}

impl CheckReport {
    /// `{"schema":1,"ok":bool,"problems":[…],"unverified":[…],"summary":"…"}`.
    pub fn to_json(&self) -> String {
        use migrate_graph::json::{string, string_array};
        let squashes = if self.squashes.is_empty() {
            String::new()
        } else {
            format!(",\"squashes\":{}", string_array(&self.squashes))
        };
        format!(
            "{{\"schema\":1,\"ok\":{},\"problems\":{},\"unverified\":{}{squashes},\"summary\":{}}}",
            self.problems.is_empty(),
            string_array(&self.problems),
            string_array(&self.unverified),
            string(&self.summary)
        )
    }
}

/// How a run behaves.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// One transaction per migration (the default), or one for the whole run.
    pub transaction_per_migration: bool,
    /// How long to wait for another run's lock.
    pub lock_timeout: Duration,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            transaction_per_migration: true,
            lock_timeout: Duration::from_secs(60),
        }
    }
}

type Progress = Box<dyn Fn(&StepReport) + Send + Sync>;
type Starting = Box<dyn Fn(&StepStart<'_>) + Send + Sync>;
type Waiting = Box<dyn Fn(&str) + Send + Sync>;

/// Runs a crate's migrations against one database. The same runner backs `cargo migrate`, the
/// standalone migrations binary, and applications that migrate at start-up.
///
/// An application that migrates at start-up, or refuses to start on a database that was not
/// migrated (`migrations` is the migrations crate's `MIGRATIONS`):
///
/// ```no_run
/// use migrate_core::{Migrations, Migrator};
///
/// async fn start(migrations: Migrations, url: &str) -> Result<(), Box<dyn std::error::Error>> {
///     let pool = sqlx::PgPool::connect(url).await?;
///     let migrator = Migrator::for_pool(migrations, &pool)?;
///     let report = migrator.upgrade("heads").await?; // under the lock `cargo migrate` takes
///     println!("{} steps", report.steps.len());
///     migrator.ensure_at_head().await?; // or only check, and refuse to start
///     Ok(())
/// }
/// # fn main() {}
/// ```
pub struct Migrator {
    registry: std::sync::Arc<Registry>,
    config: Config,
    dialect: Dialect,
    options: RunOptions,
    progress: Option<Progress>,
    starting: Option<Starting>,
    waiting: Waiting,
    warning: Waiting,
}

impl std::fmt::Debug for Migrator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Migrator")
            .field("config", &self.config)
            .field("revisions", &self.registry.len())
            .field("options", &self.options)
            .finish()
    }
}

impl Migrator {
    /// A runner for `migrations` with resolved settings.
    pub fn new(migrations: Migrations, config: Config) -> Result<Migrator> {
        Migrator::from_registry(migrations.registry()?, config)
    }

    /// A runner over a registry already collected and checked (the migrations binary collects
    /// it once for the commands that need no database).
    pub fn from_registry(registry: Registry, config: Config) -> Result<Migrator> {
        Migrator::shared(std::sync::Arc::new(registry), config)
    }

    /// A runner over a registry shared with other runners (a fan-out collects and checks it
    /// once for all its databases).
    pub fn shared(registry: std::sync::Arc<Registry>, config: Config) -> Result<Migrator> {
        let dialect = Dialect::from_url(&config.database_url)?;
        Ok(Migrator {
            registry,
            config,
            dialect,
            options: RunOptions::default(),
            progress: None,
            starting: None,
            waiting: Box::new(|_| {}),
            warning: Box::new(|_| {}),
        })
    }

    /// A runner for the database a sqlx pool connects to, for applications that migrate at
    /// start-up. The runner opens its own connections (one holds the lock).
    pub fn for_pool<DB: sqlx::Database>(
        migrations: Migrations,
        pool: &sqlx::Pool<DB>,
    ) -> Result<Migrator> {
        use sqlx::ConnectOptions;
        let url = pool.connect_options().to_url_lossy().to_string();
        let config = Config::resolve(&migrations, Some(&url))?;
        Migrator::new(migrations, config)
    }

    /// Sets how runs behave.
    pub fn with_options(mut self, options: RunOptions) -> Self {
        self.options = options;
        self
    }

    /// Calls `progress` after every step that ran.
    pub fn on_progress(mut self, progress: impl Fn(&StepReport) + Send + Sync + 'static) -> Self {
        self.progress = Some(Box::new(progress));
        self
    }

    /// Calls `starting` before every step of a run begins (with its position and the run's
    /// length, for a progress bar).
    pub fn on_step_start(
        mut self,
        starting: impl Fn(&StepStart<'_>) + Send + Sync + 'static,
    ) -> Self {
        self.starting = Some(Box::new(starting));
        self
    }

    /// Tells the `on_step_start` callback that `step` starts, after `done` of `total` steps.
    fn step_starts(
        &self,
        map: &RevisionMap,
        (total, done): (usize, usize),
        step: &Step,
        info: &MigrationInfo,
    ) {
        if let Some(starting) = &self.starting {
            starting(&StepStart {
                index: done,
                total,
                revision: &step.revision,
                direction: step.direction,
                arrow: step.arrow(map),
                message: info.message,
            });
        }
    }

    /// Calls `waiting` with who holds the lock when a run has to wait for it.
    pub fn on_lock_wait(mut self, waiting: impl Fn(&str) + Send + Sync + 'static) -> Self {
        self.waiting = Box::new(waiting);
        self
    }

    /// Calls `warning` with what a run notices but does not stop for: an applied revision
    /// whose code was edited since it ran.
    pub fn on_warning(mut self, warning: impl Fn(&str) + Send + Sync + 'static) -> Self {
        self.warning = Box::new(warning);
        self
    }

    /// The checked registry.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The database's dialect.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    fn table(&self) -> VersionTable {
        VersionTable::new(self.dialect, &self.config)
    }

    /// Opens a connection to the configured database.
    pub async fn connect(&self) -> Result<AnyConnection> {
        sqlx::any::install_default_drivers();
        match self.dialect {
            #[cfg(not(feature = "sqlite"))]
            Dialect::Sqlite => return Err(Error::BackendDisabled("sqlite")),
            #[cfg(not(feature = "postgres"))]
            Dialect::Postgres => return Err(Error::BackendDisabled("postgres")),
            #[cfg(not(feature = "mysql"))]
            Dialect::Mysql => return Err(Error::BackendDisabled("mysql")),
            #[allow(unreachable_patterns)]
            _ => {}
        }
        let (_, mut conn) =
            crate::config::connect_plain_first::<AnyConnection>(&self.config.database_url)
                .await
                .map_err(|source| Error::Connect {
                    url: self.config.redacted_url(),
                    source,
                })?;
        if let Some(setup) = self.dialect.session_setup() {
            run(&mut Sink::Live(&mut conn), setup.into()).await?;
        }
        Ok(conn)
    }

    /// The version table's rows (the current heads), sorted; empty when the table is absent.
    pub async fn current(&self) -> Result<Vec<String>> {
        let mut conn = self.connect().await?;
        let heads = self.read_heads(&mut conn, false).await;
        let _ = conn.close().await;
        heads
    }

    /// Fails unless the database is at the code's heads: for applications that refuse to start
    /// on a database that was not migrated.
    pub async fn ensure_at_head(&self) -> Result<()> {
        let current = self.current().await?;
        // In the view of this database: a table at END is at head when the squash is.
        let map = self.registry.map().view(&current, &[]);
        let mut heads: Vec<String> = map.heads().iter().map(|r| r.revision.clone()).collect();
        heads.sort();
        if current == heads {
            Ok(())
        } else {
            Err(Error::NotAtHead {
                current: if current.is_empty() {
                    "<base>".into()
                } else {
                    current.join(", ")
                },
                heads: heads.join(", "),
            })
        }
    }

    /// Creates the version table and the event log if they are missing (`ensure-version`).
    pub async fn ensure_version(&self) -> Result<()> {
        self.session(async |conn, _| self.ensure_tables(conn).await)
            .await
    }

    /// `ensure-version --sql`: the statements that create the version table and the event log.
    pub fn ensure_version_script(&self) -> Result<String> {
        let table = self.table();
        let mut out = String::new();
        if let Some(sql) = table.create_schema_sql() {
            out.push_str(&sql);
            out.push_str(";\n");
        }
        out.push_str(&table.create_sql()?);
        out.push_str(";\n");
        out.push_str(&table.create_log_sql()?);
        out.push_str(";\n");
        Ok(out)
    }

    fn wait(&self) -> lock::Wait<'_> {
        lock::Wait {
            url: &self.config.database_url,
            timeout: self.options.lock_timeout,
            waiting: &*self.waiting,
        }
    }

    /// Connects and reads the server's topology; when `write`, refuses a server that cannot be
    /// written to (a hot standby, a read-only replica) before anything is sent.
    async fn open(&self, write: bool) -> Result<(AnyConnection, lock::Topology)> {
        lock::refuse_missing_sqlite(&self.config.database_url)?;
        let mut conn = self.connect().await?;
        let topology = match lock::probe(self.dialect, &mut conn).await {
            Ok(topology) => topology,
            Err(error) => {
                let _ = conn.close().await;
                return Err(error);
            }
        };
        if write && let Some(what) = &topology.read_only {
            let _ = conn.close().await;
            return Err(Error::ReadOnly(what.clone()));
        }
        Ok((conn, topology))
    }

    /// Runs `body` on one writable connection under the run lock, releasing both on every path.
    async fn session<T>(
        &self,
        body: impl AsyncFnOnce(&mut AnyConnection, &lock::RunLock) -> Result<T>,
    ) -> Result<T> {
        let (mut conn, topology) = self.open(true).await?;
        let result = self.under_lock(&mut conn, &topology, body).await;
        let _ = conn.close().await;
        result
    }

    /// Runs `body` under the run lock taken on `conn`; a lock that could not be released is
    /// reported as a warning (the session's end or the lease frees it).
    async fn under_lock<T>(
        &self,
        conn: &mut AnyConnection,
        topology: &lock::Topology,
        body: impl AsyncFnOnce(&mut AnyConnection, &lock::RunLock) -> Result<T>,
    ) -> Result<T> {
        let table = self.table();
        let lock = lock::acquire(self.dialect, topology, conn, &table, &self.wait()).await?;
        let result = body(conn, &lock).await;
        if result.is_err() {
            // Whatever the body left open goes; the steps roll back their own work first.
            let _ = run(&mut Sink::Live(conn), "ROLLBACK".into()).await;
        }
        if let Err(why) = lock.release(conn, &table).await {
            (self.warning)(&why);
        }
        result
    }

    async fn ensure_tables(&self, conn: &mut AnyConnection) -> Result<()> {
        let table = self.table();
        self.check_schema(conn).await?;
        let mut statements = Vec::new();
        if let Some(sql) = table.create_schema_sql() {
            statements.push(sql);
        }
        statements.push(table.create_sql()?);
        statements.push(table.create_log_sql()?);
        statements.push(table.create_lock_sql()?);
        if !self.dialect.transactional_ddl() {
            // Each DDL statement commits by itself.
            for sql in statements {
                run(&mut Sink::Live(conn), sql).await?;
            }
            return Ok(());
        }
        // One transaction: a new database's tables cost one commit, not one each.
        if self.dialect == Dialect::Postgres {
            // Concurrent `CREATE … IF NOT EXISTS` collide in PostgreSQL's catalog (a duplicate
            // key in pg_type): serialize them under the step lock.
            lock::begin_locked(conn, &table, &self.wait()).await?;
        } else {
            statements.insert(0, self.dialect.begin().into());
        }
        statements.push("COMMIT".into());
        let created = run(&mut Sink::Live(conn), statements.join(";\n")).await;
        if created.is_err() {
            let _ = run(&mut Sink::Live(conn), "ROLLBACK".into()).await;
        }
        created
    }

    /// A configured `version-table-schema` that does not exist is a typo until proven
    /// otherwise: creating it would replay the whole history into a database that has tables.
    /// It is created only in a database with no tables at all.
    async fn check_schema(&self, conn: &mut AnyConnection) -> Result<()> {
        let Some(schema) = &self.config.version_table_schema else {
            return Ok(());
        };
        if !self.dialect.has_schemas() {
            return Ok(());
        }
        let exists = format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM information_schema.schemata WHERE schema_name = {}",
            lock::quote_str(schema)
        );
        if count(conn, &exists).await? > 0 {
            return Ok(());
        }
        let tables = "SELECT CAST(COUNT(*) AS BIGINT) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')";
        if count(conn, tables).await? == 0 {
            return Ok(());
        }
        Err(Error::Config(format!(
            "the schema {schema:?} (version-table-schema in [package.metadata.migrate]) does not exist in this database, which already has tables: running would replay every revision from base. Fix the name; or, if the version table is meant to move there, create it (CREATE SCHEMA {}) and record where the database is with `cargo migrate stamp <revision>`",
            self.dialect.quote(schema)
        )))
    }

    async fn read_heads(&self, conn: &mut AnyConnection, create: bool) -> Result<Vec<String>> {
        let table = self.table();
        if create {
            self.ensure_tables(conn).await?;
        }
        if self.dialect.reads_unknown_quoted_column_as_string() {
            self.sqlite_version_column(conn, &table).await?;
        }
        let sql = table.select_sql()?;
        let rows = match sqlx::raw_sql(sqlx::AssertSqlSafe(sql.as_str()))
            .fetch_all(&mut *conn)
            .await
        {
            Ok(rows) => rows,
            Err(source) if !create && self.dialect.is_missing_table(&source) => {
                return Ok(Vec::new());
            }
            Err(source) if self.dialect.is_missing_column(&source) => {
                return Err(Error::VersionTable {
                    table: table.display_name(),
                    why: "it has no version_num column; rename the table if it is not Alembic's, or recreate it and restore its rows with `cargo migrate stamp`".into(),
                });
            }
            Err(source) => return Err(Error::Sql { sql, source }),
        };
        let mut heads = Vec::with_capacity(rows.len());
        for row in rows {
            let value: String = row.try_get(0).map_err(|e| Error::VersionTable {
                table: table.display_name(),
                why: format!(
                    "version_num is not text ({e}); recreate the table as VARCHAR(32) and restore its rows with `cargo migrate stamp`"
                ),
            })?;
            heads.push(value);
        }
        heads.sort();
        if let Some(dup) = heads.windows(2).find(|w| w[0] == w[1]) {
            return Err(Error::VersionTable {
                table: table.display_name(),
                why: format!("revision {:?} appears twice; delete one row", dup[0]),
            });
        }
        Ok(heads)
    }

    /// SQLite reads `"version_num"` as a string literal when the column is missing: check the
    /// column exists before trusting the rows.
    async fn sqlite_version_column(
        &self,
        conn: &mut AnyConnection,
        table: &VersionTable,
    ) -> Result<()> {
        let sql = format!(
            "SELECT name FROM pragma_table_info({})",
            Dialect::Sqlite
                .quote(&self.config.version_table)
                .replace('"', "'")
        );
        let rows = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.as_str()))
            .fetch_all(&mut *conn)
            .await
            .map_err(|source| Error::Sql { sql, source })?;
        let columns: Vec<String> = rows.iter().filter_map(|r| r.try_get(0).ok()).collect();
        if !columns.is_empty() && !columns.iter().any(|c| c == crate::version::COLUMN) {
            return Err(Error::VersionTable {
                table: table.display_name(),
                why: format!(
                    "it has no version_num column (it has {}); rename the table if it is not Alembic's, or recreate it and restore its rows with `cargo migrate stamp`",
                    columns.join(", ")
                ),
            });
        }
        Ok(())
    }

    fn check_known(&self, heads: &[String]) -> Result<()> {
        let map = self.registry.map().view(heads, &[]);
        for head in heads {
            if map.get(head).is_none() {
                return Err(Error::UnknownCurrent(head.clone()));
            }
        }
        Ok(())
    }

    async fn refuse_half_applied(&self, conn: &mut AnyConnection) -> Result<()> {
        let sql = self.table().unresolved_sql()?;
        let rows = match sqlx::raw_sql(sqlx::AssertSqlSafe(sql.as_str()))
            .fetch_all(&mut *conn)
            .await
        {
            Ok(rows) => rows,
            Err(source) if self.dialect.is_missing_table(&source) => return Ok(()),
            Err(source) => return Err(Error::Sql { sql, source }),
        };
        if let Some(row) = rows.first() {
            return Err(Error::HalfApplied {
                revision: row.try_get(0).unwrap_or_default(),
                direction: row.try_get(1).unwrap_or_default(),
                status: row.try_get(2).unwrap_or_default(),
                reason: self.no_rollback_reason(),
            });
        }
        Ok(())
    }

    /// The event log, most recent first.
    pub async fn events(&self, limit: u64) -> Result<Vec<EventRow>> {
        let mut conn = self.connect().await?;
        let sql = self.table().events_sql(limit);
        let rows = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.as_str()))
            .fetch_all(&mut conn)
            .await;
        let _ = conn.close().await;
        let rows = match rows {
            Ok(rows) => rows,
            Err(source) if self.dialect.is_missing_table(&source) => return Ok(Vec::new()),
            Err(source) => return Err(Error::Sql { sql, source }),
        };
        let text =
            |row: &sqlx::any::AnyRow, i: usize| row.try_get::<String, _>(i).unwrap_or_default();
        Ok(rows
            .iter()
            .map(|row| EventRow {
                id: text(row, 0),
                revision: text(row, 1),
                direction: text(row, 2),
                checksum: text(row, 3),
                started_at: text(row, 4),
                duration_ms: text(row, 5),
                status: text(row, 6),
                error: row.try_get::<Option<String>, _>(7).ok().flatten(),
                tool_version: text(row, 8),
            })
            .collect())
    }

    /// The applied revisions' checksums against the code's, with the log's last event and its
    /// number of unresolved events, read in one statement.
    async fn audit(&self, conn: &mut AnyConnection, current: &[String]) -> Result<Audit> {
        let sql = self.table().audit_sql()?;
        let rows = match sqlx::raw_sql(sqlx::AssertSqlSafe(sql.as_str()))
            .fetch_all(&mut *conn)
            .await
        {
            Ok(rows) => rows,
            Err(source) if self.dialect.is_missing_table(&source) => Vec::new(),
            Err(source) => return Err(Error::Sql { sql, source }),
        };
        let mut audit = Audit::default();
        let mut recorded = std::collections::BTreeMap::new();
        for row in rows {
            let kind: String = row.try_get(0).unwrap_or_default();
            let value: String = row.try_get(1).unwrap_or_default();
            match kind.as_str() {
                "m" => audit.mark = value.parse().ok(),
                "u" => audit.unresolved = value.parse().unwrap_or(1),
                _ => {
                    recorded.insert(value, row.try_get::<String, _>(2).unwrap_or_default());
                }
            }
        }
        let applied = self.applied_checksums(current);
        audit.fingerprint = migrate_graph::scan::fingerprint(applied.iter().copied());
        for (revision, checksum) in applied {
            match recorded.get(revision) {
                Some(then) if !then.is_empty() && then != checksum => {
                    audit
                        .edited
                        .push((revision.to_string(), then.clone(), checksum.to_string()))
                }
                Some(then) if !then.is_empty() => {}
                _ => audit.unrecorded.push(revision.to_string()),
            }
        }
        Ok(audit)
    }

    /// The code's `(revision, checksum)` for every revision applied at `current`, sorted by
    /// revision.
    fn applied_checksums(&self, current: &[String]) -> Vec<(&'static str, &'static str)> {
        let heads: Vec<&str> = current.iter().map(String::as_str).collect();
        let mut pairs: Vec<_> = self
            .registry
            .map()
            .view(current, &[])
            .ancestors_of(&heads)
            .into_iter()
            .filter_map(|rev| self.registry.get(&rev.revision))
            .map(|info| (info.revision, info.checksum))
            .collect();
        pairs.sort_unstable();
        pairs
    }

    /// True when the checksum checkpoint vouches for the database at `current`: written by a
    /// clean audit at the log's last event, for exactly the revisions applied at `current`
    /// with the code's checksums ([`VersionTable::checkpoint_sql`]). One row, however many
    /// revisions are applied; anything else (no checkpoint, no lock table yet, an error) means
    /// a full audit.
    async fn checkpoint_holds(&self, conn: &mut AnyConnection, current: &[String]) -> bool {
        let Ok(sql) = self.table().checkpoint_sql() else {
            return false;
        };
        let Ok(Some(row)) = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.as_str()))
            .fetch_optional(&mut *conn)
            .await
        else {
            return false;
        };
        let last: Option<i64> = row.try_get(0).ok().flatten();
        let fingerprint: String = row.try_get(1).unwrap_or_default();
        let mark: Option<i64> = row.try_get(2).ok();
        last.is_some()
            && last == mark
            && fingerprint == migrate_graph::scan::fingerprint(self.applied_checksums(current))
    }

    /// Writes the checksum checkpoint after a clean audit (no revision edited or unrecorded,
    /// no event unresolved). Best effort: a checkpoint that cannot be written (a read-only
    /// user, a Galera conflict) only means the next start-up audits in full again.
    async fn write_checkpoint(&self, conn: &mut AnyConnection, audit: &Audit) {
        let clean = audit.edited.is_empty() && audit.unrecorded.is_empty() && audit.unresolved == 0;
        let (true, Some(mark)) = (clean, audit.mark) else {
            return;
        };
        if let Ok(sql) = self.table().write_checkpoint_sql(&audit.fingerprint, mark) {
            let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.as_str()))
                .execute(&mut *conn)
                .await;
        }
    }

    /// `check`, the CI gate: the database knows only revisions the code has, no applied
    /// revision was edited, nothing is pending or half-applied, and the graph has one head.
    ///
    /// With `allow_branches`, several heads are no problem when each carries a branch label
    /// (separate branches on purpose).
    pub async fn check(&self, allow_branches: bool) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let map = self.registry.map();
        let heads = map.heads();
        let labelled = heads
            .iter()
            .all(|head| !map.branch_labels(&head.revision).is_empty());
        if heads.len() > 1 && !(allow_branches && labelled) {
            let ids: Vec<&str> = heads.iter().map(|r| r.revision.as_str()).collect();
            report.problems.push(format!(
                "the revision graph has {} heads ({}): merge them with `cargo migrate merge heads`, or, when they are labelled branches on purpose, run `check --allow-branches`",
                ids.len(),
                ids.join(", ")
            ));
        }
        let mut conn = self.connect().await?;
        let outcome = async {
            let current = self.read_heads(&mut conn, false).await?;
            let map = map.view(&current, &[]);
            let unknown: Vec<&String> = current.iter().filter(|h| map.get(h).is_none()).collect();
            report.squashes = squash_notes(&map, &current);
            for id in &unknown {
                report.problems.push(format!(
                    "can't locate revision identified by {id:?}: the database holds a revision this code does not have. Likely cause: it was migrated from another branch or a newer deploy. Fix: check out that code, or re-align the database with `cargo migrate stamp --purge <revision>` (the revision its schema matches)"
                ));
            }
            if let Err(Error::HalfApplied { revision, direction, status, reason }) =
                self.refuse_half_applied(&mut conn).await
            {
                report.problems.push(
                    Error::HalfApplied { revision, direction, status, reason }.to_string(),
                );
            }
            if unknown.is_empty() {
                let Audit { edited, unrecorded, .. } = self.audit(&mut conn, &current).await?;
                report.unverified = unrecorded;
                for (revision, then, now) in edited {
                    let info = self.info(&revision)?;
                    report.problems.push(format!(
                        "applied revision {revision} ({}) was edited after it ran: its checksum was {then} and is now {now} ({}). Never edit an applied migration: restore it from version control and put the change in a new revision (`cargo migrate revision -m …`)",
                        info.message, info.file
                    ));
                }
                let mut targets: Vec<String> = heads.iter().map(|r| r.revision.clone()).collect();
                targets.sort();
                if current != targets {
                    let pending = map.plan_upgrade(&current, &Target::Heads)?;
                    if !pending.steps.is_empty() {
                        let ids: Vec<&str> = pending.steps.iter().map(|s| s.revision.as_str()).collect();
                        report.problems.push(format!(
                            "{} migration{} pending ({}): run `cargo migrate upgrade heads`",
                            ids.len(),
                            if ids.len() == 1 { " is" } else { "s are" },
                            ids.join(", ")
                        ));
                    }
                }
            }
            let applied = if unknown.is_empty() {
                let ids: Vec<&str> = current.iter().map(String::as_str).collect();
                map.ancestors_of(&ids).len()
            } else {
                0
            };
            let at = if current.is_empty() { "<base>".into() } else { current.join(", ") };
            let plural = |n: usize| if n == 1 { "" } else { "s" };
            report.summary = match (report.problems.len(), report.unverified.len()) {
                (0, 0) => format!(
                    "ok: the database is at {at} with {applied} revision{} applied, none edited, nothing pending",
                    plural(applied)
                ),
                (0, n) => format!(
                    "ok: the database is at {at} with {applied} revision{} applied, nothing pending; not verifiable: no checksum recorded for {n} revision{} ({}), so edits to them cannot be detected (the database was built from a --sql script, adopted from Alembic, or its event log was emptied)",
                    plural(applied),
                    plural(n),
                    report.unverified.join(", ")
                ),
                (n, _) => format!("not ok: {n} problem{} found", plural(n)),
            };
            Ok::<(), Error>(())
        }
        .await;
        let _ = conn.close().await;
        outcome?;
        Ok(report)
    }

    /// Why a step outside a transaction cannot be rolled back, for messages.
    fn no_rollback_reason(&self) -> String {
        if self.dialect.transactional_ddl() {
            "it runs outside a transaction (it declares transactional = false)".to_string()
        } else {
            format!("{} commits DDL as it goes", self.dialect.name())
        }
    }

    /// `upgrade <target>`.
    pub async fn upgrade(&self, target: &str) -> Result<Report> {
        self.migrate(Direction::Upgrade, target).await
    }

    /// `downgrade <target>`.
    pub async fn downgrade(&self, target: &str) -> Result<Report> {
        self.migrate(Direction::Downgrade, target).await
    }

    fn plan(&self, direction: Direction, current: &[String], target: &str) -> Result<Plan> {
        let parsed = Target::parse(target)?;
        if matches!(parsed, Target::Range(..)) {
            return Err(migrate_graph::target::TargetError::RangeOnline(target.to_string()).into());
        }
        let map = self.registry.map().view(current, &[target]);
        let plan = match direction {
            Direction::Upgrade => map.plan_upgrade(current, &parsed)?,
            Direction::Downgrade => map.plan_downgrade(current, &parsed)?,
        };
        let plan = map.recorded(plan, current);
        // Refuse up front a downgrade through a revision without downgrade code.
        for step in &plan.steps {
            let info = self.info(&step.revision)?;
            if step.direction == Direction::Downgrade && !info.has_downgrade {
                return Err(Error::Irreversible {
                    revision: info.revision.to_string(),
                    message: info.message.to_string(),
                });
            }
        }
        Ok(plan)
    }

    fn info(&self, revision: &str) -> Result<&'static MigrationInfo> {
        self.registry
            .get(revision)
            .ok_or_else(|| Error::UnknownCurrent(revision.to_string()))
    }

    /// The version table's rows read under the step guard once no step of another run is in
    /// flight, refusing a half-applied database; the guard's transaction is rolled back.
    async fn settled_heads(
        &self,
        conn: &mut AnyConnection,
        own: Option<&str>,
    ) -> Result<Vec<String>> {
        let state = lock::begin_step(self.dialect, conn, &self.table(), own, &self.wait()).await?;
        let refused = self.refuse_half_applied(conn).await;
        run(&mut Sink::Live(conn), "ROLLBACK".into()).await?;
        refused?;
        Ok(state.heads)
    }

    /// Warns of every applied revision the audit found edited after it ran; a clean audit
    /// leaves a checksum checkpoint behind for the next start-up.
    async fn warn_edited(&self, conn: &mut AnyConnection, audit: &Audit) {
        for (revision, then, now) in &audit.edited {
            (self.warning)(&format!(
                "applied revision {revision} was edited after it ran (checksum {then}, now {now}): its changes are not re-run; put new changes in a new revision, and see `cargo migrate check`"
            ));
        }
        self.write_checkpoint(conn, audit).await;
    }

    async fn migrate(&self, direction: Direction, target: &str) -> Result<Report> {
        // Parse before connecting, so a bad target never touches the database.
        let parsed = Target::parse(target)?;
        if !self.options.transaction_per_migration && !self.dialect.transactional_ddl() {
            return Err(Error::Config(format!(
                "a single transaction for the whole run needs transactional DDL, and {} commits each DDL statement; run without it",
                self.dialect.name()
            )));
        }
        // A SQLite file that does not exist yet is at base: plan before creating it, so that a
        // target the graph refuses creates nothing.
        if self.dialect.is_file()
            && let Some(path) = lock::sqlite_path(&self.config.database_url)
            && !std::path::Path::new(&path).exists()
        {
            self.plan(direction, &[], target)?;
        }
        let (mut conn, topology) = self.open(true).await?;
        let result = async {
            // Nothing to do (every start-up of an application at head): no lock, no write. The
            // read may be stale; every step re-reads the version table under its guard.
            let current = self.read_heads(&mut conn, false).await?;
            self.check_known(&current)?;
            // A checkpoint that holds stands for the audit: nothing edited, nothing unresolved.
            // Otherwise one statement reads the checksums and the unresolved events; with an
            // unresolved event the run goes on under the lock, which refuses it.
            let audit = if self.checkpoint_holds(&mut conn, &current).await {
                None
            } else {
                Some(self.audit(&mut conn, &current).await?)
            };
            if audit.as_ref().is_none_or(|audit| audit.unresolved == 0) {
                let plan = self.plan(direction, &current, target)?;
                if plan.steps.is_empty() {
                    if let Some(audit) = &audit {
                        self.warn_edited(&mut conn, audit).await;
                    }
                    return Ok(Report {
                        steps: Vec::new(),
                        heads: current,
                    });
                }
            }
            self.under_lock(&mut conn, &topology, async |conn, lock| {
                self.ensure_tables(conn).await?;
                let current = self.settled_heads(conn, lock.holder()).await?;
                self.check_known(&current)?;
                let audit = self.audit(conn, &current).await?;
                self.warn_edited(conn, &audit).await;
                let plan = self.plan(direction, &current, target)?;
                if plan.steps.is_empty() {
                    return Ok(Report {
                        steps: Vec::new(),
                        heads: current,
                    });
                }
                let report = self
                    .execute(conn, lock, current, plan, target, &parsed)
                    .await?;
                // Leave a checkpoint for the start-ups that follow the deploy.
                if let Ok(audit) = self.audit(conn, &report.heads).await {
                    self.write_checkpoint(conn, &audit).await;
                }
                Ok(report)
            })
            .await
        }
        .await;
        let _ = conn.close().await;
        result
    }

    /// Runs a plan step by step. Each step checks, inside its own transaction, that the version
    /// table is where the plan left it; when another run moved it, an absolute target is
    /// planned again from there (each revision still runs once), a relative one stops.
    async fn execute(
        &self,
        conn: &mut AnyConnection,
        lock: &lock::RunLock,
        current: Vec<String>,
        mut plan: Plan,
        target: &str,
        parsed: &Target,
    ) -> Result<Report> {
        let table = self.table();
        let single = !self.options.transaction_per_migration;
        let mut report = Report::default();
        let mut map = self.registry.map().view(&current, &[target]);
        let mut expected = current;
        let mut open = false;
        let mut index = 0;
        while index < plan.steps.len() {
            lock.check()?;
            let step = plan.steps[index].clone();
            let info = self.info(&step.revision)?;
            // After a re-plan, the steps left are those of the new plan.
            let done = report.steps.len();
            self.step_starts(&map, (done + plan.steps.len() - index, done), &step, info);
            let started = Instant::now();
            let transactional = info.transactional && self.dialect.transactional_ddl();
            if open && !transactional {
                // Never commit silently: this is said in the status output.
                run(&mut Sink::Live(conn), "COMMIT".into()).await?;
                open = false;
                if let Some(progress) = &self.progress {
                    progress(&StepReport {
                        revision: String::new(),
                        direction: step.direction,
                        arrow: format!(
                            "the revisions before {} (it runs outside a transaction)",
                            info.revision
                        ),
                        message: String::new(),
                        duration: Duration::ZERO,
                    });
                }
            }
            let outcome = if transactional {
                self.run_transactional(conn, &table, &step, info, &expected, !open, lock, single)
                    .await
            } else {
                self.run_outside_transaction(conn, &table, &step, info, &expected, lock)
                    .await
            };
            match outcome {
                Ok(Outcome::Done) => {}
                Ok(Outcome::Moved(heads)) => {
                    if matches!(parsed, Target::Relative { .. }) {
                        return Err(Error::Moved {
                            heads: heads_text(&heads),
                        });
                    }
                    (self.warning)(&format!(
                        "another run moved the version table to {}: continuing from there",
                        heads_text(&heads)
                    ));
                    self.check_known(&heads)?;
                    plan = self.plan(step.direction, &heads, target)?;
                    map = self.registry.map().view(&heads, &[target]);
                    expected = heads;
                    index = 0;
                    continue;
                }
                Err(error) => {
                    // The run's single transaction is open around a failed step: it all goes.
                    if single && transactional {
                        let _ = run(&mut Sink::Live(conn), "ROLLBACK".into()).await;
                        self.record_failure(
                            conn,
                            &table,
                            &step,
                            info,
                            started,
                            &error,
                            STATUS_ROLLED_BACK,
                        )
                        .await;
                    }
                    return Err(error);
                }
            }
            open = single && transactional;
            apply_version_ops(&mut expected, &step.version_ops);
            let step_report = StepReport {
                revision: step.revision.clone(),
                direction: step.direction,
                arrow: step.arrow(&map),
                message: info.message.to_string(),
                duration: started.elapsed(),
            };
            if let Some(progress) = &self.progress {
                progress(&step_report);
            }
            report.steps.push(step_report);
            index += 1;
        }
        if open {
            run(&mut Sink::Live(conn), "COMMIT".into()).await?;
        }
        report.heads = expected;
        Ok(report)
    }

    fn event<'a>(
        step: &'a Step,
        info: &'a MigrationInfo,
        status: &'a str,
        started: Instant,
        error: Option<&'a str>,
    ) -> Event<'a> {
        Event {
            revision: info.revision,
            direction: direction_name(step.direction),
            checksum: info.checksum,
            duration_ms: started.elapsed().as_millis() as i64,
            batch_sent_ms: None,
            status,
            error,
        }
    }

    #[allow(clippy::too_many_arguments)]
    async fn record_failure(
        &self,
        conn: &mut AnyConnection,
        table: &VersionTable,
        step: &Step,
        info: &MigrationInfo,
        started: Instant,
        error: &Error,
        status: &str,
    ) {
        let text = error.to_string();
        if let Ok(sql) =
            table.insert_event_sql(&Self::event(step, info, status, started, Some(&text)))
        {
            let _ = run(&mut Sink::Live(conn), sql).await;
        }
    }

    /// One step inside a transaction: the guard (the version table as expected, read under the
    /// step lock), its DDL, its version rows and its event commit together or not at all.
    /// `guarded` is false inside the run's single transaction after its first step, and
    /// `single` leaves the transaction open for the next step.
    #[allow(clippy::too_many_arguments)]
    async fn run_transactional(
        &self,
        conn: &mut AnyConnection,
        table: &VersionTable,
        step: &Step,
        info: &'static MigrationInfo,
        expected: &[String],
        guarded: bool,
        lock: &lock::RunLock,
        single: bool,
    ) -> Result<Outcome> {
        let started = Instant::now();
        if guarded {
            let state =
                lock::begin_step(self.dialect, conn, table, lock.holder(), &self.wait()).await?;
            if state.heads != expected {
                run(&mut Sink::Live(conn), "ROLLBACK".into()).await?;
                return Ok(Outcome::Moved(state.heads));
            }
        }
        let outcome = async {
            let (ran, held) = run_code(self.dialect, conn, step, info, true).await;
            ran?;
            let mut tail = version_sql(table, &step.version_ops)?;
            // The event's duration counts the batch too: the database measures that part.
            let sent = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as i64);
            tail.push(table.insert_event_sql(&Event {
                batch_sent_ms: Some(sent),
                ..Self::event(step, info, STATUS_SUCCESS, started, None)
            })?);
            if !single {
                tail.push("COMMIT".into());
            }
            // One round trip: the statements the code left, the version rows, the event.
            crate::ops::run_batch(conn, &held, &tail).await
        }
        .await;
        match outcome {
            Ok(()) => Ok(Outcome::Done),
            Err(error) => {
                let error = wrap_failure(info, error, None);
                if !single {
                    let _ = run(&mut Sink::Live(conn), "ROLLBACK".into()).await;
                    self.record_failure(
                        conn,
                        table,
                        step,
                        info,
                        started,
                        &error,
                        STATUS_ROLLED_BACK,
                    )
                    .await;
                }
                Err(error)
            }
        }
    }

    /// One step without a transaction (MySQL, or `transactional = false`). First a claim, in
    /// a transaction under the guard: the version table as expected, a `running` event (the
    /// mark an interruption leaves), and on PostgreSQL a lock-table row that makes other runs
    /// wait while the step runs outside their locks (on Galera, the run's lock-table row is
    /// renewed instead, which fails if another node took it). Then the code, then the version
    /// rows and the event by its id, checked row by row.
    async fn run_outside_transaction(
        &self,
        conn: &mut AnyConnection,
        table: &VersionTable,
        step: &Step,
        info: &'static MigrationInfo,
        expected: &[String],
        lock: &lock::RunLock,
    ) -> Result<Outcome> {
        let started = Instant::now();
        let own = lock.holder();
        let state = lock::begin_step(self.dialect, conn, table, own, &self.wait()).await?;
        if state.heads != expected {
            run(&mut Sink::Live(conn), "ROLLBACK".into()).await?;
            return Ok(Outcome::Moved(state.heads));
        }
        let claim = async {
            let id = self
                .insert_event_id(
                    conn,
                    table,
                    &Self::event(step, info, STATUS_RUNNING, started, None),
                )
                .await?;
            let mut holder = None;
            if let Some(own) = own {
                let renewed = execute_count(conn, table.renew_lock_sql(own, LEASE_MS)).await?;
                if renewed != 1 {
                    return Err(Error::LockLost(own.to_string()));
                }
            } else if lock.locks_per_step() && table.has_lock_table() {
                let name = lock::TableLock::new_holder();
                if !lock::TableLock::try_claim(conn, table, &name).await? {
                    return Ok(None);
                }
                holder = Some(name);
            }
            run(&mut Sink::Live(conn), "COMMIT".into()).await?;
            Ok(Some((id, holder)))
        }
        .await;
        let (id, holder) = match claim {
            Ok(Some(claimed)) => claimed,
            Ok(None) => {
                run(&mut Sink::Live(conn), "ROLLBACK".into()).await?;
                return Ok(Outcome::Moved(state.heads));
            }
            // A Galera certification conflict on the claim: nothing of the step ran and the
            // claim was rolled back whole; guard the step again.
            Err(Error::Sql { source, .. }) if lock::is_conflict(&source) => {
                let _ = run(&mut Sink::Live(conn), "ROLLBACK".into()).await;
                return Ok(Outcome::Moved(state.heads));
            }
            Err(error) => {
                let _ = run(&mut Sink::Live(conn), "ROLLBACK".into()).await;
                return Err(error);
            }
        };
        let claim = match &holder {
            Some(name) => Some(
                lock::TableLock::claimed(name.clone(), &self.config.database_url, table).await?,
            ),
            None => None,
        };
        let (ran, applied) = run_code(self.dialect, conn, step, info, false).await;
        let outcome = match ran {
            Ok(()) => {
                let mut batch = vec![self.dialect.begin().to_string()];
                batch.extend(version_sql(table, &step.version_ops)?);
                batch.push(table.finish_event_sql(
                    id,
                    STATUS_SUCCESS,
                    started.elapsed().as_millis() as i64,
                    None,
                )?);
                let mut changes = step.version_ops.len() as u64 + 1;
                if let Some(own) = own {
                    batch.push(table.renew_lock_sql(own, LEASE_MS));
                    changes += 1;
                }
                if let Some(claim) = &claim {
                    batch.push(table.release_lock_sql(claim.holder()));
                    changes += 1;
                }
                self.finish(conn, batch, changes).await
            }
            Err(error) => Err(error),
        };
        drop(claim);
        match outcome {
            Ok(()) => Ok(Outcome::Done),
            Err(error) => {
                let _ = run(&mut Sink::Live(conn), "ROLLBACK".into()).await;
                let (error, status) = if applied.is_empty() {
                    let error = match wrap_failure(info, error, None) {
                        Error::MigrationFailed {
                            revision,
                            message,
                            source,
                        } => Error::FailedBeforeChanges {
                            revision,
                            message,
                            source,
                        },
                        other => other,
                    };
                    (error, STATUS_ROLLED_BACK)
                } else {
                    let reason = format!(
                        "{} (these of its statements took effect: {})",
                        self.no_rollback_reason(),
                        applied
                            .iter()
                            .map(|s| format!("`{}`", one_line(s)))
                            .collect::<Vec<_>>()
                            .join("; ")
                    );
                    (wrap_failure(info, error, Some(reason)), STATUS_FAILED)
                };
                let text = error.to_string();
                if let Ok(sql) = table.finish_event_sql(
                    id,
                    status,
                    started.elapsed().as_millis() as i64,
                    Some(&text),
                ) {
                    let _ = run(&mut Sink::Live(conn), sql).await;
                }
                if let Some(name) = &holder {
                    let _ = run(&mut Sink::Live(conn), table.release_lock_sql(name)).await;
                }
                Err(error)
            }
        }
    }

    /// Runs a step's closing transaction (`BEGIN` first, no `COMMIT`): it commits only when
    /// exactly `changes` rows changed, i.e. the version table and the event are where this run
    /// left them.
    async fn finish(
        &self,
        conn: &mut AnyConnection,
        batch: Vec<String>,
        changes: u64,
    ) -> Result<()> {
        let mut attempt = 0;
        loop {
            match self.try_finish(conn, &batch, changes).await {
                // A Galera certification conflict (1213) on our own bookkeeping: the transaction
                // was rolled back whole, so it is safe to send it again.
                Err(Error::Sql { source, .. }) if attempt < 5 && lock::is_conflict(&source) => {
                    let _ = run(&mut Sink::Live(conn), "ROLLBACK".into()).await;
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(50 * attempt)).await;
                }
                other => return other,
            }
        }
    }

    async fn try_finish(
        &self,
        conn: &mut AnyConnection,
        batch: &[String],
        changes: u64,
    ) -> Result<()> {
        let (begin, rest) = batch.split_at(1);
        let sql = if self.dialect.counts_changes_after_begin() {
            run(&mut Sink::Live(conn), begin[0].clone()).await?;
            rest.join(";\n")
        } else {
            batch.join(";\n")
        };
        let changed = execute_count(conn, sql.clone()).await?;
        if changed != changes {
            run(&mut Sink::Live(conn), "ROLLBACK".into()).await?;
            return Err(Error::VersionTable {
                table: self.table().display_name(),
                why: format!(
                    "another run changed it while this step ran ({changed} rows changed instead of {changes}); run `cargo migrate current` and `cargo migrate log` to see what happened"
                ),
            });
        }
        run(&mut Sink::Live(conn), "COMMIT".into()).await
    }

    /// Inserts an event and returns its id.
    async fn insert_event_id(
        &self,
        conn: &mut AnyConnection,
        table: &VersionTable,
        event: &Event<'_>,
    ) -> Result<i64> {
        let sql = table.insert_event_returning_sql(event)?;
        let query = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.as_str()));
        if self.dialect.returns_inserted_rows() {
            let row = query
                .fetch_one(&mut *conn)
                .await
                .map_err(|source| Error::Sql {
                    sql: sql.clone(),
                    source,
                })?;
            return row
                .try_get::<i64, _>(0)
                .map_err(|source| Error::Sql { sql, source });
        }
        let done = query
            .execute(&mut *conn)
            .await
            .map_err(|source| Error::Sql {
                sql: sql.clone(),
                source,
            })?;
        done.last_insert_id().ok_or_else(|| {
            Error::Database(format!(
                "the database gave no id for the event inserted by `{sql}`"
            ))
        })
    }

    /// `stamp <targets…>`: moves the version table to the targets without running any
    /// migration, and marks any half-applied state resolved. With `purge`, the table is
    /// emptied first (and unknown rows are no obstacle).
    pub async fn stamp(&self, targets: &[String], purge: bool) -> Result<Report> {
        let parsed = targets
            .iter()
            .map(|t| Target::parse(t))
            .collect::<Result<Vec<_>, _>>()?;
        self.session(async |conn, lock| {
            self.ensure_tables(conn).await?;
            // Validates the table (a malformed one gets its own message) before the guard.
            self.read_heads(conn, false).await?;
            let table = self.table();
            let state =
                lock::begin_step(self.dialect, conn, &table, lock.holder(), &self.wait()).await?;
            let mut current = state.heads;
            let mut purged = Vec::new();
            let outcome = async {
                let mut batch = Vec::new();
                if purge {
                    for head in &current {
                        batch.push(table.op_sql(&VersionOp::Delete(head.clone()))?);
                    }
                    purged = std::mem::take(&mut current);
                } else {
                    self.check_known(&current)?;
                }
                let map = self
                    .registry
                    .map()
                    .view(&current, targets_text(targets).as_slice());
                let plan = map.plan_stamp(&current, &parsed)?;
                let plan = map.recorded(plan, &current);
                for step in &plan.steps {
                    batch.extend(version_sql(&table, &step.version_ops)?);
                    let checksum = self.registry.get(&step.revision).map_or("", |i| i.checksum);
                    batch.push(table.insert_event_sql(&Event {
                        revision: &step.revision,
                        direction: "stamp",
                        checksum,
                        duration_ms: 0,
                        batch_sent_ms: None,
                        status: STATUS_SUCCESS,
                        error: None,
                    })?);
                }
                batch.push(table.resolve_sql()?);
                batch.push("COMMIT".into());
                run(&mut Sink::Live(conn), batch.join(";\n")).await?;
                Ok::<Plan, Error>(plan)
            }
            .await;
            let plan = match outcome {
                Ok(plan) => plan,
                Err(error) => {
                    let _ = run(&mut Sink::Live(conn), "ROLLBACK".into()).await;
                    return Err(error);
                }
            };
            let mut report = Report {
                heads: plan.heads_after.clone(),
                ..Report::default()
            };
            for step in &plan.steps {
                report.steps.push(StepReport {
                    revision: step.revision.clone(),
                    direction: step.direction,
                    // Where the version table was and where it goes, not the revision's parent.
                    arrow: rows_arrow(&std::mem::take(&mut purged), &step.version_ops),
                    message: self
                        .registry
                        .get(&step.revision)
                        .map_or(String::new(), |i| i.message.to_string()),
                    duration: Duration::ZERO,
                });
            }
            Ok(report)
        })
        .await
    }

    /// `stamp --sql`: the version-table statements that stamp the targets from base, without
    /// connecting.
    pub fn stamp_script(&self, targets: &[String]) -> Result<String> {
        let parsed = targets
            .iter()
            .map(|t| Target::parse(t))
            .collect::<Result<Vec<_>, _>>()?;
        let plan = self.registry.map().plan_stamp(&[], &parsed)?;
        let table = self.table();
        let mut out = String::new();
        if let Some(sql) = table.create_schema_sql() {
            out.push_str(&sql);
            out.push_str(";\n");
        }
        out.push_str(&table.create_sql()?);
        out.push_str(";\n\n");
        out.push_str(self.dialect.begin());
        out.push_str(";\n");
        for step in &plan.steps {
            for sql in version_sql(&table, &step.version_ops)? {
                out.push_str(&sql);
                out.push_str(";\n");
            }
        }
        out.push_str("COMMIT;\n");
        Ok(out)
    }

    /// Offline mode (`--sql`): the complete script of `upgrade`/`downgrade <target>` from the
    /// base (or from the `start` of a `start:end` range), without connecting.
    pub async fn script(&self, direction: Direction, target: &str) -> Result<String> {
        let (current, target) = match Target::parse(target)? {
            Target::Range(start, end) => {
                let map = self.registry.map();
                let start = match *start {
                    Target::Base => Vec::new(),
                    Target::Head => {
                        let heads = map.heads();
                        if heads.len() > 1 {
                            return Err(migrate_graph::target::TargetError::MultipleHeads(
                                heads.iter().map(|r| r.revision.clone()).collect(),
                            )
                            .into());
                        }
                        heads.iter().map(|r| r.revision.clone()).collect()
                    }
                    Target::Heads => map.heads().iter().map(|r| r.revision.clone()).collect(),
                    Target::Revision(id) => vec![map.resolve(&id)?.revision.clone()],
                    other => {
                        return Err(Error::Config(format!(
                            "the start of a range must be base, head, heads or a revision, not {other}"
                        )));
                    }
                };
                (start, *end)
            }
            // Offline, the database is never read, so a downgrade has no starting point.
            _ if direction == Direction::Downgrade => {
                return Err(Error::Config(format!(
                    "downgrade with --sql requires <fromrev>:<torev>: offline mode never reads the database, so it cannot know where {target:?} starts from; name both ends, e.g. `downgrade head:base --sql` or `downgrade head:<revision> --sql`"
                )));
            }
            other => (Vec::new(), other),
        };
        let target_text = target.to_string();
        let map = self.registry.map().view(&current, &[target_text.as_str()]);
        let plan = match direction {
            Direction::Upgrade => map.plan_upgrade(&current, &target)?,
            Direction::Downgrade => map.plan_downgrade(&current, &target)?,
        };
        let mut out = String::new();
        if current.is_empty() && direction == Direction::Upgrade {
            let table = self.table();
            if let Some(sql) = table.create_schema_sql() {
                out.push_str(&sql);
                out.push_str(";\n");
            }
            out.push_str(&table.create_sql()?);
            out.push_str(";\n\n");
        }
        out.push_str(&self.render_plan(&plan, None).await?);
        Ok(out)
    }

    /// `--dry-run`: reads the current heads and returns the plan's exact SQL without changing
    /// or creating anything (not the version table, not a SQLite file, not a lock file).
    pub async fn dry_run(&self, direction: Direction, target: &str) -> Result<String> {
        Target::parse(target)?;
        // A SQLite file that does not exist is an empty database: rehearse on an empty
        // in-memory one, so that no file appears.
        if self.dialect.is_file()
            && let Some(path) = lock::sqlite_path(&self.config.database_url)
            && !std::path::Path::new(&path).exists()
        {
            sqlx::any::install_default_drivers();
            let mut conn = AnyConnection::connect("sqlite::memory:")
                .await
                .map_err(|source| Error::Connect {
                    url: "sqlite::memory:".into(),
                    source,
                })?;
            let result = self
                .rehearse(
                    &mut conn,
                    direction,
                    target,
                    &format!("{path} does not exist yet (it would be created at <base>)"),
                )
                .await;
            let _ = conn.close().await;
            return result;
        }
        let (mut conn, _) = self.open(true).await?;
        let result = self.rehearse(&mut conn, direction, target, "").await;
        let _ = conn.close().await;
        result
    }

    async fn rehearse(
        &self,
        conn: &mut AnyConnection,
        direction: Direction,
        target: &str,
        missing: &str,
    ) -> Result<String> {
        if let Some(setup) = self.dialect.session_setup() {
            run(&mut Sink::Live(conn), setup.into()).await?;
        }
        let current = self.read_heads(conn, false).await?;
        self.check_known(&current)?;
        let plan = self.plan(direction, &current, target)?;
        let rehearsal = self.dialect.transactional_ddl();
        if rehearsal {
            // Rehearse: run every step in one transaction, then roll it all back.
            run(&mut Sink::Live(conn), self.dialect.begin().into()).await?;
        }
        let outcome = async {
            let at = if missing.is_empty() {
                format!("the database is at {}", heads_text(&current))
            } else {
                missing.to_string()
            };
            let mut out = format!("-- dry run: {at}; nothing below was run\n\n");
            if !rehearsal {
                out.push_str(&format!(
                    "-- {} cannot roll back DDL, so this dry run does not apply the steps: code that reads the schema sees it as it is now\n\n",
                    self.dialect.name()
                ));
            }
            out.push_str(&self.render_plan(&plan, Some(conn)).await?);
            Ok(out)
        }
        .await;
        if rehearsal {
            run(&mut Sink::Live(conn), "ROLLBACK".into()).await?;
        }
        outcome
    }

    /// Renders a plan as SQL: per step, its transaction, statements and version rows.
    async fn render_plan(
        &self,
        plan: &Plan,
        mut live: Option<&mut AnyConnection>,
    ) -> Result<String> {
        let ran: Vec<String> = plan.steps.iter().map(|s| s.revision.clone()).collect();
        let map = self.registry.map().view(&ran, &[]);
        let table = self.table();
        let mut out = String::new();
        for step in &plan.steps {
            let info = self.info(&step.revision)?;
            let mut statements = Vec::new();
            let sink = match live.as_deref_mut() {
                Some(conn) if self.dialect.transactional_ddl() => {
                    Sink::Rehearsal(conn, &mut statements)
                }
                Some(conn) => Sink::DryRun(conn, &mut statements),
                None => Sink::Offline(&mut statements),
            };
            let mut op = Operations::new(self.dialect, sink);
            let ran = match step.direction {
                Direction::Upgrade => (info.upgrade)(&mut op).await,
                Direction::Downgrade => (info.downgrade)(&mut op).await,
            };
            if let Err(error) = ran {
                return Err(wrap_failure(info, error, None));
            }
            out.push_str(&format!(
                "-- Running {} {}, {}\n",
                direction_name(step.direction),
                step.arrow(&map),
                info.message
            ));
            let in_transaction = info.transactional && self.dialect.transactional_ddl();
            if in_transaction {
                out.push_str(self.dialect.begin());
                out.push_str(";\n");
            }
            for statement in statements {
                out.push_str(&statement);
                out.push_str(";\n");
            }
            for sql in version_sql(&table, &step.version_ops)? {
                out.push_str(&sql);
                out.push_str(";\n");
            }
            if in_transaction {
                out.push_str("COMMIT;\n");
            }
            out.push('\n');
        }
        Ok(out)
    }
}

/// Runs a step's code on `conn`. With `held` (inside a transaction), its statements are held
/// and those still held at the end are returned for the caller's batch; without, each runs at
/// once and what took effect is returned (what a failure outside a transaction leaves behind).
async fn run_code(
    dialect: Dialect,
    conn: &mut AnyConnection,
    step: &Step,
    info: &MigrationInfo,
    held: bool,
) -> (Result<()>, Vec<String>) {
    let mut op = if held {
        Operations::held(dialect, conn)
    } else {
        Operations::new(dialect, Sink::Live(conn))
    };
    let outcome = async {
        let code = match step.direction {
            Direction::Upgrade => (info.upgrade)(&mut op),
            Direction::Downgrade => (info.downgrade)(&mut op),
        };
        // A panic in the migration's code is an error like any other: rolled back, recorded,
        // the lock released, one line printed.
        match crate::panics::CatchUnwind(code).await {
            Ok(result) => result?,
            Err(message) => return Err(Error::Panicked(message)),
        }
        op.finish().await
    }
    .await;
    if held {
        (outcome, op.take_pending())
    } else {
        (outcome, op.take_applied())
    }
}

/// What an audit of the applied revisions found.
#[derive(Debug, Default)]
struct Audit {
    /// Applied revisions whose code changed since they ran: `(revision, recorded, now)`.
    edited: Vec<(String, String, String)>,
    /// Applied revisions with no checksum recorded (a database built from a `--sql` script,
    /// adopted from Alembic, or whose event log was emptied), sorted.
    unrecorded: Vec<String>,
    /// The log's last event id when it was read (`None` for an empty or missing log).
    mark: Option<i64>,
    /// How many events were unresolved (`running` or `failed`) then.
    unresolved: i64,
    /// The fingerprint of the code's checksums of the applied revisions
    /// ([`migrate_graph::scan::fingerprint`]), what a checkpoint written from this audit holds.
    fingerprint: String,
}

/// What a step's guard found.
enum Outcome {
    /// The step ran.
    Done,
    /// Another run had moved the version table to these rows; nothing was run.
    Moved(Vec<String>),
}

/// Applies a step's version-table changes to `heads` (kept sorted), as the database will.
fn apply_version_ops(heads: &mut Vec<String>, ops: &[VersionOp]) {
    for op in ops {
        match op {
            VersionOp::Insert(id) => heads.push(id.clone()),
            VersionOp::Delete(id) => heads.retain(|h| h != id),
            VersionOp::Update { from, to } => {
                for head in heads.iter_mut().filter(|h| *h == from) {
                    *head = to.clone();
                }
            }
        }
    }
    heads.sort();
}

/// The version table's rows as messages show them.
/// `check`'s line per active squash: can this database do without the revisions it replaces?
fn squash_notes(map: &RevisionMap, current: &[String]) -> Vec<String> {
    use migrate_graph::squash::SquashState;
    map.squashes()
        .iter()
        .map(|squash| {
            let range = format!(
                "{}..{}",
                squash.originals.first().map_or("", String::as_str),
                squash.end()
            );
            match map.squash_state(squash, current) {
                SquashState::Passed if current.iter().any(|r| r == squash.end()) => format!(
                    "squash {}: this database is at {} and no longer needs the {} revisions it replaces ({range}); its version table names {}, so before deleting them run `cargo migrate stamp --purge {}` here (the same schema, named by the squash)",
                    squash.revision,
                    squash.end(),
                    squash.originals.len(),
                    squash.end(),
                    squash.revision
                ),
                SquashState::Passed => format!(
                    "squash {}: this database is at or past {}, so it no longer needs the {} revisions it replaces ({range}); delete their files once every database is past it too, and point the revisions whose down_revision is {} at {}",
                    squash.revision,
                    squash.end(),
                    squash.originals.len(),
                    squash.end(),
                    squash.revision
                ),
                SquashState::Inside => format!(
                    "squash {}: keep the revisions it replaces ({range}): this database is inside the range and runs them up to {}",
                    squash.revision,
                    squash.end()
                ),
                SquashState::Before => format!(
                    "squash {}: this database is before the range {range}; it will run the squash, but keep the originals while any database is inside the range",
                    squash.revision
                ),
            }
        })
        .collect()
}

/// Target texts as `&str`s, for [`RevisionMap::view`].
fn targets_text(targets: &[String]) -> Vec<&str> {
    targets.iter().map(String::as_str).collect()
}

pub(crate) fn heads_text(heads: &[String]) -> String {
    if heads.is_empty() {
        "<base>".to_string()
    } else {
        heads.join(", ")
    }
}

/// The text on one line, runs of whitespace as one space.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first column of `sql`'s only row, as a number.
async fn count(conn: &mut AnyConnection, sql: &str) -> Result<i64> {
    let row = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(&mut *conn)
        .await
        .map_err(|source| Error::Sql {
            sql: sql.to_string(),
            source,
        })?;
    Ok(row.try_get::<i64, _>(0).unwrap_or_default())
}

/// Runs `sql` and returns how many rows it changed.
async fn execute_count(conn: &mut AnyConnection, sql: String) -> Result<u64> {
    match sqlx::raw_sql(sqlx::AssertSqlSafe(sql.as_str()))
        .execute(&mut *conn)
        .await
    {
        Ok(done) => Ok(done.rows_affected()),
        Err(source) => Err(Error::Sql { sql, source }),
    }
}

/// `from -> to` of the version rows a stamp step changes (`purged` rows count as its from).
fn rows_arrow(purged: &[String], ops: &[VersionOp]) -> String {
    let mut from: Vec<&str> = purged.iter().map(String::as_str).collect();
    let mut to = Vec::new();
    for op in ops {
        match op {
            VersionOp::Insert(id) => to.push(id.as_str()),
            VersionOp::Delete(id) => from.push(id),
            VersionOp::Update { from: old, to: new } => {
                from.push(old);
                to.push(new);
            }
        }
    }
    let side = |ids: &[&str]| match ids {
        [] => "<base>".to_string(),
        [one] => one.to_string(),
        many => format!("({})", many.join(", ")),
    };
    format!("{} -> {}", side(&from), side(&to))
}

fn version_sql(table: &VersionTable, ops: &[VersionOp]) -> Result<Vec<String>> {
    ops.iter().map(|op| table.op_sql(op)).collect()
}

fn direction_name(direction: Direction) -> &'static str {
    match direction {
        Direction::Upgrade => "upgrade",
        Direction::Downgrade => "downgrade",
    }
}

/// Names the revision in a step's error; `non_transactional` names the dialect that could not
/// roll it back.
fn wrap_failure(info: &MigrationInfo, error: Error, non_transactional: Option<String>) -> Error {
    match error {
        Error::NoDowngrade => Error::Irreversible {
            revision: info.revision.to_string(),
            message: info.message.to_string(),
        },
        Error::UnwrittenUpgrade | Error::UnwrittenDowngrade => Error::EmptyBody {
            revision: info.revision.to_string(),
            direction: match error {
                Error::UnwrittenUpgrade => "upgrade",
                _ => "downgrade",
            },
        },
        error @ (Error::MigrationFailed { .. }
        | Error::MigrationFailedNonTransactional { .. }
        | Error::Irreversible { .. }
        | Error::EmptyBody { .. }) => error,
        error => match non_transactional {
            Some(reason) => Error::MigrationFailedNonTransactional {
                revision: info.revision.to_string(),
                message: info.message.to_string(),
                reason,
                source: Box::new(error),
            },
            None => Error::MigrationFailed {
                revision: info.revision.to_string(),
                message: info.message.to_string(),
                source: Box::new(error),
            },
        },
    }
}
