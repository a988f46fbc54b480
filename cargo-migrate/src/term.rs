//! Human output on stderr, in cargo's style: a bold verb right-aligned to 12 columns (green for
//! progress), yellow `warning:`, red `error:`. Whether to color is decided once, in
//! [`Term::new`].

use std::io::{IsTerminal, Write};

use crate::cli::ColorChoice;

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

/// The URL with its password replaced by `***`: `postgres://app:***@db/app`. Anything without a
/// password comes back unchanged. It errs on the side of hiding (as migrate-core's): a password
/// with an unescaped `/`, `?` or `@`, a URL typed without its scheme (`user:password@host/db`),
/// and every query parameter named `*password*` are redacted too.
pub fn redact_url(url: &str) -> String {
    let (scheme, rest) = match url.split_once("://") {
        Some((scheme, rest)) => (Some(scheme), rest),
        None if url.starts_with("sqlite:") => return url.to_owned(),
        None => (None, url),
    };
    let (userinfo, tail) = match userinfo_end(rest) {
        Some(at) => (&rest[..at], &rest[at..]),
        None => ("", rest),
    };
    let userinfo = match userinfo.split_once(':') {
        Some((user, _password)) => format!("{user}:***"),
        None => userinfo.to_owned(),
    };
    let mut tail = tail.to_owned();
    if let Some(query_start) = tail.find('?') {
        let (path, query) = tail.split_at(query_start);
        let query: Vec<String> = query[1..]
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if key.to_ascii_lowercase().contains("password") => {
                    format!("{key}=***")
                }
                _ => pair.to_owned(),
            })
            .collect();
        tail = format!("{path}?{}", query.join("&"));
    }
    match scheme {
        Some(scheme) => format!("{scheme}://{userinfo}{tail}"),
        None => format!("{userinfo}{tail}"),
    }
}

/// Where the `user:password` part of `rest` (the URL after `scheme://`) ends: at its `@`.
fn userinfo_end(rest: &str) -> Option<usize> {
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    if let Some(at) = rest[..authority_end].rfind('@') {
        return Some(at);
    }
    let query_start = rest.find('?').unwrap_or(rest.len());
    if let Some(at) = rest[..query_start].rfind('@') {
        return Some(at);
    }
    let at = rest.rfind('@')?;
    (!rest[..at].contains('=')).then_some(at)
}

/// The passwords in `texts` that are URLs (as written and percent-decoded), longest first.
pub fn secrets<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out = Vec::new();
    for text in texts {
        let rest = text.split_once("://").map_or(text, |(_, rest)| rest);
        if let Some(at) = userinfo_end(rest)
            && let Some((_, password)) = rest[..at].split_once(':')
        {
            out.push(password.to_owned());
        }
        if let Some((_, query)) = rest.split_once('?') {
            for pair in query.split('&') {
                if let Some((key, value)) = pair.split_once('=')
                    && key.to_ascii_lowercase().contains("password")
                {
                    out.push(value.to_owned());
                }
            }
        }
    }
    let decoded: Vec<String> = out.iter().map(|s| percent_decode(s)).collect();
    out.extend(decoded);
    out.retain(|s| s.len() >= 4);
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `text` with every secret replaced by `***`.
pub fn scrub(text: &str, secrets: &[String]) -> String {
    let mut text = text.to_owned();
    for secret in secrets {
        text = text.replace(secret.as_str(), "***");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords_only() {
        assert_eq!(
            redact_url("postgres://app:s3cr@t@db:5432/app?sslmode=require"),
            "postgres://app:***@db:5432/app?sslmode=require"
        );
        assert_eq!(
            redact_url("mysql://root@localhost/x"),
            "mysql://root@localhost/x"
        );
        assert_eq!(
            redact_url("sqlite:blog.db?mode=rwc"),
            "sqlite:blog.db?mode=rwc"
        );
        assert_eq!(redact_url("postgres://db/app"), "postgres://db/app");
        assert_eq!(
            redact_url("postgres://a:b/c@h:1/d"),
            "postgres://a:***@h:1/d"
        );
        assert_eq!(redact_url("a:secret@h/d"), "a:***@h/d");
        assert_eq!(
            redact_url("mysql://root@h/x?password=hunter2"),
            "mysql://root@h/x?password=***"
        );
        assert_eq!(
            secrets(["postgres://u:s3cr%2Fet@h/d", "head"]),
            ["s3cr%2Fet", "s3cr/et"]
        );
        assert_eq!(
            scrub("a s3cr/et b", &secrets(["pg://u:s3cr%2Fet@h"])),
            "a *** b"
        );
    }

    #[test]
    fn status_is_right_aligned() {
        let line = format!("{:>12} {}", "Created", "x");
        assert_eq!(line, "     Created x");
    }
}
