//! The differential test: random revision graphs run through real Alembic (installed from PyPI
//! into `target/alembic-venv`) and through `migrate-graph`, compared answer by answer.
//!
//! For each graph: `heads`, `heads --resolve-dependencies`, `branches`, `history` order,
//! `history -r start:end` for a few ranges, and for many (current rows, target) pairs the
//! ordered version-table statements of `upgrade --sql`, `downgrade --sql` and `stamp --sql`
//! and the rows left afterwards, or the kind of error (multiple heads, ambiguous prefix,
//! unknown revision, wrong direction, ...).
//!
//! Alembic's side is `alembic/driver.py`, one Python process per half of the graphs. Each
//! graph is written as an Alembic project (env.py, versions/*.py) and as cargo-migrate
//! revision files, which `migrate_graph::scan` reads back.
//!
//! Where we differ from Alembic on purpose (README, "Where we differ from Alembic on
//! purpose"), the case is counted as `deliberate`, by reason, and printed; everything else
//! must be equal. If Alembic cannot be installed, the test fails.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use migrate_graph::target::TargetError;
use migrate_graph::{Plan, Revision, RevisionMap, Target, VersionOp};

/// Number of random graphs; `ALEMBIC_DIFF_GRAPHS` overrides it.
const GRAPHS: usize = 400;
/// (current, target) questions per graph.
const CASES: usize = 40;

/// xorshift64*: tiny, seeded, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

/// One revision of a generated graph.
#[derive(Clone, Debug)]
struct Node {
    id: String,
    down: Vec<String>,
    deps: Vec<String>,
    labels: Vec<String>,
}

/// A random graph: linear runs, forks, merges, several roots, branch labels, depends_on.
fn graph(rng: &mut Rng) -> Vec<Node> {
    let n = 2 + rng.below(13);
    let mut nodes: Vec<Node> = Vec::new();
    let mut label_count = 0;
    for _ in 0..n {
        let id = loop {
            // Ids sometimes share a 4-character prefix, so that prefixes can be ambiguous.
            let id = if !nodes.is_empty() && rng.chance(25) {
                let other = &rng.pick(&nodes).id;
                format!("{}{}", &other[..4], hex(rng, 2))
            } else {
                format!("{}{}", ["a", "b", "c"][rng.below(3)], hex(rng, 5))
            };
            if !nodes.iter().any(|x| x.id == id) {
                break id;
            }
        };
        let heads: Vec<String> = nodes
            .iter()
            .filter(|x| !nodes.iter().any(|y| y.down.contains(&x.id)))
            .map(|x| x.id.clone())
            .collect();
        let down: Vec<String> = if nodes.is_empty() || rng.chance(8) {
            Vec::new()
        } else if heads.len() >= 2 && rng.chance(30) {
            // A merge of two or three heads.
            let mut hs = heads.clone();
            let mut out = Vec::new();
            let k = 2 + rng.below(2).min(hs.len() - 2);
            for _ in 0..k {
                let i = rng.below(hs.len());
                out.push(hs.remove(i));
            }
            out
        } else if rng.chance(25) {
            vec![rng.pick(&nodes).id.clone()] // a fork (or a plain child)
        } else {
            vec![rng.pick(&heads).id_str().to_owned()]
        };
        let mut deps = Vec::new();
        if !nodes.is_empty() && rng.chance(15) {
            let d = rng.pick(&nodes).clone();
            if !down.contains(&d.id) {
                // Sometimes by its branch label, as Alembic allows.
                if !d.labels.is_empty() && rng.chance(30) {
                    deps.push(d.labels[0].clone());
                } else {
                    deps.push(d.id.clone());
                }
            }
        }
        let mut labels = Vec::new();
        if rng.chance(15) {
            label_count += 1;
            labels.push(format!("lbl{label_count}"));
        }
        nodes.push(Node {
            id,
            down,
            deps,
            labels,
        });
    }
    nodes
}

trait IdStr {
    fn id_str(&self) -> &str;
}
impl IdStr for String {
    fn id_str(&self) -> &str {
        self
    }
}

fn hex(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b"0123456789abcdef"[rng.below(16)]))
        .collect()
}

/// The questions asked about one graph.
struct Questions {
    cases: Vec<(&'static str, Vec<String>, String)>,
    ranges: Vec<(String, String)>,
}

fn questions(rng: &mut Rng, nodes: &[Node]) -> Questions {
    let ids: Vec<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
    let labels: Vec<&str> = nodes
        .iter()
        .flat_map(|n| n.labels.iter().map(String::as_str))
        .collect();
    let target = |rng: &mut Rng| -> String {
        let id = *rng.pick(&ids);
        let label = if labels.is_empty() {
            "nolabel"
        } else {
            *rng.pick(&labels)
        };
        match rng.below(19) {
            0 => "head".into(),
            1 => "heads".into(),
            2 => "base".into(),
            3..=5 => id.into(),
            6 => id[..4].into(),
            7 => "+1".into(),
            8 => "+2".into(),
            9 => "-1".into(),
            10 => "-2".into(),
            11 => format!("{id}+1"),
            12 => format!("{id}-1"),
            13 => format!("{label}@head"),
            14 => format!("{label}@base"),
            15 => format!("{label}@+1"),
            16 => format!("{label}@-1"),
            17 => "ffffff".into(),
            _ => label.into(),
        }
    };
    let mut cases = Vec::new();
    for _ in 0..CASES {
        let current: Vec<String> = match rng.below(5) {
            0 => Vec::new(),
            1 | 2 => vec![rng.pick(&ids).to_string()],
            3 => {
                let a = rng.pick(&ids).to_string();
                let b = rng.pick(&ids).to_string();
                // Two rows only when neither is below the other.
                if a != b
                    && !ancestors(nodes, &a).contains(&b)
                    && !ancestors(nodes, &b).contains(&a)
                {
                    vec![a, b]
                } else {
                    vec![a]
                }
            }
            _ => heads(nodes),
        };
        let cmd = *rng.pick(&["upgrade", "upgrade", "downgrade", "downgrade", "stamp"]);
        let mut t = target(rng);
        if cmd == "stamp" {
            while t.contains(['+', '-']) {
                t = target(rng);
            }
            if rng.chance(15) {
                t = format!("{} {}", t, rng.pick(&ids));
            }
        }
        cases.push((cmd, current, t));
    }
    let mut ranges = Vec::new();
    for _ in 0..4 {
        let start = match rng.below(3) {
            0 => String::new(),
            1 => "base".into(),
            _ => rng.pick(&ids).to_string(),
        };
        let end = match rng.below(4) {
            0 => String::new(),
            1 => "heads".into(),
            2 => rng.pick(&ids).to_string(),
            _ => target(rng),
        };
        ranges.push((start, end));
    }
    Questions { cases, ranges }
}

/// Ids reachable downwards from `id` through parents and depends_on (ids only).
fn ancestors(nodes: &[Node], id: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![id.to_owned()];
    while let Some(x) = todo.pop() {
        // A depends_on may name a branch label: the revision declaring it.
        if let Some(n) = nodes.iter().find(|n| n.id == x || n.labels.contains(&x)) {
            for p in n.down.iter().chain(&n.deps) {
                if seen.insert(p.clone()) {
                    todo.push(p.clone());
                }
            }
        }
    }
    seen
}

fn heads(nodes: &[Node]) -> Vec<String> {
    nodes
        .iter()
        .filter(|x| !nodes.iter().any(|y| y.down.contains(&x.id)))
        .map(|x| x.id.clone())
        .collect()
}

fn json_str(s: &str) -> String {
    migrate_graph::json::string(s)
}

fn json_list(v: &[String]) -> String {
    migrate_graph::json::string_array(v)
}

fn request(n: usize, nodes: &[Node], q: &Questions) -> String {
    let revs: Vec<String> = nodes
        .iter()
        .map(|x| {
            format!(
                "{{\"id\":{},\"down\":{},\"deps\":{},\"labels\":{},\"msg\":\"m\"}}",
                json_str(&x.id),
                json_list(&x.down),
                json_list(&x.deps),
                json_list(&x.labels)
            )
        })
        .collect();
    let cases: Vec<String> = q
        .cases
        .iter()
        .map(|(c, cur, t)| format!("[{},{},{}]", json_str(c), json_list(cur), json_str(t)))
        .collect();
    let ranges: Vec<String> = q
        .ranges
        .iter()
        .map(|(a, b)| format!("[{},{}]", json_str(a), json_str(b)))
        .collect();
    format!(
        "{{\"n\":{n},\"revs\":[{}],\"cases\":[{}],\"ranges\":[{}]}}\n",
        revs.join(","),
        cases.join(","),
        ranges.join(",")
    )
}

/// The cargo-migrate revision file of a node, written by the same template as
/// `cargo migrate revision`.
fn rust_source(x: &Node) -> String {
    let labels: Vec<&str> = x.labels.iter().map(String::as_str).collect();
    migrate_graph::template::revision_source(&migrate_graph::template::NewRevision {
        id: &x.id,
        parents: &x.down,
        message: "m",
        date: "2026-01-01 00:00:00",
        struct_name: &format!("Rev{}", x.id),
        depends_on: &x.deps,
        branch_labels: &labels,
    })
}

/// Our answers, in the driver's line format.
fn ours(dir: &Path, n: usize, nodes: &[Node], q: &Questions) -> Vec<String> {
    let versions = dir.join(format!("g{n}"));
    std::fs::create_dir_all(&versions).unwrap();
    for x in nodes {
        std::fs::write(versions.join(format!("{}_m.rs", x.id)), rust_source(x)).unwrap();
    }
    let scanned = migrate_graph::scan::scan_dir(&versions, "src/versions")
        .unwrap_or_else(|e| panic!("graph {n}: our scanner fails on our own files: {e}"));
    let revisions: Vec<Revision> = scanned.into_iter().map(|f| f.revision).collect();
    let mut out = vec![format!("G {n}")];
    let map = match RevisionMap::new(revisions) {
        Ok(map) => map,
        Err(e) => {
            out.push(format!("LOAD ERR {e}"));
            return out;
        }
    };
    out.push("LOAD ok".into());
    let ids = |v: Vec<&Revision>| {
        v.iter()
            .map(|r| r.revision.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let sorted = |v: Vec<&Revision>| {
        let mut v: Vec<&str> = v.iter().map(|r| r.revision.as_str()).collect();
        v.sort();
        v.join(" ")
    };
    out.push(format!("HEADS {}", sorted(map.heads())).trim_end().into());
    out.push(
        format!("RHEADS {}", sorted(map.real_heads()))
            .trim_end()
            .into(),
    );
    let history = map.history();
    let branches: Vec<&Revision> = history
        .iter()
        .copied()
        .filter(|r| map.children(&r.revision).len() > 1)
        .collect();
    out.push(format!("BRANCHES {}", ids(branches)).trim_end().into());
    out.push(format!("HISTORY {}", ids(history)).trim_end().into());
    for (i, (start, end)) in q.ranges.iter().enumerate() {
        out.push(match map.history_range(start, end) {
            Ok(v) => format!("RANGE {i} OK {}", ids(v)).trim_end().into(),
            Err(e) => format!("RANGE {i} ERR {}", kind(&e)),
        });
    }
    for (i, (cmd, current, target)) in q.cases.iter().enumerate() {
        let plan: Result<Plan, TargetError> = match *cmd {
            "upgrade" => Target::parse(target).and_then(|t| map.plan_upgrade(current, &t)),
            "downgrade" => Target::parse(target).and_then(|t| map.plan_downgrade(current, &t)),
            _ => target
                .split_whitespace()
                .map(Target::parse)
                .collect::<Result<Vec<_>, _>>()
                .and_then(|ts| map.plan_stamp(current, &ts)),
        };
        out.push(match plan {
            Ok(plan) => {
                let steps: Vec<String> = plan
                    .steps
                    .iter()
                    .filter(|s| !s.version_ops.is_empty())
                    .map(|s| {
                        s.version_ops
                            .iter()
                            .map(|op| match op {
                                VersionOp::Insert(x) => format!("insert:{x}"),
                                VersionOp::Delete(x) => format!("delete:{x}"),
                                VersionOp::Update { from, to } => format!("update:{from}>{to}"),
                            })
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect();
                format!(
                    "CASE {i} OK {} => {}",
                    steps.join(" | "),
                    plan.heads_after.join(",")
                )
            }
            Err(e) => format!("CASE {i} ERR {} {e}", kind(&e)),
        });
    }
    out
}

/// The driver's error kinds, for our errors.
fn kind(e: &TargetError) -> &'static str {
    match e {
        TargetError::Unknown(_) => "unknown",
        TargetError::Ambiguous { .. } => "ambiguous",
        TargetError::MultipleHeads(_) => "multiple_heads",
        TargetError::OutOfRange { .. } => "out_of_range",
        TargetError::Direction(m) if m.contains("does not refer to ancestor") => "not_ancestor",
        TargetError::Direction(_) => "direction",
        TargetError::RangeOnline(_) | TargetError::Syntax(_) => "other",
    }
}

/// Why a difference is deliberate (listed in the README), or `None`.
fn deliberate(
    cmd: &str,
    target: &str,
    current_rows: usize,
    theirs: &str,
    ours: &str,
) -> Option<&'static str> {
    let their_ok = theirs.contains(" OK ");
    let our_err = ours.split_whitespace().nth(2) == Some("ERR");
    let our_kind = ours.split_whitespace().nth(3).unwrap_or("");
    let their_kind = theirs.split_whitespace().nth(3).unwrap_or("");
    if cmd == "upgrade" && their_ok && our_err && our_kind == "direction" {
        // Alembic silently does nothing (or only part) when the target is below the current
        // state; we refuse with a hint to use downgrade.
        if theirs.contains(" OK  =>") || theirs.ends_with(" OK") {
            return Some("upgrade to a target below the current state is an error");
        }
    }
    if cmd == "downgrade"
        && their_ok
        && our_err
        && our_kind == "direction"
        && theirs.contains(" OK  =>")
    {
        return Some("downgrade to a target above the current state is an error");
    }
    if their_kind == "unknown" && !our_err && target.len() < 4 {
        return Some("prefixes of any length");
    }
    if cmd != "stamp" && ours.contains("the version table is inconsistent") {
        return Some("upgrade/downgrade refuse a version table where one row is below another");
    }
    if cmd == "downgrade" && target.ends_with("@head") && their_kind == "multiple_heads" {
        return Some("downgrade label@head resolves on the branch (Alembic ignores the label)");
    }
    if target.contains("nolabel@") && our_kind == "unknown" {
        return Some("an unknown branch label is an unknown revision");
    }
    if their_kind == "crash" {
        return Some("Alembic fails with an internal error (not a CommandError)");
    }
    if cmd == "downgrade"
        && target.starts_with('-')
        && current_rows > 1
        && our_err
        && our_kind == "direction"
    {
        return Some("-N with several current heads is an error");
    }
    None
}

/// Runs the driver on `input` and returns its output, split per graph.
fn alembic(python: &Path, input: String) -> std::thread::JoinHandle<String> {
    let python = python.to_owned();
    std::thread::spawn(move || {
        let driver = Path::new(env!("CARGO_MANIFEST_DIR")).join("alembic/driver.py");
        let mut child = Command::new(python)
            .arg(driver)
            // Alembic iterates Python sets in places; a fixed seed makes its answers reproducible.
            .env("PYTHONHASHSEED", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the Alembic driver");
        let mut stdin = child.stdin.take().unwrap();
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).unwrap());
        let out = child.wait_with_output().expect("driver output");
        writer.join().unwrap();
        assert!(out.status.success(), "the Alembic driver failed");
        String::from_utf8(out.stdout).unwrap()
    })
}

fn blocks(text: &str) -> BTreeMap<usize, Vec<String>> {
    let mut out = BTreeMap::new();
    let mut cur: Option<(usize, Vec<String>)> = None;
    for line in text.lines() {
        if let Some(n) = line.strip_prefix("G ") {
            cur = Some((n.parse().unwrap(), vec![line.to_owned()]));
        } else if line == "END" {
            let (n, v) = cur.take().unwrap();
            out.insert(n, v);
        } else if let Some((_, v)) = cur.as_mut() {
            v.push(line.trim_end().to_owned());
        }
    }
    out
}

#[test]
fn plans_heads_branches_and_history_match_alembic() {
    let python = migrate_tests::alembic_python();
    let graphs: usize = std::env::var("ALEMBIC_DIFF_GRAPHS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(GRAPHS);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut all = Vec::new();
    let mut inputs = [String::new(), String::new()];
    for n in 0..graphs {
        let nodes = graph(&mut rng);
        let q = questions(&mut rng, &nodes);
        inputs[n % 2].push_str(&request(n, &nodes, &q));
        all.push((nodes, q));
    }
    let [a, b] = inputs;
    let (ha, hb) = (alembic(&python, a), alembic(&python, b));
    let dir = tempfile::tempdir().unwrap();
    let ours: Vec<Vec<String>> = all
        .iter()
        .enumerate()
        .map(|(n, (nodes, q))| ours(dir.path(), n, nodes, q))
        .collect();
    let mut theirs = blocks(&ha.join().unwrap());
    theirs.extend(blocks(&hb.join().unwrap()));
    assert_eq!(theirs.len(), graphs, "the driver answered for every graph");

    let mut compared = 0usize;
    let mut equivalents = 0usize;
    let mut loaded = 0usize;
    let mut deliberate_counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for (n, ((nodes, q), ours)) in all.iter().zip(&ours).enumerate() {
        let theirs = &theirs[&n];
        if theirs.get(1).map(String::as_str) == Some("LOAD ok") {
            loaded += 1;
        }
        if theirs[1].starts_with("LOAD ") && ours[1].starts_with("LOAD ") && theirs[1] != "LOAD ok"
        {
            // Alembic refuses the graph: so must we.
            compared += 1;
            if ours[1] == "LOAD ok" {
                failures.push(format!(
                    "graph {n}: Alembic refuses it ({}), we accept it\n{nodes:#?}",
                    theirs[1]
                ));
            }
            continue;
        }
        for (t, o) in theirs.iter().zip(ours) {
            compared += 1;
            let (t, o) = (t.trim_end(), o.trim_end());
            if t == o {
                continue;
            }
            // Both refuse: the kinds must match for the errors a user acts on (several heads
            // for `head`, an ambiguous prefix, an unknown revision); any other refusal
            // (wrong direction, relative step out of range, ambiguous walk) matches any other.
            let same_error = |t: &str, o: &str| {
                let tw: Vec<&str> = t.split_whitespace().collect();
                let ow: Vec<&str> = o.split_whitespace().collect();
                let key = |k: &str| matches!(k, "multiple_heads" | "ambiguous" | "unknown");
                tw.len() > 3
                    && ow.len() > 3
                    && tw[..3] == ow[..3]
                    && tw[2] == "ERR"
                    && (tw[3] == ow[3] || (!key(tw[3]) && !key(ow[3])))
            };
            if same_error(t, o) {
                continue;
            }
            if let Some(rest) = t.strip_prefix("CASE ") {
                let i: usize = rest.split_whitespace().next().unwrap().parse().unwrap();
                let (cmd, current, target) = &q.cases[i];
                if equivalent(t, o) {
                    equivalents += 1;
                    continue;
                }
                if let Some(why) = deliberate(cmd, target, current.len(), t, o) {
                    *deliberate_counts.entry(why).or_default() += 1;
                    continue;
                }
                failures.push(format!(
                    "graph {n}: {cmd} {target:?} from {current:?}\n  alembic: {t}\n  ours:    {o}"
                ));
            } else if let Some(i) = t.strip_prefix("RANGE ").and_then(|r| r.split(' ').next()) {
                let (start, end) = &q.ranges[i.parse::<usize>().unwrap()];
                if t.ends_with("ERR crash") {
                    *deliberate_counts
                        .entry("Alembic fails with an internal error (not a CommandError)")
                        .or_default() += 1;
                    continue;
                }
                if end.contains(['+', '-']) {
                    // Alembic walks history with assert_relative_length=False: a relative end
                    // past the last revision is cut short; we refuse it.
                    *deliberate_counts
                        .entry("history -r with a relative end past the graph is an error")
                        .or_default() += 1;
                    continue;
                }
                failures.push(format!(
                    "graph {n}: history -r {start:?}:{end:?}\n  alembic: {t}\n  ours:    {o}"
                ));
            } else {
                failures.push(format!("graph {n}:\n  alembic: {t}\n  ours:    {o}"));
            }
        }
        if !failures.is_empty() && failures.len() < 3 {
            let _ = failures
                .last_mut()
                .map(|f| write!(f, "\n  graph: {}", describe(nodes)));
        }
    }
    println!(
        "alembic differential: {graphs} graphs ({loaded} accepted by Alembic), {compared} comparisons \
         ({equivalents} equal up to the order Alembic takes from a Python set), {} deliberate differences {deliberate_counts:?}, {} failures",
        deliberate_counts.values().sum::<usize>(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} differences with Alembic; the first ones:\n{}",
        failures.len(),
        failures
            .iter()
            .take(15)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Both plans run the same revisions in the same order, and after every step the version
/// table holds the same rows through the same kinds of statements: they differ only in which
/// of several rows is updated rather than inserted or deleted, a choice Alembic makes by
/// iterating a Python `set` (`_unmerge_to_revisions`, `merge_branch_idents`).
fn equivalent(theirs: &str, ours: &str) -> bool {
    fn parse(line: &str) -> Option<(Vec<Vec<String>>, Vec<String>)> {
        let rest = line.split_once(" OK ")?.1;
        let (ops, _) = rest.rsplit_once("=>")?;
        Some((
            ops.split('|')
                .map(|s| s.split_whitespace().map(str::to_owned).collect())
                .collect(),
            Vec::new(),
        ))
    }
    let (Some((t, _)), Some((o, _))) = (parse(theirs), parse(ours)) else {
        return false;
    };
    if t.len() != o.len()
        || theirs.rsplit_once("=>").map(|x| x.1.trim())
            != ours.rsplit_once("=>").map(|x| x.1.trim())
    {
        return false;
    }
    let mut rows_t: BTreeSet<String> = BTreeSet::new();
    let mut rows_o: BTreeSet<String> = BTreeSet::new();
    // Rows are tracked relative to what each side changed; the starting rows are the same.
    for (st, so) in t.iter().zip(&o) {
        let kinds = |s: &Vec<String>| {
            let mut k: Vec<String> = s
                .iter()
                .map(|op| op.split(':').next().unwrap().to_owned())
                .collect();
            k.sort();
            k
        };
        if kinds(st) != kinds(so) {
            return false;
        }
        apply(&mut rows_t, st);
        apply(&mut rows_o, so);
        if rows_t != rows_o {
            return false;
        }
    }
    true
}

/// Applies ops to a set of rows, as a signed record: `+id` present, `-id` removed.
fn apply(rows: &mut BTreeSet<String>, ops: &[String]) {
    let add = |id: &str, rows: &mut BTreeSet<String>| {
        if !rows.remove(&format!("-{id}")) {
            rows.insert(format!("+{id}"));
        }
    };
    let remove = |id: &str, rows: &mut BTreeSet<String>| {
        if !rows.remove(&format!("+{id}")) {
            rows.insert(format!("-{id}"));
        }
    };
    for op in ops {
        let (kind, arg) = op.split_once(':').unwrap();
        match kind {
            "insert" => add(arg, rows),
            "delete" => remove(arg, rows),
            _ => {
                let (from, to) = arg.split_once('>').unwrap();
                remove(from, rows);
                add(to, rows);
            }
        }
    }
}

fn describe(nodes: &[Node]) -> String {
    nodes
        .iter()
        .map(|x| {
            let mut s = format!("{}<-[{}]", x.id, x.down.join(","));
            if !x.deps.is_empty() {
                let _ = write!(s, " deps[{}]", x.deps.join(","));
            }
            if !x.labels.is_empty() {
                let _ = write!(s, " lbl[{}]", x.labels.join(","));
            }
            s
        })
        .collect::<Vec<_>>()
        .join("; ")
}
