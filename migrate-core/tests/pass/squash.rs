migrate_core::include_versions!("squash_versions");

fn main() {
    let registry = MIGRATIONS.registry().expect("the graph is valid");
    assert_eq!(registry.len(), 5);
    let map = registry.map();
    // The squash stands for the revisions it replaces: one head, END resolves to the squash.
    let heads: Vec<&str> = map.heads().iter().map(|r| r.revision.as_str()).collect();
    assert_eq!(heads, ["a00000000004"]);
    let history: Vec<&str> = map.history().iter().map(|r| r.revision.as_str()).collect();
    assert_eq!(history, ["a00000000004", "b00000000001", "a00000000001"]);
    assert_eq!(registry.get("b00000000001").unwrap().replaces, ["a00000000002", "a00000000003"]);
}
