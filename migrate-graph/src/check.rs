//! The graph rules, with messages in our own words.
//!
//! Every problem is attached to one *site*: one literal of one revision's attribute. The proc
//! macro turns each site into a compile error at that literal; `cargo migrate` and the runtime
//! print the same messages.
//!
//! Rules, in the order they are checked:
//! 1. unknown `down_revision` (with "did you mean" when one known id is within edit distance 2),
//!    at that `down_revision` literal;
//! 2. unknown `depends_on`, at that literal;
//! 3. duplicate revision id, at the `revision` literal of *each* revision sharing it, naming
//!    all the files;
//! 4. a cycle through `down_revision`/`depends_on`, once per cycle, at the `down_revision` (or
//!    `depends_on`) literal that closes it, printing the path `"a" -> "b" -> "c" -> "a"` and the files;
//! 5. only when 1–4 found nothing: a fork that is never merged. Two children of one parent (a
//!    second root counts as a second child of the base) whose descendants never meet in a merge,
//!    unless the branch of one of them declares a `branch_label` (on the child itself or on any
//!    revision of that branch above the fork, up to its head). Reported at the `down_revision`
//!    literal of *both* children (the `None` literal for roots), naming both, the heads, and
//!    the fix: `cargo migrate merge heads`, a merge migration with `down_revision = ("h1", "h2")`,
//!    or a `branch_label`.
//! 6. a branch label used by two revisions, at the second's `branch_label` literal.
//!
//! Between 4 and 5, on a graph sound so far, the rules of squashes ([`crate::squash`]): a
//! `replaces` literal naming no revision while the others do, a range that is not one linear
//! chain, and a squash whose `down_revision` is not the first replaced revision's parent. Rule 5
//! sees each active squash in place of the revisions it replaces.
//!
//! Ids that are malformed (see [`crate::id`]) are left to the attribute's own checks: no site of
//! a malformed literal gets a problem here, and a reference to a malformed id that some revision
//! does declare counts as known.

use std::collections::{BTreeSet, HashMap};

use crate::id;
use crate::map::Revision;

/// Which literal of a revision's attribute a problem belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Site {
    /// The `revision = "…"` literal.
    Revision,
    /// The `down_revision` literal naming this parent; `None` for `down_revision = None`.
    DownRevision(Option<String>),
    /// The `depends_on` literal naming this revision.
    DependsOn(String),
    /// The `branch_label` literal with this label.
    BranchLabel(String),
    /// The `replaces` literal naming this revision.
    Replaces(String),
}

/// The kind of a [`Problem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// A `down_revision` names no revision.
    UnknownDownRevision,
    /// A `depends_on` names no revision.
    UnknownDependsOn,
    /// Two revisions share an id.
    DuplicateRevision,
    /// The graph has a cycle.
    Cycle,
    /// A fork that is never merged and has no branch label.
    MultipleHeads,
    /// A branch label is declared twice.
    DuplicateBranchLabel,
    /// A squash replaces a revision that does not exist, while the others it replaces do.
    UnknownReplaced,
    /// A squash's `replaces` is not one linear range (a gap, a branch point, a merge, a
    /// revision replaced twice).
    NonContiguousReplaces,
    /// A squash's `down_revision` is not the parent of the first revision it replaces.
    SquashParent,
}

/// One broken rule, attached to the literal that should change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong.
    pub kind: ProblemKind,
    /// Index, into the slice given to [`check`], of the revision whose literal is at fault.
    pub index: usize,
    /// Which literal of that revision.
    pub site: Site,
    /// The full message, in one paragraph, ending with a `help: …` sentence that names the fix.
    pub message: String,
}

/// Checks every rule on `revisions` and returns all problems, in a deterministic order
/// (by index, then site).
pub fn check(revisions: &[Revision]) -> Vec<Problem> {
    check_graph(revisions, true)
}

/// [`check`], with or without rule 5 (unmerged heads).
pub(crate) fn check_graph(revs: &[Revision], with_heads: bool) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut ids: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, r) in revs.iter().enumerate() {
        ids.entry(r.revision.as_str()).or_default().push(i);
    }
    let mut labels: HashMap<&str, usize> = HashMap::new();
    for (i, r) in revs.iter().enumerate() {
        for l in &r.branch_labels {
            labels.entry(l.as_str()).or_insert(i);
        }
    }
    let mut valid_ids: Vec<&str> = ids.keys().copied().filter(|k| id::is_valid(k)).collect();
    valid_ids.sort_unstable();

    // 1 and 2: unknown references.
    for (i, r) in revs.iter().enumerate() {
        let mut seen = BTreeSet::new();
        for d in &r.down_revisions {
            if seen.insert(d) && !ids.contains_key(d.as_str()) && id::is_valid(d) {
                problems.push(unknown_reference(
                    revs,
                    &ids,
                    &valid_ids,
                    i,
                    "down_revision",
                    d,
                    ProblemKind::UnknownDownRevision,
                    Site::DownRevision(Some(d.clone())),
                ));
            }
        }
        let mut seen = BTreeSet::new();
        for d in &r.depends_on {
            if seen.insert(d)
                && !ids.contains_key(d.as_str())
                && !labels.contains_key(d.as_str())
                && id::is_valid(d)
            {
                problems.push(unknown_reference(
                    revs,
                    &ids,
                    &valid_ids,
                    i,
                    "depends_on",
                    d,
                    ProblemKind::UnknownDependsOn,
                    Site::DependsOn(d.clone()),
                ));
            }
        }
    }

    // 3: duplicates.
    for (i, r) in revs.iter().enumerate() {
        let Some(same) = ids.get(r.revision.as_str()) else {
            continue;
        };
        if same.len() < 2 || !id::is_valid(&r.revision) {
            continue;
        }
        let who = join_and(same.iter().map(|&j| revs[j].describe()));
        problems.push(Problem {
            kind: ProblemKind::DuplicateRevision,
            index: i,
            site: Site::Revision,
            message: format!(
                "duplicate revision id {:?}: declared {} times, by {who}\n\
                 help: give all but one of them a new id (`cargo migrate revision` makes fresh \
                 ones) and update every down_revision that names it",
                r.revision,
                same.len()
            ),
        });
    }

    // 4: cycles.
    problems.extend(cycles(revs, &ids, &labels));

    // 4b: squashes (`replaces`), on an otherwise sound graph.
    if problems.is_empty() {
        problems.extend(crate::squash::problems(revs));
    }

    // 5: unmerged heads, only on an otherwise sound graph, with each squash in place of the
    // revisions it replaces.
    if with_heads && problems.is_empty() {
        problems.extend(crate::squash::heads_problems(revs, |view| {
            let mut ids: HashMap<&str, Vec<usize>> = HashMap::new();
            for (i, r) in view.iter().enumerate() {
                ids.entry(r.revision.as_str()).or_default().push(i);
            }
            unmerged_heads(view, &ids)
        }));
    }

    // 6: a branch label declared twice.
    for (i, r) in revs.iter().enumerate() {
        let mut seen = BTreeSet::new();
        for l in &r.branch_labels {
            if !seen.insert(l) {
                continue;
            }
            if let Some(&first) = labels.get(l.as_str())
                && first != i
            {
                problems.push(Problem {
                    kind: ProblemKind::DuplicateBranchLabel,
                    index: i,
                    site: Site::BranchLabel(l.clone()),
                    message: format!(
                        "branch label {l:?} of {} is already declared by {}\n\
                         help: rename one of the two labels: a branch label names exactly one branch",
                        r.describe(),
                        revs[first].describe()
                    ),
                });
            }
        }
    }

    problems.sort_by_key(|p| (p.index, site_rank(&revs[p.index], &p.site)));
    problems
}

/// Orders the sites of one revision: revision, down_revision, depends_on, branch_label, each
/// in declaration order.
fn site_rank(r: &Revision, site: &Site) -> (u8, usize) {
    let position = |list: &[String], s: &str| list.iter().position(|x| x == s).unwrap_or(0);
    match site {
        Site::Revision => (0, 0),
        Site::DownRevision(None) => (1, 0),
        Site::DownRevision(Some(d)) => (1, position(&r.down_revisions, d)),
        Site::DependsOn(d) => (2, position(&r.depends_on, d)),
        Site::BranchLabel(l) => (3, position(&r.branch_labels, l)),
        Site::Replaces(x) => (4, position(&r.replaces, x)),
    }
}

/// "`A` (x.rs:1)", "`A` (x.rs:1) and `B` (y.rs:1)", "A, B and C".
fn join_and(items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().collect();
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// The folder a revision's file is in, for "no migration in <folder>".
fn folder_of(r: &Revision) -> Option<&str> {
    r.location
        .as_ref()
        .and_then(|l| l.file.rsplit_once(['/', '\\']).map(|(dir, _)| dir))
        .filter(|d| !d.is_empty())
}

#[allow(clippy::too_many_arguments)]
fn unknown_reference(
    revs: &[Revision],
    ids: &HashMap<&str, Vec<usize>>,
    valid_ids: &[&str],
    i: usize,
    key: &str,
    missing: &str,
    kind: ProblemKind,
    site: Site,
) -> Problem {
    let r = &revs[i];
    let place = match folder_of(r) {
        Some(dir) => format!("no migration in {dir} has this revision id"),
        None => "no migration has this revision id".to_string(),
    };
    let squashed_into = revs
        .iter()
        .find(|s| s.replaces.iter().any(|x| x == missing));
    if let Some(squash) = squashed_into {
        return Problem {
            kind,
            index: i,
            site,
            message: format!(
                "{key} {missing:?} of {} does not exist: it was replaced by the squash {} and deleted\n\
                 help: write {key} = {:?}, the squash that stands for it",
                r.describe(),
                squash.describe(),
                squash.revision
            ),
        };
    }
    let help = match closest(missing, valid_ids.iter().copied()) {
        Some(near) => {
            let owner = ids.get(near).and_then(|v| v.first()).map(|&j| &revs[j]);
            match owner {
                Some(o) if !o.name.is_empty() || o.location.is_some() => {
                    format!("did you mean {near:?}, the revision of {}?", o.describe())
                }
                _ => format!("did you mean {near:?}?"),
            }
        }
        None if key == "down_revision" => "set down_revision to the id of an existing migration \
             (`cargo migrate heads` lists the heads), or to None for a first migration"
            .to_string(),
        None => format!("name an existing revision id or branch label in {key}, or remove it"),
    };
    Problem {
        kind,
        index: i,
        site,
        message: format!(
            "{key} {missing:?} of {} does not exist: {place}\nhelp: {help}",
            r.describe()
        ),
    }
}

/// The known id closest to `id`, for "did you mean": within edit distance 2, or sharing a
/// prefix of at least 4 characters with it (one being a prefix of the other). Ties go to the
/// smaller distance, then the smaller id.
pub fn closest<'a>(id: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .filter(|k| *k != id)
        .filter_map(|k| {
            let d = levenshtein(id, k);
            let prefix = (k.starts_with(id) && id.chars().count() >= 4)
                || (id.starts_with(k) && k.chars().count() >= 4);
            if d <= 2 {
                Some((d, k))
            } else if prefix {
                Some((3, k))
            } else {
                None
            }
        })
        .min()
        .map(|(_, k)| k)
}

/// Edit distance (insertions, deletions, substitutions), over chars.
fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Rule 4: one problem per back edge of a depth-first search in index order, following
/// `down_revision` then `depends_on` literals.
fn cycles(
    revs: &[Revision],
    ids: &HashMap<&str, Vec<usize>>,
    labels: &HashMap<&str, usize>,
) -> Vec<Problem> {
    // Edges: (target, site of the literal).
    let edges: Vec<Vec<(usize, Site, String)>> = revs
        .iter()
        .map(|r| {
            let mut out = Vec::new();
            for d in &r.down_revisions {
                for &t in ids.get(d.as_str()).map(Vec::as_slice).unwrap_or(&[]) {
                    out.push((t, Site::DownRevision(Some(d.clone())), d.clone()));
                }
            }
            for d in &r.depends_on {
                let targets: Vec<usize> = match ids.get(d.as_str()) {
                    Some(v) => v.clone(),
                    None => labels.get(d.as_str()).map(|&l| vec![l]).unwrap_or_default(),
                };
                for t in targets {
                    out.push((t, Site::DependsOn(d.clone()), d.clone()));
                }
            }
            out
        })
        .collect();
    let n = revs.len();
    let mut color = vec![0u8; n]; // 0 new, 1 on the stack, 2 done
    let mut problems = Vec::new();
    let mut reported: BTreeSet<(usize, usize)> = BTreeSet::new();
    for start in 0..n {
        if color[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        color[start] = 1;
        while let Some(top) = stack.last_mut() {
            let node = top.0;
            let next = top.1;
            top.1 += 1;
            if let Some((target, site, literal)) = edges[node].get(next) {
                match color[*target] {
                    0 => {
                        color[*target] = 1;
                        stack.push((*target, 0));
                    }
                    1 => {
                        if !id::is_valid(literal) || !reported.insert((node, *target)) {
                            continue;
                        }
                        let from = stack.iter().position(|(x, _)| x == target).unwrap_or(0);
                        let path: Vec<usize> = stack[from..].iter().map(|(x, _)| *x).collect();
                        let mut ids_text: Vec<String> = path
                            .iter()
                            .map(|&x| format!("{:?}", revs[x].revision))
                            .collect();
                        ids_text.push(format!("{:?}", revs[*target].revision));
                        let through: Vec<String> =
                            path.iter().map(|&x| revs[x].describe()).collect();
                        problems.push(Problem {
                            kind: ProblemKind::Cycle,
                            index: node,
                            site: site.clone(),
                            message: format!(
                                "revision cycle: {} (following down_revision/depends_on through {})\n\
                                 help: break the cycle: a chain of down_revision must end at a first \
                                 migration with down_revision = None, so point one of these at an \
                                 older revision",
                                ids_text.join(" -> "),
                                through.join(", ")
                            ),
                        });
                    }
                    _ => {}
                }
            } else {
                color[node] = 2;
                stack.pop();
            }
        }
    }
    problems
}

/// Rule 5: forks whose sides never meet in a merge and carry no branch label.
fn unmerged_heads(revs: &[Revision], ids: &HashMap<&str, Vec<usize>>) -> Vec<Problem> {
    let n = revs.len();
    let index = |s: &str| ids.get(s).and_then(|v| v.first()).copied();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut roots = Vec::new();
    for (i, r) in revs.iter().enumerate() {
        if r.down_revisions.is_empty() {
            roots.push(i);
        }
        let parents: BTreeSet<usize> = r.down_revisions.iter().filter_map(|d| index(d)).collect();
        for p in parents {
            if p != i {
                children[p].push(i);
            }
        }
    }
    let mut desc_cache: HashMap<usize, BTreeSet<usize>> = HashMap::new();
    let mut descendants = |i: usize| -> BTreeSet<usize> {
        desc_cache
            .entry(i)
            .or_insert_with(|| {
                let mut seen = BTreeSet::new();
                let mut todo = vec![i];
                while let Some(x) = todo.pop() {
                    if seen.insert(x) {
                        todo.extend(children[x].iter().copied());
                    }
                }
                seen
            })
            .clone()
    };
    let heads_in = |set: &BTreeSet<usize>| -> Vec<&str> {
        let mut v: Vec<&str> = set
            .iter()
            .filter(|&&x| children[x].is_empty())
            .map(|&x| revs[x].revision.as_str())
            .collect();
        v.sort_unstable();
        v
    };
    let mut problems = Vec::new();
    // The base first (its children are the roots), then every revision.
    let mut forks: Vec<(Option<usize>, Vec<usize>)> = vec![(None, roots)];
    forks.extend((0..n).map(|i| (Some(i), children[i].clone())));
    for (parent, kids) in forks {
        if kids.len() < 2 {
            continue;
        }
        for (a_pos, &a) in kids.iter().enumerate() {
            for &b in &kids[a_pos + 1..] {
                let da = descendants(a);
                let db = descendants(b);
                if !da.is_disjoint(&db) {
                    continue;
                }
                if da
                    .iter()
                    .chain(&db)
                    .any(|&x| !revs[x].branch_labels.is_empty())
                {
                    continue;
                }
                let ha = heads_in(&da);
                let hb = heads_in(&db);
                for (me, other, mine, theirs) in [(a, b, &ha, &hb), (b, a, &hb, &ha)] {
                    let all: Vec<&str> = mine.iter().chain(theirs.iter()).copied().collect();
                    let quoted: Vec<String> = all.iter().map(|h| format!("{h:?}")).collect();
                    let parent_text = match parent {
                        None => "the base (down_revision = None)".to_string(),
                        Some(p) => {
                            let r = &revs[p];
                            if r.name.is_empty() && r.location.is_none() {
                                format!("revision {:?}", r.revision)
                            } else {
                                format!("revision {:?} {}", r.revision, r.describe())
                            }
                        }
                    };
                    let site = Site::DownRevision(parent.map(|p| revs[p].revision.clone()));
                    problems.push(Problem {
                        kind: ProblemKind::MultipleHeads,
                        index: me,
                        site,
                        message: format!(
                            "multiple heads: {parent_text} has two children that are never merged: \
                             {} and {}; the heads are {}\n\
                             help: run `cargo migrate merge heads` to add a merge migration with \
                             down_revision = ({}), point this migration at the other head, or set \
                             branch_label to declare a separate branch",
                            revs[me].describe(),
                            revs[other].describe(),
                            join_and(quoted.iter().cloned()),
                            quoted.join(", ")
                        ),
                    });
                }
            }
        }
    }
    problems
}

/// A revision graph that breaks the rules, as returned by [`crate::RevisionMap::new`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .problems.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join("\n"))]
pub struct GraphError {
    /// Every problem found.
    pub problems: Vec<Problem>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::Location;

    /// A revision as the scanner would produce it for `src/versions/<file>`, line 3.
    fn rev(id: &str, down: &[&str], name: &str, file: &str) -> Revision {
        let mut r = Revision::new(id, down);
        r.name = name.to_string();
        r.location = Some(Location {
            file: format!("src/versions/{file}"),
            line: 3,
        });
        r
    }

    fn fixture() -> Vec<Revision> {
        vec![
            rev("1975ea83b712", &[], "CreateUser", "0001_create_user.rs"),
            rev(
                "ae1027a6acf0",
                &["1975ea83b712"],
                "AddAccount",
                "0002_add_account.rs",
            ),
            rev(
                "3512b954651e",
                &["ae1027a6acf0"],
                "AddEmail",
                "0003_add_email.rs",
            ),
        ]
    }

    #[test]
    fn sound_graph_has_no_problem() {
        assert!(check(&fixture()).is_empty());
        assert!(check(&[]).is_empty());
    }

    #[test]
    fn unknown_down_revision_with_did_you_mean() {
        let mut revs = fixture();
        revs[2].down_revisions = vec!["ae1027a6acf1".into()];
        let p = check(&revs);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].kind, ProblemKind::UnknownDownRevision);
        assert_eq!(p[0].index, 2);
        assert_eq!(p[0].site, Site::DownRevision(Some("ae1027a6acf1".into())));
        assert_eq!(
            p[0].message,
            "down_revision \"ae1027a6acf1\" of `AddEmail` (src/versions/0003_add_email.rs:3) does \
             not exist: no migration in src/versions has this revision id\n\
             help: did you mean \"ae1027a6acf0\", the revision of `AddAccount` \
             (src/versions/0002_add_account.rs:3)?"
        );
    }

    #[test]
    fn unknown_down_revision_without_suggestion() {
        let revs = vec![
            Revision::new("a1", &[]),
            Revision::new("b2", &["0123456789ab"]),
        ];
        let p = check(&revs);
        assert_eq!(p.len(), 1);
        assert_eq!(
            p[0].message,
            "down_revision \"0123456789ab\" of \"b2\" does not exist: no migration has this \
             revision id\nhelp: set down_revision to the id of an existing migration \
             (`cargo migrate heads` lists the heads), or to None for a first migration"
        );
    }

    #[test]
    fn a_prefix_is_suggested() {
        let mut revs = fixture();
        revs[2].down_revisions = vec!["ae1027".into()];
        let p = check(&revs);
        assert!(
            p[0].message.contains("did you mean \"ae1027a6acf0\""),
            "{}",
            p[0].message
        );
    }

    #[test]
    fn unknown_depends_on() {
        let mut revs = fixture();
        revs[2].depends_on = vec!["0123456789ab".into()];
        let p = check(&revs);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].kind, ProblemKind::UnknownDependsOn);
        assert_eq!(p[0].site, Site::DependsOn("0123456789ab".into()));
        assert!(p[0].message.starts_with(
            "depends_on \"0123456789ab\" of `AddEmail` (src/versions/0003_add_email.rs:3) does \
             not exist: no migration in src/versions has this revision id\nhelp: "
        ));
    }

    #[test]
    fn depends_on_a_branch_label_is_known() {
        let mut revs = fixture();
        revs[1].branch_labels = vec!["accounts".into()];
        revs[2].depends_on = vec!["accounts".into()];
        assert!(check(&revs).is_empty());
    }

    #[test]
    fn duplicate_ids_at_each_revision() {
        let mut revs = fixture();
        revs.push(rev(
            "3512b954651e",
            &["ae1027a6acf0"],
            "AddPhone",
            "0004_add_phone.rs",
        ));
        let p = check(&revs);
        assert_eq!(p.len(), 2, "{p:#?}");
        assert_eq!((p[0].index, p[1].index), (2, 3));
        for x in &p {
            assert_eq!(x.kind, ProblemKind::DuplicateRevision);
            assert_eq!(x.site, Site::Revision);
            assert!(x.message.starts_with(
                "duplicate revision id \"3512b954651e\": declared 2 times, by `AddEmail` \
                 (src/versions/0003_add_email.rs:3) and `AddPhone` (src/versions/0004_add_phone.rs:3)\nhelp: "
            ), "{}", x.message);
        }
    }

    #[test]
    fn cycle_reported_once_at_the_closing_literal() {
        let mut revs = fixture();
        revs[0].down_revisions = vec!["3512b954651e".into()];
        let p = check(&revs);
        assert_eq!(p.len(), 1, "{p:#?}");
        assert_eq!(p[0].kind, ProblemKind::Cycle);
        assert_eq!(p[0].index, 1);
        assert_eq!(p[0].site, Site::DownRevision(Some("1975ea83b712".into())));
        assert!(
            p[0].message.starts_with(
                "revision cycle: \"1975ea83b712\" -> \"3512b954651e\" -> \"ae1027a6acf0\" -> \
             \"1975ea83b712\" (following down_revision/depends_on through `CreateUser` \
             (src/versions/0001_create_user.rs:3), `AddEmail` (src/versions/0003_add_email.rs:3), \
             `AddAccount` (src/versions/0002_add_account.rs:3))\nhelp: "
            ),
            "{}",
            p[0].message
        );
    }

    #[test]
    fn self_loop_and_depends_on_cycle() {
        let p = check(&[Revision::new("a", &["a"])]);
        assert_eq!(p.len(), 1);
        assert!(p[0].message.starts_with("revision cycle: \"a\" -> \"a\" "));
        let mut a = Revision::new("a", &[]);
        a.depends_on = vec!["b".into()];
        let p = check(&[a, Revision::new("b", &["a"])]);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].index, 1);
        assert_eq!(p[0].site, Site::DownRevision(Some("a".into())));
    }

    #[test]
    fn multiple_heads_at_both_children() {
        let mut revs = fixture();
        revs.push(rev(
            "27c6a30d7c24",
            &["ae1027a6acf0"],
            "AddPhone",
            "0004_add_phone.rs",
        ));
        let p = check(&revs);
        assert_eq!(p.len(), 2, "{p:#?}");
        assert_eq!(p[0].index, 2);
        assert_eq!(p[1].index, 3);
        assert!(p.iter().all(|x| x.kind == ProblemKind::MultipleHeads
            && x.site == Site::DownRevision(Some("ae1027a6acf0".into()))));
        assert_eq!(
            p[0].message,
            "multiple heads: revision \"ae1027a6acf0\" `AddAccount` \
             (src/versions/0002_add_account.rs:3) has two children that are never merged: \
             `AddEmail` (src/versions/0003_add_email.rs:3) and `AddPhone` \
             (src/versions/0004_add_phone.rs:3); the heads are \"3512b954651e\" and \
             \"27c6a30d7c24\"\nhelp: run `cargo migrate merge heads` to add a merge migration \
             with down_revision = (\"3512b954651e\", \"27c6a30d7c24\"), point this migration at \
             the other head, or set branch_label to declare a separate branch"
        );
        assert!(p[1].message.contains(
            "`AddPhone` (src/versions/0004_add_phone.rs:3) and `AddEmail` \
             (src/versions/0003_add_email.rs:3); the heads are \"27c6a30d7c24\" and \"3512b954651e\""
        ));
    }

    #[test]
    fn second_root_is_a_fork_of_the_base() {
        let mut revs = fixture();
        revs.push(rev("27c6a30d7c24", &[], "OtherRoot", "0004_other_root.rs"));
        let p = check(&revs);
        assert_eq!(p.len(), 2, "{p:#?}");
        assert_eq!((p[0].index, p[1].index), (0, 3));
        assert!(p.iter().all(|x| x.site == Site::DownRevision(None)));
        assert!(p[0].message.starts_with(
            "multiple heads: the base (down_revision = None) has two children that are never \
             merged: `CreateUser` (src/versions/0001_create_user.rs:3) and `OtherRoot` \
             (src/versions/0004_other_root.rs:3); the heads are \"3512b954651e\" and \"27c6a30d7c24\""
        ), "{}", p[0].message);
    }

    #[test]
    fn merged_fork_and_labelled_branch_are_fine() {
        let mut revs = fixture();
        revs.push(rev(
            "27c6a30d7c24",
            &["ae1027a6acf0"],
            "AddPhone",
            "0004_add_phone.rs",
        ));
        let mut labelled = revs.clone();
        labelled[3].branch_labels = vec!["phone".into()];
        assert!(check(&labelled).is_empty());
        // A label further up the branch counts too.
        let mut later = revs.clone();
        later.push(rev("99", &["27c6a30d7c24"], "Later", "0005.rs"));
        later[4].branch_labels = vec!["phone".into()];
        assert!(check(&later).is_empty());
        revs.push(rev(
            "m1",
            &["3512b954651e", "27c6a30d7c24"],
            "Merge",
            "0005_merge.rs",
        ));
        assert!(check(&revs).is_empty());
        // Two roots merged later are fine as well.
        let roots = vec![
            Revision::new("a", &[]),
            Revision::new("b", &[]),
            Revision::new("m", &["a", "b"]),
        ];
        assert!(check(&roots).is_empty());
    }

    #[test]
    fn heads_rule_waits_for_the_other_rules() {
        let revs = vec![
            Revision::new("a", &[]),
            Revision::new("b", &["a"]),
            Revision::new("c", &["a"]),
            Revision::new("d", &["zz"]),
        ];
        let p = check(&revs);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].kind, ProblemKind::UnknownDownRevision);
    }

    #[test]
    fn duplicate_branch_label_at_the_second() {
        let mut revs = fixture();
        revs[1].branch_labels = vec!["main".into()];
        revs[2].branch_labels = vec!["x".into(), "main".into()];
        let p = check(&revs);
        assert_eq!(p.len(), 1, "{p:#?}");
        assert_eq!(p[0].kind, ProblemKind::DuplicateBranchLabel);
        assert_eq!(p[0].index, 2);
        assert_eq!(p[0].site, Site::BranchLabel("main".into()));
        assert!(p[0].message.starts_with(
            "branch label \"main\" of `AddEmail` (src/versions/0003_add_email.rs:3) is already \
             declared by `AddAccount` (src/versions/0002_add_account.rs:3)\nhelp: "
        ));
    }

    #[test]
    fn malformed_literals_are_left_to_the_attribute() {
        // An undeclared malformed parent: not reported here.
        let p = check(&[Revision::new("a", &[]), Revision::new("b", &["NOT-AN-ID"])]);
        assert!(p.is_empty(), "{p:#?}");
        // A malformed id that is declared counts as known.
        let p = check(&[
            Revision::new("Bad-Id", &[]),
            Revision::new("b", &["Bad-Id"]),
        ]);
        assert!(p.is_empty(), "{p:#?}");
        // Duplicated malformed ids are not reported either.
        let p = check(&[Revision::new("head", &[]), Revision::new("head", &[])]);
        assert!(
            p.iter().all(|x| x.kind != ProblemKind::DuplicateRevision),
            "{p:#?}"
        );
    }

    #[test]
    fn order_is_by_index_then_site() {
        let mut r = Revision::new("c", &["zz1", "a"]);
        r.depends_on = vec!["zz2".into()];
        let revs = vec![Revision::new("a", &[]), r, Revision::new("d", &["zz3"])];
        let p = check(&revs);
        let sites: Vec<(usize, Site)> = p.iter().map(|x| (x.index, x.site.clone())).collect();
        assert_eq!(
            sites,
            [
                (1, Site::DownRevision(Some("zz1".into()))),
                (1, Site::DependsOn("zz2".into())),
                (2, Site::DownRevision(Some("zz3".into()))),
            ]
        );
        assert_eq!(check(&revs), p, "deterministic");
    }

    #[test]
    fn every_message_ends_with_help() {
        let mut r = Revision::new("c", &["zz1"]);
        r.branch_labels = vec!["l".into()];
        let mut d = Revision::new("d", &["c"]);
        d.branch_labels = vec!["l".into()];
        let revs = vec![r, d, Revision::new("d", &[]), Revision::new("e", &["e"])];
        let p = check(&revs);
        assert!(p.len() >= 4, "{p:#?}");
        for x in p {
            let help = x.message.rsplit_once("\nhelp: ").map(|(_, h)| h);
            assert!(help.is_some_and(|h| !h.is_empty()), "{}", x.message);
        }
    }

    #[test]
    fn closest_and_levenshtein() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("abc", "abc"), 0);
        let known = ["ae1027a6acf0", "ae1027a6acf9", "1975ea83b712"];
        assert_eq!(closest("ae1027a6acf1", known), Some("ae1027a6acf0"));
        assert_eq!(closest("1975ea83b7", known), Some("1975ea83b712"));
        assert_eq!(closest("ffffffffffff", known), None);
        assert_eq!(closest("ae1", known), None, "too short a prefix");
        assert_eq!(
            closest("ae1027a6acf0", known),
            Some("ae1027a6acf9"),
            "never itself"
        );
    }

    #[test]
    fn graph_error_joins_messages() {
        let e = GraphError {
            problems: check(&[Revision::new("a", &["x1"]), Revision::new("b", &["x2"])]),
        };
        assert_eq!(
            e.to_string()
                .lines()
                .filter(|l| l.starts_with("help:"))
                .count(),
            2
        );
    }
}
