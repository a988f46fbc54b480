//! `cargo migrate`: Alembic's migrations for a Rust workspace.
//!
//! Cargo runs it as `cargo-migrate migrate <args>`. `init`, `revision`, `merge`, `heads` and
//! `history` work from the sources alone; every other command builds the workspace's
//! migrations crate and runs its binary, forwarding the exit code.

mod cli;
mod commands;
mod error;
mod runner;
mod scaffold;
mod sources;
mod term;
mod workspace;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli::Cargo::Migrate(args) = cli::Cargo::parse();
    let term = term::Term::new(args.global.color, args.global.quiet);
    match commands::run(args, &term) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            term.error(&error.to_string());
            ExitCode::from(error.exit_code())
        }
    }
}
