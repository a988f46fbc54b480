//! Squashed revisions: one revision that `replaces` a linear range of others, as Django's
//! `squashmigrations` writes them.
//!
//! A squash `S` declares `replaces = ("r1", …, "rn")`, the range from START (`r1`) to END
//! (`rn`), both included, and `down_revision` = START's parent. While any of `r1..rn` exists in
//! the sources the squash is *active* and the graph treats `S` and END as the same point:
//!
//! - A database before the range (at START's parent or below, or empty) runs `S`.
//! - A database inside the range (its version table holds one of `r1..rn`) keeps running the
//!   originals up to END; so does any plan whose target names one of `r1..rn-1`.
//! - After the point, a revision may name either `S` or END as its `down_revision`; the version
//!   table may hold either id; `current`, `heads`, `history` and downgrades through the point
//!   work from both.
//!
//! The graph is one of two *views* for each active squash: the squashed view (the originals
//! left out, END resolving to `S`) or the originals' view (`S` left out, `S` resolving to END).
//! [`crate::RevisionMap::new`] builds the squashed view of every squash;
//! [`crate::RevisionMap::view`] picks the view that fits a database and a target.
//!
//! When every replaced revision is deleted from the sources, the squash is an ordinary
//! revision and its `replaces` is ignored. The originals may be deleted once every database
//! has passed END ([`crate::RevisionMap::squash_state`] says where one database stands).

use std::collections::{BTreeSet, HashMap};

use crate::check::{Problem, ProblemKind, Site};
use crate::map::Revision;

/// An active squash: a revision whose `replaces` names revisions that exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Squash {
    /// The squashed revision's id.
    pub revision: String,
    /// The replaced revisions, in chain order (START first, END last).
    pub originals: Vec<String>,
}

impl Squash {
    /// The last replaced revision: the point the squash and the originals share.
    pub fn end(&self) -> &str {
        self.originals.last().map_or("", String::as_str)
    }
}

/// Which side of a squash a view runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The squashed revision; the originals are left out.
    Squashed,
    /// The originals; the squashed revision is left out.
    Originals,
}

/// Where one database stands against one squash, for `check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SquashState {
    /// Not yet at the point: the squash (or the originals, from inside the range) still runs.
    Before,
    /// Inside the range: the originals run up to END.
    Inside,
    /// At or past the point: the originals are no longer needed by this database.
    Passed,
}

/// The active squashes of `revisions`, each with its originals in chain order. A squash whose
/// `replaces` names no existing revision is inactive (it stands alone). Assumes
/// the `replaces` rules of [`crate::check`] found nothing.
pub fn active(revisions: &[Revision]) -> Vec<Squash> {
    let ids: HashMap<&str, usize> = revisions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.revision.as_str(), i))
        .collect();
    revisions
        .iter()
        .filter(|r| r.replaces.iter().any(|x| ids.contains_key(x.as_str())))
        .map(|r| Squash {
            revision: r.revision.clone(),
            originals: chain(revisions, &ids, r).unwrap_or_else(|_| r.replaces.clone()),
        })
        .collect()
}

/// The children of every revision through `down_revision`, but `squash`.
fn children_of<'a>(
    revisions: &'a [Revision],
    ids: &HashMap<&str, usize>,
    squash: &str,
) -> Vec<Vec<&'a str>> {
    let mut out = vec![Vec::new(); revisions.len()];
    for r in revisions.iter().filter(|r| r.revision != squash) {
        for d in &r.down_revisions {
            if let Some(&p) = ids.get(d.as_str()) {
                out[p].push(r.revision.as_str());
            }
        }
    }
    out
}

/// What `squash` replaces, ordered as a chain, START first; or the literal that breaks the
/// chain and why.
fn chain(
    revisions: &[Revision],
    ids: &HashMap<&str, usize>,
    squash: &Revision,
) -> Result<Vec<String>, (String, String)> {
    let replaces = &squash.replaces;
    let set: BTreeSet<&str> = replaces.iter().map(String::as_str).collect();
    let children = children_of(revisions, ids, &squash.revision);
    for x in &set {
        let r = &revisions[ids[x]];
        if r.down_revisions.len() > 1 {
            return Err((
                x.to_string(),
                format!(
                    "{x:?} is a merge revision ({} parents)",
                    r.down_revisions.len()
                ),
            ));
        }
    }
    let starts: Vec<&str> = set
        .iter()
        .copied()
        .filter(|x| {
            revisions[ids[x]]
                .down_revisions
                .iter()
                .all(|d| !set.contains(d.as_str()))
        })
        .collect();
    let start = match starts.as_slice() {
        [one] => *one,
        _ => {
            let second = starts.get(1).copied().unwrap_or(replaces[0].as_str());
            return Err((
                second.to_string(),
                format!(
                    "{} are not contiguous: a revision between them is missing",
                    starts
                        .iter()
                        .map(|s| format!("{s:?}"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            ));
        }
    };
    let mut out = vec![start.to_string()];
    let mut cur = start;
    while out.len() < set.len() {
        let kids = &children[ids[cur]];
        let next: Vec<&str> = kids.iter().copied().filter(|k| set.contains(k)).collect();
        match (next.as_slice(), kids.len()) {
            ([one], 1) => {
                out.push(one.to_string());
                cur = one;
            }
            ([], _) => {
                let missing = set
                    .iter()
                    .find(|x| !out.iter().any(|o| o == *x))
                    .copied()
                    .unwrap_or(cur);
                return Err((
                    missing.to_string(),
                    format!("{missing:?} does not follow {cur:?}: the range has a gap"),
                ));
            }
            _ => {
                return Err((
                    cur.to_string(),
                    format!(
                        "{cur:?} is a branch point inside the range (children {})",
                        kids.iter()
                            .map(|k| format!("{k:?}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
    }
    Ok(out)
}

/// The rules on `replaces`, for [`crate::check`]: a replaced revision that does not exist while
/// others do, a range that is not one linear chain, a squash whose `down_revision` is not
/// START's parent, a revision replaced twice, and a squash replacing an active squash.
pub(crate) fn problems(revisions: &[Revision]) -> Vec<Problem> {
    let ids: HashMap<&str, usize> = revisions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.revision.as_str(), i))
        .collect();
    let mut out = Vec::new();
    let mut replaced_by: HashMap<&str, usize> = HashMap::new();
    let help_range = "help: list every revision from START to END, as `cargo migrate squash START END` writes it";
    for (i, r) in revisions.iter().enumerate() {
        if !r.replaces.iter().any(|x| ids.contains_key(x.as_str())) {
            continue;
        }
        let mut bad = false;
        for x in &r.replaces {
            let wrong = if !ids.contains_key(x.as_str()) {
                Some((
                    ProblemKind::UnknownReplaced,
                    format!(
                        "replaces {x:?} of {} does not exist, while the other revisions it replaces do\n\
                         help: fix the id; once every database has passed the squash, delete all the replaced revisions, not some",
                        r.describe()
                    ),
                ))
            } else if x == &r.revision {
                Some((
                    ProblemKind::NonContiguousReplaces,
                    format!("{} replaces itself\n{help_range}", r.describe()),
                ))
            } else if let Some(&first) = replaced_by.get(x.as_str()) {
                Some((
                    ProblemKind::NonContiguousReplaces,
                    format!(
                        "{x:?} is replaced by {} and by {}\n\
                         help: a revision belongs to one squash; squash again from the first squash's revision instead",
                        revisions[first].describe(),
                        r.describe()
                    ),
                ))
            } else if revisions[ids[x.as_str()]]
                .replaces
                .iter()
                .any(|y| ids.contains_key(y.as_str()))
            {
                Some((
                    ProblemKind::NonContiguousReplaces,
                    format!(
                        "{} replaces {x:?}, itself a squash whose originals still exist\n\
                         help: delete the originals of {x:?} first (`cargo migrate check` tells when), then squash again",
                        r.describe()
                    ),
                ))
            } else {
                replaced_by.insert(x.as_str(), i);
                None
            };
            if let Some((kind, message)) = wrong {
                bad = true;
                out.push(Problem {
                    kind,
                    index: i,
                    site: Site::Replaces(x.clone()),
                    message,
                });
            }
        }
        if bad {
            continue;
        }
        match chain(revisions, &ids, r) {
            Err((at, why)) => out.push(Problem {
                kind: ProblemKind::NonContiguousReplaces,
                index: i,
                site: Site::Replaces(at),
                message: format!(
                    "the revisions {} replaces are not one linear range: {why}\n{help_range}",
                    r.describe()
                ),
            }),
            Ok(originals) => {
                let start = &revisions[ids[originals[0].as_str()]];
                let want: BTreeSet<&String> = start.down_revisions.iter().collect();
                let have: BTreeSet<&String> = r.down_revisions.iter().collect();
                if want != have {
                    let fix = match start.down_revisions.first() {
                        Some(p) => format!("down_revision = {p:?}"),
                        None => "down_revision = None".to_string(),
                    };
                    out.push(Problem {
                        kind: ProblemKind::SquashParent,
                        index: i,
                        site: Site::DownRevision(r.down_revisions.first().cloned()),
                        message: format!(
                            "{} replaces {:?}..{:?} but its down_revision is not the parent of {:?}\n\
                             help: write {fix}: a squash starts where its first replaced revision starts",
                            r.describe(),
                            originals[0],
                            originals[originals.len() - 1],
                            originals[0]
                        ),
                    });
                }
            }
        }
    }
    out
}

/// `revisions` as seen from one side of each active squash: the left-out side removed, every
/// reference to it rewritten to the kept side, and the aliases (a left-out id → the kept id
/// that stands for it).
pub(crate) fn arrange(
    revisions: &[Revision],
    squashes: &[Squash],
    side: impl Fn(&Squash) -> Side,
) -> (Vec<Revision>, HashMap<String, String>) {
    let mut drop: BTreeSet<&str> = BTreeSet::new();
    let mut rename: HashMap<&str, &str> = HashMap::new();
    let mut aliases = HashMap::new();
    for s in squashes {
        match side(s) {
            Side::Squashed => {
                for o in &s.originals {
                    drop.insert(o);
                    rename.insert(o, &s.revision);
                }
                aliases.insert(s.end().to_string(), s.revision.clone());
            }
            Side::Originals => {
                drop.insert(&s.revision);
                rename.insert(&s.revision, s.end());
                aliases.insert(s.revision.clone(), s.end().to_string());
            }
        }
    }
    let rewrite = |list: &[String]| {
        let mut out: Vec<String> = Vec::new();
        for x in list {
            let x = rename.get(x.as_str()).copied().unwrap_or(x).to_string();
            if !out.contains(&x) {
                out.push(x);
            }
        }
        out
    };
    let kept = revisions
        .iter()
        .filter(|r| !drop.contains(r.revision.as_str()))
        .map(|r| Revision {
            down_revisions: rewrite(&r.down_revisions),
            depends_on: rewrite(&r.depends_on),
            ..r.clone()
        })
        .collect();
    (kept, aliases)
}

/// The problems of rule 5 (unmerged heads) found on the squashed view, mapped back to indexes
/// of `revisions`.
pub(crate) fn heads_problems(
    revisions: &[Revision],
    check: impl Fn(&[Revision]) -> Vec<Problem>,
) -> Vec<Problem> {
    let squashes = active(revisions);
    if squashes.is_empty() {
        return check(revisions);
    }
    let (view, _) = arrange(revisions, &squashes, |_| Side::Squashed);
    let index: HashMap<&str, usize> = revisions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.revision.as_str(), i))
        .collect();
    check(&view)
        .into_iter()
        .filter_map(|mut p| {
            p.index = *index.get(view[p.index].revision.as_str())?;
            Some(p)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check;

    fn chain5() -> Vec<Revision> {
        vec![
            Revision::new("a", &[]),
            Revision::new("b", &["a"]),
            Revision::new("c", &["b"]),
            Revision::new("d", &["c"]),
            Revision::new("e", &["d"]),
        ]
    }

    fn squash(id: &str, down: &[&str], replaces: &[&str]) -> Revision {
        let mut r = Revision::new(id, down);
        r.replaces = replaces.iter().map(|s| s.to_string()).collect();
        r
    }

    fn kinds(revs: &[Revision]) -> Vec<(ProblemKind, String, Site)> {
        check(revs)
            .into_iter()
            .map(|p| (p.kind, revs[p.index].revision.clone(), p.site))
            .collect()
    }

    #[test]
    fn a_valid_squash_passes_every_check_and_orders_its_originals() {
        let mut revs = chain5();
        revs.push(squash("s", &["a"], &["d", "b", "c"]));
        assert_eq!(kinds(&revs), []);
        assert_eq!(
            active(&revs),
            [Squash {
                revision: "s".into(),
                originals: vec!["b".into(), "c".into(), "d".into()],
            }]
        );
    }

    #[test]
    fn a_child_of_a_deleted_end_is_told_to_name_the_squash() {
        let revs = vec![
            Revision::new("a", &[]),
            squash("s", &["a"], &["b", "c"]),
            Revision::new("e", &["c"]),
        ];
        let found = check(&revs);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].message,
            "down_revision \"c\" of \"e\" does not exist: it was replaced by the squash \"s\" and deleted\n\
             help: write down_revision = \"s\", the squash that stands for it"
        );
    }

    #[test]
    fn a_squash_whose_originals_are_gone_stands_alone() {
        let revs = vec![
            Revision::new("a", &[]),
            squash("s", &["a"], &["b", "c"]),
            Revision::new("e", &["s"]),
        ];
        assert_eq!(kinds(&revs), []);
        assert!(active(&revs).is_empty());
    }

    /// The one problem of a-b-c-d-e with `extra` added.
    fn only_problem(extra: Vec<Revision>) -> Problem {
        let mut revs = chain5();
        revs.extend(extra);
        let mut found = check(&revs);
        assert_eq!(found.len(), 1, "{found:?}");
        found.remove(0)
    }

    #[test]
    fn the_replaces_rules() {
        // An unknown id among known ones.
        let mut revs = chain5();
        revs.push(squash("s", &["a"], &["b", "cc"]));
        assert_eq!(
            kinds(&revs),
            [(
                ProblemKind::UnknownReplaced,
                "s".into(),
                Site::Replaces("cc".into())
            )]
        );
        // A gap.
        let found = only_problem(vec![squash("s", &["a"], &["b", "d"])]);
        assert_eq!(found.kind, ProblemKind::NonContiguousReplaces);
        let expected = "not one linear range: \"b\" and \"d\" are not contiguous";
        assert!(found.message.contains(expected), "{}", found.message);
        // The wrong parent.
        let found = only_problem(vec![squash("s", &["b"], &["b", "c"])]);
        assert_eq!(found.kind, ProblemKind::SquashParent);
        assert_eq!(found.site, Site::DownRevision(Some("b".into())));
        let expected = "help: write down_revision = \"a\"";
        assert!(found.message.contains(expected), "{}", found.message);
        // A branch point inside the range.
        let found = only_problem(vec![
            Revision::new("x", &["c"]),
            Revision::new("m", &["e", "x"]),
            squash("s", &["a"], &["b", "c", "d"]),
        ]);
        let expected = "\"c\" is a branch point inside the range";
        assert!(found.message.contains(expected), "{}", found.message);
        // Replaced twice.
        let mut revs = chain5();
        revs.push(squash("s", &["a"], &["b", "c"]));
        revs.push(squash("t", &["b"], &["c", "d"]));
        assert!(
            kinds(&revs).contains(&(
                ProblemKind::NonContiguousReplaces,
                "t".into(),
                Site::Replaces("c".into())
            )),
            "{:?}",
            kinds(&revs)
        );
    }

    #[test]
    fn the_squash_and_end_are_not_two_heads() {
        let mut revs = chain5();
        revs.push(squash("s", &["a"], &["b", "c", "d", "e"]));
        assert_eq!(kinds(&revs), []);
        // A child of the squash and a child of END would be two heads.
        let mut revs = chain5();
        revs.push(squash("s", &["a"], &["b", "c"]));
        revs.push(Revision::new("x", &["s"]));
        let found = kinds(&revs);
        assert!(
            found
                .iter()
                .any(|(k, _, _)| *k == ProblemKind::MultipleHeads),
            "{found:?}"
        );
    }

    /// a - b - c - d - e, with s replacing b..d (down_revision a); e names END.
    fn squashed_map() -> crate::RevisionMap {
        let mut revs = chain5();
        revs.push(squash("s", &["a"], &["b", "c", "d"]));
        crate::RevisionMap::new(revs).unwrap()
    }

    /// The steps of a plan from `rows` to `target`, in the view those rows and that target
    /// need, each as `rev:op,op` (`+x` insert, `-x` delete, `x>y` update).
    fn planned(up: bool, rows: &[&str], target: &str) -> (Vec<String>, Vec<String>) {
        use crate::plan::VersionOp;
        let map = squashed_map();
        let rows: Vec<String> = rows.iter().map(|r| r.to_string()).collect();
        let view = map.view(&rows, &[target]);
        let t = crate::Target::parse(target).unwrap();
        let plan = if up {
            view.plan_upgrade(&rows, &t)
        } else {
            view.plan_downgrade(&rows, &t)
        }
        .unwrap();
        let plan = view.recorded(plan, &rows);
        let steps = plan
            .steps
            .iter()
            .map(|s| {
                let ops: Vec<String> = s
                    .version_ops
                    .iter()
                    .map(|op| match op {
                        VersionOp::Insert(x) => format!("+{x}"),
                        VersionOp::Delete(x) => format!("-{x}"),
                        VersionOp::Update { from, to } => format!("{from}>{to}"),
                    })
                    .collect();
                format!("{}:{}", s.revision, ops.join(","))
            })
            .collect();
        (steps, plan.heads_after)
    }

    /// Asserts the plan [`planned`] finds: its steps and the rows after it.
    fn plans(up: bool, rows: &[&str], target: &str, steps: &[&str], heads: &[&str]) {
        let (got_steps, got_heads) = planned(up, rows, target);
        assert_eq!(
            (got_steps, got_heads),
            (
                steps.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                heads.iter().map(|s| s.to_string()).collect::<Vec<_>>()
            ),
            "{rows:?} to {target}"
        );
    }

    #[test]
    fn the_squash_and_end_are_one_point_in_heads_and_history() {
        let map = squashed_map();
        let heads: Vec<&str> = map.heads().iter().map(|r| r.revision.as_str()).collect();
        assert_eq!(heads, ["e"]);
        let history: Vec<&str> = map.history().iter().map(|r| r.revision.as_str()).collect();
        assert_eq!(history, ["e", "s", "a"]);
        assert_eq!(
            map.get("d").unwrap().revision,
            "s",
            "END resolves to the squash"
        );
        assert_eq!(map.resolve("d").unwrap().revision, "s");
    }

    #[test]
    fn a_database_before_the_range_runs_the_squash() {
        plans(true, &[], "head", &["a:+a", "s:a>s", "e:s>e"], &["e"]);
        plans(true, &["a"], "head", &["s:a>s", "e:s>e"], &["e"]);
        // END as a target, from before the range: the squash is the same point.
        plans(true, &["a"], "d", &["s:a>s"], &["s"]);
    }

    #[test]
    fn a_database_inside_the_range_keeps_running_the_originals() {
        plans(true, &["b"], "head", &["c:b>c", "d:c>d", "e:d>e"], &["e"]);
        // Asked for a revision inside the range, from before it.
        plans(true, &["a"], "c", &["b:a>b", "c:b>c"], &["c"]);
    }

    #[test]
    fn a_database_at_end_or_at_the_squash_goes_on_from_the_point() {
        plans(true, &["d"], "head", &["e:d>e"], &["e"]);
        plans(true, &["s"], "head", &["e:s>e"], &["e"]);
        // Already at the point, named either way.
        plans(true, &["s"], "d", &[], &["s"]);
        plans(true, &["d"], "s", &[], &["d"]);
    }

    #[test]
    fn downgrades_through_the_point() {
        // From after the point: through the squash.
        plans(false, &["e"], "a", &["e:e>s", "s:s>a"], &["a"]);
        plans(false, &["e"], "base", &["e:e>s", "s:s>a", "a:-a"], &[]);
        // Into the range: through the originals.
        plans(false, &["e"], "c", &["e:e>d", "d:d>c"], &["c"]);
        // A table that holds the squash, downgraded into the range: the row is updated under
        // the id it holds.
        plans(false, &["s"], "b", &["d:s>c", "c:c>b"], &["b"]);
        // A table that holds END, downgraded below the range: the originals.
        plans(false, &["d"], "a", &["d:d>c", "c:c>b", "b:b>a"], &["a"]);
        // Relative steps count the view's revisions.
        plans(false, &["e"], "-2", &["e:e>s", "s:s>a"], &["a"]);
    }

    #[test]
    fn children_may_name_the_squash_or_end() {
        let mut revs = chain5();
        revs.retain(|r| r.revision != "e");
        revs.push(squash("s", &["a"], &["b", "c", "d"]));
        revs.push(Revision::new("e", &["s"]));
        assert_eq!(kinds(&revs), []);
        let map = crate::RevisionMap::new(revs).unwrap();
        let rows = vec!["c".to_string()];
        let view = map.view(&rows, &["head"]);
        let plan = view.plan_upgrade(&rows, &crate::Target::Head).unwrap();
        let order: Vec<&str> = plan.steps.iter().map(|s| s.revision.as_str()).collect();
        assert_eq!(order, ["d", "e"], "e names the squash, and runs after END");
    }

    #[test]
    fn when_end_is_the_head_a_table_at_end_is_at_head() {
        let mut revs = chain5();
        revs.push(squash("s", &["a"], &["b", "c", "d", "e"]));
        let map = crate::RevisionMap::new(revs).unwrap();
        let heads = |m: &crate::RevisionMap| -> Vec<String> {
            m.heads().iter().map(|r| r.revision.clone()).collect()
        };
        assert_eq!(heads(&map), ["s"]);
        assert_eq!(heads(&map.view(&["e".into()], &[])), ["e"]);
        assert_eq!(heads(&map.view(&["s".into()], &[])), ["s"]);
        let rows = vec!["e".to_string()];
        let view = map.view(&rows, &["head"]);
        let plan = view.plan_upgrade(&rows, &crate::Target::Head).unwrap();
        assert!(plan.steps.is_empty(), "{plan:?}");
    }

    #[test]
    fn where_a_database_stands() {
        let map = squashed_map();
        let s = &map.squashes()[0];
        let state = |rows: &[&str]| {
            let rows: Vec<String> = rows.iter().map(|r| r.to_string()).collect();
            map.squash_state(s, &rows)
        };
        assert_eq!(state(&[]), SquashState::Before);
        assert_eq!(state(&["a"]), SquashState::Before);
        assert_eq!(state(&["b"]), SquashState::Inside);
        assert_eq!(state(&["c"]), SquashState::Inside);
        assert_eq!(state(&["d"]), SquashState::Passed);
        assert_eq!(state(&["s"]), SquashState::Passed);
        assert_eq!(state(&["e"]), SquashState::Passed);
    }
}
