//! The run algorithm, written once for every database: take the lock → ensure the version and
//! event tables → refuse a half-applied database → read the current heads *after* locking →
//! plan with migrate-graph → for each step: begin, run the ops, change the version rows, append
//! the event, commit → release the lock (on every path).

use std::time::{Duration, Instant};

use migrate_graph::{Direction, Plan, Step, Target, VersionOp};
use sqlx::{AnyConnection, Connection, Row};

use crate::backend::{Dialect, lock};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::ops::{Operations, Sink, run};
use crate::registry::{MigrationInfo, Migrations, Registry};
use crate::version::{
    Event, STATUS_FAILED, STATUS_ROLLED_BACK, STATUS_RUNNING, STATUS_SUCCESS, VersionTable,
};

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
    /// The one-line summary when all is well.
    pub summary: String,
}

impl CheckReport {
    /// `{"schema":1,"ok":bool,"problems":[…],"summary":"…"}`.
    pub fn to_json(&self) -> String {
        use migrate_graph::json::{string, string_array};
        format!(
            "{{\"schema\":1,\"ok\":{},\"problems\":{},\"summary\":{}}}",
            self.problems.is_empty(),
            string_array(&self.problems),
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
type Waiting = Box<dyn Fn(&str) + Send + Sync>;

/// Runs a crate's migrations against one database. The same runner backs `cargo migrate`, the
/// standalone migrations binary, and applications that migrate at start-up.
pub struct Migrator {
    registry: Registry,
    config: Config,
    dialect: Dialect,
    options: RunOptions,
    progress: Option<Progress>,
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
        let dialect = Dialect::from_url(&config.database_url)?;
        Ok(Migrator {
            registry,
            config,
            dialect,
            options: RunOptions::default(),
            progress: None,
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
        let mut conn = AnyConnection::connect(&self.config.database_url)
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
        let mut heads: Vec<String> = self
            .registry
            .map()
            .heads()
            .iter()
            .map(|r| r.revision.clone())
            .collect();
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
        let lock = self.lock().await?;
        let result = async {
            let mut conn = self.connect().await?;
            let result = self.ensure_tables(&mut conn).await;
            let _ = conn.close().await;
            result
        }
        .await;
        lock.release().await;
        result
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

    async fn lock(&self) -> Result<lock::RunLock> {
        sqlx::any::install_default_drivers();
        lock::acquire(
            self.dialect,
            &self.config.database_url,
            &self.config.redacted_url(),
            self.options.lock_timeout,
            &*self.waiting,
        )
        .await
    }

    async fn ensure_tables(&self, conn: &mut AnyConnection) -> Result<()> {
        let table = self.table();
        let mut sink = Sink::Live(conn);
        if let Some(sql) = table.create_schema_sql() {
            run(&mut sink, sql).await?;
        }
        run(&mut sink, table.create_sql()?).await?;
        run(&mut sink, table.create_log_sql()?).await
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
        for head in heads {
            if self.registry.map().get(head).is_none() {
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

    /// Applied revisions whose code changed since they ran: `(revision, recorded, now)`.
    async fn edited(
        &self,
        conn: &mut AnyConnection,
        current: &[String],
    ) -> Result<Vec<(String, String, String)>> {
        let sql = self.table().applied_checksums_sql()?;
        let rows = match sqlx::raw_sql(sqlx::AssertSqlSafe(sql.as_str()))
            .fetch_all(&mut *conn)
            .await
        {
            Ok(rows) => rows,
            Err(source) if self.dialect.is_missing_table(&source) => return Ok(Vec::new()),
            Err(source) => return Err(Error::Sql { sql, source }),
        };
        let mut recorded = std::collections::BTreeMap::new();
        for row in rows {
            let revision: String = row.try_get(0).unwrap_or_default();
            let checksum: String = row.try_get(1).unwrap_or_default();
            recorded.insert(revision, checksum);
        }
        let heads: Vec<&str> = current.iter().map(String::as_str).collect();
        let mut edited = Vec::new();
        for rev in self.registry.map().ancestors_of(&heads) {
            let Some(info) = self.registry.get(&rev.revision) else {
                continue;
            };
            if let Some(then) = recorded.get(&rev.revision)
                && !then.is_empty()
                && then != info.checksum
            {
                edited.push((
                    rev.revision.clone(),
                    then.clone(),
                    info.checksum.to_string(),
                ));
            }
        }
        Ok(edited)
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
            let unknown: Vec<&String> = current.iter().filter(|h| map.get(h).is_none()).collect();
            for id in &unknown {
                report.problems.push(format!(
                    "can't locate revision identified by {id:?}: the database holds a revision this code does not have. Likely cause: it was migrated from another branch or a newer deploy. Fix: check out that code, or re-align the database with `cargo migrate stamp <revision>`"
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
                for (revision, then, now) in self.edited(&mut conn, &current).await? {
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
            report.summary = format!(
                "ok: the database is at {} with {applied} revision{} applied, none edited, nothing pending",
                if current.is_empty() { "<base>".into() } else { current.join(", ") },
                if applied == 1 { "" } else { "s" }
            );
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
        let map = self.registry.map();
        let plan = match direction {
            Direction::Upgrade => map.plan_upgrade(current, &parsed)?,
            Direction::Downgrade => map.plan_downgrade(current, &parsed)?,
        };
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

    /// Runs `body` on a migration connection under the lock, releasing both on every path.
    async fn locked<T>(
        &self,
        body: impl AsyncFnOnce(&mut AnyConnection) -> Result<T>,
    ) -> Result<T> {
        let lock = self.lock().await?;
        let result = match self.connect().await {
            Ok(mut conn) => {
                let result = body(&mut conn).await;
                let _ = conn.close().await;
                result
            }
            Err(error) => Err(error),
        };
        lock.release().await;
        result
    }

    async fn migrate(&self, direction: Direction, target: &str) -> Result<Report> {
        // Parse before connecting, so a bad target never touches the database.
        Target::parse(target)?;
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
        self.locked(async |conn| {
            self.refuse_half_applied(conn).await?;
            let current = self.read_heads(conn, false).await?;
            self.check_known(&current)?;
            for (revision, then, now) in self.edited(conn, &current).await? {
                (self.warning)(&format!(
                    "applied revision {revision} was edited after it ran (checksum {then}, now {now}): its changes are not re-run; put new changes in a new revision, and see `cargo migrate check`"
                ));
            }
            let plan = self.plan(direction, &current, target)?;
            if plan.steps.is_empty() {
                return Ok(Report {
                    steps: Vec::new(),
                    heads: current,
                });
            }
            self.ensure_tables(conn).await?;
            self.execute(conn, &plan).await
        })
        .await
    }

    async fn execute(&self, conn: &mut AnyConnection, plan: &Plan) -> Result<Report> {
        let table = self.table();
        let single = !self.options.transaction_per_migration;
        let mut report = Report::default();
        let mut open = false;
        for step in &plan.steps {
            let info = self.info(&step.revision)?;
            let started = Instant::now();
            let transactional = info.transactional && self.dialect.transactional_ddl();
            if single && transactional && !open {
                run(&mut Sink::Live(conn), self.dialect.begin().into()).await?;
                open = true;
            }
            if single && !transactional && open {
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
                self.run_transactional(conn, &table, step, info, !single)
                    .await
            } else {
                self.run_outside_transaction(conn, &table, step, info).await
            };
            if let Err(error) = outcome {
                if open {
                    let _ = run(&mut Sink::Live(conn), "ROLLBACK".into()).await;
                    self.record_failure(
                        conn,
                        &table,
                        step,
                        info,
                        started,
                        &error,
                        STATUS_ROLLED_BACK,
                    )
                    .await;
                }
                return Err(error);
            }
            let step_report = StepReport {
                revision: step.revision.clone(),
                direction: step.direction,
                arrow: step.arrow(self.registry.map()),
                message: info.message.to_string(),
                duration: started.elapsed(),
            };
            if let Some(progress) = &self.progress {
                progress(&step_report);
            }
            report.steps.push(step_report);
        }
        if open {
            run(&mut Sink::Live(conn), "COMMIT".into()).await?;
        }
        report.heads = plan.heads_after.clone();
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

    /// One step inside a transaction: its DDL, its version rows and its event commit together
    /// or not at all. `own` is false when the run's single transaction is open around it.
    async fn run_transactional(
        &self,
        conn: &mut AnyConnection,
        table: &VersionTable,
        step: &Step,
        info: &'static MigrationInfo,
        own: bool,
    ) -> Result<()> {
        let started = Instant::now();
        // The BEGIN travels with the first statement (or with the batch below).
        let begin = own.then(|| self.dialect.begin().to_string());
        let outcome = async {
            let pending = run_code(self.dialect, conn, step, info, begin).await?;
            let mut batch: Vec<String> = pending.into_iter().collect();
            batch.extend(version_sql(table, &step.version_ops)?);
            batch.push(table.insert_event_sql(&Self::event(
                step,
                info,
                STATUS_SUCCESS,
                started,
                None,
            ))?);
            if own {
                batch.push("COMMIT".into());
            }
            // One round trip; the batch stops at its first failing statement.
            run(&mut Sink::Live(conn), batch.join(";\n")).await
        }
        .await;
        match outcome {
            Ok(()) => Ok(()),
            Err(error) => {
                let error = wrap_failure(info, error, None);
                if own {
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

    /// One step without a transaction (MySQL, or `transactional = false`): recorded as running
    /// before it starts, so that an interruption leaves a visible, blocking mark.
    async fn run_outside_transaction(
        &self,
        conn: &mut AnyConnection,
        table: &VersionTable,
        step: &Step,
        info: &'static MigrationInfo,
    ) -> Result<()> {
        let started = Instant::now();
        let running =
            table.insert_event_sql(&Self::event(step, info, STATUS_RUNNING, started, None))?;
        run(&mut Sink::Live(conn), running).await?;
        let outcome = async {
            run_code(self.dialect, conn, step, info, None).await?;
            let mut batch = vec![self.dialect.begin().to_string()];
            batch.extend(version_sql(table, &step.version_ops)?);
            batch.push(table.finish_event_sql(
                info.revision,
                STATUS_SUCCESS,
                started.elapsed().as_millis() as i64,
                None,
            )?);
            batch.push("COMMIT".into());
            run(&mut Sink::Live(conn), batch.join(";\n")).await
        }
        .await;
        match outcome {
            Ok(()) => Ok(()),
            Err(error) => {
                let _ = run(&mut Sink::Live(conn), "ROLLBACK".into()).await;
                let error = wrap_failure(info, error, Some(self.no_rollback_reason()));
                let text = error.to_string();
                if let Ok(sql) = table.finish_event_sql(
                    info.revision,
                    STATUS_FAILED,
                    started.elapsed().as_millis() as i64,
                    Some(&text),
                ) {
                    let _ = run(&mut Sink::Live(conn), sql).await;
                }
                Err(error)
            }
        }
    }

    /// `stamp <targets…>`: moves the version table to the targets without running any
    /// migration, and marks any half-applied state resolved. With `purge`, the table is
    /// emptied first (and unknown rows are no obstacle).
    pub async fn stamp(&self, targets: &[String], purge: bool) -> Result<Report> {
        let parsed = targets
            .iter()
            .map(|t| Target::parse(t))
            .collect::<Result<Vec<_>, _>>()?;
        self.locked(async |conn| {
            self.ensure_tables(conn).await?;
            let table = self.table();
            let mut current = self.read_heads(conn, false).await?;
            let mut batch = vec![self.dialect.begin().to_string()];
            if purge {
                for head in &current {
                    batch.push(table.op_sql(&VersionOp::Delete(head.clone()))?);
                }
                current.clear();
            } else {
                self.check_known(&current)?;
            }
            let plan = self.registry.map().plan_stamp(&current, &parsed)?;
            for step in &plan.steps {
                batch.extend(version_sql(&table, &step.version_ops)?);
                let checksum = self.registry.get(&step.revision).map_or("", |i| i.checksum);
                batch.push(table.insert_event_sql(&Event {
                    revision: &step.revision,
                    direction: "stamp",
                    checksum,
                    duration_ms: 0,
                    status: STATUS_SUCCESS,
                    error: None,
                })?);
            }
            batch.push(table.resolve_sql()?);
            batch.push("COMMIT".into());
            if let Err(error) = run(&mut Sink::Live(conn), batch.join(";\n")).await {
                let _ = run(&mut Sink::Live(conn), "ROLLBACK".into()).await;
                return Err(error);
            }
            let mut report = Report {
                heads: plan.heads_after.clone(),
                ..Report::default()
            };
            for step in &plan.steps {
                report.steps.push(StepReport {
                    revision: step.revision.clone(),
                    direction: step.direction,
                    arrow: step.arrow(self.registry.map()),
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
            other => (Vec::new(), other),
        };
        let map = self.registry.map();
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

    /// `--dry-run`: takes the lock, reads the current heads, and returns the plan's exact SQL
    /// without changing anything (not even creating the version table).
    pub async fn dry_run(&self, direction: Direction, target: &str) -> Result<String> {
        Target::parse(target)?;
        self.locked(async |conn| {
            let current = self.read_heads(conn, false).await?;
            self.check_known(&current)?;
            let plan = self.plan(direction, &current, target)?;
            let mut out = format!(
                "-- dry run: the database is at {}; nothing below was run\n\n",
                if current.is_empty() {
                    "<base>".to_string()
                } else {
                    current.join(", ")
                }
            );
            if self.dialect.transactional_ddl() {
                // Rehearse: run every step in one transaction, then roll it all back.
                run(&mut Sink::Live(conn), self.dialect.begin().into()).await?;
                let rendered = self.render_plan(&plan, Some(conn)).await;
                run(&mut Sink::Live(conn), "ROLLBACK".into()).await?;
                out.push_str(&rendered?);
            } else {
                out.push_str(&format!(
                    "-- {} cannot roll back DDL, so this dry run does not apply the steps: code that reads the schema sees it as it is now\n\n",
                    self.dialect.name()
                ));
                out.push_str(&self.render_plan(&plan, Some(conn)).await?);
            }
            Ok(out)
        })
        .await
    }

    /// Renders a plan as SQL: per step, its transaction, statements and version rows.
    async fn render_plan(
        &self,
        plan: &Plan,
        mut live: Option<&mut AnyConnection>,
    ) -> Result<String> {
        let map = self.registry.map();
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
                step.arrow(map),
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

/// Runs a step's code on the live connection.
/// Runs a step's code on the live connection; `prefix` (the step's `BEGIN`) goes with its first
/// statement. Returns the prefix when no statement carried it.
async fn run_code(
    dialect: Dialect,
    conn: &mut AnyConnection,
    step: &Step,
    info: &MigrationInfo,
    prefix: Option<String>,
) -> Result<Option<String>> {
    let mut op = Operations::new(dialect, Sink::Live(conn)).with_prefix(prefix);
    let code = match step.direction {
        Direction::Upgrade => (info.upgrade)(&mut op),
        Direction::Downgrade => (info.downgrade)(&mut op),
    };
    // A panic in the migration's code is an error like any other: rolled back, recorded, the
    // lock released, one line printed.
    match crate::panics::CatchUnwind(code).await {
        Ok(result) => result?,
        Err(message) => return Err(Error::Panicked(message)),
    }
    op.finish().await?;
    Ok(op.take_prefix())
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
