//! One normalization per database, so that equal schemas compare equal: the spellings of a
//! type, of a default and of a check, the case and quoting of names, and the names a database
//! gives to constraints nobody named.

use crate::expr::{self, collapse_whitespace, normalize_expression};
use crate::model::{
    Action, Check, Column, Dialect, ForeignKey, Index, IndexKey, IndexPart, Schema, Table, Unique,
};

/// The canonical spelling of the column type `raw` on `dialect`: `int4`, `INT` and `integer`
/// are `integer`; `character varying(255)` is `varchar(255)`; MySQL's `tinyint(1)` is
/// `boolean` and its display widths (`int(11)`) are dropped; PostgreSQL's `timestamp(6)` is
/// `timestamp`, `timestamp with time zone` is `timestamptz`; `decimal(p)` is `decimal(p,0)`.
pub fn normalize_type(dialect: Dialect, raw: &str) -> String {
    let raw = raw.trim();
    if let Some(quoted) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        return quoted.to_string();
    }
    if let Some(element) = raw.strip_suffix("[]") {
        return format!("{}[]", normalize_type(dialect, element));
    }
    let lower = collapse_whitespace(&raw.to_lowercase());
    let (head, args, tail) = match (lower.find('('), lower.rfind(')')) {
        (Some(open), Some(close)) if open < close => (
            lower[..open].trim().to_string(),
            split_args(&lower[open + 1..close]),
            lower[close + 1..].trim().to_string(),
        ),
        _ => (lower.clone(), Vec::new(), String::new()),
    };
    let mut words: Vec<&str> = head.split(' ').chain(tail.split(' ')).collect();
    words.retain(|w| !w.is_empty() && *w != "zerofill");
    let unsigned = words.contains(&"unsigned");
    words.retain(|w| *w != "unsigned" && *w != "signed");
    let name = words.join(" ");
    let arg = |i: usize| args.get(i).map(String::as_str);
    let with_args = |base: &str, args: &[String]| {
        if args.is_empty() {
            base.to_string()
        } else {
            format!("{base}({})", args.join(","))
        }
    };
    let integer = |base: &str| {
        if unsigned {
            format!("{base} unsigned")
        } else {
            base.to_string()
        }
    };
    let exact = |base: &str, default_precision: Option<&str>| match (arg(0), arg(1)) {
        (None, _) => match default_precision {
            Some(p) => format!("{base}({p},0)"),
            None => base.to_string(),
        },
        (Some(p), None) => format!("{base}({p},0)"),
        (Some(p), Some(s)) => format!("{base}({p},{s})"),
    };
    // Fractional-seconds precision: PostgreSQL's default is 6, MySQL's 0.
    let precise = |base: &str| {
        let default = if dialect == Dialect::Postgres {
            "6"
        } else {
            "0"
        };
        match arg(0) {
            Some(p) if p != default => format!("{base}({p})"),
            _ => base.to_string(),
        }
    };
    match name.as_str() {
        "int" | "integer" | "int4" | "serial" | "serial4" => integer("integer"),
        "mediumint" => integer("mediumint"),
        "smallint" | "int2" | "smallserial" | "serial2" => integer("smallint"),
        "bigint" | "int8" | "bigserial" | "serial8" => integer("bigint"),
        "tinyint" if dialect == Dialect::Mysql && arg(0) == Some("1") && !unsigned => {
            "boolean".into()
        }
        "tinyint" => integer("tinyint"),
        "bool" | "boolean" => "boolean".into(),
        "varchar" | "character varying" | "nvarchar" | "national character varying" => {
            with_args("varchar", &args)
        }
        "char" | "character" | "bpchar" | "nchar" | "national character"
            if dialect != Dialect::Sqlite =>
        {
            format!("char({})", arg(0).unwrap_or("1"))
        }
        "char" | "character" | "nchar" => with_args("char", &args),
        "real" | "float4" if dialect == Dialect::Postgres => "real".into(),
        "float" if dialect == Dialect::Postgres => match arg(0).and_then(|p| p.parse::<u32>().ok())
        {
            Some(p) if p <= 24 => "real".into(),
            _ => "double precision".into(),
        },
        "double precision" | "float8" | "double" if dialect == Dialect::Postgres => {
            "double precision".into()
        }
        "double" | "double precision" | "real" if dialect == Dialect::Mysql => "double".into(),
        "float" if dialect == Dialect::Mysql => "float".into(),
        "real" | "float" | "double" | "double precision" | "float4" | "float8" => "real".into(),
        "numeric" | "decimal" | "dec" | "fixed" => match dialect {
            Dialect::Postgres => exact("numeric", None),
            Dialect::Mysql => exact("decimal", Some("10")),
            Dialect::Sqlite => with_args(&name, &args),
        },
        "timestamp" | "timestamp without time zone" if dialect == Dialect::Postgres => {
            precise("timestamp")
        }
        "timestamptz" | "timestamp with time zone" => precise("timestamptz"),
        "time" | "time without time zone" if dialect == Dialect::Postgres => precise("time"),
        "timetz" | "time with time zone" => precise("timetz"),
        "timestamp" | "datetime" | "time" if dialect == Dialect::Mysql => precise(&name),
        "enum" | "set" => format!("{name}({})", args.join(",")),
        "binary" | "varbinary" | "bit" | "varbit" | "bit varying" => {
            let base = if name == "bit varying" {
                "varbit"
            } else {
                &name
            };
            if base == "binary" || (base == "bit" && dialect != Dialect::Sqlite) {
                format!("{base}({})", arg(0).unwrap_or("1"))
            } else {
                with_args(base, &args)
            }
        }
        _ => with_args(&name, &args),
    }
}

/// Splits `a, 'b,c' , d` at top-level commas, outside quotes; trims each part.
fn split_args(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quote = None;
    for c in text.chars() {
        match quote {
            Some(q) if c == q => {
                quote = None;
                current.push(c);
            }
            Some(_) => current.push(c),
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                current.push(c);
            }
            None if c == ',' => out.push(std::mem::take(&mut current).trim().to_string()),
            None => current.push(c),
        }
    }
    if !current.trim().is_empty() || !out.is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

/// The canonical server default `raw` of a column of (normalized) type `column_type`: `None`
/// for no default or `NULL`; see [`normalize_expression`] for the rest. A boolean column's
/// `1`, `'t'` or `TRUE` is `true`.
pub fn normalize_default(dialect: Dialect, column_type: &str, raw: &str) -> Option<String> {
    let text = normalize_expression(dialect, raw);
    if text.is_empty() || text.eq_ignore_ascii_case("null") {
        return None;
    }
    if column_type == "boolean" {
        let bare = text.trim_matches('\'').to_ascii_lowercase();
        match bare.as_str() {
            "1" | "t" | "true" | "y" | "yes" | "on" => return Some("true".into()),
            "0" | "f" | "false" | "n" | "no" | "off" => return Some("false".into()),
            _ => {}
        }
    }
    Some(text)
}

/// A name as the database compares it: quotes removed; lowercased on MySQL and SQLite, where
/// column and constraint names ignore case.
pub fn normalize_name(dialect: Dialect, raw: &str) -> String {
    let raw = raw.trim();
    let unquoted = ['"', '`']
        .iter()
        .find_map(|q| {
            raw.strip_prefix(*q)
                .and_then(|r| r.strip_suffix(*q))
                .map(|r| r.replace(&format!("{q}{q}"), &q.to_string()))
        })
        .or_else(|| {
            raw.strip_prefix('[')
                .and_then(|r| r.strip_suffix(']'))
                .map(str::to_string)
        })
        .unwrap_or_else(|| raw.to_string());
    match dialect {
        Dialect::Postgres => unquoted,
        Dialect::Mysql | Dialect::Sqlite => unquoted.to_lowercase(),
    }
}

/// True when `name` followed by optional digits is `stem` (PostgreSQL adds digits when the
/// generated name is taken).
fn is_stem(name: &str, stem: &str) -> bool {
    name.strip_prefix(stem)
        .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit()))
}

/// PostgreSQL truncates generated names to 63 bytes.
fn pg_name(table: &str, columns: &[String], suffix: &str) -> String {
    let mut base = format!("{table}_{}", columns.join("_"));
    if base.len() + suffix.len() + 1 > 63 {
        base.truncate(63 - suffix.len() - 1);
    }
    format!("{base}_{suffix}")
}

/// The kinds of constraint whose names a database generates.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    PrimaryKey,
    ForeignKey,
    Unique,
    Check,
}

/// True when `name` is what `dialect` calls such a constraint when nobody names it. SQLite
/// keeps constraints unnamed, but one added to an existing table (by its table copy) gets the
/// name a revision gave it, which follows PostgreSQL's pattern
/// ([`crate::constraint_name`]).
fn is_generated(dialect: Dialect, table: &str, kind: Kind, columns: &[String], name: &str) -> bool {
    match dialect {
        Dialect::Postgres | Dialect::Sqlite => match kind {
            Kind::PrimaryKey => is_stem(name, &format!("{table}_pkey")),
            Kind::ForeignKey => is_stem(name, &pg_name(table, columns, "fkey")),
            Kind::Unique => is_stem(name, &pg_name(table, columns, "key")),
            Kind::Check => {
                name.starts_with(&format!("{table}_"))
                    && name
                        .trim_end_matches(|c: char| c.is_ascii_digit())
                        .ends_with("check")
            }
        },
        Dialect::Mysql => match kind {
            Kind::PrimaryKey => true,
            Kind::ForeignKey => name
                .strip_prefix(&format!("{}_ibfk_", table.to_lowercase()))
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())),
            Kind::Unique => columns.first().is_some_and(|first| {
                name == first
                    || name
                        .strip_prefix(&format!("{first}_"))
                        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            }),
            Kind::Check => {
                let numbered = |prefix: &str| {
                    name.strip_prefix(prefix)
                        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
                };
                // MariaDB names a column's CHECK after the column.
                numbered("constraint_")
                    || numbered(&format!("{}_chk_", table.to_lowercase()))
                    || columns.iter().any(|c| c == name)
            }
        },
    }
}

impl Schema {
    /// This schema with every value in its canonical form for its dialect (idempotent). The
    /// diff normalizes both sides; so does every producer of a model.
    pub fn normalized(mut self) -> Schema {
        let dialect = self.dialect;
        let enums: Vec<String> = self.enums.values().map(|e| e.name.clone()).collect();
        let tables = std::mem::take(&mut self.tables);
        for (_, table) in tables {
            let table = normalize_table(dialect, table, &enums);
            self.tables.insert(table.qualified_name(), table);
        }
        self
    }
}

fn normalize_table(d: Dialect, mut t: Table, enums: &[String]) -> Table {
    let name = |raw: &str| normalize_name(d, raw);
    let names = |raw: &[String]| raw.iter().map(|c| name(c)).collect::<Vec<_>>();
    t.name = normalize_table_name(d, &t.name);
    t.schema = t.schema.as_deref().map(|s| normalize_table_name(d, s));
    t.comment = t.comment.filter(|c| !c.is_empty());
    for c in &mut t.columns {
        normalize_column(d, c, enums);
    }
    if let Some(pk) = &mut t.primary_key {
        pk.columns = names(&pk.columns);
        pk.name = pk
            .name
            .as_deref()
            .map(name)
            .filter(|n| !is_generated(d, &t.name, Kind::PrimaryKey, &pk.columns, n));
        if d != Dialect::Sqlite {
            for c in &mut t.columns {
                if pk.columns.contains(&c.name) {
                    c.nullable = false;
                }
            }
        }
        // SQLite: a single INTEGER primary key is the rowid, which the database assigns and
        // which is never NULL.
        if d == Dialect::Sqlite
            && let [only] = pk.columns.as_slice()
            && let Some(c) = t.columns.iter_mut().find(|c| &c.name == only)
            && c.column_type == "integer"
        {
            c.auto_increment = true;
            c.nullable = false;
        }
    }
    if t.primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns.is_empty())
    {
        t.primary_key = None;
    }
    // MySQL: the index InnoDB creates for a foreign key that has none, named after the key,
    // is the key's own (a model never declares it).
    if d == Dialect::Mysql {
        let keys: Vec<(String, Vec<String>)> = t
            .foreign_keys
            .iter()
            .filter_map(|fk| fk.name.as_deref().map(|n| (name(n), names(&fk.columns))))
            .collect();
        t.indexes.retain(|i| {
            let columns: Vec<String> = i
                .parts
                .iter()
                .filter_map(|p| match &p.key {
                    IndexKey::Column(c) if !p.descending => Some(name(c)),
                    _ => None,
                })
                .collect();
            i.unique
                || i.predicate.is_some()
                || columns.len() != i.parts.len()
                || !keys
                    .iter()
                    .any(|(n, c)| *n == name(&i.name) && *c == columns)
        });
    }
    for fk in &mut t.foreign_keys {
        normalize_foreign_key(d, &t.name, fk);
    }
    t.foreign_keys.sort_by(|a, b| {
        (&a.columns, &a.referenced_table, &a.name).cmp(&(&b.columns, &b.referenced_table, &b.name))
    });
    // MySQL: a unique index on plain columns is a unique constraint (the catalog cannot tell).
    if d == Dialect::Mysql {
        let (uniques, rest): (Vec<Index>, Vec<Index>) =
            std::mem::take(&mut t.indexes).into_iter().partition(|i| {
                i.unique
                    && i.predicate.is_none()
                    && i.parts
                        .iter()
                        .all(|p| !p.descending && matches!(p.key, IndexKey::Column(_)))
            });
        t.indexes = rest;
        for index in uniques {
            t.uniques.push(Unique {
                name: Some(index.name),
                columns: index
                    .parts
                    .into_iter()
                    .filter_map(|p| match p.key {
                        IndexKey::Column(c) => Some(c),
                        IndexKey::Expression(_) => None,
                    })
                    .collect(),
            });
        }
    }
    for u in &mut t.uniques {
        u.columns = names(&u.columns);
        u.name = u
            .name
            .as_deref()
            .map(name)
            .filter(|n| !is_generated(d, &t.name, Kind::Unique, &u.columns, n));
    }
    t.uniques
        .sort_by(|a, b| (&a.columns, &a.name).cmp(&(&b.columns, &b.name)));
    t.uniques.dedup();
    let columns: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
    for c in &mut t.checks {
        normalize_check(d, &t.name, &columns, c);
    }
    t.checks
        .sort_by(|a, b| (&a.expression, &a.name).cmp(&(&b.expression, &b.name)));
    for i in &mut t.indexes {
        normalize_index(d, i);
    }
    t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
    t
}

/// Table and schema names: quotes removed; their case is kept (MySQL on Linux and PostgreSQL
/// compare them exactly), except on SQLite.
fn normalize_table_name(d: Dialect, raw: &str) -> String {
    let name = normalize_name(Dialect::Postgres, raw);
    if d == Dialect::Sqlite {
        name.to_lowercase()
    } else {
        name
    }
}

fn normalize_column(d: Dialect, c: &mut Column, enums: &[String]) {
    c.name = normalize_name(d, &c.name);
    let raw = c.column_type.trim().to_lowercase();
    if d == Dialect::Postgres && (raw.ends_with("serial") || raw.starts_with("serial")) {
        c.auto_increment = true;
    }
    c.column_type = normalize_type(d, &c.column_type);
    if d == Dialect::Postgres
        && let Some(e) = enums
            .iter()
            .find(|e| e.eq_ignore_ascii_case(&c.column_type))
    {
        c.column_type = e.clone();
    }
    if let Some(default) = c.default.take() {
        if d == Dialect::Postgres && default.trim_start().to_lowercase().starts_with("nextval(") {
            c.auto_increment = true;
        } else {
            c.default = normalize_default(d, &c.column_type, &default);
        }
    }
    if c.auto_increment && d != Dialect::Sqlite {
        c.nullable = false;
    }
    c.comment = c.comment.take().filter(|s| !s.is_empty());
}

fn normalize_foreign_key(d: Dialect, table: &str, fk: &mut ForeignKey) {
    fk.columns = fk.columns.iter().map(|c| normalize_name(d, c)).collect();
    fk.referenced_columns = fk
        .referenced_columns
        .iter()
        .map(|c| normalize_name(d, c))
        .collect();
    fk.referenced_table = normalize_table_name(d, &fk.referenced_table);
    fk.referenced_schema = fk
        .referenced_schema
        .as_deref()
        .map(|s| normalize_table_name(d, s));
    fk.name = fk
        .name
        .as_deref()
        .map(|n| normalize_name(d, n))
        .filter(|n| !is_generated(d, table, Kind::ForeignKey, &fk.columns, n));
    // InnoDB treats RESTRICT and NO ACTION alike, and MariaDB reports RESTRICT for both.
    if d == Dialect::Mysql {
        for action in [&mut fk.on_delete, &mut fk.on_update] {
            if *action == Action::Restrict {
                *action = Action::NoAction;
            }
        }
    }
}

fn normalize_check(d: Dialect, table: &str, columns: &[String], c: &mut Check) {
    c.expression = normalize_expression(d, &c.expression);
    c.name = c
        .name
        .as_deref()
        .map(|n| normalize_name(d, n))
        .filter(|n| !is_generated(d, table, Kind::Check, columns, n));
}

fn normalize_index(d: Dialect, i: &mut Index) {
    i.name = normalize_name(d, &i.name);
    for part in &mut i.parts {
        normalize_part(d, part);
    }
    i.predicate = i
        .predicate
        .as_deref()
        .map(|p| normalize_expression(d, p))
        .filter(|p| !p.is_empty());
}

fn normalize_part(d: Dialect, part: &mut IndexPart) {
    match &mut part.key {
        IndexKey::Column(c) => *c = normalize_name(d, c),
        IndexKey::Expression(e) => {
            // A parenthesized column is the column.
            match expr::parse(d, e).map(|x| expr::canonical(d, x)) {
                Some(sqlparser::ast::Expr::Identifier(id)) => {
                    part.key = IndexKey::Column(normalize_name(d, &id.value))
                }
                Some(x) => *e = x.to_string(),
                None => *e = collapse_whitespace(e),
            }
        }
    }
}
