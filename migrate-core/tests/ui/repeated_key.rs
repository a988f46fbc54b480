migrate_core::include_versions!("repeated_key_versions");

fn main() {}
