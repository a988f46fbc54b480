//! The blog application. Its schema lives in the `blog-migrations` crate next to it; run
//! `cargo migrate upgrade head` from the repository root to create it.

fn main() {
    println!("blog: run `cargo migrate upgrade head` to create the schema");
}
