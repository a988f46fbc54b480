//! Models declared in Rust: the schema an application wants.
//!
//! `#[derive(Model)]` on a struct declares a table, `#[derive(ModelEnum)]` on a fieldless enum
//! an enum type; both register with `inventory` like migrations. [`Models::registered`]
//! collects every model linked into the binary, checks them together (two models of one
//! table, a `references` to a table no model declares) and gives the [`Schema`] they declare
//! for a dialect, normalized like an introspected one, and the renames they declare.
//!
//! ```
//! use migrate_core::models::{Model, ModelEnum, Models};
//! use migrate_core::prelude::*;
//!
//! #[derive(ModelEnum)]
//! pub enum Status { Draft, Published }
//!
//! #[derive(Model)]
//! #[model(table = "article")]
//! pub struct Article {
//!     #[model(primary_key, auto_increment)]
//!     pub id: i64,
//!     #[model(max_length = 200, index)]
//!     pub title: String,
//!     #[model(default = "'draft'")]
//!     pub status: Status,
//!     pub body: Option<String>,
//! }
//!
//! let models = Models::registered().unwrap();
//! let schema = models.schema(migrate_schema::Dialect::Postgres);
//! let table = &schema.tables["article"];
//! assert_eq!(table.column("title").unwrap().column_type, "varchar(200)");
//! assert_eq!(table.column("status").unwrap().column_type, "status");
//! assert!(table.column("body").unwrap().nullable);
//! assert_eq!(schema.enums["status"].labels, ["draft", "published"]);
//! assert_eq!(Article::TABLE, "article");
//! ```
//!
//! # Column types
//!
//! | Rust | PostgreSQL | MySQL | SQLite |
//! |------|------------|-------|--------|
//! | `i16`, `i32`, `i64` | `smallint`, `integer`, `bigint` | same | `smallint`, `integer`, `integer` |
//! | `String` | `text` (`varchar(N)` with `max_length = N`) | same | same |
//! | `bool` | `boolean` | `boolean` (`tinyint(1)`) | `boolean` |
//! | `f32`, `f64` | `real`, `double precision` | `float`, `double` | `float`, `double` |
//! | `Vec<u8>` | `bytea` | `blob` | `blob` |
//! | a `ModelEnum` | its enum type | `enum('a','b')` | `text` with `CHECK (col IN (...))` |
//! | `Option<T>` | `T`, nullable | | |
//!
//! Behind features: `chrono` (`NaiveDate`, `NaiveTime`, `NaiveDateTime`, `DateTime<Tz>`),
//! `time` (`Date`, `Time`, `PrimitiveDateTime`, `OffsetDateTime`), `uuid` (`Uuid`),
//! `serde_json` (`Value`: `jsonb` on PostgreSQL, `json` on MySQL), `rust_decimal`
//! (`Decimal`). The type text is what sea-query writes for the matching `ColumnType`, so a
//! model and a migration built with the column helpers agree. Any other type takes
//! `#[model(column_type = "...")]`.
//!
//! # Cross-model checks
//!
//! A model cannot see the others at compile time (models may live in several crates and a
//! derive macro shares no state with the next), so the checks across models run in
//! [`Models::registered`], which names the model, its file and line, and the fix.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use migrate_schema::{
    Action, Check, Column, Dialect, EnumType, ForeignKey, Index, IndexPart, PrimaryKey, Schema,
    Table, Unique,
};
use sea_query::{ColumnDef, ColumnType, StringLen};

pub use migrate_macros::{Model, ModelEnum};

#[cfg(feature = "sea-orm")]
pub use crate::models_sea_orm::from_entity;

/// A table declared by `#[derive(Model)]`.
pub trait Model {
    /// The table's name.
    const TABLE: &'static str;
}

/// An enum type declared by `#[derive(ModelEnum)]`.
pub trait ModelEnum {
    /// The type's name (PostgreSQL's `CREATE TYPE <name> AS ENUM`).
    const NAME: &'static str;
    /// Its labels, in declaration order.
    const LABELS: &'static [&'static str];
    /// The label of this value, as stored in the database.
    fn label(&self) -> &'static str;
}

/// What a field's Rust type says about its column. Implemented for the supported types; any
/// other type takes `#[model(column_type = "...")]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no column type known to #[derive(Model)]",
    label = "unsupported field type",
    note = "give the SQL type yourself: #[model(column_type = \"...\")], e.g. column_type = \"numeric(10,2)\"",
    note = "or enable the migrate-core feature for its crate (chrono, time, uuid, serde_json, rust_decimal)"
)]
pub trait ModelType {
    /// The column type, given `#[model(max_length = N)]` when written.
    fn model_type(max_length: Option<u32>) -> TypeInfo;
}

/// The column a Rust type maps to.
#[derive(Debug, Clone)]
pub struct TypeInfo {
    /// sea-query's type, written per dialect by sea-query.
    pub column_type: ColumnType,
    /// True for `Option<T>`.
    pub nullable: bool,
    /// The enum type's name and labels, for a `ModelEnum`.
    pub enumeration: Option<(&'static str, &'static [&'static str])>,
}

impl TypeInfo {
    /// A NOT NULL column of `column_type`.
    pub fn of(column_type: ColumnType) -> TypeInfo {
        TypeInfo {
            column_type,
            nullable: false,
            enumeration: None,
        }
    }

    /// A column of the enum type `name` with `labels`.
    pub fn enumeration(name: &'static str, labels: &'static [&'static str]) -> TypeInfo {
        TypeInfo {
            column_type: ColumnType::custom(name),
            nullable: false,
            enumeration: Some((name, labels)),
        }
    }
}

macro_rules! model_types {
    ($($(#[$cfg:meta])* $ty:ty => $column:expr;)*) => {$(
        $(#[$cfg])*
        impl ModelType for $ty {
            fn model_type(_max_length: Option<u32>) -> TypeInfo {
                TypeInfo::of($column)
            }
        }
    )*};
}

model_types! {
    i16 => ColumnType::SmallInteger;
    i32 => ColumnType::Integer;
    i64 => ColumnType::BigInteger;
    bool => ColumnType::Boolean;
    f32 => ColumnType::Float;
    f64 => ColumnType::Double;
    Vec<u8> => ColumnType::Blob;
    #[cfg(feature = "chrono")]
    chrono::NaiveDate => ColumnType::Date;
    #[cfg(feature = "chrono")]
    chrono::NaiveTime => ColumnType::Time;
    #[cfg(feature = "chrono")]
    chrono::NaiveDateTime => ColumnType::DateTime;
    #[cfg(feature = "time")]
    time::Date => ColumnType::Date;
    #[cfg(feature = "time")]
    time::Time => ColumnType::Time;
    #[cfg(feature = "time")]
    time::PrimitiveDateTime => ColumnType::DateTime;
    #[cfg(feature = "time")]
    time::OffsetDateTime => ColumnType::TimestampWithTimeZone;
    #[cfg(feature = "uuid")]
    uuid::Uuid => ColumnType::Uuid;
    #[cfg(feature = "serde_json")]
    serde_json::Value => ColumnType::JsonBinary;
    #[cfg(feature = "rust_decimal")]
    rust_decimal::Decimal => ColumnType::Decimal(None);
}

#[cfg(feature = "chrono")]
impl<Tz: chrono::TimeZone> ModelType for chrono::DateTime<Tz> {
    fn model_type(_max_length: Option<u32>) -> TypeInfo {
        TypeInfo::of(ColumnType::TimestampWithTimeZone)
    }
}

impl ModelType for String {
    fn model_type(max_length: Option<u32>) -> TypeInfo {
        TypeInfo::of(match max_length {
            Some(n) => ColumnType::String(StringLen::N(n)),
            None => ColumnType::Text,
        })
    }
}

impl<T: ModelType> ModelType for Option<T> {
    fn model_type(max_length: Option<u32>) -> TypeInfo {
        TypeInfo {
            nullable: true,
            ..T::model_type(max_length)
        }
    }
}

/// What `#[derive(Model)]` registers for one table. Built by the macro; const-constructible.
#[derive(Debug)]
pub struct ModelInfo {
    /// The struct's name.
    pub name: &'static str,
    /// The table's name.
    pub table: &'static str,
    /// `renamed_from`: the table's previous name.
    pub renamed_from: Option<&'static str>,
    /// The table's comment.
    pub comment: Option<&'static str>,
    /// The columns, in field order.
    pub columns: &'static [ColumnInfo],
    /// Struct-level `index(...)`.
    pub indexes: &'static [IndexInfo],
    /// Struct-level `unique(...)`.
    pub uniques: &'static [UniqueInfo],
    /// Struct-level `check(...)`.
    pub checks: &'static [CheckInfo],
    /// The file that declares it.
    pub file: &'static str,
    /// The line of the derive.
    pub line: u32,
    /// The module that declares it.
    pub module: &'static str,
}

/// One field's column.
#[derive(Debug)]
pub struct ColumnInfo {
    /// The column's name.
    pub name: &'static str,
    /// The Rust type's mapping; `None` when `column_type` is given.
    pub describe: Option<fn(Option<u32>) -> TypeInfo>,
    /// `column_type`: the SQL type, as written.
    pub column_type: Option<&'static str>,
    /// True when the field's type is written `Option<…>` (read with `column_type`).
    pub written_option: bool,
    /// `max_length`.
    pub max_length: Option<u32>,
    /// `primary_key`.
    pub primary_key: bool,
    /// `auto_increment`.
    pub auto_increment: bool,
    /// `unique`.
    pub unique: bool,
    /// `index`.
    pub index: bool,
    /// `default`: an SQL expression.
    pub default: Option<&'static str>,
    /// `references`, as written (`"user.id"`).
    pub references: Option<&'static str>,
    /// The referenced table.
    pub referenced_table: &'static str,
    /// The referenced column.
    pub referenced_column: &'static str,
    /// `foreign_key_name`.
    pub foreign_key_name: Option<&'static str>,
    /// `on_delete` (`cascade`, `set_null`, …).
    pub on_delete: &'static str,
    /// `on_update`.
    pub on_update: &'static str,
    /// `renamed_from`: the column's previous name.
    pub renamed_from: Option<&'static str>,
    /// `comment`.
    pub comment: Option<&'static str>,
}

/// A struct-level `index(...)`.
#[derive(Debug)]
pub struct IndexInfo {
    /// `name`; default `ix_<table>_<columns>`.
    pub name: Option<&'static str>,
    /// `columns`.
    pub columns: &'static [&'static str],
    /// `unique`.
    pub unique: bool,
    /// `where`: a partial index's predicate.
    pub predicate: Option<&'static str>,
}

/// A struct-level `unique(...)`.
#[derive(Debug)]
pub struct UniqueInfo {
    /// `name`.
    pub name: Option<&'static str>,
    /// `columns`.
    pub columns: &'static [&'static str],
}

/// A struct-level `check(...)`.
#[derive(Debug)]
pub struct CheckInfo {
    /// `name`.
    pub name: Option<&'static str>,
    /// `expr`: the condition, in SQL.
    pub expr: &'static str,
}

inventory::collect!(ModelInfo);

/// A problem across models, found when they are collected.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ModelError {
    /// Two models declare one table.
    #[error(
        "models `{first}` ({first_at}) and `{second}` ({second_at}) both declare table `{table}`: rename one with #[model(table = \"...\")]"
    )]
    DuplicateTable {
        /// The table.
        table: String,
        /// The first model.
        first: String,
        /// Where it is declared.
        first_at: String,
        /// The second model.
        second: String,
        /// Where it is declared.
        second_at: String,
    },
    /// A `references` names a table or column no model declares.
    #[error(
        "model `{model}` ({at}): column `{column}` references \"{reference}\", but {missing}: declare it with #[derive(Model)], link the crate that does (`use that_crate as _;`), or fix the name"
    )]
    UnknownReference {
        /// The referencing model.
        model: String,
        /// Where it is declared.
        at: String,
        /// The referencing column.
        column: String,
        /// `table.column`, as written.
        reference: String,
        /// What is missing, in words.
        missing: String,
    },
}

/// A table's rename declared with `#[model(renamed_from = "...")]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRename {
    /// The previous name.
    pub from: String,
    /// The current name.
    pub to: String,
}

/// A column's rename declared with `#[model(renamed_from = "...")]` on a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnRename {
    /// The table (its current name).
    pub table: String,
    /// The previous name.
    pub from: String,
    /// The current name.
    pub to: String,
}

/// The renames the models declare, which the diff uses instead of a drop and an add.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Renames {
    /// Tables renamed.
    pub tables: Vec<TableRename>,
    /// Columns renamed.
    pub columns: Vec<ColumnRename>,
}

/// Every model linked into the binary, checked together.
#[derive(Debug)]
pub struct Models {
    models: Vec<&'static ModelInfo>,
}

impl ModelInfo {
    fn at(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

impl Models {
    /// The models registered by `#[derive(Model)]` in the crates linked into this binary
    /// (a crate nothing names is not linked: `use app as _;`), sorted by table, checked.
    pub fn registered() -> Result<Models, ModelError> {
        Models::new(inventory::iter::<ModelInfo>())
    }

    /// The models `infos`, sorted by table, checked (see [`ModelError`]).
    pub fn new(infos: impl IntoIterator<Item = &'static ModelInfo>) -> Result<Models, ModelError> {
        let mut models: Vec<&'static ModelInfo> = infos.into_iter().collect();
        models.sort_by_key(|m| (m.table, m.file, m.line));
        for pair in models.windows(2) {
            if pair[0].table == pair[1].table {
                return Err(ModelError::DuplicateTable {
                    table: pair[0].table.into(),
                    first: pair[0].name.into(),
                    first_at: pair[0].at(),
                    second: pair[1].name.into(),
                    second_at: pair[1].at(),
                });
            }
        }
        let by_table: BTreeMap<&str, &ModelInfo> = models.iter().map(|m| (m.table, *m)).collect();
        for model in &models {
            for column in model.columns {
                let Some(reference) = column.references else {
                    continue;
                };
                let missing = match by_table.get(column.referenced_table) {
                    None => Some(format!(
                        "no model declares table `{}` (models: {})",
                        column.referenced_table,
                        by_table.keys().copied().collect::<Vec<_>>().join(", ")
                    )),
                    Some(target)
                        if !target
                            .columns
                            .iter()
                            .any(|c| c.name == column.referenced_column) =>
                    {
                        Some(format!(
                            "model `{}` has no column `{}`",
                            target.name, column.referenced_column
                        ))
                    }
                    Some(_) => None,
                };
                if let Some(missing) = missing {
                    return Err(ModelError::UnknownReference {
                        model: model.name.into(),
                        at: model.at(),
                        column: column.name.into(),
                        reference: reference.into(),
                        missing,
                    });
                }
            }
        }
        Ok(Models { models })
    }

    /// The models, sorted by table.
    pub fn iter(&self) -> impl Iterator<Item = &'static ModelInfo> + '_ {
        self.models.iter().copied()
    }

    /// True when no model is registered.
    pub fn is_empty(&self) -> bool {
        self.models.is_empty()
    }

    /// The schema the models declare on `dialect`, normalized: what introspection reads from
    /// a database where [`Models::create_statements`] ran.
    pub fn schema(&self, dialect: impl Into<Dialect>) -> Schema {
        let dialect = dialect.into();
        let mut schema = Schema::new(dialect);
        for model in &self.models {
            let (table, enums) = table_of(model, dialect);
            for ty in enums {
                schema = schema.with_enum(ty);
            }
            schema = schema.with_table(table);
        }
        schema.normalized()
    }

    /// The renames the models declare (`renamed_from` on a struct or a field).
    pub fn renames(&self) -> Renames {
        let mut renames = Renames::default();
        for model in &self.models {
            if let Some(from) = model.renamed_from {
                renames.tables.push(TableRename {
                    from: from.into(),
                    to: model.table.into(),
                });
            }
            for column in model.columns {
                if let Some(from) = column.renamed_from {
                    renames.columns.push(ColumnRename {
                        table: model.table.into(),
                        from: from.into(),
                        to: column.name.into(),
                    });
                }
            }
        }
        renames
    }

    /// The SQL that creates the models' schema in an empty database of `dialect`: enum types,
    /// then tables in foreign-key order (with their keys and checks), then indexes and comments.
    /// Built with sea-query and written as [`Operations`](crate::Operations) writes it (so a
    /// SQLite foreign key keeps its name).
    pub fn create_statements(&self, dialect: impl Into<Dialect>) -> crate::Result<Vec<String>> {
        let dialect = dialect.into();
        let mut out = Vec::new();
        if dialect == Dialect::Postgres {
            let mut seen = Vec::new();
            for model in &self.models {
                for column in model.columns {
                    if let Some((name, labels)) = column_type_info(column).enumeration
                        && !seen.contains(&name)
                    {
                        seen.push(name);
                        out.push(
                            sea_query::extension::postgres::Type::create()
                                .as_enum(name)
                                .values(labels.iter().copied())
                                .to_string(sea_query::PostgresQueryBuilder),
                        );
                    }
                }
            }
        }
        let mut tail = Vec::new();
        for model in self.in_foreign_key_order() {
            let (table, _) = table_of(model, dialect);
            out.push(create_table(model, &table, dialect)?);
            for index in &table.indexes {
                tail.push(create_index(&table.name, index, dialect)?);
            }
            if dialect == Dialect::Postgres {
                tail.extend(pg_comments(&table));
            }
        }
        out.extend(tail);
        Ok(out)
    }

    /// The models, each after the tables it references (cycles keep declaration order).
    fn in_foreign_key_order(&self) -> Vec<&'static ModelInfo> {
        let mut done: Vec<&'static ModelInfo> = Vec::new();
        let mut pending: Vec<&'static ModelInfo> = self.models.clone();
        while !pending.is_empty() {
            let ready = pending.iter().position(|m| {
                m.columns.iter().all(|c| {
                    c.references.is_none()
                        || c.referenced_table == m.table
                        || done.iter().any(|d| d.table == c.referenced_table)
                })
            });
            done.push(pending.remove(ready.unwrap_or(0)));
        }
        done
    }
}

/// The column's type, from its Rust type or its `column_type`.
fn column_type_info(column: &ColumnInfo) -> TypeInfo {
    match (column.describe, column.column_type) {
        (Some(describe), _) => describe(column.max_length),
        (None, sql) => TypeInfo {
            column_type: ColumnType::custom(sql.unwrap_or("text")),
            nullable: column.written_option,
            enumeration: None,
        },
    }
}

/// What sea-query writes for `ty` on `dialect`.
pub(crate) fn type_sql(ty: &ColumnType, dialect: Dialect) -> String {
    use sea_query::TableBuilder;
    let mut sql = String::new();
    match dialect {
        Dialect::Postgres => sea_query::PostgresQueryBuilder.prepare_column_type(ty, &mut sql),
        Dialect::Mysql => sea_query::MysqlQueryBuilder.prepare_column_type(ty, &mut sql),
        Dialect::Sqlite => sea_query::SqliteQueryBuilder.prepare_column_type(ty, &mut sql),
    }
    sql
}

/// `"name"` with double quotes (backquotes on MySQL).
fn quote_name(dialect: Dialect, name: &str) -> String {
    match dialect {
        Dialect::Mysql => format!("`{}`", name.replace('`', "``")),
        _ => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

/// The sea-query type of `column` on `dialect` (an enum is a native type, an `ENUM(...)`, or
/// text with a check), and the check it needs.
fn dialect_type(
    column: &ColumnInfo,
    info: &TypeInfo,
    dialect: Dialect,
) -> (ColumnType, Option<String>) {
    let Some((name, labels)) = info.enumeration else {
        return (info.column_type.clone(), None);
    };
    match dialect {
        Dialect::Postgres => (ColumnType::custom(name), None),
        Dialect::Mysql => (
            ColumnType::Enum {
                name: sea_query::Alias::new(name).into_iden(),
                variants: labels
                    .iter()
                    .map(|l| sea_query::Alias::new(*l).into_iden())
                    .collect(),
            },
            None,
        ),
        Dialect::Sqlite => {
            let mut check = format!("{} IN (", quote_name(dialect, column.name));
            for (i, label) in labels.iter().enumerate() {
                let sep = if i == 0 { "" } else { ", " };
                let _ = write!(check, "{sep}'{}'", label.replace('\'', "''"));
            }
            check.push(')');
            (ColumnType::Text, Some(check))
        }
    }
}

use sea_query::IntoIden as _;

/// The table `model` declares on `dialect` (not yet normalized), and its enum types.
fn table_of(model: &ModelInfo, dialect: Dialect) -> (Table, Vec<EnumType>) {
    let mut table = Table::new(model.table);
    let mut enums = Vec::new();
    table.comment = model.comment.map(str::to_string);
    let mut primary = Vec::new();
    for column in model.columns {
        let info = column_type_info(column);
        let (ty, check) = dialect_type(column, &info, dialect);
        if let (Dialect::Postgres, Some((name, labels))) = (dialect, info.enumeration) {
            enums.push(EnumType {
                schema: None,
                name: name.into(),
                labels: labels.iter().map(|l| l.to_string()).collect(),
            });
        }
        let mut out = Column::new(column.name, type_sql(&ty, dialect));
        out.nullable = info.nullable && !column.primary_key;
        out.default = column.default.map(str::to_string);
        out.auto_increment = column.auto_increment;
        out.comment = column.comment.map(str::to_string);
        table.columns.push(out);
        if let Some(check) = check {
            table.checks.push(Check {
                name: None,
                expression: check,
            });
        }
        if column.primary_key {
            primary.push(column.name.to_string());
        }
        if column.unique {
            table.uniques.push(Unique {
                name: None,
                columns: vec![column.name.into()],
            });
        }
        if column.index {
            table.indexes.push(Index::on(
                format!("ix_{}_{}", model.table, column.name),
                &[column.name],
            ));
        }
        if column.references.is_some() {
            table.foreign_keys.push(ForeignKey {
                name: column.foreign_key_name.map(str::to_string),
                columns: vec![column.name.into()],
                referenced_schema: None,
                referenced_table: column.referenced_table.into(),
                referenced_columns: vec![column.referenced_column.into()],
                on_delete: Action::from_sql(column.on_delete).unwrap_or_default(),
                on_update: Action::from_sql(column.on_update).unwrap_or_default(),
            });
        }
    }
    if !primary.is_empty() {
        table.primary_key = Some(PrimaryKey {
            name: None,
            columns: primary,
        });
    }
    for unique in model.uniques {
        table.uniques.push(Unique {
            name: unique.name.map(str::to_string),
            columns: unique.columns.iter().map(|c| c.to_string()).collect(),
        });
    }
    for check in model.checks {
        table.checks.push(Check {
            name: check.name.map(str::to_string),
            expression: check.expr.into(),
        });
    }
    for index in model.indexes {
        table.indexes.push(Index {
            name: index
                .name
                .map(str::to_string)
                .unwrap_or_else(|| format!("ix_{}_{}", model.table, index.columns.join("_"))),
            parts: index
                .columns
                .iter()
                .map(|c| IndexPart::column(*c))
                .collect(),
            unique: index.unique,
            // MySQL has no partial index: the index covers every row there.
            predicate: index
                .predicate
                .filter(|_| dialect != Dialect::Mysql)
                .map(str::to_string),
        });
    }
    if dialect == Dialect::Sqlite {
        // SQLite keeps no comments.
        table.comment = None;
        for column in &mut table.columns {
            column.comment = None;
        }
    }
    if dialect == Dialect::Mysql {
        mysql_foreign_key_indexes(&mut table);
    }
    (table, enums)
}

/// MySQL creates an index for each foreign key that no index starts with, named after the
/// constraint (or its first column).
pub(crate) fn mysql_foreign_key_indexes(table: &mut Table) {
    let covered = |table: &Table, columns: &[String]| {
        let starts =
            |key: &[String]| key.len() >= columns.len() && key[..columns.len()] == *columns;
        table
            .primary_key
            .as_ref()
            .is_some_and(|pk| starts(&pk.columns))
            || table.uniques.iter().any(|u| starts(&u.columns))
            || table.indexes.iter().any(|i| {
                let key: Vec<String> = i
                    .parts
                    .iter()
                    .map(|p| match &p.key {
                        migrate_schema::IndexKey::Column(c) => c.clone(),
                        migrate_schema::IndexKey::Expression(e) => e.clone(),
                    })
                    .collect();
                i.predicate.is_none() && starts(&key)
            })
    };
    let foreign_keys = table.foreign_keys.clone();
    for fk in foreign_keys {
        if !covered(table, &fk.columns) {
            let name = fk.name.clone().unwrap_or_else(|| fk.columns[0].clone());
            let columns: Vec<&str> = fk.columns.iter().map(String::as_str).collect();
            table.indexes.push(Index::on(name, &columns));
        }
    }
}

/// `CREATE TABLE` for `table` (built from `model` for the sea-query types).
fn create_table(model: &ModelInfo, table: &Table, dialect: Dialect) -> crate::Result<String> {
    let mut create = sea_query::Table::create();
    create.table(model.table);
    let single_pk = model.columns.iter().filter(|c| c.primary_key).count() == 1;
    for (column, declared) in model.columns.iter().zip(&table.columns) {
        let info = column_type_info(column);
        let (ty, _) = dialect_type(column, &info, dialect);
        let mut def = ColumnDef::new_with_type(column.name, ty);
        if declared.nullable {
            def.null();
        } else {
            def.not_null();
        }
        if column.auto_increment {
            def.auto_increment();
        }
        if column.primary_key && single_pk {
            def.primary_key();
        }
        if let Some(default) = column.default {
            def.default(sea_query::Expr::cust(default));
        }
        if dialect == Dialect::Mysql
            && let Some(comment) = column.comment
        {
            def.comment(comment);
        }
        create.col(def);
    }
    if !single_pk && let Some(pk) = &table.primary_key {
        let mut index = sea_query::Index::create();
        for column in &pk.columns {
            index.col(column.clone());
        }
        create.primary_key(&mut index);
    }
    for fk in &table.foreign_keys {
        let mut key = sea_query::ForeignKey::create();
        if let Some(name) = &fk.name {
            key.name(name.clone());
        }
        key.from_tbl(model.table)
            .to_tbl(fk.referenced_table.clone())
            .on_delete(action(fk.on_delete))
            .on_update(action(fk.on_update));
        for (from, to) in fk.columns.iter().zip(&fk.referenced_columns) {
            key.from_col(from.clone()).to_col(to.clone());
        }
        create.foreign_key(&mut key);
    }
    for check in &table.checks {
        let expr = sea_query::Expr::cust(check.expression.clone());
        match &check.name {
            Some(name) => create.check(sea_query::Check::named(name.clone(), expr)),
            None => create.check(expr),
        };
    }
    if dialect == Dialect::Mysql {
        if let Some(comment) = model.comment {
            create.comment(comment);
        }
        for unique in &table.uniques {
            let mut index = sea_query::Index::create();
            index.unique();
            if let Some(name) = &unique.name {
                index.name(name.clone());
            }
            for column in &unique.columns {
                index.col(column.clone());
            }
            create.index(&mut index);
        }
        return backend(dialect).create_table_sql(&create);
    }
    let mut sql = backend(dialect).create_table_sql(&create)?;
    // Unique constraints, as table constraints: sea-query writes a table's `index` on MySQL
    // only.
    let mut extra = String::new();
    for unique in &table.uniques {
        let columns: Vec<String> = unique
            .columns
            .iter()
            .map(|c| quote_name(dialect, c))
            .collect();
        if let Some(name) = &unique.name {
            let _ = write!(extra, ", CONSTRAINT {} ", quote_name(dialect, name));
        } else {
            extra.push_str(", ");
        }
        let _ = write!(extra, "UNIQUE ({})", columns.join(", "));
    }
    if !extra.is_empty()
        && let Some(close) = sql.rfind(')')
    {
        sql.insert_str(close, &extra);
    }
    Ok(sql)
}

fn action(action: Action) -> sea_query::ForeignKeyAction {
    use sea_query::ForeignKeyAction as A;
    match action {
        Action::NoAction => A::NoAction,
        Action::Restrict => A::Restrict,
        Action::Cascade => A::Cascade,
        Action::SetNull => A::SetNull,
        Action::SetDefault => A::SetDefault,
    }
}

/// `CREATE INDEX` for `index` on `table`.
fn create_index(table: &str, index: &Index, dialect: Dialect) -> crate::Result<String> {
    let mut create = sea_query::Index::create();
    create.name(index.name.as_str()).table(table.to_string());
    if index.unique {
        create.unique();
    }
    for part in &index.parts {
        if let migrate_schema::IndexKey::Column(c) = &part.key {
            create.col(c.clone());
        }
    }
    let mut sql = backend(dialect).schema_sql(&create)?;
    if let Some(predicate) = &index.predicate {
        let _ = write!(sql, " WHERE {predicate}");
    }
    Ok(sql)
}

/// The runner's dialect for `dialect`.
pub(crate) fn backend(dialect: Dialect) -> crate::Dialect {
    match dialect {
        Dialect::Postgres => crate::Dialect::Postgres,
        Dialect::Mysql => crate::Dialect::Mysql,
        Dialect::Sqlite => crate::Dialect::Sqlite,
    }
}

/// PostgreSQL's `COMMENT ON` statements for `table`.
fn pg_comments(table: &Table) -> Vec<String> {
    let quoted = |text: &str| format!("'{}'", text.replace('\'', "''"));
    let name = quote_name(Dialect::Postgres, &table.name);
    let mut out = Vec::new();
    if let Some(comment) = &table.comment {
        out.push(format!("COMMENT ON TABLE {name} IS {}", quoted(comment)));
    }
    for column in &table.columns {
        if let Some(comment) = &column.comment {
            out.push(format!(
                "COMMENT ON COLUMN {name}.{} IS {}",
                quote_name(Dialect::Postgres, &column.name),
                quoted(comment)
            ));
        }
    }
    out
}
