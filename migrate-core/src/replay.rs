//! Replay: the schema every revision produces, computed in memory without a database.
//!
//! Each operation of [`crate::Operations`] renders its statement for the dialect with
//! sea-query as it would for a live run; the replay sink parses that SQL with sqlparser and
//! applies it to a [`migrate_schema::Schema`]. Raw SQL (`op.execute`) goes the same way. A
//! statement the replay cannot interpret is an error naming it, never skipped.
//!
//! Each database's own behaviour is applied as it would be: MySQL's implicit index behind a
//! foreign key, PostgreSQL's enum types and the removal of indexes and constraints with a
//! dropped column, SQLite's table copy (which reads the replayed model like a catalog).

use migrate_schema::{
    Action, Check, Column, Dialect, EnumType, ForeignKey, Index, IndexKey, IndexPart, PrimaryKey,
    Schema, Table, Unique,
};
use sqlparser::ast::{
    AlterColumnOperation, AlterTable, AlterTableOperation, AlterTypeAddValuePosition,
    AlterTypeOperation, ColumnDef, ColumnOption, CreateIndex, CreateTable, Expr, Ident,
    IndexColumn, ObjectName, ObjectNamePart, ObjectType, OrderBySort, ReferentialAction,
    RenameTableNameKind, Statement, TableConstraint, UserDefinedTypeRepresentation,
};
use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;

/// Why a statement could not be replayed.
type Why = String;

/// Applies every statement of `sql` (one or several, `;`-separated) to `schema`.
pub(crate) fn apply(schema: &mut Schema, sql: &str) -> Result<(), Why> {
    for statement in parse(schema.dialect, sql)? {
        statement_into(schema, statement)?;
    }
    Ok(())
}

/// The statements of `sql`, parsed as `dialect` writes them.
pub(crate) fn parse(dialect: Dialect, sql: &str) -> Result<Vec<Statement>, Why> {
    match dialect {
        Dialect::Postgres => Parser::parse_sql(&PostgreSqlDialect {}, sql),
        Dialect::Mysql => Parser::parse_sql(&MySqlDialect {}, sql),
        Dialect::Sqlite => Parser::parse_sql(&SQLiteDialect {}, sql),
    }
    .map_err(|e| format!("sqlparser cannot parse it ({e})"))
}

/// Applies one parsed statement to `schema`.
pub(crate) fn statement_into(schema: &mut Schema, statement: Statement) -> Result<(), Why> {
    let d = schema.dialect;
    match statement {
        // Data and session settings leave the schema as it is.
        Statement::Insert(_)
        | Statement::Update(_)
        | Statement::Delete(_)
        | Statement::Query(_)
        | Statement::Set(_) => Ok(()),
        Statement::CreateTable(create) => create_table(schema, create),
        Statement::AlterTable(alter) => alter_table(schema, alter),
        Statement::Drop {
            object_type,
            if_exists,
            names,
            table,
            ..
        } => {
            for name in &names {
                match object_type {
                    ObjectType::Table => {
                        let key = table_name(d, name);
                        if find_table(schema, &key).is_none() && !if_exists {
                            return Err(format!("table {key} does not exist"));
                        }
                        if let Some(key) = find_table(schema, &key) {
                            schema.tables.remove(&key);
                        }
                    }
                    ObjectType::Index => {
                        let index = last(d, name);
                        let scope = table.as_ref().map(|t| table_name(d, t));
                        let dropped = drop_index(schema, scope.as_deref(), &index);
                        if !dropped && !if_exists {
                            return Err(format!("index {index} does not exist"));
                        }
                    }
                    ObjectType::Type => {
                        let ty = last(d, name);
                        schema.enums.retain(|_, e| e.name != ty);
                    }
                    ObjectType::Schema | ObjectType::Database => {
                        let namespace = last(d, name);
                        schema.schemas.remove(&namespace);
                        let prefix = format!("{namespace}.");
                        schema.tables.retain(|key, _| !key.starts_with(&prefix));
                        schema.enums.retain(|key, _| !key.starts_with(&prefix));
                    }
                    other => return Err(format!("DROP {other} is not replayed")),
                }
            }
            Ok(())
        }
        Statement::RenameTable(renames) => {
            for rename in renames {
                let from = table_name(d, &rename.old_name);
                let to = table_name(d, &rename.new_name);
                rename_table(schema, &from, &to)?;
            }
            Ok(())
        }
        Statement::CreateIndex(index) => create_index(schema, index),
        Statement::CreateType {
            name,
            representation: Some(UserDefinedTypeRepresentation::Enum { labels }),
        } => {
            let ty = EnumType {
                schema: None,
                name: last(d, &name),
                labels: labels.iter().map(|l| l.value.clone()).collect(),
            };
            schema.enums.insert(ty.name.clone(), ty);
            Ok(())
        }
        Statement::AlterType(alter) => {
            let ty = last(d, &alter.name);
            let Some(e) = schema.enums.get_mut(&ty) else {
                return Err(format!("type {ty} does not exist"));
            };
            match alter.operation {
                AlterTypeOperation::AddValue(add) => {
                    let label = add.value.value.clone();
                    if e.labels.contains(&label) {
                        return if add.if_not_exists {
                            Ok(())
                        } else {
                            Err(format!("type {ty} already has the label {label}"))
                        };
                    }
                    let at = match &add.position {
                        Some(AlterTypeAddValuePosition::Before(other)) => {
                            e.labels.iter().position(|l| *l == other.value)
                        }
                        Some(AlterTypeAddValuePosition::After(other)) => e
                            .labels
                            .iter()
                            .position(|l| *l == other.value)
                            .map(|i| i + 1),
                        None => None,
                    };
                    e.labels.insert(at.unwrap_or(e.labels.len()), label);
                    Ok(())
                }
                AlterTypeOperation::RenameValue(rename) => {
                    for l in &mut e.labels {
                        if *l == rename.from.value {
                            *l = rename.to.value.clone();
                        }
                    }
                    Ok(())
                }
                AlterTypeOperation::Rename(rename) => {
                    let mut e = schema.enums.remove(&ty).expect("found above");
                    e.name = ident(d, &rename.new_name);
                    schema.enums.insert(e.name.clone(), e);
                    Ok(())
                }
            }
        }
        Statement::CreateSchema { schema_name, .. } => {
            schema.schemas.insert(schema_name.to_string());
            Ok(())
        }
        other => Err(format!(
            "the replay does not interpret this kind of statement ({})",
            kind(&other)
        )),
    }
}

/// The first words of a statement, to name its kind.
fn kind(statement: &Statement) -> String {
    statement
        .to_string()
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
}

/// An identifier as the database stores it: PostgreSQL folds unquoted names to lower case.
pub(crate) fn ident(d: Dialect, id: &Ident) -> String {
    if d == Dialect::Postgres && id.quote_style.is_none() {
        id.value.to_lowercase()
    } else {
        id.value.clone()
    }
}

pub(crate) fn last(d: Dialect, name: &ObjectName) -> String {
    match name.0.last() {
        Some(ObjectNamePart::Identifier(id)) => ident(d, id),
        _ => name.to_string(),
    }
}

/// A table's key in the model (the default schema's `public.` dropped).
pub(crate) fn table_name(d: Dialect, name: &ObjectName) -> String {
    let parts: Vec<String> = name
        .0
        .iter()
        .map(|p| match p {
            ObjectNamePart::Identifier(id) => ident(d, id),
            other => other.to_string(),
        })
        .collect();
    match parts.as_slice() {
        [schema, table] if schema != "public" && d == Dialect::Postgres => {
            format!("{schema}.{table}")
        }
        [.., table] => table.clone(),
        [] => String::new(),
    }
}

/// The model's key of `name`; SQLite and MySQL compare names without case where the database
/// does.
fn find_table(schema: &Schema, name: &str) -> Option<String> {
    if schema.tables.contains_key(name) {
        return Some(name.to_string());
    }
    if schema.dialect == Dialect::Postgres {
        return None;
    }
    schema
        .tables
        .keys()
        .find(|k| k.eq_ignore_ascii_case(name))
        .cloned()
}

fn table_mut<'s>(schema: &'s mut Schema, name: &str) -> Result<&'s mut Table, Why> {
    let key = find_table(schema, name).ok_or_else(|| format!("table {name} does not exist"))?;
    Ok(schema.tables.get_mut(&key).expect("found above"))
}

fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

fn action(a: &Option<ReferentialAction>) -> Action {
    match a {
        None | Some(ReferentialAction::NoAction) => Action::NoAction,
        Some(ReferentialAction::Restrict) => Action::Restrict,
        Some(ReferentialAction::Cascade) => Action::Cascade,
        Some(ReferentialAction::SetNull) => Action::SetNull,
        Some(ReferentialAction::SetDefault) => Action::SetDefault,
    }
}

fn index_column_name(d: Dialect, c: &IndexColumn) -> String {
    match &c.column.expr {
        Expr::Identifier(id) => ident(d, id),
        Expr::CompoundIdentifier(ids) => ids.last().map(|id| ident(d, id)).unwrap_or_default(),
        other => other.to_string(),
    }
}

fn index_part(d: Dialect, c: &IndexColumn) -> IndexPart {
    let descending = matches!(c.column.options.sort, Some(OrderBySort::Desc));
    let key = match &c.column.expr {
        Expr::Identifier(id) => IndexKey::Column(ident(d, id)),
        other => IndexKey::Expression(other.to_string()),
    };
    IndexPart { key, descending }
}

/// A column and the constraints declared on it.
fn column(d: Dialect, table: &mut Table, def: &ColumnDef) -> Column {
    let name = ident(d, &def.name);
    let mut out = Column {
        name: name.clone(),
        column_type: def.data_type.to_string(),
        nullable: true,
        ..Column::default()
    };
    for option in &def.options {
        let constraint = option.name.as_ref().map(|n| ident(d, n));
        match &option.option {
            ColumnOption::Null => out.nullable = true,
            ColumnOption::NotNull => out.nullable = false,
            ColumnOption::Default(expr) => out.default = Some(expr.to_string()),
            ColumnOption::Comment(text) => out.comment = Some(text.clone()),
            ColumnOption::PrimaryKey(pk) => {
                out.nullable = d == Dialect::Sqlite && out.nullable;
                table.primary_key = Some(PrimaryKey {
                    name: constraint.or(pk.name.as_ref().map(|n| ident(d, n))),
                    columns: vec![name.clone()],
                });
                if pk.characteristics.is_none()
                    && def.options.iter().any(|o| is_auto_increment(&o.option))
                {
                    out.auto_increment = true;
                }
            }
            ColumnOption::Unique(unique) => table.uniques.push(Unique {
                name: constraint.or(unique.name.as_ref().map(|n| ident(d, n))),
                columns: vec![name.clone()],
            }),
            ColumnOption::ForeignKey(fk) => table.foreign_keys.push(ForeignKey {
                name: constraint.or(fk.name.as_ref().map(|n| ident(d, n))),
                columns: vec![name.clone()],
                referenced_schema: None,
                referenced_table: table_name(d, &fk.foreign_table),
                referenced_columns: fk.referred_columns.iter().map(|c| ident(d, c)).collect(),
                on_delete: action(&fk.on_delete),
                on_update: action(&fk.on_update),
            }),
            ColumnOption::Check(check) => table.checks.push(Check {
                name: constraint.or(check.name.as_ref().map(|n| ident(d, n))),
                expression: check.expr.to_string(),
            }),
            ColumnOption::Generated {
                generated_as: _,
                generation_expr: None,
                ..
            } => out.auto_increment = true,
            other if is_auto_increment(other) => out.auto_increment = true,
            _ => {}
        }
    }
    let lower = out.column_type.to_lowercase();
    if d == Dialect::Postgres && lower.contains("serial") {
        out.auto_increment = true;
    }
    if out.auto_increment && d != Dialect::Sqlite {
        out.nullable = false;
    }
    out
}

fn is_auto_increment(option: &ColumnOption) -> bool {
    match option {
        ColumnOption::DialectSpecific(tokens) => tokens.iter().any(|t| {
            let t = t.to_string().to_uppercase();
            t == "AUTO_INCREMENT" || t == "AUTOINCREMENT"
        }),
        _ => false,
    }
}

fn constraint_into(d: Dialect, table: &mut Table, constraint: TableConstraint) -> Result<(), Why> {
    match constraint {
        TableConstraint::PrimaryKey(pk) => {
            let columns: Vec<String> = pk.columns.iter().map(|c| index_column_name(d, c)).collect();
            for c in &mut table.columns {
                if d != Dialect::Sqlite && columns.iter().any(|n| same(n, &c.name)) {
                    c.nullable = false;
                }
            }
            table.primary_key = Some(PrimaryKey {
                name: pk.name.as_ref().map(|n| ident(d, n)),
                columns,
            });
        }
        TableConstraint::Unique(unique) => table.uniques.push(Unique {
            // MySQL's `UNIQUE KEY name (…)` names the index, which is the constraint's name.
            name: unique
                .name
                .as_ref()
                .or(unique.index_name.as_ref())
                .map(|n| ident(d, n)),
            columns: unique
                .columns
                .iter()
                .map(|c| index_column_name(d, c))
                .collect(),
        }),
        TableConstraint::ForeignKey(fk) => table.foreign_keys.push(ForeignKey {
            name: fk.name.as_ref().map(|n| ident(d, n)),
            columns: fk.columns.iter().map(|c| ident(d, c)).collect(),
            referenced_schema: None,
            referenced_table: table_name(d, &fk.foreign_table),
            referenced_columns: fk.referred_columns.iter().map(|c| ident(d, c)).collect(),
            on_delete: action(&fk.on_delete),
            on_update: action(&fk.on_update),
        }),
        TableConstraint::Check(check) => table.checks.push(Check {
            name: check.name.as_ref().map(|n| ident(d, n)),
            expression: check.expr.to_string(),
        }),
        TableConstraint::Index(index) => table.indexes.push(Index {
            name: index.name.as_ref().map(|n| ident(d, n)).unwrap_or_default(),
            parts: index.columns.iter().map(|c| index_part(d, c)).collect(),
            unique: false,
            predicate: None,
        }),
        other => return Err(format!("the constraint {other} is not replayed")),
    }
    if d == Dialect::Mysql {
        drop_redundant_foreign_key_indexes(table);
        foreign_key_indexes(table);
    }
    Ok(())
}

/// MySQL (InnoDB) creates an index for a foreign key whose columns no index starts with,
/// named after the constraint (or its first column).
fn foreign_key_indexes(table: &mut Table) {
    let starts = |table: &Table, columns: &[String]| {
        let prefix = |keys: Vec<&str>| {
            keys.len() >= columns.len() && keys.iter().zip(columns).all(|(k, c)| same(k, c))
        };
        table
            .primary_key
            .as_ref()
            .is_some_and(|pk| prefix(pk.columns.iter().map(String::as_str).collect()))
            || table
                .uniques
                .iter()
                .any(|u| prefix(u.columns.iter().map(String::as_str).collect()))
            || table.indexes.iter().any(|i| {
                prefix(
                    i.parts
                        .iter()
                        .map(|p| match &p.key {
                            IndexKey::Column(c) => c.as_str(),
                            IndexKey::Expression(_) => "",
                        })
                        .collect(),
                )
            })
    };
    for fk in table.foreign_keys.clone() {
        if starts(table, &fk.columns) {
            continue;
        }
        let name = fk
            .name
            .clone()
            .unwrap_or_else(|| fk.columns.first().cloned().unwrap_or_default());
        table.indexes.push(Index {
            name,
            parts: fk.columns.iter().map(IndexPart::column).collect(),
            unique: false,
            predicate: None,
        });
    }
}

/// MySQL drops the index it made for a foreign key once another index starts with the key's
/// columns (InnoDB: "silently dropped later if you create another index that can be used").
fn drop_redundant_foreign_key_indexes(table: &mut Table) {
    for fk in table.foreign_keys.clone() {
        let implicit = fk
            .name
            .clone()
            .unwrap_or_else(|| fk.columns.first().cloned().unwrap_or_default());
        let is_implicit = |i: &Index| {
            same(&i.name, &implicit)
                && i.parts.len() == fk.columns.len()
                && i.parts
                    .iter()
                    .zip(&fk.columns)
                    .all(|(p, c)| matches!(&p.key, IndexKey::Column(k) if same(k, c)))
        };
        if !table.indexes.iter().any(is_implicit) {
            continue;
        }
        let mut without = table.clone();
        without.indexes.retain(|i| !is_implicit(i));
        without.foreign_keys = vec![fk.clone()];
        let before = without.indexes.len();
        foreign_key_indexes(&mut without);
        if without.indexes.len() == before {
            table.indexes.retain(|i| !is_implicit(i));
        }
    }
}

fn create_table(schema: &mut Schema, create: CreateTable) -> Result<(), Why> {
    let d = schema.dialect;
    let key = table_name(d, &create.name);
    if find_table(schema, &key).is_some() {
        return if create.if_not_exists {
            Ok(())
        } else {
            Err(format!("table {key} already exists"))
        };
    }
    let mut table = Table::new(key.clone());
    if let Some((namespace, name)) = key.split_once('.') {
        table.schema = Some(namespace.to_string());
        table.name = name.to_string();
    }
    for def in &create.columns {
        let c = column(d, &mut table, def);
        table.columns.push(c);
    }
    for constraint in create.constraints {
        constraint_into(d, &mut table, constraint)?;
    }
    if d == Dialect::Mysql {
        foreign_key_indexes(&mut table);
    }
    schema.tables.insert(key, table);
    Ok(())
}

fn create_index(schema: &mut Schema, index: CreateIndex) -> Result<(), Why> {
    let d = schema.dialect;
    let name = index
        .name
        .as_ref()
        .map(|n| last(d, n))
        .ok_or("an index without a name is not replayed")?;
    let table = table_mut(schema, &table_name(d, &index.table_name))?;
    if table.indexes.iter().any(|i| same(&i.name, &name)) {
        return if index.if_not_exists {
            Ok(())
        } else {
            Err(format!("index {name} already exists"))
        };
    }
    table.indexes.push(Index {
        name,
        parts: index.columns.iter().map(|c| index_part(d, c)).collect(),
        unique: index.unique,
        predicate: index.predicate.map(|p| p.to_string()),
    });
    if d == Dialect::Mysql {
        drop_redundant_foreign_key_indexes(table);
    }
    Ok(())
}

/// Drops the index `name` (of `table` when given, else of any table); false when none.
fn drop_index(schema: &mut Schema, table: Option<&str>, name: &str) -> bool {
    let mut dropped = false;
    for (key, t) in &mut schema.tables {
        if table.is_some_and(|wanted| !same(wanted, key)) {
            continue;
        }
        let before = t.indexes.len() + t.uniques.len();
        t.indexes.retain(|i| !same(&i.name, name));
        if schema.dialect == Dialect::Mysql {
            t.uniques
                .retain(|u| !u.name.as_deref().is_some_and(|n| same(n, name)));
        }
        dropped |= t.indexes.len() + t.uniques.len() < before;
    }
    dropped
}

fn rename_table(schema: &mut Schema, from: &str, to: &str) -> Result<(), Why> {
    let key = find_table(schema, from).ok_or_else(|| format!("table {from} does not exist"))?;
    let mut table = schema.tables.remove(&key).expect("found above");
    if schema.dialect == Dialect::Postgres {
        // PostgreSQL keeps the names it generated for the old table's constraints.
        let old = &table.name;
        if let Some(pk) = &mut table.primary_key {
            pk.name.get_or_insert_with(|| format!("{old}_pkey"));
        }
        for u in &mut table.uniques {
            let columns = u.columns.join("_");
            u.name.get_or_insert_with(|| format!("{old}_{columns}_key"));
        }
        for fk in &mut table.foreign_keys {
            let columns = fk.columns.join("_");
            fk.name
                .get_or_insert_with(|| format!("{old}_{columns}_fkey"));
        }
    }
    table.name = to.rsplit('.').next().unwrap_or(to).to_string();
    for t in schema
        .tables
        .values_mut()
        .chain(std::iter::once(&mut table))
    {
        for fk in &mut t.foreign_keys {
            if same(&fk.referenced_table, from) {
                fk.referenced_table = to.to_string();
            }
        }
    }
    schema.tables.insert(to.to_string(), table);
    Ok(())
}

fn alter_table(schema: &mut Schema, alter: AlterTable) -> Result<(), Why> {
    let d = schema.dialect;
    let name = table_name(d, &alter.name);
    if find_table(schema, &name).is_none() && alter.if_exists {
        return Ok(());
    }
    for operation in alter.operations {
        if let AlterTableOperation::RenameTable { table_name: to } = &operation {
            let to = match to {
                RenameTableNameKind::As(n) | RenameTableNameKind::To(n) => table_name(d, n),
            };
            rename_table(schema, &name, &to)?;
            continue;
        }
        if let AlterTableOperation::RenameColumn {
            old_column_name,
            new_column_name,
        } = &operation
        {
            let (from, to) = (ident(d, old_column_name), ident(d, new_column_name));
            rename_column(schema, &name, &from, &to)?;
            continue;
        }
        let table = table_mut(schema, &name)?;
        alter_one(d, table, operation)?;
    }
    Ok(())
}

fn rename_column(schema: &mut Schema, table: &str, from: &str, to: &str) -> Result<(), Why> {
    let key = table_mut(schema, table)?.qualified_name();
    if schema.rename_column(&key, from, to) {
        Ok(())
    } else {
        Err(format!("table {table} has no column {from}"))
    }
}

fn column_mut<'t>(table: &'t mut Table, name: &str) -> Result<&'t mut Column, Why> {
    let table_name = table.name.clone();
    table
        .columns
        .iter_mut()
        .find(|c| same(&c.name, name))
        .ok_or_else(|| format!("table {table_name} has no column {name}"))
}

fn alter_one(d: Dialect, table: &mut Table, operation: AlterTableOperation) -> Result<(), Why> {
    match operation {
        AlterTableOperation::AddColumn {
            if_not_exists,
            column_def,
            ..
        } => {
            let name = ident(d, &column_def.name);
            if table.column(&name).is_some() {
                return if if_not_exists {
                    Ok(())
                } else {
                    Err(format!("column {name} already exists"))
                };
            }
            let c = column(d, table, &column_def);
            table.columns.push(c);
            if d == Dialect::Mysql {
                foreign_key_indexes(table);
            }
        }
        AlterTableOperation::DropColumn {
            column_names,
            if_exists,
            ..
        } => {
            for id in column_names {
                let name = ident(d, &id);
                if table.column(&name).is_none() {
                    if if_exists {
                        continue;
                    }
                    return Err(format!("table {} has no column {name}", table.name));
                }
                drop_column(d, table, &name);
            }
        }
        AlterTableOperation::ModifyColumn {
            col_name,
            data_type,
            options,
            ..
        } => {
            let def = ColumnDef {
                name: col_name,
                data_type,
                options: options
                    .into_iter()
                    .map(|option| sqlparser::ast::ColumnOptionDef { name: None, option })
                    .collect(),
            };
            replace_column(d, table, &def, None)?;
        }
        AlterTableOperation::ChangeColumn {
            old_name,
            new_name,
            data_type,
            options,
            ..
        } => {
            let def = ColumnDef {
                name: new_name,
                data_type,
                options: options
                    .into_iter()
                    .map(|option| sqlparser::ast::ColumnOptionDef { name: None, option })
                    .collect(),
            };
            replace_column(d, table, &def, Some(&ident(d, &old_name)))?;
        }
        AlterTableOperation::AlterColumn { column_name, op } => {
            let c = column_mut(table, &ident(d, &column_name))?;
            match op {
                AlterColumnOperation::SetNotNull => c.nullable = false,
                AlterColumnOperation::DropNotNull => c.nullable = true,
                AlterColumnOperation::SetDefault { value } => c.default = Some(value.to_string()),
                AlterColumnOperation::DropDefault => c.default = None,
                AlterColumnOperation::SetDataType { data_type, .. } => {
                    c.column_type = data_type.to_string()
                }
                AlterColumnOperation::AddGenerated { .. } => c.auto_increment = true,
                other => return Err(format!("ALTER COLUMN {other} is not replayed")),
            }
        }
        AlterTableOperation::AddConstraint { constraint, .. } => {
            constraint_into(d, table, constraint)?
        }
        // Validating a constraint, and MySQL's ALGORITHM= and LOCK=, change no definition.
        AlterTableOperation::ValidateConstraint { .. }
        | AlterTableOperation::Algorithm { .. }
        | AlterTableOperation::Lock { .. } => {}
        AlterTableOperation::DropConstraint {
            name, if_exists, ..
        } => {
            let name = ident(d, &name);
            if !drop_constraint(d, table, &name) && !if_exists {
                return Err(format!("table {} has no constraint {name}", table.name));
            }
        }
        AlterTableOperation::DropPrimaryKey { .. } => {
            if table.primary_key.take().is_none() {
                return Err(format!("table {} has no primary key", table.name));
            }
        }
        AlterTableOperation::DropForeignKey { name, .. } => {
            let name = ident(d, &name);
            let before = table.foreign_keys.len();
            table
                .foreign_keys
                .retain(|fk| !fk.name.as_deref().is_some_and(|n| same(n, &name)));
            if table.foreign_keys.len() == before {
                return Err(format!("table {} has no foreign key {name}", table.name));
            }
        }
        AlterTableOperation::DropIndex { name } => {
            let name = ident(d, &name);
            let before = table.indexes.len() + table.uniques.len();
            table.indexes.retain(|i| !same(&i.name, &name));
            table
                .uniques
                .retain(|u| !u.name.as_deref().is_some_and(|n| same(n, &name)));
            if table.indexes.len() + table.uniques.len() == before {
                return Err(format!("table {} has no index {name}", table.name));
            }
        }
        other => return Err(format!("ALTER TABLE … {other} is not replayed")),
    }
    Ok(())
}

/// MySQL's MODIFY/CHANGE: the column's whole definition replaced, in place.
fn replace_column(
    d: Dialect,
    table: &mut Table,
    def: &ColumnDef,
    old: Option<&str>,
) -> Result<(), Why> {
    let new = column(d, table, def);
    let wanted = old.unwrap_or(&new.name).to_string();
    let at = table
        .columns
        .iter()
        .position(|c| same(&c.name, &wanted))
        .ok_or_else(|| format!("table {} has no column {wanted}", table.name))?;
    table.columns[at] = new;
    Ok(())
}

/// Removes a column, and what each database removes with it.
fn drop_column(d: Dialect, table: &mut Table, name: &str) {
    table.columns.retain(|c| !same(&c.name, name));
    let uses = |names: &[String]| names.iter().any(|n| same(n, name));
    match d {
        Dialect::Mysql => {
            // MySQL removes the column from its indexes, and an index left empty.
            for i in &mut table.indexes {
                i.parts
                    .retain(|p| !matches!(&p.key, IndexKey::Column(c) if same(c, name)));
            }
            table.indexes.retain(|i| !i.parts.is_empty());
            for u in &mut table.uniques {
                u.columns.retain(|c| !same(c, name));
            }
            table.uniques.retain(|u| !u.columns.is_empty());
            if let Some(pk) = &mut table.primary_key {
                pk.columns.retain(|c| !same(c, name));
            }
        }
        _ => {
            // PostgreSQL drops the indexes and constraints that use the column (SQLite refuses
            // them; the table copy removes them first).
            table.indexes.retain(|i| {
                !i.parts.iter().any(|p| match &p.key {
                    IndexKey::Column(c) => same(c, name),
                    IndexKey::Expression(e) => mentions(e, name),
                }) && !i.predicate.as_deref().is_some_and(|p| mentions(p, name))
            });
            table.uniques.retain(|u| !uses(&u.columns));
            table.foreign_keys.retain(|fk| !uses(&fk.columns));
            table.checks.retain(|c| !mentions(&c.expression, name));
            if table
                .primary_key
                .as_ref()
                .is_some_and(|pk| uses(&pk.columns))
            {
                table.primary_key = None;
            }
        }
    }
}

/// True when the SQL text `sql` names `column` (as a whole word, quoted or not).
fn mentions(sql: &str, column: &str) -> bool {
    sql.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .any(|word| same(word, column))
}

/// Drops a named constraint of any kind; false when the table has none of that name.
fn drop_constraint(d: Dialect, table: &mut Table, name: &str) -> bool {
    let named = |n: &Option<String>| n.as_deref().is_some_and(|n| same(n, name));
    let before =
        table.foreign_keys.len() + table.uniques.len() + table.checks.len() + table.indexes.len();
    table.foreign_keys.retain(|fk| !named(&fk.name));
    table.uniques.retain(|u| !named(&u.name));
    table.checks.retain(|c| !named(&c.name));
    if d == Dialect::Mysql {
        table.indexes.retain(|i| !same(&i.name, name));
    }
    let after =
        table.foreign_keys.len() + table.uniques.len() + table.checks.len() + table.indexes.len();
    if after < before {
        return true;
    }
    let generated_pk = format!("{}_pkey", table.name);
    if table
        .primary_key
        .as_ref()
        .is_some_and(|pk| named(&pk.name) || (pk.name.is_none() && same(name, &generated_pk)))
    {
        table.primary_key = None;
        return true;
    }
    false
}

// --- the model as a catalog, for the questions of migrations and SQLite's table copy ------

/// True when the model has the table.
pub(crate) fn has_table(schema: &Schema, table: &str) -> bool {
    find_table(schema, table).is_some()
}

/// True when the model's table has the column.
pub(crate) fn has_column(schema: &Schema, table: &str, column: &str) -> bool {
    table_of(schema, table).is_some_and(|t| t.columns.iter().any(|c| same(&c.name, column)))
}

/// True when the model's table has an index (or, on MySQL, a unique key) of that name.
pub(crate) fn has_index(schema: &Schema, table: &str, name: &str) -> bool {
    table_of(schema, table).is_some_and(|t| {
        t.indexes.iter().any(|i| same(&i.name, name))
            || (schema.dialect == Dialect::Mysql
                && t.uniques
                    .iter()
                    .any(|u| u.name.as_deref().is_some_and(|n| same(n, name))))
    })
}

/// The kind of the named constraint (`PRIMARY KEY`, `FOREIGN KEY`, `UNIQUE`, `CHECK`), as the
/// catalogs name it.
pub(crate) fn constraint_type(schema: &Schema, table: &str, name: &str) -> Option<String> {
    let t = table_of(schema, table)?;
    let named = |n: &Option<String>| n.as_deref().is_some_and(|n| same(n, name));
    let kind = if t.primary_key.as_ref().is_some_and(|pk| {
        named(&pk.name) || (pk.name.is_none() && same(name, &format!("{}_pkey", t.name)))
    }) {
        "PRIMARY KEY"
    } else if t.foreign_keys.iter().any(|fk| named(&fk.name)) {
        "FOREIGN KEY"
    } else if t.uniques.iter().any(|u| named(&u.name)) {
        "UNIQUE"
    } else if t.checks.iter().any(|c| named(&c.name)) {
        "CHECK"
    } else {
        return None;
    };
    Some(kind.to_string())
}

fn table_of<'s>(schema: &'s Schema, table: &str) -> Option<&'s Table> {
    find_table(schema, table).and_then(|k| schema.tables.get(&k))
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn quote_all(names: &[String]) -> String {
    names
        .iter()
        .map(|n| quote(n))
        .collect::<Vec<_>>()
        .join(", ")
}

fn named(name: &Option<String>) -> String {
    name.as_ref()
        .map(|n| format!("CONSTRAINT {} ", quote(n)))
        .unwrap_or_default()
}

/// The model's table as SQLite's `CREATE TABLE` text (what `sqlite_master.sql` holds), for
/// the table copy.
pub(crate) fn sqlite_table_sql(schema: &Schema, table: &str) -> Option<String> {
    let t = table_of(schema, table)?;
    let mut items: Vec<String> = t
        .columns
        .iter()
        .map(|c| {
            let mut item = format!("{} {}", quote(&c.name), c.column_type);
            if !c.nullable {
                item.push_str(" NOT NULL");
            }
            if let Some(default) = &c.default {
                item.push_str(&format!(" DEFAULT {default}"));
            }
            item
        })
        .collect();
    if let Some(pk) = &t.primary_key {
        items.push(format!(
            "{}PRIMARY KEY ({})",
            named(&pk.name),
            quote_all(&pk.columns)
        ));
    }
    for u in &t.uniques {
        items.push(format!(
            "{}UNIQUE ({})",
            named(&u.name),
            quote_all(&u.columns)
        ));
    }
    for c in &t.checks {
        items.push(format!("{}CHECK ({})", named(&c.name), c.expression));
    }
    for fk in &t.foreign_keys {
        let mut item = format!(
            "{}FOREIGN KEY ({}) REFERENCES {} ({})",
            named(&fk.name),
            quote_all(&fk.columns),
            quote(&fk.referenced_table),
            quote_all(&fk.referenced_columns)
        );
        if fk.on_delete != Action::NoAction {
            item.push_str(&format!(" ON DELETE {}", fk.on_delete.sql()));
        }
        if fk.on_update != Action::NoAction {
            item.push_str(&format!(" ON UPDATE {}", fk.on_update.sql()));
        }
        items.push(item);
    }
    Some(format!(
        "CREATE TABLE {} ( {} )",
        quote(&t.name),
        items.join(", ")
    ))
}

/// The `CREATE INDEX` text of each of the model table's indexes (SQLite's form).
pub(crate) fn sqlite_index_sql(schema: &Schema, table: &str) -> Vec<String> {
    let Some(t) = table_of(schema, table) else {
        return Vec::new();
    };
    t.indexes
        .iter()
        .map(|i| {
            let parts: Vec<String> = i
                .parts
                .iter()
                .map(|p| {
                    let key = match &p.key {
                        IndexKey::Column(c) => quote(c),
                        IndexKey::Expression(e) => e.clone(),
                    };
                    if p.descending {
                        format!("{key} DESC")
                    } else {
                        key
                    }
                })
                .collect();
            let mut sql = format!(
                "CREATE {}INDEX {} ON {} ({})",
                if i.unique { "UNIQUE " } else { "" },
                quote(&i.name),
                quote(&t.name),
                parts.join(", ")
            );
            if let Some(predicate) = &i.predicate {
                sql.push_str(&format!(" WHERE {predicate}"));
            }
            sql
        })
        .collect()
}

impl crate::runner::Migrator {
    /// The schema the revisions from base to `heads` produce, computed in memory: each
    /// revision's upgrade runs on the replay sink, no database is read or written. `heads`
    /// are revision ids or prefixes (empty: base, the empty schema). The result is
    /// normalized, as introspection's is, so the two compare with [`migrate_schema::diff`].
    ///
    /// A statement the replay cannot interpret fails it, naming the revision and the
    /// statement.
    pub async fn replay(&self, heads: &[String]) -> crate::Result<Schema> {
        use migrate_graph::Target;
        let named: Vec<&str> = heads.iter().map(String::as_str).collect();
        let map = self.registry().map().view(&[], &named);
        let mut schema = Schema::new(self.dialect().into());
        let mut current: Vec<String> = Vec::new();
        for head in heads {
            let target = Target::Revision(map.resolve(head)?.revision.clone());
            let plan = map.plan_upgrade(&current, &target)?;
            for step in &plan.steps {
                let info = self
                    .registry()
                    .get(&step.revision)
                    .ok_or_else(|| crate::Error::UnknownCurrent(step.revision.clone()))?;
                let mut op = crate::ops::Operations::new(
                    self.dialect(),
                    crate::ops::Sink::Replay(&mut schema),
                );
                let ran = match (info.upgrade)(&mut op).await {
                    Ok(()) => op.finish().await,
                    Err(error) => Err(error),
                };
                ran.map_err(|error| {
                    crate::Error::Unsupported(format!(
                        "cannot replay revision {} ({}): {error}",
                        info.revision, info.message
                    ))
                })?;
            }
            current = plan.heads_after;
        }
        Ok(schema.normalized())
    }

    /// The schema at the head(s) of the whole graph, replayed in memory (what autogenerate
    /// compares the models with).
    pub async fn replay_heads(&self) -> crate::Result<Schema> {
        let heads: Vec<String> = self
            .registry()
            .map()
            .heads()
            .iter()
            .map(|r| r.revision.clone())
            .collect();
        self.replay(&heads).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replayed(d: Dialect, sql: &str) -> Schema {
        let mut schema = Schema::new(d);
        apply(&mut schema, sql).unwrap();
        schema.normalized()
    }

    #[test]
    fn enum_types_and_their_new_labels() {
        let s = replayed(
            Dialect::Postgres,
            "CREATE TYPE mood AS ENUM ('sad', 'happy'); ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy'",
        );
        assert_eq!(s.enums["mood"].labels, ["sad", "ok", "happy"]);
    }

    #[test]
    fn mysql_indexes_a_foreign_key() {
        let sql = "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (a_id int, CONSTRAINT fk_b_a FOREIGN KEY (a_id) REFERENCES a (id))";
        let mut raw = Schema::new(Dialect::Mysql);
        apply(&mut raw, sql).unwrap();
        // MySQL adds an index behind the key, as the replay does ...
        assert_eq!(raw.tables["b"].indexes, [Index::on("fk_b_a", &["a_id"])]);
        // ... and normalization leaves it out on both sides (introspection's too).
        let s = replayed(Dialect::Mysql, sql);
        assert!(
            s.tables["b"].indexes.is_empty(),
            "{:?}",
            s.tables["b"].indexes
        );
        assert_eq!(s.tables["b"].foreign_keys.len(), 1);
    }

    #[test]
    fn settings_validation_and_dropped_schemas() {
        let s = replayed(
            Dialect::Postgres,
            "SET lock_timeout = '5s'; CREATE SCHEMA old; CREATE TABLE old.t (id integer); CREATE TABLE a (id integer); \
             ALTER TABLE a ADD CONSTRAINT ck CHECK (id > 0) NOT VALID; ALTER TABLE a VALIDATE CONSTRAINT ck; DROP SCHEMA old",
        );
        assert!(s.schemas.is_empty());
        assert_eq!(
            s.tables.keys().collect::<Vec<_>>(),
            ["a"],
            "old.t went with its schema"
        );
        assert_eq!(s.tables["a"].checks.len(), 1);
        let s = replayed(
            Dialect::Mysql,
            "CREATE TABLE a (id int); ALTER TABLE a MODIFY COLUMN id bigint, ALGORITHM=INPLACE, LOCK=NONE",
        );
        assert_eq!(s.tables["a"].columns[0].column_type, "bigint");
    }

    #[test]
    fn data_statements_leave_the_schema_alone_and_the_unknown_is_refused() {
        let s = replayed(
            Dialect::Sqlite,
            "CREATE TABLE a (id integer); INSERT INTO a VALUES (1); UPDATE a SET id = 2; DELETE FROM a",
        );
        assert_eq!(s.tables.len(), 1);
        let mut schema = Schema::new(Dialect::Postgres);
        let why = apply(&mut schema, "CREATE VIEW v AS SELECT 1").unwrap_err();
        assert_eq!(
            why,
            "the replay does not interpret this kind of statement (CREATE VIEW)"
        );
    }
}

// --- replaying revisions ------------------------------------------------------------------
