//! `cargo migrate`: Alembic's migrations for a Rust workspace.
//!
//! Cargo runs it as `cargo-migrate migrate <args>`. `init`, `revision`, `merge`, `heads` and
//! `history` work from the sources alone; every other command builds the workspace's
//! migrations crate and runs its binary, forwarding the exit code.

mod autogenerate;
mod cli;
mod commands;
mod error;
mod fresh;
mod rebase;
mod runner;
mod scaffold;
mod scan_cache;
mod sources;
mod squash;
mod term;
mod workspace;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Passwords of URLs on the command line or in DATABASE_URL never reach the terminal, even
    // when clap echoes a misplaced argument.
    let texts: Vec<String> = std::env::args()
        .skip(1)
        .chain(std::env::var(migrate_graph::contract::ENV_DATABASE_URL))
        .collect();
    let secrets = term::secrets(texts.iter().map(String::as_str));
    let cli::Cargo::Migrate(args) = match cli::Cargo::try_parse() {
        Ok(args) => args,
        Err(error) => {
            let text = term::scrub(&error.render().to_string(), &secrets);
            if error.use_stderr() {
                eprint!("{text}");
            } else if term::write_out(format_args!("{text}")).is_err() {
                // `--help | head -1`: a closed stdout is a normal end.
                return ExitCode::SUCCESS;
            }
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    let mut args = args;
    // clap keeps only the last level's values of a global flag given before and after the
    // command (`--database-url a upgrade head --database-url b`): every one counts.
    let raw: Vec<String> = std::env::args().skip(1).collect();
    args.global.database_url = cli::occurrences(&raw, "--database-url");
    args.global.database = cli::occurrences(&raw, "--database");
    let term = term::Term::new(args.global.color, args.global.quiet);
    match commands::run(args, &term) {
        Ok(code) => ExitCode::from(code),
        Err(error::Error::StdoutClosed) => ExitCode::SUCCESS,
        Err(error) => {
            term.error(&term::scrub(&error.to_string(), &secrets));
            ExitCode::from(error.exit_code())
        }
    }
}
