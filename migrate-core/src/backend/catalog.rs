//! The catalog queries behind `has_table`, `has_column`, `has_index` and `has_constraint`: where
//! each database keeps its schema. Values are quoted by sea-query.

use sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement};

use super::Dialect;

fn iden(name: &str) -> Alias {
    Alias::new(name)
}

impl Dialect {
    /// `SELECT 1 FROM information_schema.<view> WHERE table_schema = <current schema>`.
    fn information_schema(self, view: &str) -> SelectStatement {
        Query::select()
            .expr(Expr::val(1))
            .from((iden("information_schema"), iden(view)))
            .and_where(Expr::col(iden("table_schema")).eq(Expr::cust(self.current_schema())))
            .to_owned()
    }

    /// A row when `table` exists.
    pub(crate) fn table_exists(self, table: &str) -> SelectStatement {
        match self {
            Dialect::Sqlite => Query::select()
                .expr(Expr::val(1))
                .from(iden("sqlite_master"))
                .and_where(Expr::col(iden("type")).eq("table"))
                .and_where(Expr::col(iden("name")).eq(table))
                .to_owned(),
            Dialect::Postgres | Dialect::Mysql => self
                .information_schema("tables")
                .and_where(Expr::col(iden("table_name")).eq(table))
                .to_owned(),
        }
    }

    /// A row when `table` has `column`.
    pub(crate) fn column_exists(self, table: &str, column: &str) -> SelectStatement {
        match self {
            Dialect::Sqlite => Query::select()
                .expr(Expr::val(1))
                .from_function(
                    sea_query::Func::cust(iden("pragma_table_info")).arg(table),
                    iden("c"),
                )
                .and_where(Expr::col(iden("name")).eq(column))
                .to_owned(),
            Dialect::Postgres | Dialect::Mysql => self
                .information_schema("columns")
                .and_where(Expr::col(iden("table_name")).eq(table))
                .and_where(Expr::col(iden("column_name")).eq(column))
                .to_owned(),
        }
    }

    /// A row when `table` has an index named `name`.
    pub(crate) fn index_exists(self, table: &str, name: &str) -> SelectStatement {
        match self {
            Dialect::Sqlite => Query::select()
                .expr(Expr::val(1))
                .from(iden("sqlite_master"))
                .and_where(Expr::col(iden("type")).eq("index"))
                .and_where(Expr::col(iden("tbl_name")).eq(table))
                .and_where(Expr::col(iden("name")).eq(name))
                .to_owned(),
            Dialect::Postgres => Query::select()
                .expr(Expr::val(1))
                .from(iden("pg_indexes"))
                .and_where(Expr::col(iden("schemaname")).eq(Expr::cust(self.current_schema())))
                .and_where(Expr::col(iden("tablename")).eq(table))
                .and_where(Expr::col(iden("indexname")).eq(name))
                .to_owned(),
            Dialect::Mysql => self
                .information_schema("statistics")
                .and_where(Expr::col(iden("table_name")).eq(table))
                .and_where(Expr::col(iden("index_name")).eq(name))
                .to_owned(),
        }
    }

    /// The type (`UNIQUE`, `CHECK`, `PRIMARY KEY`, `FOREIGN KEY`) of the constraint `name` of
    /// `table`. SQLite keeps constraints only in the table's SQL: see [`Dialect::table_sql`].
    pub(crate) fn constraint_type(self, table: &str, name: &str) -> SelectStatement {
        Query::select()
            .column(iden("constraint_type"))
            .from((iden("information_schema"), iden("table_constraints")))
            .and_where(Expr::col(iden("table_schema")).eq(Expr::cust(self.current_schema())))
            .and_where(Expr::col(iden("table_name")).eq(table))
            .and_where(Expr::col(iden("constraint_name")).eq(name))
            .to_owned()
    }

    /// The `CREATE TABLE` statement of `table` (SQLite).
    pub(crate) fn table_sql(self, table: &str) -> SelectStatement {
        Query::select()
            .column(iden("sql"))
            .from(iden("sqlite_master"))
            .and_where(Expr::col(iden("type")).eq("table"))
            .and_where(Expr::col(iden("name")).eq(table))
            .to_owned()
    }

    /// True when dropping a constraint needs its kind (MySQL: `DROP INDEX`, `DROP FOREIGN KEY`,
    /// `DROP PRIMARY KEY`, `DROP CONSTRAINT` for checks).
    pub(crate) fn drops_constraints_by_kind(self) -> bool {
        matches!(self, Dialect::Mysql)
    }

    /// `ALTER TABLE table DROP …` for the constraint `name`, of `kind` where it matters.
    pub(crate) fn drop_constraint_sql(self, table: &str, name: &str, kind: Option<&str>) -> String {
        let what = match (self.drops_constraints_by_kind(), kind) {
            (true, Some("PRIMARY KEY")) => "PRIMARY KEY".to_string(),
            (true, Some("FOREIGN KEY")) => format!("FOREIGN KEY {}", self.quote(name)),
            (true, Some("UNIQUE")) => format!("INDEX {}", self.quote(name)),
            _ => format!("CONSTRAINT {}", self.quote(name)),
        };
        format!("ALTER TABLE {} DROP {what}", self.quote(table))
    }
}
