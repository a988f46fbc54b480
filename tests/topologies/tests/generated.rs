//! The 200 revision files in `src/versions` are generated: this test checks that they are what
//! the generator below writes (revision files have one writer, `migrate_graph::template`), and
//! rewrites them when `MIGRATE_REGENERATE=1`.

use std::path::Path;

use migrate_graph::template::{NewRevision, revision_source};

/// How many revisions the history holds.
const COUNT: u32 = 200;

/// Every how many revisions one also creates a table.
const DDL_EVERY: u32 = 20;

/// Revisions `n` with `n % OUTSIDE_EVERY == OUTSIDE_AT` run outside a transaction
/// (`transactional = false`) and build an index concurrently (PostgreSQL; a plain index
/// elsewhere), so that the races also cover steps that claim the lock table.
const OUTSIDE_EVERY: u32 = 50;
const OUTSIDE_AT: u32 = 25;

/// The id of revision `n` (1-based): 12 hex digits.
fn id(n: u32) -> String {
    format!("a{n:011}")
}

/// The file of revision `n`, under `src/versions`.
fn file_name(n: u32) -> String {
    format!("{}_data_{n:04}.rs", id(n))
}

/// The text of revision `n`'s file.
fn source(n: u32) -> String {
    let id = id(n);
    let parents = if n == 1 {
        vec![]
    } else {
        vec![self::id(n - 1)]
    };
    let table = n.is_multiple_of(DDL_EVERY).then(|| format!("t_{n:04}"));
    let outside = n % OUTSIDE_EVERY == OUTSIDE_AT;
    let message = match &table {
        Some(table) => format!("data {n:04} and table {table}"),
        None if outside => {
            format!("data {n:04} and index ix_applied_{n:04}, outside a transaction")
        }
        None => format!("data {n:04}"),
    };
    let mut upgrade = String::new();
    let mut downgrade = String::new();
    if outside {
        upgrade.push_str(&format!(
            "        op.create_index_concurrently(Index::create().name(\"ix_applied_{n:04}\").table(\"applied\").col(\"revision\"))\n            .await?;\n"
        ));
        downgrade.push_str(&format!(
            "        op.drop_index(Index::drop().name(\"ix_applied_{n:04}\").table(\"applied\")).await?;\n"
        ));
    }
    if n == 1 {
        upgrade.push_str(
            "        op.create_table(Table::create().table(\"applied\").col(string(\"revision\"))).await?;\n",
        );
    }
    if let Some(table) = &table {
        upgrade.push_str(&format!(
            "        op.create_table(Table::create().table(\"{table}\").col(pk_auto(\"id\"))).await?;\n"
        ));
        downgrade.push_str(&format!(
            "        op.drop_table(Table::drop().table(\"{table}\")).await?;\n"
        ));
    }
    upgrade.push_str(&format!("        crate::record(op, \"{id}\").await\n"));
    if n == 1 {
        downgrade.push_str("        op.drop_table(Table::drop().table(\"applied\")).await\n");
    } else {
        downgrade.push_str(&format!("        crate::unrecord(op, \"{id}\").await\n"));
    }
    let text = revision_source(&NewRevision {
        id: &id,
        parents: &parents,
        message: &message,
        date: "2026-12-02 00:00:00",
        struct_name: &format!("Data{n:04}"),
        depends_on: &[],
        branch_labels: &[],
    });
    // The template's unwritten bodies, filled in.
    let unwritten = |direction: &str| {
        format!("        let _ = op;\n        Err(Error::Unwritten{direction})\n")
    };
    let (up, down) = (unwritten("Upgrade"), unwritten("Downgrade"));
    assert!(
        text.contains(&up) && text.contains(&down),
        "the template changed:\n{text}"
    );
    let text = text
        .replacen(&up, &upgrade, 1)
        .replacen(&down, &downgrade, 1);
    if outside {
        let attribute = format!("message = \"{message}\"");
        assert!(text.contains(&attribute), "the template changed:\n{text}");
        return text.replacen(
            &attribute,
            &format!("{attribute}, transactional = false"),
            1,
        );
    }
    text
}

#[test]
fn revision_files_are_generated() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/versions");
    let regenerate = std::env::var("MIGRATE_REGENERATE").as_deref() == Ok("1");
    if regenerate {
        std::fs::create_dir_all(&dir).unwrap();
        for entry in std::fs::read_dir(&dir).unwrap() {
            std::fs::remove_file(entry.unwrap().path()).unwrap();
        }
    }
    for n in 1..=COUNT {
        let path = dir.join(file_name(n));
        if regenerate {
            std::fs::write(&path, source(n)).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; regenerate with MIGRATE_REGENERATE=1",
                path.display()
            )
        });
        assert_eq!(
            committed,
            source(n),
            "{} differs from the generator's output; regenerate with MIGRATE_REGENERATE=1",
            path.display()
        );
    }
    let files = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(
        files, COUNT as usize,
        "src/versions holds {files} files, the generator writes {COUNT}; regenerate with MIGRATE_REGENERATE=1"
    );
}
