//! What each command does.

use std::collections::HashSet;

use migrate_graph::check::ProblemKind;
use migrate_graph::contract::exit;
use migrate_graph::display;
use migrate_graph::{Revision, id};

use crate::cli::{Args, Command, GlobalOptions};
use crate::error::Error;
use crate::scaffold::{self, NewRevision};
use crate::sources::Sources;
use crate::term::{Term, redact_url};
use crate::workspace::{self, MigrationsCrate};

/// Runs one `cargo migrate` command and returns the exit code.
pub fn run(args: Args, term: &Term) -> Result<u8, Error> {
    let global = &args.global;
    match args.command {
        Command::Init { name } => init(term, global, &name),
        Command::Revision {
            message,
            rev_id,
            head,
            splice,
        } => {
            let krate = locate(global)?;
            revision(
                term,
                &krate,
                message.as_deref().unwrap_or(""),
                rev_id.as_deref(),
                head.as_deref(),
                splice,
            )
        }
        Command::Merge {
            revisions,
            message,
            rev_id,
        } => {
            let krate = locate(global)?;
            merge(
                term,
                &krate,
                &revisions,
                message.as_deref().unwrap_or("merge heads"),
                rev_id.as_deref(),
            )
        }
        Command::Heads => heads(term, &locate(global)?, global.verbose > 0),
        Command::History { rev_range } => history(
            term,
            &locate(global)?,
            rev_range.as_deref(),
            global.verbose > 0,
        ),
        Command::Upgrade { target, sql } => forward(term, global, "upgrade", &target, sql),
        Command::Downgrade { target, sql } => forward(term, global, "downgrade", &target, sql),
        Command::Current => {
            let mut argv = vec!["current".to_owned()];
            argv.extend(verbosity(global));
            build_and_run(term, global, &argv)
        }
        Command::External(mut argv) => {
            argv.extend(verbosity(global));
            build_and_run(term, global, &argv)
        }
    }
}

/// The migrations crate of the workspace, per `--manifest-path` and `-p`.
fn locate(global: &GlobalOptions) -> Result<MigrationsCrate, Error> {
    let metadata = workspace::metadata(global.manifest_path.as_deref())?;
    workspace::find_migrations_crate(&metadata, global.package.as_deref())
}

/// `-v`/`-q` as the migrations binary takes them (once each).
fn verbosity(global: &GlobalOptions) -> Vec<String> {
    let mut flags = Vec::new();
    if global.verbose > 0 {
        flags.push("-v".to_owned());
    }
    if global.quiet {
        flags.push("-q".to_owned());
    }
    flags
}

/// `upgrade`/`downgrade`: `<command> [--sql] [-v] [-q] <target>`, with `--` before a target
/// that starts with `-` (`-1`) so that it is never read as a flag.
fn forward(
    term: &Term,
    global: &GlobalOptions,
    command: &str,
    target: &str,
    sql: bool,
) -> Result<u8, Error> {
    let mut argv = vec![command.to_owned()];
    if sql {
        argv.push("--sql".to_owned());
    }
    argv.extend(verbosity(global));
    if target.starts_with('-') {
        argv.push("--".to_owned());
    }
    argv.push(target.to_owned());
    build_and_run(term, global, &argv)
}

/// Builds the migrations crate and runs its binary with `argv`.
fn build_and_run(term: &Term, global: &GlobalOptions, argv: &[String]) -> Result<u8, Error> {
    let krate = locate(global)?;
    let executable = crate::runner::build(&krate, global)?;
    crate::runner::run(term, &executable, argv, global)
}

/// `init`: writes the migrations crate into the workspace root and adds it to the members.
fn init(term: &Term, global: &GlobalOptions, name: &str) -> Result<u8, Error> {
    if !scaffold::is_valid_crate_name(name) {
        return Err(Error::InvalidName(name.to_owned()));
    }
    let metadata = workspace::metadata(global.manifest_path.as_deref())?;
    let root = workspace::workspace_root(&metadata);
    let dir = root.join(name);
    if dir.exists() {
        return Err(Error::AlreadyExists(dir));
    }
    let manifest_path = root.join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path)
        .map_err(|e| Error::io("read", &manifest_path, e))?;
    let edited =
        scaffold::add_workspace_member(&manifest, name).map_err(|reason| Error::Manifest {
            path: manifest_path.clone(),
            member: name.to_owned(),
            reason,
        })?;

    let url = global
        .database_url
        .clone()
        .unwrap_or_else(|| scaffold::default_database_url(name));
    let files = scaffold::crate_files(name, &url, &scaffold::migrate_core_dependency());
    for (relative, content) in &files {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
        }
        std::fs::write(&path, content).map_err(|e| Error::io("write", &path, e))?;
    }
    term.status(
        "Creating",
        &format!(
            "migrations crate `{name}` (database-url = \"{}\")",
            redact_url(&url)
        ),
    );
    if let Some(edited) = edited {
        std::fs::write(&manifest_path, edited)
            .map_err(|e| Error::io("write", &manifest_path, e))?;
        term.status(
            "Adding",
            &format!("`{name}` as member of workspace at `{}`", root.display()),
        );
    }
    term.note("write the first revision with `cargo migrate revision -m \"create user\"`");
    Ok(exit::OK)
}

/// A revision id from `--rev-id` (checked) or a fresh random one, unused either way.
fn choose_id(sources: &Sources, rev_id: Option<&str>) -> Result<String, Error> {
    let taken = |id: &str| sources.revisions.iter().find(|r| r.revision == id);
    match rev_id {
        Some(id) => {
            id::validate(id).map_err(|reason| Error::InvalidRevId {
                id: id.to_owned(),
                reason,
            })?;
            if let Some(other) = taken(id) {
                return Err(Error::RevIdTaken {
                    id: id.to_owned(),
                    used_by: other.describe(),
                });
            }
            Ok(id.to_owned())
        }
        None => loop {
            let id = scaffold::new_rev_id();
            if taken(&id).is_none() {
                return Ok(id);
            }
        },
    }
}

/// Loads the sources and prints their problems, leaving out unmerged heads when `quiet_heads`
/// (the caller reports them itself).
fn load_sources(term: &Term, krate: &MigrationsCrate, quiet_heads: bool) -> Result<Sources, Error> {
    let sources = Sources::load(&krate.dir)?;
    for error in &sources.unreadable {
        term.warn(&format!("{error} (the file is left out)"));
    }
    // One problem is reported at every literal involved (both children of an unmerged fork,
    // every copy of a duplicate id); one warning each is enough here.
    let mut seen = HashSet::new();
    for problem in &sources.problems {
        if quiet_heads && problem.kind == ProblemKind::MultipleHeads {
            continue;
        }
        let mut quoted: Vec<&str> = problem.message.split('"').skip(1).step_by(2).collect();
        quoted.sort_unstable();
        quoted.dedup();
        if seen.insert((problem.kind, quoted)) {
            term.warn(&problem.message);
        }
    }
    Ok(sources)
}

/// `revision`: a new file in src/versions whose parent is the current head.
fn revision(
    term: &Term,
    krate: &MigrationsCrate,
    message: &str,
    rev_id: Option<&str>,
    head: Option<&str>,
    splice: bool,
) -> Result<u8, Error> {
    let sources = load_sources(term, krate, true)?;
    let heads = sources.heads();
    let parents: Vec<String> = match head {
        Some(head) => {
            let rev = sources.find(head)?;
            if !splice && !heads.iter().any(|h| h.revision == rev.revision) {
                return Err(Error::NotAHead(rev.revision.clone()));
            }
            vec![rev.revision.clone()]
        }
        None => match heads.as_slice() {
            [] => Vec::new(),
            [one] => vec![one.revision.clone()],
            many => {
                return Err(Error::MultipleHeads(
                    many.iter().map(|r| r.revision.clone()).collect(),
                ));
            }
        },
    };
    let id = choose_id(&sources, rev_id)?;
    write_revision(term, krate, &id, &parents, message)
}

/// `merge`: a new file whose parents are the given revisions (`heads`: every head).
fn merge(
    term: &Term,
    krate: &MigrationsCrate,
    revisions: &[String],
    message: &str,
    rev_id: Option<&str>,
) -> Result<u8, Error> {
    let sources = load_sources(term, krate, true)?;
    let mut parents: Vec<String> = Vec::new();
    for name in revisions {
        let found: Vec<String> = if name == "heads" {
            sources.heads().iter().map(|r| r.revision.clone()).collect()
        } else {
            vec![sources.find(name)?.revision.clone()]
        };
        for id in found {
            if !parents.contains(&id) {
                parents.push(id);
            }
        }
    }
    if parents.len() < 2 {
        return Err(Error::NothingToMerge(match parents.as_slice() {
            [] => "there is no revision yet".to_owned(),
            [one] => format!("{one} is the only revision given (or the only head)"),
            _ => unreachable!(),
        }));
    }
    let id = choose_id(&sources, rev_id)?;
    write_revision(term, krate, &id, &parents, message)
}

/// Writes `src/versions/<id>_<slug>.rs`.
fn write_revision(
    term: &Term,
    krate: &MigrationsCrate,
    id: &str,
    parents: &[String],
    message: &str,
) -> Result<u8, Error> {
    let slug = scaffold::slug(message);
    let name = scaffold::struct_name(&slug, id);
    let file_name = scaffold::file_name(id, &slug);
    let text = scaffold::revision_source(&NewRevision {
        id,
        parents,
        message,
        date: &scaffold::utc_now(),
        struct_name: &name,
    });
    let dir = krate.versions_dir();
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, e))?;
    let path = dir.join(&file_name);
    if path.exists() {
        return Err(Error::AlreadyExists(path));
    }
    std::fs::write(&path, text).map_err(|e| Error::io("write", &path, e))?;
    term.status("Created", &workspace::shown(&path));
    Ok(exit::OK)
}

/// The verbose entry of `rev`, with its file's header as description when there is one.
/// Its `Path:` is the file as seen from the current directory, as cargo shows paths.
fn verbose_entry(sources: &Sources, rev: &Revision) -> String {
    let marks = sources.marks(rev);
    let doc = sources.doc(rev);
    let mut rev = rev.clone();
    if let Some(location) = &mut rev.location {
        location.file = workspace::shown(&sources.crate_dir.join(&location.file));
    }
    match doc {
        Some(doc) => display::log_entry_with_doc(&rev, marks, &doc),
        None => display::log_entry(&rev, marks),
    }
}

/// `heads`, from the sources.
fn heads(term: &Term, krate: &MigrationsCrate, verbose: bool) -> Result<u8, Error> {
    let sources = load_sources(term, krate, false)?;
    for rev in sources.heads() {
        if verbose {
            println!("{}", verbose_entry(&sources, rev));
        } else {
            println!("{}", display::head_entry(rev, sources.marks(rev), false));
        }
    }
    Ok(exit::OK)
}

/// `history`, from the sources, newest first.
fn history(
    term: &Term,
    krate: &MigrationsCrate,
    range: Option<&str>,
    verbose: bool,
) -> Result<u8, Error> {
    let sources = load_sources(term, krate, false)?;
    let mut revisions = sources.history();
    if let Some(range) = range {
        revisions = in_range(&sources, revisions, range)?;
    }
    for rev in revisions {
        if verbose {
            println!("{}", verbose_entry(&sources, rev));
        } else {
            println!("{}", display::history_entry(rev, sources.marks(rev), false));
        }
    }
    Ok(exit::OK)
}

/// Keeps the revisions of `start:end`: descendants of `start` (inclusive; everything for
/// `base` or an empty start) that are ancestors of `end` (inclusive; everything for `head`,
/// `heads` or an empty end).
fn in_range<'a>(
    sources: &'a Sources,
    revisions: Vec<&'a Revision>,
    range: &str,
) -> Result<Vec<&'a Revision>, Error> {
    let Ok(map) = &sources.map else {
        return Err(Error::RangeOnBrokenGraph);
    };
    let Some((start, end)) = range.split_once(':') else {
        return Err(Error::Target(format!(
            "invalid history range {range:?}: expected [start]:[end], e.g. `base:head` or `ae10:`"
        )));
    };
    let below_end: Option<Vec<String>> = match end {
        "" | "head" | "heads" => None,
        end => {
            let rev = sources.find(end)?;
            Some(
                map.ancestors_of(&[rev.revision.as_str()])
                    .into_iter()
                    .map(|r| r.revision.clone())
                    .collect(),
            )
        }
    };
    let start_id: Option<String> = match start {
        "" | "base" => None,
        start => Some(sources.find(start)?.revision.clone()),
    };
    Ok(revisions
        .into_iter()
        .filter(|r| {
            below_end
                .as_ref()
                .is_none_or(|ids| ids.contains(&r.revision))
        })
        .filter(|r| {
            start_id.as_ref().is_none_or(|start| {
                map.ancestors_of(&[r.revision.as_str()])
                    .iter()
                    .any(|a| &a.revision == start)
            })
        })
        .collect())
}
