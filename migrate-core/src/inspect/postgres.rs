//! PostgreSQL: pg_catalog, read whole (one query per kind of element).

use std::collections::{BTreeMap, BTreeSet};

use migrate_schema::{
    Action, Check, Column, EnumType, ForeignKey, Index, IndexPart, PrimaryKey, Schema, Table,
    Unique,
};
use sqlx::Row;
use sqlx::postgres::PgPool;

use super::{Filter, catalog_error};
use crate::error::Result;

const TABLES: &str = "SELECT c.oid::int8 AS oid, n.nspname::text AS schema, c.relname::text AS name, \
    obj_description(c.oid, 'pg_class') AS comment \
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
    WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY($1) \
    ORDER BY c.oid";

const COLUMNS: &str = "SELECT a.attrelid::int8 AS oid, a.attname::text AS name, \
    format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null, \
    pg_get_expr(d.adbin, d.adrelid) AS default, a.attidentity::text AS identity, \
    col_description(a.attrelid, a.attnum) AS comment \
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
    JOIN pg_namespace n ON n.oid = c.relnamespace \
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
    WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped \
    ORDER BY a.attrelid, a.attnum";

const CONSTRAINTS: &str = "SELECT con.conrelid::int8 AS oid, con.conname::text AS name, \
    con.contype::text AS kind, \
    ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(num, ord) \
          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord) AS columns, \
    fn.nspname::text AS ref_schema, fc.relname::text AS ref_table, \
    ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(num, ord) \
          JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord) AS ref_columns, \
    con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update, \
    pg_get_expr(con.conbin, con.conrelid) AS expression \
    FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid \
    JOIN pg_namespace n ON n.oid = c.relnamespace \
    LEFT JOIN pg_class fc ON fc.oid = con.confrelid \
    LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace \
    WHERE con.contype IN ('p', 'f', 'u', 'c') AND n.nspname = ANY($1) \
    ORDER BY con.conrelid, con.conname";

/// Indexes that back no primary key, unique or exclusion constraint.
const INDEXES: &str = "SELECT i.indrelid::int8 AS oid, ci.relname::text AS name, i.indisunique AS is_unique, \
    ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) AS k ORDER BY k) AS parts, \
    ARRAY(SELECT ((i.indoption::int2[])[k - 1] & 1) = 1 FROM generate_series(1, i.indnkeyatts) AS k ORDER BY k) AS descending, \
    pg_get_expr(i.indpred, i.indrelid, true) AS predicate \
    FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid \
    JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
    WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p') AND NOT EXISTS ( \
        SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x')) \
    ORDER BY i.indrelid, ci.relname";

fn action(code: &str) -> Action {
    match code {
        "r" => Action::Restrict,
        "c" => Action::Cascade,
        "n" => Action::SetNull,
        "d" => Action::SetDefault,
        _ => Action::NoAction,
    }
}

pub(super) async fn read(pool: &PgPool, url: &str, filter: &Filter) -> Result<Schema> {
    let err = |what: &'static str| move |e| catalog_error(url, what, e);
    let current: String = sqlx::query_scalar("SELECT current_schema()::text")
        .fetch_one(pool)
        .await
        .map_err(err("current schema"))?;
    let namespaces: Vec<String> = if filter.schemas.is_empty() {
        vec![current.clone()]
    } else {
        filter.schemas.clone()
    };
    let own = |schema: String| (schema != current).then_some(schema);
    let mut out = Schema::new(migrate_schema::Dialect::Postgres);
    let existing: BTreeSet<String> =
        sqlx::query_scalar("SELECT nspname::text FROM pg_namespace WHERE nspname = ANY($1)")
            .bind(&namespaces)
            .fetch_all(pool)
            .await
            .map_err(err("schemas"))?
            .into_iter()
            .collect();
    out.schemas = existing
        .iter()
        .filter(|s| **s != current)
        .cloned()
        .collect();

    for namespace in &existing {
        let discovery =
            sea_schema::postgres::discovery::SchemaDiscovery::new(pool.clone(), namespace);
        for def in discovery
            .discover_enums()
            .await
            .map_err(err("enum types"))?
        {
            out = out.with_enum(EnumType {
                schema: own(namespace.clone()),
                name: def.typename,
                labels: def.values,
            });
        }
    }

    let mut tables: BTreeMap<i64, Table> = BTreeMap::new();
    for row in sqlx::query(TABLES)
        .bind(&namespaces)
        .fetch_all(pool)
        .await
        .map_err(err("tables"))?
    {
        let schema = own(row.get("schema"));
        let name: String = row.get("name");
        if !filter.keeps(schema.as_deref(), &name) {
            continue;
        }
        tables.insert(
            row.get("oid"),
            Table {
                schema,
                name,
                comment: row.get("comment"),
                ..Table::default()
            },
        );
    }
    for row in sqlx::query(COLUMNS)
        .bind(&namespaces)
        .fetch_all(pool)
        .await
        .map_err(err("columns"))?
    {
        let Some(table) = tables.get_mut(&row.get::<i64, _>("oid")) else {
            continue;
        };
        let identity: String = row.get("identity");
        table.columns.push(Column {
            name: row.get("name"),
            column_type: row.get("type"),
            nullable: !row.get::<bool, _>("not_null"),
            default: row.get("default"),
            auto_increment: !identity.is_empty(),
            comment: row.get("comment"),
        });
    }
    for row in sqlx::query(CONSTRAINTS)
        .bind(&namespaces)
        .fetch_all(pool)
        .await
        .map_err(err("constraints"))?
    {
        let Some(table) = tables.get_mut(&row.get::<i64, _>("oid")) else {
            continue;
        };
        let name = Some(row.get::<String, _>("name"));
        let columns: Vec<String> = row.get("columns");
        match row.get::<String, _>("kind").as_str() {
            "p" => table.primary_key = Some(PrimaryKey { name, columns }),
            "u" => table.uniques.push(Unique { name, columns }),
            "c" => table.checks.push(Check {
                name,
                expression: row
                    .get::<Option<String>, _>("expression")
                    .unwrap_or_default(),
            }),
            _ => table.foreign_keys.push(ForeignKey {
                name,
                columns,
                referenced_schema: row.get::<Option<String>, _>("ref_schema").and_then(own),
                referenced_table: row
                    .get::<Option<String>, _>("ref_table")
                    .unwrap_or_default(),
                referenced_columns: row.get("ref_columns"),
                on_delete: action(&row.get::<String, _>("on_delete")),
                on_update: action(&row.get::<String, _>("on_update")),
            }),
        }
    }
    for row in sqlx::query(INDEXES)
        .bind(&namespaces)
        .fetch_all(pool)
        .await
        .map_err(err("indexes"))?
    {
        let Some(table) = tables.get_mut(&row.get::<i64, _>("oid")) else {
            continue;
        };
        let parts: Vec<String> = row.get("parts");
        let descending: Vec<bool> = row.get("descending");
        table.indexes.push(Index {
            name: row.get("name"),
            parts: parts
                .into_iter()
                .zip(descending)
                .map(|(sql, descending)| IndexPart {
                    descending,
                    ..IndexPart::expression(sql)
                })
                .collect(),
            unique: row.get("is_unique"),
            predicate: row.get("predicate"),
        });
    }
    for table in tables.into_values() {
        out = out.with_table(table);
    }
    Ok(out)
}
