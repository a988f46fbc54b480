//! `include_versions!("src/versions")`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use migrate_graph::scan::{self, ScannedFile};
use migrate_graph::{Site, check, id};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::LitStr;

use crate::attr::key;

/// The `[package.metadata.migrate]` values a binary embeds, so that it resolves its settings as
/// `cargo migrate` does even when it runs alone.
#[derive(Default)]
struct Metadata {
    database_url: Option<String>,
    version_table: Option<String>,
    version_table_schema: Option<String>,
    embed_database_url: bool,
    include_tables: Vec<String>,
    exclude_tables: Vec<String>,
    schemas: Vec<String>,
}

fn read_metadata(manifest_dir: &Path) -> Result<Metadata, String> {
    let path = manifest_dir.join("Cargo.toml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(Metadata::default());
    };
    let value: toml::Table = text
        .parse()
        .map_err(|e| format!("cannot parse {}: {e}", path.display()))?;
    let table = value
        .get("package")
        .and_then(|p| p.get("metadata"))
        .and_then(|m| m.get("migrate"));
    let get = |key: &str| -> Result<Option<String>, String> {
        match table.and_then(|t| t.get(key)) {
            None => Ok(None),
            Some(toml::Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(format!(
                "[package.metadata.migrate] {key} in {} must be a string, found {}",
                path.display(),
                other.type_str()
            )),
        }
    };
    let embed_database_url = match table.and_then(|t| t.get("embed-database-url")) {
        None => false,
        Some(toml::Value::Boolean(b)) => *b,
        Some(other) => {
            return Err(format!(
                "[package.metadata.migrate] embed-database-url in {} must be true or false, found {}",
                path.display(),
                other.type_str()
            ));
        }
    };
    let list = |key: &str| -> Result<Vec<String>, String> {
        let wrong = |found: &str| {
            format!(
                "[package.metadata.migrate] {key} in {} must be a list of strings, e.g. {key} = [\"app_*\"], found {found}",
                path.display()
            )
        };
        match table.and_then(|t| t.get(key)) {
            None => Ok(Vec::new()),
            Some(toml::Value::String(s)) => Ok(vec![s.clone()]),
            Some(toml::Value::Array(items)) => items
                .iter()
                .map(|item| match item {
                    toml::Value::String(s) => Ok(s.clone()),
                    other => Err(wrong(other.type_str())),
                })
                .collect(),
            Some(other) => Err(wrong(other.type_str())),
        }
    };
    Ok(Metadata {
        embed_database_url,
        database_url: get("database-url")?,
        version_table: get("version-table")?,
        version_table_schema: get("version-table-schema")?,
        include_tables: list("include-tables")?,
        exclude_tables: list("exclude-tables")?,
        schemas: list("schemas")?,
    })
}

/// Where the folder is: against `CARGO_MANIFEST_DIR` first, then next to the invoking file.
fn resolve_folder(literal: &str, call_file: Option<&Path>) -> (PathBuf, Option<PathBuf>) {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let cwd = std::env::current_dir().unwrap_or_default();
    let call_dir = call_file.and_then(Path::parent).map(|dir| cwd.join(dir));
    if let Some(dir) = &manifest_dir {
        let candidate = dir.join(literal);
        if candidate.is_dir() {
            return (candidate, call_dir);
        }
    }
    if let Some(dir) = &call_dir {
        let candidate = dir.join(literal);
        if candidate.is_dir() {
            return (candidate, call_dir);
        }
    }
    (
        manifest_dir.unwrap_or_else(|| cwd.clone()).join(literal),
        call_dir,
    )
}

/// The `#[path]` of a file: relative to the invoking file when possible, for short messages.
fn module_path(file: &Path, call_dir: Option<&Path>) -> String {
    call_dir
        .and_then(|dir| file.strip_prefix(dir).ok())
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Maps every problem to the verdict name of its literal, gathering messages per name.
fn verdicts(files: &[ScannedFile]) -> BTreeMap<String, Vec<String>> {
    let mut table: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let revisions: Vec<_> = files.iter().map(|f| f.revision.clone()).collect();
    for rev in &revisions {
        if !id::is_valid(&rev.revision) {
            continue;
        }
        let id = &rev.revision;
        table.entry(key::revision(id)).or_default();
        for i in 0..rev.down_revisions.len().max(1) {
            table.entry(key::down_revision(id, i)).or_default();
        }
        for i in 0..rev.depends_on.len() {
            table.entry(key::depends_on(id, i)).or_default();
        }
        for i in 0..rev.branch_labels.len() {
            table.entry(key::branch_label(id, i)).or_default();
        }
        for i in 0..rev.replaces.len() {
            table.entry(key::replaces(id, i)).or_default();
        }
    }
    for problem in check::check(&revisions) {
        let Some(rev) = revisions.get(problem.index) else {
            continue;
        };
        if !id::is_valid(&rev.revision) {
            continue;
        }
        let position = |list: &[String], value: &str| list.iter().position(|v| v == value);
        let name = match &problem.site {
            Site::Revision => Some(key::revision(&rev.revision)),
            Site::DownRevision(None) => Some(key::down_revision(&rev.revision, 0)),
            Site::DownRevision(Some(parent)) => {
                position(&rev.down_revisions, parent).map(|i| key::down_revision(&rev.revision, i))
            }
            Site::DependsOn(dep) => {
                position(&rev.depends_on, dep).map(|i| key::depends_on(&rev.revision, i))
            }
            Site::BranchLabel(label) => {
                position(&rev.branch_labels, label).map(|i| key::branch_label(&rev.revision, i))
            }
            Site::Replaces(replaced) => {
                position(&rev.replaces, replaced).map(|i| key::replaces(&rev.revision, i))
            }
        };
        let entry = table
            .entry(name.unwrap_or_else(|| key::revision(&rev.revision)))
            .or_default();
        if !entry.contains(&problem.message) {
            entry.push(problem.message);
        }
    }
    table
}

/// True when the file has a `fn downgrade` (a token-level look, so comments do not count).
fn defines_downgrade(path: &Path) -> bool {
    fn walk(tokens: TokenStream) -> bool {
        let mut after_fn = false;
        for tree in tokens {
            match tree {
                proc_macro2::TokenTree::Ident(ident) => {
                    if after_fn && ident == "downgrade" {
                        return true;
                    }
                    after_fn = ident == "fn";
                }
                proc_macro2::TokenTree::Group(group) => {
                    if walk(group.stream()) {
                        return true;
                    }
                    after_fn = false;
                }
                _ => after_fn = false,
            }
        }
        false
    }
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| text.parse::<TokenStream>().ok())
        .is_none_or(walk)
}

/// Expands `include_versions!(input)`.
pub(crate) fn expand(input: TokenStream, call_file: Option<PathBuf>) -> TokenStream {
    let literal: LitStr = match syn::parse2(input) {
        Ok(literal) => literal,
        Err(_) => {
            return syn::Error::new(
                Span::call_site(),
                "include_versions! takes the versions folder as a string, e.g. include_versions!(\"src/versions\")",
            )
            .to_compile_error();
        }
    };
    let display = literal.value();
    let (folder, call_dir) = resolve_folder(&display, call_file.as_deref());
    let files = match scan::scan_dir(&folder, display.trim_end_matches('/')) {
        Ok(files) => files,
        Err(error) => {
            return syn::Error::new(literal.span(), error.to_string()).to_compile_error();
        }
    };

    let mut errors = TokenStream::new();
    let metadata = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(|dir| read_metadata(Path::new(&dir)))
        .unwrap_or_else(|| Ok(Metadata::default()))
        .unwrap_or_else(|message| {
            errors.extend(syn::Error::new(literal.span(), message).to_compile_error());
            Metadata::default()
        });

    let modules = files.iter().map(|file| {
        let path = module_path(&folder.join(&file.file_name), call_dir.as_deref());
        let module = format_ident!("{}", file.module);
        let doc = format!(
            "`{display}/{}`: revision `{}`.",
            file.file_name, file.revision.revision
        );
        quote! {
            #[doc = #doc]
            #[path = #path]
            pub mod #module;
        }
    });

    let mut consts = TokenStream::new();
    for (name, messages) in verdicts(&files) {
        let ident = format_ident!("{}", name);
        let message = messages.join("\n");
        consts.extend(quote!(pub const #ident: &str = #message;));
    }
    let mut checksummed = std::collections::BTreeSet::new();
    for file in &files {
        let id = &file.revision.revision;
        if id::is_valid(id) && checksummed.insert(id.clone()) {
            let ident = format_ident!("{}", key::checksum(id));
            let sum = &file.checksum;
            consts.extend(quote!(pub const #ident: &str = #sum;));
            let ident = format_ident!("{}", key::has_downgrade(id));
            let has = defines_downgrade(&folder.join(&file.file_name));
            consts.extend(quote!(pub const #ident: bool = #has;));
        }
    }

    let option = |value: &Option<String>| match value {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    };
    let database_url = option(&metadata.database_url);
    let version_table = option(&metadata.version_table);
    let version_table_schema = option(&metadata.version_table_schema);
    let embed_database_url = metadata.embed_database_url;
    let include_tables = &metadata.include_tables;
    let exclude_tables = &metadata.exclude_tables;
    let schemas = &metadata.schemas;
    let count = files.len();

    quote! {
        #errors
        #(#modules)*

        #[doc(hidden)]
        #[allow(non_upper_case_globals, dead_code)]
        pub mod __migrate {
            #consts
        }

        /// Every migration of this crate, with the settings of its `[package.metadata.migrate]`.
        /// Hand it to `migrate_core::cli::main` or `migrate_core::Migrator::new`; naming it is
        /// also what links this crate's migrations into a binary.
        pub const MIGRATIONS: ::migrate_core::Migrations = ::migrate_core::__private_v1::migrations(
            ::core::module_path!(),
            #count,
            ::migrate_core::__private_v1::Metadata {
                database_url: #database_url,
                version_table: #version_table,
                version_table_schema: #version_table_schema,
                embed_database_url: #embed_database_url,
                include_tables: &[#(#include_tables),*],
                exclude_tables: &[#(#exclude_tables),*],
                schemas: &[#(#schemas),*],
                manifest_dir: ::core::env!("CARGO_MANIFEST_DIR"),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata(toml: &str) -> Result<Metadata, String> {
        let dir = std::env::temp_dir().join(format!(
            "migrate-macros-metadata-{}-{}",
            std::process::id(),
            toml.len()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("Cargo.toml"), toml).unwrap();
        let result = read_metadata(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        result
    }

    #[test]
    fn table_filters_are_lists_of_strings() {
        let m = metadata(
            "[package.metadata.migrate]\ninclude-tables = [\"app_*\", \"audit.*\"]\nexclude-tables = \"*_tmp\"\nschemas = [\"public\", \"audit\"]\n",
        )
        .unwrap();
        assert_eq!(m.include_tables, ["app_*", "audit.*"]);
        assert_eq!(m.exclude_tables, ["*_tmp"]);
        assert_eq!(m.schemas, ["public", "audit"]);
        let error = metadata("[package.metadata.migrate]\nexclude-tables = [1]\n")
            .err()
            .unwrap();
        assert!(
            error.starts_with("[package.metadata.migrate] exclude-tables in ")
                && error.ends_with(
                    "must be a list of strings, e.g. exclude-tables = [\"app_*\"], found integer"
                ),
            "{error}"
        );
    }
}
