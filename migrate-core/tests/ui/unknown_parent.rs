migrate_core::include_versions!("unknown_parent_versions");

fn main() {}
