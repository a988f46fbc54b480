migrate_core::include_versions!("allow_twice_versions");

fn main() {}
