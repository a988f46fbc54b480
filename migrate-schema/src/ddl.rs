//! A schema as the DDL that creates it on its dialect (`cargo migrate schema`): namespaces and
//! enum types first, tables in foreign-key order (a cycle's keys added after), each with its
//! columns, keys and constraints, then its indexes and comments. Running the statements on an
//! empty database gives the schema back (tested on the three databases).

use crate::model::{
    Action, Check, Column, Dialect, EnumType, ForeignKey, Index, IndexKey, PrimaryKey, Schema,
    Table, Unique, qualified,
};
use crate::plan::{Op, Renames, plan};

/// The statements that create `schema` on its dialect, in an order that runs, each without
/// its `;`.
pub fn create_statements(schema: &Schema) -> Vec<String> {
    let d = schema.dialect;
    let mut out: Vec<String> = schema
        .schemas
        .iter()
        .map(|s| format!("CREATE SCHEMA {}", ident(d, s)))
        .collect();
    // From empty, the plan orders the enum types, the tables by their foreign keys, and a
    // cycle's keys after the tables. SQLite cannot add a key to a table, and needs not: it
    // takes a key to a table not yet created, so there every key stays in its table.
    for op in plan(&Schema::new(d), schema, &Renames::default()).ops {
        match op {
            Op::CreateEnum { ty } => out.push(create_enum(d, &ty)),
            Op::CreateTable { table } if d == Dialect::Sqlite => {
                let whole = schema.tables.get(&table.qualified_name()).unwrap_or(&table);
                out.extend(create_table(d, whole));
            }
            Op::CreateTable { table } => out.extend(create_table(d, &table)),
            Op::AddForeignKey { .. } if d == Dialect::Sqlite => {}
            Op::AddForeignKey { table, key } => out.push(format!(
                "ALTER TABLE {} ADD {}",
                name(d, &table),
                foreign_key(d, &key)
            )),
            // Nothing else comes out of a plan from an empty schema.
            _ => {}
        }
    }
    out
}

/// [`create_statements`] as one script, a statement (ending in `;`) a paragraph.
pub fn create_script(schema: &Schema) -> String {
    create_statements(schema)
        .iter()
        .map(|s| format!("{s};\n"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `name` quoted for `d`.
pub(crate) fn ident(d: Dialect, name: &str) -> String {
    match d {
        Dialect::Mysql => format!("`{}`", name.replace('`', "``")),
        _ => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

/// A qualified name (`schema.name`), each part quoted.
fn name(d: Dialect, qualified_name: &str) -> String {
    qualified_name
        .split('.')
        .map(|part| ident(d, part))
        .collect::<Vec<_>>()
        .join(".")
}

fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn names(d: Dialect, columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| ident(d, c))
        .collect::<Vec<_>>()
        .join(", ")
}

fn constraint(d: Dialect, name: &Option<String>) -> String {
    match name {
        Some(name) => format!("CONSTRAINT {} ", ident(d, name)),
        None => String::new(),
    }
}

fn create_enum(d: Dialect, ty: &EnumType) -> String {
    let labels: Vec<String> = ty.labels.iter().map(|l| literal(l)).collect();
    format!(
        "CREATE TYPE {} AS ENUM ({})",
        name(d, &qualified(ty.schema.as_deref(), &ty.name)),
        labels.join(", ")
    )
}

/// The single auto-incrementing key column SQLite must declare inline
/// (`INTEGER PRIMARY KEY AUTOINCREMENT`).
fn inline_key(d: Dialect, t: &Table) -> Option<&str> {
    let pk = t.primary_key.as_ref()?;
    match pk.columns.as_slice() {
        [only] if d == Dialect::Sqlite && t.column(only).is_some_and(|c| c.auto_increment) => {
            Some(only)
        }
        _ => None,
    }
}

fn column(d: Dialect, c: &Column, inline_key: bool) -> String {
    let mut out = format!("{} ", ident(d, &c.name));
    match (d, c.auto_increment, c.column_type.as_str()) {
        (Dialect::Postgres, true, "integer") => out.push_str("serial"),
        (Dialect::Postgres, true, "bigint") => out.push_str("bigserial"),
        (Dialect::Postgres, true, "smallint") => out.push_str("smallserial"),
        (_, _, ty) => out.push_str(ty),
    }
    if inline_key {
        out.push_str(" PRIMARY KEY AUTOINCREMENT");
    }
    if !c.nullable {
        out.push_str(" NOT NULL");
    }
    if let Some(default) = &c.default {
        // MySQL takes an expression default in parentheses, a literal either way.
        match d {
            Dialect::Mysql => out.push_str(&format!(" DEFAULT ({default})")),
            _ => out.push_str(&format!(" DEFAULT {default}")),
        }
    }
    if c.auto_increment && d == Dialect::Mysql {
        out.push_str(" AUTO_INCREMENT");
    }
    if let (Dialect::Mysql, Some(comment)) = (d, &c.comment) {
        out.push_str(&format!(" COMMENT {}", literal(comment)));
    }
    out
}

fn action(a: Action, clause: &str) -> String {
    match a {
        Action::NoAction => String::new(),
        other => format!(" {clause} {}", other.sql()),
    }
}

fn primary_key(d: Dialect, pk: &PrimaryKey) -> String {
    // MySQL names every primary key PRIMARY and refuses another name.
    let name = if d == Dialect::Mysql { &None } else { &pk.name };
    format!(
        "{}PRIMARY KEY ({})",
        constraint(d, name),
        names(d, &pk.columns)
    )
}

fn foreign_key(d: Dialect, fk: &ForeignKey) -> String {
    format!(
        "{}FOREIGN KEY ({}) REFERENCES {} ({}){}{}",
        constraint(d, &fk.name),
        names(d, &fk.columns),
        name(
            d,
            &qualified(fk.referenced_schema.as_deref(), &fk.referenced_table)
        ),
        names(d, &fk.referenced_columns),
        action(fk.on_delete, "ON DELETE"),
        action(fk.on_update, "ON UPDATE"),
    )
}

fn unique(d: Dialect, u: &Unique) -> String {
    format!(
        "{}UNIQUE ({})",
        constraint(d, &u.name),
        names(d, &u.columns)
    )
}

fn check(d: Dialect, c: &Check) -> String {
    format!("{}CHECK ({})", constraint(d, &c.name), c.expression)
}

/// `CREATE [UNIQUE] INDEX … ON table (…) [WHERE …]`.
pub(crate) fn index(d: Dialect, table: &str, i: &Index) -> String {
    let parts: Vec<String> = i
        .parts
        .iter()
        .map(|p| {
            let key = match &p.key {
                IndexKey::Column(c) => ident(d, c),
                IndexKey::Expression(e) => format!("({e})"),
            };
            if p.descending {
                format!("{key} DESC")
            } else {
                key
            }
        })
        .collect();
    let mut out = format!(
        "CREATE {}INDEX {} ON {} ({})",
        if i.unique { "UNIQUE " } else { "" },
        ident(d, &i.name),
        name(d, table),
        parts.join(", ")
    );
    if let Some(predicate) = &i.predicate {
        out.push_str(&format!(" WHERE {predicate}"));
    }
    out
}

/// `CREATE TABLE` with everything inside it, then the indexes and (PostgreSQL) comments.
fn create_table(d: Dialect, t: &Table) -> Vec<String> {
    let table = t.qualified_name();
    let inline = inline_key(d, t);
    let mut items: Vec<String> = t
        .columns
        .iter()
        .map(|c| column(d, c, inline == Some(c.name.as_str())))
        .collect();
    if let Some(pk) = t.primary_key.as_ref().filter(|_| inline.is_none()) {
        items.push(primary_key(d, pk));
    }
    items.extend(t.foreign_keys.iter().map(|fk| foreign_key(d, fk)));
    items.extend(t.uniques.iter().map(|u| unique(d, u)));
    items.extend(t.checks.iter().map(|c| check(d, c)));
    let mut create = format!(
        "CREATE TABLE {} (\n    {}\n)",
        name(d, &table),
        items.join(",\n    ")
    );
    if let (Dialect::Mysql, Some(comment)) = (d, &t.comment) {
        create.push_str(&format!(" COMMENT {}", literal(comment)));
    }
    let mut out = vec![create];
    out.extend(t.indexes.iter().map(|i| index(d, &table, i)));
    if d == Dialect::Postgres {
        if let Some(comment) = &t.comment {
            out.push(format!(
                "COMMENT ON TABLE {} IS {}",
                name(d, &table),
                literal(comment)
            ));
        }
        for c in &t.columns {
            if let Some(comment) = &c.comment {
                out.push(format!(
                    "COMMENT ON COLUMN {}.{} IS {}",
                    name(d, &table),
                    ident(d, &c.name),
                    literal(comment)
                ));
            }
        }
    }
    out
}
