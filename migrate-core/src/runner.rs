//! The run algorithm, written once for every database: connect → ensure the version table →
//! read the current heads → plan with migrate-graph → for each step: begin, run the ops, change
//! the version rows, commit.

use std::time::{Duration, Instant};

use migrate_graph::{Direction, Plan, Step, Target};
use sqlx::{AnyConnection, Connection, Row};

use crate::backend::Dialect;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::ops::{Operations, Sink, run};
use crate::registry::{Migrations, Registry};
use crate::version::VersionTable;

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

type Progress = Box<dyn Fn(&StepReport) + Send + Sync>;

/// Runs a crate's migrations against one database. The same runner backs `cargo migrate`, the
/// standalone migrations binary, and applications that migrate at start-up.
pub struct Migrator {
    registry: Registry,
    config: Config,
    dialect: Dialect,
    progress: Option<Progress>,
}

impl std::fmt::Debug for Migrator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Migrator")
            .field("config", &self.config)
            .field("revisions", &self.registry.len())
            .finish()
    }
}

impl Migrator {
    /// A runner for `migrations` with resolved settings.
    pub fn new(migrations: Migrations, config: Config) -> Result<Migrator> {
        let registry = migrations.registry()?;
        let dialect = Dialect::from_url(&config.database_url)?;
        Ok(Migrator {
            registry,
            config,
            dialect,
            progress: None,
        })
    }

    /// Calls `progress` after every step that committed.
    pub fn on_progress(mut self, progress: impl Fn(&StepReport) + Send + Sync + 'static) -> Self {
        self.progress = Some(Box::new(progress));
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
        AnyConnection::connect(&self.config.database_url)
            .await
            .map_err(|source| Error::Connect {
                url: self.config.redacted_url(),
                source,
            })
    }

    /// The version table's rows (the current heads), sorted; empty when the table is absent.
    pub async fn current(&self) -> Result<Vec<String>> {
        let mut conn = self.connect().await?;
        let heads = self.read_heads(&mut conn, false).await;
        let _ = conn.close().await;
        heads
    }

    async fn read_heads(&self, conn: &mut AnyConnection, create: bool) -> Result<Vec<String>> {
        let table = VersionTable::new(self.dialect, &self.config);
        if create {
            run(&mut Sink::Live(conn), table.create_sql()?).await?;
        }
        let sql = table.select_sql()?;
        let rows = match sqlx::raw_sql(sqlx::AssertSqlSafe(sql.as_str()))
            .fetch_all(&mut *conn)
            .await
        {
            Ok(rows) => rows,
            Err(source) if !create && is_missing_table(&source) => return Ok(Vec::new()),
            Err(source) => return Err(Error::Sql { sql, source }),
        };
        let mut heads = Vec::with_capacity(rows.len());
        for row in rows {
            let value: String = row.try_get(0).map_err(|e| Error::VersionTable {
                table: table.display_name(),
                why: format!(
                    "version_num is not text ({e}); restore it with `cargo migrate stamp`"
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
        for head in &heads {
            if self.registry.map().get(head).is_none() {
                return Err(Error::UnknownCurrent(head.clone()));
            }
        }
        Ok(heads)
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
        Ok(match direction {
            Direction::Upgrade => map.plan_upgrade(current, &parsed)?,
            Direction::Downgrade => map.plan_downgrade(current, &parsed)?,
        })
    }

    async fn migrate(&self, direction: Direction, target: &str) -> Result<Report> {
        // Parse before connecting, so a bad target never touches the database.
        Target::parse(target)?;
        let mut conn = self.connect().await?;
        let result = self.migrate_on(&mut conn, direction, target).await;
        let _ = conn.close().await;
        result
    }

    async fn migrate_on(
        &self,
        conn: &mut AnyConnection,
        direction: Direction,
        target: &str,
    ) -> Result<Report> {
        let current = self.read_heads(conn, true).await?;
        let plan = self.plan(direction, &current, target)?;
        let table = VersionTable::new(self.dialect, &self.config);
        let mut report = Report::default();
        for step in &plan.steps {
            let started = Instant::now();
            self.run_step(conn, &table, step).await?;
            let info = self.registry.get(&step.revision);
            let step_report = StepReport {
                revision: step.revision.clone(),
                direction: step.direction,
                arrow: step.arrow(self.registry.map()),
                message: info.map(|i| i.message.to_string()).unwrap_or_default(),
                duration: started.elapsed(),
            };
            if let Some(progress) = &self.progress {
                progress(&step_report);
            }
            report.steps.push(step_report);
        }
        report.heads = plan.heads_after;
        Ok(report)
    }

    async fn run_step(
        &self,
        conn: &mut AnyConnection,
        table: &VersionTable,
        step: &Step,
    ) -> Result<()> {
        let Some(info) = self.registry.get(&step.revision) else {
            return Err(Error::UnknownCurrent(step.revision.clone()));
        };
        let version_sql = step
            .version_ops
            .iter()
            .map(|op| table.op_sql(op))
            .collect::<Result<Vec<_>>>()?;
        let in_transaction = info.transactional && self.dialect.transactional_ddl();
        if in_transaction {
            run(&mut Sink::Live(conn), self.dialect.begin().to_string()).await?;
        }
        let outcome = async {
            let mut op = Operations::new(self.dialect, Sink::Live(conn));
            match step.direction {
                Direction::Upgrade => (info.upgrade)(&mut op).await?,
                Direction::Downgrade => (info.downgrade)(&mut op).await?,
            }
            // The version rows and the COMMIT go in one round trip; the batch stops at the
            // first failing statement, and the ROLLBACK below undoes the step.
            let mut batch = version_sql;
            if in_transaction {
                batch.push("COMMIT".to_string());
            }
            if !batch.is_empty() {
                run(&mut Sink::Live(conn), batch.join(";\n")).await?;
            }
            Ok(())
        }
        .await;
        if let Err(error) = outcome {
            if in_transaction {
                let _ = run(&mut Sink::Live(conn), "ROLLBACK".to_string()).await;
            }
            return Err(match error {
                Error::NoDowngrade => Error::Irreversible {
                    revision: info.revision.to_string(),
                    message: info.message.to_string(),
                },
                error => Error::MigrationFailed {
                    revision: info.revision.to_string(),
                    message: info.message.to_string(),
                    source: Box::new(error),
                },
            });
        }
        Ok(())
    }

    /// Offline mode (`--sql`): the complete script of `upgrade`/`downgrade <target>` from the
    /// base (or from the `start` of a `start:end` range), without connecting.
    pub async fn script(&self, direction: Direction, target: &str) -> Result<String> {
        let (current, target) = match Target::parse(target)? {
            Target::Range(start, end) => {
                let start = match *start {
                    Target::Base => Vec::new(),
                    Target::Revision(id) => {
                        vec![self.registry.map().resolve(&id)?.revision.clone()]
                    }
                    other => {
                        return Err(Error::Config(format!(
                            "the start of a range must be base or a revision, not {other:?}"
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
        let table = VersionTable::new(self.dialect, &self.config);
        let mut out = String::new();
        if current.is_empty() && direction == Direction::Upgrade {
            out.push_str(&table.create_sql()?);
            out.push_str(";\n\n");
        }
        for step in &plan.steps {
            let Some(info) = self.registry.get(&step.revision) else {
                return Err(Error::UnknownCurrent(step.revision.clone()));
            };
            let mut statements = Vec::new();
            let mut op = Operations::new(self.dialect, Sink::Offline(&mut statements));
            let ran = match step.direction {
                Direction::Upgrade => (info.upgrade)(&mut op).await,
                Direction::Downgrade => (info.downgrade)(&mut op).await,
            };
            match ran {
                Ok(()) => {}
                Err(Error::NoDowngrade) => {
                    return Err(Error::Irreversible {
                        revision: info.revision.to_string(),
                        message: info.message.to_string(),
                    });
                }
                Err(error) => return Err(error),
            }
            out.push_str(&format!(
                "-- Running {} {}, {}\n",
                match step.direction {
                    Direction::Upgrade => "upgrade",
                    Direction::Downgrade => "downgrade",
                },
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
            for op in &step.version_ops {
                out.push_str(&table.op_sql(op)?);
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

/// True when a SELECT failed because the version table does not exist yet.
fn is_missing_table(error: &sqlx::Error) -> bool {
    let text = error.to_string().to_ascii_lowercase();
    text.contains("no such table")
        || text.contains("does not exist")
        || text.contains("doesn't exist")
}
