//! cargo-migrate's library: Alembic's migrations for Rust, over sea-query and sqlx.
//!
//! A migrations crate (scaffolded by `cargo migrate init`) holds one revision per file in
//! `src/versions/`, and its crate root names the folder:
//!
//! ```text
//! migrate_core::include_versions!("src/versions");
//! ```
//!
//! Each file declares one revision with [`macro@migration`] and implements [`Migration`]:
//!
//! ```text
//! use migrate_core::prelude::*;
//!
//! #[migration(revision = "ae1027a6acf0", down_revision = "1975ea83b712", message = "add account")]
//! pub struct AddAccount;
//!
//! impl Migration for AddAccount {
//!     async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
//!         op.create_table(Table::create().table("account").col(pk_auto("id")).col(string("name"))).await
//!     }
//!     async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
//!         op.drop_table(Table::drop().table("account")).await
//!     }
//! }
//! ```
//!
//! A broken revision chain (unknown parent, duplicate id, cycle, unmerged heads) is a compile
//! error at the offending literal. The migrations binary hands [`Migrations`] to [`cli::main`];
//! an application embeds the runner with [`Migrator`].
//!
//! **Linking:** `inventory` only sees the migrations of a crate that the binary names. Passing
//! `your_migrations::MIGRATIONS` to [`cli::main`] or [`Migrator::new`] does that; a registry
//! that finds no migration is refused with an error that says so.

mod autogenerate;
mod backend;
pub mod cli;
mod config;
mod error;
pub mod fanout;
pub mod inspect;
pub mod lint;
pub mod models;
#[cfg(feature = "sea-orm")]
mod models_sea_orm;
mod ops;
mod panics;
mod progress;
mod registry;
mod replay;
mod runner;
pub mod schema;
pub mod stairway;
mod status;
mod verify;
mod version;

pub use autogenerate::{SchemaSource, desired};
pub use backend::Dialect;
pub use config::{Config, UrlSource, redact_url};
pub use error::{Error, Result};
pub use migrate_macros::{include_versions, migration};
pub use ops::Operations;
pub use registry::{MigrationInfo, Migrations, Registry};
pub use runner::{
    CheckReport, EventRow, Migrator, Report, RunOptions, StepReport, StepStart, events_json,
};
pub use verify::{Drift, drift_json, verify};

/// sea-query, re-exported so that migrations build statements with the same version we run.
pub use sea_query;

/// A revision's code: what `upgrade` and `downgrade` do.
///
/// The [`macro@migration`] attribute on the same struct registers it; the runner calls these
/// inside the migration's transaction (unless it declares `transactional = false`).
///
/// A revision's code, as you fill in the file `cargo migrate revision -m "create user"` writes
/// (in that file the struct also carries
/// `#[migration(revision = "1975ea83b712", down_revision = None, message = "create user")]`,
/// which needs the crate's `include_versions!`):
///
/// ```
/// use migrate_core::prelude::*;
///
/// pub struct CreateUser;
///
/// impl Migration for CreateUser {
///     async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
///         op.create_table(Table::create().table("user").col(pk_auto("id")).col(string("name")))
///             .await
///     }
///
///     async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
///         op.drop_table(Table::drop().table("user")).await
///     }
/// }
/// # fn main() {}
/// ```
pub trait Migration: Sync + 'static {
    /// Applies the change.
    #[allow(async_fn_in_trait)]
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()>;

    /// Reverts it. The default refuses: a downgrade through this revision then stops with
    /// [`Error::NoDowngrade`] before anything runs.
    #[allow(async_fn_in_trait)]
    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        let _ = op;
        Err(Error::NoDowngrade)
    }
}

/// Everything a revision file needs: `use migrate_core::prelude::*;`.
pub mod prelude {
    pub use crate::models::{Model, ModelEnum};
    pub use crate::schema::*;
    pub use crate::{Dialect, Error, Migration, Operations, Result, migration};
    pub use sea_query::{
        Alias, ColumnDef, ConditionalStatement, Expr, ExprTrait, ForeignKey, ForeignKeyAction,
        Index, Query, Table,
    };
}

/// Support for the macros' expansions. Not public API: semver-exempt.
#[doc(hidden)]
pub mod __private_v1 {
    pub use crate::models::{
        CheckInfo, ColumnInfo, IndexInfo, ModelInfo, ModelType, TypeInfo, UniqueInfo,
    };
    pub use crate::registry::{Metadata, MigrationInfo, migrations};
    pub use inventory;

    /// The future a registered `upgrade`/`downgrade` returns.
    pub type BoxFuture<'a> =
        std::pin::Pin<Box<dyn std::future::Future<Output = crate::Result<()>> + 'a>>;

    /// The compile-time check on one literal: fails the build with `message` unless it is
    /// empty. The error lands on the literal because the call is spanned there.
    #[track_caller]
    pub const fn verdict(message: &str) {
        if !message.is_empty() {
            panic!("{}", message);
        }
    }
}
