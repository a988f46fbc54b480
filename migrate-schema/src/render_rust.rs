//! Autogenerate's end: a [`Plan`] as the Rust source of a revision, `upgrade` and
//! `downgrade` made of `op.…` calls over sea-query builders and the column helpers of
//! `migrate_core::schema`, printed by prettyplease.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ddl::ident;
use crate::model::{
    Action, Check, Column, Dialect, EnumType, ForeignKey, Index, IndexKey, PrimaryKey, Table,
    Unique, qualified,
};
use crate::plan::{ConstraintKind, Op, Plan, constraint_name};

/// A generated revision file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedRevision {
    /// The whole file.
    pub source: String,
    /// False when the revision declares `transactional = false` (an enum value added).
    pub transactional: bool,
    /// Why each data-losing operation of the upgrade loses data (also a `// WARNING` comment
    /// in the file).
    pub data_loss: Vec<String>,
}

/// The revision file for `plan` on `dialect`. `template` is the file `cargo migrate revision`
/// writes (`migrate_graph::template::revision_source`): its header, attribute and struct are
/// kept, its bodies replaced; a revision that adds an enum value gets `transactional = false`
/// in its attribute, since PostgreSQL may refuse `ALTER TYPE … ADD VALUE` in a transaction.
pub fn render_revision(
    template: &str,
    struct_name: &str,
    plan: &Plan,
    dialect: Dialect,
) -> Result<GeneratedRevision, RenderError> {
    if let Some(name) = plan.ops.iter().find_map(outside_default_schema) {
        return Err(RenderError::OutsideDefaultSchema { name });
    }
    let transactional = plan.transactional();
    let head = template
        .find("pub struct ")
        .map_or(template, |at| &template[..at]);
    let head = if transactional {
        head.to_string()
    } else {
        add_attribute_argument(head, "transactional = false")
    };
    let name: proc_macro2::Ident =
        syn3::parse_str(struct_name).map_err(|e| RenderError::InvalidRust {
            struct_name: struct_name.to_string(),
            error: e.to_string(),
        })?;
    let upgrade = body(&plan.ops, dialect);
    let downgrade = body(&plan.downgrade(), dialect);
    let tokens = quote! {
        pub struct #name;

        impl Migration for #name {
            async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
                #upgrade
                Ok(())
            }

            async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
                #downgrade
                Ok(())
            }
        }
    };
    let file: syn3::File = syn3::parse2(tokens).map_err(|e| RenderError::InvalidRust {
        struct_name: struct_name.to_string(),
        error: e.to_string(),
    })?;
    let code = with_warnings(&prettyplease::unparse(&file));
    Ok(GeneratedRevision {
        source: format!("{head}{code}"),
        transactional,
        data_loss: plan.data_loss(),
    })
}

/// Why a plan could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The struct name is not a Rust identifier, or a bug of ours produced invalid Rust.
    #[error(
        "the generated revision {struct_name} is not valid Rust ({error}); check that the struct name is an identifier"
    )]
    InvalidRust {
        /// The revision's struct.
        struct_name: String,
        /// syn's complaint.
        error: String,
    },
    /// A change concerns a table or type outside the default schema, which the Rust rendering
    /// does not name yet.
    #[error(
        "cannot generate a revision for {name}: autogenerate renders tables and types of the default schema only; write the change to {name} by hand (`op.execute(...)`), or leave its schema out of `schemas` in [package.metadata.migrate]"
    )]
    OutsideDefaultSchema {
        /// The qualified name of the table or type.
        name: String,
    },
}

/// The first table, type or referenced table of `op` that lives outside the default schema:
/// the Rust rendering names tables by one identifier, so it does not render those yet.
fn outside_default_schema(op: &Op) -> Option<String> {
    let table = |t: &Table| {
        t.schema.is_some().then(|| t.qualified_name()).or_else(|| {
            t.foreign_keys.iter().find_map(|k| {
                k.referenced_schema
                    .as_deref()
                    .map(|s| qualified(Some(s), &k.referenced_table))
            })
        })
    };
    let ty = |t: &EnumType| t.schema.is_some().then(|| enum_name(t));
    match op {
        Op::CreateEnum { ty: t } | Op::DropEnum { ty: t } => ty(t),
        Op::AddEnumValue { to, .. } | Op::ReplaceEnum { to, .. } => ty(to),
        Op::CreateTable { table: t } | Op::DropTable { table: t } => table(t),
        Op::AddForeignKey { table, key } | Op::DropForeignKey { table, key } => key
            .referenced_schema
            .as_deref()
            .map(|s| qualified(Some(s), &key.referenced_table))
            .or_else(|| table.contains('.').then(|| table.clone())),
        Op::RenameTable { from: table, .. }
        | Op::AddColumn { table, .. }
        | Op::DropColumn { table, .. }
        | Op::AlterColumn { table, .. }
        | Op::RenameColumn { table, .. }
        | Op::CreatePrimaryKey { table, .. }
        | Op::DropPrimaryKey { table, .. }
        | Op::AddUnique { table, .. }
        | Op::DropUnique { table, .. }
        | Op::AddCheck { table, .. }
        | Op::DropCheck { table, .. }
        | Op::CreateIndex { table, .. }
        | Op::DropIndex { table, .. } => table.contains('.').then(|| table.clone()),
    }
}

/// The marker a data-losing call carries until prettyplease has printed it; then it becomes
/// a `// WARNING: drops data` comment line.
const WARNING: &str = "__warning_drops_data";

/// prettyplease's text with the warning markers made comments, and a blank line between the
/// struct and its `impl` and between `upgrade` and `downgrade`, as rustfmt leaves them.
fn with_warnings(code: &str) -> String {
    let mut out = String::new();
    let mut previous = "";
    for line in code.lines() {
        let after_item = previous == "}" || previous.ends_with(';') || previous == "    }";
        if after_item && (line.starts_with("impl ") || line.starts_with("    async fn ")) {
            out.push('\n');
        }
        previous = line;
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(&format!("let {WARNING} = \"")) {
            let indent = &line[..line.len() - trimmed.len()];
            let reason = rest.strip_suffix("\";").unwrap_or(rest);
            out.push_str(&format!(
                "{indent}// WARNING: drops data: {}\n",
                reason.replace("\\\"", "\"")
            ));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Inserts `argument` before the `message = …` argument of the `#[migration(...)]` attribute,
/// one line or one argument a line as rustfmt would (70 columns of arguments at most on one
/// line).
fn add_attribute_argument(head: &str, argument: &str) -> String {
    let Some(start) = head.find("#[migration(") else {
        return head.to_string();
    };
    let Some(end) = head[start..].find(")]\n").map(|e| start + e) else {
        return head.to_string();
    };
    let inner = &head[start + "#[migration(".len()..end];
    let mut args = split_arguments(inner);
    let at = args
        .iter()
        .position(|a| a.starts_with("message"))
        .unwrap_or(args.len());
    args.insert(at, argument.to_string());
    let all_literals = args.iter().all(|a| {
        a.split_once('=')
            .is_some_and(|(_, v)| v.trim().starts_with('"') || v.trim() == "false")
    });
    let one_line = args.join(", ");
    let fits = if all_literals {
        one_line.chars().count() <= 70
    } else {
        one_line.chars().count() + "#[migration()]".len() <= 100
    };
    let attribute = if fits {
        format!("#[migration({one_line})]")
    } else {
        format!("#[migration(\n    {}\n)]", args.join(",\n    "))
    };
    format!("{}{attribute}{}", &head[..start], &head[end + 2..])
}

/// The top-level comma-separated arguments of an attribute (commas in strings and tuples
/// kept).
fn split_arguments(inner: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut current = String::new();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for c in inner.chars() {
        if in_string {
            current.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                args.push(current.trim().to_string());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        args.push(current.trim().to_string());
    }
    args
}

fn body(ops: &[Op], dialect: Dialect) -> TokenStream {
    let mut out = TokenStream::new();
    for op in ops {
        if let Some(reason) = op.data_loss() {
            let marker = format_ident!("{}", WARNING);
            out.extend(quote! { let #marker = #reason; });
        }
        out.extend(statements(op, dialect));
    }
    out
}

fn statements(op: &Op, d: Dialect) -> TokenStream {
    match op {
        Op::CreateEnum { ty } => {
            let sql = format!("CREATE TYPE {} AS ENUM ({})", enum_name(ty), labels(ty));
            execute(&sql)
        }
        Op::DropEnum { ty } => execute(&format!("DROP TYPE {}", enum_name(ty))),
        Op::AddEnumValue {
            to, label, before, ..
        } => {
            let position = match before {
                Some(b) => format!(" BEFORE {}", literal(b)),
                None => String::new(),
            };
            execute(&format!(
                "ALTER TYPE {} ADD VALUE {}{position}",
                enum_name(to),
                literal(label)
            ))
        }
        Op::ReplaceEnum { from, to, columns } => {
            let name = enum_name(to);
            let old = format!("{}_old", from.name);
            let mut sql = vec![
                format!("ALTER TYPE {} RENAME TO {old}", enum_name(from)),
                format!("CREATE TYPE {name} AS ENUM ({})", labels(to)),
            ];
            for c in columns {
                let (table, column) = (ident(d, &c.table), ident(d, &c.column));
                let alter = format!("ALTER TABLE {table} ALTER COLUMN {column}");
                // A default of the old type cannot be cast: off during the conversion.
                if c.default.is_some() {
                    sql.push(format!("{alter} DROP DEFAULT"));
                }
                sql.push(format!("{alter} TYPE {name} USING {column}::text::{name}"));
                if let Some(default) = &c.default {
                    sql.push(format!("{alter} SET DEFAULT {default}"));
                }
            }
            let schema = from
                .schema
                .as_deref()
                .map_or(String::new(), |s| format!("{s}."));
            sql.push(format!("DROP TYPE {schema}{old}"));
            sql.iter().map(|s| execute(s)).collect()
        }
        Op::CreateTable { table } => create_table(table, d),
        Op::DropTable { table } => {
            let name = table.qualified_name();
            quote! { op.drop_table(Table::drop().table(#name)).await?; }
        }
        Op::RenameTable { from, to } => {
            quote! { op.rename_table(Table::rename().table(#from, #to)).await?; }
        }
        Op::AddColumn { table, column } => {
            let def = column_def(column, false, d);
            quote! { op.add_column(#table, #def).await?; }
        }
        Op::DropColumn { table, column } => {
            let name = &column.name;
            quote! { op.drop_column(#table, #name).await?; }
        }
        Op::AlterColumn { table, from, to } => {
            let def = column_def(to, false, d);
            let mut out = TokenStream::new();
            if d == Dialect::Postgres {
                // `alter_column` sets the type, nullability and a new default; PostgreSQL keeps
                // an old default it is not told to drop. Between types with no assignment cast
                // it needs `USING` (through text, which every type reads), and the old default
                // off first (it cannot be cast either).
                let cast = family(&from.column_type) != family(&to.column_type);
                let (t, c, ty) = (ident(d, table), ident(d, &to.name), &to.column_type);
                let alter = format!("ALTER TABLE {t} ALTER COLUMN {c}");
                if from.default.is_some() && (cast || to.default.is_none()) {
                    out.extend(execute(&format!("{alter} DROP DEFAULT")));
                }
                if cast {
                    out.extend(execute(&format!("{alter} TYPE {ty} USING {c}::text::{ty}")));
                }
            }
            out.extend(quote! { op.alter_column(#table, #def).await?; });
            out
        }
        Op::RenameColumn { table, from, to } => {
            quote! { op.rename_column(#table, #from, #to).await?; }
        }
        Op::CreatePrimaryKey { table, key } => {
            let name = primary_key_name(table, key, d);
            let columns = &key.columns;
            quote! { op.create_primary_key(#name, #table, &[#(#columns),*]).await?; }
        }
        Op::DropPrimaryKey { table, key } => {
            let name = primary_key_name(table, key, d);
            quote! { op.drop_primary_key(#table, #name).await?; }
        }
        Op::AddForeignKey { table, key } => {
            let fk = foreign_key(table, key, d);
            quote! { op.create_foreign_key(#fk).await?; }
        }
        Op::DropForeignKey { table, key } => {
            let name = foreign_key_name(table, key, d);
            quote! { op.drop_foreign_key(#table, #name).await?; }
        }
        Op::AddUnique { table, unique } => {
            let name = unique_name(table, unique, d);
            let columns = &unique.columns;
            quote! { op.create_unique_constraint(#name, #table, &[#(#columns),*]).await?; }
        }
        Op::DropUnique { table, unique } => {
            let name = unique_name(table, unique, d);
            quote! { op.drop_constraint(#table, #name).await?; }
        }
        Op::AddCheck { table, check } => {
            let name = check_name(table, check, d);
            let expression = &check.expression;
            quote! { op.create_check_constraint(#name, #table, #expression).await?; }
        }
        Op::DropCheck { table, check } => {
            let name = check_name(table, check, d);
            quote! { op.drop_constraint(#table, #name).await?; }
        }
        Op::CreateIndex { table, index } => create_index(table, index, d),
        Op::DropIndex { table, index } => {
            let name = &index.name;
            quote! { op.drop_index(Index::drop().name(#name).table(#table)).await?; }
        }
    }
}

fn execute(sql: &str) -> TokenStream {
    quote! { op.execute(#sql).await?; }
}

fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn enum_name(ty: &EnumType) -> String {
    qualified(ty.schema.as_deref(), &ty.name)
}

fn labels(ty: &EnumType) -> String {
    ty.labels
        .iter()
        .map(|l| literal(l))
        .collect::<Vec<_>>()
        .join(", ")
}

fn primary_key_name(table: &str, key: &PrimaryKey, d: Dialect) -> String {
    key.name
        .clone()
        .unwrap_or_else(|| constraint_name(d, table, ConstraintKind::PrimaryKey, &key.columns, ""))
}

fn foreign_key_name(table: &str, key: &ForeignKey, d: Dialect) -> String {
    key.name
        .clone()
        .unwrap_or_else(|| constraint_name(d, table, ConstraintKind::ForeignKey, &key.columns, ""))
}

fn unique_name(table: &str, unique: &Unique, d: Dialect) -> String {
    unique
        .name
        .clone()
        .unwrap_or_else(|| constraint_name(d, table, ConstraintKind::Unique, &unique.columns, ""))
}

fn check_name(table: &str, check: &Check, d: Dialect) -> String {
    check
        .name
        .clone()
        .unwrap_or_else(|| constraint_name(d, table, ConstraintKind::Check, &[], &check.expression))
}

/// The column helper of `migrate_core::schema` for a normalized type, when one writes it on
/// `d` (sea-query writes `big_integer` as SQLite's `integer`, so there the type is spelled out).
fn helper(column_type: &str, nullable: bool, d: Dialect) -> Option<proc_macro2::Ident> {
    let stem = match column_type {
        "integer" => "integer",
        "bigint" if d != Dialect::Sqlite => "big_integer",
        "text" => "text",
        "boolean" => "boolean",
        _ => return None,
    };
    let name = if nullable {
        format!("{stem}_null")
    } else {
        stem.to_string()
    };
    Some(format_ident!("{}", name))
}

/// A `ColumnDef` expression; `owned` for `.col(…)`, else `&mut …` for `add_column`.
fn column_def(c: &Column, owned: bool, d: Dialect) -> TokenStream {
    let name = &c.name;
    let mut chain = TokenStream::new();
    if let Some(default) = &c.default {
        chain.extend(quote! { .default(Expr::cust(#default)) });
    }
    if c.auto_increment {
        chain.extend(quote! { .auto_increment() });
    }
    if let Some(comment) = &c.comment {
        chain.extend(quote! { .comment(#comment) });
    }
    let base = match helper(&c.column_type, c.nullable, d) {
        Some(helper) => quote! { #helper(#name) },
        None => {
            let ty = &c.column_type;
            let null = if c.nullable {
                quote! { .null() }
            } else {
                quote! { .not_null() }
            };
            return quote! { ColumnDef::new(#name).custom(#ty) #null #chain };
        }
    };
    if chain.is_empty() && !owned {
        quote! { &mut #base }
    } else {
        quote! { #base #chain }
    }
}

fn action(a: Action) -> Option<TokenStream> {
    Some(match a {
        Action::NoAction => return None,
        Action::Restrict => quote! { ForeignKeyAction::Restrict },
        Action::Cascade => quote! { ForeignKeyAction::Cascade },
        Action::SetNull => quote! { ForeignKeyAction::SetNull },
        Action::SetDefault => quote! { ForeignKeyAction::SetDefault },
    })
}

/// `ForeignKey::create()…`, named (the name given, or the one the database would give).
fn foreign_key(table: &str, key: &ForeignKey, d: Dialect) -> TokenStream {
    let name = foreign_key_name(table, key, d);
    let mut out = quote! { ForeignKey::create().name(#name) };
    out.extend(quote! { .from_tbl(#table) });
    for c in &key.columns {
        out.extend(quote! { .from_col(#c) });
    }
    let to = qualified(key.referenced_schema.as_deref(), &key.referenced_table);
    out.extend(quote! { .to_tbl(#to) });
    for c in &key.referenced_columns {
        out.extend(quote! { .to_col(#c) });
    }
    if let Some(a) = action(key.on_delete) {
        out.extend(quote! { .on_delete(#a) });
    }
    if let Some(a) = action(key.on_update) {
        out.extend(quote! { .on_update(#a) });
    }
    out
}

fn create_table(t: &Table, d: Dialect) -> TokenStream {
    let name = t.qualified_name();
    // A single auto-incrementing integer key is `pk_auto` (SQLite needs it inline).
    let auto_key = t
        .primary_key
        .as_ref()
        .and_then(|pk| match pk.columns.as_slice() {
            [only] if pk.name.is_none() => t
                .column(only)
                .filter(|c| c.auto_increment && !c.nullable && c.default.is_none())
                .and_then(|c| match c.column_type.as_str() {
                    "integer" => Some((only.clone(), format_ident!("pk_auto"), c.comment.clone())),
                    "bigint" => Some((
                        only.clone(),
                        format_ident!("pk_big_auto"),
                        c.comment.clone(),
                    )),
                    _ => None,
                }),
            _ => None,
        });
    let mut chain = quote! { Table::create().table(#name) };
    for c in &t.columns {
        match &auto_key {
            Some((key, helper, comment)) if *key == c.name => {
                let comment = comment.as_ref().map(|c| quote! { .comment(#c) });
                chain.extend(quote! { .col(#helper(#key) #comment) });
            }
            _ => {
                let def = column_def(c, true, d);
                chain.extend(quote! { .col(#def) });
            }
        }
    }
    if let Some(pk) = &t.primary_key
        && auto_key.is_none()
    {
        let mut key = quote! { Index::create() };
        if let Some(n) = &pk.name {
            key.extend(quote! { .name(#n) });
        }
        for c in &pk.columns {
            key.extend(quote! { .col(#c) });
        }
        chain.extend(quote! { .primary_key(#key) });
    }
    // Constraints nobody named get the name the database would give them, so that a later
    // revision drops them by that name on every database (SQLite keeps them unnamed, and the
    // replay knows only the names it is told); introspection normalizes it away again.
    for fk in &t.foreign_keys {
        let fk = foreign_key(&name, fk, d);
        chain.extend(quote! { .foreign_key(#fk) });
    }
    for u in &t.uniques {
        let n = unique_name(&name, u, d);
        let mut key = quote! { Index::create().unique().name(#n) };
        for c in &u.columns {
            key.extend(quote! { .col(#c) });
        }
        chain.extend(quote! { .index(#key) });
    }
    for c in &t.checks {
        let (n, expression) = (check_name(&name, c, d), &c.expression);
        chain.extend(
            quote! { .check(migrate_core::sea_query::Check::named(#n, Expr::cust(#expression))) },
        );
    }
    if let Some(comment) = &t.comment {
        chain.extend(quote! { .comment(#comment) });
    }
    let mut out = quote! { op.create_table(#chain).await?; };
    for index in &t.indexes {
        out.extend(create_index(&name, index, d));
    }
    out
}

/// The family of a normalized PostgreSQL type: types of one family convert into each other
/// by assignment casts (`ALTER COLUMN … TYPE` needs no `USING`).
fn family(column_type: &str) -> &str {
    let head = column_type.split('(').next().unwrap_or(column_type);
    match head {
        "smallint" | "integer" | "bigint" | "numeric" | "real" | "double precision" => "number",
        "text" | "varchar" | "char" => "text",
        "date" | "timestamp" | "timestamptz" => "time",
        "json" | "jsonb" => "json",
        other => other,
    }
}

/// `op.create_index(Index::create()…)`; an index with an expression part is raw SQL (sea-query
/// writes expression parts on no database but PostgreSQL).
fn create_index(table: &str, index: &Index, d: Dialect) -> TokenStream {
    let name = &index.name;
    if index
        .parts
        .iter()
        .any(|p| matches!(p.key, IndexKey::Expression(_)))
    {
        return execute(&crate::ddl::index(d, table, index));
    }
    let mut out = quote! { Index::create().name(#name).table(#table) };
    if index.unique {
        out.extend(quote! { .unique() });
    }
    for part in &index.parts {
        let key = match &part.key {
            IndexKey::Column(c) => quote! { #c },
            IndexKey::Expression(e) => quote! { Expr::cust(#e) },
        };
        if part.descending {
            out.extend(quote! { .col((#key, migrate_core::sea_query::IndexOrder::Desc)) });
        } else {
            out.extend(quote! { .col(#key) });
        }
    }
    if let Some(predicate) = &index.predicate {
        out.extend(quote! { .and_where(Expr::cust(#predicate)) });
    }
    quote! { op.create_index(#out).await?; }
}
