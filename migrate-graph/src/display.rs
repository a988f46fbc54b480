//! Text shown to people: the lines of `history`, `heads` and `current`, as Alembic prints them.
//! Shared by `cargo migrate` (answering from the sources) and the migrations binary (answering
//! from its registry), so both print the same thing.
//!
//! The short forms follow Alembic's `Script.cmd_format`:
//!
//! ```text
//! history:  1975ea83b712 -> ae1027a6acf0 (head), add account
//! heads:    ae1027a6acf0 (head)
//! current:  ae1027a6acf0 (head)
//! ```
//!
//! and the verbose forms (`-v`) its `Script.log_entry`:
//!
//! ```text
//! Rev: ae1027a6acf0 (head)
//! Parent: 1975ea83b712
//! Path: src/versions/ae1027a6acf0_add_account.rs
//!
//!     add account
//!
//!     Revision ID: ae1027a6acf0
//!     Revises: 1975ea83b712
//! ```
//!
//! Every function returns the text without a final newline, except the verbose forms, which end
//! with one so that printing them with `println!` leaves a blank line between entries, as
//! Alembic does.
//!
//! The `*_line` functions take a checked [`RevisionMap`]; the `*_entry` functions take the
//! [`Marks`] directly, so that a caller holding a graph that does not pass the checks (e.g.
//! `cargo migrate heads` while two heads are unmerged and a duplicate id exists) can still
//! print it, with [`Marks::among`].

use crate::map::{Revision, RevisionMap};

/// The tree indicators Alembic prints after a revision id: `(head)`, `(effective head)`,
/// `(branchpoint)`, `(mergepoint)` and `(current)`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Marks {
    /// No revision names it as a parent or in `depends_on`: printed `(head)`.
    pub head: bool,
    /// No revision names it as a parent, but some revision `depends_on` it: printed
    /// `(effective head)`.
    pub effective_head: bool,
    /// Two or more revisions name it as a parent: printed `(branchpoint)`.
    pub branch_point: bool,
    /// It has two or more parents: printed `(mergepoint)`.
    pub merge_point: bool,
    /// The database's version table holds it: printed `(current)`.
    pub current: bool,
}

impl Marks {
    /// The marks of `rev` within a checked map. `current` is left false; see
    /// [`Marks::with_current`].
    pub fn in_map(map: &RevisionMap, rev: &Revision) -> Marks {
        // The map knows each revision's children: constant time, where scanning every
        // revision made `history` quadratic.
        let Some(i) = map.idx(&rev.revision) else {
            return Self::compute(map.revisions(), rev);
        };
        let children = map.children_of(i).len();
        Self::counted(rev, children, map.all_children_of(i).len() - children)
    }

    /// The marks of `rev` among raw revisions, which need not form a valid graph (unknown
    /// parents, duplicates and cycles are tolerated). `current` is left false.
    pub fn among(revisions: &[Revision], rev: &Revision) -> Marks {
        Self::compute(revisions.iter(), rev)
    }

    /// The same marks, with `(current)` set or cleared.
    pub fn with_current(self, current: bool) -> Marks {
        Marks { current, ..self }
    }

    fn compute<'a>(revisions: impl Iterator<Item = &'a Revision>, rev: &Revision) -> Marks {
        let id = rev.revision.as_str();
        let mut children = 0;
        let mut dependents = 0;
        for other in revisions {
            if other.down_revisions.iter().any(|d| d == id) {
                children += 1;
            } else if other.depends_on.iter().any(|d| d == id) {
                dependents += 1;
            }
        }
        Self::counted(rev, children, dependents)
    }

    /// The marks of a revision with that many children and dependents.
    fn counted(rev: &Revision, children: usize, dependents: usize) -> Marks {
        Marks {
            head: children == 0 && dependents == 0,
            effective_head: children == 0 && dependents > 0,
            branch_point: children > 1,
            merge_point: rev.down_revisions.len() > 1,
            current: false,
        }
    }

    /// ` (head)`, ` (effective head)` and ` (current)`, as many as apply.
    fn head_indicators(&self) -> String {
        let mut s = String::new();
        if self.head {
            s.push_str(" (head)");
        }
        if self.effective_head {
            s.push_str(" (effective head)");
        }
        if self.current {
            s.push_str(" (current)");
        }
        s
    }

    /// ` (branchpoint)` and ` (mergepoint)`, as many as apply.
    fn tree_indicators(&self) -> String {
        let mut s = String::new();
        if self.branch_point {
            s.push_str(" (branchpoint)");
        }
        if self.merge_point {
            s.push_str(" (mergepoint)");
        }
        s
    }
}

/// The parents of `rev` as Alembic writes them: `<base>` for a base, else the ids joined by
/// `, `.
pub fn parents(rev: &Revision) -> String {
    if rev.down_revisions.is_empty() {
        "<base>".to_owned()
    } else {
        rev.down_revisions.join(", ")
    }
}

/// The first line of the message: Alembic's `doc`, the part shown in one-line forms.
pub fn summary(rev: &Revision) -> &str {
    rev.message.lines().next().unwrap_or("").trim_end()
}

/// One line of `history` within a checked map; see [`history_entry`].
pub fn history_line(map: &RevisionMap, rev: &Revision, verbose: bool) -> String {
    history_entry(
        &with_inherited_labels(map, rev),
        Marks::in_map(map, rev),
        verbose,
    )
}

/// `rev` with the branch labels it carries in `map`: its own and those inherited along its
/// branch (as Alembic shows them, and as the JSON documents list them).
pub fn with_inherited_labels(map: &RevisionMap, rev: &Revision) -> Revision {
    let mut rev = rev.clone();
    rev.branch_labels = map
        .branch_labels(&rev.revision)
        .into_iter()
        .map(str::to_owned)
        .collect();
    rev
}

/// One entry of `history`: `1975ea83b712 -> ae1027a6acf0 (head), add account`, with the branch
/// labels in parentheses after the id, `depends_on` in parentheses after the parents, then the
/// head and tree indicators; or, when `verbose`, the [`log_entry`].
pub fn history_entry(rev: &Revision, marks: Marks, verbose: bool) -> String {
    if verbose {
        return log_entry(rev, marks);
    }
    let mut text = if rev.depends_on.is_empty() {
        format!("{} -> {}", parents(rev), rev.revision)
    } else {
        format!(
            "{} ({}) -> {}",
            parents(rev),
            rev.depends_on.join(", "),
            rev.revision
        )
    };
    push_labels(&mut text, rev);
    text.push_str(&marks.head_indicators());
    text.push_str(&marks.tree_indicators());
    text.push_str(", ");
    text.push_str(summary(rev));
    text
}

/// One line of `heads` within a checked map; see [`head_entry`].
pub fn head_line(map: &RevisionMap, rev: &Revision, verbose: bool) -> String {
    head_entry(
        &with_inherited_labels(map, rev),
        Marks::in_map(map, rev),
        verbose,
    )
}

/// One entry of `heads`: `ae1027a6acf0 (head)`, with the branch labels in parentheses after the
/// id (`ae1027a6acf0 (accounts) (head)`), and no tree indicators; or, when `verbose`, the
/// [`log_entry`].
pub fn head_entry(rev: &Revision, marks: Marks, verbose: bool) -> String {
    if verbose {
        return log_entry(rev, marks);
    }
    let mut text = rev.revision.clone();
    push_labels(&mut text, rev);
    text.push_str(&marks.head_indicators());
    text
}

/// One line of `current` within a checked map; see [`current_entry`].
pub fn current_line(map: &RevisionMap, rev: &Revision, verbose: bool) -> String {
    current_entry(rev, Marks::in_map(map, rev), verbose)
}

/// One entry of `current`: the id followed by the head and tree indicators,
/// `ae1027a6acf0 (head)` or `1975ea83b712 (branchpoint)`; or, when `verbose`, the
/// [`log_entry`].
pub fn current_entry(rev: &Revision, marks: Marks, verbose: bool) -> String {
    if verbose {
        return log_entry(rev, marks);
    }
    let mut text = rev.revision.clone();
    text.push_str(&marks.head_indicators());
    text.push_str(&marks.tree_indicators());
    text
}

/// The verbose form of any listing, with a description made from the revision's metadata:
/// its message, `Revision ID:` and `Revises:`. See [`log_entry_with_doc`].
pub fn log_entry(rev: &Revision, marks: Marks) -> String {
    log_entry_with_doc(rev, marks, &default_doc(rev))
}

/// The description [`log_entry`] uses: the message, a blank line, `Revision ID: <id>` and
/// `Revises: <parents>` (empty for a base), as in the header of a file written by
/// `cargo migrate revision`.
pub fn default_doc(rev: &Revision) -> String {
    let mut doc = String::new();
    if !rev.message.is_empty() {
        doc.push_str(&rev.message);
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("Revision ID: {}\n", rev.revision));
    doc.push_str(&format!("Revises: {}", rev.down_revisions.join(", ")));
    doc
}

/// The verbose form, Alembic's `log_entry`, with `doc` (e.g. the revision file's `//!` header,
/// which also holds its `Create Date:`) as the indented description:
///
/// ```text
/// Rev: <id> [(head)] [(branchpoint)] [(mergepoint)] [(current)]
/// Parent: <parents>            (Merges: <parents> for a merge point)
/// Also depends on: <ids>       (when it has depends_on)
/// Branches into: <ids>         (at a branch point; never printed here: see below)
/// Branch names: <labels>       (when it has branch labels)
/// Path: <file>                 (when its location is known)
///
///     <doc, each line indented by four spaces>
///
/// ```
///
/// Unlike Alembic, `Branches into:` is not printed: the children are not part of one
/// revision's metadata.
pub fn log_entry_with_doc(rev: &Revision, marks: Marks, doc: &str) -> String {
    let mut entry = format!("Rev: {}", rev.revision);
    if marks.head {
        entry.push_str(" (head)");
    }
    if marks.branch_point {
        entry.push_str(" (branchpoint)");
    }
    if marks.merge_point {
        entry.push_str(" (mergepoint)");
    }
    if marks.current {
        entry.push_str(" (current)");
    }
    entry.push('\n');
    let label = if marks.merge_point {
        "Merges"
    } else {
        "Parent"
    };
    entry.push_str(&format!("{label}: {}\n", parents(rev)));
    if !rev.depends_on.is_empty() {
        entry.push_str(&format!("Also depends on: {}\n", rev.depends_on.join(", ")));
    }
    if !rev.branch_labels.is_empty() {
        entry.push_str(&format!("Branch names: {}\n", rev.branch_labels.join(", ")));
    }
    if let Some(location) = &rev.location {
        entry.push_str(&format!("Path: {}\n", location.file));
    }
    entry.push('\n');
    for line in doc.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            entry.push('\n');
        } else {
            entry.push_str("    ");
            entry.push_str(line);
            entry.push('\n');
        }
    }
    entry
}

fn push_labels(text: &mut String, rev: &Revision) {
    if !rev.branch_labels.is_empty() {
        text.push_str(&format!(" ({})", rev.branch_labels.join(", ")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::Location;

    fn rev(id: &str, parents: &[&str], message: &str) -> Revision {
        Revision {
            revision: id.to_owned(),
            down_revisions: parents.iter().map(|p| p.to_string()).collect(),
            depends_on: Vec::new(),
            branch_labels: Vec::new(),
            replaces: Vec::new(),
            message: message.to_owned(),
            name: String::new(),
            location: None,
        }
    }

    fn chain() -> Vec<Revision> {
        vec![
            rev("1975ea83b712", &[], "create user"),
            rev("ae1027a6acf0", &["1975ea83b712"], "add account"),
        ]
    }

    #[test]
    fn history_of_a_chain() {
        let revs = chain();
        let lines: Vec<String> = revs
            .iter()
            .rev()
            .map(|r| history_entry(r, Marks::among(&revs, r), false))
            .collect();
        assert_eq!(
            lines,
            [
                "1975ea83b712 -> ae1027a6acf0 (head), add account",
                "<base> -> 1975ea83b712, create user",
            ]
        );
    }

    #[test]
    fn branch_and_merge_points() {
        let revs = vec![
            rev("a", &[], "one"),
            rev("b", &["a"], "two"),
            rev("c", &["a"], "three"),
            rev("d", &["b", "c"], "merge"),
        ];
        let line = |i: usize| history_entry(&revs[i], Marks::among(&revs, &revs[i]), false);
        assert_eq!(line(0), "<base> -> a (branchpoint), one");
        assert_eq!(line(1), "a -> b, two");
        assert_eq!(line(3), "b, c -> d (head) (mergepoint), merge");
        assert_eq!(
            current_entry(&revs[0], Marks::among(&revs, &revs[0]), false),
            "a (branchpoint)"
        );
        assert_eq!(
            current_entry(&revs[3], Marks::among(&revs, &revs[3]), false),
            "d (head) (mergepoint)"
        );
        assert_eq!(
            head_entry(&revs[3], Marks::among(&revs, &revs[3]), false),
            "d (head)"
        );
    }

    #[test]
    fn labels_dependencies_and_current() {
        let mut r = rev("b", &["a"], "two");
        r.branch_labels = vec!["accounts".into()];
        r.depends_on = vec!["x".into()];
        let marks = Marks {
            head: true,
            ..Marks::default()
        }
        .with_current(true);
        assert_eq!(
            history_entry(&r, marks, false),
            "a (x) -> b (accounts) (head) (current), two"
        );
        assert_eq!(
            head_entry(&r, marks, false),
            "b (accounts) (head) (current)"
        );
    }

    #[test]
    fn effective_head() {
        let mut dependent = rev("c", &[], "other base");
        dependent.depends_on = vec!["a".into()];
        let revs = vec![rev("a", &[], "one"), dependent];
        let marks = Marks::among(&revs, &revs[0]);
        assert!(!marks.head && marks.effective_head);
        assert_eq!(head_entry(&revs[0], marks, false), "a (effective head)");
    }

    #[test]
    fn verbose_entry() {
        let mut r = rev("ae1027a6acf0", &["1975ea83b712"], "add account");
        r.location = Some(Location {
            file: "src/versions/ae1027a6acf0_add_account.rs".into(),
            line: 9,
        });
        let marks = Marks {
            head: true,
            ..Marks::default()
        };
        assert_eq!(
            history_entry(&r, marks, true),
            "Rev: ae1027a6acf0 (head)\n\
             Parent: 1975ea83b712\n\
             Path: src/versions/ae1027a6acf0_add_account.rs\n\
             \n    add account\n\
             \n    Revision ID: ae1027a6acf0\n\
             \x20   Revises: 1975ea83b712\n"
        );
        let base = rev("1975ea83b712", &[], "");
        assert_eq!(
            log_entry(&base, Marks::default()),
            "Rev: 1975ea83b712\nParent: <base>\n\n    Revision ID: 1975ea83b712\n    Revises:\n"
        );
        let merge = rev("m", &["a", "b"], "merge");
        let marks = Marks::among(std::slice::from_ref(&merge), &merge);
        assert!(log_entry(&merge, marks).starts_with("Rev: m (head) (mergepoint)\nMerges: a, b\n"));
    }

    #[test]
    fn one_line_forms_use_the_first_line_of_the_message() {
        let r = rev("a", &[], "first\n\nmore text");
        assert_eq!(
            history_entry(&r, Marks::default(), false),
            "<base> -> a, first"
        );
    }
}
