//! The command line, in cargo's flag language. Cargo runs an external subcommand as
//! `cargo-migrate migrate <args>`, hence `bin_name = "cargo"` and the single-variant [`Cargo`].

use std::path::PathBuf;

use clap::builder::styling::{AnsiColor, Effects, Styles};
use clap::{Parser, Subcommand, ValueEnum};

/// Cargo's own help colors, so that `cargo migrate --help` looks like `cargo --help`.
pub const CARGO_STYLES: Styles = Styles::styled()
    .header(AnsiColor::Green.on_default().effects(Effects::BOLD))
    .usage(AnsiColor::Green.on_default().effects(Effects::BOLD))
    .literal(AnsiColor::Cyan.on_default().effects(Effects::BOLD))
    .placeholder(AnsiColor::Cyan.on_default())
    .error(AnsiColor::Red.on_default().effects(Effects::BOLD))
    .valid(AnsiColor::Cyan.on_default().effects(Effects::BOLD))
    .invalid(AnsiColor::Yellow.on_default().effects(Effects::BOLD));

/// `cargo migrate` is meant to be run through cargo: `cargo migrate <command>`.
#[derive(Debug, Parser)]
#[command(name = "cargo", bin_name = "cargo", styles = CARGO_STYLES)]
pub enum Cargo {
    /// Alembic's migrations for a Rust workspace.
    Migrate(Args),
}

/// `cargo migrate [OPTIONS] <COMMAND>`.
#[derive(Debug, clap::Args)]
#[command(
    version,
    about = "Alembic's migrations for a Rust workspace",
    long_about = "Alembic's migrations for a Rust workspace.\n\n\
        `init`, `revision`, `merge`, `heads` and `history` work from the sources alone, even while \
        the migrations crate does not compile. Every other command builds the workspace's \
        migrations crate (the member with [package.metadata.migrate]) and runs it."
)]
pub struct Args {
    /// Options shared by every command.
    #[command(flatten)]
    pub global: GlobalOptions,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command accepts, anywhere on the command line.
#[derive(Debug, Clone, clap::Args)]
pub struct GlobalOptions {
    /// Path to Cargo.toml
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        help_heading = "Manifest Options"
    )]
    pub manifest_path: Option<PathBuf>,

    /// The migrations package, when the workspace has several
    #[arg(
        short = 'p',
        long,
        global = true,
        value_name = "SPEC",
        help_heading = "Package Selection"
    )]
    pub package: Option<String>,

    /// Build the migrations crate in release mode
    #[arg(long, global = true, help_heading = "Compilation Options")]
    pub release: bool,

    /// The database URL (passed to the migrations binary in its environment, never on its
    /// command line); repeat it to run upgrade, downgrade, current or check on several
    /// databases; with `init`, written to [package.metadata.migrate]
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Vec<String>,

    /// A database of [package.metadata.migrate.databases], by its name; repeat it for several
    #[arg(long, global = true, value_name = "NAME")]
    pub database: Vec<String>,

    /// Every database of [package.metadata.migrate.databases]
    #[arg(long, global = true, conflicts_with = "database")]
    pub all_databases: bool,

    /// The databases `--database` / `--all-databases` picked: (name, URL as written).
    #[arg(skip)]
    pub named_databases: Vec<(String, String)>,

    /// Use verbose output (`heads -v`, `history -v`, `current -v`)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Print no status lines
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Coloring
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Color when stderr is a terminal and NO_COLOR is unset.
    Auto,
    /// Always color.
    Always,
    /// Never color.
    Never,
}

impl ColorChoice {
    /// The value as written on a command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ColorChoice::Auto => "auto",
            ColorChoice::Always => "always",
            ColorChoice::Never => "never",
        }
    }
}

/// `--format` of the read commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Alembic's text.
    Text,
    /// One JSON document (schema: `migrate_graph::json`).
    Json,
}

/// `graph --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Lanes drawn with `*`, `|`, `/`, `\`, newest first.
    Text,
    /// Graphviz DOT.
    Dot,
    /// A Mermaid flowchart.
    Mermaid,
    /// JSON: revisions and edges (schema: `migrate_graph::json`).
    Json,
}

/// The flags of `upgrade` and `downgrade`, forwarded to the migrations binary.
#[derive(Debug, Clone, Default, PartialEq, Eq, clap::Args)]
pub struct WriteFlags {
    /// Print the SQL instead of running it, without connecting (offline mode)
    #[arg(long, conflicts_with = "dry_run")]
    pub sql: bool,
    /// With --sql: the database to write SQL for (postgres, mysql, sqlite) instead of the URL's
    #[arg(long, value_name = "DIALECT", requires = "sql")]
    pub dialect: Option<String>,
    /// Read the database's state under the lock and print the exact SQL, changing nothing
    #[arg(long)]
    pub dry_run: bool,
    /// One transaction for the whole run instead of one per migration (PostgreSQL, SQLite)
    #[arg(long)]
    pub single_transaction: bool,
    /// Seconds to wait for another run's lock
    #[arg(long, value_name = "SECONDS")]
    pub lock_timeout: Option<u64>,
}

impl WriteFlags {
    /// The flags as the migrations binary takes them.
    pub fn to_args(&self) -> Vec<String> {
        let mut args = Vec::new();
        if self.sql {
            args.push("--sql".to_owned());
        }
        if let Some(dialect) = &self.dialect {
            args.extend(["--dialect".to_owned(), dialect.clone()]);
        }
        if self.dry_run {
            args.push("--dry-run".to_owned());
        }
        if self.single_transaction {
            args.push("--single-transaction".to_owned());
        }
        if let Some(seconds) = self.lock_timeout {
            args.extend(["--lock-timeout".to_owned(), seconds.to_string()]);
        }
        args
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the migrations crate in the workspace root and add it to the workspace members
    Init {
        /// The crate's name and directory
        #[arg(long, default_value = "migrations", value_name = "NAME")]
        name: String,
        /// The workspace package whose #[derive(Model)] structs declare the tables: the new
        /// crate depends on it and its binary links it
        #[arg(long, value_name = "CRATE")]
        models: Option<String>,
    },

    /// Create a new revision file in src/versions, on top of the current head
    Revision {
        /// The revision's message
        #[arg(short, long, value_name = "MESSAGE")]
        message: Option<String>,
        /// Use this revision id instead of a random one
        #[arg(long, value_name = "ID")]
        rev_id: Option<String>,
        /// The parent: a head, `base` (a new root), or `label@head`; needed when there are several heads
        #[arg(long, value_name = "REV")]
        head: Option<String>,
        /// Allow --head to name a revision that is not a head (starts a new branch)
        #[arg(long, requires = "head")]
        splice: bool,
        /// A branch label for the new revision (used as `label@head`)
        #[arg(long, value_name = "LABEL")]
        branch_label: Option<String>,
        /// Revisions (ids, prefixes or labels) the new one depends on without descending from them
        #[arg(long, value_name = "REV", num_args = 1.., value_delimiter = ',')]
        depends_on: Vec<String>,
        /// Write upgrade and downgrade from the difference between the models and the current
        /// schema (builds and runs the migrations crate)
        #[arg(long)]
        autogenerate: bool,
        /// With --autogenerate: compare with the live database (required for now)
        #[arg(long, requires = "autogenerate")]
        against_db: bool,
        /// With --autogenerate: a rename, `old=new` for a table, `table.old=new` for a column
        #[arg(long, value_name = "OLD=NEW", requires = "autogenerate")]
        rename: Vec<String>,
        /// With --autogenerate: take every possible rename as a drop and an add
        #[arg(long, requires = "autogenerate", conflicts_with = "rename")]
        no_rename: bool,
        /// With --autogenerate: also print the SQL the new revision's upgrade runs (offline)
        #[arg(long, requires = "autogenerate")]
        sql: bool,
    },

    /// Create a merge revision whose parents are the given revisions (or all heads)
    Merge {
        /// The revisions to merge: ids, prefixes, or `heads`
        #[arg(value_name = "REVISIONS", default_value = "heads")]
        revisions: Vec<String>,
        /// The merge revision's message
        #[arg(short, long, value_name = "MESSAGE")]
        message: Option<String>,
        /// Use this revision id instead of a random one
        #[arg(long, value_name = "ID")]
        rev_id: Option<String>,
        /// A branch label for the merge revision
        #[arg(long, value_name = "LABEL")]
        branch_label: Option<String>,
    },

    /// Write one revision that replaces the linear range START..END (both included), computed
    /// from the replay; the originals stay until every database is past END
    Squash {
        /// The first revision to replace (id or prefix)
        #[arg(value_name = "START")]
        start: String,
        /// The last revision to replace (id or prefix)
        #[arg(value_name = "END")]
        end: String,
        /// The squashed revision's message
        #[arg(short, long, value_name = "MESSAGE")]
        message: String,
        /// Use this revision id instead of a random one
        #[arg(long, value_name = "ID")]
        rev_id: Option<String>,
        /// A rename between START and END, `old=new` for a table, `table.old=new` for a column
        #[arg(long, value_name = "OLD=NEW")]
        rename: Vec<String>,
        /// Take every possible rename as a drop and an add
        #[arg(long, conflicts_with = "rename")]
        no_rename: bool,
    },

    /// Move revisions on top of another head instead of merging: rewrites their `down_revision`
    Rebase {
        /// The revisions to move (ids or prefixes); by default the other head's revisions that
        /// are not ancestors of --onto
        #[arg(value_name = "REV")]
        revisions: Vec<String>,
        /// The revision to put them on: the other branch's head
        #[arg(long, value_name = "REV")]
        onto: String,
        /// Rebase without checking that the configured database has not applied them
        #[arg(long)]
        force: bool,
    },

    /// Show the heads, from the sources
    Heads {
        /// Only the heads no other revision depends on (`upgrade heads` reaches these)
        #[arg(long)]
        resolve_dependencies: bool,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },

    /// Show the branch points, from the sources
    Branches {
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },

    /// List the revisions, newest first, from the sources
    History {
        /// Only the revisions in this range, `[start]:[end]` (e.g. `base:head`, `ae10:`, `ae10:+2`)
        #[arg(short, long, value_name = "RANGE", allow_hyphen_values = true)]
        rev_range: Option<String>,
        /// Mark the database's current revisions (builds and runs the migrations crate)
        #[arg(short = 'i', long)]
        indicate_current: bool,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },

    /// Show one revision (or each of `heads`), from the sources
    Show {
        /// A revision: id, prefix, label, head, heads, label@head, rev+N, rev-N
        #[arg(value_name = "REV", allow_hyphen_values = true)]
        rev: String,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },

    /// Open a revision's file in $EDITOR (or $VISUAL)
    Edit {
        /// A revision: id, prefix, label, head or label@head
        #[arg(value_name = "REV", default_value = "head")]
        rev: String,
    },

    /// Draw the revision graph, newest first (like `git log --graph`), or as DOT, Mermaid, JSON
    Graph {
        /// Output format
        #[arg(long, value_enum, default_value_t = GraphFormat::Text)]
        format: GraphFormat,
    },

    /// Upgrade the database to a later revision (builds and runs the migrations crate)
    Upgrade {
        /// head, heads, a revision id or prefix, +N, rev+N, label@head
        #[arg(value_name = "TARGET", allow_hyphen_values = true)]
        target: String,
        #[command(flatten)]
        flags: WriteFlags,
    },

    /// Revert the database to an earlier revision (builds and runs the migrations crate)
    Downgrade {
        /// base, a revision id or prefix, -N, rev-N, label@base
        #[arg(value_name = "TARGET", allow_hyphen_values = true)]
        target: String,
        #[command(flatten)]
        flags: WriteFlags,
    },

    /// Set the version table to revisions without running migrations: `stamp head`,
    /// `stamp --purge REV`, `stamp --sql REV` (builds and runs the migrations crate)
    Stamp {
        /// Revisions and flags (`--purge`, `--sql`), forwarded verbatim
        #[arg(
            trailing_var_arg = true,
            required = true,
            allow_hyphen_values = true,
            value_name = "REVISIONS"
        )]
        args: Vec<String>,
    },

    /// The CI gate: fail unless the database is at head, knows every revision, and no applied
    /// revision was edited (builds and runs the migrations crate)
    Check {
        /// Flags, forwarded verbatim (`--format json`)
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "ARGS"
        )]
        args: Vec<String>,
    },

    /// The event log: every upgrade, downgrade and stamp step, newest first (builds and runs the
    /// migrations crate)
    Log {
        /// Flags, forwarded verbatim (`-n N`, `--format json`)
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "ARGS"
        )]
        args: Vec<String>,
    },

    /// Create the version table and the event log if they are missing (builds and runs the
    /// migrations crate)
    EnsureVersion {
        /// Flags, forwarded verbatim
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "ARGS"
        )]
        args: Vec<String>,
    },

    /// Show the database's current revision(s) (builds and runs the migrations crate)
    Current {
        /// The binary's own flags (`--check-heads`, `--format json`), forwarded verbatim
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "ARGS"
        )]
        args: Vec<String>,
    },

    /// Print a shell completion script for `cargo-migrate` (no build, no workspace needed):
    /// `cargo migrate completions bash > ~/.local/share/bash-completion/completions/cargo-migrate`
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print the live database's schema, table by table (builds and runs the migrations crate)
    Inspect {
        /// Flags, forwarded verbatim (`--format json`)
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "ARGS"
        )]
        args: Vec<String>,
    },

    /// Compare the live database with the replay of its applied revisions and print the drift
    /// (exit 8 when there is any; builds and runs the migrations crate)
    Verify {
        /// Flags, forwarded verbatim (`--format json`)
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "ARGS"
        )]
        args: Vec<String>,
    },

    /// Lint the revisions not yet applied (or REV_RANGE, --all, or offline with --dialect):
    /// rules over the replayed operations, exit 8 on an error finding (builds and runs the
    /// migrations crate)
    Lint {
        /// The range and flags, forwarded verbatim (`--all --dialect postgres --format github`)
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "ARGS"
        )]
        args: Vec<String>,
    },

    /// Print the schema replayed at a revision (default head) as DDL, no database needed
    /// (builds and runs the migrations crate)
    Schema {
        /// The revision and flags, forwarded verbatim (`abc123 --dialect postgres --format json`)
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "ARGS"
        )]
        args: Vec<String>,
    },

    /// Any other command of the migrations binary (stamp, check, ...), forwarded verbatim
    #[command(external_subcommand)]
    External(Vec<String>),
}

/// The values of every `FLAG VALUE` and `FLAG=VALUE` in `args`, in order, before any `--`.
pub fn occurrences(args: &[String], flag: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut args = args.iter();
    let eq = format!("{flag}=");
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        } else if arg == flag {
            out.extend(args.next().cloned());
        } else if let Some(value) = arg.strip_prefix(&eq) {
            out.push(value.to_owned());
        }
    }
    out
}

/// Takes `--database-url URL` (or `--database-url=URL`) out of arguments forwarded verbatim
/// (`stamp head --database-url …`, `log -n 5 --database-url …`), so that the URLs reach the
/// migrations binary only through its environment, never its command line; they are returned in
/// order. Nothing after `--` is looked at.
pub fn take_database_url(args: Vec<String>) -> (Vec<String>, Vec<String>) {
    let mut kept = Vec::with_capacity(args.len());
    let mut urls = Vec::new();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--" {
            kept.push(arg);
            kept.extend(args.by_ref());
        } else if arg == "--database-url" {
            match args.next() {
                Some(value) => urls.push(value),
                None => kept.push(arg),
            }
        } else if let Some(value) = arg.strip_prefix("--database-url=") {
            urls.push(value.to_owned());
        } else {
            kept.push(arg);
        }
    }
    (kept, urls)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cargo::command().debug_assert();
    }

    fn parse(args: &[&str]) -> Args {
        let mut argv = vec!["cargo", "migrate"];
        argv.extend_from_slice(args);
        let Cargo::Migrate(args) = Cargo::try_parse_from(argv).expect("parses");
        args
    }

    #[test]
    fn globals_anywhere() {
        let args = parse(&["heads", "-v", "--manifest-path", "x/Cargo.toml"]);
        assert_eq!(args.global.verbose, 1);
        assert_eq!(
            args.global.manifest_path.as_deref(),
            Some(std::path::Path::new("x/Cargo.toml"))
        );
        assert!(matches!(args.command, Command::Heads { .. }));
    }

    #[test]
    fn relative_targets() {
        let args = parse(&["downgrade", "-1"]);
        assert!(
            matches!(args.command, Command::Downgrade { ref target, ref flags } if target == "-1" && flags.to_args().is_empty())
        );
        let args = parse(&["upgrade", "+2", "--sql", "-p", "db"]);
        assert!(
            matches!(args.command, Command::Upgrade { ref target, ref flags } if target == "+2" && flags.to_args() == ["--sql"])
        );
        assert_eq!(args.global.package.as_deref(), Some("db"));
    }

    #[test]
    fn revision_options() {
        let args = parse(&["revision", "-m", "add account", "--rev-id", "abc123"]);
        match args.command {
            Command::Revision {
                message, rev_id, ..
            } => {
                assert_eq!(message.as_deref(), Some("add account"));
                assert_eq!(rev_id.as_deref(), Some("abc123"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_commands_are_forwarded() {
        let args = parse(&["stamp", "head", "--purge"]);
        assert!(
            matches!(args.command, Command::Stamp { ref args } if args == &["head", "--purge"])
        );
    }

    #[test]
    fn database_url_is_taken_out_of_forwarded_arguments() {
        let args = parse(&[
            "log",
            "-n",
            "5",
            "--database-url",
            "postgres://u:pw@h/d",
            "--format",
            "json",
        ]);
        let Command::Log { args } = args.command else {
            panic!("log")
        };
        let (kept, url) = take_database_url(args);
        assert_eq!(kept, ["-n", "5", "--format", "json"]);
        assert_eq!(url, ["postgres://u:pw@h/d"]);
        let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (kept, url) = take_database_url(owned(&[
            "--sql",
            "--database-url=mysql://a:b@h/d",
            "--database-url",
            "sqlite:two.db",
            "--",
            "--database-url=x",
        ]));
        assert_eq!(kept, ["--sql", "--", "--database-url=x"]);
        assert_eq!(url, ["mysql://a:b@h/d", "sqlite:two.db"]);
    }

    #[test]
    fn verify_and_schema_are_forwarded() {
        let args = parse(&["verify", "--format", "json"]);
        assert!(
            matches!(args.command, Command::Verify { ref args } if args == &["--format", "json"])
        );
        let args = parse(&["schema", "abc", "--dialect", "mysql"]);
        assert!(
            matches!(args.command, Command::Schema { ref args } if args == &["abc", "--dialect", "mysql"])
        );
    }

    #[test]
    fn lint_is_forwarded() {
        let args = parse(&["lint", "ab12:head", "--format", "github"]);
        assert!(
            matches!(args.command, Command::Lint { ref args } if args == &["ab12:head", "--format", "github"])
        );
    }

    #[test]
    fn inspect_is_forwarded() {
        let args = parse(&["inspect", "--format", "json"]);
        assert!(
            matches!(args.command, Command::Inspect { ref args } if args == &["--format", "json"])
        );
    }

    #[test]
    fn must_be_run_as_cargo_migrate() {
        assert!(Cargo::try_parse_from(["cargo", "heads"]).is_err());
    }
}
