//! What a change of a column's type does to the rows: whether it narrows the type (a value
//! may no longer fit), whether PostgreSQL rewrites the table for it, and whether MySQL can do it
//! in place. Pure: decided from the two type names as the model holds them (`varchar(100)`,
//! `BIGINT`, `numeric(10,2)`, …). The lint's type rules are built on these.

/// A column type reduced to what decides whether values fit in it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    /// An integer of this many bytes.
    Int(u8),
    /// A variable-length string: its limit in characters, `None` when unbounded (`text`).
    VarChar(Option<u64>),
    /// A text type without a declared length but with a size limit (MySQL's `TINYTEXT`,
    /// `TEXT`, `MEDIUMTEXT`, `LONGTEXT`), in bytes; `None` for PostgreSQL's and SQLite's
    /// unbounded `text`.
    Text(Option<u64>),
    /// A fixed-length string: `char(n)`.
    Char(u64),
    /// `numeric(precision, scale)`; `None` when unconstrained.
    Decimal(Option<(u64, u64)>),
    /// A floating-point number of this many bytes.
    Float(u8),
    /// MySQL's `ENUM(…)`, by its labels in order.
    Enum(Vec<String>),
    /// Anything else, by its normalized name.
    Other(String),
}

/// The type's name in lower case with single spaces, and its parenthesised arguments.
fn split(t: &str) -> (String, Vec<u64>) {
    let lower = t.trim().to_lowercase();
    let (name, args) = match lower.split_once('(') {
        Some((name, rest)) => {
            let inside = rest.split(')').next().unwrap_or_default();
            let args = inside
                .split(',')
                .filter_map(|a| a.trim().parse::<u64>().ok())
                .collect();
            let after = rest.split_once(')').map(|(_, a)| a).unwrap_or_default();
            (format!("{} {}", name.trim(), after.trim()), args)
        }
        None => (lower, Vec::new()),
    };
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    (name, args)
}

fn shape(t: &str) -> Shape {
    let lower = t.trim().to_lowercase();
    if let Some(inside) = lower
        .strip_prefix("enum")
        .map(str::trim_start)
        .and_then(|r| r.strip_prefix('('))
        .and_then(|r| r.strip_suffix(')'))
    {
        let labels = inside
            .split(',')
            .map(|l| l.trim().trim_matches('\'').to_string())
            .collect();
        return Shape::Enum(labels);
    }
    let (name, args) = split(t);
    let first = args.first().copied();
    let base = name
        .strip_suffix(" unsigned")
        .unwrap_or(&name)
        .trim()
        .to_string();
    match base.as_str() {
        "tinyint" | "int1" => Shape::Int(1),
        "smallint" | "int2" | "smallserial" => Shape::Int(2),
        "mediumint" => Shape::Int(3),
        "int" | "integer" | "int4" | "serial" => Shape::Int(4),
        "bigint" | "int8" | "bigserial" => Shape::Int(8),
        "varchar" | "character varying" | "nvarchar" | "varchar2" | "string" => {
            Shape::VarChar(first)
        }
        "char" | "character" | "nchar" | "bpchar" => Shape::Char(first.unwrap_or(1)),
        "tinytext" => Shape::Text(Some(255)),
        "text" if first.is_some() => Shape::Text(first),
        "text" | "clob" | "longtext" => Shape::Text(None),
        "mediumtext" => Shape::Text(Some(16_777_215)),
        "decimal" | "numeric" | "dec" => {
            Shape::Decimal(first.map(|p| (p, args.get(1).copied().unwrap_or(0))))
        }
        "real" | "float4" | "float" => Shape::Float(4),
        "double" | "double precision" | "float8" => Shape::Float(8),
        _ => Shape::Other(name),
    }
}

/// True when some value of type `from` may not fit in `to`: a shorter string, a smaller
/// integer, fewer digits, a `double` to a `real`, a string to a number. Unknown types never
/// narrow (the lint does not guess).
pub fn narrows(from: &str, to: &str) -> bool {
    use Shape::*;
    let (a, b) = (shape(from), shape(to));
    if a == b {
        return false;
    }
    let shorter = |from: Option<u64>, to: Option<u64>| match (from, to) {
        (None, Some(_)) => true,
        (Some(x), Some(y)) => y < x,
        _ => false,
    };
    match (&a, &b) {
        (Int(x), Int(y)) => y < x,
        (VarChar(x) | Text(x), VarChar(y) | Text(y)) => shorter(*x, *y),
        (Char(x), VarChar(y) | Text(y)) => shorter(Some(*x), *y),
        (VarChar(x) | Text(x), Char(y)) => shorter(*x, Some(*y)),
        (Char(x), Char(y)) => y < x,
        (Decimal(None), Decimal(Some(_))) => true,
        (Decimal(Some((p1, s1))), Decimal(Some((p2, s2)))) => p2 < p1 || s2 < s1,
        (Float(x), Float(y)) => y < x,
        // An integer needs up to 20 characters, or that many digits before the point.
        (Int(_), VarChar(Some(n)) | Text(Some(n)) | Char(n)) => *n < 20,
        (Int(_), Decimal(Some((p, s)))) => p - s.min(p) < 19,
        (Int(_), VarChar(None) | Text(None) | Decimal(None) | Float(_)) => false,
        // A string may not parse as a number; a fraction is cut off in an integer.
        (VarChar(_) | Text(_) | Char(_), Int(_) | Decimal(_) | Float(_)) => true,
        (Decimal(_) | Float(_), Int(_)) => true,
        (Float(_), Decimal(_)) => true,
        // A label taken away: the rows holding it no longer fit.
        (Enum(x), Enum(y)) => x.iter().any(|label| !y.contains(label)),
        _ => false,
    }
}

/// True when PostgreSQL rewrites the table (and its indexes) for this type change: every
/// change except the binary-coercible ones (a longer or unbounded `varchar`, `varchar` to
/// `text`, more precision for a `numeric` of the same scale, an unconstrained `numeric`).
pub fn rewrites_on_postgres(from: &str, to: &str) -> bool {
    use Shape::*;
    let (a, b) = (shape(from), shape(to));
    if a == b {
        return false;
    }
    !match (&a, &b) {
        (VarChar(Some(x)), VarChar(Some(y))) => y >= x,
        (VarChar(_) | Text(None), VarChar(None) | Text(None)) => true,
        (Decimal(Some((p1, s1))), Decimal(Some((p2, s2)))) => p2 >= p1 && s1 == s2,
        (Decimal(_), Decimal(None)) => true,
        _ => false,
    }
}

/// True when MySQL (and MariaDB) change the type without `ALGORITHM=COPY`: the same type, a
/// `VARCHAR` made longer while it keeps the same number of length bytes (one up to 255 bytes,
/// two above; counted in `utf8mb4`, four bytes a character), or an `ENUM` given new labels at
/// the end of its list.
pub fn in_place_on_mysql(from: &str, to: &str) -> bool {
    let (a, b) = (shape(from), shape(to));
    if a == b {
        return true;
    }
    match (a, b) {
        (Shape::VarChar(Some(x)), Shape::VarChar(Some(y))) => {
            y >= x && ((x * 4 < 256) == (y * 4 < 256))
        }
        (Shape::Enum(x), Shape::Enum(y)) => y.starts_with(&x),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrowing() {
        assert!(narrows("varchar(200)", "VARCHAR(100)"));
        assert!(!narrows("varchar(100)", "varchar(200)"));
        assert!(narrows("BIGINT", "int"));
        assert!(narrows("integer", "smallint"));
        assert!(!narrows("int", "bigint"));
        assert!(narrows("text", "varchar(50)"));
        assert!(!narrows("varchar(50)", "text"));
        assert!(narrows("numeric(10,2)", "numeric(8,2)"));
        assert!(narrows("numeric(10,2)", "numeric(10,1)"));
        assert!(!narrows("numeric(10,2)", "numeric(12,2)"));
        assert!(narrows("double precision", "real"));
        assert!(narrows("varchar(20)", "integer"));
        assert!(!narrows("integer", "text"));
        assert!(!narrows("uuid", "jsonb"), "unknown types do not narrow");
        assert!(!narrows("int unsigned", "INT UNSIGNED"));
        assert!(narrows("enum('a','b','c')", "enum('a','b')"));
        assert!(!narrows("enum('a','b')", "enum('a','b','c')"));
    }

    #[test]
    fn postgres_rewrites() {
        assert!(!rewrites_on_postgres("varchar(100)", "varchar(200)"));
        assert!(!rewrites_on_postgres("varchar(100)", "text"));
        assert!(!rewrites_on_postgres("numeric(10,2)", "numeric(12,2)"));
        assert!(rewrites_on_postgres("integer", "bigint"));
        assert!(rewrites_on_postgres("varchar(200)", "varchar(100)"));
        assert!(rewrites_on_postgres("text", "integer"));
        assert!(!rewrites_on_postgres("integer", "INTEGER"));
    }

    #[test]
    fn mysql_in_place() {
        assert!(in_place_on_mysql("varchar(20)", "varchar(40)"));
        assert!(
            !in_place_on_mysql("varchar(40)", "varchar(100)"),
            "252 → 400 bytes"
        );
        assert!(!in_place_on_mysql("varchar(40)", "varchar(20)"));
        assert!(!in_place_on_mysql("int", "bigint"));
        assert!(in_place_on_mysql("int", "INT"));
        assert!(in_place_on_mysql("enum('a','b')", "ENUM('a', 'b', 'c')"));
        assert!(!in_place_on_mysql("enum('a','b')", "enum('c','a','b')"));
        assert!(!in_place_on_mysql("enum('a','b')", "enum('a')"));
    }
}
