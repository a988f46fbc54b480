//! The version table, compatible with Alembic's: `version_num VARCHAR(32)` primary key, one row
//! per applied head.

use migrate_graph::VersionOp;
use sea_query::{Alias, ColumnDef, Expr, ExprTrait, Query, Table, TableRef};

use crate::backend::Dialect;
use crate::config::Config;
use crate::error::Result;

/// The column Alembic names.
pub(crate) const COLUMN: &str = "version_num";

/// The version table of one database.
pub(crate) struct VersionTable {
    dialect: Dialect,
    name: String,
    schema: Option<String>,
}

impl VersionTable {
    pub(crate) fn new(dialect: Dialect, config: &Config) -> Self {
        VersionTable {
            dialect,
            name: config.version_table.clone(),
            schema: config.version_table_schema.clone(),
        }
    }

    /// The table's name as messages show it.
    pub(crate) fn display_name(&self) -> String {
        match &self.schema {
            Some(schema) => format!("{schema}.{}", self.name),
            None => self.name.clone(),
        }
    }

    fn table_ref(&self) -> TableRef {
        match &self.schema {
            Some(schema) => (Alias::new(schema), Alias::new(&self.name)).into(),
            None => Alias::new(&self.name).into(),
        }
    }

    /// `CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL,
    /// CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))`.
    pub(crate) fn create_sql(&self) -> Result<String> {
        let statement = Table::create()
            .table(self.table_ref())
            .if_not_exists()
            .col(ColumnDef::new(Alias::new(COLUMN)).string_len(32).not_null())
            .primary_key(
                sea_query::Index::create()
                    .name(format!("{}_pkc", self.name))
                    .col(Alias::new(COLUMN)),
            )
            .to_owned();
        self.dialect.schema_sql(&statement)
    }

    /// `SELECT version_num FROM alembic_version`.
    pub(crate) fn select_sql(&self) -> Result<String> {
        let statement = Query::select()
            .column(Alias::new(COLUMN))
            .from(self.table_ref())
            .to_owned();
        self.dialect.query_sql(&statement)
    }

    /// The statement for one change of a plan step.
    pub(crate) fn op_sql(&self, op: &VersionOp) -> Result<String> {
        let column = || Alias::new(COLUMN);
        match op {
            VersionOp::Insert(id) => self.dialect.query_sql(
                &Query::insert()
                    .into_table(self.table_ref())
                    .columns([column()])
                    .values_panic([id.as_str().into()])
                    .to_owned(),
            ),
            VersionOp::Delete(id) => self.dialect.query_sql(
                &Query::delete()
                    .from_table(self.table_ref())
                    .and_where(Expr::col(column()).eq(id.as_str()))
                    .to_owned(),
            ),
            VersionOp::Update { from, to } => self.dialect.query_sql(
                &Query::update()
                    .table(self.table_ref())
                    .value(column(), to.as_str())
                    .and_where(Expr::col(column()).eq(from.as_str()))
                    .to_owned(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(dialect: Dialect) -> VersionTable {
        VersionTable {
            dialect,
            name: "alembic_version".into(),
            schema: None,
        }
    }

    #[test]
    fn alembic_compatible_sql() {
        let t = table(Dialect::Sqlite);
        assert_eq!(
            t.create_sql().unwrap(),
            r#"CREATE TABLE IF NOT EXISTS "alembic_version" ( "version_num" varchar(32) NOT NULL, CONSTRAINT "alembic_version_pkc" PRIMARY KEY ("version_num") )"#
        );
        assert_eq!(
            t.op_sql(&VersionOp::Update {
                from: "a1".into(),
                to: "b2".into()
            })
            .unwrap(),
            r#"UPDATE "alembic_version" SET "version_num" = 'b2' WHERE "version_num" = 'a1'"#
        );
        assert_eq!(
            table(Dialect::Mysql)
                .op_sql(&VersionOp::Insert("a1".into()))
                .unwrap(),
            "INSERT INTO `alembic_version` (`version_num`) VALUES ('a1')"
        );
        assert_eq!(
            table(Dialect::Postgres)
                .op_sql(&VersionOp::Delete("a1".into()))
                .unwrap(),
            r#"DELETE FROM "alembic_version" WHERE "version_num" = 'a1'"#
        );
    }
}
