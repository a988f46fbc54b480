//! `squash START END -m "…"`: one new revision that replaces the linear range START..END, its
//! bodies computed as autogenerate computes them: the plan from the replayed schema before
//! START to the replayed schema at END, rendered as `op.…` calls.
//!
//! The range includes both ends, as Django's `squashmigrations app START END` does: the new
//! revision's `down_revision` is START's parent, and its attribute lists
//! `replaces = ("START", …, "END")`. The originals stay until every database has passed END
//! (`cargo migrate check` tells, per database); see `migrate_graph::squash` for how the graph
//! treats the two. Only a linear range is squashed: a merge or a branch point inside it is
//! refused, and so is a revision the replay cannot read (raw SQL it cannot parse).

use std::path::Path;
use std::process::Stdio;

use migrate_graph::check;
use migrate_graph::contract::exit;
use migrate_graph::{Revision, RevisionMap};
use migrate_schema::Schema;

use crate::cli::GlobalOptions;
use crate::error::Error;
use crate::scaffold::{self, NewRevision};
use crate::sources::Sources;
use crate::term::Term;
use crate::workspace::{self, MigrationsCrate};

/// What the command line asks for.
pub struct Request<'a> {
    /// The first revision replaced.
    pub start: &'a str,
    /// The last revision replaced.
    pub end: &'a str,
    /// The new revision's message.
    pub message: &'a str,
    /// The new revision's id instead of a random one.
    pub rev_id: Option<&'a str>,
    /// `--rename` and `--no-rename`, as autogenerate takes them.
    pub renames: crate::autogenerate::Options,
}

/// Runs `squash`.
pub fn squash(
    term: &Term,
    global: &GlobalOptions,
    krate: &MigrationsCrate,
    request: &Request<'_>,
) -> Result<u8, Error> {
    let sources = Sources::load_warned(term, krate)?;
    let map = sources.map.as_ref().map_err(|e| {
        Error::Squash(format!(
            "the revision graph is broken: {}",
            e.to_string().replace('\n', "; ")
        ))
    })?;
    let find = |name: &str| {
        map.resolve(name)
            .map(|r| r.revision.clone())
            .map_err(|e| Error::Squash(e.to_string()))
    };
    let (start, end) = (find(request.start)?, find(request.end)?);
    let range = linear_range(map, &start, &end)?;
    let parents = map
        .get(&start)
        .map(|r| r.down_revisions.clone())
        .unwrap_or_default();
    let id = crate::commands::choose_id(&sources, request.rev_id)?;
    // The graph with the new revision must pass every check the compiler will run.
    let mut squashed = Revision::new(&id, &[]);
    squashed.down_revisions = parents.clone();
    squashed.replaces = range.clone();
    let mut all = sources.revisions.clone();
    all.push(squashed);
    if let Some(problem) = check::check(&all).into_iter().next() {
        return Err(Error::Squash(problem.message.replace('\n', "; ")));
    }
    let executable = crate::runner::build(krate, global)?;
    // START is no merge (`linear_range` refuses one): its parent, or the base.
    let before = parents.first().map_or("base", String::as_str).to_owned();
    let from = replayed(&executable, &before, global, &start, &end)?;
    let to = replayed(&executable, &end, global, &start, &end)?;
    let plan = crate::autogenerate::settled_plan(&from, &to, &request.renames)?;

    let slug = scaffold::slug(request.message);
    let name = scaffold::struct_name(&slug, &id);
    let file_name = scaffold::file_name(&id, &slug);
    let template = migrate_graph::template::squash_source(
        &NewRevision {
            id: &id,
            parents: &parents,
            message: request.message,
            date: &scaffold::utc_now(),
            struct_name: &name,
            depends_on: &[],
            branch_labels: &[],
        },
        &range,
    );
    let generated = crate::autogenerate::render(&template, &name, &plan, to.dialect)?;
    let dir = krate.versions_dir();
    let path = dir.join(&file_name);
    if path.exists() {
        return Err(Error::AlreadyExists(path));
    }
    std::fs::write(&path, &generated.source).map_err(|e| Error::io("write", &path, e))?;
    term.status(
        "Squashed",
        &format!(
            "{} revision{} ({start}..{end}) into {}",
            range.len(),
            if range.len() == 1 { "" } else { "s" },
            workspace::shown(&path)
        ),
    );
    for reason in generated.data_loss {
        term.warn(&format!(
            "the squash {reason}: it loses data that the revisions it replaces may keep; review it"
        ));
    }
    term.note(&format!(
        "keep the {} replaced revisions until every database is past {end}: `cargo migrate check` tells, per database",
        range.len()
    ));
    Ok(exit::OK)
}

/// START..END, START first, when it is one linear chain: START an ancestor of END, no merge in
/// it, no branch point before END. One line saying why otherwise.
fn linear_range(map: &RevisionMap, start: &str, end: &str) -> Result<Vec<String>, Error> {
    let refuse = |why: String| {
        Error::Squash(format!(
            "{start}..{end} is not a linear range: {why}; squash a range between branch points and merges (`cargo migrate history` shows them), or merge first"
        ))
    };
    let mut range = vec![end.to_owned()];
    let mut cur = end.to_owned();
    while cur != start {
        let rev = map
            .get(&cur)
            .ok_or_else(|| refuse(format!("{cur} is unknown")))?;
        match rev.down_revisions.as_slice() {
            [] => return Err(refuse(format!("{start} is not an ancestor of {end}"))),
            [one] => {
                let children = map.children(one);
                if children.len() > 1 {
                    let ids: Vec<&str> = children.iter().map(|r| r.revision.as_str()).collect();
                    return Err(refuse(format!(
                        "{one} is a branch point (children {})",
                        ids.join(", ")
                    )));
                }
                cur = one.clone();
                range.push(cur.clone());
            }
            many => {
                return Err(refuse(format!("{cur} is a merge of {}", many.join(", "))));
            }
        }
    }
    if let Some(rev) = map.get(start)
        && rev.down_revisions.len() > 1
    {
        return Err(refuse(format!(
            "{start} is a merge of {}",
            rev.down_revisions.join(", ")
        )));
    }
    range.reverse();
    Ok(range)
}

/// The schema the migrations binary replays at `revision` (`base`: the empty schema), through
/// its `schema REV --format json`. A revision it cannot replay (raw SQL it cannot read) is
/// refused in one line that names it and the statement.
fn replayed(
    executable: &Path,
    revision: &str,
    global: &GlobalOptions,
    start: &str,
    end: &str,
) -> Result<Schema, Error> {
    let args = vec![
        "schema".to_owned(),
        revision.to_owned(),
        "--format".to_owned(),
        "json".to_owned(),
    ];
    let output = crate::runner::command(executable, &args, global)
        .stderr(Stdio::piped())
        .output()
        .map_err(|source| Error::Exec {
            path: executable.to_path_buf(),
            source,
        })?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        let why = stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix("error: "))
            .unwrap_or(stderr.trim());
        return Err(Error::Squash(format!(
            "the replay of {start}..{end} failed: {why}; squash needs every revision up to END readable by the replay (give raw SQL its effect with typed operations, or squash a range after it)"
        )));
    }
    serde_json::from_slice(&output.stdout).map_err(|e| {
        Error::Squash(format!(
            "the migrations binary printed a schema cargo-migrate cannot read ({e}); build it with the same migrate-core version as cargo-migrate"
        ))
    })
}
