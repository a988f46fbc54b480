//! Upgrade and downgrade plans with Alembic's exact semantics.
//!
//! A plan is computed from the current heads (the rows of the version table) and a target. Each
//! step runs one revision in one direction and says how the version table changes, exactly as
//! Alembic's `HeadMaintainer` does: a plain step updates one row; a base or a step whose parents
//! are all absent from the table inserts a row (a new branch); a merge deletes all but one of
//! its parents' rows and updates the last; downgrading a merge does the reverse; downgrading a
//! base (or a revision whose parent is still a head through another branch) deletes its row.

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
    pub fn arrow(&self, map: &RevisionMap) -> String {
        todo!()
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

impl RevisionMap {
    /// Plans `upgrade <target>` from `current` (the version table's rows).
    ///
    /// Fails on an unknown current revision ("can't locate revision"), an unknown or ambiguous
    /// target, `head` with several heads, a relative target past `head`, or a target that is
    /// below the current state (Alembic: "Destination … is not a valid upgrade target").
    /// A target already reached gives an empty plan.
    pub fn plan_upgrade(&self, current: &[String], target: &Target) -> Result<Plan, TargetError> {
        todo!()
    }

    /// Plans `downgrade <target>` from `current`; same errors, mirrored.
    pub fn plan_downgrade(&self, current: &[String], target: &Target) -> Result<Plan, TargetError> {
        todo!()
    }

    /// Plans `stamp <targets>`: the version-table changes that move `current` to exactly the
    /// targets' heads without running anything (steps carry the revisions stamped).
    pub fn plan_stamp(&self, current: &[String], targets: &[Target]) -> Result<Plan, TargetError> {
        todo!()
    }
}
