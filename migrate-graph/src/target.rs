//! Alembic's target syntax.
//!
//! `head`, `heads`, `base`, a full id, an unambiguous prefix (any length; an exact id or branch
//! label wins over a prefix), a branch label, `label@rev`, `+N` and `-N` (relative to the
//! current heads), `rev+N`, `rev-N` (also `head-N`, `base+N`), `label@head`, `label@base`,
//! `label@+N`, `label@-N`, `label@rev+N`, and a range `start:end` (offline only; the parser
//! accepts it, the online runner refuses it).
//!
//! How the relative forms are held in [`Target::Relative`]: `+N`/`-N` have `anchor: None`;
//! `rev+N` has `anchor: Some("rev")`; `label@+N` has `anchor: Some("label@")` (an anchor
//! ending in `@` means "the current head on that branch"); `label@rev+N` has
//! `anchor: Some("label@rev")`.

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
    /// `+N`/`-N` relative to the current heads, or relative to `base` when there are none
    /// (`anchor` is `None`), or `rev+N`/`rev-N` (`anchor` is `Some("rev")`), or `label@+N` /
    /// `label@-N` (`anchor` is `Some("label@")`: the current head on that branch), or
    /// `label@rev+N` (`anchor` is `Some("label@rev")`).
    Relative {
        /// The revision or label it is relative to; `None` for the current heads. An anchor
        /// ending in `@` names a branch label: the current revision on that branch.
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
    ///
    /// Surrounding whitespace is ignored. A range takes exactly one `:` with a non-empty,
    /// non-range target on each side.
    pub fn parse(s: &str) -> Result<Target, TargetError> {
        let text = s.trim();
        let syntax = || TargetError::Syntax(s.to_string());
        if let Some((start, end)) = text.split_once(':') {
            if end.contains(':') {
                return Err(syntax());
            }
            let start = Target::parse_single(start.trim()).ok_or_else(syntax)?;
            let end = Target::parse_single(end.trim()).ok_or_else(syntax)?;
            return Ok(Target::Range(Box::new(start), Box::new(end)));
        }
        Target::parse_single(text).ok_or_else(syntax)
    }

    /// Parses everything but a range.
    fn parse_single(s: &str) -> Option<Target> {
        match s {
            "" => return None,
            "head" => return Some(Target::Head),
            "heads" => return Some(Target::Heads),
            "base" => return Some(Target::Base),
            _ => {}
        }
        if let Some((label, rest)) = s.split_once('@') {
            if !is_symbol(label) {
                return None;
            }
            return match rest {
                "head" => Some(Target::LabelHead(label.to_string())),
                "base" => Some(Target::LabelBase(label.to_string())),
                _ => match split_relative(rest) {
                    Some((anchor, steps)) => Some(Target::Relative {
                        anchor: Some(format!("{label}@{anchor}")),
                        steps,
                    }),
                    None if is_symbol(rest) && rest != "heads" => {
                        Some(Target::Revision(format!("{label}@{rest}")))
                    }
                    None => None,
                },
            };
        }
        if let Some((anchor, steps)) = split_relative(s) {
            return Some(Target::Relative {
                anchor: (!anchor.is_empty()).then(|| anchor.to_string()),
                steps,
            });
        }
        is_symbol(s).then(|| Target::Revision(s.to_string()))
    }
}

/// An id, prefix or branch label: no whitespace and none of `@ : + -`.
fn is_symbol(s: &str) -> bool {
    !s.is_empty()
        && !s
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '@' | ':' | '+' | '-'))
}

/// Splits `anchor±N` (the anchor may be empty); `None` when `s` is not of that form.
fn split_relative(s: &str) -> Option<(&str, i64)> {
    let at = s.rfind(['+', '-'])?;
    let (anchor, rest) = s.split_at(at);
    let digits = &rest[1..];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !anchor.is_empty() && !is_symbol(anchor) {
        return None;
    }
    let n: i64 = digits.parse().ok()?;
    Some((anchor, if rest.starts_with('-') { -n } else { n }))
}

impl std::fmt::Display for Target {
    /// Writes the target back in the syntax [`Target::parse`] reads.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Head => f.write_str("head"),
            Target::Heads => f.write_str("heads"),
            Target::Base => f.write_str("base"),
            Target::Revision(r) => f.write_str(r),
            Target::Relative { anchor, steps } => {
                let anchor = anchor.as_deref().unwrap_or("");
                if *steps < 0 {
                    write!(f, "{anchor}{steps}")
                } else {
                    write!(f, "{anchor}+{steps}")
                }
            }
            Target::LabelHead(l) => write!(f, "{l}@head"),
            Target::LabelBase(l) => write!(f, "{l}@base"),
            Target::Range(a, b) => write!(f, "{a}:{b}"),
        }
    }
}

/// A target that cannot be parsed or resolved. Messages are one sentence plus a hint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// The text is not a target.
    #[error(
        "invalid target {0:?}: expected head, heads, base, a revision id or prefix, +N, -N, rev+N, rev-N, label@head or label@base"
    )]
    Syntax(String),
    /// No revision has this id, prefix or label.
    #[error(
        "can't locate revision identified by {0:?}; run `cargo migrate history` to list the revisions"
    )]
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
    #[error(
        "relative target {target:?} goes {steps} steps past {end}; use a smaller step count, or `{end}` itself"
    )]
    OutOfRange {
        /// The target as given.
        target: String,
        /// How far past the end.
        steps: i64,
        /// `base` or `head`.
        end: &'static str,
    },
    /// A range was given where only online targets are allowed.
    #[error(
        "a range {0:?} is only allowed with --sql (offline mode): add --sql to print its SQL, or give one target (e.g. the end of the range) to run it"
    )]
    RangeOnline(String),
    /// Moving in the wrong direction (e.g. `upgrade` to a revision below the current one).
    #[error("{0}")]
    Direction(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Target {
        Target::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn rel(anchor: Option<&str>, steps: i64) -> Target {
        Target::Relative {
            anchor: anchor.map(str::to_string),
            steps,
        }
    }

    #[test]
    fn keywords() {
        assert_eq!(p("head"), Target::Head);
        assert_eq!(p("heads"), Target::Heads);
        assert_eq!(p("base"), Target::Base);
        assert_eq!(p("  head "), Target::Head);
    }

    #[test]
    fn ids_prefixes_and_labels() {
        assert_eq!(p("ae1027a6acf0"), Target::Revision("ae1027a6acf0".into()));
        assert_eq!(p("ae1"), Target::Revision("ae1".into()));
        assert_eq!(p("feature"), Target::Revision("feature".into()));
        assert_eq!(p("feature@ae10"), Target::Revision("feature@ae10".into()));
    }

    #[test]
    fn relative() {
        assert_eq!(p("+2"), rel(None, 2));
        assert_eq!(p("-1"), rel(None, -1));
        assert_eq!(p("ae10+2"), rel(Some("ae10"), 2));
        assert_eq!(p("ae10-3"), rel(Some("ae10"), -3));
        assert_eq!(p("head-1"), rel(Some("head"), -1));
        assert_eq!(p("feature@+1"), rel(Some("feature@"), 1));
        assert_eq!(p("feature@-2"), rel(Some("feature@"), -2));
        assert_eq!(p("feature@ae10+1"), rel(Some("feature@ae10"), 1));
    }

    #[test]
    fn label_head_and_base() {
        assert_eq!(p("feature@head"), Target::LabelHead("feature".into()));
        assert_eq!(p("feature@base"), Target::LabelBase("feature".into()));
    }

    #[test]
    fn ranges() {
        assert_eq!(
            p("ae10:head"),
            Target::Range(
                Box::new(Target::Revision("ae10".into())),
                Box::new(Target::Head)
            )
        );
        assert_eq!(
            p("base:+2"),
            Target::Range(Box::new(Target::Base), Box::new(rel(None, 2)))
        );
    }

    #[test]
    fn rejects_garbage() {
        for s in [
            "",
            " ",
            ":",
            "a:",
            ":b",
            "a:b:c",
            "@head",
            "x@",
            "a b",
            "+",
            "-",
            "+x",
            "1+2+",
            "++1",
            "a@b@c",
            "x@heads",
            "+99999999999999999999",
        ] {
            assert_eq!(
                Target::parse(s),
                Err(TargetError::Syntax(s.to_string())),
                "{s:?}"
            );
        }
    }

    #[test]
    fn hyphenated_label_is_a_revision_not_a_relative() {
        // "my-branch" has a '-', but no digits after it: not relative, and not a symbol.
        assert!(Target::parse("my-branch").is_err());
        assert_eq!(p("my_branch"), Target::Revision("my_branch".into()));
    }

    #[test]
    fn display_round_trips() {
        for s in [
            "head",
            "heads",
            "base",
            "ae10",
            "+2",
            "-1",
            "ae10+2",
            "ae10-1",
            "x@head",
            "x@base",
            "x@+1",
            "x@ae10-2",
            "x@ae10",
            "ae10:head",
        ] {
            assert_eq!(p(s).to_string(), s);
            assert_eq!(p(&p(s).to_string()), p(s));
        }
    }

    #[test]
    fn error_messages() {
        assert_eq!(
            TargetError::MultipleHeads(vec!["a".into(), "b".into()]).to_string(),
            "multiple heads are present (a, b); name one, use `heads` to upgrade all of them, \
             or merge them with `cargo migrate merge heads`"
        );
    }
}
