//! Random schemas for the property tests, per dialect, each valid on its database: the column
//! types it has, defaults of the right kind, primary keys, foreign keys between the tables
//! (with their actions), unique constraints, checks, indexes (descending, partial and
//! expression parts where the database has them), and on PostgreSQL an enum type. Shared by
//! migrate-schema's in-memory plan properties and cargo-migrate's round trip on real
//! databases (`#[path]` module), so both test the same space.

use migrate_schema::{
    Action, Check, Column, Dialect, EnumType, ForeignKey, Index, IndexPart, PrimaryKey, Renames,
    Schema, Table, Unique,
};
use proptest::prelude::*;

/// How many tables a schema may hold (`t0` … `t3`).
const TABLES: usize = 4;

/// A column type of `d`, with whether a btree index may cover it.
fn types(d: Dialect) -> &'static [(&'static str, bool)] {
    match d {
        Dialect::Postgres => &[
            ("integer", true),
            ("bigint", true),
            ("smallint", true),
            ("text", true),
            ("varchar(40)", true),
            ("varchar(80)", true),
            ("boolean", true),
            ("double precision", true),
            ("numeric(10,2)", true),
            ("date", true),
            ("timestamp", true),
            ("timestamptz", true),
            ("uuid", true),
            ("jsonb", false),
            ("bytea", false),
        ],
        Dialect::Mysql => &[
            ("int", true),
            ("bigint", true),
            ("smallint", true),
            ("text", false),
            ("varchar(40)", true),
            ("varchar(80)", true),
            ("boolean", true),
            ("double", true),
            ("decimal(10,2)", true),
            ("date", true),
            ("datetime", true),
            ("blob", false),
        ],
        Dialect::Sqlite => &[
            ("integer", true),
            ("bigint", true),
            ("text", true),
            ("varchar(40)", true),
            ("varchar(80)", true),
            ("boolean", true),
            ("real", true),
            ("numeric(10,2)", true),
            ("blob", false),
        ],
    }
}

/// A server default of the right kind for the (raw) type `ty`, from the seed `v`; `None`
/// where the type takes none here.
fn default_for(d: Dialect, ty: &str, v: u8) -> Option<String> {
    let head = ty.split('(').next().unwrap_or(ty);
    Some(match head {
        "integer" | "int" | "bigint" | "smallint" => v.to_string(),
        "boolean" => if v.is_multiple_of(2) { "false" } else { "true" }.to_string(),
        "double precision" | "double" | "real" => format!("{v}.5"),
        "numeric" | "decimal" => format!("{v}.25"),
        "varchar" => format!("'v{v}'"),
        "text" if d != Dialect::Mysql => format!("'v{v}'"),
        "date" => format!("'2026-0{}-01'", v % 9 + 1),
        "timestamp" | "timestamptz" | "datetime" => "CURRENT_TIMESTAMP".to_string(),
        _ => return None,
    })
}

/// A random column `c0` … `c3`, and whether an index may cover it.
fn column(d: Dialect) -> impl Strategy<Value = (Column, bool)> {
    let types = types(d);
    (
        0usize..4,
        0..types.len(),
        any::<bool>(),
        prop::option::of(0u8..3),
    )
        .prop_map(move |(n, t, nullable, default)| {
            let (ty, indexable) = types[t];
            let mut c = Column::new(format!("c{n}"), ty);
            c.nullable = nullable;
            c.default = default.and_then(|v| default_for(d, ty, v));
            (c, indexable)
        })
}

fn action(seed: u8) -> Action {
    match seed % 4 {
        0 => Action::NoAction,
        1 => Action::Cascade,
        2 => Action::SetNull,
        _ => Action::Restrict,
    }
}

/// Table `t<index>`: an auto-incrementing `id` key, up to four random columns, maybe a
/// nullable `ref_id` referencing another table's `id`, a unique constraint (named or not), a
/// check and an
/// index (partial, descending or over an expression where `d` has them).
fn table(d: Dialect, index: usize) -> impl Strategy<Value = Table> {
    (
        prop::collection::vec(column(d), 0..4),
        prop::option::of((0..TABLES, 0u8..4, 0u8..4)),
        prop::option::of(any::<bool>()),
        any::<bool>(),
        prop::option::of((any::<bool>(), 0u8..3)),
    )
        .prop_map(move |(columns, fk, unique, check, index_it)| {
            let mut t = Table::new(format!("t{index}"))
                .with_column(Column::new("id", "integer").auto_increment())
                .with_primary_key(PrimaryKey {
                    name: None,
                    columns: vec!["id".into()],
                });
            let mut indexable = Vec::new();
            for (c, can_index) in columns {
                if t.column(&c.name).is_none() {
                    if can_index {
                        indexable.push(c.name.clone());
                    }
                    t.columns.push(c);
                }
            }
            if let Some((to, on_delete, on_update)) = fk {
                t.columns.push(Column::new("ref_id", "integer").null());
                t.foreign_keys.push(ForeignKey {
                    name: Some(format!("fk_t{index}_ref")),
                    columns: vec!["ref_id".into()],
                    referenced_schema: None,
                    referenced_table: format!("t{to}"),
                    referenced_columns: vec!["id".into()],
                    on_delete: action(on_delete),
                    on_update: action(on_update),
                });
            }
            if let Some(first) = indexable.first() {
                if let Some(named) = unique {
                    t.uniques.push(Unique {
                        name: named.then(|| format!("uq_t{index}_{first}")),
                        columns: vec![first.clone()],
                    });
                }
                if let Some((descending, kind)) = index_it {
                    let mut part = IndexPart::column(first.clone());
                    part.descending = descending && d != Dialect::Mysql;
                    let mut ix = Index {
                        name: format!("ix_t{index}_{first}"),
                        parts: vec![part],
                        unique: false,
                        predicate: None,
                    };
                    match kind {
                        1 if d != Dialect::Mysql => ix.predicate = Some("id > 0".into()),
                        2 if d != Dialect::Mysql => {
                            ix.name = format!("ix_t{index}_expr");
                            ix.parts.push(IndexPart::expression("id + 1"));
                        }
                        _ => {}
                    }
                    t.indexes.push(ix);
                }
            }
            // On an integer column of its own: MariaDB refuses checks on AUTO_INCREMENT ones.
            let integer = t.columns.iter().find(|c| {
                c.name.starts_with('c')
                    && matches!(
                        c.column_type.as_str(),
                        "integer" | "int" | "bigint" | "smallint"
                    )
            });
            if let Some(c) = integer.filter(|_| check) {
                t.checks.push(Check {
                    name: Some(format!("ck_t{index}")),
                    expression: format!("{} >= 0", c.name),
                });
            }
            t
        })
}

/// A random schema of `d`, normalized: some of the tables `t0` … `t3`, foreign keys only to
/// tables present, and on PostgreSQL maybe an enum type `mood` used by `t0`.
pub fn schema(d: Dialect) -> impl Strategy<Value = Schema> {
    (
        prop::collection::vec(any::<bool>(), TABLES),
        (table(d, 0), table(d, 1), table(d, 2), table(d, 3)),
        prop::option::of(prop::sample::subsequence(
            vec!["sad", "ok", "happy", "glad"],
            1..4,
        )),
    )
        .prop_map(move |(present, (t0, t1, t2, t3), labels)| {
            let labels = labels.filter(|_| d == Dialect::Postgres && present[0]);
            let mut s = Schema::new(d);
            for (i, mut t) in [t0, t1, t2, t3].into_iter().enumerate() {
                if !present[i] {
                    continue;
                }
                // Keys to absent tables are left out (the model would not compile).
                t.foreign_keys.retain(|fk| {
                    let to: usize = fk.referenced_table[1..].parse().unwrap();
                    present[to]
                });
                if t.foreign_keys.is_empty() {
                    t.columns.retain(|c| c.name != "ref_id");
                }
                if i == 0 && labels.is_some() {
                    t.columns.push(Column::new("mood", "mood").null());
                }
                s = s.with_table(t);
            }
            if let Some(labels) = labels {
                s = s.with_enum(EnumType {
                    schema: None,
                    name: "mood".into(),
                    labels: labels.into_iter().map(String::from).collect(),
                });
            }
            s.normalized()
        })
}

/// A pair A → B of random schemas of `d` and the renames declared between them (as
/// `renamed_from` declares them): when a table of both holds a column `cN` in each, B's may be
/// renamed to `cN_new`, taking what referred to it along.
pub fn pair(d: Dialect) -> impl Strategy<Value = (Schema, Schema, Renames)> {
    (schema(d), schema(d), any::<bool>()).prop_map(|(a, mut b, rename)| {
        let mut renames = Renames::default();
        if !rename {
            return (a, b, renames);
        }
        let found = b.tables.iter().find_map(|(key, tb)| {
            let ta = a.tables.get(key)?;
            tb.columns
                .iter()
                .map(|c| c.name.clone())
                .find(|n| n.starts_with('c') && ta.column(n).is_some())
                .map(|n| (key.clone(), n))
        });
        if let Some((key, old)) = found {
            let new = format!("{old}_new");
            let t = b.tables.get_mut(&key).unwrap();
            for c in &mut t.columns {
                if c.name == old {
                    c.name = new.clone();
                }
            }
            for u in &mut t.uniques {
                for c in &mut u.columns {
                    if *c == old {
                        *c = new.clone();
                    }
                }
            }
            for ix in &mut t.indexes {
                for p in &mut ix.parts {
                    if p.key == migrate_schema::IndexKey::Column(old.clone()) {
                        p.key = migrate_schema::IndexKey::Column(new.clone());
                    }
                }
            }
            for ck in &mut t.checks {
                if ck.expression == format!("{old} >= 0") {
                    ck.expression = format!("{new} >= 0");
                }
            }
            renames.columns.push((key, old, new));
        }
        (a, b, renames)
    })
}
