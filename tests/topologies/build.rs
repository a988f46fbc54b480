//! Rebuild when a revision file is added.
fn main() {
    println!("cargo::rerun-if-changed=src/versions");
    println!("cargo::rerun-if-changed=Cargo.toml");
}
