//! End to end: the real `cargo-migrate` binary, run the way cargo runs it
//! (`cargo-migrate migrate <args>`, with `CARGO` set), in brand-new workspaces in temporary
//! folders. The runtime commands build the generated migrations crate against this checkout's
//! migrate-core, into one shared target folder (`<repo>/target/e2e`), so that sqlx is
//! compiled once for all tests.
//!
//! Set `KEEP_TEMP_DIR=1` to keep the temporary workspaces for debugging.

mod common;

use std::path::Path;

use common::{MYSQL, POSTGRES, ServerDatabase, Workspace, id_of, repo, write_bodies};
use migrate_graph::contract::exit;

#[test]
fn help_and_usage_errors() {
    let ws = Workspace::new();
    let help = ws.ok(&["--help"]);
    assert!(help.stdout.contains("Usage: cargo migrate"), "{help}");
    let bad = ws.run(&["revision", "--no-such-flag"]);
    assert_eq!(bad.code, i32::from(exit::USAGE), "{bad}");
}

#[test]
fn no_migrations_crate_yet() {
    let ws = Workspace::new();
    let run = ws.run(&["heads"]);
    assert_eq!(run.code, i32::from(exit::BUILD), "{run}");
    assert_eq!(
        run.stderr.trim(),
        "error: no migrations crate in this workspace (no member has [package.metadata.migrate]); create one with `cargo migrate init`"
    );
}

#[test]
fn init_adds_a_workspace_to_a_lone_package() {
    let ws = Workspace::with_manifest(
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n",
    );
    std::fs::create_dir(ws.root().join("src")).unwrap();
    std::fs::write(ws.root().join("src/main.rs"), "fn main() {}\n").unwrap();
    // A password would be written in clear into a committed file: refused, with the form to use.
    let before = ws.files();
    let clear = ws.run(&[
        "init",
        "--name",
        "db",
        "--database-url",
        "postgres://app:hunter2@localhost/app",
    ]);
    assert_eq!(clear.code, i32::from(exit::USAGE), "{clear}");
    assert_eq!(
        clear.stderr,
        "error: --database-url holds a password, which `init` would write in clear into \
         db/Cargo.toml (a committed file, compiled into the binary); put the values in .env and \
         pass --database-url 'postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@localhost/app'\n",
        "{clear}"
    );
    // The root package's own name would make two packages `app`.
    let clash = ws.run(&["init", "--name", "app"]);
    assert_eq!(clash.code, i32::from(exit::USAGE), "{clash}");
    assert!(
        clash
            .stderr
            .starts_with("error: the workspace already has a package named `app` (")
            && clash.stderr.ends_with(
                "Cargo.toml); choose another name with `cargo migrate init --name <name>`\n"
            ),
        "{clash}"
    );
    assert!(before == ws.files(), "nothing written: {clash}");
    let placeholders = "postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@localhost/app";
    let init = ws.ok(&["init", "--name", "db", "--database-url", placeholders]);
    assert!(init.stderr.contains(placeholders), "{init}");
    // The member, and the production profile the README's "In production" builds with.
    let manifest = ws.read("Cargo.toml");
    assert!(
        manifest.ends_with(
            "\n[workspace]\nmembers = [\"db\"]\n\n\
             # The migrations binary for production: cargo build --profile migrations -p db\n\
             [profile.migrations]\ninherits = \"release\"\nlto = \"fat\"\ncodegen-units = 1\n"
        ),
        "{manifest}"
    );
    assert!(
        init.stderr.contains(
            "Adding [profile.migrations] for the production build (`cargo build --profile migrations -p db`)"
        ),
        "{init}"
    );
    let db = ws.read("db/Cargo.toml");
    assert!(
        db.contains(&format!("database-url = \"{placeholders}\"\n")),
        "{db}"
    );
    // migrate-core by a relative path, which a teammate's clone resolves too.
    let dependency = db
        .lines()
        .find(|l| l.starts_with("migrate-core = "))
        .unwrap();
    assert!(
        dependency.starts_with("migrate-core = { path = \"../")
            && dependency.ends_with("/migrate-core\" }"),
        "{dependency}"
    );
    let ignored = ws.read("db/.gitignore");
    for pattern in [
        "*.db",
        "*.db.migrate-lock",
        "*.db-journal",
        "*.db-wal",
        "*.db-shm",
    ] {
        assert!(
            ignored.lines().any(|l| l == pattern),
            "{pattern}: {ignored}"
        );
    }
    assert!(ws.read("db/src/main.rs").contains("db::MIGRATIONS"));
    // The crate is found; it has no revision yet.
    let heads = ws.ok(&["heads"]);
    assert_eq!(heads.stdout, "", "{heads}");
    let bad = ws.run(&["revision", "-m", "x", "--rev-id", "Not-An-Id"]);
    assert_eq!(bad.code, i32::from(exit::USAGE), "{bad}");
    assert!(
        bad.stderr
            .starts_with("error: malformed revision id \"Not-An-Id\""),
        "{bad}"
    );

    // --rev-id, --head and --splice
    ws.ok(&["revision", "-m", "one", "--rev-id", "aaaa0001"]);
    ws.ok(&["revision", "-m", "two", "--rev-id", "bbbb0002"]);
    let taken = ws.run(&["revision", "--rev-id", "aaaa0001"]);
    assert_eq!(taken.code, i32::from(exit::USAGE), "{taken}");
    let not_head = ws.run(&["revision", "-m", "side", "--head", "aaaa"]);
    assert_eq!(not_head.code, i32::from(exit::USAGE), "{not_head}");
    assert!(not_head.stderr.contains("--splice"), "{not_head}");
    let side = ws
        .ok(&["revision", "-m", "side", "--head", "aaaa", "--splice"])
        .created();
    assert!(ws.read(&side).contains("down_revision = \"aaaa0001\""));
    let one_head = ws.run(&["merge", "aaaa0001"]);
    assert_eq!(one_head.code, i32::from(exit::USAGE), "{one_head}");
    assert!(
        one_head.stderr.starts_with("error: nothing to merge"),
        "{one_head}"
    );
}

#[test]
fn init_revision_history_upgrade_downgrade_and_a_broken_graph() {
    let ws = Workspace::new();

    // init
    ws.ok(&["init"]);
    assert_eq!(
        ws.read("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"migrations\"]\n\n\
         # The migrations binary for production: cargo build --profile migrations -p migrations\n\
         [profile.migrations]\ninherits = \"release\"\nlto = \"fat\"\ncodegen-units = 1\n"
    );
    let manifest = ws.read("migrations/Cargo.toml");
    assert!(manifest.contains("name = \"migrations\"\n"), "{manifest}");
    assert!(manifest.contains("edition = \"2024\"\n"), "{manifest}");
    assert!(manifest.contains("publish = false\n"), "{manifest}");
    assert!(
        manifest.contains(
            "[package.metadata.migrate]\ndatabase-url = \"sqlite:migrations.db?mode=rwc\"\n# version-table = \"alembic_version\"\n"
        ),
        "{manifest}"
    );
    // migrate-core by a path relative to the crate, which resolves to this checkout.
    let dependency = manifest
        .lines()
        .find_map(|l| l.strip_prefix("migrate-core = { path = \""))
        .and_then(|l| l.strip_suffix("\" }"))
        .unwrap_or_else(|| panic!("{manifest}"));
    assert!(Path::new(dependency).is_relative(), "{manifest}");
    assert_eq!(
        ws.root()
            .join("migrations")
            .join(dependency)
            .canonicalize()
            .unwrap(),
        repo().join("migrate-core").canonicalize().unwrap()
    );
    assert!(
        ws.read("migrations/build.rs")
            .contains("cargo::rerun-if-changed=src/versions")
    );
    assert!(
        ws.read("migrations/src/lib.rs")
            .contains("migrate_core::include_versions!(\"src/versions\");")
    );
    assert!(
        ws.read("migrations/src/main.rs")
            .contains("migrate_core::cli::main(migrations::MIGRATIONS)")
    );
    assert!(ws.root().join("migrations/src/versions").is_dir());

    let again = ws.run(&["init"]);
    assert_eq!(again.code, i32::from(exit::USAGE), "{again}");
    assert!(
        again.stderr.starts_with("error: ") && again.stderr.contains("already exists"),
        "{again}"
    );

    // three revisions, each on top of the previous one
    let first = ws.ok(&["revision", "-m", "create user"]).created();
    let second = ws.ok(&["revision", "-m", "add account"]).created();
    let third = ws.ok(&["revision", "-m", "add email"]).created();
    let (a, b, c) = (id_of(&first), id_of(&second), id_of(&third));
    for id in [&a, &b, &c] {
        assert_eq!(id.len(), 12);
        assert!(
            id.chars()
                .all(|ch| ch.is_ascii_hexdigit() && !ch.is_ascii_uppercase())
        );
    }
    assert_eq!(first, format!("migrations/src/versions/{a}_create_user.rs"));
    let text = ws.read(&first);
    assert!(text.starts_with(&format!(
        "//! create user\n//!\n//! Revision ID: {a}\n//! Revises:\n//! Create Date: "
    )));
    assert!(text.contains(&format!(
        "#[migration(revision = \"{a}\", down_revision = None, message = \"create user\")]\npub struct CreateUser;\n"
    )));
    assert!(ws.read(&second).contains(&format!(
        "#[migration(\n    revision = \"{b}\",\n    down_revision = \"{a}\",\n    message = \"add account\"\n)]\npub struct AddAccount;\n"
    )));
    assert!(
        ws.read(&third)
            .contains(&format!("down_revision = \"{b}\""))
    );
    // Written bodies (a generated one fails until it is written).
    for file in [&first, &second, &third] {
        write_bodies(&ws, file, "SELECT 1", "SELECT 1");
    }

    // heads and history, from the sources
    assert_eq!(ws.ok(&["heads"]).stdout_lines(), [format!("{c} (head)")]);
    assert_eq!(
        ws.ok(&["history"]).stdout_lines(),
        [
            format!("{b} -> {c} (head), add email"),
            format!("{a} -> {b}, add account"),
            format!("<base> -> {a}, create user"),
        ]
    );
    let verbose = ws.ok(&["history", "-v"]);
    assert!(
        verbose.stdout.starts_with(&format!(
            "Rev: {c} (head)\nParent: {b}\nPath: migrations/src/versions/{c}_add_email.rs\n\n    add email\n\n    Revision ID: {c}\n    Revises: {b}\n    Create Date: "
        )),
        "{verbose}"
    );
    assert_eq!(
        ws.ok(&["history", "-r", &format!("{a}:{b}")])
            .stdout_lines(),
        [
            format!("{a} -> {b}, add account"),
            format!("<base> -> {a}, create user")
        ]
    );

    // the database: upgrade, downgrade, relative upgrade
    let db = ws.root().join("app.db");
    let url = format!("sqlite:{}?mode=rwc", db.display());
    let with_db = |args: &[&str]| {
        let mut all = vec!["--database-url", url.as_str()];
        all.extend_from_slice(args);
        ws.ok(&all)
    };
    let current = |expected: &[String]| {
        let run = with_db(&["current"]);
        let ids: Vec<&str> = run
            .stdout
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        assert_eq!(ids, expected, "{run}");
    };
    with_db(&["upgrade", "head"]);
    current(std::slice::from_ref(&c));
    with_db(&["downgrade", "base"]);
    current(&[]);
    with_db(&["upgrade", "+2"]);
    current(std::slice::from_ref(&b));
    with_db(&["downgrade", "-1"]);
    current(std::slice::from_ref(&a));
    with_db(&["upgrade", "head"]);
    current(std::slice::from_ref(&c));

    // the integrity commands, forwarded with their flags (cargo's -p still parsed anywhere)
    let dry = with_db(&["downgrade", "-1", "--dry-run", "-p", "migrations"]);
    assert!(
        dry.stdout
            .contains(&format!("-- dry run: the database is at {c}")),
        "{dry}"
    );
    assert!(
        dry.stdout
            .contains(&format!("-- Running downgrade {c} -> {b}, add email")),
        "{dry}"
    );
    current(std::slice::from_ref(&c));
    let check = with_db(&["check"]);
    assert!(check.stderr.contains("ok: the database is at"), "{check}");
    let log = with_db(&["log", "-n", "1", "--format", "json"]);
    assert!(
        log.stdout
            .contains(&format!("\"revision\":\"{c}\",\"direction\":\"upgrade\"")),
        "{log}"
    );
    with_db(&["stamp", &a]);
    current(std::slice::from_ref(&a));
    let offline = ws.ok(&["upgrade", "head", "--sql", "--dialect", "postgres"]);
    assert!(
        offline
            .stdout
            .contains("CREATE TABLE IF NOT EXISTS \"alembic_version\""),
        "{offline}"
    );
    with_db(&["upgrade", "head"]);
    current(std::slice::from_ref(&c));

    // a second revision with the same parent, written by hand: two heads
    let other = "0badc0ffee00";
    std::fs::write(
        ws.root()
            .join(format!("migrations/src/versions/{other}_other_branch.rs")),
        ws.read(&third)
            .replace(&c, other)
            .replace("add email", "other branch")
            .replace("AddEmail", "OtherBranch"),
    )
    .unwrap();
    let heads = ws.ok(&["heads"]);
    let mut expected = vec![format!("{other} (head)"), format!("{c} (head)")];
    expected.sort();
    assert_eq!(heads.stdout_lines(), expected, "{heads}");
    assert!(heads.stderr.contains("warning: "), "{heads}");

    let upgrade = ws.run(&["--database-url", &url, "upgrade", "head"]);
    assert_eq!(upgrade.code, i32::from(exit::BUILD), "{upgrade}");
    assert!(
        upgrade.stderr.to_lowercase().contains("multiple heads"),
        "{upgrade}"
    );
    assert!(
        upgrade
            .stderr
            .contains("error: could not build the migrations crate `migrations`"),
        "{upgrade}"
    );

    let refused = ws.run(&["revision", "-m", "more"]);
    assert_eq!(refused.code, i32::from(exit::GRAPH), "{refused}");
    assert!(
        refused.stderr.contains("multiple heads are present"),
        "{refused}"
    );

    // merge them, and the crate builds again
    let merge = ws.ok(&["merge", "heads", "-m", "merge branches"]).created();
    let m = id_of(&merge);
    let merge_text = ws.read(&merge);
    let mut parents = [c.clone(), other.to_owned()];
    parents.sort();
    assert!(
        merge_text.contains(&format!(
            "down_revision = (\"{}\", \"{}\")",
            parents[0], parents[1]
        )),
        "{merge_text}"
    );
    assert_eq!(ws.ok(&["heads"]).stdout_lines(), [format!("{m} (head)")]);
    assert_eq!(
        ws.ok(&["history"]).stdout_lines()[0],
        format!(
            "{}, {} -> {m} (head) (mergepoint), merge branches",
            parents[0], parents[1]
        )
    );
    with_db(&["upgrade", "head"]);
    current(std::slice::from_ref(&m));
}

/// The source-only commands on a graph with two roots, a labelled branch, a `depends_on`, a
/// fork and a labelled merge: nothing is built, no database is touched.
#[test]
fn graph_branches_show_and_labels_from_the_sources() {
    let ws = Workspace::new();
    ws.ok(&["init"]);
    ws.ok(&["revision", "-m", "create user", "--rev-id", "a1"]);
    ws.ok(&["revision", "-m", "add account", "--rev-id", "b2"]);
    // A second root, labelled, depending on a1.
    let run = ws.ok(&[
        "revision",
        "-m",
        "audit log",
        "--rev-id",
        "c3",
        "--head",
        "base",
        "--branch-label",
        "audit",
        "--depends-on",
        "a1",
    ]);
    let file = ws.read(&format!(
        "migrations/{}",
        run.created().trim_start_matches("migrations/")
    ));
    assert!(
        file.contains(
            "#[migration(\n    revision = \"c3\",\n    down_revision = None,\n    depends_on = \"a1\",\n    branch_label = \"audit\",\n    message = \"audit log\"\n)]"
        ),
        "{file}"
    );
    // On the labelled branch by `audit@head`, and a fork from a1 by --splice.
    ws.ok(&[
        "revision",
        "-m",
        "audit index",
        "--rev-id",
        "d4",
        "--head",
        "audit@head",
    ]);
    ws.ok(&[
        "revision", "-m", "add team", "--rev-id", "e5", "--head", "a1", "--splice",
    ]);

    // d4 inherits `audit` from c3, as in Alembic's text and in the JSON.
    let heads = ws.ok(&["heads"]);
    assert_eq!(
        heads.stdout_lines(),
        ["b2 (head)", "d4 (audit) (head)", "e5 (head)"]
    );
    let history = ws.ok(&["history"]);
    assert!(
        history
            .stdout_lines()
            .contains(&"c3 -> d4 (audit) (head), audit index"),
        "{history}"
    );
    let json = ws.ok(&["heads", "--format", "json"]);
    assert!(
        json.stdout.contains(r#""branch_labels":["audit"]"#),
        "{json}"
    );

    let branches = ws.ok(&["branches"]);
    assert_eq!(
        branches.stdout_lines(),
        ["a1 (branchpoint)", "   -> b2 (head)", "   -> e5 (head)"]
    );
    let json = ws.ok(&["branches", "--format", "json"]);
    assert!(
        json.stdout
            .starts_with(r#"{"schema":1,"revisions":[{"revision":"a1","down_revisions":[],"#),
        "{json}"
    );
    assert!(json.stdout.contains(r#""children":["b2","e5"]"#), "{json}");

    // Merging every head, with a label.
    ws.ok(&[
        "merge",
        "heads",
        "-m",
        "join",
        "--rev-id",
        "f6",
        "--branch-label",
        "main",
    ]);
    let merged = ws.read("migrations/src/versions/f6_join.rs");
    assert!(
        merged.contains("down_revision = (\"b2\", \"d4\", \"e5\"),\n    branch_label = \"main\""),
        "{merged}"
    );
    let taken = ws.run(&["revision", "-m", "x", "--branch-label", "main"]);
    assert_eq!(taken.code, i32::from(exit::USAGE), "{taken}");
    assert!(
        taken
            .stderr
            .contains("invalid --branch-label \"main\": already used by"),
        "{taken}"
    );

    let show = ws.ok(&["show", "main@head"]);
    assert!(
        show.stdout
            .starts_with("Rev: f6 (head) (mergepoint)\nMerges: b2, d4, e5\n"),
        "{show}"
    );
    let show = ws.ok(&["show", "b2-1", "--format", "json"]);
    assert!(
        show.stdout
            .starts_with(r#"{"schema":1,"revisions":[{"revision":"a1","#),
        "{show}"
    );
    let merge_walk = ws.run(&["show", "f6-1"]);
    assert_eq!(merge_walk.code, i32::from(exit::USAGE), "{merge_walk}");
    assert!(
        merge_walk.stderr.contains("is a merge (b2, d4, e5)"),
        "{merge_walk}"
    );
    let unknown = ws.run(&["show", "zz"]);
    assert_eq!(unknown.code, i32::from(exit::USAGE), "{unknown}");
    assert!(
        unknown
            .stderr
            .contains("can't locate revision identified by \"zz\""),
        "{unknown}"
    );

    let graph = ws.ok(&["graph"]);
    assert_eq!(
        graph.stdout,
        "*     f6 (main) (head) (mergepoint), join\n\
         |\\ \\\n\
         * | | b2, add account\n\
         | * | d4, audit index\n\
         | * | c3 (audit) (depends on a1), audit log\n\
         |  /\n\
         | * e5, add team\n\
         |/\n\
         * a1 (branchpoint), create user\n",
        "{graph}"
    );
    let dot = ws.ok(&["graph", "--format", "dot"]);
    assert!(
        dot.stdout
            .contains("    \"a1\" -> \"c3\" [style=dashed, label=\"depends_on\"];"),
        "{dot}"
    );
    assert!(dot.stdout.contains("    \"e5\" -> \"f6\";"), "{dot}");
    let mermaid = ws.ok(&["graph", "--format", "mermaid"]);
    assert!(mermaid.stdout.starts_with("flowchart BT\n"), "{mermaid}");
    assert!(mermaid.stdout.contains("    r_b2 --> r_f6\n"), "{mermaid}");
    let json = ws.ok(&["graph", "--format", "json"]);
    assert!(
        json.stdout
            .contains(r#""heads":["f6"],"bases":["a1","c3"]"#),
        "{json}"
    );

    let range = ws.ok(&["history", "-r", "a1:b2"]);
    assert_eq!(
        range.stdout_lines(),
        [
            "a1 -> b2, add account",
            "<base> -> a1 (branchpoint), create user"
        ]
    );
    let resolved = ws.ok(&["heads", "--resolve-dependencies", "--format", "json"]);
    assert!(resolved.stdout.contains(r#""revision":"f6""#), "{resolved}");

    // edit: $EDITOR receives the file; without one, a clear error.
    let edit = ws
        .command(&["edit", "d4"])
        .env("EDITOR", "echo edited")
        .output()
        .unwrap();
    assert!(edit.status.success());
    assert_eq!(
        String::from_utf8_lossy(&edit.stdout).trim(),
        format!(
            "edited {}",
            ws.root()
                .join("migrations/src/versions/d4_audit_index.rs")
                .display()
        )
    );
    let none = ws.command(&["edit", "d4"]).output().unwrap();
    assert_eq!(none.status.code(), Some(i32::from(exit::USAGE)));
    assert!(String::from_utf8_lossy(&none.stderr).contains("no editor to open"));
}

/// A generated revision fails until its bodies are written, and nothing is marked applied;
/// files in sub-folders of src/versions count, for the sources and for the compiler alike; ids
/// in Alembic's style (`0001_Initial`) are taken as they are. On SQLite and PostgreSQL here,
/// on MariaDB in [`unwritten_bodies_on_mariadb`].
#[test]
fn unwritten_bodies_sub_folders_and_alembic_ids() {
    let (ws, second) = unwritten_workspace();
    let sqlite = format!("sqlite:{}?mode=rwc", ws.root().join("app.db").display());
    unwritten_bodies_on(&ws, &second, &sqlite);
    on_server(&ws, &second, POSTGRES);
}

/// The same on MariaDB, which commits DDL as it goes: an unwritten body ran no statement, so
/// the revision must not be left half-applied either.
#[test]
fn unwritten_bodies_on_mariadb() {
    let (ws, second) = unwritten_workspace();
    on_server(&ws, &second, MYSQL);
}

/// [`unwritten_bodies_on`] in a database of its own on the server `admin`, from the generated
/// text of `second`.
fn on_server(ws: &Workspace, second: &(String, String), admin: &str) {
    let database = ServerDatabase::create(admin);
    unwritten_bodies_on(ws, second, &database.url);
}

/// A workspace with two revisions: `0001_Initial` (written, moved into a sub-folder) and
/// `AddPrice_02` (as generated), whose file and generated text are returned.
fn unwritten_workspace() -> (Workspace, (String, String)) {
    let ws = Workspace::new();
    ws.ok(&["init"]);
    let first = ws
        .ok(&["revision", "-m", "create item", "--rev-id", "0001_Initial"])
        .created();
    assert_eq!(first, "migrations/src/versions/0001_Initial_create_item.rs");
    let text = ws.read(&first);
    assert!(
        text.contains("        let _ = op;\n        Err(Error::UnwrittenUpgrade)\n")
            && text.contains("        let _ = op;\n        Err(Error::UnwrittenDowngrade)\n"),
        "{text}"
    );
    write_bodies(
        &ws,
        &first,
        "CREATE TABLE item (id INTEGER)",
        "DROP TABLE item",
    );
    // Moved into a sub-folder: still the parent of the next revision, and still compiled.
    std::fs::create_dir_all(ws.root().join("migrations/src/versions/2026/q4")).unwrap();
    let moved = "migrations/src/versions/2026/q4/0001_Initial_create_item.rs";
    std::fs::rename(ws.root().join(&first), ws.root().join(moved)).unwrap();
    assert_eq!(ws.ok(&["heads"]).stdout_lines(), ["0001_Initial (head)"]);
    let second = ws
        .ok(&["revision", "-m", "add price", "--rev-id", "AddPrice_02"])
        .created();
    assert!(
        ws.read(&second)
            .contains("down_revision = \"0001_Initial\""),
        "{second}"
    );

    let generated = ws.read(&second);
    (ws, (second, generated))
}

/// The unwritten-body checks of [`unwritten_bodies_sub_folders_and_alembic_ids`] on `url`.
fn unwritten_bodies_on(ws: &Workspace, (second, generated): &(String, String), url: &str) {
    // From the generated text of `second`, whatever an earlier database left in it.
    std::fs::write(ws.root().join(second), generated).unwrap();
    let second = second.to_owned();
    let run = |args: &[&str]| {
        let mut all = vec!["--database-url", url];
        all.extend_from_slice(args);
        ws.run(&all)
    };
    let current = || {
        let run = run(&["current"]);
        assert_eq!(run.code, 0, "{run}");
        run.stdout
            .lines()
            .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
            .collect::<Vec<_>>()
    };
    // Refused with exit MIGRATION and `message` as the one error line.
    let fails = |args: &[&str], message: &str| {
        let run = run(args);
        assert_eq!(run.code, i32::from(exit::MIGRATION), "{run}");
        let errors: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| l.starts_with("error:"))
            .collect();
        assert_eq!(errors, [format!("error: {message}")], "{run}");
    };
    // The unwritten upgrade fails after the first revision ran; it is not marked applied.
    fails(
        &["upgrade", "head"],
        "revision AddPrice_02 has an empty upgrade; write it or delete the file",
    );
    assert_eq!(current(), ["0001_Initial"]);

    write_bodies(
        ws,
        &second,
        "ALTER TABLE item ADD COLUMN price INTEGER",
        "SELECT 1",
    );
    // Only the upgrade is written now: the downgrade still fails, and stays where it was.
    let text = ws.read(&second).replace(
        "op.execute(\"SELECT 1\").await",
        "Err(Error::UnwrittenDowngrade)",
    );
    std::fs::write(ws.root().join(&second), text).unwrap();
    let up = run(&["upgrade", "head"]);
    assert_eq!(up.code, 0, "{up}");
    assert_eq!(current(), ["AddPrice_02"]);
    fails(
        &["downgrade", "-1"],
        "revision AddPrice_02 has an empty downgrade; write it or delete the file",
    );
    assert_eq!(current(), ["AddPrice_02"]);
    // The offline script refuses it too, rather than printing a script that does nothing.
    let sql = run(&["downgrade", "AddPrice_02:0001_Initial", "--sql"]);
    assert_eq!(sql.code, i32::from(exit::MIGRATION), "{sql}");
    assert!(
        sql.stderr
            .contains("revision AddPrice_02 has an empty downgrade; write it or delete the file"),
        "{sql}"
    );
}

/// `completions <shell>` is answered by cargo-migrate alone: outside any workspace, nothing
/// built or written; and the bash script completes commands and their flags for
/// `cargo-migrate migrate …`, the command cargo runs.
#[test]
fn completions_need_no_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let run = |shell: &str| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_cargo-migrate"))
            .args(["migrate", "completions", shell])
            .current_dir(dir.path())
            .env("CARGO", "/nonexistent/cargo")
            .output()
            .unwrap();
        common::Run::new(&["completions", shell], output)
    };
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = run(shell);
        assert_eq!(script.code, 0, "{script}");
        assert_eq!(script.stderr, "", "{script}");
        for word in ["upgrade", "downgrade", "rev-id", "database-url"] {
            assert!(script.stdout.contains(word), "{shell}: no {word}");
        }
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
    let script = dir.path().join("cargo-migrate.bash");
    std::fs::write(&script, run("bash").stdout).unwrap();
    let complete = |words: &[&str]| -> Vec<String> {
        let line = format!(
            "source {}; COMP_WORDS=({}); COMP_CWORD={}; \
             f=$(complete -p cargo-migrate | sed 's/.*-F \\([^ ]*\\).*/\\1/'); \
             $f cargo-migrate \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; \
             printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            script.display(),
            words.join(" "),
            words.len() - 1
        );
        let output = std::process::Command::new("bash")
            .args(["-c", &line])
            .output()
            .expect("bash runs");
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(complete(&["cargo-migrate", "migrate", "upg"]), ["upgrade"]);
    assert_eq!(
        complete(&["cargo-migrate", "migrate", "upgrade", "--s"]),
        ["--sql", "--single-transaction"]
    );
    assert_eq!(
        complete(&["cargo-migrate", "migrate", "revision", "--rev"]),
        ["--rev-id"]
    );
}

#[test]
fn init_with_models_depends_on_the_app_and_links_it() {
    let ws = Workspace::with_manifest(
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n",
    );
    std::fs::create_dir(ws.root().join("src")).unwrap();
    std::fs::write(ws.root().join("src/lib.rs"), "//! The app.\n").unwrap();
    let unknown = ws.run(&["init", "--models", "nope"]);
    assert_eq!(unknown.code, i32::from(exit::USAGE), "{unknown}");
    assert_eq!(
        unknown.stderr,
        "error: `--models nope` names no library package of the workspace; the packages with a \
         library are: app; pass the one whose #[derive(Model)] structs declare the tables\n",
        "{unknown}"
    );
    assert!(!ws.root().join("migrations").exists(), "{unknown}");
    let init = ws.ok(&["init", "--models", "app"]);
    assert!(
        init.stderr
            .contains("Linking the models of `app` into `migrations`"),
        "{init}"
    );
    let manifest = ws.read("migrations/Cargo.toml");
    assert!(
        manifest.ends_with("\napp = { path = \"..\" }\n"),
        "{manifest}"
    );
    let main = ws.read("migrations/src/main.rs");
    assert!(main.contains("\nuse app as _;\n"), "{main}");
}
