//! Errors, and the exit code each one maps to.

use migrate_graph::check::GraphError;
use migrate_graph::contract::exit;
use migrate_graph::target::TargetError;

/// The result of every fallible operation here.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong, each with a message that says what, where and how to fix it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The registered revisions break a graph rule.
    #[error("the revision graph is broken:\n{0}")]
    Graph(#[from] GraphError),
    /// A target that cannot be parsed or resolved.
    #[error(transparent)]
    Target(#[from] TargetError),
    /// No migration was registered.
    #[error(
        "no migrations are registered in this binary: pass your migrations crate's MIGRATIONS to migrate_core::cli::main (or Migrator::new), and check that src/versions holds revision files"
    )]
    EmptyRegistry,
    /// No database URL anywhere.
    #[error(
        "no database URL: pass --database-url, set DATABASE_URL (in the environment or a .env file), or set database-url in [package.metadata.migrate]"
    )]
    NoDatabaseUrl,
    /// The URL names no database we support.
    #[error(
        "unsupported database URL {0}: it must start with sqlite:, postgres://, postgresql://, mysql:// or mariadb://"
    )]
    UnsupportedUrl(String),
    /// The backend for this URL was not compiled in.
    #[error("the {0} backend is not compiled in: enable migrate-core's `{0}` feature")]
    BackendDisabled(&'static str),
    /// Connecting failed.
    #[error("cannot connect to {url}: {source}")]
    Connect {
        /// The URL, password redacted.
        url: String,
        /// sqlx's error.
        source: sqlx::Error,
    },
    /// A statement failed.
    #[error("{source}\n  while running: {sql}")]
    Sql {
        /// The statement.
        sql: String,
        /// sqlx's error.
        source: sqlx::Error,
    },
    /// A statement cannot be expressed on this database.
    #[error("{0}")]
    Unsupported(String),
    /// A migration failed; its transaction was rolled back.
    #[error("revision {revision} ({message}) failed, and its changes were rolled back: {source}")]
    MigrationFailed {
        /// The revision.
        revision: String,
        /// Its message.
        message: String,
        /// What went wrong.
        source: Box<Error>,
    },
    /// A migration has no `downgrade`.
    #[error("this revision has no downgrade")]
    NoDowngrade,
    /// A downgrade would cross a revision without `downgrade`.
    #[error(
        "cannot downgrade through revision {revision} ({message}): it does not implement downgrade; nothing was run. Write its downgrade, or stamp past it with `cargo migrate stamp`"
    )]
    Irreversible {
        /// The revision.
        revision: String,
        /// Its message.
        message: String,
    },
    /// The version table names a revision the code does not have.
    #[error(
        "can't locate revision identified by {0:?} in the version table: the database was migrated by code this binary does not have (another branch, or a newer deploy). Check out that code, or run `cargo migrate stamp <revision>` to re-align the database"
    )]
    UnknownCurrent(String),
    /// The version table is not what we expect.
    #[error("the version table {table} is malformed: {why}")]
    VersionTable {
        /// The table.
        table: String,
        /// What is wrong.
        why: String,
    },
    /// Another run held the lock for longer than `--lock-timeout`.
    #[error("timed out after {} s waiting for the migration lock, held by {holder}; wait for it to finish, or raise --lock-timeout", .waited.as_secs())]
    LockTimeout {
        /// How long we waited.
        waited: std::time::Duration,
        /// Who holds it.
        holder: String,
    },
    /// A migration started on a database without transactional DDL and never finished.
    #[error(
        "revision {revision} is half-applied: its {direction} started and did not finish ({status}), and {dialect} commits DDL as it goes, so some of its changes may be in the database. Nothing more runs until this is resolved: inspect the schema, then either complete or undo its changes by hand and record where the database is with `cargo migrate stamp <revision>` (that clears this state), and run again"
    )]
    HalfApplied {
        /// The revision.
        revision: String,
        /// `upgrade` or `downgrade`.
        direction: String,
        /// `running` (interrupted) or `failed`.
        status: String,
        /// The database family.
        dialect: &'static str,
    },
    /// A migration failed on a database without transactional DDL.
    #[error(
        "revision {revision} ({message}) failed, and {dialect} cannot roll back DDL, so it may be half-applied; it is recorded as such and blocks further runs until resolved (see `cargo migrate stamp`): {source}"
    )]
    MigrationFailedNonTransactional {
        /// The revision.
        revision: String,
        /// Its message.
        message: String,
        /// The database family.
        dialect: &'static str,
        /// What went wrong.
        source: Box<Error>,
    },
    /// The database is not at the code's heads.
    #[error(
        "the database is at {current} but the code's head is {heads}: run `cargo migrate upgrade heads` (or the migrations binary's `upgrade heads`) before starting"
    )]
    NotAtHead {
        /// The version table's rows.
        current: String,
        /// The code's heads.
        heads: String,
    },
    /// Ctrl-C.
    #[error(
        "interrupted: the migration in progress was rolled back where the database allows (PostgreSQL, SQLite) and the lock released; on MySQL it is recorded as half-applied. Run `cargo migrate current` to see where the database is"
    )]
    Interrupted,
    /// A setting is invalid.
    #[error("{0}")]
    Config(String),
    /// An I/O error.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl Error {
    /// The process exit code for this error, from [`migrate_graph::contract::exit`].
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Graph(_) | Error::EmptyRegistry => exit::GRAPH,
            Error::Target(_) | Error::Irreversible { .. } | Error::Config(_) => exit::USAGE,
            Error::NoDatabaseUrl | Error::UnsupportedUrl(_) | Error::BackendDisabled(_) => {
                exit::USAGE
            }
            Error::Connect { .. } | Error::Io(_) => exit::DATABASE,
            Error::UnknownCurrent(_) | Error::VersionTable { .. } | Error::HalfApplied { .. } => {
                exit::VERSION_TABLE
            }
            Error::LockTimeout { .. } => exit::DATABASE,
            Error::NotAtHead { .. } => exit::CHECK,
            Error::Interrupted => exit::INTERRUPTED,
            Error::MigrationFailedNonTransactional { .. } => exit::MIGRATION,
            Error::Sql { .. }
            | Error::Unsupported(_)
            | Error::MigrationFailed { .. }
            | Error::NoDowngrade => exit::MIGRATION,
        }
    }
}
