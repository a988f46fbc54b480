migrate_core::include_versions!("unknown_depends_on_versions");

fn main() {}
