//! Revision files are written as rustfmt writes them: `cargo fmt` leaves a new file alone.
//! Every shape the template writes (short, long and unicode messages, merges, labels,
//! dependencies, a message wider than a line) is checked with `rustfmt --check --edition 2024`.

use std::process::Command;

use migrate_graph::template::{NewRevision, revision_source};

#[test]
fn generated_files_are_rustfmt_clean() {
    let one = vec!["1975ea83b712".to_owned()];
    let two = vec!["1975ea83b712".to_owned(), "ae1027a6acf0".to_owned()];
    let three = vec![
        "1975ea83b712".to_owned(),
        "ae1027a6acf0".to_owned(),
        "3512b954651e".to_owned(),
    ];
    let deps = vec!["0001_Initial".to_owned(), "billing".to_owned()];
    let long = "add the table that holds every invoice line of every customer, with its tax rate";
    let messages = [
        "",
        "x",
        "add account",
        "add account 1",
        "add user email",
        "create the invoice table",
        "add a column",
        long,
        &long.repeat(2),
        "élève: ajouter la colonne « prénom »",
        "创建用户表并添加索引",
        "emoji 🚀 launch table",
        "quote \" and backslash \\ in a message",
        "two\nlines",
    ];
    let parents: [&[String]; 4] = [&[], &one, &two, &three];
    let labels: [&[&str]; 3] = [&[], &["billing"], &["billing", "accounts"]];
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    // Short ids put the one-line limit within reach of a message.
    let short = vec!["b".to_owned()];
    for (m, message) in [
        "x".repeat(21),
        "x".repeat(22),
        "创建用户表并添加索引".into(),
        "创建用户表并添加索引xx".into(),
        "é".repeat(22),
    ]
    .iter()
    .enumerate()
    {
        let text = revision_source(&NewRevision {
            id: "a",
            parents: &short,
            message,
            date: "2026-11-21 10:02:11",
            struct_name: "A",
            depends_on: &[],
            branch_labels: &[],
        });
        let path = dir.path().join(format!("short{m}.rs"));
        std::fs::write(&path, text).unwrap();
        files.push(path);
    }
    for (m, message) in messages.iter().enumerate() {
        for (p, parents) in parents.iter().enumerate() {
            for (l, labels) in labels.iter().enumerate() {
                for depends_on in [&[][..], &deps] {
                    let text = revision_source(&NewRevision {
                        id: "ae1027a6acf0",
                        parents,
                        message,
                        date: "2026-11-21 10:02:11",
                        struct_name: "AddAccount",
                        depends_on,
                        branch_labels: labels,
                    });
                    let path = dir
                        .path()
                        .join(format!("m{m}_p{p}_l{l}_d{}.rs", depends_on.len()));
                    std::fs::write(&path, text).unwrap();
                    files.push(path);
                }
            }
        }
    }
    let output = Command::new("rustfmt")
        .args(["--check", "--edition", "2024", "--color", "never"])
        .args(&files)
        .output()
        .expect("rustfmt is needed for this test (rustup component add rustfmt)");
    assert!(
        output.status.success(),
        "rustfmt would change {} generated files:\n{}{}",
        String::from_utf8_lossy(&output.stdout)
            .matches("Diff in")
            .count(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
