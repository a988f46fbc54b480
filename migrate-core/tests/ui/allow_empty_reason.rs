migrate_core::include_versions!("allow_empty_reason_versions");

fn main() {}
