//! The proc macros of cargo-migrate. Use them through `migrate_core`, which re-exports them.
//!
//! - [`macro@migration`] marks a unit struct as a revision, checks its own literals (id syntax,
//!   known keys, no repeated key), registers it with `inventory`, and places one compile-time
//!   check on each literal.
//! - [`include_versions!`] sits at the crate root of a migrations crate. It declares one module
//!   per file of the versions folder, scans every file, runs the graph rules of `migrate-graph`
//!   and emits the verdict table those checks read. So every broken chain is a compile error at
//!   the offending literal, in the offending file, in our own words.
//!
//! Neither macro panics: every error is spanned, errors are gathered, and the item is still
//! emitted next to them so that one mistake does not cascade.

use proc_macro::TokenStream;

mod attr;
mod folder;
mod model;

/// Declares a revision. Goes on a unit struct in a file of the versions folder:
///
/// ```text
/// #[migration(revision = "ae1027a6acf0", down_revision = "1975ea83b712", message = "add account")]
/// pub struct AddAccount;
/// ```
///
/// Keys: `revision` (required), `down_revision` (required: `None`, `"id"` or `("a", "b")` for a
/// merge), `depends_on` (`"id"` or a tuple), `branch_label` (`"name"` or a tuple), `message`,
/// `transactional` (`false` to run outside a transaction), `replaces` (`("a", "b", …)`: the
/// revisions a squash replaces, START to END, as `cargo migrate squash` writes it).
#[proc_macro_attribute]
pub fn migration(args: TokenStream, item: TokenStream) -> TokenStream {
    attr::expand(args.into(), item.into()).into()
}

/// Declares every revision file of a folder as a module and checks the revision graph.
///
/// ```text
/// migrate_core::include_versions!("src/versions");
/// ```
///
/// The folder is resolved against the crate's `CARGO_MANIFEST_DIR`. Also emits
/// `pub const MIGRATIONS: migrate_core::Migrations`, the token the runner takes.
#[proc_macro]
pub fn include_versions(input: TokenStream) -> TokenStream {
    let call_file = proc_macro::Span::call_site().local_file();
    folder::expand(input.into(), call_file).into()
}

/// Declares a table: a struct with named fields, one per column.
///
/// ```text
/// #[derive(Model)]
/// #[model(table = "post", index(columns = ["author_id", "title"], name = "ix_post_author_title"))]
/// pub struct Post {
///     #[model(primary_key, auto_increment)]
///     pub id: i32,
///     #[model(references = "user.id", on_delete = "cascade")]
///     pub author_id: i32,
///     #[model(max_length = 200, index)]
///     pub title: String,
///     pub published_at: Option<String>,
/// }
/// ```
///
/// Struct keys: `table` (default: the snake_case struct name), `renamed_from`, `comment`,
/// `index(columns = [...], unique, name, where)`, `unique(columns = [...], name)`,
/// `check(name, expr)`. Field keys: `primary_key`, `auto_increment`, `unique`, `index`,
/// `max_length`, `default` (SQL), `column_type` (SQL, replaces the type the Rust type gives),
/// `references = "table.column"` with `on_delete`, `on_update` and `foreign_key_name`,
/// `renamed_from`, `comment`. The column type comes from the field's Rust type (`Option<T>` is
/// nullable); see `migrate_core::models`.
#[proc_macro_derive(Model, attributes(model))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    model::expand_model(input.into()).into()
}

/// Declares a database enum type: a fieldless enum, one label per variant (its snake_case
/// name, or `#[model(rename = "...")]`). The type's name is the snake_case enum name, or
/// `#[model(name = "...")]`. PostgreSQL gets `CREATE TYPE ... AS ENUM`, MySQL a native
/// `ENUM(...)` column, SQLite a `CHECK (column IN (...))`.
#[proc_macro_derive(ModelEnum, attributes(model))]
pub fn derive_model_enum(input: TokenStream) -> TokenStream {
    model::expand_enum(input.into()).into()
}
