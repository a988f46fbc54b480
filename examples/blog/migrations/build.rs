//! Rebuild when a revision file is added: cargo cannot see a folder's listing by itself.
fn main() {
    println!("cargo::rerun-if-changed=src/versions");
    println!("cargo::rerun-if-changed=Cargo.toml");
}
