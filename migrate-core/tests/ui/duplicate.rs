migrate_core::include_versions!("duplicate_versions");

fn main() {}
