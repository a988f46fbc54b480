// Ids Alembic accepts, not lowercase hex, are taken as they are; files in sub-folders of the
// versions folder are included (Alembic's `recursive_version_locations`).
migrate_core::include_versions!("alembic_ids_versions");

fn main() {
    let registry = MIGRATIONS.registry().expect("the graph is valid");
    assert_eq!(registry.len(), 3);
    let heads: Vec<&str> = registry.map().heads().iter().map(|r| r.revision.as_str()).collect();
    assert_eq!(heads, ["Head_2"]);
    let chain: Vec<&str> = registry.map().history().iter().map(|r| r.revision.as_str()).collect();
    assert_eq!(chain, ["Head_2", "AE1027a6acf0", "0001_Initial"]);
}
