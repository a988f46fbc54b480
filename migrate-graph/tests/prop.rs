//! Property tests: the parsers never panic, and plans on random graphs are sound.

use std::collections::{BTreeSet, HashMap};

use migrate_graph::scan::scan_source;
use migrate_graph::{Direction, Revision, RevisionMap, Target, VersionOp};
use proptest::prelude::*;

/// A random DAG: revision `i` names earlier revisions as parents (none makes a base) and may
/// depend on another earlier one.
fn dag() -> impl Strategy<Value = Vec<Revision>> {
    (1usize..12).prop_flat_map(|n| {
        let nodes: Vec<_> = (0..n)
            .map(|i| {
                (
                    proptest::collection::vec(0..i.max(1), 0..=2),
                    proptest::option::weighted(0.2, 0..i.max(1)),
                    proptest::bool::weighted(0.15),
                )
            })
            .collect();
        nodes.prop_map(|nodes| {
            nodes
                .into_iter()
                .enumerate()
                .map(|(i, (parents, dep, base))| {
                    let id = |j: usize| format!("r{j:02}");
                    let mut down: Vec<String> = if i == 0 || base {
                        Vec::new()
                    } else {
                        parents.into_iter().map(id).collect()
                    };
                    down.dedup();
                    if down.len() == 2 && down[0] == down[1] {
                        down.pop();
                    }
                    let mut r = Revision::new(&id(i), &[]);
                    r.down_revisions = down;
                    if let Some(d) = dep.filter(|_| i > 0).map(id)
                        && !r.down_revisions.contains(&d)
                    {
                        r.depends_on = vec![d];
                    }
                    r
                })
                .collect()
        })
    })
}

/// Applies version ops to a set of rows, checking each op is possible.
fn apply(rows: &mut BTreeSet<String>, ops: &[VersionOp]) -> Result<(), String> {
    for op in ops {
        match op {
            VersionOp::Insert(x) => {
                if !rows.insert(x.clone()) {
                    return Err(format!("insert of present {x}"));
                }
            }
            VersionOp::Delete(x) => {
                if !rows.remove(x) {
                    return Err(format!("delete of absent {x}"));
                }
            }
            VersionOp::Update { from, to } => {
                if !rows.remove(from) || !rows.insert(to.clone()) {
                    return Err(format!("bad update {from} -> {to}"));
                }
            }
        }
    }
    Ok(())
}

fn target_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("head".to_string()),
        Just("heads".to_string()),
        Just("base".to_string()),
        (0usize..12).prop_map(|i| format!("r{i:02}")),
        (0usize..12).prop_map(|i| format!("r{i}")),
        (-4i64..5).prop_map(|n| format!("{n:+}")),
        ((0usize..12), (-3i64..4)).prop_map(|(i, n)| format!("r{i:02}{n:+}")),
        "[a-z0-9@+:_-]{0,8}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn target_parse_never_panics(s in any::<String>()) {
        let _ = Target::parse(&s);
    }

    #[test]
    fn target_parse_round_trips(s in "[a-z0-9@+:_ -]{0,12}") {
        if let Ok(t) = Target::parse(&s) {
            prop_assert_eq!(Target::parse(&t.to_string()), Ok(t));
        }
    }

    #[test]
    fn scan_source_never_panics(s in any::<String>()) {
        let _ = scan_source(&s, "src/versions/x.rs");
    }

    #[test]
    fn scan_source_never_panics_on_near_rust(parts in proptest::collection::vec(prop_oneof![
        Just("#"), Just("#["), Just("#!["), Just("migration"), Just("("), Just(")"), Just("]"),
        Just("["), Just("{"), Just("}"), Just("revision = "), Just("down_revision = "),
        Just("\"a\""), Just("\"b\\\"\""), Just("r#\""), Just("\"#"), Just("'"), Just("'a'"),
        Just("b'\\''"), Just("//"), Just("/*"), Just("*/"), Just("\n"), Just(" "), Just(","),
        Just("None"), Just("struct"), Just("X"), Just("::"), Just("\\"), Just("é"), Just("r#x"),
    ], 0..40)) {
        let src: String = parts.concat();
        if let Ok(f) = scan_source(&src, "x.rs") {
            let line = f.revision.location.map(|l| l.line).unwrap_or(0);
            prop_assert!(line >= 1);
            prop_assert!(line as usize <= src.lines().count().max(1));
        }
    }

    #[test]
    fn upgrade_to_heads_then_downgrade_to_base(revs in dag()) {
        let map = RevisionMap::new(revs.clone()).unwrap();
        let up = map.plan_upgrade(&[], &Target::Heads).unwrap();
        // Every revision runs exactly once, after its parents and dependencies.
        let ids: Vec<&str> = up.steps.iter().map(|s| s.revision.as_str()).collect();
        let unique: BTreeSet<&str> = ids.iter().copied().collect();
        prop_assert_eq!(ids.len(), revs.len());
        prop_assert_eq!(unique.len(), revs.len());
        let at: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        for r in &revs {
            for p in r.down_revisions.iter().chain(&r.depends_on) {
                prop_assert!(at[p.as_str()] < at[r.revision.as_str()], "{} before {}", p, r.revision);
            }
        }
        let mut rows = BTreeSet::new();
        for s in &up.steps {
            prop_assert_eq!(s.direction, Direction::Upgrade);
            apply(&mut rows, &s.version_ops).map_err(TestCaseError::fail)?;
            prop_assert!(rows.contains(&s.revision));
        }
        let real: Vec<String> = map.real_heads().iter().map(|r| r.revision.clone()).collect();
        prop_assert_eq!(&up.heads_after, &real);
        prop_assert_eq!(rows.iter().cloned().collect::<Vec<_>>(), up.heads_after.clone());

        // Nothing left to do.
        prop_assert!(map.plan_upgrade(&up.heads_after, &Target::Heads).unwrap().steps.is_empty());

        let down = map.plan_downgrade(&up.heads_after, &Target::Base).unwrap();
        let ids: Vec<&str> = down.steps.iter().map(|s| s.revision.as_str()).collect();
        prop_assert_eq!(ids.len(), revs.len());
        prop_assert_eq!(ids.iter().copied().collect::<BTreeSet<_>>().len(), revs.len());
        let at: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        for r in &revs {
            for p in r.down_revisions.iter().chain(&r.depends_on) {
                prop_assert!(at[r.revision.as_str()] < at[p.as_str()], "{} before {}", r.revision, p);
            }
        }
        for s in &down.steps {
            prop_assert_eq!(s.direction, Direction::Downgrade);
            apply(&mut rows, &s.version_ops).map_err(TestCaseError::fail)?;
            prop_assert!(!rows.contains(&s.revision));
        }
        prop_assert!(rows.is_empty());
        prop_assert!(down.heads_after.is_empty());
    }

    #[test]
    fn plans_never_panic(revs in dag(), start in target_text(), target in target_text()) {
        let map = RevisionMap::new(revs).unwrap();
        // A reachable state, then any target in either direction, and stamp.
        let current = Target::parse(&start)
            .and_then(|t| map.plan_upgrade(&[], &t))
            .map(|p| p.heads_after)
            .unwrap_or_default();
        if let Ok(t) = Target::parse(&target) {
            for plan in [
                map.plan_upgrade(&current, &t),
                map.plan_downgrade(&current, &t),
                map.plan_stamp(&current, std::slice::from_ref(&t)),
            ]
            .into_iter()
            .flatten()
            {
                let mut rows: BTreeSet<String> = current.iter().cloned().collect();
                for s in &plan.steps {
                    apply(&mut rows, &s.version_ops).map_err(TestCaseError::fail)?;
                    let _ = s.arrow(&map);
                }
                prop_assert_eq!(rows.into_iter().collect::<Vec<_>>(), plan.heads_after);
            }
        }
    }

    #[test]
    fn check_is_deterministic_and_never_panics(revs in dag(), extra in proptest::collection::vec((0usize..14, 0usize..14), 0..3)) {
        // Add random edges, which may create cycles or unknown references.
        let mut revs = revs;
        let n = revs.len();
        for (a, b) in extra {
            if a < n {
                revs[a].down_revisions.push(format!("r{b:02}"));
            }
        }
        let first = migrate_graph::check::check(&revs);
        prop_assert_eq!(&first, &migrate_graph::check::check(&revs));
        for p in &first {
            prop_assert!(p.index < revs.len());
            prop_assert!(p.message.contains("\nhelp: "), "{}", p.message);
        }
        let _ = RevisionMap::new(revs);
    }
}
