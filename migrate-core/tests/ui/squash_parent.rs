migrate_core::include_versions!("squash_parent_versions");

fn main() {}
