//! The blog's migrations binary: `cargo migrate` builds and runs it; in production it runs
//! alone (`./blog-migrations upgrade head`).

// The models of `blog` (#[derive(Model)]), which `check` and autogenerate compare with the
// revisions: a crate nothing names is not linked, and its models would not register.
use blog as _;

fn main() -> std::process::ExitCode {
    migrate_core::cli::main(blog_migrations::MIGRATIONS)
}
