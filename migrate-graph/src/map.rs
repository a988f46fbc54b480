//! Revisions and the revision map.

/// Where a revision is defined, for messages: a path as the user sees it (relative to the
/// migrations crate, e.g. `src/versions/ae1027a6acf0_add_account.rs`) and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    /// The file, relative to the migrations crate's root.
    pub file: String,
    /// The 1-based line of the `#[migration]` attribute.
    pub line: u32,
}

/// One revision: the metadata of a `#[migration(...)]` attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The revision id.
    pub revision: String,
    /// The parents; empty for a base (`down_revision = None`), two or more for a merge.
    pub down_revisions: Vec<String>,
    /// Extra ordering dependencies (`depends_on`): applied before this one, not parents.
    pub depends_on: Vec<String>,
    /// Branch labels declared on this revision (`branch_label`).
    pub branch_labels: Vec<String>,
    /// The message (`message = "..."`), empty when none was given.
    pub message: String,
    /// The Rust type that carries the attribute, e.g. `AddAccount`; empty when unknown.
    pub name: String,
    /// Where it is defined, when known.
    pub location: Option<Location>,
}

impl Revision {
    /// A revision with the given id and parents and nothing else; handy in tests.
    pub fn new(revision: &str, down_revisions: &[&str]) -> Self {
        todo!()
    }

    /// `AddAccount` (src/versions/x.rs:3), or the quoted id when name and location are unknown.
    pub fn describe(&self) -> String {
        todo!()
    }
}

/// The revision graph, checked: no unknown parents or dependencies, no duplicate ids, no
/// cycles. (Unmerged heads are allowed here: they are legal at run time, e.g. while a plan is
/// computed for `merge`; [`crate::check`] reports them for compile time.)
///
/// Semantics follow Alembic's `RevisionMap`: heads are revisions with no children; bases have
/// no parents; `depends_on` orders but does not make parents; branch labels are inherited along
/// a branch for `label@head`.
#[derive(Debug, Clone)]
pub struct RevisionMap {
    // private
}

impl RevisionMap {
    /// Builds and checks the map. Fails with every problem found by [`crate::check::check`],
    /// except unmerged heads.
    pub fn new(revisions: Vec<Revision>) -> Result<Self, crate::check::GraphError> {
        todo!()
    }

    /// All revisions, in topological order (bases first, ties broken by id).
    pub fn revisions(&self) -> impl Iterator<Item = &Revision> {
        todo!();
        #[allow(unreachable_code)]
        std::iter::empty()
    }

    /// The revision with exactly this id.
    pub fn get(&self, id: &str) -> Option<&Revision> {
        todo!()
    }

    /// The heads (revisions nothing descends from), sorted by id.
    pub fn heads(&self) -> Vec<&Revision> {
        todo!()
    }

    /// The bases (revisions with no parent), sorted by id.
    pub fn bases(&self) -> Vec<&Revision> {
        todo!()
    }

    /// The ids of the children of `id`.
    pub fn children(&self, id: &str) -> Vec<&Revision> {
        todo!()
    }

    /// Resolves a full id, a unique prefix, or a branch label to one revision.
    pub fn resolve(&self, id_or_prefix: &str) -> Result<&Revision, crate::target::TargetError> {
        todo!()
    }

    /// History order, like `alembic history`: newest first (reverse topological), ties broken
    /// by id, descending.
    pub fn history(&self) -> Vec<&Revision> {
        todo!()
    }

    /// The revisions in `ids` and all their ancestors (through parents and `depends_on`).
    pub fn ancestors_of(&self, ids: &[&str]) -> Vec<&Revision> {
        todo!()
    }

    /// Number of revisions.
    pub fn len(&self) -> usize {
        todo!()
    }

    /// True when the map holds no revision.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
