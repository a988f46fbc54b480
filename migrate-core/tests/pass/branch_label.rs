migrate_core::include_versions!("branch_label_versions");

fn main() {
    let registry = MIGRATIONS.registry().expect("the graph is valid");
    assert_eq!(registry.len(), 4);
    let heads: Vec<&str> = registry.map().heads().iter().map(|r| r.revision.as_str()).collect();
    assert_eq!(heads, ["27c6a30d7c24", "3512b954651e"]);

    // A labelled branch compiles, and `check` (the CI gate) still reports the two heads.
    let config = migrate_core::Config::resolve(&MIGRATIONS, Some("sqlite::memory:")).unwrap();
    let migrator = migrate_core::Migrator::new(MIGRATIONS, config).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let report = runtime.block_on(migrator.check(false)).unwrap();
    assert!(
        report.problems.iter().any(|p| p.contains("has 2 heads (27c6a30d7c24, 3512b954651e)")),
        "{:?}",
        report.problems
    );
    // Only one of the two branches is labelled, so --allow-branches still reports them.
    let report = runtime.block_on(migrator.check(true)).unwrap();
    assert!(report.problems.iter().any(|p| p.contains("has 2 heads")), "{:?}", report.problems);
}
