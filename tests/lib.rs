//! Test support shared by the end-to-end suites (`cargo-migrate/tests`, `tests/databases`),
//! and the home of the differential test against Alembic (`tests/alembic_diff.rs`).

use std::fmt::Display;

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
