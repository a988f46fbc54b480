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
                    Err(_) => metadata
                        .database_url
                        .map(|url| anchor_sqlite_path(url, metadata.manifest_dir))
                        .ok_or(Error::NoDatabaseUrl)?,
                },
            },
        };
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

/// Replaces the password of a URL with `***`, for every message we print.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let Some(at) = authority.rfind('@') else {
        return url.to_string();
    };
    let (userinfo, host) = authority.split_at(at);
    let redacted = match userinfo.split_once(':') {
        Some((user, _password)) => format!("{user}:***"),
        None => userinfo.to_string(),
    };
    let mut tail = tail.to_string();
    if let Some(query_start) = tail.find('?') {
        let (path, query) = tail.split_at(query_start);
        let query: Vec<String> = query[1..]
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                _ => pair.to_string(),
            })
            .collect();
        tail = format!("{path}?{}", query.join("&"));
    }
    format!("{scheme}://{redacted}{host}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

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
