//! Pictures of the revision graph: `cargo migrate graph` in the terminal (like
//! `git log --graph`), as Graphviz DOT and as Mermaid.
//!
//! The terminal drawing lists the revisions newest first, in `history` order, one row per
//! revision: its lane marked `*`, the other open lanes `|`, then the id, its branch labels, its
//! markers and the first line of its message. Rows between revisions show lanes joining (`/`,
//! at a branch point, or when a branch ends at its base) and splitting (`\`, at a merge point):
//!
//! ```text
//! *   d4 (head) (mergepoint), merge
//! |\
//! * | b2, left
//! | * c3, right
//! |/
//! * a1 (branchpoint), first
//! ```
//!
//! `depends_on` is not a lane (it only orders); the drawing shows it after the markers as
//! `(depends on x)`, DOT as a dashed edge and Mermaid as a dotted edge.

use crate::display::{Marks, summary};
use crate::map::{Revision, RevisionMap};

/// The text of one row: id, branch labels, markers, `depends_on` and message summary.
fn row_text(map: &RevisionMap, rev: &Revision) -> String {
    let marks = Marks::in_map(map, rev);
    let mut s = rev.revision.clone();
    if !rev.branch_labels.is_empty() {
        s.push_str(&format!(" ({})", rev.branch_labels.join(", ")));
    }
    for (on, text) in [
        (marks.head, " (head)"),
        (marks.effective_head, " (effective head)"),
        (marks.branch_point, " (branchpoint)"),
        (marks.merge_point, " (mergepoint)"),
    ] {
        if on {
            s.push_str(text);
        }
    }
    if !rev.depends_on.is_empty() {
        s.push_str(&format!(" (depends on {})", rev.depends_on.join(", ")));
    }
    let doc = summary(rev);
    if !doc.is_empty() {
        s.push_str(", ");
        s.push_str(doc);
    }
    s
}

/// A row of `width` lanes: characters at columns (lane `i` at column `2i`, the moves between
/// lanes at odd columns), trailing spaces removed.
struct Row(Vec<char>);

impl Row {
    fn new(width: usize) -> Row {
        Row(vec![' '; 2 * width + 2])
    }
    fn set(&mut self, column: usize, c: char) {
        if column >= self.0.len() {
            self.0.resize(column + 1, ' ');
        }
        self.0[column] = c;
    }
    fn text(&self) -> String {
        let s: String = self.0.iter().collect();
        s.trim_end().to_owned()
    }
}

/// The terminal drawing of the whole graph, newest first (see the [module docs](self)).
/// Every line ends with `\n`; an empty map gives an empty string.
pub fn text(map: &RevisionMap) -> String {
    let mut out = String::new();
    // Each open lane waits for the revision it leads to.
    let mut lanes: Vec<String> = Vec::new();
    for rev in map.history() {
        let id = &rev.revision;
        // Lanes that wait for this revision: the first one is its lane; the others join it.
        let waiting: Vec<usize> = (0..lanes.len()).filter(|&i| &lanes[i] == id).collect();
        let col = match waiting.first() {
            Some(&c) => c,
            None => {
                lanes.push(id.clone());
                lanes.len() - 1
            }
        };
        // Join the other lanes into `col`, rightmost first, one `/` row each.
        for &j in waiting.iter().skip(1).rev() {
            out.push_str(&shift_left(lanes.len(), j, true));
            lanes.remove(j);
        }
        let parents = &rev.down_revisions;
        let new: Vec<String> = parents
            .iter()
            .skip(1)
            .filter(|p| !lanes.contains(p))
            .cloned()
            .collect();
        // The revision's own row; after a merge, the text leaves room for the new lanes.
        let mut row = Row::new(lanes.len());
        for i in 0..lanes.len() {
            row.set(2 * i, if i == col { '*' } else { '|' });
        }
        let lanes_text = row.text();
        let pad = 2 * (lanes.len() + new.len()) - 1;
        out.push_str(&format!(
            "{lanes_text:pad$} {}\n",
            row_text(map, rev),
            pad = pad.max(lanes_text.len())
        ));
        match parents.first() {
            None => {
                // A base: its lane ends; the lanes to its right move left.
                if col + 1 < lanes.len() {
                    out.push_str(&shift_left(lanes.len(), col, false));
                }
                lanes.remove(col);
            }
            Some(first) => {
                lanes[col] = first.clone();
                if !new.is_empty() {
                    // A merge: one new lane per further parent, right of `col`; the lanes
                    // already right of it move right.
                    let mut row = Row::new(lanes.len() + new.len());
                    for i in 0..=col {
                        row.set(2 * i, '|');
                    }
                    for t in 1..=new.len() {
                        row.set(2 * (col + t) - 1, '\\');
                    }
                    for k in col + 1..lanes.len() {
                        row.set(2 * (k + new.len()) - 1, '\\');
                    }
                    out.push_str(&row.text());
                    out.push('\n');
                    for (k, p) in new.into_iter().enumerate() {
                        lanes.insert(col + 1 + k, p);
                    }
                }
            }
        }
    }
    out
}

/// The row drawn when lane `j` of `width` closes: lanes left of it go on (`|`), lanes right of
/// it move one lane left (`/`), and lane `j` itself joins its left neighbour when `joins`.
fn shift_left(width: usize, j: usize, joins: bool) -> String {
    let mut row = Row::new(width);
    for i in 0..width {
        if i < j {
            row.set(2 * i, '|');
        } else if i > j || (i == j && joins && j > 0) {
            row.set(2 * i - 1, '/');
        }
    }
    let mut s = row.text();
    s.push('\n');
    s
}

/// A DOT string literal.
fn dot_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The graph as Graphviz DOT: one box per revision (id, labels and markers on the first line,
/// the message summary on the second), an edge from each parent to its child, and a dashed
/// edge labelled `depends_on` for each dependency. Bases at the bottom (`rankdir=BT`).
pub fn dot(map: &RevisionMap) -> String {
    let mut out = String::from("digraph revisions {\n    rankdir=BT;\n    node [shape=box];\n");
    let history = map.history();
    for rev in &history {
        let text = row_text_without_message(map, rev);
        let label = match summary(rev) {
            "" => text,
            doc => format!("{text}\n{doc}"),
        };
        out.push_str(&format!(
            "    {} [label={}];\n",
            dot_string(&rev.revision),
            dot_string(&label)
        ));
    }
    for rev in history.iter().rev() {
        for p in &rev.down_revisions {
            out.push_str(&format!(
                "    {} -> {};\n",
                dot_string(p),
                dot_string(&rev.revision)
            ));
        }
        for d in &rev.depends_on {
            let from = map.resolve(d).map(|r| r.revision.as_str()).unwrap_or(d);
            out.push_str(&format!(
                "    {} -> {} [style=dashed, label=\"depends_on\"];\n",
                dot_string(from),
                dot_string(&rev.revision)
            ));
        }
    }
    out.push_str("}\n");
    out
}

fn row_text_without_message(map: &RevisionMap, rev: &Revision) -> String {
    let mut bare = rev.clone();
    bare.message.clear();
    bare.depends_on.clear();
    row_text(map, &bare)
}

/// A Mermaid node id: `r_` and the revision id (ids are `[0-9a-z_]`, safe in Mermaid).
fn mermaid_id(id: &str) -> String {
    format!("r_{id}")
}

/// Mermaid label text: quotes and angle brackets as entities.
fn mermaid_text(s: &str) -> String {
    s.replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
}

/// The graph as a Mermaid flowchart (`flowchart BT`): one node per revision labelled with its
/// id, labels, markers and message summary, `-->` from each parent to its child, and `-.->`
/// labelled `depends_on` for each dependency.
pub fn mermaid(map: &RevisionMap) -> String {
    let mut out = String::from("flowchart BT\n");
    let history = map.history();
    for rev in &history {
        let text = row_text_without_message(map, rev);
        let label = match summary(rev) {
            "" => text,
            doc => format!("{text}<br/>{}", mermaid_text(doc)),
        };
        out.push_str(&format!(
            "    {}[\"{}\"]\n",
            mermaid_id(&rev.revision),
            label.replace("\"", "#quot;")
        ));
    }
    for rev in history.iter().rev() {
        for p in &rev.down_revisions {
            out.push_str(&format!(
                "    {} --> {}\n",
                mermaid_id(p),
                mermaid_id(&rev.revision)
            ));
        }
        for d in &rev.depends_on {
            let from = map.resolve(d).map(|r| r.revision.as_str()).unwrap_or(d);
            out.push_str(&format!(
                "    {} -.->|depends_on| {}\n",
                mermaid_id(from),
                mermaid_id(&rev.revision)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rev(id: &str, parents: &[&str], msg: &str) -> Revision {
        let mut r = Revision::new(id, parents);
        r.message = msg.into();
        r
    }

    #[test]
    fn fork_and_merge_like_git() {
        let map = RevisionMap::new(vec![
            rev("a1", &[], "first"),
            rev("b2", &["a1"], "left"),
            rev("c3", &["a1"], "right"),
            rev("d4", &["b2", "c3"], "merge"),
        ])
        .unwrap();
        assert_eq!(
            text(&map),
            "*   d4 (head) (mergepoint), merge\n\
             |\\\n\
             * | b2, left\n\
             | * c3, right\n\
             |/\n\
             * a1 (branchpoint), first\n"
        );
    }

    #[test]
    fn two_roots_and_an_open_fork() {
        let mut x = rev("x9", &[], "other root");
        x.branch_labels = vec!["side".into()];
        let map = RevisionMap::new(vec![
            rev("a1", &[], "first"),
            rev("b2", &["a1"], "left"),
            rev("c3", &["a1"], "right"),
            x,
        ])
        .unwrap();
        assert_eq!(
            text(&map),
            "* b2 (head), left\n\
             | * c3 (head), right\n\
             |/\n\
             * a1 (branchpoint), first\n\
             * x9 (side) (head), other root\n"
        );
    }

    #[test]
    fn dot_and_mermaid_edges() {
        let mut c = rev("c3", &["b2"], "say \"hi\"");
        c.depends_on = vec!["x9".into()];
        let map = RevisionMap::new(vec![
            rev("a1", &[], "first"),
            rev("b2", &["a1"], ""),
            c,
            rev("x9", &[], "x"),
        ])
        .unwrap();
        let d = dot(&map);
        assert!(d.starts_with("digraph revisions {\n    rankdir=BT;"), "{d}");
        assert!(d.contains("    \"a1\" -> \"b2\";\n"), "{d}");
        assert!(
            d.contains("    \"x9\" -> \"c3\" [style=dashed, label=\"depends_on\"];\n"),
            "{d}"
        );
        assert!(d.contains("[label=\"c3 (head)\\nsay \\\"hi\\\"\"]"), "{d}");
        let m = mermaid(&map);
        assert!(m.starts_with("flowchart BT\n"), "{m}");
        assert!(m.contains("    r_a1 --> r_b2\n"), "{m}");
        assert!(m.contains("    r_x9 -.->|depends_on| r_c3\n"), "{m}");
        assert!(
            m.contains("r_c3[\"c3 (head)<br/>say #quot;hi#quot;\"]"),
            "{m}"
        );
    }
}
