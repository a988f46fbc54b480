//! SQLite: the `pragma_*` table functions for what they tell, and each table's and index's SQL
//! (parsed with sqlparser) for what they do not: constraint names, CHECKs, index expressions
//! and partial-index predicates.

use std::collections::BTreeMap;

use migrate_schema::{
    Action, Check, Column, ForeignKey, Index, IndexPart, PrimaryKey, Schema, Table, Unique,
};
use sqlparser::ast::{
    ColumnOption, CreateIndex, CreateTable, ObjectNamePart, OrderBySort, Statement, TableConstraint,
};
use sqlparser::dialect::SQLiteDialect;
use sqlparser::parser::Parser;
use sqlx::Row;
use sqlx::sqlite::SqlitePool;

use super::{Filter, catalog_error};
use crate::error::{Error, Result};

const TABLES: &str = "SELECT name, sql FROM sqlite_master \
    WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";

const COLUMNS: &str = "SELECT m.name AS tbl, p.name AS name, p.type AS type, p.\"notnull\" AS not_null, \
    p.dflt_value AS dflt, p.pk AS pk \
    FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY m.name, p.cid";

const FOREIGN_KEYS: &str = "SELECT m.name AS tbl, f.id AS id, f.\"table\" AS ref_table, f.\"from\" AS col, \
    f.\"to\" AS ref_col, f.on_update AS on_update, f.on_delete AS on_delete \
    FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table' \
    ORDER BY m.name, f.id, f.seq";

/// Indexes with their origin: `c` (CREATE INDEX), `u` (a UNIQUE constraint), `pk`.
const INDEXES: &str = "SELECT m.name AS tbl, il.name AS name, il.origin AS origin, \
    (SELECT group_concat(ii.name, char(31)) FROM (SELECT name FROM pragma_index_info(il.name) ORDER BY seqno) ii) AS cols, \
    (SELECT s.sql FROM sqlite_master s WHERE s.type = 'index' AND s.name = il.name) AS sql \
    FROM sqlite_master m JOIN pragma_index_list(m.name) il WHERE m.type = 'table' ORDER BY m.name, il.name";

fn parse(sql: &str) -> Option<Statement> {
    Parser::parse_sql(&SQLiteDialect {}, sql)
        .ok()?
        .into_iter()
        .next()
}

fn unparsable(table: &str, sql: &str) -> Error {
    Error::Unsupported(format!(
        "cannot read the definition of table {table} (sqlparser does not parse it): {sql}"
    ))
}

fn last_name(name: &sqlparser::ast::ObjectName) -> String {
    match name.0.last() {
        Some(ObjectNamePart::Identifier(id)) => id.value.clone(),
        _ => name.to_string(),
    }
}

fn action(text: &str) -> Action {
    Action::from_sql(text).unwrap_or_default()
}

/// What only the `CREATE TABLE` text tells: constraint names and CHECKs.
#[derive(Default)]
struct Declared {
    primary_key_name: Option<String>,
    /// (name, columns, referenced table)
    foreign_keys: Vec<(Option<String>, Vec<String>, String)>,
    /// (name, columns)
    uniques: Vec<(Option<String>, Vec<String>)>,
    checks: Vec<Check>,
}

fn declared(create: &CreateTable) -> Declared {
    let mut out = Declared::default();
    let lower = |s: &str| s.to_lowercase();
    for column in &create.columns {
        for option in &column.options {
            let name = option.name.as_ref().map(|n| n.value.clone());
            match &option.option {
                ColumnOption::Check(check) => out.checks.push(Check {
                    name: name.or(check.name.as_ref().map(|n| n.value.clone())),
                    expression: check.expr.to_string(),
                }),
                ColumnOption::PrimaryKey(pk) => {
                    out.primary_key_name = name.or(pk.name.as_ref().map(|n| n.value.clone()))
                }
                ColumnOption::Unique(unique) => out.uniques.push((
                    name.or(unique.name.as_ref().map(|n| n.value.clone())),
                    vec![lower(&column.name.value)],
                )),
                ColumnOption::ForeignKey(fk) => out.foreign_keys.push((
                    name.or(fk.name.as_ref().map(|n| n.value.clone())),
                    vec![lower(&column.name.value)],
                    lower(&last_name(&fk.foreign_table)),
                )),
                _ => {}
            }
        }
    }
    for constraint in &create.constraints {
        match constraint {
            TableConstraint::Check(check) => out.checks.push(Check {
                name: check.name.as_ref().map(|n| n.value.clone()),
                expression: check.expr.to_string(),
            }),
            TableConstraint::PrimaryKey(pk) => {
                out.primary_key_name = pk.name.as_ref().map(|n| n.value.clone())
            }
            TableConstraint::Unique(unique) => out.uniques.push((
                unique.name.as_ref().map(|n| n.value.clone()),
                unique
                    .columns
                    .iter()
                    .map(|c| {
                        lower(&c.column.expr.to_string())
                            .trim_matches('"')
                            .to_string()
                    })
                    .collect(),
            )),
            TableConstraint::ForeignKey(fk) => out.foreign_keys.push((
                fk.name.as_ref().map(|n| n.value.clone()),
                fk.columns.iter().map(|c| lower(&c.value)).collect(),
                lower(&last_name(&fk.foreign_table)),
            )),
            _ => {}
        }
    }
    out
}

/// An index as its `CREATE INDEX` text declares it.
fn index_from_sql(name: String, sql: &str) -> Option<Index> {
    let Statement::CreateIndex(CreateIndex {
        columns,
        unique,
        predicate,
        ..
    }) = parse(sql)?
    else {
        return None;
    };
    Some(Index {
        name,
        parts: columns
            .iter()
            .map(|c| IndexPart {
                descending: matches!(c.column.options.sort, Some(OrderBySort::Desc)),
                ..IndexPart::expression(c.column.expr.to_string())
            })
            .collect(),
        unique,
        predicate: predicate.map(|p| p.to_string()),
    })
}

pub(super) async fn read(pool: &SqlitePool, url: &str, filter: &Filter) -> Result<Schema> {
    let err = |what: &'static str| move |e| catalog_error(url, what, e);
    let mut tables: BTreeMap<String, (Table, Declared)> = BTreeMap::new();
    for row in sqlx::query(TABLES)
        .fetch_all(pool)
        .await
        .map_err(err("tables"))?
    {
        let name: String = row.get("name");
        if !filter.keeps(None, &name) {
            continue;
        }
        let sql: String = row.get::<Option<String>, _>("sql").unwrap_or_default();
        let declared = match parse(&sql) {
            Some(Statement::CreateTable(create)) => declared(&create),
            _ => return Err(unparsable(&name, &sql)),
        };
        tables.insert(name.clone(), (Table::new(name), declared));
    }
    let mut keys: BTreeMap<String, Vec<(i64, String)>> = BTreeMap::new();
    for row in sqlx::query(COLUMNS)
        .fetch_all(pool)
        .await
        .map_err(err("columns"))?
    {
        let tbl: String = row.get("tbl");
        let Some((table, _)) = tables.get_mut(&tbl) else {
            continue;
        };
        let name: String = row.get("name");
        let pk: i64 = row.get("pk");
        if pk > 0 {
            keys.entry(tbl).or_default().push((pk, name.clone()));
        }
        table.columns.push(Column {
            name,
            column_type: row.get("type"),
            nullable: row.get::<i64, _>("not_null") == 0,
            default: row.get("dflt"),
            ..Column::default()
        });
    }
    for (tbl, mut columns) in keys {
        columns.sort();
        let (table, declared) = tables.get_mut(&tbl).expect("collected above");
        table.primary_key = Some(PrimaryKey {
            name: declared.primary_key_name.clone(),
            columns: columns.into_iter().map(|(_, c)| c).collect(),
        });
    }
    let mut foreign_keys: BTreeMap<(String, i64), ForeignKey> = BTreeMap::new();
    for row in sqlx::query(FOREIGN_KEYS)
        .fetch_all(pool)
        .await
        .map_err(err("foreign keys"))?
    {
        let tbl: String = row.get("tbl");
        if !tables.contains_key(&tbl) {
            continue;
        }
        let fk = foreign_keys
            .entry((tbl, row.get("id")))
            .or_insert_with(|| ForeignKey {
                referenced_table: row.get("ref_table"),
                on_delete: action(&row.get::<String, _>("on_delete")),
                on_update: action(&row.get::<String, _>("on_update")),
                ..ForeignKey::default()
            });
        fk.columns.push(row.get("col"));
        fk.referenced_columns
            .push(row.get::<Option<String>, _>("ref_col").unwrap_or_default());
    }
    for ((tbl, _), mut fk) in foreign_keys {
        let (table, declared) = tables.get_mut(&tbl).expect("collected above");
        let columns: Vec<String> = fk.columns.iter().map(|c| c.to_lowercase()).collect();
        fk.name = declared
            .foreign_keys
            .iter()
            .find(|(_, c, t)| *c == columns && *t == fk.referenced_table.to_lowercase())
            .and_then(|(name, _, _)| name.clone());
        table.foreign_keys.push(fk);
    }
    for row in sqlx::query(INDEXES)
        .fetch_all(pool)
        .await
        .map_err(err("indexes"))?
    {
        let Some((table, declared)) = tables.get_mut(&row.get::<String, _>("tbl")) else {
            continue;
        };
        let name: String = row.get("name");
        let columns: Vec<String> = row
            .get::<Option<String>, _>("cols")
            .unwrap_or_default()
            .split('\u{1f}')
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        match row.get::<String, _>("origin").as_str() {
            "u" => {
                let lower: Vec<String> = columns.iter().map(|c| c.to_lowercase()).collect();
                let name = declared
                    .uniques
                    .iter()
                    .find(|(_, c)| *c == lower)
                    .and_then(|(n, _)| n.clone());
                table.uniques.push(Unique { name, columns });
            }
            "c" => {
                let sql: String = row.get::<Option<String>, _>("sql").unwrap_or_default();
                let index =
                    index_from_sql(name.clone(), &sql).ok_or_else(|| unparsable(&name, &sql))?;
                table.indexes.push(index);
            }
            _ => {}
        }
    }
    let mut out = Schema::new(migrate_schema::Dialect::Sqlite);
    for (_, (mut table, declared)) in tables {
        table.checks = declared.checks;
        out = out.with_table(table);
    }
    Ok(out)
}
