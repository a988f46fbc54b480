migrate_core::include_versions!("cycle_versions");

fn main() {}
