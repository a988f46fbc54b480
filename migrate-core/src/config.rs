//! Settings, resolved as `cargo migrate` resolves them: `--database-url`, then `DATABASE_URL`
//! in the environment, then a `.env` file, then `[package.metadata.migrate]`.

use crate::error::{Error, Result};
use crate::registry::Migrations;

/// The name of Alembic's version table, our default.
pub const DEFAULT_VERSION_TABLE: &str = "alembic_version";

/// Resolved settings of one run.
#[derive(Clone)]
pub struct Config {
    /// The database URL. Never print it: use [`Config::redacted_url`].
    pub database_url: String,
    /// The version table's name.
    pub version_table: String,
    /// The schema that holds the version table (PostgreSQL), if any.
    pub version_table_schema: Option<String>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &self.redacted_url())
            .field("version_table", &self.version_table)
            .field("version_table_schema", &self.version_table_schema)
            .finish()
    }
}

impl Config {
    /// Resolves the settings for `migrations`, with `database_url` from the command line.
    pub fn resolve(migrations: &Migrations, database_url: Option<&str>) -> Result<Config> {
        let metadata = migrations.metadata();
        let url = match database_url {
            Some(url) => url.to_string(),
            None => match std::env::var("DATABASE_URL") {
                Ok(url) => url,
                Err(_) => match dotenvy::var("DATABASE_URL") {
                    Ok(url) => url,
                    Err(_) => {
                        let url = metadata.database_url.ok_or(Error::NoDatabaseUrl)?;
                        anchor_sqlite_path(&expand_env(url)?, metadata.manifest_dir)
                    }
                },
            },
        };
        validate_url(&url)?;
        let version_table = metadata
            .version_table
            .unwrap_or(DEFAULT_VERSION_TABLE)
            .to_string();
        if version_table.is_empty()
            || !version_table
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Err(Error::Config(format!(
                "invalid version-table {version_table:?} in [package.metadata.migrate]: use letters, digits and `_`"
            )));
        }
        Ok(Config {
            database_url: url,
            version_table,
            version_table_schema: metadata.version_table_schema.map(str::to_string),
        })
    }

    /// The URL with its password replaced by `***`.
    pub fn redacted_url(&self) -> String {
        redact_url(&self.database_url)
    }
}

/// Expands `${NAME}` in `[package.metadata.migrate] database-url` from the environment, then a
/// `.env` file, so that a team whose `.env` holds `POSTGRES_USER`, `POSTGRES_PASSWORD`,
/// `POSTGRES_HOST`… (seed 002) can write
/// `database-url = "postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@${POSTGRES_HOST}/app"`.
fn expand_env(template: &str) -> Result<String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            return Err(Error::Config(
                "database-url in [package.metadata.migrate] has an unclosed `${`: write ${NAME}"
                    .into(),
            ));
        };
        let name = &after[..end];
        let value = std::env::var(name)
            .or_else(|_| dotenvy::var(name))
            .map_err(|_| {
                Error::Config(format!(
                    "database-url in [package.metadata.migrate] uses ${{{name}}}, which is set neither in the environment nor in a .env file: set it, or pass --database-url"
                ))
            })?;
        out.push_str(&value);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A relative SQLite path in `[package.metadata.migrate]` is relative to the migrations crate,
/// like every other path in a Cargo.toml.
fn anchor_sqlite_path(url: &str, manifest_dir: &str) -> String {
    let Some(rest) = url.strip_prefix("sqlite:") else {
        return url.to_string();
    };
    let rest_no_slashes = rest.strip_prefix("//").unwrap_or(rest);
    if rest_no_slashes.starts_with('/') || rest_no_slashes.starts_with(":memory:") {
        return url.to_string();
    }
    let dir = std::path::Path::new(manifest_dir);
    if !dir.is_dir() {
        return url.to_string();
    }
    format!(
        "sqlite:{}/{}",
        manifest_dir.trim_end_matches('/'),
        rest_no_slashes
    )
}

/// Replaces the password of a URL with `***`, for every message we print. It errs on the side
/// of hiding: a password with an unescaped `/`, `?` or `@`, and a URL typed without its scheme
/// (`user:password@host/db`), are redacted too, as is every query parameter named `*password*`.
pub fn redact_url(url: &str) -> String {
    let (scheme, rest) = match url.split_once("://") {
        Some((scheme, rest)) => (Some(scheme), rest),
        None if url.starts_with("sqlite:") => return url.to_string(),
        None => (None, url),
    };
    let (userinfo, tail) = match userinfo_end(rest) {
        Some(at) => (&rest[..at], &rest[at..]),
        None => ("", rest),
    };
    let userinfo = match userinfo.split_once(':') {
        Some((user, _password)) => format!("{user}:***"),
        None => userinfo.to_string(),
    };
    let mut tail = tail.to_string();
    if let Some(query_start) = tail.find('?') {
        let (path, query) = tail.split_at(query_start);
        let query: Vec<String> = query[1..]
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if key.to_ascii_lowercase().contains("password") => {
                    format!("{key}=***")
                }
                _ => pair.to_string(),
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
    // An `@` past a `/`, `?` or `#`: a password holding one of them unescaped, unless the `@`
    // is inside a query parameter's value.
    let query_start = rest.find('?').unwrap_or(rest.len());
    if let Some(at) = rest[..query_start].rfind('@') {
        return Some(at);
    }
    let at = rest.rfind('@')?;
    (!rest[..at].contains('=')).then_some(at)
}

/// The secrets in `text` if it is a URL: its password (as written and percent-decoded) and
/// the values of its `*password*` query parameters. For scrubbing messages we did not write
/// (a driver's error, clap's echo of an argument), as a second line of defence.
pub(crate) fn secrets_of(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    if !text.contains('@') && !text.to_ascii_lowercase().contains("password=") {
        return out;
    }
    let rest = text.split_once("://").map_or(text, |(_, rest)| rest);
    if let Some(at) = userinfo_end(rest)
        && let Some((_, password)) = rest[..at].split_once(':')
    {
        out.push(password.to_string());
    }
    if let Some((_, query)) = rest.split_once('?') {
        for pair in query.split('&') {
            if let Some((key, value)) = pair.split_once('=')
                && key.to_ascii_lowercase().contains("password")
            {
                out.push(value.to_string());
            }
        }
    }
    let decoded: Vec<String> = out.iter().map(|s| percent_decode(s)).collect();
    out.extend(decoded);
    out.retain(|s| s.len() >= 4);
    out.sort();
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

/// Refuses a URL that cannot work, before anything connects.
fn validate_url(url: &str) -> Result<()> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Ok(());
    };
    if !matches!(scheme, "mysql" | "mariadb") {
        return Ok(());
    }
    let after_user = userinfo_end(rest).map_or(rest, |at| &rest[at + 1..]);
    let database = after_user
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .split_once('/')
        .map_or("", |(_, db)| db);
    if database.is_empty() {
        return Err(Error::Config(format!(
            "the database URL {} names no database: add it after the host, e.g. {scheme}://user@host:3306/app",
            redact_url(url)
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_urls_expand_variables() {
        // SAFETY: tests in this module do not read these variables concurrently.
        unsafe {
            std::env::set_var("MIGRATE_TEST_EXPAND_USER", "app");
            std::env::set_var("MIGRATE_TEST_EXPAND_HOST", "db.internal");
        }
        assert_eq!(
            expand_env("postgres://${MIGRATE_TEST_EXPAND_USER}@${MIGRATE_TEST_EXPAND_HOST}/x")
                .unwrap(),
            "postgres://app@db.internal/x"
        );
        assert_eq!(expand_env("sqlite:plain.db").unwrap(), "sqlite:plain.db");
        let missing = expand_env("postgres://${MIGRATE_TEST_EXPAND_NOPE}@h/x").unwrap_err();
        assert!(
            missing.to_string().contains("${MIGRATE_TEST_EXPAND_NOPE}"),
            "{missing}"
        );
        assert!(expand_env("postgres://${OOPS@h").is_err());
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://app:s3cret@db:5432/app"),
            "postgres://app:***@db:5432/app"
        );
        assert_eq!(
            redact_url("mysql://root@localhost/x?password=hunter2&ssl-mode=required"),
            "mysql://root@localhost/x?password=***&ssl-mode=required"
        );
        assert_eq!(
            redact_url("sqlite:blog.db?mode=rwc"),
            "sqlite:blog.db?mode=rwc"
        );
        assert_eq!(redact_url("postgres://a:b@c@h/d"), "postgres://a:***@h/d");
        assert_eq!(
            redact_url("postgres://a:b/c@h:1/d"),
            "postgres://a:***@h:1/d"
        );
        assert_eq!(redact_url("postgres://a:b?c@h/d"), "postgres://a:***@h/d");
        assert_eq!(redact_url("a:secret@h/d"), "a:***@h/d");
        assert_eq!(
            redact_url("postgres://h:5432/d?application_name=a@b"),
            "postgres://h:5432/d?application_name=a@b"
        );
        assert_eq!(
            redact_url("postgres://h/d?sslpassword=x"),
            "postgres://h/d?sslpassword=***"
        );
    }

    #[test]
    fn secrets_are_found() {
        assert_eq!(
            secrets_of("postgres://u:s3cr%2Fet@h/d"),
            ["s3cr%2Fet", "s3cr/et"]
        );
        assert_eq!(secrets_of("mysql://u@h/d?password=hunter2"), ["hunter2"]);
        assert!(secrets_of("a01:a03").is_empty());
        assert!(secrets_of("sqlite:db.sqlite?mode=rwc").is_empty());
    }

    #[test]
    fn a_mysql_url_needs_a_database() {
        assert!(validate_url("mysql://root:pw@127.0.0.1:3306").is_err());
        assert!(validate_url("mysql://root@h/").is_err());
        assert!(validate_url("mariadb://root@h:3306/app?ssl-mode=disabled").is_ok());
        assert!(validate_url("postgres://h").is_ok());
        let error = validate_url("mysql://root:s3cret@h")
            .unwrap_err()
            .to_string();
        assert!(!error.contains("s3cret"), "{error}");
    }

    #[test]
    fn metadata_sqlite_paths_are_relative_to_the_crate() {
        let dir = env!("CARGO_MANIFEST_DIR");
        assert_eq!(
            anchor_sqlite_path("sqlite:blog.db?mode=rwc", dir),
            format!("sqlite:{dir}/blog.db?mode=rwc")
        );
        assert_eq!(anchor_sqlite_path("sqlite:/abs.db", dir), "sqlite:/abs.db");
        assert_eq!(
            anchor_sqlite_path("sqlite::memory:", dir),
            "sqlite::memory:"
        );
        assert_eq!(
            anchor_sqlite_path("postgres://h/db", dir),
            "postgres://h/db"
        );
    }
}
