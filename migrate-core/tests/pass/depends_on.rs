migrate_core::include_versions!("depends_on_versions");

fn main() {
    let registry = MIGRATIONS.registry().expect("the graph is valid");
    assert_eq!(registry.len(), 4);
    let heads: Vec<&str> = registry.map().heads().iter().map(|r| r.revision.as_str()).collect();
    assert_eq!(heads, ["27c6a30d7c24", "3512b954651e"]);
}
