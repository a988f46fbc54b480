//! The blog's migrations binary: `cargo migrate` builds and runs it; in production it runs
//! alone (`./blog-migrations upgrade head`).
fn main() -> std::process::ExitCode {
    migrate_core::cli::main(blog_migrations::MIGRATIONS)
}
