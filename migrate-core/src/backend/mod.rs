//! The databases we run on. Their differences are capability data on [`Dialect`], not
//! `match`es scattered through the runner; the run algorithm is written once, in `runner`.

mod catalog;
pub(crate) mod lock;
pub(crate) mod sqlite;

use sea_query::{
    MysqlQueryBuilder, PostgresQueryBuilder, QueryStatementWriter, SchemaStatementBuilder,
    SqliteQueryBuilder,
};

use crate::error::{Error, Result};

/// A database family, with what it can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// SQLite 3.
    Sqlite,
    /// PostgreSQL.
    Postgres,
    /// MySQL or MariaDB.
    Mysql,
}

impl Dialect {
    /// The dialect of a database URL, from its scheme.
    pub fn from_url(url: &str) -> Result<Dialect> {
        let scheme = url.split(':').next().unwrap_or_default();
        match scheme {
            "sqlite" => Ok(Dialect::Sqlite),
            "postgres" | "postgresql" => Ok(Dialect::Postgres),
            "mysql" | "mariadb" => Ok(Dialect::Mysql),
            _ => Err(Error::UnsupportedUrl(crate::config::redact_url(url))),
        }
    }

    /// The dialect's name, as used in `--dialect` and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
            Dialect::Mysql => "mysql",
        }
    }

    /// True when DDL is transactional, so a migration's DDL and its version rows commit
    /// together or not at all.
    pub fn transactional_ddl(self) -> bool {
        !matches!(self, Dialect::Mysql)
    }

    /// True when changes ALTER TABLE cannot make (alter a column, add or drop a constraint,
    /// drop a column an index uses) are made by copying the table (SQLite).
    pub fn alters_by_copy(self) -> bool {
        matches!(self, Dialect::Sqlite)
    }

    /// True when `CREATE INDEX CONCURRENTLY` exists (PostgreSQL).
    pub fn concurrent_indexes(self) -> bool {
        matches!(self, Dialect::Postgres)
    }

    /// True when an index may have a `WHERE` clause, a partial index (not MySQL nor MariaDB).
    pub fn partial_indexes(self) -> bool {
        !matches!(self, Dialect::Mysql)
    }

    /// True when an index may carry `INCLUDE (…)` columns and `NULLS NOT DISTINCT`
    /// (PostgreSQL).
    pub fn covering_indexes(self) -> bool {
        matches!(self, Dialect::Postgres)
    }

    /// True when a primary key keeps the name it was created with (not MySQL).
    pub fn names_primary_keys(self) -> bool {
        !matches!(self, Dialect::Mysql)
    }

    /// True when the version table may live in a schema of its own (PostgreSQL).
    pub fn has_schemas(self) -> bool {
        matches!(self, Dialect::Postgres)
    }

    /// True when the database is a file next to which a lock file can live (SQLite).
    pub fn is_file(self) -> bool {
        matches!(self, Dialect::Sqlite)
    }

    /// A statement every migration connection runs first: SQLite does not enforce foreign keys
    /// while migrating (as Alembic and the sqlite3 shell), so that copying a table never
    /// cascades deletes into its children; rebuilt tables are checked before their commit.
    pub fn session_setup(self) -> Option<&'static str> {
        matches!(self, Dialect::Sqlite).then_some("PRAGMA foreign_keys = OFF")
    }

    /// The SQL type a catalog value is cast to for reading it as text.
    pub fn text_type(self) -> &'static str {
        match self {
            Dialect::Mysql => "CHAR",
            Dialect::Sqlite | Dialect::Postgres => "TEXT",
        }
    }

    /// The expression naming the current schema (database on MySQL) in catalog queries.
    pub fn current_schema(self) -> &'static str {
        match self {
            Dialect::Postgres => "current_schema()",
            Dialect::Mysql | Dialect::Sqlite => "DATABASE()",
        }
    }

    /// An identifier quoted for this database, inner quotes doubled.
    pub fn quote(self, name: &str) -> String {
        match self {
            Dialect::Mysql => format!("`{}`", name.replace('`', "``")),
            Dialect::Sqlite | Dialect::Postgres => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    /// True when selecting a quoted column that does not exist yields the name as a string
    /// instead of an error (SQLite), so the version table's column is checked first.
    pub fn reads_unknown_quoted_column_as_string(self) -> bool {
        matches!(self, Dialect::Sqlite)
    }

    /// True when `error` says that a table does not exist (a missing column is not that: it
    /// means a malformed table, not an empty one).
    pub fn is_missing_table(self, error: &sqlx::Error) -> bool {
        let code = error.as_database_error().and_then(|e| e.code());
        match self {
            // undefined_table
            Dialect::Postgres => code.as_deref() == Some("42P01"),
            // ER_NO_SUCH_TABLE
            Dialect::Mysql => code.as_deref() == Some("42S02"),
            Dialect::Sqlite => error.to_string().contains("no such table"),
        }
    }

    /// True when `error` says that a column does not exist.
    pub fn is_missing_column(self, error: &sqlx::Error) -> bool {
        let code = error.as_database_error().and_then(|e| e.code());
        match self {
            // undefined_column
            Dialect::Postgres => code.as_deref() == Some("42703"),
            // ER_BAD_FIELD_ERROR
            Dialect::Mysql => code.as_deref() == Some("42S22"),
            Dialect::Sqlite => error.to_string().contains("no such column"),
        }
    }

    /// The database clock in milliseconds since the epoch, as an SQL expression (lock leases
    /// use the database's clock, so runners on other hosts agree on it).
    pub fn now_ms_sql(self) -> &'static str {
        match self {
            Dialect::Postgres => "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)",
            Dialect::Mysql => "CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED)",
            Dialect::Sqlite => "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)",
        }
    }

    /// True when `INSERT … RETURNING` gives the inserted row (PostgreSQL, SQLite); MySQL
    /// reports the connection's last insert id instead.
    pub fn returns_inserted_rows(self) -> bool {
        !matches!(self, Dialect::Mysql)
    }

    /// True when a batch's changed-row count also counts, for `BEGIN`, the rows of the
    /// statement before it (SQLite's `changes()` is not reset by it), so `BEGIN` is sent alone
    /// where rows are counted.
    pub fn counts_changes_after_begin(self) -> bool {
        matches!(self, Dialect::Sqlite)
    }

    /// The statement that opens a migration's transaction. On SQLite it takes the write lock at
    /// once, so that two runners never interleave.
    pub fn begin(self) -> &'static str {
        match self {
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            Dialect::Postgres | Dialect::Mysql => "BEGIN",
        }
    }

    /// An expression for the milliseconds since a batch of statements reached the database,
    /// evaluated where it stands in the batch: PostgreSQL's clock against the arrival of the
    /// query (`statement_timestamp()`), SQLite's clock (the process's own) against `sent_ms`
    /// (Unix time in ms when the batch was sent). None on MySQL, which runs no batch.
    pub fn batch_elapsed_ms_sql(self, sent_ms: i64) -> Option<String> {
        match self {
            Dialect::Postgres => Some(
                "CAST(1000 * EXTRACT(EPOCH FROM clock_timestamp() - statement_timestamp()) AS BIGINT)"
                    .into(),
            ),
            Dialect::Sqlite => Some(format!(
                "MAX(0, CAST((julianday('now') - 2440587.5) * 86400000.0 - {sent_ms} AS INTEGER))"
            )),
            Dialect::Mysql => None,
        }
    }

    /// Builds a schema statement (CREATE/ALTER/DROP …) for this dialect. sea-query panics on
    /// what a backend cannot express; that becomes [`Error::Unsupported`], never a panic.
    pub fn schema_sql<S: SchemaStatementBuilder>(self, statement: &S) -> Result<String> {
        self.guard(|| match self {
            Dialect::Sqlite => statement.build(SqliteQueryBuilder),
            Dialect::Postgres => statement.build(PostgresQueryBuilder),
            Dialect::Mysql => statement.build(MysqlQueryBuilder),
        })
    }

    /// Builds a query statement (INSERT/UPDATE/DELETE/SELECT) with its values inlined and
    /// quoted by sea-query.
    pub fn query_sql<S: QueryStatementWriter>(self, statement: &S) -> Result<String> {
        self.guard(|| match self {
            Dialect::Sqlite => statement.to_string(SqliteQueryBuilder),
            Dialect::Postgres => statement.to_string(PostgresQueryBuilder),
            Dialect::Mysql => statement.to_string(MysqlQueryBuilder),
        })
    }

    fn guard(self, build: impl FnOnce() -> String) -> Result<String> {
        crate::panics::catch(build).map_err(|why| {
            Error::Unsupported(format!(
                "this statement cannot be expressed on {}: {why}",
                self.name()
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_query::{Alias, ColumnDef, Table};

    #[test]
    fn dialect_from_url() {
        assert_eq!(Dialect::from_url("sqlite:a.db").unwrap(), Dialect::Sqlite);
        assert_eq!(
            Dialect::from_url("postgresql://u@h/db").unwrap(),
            Dialect::Postgres
        );
        assert_eq!(
            Dialect::from_url("mariadb://u@h/db").unwrap(),
            Dialect::Mysql
        );
        let err = Dialect::from_url("oracle://scott:tiger@h/db").unwrap_err();
        assert!(!err.to_string().contains("tiger"), "{err}");
    }

    #[test]
    fn unsupported_alter_is_an_error_not_a_panic() {
        let alter = Table::alter()
            .table(Alias::new("t"))
            .add_column(ColumnDef::new(Alias::new("a")).integer())
            .add_column(ColumnDef::new(Alias::new("b")).integer())
            .to_owned();
        let err = Dialect::Sqlite.schema_sql(&alter).unwrap_err();
        assert!(err.to_string().contains("multiple alter options"), "{err}");
        assert!(
            Dialect::Postgres
                .schema_sql(&alter)
                .unwrap()
                .contains("ADD COLUMN")
        );
    }
}
