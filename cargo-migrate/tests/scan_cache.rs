//! The graph commands read the revision files through a cache in the target folder: what they
//! print is what the files say now, after edits, removals and broken files.

mod common;

use std::time::Duration;

use common::Workspace;

#[test]
fn history_follows_edits_removals_and_broken_files_through_the_cache() {
    let ws = Workspace::new();
    ws.ok(&["init"]);
    let one = ws
        .ok(&["revision", "-m", "first one", "--rev-id", "aaaa00000001"])
        .created();
    let two = ws
        .ok(&["revision", "-m", "second", "--rev-id", "aaaa00000002"])
        .created();
    // Files changed in the last 2 s are never cached: wait so that this run fills the cache.
    std::thread::sleep(Duration::from_millis(2100));
    let before = ws.ok(&["history"]).stdout;
    assert!(
        before.contains("first one") && before.contains("second"),
        "{before}"
    );
    assert!(
        common::repo()
            .join("target/e2e/cargo-migrate/migrations-sources.cache")
            .is_file(),
        "the cache is in the target folder"
    );

    // The same size, another message: read again.
    let path = ws.root().join(&one);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("first one", "first uno")).unwrap();
    let edited = ws.ok(&["history"]).stdout;
    assert!(
        edited.contains("first uno") && !edited.contains("first one"),
        "{edited}"
    );

    // A removed file is gone, a file without #[migration] is warned about on every run.
    std::fs::remove_file(ws.root().join(&two)).unwrap();
    let helper = ws.root().join("migrations/src/versions/helper.rs");
    std::fs::write(&helper, "pub fn helper() {}\n").unwrap();
    std::thread::sleep(Duration::from_millis(2100));
    for _ in 0..2 {
        let run = ws.ok(&["history"]);
        assert!(!run.stdout.contains("second"), "{run}");
        assert!(run.stdout.contains("first uno"), "{run}");
        assert!(
            run.stderr
                .contains("helper.rs has no #[migration(...)] attribute"),
            "{run}"
        );
    }
    let heads = ws.ok(&["heads"]).stdout;
    assert!(heads.starts_with("aaaa00000001"), "{heads}");
}
