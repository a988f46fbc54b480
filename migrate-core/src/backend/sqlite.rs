//! SQLite's missing ALTERs, done by copying the table, as SQLite's documentation prescribes:
//! create the new table, copy the rows, drop the old one, rename the new one, recreate its
//! indexes and triggers, check its foreign keys. It runs inside the migration's transaction,
//! with foreign keys unenforced (see `Migrator::connect`), so nothing cascades.
//!
//! The new table's definition is the old `CREATE TABLE` text with one item changed: every item
//! we add is rendered by sea-query, and every item we keep is kept byte for byte.

use sea_query::TableCreateStatement;

use super::Dialect;
use crate::error::{Error, Result};

impl Dialect {
    /// True when sea-query writes a table's foreign keys without their names (SQLite), so
    /// that [`Dialect::create_table_sql`] puts them back.
    fn loses_foreign_key_names(self) -> bool {
        matches!(self, Dialect::Sqlite)
    }

    /// `CREATE TABLE` for this dialect, every named foreign key written with its name.
    pub(crate) fn create_table_sql(self, statement: &TableCreateStatement) -> Result<String> {
        let sql = self.schema_sql(statement)?;
        if !self.loses_foreign_key_names() {
            return Ok(sql);
        }
        let names: Vec<Option<&str>> = statement
            .get_foreign_key_create_stmts()
            .iter()
            .map(|fk| fk.get_foreign_key().get_name())
            .collect();
        name_foreign_keys(&sql, &names)
    }
}

/// One change to a table's definition.
#[derive(Debug, Clone)]
pub(crate) enum Change {
    /// Replace the definition of column `name` by `definition` (already rendered).
    AlterColumn { name: String, definition: String },
    /// Remove column `name`, and the indexes that use it.
    DropColumn { name: String },
    /// Append a table constraint (already rendered).
    AddConstraint { definition: String },
    /// Remove the table constraint named `name`.
    DropConstraint { name: String },
}

/// A `CREATE TABLE` statement cut into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableSql {
    /// Everything up to and including the opening parenthesis.
    pub head: String,
    /// The column definitions and table constraints, trimmed.
    pub items: Vec<String>,
    /// Everything after the closing parenthesis (e.g. `STRICT`, `WITHOUT ROWID`).
    pub tail: String,
}

/// Splits `sql` at top-level commas inside its outermost parentheses, respecting quotes,
/// strings and nested parentheses.
pub(crate) fn parse_create_table(sql: &str) -> Result<TableSql> {
    let bad = || Error::Unsupported(format!("cannot read this table definition: {sql}"));
    let bytes: Vec<char> = sql.chars().collect();
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut open = None;
    let mut items = Vec::new();
    let mut current = String::new();
    let mut close = None;
    for (i, &c) in bytes.iter().enumerate() {
        if let Some(q) = quote {
            if depth >= 1 {
                current.push(c);
            }
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' | '`' => {
                quote = Some(c);
                if depth >= 1 {
                    current.push(c);
                }
            }
            '[' => {
                quote = Some(']');
                if depth >= 1 {
                    current.push(c);
                }
            }
            '(' => {
                depth += 1;
                if depth == 1 {
                    open = Some(i);
                } else {
                    current.push(c);
                }
            }
            ')' => {
                if depth == 0 {
                    return Err(bad());
                }
                depth -= 1;
                if depth == 0 {
                    items.push(current.trim().to_string());
                    current.clear();
                    close = Some(i);
                    break;
                }
                current.push(c);
            }
            ',' if depth == 1 => {
                items.push(current.trim().to_string());
                current.clear();
            }
            _ if depth >= 1 => current.push(c),
            _ => {}
        }
    }
    let (Some(open), Some(close)) = (open, close) else {
        return Err(bad());
    };
    Ok(TableSql {
        head: bytes[..=open].iter().collect(),
        items,
        tail: bytes[close + 1..].iter().collect(),
    })
}

/// The first identifier of an item, unquoted and lowercased for comparison.
fn leading_name(item: &str) -> String {
    let item = item.trim_start();
    let mut chars = item.chars();
    match chars.next() {
        Some(q @ ('"' | '`' | '[')) => {
            let end = if q == '[' { ']' } else { q };
            chars.take_while(|&c| c != end).collect::<String>()
        }
        _ => item
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect(),
    }
    .to_lowercase()
}

/// True when the item is a table constraint rather than a column definition.
fn is_constraint(item: &str) -> bool {
    let first = item
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    matches!(
        first.as_str(),
        "CONSTRAINT" | "PRIMARY" | "UNIQUE" | "CHECK" | "FOREIGN"
    ) && !item.trim_start().starts_with(['"', '`', '['])
}

/// The name of a `CONSTRAINT name …` item.
fn constraint_name(item: &str) -> Option<String> {
    let rest = item.trim_start();
    let keyword = rest.get(..10)?;
    if !keyword.eq_ignore_ascii_case("constraint") {
        return None;
    }
    Some(leading_name(&rest[10..]))
}

/// True when a table constraint's column list (or CHECK expression) names `column`.
fn constraint_uses(item: &str, column: &str) -> bool {
    let Some(start) = item.find('(') else {
        return false;
    };
    let Ok(inner) = parse_create_table(&format!("x {}", &item[start..])) else {
        return false;
    };
    let upper = item.to_ascii_uppercase();
    let check = upper.trim_start().starts_with("CHECK") || upper.contains(" CHECK ");
    if check {
        let lower = item.to_lowercase();
        return lower.contains(&format!("\"{column}\""))
            || lower
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|word| word == column);
    }
    inner.items.iter().any(|i| leading_name(i) == column)
}

impl TableSql {
    /// The column names, in order.
    pub(crate) fn column_names(&self) -> Vec<String> {
        self.items
            .iter()
            .filter(|item| !is_constraint(item))
            .map(|item| leading_name(item))
            .collect()
    }

    /// The definition of column `name`, as written.
    pub(crate) fn column_item(&self, name: &str) -> Option<&str> {
        let wanted = name.to_lowercase();
        self.items
            .iter()
            .find(|item| !is_constraint(item) && leading_name(item) == wanted)
            .map(String::as_str)
    }

    /// Applies `change`, failing when what it names is not there.
    pub(crate) fn apply(&mut self, table: &str, change: &Change) -> Result<()> {
        let missing = |what: &str| {
            Error::Unsupported(format!(
                "table {table:?} has no {what}; check the name (has_column / has_constraint tell)"
            ))
        };
        match change {
            Change::AlterColumn { name, definition } => {
                let wanted = name.to_lowercase();
                let item = self
                    .items
                    .iter_mut()
                    .find(|item| !is_constraint(item) && leading_name(item) == wanted)
                    .ok_or_else(|| missing(&format!("column {name:?}")))?;
                *item = definition.clone();
            }
            Change::DropColumn { name } => {
                let wanted = name.to_lowercase();
                let before = self.items.len();
                self.items
                    .retain(|item| is_constraint(item) || leading_name(item) != wanted);
                if self.items.len() == before {
                    return Err(missing(&format!("column {name:?}")));
                }
                // Constraints over the dropped column go with it.
                self.items
                    .retain(|item| !is_constraint(item) || !constraint_uses(item, &wanted));
            }
            Change::AddConstraint { definition } => self.items.push(definition.clone()),
            Change::DropConstraint { name } => {
                let wanted = name.to_lowercase();
                let before = self.items.len();
                self.items
                    .retain(|item| constraint_name(item).as_deref() != Some(wanted.as_str()));
                if self.items.len() == before {
                    return Err(missing(&format!("constraint {name:?}")));
                }
            }
        }
        Ok(())
    }

    /// The statement as a whole again, with its items as they are now.
    pub(crate) fn to_sql(&self) -> String {
        format!("{} {} ){}", self.head, self.items.join(", "), self.tail)
    }

    /// The statement for a table named `name`.
    pub(crate) fn render(&self, name: &str) -> String {
        format!(
            "CREATE TABLE {} ({}){}",
            quote_ident(name),
            self.items.join(", "),
            self.tail
        )
    }
}

/// sea-query writes a SQLite table's foreign keys without their names; this puts
/// `CONSTRAINT name` before each named one (`names`, in the statement's order), so that it can be
/// dropped by name later, as on PostgreSQL and MySQL.
pub(crate) fn name_foreign_keys(sql: &str, names: &[Option<&str>]) -> Result<String> {
    if names.iter().all(Option::is_none) {
        return Ok(sql.to_string());
    }
    let mut parsed = parse_create_table(sql)?;
    let foreign_keys = parsed.items.iter_mut().filter(|item| {
        item.split_whitespace()
            .next()
            .is_some_and(|word| word.eq_ignore_ascii_case("FOREIGN"))
    });
    for (item, name) in foreign_keys.zip(names) {
        if let Some(name) = name {
            *item = format!("CONSTRAINT {} {item}", quote_ident(name));
        }
    }
    Ok(parsed.to_sql())
}

/// A SQLite identifier, quoted.
pub(crate) fn quote_ident(name: &str) -> String {
    Dialect::Sqlite.quote(name)
}

/// Extracts the item list of a rendered `CREATE TABLE`: how a column definition or a constraint
/// rendered by sea-query is taken out for splicing.
pub(crate) fn rendered_items(sql: &str) -> Result<Vec<String>> {
    Ok(parse_create_table(sql)?.items)
}

/// True when an index's SQL mentions the column (quoted or bare), so that it must go with it.
pub(crate) fn index_uses_column(index_sql: &str, column: &str) -> bool {
    let Ok(parsed) = parse_create_table(index_sql) else {
        return false;
    };
    let wanted = column.to_lowercase();
    parsed.items.iter().any(|item| leading_name(item) == wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    const POST: &str = r#"CREATE TABLE "post" ( "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "title" varchar NOT NULL DEFAULT 'a, (b)', "author_id" integer NOT NULL, CONSTRAINT "ck_title" CHECK (length("title") > 0), FOREIGN KEY ("author_id") REFERENCES "user" ("id") ON DELETE CASCADE ) STRICT"#;

    #[test]
    fn items_respect_strings_and_parentheses() {
        let t = parse_create_table(POST).unwrap();
        assert_eq!(t.items.len(), 5);
        assert_eq!(t.items[1], r#""title" varchar NOT NULL DEFAULT 'a, (b)'"#);
        assert_eq!(t.tail, " STRICT");
        assert_eq!(t.column_names(), ["id", "title", "author_id"]);
    }

    #[test]
    fn changes_apply_to_the_named_item_only() {
        let mut t = parse_create_table(POST).unwrap();
        t.apply(
            "post",
            &Change::DropConstraint {
                name: "ck_title".into(),
            },
        )
        .unwrap();
        t.apply(
            "post",
            &Change::AlterColumn {
                name: "TITLE".into(),
                definition: r#""title" text NULL"#.into(),
            },
        )
        .unwrap();
        t.apply(
            "post",
            &Change::DropColumn {
                name: "author_id".into(),
            },
        )
        .unwrap();
        assert_eq!(
            t.render("_new"),
            r#"CREATE TABLE "_new" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "title" text NULL) STRICT"#
        );
        let err = t
            .apply(
                "post",
                &Change::DropConstraint {
                    name: "nope".into(),
                },
            )
            .unwrap_err();
        assert!(err.to_string().contains("no constraint \"nope\""), "{err}");
    }

    #[test]
    fn named_foreign_keys_keep_their_names() {
        let sql = r#"CREATE TABLE "item" ( "id" integer, "a" integer, "b" integer, FOREIGN KEY ("a") REFERENCES "p" ("id"), FOREIGN KEY ("b") REFERENCES "q" ("id"), CHECK ("a" > 0) )"#;
        assert_eq!(
            name_foreign_keys(sql, &[None, Some("fk_item_q")]).unwrap(),
            r#"CREATE TABLE "item" ( "id" integer, "a" integer, "b" integer, FOREIGN KEY ("a") REFERENCES "p" ("id"), CONSTRAINT "fk_item_q" FOREIGN KEY ("b") REFERENCES "q" ("id"), CHECK ("a" > 0) )"#
        );
        assert_eq!(name_foreign_keys(sql, &[None, None]).unwrap(), sql);
    }

    #[test]
    fn indexes_that_use_a_column() {
        let sql = r#"CREATE INDEX "ix" ON "post" ("author_id", "title")"#;
        assert!(index_uses_column(sql, "title"));
        assert!(!index_uses_column(sql, "id"));
    }
}
