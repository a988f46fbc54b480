//! `--format json`: the machine-readable form of every read command (`current`, `history`,
//! `heads`, `branches`, `show`, `graph`).
//!
//! Hand-written JSON (no dependency): objects with a fixed key order, strings escaped per
//! RFC 8259. Shared by `cargo migrate` (answering from the sources) and the migrations binary
//! (answering from its registry), so both print the same documents.
//!
//! # Schema (version 1)
//!
//! Every document is one JSON object on one line, ending with a newline only when the caller
//! prints it with `println!`. Its keys:
//!
//! ```text
//! {
//!   "schema": 1,                       the version of this schema
//!   "revisions": [ <revision>, ... ]   in the command's order (history: newest first)
//! }
//! ```
//!
//! `graph --format json` adds `"edges"`, `"heads"` and `"bases"` (see [`graph_json`]);
//! `current --format json` adds `"current"`, the ids in the version table (see
//! [`current_json`]), which may name revisions unknown to the sources.
//!
//! A `<revision>` object ([`revision_object`]):
//!
//! | key | type | meaning |
//! |---|---|---|
//! | `revision` | string | the id |
//! | `down_revisions` | array of strings | the parents (`down_revision`); empty for a base |
//! | `depends_on` | array of strings | `depends_on`, as declared |
//! | `branch_labels` | array of strings | labels declared on it or inherited along its branch, sorted |
//! | `children` | array of strings | revisions naming it as a parent, sorted |
//! | `message` | string | the whole message |
//! | `name` | string | the Rust type carrying `#[migration]` (`""` when unknown) |
//! | `path` | string or null | its file, relative to the migrations crate |
//! | `line` | number or null | the 1-based line of its `#[migration]` attribute |
//! | `is_head` | bool | no revision names it as a parent (what `heads` lists) |
//! | `is_effective_head` | bool | a head that some revision `depends_on` (Alembic's `(effective head)`) |
//! | `is_base` | bool | it has no parent |
//! | `is_branch_point` | bool | two or more revisions name it as a parent |
//! | `is_merge_point` | bool | it has two or more parents |
//! | `is_current` | bool | the database's version table holds it (always false without a database) |
//!
//! The commands that write (`upgrade`, `downgrade`, `stamp --format json`) print, once done,
//! the steps run and the version table's rows afterwards ([`run_json`]):
//!
//! ```text
//! {"schema":1, "command":"upgrade" | "downgrade" | "stamp",
//!  "steps":[{"revision":"<id>", "direction":"upgrade" | "downgrade" | "stamp",
//!            "arrow":"<from> -> <to>", "message":"…", "duration_ms":<number>}, ...],
//!  "heads":["<id>", ...]}
//! ```
//!
//! Consumers should ignore keys they do not know: later versions may add keys, never change or
//! remove one without bumping `schema`.

use std::collections::BTreeSet;

use crate::display::Marks;
use crate::map::{Revision, RevisionMap};

/// The version of the schema, the value of every document's `"schema"` key.
pub const SCHEMA: u32 = 1;

/// `s` as a JSON string literal, quotes included.
///
/// ```
/// assert_eq!(migrate_graph::json::string("a \"b\"\n"), r#""a \"b\"\n""#);
/// ```
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON array of strings.
pub fn string_array<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    let parts: Vec<String> = items.into_iter().map(|s| string(s.as_ref())).collect();
    format!("[{}]", parts.join(","))
}

/// The `<revision>` object of `rev` within a checked map (see the [module docs](self)).
/// `current` holds the ids in the version table; `is_current` is true when it holds `rev`.
pub fn revision_object(map: &RevisionMap, rev: &Revision, current: &[String]) -> String {
    let marks = Marks::in_map(map, rev);
    let labels = map.branch_labels(&rev.revision);
    let children: Vec<&str> = map
        .children(&rev.revision)
        .iter()
        .map(|r| r.revision.as_str())
        .collect();
    object(rev, marks, &labels, &children, current)
}

/// The `<revision>` object of `rev` among raw revisions that need not form a valid graph
/// (unknown parents, duplicates, cycles): `cargo migrate heads` still answers then. Branch
/// labels are the declared ones only.
pub fn revision_object_among(revisions: &[Revision], rev: &Revision, current: &[String]) -> String {
    let marks = Marks::among(revisions, rev);
    let labels: Vec<&str> = rev.branch_labels.iter().map(|s| s.as_str()).collect();
    let children: BTreeSet<&str> = revisions
        .iter()
        .filter(|r| r.down_revisions.contains(&rev.revision))
        .map(|r| r.revision.as_str())
        .collect();
    let children: Vec<&str> = children.into_iter().collect();
    object(rev, marks, &labels, &children, current)
}

fn object(
    rev: &Revision,
    marks: Marks,
    labels: &[&str],
    children: &[&str],
    current: &[String],
) -> String {
    let is_current = current.iter().any(|c| c == &rev.revision);
    let (path, line) = match &rev.location {
        Some(loc) => (string(&loc.file), loc.line.to_string()),
        None => ("null".to_owned(), "null".to_owned()),
    };
    format!(
        "{{\"revision\":{},\"down_revisions\":{},\"depends_on\":{},\"branch_labels\":{},\
         \"children\":{},\"message\":{},\"name\":{},\"path\":{},\"line\":{},\"is_head\":{},\
         \"is_effective_head\":{},\"is_base\":{},\"is_branch_point\":{},\"is_merge_point\":{},\
         \"is_current\":{}}}",
        string(&rev.revision),
        string_array(&rev.down_revisions),
        string_array(&rev.depends_on),
        string_array(labels),
        string_array(children),
        string(&rev.message),
        string(&rev.name),
        path,
        line,
        marks.head || marks.effective_head,
        marks.effective_head,
        rev.down_revisions.is_empty(),
        marks.branch_point,
        marks.merge_point,
        is_current,
    )
}

/// `{"schema":1,"revisions":[...]}`: the revisions `revs`, in that order, within a checked map.
/// What `history`, `heads`, `branches` and `show` print with `--format json`; the migrations
/// binary uses it for `history --format json` (with the version table's ids as `current`).
pub fn revisions_json(map: &RevisionMap, revs: &[&Revision], current: &[String]) -> String {
    let objects: Vec<String> = revs
        .iter()
        .map(|r| revision_object(map, r, current))
        .collect();
    format!(
        "{{\"schema\":{SCHEMA},\"revisions\":[{}]}}",
        objects.join(",")
    )
}

/// [`revisions_json`] among raw revisions that need not form a valid graph; see
/// [`revision_object_among`].
pub fn revisions_json_among(all: &[Revision], revs: &[&Revision], current: &[String]) -> String {
    let objects: Vec<String> = revs
        .iter()
        .map(|r| revision_object_among(all, r, current))
        .collect();
    format!(
        "{{\"schema\":{SCHEMA},\"revisions\":[{}]}}",
        objects.join(",")
    )
}

/// `current --format json`:
/// `{"schema":1,"current":["<id>",...],"revisions":[...]}`: `current` lists the ids in the
/// version table, sorted, known or not; `revisions` the objects of those the map knows, in the
/// same order, with `is_current` true.
pub fn current_json(map: &RevisionMap, current: &[String]) -> String {
    let mut ids: Vec<&String> = current.iter().collect();
    ids.sort();
    ids.dedup();
    let objects: Vec<String> = ids
        .iter()
        .filter_map(|id| map.get(id))
        .map(|r| revision_object(map, r, current))
        .collect();
    format!(
        "{{\"schema\":{SCHEMA},\"current\":{},\"revisions\":[{}]}}",
        string_array(ids),
        objects.join(",")
    )
}

/// One step of a run, for [`run_json`].
#[derive(Debug, Clone, Copy)]
pub struct RunStep<'a> {
    /// The revision.
    pub revision: &'a str,
    /// `upgrade`, `downgrade` or `stamp`.
    pub direction: &'a str,
    /// `from -> to`, as the status line shows it.
    pub arrow: &'a str,
    /// The revision's message.
    pub message: &'a str,
    /// How long it took.
    pub duration_ms: u128,
}

/// `upgrade`, `downgrade` and `stamp --format json`:
/// `{"schema":1,"command":…,"steps":[…],"heads":[…]}`.
///
/// ```
/// use migrate_graph::json::{RunStep, run_json};
/// let step = RunStep { revision: "a1", direction: "upgrade", arrow: "<base> -> a1", message: "m", duration_ms: 3 };
/// assert_eq!(
///     run_json("upgrade", &[step], &["a1".to_string()]),
///     r#"{"schema":1,"command":"upgrade","steps":[{"revision":"a1","direction":"upgrade","arrow":"<base> -> a1","message":"m","duration_ms":3}],"heads":["a1"]}"#
/// );
/// ```
pub fn run_json(command: &str, steps: &[RunStep<'_>], heads: &[String]) -> String {
    let steps: Vec<String> = steps
        .iter()
        .map(|step| {
            format!(
                "{{\"revision\":{},\"direction\":{},\"arrow\":{},\"message\":{},\"duration_ms\":{}}}",
                string(step.revision),
                string(step.direction),
                string(step.arrow),
                string(step.message),
                step.duration_ms
            )
        })
        .collect();
    format!(
        "{{\"schema\":{SCHEMA},\"command\":{},\"steps\":[{}],\"heads\":{}}}",
        string(command),
        steps.join(","),
        string_array(heads)
    )
}

/// `graph --format json`: every revision, newest first (history order), and the edges:
///
/// ```text
/// {"schema":1,
///  "heads":["<id>",...], "bases":["<id>",...],
///  "revisions":[<revision>,...],
///  "edges":[{"from":"<parent>","to":"<child>","kind":"down_revision"|"depends_on"},...]}
/// ```
///
/// Edges point from the older revision to the newer one, in the order of `revisions` (by child,
/// then as declared). A `depends_on` naming a branch label is given as the id declaring it.
pub fn graph_json(map: &RevisionMap, current: &[String]) -> String {
    let revs = map.history();
    let objects: Vec<String> = revs
        .iter()
        .map(|r| revision_object(map, r, current))
        .collect();
    let mut edges = Vec::new();
    for r in &revs {
        for p in &r.down_revisions {
            edges.push(edge(p, &r.revision, "down_revision"));
        }
        for d in &r.depends_on {
            let from = map.resolve(d).map(|x| x.revision.as_str()).unwrap_or(d);
            edges.push(edge(from, &r.revision, "depends_on"));
        }
    }
    let ids = |v: Vec<&Revision>| string_array(v.into_iter().map(|r| r.revision.as_str()));
    format!(
        "{{\"schema\":{SCHEMA},\"heads\":{},\"bases\":{},\"revisions\":[{}],\"edges\":[{}]}}",
        ids(map.heads()),
        ids(map.bases()),
        objects.join(","),
        edges.join(",")
    )
}

fn edge(from: &str, to: &str, kind: &str) -> String {
    format!(
        "{{\"from\":{},\"to\":{},\"kind\":{}}}",
        string(from),
        string(to),
        string(kind)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::Location;

    fn sample() -> RevisionMap {
        let mut a = Revision::new("a1", &[]);
        a.message = "create \"user\"\nsecond line".into();
        a.name = "CreateUser".into();
        a.location = Some(Location {
            file: "src/versions/a1_create_user.rs".into(),
            line: 7,
        });
        let mut b = Revision::new("b2", &["a1"]);
        b.branch_labels = vec!["accounts".into()];
        let c = Revision::new("c3", &["a1"]);
        let mut d = Revision::new("d4", &["b2", "c3"]);
        d.depends_on = vec!["accounts".into()];
        RevisionMap::new(vec![a, b, c, d]).unwrap()
    }

    #[test]
    fn escapes_control_characters() {
        assert_eq!(string("\u{1}\\x\t"), "\"\\u0001\\\\x\\t\"");
        assert_eq!(string("é"), "\"é\"");
    }

    #[test]
    fn revision_fields() {
        let map = sample();
        let a = map.get("a1").unwrap();
        assert_eq!(
            revision_object(&map, a, &["a1".to_owned()]),
            "{\"revision\":\"a1\",\"down_revisions\":[],\"depends_on\":[],\
             \"branch_labels\":[],\"children\":[\"b2\",\"c3\"],\
             \"message\":\"create \\\"user\\\"\\nsecond line\",\"name\":\"CreateUser\",\
             \"path\":\"src/versions/a1_create_user.rs\",\"line\":7,\"is_head\":false,\
             \"is_effective_head\":false,\"is_base\":true,\"is_branch_point\":true,\
             \"is_merge_point\":false,\"is_current\":true}"
        );
        let d = revision_object(&map, map.get("d4").unwrap(), &[]);
        assert!(d.contains("\"is_head\":true"), "{d}");
        assert!(d.contains("\"is_merge_point\":true"), "{d}");
        assert!(d.contains("\"path\":null,\"line\":null"), "{d}");
        assert!(d.contains("\"depends_on\":[\"accounts\"]"), "{d}");
        let b = revision_object(&map, map.get("b2").unwrap(), &[]);
        assert!(b.contains("\"branch_labels\":[\"accounts\"]"), "{b}");
    }

    #[test]
    fn documents() {
        let map = sample();
        let all = map.history();
        let doc = revisions_json(&map, &all, &[]);
        assert!(doc.starts_with("{\"schema\":1,\"revisions\":[{\"revision\":\"d4\""));
        let cur = current_json(&map, &["zz".into(), "c3".into()]);
        assert!(cur.starts_with(
            "{\"schema\":1,\"current\":[\"c3\",\"zz\"],\"revisions\":[{\"revision\":\"c3\""
        ));
        let g = graph_json(&map, &[]);
        assert!(g.contains("\"heads\":[\"d4\"],\"bases\":[\"a1\"]"), "{g}");
        assert!(
            g.contains("{\"from\":\"b2\",\"to\":\"d4\",\"kind\":\"depends_on\"}"),
            "{g}"
        );
    }
}
