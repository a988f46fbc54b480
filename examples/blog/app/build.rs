//! Rebuilds the binary when a revision file is added or removed: src/main.rs embeds the
//! revisions of ../migrations/src/versions.

fn main() {
    println!("cargo::rerun-if-changed=../migrations/src/versions");
}
