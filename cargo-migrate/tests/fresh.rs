//! `cargo migrate` skips cargo's no-op build when nothing the migrations binary depends on
//! changed (issue 13), and rebuilds as soon as something did: an edited revision, a new one.

mod common;

use common::Workspace;

/// True when the run asked cargo to build (cargo says `Finished` even when nothing was built).
fn built(run: &common::Run) -> bool {
    run.stderr.contains("Finished `dev` profile")
}

/// Writes one statement each into the generated bodies of `file`; returns the text.
fn write_bodies(ws: &Workspace, file: &str, table: &str) -> String {
    let text = ws
        .read(file)
        .replace(
            "Err(Error::UnwrittenUpgrade)",
            &format!("op.execute(\"CREATE TABLE {table} (id INTEGER)\").await"),
        )
        .replace(
            "Err(Error::UnwrittenDowngrade)",
            &format!("op.execute(\"DROP TABLE {table}\").await"),
        )
        .replace("        let _ = op;\n", "");
    std::fs::write(ws.root().join(file), &text).unwrap();
    text
}

#[test]
fn nothing_changed_runs_the_binary_without_cargo_and_an_edit_rebuilds() {
    let ws = Workspace::new();
    ws.ok(&["init"]);
    let first = ws.ok(&["revision", "-m", "create user"]).created();
    let text = write_bodies(&ws, &first, "account");

    let up = ws.ok(&["upgrade", "head"]);
    assert!(built(&up), "the first run builds: {up}");
    let current = ws.ok(&["current"]);
    assert!(
        !built(&current),
        "nothing changed, no cargo build: {current}"
    );
    assert!(current.stdout.contains("(head)"), "{current}");

    // An edited revision is rebuilt: `check` (from the binary's checksums) sees the edit of
    // the applied revision, which a stale binary would not.
    std::fs::write(
        ws.root().join(&first),
        text.replace(
            "message = \"create user\"",
            "message = \"create the user table\"",
        ),
    )
    .unwrap();
    let check = ws.run(&["check"]);
    assert!(built(&check), "an edit rebuilds: {check}");
    assert_eq!(check.code, 8, "{check}");
    assert!(check.stderr.contains("was edited after it ran"), "{check}");
    let again = ws.ok(&["current"]);
    assert!(!built(&again), "{again}");
    // The start-up at head says so too: the edit changed the fingerprint of the applied
    // revisions, so the checksum checkpoint the first run left no longer vouches for them.
    let start = ws.ok(&["upgrade", "head"]);
    assert!(
        start.stderr.contains("applied revision")
            && start.stderr.contains("was edited after it ran"),
        "{start}"
    );

    // A new revision is rebuilt too: `upgrade head` runs it.
    let second = ws.ok(&["revision", "-m", "add email"]).created();
    write_bodies(&ws, &second, "email");
    let up = ws.ok(&["upgrade", "head"]);
    assert!(built(&up), "{up}");
    assert!(up.stderr.contains("add email"), "{up}");
}
