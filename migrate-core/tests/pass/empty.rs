migrate_core::include_versions!("empty_versions");

fn main() {
    // A folder with no revision compiles, but the registry refuses to be empty, saying why.
    let error = MIGRATIONS.registry().expect_err("an empty registry is refused");
    assert!(matches!(error, migrate_core::Error::EmptyRegistry), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("no migrations are registered"), "{message}");
    assert!(message.contains("MIGRATIONS"), "{message}");
}
