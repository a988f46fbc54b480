//! Upgrade and downgrade plans with Alembic's exact semantics.
//!
//! A plan is computed from the current heads (the rows of the version table) and a target. Each
//! step runs one revision in one direction and says how the version table changes, exactly as
//! Alembic's `HeadMaintainer` does: a plain step updates one row; a base or a step whose parents
//! are all absent from the table inserts a row (a new branch); a merge deletes all but one of
//! its parents' rows and updates the last; downgrading a merge does the reverse; downgrading a
//! base (or a revision whose parent is still a head through another branch) deletes its row.

use std::collections::BTreeSet;

use crate::map::RevisionMap;
use crate::target::{Target, TargetError};

/// Which way a step goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Applying a revision.
    Upgrade,
    /// Reverting a revision.
    Downgrade,
}

/// One change to the version table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionOp {
    /// `INSERT INTO alembic_version (version_num) VALUES ('id')`.
    Insert(String),
    /// `DELETE FROM alembic_version WHERE version_num = 'id'`.
    Delete(String),
    /// `UPDATE alembic_version SET version_num = 'to' WHERE version_num = 'from'`.
    Update {
        /// The row's old value.
        from: String,
        /// The row's new value.
        to: String,
    },
}

/// One revision run in one direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The revision run.
    pub revision: String,
    /// Up or down.
    pub direction: Direction,
    /// The version-table changes of this step, in order.
    pub version_ops: Vec<VersionOp>,
}

impl Step {
    /// The "from -> to" label of a status line, as Alembic prints it: for an upgrade,
    /// `parent -> rev` (`<base> -> rev` for a base, `(a, b) -> rev` for a merge); for a
    /// downgrade, `rev -> parent`.
    ///
    /// The parents come from `map`; a revision `map` does not know shows as `<base>`.
    pub fn arrow(&self, map: &RevisionMap) -> String {
        let parents: Vec<&str> = map
            .get(&self.revision)
            .map(|r| r.down_revisions.iter().map(String::as_str).collect())
            .unwrap_or_default();
        let down = match parents.as_slice() {
            [] => "<base>".to_string(),
            [one] => one.to_string(),
            many => format!("({})", many.join(", ")),
        };
        match self.direction {
            Direction::Upgrade => format!("{down} -> {}", self.revision),
            Direction::Downgrade => format!("{} -> {down}", self.revision),
        }
    }
}

/// An ordered list of steps, and the heads the version table holds afterwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The steps, in the order they run.
    pub steps: Vec<Step>,
    /// The version table's rows after the last step, sorted.
    pub heads_after: Vec<String>,
}

/// How every message about a version table that contradicts the graph starts.
const INCONSISTENT: &str = "the version table is inconsistent with the revision graph";

impl RevisionMap {
    /// Plans `upgrade <target>` from `current` (the version table's rows).
    ///
    /// Fails on an unknown current revision ("can't locate revision"), an unknown or ambiguous
    /// target, `head` with several heads, a relative target past `head`, or a target that is
    /// below the current state (Alembic: "Destination … is not a valid upgrade target").
    /// A target already reached gives an empty plan, also when it is applied without being a
    /// row of the version table (a head that another branch depends on).
    ///
    /// The revisions run are the target's ancestors (through parents and `depends_on`) that
    /// are not ancestors of `current`, parents first, in Alembic's order (one branch at a time,
    /// ties broken by id).
    pub fn plan_upgrade(&self, current: &[String], target: &Target) -> Result<Plan, TargetError> {
        if let Target::Range(..) = target {
            return Err(TargetError::RangeOnline(target.to_string()));
        }
        let cur = self.current_idx(current)?;
        let targets = self.upgrade_targets(&cur, target)?;
        let required = self.ancestor_set(&targets, true);
        let reached = self.ancestor_set(&cur, true);
        let needs: BTreeSet<usize> = required.difference(&reached).copied().collect();
        // Strictly below the current state: a revision applied after it on its own branch. An
        // applied target with none (a head that another branch depends on) is already reached.
        let below = |t: usize| {
            self.descendant_set(&[t], false)
                .iter()
                .any(|&d| d != t && reached.contains(&d))
        };
        if needs.is_empty()
            && (targets.iter().any(|&t| !cur.contains(&t) && below(t))
                || (targets.is_empty() && !cur.is_empty()))
        {
            return Err(TargetError::Direction(format!(
                "Destination {target} is not a valid upgrade target from current head(s) {}: \
                 it is below them; use `downgrade {target}` to go down",
                self.ids_text(&cur)
            )));
        }
        let mut order = self.topo_sort(&needs, &targets);
        order.reverse();
        let mut heads: BTreeSet<usize> = cur.iter().copied().collect();
        let mut steps = Vec::with_capacity(order.len());
        for i in order {
            let version_ops = self.upgrade_ops(&mut heads, i)?;
            steps.push(Step {
                revision: self.rev(i).revision.clone(),
                direction: Direction::Upgrade,
                version_ops,
            });
        }
        Ok(Plan {
            steps,
            heads_after: self.sorted_ids(&heads),
        })
    }

    /// Plans `downgrade <target>` from `current`; same errors, mirrored.
    ///
    /// The revisions run are those applied (ancestors of `current`) that descend from the
    /// target's children (all bases for `base`), children first.
    pub fn plan_downgrade(&self, current: &[String], target: &Target) -> Result<Plan, TargetError> {
        if let Target::Range(..) = target {
            return Err(TargetError::RangeOnline(target.to_string()));
        }
        let cur = self.current_idx(current)?;
        let (label, dest) = self.downgrade_target(&cur, target)?;
        let mut roots: Vec<usize> = match dest {
            None => self.base_idx(),
            Some(t) => self.children_of(t).to_vec(),
        };
        if let Some(label) = &label
            && roots.len() > 1
        {
            let b = self.resolve_branch(label)?;
            let on_branch = self.ancestor_set(&[b], false);
            roots.retain(|r| on_branch.contains(r));
            if roots.is_empty() {
                return Err(TargetError::Direction(format!(
                    "Destination {target} is not a valid downgrade target from current head(s) {}",
                    self.ids_text(&cur)
                )));
            }
        }
        let active = self.ancestor_set(&cur, true);
        let drop: BTreeSet<usize> = self
            .descendant_set(&roots, true)
            .intersection(&active)
            .copied()
            .collect();
        if let Some(t) = dest
            && drop.is_empty()
            && !cur.contains(&t)
        {
            return Err(TargetError::Direction(format!(
                "Destination {target} is not a valid downgrade target from current head(s) {}: \
                 it is not below them; use `upgrade {target}` to go up",
                self.ids_text(&cur)
            )));
        }
        let order = self.topo_sort(&drop, &cur);
        let mut heads: BTreeSet<usize> = cur.iter().copied().collect();
        let mut steps = Vec::with_capacity(order.len());
        for i in order {
            let version_ops = self.downgrade_ops(&mut heads, i)?;
            steps.push(Step {
                revision: self.rev(i).revision.clone(),
                direction: Direction::Downgrade,
                version_ops,
            });
        }
        Ok(Plan {
            steps,
            heads_after: self.sorted_ids(&heads),
        })
    }

    /// `history -r start:end`: the revisions from `start` (inclusive; empty or `base` for all
    /// bases) up to `end` (inclusive; empty for `heads`), newest first, as Alembic's
    /// `walk_revisions(start, end)`.
    ///
    /// `end` takes any upgrade target, relative to `start` (`ae10:+2`). Only the descendants of
    /// `start` are listed: the ancestors `end` needs on other branches are left out. Fails when
    /// `start` is not below `end` ("does not refer to ancestor/descendant revisions"), or as
    /// target resolution does.
    pub fn history_range(
        &self,
        start: &str,
        end: &str,
    ) -> Result<Vec<&crate::map::Revision>, TargetError> {
        let start = start.trim();
        let end = end.trim();
        let lower: Vec<usize> = match start {
            "" | "base" => Vec::new(),
            s => match Target::parse(s)? {
                t @ (Target::Relative { .. } | Target::Range(..)) => {
                    return Err(TargetError::Direction(format!(
                        "the start of a history range must name a revision, not {t}; \
                         e.g. `base:{end}` or `<rev>:{end}`"
                    )));
                }
                t => self.absolute_targets(&t)?,
            },
        };
        let upper = if end.is_empty() {
            Target::Heads
        } else {
            Target::parse(end)?
        };
        if let Target::Range(..) = upper {
            return Err(TargetError::Syntax(end.to_string()));
        }
        let targets = self.upgrade_targets(&lower, &upper)?;
        let required: BTreeSet<usize> = self.ancestor_set(&targets, true);
        if lower.iter().any(|l| !required.contains(l)) {
            return Err(TargetError::Direction(format!(
                "requested range {start}:{end} does not refer to ancestor/descendant revisions \
                 along the same branch; put the older revision first"
            )));
        }
        let reached = self.ancestor_set(&lower, true);
        let mut needs: BTreeSet<usize> = required.difference(&reached).copied().collect();
        needs.extend(lower.iter().copied());
        if !lower.is_empty() {
            let below = self.descendant_set(&lower, false);
            needs.retain(|i| below.contains(i));
        }
        Ok(self
            .topo_sort(&needs, &targets)
            .into_iter()
            .map(|i| self.rev(i))
            .collect())
    }

    /// Plans `stamp <targets>`: the version-table changes that move `current` to exactly the
    /// targets' heads without running anything (steps carry the revisions stamped).
    ///
    /// As Alembic's `stamp`: for each target, the current rows on its lineage are replaced by
    /// it (one step, `Upgrade` when they are below it, `Downgrade` when above); a target on a
    /// branch with no row gets a new row; `base` deletes the rows (one `Downgrade` step per
    /// row, carrying that row's revision). No targets means `base`. Relative targets are
    /// refused.
    pub fn plan_stamp(&self, current: &[String], targets: &[Target]) -> Result<Plan, TargetError> {
        let base = [Target::Base];
        let targets = if targets.is_empty() {
            &base[..]
        } else {
            targets
        };
        for t in targets {
            match t {
                Target::Range(..) => return Err(TargetError::RangeOnline(t.to_string())),
                Target::Relative { .. } => {
                    return Err(TargetError::Direction(format!(
                        "stamp needs an absolute target, not the relative {:?}; name the revision",
                        t.to_string()
                    )));
                }
                _ => {}
            }
        }
        let cur = self.current_rows(current)?;
        // The current rows on each target's lineage.
        let mut filtered: Vec<usize> = Vec::new();
        for t in targets {
            let shares = self.lineage_anchors(t)?;
            for &h in &cur {
                let related = shares.is_empty() || {
                    let around: BTreeSet<usize> = self
                        .ancestor_set(&[h], true)
                        .union(&self.descendant_set(&[h], true))
                        .copied()
                        .collect();
                    shares.iter().any(|s| around.contains(s))
                };
                if related && !filtered.contains(&h) {
                    filtered.push(h);
                }
            }
        }
        let mut dests: Vec<Option<usize>> = Vec::new();
        for t in targets {
            dests.extend(self.absolute_targets(t)?.into_iter().map(Some));
        }
        if dests.is_empty() {
            dests.push(None);
        }
        let mut heads: BTreeSet<usize> = cur.iter().copied().collect();
        let mut steps = Vec::new();
        for dest in dests {
            let Some(d) = dest else {
                for &h in &filtered {
                    let ops = vec![self.delete(&mut heads, h)?];
                    steps.push(self.stamp_step(h, Direction::Downgrade, ops));
                }
                continue;
            };
            if filtered.contains(&d) {
                continue;
            }
            let below = self.descendant_set(&[d], true);
            let above = self.ancestor_set(&[d], true);
            let (direction, branch_move) = if filtered.iter().any(|h| below.contains(h)) {
                (Direction::Downgrade, false)
            } else if filtered.iter().any(|h| above.contains(h)) {
                (Direction::Upgrade, false)
            } else {
                (Direction::Upgrade, true)
            };
            let from: &[usize] = if branch_move { &[] } else { &filtered };
            let mut ops = Vec::new();
            let creates = direction == Direction::Upgrade
                && (branch_move || from.iter().any(|f| !heads.contains(f)))
                && !heads.contains(&d);
            if creates {
                ops.push(self.insert(&mut heads, d)?);
            } else if let Some((last, rest)) = from.split_last() {
                for &f in rest {
                    ops.push(self.delete(&mut heads, f)?);
                }
                ops.push(self.update(&mut heads, *last, d)?);
            } else {
                return Err(self.inconsistent(&format!(
                    "cannot stamp {} over the current rows",
                    self.rev(d).revision
                )));
            }
            steps.push(self.stamp_step(d, direction, ops));
        }
        Ok(Plan {
            steps,
            heads_after: self.sorted_ids(&heads),
        })
    }

    fn stamp_step(&self, i: usize, direction: Direction, version_ops: Vec<VersionOp>) -> Step {
        Step {
            revision: self.rev(i).revision.clone(),
            direction,
            version_ops,
        }
    }

    /// The current rows as indexes, deduplicated; every row must be a known id.
    /// The rows, as indexes; every row must name a known revision.
    fn current_rows(&self, current: &[String]) -> Result<Vec<usize>, TargetError> {
        let mut out = Vec::new();
        for c in current {
            let i = self.idx(c).ok_or_else(|| TargetError::Unknown(c.clone()))?;
            if !out.contains(&i) {
                out.push(i);
            }
        }
        Ok(out)
    }

    /// [`Self::current_rows`], refusing a table where one row is below another (only `stamp`
    /// accepts such a table: it is how to repair it).
    fn current_idx(&self, current: &[String]) -> Result<Vec<usize>, TargetError> {
        let out = self.current_rows(current)?;
        let below = |a: usize, b: usize| a != b && self.ancestor_set(&[b], true).contains(&a);
        for &a in &out {
            for &b in &out {
                if below(a, b) {
                    // The rows to keep: those no other row descends from. `--purge` replaces
                    // the table's rows with exactly these, without running anything.
                    let keep: Vec<usize> = out
                        .iter()
                        .copied()
                        .filter(|&k| !out.iter().any(|&o| below(k, o)))
                        .collect();
                    return Err(TargetError::Direction(format!(
                        "{INCONSISTENT}: row {} is an ancestor of row {}; repair it with \
                         `cargo migrate stamp --purge {}`",
                        self.rev(a).revision,
                        self.rev(b).revision,
                        self.sorted_ids(&keep).join(" ")
                    )));
                }
            }
        }
        Ok(out)
    }

    fn inconsistent(&self, what: &str) -> TargetError {
        TargetError::Direction(format!(
            "{INCONSISTENT}: {what}; fix it with `cargo migrate stamp`"
        ))
    }

    fn sorted_ids<'a>(&self, set: impl IntoIterator<Item = &'a usize>) -> Vec<String> {
        let mut v: Vec<String> = set
            .into_iter()
            .map(|&i| self.rev(i).revision.clone())
            .collect();
        v.sort();
        v
    }

    fn ids_text(&self, v: &[usize]) -> String {
        if v.is_empty() {
            return "<base>".to_string();
        }
        self.sorted_ids(v).join(", ")
    }

    fn multiple_heads(&self, v: &[usize]) -> TargetError {
        TargetError::MultipleHeads(v.iter().map(|&i| self.rev(i).revision.clone()).collect())
    }

    /// The heads on the lineage of branch `label` (`label@head`); at most one.
    fn label_head(&self, label: &str) -> Result<Option<usize>, TargetError> {
        let b = self.resolve_branch(label)?;
        let heads: Vec<usize> = self
            .head_idx()
            .into_iter()
            .filter(|&h| self.shares_lineage(h, b, false))
            .collect();
        match heads.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(*one)),
            _ => Err(self.multiple_heads(&heads)),
        }
    }

    /// A non-relative target as revisions (empty for base).
    fn absolute_targets(&self, t: &Target) -> Result<Vec<usize>, TargetError> {
        match t {
            Target::Head => {
                let heads = self.head_idx();
                if heads.len() > 1 {
                    return Err(self.multiple_heads(&heads));
                }
                Ok(heads)
            }
            Target::Heads => Ok(self.real_head_idx()),
            Target::Base | Target::LabelBase(_) => Ok(Vec::new()),
            Target::Revision(s) => Ok(vec![self.resolve_idx(s)?]),
            Target::LabelHead(l) => Ok(self.label_head(l)?.into_iter().collect()),
            Target::Relative { .. } | Target::Range(..) => Err(TargetError::Syntax(t.to_string())),
        }
    }

    /// What a stamp target's lineage is checked against (Alembic's `filter_for_lineage` with
    /// the target as `check_against`); empty means every row.
    fn lineage_anchors(&self, t: &Target) -> Result<Vec<usize>, TargetError> {
        Ok(match t {
            Target::Base => Vec::new(),
            Target::LabelBase(l) => vec![self.resolve_branch(l)?],
            Target::LabelHead(l) => {
                let mut v = vec![self.resolve_branch(l)?];
                v.extend(self.label_head(l)?);
                v
            }
            Target::Revision(s) => match s.split_once('@') {
                Some((l, rest)) => vec![
                    self.resolve_branch(l)?,
                    self.resolve_in_branch(rest, Some(l), s)?,
                ],
                None => vec![self.resolve_idx(s)?],
            },
            _ => self.absolute_targets(t)?,
        })
    }

    /// A symbol of a relative target (`rev` in `rev+N`), optionally on a branch; `Nothing`
    /// for base.
    fn symbol(&self, label: Option<&str>, sym: &str) -> Result<Pos, TargetError> {
        let one = |v: Vec<usize>| match v.as_slice() {
            [] => Ok(Pos::Nothing),
            [x] => Ok(Pos::Rev(*x)),
            _ => Err(self.multiple_heads(&v)),
        };
        match (sym, label) {
            ("base", _) => Ok(Pos::Nothing),
            ("head", None) => one(self.head_idx()),
            ("heads", None) => one(self.real_head_idx()),
            ("head" | "heads", Some(l)) => Ok(self.label_head(l)?.map_or(Pos::Nothing, Pos::Rev)),
            (_, None) => Ok(Pos::Rev(self.resolve_idx(sym)?)),
            (_, Some(l)) => {
                let whole = format!("{l}@{sym}");
                Ok(Pos::Rev(self.resolve_in_branch(sym, Some(l), &whole)?))
            }
        }
    }

    /// Alembic's `_walk`: `steps` up (positive) or down (negative), staying on `branch` when
    /// walking up.
    fn walk(
        &self,
        target: &Target,
        start: Pos,
        steps: i64,
        branch: Option<usize>,
    ) -> Result<Pos, TargetError> {
        let total = steps.unsigned_abs();
        let mut cur = start;
        let mut taken: u64 = 0;
        while taken < total {
            let next: Vec<Pos> = if steps > 0 {
                let mut up: Vec<usize> = match cur {
                    Pos::Rev(i) => self.children_of(i).to_vec(),
                    _ => self.base_idx(),
                };
                if let Some(b) = branch {
                    up.retain(|&c| self.shares_lineage(c, b, false));
                }
                up.into_iter().map(Pos::Rev).collect()
            } else {
                match cur {
                    Pos::Base => Vec::new(),
                    Pos::Nothing => self.head_idx().into_iter().map(Pos::Rev).collect(),
                    Pos::Rev(i) if self.parents_of(i).is_empty() => vec![Pos::Base],
                    Pos::Rev(i) => self.parents_of(i).iter().map(|&p| Pos::Rev(p)).collect(),
                }
            };
            match next.as_slice() {
                [] => {
                    return Err(TargetError::OutOfRange {
                        target: target.to_string(),
                        steps: i64::try_from(total - taken).unwrap_or(i64::MAX),
                        end: if steps > 0 { "head" } else { "base" },
                    });
                }
                [one] => cur = *one,
                many => {
                    let ids: Vec<usize> = many
                        .iter()
                        .filter_map(|p| match *p {
                            Pos::Rev(i) => Some(i),
                            _ => None,
                        })
                        .collect();
                    let at = match cur {
                        Pos::Rev(i) if steps > 0 => {
                            format!("revision {} has several children", self.rev(i).revision)
                        }
                        Pos::Rev(i) => format!("revision {} is a merge", self.rev(i).revision),
                        _ if steps > 0 => "there are several bases".to_string(),
                        _ => "there are several heads".to_string(),
                    };
                    let forms = |command: &str| -> String {
                        self.sorted_ids(&ids)
                            .iter()
                            .map(|id| format!("`{command} {id}`"))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    };
                    let hint = match cur {
                        // Going down to one parent of a merge reverts the merge and keeps the
                        // other parents applied.
                        Pos::Rev(_) if steps < 0 => format!(
                            "go down to one of its parents instead: {} (each reverts the merge \
                             alone), then further from there",
                            forms("downgrade")
                        ),
                        _ if steps < 0 => {
                            format!("name the branch to go down instead: {}", forms("downgrade"))
                        }
                        _ => format!(
                            "name the branch (label@+N) or a revision instead: {}",
                            forms("upgrade")
                        ),
                    };
                    return Err(TargetError::Direction(format!(
                        "relative target {target} is ambiguous: {at} ({}); {hint}",
                        self.ids_text(&ids)
                    )));
                }
            }
            taken += 1;
        }
        Ok(cur)
    }

    /// Alembic's `_parse_upgrade_target`, as revisions.
    fn upgrade_targets(&self, cur: &[usize], target: &Target) -> Result<Vec<usize>, TargetError> {
        let Target::Relative { anchor, steps } = target else {
            return self.absolute_targets(target);
        };
        let (label, sym) = split_anchor(anchor.as_deref());
        let branch = match label {
            Some(l) => Some(self.resolve_branch(l)?),
            None => None,
        };
        let pos = if *steps > 0 {
            match sym {
                None => {
                    let mut start: Vec<Pos> = cur.iter().map(|&c| Pos::Rev(c)).collect();
                    if let Some(b) = branch {
                        let on: Vec<usize> = cur
                            .iter()
                            .copied()
                            .filter(|&c| self.shares_lineage(c, b, false))
                            .collect();
                        start = if on.is_empty() {
                            // Back down to the tip of what is applied on this branch.
                            let active: Vec<usize> = self
                                .ancestor_set(cur, true)
                                .into_iter()
                                .filter(|&a| self.shares_lineage(a, b, false))
                                .collect();
                            let below: BTreeSet<usize> = active
                                .iter()
                                .flat_map(|&a| self.normalized_down_of(a).iter().copied())
                                .collect();
                            active
                                .into_iter()
                                .filter(|a| !below.contains(a))
                                .map(Pos::Rev)
                                .collect()
                        } else {
                            on.into_iter().map(Pos::Rev).collect()
                        };
                    }
                    if start.is_empty() {
                        start.push(Pos::Nothing);
                    }
                    if start.len() > 1 {
                        return Err(TargetError::Direction(format!(
                            "relative target {target} is ambiguous from several current heads \
                             ({}); name the branch (label@+N) or a revision (rev+N) instead",
                            self.ids_text(cur)
                        )));
                    }
                    self.walk(target, start[0], *steps, branch)?
                }
                Some(s) => {
                    let start = self.symbol(None, s)?;
                    self.walk(target, start, *steps, branch)?
                }
            }
        } else {
            match sym {
                None => {
                    return Err(TargetError::Direction(format!(
                        "relative target {target} does not go up; use `downgrade {target}` \
                         to go down, or a positive step count"
                    )));
                }
                Some(s) => {
                    let start = self.symbol(label, s)?;
                    self.walk(target, start, *steps, None)?
                }
            }
        };
        Ok(match pos {
            Pos::Rev(i) => vec![i],
            Pos::Base | Pos::Nothing => Vec::new(),
        })
    }

    /// Alembic's `_parse_downgrade_target`: the branch label in force and the destination
    /// (`None` for base).
    fn downgrade_target(
        &self,
        cur: &[usize],
        target: &Target,
    ) -> Result<(Option<String>, Option<usize>), TargetError> {
        let from_pos = |p: Pos| match p {
            Pos::Rev(i) => Some(i),
            Pos::Base | Pos::Nothing => None,
        };
        match target {
            Target::Relative { anchor, steps } => {
                let (label, sym) = split_anchor(anchor.as_deref());
                if *steps >= 0 {
                    let Some(s) = sym else {
                        return Err(TargetError::Direction(format!(
                            "relative target {target} does not go down; use `upgrade {target}` \
                             to go up, or a negative step count"
                        )));
                    };
                    let branch = match label {
                        Some(l) => Some(self.resolve_branch(l)?),
                        None => None,
                    };
                    let start = self.symbol(None, s)?;
                    let pos = self.walk(target, start, *steps, branch)?;
                    return Ok((label.map(str::to_string), from_pos(pos)));
                }
                let (label, start) = match (label, sym) {
                    (Some(l), None) => {
                        let b = self.resolve_branch(l)?;
                        let mut on: Vec<usize> = cur
                            .iter()
                            .copied()
                            .filter(|&c| self.shares_lineage(c, b, false))
                            .collect();
                        if on.is_empty() {
                            // Every revision applied, reduced to the tips of their branches.
                            let all = self.ancestor_set(cur, true);
                            on = all
                                .iter()
                                .copied()
                                .filter(|&a| {
                                    !self
                                        .descendant_set(&[a], false)
                                        .iter()
                                        .any(|d| *d != a && all.contains(d))
                                })
                                .filter(|&a| self.shares_lineage(a, b, false))
                                .collect();
                        }
                        if on.len() != 1 {
                            return Err(TargetError::Direction(format!(
                                "relative target {target} needs exactly one current revision \
                                 on branch {l:?}, found {}",
                                if on.is_empty() {
                                    "none".to_string()
                                } else {
                                    self.ids_text(&on)
                                }
                            )));
                        }
                        (Some(l.to_string()), Pos::Rev(on[0]))
                    }
                    (None, None) => match cur {
                        [] => {
                            return Err(TargetError::OutOfRange {
                                target: target.to_string(),
                                steps: steps.checked_abs().unwrap_or(i64::MAX),
                                end: "base",
                            });
                        }
                        [one] => (Some(self.rev(*one).revision.clone()), Pos::Rev(*one)),
                        _ => {
                            // `<head>@-N` walks down from the current revision on that head's
                            // branch only (Alembic's relative-to-a-branch syntax).
                            let forms: Vec<String> = self
                                .sorted_ids(cur)
                                .iter()
                                .map(|h| format!("`{h}@{steps}`"))
                                .collect();
                            return Err(TargetError::Direction(format!(
                                "relative target {target} is ambiguous from several current \
                                 heads ({}); name the branch to go down: {} (or \
                                 label@{steps} for a branch label)",
                                self.ids_text(cur),
                                forms.join(" or ")
                            )));
                        }
                    },
                    (l, Some(s)) => (l.map(str::to_string), self.symbol(l, s)?),
                };
                let pos = self.walk(target, start, *steps, None)?;
                Ok((label, from_pos(pos)))
            }
            Target::Base => Ok((None, None)),
            Target::LabelBase(l) => {
                self.resolve_branch(l)?;
                Ok((Some(l.clone()), None))
            }
            Target::LabelHead(l) => Ok((Some(l.clone()), self.label_head(l)?)),
            Target::Head => Ok((None, from_pos(self.symbol(None, "head")?))),
            Target::Heads => Ok((None, from_pos(self.symbol(None, "heads")?))),
            Target::Revision(s) => match s.split_once('@') {
                Some((l, rest)) => Ok((
                    Some(l.to_string()),
                    Some(self.resolve_in_branch(rest, Some(l), s)?),
                )),
                None => Ok((None, Some(self.resolve_idx(s)?))),
            },
            Target::Range(..) => Err(TargetError::RangeOnline(target.to_string())),
        }
    }

    /// Alembic's `_topological_sort`: `revisions` from `heads` downwards (children before
    /// parents), finishing one branch before the next; ties by id.
    pub(crate) fn topo_sort(&self, revisions: &BTreeSet<usize>, heads: &[usize]) -> Vec<usize> {
        let mut todo = revisions.clone();
        let mut current: Vec<usize> = Vec::new();
        for &h in heads {
            if todo.contains(&h) && !current.contains(&h) {
                current.push(h);
            }
        }
        self.sort_by_id(&mut current);
        // Each walker's ancestor set, computed only while several walkers are live: on a
        // linear stretch there is no other head to wait for, and recomputing the set at every
        // step made the sort quadratic.
        let mut ancestors: Vec<Option<BTreeSet<usize>>> = vec![None; current.len()];
        let mut output = Vec::with_capacity(todo.len());
        let mut idx = 0usize;
        let limit = (revisions.len() + 2)
            .saturating_mul(revisions.len() + 2)
            .saturating_mul(4);
        let mut rounds = 0usize;
        while !current.is_empty() && rounds < limit {
            rounds += 1;
            idx = idx.min(current.len() - 1);
            let candidate = current[idx];
            if current.len() > 1 {
                for (k, anc) in ancestors.iter_mut().enumerate() {
                    if anc.is_none() {
                        *anc = Some(self.ancestor_set(&[current[k]], true));
                    }
                }
                if let Some(k) = ancestors.iter().enumerate().position(|(k, anc)| {
                    k != idx && anc.as_ref().is_some_and(|a| a.contains(&candidate))
                }) {
                    // Another head needs this one: walk that one down first.
                    idx = k;
                    continue;
                }
            }
            if todo.remove(&candidate) {
                output.push(candidate);
            }
            let add: Vec<usize> = self
                .normalized_down_of(candidate)
                .iter()
                .copied()
                .filter(|r| todo.contains(r) && !current.contains(r))
                .collect();
            match add.split_first() {
                None => {
                    current.remove(idx);
                    ancestors.remove(idx);
                    idx = idx.saturating_sub(1);
                }
                Some((first, rest)) => {
                    current[idx] = *first;
                    ancestors[idx] = None;
                    for &r in rest {
                        current.push(r);
                        ancestors.push(None);
                    }
                }
            }
        }
        // Anything not reached from the heads (never on a sound graph): newest first.
        if !todo.is_empty() {
            let mut rest: Vec<usize> = todo.into_iter().collect();
            rest.reverse();
            output.extend(rest);
        }
        output
    }

    fn insert(&self, heads: &mut BTreeSet<usize>, i: usize) -> Result<VersionOp, TargetError> {
        if !heads.insert(i) {
            return Err(self.inconsistent(&format!("{} is already a row", self.rev(i).revision)));
        }
        Ok(VersionOp::Insert(self.rev(i).revision.clone()))
    }

    fn delete(&self, heads: &mut BTreeSet<usize>, i: usize) -> Result<VersionOp, TargetError> {
        if !heads.remove(&i) {
            return Err(self.inconsistent(&format!("{} is not a row", self.rev(i).revision)));
        }
        Ok(VersionOp::Delete(self.rev(i).revision.clone()))
    }

    fn update(
        &self,
        heads: &mut BTreeSet<usize>,
        from: usize,
        to: usize,
    ) -> Result<VersionOp, TargetError> {
        if heads.contains(&to) {
            return Err(self.inconsistent(&format!("{} is already a row", self.rev(to).revision)));
        }
        if !heads.remove(&from) {
            return Err(self.inconsistent(&format!("{} is not a row", self.rev(from).revision)));
        }
        heads.insert(to);
        Ok(VersionOp::Update {
            from: self.rev(from).revision.clone(),
            to: self.rev(to).revision.clone(),
        })
    }

    /// Alembic's `HeadMaintainer.update_to_step` for an upgrade of `i`.
    fn upgrade_ops(
        &self,
        heads: &mut BTreeSet<usize>,
        i: usize,
    ) -> Result<Vec<VersionOp>, TargetError> {
        let down = self.normalized_down_of(i);
        let present: Vec<usize> = down.iter().copied().filter(|d| heads.contains(d)).collect();
        if present.is_empty() {
            // A base, or none of its parents is a row: a new branch.
            return Ok(vec![self.insert(heads, i)?]);
        }
        if down.len() > 1 && present.len() > 1 {
            // A merge: delete all parents' rows but one, update the last.
            let others: Vec<usize> = heads
                .iter()
                .copied()
                .filter(|h| !down.contains(h))
                .collect();
            let mut from: Vec<usize> = if others.is_empty() {
                down.to_vec()
            } else {
                let anc = self.ancestor_set(&others, true);
                down.iter().copied().filter(|d| !anc.contains(d)).collect()
            };
            from.retain(|f| heads.contains(f));
            let Some((last, rest)) = from.split_last() else {
                return Err(self.inconsistent("a merge found none of its parents"));
            };
            let (last, rest) = (*last, rest.to_vec());
            let mut ops = Vec::new();
            for f in rest {
                ops.push(self.delete(heads, f)?);
            }
            ops.push(self.update(heads, last, i)?);
            return Ok(ops);
        }
        Ok(vec![self.update(heads, present[0], i)?])
    }

    /// Alembic's `HeadMaintainer.update_to_step` for a downgrade of `i`.
    fn downgrade_ops(
        &self,
        heads: &mut BTreeSet<usize>,
        i: usize,
    ) -> Result<Vec<VersionOp>, TargetError> {
        if !heads.contains(&i) {
            return Err(self.inconsistent(&format!(
                "{} is not a row when it is downgraded",
                self.rev(i).revision
            )));
        }
        let down = self.normalized_down_of(i).to_vec();
        if down.is_empty() {
            return Ok(vec![self.delete(heads, i)?]);
        }
        // What the row becomes: the parents not already implied by another row.
        let others: Vec<usize> = heads.iter().copied().filter(|&h| h != i).collect();
        if others.is_empty() && down.len() == 1 {
            // One row, one parent: nothing can imply it (the graph has no cycle). Computing
            // the parent's ancestors at each step made a full downgrade quadratic.
            return Ok(vec![self.update(heads, i, down[0])?]);
        }
        let implied: BTreeSet<usize> = if others.is_empty() {
            down.iter()
                .flat_map(|&t| {
                    self.ancestor_set(&[t], true)
                        .into_iter()
                        .filter(move |&a| a != t)
                })
                .collect()
        } else {
            self.ancestor_set(&others, true)
        };
        let to: Vec<usize> = down
            .iter()
            .copied()
            .filter(|d| !implied.contains(d))
            .collect();
        let Some((last, rest)) = to.split_last() else {
            return Ok(vec![self.delete(heads, i)?]);
        };
        if down.len() > 1 {
            let mut ops = Vec::new();
            for &r in rest {
                ops.push(self.insert(heads, r)?);
            }
            ops.push(self.update(heads, i, *last)?);
            return Ok(ops);
        }
        Ok(vec![self.update(heads, i, down[0])?])
    }
}

/// Where a walk stands (Alembic's `None`, `"base"` or a revision).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pos {
    /// Python's `None`: below the bases when walking up, "the heads" when walking down.
    Nothing,
    /// `"base"`: walked down past a base.
    Base,
    /// A revision.
    Rev(usize),
}

/// Splits a relative target's anchor into (branch label, symbol): `"x@"` → (x, none),
/// `"x@rev"` → (x, rev), `"rev"` → (none, rev).
fn split_anchor(anchor: Option<&str>) -> (Option<&str>, Option<&str>) {
    match anchor {
        None => (None, None),
        Some(a) => match a.split_once('@') {
            Some((l, "")) => (Some(l), None),
            Some((l, s)) => (Some(l), Some(s)),
            None => (None, Some(a)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::Revision;
    use crate::map::tests::map;

    fn t(s: &str) -> Target {
        Target::parse(s).unwrap()
    }

    fn cur(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    fn ins(id: &str) -> VersionOp {
        VersionOp::Insert(id.into())
    }

    fn del(id: &str) -> VersionOp {
        VersionOp::Delete(id.into())
    }

    fn upd(from: &str, to: &str) -> VersionOp {
        VersionOp::Update {
            from: from.into(),
            to: to.into(),
        }
    }

    /// (revision, ops) of every step.
    fn steps(plan: &Plan) -> Vec<(&str, Vec<VersionOp>)> {
        plan.steps
            .iter()
            .map(|s| (s.revision.as_str(), s.version_ops.clone()))
            .collect()
    }

    fn order(plan: &Plan) -> Vec<&str> {
        plan.steps.iter().map(|s| s.revision.as_str()).collect()
    }

    fn linear() -> RevisionMap {
        map(&[
            ("1975ea83b712", &[]),
            ("ae1027a6acf0", &["1975ea83b712"]),
            ("3512b954651e", &["ae1027a6acf0"]),
        ])
    }

    fn fork_merge() -> RevisionMap {
        map(&[("a", &[]), ("b", &["a"]), ("c", &["a"]), ("m", &["b", "c"])])
    }

    #[test]
    fn linear_upgrade_from_base() {
        let m = linear();
        let p = m.plan_upgrade(&[], &Target::Head).unwrap();
        assert_eq!(
            steps(&p),
            [
                ("1975ea83b712", vec![ins("1975ea83b712")]),
                ("ae1027a6acf0", vec![upd("1975ea83b712", "ae1027a6acf0")]),
                ("3512b954651e", vec![upd("ae1027a6acf0", "3512b954651e")]),
            ]
        );
        assert!(p.steps.iter().all(|s| s.direction == Direction::Upgrade));
        assert_eq!(p.heads_after, ["3512b954651e"]);
        assert_eq!(m.plan_upgrade(&[], &Target::Heads).unwrap(), p);
    }

    #[test]
    fn upgrade_relative_and_prefix() {
        let m = linear();
        let p = m.plan_upgrade(&cur(&["1975ea83b712"]), &t("+1")).unwrap();
        assert_eq!(order(&p), ["ae1027a6acf0"]);
        let p = m.plan_upgrade(&[], &t("+2")).unwrap();
        assert_eq!(order(&p), ["1975ea83b712", "ae1027a6acf0"]);
        assert_eq!(p.heads_after, ["ae1027a6acf0"]);
        let p = m.plan_upgrade(&[], &t("ae10")).unwrap();
        assert_eq!(p.heads_after, ["ae1027a6acf0"]);
        let p = m.plan_upgrade(&[], &t("1975ea83b712+2")).unwrap();
        assert_eq!(p.heads_after, ["3512b954651e"]);
        let p = m.plan_upgrade(&[], &t("head-1")).unwrap();
        assert_eq!(p.heads_after, ["ae1027a6acf0"]);
    }

    #[test]
    fn upgrade_errors() {
        let m = linear();
        let head = cur(&["3512b954651e"]);
        assert_eq!(
            m.plan_upgrade(&head, &t("+1")).unwrap_err(),
            TargetError::OutOfRange {
                target: "+1".into(),
                steps: 1,
                end: "head"
            }
        );
        assert_eq!(
            m.plan_upgrade(&[], &t("+5")).unwrap_err(),
            TargetError::OutOfRange {
                target: "+5".into(),
                steps: 2,
                end: "head"
            }
        );
        let below = m.plan_upgrade(&head, &t("1975")).unwrap_err();
        assert!(
            matches!(&below, TargetError::Direction(msg) if msg.starts_with(
                "Destination 1975 is not a valid upgrade target from current head(s) 3512b954651e"
            )),
            "{below}"
        );
        assert!(matches!(
            m.plan_upgrade(&head, &t("-1")),
            Err(TargetError::Direction(_))
        ));
        assert_eq!(
            m.plan_upgrade(&cur(&["deadbeef"]), &Target::Head)
                .unwrap_err(),
            TargetError::Unknown("deadbeef".into())
        );
        assert_eq!(
            m.plan_upgrade(&[], &t("zzzz")).unwrap_err(),
            TargetError::Unknown("zzzz".into())
        );
        assert_eq!(
            m.plan_upgrade(&[], &t("base:head")).unwrap_err(),
            TargetError::RangeOnline("base:head".into())
        );
    }

    #[test]
    fn already_there_is_an_empty_plan() {
        let m = linear();
        let head = cur(&["3512b954651e"]);
        let p = m.plan_upgrade(&head, &Target::Head).unwrap();
        assert!(p.steps.is_empty());
        assert_eq!(p.heads_after, head);
        let p = m.plan_downgrade(&head, &t("3512")).unwrap();
        assert!(p.steps.is_empty());
        let p = m.plan_upgrade(&[], &Target::Base).unwrap();
        assert!(p.steps.is_empty() && p.heads_after.is_empty());
    }

    #[test]
    fn linear_downgrade() {
        let m = linear();
        let head = cur(&["3512b954651e"]);
        let p = m.plan_downgrade(&head, &t("-1")).unwrap();
        assert_eq!(
            steps(&p),
            [("3512b954651e", vec![upd("3512b954651e", "ae1027a6acf0")])]
        );
        assert_eq!(p.steps[0].direction, Direction::Downgrade);
        let p = m.plan_downgrade(&head, &t("-2")).unwrap();
        assert_eq!(order(&p), ["3512b954651e", "ae1027a6acf0"]);
        assert_eq!(p.heads_after, ["1975ea83b712"]);
        let p = m.plan_downgrade(&head, &Target::Base).unwrap();
        assert_eq!(
            steps(&p),
            [
                ("3512b954651e", vec![upd("3512b954651e", "ae1027a6acf0")]),
                ("ae1027a6acf0", vec![upd("ae1027a6acf0", "1975ea83b712")]),
                ("1975ea83b712", vec![del("1975ea83b712")]),
            ]
        );
        assert!(p.heads_after.is_empty());
        assert_eq!(m.plan_downgrade(&head, &t("-3")).unwrap(), p);
        assert_eq!(
            m.plan_downgrade(&head, &t("-4")).unwrap_err(),
            TargetError::OutOfRange {
                target: "-4".into(),
                steps: 1,
                end: "base"
            }
        );
        let p = m.plan_downgrade(&head, &t("1975")).unwrap();
        assert_eq!(p.heads_after, ["1975ea83b712"]);
        let p = m.plan_downgrade(&head, &t("3512b954651e-1")).unwrap();
        assert_eq!(p.heads_after, ["ae1027a6acf0"]);
    }

    #[test]
    fn downgrade_errors() {
        let m = linear();
        let mid = cur(&["ae1027a6acf0"]);
        let above = m.plan_downgrade(&mid, &t("3512")).unwrap_err();
        assert!(
            matches!(&above, TargetError::Direction(msg) if msg.starts_with(
                "Destination 3512 is not a valid downgrade target from current head(s) ae1027a6acf0"
            )),
            "{above}"
        );
        assert!(matches!(
            m.plan_downgrade(&mid, &t("+1")),
            Err(TargetError::Direction(_))
        ));
        assert_eq!(
            m.plan_downgrade(&[], &t("-1")).unwrap_err(),
            TargetError::OutOfRange {
                target: "-1".into(),
                steps: 1,
                end: "base"
            }
        );
    }

    #[test]
    fn branch_point_inserts_a_row_and_merge_deletes_and_updates() {
        let m = fork_merge();
        let p = m.plan_upgrade(&[], &Target::Head).unwrap();
        // Alembic's order: one branch at a time.
        assert_eq!(
            steps(&p),
            [
                ("a", vec![ins("a")]),
                ("c", vec![upd("a", "c")]),
                ("b", vec![ins("b")]),
                ("m", vec![del("b"), upd("c", "m")]),
            ]
        );
        assert_eq!(p.heads_after, ["m"]);
        // From one side of the fork: the other side is a new row.
        let p = m.plan_upgrade(&cur(&["b"]), &t("c")).unwrap();
        assert_eq!(steps(&p), [("c", vec![ins("c")])]);
        assert_eq!(p.heads_after, ["b", "c"]);
    }

    #[test]
    fn downgrade_of_a_merge_unmerges() {
        let m = fork_merge();
        let p = m.plan_downgrade(&cur(&["m"]), &t("b")).unwrap();
        assert_eq!(steps(&p), [("m", vec![ins("b"), upd("m", "c")])]);
        assert_eq!(p.heads_after, ["b", "c"]);
        let p = m.plan_downgrade(&cur(&["m"]), &t("a")).unwrap();
        assert_eq!(
            steps(&p),
            [
                ("m", vec![ins("b"), upd("m", "c")]),
                ("b", vec![del("b")]),
                ("c", vec![upd("c", "a")]),
            ]
        );
        assert_eq!(p.heads_after, ["a"]);
        assert!(matches!(
            m.plan_downgrade(&cur(&["m"]), &t("-2")),
            Err(TargetError::Direction(_))
        ));
    }

    #[test]
    fn two_heads() {
        let m = map(&[("a", &[]), ("b", &["a"]), ("c", &["a"])]);
        assert_eq!(
            m.plan_upgrade(&[], &Target::Head).unwrap_err(),
            TargetError::MultipleHeads(vec!["b".into(), "c".into()])
        );
        let p = m.plan_upgrade(&[], &Target::Heads).unwrap();
        assert_eq!(
            steps(&p),
            [
                ("a", vec![ins("a")]),
                ("c", vec![upd("a", "c")]),
                ("b", vec![ins("b")])
            ]
        );
        let both = cur(&["b", "c"]);
        let p = m.plan_downgrade(&both, &Target::Base).unwrap();
        assert_eq!(
            steps(&p),
            [
                ("b", vec![del("b")]),
                ("c", vec![upd("c", "a")]),
                ("a", vec![del("a")]),
            ]
        );
        // As in Alembic, `b-1` means "down to a", which drops both branches above a.
        let p = m.plan_downgrade(&both, &t("b-1")).unwrap();
        assert_eq!(
            steps(&p),
            [("b", vec![del("b")]), ("c", vec![upd("c", "a")])]
        );
        assert_eq!(p.heads_after, ["a"]);
        assert!(matches!(
            m.plan_downgrade(&both, &t("-1")),
            Err(TargetError::Direction(_))
        ));
        assert!(matches!(
            m.plan_upgrade(&cur(&["a"]), &t("+1")),
            Err(TargetError::Direction(_))
        ));
    }

    #[test]
    fn branch_labels_in_targets() {
        // a - b (main) ; x - y (label "other", a second root)
        let mut x = Revision::new("x", &[]);
        x.branch_labels = vec!["other".into()];
        let mut b = Revision::new("b", &["a"]);
        b.branch_labels = vec!["main".into()];
        let m = RevisionMap::new(vec![
            Revision::new("a", &[]),
            b,
            x,
            Revision::new("y", &["x"]),
        ])
        .unwrap();
        let p = m.plan_upgrade(&[], &t("other@head")).unwrap();
        assert_eq!(order(&p), ["x", "y"]);
        let p = m.plan_upgrade(&cur(&["b"]), &t("other@+1")).unwrap();
        assert_eq!(steps(&p), [("x", vec![ins("x")])]);
        assert_eq!(p.heads_after, ["b", "x"]);
        let both = cur(&["b", "y"]);
        let p = m.plan_downgrade(&both, &t("other@base")).unwrap();
        assert_eq!(order(&p), ["y", "x"]);
        assert_eq!(p.heads_after, ["b"]);
        let p = m.plan_downgrade(&both, &t("other@-1")).unwrap();
        assert_eq!(steps(&p), [("y", vec![upd("y", "x")])]);
        let p = m.plan_upgrade(&[], &t("other")).unwrap();
        assert_eq!(
            p.heads_after,
            ["x"],
            "a label names the revision that declares it"
        );
    }

    #[test]
    fn depends_on_across_branches() {
        // c (on a's branch) depends on x (another root): x runs first, rows merge.
        let mut c = Revision::new("c", &["a"]);
        c.depends_on = vec!["x".into()];
        let m =
            RevisionMap::new(vec![Revision::new("a", &[]), c, Revision::new("x", &[])]).unwrap();
        let p = m.plan_upgrade(&[], &t("c")).unwrap();
        assert_eq!(
            steps(&p),
            [
                ("x", vec![ins("x")]),
                ("a", vec![ins("a")]),
                ("c", vec![del("a"), upd("x", "c")]),
            ]
        );
        let p = m.plan_downgrade(&cur(&["c"]), &Target::Base).unwrap();
        assert_eq!(
            steps(&p),
            [
                ("c", vec![ins("a"), upd("c", "x")]),
                ("a", vec![del("a")]),
                ("x", vec![del("x")]),
            ]
        );
    }

    #[test]
    fn stamp() {
        let m = linear();
        let p = m.plan_stamp(&[], &[Target::Head]).unwrap();
        assert_eq!(steps(&p), [("3512b954651e", vec![ins("3512b954651e")])]);
        assert_eq!(p.steps[0].direction, Direction::Upgrade);
        let head = cur(&["3512b954651e"]);
        let p = m.plan_stamp(&head, &[t("1975")]).unwrap();
        assert_eq!(
            steps(&p),
            [("1975ea83b712", vec![upd("3512b954651e", "1975ea83b712")])]
        );
        assert_eq!(p.steps[0].direction, Direction::Downgrade);
        let p = m.plan_stamp(&head, &[Target::Base]).unwrap();
        assert_eq!(steps(&p), [("3512b954651e", vec![del("3512b954651e")])]);
        assert!(p.heads_after.is_empty());
        assert_eq!(m.plan_stamp(&head, &[]).unwrap(), p);
        assert!(
            m.plan_stamp(&head, &[Target::Head])
                .unwrap()
                .steps
                .is_empty()
        );
        assert!(matches!(
            m.plan_stamp(&head, &[t("+1")]),
            Err(TargetError::Direction(_))
        ));

        let m = fork_merge();
        let p = m.plan_stamp(&cur(&["b", "c"]), &[t("m")]).unwrap();
        assert_eq!(steps(&p), [("m", vec![del("b"), upd("c", "m")])]);
        let p = m.plan_stamp(&cur(&["b"]), &[t("c")]).unwrap();
        assert_eq!(steps(&p), [("c", vec![ins("c")])]);
        assert_eq!(p.heads_after, ["b", "c"]);
    }

    #[test]
    fn arrows() {
        let m = fork_merge();
        let step = |rev: &str, direction| Step {
            revision: rev.into(),
            direction,
            version_ops: Vec::new(),
        };
        assert_eq!(step("a", Direction::Upgrade).arrow(&m), "<base> -> a");
        assert_eq!(step("b", Direction::Upgrade).arrow(&m), "a -> b");
        assert_eq!(step("m", Direction::Upgrade).arrow(&m), "(b, c) -> m");
        assert_eq!(step("b", Direction::Downgrade).arrow(&m), "b -> a");
        assert_eq!(step("a", Direction::Downgrade).arrow(&m), "a -> <base>");
        assert_eq!(step("m", Direction::Downgrade).arrow(&m), "m -> (b, c)");
        let m = linear();
        let p = m.plan_upgrade(&cur(&["1975ea83b712"]), &t("+1")).unwrap();
        assert_eq!(p.steps[0].arrow(&m), "1975ea83b712 -> ae1027a6acf0");
    }

    #[test]
    fn inconsistent_version_table_is_refused() {
        let m = linear();
        let e = m
            .plan_upgrade(&cur(&["1975ea83b712", "3512b954651e"]), &Target::Head)
            .unwrap_err();
        assert!(
            matches!(e, TargetError::Direction(ref msg) if msg.contains("inconsistent")),
            "{e}"
        );
    }

    /// The targets a message suggests: every backticked text, without a leading command name.
    fn hinted(message: &str) -> Vec<String> {
        message
            .split('`')
            .skip(1)
            .step_by(2)
            .map(|h| {
                h.trim_start_matches("downgrade ")
                    .trim_start_matches("upgrade ")
                    .to_owned()
            })
            .collect()
    }

    #[test]
    fn ambiguous_downgrade_hints_stay_on_one_branch() {
        // a <- b1 <- b2 and a <- c1: two heads, both applied.
        let m = map(&[("a", &[]), ("b1", &["a"]), ("b2", &["b1"]), ("c1", &["a"])]);
        let both = cur(&["b2", "c1"]);
        let e = m.plan_downgrade(&both, &t("-1")).unwrap_err().to_string();
        let hints = hinted(&e);
        assert_eq!(hints, ["b2@-1", "c1@-1"], "{e}");
        // Each hint reverts exactly the head it names, and nothing on the other branch.
        for (hint, other) in [("b2@-1", "c1"), ("c1@-1", "b2")] {
            let head = hint.trim_end_matches("@-1");
            let p = m.plan_downgrade(&both, &t(hint)).unwrap();
            assert_eq!(order(&p), [head], "{hint}");
            assert!(p.heads_after.contains(&other.to_owned()), "{hint}: {p:?}");
        }
        // Two steps on one branch.
        let p = m.plan_downgrade(&both, &t("b2@-2")).unwrap();
        assert_eq!(order(&p), ["b2", "b1"]);
        assert_eq!(p.heads_after, ["c1"]);
    }

    #[test]
    fn downgrade_from_a_merge_hints_a_parent_not_an_upgrade_form() {
        let m = fork_merge();
        for steps in ["-1", "-2"] {
            let e = m
                .plan_downgrade(&cur(&["m"]), &t(steps))
                .unwrap_err()
                .to_string();
            assert!(!e.contains("label@+N") && !e.contains("@+"), "{e}");
            let hints = hinted(&e);
            assert_eq!(hints, ["b", "c"], "{e}");
            assert!(e.contains("each reverts the merge alone"), "{e}");
            // Following either reverts the merge alone.
            for hint in hints {
                let p = m.plan_downgrade(&cur(&["m"]), &t(&hint)).unwrap();
                assert_eq!(order(&p), ["m"], "{hint}");
                assert_eq!(p.heads_after, ["b", "c"], "{hint}");
            }
        }
    }

    #[test]
    fn upgrade_to_an_applied_head_another_branch_depends_on_is_a_no_op() {
        // x is a root labelled `billing`, a head nobody descends from; c depends on it, so
        // once c is applied, x is applied but not a row of the version table.
        let mut x = Revision::new("x", &[]);
        x.branch_labels = vec!["billing".into()];
        let mut c = Revision::new("c", &["a"]);
        c.depends_on = vec!["x".into()];
        let m = RevisionMap::new(vec![Revision::new("a", &[]), c, x]).unwrap();
        let at_c = cur(&["c"]);
        for target in ["billing@head", "x", "heads"] {
            let p = m.plan_upgrade(&at_c, &t(target)).unwrap();
            assert!(p.steps.is_empty(), "{target}: {p:?}");
            assert_eq!(p.heads_after, ["c"], "{target}");
        }
        // A target strictly below the current heads is still refused.
        let e = m.plan_upgrade(&at_c, &t("a")).unwrap_err().to_string();
        assert!(
            e.contains("is not a valid upgrade target") && e.contains("below"),
            "{e}"
        );
    }

    #[test]
    fn a_row_below_another_names_the_stamp_that_repairs_it() {
        // `stamp a b` where b is a's child (Alembic allows it), and c on another branch.
        let m = map(&[("a", &[]), ("b", &["a"]), ("c", &["a"])]);
        for (rows, keep) in [
            (&["a", "b"][..], &["b"][..]),
            (&["a", "b", "c"], &["b", "c"]),
        ] {
            let rows = cur(rows);
            let e = m
                .plan_upgrade(&rows, &Target::Heads)
                .unwrap_err()
                .to_string();
            let fix = format!("cargo migrate stamp --purge {}", keep.join(" "));
            assert!(e.ends_with(&format!("repair it with `{fix}`")), "{e}");
            assert!(m.plan_downgrade(&rows, &Target::Base).is_err());
            // Following it: `--purge` empties the table, then stamps exactly those.
            let targets: Vec<Target> = keep.iter().map(|k| t(k)).collect();
            let p = m.plan_stamp(&[], &targets).unwrap();
            assert_eq!(p.heads_after, keep, "{fix}");
            // The repaired table is consistent: the next upgrade runs only what is missing.
            let p = m.plan_upgrade(&p.heads_after, &Target::Heads).unwrap();
            let missing: Vec<&str> = ["b", "c"]
                .into_iter()
                .filter(|r| !keep.contains(r))
                .collect();
            assert_eq!(order(&p), missing);
        }
    }
}
