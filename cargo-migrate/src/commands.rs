//! What each command does.

use std::collections::HashSet;

use migrate_graph::check::ProblemKind;
use migrate_graph::contract::exit;
use migrate_graph::{Revision, id};
use migrate_graph::{display, draw, json};

use crate::cli::{Args, Command, Format, GlobalOptions, GraphFormat};
use crate::error::Error;
use crate::scaffold::{self, NewRevision};
use crate::sources::Sources;
use crate::term::{Term, out, outln};
use crate::workspace::{self, MigrationsCrate};

/// Runs one `cargo migrate` command and returns the exit code.
pub fn run(mut args: Args, term: &Term) -> Result<u8, Error> {
    // `--database NAME` / `--all-databases`: the URLs every run of the binary gets.
    if !args.global.database.is_empty() || args.global.all_databases {
        let krate = locate(&args.global)?;
        args.global.named_databases = workspace::selected_databases(
            &krate,
            &args.global.database,
            args.global.all_databases,
        )?;
    }
    let global = &args.global;
    match args.command {
        Command::Init { name, models } => init(term, global, &name, models.as_deref()),
        Command::Completions { shell } => completions(shell),
        Command::Revision {
            message,
            rev_id,
            head,
            splice,
            branch_label,
            depends_on,
            autogenerate,
            against_db,
            rename,
            no_rename,
            sql,
        } => {
            let krate = locate(global)?;
            let generated = if autogenerate {
                let options = crate::autogenerate::Options {
                    against_db,
                    renames: rename,
                    no_rename,
                };
                let (desired, current) = crate::autogenerate::schemas(&krate, global, &options)?;
                let plan = crate::autogenerate::settled_plan(&current, &desired, &options)?;
                if plan.is_empty() {
                    term.status("Compared", "No changes in schema detected.");
                    return Ok(exit::OK);
                }
                Some((plan, desired.dialect))
            } else {
                None
            };
            let created = std::cell::RefCell::new(None);
            let code = revision(
                term,
                &krate,
                &NewOptions {
                    message: message.as_deref().unwrap_or(""),
                    rev_id: rev_id.as_deref(),
                    branch_label: branch_label.as_deref(),
                    depends_on: &depends_on,
                    generated: generated.as_ref(),
                    created: &created,
                },
                head.as_deref(),
                splice,
            )?;
            // `--sql`: the new revision's upgrade as offline SQL (`upgrade parent:id --sql`).
            match created.into_inner() {
                Some((id, parents)) if sql => {
                    let start = parents.first().map_or("base", String::as_str);
                    let argv = vec![
                        "upgrade".to_owned(),
                        format!("{start}:{id}"),
                        "--sql".to_owned(),
                    ];
                    build_and_run(term, global, &argv)
                }
                _ => Ok(code),
            }
        }
        Command::Merge {
            revisions,
            message,
            rev_id,
            branch_label,
        } => {
            let krate = locate(global)?;
            merge(
                term,
                &krate,
                &revisions,
                &NewOptions {
                    message: message.as_deref().unwrap_or("merge heads"),
                    rev_id: rev_id.as_deref(),
                    branch_label: branch_label.as_deref(),
                    depends_on: &[],
                    generated: None,
                    created: &std::cell::RefCell::new(None),
                },
            )
        }
        Command::Squash {
            start,
            end,
            message,
            rev_id,
            rename,
            no_rename,
        } => crate::squash::squash(
            term,
            global,
            &locate(global)?,
            &crate::squash::Request {
                start: &start,
                end: &end,
                message: &message,
                rev_id: rev_id.as_deref(),
                renames: crate::autogenerate::Options {
                    against_db: false,
                    renames: rename,
                    no_rename,
                },
            },
        ),
        Command::Rebase {
            revisions,
            onto,
            force,
        } => crate::rebase::rebase(
            term,
            global,
            &locate(global)?,
            &crate::rebase::Request {
                revisions: &revisions,
                onto: &onto,
                force,
            },
        ),
        Command::Heads {
            resolve_dependencies,
            format,
        } => heads(
            term,
            &locate(global)?,
            global.verbose > 0,
            resolve_dependencies,
            format,
        ),
        Command::Branches { format } => {
            branches(term, &locate(global)?, global.verbose > 0, format)
        }
        Command::History {
            rev_range,
            indicate_current,
            format,
        } => {
            let mentions_current = rev_range
                .as_deref()
                .is_some_and(|range| range.split(':').any(|end| end.trim() == "current"));
            if indicate_current || mentions_current {
                // The database knows what is current: the migrations binary answers.
                let mut argv = vec!["history".to_owned()];
                if indicate_current {
                    argv.push("--indicate-current".to_owned());
                }
                if let Some(range) = rev_range {
                    argv.push(format!("--rev-range={range}"));
                }
                if format == Format::Json {
                    argv.extend(["--format".to_owned(), "json".to_owned()]);
                }
                argv.extend(verbosity(global));
                return build_and_run(term, global, &argv);
            }
            history(
                term,
                &locate(global)?,
                rev_range.as_deref(),
                global.verbose > 0,
                format,
            )
        }
        Command::Show { rev, format } => show(term, &locate(global)?, &rev, format),
        Command::Edit { rev } => edit(term, &locate(global)?, &rev),
        Command::Graph { format } => graph(term, &locate(global)?, format),
        Command::Upgrade { target, flags } => {
            forward(term, global, "upgrade", &target, flags.to_args())
        }
        Command::Downgrade { target, flags } => {
            forward(term, global, "downgrade", &target, flags.to_args())
        }
        Command::Stamp { args } => verbatim(term, global, "stamp", args),
        Command::Check { args } => verbatim(term, global, "check", args),
        Command::Log { args } => verbatim(term, global, "log", args),
        Command::Inspect { args } => verbatim(term, global, "inspect", args),
        Command::Verify { args } => verbatim(term, global, "verify", args),
        Command::Lint { args } => verbatim(term, global, "lint", args),
        Command::Schema { args } => verbatim(term, global, "schema", args),
        Command::EnsureVersion { args } => verbatim(term, global, "ensure-version", args),
        Command::Current { args } => {
            let mut argv = vec!["current".to_owned()];
            argv.extend(args);
            argv.extend(verbosity(global));
            build_and_run(term, global, &argv)
        }
        Command::External(mut argv) => {
            argv.extend(verbosity(global));
            build_and_run(term, global, &argv)
        }
    }
}

/// `completions <shell>`: the completion script of `cargo-migrate migrate …` (the command
/// cargo runs), from its clap definition alone (no `cargo metadata`, no build).
fn completions(shell: clap_complete::Shell) -> Result<u8, Error> {
    const BIN: &str = "cargo-migrate";
    // clap_complete's bash script cannot complete past a subcommand when the binary's name has
    // a `-` (clap-rs/clap#6421): it is generated for `cargo_migrate`, then registered for the
    // real name.
    let generated_as = match shell {
        clap_complete::Shell::Bash => "cargo_migrate",
        _ => BIN,
    };
    let migrate = <crate::cli::Args as clap::Args>::augment_args(clap::Command::new("migrate"));
    let mut command = clap::Command::new(generated_as).subcommand(migrate);
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, generated_as, &mut script);
    let mut script = String::from_utf8_lossy(&script).into_owned();
    if generated_as != BIN {
        script = script
            .lines()
            .map(|line| match line.strip_suffix(generated_as) {
                Some(head) if line.trim_start().starts_with("complete ") => format!("{head}{BIN}"),
                _ => line.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        script.push('\n');
    }
    out!("{script}");
    Ok(exit::OK)
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
    flags: Vec<String>,
) -> Result<u8, Error> {
    let mut argv = vec![command.to_owned()];
    // Flags first: after `--`, everything is the target.
    argv.extend(flags);
    argv.extend(verbosity(global));
    if target.starts_with('-') {
        argv.push("--".to_owned());
    }
    argv.push(target.to_owned());
    build_and_run(term, global, &argv)
}

/// `command` with its arguments as typed.
fn verbatim(
    term: &Term,
    global: &GlobalOptions,
    command: &str,
    args: Vec<String>,
) -> Result<u8, Error> {
    let mut argv = vec![command.to_owned()];
    argv.extend(args);
    argv.extend(verbosity(global));
    build_and_run(term, global, &argv)
}

/// Builds the migrations crate and runs its binary with `argv`. The `--database-url`s among the
/// forwarded arguments are taken out: they go to the binary's environment only, with
/// the databases `--database NAME` / `--all-databases` picked (see [`run`]).
fn build_and_run(term: &Term, global: &GlobalOptions, argv: &[String]) -> Result<u8, Error> {
    // The URLs among the forwarded arguments are in `global` already (see main).
    let (argv, _) = crate::cli::take_database_url(argv.to_vec());
    let krate = locate(global)?;
    let executable = match crate::fresh::fresh_executable(&krate, global) {
        Some(executable) => executable,
        None => {
            let executable = crate::runner::build(&krate, global)?;
            crate::fresh::record(&krate, global, &executable);
            executable
        }
    };
    crate::runner::run(term, &executable, &argv, global)
}

/// `init`: writes the migrations crate into the workspace root and adds it to the members.
fn init(
    term: &Term,
    global: &GlobalOptions,
    name: &str,
    models: Option<&str>,
) -> Result<u8, Error> {
    if !scaffold::is_valid_crate_name(name) {
        return Err(Error::InvalidName(name.to_owned()));
    }
    if global.database_url.len() > 1 {
        return Err(Error::Databases(
            "init writes one database-url: give --database-url once".into(),
        ));
    }
    if let Some(url) = global.database_url.first()
        && migrate_graph::secrets::has_clear_password(url)
    {
        return Err(Error::PasswordInInit {
            name: name.to_owned(),
            suggestion: scaffold::placeholder_url(url),
        });
    }
    let metadata = workspace::metadata(global.manifest_path.as_deref())?;
    let root = workspace::workspace_root(&metadata);
    let dir = root.join(name);
    if dir.exists() {
        return Err(Error::AlreadyExists(dir));
    }
    if let Some(package) = metadata.packages.iter().find(|p| p.name.as_str() == name) {
        return Err(Error::NameTaken {
            name: name.to_owned(),
            manifest: package.manifest_path.clone().into_std_path_buf(),
        });
    }
    let models = match models {
        Some(models) => Some(models_crate(&metadata, &root.join(name), models)?),
        None => None,
    };
    let manifest_path = root.join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path)
        .map_err(|e| Error::io("read", &manifest_path, e))?;
    let manifest_error = |reason| Error::Manifest {
        path: manifest_path.clone(),
        member: name.to_owned(),
        reason,
    };
    let member = scaffold::add_workspace_member(&manifest, name).map_err(manifest_error)?;
    let profile = scaffold::add_migrations_profile(member.as_deref().unwrap_or(&manifest), name)
        .map_err(manifest_error)?;

    let url = global
        .database_url
        .first()
        .cloned()
        .unwrap_or_else(|| scaffold::default_database_url(name));
    let files = scaffold::crate_files(
        name,
        &url,
        &scaffold::migrate_core_dependency(
            &root
                .canonicalize()
                .unwrap_or_else(|_| root.clone())
                .join(name),
        ),
        models.as_ref(),
    );
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
            // No clear password (refused above): `${VAR}` placeholders are shown as written.
            "migrations crate `{name}` (database-url = \"{url}\")"
        ),
    );
    if let Some(edited) = profile.as_ref().or(member.as_ref()) {
        std::fs::write(&manifest_path, edited)
            .map_err(|e| Error::io("write", &manifest_path, e))?;
    }
    if member.is_some() {
        term.status(
            "Adding",
            &format!("`{name}` as member of workspace at `{}`", root.display()),
        );
    }
    if profile.is_some() {
        term.status(
            "Adding",
            &format!(
                "[profile.migrations] for the production build (`{}`)",
                scaffold::production_build_command(name)
            ),
        );
    }
    if let Some(models) = &models {
        term.status(
            "Linking",
            &format!("the models of `{}` into `{name}`", models.package),
        );
    }
    term.note("write the first revision with `cargo migrate revision -m \"create user\"`");
    Ok(exit::OK)
}

/// The package `name` of the workspace, with a library, as the models crate of a new
/// migrations crate in `dir`.
fn models_crate(
    metadata: &cargo_metadata::Metadata,
    dir: &std::path::Path,
    name: &str,
) -> Result<scaffold::ModelsCrate, Error> {
    let members = metadata.workspace_packages();
    let library = |p: &cargo_metadata::Package| {
        p.targets
            .iter()
            .find(|t| t.is_kind(cargo_metadata::TargetKind::Lib))
            .map(|t| t.name.replace('-', "_"))
    };
    let Some((package, lib)) = members
        .iter()
        .find(|p| p.name.as_str() == name)
        .and_then(|p| library(p).map(|lib| (p, lib)))
    else {
        return Err(Error::UnknownModelsCrate {
            name: name.to_owned(),
            libraries: members
                .iter()
                .filter(|p| library(p).is_some())
                .map(|p| p.name.to_string())
                .collect(),
        });
    };
    let package_dir = package
        .manifest_path
        .parent()
        .map(|p| p.as_std_path().to_path_buf())
        .unwrap_or_default();
    let canonical = |p: &std::path::Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let parent = dir.parent().map(canonical).unwrap_or_default();
    let from = parent.join(dir.file_name().unwrap_or_default());
    Ok(scaffold::ModelsCrate {
        package: package.name.to_string(),
        lib,
        path: scaffold::relative_path(&from, &canonical(&package_dir))
            .to_string_lossy()
            .into_owned(),
    })
}

/// A revision id from `--rev-id` (checked) or a fresh random one, unused either way.
pub(crate) fn choose_id(sources: &Sources, rev_id: Option<&str>) -> Result<String, Error> {
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
    let sources = Sources::load_warned(term, krate)?;
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

/// What `revision` and `merge` write besides the parents.
struct NewOptions<'a> {
    message: &'a str,
    rev_id: Option<&'a str>,
    branch_label: Option<&'a str>,
    depends_on: &'a [String],
    /// `--autogenerate`: the plan the bodies are rendered from, and its database.
    generated: Option<&'a (migrate_schema::Plan, migrate_schema::Dialect)>,
    /// Set to the new revision's id and parents once its file is written.
    created: &'a std::cell::RefCell<Option<(String, Vec<String>)>>,
}

/// Checks a new `--branch-label`: an identifier no revision already declares.
fn check_label(sources: &Sources, label: Option<&str>) -> Result<(), Error> {
    let Some(label) = label else { return Ok(()) };
    let bad = |reason: String| Error::BranchLabel {
        label: label.to_owned(),
        reason,
    };
    if label.is_empty()
        || !label
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    {
        return Err(bad(
            "use letters, digits, `_` and `.` (it is written as `label@head`)".to_owned(),
        ));
    }
    if id::RESERVED.contains(&label) {
        return Err(bad(format!("`{label}` is a keyword of the target syntax")));
    }
    if let Some(other) = sources
        .revisions
        .iter()
        .find(|r| r.branch_labels.iter().any(|l| l == label) || r.revision == label)
    {
        return Err(bad(format!(
            "already used by {}; choose another label",
            other.describe()
        )));
    }
    Ok(())
}

/// Says which flag named a revision that cannot be found.
fn given_with(flag: &'static str) -> impl Fn(Error) -> Error {
    move |error| match error {
        Error::Target(message) => Error::Target(format!("{flag}: {message}")),
        other => other,
    }
}

/// `revision`: a new file in src/versions whose parent is the current head, `--head`
/// (a head, `base` for a new root, `label@head`), or with `--splice` any revision.
fn revision(
    term: &Term,
    krate: &MigrationsCrate,
    new: &NewOptions<'_>,
    head: Option<&str>,
    splice: bool,
) -> Result<u8, Error> {
    let sources = load_sources(term, krate, true)?;
    let heads = sources.heads();
    let parents: Vec<String> = match head {
        Some("base") => Vec::new(),
        Some(head) => {
            let rev = match (head.strip_suffix("@head"), &sources.map) {
                (Some(label), Ok(map)) => {
                    let target = migrate_graph::Target::LabelHead(label.to_owned());
                    let plan = map
                        .plan_upgrade(&[], &target)
                        .map_err(|e| Error::Target(e.to_string()))?;
                    let found: Vec<&Revision> = plan
                        .heads_after
                        .iter()
                        .filter_map(|id| map.get(id))
                        .filter(|r| map.branch_labels(&r.revision).contains(&label))
                        .collect();
                    match found.as_slice() {
                        [one] => *one,
                        _ => sources.find(head).map_err(given_with("--head"))?,
                    }
                }
                _ => sources.find(head).map_err(given_with("--head"))?,
            };
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
    check_label(&sources, new.branch_label)?;
    let mut depends_on = Vec::new();
    for d in new.depends_on {
        // A label stays a label (as Alembic allows); anything else becomes the full id.
        let is_label = sources
            .revisions
            .iter()
            .any(|r| r.branch_labels.iter().any(|l| l == d));
        let id = if is_label {
            d.clone()
        } else {
            sources
                .find(d)
                .map_err(given_with("--depends-on"))?
                .revision
                .clone()
        };
        if !depends_on.contains(&id) {
            depends_on.push(id);
        }
    }
    let id = choose_id(&sources, new.rev_id)?;
    write_revision(term, krate, &id, &parents, new, &depends_on)
}

/// `merge`: a new file whose parents are the given revisions (`heads`: every head).
fn merge(
    term: &Term,
    krate: &MigrationsCrate,
    revisions: &[String],
    new: &NewOptions<'_>,
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
    check_label(&sources, new.branch_label)?;
    let id = choose_id(&sources, new.rev_id)?;
    write_revision(term, krate, &id, &parents, new, &[])
}

/// Writes `src/versions/<id>_<slug>.rs`.
fn write_revision(
    term: &Term,
    krate: &MigrationsCrate,
    id: &str,
    parents: &[String],
    new: &NewOptions<'_>,
    depends_on: &[String],
) -> Result<u8, Error> {
    let message = new.message;
    let slug = scaffold::slug(message);
    let name = scaffold::struct_name(&slug, id);
    let file_name = scaffold::file_name(id, &slug);
    let text = scaffold::revision_source(&NewRevision {
        id,
        parents,
        message,
        date: &scaffold::utc_now(),
        struct_name: &name,
        depends_on,
        branch_labels: new.branch_label.as_slice(),
    });
    let dir = krate.versions_dir();
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, e))?;
    let path = dir.join(&file_name);
    if path.exists() {
        return Err(Error::AlreadyExists(path));
    }
    let (text, data_loss) = match new.generated {
        Some((plan, dialect)) => {
            let generated = crate::autogenerate::render(&text, &name, plan, *dialect)?;
            (generated.source, generated.data_loss)
        }
        None => (text, Vec::new()),
    };
    std::fs::write(&path, text).map_err(|e| Error::io("write", &path, e))?;
    term.status("Created", &workspace::shown(&path));
    new.created.replace(Some((id.to_owned(), parents.to_vec())));
    for reason in data_loss {
        term.warn(&format!(
            "the revision {reason}: it loses data; review it before upgrading"
        ));
    }
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

/// `heads [--resolve-dependencies]`, from the sources.
fn heads(
    term: &Term,
    krate: &MigrationsCrate,
    verbose: bool,
    resolve_dependencies: bool,
    format: Format,
) -> Result<u8, Error> {
    let sources = load_sources(term, krate, false)?;
    let heads: Vec<&Revision> = match (&sources.map, resolve_dependencies) {
        (Ok(map), true) => map.real_heads(),
        (Err(_), true) => return Err(Error::BrokenGraph("heads --resolve-dependencies")),
        _ => sources.heads(),
    };
    if format == Format::Json {
        outln!("{}", revisions_json(&sources, &heads));
        return Ok(exit::OK);
    }
    for rev in heads {
        if verbose {
            outln!("{}", verbose_entry(&sources, rev));
        } else {
            outln!(
                "{}",
                display::head_entry(&sources.labelled(rev), sources.marks(rev), false)
            );
        }
    }
    Ok(exit::OK)
}

/// The `--format json` document of `revs`, from the map or, when the graph is broken, from the
/// raw revisions.
fn revisions_json(sources: &Sources, revs: &[&Revision]) -> String {
    match &sources.map {
        Ok(map) => json::revisions_json(map, revs, &[]),
        Err(_) => json::revisions_json_among(&sources.revisions, revs, &[]),
    }
}

/// `branches`: the branch points, newest first, each with the revisions it branches into.
fn branches(
    term: &Term,
    krate: &MigrationsCrate,
    verbose: bool,
    format: Format,
) -> Result<u8, Error> {
    let sources = load_sources(term, krate, false)?;
    let Ok(map) = &sources.map else {
        return Err(Error::BrokenGraph("branches"));
    };
    let points: Vec<&Revision> = map
        .history()
        .into_iter()
        .filter(|r| map.children(&r.revision).len() > 1)
        .collect();
    if format == Format::Json {
        outln!("{}", json::revisions_json(map, &points, &[]));
        return Ok(exit::OK);
    }
    for rev in points {
        if verbose {
            outln!("{}", verbose_entry(&sources, rev));
        } else {
            // Alembic: the branch point, then `-> child` lines under it.
            outln!("{}", display::current_entry(rev, sources.marks(rev), false));
            let width = rev.revision.len();
            for child in map.children(&rev.revision) {
                outln!(
                    "{:width$} -> {}",
                    "",
                    display::head_entry(child, sources.marks(child), false)
                );
            }
        }
    }
    Ok(exit::OK)
}

/// `show <rev>`: the verbose entry of each revision `rev` names.
fn show(term: &Term, krate: &MigrationsCrate, rev: &str, format: Format) -> Result<u8, Error> {
    let sources = load_sources(term, krate, false)?;
    let revs = resolve_revisions(&sources, rev)?;
    if format == Format::Json {
        outln!("{}", revisions_json(&sources, &revs));
        return Ok(exit::OK);
    }
    for r in revs {
        outln!("{}", verbose_entry(&sources, r));
    }
    Ok(exit::OK)
}

/// The revisions a `show`/`edit` argument names: `heads` (all of them), `head` (the only
/// one), `label@head`, `rev+N`/`rev-N`, a label, an id or a prefix.
fn resolve_revisions<'a>(sources: &'a Sources, rev: &str) -> Result<Vec<&'a Revision>, Error> {
    use migrate_graph::Target;
    let target = |e: migrate_graph::target::TargetError| Error::Target(e.to_string());
    let Ok(map) = &sources.map else {
        return match rev {
            "heads" => Ok(sources.heads()),
            "head" => match sources.heads().as_slice() {
                [one] => Ok(vec![*one]),
                many => Err(Error::MultipleHeads(
                    many.iter().map(|r| r.revision.clone()).collect(),
                )),
            },
            _ => Ok(vec![sources.find(rev)?]),
        };
    };
    let parsed = Target::parse(rev).map_err(target)?;
    let ids: Vec<String> = match &parsed {
        Target::Heads => return Ok(map.heads()),
        Target::Base => {
            return Err(Error::Target(
                "`base` is before the first revision, not a revision; name one (e.g. `base+1`)"
                    .to_owned(),
            ));
        }
        Target::Head | Target::LabelHead(_) => {
            map.plan_upgrade(&[], &parsed).map_err(target)?.heads_after
        }
        Target::Relative {
            anchor: Some(anchor),
            steps,
        } if !anchor.ends_with('@') => {
            let (label, sym) = match anchor.split_once('@') {
                Some((l, s)) => (Some(l), s),
                None => (None, anchor.as_str()),
            };
            let start: Vec<String> = match sym {
                "base" => Vec::new(),
                s => {
                    let whole = label.map_or(s.to_owned(), |l| format!("{l}@{s}"));
                    resolve_revisions(sources, &whole)?
                        .iter()
                        .map(|r| r.revision.clone())
                        .collect()
                }
            };
            let rel = Target::Relative {
                anchor: label.map(|l| format!("{l}@")),
                steps: *steps,
            };
            let plan = if *steps >= 0 {
                map.plan_upgrade(&start, &rel)
            } else {
                map.plan_downgrade(&start, &rel)
            };
            plan.map_err(target)?.heads_after
        }
        Target::Revision(s) => vec![map.resolve(s).map_err(target)?.revision.clone()],
        other => {
            return Err(Error::Target(format!(
                "{other} does not name a revision by itself; give an id, a prefix, a label, \
                 head, heads, label@head, rev+N or rev-N"
            )));
        }
    };
    if ids.is_empty() {
        return Err(Error::Target(format!(
            "{rev:?} names no revision (it is at base)"
        )));
    }
    Ok(ids.iter().filter_map(|id| map.get(id)).collect())
}

/// `edit <rev>`: opens the revision's file in $EDITOR, else $VISUAL.
fn edit(term: &Term, krate: &MigrationsCrate, rev: &str) -> Result<u8, Error> {
    let sources = load_sources(term, krate, false)?;
    let revs = resolve_revisions(&sources, rev)?;
    let [one] = revs.as_slice() else {
        return Err(Error::Target(format!(
            "{rev:?} names {} revisions; edit one at a time",
            revs.len()
        )));
    };
    let Some(location) = &one.location else {
        return Err(Error::Target(format!(
            "the file of revision {} is unknown",
            one.revision
        )));
    };
    let path = sources.crate_dir.join(&location.file);
    let editor = ["EDITOR", "VISUAL"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|e| !e.trim().is_empty())
        .ok_or_else(|| Error::NoEditor(path.clone()))?;
    // Like git: the variable may hold arguments (`code --wait`).
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or_default();
    term.status("Opening", &workspace::shown(&path));
    let status = std::process::Command::new(program)
        .args(words)
        .arg(&path)
        .status()
        .map_err(|e| Error::EditorFailed(editor.clone(), e.to_string()))?;
    if !status.success() {
        return Err(Error::EditorFailed(editor, status.to_string()));
    }
    Ok(exit::OK)
}

/// `graph`: the revision graph drawn, or as DOT, Mermaid or JSON.
fn graph(term: &Term, krate: &MigrationsCrate, format: GraphFormat) -> Result<u8, Error> {
    let sources = load_sources(term, krate, false)?;
    let Ok(map) = &sources.map else {
        return Err(Error::BrokenGraph("graph"));
    };
    match format {
        GraphFormat::Text => out!("{}", draw::text(map)),
        GraphFormat::Dot => out!("{}", draw::dot(map)),
        GraphFormat::Mermaid => out!("{}", draw::mermaid(map)),
        GraphFormat::Json => outln!("{}", json::graph_json(map, &[])),
    }
    Ok(exit::OK)
}

/// `history`, from the sources, newest first.
fn history(
    term: &Term,
    krate: &MigrationsCrate,
    range: Option<&str>,
    verbose: bool,
    format: Format,
) -> Result<u8, Error> {
    let sources = load_sources(term, krate, false)?;
    let mut revisions = sources.history();
    if let Some(range) = range {
        revisions = in_range(&sources, range)?;
    }
    if format == Format::Json {
        outln!("{}", revisions_json(&sources, &revisions));
        return Ok(exit::OK);
    }
    // One write for the whole listing (10,000 lines flushed one by one cost 10,000 writes).
    let mut text = String::new();
    for rev in revisions {
        if verbose {
            text.push_str(&verbose_entry(&sources, rev));
        } else {
            text.push_str(&display::history_entry(
                &sources.labelled(rev),
                sources.marks(rev),
                false,
            ));
        }
        text.push('\n');
    }
    out!("{text}");
    Ok(exit::OK)
}

/// The revisions of `start:end`, as Alembic's `history -r` (see
/// [`migrate_graph::RevisionMap::history_range`]).
fn in_range<'a>(sources: &'a Sources, range: &str) -> Result<Vec<&'a Revision>, Error> {
    let Ok(map) = &sources.map else {
        return Err(Error::RangeOnBrokenGraph);
    };
    let Some((start, end)) = range.split_once(':') else {
        return Err(Error::Target(format!(
            "invalid history range {range:?}: expected [start]:[end], e.g. `base:head` or `ae10:`"
        )));
    };
    map.history_range(start, end)
        .map_err(|e| Error::Target(e.to_string()))
}
