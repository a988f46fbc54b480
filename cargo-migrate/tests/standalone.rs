//! The migrations binary run alone, as in production: which URL it takes and says it takes, and
//! that it never falls back to the development URL of `[package.metadata.migrate]` unless that
//! table says `embed-database-url = true` (issue 8, items 1 and 2). `cargo migrate` still uses
//! that URL. Each test builds a brand-new workspace into the shared `target/e2e`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Run, Workspace, repo};
use migrate_graph::contract::exit;

const REVISION: &str = r#"//! create thing

use migrate_core::prelude::*;

#[migration(revision = "5a1e00000001", down_revision = None, message = "create thing")]
pub struct CreateThing;

impl Migration for CreateThing {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_table(Table::create().table("thing").col(pk_auto("id"))).await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_table(Table::drop().table("thing")).await
    }
}
"#;

/// A workspace with a migrations crate of one revision, built by `cargo migrate upgrade head`
/// (through the metadata URL); returns it and the built binary.
fn built() -> (Workspace, PathBuf) {
    let ws = Workspace::new();
    ws.ok(&["init"]);
    std::fs::write(
        ws.root()
            .join("migrations/src/versions/5a1e00000001_create_thing.rs"),
        REVISION,
    )
    .unwrap();
    let up = ws.ok(&["upgrade", "head"]);
    let db = ws.root().join("migrations/migrations.db");
    assert!(
        up.stderr.contains(&format!(
            "       Using sqlite:{}?mode=rwc (from [package.metadata.migrate])\n",
            db.display()
        )),
        "cargo migrate uses the metadata URL, and says so: {up}"
    );
    assert!(db.exists(), "{up}");
    let binary = repo().join("target/e2e/debug/migrations");
    assert!(binary.exists(), "{}", binary.display());
    (ws, binary)
}

/// The binary alone, in `dir`, with no variable of cargo migrate's and only `env`.
fn alone(binary: &Path, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(binary);
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("DATABASE_URL")
        .env_remove("CARGO_MIGRATE_CONTRACT")
        .env_remove("CARGO_MIGRATE_METADATA_URL_OK")
        .env_remove("CARGO_MIGRATE_URL_FROM");
    for (key, value) in env {
        command.env(key, value);
    }
    Run::new(args, command.output().expect("the binary runs"))
}

#[test]
fn the_binary_alone_refuses_the_development_url_unless_embedded() {
    let (ws, binary) = built();
    let elsewhere = tempfile::tempdir().unwrap();

    // Production: no URL given. It refuses, naming the three ways, and creates nothing.
    let refused = alone(&binary, elsewhere.path(), &["upgrade", "head"], &[]);
    assert_eq!(refused.code, i32::from(exit::USAGE), "{refused}");
    assert_eq!(
        refused.stderr,
        "error: no database URL: pass --database-url, set DATABASE_URL, or put DATABASE_URL=… in a .env file. The database-url in [package.metadata.migrate] is a development default, which this binary does not use when it runs alone (cargo migrate does); to embed it, set embed-database-url = true there\n"
    );
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);

    // Each of the three ways works, and the `Using` line names it.
    let url = format!(
        "sqlite:{}?mode=rwc",
        elsewhere.path().join("prod.db").display()
    );
    let from_env = alone(
        &binary,
        elsewhere.path(),
        &["current"],
        &[("DATABASE_URL", &url)],
    );
    assert_eq!(from_env.code, 0, "{from_env}");
    assert!(
        from_env
            .stderr
            .starts_with(&format!("       Using {url} (from DATABASE_URL)\n")),
        "{from_env}"
    );
    let forwarded = alone(
        &binary,
        elsewhere.path(),
        &["current"],
        &[
            ("DATABASE_URL", &url),
            ("CARGO_MIGRATE_URL_FROM", "--database-url"),
        ],
    );
    assert!(
        forwarded
            .stderr
            .starts_with(&format!("       Using {url} (from --database-url)\n")),
        "{forwarded}"
    );
    let flag = alone(
        &binary,
        elsewhere.path(),
        &["current", "--database-url", &url],
        &[],
    );
    assert!(
        flag.stderr
            .starts_with(&format!("       Using {url} (from --database-url)\n")),
        "{flag}"
    );
    let quiet = alone(
        &binary,
        elsewhere.path(),
        &["current", "-q"],
        &[("DATABASE_URL", &url)],
    );
    assert!(!quiet.stderr.contains("Using"), "{quiet}");
    let json = alone(
        &binary,
        elsewhere.path(),
        &["current", "--format", "json"],
        &[("DATABASE_URL", &url)],
    );
    assert!(json.stdout.starts_with("{\"schema\":1"), "{json}");
    assert!(!json.stdout.contains("Using"), "{json}");

    let dotenv = elsewhere.path().join(".env");
    std::fs::write(&dotenv, format!("# production\nDATABASE_URL={url}\n")).unwrap();
    let nested = elsewhere.path().join("deploy");
    std::fs::create_dir(&nested).unwrap();
    let from_file = alone(&binary, &nested, &["upgrade", "head"], &[]);
    assert_eq!(from_file.code, 0, "{from_file}");
    assert!(
        from_file
            .stderr
            .starts_with(&format!("       Using {url} (from {})\n", dotenv.display())),
        "{from_file}"
    );

    // A .env that does not parse is an error naming the file and the line, never a fallback.
    std::fs::write(
        &dotenv,
        format!("# production\nAPP_NAME=my app's \"x\nDATABASE_URL={url}\n"),
    )
    .unwrap();
    let broken = alone(&binary, &nested, &["current"], &[]);
    assert_eq!(broken.code, i32::from(exit::USAGE), "{broken}");
    assert!(
        broken.stderr.starts_with(&format!(
            "error: cannot parse {}, line 2: `APP_NAME=my app's \"x`",
            dotenv.display()
        )) && broken.stderr.contains("write NAME=value"),
        "{broken}"
    );
    std::fs::write(&dotenv, b"DATABASE_URL=\xff\xfe\n").unwrap();
    let unreadable = alone(&binary, &nested, &["current"], &[]);
    assert_eq!(unreadable.code, i32::from(exit::USAGE), "{unreadable}");
    assert!(
        unreadable
            .stderr
            .starts_with(&format!("error: cannot read {}: ", dotenv.display())),
        "{unreadable}"
    );
    std::fs::remove_file(&dotenv).unwrap();

    // With embed-database-url = true, the binary alone uses the metadata URL, and says so.
    let manifest = ws.root().join("migrations/Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        text.replace(
            "[package.metadata.migrate]\n",
            "[package.metadata.migrate]\nembed-database-url = true\n",
        ),
    )
    .unwrap();
    ws.ok(&["current"]);
    let embedded = alone(&binary, elsewhere.path(), &["current"], &[]);
    assert_eq!(embedded.code, 0, "{embedded}");
    let db = ws.root().join("migrations/migrations.db");
    assert!(
        embedded.stderr.starts_with(&format!(
            "       Using sqlite:{}?mode=rwc (from [package.metadata.migrate])\n",
            db.display()
        )),
        "{embedded}"
    );
    assert_eq!(embedded.stdout, "5a1e00000001 (head)\n", "{embedded}");
}

/// A revision file: `id`, its parent, and the rest of the attribute.
fn revision_file(id: &str, parent: &str, extra: &str) -> String {
    let down = if parent.is_empty() {
        "None".to_string()
    } else {
        format!("\"{parent}\"")
    };
    format!(
        "//! rev {id}\n\nuse migrate_core::prelude::*;\n\n#[migration(revision = \"{id}\", down_revision = {down}, message = \"rev {id}\"{extra})]\npub struct Rev;\n\nimpl Migration for Rev {{\n    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {{\n        op.execute(\"SELECT 1\").await\n    }}\n}}\n"
    )
}

/// In production there are no sources: the binary answers `branches` and
/// `heads --resolve-dependencies` as `cargo migrate` does from the sources.
#[test]
fn the_binary_answers_branches_and_resolved_heads_as_cargo_migrate_does() {
    let ws = Workspace::new();
    ws.ok(&["init"]);
    let versions = ws.root().join("migrations/src/versions");
    for (file, id, parent, extra) in [
        ("b1_root.rs", "b1b100000001", "", ""),
        (
            "b2_billing.rs",
            "b2b200000002",
            "b1b100000001",
            ", branch_label = \"billing\"",
        ),
        (
            "b3_audit.rs",
            "b3b300000003",
            "b1b100000001",
            ", branch_label = \"audit\", depends_on = \"b2b200000002\"",
        ),
    ] {
        std::fs::write(versions.join(file), revision_file(id, parent, extra)).unwrap();
    }
    ws.ok(&["current"]);
    let binary = repo().join("target/e2e/debug/migrations");
    let elsewhere = tempfile::tempdir().unwrap();
    for args in [
        &["branches"][..],
        &["branches", "--format", "json"],
        &["heads"],
        &["heads", "--resolve-dependencies"],
        &["heads", "--resolve-dependencies", "--format", "json"],
    ] {
        let from_sources = ws.ok(args);
        let alone = alone(&binary, elsewhere.path(), args, &[]);
        assert_eq!(alone.code, 0, "{alone}");
        assert_eq!(alone.stdout, from_sources.stdout, "{alone}\n{from_sources}");
    }
    let branches = ws.ok(&["branches"]);
    assert!(
        branches.stdout.starts_with("b1b100000001 (branchpoint)")
            && branches.stdout.contains(" -> b2b200000002"),
        "{branches}"
    );
    let resolved = ws.ok(&["heads", "--resolve-dependencies"]);
    assert_eq!(resolved.stdout.lines().count(), 1, "{resolved}");
    assert!(resolved.stdout.starts_with("b3b300000003"), "{resolved}");
}
