//! The migrations binary's command line: what `cargo migrate` runs, and what runs alone in
//! production (`./migrations upgrade head`).
//!
//! ```text
//! fn main() -> std::process::ExitCode {
//!     migrate_core::cli::main(my_migrations::MIGRATIONS)
//! }
//! ```

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use migrate_graph::contract::{self, exit};
use std::time::{Duration, Instant};

use migrate_graph::secrets::scrub;
use migrate_graph::target::TargetError;
use migrate_graph::{Direction, Target, display, json};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::fanout;
use crate::progress::Steps;
use crate::registry::Migrations;
use crate::runner::{Migrator, Report, RunOptions};
use crate::status::{ColorChoice, Shell, elapsed};

/// The migrations binary's arguments.
#[derive(Debug, Parser)]
#[command(
    about = "Run this crate's database migrations (cargo-migrate)",
    version
)]
pub struct Args {
    /// The database URL [default: $DATABASE_URL, then .env, then [package.metadata.migrate]].
    /// Repeat it to run `upgrade`, `downgrade`, `current` or `check` on several databases.
    #[arg(long, global = true, value_name = "URL")]
    database_url: Vec<String>,
    /// The databases are in the environment, from `cargo migrate` (see
    /// [`contract::ENV_DATABASES`]).
    #[arg(long = "databases-from-env", global = true, hide = true)]
    databases_from_env: bool,
    /// The named databases of `cargo migrate --database NAME`: (name, URL as written).
    #[arg(skip)]
    named: Vec<(String, String)>,
    /// On PostgreSQL, run on one schema per tenant: the first column of this query's rows
    /// (each schema gets its own version table and is the migrations' search_path).
    #[arg(long, global = true, value_name = "QUERY")]
    tenants_from: Option<String>,
    /// Databases migrated at once when there are several.
    #[arg(
        short = 'j',
        long,
        global = true,
        value_name = "N",
        default_value_t = 1
    )]
    jobs: usize,
    /// With several databases: start no other database after the first failure.
    #[arg(long, global = true)]
    fail_fast: bool,
    /// Use verbose output.
    #[arg(short, long, global = true)]
    verbose: bool,
    /// Do not print status lines.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// With --sql: the database to write SQL for, instead of the one the URL names; with
    /// lint: the database to lint for, offline.
    #[arg(long, global = true, value_enum, value_name = "DIALECT")]
    dialect: Option<DialectArg>,
    /// Coloring: auto, always, never.
    #[arg(long, global = true, value_enum, default_value = "auto", env = contract::ENV_COLOR)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

/// `--dialect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DialectArg {
    /// PostgreSQL.
    Postgres,
    /// MySQL or MariaDB.
    Mysql,
    /// SQLite.
    Sqlite,
}

impl DialectArg {
    /// A URL of that dialect that is never connected to (offline mode only).
    fn offline_url(self) -> &'static str {
        match self {
            DialectArg::Postgres => "postgres://offline/offline",
            DialectArg::Mysql => "mysql://offline/offline",
            DialectArg::Sqlite => "sqlite::memory:",
        }
    }
}

/// Output format of read commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Lines as Alembic prints them.
    Text,
    /// One JSON document (schema in `migrate_graph::json`).
    Json,
}

/// Output format of `lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LintFormat {
    /// `file:line: severity[code] message`, then the safer way.
    Text,
    /// One JSON document (see `migrate_core::lint::LintReport::to_json`).
    Json,
    /// GitHub Actions annotations (`::error file=…,line=…,title=…::…`).
    Github,
}

/// Options of commands that write.
#[derive(Debug, clap::Args)]
struct WriteOptions {
    /// Print the SQL instead of running it, from base and without connecting (offline mode).
    #[arg(long, conflicts_with = "dry_run")]
    sql: bool,
    /// Connect, read the current state under the lock, and print the plan's exact SQL
    /// without changing anything.
    #[arg(long)]
    dry_run: bool,
    /// Run the whole upgrade in one transaction instead of one per migration (PostgreSQL and
    /// SQLite).
    #[arg(long)]
    single_transaction: bool,
    /// Seconds to wait for another run's lock before giving up.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    lock_timeout: u64,
    /// Output format: `json` prints the steps run and the heads after on stdout.
    #[arg(long, value_enum, default_value = "text", conflicts_with_all = ["sql", "dry_run"])]
    format: Format,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Upgrade to a later revision (head, +N, an id or prefix, …).
    Upgrade {
        /// The target revision.
        #[arg(default_value = "head", allow_negative_numbers = true)]
        revision: String,
        #[command(flatten)]
        options: WriteOptions,
    },
    /// Revert to a previous revision (base, -N, an id or prefix, …).
    Downgrade {
        /// The target revision.
        #[arg(allow_negative_numbers = true)]
        revision: String,
        #[command(flatten)]
        options: WriteOptions,
    },
    /// Set the version table to the given revisions without running any migration.
    Stamp {
        /// The revisions (targets) to record.
        #[arg(required = true)]
        revisions: Vec<String>,
        /// Delete every row of the version table first (even unknown ones).
        #[arg(long)]
        purge: bool,
        /// Print the SQL instead of running it (offline mode, from base).
        #[arg(long)]
        sql: bool,
        /// Seconds to wait for another run's lock before giving up.
        #[arg(long, value_name = "SECONDS", default_value_t = 60)]
        lock_timeout: u64,
        /// Output format: `json` prints the revisions stamped and the heads after on stdout.
        #[arg(long, value_enum, default_value = "text", conflicts_with = "sql")]
        format: Format,
    },
    /// Show the revisions the database is at.
    Current {
        /// Exit with an error unless the database is at the head(s).
        #[arg(long)]
        check_heads: bool,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// List the revisions, newest first.
    History {
        /// Mark the revisions the database is at (connects to it).
        #[arg(short = 'i', long)]
        indicate_current: bool,
        /// Only the revisions of `start:end` (Alembic's `history -r`).
        #[arg(short = 'r', long, value_name = "RANGE", allow_hyphen_values = true)]
        rev_range: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Show the heads of the revision graph.
    Heads {
        /// Only the heads no other revision depends on (`upgrade heads` reaches these).
        #[arg(long)]
        resolve_dependencies: bool,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Show the branch points, each with the revisions it branches into.
    Branches {
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Create the version table (and the event log) if they do not exist.
    EnsureVersion {
        /// Print the SQL instead of running it (offline mode).
        #[arg(long)]
        sql: bool,
    },
    /// The CI gate: fail unless the database is at head, knows every revision, and no applied
    /// revision was edited.
    Check {
        /// Several heads are fine when each carries a branch label.
        #[arg(long)]
        allow_branches: bool,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Print the live database's schema, table by table (the version table and event log
    /// left out; see include-tables / exclude-tables in [package.metadata.migrate]).
    Inspect {
        /// Output format: readable, or the JSON form of migrate-schema.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Compare the live database with the replay of the revisions its version table records,
    /// and print the drift table by table (exit 8 when there is any).
    Verify {
        /// Output format: readable, or JSON (`{"current", "drift"}`).
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Print the schema the revisions produce at REV (default: head), replayed in memory
    /// without a database, for the configured dialect or --dialect.
    Schema {
        /// The revision: head, heads, base, or an id or prefix.
        #[arg(default_value = "head")]
        revision: String,
        /// Output format: readable DDL, or the JSON form of migrate-schema.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Internal (cargo migrate revision --autogenerate): the desired and current schemas, as
    /// JSON.
    #[command(name = "autogenerate-schemas", hide = true)]
    AutogenerateSchemas {
        /// Compare with the live database (the only current schema until replay exists).
        #[arg(long)]
        against_db: bool,
    },
    /// The stairway test: on a throwaway database per backend, upgrade, downgrade and upgrade
    /// again each revision, comparing the schemas (the database is dropped afterwards).
    Test {
        /// The backends to test on (several allowed) [default: the configured URL's].
        #[arg(long, value_enum, value_name = "BACKEND")]
        backend: Vec<crate::stairway::Backend>,
    },
    /// Lint the revisions: rules over the replayed operations (destructive, data-dependent,
    /// backward-incompatible, lock-heavy changes, hygiene); exit 8 on a finding of error
    /// severity that the migration does not allow.
    Lint {
        /// The revisions `start:end` [default: those not yet applied to the database; every
        /// revision with --all or --dialect].
        #[arg(allow_hyphen_values = true, value_name = "REV_RANGE")]
        rev_range: Option<String>,
        /// Every revision, without reading the database.
        #[arg(long, conflicts_with = "rev_range")]
        all: bool,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: LintFormat,
    },
    /// The event log: every upgrade, downgrade and stamp step, most recent first.
    Log {
        /// How many events to show.
        #[arg(short = 'n', long, default_value_t = 50)]
        limit: u64,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

/// Writes to standard output. A closed stdout (`… | head -1`) is a normal end: the process
/// exits 0 at once, quietly, instead of panicking.
fn write_stdout(text: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout.write_fmt(text).and_then(|()| stdout.flush())
        && error.kind() == std::io::ErrorKind::BrokenPipe
    {
        std::process::exit(0);
    }
}

/// `print!` through [`write_stdout`].
macro_rules! out {
    ($($arg:tt)*) => { write_stdout(format_args!($($arg)*)) };
}

/// `println!` through [`write_stdout`].
macro_rules! outln {
    ($($arg:tt)*) => { write_stdout(format_args!("{}\n", format_args!($($arg)*))) };
}

/// Parses the process's arguments, runs the command, and returns its exit code.
pub fn main(migrations: Migrations) -> ExitCode {
    let secrets = secrets(&migrations);
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(error) => {
            // clap's messages echo arguments, and an argument may be a URL with a password.
            let text = scrub(&error.render().to_string(), &secrets);
            if error.use_stderr() {
                eprint!("{text}");
            } else {
                out!("{text}");
            }
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(exit::USAGE));
        }
    };
    let shell = Shell::new(args.color, args.quiet);
    ExitCode::from(run_scrubbed(migrations, args, shell, &secrets))
}

/// Every password this run may know of: in the arguments, `DATABASE_URL` (environment or
/// `.env`) and `[package.metadata.migrate]`.
fn secrets(migrations: &Migrations) -> Vec<String> {
    let mut texts: Vec<String> = std::env::args().skip(1).collect();
    texts.extend(std::env::var(contract::ENV_DATABASE_URL));
    texts.extend(crate::config::dotenv_database_url());
    texts.extend(migrations.metadata().database_url.map(str::to_string));
    if let Ok(databases) = crate::config::databases_from_env() {
        texts.extend(crate::config::expanded_urls(&databases));
    }
    // The longest first, so that a password containing another is replaced whole.
    migrate_graph::secrets::secrets(texts.iter().map(String::as_str))
}

/// Runs parsed arguments; returns the exit code from [`migrate_graph::contract::exit`].
pub fn run(migrations: Migrations, args: Args, shell: Shell) -> u8 {
    let secrets = secrets(&migrations);
    run_scrubbed(migrations, args, shell, &secrets)
}

fn run_scrubbed(migrations: Migrations, mut args: Args, shell: Shell, secrets: &[String]) -> u8 {
    if args.databases_from_env {
        match crate::config::databases_from_env() {
            Ok(databases) => {
                for (name, url) in databases {
                    if name.is_empty() {
                        args.database_url.push(url);
                    } else {
                        args.named.push((name, url));
                    }
                }
            }
            Err(error) => {
                shell.error(&scrub(&error.to_string(), secrets));
                return exit::USAGE;
            }
        }
    }
    if let Ok(version) = std::env::var(contract::ENV_CONTRACT)
        && version != contract::VERSION.to_string()
    {
        let binary = std::env::current_exe()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| "this migrations binary".into());
        shell.error(&scrub(
            &format!(
                "the migrations binary {binary} was built with a migrate-core that speaks contract version {} but cargo-migrate speaks {version}: make cargo-migrate and the migrations crate's migrate-core the same version (cargo install --path <checkout>/cargo-migrate, or update migrate-core in the migrations crate's Cargo.toml) and run again",
                contract::VERSION
            ),
            secrets,
        ));
        return exit::BUILD;
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            shell.error(&format!("cannot start the async runtime: {e}"));
            return exit::DATABASE;
        }
    };
    let outcome = runtime.block_on(async {
        tokio::select! {
            outcome = dispatch(migrations, &args, shell) => outcome,
            _ = tokio::signal::ctrl_c() => Err(Error::Interrupted),
        }
    });
    // Dropping the run closed its connections: the server rolled back the migration in
    // progress and released the lock.
    match outcome {
        Ok(code) => code,
        Err(error) => {
            shell.error(&scrub(&error.to_string(), secrets));
            error.exit_code()
        }
    }
}

/// True when a `-r` range names `current`, which only the database can resolve.
fn mentions_current(range: Option<&str>) -> bool {
    range.is_some_and(|range| range.split(':').any(|end| end.trim() == "current"))
}

/// `range` with `current` replaced by the database's revision (`base` when it has none).
fn with_current(range: &str, current: &[String]) -> Result<String> {
    let Some((start, end)) = range.split_once(':') else {
        return Ok(range.to_string());
    };
    let resolve = |end: &str| -> Result<String> {
        if end.trim() != "current" {
            return Ok(end.to_string());
        }
        match current {
            [] => Ok("base".to_string()),
            [one] => Ok(one.clone()),
            several => Err(Error::Config(format!(
                "`current` in a range needs one current revision, and the database is at {}: name one of them",
                several.join(", ")
            ))),
        }
    };
    Ok(format!("{}:{}", resolve(start)?, resolve(end)?))
}

/// The history, or the revisions of `-r start:end`.
fn history<'a>(
    map: &'a migrate_graph::RevisionMap,
    range: Option<&str>,
) -> Result<Vec<&'a migrate_graph::Revision>> {
    let Some(range) = range else {
        return Ok(map.history());
    };
    let Some((start, end)) = range.split_once(':') else {
        return Err(Error::Config(format!(
            "invalid history range {range:?}: expected [start]:[end], e.g. `base:head` or `ae10:`"
        )));
    };
    Ok(map.history_range(start, end)?)
}

/// Refuses a target that does not parse, or names an id or prefix the code does not have (or
/// that is ambiguous), before anything connects: a database must not get its version table, or
/// a SQLite file be created, for a typo.
fn check_names(map: &migrate_graph::RevisionMap, target: &str) -> Result<()> {
    fn names<'a>(target: &'a Target, out: &mut Vec<&'a str>) {
        match target {
            Target::Revision(id) => out.push(id),
            Target::Relative {
                anchor: Some(anchor),
                ..
            } if !anchor.ends_with('@') => out.push(anchor),
            Target::Range(start, end) => {
                names(start, out);
                names(end, out);
            }
            _ => {}
        }
    }
    let parsed = Target::parse(target)?;
    let mut ids = Vec::new();
    names(&parsed, &mut ids);
    for id in ids {
        if let Err(error @ (TargetError::Unknown(_) | TargetError::Ambiguous { .. })) =
            map.resolve(id)
        {
            return Err(error.into());
        }
    }
    Ok(())
}

fn options(migrator: Migrator, lock_timeout: u64, single: bool) -> Migrator {
    migrator.with_options(RunOptions {
        transaction_per_migration: !single,
        lock_timeout: Duration::from_secs(lock_timeout),
    })
}

fn finished(shell: Shell, verb: &str, report: &Report, started: Instant) {
    let at = if report.heads.is_empty() {
        "<base>".to_string()
    } else {
        report.heads.join(", ")
    };
    let n = report.steps.len();
    if n == 0 && verb != "stamp" {
        // Nothing to do: say where the database already is (Alembic prints nothing at all).
        shell.status(
            "Finished",
            &format!("{verb}: nothing to do, already at {at}"),
        );
        return;
    }
    shell.status(
        "Finished",
        &format!(
            "{verb} to {at}: {n} revision{} in {}",
            if n == 1 { "" } else { "s" },
            elapsed(started.elapsed())
        ),
    );
}

/// `upgrade`, `downgrade` and `stamp --format json` ([`json::run_json`]).
fn report_json(command: &str, report: &Report) -> String {
    let steps: Vec<json::RunStep<'_>> = report
        .steps
        .iter()
        .filter(|step| !step.revision.is_empty())
        .map(|step| json::RunStep {
            revision: &step.revision,
            direction: match (command, step.direction) {
                ("stamp", _) => "stamp",
                (_, Direction::Upgrade) => "upgrade",
                (_, Direction::Downgrade) => "downgrade",
            },
            arrow: &step.arrow,
            message: &step.message,
            duration_ms: step.duration.as_millis(),
        })
        .collect();
    json::run_json(command, &steps, &report.heads)
}

/// `upgrade`, `downgrade`, `current`, `check` and `verify` on several databases ([`crate::fanout`]).
async fn fan_out(migrations: Migrations, args: &Args, shell: Shell) -> Result<u8> {
    let (job, options) = match &args.command {
        Command::Upgrade { revision, options } if !options.sql && !options.dry_run => {
            (fanout::Job::Upgrade(revision.clone()), Some(options))
        }
        Command::Downgrade { revision, options } if !options.sql && !options.dry_run => {
            (fanout::Job::Downgrade(revision.clone()), Some(options))
        }
        Command::Current { .. } => (fanout::Job::Current, None),
        Command::Check { allow_branches, .. } => (
            fanout::Job::Check {
                allow_branches: *allow_branches,
            },
            None,
        ),
        Command::Verify { .. } => (fanout::Job::Verify, None),
        _ => {
            return Err(Error::Config(
                "several databases (more than one --database-url or --database, or --tenants-from) work with upgrade, downgrade, current, check and verify, without --sql or --dry-run: run this command on one database".into(),
            ));
        }
    };
    let databases = match &args.tenants_from {
        Some(query) => {
            if !args.named.is_empty() {
                return Err(Error::Config(
                    "--tenants-from reads the tenants of one database: give it with --database-url, not --database".into(),
                ));
            }
            let base = match args.database_url.as_slice() {
                [] | [_] => {
                    Config::resolve(&migrations, args.database_url.first().map(String::as_str))?
                }
                _ => {
                    return Err(Error::Config(
                        "--tenants-from reads the tenants of one database: give one --database-url"
                            .into(),
                    ));
                }
            };
            shell.status("Using", &base.using());
            fanout::tenants(migrations, &base, query).await?
        }
        None => fanout::databases(&migrations, &args.database_url, &args.named)?,
    };
    shell.status(
        "Running",
        &format!(
            "on {} databases, {} at a time",
            databases.len(),
            args.jobs.max(1)
        ),
    );
    let settings = fanout::Settings {
        jobs: args.jobs,
        fail_fast: args.fail_fast,
        options: RunOptions {
            transaction_per_migration: !options.is_some_and(|o| o.single_transaction),
            lock_timeout: Duration::from_secs(options.map_or(60, |o| o.lock_timeout)),
        },
    };
    let secrets = secrets(&migrations);
    let outcomes = fanout::run(migrations, databases, job, settings, shell, &secrets).await;
    print!("{}", fanout::summary(&outcomes));
    Ok(fanout::exit_code(&outcomes))
}

async fn dispatch(migrations: Migrations, args: &Args, shell: Shell) -> Result<u8> {
    // Before the registry: the first revision of a project is autogenerated from none.
    if let Command::AutogenerateSchemas { against_db } = &args.command {
        let config = Config::resolve(&migrations, args.database_url.first().map(String::as_str))?;
        if *against_db {
            shell.status("Using", &config.using());
            let filter = crate::inspect::Filter::new(&migrations, &config);
            return crate::autogenerate::print(&config, &filter).await;
        }
        // By default, against the replay of head: no database is read.
        return crate::autogenerate::print_against_head(migrations, config).await;
    }
    if let Command::Test { backend } = &args.command {
        let url = args.database_url.first().map(String::as_str);
        return crate::stairway::run(migrations, url, backend, shell).await;
    }
    let registry = migrations.registry()?;
    let map = registry.map();
    match &args.command {
        Command::History {
            indicate_current: false,
            rev_range,
            format,
        } if !mentions_current(rev_range.as_deref()) => {
            let revs = history(map, rev_range.as_deref())?;
            match format {
                Format::Json => outln!("{}", json::revisions_json(map, &revs, &[])),
                Format::Text => {
                    for rev in revs {
                        outln!("{}", display::history_line(map, rev, args.verbose));
                    }
                }
            }
            return Ok(exit::OK);
        }
        Command::Heads {
            resolve_dependencies,
            format,
        } => {
            let heads = if *resolve_dependencies {
                map.real_heads()
            } else {
                map.heads()
            };
            match format {
                Format::Json => outln!("{}", json::revisions_json(map, &heads, &[])),
                Format::Text => {
                    for rev in heads {
                        outln!("{}", display::head_line(map, rev, args.verbose));
                    }
                }
            }
            return Ok(exit::OK);
        }
        Command::Branches { format } => {
            let points: Vec<&migrate_graph::Revision> = map
                .history()
                .into_iter()
                .filter(|r| map.children(&r.revision).len() > 1)
                .collect();
            match format {
                Format::Json => outln!("{}", json::revisions_json(map, &points, &[])),
                Format::Text => {
                    for rev in points {
                        // Alembic: the branch point, then `-> child` lines under it.
                        outln!("{}", display::current_line(map, rev, args.verbose));
                        let width = rev.revision.len();
                        for child in map.children(&rev.revision) {
                            outln!("{:width$} -> {}", "", display::head_line(map, child, false));
                        }
                    }
                }
            }
            return Ok(exit::OK);
        }
        _ => {}
    }
    match &args.command {
        Command::Upgrade { revision, options } | Command::Downgrade { revision, options } => {
            check_names(map, revision)?;
            if !options.sql && matches!(Target::parse(revision)?, Target::Range(..)) {
                return Err(TargetError::RangeOnline(revision.clone()).into());
            }
        }
        Command::Stamp { revisions, .. } => {
            for revision in revisions {
                check_names(map, revision)?;
            }
        }
        _ => {}
    }
    let offline = match &args.command {
        Command::Upgrade { options, .. } | Command::Downgrade { options, .. } => options.sql,
        Command::Stamp { sql, .. } | Command::EnsureVersion { sql } => *sql,
        Command::Schema { .. } => true,
        Command::Lint { .. } => args.dialect.is_some(),
        _ => false,
    };
    let url = match (offline, args.dialect) {
        (true, Some(dialect)) => Some(dialect.offline_url()),
        (false, Some(_)) => {
            return Err(Error::Config(
                "--dialect only applies to offline mode: add --sql, or drop --dialect".into(),
            ));
        }
        _ if args.database_url.len() + args.named.len() > 1 || args.tenants_from.is_some() => {
            return fan_out(migrations, args, shell).await;
        }
        _ => args.database_url.first().map(String::as_str),
    };
    let config = match (url, args.named.as_slice()) {
        (None, [(name, template)]) if !offline => {
            Config::resolve_named(&migrations, name, template)?
        }
        _ => Config::resolve(&migrations, url)?,
    };
    if !offline {
        // Never the wrong database silently: which one, and why, before anything runs.
        shell.status("Using", &config.using());
    }
    if let Command::Inspect { format } = &args.command {
        let filter = crate::inspect::Filter::new(&migrations, &config);
        return crate::inspect::print(&config, &filter, *format == Format::Json, shell).await;
    }
    if let Command::Verify { format } = &args.command {
        let filter = crate::inspect::Filter::new(&migrations, &config);
        let url = config.database_url.clone();
        let migrator = Migrator::from_registry(registry, config)?;
        return verify_command(&migrator, &url, &filter, *format, shell).await;
    }
    if let Command::Lint {
        rev_range,
        all,
        format,
    } = &args.command
    {
        let selection = match rev_range {
            Some(range) => crate::lint::Selection::Range(range.clone()),
            None if *all || offline => crate::lint::Selection::All,
            None => crate::lint::Selection::Unapplied,
        };
        let migrator = Migrator::from_registry(registry, config)?;
        return lint_command(&migrator, &selection, *format, shell).await;
    }
    if let Command::Schema { revision, format } = &args.command {
        let migrator = Migrator::from_registry(registry, config)?;
        return schema_command(&migrator, revision, *format, shell).await;
    }
    let filter = crate::inspect::Filter::new(&migrations, &config);
    let url = config.database_url.clone();
    let steps = Steps::new(shell);
    let (started_steps, ended_steps) = (steps.clone(), steps.clone());
    let (warned_steps, waiting_steps) = (steps.clone(), steps.clone());
    let migrator = Migrator::from_registry(registry, config)?
        .on_step_start(move |step| started_steps.start(step))
        .on_progress(move |step| ended_steps.end(step))
        .on_warning(move |text| warned_steps.suspend(|| shell.warn(text)))
        .on_lock_wait(move |holder| {
            waiting_steps.suspend(|| {
                shell.status(
                    "Waiting",
                    &format!("for the migration lock, held by {holder}"),
                );
            });
        });
    let started = Instant::now();
    match &args.command {
        Command::Upgrade {
            revision,
            options: o,
        }
        | Command::Downgrade {
            revision,
            options: o,
        } => {
            let direction = match &args.command {
                Command::Upgrade { .. } => Direction::Upgrade,
                _ => Direction::Downgrade,
            };
            let migrator = options(migrator, o.lock_timeout, o.single_transaction);
            if o.sql {
                out!("{}", migrator.script(direction, revision).await?);
                return Ok(exit::OK);
            }
            if o.dry_run {
                out!("{}", migrator.dry_run(direction, revision).await?);
                return Ok(exit::OK);
            }
            let outcome = match direction {
                Direction::Upgrade => migrator.upgrade(revision).await,
                Direction::Downgrade => migrator.downgrade(revision).await,
            };
            steps.finish();
            let report = outcome?;
            let verb = match direction {
                Direction::Upgrade => "upgrade",
                Direction::Downgrade => "downgrade",
            };
            if o.format == Format::Json {
                outln!("{}", report_json(verb, &report));
            }
            finished(shell, verb, &report, started);
        }
        Command::Stamp {
            revisions,
            purge,
            sql,
            lock_timeout,
            format,
        } => {
            let migrator = options(migrator, *lock_timeout, false);
            if *sql {
                out!("{}", migrator.stamp_script(revisions)?);
                return Ok(exit::OK);
            }
            let report = migrator.stamp(revisions, *purge).await?;
            for step in &report.steps {
                shell.status("Stamping", &format!("{}, {}", step.arrow, step.message));
            }
            if *format == Format::Json {
                outln!("{}", report_json("stamp", &report));
            }
            finished(shell, "stamp", &report, started);
        }
        Command::EnsureVersion { sql: true } => {
            out!("{}", migrator.ensure_version_script()?);
        }
        Command::EnsureVersion { sql: false } => {
            migrator.ensure_version().await?;
            shell.status("Finished", "the version table and the event log exist");
        }
        Command::Current {
            check_heads,
            format,
        } => {
            let current = migrator.current().await?;
            let map = &*migrator.registry().map().view(&current, &[]);
            match format {
                Format::Json => outln!("{}", json::current_json(map, &current)),
                Format::Text => {
                    if current.is_empty() {
                        shell.status("Current", "<base>: no revision is applied");
                    }
                    for head in &current {
                        let rev = map
                            .get(head)
                            .ok_or_else(|| Error::UnknownCurrent(head.clone()))?;
                        outln!("{}", display::current_line(map, rev, args.verbose));
                    }
                }
            }
            if *check_heads && let Err(error) = migrator.ensure_at_head().await {
                shell.error(&error.to_string());
                return Ok(error.exit_code());
            }
        }
        Command::History {
            indicate_current,
            rev_range,
            format,
        } => {
            let current = migrator.current().await?;
            let map = &*migrator.registry().map().view(&current, &[]);
            if let Some(unknown) = current.iter().find(|id| map.get(id).is_none()) {
                return Err(Error::UnknownCurrent(unknown.clone()));
            }
            let range = rev_range
                .as_deref()
                .map(|range| with_current(range, &current))
                .transpose()?;
            let revs = history(map, range.as_deref())?;
            let shown: &[String] = if *indicate_current { &current } else { &[] };
            match format {
                Format::Json => outln!("{}", json::revisions_json(map, &revs, shown)),
                Format::Text => {
                    for rev in revs {
                        let marks = display::Marks::in_map(map, rev)
                            .with_current(shown.contains(&rev.revision));
                        outln!("{}", display::history_entry(rev, marks, args.verbose));
                    }
                }
            }
        }
        Command::Check {
            allow_branches,
            format,
        } => {
            let report = crate::verify::check(&migrator, &url, &filter, *allow_branches).await?;
            match format {
                Format::Json => outln!("{}", report.to_json()),
                Format::Text => {
                    for problem in &report.problems {
                        shell.error(problem);
                    }
                    if report.problems.is_empty() {
                        shell.status("Checked", &report.summary);
                    }
                    for note in &report.squashes {
                        shell.status("Squash", note);
                    }
                }
            }
            let models_match = crate::autogenerate::check_against_head(&migrator, shell).await?;
            if !report.problems.is_empty() || !models_match {
                return Ok(exit::CHECK);
            }
        }
        Command::Log { limit, format } => {
            let events = migrator.events(*limit).await?;
            match format {
                Format::Json => outln!("{}", crate::runner::events_json(&events)),
                Format::Text => {
                    for event in &events {
                        outln!("{event}");
                    }
                    if events.is_empty() {
                        shell.status("Log", "no event recorded yet");
                    }
                }
            }
        }
        Command::Heads { .. }
        | Command::Branches { .. }
        | Command::Inspect { .. }
        | Command::Verify { .. }
        | Command::Schema { .. }
        | Command::AutogenerateSchemas { .. }
        | Command::Lint { .. }
        | Command::Test { .. } => {}
    }
    Ok(exit::OK)
}

/// `verify`: the drift report (stdout), a status line (stderr); exit 8 when there is drift.
async fn verify_command(
    migrator: &Migrator,
    url: &str,
    filter: &crate::inspect::Filter,
    format: Format,
    shell: Shell,
) -> Result<u8> {
    let drift = crate::verify::verify(migrator, url, filter).await?;
    let at = if drift.current.is_empty() {
        "<base>".to_string()
    } else {
        drift.current.join(", ")
    };
    match format {
        Format::Json => println!("{}", crate::verify::drift_json(&drift)?),
        Format::Text => print!("{}", drift.diff),
    }
    if drift.diff.is_empty() {
        shell.status(
            "Verified",
            &format!("no drift: the schema matches the replay of the revisions up to {at}"),
        );
        return Ok(exit::OK);
    }
    shell.error(&format!(
        "the schema has drifted from the replay of the revisions up to {at} ({} table{}); put the intended change in a new revision, or undo the change made by hand",
        drift.diff.tables.len(),
        if drift.diff.tables.len() == 1 { "" } else { "s" }
    ));
    Ok(exit::CHECK)
}

/// `lint`: the findings (stdout) in the chosen format, a summary (stderr); exit 8 when a
/// finding of error severity is not allowed.
async fn lint_command(
    migrator: &Migrator,
    selection: &crate::lint::Selection,
    format: LintFormat,
    shell: Shell,
) -> Result<u8> {
    let started = Instant::now();
    let report = match migrator.lint(selection).await {
        Err(error @ Error::Connect { .. }) if *selection == crate::lint::Selection::Unapplied => {
            shell.warn(
                "lint's default range is the revisions the database has not applied; without a database, lint every revision offline with --dialect postgres|mysql|sqlite",
            );
            return Err(error);
        }
        outcome => outcome?,
    };
    match format {
        LintFormat::Text => out!("{}", report.to_text()),
        LintFormat::Json => out!("{}", report.to_json()),
        LintFormat::Github => out!("{}", report.to_github()),
    }
    let summary = format!("{}, in {}", report.summary(), elapsed(started.elapsed()));
    if report.errors() > 0 {
        shell.error(&format!("lint failed: {summary}"));
    } else {
        shell.status("Linted", &summary);
    }
    Ok(report.exit_code())
}

/// `schema [REV]`: the replayed schema at a revision, readable or as JSON (stdout).
async fn schema_command(
    migrator: &Migrator,
    revision: &str,
    format: Format,
    shell: Shell,
) -> Result<u8> {
    let map = migrator.registry().map();
    let heads: Vec<String> = match revision {
        "base" => Vec::new(),
        "head" | "heads" => {
            let heads = map.heads();
            if revision == "head" && heads.len() > 1 {
                return Err(migrate_graph::target::TargetError::MultipleHeads(
                    heads.iter().map(|r| r.revision.clone()).collect(),
                )
                .into());
            }
            heads.iter().map(|r| r.revision.clone()).collect()
        }
        id => vec![map.resolve(id)?.revision.clone()],
    };
    let started = Instant::now();
    let schema = migrator.replay(&heads).await?;
    let took = started.elapsed();
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&schema)
                .map_err(|e| Error::Unsupported(format!("cannot write the schema as JSON: {e}")))?
        ),
        Format::Text => print!("{}", migrate_schema::create_script(&schema)),
    }
    let n = schema.tables.len();
    shell.status(
        "Replayed",
        &format!(
            "{n} table{} at {}, for {}, in {}",
            if n == 1 { "" } else { "s" },
            if heads.is_empty() {
                "<base>".to_string()
            } else {
                heads.join(", ")
            },
            schema.dialect.name(),
            elapsed(took)
        ),
    );
    Ok(exit::OK)
}
