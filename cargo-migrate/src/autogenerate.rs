//! `cargo migrate revision --autogenerate`: the desired and current schemas from the
//! migrations binary, the plan between them (renames settled at a terminal or by `--rename`),
//! and the revision file rendered from it.

use std::io::{BufRead, IsTerminal, Write};

use migrate_schema::{Dialect, Plan, RenameCandidate, Renames, Schema, plan};

use crate::cli::GlobalOptions;
use crate::error::Error;
use crate::workspace::MigrationsCrate;

/// The flags of `revision --autogenerate`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Compare with the live database.
    pub against_db: bool,
    /// `--rename old=new` / `--rename table.old=new`.
    pub renames: Vec<String>,
    /// `--no-rename`: take every rename candidate as a drop and an add.
    pub no_rename: bool,
}

/// The schemas, as the binary prints them.
#[derive(serde::Deserialize)]
struct Schemas {
    desired: Schema,
    current: Schema,
}

/// Reads `--rename` values: `old=new` renames a table, `table.old=new` a column of `table`
/// (the table's new name).
pub fn parse_renames(flags: &[String]) -> Result<Renames, Error> {
    let mut renames = Renames::default();
    for flag in flags {
        let bad = || Error::BadRename(flag.clone());
        let (old, new) = flag.split_once('=').ok_or_else(bad)?;
        let (old, new) = (old.trim(), new.trim());
        if old.is_empty() || new.is_empty() || new.contains('.') {
            return Err(bad());
        }
        match old.rsplit_once('.') {
            Some((table, column)) if !table.is_empty() && !column.is_empty() => renames
                .columns
                .push((table.to_owned(), column.to_owned(), new.to_owned())),
            Some(_) => return Err(bad()),
            None => renames.tables.push((old.to_owned(), new.to_owned())),
        }
    }
    Ok(renames)
}

/// Builds the migrations binary and asks it for the desired and current schemas.
pub fn schemas(
    krate: &MigrationsCrate,
    global: &GlobalOptions,
    options: &Options,
) -> Result<(Schema, Schema), Error> {
    let executable = crate::runner::build(krate, global)?;
    let mut args = vec!["autogenerate-schemas".to_owned()];
    if options.against_db {
        // Against the live database; by default, against the replay of head (no database).
        args.push("--against-db".to_owned());
    }
    let (code, stdout) = crate::runner::output(&executable, &args, global)?;
    if code != migrate_graph::contract::exit::OK {
        return Err(Error::Forwarded(code));
    }
    let schemas: Schemas = serde_json::from_str(stdout.trim()).map_err(|e| {
        Error::Autogenerate(format!(
            "the migrations binary printed schemas cargo-migrate cannot read ({e}); build it with the same migrate-core version as cargo-migrate"
        ))
    })?;
    Ok((schemas.desired, schemas.current))
}

/// The plan from `current` to `desired`, every rename candidate settled: by `--rename`, at a
/// terminal by a y/N question each, with `--no-rename` as drops and adds; off a terminal an
/// unsettled candidate is refused with the flags that settle it.
pub fn settled_plan(current: &Schema, desired: &Schema, options: &Options) -> Result<Plan, Error> {
    let mut renames = parse_renames(&options.renames)?;
    let first = plan(current, desired, &renames);
    if first.candidates.is_empty() || options.no_rename {
        return Ok(first);
    }
    if !std::io::stdin().is_terminal() {
        let flags: Vec<String> = first
            .candidates
            .iter()
            .map(|c| format!("--rename {}", c.flag()))
            .collect();
        return Err(Error::Autogenerate(format!(
            "possible renames, which autogenerate never takes as a drop and an add silently: {}; pass {} for those that are renames, or --no-rename to drop and add them",
            first
                .candidates
                .iter()
                .map(describe)
                .collect::<Vec<_>>()
                .join("; "),
            flags.join(" ")
        )));
    }
    let stdin = std::io::stdin();
    for candidate in &first.candidates {
        eprint!("{}? [y/N] ", capitalized(&describe(candidate)));
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        stdin
            .lock()
            .read_line(&mut answer)
            .map_err(|e| Error::Autogenerate(format!("cannot read the answer: {e}")))?;
        if matches!(answer.trim(), "y" | "Y" | "yes" | "Yes") {
            match candidate {
                RenameCandidate::Table { from, to } => {
                    renames.tables.push((from.clone(), to.clone()))
                }
                RenameCandidate::Column { table, from, to } => {
                    renames
                        .columns
                        .push((table.clone(), from.clone(), to.clone()))
                }
            }
        }
    }
    Ok(plan(current, desired, &renames))
}

fn describe(candidate: &RenameCandidate) -> String {
    match candidate {
        RenameCandidate::Table { from, to } => format!("rename table {from} to {to}"),
        RenameCandidate::Column { table, from, to } => {
            format!("rename column {table}.{from} to {to}")
        }
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The revision's file: `template` (what `revision` writes) with bodies from `plan`, formatted
/// by rustfmt when it is installed (prettyplease's output otherwise).
pub fn render(
    template: &str,
    struct_name: &str,
    plan: &Plan,
    dialect: Dialect,
) -> Result<migrate_schema::GeneratedRevision, Error> {
    let mut generated = migrate_schema::render_revision(template, struct_name, plan, dialect)
        .map_err(|e| Error::Autogenerate(e.to_string()))?;
    if let Some(formatted) = rustfmt(&generated.source) {
        generated.source = formatted;
    }
    Ok(generated)
}

/// `text` through `rustfmt --edition 2024`; `None` when rustfmt is missing or fails.
fn rustfmt(text: &str) -> Option<String> {
    let mut child = std::process::Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(text.as_bytes()).ok()?;
    let output = child.wait_with_output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}
