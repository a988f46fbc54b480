migrate_core::include_versions!("duplicate_label_versions");

fn main() {}
