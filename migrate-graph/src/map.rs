//! Revisions and the revision map.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap};

use crate::target::TargetError;
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
    /// The revisions this one squashes (`replaces`), oldest first; empty for an ordinary
    /// revision. See [`crate::squash`].
    pub replaces: Vec<String>,
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
        Revision {
            revision: revision.to_string(),
            down_revisions: down_revisions.iter().map(|s| s.to_string()).collect(),
            depends_on: Vec::new(),
            branch_labels: Vec::new(),
            replaces: Vec::new(),
            message: String::new(),
            name: String::new(),
            location: None,
        }
    }

    /// `AddAccount` (src/versions/x.rs:3), or the quoted id when name and location are unknown.
    ///
    /// With a location but no name: `"ae1027a6acf0" (src/versions/x.rs:3)`; with a name but no
    /// location: `` `AddAccount` ``.
    pub fn describe(&self) -> String {
        let head = if self.name.is_empty() {
            format!("{:?}", self.revision)
        } else {
            format!("`{}`", self.name)
        };
        match &self.location {
            Some(loc) => format!("{head} ({}:{})", loc.file, loc.line),
            None => head,
        }
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
    /// The revisions, in topological order (bases first, ties broken by id).
    revs: Vec<Revision>,
    /// Id → index into `revs`.
    index: HashMap<String, usize>,
    /// Declared branch label → index of the revision declaring it.
    labels: HashMap<String, usize>,
    /// Parents through `down_revision`, in declaration order.
    parents: Vec<Vec<usize>>,
    /// `depends_on`, resolved (ids or labels), deduplicated, sorted by id.
    deps: Vec<Vec<usize>>,
    /// Parents followed by the dependencies that no versioned ancestor already depends on
    /// (Alembic's `_normalized_down_revisions`).
    normalized_down: Vec<Vec<usize>>,
    /// Children through `down_revision` (Alembic's `nextrev`), sorted by id.
    children: Vec<Vec<usize>>,
    /// Children through `down_revision` or `depends_on` (Alembic's `_all_nextrev`), sorted by id.
    all_children: Vec<Vec<usize>>,
    /// Branch labels, declared or inherited along the branch.
    branch_labels: Vec<BTreeSet<String>>,
    /// Ids left out by a squash's view → the index of the revision that stands for them.
    aliases: HashMap<String, usize>,
    /// The active squashes ([`crate::squash`]).
    squashes: Vec<crate::squash::Squash>,
    /// Every revision as declared, when there are active squashes (to build other views).
    sources: Vec<Revision>,
}

impl RevisionMap {
    /// Builds and checks the map. Fails with every problem found by [`crate::check::check`],
    /// except unmerged heads.
    ///
    /// Each active squash ([`crate::squash`]) stands in for the revisions it replaces: they are
    /// left out, and END resolves to the squash. [`RevisionMap::view`] gives the view a database
    /// inside a squashed range needs.
    pub fn new(revisions: Vec<Revision>) -> Result<Self, crate::check::GraphError> {
        let problems = crate::check::check_graph(&revisions, false);
        if !problems.is_empty() {
            return Err(crate::check::GraphError { problems });
        }
        let squashes = crate::squash::active(&revisions);
        if squashes.is_empty() {
            return Ok(Self::build(revisions));
        }
        Ok(Self::arranged(revisions, squashes, |_| {
            crate::squash::Side::Squashed
        }))
    }

    /// The map of `sources` with each squash seen from `side`.
    fn arranged(
        sources: Vec<Revision>,
        squashes: Vec<crate::squash::Squash>,
        side: impl Fn(&crate::squash::Squash) -> crate::squash::Side,
    ) -> Self {
        let (view, aliases) = crate::squash::arrange(&sources, &squashes, side);
        let mut map = Self::build(view);
        map.aliases = aliases
            .into_iter()
            .filter_map(|(from, to)| map.index.get(&to).map(|&i| (from, i)))
            .collect();
        map.squashes = squashes;
        map.sources = sources;
        map
    }

    /// The map a database needs whose version table holds `rows`, for a plan towards
    /// `targets` (target texts as the user wrote them; empty for none).
    ///
    /// For each active squash: the originals' view when a row is one of the replaced revisions,
    /// or a target names one of them other than END; else the squashed view (this map).
    pub fn view(&self, rows: &[String], targets: &[&str]) -> std::borrow::Cow<'_, RevisionMap> {
        use crate::squash::Side;
        let named = |s: &crate::squash::Squash| {
            let inside = |id: &str| s.originals.iter().any(|o| o == id);
            let before_end = &s.originals[..s.originals.len().saturating_sub(1)];
            rows.iter().any(|r| inside(r))
                || targets.iter().any(|t| {
                    let id = target_revision(t);
                    !id.is_empty() && before_end.iter().any(|o| o == id)
                        || (id.len() >= 4
                            && before_end.iter().any(|o| o.starts_with(id))
                            && self.resolve(id).is_err())
                })
        };
        if !self.squashes.iter().any(named) {
            return std::borrow::Cow::Borrowed(self);
        }
        let side = |s: &crate::squash::Squash| {
            if named(s) {
                Side::Originals
            } else {
                Side::Squashed
            }
        };
        std::borrow::Cow::Owned(Self::arranged(
            self.sources.clone(),
            self.squashes.clone(),
            side,
        ))
    }

    /// The active squashes: revisions whose `replaces` names revisions that exist.
    pub fn squashes(&self) -> &[crate::squash::Squash] {
        &self.squashes
    }

    /// Where a database whose version table holds `rows` stands against `squash`.
    pub fn squash_state(
        &self,
        squash: &crate::squash::Squash,
        rows: &[String],
    ) -> crate::squash::SquashState {
        use crate::squash::SquashState;
        let before_end = &squash.originals[..squash.originals.len().saturating_sub(1)];
        if rows.iter().any(|r| before_end.contains(r)) {
            return SquashState::Inside;
        }
        let map = self.view(rows, &[]);
        let ids: Vec<&str> = rows.iter().map(String::as_str).collect();
        let point = map.idx(squash.end()).or_else(|| map.idx(&squash.revision));
        match point {
            Some(p)
                if map
                    .ancestors_of(&ids)
                    .iter()
                    .any(|r| r.revision == map.rev(p).revision) =>
            {
                SquashState::Passed
            }
            _ => SquashState::Before,
        }
    }

    /// `plan` with the version-table ops written against the rows as recorded: a row holding
    /// an id this view resolves to another (END for a squash, or a squash for END) is updated
    /// or deleted under the id it holds.
    pub fn recorded(&self, mut plan: crate::plan::Plan, rows: &[String]) -> crate::plan::Plan {
        use crate::plan::VersionOp;
        for row in rows {
            let Some(i) = self.aliases.get(row) else {
                continue;
            };
            let canonical = &self.revs[*i].revision;
            let mut done = false;
            'steps: for step in &mut plan.steps {
                for op in &mut step.version_ops {
                    match op {
                        VersionOp::Update { from, .. } | VersionOp::Delete(from)
                            if from == canonical =>
                        {
                            *from = row.clone();
                            done = true;
                            break 'steps;
                        }
                        _ => {}
                    }
                }
            }
            if !done {
                for head in &mut plan.heads_after {
                    if head == canonical {
                        *head = row.clone();
                    }
                }
                plan.heads_after.sort();
            }
        }
        plan
    }

    /// Builds the map from revisions that passed the checks (no unknown references, no
    /// duplicates, no cycles).
    fn build(revisions: Vec<Revision>) -> Self {
        // Topological order: Kahn's algorithm, smallest id first.
        let n = revisions.len();
        let pos: HashMap<&str, usize> = revisions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.revision.as_str(), i))
            .collect();
        let mut label_pos: HashMap<&str, usize> = HashMap::new();
        for (i, r) in revisions.iter().enumerate() {
            for l in &r.branch_labels {
                label_pos.entry(l.as_str()).or_insert(i);
            }
        }
        let lookup = |s: &str| pos.get(s).or_else(|| label_pos.get(s)).copied();
        let mut indegree = vec![0usize; n];
        let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, r) in revisions.iter().enumerate() {
            let mut ups: BTreeSet<usize> = BTreeSet::new();
            for d in r.down_revisions.iter().chain(&r.depends_on) {
                if let Some(p) = lookup(d)
                    && p != i
                {
                    ups.insert(p);
                }
            }
            indegree[i] = ups.len();
            for p in ups {
                out[p].push(i);
            }
        }
        let mut heap: BinaryHeap<Reverse<(&str, usize)>> = BinaryHeap::new();
        for (i, r) in revisions.iter().enumerate() {
            if indegree[i] == 0 {
                heap.push(Reverse((r.revision.as_str(), i)));
            }
        }
        let mut order = Vec::with_capacity(n);
        while let Some(Reverse((_, i))) = heap.pop() {
            order.push(i);
            for &c in &out[i] {
                indegree[c] -= 1;
                if indegree[c] == 0 {
                    heap.push(Reverse((revisions[c].revision.as_str(), c)));
                }
            }
        }
        // A cycle would leave revisions out; `new` refuses cycles, but stay total.
        if order.len() < n {
            let seen: BTreeSet<usize> = order.iter().copied().collect();
            order.extend((0..n).filter(|i| !seen.contains(i)));
        }
        let mut slots: Vec<Option<Revision>> = revisions.into_iter().map(Some).collect();
        let revs: Vec<Revision> = order.iter().filter_map(|&i| slots[i].take()).collect();

        let index: HashMap<String, usize> = revs
            .iter()
            .enumerate()
            .map(|(i, r)| (r.revision.clone(), i))
            .collect();
        let mut labels: HashMap<String, usize> = HashMap::new();
        for (i, r) in revs.iter().enumerate() {
            for l in &r.branch_labels {
                labels.entry(l.clone()).or_insert(i);
            }
        }
        let find = |s: &str| index.get(s).or_else(|| labels.get(s)).copied();
        let mut parents = vec![Vec::new(); n];
        let mut deps = vec![Vec::new(); n];
        let mut children = vec![Vec::new(); n];
        let mut all_children = vec![Vec::new(); n];
        for (i, r) in revs.iter().enumerate() {
            for d in &r.down_revisions {
                if let Some(p) = index.get(d.as_str()).copied()
                    && !parents[i].contains(&p)
                    && p != i
                {
                    parents[i].push(p);
                    children[p].push(i);
                }
            }
            let mut ds: Vec<usize> = r
                .depends_on
                .iter()
                .filter_map(|d| find(d))
                .filter(|&d| d != i)
                .collect();
            ds.sort_by(|a, b| revs[*a].revision.cmp(&revs[*b].revision));
            ds.dedup();
            for &d in parents[i].iter().chain(&ds) {
                if !all_children[d].contains(&i) {
                    all_children[d].push(i);
                }
            }
            deps[i] = ds;
        }
        for list in children.iter_mut().chain(all_children.iter_mut()) {
            list.sort_by(|a, b| revs[*a].revision.cmp(&revs[*b].revision));
        }
        let mut map = RevisionMap {
            revs,
            index,
            labels,
            parents,
            deps,
            normalized_down: Vec::new(),
            children,
            all_children,
            branch_labels: Vec::new(),
            aliases: HashMap::new(),
            squashes: Vec::new(),
            sources: Vec::new(),
        };
        map.normalized_down = (0..n).map(|i| map.compute_normalized_down(i)).collect();
        map.branch_labels = map.compute_branch_labels();
        map
    }

    /// Alembic's `_normalize_depends_on`: drop the dependencies that a versioned ancestor
    /// already declares.
    fn compute_normalized_down(&self, i: usize) -> Vec<usize> {
        let mut out = self.parents[i].clone();
        if self.deps[i].is_empty() {
            return out;
        }
        let mut ancestor_deps = BTreeSet::new();
        for a in self.closure(&[i], |m, r| m.parents[r].clone()) {
            if a != i {
                ancestor_deps.extend(self.deps[a].iter().copied());
            }
        }
        for &d in &self.deps[i] {
            if !ancestor_deps.contains(&d) && !out.contains(&d) {
                out.push(d);
            }
        }
        out
    }

    /// Labels declared on a revision cover its descendants and the branch below it down to the
    /// branch point (Alembic's `_add_branches`).
    fn compute_branch_labels(&self) -> Vec<BTreeSet<String>> {
        let n = self.revs.len();
        let mut out: Vec<BTreeSet<String>> = vec![BTreeSet::new(); n];
        for (i, r) in self.revs.iter().enumerate() {
            if r.branch_labels.is_empty() {
                continue;
            }
            for d in self.closure(&[i], |m, x| m.children[x].clone()) {
                out[d].extend(r.branch_labels.iter().cloned());
            }
            let mut cur = self.parents[i].first().copied();
            while let Some(p) = cur {
                if self.parents[i].len() > 1
                    || self.all_children[p].len() > 1
                    || self.parents[p].len() > 1
                {
                    break;
                }
                out[p].extend(r.branch_labels.iter().cloned());
                cur = self.parents[p].first().copied();
            }
        }
        out
    }

    /// Every index reachable from `start` (inclusive) through `next`, sorted.
    pub(crate) fn closure(
        &self,
        start: &[usize],
        next: impl Fn(&Self, usize) -> Vec<usize>,
    ) -> BTreeSet<usize> {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<usize> = start.to_vec();
        while let Some(i) = todo.pop() {
            if seen.insert(i) {
                todo.extend(next(self, i));
            }
        }
        seen
    }

    /// Ancestors of `start`, inclusive, through parents and (with `deps`) dependencies.
    pub(crate) fn ancestor_set(&self, start: &[usize], deps: bool) -> BTreeSet<usize> {
        if deps {
            self.closure(start, |m, i| m.normalized_down[i].clone())
        } else {
            self.closure(start, |m, i| m.parents[i].clone())
        }
    }

    /// Descendants of `start`, inclusive, through children and (with `deps`) dependents.
    pub(crate) fn descendant_set(&self, start: &[usize], deps: bool) -> BTreeSet<usize> {
        if deps {
            self.closure(start, |m, i| m.all_children[i].clone())
        } else {
            self.closure(start, |m, i| m.children[i].clone())
        }
    }

    /// The revision at an index.
    pub(crate) fn rev(&self, i: usize) -> &Revision {
        &self.revs[i]
    }

    /// The index of an exact id, or of the revision that stands for it in this view (a
    /// squash for its END, or END for its squash).
    pub(crate) fn idx(&self, id: &str) -> Option<usize> {
        self.index.get(id).or_else(|| self.aliases.get(id)).copied()
    }

    /// Parents through `down_revision`.
    pub(crate) fn parents_of(&self, i: usize) -> &[usize] {
        &self.parents[i]
    }

    /// Children through `down_revision`.
    pub(crate) fn children_of(&self, i: usize) -> &[usize] {
        &self.children[i]
    }

    /// Children through `down_revision` or `depends_on`.
    pub(crate) fn all_children_of(&self, i: usize) -> &[usize] {
        &self.all_children[i]
    }

    /// Parents and the dependencies not implied by ancestors.
    pub(crate) fn normalized_down_of(&self, i: usize) -> &[usize] {
        &self.normalized_down[i]
    }

    /// Indexes of the heads (no child through `down_revision`), sorted by id.
    pub(crate) fn head_idx(&self) -> Vec<usize> {
        let mut v: Vec<usize> = (0..self.revs.len())
            .filter(|&i| self.children[i].is_empty())
            .collect();
        v.sort_by(|a, b| self.revs[*a].revision.cmp(&self.revs[*b].revision));
        v
    }

    /// Indexes of the "real" heads (nothing descends from them or depends on them), sorted by
    /// id. This is what the `heads` target means.
    pub(crate) fn real_head_idx(&self) -> Vec<usize> {
        let mut v: Vec<usize> = (0..self.revs.len())
            .filter(|&i| self.all_children[i].is_empty())
            .collect();
        v.sort_by(|a, b| self.revs[*a].revision.cmp(&self.revs[*b].revision));
        v
    }

    /// Indexes of the bases (no `down_revision`), sorted by id.
    pub(crate) fn base_idx(&self) -> Vec<usize> {
        let mut v: Vec<usize> = (0..self.revs.len())
            .filter(|&i| self.parents[i].is_empty())
            .collect();
        v.sort_by(|a, b| self.revs[*a].revision.cmp(&self.revs[*b].revision));
        v
    }

    /// Sorts indexes by id.
    pub(crate) fn sort_by_id(&self, v: &mut [usize]) {
        v.sort_by(|a, b| self.revs[*a].revision.cmp(&self.revs[*b].revision));
    }

    /// All revisions, in topological order (bases first, ties broken by id).
    pub fn revisions(&self) -> impl Iterator<Item = &Revision> {
        self.revs.iter()
    }

    /// The revision with exactly this id.
    pub fn get(&self, id: &str) -> Option<&Revision> {
        self.idx(id).map(|i| &self.revs[i])
    }

    /// The heads (revisions nothing descends from), sorted by id.
    ///
    /// Only `down_revision` makes a child: a revision that others merely `depends_on` is still
    /// a head here (as in `alembic heads`). The `heads` *target* excludes those (see
    /// [`RevisionMap::real_heads`]).
    pub fn heads(&self) -> Vec<&Revision> {
        self.head_idx().into_iter().map(|i| &self.revs[i]).collect()
    }

    /// The heads that no revision descends from or depends on, sorted by id: what
    /// `upgrade heads` reaches (Alembic's `_real_heads`).
    pub fn real_heads(&self) -> Vec<&Revision> {
        self.real_head_idx()
            .into_iter()
            .map(|i| &self.revs[i])
            .collect()
    }

    /// The bases (revisions with no parent), sorted by id.
    pub fn bases(&self) -> Vec<&Revision> {
        self.base_idx().into_iter().map(|i| &self.revs[i]).collect()
    }

    /// The ids of the children of `id`.
    ///
    /// Children through `down_revision` only, sorted by id; empty for an unknown id.
    pub fn children(&self, id: &str) -> Vec<&Revision> {
        match self.idx(id) {
            Some(i) => self.children[i].iter().map(|&c| &self.revs[c]).collect(),
            None => Vec::new(),
        }
    }

    /// The branch labels of `id`: those it declares and those inherited along its branch
    /// (descendants of a labelled revision, and the revisions below it down to the branch
    /// point), sorted. Empty for an unknown id.
    pub fn branch_labels(&self, id: &str) -> Vec<&str> {
        match self.idx(id) {
            Some(i) => self.branch_labels[i].iter().map(|s| s.as_str()).collect(),
            None => Vec::new(),
        }
    }

    /// The revision that declares branch label `label`.
    pub fn labelled(&self, label: &str) -> Option<&Revision> {
        self.labels.get(label).map(|&i| &self.revs[i])
    }

    /// Resolves a full id, a unique prefix, or a branch label to one revision.
    ///
    /// In order: an exact id; a declared branch label (the revision declaring it); `label@id`
    /// (the id, which must be on that branch); a prefix of exactly one id (any length). Fails
    /// with [`TargetError::Ambiguous`] or [`TargetError::Unknown`].
    pub fn resolve(&self, id_or_prefix: &str) -> Result<&Revision, TargetError> {
        self.resolve_idx(id_or_prefix).map(|i| &self.revs[i])
    }

    /// [`RevisionMap::resolve`], as an index.
    pub(crate) fn resolve_idx(&self, s: &str) -> Result<usize, TargetError> {
        if let Some((label, rest)) = s.split_once('@') {
            return self.resolve_in_branch(rest, Some(label), s);
        }
        self.resolve_in_branch(s, None, s)
    }

    /// Resolves `s` (id, label or prefix), restricted to the lineage of `branch` when given.
    /// `whole` is the text quoted in errors.
    pub(crate) fn resolve_in_branch(
        &self,
        s: &str,
        branch: Option<&str>,
        whole: &str,
    ) -> Result<usize, TargetError> {
        if s.is_empty() {
            return Err(TargetError::Unknown(whole.to_string()));
        }
        let branch_rev = match branch {
            Some(b) => Some(self.resolve_branch(b)?),
            None => None,
        };
        let exact = self
            .index
            .get(s)
            .or_else(|| self.labels.get(s))
            .or_else(|| self.aliases.get(s))
            .copied();
        let found = match exact {
            Some(i) => i,
            None => {
                let mut matches: Vec<usize> = (0..self.revs.len())
                    .filter(|&i| self.revs[i].revision.starts_with(s))
                    .collect();
                if let Some(b) = branch_rev {
                    matches.retain(|&i| self.shares_lineage(i, b, false));
                }
                self.sort_by_id(&mut matches);
                match matches.as_slice() {
                    [] => return Err(TargetError::Unknown(whole.to_string())),
                    [one] => *one,
                    _ => {
                        return Err(TargetError::Ambiguous {
                            prefix: whole.to_string(),
                            matches: matches
                                .iter()
                                .map(|&i| self.revs[i].revision.clone())
                                .collect(),
                        });
                    }
                }
            }
        };
        if let Some(b) = branch_rev
            && !self.shares_lineage(found, b, false)
        {
            return Err(TargetError::Unknown(whole.to_string()));
        }
        Ok(found)
    }

    /// Alembic's `_resolve_branch`: a declared label, else an id or unique prefix.
    pub(crate) fn resolve_branch(&self, label: &str) -> Result<usize, TargetError> {
        if let Some(&i) = self.labels.get(label) {
            return Ok(i);
        }
        self.resolve_in_branch(label, None, label)
            .map_err(|_| TargetError::Unknown(format!("{label}@")))
    }

    /// Alembic's `_shares_lineage`: `other` is an ancestor or a descendant of `target`
    /// (inclusive).
    pub(crate) fn shares_lineage(&self, target: usize, other: usize, deps: bool) -> bool {
        self.ancestor_set(&[target], deps).contains(&other)
            || self.descendant_set(&[target], deps).contains(&other)
    }

    /// History order, like `alembic history`: newest first, Alembic's topological walk from
    /// the heads (one branch at a time, children before parents; a merge's parents in
    /// declaration order).
    pub fn history(&self) -> Vec<&Revision> {
        let all: BTreeSet<usize> = (0..self.revs.len()).collect();
        let heads = self.real_head_idx();
        self.topo_sort(&all, &heads)
            .into_iter()
            .map(|i| &self.revs[i])
            .collect()
    }

    /// The revisions in `ids` and all their ancestors (through parents and `depends_on`).
    ///
    /// Ids are matched exactly; unknown ids are ignored. The result is in topological order.
    pub fn ancestors_of(&self, ids: &[&str]) -> Vec<&Revision> {
        let start: Vec<usize> = ids.iter().filter_map(|id| self.idx(id)).collect();
        self.ancestor_set(&start, true)
            .into_iter()
            .map(|i| &self.revs[i])
            .collect()
    }

    /// Number of revisions.
    pub fn len(&self) -> usize {
        self.revs.len()
    }

    /// True when the map holds no revision.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The revision a target text names, without its `label@` and `+N`/`-N` parts (`ae10` for
/// `feature@ae10+2`); empty for `head`, `base` and the like.
fn target_revision(target: &str) -> &str {
    let text = target.rsplit('@').next().unwrap_or(target).trim();
    let text = match text.rfind(['+', '-']) {
        Some(at) if text[at + 1..].chars().all(|c| c.is_ascii_digit()) => &text[..at],
        _ => text,
    };
    match text {
        "head" | "heads" | "base" => "",
        _ => text,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A map from `(id, parents)` pairs.
    pub(crate) fn map(spec: &[(&str, &[&str])]) -> RevisionMap {
        RevisionMap::new(spec.iter().map(|(id, p)| Revision::new(id, p)).collect())
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn ids<'a>(revs: impl IntoIterator<Item = &'a Revision>) -> Vec<&'a str> {
        revs.into_iter().map(|r| r.revision.as_str()).collect()
    }

    #[test]
    fn describe_formats() {
        let mut r = Revision::new("ae1027a6acf0", &["1975ea83b712"]);
        assert_eq!(r.describe(), "\"ae1027a6acf0\"");
        r.location = Some(Location {
            file: "src/versions/0002_add_account.rs".into(),
            line: 3,
        });
        assert_eq!(
            r.describe(),
            "\"ae1027a6acf0\" (src/versions/0002_add_account.rs:3)"
        );
        r.name = "AddAccount".into();
        assert_eq!(
            r.describe(),
            "`AddAccount` (src/versions/0002_add_account.rs:3)"
        );
        r.location = None;
        assert_eq!(r.describe(), "`AddAccount`");
    }

    #[test]
    fn new_sets_only_id_and_parents() {
        let r = Revision::new("b", &["a"]);
        assert_eq!(r.revision, "b");
        assert_eq!(r.down_revisions, vec!["a".to_string()]);
        assert!(r.depends_on.is_empty() && r.branch_labels.is_empty());
        assert!(r.message.is_empty() && r.name.is_empty() && r.location.is_none());
    }

    #[test]
    fn linear_chain() {
        let m = map(&[("c3", &["b2"]), ("a1", &[]), ("b2", &["a1"])]);
        assert_eq!(m.len(), 3);
        assert!(!m.is_empty());
        assert_eq!(ids(m.revisions()), ["a1", "b2", "c3"]);
        assert_eq!(ids(m.heads()), ["c3"]);
        assert_eq!(ids(m.bases()), ["a1"]);
        assert_eq!(ids(m.children("a1")), ["b2"]);
        assert!(m.children("c3").is_empty());
        assert!(m.children("nope").is_empty());
        assert_eq!(ids(m.history()), ["c3", "b2", "a1"]);
        assert_eq!(ids(m.ancestors_of(&["b2"])), ["a1", "b2"]);
        assert_eq!(m.get("b2").map(|r| r.revision.as_str()), Some("b2"));
        assert!(m.get("b").is_none());
    }

    #[test]
    fn empty_map() {
        let m = map(&[]);
        assert!(m.is_empty());
        assert!(m.heads().is_empty() && m.bases().is_empty() && m.history().is_empty());
    }

    #[test]
    fn fork_and_merge() {
        let m = map(&[("a", &[]), ("b", &["a"]), ("c", &["a"]), ("m", &["b", "c"])]);
        assert_eq!(ids(m.heads()), ["m"]);
        assert_eq!(ids(m.children("a")), ["b", "c"]);
        assert_eq!(ids(m.revisions()), ["a", "b", "c", "m"]);
        // As `alembic history`: a merge's parents in declaration order (checked against Alembic).
        assert_eq!(ids(m.history()), ["m", "b", "c", "a"]);
        assert_eq!(ids(m.ancestors_of(&["c"])), ["a", "c"]);
        assert_eq!(ids(m.ancestors_of(&["m"])), ["a", "b", "c", "m"]);
    }

    #[test]
    fn unmerged_heads_are_allowed_at_run_time() {
        let m = map(&[("a", &[]), ("b", &["a"]), ("c", &["a"]), ("x", &[])]);
        assert_eq!(ids(m.heads()), ["b", "c", "x"]);
        assert_eq!(ids(m.bases()), ["a", "x"]);
    }

    #[test]
    fn depends_on_orders_without_making_parents() {
        let mut c = Revision::new("c", &["b"]);
        c.depends_on = vec!["x".into()];
        let m = RevisionMap::new(vec![
            Revision::new("a", &[]),
            Revision::new("b", &["a"]),
            c,
            Revision::new("x", &[]),
        ])
        .unwrap();
        assert_eq!(ids(m.heads()), ["c", "x"]);
        assert_eq!(ids(m.real_heads()), ["c"]);
        assert!(m.children("x").is_empty());
        assert_eq!(ids(m.ancestors_of(&["c"])), ["a", "b", "x", "c"]);
        let hist = ids(m.history());
        let pos = |id: &str| hist.iter().position(|h| *h == id).unwrap();
        assert!(pos("c") < pos("x"), "{hist:?}");
    }

    #[test]
    fn resolve_ids_prefixes_and_labels() {
        let mut f = Revision::new("f00d", &["ae10"]);
        f.branch_labels = vec!["feature".into()];
        let m = RevisionMap::new(vec![
            Revision::new("ae10", &[]),
            Revision::new("ae11", &["ae10"]),
            f,
            Revision::new("f00e", &["f00d"]),
        ])
        .unwrap();
        assert_eq!(m.resolve("ae10").unwrap().revision, "ae10");
        assert_eq!(
            m.resolve("ae1").unwrap_err(),
            TargetError::Ambiguous {
                prefix: "ae1".into(),
                matches: vec!["ae10".into(), "ae11".into()],
            }
        );
        assert_eq!(m.resolve("f00e").unwrap().revision, "f00e");
        assert_eq!(
            m.resolve("a").unwrap_err(),
            TargetError::Ambiguous {
                prefix: "a".into(),
                matches: vec!["ae10".into(), "ae11".into()],
            }
        );
        assert_eq!(m.resolve("feature").unwrap().revision, "f00d");
        assert_eq!(m.resolve("feature@f00e").unwrap().revision, "f00e");
        assert_eq!(
            m.resolve("feature@ae11").unwrap_err(),
            TargetError::Unknown("feature@ae11".into())
        );
        assert_eq!(
            m.resolve("zz").unwrap_err(),
            TargetError::Unknown("zz".into())
        );
        assert_eq!(m.resolve("").unwrap_err(), TargetError::Unknown("".into()));
        assert_eq!(m.labelled("feature").unwrap().revision, "f00d");
    }

    #[test]
    fn branch_labels_are_inherited_along_the_branch() {
        // a - b - c (main) ; b - x - y, label on y
        let mut y = Revision::new("y", &["x"]);
        y.branch_labels = vec!["feat".into()];
        let m = RevisionMap::new(vec![
            Revision::new("a", &[]),
            Revision::new("b", &["a"]),
            Revision::new("c", &["b"]),
            Revision::new("x", &["b"]),
            y,
            Revision::new("z", &["y"]),
        ])
        .unwrap();
        assert_eq!(m.branch_labels("y"), ["feat"]);
        assert_eq!(m.branch_labels("z"), ["feat"]);
        assert_eq!(m.branch_labels("x"), ["feat"]);
        assert!(
            m.branch_labels("b").is_empty(),
            "the branch point keeps no label"
        );
        assert!(m.branch_labels("c").is_empty());
        assert!(m.branch_labels("nope").is_empty());
    }

    #[test]
    fn new_refuses_broken_graphs() {
        let err = RevisionMap::new(vec![Revision::new("a", &[]), Revision::new("b", &["zz"])])
            .unwrap_err();
        assert_eq!(err.problems.len(), 1);
        assert!(
            err.to_string()
                .starts_with("down_revision \"zz\" of \"b\" does not exist")
        );
        let err = RevisionMap::new(vec![Revision::new("a", &["b"]), Revision::new("b", &["a"])])
            .unwrap_err();
        assert!(err.to_string().starts_with("revision cycle:"), "{err}");
        let err =
            RevisionMap::new(vec![Revision::new("a", &[]), Revision::new("a", &[])]).unwrap_err();
        assert_eq!(err.problems.len(), 2);
    }
}
