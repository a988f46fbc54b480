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
        "no database URL: pass --database-url, set DATABASE_URL (in the environment or a .env file), or set database-url in [package.metadata.migrate] (offline, --sql --dialect postgres|mysql|sqlite is enough)"
    )]
    NoDatabaseUrl,
    /// Only `[package.metadata.migrate]` has a URL, and this binary runs alone without
    /// `embed-database-url = true`.
    #[error(
        "no database URL: pass --database-url, set DATABASE_URL, or put DATABASE_URL=… in a .env file. The database-url in [package.metadata.migrate] is a development default, which this binary does not use when it runs alone (cargo migrate does); to embed it, set embed-database-url = true there"
    )]
    MetadataUrlNotEmbedded,
    /// The URL names no database we support (the URL, password redacted).
    #[error("{}", unsupported_url(.0))]
    UnsupportedUrl(String),
    /// The backend for this URL was not compiled in.
    #[error("the {0} backend is not compiled in: enable migrate-core's `{0}` feature")]
    BackendDisabled(&'static str),
    /// Connecting failed.
    #[error("cannot connect to {url}: {}; {}", cause(.source), connect_hint(.source))]
    Connect {
        /// The URL, password redacted.
        url: String,
        /// sqlx's error.
        source: sqlx::Error,
    },
    /// A statement failed.
    #[error("{}", describe_sql(.source, .sql))]
    Sql {
        /// The statement.
        sql: String,
        /// sqlx's error.
        source: sqlx::Error,
    },
    /// A statement cannot be expressed on this database.
    #[error("{0}")]
    Unsupported(String),
    /// An operation this database cannot do, refused before its statement was sent.
    #[error(
        "{operation} cannot run on {dialect}: {why}; it was refused before anything was sent. {alternative}"
    )]
    NotSupported {
        /// The operation and what it names, e.g. `create_index "ix_a" on "t"`.
        operation: String,
        /// The database.
        dialect: &'static str,
        /// What the database lacks.
        why: String,
        /// What to write instead.
        alternative: String,
    },
    /// A migration failed; its transaction was rolled back.
    #[error("{}", describe_failed(.revision, .message, .source))]
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
    /// What the `upgrade` of a revision written by `cargo migrate revision` returns until it is
    /// written, so that running it fails instead of marking the revision applied with no change.
    #[error("this upgrade is not written yet")]
    UnwrittenUpgrade,
    /// What the generated `downgrade` returns until it is written, so that a downgrade through
    /// it fails instead of passing silently.
    #[error("this downgrade is not written yet")]
    UnwrittenDowngrade,
    /// A step ran an [`Error::UnwrittenUpgrade`] or [`Error::UnwrittenDowngrade`]; nothing was
    /// changed or recorded as applied.
    #[error("revision {revision} has an empty {direction}; write it or delete the file")]
    EmptyBody {
        /// The revision.
        revision: String,
        /// `upgrade` or `downgrade`.
        direction: &'static str,
    },
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
        "can't locate revision identified by {0:?} in the version table: the database was migrated by code this binary does not have (another branch, or a newer deploy). Check out that code, or re-align the database with `cargo migrate stamp --purge <revision>`"
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
        "revision {revision} is half-applied: its {direction} started and did not finish ({status}), and {reason}, so some of its changes may be in the database. Nothing more runs until this is resolved: inspect the schema, then either complete or undo its changes by hand and record where the database is with `cargo migrate stamp <revision>` (that clears this state), and run again"
    )]
    HalfApplied {
        /// The revision.
        revision: String,
        /// `upgrade` or `downgrade`.
        direction: String,
        /// `running` (interrupted) or `failed`.
        status: String,
        /// Why it could not be rolled back: the database commits DDL as it goes, or the
        /// migration runs outside a transaction.
        reason: String,
    },
    /// A migration failed on a database without transactional DDL.
    #[error(
        "revision {revision} ({message}) failed, and {reason}, so it may be half-applied; it is recorded as such and blocks further runs until resolved (see `cargo migrate stamp`): {source}"
    )]
    MigrationFailedNonTransactional {
        /// The revision.
        revision: String,
        /// Its message.
        message: String,
        /// Why it could not be rolled back.
        reason: String,
        /// What went wrong.
        source: Box<Error>,
    },
    /// A migration outside a transaction failed before any of its statements took effect.
    #[error(
        "revision {revision} ({message}) failed before any of its statements took effect: nothing was changed and nothing is half-applied; fix it and run again: {source}"
    )]
    FailedBeforeChanges {
        /// The revision.
        revision: String,
        /// Its message.
        message: String,
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
    /// The migration's code panicked.
    #[error("its code panicked: {0}")]
    Panicked(String),
    /// Ctrl-C.
    #[error(
        "interrupted: the migration in progress was rolled back where the database allows (PostgreSQL, SQLite) and the lock released; on MySQL it is recorded as half-applied. Run `cargo migrate current` to see where the database is"
    )]
    Interrupted,
    /// `test`: the history cannot be tested (several heads, a revision without a downgrade).
    #[error("the stairway test cannot run: {}", .0.join("; "))]
    StairwayHistory(Vec<String>),
    /// `test`: a revision's downgrade does not restore the schema (or its upgrade does not run
    /// again alike).
    #[error("{}", stairway_failure(.0))]
    StairwayFailed(Box<crate::stairway::Failure>),
    /// The server refuses writes: a hot standby or a read-only replica (what it is).
    #[error("{0}; point DATABASE_URL at the primary (nothing was changed)")]
    ReadOnly(String),
    /// Another run changed the version table between this run's plan and a step, and the
    /// target is relative to where the database was, so continuing could overshoot it.
    #[error(
        "another run moved the version table while this one was starting a step (it is now at {heads}); nothing was changed by this step: re-run to continue from {heads}"
    )]
    Moved {
        /// The version table's rows now.
        heads: String,
    },
    /// This run's lock-table lease expired and another run took the lock.
    #[error(
        "the migration lock of this run ({0}) expired and another run took it; this run stopped before its next step. Run `cargo migrate current` to see where the database is, then run again"
    )]
    LockLost(String),
    /// A setting is invalid.
    #[error("{0}")]
    Config(String),
    /// The database (or a file next to it) cannot be opened or written; the message says
    /// what, where and how to fix it.
    #[error("{0}")]
    Database(String),
    /// An I/O error.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl Error {
    /// The process exit code for this error, from [`migrate_graph::contract::exit`].
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Graph(_) | Error::EmptyRegistry => exit::GRAPH,
            Error::Target(TargetError::Direction(why)) if why.starts_with(INCONSISTENT) => {
                exit::VERSION_TABLE
            }
            Error::Target(_) | Error::Irreversible { .. } | Error::Config(_) => exit::USAGE,
            _ if self.sqlx_cause().is_some_and(is_read_only) => exit::DATABASE,
            Error::Database(_) => exit::DATABASE,
            _ if self
                .sqlx_cause()
                .is_some_and(|e| not_a_database(e) || disk_full(e)) =>
            {
                exit::DATABASE
            }
            Error::NoDatabaseUrl
            | Error::MetadataUrlNotEmbedded
            | Error::UnsupportedUrl(_)
            | Error::BackendDisabled(_) => exit::USAGE,
            Error::Connect { .. } | Error::Io(_) => exit::DATABASE,
            Error::UnknownCurrent(_) | Error::VersionTable { .. } | Error::HalfApplied { .. } => {
                exit::VERSION_TABLE
            }
            Error::LockTimeout { .. } | Error::ReadOnly(_) | Error::LockLost(_) => exit::DATABASE,
            Error::Moved { .. } => exit::VERSION_TABLE,
            Error::NotAtHead { .. } => exit::CHECK,
            Error::Interrupted => exit::INTERRUPTED,
            Error::StairwayHistory(_) | Error::StairwayFailed(_) => exit::CHECK,
            Error::MigrationFailedNonTransactional { .. } | Error::FailedBeforeChanges { .. } => {
                exit::MIGRATION
            }
            Error::Sql { .. }
            | Error::Unsupported(_)
            | Error::NotSupported { .. }
            | Error::MigrationFailed { .. }
            | Error::NoDowngrade
            | Error::UnwrittenUpgrade
            | Error::UnwrittenDowngrade
            | Error::EmptyBody { .. }
            | Error::Panicked(_) => exit::MIGRATION,
        }
    }

    /// The database error at the root of a failed statement or migration.
    fn sqlx_cause(&self) -> Option<&sqlx::Error> {
        match self {
            Error::Sql { source, .. } => Some(source),
            Error::MigrationFailed { source, .. }
            | Error::FailedBeforeChanges { source, .. }
            | Error::MigrationFailedNonTransactional { source, .. } => source.sqlx_cause(),
            _ => None,
        }
    }
}

/// The stairway test's failure: one line that says where and what, then the difference.
fn stairway_failure(f: &crate::stairway::Failure) -> String {
    let diff: String = f
        .diff
        .to_string()
        .lines()
        .map(|l| format!("\n  {l}"))
        .collect();
    format!(
        "stairway test failed on {} at revision {} ({}): {}; fix the revision so that its downgrade undoes its upgrade exactly (expected: the schema before, actual: after){diff}",
        f.backend.name(),
        f.revision,
        f.message,
        f.step.describe()
    )
}

/// How [`migrate_graph`] starts the message of a version table that contradicts the graph.
const INCONSISTENT: &str = "the version table is inconsistent";

const READ_WRITE_FIX: &str = "Connect read-write: remove mode=ro from a SQLite URL, make the file writable, or use a user or server that may write";

fn unsupported_url(url: &str) -> String {
    if url.trim().is_empty() {
        return "the database URL is empty: pass --database-url or set DATABASE_URL to e.g. postgres://user:password@host:5432/app, mysql://user@host:3306/app or sqlite:app.db?mode=rwc".to_string();
    }
    format!(
        "unsupported database URL {url}: it must start with sqlite:, postgres://, postgresql://, mysql:// or mariadb:// (e.g. postgres://user:password@host:5432/app)"
    )
}

/// sqlx's text on one line, without PostgreSQL's `at line N` (a line of the server's C sources).
fn cause(error: &sqlx::Error) -> String {
    let text = error.to_string().replace(
        "error with configuration: error with configuration",
        "error with configuration",
    );
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find(" at line ") {
        let after = &rest[at + " at line ".len()..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 {
            out.push_str(&rest[..at + " at line ".len()]);
        } else {
            out.push_str(&rest[..at]);
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    one_line(&out)
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The database error's SQLSTATE (PostgreSQL, MySQL) or result code (SQLite).
fn code(error: &sqlx::Error) -> String {
    match error {
        sqlx::Error::Database(db) => db.code().map(|c| c.into_owned()).unwrap_or_default(),
        _ => String::new(),
    }
}

/// What to do about a failed connection.
fn connect_hint(error: &sqlx::Error) -> &'static str {
    let text = error.to_string().to_ascii_lowercase();
    let code = code(error);
    match error {
        sqlx::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "check that the database server is running and listens on that host and port"
        }
        sqlx::Error::Io(_) if text.contains("lookup") => "check the host name in the URL",
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut => {
            "check the host and port in the URL, and that the server accepts connections from here"
        }
        sqlx::Error::Tls(_) => "check the server's TLS setup, or the URL's sslmode / ssl-mode",
        sqlx::Error::Configuration(_) => {
            "fix the URL, whose form is postgres://user:password@host:5432/database (mysql:// alike, or sqlite:path/to/file.db)"
        }
        _ if text.contains("unsupported startup parameter") => {
            "a connection pooler (pgbouncer) refuses a startup parameter the driver sends: add `ignore_startup_parameters = extra_float_digits` to the [pgbouncer] section of pgbouncer.ini and reload it"
        }
        _ if code == "28P01" || code == "28000" || text.contains("access denied") => {
            "check the user name and password in the URL"
        }
        _ if code == "3D000" || text.contains("unknown database") => {
            "create the database first (CREATE DATABASE ...), or fix its name in the URL"
        }
        _ if text.contains("unable to open database file") => {
            "check the file's path and that its folder exists; add ?mode=rwc to the URL to create a new database"
        }
        _ if is_read_only(error) => "connect with a URL or user that may write",
        _ => "check the URL, and that the server accepts this user",
    }
}

/// True when the database refused a write because it is read-only.
fn is_read_only(error: &sqlx::Error) -> bool {
    let text = error.to_string().to_ascii_lowercase();
    code(error) == "25006"
        || text.contains("readonly database")
        || text.contains("read-only")
        || text.contains("read only")
}

/// True when SQLite opened a file that is not a database (SQLITE_NOTADB).
fn not_a_database(error: &sqlx::Error) -> bool {
    code(error) == "26" || error.to_string().contains("file is not a database")
}

/// True when the disk is full (SQLITE_FULL, PostgreSQL's disk_full, MySQL's ER_RECORD_FILE_FULL
/// and out-of-space errors).
fn disk_full(error: &sqlx::Error) -> bool {
    let text = error.to_string().to_ascii_lowercase();
    matches!(code(error).as_str(), "13" | "53100" | "HY000")
        && (text.contains("full") || text.contains("space left"))
}

fn describe_sql(error: &sqlx::Error, sql: &str) -> String {
    let mut sql = one_line(sql);
    if sql.chars().count() > 200 {
        sql = sql.chars().take(200).collect::<String>() + "...";
    }
    if not_a_database(error) {
        return format!(
            "the file the URL names is not a SQLite database ({}): nothing was changed. Check the path in the URL (does it name another file?), or point it at a new file with ?mode=rwc",
            cause(error)
        );
    }
    if disk_full(error) {
        return format!(
            "the disk holding the database is full ({}), while running `{sql}`: nothing of this statement was kept. Free space there and run again",
            cause(error)
        );
    }
    if is_read_only(error) {
        return format!(
            "the database is read-only ({}): nothing was changed (while running `{sql}`). {READ_WRITE_FIX}",
            cause(error)
        );
    }
    format!("{}, while running `{sql}`", cause(error))
}

fn describe_failed(revision: &str, message: &str, source: &Error) -> String {
    if let Some(sqlx) = source.sqlx_cause()
        && is_read_only(sqlx)
    {
        return format!(
            "revision {revision} ({message}) cannot run: the database is read-only ({}); its transaction was rolled back and nothing was changed. {READ_WRITE_FIX}",
            cause(sqlx)
        );
    }
    format!("revision {revision} ({message}) failed, and its changes were rolled back: {source}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes() {
        let irreversible = Error::Irreversible {
            revision: "d4d4".into(),
            message: "broken".into(),
        };
        assert_eq!(irreversible.exit_code(), exit::USAGE);
        let text = irreversible.to_string();
        assert!(
            text.contains("d4d4") && text.contains("nothing was run"),
            "{text}"
        );
        assert!(text.contains("cargo migrate stamp"), "{text}");
        let inconsistent = Error::Target(TargetError::Direction(format!(
            "{INCONSISTENT} with the revision graph: row a is an ancestor of row b"
        )));
        assert_eq!(inconsistent.exit_code(), exit::VERSION_TABLE);
        assert_eq!(
            Error::Target(TargetError::Unknown("x".into())).exit_code(),
            exit::USAGE
        );
    }

    #[test]
    fn causes_are_one_line_without_server_source_lines() {
        let error = sqlx::Error::Protocol("database \"x\" does not exist at line 948\nmore".into());
        assert_eq!(
            cause(&error),
            "encountered unexpected or invalid data: database \"x\" does not exist more"
        );
        let sql = Error::Sql {
            sql: "SELECT\n  1".into(),
            source: sqlx::Error::Protocol("boom".into()),
        };
        assert_eq!(
            sql.to_string(),
            "encountered unexpected or invalid data: boom, while running `SELECT 1`"
        );
    }
}
