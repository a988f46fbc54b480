//! Live introspection: the schema a database holds, read from its catalogs into the model of
//! `migrate-schema` (normalized), on PostgreSQL, MySQL/MariaDB and SQLite.
//!
//! Each backend reads its whole schema with a handful of set-based catalog queries (one per
//! kind of element, not one per table), so that a 500-table schema is read in well under a
//! second. sea-schema reads the PostgreSQL enum types; its table discovery runs several
//! information_schema queries per table and did not finish in 60 s on 500 tables
//! (`bench/inspect-500.sh 500 5 --sea-schema`).
//!
//! The version table and its event log never appear; `include-tables`, `exclude-tables` and
//! `schemas` in `[package.metadata.migrate]` choose the rest (see [`Filter`]).

#[cfg(feature = "mysql")]
mod mysql;
#[cfg(feature = "postgres")]
mod postgres;
#[cfg(feature = "sqlite")]
mod sqlite;

pub use migrate_schema::Schema;

use crate::backend::Dialect;
use crate::config::{Config, redact_url};
use crate::error::{Error, Result};
use crate::registry::Migrations;

/// Which tables introspection reads: Alembic's `include_object`, as data.
///
/// A table is read when it matches one of `include` (all do when `include` is empty), none of
/// `exclude`, and is not the version table or its event log. Patterns match the table's name,
/// or `schema.name` outside the default schema; `*` matches any run of characters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// `include-tables`: patterns of the tables to read.
    pub include: Vec<String>,
    /// `exclude-tables`: patterns of the tables to leave out.
    pub exclude: Vec<String>,
    /// `schemas` (PostgreSQL): the namespaces to read; empty for the current schema only.
    pub schemas: Vec<String>,
    /// Tables always left out: the version table, its event log and lock table.
    pub internal: Vec<String>,
}

impl Filter {
    /// The filter of a migrations crate: its `[package.metadata.migrate]` patterns, and its
    /// version table (with `_log` and `_lock`) left out.
    pub fn new(migrations: &Migrations, config: &Config) -> Filter {
        let metadata = migrations.metadata();
        let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        Filter {
            include: strings(metadata.include_tables),
            exclude: strings(metadata.exclude_tables),
            schemas: strings(metadata.schemas),
            internal: Filter::internal_tables(&config.version_table),
        }
    }

    /// The version table's name, with `_log` and `_lock`.
    pub fn internal_tables(version_table: &str) -> Vec<String> {
        vec![
            version_table.to_string(),
            format!("{version_table}_log"),
            format!("{version_table}_lock"),
        ]
    }

    /// True when the table `name` (in `schema`, `None` for the default one) is read.
    pub fn keeps(&self, schema: Option<&str>, name: &str) -> bool {
        if self.internal.iter().any(|t| t == name) {
            return false;
        }
        let qualified = migrate_schema::qualified(schema, name);
        let hit = |pattern: &String| glob(pattern, name) || glob(pattern, &qualified);
        (self.include.is_empty() || self.include.iter().any(hit)) && !self.exclude.iter().any(hit)
    }
}

/// `*`-only glob matching.
fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

/// Reads the schema of the database at `url`, normalized, with the tables `filter` keeps.
pub async fn inspect(url: &str, filter: &Filter) -> Result<Schema> {
    let schema = match Dialect::from_url(url)? {
        #[cfg(feature = "postgres")]
        Dialect::Postgres => with_pool(url, async |p| postgres::read(p, url, filter).await).await?,
        #[cfg(feature = "mysql")]
        Dialect::Mysql => with_pool(url, async |p| mysql::read(p, url, filter).await).await?,
        #[cfg(feature = "sqlite")]
        Dialect::Sqlite => with_pool(url, async |p| sqlite::read(p, url, filter).await).await?,
        #[allow(unreachable_patterns)]
        other => return Err(Error::BackendDisabled(other.name())),
    };
    Ok(schema.normalized())
}

/// `inspect`: prints the schema of the configured database, readable or as JSON (stdout), and
/// a status line (stderr).
pub(crate) async fn print(
    config: &Config,
    filter: &Filter,
    json: bool,
    shell: crate::status::Shell,
) -> Result<u8> {
    let started = std::time::Instant::now();
    let schema = inspect(&config.database_url, filter).await?;
    if json {
        let text = serde_json::to_string_pretty(&schema)
            .map_err(|e| Error::Unsupported(format!("cannot write the schema as JSON: {e}")))?;
        println!("{text}");
    } else {
        print!("{schema}");
    }
    let n = schema.tables.len();
    shell.status(
        "Inspected",
        &format!(
            "{n} table{} of {} in {}",
            if n == 1 { "" } else { "s" },
            config.redacted_url(),
            crate::status::elapsed(started.elapsed())
        ),
    );
    Ok(migrate_graph::contract::exit::OK)
}

impl From<Dialect> for migrate_schema::Dialect {
    fn from(dialect: Dialect) -> Self {
        match dialect {
            Dialect::Postgres => migrate_schema::Dialect::Postgres,
            Dialect::Mysql => migrate_schema::Dialect::Mysql,
            Dialect::Sqlite => migrate_schema::Dialect::Sqlite,
        }
    }
}

/// Runs `read` on a one-connection pool of the database at `url` (sea-schema takes typed
/// pools), and closes it.
async fn with_pool<DB: sqlx::Database>(
    url: &str,
    read: impl AsyncFnOnce(&sqlx::Pool<DB>) -> Result<Schema>,
) -> Result<Schema> {
    // A pool retries a refused connection until its timeout; one connection says at once.
    // The pool connects with the URL that did (plain first on this machine).
    use sqlx::Connection;
    let (target, probe) = crate::config::connect_plain_first::<DB::Connection>(url)
        .await
        .map_err(|e| connect_error(url, e))?;
    let _ = probe.close().await;
    let pool = sqlx::pool::PoolOptions::<DB>::new()
        .max_connections(1)
        .connect(&target)
        .await
        .map_err(|e| connect_error(url, e))?;
    let result = read(&pool).await;
    pool.close().await;
    result
}

/// A connection failure, with the URL redacted.
fn connect_error(url: &str, source: sqlx::Error) -> Error {
    Error::Connect {
        url: redact_url(url),
        source,
    }
}

/// A catalog query that failed.
fn catalog_error(url: &str, what: &str, source: sqlx::Error) -> Error {
    Error::Database(format!(
        "cannot read the {what} of {} from its catalog: {source}; check that the user may read the catalog (information_schema, pg_catalog, sqlite_master)",
        redact_url(url)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters() {
        let filter = Filter {
            include: vec!["app_*".into(), "audit.*".into()],
            exclude: vec!["*_tmp".into()],
            schemas: vec![],
            internal: Filter::internal_tables("alembic_version"),
        };
        assert!(filter.keeps(None, "app_user"));
        assert!(!filter.keeps(None, "app_user_tmp"));
        assert!(!filter.keeps(None, "other"));
        assert!(filter.keeps(Some("audit"), "event"));
        let all = Filter {
            internal: Filter::internal_tables("alembic_version"),
            ..Filter::default()
        };
        assert!(all.keeps(None, "anything"));
        assert!(!all.keeps(None, "alembic_version"));
        assert!(!all.keeps(None, "alembic_version_log"));
        assert!(!all.keeps(None, "alembic_version_lock"));
        assert!(glob("a*b*c", "aXbYc"));
        assert!(!glob("a*b*c", "aXc"));
        assert!(glob("*", ""));
    }
}
