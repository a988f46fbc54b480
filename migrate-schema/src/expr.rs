//! SQL expressions (defaults, checks, index expressions and predicates) in one canonical
//! text, through sqlparser's AST: what each database prints back differs in quoting, case,
//! casts and parentheses, not in meaning.

use std::ops::ControlFlow;

use sqlparser::ast::{
    BinaryOperator, CastKind, DataType, Expr, Ident, InTarget, ObjectNamePart, UnaryOperator,
    Value, ValueWithSpan, visit_expressions_mut,
};
use sqlparser::dialect::{self as sql_dialect};
use sqlparser::parser::Parser;

use crate::model::Dialect;

fn parser_dialect(dialect: Dialect) -> Box<dyn sql_dialect::Dialect> {
    match dialect {
        Dialect::Postgres => Box::new(sql_dialect::PostgreSqlDialect {}),
        Dialect::Mysql => Box::new(sql_dialect::MySqlDialect {}),
        Dialect::Sqlite => Box::new(sql_dialect::SQLiteDialect {}),
    }
}

/// Parses one expression in `dialect`'s syntax.
pub(crate) fn parse(dialect: Dialect, sql: &str) -> Option<Expr> {
    let d = parser_dialect(dialect);
    let mut parser = Parser::new(d.as_ref()).try_with_sql(sql).ok()?;
    let expr = parser.parse_expr().ok()?;
    // Trailing tokens: not one expression.
    if parser.peek_token().token != sqlparser::tokenizer::Token::EOF {
        return None;
    }
    Some(expr)
}

/// The canonical text of the expression `sql` on `dialect`: identifiers unquoted (and
/// lowercased unless case matters), keywords uppercased, function names lowercased, casts of
/// literals and to text types removed (PostgreSQL's `'x'::character varying`), `now()` and
/// `current_timestamp()` written `CURRENT_TIMESTAMP`, PostgreSQL's `= ANY (ARRAY[...])` written
/// `IN (...)`, string literals holding a number written as the number (`'0'` is `0`), and
/// parentheses kept only where precedence needs them. Text that does not parse is returned
/// with its whitespace collapsed.
pub fn normalize_expression(dialect: Dialect, sql: &str) -> String {
    match parse(dialect, sql) {
        Some(expr) => canonical(dialect, expr).to_string(),
        None => collapse_whitespace(sql),
    }
}

/// The expression `sql` with every reference to column `old` renaming it `new`, as a database
/// rewrites a check, an index expression or a predicate when the column is renamed; the
/// result is canonical. Text that does not parse is returned unchanged.
pub fn rename_column_in(dialect: Dialect, sql: &str, old: &str, new: &str) -> String {
    let Some(mut expr) = parse(dialect, sql) else {
        return sql.to_string();
    };
    let _ = visit_expressions_mut(&mut expr, |e| {
        let ident = match e {
            Expr::Identifier(ident) => Some(ident),
            Expr::CompoundIdentifier(parts) => parts.last_mut(),
            _ => None,
        };
        if let Some(ident) = ident
            && ident.value.eq_ignore_ascii_case(old)
        {
            *ident = Ident::new(new);
        }
        ControlFlow::<()>::Continue(())
    });
    canonical(dialect, expr).to_string()
}

pub(crate) fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Rewrites `expr` into its canonical form.
pub(crate) fn canonical(dialect: Dialect, mut expr: Expr) -> Expr {
    let _ = visit_expressions_mut(&mut expr, |e| {
        rewrite(dialect, e);
        ControlFlow::<()>::Continue(())
    });
    while let Expr::Nested(inner) = expr {
        expr = *inner;
    }
    expr
}

fn ident(dialect: Dialect, ident: &mut Ident) {
    let keeps_case = dialect == Dialect::Postgres && ident.quote_style.is_some();
    if !keeps_case {
        ident.value = ident.value.to_lowercase();
    }
    let plain = ident
        .value
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !ident.value.starts_with(|c: char| c.is_ascii_digit());
    ident.quote_style = if plain { None } else { Some('"') };
}

fn is_text_type(data_type: &DataType) -> bool {
    match data_type {
        DataType::Array(_) => true,
        DataType::Text
        | DataType::Varchar(_)
        | DataType::CharacterVarying(_)
        | DataType::Char(_)
        | DataType::Character(_)
        | DataType::Nvarchar(_) => true,
        DataType::Custom(name, _) => name
            .to_string()
            .to_lowercase()
            .trim_matches('"')
            .eq("bpchar"),
        _ => false,
    }
}

fn is_literal(expr: &Expr) -> bool {
    match expr {
        Expr::Value(_) => true,
        Expr::Nested(inner) => is_literal(inner),
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => is_literal(expr),
        _ => false,
    }
}

fn is_number(text: &str) -> bool {
    let t = text.strip_prefix('-').unwrap_or(text);
    !t.is_empty()
        && t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.chars().filter(|c| *c == '.').count() <= 1
        && t != "."
}

/// `1.50` → `1.5`, `2.0` → `2`, `007` → `7`.
fn canonical_number(text: &str) -> String {
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let frac = frac.trim_end_matches('0');
    let body = if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    };
    if body == "0" {
        body
    } else {
        format!("{sign}{body}")
    }
}

fn number(text: String) -> Expr {
    Expr::Value(ValueWithSpan::from(Value::Number(text, false)))
}

/// Binding strength of an operator; 0 for those whose parentheses are always kept.
fn precedence(expr: &Expr) -> u8 {
    match expr {
        Expr::BinaryOp { op, .. } => match op {
            BinaryOperator::Or => 1,
            BinaryOperator::And => 2,
            BinaryOperator::Eq
            | BinaryOperator::NotEq
            | BinaryOperator::Lt
            | BinaryOperator::LtEq
            | BinaryOperator::Gt
            | BinaryOperator::GtEq => 4,
            BinaryOperator::StringConcat => 5,
            BinaryOperator::Plus | BinaryOperator::Minus => 6,
            BinaryOperator::Multiply | BinaryOperator::Divide | BinaryOperator::Modulo => 7,
            _ => 0,
        },
        Expr::UnaryOp {
            op: UnaryOperator::Not,
            ..
        } => 3,
        Expr::IsNull(_)
        | Expr::IsNotNull(_)
        | Expr::IsTrue(_)
        | Expr::IsFalse(_)
        | Expr::In { .. }
        | Expr::Between { .. }
        | Expr::Like { .. }
        | Expr::ILike { .. } => 4,
        Expr::Identifier(_)
        | Expr::CompoundIdentifier(_)
        | Expr::Value(_)
        | Expr::Function(_)
        | Expr::Cast { .. } => 100,
        _ => 0,
    }
}

/// Removes the parentheses around `child` (an operand of an operator of strength `parent`)
/// when the child binds at least as tightly, so the meaning is unchanged.
fn unwrap_operand(child: &mut Expr, parent: u8, associative: bool) {
    while let Expr::Nested(inner) = child {
        let p = precedence(inner);
        let same_op = matches!(
            (&**inner, parent),
            (
                Expr::BinaryOp {
                    op: BinaryOperator::And,
                    ..
                },
                2
            ) | (
                Expr::BinaryOp {
                    op: BinaryOperator::Or,
                    ..
                },
                1
            )
        );
        if p == 0 || (p <= parent && !(associative && same_op)) {
            return;
        }
        *child = std::mem::replace(&mut **inner, Expr::value(Value::Null));
    }
}

fn rewrite(dialect: Dialect, e: &mut Expr) {
    match e {
        Expr::Identifier(id) => {
            let upper = id.value.to_ascii_uppercase();
            if id.quote_style.is_none()
                && matches!(
                    upper.as_str(),
                    "CURRENT_TIMESTAMP" | "LOCALTIMESTAMP" | "CURRENT_DATE" | "CURRENT_TIME"
                )
            {
                let canonical = if upper == "LOCALTIMESTAMP" {
                    "CURRENT_TIMESTAMP".to_string()
                } else {
                    upper
                };
                *e = Expr::Identifier(Ident::new(canonical));
                return;
            }
            // MySQL reads a double-quoted word as a string.
            if dialect == Dialect::Mysql && id.quote_style == Some('"') {
                *e = Expr::Value(ValueWithSpan::from(Value::SingleQuotedString(
                    id.value.clone(),
                )));
                rewrite(dialect, e);
                return;
            }
            ident(dialect, id);
        }
        Expr::CompoundIdentifier(ids) => ids.iter_mut().for_each(|id| ident(dialect, id)),
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) | Value::DoubleQuotedString(s) if is_number(s) => {
                *e = number(canonical_number(s));
            }
            Value::DoubleQuotedString(s) => {
                v.value = Value::SingleQuotedString(s.clone());
            }
            Value::Number(n, _) => *e = number(canonical_number(n)),
            _ => {}
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => {
            if let Expr::Value(ValueWithSpan {
                value: Value::Number(n, _),
                ..
            }) = &**expr
                && !n.starts_with('-')
            {
                *e = number(canonical_number(&format!("-{n}")));
            }
        }
        Expr::UnaryOp { expr, .. } => unwrap_operand(expr, 3, false),
        Expr::Cast {
            kind: CastKind::DoubleColon | CastKind::Cast,
            expr,
            data_type,
            ..
        } if is_literal(expr) || is_text_type(data_type) => {
            let mut inner = std::mem::replace(&mut **expr, Expr::value(Value::Null));
            while let Expr::Nested(x) = inner {
                inner = *x;
            }
            *e = inner;
        }
        Expr::Function(f) => {
            for part in &mut f.name.0 {
                if let ObjectNamePart::Identifier(id) = part {
                    id.value = id.value.to_lowercase();
                    id.quote_style = None;
                    // MariaDB stores length() as its synonym octet_length().
                    if dialect == Dialect::Mysql && id.value == "octet_length" {
                        id.value = "length".into();
                    }
                }
            }
            let name = f.name.to_string();
            let no_args = match &f.args {
                sqlparser::ast::FunctionArguments::None => true,
                sqlparser::ast::FunctionArguments::List(list) => list.args.is_empty(),
                sqlparser::ast::FunctionArguments::Subquery(_) => false,
            };
            if no_args
                && matches!(
                    name.as_str(),
                    "now" | "current_timestamp" | "localtimestamp" | "transaction_timestamp"
                )
            {
                *e = Expr::Identifier(Ident::new("CURRENT_TIMESTAMP"));
            } else if matches!(name.as_str(), "current_timestamp" | "now")
                && dialect == Dialect::Mysql
            {
                // MariaDB prints current_timestamp() for CURRENT_TIMESTAMP; precision 0 is
                // the default.
                if let sqlparser::ast::FunctionArguments::List(list) = &f.args
                    && list.args.len() == 1
                    && list.args[0].to_string() == "0"
                {
                    *e = Expr::Identifier(Ident::new("CURRENT_TIMESTAMP"));
                }
            }
        }
        // PostgreSQL prints `x IN (...)` as `x = ANY (ARRAY[...])`, `NOT IN` as `<> ALL`.
        Expr::AnyOp {
            left,
            compare_op: BinaryOperator::Eq,
            right,
            ..
        } => in_list(left, right, false).map_or((), |x| *e = x),
        Expr::AllOp {
            left,
            compare_op: BinaryOperator::NotEq,
            right,
        } => in_list(left, right, true).map_or((), |x| *e = x),
        Expr::BinaryOp { left, op, right } => {
            let p = precedence(&Expr::BinaryOp {
                left: Box::new(Expr::value(Value::Null)),
                op: op.clone(),
                right: Box::new(Expr::value(Value::Null)),
            });
            if p > 0 {
                let associative = matches!(op, BinaryOperator::And | BinaryOperator::Or);
                // Left-associative: `(a - b) - c` is `a - b - c`, `a - (b - c)` is not.
                unwrap_left(left, p, associative);
                unwrap_operand(right, p, associative);
            }
        }
        Expr::IsNull(inner)
        | Expr::IsNotNull(inner)
        | Expr::IsTrue(inner)
        | Expr::IsFalse(inner) => unwrap_operand(inner, 4, false),
        Expr::In { expr, target, .. } => {
            unwrap_operand(expr, 4, false);
            if let InTarget::List(list) = target {
                for item in list {
                    unwrap_operand(item, 0, false);
                }
            }
        }
        Expr::Between {
            expr, low, high, ..
        } => {
            unwrap_operand(expr, 4, false);
            unwrap_operand(low, 5, false);
            unwrap_operand(high, 5, false);
        }
        _ => {}
    }
}

fn unwrap_left(child: &mut Expr, parent: u8, associative: bool) {
    if let Expr::Nested(inner) = child
        && precedence(inner) == parent
        && parent >= 5
    {
        *child = std::mem::replace(&mut **inner, Expr::value(Value::Null));
        return;
    }
    unwrap_operand(child, parent, associative);
}

/// `left IN (elements of right)` when `right` is an array.
fn in_list(left: &mut Box<Expr>, right: &mut Expr, negated: bool) -> Option<Expr> {
    let list = array_elements(right)?;
    Some(Expr::In {
        expr: std::mem::replace(left, Box::new(Expr::value(Value::Null))),
        target: InTarget::List(list),
        negated,
        global: false,
    })
}

/// The elements of `ARRAY[...]` (casts and parentheses already removed).
fn array_elements(expr: &mut Expr) -> Option<Vec<Expr>> {
    let mut current = &mut *expr;
    loop {
        match current {
            Expr::Nested(inner) => current = inner,
            Expr::Cast { expr, .. } => current = expr,
            Expr::Array(array) => return Some(std::mem::take(&mut array.elem)),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_keeps_needed_parentheses() {
        let n = |s| normalize_expression(Dialect::Postgres, s);
        assert_eq!(n("(a + b) * c"), "(a + b) * c");
        assert_eq!(n("a + (b * c)"), "a + b * c");
        assert_eq!(n("a - (b - c)"), "a - (b - c)");
        assert_eq!(n("((a > 0) AND (b > 0))"), "a > 0 AND b > 0");
        assert_eq!(n("(a OR b) AND c"), "(a OR b) AND c");
    }
}
