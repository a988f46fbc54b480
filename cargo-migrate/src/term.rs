//! Human output on stderr, in cargo's style: a bold verb right-aligned to 12 columns (green for
//! progress), yellow `warning:`, red `error:`. Whether to color is decided once, in
//! [`Term::new`].

use std::io::{IsTerminal, Write};

use crate::cli::ColorChoice;
use crate::error::Error;

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const RED: &str = "\x1b[31m";
const CYAN: &str = "\x1b[36m";

/// Where status, warnings and errors go, and how.
#[derive(Debug, Clone, Copy)]
pub struct Term {
    color: bool,
    quiet: bool,
}

impl Term {
    /// Decides once whether stderr is colored: `always`, `never`, or for `auto` when stderr is a
    /// terminal and `NO_COLOR` is unset (or empty). `quiet` silences status lines, not warnings
    /// or errors.
    pub fn new(choice: ColorChoice, quiet: bool) -> Term {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stderr().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        Term { color, quiet }
    }

    /// A status line: `     Created src/versions/ae1027a6acf0_add_account.rs`.
    pub fn status(&self, verb: &str, message: &str) {
        if self.quiet {
            return;
        }
        let line = if self.color {
            format!("{BOLD}{GREEN}{verb:>12}{RESET} {message}")
        } else {
            format!("{verb:>12} {message}")
        };
        emit(&line);
    }

    /// `note: <message>`: a hint about what to do next; silenced by `quiet`.
    pub fn note(&self, message: &str) {
        if !self.quiet {
            emit(&self.prefixed("note", CYAN, message));
        }
    }

    /// `warning: <message>`.
    pub fn warn(&self, message: &str) {
        emit(&self.prefixed("warning", YELLOW, message));
    }

    /// `error: <message>`.
    pub fn error(&self, message: &str) {
        emit(&self.prefixed("error", RED, message));
    }

    fn prefixed(&self, word: &str, color: &str, message: &str) -> String {
        if self.color {
            format!("{BOLD}{color}{word}{RESET}{BOLD}:{RESET} {message}")
        } else {
            format!("{word}: {message}")
        }
    }
}

fn emit(line: &str) {
    let mut stderr = std::io::stderr().lock();
    // Nothing sensible can be done when stderr is gone.
    let _ = writeln!(stderr, "{line}");
}

pub use migrate_graph::secrets::{redact_url, scrub, secrets};

/// Writes to stdout, where listings and machine output go. A closed stdout (`cargo migrate
/// history | head -1`) is [`Error::StdoutClosed`]: the command ends normally, exit 0.
pub fn write_out(text: std::fmt::Arguments<'_>) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_fmt(text)
        .and_then(|()| stdout.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => Error::StdoutClosed,
            _ => Error::io("write", "standard output", e),
        })
}

/// `print!` through [`write_out`], returning from the function on error.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::term::write_out(format_args!($($arg)*))?
    };
}

/// `println!` through [`write_out`], returning from the function on error.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::term::write_out(format_args!("{}\n", format_args!($($arg)*)))?
    };
}

pub(crate) use {out, outln};
