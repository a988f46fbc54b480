//! The revision graph read from the sources alone, without compiling: what `heads`, `history`,
//! `revision` and `merge` answer from. It tolerates a broken graph (that is when it is needed):
//! files that cannot be scanned and graph problems become warnings, and heads and history are
//! then computed from the raw revisions.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use migrate_graph::check::{self, GraphError, Problem};
use migrate_graph::display::Marks;
use migrate_graph::scan::ScanError;
use migrate_graph::{Revision, RevisionMap};

use crate::error::Error;

/// How the versions folder is named in messages and locations.
pub const VERSIONS_DIR: &str = "src/versions";

/// The revisions of one migrations crate, as its sources declare them.
#[derive(Debug)]
pub struct Sources {
    /// The crate's folder.
    pub crate_dir: PathBuf,
    /// Files that could not be scanned (no attribute, two attributes, bad tokens).
    pub unreadable: Vec<ScanError>,
    /// The scanned revisions, in file-name order.
    pub revisions: Vec<Revision>,
    /// The checked map, or why the graph does not pass the checks.
    pub map: Result<RevisionMap, GraphError>,
    /// Every broken rule, including unmerged heads (which the map allows).
    pub problems: Vec<Problem>,
}

impl Sources {
    /// Scans `<crate_dir>/src/versions`. A folder that does not exist holds no revisions; one
    /// that cannot be read is an error.
    ///
    /// With `cache`, the files that did not change since the last run are taken from that cache
    /// file ([`crate::scan_cache`]).
    pub fn load(crate_dir: &Path, cache: Option<&Path>) -> Result<Sources, Error> {
        let dir = crate_dir.join(VERSIONS_DIR);
        let (files, mut unreadable) = if dir.is_dir() {
            crate::scan_cache::scan_dir(&dir, VERSIONS_DIR, cache)?
        } else {
            (Vec::new(), Vec::new())
        };
        // A malformed or reserved id (`head`) would make targets mean something else.
        let mut revisions = Vec::with_capacity(files.len());
        for file in files {
            match file.malformed_id() {
                Some(error) => unreadable.push(error),
                None => revisions.push(file.revision),
            }
        }
        Ok(Sources::from_revisions(
            crate_dir.to_path_buf(),
            revisions,
            unreadable,
        ))
    }

    /// The sources of `krate` ([`Sources::load`], with its cache in cargo's target
    /// folder), with a warning on `term` for each file left out.
    pub fn load_warned(
        term: &crate::term::Term,
        krate: &crate::workspace::MigrationsCrate,
    ) -> Result<Sources, Error> {
        let cache = krate
            .target_dir
            .join("cargo-migrate")
            .join(format!("{}-sources.cache", krate.name));
        let sources = Sources::load(&krate.dir, Some(&cache))?;
        for error in &sources.unreadable {
            term.warn(&format!("{error} (the file is left out)"));
        }
        Ok(sources)
    }

    /// Sources made of the given revisions.
    pub fn from_revisions(
        crate_dir: PathBuf,
        revisions: Vec<Revision>,
        unreadable: Vec<ScanError>,
    ) -> Sources {
        let problems = check::check(&revisions);
        let map = RevisionMap::new(revisions.clone());
        Sources {
            crate_dir,
            unreadable,
            revisions,
            map,
            problems,
        }
    }

    /// The heads, sorted by id: from the map, or when the graph is broken, the revisions no
    /// other revision names as its parent.
    pub fn heads(&self) -> Vec<&Revision> {
        match &self.map {
            Ok(map) => map.heads(),
            Err(_) => {
                let parents: HashSet<&str> = self
                    .revisions
                    .iter()
                    .flat_map(|r| r.down_revisions.iter().map(String::as_str))
                    .collect();
                let mut heads: Vec<&Revision> = self
                    .revisions
                    .iter()
                    .filter(|r| !parents.contains(r.revision.as_str()))
                    .collect();
                heads.sort_by(|a, b| a.revision.cmp(&b.revision));
                heads
            }
        }
    }

    /// Every revision, newest first: from the map, or when the graph is broken, a reverse
    /// topological order of the raw revisions (ties by id, descending), with revisions caught
    /// in a cycle last.
    pub fn history(&self) -> Vec<&Revision> {
        match &self.map {
            Ok(map) => map.history(),
            Err(_) => raw_history(&self.revisions),
        }
    }

    /// `rev` with the branch labels it carries (its own and those inherited along its branch)
    /// when the graph is sound; as declared otherwise.
    pub fn labelled(&self, rev: &Revision) -> Revision {
        match &self.map {
            Ok(map) => migrate_graph::display::with_inherited_labels(map, rev),
            Err(_) => rev.clone(),
        }
    }

    /// The tree indicators of `rev`.
    pub fn marks(&self, rev: &Revision) -> Marks {
        match &self.map {
            Ok(map) => Marks::in_map(map, rev),
            Err(_) => Marks::among(&self.revisions, rev),
        }
    }

    /// The revision a command-line argument names: a full id, a unique prefix, or (with a
    /// checked map) a branch label.
    pub fn find(&self, id: &str) -> Result<&Revision, Error> {
        if let Ok(map) = &self.map {
            return map.resolve(id).map_err(|e| Error::Target(e.to_string()));
        }
        if let Some(rev) = self.revisions.iter().find(|r| r.revision == id) {
            return Ok(rev);
        }
        let matches: Vec<&Revision> = self
            .revisions
            .iter()
            .filter(|r| r.revision.starts_with(id))
            .collect();
        match matches.as_slice() {
            [one] if !id.is_empty() => Ok(one),
            [] | [_] => Err(Error::Target(format!(
                "can't locate revision identified by {id:?}; run `cargo migrate history` to list the revisions"
            ))),
            many => Err(Error::Target(format!(
                "ambiguous revision prefix {id:?}: it matches {}; give more characters",
                many.iter()
                    .map(|r| r.revision.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    /// The `//!` header of the file that defines `rev` (its description, with `Create Date:`),
    /// when it can be read.
    pub fn doc(&self, rev: &Revision) -> Option<String> {
        let location = rev.location.as_ref()?;
        let text = std::fs::read_to_string(self.crate_dir.join(&location.file)).ok()?;
        let lines: Vec<&str> = text
            .lines()
            .map_while(|l| l.trim_start().strip_prefix("//!"))
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect();
        if lines.is_empty() {
            None
        } else {
            Some(lines.join("\n"))
        }
    }
}

/// Newest first, for a graph that may be broken.
fn raw_history(revisions: &[Revision]) -> Vec<&Revision> {
    let n = revisions.len();
    let mut done = vec![false; n];
    let mut out = Vec::with_capacity(n);
    // A revision is ready when every revision naming it as parent has been listed.
    let children: Vec<Vec<usize>> = revisions
        .iter()
        .map(|r| {
            (0..n)
                .filter(|&j| revisions[j].down_revisions.contains(&r.revision))
                .collect()
        })
        .collect();
    while out.len() < n {
        let ready = (0..n)
            .filter(|&i| !done[i] && children[i].iter().all(|&c| done[c] || c == i))
            .max_by(|&a, &b| revisions[a].revision.cmp(&revisions[b].revision));
        match ready {
            Some(i) => {
                done[i] = true;
                out.push(&revisions[i]);
            }
            None => {
                // A cycle: list what is left, by id, descending.
                let mut rest: Vec<usize> = (0..n).filter(|&i| !done[i]).collect();
                rest.sort_by(|&a, &b| revisions[b].revision.cmp(&revisions[a].revision));
                out.extend(rest.into_iter().map(|i| &revisions[i]));
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rev(id: &str, parents: &[&str]) -> Revision {
        Revision {
            revision: id.to_owned(),
            down_revisions: parents.iter().map(|p| p.to_string()).collect(),
            depends_on: Vec::new(),
            branch_labels: Vec::new(),
            replaces: Vec::new(),
            message: String::new(),
            name: String::new(),
            location: None,
        }
    }

    fn ids(revs: Vec<&Revision>) -> Vec<&str> {
        revs.into_iter().map(|r| r.revision.as_str()).collect()
    }

    #[test]
    fn raw_history_is_newest_first() {
        let revs = vec![rev("a", &[]), rev("c", &["b"]), rev("b", &["a"])];
        assert_eq!(ids(raw_history(&revs)), ["c", "b", "a"]);
        let forked = vec![rev("a", &[]), rev("b", &["a"]), rev("c", &["a"])];
        assert_eq!(ids(raw_history(&forked)), ["c", "b", "a"]);
        let cycle = vec![rev("a", &["b"]), rev("b", &["a"]), rev("z", &["a"])];
        assert_eq!(ids(raw_history(&cycle)), ["z", "b", "a"]);
    }
}
