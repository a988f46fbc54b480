migrate_core::include_versions!("labelled_branches_versions");

fn main() {
    // Two heads, each on a labelled branch: `check --allow-branches` accepts them.
    let config = migrate_core::Config::resolve(&MIGRATIONS, Some("sqlite::memory:")).unwrap();
    let migrator = migrate_core::Migrator::new(MIGRATIONS, config).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let strict = runtime.block_on(migrator.check(false)).unwrap();
    assert!(strict.problems.iter().any(|p| p.contains("has 2 heads")), "{:?}", strict.problems);
    let allowed = runtime.block_on(migrator.check(true)).unwrap();
    assert!(!allowed.problems.iter().any(|p| p.contains("heads (")), "{:?}", allowed.problems);
}
