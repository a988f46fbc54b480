//! `rebase [REV…] --onto REV`: instead of a merge revision, moves revisions of one branch on top
//! of another branch's head by rewriting their `down_revision` in the source files (the
//! attribute literal and the `Revises:` header line; every other byte is kept).
//!
//! It works from the sources, like `merge`, since two heads are exactly when the crate does not
//! compile. It refuses to move a revision that the configured database has applied: after the
//! rewrite (the graph is then linear and compiles), the migrations binary says which revisions
//! are current, and every ancestor of those in the graph *before* the rewrite is applied. On
//! refusal, or when that cannot be checked, every file is restored.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use migrate_graph::Revision;
use migrate_graph::check::ProblemKind;
use migrate_graph::contract::exit;

use crate::cli::GlobalOptions;
use crate::error::Error;
use crate::sources::Sources;
use crate::term::Term;
use crate::workspace::{self, MigrationsCrate};

/// What the command line asks for.
pub struct Request<'a> {
    /// The revisions to move; empty: the other head's own revisions.
    pub revisions: &'a [String],
    /// The new parent.
    pub onto: &'a str,
    /// Skip the check against the database.
    pub force: bool,
}

/// One file to rewrite: its path, the text before and the text after.
struct Rewrite {
    path: PathBuf,
    before: String,
    after: String,
}

/// Runs `rebase`.
pub fn rebase(
    term: &Term,
    global: &GlobalOptions,
    krate: &MigrationsCrate,
    request: &Request<'_>,
) -> Result<u8, Error> {
    let sources = Sources::load_warned(term, krate)?;
    if let Some(problem) = sources
        .problems
        .iter()
        .find(|p| p.kind != ProblemKind::MultipleHeads)
    {
        return Err(Error::Rebase(format!(
            "the revision graph is broken: {}",
            problem.message.replace('\n', "; ")
        )));
    }
    let onto = sources.find(request.onto).map_err(|e| match e {
        Error::Target(message) => Error::Rebase(format!("--onto: {message}")),
        other => other,
    })?;
    let moving = plan(&sources, request.revisions, onto)?;
    let rewrites = rewrites(&sources, &moving, &onto.revision)?;
    for rewrite in &rewrites {
        write(&rewrite.path, &rewrite.after)?;
    }
    if !request.force
        && let Err(error) = check_unapplied(term, global, krate, &sources, &moving)
    {
        for rewrite in &rewrites {
            write(&rewrite.path, &rewrite.before)?;
        }
        return Err(error);
    }
    for rewrite in &rewrites {
        term.status("Rebased", &workspace::shown(&rewrite.path));
    }
    let ids: Vec<&str> = moving.iter().map(|r| r.revision.as_str()).collect();
    term.note(&format!(
        "{} now on top of {}; run `cargo migrate upgrade head`",
        ids.join(" -> "),
        onto.revision
    ));
    Ok(exit::OK)
}

/// Every revision `id` descends from, itself included, through `down_revision` only.
fn ancestors<'a>(by_id: &HashMap<&'a str, &'a Revision>, id: &'a str) -> HashSet<&'a str> {
    let mut seen = HashSet::new();
    let mut stack = vec![id];
    while let Some(id) = stack.pop() {
        if seen.insert(id)
            && let Some(rev) = by_id.get(id)
        {
            stack.extend(rev.down_revisions.iter().map(String::as_str));
        }
    }
    seen
}

/// The revisions to move, oldest first.
fn plan<'a>(
    sources: &'a Sources,
    named: &[String],
    onto: &'a Revision,
) -> Result<Vec<&'a Revision>, Error> {
    let by_id: HashMap<&str, &Revision> = sources
        .revisions
        .iter()
        .map(|r| (r.revision.as_str(), r))
        .collect();
    let below_onto = ancestors(&by_id, &onto.revision);
    let mut moving: Vec<&Revision> = Vec::new();
    if named.is_empty() {
        let others: Vec<&Revision> = sources
            .heads()
            .into_iter()
            .filter(|h| !below_onto.contains(h.revision.as_str()))
            .collect();
        let head = match others.as_slice() {
            [] => {
                return Err(Error::Rebase(format!(
                    "nothing to move: {} is the only head; name the revisions to move",
                    onto.revision
                )));
            }
            [one] => *one,
            many => {
                return Err(Error::Rebase(format!(
                    "several heads besides {} ({}); name the revisions to move, e.g. `cargo migrate rebase {} --onto {}`",
                    onto.revision,
                    many.iter()
                        .map(|r| r.revision.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    many[0].revision,
                    onto.revision
                )));
            }
        };
        let own = ancestors(&by_id, &head.revision);
        moving.extend(
            sources
                .revisions
                .iter()
                .filter(|r| own.contains(r.revision.as_str()))
                .filter(|r| !below_onto.contains(r.revision.as_str())),
        );
    } else {
        for name in named {
            let rev = sources.find(name).map_err(|e| match e {
                Error::Target(message) => Error::Rebase(message),
                other => other,
            })?;
            if rev.revision == onto.revision {
                return Err(Error::Rebase(format!(
                    "{} is both a revision to move and --onto; give the other branch's head as --onto",
                    rev.revision
                )));
            }
            if below_onto.contains(rev.revision.as_str()) {
                return Err(Error::Rebase(format!(
                    "--onto {} descends from {}, so {} cannot move on top of it; give the other branch's head as --onto",
                    onto.revision, rev.revision, rev.revision
                )));
            }
            if !moving.iter().any(|m| m.revision == rev.revision) {
                moving.push(rev);
            }
        }
    }
    // Oldest first: a revision comes after every one of its ancestors that moves with it.
    let depth = |rev: &Revision| ancestors(&by_id, &rev.revision).len();
    moving.sort_by(|a, b| {
        depth(a)
            .cmp(&depth(b))
            .then_with(|| a.revision.cmp(&b.revision))
    });
    Ok(moving)
}

/// The new text of every moved revision whose parents change: a parent that does not move is
/// replaced by `onto`, and the moved revisions are chained in order.
fn rewrites(sources: &Sources, moving: &[&Revision], onto: &str) -> Result<Vec<Rewrite>, Error> {
    let moved: BTreeSet<&str> = moving.iter().map(|r| r.revision.as_str()).collect();
    let mut out = Vec::new();
    let mut previous = onto.to_owned();
    for rev in moving {
        let mut parents: Vec<String> = Vec::new();
        let mut replaced = false;
        for parent in &rev.down_revisions {
            let new = if moved.contains(parent.as_str()) {
                parent.clone()
            } else {
                replaced = true;
                previous.clone()
            };
            if !parents.contains(&new) {
                parents.push(new);
            }
        }
        if rev.down_revisions.is_empty() {
            replaced = true;
            parents.push(previous.clone());
        }
        previous = rev.revision.clone();
        if !replaced {
            continue;
        }
        let location = rev.location.as_ref().ok_or_else(|| {
            Error::Rebase(format!("revision {} has no source file", rev.revision))
        })?;
        let path = sources.crate_dir.join(&location.file);
        let before = std::fs::read_to_string(&path).map_err(|e| Error::io("read", &path, e))?;
        let after = reparent(&before, location.line, &parents).ok_or_else(|| {
            Error::Rebase(format!(
                "no `down_revision = …` in the #[migration] attribute of {}; write it there as `down_revision = \"{}\"`",
                workspace::shown(&path),
                parents.join("\", \"")
            ))
        })?;
        out.push(Rewrite {
            path,
            before,
            after,
        });
    }
    Ok(out)
}

/// `text` with the `down_revision` value of the attribute at 1-based `line` (or later) and the
/// header's `Revises:` line set to `parents`; `None` when the attribute has no `down_revision`.
fn reparent(text: &str, line: u32, parents: &[String]) -> Option<String> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1) as usize)
        .map(str::len)
        .sum();
    let key = start + text[start..].find("down_revision")?;
    let mut at = key + "down_revision".len();
    at += text[at..].len() - text[at..].trim_start().len();
    let rest = text[at..].strip_prefix('=')?;
    at += 1 + rest.len() - rest.trim_start().len();
    let value = &text[at..];
    let len = if value.starts_with("None") {
        4
    } else if let Some(quoted) = value.strip_prefix('"') {
        1 + quoted.find('"')? + 1
    } else if value.starts_with('(') {
        value.find(')')? + 1
    } else {
        return None;
    };
    let literal = match parents {
        [one] => format!("{one:?}"),
        many => format!(
            "({})",
            many.iter()
                .map(|p| format!("{p:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let mut out = String::with_capacity(text.len());
    let mut header = true;
    for l in text[..at].split_inclusive('\n') {
        if header && l.starts_with("//! Revises:") {
            let eol = if l.ends_with("\r\n") {
                "\r\n"
            } else if l.ends_with('\n') {
                "\n"
            } else {
                ""
            };
            out.push_str(&format!("//! Revises: {}{eol}", parents.join(", ")));
            header = false;
        } else {
            if !l.starts_with("//!") {
                header = false;
            }
            out.push_str(l);
        }
    }
    out.push_str(&literal);
    out.push_str(&text[at + len..]);
    Some(out)
}

fn write(path: &std::path::Path, text: &str) -> Result<(), Error> {
    std::fs::write(path, text).map_err(|e| Error::io("write", path, e))
}

/// Asks the migrations binary (built from the rewritten sources) for the current heads, and
/// fails when a moved revision is among them or below them in the original graph.
fn check_unapplied(
    term: &Term,
    global: &GlobalOptions,
    krate: &MigrationsCrate,
    sources: &Sources,
    moving: &[&Revision],
) -> Result<(), Error> {
    let listed = moving
        .iter()
        .map(|r| r.revision.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let unchecked = |reason: String| Error::RebaseUnchecked {
        revisions: listed.clone(),
        reason,
    };
    term.status(
        "Checking",
        "that the configured database has not applied them",
    );
    let executable = crate::runner::build(krate, global)
        .map_err(|e| unchecked(format!("the rebased crate does not build: {e}")))?;
    let args = [
        "current".to_owned(),
        "--format".to_owned(),
        "json".to_owned(),
    ];
    let (code, stdout, stderr) = crate::runner::capture(&executable, &args, global)?;
    if code != exit::OK {
        let reason = stderr
            .lines()
            .find_map(|l| l.strip_prefix("error: "))
            .unwrap_or("the migrations binary failed")
            .to_owned();
        return Err(unchecked(reason));
    }
    let current = current_ids(&stdout)
        .ok_or_else(|| unchecked("unexpected output of `current --format json`".to_owned()))?;
    let by_id: HashMap<&str, &Revision> = sources
        .revisions
        .iter()
        .map(|r| (r.revision.as_str(), r))
        .collect();
    let applied: HashSet<&str> = current
        .iter()
        .filter_map(|id| by_id.get_key_value(id.as_str()).map(|(k, _)| *k))
        .flat_map(|id| ancestors(&by_id, id))
        .collect();
    if let Some(rev) = moving
        .iter()
        .find(|r| applied.contains(r.revision.as_str()))
    {
        let url = stderr
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("Using "))
            .unwrap_or("the configured database")
            .to_owned();
        return Err(Error::RebaseApplied {
            revision: rev.revision.clone(),
            url,
        });
    }
    Ok(())
}

/// The ids of `"current":["…",…]` in the binary's `current --format json`.
fn current_ids(json: &str) -> Option<Vec<String>> {
    let start = json.find("\"current\":[")? + "\"current\":[".len();
    let end = start + json[start..].find(']')?;
    Some(
        json[start..end]
            .split(',')
            .map(|s| s.trim().trim_matches('"').to_owned())
            .filter(|s| !s.is_empty())
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "//! add email\n//!\n//! Revision ID: cccccccccccc\n//! Revises: aaaaaaaaaaaa\n//! Create Date: 2026-11-21 10:02:11\n\nuse migrate_core::prelude::*;\n\n// down_revision in a comment before the attribute is not it\n#[migration(\n    revision = \"cccccccccccc\",\n    down_revision   =  \"aaaaaaaaaaaa\", // the parent\n    message = \"add email\"\n)]\npub struct AddEmail;\n";

    #[test]
    fn reparent_rewrites_the_literal_and_the_header_only() {
        let line = 1 + FILE
            .lines()
            .position(|l| l.starts_with("#[migration"))
            .unwrap() as u32;
        let after = reparent(FILE, line, &["bbbbbbbbbbbb".to_owned()]).unwrap();
        assert_eq!(
            after,
            FILE.replace("//! Revises: aaaaaaaaaaaa", "//! Revises: bbbbbbbbbbbb")
                .replace("=  \"aaaaaaaaaaaa\"", "=  \"bbbbbbbbbbbb\"")
        );
        let two = reparent(FILE, line, &["b".to_owned(), "d".to_owned()]).unwrap();
        assert!(
            two.contains("down_revision   =  (\"b\", \"d\"), // the parent\n"),
            "{two}"
        );
        assert!(two.contains("//! Revises: b, d\n"), "{two}");
    }

    #[test]
    fn reparent_handles_a_root_a_merge_and_a_missing_key() {
        let root = "//! Revises:\n#[migration(revision = \"a\", down_revision = None)]\n";
        assert_eq!(
            reparent(root, 2, &["z".to_owned()]).unwrap(),
            "//! Revises: z\n#[migration(revision = \"a\", down_revision = \"z\")]\n"
        );
        let merge = "#[migration(revision = \"m\", down_revision = (\"a\", \"b\"))]\n";
        assert_eq!(
            reparent(merge, 1, &["z".to_owned()]).unwrap(),
            "#[migration(revision = \"m\", down_revision = \"z\")]\n"
        );
        assert_eq!(reparent("#[migration(revision = \"a\")]\n", 1, &[]), None);
    }

    #[test]
    fn current_ids_reads_the_json() {
        assert_eq!(
            current_ids("{\"schema\":1,\"current\":[\"a1\",\"b2\"],\"revisions\":[]}").unwrap(),
            ["a1", "b2"]
        );
        assert_eq!(
            current_ids("{\"schema\":1,\"current\":[],\"revisions\":[]}").unwrap(),
            Vec::<String>::new()
        );
        assert_eq!(current_ids("{}"), None);
    }
}
