migrate_core::include_versions!("unknown_key_versions");

fn main() {}
