//! Alembic's target syntax.
//!
//! `head`, `heads`, `base`, a full id, an unambiguous prefix of at least 4 characters (Alembic
//! allows any prefix; we ask for 4), `+N` and `-N` (relative to the current heads), `rev+N`,
//! `rev-N`, `label@head`, `label@base`, `label@+N`, `label@-N`, and a range `start:end`
//! (offline only; the parser accepts it, the online runner refuses it).

/// A parsed target, not yet resolved against a graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `head`: the single head (an error when there are several).
    Head,
    /// `heads`: every head.
    Heads,
    /// `base`: before the first revision.
    Base,
    /// A full id, a prefix, or a branch label.
    Revision(String),
    /// `+N`/`-N` relative to the current heads, or relative to `base` (`rev` is `None`), or
    /// `rev+N`/`rev-N`, or `label@+N` (`label` is set).
    Relative {
        /// The revision or label it is relative to; `None` for the current heads.
        anchor: Option<String>,
        /// Signed step count.
        steps: i64,
    },
    /// `label@head`.
    LabelHead(String),
    /// `label@base`.
    LabelBase(String),
    /// `start:end`, for offline mode.
    Range(Box<Target>, Box<Target>),
}

impl Target {
    /// Parses a target; never panics.
    pub fn parse(s: &str) -> Result<Target, TargetError> {
        todo!()
    }
}

/// A target that cannot be parsed or resolved. Messages are one sentence plus a hint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// The text is not a target.
    #[error("invalid target {0:?}: expected head, heads, base, a revision id or prefix, +N, -N, rev+N, rev-N, label@head or label@base")]
    Syntax(String),
    /// No revision has this id, prefix or label.
    #[error("can't locate revision identified by {0:?}; run `cargo migrate history` to list the revisions")]
    Unknown(String),
    /// A prefix matches several revisions.
    #[error("ambiguous revision prefix {prefix:?}: it matches {}; give more characters", .matches.join(", "))]
    Ambiguous {
        /// The prefix given.
        prefix: String,
        /// The ids it matches.
        matches: Vec<String>,
    },
    /// `head` was asked for while the graph has several.
    #[error("multiple heads are present ({}); name one, use `heads` to upgrade all of them, or merge them with `cargo migrate merge heads`", .0.join(", "))]
    MultipleHeads(Vec<String>),
    /// A relative step leaves the graph.
    #[error("relative target {target:?} goes {steps} steps past {end}")]
    OutOfRange {
        /// The target as given.
        target: String,
        /// How far past the end.
        steps: i64,
        /// `base` or `head`.
        end: &'static str,
    },
    /// A range was given where only online targets are allowed.
    #[error("a range {0:?} is only allowed with --sql (offline mode)")]
    RangeOnline(String),
    /// Moving in the wrong direction (e.g. `upgrade` to a revision below the current one).
    #[error("{0}")]
    Direction(String),
}
