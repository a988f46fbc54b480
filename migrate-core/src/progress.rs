//! What a run shows while it runs, at a terminal: the step in progress (`   Upgrading a -> b,
//! message …`), replaced by its line with the duration when it ends, and above a few steps an
//! indicatif bar with the revision count. Not at a terminal (logs, CI) or with `-q`, only the
//! line of each step once it ended.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use migrate_graph::Direction;

use crate::runner::{StepReport, StepStart};
use crate::status::{Shell, elapsed};

/// Runs longer than this get a progress bar.
const FEW_STEPS: usize = 3;

/// The status verb of a step.
fn verb(direction: Direction) -> &'static str {
    match direction {
        Direction::Upgrade => "Upgrading",
        Direction::Downgrade => "Downgrading",
    }
}

/// The progress display of one run; shared by the runner's two callbacks.
#[derive(Clone)]
pub(crate) struct Steps {
    shell: Shell,
    live: bool,
    bar: Arc<Mutex<Bar>>,
}

/// The bar, cleared when the run is dropped on any path (an error, Ctrl-C), so that no half
/// drawn line is left under the error.
#[derive(Default)]
struct Bar(Option<ProgressBar>);

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some(bar) = self.0.take() {
            bar.finish_and_clear();
        }
    }
}

impl Steps {
    /// Live output only when stderr is a terminal and status lines are printed.
    pub(crate) fn new(shell: Shell) -> Steps {
        Steps {
            shell,
            live: !shell.is_quiet() && std::io::stderr().is_terminal(),
            bar: Arc::new(Mutex::new(Bar::default())),
        }
    }

    /// A step starts: show it (and the bar, from the first step of a long run).
    pub(crate) fn start(&self, step: &StepStart<'_>) {
        if !self.live {
            return;
        }
        let mut bar = self.bar.lock().unwrap_or_else(|e| e.into_inner());
        let bar = bar.0.get_or_insert_with(|| self.new_bar(step.total));
        bar.set_prefix(verb(step.direction));
        bar.set_message(format!("{}, {} …", step.arrow, step.message));
    }

    fn new_bar(&self, total: usize) -> ProgressBar {
        let (prefix, bar) = if self.shell.is_colored() {
            ("{prefix:>12.green.bold}", "{prefix:>12.cyan.bold}")
        } else {
            ("{prefix:>12}", "{prefix:>12}")
        };
        let template = if total > FEW_STEPS {
            format!("{bar} [{{bar:27}}] {{pos}}/{{len}}: {{wide_msg}}")
        } else {
            format!("{prefix} {{wide_msg}}")
        };
        let style = ProgressStyle::with_template(&template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        bar.set_style(style);
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        bar
    }

    /// A step ended (or, with an empty revision, the run committed): its line, with the
    /// duration, above the bar.
    pub(crate) fn end(&self, step: &StepReport) {
        let line = if step.revision.is_empty() {
            ("Committed", step.arrow.clone())
        } else {
            (
                verb(step.direction),
                format!(
                    "{}, {} ({})",
                    step.arrow,
                    step.message,
                    elapsed(step.duration)
                ),
            )
        };
        let bar = self.bar.lock().unwrap_or_else(|e| e.into_inner());
        match bar.0.as_ref() {
            Some(bar) => {
                bar.println(self.shell.line(line.0, &line.1));
                if !step.revision.is_empty() {
                    bar.inc(1);
                }
            }
            None => self.shell.status(line.0, &line.1),
        }
    }

    /// Prints what `print` prints (a warning, a lock wait) above the bar, not over it.
    pub(crate) fn suspend(&self, print: impl FnOnce()) {
        let bar = self.bar.lock().unwrap_or_else(|e| e.into_inner());
        match bar.0.as_ref() {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }

    /// The run is over, whichever way: the bar goes.
    pub(crate) fn finish(&self) {
        let _ = self
            .bar
            .lock()
            .map(|mut bar| bar.0.take().map(|b| b.finish_and_clear()));
    }
}
