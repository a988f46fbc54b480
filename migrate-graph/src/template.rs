//! The text of a revision file, as `cargo migrate revision` writes it. Beside the scanner that
//! reads it back ([`crate::scan`]), so that every writer of revision files (the CLI, the tests
//! that generate graphs) writes the same shape.

/// What a new revision file says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRevision<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its parents: none for a base, two or more for a merge.
    pub parents: &'a [String],
    /// Its message.
    pub message: &'a str,
    /// `Create Date:` (`YYYY-MM-DD HH:MM:SS`, UTC).
    pub date: &'a str,
    /// The struct's name.
    pub struct_name: &'a str,
    /// `depends_on`: revisions it needs without descending from them (ids or labels).
    pub depends_on: &'a [String],
    /// `branch_label`: none, one, or several.
    pub branch_labels: &'a [&'a str],
}

/// The text of a revision file, in the shape of DESIGN.md §1: the `//!` header Alembic writes
/// in its docstring, the prelude import, the `#[migration]` struct, and `upgrade` and
/// `downgrade` that fail until they are written (`Err(Error::UnwrittenUpgrade)`: the runner
/// says "revision X has an empty upgrade; write it or delete the file"), except in a merge
/// revision, which changes nothing unless told to.
pub fn revision_source(new: &NewRevision<'_>) -> String {
    source(new, &[])
}

/// [`revision_source`] for a squash: its attribute also lists `replaces = ("START", …, "END")`,
/// the revisions it replaces, oldest first (see [`crate::squash`]).
pub fn squash_source(new: &NewRevision<'_>, replaces: &[String]) -> String {
    source(new, replaces)
}

fn source(new: &NewRevision<'_>, replaces: &[String]) -> String {
    let mut out = String::new();
    if !new.message.is_empty() {
        for line in new.message.lines() {
            push_doc_line(&mut out, line);
        }
        push_doc_line(&mut out, "");
    }
    push_doc_line(&mut out, &format!("Revision ID: {}", new.id));
    push_doc_line(&mut out, &format!("Revises: {}", new.parents.join(", ")));
    push_doc_line(&mut out, &format!("Create Date: {}", new.date));
    out.push('\n');
    out.push_str("use migrate_core::prelude::*;\n\n");

    let tuple = |v: &[String]| match v {
        [] => "None".to_owned(),
        [one] => format!("{one:?}"),
        many => format!(
            "({})",
            many.iter()
                .map(|p| format!("{p:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let mut args = vec![
        format!("revision = {:?}", new.id),
        format!("down_revision = {}", tuple(new.parents)),
    ];
    if !new.depends_on.is_empty() {
        args.push(format!("depends_on = {}", tuple(new.depends_on)));
    }
    match new.branch_labels {
        [] => {}
        [label] => args.push(format!("branch_label = {label:?}")),
        labels => args.push(format!(
            "branch_label = ({})",
            labels
                .iter()
                .map(|l| format!("{l:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
    if !replaces.is_empty() {
        let ids: Vec<String> = replaces.iter().map(|r| format!("{r:?}")).collect();
        args.push(format!("replaces = ({})", ids.join(", ")));
    }
    args.push(format!("message = {:?}", new.message));
    let one_line = format!("#[migration({})]", args.join(", "));
    // Written as rustfmt would, so that `cargo fmt` leaves new files alone. rustfmt formats an
    // attribute whose values are all literals, one line while the arguments are at most 70
    // columns wide (`attr_fn_like_width`); one with `None` or a tuple it leaves as written.
    let all_literals = new.parents.len() == 1
        && new.depends_on.len() <= 1
        && new.branch_labels.len() <= 1
        && replaces.is_empty();
    let fits = if all_literals {
        width(&args.join(", ")) <= 70
    } else {
        width(&one_line) <= 100
    };
    if fits {
        out.push_str(&one_line);
        out.push('\n');
    } else {
        out.push_str("#[migration(\n    ");
        out.push_str(&args.join(",\n    "));
        out.push_str("\n)]\n");
    }
    let name = new.struct_name;
    // A merge joins branches and usually changes nothing (Alembic's merge files are empty too);
    // any other revision fails until its bodies are written.
    let (upgrade, downgrade) = if new.parents.len() > 1 {
        ("Ok(())", "Ok(())")
    } else {
        (
            "Err(Error::UnwrittenUpgrade)",
            "Err(Error::UnwrittenDowngrade)",
        )
    };
    out.push_str(&format!(
        "pub struct {name};

impl Migration for {name} {{
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {{
        let _ = op;
        {upgrade}
    }}

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {{
        let _ = op;
        {downgrade}
    }}
}}
"
    ));
    out
}

/// The columns `text` takes in a terminal, as rustfmt counts them: East Asian wide characters
/// and emoji take two.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| match u32::from(c) {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x1F300..=0x1F64F
            | 0x1F680..=0x1F6FF
            | 0x1F900..=0x1F9FF
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

fn push_doc_line(out: &mut String, line: &str) {
    let line = line.trim_end();
    if line.is_empty() {
        out.push_str("//!\n");
    } else {
        out.push_str("//! ");
        out.push_str(line);
        out.push('\n');
    }
}
