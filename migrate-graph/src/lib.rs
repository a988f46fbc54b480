//! The pure revision graph of cargo-migrate.
//!
//! Everything here is synchronous and free of I/O except reading revision source files. The same
//! rules hold in three places: at compile time (`migrate-macros`), in `cargo migrate` from the
//! sources alone, and at run time when the migrations binary builds its registry.
//!
//! - [`id`]: what a revision id may look like.
//! - [`Revision`] and [`RevisionMap`]: the graph, its heads, bases and walks.
//! - [`check`]: the graph rules (unknown parents, duplicates, cycles, unmerged heads), with messages.
//! - [`target`]: Alembic's target syntax (`head`, `base`, `+2`, `-1`, prefixes, `label@head`).
//! - [`plan`]: upgrade and downgrade plans, including the version-table changes of every step.
//! - [`scan`]: reads `#[migration(...)]` from revision files at token level, and their checksums.
//! - [`squash`]: revisions that replace a linear range (`replaces`), and the two views of the graph.
//! - [`contract`]: what `cargo migrate` and a migrations binary agree on.
//! - [`draw`]: the graph drawn in the terminal (like `git log --graph`), as DOT and as Mermaid.
//! - [`json`]: `--format json` documents of the read commands, and their schema.
//! - [`rules`]: the catalog of `lint`'s rules (codes, severities, the safer way).

pub mod check;
pub mod contract;
pub mod display;
pub mod draw;
pub mod id;
pub mod json;
pub mod map;
pub mod plan;
pub mod rules;
pub mod scan;
pub mod secrets;
pub mod squash;
pub mod target;
pub mod template;

pub use check::{Problem, Site};
pub use map::{Location, Revision, RevisionMap};
pub use plan::{Direction, Plan, Step, VersionOp};
pub use target::Target;
