//! The contract between `cargo migrate` and a migrations binary.
//!
//! Both sides import this module, so they agree on the environment variables they pass and on
//! the meaning of exit codes. [`VERSION`] changes whenever either changes incompatibly.

/// The contract's version. `cargo migrate` sets [`ENV_CONTRACT`] to it when it runs a
/// migrations binary; the binary refuses a different one.
pub const VERSION: u32 = 1;

/// Set by `cargo migrate` for the binary it runs: the contract version it speaks.
pub const ENV_CONTRACT: &str = "CARGO_MIGRATE_CONTRACT";

/// The database URL, as in sqlx and most tools.
pub const ENV_DATABASE_URL: &str = "DATABASE_URL";

/// Set by `cargo migrate` to `--database-url` when it forwards its `--database-url` as
/// [`ENV_DATABASE_URL`], so that the binary names the URL's true source.
pub const ENV_URL_FROM: &str = "CARGO_MIGRATE_URL_FROM";

/// Set to `1` by `cargo migrate`, which has the sources: the binary may use the
/// `database-url` of `[package.metadata.migrate]` (a development default). A binary run alone
/// uses it only with `embed-database-url = true` there.
pub const ENV_METADATA_URL_OK: &str = "CARGO_MIGRATE_METADATA_URL_OK";

/// Several databases for one run, set by `cargo migrate` (which then passes
/// [`ARG_DATABASES_FROM_ENV`], so that a binary too old to know this variable refuses the run
/// instead of migrating its default database): one per line, `NAME<TAB>URL`, where NAME is a
/// key of `[package.metadata.migrate.databases]` and URL its value as written (`${VAR}` not
/// yet expanded), or NAME is empty and URL comes from a `--database-url`.
pub const ENV_DATABASES: &str = "CARGO_MIGRATE_DATABASES";

/// The migrations binary's flag that says [`ENV_DATABASES`] holds its databases.
pub const ARG_DATABASES_FROM_ENV: &str = "--databases-from-env";

/// `--color` forwarded from `cargo migrate` (`auto`, `always`, `never`).
pub const ENV_COLOR: &str = "CARGO_MIGRATE_COLOR";

/// Exit codes shared by `cargo migrate` and every migrations binary.
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// A problem with the command line, a target or an id (the user's input).
    pub const USAGE: u8 = 2;
    /// The revision graph or the sources are broken (unknown parent, cycle, multiple heads), or
    /// the sources cannot be read or written (a read-only versions folder).
    pub const GRAPH: u8 = 3;
    /// The database could not be reached or refused us.
    pub const DATABASE: u8 = 4;
    /// A migration failed while running; its transaction was rolled back.
    pub const MIGRATION: u8 = 5;
    /// The version table holds something the code does not know, or is malformed.
    pub const VERSION_TABLE: u8 = 6;
    /// `cargo metadata` or `cargo build` failed, no migrations crate was found, or the
    /// migrations binary was built against another version of this contract (rebuild it).
    pub const BUILD: u8 = 7;
    /// A check found a difference (e.g. `current --check-heads`), or `lint` a finding of error
    /// severity that the migration does not allow.
    pub const CHECK: u8 = 8;
    /// The run was interrupted (Ctrl-C).
    pub const INTERRUPTED: u8 = 130;
}
