migrate_core::include_versions!("heads_versions");

fn main() {}
