//! The schema model: what a database holds, as plain values.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// A database family. The model's normalization rules differ per family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// PostgreSQL.
    Postgres,
    /// MySQL or MariaDB.
    Mysql,
    /// SQLite 3.
    Sqlite,
}

impl Dialect {
    /// The dialect's name, as in `--dialect` and in the JSON form.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Postgres => "postgres",
            Dialect::Mysql => "mysql",
            Dialect::Sqlite => "sqlite",
        }
    }
}

/// A whole schema: the tables, the enum types and the namespaces of one database.
///
/// Tables and enum types are keyed by their qualified name (`name`, or `schema.name` outside
/// the default schema), so iteration and the JSON form are ordered by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schema {
    /// The database family whose rules normalize this schema.
    pub dialect: Dialect,
    /// Namespaces besides the default one (PostgreSQL's `CREATE SCHEMA`).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub schemas: BTreeSet<String>,
    /// PostgreSQL enum types, by qualified name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub enums: BTreeMap<String, EnumType>,
    /// The tables, by qualified name.
    #[serde(default)]
    pub tables: BTreeMap<String, Table>,
}

impl Schema {
    /// An empty schema of `dialect`.
    pub fn new(dialect: Dialect) -> Schema {
        Schema {
            dialect,
            schemas: BTreeSet::new(),
            enums: BTreeMap::new(),
            tables: BTreeMap::new(),
        }
    }

    /// Adds (or replaces) `table`, keyed by its qualified name.
    pub fn with_table(mut self, table: Table) -> Schema {
        self.tables.insert(table.qualified_name(), table);
        self
    }

    /// Renames column `old` of table `table` (its qualified name) to `new`, as the database
    /// does: in the table's keys, constraints and indexes, in the checks, index expressions and
    /// predicates that name it (rewritten), and in the foreign keys that reference it. Names
    /// compare case-insensitively. False when there is no such column.
    pub fn rename_column(&mut self, table: &str, old: &str, new: &str) -> bool {
        let same = |a: &str| a.eq_ignore_ascii_case(old);
        let swap = |names: &mut Vec<String>| {
            for n in names.iter_mut().filter(|n| same(n)) {
                *n = new.to_string();
            }
        };
        let d = self.dialect;
        let Some(t) = self.tables.get_mut(table) else {
            return false;
        };
        let Some(column) = t.columns.iter_mut().find(|c| same(&c.name)) else {
            return false;
        };
        column.name = new.to_string();
        if let Some(pk) = &mut t.primary_key {
            swap(&mut pk.columns);
        }
        for fk in &mut t.foreign_keys {
            swap(&mut fk.columns);
        }
        for u in &mut t.uniques {
            swap(&mut u.columns);
        }
        for c in &mut t.checks {
            c.expression = crate::expr::rename_column_in(d, &c.expression, old, new);
        }
        for i in &mut t.indexes {
            for p in &mut i.parts {
                match &mut p.key {
                    IndexKey::Column(c) if same(c) => *c = new.to_string(),
                    IndexKey::Expression(e) => *e = crate::expr::rename_column_in(d, e, old, new),
                    IndexKey::Column(_) => {}
                }
            }
            if let Some(predicate) = &mut i.predicate {
                *predicate = crate::expr::rename_column_in(d, predicate, old, new);
            }
        }
        let (name, schema) = (t.name.clone(), t.schema.clone());
        for other in self.tables.values_mut() {
            for fk in &mut other.foreign_keys {
                if fk.referenced_table.eq_ignore_ascii_case(&name) && fk.referenced_schema == schema
                {
                    swap(&mut fk.referenced_columns);
                }
            }
        }
        true
    }

    /// Adds (or replaces) the enum type `ty`, keyed by its qualified name.
    pub fn with_enum(mut self, ty: EnumType) -> Schema {
        self.enums
            .insert(qualified(ty.schema.as_deref(), &ty.name), ty);
        self
    }
}

/// `name`, or `schema.name` when a schema is given.
pub fn qualified(schema: Option<&str>, name: &str) -> String {
    match schema {
        Some(schema) => format!("{schema}.{name}"),
        None => name.to_string(),
    }
}

/// A PostgreSQL enum type (`CREATE TYPE name AS ENUM (...)`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EnumType {
    /// Its namespace, when not the default one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Its name.
    pub name: String,
    /// Its labels, in their declared (sort) order.
    pub labels: Vec<String>,
}

/// A table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Table {
    /// Its namespace, when not the default one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Its name.
    pub name: String,
    /// Its columns, in table order. The diff matches them by name and ignores their order.
    #[serde(default)]
    pub columns: Vec<Column>,
    /// Its primary key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<PrimaryKey>,
    /// Its foreign keys.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey>,
    /// Its unique constraints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uniques: Vec<Unique>,
    /// Its check constraints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    /// Its indexes (those not backing a primary key or unique constraint).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
    /// Its comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl Table {
    /// An empty table named `name`.
    pub fn new(name: impl Into<String>) -> Table {
        Table {
            name: name.into(),
            ..Table::default()
        }
    }

    /// `name`, or `schema.name` outside the default schema.
    pub fn qualified_name(&self) -> String {
        qualified(self.schema.as_deref(), &self.name)
    }

    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Adds a column.
    pub fn with_column(mut self, column: Column) -> Table {
        self.columns.push(column);
        self
    }

    /// Sets the primary key.
    pub fn with_primary_key(mut self, primary_key: PrimaryKey) -> Table {
        self.primary_key = Some(primary_key);
        self
    }

    /// Adds a foreign key.
    pub fn with_foreign_key(mut self, foreign_key: ForeignKey) -> Table {
        self.foreign_keys.push(foreign_key);
        self
    }

    /// Adds a unique constraint.
    pub fn with_unique(mut self, unique: Unique) -> Table {
        self.uniques.push(unique);
        self
    }

    /// Adds a check constraint.
    pub fn with_check(mut self, check: Check) -> Table {
        self.checks.push(check);
        self
    }

    /// Adds an index.
    pub fn with_index(mut self, index: Index) -> Table {
        self.indexes.push(index);
        self
    }
}

/// A column.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Column {
    /// Its name.
    pub name: String,
    /// Its type, normalized for the schema's dialect (e.g. `integer`, `varchar(255)`,
    /// `boolean`, `numeric(10,2)`, `timestamptz`, or an enum type's name).
    #[serde(rename = "type")]
    pub column_type: String,
    /// True when it accepts NULL.
    pub nullable: bool,
    /// Its server default, a normalized SQL expression (`0`, `'draft'`, `CURRENT_TIMESTAMP`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// True when the database assigns its values (serial, identity, AUTO_INCREMENT, SQLite's
    /// rowid alias).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub auto_increment: bool,
    /// Its comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl Column {
    /// A NOT NULL column of `column_type` (raw text; normalization reads it).
    pub fn new(name: impl Into<String>, column_type: impl Into<String>) -> Column {
        Column {
            name: name.into(),
            column_type: column_type.into(),
            ..Column::default()
        }
    }

    /// Makes it nullable.
    pub fn null(mut self) -> Column {
        self.nullable = true;
        self
    }

    /// Sets its default (raw SQL text; normalization reads it).
    pub fn default_sql(mut self, default: impl Into<String>) -> Column {
        self.default = Some(default.into());
        self
    }

    /// Makes it auto-incrementing.
    pub fn auto_increment(mut self) -> Column {
        self.auto_increment = true;
        self
    }

    /// Sets its comment.
    pub fn comment(mut self, comment: impl Into<String>) -> Column {
        self.comment = Some(comment.into());
        self
    }
}

/// A primary key.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PrimaryKey {
    /// Its name; `None` when unnamed or named by the database (`<table>_pkey`, `PRIMARY`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its columns, in key order.
    pub columns: Vec<String>,
}

/// What a foreign key does when the referenced row is deleted or updated.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// `NO ACTION` (every database's default).
    #[default]
    NoAction,
    /// `RESTRICT`.
    Restrict,
    /// `CASCADE`.
    Cascade,
    /// `SET NULL`.
    SetNull,
    /// `SET DEFAULT`.
    SetDefault,
}

impl Action {
    /// The SQL words (`NO ACTION`, `CASCADE`, …).
    pub fn sql(self) -> &'static str {
        match self {
            Action::NoAction => "NO ACTION",
            Action::Restrict => "RESTRICT",
            Action::Cascade => "CASCADE",
            Action::SetNull => "SET NULL",
            Action::SetDefault => "SET DEFAULT",
        }
    }

    /// Reads the SQL words, in any case (`no action`, `SET NULL`); `None` for anything else.
    pub fn from_sql(text: &str) -> Option<Action> {
        let words: Vec<String> = text
            .split(|c: char| c.is_whitespace() || c == '_')
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_uppercase)
            .collect();
        Some(match words.join(" ").as_str() {
            "NO ACTION" | "" => Action::NoAction,
            "RESTRICT" => Action::Restrict,
            "CASCADE" => Action::Cascade,
            "SET NULL" => Action::SetNull,
            "SET DEFAULT" => Action::SetDefault,
            _ => return None,
        })
    }

    fn is_default(&self) -> bool {
        *self == Action::NoAction
    }
}

/// A foreign key.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ForeignKey {
    /// Its name; `None` when unnamed or named by the database (`<table>_<col>_fkey`,
    /// `<table>_ibfk_N`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The referencing columns.
    pub columns: Vec<String>,
    /// The referenced table's namespace, when not the default one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referenced_schema: Option<String>,
    /// The referenced table.
    pub referenced_table: String,
    /// The referenced columns.
    pub referenced_columns: Vec<String>,
    /// `ON DELETE`.
    #[serde(default, skip_serializing_if = "Action::is_default")]
    pub on_delete: Action,
    /// `ON UPDATE`.
    #[serde(default, skip_serializing_if = "Action::is_default")]
    pub on_update: Action,
}

/// A unique constraint.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Unique {
    /// Its name; `None` when unnamed or named by the database.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its columns, in index order.
    pub columns: Vec<String>,
}

/// A check constraint.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Check {
    /// Its name; `None` when unnamed or named by the database.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its condition, a normalized SQL expression.
    pub expression: String,
}

/// An index.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Index {
    /// Its name.
    pub name: String,
    /// Its key parts, in order.
    pub parts: Vec<IndexPart>,
    /// True for a unique index.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unique: bool,
    /// The `WHERE` predicate of a partial index, a normalized SQL expression.
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub predicate: Option<String>,
}

impl Index {
    /// An index named `name` on `columns` (ascending).
    pub fn on(name: impl Into<String>, columns: &[&str]) -> Index {
        Index {
            name: name.into(),
            parts: columns.iter().map(|c| IndexPart::column(*c)).collect(),
            unique: false,
            predicate: None,
        }
    }
}

/// One key part of an index: a column or an expression, ascending or descending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexPart {
    /// What is indexed.
    #[serde(flatten)]
    pub key: IndexKey,
    /// True for `DESC`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub descending: bool,
}

impl IndexPart {
    /// An ascending column part.
    pub fn column(name: impl Into<String>) -> IndexPart {
        IndexPart {
            key: IndexKey::Column(name.into()),
            descending: false,
        }
    }

    /// An ascending expression part (raw SQL text; normalization reads it).
    pub fn expression(sql: impl Into<String>) -> IndexPart {
        IndexPart {
            key: IndexKey::Expression(sql.into()),
            descending: false,
        }
    }
}

/// What an index part indexes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexKey {
    /// A column, by name.
    Column(String),
    /// An expression (normalized SQL).
    Expression(String),
}
