//! `#[migration(...)]`.

use migrate_graph::id;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::parse::{ParseStream, Parser};
use syn::spanned::Spanned;
use syn::{Ident, LitBool, LitStr, Token, meta::ParseNestedMeta, punctuated::Punctuated};

/// The keys `#[migration]` accepts, in the order they are documented.
const KEYS: &[&str] = &[
    "revision",
    "down_revision",
    "depends_on",
    "branch_label",
    "message",
    "transactional",
    "replaces",
    "allow",
];

/// The verdict-table names shared with `include_versions!`. Every name ends in `_<index>` or is
/// a fixed prefix plus the id, so distinct sites never share a name.
pub(crate) mod key {
    /// The verdict on the `revision` literal.
    pub fn revision(id: &str) -> String {
        format!("r_{id}")
    }
    /// The verdict on the `index`-th `down_revision` literal (`None` is index 0).
    pub fn down_revision(id: &str, index: usize) -> String {
        format!("d_{id}_{index}")
    }
    /// The verdict on the `index`-th `depends_on` literal.
    pub fn depends_on(id: &str, index: usize) -> String {
        format!("o_{id}_{index}")
    }
    /// The verdict on the `index`-th `branch_label` literal.
    pub fn branch_label(id: &str, index: usize) -> String {
        format!("l_{id}_{index}")
    }
    /// Whether the file that declares `id` implements `downgrade`.
    pub fn has_downgrade(id: &str) -> String {
        format!("h_{id}")
    }
    /// The verdict on the `index`-th `replaces` literal.
    pub fn replaces(id: &str, index: usize) -> String {
        format!("p_{id}_{index}")
    }
    /// The checksum of the file that declares `id`.
    pub fn checksum(id: &str) -> String {
        format!("k_{id}")
    }
}

/// What the attribute says, with the span of every literal.
#[derive(Default)]
struct Args {
    revision: Option<LitStr>,
    /// `None` when absent; `Some(vec![])` with `none_span` for `down_revision = None`.
    down_revision: Option<Vec<LitStr>>,
    none_span: Option<Span>,
    depends_on: Vec<LitStr>,
    branch_label: Vec<LitStr>,
    message: Option<LitStr>,
    transactional: Option<LitBool>,
    replaces: Vec<LitStr>,
    /// `allow(code = "reason", …)`: the lint rules this migration silences, with why.
    allow: Vec<(String, String)>,
    seen: Vec<String>,
}

/// Gathers errors instead of stopping at the first.
#[derive(Default)]
pub(crate) struct Errors(pub(crate) Option<syn::Error>);

impl Errors {
    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(error),
            None => self.0 = Some(error),
        }
    }

    pub(crate) fn to_compile_errors(&self) -> TokenStream {
        self.0
            .as_ref()
            .map(syn::Error::to_compile_error)
            .unwrap_or_default()
    }
}

/// Parses `"a"` or `("a", "b", …)`.
fn parse_one_or_many(input: ParseStream) -> syn::Result<Vec<LitStr>> {
    if input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in input);
        let list = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
        Ok(list.into_iter().collect())
    } else {
        Ok(vec![input.parse()?])
    }
}

impl Args {
    fn parse_entry(&mut self, meta: ParseNestedMeta, errors: &mut Errors) -> syn::Result<()> {
        let name = meta
            .path
            .get_ident()
            .map(Ident::to_string)
            .unwrap_or_default();
        if name == "allow" {
            if self.seen.contains(&name) {
                errors.push(syn::Error::new(
                    meta.path.span(),
                    "`allow` is given twice in #[migration]: list every rule in one allow(...)",
                ));
            } else {
                self.seen.push(name);
            }
            return meta.parse_nested_meta(|rule| self.parse_allow(rule, errors));
        }
        let value = meta.value()?;
        if !KEYS.contains(&name.as_str()) {
            value.parse::<syn::Expr>()?;
            let shown = quote::ToTokens::to_token_stream(&meta.path)
                .to_string()
                .replace(' ', "");
            let hint = KEYS
                .iter()
                .find(|key| edit_distance(key, &shown) <= 2)
                .map(|key| format!("did you mean `{key}`? "))
                .unwrap_or_default();
            errors.push(syn::Error::new(
                meta.path.span(),
                format!(
                    "unknown key `{shown}` in #[migration]: {hint}expected one of {}",
                    KEYS.join(", ")
                ),
            ));
            return Ok(());
        }
        if self.seen.contains(&name) {
            value.parse::<syn::Expr>()?;
            errors.push(syn::Error::new(
                meta.path.span(),
                format!("`{name}` is given twice in #[migration]: keep one"),
            ));
            return Ok(());
        }
        self.seen.push(name.clone());
        match name.as_str() {
            "revision" => self.revision = Some(value.parse()?),
            "message" => self.message = Some(value.parse()?),
            "transactional" => self.transactional = Some(value.parse()?),
            "depends_on" => self.depends_on = parse_one_or_many(value)?,
            "branch_label" => self.branch_label = parse_one_or_many(value)?,
            "replaces" => self.replaces = parse_one_or_many(value)?,
            _ => {
                if value.peek(Ident) {
                    let ident: Ident = value.parse()?;
                    if ident != "None" {
                        return Err(syn::Error::new(
                            ident.span(),
                            "down_revision must be None, \"id\", or (\"id\", \"id\") for a merge",
                        ));
                    }
                    self.none_span = Some(ident.span());
                    self.down_revision = Some(Vec::new());
                } else {
                    self.down_revision = Some(parse_one_or_many(value)?);
                }
            }
        }
        Ok(())
    }
}

impl Args {
    /// One `code = "reason"` of `allow(...)`: a known rule code and a reason that says something.
    fn parse_allow(&mut self, rule: ParseNestedMeta, errors: &mut Errors) -> syn::Result<()> {
        let code = quote::ToTokens::to_token_stream(&rule.path)
            .to_string()
            .replace(' ', "");
        let reason: LitStr = rule.value()?.parse()?;
        if migrate_graph::rules::rule(&code).is_none() {
            let hint = migrate_graph::rules::RULES
                .iter()
                .find(|r| edit_distance(r.code, &code) <= 2)
                .map(|r| format!("did you mean `{}`? ", r.code))
                .unwrap_or_default();
            errors.push(syn::Error::new(
                rule.path.span(),
                format!(
                    "unknown lint rule `{code}` in allow(...): {hint}the rules are {}",
                    migrate_graph::rules::codes()
                ),
            ));
        } else if reason.value().trim().is_empty() {
            errors.push(syn::Error::new(
                reason.span(),
                format!(
                    "allow({code} = \"\") needs a reason: say why the finding is acceptable, e.g. allow({code} = \"unused since 2026-10\")"
                ),
            ));
        } else if self.allow.iter().any(|(c, _)| *c == code) {
            errors.push(syn::Error::new(
                rule.path.span(),
                format!("`{code}` is allowed twice in #[migration]: keep one reason"),
            ));
        } else {
            self.allow.push((code, reason.value()));
        }
        Ok(())
    }
}

/// Levenshtein distance, for "did you mean" on keys.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// Checks the syntax of one id literal, naming its role in the message.
fn check_id(lit: &LitStr, role: &str, errors: &mut Errors) -> bool {
    match id::validate(&lit.value()) {
        Ok(()) => true,
        Err(why) => {
            errors.push(syn::Error::new(
                lit.span(),
                format!("malformed {role} {:?}: {why}", lit.value()),
            ));
            false
        }
    }
}

/// One `const` that evaluates the verdict named `name`, spanned at `span`.
fn verdict(name: &str, span: Span) -> TokenStream {
    let ident = Ident::new(name, span);
    quote_spanned! {span=>
        const _: () = ::migrate_core::__private_v1::verdict(crate::__migrate::#ident);
    }
}

/// Expands `#[migration(args)] item`.
pub(crate) fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let mut parsed = Args::default();
    let parser = syn::meta::parser(|meta| parsed.parse_entry(meta, &mut errors));
    if let Err(error) = parser.parse2(args) {
        errors.push(error);
    }

    let strukt: syn::ItemStruct = match syn::parse2(item.clone()) {
        Ok(strukt) => strukt,
        Err(_) => {
            errors.push(syn::Error::new(
                item.span(),
                "#[migration] goes on a unit struct, e.g. `pub struct AddAccount;`",
            ));
            let errs = errors.to_compile_errors();
            return quote!(#errs #item);
        }
    };
    if !matches!(strukt.fields, syn::Fields::Unit) || !strukt.generics.params.is_empty() {
        errors.push(syn::Error::new(
            strukt.ident.span(),
            "#[migration] goes on a unit struct without generics, e.g. `pub struct AddAccount;`",
        ));
    }

    let Some(revision) = parsed.revision.clone() else {
        errors.push(syn::Error::new(
            Span::call_site(),
            "missing `revision = \"…\"` in #[migration], e.g. revision = \"ae1027a6acf0\"",
        ));
        let errs = errors.to_compile_errors();
        return quote!(#errs #item);
    };
    if parsed.down_revision.is_none() {
        errors.push(syn::Error::new(
            revision.span(),
            "missing `down_revision` in #[migration]: name the parent revision, or write down_revision = None for the first migration",
        ));
    }

    let id_ok = check_id(&revision, "revision id", &mut errors);
    let parents = parsed.down_revision.clone().unwrap_or_default();
    let mut checks = TokenStream::new();
    let rev = revision.value();
    if id_ok {
        checks.extend(verdict(&key::revision(&rev), revision.span()));
    }
    for (i, parent) in parents.iter().enumerate() {
        if check_id(parent, "down_revision", &mut errors) && id_ok {
            checks.extend(verdict(&key::down_revision(&rev, i), parent.span()));
        }
    }
    if let (Some(span), true) = (parsed.none_span, id_ok) {
        checks.extend(verdict(&key::down_revision(&rev, 0), span));
    }
    for (i, dep) in parsed.depends_on.iter().enumerate() {
        if check_id(dep, "depends_on", &mut errors) && id_ok {
            checks.extend(verdict(&key::depends_on(&rev, i), dep.span()));
        }
    }
    for (i, label) in parsed.branch_label.iter().enumerate() {
        let value = label.value();
        if value.is_empty() || value.contains(['@', ':', '+', ' ']) {
            errors.push(syn::Error::new(
                label.span(),
                format!(
                    "malformed branch_label {value:?}: a label is a non-empty name without spaces, `@`, `:` or `+`, e.g. \"billing\""
                ),
            ));
        } else if id_ok {
            checks.extend(verdict(&key::branch_label(&rev, i), label.span()));
        }
    }

    for (i, replaced) in parsed.replaces.iter().enumerate() {
        if check_id(replaced, "replaces", &mut errors) && id_ok {
            checks.extend(verdict(&key::replaces(&rev, i), replaced.span()));
        }
    }

    let mut strukt = strukt;
    if !strukt.attrs.iter().any(|a| a.path().is_ident("doc")) {
        let doc = match parsed.message.as_ref().map(LitStr::value) {
            Some(message) if !message.is_empty() => {
                format!("Revision `{}`: {message}.", revision.value())
            }
            _ => format!("Revision `{}`.", revision.value()),
        };
        strukt.attrs.push(syn::parse_quote!(#[doc = #doc]));
    }
    let name = &strukt.ident;
    let message = parsed
        .message
        .as_ref()
        .map(LitStr::value)
        .unwrap_or_default();
    let transactional = parsed.transactional.as_ref().is_none_or(LitBool::value);
    let lits = |list: &[LitStr]| {
        let values = list.iter().map(LitStr::value);
        quote!(&[#(#values),*])
    };
    let down_revisions = lits(&parents);
    let depends_on = lits(&parsed.depends_on);
    let branch_labels = lits(&parsed.branch_label);
    let replaces = lits(&parsed.replaces);
    let checksum = if id_ok {
        let ident = Ident::new(&key::checksum(&rev), revision.span());
        quote_spanned!(revision.span()=> crate::__migrate::#ident)
    } else {
        quote!("")
    };
    let has_downgrade = if id_ok {
        let ident = Ident::new(&key::has_downgrade(&rev), revision.span());
        quote_spanned!(revision.span()=> crate::__migrate::#ident)
    } else {
        quote!(true)
    };
    let allow_codes = parsed.allow.iter().map(|(code, _)| code);
    let allow_reasons = parsed.allow.iter().map(|(_, reason)| reason);
    let upgrade = format_ident!("__migrate_upgrade");
    let downgrade = format_ident!("__migrate_downgrade");
    let private = quote!(::migrate_core::__private_v1);
    let errs = errors.to_compile_errors();

    quote! {
        #errs
        #strukt

        #checks

        const _: () = {
            fn #upgrade<'a, 'c>(op: &'a mut ::migrate_core::Operations<'c>) -> #private::BoxFuture<'a> {
                ::std::boxed::Box::pin(<#name as ::migrate_core::Migration>::upgrade(&#name, op))
            }
            fn #downgrade<'a, 'c>(op: &'a mut ::migrate_core::Operations<'c>) -> #private::BoxFuture<'a> {
                ::std::boxed::Box::pin(<#name as ::migrate_core::Migration>::downgrade(&#name, op))
            }
            #private::inventory::submit! {
                #private::MigrationInfo {
                    revision: #rev,
                    down_revisions: #down_revisions,
                    depends_on: #depends_on,
                    branch_labels: #branch_labels,
                    replaces: #replaces,
                    message: #message,
                    name: ::core::stringify!(#name),
                    file: ::core::file!(),
                    line: ::core::line!(),
                    module: ::core::module_path!(),
                    checksum: #checksum,
                    has_downgrade: #has_downgrade,
                    transactional: #transactional,
                    allows: &[#((#allow_codes, #allow_reasons)),*],
                    upgrade: #upgrade,
                    downgrade: #downgrade,
                }
            }
        };
    }
}
