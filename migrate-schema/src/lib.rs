//! The schema model of cargo-migrate: what a database holds (tables, columns, keys,
//! constraints, indexes, enum types, namespaces), as plain values, with one normalization per
//! database so that equal schemas compare equal, and the diff of two schemas.
//!
//! Pure, like `migrate-graph`: no I/O and no database. Live introspection (in migrate-core),
//! the replay of revisions and the models declared in Rust all produce a [`Schema`]; `verify`,
//! `check` and autogenerate compare two of them with [`diff`].
//!
//! ```
//! use migrate_schema::{Column, Dialect, Schema, Table, diff};
//!
//! let declared = Schema::new(Dialect::Postgres).with_table(
//!     Table::new("post").with_column(Column::new("id", "int4")).with_column(
//!         Column::new("title", "character varying(200)").default_sql("'x'::character varying"),
//!     ),
//! );
//! let live = Schema::new(Dialect::Postgres).with_table(
//!     Table::new("post")
//!         .with_column(Column::new("id", "INTEGER"))
//!         .with_column(Column::new("title", "varchar(200)").default_sql("'x'")),
//! );
//! assert!(diff(&declared, &live).is_empty());
//! ```
//!
//! # The JSON form
//!
//! A [`Schema`] serializes (serde) as one object, keys in name order, empty and default
//! values left out:
//!
//! ```json
//! {
//!   "dialect": "postgres",
//!   "schemas": ["audit"],
//!   "enums": { "mood": { "name": "mood", "labels": ["sad", "ok", "happy"] } },
//!   "tables": {
//!     "post": {
//!       "name": "post",
//!       "columns": [
//!         { "name": "id", "type": "integer", "nullable": false, "auto_increment": true },
//!         { "name": "title", "type": "varchar(200)", "nullable": false, "default": "'x'" }
//!       ],
//!       "primary_key": { "columns": ["id"] },
//!       "foreign_keys": [{ "name": "fk_author", "columns": ["author_id"],
//!                          "referenced_table": "user", "referenced_columns": ["id"],
//!                          "on_delete": "cascade" }],
//!       "uniques": [{ "columns": ["title"] }],
//!       "checks": [{ "name": "ck_title", "expression": "length(title) > 0" }],
//!       "indexes": [{ "name": "ix_post_title", "parts": [{ "expression": "lower(title)" },
//!                    { "column": "id", "descending": true }], "unique": true,
//!                    "where": "id > 0" }],
//!       "comment": "posts"
//!     }
//!   }
//! }
//! ```
//!
//! Keys: `schema` (a table's or enum's namespace, when not the default one), `type` (the
//! normalized column type), `default` (a normalized SQL expression), `on_delete`/`on_update`
//! (`no_action`, `restrict`, `cascade`, `set_null`, `set_default`), `where` (a partial index's
//! predicate). A [`Diff`] serializes as `{"tables": [{"table", "kind": "missing" | "unexpected"
//! | "different", "expected", "actual", "elements": [...]}]}`, each element difference tagged
//! the same way and holding `{"column": {...}}`, `{"index": {...}}`, ….
//!
//! # Normalization
//!
//! [`Schema::normalized`] rewrites every value into its canonical form for the schema's
//! [`Dialect`]: types ([`normalize_type`]), defaults ([`normalize_default`]), check and index
//! expressions ([`normalize_expression`], through sqlparser's AST), names
//! ([`normalize_name`]), and constraint names the database generated (`<table>_pkey`,
//! `<table>_<col>_fkey`, `<table>_ibfk_N`, MySQL's `PRIMARY`), which become unnamed.

mod ddl;
mod diff;
mod expr;
mod model;
mod normalize;
mod plan;
mod render;
mod render_rust;
pub mod types;

pub use ddl::{create_script, create_statements};
pub use diff::{Diff, Difference, Element, TableDiff, TableDifference, diff};
pub use expr::normalize_expression;
pub use model::{
    Action, Check, Column, Dialect, EnumType, ForeignKey, Index, IndexKey, IndexPart, PrimaryKey,
    Schema, Table, Unique, qualified,
};
pub use normalize::{normalize_default, normalize_name, normalize_type};
pub use plan::{
    ConstraintKind, EnumColumn, Op, Plan, RenameCandidate, Renames, apply, constraint_name, plan,
};
pub use render_rust::{GeneratedRevision, RenderError, render_revision};
