migrate_core::include_versions!("two_roots_versions");

fn main() {}
