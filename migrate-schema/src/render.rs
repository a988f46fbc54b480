//! The readable form of the model: one line per element, in SQL's words, as `cargo migrate
//! inspect` prints a schema and the drift report shows both sides of a difference.

use std::fmt::{self, Display, Formatter};

use crate::model::{
    Action, Check, Column, EnumType, ForeignKey, Index, IndexKey, IndexPart, PrimaryKey, Schema,
    Table, Unique,
};

fn list(items: &[String]) -> String {
    items.join(", ")
}

fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn constraint(f: &mut Formatter<'_>, name: &Option<String>) -> fmt::Result {
    match name {
        Some(name) => write!(f, "CONSTRAINT {name} "),
        None => Ok(()),
    }
}

impl Display for Column {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.name, self.column_type)?;
        if !self.nullable {
            write!(f, " NOT NULL")?;
        }
        if let Some(default) = &self.default {
            write!(f, " DEFAULT {default}")?;
        }
        if self.auto_increment {
            write!(f, " AUTO_INCREMENT")?;
        }
        if let Some(comment) = &self.comment {
            write!(f, " COMMENT {}", quoted(comment))?;
        }
        Ok(())
    }
}

impl Display for PrimaryKey {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        constraint(f, &self.name)?;
        write!(f, "PRIMARY KEY ({})", list(&self.columns))
    }
}

impl Display for ForeignKey {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        constraint(f, &self.name)?;
        let table =
            crate::model::qualified(self.referenced_schema.as_deref(), &self.referenced_table);
        write!(
            f,
            "FOREIGN KEY ({}) REFERENCES {table} ({})",
            list(&self.columns),
            list(&self.referenced_columns)
        )?;
        if self.on_delete != Action::NoAction {
            write!(f, " ON DELETE {}", self.on_delete.sql())?;
        }
        if self.on_update != Action::NoAction {
            write!(f, " ON UPDATE {}", self.on_update.sql())?;
        }
        Ok(())
    }
}

impl Display for Unique {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        constraint(f, &self.name)?;
        write!(f, "UNIQUE ({})", list(&self.columns))
    }
}

impl Display for Check {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        constraint(f, &self.name)?;
        write!(f, "CHECK ({})", self.expression)
    }
}

impl Display for IndexPart {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.key {
            IndexKey::Column(name) => write!(f, "{name}")?,
            IndexKey::Expression(sql) => write!(f, "({sql})")?,
        }
        if self.descending {
            write!(f, " DESC")?;
        }
        Ok(())
    }
}

impl Display for Index {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.parts.iter().map(ToString::to_string).collect();
        let unique = if self.unique { "UNIQUE " } else { "" };
        write!(f, "{unique}INDEX {} ({})", self.name, list(&parts))?;
        if let Some(predicate) = &self.predicate {
            write!(f, " WHERE {predicate}")?;
        }
        Ok(())
    }
}

impl Display for EnumType {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let labels: Vec<String> = self.labels.iter().map(|l| quoted(l)).collect();
        write!(
            f,
            "TYPE {} AS ENUM ({})",
            crate::model::qualified(self.schema.as_deref(), &self.name),
            list(&labels)
        )
    }
}

impl Display for Table {
    /// `table NAME` then one indented line per column, key, constraint and index.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        writeln!(f, "table {}", self.qualified_name())?;
        for column in &self.columns {
            writeln!(f, "  {column}")?;
        }
        if let Some(pk) = &self.primary_key {
            writeln!(f, "  {pk}")?;
        }
        for fk in &self.foreign_keys {
            writeln!(f, "  {fk}")?;
        }
        for unique in &self.uniques {
            writeln!(f, "  {unique}")?;
        }
        for check in &self.checks {
            writeln!(f, "  {check}")?;
        }
        for index in &self.indexes {
            writeln!(f, "  {index}")?;
        }
        if let Some(comment) = &self.comment {
            writeln!(f, "  COMMENT {}", quoted(comment))?;
        }
        Ok(())
    }
}

impl Display for Schema {
    /// Schemas, enum types, then each table, separated by blank lines.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let mut first = true;
        let mut gap = |f: &mut Formatter<'_>| {
            let r = if first { Ok(()) } else { writeln!(f) };
            first = false;
            r
        };
        if !self.schemas.is_empty() || !self.enums.is_empty() {
            gap(f)?;
            for schema in &self.schemas {
                writeln!(f, "schema {schema}")?;
            }
            for ty in self.enums.values() {
                writeln!(f, "{ty}")?;
            }
        }
        for table in self.tables.values() {
            gap(f)?;
            write!(f, "{table}")?;
        }
        Ok(())
    }
}
