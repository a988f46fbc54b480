//! The README's own command blocks, run as written (with trycmd, as the guide's are).
//!
//! - A ```` ```console,workspace ```` block runs in a brand-new cargo workspace with the guide's
//!   files beside it (`guide-files/`), as a newcomer's project.
//! - A ```` ```console,repository ```` block runs from the root of a copy of this repository (its
//!   tracked files), after the README's first command (`cargo migrate upgrade head`, the main
//!   job), as a newcomer on a fresh clone; the block's preceding ```` ```rust ```` block is the
//!   edit it asks for, applied to the file it names.
//! - Every other block with a `cargo migrate` line must be listed in [`COVERED_ELSEWHERE`] with
//!   the test that runs it, so that no command block goes untested silently.
//!
//! In the expected output, a revision id the repository does not have (one the commands just
//! generated) stands for any id.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::repo;

/// Blocks whose commands cannot run here as written, by their first line, with what runs them.
const COVERED_ELSEWHERE: [(&str, &str); 3] = [
    (
        "cargo migrate upgrade head      # the example workspace (examples/blog), upgraded to head on SQLite",
        "the two commands: `.ci/run` runs both (the main job after the tests)",
    ),
    (
        "cargo migrate revision -m \"schema adopted from alembic\" --rev-id <Alembic's head id>",
        "placeholders for a real Alembic id: cargo-migrate/tests/adopt_alembic.rs runs it on a database real Alembic migrated",
    ),
    (
        "DATABASE_URL=postgres://app@db/app ./migrations upgrade head",
        "a production host: cargo-migrate/tests/standalone.rs runs the standalone binary",
    ),
];

/// The repository copies build the crate `blog-migrations` into the one shared target folder, so
/// one binary path: the tests take turns (each would run the other's build).
static SHARED_TARGET: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A fenced block of the README.
struct Block {
    info: String,
    text: String,
    line: usize,
}

fn blocks(readme: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (n, line) in readme.lines().enumerate() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => {
                open = Some(Block {
                    info: info.trim().to_string(),
                    text: String::new(),
                    line: n + 1,
                })
            }
            (Some(_), Some("")) => out.push(open.take().unwrap()),
            (Some(block), _) => {
                block.text.push_str(line);
                block.text.push('\n');
            }
            (None, None) => {}
        }
    }
    out
}

/// The revision ids the repository's histories have (12 hex digits), which stay literal.
fn known_ids(root: &Path) -> Vec<String> {
    let mut ids = Vec::new();
    for dir in ["examples/blog/migrations/src/versions", "docs/guide/files"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if let Some(id) = name.get(..12).filter(|id| is_id(id)) {
                ids.push(id.to_string());
            }
        }
    }
    ids
}

fn is_id(word: &str) -> bool {
    word.len() == 12
        && word
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// `text` as a trycmd case: in output lines, an unknown id becomes `[..]`.
fn case(text: &str, known: &[String]) -> String {
    let mut out = String::from("```console\n");
    for line in text.lines() {
        if line.starts_with("$ ") {
            out.push_str(line);
        } else {
            let mut rest = line;
            while let Some(at) = rest
                .char_indices()
                .find(|(i, _)| rest.get(*i..*i + 12).is_some_and(is_id))
                .map(|(i, _)| i)
            {
                let id = &rest[at..at + 12];
                out.push_str(&rest[..at]);
                out.push_str(if known.iter().any(|k| k == id) {
                    id
                } else {
                    "[..]"
                });
                rest = &rest[at + 12..];
            }
            out.push_str(rest);
        }
        out.push('\n');
    }
    out.push_str("```\n");
    out
}

fn cargo_migrate() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_cargo-migrate"))
}

fn run_case(dir: &Path, name: &str, text: &str, known: &[String]) {
    run_case_with(dir, name, text, known, cargo_migrate());
}

/// [`run_case`], with `cargo` standing for the program `cargo`.
fn run_case_with(dir: &Path, name: &str, text: &str, known: &[String], cargo: &Path) {
    // trycmd runs `<name>.md` in `<name>.in/`.
    let path = dir.join(format!("{name}.md"));
    std::fs::write(&path, case(text, known)).unwrap();
    let cases = common::trycmd_cases(cargo);
    cases.case(&path);
    cases.run();
}

/// A brand-new workspace with the guide's files, in `<dir>/<name>.in`.
fn workspace(dir: &Path, name: &str) {
    common::guide_workspace(&dir.join(format!("{name}.in")));
}

/// A copy of the repository's tracked files (with their uncommitted changes), in
/// `<dir>/<name>.in`, as a fresh clone has them.
fn repository(dir: &Path, name: &str) -> PathBuf {
    let copy = dir.join(format!("{name}.in"));
    let listed = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(repo())
        .output()
        .expect("git runs");
    assert!(listed.status.success(), "git ls-files failed");
    for file in listed.stdout.split(|b| *b == 0).filter(|f| !f.is_empty()) {
        let relative = Path::new(std::str::from_utf8(file).unwrap());
        let from = repo().join(relative);
        if !from.is_file() {
            continue; // deleted in the working tree
        }
        let to = copy.join(relative);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&from, &to).unwrap();
    }
    copy
}

/// Applies the edit of a `rust` block that the README asks for before a `repository` block:
/// "Add a field to `Post`" in `examples/blog/app/src/lib.rs`: the block goes at the end of
/// the struct.
fn apply_edit(root: &Path, prose: &str, edit: &str) {
    let file = "examples/blog/app/src/lib.rs";
    assert!(
        prose.contains(&format!("`{file}`")) && prose.contains("Add a field to `Post`"),
        "the README's edit before a repository block changed; teach this test to apply it: {prose}"
    );
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("pub struct Post {").expect("struct Post");
    let end = start + text[start..].find("\n}\n").expect("the end of Post");
    let edited = format!("{}\n{}{}", &text[..end], edit.trim_end(), &text[end..]);
    std::fs::write(&path, edited).unwrap();
}

#[test]
fn the_readme_command_blocks_run_as_shown() {
    let _serial = SHARED_TARGET.lock().unwrap_or_else(|e| e.into_inner());
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let lines: Vec<&str> = readme.lines().collect();
    let all = blocks(&readme);
    let known = known_ids(&repo());
    let dir = tempfile::Builder::new()
        .prefix("cargo-migrate-readme-")
        .tempdir()
        .unwrap();
    let mut ran = 0;
    for (i, block) in all.iter().enumerate() {
        let name = format!("block-{}", block.line);
        match block.info.as_str() {
            "console,workspace" => {
                workspace(dir.path(), &name);
                run_case(dir.path(), &name, &block.text, &known);
                ran += 1;
            }
            "console,repository" => {
                let root = repository(dir.path(), &name);
                let main_job = Command::new(cargo_migrate())
                    .args(["migrate", "upgrade", "head"])
                    .current_dir(&root)
                    .env("CARGO_TARGET_DIR", repo().join("target/e2e"))
                    .env("NO_COLOR", "1")
                    .env_remove("DATABASE_URL")
                    .output()
                    .unwrap();
                assert!(
                    main_job.status.success(),
                    "the README's first command failed: {}",
                    String::from_utf8_lossy(&main_job.stderr)
                );
                let edit = all[..i]
                    .iter()
                    .rev()
                    .find(|b| b.info == "rust")
                    .expect("the edit before the block");
                let prose = lines[edit.line.saturating_sub(5)..edit.line - 1].join("\n");
                apply_edit(&root, &prose, &edit.text);
                run_case(dir.path(), &name, &block.text, &known);
                ran += 1;
            }
            _ if block
                .text
                .lines()
                .any(|l| l.contains("cargo migrate ") || l.contains("./migrations ")) =>
            {
                let first = block.text.lines().next().unwrap_or_default();
                assert!(
                    block.info.starts_with("rust")
                        || block.info == "text"
                        || COVERED_ELSEWHERE.iter().any(|(line, _)| *line == first),
                    "README.md:{}: a command block that no test runs: mark it ```console,workspace or ```console,repository, or list it in COVERED_ELSEWHERE with the test that runs it",
                    block.line
                );
            }
            _ => {}
        }
    }
    assert_eq!(ran, 2, "the README's console blocks");
    for (line, _) in COVERED_ELSEWHERE {
        assert!(
            all.iter().any(|b| b.text.lines().next() == Some(line)),
            "COVERED_ELSEWHERE lists a block the README no longer has: {line}"
        );
    }
}

/// Guide page 5 runs the blog's populate program from the repository root: its block runs on a
/// copy of the repository (no database yet), with `cargo` being cargo itself and
/// `cargo migrate` this cargo-migrate, as after `cargo install`.
#[test]
fn guide_page_5_runs_from_the_repository_root() {
    let _serial = SHARED_TARGET.lock().unwrap_or_else(|e| e.into_inner());
    let page = std::fs::read_to_string(repo().join("docs/guide/05-populate.md")).unwrap();
    let known = known_ids(&repo());
    let dir = tempfile::Builder::new()
        .prefix("cargo-migrate-guide-5-")
        .tempdir()
        .unwrap();
    // `cargo migrate …` is cargo-migrate, anything else cargo (the repository's alias for
    // `migrate` would build cargo-migrate again from the copy).
    let wrapper = dir.path().join("cargo");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nif [ \"$1\" = migrate ]; then exec {:?} \"$@\"; fi\nexec {cargo:?} \"$@\"\n",
            cargo_migrate().display().to_string()
        ),
    )
    .unwrap();
    let mut permissions = std::fs::metadata(&wrapper).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&wrapper, permissions).unwrap();
    let blocks: Vec<Block> = blocks(&page)
        .into_iter()
        .filter(|b| b.info == "console,repository")
        .collect();
    assert_eq!(blocks.len(), 1, "page 5's command block");
    for block in blocks {
        let name = format!("page-5-{}", block.line);
        repository(dir.path(), &name);
        run_case_with(dir.path(), &name, &block.text, &known, &wrapper);
    }
}
