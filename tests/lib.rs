//! Test support shared by the end-to-end suites (`cargo-migrate/tests`, `tests/databases`),
//! and the home of the differential test against Alembic (`tests/alembic_diff.rs`).

use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What a command printed, as the assertions below read it.
#[derive(Debug, Clone, Copy)]
pub struct Printed<'a> {
    /// The exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: &'a str,
    /// Standard error.
    pub stderr: &'a str,
}

/// Asserts that none of `secrets` appears in anything printed. `context` is shown on failure.
pub fn assert_no_secret(printed: Printed<'_>, secrets: &[&str], context: &dyn Display) {
    for secret in secrets {
        assert!(
            !printed.stdout.contains(secret) && !printed.stderr.contains(secret),
            "the password was printed: {context}"
        );
    }
}

/// Asserts a refusal as a user sees it: exit `code`, nothing on stdout, exactly one `error:`
/// line holding every needle, and (except clap's usage errors, which add `Usage:` and `--help`
/// lines, and indented lines such as a compiler's excerpt) nothing else but status lines; and
/// none of `secrets` printed.
pub fn assert_refused(
    printed: Printed<'_>,
    code: u8,
    needles: &[&str],
    secrets: &[&str],
    context: &dyn Display,
) {
    assert_eq!(printed.code, Some(i32::from(code)), "{context}");
    assert_eq!(printed.stdout, "", "nothing on stdout: {context}");
    let errors: Vec<&str> = printed
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    assert_eq!(errors.len(), 1, "one error line: {context}");
    for needle in needles {
        assert!(errors[0].contains(needle), "no {needle:?} in: {context}");
    }
    if !printed
        .stderr
        .contains("For more information, try '--help'.")
    {
        let others: Vec<&str> = printed
            .stderr
            .lines()
            .filter(|l| !l.starts_with("error:") && !l.starts_with(' '))
            .collect();
        assert!(others.is_empty(), "one line, no more: {context}");
    }
    assert_no_secret(printed, secrets, context);
}

/// A Python with Alembic 1.x: `target/alembic-venv` (or `$CARGO_TARGET_DIR/alembic-venv`),
/// created and filled from PyPI the first time. Panics, saying what to install, when that
/// cannot be done: the tests that need real Alembic never pass without it.
pub fn alembic_python() -> PathBuf {
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let venv = target_dir.join("alembic-venv");
    let python = venv.join("bin/python");
    let has_alembic = |p: &Path| {
        Command::new(p)
            .args([
                "-c",
                "import alembic, sys; assert alembic.__version__.startswith('1.')",
            ])
            .status()
            .is_ok_and(|s| s.success())
    };
    if has_alembic(&python) {
        return python;
    }
    let status = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .expect("python3 is needed for the Alembic differential test (apt-get install python3 python3-venv)");
    assert!(
        status.success(),
        "`python3 -m venv {}` failed: install python3-venv (`.ci/run` does)",
        venv.display()
    );
    let status = Command::new(&python)
        .args(["-m", "pip", "install", "--quiet", "alembic==1.20.*"])
        .status()
        .expect("run pip");
    if !status.success() {
        let status = Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", "alembic>=1.13,<2"])
            .status()
            .expect("run pip");
        assert!(
            status.success(),
            "pip could not install alembic from PyPI into {}: the differential test needs it \
             (network access to pypi.org)",
            venv.display()
        );
    }
    assert!(
        has_alembic(&python),
        "alembic is not importable from {}",
        python.display()
    );
    python
}
