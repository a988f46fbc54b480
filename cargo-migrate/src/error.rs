//! Every failure `cargo migrate` reports, each one line that says what is wrong, where, and how
//! to fix it, with its exit code from [`migrate_graph::contract::exit`].

use std::path::PathBuf;

use migrate_graph::contract::exit;

/// A failure of `cargo migrate` itself (the migrations binary reports its own).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `revision --autogenerate` cannot go on.
    #[error("{0}")]
    Autogenerate(String),

    /// A `--rename` value of the wrong shape.
    #[error("--rename {0}: expected old=new (a table) or table.old=new (a column of table)")]
    BadRename(String),

    /// The migrations binary failed; it said why on stderr.
    #[error("the migrations binary failed (exit code {0}), see above")]
    Forwarded(u8),

    /// `--database`, `--all-databases` or `[package.metadata.migrate.databases]` is wrong.
    #[error("{0}")]
    Databases(String),

    /// `cargo metadata` failed.
    #[error("cannot read the workspace with `cargo metadata`: {0}")]
    Metadata(String),

    /// No workspace member has `[package.metadata.migrate]`.
    #[error(
        "no migrations crate in this workspace (no member has [package.metadata.migrate]); create one with `cargo migrate init`"
    )]
    NoMigrationsCrate,

    /// Several members have `[package.metadata.migrate]` and `-p` was not given.
    #[error("this workspace has several migrations crates ({}); choose one with `-p <name>`", .0.join(", "))]
    SeveralMigrationsCrates(Vec<String>),

    /// `-p` names no migrations crate.
    #[error("package `{name}` is not a migrations crate of this workspace (those are: {}); check `-p`", if .candidates.is_empty() { "none".to_owned() } else { .candidates.join(", ") })]
    UnknownPackage {
        /// The name given with `-p`.
        name: String,
        /// The migrations crates there are.
        candidates: Vec<String>,
    },

    /// The migrations crate has no binary target.
    #[error(
        "migrations crate `{0}` has no binary target; add src/main.rs calling `migrate_core::cli::main(MIGRATIONS)` (as `cargo migrate init` writes it)"
    )]
    NoBinary(String),

    /// `cargo build` could not be started.
    #[error("cannot run `{command}`: {source}")]
    Spawn {
        /// The command line.
        command: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },

    /// `cargo build` failed; cargo already printed why.
    #[error(
        "could not build the migrations crate `{package}` (`{command}` failed); fix the errors above and run again"
    )]
    Build {
        /// The migrations package.
        package: String,
        /// The command line.
        command: String,
    },

    /// `cargo build` succeeded but reported no executable for the binary.
    #[error("`{command}` built no executable for binary `{bin}`")]
    NoExecutable {
        /// The command line.
        command: String,
        /// The binary target.
        bin: String,
    },

    /// The migrations binary could not be started.
    #[error("cannot run the migrations binary {}: {source}", .path.display())]
    Exec {
        /// The executable.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },

    /// `init` would overwrite something.
    #[error("{} already exists; choose another name with `cargo migrate init --name <name>`", .0.display())]
    AlreadyExists(PathBuf),

    /// `init --name` names a package the workspace has already.
    #[error("the workspace already has a package named `{name}` ({}); choose another name with `cargo migrate init --name <name>`", .manifest.display())]
    NameTaken {
        /// The name.
        name: String,
        /// That package's manifest.
        manifest: PathBuf,
    },

    /// `init --database-url` with a password, which would be written in clear.
    #[error(
        "--database-url holds a password, which `init` would write in clear into {name}/Cargo.toml (a committed file, compiled into the binary); put the values in .env and pass --database-url '{suggestion}'"
    )]
    PasswordInInit {
        /// The crate's name.
        name: String,
        /// The URL with `${VAR}` placeholders to pass instead.
        suggestion: String,
    },

    /// `init --models` names no library package of the workspace.
    #[error(
        "`--models {name}` names no library package of the workspace; the packages with a library are: {}; pass the one whose #[derive(Model)] structs declare the tables",
        if .libraries.is_empty() { "(none)".to_string() } else { .libraries.join(", ") }
    )]
    UnknownModelsCrate {
        /// The name given.
        name: String,
        /// The workspace's packages that have a library target.
        libraries: Vec<String>,
    },

    /// A name given to `init` cannot be a package name.
    #[error(
        "invalid crate name {0:?}: use ASCII letters, digits, `-` and `_`, starting with a letter"
    )]
    InvalidName(String),

    /// The root manifest cannot be edited (to add the member, or its production profile).
    #[error("cannot add `{member}` to the workspace in {}: {reason}", .path.display())]
    Manifest {
        /// The root manifest.
        path: PathBuf,
        /// The member to add.
        member: String,
        /// What is wrong.
        reason: String,
    },

    /// A file or folder cannot be read or written.
    #[error("cannot {action} {}: {source}{}", .path.display(), io_hint(.source))]
    Io {
        /// What was being done: `read`, `write`, `create`.
        action: &'static str,
        /// The path.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },

    /// The versions folder cannot be scanned at all.
    #[error("{0}")]
    Scan(#[from] migrate_graph::scan::ScanError),

    /// `--rev-id` is malformed.
    #[error("malformed revision id {id:?} given with --rev-id: {reason}")]
    InvalidRevId {
        /// The id.
        id: String,
        /// Why.
        reason: String,
    },

    /// `--rev-id` is taken.
    #[error(
        "revision id {id:?} is already used by {used_by}; choose another --rev-id or leave it out for a random one"
    )]
    RevIdTaken {
        /// The id.
        id: String,
        /// The revision that has it.
        used_by: String,
    },

    /// A new revision's parent is ambiguous.
    #[error("multiple heads are present ({}); pass `--head <rev>` to choose the parent, or merge them first with `cargo migrate merge heads`", .0.join(", "))]
    MultipleHeads(Vec<String>),

    /// A revision named on the command line cannot be found.
    #[error("{0}")]
    Target(String),

    /// `--head` names a revision that is not a head.
    #[error("revision {0} is not a head; pass `--splice` to start a new branch from it")]
    NotAHead(String),

    /// `merge` was given fewer than two revisions.
    #[error("nothing to merge: {0}")]
    NothingToMerge(String),

    /// `history --rev-range` on a broken graph.
    #[error(
        "cannot apply --rev-range while the revision graph is broken (see the warnings above); fix the problems or leave out --rev-range"
    )]
    RangeOnBrokenGraph,

    /// A command that needs a sound revision graph (`graph`, `show`, `branches`, `--format
    /// json` of `history`) met a broken one.
    #[error(
        "cannot run `{0}` while the revision graph is broken (see the warnings above); fix the problems first (`cargo migrate heads` and `history` still work)"
    )]
    BrokenGraph(&'static str),

    /// `edit` found neither $EDITOR nor $VISUAL.
    #[error(
        "no editor to open {}: set $EDITOR (or $VISUAL), e.g. `EDITOR=vi cargo migrate edit <rev>`", .0.display()
    )]
    NoEditor(PathBuf),

    /// The editor exited with an error.
    #[error(
        "the editor `{0}` failed ({1}); the file is unchanged unless you saved it; check $EDITOR (or $VISUAL), e.g. `EDITOR=vi`"
    )]
    EditorFailed(String, String),

    /// Standard output was closed by its reader (`| head -1`): a normal end, nothing to print.
    #[error("standard output was closed")]
    StdoutClosed,

    /// `--branch-label` is malformed or taken.
    #[error("invalid --branch-label {label:?}: {reason}")]
    BranchLabel {
        /// The label.
        label: String,
        /// Why.
        reason: String,
    },

    /// `rebase` was given something it cannot do (an unknown revision, a descendant as
    /// `--onto`, a cycle, nothing to move).
    #[error("cannot rebase: {0}")]
    Rebase(String),

    /// `squash` was given a range it cannot replace (unknown, not linear, not replayable).
    #[error("cannot squash: {0}")]
    Squash(String),

    /// `rebase` would move a revision the configured database has applied.
    #[error(
        "cannot rebase: revision {revision} is applied to the database ({url}), and moving it would rewrite history that database has run; write a merge revision instead with `cargo migrate merge heads`"
    )]
    RebaseApplied {
        /// The applied revision.
        revision: String,
        /// The database, redacted.
        url: String,
    },

    /// `rebase` could not ask the database whether a revision to move is applied.
    #[error(
        "cannot rebase: could not check whether {revisions} is applied to the configured database ({reason}); make the database reachable (`--database-url`), or pass `--force` if no database has run them"
    )]
    RebaseUnchecked {
        /// The revisions to move, joined.
        revisions: String,
        /// Why the check failed.
        reason: String,
    },
}

/// How to fix an I/O failure, when there is something to say.
fn io_hint(error: &std::io::Error) -> &'static str {
    match error.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            "; make the folder writable and run again"
        }
        std::io::ErrorKind::StorageFull => "; free some disk space and run again",
        _ => "",
    }
}

impl Error {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Metadata(_)
            | Error::NoMigrationsCrate
            | Error::SeveralMigrationsCrates(_)
            | Error::NoBinary(_)
            | Error::Spawn { .. }
            | Error::Build { .. }
            | Error::NoExecutable { .. }
            | Error::Exec { .. } => exit::BUILD,
            Error::UnknownPackage { .. }
            | Error::AlreadyExists(_)
            | Error::InvalidName(_)
            | Error::NameTaken { .. }
            | Error::UnknownModelsCrate { .. }
            | Error::PasswordInInit { .. }
            | Error::InvalidRevId { .. }
            | Error::RevIdTaken { .. }
            | Error::Target(_)
            | Error::NotAHead(_)
            | Error::NothingToMerge(_)
            | Error::NoEditor(_)
            | Error::BranchLabel { .. }
            | Error::Autogenerate(_)
            | Error::BadRename(_)
            | Error::Rebase(_)
            | Error::Squash(_)
            | Error::RebaseApplied { .. }
            | Error::Databases(_) => exit::USAGE,
            Error::RebaseUnchecked { .. } => exit::DATABASE,
            Error::Forwarded(code) => *code,
            Error::Scan(_)
            | Error::MultipleHeads(_)
            | Error::RangeOnBrokenGraph
            | Error::BrokenGraph(_) => exit::GRAPH,
            Error::StdoutClosed => exit::OK,
            Error::EditorFailed(..) => exit::USAGE,
            // The root manifest is cargo's: like a `cargo metadata` failure.
            Error::Manifest { .. } => exit::BUILD,
            // The sources (the versions folder, the new crate) cannot be written or read.
            Error::Io { .. } => exit::GRAPH,
        }
    }

    /// An [`Error::Io`].
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}
