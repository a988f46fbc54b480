migrate_core::include_versions!("malformed_id_versions");

fn main() {}
