//! Rebuild when a revision file is added.
fn main() {
    println!("cargo::rerun-if-changed=src/versions");
    println!("cargo::rerun-if-changed=tests/lint_versions");
    println!("cargo::rerun-if-changed=Cargo.toml");
}
