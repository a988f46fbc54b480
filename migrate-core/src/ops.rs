//! `Operations`: Alembic's `op`, over sea-query statements.

use sea_query::{
    ColumnDef, IndexCreateStatement, IndexDropStatement, IntoIden, SchemaStatementBuilder, TableAlterStatement,
    TableCreateStatement, TableDropStatement, TableRenameStatement,
};
use sqlx::AnyConnection;

use crate::backend::Dialect;
use crate::error::{Error, Result};

/// Where the statements of a migration go.
pub(crate) enum Sink<'c> {
    /// A live connection, inside the migration's transaction.
    Live(&'c mut AnyConnection),
    /// An offline script (`--sql`): statements are collected, not run.
    Offline(&'c mut Vec<String>),
}

/// The operations a migration runs: DDL built by sea-query for the current database, and raw
/// SQL. Every method runs its statement at once (or writes it to the offline script).
pub struct Operations<'c> {
    dialect: Dialect,
    sink: Sink<'c>,
}

impl<'c> Operations<'c> {
    pub(crate) fn new(dialect: Dialect, sink: Sink<'c>) -> Self {
        Operations { dialect, sink }
    }

    /// The database this migration runs on, for code that differs per backend.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// True in offline mode (`--sql`), where nothing is executed.
    pub fn is_offline(&self) -> bool {
        matches!(self.sink, Sink::Offline(_))
    }

    /// Runs one raw SQL statement, as written.
    pub async fn execute(&mut self, sql: &str) -> Result<()> {
        run(&mut self.sink, sql.to_string()).await
    }

    /// Runs raw SQL only on `dialect`; does nothing elsewhere.
    pub async fn execute_on(&mut self, dialect: Dialect, sql: &str) -> Result<()> {
        if dialect == self.dialect {
            self.execute(sql).await
        } else {
            Ok(())
        }
    }

    async fn schema<S: SchemaStatementBuilder>(&mut self, statement: &S) -> Result<()> {
        let sql = self.dialect.schema_sql(statement)?;
        run(&mut self.sink, sql).await
    }

    /// `CREATE TABLE`.
    pub async fn create_table(&mut self, statement: &TableCreateStatement) -> Result<()> {
        self.schema(statement).await
    }

    /// `DROP TABLE`.
    pub async fn drop_table(&mut self, statement: &TableDropStatement) -> Result<()> {
        self.schema(statement).await
    }

    /// `ALTER TABLE … RENAME TO …`.
    pub async fn rename_table(&mut self, statement: &TableRenameStatement) -> Result<()> {
        self.schema(statement).await
    }

    /// `ALTER TABLE`. On SQLite one statement may hold one change only.
    pub async fn alter_table(&mut self, statement: &TableAlterStatement) -> Result<()> {
        self.schema(statement).await
    }

    /// `ALTER TABLE table ADD COLUMN column`.
    pub async fn add_column(&mut self, table: impl IntoIden, column: &mut ColumnDef) -> Result<()> {
        let statement = sea_query::Table::alter()
            .table(table)
            .add_column(column.clone())
            .to_owned();
        self.alter_table(&statement).await
    }

    /// `ALTER TABLE table DROP COLUMN column`.
    pub async fn drop_column(&mut self, table: impl IntoIden, column: impl IntoIden) -> Result<()> {
        let statement = sea_query::Table::alter()
            .table(table)
            .drop_column(column)
            .to_owned();
        self.alter_table(&statement).await
    }

    /// `CREATE INDEX`.
    pub async fn create_index(&mut self, statement: &IndexCreateStatement) -> Result<()> {
        self.schema(statement).await
    }

    /// `DROP INDEX`. On SQLite and PostgreSQL the table is not needed; on MySQL it is.
    pub async fn drop_index(&mut self, statement: &IndexDropStatement) -> Result<()> {
        self.schema(statement).await
    }
}

/// Runs or records one statement.
pub(crate) async fn run(sink: &mut Sink<'_>, sql: String) -> Result<()> {
    match sink {
        Sink::Offline(script) => {
            script.push(sql);
            Ok(())
        }
        Sink::Live(conn) => match sqlx::raw_sql(sqlx::AssertSqlSafe(sql.as_str()))
            .execute(&mut **conn)
            .await
        {
            Ok(_) => Ok(()),
            Err(source) => Err(Error::Sql { sql, source }),
        },
    }
}
