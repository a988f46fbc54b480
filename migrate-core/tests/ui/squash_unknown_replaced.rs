migrate_core::include_versions!("squash_unknown_replaced_versions");

fn main() {}
