migrate_core::include_versions!("linear_versions");

fn main() {
    let registry = MIGRATIONS.registry().expect("the graph is valid");
    assert_eq!(registry.len(), 3);
    let heads: Vec<&str> = registry.map().heads().iter().map(|r| r.revision.as_str()).collect();
    assert_eq!(heads, ["3512b954651e"]);

    // The checksum the macro registered (lexed inside rustc) equals the one the scanner computes
    // outside it (cargo migrate, the runtime), and ignores comments and formatting.
    let source = include_str!("linear_versions/0002_add_account.rs");
    let registered = registry.get("ae1027a6acf0").expect("registered").checksum;
    assert_eq!(registered, migrate_graph::scan::checksum_source(source).unwrap());
    let reformatted = format!("//! a new doc comment\n// a comment\n{}", source.replace("    ", "\t"));
    assert_eq!(registered, migrate_graph::scan::checksum_source(&reformatted).unwrap());
    let edited = source.replace("SELECT 1", "SELECT 2");
    assert_ne!(registered, migrate_graph::scan::checksum_source(&edited).unwrap());
}
