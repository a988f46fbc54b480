//! The difference between two models: what the `expected` one has that the `actual` one lacks
//! (missing), what only the actual one has (unexpected), and what both have but differently,
//! table by table.

use std::fmt::{self, Display, Formatter};

use serde::{Deserialize, Serialize};

use crate::model::{Check, Column, EnumType, ForeignKey, Index, PrimaryKey, Schema, Table, Unique};

/// One difference between an expected and an actual value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Difference<T> {
    /// Expected, and absent.
    Missing {
        /// The expected value.
        expected: T,
    },
    /// Present, and not expected.
    Unexpected {
        /// The actual value.
        actual: T,
    },
    /// Present on both sides, differently.
    Different {
        /// The expected value.
        expected: T,
        /// The actual value.
        actual: T,
    },
}

/// An element of a table that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Element {
    /// A column.
    Column(Column),
    /// The primary key.
    PrimaryKey(PrimaryKey),
    /// A foreign key.
    ForeignKey(ForeignKey),
    /// A unique constraint.
    Unique(Unique),
    /// A check constraint.
    Check(Check),
    /// An index.
    Index(Index),
    /// The table's comment.
    Comment(String),
}

/// How one table differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TableDifference {
    /// The table is expected and absent.
    Missing {
        /// The expected table.
        expected: Box<Table>,
    },
    /// The table is present and not expected.
    Unexpected {
        /// The actual table.
        actual: Box<Table>,
    },
    /// Both have the table; these elements differ.
    Different {
        /// The elements that differ, in table order (columns, primary key, foreign keys,
        /// uniques, checks, indexes, comment).
        elements: Vec<Difference<Element>>,
    },
}

/// The differences of one table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableDiff {
    /// The table's qualified name.
    pub table: String,
    /// How it differs.
    #[serde(flatten)]
    pub difference: TableDifference,
}

/// Every difference between two schemas, ordered by name. Its `Display` is the readable drift
/// report; its serde form is the JSON one.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Diff {
    /// Namespaces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schemas: Vec<Difference<String>>,
    /// Enum types.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<Difference<EnumType>>,
    /// Tables.
    #[serde(default)]
    pub tables: Vec<TableDiff>,
}

impl Diff {
    /// True when the schemas are the same.
    pub fn is_empty(&self) -> bool {
        self.schemas.is_empty() && self.enums.is_empty() && self.tables.is_empty()
    }
}

/// The differences between `expected` and `actual`, each normalized first. Column order is
/// ignored; constraints nobody named are matched by their columns.
pub fn diff(expected: &Schema, actual: &Schema) -> Diff {
    let expected = expected.clone().normalized();
    let actual = actual.clone().normalized();
    let mut out = Diff::default();
    for schema in expected.schemas.difference(&actual.schemas) {
        out.schemas.push(Difference::Missing {
            expected: schema.clone(),
        });
    }
    for schema in actual.schemas.difference(&expected.schemas) {
        out.schemas.push(Difference::Unexpected {
            actual: schema.clone(),
        });
    }
    let names = |s: &Schema| -> Vec<String> { s.enums.keys().cloned().collect() };
    let mut enum_names = names(&expected);
    enum_names.extend(names(&actual));
    enum_names.sort();
    enum_names.dedup();
    for name in enum_names {
        match (expected.enums.get(&name), actual.enums.get(&name)) {
            (Some(e), None) => out.enums.push(Difference::Missing {
                expected: e.clone(),
            }),
            (None, Some(a)) => out.enums.push(Difference::Unexpected { actual: a.clone() }),
            (Some(e), Some(a)) if e != a => out.enums.push(Difference::Different {
                expected: e.clone(),
                actual: a.clone(),
            }),
            _ => {}
        }
    }
    let mut table_names: Vec<&String> =
        expected.tables.keys().chain(actual.tables.keys()).collect();
    table_names.sort();
    table_names.dedup();
    for name in table_names {
        let difference = match (expected.tables.get(name), actual.tables.get(name)) {
            (Some(e), None) => TableDifference::Missing {
                expected: Box::new(e.clone()),
            },
            (None, Some(a)) => TableDifference::Unexpected {
                actual: Box::new(a.clone()),
            },
            (Some(e), Some(a)) => {
                let elements = table_elements(e, a);
                if elements.is_empty() {
                    continue;
                }
                TableDifference::Different { elements }
            }
            (None, None) => continue,
        };
        out.tables.push(TableDiff {
            table: name.clone(),
            difference,
        });
    }
    out
}

/// Pairs the items of two lists: equal items first, then items of one identity (same name,
/// or same columns when unnamed), the rest missing or unexpected.
fn pair<T: PartialEq + Clone>(
    expected: &[T],
    actual: &[T],
    same: impl Fn(&T, &T) -> bool,
    element: impl Fn(T) -> Element,
    out: &mut Vec<Difference<Element>>,
) {
    let mut used = vec![false; actual.len()];
    let mut pending = Vec::new();
    for e in expected {
        match (0..actual.len()).find(|&i| !used[i] && actual[i] == *e) {
            Some(i) => used[i] = true,
            None => pending.push(e),
        }
    }
    for e in pending {
        match (0..actual.len()).find(|&i| !used[i] && same(e, &actual[i])) {
            Some(i) => {
                used[i] = true;
                out.push(Difference::Different {
                    expected: element(e.clone()),
                    actual: element(actual[i].clone()),
                });
            }
            None => out.push(Difference::Missing {
                expected: element(e.clone()),
            }),
        }
    }
    for (i, a) in actual.iter().enumerate() {
        if !used[i] {
            out.push(Difference::Unexpected {
                actual: element(a.clone()),
            });
        }
    }
}

fn same_name(a: &Option<String>, b: &Option<String>) -> Option<bool> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a == b),
        _ => None,
    }
}

fn table_elements(e: &Table, a: &Table) -> Vec<Difference<Element>> {
    let mut out = Vec::new();
    pair(
        &e.columns,
        &a.columns,
        |x, y| x.name == y.name,
        Element::Column,
        &mut out,
    );
    let pk = |t: &Table| t.primary_key.iter().cloned().collect::<Vec<_>>();
    pair(&pk(e), &pk(a), |_, _| true, Element::PrimaryKey, &mut out);
    pair(
        &e.foreign_keys,
        &a.foreign_keys,
        |x, y| same_name(&x.name, &y.name).unwrap_or(x.columns == y.columns),
        Element::ForeignKey,
        &mut out,
    );
    pair(
        &e.uniques,
        &a.uniques,
        |x, y| same_name(&x.name, &y.name).unwrap_or(x.columns == y.columns),
        Element::Unique,
        &mut out,
    );
    pair(
        &e.checks,
        &a.checks,
        |x, y| same_name(&x.name, &y.name).unwrap_or(false),
        Element::Check,
        &mut out,
    );
    pair(
        &e.indexes,
        &a.indexes,
        |x, y| x.name == y.name,
        Element::Index,
        &mut out,
    );
    let comment = |t: &Table| t.comment.iter().cloned().collect::<Vec<_>>();
    pair(
        &comment(e),
        &comment(a),
        |_, _| true,
        Element::Comment,
        &mut out,
    );
    out
}

impl Element {
    /// What it is, for the report: `column`, `primary key`, `index`, …
    pub fn kind(&self) -> &'static str {
        match self {
            Element::Column(_) => "column",
            Element::PrimaryKey(_) => "primary key",
            Element::ForeignKey(_) => "foreign key",
            Element::Unique(_) => "unique constraint",
            Element::Check(_) => "check constraint",
            Element::Index(_) => "index",
            Element::Comment(_) => "comment",
        }
    }
}

impl Display for Element {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Element::Column(x) => write!(f, "{x}"),
            Element::PrimaryKey(x) => write!(f, "{x}"),
            Element::ForeignKey(x) => write!(f, "{x}"),
            Element::Unique(x) => write!(f, "{x}"),
            Element::Check(x) => write!(f, "{x}"),
            Element::Index(x) => write!(f, "{x}"),
            Element::Comment(x) => write!(f, "'{}'", x.replace('\'', "''")),
        }
    }
}

fn difference_lines<T: Display>(
    f: &mut Formatter<'_>,
    indent: &str,
    kind: &str,
    d: &Difference<T>,
) -> fmt::Result {
    match d {
        Difference::Missing { expected } => writeln!(f, "{indent}missing {kind}: {expected}"),
        Difference::Unexpected { actual } => writeln!(f, "{indent}unexpected {kind}: {actual}"),
        Difference::Different { expected, actual } => {
            writeln!(f, "{indent}different {kind}:")?;
            writeln!(f, "{indent}  expected: {expected}")?;
            writeln!(f, "{indent}  actual:   {actual}")
        }
    }
}

impl Display for Diff {
    /// One block per table: `table NAME: missing` / `unexpected`, or `table NAME:` followed by
    /// one line per missing or unexpected element and two (expected, actual) per different one.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for d in &self.schemas {
            difference_lines(f, "", "schema", d)?;
        }
        for d in &self.enums {
            difference_lines(f, "", "enum type", d)?;
        }
        for t in &self.tables {
            match &t.difference {
                TableDifference::Missing { .. } => writeln!(f, "table {}: missing", t.table)?,
                TableDifference::Unexpected { .. } => writeln!(f, "table {}: unexpected", t.table)?,
                TableDifference::Different { elements } => {
                    writeln!(f, "table {}:", t.table)?;
                    for d in elements {
                        let kind = match d {
                            Difference::Missing { expected: x }
                            | Difference::Unexpected { actual: x }
                            | Difference::Different { expected: x, .. } => x.kind(),
                        };
                        difference_lines(f, "  ", kind, d)?;
                    }
                }
            }
        }
        Ok(())
    }
}
