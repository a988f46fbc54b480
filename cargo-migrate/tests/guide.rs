//! The guide's commands, run as written (docs/guide/*.md, with trycmd): each page in a brand-new
//! workspace of its own, on SQLite and on PostgreSQL, its `console` blocks run in order and
//! their output compared with the page (`[..]` stands for a part of a line, `...` for lines).
//!
//! A block marked `console,sqlite-only` or `console,postgres-only` runs on that database only;
//! one marked `console,repository` runs from the root of a copy of this repository instead
//! (cargo-migrate/tests/readme.rs).
//! The pages' "Using" lines name SQLite; on PostgreSQL they are rewritten to name the test
//! database, which comes from `DATABASE_URL`.
//!
//! Set `GUIDE_KEEP=1` to keep the temporary pages (trycmd's `TRYCMD=overwrite` then writes
//! what the commands printed into them).

mod common;

use std::path::{Path, PathBuf};

use common::{POSTGRES, ServerDatabase, repo};

/// The database URL of a page, as SQLite prints it.
const SQLITE_URL: &str = "sqlite:[CWD]/migrations/migrations.db?mode=rwc";

/// The commands a page may run: anything else would be skipped by trycmd, so it is refused.
const BINS: [&str; 2] = ["cargo", "cp"];

#[derive(Clone, Copy, PartialEq)]
enum Db {
    Sqlite,
    Postgres,
}

fn pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(repo().join("docs/guide"))
        .expect("docs/guide")
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md")
                && p.file_name().is_some_and(|n| n != "README.md")
        })
        .collect();
    pages.sort();
    assert_eq!(pages.len(), 7, "one page per workflow: {pages:?}");
    pages
}

/// Every `$ ` line of a `console` block starts with a command of [`BINS`].
fn assert_known_bins(page: &Path, text: &str) {
    for (n, line) in text.lines().enumerate() {
        if let Some(command) = line.strip_prefix("$ ") {
            // As trycmd reads it: shell words, the leading `NAME=value` ones being the
            // environment.
            let words = shlex::split(command).unwrap_or_default();
            let bin = words
                .iter()
                .find(|word| !word.contains('='))
                .map(String::as_str)
                .unwrap_or_default();
            assert!(
                BINS.contains(&bin),
                "{}:{}: `{bin}` is not a command the guide test runs ({BINS:?})",
                page.display(),
                n + 1
            );
        }
    }
}

/// The page as it runs on `db` in `url`'s database.
fn page_for(text: &str, db: Db, url: Option<&str>) -> String {
    match db {
        Db::Sqlite => text
            .replace("```console,postgres-only", "```console,ignore")
            .replace("```console,repository", "```console,ignore"),
        Db::Postgres => text
            .replace("```console,sqlite-only", "```console,ignore")
            .replace("```console,repository", "```console,ignore")
            .replace(
                &format!("{SQLITE_URL} (from [package.metadata.migrate])"),
                &format!("{SQLITE_URL} (from DATABASE_URL)"),
            )
            .replace(SQLITE_URL, url.expect("a URL")),
    }
}

/// The pages' workspaces all build the crate `migrations` into the one shared target folder,
/// so one binary path: two pages running at once would run each other's build.
static SHARED_TARGET: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn run_page(page: &Path, db: Db) {
    let _serial = SHARED_TARGET.lock().unwrap_or_else(|e| e.into_inner());
    let text = std::fs::read_to_string(page).unwrap();
    assert_known_bins(page, &text);
    let database = (db == Db::Postgres).then(|| ServerDatabase::create(POSTGRES));
    let url = database.as_ref().map(|d| d.url.clone());

    let dir = tempfile::Builder::new()
        .prefix("cargo-migrate-guide-")
        .tempdir()
        .unwrap();
    let stem = page.file_stem().unwrap().to_str().unwrap();
    // trycmd runs `<stem>.md` in `<stem>.in/`: a workspace with no members yet.
    common::guide_workspace(&dir.path().join(format!("{stem}.in")));
    let case = dir.path().join(format!("{stem}.md"));
    std::fs::write(&case, page_for(&text, db, url.as_deref())).unwrap();

    let cases = common::trycmd_cases(Path::new(env!("CARGO_BIN_EXE_cargo-migrate")));
    cases.case(&case);
    if let Some(url) = &url {
        cases.env("DATABASE_URL", url.as_str());
    }
    cases.run();
    if std::env::var_os("GUIDE_KEEP").is_some() {
        eprintln!("kept {}", dir.keep().display());
    }
}

#[test]
fn the_guide_on_sqlite() {
    for page in pages() {
        run_page(&page, Db::Sqlite);
    }
}

#[test]
fn the_guide_on_postgres() {
    for page in pages() {
        run_page(&page, Db::Postgres);
    }
}
