migrate_core::include_versions!("linear_versions");

fn main() {
    let registry = MIGRATIONS.registry().expect("the graph is valid");
    assert_eq!(registry.len(), 3);
    let heads: Vec<&str> = registry.map().heads().iter().map(|r| r.revision.as_str()).collect();
    assert_eq!(heads, ["3512b954651e"]);
}
