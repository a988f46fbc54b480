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
//! Ids that are malformed (see [`crate::id`]) are left to the attribute's own checks: no site of
//! a malformed literal gets a problem here, and a reference to a malformed id that some revision
//! does declare counts as known.

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
    todo!()
}

/// A revision graph that breaks the rules, as returned by [`crate::RevisionMap::new`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .problems.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join("\n"))]
pub struct GraphError {
    /// Every problem found.
    pub problems: Vec<Problem>,
}
