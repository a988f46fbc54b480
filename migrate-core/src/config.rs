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

pub use migrate_graph::secrets::redact_url;

/// Refuses a URL that cannot work, before anything connects.
fn validate_url(url: &str) -> Result<()> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Ok(());
    };
    if !matches!(scheme, "mysql" | "mariadb") {
        return Ok(());
    }
    let after_user = migrate_graph::secrets::userinfo_end(rest).map_or(rest, |at| &rest[at + 1..]);
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
