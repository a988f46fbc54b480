//! The migrations binary's command line: what `cargo migrate` runs, and what runs alone in
//! production (`./migrations upgrade head`).
//!
//! ```ignore
//! fn main() -> std::process::ExitCode {
//!     migrate_core::cli::main(my_migrations::MIGRATIONS)
//! }
//! ```

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use migrate_graph::contract::{self, exit};
use migrate_graph::{Direction, display};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::registry::Migrations;
use crate::runner::Migrator;
use crate::status::{ColorChoice, Shell, elapsed};

/// The migrations binary's arguments.
#[derive(Debug, Parser)]
#[command(
    about = "Run this crate's database migrations (cargo-migrate)",
    version
)]
pub struct Args {
    /// The database URL [default: $DATABASE_URL, then .env, then [package.metadata.migrate]].
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,
    /// Use verbose output.
    #[arg(short, long, global = true)]
    verbose: bool,
    /// Do not print status lines.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Coloring: auto, always, never.
    #[arg(long, global = true, value_enum, default_value = "auto", env = contract::ENV_COLOR)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Upgrade to a later revision (head, +N, an id or prefix, …).
    Upgrade {
        /// The target revision.
        #[arg(default_value = "head")]
        revision: String,
        /// Print the SQL instead of running it (offline mode).
        #[arg(long)]
        sql: bool,
    },
    /// Revert to a previous revision (base, -N, an id or prefix, …).
    Downgrade {
        /// The target revision.
        revision: String,
        /// Print the SQL instead of running it (offline mode).
        #[arg(long)]
        sql: bool,
    },
    /// Show the revisions the database is at.
    Current,
    /// List the revisions, newest first.
    History,
    /// Show the heads of the revision graph.
    Heads,
}

/// Parses the process's arguments, runs the command, and returns its exit code.
pub fn main(migrations: Migrations) -> ExitCode {
    let args = Args::parse();
    let shell = Shell::new(args.color, args.quiet);
    ExitCode::from(run(migrations, args, shell))
}

/// Runs parsed arguments; returns the exit code from [`migrate_graph::contract::exit`].
pub fn run(migrations: Migrations, args: Args, shell: Shell) -> u8 {
    if let Ok(version) = std::env::var(contract::ENV_CONTRACT)
        && version != contract::VERSION.to_string()
    {
        shell.error(&format!(
            "this migrations binary speaks contract version {} but cargo-migrate speaks {version}: install the cargo-migrate that matches your migrate-core (cargo install --path <checkout>/cargo-migrate)",
            contract::VERSION
        ));
        return exit::USAGE;
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
    match runtime.block_on(dispatch(migrations, &args, shell)) {
        Ok(code) => code,
        Err(error) => {
            shell.error(&error.to_string());
            error.exit_code()
        }
    }
}

async fn dispatch(migrations: Migrations, args: &Args, shell: Shell) -> Result<u8> {
    let registry = migrations.registry()?;
    match &args.command {
        Command::History => {
            let map = registry.map();
            for rev in map.history() {
                println!("{}", display::history_line(map, rev, args.verbose));
            }
            return Ok(exit::OK);
        }
        Command::Heads => {
            let map = registry.map();
            for rev in map.heads() {
                println!("{}", display::head_line(map, rev, args.verbose));
            }
            return Ok(exit::OK);
        }
        _ => {}
    }
    let config = Config::resolve(&migrations, args.database_url.as_deref())?;
    let migrator = Migrator::new(migrations, config)?.on_progress(move |step| {
        let verb = match step.direction {
            Direction::Upgrade => "Upgrading",
            Direction::Downgrade => "Downgrading",
        };
        shell.status(
            verb,
            &format!(
                "{}, {} ({})",
                step.arrow,
                step.message,
                elapsed(step.duration)
            ),
        );
    });
    match &args.command {
        Command::Upgrade { revision, sql } | Command::Downgrade { revision, sql } => {
            let direction = match &args.command {
                Command::Upgrade { .. } => Direction::Upgrade,
                _ => Direction::Downgrade,
            };
            if *sql {
                print!("{}", migrator.script(direction, revision).await?);
                return Ok(exit::OK);
            }
            let started = std::time::Instant::now();
            let report = match direction {
                Direction::Upgrade => migrator.upgrade(revision).await?,
                Direction::Downgrade => migrator.downgrade(revision).await?,
            };
            let at = if report.heads.is_empty() {
                "<base>".to_string()
            } else {
                report.heads.join(", ")
            };
            let verb = match direction {
                Direction::Upgrade => "upgrade",
                Direction::Downgrade => "downgrade",
            };
            shell.status(
                "Finished",
                &format!(
                    "{verb} to {at}: {} revision{} in {}",
                    report.steps.len(),
                    if report.steps.len() == 1 { "" } else { "s" },
                    elapsed(started.elapsed())
                ),
            );
        }
        Command::Current => {
            let heads = migrator.current().await?;
            if heads.is_empty() {
                shell.status("Current", "<base>: no revision is applied");
            }
            let map = migrator.registry().map();
            for head in &heads {
                let rev = map
                    .get(head)
                    .ok_or_else(|| Error::UnknownCurrent(head.clone()))?;
                println!("{}", display::current_line(map, rev, args.verbose));
            }
        }
        Command::History | Command::Heads => {}
    }
    Ok(exit::OK)
}
