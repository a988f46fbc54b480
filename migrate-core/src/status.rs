//! Human status on stderr, in cargo's style: a bold verb right-aligned to 12 columns.

use std::io::{IsTerminal, Write};

/// When to color.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Color when stderr is a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always color.
    Always,
    /// Never color.
    Never,
}

/// Writes status lines to stderr.
#[derive(Debug, Clone, Copy)]
pub struct Shell {
    color: bool,
    quiet: bool,
}

impl Shell {
    /// Decides coloring once.
    pub fn new(choice: ColorChoice, quiet: bool) -> Shell {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
        Shell { color, quiet }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[1;{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// `   Upgrading 1975ea83b712 -> ae1027a6acf0, add account (3 ms)` (green verb).
    pub fn status(&self, verb: &str, message: &str) {
        if !self.quiet {
            let _ = writeln!(std::io::stderr(), "{}", self.line(verb, message));
        }
    }

    /// A status line as [`Shell::status`] prints it, without its newline.
    pub(crate) fn line(&self, verb: &str, message: &str) -> String {
        format!("{} {message}", self.paint("32", &format!("{verb:>12}")))
    }

    /// True when status lines are printed (not `-q`).
    pub(crate) fn is_quiet(&self) -> bool {
        self.quiet
    }

    /// True when status lines are colored.
    pub(crate) fn is_colored(&self) -> bool {
        self.color
    }

    /// `warning: …` (yellow).
    pub fn warn(&self, message: &str) {
        if !self.quiet {
            let _ = writeln!(
                std::io::stderr(),
                "{}: {message}",
                self.paint("33", "warning")
            );
        }
    }

    /// `error: …` (red); printed even when quiet.
    pub fn error(&self, message: &str) {
        let _ = writeln!(
            std::io::stderr(),
            "{}: {message}",
            self.paint("31", "error")
        );
    }
}

/// A duration as people read it: `3 ms`, `1.20 s`.
pub fn elapsed(duration: std::time::Duration) -> String {
    let ms = duration.as_secs_f64() * 1000.0;
    if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}
