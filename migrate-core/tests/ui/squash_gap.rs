migrate_core::include_versions!("squash_gap_versions");

fn main() {}
