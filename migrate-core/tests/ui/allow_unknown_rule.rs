migrate_core::include_versions!("allow_unknown_rule_versions");

fn main() {}
