//! `#[derive(Model)]` and `#[derive(ModelEnum)]`: a struct declares a table, a fieldless enum
//! a database enum type. The derive checks what one item can check (keys, value types, column
//! names in its own indexes, the `table.column` form of `references`) and registers a const
//! description with `inventory`; checks across models (a reference to a table no model
//! declares, two models of one table) run where all models are visible, in
//! `migrate_core::models::Models::registered`, because models may live in several crates.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, LitBool, LitInt, LitStr, Token};

use crate::attr::Errors;

/// The keys `#[model(...)]` accepts on a struct.
const STRUCT_KEYS: &[&str] = &[
    "table",
    "renamed_from",
    "comment",
    "index",
    "unique",
    "check",
];
/// The keys `#[model(...)]` accepts on a field.
const FIELD_KEYS: &[&str] = &[
    "primary_key",
    "auto_increment",
    "unique",
    "index",
    "max_length",
    "default",
    "column_type",
    "references",
    "foreign_key_name",
    "on_delete",
    "on_update",
    "renamed_from",
    "comment",
];
/// The keys of a struct-level `index(...)`.
const INDEX_KEYS: &[&str] = &["columns", "unique", "name", "where"];
/// The keys of a struct-level `unique(...)`.
const UNIQUE_KEYS: &[&str] = &["columns", "name"];
/// The keys of a struct-level `check(...)`.
const CHECK_KEYS: &[&str] = &["name", "expr"];
/// The referential actions `on_delete`/`on_update` accept.
const ACTIONS: &[&str] = &[
    "no_action",
    "restrict",
    "cascade",
    "set_null",
    "set_default",
];

/// `PostStatus` → `post_status`.
pub(crate) fn snake_case(name: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let after_lower = i > 0 && (chars[i - 1].is_lowercase() || chars[i - 1].is_numeric());
            let before_lower = i > 0 && chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if after_lower || (before_lower && chars[i - 1].is_uppercase()) {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(*c);
        }
    }
    out
}

/// The name of a key, as written.
fn key_name(meta: &ParseNestedMeta) -> String {
    quote::ToTokens::to_token_stream(&meta.path)
        .to_string()
        .replace(' ', "")
}

/// The error for a key outside `keys`, spanned at the key.
fn unknown(meta: &ParseNestedMeta, place: &str, keys: &[&str]) -> syn::Error {
    let shown = key_name(meta);
    let hint = keys
        .iter()
        .find(|key| crate::attr::edit_distance(key, &shown) <= 2)
        .map(|key| format!("did you mean `{key}`? "))
        .unwrap_or_default();
    syn::Error::new(
        meta.path.span(),
        format!(
            "unknown key `{shown}` in {place}: {hint}expected one of {}",
            keys.join(", ")
        ),
    )
}

/// Skips whatever follows an unknown key (`= value` or `(...)`), so parsing goes on.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let _ = meta.parse_nested_meta(|inner| skip_value(&inner));
    }
    Ok(())
}

/// `key = "text"`, or a spanned error naming the expected form.
fn string(meta: &ParseNestedMeta, example: &str) -> syn::Result<LitStr> {
    let key = key_name(meta);
    if !meta.input.peek(Token![=]) {
        skip_value(meta)?;
        return Err(syn::Error::new(
            meta.path.span(),
            format!("`{key}` takes a string: {key} = {example}"),
        ));
    }
    let value = meta.value()?;
    let expr: syn::Expr = value.parse()?;
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(lit),
            ..
        }) => Ok(lit),
        other => Err(syn::Error::new(
            other.span(),
            format!("`{key}` takes a string literal: {key} = {example}"),
        )),
    }
}

/// A flag (`primary_key`), or `primary_key = true/false`.
fn flag(meta: &ParseNestedMeta) -> syn::Result<bool> {
    if !meta.input.peek(Token![=]) {
        return Ok(true);
    }
    let key = key_name(meta);
    let expr: syn::Expr = meta.value()?.parse()?;
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Bool(LitBool { value, .. }),
            ..
        }) => Ok(value),
        other => Err(syn::Error::new(
            other.span(),
            format!("`{key}` is a flag: write `{key}` alone, or {key} = true"),
        )),
    }
}

/// `columns = ["a", "b"]`.
fn columns(meta: &ParseNestedMeta) -> syn::Result<Vec<LitStr>> {
    let expr: syn::Expr = meta.value()?.parse()?;
    let wrong = |span: Span| {
        syn::Error::new(
            span,
            "`columns` takes a list of column names: columns = [\"author_id\", \"title\"]",
        )
    };
    let syn::Expr::Array(array) = expr else {
        return Err(wrong(expr.span()));
    };
    let mut out = Vec::new();
    for element in array.elems {
        match element {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(lit),
                ..
            }) => out.push(lit),
            other => return Err(wrong(other.span())),
        }
    }
    if out.is_empty() {
        return Err(wrong(array.bracket_token.span.join()));
    }
    Ok(out)
}

/// Remembers the keys seen in one attribute list; a repeated key is an error on the second.
#[derive(Default)]
struct Seen(Vec<String>);

impl Seen {
    fn first(&mut self, meta: &ParseNestedMeta, place: &str) -> syn::Result<()> {
        let key = key_name(meta);
        if self.0.contains(&key) {
            return Err(syn::Error::new(
                meta.path.span(),
                format!("`{key}` is given twice in {place}: keep one"),
            ));
        }
        self.0.push(key);
        Ok(())
    }
}

/// A struct-level `index(...)` or `unique(...)`.
#[derive(Default)]
struct IndexAttr {
    columns: Vec<LitStr>,
    unique: bool,
    name: Option<LitStr>,
    predicate: Option<LitStr>,
}

/// A struct-level `check(...)`.
struct CheckAttr {
    name: Option<LitStr>,
    expr: LitStr,
}

/// What the struct's `#[model(...)]` says.
#[derive(Default)]
struct StructAttrs {
    table: Option<LitStr>,
    renamed_from: Option<LitStr>,
    comment: Option<LitStr>,
    indexes: Vec<IndexAttr>,
    uniques: Vec<IndexAttr>,
    checks: Vec<CheckAttr>,
}

fn parse_index(meta: &ParseNestedMeta, keys: &[&str], place: &str) -> syn::Result<IndexAttr> {
    let mut index = IndexAttr::default();
    let mut seen = Seen::default();
    let mut wrong = Errors::default();
    meta.parse_nested_meta(|inner| {
        let key = key_name(&inner);
        let result = (|| {
            if !keys.contains(&key.as_str()) {
                let error = unknown(&inner, place, keys);
                skip_value(&inner)?;
                return Err(error);
            }
            seen.first(&inner, place)?;
            match key.as_str() {
                "columns" => index.columns = columns(&inner)?,
                "unique" => index.unique = flag(&inner)?,
                "name" => index.name = Some(string(&inner, "\"ix_post_title\"")?),
                _ => index.predicate = Some(string(&inner, "\"published_at IS NOT NULL\"")?),
            }
            Ok(())
        })();
        if let Err(error) = result {
            wrong.push(error);
        }
        Ok(())
    })?;
    if let Some(error) = wrong.0.take() {
        return Err(error);
    }
    if index.columns.is_empty() {
        return Err(syn::Error::new(
            meta.path.span(),
            format!("missing `columns` in {place}, e.g. columns = [\"title\"]"),
        ));
    }
    Ok(index)
}

impl StructAttrs {
    fn parse(&mut self, meta: ParseNestedMeta) -> syn::Result<()> {
        let key = key_name(&meta);
        let place = "#[model] on a struct";
        if !STRUCT_KEYS.contains(&key.as_str()) {
            let error = unknown(&meta, place, STRUCT_KEYS);
            skip_value(&meta)?;
            return Err(error);
        }
        match key.as_str() {
            "index" => self
                .indexes
                .push(parse_index(&meta, INDEX_KEYS, "#[model(index(...))]")?),
            "unique" => {
                self.uniques
                    .push(parse_index(&meta, UNIQUE_KEYS, "#[model(unique(...))]")?)
            }
            "check" => {
                let place = "#[model(check(...))]";
                let (mut name, mut expr) = (None, None);
                let mut seen = Seen::default();
                meta.parse_nested_meta(|inner| {
                    let key = key_name(&inner);
                    if !CHECK_KEYS.contains(&key.as_str()) {
                        let error = unknown(&inner, place, CHECK_KEYS);
                        skip_value(&inner)?;
                        return Err(error);
                    }
                    seen.first(&inner, place)?;
                    if key == "name" {
                        name = Some(string(&inner, "\"ck_post_title\"")?);
                    } else {
                        expr = Some(string(&inner, "\"length(title) > 0\"")?);
                    }
                    Ok(())
                })?;
                let Some(expr) = expr else {
                    return Err(syn::Error::new(
                        meta.path.span(),
                        "missing `expr` in #[model(check(...))], e.g. check(name = \"ck_post_title\", expr = \"length(title) > 0\")",
                    ));
                };
                self.checks.push(CheckAttr { name, expr });
            }
            "table" if self.table.is_some() => return Err(twice(&meta, place)),
            "table" => self.table = Some(string(&meta, "\"post\"")?),
            "renamed_from" if self.renamed_from.is_some() => return Err(twice(&meta, place)),
            "renamed_from" => self.renamed_from = Some(string(&meta, "\"old_name\"")?),
            _ if self.comment.is_some() => return Err(twice(&meta, place)),
            _ => self.comment = Some(string(&meta, "\"the posts\"")?),
        }
        Ok(())
    }
}

fn twice(meta: &ParseNestedMeta, place: &str) -> syn::Error {
    syn::Error::new(
        meta.path.span(),
        format!("`{}` is given twice in {place}: keep one", key_name(meta)),
    )
}

/// What a field's `#[model(...)]` says.
#[derive(Default)]
struct FieldAttrs {
    primary_key: bool,
    auto_increment: bool,
    unique: bool,
    index: bool,
    max_length: Option<LitInt>,
    default: Option<LitStr>,
    column_type: Option<LitStr>,
    references: Option<(LitStr, String, String)>,
    foreign_key_name: Option<LitStr>,
    on_delete: Option<LitStr>,
    on_update: Option<LitStr>,
    renamed_from: Option<LitStr>,
    comment: Option<LitStr>,
}

fn action(meta: &ParseNestedMeta) -> syn::Result<LitStr> {
    let lit = string(meta, "\"cascade\"")?;
    let value = lit.value().to_lowercase().replace(' ', "_");
    if !ACTIONS.contains(&value.as_str()) {
        return Err(syn::Error::new(
            lit.span(),
            format!(
                "unknown action {:?} in `{}`: expected one of {}",
                lit.value(),
                key_name(meta),
                ACTIONS.join(", ")
            ),
        ));
    }
    Ok(LitStr::new(&value, lit.span()))
}

impl FieldAttrs {
    fn parse(&mut self, meta: ParseNestedMeta, seen: &mut Seen) -> syn::Result<()> {
        let key = key_name(&meta);
        let place = "#[model] on a field";
        if !FIELD_KEYS.contains(&key.as_str()) {
            let error = unknown(&meta, place, FIELD_KEYS);
            skip_value(&meta)?;
            return Err(error);
        }
        seen.first(&meta, place)?;
        match key.as_str() {
            "primary_key" => self.primary_key = flag(&meta)?,
            "auto_increment" => self.auto_increment = flag(&meta)?,
            "unique" => self.unique = flag(&meta)?,
            "index" => self.index = flag(&meta)?,
            "max_length" => {
                let expr: syn::Expr = meta.value()?.parse()?;
                match expr {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Int(lit),
                        ..
                    }) if lit.base10_parse::<u32>().is_ok_and(|n| n > 0) => {
                        self.max_length = Some(lit)
                    }
                    other => {
                        return Err(syn::Error::new(
                            other.span(),
                            "`max_length` takes a positive integer: max_length = 200",
                        ));
                    }
                }
            }
            "default" => self.default = Some(string(&meta, "\"0\" (an SQL expression)")?),
            "column_type" => self.column_type = Some(string(&meta, "\"numeric(10,2)\"")?),
            "references" => {
                let lit = string(&meta, "\"user.id\"")?;
                let value = lit.value();
                match value.rsplit_once('.') {
                    Some((table, column)) if !table.is_empty() && !column.is_empty() => {
                        self.references = Some((lit.clone(), table.into(), column.into()))
                    }
                    _ => {
                        return Err(syn::Error::new(
                            lit.span(),
                            format!(
                                "`references` names a table and a column: references = \"user.id\", not {value:?}"
                            ),
                        ));
                    }
                }
            }
            "foreign_key_name" => {
                self.foreign_key_name = Some(string(&meta, "\"fk_post_author\"")?)
            }
            "on_delete" => self.on_delete = Some(action(&meta)?),
            "on_update" => self.on_update = Some(action(&meta)?),
            "renamed_from" => self.renamed_from = Some(string(&meta, "\"old_name\"")?),
            _ => self.comment = Some(string(&meta, "\"the author\"")?),
        }
        Ok(())
    }
}

/// Parses every `#[model(...)]` among `attrs` with `parse`, gathering errors.
fn each_model_attr(
    attrs: &[syn::Attribute],
    errors: &mut Errors,
    mut parse: impl FnMut(ParseNestedMeta) -> syn::Result<()>,
) {
    for attr in attrs.iter().filter(|a| a.path().is_ident("model")) {
        // A wrong value is reported and parsing goes on with the next key, so that every
        // mistake of an attribute shows at once; a syntax error stops that attribute.
        let mut wrong = Errors::default();
        let result = attr.parse_nested_meta(|meta| {
            if let Err(error) = parse(meta) {
                wrong.push(error);
            }
            Ok(())
        });
        if let Some(error) = wrong.0.take() {
            errors.push(error);
        }
        if let Err(error) = result {
            errors.push(error);
        }
    }
}

fn option(lit: &Option<LitStr>) -> TokenStream {
    match lit {
        Some(lit) => quote!(::core::option::Option::Some(#lit)),
        None => quote!(::core::option::Option::None),
    }
}

/// True when `ty` is written `Option<…>` (for columns whose type `column_type` gives).
fn is_option(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.qself.is_none()
        && p.path.segments.last().is_some_and(|s| s.ident == "Option"))
}

/// Expands `#[derive(Model)]`.
pub(crate) fn expand_model(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    let mut errors = Errors::default();
    let mut attrs = StructAttrs::default();
    each_model_attr(&input.attrs, &mut errors, |meta| attrs.parse(meta));
    let name = &input.ident;
    let fields = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => named.named.iter().collect::<Vec<_>>(),
            _ => {
                errors.push(syn::Error::new(
                    name.span(),
                    "#[derive(Model)] goes on a struct with named fields, one per column",
                ));
                Vec::new()
            }
        },
        _ => {
            errors.push(syn::Error::new(
                name.span(),
                "#[derive(Model)] goes on a struct with named fields; for an enum type use #[derive(ModelEnum)]",
            ));
            Vec::new()
        }
    };
    if !input.generics.params.is_empty() {
        errors.push(syn::Error::new(
            input.generics.span(),
            "#[derive(Model)] goes on a struct without generics",
        ));
    }
    let table = attrs
        .table
        .as_ref()
        .map(LitStr::value)
        .unwrap_or_else(|| snake_case(&name.to_string()));
    let private = quote!(::migrate_core::__private_v1);

    let mut columns = Vec::new();
    let mut column_names = Vec::new();
    for field in &fields {
        let mut field_attrs = FieldAttrs::default();
        let mut seen = Seen::default();
        each_model_attr(&field.attrs, &mut errors, |meta| {
            field_attrs.parse(meta, &mut seen)
        });
        let Some(ident) = &field.ident else { continue };
        let column = ident.to_string();
        let column = column.strip_prefix("r#").unwrap_or(&column).to_string();
        column_names.push(column.clone());
        let ty = &field.ty;
        let f = &field_attrs;
        if f.max_length.is_some() && f.column_type.is_some() {
            errors.push(syn::Error::new(
                f.column_type
                    .as_ref()
                    .map_or(Span::call_site(), LitStr::span),
                "`column_type` and `max_length` both set the type: keep one",
            ));
        }
        let describe = match &f.column_type {
            Some(_) => quote!(::core::option::Option::None),
            None => quote_spanned! {ty.span()=>
                ::core::option::Option::Some(<#ty as #private::ModelType>::model_type)
            },
        };
        let max_length = match &f.max_length {
            Some(lit) => quote!(::core::option::Option::Some(#lit)),
            None => quote!(::core::option::Option::None),
        };
        let (references, referenced_table, referenced_column) = match &f.references {
            Some((lit, table, column)) => (
                quote!(::core::option::Option::Some(#lit)),
                quote!(#table),
                quote!(#column),
            ),
            None => (quote!(::core::option::Option::None), quote!(""), quote!("")),
        };
        if f.references.is_none() {
            for (lit, key) in [
                (&f.on_delete, "on_delete"),
                (&f.on_update, "on_update"),
                (&f.foreign_key_name, "foreign_key_name"),
            ] {
                if let Some(lit) = lit {
                    errors.push(syn::Error::new(
                        lit.span(),
                        format!(
                            "`{key}` belongs to a foreign key: add references = \"table.column\""
                        ),
                    ));
                }
            }
        }
        let column_type = option(&f.column_type);
        let default = option(&f.default);
        let fk_name = option(&f.foreign_key_name);
        let on_delete = f
            .on_delete
            .as_ref()
            .map_or(quote!("no_action"), |l| quote!(#l));
        let on_update = f
            .on_update
            .as_ref()
            .map_or(quote!("no_action"), |l| quote!(#l));
        let renamed_from = option(&f.renamed_from);
        let comment = option(&f.comment);
        let nullable = is_option(ty);
        let (primary_key, auto_increment, unique, index) =
            (f.primary_key, f.auto_increment, f.unique, f.index);
        columns.push(quote! {
            #private::ColumnInfo {
                name: #column,
                describe: #describe,
                column_type: #column_type,
                written_option: #nullable,
                max_length: #max_length,
                primary_key: #primary_key,
                auto_increment: #auto_increment,
                unique: #unique,
                index: #index,
                default: #default,
                references: #references,
                referenced_table: #referenced_table,
                referenced_column: #referenced_column,
                foreign_key_name: #fk_name,
                on_delete: #on_delete,
                on_update: #on_update,
                renamed_from: #renamed_from,
                comment: #comment,
            }
        });
    }

    let check_columns = |list: &[LitStr], errors: &mut Errors| {
        for lit in list {
            if !column_names.contains(&lit.value()) {
                errors.push(syn::Error::new(
                    lit.span(),
                    format!(
                        "no column {:?} in model `{name}`: its columns are {}",
                        lit.value(),
                        column_names.join(", ")
                    ),
                ));
            }
        }
    };
    let mut indexes = Vec::new();
    for index in &attrs.indexes {
        check_columns(&index.columns, &mut errors);
        let cols = index.columns.iter();
        let index_name = option(&index.name);
        let predicate = option(&index.predicate);
        let unique = index.unique;
        indexes.push(quote! {
            #private::IndexInfo { name: #index_name, columns: &[#(#cols),*], unique: #unique, predicate: #predicate }
        });
    }
    let mut uniques = Vec::new();
    for unique in &attrs.uniques {
        check_columns(&unique.columns, &mut errors);
        let cols = unique.columns.iter();
        let unique_name = option(&unique.name);
        uniques.push(quote! {
            #private::UniqueInfo { name: #unique_name, columns: &[#(#cols),*] }
        });
    }
    let checks = attrs.checks.iter().map(|c| {
        let check_name = option(&c.name);
        let expr = &c.expr;
        quote!(#private::CheckInfo { name: #check_name, expr: #expr })
    });
    let renamed_from = option(&attrs.renamed_from);
    let comment = option(&attrs.comment);
    let errs = errors.to_compile_errors();
    let doc = format!("The table `{table}`.");
    quote! {
        #errs
        impl ::migrate_core::models::Model for #name {
            #[doc = #doc]
            const TABLE: &'static str = #table;
        }
        #private::inventory::submit! {
            #private::ModelInfo {
                name: ::core::stringify!(#name),
                table: #table,
                renamed_from: #renamed_from,
                comment: #comment,
                columns: &[#(#columns),*],
                indexes: &[#(#indexes),*],
                uniques: &[#(#uniques),*],
                checks: &[#(#checks),*],
                file: ::core::file!(),
                line: ::core::line!(),
                module: ::core::module_path!(),
            }
        }
    }
}

/// Expands `#[derive(ModelEnum)]`.
pub(crate) fn expand_enum(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    let mut errors = Errors::default();
    let name = &input.ident;
    let mut type_name: Option<LitStr> = None;
    each_model_attr(&input.attrs, &mut errors, |meta| {
        if !meta.path.is_ident("name") {
            let error = unknown(&meta, "#[model] on an enum", &["name"]);
            skip_value(&meta)?;
            return Err(error);
        }
        type_name = Some(string(&meta, "\"post_status\"")?);
        Ok(())
    });
    let mut labels = Vec::new();
    let mut variants = Vec::new();
    match &input.data {
        Data::Enum(data) => {
            for variant in &data.variants {
                if !matches!(variant.fields, Fields::Unit) {
                    errors.push(syn::Error::new(
                        variant.fields.span(),
                        "#[derive(ModelEnum)] takes fieldless variants: each is one label of the enum type",
                    ));
                }
                let mut label = snake_case(&variant.ident.to_string());
                each_model_attr(&variant.attrs, &mut errors, |meta| {
                    if !meta.path.is_ident("rename") {
                        let error = unknown(&meta, "#[model] on a variant", &["rename"]);
                        skip_value(&meta)?;
                        return Err(error);
                    }
                    label = string(&meta, "\"in_review\"")?.value();
                    Ok(())
                });
                if labels.contains(&label) {
                    errors.push(syn::Error::new(
                        variant.ident.span(),
                        format!("the label {label:?} is given twice in enum `{name}`: rename one"),
                    ));
                }
                labels.push(label);
                variants.push((&variant.ident, matches!(variant.fields, Fields::Unit)));
            }
        }
        _ => errors.push(syn::Error::new(
            name.span(),
            "#[derive(ModelEnum)] goes on a fieldless enum; for a table use #[derive(Model)]",
        )),
    }
    let type_name = type_name
        .as_ref()
        .map(LitStr::value)
        .unwrap_or_else(|| snake_case(&name.to_string()));
    let private = quote!(::migrate_core::__private_v1);
    let errs = errors.to_compile_errors();
    let arms = variants
        .iter()
        .zip(&labels)
        .filter(|((_, unit), _)| *unit)
        .map(|((v, _), l)| quote!(#name::#v => #l));
    quote! {
        #errs
        impl ::migrate_core::models::ModelEnum for #name {
            const NAME: &'static str = #type_name;
            const LABELS: &'static [&'static str] = &[#(#labels),*];
            #[allow(unreachable_patterns)]
            fn label(&self) -> &'static str {
                match self { #(#arms,)* _ => "" }
            }
        }
        impl #private::ModelType for #name {
            fn model_type(_max_length: ::core::option::Option<u32>) -> #private::TypeInfo {
                #private::TypeInfo::enumeration(
                    <#name as ::migrate_core::models::ModelEnum>::NAME,
                    <#name as ::migrate_core::models::ModelEnum>::LABELS,
                )
            }
        }
    }
}
