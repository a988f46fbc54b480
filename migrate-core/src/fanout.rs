//! One command over many databases: several `--database-url`, or on PostgreSQL one schema per
//! tenant (`--tenants-from "SELECT schema_name FROM tenants"`), `-j N` at a time. Each database
//! runs alone (its own connection, lock and version table); a failure is recorded and the others
//! go on unless `--fail-fast`; a summary table (redacted database, from → to, steps, time,
//! result) ends the run, and the exit code is the first failed database's.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use migrate_graph::contract::exit;
use migrate_graph::secrets::scrub;
use sqlx::{Connection, Row};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::registry::Migrations;
use crate::runner::{Migrator, RunOptions, heads_text, one_line};
use crate::status::{Shell, elapsed};

/// What each database gets.
#[derive(Debug, Clone)]
pub enum Job {
    /// `upgrade <target>`.
    Upgrade(String),
    /// `downgrade <target>`.
    Downgrade(String),
    /// `current`: reads where each database is.
    Current,
    /// `check`: the CI gate on each database, its schema against the replay included.
    Check {
        /// Several labelled heads are fine.
        allow_branches: bool,
    },
    /// `verify`: each database's schema against the replay of its applied revisions.
    Verify,
}

/// One database of the fan-out.
#[derive(Debug, Clone)]
pub struct Database {
    /// How the summary names it: the redacted URL, and the tenant's schema if any.
    pub label: String,
    /// Its settings.
    pub config: Config,
}

/// The outcome of one database.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The database's label.
    pub label: String,
    /// The heads before (`<base>` for none), when they could be read.
    pub from: String,
    /// The heads after.
    pub to: String,
    /// Steps run.
    pub steps: usize,
    /// Wall time.
    pub time: Duration,
    /// `None` on success; the exit code and the scrubbed message on failure.
    pub failure: Option<(u8, String)>,
}

/// How to run the fan-out.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Databases run at once (at least 1).
    pub jobs: usize,
    /// Stop starting databases after the first failure.
    pub fail_fast: bool,
    /// The run options of each database.
    pub options: RunOptions,
}

/// The databases of `urls`, each resolved like a single `--database-url` and named by its
/// redacted URL, then those of `named` (a name of `[package.metadata.migrate.databases]` and its
/// value as written), named by their name.
pub fn databases(
    migrations: &Migrations,
    urls: &[String],
    named: &[(String, String)],
) -> Result<Vec<Database>> {
    let mut out = Vec::with_capacity(urls.len() + named.len());
    for url in urls {
        let config = Config::resolve(migrations, Some(url))?;
        out.push(Database {
            label: config.redacted_url(),
            config,
        });
    }
    for (name, template) in named {
        out.push(Database {
            label: name.clone(),
            config: Config::resolve_named(migrations, name, template)?,
        });
    }
    Ok(out)
}

/// One database per tenant schema that `query` returns (first column) on the PostgreSQL
/// database `base`: the migrations run with `search_path` set to the schema, and the version
/// table lives in it.
pub async fn tenants(migrations: Migrations, base: &Config, query: &str) -> Result<Vec<Database>> {
    if crate::backend::Dialect::from_url(&base.database_url)? != crate::backend::Dialect::Postgres {
        return Err(Error::Config(format!(
            "--tenants-from needs a PostgreSQL database (one schema per tenant), and {} is not one: list the databases with several --database-url instead",
            base.redacted_url()
        )));
    }
    let mut conn = Migrator::new(migrations, base.clone())?.connect().await?;
    let rows = sqlx::raw_sql(sqlx::AssertSqlSafe(query))
        .fetch_all(&mut conn)
        .await
        .map_err(|source| Error::Sql {
            sql: query.to_string(),
            source,
        })?;
    let _ = conn.close().await;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let schema: String = row.try_get(0).map_err(|e| {
            Error::Config(format!(
                "--tenants-from {query:?} must return schema names as text in its first column: {e}"
            ))
        })?;
        let separator = if base.database_url.contains('?') {
            '&'
        } else {
            '?'
        };
        let mut config = base.clone();
        config.database_url = format!(
            "{}{separator}options=-c%20search_path%3D{}",
            base.database_url,
            encode(&schema)
        );
        config.version_table_schema = Some(schema.clone());
        out.push(Database {
            label: format!("{} schema {schema}", base.redacted_url()),
            config,
        });
    }
    if out.is_empty() {
        return Err(Error::Config(format!(
            "--tenants-from {query:?} returned no schema: nothing to run"
        )));
    }
    Ok(out)
}

/// Percent-encodes a schema name for a URL's query.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'-' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Runs `job` on every database, `settings.jobs` at a time, and prints the summary; returns
/// the outcomes in the databases' order.
pub async fn run(
    migrations: Migrations,
    databases: Vec<Database>,
    job: Job,
    settings: Settings,
    shell: Shell,
    secrets: &[String],
) -> Vec<Outcome> {
    let total = databases.len();
    let display = Display::new(shell, total);
    // Collected and checked once, shared by every database's runner.
    let registry = match migrations.registry() {
        Ok(registry) => Arc::new(registry),
        Err(error) => {
            let why = one_line(&scrub(&error.to_string(), secrets));
            let code = error.exit_code();
            return databases
                .iter()
                .map(|database| Outcome {
                    label: database.label.clone(),
                    from: String::new(),
                    to: String::new(),
                    steps: 0,
                    time: Duration::ZERO,
                    failure: Some((code, why.clone())),
                })
                .collect();
        }
    };
    let databases = Arc::new(databases);
    let next = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let results: Arc<Mutex<Vec<Option<Outcome>>>> = Arc::new(Mutex::new(vec![None; total]));
    let secrets: Arc<Vec<String>> = Arc::new(secrets.to_vec());
    // The migrations' futures are not `Send`: the workers share this thread (the work is I/O).
    let local = tokio::task::LocalSet::new();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..settings.jobs.clamp(1, total.max(1)) {
        let (databases, next, stop, results, secrets, display, job) = (
            databases.clone(),
            next.clone(),
            stop.clone(),
            results.clone(),
            secrets.clone(),
            display.clone(),
            job.clone(),
        );
        let settings = settings.clone();
        let registry = registry.clone();
        workers.spawn_local_on(
            async move {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= databases.len() || stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let database = &databases[i];
                    let bar = display.start(&database.label);
                    let outcome = one(
                        migrations, &registry, database, &job, &settings, &bar, &secrets,
                    )
                    .await;
                    if outcome.failure.is_some() && settings.fail_fast {
                        stop.store(true, Ordering::SeqCst);
                    }
                    display.end(bar, &outcome);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(outcome);
                }
            },
            &local,
        );
    }
    local
        .run_until(async { while workers.join_next().await.is_some() {} })
        .await;
    let results = std::mem::take(&mut *results.lock().unwrap_or_else(|e| e.into_inner()));
    results
        .into_iter()
        .zip(databases.iter())
        .map(|(outcome, database)| {
            outcome.unwrap_or_else(|| Outcome {
                label: database.label.clone(),
                from: String::new(),
                to: String::new(),
                steps: 0,
                time: Duration::ZERO,
                failure: Some((exit::OK, "not run (--fail-fast)".into())),
            })
        })
        .collect()
}

/// Runs the job on one database.
async fn one(
    migrations: Migrations,
    registry: &Arc<crate::registry::Registry>,
    database: &Database,
    job: &Job,
    settings: &Settings,
    bar: &ProgressBar,
    secrets: &[String],
) -> Outcome {
    let started = Instant::now();
    let mut outcome = Outcome {
        label: database.label.clone(),
        from: String::new(),
        to: String::new(),
        steps: 0,
        time: Duration::ZERO,
        failure: None,
    };
    let result: std::result::Result<(), Failure> = async {
        let progress = bar.clone();
        let migrator = Migrator::shared(registry.clone(), database.config.clone())?
            .with_options(settings.options.clone())
            .on_step_start(move |step| {
                progress.set_message(format!("{}/{} {}", step.index + 1, step.total, step.arrow));
            });
        // What `check` and `verify` compare the schema on.
        let url = &database.config.database_url;
        let filter = || crate::inspect::Filter::new(&migrations, &database.config);
        let current = migrator.current().await?;
        outcome.from = heads_text(&current);
        outcome.to = outcome.from.clone();
        match job {
            Job::Upgrade(target) | Job::Downgrade(target) => {
                let report = match job {
                    Job::Upgrade(_) => migrator.upgrade(target).await?,
                    _ => migrator.downgrade(target).await?,
                };
                outcome.steps = report
                    .steps
                    .iter()
                    .filter(|s| !s.revision.is_empty())
                    .count();
                outcome.to = heads_text(&report.heads);
            }
            Job::Current => {}
            Job::Check { allow_branches } => {
                let report =
                    crate::verify::check(&migrator, url, &filter(), *allow_branches).await?;
                if let Some(first) = report.problems.first() {
                    let more = match report.problems.len() {
                        1 => String::new(),
                        n => format!(" (and {} more problems)", n - 1),
                    };
                    return Err(Failure(
                        exit::CHECK,
                        Error::Config(format!("{first}{more}")),
                    ));
                }
            }
            Job::Verify => {
                let drift = crate::verify::verify(&migrator, url, &filter()).await?;
                if !drift.diff.is_empty() {
                    let tables: Vec<&str> =
                        drift.diff.tables.iter().map(|t| t.table.as_str()).collect();
                    return Err(Failure(
                        exit::CHECK,
                        Error::Config(format!(
                            "the schema has drifted from the replay of its applied revisions ({}): run `verify` on this database for the drift",
                            tables.join(", ")
                        )),
                    ));
                }
            }
        }
        Ok(())
    }
    .await;
    outcome.time = started.elapsed();
    if let Err(Failure(code, error)) = result {
        outcome.failure = Some((code, one_line(&scrub(&error.to_string(), secrets))));
    }
    outcome
}

/// A failure: the error with the exit code it maps to (a check's problems are exit 8).
struct Failure(u8, Error);

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        Failure(error.exit_code(), error)
    }
}

/// The summary table: one row per database, then a total line.
pub fn summary(outcomes: &[Outcome]) -> String {
    let result = |o: &Outcome| match &o.failure {
        None => "ok".to_string(),
        Some((_, why)) => format!("FAILED: {why}"),
    };
    let moved = |o: &Outcome| {
        if o.from == o.to {
            o.from.clone()
        } else {
            format!("{} → {}", o.from, o.to)
        }
    };
    let width = |f: &dyn Fn(&Outcome) -> usize, title: &str| {
        outcomes.iter().map(f).max().unwrap_or(0).max(title.len())
    };
    let w_db = width(&|o| o.label.chars().count(), "DATABASE");
    let w_at = width(&|o| moved(o).chars().count(), "FROM → TO");
    let mut out = format!(
        "{:w_db$}  {:w_at$}  {:>5}  {:>8}  RESULT\n",
        "DATABASE", "FROM → TO", "STEPS", "TIME"
    );
    for o in outcomes {
        out.push_str(&format!(
            "{:w_db$}  {:w_at$}  {:>5}  {:>8}  {}\n",
            o.label,
            moved(o),
            o.steps,
            elapsed(o.time),
            result(o)
        ));
    }
    let failed = outcomes.iter().filter(|o| o.failure.is_some()).count();
    out.push_str(&format!(
        "{} database{}: {} ok, {failed} failed\n",
        outcomes.len(),
        if outcomes.len() == 1 { "" } else { "s" },
        outcomes.len() - failed
    ));
    out
}

/// The exit code of a fan-out: the first failed database's, or 0.
pub fn exit_code(outcomes: &[Outcome]) -> u8 {
    outcomes
        .iter()
        .find_map(|o| o.failure.as_ref().map(|(code, _)| *code))
        .map(|code| {
            if code == exit::OK {
                exit::DATABASE
            } else {
                code
            }
        })
        .unwrap_or(exit::OK)
}

/// The live display: at a terminal one line per running database (indicatif), otherwise one
/// status line per finished database.
#[derive(Clone)]
struct Display {
    shell: Shell,
    multi: Option<MultiProgress>,
    done: Arc<AtomicUsize>,
    total: usize,
}

impl Display {
    fn new(shell: Shell, total: usize) -> Display {
        let live = !shell.is_quiet() && std::io::stderr().is_terminal();
        Display {
            shell,
            multi: live.then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr())),
            done: Arc::new(AtomicUsize::new(0)),
            total,
        }
    }

    fn start(&self, label: &str) -> ProgressBar {
        let Some(multi) = &self.multi else {
            return ProgressBar::hidden();
        };
        let bar = multi.add(ProgressBar::new_spinner());
        let style = ProgressStyle::with_template("{spinner} {prefix} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        bar.set_prefix(label.to_string());
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    }

    fn end(&self, bar: ProgressBar, outcome: &Outcome) {
        let n = self.done.fetch_add(1, Ordering::SeqCst) + 1;
        let line = format!(
            "[{n}/{}] {}: {}",
            self.total,
            outcome.label,
            match &outcome.failure {
                None => format!("{} ({})", outcome.to, elapsed(outcome.time)),
                Some((_, why)) => format!("failed: {why}"),
            }
        );
        let verb = if outcome.failure.is_some() {
            "Failed"
        } else {
            "Finished"
        };
        match &self.multi {
            Some(multi) => {
                bar.finish_and_clear();
                multi.remove(&bar);
                let _ = multi.println(self.shell.line(verb, &line));
            }
            None => self.shell.status(verb, &line),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(label: &str, failure: Option<(u8, &str)>) -> Outcome {
        Outcome {
            label: label.into(),
            from: "<base>".into(),
            to: "a2".into(),
            steps: 2,
            time: Duration::from_millis(12),
            failure: failure.map(|(c, w)| (c, w.to_string())),
        }
    }

    #[test]
    fn summary_lists_each_database_and_the_totals() {
        let text = summary(&[
            outcome("postgres://app:***@h/one", None),
            outcome("postgres://app:***@h/two", Some((4, "cannot connect"))),
        ]);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("DATABASE"), "{text}");
        assert!(
            lines[1].contains("postgres://app:***@h/one")
                && lines[1].contains("<base> → a2")
                && lines[1].ends_with("ok"),
            "{text}"
        );
        assert!(lines[2].contains("FAILED: cannot connect"), "{text}");
        assert_eq!(lines[3], "2 databases: 1 ok, 1 failed");
    }

    #[test]
    fn exit_code_is_the_first_failure() {
        assert_eq!(exit_code(&[outcome("a", None)]), exit::OK);
        assert_eq!(
            exit_code(&[
                outcome("a", None),
                outcome("b", Some((5, "x"))),
                outcome("c", Some((4, "y")))
            ]),
            5
        );
        // A database left out by --fail-fast counts as failed.
        assert_eq!(
            exit_code(&[outcome("a", Some((exit::OK, "not run")))]),
            exit::DATABASE
        );
    }

    #[test]
    fn schema_names_are_encoded() {
        assert_eq!(encode("tenant_1"), "tenant_1");
        assert_eq!(encode("a b=c"), "a%20b%3Dc");
    }
}
