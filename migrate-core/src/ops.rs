//! `Operations`: Alembic's `op`, over sea-query statements, the same on every database.
//!
//! Each method runs its statement on the migration's connection (inside its transaction where
//! the database allows), or writes it to the offline script (`--sql`). Inside a transaction the
//! statements are held and sent together, with the step's version rows and its event, in one
//! round trip: when the migration reads (`has_table`, …) or at its end. A failure names the
//! statement that failed: the batch is rolled back to its savepoint and its statements run
//! again one at a time, up to the failing one.
//! Where SQLite has no ALTER for a change, the table is rebuilt by copying it (see
//! `backend::sqlite`), automatically.

use sea_query::{
    Alias, ColumnDef, DeleteStatement, Expr, ExprTrait, ForeignKeyCreateStatement,
    ForeignKeyDropStatement, IndexCreateStatement, IndexDropStatement, InsertStatement, Query,
    SchemaStatementBuilder, SelectStatement, TableAlterStatement, TableCreateStatement,
    TableDropStatement, TableRenameStatement, UpdateStatement,
};
use std::panic::Location;

use sqlx::{AnyConnection, Row};

use crate::backend::Dialect;
use crate::backend::sqlite::{self, Change};
use crate::error::{Error, Result};

/// Where the statements of a migration go.
pub(crate) enum Sink<'c> {
    /// A live connection, inside the migration's transaction.
    Live(&'c mut AnyConnection),
    /// An offline script (`--sql`): statements are collected, not run.
    Offline(&'c mut Vec<String>),
    /// A dry run where DDL cannot be rolled back (MySQL): the schema is read from the live
    /// database, statements are only collected.
    DryRun(&'c mut AnyConnection, &'c mut Vec<String>),
    /// A rehearsal: statements run inside a transaction the runner rolls back, and are
    /// collected (a dry run on PostgreSQL and SQLite, exact even for code that reads the schema).
    Rehearsal(&'c mut AnyConnection, &'c mut Vec<String>),
    /// A replay: each statement is applied to the schema model, no database is involved
    /// (see `replay`); questions are answered from the model.
    Replay(&'c mut migrate_schema::Schema),
}

/// The operations a migration runs: DDL built by sea-query for the current database, data
/// changes, raw SQL, and questions about the schema for idempotent migrations.
///
/// Each operation is built for the database the run is on (one migration runs unchanged on
/// PostgreSQL, MySQL and SQLite); the questions (`has_table`, `has_column`, …) and the
/// `*_if_exists` forms make a migration tolerate a change that is already there. The methods
/// that emit statements are `#[track_caller]`: `lint` names the `file:line` of each call.
///
/// Inside a transaction (PostgreSQL and SQLite, unless the migration declares
/// `transactional = false`) the statements are held and sent in one round trip with the step's
/// version rows, or earlier when a question reads the database: an `op.…` call returns `Ok`
/// once its statement is built, and a statement that fails fails the migration, naming it.
/// Elsewhere each statement runs when it is called.
///
/// The questions and the `*_if_exists` forms in use:
///
/// ```
/// use migrate_core::prelude::*;
///
/// async fn upgrade(op: &mut Operations<'_>) -> Result<()> {
///     if !op.has_table("account").await? {
///         op.create_table(Table::create().table("account").col(pk_auto("id")).col(string("name")))
///             .await?;
///     }
///     op.add_column_if_not_exists("account", &mut string_null("email")).await?;
///     op.create_index(Index::create().name("ix_account_name").table("account").col("name"))
///         .await?;
///     op.drop_constraint_if_exists("account", "account_name_key").await?;
///     op.execute_on(Dialect::Postgres, "COMMENT ON TABLE account IS 'accounts'").await
/// }
/// # fn main() {}
/// ```
pub struct Operations<'c> {
    dialect: Dialect,
    sink: Sink<'c>,
    rebuilt: Vec<String>,
    /// The statements run on the live database so far (what a failure outside a transaction
    /// leaves behind).
    applied: Vec<String>,
    /// Where the migration called the operation running now (`file:line` of its `op.…`).
    caller: Option<&'static Location<'static>>,
    /// During `lint`: the rules that see each replayed statement (the sink is a replay).
    lint: Option<&'c mut crate::lint::Linter>,
    /// True while SQLite's table copy runs its statements (linted as one change).
    copying: bool,
    /// Inside a transaction on a live connection: the statements not sent yet (see
    /// [`Operations::held`]).
    pending: Option<Vec<String>>,
}

/// A name as sea-query takes it.
fn iden(name: &str) -> Alias {
    Alias::new(name)
}

impl<'c> Operations<'c> {
    pub(crate) fn new(dialect: Dialect, sink: Sink<'c>) -> Self {
        Operations {
            dialect,
            sink,
            rebuilt: Vec::new(),
            applied: Vec::new(),
            caller: None,
            lint: None,
            copying: false,
            pending: None,
        }
    }

    /// Operations on a live connection inside a transaction: statements are held until the
    /// migration reads or ends, then sent in one round trip ([`run_batch`]); what is still
    /// held at the end is [`Operations::take_pending`]'s, for the caller's own batch.
    pub(crate) fn held(dialect: Dialect, conn: &'c mut AnyConnection) -> Self {
        let mut op = Operations::new(dialect, Sink::Live(conn));
        op.pending = Some(Vec::new());
        op
    }

    /// The statements held and not sent yet (none when nothing is held).
    pub(crate) fn take_pending(&mut self) -> Vec<String> {
        self.pending
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// Sends the held statements before the migration reads, so that it reads their effect.
    async fn flush(&mut self) -> Result<()> {
        let pending = self.take_pending();
        match &mut self.sink {
            Sink::Live(conn) if !pending.is_empty() => run_batch(conn, &pending, &[]).await,
            _ => Ok(()),
        }
    }

    /// A replay whose statements `linter` checks: a statement the replay cannot read becomes a
    /// finding instead of an error.
    pub(crate) fn linted(
        dialect: Dialect,
        schema: &'c mut migrate_schema::Schema,
        linter: &'c mut crate::lint::Linter,
    ) -> Self {
        let mut op = Operations::new(dialect, Sink::Replay(schema));
        op.lint = Some(linter);
        op
    }

    /// Where the migration called the last operation.
    pub(crate) fn last_caller(&self) -> Option<&'static Location<'static>> {
        self.caller
    }

    /// Records where the migration called the operation; the calls operations make to each
    /// other (from this file) keep the migration's.
    fn called_at(&mut self, at: &'static Location<'static>) {
        if at.file() != file!() {
            self.caller = Some(at);
        }
    }

    /// The statements that took effect on the live database.
    pub(crate) fn take_applied(&mut self) -> Vec<String> {
        std::mem::take(&mut self.applied)
    }

    /// Runs (or records) one statement.
    async fn exec(&mut self, sql: String) -> Result<()> {
        if let (Some(linter), Sink::Replay(schema)) = (self.lint.as_deref_mut(), &mut self.sink) {
            linter.statement(schema, &sql, self.caller, self.copying);
            return Ok(());
        }
        if matches!(self.sink, Sink::Live(_)) {
            match &mut self.pending {
                Some(pending) => pending.push(sql),
                None => {
                    run(&mut self.sink, sql.clone()).await?;
                    self.applied.push(sql);
                }
            }
            return Ok(());
        }
        run(&mut self.sink, sql).await
    }

    /// The database this migration runs on, for code that differs per backend.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// True when nothing is kept: offline mode (`--sql`) and dry runs.
    pub fn is_offline(&self) -> bool {
        !matches!(self.sink, Sink::Live(_))
    }

    /// True when the live schema can be read: a real run or a dry run (not `--sql`).
    fn can_read(&self) -> bool {
        !matches!(self.sink, Sink::Offline(_))
    }

    /// The schema model, during a replay.
    fn model(&self) -> Option<&migrate_schema::Schema> {
        match &self.sink {
            Sink::Replay(schema) => Some(schema),
            _ => None,
        }
    }

    /// Runs one raw SQL statement, as written.
    #[track_caller]
    pub fn execute(&mut self, sql: &str) -> impl Future<Output = Result<()>> {
        let at = Location::caller();
        async move {
            self.called_at(at);
            self.exec(sql.to_string()).await
        }
    }

    /// Runs raw SQL only on `dialect`; does nothing elsewhere.
    #[track_caller]
    pub fn execute_on(&mut self, dialect: Dialect, sql: &str) -> impl Future<Output = Result<()>> {
        let at = Location::caller();
        async move {
            self.called_at(at);
            if dialect == self.dialect {
                self.execute(sql).await
            } else {
                Ok(())
            }
        }
    }

    async fn schema<S: SchemaStatementBuilder>(&mut self, statement: &S) -> Result<()> {
        let sql = self.dialect.schema_sql(statement)?;
        self.exec(sql).await
    }

    /// [`Self::schema`] for an operation called at `at` (the ops that only forward to it).
    async fn schema_at<S: SchemaStatementBuilder>(
        &mut self,
        at: &'static Location<'static>,
        statement: &S,
    ) -> Result<()> {
        self.called_at(at);
        self.schema(statement).await
    }

    // --- tables -------------------------------------------------------------------------

    /// `CREATE TABLE` (add `.if_not_exists()` to the statement for the idempotent form).
    #[track_caller]
    pub fn create_table(
        &mut self,
        statement: &TableCreateStatement,
    ) -> impl Future<Output = Result<()>> {
        let at = Location::caller();
        async move {
            self.called_at(at);
            for index in statement.get_indexes() {
                self.refuse_unsupported_index("create_table", index)?;
            }
            let sql = self.dialect.create_table_sql(statement)?;
            self.exec(sql).await
        }
    }

    /// `DROP TABLE` (add `.if_exists()` to the statement for the idempotent form).
    #[track_caller]
    pub fn drop_table(
        &mut self,
        statement: &TableDropStatement,
    ) -> impl Future<Output = Result<()>> {
        self.schema_at(Location::caller(), statement)
    }

    /// `ALTER TABLE … RENAME TO …`.
    #[track_caller]
    pub fn rename_table(
        &mut self,
        statement: &TableRenameStatement,
    ) -> impl Future<Output = Result<()>> {
        self.schema_at(Location::caller(), statement)
    }

    /// A raw `ALTER TABLE` statement from sea-query. Prefer the column and constraint methods,
    /// which also work on SQLite.
    #[track_caller]
    pub fn alter_table(
        &mut self,
        statement: &TableAlterStatement,
    ) -> impl Future<Output = Result<()>> {
        self.schema_at(Location::caller(), statement)
    }

    // --- columns ------------------------------------------------------------------------

    /// `ALTER TABLE table ADD COLUMN column`.
    #[track_caller]
    pub fn add_column(
        &mut self,
        table: &str,
        column: &mut ColumnDef,
    ) -> impl Future<Output = Result<()>> {
        let at = Location::caller();
        async move {
            self.called_at(at);
            let statement = sea_query::Table::alter()
                .table(iden(table))
                .add_column(column.clone())
                .to_owned();
            self.schema(&statement).await
        }
    }

    /// Adds the column unless it exists.
    #[track_caller]
    pub fn add_column_if_not_exists(
        &mut self,
        table: &str,
        column: &mut ColumnDef,
    ) -> impl Future<Output = Result<()>> {
        let at = Location::caller();
        async move {
            self.called_at(at);
            if self.has_column(table, &column.get_column_name()).await? {
                return Ok(());
            }
            self.add_column(table, column).await
        }
    }

    /// `ALTER TABLE table DROP COLUMN column`; on SQLite, a column that an index or constraint
    /// uses is dropped by rebuilding the table (its indexes go with it).
    #[track_caller]
    pub fn drop_column(&mut self, table: &str, column: &str) -> impl Future<Output = Result<()>> {
        let at = Location::caller();
        async move {
            self.called_at(at);
            if self.dialect.alters_by_copy() && self.sqlite_column_is_used(table, column).await? {
                return self
                    .rebuild(
                        table,
                        Change::DropColumn {
                            name: column.to_string(),
                        },
                    )
                    .await;
            }
            let statement = sea_query::Table::alter()
                .table(iden(table))
                .drop_column(iden(column))
                .to_owned();
            self.schema(&statement).await
        }
    }

    /// Drops the column if it exists.
    #[track_caller]
    pub fn drop_column_if_exists(
        &mut self,
        table: &str,
        column: &str,
    ) -> impl Future<Output = Result<()>> {
        let at = Location::caller();
        async move {
            self.called_at(at);
            if !self.has_column(table, column).await? {
                return Ok(());
            }
            self.drop_column(table, column).await
        }
    }

    /// `ALTER TABLE table RENAME COLUMN from TO to`.
    #[track_caller]
    pub fn rename_column(
        &mut self,
        table: &str,
        from: &str,
        to: &str,
    ) -> impl Future<Output = Result<()>> {
        let at = Location::caller();
        async move {
            self.called_at(at);
            let statement = sea_query::Table::alter()
                .table(iden(table))
                .rename_column(iden(from), iden(to))
                .to_owned();
            self.schema(&statement).await
        }
    }

    /// Changes a column to `column`'s full definition: type, nullability and default. On
    /// SQLite the table is rebuilt.
    #[track_caller]
    pub fn alter_column(
        &mut self,
        table: &str,
        column: &mut ColumnDef,
    ) -> impl Future<Output = Result<()>> {
        let at = Location::caller();
        async move {
            self.called_at(at);
            if self.dialect.alters_by_copy() {
                let rendered = self.dialect.schema_sql(
                    sea_query::Table::create()
                        .table(iden("_"))
                        .col(column.clone()),
                )?;
                let definition = sqlite::rendered_items(&rendered)?
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                return self
                    .rebuild(
                        table,
                        Change::AlterColumn {
                            name: column.get_column_name(),
                            definition,
                        },
                    )
                    .await;
            }
            let statement = sea_query::Table::alter()
                .table(iden(table))
                .modify_column(column.clone())
                .to_owned();
            self.schema(&statement).await
        }
    }

    // --- indexes ------------------------------------------------------------------------

    /// `CREATE [UNIQUE] INDEX`; a `WHERE` on the statement makes a partial index
    /// (PostgreSQL and SQLite; refused on MySQL before anything is sent).
    #[track_caller]
    pub fn create_index(
        &mut self,
        statement: &IndexCreateStatement,
    ) -> impl Future<Output = Result<()>> {
        let at = Location::caller();
        async move {
            self.called_at(at);
            self.refuse_unsupported_index("create_index", statement)?;
            self.schema(statement).await
        }
    }

    /// Refuses, before anything is sent, an index this database cannot build: a partial
    /// index (`WHERE`) on MySQL, `INCLUDE` or `NULLS NOT DISTINCT` outside PostgreSQL. sea-query
    /// would write them anyway (MySQL then fails with a syntax error) or drop them silently.
    fn refuse_unsupported_index(
        &self,
        operation: &str,
        statement: &IndexCreateStatement,
    ) -> Result<()> {
        let dialect = self.dialect;
        // PostgreSQL's form writes every clause; what follows the column list tells them.
        let clauses: Vec<String> = Dialect::Postgres
            .schema_sql(statement)
            .ok()
            .and_then(|sql| sqlite::parse_create_table(&sql).ok())
            .map(|parsed| {
                parsed
                    .tail
                    .split_whitespace()
                    .map(str::to_ascii_uppercase)
                    .collect()
            })
            .unwrap_or_default();
        let has = |word: &str| clauses.iter().any(|clause| clause == word);
        let (why, alternative) = if has("WHERE") && !dialect.partial_indexes() {
            (
                "the index has a WHERE clause (a partial index), which MySQL and MariaDB do not have".to_string(),
                "Build it without .and_where() on mysql (branch on op.dialect()), or index a generated column that is NULL where the condition is false".to_string(),
            )
        } else if has("INCLUDE") && !dialect.covering_indexes() {
            (
                "the index has INCLUDE columns, which only PostgreSQL has".to_string(),
                format!(
                    "On {}, add the included columns to the index's columns instead (branch on op.dialect())",
                    dialect.name()
                ),
            )
        } else if statement.is_nulls_not_distinct() && !dialect.covering_indexes() {
            (
                "the index is NULLS NOT DISTINCT, which only PostgreSQL has".to_string(),
                format!(
                    "On {}, drop .nulls_not_distinct() (branch on op.dialect()), or make the columns NOT NULL",
                    dialect.name()
                ),
            )
        } else {
            return Ok(());
        };
        let name = statement.get_index_spec().get_name().unwrap_or_default();
        Err(Error::NotSupported {
            operation: format!("{operation} {name:?}"),
            dialect: dialect.name(),
            why,
            alternative,
        })
    }

    /// Creates the index unless an index of that name exists on the table.
    #[track_caller]
    pub fn create_index_if_not_exists(
        &mut self,
        table: &str,
        statement: &IndexCreateStatement,
    ) -> impl Future<Output = Result<()>> {
        let at = Location::caller();
        async move {
            self.called_at(at);
            self.refuse_unsupported_index("create_index_if_not_exists", statement)?;
            let name = statement
                .get_index_spec()
                .get_name()
                .unwrap_or_default()
                .to_string();
            if self.has_index(table, &name).await? {
                return Ok(());
            }
            self.create_index(statement).await
        }
    }

    /// `CREATE INDEX CONCURRENTLY` on PostgreSQL (the migration must declare
    /// `transactional = false`); a plain `CREATE INDEX` elsewhere.
    #[track_caller]
    pub fn create_index_concurrently(
        &mut self,
        statement: &IndexCreateStatement,
    ) -> impl Future<Output = Result<()>> {
        let at = Location::caller();
        async move {
            self.called_at(at);
            self.refuse_unsupported_index("create_index_concurrently", statement)?;
            let sql = self.dialect.schema_sql(statement)?;
            if !self.dialect.concurrent_indexes() {
                return self.exec(sql).await;
            }
            let concurrent = sql.replacen("INDEX ", "INDEX CONCURRENTLY ", 1);
            if let Sink::Rehearsal(conn, script) = &mut self.sink {
                // CONCURRENTLY cannot run inside the rehearsal's transaction: show it, run the
                // plain form.
                script.push(concurrent);
                return run(&mut Sink::Live(conn), sql).await;
            }
            self.exec(concurrent).await
        }
    }

    /// `DROP INDEX` (MySQL needs the statement's table).
    #[track_caller]
    pub fn drop_index(
        &mut self,
        statement: &IndexDropStatement,
    ) -> impl Future<Output = Result<()>> {
        self.schema_at(Location::caller(), statement)
    }

    /// Drops the index if it exists on the table.
    #[track_caller]
    pub fn drop_index_if_exists(
        &mut self,
        table: &str,
        name: &str,
    ) -> impl Future<Output = Result<()>> {
        let at = Location::caller();
        async move {
            self.called_at(at);
            if !self.has_index(table, name).await? {
                return Ok(());
            }
            self.drop_index(sea_query::Index::drop().name(name).table(iden(table)))
                .await
        }
    }

    // --- constraints --------------------------------------------------------------------

    /// Adds a foreign key (on SQLite by rebuilding the table).
    #[track_caller]
    pub fn create_foreign_key(
        &mut self,
        statement: &ForeignKeyCreateStatement,
    ) -> impl Future<Output = Result<()>> {
        let at = Location::caller();
        async move {
            self.called_at(at);
            if !self.dialect.alters_by_copy() {
                return self.schema(statement).await;
            }
            let fk = statement.get_foreign_key();
            let table = fk
                .get_table()
                .and_then(|t| match t {
                    sea_query::TableRef::Table(sea_query::TableName(_, name), _) => {
                        Some(name.to_string())
                    }
                    _ => None,
                })
                .ok_or_else(|| {
                    Error::Unsupported("a foreign key needs .from(table, columns)".into())
                })?;
            let rendered = self.dialect.create_table_sql(
                sea_query::Table::create()
                    .table(iden("_"))
                    .col(ColumnDef::new(iden("_")).integer())
                    .foreign_key(&mut statement.clone()),
            )?;
            let definition = sqlite::rendered_items(&rendered)?.pop().unwrap_or_default();
            self.rebuild(&table, Change::AddConstraint { definition })
                .await
        }
    }

    /// Drops a foreign key by name (on SQLite by rebuilding the table).
    #[track_caller]
    pub fn drop_foreign_key(
        &mut self,
        table: &str,
        name: &str,
    ) -> impl Future<Output = Result<()>> {
        let at = Location::caller();
        async move {
            self.called_at(at);
            if self.dialect.alters_by_copy() {
                return self
                    .rebuild(table, Change::DropConstraint { name: name.into() })
                    .await;
            }
            let statement: ForeignKeyDropStatement = sea_query::ForeignKey::drop()
                .name(name)
                .table(iden(table))
                .to_owned();
            self.schema(&statement).await
        }
    }

    /// `ALTER TABLE table ADD CONSTRAINT name UNIQUE (columns)`.
    #[track_caller]
    pub fn create_unique_constraint(
        &mut self,
        name: &str,
        table: &str,
        columns: &[&str],
    ) -> impl Future<Output = Result<()>> {
        let at = Location::caller();
        async move {
            self.called_at(at);
            self.add_keyed_constraint("UNIQUE", name, table, columns)
                .await
        }
    }

    /// `ALTER TABLE table ADD CONSTRAINT name CHECK (condition)`; the condition is SQL.
    #[track_caller]
    pub fn create_check_constraint(
        &mut self,
        name: &str,
        table: &str,
        condition: &str,
    ) -> impl Future<Output = Result<()>> {
        let at = Location::caller();
        async move {
            self.called_at(at);
            self.add_constraint(
                table,
                format!("CONSTRAINT {} CHECK ({condition})", self.quote(name)),
            )
            .await
        }
    }

    /// `ALTER TABLE table ADD CONSTRAINT name PRIMARY KEY (columns)`.
    #[track_caller]
    pub fn create_primary_key(
        &mut self,
        name: &str,
        table: &str,
        columns: &[&str],
    ) -> impl Future<Output = Result<()>> {
        let at = Location::caller();
        async move {
            self.called_at(at);
            self.add_keyed_constraint("PRIMARY KEY", name, table, columns)
                .await
        }
    }

    /// `ADD CONSTRAINT name <kind> (columns)`.
    async fn add_keyed_constraint(
        &mut self,
        kind: &str,
        name: &str,
        table: &str,
        columns: &[&str],
    ) -> Result<()> {
        let definition = format!(
            "CONSTRAINT {} {kind} ({})",
            self.quote(name),
            self.quote_list(columns)
        );
        self.add_constraint(table, definition).await
    }

    async fn add_constraint(&mut self, table: &str, definition: String) -> Result<()> {
        if self.dialect.alters_by_copy() {
            return self
                .rebuild(table, Change::AddConstraint { definition })
                .await;
        }
        let sql = format!("ALTER TABLE {} ADD {definition}", self.quote(table));
        self.exec(sql).await
    }

    /// Drops the primary key (MySQL keeps no name for it: there `name` is not used).
    #[track_caller]
    pub fn drop_primary_key(
        &mut self,
        table: &str,
        name: &str,
    ) -> impl Future<Output = Result<()>> {
        let at = Location::caller();
        async move {
            self.called_at(at);
            if self.dialect.names_primary_keys() {
                return self.drop_constraint(table, name).await;
            }
            let sql = format!("ALTER TABLE {} DROP PRIMARY KEY", self.quote(table));
            self.exec(sql).await
        }
    }

    /// Drops a unique, check, primary-key or foreign-key constraint by name (on MySQL, where a
    /// primary key has no name of its own, use [`Operations::drop_primary_key`]).
    #[track_caller]
    pub fn drop_constraint(&mut self, table: &str, name: &str) -> impl Future<Output = Result<()>> {
        let at = Location::caller();
        async move {
            self.called_at(at);
            if self.dialect.alters_by_copy() {
                return self
                    .rebuild(table, Change::DropConstraint { name: name.into() })
                    .await;
            }
            let kind = if self.dialect.drops_constraints_by_kind() {
                self.constraint_type(table, name).await?
            } else {
                None
            };
            let sql = self
                .dialect
                .drop_constraint_sql(table, name, kind.as_deref());
            self.exec(sql).await
        }
    }

    /// Drops the constraint if it exists.
    #[track_caller]
    pub fn drop_constraint_if_exists(
        &mut self,
        table: &str,
        name: &str,
    ) -> impl Future<Output = Result<()>> {
        let at = Location::caller();
        async move {
            self.called_at(at);
            if !self.has_constraint(table, name).await? {
                return Ok(());
            }
            self.drop_constraint(table, name).await
        }
    }

    // --- data ---------------------------------------------------------------------------

    /// `INSERT`, with its values quoted by sea-query.
    #[track_caller]
    pub fn insert(&mut self, statement: &InsertStatement) -> impl Future<Output = Result<()>> {
        let at = Location::caller();
        async move {
            self.called_at(at);
            let sql = self.dialect.query_sql(statement)?;
            self.exec(sql).await
        }
    }

    /// `UPDATE`, with its values quoted by sea-query.
    #[track_caller]
    pub fn update(&mut self, statement: &UpdateStatement) -> impl Future<Output = Result<()>> {
        let at = Location::caller();
        async move {
            self.called_at(at);
            let sql = self.dialect.query_sql(statement)?;
            self.exec(sql).await
        }
    }

    /// `DELETE`, with its values quoted by sea-query.
    #[track_caller]
    pub fn delete(&mut self, statement: &DeleteStatement) -> impl Future<Output = Result<()>> {
        let at = Location::caller();
        async move {
            self.called_at(at);
            let sql = self.dialect.query_sql(statement)?;
            self.exec(sql).await
        }
    }

    // --- questions ----------------------------------------------------------------------

    /// True when the table exists. Offline (`--sql`), questions are an error: nothing is read.
    pub async fn has_table(&mut self, table: &str) -> Result<bool> {
        if let Some(schema) = self.model() {
            return Ok(crate::replay::has_table(schema, table));
        }
        self.exists(self.dialect.table_exists(table)).await
    }

    /// True when the table has the column.
    pub async fn has_column(&mut self, table: &str, column: &str) -> Result<bool> {
        if let Some(schema) = self.model() {
            return Ok(crate::replay::has_column(schema, table, column));
        }
        self.exists(self.dialect.column_exists(table, column)).await
    }

    /// True when the table has an index of that name.
    pub async fn has_index(&mut self, table: &str, name: &str) -> Result<bool> {
        if let Some(schema) = self.model() {
            return Ok(crate::replay::has_index(schema, table, name));
        }
        self.exists(self.dialect.index_exists(table, name)).await
    }

    /// True when the table has a constraint (unique, check, primary or foreign key) of that
    /// name.
    pub async fn has_constraint(&mut self, table: &str, name: &str) -> Result<bool> {
        if let Some(schema) = self.model() {
            return Ok(crate::replay::constraint_type(schema, table, name).is_some());
        }
        if self.dialect.alters_by_copy() {
            let Some(sql) = self.sqlite_table_sql(table).await? else {
                return Ok(false);
            };
            let parsed = sqlite::parse_create_table(&sql)?;
            let wanted = name.to_lowercase();
            return Ok(parsed.items.iter().any(|item| {
                let lower = item.to_lowercase();
                lower.starts_with("constraint")
                    && (lower.contains(&format!("\"{wanted}\""))
                        || lower.split_whitespace().nth(1) == Some(wanted.as_str()))
            }));
        }
        self.exists(self.dialect.constraint_type(table, name)).await
    }

    async fn exists(&mut self, query: SelectStatement) -> Result<bool> {
        let sql = self.dialect.query_sql(&query)?;
        Ok(!self.fetch(sql).await?.is_empty())
    }

    async fn fetch(&mut self, sql: String) -> Result<Vec<sqlx::any::AnyRow>> {
        self.flush().await?;
        match &mut self.sink {
            Sink::Offline(_) => Err(Error::Unsupported(
                "this migration reads the schema (has_table, has_column, …), which offline mode (--sql) cannot do: it never connects. Use --dry-run, which reads the database and changes nothing".into(),
            )),
            Sink::Replay(_) => Err(Error::Unsupported(
                "a replay answers questions from its model and reads no database".into(),
            )),
            Sink::Live(conn) | Sink::DryRun(conn, _) | Sink::Rehearsal(conn, _) => {
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql.as_str()))
                    .fetch_all(&mut **conn)
                    .await
                    .map_err(|source| Error::Sql { sql, source })
            }
        }
    }

    async fn constraint_type(&mut self, table: &str, name: &str) -> Result<Option<String>> {
        if !self.can_read() {
            return Ok(None);
        }
        if let Some(schema) = self.model() {
            return Ok(crate::replay::constraint_type(schema, table, name));
        }
        let query = self.dialect.constraint_type(table, name);
        let sql = self.dialect.query_sql(&query)?;
        Ok(self
            .fetch(sql)
            .await?
            .first()
            .and_then(|row| row.try_get::<String, _>(0).ok()))
    }

    fn quote_list(&self, names: &[&str]) -> String {
        names
            .iter()
            .map(|name| self.quote(name))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn quote(&self, name: &str) -> String {
        self.dialect.quote(name)
    }

    // --- SQLite table copy --------------------------------------------------------------

    async fn sqlite_table_sql(&mut self, table: &str) -> Result<Option<String>> {
        if let Some(schema) = self.model() {
            return Ok(crate::replay::sqlite_table_sql(schema, table));
        }
        let query = self.dialect.table_sql(table);
        let sql = self.dialect.query_sql(&query)?;
        Ok(self
            .fetch(sql)
            .await?
            .first()
            .and_then(|row| row.try_get::<String, _>(0).ok()))
    }

    /// The SQL of the table's indexes (and triggers, when asked), as `sqlite_master` has it;
    /// during a replay, from the model (which has no triggers).
    async fn sqlite_index_sql(&mut self, table: &str, types: &[&str]) -> Result<Vec<String>> {
        if let Some(schema) = self.model() {
            return Ok(crate::replay::sqlite_index_sql(schema, table));
        }
        let query = Query::select()
            .column(iden("sql"))
            .from(iden("sqlite_master"))
            .and_where(Expr::col(iden("tbl_name")).eq(table))
            .and_where(Expr::col(iden("type")).is_in(types.iter().copied()))
            .and_where(Expr::col(iden("sql")).is_not_null())
            .to_owned();
        let sql = self.dialect.query_sql(&query)?;
        Ok(self
            .fetch(sql)
            .await?
            .iter()
            .filter_map(|row| row.try_get::<String, _>(0).ok())
            .collect())
    }

    /// True when an index or a table constraint uses the column, so that SQLite's own
    /// `DROP COLUMN` would refuse it. Offline, SQLite's own form is written.
    async fn sqlite_column_is_used(&mut self, table: &str, column: &str) -> Result<bool> {
        if !self.can_read() {
            return Ok(false);
        }
        let Some(sql) = self.sqlite_table_sql(table).await? else {
            return Ok(false);
        };
        let mut parsed = sqlite::parse_create_table(&sql)?;
        // SQLite's DROP COLUMN refuses a column that is UNIQUE, part of the primary key or of a
        // foreign key in its own definition, or used by a table constraint or an index.
        let inline = parsed.column_item(column).is_some_and(|item| {
            let item = item.to_lowercase();
            ["unique", "primary key", "references"]
                .iter()
                .any(|word| item.contains(word))
        });
        let before = parsed.items.len();
        parsed.apply(
            table,
            &Change::DropColumn {
                name: column.to_string(),
            },
        )?;
        let constrained = parsed.items.len() + 1 < before;
        let indexed = self
            .sqlite_index_sql(table, &["index"])
            .await?
            .iter()
            .any(|sql| sqlite::index_uses_column(sql, column));
        Ok(inline || constrained || indexed)
    }

    /// Rebuilds a SQLite table with one change: create the new table, copy the rows, drop the
    /// old one, rename, recreate indexes and triggers. Its foreign keys are checked in
    /// [`Operations::finish`].
    async fn rebuild(&mut self, table: &str, change: Change) -> Result<()> {
        if !self.can_read() {
            return Err(Error::Unsupported(format!(
                "this change to {table:?} needs SQLite's table copy, which reads the live schema; it cannot be written offline (--sql): use --dry-run, which reads the database"
            )));
        }
        let original = self
            .sqlite_table_sql(table)
            .await?
            .ok_or_else(|| Error::Unsupported(format!("table {table:?} does not exist")))?;
        let mut parsed = sqlite::parse_create_table(&original)?;
        let old_columns = parsed.column_names();
        parsed.apply(table, &change)?;
        let new_columns = parsed.column_names();
        let kept: Vec<String> = new_columns
            .iter()
            .filter(|c| old_columns.contains(c))
            .map(|c| sqlite::quote_ident(c))
            .collect();
        let dropped: Option<&str> = match &change {
            Change::DropColumn { name } => Some(name),
            _ => None,
        };

        let recreate: Vec<String> = self
            .sqlite_index_sql(table, &["index", "trigger"])
            .await?
            .into_iter()
            .filter(|sql| dropped.is_none_or(|c| !sqlite::index_uses_column(sql, c)))
            .collect();

        let temporary = format!("_migrate_new_{table}");
        let quoted = sqlite::quote_ident(table);
        let columns = kept.join(", ");
        let mut statements = vec![
            parsed.render(&temporary),
            format!(
                "INSERT INTO {} ({columns}) SELECT {columns} FROM {quoted}",
                sqlite::quote_ident(&temporary)
            ),
            format!("DROP TABLE {quoted}"),
            format!(
                "ALTER TABLE {} RENAME TO {quoted}",
                sqlite::quote_ident(&temporary)
            ),
        ];
        statements.extend(recreate);
        let before = match self.lint {
            Some(_) => self.model().cloned(),
            None => None,
        };
        self.copying = true;
        for sql in statements {
            if let Err(error) = self.exec(sql).await {
                self.copying = false;
                return Err(error);
            }
        }
        self.copying = false;
        if let (Some(before), Some(linter), Sink::Replay(after)) =
            (before, self.lint.as_deref_mut(), &self.sink)
        {
            linter.table_copy(&before, after, table, self.caller);
        }
        if !self.rebuilt.iter().any(|t| t == table) {
            self.rebuilt.push(table.to_string());
        }
        Ok(())
    }

    /// Ends the migration's operations: on SQLite, the foreign keys of every rebuilt table must
    /// still hold, or the migration fails (and rolls back).
    pub(crate) async fn finish(&mut self) -> Result<()> {
        if self.model().is_some() {
            // A replay has no rows to check.
            return Ok(());
        }
        for table in std::mem::take(&mut self.rebuilt) {
            if !self.has_table(&table).await? {
                continue;
            }
            let sql = format!("PRAGMA foreign_key_check({})", sqlite::quote_ident(&table));
            let rows = self.fetch(sql).await?;
            if !rows.is_empty() {
                return Err(Error::Unsupported(format!(
                    "after rebuilding table {table:?}, {} row(s) break its foreign keys; fix the data in this migration before the change",
                    rows.len()
                )));
            }
        }
        Ok(())
    }
}

/// Runs or records one statement.
pub(crate) async fn run(sink: &mut Sink<'_>, sql: String) -> Result<()> {
    match sink {
        Sink::Offline(script) | Sink::DryRun(_, script) => {
            script.push(sql);
            Ok(())
        }
        Sink::Live(conn) => execute(conn, sql).await,
        Sink::Rehearsal(conn, script) => {
            script.push(sql.clone());
            execute(conn, sql).await
        }
        Sink::Replay(schema) => crate::replay::apply(schema, &sql).map_err(|why| {
            Error::Unsupported(format!("the replay cannot interpret `{sql}`: {why}"))
        }),
    }
}

/// The savepoint a batch of held statements runs under.
const SAVEPOINT: &str = "migrate_batch";

/// Runs `statements` and then `tail` in one round trip, inside the open transaction; the batch
/// stops at its first failing statement. `statements` run under a savepoint: when one of them
/// fails, the batch is rolled back to it and they run again one at a time, so that the error
/// names the statement that failed (the caller then rolls the transaction back). A newline ends
/// each statement before its `;`, so that a trailing `--` comment cannot swallow the next one.
pub(crate) async fn run_batch(
    conn: &mut AnyConnection,
    statements: &[String],
    tail: &[String],
) -> Result<()> {
    if statements.is_empty() {
        if tail.is_empty() {
            return Ok(());
        }
        return execute(conn, tail.join("\n;\n")).await;
    }
    let savepoint = format!("SAVEPOINT {SAVEPOINT}");
    let release = format!("RELEASE SAVEPOINT {SAVEPOINT}");
    let batch: Vec<&str> = std::iter::once(savepoint.as_str())
        .chain(statements.iter().map(String::as_str))
        .chain([release.as_str()])
        .chain(tail.iter().map(String::as_str))
        .collect();
    let Err(error) = execute(conn, batch.join("\n;\n")).await else {
        return Ok(());
    };
    // Back to the savepoint: possible only when the batch failed before releasing it (a failure
    // in the tail, or a transaction the database ended, keeps the batch's error).
    if execute(conn, format!("ROLLBACK TO SAVEPOINT {SAVEPOINT}"))
        .await
        .is_err()
    {
        return Err(error);
    }
    for sql in statements {
        execute(conn, sql.clone()).await?;
    }
    Err(error)
}

async fn execute(conn: &mut AnyConnection, sql: String) -> Result<()> {
    match sqlx::raw_sql(sqlx::AssertSqlSafe(sql.as_str()))
        .execute(&mut *conn)
        .await
    {
        Ok(_) => Ok(()),
        Err(source) => Err(Error::Sql { sql, source }),
    }
}
