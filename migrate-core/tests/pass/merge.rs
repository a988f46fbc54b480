migrate_core::include_versions!("merge_versions");

fn main() {
    let registry = MIGRATIONS.registry().expect("the graph is valid");
    assert_eq!(registry.len(), 5);
    let heads: Vec<&str> = registry.map().heads().iter().map(|r| r.revision.as_str()).collect();
    assert_eq!(heads, ["5a5b5c5d5e5f"]);
}
