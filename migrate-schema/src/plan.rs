//! Autogenerate's middle: the ordered operations that turn one schema into another, each with
//! its inverse for the downgrade, the renames nobody declared offered as candidates, and the
//! operations that lose data flagged.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::model::{
    Check, Column, Dialect, EnumType, ForeignKey, Index, IndexKey, PrimaryKey, Schema, Table,
    Unique,
};

/// One schema change, as a typed value. Each carries what its inverse needs (Alembic's
/// `existing_*`): [`Op::inverse`] is the downgrade's step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// `CREATE TYPE … AS ENUM` (PostgreSQL).
    CreateEnum {
        /// The type.
        ty: EnumType,
    },
    /// `DROP TYPE` (PostgreSQL), once no column uses it.
    DropEnum {
        /// The type, as it was.
        ty: EnumType,
    },
    /// `ALTER TYPE … ADD VALUE` (PostgreSQL): cannot run inside a transaction block on every
    /// server version, so a revision holding one is generated with `transactional = false`.
    AddEnumValue {
        /// The type before.
        from: EnumType,
        /// The type after: `from` with `label` inserted.
        to: EnumType,
        /// The new label.
        label: String,
        /// The label it goes before (`BEFORE`); `None`: at the end.
        before: Option<String>,
        /// The columns of that type, which the inverse converts.
        columns: Vec<EnumColumn>,
    },
    /// Replaces an enum type's labels: the old type renamed away, the new one created, each
    /// column of the type converted through text, the old type dropped (labels removed or
    /// reordered; also the inverse of [`Op::AddEnumValue`]).
    ReplaceEnum {
        /// The type before.
        from: EnumType,
        /// The type after.
        to: EnumType,
        /// The columns of that type.
        columns: Vec<EnumColumn>,
    },
    /// `CREATE TABLE` with its columns, primary key and foreign keys, then its unique and
    /// check constraints and indexes.
    CreateTable {
        /// The table.
        table: Table,
    },
    /// `DROP TABLE`.
    DropTable {
        /// The table, as it was (the downgrade creates it again).
        table: Table,
    },
    /// `ALTER TABLE … RENAME TO …`.
    RenameTable {
        /// The old name.
        from: String,
        /// The new name.
        to: String,
    },
    /// `ADD COLUMN`.
    AddColumn {
        /// The table.
        table: String,
        /// The column.
        column: Column,
    },
    /// `DROP COLUMN`.
    DropColumn {
        /// The table.
        table: String,
        /// The column, as it was.
        column: Column,
    },
    /// Changes a column's definition (type, nullability, default, comment).
    AlterColumn {
        /// The table.
        table: String,
        /// The definition before (Alembic's `existing_type`, `existing_nullable`, …).
        from: Column,
        /// The definition after.
        to: Column,
    },
    /// `RENAME COLUMN`.
    RenameColumn {
        /// The table.
        table: String,
        /// The old name.
        from: String,
        /// The new name.
        to: String,
    },
    /// `ADD PRIMARY KEY`.
    CreatePrimaryKey {
        /// The table.
        table: String,
        /// The key.
        key: PrimaryKey,
    },
    /// `DROP PRIMARY KEY` / `DROP CONSTRAINT`.
    DropPrimaryKey {
        /// The table.
        table: String,
        /// The key, as it was.
        key: PrimaryKey,
    },
    /// Adds a foreign key.
    AddForeignKey {
        /// The table.
        table: String,
        /// The key.
        key: ForeignKey,
    },
    /// Drops a foreign key.
    DropForeignKey {
        /// The table.
        table: String,
        /// The key, as it was.
        key: ForeignKey,
    },
    /// Adds a unique constraint.
    AddUnique {
        /// The table.
        table: String,
        /// The constraint.
        unique: Unique,
    },
    /// Drops a unique constraint.
    DropUnique {
        /// The table.
        table: String,
        /// The constraint, as it was.
        unique: Unique,
    },
    /// Adds a check constraint.
    AddCheck {
        /// The table.
        table: String,
        /// The constraint.
        check: Check,
    },
    /// Drops a check constraint.
    DropCheck {
        /// The table.
        table: String,
        /// The constraint, as it was.
        check: Check,
    },
    /// `CREATE INDEX` (partial and expression indexes too).
    CreateIndex {
        /// The table.
        table: String,
        /// The index.
        index: Index,
    },
    /// `DROP INDEX`.
    DropIndex {
        /// The table.
        table: String,
        /// The index, as it was.
        index: Index,
    },
}

impl Op {
    /// The operation that undoes this one.
    pub fn inverse(&self) -> Op {
        match self.clone() {
            Op::CreateEnum { ty } => Op::DropEnum { ty },
            Op::DropEnum { ty } => Op::CreateEnum { ty },
            Op::AddEnumValue {
                from, to, columns, ..
            } => Op::ReplaceEnum {
                from: to,
                to: from,
                columns,
            },
            Op::ReplaceEnum { from, to, columns } => Op::ReplaceEnum {
                from: to,
                to: from,
                columns,
            },
            Op::CreateTable { table } => Op::DropTable { table },
            Op::DropTable { table } => Op::CreateTable { table },
            Op::RenameTable { from, to } => Op::RenameTable { from: to, to: from },
            Op::AddColumn { table, column } => Op::DropColumn { table, column },
            Op::DropColumn { table, column } => Op::AddColumn { table, column },
            Op::AlterColumn { table, from, to } => Op::AlterColumn {
                table,
                from: to,
                to: from,
            },
            Op::RenameColumn { table, from, to } => Op::RenameColumn {
                table,
                from: to,
                to: from,
            },
            Op::CreatePrimaryKey { table, key } => Op::DropPrimaryKey { table, key },
            Op::DropPrimaryKey { table, key } => Op::CreatePrimaryKey { table, key },
            Op::AddForeignKey { table, key } => Op::DropForeignKey { table, key },
            Op::DropForeignKey { table, key } => Op::AddForeignKey { table, key },
            Op::AddUnique { table, unique } => Op::DropUnique { table, unique },
            Op::DropUnique { table, unique } => Op::AddUnique { table, unique },
            Op::AddCheck { table, check } => Op::DropCheck { table, check },
            Op::DropCheck { table, check } => Op::AddCheck { table, check },
            Op::CreateIndex { table, index } => Op::DropIndex { table, index },
            Op::DropIndex { table, index } => Op::CreateIndex { table, index },
        }
    }

    /// Why this operation loses data, when it does: a dropped table or column, a type that
    /// may not hold every old value, enum labels removed.
    pub fn data_loss(&self) -> Option<String> {
        match self {
            Op::DropTable { table } => Some(format!("drops table {}", table.qualified_name())),
            Op::DropColumn { table, column } => {
                Some(format!("drops column {table}.{}", column.name))
            }
            Op::AlterColumn { table, from, to }
                if from.column_type != to.column_type
                    && !widens(&from.column_type, &to.column_type) =>
            {
                Some(format!(
                    "changes {table}.{} from {} to {}, which may not hold every value",
                    to.name, from.column_type, to.column_type
                ))
            }
            Op::ReplaceEnum { from, to, .. } => {
                let removed: Vec<&str> = from
                    .labels
                    .iter()
                    .filter(|l| !to.labels.contains(l))
                    .map(String::as_str)
                    .collect();
                (!removed.is_empty()).then(|| {
                    format!(
                        "removes {} from enum {}: rows holding them fail the conversion",
                        removed.join(", "),
                        to.name
                    )
                })
            }
            _ => None,
        }
    }

    /// False for an operation PostgreSQL may refuse inside a transaction block
    /// (`ALTER TYPE … ADD VALUE`).
    pub fn transactional(&self) -> bool {
        !matches!(self, Op::AddEnumValue { .. })
    }
}

/// True when every value of type `from` fits in type `to` (both normalized).
fn widens(from: &str, to: &str) -> bool {
    let rank = |t: &str| match t {
        "smallint" => Some(1),
        "integer" => Some(2),
        "bigint" => Some(3),
        _ => None,
    };
    if let (Some(a), Some(b)) = (rank(from), rank(to)) {
        return a < b;
    }
    let length = |t: &str, stem: &str| {
        t.strip_prefix(stem)
            .and_then(|r| r.strip_prefix('('))
            .and_then(|r| r.strip_suffix(')'))
            .and_then(|n| n.parse::<u64>().ok())
    };
    for stem in ["varchar", "char", "character varying"] {
        if let Some(a) = length(from, stem) {
            return to == "text" || length(to, "varchar").is_some_and(|b| b >= a);
        }
    }
    matches!(
        (from, to),
        ("real", "double precision") | ("real", "double")
    )
}

/// Renames declared by the models (`renamed_from`) or settled by the user (`--rename`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Renames {
    /// Tables: (old name, new name).
    pub tables: Vec<(String, String)>,
    /// Columns: (table's new name, old column name, new column name).
    pub columns: Vec<(String, String, String)>,
}

/// A dropped and an added table or column of the same definition: maybe a rename, which the
/// caller settles (a prompt, `--rename old=new`) by planning again with it in [`Renames`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RenameCandidate {
    /// A table.
    Table {
        /// The dropped table.
        from: String,
        /// The added table.
        to: String,
    },
    /// A column.
    Column {
        /// Its table.
        table: String,
        /// The dropped column.
        from: String,
        /// The added column.
        to: String,
    },
}

impl RenameCandidate {
    /// `old=new` as `--rename` takes it (`table.old=new` for a column).
    pub fn flag(&self) -> String {
        match self {
            RenameCandidate::Table { from, to } => format!("{from}={to}"),
            RenameCandidate::Column { table, from, to } => format!("{table}.{from}={to}"),
        }
    }
}

/// What [`plan`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// The upgrade's operations, in order.
    pub ops: Vec<Op>,
    /// Drops and adds that may be renames; the ops hold them as drops and adds.
    pub candidates: Vec<RenameCandidate>,
}

impl Plan {
    /// True when the schemas are the same.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// The downgrade's operations: each inverse, in reverse order.
    pub fn downgrade(&self) -> Vec<Op> {
        self.ops.iter().rev().map(Op::inverse).collect()
    }

    /// False when an operation must run outside a transaction (see [`Op::transactional`]).
    pub fn transactional(&self) -> bool {
        self.ops.iter().all(Op::transactional)
    }

    /// Why each data-losing operation of the upgrade loses data.
    pub fn data_loss(&self) -> Vec<String> {
        self.ops.iter().filter_map(Op::data_loss).collect()
    }
}

/// The operations that turn `from` (the current schema) into `to` (the desired one), both
/// normalized first. Ordered so that each runs: enum types and new values first; renames;
/// foreign keys, constraints and indexes that go are dropped before their columns and tables; new
/// tables in foreign-key order (a cycle's keys added after); columns added, altered, dropped;
/// keys, constraints and indexes added; tables dropped in reverse foreign-key order; enum types
/// no column uses dropped last.
pub fn plan(from: &Schema, to: &Schema, renames: &Renames) -> Plan {
    let mut current = from.clone().normalized();
    let to = to.clone().normalized();
    let mut out = Plan::default();

    // Renames first, on the current side, so that what follows compares like with like.
    let mut renamed = Vec::new();
    for (old, new) in &renames.tables {
        if current.tables.contains_key(old)
            && !current.tables.contains_key(new)
            && to.tables.contains_key(new)
        {
            renamed.extend(drop_unnamed(&mut current, old, &|_| true));
            rename_table(&mut current, old, new);
            renamed.push(Op::RenameTable {
                from: old.clone(),
                to: new.clone(),
            });
        }
    }
    for (table, old, new) in &renames.columns {
        let Some(t) = current.tables.get(table) else {
            continue;
        };
        let wanted = to
            .tables
            .get(table)
            .is_some_and(|t| t.column(new).is_some());
        if t.column(old).is_some() && t.column(new).is_none() && wanted {
            let d = current.dialect;
            renamed.extend(drop_unnamed(&mut current, table, &|c| match c {
                Unnamed::Columns(columns) => columns.iter().any(|c| c == old),
                Unnamed::Expression(e) => crate::expr::rename_column_in(d, e, old, new) != *e,
            }));
            current.rename_column(table, old, new);
            renamed.push(Op::RenameColumn {
                table: table.clone(),
                from: old.clone(),
                to: new.clone(),
            });
        }
    }

    let mut enums_first = Vec::new();
    let mut enums_last = Vec::new();
    for (name, ty) in &to.enums {
        match current.enums.get(name) {
            None => enums_first.push(Op::CreateEnum { ty: ty.clone() }),
            Some(old) if old.labels != ty.labels => {
                let columns = enum_columns(&current, &ty.name);
                enums_first.extend(enum_change(old, ty, &columns));
            }
            Some(_) => {}
        }
    }
    for (name, ty) in &current.enums {
        if !to.enums.contains_key(name) {
            enums_last.push(Op::DropEnum { ty: ty.clone() });
        }
    }

    let mut drop_keys = Vec::new();
    let mut drop_constraints = Vec::new();
    let mut columns = Vec::new();
    let mut drop_columns = Vec::new();
    let mut add_constraints = Vec::new();
    let mut add_keys = Vec::new();
    for (name, want) in &to.tables {
        let Some(have) = current.tables.get(name) else {
            continue;
        };
        let table = || name.clone();
        for fk in gone(&have.foreign_keys, &want.foreign_keys) {
            drop_keys.push(Op::DropForeignKey {
                table: table(),
                key: fk.clone(),
            });
        }
        for fk in gone(&want.foreign_keys, &have.foreign_keys) {
            add_keys.push(Op::AddForeignKey {
                table: table(),
                key: fk.clone(),
            });
        }
        for i in gone(&have.indexes, &want.indexes) {
            drop_constraints.push(Op::DropIndex {
                table: table(),
                index: i.clone(),
            });
        }
        // MySQL refuses to drop an index a foreign key needs, and drops the key's implicit
        // index when another one serves it: a kept key is dropped around an index change (the
        // upgrade's or, reversed, the downgrade's) and added again after.
        if to.dialect == Dialect::Mysql {
            let changed: Vec<&Index> = gone(&have.indexes, &want.indexes)
                .into_iter()
                .chain(gone(&want.indexes, &have.indexes))
                .collect();
            for fk in have
                .foreign_keys
                .iter()
                .filter(|fk| want.foreign_keys.contains(fk))
            {
                let serves = |i: &&Index| {
                    i.parts.len() >= fk.columns.len()
                        && i.parts
                            .iter()
                            .zip(&fk.columns)
                            .all(|(p, c)| p.key == IndexKey::Column(c.clone()))
                };
                if changed.iter().any(serves) {
                    drop_keys.push(Op::DropForeignKey {
                        table: table(),
                        key: fk.clone(),
                    });
                    add_keys.push(Op::AddForeignKey {
                        table: table(),
                        key: fk.clone(),
                    });
                }
            }
        }
        for u in gone(&have.uniques, &want.uniques) {
            drop_constraints.push(Op::DropUnique {
                table: table(),
                unique: u.clone(),
            });
        }
        for c in gone(&have.checks, &want.checks) {
            drop_constraints.push(Op::DropCheck {
                table: table(),
                check: c.clone(),
            });
        }
        if have.primary_key != want.primary_key {
            if let Some(key) = &have.primary_key {
                drop_constraints.push(Op::DropPrimaryKey {
                    table: table(),
                    key: key.clone(),
                });
            }
            if let Some(key) = &want.primary_key {
                add_constraints.push(Op::CreatePrimaryKey {
                    table: table(),
                    key: key.clone(),
                });
            }
        }
        let added: Vec<&Column> = want
            .columns
            .iter()
            .filter(|c| have.column(&c.name).is_none())
            .collect();
        let dropped: Vec<&Column> = have
            .columns
            .iter()
            .filter(|c| want.column(&c.name).is_none())
            .collect();
        for d in &dropped {
            for a in &added {
                if same_definition(d, a) {
                    out.candidates.push(RenameCandidate::Column {
                        table: table(),
                        from: d.name.clone(),
                        to: a.name.clone(),
                    });
                }
            }
        }
        for c in &want.columns {
            match have.column(&c.name) {
                None => columns.push(Op::AddColumn {
                    table: table(),
                    column: c.clone(),
                }),
                Some(old) if old != c => columns.push(Op::AlterColumn {
                    table: table(),
                    from: old.clone(),
                    to: c.clone(),
                }),
                Some(_) => {}
            }
        }
        for c in dropped {
            drop_columns.push(Op::DropColumn {
                table: table(),
                column: c.clone(),
            });
        }
        for u in gone(&want.uniques, &have.uniques) {
            add_constraints.push(Op::AddUnique {
                table: table(),
                unique: u.clone(),
            });
        }
        for c in gone(&want.checks, &have.checks) {
            add_constraints.push(Op::AddCheck {
                table: table(),
                check: c.clone(),
            });
        }
        for i in gone(&want.indexes, &have.indexes) {
            add_constraints.push(Op::CreateIndex {
                table: table(),
                index: i.clone(),
            });
        }
    }

    let new_tables: Vec<&Table> = to
        .tables
        .iter()
        .filter(|(name, _)| !current.tables.contains_key(*name))
        .map(|(_, t)| t)
        .collect();
    let old_tables: Vec<&Table> = current
        .tables
        .iter()
        .filter(|(name, _)| !to.tables.contains_key(*name))
        .map(|(_, t)| t)
        .collect();
    for d in &old_tables {
        for a in &new_tables {
            if same_table(d, a) {
                out.candidates.push(RenameCandidate::Table {
                    from: d.qualified_name(),
                    to: a.qualified_name(),
                });
            }
        }
    }
    let (creates, cyclic_keys) = create_in_order(&new_tables);
    let (cyclic_drops, drops) = drop_in_order(&old_tables);

    out.ops.extend(enums_first);
    // Renames before the drops: what is dropped was compared, and is named, as renamed.
    out.ops.extend(renamed);
    out.ops.extend(drop_keys);
    out.ops.extend(cyclic_drops);
    out.ops.extend(drop_constraints);
    // Tables go before any is created: on PostgreSQL a created table may need the name of a
    // dropped one's key or index (a table renamed keeps `<old>_pkey`, and a rename taken as a
    // drop and a create asks for it again).
    out.ops.extend(drops);
    out.ops.extend(creates);
    out.ops.extend(columns);
    out.ops.extend(drop_columns);
    out.ops.extend(add_constraints);
    out.ops.extend(cyclic_keys);
    out.ops.extend(add_keys);
    out.ops.extend(enums_last);
    out
}

/// What an unnamed constraint is made of, for [`drop_unnamed`].
enum Unnamed<'a> {
    /// A unique constraint's or a foreign key's columns.
    Columns(&'a [String]),
    /// A check's expression.
    Expression(&'a str),
}

/// Drops from `schema` the unnamed unique constraints, foreign keys and checks of `table` that
/// `affected` picks, returning the ops that drop them. A database names such a constraint
/// after its table and columns (or expression) when it is created, and keeps that name through
/// a rename; [`constraint_name`] would then no longer find it. So a rename drops them first,
/// by the name they have, and the plan adds them again after, named for what they are then.
fn drop_unnamed(
    schema: &mut Schema,
    table: &str,
    affected: &dyn Fn(Unnamed<'_>) -> bool,
) -> Vec<Op> {
    let Some(t) = schema.tables.get_mut(table) else {
        return Vec::new();
    };
    let mut ops = Vec::new();
    let (keys, uniques, checks) = (
        std::mem::take(&mut t.foreign_keys),
        std::mem::take(&mut t.uniques),
        std::mem::take(&mut t.checks),
    );
    for key in keys {
        if key.name.is_none() && affected(Unnamed::Columns(&key.columns)) {
            ops.push(Op::DropForeignKey {
                table: table.to_string(),
                key,
            });
        } else {
            t.foreign_keys.push(key);
        }
    }
    for unique in uniques {
        if unique.name.is_none() && affected(Unnamed::Columns(&unique.columns)) {
            ops.push(Op::DropUnique {
                table: table.to_string(),
                unique,
            });
        } else {
            t.uniques.push(unique);
        }
    }
    for check in checks {
        if check.name.is_none() && affected(Unnamed::Expression(&check.expression)) {
            ops.push(Op::DropCheck {
                table: table.to_string(),
                check,
            });
        } else {
            t.checks.push(check);
        }
    }
    ops
}

/// `ops` applied to `schema` in memory, as the database would apply them: what a plan's
/// upgrade turns its `from` into (equal to its `to`, by [`crate::diff`]), and what its
/// downgrade turns it back into.
pub fn apply(schema: &Schema, ops: &[Op]) -> Schema {
    let mut s = schema.clone().normalized();
    for op in ops {
        apply_one(&mut s, op);
    }
    s.normalized()
}

fn apply_one(s: &mut Schema, op: &Op) {
    fn remove<T: PartialEq>(items: &mut Vec<T>, item: &T) {
        items.retain(|x| x != item);
    }
    fn with(s: &mut Schema, name: &str, f: &mut dyn FnMut(&mut Table)) {
        if let Some(t) = s.tables.get_mut(name) {
            f(t);
        }
    }
    match op {
        Op::CreateEnum { ty } => {
            s.enums.insert(
                crate::model::qualified(ty.schema.as_deref(), &ty.name),
                ty.clone(),
            );
        }
        Op::DropEnum { ty } => {
            s.enums
                .remove(&crate::model::qualified(ty.schema.as_deref(), &ty.name));
        }
        Op::AddEnumValue { to, .. } | Op::ReplaceEnum { to, .. } => {
            s.enums.insert(
                crate::model::qualified(to.schema.as_deref(), &to.name),
                to.clone(),
            );
        }
        Op::CreateTable { table } => {
            s.tables.insert(table.qualified_name(), table.clone());
        }
        Op::DropTable { table } => {
            s.tables.remove(&table.qualified_name());
        }
        Op::RenameTable { from, to } => rename_table(s, from, to),
        Op::RenameColumn { table, from, to } => {
            s.rename_column(table, from, to);
        }
        Op::AddColumn { table, column } => with(s, table, &mut |t| t.columns.push(column.clone())),
        Op::DropColumn { table, column } => with(s, table, &mut |t| {
            t.columns.retain(|c| c.name != column.name)
        }),
        Op::AlterColumn { table, to, .. } => with(s, table, &mut |t| {
            for c in t.columns.iter_mut().filter(|c| c.name == to.name) {
                *c = to.clone();
            }
        }),
        Op::CreatePrimaryKey { table, key } => {
            with(s, table, &mut |t| t.primary_key = Some(key.clone()))
        }
        Op::DropPrimaryKey { table, .. } => with(s, table, &mut |t| t.primary_key = None),
        Op::AddForeignKey { table, key } => {
            with(s, table, &mut |t| t.foreign_keys.push(key.clone()))
        }
        Op::DropForeignKey { table, key } => {
            with(s, table, &mut |t| remove(&mut t.foreign_keys, key))
        }
        Op::AddUnique { table, unique } => with(s, table, &mut |t| t.uniques.push(unique.clone())),
        Op::DropUnique { table, unique } => with(s, table, &mut |t| remove(&mut t.uniques, unique)),
        Op::AddCheck { table, check } => with(s, table, &mut |t| t.checks.push(check.clone())),
        Op::DropCheck { table, check } => with(s, table, &mut |t| remove(&mut t.checks, check)),
        Op::CreateIndex { table, index } => with(s, table, &mut |t| t.indexes.push(index.clone())),
        Op::DropIndex { table, index } => with(s, table, &mut |t| remove(&mut t.indexes, index)),
    }
}

/// The elements of `a` that `b` lacks.
fn gone<'a, T: PartialEq>(a: &'a [T], b: &[T]) -> Vec<&'a T> {
    a.iter().filter(|x| !b.contains(x)).collect()
}

fn same_definition(a: &Column, b: &Column) -> bool {
    Column {
        name: String::new(),
        ..a.clone()
    } == Column {
        name: String::new(),
        ..b.clone()
    }
}

fn same_table(a: &Table, b: &Table) -> bool {
    a.columns == b.columns && a.primary_key == b.primary_key
}

/// A column of an enum type, which replacing the type converts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumColumn {
    /// Its table.
    pub table: String,
    /// Its name.
    pub column: String,
    /// Its default, dropped during the conversion and set again after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// The columns whose type is the enum `name`.
fn enum_columns(schema: &Schema, name: &str) -> Vec<EnumColumn> {
    let mut out = Vec::new();
    for (table, t) in &schema.tables {
        for c in &t.columns {
            if c.column_type == name {
                out.push(EnumColumn {
                    table: table.clone(),
                    column: c.name.clone(),
                    default: c.default.clone(),
                });
            }
        }
    }
    out
}

/// `ADD VALUE`s when `to` keeps `from`'s labels in order and adds some; else one replace.
fn enum_change(from: &EnumType, to: &EnumType, columns: &[EnumColumn]) -> Vec<Op> {
    let kept: Vec<&String> = to
        .labels
        .iter()
        .filter(|l| from.labels.contains(l))
        .collect();
    let only_added = kept.len() == from.labels.len() && kept.iter().copied().eq(&from.labels);
    if !only_added {
        return vec![Op::ReplaceEnum {
            from: from.clone(),
            to: to.clone(),
            columns: columns.to_vec(),
        }];
    }
    let mut ops = Vec::new();
    let mut now = from.clone();
    for (i, label) in to.labels.iter().enumerate() {
        if now.labels.contains(label) {
            continue;
        }
        // The next label of `to` that already exists, if any.
        let before = to.labels[i + 1..]
            .iter()
            .find(|l| now.labels.contains(l))
            .cloned();
        let mut next = now.clone();
        match &before {
            Some(b) => {
                let at = next.labels.iter().position(|l| l == b).unwrap_or(0);
                next.labels.insert(at, label.clone());
            }
            None => next.labels.push(label.clone()),
        }
        ops.push(Op::AddEnumValue {
            from: now.clone(),
            to: next.clone(),
            label: label.clone(),
            before,
            columns: columns.to_vec(),
        });
        now = next;
    }
    ops
}

fn rename_table(schema: &mut Schema, old: &str, new: &str) {
    if let Some(mut t) = schema.tables.remove(old) {
        t.name = new.to_string();
        schema.tables.insert(t.qualified_name(), t);
    }
    for t in schema.tables.values_mut() {
        for fk in &mut t.foreign_keys {
            if fk.referenced_table == old {
                fk.referenced_table = new.to_string();
            }
        }
    }
}

/// The referenced tables of `t` among `names`, itself excluded.
fn references<'a>(t: &'a Table, names: &BTreeSet<String>) -> BTreeSet<&'a str> {
    t.foreign_keys
        .iter()
        .map(|fk| fk.referenced_table.as_str())
        .filter(|r| *r != t.name && names.contains(*r))
        .collect()
}

/// `CREATE TABLE`s in foreign-key order; the keys of a cycle split off, to add afterwards.
fn create_in_order(tables: &[&Table]) -> (Vec<Op>, Vec<Op>) {
    let names: BTreeSet<String> = tables.iter().map(|t| t.qualified_name()).collect();
    let mut pending: BTreeMap<String, &Table> =
        tables.iter().map(|t| (t.qualified_name(), *t)).collect();
    let mut created: BTreeSet<String> = BTreeSet::new();
    let mut ops = Vec::new();
    let mut later = Vec::new();
    while !pending.is_empty() {
        let ready = pending
            .iter()
            .find(|(_, t)| references(t, &names).iter().all(|r| created.contains(*r)))
            .map(|(n, _)| n.clone());
        // A cycle: the first table goes now, without its keys to tables not created yet.
        let name = ready.unwrap_or_else(|| pending.keys().next().cloned().unwrap_or_default());
        let Some(t) = pending.remove(&name) else {
            break;
        };
        let mut table = t.clone();
        let (now, after): (Vec<ForeignKey>, Vec<ForeignKey>) =
            table.foreign_keys.into_iter().partition(|fk| {
                fk.referenced_table == t.name
                    || !names.contains(&fk.referenced_table)
                    || created.contains(&fk.referenced_table)
            });
        table.foreign_keys = now;
        for key in after {
            later.push(Op::AddForeignKey {
                table: name.clone(),
                key,
            });
        }
        created.insert(name);
        ops.push(Op::CreateTable { table });
    }
    (ops, later)
}

/// `DROP TABLE`s in reverse foreign-key order, with the keys of a cycle dropped first: the
/// exact inverse of [`create_in_order`].
fn drop_in_order(tables: &[&Table]) -> (Vec<Op>, Vec<Op>) {
    let (creates, keys) = create_in_order(tables);
    let first: Vec<Op> = keys.iter().rev().map(Op::inverse).collect();
    let drops: Vec<Op> = creates.iter().rev().map(Op::inverse).collect();
    (first, drops)
}

/// The kinds of constraint a revision names when the model leaves them unnamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstraintKind {
    /// A primary key.
    PrimaryKey,
    /// A foreign key.
    ForeignKey,
    /// A unique constraint.
    Unique,
    /// A check constraint.
    Check,
}

/// The name an unnamed constraint gets when a revision creates or drops it: the one the
/// database itself would have chosen (or one of the same pattern), so that introspection
/// normalizes it away again. `salt` tells apart constraints of the same columns (a check's
/// expression). SQLite keeps every name given, so there an unnamed constraint added to an
/// existing table comes back named.
pub fn constraint_name(
    dialect: Dialect,
    table: &str,
    kind: ConstraintKind,
    columns: &[String],
    salt: &str,
) -> String {
    let number = columns
        .iter()
        .map(String::as_str)
        .chain([salt])
        .flat_map(str::bytes)
        .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
        % 100_000;
    match (dialect, kind) {
        (Dialect::Mysql, ConstraintKind::Unique) => columns.first().cloned().unwrap_or_default(),
        (Dialect::Mysql, ConstraintKind::ForeignKey) => format!("{table}_ibfk_{number}"),
        (Dialect::Mysql, ConstraintKind::Check) => format!("{table}_chk_{number}"),
        (_, ConstraintKind::PrimaryKey) => format!("{table}_pkey"),
        (_, ConstraintKind::ForeignKey) => pg_style(table, columns, "fkey"),
        (_, ConstraintKind::Unique) => pg_style(table, columns, "key"),
        (_, ConstraintKind::Check) => format!("{table}_check{number}"),
    }
}

fn pg_style(table: &str, columns: &[String], suffix: &str) -> String {
    let mut base = format!("{table}_{}", columns.join("_"));
    if base.len() + suffix.len() + 1 > 63 {
        base.truncate(63 - suffix.len() - 1);
    }
    format!("{base}_{suffix}")
}
