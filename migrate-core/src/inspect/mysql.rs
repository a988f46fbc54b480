//! MySQL and MariaDB: information_schema, read whole (one query per kind of element).

use std::collections::BTreeMap;

use migrate_schema::{
    Action, Check, Column, ForeignKey, Index, IndexPart, PrimaryKey, Schema, Table,
};
use sqlx::Row;
use sqlx::mysql::MySqlPool;

use super::{Filter, catalog_error};
use crate::error::Result;

const TABLES: &str = "SELECT CAST(TABLE_NAME AS CHAR) AS name, CAST(TABLE_COMMENT AS CHAR) AS comment \
    FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'";

const COLUMNS: &str = "SELECT CAST(TABLE_NAME AS CHAR) AS tbl, CAST(COLUMN_NAME AS CHAR) AS name, \
    CAST(COLUMN_TYPE AS CHAR) AS type, CAST(IS_NULLABLE AS CHAR) AS nullable, \
    CAST(COLUMN_DEFAULT AS CHAR) AS dflt, CAST(EXTRA AS CHAR) AS extra, \
    CAST(COLUMN_COMMENT AS CHAR) AS comment \
    FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() \
    ORDER BY TABLE_NAME, ORDINAL_POSITION";

/// Index key parts; MySQL 8 adds functional parts (`EXPRESSION`), MariaDB has none.
const STATISTICS: &str = "SELECT CAST(TABLE_NAME AS CHAR) AS tbl, CAST(INDEX_NAME AS CHAR) AS name, \
    CAST(NON_UNIQUE AS SIGNED) AS non_unique, CAST(COLUMN_NAME AS CHAR) AS col, \
    CAST(COLLATION AS CHAR) AS collation, {expression} AS expr \
    FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() \
    ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";

const FOREIGN_KEYS: &str = "SELECT CAST(k.TABLE_NAME AS CHAR) AS tbl, CAST(k.CONSTRAINT_NAME AS CHAR) AS name, \
    CAST(k.COLUMN_NAME AS CHAR) AS col, CAST(k.REFERENCED_TABLE_NAME AS CHAR) AS ref_table, \
    CAST(k.REFERENCED_COLUMN_NAME AS CHAR) AS ref_col, \
    CAST(r.UPDATE_RULE AS CHAR) AS on_update, CAST(r.DELETE_RULE AS CHAR) AS on_delete \
    FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r \
      ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME \
      AND r.TABLE_NAME = k.TABLE_NAME \
    WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL \
    ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION";

/// MariaDB's CHECK_CONSTRAINTS names the table; MySQL's does not (join TABLE_CONSTRAINTS).
const CHECKS_MARIADB: &str = "SELECT CAST(TABLE_NAME AS CHAR) AS tbl, CAST(CONSTRAINT_NAME AS CHAR) AS name, \
    CAST(CHECK_CLAUSE AS CHAR) AS clause \
    FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()";

const CHECKS_MYSQL: &str = "SELECT CAST(tc.TABLE_NAME AS CHAR) AS tbl, CAST(cc.CONSTRAINT_NAME AS CHAR) AS name, \
    CAST(cc.CHECK_CLAUSE AS CHAR) AS clause \
    FROM information_schema.CHECK_CONSTRAINTS cc JOIN information_schema.TABLE_CONSTRAINTS tc \
      ON tc.CONSTRAINT_SCHEMA = cc.CONSTRAINT_SCHEMA AND tc.CONSTRAINT_NAME = cc.CONSTRAINT_NAME \
      AND tc.CONSTRAINT_TYPE = 'CHECK' \
    WHERE cc.CONSTRAINT_SCHEMA = DATABASE()";

fn action(rule: &str) -> Action {
    Action::from_sql(rule).unwrap_or_default()
}

/// MySQL 8 prints a literal default bare (`abc`, not `'abc'`) and marks expressions with
/// `DEFAULT_GENERATED`; MariaDB prints SQL. Both become SQL.
fn default_sql(
    mariadb: bool,
    raw: Option<String>,
    extra: &str,
    column_type: &str,
) -> Option<String> {
    let raw = raw?;
    if mariadb || extra.to_ascii_uppercase().contains("DEFAULT_GENERATED") {
        return Some(raw);
    }
    let numeric = [
        "int", "decimal", "numeric", "float", "double", "real", "bit",
    ]
    .iter()
    .any(|t| column_type.to_ascii_lowercase().contains(t));
    if numeric || raw.eq_ignore_ascii_case("CURRENT_TIMESTAMP") {
        Some(raw)
    } else {
        Some(format!("'{}'", raw.replace('\'', "''")))
    }
}

pub(super) async fn read(pool: &MySqlPool, url: &str, filter: &Filter) -> Result<Schema> {
    let err = |what: &'static str| move |e| catalog_error(url, what, e);
    let version: String = sqlx::query_scalar("SELECT CAST(VERSION() AS CHAR)")
        .fetch_one(pool)
        .await
        .map_err(err("server version"))?;
    let mariadb = version.to_ascii_lowercase().contains("mariadb");

    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    for row in sqlx::query(TABLES)
        .fetch_all(pool)
        .await
        .map_err(err("tables"))?
    {
        let name: String = row.get("name");
        if !filter.keeps(None, &name) {
            continue;
        }
        let comment: Option<String> = row.get("comment");
        tables.insert(
            name.clone(),
            Table {
                name,
                comment,
                ..Table::default()
            },
        );
    }
    for row in sqlx::query(COLUMNS)
        .fetch_all(pool)
        .await
        .map_err(err("columns"))?
    {
        let Some(table) = tables.get_mut(&row.get::<String, _>("tbl")) else {
            continue;
        };
        let column_type: String = row.get("type");
        let extra: String = row.get::<Option<String>, _>("extra").unwrap_or_default();
        table.columns.push(Column {
            name: row.get("name"),
            default: default_sql(mariadb, row.get("dflt"), &extra, &column_type),
            column_type,
            nullable: row.get::<String, _>("nullable") == "YES",
            auto_increment: extra.to_ascii_lowercase().contains("auto_increment"),
            comment: row.get("comment"),
        });
    }

    let statistics = STATISTICS.replace(
        "{expression}",
        if mariadb {
            "CAST(NULL AS CHAR)"
        } else {
            "CAST(EXPRESSION AS CHAR)"
        },
    );
    let mut indexes: BTreeMap<(String, String), Index> = BTreeMap::new();
    for row in sqlx::query(sqlx::AssertSqlSafe(statistics))
        .fetch_all(pool)
        .await
        .map_err(err("indexes"))?
    {
        let tbl: String = row.get("tbl");
        if !tables.contains_key(&tbl) {
            continue;
        }
        let name: String = row.get("name");
        let index = indexes.entry((tbl, name.clone())).or_insert_with(|| Index {
            name,
            unique: row.get::<i64, _>("non_unique") == 0,
            ..Index::default()
        });
        let column: Option<String> = row.get("col");
        let expression: Option<String> = row.get("expr");
        let mut part = match (column, expression) {
            (Some(column), _) => IndexPart::column(column),
            (None, Some(expression)) => IndexPart::expression(expression),
            (None, None) => continue,
        };
        part.descending = row.get::<Option<String>, _>("collation").as_deref() == Some("D");
        index.parts.push(part);
    }
    for ((tbl, name), index) in indexes {
        let table = tables.get_mut(&tbl).expect("filtered above");
        if name == "PRIMARY" {
            table.primary_key = Some(PrimaryKey {
                name: None,
                columns: index
                    .parts
                    .iter()
                    .map(|p| match &p.key {
                        migrate_schema::IndexKey::Column(c)
                        | migrate_schema::IndexKey::Expression(c) => c.clone(),
                    })
                    .collect(),
            });
        } else {
            table.indexes.push(index);
        }
    }

    let mut foreign_keys: BTreeMap<(String, String), ForeignKey> = BTreeMap::new();
    for row in sqlx::query(FOREIGN_KEYS)
        .fetch_all(pool)
        .await
        .map_err(err("foreign keys"))?
    {
        let tbl: String = row.get("tbl");
        if !tables.contains_key(&tbl) {
            continue;
        }
        let name: String = row.get("name");
        let fk = foreign_keys
            .entry((tbl, name.clone()))
            .or_insert_with(|| ForeignKey {
                name: Some(name),
                referenced_table: row.get("ref_table"),
                on_delete: action(&row.get::<String, _>("on_delete")),
                on_update: action(&row.get::<String, _>("on_update")),
                ..ForeignKey::default()
            });
        fk.columns.push(row.get("col"));
        fk.referenced_columns.push(row.get("ref_col"));
    }
    for ((tbl, _), fk) in foreign_keys {
        tables
            .get_mut(&tbl)
            .expect("filtered above")
            .foreign_keys
            .push(fk);
    }

    let checks = if mariadb {
        CHECKS_MARIADB
    } else {
        CHECKS_MYSQL
    };
    for row in sqlx::query(checks)
        .fetch_all(pool)
        .await
        .map_err(err("checks"))?
    {
        let Some(table) = tables.get_mut(&row.get::<String, _>("tbl")) else {
            continue;
        };
        let name: String = row.get("name");
        let clause: String = row.get("clause");
        // MariaDB's JSON is LONGTEXT with a CHECK (json_valid(`col`)) named after the column.
        let json_check = format!("json_valid(`{name}`)");
        if mariadb
            && clause.eq_ignore_ascii_case(&json_check)
            && let Some(column) = table.columns.iter_mut().find(|c| c.name == name)
            && column.column_type.eq_ignore_ascii_case("longtext")
        {
            column.column_type = "json".into();
            continue;
        }
        table.checks.push(Check {
            name: Some(name),
            expression: clause,
        });
    }

    let mut out = Schema::new(migrate_schema::Dialect::Mysql);
    for table in tables.into_values() {
        out = out.with_table(table);
    }
    Ok(out)
}
